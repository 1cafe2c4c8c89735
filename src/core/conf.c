/* conf.c - Asterisk config files as a lossless model (see conf.h).
 *
 * Memory: a file's bytes are read into one buffer that its lines point into
 * (raw). Everything else in the model (lines, options, sections, names,
 * values) comes from arenas in c->priv and is released all at once by
 * tw_conf_free; removing a line only unlinks it. Big files make big models
 * (about six times their size): buffer, arenas and tables are large blocks
 * on huge pages (see arena.h), and a line without ';' is parsed in place. A hash index maps section
 * names, folded to lower case as Asterisk's parser compares them, to the
 * sections carrying them in load order.
 *
 * The line reader follows main/config.c (schema reference section 1): the
 * comment state machine, header, directive and variable rules are the same,
 * including its oddities (a stray '--;' outside a block comment makes the
 * following lines a comment until the next ';--'). Where Asterisk rejects the
 * whole file we emit an error and keep parsing, so the model holds the rest.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <glob.h>
#include <limits.h>
#include <regex.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "trunkwiz/arena.h"
#include "trunkwiz/conf.h"

#define MAX_NESTED_COMMENTS 128 /* Asterisk's limit */
#define MAX_INHERIT_DEPTH 64    /* guard for lookups through edited models */
#define NO_LIMIT SIZE_MAX
#define MAX_FILE_SIZE ((size_t)256 << 20) /* refuse endless inputs (/dev/zero) */

static void *arena_zalloc(struct tw_arena *a, size_t n)
{
	return tw_arena_alloc(a, n, sizeof(void *));
}

/* ---- private data: arenas and the section name index ---- */

struct slot {
	uint32_t hash;
	uint32_t first, last; /* section index + 1; first == 0: empty slot */
};

struct interned {
	uint32_t hash;
	uint32_t len;
	const char *s;
};

struct overlay {
	char *path;
	const char *data;    /* borrowed; NULL: the file is taken as absent */
	size_t len;
};

struct conf_priv {
	struct tw_arena mem;    /* lines, options, sections, strings */
	struct tw_arena arrays; /* option arrays, grown in place while parsing */
	struct interned *names; /* option names, shared (a few distinct ones) */
	size_t namecap, nnames;
	struct slot *tab;
	size_t tabcap, tabused;
	uint32_t *next;      /* same-name chain by section index (+1, 0 ends) */
	size_t nextcap;
	size_t nindexed;     /* sections[0..nindexed) are in the index */
	size_t nadditions;
	struct overlay *ov;  /* files read from memory (tw_conf_overlay) */
	size_t nov;
};

static struct conf_priv *priv(const struct tw_conf *c)
{
	return c->priv;
}

static int ascii_lower(int ch)
{
	return ch >= 'A' && ch <= 'Z' ? ch + 32 : ch;
}

/* Case-insensitive for ASCII only, whatever the locale (Latin-1 names). */
static bool ascii_caseeq(const char *a, const char *b)
{
	for (; *a && ascii_lower((unsigned char)*a) == ascii_lower((unsigned char)*b); a++, b++)
		;
	return ascii_lower((unsigned char)*a) == ascii_lower((unsigned char)*b);
}

#define MAX_INTERNED 4096

/* A cheap hash for interning: length, first and last four bytes. */
static uint32_t intern_hash(const char *s, size_t n)
{
	uint32_t a = 0, b = 0, h;
	size_t i;

	if (n >= 4) {
		memcpy(&a, s, 4);
		memcpy(&b, s + n - 4, 4);
	} else {
		for (i = 0; i < n; i++)
			a = a << 8 | (unsigned char)s[i];
	}
	h = a * 0x9E3779B1u + b * 0x85EBCA77u + (uint32_t)n;
	h ^= h >> 15;
	h *= 0xC2B2AE3Du;
	return h ^ h >> 13;
}

/* Option names repeat (type, allow, exten...): keep one copy of each. */
static char *intern_name(struct conf_priv *p, const char *s, size_t n)
{
	uint32_t h = intern_hash(s, n);
	size_t i, j, mask;

	if (p->nnames >= MAX_INTERNED || n > UINT32_MAX)
		return tw_arena_strndup(&p->mem, s, n);
	if ((p->nnames + 1) * 2 > p->namecap) {
		size_t cap = p->namecap ? p->namecap * 2 : 64;
		struct interned *t = tw_xcalloc(cap, sizeof(*t));

		for (i = 0; i < p->namecap; i++) {
			if (!p->names[i].s)
				continue;
			for (j = p->names[i].hash & (cap - 1); t[j].s; j = (j + 1) & (cap - 1))
				;
			t[j] = p->names[i];
		}
		free(p->names);
		p->names = t;
		p->namecap = cap;
	}
	mask = p->namecap - 1;
	for (i = h & mask; p->names[i].s; i = (i + 1) & mask)
		if (p->names[i].hash == h && p->names[i].len == n && memcmp(p->names[i].s, s, n) == 0)
			return (char *)p->names[i].s;
	p->names[i].hash = h;
	p->names[i].len = (uint32_t)n;
	p->names[i].s = tw_arena_strndup(&p->mem, s, n);
	p->nnames++;
	return (char *)p->names[i].s;
}

static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++) {
		h ^= (uint32_t)ascii_lower((unsigned char)*s);
		h *= 16777619u;
	}
	return h;
}

/* The name index is built when a lookup first needs it, and brought up to
 * date by the next lookup after sections were appended: most big files
 * (no templates, no additions) are checked without ever needing it, and
 * its random accesses are a good part of the parse time otherwise. */

/* The slot holding name's group, or the empty slot where it would go. */
static struct slot *index_slot(const struct tw_conf *c, const char *name, uint32_t h)
{
	const struct conf_priv *p = priv(c);
	size_t mask = p->tabcap - 1, i;

	for (i = h & mask; p->tab[i].first; i = (i + 1) & mask) {
		if (p->tab[i].hash == h &&
		    ascii_caseeq(c->sections[p->tab[i].first - 1]->name, name))
			break;
	}
	return &p->tab[i];
}

static void index_grow(struct conf_priv *p)
{
	size_t cap = p->tabcap ? p->tabcap * 2 : 64, i, j;
	struct slot *tab = tw_xcalloc_large(cap, sizeof(*tab));

	for (i = 0; i < p->tabcap; i++) {
		if (!p->tab[i].first)
			continue;
		for (j = p->tab[i].hash & (cap - 1); tab[j].first; j = (j + 1) & (cap - 1))
			;
		tab[j] = p->tab[i];
	}
	tw_free_large(p->tab);
	p->tab = tab;
	p->tabcap = cap;
}

/* Index s, which must come after every indexed section in load order. */
static void index_add(const struct tw_conf *c, struct tw_conf_section *s)
{
	struct conf_priv *p = priv(c);
	uint32_t h = name_hash(s->name);
	struct slot *sl;

	if ((p->tabused + 1) * 2 > p->tabcap)
		index_grow(p);
	if (s->index >= p->nextcap) {
		p->nextcap = c->seccap > s->index ? c->seccap : s->index + 1;
		p->next = tw_xrealloc_large(p->next, p->nextcap * sizeof(*p->next));
	}
	p->next[s->index] = 0;
	sl = index_slot(c, s->name, h);
	if (sl->first) {
		p->next[sl->last - 1] = (uint32_t)s->index + 1;
		sl->last = (uint32_t)s->index + 1;
	} else {
		sl->hash = h;
		sl->first = sl->last = (uint32_t)s->index + 1;
		p->tabused++;
	}
}

