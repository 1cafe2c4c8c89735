/* task.h - a long operation (DNS, a download, an Asterisk reload, the
 * doctor's checks) in a worker thread, so the screen never freezes: the
 * worker reports a status line, progress and lines of output and polls for
 * cancellation; the front end polls the task from its input loop. */
#ifndef TRUNKWIZ_TASK_H
#define TRUNKWIZ_TASK_H

#include <stdbool.h>

#include "trunkwiz/util.h"

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
