#include "config.h"

#include <stdarg.h>
#include <stdint.h>
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

static void diag_free(struct tw_diag *g)
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
		diag_free(&d->v[i]);
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

/* A diagnostic may quote what a file, a download or a server said: every
 * part goes out cleaned (tw_clean_text), whoever made it. */
void tw_diag_print(const struct tw_diag *g, FILE *out, bool color)
{
	static const char *const colors[] = { "\033[1;36m", "\033[1;35m", "\033[1;31m" };
	char *file = g->file ? tw_clean_text(g->file, SIZE_MAX) : NULL;
	char *field = g->field ? tw_clean_text(g->field, SIZE_MAX) : NULL;
	char *msg = tw_clean_text(g->msg, SIZE_MAX);

	if (file && g->line)
		fprintf(out, "%s:%u: ", file, g->line);
	else if (file)
		fprintf(out, "%s: ", file);
	else if (field)
		fprintf(out, "trunk.%s: ", field);
	if (color)
		fprintf(out, "%s%s:\033[0m %s\n", colors[g->sev], tw_severity_name(g->sev), msg);
	else
		fprintf(out, "%s: %s\n", tw_severity_name(g->sev), msg);
	if (g->hint) {
		char *hint = tw_clean_text(g->hint, SIZE_MAX);

		fprintf(out, "    hint: %s\n", hint);
		free(hint);
	}
	free(file);
	free(field);
	free(msg);
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
