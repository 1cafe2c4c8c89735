/* validate.c - lint parsed pjsip.conf and extensions.conf models.
 *
 * The option tables live in schema.c; this file interprets them (value
 * syntax, version gates, required options) and adds the checks that span
 * options, sections and files (references, duplicates, overlapping identify
 * matches, endpoint contexts, Dial() targets). Every diagnostic points at
 * the line that causes it, names section, option and value, and says how to
 * fix it. Severity follows what Asterisk does (schema reference, severity
 * model): what Asterisk rejects or silently misreads is an error, what works
 * but is likely wrong is a warning. */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <limits.h>
#include <regex.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "trunkwiz/arena.h"
#include "trunkwiz/dialplan.h"
#include "trunkwiz/netaddr.h"
#include "trunkwiz/schema.h"
#include "trunkwiz/util.h"
#include "trunkwiz/validate.h"

#define VALUE_SHOW_MAX 60        /* bytes of a value quoted in a message */
#define ITEM_MAX 8192            /* longest list item looked at */
#define SUGGEST_MAX_NAMES 2000   /* edit-distance suggestions up to this many ids */
#define SUGGEST_BUDGET 64        /* ... and for at most this many misses */
#define OVERLAP_MAX_WORK 20000000UL
#define NONE SIZE_MAX

/* ---- small string helpers ---- */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Next item of a list split at any byte of seps, trimmed, copied into buf.
 * An empty value yields one empty item. Returns false after the last. */
static bool next_item(const char **pp, const char *seps, char *buf, size_t cap)
{
	const char *p = *pp, *end, *b, *e;
	size_t n;

	if (!p)
		return false;
	end = p + strcspn(p, seps);
	for (b = p; b < end && is_blank(*b); b++)
		;
	for (e = end; e > b && is_blank(e[-1]); e--)
		;
	n = (size_t)(e - b);
	if (n >= cap)
		n = cap - 1;
	memcpy(buf, b, n);
	buf[n] = '\0';
	*pp = *end ? end + 1 : NULL;
	return true;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

static bool all_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return s[n] == '\0';
}

static uint32_t hash_str(const char *s, size_t n, bool fold)
{
	uint32_t h = 2166136261u;
	size_t i;

	if (fold) {
		for (i = 0; i < n; i++)
			h = (h ^ (unsigned char)tolower((unsigned char)s[i])) * 16777619u;
	} else {
		for (i = 0; i < n; i++)
			h = (h ^ (unsigned char)s[i]) * 16777619u;
	}
	return h;
}

/* ---- a string-keyed hash map (open addressing, keys borrowed) ---- */

struct hent {
	const char *k;      /* NULL: empty slot */
	uint32_t klen;
	uint32_t h;
	size_t val;
};

/* Tables are kept at most 3/4 full, small enough to stay in the caches
 * of big checks; with an arena, they come from it (huge pages, freed with
 * it). */
struct hmap {
	struct hent *e;
	size_t cap, n;
	bool fold;          /* case-insensitive keys */
	struct tw_arena *arena;
};

static struct hent *hmap_table(struct hmap *m, size_t cap)
{
	return m->arena ? tw_arena_alloc(m->arena, cap * sizeof(*m->e), sizeof(void *))
	                : tw_xcalloc_large(cap, sizeof(*m->e));
}

static void hmap_init_in(struct hmap *m, size_t expect, bool fold, struct tw_arena *arena)
{
	size_t cap = 16;

	while (cap * 3 < expect * 4)
		cap <<= 1;
	m->arena = arena;
	m->e = hmap_table(m, cap);
	m->cap = cap;
	m->n = 0;
	m->fold = fold;
}

static void hmap_init(struct hmap *m, size_t expect, bool fold)
{
	hmap_init_in(m, expect, fold, NULL);
}

static void hmap_free(struct hmap *m)
{
	if (!m->arena)
		tw_free_large(m->e);
	m->e = NULL;
	m->cap = m->n = 0;
}

static bool key_eq(const struct hmap *m, const struct hent *e, const char *k,
                   size_t n)
{
	if (e->klen != n)
		return false;
	return m->fold ? strncasecmp(e->k, k, n) == 0 : memcmp(e->k, k, n) == 0;
}

static struct hent *hmap_slot(struct hmap *m, const char *k, size_t n, uint32_t h)
{
	size_t i = h & (m->cap - 1);

	while (m->e[i].k && !(m->e[i].h == h && key_eq(m, &m->e[i], k, n)))
		i = (i + 1) & (m->cap - 1);
	return &m->e[i];
}

static struct hent *hmap_get(struct hmap *m, const char *k, size_t n)
{
	struct hent *e = hmap_slot(m, k, n, hash_str(k, n, m->fold));

	return e->k ? e : NULL;
}

static void hmap_grow(struct hmap *m)
{
	struct hent *old = m->e;
	size_t oldcap = m->cap, i;

	m->cap *= 2;
	m->e = hmap_table(m, m->cap);
	for (i = 0; i < oldcap; i++)
		if (old[i].k)
			*hmap_slot(m, old[i].k, old[i].klen, old[i].h) = old[i];
	if (!m->arena)
		tw_free_large(old);
}

/* The entry for k (hash h), created with val when absent (*added tells).
 * Keys are shorter than 4 GB (section names, dialplan keys of a few KB). */
static struct hent *hmap_put_hashed(struct hmap *m, const char *k, size_t n, uint32_t h,
                                    size_t val, bool *added)
{
	struct hent *e;

	if ((m->n + 1) * 4 > m->cap * 3)
		hmap_grow(m);
	e = hmap_slot(m, k, n, h);
	*added = !e->k;
	if (!e->k) {
		e->k = k;
		e->klen = (uint32_t)n;
		e->h = h;
		e->val = val;
		m->n++;
	}
	return e;
}

static struct hent *hmap_put(struct hmap *m, const char *k, size_t n, size_t val,
                             bool *added)
{
	return hmap_put_hashed(m, k, n, hash_str(k, n, m->fold), val, added);
}

/* ---- growable vectors ---- */

struct optvec {
	const struct tw_conf_option **v;
	size_t n, cap;
};

static void optvec_push(struct optvec *ov, const struct tw_conf_option *op)
{
	if (ov->n == ov->cap) {
		ov->cap = ov->cap ? ov->cap * 2 : 32;
		ov->v = tw_xrealloc(ov->v, ov->cap * sizeof(*ov->v));
	}
	ov->v[ov->n++] = op;
}

struct namevec {
	const char **v;
	size_t n, cap;
};

static void namevec_push(struct namevec *nv, const char *s)
{
	if (nv->n == nv->cap) {
		nv->cap = nv->cap ? nv->cap * 2 : 16;
		nv->v = tw_xrealloc_large(nv->v, nv->cap * sizeof(*nv->v));
	}
	nv->v[nv->n++] = s;
}

/* ---- value checks shared with the trunk answers ---- */

static const char *const bool_tokens[] = {
	"yes", "true", "y", "t", "1", "on", "no", "false", "n", "f", "0", "off",
};

static bool fail(const char **err, const char *msg)
{
	if (err)
		*err = msg;
	return false;
}

bool tw_check_bool(const char *v, const char **err)
{
	size_t i;

	for (i = 0; v && i < TW_ARRAY_LEN(bool_tokens); i++)
		if (strcasecmp(v, bool_tokens[i]) == 0)
			return true;
	return fail(err, "not a boolean (Asterisk reads anything but yes/true/y/t/1/on as no)");
}

bool tw_is_true(const char *v)
{
	size_t i;

	for (i = 0; v && i < 6; i++)
		if (strcasecmp(v, bool_tokens[i]) == 0)
			return true;
	return false;
}

bool tw_check_uint(const char *v, unsigned long max, const char **err)
{
	unsigned long x = 0;
	const char *p;

	if (!v || !*v)
		return fail(err, "empty number");
	if (v[0] == '-')
		return fail(err, "negative number (must be 0 or more)");
	if (v[0] == '0' && (v[1] == 'x' || v[1] == 'X'))
		return fail(err, "hexadecimal number (write it in decimal)");
	for (p = v; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return fail(err, "not a whole number");
		if (x > (ULONG_MAX - (unsigned long)(*p - '0')) / 10)
			return fail(err, "number too large");
		x = x * 10 + (unsigned long)(*p - '0');
	}
	if (v[0] == '0' && v[1])
		return fail(err, "leading zero: Asterisk reads it as an octal number");
	if (x > max)
		return fail(err, "number out of range");
	return true;
}

bool tw_check_float(const char *v, const char **err)
{
	const char *p = v;

	if (!v || !*v)
		return fail(err, "empty number");
	if (!isdigit((unsigned char)*p))
		return fail(err, "not a number (write it like 3 or 3.5)");
	while (isdigit((unsigned char)*p))
		p++;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return fail(err, "not a number (write it like 3 or 3.5)");
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p)
		return fail(err, "not a number (write it like 3 or 3.5)");
	return true;
}

bool tw_check_codec(const char *name, const char **err)
{
	if (!name || !*name)
		return fail(err, "empty codec name");
	if (strcasecmp(name, "all") == 0 || tw_codec_find(name))
		return true;
	return fail(err, "unknown codec");
}

bool tw_check_name(const char *v, const char **err)
{
	const char *p;

	if (!v || !*v)
		return fail(err, "empty name");
	if (strlen(v) > TW_CONF_MAX_NAME)
		return fail(err, "name longer than 79 bytes");
	if (!isalnum((unsigned char)v[0]))
		return fail(err, "name must start with a letter or digit");
	for (p = v; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("_.-", *p))
			return fail(err, "name may contain only letters, digits, '_', '.' and '-'");
	return true;
}

/* ---- diagnostics ---- */

/* Memo of a lookup keyed by pointers: a schema option by (type, option
 * name) or a version list by its text. Option names are interned by the
 * parser and version lists are static, so one pointer stands for many
 * lines; the strings never change while a model is checked. Open
 * addressing; when it fills up it starts over. */
struct memo_ent {
	const void *key, *key2;            /* key NULL: empty */
	const struct tw_schema_opt *so;
	bool yes;
};

#define MEMO_SIZE 256

struct memo {
	struct memo_ent e[MEMO_SIZE];
	size_t n;
};

struct vctx {
	const struct tw_validate_opts *o;
	struct tw_validate_opts defaults;
	struct tw_diags *d;
	struct optvec ov;                  /* scratch for effective options */
	unsigned suggest_left;
	struct memo opts;                  /* tw_schema_opt_find */
	struct memo since;                 /* tw_astver_since for the target */
	uint64_t codec_all, codec_audio;   /* codec bit sets, once codec_sets */
	bool codec_sets;
	char item[ITEM_MAX];
	char item2[ITEM_MAX];
};

/* The entry for (a, b), *found telling whether it was there; else the
 * empty entry to fill in. */
static struct memo_ent *memo_get(struct memo *m, const void *a, const void *b,
                                 bool *found)
{
	uint64_t h = ((uint64_t)(uintptr_t)a ^ (uint64_t)(uintptr_t)b >> 3) *
	             0x9E3779B97F4A7C15u;
	size_t i = (size_t)(h >> 40) & (MEMO_SIZE - 1);

	for (; m->e[i].key; i = (i + 1) & (MEMO_SIZE - 1)) {
		if (m->e[i].key == a && m->e[i].key2 == b) {
			*found = true;
			return &m->e[i];
		}
	}
	*found = false;
	if (m->n >= MEMO_SIZE / 2) {
		memset(m->e, 0, sizeof(m->e));
		m->n = 0;
		i = (size_t)(h >> 40) & (MEMO_SIZE - 1);
	}
	m->n++;
	m->e[i].key = a;
	m->e[i].key2 = b;
	return &m->e[i];
}

/* tw_schema_opt_find(st, name), memoized. */
static const struct tw_schema_opt *schema_opt(struct vctx *c,
                                              const struct tw_schema_type *st,
                                              const char *name)
{
	struct memo_ent *e;
	bool found;

	if (!st)
		return NULL;
	e = memo_get(&c->opts, name, st, &found);
	if (!found)
		e->so = tw_schema_opt_find(st, name);
	return e->so;
}

/* Does the target version have what arrived in these versions? Memoized
 * tw_astver_since (true for NULL). */
static bool since(struct vctx *c, const char *versions)
{
	struct memo_ent *e;
	bool found;

	if (!versions)
		return true;
	e = memo_get(&c->since, versions, NULL, &found);
	if (!found)
		e->yes = tw_astver_since(&c->o->version, versions);
	return e->yes;
}

static bool is_secret(const struct tw_schema_opt *so)
{
	return so && so->type == TW_VT_SECRET;
}

/* "'value'" shortened, or "(hidden)" for secrets. */
static char *show_value(const char *v, bool secret)
{
	size_t n = strlen(v);

	if (secret)
		return tw_xstrdup("(hidden)");
	if (n > VALUE_SHOW_MAX)
		return tw_xasprintf("'%.*s...'", VALUE_SHOW_MAX, v);
	return tw_xasprintf("'%s'", v);
}

/* A diagnostic about an option line: "[sec] name = 'value': what". */
static void TW_PRINTF(6, 7)
odiag(struct vctx *c, enum tw_severity sev, const struct tw_conf_section *s,
      const struct tw_conf_option *op, const char *hint, const char *fmt, ...)
{
	va_list ap;
	char *what, *val;

	va_start(ap, fmt);
	what = tw_xvasprintf(fmt, ap);
	va_end(ap);
	val = show_value(op->value ? op->value : "", false);
	tw_diags_add(c->d, sev, op->file, op->line, NULL, hint, "[%s] %s = %s: %s",
	             s->name, op->name, val, what);
	free(val);
	free(what);
}

/* Same, hiding the value. */
static void TW_PRINTF(6, 7)
odiag_secret(struct vctx *c, enum tw_severity sev, const struct tw_conf_section *s,
             const struct tw_conf_option *op, const char *hint, const char *fmt, ...)
{
	va_list ap;
	char *what;

	va_start(ap, fmt);
	what = tw_xvasprintf(fmt, ap);
	va_end(ap);
	tw_diags_add(c->d, sev, op->file, op->line, NULL, hint, "[%s] %s = (hidden): %s",
	             s->name, op->name, what);
	free(what);
}

