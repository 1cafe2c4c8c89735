/* check_run.c - running a helper program with a time limit and a cancel
 * flag, capturing what it prints (src/core/base/run.c). */
#include "config.h"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tw_test.h"

#include "base/run.h"

START_TEST(test_run_capture)
{
	const char *const echo[] = { "sh", "-c", "echo out; echo err >&2; exit 3", NULL };
	const char *const slow[] = { "sh", "-c", "exec sleep 600", NULL };
	const char *const none[] = { "/nonexistent/asterisk", "-rx", "x", NULL };
	char *out;
	int st;

	ck_assert_int_eq(tw_run_capture(echo, 2000, NULL, &out, &st), TW_RUN_OK);
	ck_assert_int_eq(st, 3);
	ck_assert_str_eq(out, "out\nerr\n");
	free(out);
	/* (only the limit can end a 600 s sleep within the test's time) */
	ck_assert_int_eq(tw_run_capture(slow, 300, NULL, &out, &st), TW_RUN_TIMEOUT);
	free(out);
	ck_assert_int_eq(tw_run_capture(none, 2000, NULL, &out, &st), TW_RUN_NOT_FOUND);
	free(out);
}
END_TEST

/* Its stdin is /dev/null (it never waits for the admin's terminal), and
 * the exit status comes back as is. */
START_TEST(test_stdin_and_status)
{
	const char *const cat[] = { "cat", NULL };
	const char *const ok[] = { "sh", "-c", "printf 'a\\nb'", NULL };
	char *out;
	int st = 99;

	ck_assert_int_eq(tw_run_capture(cat, 60000, NULL, &out, &st), TW_RUN_OK);
	ck_assert_int_eq(st, 0);
	ck_assert_str_eq(out, "");
	free(out);
	ck_assert_int_eq(tw_run_capture(ok, 60000, NULL, &out, &st), TW_RUN_OK);
	ck_assert_int_eq(st, 0);
	ck_assert_str_eq(out, "a\nb");
	free(out);
}
END_TEST

/* Killed by a signal: an error, not a status. A file that is there but
 * cannot be run is not "not found": it ran and failed with 126, as a
 * shell says. */
START_TEST(test_signal_and_not_executable)
{
	const char *const die[] = { "sh", "-c", "kill -9 $$", NULL };
	char *dir = tw_test_tmpdir(), *p = tw_xasprintf("%s/notexec", dir), *out;
	const char *const noexec[] = { p, NULL };
	FILE *f = fopen(p, "w");
	int st;

	ck_assert_int_eq(tw_run_capture(die, 60000, NULL, &out, &st), TW_RUN_ERROR);
	free(out);
	ck_assert_ptr_nonnull(f);
	fputs("#!/bin/sh\necho hi\n", f);
	fclose(f);
	ck_assert_int_eq(chmod(p, 0644), 0);
	ck_assert_int_eq(tw_run_capture(noexec, 60000, NULL, &out, &st), TW_RUN_OK);
	ck_assert_int_eq(st, 126);
	free(out);
	free(p);
	tw_test_rmtree(dir);
	free(dir);
}
END_TEST

/* Cancel ends a program that would run for ten minutes, and the whole
 * process group goes: a grandchild holding the output pipe does not keep
 * the caller waiting. */
static bool cancel_when_file(void *ctx)
{
	return access((const char *)ctx, F_OK) == 0;
}

static bool grandchild_dead(pid_t pid)
{
	char *stat = tw_xasprintf("/proc/%d/stat", (int)pid), *text = tw_test_slurp(stat, NULL);
	bool dead = !text || strstr(text, ") Z ") || strstr(text, ") X ");

	free(text);
	free(stat);
	return dead;
}

START_TEST(test_cancel_kills_the_group)
{
	char *dir = tw_test_tmpdir(), *mark = tw_xasprintf("%s/started", dir);
	char *script = tw_xasprintf("sleep 600 & echo $! >'%s/pid'; echo up; touch '%s'; wait", dir, mark);
	const char *const argv[] = { "sh", "-c", script, NULL };
	struct tw_cancel c = { NULL, cancel_when_file, mark };
	char *out, *pidfile = tw_xasprintf("%s/pid", dir), *pidtext;
	int st;
	pid_t grandchild;

	ck_assert_int_eq(tw_run_capture(argv, 600000, &c, &out, &st), TW_RUN_CANCELLED);
	/* what was read before the cancel, if anything */
	ck_assert_msg(strcmp(out, "") == 0 || strcmp(out, "up\n") == 0, "'%s'", out);
	free(out);
	pidtext = tw_test_slurp(pidfile, NULL);
	ck_assert_ptr_nonnull(pidtext);
	grandchild = (pid_t)atol(pidtext);
	ck_assert_int_gt(grandchild, 1);
	/* SIGKILL went to the group: the sleep ends (a zombie until init
	 * reaps it). Were it spared, this waits until Check's timeout fails
	 * the test. */
	while (kill(grandchild, 0) == 0 && !grandchild_dead(grandchild))
		usleep(10000);
	free(pidtext);
	free(pidfile);
	free(script);
	free(mark);
	tw_test_rmtree(dir);
	free(dir);
}
END_TEST

/* A program that prints more than 1 MiB: the first MiB is kept and the
 * program still runs to its end (its exit status is there). */
START_TEST(test_output_capped)
{
	const char *const big[] = { "sh", "-c", "head -c 3000000 /dev/zero | tr '\\0' x; exit 4", NULL };
	char *out;
	int st;
	size_t len;

	ck_assert_int_eq(tw_run_capture(big, 600000, NULL, &out, &st), TW_RUN_OK);
	ck_assert_int_eq(st, 4);
	len = strlen(out);
	ck_assert_uint_ge(len, 1024 * 1024);
	ck_assert_uint_lt(len, 1024 * 1024 + 4096);
	ck_assert_int_eq(out[0], 'x');
	free(out);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("run");
	TCase *tc = tcase_create("run");

	tcase_add_test(tc, test_run_capture);
	tcase_add_test(tc, test_stdin_and_status);
	tcase_add_test(tc, test_signal_and_not_executable);
	tcase_add_test(tc, test_cancel_kills_the_group);
	tcase_add_test(tc, test_output_capped);
	suite_add_tcase(s, tc);
	return tw_test_run(s);
}
