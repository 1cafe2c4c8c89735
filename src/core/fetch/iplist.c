#include "config.h"

#include <arpa/inet.h>
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "trunkwiz/fetch.h"
#include "trunkwiz/net.h"
#include "base/base.h"
#include "fetch/fetch.h"

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

static bool json_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-';
}

bool tw_iplist_select_ok(enum tw_iplist_format f, const char *select, char **cause)
{
	const char *p;

	if (!select || !*select)
		return true;
	switch (f) {
	case TW_IPLIST_TEXT:
		return tw_fail(cause, "a text list has nothing to select");
	case TW_IPLIST_CSV:
		if (strlen(select) > 2 || select[0] < '1' || select[0] > '9' ||
		    (select[1] && (select[1] < '0' || select[1] > '9')))
			return tw_fail(cause, "for CSV, select the column by its number (1-99)");
		return true;
	case TW_IPLIST_JSON:
		for (p = select; *p; p++) {
			if (*p == '.' && (p == select || p[1] == '.' || p[1] == '\0'))
				return tw_fail(cause, "for JSON, select object keys joined by '.', e.g. inbound.signaling");
			if (*p != '.' && !json_key_char(*p))
				return tw_fail(cause, "JSON keys in select may hold letters, digits, '_' and '-'");
		}
		return true;
	}
	return tw_fail(cause, "unknown format");
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

/* What the list said, fit to be printed: no control or non-ASCII bytes
 * (terminal escapes), not too long. */
static char *shown(const char *s, size_t n)
{
	struct tw_buf b;

	tw_buf_init(&b);
	tw_buf_add_clean(&b, s, n, SHOWN_MAX);
	return tw_buf_steal(&b);
}

/* Parsing state shared by the three formats. */
struct ctx {
	const char *source;
	struct tw_iplist *out;
	size_t cap;              /* room in out->v */
	struct tw_buf scratch;   /* the entry being checked, NUL-terminated */
	struct tw_net *nets;     /* the kept entries, parsed, as out->v */
	uint32_t *slots;         /* hash set: 1 + index into nets, 0 = empty */
	size_t nslots;           /* a power of two; 0 = none yet */
	struct tw_diags *d;
	size_t rejected;
};

/* FNV-1a over what makes two entries the same network, then a 64-bit
 * finalizer (MurmurHash3's) so the low bits, which pick the slot, depend
 * on every byte. */
static size_t net_hash(const struct tw_net *n)
{
	uint64_t h = 14695981039346656037ULL;
	size_t i, len = n->family == AF_INET ? 4 : 16;

	for (i = 0; i < len; i++)
		h = (h ^ n->addr[i]) * 1099511628211ULL;
	h = (h ^ (unsigned)n->family) * 1099511628211ULL;
	h = (h ^ n->prefix) * 1099511628211ULL;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return (size_t)h;
}

static bool net_same(const struct tw_net *a, const struct tw_net *b)
{
	return a->family == b->family && a->prefix == b->prefix &&
	       memcmp(a->addr, b->addr, 16) == 0;
}

/* The slot of n in the set: where it is, or the empty slot where it goes. */
static uint32_t *seen_slot(const struct ctx *c, uint32_t *slots, size_t nslots,
                           const struct tw_net *n)
{
	size_t i = net_hash(n) & (nslots - 1);

	while (slots[i] != 0 && !net_same(&c->nets[slots[i] - 1], n))
		i = (i + 1) & (nslots - 1);
	return &slots[i];
}

/* Room for want kept entries in out->v and nets. */
static void room_for(struct ctx *c, size_t want)
{
	if (want <= c->cap)
		return;
	c->cap = want;
	c->out->v = tw_xrealloc(c->out->v, c->cap * sizeof(*c->out->v));
	c->nets = tw_xrealloc(c->nets, c->cap * sizeof(*c->nets));
}

/* Make the set at least twice as large as `entries` (a power of two) and
 * put the kept entries back in. */
static void seen_grow(struct ctx *c, size_t entries)
{
	size_t nslots = c->nslots ? c->nslots : 64, i;
	uint32_t *slots;

	while (nslots < 2 * entries)
		nslots *= 2;
	if (nslots == c->nslots)
		return;
	slots = tw_xcalloc(nslots, sizeof(*slots));
	for (i = 0; i < c->out->n; i++)
		*seen_slot(c, slots, nslots, &c->nets[i]) = (uint32_t)i + 1;
	free(c->slots);
	c->slots = slots;
	c->nslots = nslots;
}

/* Keep n among the entries; false when it was there already. The set of
 * 4-byte slots stays at most half full, so a lookup is constant time on
 * average and the whole list linear. */
static bool seen_add(struct ctx *c, const struct tw_net *n)
{
	uint32_t *slot;

	if (c->out->n >= UINT32_MAX - 1)
		return false;
	if (2 * (c->out->n + 1) > c->nslots)
		seen_grow(c, 2 * (c->out->n + 1));
	slot = seen_slot(c, c->slots, c->nslots, n);
	if (*slot != 0)
		return false;
	if (c->out->n == c->cap)
		room_for(c, c->cap ? 2 * c->cap : 64);
	c->nets[c->out->n] = *n;
	*slot = (uint32_t)c->out->n + 1;
	return true;
}

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

/* Validate one entry (s, n bytes) and keep a copy of it unless seen
 * before. The entry is checked in a scratch buffer, so only kept entries
 * are allocated. */
static void take(struct ctx *c, unsigned line, const char *where, const char *s, size_t n)
{
	struct tw_net net;
	char *why = NULL;

	c->scratch.len = 0;
	tw_buf_add(&c->scratch, s, n);
	if (strlen(c->scratch.data) != n)
		why = tw_xstrdup("contains a NUL byte");
	else if (!entry_ok(c->scratch.data, &net, &why) && !why)
		why = tw_xstrdup("not an address or CIDR");
	if (why) {
		reject(c, line, where, s, n, why);
		free(why);
		return;
	}
	if (!seen_add(c, &net))
		return;
	c->out->v[c->out->n++] = tw_xstrndup(s, n);
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

/* Room for one entry per line up front: no growing on the way. */
static void presize(struct ctx *c, const char *data, size_t len)
{
	const char *p = data, *end = data + len;
	size_t lines = 1;

	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		lines++;
		p++;
	}
	if (lines < UINT32_MAX / 4) {
		room_for(c, lines);
		seen_grow(c, lines);
	}
}

static void parse_lines(struct ctx *c, const char *data, size_t len, enum tw_iplist_format fmt,
                        unsigned col)
{
	size_t pos = 0;
	unsigned line = 0;
	bool first = true;

	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		pos = 3; /* UTF-8 byte order mark */
	presize(c, data, len);
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
	char *why = NULL;
	int rc = 0;

	tw_iplist_init(out);
	if (!tw_iplist_select_ok(fmt, select, &why)) {
		tw_diag_at(d, TW_ERROR, source, 0, NULL, "cannot select '%s': %s", select, why);
		free(why);
		return -1;
	}
	if (memchr(data, '\0', len)) {
		tw_diag_at(d, TW_ERROR, source, 0, "the URL does not serve the provider's address list",
		           "malformed list: binary data, not text");
		return -1;
	}
	tw_buf_init(&c.scratch);
	if (fmt == TW_IPLIST_JSON)
		rc = parse_json(&c, data, len, select);
	else
		parse_lines(&c, data, len, fmt, select && *select ? (unsigned)atoi(select) : 1);
	free(c.slots);
	free(c.nets);
	tw_buf_free(&c.scratch);
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
