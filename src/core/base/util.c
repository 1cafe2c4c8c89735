#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>

#include "trunkwiz/base.h"
#include "base/base.h"

static void (*fatal_hook)(void);

void tw_set_fatal_hook(void (*hook)(void))
{
	fatal_hook = hook;
}

void tw_fatal(const char *fmt, ...)
{
	va_list ap;

	if (fatal_hook)
		fatal_hook();
	fputs("trunkwiz: fatal: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

void *tw_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		tw_fatal("out of memory (%zu bytes)", n);
	return p;
}

void *tw_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		tw_fatal("out of memory (%zu x %zu bytes)", n, size);
	return p;
}

void *tw_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		tw_fatal("out of memory (%zu bytes)", n);
	return q;
}

/* ---- large blocks ---- */

#define LARGE_MIN ((size_t)1 << 20)
#define HUGE_PAGE ((size_t)2 << 20)

/* In front of every large block (16 bytes keep malloc's alignment). A
 * mapped block starts on a huge page boundary, its header at the end of
 * the normal page mapped just before it: a block of 2 MB takes one huge
 * page, not two. */
struct large_hdr {
	size_t map;   /* bytes mapped after the header page; 0 when malloc'd */
	size_t n;     /* bytes asked for */
};

static size_t page_size(void)
{
	static size_t size;
	long n;

	if (!size) {
		n = sysconf(_SC_PAGESIZE);
		size = n > 0 && (size_t)n < HUGE_PAGE ? (size_t)n : 4096;
	}
	return size;
}

/* len bytes (a multiple of HUGE_PAGE) at a HUGE_PAGE boundary, preceded
 * by one page; NULL when the system has no memory to map. */