/* After a section was inserted or removed anywhere but at the end: number
 * them again and drop the index. */
static void index_reset(struct tw_conf *c)
{
	struct conf_priv *p = priv(c);
	size_t i;

	if (p->tabcap)
		memset(p->tab, 0, p->tabcap * sizeof(*p->tab));
	p->tabused = 0;
	p->nindexed = 0;
	p->nadditions = 0;
	for (i = 0; i < c->nsections; i++) {
		c->sections[i]->index = i;
		p->nadditions += c->sections[i]->is_addition;
	}
}

/* First section (index + 1) of the group named name (any case), or 0. */
static uint32_t index_first(const struct tw_conf *c, const char *name)
{
	struct conf_priv *p = priv(c);

	while (p->nindexed < c->nsections)
		index_add(c, c->sections[p->nindexed++]);
	if (!p->tabcap)
		return 0;
	return index_slot(c, name, name_hash(name))->first;
}

static uint32_t index_next(const struct tw_conf *c, uint32_t k)
{
	return priv(c)->next[k - 1];
}

/* ---- sections list ---- */

static void sections_insert(struct tw_conf *c, struct tw_conf_section *s, size_t pos)
{
	if (c->nsections == c->seccap) {
		c->seccap = c->seccap ? c->seccap * 2 : 64;
		c->sections = tw_xrealloc_large(c->sections, c->seccap * sizeof(*c->sections));
	}
	if (pos < c->nsections)
		memmove(c->sections + pos + 1, c->sections + pos,
		        (c->nsections - pos) * sizeof(*c->sections));
	c->sections[pos] = s;
	c->nsections++;
	s->index = pos;
	if (pos + 1 == c->nsections)
		priv(c)->nadditions += s->is_addition;
	else
		index_reset(c);
}

static bool section_listed(const struct tw_conf *c, const struct tw_conf_section *s)
{
	return s->index < c->nsections && c->sections[s->index] == s;
}

static void sections_remove(struct tw_conf *c, struct tw_conf_section *s)
{
	if (!section_listed(c, s))
		return;
	memmove(c->sections + s->index, c->sections + s->index + 1,
	        (c->nsections - s->index - 1) * sizeof(*c->sections));
	c->nsections--;
	s->index = NO_LIMIT;
	index_reset(c);
}

/* While a section is read, its option array is the last block of the
 * arrays arena, so it grows in place one slot at a time and ends up exactly
 * as long as needed; otherwise it doubles. */
static void section_push_option(struct tw_conf *c, struct tw_conf_section *s,
                                struct tw_conf_option *o)
{
	struct tw_arena *a = &priv(c)->arrays;

	if (s->nopts == s->optcap) {
		if (tw_arena_extend(a, s->opts, s->optcap * sizeof(*s->opts), sizeof(*s->opts))) {
			s->optcap++;
		} else {
			size_t cap = s->optcap ? s->optcap * 2 : 1;

			s->opts = tw_arena_grow(a, s->opts, s->optcap * sizeof(*s->opts),
			                        cap * sizeof(*s->opts));
			s->optcap = cap;
		}
	}
	s->opts[s->nopts++] = o;
}

/* ---- lines ---- */

static struct tw_conf_line *line_new(struct tw_conf *c, enum tw_line_kind kind)
{
	struct tw_conf_line *ln = arena_zalloc(&priv(c)->mem, sizeof(*ln));

	ln->kind = kind;
	return ln;
}

static void file_insert_after(struct tw_conf_file *f, struct tw_conf_line *after,
                              struct tw_conf_line *ln)
{
	ln->prev = after;
	ln->next = after ? after->next : f->first;
	if (ln->next)
		ln->next->prev = ln;
	else
		f->last = ln;
	if (after)
		after->next = ln;
	else
		f->first = ln;
	f->nlines++;
}

static struct tw_conf_file *file_new(struct tw_conf *c, const char *path, char *data,
                                     size_t len, unsigned depth)
{
	struct tw_conf_file *f;
	const char *nl = data ? memchr(data, '\n', len) : NULL;

	/* Its lines, options and values take a few times its size. */
	tw_arena_hint(&priv(c)->mem, len * 4);
	tw_arena_hint(&priv(c)->arrays, len / 2);
	f = arena_zalloc(&priv(c)->mem, sizeof(*f));
	f->path = tw_arena_strdup(&priv(c)->mem, path);
	f->data = data;
	f->len = len;
	f->eol = nl && nl > data && nl[-1] == '\r' ? "\r\n" : "\n";
	f->final_newline = len == 0 || data[len - 1] == '\n';
	f->depth = depth;
	f->conf = c;
	c->files = tw_xrealloc(c->files, (c->nfiles + 1) * sizeof(*c->files));
	c->files[c->nfiles++] = f;
	return f;
}

/* ---- diagnostics ---- */

static void diag(struct tw_diags *d, enum tw_severity sev, const char *file,
                 unsigned line, const char *hint, const char *fmt, ...) TW_PRINTF(6, 7);

static void diag(struct tw_diags *d, enum tw_severity sev, const char *file,
                 unsigned line, const char *hint, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (!d)
		return;
	va_start(ap, fmt);
	msg = tw_xvasprintf(fmt, ap);
	va_end(ap);
	tw_diag_at(d, sev, file, line, hint, "%s", msg);
	free(msg);
}

/* ---- lookups through inheritance and additions ---- */

struct optvec {
	const struct tw_conf_option **v;
	size_t n, cap;
};

static void optvec_push(struct optvec *ov, const struct tw_conf_option *o)
{
	if (ov->n == ov->cap) {
		ov->cap = ov->cap ? ov->cap * 2 : 16;
		ov->v = tw_xrealloc(ov->v, ov->cap * sizeof(*ov->v));
	}
	ov->v[ov->n++] = o;
}

static size_t min_size(size_t a, size_t b)
{
	return a < b ? a : b;
}

/* Call fn for each addition to s loaded before position limit, in order.
 * Additions share s's name group, so this walks a short chain. */
static const struct tw_conf_option *
each_addition(const struct tw_conf_section *s, size_t limit,
              const struct tw_conf_option *(*fn)(const struct tw_conf_section *,
                                                 const char *, void *),
              const char *name, void *arg)
{
	const struct tw_conf *c = s->owner ? s->owner->conf : NULL;
	const struct tw_conf_option *hit = NULL, *o;
	uint32_t k;

	if (!c || !priv(c)->nadditions || s->is_addition || !section_listed(c, s))
		return NULL;
	for (k = index_first(c, s->name); k; k = index_next(c, k)) {
		const struct tw_conf_section *a = c->sections[k - 1];

		if (a->is_addition && a->nbases && a->base_secs[0] == s && a->index < limit &&
		    (o = fn(a, name, arg)))
			hit = o;
	}
	return hit;
}

static void collect_rec(const struct tw_conf_section *s, const char *name,
                        size_t limit, struct optvec *out, unsigned depth);

static void collect_own(const struct tw_conf_section *s, const char *name,
                        struct optvec *out)
{
	size_t i;