/* A diagnostic about a section as a whole, at its header line. */
static void TW_PRINTF(5, 6)
sdiag(struct vctx *c, enum tw_severity sev, const struct tw_conf_section *s,
      const char *hint, const char *fmt, ...)
{
	va_list ap;
	char *what;

	va_start(ap, fmt);
	what = tw_xvasprintf(fmt, ap);
	va_end(ap);
	tw_diags_add(c->d, sev, s->file, s->line, NULL, hint, "[%s] %s", s->name, what);
	free(what);
}

static const char *ver_str(struct vctx *c)
{
	return tw_astver_str(&c->o->version);
}

/* "20.12, 21.7, 22.2, 23.0" from "20.12,21.7,22.2,23.0" (static buffer). */
static const char *since_str(const char *since)
{
	static char buf[128];
	size_t i, j = 0;

	for (i = 0; since[i] && j + 3 < sizeof(buf); i++) {
		buf[j++] = since[i];
		if (since[i] == ',')
			buf[j++] = ' ';
	}
	buf[j] = '\0';
	return buf;
}

/* Control characters (other than tab) in a name or value, and a ';' glued to
 * the value that Asterisk took as the start of a comment. */
static bool is_control(unsigned char ch)
{
	return (ch < 0x20 && ch != '\t') || ch == 0x7f;
}

/* The first control character but tab in v, or NULL. Eight bytes at a
 * time (a word with a byte below 0x20 or equal to 0x7f is looked at byte
 * by byte): almost no value has one. */
static const char *find_control(const char *v)
{
	const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
	size_t n = strlen(v), i = 0;
	uint64_t x, y;

	for (; n - i >= 8; i += 8) {
		memcpy(&x, v + i, 8);
		y = x ^ (ones * 0x7f);
		if (((x - ones * 0x20) & ~x & high) || ((y - ones) & ~y & high))
			break;
	}
	for (; i < n; i++)
		if (is_control((unsigned char)v[i]))
			return v + i;
	return NULL;
}

static void check_line_text(struct vctx *c, const struct tw_conf_section *s,
                            const struct tw_conf_option *op, bool secret)
{
	const char *p;
	const struct tw_conf_line *ln = op->ln;

	if ((p = find_control(op->value ? op->value : ""))) {
		unsigned char ch = (unsigned char)*p;

		if (secret)
			odiag_secret(c, TW_ERROR, s, op,
			             "remove the control character; Asterisk passes it on verbatim",
			             "value contains the control character 0x%02x", ch);
		else
			odiag(c, TW_ERROR, s, op,
			      "remove the control character; Asterisk passes it on verbatim",
			      "value contains the control character 0x%02x", ch);
	}
	if (!ln || !ln->raw || !op->value || !*op->value)
		return;
	/* Find the first unescaped ';' after the '=' in the raw line. */
	{
		const char *r = ln->raw, *end = ln->raw + ln->rawlen, *eq;

		if (!memchr(r, ';', ln->rawlen)) /* most lines */
			return;
		eq = memchr(r, '=', ln->rawlen);
		if (!eq)
			return;
		for (p = eq + 1; p < end && *p != '\n' && *p != '\r'; p++) {
			if (*p != ';')
				continue;
			if (p[-1] == '\\')
				continue;
			if (p > eq + 1 && !is_blank(p[-1]) && p[-1] != '=') {
				const char *hint = "write \\; if the semicolon belongs to the value, "
				                   "or put a space before the comment";

				if (secret)
					odiag_secret(c, TW_WARNING, s, op, hint,
					             "value truncated at ';' (the rest of the line is a comment)");
				else
					odiag(c, TW_WARNING, s, op, hint,
					      "value truncated at ';' (the rest of the line is a comment)");
			}
			return;
		}
	}
}

/* Header problems Asterisk does not report: over-long names, "[t] (!)",
 * "(a, b)". */
static void check_header(struct vctx *c, const struct tw_conf_section *s)
{
	const struct tw_conf_line *h = s->header;
	size_t i, n = strlen(s->name);

	if (n > TW_CONF_MAX_NAME)
		tw_diags_add(c->d, TW_ERROR, s->file, s->line, NULL,
		             "shorten the name to 79 bytes or fewer",
		             "section name '%.40s...' is %zu bytes; Asterisk silently truncates it to 79, "
		             "so references by the full name fail", s->name, n);
	if (h && h->raw) {
		const char *r = h->raw, *end = h->raw + h->rawlen, *q;

		q = memchr(r, ']', h->rawlen);
		if (q) {
			const char *t = q + 1;

			while (t < end && is_blank(*t))
				t++;
			if (t > q + 1 && t < end && *t == '(') {
				const char *e = t;

				while (e < end && *e != ')' && *e != '\n' && *e != '\r')
					e++;
				if (e < end && *e == ')')
					e++;
				sdiag(c, TW_WARNING, s, "remove the space: write ']' and '(' together, e.g. [name](!)",
				      "not a template and no inheritance: no space is allowed between ] and (, "
				      "so Asterisk ignores '%.*s'", (int)(e - t), t);
			}
		}
	}
	if (s->opts_text) {
		const char *p = s->opts_text;

		for (p = s->opts_text; *p; p++)
			if (is_blank(*p))
				break;
		if (*p) {
			char *fixed = tw_xstrdup(s->opts_text);
			size_t j = 0;

			for (i = 0; fixed[i]; i++)
				if (!is_blank(fixed[i]))
					fixed[j++] = fixed[i];
			fixed[j] = '\0';
			{
				char *hint = tw_xasprintf("write (%s) without spaces", fixed);

				sdiag(c, TW_ERROR, s, hint,
				      "spaces in '(%s)': Asterisk does not trim the names, so it looks for "
				      "templates named with the spaces", s->opts_text);
				free(hint);
			}
			free(fixed);
		}
	}
}

/* ---- the pjsip model: effective types, additions, object index ---- */

enum skind {
	K_NOTYPE,   /* no type line at all */
	K_OBJ,      /* one of the six checked types */
	K_OTHER,    /* a type other modules own (global, acl, ...) */
	K_BADTYPE,  /* a type nothing claims */
};

/* What the model needs of a section is copied here when the section is
 * first read: a big file's sections lie far apart in memory, and every
 * pass over them would cost a cache miss per section. */
struct sinfo {
	const struct tw_conf_section *s;
	const char *name;      /* s->name */
	const struct tw_conf_option *type_opt;  /* first effective type line */
	enum skind kind;
	enum tw_obj obj;       /* K_OBJ */
	enum tw_obj infer;     /* untyped template: the type of a section using it */
	uint32_t names;        /* name_bit of each own option (0: not known yet) */
	uint32_t id_hash;      /* hash of the id: the name's first id_len bytes */
	uint8_t id_len;        /* up to TW_CONF_MAX_NAME */
	bool is_base;
	bool is_addition, is_template, has_bases;   /* copies of s's */
	size_t target;         /* addition: the section it extends */
	size_t first_add, next_add;
	size_t next_ci;        /* next section with the same name, any case */
};

struct pmodel {
	const struct tw_conf *c;
	size_t n;
	struct tw_arena mem;               /* the object tables */
	struct sinfo *si;
	struct hmap objs[TW_OBJ_COUNT];    /* id (first 79 bytes) -> section index */
	struct namevec names[TW_OBJ_COUNT];
};

static size_t sec_index(const struct pmodel *pm, const struct tw_conf_section *s)
{
	size_t i;

	if (s->index < pm->n && pm->c->sections[s->index] == s)
		return s->index;
	for (i = 0; i < pm->n; i++)
		if (pm->c->sections[i] == s)
			return i;
	return NONE;
}

static int ascii_lower(unsigned char ch)
{
	return ch >= 'A' && ch <= 'Z' ? ch + 32 : ch;
}

/* Option names compare case-insensitively, for ASCII letters only (as the
 * parser compares them, whatever the locale). */
static bool name_eq_rest(const char *a, const char *b)
{
	if (strcmp(a, b) == 0) /* names are mostly written the same way */
		return true;
	for (; *a && ascii_lower((unsigned char)*a) == ascii_lower((unsigned char)*b); a++, b++)
		;
	return ascii_lower((unsigned char)*a) == ascii_lower((unsigned char)*b);
}

/* Test the first byte first: most names differ there. */
static inline bool name_eq(const char *a, const char *b)
{
	return ascii_lower((unsigned char)*a) == ascii_lower((unsigned char)*b) &&
	       (a == b || name_eq_rest(a, b));
}

/* One of 32 bits for an option name, from its first two bytes folded as
 * name_eq folds them: names that compare equal share it. */
static uint32_t name_bit(const char *name)
{
	unsigned a = (unsigned)ascii_lower((unsigned char)name[0]);
	unsigned b = a ? (unsigned)ascii_lower((unsigned char)name[1]) : 0;

	return (uint32_t)1 << ((a * 7 + b) & 31);
}

/* The name bits of section i, worked out when first needed: by then its
 * options are usually in the cache (a pass over all of them just for this
 * costs more than it saves). */
static uint32_t sec_names(const struct pmodel *pm, size_t i)
{
	struct sinfo *si = &pm->si[i];
	size_t k;

	if (!si->names)
		for (k = 0; k < si->s->nopts; k++)
			si->names |= name_bit(si->s->opts[k]->name);
	return si->names;
}

static const struct tw_conf_option *own_last(const struct tw_conf_section *s,
                                             const char *name)
{
	size_t k;

	for (k = s->nopts; k-- > 0;)
		if (name_eq(s->opts[k]->name, name))
			return s->opts[k];
	return NULL;
}

static const struct tw_conf_option *own_first(const struct tw_conf_section *s,
                                              const char *name)
{
	size_t k;

	for (k = 0; k < s->nopts; k++)
		if (name_eq(s->opts[k]->name, name))
			return s->opts[k];
	return NULL;
}

/* The value Asterisk uses: additions, then own lines, then bases (last
 * base first), the last line winning. */
static const struct tw_conf_option *eff_last_d(const struct pmodel *pm, size_t i,
                                               const char *name, bool adds,
                                               unsigned depth)
{
	const struct tw_conf_section *s = pm->si[i].s;
	const struct tw_conf_option *r = NULL, *t;
	uint32_t bit = name_bit(name);
	size_t a, k;

	if (adds)
		for (a = pm->si[i].first_add; a != NONE; a = pm->si[a].next_add)
			if ((sec_names(pm, a) & bit) && (t = own_last(pm->si[a].s, name)))
				r = t;
	if (r || ((sec_names(pm, i) & bit) && (r = own_last(s, name))))
		return r;
	if (depth > 64)
		return NULL;
	for (k = s->nbases; k-- > 0;) {
		size_t b;

		if (!s->base_secs || !s->base_secs[k] ||
		    (b = sec_index(pm, s->base_secs[k])) == NONE)
			continue;
		if ((r = eff_last_d(pm, b, name, false, depth + 1)))
			return r;
	}
	return NULL;
}

static const struct tw_conf_option *eff_last(const struct pmodel *pm, size_t i,
                                             const char *name)
{
	return eff_last_d(pm, i, name, true, 0);
}

static const char *eff_value(const struct pmodel *pm, size_t i, const char *name)
{
	const struct tw_conf_option *op = eff_last(pm, i, name);

	return op && op->value ? op->value : NULL;
}

/* Every option named name (all when NULL) in effective order: bases, own
 * lines, additions. */
static void eff_collect_d(const struct pmodel *pm, size_t i, const char *name,
                          bool adds, struct optvec *ov, unsigned depth)
{
	const struct tw_conf_section *s = pm->si[i].s;
	uint32_t bit = name ? name_bit(name) : UINT32_MAX;
	size_t a, k;

	for (k = 0; depth < 64 && k < s->nbases; k++) {
		size_t b;

		if (s->base_secs && s->base_secs[k] &&
		    (b = sec_index(pm, s->base_secs[k])) != NONE)
			eff_collect_d(pm, b, name, false, ov, depth + 1);
	}
	for (k = 0; (sec_names(pm, i) & bit) && k < s->nopts; k++)
		if (!name || name_eq(s->opts[k]->name, name))
			optvec_push(ov, s->opts[k]);
	if (adds)
		for (a = pm->si[i].first_add; a != NONE; a = pm->si[a].next_add)
			for (k = 0; (sec_names(pm, a) & bit) && k < pm->si[a].s->nopts; k++)
				if (!name || name_eq(pm->si[a].s->opts[k]->name, name))
					optvec_push(ov, pm->si[a].s->opts[k]);
}

static void eff_collect(const struct pmodel *pm, size_t i, const char *name,
                        struct optvec *ov)
{
	ov->n = 0;
	eff_collect_d(pm, i, name, true, ov, 0);
}

/* "+type=aor&name=re" filters of (+) additions: unanchored ERE on the
 * values of the existing section (config.c does_category_match). */
static bool filter_matches(const struct pmodel *pm, size_t j, const char *filter,
                           struct optvec *ov)
{
	char *f = tw_xstrdup(filter), *save = NULL, *tok;
	bool ok = true;

	for (tok = strtok_r(f, "&", &save); ok && tok; tok = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(tok, '=');
		regex_t re;
		size_t k;
		bool any = false;

		if (!eq) {
			ok = false;
			break;
		}
		*eq = '\0';
		if (regcomp(&re, eq + 1, REG_EXTENDED | REG_NOSUB) != 0) {
			ok = false;
			break;
		}
		ov->n = 0;
		eff_collect_d(pm, j, tok, false, ov, 0);
		for (k = 0; k < ov->n && !any; k++)
			any = regexec(&re, ov->v[k]->value, 0, NULL, 0) == 0;
		regfree(&re);
		ok = any;
	}
	free(f);
	return ok;
}

