#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "trunkwiz/base.h"
#include "base/base.h"
#include "tw_test.h"

static char *printed(const struct tw_diags *d, bool color)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	tw_diags_print(d, f, color);
	fclose(f);
	return buf;
}

START_TEST(test_add_count_move)
{
	struct tw_diags a, b;

	tw_diags_init(&a);
	tw_diags_init(&b);
	tw_diag_at(&a, TW_ERROR, "p.conf", 3, "fix it", "bad %s", "value");
	tw_diag_field(&a, TW_WARNING, "server", NULL, "odd");
	tw_diag_at(&b, TW_NOTE, NULL, 0, NULL, "fyi");
	ck_assert_uint_eq(tw_diags_count(&a, TW_ERROR), 1);
	ck_assert_uint_eq(tw_diags_count(&a, TW_WARNING), 1);
	ck_assert(tw_diags_has_errors(&a));
	ck_assert(!tw_diags_has_errors(&b));
	tw_diags_move(&b, &a);
	ck_assert_uint_eq(a.n, 0);
	ck_assert_uint_eq(b.n, 3);
	ck_assert_str_eq(b.v[1].msg, "bad value");
	ck_assert_str_eq(b.v[1].hint, "fix it");
	ck_assert_str_eq(b.v[2].field, "server");
	tw_diags_clear(&b);
	ck_assert_uint_eq(b.n, 0);
	tw_diags_clear(&a);
}
END_TEST

START_TEST(test_sort_stable_by_file_line)
{
	struct tw_diags d;

	tw_diags_init(&d);
	tw_diag_at(&d, TW_ERROR, "b.conf", 1, NULL, "b1");
	tw_diag_at(&d, TW_ERROR, "a.conf", 9, NULL, "a9");
	tw_diag_at(&d, TW_ERROR, "a.conf", 2, NULL, "a2-first");
	tw_diag_at(&d, TW_WARNING, "a.conf", 2, NULL, "a2-second");
	tw_diags_sort(&d);
	ck_assert_str_eq(d.v[0].msg, "a2-first");
	ck_assert_str_eq(d.v[1].msg, "a2-second");
	ck_assert_str_eq(d.v[2].msg, "a9");
	ck_assert_str_eq(d.v[3].msg, "b1");
	tw_diags_clear(&d);
}
END_TEST

START_TEST(test_print_compiler_style)
{
	struct tw_diags d;
	char *s;

	tw_diags_init(&d);
	tw_diag_at(&d, TW_ERROR, "pjsip.conf", 12, "write yes or no", "[ep] send_pai = 'maybe': not a boolean");
	tw_diag_field(&d, TW_WARNING, "identify", NULL, "host name");
	tw_diag_at(&d, TW_NOTE, "x.conf", 0, NULL, "whole file");
	s = printed(&d, false);
	ck_assert_str_eq(s, "pjsip.conf:12: error: [ep] send_pai = 'maybe': not a boolean\n"
	                    "    hint: write yes or no\n"
	                    "trunk.identify: warning: host name\n"
	                    "x.conf: note: whole file\n");
	free(s);
	s = printed(&d, true);
	ck_assert_ptr_nonnull(strstr(s, "\033["));
	free(s);
	ck_assert_str_eq(tw_severity_name(TW_ERROR), "error");
	tw_diags_clear(&d);
}
END_TEST

/* Every part goes out cleaned, whichever path prints it: control bytes
 * become '?', well-formed UTF-8 stays, a stray byte is a '?' too. */
