/* tw_test.h - shared helpers for the Check suites. */
#ifndef TW_TEST_H
#define TW_TEST_H

#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "trunkwiz/base.h"
#include "trunkwiz/trunk.h"

/* Path of a file under the source tree's tests/ (TW_SRCDIR is set by make). */
static inline char *tw_test_path(const char *rel)
{
	const char *src = getenv("TW_SRCDIR");

	return tw_xasprintf("%s/tests/%s", src ? src : ".", rel);
}

static inline char *tw_test_providers_dir(void)
{
	const char *p = getenv("TW_PROVIDERS");
	const char *src = getenv("TW_SRCDIR");

	if (p)
		return tw_xstrdup(p);
	return tw_xasprintf("%s/providers", src ? src : ".");
}

/* Load the bundled provider profiles into p (free with
 * tw_profiles_free); they must load without an error. */
static inline void tw_test_load_bundled(struct tw_profiles *p)
{
	char *dir = tw_test_providers_dir();
	const char *dirs[] = { dir };
	struct tw_diags d;

	tw_diags_init(&d);
	tw_profiles_load(p, dirs, 1, &d);
	ck_assert_msg(!tw_diags_has_errors(&d), "bundled profiles load");
	tw_diags_clear(&d);
	free(dir);
}

/* Write text to DIR/NAME (created or replaced). */
static inline void tw_test_write(const char *dir, const char *name, const char *text)
{
	char *path = tw_xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
	free(path);
}

/* Read a whole file; NULL on error. */
static inline char *tw_test_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct tw_buf b;
	char chunk[65536];
	size_t n;

	if (!f)
		return NULL;
	tw_buf_init(&b);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		tw_buf_add(&b, chunk, n);
	fclose(f);
	if (len)
		*len = b.len;
	return tw_buf_steal(&b);
}

/* Make a private temporary directory; the caller removes it with
 * tw_test_rmtree. */
static inline char *tw_test_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *t = tw_xasprintf("%s/twtest.XXXXXX", base ? base : "/tmp");

	if (!mkdtemp(t)) {
		free(t);
		return NULL;
	}
	return t;
}

static inline void tw_test_rmtree(const char *dir)
{
	char *cmd = tw_xasprintf("rm -rf '%s'", dir);

	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	free(cmd);
}

/* Tests that cannot run here (not root, a tool missing) are not added to
 * their case; tw_test_run reports each as "ok N - NAME # SKIP WHY", so a
 * skip shows in the totals instead of passing silently. */
#define TW_TEST_MAX_SKIPS 64
static const char *tw_test_skips[TW_TEST_MAX_SKIPS][2];
static int tw_test_nskips;

static inline void tw_test_skip(const char *name, const char *why)
{
	if (tw_test_nskips < TW_TEST_MAX_SKIPS) {
		tw_test_skips[tw_test_nskips][0] = name;
		tw_test_skips[tw_test_nskips][1] = why;
		tw_test_nskips++;
	}
}

/* tcase_add_test when cond holds, else a visible skip saying why. */
#define tw_tcase_add_test_if(tc, cond, fn, why) \
	do { \
		if (cond) \
			tcase_add_test(tc, fn); \
		else \
			tw_test_skip(#fn, why); \
	} while (0)
#define tw_tcase_add_root_test(tc, fn) \
	tw_tcase_add_test_if(tc, geteuid() == 0, fn, "needs root")

/* Copy Check's TAP from path to stdout, numbered from 1 after the skips
 * are added; returns the number of results. */
static inline int tw_test_tap_copy(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[4096], *rest;
	int n = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		bool pass = strncmp(line, "ok ", 3) == 0;

		if (!pass && strncmp(line, "not ok ", 7) != 0)
			continue; /* the plan: ours comes last */
		strtoul(line + (pass ? 3 : 7), &rest, 10);
		printf("%s %d%s", pass ? "ok" : "not ok", ++n, rest);
	}
	fclose(f);
	return n;
}

/* Run the suite: Check's usual report, then every result as TAP (automake's
 * TAP driver counts each test), skips included. */
static inline int tw_test_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	const char *base = getenv("TMPDIR");
	char *tap = tw_xasprintf("%s/twtap.XXXXXX", base ? base : "/tmp");
	int fd = mkstemp(tap), failed, n, i;

	if (fd < 0) {
		perror(tap);
		return EXIT_FAILURE;
	}
	close(fd);
	srunner_set_tap(sr, tap);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	fflush(stdout);
	n = tw_test_tap_copy(tap);
	for (i = 0; i < tw_test_nskips; i++)
		printf("ok %d - %s # SKIP %s\n", ++n, tw_test_skips[i][0], tw_test_skips[i][1]);
	printf("1..%d\n", n);
	unlink(tap);
	free(tap);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
