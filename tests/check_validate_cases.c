/* check_validate_cases.c - validation cases as data: each case in
 * tests/data/validate/cases is a config (NAME.pjsip.conf,
 * NAME.wizard.conf, NAME.dialplan.conf; several of them, plus
 * NAME.sorcery.conf, are checked together) and NAME.expected, the exact
 * diagnostics in the order check prints them, one a line:
 *
 *   [FILE:]LINE SEVERITY CODE ["TEXT"]...
 *
 * FILE (pjsip.conf, pjsip_wizard.conf, extensions.conf, sorcery.conf:
 * the names the case's files are checked as) is compared when given;
 * each TEXT must be in the diagnostic's message or hint (C escapes \",
 * \\, \t, \xHH). Other lines:
 *
 *   not "TEXT"      no diagnostic of the case says TEXT (message or hint)
 *   version X       the target Asterisk, e.g. 20.12 (default: the latest)
 *
 * "#" starts a comment. A first line "; version: X" in any of the case's
 * files sets the version too. A line of any other form fails the case.
 * One loop test per case, so each failure is reported alone. */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "tw_test.h"

#include "trunkwiz/conf.h"
#include "trunkwiz/validate.h"
#include "conf/conf.h"

#define MAX_CASES 1024
#define MAX_TEXTS 8

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
	while ((e = readdir(dp))) {
		size_t n = strlen(e->d_name);

		if (n <= 9 || strcmp(e->d_name + n - 9, ".expected") != 0)
			continue;
		if (ncases == MAX_CASES) {
			fprintf(stderr, "more than %d cases in %s: raise MAX_CASES\n", MAX_CASES, dir);
			exit(1);
		}
		cases[ncases++] = strndup(e->d_name, n - 9);
	}
	closedir(dp);
	free(dir);
	qsort(cases, (size_t)ncases, sizeof(*cases), cmp_str);
}

/* ---- NAME.expected ---- */

struct want {
	char file[64];          /* "" when the line gives none */
	unsigned line;
	char sev[16], code[16];
	char *text[MAX_TEXTS];  /* in the message or hint */
	size_t ntext;
};

struct expected {
	struct want *v;
	size_t n;
	char **never;           /* not "TEXT" */
	size_t nnever;
	char version[32];
};

/* A quoted TEXT at *p (after blanks), unescaped; NULL when there is none
 * or it is malformed (*bad set). */
static char *quoted(const char **p, bool *bad)
{
	const char *s = *p;
	struct tw_buf b;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s != '"') {
		*bad = *s != '\0';
		*p = s;
		return NULL;
	}
	tw_buf_init(&b);
	for (s++; *s && *s != '"'; s++) {
		char c = *s;

		if (c == '\\') {
			s++;
			if (*s == 'x' && isxdigit((unsigned char)s[1]) && isxdigit((unsigned char)s[2])) {
				char hex[3] = { s[1], s[2], '\0' };

				c = (char)strtol(hex, NULL, 16);
				s += 2;
			} else if (*s == 't') {
				c = '\t';
			} else if (*s == '"' || *s == '\\') {
				c = *s;
			} else {
				*bad = true;
				break;
			}
		}
		tw_buf_addc(&b, c);
	}
	if (*s != '"' || *bad) {
		*bad = true;
		tw_buf_free(&b);
		return NULL;
	}
	tw_buf_addc(&b, '\0');
	*p = s + 1;
	return tw_buf_steal(&b);
}

/* One diagnostic line; false when it is not one. */
static bool parse_want(const char *line, struct want *w)
{
	const char *colon = strchr(line, ':'), *sp = strchr(line, ' '), *p;
	int used = 0;
	bool bad = false;
	char *t;

	memset(w, 0, sizeof(*w));
	if (colon && (!sp || colon < sp)) {
		if ((size_t)(colon - line) >= sizeof(w->file))
			return false;
		memcpy(w->file, line, (size_t)(colon - line));
		line = colon + 1;
	}
	if (!isdigit((unsigned char)line[0]) ||
	    sscanf(line, "%u %15s %15s%n", &w->line, w->sev, w->code, &used) != 3)
		return false;
	p = line + used;
	while ((t = quoted(&p, &bad))) {
		if (w->ntext == MAX_TEXTS) {
			free(t);
			return false;
		}
		w->text[w->ntext++] = t;
	}
	return !bad;
}

static void expected_free(struct expected *e)
{
	size_t i, j;

	for (i = 0; i < e->n; i++)
		for (j = 0; j < e->v[i].ntext; j++)
			free(e->v[i].text[j]);
	for (i = 0; i < e->nnever; i++)
		free(e->never[i]);
	free(e->v);
	free(e->never);
}