static void link_additions(struct pmodel *pm, struct optvec *ov)
{
	struct hmap ci;
	size_t i, *last_add;

	hmap_init(&ci, pm->n, true);
	for (i = pm->n; i-- > 0;) {
		const char *nm = pm->si[i].s->name;
		bool added;
		struct hent *e = hmap_put(&ci, nm, strlen(nm), i, &added);

		if (!added) {
			pm->si[i].next_ci = e->val;
			e->val = i;
		}
	}
	last_add = tw_xcalloc_large(pm->n, sizeof(*last_add));
	for (i = 0; i < pm->n; i++) {
		const struct tw_conf_section *s = pm->si[i].s;
		struct hent *e;
		size_t j;

		if (!s->is_addition)
			continue;
		e = hmap_get(&ci, s->name, strlen(s->name));
		for (j = e ? e->val : NONE; j != NONE && j < i; j = pm->si[j].next_ci) {
			const struct tw_conf_section *t = pm->si[j].s;

			if (t->is_template || t->is_addition)
				continue;
			if (s->add_filter && *s->add_filter &&
			    !filter_matches(pm, j, s->add_filter, ov))
				continue;
			pm->si[i].target = j;
			if (pm->si[j].first_add == NONE)
				pm->si[j].first_add = i;
			else
				pm->si[last_add[j]].next_add = i;
			last_add[j] = i;
			break;
		}
	}
	tw_free_large(last_add);
	hmap_free(&ci);
}

static void set_kind(struct sinfo *si)
{
	const char *t = si->type_opt ? si->type_opt->value : NULL;

	if (!si->type_opt) {
		si->kind = K_NOTYPE;
	} else if ((si->obj = tw_schema_obj_find(t)) != TW_OBJ_NONE) {
		si->kind = K_OBJ;
	} else {
		si->kind = tw_schema_is_other_type(t) ? K_OTHER : K_BADTYPE;
	}
}

static void infer_bases(struct pmodel *pm, size_t i, enum tw_obj obj, unsigned depth)
{
	const struct tw_conf_section *s = pm->si[i].s;
	size_t k;

	if (!pm->si[i].has_bases)
		return;
	for (k = 0; depth < 64 && k < s->nbases; k++) {
		size_t b;

		if (!s->base_secs || !s->base_secs[k] ||
		    (b = sec_index(pm, s->base_secs[k])) == NONE)
			continue;
		if (pm->si[b].kind == K_NOTYPE && pm->si[b].infer == TW_OBJ_NONE)
			pm->si[b].infer = obj;
		infer_bases(pm, b, obj, depth + 1);
	}
}

#define DUPLICATE_WORDS "a second "

bool tw_validate_is_duplicate(const struct tw_diag *g, const char *name)
{
	size_t n = strlen(name);

	return g->msg[0] == '[' && strncmp(g->msg + 1, name, n) == 0 && g->msg[n + 1] == ']' &&
	       strncmp(g->msg + n + 2, " " DUPLICATE_WORDS, strlen(DUPLICATE_WORDS) + 1) == 0;
}

/* Called for a second object with the same id and type. */
typedef void (*dup_fn)(void *ud, const struct tw_conf_section *first,
                       const struct tw_conf_section *again, enum tw_obj obj);

/* The effective type of a section that is not an addition: the first
 * base's with one, else its own first type line. Bases come before it. */
static void section_type(struct pmodel *pm, size_t i)
{
	struct sinfo *si = &pm->si[i];
	const struct tw_conf_section *s = si->s;
	size_t k, b;

	for (k = 0; k < s->nbases; k++) {
		if (!s->base_secs || !s->base_secs[k] ||
		    (b = sec_index(pm, s->base_secs[k])) == NONE)
			continue;
		pm->si[b].is_base = true;
		if (!si->type_opt)
			si->type_opt = pm->si[b].type_opt;
	}
	if (!si->type_opt)
		si->type_opt = own_first(s, "type");
	set_kind(si);
}

/* One pass over the sections reads what the model needs of each (see
 * struct sinfo); additions, which depend on the sections they extend, are
 * linked after it. Then the objects are indexed by id. */
static void model_build(struct pmodel *pm, const struct tw_conf *c, struct optvec *ov,
                        dup_fn on_dup, void *ud)
{
	size_t count[TW_OBJ_COUNT] = { 0 };
	bool additions = false;
	size_t i, len;
	int t;

	memset(pm, 0, sizeof(*pm));
	pm->c = c;
	pm->n = c ? c->nsections : 0;
	pm->si = tw_xcalloc_large(pm->n ? pm->n : 1, sizeof(*pm->si));
	for (i = 0; i < pm->n; i++) {
		struct sinfo *si = &pm->si[i];
		const struct tw_conf_section *s = c->sections[i];

		si->s = s;
		si->name = s->name;
		si->obj = si->infer = TW_OBJ_NONE;
		si->target = si->first_add = si->next_add = si->next_ci = NONE;
		si->is_addition = s->is_addition;
		si->is_template = s->is_template;
		si->has_bases = s->nbases > 0;
		len = strnlen(s->name, TW_CONF_MAX_NAME);
		si->id_len = (uint8_t)len;
		si->id_hash = hash_str(s->name, len, false);
		if (s->is_addition) {
			additions = true;
			continue;
		}
		section_type(pm, i);
		if (si->kind == K_OBJ && !s->is_template)
			count[si->obj]++;
	}
	if (additions) {
		link_additions(pm, ov);
		for (i = 0; i < pm->n; i++) {
			struct sinfo *si = &pm->si[i];

			if (!si->is_addition)
				continue;
			if (si->target != NONE) {
				si->type_opt = pm->si[si->target].type_opt;
				si->kind = pm->si[si->target].kind;
				si->obj = pm->si[si->target].obj;
			} else {
				si->type_opt = own_first(si->s, "type");
				set_kind(si);
			}
		}
	}
	tw_arena_hint(&pm->mem, pm->n * 2 * sizeof(struct hent));
	for (t = 0; t < TW_OBJ_COUNT; t++) {
		hmap_init_in(&pm->objs[t], count[t], false, &pm->mem);
		pm->names[t].cap = count[t] ? count[t] : 1;
		pm->names[t].v = tw_xmalloc_large(pm->names[t].cap * sizeof(*pm->names[t].v));
	}
	for (i = 0; i < pm->n; i++) {
		struct sinfo *si = &pm->si[i];
		bool added;
		struct hent *e;

		if (si->kind != K_OBJ || si->is_addition)
			continue;
		infer_bases(pm, i, si->obj, 0);
		if (si->is_template)
			continue;
		e = hmap_put_hashed(&pm->objs[si->obj], si->name, si->id_len, si->id_hash, i,
		                    &added);
		if (added)
			namevec_push(&pm->names[si->obj], si->name);
		else if (on_dup)
			on_dup(ud, pm->si[e->val].s, si->s, si->obj);
	}
}

static void model_free(struct pmodel *pm)
{
	int t;

	for (t = 0; t < TW_OBJ_COUNT; t++) {
		hmap_free(&pm->objs[t]);
		tw_free_large(pm->names[t].v);
	}
	tw_free_large(pm->si);
	tw_arena_free(&pm->mem);
	memset(pm, 0, sizeof(*pm));
}

/* The object of a type with this exact id, or NONE. */
static size_t model_find(struct pmodel *pm, enum tw_obj obj, const char *id)
{
	size_t len = strlen(id);
	struct hent *e;

	if (len > TW_CONF_MAX_NAME)
		len = TW_CONF_MAX_NAME;
	e = hmap_get(&pm->objs[obj], id, len);
	return e ? e->val : NONE;
}

static enum tw_obj sec_type(const struct pmodel *pm, size_t i)
{
	const struct sinfo *si = &pm->si[i];

	if (si->kind == K_OBJ)
		return si->obj;
	if (si->kind == K_NOTYPE)
		return si->infer;
	return TW_OBJ_NONE;
}

/* ---- option values ---- */

static const char *const tos_names[] = {
	"cs0", "cs1", "cs2", "cs3", "cs4", "cs5", "cs6", "cs7", "af11", "af12",
	"af13", "af21", "af22", "af23", "af31", "af32", "af33", "af41", "af42",
	"af43", "ef", "lowdelay", "throughput", "reliability", "mincost", "none",
};

static bool tos_ok(const char *v)
{
	size_t i;
	char *end;
	long x;

	for (i = 0; i < TW_ARRAY_LEN(tos_names); i++)
		if (strcasecmp(v, tos_names[i]) == 0)
			return true;
	if (!*v)
		return false;
	x = strtol(v, &end, 0);
	return *end == '\0' && x >= 0 && x <= 255;
}

/* "a, b, c" for an enum, into buf. */
static const char *enum_list(const struct tw_schema_opt *so, struct vctx *c,
                             char *buf, size_t cap)
{
	const struct tw_schema_enum *e;
	size_t n = 0;

	buf[0] = '\0';
	for (e = so->values; e && e->value; e++) {
		if (e->since && !since(c, e->since))
			continue;
		n += (size_t)snprintf(buf + n, n < cap ? cap - n : 0, "%s%s",
		                      n ? ", " : "", e->value);
		if (n >= cap)
			break;
	}
	return buf;
}

/* One enum value (item of an enum list, or the whole value). */
static void check_enum_value(struct vctx *c, const struct tw_conf_section *s,
                             const struct tw_conf_option *op,
                             const struct tw_schema_opt *so, const char *v,
                             bool bool_ok)
{
	const struct tw_schema_enum *e;
	char list[512];
	char *hint;

	if (bool_ok && tw_check_bool(v, NULL))
		return;
	e = tw_schema_enum_find(so, v);
	if (e && e->since && !since(c, e->since)) {
		hint = tw_xasprintf("use one of: %s", enum_list(so, c, list, sizeof(list)));
		odiag(c, TW_ERROR, s, op, hint,
		      "'%s' is not accepted by Asterisk %s (it arrived in %s): Asterisk drops the object",
		      v, ver_str(c), since_str(e->since));
		free(hint);
		return;
	}
	if (e)
		return;
	if (strcasecmp(so->name, "dtmf_mode") == 0 && strcasecmp(v, "rfc2833") == 0) {
		odiag(c, TW_ERROR, s, op, "write dtmf_mode = rfc4733 (the PJSIP name of RFC 2833 DTMF)",
		      "rfc2833 is the chan_sip spelling; PJSIP rejects it and drops the endpoint");
		return;
	}
	if (strcasecmp(so->name, "callerid_privacy") == 0 && all_digits(v))
		return;
	if (so->case_sensitive) {
		const struct tw_schema_enum *f;

		for (f = so->values; f->value; f++)
			if (strcasecmp(f->value, v) == 0) {
				hint = tw_xasprintf("write it in lower case: %s = %s", so->name, f->value);
				odiag(c, TW_ERROR, s, op, hint,
				      "'%s' is compared case-sensitively; Asterisk rejects it", v);
				free(hint);
				return;
			}
	}
	hint = tw_xasprintf("use one of: %s%s", enum_list(so, c, list, sizeof(list)),
	                    bool_ok ? ", or yes/no" : "");
	if (!*v)
		odiag(c, TW_ERROR, s, op, hint, "empty value: Asterisk rejects it and drops the object");
	else
		odiag(c, TW_ERROR, s, op, hint, "'%s' is not a valid value: Asterisk drops the object", v);
	free(hint);
}

static void check_bool_value(struct vctx *c, const struct tw_conf_section *s,
                             const struct tw_conf_option *op)
{
	if (tw_check_bool(op->value, NULL))
		return;
	if (!*op->value)
		odiag(c, TW_WARNING, s, op, "write yes or no, or remove the line",
		      "empty value: Asterisk reads it as no");
	else
		odiag(c, TW_ERROR, s, op, "write yes or no",
		      "not a boolean: Asterisk silently reads it as no "
		      "(only yes/true/y/t/1/on and no/false/n/f/0/off are understood)");
}

static void check_uint_value(struct vctx *c, const struct tw_conf_section *s,
                             const struct tw_conf_option *op,
                             const struct tw_schema_opt *so)
{
	const char *err;
	unsigned long max = so->max ? so->max : 4294967295UL;
	char *hint;

	if (!tw_check_uint(op->value, max, &err)) {
		if (strstr(err, "octal")) {
			hint = tw_xasprintf("write %s = %lu without the leading zero", so->name,
			                    strtoul(op->value, NULL, 10));
			if (strspn(op->value, "01234567") == strlen(op->value))
				odiag(c, TW_ERROR, s, op, hint,
				      "leading zero: Asterisk reads it as octal, i.e. %lu",
				      strtoul(op->value, NULL, 8));
			else
				odiag(c, TW_ERROR, s, op, hint,
				      "leading zero: Asterisk reads it as octal and rejects the digits 8 and 9");
			free(hint);
			return;
		}
		else if (strstr(err, "hexadecimal"))
			hint = tw_xasprintf("write %s = %lu", so->name, strtoul(op->value, NULL, 16));
		else if (strstr(err, "range") || strstr(err, "large"))
			hint = tw_xasprintf("use a value from %lu to %lu", so->min, max);
		else
			hint = tw_xstrdup("write a plain decimal number");
		odiag(c, TW_ERROR, s, op, hint, "%s", err);
		free(hint);
		return;
	}
	if (strtoul(op->value, NULL, 10) < so->min) {
		hint = tw_xasprintf("use a value from %lu to %lu", so->min, max);
		odiag(c, TW_ERROR, s, op, hint, "number out of range");
		free(hint);
	}
}

static void check_codecs_value(struct vctx *c, const struct tw_conf_section *s,
                               const struct tw_conf_option *op)
{
	const char *p = op->value;
	bool allow = strcasecmp(op->name, "allow") == 0;
	uint64_t seen = 0;
	const char *names[64];
	size_t i, ncodec = tw_codec_count();

	while (next_item(&p, ",|", c->item, sizeof(c->item))) {
		char *name = c->item, *colon;
		bool neg = false;
		const struct tw_codec *cd;
		int idx;

		if (*name == '!') {
			neg = true;
			name++;
			while (is_blank(*name))
				name++;
		}
		if (!*name) {
			odiag(c, TW_ERROR, s, op, "remove the empty item (an empty allow= line or a trailing comma)",
			      "empty codec name: Asterisk fails to parse the list and drops the endpoint");
			continue;
		}
		if ((colon = strchr(name, ':'))) {
			*colon = '\0';
			if (!all_digits(colon + 1))
				odiag(c, TW_ERROR, s, op, "write name:milliseconds, e.g. ulaw:20",
				      "bad packetization '%s' for codec '%s'", colon + 1, name);
		}
		if (strcasecmp(name, "all") == 0)
			continue;
		cd = tw_codec_find(name);
		if (!cd) {
			const char *sug;
			char *hint;

			for (i = 0; i < ncodec && i < 64; i++)
				names[i] = tw_codec_at(i)->name;
			sug = tw_suggest(name, names, ncodec < 64 ? ncodec : 64);
			hint = sug ? tw_xasprintf("did you mean '%s'?", sug)
			           : tw_xstrdup("use codec names such as ulaw, alaw, g722, opus, g729");
			odiag(c, TW_ERROR, s, op, hint,
			      "unknown codec '%s': Asterisk drops the endpoint", name);
			free(hint);
			continue;
		}
		if (cd->removed && since(c, cd->removed)) {
			odiag(c, TW_ERROR, s, op, "remove it",
			      "codec '%s' does not exist in Asterisk %s: Asterisk drops the endpoint",
			      name, ver_str(c));
			continue;
		}
		idx = tw_codec_index(cd);
		if (idx >= 0 && idx < 64) {
			if (seen & ((uint64_t)1 << idx))
				odiag(c, TW_WARNING, s, op, "list each codec once",
				      "codec '%s' is listed twice", cd->name);
			seen |= (uint64_t)1 << idx;
		}
		if (allow && !neg && cd->trunk_warn) {
			const char *hint = strcmp(cd->name, "t38") == 0
				? "remove it; enable fax with t38_udptl = yes"
				: "remove it from allow unless you really mean to offer it";

			odiag(c, TW_WARNING, s, op, hint,
			      "codec '%s' (%s) is unusual in a trunk's allow list",
			      cd->name, tw_media_name(cd->media));
		}
	}
}

