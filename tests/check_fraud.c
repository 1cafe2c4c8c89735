/* check_fraud.c - the toll-fraud guard: the cases of tests/data/fraud
 * (README there), every bundled profile's rendered trunk in a PBX, and
 * what the guard says about a trunk's own answers. */
#include "config.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "trunkwiz/conf.h"
#include "trunkwiz/trunk.h"
#include "trunkwiz/validate.h"
#include "tw_test.h"
#include "conf/conf.h"
#include "trunk/trunk.h"

static struct tw_conf *load(const char *dir, const char *path)
{
	struct tw_conf *c = tw_conf_new(dir);
	struct tw_diags d;

	tw_diags_init(&d);
	ck_assert_msg(tw_conf_load(c, path, true, &d) == 0 && !tw_diags_has_errors(&d),
	              "load %s", path);
	tw_diags_clear(&d);
	return c;
}

/* s with every "dir/" taken out (into a malloc'd copy). */
static char *strip_dir(const char *s, const char *dir)
{
	char *pre = tw_xasprintf("%s/", dir), *p;
	struct tw_buf b;

	tw_buf_init(&b);
	while ((p = strstr(s, pre))) {
		tw_buf_add(&b, s, (size_t)(p - s));
		s = p + strlen(pre);
	}
	tw_buf_adds(&b, s);
	free(pre);
	return tw_buf_steal(&b);
}

/* The diagnostic as an expected line would name it. */
static char *diag_line(const struct tw_diag *g, const char *dir, const char *base_dir)
{
	const char *file = g->file ? strrchr(g->file, '/') : NULL;
	char *m1 = strip_dir(g->msg, dir), *m2 = strip_dir(m1, base_dir), *line;

	line = tw_xasprintf("%s:%u: %s: %s", file ? file + 1 : g->file ? g->file : "-", g->line,
	                    g->sev == TW_ERROR ? "error" : "warning", m2);
	free(m1);
	free(m2);
	return line;
}

/* Does got ("FILE:LINE: SEV: message") match want ("FILE:LINE: SEV: part")? */
static bool line_matches(const char *got, const char *want)
{
	const char *w = want, *g = got;
	int colons = 0;

	for (; *w && colons < 3; w++, g++) {
		if (*w != *g)
			return false;
		colons += *w == ':';
	}
	return strstr(g, w) != NULL;
}

