/* validate_dialplan.c - tw_validate_dialplan(): extensions.conf contexts,
 * their lines (exten =>, same =>, include => ...), extensions, priorities
 * (numbers, n and s, labels, hints) and applications, and Dial() targets
 * checked against the pjsip model of o->pjsip. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/arena.h"
#include "trunk/dialplan.h"
#include "trunkwiz/base.h"
#include "trunkwiz/validate.h"
#include "validate/validate_priv.h"
#include "base/base.h"

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
	struct tw_hmap exts;      /* ctx \n ext \n cid -> extrec index */
	struct extrec *x;
	size_t nx, xcap;
	struct tw_hmap prios;     /* ctx \n ext \n cid \n prio -> first option (index in po) */
	struct tw_hmap labels;    /* ctx \n ext \n cid \n label -> priority */
	struct tw_hmap gotos;     /* extensions a Goto/Gosub enters (any context) */
	const struct tw_conf_option **po;
	size_t npo, pocap;
	struct pmodel pm;
	bool have_pjsip;
	bool said_no_endpoints;
	int exec_known;           /* 0: not looked for; 1: the pjsip files have no #exec; 2: they do */
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
	struct tw_hent *e = tw_hmap_get(&dc->exts, dc->key, dc->keylen);
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
	tw_hmap_put(&dc->exts, tw_arena_strndup(&dc->ar, dc->key, dc->keylen), dc->keylen, dc->nx,
	              &added);
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
	tw_v_odiag(c, TW_ERROR, s, op, hint,
	           "Dial target '%s' names endpoint '%s' that does not exist: the call fails",
	           target, ep);
	free(hint);
}

/* Can a missing endpoint be told from one kept elsewhere? Not when
 * sorcery.conf maps endpoints to realtime or another backend, nor when
 * the pjsip files define no endpoint at all (a PBX whose endpoints live in
 * a database, e.g. one generated with sorcery.conf "endpoint=realtime,
 * ps_endpoints"): Asterisk is silent at load and the endpoints may well
 * exist (asterisk-behaviour.md). The latter is said once. */
static bool dp_endpoints_known(struct dpctx *dc, const struct tw_conf_section *s,
                               const struct tw_conf_option *op)
{
	const char *ef;
	unsigned el;

	if (dc->c->o->external & (1u << TW_OBJ_ENDPOINT))
		return false;
	if (!dc->exec_known) {
		el = tw_v_first_exec(dc->c->o->pjsip, &ef);
		dc->exec_known = el ? 2 : 1;
		if (el) /* the endpoints may be in its output: said once */
			tw_v_odiag(dc->c, TW_NOTE, s, op, NULL, "the endpoints named in Dial() are not "
			           "checked: the #exec at %s:%u may define them (its output is not "
			           "checked here)", ef, el);
	}
	if (dc->exec_known == 2)
		return false;
	if (dc->pm.names[TW_OBJ_ENDPOINT].n > 0)
		return true;
	if (!dc->said_no_endpoints)
		tw_v_odiag(dc->c, TW_WARNING, s, op, "if the endpoints are kept in a database, "
		           "sorcery.conf beside pjsip.conf says so (endpoint = realtime,...)",
		           "the pjsip config defines no endpoint at all: this and every other "
		           "Dial(PJSIP/...) fails unless the endpoints live in a database");
	dc->said_no_endpoints = true;
	return false;
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
			tw_v_odiag(dc->c, TW_ERROR, s, op, "write PJSIP/<endpoint> or PJSIP/<number>@<endpoint>",
			           "Dial target has no endpoint name after 'PJSIP/'");
			continue;
		}
		if (!dp_endpoints_known(dc, s, op))
			return;
		if (tw_v_model_find(&dc->pm, TW_OBJ_ENDPOINT, ep) == NONE) {
			if (slash)
				*slash = '/';
			dp_missing_endpoint(dc, s, op, part, ep);
		}
	}
}

/* In "a:b" of GotoIf's branches, end a at the ':' outside ${...}, $[...]
 * and (...) and return b, or NULL. */
static char *dp_else_branch(char *a)
{
	int depth = 0;

	for (; *a; a++) {
		if (*a == '{' || *a == '[' || *a == '(')
			depth++;
		else if ((*a == '}' || *a == ']' || *a == ')') && depth > 0)
			depth--;
		else if (*a == ':' && depth == 0) {
			*a = '\0';
			return a + 1;
		}
	}
	return NULL;
}

/* Remember the extensions Goto(), GotoIf(), Gosub(), GosubIf() and
 * GotoIfTime() enter: [[context,]exten,]priority, and for the If forms
 * each of cond?a:b. An extension entered at a later priority or a label
 * needs no priority 1 (schema 6.1; FreePBX's macros do this). */
