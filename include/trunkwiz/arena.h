/* arena.h - bump allocation for data that is freed all at once (config
 * models, validator indexes).
 *
 * Memory an arena hands out is zero-filled and stays valid until
 * tw_arena_free. Large arenas take their memory in blocks from
 * tw_xcalloc_large (util.h), which are backed by transparent huge pages
 * where the system allows it: on big inputs first-touch page faults would
 * otherwise cost more than the parsing itself. */
#ifndef TRUNKWIZ_ARENA_H
#define TRUNKWIZ_ARENA_H

#include <stdbool.h>
#include <stddef.h>

struct tw_arena_chunk;

struct tw_arena {
	struct tw_arena_chunk *head;
	size_t next_cap;
};

void tw_arena_init(struct tw_arena *a);
/* n zero bytes aligned to align (a power of two); never NULL. */
void *tw_arena_alloc(struct tw_arena *a, size_t n, size_t align);
/* A NUL-terminated copy of s[0..n). */
char *tw_arena_strndup(struct tw_arena *a, const char *s, size_t n);
char *tw_arena_strdup(struct tw_arena *a, const char *s);
/* Grow block p (old bytes, pointer-aligned) to n bytes: in place when it is
 * the last allocation of a and there is room, else into a new block. */
void *tw_arena_grow(struct tw_arena *a, void *p, size_t old, size_t n);
/* Can p (old bytes) grow in place by extra bytes? Then it has, and true. */
bool tw_arena_extend(struct tw_arena *a, void *p, size_t old, size_t extra);
/* About this many more bytes are coming: make the next block at least
 * that big (within the largest block size), so that a big model does not
 * start in small 4 KB-paged blocks. */
void tw_arena_hint(struct tw_arena *a, size_t bytes);
/* Release every block; a is empty again. */
void tw_arena_free(struct tw_arena *a);

#endif