	for (i = 0; i < s->nopts; i++)
		if (!name || ascii_caseeq(s->opts[i]->name, name))
			optvec_push(out, s->opts[i]);
}

/* What an addition brings: its extra bases, then its own lines. */
static const struct tw_conf_option *
collect_addition(const struct tw_conf_section *a, const char *name, void *arg)
{
	size_t i;

	for (i = 1; i < a->nbases; i++)
		if (a->base_secs[i])
			collect_rec(a->base_secs[i], name, a->index, arg, 1);
	collect_own(a, name, arg);
	return NULL;
}

/* Asterisk copies a base's options in front of the section's own at parse
 * time, so a base contributes what it had when s was read: its own options
 * plus the additions loaded before s (limit). */
static void collect_rec(const struct tw_conf_section *s, const char *name,
                        size_t limit, struct optvec *out, unsigned depth)
{
	size_t i;

	if (depth > MAX_INHERIT_DEPTH)
		return;
	for (i = 0; i < s->nbases; i++)
		if (s->base_secs[i])
			collect_rec(s->base_secs[i], name, min_size(limit, s->index), out, depth + 1);
	collect_own(s, name, out);
	each_addition(s, limit, collect_addition, name, out);
}

static const struct tw_conf_option *get_rec(const struct tw_conf_section *s,
                                            const char *name, size_t limit,
                                            unsigned depth);

static const struct tw_conf_option *own_last(const struct tw_conf_section *s,
                                             const char *name)
{
	size_t i;

	for (i = s->nopts; i-- > 0;)
		if (ascii_caseeq(s->opts[i]->name, name))
			return s->opts[i];
	return NULL;
}

static const struct tw_conf_option *
get_addition(const struct tw_conf_section *a, const char *name, void *arg)
{
	const struct tw_conf_option *o = own_last(a, name);
	size_t i;

	for (i = a->nbases; !o && i-- > 1;)
		if (a->base_secs[i])
			o = get_rec(a->base_secs[i], name, a->index, 1);
	return o;
}

static const struct tw_conf_option *get_rec(const struct tw_conf_section *s,
                                            const char *name, size_t limit,
                                            unsigned depth)
{
	const struct tw_conf_option *o;
	size_t i;

	if (depth > MAX_INHERIT_DEPTH)
		return NULL;
	if ((o = each_addition(s, limit, get_addition, name, NULL)))
		return o;
	if ((o = own_last(s, name)))
		return o;
	for (i = s->nbases; i-- > 0;)
		if (s->base_secs[i] &&
		    (o = get_rec(s->base_secs[i], name, min_size(limit, s->index), depth + 1)))
			return o;
	return NULL;
}

const struct tw_conf_option *tw_conf_section_get(const struct tw_conf_section *s,
                                                 const char *name)
{
	return s && name ? get_rec(s, name, NO_LIMIT, 0) : NULL;
}

const char *tw_conf_section_value(const struct tw_conf_section *s, const char *name)
{
	const struct tw_conf_option *o = tw_conf_section_get(s, name);

	return o ? o->value : NULL;
}

size_t tw_conf_section_collect(const struct tw_conf_section *s, const char *name,
                               const struct tw_conf_option ***out)
{
	struct optvec ov = { NULL, 0, 0 };

	if (s)
		collect_rec(s, name, NO_LIMIT, &ov, 0);
	*out = ov.v;
	return ov.n;
}

struct tw_conf_section *tw_conf_find_section(const struct tw_conf *c, const char *name)
{
	uint32_t k;

	if (!c || !name)
		return NULL;
	for (k = index_first(c, name); k; k = index_next(c, k))
		if (strcmp(c->sections[k - 1]->name, name) == 0)
			return c->sections[k - 1];
	return NULL;
}

size_t tw_conf_find_sections(const struct tw_conf *c, const char *name,
                             struct tw_conf_section ***out)
{
	struct tw_conf_section **v = NULL;
	size_t n = 0;
	uint32_t k;

	for (k = c && name ? index_first(c, name) : 0; k; k = index_next(c, k)) {
		if (strcmp(c->sections[k - 1]->name, name) != 0)
			continue;
		v = tw_xrealloc(v, (n + 1) * sizeof(*v));
		v[n++] = c->sections[k - 1];
	}
	*out = v;
	return n;
}

struct tw_conf_file *tw_conf_find_file(const struct tw_conf *c, const char *path)
{
	size_t i;

	for (i = 0; c && path && i < c->nfiles; i++)
		if (strcmp(c->files[i]->path, path) == 0)
			return c->files[i];
	return NULL;
}

/* ---- section headers: options, bases, additions ---- */

/* Asterisk's (+filter): name=regex pairs joined by '&', each matched
 * (unanchored POSIX ERE) against the section's variables; TEMPLATES=include
 * or restrict admits templates (does_category_match in main/config.c). */
static bool filter_matches(const struct tw_conf_section *s, const char *filter)
{
	char *dup = tw_xstrdup(filter), *rest = dup, *item;
	size_t nexpr = 0, nfound = 0, i;
	bool template_ok = false, ok = true;
	const struct tw_conf_option **v;
	size_t n = tw_conf_section_collect(s, NULL, &v);

	while (ok && (item = strsep(&rest, ",&"))) {
		char *name = item, *value = strchr(item, '=');
		regex_t rn, rv;

		nexpr++;
		if (!value)
			break;
		*value++ = '\0';
		value[strcspn(value, "=")] = '\0';
		name = tw_strtrim(name);
		value = tw_strtrim(value);
		if (strcmp(name, "TEMPLATES") == 0) {
			if (!strcasecmp(value, "include")) {
				template_ok = template_ok || s->is_template;
				nfound++;
			} else if (!strcasecmp(value, "restrict")) {
				if (!s->is_template)
					break;
				template_ok = true;
				nfound++;
			}
			continue;
		}
		if (regcomp(&rn, name, REG_EXTENDED | REG_NOSUB) != 0) {
			ok = false;
			break;
		}
		if (regcomp(&rv, value, REG_EXTENDED | REG_NOSUB) != 0) {
			regfree(&rn);
			ok = false;
			break;
		}
		for (i = 0; i < n; i++) {
			if (!regexec(&rn, v[i]->name, 0, NULL, 0) && !regexec(&rv, v[i]->value, 0, NULL, 0)) {
				nfound++;
				break;
			}
		}
		regfree(&rn);
		regfree(&rv);
	}
	free(v);
	free(dup);
	return ok && nfound == nexpr && (!s->is_template || template_ok);
}

/* Asterisk's lookup for a base or an addition target: the first section of
 * this load (index >= start) whose name matches case-insensitively (an
 * empty name matches any); additions are not sections of their own there. */
static struct tw_conf_section *find_earlier(const struct tw_conf *c, const char *name,
                                            size_t start, bool addition,
                                            const char *filter)
{
	uint32_t k = *name ? index_first(c, name) : (start < c->nsections ? (uint32_t)start + 1 : 0);

	for (; k; k = *name ? index_next(c, k) : (k < c->nsections ? k + 1 : 0)) {
		struct tw_conf_section *s = c->sections[k - 1];

		if (k - 1 < start || s->is_addition)
			continue;
		if (!addition)
			return s;
		if (filter ? filter_matches(s, filter) : !s->is_template)
			return s;
	}
	return NULL;
}

