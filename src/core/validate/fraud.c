/* fraud.c - the toll-fraud guard, run by tw_validate_pjsip() on any
 * config (check, apply, the wizard's review):
 *   - an identify match covering every address is an error; one wider than
 *     /16 (IPv4) or /48 (IPv6) a warning;
 *   - a trunk whose calls arrive in the context phones use is a warning;
 *   - a trunk, an endpoint without auth and identify, or the anonymous
 *     endpoint whose context reaches a Dial of the caller's number through
 *     a trunk is an error, with the chain from the context to the Dial
 *     (the walk is fraud_walk.c). */
#include "config.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "trunkwiz/base.h"
#include "trunkwiz/validate.h"
#include "validate/fraud.h"
#include "validate/validate_priv.h"
#include "base/base.h"

#define WIDE_V4 16
#define WIDE_V6 48

static const char dedicated_hint[] =
	"give the trunk a dedicated inbound context that only routes your DIDs, e.g. "
	"[from-provider] with exten => 2125551234,1,Goto(from-internal,100,1), and neither "
	"includes nor jumps to the outbound dial rules";

/* ---- identify breadth ---- */

static void net_text(const struct mentry *m, char *buf, size_t cap)
{
	char addr[INET6_ADDRSTRLEN];

	inet_ntop(m->fam == 4 ? AF_INET : AF_INET6, m->a, addr, sizeof(addr));
	snprintf(buf, cap, "%s/%u", addr, m->prefix);
}

/* Is one of a and b inside the other (same family)? */
static bool nets_meet(int fam, const uint8_t *a, unsigned pa, const uint8_t *b, unsigned pb)
{
	unsigned k, n = pa < pb ? pa : pb;

	(void)fam;
	for (k = 0; k < n; k++) {
		uint8_t bit = (uint8_t)(0x80 >> (k % 8));

		if ((a[k / 8] & bit) != (b[k / 8] & bit))
			return false;
	}
	return true;
}

/* The profile's range that meets m, as "owner's a.b.c.d/n", or NULL. */
static char *range_owner(const struct vctx *c, const struct mentry *m)
{
	const char *p = c->o->owner_ranges;
	char item[128];

	if (!p || !c->o->range_owner)
		return NULL;
	while (tw_v_next_item(&p, ",", item, sizeof(item))) {
		uint8_t a[16] = { 0 };
		char *slash = strchr(item, '/');
		unsigned bits = m->fam == 4 ? 32 : 128, pre = bits;

		if (slash) {
			*slash = '\0';
			pre = (unsigned)atoi(slash + 1);
		}
		if (inet_pton(m->fam == 4 ? AF_INET : AF_INET6, item, a) != 1 || pre > bits)
			continue;
		if (nets_meet(m->fam, a, pre, m->a, m->prefix)) {
			if (slash)
				*slash = '/';
			return tw_xasprintf("%s's %s", c->o->range_owner, item);
		}
	}
	return NULL;
}

static int wide_cmp(const void *a, const void *b)
{
	const struct mentry *x = *(const struct mentry *const *)a;
	const struct mentry *y = *(const struct mentry *const *)b;
	int r = strcmp(x->ep, y->ep);

	if (r)
		return r;
	if (x->fam != y->fam)
		return x->fam - y->fam;
	return memcmp(x->a, y->a, sizeof(x->a));
}

/* The last address of m's network, as a big-endian number of 16 bytes. */
static void net_last(const struct mentry *m, uint8_t *last)
{
	unsigned bits = m->fam == 4 ? 32 : 128, k;

	memcpy(last, m->a, 16);
	for (k = m->prefix; k < bits; k++)
		last[k / 8] |= (uint8_t)(0x80 >> (k % 8));
}

/* Is a (big-endian, 16 bytes) the address just after b, or before it? */
static bool adjoins(const uint8_t *a, const uint8_t *b, int fam)
{
	uint8_t next[16];
	size_t n = fam == 4 ? 4 : 16, i;

	memcpy(next, b, 16);
	for (i = n; i-- > 0;)
		if (++next[i] != 0)
			break;
	if (i == (size_t)-1)
		return true; /* b was the last address */
	return memcmp(a, next, n) <= 0;
}

