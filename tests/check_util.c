#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/file.h"
#include "trunkwiz/base.h"
#include "tw_test.h"
#include "base/base.h"

START_TEST(test_buf)
{
	struct tw_buf b;
	char *s;
	int i;

	tw_buf_init(&b);
	for (i = 0; i < 1000; i++)
		tw_buf_printf(&b, "%d,", i);
	tw_buf_addc(&b, 'x');
	ck_assert_uint_eq(b.len, strlen(b.data));
	ck_assert(tw_str_has_prefix(b.data, "0,1,2,"));
	s = tw_buf_steal(&b);
	ck_assert_ptr_null(b.data);
	ck_assert_int_eq(s[strlen(s) - 1], 'x');
	free(s);
	s = tw_buf_steal(&b);
	ck_assert_str_eq(s, "");
	free(s);
}
END_TEST

START_TEST(test_strings)
{
	char s[] = " \t a b \t";
	char **v;
	size_t n;

	ck_assert_str_eq(tw_strtrim(s), "a b");
	ck_assert_uint_eq(tw_edit_distance("kitten", "sitting"), 3);
	ck_assert_uint_eq(tw_edit_distance("", "abc"), 3);
	n = tw_split_list(" ulaw, alaw,,g722 ", ',', &v);
	ck_assert_uint_eq(n, 4);
	ck_assert_str_eq(v[0], "ulaw");
	ck_assert_str_eq(v[2], "");
	ck_assert_str_eq(v[3], "g722");
	tw_strv_free(&v, n);
	ck_assert_ptr_null(v);
	ck_assert(tw_has_control("a\nb"));
	ck_assert(tw_has_control("\x7f"));
	ck_assert(!tw_has_control("caf\xc3\xa9"));
	ck_assert(tw_streq(NULL, NULL));
	ck_assert(!tw_streq("a", NULL));
	ck_assert(tw_strcaseeq("ULAW", "ulaw"));
}
END_TEST

/* The one cleaner for text from outside: no byte a terminal could take as
 * the start of an escape or control sequence survives. */
START_TEST(test_clean_text)
{
	static const struct { const char *in; size_t max; const char *out; } cases[] = {
		{ "200 OK", SIZE_MAX, "200 OK" },
		{ "OK\x1b]0;pwned\x07\x1b[2J", SIZE_MAX, "OK?]0;pwned??[2J" },
		{ "a\tb\r\nc\x7f", SIZE_MAX, "a?b??c?" },
		{ "csi\xc2\x9b" "31m", SIZE_MAX, "csi?31m" },   /* C1 CSI as UTF-8 */
		{ "raw\x9b" "31m", SIZE_MAX, "raw?31m" },       /* C1 CSI as a byte */
		{ "caf\xc3\xa9 \xe2\x82\xac", SIZE_MAX, "caf\xc3\xa9 \xe2\x82\xac" },
		{ "over\xc0\xaflong", SIZE_MAX, "over??long" },  /* overlong '/' */
		{ "sur\xed\xa0\x80", SIZE_MAX, "sur???" },        /* a UTF-16 surrogate */
		{ "cut\xe2\x82", SIZE_MAX, "cut??" },
		{ "abcdef", 3, "abc..." },
		{ "ab\xc3\xa9", 3, "ab..." },                    /* never half a character */
		{ NULL, SIZE_MAX, "" },
	};
	size_t i;

	for (i = 0; i < TW_ARRAY_LEN(cases); i++) {
		char *c = tw_clean_text(cases[i].in, cases[i].max);

		ck_assert_msg(strcmp(c, cases[i].out) == 0, "case %zu: got '%s'", i, c);
		free(c);
	}
	for (i = 0; i < 0x100; i++)
		ck_assert(tw_is_control_char(i) == (i < 0x20 || (i >= 0x7f && i < 0xa0)));
}
END_TEST

/* A diagnostic quoting hostile text prints no escape, colours or not. */
START_TEST(test_diag_print_clean)
{
	struct tw_diags d;
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);

	tw_diags_init(&d);
	tw_diags_add(&d, TW_ERROR, "http://x/\x1b[2J", 3, NULL, "hint \x1b]0;t\x07",
	             "unknown key '%s'", "k\x1b[31m\xc2\x9b");
	tw_diags_print(&d, f, false);
	fclose(f);
	ck_assert_str_eq(out, "http://x/?[2J:3: error: unknown key 'k?[31m?'\n    hint: hint ?]0;t?\n");
	free(out);
	tw_diags_clear(&d);
}
END_TEST

START_TEST(test_suggest)
{
	static const char *const c[] = { "username", "server", "password", "codecs" };

	ck_assert_str_eq(tw_suggest("usernme", c, 4), "username");
	ck_assert_str_eq(tw_suggest("SERVRE", c, 4), "server");
	ck_assert_ptr_null(tw_suggest("qualify", c, 4));
}
END_TEST