START_TEST(test_print_cleans_every_part)
{
	struct tw_diags d;
	char *s;

	tw_diags_init(&d);
	tw_diag_at(&d, TW_ERROR, "a\033]0;x\a.conf", 3, "hint \033[2J", "caf\xc3\xa9 \x9b ok\x80");
	tw_diag_field(&d, TW_WARNING, "f\rx", NULL, "%s", "");
	s = printed(&d, false);
	ck_assert_str_eq(s, "a?]0;x?.conf:3: error: caf\xc3\xa9 ? ok?\n"
	                    "    hint: hint ?[2J\n"
	                    "trunk.f?x: warning: \n");
	free(s);
	s = printed(&d, true);
	ck_assert_str_eq(s, "a?]0;x?.conf:3: \033[1;31merror:\033[0m caf\xc3\xa9 ? ok?\n"
	                    "    hint: hint ?[2J\n"
	                    "trunk.f?x: \033[1;35mwarning:\033[0m \n");
	free(s);
	tw_diags_clear(&d);
}
END_TEST

/* Repeats go, the first of each stays where it was; a NULL file is the
 * empty one, and a different line, severity or message is no repeat. */
START_TEST(test_dedup)
{
	struct tw_diags d;
	size_t i;

	tw_diags_init(&d);
	tw_diag_at(&d, TW_NOTE, "x.conf", 1, NULL, "before");
	tw_diag_at(&d, TW_ERROR, "p.conf", 4, "first hint", "same");
	tw_diag_at(&d, TW_ERROR, "p.conf", 5, NULL, "same");
	tw_diag_at(&d, TW_WARNING, "p.conf", 4, NULL, "same");
	tw_diag_at(&d, TW_ERROR, "p.conf", 4, "other hint", "same");
	tw_diag_at(&d, TW_ERROR, "q.conf", 4, NULL, "same");
	tw_diag_at(&d, TW_ERROR, NULL, 0, NULL, "nowhere");
	tw_diag_at(&d, TW_ERROR, "", 0, NULL, "nowhere");
	tw_diag_at(&d, TW_ERROR, "p.conf", 4, NULL, "same!");
	for (i = 0; i < 3000; i++) /* one message at many lines: each kept */
		tw_diag_at(&d, TW_NOTE, "big.conf", (unsigned)(i / 2 + 1), NULL, "line");
	tw_diag_at(&d, TW_NOTE, "x.conf", 1, NULL, "before");
	tw_diags_dedup(&d, 1);
	ck_assert_uint_eq(d.n, 1 + 6 + 1500 + 1);
	ck_assert_str_eq(d.v[0].msg, "before");
	ck_assert_str_eq(d.v[1].hint, "first hint");
	ck_assert_uint_eq(d.v[2].line, 5);
	ck_assert_int_eq(d.v[3].sev, TW_WARNING);
	ck_assert_str_eq(d.v[4].file, "q.conf");
	ck_assert_ptr_null(d.v[5].file);
	ck_assert_str_eq(d.v[6].msg, "same!");
	ck_assert_uint_eq(d.v[7].line, 1);
	ck_assert_uint_eq(d.v[7 + 1499].line, 1500);
	ck_assert_str_eq(d.v[d.n - 1].msg, "before"); /* before index 1: not compared */
	tw_diags_dedup(&d, d.n);
	tw_diags_dedup(&d, d.n + 5);
	ck_assert_uint_eq(d.n, 1 + 6 + 1500 + 1);
	tw_diags_clear(&d);
}
END_TEST

/* A message longer than any stack buffer is formatted whole. */
START_TEST(test_long_message)
{
	struct tw_diags d;
	char big[3001];

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	tw_diags_init(&d);
	tw_diag_at(&d, TW_NOTE, "f", 1, NULL, "<%s|%d>", big, 42);
	ck_assert_uint_eq(strlen(d.v[0].msg), 3000 + 5);
	ck_assert_int_eq(strncmp(d.v[0].msg, "<xxx", 4), 0);
	ck_assert_str_eq(d.v[0].msg + 3001, "|42>");
	tw_diags_clear(&d);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("diag");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_add_count_move);
	tcase_add_test(tc, test_sort_stable_by_file_line);
	tcase_add_test(tc, test_print_compiler_style);
	tcase_add_test(tc, test_print_cleans_every_part);
	tcase_add_test(tc, test_long_message);
	tcase_add_test(tc, test_dedup);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tw_test_run(suite());
}
