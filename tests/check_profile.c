#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "trunkwiz/profile.h"
#include "tw_test.h"

static char *write_tmp(const char *dir, const char *name, const char *text)
{
	char *path = tw_xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static bool has_diag_at(const struct tw_diags *d, unsigned line, const char *needle)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->v[i].line == line && strstr(d->v[i].msg, needle))
			return true;
	return false;
}

START_TEST(test_bundled_profiles_load)
{
	char *dir = tw_test_providers_dir();
	const char *dirs[] = { dir };
	struct tw_profiles ps;
	struct tw_diags d;
	const struct tw_profile *g;

	tw_diags_init(&d);
	tw_profiles_load(&ps, dirs, 1, &d);
	if (d.n)
		tw_diags_print(&d, stderr, false);
	ck_assert_int_eq(d.n, 0);
	ck_assert_uint_ge(ps.n, 3);
	g = tw_profiles_find(&ps, "generic");
	ck_assert_ptr_nonnull(g);
	ck_assert(tw_profile_offers_auth(g, TW_AUTH_REGISTER));
	ck_assert_ptr_nonnull(tw_profiles_find(&ps, "telnyx"));
	ck_assert_ptr_nonnull(tw_profiles_find(&ps, "twilio"));
	ck_assert_ptr_null(tw_profiles_find(&ps, "nosuch"));
	tw_profiles_free(&ps);
	tw_diags_clear(&d);
	free(dir);
}
END_TEST

START_TEST(test_apply_expands)
{
	char *dir = tw_test_tmpdir();
	char *path = write_tmp(dir, "acme.conf",
		"[provider]\nname = Acme\nauth = register,ip\nserver = us:sip.acme.example\n"
		"server = eu:eu.acme.example\n[defaults]\nfrom_domain = ${server}\n"
		"from_user = ${username}\ncodecs = alaw\n[endpoint]\ndirect_media = no\n");
	struct tw_diags d;
	struct tw_profile *p;
	struct tw_trunk *t = tw_trunk_new();

	tw_diags_init(&d);
	p = tw_profile_load(path, &d);
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->id, "acme");
	ck_assert_uint_eq(p->nservers, 2);
	ck_assert_str_eq(p->servers[1].region, "eu");
	ck_assert_uint_eq(p->nopts, 1);
	ck_assert_int_eq(tw_trunk_set_word(t, "username=4930", &d), 0);
	ck_assert_int_eq(tw_trunk_set_word(t, "codecs=ulaw", &d), 0);
	tw_profile_apply(p, t);
	ck_assert_str_eq(tw_trunk_get(t, "server"), "sip.acme.example");
	ck_assert_str_eq(tw_trunk_get(t, "from_domain"), "sip.acme.example");
	ck_assert_str_eq(tw_trunk_get(t, "from_user"), "4930");
	ck_assert_str_eq(tw_trunk_get(t, "codecs"), "ulaw");  /* the admin's answer wins */
	ck_assert_str_eq(tw_trunk_get(t, "auth"), "register");
	ck_assert_str_eq(tw_trunk_get(t, "provider"), "acme");
	tw_trunk_free(&t);
	tw_profile_free(&p);
	ck_assert_ptr_null(p);
	tw_test_rmtree(dir);
	free(path);
	free(dir);
}
END_TEST

START_TEST(test_schema_errors_have_lines)
{
	char *dir = tw_test_tmpdir();
	char *path = write_tmp(dir, "bad.conf",
		"[provider]\nname = Bad\nauth = register\nregon = US\nserver = nohost\n"
		"[defaults]\ncodec = ulaw\npassword = x\n[weird]\n");
	struct tw_diags d;
	struct tw_profile *p;

	tw_diags_init(&d);
	p = tw_profile_load(path, &d);
	ck_assert_ptr_null(p);
	ck_assert(has_diag_at(&d, 4, "unknown key 'regon'"));
	ck_assert(has_diag_at(&d, 5, "not REGION:HOST"));
	ck_assert(has_diag_at(&d, 7, "unknown key 'codec'"));
	ck_assert(has_diag_at(&d, 8, "cannot have a default"));
	ck_assert(has_diag_at(&d, 9, "unknown section [weird]"));
	ck_assert_str_eq(d.v[0].file, path);
	tw_diags_clear(&d);
	tw_test_rmtree(dir);
	free(path);
	free(dir);
}
END_TEST

START_TEST(test_later_dir_overrides_and_broken_skipped)
{
	char *a = tw_test_tmpdir(), *b = tw_test_tmpdir();
	char *p1 = write_tmp(a, "acme.conf", "[provider]\nname = Acme A\nauth = ip\n");
	char *p2 = write_tmp(b, "acme.conf", "[provider]\nname = Acme B\nauth = ip\n");
	char *p3 = write_tmp(b, "broken.conf", "[provider\nname = x\n");
	char *p4 = write_tmp(a, "other.conf", "[provider]\nname = Other\nauth = register\n");
	const char *dirs[] = { a, "/nonexistent/dir", b };
	struct tw_profiles ps;
	struct tw_diags d;

	tw_diags_init(&d);
	tw_profiles_load(&ps, dirs, 3, &d);
	ck_assert_uint_eq(ps.n, 2);
	ck_assert_str_eq(tw_profiles_find(&ps, "acme")->name, "Acme B");
	ck_assert_ptr_nonnull(tw_profiles_find(&ps, "other"));
	ck_assert_ptr_null(tw_profiles_find(&ps, "broken"));
	ck_assert(!tw_diags_has_errors(&d));  /* broken profiles are warnings */
	ck_assert_uint_ge(tw_diags_count(&d, TW_WARNING), 1);
	tw_profiles_free(&ps);
	tw_diags_clear(&d);
	tw_test_rmtree(a);
	tw_test_rmtree(b);
	free(p1);
	free(p2);
	free(p3);
	free(p4);
	free(a);
	free(b);
}
END_TEST

START_TEST(test_required_fields)
{
	char *dir = tw_test_tmpdir();
	char *path = write_tmp(dir, "x.conf", "[provider]\nregion = US\nauth = magic\n");
	struct tw_diags d;
	struct tw_profile *p;

	tw_diags_init(&d);
	p = tw_profile_load(path, &d);
	ck_assert_ptr_null(p);
	ck_assert(has_diag_at(&d, 0, "no name"));
	ck_assert(has_diag_at(&d, 0, "unknown auth model 'magic'"));
	tw_diags_clear(&d);
	tw_test_rmtree(dir);
	free(path);
	free(dir);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("profile");
	TCase *tc = tcase_create("profile");

	tcase_add_test(tc, test_bundled_profiles_load);
	tcase_add_test(tc, test_apply_expands);
	tcase_add_test(tc, test_schema_errors_have_lines);
	tcase_add_test(tc, test_later_dir_overrides_and_broken_skipped);
	tcase_add_test(tc, test_required_fields);
	suite_add_tcase(s, tc);
	return tw_test_run(s);
}
