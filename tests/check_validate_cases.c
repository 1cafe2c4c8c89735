/* check_validate_cases.c - validation cases as data: each case in
 * tests/data/validate/cases is a config (NAME.pjsip.conf,
 * NAME.wizard.conf, NAME.dialplan.conf; several of them, plus
 * NAME.sorcery.conf, are checked together) and NAME.expected, the exact
 * diagnostics as "LINE SEVERITY CODE" lines sorted like check prints
 * them ("#" starts a comment). A first line "; version: X" in any of the
 * case's files sets the target Asterisk. One loop test per case, so each
 * failure is reported alone. */
#include "config.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "tw_test.h"

#include "trunkwiz/conf.h"
#include "trunkwiz/validate.h"
#include "conf/conf.h"

#define MAX_CASES 512

static char *cases[MAX_CASES];
static int ncases;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void find_cases(void)
{
	char *dir = tw_test_path("data/validate/cases");
	DIR *dp = opendir(dir);
	struct dirent *e;

	if (!dp) {
		fprintf(stderr, "cannot open %s\n", dir);
		exit(1);
	}
	while ((e = readdir(dp)) && ncases < MAX_CASES) {
		size_t n = strlen(e->d_name);

		if (n > 9 && strcmp(e->d_name + n - 9, ".expected") == 0)
			cases[ncases++] = strndup(e->d_name, n - 9);
	}
	closedir(dp);
	free(dir);
	qsort(cases, (size_t)ncases, sizeof(*cases), cmp_str);
}

/* The case's file of one kind, parsed, or NULL when it has none. The
 * model's file name is the name Asterisk would know it by. */
static struct tw_conf *load_kind(const char *name, const char *suffix, const char *as,
                                 struct tw_validate_opts *o)
{
	char *rel = tw_xasprintf("data/validate/cases/%s.%s.conf", name, suffix);
	char *path = tw_test_path(rel), *text;
	struct tw_conf *c = NULL;
	struct tw_diags pd;
	size_t len;

	text = tw_test_slurp(path, &len);
	if (text) {
		const char *v = "; version: ";

		if (strncmp(text, v, strlen(v)) == 0) {
			char ver[32];

			sscanf(text + strlen(v), "%31s", ver);
			ck_assert_int_eq(tw_astver_parse(ver, &o->version), 0);
		}
		c = tw_conf_new(NULL);
		tw_diags_init(&pd);
		ck_assert_int_eq(tw_conf_parse(c, as, text, len, &pd), 0);
		tw_diags_clear(&pd);
	}
	free(text);
	free(path);
	free(rel);
	return c;
}

/* "LINE SEVERITY CODE\n" for each diagnostic. */
static char *render(const struct tw_diags *d)
{
	struct tw_buf b;
	size_t i;

	tw_buf_init(&b);
	for (i = 0; i < d->n; i++)
		tw_buf_printf(&b, "%u %s %s\n", d->v[i].line, tw_severity_name(d->v[i].sev),
		              tw_validate_code(&d->v[i]));
	return tw_buf_steal(&b);
}

/* The expected file without comments and blank lines. */
static char *expected(const char *name)
{
	char *rel = tw_xasprintf("data/validate/cases/%s.expected", name);
	char *path = tw_test_path(rel), *text = tw_test_slurp(path, NULL), *line, *save = NULL;
	struct tw_buf b;

	ck_assert_msg(text != NULL, "cannot read %s", path);
	tw_buf_init(&b);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		unsigned ln;
		char sev[16], code[16];

		if (line[0] == '#' || sscanf(line, "%u %15s %15s", &ln, sev, code) != 3)
			continue;
		tw_buf_printf(&b, "%u %s %s\n", ln, sev, code);
	}
	free(text);
	free(path);
	free(rel);
	return tw_buf_steal(&b);
}

START_TEST(test_case)
{
	const char *name = cases[_i];
	struct tw_validate_opts o;
	struct tw_conf *pj, *wz, *dp, *so;
	struct tw_diags d;
	char *got, *want;

	tw_validate_opts_init(&o);
	tw_diags_init(&d);
	pj = load_kind(name, "pjsip", "pjsip.conf", &o);
	wz = load_kind(name, "wizard", "pjsip_wizard.conf", &o);
	dp = load_kind(name, "dialplan", "extensions.conf", &o);
	so = load_kind(name, "sorcery", "sorcery.conf", &o);
	ck_assert_msg(pj || wz || dp, "case %s has no config", name);
	o.pjsip = pj;
	o.dialplan = dp;
	tw_validate_read_sorcery(so, &o, &d);
	tw_validate_pjsip(pj, &o, &d);
	tw_validate_wizard(wz, &o, &d);
	tw_validate_dialplan(dp, &o, &d);
	tw_diags_sort(&d);
	got = render(&d);
	want = expected(name);
	if (strcmp(got, want) != 0) {
		tw_diags_print(&d, stderr, false);
		ck_abort_msg("case %s:\n--- expected\n%s--- got\n%s", name, want, got);
	}
	free(got);
	free(want);
	tw_diags_clear(&d);
	tw_conf_free(&pj);
	tw_conf_free(&wz);
	tw_conf_free(&dp);
	tw_conf_free(&so);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("validate_cases");
	TCase *tc = tcase_create("cases");
	int rc, i;

	find_cases();
	tcase_add_loop_test(tc, test_case, 0, ncases);
	suite_add_tcase(s, tc);
	rc = tw_test_run(s);
	for (i = 0; i < ncases; i++)
		free(cases[i]);
	return rc;
}