/* One case: its findings against its expected lines; mismatches go to out. */
static void run_case(const char *root, const char *name, struct tw_buf *out)
{
	char *dir = tw_xasprintf("%s/cases/%s", root, name);
	char *pj = tw_xasprintf("%s/pjsip.conf", dir), *ex = tw_xasprintf("%s/extensions.conf", dir);
	char *exp = tw_xasprintf("%s/expected", dir), *want = tw_test_slurp(exp, NULL);
	struct tw_conf *pc, *ec = NULL;
	struct tw_validate_opts o;
	struct tw_diags d;
	char **wl;
	bool *used;
	size_t nw, i, k;

	ck_assert_msg(want != NULL, "read %s", exp);
	if (access(pj, F_OK) != 0) {
		free(pj);
		pj = tw_xasprintf("%s/base-pjsip.conf", root);
	}
	pc = load(dir, pj);
	if (access(ex, F_OK) == 0)
		ec = load(dir, ex);
	tw_diags_init(&d);
	tw_validate_opts_init(&o);
	o.pjsip = pc;
	o.dialplan = ec;
	tw_validate_pjsip(pc, &o, &d);
	tw_validate_dialplan(ec, &o, &d);
	nw = *want ? tw_split_list(want, '\n', &wl) : 0;
	while (nw > 0 && !*wl[nw - 1])
		free(wl[--nw]);
	used = tw_xcalloc(nw + 1, sizeof(*used));
	for (i = 0; i < d.n; i++) {
		char *got;
		bool found = false;

		if (d.v[i].sev == TW_NOTE)
			continue;
		got = diag_line(&d.v[i], dir, root);
		for (k = 0; k < nw && !found; k++)
			if (!used[k] && line_matches(got, wl[k]))
				used[k] = found = true;
		if (!found)
			tw_buf_printf(out, "%s: unexpected: %s\n", name, got);
		free(got);
	}
	for (k = 0; k < nw; k++)
		if (!used[k])
			tw_buf_printf(out, "%s: missing: %s\n", name, wl[k]);
	free(used);
	if (nw)
		tw_strv_free(&wl, nw);
	tw_diags_clear(&d);
	tw_conf_free(&pc);
	tw_conf_free(&ec);
	free(want);
	free(exp);
	free(ex);
	free(pj);
	free(dir);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

START_TEST(test_cases)
{
	char *root = tw_test_path("data/fraud"), *cases = tw_xasprintf("%s/cases", root);
	DIR *dh = opendir(cases);
	struct dirent *e;
	char *names[256];
	size_t n = 0, i;
	struct tw_buf out;

	ck_assert_ptr_nonnull(dh);
	while ((e = readdir(dh)) && n < TW_ARRAY_LEN(names))
		if (e->d_name[0] != '.')
			names[n++] = tw_xstrdup(e->d_name);
	closedir(dh);
	qsort(names, n, sizeof(*names), name_cmp);
	ck_assert_uint_ge(n, 15);
	tw_buf_init(&out);
	for (i = 0; i < n; i++) {
		run_case(root, names[i], &out);
		free(names[i]);
	}
	if (out.len)
		fputs(out.data, stderr);
	ck_assert_msg(out.len == 0, "cases differ from their expected lines (listed above)");
	tw_buf_free(&out);
	free(cases);
	free(root);
}
END_TEST

/* ---- trunks trunkwiz renders ---- */

static struct tw_profiles profiles;

static void setup(void)
{
	tw_test_load_bundled(&profiles);
}

static void teardown(void)
{
	tw_profiles_free(&profiles);
}

static struct tw_astver v20 = { 20, 0, 0 };

/* A trunk of profile p with auth mode mode, the answers it requires given
 * documentation values, and extra answers (NULL-terminated words). */
static struct tw_trunk *sample(const struct tw_profile *p, const char *mode,
                               const char *const *extra)
{
	static const char *const req[][2] = {
		{ "identify", "192.0.2.10" }, { "codecs", "ulaw" },
		{ "outbound_proxy", "sip:proxy.example.com" }, { "from_user", "sample" },
		{ "contact_user", "sample" }, { "auth_username", "sample" },
		{ "number_format", "e164" }, { "callerid", "\"Office\" <+12125550100>" },
	};
	struct tw_trunk *t = tw_trunk_new();
	struct tw_diags d;
	size_t i;

	tw_diags_init(&d);
	tw_trunk_default(t, "name", "sample");
	tw_trunk_default(t, "provider", p->id);
	tw_trunk_default(t, "auth", mode);
	tw_trunk_default(t, "username", "sample");
	tw_trunk_default(t, "password", "sample-password");
	tw_trunk_default(t, "server", p->nservers ? p->servers[0].host : "sip.example.com");
	for (i = 0; i < TW_ARRAY_LEN(req); i++)
		if (p->requires && strstr(p->requires, req[i][0]))
			tw_trunk_default(t, req[i][0], req[i][1]);
	for (; extra && *extra; extra++)
		ck_assert_msg(tw_trunk_set_word(t, *extra, &d) == 0, "%s", *extra);
	tw_profile_apply(p, t);
	tw_diags_clear(&d);
	return t;
}

/* The rendered trunk added to the PBX of tests/data/fraud/pbx, validated
 * as apply validates the whole config. */
static void validate_in_pbx(const struct tw_trunk *t, const struct tw_profile *p,
                            struct tw_diags *d)
{
	char *dir = tw_test_path("data/fraud/pbx");
	char *pjp = tw_xasprintf("%s/pjsip.conf", dir), *exp = tw_xasprintf("%s/extensions.conf", dir);
	struct tw_conf *pc = load(dir, pjp), *ec = load(dir, exp);
	struct tw_validate_opts o;
	struct tw_render r;

	ck_assert_msg(tw_render(t, p, &v20, &r, d) == 0, "render %s", p->id);
	ck_assert_int_eq(tw_conf_parse(pc, "trunk-pjsip.conf", r.pjsip, strlen(r.pjsip), d), 0);
	ck_assert_int_eq(tw_conf_parse(ec, "trunk-extensions.conf", r.extensions,
	                               strlen(r.extensions), d), 0);
	tw_validate_opts_init(&o);
	o.pjsip = pc;
	o.dialplan = ec;
	o.range_owner = p->name;
	o.owner_ranges = tw_profile_default(p, "identify");
	tw_validate_pjsip(pc, &o, d);
	tw_validate_dialplan(ec, &o, d);
	tw_render_free(&r);
	tw_conf_free(&pc);
	tw_conf_free(&ec);
	free(pjp);
	free(exp);
	free(dir);
}

/* The guard's warnings (fraud.c); its errors are errors like any other. */
static bool from_guard(const char *msg)
{
	return strstr(msg, " is wider than /") || strstr(msg, " takes calls in context [") ||
	       strstr(msg, " can dial out through ");
}

/* Every bundled profile, in every auth mode it offers, with the inbound
 * destinations the wizard offers: no error, and no warning of the guard
 * (a host name in identify is warned about for other reasons). */
START_TEST(test_bundled_profiles_pass)
{
	static const char *const inbound[][3] = {
		{ NULL },
		{ "inbound_context=from-internal", "inbound_exten=100", NULL },
	};
	struct tw_buf out;
	size_t i, k, m, checked = 0;

	tw_buf_init(&out);
	for (i = 0; i < profiles.n; i++) {
		const struct tw_profile *p = profiles.v[i];
		char **modes;
		size_t nm = tw_split_list(p->auth, ',', &modes);

		for (m = 0; m < nm; m++) {
			for (k = 0; k < TW_ARRAY_LEN(inbound); k++) {
				struct tw_trunk *t = sample(p, modes[m], inbound[k]);
				struct tw_diags d;
				size_t j;

				tw_diags_init(&d);
				validate_in_pbx(t, p, &d);
				for (j = 0; j < d.n; j++)
					if (d.v[j].sev == TW_ERROR ||
					    (d.v[j].sev == TW_WARNING && from_guard(d.v[j].msg)))
						tw_buf_printf(&out, "%s auth=%s: %s:%u: %s\n", p->id, modes[m],
						              d.v[j].file ? d.v[j].file : "-", d.v[j].line,
						              d.v[j].msg);
				checked++;
				tw_diags_clear(&d);
				tw_trunk_free(&t);
			}
		}
		tw_strv_free(&modes, nm);
	}
	ck_assert_uint_ge(profiles.n, 19);
	ck_assert_uint_ge(checked, 2 * profiles.n);
	if (out.len)
		fputs(out.data, stderr);
	ck_assert_msg(out.len == 0, "rendered trunks have findings (listed above)");
	tw_buf_free(&out);
}
END_TEST

/* The line of the rendered pjsip part holding text. */
static unsigned line_of(const struct tw_trunk *t, const struct tw_profile *p, const char *text)
{
	struct tw_render r;
	struct tw_diags d;
	const char *at, *c;
	unsigned line = 1;

	tw_diags_init(&d);
	ck_assert_int_eq(tw_render(t, p, &v20, &r, &d), 0);
	at = strstr(r.pjsip, text);
	ck_assert_msg(at != NULL, "no '%s' in the rendered trunk", text);
	for (c = r.pjsip; c < at; c++)
		line += *c == '\n';
	tw_render_free(&r);
	tw_diags_clear(&d);
	return line;
}

static bool has(const struct tw_diags *d, enum tw_severity sev, const char *file,
                unsigned line, const char *part)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->v[i].sev == sev && d->v[i].file && strcmp(d->v[i].file, file) == 0 &&
		    d->v[i].line == line && strstr(d->v[i].msg, part))
			return true;
	return false;
}

