/* fraud_walk.c - follow calls through the dialplan to a Dial that takes
 * the caller's number out through a trunk (fraud.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/arena.h"
#include "trunkwiz/base.h"
#include "validate/fraud.h"
#include "validate/validate_priv.h"

#define MAX_VARS 8          /* tainted variables tracked per state */
#define MAX_STATES 4096     /* per walk from one context */
#define MAX_PARTS 16
#define STEP_TEXT 72        /* characters of a line quoted in a chain */

/* Where a call can be: a context, which extensions of it (NULL: every
 * pattern, the number being the caller's; else extensions matching this
 * literal), and the variables holding the caller's number. */
struct wstate {
	size_t ctx;
	const char *filter;
	const char *vars[MAX_VARS];
	size_t nvars;
	size_t parent;             /* NONE for the start */
	const struct tw_conf_option *op;   /* the line that led here */
	const char *step;
};

struct tw_v_walk {
	tw_v_trunk_fn is_trunk;
	void *ud;
	struct dpindex x;
	struct tw_arena ar;        /* results */
	/* one walk */
	struct wstate *st;
	size_t nst, stcap;
	struct tw_hmap seen;
	struct tw_arena war;
	char *via, *chain;
	size_t hit_from;           /* the state whose extension Dials */
	const char *hit_step;
	/* results by start context: via and chain (NULL: no way out) */
	struct tw_hmap memo;
	struct tw_hmap dead;          /* states from which no walk found a way out */
	const char **memo_via, **memo_chain;
	size_t nmemo;
};

static bool is_literal(const char *s)
{
	return s && *s && !strchr(s, '$');
}

/* ---- one walk ---- */

