#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "trunkwiz/install.h"
#include "base/file.h"
#include "tw_test.h"
#include "install/install.h"

static char *tmp;

static void setup(void)
{
	tmp = tw_test_tmpdir();
	ck_assert_ptr_nonnull(tmp);
}

static void teardown(void)
{
	tw_test_rmtree(tmp);
	free(tmp);
}

static char *path_of(const char *name)
{
	return tw_xasprintf("%s/%s", tmp, name);
}

/* path_of for a call's argument: the string lives until the next few
 * calls (a ring), so an inline use leaks nothing. */
static const char *at(const char *name)
{
	static char *ring[8];
	static unsigned next;
	char **slot = &ring[next++ % TW_ARRAY_LEN(ring)];

	free(*slot);
	*slot = path_of(name);
	return *slot;
}

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static size_t count_entries(void)
{
	char *cmd = tw_xasprintf("ls -A '%s' | wc -l", tmp);
	FILE *p = popen(cmd, "r");
	size_t n = 0;

	ck_assert(fscanf(p, "%zu", &n) == 1);
	pclose(p);
	free(cmd);
	return n;
}

START_TEST(test_write_new_and_replace)
{
	char *p = path_of("a.conf"), *got;
	struct tw_file_attrs a = { 0640, getuid(), getgid(), false };
	struct tw_diags d;
	struct stat sb;
	size_t len;

	tw_diags_init(&d);
	ck_assert_int_eq(tw_atomic_write(p, "one\n", 4, &a, &d), 0);
	ck_assert_int_eq(stat(p, &sb), 0);
	ck_assert_uint_eq(sb.st_mode & 07777, 0640);
	a.mode = 0600;
	ck_assert_int_eq(tw_atomic_write(p, "two\nlines", 9, &a, &d), 0);
	got = tw_test_slurp(p, &len);
	ck_assert_uint_eq(len, 9);
	ck_assert_str_eq(got, "two\nlines");
	ck_assert_int_eq(stat(p, &sb), 0);
	ck_assert_uint_eq(sb.st_mode & 07777, 0600);
	ck_assert_uint_eq(count_entries(), 1); /* no temp file left */
	ck_assert_uint_eq(d.n, 0);
	free(got);
	free(p);
}
END_TEST

/* A failure at any step of the write leaves the old file whole and no
 * temp file behind. */
START_TEST(test_injected_failure_keeps_old)
{
	char *p = path_of("b.conf"), *got, step[8];
	struct tw_file_attrs a = { 0644, getuid(), getgid(), false };
	struct tw_diags d;
	pid_t pid;
	int st;
	unsigned k;

	put(p, "old contents\n");
	/* steps: temp created, half written, synced (then rename) */
	for (k = 1; k <= 3; k++) {
		pid = fork();
		if (pid == 0) {
			snprintf(step, sizeof(step), "%u", k);
			setenv("TRUNKWIZ_TEST_FAIL_AT", step, 1);
			tw_diags_init(&d);
			_exit(tw_atomic_write(p, "new contents that are longer\n", 29, &a, &d) == -1 &&
			      d.n == 1 && strstr(d.v[0].msg, "Input/output error") ? 0 : 1);
		}
		ck_assert_int_eq(waitpid(pid, &st, 0), pid);
		ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "step %u fails cleanly", k);
		got = tw_test_slurp(p, NULL);
		ck_assert_str_eq(got, "old contents\n");
		free(got);
		ck_assert_uint_eq(count_entries(), 1);
	}
	free(p);
}
END_TEST

/* Killed at any step: the file is old or new, and the leftover temp file
 * is hidden and cleaned by tw_clean_temps. */
