#include "config.h"

#include <sys/stat.h>
#include <unistd.h>

#include "tw_test.h"

#include "trunkwiz/validate.h"
#include "validate/validate.h"

static struct tw_astver ver(unsigned major, unsigned minor, unsigned patch)
{
	struct tw_astver v = { major, minor, patch };

	return v;
}

static void parse_ok(const char *s, unsigned major, unsigned minor, unsigned patch)
{
	struct tw_astver v = { 99, 99, 99 };

	ck_assert_msg(tw_astver_parse(s, &v) == 0, "\"%s\" rejected", s);
	ck_assert_msg(v.major == major && v.minor == minor && v.patch == patch,
	              "\"%s\" -> %u.%u.%u", s, v.major, v.minor, v.patch);
}

static void parse_bad(const char *s)
{
	struct tw_astver v = { 99, 99, 99 };

	ck_assert_msg(tw_astver_parse(s, &v) == -1, "\"%s\" accepted", s);
	/* A failed parse leaves the output alone. */
	ck_assert_uint_eq(v.major, 99);
}

START_TEST(test_parse)
{
	parse_ok("20", 20, 0, 0);
	parse_ok("22.2", 22, 2, 0);
	parse_ok("20.12.0", 20, 12, 0);
	parse_ok("Asterisk 22.10.1", 22, 10, 1);
	parse_ok("Asterisk 22.10.1\n", 22, 10, 1);
	parse_ok("Asterisk 20.20.1\r\n", 20, 20, 1);
	parse_ok("asterisk 18.26.4", 18, 26, 4);
	parse_ok("  23.4.1  ", 23, 4, 1);
	parse_ok("certified/20.7-cert3", 20, 7, 0);
	parse_ok("Asterisk certified/18.9-cert17", 18, 9, 0);
	parse_ok("Asterisk certified-20.7-cert3", 20, 7, 0);
	parse_ok("22.0.0-rc1", 22, 0, 0);
	parse_ok("1.8.32.3", 1, 8, 32);
	parse_ok("v21.7", 21, 7, 0);
	parse_ok("16.30.1 (built by someone)", 16, 30, 1);

	parse_bad("");
	parse_bad("   ");
	parse_bad("garbage");
	parse_bad("Asterisk");
	parse_bad("Asterisk GIT-master-f0c1c1a7b7");
	parse_bad("0");
	parse_bad("0.5");
	parse_bad("20.");
	parse_bad("20..1");
	parse_bad("20.x");
	parse_bad("20abc");
	parse_bad("20.1.2.3.4");
	parse_bad("-20");
	parse_bad("99999");
	parse_bad("20.99999999999999999999");
	parse_bad(NULL);
}
END_TEST

START_TEST(test_str_cmp)
{
	struct tw_astver a = ver(20, 12, 0), b = ver(22, 2, 0), c = ver(20, 12, 1);

	ck_assert_str_eq(tw_astver_str(&a), "20.12.0");
	ck_assert_str_eq(tw_astver_str(&b), "22.2.0");
	ck_assert_int_lt(tw_astver_cmp(&a, &b), 0);
	ck_assert_int_gt(tw_astver_cmp(&b, &a), 0);
	ck_assert_int_lt(tw_astver_cmp(&a, &c), 0);
	ck_assert_int_eq(tw_astver_cmp(&a, &a), 0);
	b = ver(20, 2, 0);
	ck_assert_int_gt(tw_astver_cmp(&a, &b), 0);  /* 20.12 > 20.2 */
}
END_TEST

static bool since(unsigned major, unsigned minor, unsigned patch, const char *list)
{
	struct tw_astver v = ver(major, minor, patch);

	return tw_astver_since(&v, list);
}

/* The digest auth row of schema section 7. */
START_TEST(test_since_digest)
{
	const char *l = "20.12,21.7,22.2,23.0";

	ck_assert(!since(20, 11, 9, l));
	ck_assert(since(20, 12, 0, l));
	ck_assert(since(20, 20, 1, l));
	ck_assert(!since(21, 6, 0, l));
	ck_assert(since(21, 7, 0, l));
	ck_assert(!since(22, 1, 99, l));
	ck_assert(since(22, 2, 0, l));
	ck_assert(since(23, 0, 0, l));
	ck_assert(since(23, 4, 1, l));
	/* Newer than every listed series: inherited. */
	ck_assert(since(24, 0, 0, l));
	/* Older than every listed series. */
	ck_assert(!since(18, 26, 4, l));
	ck_assert(!since(16, 30, 1, l));
}
END_TEST

