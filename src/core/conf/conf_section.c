/* conf_section.c - sections of the config model (conf.h): lookups through
 * inheritance and additions, and section headers (the (...) list: template,
 * addition and bases, resolved as Asterisk's parser does).
 */
#include "config.h"

#include <regex.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf/conf_priv.h"
#include "conf/conf.h"

#define MAX_INHERIT_DEPTH 64    /* guard for lookups through edited models */

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

/* Does the model s belongs to have additions at all? */
static bool priv_nadditions(const struct tw_conf_section *s)
{
	const struct tw_conf *c = s->owner ? s->owner->conf : NULL;

	return c && priv(c)->nadditions;
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
	for (k = tw_conf_index_first(c, s->name); k; k = index_next(c, k)) {
		const struct tw_conf_section *a = c->sections[k - 1];

		if (a->is_addition && a->nbases && a->base_secs[0] == s && a->index < limit &&
		    (o = fn(a, name, arg)))
			hit = o;
	}
	return hit;
}

/* Sections a lookup has already walked: a base named several times, or
 * reached along several paths ([c](b,b,b,b) over [b](a,a,a,a) ...), is
 * walked once, so a lookup is linear in the sections it reaches instead of
 * exponential in the depth of the inheritance. */
struct visit {
	const struct tw_conf_section *s;
	size_t limit;
};

struct walk {
	struct visit *seen;
	size_t n, cap;
	struct visit local[16];
	const char *name;
	struct optvec *out;
};

static void walk_init(struct walk *w, const char *name, struct optvec *out)
{
	w->seen = w->local;
	w->n = 0;
	w->cap = TW_ARRAY_LEN(w->local);
	w->name = name;
	w->out = out;
}

static void walk_done(struct walk *w)
{
	if (w->seen != w->local)
		free(w->seen);
}

/* A base contributes its lines and the additions loaded before limit, so
 * a section reached again with the same limit would contribute the same
 * lines again: it is walked once. (Asterisk would copy a base named twice
 * twice; for the lookups here the repeat adds nothing.) */
static bool walk_first_visit(struct walk *w, const struct tw_conf_section *s, size_t limit)
{
	size_t i;

	if (!priv_nadditions(s))
		limit = 0;
	for (i = 0; i < w->n; i++)
		if (w->seen[i].s == s && w->seen[i].limit == limit)
			return false;
	if (w->n == w->cap) {
		w->cap *= 2;
		if (w->seen == w->local) {
			w->seen = tw_xmalloc(w->cap * sizeof(*w->seen));
			memcpy(w->seen, w->local, sizeof(w->local));
		} else {
			w->seen = tw_xrealloc(w->seen, w->cap * sizeof(*w->seen));
		}
	}
	w->seen[w->n].s = s;
	w->seen[w->n++].limit = limit;
	return true;
}

static void collect_rec(const struct tw_conf_section *s, struct walk *w, size_t limit,
                        unsigned depth);

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
	struct walk *w = arg;
	size_t i;

	(void)name;
	for (i = 1; i < a->nbases; i++)
		if (a->base_secs[i])
			collect_rec(a->base_secs[i], w, a->index, 1);
	collect_own(a, w->name, w->out);
	return NULL;
}

/* Asterisk copies a base's options in front of the section's own at parse
 * time, so a base contributes what it had when s was read: its own options
 * plus the additions loaded before s (limit). A base repeated in the
 * lists contributes once. */
static void collect_rec(const struct tw_conf_section *s, struct walk *w, size_t limit,
                        unsigned depth)
{
	size_t i;

	if (depth > MAX_INHERIT_DEPTH || !walk_first_visit(w, s, limit))
		return;
	for (i = 0; i < s->nbases; i++)
		if (s->base_secs[i])
			collect_rec(s->base_secs[i], w, min_size(limit, s->index), depth + 1);
	collect_own(s, w->name, w->out);
	each_addition(s, limit, collect_addition, w->name, w);
}

static const struct tw_conf_option *get_rec(const struct tw_conf_section *s, struct walk *w,
                                            size_t limit, unsigned depth);

const struct tw_conf_option *tw_conf_section_own_last(const struct tw_conf_section *s,
                                                      const char *name)
{
	size_t i;

	/* names are mostly written the same way: strcmp first */
	for (i = s->nopts; i-- > 0;)
		if (strcmp(s->opts[i]->name, name) == 0 || ascii_caseeq(s->opts[i]->name, name))
			return s->opts[i];
	return NULL;
}

static const struct tw_conf_option *
get_addition(const struct tw_conf_section *a, const char *name, void *arg)
{
	const struct tw_conf_option *o = tw_conf_section_own_last(a, name);
	size_t i;

	for (i = a->nbases; !o && i-- > 1;)
		if (a->base_secs[i])
			o = get_rec(a->base_secs[i], arg, a->index, 1);
	return o;
}

