/* validate_model.c - the pjsip model the checks read: each section's
 * effective type (its first base's, its own type line, or that of the
 * section an addition extends), (+) additions linked to the sections they
 * extend, effective option values through templates and additions, and an
 * index of the objects by type and id. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "trunkwiz/conf.h"
#include "validate/schema.h"
#include "trunkwiz/base.h"
#include "validate/validate_priv.h"
#include "base/base.h"
#include "conf/conf.h"

static void optvec_push(struct optvec *ov, const struct tw_conf_option *op)
{
	if (ov->n == ov->cap) {
		ov->cap = ov->cap ? ov->cap * 2 : 32;
		ov->v = tw_xrealloc(ov->v, ov->cap * sizeof(*ov->v));
	}
	ov->v[ov->n++] = op;
}

static void namevec_push(struct namevec *nv, const char *s)
{
	if (nv->n == nv->cap) {
		nv->cap = nv->cap ? nv->cap * 2 : 16;
		nv->v = tw_xrealloc_large(nv->v, nv->cap * sizeof(*nv->v));
	}
	nv->v[nv->n++] = s;
}

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

/* One of 32 bits for an option name, from its first two bytes folded as
 * tw_v_name_eq folds them: names that compare equal share it. */
static uint32_t name_bit(const char *name)
{
	unsigned a = (unsigned)tw_ascii_lower((unsigned char)name[0]);
	unsigned b = a ? (unsigned)tw_ascii_lower((unsigned char)name[1]) : 0;

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

const struct tw_conf_option *tw_v_own_first(const struct tw_conf_section *s,
                                            const char *name)
{
	size_t k;

	for (k = 0; k < s->nopts; k++)
		if (tw_v_name_eq(s->opts[k]->name, name))
			return s->opts[k];
	return NULL;
}

/* A walk through the bases visits each section once: a base named
 * several times or reached along several paths ([c](b,b,b,b) over
 * [b](a,a,a,a) ...) would otherwise make a lookup exponential in the depth
 * of the inheritance. Each walk has its own stamp. */
static void walk_start(const struct pmodel *pm)
{
	if (++pm->walk[pm->n] == 0) {
		memset(pm->walk, 0, pm->n * sizeof(*pm->walk));
		pm->walk[pm->n] = 1;
	}
}

static bool walk_first(const struct pmodel *pm, size_t b)
{
	if (pm->walk[b] == pm->walk[pm->n])
		return false;
	pm->walk[b] = pm->walk[pm->n];
	return true;
}

/* The value Asterisk uses: additions, then own lines, then bases (last
 * base first), the last line winning. */
const struct tw_conf_option *tw_v_eff_last_d(const struct pmodel *pm, size_t i,
                                             const char *name, bool adds, unsigned depth)
{
	const struct tw_conf_section *s = pm->si[i].s;
	const struct tw_conf_option *r = NULL, *t;
	uint32_t bit = name_bit(name);
	size_t a, k;

	if (adds)
		for (a = pm->si[i].first_add; a != NONE; a = pm->si[a].next_add)
			if ((sec_names(pm, a) & bit) && (t = tw_conf_section_own_last(pm->si[a].s, name)))
				r = t;
	if (r || ((sec_names(pm, i) & bit) && (r = tw_conf_section_own_last(s, name))))
		return r;
	if (depth > 64 || !s->nbases)
		return NULL;
	if (depth == 0)
		walk_start(pm);
	for (k = s->nbases; k-- > 0;) {
		size_t b;

		if (!s->base_secs || !s->base_secs[k] ||
		    (b = sec_index(pm, s->base_secs[k])) == NONE || !walk_first(pm, b))
			continue;
		if ((r = tw_v_eff_last_d(pm, b, name, false, depth + 1)))
			return r;
	}
	return NULL;
}

/* Every option named name (all when NULL) in effective order: bases, own
 * lines, additions. */
void tw_v_eff_collect_d(const struct pmodel *pm, size_t i, const char *name,
                        bool adds, struct optvec *ov, unsigned depth)
{
	const struct tw_conf_section *s = pm->si[i].s;
	uint32_t bit = name ? name_bit(name) : UINT32_MAX;
	size_t a, k;

	if (depth == 0 && s->nbases)
		walk_start(pm);
	for (k = 0; depth < 64 && k < s->nbases; k++) {
		size_t b;

		if (s->base_secs && s->base_secs[k] &&
		    (b = sec_index(pm, s->base_secs[k])) != NONE && walk_first(pm, b))
			tw_v_eff_collect_d(pm, b, name, false, ov, depth + 1);
	}
	for (k = 0; (sec_names(pm, i) & bit) && k < s->nopts; k++)
		if (!name || tw_v_name_eq(s->opts[k]->name, name))
			optvec_push(ov, s->opts[k]);
	if (adds)
		for (a = pm->si[i].first_add; a != NONE; a = pm->si[a].next_add)
			for (k = 0; (sec_names(pm, a) & bit) && k < pm->si[a].s->nopts; k++)
				if (!name || tw_v_name_eq(pm->si[a].s->opts[k]->name, name))
					optvec_push(ov, pm->si[a].s->opts[k]);
}

/* Additions extend the section the parser found for them (conf_section.c
 * matches (+filter) as Asterisk does, each filter compiled once). */
static void link_additions(struct pmodel *pm)
{
	size_t i, *last_add = tw_xcalloc_large(pm->n, sizeof(*last_add));

	for (i = 0; i < pm->n; i++) {
		const struct tw_conf_section *s = pm->si[i].s;
		size_t j;

		if (!s->is_addition || !s->nbases || !s->base_secs || !s->base_secs[0] ||
		    (j = sec_index(pm, s->base_secs[0])) == NONE || j >= i)
			continue;
		pm->si[i].target = j;
		if (pm->si[j].first_add == NONE)
			pm->si[j].first_add = i;
		else
			pm->si[last_add[j]].next_add = i;
		last_add[j] = i;
	}
	tw_free_large(last_add);
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
	if (depth == 0)
		walk_start(pm);
	for (k = 0; depth < 64 && k < s->nbases; k++) {
		size_t b;

		if (!s->base_secs || !s->base_secs[k] ||
		    (b = sec_index(pm, s->base_secs[k])) == NONE || !walk_first(pm, b))
			continue;
		if (pm->si[b].kind == K_NOTYPE && pm->si[b].infer == TW_OBJ_NONE)
			pm->si[b].infer = obj;
		infer_bases(pm, b, obj, depth + 1);
	}
}

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
		si->type_opt = tw_v_own_first(s, "type");
	set_kind(si);
}