START_TEST(test_kill_at_each_step)
{
	char *p = path_of("c.conf"), *got, step[8];
	struct tw_file_attrs a = { 0644, getuid(), getgid(), false };
	unsigned k;

	for (k = 1; k <= 4; k++) {
		pid_t pid;
		int st;

		put(p, "old\n");
		pid = fork();
		if (pid == 0) {
			struct tw_diags d;

			snprintf(step, sizeof(step), "%u", k);
			setenv("TRUNKWIZ_TEST_KILL_AT", step, 1);
			tw_diags_init(&d);
			_exit(tw_atomic_write(p, "new\n", 4, &a, &d) == 0 ? 0 : 1);
		}
		ck_assert_int_eq(waitpid(pid, &st, 0), pid);
		ck_assert(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
		got = tw_test_slurp(p, NULL);
		ck_assert_msg(strcmp(got, "old\n") == 0 || strcmp(got, "new\n") == 0,
		              "step %u left '%s'", k, got);
		ck_assert_msg(k < 4 ? strcmp(got, "old\n") == 0 : strcmp(got, "new\n") == 0,
		              "step %u", k);
		free(got);
		tw_clean_temps(tmp);
		ck_assert_uint_eq(count_entries(), 1);
	}
	free(p);
}
END_TEST

START_TEST(test_permission_message)
{
	char *p = tw_xstrdup("/proc/trunkwiz-cannot-write-here.conf");
	struct tw_file_attrs a = { 0644, getuid(), getgid(), false };
	struct tw_diags d;

	tw_diags_init(&d);
	ck_assert_int_eq(tw_atomic_write(p, "x", 1, &a, &d), -1);
	ck_assert_uint_eq(d.n, 1);
	ck_assert_str_eq(d.v[0].file, p);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "needs write permission on that directory"));
	tw_diags_clear(&d);
	free(p);
}
END_TEST

START_TEST(test_backups_rotate)
{
	char *p = path_of("pjsip.conf"), *b = NULL, **v;
	struct tw_diags d;
	struct stat sb;
	size_t n, i;

	put(p, "v0\n");
	chmod(p, 0640);
	tw_diags_init(&d);
	for (i = 0; i < 5; i++) {
		char text[8];
		struct tw_file_attrs a = { 0640, getuid(), getgid(), false };

		ck_assert_int_eq(tw_backup(p, 3, &b, &d), 0);
		ck_assert_ptr_nonnull(b);
		ck_assert_int_eq(stat(b, &sb), 0);
		ck_assert_uint_eq(sb.st_mode & 07777, 0640); /* same mode */
		free(b);
		snprintf(text, sizeof(text), "v%zu\n", i + 1);
		ck_assert_int_eq(tw_atomic_write(p, text, strlen(text), &a, &d), 0);
	}
	n = tw_backups_of(p, &v);
	ck_assert_uint_eq(n, 3);
	/* oldest first: the kept ones are v2, v3, v4 (the hard links kept the
	 * bytes the rename replaced) */
	for (i = 0; i < n; i++) {
		char *got = tw_test_slurp(v[i], NULL), want[8];

		snprintf(want, sizeof(want), "v%zu\n", i + 2);
		ck_assert_str_eq(got, want);
		free(got);
	}
	tw_strv_free(&v, n);
	ck_assert_int_eq(tw_backup(p, 0, &b, &d), 0); /* keep 0: none made */
	ck_assert_ptr_null(b);
	ck_assert_uint_eq(d.n, 0);
	free(p);
}
END_TEST

static bool diag_has(const struct tw_diags *d, const char *needle)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (strstr(d->v[i].msg, needle) || (d->v[i].hint && strstr(d->v[i].hint, needle)))
			return true;
	return false;
}

/* The directories trunkwiz owns: made with their mode under any umask,
 * never through a link, never when others may write in them. */