static void check_regex(struct vctx *c, const struct tw_conf_section *s,
                        const struct tw_conf_option *op, const char *v)
{
	size_t n = strlen(v);
	regex_t re;

	if (n < 2 || v[0] != '/' || v[n - 1] != '/')
		return;
	memcpy(c->item2, v + 1, n - 2 < sizeof(c->item2) - 1 ? n - 2 : sizeof(c->item2) - 1);
	c->item2[n - 2 < sizeof(c->item2) - 1 ? n - 2 : sizeof(c->item2) - 1] = '\0';
	if (regcomp(&re, c->item2, REG_EXTENDED | REG_NOSUB) != 0)
		odiag(c, TW_ERROR, s, op, "fix the regular expression (POSIX extended syntax)",
		      "'%s' is not a valid regular expression: Asterisk drops the identify", v);
	else
		regfree(&re);
}

static void check_match_value(struct vctx *c, const struct tw_conf_section *s,
                              const struct tw_conf_option *op)
{
	const char *p = op->value;

	while (next_item(&p, ",", c->item, sizeof(c->item))) {
		const char *it = c->item, *err = NULL;
		bool is_host = false;

		if (!*it)
			continue;
		if (*it == '!') {
			odiag(c, TW_WARNING, s, op, "list only the addresses to match",
			      "'%s' is a negated entry; it excludes addresses and rarely does what is meant", it);
			it++;
		}
		if (!tw_check_match_item(it, &is_host, &err)) {
			char *hint = tw_xasprintf("write an IP address, IP/prefix (e.g. 203.0.113.0/24), "
			                          "IP:port or a host name");

			odiag(c, TW_ERROR, s, op, hint, "'%s' is not a valid match entry (%s): "
			      "Asterisk drops the identify", it, err ? err : "invalid");
			free(hint);
		} else if (is_host) {
			odiag(c, TW_WARNING, s, op,
			      "list the provider's IP addresses instead (e.g. match = 203.0.113.10,203.0.113.0/24)",
			      "host name '%s' is resolved only when Asterisk loads or reloads; "
			      "if it does not resolve then, Asterisk drops the identify and inbound calls fail, "
			      "and later address changes are missed", it);
		}
	}
}

static void check_uri_value(struct vctx *c, const struct tw_conf_section *s,
                            const struct tw_conf_option *op, const char *v,
                            bool route)
{
	const char *err = NULL;

	if (!*v || tw_check_sip_uri(v, &err))
		return;
	if (route)
		odiag(c, TW_ERROR, s, op, "write a SIP URI such as sip:proxy.example.com\\;lr",
		      "'%s' is not a valid SIP URI (%s)", v, err ? err : "invalid");
	else
		odiag(c, TW_ERROR, s, op,
		      "write a full SIP URI such as sip:provider.example.com (with sip: or sips:)",
		      "'%s' is not a valid SIP URI (%s): Asterisk drops the object",
		      v, err ? err : "invalid");
}

static void check_bind_value(struct vctx *c, const struct tw_conf_section *s,
                             const struct tw_conf_option *op)
{
	char *host = NULL;
	unsigned port = 0;
	const char *err = NULL, *v = op->value;

	if (!*v)
		return;
	if (tw_is_ipv6(v) || tw_is_ipv4(v))
		return;
	if (tw_split_hostport(v, &host, &port, &err) != 0) {
		odiag(c, TW_ERROR, s, op, "write an address such as 0.0.0.0, 0.0.0.0:5060 or [::]:5060",
		      "not a bind address (%s): the transport does not start", err ? err : "invalid");
		return;
	}
	if (!tw_is_ipv4(host) && !tw_is_ipv6(host))
		odiag(c, TW_ERROR, s, op, "write an IP address such as 0.0.0.0, 0.0.0.0:5060 or [::]:5060",
		      "'%s' is not an IP address: the transport does not start", host);
	free(host);
}

static void check_host_value(struct vctx *c, const struct tw_conf_section *s,
                             const struct tw_conf_option *op)
{
	const char *v = op->value;
	size_t n = strlen(v);

	if (!n)
		return;
	if (v[0] == '[' && v[n - 1] == ']' && n - 2 < sizeof(c->item)) {
		memcpy(c->item, v + 1, n - 2);
		c->item[n - 2] = '\0';
		v = c->item;
	}
	if (tw_addr_classify(v) == TW_ADDR_INVALID)
		odiag(c, TW_ERROR, s, op, "write an IP address or a host name",
		      "not an IP address or host name");
}

static bool from_user_char(char ch)
{
	return isalnum((unsigned char)ch) || (ch && strchr("-._~%!$&'()*+,;=:", ch));
}

static void check_digests(struct vctx *c, const struct tw_conf_section *s,
                          const struct tw_conf_option *op)
{
	const char *p = op->value;

	while (next_item(&p, ",", c->item, sizeof(c->item))) {
		char *it = c->item, *colon = strchr(it, ':');
		const char *alg = "MD5", *hex = it;
		size_t want = 32;

		if (!*it)
			continue;
		if (colon) {
			*colon = '\0';
			alg = it;
			hex = colon + 1;
			if (strcasecmp(alg, "MD5") == 0)
				want = 32;
			else if (strcasecmp(alg, "SHA-256") == 0 || strcasecmp(alg, "SHA-512-256") == 0)
				want = 64;
			else {
				odiag_secret(c, TW_ERROR, s, op, "use MD5:, SHA-256: or SHA-512-256:",
				             "unknown digest algorithm '%s': Asterisk drops the auth", alg);
				continue;
			}
		}
		if (strlen(hex) != want || !all_hex(hex, want))
			odiag_secret(c, TW_ERROR, s, op,
			             "give the hex digest of username:realm:password",
			             "a %s digest must be %zu hex digits: Asterisk drops the auth", alg, want);
	}
}

static void check_groups(struct vctx *c, const struct tw_conf_section *s,
                         const struct tw_conf_option *op)
{
	const char *p = op->value;

	if (!*p)
		return;
	while (next_item(&p, ",", c->item, sizeof(c->item))) {
		char *dash = strchr(c->item, '-');
		unsigned long a, b;

		if (dash)
			*dash = '\0';
		if (!all_digits(c->item) || (dash && !all_digits(dash + 1)) ||
		    (a = strtoul(c->item, NULL, 10)) > 63 ||
		    (b = dash ? strtoul(dash + 1, NULL, 10) : a) > 63 || b < a) {
			odiag(c, TW_ERROR, s, op, "use numbers 0-63 and ranges like 1,3-5",
			      "bad group list");
			return;
		}
	}
}

static void check_codec_prefs(struct vctx *c, const struct tw_conf_section *s,
                              const struct tw_conf_option *op)
{
	static const char *const keys[] = { "prefer", "operation", "keep", "transcode" };
	static const char *const vals[][5] = {
		{ "pending", "configured", NULL },
		{ "intersect", "union", "only_preferred", "only_nonpreferred", NULL },
		{ "all", "first", NULL },
		{ "allow", "prevent", NULL },
	};
	const char *p = op->value;

	while (next_item(&p, ",", c->item, sizeof(c->item))) {
		char *colon = strchr(c->item, ':'), *val;
		size_t k, j;
		bool ok = false;

		if (!*c->item)
			continue;
		if (colon) {
			*colon = '\0';
			val = colon + 1;
			while (is_blank(*val))
				val++;
			tw_strtrim(c->item);
			for (k = 0; k < TW_ARRAY_LEN(keys) && !ok; k++)
				if (strcasecmp(c->item, keys[k]) == 0)
					for (j = 0; vals[k][j] && !ok; j++)
						ok = strcasecmp(val, vals[k][j]) == 0;
		}
		if (!ok) {
			odiag(c, TW_ERROR, s, op,
			      "write e.g. prefer: pending, operation: intersect, keep: all, transcode: allow",
			      "bad codec preference item: Asterisk drops the endpoint");
			return;
		}
	}
}

static void check_match_header(struct vctx *c, const struct tw_conf_section *s,
                               const struct tw_conf_option *op)
{
	const char *v = op->value, *colon = strchr(v, ':'), *p;

	if (!*v)
		return;
	if (!colon || colon == v) {
		odiag(c, TW_ERROR, s, op, "write 'Header-Name: value' or 'Header-Name: /regex/'",
		      "no header name before ':': Asterisk drops the identify");
		return;
	}
	for (p = colon + 1; is_blank(*p); p++)
		;
	check_regex(c, s, op, p);
}

static void check_callerid(struct vctx *c, const struct tw_conf_section *s,
                           const struct tw_conf_option *op)
{
	const char *v = op->value, *lt = strchr(v, '<'), *q;
	size_t quotes = 0;

	for (q = v; *q; q++)
		quotes += *q == '"';
	if ((lt && !strchr(lt, '>')) || (!lt && strchr(v, '>')) || quotes % 2)
		odiag(c, TW_WARNING, s, op, "write it as \"Name\" <number>",
		      "unbalanced quotes or angle brackets in caller ID");
}

static void check_acl(struct vctx *c, const struct tw_conf_section *s,
                      const struct tw_conf_option *op)
{
	const char *p;

	for (p = op->value; next_item(&p, ",", c->item, sizeof(c->item));) {
		const char *it = c->item;

		if (*it == '!')
			it++;
		if (*it && !tw_is_ip_or_cidr(it))
			odiag(c, TW_ERROR, s, op, "write addresses as IP or IP/prefix, e.g. 192.168.0.0/16",
			      "'%s' is not an IP address or network: Asterisk drops the object", it);
	}
}

static void check_from_user(struct vctx *c, const struct tw_conf_section *s,
                            const struct tw_conf_option *op)
{
	const char *p;

	for (p = op->value; *p; p++)
		if (!from_user_char(*p)) {
			odiag(c, TW_ERROR, s, op,
			      "use only letters, digits and -._~%!$&'()*+,;=: (no '@' or spaces)",
			      "character '%c' is not allowed in from_user: Asterisk drops the endpoint", *p);
			return;
		}
}

static void check_value(struct vctx *c, const struct tw_conf_section *s,
                        const struct tw_conf_option *op, const struct tw_schema_opt *so)
{
	const char *v = op->value ? op->value : "", *p, *err = NULL;

	switch (so->type) {
	case TW_VT_STRING:
	case TW_VT_SECRET:
	case TW_VT_LIST:
	case TW_VT_REF:
	case TW_VT_REF_LIST:
		break;
	case TW_VT_BOOL:
		check_bool_value(c, s, op);
		break;
	case TW_VT_UINT:
		check_uint_value(c, s, op, so);
		break;
	case TW_VT_FLOAT:
		if (!tw_check_float(v, &err))
			odiag(c, TW_ERROR, s, op, "write a number of seconds such as 3 or 3.5",
			      "%s: Asterisk drops the object", err);
		break;
	case TW_VT_ENUM:
		check_enum_value(c, s, op, so, v, false);
		break;
	case TW_VT_BOOL_ENUM:
		check_enum_value(c, s, op, so, v, true);
		break;
	case TW_VT_ENUM_LIST:
		for (p = v; next_item(&p, ",", c->item2, sizeof(c->item2));)
			check_enum_value(c, s, op, so, c->item2, false);
		break;
	case TW_VT_CODECS:
		check_codecs_value(c, s, op);
		break;
	case TW_VT_SIP_URI:
		check_uri_value(c, s, op, v, false);
		break;
	case TW_VT_SIP_URI_LIST:
		for (p = v; next_item(&p, ",", c->item2, sizeof(c->item2));)
			check_uri_value(c, s, op, c->item2, false);
		break;
	case TW_VT_ROUTE_URI:
		check_uri_value(c, s, op, v, true);
		break;
	case TW_VT_MATCH:
		check_match_value(c, s, op);
		break;
	case TW_VT_MATCH_HEADER:
		check_match_header(c, s, op);
		break;
	case TW_VT_REGEX_STR:
		check_regex(c, s, op, v);
		break;
	case TW_VT_CALLERID:
		check_callerid(c, s, op);
		break;
	case TW_VT_ACL:
		check_acl(c, s, op);
		break;
	case TW_VT_BIND:
		check_bind_value(c, s, op);
		break;
	case TW_VT_HOST:
		check_host_value(c, s, op);
		break;
	case TW_VT_TOS:
		if (!tos_ok(v))
			odiag(c, TW_ERROR, s, op, "use a number 0-255 or a DSCP name such as ef or af41",
			      "not a TOS value: Asterisk drops the object");
		break;
	case TW_VT_SET_VAR:
		p = strchr(v, '=');
		if (!p || p == v)
			odiag(c, TW_ERROR, s, op, "write set_var = NAME=value",
			      "no '=' after a variable name: Asterisk drops the endpoint");
		break;
	case TW_VT_MD5:
		if (*v && (strlen(v) != 32 || !all_hex(v, 32)))
			odiag_secret(c, TW_ERROR, s, op, "give the 32 hex digits of MD5(username:realm:password)",
			             "md5_cred must be 32 hex digits: Asterisk drops the auth");
		break;
	case TW_VT_DIGESTS:
		check_digests(c, s, op);
		break;
	case TW_VT_FROM_USER:
		check_from_user(c, s, op);
		break;
	case TW_VT_GROUPS:
		check_groups(c, s, op);
		break;
	case TW_VT_CODEC_PREFS:
		check_codec_prefs(c, s, op);
		break;
	}
}