/* Split opts_text on ',' exactly like Asterisk (no trimming) and fill the
 * flags and the bases list. Written bases fill slots 1..n; slot 0 holds an
 * addition's target (see conf.h) and is skipped for other sections. */
static void section_set_opts(struct tw_conf *c, struct tw_conf_section *s)
{
	struct tw_arena *a = &priv(c)->mem;
	const char *p = s->opts_text, *comma;
	size_t n = 1, i = 0;

	for (comma = p; (comma = strchr(comma, ',')); comma++)
		n++;
	s->bases = arena_zalloc(a, (n + 1) * sizeof(*s->bases));
	s->base_secs = arena_zalloc(a, (n + 1) * sizeof(*s->base_secs));
	for (;; p = comma + 1) {
		size_t len = (comma = strchr(p, ',')) ? (size_t)(comma - p) : strlen(p);

		if (len == 1 && *p == '!') {
			s->is_template = true;
		} else if (*p == '+') {
			s->is_addition = true;
			s->add_filter = len > 1 ? tw_arena_strndup(a, p + 1, len - 1) : NULL;
		} else {
			s->bases[++i] = tw_arena_strndup(a, p, len);
		}
		if (!comma)
			break;
	}
	if (s->is_addition) {
		s->bases[0] = s->name;
		s->nbases = i + 1;
	} else {
		s->bases++;
		s->base_secs++;
		s->nbases = i;
	}
}

static struct tw_conf_section *section_new(struct tw_conf *c, struct tw_conf_file *f,
                                           const char *name, size_t namelen,
                                           const char *opts, size_t optslen,
                                           struct tw_conf_line *header)
{
	struct tw_arena *a = &priv(c)->mem;
	struct tw_conf_section *s = arena_zalloc(a, sizeof(*s));

	s->name = tw_arena_strndup(a, name, namelen);
	s->file = f->path;
	s->line = header->lineno;
	s->owner = f;
	s->header = s->last = header;
	if (opts) {
		s->opts_text = tw_arena_strndup(a, opts, optslen);
		section_set_opts(c, s);
	}
	header->kind = TW_LINE_SECTION;
	header->section = s;
	return s;
}

/* Resolve bases and the addition target; report what Asterisk rejects. */
static void section_resolve(struct tw_conf *c, struct tw_conf_section *s, size_t start,
                            struct tw_diags *d)
{
	size_t i = 0;

	if (s->is_addition) {
		s->base_secs[0] = find_earlier(c, s->name, start, true, s->add_filter);
		if (!s->base_secs[0])
			diag(d, TW_ERROR, s->file, s->line,
			     "define the section first, or remove '(+)'",
			     "[%s](+%s) needs an earlier section of that name%s; "
			     "Asterisk rejects the whole file", s->name,
			     s->add_filter ? s->add_filter : "",
			     s->add_filter ? " matching the filter" : " (templates do not count)");
		i = 1;
	}
	for (; i < s->nbases; i++) {
		const char *b = s->bases[i];
		bool spaced = *b && ((unsigned char)b[0] < 33 || (unsigned char)b[strlen(b) - 1] < 33);

		s->base_secs[i] = find_earlier(c, b, start, false, NULL);
		if (!s->base_secs[i])
			diag(d, TW_ERROR, s->file, s->line,
			     spaced ? "remove the spaces in the (...) list: Asterisk does not trim them"
			            : "define the template before the sections that use it",
			     "[%s] inherits from '%s', which is not defined earlier; "
			     "Asterisk rejects the whole file", s->name, b);
	}
}

/* ---- the line reader ---- */

struct incl {
	char *canon;      /* realpath, owned */
	const char *path; /* as opened */
};

struct load {
	struct tw_conf *c;
	struct tw_diags *d;
	bool follow;
	size_t start;                        /* first section of this load */
	struct tw_conf_section *current;     /* Asterisk's cfg->current */
	const char *basedir;                 /* for relative #include */
	struct incl stack[TW_CONF_MAX_INCLUDE_DEPTH + 1];
	unsigned nstack;
	char **seen;                         /* canonical paths loaded so far */
	size_t nseen;
	char scratch[TW_CONF_MAX_LINE + 1]; /* the line being cooked */
};

struct fstate {
	struct tw_conf_file *f;
	struct tw_conf_section *cur;
	bool orphan;            /* after a header without ']' */
	int comment;            /* block comment depth; may go negative, as in Asterisk */
	unsigned nest[MAX_NESTED_COMMENTS];
};

static void parse_file(struct load *L, struct tw_conf_file *f, struct tw_conf_section *cur);

static char *strip(char *s)
{
	char *e;

	while (*s && (unsigned char)*s < 33)
		s++;
	e = s + strlen(s);
	while (e > s && (unsigned char)e[-1] < 33)
		e--;
	*e = '\0';
	return s;
}

/* Asterisk's comment pass over one line (config.c, the strchr(';') loop):
 * removes comments and the backslash of '\;', tracks block comments. Returns
 * what is left to process, or NULL when the line starts inside a comment. */
static char *cook_line(struct load *L, struct fstate *st, unsigned lineno, char *buf)
{
	char *new_buf = buf, *process = st->comment ? NULL : buf, *p;

	while ((p = strchr(new_buf, ';'))) {
		if (p > new_buf && p[-1] == '\\') {
			memmove(p - 1, p, strlen(p) + 1);
			new_buf = p;
		} else if (p[1] == '-' && p[2] == '-' && p[3] != '-') {
			if (st->comment >= MAX_NESTED_COMMENTS) {
				diag(L->d, TW_ERROR, st->f->path, lineno, "flatten the block comments",
				     "block comments nested deeper than %d; Asterisk stops here",
				     MAX_NESTED_COMMENTS);
				new_buf = p + 1;
				continue;
			}
			*p = '\0';
			new_buf = p + 3;
			if (st->comment >= 0)
				st->nest[st->comment] = lineno;
			st->comment++;
		} else if (p >= new_buf + 2 && p[-1] == '-' && p[-2] == '-') {
			if (--st->comment < 0)
				diag(L->d, TW_WARNING, st->f->path, lineno,
				     "escape the ';' as '\\;' or remove the '--;'",
				     "'--;' closes a block comment that was never opened; "
				     "Asterisk ignores the following lines up to the next ';--'");
			new_buf = p + 1;
			if (st->comment == 0) {
				if (process) {
					char *old = process + strlen(process);

					memmove(old, new_buf, strlen(new_buf) + 1);
					new_buf = old;
				} else {
					process = new_buf;
				}
			}
		} else if (!st->comment) {
			*p = '\0';
			new_buf = p;
		} else {
			new_buf = p + 1;
		}
	}
	return process;
}

