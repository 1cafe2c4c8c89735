/* validate_pjsip.c - tw_validate_pjsip(): builds the model, checks each
 * section (validate_objects.c), then what spans objects: second objects
 * of a type and id, transports that bind the same address, identify
 * matches that overlap (their items are collected here); last it drops
 * repeated diagnostics. */
#include "config.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/arena.h"
#include "trunkwiz/validate.h"
#include "trunkwiz/net.h"
#include "trunkwiz/base.h"
#include "validate/validate_priv.h"
#include "base/base.h"
#include "validate/validate.h"

#define OVERLAP_MAX_WORK 20000000UL
#define DUPLICATE_WORDS "a second "

bool tw_validate_is_duplicate(const struct tw_diag *g, const char *name)
{
	size_t n = strlen(name);

	return g->msg[0] == '[' && strncmp(g->msg + 1, name, n) == 0 && g->msg[n + 1] == ']' &&
	       strncmp(g->msg + n + 2, " " DUPLICATE_WORDS, strlen(DUPLICATE_WORDS) + 1) == 0;
}

static void on_duplicate(void *ud, const struct tw_conf_section *first,
                         const struct tw_conf_section *again, enum tw_obj obj)
{
	struct vctx *c = ud;
	char *hint = tw_xasprintf("rename one of them (sections may share a name only when their "
	                          "types differ); the first is at %s:%u",
	                          first->file ? first->file : "?", first->line);

	tw_v_sdiag(c, TW_ERROR, again, hint,
	           DUPLICATE_WORDS "%s named '%s' (the first is at %s:%u): Asterisk then loads no %s at all "
	           "from the file ('configuration contains a duplicate object')",
	           tw_v_obj_name(obj), again->name, first->file ? first->file : "?", first->line,
	           tw_v_obj_name(obj));
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

			tw_v_odiag(pc->c, TW_ERROR, y->s, y->op, hint,
			           "transport [%s] already binds %s: this transport cannot start",
			           x->s->name, y->key);
			free(hint);
		}
	}
	for (k = 0; k < pc->nb; k++)
		free(pc->b[k].key);
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

		if (tw_v_all_digits(slash + 1)) {
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

void tw_v_collect_matches(struct pjctx *pc, size_t i)
{
	struct vctx *c = pc->c;
	const char *ep = tw_v_eff_value(&pc->pm, i, "endpoint");
	size_t k;

	if (!ep || !*ep)
		return;
	tw_v_eff_collect(&pc->pm, i, "match", &c->ov);
	for (k = 0; k < c->ov.n; k++) {
		const char *p = c->ov.v[k]->value;

		while (p && tw_v_next_item(&p, ",", c->item, sizeof(c->item))) {
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

	tw_v_odiag(pc->c, sev, tw_v_line_sec(x->op, x->ident), x->op, hint,
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

static void build_contexts(struct tw_hmap *h, const struct tw_conf *dp)
{
	size_t i;

	tw_hmap_init(h, dp ? dp->nsections : 0, false);
	for (i = 0; dp && i < dp->nsections; i++) {
		const struct tw_conf_section *s = dp->sections[i];
		bool added;

		if (s->is_template || strcasecmp(s->name, "general") == 0 ||
		    strcasecmp(s->name, "globals") == 0)
			continue;
		tw_hmap_put(h, s->name, strlen(s->name), i, &added);
	}
}

/* Remove repeats (same severity, place and text) among d->v[from..]: a line
 * in a template is reached once per object using it. */
static void dedup_diags(struct tw_diags *d, size_t from)
{
	struct tw_hmap seen;
	struct tw_arena keys;
	size_t k, out = from;

	if (d->n - from < 2)
		return;
	tw_hmap_init(&seen, d->n - from, false);
	tw_arena_init(&keys);
	for (k = from; k < d->n; k++) {
		struct tw_diag *g = &d->v[k];
		char *key = tw_xasprintf("%d|%s|%u|%s", (int)g->sev, g->file ? g->file : "",
		                         g->line, g->msg ? g->msg : "");
		const char *stored = tw_arena_strndup(&keys, key, strlen(key));
		bool added;

		tw_hmap_put(&seen, stored, strlen(stored), k, &added);
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
	tw_hmap_free(&seen);
	tw_arena_free(&keys);
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
	tw_v_vctx_init(c, o, d);
	memset(&pc, 0, sizeof(pc));
	pc.c = c;
	tw_v_model_build(&pc.pm, pjsip, &c->ov, on_duplicate, c);
	tw_v_find_required(&pc);
	if (c->o->dialplan) {
		pc.have_dialplan = true;
		build_contexts(&pc.contexts, c->o->dialplan);
	}
	for (i = 0; i < pc.pm.n; i++)
		tw_v_check_section(&pc, i);
	check_binds(&pc);
	check_overlaps(&pc);
	tw_v_fraud(&pc);
	/* With an #exec the transports may be in its output: no note. */
	if (pc.pm.names[TW_OBJ_TRANSPORT].n == 0 && (pc.nregs || pc.neps) && pjsip->nfiles > 0 &&
	    !tw_v_first_exec(pjsip, &pc.exec_file))
		tw_diag_at(d, TW_NOTE, pjsip->files[0]->path, 0,
		           "make sure pjsip.conf defines one, e.g. [transport-udp] with type = transport, "
		           "protocol = udp, bind = 0.0.0.0",
		           "no type=transport section in the checked files: Asterisk needs at least one "
		           "transport to register or call");
	dedup_diags(d, from);
	if (pc.have_dialplan)
		tw_hmap_free(&pc.contexts);
	tw_free_large(pc.m);
	free(pc.b);
	tw_arena_free(&pc.hosts);
	tw_v_model_free(&pc.pm);
	for (i = 0; i < TW_OBJ_COUNT; i++)
		free(pc.req[i]);
	free(c->ov.v);
	free(c);
}