/* ---- pjsip: sections and objects ---- */

struct mentry {             /* one identify match item */
	int fam;                /* 4, 6, or 0 for a host name */
	uint8_t a[16];
	unsigned prefix, port;
	const char *host;       /* fam 0: the name (points into hosts arena) */
	const char *ep;         /* endpoint it identifies */
	const struct tw_conf_option *op;
	const struct tw_conf_section *ident;
};

struct bentry {             /* one transport bind */
	char *key;              /* "udp 0.0.0.0:5060" */
	const struct tw_conf_option *op;
	const struct tw_conf_section *s;
};

struct pjctx {
	struct vctx *c;
	struct pmodel pm;
	struct hmap contexts;   /* dialplan contexts (when o->dialplan) */
	bool have_dialplan;
	struct mentry *m;
	size_t nm, mcap;
	struct bentry *b;
	size_t nb, bcap;
	struct tw_arena hosts;
	size_t neps, nregs;
	const struct tw_schema_opt **req[TW_OBJ_COUNT]; /* required options but type */
	size_t nreq[TW_OBJ_COUNT];
};

static const char *obj_name(enum tw_obj t)
{
	const struct tw_schema_type *st = tw_schema_type(t);

	return st ? st->name : "?";
}

/* Name of the section a line belongs to (the template for inherited ones). */
static const struct tw_conf_section *line_sec(const struct tw_conf_option *op,
                                              const struct tw_conf_section *dflt)
{
	return op->ln && op->ln->section ? op->ln->section : dflt;
}

static void unknown_option(struct vctx *c, const struct tw_conf_section *s,
                           const struct tw_conf_option *op, const struct tw_schema_type *st)
{
	const char *names[256], *sug;
	const char *other = NULL;
	size_t i;
	char *hint;
	int t;

	for (i = 0; i < st->nopts && i < TW_ARRAY_LEN(names); i++)
		names[i] = st->opts[i].name;
	sug = tw_suggest(op->name, names, i);
	for (t = 0; t < TW_OBJ_COUNT && !other; t++)
		if ((enum tw_obj)t != st->obj && tw_schema_opt_find(tw_schema_type(t), op->name))
			other = obj_name(t);
	if (other && (!sug || strcasecmp(sug, op->name) != 0))
		hint = tw_xasprintf("'%s' is an option of type=%s, not of type=%s%s%s%s",
		                    op->name, other, st->name, sug ? "; did you mean '" : "",
		                    sug ? sug : "", sug ? "'?" : "");
	else if (sug)
		hint = tw_xasprintf("did you mean '%s'?", sug);
	else
		hint = tw_xasprintf("remove it (Asterisk lists the options with "
		                    "'config show help res_pjsip %s')", st->name);
	tw_diags_add(c->d, TW_ERROR, op->file, op->line, NULL, hint,
	             "[%s] unknown option '%s' for type=%s: Asterisk drops %s", s->name,
	             op->name, st->name,
	             s->is_template ? "every object that uses this template" : "the object");
	free(hint);
}

/* Names, versions and values of a section's own lines. */
static void check_own_options(struct pjctx *pc, size_t i)
{
	struct vctx *c = pc->c;
	const struct tw_conf_section *s = pc->pm.si[i].s;
	enum tw_obj t = sec_type(&pc->pm, i);
	const struct tw_schema_type *st = tw_schema_type(t);
	size_t k;

	for (k = 0; k < s->nopts; k++) {
		const struct tw_conf_option *op = s->opts[k];
		const struct tw_schema_opt *so = schema_opt(c, st, op->name);
		bool secret = is_secret(so) || name_eq(op->name, "password");

		if (!op->value)
			continue;
		check_line_text(c, s, op, secret);
		if (!st || name_eq(op->name, "type"))
			continue;
		if (!so) {
			unknown_option(c, s, op, st);
			continue;
		}
		if (so->since && !since(c, so->since)) {
			char *hint = tw_xasprintf("remove it: Asterisk %s has no %s option", ver_str(c),
			                          so->name);

			tw_diags_add(c->d, TW_ERROR, op->file, op->line, NULL, hint,
			             "[%s] option '%s' does not exist in Asterisk %s (it arrived in %s): "
			             "Asterisk drops %s", s->name, op->name, ver_str(c),
			             since_str(so->since),
			             s->is_template ? "every object that uses this template" : "the object");
			free(hint);
			continue;
		}
		if (so->ignored_since && since(c, so->ignored_since))
			odiag(c, TW_WARNING, s, op, "remove it", "%s", so->note);
		else if (so->fixed_since && !since(c, so->fixed_since))
			odiag(c, TW_WARNING, s, op, "upgrade Asterisk, or leave the option out",
			      "%s (fixed in %s)", so->note, since_str(so->fixed_since));
		if (op->op == TW_OP_APPEND)
			continue;
		check_value(c, s, op, so);
	}
}

static void check_type_line(struct pjctx *pc, size_t i)
{
	static const char *const all_types[] = {
		"transport", "auth", "aor", "endpoint", "identify", "registration", "global",
		"system", "domain_alias", "acl", "resource_list", "phoneprov",
		"outbound-publish", "inbound-publication", "asterisk-publication",
	};
	struct vctx *c = pc->c;
	const struct sinfo *si = &pc->pm.si[i];
	const struct tw_conf_section *s = si->s;
	const struct tw_conf_option *op = si->type_opt;
	size_t k;
	char *hint;

	if (s->is_addition)
		return;
	if (si->kind == K_NOTYPE) {
		if (s->is_template)
			return;
		sdiag(c, TW_WARNING, s, si->is_base ? "if it only holds shared options, make it a "
		      "template: write [name](!)" : "add a type line, e.g. type = endpoint",
		      "no type: Asterisk silently ignores this section");
		return;
	}
	if (si->kind != K_BADTYPE || own_first(s, "type") != op)
		return;
	for (k = 0; k < TW_ARRAY_LEN(all_types); k++)
		if (strcasecmp(all_types[k], op->value) == 0) {
			hint = tw_xasprintf("write type = %s (type values are case-sensitive)", all_types[k]);
			odiag(c, TW_ERROR, s, op, hint,
			      "no object type is named '%s': Asterisk silently ignores this section",
			      op->value);
			free(hint);
			return;
		}
	{
		const char *sug = tw_suggest(op->value, all_types, TW_ARRAY_LEN(all_types));

		hint = sug ? tw_xasprintf("did you mean type = %s?", sug)
		           : tw_xstrdup("use transport, auth, aor, endpoint, identify or registration");
		odiag(c, TW_WARNING, s, op, hint,
		      "unknown type '%s': Asterisk silently ignores this section", op->value);
		free(hint);
	}
}

static bool opt_in_object(const struct pmodel *pm, size_t i, const struct tw_conf_option *op)
{
	const struct tw_conf_section *ls = op->ln ? op->ln->section : NULL;
	size_t a;

	if (ls)
		for (a = i; a != NONE; a = a == i ? pm->si[i].first_add : pm->si[a].next_add)
			if (pm->si[a].s == ls)
				return true;
	return false;
}

/* A reference that does not resolve. */
static void missing_ref(struct pjctx *pc, size_t i, const struct tw_conf_option *op,
                        const char *id, enum tw_obj target, const char *effect)
{
	struct vctx *c = pc->c;
	struct namevec *nv = &pc->pm.names[target];
	const char *sug = NULL, *other = NULL;
	char *hint;
	size_t k;
	int t;

	for (k = 0; k < nv->n && !sug; k++)
		if (strcasecmp(nv->v[k], id) == 0)
			sug = nv->v[k];
	if (!sug && nv->n <= SUGGEST_MAX_NAMES && c->suggest_left > 0) {
		c->suggest_left--;
		sug = tw_suggest(id, nv->v, nv->n);
	}
	for (t = 0; t < TW_OBJ_COUNT && !other; t++)
		if ((enum tw_obj)t != target && model_find(&pc->pm, t, id) != NONE)
			other = obj_name(t);
	if (sug)
		hint = tw_xasprintf("did you mean '%s'? (ids are case-sensitive)", sug);
	else if (other)
		hint = tw_xasprintf("[%s] is a %s, not a %s: define a type=%s section named '%s' "
		                    "or fix the name", id, other, obj_name(target), obj_name(target), id);
	else
		hint = tw_xasprintf("define a type=%s section named [%s], or fix the name",
		                    obj_name(target), id);
	odiag(c, TW_ERROR, line_sec(op, pc->pm.si[i].s), op, hint, "no %s named '%s': %s",
	      obj_name(target), id, effect);
	free(hint);
}

static void check_ref(struct pjctx *pc, size_t i, const char *name, enum tw_obj target,
                      const char *effect)
{
	const struct tw_conf_option *op = eff_last(&pc->pm, i, name);
	const char *p;

	if (!op || !op->value)
		return;
	for (p = op->value; next_item(&p, ",", pc->c->item, sizeof(pc->c->item));) {
		if (!*pc->c->item || model_find(&pc->pm, target, pc->c->item) != NONE)
			continue;
		missing_ref(pc, i, op, pc->c->item, target, effect);
	}
}

/* The required options of each type (but type itself), in table order. */
static void find_required(struct pjctx *pc)
{
	int t;
	size_t k;

	for (t = 0; t < TW_OBJ_COUNT; t++) {
		const struct tw_schema_type *st = tw_schema_type(t);

		pc->req[t] = tw_xmalloc(st->nopts * sizeof(*pc->req[t]));
		pc->nreq[t] = 0;
		for (k = 0; k < st->nopts; k++)
			if (st->opts[k].required && strcmp(st->opts[k].name, "type") != 0)
				pc->req[t][pc->nreq[t]++] = &st->opts[k];
	}
}

static void check_required(struct pjctx *pc, size_t i, enum tw_obj t)
{
	const struct tw_schema_type *st = tw_schema_type(t);
	const struct tw_conf_section *s = pc->pm.si[i].s;
	size_t k;

	for (k = 0; k < pc->nreq[t]; k++) {
		const struct tw_schema_opt *so = pc->req[t][k];
		const struct tw_conf_option *op;
		char *hint;

		op = eff_last(&pc->pm, i, so->name);
		if (op && op->value && *op->value)
			continue;
		if (strcmp(so->name, "server_uri") == 0)
			hint = tw_xstrdup("add server_uri = sip:provider.example.com");
		else if (strcmp(so->name, "client_uri") == 0)
			hint = tw_xstrdup("add client_uri = sip:username@provider.example.com");
		else
			hint = tw_xasprintf("add %s = ...", so->name);
		if (op)
			odiag(pc->c, TW_ERROR, line_sec(op, s), op, hint,
			      "empty required option: Asterisk drops the %s", st->name);
		else
			sdiag(pc->c, TW_ERROR, s, hint, "missing required option '%s': Asterisk drops the %s",
			      so->name, st->name);
		free(hint);
	}
}

static bool uint_of(const struct tw_conf_option *op, unsigned long *out)
{
	if (!op || !op->value || !tw_check_uint(op->value, ULONG_MAX, NULL))
		return false;
	*out = strtoul(op->value, NULL, 10);
	return true;
}

static void check_auth(struct pjctx *pc, size_t i)
{
	struct vctx *c = pc->c;
	const struct tw_conf_section *s = pc->pm.si[i].s;
	const char *type = eff_value(&pc->pm, i, "auth_type");
	const char *pw = eff_value(&pc->pm, i, "password");
	const char *dg = eff_value(&pc->pm, i, "password_digest");
	const char *md5 = eff_value(&pc->pm, i, "md5_cred");
	const struct tw_schema_opt *so = schema_opt(c, tw_schema_type(TW_OBJ_AUTH), "password");
	bool new_rules = so && so->required_since && since(c, so->required_since);

	if (!type || !*type)
		type = "userpass";
	if (strcasecmp(type, "google_oauth") == 0) {
		static const char *const need[] = { "refresh_token", "oauth_clientid", "oauth_secret" };
		size_t k;

		for (k = 0; k < TW_ARRAY_LEN(need); k++) {
			const char *v = eff_value(&pc->pm, i, need[k]);

			if (!v || !*v)
				sdiag(c, TW_ERROR, s, "add the OAuth credentials",
				      "auth_type = google_oauth needs %s: Asterisk drops the auth", need[k]);
		}
		return;
	}
	if (new_rules) {
		if ((!pw || !*pw) && (!dg || !*dg) && (!md5 || !*md5))
			sdiag(c, TW_ERROR, s, "add password = ... (write \\; for a ';' in it)",
			      "no password or password_digest: Asterisk %s drops the auth "
			      "('No plain text or digest password found')", ver_str(c));
		return;
	}
	if (strcasecmp(type, "md5") == 0) {
		if (!md5 || !*md5)
			sdiag(c, TW_ERROR, s, "add md5_cred = <32 hex digits>, or use auth_type = userpass "
			      "with a password", "auth_type = md5 without md5_cred: Asterisk drops the auth");
		return;
	}
	if (!pw || !*pw)
		sdiag(c, TW_WARNING, s, "add password = ...",
		      "no password: Asterisk loads the auth but cannot answer any challenge with it");
}

