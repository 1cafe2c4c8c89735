/* arena.h - bump allocation for data that is freed all at once (config
 * models, validator indexes).
 *
 * Memory an arena hands out stays valid until tw_arena_free. Large arenas
 * take their memory in blocks from tw_xmalloc_large (util.h), which are
 * backed by transparent huge pages where the system allows it: on big
 * inputs first-touch page faults would otherwise cost more than the
 * parsing itself. */
#ifndef TRUNKWIZ_ARENA_H
#define TRUNKWIZ_ARENA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "base/base.h"

struct tw_arena_chunk;

struct tw_arena {
	char *cur, *end;                   /* free bytes of the newest chunk */
	bool dirty;                        /* they may be nonzero (malloc'd chunk) */
	struct tw_arena_chunk *head;       /* chunks, newest first */
	size_t next_cap;
};

void tw_arena_init(struct tw_arena *a);
/* The slow path of tw_arena_alloc: a new chunk. */
void *tw_arena_alloc_chunk(struct tw_arena *a, size_t n, size_t align);

/* n bytes aligned to align (a power of two), not cleared; never NULL. */
static inline void *tw_arena_alloc_raw(struct tw_arena *a, size_t n, size_t align)
{
	size_t pad = (size_t)-(uintptr_t)a->cur & (align - 1);
	char *p;

	if (!a->cur || n + pad > (size_t)(a->end - a->cur))
		return tw_arena_alloc_chunk(a, n, align);
	p = a->cur + pad;
	a->cur = p + n;
	return p;
}

/* n zero bytes aligned to align (a power of two); never NULL. Inline: a
 * parse allocates a few times per line. Chunks of huge-page blocks are
 * zero already; small ones come from malloc (so that a small model does
 * not fault in pages it never uses) and are cleared here. */
static inline void *tw_arena_alloc(struct tw_arena *a, size_t n, size_t align)
{
	void *p = tw_arena_alloc_raw(a, n, align);

	if (a->dirty)
		memset(p, 0, n);
	return p;
}

/* A NUL-terminated copy of s[0..n). */
static inline char *tw_arena_strndup(struct tw_arena *a, const char *s, size_t n)
{
	char *p = tw_arena_alloc_raw(a, n + 1, 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *tw_arena_strdup(struct tw_arena *a, const char *s);
/* Grow block p (old bytes, pointer-aligned) to n bytes: in place when it is
 * the last allocation of a and there is room, else into a new block. */
void *tw_arena_grow(struct tw_arena *a, void *p, size_t old, size_t n);
/* Can p (old bytes) grow in place by extra bytes? Then it has, and true. */
static inline bool tw_arena_extend(struct tw_arena *a, void *p, size_t old, size_t extra)
{
	if (!p || (char *)p + old != a->cur || extra > (size_t)(a->end - a->cur))
		return false;
	if (a->dirty)
		memset(a->cur, 0, extra);
	a->cur += extra;
	return true;
}
/* About this many more bytes are coming: make the next block at least
 * that big (within the largest block size), so that a big model does not
 * start in small 4 KB-paged blocks. */
void tw_arena_hint(struct tw_arena *a, size_t bytes);
/* Release every block; a is empty again. */
void tw_arena_free(struct tw_arena *a);

#endif
