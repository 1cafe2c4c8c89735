#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trunkwiz/base.h"
#include "base/base.h"

void tw_diags_init(struct tw_diags *d)
{
	d->v = NULL;
	d->n = 0;
	d->cap = 0;
}

void tw_diag_free(struct tw_diag *g)
{
	free(g->file);
	free(g->field);
	free(g->msg);
	free(g->hint);
}

void tw_diags_clear(struct tw_diags *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		tw_diag_free(&d->v[i]);
	free(d->v);
	tw_diags_init(d);
}

static struct tw_diag *diags_push(struct tw_diags *d)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 8;
		d->v = tw_xrealloc(d->v, d->cap * sizeof(*d->v));
	}
	return &d->v[d->n++];
}

void tw_diags_add(struct tw_diags *d, enum tw_severity sev, const char *file,
                  unsigned line, const char *field, const char *hint,
                  const char *fmt, ...)
{
	struct tw_diag *g;
	va_list ap;

	if (!d)
		return;
	g = diags_push(d);
	g->sev = sev;
	g->file = file ? tw_xstrdup(file) : NULL;
	g->line = line;
	g->field = field ? tw_xstrdup(field) : NULL;
	g->hint = hint ? tw_xstrdup(hint) : NULL;
	va_start(ap, fmt);
	g->msg = tw_xvasprintf(fmt, ap);
	va_end(ap);
}

void tw_diags_move(struct tw_diags *dst, struct tw_diags *src)
{
	size_t i;

	for (i = 0; i < src->n; i++)
		*diags_push(dst) = src->v[i];
	free(src->v);
	tw_diags_init(src);
}

size_t tw_diags_count(const struct tw_diags *d, enum tw_severity sev)
{
	size_t i, n = 0;

	for (i = 0; i < d->n; i++)
		if (d->v[i].sev == sev)
			n++;
	return n;
}

bool tw_diags_has_errors(const struct tw_diags *d)
{
	return tw_diags_count(d, TW_ERROR) > 0;
}

static int diag_cmp(const struct tw_diag *a, const struct tw_diag *b)
{
	int c;

	if (a->file && b->file) {
		c = strcmp(a->file, b->file);
		if (c)
			return c;
		if (a->line != b->line)
			return a->line < b->line ? -1 : 1;
		return 0;
	}
	if (a->file || b->file)
		return a->file ? 1 : -1;
	return 0;
}

/* Bottom-up merge sort: stable, O(n log n) however many diagnostics a
 * big broken file produces; a run already in order is merged in one pass. */
void tw_diags_sort(struct tw_diags *d)
{
	struct tw_diag *a = d->v, *b, *t;
	size_t w, i;

	if (d->n < 2)
		return;
	for (i = 1; i < d->n && diag_cmp(&a[i - 1], &a[i]) <= 0; i++)
		;
	if (i == d->n)
		return;
	b = tw_xmalloc(d->n * sizeof(*b));
	for (w = 1; w < d->n; w *= 2) {
		for (i = 0; i < d->n; i += 2 * w) {
			size_t lo = i, mid = i + w < d->n ? i + w : d->n;
			size_t hi = i + 2 * w < d->n ? i + 2 * w : d->n, l = lo, r = mid, k = lo;

			while (l < mid && r < hi)
				b[k++] = diag_cmp(&a[r], &a[l]) < 0 ? a[r++] : a[l++];
			while (l < mid)
				b[k++] = a[l++];
			while (r < hi)
				b[k++] = a[r++];
		}
		t = a;
		a = b;
		b = t;
	}
	if (a != d->v) {
		memcpy(d->v, a, d->n * sizeof(*a));
		b = a;
	}
	free(b);
}

static uint32_t fnv_str(uint32_t h, const char *s)
{
	for (; s && *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static bool diag_same(const struct tw_diag *a, const struct tw_diag *b)
{
	return a->sev == b->sev && a->line == b->line &&
	       strcmp(a->file ? a->file : "", b->file ? b->file : "") == 0 &&
	       strcmp(a->msg ? a->msg : "", b->msg ? b->msg : "") == 0;
}

/* A set of the kept items by hash, probed linearly: no key is copied, and
 * many items with one message at different lines cost no more than any. */
void tw_diags_dedup(struct tw_diags *d, size_t from)
{
	size_t n = from < d->n ? d->n - from : 0, cap = 16, k, s, out = from;
	size_t *slot;
	uint32_t *hs;

	if (n < 2)
		return;
	while (cap < 2 * n)
		cap *= 2;
	slot = tw_xmalloc(cap * sizeof(*slot));
	hs = tw_xmalloc(cap * sizeof(*hs));
	for (s = 0; s < cap; s++)
		slot[s] = SIZE_MAX;
	for (k = from; k < d->n; k++) {
		struct tw_diag *g = &d->v[k];
		uint32_t h = fnv_str(fnv_str((2166136261u ^ (uint32_t)g->sev) + g->line * 2654435761u,
		                             g->file), g->msg);

		for (s = h & (cap - 1); slot[s] != SIZE_MAX; s = (s + 1) & (cap - 1))
			if (hs[s] == h && diag_same(&d->v[slot[s]], g))
				break;
		if (slot[s] != SIZE_MAX) {
			tw_diag_free(g);
			continue;
		}
		slot[s] = out;
		hs[s] = h;
		d->v[out++] = *g;
	}
	d->n = out;
	free(slot);
	free(hs);
}

const char *tw_severity_name(enum tw_severity sev)
{
	switch (sev) {
	case TW_ERROR:
		return "error";
	case TW_WARNING:
		return "warning";
	case TW_NOTE:
		break;
	}
	return "note";
}

/* s as tw_clean_text() shows it. Nearly every diagnostic is printable
 * ASCII throughout: that goes out as it is, without a cleaned copy. */
static void put_clean(FILE *out, const char *s)
{
	const unsigned char *p;
	char *c;

	if (!s)
		return;
	p = (const unsigned char *)s;
	while (*p >= 0x20 && *p < 0x7f)
		p++;
	if (!*p) {
		fwrite(s, 1, (size_t)(p - (const unsigned char *)s), out);
		return;
	}
	c = tw_clean_text(s, SIZE_MAX);
	fputs(c, out);
	free(c);
}

/* A diagnostic may quote what a file, a download or a server said: every
 * part goes out cleaned (tw_clean_text), whoever made it. */
void tw_diag_print(const struct tw_diag *g, FILE *out, bool color)
{
	static const char *const colors[] = { "\033[1;36m", "\033[1;35m", "\033[1;31m" };

	if (g->file) {
		put_clean(out, g->file);
		if (g->line)
			fprintf(out, ":%u", g->line);
		fputs(": ", out);
	} else if (g->field) {
		fputs("trunk.", out);
		put_clean(out, g->field);
		fputs(": ", out);
	}
	if (color)
		fputs(colors[g->sev], out);
	fputs(tw_severity_name(g->sev), out);
	fputs(color ? ":\033[0m " : ": ", out);
	put_clean(out, g->msg);
	putc('\n', out);
	if (g->hint) {
		fputs("    hint: ", out);
		put_clean(out, g->hint);
		putc('\n', out);
	}
}

void tw_diags_print(const struct tw_diags *d, FILE *out, bool color)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		tw_diag_print(&d->v[i], out, color);
}

bool tw_fail(char **cause, const char *fmt, ...)
{
	va_list ap;

	if (!cause)
		return false;
	va_start(ap, fmt);
	*cause = tw_xvasprintf(fmt, ap);
	va_end(ap);
	return false;
}