static void read_expected(const char *name, struct expected *e)
{
	char *rel = tw_xasprintf("data/validate/cases/%s.expected", name);
	char *path = tw_test_path(rel), *text = tw_test_slurp(path, NULL), *line, *save = NULL;
	unsigned ln = 0;

	ck_assert_msg(text != NULL, "cannot read %s", path);
	memset(e, 0, sizeof(*e));
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		const char *p = line;
		bool bad = false;
		char *t;

		ln++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '#' || *p == '\0')
			continue;
		if (strncmp(p, "version ", 8) == 0) {
			ck_assert_msg(sscanf(p + 8, "%31s", e->version) == 1, "%s: bad version line", path);
		} else if (strncmp(p, "not ", 4) == 0) {
			p += 4;
			t = quoted(&p, &bad);
			ck_assert_msg(t && !bad && !*p, "%s: bad line '%s'", path, line);
			e->never = tw_xrealloc(e->never, (e->nnever + 1) * sizeof(*e->never));
			e->never[e->nnever++] = t;
		} else {
			e->v = tw_xrealloc(e->v, (e->n + 1) * sizeof(*e->v));
			ck_assert_msg(parse_want(p, &e->v[e->n]), "%s: not a diagnostic line: '%s'",
			              path, line);
			e->n++;
		}
	}
	free(text);
	free(path);
	free(rel);
}

/* ---- the case's files ---- */

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

/* ---- comparing ---- */

static bool says(const struct tw_diag *g, const char *text)
{
	return (g->msg && strstr(g->msg, text)) || (g->hint && strstr(g->hint, text));
}

/* What is wrong with diagnostic g for w, or NULL. */
static char *mismatch(const struct tw_diag *g, const struct want *w)
{
	const char *base = g->file ? strrchr(g->file, '/') : NULL;
	size_t i;

	base = base ? base + 1 : g->file ? g->file : "";
	if ((w->file[0] && strcmp(w->file, base) != 0) || w->line != g->line ||
	    strcmp(w->sev, tw_severity_name(g->sev)) != 0 ||
	    strcmp(w->code, tw_validate_code(g)) != 0)
		return tw_xstrdup("");
	for (i = 0; i < w->ntext; i++)
		if (!says(g, w->text[i]))
			return tw_xasprintf(" (does not say \"%s\")", w->text[i]);
	return NULL;
}

/* "FILE:LINE SEVERITY CODE" of every diagnostic, and of the expected ones. */
static char *render_got(const struct tw_diags *d)
{
	struct tw_buf b;
	size_t i;

	tw_buf_init(&b);
	for (i = 0; i < d->n; i++)
		tw_buf_printf(&b, "%s:%u %s %s\n", d->v[i].file ? d->v[i].file : "", d->v[i].line,
		              tw_severity_name(d->v[i].sev), tw_validate_code(&d->v[i]));
	tw_buf_adds(&b, "");
	return tw_buf_steal(&b);
}

static char *render_want(const struct expected *e)
{
	struct tw_buf b;
	size_t i;

	tw_buf_init(&b);
	for (i = 0; i < e->n; i++)
		tw_buf_printf(&b, "%s%s%u %s %s\n", e->v[i].file, e->v[i].file[0] ? ":" : "",
		              e->v[i].line, e->v[i].sev, e->v[i].code);
	tw_buf_adds(&b, "");
	return tw_buf_steal(&b);
}

/* NULL when d is what e expects, else why not. */
static char *compare(const struct tw_diags *d, const struct expected *e)
{
	size_t i, j;
	char *why;

	for (i = 0; i < e->n && i < d->n; i++) {
		if ((why = mismatch(&d->v[i], &e->v[i]))) {
			char *s = tw_xasprintf("diagnostic %zu%s", i + 1, why);

			free(why);
			return s;
		}
	}
	if (e->n != d->n)
		return tw_xasprintf("%zu diagnostics, %zu expected", d->n, e->n);
	for (i = 0; i < e->nnever; i++)
		for (j = 0; j < d->n; j++)
			if (says(&d->v[j], e->never[i]))
				return tw_xasprintf("diagnostic %zu says \"%s\"", j + 1, e->never[i]);
	return NULL;
}

START_TEST(test_case)
{
	const char *name = cases[_i];
	struct tw_validate_opts o;
	struct tw_conf *pj, *wz, *dp, *so;
	struct expected e;
	struct tw_diags d;
	char *why;

	tw_validate_opts_init(&o);
	tw_diags_init(&d);
	read_expected(name, &e);
	if (e.version[0])
		ck_assert_msg(tw_astver_parse(e.version, &o.version) == 0, "case %s: version %s",
		              name, e.version);
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
	if ((why = compare(&d, &e))) {
		char *want = render_want(&e), *got = render_got(&d);

		tw_diags_print(&d, stderr, false);
		ck_abort_msg("case %s: %s\n--- expected\n%s--- got\n%s", name, why, want, got);
	}
	expected_free(&e);
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