static void parse_header(struct load *L, struct fstate *st, struct tw_conf_line *ln,
                         char *s)
{
	char *close = strchr(s, ']'), *opts = NULL, *rp;
	struct tw_conf_section *sec;
	size_t optslen = 0;

	if (!close) {
		diag(L->d, TW_ERROR, st->f->path, ln->lineno, "close the section name with ']'",
		     "section header without ']'; Asterisk rejects the whole file");
		ln->kind = TW_LINE_INVALID;
		ln->section = st->cur = NULL;
		st->orphan = true;
		return;
	}
	if (close[1] == '(') {
		opts = close + 2;
		if (!(rp = strchr(opts, ')')))
			diag(L->d, TW_ERROR, st->f->path, ln->lineno, "close the list with ')'",
			     "section options without ')'; Asterisk rejects the whole file");
		optslen = rp ? (size_t)(rp - opts) : strlen(opts);
	} else if (close[1] && close[1 + strspn(close + 1, " \t")] == '(') {
		diag(L->d, TW_WARNING, st->f->path, ln->lineno,
		     "write the (...) right after ']', with no space",
		     "Asterisk ignores the (...) after [%.*s]: it must follow ']' directly",
		     (int)(close - s - 1), s + 1);
	}
	sec = section_new(L->c, st->f, s + 1, (size_t)(close - s - 1), opts, optslen, ln);
	section_resolve(L->c, sec, L->start, L->d);
	sections_insert(L->c, sec, L->c->nsections);
	st->cur = L->current = sec;
	st->orphan = false;
}

/* s[0..len) is the line without its comment, trimmed; it may be read-only. */
static void parse_option(struct load *L, struct fstate *st, struct tw_conf_line *ln,
                         const char *s, size_t len)
{
	struct tw_arena *a = &priv(L->c)->mem;
	const char *end = s + len, *eq, *val, *ne;
	enum tw_conf_op op = TW_OP_SET;
	struct tw_conf_option *o;
	bool esc = *s == '\\';

	ln->kind = TW_LINE_INVALID;
	if (st->orphan) /* the broken header above already drew the error */
		return;
	if (!st->cur) {
		diag(L->d, TW_ERROR, st->f->path, ln->lineno, "put it under a [section] header",
		     "option line before any section (No category context); "
		     "Asterisk rejects the whole file");
		return;
	}
	if (esc && (++s == end || (unsigned char)*s < 33)) {
		diag(L->d, TW_ERROR, st->f->path, ln->lineno, NULL,
		     "invalid escape at the start of the line; Asterisk rejects the whole file");
		return;
	}
	if (!(eq = memchr(s + esc, '=', (size_t)(end - s - esc)))) {
		diag(L->d, TW_WARNING, st->f->path, ln->lineno, "write it as 'name = value'",
		     "line without '='; Asterisk ignores it");
		return;
	}
	val = eq + 1;
	if (eq > s + esc && eq[-1] == '+') {
		op = TW_OP_APPEND;
		eq--;
	} else if (val < end && *val == '>') {
		op = TW_OP_OBJECT;
		val++;
	}
	while (s < eq && (unsigned char)*s < 33)
		s++;
	for (ne = eq; ne > s && (unsigned char)ne[-1] < 33; ne--)
		;
	if (ne == s) {
		diag(L->d, TW_WARNING, st->f->path, ln->lineno, "put the option name before '='",
		     "option without a name; Asterisk ignores it");
		return;
	}
	while (val < end && (unsigned char)*val < 33)
		val++;
	o = tw_arena_alloc(a, sizeof(*o), sizeof(void *));
	o->name = intern_name(priv(L->c), s, (size_t)(ne - s));
	o->value = tw_arena_strndup(a, val, (size_t)(end - val));
	o->op = op;
	o->file = st->f->path;
	o->line = ln->lineno;
	o->ln = ln;
	section_push_option(L->c, st->cur, o);
	ln->kind = TW_LINE_OPTION;
	ln->option = o;
	if (st->cur->owner == st->f)
		st->cur->last = ln;
}

static int read_fail(int fd, char *buf, int err)
{
	tw_free_large(buf);
	close(fd);
	errno = err;
	return -1;
}

/* Read a whole file into one buffer (NUL-terminated, for convenience).
 * A large block, so a big file lands in huge pages. Not a mapping of the
 * file: a private mapping is no snapshot (pages not yet copied show later
 * writes to the file, and a truncation makes them raise SIGBUS), while a
 * model lives on and is written back over the file; measured on the bench
 * file, mapping it was no faster than reading into huge pages either. */