/* Wide matches of one endpoint that together cover every address (two /1
 * are 0.0.0.0/0 too); wide[] holds the matches wider than the limit. */
static void check_union(struct pjctx *pc, const struct mentry **wide, size_t n)
{
	size_t k, j;

	qsort(wide, n, sizeof(*wide), wide_cmp);
	for (k = 0; k < n; k = j) {
		uint8_t end[16], last[16], zero[16] = { 0 };
		size_t bytes = wide[k]->fam == 4 ? 4 : 16;
		bool all = memcmp(wide[k]->a, zero, bytes) == 0;

		net_last(wide[k], end);
		for (j = k + 1; j < n && strcmp(wide[j]->ep, wide[k]->ep) == 0 &&
		     wide[j]->fam == wide[k]->fam; j++) {
			if (!adjoins(wide[j]->a, end, wide[k]->fam))
				all = false;
			net_last(wide[j], last);
			if (memcmp(last, end, bytes) > 0)
				memcpy(end, last, 16);
		}
		memset(last, 0xff, sizeof(last));
		if (all && j - k > 1 && memcmp(end, last, bytes) == 0)
			tw_diags_add(pc->c->d, TW_ERROR, wide[k]->op->file, wide[k]->op->line, NULL,
			             "list only the provider's signalling addresses",
			             "identify matches of endpoint '%s' together cover every IPv%d "
			             "address: anyone on the internet is taken for it and calls in "
			             "unchallenged", wide[k]->ep, wide[k]->fam);
	}
}

static void check_breadth(struct pjctx *pc)
{
	const struct mentry **wide = NULL;
	size_t k, nwide = 0;

	for (k = 0; k < pc->nm; k++) {
		const struct mentry *m = &pc->m[k];
		unsigned limit = m->fam == 4 ? WIDE_V4 : WIDE_V6;
		char net[INET6_ADDRSTRLEN + 8], *owner, *extra;

		if (m->fam == 0 || m->prefix >= limit)
			continue;
		net_text(m, net, sizeof(net));
		if (m->prefix == 0) {
			tw_diags_add(pc->c->d, TW_ERROR, m->op->file, m->op->line, NULL,
			             "list only the provider's signalling addresses (its published list; "
			             "'trunkwiz providers ips ID' shows it for a known provider)",
			             "identify [%s] match %s covers every IPv%d address: anyone on the "
			             "internet is taken for endpoint '%s' and calls in unchallenged",
			             m->ident->name, net, m->fam, m->ep);
			continue;
		}
		wide = tw_xrealloc(wide, (nwide + 1) * sizeof(*wide));
		wide[nwide++] = m;
		owner = range_owner(pc->c, m);
		extra = owner ? tw_xasprintf(" (it holds %s)", owner) : tw_xstrdup("");
		tw_diags_add(pc->c->d, TW_WARNING, m->op->file, m->op->line, NULL,
		             "list the provider's signalling addresses themselves, not the network "
		             "around them",
		             "identify [%s] match %s is wider than /%u%s: every host in it is taken "
		             "for endpoint '%s' and calls in unchallenged", m->ident->name, net, limit,
		             extra, m->ep);
		free(owner);
		free(extra);
	}
	if (nwide > 1)
		check_union(pc, wide, nwide);
	free(wide);
}

/* ---- endpoints ---- */

/* What the guard needs of an endpoint, read when needed: a big config's
 * sections lie far apart, and most endpoints need only their context. */
struct fep {
	size_t i;              /* section */
	const char *name;
	bool identified;       /* an identify section names it */
	bool auth;             /* challenges inbound calls */
	const char *ctx;
	const struct tw_conf_option *ctx_op;
};

struct fctx {
	struct pjctx *pc;
	uint8_t *identified;   /* by section index */
	struct fep *eps;       /* every endpoint, in section order */
	size_t neps;
	struct tw_hmap phone_ctx; /* context -> section of a phone using it */
};

