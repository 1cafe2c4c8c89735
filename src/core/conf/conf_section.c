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
	for (k = conf_index_first(c, s->name); k; k = index_next(c, k)) {
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
	for (k = conf_index_first(c, name); k; k = index_next(c, k))
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

	for (k = c && name ? conf_index_first(c, name) : 0; k; k = index_next(c, k)) {
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
	uint32_t k = *name ? conf_index_first(c, name) : (start < c->nsections ? (uint32_t)start + 1 : 0);

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

struct tw_conf_section *conf_section_new(struct tw_conf *c, struct tw_conf_file *f,
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
void conf_section_resolve(struct tw_conf *c, struct tw_conf_section *s, size_t start,
                          struct tw_diags *d)
{
	size_t i = 0;

	if (s->is_addition) {
		s->base_secs[0] = find_earlier(c, s->name, start, true, s->add_filter);
		if (!s->base_secs[0])
			conf_diag(d, TW_ERROR, s->file, s->line,
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
			conf_diag(d, TW_ERROR, s->file, s->line,
			          spaced ? "remove the spaces in the (...) list: Asterisk does not trim them"
			                 : "define the template before the sections that use it",
			          "[%s] inherits from '%s', which is not defined earlier; "
			          "Asterisk rejects the whole file", s->name, b);
	}
}