START_TEST(test_dir_open_owned)
{
	struct tw_dir top = TW_DIR_INIT, sub = TW_DIR_INIT;
	char *p = path_of("sub"), *q = path_of("elsewhere"), *f = path_of("file");
	struct tw_diags d;
	struct stat sb;
	mode_t old = umask(0);

	tw_diags_init(&d);
	ck_assert_int_eq(tw_dir_open(&top, tmp, &d), 0);
	/* missing, not created: no error, fd -1 */
	ck_assert_int_eq(tw_dir_open_owned(&sub, &top, "sub", false, 0700, (gid_t)-1, &d), 0);
	ck_assert_int_eq(sub.fd, -1);
	tw_dir_close(&sub);
	ck_assert_int_eq(tw_dir_open_owned(&sub, &top, "sub", true, 0750, getgid(), &d), 0);
	ck_assert_int_ge(sub.fd, 0);
	ck_assert_int_eq(stat(p, &sb), 0);
	ck_assert_uint_eq(sb.st_mode & 07777, 0750);
	tw_dir_close(&sub);
	umask(old);
	/* writable by others: refused with the fix, the mode left alone */
	chmod(p, 0777);
	ck_assert_int_eq(tw_dir_open_owned(&sub, &top, "sub", true, 0750, (gid_t)-1, &d), -1);
	ck_assert(diag_has(&d, "not writable by group or others"));
	ck_assert(diag_has(&d, "chmod -R go-w"));
	ck_assert_int_eq(stat(p, &sb), 0);
	ck_assert_uint_eq(sb.st_mode & 07777, 0777);
	tw_dir_close(&sub);
	tw_diags_clear(&d);
	/* a symlink in its place: refused, named, the target untouched */
	ck_assert_int_eq(mkdir(q, 0700), 0);
	ck_assert_int_eq(symlink(q, at("link")), 0);
	ck_assert_int_eq(tw_dir_open_owned(&sub, &top, "link", true, 0755, (gid_t)-1, &d), -1);
	ck_assert(diag_has(&d, "symbolic link"));
	ck_assert_str_eq(d.v[0].file, sub.path ? sub.path : d.v[0].file);
	ck_assert_int_eq(stat(q, &sb), 0);
	ck_assert_uint_eq(sb.st_mode & 07777, 0700);
	tw_diags_clear(&d);
	/* a file in its place */
	put(f, "x");
	ck_assert_int_eq(tw_dir_open_owned(&sub, &top, "file", true, 0700, (gid_t)-1, &d), -1);
	ck_assert(diag_has(&d, "not a directory"));
	tw_dir_close(&sub);
	tw_diags_clear(&d);
	tw_dir_close(&top);
	free(p);
	free(q);
	free(f);
}
END_TEST

/* Reads take regular files only, never through a link, never endless. */
START_TEST(test_read_refuses)
{
	struct tw_dir top = TW_DIR_INIT;
	struct tw_diags d;
	char *data = NULL, *fifo = path_of("fifo"), *link = path_of("link"), *f = path_of("f");
	size_t len;

	tw_diags_init(&d);
	ck_assert_int_eq(tw_dir_open(&top, tmp, &d), 0);
	put(f, "text\n");
	ck_assert_int_eq(tw_file_readat(&top, "f", &data, &len, NULL), 0);
	ck_assert_str_eq(data, "text\n");
	free(data);
	ck_assert_int_eq(symlink(f, link), 0);
	ck_assert_int_eq(tw_file_readat(&top, "link", &data, &len, NULL), -1);
	ck_assert_int_eq(errno, ELOOP);
	/* a FIFO with no writer would block a plain open for ever */
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	ck_assert_int_eq(tw_file_readat(&top, "fifo", &data, &len, NULL), -1);
	ck_assert_int_eq(errno, ENODEV);
	ck_assert_int_eq(tw_file_read(fifo, &data, &len), -1);
	ck_assert_int_eq(tw_file_read("/dev/zero", &data, &len), -1);
	ck_assert_int_eq(errno, ENODEV);
	tw_dir_close(&top);
	free(fifo);
	free(link);
	free(f);
}
END_TEST

/* An admin's symlink is followed only when nobody but root (here: root
 * or us) could have made it and its target. */
