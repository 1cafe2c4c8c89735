#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "trunkwiz/trunk.h"
#include "tw_test.h"
#include "base/base.h"
#include "trunk/trunk.h"

static bool has_diag(const struct tw_diags *d, const char *needle)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (strstr(d->v[i].msg, needle) || (d->v[i].hint && strstr(d->v[i].hint, needle)))
			return true;
	return false;
}

START_TEST(test_words)
{
	struct tw_trunk *t = tw_trunk_new();
	struct tw_diags d;

	tw_diags_init(&d);
	ck_assert_int_eq(tw_trunk_set_word(t, "name=office", &d), 0);
	ck_assert_int_eq(tw_trunk_set_word(t, "callerid=\"A=B\" <123>", &d), 0);
	ck_assert_str_eq(tw_trunk_get(t, "name"), "office");
	ck_assert_str_eq(tw_trunk_get(t, "callerid"), "\"A=B\" <123>");
	ck_assert_int_eq(tw_trunk_set_word(t, "noequals", &d), -1);
	ck_assert_int_eq(tw_trunk_set_word(t, "=x", &d), -1);
	ck_assert_int_eq(d.n, 2);
	tw_diags_clear(&d);
	tw_trunk_free(&t);
	ck_assert_ptr_null(t);
}
END_TEST

START_TEST(test_unknown_key_suggests)
{
	struct tw_trunk *t = tw_trunk_new();
	struct tw_diags d;

	tw_diags_init(&d);
	ck_assert_int_eq(tw_trunk_set_word(t, "sever=x", &d), -1);
	ck_assert(has_diag(&d, "did you mean 'server'?"));
	ck_assert_str_eq(d.v[0].field, "sever");
	tw_diags_clear(&d);
	ck_assert_int_eq(tw_trunk_set_word(t, "pasword_file=/x", &d), -1);
	ck_assert(has_diag(&d, "did you mean 'password_file'?"));
	tw_diags_clear(&d);
	ck_assert_int_eq(tw_trunk_set_word(t, "zzzzzzzzzz=1", &d), -1);
	ck_assert(!has_diag(&d, "did you mean"));
	tw_diags_clear(&d);
	tw_trunk_free(&t);
}
END_TEST

START_TEST(test_control_chars_rejected)
{
	struct tw_trunk *t = tw_trunk_new();
	struct tw_diags d;

	tw_diags_init(&d);
	ck_assert_int_eq(tw_trunk_set(t, "username", "x\n[evil]", NULL, 0, &d), -1);
	ck_assert_int_eq(tw_trunk_set(t, "server", "a\tb", NULL, 0, &d), -1);
	ck_assert_int_eq(tw_trunk_set(t, "callerid", "\x1b[2J", NULL, 0, &d), -1);
	ck_assert_ptr_null(tw_trunk_get(t, "username"));
	ck_assert_str_eq(d.v[0].field, "username");
	tw_diags_clear(&d);
	tw_trunk_free(&t);
}
END_TEST

START_TEST(test_password_file)
{
	char *dir = tw_test_tmpdir();
	char *pw = tw_xasprintf("%s/pw", dir);
	FILE *f = fopen(pw, "w");
	struct tw_trunk *t = tw_trunk_new();
	struct tw_diags d;

	tw_diags_init(&d);
	fputs("s3cr;et\r\nsecond line ignored\n", f);
	fclose(f);
	ck_assert_int_eq(tw_trunk_set(t, "password_file", pw, NULL, 0, &d), 0);
	ck_assert_str_eq(tw_trunk_get(t, "password"), "s3cr;et");
	ck_assert_int_eq(tw_trunk_set(t, "password_file", "/nonexistent/pw", NULL, 0, &d), -1);
	ck_assert(has_diag(&d, "/nonexistent/pw"));
	tw_diags_clear(&d);
	tw_trunk_free(&t);
	tw_test_rmtree(dir);
	free(pw);
	free(dir);
}
END_TEST

START_TEST(test_password_env)
{
	struct tw_trunk *t = tw_trunk_new();

	setenv("TRUNKWIZ_PASSWORD", "fromenv", 1);
	tw_trunk_password_from_env(t);
	ck_assert_str_eq(tw_trunk_get(t, "password"), "fromenv");
	setenv("TRUNKWIZ_PASSWORD", "other", 1);
	tw_trunk_password_from_env(t);  /* an explicit password wins */
	ck_assert_str_eq(tw_trunk_get(t, "password"), "fromenv");
	unsetenv("TRUNKWIZ_PASSWORD");
	tw_trunk_free(&t);
}
END_TEST