START_TEST(test_since_edges)
{
	/* A series skipped between listed ones never got it. */
	ck_assert(!since(19, 9, 0, "18.13,20.0"));
	ck_assert(since(18, 13, 0, "18.13,20.0"));
	ck_assert(since(20, 0, 0, "18.13,20.0"));
	ck_assert(since(21, 0, 0, "18.13,20.0"));
	/* follow_redirect_methods: 21 lacks it although 20 and 22 have it. */
	ck_assert(!since(21, 12, 3, "20.18,22.8,23.2"));
	ck_assert(since(20, 18, 0, "20.18,22.8,23.2"));
	/* Patch levels and spacing. */
	ck_assert(!since(16, 25, 1, "16.25.2, 18.11.2"));
	ck_assert(since(16, 25, 2, "16.25.2, 18.11.2"));
	ck_assert(since(18, 11, 2, " 16.25.2 ,18.11.2 "));
	/* A bare major means the whole series. */
	ck_assert(since(23, 0, 0, "23"));
	ck_assert(!since(22, 10, 1, "23"));
	/* Empty list: no restriction. Nothing parsable: never. */
	ck_assert(since(16, 0, 0, NULL));
	ck_assert(since(16, 0, 0, ""));
	ck_assert(since(16, 0, 0, "  "));
	ck_assert(!since(22, 0, 0, "junk"));
	ck_assert(!since(22, 0, 0, ","));
	/* Unparsable items are skipped. */
	ck_assert(since(22, 2, 0, "junk,22.2"));
	/* The same series twice: the earlier release counts. */
	ck_assert(since(20, 7, 0, "20.12,20.7"));
}
END_TEST

static char *saved_path;

static void path_set(const char *p)
{
	const char *old = getenv("PATH");

	if (!saved_path)
		saved_path = tw_xstrdup(old ? old : "");
	setenv("PATH", p, 1);
}

static void path_restore(void)
{
	if (saved_path) {
		setenv("PATH", saved_path, 1);
		free(saved_path);
		saved_path = NULL;
	}
}

static void write_fake(const char *dir, const char *body, mode_t mode)
{
	char *p = tw_xasprintf("%s/asterisk", dir);
	FILE *f = fopen(p, "w");

	ck_assert_ptr_nonnull(f);
	fprintf(f, "#!/bin/sh\n%s\n", body);
	fclose(f);
	ck_assert_int_eq(chmod(p, mode), 0);
	free(p);
}

/* Whatever is installed, detect gives a usable version. */
START_TEST(test_detect_sane)
{
	struct tw_astver v = { 0, 0, 0 };

	tw_astver_detect(&v);
	ck_assert_uint_ge(v.major, 1);
	ck_assert_uint_lt(v.major, 1000);
}
END_TEST

/* A fake `asterisk` on PATH stands in for the real one. */
START_TEST(test_detect_fake)
{
	char *dir = tw_test_tmpdir();
	bool real = access("/usr/sbin/asterisk", X_OK) == 0 ||
	            access("/usr/local/sbin/asterisk", X_OK) == 0;
	struct tw_astver v;

	ck_assert_ptr_nonnull(dir);
	path_set(dir);

	write_fake(dir, "echo 'Asterisk certified/18.9-cert17'", 0755);
	tw_astver_detect(&v);
	ck_assert_str_eq(tw_astver_str(&v), "18.9.0");

	write_fake(dir, "echo 'Asterisk 22.10.1'; echo more; echo lines", 0755);
	tw_astver_detect(&v);
	ck_assert_str_eq(tw_astver_str(&v), "22.10.1");

	/* Unparsable output: the default. */
	write_fake(dir, "echo 'Asterisk GIT-master-f0c1c1a7b7'", 0755);
	tw_astver_detect(&v);
	ck_assert_str_eq(tw_astver_str(&v), "20.0.0");

	write_fake(dir, "exit 1", 0755);
	tw_astver_detect(&v);
	ck_assert_str_eq(tw_astver_str(&v), "20.0.0");

	/* Not executable: skipped (then only a real one in sbin may answer). */
	write_fake(dir, "echo 'Asterisk 16.30.1'", 0644);
	tw_astver_detect(&v);
	if (!real)
		ck_assert_str_eq(tw_astver_str(&v), "20.0.0");
	ck_assert_uint_ne(v.major, 16);

	path_restore();
	tw_test_rmtree(dir);
	free(dir);
}
END_TEST

/* Nothing on PATH: the default, without noise from a shell. */
START_TEST(test_detect_missing)
{
	bool real = access("/usr/sbin/asterisk", X_OK) == 0 ||
	            access("/usr/local/sbin/asterisk", X_OK) == 0;
	struct tw_astver v;

	path_set("/nonexistent-trunkwiz-dir::");
	tw_astver_detect(&v);
	if (!real)
		ck_assert_str_eq(tw_astver_str(&v), "20.0.0");
	path_restore();
}
END_TEST

int main(void)
{
	Suite *s = suite_create("astver");
	TCase *tc = tcase_create("parse");
	TCase *td = tcase_create("detect");

	tcase_add_test(tc, test_parse);
	tcase_add_test(tc, test_str_cmp);
	tcase_add_test(tc, test_since_digest);
	tcase_add_test(tc, test_since_edges);
	suite_add_tcase(s, tc);
	tcase_add_test(td, test_detect_sane);
	tcase_add_test(td, test_detect_fake);
	tcase_add_test(td, test_detect_missing);
	suite_add_tcase(s, td);
	return tw_test_run(s);
}