static const struct tw_conf_option *get_rec(const struct tw_conf_section *s, struct walk *w,
                                            size_t limit, unsigned depth)
{
	const struct tw_conf_option *o;
	size_t i;

	if (depth > MAX_INHERIT_DEPTH || !walk_first_visit(w, s, limit))
		return NULL;
	if ((o = each_addition(s, limit, get_addition, w->name, w)))
		return o;
	if ((o = tw_conf_section_own_last(s, w->name)))
		return o;
	for (i = s->nbases; i-- > 0;)
		if (s->base_secs[i] &&
		    (o = get_rec(s->base_secs[i], w, min_size(limit, s->index), depth + 1)))
			return o;
	return NULL;
}

const struct tw_conf_option *tw_conf_section_get(const struct tw_conf_section *s,
                                                 const char *name)
{
	struct walk w;
	const struct tw_conf_option *o;

	if (!s || !name)
		return NULL;
	walk_init(&w, name, NULL);
	o = get_rec(s, &w, NO_LIMIT, 0);
	walk_done(&w);
	return o;
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

	struct walk w;

	if (s) {
		walk_init(&w, name, &ov);
		collect_rec(s, &w, NO_LIMIT, 0);
		walk_done(&w);
	}
	*out = ov.v;
	return ov.n;
}

struct tw_conf_section *tw_conf_find_section(const struct tw_conf *c, const char *name)
{
	uint32_t k;

	if (!c || !name)
		return NULL;
	for (k = tw_conf_index_first(c, name); k; k = index_next(c, k))
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