static void check_transport(struct pjctx *pc, size_t i)
{
	struct vctx *c = pc->c;
	const struct tw_conf_section *s = pc->pm.si[i].s;
	const char *proto = eff_value(&pc->pm, i, "protocol");
	const struct tw_conf_option *bind = eff_last(&pc->pm, i, "bind");
	char *host = NULL;
	unsigned port = 0;
	const char *err;

	if (!proto || !*proto)
		proto = "udp";
	if (strcasecmp(proto, "flow") == 0)
		return;
	if (!bind || !bind->value || !*bind->value) {
		sdiag(c, TW_ERROR, s, "add bind = 0.0.0.0 (or 0.0.0.0:5060)",
		      "transport without bind: Asterisk cannot start it ('binding not specified')");
		return;
	}
	if (eff_value(&pc->pm, i, "external_signaling_address") &&
	    eff_value(&pc->pm, i, "external_signaling_hostname"))
		sdiag(c, TW_ERROR, s, "keep only one of them",
		      "external_signaling_address and external_signaling_hostname exclude each other");
	if (strcasecmp(proto, "ws") == 0 || strcasecmp(proto, "wss") == 0)
		return;
	if (tw_is_ipv4(bind->value) || tw_is_ipv6(bind->value))
		host = tw_xstrdup(bind->value);
	else if (tw_split_hostport(bind->value, &host, &port, &err) != 0)
		return;
	if (!port)
		port = strcasecmp(proto, "tls") == 0 ? 5061 : 5060;
	if (pc->nb == pc->bcap) {
		pc->bcap = pc->bcap ? pc->bcap * 2 : 8;
		pc->b = tw_xrealloc(pc->b, pc->bcap * sizeof(*pc->b));
	}
	{
		char pl[16];
		size_t k;

		for (k = 0; proto[k] && k + 1 < sizeof(pl); k++)
			pl[k] = (char)tolower((unsigned char)proto[k]);
		pl[k] = '\0';
		pc->b[pc->nb].key = tw_xasprintf("%s %s port %u", pl, host, port);
	}
	pc->b[pc->nb].op = bind;
	pc->b[pc->nb].s = s;
	pc->nb++;
	free(host);
}

static void check_aor(struct pjctx *pc, size_t i)
{
	struct vctx *c = pc->c;
	const struct tw_conf_section *s = pc->pm.si[i].s;
	const struct tw_conf_option *fq = eff_last(&pc->pm, i, "qualify_frequency");
	const struct tw_conf_option *to = eff_last(&pc->pm, i, "qualify_timeout");
	const struct tw_conf_option *mc = eff_last(&pc->pm, i, "max_contacts");
	unsigned long freq = 0, maxc = 0;
	double timeout = 3.0;
	size_t k;
	bool has_contact = false;

	if (uint_of(fq, &freq) && freq > 0) {
		if (to && to->value && tw_check_float(to->value, NULL))
			timeout = strtod(to->value, NULL);
		if (to && timeout >= (double)freq)
			odiag(c, TW_ERROR, line_sec(to, s), to,
			      "make qualify_timeout smaller than qualify_frequency",
			      "qualify_timeout is not below qualify_frequency (%lu s): "
			      "a qualify can still be pending when the next one starts", freq);
		else if (!to && timeout >= (double)freq)
			odiag(c, TW_ERROR, line_sec(fq, s), fq,
			      "raise qualify_frequency or set a smaller qualify_timeout",
			      "qualify_frequency is not above the default qualify_timeout of 3 s");
	}
	eff_collect(&pc->pm, i, "contact", &c->ov);
	for (k = 0; k < c->ov.n && !has_contact; k++)
		has_contact = c->ov.v[k]->value && *c->ov.v[k]->value;
	uint_of(mc, &maxc);
	if (!has_contact && maxc == 0)
		sdiag(c, TW_WARNING, s, "add contact = sip:provider.example.com, or max_contacts = 1 "
		      "if the far end registers to you",
		      "aor has no contact and max_contacts is 0: nothing can be dialled through it");
}

/* Codec list simulation: allow/disallow lines in effective order. */
static void check_endpoint_codecs(struct pjctx *pc, size_t i)
{
	struct vctx *c = pc->c;
	const struct tw_conf_section *s = pc->pm.si[i].s;
	uint64_t set = 0, all, audio;
	bool any_allow = false;
	size_t k, ncodec = tw_codec_count();

	if (!c->codec_sets) {
		for (k = 0; k < ncodec && k < 64; k++) {
			c->codec_all |= (uint64_t)1 << k;
			if (tw_codec_at(k)->media == TW_MEDIA_AUDIO && strcmp(tw_codec_at(k)->name, "none"))
				c->codec_audio |= (uint64_t)1 << k;
		}
		c->codec_sets = true;
	}
	all = c->codec_all;
	audio = c->codec_audio;
	eff_collect(&pc->pm, i, NULL, &c->ov);
	for (k = 0; k < c->ov.n; k++) {
		const struct tw_conf_option *op = c->ov.v[k];
		bool allow = name_eq(op->name, "allow");
		const char *p = op->value;
		uint64_t line_seen = 0;

		if (!allow && !name_eq(op->name, "disallow"))
			continue;
		while (p && next_item(&p, ",|", c->item, sizeof(c->item))) {
			char *name = c->item, *colon;
			bool add = allow;
			const struct tw_codec *cd;
			uint64_t bit;

			if (*name == '!') {
				add = !add;
				for (name++; is_blank(*name); name++)
					;
			}
			if ((colon = strchr(name, ':')))
				*colon = '\0';
			if (add)
				any_allow = true;
			if (strcasecmp(name, "all") == 0) {
				set = add ? all : 0;
				continue;
			}
			cd = tw_codec_find(name);
			if (!cd || tw_codec_index(cd) >= 64)
				continue;
			bit = (uint64_t)1 << tw_codec_index(cd);
			if (add && (set & bit) && !(line_seen & bit) && opt_in_object(&pc->pm, i, op))
				odiag(c, TW_WARNING, s, op, "list each codec once",
				      "codec '%s' is already allowed by an earlier line", cd->name);
			line_seen |= bit;
			set = add ? set | bit : set & ~bit;
		}
	}
	if (!any_allow)
		sdiag(c, TW_WARNING, s, "add allow = ulaw,alaw (or the provider's codecs)",
		      "endpoint has no allow line: its codec list starts empty, so no call can be set up");
	else if (!(set & audio))
		sdiag(c, TW_WARNING, s, "allow at least one audio codec, e.g. allow = ulaw,alaw",
		      "allow/disallow leave no audio codec: calls fail with 488");
}

static void check_endpoint(struct pjctx *pc, size_t i)
{
	struct vctx *c = pc->c;
	const struct pmodel *pm = &pc->pm;
	const struct tw_conf_section *s = pm->si[i].s;
	const struct tw_conf_option *mse = eff_last(pm, i, "timers_min_se");
	const struct tw_conf_option *sex = eff_last(pm, i, "timers_sess_expires");
	const struct tw_conf_option *rs = eff_last(pm, i, "rtp_port_start");
	const struct tw_conf_option *re = eff_last(pm, i, "rtp_port_end");
	const struct tw_conf_option *ctx = eff_last(pm, i, "context");
	const char *pco = eff_value(pm, i, "preferred_codec_only");
	const char *icp = eff_value(pm, i, "incoming_call_offer_pref");
	unsigned long min_se = 90, sess = 1800, a, b;

	check_endpoint_codecs(pc, i);
	if (uint_of(mse, &min_se) && min_se < 90)
		odiag(c, TW_ERROR, line_sec(mse, s), mse, "use 90 or more",
		      "timers_min_se must be at least 90: Asterisk drops the endpoint");
	if ((uint_of(sex, &sess) || mse) && sess < min_se)
		odiag(c, TW_ERROR, line_sec(sex ? sex : mse, s), sex ? sex : mse,
		      "make timers_sess_expires at least timers_min_se",
		      "timers_sess_expires (%lu) is below timers_min_se (%lu): Asterisk drops the endpoint",
		      sess, min_se);
	if ((rs && rs->value && *rs->value) != (re && re->value && *re->value))
		odiag(c, TW_ERROR, line_sec(rs ? rs : re, s), rs ? rs : re,
		      "set both rtp_port_start and rtp_port_end",
		      "rtp_port_start and rtp_port_end must be set together: Asterisk drops the endpoint");
	else if (uint_of(rs, &a) && uint_of(re, &b)) {
		if (a < 1024 || b < 1024)
			odiag(c, TW_ERROR, line_sec(rs, s), rs, "use ports from 1024 up",
			      "RTP ports must be 1024 or more: Asterisk drops the endpoint");
		else if (b <= a)
			odiag(c, TW_ERROR, line_sec(re, s), re, "make rtp_port_end larger than rtp_port_start",
			      "rtp_port_end must be above rtp_port_start: Asterisk drops the endpoint");
	}
	if (pco && tw_is_true(pco) && icp && *icp && strcasecmp(icp, "local") != 0)
		sdiag(c, TW_ERROR, s, "drop preferred_codec_only (deprecated) and keep incoming_call_offer_pref",
		      "preferred_codec_only = yes cannot be combined with incoming_call_offer_pref = %s: "
		      "Asterisk drops the endpoint", icp);
	check_ref(pc, i, "aors", TW_OBJ_AOR,
	          "calls to this endpoint fail ('Could not create dialog to invalid URI')");
	check_ref(pc, i, "auth", TW_OBJ_AUTH, "every inbound request on this endpoint fails authentication");
	check_ref(pc, i, "outbound_auth", TW_OBJ_AUTH,
	          "outbound calls fail when the provider asks for authentication");
	check_ref(pc, i, "transport", TW_OBJ_TRANSPORT,
	          "calls fail with 'Unable to retrieve PJSIP transport'");
	if (pc->have_dialplan) {
		const char *name = ctx && ctx->value && *ctx->value ? ctx->value : "default";

		if (!hmap_get(&pc->contexts, name, strlen(name))) {
			char *hint = tw_xasprintf("add a [%s] context to extensions.conf, or change context =",
			                          name);

			if (ctx && ctx->value && *ctx->value)
				odiag(c, TW_WARNING, line_sec(ctx, s), ctx, hint,
				      "the dialplan has no context '%s': inbound calls would get 404", name);
			else
				sdiag(c, TW_WARNING, s, hint, "no context set, so inbound calls go to 'default', "
				      "which the dialplan does not define: they would get 404");
			free(hint);
		}
	}
}

static void add_match_entry(struct pjctx *pc, const struct mentry *e)
{
	if (pc->nm == pc->mcap) {
		pc->mcap = pc->mcap ? pc->mcap * 2 : 64;
		pc->m = tw_xrealloc_large(pc->m, pc->mcap * sizeof(*pc->m));
	}
	pc->m[pc->nm++] = *e;
}

/* An already valid numeric match item into address/prefix/port. */
static bool parse_mnet(const char *it, struct mentry *m)
{
	char buf[256], *addr = buf, *p;
	const char *slash = strchr(it, '/');
	size_t n = slash ? (size_t)(slash - it) : strlen(it);
	unsigned bits, k;

	if (n >= sizeof(buf))
		return false;
	memcpy(buf, it, n);
	buf[n] = '\0';
	m->port = 0;
	if (buf[0] == '[') {
		if (!(p = strchr(buf, ']')))
			return false;
		*p = '\0';
		addr = buf + 1;
		if (p[1] == ':')
			m->port = (unsigned)atoi(p + 2);
	} else if ((p = strchr(buf, ':')) && !strchr(p + 1, ':')) {
		*p = '\0';
		m->port = (unsigned)atoi(p + 1);
	}
	memset(m->a, 0, sizeof(m->a));
	if (inet_pton(AF_INET, addr, m->a) == 1) {
		m->fam = 4;
		bits = 32;
	} else if (inet_pton(AF_INET6, addr, m->a) == 1) {
		m->fam = 6;
		bits = 128;
	} else {
		return false;
	}
	m->prefix = bits;
	if (slash) {
		uint8_t mask[16] = { 0 };

		if (all_digits(slash + 1)) {
			m->prefix = (unsigned)atoi(slash + 1);
		} else if (inet_pton(m->fam == 4 ? AF_INET : AF_INET6, slash + 1, mask) == 1) {
			for (m->prefix = 0; m->prefix < bits &&
			     (mask[m->prefix / 8] & (0x80 >> (m->prefix % 8))); m->prefix++)
				;
		}
		if (m->prefix > bits)
			m->prefix = bits;
	}
	for (k = m->prefix; k < bits; k++)
		m->a[k / 8] &= (uint8_t)~(0x80 >> (k % 8));
	return true;
}

static void collect_matches(struct pjctx *pc, size_t i)
{
	struct vctx *c = pc->c;
	const char *ep = eff_value(&pc->pm, i, "endpoint");
	size_t k;

	if (!ep || !*ep)
		return;
	eff_collect(&pc->pm, i, "match", &c->ov);
	for (k = 0; k < c->ov.n; k++) {
		const char *p = c->ov.v[k]->value;

		while (p && next_item(&p, ",", c->item, sizeof(c->item))) {
			struct mentry e;
			bool is_host = false;

			memset(&e, 0, sizeof(e));
			e.ep = ep;
			e.op = c->ov.v[k];
			e.ident = pc->pm.si[i].s;
			if (!*c->item || c->item[0] == '!' ||
			    !tw_check_match_item(c->item, &is_host, NULL))
				continue;
			if (is_host) {
				e.host = tw_arena_strndup(&pc->hosts, c->item, strlen(c->item));
			} else if (!parse_mnet(c->item, &e)) {
				continue;
			}
			add_match_entry(pc, &e);
		}
	}
}

static void check_identify(struct pjctx *pc, size_t i)
{
	const struct pmodel *pm = &pc->pm;
	static const char *const matchers[] = { "match", "match_header", "match_request_uri" };
	size_t k;
	bool any = false;

	for (k = 0; k < TW_ARRAY_LEN(matchers) && !any; k++) {
		const char *v = eff_value(pm, i, matchers[k]);

		any = v && *v;
	}
	if (!any)
		sdiag(pc->c, TW_ERROR, pm->si[i].s, "add match = <the provider's IP addresses>",
		      "identify has no match, match_header or match_request_uri: "
		      "Asterisk drops it ('not configured to match anything')");
	check_ref(pc, i, "endpoint", TW_OBJ_ENDPOINT,
	          "matching requests stay unidentified and are rejected (401)");
	collect_matches(pc, i);
}

