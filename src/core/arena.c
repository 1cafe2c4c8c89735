/* arena.c - bump allocation freed all at once (see arena.h). */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "trunkwiz/arena.h"
#include "trunkwiz/util.h"

#define FIRST_CHUNK ((size_t)64 << 10)
#define MAX_CHUNK ((size_t)32 << 20)
/* Chunks are sized so that chunk and block header fit in a power of two:
 * large blocks then end on a huge page boundary. */
#define CHUNK_SLACK 64

struct tw_arena_chunk {
	struct tw_arena_chunk *next;
	size_t used, cap;
	char mem[];
};

void tw_arena_init(struct tw_arena *a)
{
	a->head = NULL;
	a->next_cap = 0;
}

static struct tw_arena_chunk *chunk_new(struct tw_arena *a, size_t need)
{
	struct tw_arena_chunk *ch;
	size_t cap;

	if (a->next_cap < FIRST_CHUNK)
		a->next_cap = FIRST_CHUNK;
	cap = a->next_cap - CHUNK_SLACK;
	if (cap < need)
		cap = need;
	ch = tw_xcalloc_large(1, sizeof(*ch) + cap);
	ch->cap = cap;
	ch->used = 0;
	ch->next = a->head;
	a->head = ch;
	if (a->next_cap < MAX_CHUNK)
		a->next_cap *= 2;
	return ch;
}

void *tw_arena_alloc(struct tw_arena *a, size_t n, size_t align)
{
	struct tw_arena_chunk *ch = a->head;
	size_t pad;

	if (!ch || n + align > ch->cap - ch->used)
		ch = chunk_new(a, n + align);
	pad = (size_t)-(uintptr_t)(ch->mem + ch->used) & (align - 1);
	ch->used += pad + n;
	return ch->mem + ch->used - n;
}

char *tw_arena_strndup(struct tw_arena *a, const char *s, size_t n)
{
	char *p = tw_arena_alloc(a, n + 1, 1);

	memcpy(p, s, n);
	return p; /* p[n] is already 0 */
}

char *tw_arena_strdup(struct tw_arena *a, const char *s)
{
	return tw_arena_strndup(a, s, strlen(s));
}

bool tw_arena_extend(struct tw_arena *a, void *p, size_t old, size_t extra)
{
	struct tw_arena_chunk *ch = a->head;

	if (!p || !ch || (char *)p + old != ch->mem + ch->used || extra > ch->cap - ch->used)
		return false;
	ch->used += extra;
	return true;
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
