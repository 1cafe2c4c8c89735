/* tw_test.h - shared helpers for the Check suites. */
#ifndef TW_TEST_H
#define TW_TEST_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trunkwiz/base.h"

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

static inline int tw_test_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
