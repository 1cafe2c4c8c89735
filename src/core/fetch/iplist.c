#include "config.h"

#include <arpa/inet.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "trunkwiz/fetch.h"
#include "trunkwiz/net.h"

/* A list of a million bad lines should not become a million warnings. */
#define MAX_REPORTED 50
#define SHOWN_MAX 60

static const char *const format_names[] = { "text", "csv", "json" };

int tw_iplist_format_parse(const char *s)
{
	size_t i;

	for (i = 0; s && i < TW_ARRAY_LEN(format_names); i++)
		if (strcmp(s, format_names[i]) == 0)
			return (int)i;
	return -1;
}

const char *tw_iplist_format_name(enum tw_iplist_format f)
{
	return (size_t)f < TW_ARRAY_LEN(format_names) ? format_names[f] : "?";
}

static bool json_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-';
}

const char *tw_iplist_select_error(enum tw_iplist_format f, const char *select)
{
	const char *p;

	if (!select || !*select)
		return NULL;
	switch (f) {
	case TW_IPLIST_TEXT:
		return "a text list has nothing to select";
	case TW_IPLIST_CSV:
		if (strlen(select) > 2 || select[0] < '1' || select[0] > '9' ||
		    (select[1] && (select[1] < '0' || select[1] > '9')))
			return "for CSV, select the column by its number (1-99)";
		return NULL;
	case TW_IPLIST_JSON:
		for (p = select; *p; p++) {
			if (*p == '.' && (p == select || p[1] == '.' || p[1] == '\0'))
				return "for JSON, select object keys joined by '.', e.g. inbound.signaling";
			if (*p != '.' && !json_key_char(*p))
				return "JSON keys in select may hold letters, digits, '_' and '-'";
		}
		return NULL;
	}
	return "unknown format";
}

void tw_iplist_init(struct tw_iplist *l)
{
	l->v = NULL;
	l->n = 0;
}

void tw_iplist_free(struct tw_iplist *l)
{
	tw_strv_free(&l->v, l->n);
	l->n = 0;
}

static void push(struct tw_iplist *l, const char *s)
{
	l->v = tw_xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n++] = tw_xstrdup(s);
}

/* What the list said, fit to be printed: no control or non-ASCII bytes
 * (terminal escapes), not too long. */
static char *shown(const char *s, size_t n)
{
	struct tw_buf b;
	size_t i;

	tw_buf_init(&b);
	for (i = 0; i < n && i < SHOWN_MAX; i++) {
		unsigned char c = (unsigned char)s[i];

		tw_buf_addc(&b, c < 0x20 || c >= 0x7f ? '?' : (char)c);
	}
	if (n > SHOWN_MAX)
		tw_buf_adds(&b, "...");
	return tw_buf_steal(&b);
}

/* Parsing state shared by the three formats. */
struct ctx {
	const char *source;
	struct tw_iplist *out;
	struct tw_net *nets;     /* parsed out->v, for duplicates */
	struct tw_diags *d;
	size_t rejected;
};

/* Can this address or CIDR be a provider's? Else *cause says why. */
static bool entry_ok(const char *s, struct tw_net *n, char **cause)
{
	static const unsigned char zero[16];

	if (tw_net_parse(s, n, cause) < 0)
		return false;
	if (n->family == AF_INET) {
		if (n->prefix < 8)
			return tw_fail(cause, "prefix shorter than /8: far wider than any provider's network");
		if (n->addr[0] == 127 || n->addr[0] == 0)
			return tw_fail(cause, "loopback or unspecified address");
	} else {
		static const unsigned char one[16] = { [15] = 1 };

		if (n->prefix < 16)
			return tw_fail(cause, "prefix shorter than /16: far wider than any provider's network");
		if (memcmp(n->addr, zero, 16) == 0 || memcmp(n->addr, one, 16) == 0)
			return tw_fail(cause, "loopback or unspecified address");
	}
	return true;
}

