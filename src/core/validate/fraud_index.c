/* fraud_index.c - the dialplan as the toll-fraud walk reads it: contexts
 * by name, their extensions (lines grouped by extension, application and
 * arguments) and includes; and the text helpers the walk shares (fraud.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/arena.h"
#include "trunkwiz/base.h"
#include "validate/fraud.h"
#include "validate/validate_priv.h"

/* ---- text helpers ---- */

static char *wdup(struct dpindex *w, const char *s, size_t n)
{
	return tw_arena_strndup(&w->ar, s, n);
}

static char *trim_in_place(char *s)
{
	return tw_strtrim(s);
}

size_t tw_v_split_top(char *s, char sep, char **parts, size_t max)
{
	int depth = 0;
	bool quote = false;
	size_t n = 0;
	char *p, *start = s;

	for (p = s; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			continue;
		}
		if (*p == '"')
			quote = !quote;
		else if (!quote && (*p == '(' || *p == '[' || *p == '{'))
			depth++;
		else if (!quote && (*p == ')' || *p == ']' || *p == '}') && depth > 0)
			depth--;
		else if (!quote && depth == 0 && *p == sep && n + 1 < max) {
			*p = '\0';
			parts[n++] = trim_in_place(start);
			start = p + 1;
		}
	}
	parts[n++] = trim_in_place(start);
	return n;
}

char *tw_v_find_top(char *s, char c)
{
	int depth = 0;

	for (; *s; s++) {
		if (*s == '\\' && s[1])
			s++;
		else if (*s == '(' || *s == '[' || *s == '{')
			depth++;
		else if ((*s == ')' || *s == ']' || *s == '}') && depth > 0)
			depth--;
		else if (depth == 0 && *s == c)
			return s;
	}
	return NULL;
}

static bool has_var(const char *s, const char *var)
{
	size_t n = strlen(var);
	const char *p;

	for (p = s; (p = strstr(p, "${")); p += 2)
		if (strncmp(p + 2, var, n) == 0 && (p[2 + n] == '}' || p[2 + n] == ':'))
			return true;
	return false;
}

bool tw_v_tainted(const char *s, const char *const *vars, size_t nvars)
{
	size_t i;

	for (i = 0; s && i < nvars; i++)
		if (has_var(s, vars[i]))
			return true;
	return false;
}

bool tw_v_ext_match(const char *ext, const char *s)
{
	const char *p;

	if (ext[0] != '_')
		return strcmp(ext, s) == 0;
	for (p = ext + 1; *p; p++) {
		char c = *p;

		if (c == '-')
			continue;
		if (c == '.')
			return *s != '\0';
		if (c == '!')
			return true;
		if (!*s)
			return false;
		if (c == 'X' || c == 'x') {
			if (*s < '0' || *s > '9')
				return false;
		} else if (c == 'Z' || c == 'z') {
			if (*s < '1' || *s > '9')
				return false;
		} else if (c == 'N' || c == 'n') {
			if (*s < '2' || *s > '9')
				return false;
		} else if (c == '[') {
			const char *q = p + 1;
			bool hit = false;

			for (; *q && *q != ']'; q++) {
				if (q[1] == '-' && q[2] && q[2] != ']') {
					hit = hit || (*s >= q[0] && *s <= q[2]);
					q += 2;
				} else {
					hit = hit || *s == *q;
				}
			}
			if (!hit || !*q)
				return false;
			p = q;
		} else if (c != *s) {
			return false;
		}
		s++;
	}
	return *s == '\0';
}

static bool is_pattern(const char *ext)
{
	return ext[0] == '_' && strpbrk(ext + 1, "XxZzNn.![") != NULL;
}

/* ---- the context index ---- */

size_t tw_v_dpindex_find(struct dpindex *w, const char *name)
{
	struct tw_hent *e = tw_hmap_get(&w->names, name, strlen(name));

	return e ? e->val : NONE;
}

void tw_v_dpindex_init(struct dpindex *w, const struct tw_conf *dp)
{
	size_t i;

	memset(w, 0, sizeof(*w));
	tw_arena_init(&w->ar);
	tw_hmap_init(&w->names, dp ? dp->nsections : 0, false);
	for (i = 0; dp && i < dp->nsections; i++) {
		const struct tw_conf_section *s = dp->sections[i];
		struct tw_hent *e;
		struct wctx *c;
		bool added;

		if (s->is_template || strcasecmp(s->name, "general") == 0 ||
		    strcasecmp(s->name, "globals") == 0)
			continue;
		e = tw_hmap_put(&w->names, s->name, strlen(s->name), w->nctx, &added);
		if (added) {
			if (w->nctx == w->ctxcap) {
				w->ctxcap = w->ctxcap ? w->ctxcap * 2 : 32;
				w->ctx = tw_xrealloc(w->ctx, w->ctxcap * sizeof(*w->ctx));
			}
			memset(&w->ctx[w->nctx], 0, sizeof(w->ctx[w->nctx]));
			w->ctx[w->nctx++].name = s->name;
		}
		c = &w->ctx[e->val];
		c->secs = tw_xrealloc(c->secs, (c->nsecs + 1) * sizeof(*c->secs));
		c->secs[c->nsecs++] = s;
	}
}

