/* trunkwiz/base.h - the base module's interface (src/core/base/). */
#ifndef TRUNKWIZ_BASE_H
#define TRUNKWIZ_BASE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <signal.h>

/* util.h - allocation, growable buffers, small string helpers. */

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
void tw_set_fatal_hook(void (*hook)(void));
void tw_fatal(const char *fmt, ...) TW_PRINTF(1, 2) __attribute__((noreturn));

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

/* String helpers. */
bool tw_streq(const char *a, const char *b);      /* NULL-safe strcmp()==0 */
bool tw_strcaseeq(const char *a, const char *b);  /* NULL-safe strcasecmp()==0 */
bool tw_str_has_prefix(const char *s, const char *prefix);
/* Trim ASCII spaces and tabs at both ends, in place; returns s. */
char *tw_strtrim(char *s);
/* Split a comma list into trimmed items (empty items kept as ""). Returns the
 * count; *out is an array of strings the caller frees with tw_strv_free. */
size_t tw_split_list(const char *s, char sep, char ***out);
void tw_strv_free(char ***v, size_t n);
/* The directory part of path (malloc'd): "a/b" -> "a", "/x" -> "/",
 * "x" -> ".". */
char *tw_dir_of(const char *path);
/* True when s has a byte below 0x20 or 0x7f (control characters, newlines). */
bool tw_has_control(const char *s);

/* text.c - the one cleaner for text from outside (a SIP peer, a web
 * server, a downloaded list or profile) on its way to a terminal. */
/* A control character no terminal should be sent: C0 (tab and newline
 * too), DEL, and C1 (U+0080-U+009F; some terminals take 0x9b as CSI). */
bool tw_is_control_char(unsigned long c);
/* A copy of s (NULL gives "") with every control character, and every
 * byte that is not part of well-formed UTF-8, replaced by '?'; other UTF-8
 * is kept. At most max bytes (SIZE_MAX: all) are shown, cut at a character
 * and marked "...". No escape sequence survives. Malloc'd. */
char *tw_clean_text(const char *s, size_t max);

/* diag.h - diagnostics: severity, location, message and a fix hint.
 *
 * The one error idiom: what a user reads is a diagnostic (struct tw_diags:
 * file and line or answer, message, how to fix it). A lower-level step
 * that fails (a value that does not parse, a malformed SIP message)
 * returns false, -1 or NULL and, when its `char **cause` is not NULL, sets
 * *cause to a malloc'd message that the caller frees, usually after
 * putting it into a diagnostic with the location only the caller knows
 * (tmux's idiom). */

enum tw_severity {
	TW_NOTE,
	TW_WARNING,
	TW_ERROR,
};

/* Where a diagnostic points: a parsed file and line ("pjsip.conf:12"), or a
 * trunk answer ("trunk.username"), or nothing. */
struct tw_diag {
	enum tw_severity sev;
	char *file;     /* owned; NULL when not about a file */
	unsigned line;  /* 1-based; 0 = whole file */
	char *field;    /* owned; trunk answer name ("username"), or NULL */
	char *msg;      /* owned; what is wrong */
	char *hint;     /* owned; how to fix it, or NULL */
};

/* A list of diagnostics; owns its items. */
struct tw_diags {
	struct tw_diag *v;
	size_t n;
	size_t cap;
};

void tw_diags_init(struct tw_diags *d);
void tw_diags_clear(struct tw_diags *d);
void tw_diags_add(struct tw_diags *d, enum tw_severity sev, const char *file,
                  unsigned line, const char *field, const char *hint,
                  const char *fmt, ...) TW_PRINTF(7, 8);
/* Shorthands. */
#define tw_diag_at(d, sev, file, line, hint, ...) \
	tw_diags_add((d), (sev), (file), (line), NULL, (hint), __VA_ARGS__)
#define tw_diag_field(d, sev, field, hint, ...) \
	tw_diags_add((d), (sev), NULL, 0, (field), (hint), __VA_ARGS__)
/* Move every item of src to the end of dst; src is left empty. */
void tw_diags_move(struct tw_diags *dst, struct tw_diags *src);
size_t tw_diags_count(const struct tw_diags *d, enum tw_severity sev);
bool tw_diags_has_errors(const struct tw_diags *d);
/* Sort by file, line, then the order they were added (stable). */
void tw_diags_sort(struct tw_diags *d);
const char *tw_severity_name(enum tw_severity sev);
void tw_diags_print(const struct tw_diags *d, FILE *out, bool color);

/* cancel.h - how a long step (a network exchange, a DNS lookup, a command
 * that may hang) learns it should stop, and the clock its deadlines use. */

/* Stop when *flag is non-zero (a signal handler sets it) or when poll(ctx)
 * returns true (the wizard reads a key there). Either may be NULL; a NULL
 * struct never cancels. Steps check it at least every 50 ms. */
struct tw_cancel {
	volatile sig_atomic_t *flag;
	bool (*poll)(void *ctx);
	void *ctx;
};

bool tw_cancelled(const struct tw_cancel *c);

/* Milliseconds on the monotonic clock. */
long long tw_now_ms(void);

/* Sleep up to ms milliseconds in slices; false when cancelled. */
bool tw_sleep_ms(int ms, const struct tw_cancel *c);

/* task.h - a long operation (DNS, a download, an Asterisk reload, the
 * doctor's checks) in a worker thread, so the screen never freezes: the
 * worker reports a status line, progress and lines of output and polls for
 * cancellation; the front end polls the task from its input loop. */

struct tw_task;
/* The work; returns 0 or -1. arg belongs to the task. */
typedef int (*tw_task_fn)(struct tw_task *t, void *arg);

/* Run fn(t, arg) in a new thread. free_arg (may be NULL) frees arg when
 * the task is released by both sides. */
struct tw_task *tw_task_start(tw_task_fn fn, void *arg, void (*free_arg)(void *));
/* The front end's side. */
bool tw_task_finished(struct tw_task *t);
int tw_task_result(struct tw_task *t);          /* fn's return, once finished */
void *tw_task_arg(struct tw_task *t);
void tw_task_cancel(struct tw_task *t);
/* The status line and progress (done of total, total 0 when unknown), as
 * a malloc'd copy. */
char *tw_task_status_text(struct tw_task *t, long *done, long *total);
/* Lines of output reported so far (malloc'd, "" when none). */
char *tw_task_output(struct tw_task *t);
/* Drop the front end's reference. A cancelled task still running frees
 * itself when fn returns; the front end no longer waits for it. */
void tw_task_release(struct tw_task **t);

/* The worker's side. */
bool tw_task_cancelled(struct tw_task *t);
void tw_task_status(struct tw_task *t, const char *fmt, ...) TW_PRINTF(2, 3);
void tw_task_progress(struct tw_task *t, long done, long total);
void tw_task_line(struct tw_task *t, const char *fmt, ...) TW_PRINTF(2, 3);

#endif
