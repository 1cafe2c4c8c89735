/* base/base.h - what the rest of the core uses of src/core/base/ beyond
 * trunkwiz/base.h (the front ends do not call these). */
#ifndef TW_CORE_BASE_H
#define TW_CORE_BASE_H

#include "trunkwiz/base.h"

/* Large blocks (tables and buffers of big models): from 1 MB up they are
 * mapped on their own, 2 MB-aligned and advised for transparent huge pages,
 * so that touching them costs one fault per 2 MB instead of per 4 KB. Free
 * them with tw_free_large (NULL-safe), never with free(). The calloc form
 * is zero-filled; tw_xrealloc_large keeps min(old, n) bytes. */
void *tw_xmalloc_large(size_t n);
void *tw_xcalloc_large(size_t n, size_t size);
void *tw_xrealloc_large(void *p, size_t n);
void tw_free_large(void *p);

/* Is p a mapping of its own? Then tw_xmalloc_large gave it zero-filled. */
bool tw_large_is_mapped(const void *p);

/* Overwrite memory that held a secret, in a way the compiler keeps. */
void tw_wipe(void *p, size_t n);

/* Like tw_buf_free, but wipes the bytes first (buffers that held a secret). */
void tw_buf_wipe(struct tw_buf *b);

/* Levenshtein distance, for "did you mean" suggestions. */
size_t tw_edit_distance(const char *a, const char *b);

/* Closest candidate to word by edit distance (case-insensitive), or NULL when
 * none is within a useful distance. */
const char *tw_suggest(const char *word, const char *const *candidates, size_t n);

/* Append the n bytes at s to b with every control character, and every
 * byte that is not part of well-formed UTF-8, replaced by '?'; other UTF-8
 * is kept. At most max bytes of s (SIZE_MAX: all) are shown, cut at a
 * character and marked "...". No escape sequence survives. */
void tw_buf_add_clean(struct tw_buf *b, const char *s, size_t n, size_t max);

/* Set *cause (when cause is not NULL) to the formatted message; returns
 * false, so that `return tw_fail(cause, "...")` ends a check. */
bool tw_fail(char **cause, const char *fmt, ...) TW_PRINTF(2, 3);

/* Drop repeats (same severity, file, line and message) among d->v[from..],
 * keeping the first of each in its place. */
void tw_diags_dedup(struct tw_diags *d, size_t from);

/* Compiler style: "FILE:LINE: error: msg" or "trunk.FIELD: error: msg",
 * then "  hint: ..." on the next line. */
void tw_diag_print(const struct tw_diag *g, FILE *out, bool color);

/* Free what one diagnostic holds (not the struct itself). */
void tw_diag_free(struct tw_diag *g);

#endif