static void dp_note_goto(struct dpctx *dc, const struct tw_conf_section *s, const char *args)
{
	char *buf = tw_xstrdup(args), *q = strrchr(buf, '?'), *part, *next;

	for (part = q ? q + 1 : buf; part; part = next) {
		char *f[3], *p = part;
		size_t n = 0;
		bool added;

		next = q ? dp_else_branch(part) : NULL;
		while (n < 3 && (f[n] = strsep(&p, ",")))
			n++;
		if (n < 2)
			continue;
		part = tw_strtrim(f[n - 2]);
		if (strchr(part, '$')) {
			/* An extension computed at run time: any of the context's
			 * (or, with a computed context, any at all) may be entered. */
			const char *ctx = n == 3 ? tw_strtrim(f[0]) : s->name;

			dp_key(dc, strchr(ctx, '$') ? "*" : ctx, "*");
			part = dc->key;
		}
		if (*part && !tw_hmap_get(&dc->gotos, part, strlen(part)))
			tw_hmap_put(&dc->gotos, tw_arena_strndup(&dc->ar, part, strlen(part)),
			              strlen(part), 0, &added);
	}
	free(buf);
}

/* The application part of an exten/same line. */
static void dp_check_app(struct dpctx *dc, const struct tw_conf_section *s,
                         const struct tw_conf_option *op, char *app)
{
	char *paren, *close, *name;

	while (app && tw_v_is_blank(*app))
		app++;
	if (!app || !*app) {
		tw_v_odiag(dc->c, TW_ERROR, s, op, "add an application, e.g. ...,1,Answer()",
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
		tw_v_odiag(dc->c, TW_ERROR, s, op, "put the application name before '('",
		           "no application name before '('");
		return;
	}
	close = strrchr(paren + 1, ')');
	if (!close)
		tw_v_odiag(dc->c, TW_WARNING, s, op, "add the closing ')'",
		           "no closing parenthesis for %s(", name);
	else
		*close = '\0';
	if (dc->have_pjsip && strcasecmp(name, "Dial") == 0)
		dp_check_dial(dc, s, op, paren + 1);
	else if (strncasecmp(name, "Goto", 4) == 0 || strncasecmp(name, "Gosub", 5) == 0)
		dp_note_goto(dc, s, paren + 1);
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
			tw_v_odiag(c, TW_ERROR, s, op, "give the first line of a context a number, e.g. 1",
			           "priority '%s' on the first line of context [%s]: Asterisk skips the line",
			           pri, s->name);
			return PRIO_UNSET;
		}
		ipri = pri[0] == 'n' ? st->lastpri + 1 : st->lastpri;
	} else if (tw_v_all_digits(num)) {
		long v = strtol(pri, NULL, 10);

		if (v < 1) {
			tw_v_odiag(c, TW_ERROR, s, op, "priorities start at 1",
			           "invalid priority '%s': Asterisk skips the line", pri);
			return PRIO_UNSET;
		}
		ipri = v > INT_MAX / 2 ? INT_MAX / 2 : (int)v;
	} else {
		struct tw_hent *e = NULL;

		if (*pri) {
			dp_key(dc, s->name, ext);
			e = tw_hmap_get(&dc->labels, dc->key, dp_key_more(dc, pri));
		}
		if (!e) {
			tw_v_odiag(c, TW_ERROR, s, op, "use a number, n, s, hint, or a label defined "
			           "earlier for this extension", "invalid priority or unknown label '%s': "
			           "Asterisk skips the line", pri);
			return PRIO_UNSET;
		}
		ipri = (int)e->val;
	}
	if (plus) {
		if (!tw_v_all_digits(plus) || strlen(plus) > 6) {
			tw_v_odiag(c, TW_ERROR, s, op, "write the offset as +N, e.g. n+1",
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
	struct tw_hent *e;
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
		if (!tw_hmap_get(&dc->labels, dc->key, kl))
			tw_hmap_put(&dc->labels, tw_arena_strndup(&dc->ar, dc->key, kl), kl, (size_t)ipri, &added);
	}
	snprintf(num, sizeof(num), "%d", ipri);
	kl = dp_key_more(dc, num);
	e = tw_hmap_get(&dc->prios, dc->key, kl);
	if (e) {
		const struct tw_conf_option *first = dc->po[e->val];
		char *hint = tw_xasprintf("renumber one of the lines (the first is at %s:%u)",
		                          first->file ? first->file : "?", first->line);

		if (ipri == PRIO_HINT)
			tw_v_odiag(dc->c, TW_ERROR, s, op, hint, "second hint for extension '%s' in context "
			           "[%s]: Asterisk cannot register it", ext, s->name);
		else
			tw_v_odiag(dc->c, TW_ERROR, s, op, hint, "priority %d of extension '%s' in context [%s] "
			           "is already defined: Asterisk cannot register this line", ipri, ext, s->name);
		free(hint);
		return;
	}
	if (dc->npo == dc->pocap) {
		dc->pocap = dc->pocap ? dc->pocap * 2 : 64;
		dc->po = tw_xrealloc(dc->po, dc->pocap * sizeof(*dc->po));
	}
	dc->po[dc->npo] = op;
	tw_hmap_put(&dc->prios, tw_arena_strndup(&dc->ar, dc->key, kl), kl, dc->npo++, &added);
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
			tw_v_odiag(dc->c, TW_ERROR, s, op, "close the label: 1(name)",
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
		tw_v_odiag(dc->c, TW_ERROR, s, op, "give this line a number",
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

	tw_v_check_header(c, s);
	for (k = 0; k < s->nopts; k++) {
		const struct tw_conf_option *op = s->opts[k];
		const char *name = op->name;
		char *rest;

		if (!op->value)
			continue;
		tw_v_check_line_text(c, s, op, false);
		if (special)
			continue;
		snprintf(buf, ITEM_MAX, "%s", op->value);
		if (strncasecmp(name, "same", 4) == 0) {
			if (!st.lastext) {
				tw_v_odiag(c, TW_ERROR, s, op, "start the extension with exten => <ext>,1,...",
				           "'same =>' before any 'exten =>' in [%s]: Asterisk skips the line",
				           s->name);
				continue;
			}
			dp_line(dc, &st, s, op, st.lastext, buf);
		} else if (strcasecmp(name, "exten") == 0) {
			char *ext = dp_split_ext(buf, &rest), *cid;

			if (!*ext) {
				tw_v_odiag(c, TW_ERROR, s, op, "write exten => <extension>,<priority>,<application>",
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
				tw_v_odiag(c, TW_WARNING, s, op, "give a value or remove the line", "empty %s", name);
		} else {
			tw_diags_add(c->d, TW_WARNING, op->file, op->line, NULL,
			             "use exten =>, same =>, include =>, switch => or ignorepat =>",
			             "[%s] unknown dialplan directive '%s': Asterisk ignores the line",
			             s->name, name);
		}
	}
	free(buf);
}

/* Does a Goto or Gosub enter this extension, by name or computed? Or,
 * for a caller-ID match, does the same extension start at 1 with another
 * caller ID (Set(CALLERID(num)=...) at 1 continues at 2 under the new
 * caller ID, a known idiom)? */
static bool dp_entered(struct dpctx *dc, const struct extrec *xr)
{
	size_t n = strcspn(xr->ext, "/");

	if (tw_hmap_get(&dc->gotos, xr->ext, n))
		return true;
	if (xr->ext[n] == '/') {
		char *base = tw_xstrndup(xr->ext, n);

		dp_key(dc, xr->sec->name, base);
		free(base);
		if (tw_hmap_get(&dc->gotos, dc->key, dc->keylen))
			return true;
	}
	dp_key(dc, xr->sec->name, "*");
	if (tw_hmap_get(&dc->gotos, dc->key, dc->keylen))
		return true;
	dp_key(dc, "*", "*");
	return tw_hmap_get(&dc->gotos, dc->key, dc->keylen) != NULL;
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
	tw_v_vctx_init(c, o, d);
	dc = tw_xcalloc(1, sizeof(*dc));
	dc->c = c;
	tw_hmap_init(&dc->exts, 256, false);
	tw_hmap_init(&dc->prios, 256, false);
	tw_hmap_init(&dc->labels, 64, false);
	tw_hmap_init(&dc->gotos, 64, false);
	if (c->o->pjsip) {
		dc->have_pjsip = true;
		tw_v_model_build(&dc->pm, c->o->pjsip, &c->ov, NULL, NULL);
	}
	for (i = 0; i < ext->nsections; i++)
		dp_section(dc, ext->sections[i]);
	for (i = 0; i < dc->nx; i++) {
		const struct extrec *xr = &dc->x[i];
		bool added;

		if (!xr->has1)
			continue;
		dp_key(dc, xr->sec->name, tw_arena_strndup(&dc->ar, xr->ext, strcspn(xr->ext, "/")));
		if (!tw_hmap_get(&dc->gotos, dc->key, dc->keylen))
			tw_hmap_put(&dc->gotos, tw_arena_strndup(&dc->ar, dc->key, dc->keylen),
			              dc->keylen, 0, &added);
	}
	for (i = 0; i < dc->nx; i++) {
		const struct extrec *xr = &dc->x[i];

		if (xr->has1 || xr->labelled || !xr->nonhint || dp_entered(dc, xr))
			continue;
		tw_diags_add(d, TW_WARNING, xr->first->file, xr->first->line, NULL,
		             "number the first line of the extension 1",
		             "[%s] extension '%s' has no priority 1: Asterisk never starts it",
		             xr->sec->name, xr->ext);
	}
	tw_hmap_free(&dc->exts);
	tw_hmap_free(&dc->prios);
	tw_hmap_free(&dc->labels);
	tw_hmap_free(&dc->gotos);
	tw_arena_free(&dc->ar);
	free(dc->x);
	free(dc->po);
	if (dc->have_pjsip)
		tw_v_model_free(&dc->pm);
	free(dc);
	free(c->ov.v);
	free(c);
}