/* One pass over the sections reads what the model needs of each (see
 * struct sinfo); additions, which depend on the sections they extend, are
 * linked after it. Then the objects are indexed by id. */
void tw_v_model_build(struct pmodel *pm, const struct tw_conf *c, struct optvec *ov,
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
	pm->walk = tw_xcalloc_large(pm->n + 1, sizeof(*pm->walk));
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
		si->id_hash = tw_hash_str(s->name, len, false);
		if (s->is_addition) {
			additions = true;
			continue;
		}
		section_type(pm, i);
		if (si->kind == K_OBJ && !s->is_template)
			count[si->obj]++;
	}
	if (additions) {
		link_additions(pm);
		for (i = 0; i < pm->n; i++) {
			struct sinfo *si = &pm->si[i];

			if (!si->is_addition)
				continue;
			if (si->target != NONE) {
				si->type_opt = pm->si[si->target].type_opt;
				si->kind = pm->si[si->target].kind;
				si->obj = pm->si[si->target].obj;
			} else {
				si->type_opt = tw_v_own_first(si->s, "type");
				set_kind(si);
			}
		}
	}
	tw_arena_hint(&pm->mem, pm->n * 2 * sizeof(struct tw_hent));
	for (t = 0; t < TW_OBJ_COUNT; t++) {
		tw_hmap_init_in(&pm->objs[t], count[t], false, &pm->mem);
		pm->names[t].cap = count[t] ? count[t] : 1;
		pm->names[t].v = tw_xmalloc_large(pm->names[t].cap * sizeof(*pm->names[t].v));
	}
	for (i = 0; i < pm->n; i++) {
		struct sinfo *si = &pm->si[i];
		bool added;
		struct tw_hent *e;

		if (si->kind != K_OBJ || si->is_addition)
			continue;
		infer_bases(pm, i, si->obj, 0);
		if (si->is_template)
			continue;
		e = tw_hmap_put_hashed(&pm->objs[si->obj], si->name, si->id_len, si->id_hash, i,
		                         &added);
		if (added)
			namevec_push(&pm->names[si->obj], si->name);
		else if (on_dup)
			on_dup(ud, pm->si[e->val].s, si->s, si->obj);
	}
}

void tw_v_model_free(struct pmodel *pm)
{
	int t;

	for (t = 0; t < TW_OBJ_COUNT; t++) {
		tw_hmap_free(&pm->objs[t]);
		tw_free_large(pm->names[t].v);
	}
	tw_free_large(pm->si);
	tw_free_large(pm->walk);
	tw_arena_free(&pm->mem);
	memset(pm, 0, sizeof(*pm));
}

/* The object of a type with this exact id, or NONE. */
size_t tw_v_model_find(struct pmodel *pm, enum tw_obj obj, const char *id)
{
	size_t len = strlen(id);
	struct tw_hent *e;

	if (len > TW_CONF_MAX_NAME)
		len = TW_CONF_MAX_NAME;
	e = tw_hmap_get(&pm->objs[obj], id, len);
	return e ? e->val : NONE;
}

enum tw_obj tw_v_sec_type(const struct pmodel *pm, size_t i)
{
	const struct sinfo *si = &pm->si[i];

	if (si->kind == K_OBJ)
		return si->obj;
	if (si->kind == K_NOTYPE)
		return si->infer;
	return TW_OBJ_NONE;
}
