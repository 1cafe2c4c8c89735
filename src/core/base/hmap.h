/* hmap.h - the string-keyed hash map of the core (hmap.c): open
 * addressing, keys borrowed (the caller keeps them alive), a size_t value
 * each. Case-insensitive maps fold ASCII only, whatever the locale, as
 * Asterisk's config names compare. Used for section and context names,
 * dialplan keys and the parser's interned option names. */
#ifndef TRUNKWIZ_BASE_HMAP_H
#define TRUNKWIZ_BASE_HMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/arena.h"
#include "trunkwiz/base.h"

static inline unsigned char tw_ascii_lower(unsigned char ch)
{
	return ch >= 'A' && ch <= 'Z' ? (unsigned char)(ch + 32) : ch;
}

/* FNV-1a over n bytes; fold: of their ASCII lower case. */
static inline uint32_t tw_hash_str(const char *s, size_t n, bool fold)
{
	uint32_t h = 2166136261u;
	size_t i;

	if (fold) {
		for (i = 0; i < n; i++)
			h = (h ^ tw_ascii_lower((unsigned char)s[i])) * 16777619u;
	} else {
		for (i = 0; i < n; i++)
			h = (h ^ (unsigned char)s[i]) * 16777619u;
	}
	return h;
}

struct tw_hent {
	const char *k;      /* NULL: empty slot */
	uint32_t klen;
	uint32_t h;
	size_t val;
};

/* Tables are kept at most 3/4 full, small enough to stay in the caches
 * of big checks; with an arena, they come from it (huge pages, freed with
 * it), else they are large blocks (arena.h). */
struct tw_hmap {
	struct tw_hent *e;
	size_t cap, n;
	bool fold;          /* case-insensitive keys (ASCII) */
	struct tw_arena *arena;
};

void tw_hmap_init_in(struct tw_hmap *m, size_t expect, bool fold, struct tw_arena *arena);
void tw_hmap_init(struct tw_hmap *m, size_t expect, bool fold);
void tw_hmap_free(struct tw_hmap *m);
/* The entry for k (hash h, from tw_hash_str with the map's fold), created
 * with val when absent (*added tells). Keys are shorter than 4 GB. */
struct tw_hent *tw_hmap_put_hashed(struct tw_hmap *m, const char *k, size_t n, uint32_t h,
                                   size_t val, bool *added);
struct tw_hent *tw_hmap_put(struct tw_hmap *m, const char *k, size_t n, size_t val,
                            bool *added);

/* Lookups are inline: they are the hot path of big checks. */
static inline bool tw_hmap_key_eq(const struct tw_hmap *m, const struct tw_hent *e,
                                  const char *k, size_t n)
{
	size_t i;

	if (e->klen != n)
		return false;
	if (!m->fold)
		return memcmp(e->k, k, n) == 0;
	for (i = 0; i < n; i++)
		if (tw_ascii_lower((unsigned char)e->k[i]) != tw_ascii_lower((unsigned char)k[i]))
			return false;
	return true;
}

/* The slot of k (hash h): its entry, or the empty slot where it would go. */
static inline struct tw_hent *tw_hmap_slot(const struct tw_hmap *m, const char *k, size_t n,
                                           uint32_t h)
{
	size_t i = h & (m->cap - 1);

	while (m->e[i].k && !(m->e[i].h == h && tw_hmap_key_eq(m, &m->e[i], k, n)))
		i = (i + 1) & (m->cap - 1);
	return &m->e[i];
}

static inline struct tw_hent *tw_hmap_get_hashed(const struct tw_hmap *m, const char *k,
                                                 size_t n, uint32_t h)
{
	struct tw_hent *e;

	if (!m->cap)
		return NULL;
	e = tw_hmap_slot(m, k, n, h);
	return e->k ? e : NULL;
}

static inline struct tw_hent *tw_hmap_get(const struct tw_hmap *m, const char *k, size_t n)
{
	return tw_hmap_get_hashed(m, k, n, tw_hash_str(k, n, m->fold));
}

#endif