/* A step's description: the line as written, shortened, at file:line. */
static const char *step_text(struct tw_v_walk *w, const char *what,
                             const struct tw_conf_option *op)
{
	char buf[STEP_TEXT + 8], *p, *out;

	snprintf(buf, sizeof(buf), "%s", what);
	if (strlen(what) > STEP_TEXT)
		strcpy(buf + STEP_TEXT - 3, "...");
	for (p = buf; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	out = op ? tw_xasprintf("%s at %s:%u", buf, op->file ? op->file : "?", op->line)
	         : tw_xstrdup(buf);
	p = tw_arena_strdup(&w->war, out);
	free(out);
	return p;
}

#define KEY_MAX 512

static size_t state_key(size_t ctx, const char *filter, const char *const *vars, size_t nvars,
                        char *key)
{
	size_t i, n = (size_t)snprintf(key, KEY_MAX, "%zu\n%s", ctx, filter ? filter : "\001");

	for (i = 0; i < nvars && n < KEY_MAX; i++)
		n += (size_t)snprintf(key + n, KEY_MAX - n, "\n%s", vars[i]);
	return n < KEY_MAX ? n : KEY_MAX - 1;
}

/* A new state, or NULL when the walk has been there (or was there in an
 * earlier walk that found no way out) or has gone far enough. */
static struct wstate *push(struct tw_v_walk *w, size_t ctx, const char *filter,
                           const char *const *vars, size_t nvars, size_t parent,
                           const struct tw_conf_option *op)
{
	struct wstate *s;
	char key[KEY_MAX];
	size_t i, n;
	bool added;

	if (ctx == NONE || w->nst >= MAX_STATES)
		return NULL;
	n = state_key(ctx, filter, vars, nvars, key);
	if (tw_hmap_get(&w->dead, key, n))
		return NULL;
	tw_hmap_put(&w->seen, tw_arena_strndup(&w->war, key, n), n, w->nst, &added);
	if (!added)
		return NULL;
	if (w->nst == w->stcap) {
		w->stcap = w->stcap ? w->stcap * 2 : 64;
		w->st = tw_xrealloc(w->st, w->stcap * sizeof(*w->st));
	}
	s = &w->st[w->nst++];
	memset(s, 0, sizeof(*s));
	s->ctx = ctx;
	s->filter = filter ? tw_arena_strdup(&w->war, filter) : NULL;
	for (i = 0; i < nvars && i < MAX_VARS; i++)
		s->vars[s->nvars++] = vars[i];
	s->parent = parent;
	s->op = op;
	return s;
}

/* What an extension knows while it runs. */
struct run {
	struct tw_v_walk *w;
	size_t cur;                 /* state index */
	const char *vars[MAX_VARS + 1];
	size_t nvars;
	const char *exten;          /* the extension's name */
	const struct wline *line;   /* the line running */
	bool hit;
};

/* The running line as a step of the chain. */
static const char *run_step(struct run *r, const struct tw_conf_option *op)
{
	char *what = tw_xasprintf("%s: %s(%s)", r->exten, r->line->app, r->line->args);
	const char *step = step_text(r->w, what, op);

	free(what);
	return step;
}

static void add_var(struct run *r, const char *name)
{
	size_t i;

	while (*name == '_')
		name++;
	for (i = 0; i < r->nvars; i++)
		if (strcmp(r->vars[i], name) == 0)
			return;
	if (r->nvars < MAX_VARS && *name && !strchr(name, '('))
		r->vars[r->nvars++] = tw_arena_strdup(&r->w->war, name);
}

/* The state a jump to [ctx,]ext[,prio(args)] from this extension leads
 * to; args give Gosub's ${ARGn}. */
static void jump(struct run *r, const char *ctx, const char *ext, const char *args,
                 const char *macro_exten, const struct tw_conf_option *op)
{
	struct tw_v_walk *w = r->w;
	const char *vars[MAX_VARS];
	size_t nv = 0, i, tctx;
	const char *filter;
	struct wstate *st;

	if (ctx && !is_literal(ctx))
		return;
	tctx = ctx ? tw_v_dpindex_find(&w->x, ctx) : w->st[r->cur].ctx;
	if (tw_v_tainted(ext, r->vars, r->nvars))
		filter = NULL;
	else if (is_literal(ext))
		filter = ext;
	else
		return;
	if (!ctx && filter && strcmp(filter, r->exten) == 0 && !args)
		return; /* within the extension */
	for (i = 0; i < r->nvars && nv < MAX_VARS; i++)
		if (strcmp(r->vars[i], "EXTEN") != 0)
			vars[nv++] = r->vars[i];
	if (macro_exten && nv < MAX_VARS)
		vars[nv++] = macro_exten;
	if (args) {
		char *copy = tw_xstrdup(args), *parts[MAX_PARTS];
		size_t np = tw_v_split_top(copy, ',', parts, MAX_PARTS);

		for (i = 0; i < np && nv < MAX_VARS; i++)
			if (tw_v_tainted(parts[i], r->vars, r->nvars)) {
				char name[24]; /* "ARG" and any size_t */

				snprintf(name, sizeof(name), "ARG%zu", i + 1);
				vars[nv++] = tw_arena_strdup(&w->war, name);
			}
		free(copy);
	}
	/* a fixed number and nothing else of the caller's: nothing to find */
	if (filter && nv == 0)
		return;
	if ((st = push(w, tctx, filter, vars, nv, r->cur, op)))
		st->step = run_step(r, op);
}

/* A Goto-style label: [[context,]extension,]priority[(args)]. */
static void jump_label(struct run *r, char *label, bool gosub,
                       const struct tw_conf_option *op)
{
	char *parts[4], *args = NULL, *paren;
	size_t n = tw_v_split_top(label, ',', parts, 4);

	if (n < 2 || n > 3)
		return;
	if (gosub && (paren = strchr(parts[n - 1], '('))) {
		char *close = strrchr(paren, ')');

		if (close)
			*close = '\0';
		args = paren + 1;
	}
	jump(r, n == 3 ? parts[0] : NULL, parts[n - 2], args, NULL, op);
}

static void line_app(struct run *r, const char *app, const char *args,
                     const struct tw_conf_option *op);

/* Dial(PJSIP/${EXTEN}@trunk&...): the caller's number out through a trunk. */
static void dial(struct run *r, const char *args, const struct tw_conf_option *op)
{
	struct tw_v_walk *w = r->w;
	char *copy = tw_xstrdup(args), *a[2], *t[MAX_PARTS], *p;
	size_t nt, i;

	tw_v_split_top(copy, ',', a, 2);
	nt = tw_v_split_top(a[0], '&', t, MAX_PARTS);
	for (i = 0; i < nt && !r->hit; i++) {
		char *slash = strchr(t[i], '/'), *res, *rest, *at;
		bool caller = false;

		if (!slash)
			continue;
		*slash = '\0';
		res = slash + 1;
		rest = strchr(res, '/');
		if (rest)
			*rest++ = '\0';
		at = strrchr(res, '@');
		if (strcasecmp(t[i], "Local") == 0) {
			if (at) {
				*at = '\0';
				jump(r, at + 1, res, NULL, NULL, op);
			}
			continue;
		}
		if (!is_literal(t[i]))
			continue;
		if (at) {
			*at = '\0';
			caller = tw_v_tainted(res, r->vars, r->nvars);
			res = at + 1;
		}
		caller = caller || tw_v_tainted(rest, r->vars, r->nvars);
		if (!caller || !is_literal(res))
			continue;
		/* PJSIP/endpoint/sip:... goes where the URI says, with the
		 * endpoint's settings: toll only through a trunk's credentials */
		if (strcasecmp(t[i], "PJSIP") == 0 && !w->is_trunk(w->ud, res))
			continue;
		w->via = tw_xasprintf("%s/%s", t[i], res);
		for (p = w->via; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				*p = '?';
		w->hit_from = r->cur;
		w->hit_step = run_step(r, op);
		r->hit = true;
	}
	free(copy);
}

/* cond?a[:b] of GotoIf, GosubIf, GotoIfTime and ExecIf. */
static void branches(struct run *r, const char *args, int kind,
                     const struct tw_conf_option *op)
{
	char *copy = tw_xstrdup(args), *q = tw_v_find_top(copy, '?'), *b[2];
	size_t n, i;

	if (q) {
		n = tw_v_split_top(q + 1, ':', b, 2);
		for (i = 0; i < n && !r->hit; i++) {
			if (!*b[i])
				continue;
			if (kind == 'e') {
				char *paren = strchr(b[i], '('), *close;

				if (!paren)
					continue;
				*paren = '\0';
				if ((close = strrchr(paren + 1, ')')))
					*close = '\0';
				line_app(r, tw_strtrim(b[i]), paren + 1, op);
			} else {
				jump_label(r, b[i], kind == 's', op);
			}
		}
	}
	free(copy);
}

static void line_app(struct run *r, const char *app, const char *args,
                     const struct tw_conf_option *op)
{
	if (strcasecmp(app, "Dial") == 0) {
		dial(r, args, op);
	} else if (strcasecmp(app, "Goto") == 0 || strcasecmp(app, "Gosub") == 0) {
		char *copy = tw_xstrdup(args);

		jump_label(r, copy, app[2] == 's' || app[2] == 'S', op);
		free(copy);
	} else if (strcasecmp(app, "GotoIf") == 0 || strcasecmp(app, "GotoIfTime") == 0) {
		branches(r, args, 'g', op);
	} else if (strcasecmp(app, "GosubIf") == 0) {
		branches(r, args, 's', op);
	} else if (strcasecmp(app, "ExecIf") == 0) {
		branches(r, args, 'e', op);
	} else if (strcasecmp(app, "Macro") == 0) {
		char *copy = tw_xstrdup(args), *parts[MAX_PARTS], *ctx, *rest;
		bool ext_tainted = tw_v_tainted("${EXTEN}", r->vars, r->nvars);

		tw_v_split_top(copy, ',', parts, 2);
		ctx = tw_xasprintf("macro-%s", parts[0]);
		rest = strchr(args, ',');
		jump(r, ctx, "s", rest ? rest + 1 : "", ext_tainted ? "MACRO_EXTEN" : NULL, op);
		free(ctx);
		free(copy);
	}
}

/* Set(VAR=...${EXTEN}...) makes VAR the caller's number too. */
static void taint_sets(struct run *r, const struct wext *x)
{
	size_t k, pass;

	for (pass = 0; pass < 2; pass++) {
		for (k = 0; k < x->n; k++) {
			const struct wline *l = &x->lines[k];
			char *copy, *parts[MAX_PARTS], *eq;
			size_t n, i;

			if (strcasecmp(l->app, "Set") != 0 && strcasecmp(l->app, "MSet") != 0)
				continue;
			if (!tw_v_tainted(l->args, r->vars, r->nvars))
				continue;
			copy = tw_xstrdup(l->args);
			n = strcasecmp(l->app, "Set") == 0 ? (parts[0] = copy, 1)
			                                  : tw_v_split_top(copy, ',', parts, MAX_PARTS);
			for (i = 0; i < n; i++)
				if ((eq = strchr(parts[i], '=')) && tw_v_tainted(eq, r->vars, r->nvars)) {
					*eq = '\0';
					add_var(r, tw_strtrim(parts[i]));
				}
			free(copy);
		}
	}
}

static void run_ext(struct tw_v_walk *w, size_t cur, const struct wext *x, bool caller_exten)
{
	struct run r;
	size_t k;

	memset(&r, 0, sizeof(r));
	r.w = w;
	r.cur = cur;
	r.exten = x->name;
	for (k = 0; k < w->st[cur].nvars; k++)
		r.vars[r.nvars++] = w->st[cur].vars[k];
	if (caller_exten)
		r.vars[r.nvars++] = "EXTEN";
	taint_sets(&r, x);
	for (k = 0; k < x->n && !r.hit; k++) {
		const struct wline *l = &x->lines[k];
		r.line = l;
		line_app(&r, l->app, l->args, l->op);
	}
}

static void visit(struct tw_v_walk *w, size_t cur)
{
	struct wctx *c = tw_v_dpindex_ctx(&w->x, w->st[cur].ctx);
	const char *filter = w->st[cur].filter;
	size_t k;

	for (k = 0; k < c->ninc; k++) {
		struct wstate *st = push(w, tw_v_dpindex_find(&w->x, c->inc[k].target), filter, w->st[cur].vars,
		                         w->st[cur].nvars, cur, c->inc[k].op);

		if (st) {
			char *what = tw_xasprintf("include => %s", c->inc[k].target);

			st->step = step_text(w, what, c->inc[k].op);
			free(what);
		}
	}
	for (k = 0; k < c->next && !w->via; k++) {
		const struct wext *x = &c->ext[k];

		if (!filter && !x->pattern && w->st[cur].nvars == 0)
			continue;
		if (filter && !tw_v_ext_match(x->name, filter))
			continue;
		run_ext(w, cur, x, !filter && x->pattern);
	}
}

static void make_chain(struct tw_v_walk *w)
{
	const char **steps = tw_xmalloc((w->nst + 1) * sizeof(*steps));
	struct tw_buf b;
	size_t n = 0, i;

	steps[n++] = w->hit_step;
	for (i = w->hit_from; i != NONE && n <= w->nst; i = w->st[i].parent)
		steps[n++] = w->st[i].step;
	tw_buf_init(&b);
	while (n-- > 0) {
		tw_buf_adds(&b, steps[n]);
		if (n)
			tw_buf_adds(&b, " -> ");
	}
	free(steps);
	w->chain = tw_buf_steal(&b);
}

static bool walk(struct tw_v_walk *w, const char *ctx, size_t start)
{
	struct wstate *st;
	size_t i;
	char *first;

	free(w->via);
	free(w->chain);
	w->via = w->chain = NULL;
	w->nst = 0;
	tw_hmap_free(&w->seen);
	tw_arena_free(&w->war);
	tw_hmap_init(&w->seen, 64, false);
	if (!(st = push(w, start, NULL, NULL, 0, NONE, NULL)))
		return false;
	first = tw_xasprintf("[%s]", ctx);
	st->step = step_text(w, first, NULL);
	free(first);
	for (i = 0; i < w->nst && !w->via; i++)
		visit(w, i);
	if (w->via) {
		make_chain(w);
		return true;
	}
	/* Explored to the end: no later walk needs to go there again. */
	for (i = 0; i < w->nst && w->nst < MAX_STATES; i++) {
		char key[KEY_MAX];
		size_t n = state_key(w->st[i].ctx, w->st[i].filter, w->st[i].vars, w->st[i].nvars,
		                     key);
		bool added;

		tw_hmap_put(&w->dead, tw_arena_strndup(&w->ar, key, n), n, 0, &added);
	}
	return false;
}

bool tw_v_walk_dialout(struct tw_v_walk *w, const char *ctx, const char **via,
                       const char **chain)
{
	size_t start = tw_v_dpindex_find(&w->x, ctx);
	struct tw_hent *e;
	bool added;

	if (start == NONE)
		return false;
	e = tw_hmap_put(&w->memo, w->x.ctx[start].name, strlen(w->x.ctx[start].name), w->nmemo,
	                  &added);
	if (added) {
		bool out = walk(w, ctx, start);

		w->memo_via = tw_xrealloc(w->memo_via, (w->nmemo + 1) * sizeof(*w->memo_via));
		w->memo_chain = tw_xrealloc(w->memo_chain, (w->nmemo + 1) * sizeof(*w->memo_chain));
		w->memo_via[w->nmemo] = out ? tw_arena_strdup(&w->ar, w->via) : NULL;
		w->memo_chain[w->nmemo++] = out ? tw_arena_strdup(&w->ar, w->chain) : NULL;
	}
	*via = w->memo_via[e->val];
	*chain = w->memo_chain[e->val];
	return *via != NULL;
}

bool tw_v_walk_has_context(struct tw_v_walk *w, const char *ctx)
{
	return tw_v_dpindex_find(&w->x, ctx) != NONE;
}

struct tw_v_walk *tw_v_walk_new(const struct tw_conf *dialplan, tw_v_trunk_fn is_trunk,
                                void *ud)
{
	struct tw_v_walk *w = tw_xcalloc(1, sizeof(*w));

	w->is_trunk = is_trunk;
	w->ud = ud;
	tw_arena_init(&w->ar);
	tw_arena_init(&w->war);
	tw_v_dpindex_init(&w->x, dialplan);
	tw_hmap_init(&w->seen, 64, false);
	tw_hmap_init(&w->memo, 16, false);
	tw_hmap_init(&w->dead, 64, false);
	return w;
}

void tw_v_walk_free(struct tw_v_walk **wp)
{
	struct tw_v_walk *w;

	if (!wp || !*wp)
		return;
	w = *wp;
	tw_v_dpindex_free(&w->x);
	free(w->st);
	free(w->via);
	free(w->chain);
	tw_hmap_free(&w->seen);
	tw_hmap_free(&w->memo);
	tw_hmap_free(&w->dead);
	free(w->memo_via);
	free(w->memo_chain);
	tw_arena_free(&w->ar);
	tw_arena_free(&w->war);
	free(w);
	*wp = NULL;
}