	for (k = c && name ? tw_conf_index_first(c, name) : 0; k; k = index_next(c, k)) {
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
 * or restrict admits templates (does_category_match in main/config.c).
 * The expressions are compiled once per addition, not once per candidate
 * section, and an expression glibc would take exponential time or memory
 * to compile (a quantifier on a quantifier, "a+++...") is not compiled at
 * all: the filter then matches nothing and the addition is reported. */
#define FILTER_MAX_EXPRS 16
#define FILTER_MAX_LEN 256
#define FILTER_MAX_QUANT 16

struct filter {
	size_t n;                    /* name=regex pairs */
	regex_t rn[FILTER_MAX_EXPRS], rv[FILTER_MAX_EXPRS];
	bool templates_include, templates_restrict;
	bool bad;                    /* cannot be evaluated: matches nothing */
};

/* Would this regex blow up regcomp? */
static bool regex_hostile(const char *re)
{
	size_t quant = 0;
	bool prev_quant = false;
	const char *p;

	if (strlen(re) > FILTER_MAX_LEN)
		return true;
	for (p = re; *p; p++) {
		bool q = *p == '+' || *p == '*' || *p == '?' || *p == '{';

		if (*p == '\\' && p[1]) {
			p++;
			prev_quant = false;
			continue;
		}
		if (q && (prev_quant || ++quant > FILTER_MAX_QUANT))
			return true;
		if (*p == '{')
			while (p[1] && *p != '}')
				p++;
		prev_quant = q;
	}
	return false;
}

static void filter_free(struct filter *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		regfree(&f->rn[i]);
		regfree(&f->rv[i]);
	}
	f->n = 0;
}

static void filter_compile(struct filter *f, const char *text)
{
	char *dup = tw_xstrdup(text), *rest = dup, *item;

	memset(f, 0, sizeof(*f));
	while (!f->bad && (item = strsep(&rest, ",&"))) {
		char *name = item, *value = strchr(item, '=');

		if (!value) {
			f->bad = true;
			break;
		}
		*value++ = '\0';
		value[strcspn(value, "=")] = '\0';
		name = tw_strtrim(name);
		value = tw_strtrim(value);
		if (strcmp(name, "TEMPLATES") == 0) {
			if (!strcasecmp(value, "include"))
				f->templates_include = true;
			else if (!strcasecmp(value, "restrict"))
				f->templates_restrict = true;
			continue;
		}
		if (f->n == FILTER_MAX_EXPRS || regex_hostile(name) || regex_hostile(value) ||
		    regcomp(&f->rn[f->n], name, REG_EXTENDED | REG_NOSUB) != 0) {
			f->bad = true;
			break;
		}
		if (regcomp(&f->rv[f->n], value, REG_EXTENDED | REG_NOSUB) != 0) {
			regfree(&f->rn[f->n]);
			f->bad = true;
			break;
		}
		f->n++;
	}
	free(dup);
}

static bool filter_matches(const struct tw_conf_section *s, const struct filter *f)
{
	const struct tw_conf_option **v;
	size_t n, i, k;
	bool ok = true;

	if (f->bad || (s->is_template && !f->templates_include && !f->templates_restrict) ||
	    (!s->is_template && f->templates_restrict))
		return false;
	n = tw_conf_section_collect(s, NULL, &v);
	for (k = 0; ok && k < f->n; k++) {
		ok = false;
		for (i = 0; i < n && !ok; i++)
			ok = !regexec(&f->rn[k], v[i]->name, 0, NULL, 0) &&
			     !regexec(&f->rv[k], v[i]->value, 0, NULL, 0);
	}
	free(v);
	return ok;
}

/* Asterisk's lookup for a base or an addition target: the first section of
 * this load (index >= start) whose name matches case-insensitively (an
 * empty name matches any); additions are not sections of their own there. */
static struct tw_conf_section *find_earlier(const struct tw_conf *c, const char *name,
                                            size_t start, bool addition,
                                            const struct filter *filter)
{
	uint32_t k = *name ? tw_conf_index_first(c, name) : (start < c->nsections ? (uint32_t)start + 1 : 0);

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

struct tw_conf_section *tw_conf_section_new(struct tw_conf *c, struct tw_conf_file *f,
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

/* The addition resolved just before, when it was to the same name with
 * the same filter from the same start: 20,000 [s](+type=aor) in a row
 * find their target once, not by walking a name group that grows with
 * each of them. */
static struct tw_conf_section *addition_memo(const struct tw_conf *c,
                                             const struct tw_conf_section *s, size_t start)
{
	const struct conf_priv *p = priv(c);
	const struct tw_conf_section *l = p->last_add;

	if (!l || p->last_add_start != start || !l->base_secs[0] || strcasecmp(l->name, s->name) != 0)
		return NULL;
	if (!l->add_filter != !s->add_filter || (l->add_filter && strcmp(l->add_filter, s->add_filter)))
		return NULL;
	return l->base_secs[0];
}

static void addition_remember(struct tw_conf *c, const struct tw_conf_section *s, size_t start)
{
	priv(c)->last_add = s;
	priv(c)->last_add_start = start;
}

/* A section named name is not defined earlier, but an #exec came before
 * it in this load: its output, which is not read here, may define it
 * (Wazo's pjsip.conf is mostly #exec output, and its own files extend
 * [global](+) from there). Says so in a note instead of an error. */
static bool exec_may_define(const struct tw_conf *c, const struct tw_conf_section *s,
                            const char *name, struct tw_diags *d)
{
	const struct conf_priv *p = priv(c);

	if (!p->exec_file)
		return false;
	tw_conf_diag(d, TW_NOTE, s->file, s->line, NULL,
	          "[%s] needs a section '%s' that the files do not define before it; "
	          "the #exec at %s:%u may define it (its output is not checked here)",
	          s->name, name, p->exec_file, p->exec_line);
	return true;
}

/* Resolve bases and the addition target; report what Asterisk rejects. */
void tw_conf_section_resolve(struct tw_conf *c, struct tw_conf_section *s, size_t start,
                          struct tw_diags *d)
{
	size_t i = 0;

	if (s->is_addition) {
		struct filter f;

		f.bad = false;
		s->base_secs[0] = addition_memo(c, s, start);
		if (!s->base_secs[0]) {
			if (s->add_filter)
				filter_compile(&f, s->add_filter);
			s->base_secs[0] = find_earlier(c, s->name, start, true, s->add_filter ? &f : NULL);
			if (s->add_filter)
				filter_free(&f);
			addition_remember(c, s, start);
		}
		if (!s->base_secs[0] && exec_may_define(c, s, s->name, d))
			;
		else if (!s->base_secs[0])
			tw_conf_diag(d, TW_ERROR, s->file, s->line,
			          "define the section first, or remove '(+)'",
			          "[%s](+%s) needs an earlier section of that name%s; "
			          "Asterisk rejects the whole file", s->name,
			          s->add_filter ? s->add_filter : "",
			          !s->add_filter ? " (templates do not count)" :
			          s->add_filter && f.bad ? " matching the filter (a filter too complex "
			          "to evaluate matches nothing here)" : " matching the filter");
		i = 1;
	}
	for (; i < s->nbases; i++) {
		const char *b = s->bases[i];
		bool spaced = *b && ((unsigned char)b[0] < 33 || (unsigned char)b[strlen(b) - 1] < 33);

		s->base_secs[i] = find_earlier(c, b, start, false, NULL);
		if (!s->base_secs[i] && !exec_may_define(c, s, b, d))
			tw_conf_diag(d, TW_ERROR, s->file, s->line,
			          spaced ? "remove the spaces in the (...) list: Asterisk does not trim them"
			                 : "define the template before the sections that use it",
			          "[%s] inherits from '%s', which is not defined earlier; "
			          "Asterisk rejects the whole file", s->name, b);
	}
}