static struct wext *ext_get(struct wctx *c, const char *name)
{
	struct tw_hent *e;

	if (c->next && strcmp(c->ext[c->next - 1].name, name) == 0)
		return &c->ext[c->next - 1];
	e = tw_hmap_get(&c->names, name, strlen(name));
	return e ? &c->ext[e->val] : NULL;
}

static void add_line(struct dpindex *w, struct wctx *c, const char *ename,
                     const struct tw_conf_option *op, char *rest)
{
	struct wext *x = ext_get(c, ename);
	char *app, *paren, *close;
	bool added;

	if (!x) {
		if (c->next == c->extcap) {
			c->extcap = c->extcap ? c->extcap * 2 : 16;
			c->ext = tw_xrealloc(c->ext, c->extcap * sizeof(*c->ext));
		}
		x = &c->ext[c->next];
		memset(x, 0, sizeof(*x));
		x->name = wdup(w, ename, strlen(ename));
		tw_hmap_put(&c->names, x->name, strlen(x->name), c->next++, &added);
		x->pattern = is_pattern(ename);
	}
	/* rest: priority[(label)],App(args) */
	app = rest ? strchr(rest, ',') : NULL;
	if (!app)
		return;
	*app++ = '\0';
	if (strcmp(trim_in_place(rest), "hint") == 0)
		return;
	paren = strchr(app, '(');
	if (!paren)
		return;
	*paren = '\0';
	close = strrchr(paren + 1, ')');
	if (close)
		*close = '\0';
	if (x->n == x->cap) {
		x->cap = x->cap ? x->cap * 2 : 4;
		x->lines = tw_xrealloc(x->lines, x->cap * sizeof(*x->lines));
	}
	x->lines[x->n].op = op;
	app = trim_in_place(app);
	x->lines[x->n].app = wdup(w, app, strlen(app));
	x->lines[x->n++].args = wdup(w, paren + 1, strlen(paren + 1));
}

static void parse_section(struct dpindex *w, struct wctx *c, const struct tw_conf_section *s)
{
	char *last = NULL, *buf;
	size_t k;

	for (k = 0; k < s->nopts; k++) {
		const struct tw_conf_option *op = s->opts[k];

		if (!op->value)
			continue;
		buf = tw_xstrdup(op->value);
		if (strcasecmp(op->name, "exten") == 0) {
			char *p, *rest = NULL, *slash;
			int depth = 0;

			for (p = buf; *p && !(*p == ',' && depth == 0); p++)
				depth += *p == '[' ? 1 : (*p == ']' && depth > 0) ? -1 : 0;
			if (*p)
				rest = p + 1;
			*p = '\0';
			if ((slash = strchr(buf, '/')))
				*slash = '\0';
			free(last);
			last = tw_xstrdup(trim_in_place(buf));
			add_line(w, c, last, op, rest);
		} else if (strncasecmp(op->name, "same", 4) == 0 && last) {
			add_line(w, c, last, op, buf);
		} else if (strcasecmp(op->name, "include") == 0) {
			char *t = buf + strcspn(buf, ",|");

			*t = '\0';
			t = trim_in_place(buf);
			if (c->ninc == c->inccap) {
				c->inccap = c->inccap ? c->inccap * 2 : 4;
				c->inc = tw_xrealloc(c->inc, c->inccap * sizeof(*c->inc));
			}
			c->inc[c->ninc].target = wdup(w, t, strlen(t));
			c->inc[c->ninc++].op = op;
		}
		free(buf);
	}
	free(last);
}

struct wctx *tw_v_dpindex_ctx(struct dpindex *w, size_t i)
{
	struct wctx *c = &w->ctx[i];
	size_t k;

	if (!c->parsed) {
		c->parsed = true;
		tw_hmap_init(&c->names, 16, false);
		for (k = 0; k < c->nsecs; k++)
			parse_section(w, c, c->secs[k]);
	}
	return c;
}

void tw_v_dpindex_free(struct dpindex *w)
{
	size_t i, k;

	for (i = 0; i < w->nctx; i++) {
		for (k = 0; k < w->ctx[i].next; k++)
			free(w->ctx[i].ext[k].lines);
		free(w->ctx[i].ext);
		if (w->ctx[i].parsed)
			tw_hmap_free(&w->ctx[i].names);
		free(w->ctx[i].inc);
		free(w->ctx[i].secs);
	}
	free(w->ctx);
	tw_hmap_free(&w->names);
	tw_arena_free(&w->ar);
	memset(w, 0, sizeof(*w));
}
