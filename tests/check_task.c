/* check_task.c - long operations in a worker thread: status, progress,
 * output lines, cancel, and who frees what (src/core/base/task.c). No test
 * sleeps for a time: the worker and the test meet at pipes. */
#include "config.h"

#include <unistd.h>

#include "tw_test.h"

struct job {
	int go[2];      /* the test lets the worker go on */
	int freed[2];   /* free_arg says it ran */
	int rc;
};

static struct job *job_new(int rc)
{
	struct job *j = tw_xcalloc(1, sizeof(*j));

	ck_assert_int_eq(pipe(j->go), 0);
	ck_assert_int_eq(pipe(j->freed), 0);
	j->rc = rc;
	return j;
}

/* free_arg: reports on the freed pipe, which the test keeps open. */
static void job_free(void *arg)
{
	struct job *j = arg;

	if (write(j->freed[1], "f", 1) != 1)
		abort();
	close(j->go[0]);
	close(j->go[1]);
	free(j);
}

static void wait_byte(int fd)
{
	char c;

	ck_assert_int_eq(read(fd, &c, 1), 1);
}

static void wait_finished(struct tw_task *t)
{
	while (!tw_task_finished(t))
		usleep(1000);
}

/* Reports a status, progress and two lines, waits for the test, returns
 * its rc. */
static int reporting_job(struct tw_task *t, void *arg)
{
	struct job *j = arg;

	tw_task_status(t, "fetching %s", "list");
	tw_task_progress(t, 3, 10);
	tw_task_line(t, "line %d", 1);
	tw_task_line(t, "line %d", 2);
	wait_byte(j->go[0]);
	return j->rc;
}

START_TEST(test_reports_and_result)
{
	struct job *j = job_new(7);
	int freed = j->freed[0], freed_w = j->freed[1], go = j->go[1];
	struct tw_task *t = tw_task_start(reporting_job, j, job_free);
	char *s, *out, c;
	long done = 0, total = 0;

	ck_assert_ptr_eq(tw_task_arg(t), j);
	/* the lines come before the worker waits: poll until both are in */
	do {
		out = tw_task_output(t);
		if (strstr(out, "line 2"))
			break;
		free(out);
		usleep(1000);
	} while (1);
	ck_assert_str_eq(out, "line 1\nline 2\n");
	free(out);
	s = tw_task_status_text(t, &done, &total);
	ck_assert_str_eq(s, "fetching list");
	ck_assert_int_eq(done, 3);
	ck_assert_int_eq(total, 10);
	free(s);
	ck_assert(!tw_task_finished(t));
	ck_assert_int_eq(tw_task_result(t), -1); /* not finished yet */
	ck_assert(!tw_task_cancelled(t));
	ck_assert_int_eq(write(go, "g", 1), 1);
	wait_finished(t);
	ck_assert_int_eq(tw_task_result(t), 7);
	/* free_arg waits for both sides: a marker goes first, and 'f' may
	 * only follow the release */
	ck_assert_int_eq(write(freed_w, "m", 1), 1);
	ck_assert_int_eq(read(freed, &c, 1), 1);
	ck_assert_int_eq(c, 'm');
	tw_task_release(&t);
	ck_assert_ptr_null(t);
	tw_task_release(&t); /* NULL-safe */
	close(freed_w);
	ck_assert_int_eq(read(freed, &c, 1), 1);
	ck_assert_int_eq(c, 'f');
	ck_assert_int_eq(read(freed, &c, 1), 0); /* once only */
	close(freed);
}
END_TEST

/* Works until it is cancelled; says so with -1. */
static int cancellable_job(struct tw_task *t, void *arg)
{
	struct job *j = arg;

	if (write(j->go[1], "s", 1) != 1)
		return -2;
	while (!tw_task_cancelled(t))
		usleep(1000);
	return -1;
}

START_TEST(test_cancel)
{
	struct job *j = job_new(0);
	int freed = j->freed[0], freed_w = j->freed[1], go = j->go[0];
	struct tw_task *t = tw_task_start(cancellable_job, j, job_free);
	char c;

	wait_byte(go); /* it runs */
	ck_assert(!tw_task_finished(t));
	tw_task_cancel(t);
	ck_assert(tw_task_cancelled(t));
	wait_finished(t);
	ck_assert_int_eq(tw_task_result(t), -1);
	tw_task_release(&t);
	close(freed_w);
	ck_assert_int_eq(read(freed, &c, 1), 1);
	close(freed);
}
END_TEST

/* The front end lets go of a task still running (the wizard quits while a
 * download goes on): the worker finishes on its own and only then is its
 * argument freed. */
START_TEST(test_release_while_running)
{
	struct job *j = job_new(0);
	int freed = j->freed[0], freed_w = j->freed[1], go = j->go[1];
	struct tw_task *t = tw_task_start(reporting_job, j, job_free);
	char c;

	tw_task_cancel(t);
	tw_task_release(&t);
	ck_assert_ptr_null(t);
	/* Still running, waiting at its pipe: free_arg has not run. A write
	 * to freed_w marks the spot; the next byte must come from free_arg. */
	ck_assert_int_eq(write(freed_w, "m", 1), 1);
	ck_assert_int_eq(read(freed, &c, 1), 1);
	ck_assert_int_eq(c, 'm');
	ck_assert_int_eq(write(go, "g", 1), 1);
	ck_assert_int_eq(read(freed, &c, 1), 1);
	ck_assert_int_eq(c, 'f');
	close(freed_w);
	close(freed);
}
END_TEST

/* No free_arg: nothing to free, nothing breaks. */
static int quick_job(struct tw_task *t, void *arg)
{
	(void)t;
	return *(int *)arg;
}

START_TEST(test_without_free_arg)
{
	static int rc = 0;
	struct tw_task *t = tw_task_start(quick_job, &rc, NULL);
	char *s;

	wait_finished(t);
	ck_assert_int_eq(tw_task_result(t), 0);
	s = tw_task_output(t);
	ck_assert_str_eq(s, "");
	free(s);
	s = tw_task_status_text(t, NULL, NULL);
	ck_assert_str_eq(s, "");
	free(s);
	tw_task_release(&t);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("task");
	TCase *tc = tcase_create("task");

	tcase_add_test(tc, test_reports_and_result);
	tcase_add_test(tc, test_cancel);
	tcase_add_test(tc, test_release_while_running);
	tcase_add_test(tc, test_without_free_arg);
	suite_add_tcase(s, tc);
	return tw_test_run(s);
}