static char *map_huge(size_t len)
{
	size_t pg = page_size(), head;
	char *p = mmap(NULL, pg + len + HUGE_PAGE, PROT_READ | PROT_WRITE,
	               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uintptr_t a;

	if (p == MAP_FAILED)
		return NULL;
	a = ((uintptr_t)p + pg + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
	head = (size_t)(a - pg - (uintptr_t)p);
	if (head)
		munmap(p, head);
	munmap((char *)a + len, HUGE_PAGE - head);
#ifdef MADV_HUGEPAGE
	/* Without THP (or with it disabled) this fails: 4 KB pages then. */
	(void)madvise((void *)a, len, MADV_HUGEPAGE);
#endif
	return (char *)a;
}

static void *large_new(size_t n, bool zero)
{
	struct large_hdr *h = NULL;
	size_t len;
	char *m;

	if (n > SIZE_MAX - 3 * HUGE_PAGE)
		tw_fatal("out of memory (%zu bytes)", n);
	if (n >= LARGE_MIN) {
		len = (n + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
		if ((m = map_huge(len))) {
			h = (struct large_hdr *)m - 1;
			h->map = len;
		}
	}
	if (!h) {
		h = zero ? calloc(1, sizeof(*h) + n) : malloc(sizeof(*h) + n);
		if (!h)
			tw_fatal("out of memory (%zu bytes)", n);
		h->map = 0;
	}
	h->n = n;
	return h + 1;
}

void *tw_xmalloc_large(size_t n)
{
	return large_new(n, false);
}

void *tw_xcalloc_large(size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		tw_fatal("out of memory (%zu x %zu bytes)", n, size);
	return large_new(n * size, true);
}

void *tw_xrealloc_large(void *p, size_t n)
{
	struct large_hdr *h;
	void *q;

	if (!p)
		return large_new(n, false);
	h = (struct large_hdr *)p - 1;
	if (h->map && n <= h->map) {
		h->n = n;
		return p;
	}
	if (!h->map && n < LARGE_MIN) {
		h = tw_xrealloc(h, sizeof(*h) + n);
		h->n = n;
		return h + 1;
	}
	q = large_new(n, false);
	memcpy(q, p, h->n < n ? h->n : n);
	tw_free_large(p);
	return q;
}

void tw_free_large(void *p)
{
	struct large_hdr *h;

	if (!p)
		return;
	h = (struct large_hdr *)p - 1;
	if (h->map)
		munmap((char *)p - page_size(), page_size() + h->map);
	else
		free(h);
}

bool tw_large_is_mapped(const void *p)
{
	return p && ((const struct large_hdr *)p - 1)->map != 0;
}

char *tw_xstrdup(const char *s)
{
	return tw_xstrndup(s, strlen(s));
}

char *tw_xstrndup(const char *s, size_t n)
{
	char *p = tw_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *tw_xvasprintf(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		tw_fatal("out of memory (formatting)");
	return s;
}

char *tw_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = tw_xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

void tw_wipe(void *p, size_t n)
{
	if (p)
		explicit_bzero(p, n);
}

void tw_free_secret(char **s)
{
	if (!s || !*s)
		return;
	tw_wipe(*s, strlen(*s));
	free(*s);
	*s = NULL;
}

void tw_buf_init(struct tw_buf *b)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

static void buf_reserve(struct tw_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	size_t cap;

	if (need <= b->cap)
		return;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	b->data = tw_xrealloc(b->data, cap);
	b->cap = cap;
}

void tw_buf_add(struct tw_buf *b, const void *p, size_t n)
{
	buf_reserve(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void tw_buf_adds(struct tw_buf *b, const char *s)
{
	tw_buf_add(b, s, strlen(s));
}

void tw_buf_addc(struct tw_buf *b, char c)
{
	tw_buf_add(b, &c, 1);
}

void tw_buf_printf(struct tw_buf *b, const char *fmt, ...)
{
	va_list ap, ap2;
	int n;

	va_start(ap, fmt);
	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		tw_fatal("bad format string");
	buf_reserve(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	b->len += (size_t)n;
}

char *tw_buf_steal(struct tw_buf *b)
{
	char *s = b->data ? b->data : tw_xstrdup("");

	tw_buf_init(b);
	return s;
}

void tw_buf_free(struct tw_buf *b)
{
	free(b->data);
	tw_buf_init(b);
}

void tw_buf_wipe(struct tw_buf *b)
{
	tw_wipe(b->data, b->cap);
	tw_buf_free(b);
}

bool tw_streq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

bool tw_strcaseeq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcasecmp(a, b) == 0;
}

bool tw_str_has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

char *tw_strtrim(char *s)
{
	char *start = s, *end;

	while (*start == ' ' || *start == '\t')
		start++;
	end = start + strlen(start);
	while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	*end = '\0';
	if (start != s)
		memmove(s, start, (size_t)(end - start) + 1);
	return s;
}

size_t tw_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t *row = tw_xcalloc(lb + 1, sizeof(*row));
	size_t i, j, d;

	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t cost = tolower((unsigned char)a[i - 1]) ==
			              tolower((unsigned char)b[j - 1]) ? 0 : 1;
			size_t best = diag + cost;

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	d = row[lb];
	free(row);
	return d;
}

const char *tw_suggest(const char *word, const char *const *candidates, size_t n)
{
	const char *best = NULL;
	size_t best_d = (size_t)-1, limit, i;

	limit = strlen(word) / 3 + 1;
	if (limit > 3)
		limit = 3;
	for (i = 0; i < n; i++) {
		size_t d = tw_edit_distance(word, candidates[i]);

		if (d < best_d) {
			best_d = d;
			best = candidates[i];
		}
	}
	return best_d <= limit ? best : NULL;
}

size_t tw_split_list(const char *s, char sep, char ***out)
{
	size_t n = 1, i = 0;
	const char *p, *start;
	char **v;

	for (p = s; *p; p++)
		if (*p == sep)
			n++;
	v = tw_xcalloc(n, sizeof(*v));
	for (start = p = s;; p++) {
		if (*p == sep || *p == '\0') {
			v[i] = tw_strtrim(tw_xstrndup(start, (size_t)(p - start)));
			i++;
			if (*p == '\0')
				break;
			start = p + 1;
		}
	}
	*out = v;
	return n;
}

void tw_strv_free(char ***v, size_t n)
{
	size_t i;

	if (!v || !*v)
		return;
	for (i = 0; i < n; i++)
		free((*v)[i]);
	free(*v);
	*v = NULL;
}

bool tw_has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}