static void reject(struct ctx *c, unsigned line, const char *where, const char *s, size_t n,
                   const char *why)
{
	char *txt;

	if (c->rejected++ >= MAX_REPORTED)
		return;
	txt = shown(s, n);
	if (where)
		tw_diag_at(c->d, TW_WARNING, c->source, line, NULL, "rejected '%s' at %s: %s", txt,
		           where, why);
	else
		tw_diag_at(c->d, TW_WARNING, c->source, line, NULL, "rejected '%s': %s", txt, why);
	free(txt);
}

/* Validate one entry (s, n bytes) and keep it unless seen before. */
static void take(struct ctx *c, unsigned line, const char *where, const char *s, size_t n)
{
	char *item = tw_xstrndup(s, n);
	struct tw_net net;
	char *why = NULL;
	size_t i;

	if (strlen(item) != n)
		why = tw_xstrdup("contains a NUL byte");
	else
		entry_ok(item, &net, &why);
	if (why) {
		reject(c, line, where, s, n, why);
		free(why);
		free(item);
		return;
	}
	for (i = 0; i < c->out->n; i++) {
		if (c->nets[i].family == net.family && c->nets[i].prefix == net.prefix &&
		    memcmp(c->nets[i].addr, net.addr, 16) == 0) {
			free(item);
			return;
		}
	}
	c->nets = tw_xrealloc(c->nets, (c->out->n + 1) * sizeof(*c->nets));
	c->nets[c->out->n] = net;
	push(c->out, item);
	free(item);
}

static bool is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\v' || ch == '\f';
}

