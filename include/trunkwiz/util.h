/* util.h - allocation, growable buffers, small string helpers. */
#ifndef TRUNKWIZ_UTIL_H
#define TRUNKWIZ_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define TW_MUST_CHECK __attribute__((warn_unused_result))
#define TW_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define TW_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Out-of-memory is the only fatal error: these never return NULL. Before
 * aborting they call the hook set with tw_set_fatal_hook (the TUI restores
 * the terminal there). */
void *tw_xmalloc(size_t n);
void *tw_xcalloc(size_t n, size_t size);
void *tw_xrealloc(void *p, size_t n);
char *tw_xstrdup(const char *s);
char *tw_xstrndup(const char *s, size_t n);
char *tw_xasprintf(const char *fmt, ...) TW_PRINTF(1, 2);
char *tw_xvasprintf(const char *fmt, va_list ap) TW_PRINTF(1, 0);
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
void tw_set_fatal_hook(void (*hook)(void));
void tw_fatal(const char *fmt, ...) TW_PRINTF(1, 2) __attribute__((noreturn));

/* Overwrite memory that held a secret, in a way the compiler keeps. */
void tw_wipe(void *p, size_t n);
/* Wipe a string's bytes, free it and clear the pointer. NULL-safe. */
void tw_free_secret(char **s);

/* Growable byte buffer; always NUL-terminated when data != NULL. */
struct tw_buf {
	char *data;
	size_t len;
	size_t cap;
};
void tw_buf_init(struct tw_buf *b);
void tw_buf_add(struct tw_buf *b, const void *p, size_t n);
void tw_buf_adds(struct tw_buf *b, const char *s);
void tw_buf_addc(struct tw_buf *b, char c);
void tw_buf_printf(struct tw_buf *b, const char *fmt, ...) TW_PRINTF(2, 3);
/* Hand the string over to the caller (never NULL) and reset the buffer. */
char *tw_buf_steal(struct tw_buf *b);
void tw_buf_free(struct tw_buf *b);
/* Like tw_buf_free, but wipes the bytes first (buffers that held a secret). */
void tw_buf_wipe(struct tw_buf *b);

/* String helpers. */
bool tw_streq(const char *a, const char *b);      /* NULL-safe strcmp()==0 */
bool tw_strcaseeq(const char *a, const char *b);  /* NULL-safe strcasecmp()==0 */
bool tw_str_has_prefix(const char *s, const char *prefix);
/* Trim ASCII spaces and tabs at both ends, in place; returns s. */
char *tw_strtrim(char *s);
/* Levenshtein distance, for "did you mean" suggestions. */
size_t tw_edit_distance(const char *a, const char *b);
/* Closest candidate to word by edit distance (case-insensitive), or NULL when
 * none is within a useful distance. */
const char *tw_suggest(const char *word, const char *const *candidates, size_t n);
/* Split a comma list into trimmed items (empty items kept as ""). Returns the
 * count; *out is an array of strings the caller frees with tw_strv_free. */
size_t tw_split_list(const char *s, char sep, char ***out);
void tw_strv_free(char ***v, size_t n);
/* True when s has a byte below 0x20 or 0x7f (control characters, newlines). */
bool tw_has_control(const char *s);

#endif
