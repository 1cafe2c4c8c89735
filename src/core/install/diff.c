/* diff.c - line diff (Myers' greedy O(ND) algorithm after trimming the
 * common head and tail) printed in unified format. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "install/diff.h"

#define CONTEXT 3
#define MAX_EDITS 20000 /* beyond this, show the middle as replaced wholesale */

struct lines {
	const char **p;   /* start of each line */
	size_t *n;        /* length including its newline, if any */
	size_t count;
};

static void split(const char *s, size_t len, struct lines *l)
{
	size_t cap = 16, i = 0;

	l->p = tw_xmalloc(cap * sizeof(*l->p));
	l->n = tw_xmalloc(cap * sizeof(*l->n));
	while (s && i < len) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (s + i)) + 1 : len - i;

		if (l->count == cap) {
			cap *= 2;
			l->p = tw_xrealloc(l->p, cap * sizeof(*l->p));
			l->n = tw_xrealloc(l->n, cap * sizeof(*l->n));
		}
		l->p[l->count] = s + i;
		l->n[l->count++] = n;
		i += n;
	}
}

static void lines_free(struct lines *l)
{
	free(l->p);
	free(l->n);
}

static bool same(const struct lines *a, size_t i, const struct lines *b, size_t j)
{
	return a->n[i] == b->n[j] && memcmp(a->p[i], b->p[j], a->n[i]) == 0;
}

bool tw_diff_secret_line(const char *line, size_t n)
{
	static const char *const names[] = { "password", "md5_cred", "password_digest" };
	size_t i, k, w;

	for (i = 0; i < n && (line[i] == ' ' || line[i] == '\t'); i++)
		;
	for (k = 0; k < TW_ARRAY_LEN(names); k++) {
		w = strlen(names[k]);
		if (n - i > w && strncasecmp(line + i, names[k], w) == 0) {
			size_t j = i + w;

			while (j < n && (line[j] == ' ' || line[j] == '\t'))
				j++;
			if (j < n && line[j] == '=')
				return true;
		}
	}
	return false;
}

/* One output line: prefix, the text (masked when it holds a secret), a
 * newline, and diff's marker when the file lacks its final newline. */
static void emit(struct tw_buf *out, char prefix, const char *p, size_t n)
{
	bool eol = n && p[n - 1] == '\n';
	size_t len = eol ? n - 1 : n;

	tw_buf_addc(out, prefix);
	if (tw_diff_secret_line(p, len)) {
		const char *eq = memchr(p, '=', len);

		tw_buf_add(out, p, (size_t)(eq - p) + 1);
		tw_buf_adds(out, " ********");
	} else {
		tw_buf_add(out, p, len);
	}
	tw_buf_addc(out, '\n');
	if (!eol)
		tw_buf_adds(out, "\\ No newline at end of file\n");
}

/* Myers' greedy algorithm on a[a0..a1) and b[b0..b1): marks the lines of
 * a longest common subsequence in ka/kb. Returns false (nothing marked)
 * when more than MAX_EDITS edits would be needed. */
static bool myers(const struct lines *a, size_t a0, size_t a1, const struct lines *b,
                  size_t b0, size_t b1, bool *ka, bool *kb)
{
	long n = (long)(a1 - a0), m = (long)(b1 - b0), max = n + m;
	long limit = max < MAX_EDITS ? max : MAX_EDITS, off = limit + 1, width = 2 * off + 1;
	long d, k, x, y, dfound = -1;
	long *v, **trace;

	if (n == 0 || m == 0)
		return true;
	v = tw_xcalloc((size_t)width, sizeof(*v));
	trace = tw_xcalloc((size_t)limit + 1, sizeof(*trace));
	for (d = 0; d <= limit && dfound < 0; d++) {
		for (k = -d; k <= d; k += 2) {
			if (k == -d || (k != d && v[off + k - 1] < v[off + k + 1]))
				x = v[off + k + 1];
			else
				x = v[off + k - 1] + 1;
			y = x - k;
			while (x < n && y < m && same(a, a0 + (size_t)x, b, b0 + (size_t)y))
				x++, y++;
			v[off + k] = x;
			if (x >= n && y >= m) {
				dfound = d;
				break;
			}
		}
		trace[d] = tw_xmalloc((size_t)width * sizeof(long));
		memcpy(trace[d], v, (size_t)width * sizeof(long));
	}
	if (dfound >= 0) {
		x = n;
		y = m;
		for (d = dfound; d > 0; d--) {
			const long *pv = trace[d - 1];
			long pk, px, py;

			k = x - y;
			pk = (k == -d || (k != d && pv[off + k - 1] < pv[off + k + 1])) ? k + 1 : k - 1;
			px = pv[off + pk];
			py = px - pk;
			while (x > px && y > py) {
				x--, y--;
				ka[a0 + (size_t)x] = kb[b0 + (size_t)y] = true;
			}
			x = px;
			y = py;
		}
		while (x > 0 && y > 0) {
			x--, y--;
			ka[a0 + (size_t)x] = kb[b0 + (size_t)y] = true;
		}
	}
	for (d = 0; d <= limit; d++)
		free(trace[d]);
	free(trace);
	free(v);
	return dfound >= 0;
}

