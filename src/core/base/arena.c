/* arena.c - bump allocation freed all at once (see arena.h). */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "base/arena.h"
#include "trunkwiz/base.h"
#include "base/base.h"

#define FIRST_CHUNK ((size_t)64 << 10)
#define MAX_CHUNK ((size_t)32 << 20)
/* Chunks are sized so that chunk and block headers fit in a power of two:
 * large blocks then end on a huge page boundary. */
#define CHUNK_SLACK 64

struct tw_arena_chunk {
	struct tw_arena_chunk *next;
	size_t cap;
	char mem[];
};

void tw_arena_init(struct tw_arena *a)
{
	a->cur = a->end = NULL;
	a->dirty = false;
	a->head = NULL;
	a->next_cap = 0;
}

void *tw_arena_alloc_chunk(struct tw_arena *a, size_t n, size_t align)
{
	struct tw_arena_chunk *ch;
	size_t cap;

	if (n > SIZE_MAX / 4)
		tw_fatal("out of memory (%zu bytes)", n);
	if (a->next_cap < FIRST_CHUNK)
		a->next_cap = FIRST_CHUNK;
	cap = a->next_cap - CHUNK_SLACK;
	if (cap < n + align)
		cap = n + align;
	ch = tw_xmalloc_large(sizeof(*ch) + cap);
	ch->cap = cap;
	ch->next = a->head;
	a->head = ch;
	a->cur = ch->mem;
	a->end = ch->mem + cap;
	a->dirty = !tw_large_is_mapped(ch);
	if (a->next_cap < MAX_CHUNK)
		a->next_cap *= 2;
	return tw_arena_alloc_raw(a, n, align);
}

char *tw_arena_strdup(struct tw_arena *a, const char *s)
{
	return tw_arena_strndup(a, s, strlen(s));
}

void *tw_arena_grow(struct tw_arena *a, void *p, size_t old, size_t n)
{
	void *q;

	if (n <= old || tw_arena_extend(a, p, old, n - old))
		return p;
	q = tw_arena_alloc(a, n, sizeof(void *));
	if (old)
		memcpy(q, p, old);
	return q;
}

void tw_arena_hint(struct tw_arena *a, size_t bytes)
{
	if (a->next_cap < FIRST_CHUNK)
		a->next_cap = FIRST_CHUNK;
	while (a->next_cap < bytes && a->next_cap < MAX_CHUNK)
		a->next_cap *= 2;
}

void tw_arena_free(struct tw_arena *a)
{
	struct tw_arena_chunk *ch, *next;

	for (ch = a->head; ch; ch = next) {
		next = ch->next;
		tw_free_large(ch);
	}
	tw_arena_init(a);
}
