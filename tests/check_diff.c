#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "install/diff.h"
#include "tw_test.h"

static char *diff(const char *a, const char *b, size_t *changed)
{
	struct tw_buf out;
	size_t n;

	tw_buf_init(&out);
	n = tw_diff_unified("a/x", a, a ? strlen(a) : 0, "b/x", b, b ? strlen(b) : 0, &out);
	if (changed)
		*changed = n;
	return out.data ? tw_buf_steal(&out) : tw_xstrdup("");
}

START_TEST(test_equal_is_empty)
{
	size_t n;
	char *d = diff("a\nb\n", "a\nb\n", &n);

	ck_assert_uint_eq(n, 0);
	ck_assert_str_eq(d, "");
	free(d);
}
END_TEST

START_TEST(test_append_line)
{
	char *d = diff("1\n2\n3\n4\n5\n", "1\n2\n3\n4\n5\n#include x\n", NULL);

	ck_assert_str_eq(d, "--- a/x\n+++ b/x\n@@ -3,3 +3,4 @@\n 3\n 4\n 5\n+#include x\n");
	free(d);
}
END_TEST

START_TEST(test_new_and_removed_file)
{
	char *d = diff(NULL, "x\ny\n", NULL);

	ck_assert_str_eq(d, "--- /dev/null\n+++ b/x\n@@ -0,0 +1,2 @@\n+x\n+y\n");
	free(d);
	d = diff("x\n", NULL, NULL);
	ck_assert_str_eq(d, "--- a/x\n+++ /dev/null\n@@ -1,1 +0,0 @@\n-x\n");
	free(d);
}
END_TEST

START_TEST(test_no_final_newline)
{
	char *d = diff("a\nb", "a\nb\nc\n", NULL);

	ck_assert_str_eq(d, "--- a/x\n+++ b/x\n@@ -1,2 +1,3 @@\n a\n-b\n\\ No newline at end of file\n+b\n+c\n");
	free(d);
}
END_TEST

START_TEST(test_two_hunks)
{
	char *d = diff("a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n",
	               "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\nn\n", NULL);

	ck_assert_str_eq(d, "--- a/x\n+++ b/x\n@@ -1,5 +1,5 @@\n a\n-b\n+B\n c\n d\n e\n"
	                    "@@ -11,3 +11,4 @@\n k\n l\n m\n+n\n");
	free(d);
}
END_TEST

START_TEST(test_secrets_masked)
{
	char *d = diff("[t]\npassword = old;1\n", "[t]\n  Password=new\n", NULL);

	ck_assert_ptr_null(strstr(d, "old"));
	ck_assert_ptr_null(strstr(d, "new"));
	ck_assert_ptr_nonnull(strstr(d, "-password = ********\n"));
	ck_assert_ptr_nonnull(strstr(d, "+  Password= ********\n"));
	ck_assert(tw_diff_secret_line("md5_cred = abc", 14));
	ck_assert(!tw_diff_secret_line("passwordx = abc", 15));
	ck_assert(!tw_diff_secret_line("; password = abc", 16));
	free(d);
}
END_TEST

/* Many random edits: applying the diff with patch(1) gives the new text. */
START_TEST(test_random_roundtrip)
{
	char *dir = tw_test_tmpdir();
	unsigned seed = 12345, round;

	for (round = 0; round < 60; round++) {
		struct tw_buf a, b;
		char *d, *cmd, *pa = tw_xasprintf("%s/a", dir), *pd = tw_xasprintf("%s/d", dir), *got;
		size_t i, n;
		FILE *f;

		tw_buf_init(&a);
		tw_buf_init(&b);
		tw_buf_add(&a, "", 0);
		tw_buf_add(&b, "", 0);
		n = (seed = seed * 1103515245 + 12345) % 40;
		for (i = 0; i < n; i++) {
			char line[16];
			unsigned r = (seed = seed * 1103515245 + 12345) >> 16;

			snprintf(line, sizeof(line), "l%u\n", r % 7);
			tw_buf_adds(&a, line);
			if (r % 5 == 0)
				continue; /* deleted */
			if (r % 5 == 1)
				tw_buf_adds(&b, "inserted\n");
			tw_buf_adds(&b, r % 5 == 2 ? "changed\n" : line);
		}
		d = diff(a.data, b.data, NULL);
		f = fopen(pa, "w");
		fputs(a.data, f);
		fclose(f);
		f = fopen(pd, "w");
		fputs(d, f);
		fclose(f);
		cmd = tw_xasprintf("patch -s '%s' < '%s' >/dev/null 2>&1", pa, pd);
		if (*d)
			ck_assert_int_eq(system(cmd), 0);
		got = tw_test_slurp(pa, NULL);
		ck_assert_str_eq(got, b.data);
		free(got);
		free(cmd);
		free(d);
		free(pa);
		free(pd);
		tw_buf_free(&a);
		tw_buf_free(&b);
	}
	tw_test_rmtree(dir);
	free(dir);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("diff");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_equal_is_empty);
	tcase_add_test(tc, test_append_line);
	tcase_add_test(tc, test_new_and_removed_file);
	tcase_add_test(tc, test_no_final_newline);
	tcase_add_test(tc, test_two_hunks);
	tcase_add_test(tc, test_secrets_masked);
	tcase_add_test(tc, test_random_roundtrip);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tw_test_run(suite());
}