START_TEST(test_resolve_link)
{
	struct tw_dir top = TW_DIR_INIT, open_dir = TW_DIR_INIT, where = TW_DIR_INIT;
	char *real = path_of("real"), *target = path_of("real/pjsip.conf");
	char *shared = path_of("shared"), *name = NULL;
	struct tw_diags d;
	bool linked;

	tw_diags_init(&d);
	ck_assert_int_eq(mkdir(real, 0755), 0);
	put(target, "[global]\n");
	chmod(target, 0640);
	ck_assert_int_eq(symlink(target, at("pjsip.conf")), 0);
	ck_assert_int_eq(tw_dir_open(&top, tmp, &d), 0);
	ck_assert_int_eq(tw_file_resolve(&top, "pjsip.conf", &where, &name, &linked, &d), 0);
	ck_assert(linked);
	ck_assert_str_eq(name, "pjsip.conf");
	ck_assert_ptr_nonnull(strstr(where.path, "/real"));
	tw_dir_close(&where);
	free(name);
	/* not a link: itself */
	put(at("extensions.conf"), "x");
	ck_assert_int_eq(tw_file_resolve(&top, "extensions.conf", &where, &name, &linked, &d), 0);
	ck_assert(!linked);
	ck_assert_str_eq(name, "extensions.conf");
	tw_dir_close(&where);
	free(name);
	/* the target writable by others */
	chmod(target, 0666);
	ck_assert_int_eq(tw_file_resolve(&top, "pjsip.conf", &where, &name, &linked, &d), -1);
	ck_assert(diag_has(&d, "trunkwiz does not follow it"));
	ck_assert_ptr_nonnull(strstr(d.v[0].file, "/pjsip.conf"));
	tw_diags_clear(&d);
	chmod(target, 0640);
	/* the target's directory writable by others */
	chmod(real, 0777);
	ck_assert_int_eq(tw_file_resolve(&top, "pjsip.conf", &where, &name, &linked, &d), -1);
	ck_assert(diag_has(&d, "target's directory"));
	tw_diags_clear(&d);
	chmod(real, 0755);
	/* the link's own directory writable by others */
	ck_assert_int_eq(mkdir(shared, 0777), 0);
	chmod(shared, 0777);
	ck_assert_int_eq(symlink(target, at("shared/pjsip.conf")), 0);
	ck_assert_int_eq(tw_dir_open(&open_dir, shared, &d), 0);
	ck_assert_int_eq(tw_file_resolve(&open_dir, "pjsip.conf", &where, &name, &linked, &d), -1);
	ck_assert(diag_has(&d, "its directory is writable by others"));
	tw_diags_clear(&d);
	tw_dir_close(&open_dir);
	tw_dir_close(&top);
	free(real);
	free(target);
	free(shared);
}
END_TEST

/* Writing, removing and backing up never go through a link planted in
 * the file's place: the link is replaced or removed, its target stays. */
START_TEST(test_no_write_through_links)
{
	struct tw_dir top = TW_DIR_INIT;
	struct tw_file_attrs a = { 0600, getuid(), getgid(), false };
	char *victim = path_of("victim"), *b = NULL, *got;
	struct tw_diags d;
	struct stat sb;

	tw_diags_init(&d);
	put(victim, "precious\n");
	ck_assert_int_eq(tw_dir_open(&top, tmp, &d), 0);
	ck_assert_int_eq(symlink(victim, at("a.conf")), 0);
	ck_assert_int_eq(tw_atomic_writeat(&top, "a.conf", "new\n", 4, &a, &d), 0);
	ck_assert_int_eq(lstat(at("a.conf"), &sb), 0);
	ck_assert(S_ISREG(sb.st_mode));
	ck_assert_int_eq(symlink(victim, at("b.conf")), 0);
	ck_assert_int_eq(tw_file_removeat(&top, "b.conf", &d), 0);
	ck_assert_int_eq(lstat(at("b.conf"), &sb), -1);
	/* a backup of a link is the link, never a copy of its target */
	ck_assert_int_eq(symlink(victim, at("c.conf")), 0);
	ck_assert_int_eq(tw_backupat(&top, "c.conf", 3, &b, &d), 0);
	ck_assert_ptr_nonnull(b);
	ck_assert_int_eq(lstat(b, &sb), 0);
	ck_assert(S_ISLNK(sb.st_mode));
	free(b);
	got = tw_test_slurp(victim, NULL);
	ck_assert_str_eq(got, "precious\n");
	free(got);
	ck_assert_uint_eq(d.n, 0);
	tw_dir_close(&top);
	free(victim);
}
END_TEST

START_TEST(test_remove)
{
	char *p = path_of("gone.conf");
	struct tw_diags d;

	tw_diags_init(&d);
	put(p, "x");
	ck_assert_int_eq(tw_file_remove(p, &d), 0);
	ck_assert_int_eq(access(p, F_OK), -1);
	ck_assert_int_eq(tw_file_remove(p, &d), 0); /* already gone */
	ck_assert_uint_eq(d.n, 0);
	free(p);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("safefile");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_write_new_and_replace);
	tcase_add_test(tc, test_injected_failure_keeps_old);
	tcase_add_test(tc, test_kill_at_each_step);
	tcase_add_test(tc, test_permission_message);
	tcase_add_test(tc, test_backups_rotate);
	tcase_add_test(tc, test_dir_open_owned);
	tcase_add_test(tc, test_read_refuses);
	tcase_add_test(tc, test_resolve_link);
	tcase_add_test(tc, test_no_write_through_links);
	tcase_add_test(tc, test_remove);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tw_test_run(suite());
}