static int read_whole(const char *path, char **data, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	size_t cap, n = 0;
	ssize_t r;
	char *buf;

	if (fd < 0)
		return -1;
	if (fstat(fd, &sb) != 0)
		return read_fail(fd, NULL, errno);
	if (S_ISDIR(sb.st_mode))
		return read_fail(fd, NULL, EISDIR);
	/* room for the NUL and one more byte, so a complete read needs no realloc */
	cap = sb.st_size > 0 ? (size_t)sb.st_size + 2 : 4096;
	buf = tw_xmalloc_large(cap);
	while ((r = read(fd, buf + n, cap - n - 1)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return read_fail(fd, buf, errno);
		n += (size_t)r;
		if (n + 1 == cap && cap > MAX_FILE_SIZE)
			return read_fail(fd, buf, EFBIG);
		if (n + 1 == cap)
			buf = tw_xrealloc_large(buf, cap *= 2);
	}
	close(fd);
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return 0;
}

static size_t is_control(unsigned char ch)
{
	return ((ch < 0x20) & (ch != '\t') & (ch != '\n') & (ch != '\r') & (ch != '\f')) |
	       (ch == 0x7f);
}

/* Control bytes other than tab, CR, LF and form feed. Blocks of 64 bytes
 * with a branch-free body: the compiler turns it into vector code. */
static size_t count_control(const unsigned char *p, size_t n)
{
	size_t i = 0, j, ctrl = 0;

	for (; n - i >= 64; i += 64) {
		unsigned char k = 0;

		for (j = 0; j < 64; j++)
			k = (unsigned char)(k + is_control(p[i + j]));
		ctrl += k;
	}
	for (; i < n; i++)
		ctrl += is_control(p[i]);
	return ctrl;
}

static const struct overlay *overlay_find(const struct tw_conf *c, const char *path)
{
	const struct conf_priv *p = priv(c);
	size_t i;

	for (i = 0; i < p->nov; i++)
		if (strcmp(p->ov[i].path, path) == 0)
			return &p->ov[i];
	return NULL;
}

/* read_whole, through the overlay. */
static int load_bytes(const struct tw_conf *c, const char *path, char **data, size_t *len)
{
	const struct overlay *o = overlay_find(c, path);

	if (!o)
		return read_whole(path, data, len);
	if (!o->data) {
		errno = ENOENT;
		return -1;
	}
	*data = tw_xmalloc_large(o->len + 1);
	memcpy(*data, o->data, o->len);
	(*data)[o->len] = '\0';
	*len = o->len;
	return 0;
}

void tw_conf_overlay(struct tw_conf *c, const char *path, const char *data, size_t len)
{
	struct conf_priv *p = priv(c);
	struct overlay *o = (struct overlay *)overlay_find(c, path);

	if (!o) {
		p->ov = tw_xrealloc(p->ov, (p->nov + 1) * sizeof(*p->ov));
		o = &p->ov[p->nov++];
		o->path = tw_xstrdup(path);
	}
	o->data = data;
	o->len = len;
}

/* Refuse what is clearly not a text config: NUL bytes, or many control
 * bytes other than tab, CR, LF and form feed. */
static int check_text(const char *data, size_t len, const char *path, struct tw_diags *d)
{
	const char *nul = memchr(data, '\0', len), *p;
	size_t ctrl;
	unsigned line = 1;

	if (nul) {
		for (p = data; (p = memchr(p, '\n', (size_t)(nul - p))); p++)
			line++;
		diag(d, TW_ERROR, path, 0, "give the path of an Asterisk .conf file",
		     "not a text config file (NUL byte at line %u)", line);
		return -1;
	}
	ctrl = count_control((const unsigned char *)data, len);
	if (ctrl >= 8 && ctrl * 10 > len) {
		diag(d, TW_ERROR, path, 0, "give the path of an Asterisk .conf file",
		     "not a text config file (%zu control bytes in %zu)", ctrl, len);
		return -1;
	}
	return 0;
}

static bool load_seen(struct load *L, const char *canon)
{
	size_t i;

	for (i = 0; i < L->nseen; i++)
		if (strcmp(L->seen[i], canon) == 0)
			return true;
	L->seen = tw_xrealloc(L->seen, (L->nseen + 1) * sizeof(*L->seen));
	L->seen[L->nseen++] = tw_xstrdup(canon);
	return false;
}

static void report_cycle(struct load *L, struct fstate *st, struct tw_conf_line *ln,
                         const char *path)
{
	struct tw_buf chain;
	unsigned i;

	tw_buf_init(&chain);
	for (i = 0; i < L->nstack; i++)
		tw_buf_printf(&chain, "%s -> ", L->stack[i].path);
	tw_buf_adds(&chain, path);
	diag(L->d, TW_ERROR, st->f->path, ln->lineno, "remove this #include",
	     "#include cycle: %s includes itself (%s)", path, chain.data);
	tw_buf_free(&chain);
}

/* Load one file named by an #include (errors are diagnostics). */
static void include_one(struct load *L, struct fstate *st, struct tw_conf_line *ln,
                        const char *path, bool try)
{
	char *canon = realpath(path, NULL), *data;
	struct tw_conf_file *f;
	unsigned i;
	size_t len;

	for (i = 0; canon && i < L->nstack; i++) {
		if (strcmp(L->stack[i].canon, canon) == 0) {
			report_cycle(L, st, ln, path);
			free(canon);
			return;
		}
	}
	if (st->f->depth + 1 >= TW_CONF_MAX_INCLUDE_DEPTH) {
		diag(L->d, try ? TW_WARNING : TW_ERROR, st->f->path, ln->lineno, NULL,
		     "#include nested more than %d levels deep; Asterisk does not load %s",
		     TW_CONF_MAX_INCLUDE_DEPTH, path);
		free(canon);
		return;
	}
	if (load_bytes(L->c, path, &data, &len) != 0) {
		diag(L->d, TW_ERROR, st->f->path, ln->lineno, NULL, "cannot read %s: %s",
		     path, strerror(errno));
		free(canon);
		return;
	}
	if (check_text(data, len, path, L->d) != 0) {
		tw_free_large(data);
		free(canon);
		return;
	}
	if (canon && load_seen(L, canon))
		diag(L->d, TW_WARNING, st->f->path, ln->lineno, NULL,
		     "%s is included more than once", path);
	f = file_new(L->c, path, data, len, st->f->depth + 1);
	L->stack[L->nstack].canon = canon ? canon : tw_xstrdup(path);
	L->stack[L->nstack++].path = f->path;
	parse_file(L, f, L->current);
	free(L->stack[--L->nstack].canon);
}

static int path_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Add the overlay files that match pattern and are not on disk yet, in
 * glob's order. */
static void overlay_glob(const struct tw_conf *c, const char *pattern, char ***paths,
                         size_t *n)
{
	const struct conf_priv *p = priv(c);
	size_t i, k, before = *n;

	for (i = 0; i < p->nov; i++) {
		bool dup = false;

		if (!p->ov[i].data || fnmatch(pattern, p->ov[i].path, FNM_PATHNAME | FNM_PERIOD) != 0)
			continue;
		for (k = 0; k < before && !dup; k++)
			dup = strcmp((*paths)[k], p->ov[i].path) == 0;
		if (dup)
			continue;
		*paths = tw_xrealloc(*paths, (*n + 1) * sizeof(**paths));
		(*paths)[(*n)++] = tw_xstrdup(p->ov[i].path);
	}
	if (*n > before && *n > 1)
		qsort(*paths, *n, sizeof(**paths), path_cmp);
}

static void do_include(struct load *L, struct fstate *st, struct tw_conf_line *ln,
                       const char *arg, bool try)
{
	char *pattern = arg[0] == '/' ? tw_xstrdup(arg) : tw_xasprintf("%s/%s", L->basedir, arg);
	size_t i, count = 0;
	struct stat sb;
	glob_t g;

	char **paths = NULL;
	size_t npaths = 0;

	if (glob(pattern, GLOB_BRACE, NULL, &g) == 0) {
		for (i = 0; i < g.gl_pathc; i++) {
			const struct overlay *o = overlay_find(L->c, g.gl_pathv[i]);

			if (o && !o->data)
				continue;
			if (!o && (stat(g.gl_pathv[i], &sb) != 0 || !S_ISREG(sb.st_mode))) {
				diag(L->d, TW_WARNING, st->f->path, ln->lineno, NULL,
				     "%s is not a regular file; Asterisk ignores it", g.gl_pathv[i]);
				continue;
			}
			paths = tw_xrealloc(paths, (npaths + 1) * sizeof(*paths));
			paths[npaths++] = tw_xstrdup(g.gl_pathv[i]);
		}
		globfree(&g);
	}
	overlay_glob(L->c, pattern, &paths, &npaths);
	for (i = 0; i < npaths; i++) {
		count++;
		include_one(L, st, ln, paths[i], try);
	}
	tw_strv_free(&paths, npaths);
	if (!count && !try)
		diag(L->d, TW_ERROR, st->f->path, ln->lineno,
		     "fix the path (relative paths start at the config directory) or use #tryinclude",
		     "#include target '%s' does not exist (%s); Asterisk rejects the whole file",
		     arg, strpbrk(arg, "*?[{") ? "no file matches" : pattern);
	free(pattern);
}

static void parse_directive(struct load *L, struct fstate *st, struct tw_conf_line *ln,
                            char *s)
{
	char *word = s + 1, *w = word, *arg = NULL;
	size_t n;

	while (*w && (unsigned char)*w > 32)
		w++;
	if (*w) {
		*w = '\0';
		arg = strip(w + 1);
	}
	ln->kind = TW_LINE_DIRECTIVE;
	ln->directive = !strcasecmp(word, "include") ? TW_DIR_INCLUDE :
	                !strcasecmp(word, "tryinclude") ? TW_DIR_TRYINCLUDE :
	                !strcasecmp(word, "exec") ? TW_DIR_EXEC : TW_DIR_OTHER;
	if (arg && (*arg == '"' || *arg == '<') && (n = strlen(arg)) > 1 &&
	    arg[n - 1] == (*arg == '<' ? '>' : '"')) {
		arg[n - 1] = '\0';
		arg++;
	}
	if (arg && *arg)
		ln->dir_arg = tw_arena_strdup(&priv(L->c)->mem, arg);
	if (ln->directive == TW_DIR_OTHER)
		diag(L->d, TW_WARNING, st->f->path, ln->lineno,
		     "comments start with ';' in Asterisk config files",
		     "unknown directive '#%s'; Asterisk ignores the line", word);
	else if (ln->directive == TW_DIR_EXEC)
		diag(L->d, TW_WARNING, st->f->path, ln->lineno, NULL,
		     "#exec is not run here (Asterisk runs it only with execincludes=yes); "
		     "its output is not checked");
	else if (!ln->dir_arg)
		diag(L->d, TW_WARNING, st->f->path, ln->lineno, "name the file to include",
		     "#%s without a file name; Asterisk ignores the line", word);
	else if (L->follow)
		do_include(L, st, ln, ln->dir_arg, ln->directive == TW_DIR_TRYINCLUDE);
}

static bool all_blank(const char *p, size_t n)
{
	while (n && (unsigned char)*p < 33)
		p++, n--;
	return n == 0;
}

static void parse_cooked(struct load *L, struct fstate *st, struct tw_conf_line *ln,
                         char *s)
{
	if (*s == '[')
		parse_header(L, st, ln, s);
	else if (*s == '#')
		parse_directive(L, st, ln, s);
	else
		parse_option(L, st, ln, s, strlen(s));
}

static void parse_line(struct load *L, struct fstate *st, struct tw_conf_line *ln,
                       const char *p, size_t n)
{
	const char *b, *e;
	char *s;

	ln->section = st->cur;
	if (n > TW_CONF_MAX_LINE) {
		diag(L->d, TW_WARNING, st->f->path, ln->lineno, "split or shorten it",
		     "line is %zu bytes long (more than %d); Asterisk skips it",
		     n, TW_CONF_MAX_LINE);
		ln->kind = TW_LINE_INVALID;
		return;
	}
	if (ln->lineno == 1 && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3, n -= 3;
	if (!memchr(p, ';', n)) {
		/* Nothing for the comment pass to do: work on the bytes in place. */
		if (st->comment) {
			ln->kind = TW_LINE_COMMENT;
			return;
		}
		for (b = p, e = p + n; b < e && (unsigned char)*b < 33; b++)
			;
		while (e > b && (unsigned char)e[-1] < 33)
			e--;
		if (b == e) {
			ln->kind = TW_LINE_BLANK;
			return;
		}
		if (*b != '[' && *b != '#') {
			parse_option(L, st, ln, b, (size_t)(e - b));
		} else {
			memcpy(L->scratch, b, (size_t)(e - b));
			L->scratch[e - b] = '\0';
			parse_cooked(L, st, ln, L->scratch);
		}
	} else {
		memcpy(L->scratch, p, n);
		L->scratch[n] = '\0';
		s = cook_line(L, st, ln->lineno, L->scratch);
		if (!s || !*(s = strip(s))) {
			ln->kind = s && all_blank(p, n) ? TW_LINE_BLANK : TW_LINE_COMMENT;
			return;
		}
		parse_cooked(L, st, ln, s);
	}
	if (ln->kind == TW_LINE_INVALID && st->orphan)
		ln->section = NULL;
}

/* Options at the top of an included file continue Asterisk's current
 * category (cur); the includer keeps its own after the #include returns. */
static void parse_file(struct load *L, struct tw_conf_file *f, struct tw_conf_section *cur)
{
	struct fstate st;
	const char *p = f->data, *end = f->data + f->len, *nl;
	unsigned lineno = 0;

	memset(&st, 0, sizeof(st));
	st.f = f;
	st.cur = cur;
	while (p < end) {
		struct tw_conf_line *ln = line_new(L->c, TW_LINE_BLANK);
		size_t n;

		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		ln->raw = p;
		ln->rawlen = nl ? n + 1 : n;
		ln->lineno = ++lineno;
		file_insert_after(f, f->last, ln);
		parse_line(L, &st, ln, p, n);
		p += ln->rawlen;
	}
	if (st.comment > 0)
		diag(L->d, TW_WARNING, f->path, st.nest[0], "close it with '--;'",
		     "block comment opened here is not closed at the end of the file; "
		     "Asterisk ignores everything after it");
}

static void load_init(struct load *L, struct tw_conf *c, struct tw_diags *d, bool follow)
{
	memset(L, 0, offsetof(struct load, scratch));
	L->c = c;
	L->d = d;
	L->follow = follow;
	L->start = c->nsections;
}

static void load_done(struct load *L)
{
	size_t i;

	for (i = 0; i < L->nseen; i++)
		free(L->seen[i]);
	free(L->seen);
}

int tw_conf_load(struct tw_conf *c, const char *path, bool follow_includes,
                 struct tw_diags *d)
{
	struct tw_conf_file *f;
	struct load L;
	char *data, *dir = NULL, *slash;
	size_t len;

	if (load_bytes(c, path, &data, &len) != 0) {
		diag(d, TW_ERROR, path, 0, NULL, "cannot read: %s", strerror(errno));
		return -1;
	}
	if (check_text(data, len, path, d) != 0) {
		tw_free_large(data);
		return TW_CONF_NOT_TEXT;
	}
	load_init(&L, c, d, follow_includes);
	f = file_new(c, path, data, len, 0);
	if (c->confdir) {
		L.basedir = c->confdir;
	} else {
		dir = tw_xstrdup(path);
		slash = strrchr(dir, '/');
		if (slash)
			*(slash == dir ? slash + 1 : slash) = '\0';
		L.basedir = slash ? dir : ".";
	}
	L.stack[0].canon = realpath(path, NULL);
	if (!L.stack[0].canon)
		L.stack[0].canon = tw_xstrdup(path);
	L.stack[0].path = f->path;
	L.nstack = 1;
	load_seen(&L, L.stack[0].canon);
	parse_file(&L, f, NULL);
	free(L.stack[0].canon);
	free(dir);
	load_done(&L);
	return 0;
}

int tw_conf_parse(struct tw_conf *c, const char *name, const char *data, size_t len,
                  struct tw_diags *d)
{
	struct tw_conf_file *f;
	struct load L;
	char *copy;

	if (len && check_text(data, len, name, d) != 0)
		return -1;
	copy = tw_xmalloc_large(len + 1);
	if (len)
		memcpy(copy, data, len);
	copy[len] = '\0';
	load_init(&L, c, d, false);
	f = file_new(c, name, copy, len, 0);
	parse_file(&L, f, NULL);
	load_done(&L);
	return 0;
}

/* ---- writing ---- */

/* A raw line without its newline (the last line of a file that had none)
 * gets the file's EOL when a line now follows it; otherwise the file keeps
 * ending without one. New lines always end with the file's EOL. */
static bool needs_eol(const struct tw_conf_line *ln)
{
	if (!ln->raw)
		return true;
	return ln->next && (ln->rawlen == 0 || ln->raw[ln->rawlen - 1] != '\n');
}

void tw_conf_file_write_buf(const struct tw_conf_file *f, struct tw_buf *out)
{
	const struct tw_conf_line *ln;

	tw_buf_add(out, "", 0);
	for (ln = f->first; ln; ln = ln->next) {
		if (ln->raw)
			tw_buf_add(out, ln->raw, ln->rawlen);
		else if (ln->text)
			tw_buf_adds(out, ln->text);
		if (needs_eol(ln))
			tw_buf_adds(out, f->eol);
	}
}

int tw_conf_file_write(const struct tw_conf_file *f, FILE *out)
{
	const struct tw_conf_line *ln;
	bool ok = true;

	for (ln = f->first; ln && ok; ln = ln->next) {
		if (ln->raw)
			ok = fwrite(ln->raw, 1, ln->rawlen, out) == ln->rawlen;
		else if (ln->text)
			ok = fputs(ln->text, out) >= 0;
		if (ok && needs_eol(ln))
			ok = fputs(f->eol, out) >= 0;
	}
	return ok && !ferror(out) ? 0 : -1;
}

/* ---- building and editing ---- */

char *tw_conf_escape(const char *value)
{
	struct tw_buf b;

	tw_buf_init(&b);
	tw_buf_add(&b, "", 0);
	for (; *value; value++) {
		if (*value == ';')
			tw_buf_addc(&b, '\\');
		tw_buf_addc(&b, *value);
	}
	return tw_buf_steal(&b);
}

struct tw_conf_file *tw_conf_add_file(struct tw_conf *c, const char *name)
{
	return file_new(c, name, NULL, 0, 0);
}

static struct tw_conf_line *append_text(struct tw_conf_file *f, enum tw_line_kind kind,
                                        char *text)
{
	struct tw_conf_line *ln = line_new(f->conf, kind);

	ln->text = tw_arena_strdup(&priv(f->conf)->mem, text);
	free(text);
	file_insert_after(f, f->last, ln);
	return ln;
}

void tw_conf_file_add_comment(struct tw_conf_file *f, const char *text)
{
	char *t = tw_xasprintf(*text ? "; %s" : ";", text), *p;

	for (p = t; *p; p++) /* one line: a newline would end the comment */
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	append_text(f, TW_LINE_COMMENT, t);
}

void tw_conf_file_add_blank(struct tw_conf_file *f)
{
	append_text(f, TW_LINE_BLANK, tw_xstrdup(""));
}

struct tw_conf_line *tw_conf_file_add_directive(struct tw_conf_file *f,
                                                enum tw_directive dir, const char *arg)
{
	static const char *const words[] = { "include", "tryinclude", "exec", "" };
	struct tw_conf_line *ln;

	ln = append_text(f, TW_LINE_DIRECTIVE, tw_xasprintf("#%s%s%s", words[dir],
	                 dir == TW_DIR_OTHER ? "" : " ", arg));
	ln->directive = dir;
	ln->dir_arg = tw_arena_strdup(&priv(f->conf)->mem, arg);
	return ln;
}

/* Where a section added at the end of f goes in load order: after the last
 * section of f and of the files it included (those follow f in c->files
 * with a greater depth). If they have none, at the end. */
static size_t insert_pos(const struct tw_conf *c, const struct tw_conf_file *f)
{
	size_t fi = 0, end, i;

	while (fi < c->nfiles && c->files[fi] != f)
		fi++;
	for (end = fi + 1; end < c->nfiles && c->files[end]->depth > f->depth; end++)
		;
	if (end >= c->nfiles)
		return c->nsections;
	for (i = c->nsections; i-- > 0;) {
		const struct tw_conf_file *o = c->sections[i]->owner;
		size_t k;

		for (k = fi; k < end; k++)
			if (c->files[k] == o)
				return i + 1;
	}
	return c->nsections;
}

struct tw_conf_section *tw_conf_file_add_section(struct tw_conf_file *f,
                                                 const char *name, const char *opts)
{
	struct tw_conf *c = f->conf;
	struct tw_conf_line *ln;
	struct tw_conf_section *s;

	if (opts && !*opts)
		opts = NULL;
	ln = append_text(f, TW_LINE_SECTION, opts ? tw_xasprintf("[%s](%s)", name, opts)
	                                          : tw_xasprintf("[%s]", name));
	s = section_new(c, f, name, strlen(name), opts, opts ? strlen(opts) : 0, ln);
	section_resolve(c, s, 0, NULL);
	sections_insert(c, s, insert_pos(c, f));
	return s;
}

struct tw_conf_option *tw_conf_section_add(struct tw_conf_section *s, const char *name,
                                           const char *value, enum tw_conf_op op)
{
	static const char *const ops[] = { "=", "=>", "+=" };
	struct tw_conf_file *f = s->owner;
	struct tw_arena *a = &priv(f->conf)->mem;
	struct tw_conf_option *o = arena_zalloc(a, sizeof(*o));
	struct tw_conf_line *ln = line_new(f->conf, TW_LINE_OPTION);
	char *esc = tw_conf_escape(value), *text;

	text = tw_xasprintf(*esc ? "%s %s %s" : "%s %s", name, ops[op], esc);
	ln->text = tw_arena_strdup(a, text);
	free(text);
	free(esc);
	o->name = tw_arena_strdup(a, name);
	o->value = tw_arena_strdup(a, value);
	o->op = op;
	o->file = f->path;
	o->ln = ln;
	ln->option = o;
	ln->section = s;
	file_insert_after(f, s->last ? s->last : f->last, ln);
	s->last = ln;
	section_push_option(f->conf, s, o);
	return o;
}

static void section_drop_option(struct tw_conf_section *s, const struct tw_conf_option *o)
{
	size_t i;

	for (i = 0; i < s->nopts; i++) {
		if (s->opts[i] == o) {
			memmove(s->opts + i, s->opts + i + 1, (s->nopts - i - 1) * sizeof(*s->opts));
			s->nopts--;
			return;
		}
	}
}

void tw_conf_file_remove_line(struct tw_conf_file *f, struct tw_conf_line *ln)
{
	struct tw_conf_section *s = ln->section;
	struct tw_conf_line *p;

	if (ln->prev)
		ln->prev->next = ln->next;
	else
		f->first = ln->next;
	if (ln->next)
		ln->next->prev = ln->prev;
	else
		f->last = ln->prev;
	f->nlines--;
	if (!s)
		return;
	if (ln->kind == TW_LINE_SECTION) {
		/* The section leaves the model; its option lines stay in the file
		 * (and still point to it) until the file is parsed again. */
		sections_remove(f->conf, s);
		s->header = s->last = NULL;
		return;
	}
	if (ln->kind == TW_LINE_OPTION && ln->option)
		section_drop_option(s, ln->option);
	if (s->last == ln) {
		for (p = ln->prev; p && p != s->header &&
		     !(p->kind == TW_LINE_OPTION && p->section == s); p = p->prev)
			;
		s->last = p ? p : s->header;
	}
}

/* ---- life cycle ---- */

struct tw_conf *tw_conf_new(const char *confdir)
{
	struct tw_conf *c = tw_xcalloc(1, sizeof(*c));

	c->confdir = confdir ? tw_xstrdup(confdir) : NULL;
	c->priv = tw_xcalloc(1, sizeof(struct conf_priv));
	return c;
}

void tw_conf_free(struct tw_conf **cp)
{
	struct tw_conf *c;
	struct conf_priv *p;
	size_t i;

	if (!cp || !*cp)
		return;
	c = *cp;
	p = c->priv;
	for (i = 0; i < c->nfiles; i++)
		tw_free_large(c->files[i]->data);
	free(c->files);
	tw_free_large(c->sections);
	tw_free_large(p->tab);
	tw_free_large(p->next);
	free(p->names);
	for (i = 0; i < p->nov; i++)
		free(p->ov[i].path);
	free(p->ov);
	tw_arena_free(&p->mem);
	tw_arena_free(&p->arrays);
	free(p);
	free(c->confdir);
	free(c);
	*cp = NULL;
}