/* Trim [*s, *s + *n) in place. */
static void trim(const char **s, size_t *n)
{
	while (*n && is_space(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && is_space((*s)[*n - 1]))
		(*n)--;
}

/* Field col (1-based) of a CSV line, without quotes; false when the line
 * has fewer fields. */
static bool csv_field(const char *s, size_t n, unsigned col, const char **f, size_t *fn)
{
	unsigned k = 1;
	size_t i, start = 0;

	for (i = 0; i <= n; i++) {
		if (i < n && s[i] != ',')
			continue;
		if (k == col) {
			*f = s + start;
			*fn = i - start;
			trim(f, fn);
			if (*fn >= 2 && (*f)[0] == '"' && (*f)[*fn - 1] == '"') {
				(*f)++;
				*fn -= 2;
				trim(f, fn);
			}
			return true;
		}
		k++;
		start = i + 1;
	}
	return false;
}

static bool has_char(const char *s, size_t n, char ch)
{
	return memchr(s, ch, n) != NULL;
}

static void parse_lines(struct ctx *c, const char *data, size_t len, enum tw_iplist_format fmt,
                        unsigned col)
{
	size_t pos = 0;
	unsigned line = 0;
	bool first = true;

	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		pos = 3; /* UTF-8 byte order mark */
	while (pos < len) {
		const char *s = data + pos, *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos;
		const char *hash = memchr(s, '#', n);
		const char *f;
		size_t fn;

		pos += n + 1;
		line++;
		if (hash)
			n = (size_t)(hash - s);
		trim(&s, &n);
		if (n == 0)
			continue;
		if (fmt == TW_IPLIST_TEXT) {
			const char *sp;

			for (sp = s; sp < s + n && !is_space(*sp); sp++)
				;
			if (sp < s + n)
				reject(c, line, NULL, s, n, "more than one word on the line");
			else
				take(c, line, NULL, s, n);
			continue;
		}
		if (!csv_field(s, n, col, &f, &fn)) {
			reject(c, line, NULL, s, n, "the line has no such column");
			first = false;
			continue;
		}
		/* A first row whose field is not even address-shaped is a header. */
		if (first && !has_char(f, fn, '.') && !has_char(f, fn, ':')) {
			first = false;
			continue;
		}
		first = false;
		take(c, line, NULL, f, fn);
	}
}

/* Strings in a JSON document that look like an address or CIDR (and so are
 * validated) rather than a name, a date or a version. */
static bool address_shaped(const char *s)
{
	size_t dots = 0, colons = 0, digits = 0;
	const char *p;

	for (p = s; *p; p++) {
		if (*p == '.')
			dots++;
		else if (*p == ':')
			colons++;
		else if (*p >= '0' && *p <= '9')
			digits++;
		else if (!((*p >= 'a' && *p <= 'f') || (*p >= 'A' && *p <= 'F') || *p == '/'))
			return false;
	}
	return digits && (dots == 3 || dots == 6 || colons >= 2);
}

static void json_walk(struct ctx *c, json_t *j, struct tw_buf *path)
{
	size_t mark = path->len, i;
	const char *key;
	json_t *v;

	switch (json_typeof(j)) {
	case JSON_STRING:
		if (address_shaped(json_string_value(j)))
			take(c, 0, path->data, json_string_value(j), json_string_length(j));
		break;
	case JSON_ARRAY:
		json_array_foreach(j, i, v) {
			tw_buf_printf(path, "[%zu]", i);
			json_walk(c, v, path);
			path->len = mark;
			path->data[mark] = '\0';
		}
		break;
	case JSON_OBJECT:
		json_object_foreach(j, key, v) {
			char *k = shown(key, strlen(key));

			tw_buf_printf(path, ".%s", k);
			free(k);
			json_walk(c, v, path);
			path->len = mark;
			path->data[mark] = '\0';
		}
		break;
	default:
		break;
	}
}

/* Follow the select keys from j; arrays on the way are searched element
 * by element. Returns how many subtrees were searched. */
static size_t json_select(struct ctx *c, json_t *j, const char *sel, struct tw_buf *path)
{
	size_t mark = path->len, klen, i, found = 0;
	char *key;
	json_t *v;

	if (!sel || !*sel) {
		json_walk(c, j, path);
		return 1;
	}
	if (json_is_array(j)) {
		json_array_foreach(j, i, v) {
			tw_buf_printf(path, "[%zu]", i);
			found += json_select(c, v, sel, path);
			path->len = mark;
			path->data[mark] = '\0';
		}
		return found;
	}
	if (!json_is_object(j))
		return 0;
	klen = strcspn(sel, ".");
	key = tw_xstrndup(sel, klen);
	v = json_object_get(j, key);
	if (v) {
		tw_buf_printf(path, ".%s", key);
		found = json_select(c, v, sel[klen] ? sel + klen + 1 : "", path);
		path->len = mark;
		path->data[mark] = '\0';
	}
	free(key);
	return found;
}

static int parse_json(struct ctx *c, const char *data, size_t len, const char *select)
{
	json_error_t err;
	json_t *root = json_loadb(data, len, 0, &err);
	struct tw_buf path;
	size_t found;

	if (!root) {
		char *text = shown(err.text, strlen(err.text));

		tw_diag_at(c->d, TW_ERROR, c->source, err.line > 0 ? (unsigned)err.line : 0,
		           "the provider's list is not the JSON the profile says (ip_list_format)",
		           "malformed JSON (column %d): %s", err.column, text);
		free(text);
		return -1;
	}
	tw_buf_init(&path);
	tw_buf_adds(&path, "$");
	found = json_select(c, root, select, &path);
	tw_buf_free(&path);
	json_decref(root);
	if (!found) {
		tw_diag_at(c->d, TW_ERROR, c->source, 0,
		           "the list's layout changed, or ip_list_select is wrong",
		           "no '%s' in the JSON document", select);
		return -1;
	}
	return 0;
}

int tw_iplist_parse(const char *data, size_t len, enum tw_iplist_format fmt,
                    const char *select, const char *source, struct tw_iplist *out,
                    struct tw_diags *d)
{
	struct ctx c = { .source = source, .out = out, .d = d };
	const char *why = tw_iplist_select_error(fmt, select);
	int rc = 0;

	tw_iplist_init(out);
	if (why) {
		tw_diag_at(d, TW_ERROR, source, 0, NULL, "cannot select '%s': %s", select, why);
		return -1;
	}
	if (memchr(data, '\0', len)) {
		tw_diag_at(d, TW_ERROR, source, 0, "the URL does not serve the provider's address list",
		           "malformed list: binary data, not text");
		return -1;
	}
	if (fmt == TW_IPLIST_JSON)
		rc = parse_json(&c, data, len, select);
	else
		parse_lines(&c, data, len, fmt, select && *select ? (unsigned)atoi(select) : 1);
	free(c.nets);
	if (c.rejected > MAX_REPORTED)
		tw_diag_at(d, TW_WARNING, source, 0, NULL, "%zu more rejected entries not shown",
		           c.rejected - MAX_REPORTED);
	if (rc == 0 && out->n == 0) {
		tw_diag_at(d, TW_ERROR, source, 0,
		           "check the URL and the list format (text, csv or json)",
		           "malformed list: no IPv4/IPv6 address or CIDR in it");
		rc = -1;
	}
	if (rc < 0)
		tw_iplist_free(out);
	return rc;
}

enum tw_fetch_status tw_iplist_fetch(const char *url, enum tw_iplist_format fmt,
                                     const char *select, const struct tw_fetch_opts *o,
                                     struct tw_iplist *out, struct tw_diags *d)
{
	struct tw_buf b;
	enum tw_fetch_status st;

	tw_iplist_init(out);
	tw_buf_init(&b);
	st = tw_fetch(url, o, &b, NULL, d);
	if (st == TW_FETCH_OK) {
		char *shown = tw_fetch_url_display(url);

		if (tw_iplist_parse(b.data, b.len, fmt, select, shown, out, d) < 0)
			st = TW_FETCH_ECONTENT;
		free(shown);
	}
	tw_buf_free(&b);
	return st;
}

/* Does network a contain all of b? */
static bool covers(const struct tw_net *a, const struct tw_net *b)
{
	unsigned i;

	if (a->family != b->family || a->prefix > b->prefix)
		return false;
	for (i = 0; i < a->prefix; i++) {
		unsigned bit = 7 - i % 8;

		if (((a->addr[i / 8] >> bit) & 1) != ((b->addr[i / 8] >> bit) & 1))
			return false;
	}
	return true;
}

static bool covered_by_any(const struct tw_net *x, const struct tw_net *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (covers(&v[i], x))
			return true;
	return false;
}

void tw_iplist_diff(const struct tw_iplist *list, const char *identify,
                    struct tw_iplist *added, struct tw_iplist *gone)
{
	struct tw_net *lnets = tw_xcalloc(list->n + 1, sizeof(*lnets));
	struct tw_net *inets;
	char **items = NULL;
	size_t nitems = identify ? tw_split_list(identify, ',', &items) : 0;
	size_t ni = 0, i;
	bool *is_addr = tw_xcalloc(nitems + 1, sizeof(*is_addr));

	tw_iplist_init(added);
	tw_iplist_init(gone);
	inets = tw_xcalloc(nitems + 1, sizeof(*inets));
	for (i = 0; i < list->n; i++)
		(void)tw_net_parse(list->v[i], &lnets[i], NULL);
	for (i = 0; i < nitems; i++) {
		struct tw_net n;

		if (tw_net_parse(items[i], &n, NULL) == 0) {
			inets[ni++] = n;
			is_addr[i] = true;
		}
	}
	for (i = 0; i < list->n; i++)
		if (!covered_by_any(&lnets[i], inets, ni))
			push(added, list->v[i]);
	for (i = 0, ni = 0; i < nitems; i++) {
		if (!is_addr[i])
			continue;
		if (!covered_by_any(&inets[ni], lnets, list->n))
			push(gone, items[i]);
		ni++;
	}
	free(is_addr);
	free(inets);
	free(lnets);
	tw_strv_free(&items, nitems);
}