static void check_registration(struct pjctx *pc, size_t i)
{
	struct vctx *c = pc->c;
	const struct pmodel *pm = &pc->pm;
	const struct tw_conf_section *s = pm->si[i].s;
	const struct tw_conf_option *line = eff_last(pm, i, "line");
	const struct tw_conf_option *ep = eff_last(pm, i, "endpoint");
	bool has_line = line && line->value && tw_is_true(line->value);
	bool has_ep = ep && ep->value && *ep->value;

	if (has_ep && !has_line)
		odiag(c, TW_ERROR, line_sec(ep, s), ep, "add line = yes",
		      "endpoint is set but line is not yes: Asterisk drops the registration");
	else if (has_line && !has_ep)
		odiag(c, TW_ERROR, line_sec(line, s), line, "add endpoint = <the trunk's endpoint>",
		      "line = yes needs endpoint: Asterisk drops the registration");
	check_ref(pc, i, "outbound_auth", TW_OBJ_AUTH,
	          "the registration cannot answer the provider's challenge");
	check_ref(pc, i, "transport", TW_OBJ_TRANSPORT, "the registration uses no transport selector");
	check_ref(pc, i, "endpoint", TW_OBJ_ENDPOINT,
	          "inbound calls on this line find no endpoint");
}

/* ---- pjsip: checks across objects ---- */

static void on_duplicate(void *ud, const struct tw_conf_section *first,
                         const struct tw_conf_section *again, enum tw_obj obj)
{
	struct vctx *c = ud;
	char *hint = tw_xasprintf("rename one of them (sections may share a name only when their "
	                          "types differ); the first is at %s:%u",
	                          first->file ? first->file : "?", first->line);

	sdiag(c, TW_ERROR, again, hint,
	      DUPLICATE_WORDS "%s named '%s' (the first is at %s:%u): Asterisk then loads no %s at all "
	      "from the file ('configuration contains a duplicate object')",
	      obj_name(obj), again->name, first->file ? first->file : "?", first->line,
	      obj_name(obj));
	free(hint);
}

static int bentry_cmp(const void *a, const void *b)
{
	const struct bentry *x = a, *y = b;
	int r = strcmp(x->key, y->key);

	if (r)
		return r;
	return x->s->index < y->s->index ? -1 : x->s->index > y->s->index;
}

static void check_binds(struct pjctx *pc)
{
	size_t k;

	if (pc->nb > 1)
		qsort(pc->b, pc->nb, sizeof(*pc->b), bentry_cmp);
	for (k = 1; k < pc->nb; k++) {
		const struct bentry *x = &pc->b[k - 1], *y = &pc->b[k];

		if (strcmp(x->key, y->key) != 0)
			continue;
		{
			char *hint = tw_xasprintf("give each transport its own address or port, e.g. bind = "
			                          "0.0.0.0:5070 (the first is [%s] at %s:%u)", x->s->name,
			                          x->s->file ? x->s->file : "?", x->s->line);

			odiag(pc->c, TW_ERROR, y->s, y->op, hint,
			      "transport [%s] already binds %s: this transport cannot start",
			      x->s->name, y->key);
			free(hint);
		}
	}
	for (k = 0; k < pc->nb; k++)
		free(pc->b[k].key);
}

static int mentry_cmp(const void *a, const void *b)
{
	const struct mentry *x = a, *y = b;
	int r;

	if (x->fam != y->fam)
		return x->fam - y->fam;
	if (x->fam == 0) {
		if ((r = strcasecmp(x->host, y->host)))
			return r;
	} else {
		if ((r = memcmp(x->a, y->a, sizeof(x->a))))
			return r;
		if (x->prefix != y->prefix)
			return x->prefix < y->prefix ? -1 : 1;
	}
	if (x->port != y->port)
		return x->port < y->port ? -1 : 1;
	if (x->op->file != y->op->file && x->op->file && y->op->file &&
	    (r = strcmp(x->op->file, y->op->file)))
		return r;
	if (x->op->line != y->op->line)
		return x->op->line < y->op->line ? -1 : 1;
	return x->ident->index < y->ident->index ? -1 : x->ident->index > y->ident->index;
}

static bool mentry_same(const struct mentry *x, const struct mentry *y)
{
	if (x->fam != y->fam || x->port != y->port)
		return false;
	if (x->fam == 0)
		return strcasecmp(x->host, y->host) == 0;
	return x->prefix == y->prefix && memcmp(x->a, y->a, sizeof(x->a)) == 0;
}

static bool mentry_contains(const struct mentry *net, const struct mentry *x)
{
	unsigned k;

	if (net->fam == 0 || net->fam != x->fam || net->prefix >= x->prefix)
		return false;
	if (net->port && x->port && net->port != x->port)
		return false;
	for (k = 0; k < net->prefix; k++) {
		uint8_t bit = (uint8_t)(0x80 >> (k % 8));

		if ((net->a[k / 8] & bit) != (x->a[k / 8] & bit))
			return false;
	}
	return true;
}

static void match_diag(struct pjctx *pc, enum tw_severity sev, const struct mentry *x,
                       const struct mentry *y, const char *what)
{
	char *hint = tw_xasprintf("give each address to one identify only (the other entry is "
	                          "at %s:%u)", y->op->file ? y->op->file : "?", y->op->line);

	odiag(pc->c, sev, line_sec(x->op, x->ident), x->op, hint,
	      "%s identify [%s] for endpoint '%s'%s", what, y->ident->name, y->ep,
	      sev == TW_ERROR || strcmp(x->ep, y->ep) != 0
	      ? ": which endpoint gets a request is undefined" : "");
	free(hint);
}

/* Schema 8 #16: identify matches of different endpoints must not overlap. */
static void check_overlaps(struct pjctx *pc)
{
	size_t k, j, nets = 0;

	if (pc->nm < 2)
		return;
	qsort(pc->m, pc->nm, sizeof(*pc->m), mentry_cmp);
	for (k = 1; k < pc->nm; k++) {
		const struct mentry *x = &pc->m[k];

		for (j = k; j-- > 0 && mentry_same(&pc->m[j], x);) {
			const struct mentry *y = &pc->m[j];

			if (strcmp(x->ep, y->ep) != 0) {
				match_diag(pc, TW_ERROR, x, y, "the same entry is in");
				break;
			}
			if (j == k - 1) {
				match_diag(pc, TW_WARNING, x, y, "duplicate entry, also in");
				break;
			}
		}
	}
	for (k = 0; k < pc->nm; k++)
		nets += pc->m[k].fam && pc->m[k].prefix < (pc->m[k].fam == 4 ? 32u : 128u);
	if (!nets || (unsigned long)nets * pc->nm > OVERLAP_MAX_WORK)
		return;
	for (k = 0; k < pc->nm; k++) {
		const struct mentry *net = &pc->m[k];

		if (!net->fam || net->prefix >= (net->fam == 4 ? 32u : 128u))
			continue;
		for (j = 0; j < pc->nm; j++)
			if (strcmp(pc->m[j].ep, net->ep) != 0 && mentry_contains(net, &pc->m[j]))
				match_diag(pc, TW_WARNING, &pc->m[j], net, "this address also lies inside a "
				           "network of");
	}
}

static void build_contexts(struct hmap *h, const struct tw_conf *dp)
{
	size_t i;

	hmap_init(h, dp ? dp->nsections : 0, false);
	for (i = 0; dp && i < dp->nsections; i++) {
		const struct tw_conf_section *s = dp->sections[i];
		bool added;

		if (s->is_template || strcasecmp(s->name, "general") == 0 ||
		    strcasecmp(s->name, "globals") == 0)
			continue;
		hmap_put(h, s->name, strlen(s->name), i, &added);
	}
}

/* Remove repeats (same severity, place and text) among d->v[from..]: a line
 * in a template is reached once per object using it. */
static void dedup_diags(struct tw_diags *d, size_t from)
{
	struct hmap seen;
	struct tw_arena keys;
	size_t k, out = from;

	if (d->n - from < 2)
		return;
	hmap_init(&seen, d->n - from, false);
	tw_arena_init(&keys);
	for (k = from; k < d->n; k++) {
		struct tw_diag *g = &d->v[k];
		char *key = tw_xasprintf("%d|%s|%u|%s", (int)g->sev, g->file ? g->file : "",
		                         g->line, g->msg ? g->msg : "");
		const char *stored = tw_arena_strndup(&keys, key, strlen(key));
		bool added;

		hmap_put(&seen, stored, strlen(stored), k, &added);
		free(key);
		if (added) {
			d->v[out++] = *g;
		} else {
			free(g->file);
			free(g->field);
			free(g->msg);
			free(g->hint);
		}
	}
	d->n = out;
	hmap_free(&seen);
	tw_arena_free(&keys);
}

static void vctx_init(struct vctx *c, const struct tw_validate_opts *o, struct tw_diags *d)
{
	memset(c, 0, sizeof(*c));
	if (!o) {
		tw_validate_opts_init(&c->defaults);
		o = &c->defaults;
	}
	c->o = o;
	c->d = d;
	c->suggest_left = SUGGEST_BUDGET;
}

void tw_validate_opts_init(struct tw_validate_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->version.major = TW_ASTVER_DEFAULT_MAJOR;
}

void tw_validate_pjsip(const struct tw_conf *pjsip, const struct tw_validate_opts *o,
                       struct tw_diags *d)
{
	struct vctx *c;
	struct pjctx pc;
	size_t i, from = d->n;

	if (!pjsip)
		return;
	c = tw_xmalloc(sizeof(*c));
	vctx_init(c, o, d);
	memset(&pc, 0, sizeof(pc));
	pc.c = c;
	model_build(&pc.pm, pjsip, &c->ov, on_duplicate, c);
	find_required(&pc);
	if (c->o->dialplan) {
		pc.have_dialplan = true;
		build_contexts(&pc.contexts, c->o->dialplan);
	}
	for (i = 0; i < pc.pm.n; i++) {
		const struct sinfo *si = &pc.pm.si[i];
		const struct tw_conf_section *s = si->s;

		check_header(c, s);
		check_type_line(&pc, i);
		check_own_options(&pc, i);
		if (si->kind != K_OBJ || s->is_template || s->is_addition)
			continue;
		check_required(&pc, i, si->obj);
		switch (si->obj) {
		case TW_OBJ_TRANSPORT:
			check_transport(&pc, i);
			break;
		case TW_OBJ_AUTH:
			check_auth(&pc, i);
			break;
		case TW_OBJ_AOR:
			check_aor(&pc, i);
			break;
		case TW_OBJ_ENDPOINT:
			pc.neps++;
			check_endpoint(&pc, i);
			break;
		case TW_OBJ_IDENTIFY:
			check_identify(&pc, i);
			break;
		case TW_OBJ_REGISTRATION:
			pc.nregs++;
			check_registration(&pc, i);
			break;
		default:
			break;
		}
	}
	check_binds(&pc);
	check_overlaps(&pc);
	if (pc.pm.names[TW_OBJ_TRANSPORT].n == 0 && (pc.nregs || pc.neps) && pjsip->nfiles > 0)
		tw_diag_at(d, TW_NOTE, pjsip->files[0]->path, 0,
		           "make sure pjsip.conf defines one, e.g. [transport-udp] with type = transport, "
		           "protocol = udp, bind = 0.0.0.0",
		           "no type=transport section in the checked files: Asterisk needs at least one "
		           "transport to register or call");
	dedup_diags(d, from);
	if (pc.have_dialplan)
		hmap_free(&pc.contexts);
	tw_free_large(pc.m);
	free(pc.b);
	tw_arena_free(&pc.hosts);
	model_free(&pc.pm);
	for (i = 0; i < TW_OBJ_COUNT; i++)
		free(pc.req[i]);
	free(c->ov.v);
	free(c);
}

/* ---- dialplan (extensions.conf) ---- */

#define PRIO_HINT (-1)
#define PRIO_UNSET (-2)

struct extrec {
	const struct tw_conf_option *first;
	const struct tw_conf_section *sec;
	const char *ext;
	bool has1, labelled, nonhint;
};

struct dpctx {
	struct vctx *c;
	struct tw_arena ar;
	struct hmap exts;      /* ctx \n ext \n cid -> extrec index */
	struct extrec *x;
	size_t nx, xcap;
	struct hmap prios;     /* ctx \n ext \n cid \n prio -> first option (index in po) */
	struct hmap labels;    /* ctx \n ext \n cid \n label -> priority */
	const struct tw_conf_option **po;
	size_t npo, pocap;
	struct pmodel pm;
	bool have_pjsip;
	char key[2 * ITEM_MAX + 64];
	size_t keylen;
};

/* key = ctx \n ext[/cid] (the extension's identity in a context) */
static void dp_key(struct dpctx *dc, const char *ctx, const char *ext)
{
	dc->keylen = (size_t)snprintf(dc->key, sizeof(dc->key), "%s\n%s", ctx, ext);
	if (dc->keylen >= sizeof(dc->key))
		dc->keylen = sizeof(dc->key) - 1;
}

static size_t dp_key_more(struct dpctx *dc, const char *more)
{
	size_t n = (size_t)snprintf(dc->key + dc->keylen, sizeof(dc->key) - dc->keylen,
	                            "\n%s", more);

	n += dc->keylen;
	return n < sizeof(dc->key) ? n : sizeof(dc->key) - 1;
}

static struct extrec *dp_ext(struct dpctx *dc, const struct tw_conf_section *s,
                             const struct tw_conf_option *op, const char *ext)
{
	struct hent *e = hmap_get(&dc->exts, dc->key, dc->keylen);
	bool added;

	if (e)
		return &dc->x[e->val];
	if (dc->nx == dc->xcap) {
		dc->xcap = dc->xcap ? dc->xcap * 2 : 64;
		dc->x = tw_xrealloc(dc->x, dc->xcap * sizeof(*dc->x));
	}
	memset(&dc->x[dc->nx], 0, sizeof(dc->x[dc->nx]));
	dc->x[dc->nx].first = op;
	dc->x[dc->nx].sec = s;
	dc->x[dc->nx].ext = tw_arena_strndup(&dc->ar, ext, strlen(ext));
	hmap_put(&dc->exts, tw_arena_strndup(&dc->ar, dc->key, dc->keylen), dc->keylen, dc->nx, &added);
	return &dc->x[dc->nx++];
}

/* Split the extension field: up to the first ',' outside [...]. */
static char *dp_split_ext(char *v, char **rest)
{
	int depth = 0;
	char *p;

	for (p = v; *p; p++) {
		if (*p == '[')
			depth++;
		else if (*p == ']' && depth > 0)
			depth--;
		else if (*p == ',' && depth == 0)
			break;
	}
	*rest = *p ? p + 1 : NULL;
	*p = '\0';
	return v;
}