static bool set_in(const struct pmodel *pm, size_t i, const char *name)
{
	const char *v = tw_v_eff_value(pm, i, name);

	return v && *v;
}

static bool has_static_contact(struct pjctx *pc, size_t i)
{
	const char *p = tw_v_eff_value(&pc->pm, i, "aors");
	char item[256];

	while (p && tw_v_next_item(&p, ",", item, sizeof(item))) {
		size_t a = *item ? tw_v_model_find(&pc->pm, TW_OBJ_AOR, item) : NONE;

		if (a != NONE && set_in(&pc->pm, a, "contact"))
			return true;
	}
	return false;
}

static bool is_endpoint(const struct pmodel *pm, size_t i)
{
	const struct sinfo *si = &pm->si[i];

	return si->kind == K_OBJ && si->obj == TW_OBJ_ENDPOINT && !si->is_template &&
	       !si->is_addition;
}

static void fep_read(struct fctx *f, size_t i, struct fep *e)
{
	const struct pmodel *pm = &f->pc->pm;

	e->i = i;
	e->name = pm->si[i].name;
	e->identified = f->identified[i];
	e->auth = set_in(pm, i, "auth");
	e->ctx_op = tw_v_eff_last(pm, i, "context");
	e->ctx = e->ctx_op && e->ctx_op->value && *e->ctx_op->value ? e->ctx_op->value : "default";
}

/* Takes calls from a provider: identified by address, or without auth
 * and reaching one (credentials for it, or its static address). */
static bool takes_provider(struct fctx *f, const struct fep *e)
{
	return e->identified ||
	       (!e->auth && (set_in(&f->pc->pm, e->i, "outbound_auth") ||
	                     has_static_contact(f->pc, e->i)));
}

static void classify(struct fctx *f)
{
	struct pmodel *pm = &f->pc->pm;
	size_t i;

	f->identified = tw_xcalloc(pm->n ? pm->n : 1, 1);
	for (i = 0; i < pm->n; i++) {
		const struct sinfo *si = &pm->si[i];
		const char *ep;
		size_t e;

		if (si->kind != K_OBJ || si->obj != TW_OBJ_IDENTIFY || si->is_template ||
		    si->is_addition)
			continue;
		/* One that matches nothing is dropped by Asterisk ("not
		 * configured to match anything"): FreePBX writes such an
		 * identify for every phone, and the phone is no trunk. */
		if (!set_in(pm, i, "match") && !set_in(pm, i, "match_header") &&
		    !set_in(pm, i, "match_request_uri"))
			continue;
		ep = tw_v_eff_value(pm, i, "endpoint");
		e = ep && *ep ? tw_v_model_find(pm, TW_OBJ_ENDPOINT, ep) : NONE;
		if (e != NONE)
			f->identified[e] = 1;
	}
	tw_hmap_init(&f->phone_ctx, pm->names[TW_OBJ_ENDPOINT].n, false);
	f->eps = tw_xmalloc_large((pm->names[TW_OBJ_ENDPOINT].n + 1) * sizeof(*f->eps));
	for (i = 0; i < pm->n; i++) {
		struct fep *e = &f->eps[f->neps];
		bool added;

		if (!is_endpoint(pm, i) || f->neps >= pm->names[TW_OBJ_ENDPOINT].n)
			continue;
		f->neps++;
		fep_read(f, i, e);
		if (e->auth && !e->identified)
			tw_hmap_put(&f->phone_ctx, e->ctx, strlen(e->ctx), i, &added);
	}
}

/* A way out to a provider, for Dial(PJSIP/number@endpoint). */
static bool is_trunk(void *ud, const char *name)
{
	struct fctx *f = ud;
	const struct pmodel *pm = &f->pc->pm;
	size_t i = tw_v_model_find(&f->pc->pm, TW_OBJ_ENDPOINT, name);

	if (i == NONE)
		return false;
	return f->identified[i] || set_in(pm, i, "outbound_auth") ||
	       (!set_in(pm, i, "auth") && has_static_contact(f->pc, i));
}

