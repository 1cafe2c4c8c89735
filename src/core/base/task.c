/* task.c - long operations in a worker thread (task.h). The task is shared
 * by the worker and the front end; whoever lets go last frees it. */
#include "config.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "trunkwiz/base.h"

struct tw_task {
	pthread_mutex_t lock;
	tw_task_fn fn;
	void *arg;
	void (*free_arg)(void *);
	int refs;                /* worker + front end */
	bool finished;
	bool cancel;
	int result;
	char *status;
	long done, total;
	struct tw_buf out;
};

static void task_unref(struct tw_task *t)
{
	bool last;

	pthread_mutex_lock(&t->lock);
	last = --t->refs == 0;
	pthread_mutex_unlock(&t->lock);
	if (!last)
		return;
	if (t->free_arg)
		t->free_arg(t->arg);
	free(t->status);
	tw_buf_free(&t->out);
	pthread_mutex_destroy(&t->lock);
	free(t);
}

static struct tw_task *task_new(tw_task_fn fn, void *arg, void (*free_arg)(void *))
{
	struct tw_task *t = tw_xcalloc(1, sizeof(*t));

	pthread_mutex_init(&t->lock, NULL);
	t->fn = fn;
	t->arg = arg;
	t->free_arg = free_arg;
	t->refs = 2;
	tw_buf_init(&t->out);
	return t;
}

static void *task_main(void *p)
{
	struct tw_task *t = p;
	int rc = t->fn(t, t->arg);

	pthread_mutex_lock(&t->lock);
	t->result = rc;
	t->finished = true;
	pthread_mutex_unlock(&t->lock);
	task_unref(t);
	return NULL;
}

struct tw_task *tw_task_start(tw_task_fn fn, void *arg, void (*free_arg)(void *))
{
	struct tw_task *t = task_new(fn, arg, free_arg);
	pthread_attr_t at;
	pthread_t th;

	pthread_attr_init(&at);
	pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&th, &at, task_main, t) != 0)
		task_main(t);    /* no thread to be had: do it here */
	pthread_attr_destroy(&at);
	return t;
}

/* One of the task's flags, read under the lock: the other side may be
 * setting it. */
static bool flag(struct tw_task *t, const bool *f)
{
	bool v;

	pthread_mutex_lock(&t->lock);
	v = *f;
	pthread_mutex_unlock(&t->lock);
	return v;
}

bool tw_task_finished(struct tw_task *t)
{
	return flag(t, &t->finished);
}

int tw_task_result(struct tw_task *t)
{
	int rc;

	pthread_mutex_lock(&t->lock);
	rc = t->finished ? t->result : -1;
	pthread_mutex_unlock(&t->lock);
	return rc;
}

void *tw_task_arg(struct tw_task *t)
{
	return t->arg;
}

void tw_task_cancel(struct tw_task *t)
{
	pthread_mutex_lock(&t->lock);
	t->cancel = true;
	pthread_mutex_unlock(&t->lock);
}

bool tw_task_cancelled(struct tw_task *t)
{
	return flag(t, &t->cancel);
}

char *tw_task_status_text(struct tw_task *t, long *done, long *total)
{
	char *s;

	pthread_mutex_lock(&t->lock);
	s = tw_xstrdup(t->status ? t->status : "");
	if (done)
		*done = t->done;
	if (total)
		*total = t->total;
	pthread_mutex_unlock(&t->lock);
	return s;
}

char *tw_task_output(struct tw_task *t)
{
	char *s;

	pthread_mutex_lock(&t->lock);
	s = tw_xstrdup(t->out.data ? t->out.data : "");
	pthread_mutex_unlock(&t->lock);
	return s;
}

void tw_task_release(struct tw_task **tp)
{
	if (!tp || !*tp)
		return;
	task_unref(*tp);
	*tp = NULL;
}

/* fmt formatted (outside the lock) as the new status, or as a line of output. */
static void task_put(struct tw_task *t, bool line, const char *fmt, va_list ap)
{
	char *s = tw_xvasprintf(fmt, ap);

	pthread_mutex_lock(&t->lock);
	if (line) {
		tw_buf_adds(&t->out, s);
		tw_buf_addc(&t->out, '\n');
	} else {
		free(t->status);
		t->status = s;
		s = NULL;
	}
	pthread_mutex_unlock(&t->lock);
	free(s);
}

void tw_task_status(struct tw_task *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	task_put(t, false, fmt, ap);
	va_end(ap);
}

void tw_task_progress(struct tw_task *t, long done, long total)
{
	pthread_mutex_lock(&t->lock);
	t->done = done;
	t->total = total;
	pthread_mutex_unlock(&t->lock);
}

void tw_task_line(struct tw_task *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	task_put(t, true, fmt, ap);
	va_end(ap);
}