/* Passing every number the provider sends on to the phones' context lets
 * callers dial out; answers that say so are reported at the endpoint's
 * context line (the wizard shows it under trunk.context). */
START_TEST(test_trunk_into_phones_dialout)
{
	static const char *const bad[] = { "inbound_context=from-internal",
		"inbound_exten=${EXTEN}", NULL };
	static const char *const wide[] = { "identify=0.0.0.0/0,54.172.0.0/14", NULL };
	const struct tw_profile *tw = tw_profiles_find(&profiles, "twilio");
	struct tw_trunk *t;
	struct tw_diags d;

	ck_assert_ptr_nonnull(tw);
	t = sample(tw, "ip", bad);
	tw_diags_init(&d);
	validate_in_pbx(t, tw, &d);
	ck_assert_msg(has(&d, TW_ERROR, "trunk-pjsip.conf", line_of(t, tw, "context = "),
	                  "calls from the provider can dial out through PJSIP/sample-endpoint: "
	                  "endpoint 'sample-endpoint' takes them into [from-trunk] -> _[+0-9].: "
	                  "Goto(from-internal,${EXTEN},1) at trunk-extensions.conf:3 -> include => "
	                  "outbound at "), "no error at the context line");
	ck_assert_uint_eq(tw_diags_count(&d, TW_ERROR), 1);
	tw_diags_clear(&d);
	tw_trunk_free(&t);

	t = sample(tw, "ip", wide);
	tw_diags_init(&d);
	validate_in_pbx(t, tw, &d);
	ck_assert(has(&d, TW_ERROR, "trunk-pjsip.conf", line_of(t, tw, "match = 0.0.0.0/0"),
	              "match 0.0.0.0/0 covers every IPv4"));
	ck_assert(has(&d, TW_WARNING, "trunk-pjsip.conf", line_of(t, tw, "match = 54.172.0.0/14"),
	              "match 54.172.0.0/14 is wider than /16 (it holds Twilio Elastic SIP Trunking's "
	              "54.172.60.0/30)"));
	tw_diags_clear(&d);
	tw_trunk_free(&t);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("fraud");
	TCase *tc = tcase_create("cases");
	TCase *tr = tcase_create("rendered");

	tcase_add_test(tc, test_cases);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(tr, setup, teardown);
	tcase_add_test(tr, test_bundled_profiles_pass);
	tcase_add_test(tr, test_trunk_into_phones_dialout);
	suite_add_tcase(s, tr);
	return tw_test_run(s);
}