START_TEST(test_answers_file)
{
	char *dir = tw_test_tmpdir();
	char *path = tw_xasprintf("%s/answers.conf", dir);
	FILE *f = fopen(path, "w");
	struct tw_trunk *t = tw_trunk_new();
	struct tw_diags d;

	tw_diags_init(&d);
	fputs("; my trunk\n[trunk]\nname = office ; comment\nserver = sip.example.com\n"
	      "password = a\\;b\ncodecs = ulaw,alaw\n", f);
	fclose(f);
	ck_assert_int_eq(tw_trunk_load_answers(t, path, &d), 0);
	ck_assert_str_eq(tw_trunk_get(t, "name"), "office");
	ck_assert_str_eq(tw_trunk_get(t, "password"), "a;b");
	ck_assert_str_eq(tw_trunk_get(t, "codecs"), "ulaw,alaw");
	tw_trunk_free(&t);

	/* Unknown key: error at file:line with a suggestion. */
	f = fopen(path, "w");
	fputs("[trunk]\nname = x\ncodec = ulaw\n", f);
	fclose(f);
	t = tw_trunk_new();
	ck_assert_int_eq(tw_trunk_load_answers(t, path, &d), -1);
	ck_assert(has_diag(&d, "did you mean 'codecs'?"));
	ck_assert_str_eq(d.v[d.n - 1].file, path);
	ck_assert_uint_eq(d.v[d.n - 1].line, 3);
	tw_diags_clear(&d);
	tw_trunk_free(&t);

	/* Wrong section. */
	f = fopen(path, "w");
	fputs("[trunks]\nname = x\n", f);
	fclose(f);
	t = tw_trunk_new();
	ck_assert_int_eq(tw_trunk_load_answers(t, path, &d), -1);
	ck_assert(has_diag(&d, "unexpected section [trunks]"));
	tw_diags_clear(&d);
	tw_trunk_free(&t);
	tw_test_rmtree(dir);
	free(path);
	free(dir);
}
END_TEST

START_TEST(test_write_answers_hides_secret)
{
	struct tw_trunk *t = tw_trunk_new();
	struct tw_diags d;
	struct tw_buf b;

	tw_diags_init(&d);
	tw_buf_init(&b);
	ck_assert_int_eq(tw_trunk_set_word(t, "name=x", &d), 0);
	ck_assert_int_eq(tw_trunk_set_word(t, "password=top;secret", &d), 0);
	tw_trunk_default(t, "codecs", "ulaw");
	tw_trunk_write_answers(t, false, &b);
	ck_assert_ptr_null(strstr(b.data, "top"));
	ck_assert_ptr_nonnull(strstr(b.data, "name = x\n"));
	ck_assert_ptr_null(strstr(b.data, "codecs"));  /* profile defaults are not answers */
	tw_buf_free(&b);
	tw_trunk_write_answers(t, true, &b);
	ck_assert_ptr_nonnull(strstr(b.data, "password = top\\;secret\n"));
	tw_buf_wipe(&b);
	tw_trunk_free(&t);
}
END_TEST

START_TEST(test_defaults_and_enums)
{
	struct tw_trunk *t = tw_trunk_new();
	struct tw_diags d;

	tw_diags_init(&d);
	ck_assert_int_eq(tw_trunk_auth(t), TW_AUTH_REGISTER);
	ck_assert_int_eq(tw_trunk_transport(t), TW_TRANSPORT_UDP);
	ck_assert_int_eq(tw_trunk_set_word(t, "transport=TLS", &d), 0);
	ck_assert_int_eq(tw_trunk_transport(t), TW_TRANSPORT_TLS);
	tw_trunk_default(t, "transport", "udp");  /* admin's answer wins */
	ck_assert_int_eq(tw_trunk_transport(t), TW_TRANSPORT_TLS);
	tw_trunk_default(t, "auth", "ip");
	ck_assert_int_eq(tw_trunk_auth(t), TW_AUTH_IP);
	ck_assert_int_eq(tw_auth_mode_parse("nope"), -1);
	ck_assert_int_eq(tw_trunk_key_index("nope"), -1);
	tw_trunk_free(&t);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("trunk");
	TCase *tc = tcase_create("trunk");

	tcase_add_test(tc, test_words);
	tcase_add_test(tc, test_unknown_key_suggests);
	tcase_add_test(tc, test_control_chars_rejected);
	tcase_add_test(tc, test_password_file);
	tcase_add_test(tc, test_password_env);
	tcase_add_test(tc, test_answers_file);
	tcase_add_test(tc, test_write_answers_hides_secret);
	tcase_add_test(tc, test_defaults_and_enums);
	suite_add_tcase(s, tc);
	return tw_test_run(s);
}
