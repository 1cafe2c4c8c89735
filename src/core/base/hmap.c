/* hmap.c - the string-keyed hash map (hmap.h). */
#include "config.h"

#include "base/hmap.h"
#include "base/base.h"

static struct tw_hent *table(struct tw_hmap *m, size_t cap)
{
	return m->arena ? tw_arena_alloc(m->arena, cap * sizeof(*m->e), sizeof(void *))
	                : tw_xcalloc_large(cap, sizeof(*m->e));
}

void tw_hmap_init_in(struct tw_hmap *m, size_t expect, bool fold, struct tw_arena *arena)
{
	size_t cap = 16;

	while (cap * 3 < expect * 4)
		cap <<= 1;
	m->arena = arena;
	m->e = table(m, cap);
	m->cap = cap;
	m->n = 0;
	m->fold = fold;
}

void tw_hmap_init(struct tw_hmap *m, size_t expect, bool fold)
{
	tw_hmap_init_in(m, expect, fold, NULL);
}

void tw_hmap_free(struct tw_hmap *m)
{
	if (!m->arena)
		tw_free_large(m->e);
	m->e = NULL;
	m->cap = m->n = 0;
}

static void grow(struct tw_hmap *m)
{
	struct tw_hent *old = m->e;
	size_t oldcap = m->cap, i;

	m->cap *= 2;
	m->e = table(m, m->cap);
	for (i = 0; i < oldcap; i++)
		if (old[i].k)
			*tw_hmap_slot(m, old[i].k, old[i].klen, old[i].h) = old[i];
	if (!m->arena)
		tw_free_large(old);
}

struct tw_hent *tw_hmap_put_hashed(struct tw_hmap *m, const char *k, size_t n, uint32_t h,
                                   size_t val, bool *added)
{
	struct tw_hent *e;

	if ((m->n + 1) * 4 > m->cap * 3)
		grow(m);
	e = tw_hmap_slot(m, k, n, h);
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

struct tw_hent *tw_hmap_put(struct tw_hmap *m, const char *k, size_t n, size_t val,
                            bool *added)
{
	return tw_hmap_put_hashed(m, k, n, tw_hash_str(k, n, m->fold), val, added);
}