static void dp_missing_endpoint(struct dpctx *dc, const struct tw_conf_section *s,
                                const struct tw_conf_option *op, const char *target,
                                const char *ep)
{
	struct vctx *c = dc->c;
	struct namevec *nv = &dc->pm.names[TW_OBJ_ENDPOINT];
	const char *sug = NULL;
	char *hint;
	size_t k;

	for (k = 0; k < nv->n && !sug; k++)
		if (strcasecmp(nv->v[k], ep) == 0)
			sug = nv->v[k];
	if (!sug && nv->n <= SUGGEST_MAX_NAMES && c->suggest_left > 0) {
		c->suggest_left--;
		sug = tw_suggest(ep, nv->v, nv->n);
	}
	if (sug)
		hint = tw_xasprintf("did you mean '%s'? (endpoint names are case-sensitive)", sug);
	else
		hint = tw_xasprintf("define an endpoint [%s] in pjsip.conf, or dial an existing one", ep);
	odiag(c, TW_ERROR, s, op, hint,
	      "Dial target '%s' names endpoint '%s' that does not exist: the call fails",
	      target, ep);
	free(hint);
}

/* Dial(PJSIP/a&PJSIP/user@b/sip:..., ...): every endpoint must exist. */
static void dp_check_dial(struct dpctx *dc, const struct tw_conf_section *s,
                          const struct tw_conf_option *op, const char *args)
{
	char *dest = dc->c->item2;
	const char *p;
	int depth = 0;
	size_t n;

	for (p = args; *p; p++) {
		if (*p == '(' || *p == '{' || *p == '[')
			depth++;
		else if ((*p == ')' || *p == '}' || *p == ']') && depth > 0)
			depth--;
		else if (*p == ',' && depth == 0)
			break;
	}
	n = (size_t)(p - args);
	if (n >= sizeof(dc->c->item2))
		n = sizeof(dc->c->item2) - 1;
	memcpy(dest, args, n);
	dest[n] = '\0';
	for (p = dest; p;) {
		char *part = dc->c->item, *ep, *slash, *at;

		depth = 0;
		n = 0;
		while (p[n] && !(p[n] == '&' && depth == 0)) {
			if (p[n] == '(' || p[n] == '{' || p[n] == '[')
				depth++;
			else if ((p[n] == ')' || p[n] == '}' || p[n] == ']') && depth > 0)
				depth--;
			n++;
		}
		memcpy(part, p, n);
		part[n] = '\0';
		p = p[n] ? p + n + 1 : NULL;
		tw_strtrim(part);
		if (strncasecmp(part, "PJSIP/", 6) != 0)
			continue;
		ep = part + 6;
		if ((slash = strchr(ep, '/')))
			*slash = '\0';
		if ((at = strrchr(ep, '@')))
			ep = at + 1;
		if (strchr(ep, '$'))
			continue;
		if (!*ep) {
			odiag(dc->c, TW_ERROR, s, op, "write PJSIP/<endpoint> or PJSIP/<number>@<endpoint>",
			      "Dial target has no endpoint name after 'PJSIP/'");
			continue;
		}
		if (model_find(&dc->pm, TW_OBJ_ENDPOINT, ep) == NONE) {
			if (slash)
				*slash = '/';
			dp_missing_endpoint(dc, s, op, part, ep);
		}
	}
}

/* The application part of an exten/same line. */
static void dp_check_app(struct dpctx *dc, const struct tw_conf_section *s,
                         const struct tw_conf_option *op, char *app)
{
	char *paren, *close, *name;

	while (app && is_blank(*app))
		app++;
	if (!app || !*app) {
		odiag(dc->c, TW_ERROR, s, op, "add an application, e.g. ...,1,Answer()",
		      "no application after the priority: the call stops here");
		return;
	}
	paren = strchr(app, '(');
	if (!paren)
		return;
	*paren = '\0';
	name = tw_strtrim(app);
	if (strstr(name, "${") || strstr(name, "$["))
		return;
	if (!*name) {
		odiag(dc->c, TW_ERROR, s, op, "put the application name before '('",
		      "no application name before '('");
		return;
	}
	close = strrchr(paren + 1, ')');
	if (!close)
		odiag(dc->c, TW_WARNING, s, op, "add the closing ')'",
		      "no closing parenthesis for %s(", name);
	else
		*close = '\0';
	if (dc->have_pjsip && strcasecmp(name, "Dial") == 0)
		dp_check_dial(dc, s, op, paren + 1);
}

struct dpstate {
	int lastpri;
	const char *lastext;   /* arena copy, with /cid */
};

/* The number of a priority field ("1", "n", "s", "hint", a label, plus
 * "+N"); PRIO_UNSET after reporting why Asterisk skips the line. */
static int dp_priority(struct dpctx *dc, const struct dpstate *st,
                       const struct tw_conf_section *s, const struct tw_conf_option *op,
                       const char *ext, char *pri)
{
	struct vctx *c = dc->c;
	char *plus;
	const char *num;
	int ipri;

	if ((plus = strchr(pri, '+')))
		*plus++ = '\0';
	tw_strtrim(pri);
	num = pri + (*pri == '-');
	if (strcmp(pri, "hint") == 0) {
		ipri = PRIO_HINT;
	} else if (strcmp(pri, "n") == 0 || strcmp(pri, "next") == 0 ||
	           strcmp(pri, "s") == 0 || strcmp(pri, "same") == 0) {
		if (st->lastpri == PRIO_UNSET) {
			odiag(c, TW_ERROR, s, op, "give the first line of a context a number, e.g. 1",
			      "priority '%s' on the first line of context [%s]: Asterisk skips the line",
			      pri, s->name);
			return PRIO_UNSET;
		}
		ipri = pri[0] == 'n' ? st->lastpri + 1 : st->lastpri;
	} else if (all_digits(num)) {
		long v = strtol(pri, NULL, 10);

		if (v < 1) {
			odiag(c, TW_ERROR, s, op, "priorities start at 1",
			      "invalid priority '%s': Asterisk skips the line", pri);
			return PRIO_UNSET;
		}
		ipri = v > INT_MAX / 2 ? INT_MAX / 2 : (int)v;
	} else {
		struct hent *e = NULL;

		if (*pri) {
			dp_key(dc, s->name, ext);
			e = hmap_get(&dc->labels, dc->key, dp_key_more(dc, pri));
		}
		if (!e) {
			odiag(c, TW_ERROR, s, op, "use a number, n, s, hint, or a label defined "
			      "earlier for this extension", "invalid priority or unknown label '%s': "
			      "Asterisk skips the line", pri);
			return PRIO_UNSET;
		}
		ipri = (int)e->val;
	}
	if (plus) {
		if (!all_digits(plus) || strlen(plus) > 6) {
			odiag(c, TW_ERROR, s, op, "write the offset as +N, e.g. n+1",
			      "bad priority offset '+%s'", plus);
			return PRIO_UNSET;
		}
		ipri += atoi(plus);
	}
	return ipri;
}

/* Record (context, extension, priority) and its label; a repeat is an error. */
static void dp_register(struct dpctx *dc, const struct tw_conf_section *s,
                        const struct tw_conf_option *op, const char *ext, int ipri,
                        const char *label)
{
	struct extrec *xr;
	struct hent *e;
	bool added;
	size_t kl;
	char num[24];

	dp_key(dc, s->name, ext);
	xr = dp_ext(dc, s, op, ext);
	if (ipri == 1)
		xr->has1 = true;
	if (ipri != PRIO_HINT)
		xr->nonhint = true;
	if (label && *label) {
		xr->labelled = true;
		kl = dp_key_more(dc, label);
		if (!hmap_get(&dc->labels, dc->key, kl))
			hmap_put(&dc->labels, tw_arena_strndup(&dc->ar, dc->key, kl), kl, (size_t)ipri, &added);
	}
	snprintf(num, sizeof(num), "%d", ipri);
	kl = dp_key_more(dc, num);
	e = hmap_get(&dc->prios, dc->key, kl);
	if (e) {
		const struct tw_conf_option *first = dc->po[e->val];
		char *hint = tw_xasprintf("renumber one of the lines (the first is at %s:%u)",
		                          first->file ? first->file : "?", first->line);

		if (ipri == PRIO_HINT)
			odiag(dc->c, TW_ERROR, s, op, hint, "second hint for extension '%s' in context "
			      "[%s]: Asterisk cannot register it", ext, s->name);
		else
			odiag(dc->c, TW_ERROR, s, op, hint, "priority %d of extension '%s' in context [%s] "
			      "is already defined: Asterisk cannot register this line", ipri, ext, s->name);
		free(hint);
		return;
	}
	if (dc->npo == dc->pocap) {
		dc->pocap = dc->pocap ? dc->pocap * 2 : 64;
		dc->po = tw_xrealloc(dc->po, dc->pocap * sizeof(*dc->po));
	}
	dc->po[dc->npo] = op;
	hmap_put(&dc->prios, tw_arena_strndup(&dc->ar, dc->key, kl), kl, dc->npo++, &added);
}

/* The part of an exten/same line after the extension: prio[(label)],App(args). */
static void dp_line(struct dpctx *dc, struct dpstate *st, const struct tw_conf_section *s,
                    const struct tw_conf_option *op, const char *ext, char *rest)
{
	char empty[1] = "";
	char *pri, *label, *comma;
	int ipri;

	comma = rest ? strchr(rest, ',') : NULL;
	if (comma)
		*comma = '\0';
	pri = tw_strtrim(rest ? rest : empty);
	rest = comma ? comma + 1 : NULL;
	if ((label = strchr(pri, '('))) {
		char *end = strchr(label + 1, ')');

		*label++ = '\0';
		if (!end) {
			odiag(dc->c, TW_ERROR, s, op, "close the label: 1(name)",
			      "label missing ')': Asterisk skips the line");
			return;
		}
		*end = '\0';
	}
	ipri = dp_priority(dc, st, s, op, ext, pri);
	if (ipri == PRIO_UNSET)
		return;
	st->lastpri = ipri;
	if (ipri == 0) {
		odiag(dc->c, TW_ERROR, s, op, "give this line a number",
		      "priority after a hint line works out to 0: Asterisk ignores the line");
		return;
	}
	dp_register(dc, s, op, ext, ipri, label);
	if (ipri != PRIO_HINT)
		dp_check_app(dc, s, op, rest);
}

static void dp_section(struct dpctx *dc, const struct tw_conf_section *s)
{
	struct vctx *c = dc->c;
	struct dpstate st = { PRIO_UNSET, NULL };
	char *buf = tw_xmalloc(ITEM_MAX);
	size_t k;
	bool special = strcasecmp(s->name, "general") == 0 || strcasecmp(s->name, "globals") == 0;

	check_header(c, s);
	for (k = 0; k < s->nopts; k++) {
		const struct tw_conf_option *op = s->opts[k];
		const char *name = op->name;
		char *rest;

		if (!op->value)
			continue;
		check_line_text(c, s, op, false);
		if (special)
			continue;
		snprintf(buf, ITEM_MAX, "%s", op->value);
		if (strncasecmp(name, "same", 4) == 0) {
			if (!st.lastext) {
				odiag(c, TW_ERROR, s, op, "start the extension with exten => <ext>,1,...",
				      "'same =>' before any 'exten =>' in [%s]: Asterisk skips the line",
				      s->name);
				continue;
			}
			dp_line(dc, &st, s, op, st.lastext, buf);
		} else if (strcasecmp(name, "exten") == 0) {
			char *ext = dp_split_ext(buf, &rest), *cid;

			if (!*ext) {
				odiag(c, TW_ERROR, s, op, "write exten => <extension>,<priority>,<application>",
				      "empty extension");
				continue;
			}
			st.lastext = tw_arena_strndup(&dc->ar, ext, strlen(ext));
			cid = strchr(ext, '/');
			if (cid)
				*cid = '\0';
			if (!strchr(ext, '$'))
				tw_dialplan_check_exten(ext, op->file, op->line, NULL, c->d);
			dp_line(dc, &st, s, op, st.lastext, rest);
		} else if (strcasecmp(name, "include") == 0 || strcasecmp(name, "switch") == 0 ||
		           strcasecmp(name, "lswitch") == 0 || strcasecmp(name, "eswitch") == 0 ||
		           strcasecmp(name, "ignorepat") == 0 || strcasecmp(name, "autohints") == 0) {
			if (!*op->value && strcasecmp(name, "autohints") != 0)
				odiag(c, TW_WARNING, s, op, "give a value or remove the line", "empty %s", name);
		} else {
			tw_diags_add(c->d, TW_WARNING, op->file, op->line, NULL,
			             "use exten =>, same =>, include =>, switch => or ignorepat =>",
			             "[%s] unknown dialplan directive '%s': Asterisk ignores the line",
			             s->name, name);
		}
	}
	free(buf);
}

void tw_validate_dialplan(const struct tw_conf *ext, const struct tw_validate_opts *o,
                          struct tw_diags *d)
{
	struct dpctx *dc;
	struct vctx *c;
	size_t i;

	if (!ext)
		return;
	c = tw_xmalloc(sizeof(*c));
	vctx_init(c, o, d);
	dc = tw_xcalloc(1, sizeof(*dc));
	dc->c = c;
	hmap_init(&dc->exts, 256, false);
	hmap_init(&dc->prios, 256, false);
	hmap_init(&dc->labels, 64, false);
	if (c->o->pjsip) {
		dc->have_pjsip = true;
		model_build(&dc->pm, c->o->pjsip, &c->ov, NULL, NULL);
	}
	for (i = 0; i < ext->nsections; i++)
		dp_section(dc, ext->sections[i]);
	for (i = 0; i < dc->nx; i++) {
		const struct extrec *xr = &dc->x[i];

		if (xr->has1 || xr->labelled || !xr->nonhint)
			continue;
		tw_diags_add(d, TW_WARNING, xr->first->file, xr->first->line, NULL,
		             "number the first line of the extension 1",
		             "[%s] extension '%s' has no priority 1: Asterisk never starts it",
		             xr->sec->name, xr->ext);
	}
	hmap_free(&dc->exts);
	hmap_free(&dc->prios);
	hmap_free(&dc->labels);
	tw_arena_free(&dc->ar);
	free(dc->x);
	free(dc->po);
	if (dc->have_pjsip)
		model_free(&dc->pm);
	free(dc);
	free(c->ov.v);
	free(c);
}