/* Where a diagnostic about an endpoint's context goes. */
static void ctx_at(struct fctx *f, const struct fep *e, const char **file, unsigned *line)
{
	const struct tw_conf_section *s = f->pc->pm.si[e->i].s;

	*file = e->ctx_op ? e->ctx_op->file : s->file;
	*line = e->ctx_op ? e->ctx_op->line : s->line;
}

static bool check_dialout(struct fctx *f, struct tw_v_walk *w, const struct fep *e)
{
	const char *via, *chain, *file, *who, *hint, *by;
	unsigned line;
	char *why;

	if (strcmp(e->name, "anonymous") == 0) {
		who = "calls from anyone on the network";
		why = tw_xstrdup("the anonymous endpoint takes every call no other endpoint matches "
		                 "into");
		hint = "point the anonymous endpoint at a context that only routes your DIDs, or "
		       "remove it";
	} else if (e->identified) {
		who = "calls from the provider";
		why = tw_xasprintf("endpoint '%s' takes them into", e->name);
		hint = dedicated_hint;
	} else if (!e->auth && (!(by = tw_v_eff_value(&f->pc->pm, e->i, "identify_by")) || !*by ||
	                        strstr(by, "username"))) {
		who = "calls from anyone on the network";
		why = tw_xasprintf("endpoint '%s' has no auth and no identify, so Asterisk takes any "
		                   "call whose From user is '%s' for it, into", e->name, e->name);
		hint = "add auth = (or an identify section listing the provider's addresses) to the "
		       "endpoint, and give it a dedicated inbound context that only routes your DIDs";
	} else {
		return false;
	}
	if (!tw_v_walk_dialout(w, e->ctx, &via, &chain)) {
		free(why);
		return false;
	}
	ctx_at(f, e, &file, &line);
	tw_diags_add(f->pc->c->d, TW_ERROR, file, line, NULL, hint,
	             "%s can dial out through %s: %s %s", who, via, why, chain);
	free(why);
	return true;
}

static void check_phone_ctx(struct fctx *f, struct tw_v_walk *w, const struct fep *e)
{
	struct tw_hent *ph = tw_hmap_get(&f->phone_ctx, e->ctx, strlen(e->ctx));
	const char *file;
	unsigned line;

	if (!ph && strcmp(e->ctx, "from-internal") != 0 && strcmp(e->ctx, "default") != 0)
		return;
	/* Without the dialplan, only a context the endpoint names itself. */
	if (w ? !tw_v_walk_has_context(w, e->ctx) : !e->ctx_op)
		return;
	if (!takes_provider(f, e))
		return;
	ctx_at(f, e, &file, &line);
	if (ph) {
		const struct tw_conf_section *s = f->pc->pm.si[ph->val].s;

		tw_diags_add(f->pc->c->d, TW_WARNING, file, line, NULL, dedicated_hint,
		             "trunk endpoint '%s' takes calls in context [%s], which phones use "
		             "(endpoint '%s' at %s:%u): callers from outside may do what your "
		             "phones may", e->name, e->ctx, s->name, s->file ? s->file : "?", s->line);
	} else {
		tw_diags_add(f->pc->c->d, TW_WARNING, file, line, NULL, dedicated_hint,
		             "trunk endpoint '%s' takes calls in context [%s], the context phones "
		             "use by convention: callers from outside may do what your phones may",
		             e->name, e->ctx);
	}
}

void tw_v_fraud(struct pjctx *pc)
{
	struct tw_v_walk *w = NULL;
	struct fctx f;
	size_t i;

	check_breadth(pc);
	if (pc->pm.names[TW_OBJ_ENDPOINT].n == 0)
		return;
	memset(&f, 0, sizeof(f));
	f.pc = pc;
	classify(&f);
	if (pc->c->o->dialplan)
		w = tw_v_walk_new(pc->c->o->dialplan, is_trunk, &f);
	for (i = 0; i < f.neps; i++) {
		if (w && check_dialout(&f, w, &f.eps[i]))
			continue;
		check_phone_ctx(&f, w, &f.eps[i]);
	}
	tw_v_walk_free(&w);
	tw_hmap_free(&f.phone_ctx);
	tw_free_large(f.eps);
	free(f.identified);
}