START_TEST(test_diags)
{
	struct tw_diags d, e;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	tw_diags_init(&d);
	tw_diags_init(&e);
	tw_diag_at(&d, TW_WARNING, "b.conf", 9, NULL, "later %d", 1);
	tw_diag_at(&d, TW_ERROR, "a.conf", 3, "fix it", "first");
	tw_diag_field(&e, TW_ERROR, "username", NULL, "field");
	tw_diags_move(&d, &e);
	ck_assert_uint_eq(e.n, 0);
	ck_assert_uint_eq(d.n, 3);
	tw_diags_sort(&d);
	ck_assert_str_eq(d.v[0].msg, "field");
	ck_assert_str_eq(d.v[1].file, "a.conf");
	ck_assert_uint_eq(tw_diags_count(&d, TW_ERROR), 2);
	f = open_memstream(&buf, &len);
	tw_diags_print(&d, f, false);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "trunk.username: error: field\n"));
	ck_assert_ptr_nonnull(strstr(buf, "a.conf:3: error: first\n    hint: fix it\n"));
	ck_assert_ptr_nonnull(strstr(buf, "b.conf:9: warning: later 1\n"));
	free(buf);
	tw_diags_clear(&d);
	tw_diags_clear(&d);
}
END_TEST

START_TEST(test_free_secret)
{
	char *s = tw_xstrdup("secret");

	tw_free_secret(&s);
	ck_assert_ptr_null(s);
	tw_free_secret(&s);
}
END_TEST

/* One dir_of for every caller: what dirname(3) gives, for paths without
 * a trailing slash. */
START_TEST(test_dir_of)
{
	static const char *const cases[][2] = {
		{ "/etc/asterisk/pjsip.conf", "/etc/asterisk" },
		{ "/x", "/" },
		{ "x", "." },
		{ "a/b", "a" },
		{ "./pjsip.conf", "." },
	};
	size_t i;

	for (i = 0; i < TW_ARRAY_LEN(cases); i++) {
		char *d = tw_dir_of(cases[i][0]);

		ck_assert_msg(strcmp(d, cases[i][1]) == 0, "%s: %s, not %s", cases[i][0], d, cases[i][1]);
		free(d);
	}
}
END_TEST

/* The whole-file reader: bytes, NUL at the end, a directory refused, and
 * what is not a regular file (a FIFO that would hang, /dev/zero that never
 * ends) or larger than the cap refused before it is read. */
START_TEST(test_file_read)
{
	char *dir = tw_test_tmpdir(), *p = tw_xasprintf("%s/f", dir), *data = NULL;
	size_t len = 0;
	FILE *f = fopen(p, "w");

	ck_assert_ptr_nonnull(f);
	fputs("a\nb", f);
	fclose(f);
	ck_assert_int_eq(tw_file_read(p, &data, &len), 0);
	ck_assert_uint_eq(len, 3);
	ck_assert_str_eq(data, "a\nb");
	free(data);
	ck_assert_int_eq(tw_file_read_large(p, 1 << 20, &data, &len), 0);
	ck_assert_str_eq(data, "a\nb");
	tw_free_large(data);
	data = NULL;
	ck_assert_int_eq(tw_file_read(dir, &data, &len), -1);
	ck_assert_int_eq(errno, EISDIR);
	ck_assert_ptr_null(data);
	ck_assert_int_eq(tw_file_read_large("/dev/zero", 1 << 16, &data, &len), -1);
	ck_assert_int_eq(errno, TW_ENOTREG);
	ck_assert_int_eq(tw_file_read_large(p, 2, &data, &len), -1);
	ck_assert_int_eq(errno, EFBIG);
	free(p);
	p = tw_xasprintf("%s/fifo", dir);
	ck_assert_int_eq(mkfifo(p, 0600), 0);
	ck_assert_int_eq(tw_file_read(p, &data, &len), -1);
	ck_assert_int_eq(errno, TW_ENOTREG);
	ck_assert_ptr_null(data);
	tw_test_rmtree(dir);
	free(dir);
	free(p);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("util");
	TCase *tc = tcase_create("util");

	tcase_add_test(tc, test_buf);
	tcase_add_test(tc, test_strings);
	tcase_add_test(tc, test_suggest);
	tcase_add_test(tc, test_clean_text);
	tcase_add_test(tc, test_diag_print_clean);
	tcase_add_test(tc, test_diags);
	tcase_add_test(tc, test_free_secret);
	tcase_add_test(tc, test_dir_of);
	tcase_add_test(tc, test_file_read);
	suite_add_tcase(s, tc);
	return tw_test_run(s);
}