/* The aligned edit script: one op per output line. */
enum op { KEEP, DEL, INS };
struct edit {
	enum op op;
	size_t ai, bi;   /* line of a (KEEP, DEL) and of b (KEEP, INS) */
};

static size_t script(const struct lines *a, const bool *ka, const struct lines *b,
                     const bool *kb, struct edit **out)
{
	struct edit *e = tw_xmalloc((a->count + b->count + 1) * sizeof(*e));
	size_t i = 0, j = 0, n = 0;

	while (i < a->count || j < b->count) {
		if (i < a->count && !ka[i]) {
			e[n++] = (struct edit){ DEL, i++, j };
		} else if (j < b->count && !kb[j]) {
			e[n++] = (struct edit){ INS, i, j++ };
		} else {
			e[n++] = (struct edit){ KEEP, i++, j++ };
		}
	}
	*out = e;
	return n;
}

static void hunk(struct tw_buf *out, const struct lines *a, const struct lines *b,
                 const struct edit *e, size_t from, size_t to)
{
	size_t na = 0, nb = 0, k;

	for (k = from; k < to; k++) {
		na += e[k].op != INS;
		nb += e[k].op != DEL;
	}
	/* diff -u numbers an empty range by the line before it */
	tw_buf_printf(out, "@@ -%zu,%zu +%zu,%zu @@\n", na ? e[from].ai + 1 : e[from].ai, na,
	              nb ? e[from].bi + 1 : e[from].bi, nb);
	for (k = from; k < to; k++) {
		if (e[k].op == INS)
			emit(out, '+', b->p[e[k].bi], b->n[e[k].bi]);
		else
			emit(out, e[k].op == DEL ? '-' : ' ', a->p[e[k].ai], a->n[e[k].ai]);
	}
}

size_t tw_diff_unified(const char *label_a, const char *a, size_t alen,
                       const char *label_b, const char *b, size_t blen,
                       struct tw_buf *out)
{
	struct lines la = { NULL, NULL, 0 }, lb = { NULL, NULL, 0 };
	size_t head = 0, tail = 0, i, n, k, changed = 0;
	struct edit *e;
	bool *ka, *kb;

	split(a, alen, &la);
	split(b, blen, &lb);
	while (head < la.count && head < lb.count && same(&la, head, &lb, head))
		head++;
	while (tail < la.count - head && tail < lb.count - head &&
	       same(&la, la.count - 1 - tail, &lb, lb.count - 1 - tail))
		tail++;
	ka = tw_xcalloc(la.count + 1, sizeof(bool));
	kb = tw_xcalloc(lb.count + 1, sizeof(bool));
	for (i = 0; i < head; i++)
		ka[i] = kb[i] = true;
	for (i = 0; i < tail; i++)
		ka[la.count - 1 - i] = kb[lb.count - 1 - i] = true;
	(void)myers(&la, head, la.count - tail, &lb, head, lb.count - tail, ka, kb);
	n = script(&la, ka, &lb, kb, &e);
	for (k = 0; k < n; k++)
		changed += e[k].op != KEEP;
	if (changed)
		tw_buf_printf(out, "--- %s\n+++ %s\n", a ? label_a : "/dev/null",
		              b ? label_b : "/dev/null");
	for (k = 0; k < n;) {
		size_t from, to, last;

		while (k < n && e[k].op == KEEP)
			k++;
		if (k == n)
			break;
		from = k > CONTEXT ? k - CONTEXT : 0;
		last = k;
		/* a hunk goes on while the next change is within 2*CONTEXT lines */
		for (;;) {
			size_t gap = 0;

			while (last < n && e[last].op != KEEP)
				last++;
			while (last + gap < n && e[last + gap].op == KEEP)
				gap++;
			if (last + gap == n || gap > 2 * CONTEXT) {
				to = last + (gap < CONTEXT ? gap : CONTEXT);
				break;
			}
			last += gap;
		}
		hunk(out, &la, &lb, e, from, to);
		k = to;
	}
	free(e);
	free(ka);
	free(kb);
	lines_free(&la);
	lines_free(&lb);
	return changed;
}
