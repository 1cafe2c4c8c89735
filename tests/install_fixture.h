/* install_fixture.h - the config dir fixture the install suites share
 * (check_install.c, check_install_nat.c): a private temp dir with the
 * bundled profiles loaded, a copy of tests/data/install/NAME as the config
 * dir, install options for it and trunks from "key=value ..." words.
 * Include it once, from the suite's .c file. */
#ifndef TW_INSTALL_FIXTURE_H
#define TW_INSTALL_FIXTURE_H

#include <stdlib.h>
#include <string.h>

#include "trunkwiz/install.h"
#include "tw_test.h"

static char *tmp, *cfg;
static struct tw_profiles ps;

static void setup(void)
{
	char *pdir = tw_test_providers_dir();
	const char *dirs[1] = { pdir };
	struct tw_diags d;

	tmp = tw_test_tmpdir();
	ck_assert_ptr_nonnull(tmp);
	cfg = tw_xasprintf("%s/etc", tmp);
	tw_diags_init(&d);
	tw_profiles_load(&ps, dirs, 1, &d);
	ck_assert_uint_eq(d.n, 0);
	free(pdir);
}

static void teardown(void)
{
	tw_profiles_free(&ps);
	tw_test_rmtree(tmp);
	free(tmp);
	free(cfg);
}

/* A copy of tests/data/install/NAME as the config dir. */
static void use_data(const char *name)
{
	char *src = tw_test_path("data/install"), *cmd;

	cmd = tw_xasprintf("cp -a '%s/%s' '%s'", src, name, cfg);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	free(src);
}

static void opts(struct tw_install_opts *o)
{
	tw_install_opts_init(o);
	o->confdir = cfg;
	o->group = "no-such-group-for-trunkwiz";
}

static struct tw_trunk *trunk(const char *words)
{
	struct tw_trunk *t = tw_trunk_new();
	char *copy = tw_xstrdup(words), *w, *save = NULL;
	struct tw_diags d;

	tw_diags_init(&d);
	for (w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save))
		ck_assert_int_eq(tw_trunk_set_word(t, w, &d), 0);
	tw_diags_clear(&d);
	free(copy);
	return t;
}

#endif
