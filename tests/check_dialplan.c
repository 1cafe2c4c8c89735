#include "config.h"

#include "tw_test.h"

#include "trunk/dialplan.h"

/* ---- tw_dialplan_check_exten ---- */

/* Run the check on a field and return the diagnostics in *d. */
static int check(const char *exten, struct tw_diags *d)
{
	tw_diags_init(d);
	return tw_dialplan_check_exten(exten, NULL, 0, "outbound", d);
}

static void expect_clean(const char *exten)
{
	struct tw_diags d;

	ck_assert_int_eq(check(exten, &d), 0);
	ck_assert_msg(d.n == 0, "%s: unexpected \"%s\"", exten, d.n ? d.v[0].msg : "");
	tw_diags_clear(&d);
}

/* Exactly one diagnostic of severity sev, whose message has `want`. */
static void expect_one(const char *exten, enum tw_severity sev, const char *want)
{
	struct tw_diags d;
	int errors = check(exten, &d);

	ck_assert_msg(d.n == 1, "%s: %zu diagnostics, first \"%s\"", exten, d.n,
	              d.n ? d.v[0].msg : "");
	ck_assert_int_eq(d.v[0].sev, sev);
	ck_assert_int_eq(errors, sev == TW_ERROR ? 1 : 0);
	ck_assert_msg(strstr(d.v[0].msg, want) != NULL, "%s: \"%s\" lacks \"%s\"",
	              exten, d.v[0].msg, want);
	ck_assert_ptr_nonnull(d.v[0].hint);
	tw_diags_clear(&d);
}

START_TEST(test_exten_clean)
{
	static const char *const ok[] = {
		"_NXXNXXXXXX", "_1NXXNXXXXXX", "911", "s", "h", "i", "t", "100",
		"*97", "#", "+15551234567", "_X.", "_X!", "_+X.", "_00X.",
		"_0[1-9]XXXXXXXX", "_0[2-478]XXXXXXXX", "_[*#0-9]X", "_[a-z]X",
		"_[x]XX", "_[nxz]1", "_1-800-NXX-XXXX", "_[\\-5]X", "_[5-]X",
		"_ZXX", "fax", "exit", "start",
	};
	size_t i;

	for (i = 0; i < TW_ARRAY_LEN(ok); i++)
		expect_clean(ok[i]);
}
END_TEST

START_TEST(test_exten_errors)
{
	char long_ext[100];

	expect_one("", TW_ERROR, "empty extension");
	expect_one("_", TW_ERROR, "matches nothing");
	expect_one("_.", TW_ERROR, "strongly discouraged");
	expect_one("_!", TW_ERROR, "strongly discouraged");
	expect_one("_[12", TW_ERROR, "without a matching ']'");
	expect_one("_NXX[2-9", TW_ERROR, "without a matching ']'");
	expect_one("_1]2", TW_ERROR, "']' without a matching '['");
	expect_one("_[]5", TW_ERROR, "empty [] set");
	expect_one("_[9-1]X", TW_ERROR, "reversed range '9-1'");
	expect_one("_[1[2]]", TW_ERROR, "'[' inside a [...] set");
	expect_one("1,2", TW_ERROR, "contains ','");
	expect_one("12;3", TW_ERROR, "contains ';'");
	expect_one("_X(1)", TW_ERROR, "contains '('");
	expect_one("1 2", TW_ERROR, "contains ' '");
	expect_one("1\t2", TW_ERROR, "control character (0x09)");
	expect_one("123/456", TW_ERROR, "contains '/'");

	memset(long_ext, '1', 79);
	long_ext[79] = '\0';
	expect_clean(long_ext);
	long_ext[79] = '1';
	long_ext[80] = '\0';
	expect_one(long_ext, TW_ERROR, "80 characters long (at most 79)");
	expect_one(NULL, TW_ERROR, "empty extension");
}
END_TEST

START_TEST(test_exten_warnings)
{
	expect_one("NXXNXXXXXX", TW_WARNING, "does not start with '_'");
	expect_one("911.", TW_WARNING, "does not start with '_'");
	expect_one("1[2]", TW_WARNING, "does not start with '_'");
	expect_one("_X.1", TW_WARNING, "'.' is not the last character");
	expect_one("_X!X", TW_WARNING, "'!' is not the last character");
	expect_one("_nxx", TW_WARNING, "lower-case 'n' is a wildcard");
	expect_one("_1z", TW_WARNING, "lower-case 'z'");
	expect_one("12@3", TW_WARNING, "unusual character '@'");
}
END_TEST

START_TEST(test_exten_several)
{
	struct tw_diags d;

	/* A dead tail and a lower-case wildcard: two warnings, no error. */
	ck_assert_int_eq(check("_x.X", &d), 0);
	ck_assert_uint_eq(d.n, 2);
	tw_diags_clear(&d);
	/* Too long and a bad character: two errors. */
	ck_assert_int_eq(check("1,111111111111111111111111111111111111111111111111111111111111111111111111111111", &d), 2);
	tw_diags_clear(&d);
}
END_TEST

START_TEST(test_exten_location)
{
	struct tw_diags d;

	tw_diags_init(&d);
	ck_assert_int_eq(tw_dialplan_check_exten("_[12", "extensions_trunk.conf", 12,
	                                         "ignored", &d), 1);
	ck_assert_uint_eq(d.n, 1);
	ck_assert_str_eq(d.v[0].file, "extensions_trunk.conf");
	ck_assert_uint_eq(d.v[0].line, 12);
	ck_assert_ptr_null(d.v[0].field);
	/* The message names the extension. */
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "'_[12'"));
	tw_diags_clear(&d);

	ck_assert_int_eq(tw_dialplan_check_exten("_nxx", NULL, 7, "dial_pattern", &d), 0);
	ck_assert_uint_eq(d.n, 1);
	ck_assert_ptr_null(d.v[0].file);
	ck_assert_str_eq(d.v[0].field, "dial_pattern");
	ck_assert_ptr_nonnull(strstr(d.v[0].hint, "[n]"));
	tw_diags_clear(&d);

	/* Without a list the errors are still counted. */
	ck_assert_int_eq(tw_dialplan_check_exten("_[9-1", NULL, 0, NULL, NULL), 2);
	ck_assert_int_eq(tw_dialplan_check_exten("_X.", NULL, 0, NULL, NULL), 0);
}
END_TEST

/* ---- number formats ---- */

START_TEST(test_number_format)
{
	ck_assert_int_eq(tw_number_format_parse("e164"), TW_NUM_E164);
	ck_assert_int_eq(tw_number_format_parse("E164"), TW_NUM_E164);
	ck_assert_int_eq(tw_number_format_parse("e164_noplus"), TW_NUM_E164_NOPLUS);
	ck_assert_int_eq(tw_number_format_parse("11digit"), TW_NUM_E164_NOPLUS);
	ck_assert_int_eq(tw_number_format_parse("noplus"), TW_NUM_E164_NOPLUS);
	ck_assert_int_eq(tw_number_format_parse("national"), TW_NUM_NATIONAL);
	ck_assert_int_eq(tw_number_format_parse("IDD"), TW_NUM_IDD);
	ck_assert_str_eq(tw_number_format_name(TW_NUM_IDD), "idd");
	ck_assert_int_eq(tw_number_format_parse(""), -1);
	ck_assert_int_eq(tw_number_format_parse("e.164"), -1);
	ck_assert_int_eq(tw_number_format_parse(NULL), -1);
	ck_assert_str_eq(tw_number_format_name(TW_NUM_E164), "e164");
	ck_assert_str_eq(tw_number_format_name(TW_NUM_E164_NOPLUS), "e164_noplus");
	ck_assert_str_eq(tw_number_format_name(TW_NUM_NATIONAL), "national");
	ck_assert_ptr_null(tw_number_format_name((enum tw_number_format)42));
	ck_assert_int_eq(tw_number_format_parse(tw_number_format_name(TW_NUM_NATIONAL)),
	                 TW_NUM_NATIONAL);
}
END_TEST

/* ---- presets ---- */

START_TEST(test_presets_list)
{
	static const char *const ids[] = { "nanp", "uk", "de", "au", "e164" };
	static const char *const cc[] = { "1", "44", "49", "61", "" };
	const struct tw_dial_preset *const *v = tw_dial_presets();
	size_t i;

	for (i = 0; i < TW_ARRAY_LEN(ids); i++) {
		ck_assert_ptr_nonnull(v[i]);
		ck_assert_str_eq(v[i]->id, ids[i]);
		ck_assert_str_eq(v[i]->country_code, cc[i]);
		ck_assert_ptr_nonnull(v[i]->name);
		ck_assert_ptr_nonnull(v[i]->emergency);
		ck_assert_ptr_nonnull(v[i]->emergency[0]);
		ck_assert_ptr_eq(tw_dial_preset_find(ids[i]), v[i]);
	}
	ck_assert_ptr_null(v[i]);
	ck_assert_ptr_eq(tw_dial_preset_find("NANP"), v[0]);
	ck_assert_ptr_null(tw_dial_preset_find("fr"));
	ck_assert_ptr_null(tw_dial_preset_find(""));
	ck_assert_ptr_null(tw_dial_preset_find(NULL));
	ck_assert_str_eq(tw_dial_preset_find("nanp")->emergency[0], "911");
	ck_assert_ptr_null(tw_dial_preset_find("nanp")->emergency[1]);
	ck_assert_str_eq(tw_dial_preset_find("uk")->emergency[0], "999");
	ck_assert_str_eq(tw_dial_preset_find("uk")->emergency[1], "112");
	ck_assert_str_eq(tw_dial_preset_find("de")->emergency[0], "110");
	ck_assert_str_eq(tw_dial_preset_find("au")->emergency[0], "000");
	ck_assert_str_eq(tw_dial_preset_find("e164")->emergency[0], "112");
}
END_TEST

static void expect_rule(const struct tw_dial_rule *r, const char *pattern,
                        const char *number)
{
	ck_assert_str_eq(r->pattern, pattern);
	ck_assert_str_eq(r->number, number);
	ck_assert_ptr_nonnull(r->comment);
}

/* The reference snippet's outbound context, exactly. */
START_TEST(test_nanp_reference)
{
	const struct tw_dial_preset *p = tw_dial_preset_find("nanp");
	struct tw_dial_rule *r;
	size_t n;

	n = tw_dial_rules(p, TW_NUM_E164_NOPLUS, false, &r);
	ck_assert_uint_eq(n, 2);
	expect_rule(&r[0], "_NXXNXXXXXX", "1${EXTEN}");
	expect_rule(&r[1], "_1NXXNXXXXXX", "${EXTEN}");
	tw_dial_rules_free(&r, n);
	ck_assert_ptr_null(r);

	n = tw_dial_rules(p, TW_NUM_E164, false, &r);
	ck_assert_uint_eq(n, 2);
	expect_rule(&r[0], "_NXXNXXXXXX", "+1${EXTEN}");
	expect_rule(&r[1], "_1NXXNXXXXXX", "+${EXTEN}");
	tw_dial_rules_free(&r, n);

	n = tw_dial_rules(p, TW_NUM_NATIONAL, false, &r);
	ck_assert_uint_eq(n, 2);
	expect_rule(&r[0], "_NXXNXXXXXX", "${EXTEN}");
	expect_rule(&r[1], "_1NXXNXXXXXX", "${EXTEN:1}");
	tw_dial_rules_free(&r, n);

	n = tw_dial_rules(p, TW_NUM_E164_NOPLUS, true, &r);
	ck_assert_uint_eq(n, 3);
	expect_rule(&r[0], "911", "${EXTEN}");
	ck_assert_str_eq(r[0].comment, "emergency");
	expect_rule(&r[1], "_NXXNXXXXXX", "1${EXTEN}");
	expect_rule(&r[2], "_1NXXNXXXXXX", "${EXTEN}");
	tw_dial_rules_free(&r, n);
}
END_TEST

START_TEST(test_other_presets)
{
	struct tw_dial_rule *r;
	size_t n;

	n = tw_dial_rules(tw_dial_preset_find("uk"), TW_NUM_E164, true, &r);
	ck_assert_uint_eq(n, 5);
	expect_rule(&r[0], "999", "${EXTEN}");
	expect_rule(&r[1], "112", "${EXTEN}");
	expect_rule(&r[2], "_0[1-9]XXXXXXXXX", "+44${EXTEN:1}");
	expect_rule(&r[3], "_0[1-9]XXXXXXXX", "+44${EXTEN:1}");
	expect_rule(&r[4], "_00X.", "+${EXTEN:2}");
	tw_dial_rules_free(&r, n);

	n = tw_dial_rules(tw_dial_preset_find("uk"), TW_NUM_E164_NOPLUS, false, &r);
	ck_assert_uint_eq(n, 3);
	expect_rule(&r[0], "_0[1-9]XXXXXXXXX", "44${EXTEN:1}");
	expect_rule(&r[2], "_00X.", "${EXTEN:2}");
	tw_dial_rules_free(&r, n);

	n = tw_dial_rules(tw_dial_preset_find("de"), TW_NUM_NATIONAL, false, &r);
	ck_assert_uint_eq(n, 2);
	expect_rule(&r[0], "_0[1-9]X.", "${EXTEN}");
	expect_rule(&r[1], "_00X.", "${EXTEN}");
	tw_dial_rules_free(&r, n);

	n = tw_dial_rules(tw_dial_preset_find("au"), TW_NUM_E164_NOPLUS, false, &r);
	ck_assert_uint_eq(n, 2);
	expect_rule(&r[0], "_0[2-478]XXXXXXXX", "61${EXTEN:1}");
	expect_rule(&r[1], "_0011X.", "${EXTEN:4}");
	tw_dial_rules_free(&r, n);

	n = tw_dial_rules(tw_dial_preset_find("e164"), TW_NUM_E164_NOPLUS, true, &r);
	ck_assert_uint_eq(n, 3);
	expect_rule(&r[0], "112", "${EXTEN}");
	expect_rule(&r[1], "_+X.", "${EXTEN:1}");
	expect_rule(&r[2], "_00X.", "${EXTEN:2}");
	tw_dial_rules_free(&r, n);
}
END_TEST

/* A small model of Asterisk's matcher and ${EXTEN:n}, to check that the
 * rules turn dialled numbers into the intended ones. */
static bool pat_match(const char *pat, const char *num)
{
	if (*pat != '_')
		return strcmp(pat, num) == 0;
	for (pat++; *pat; pat++) {
		if (*pat == '-')
			continue;
		if (*pat == '.')
			return *num != '\0';
		if (!*num)
			return false;
		if (*pat == '[') {
			bool hit = false;

			for (pat++; *pat != ']'; pat++) {
				if (pat[1] == '-' && pat[2] != ']') {
					hit |= *num >= pat[0] && *num <= pat[2];
					pat += 2;
				} else {
					hit |= *num == *pat;
				}
			}
			if (!hit)
				return false;
		} else if (*pat == 'X') {
			if (*num < '0' || *num > '9')
				return false;
		} else if (*pat == 'Z') {
			if (*num < '1' || *num > '9')
				return false;
		} else if (*pat == 'N') {
			if (*num < '2' || *num > '9')
				return false;
		} else if (*pat != *num) {
			return false;
		}
		num++;
	}
	return *num == '\0';
}

static char *expand(const char *tmpl, const char *exten)
{
	struct tw_buf b;
	const char *v = strstr(tmpl, "${EXTEN");
	size_t skip = 0;

	ck_assert_ptr_nonnull(v);
	tw_buf_init(&b);
	tw_buf_add(&b, tmpl, (size_t)(v - tmpl));
	v += strlen("${EXTEN");
	if (*v == ':')
		skip = strtoul(v + 1, NULL, 10);
	tw_buf_adds(&b, exten + skip);
	tw_buf_adds(&b, strchr(v, '}') + 1);
	return tw_buf_steal(&b);
}

/* The number `dialled` becomes `want` with preset/format; "" means that no
 * rule may match. */
static void expect_dial(const char *preset, enum tw_number_format f,
                        const char *dialled, const char *want)
{
	struct tw_dial_rule *r;
	size_t n = tw_dial_rules(tw_dial_preset_find(preset), f, true, &r), i;
	char *got = NULL;

	for (i = 0; i < n && !got; i++)
		if (pat_match(r[i].pattern, dialled))
			got = expand(r[i].number, dialled);
	ck_assert_msg(tw_streq(got ? got : "", want), "%s/%s %s -> %s, want %s",
	              preset, tw_number_format_name(f), dialled,
	              got ? got : "(no match)", want);
	free(got);
	tw_dial_rules_free(&r, n);
}

START_TEST(test_dialled_numbers)
{
	expect_dial("nanp", TW_NUM_E164, "2125551234", "+12125551234");
	expect_dial("nanp", TW_NUM_E164, "12125551234", "+12125551234");
	expect_dial("nanp", TW_NUM_E164_NOPLUS, "2125551234", "12125551234");
	expect_dial("nanp", TW_NUM_NATIONAL, "12125551234", "2125551234");
	expect_dial("nanp", TW_NUM_E164, "911", "911");
	expect_dial("nanp", TW_NUM_E164, "1125551234", "");
	expect_dial("nanp", TW_NUM_E164, "01144207946000", "");
	expect_dial("uk", TW_NUM_E164, "02079460000", "+442079460000");
	expect_dial("uk", TW_NUM_E164_NOPLUS, "0169772200", "44169772200");
	expect_dial("uk", TW_NUM_E164, "0012125551234", "+12125551234");
	expect_dial("uk", TW_NUM_NATIONAL, "02079460000", "02079460000");
	expect_dial("uk", TW_NUM_E164, "999", "999");
	expect_dial("de", TW_NUM_E164, "030123456", "+4930123456");
	expect_dial("de", TW_NUM_E164, "0044207946000", "+44207946000");
	expect_dial("de", TW_NUM_E164, "110", "110");
	expect_dial("au", TW_NUM_E164, "0733333333", "+61733333333");
	expect_dial("au", TW_NUM_E164_NOPLUS, "00114420794600", "4420794600");
	expect_dial("au", TW_NUM_E164, "0533333333", "");
	expect_dial("au", TW_NUM_E164, "000", "000");
	expect_dial("e164", TW_NUM_E164, "+4930123456", "+4930123456");
	expect_dial("e164", TW_NUM_E164_NOPLUS, "+4930123456", "4930123456");
	expect_dial("e164", TW_NUM_E164, "004930123456", "+4930123456");
	expect_dial("e164", TW_NUM_NATIONAL, "004930123456", "004930123456");
	/* idd: E.164 digits at home, the international prefix kept abroad
	 * (VoIP.ms, Whitesky); the other formats route no 011 call */
	expect_dial("nanp", TW_NUM_IDD, "2125551234", "12125551234");
	expect_dial("nanp", TW_NUM_IDD, "12125551234", "12125551234");
	expect_dial("nanp", TW_NUM_IDD, "011442071234567", "011442071234567");
	expect_dial("nanp", TW_NUM_IDD, "911", "911");
	expect_dial("nanp", TW_NUM_E164_NOPLUS, "011442071234567", "");
	expect_dial("nanp", TW_NUM_NATIONAL, "011442071234567", "");
	expect_dial("uk", TW_NUM_IDD, "02079460000", "442079460000");
	expect_dial("uk", TW_NUM_IDD, "0012125551234", "0012125551234");
	expect_dial("de", TW_NUM_IDD, "030123456", "4930123456");
	expect_dial("de", TW_NUM_IDD, "0044207946000", "0044207946000");
	expect_dial("au", TW_NUM_IDD, "0733333333", "61733333333");
	expect_dial("au", TW_NUM_IDD, "00114420794600", "00114420794600");
	expect_dial("e164", TW_NUM_IDD, "+4930123456", "4930123456");
	expect_dial("e164", TW_NUM_IDD, "004930123456", "4930123456");
}
END_TEST

/* Every emitted pattern passes the checker, in every preset and format. */
START_TEST(test_presets_pass_checker)
{
	const struct tw_dial_preset *const *p;
	int f;

	for (p = tw_dial_presets(); *p; p++) {
		for (f = TW_NUM_E164; f <= TW_NUM_IDD; f++) {
			struct tw_dial_rule *r;
			size_t n = tw_dial_rules(*p, (enum tw_number_format)f, true, &r), i;

			ck_assert_uint_ge(n, 2);
			for (i = 0; i < n; i++) {
				struct tw_diags d;

				tw_diags_init(&d);
				ck_assert_int_eq(tw_dialplan_check_exten(r[i].pattern, NULL, 0,
				                                         "x", &d), 0);
				ck_assert_msg(d.n == 0, "%s: %s", r[i].pattern, d.v[0].msg);
				ck_assert_ptr_nonnull(strstr(r[i].number, "${EXTEN"));
				ck_assert_ptr_nonnull(r[i].comment);
				ck_assert(r[i].comment[0] != '\0');
			}
			tw_dial_rules_free(&r, n);
		}
	}
}
END_TEST

START_TEST(test_rules_edge)
{
	struct tw_dial_rule *r = (struct tw_dial_rule *)1;
	static const char *const none[] = { NULL };
	static const char *const e[] = { "911", NULL };
	struct tw_dial_preset custom = { "custom", "Custom", "99", e };
	struct tw_dial_preset bare = { "bare", "Bare", "99", none };

	ck_assert_uint_eq(tw_dial_rules(NULL, TW_NUM_E164, true, &r), 0);
	ck_assert_ptr_null(r);
	ck_assert_uint_eq(tw_dial_rules(tw_dial_preset_find("nanp"),
	                                (enum tw_number_format)7, true, &r), 0);
	ck_assert_ptr_null(r);
	/* A preset the module does not know contributes its emergency list. */
	ck_assert_uint_eq(tw_dial_rules(&custom, TW_NUM_E164, true, &r), 1);
	expect_rule(&r[0], "911", "${EXTEN}");
	tw_dial_rules_free(&r, 1);
	ck_assert_uint_eq(tw_dial_rules(&custom, TW_NUM_E164, false, &r), 0);
	ck_assert_ptr_null(r);
	ck_assert_uint_eq(tw_dial_rules(&bare, TW_NUM_E164, true, &r), 0);
	ck_assert_ptr_null(r);
	tw_dial_rules_free(&r, 0);
	tw_dial_rules_free(NULL, 0);
}
END_TEST

/* Each sequence the dialplan evaluates or splits at is named; plain text
 * (quotes, <>, balanced parentheses, 8-bit letters) passes. */
START_TEST(test_unsafe_values)
{
	static const struct {
		const char *v;
		const char *why;   /* start of the reason, NULL: safe */
		size_t at;
	} cases[] = {
		{ "${SHELL(id)}", "'${'", 0 },
		{ "a$[1+1]", "'$['", 1 },
		{ "a\nb", "a line break", 1 },
		{ "a;b", "';'", 1 },
		{ "a,b", "','", 1 },
		{ "a|b", "'|'", 1 },
		{ "a&b", "'&'", 1 },
		{ "a\\b", "a backslash", 1 },
		{ "a(b", "an unbalanced '('", 1 },
		{ "a)b(", "an unbalanced ')'", 1 },
		{ "a\tb", "a control character", 1 },
		{ "\"Office (NY)\" <+12125551234>", NULL, 0 },
		{ "Jos\xc3\xa9 <100>", NULL, 0 },
		{ "Cash$ <1>", NULL, 0 },
		{ "", NULL, 0 },
	};
	size_t i;

	for (i = 0; i < TW_ARRAY_LEN(cases); i++) {
		const char *at = NULL;
		char *why = NULL;
		bool safe = tw_dialplan_safe(cases[i].v, &at, &why);

		ck_assert(safe ? why == NULL : why != NULL);
		if (!cases[i].why) {
			ck_assert_msg(safe, "'%s' refused: %s", cases[i].v, why);
			continue;
		}
		ck_assert_msg(!safe && strncmp(why, cases[i].why, strlen(cases[i].why)) == 0,
		              "'%s': %s", cases[i].v, why ? why : "accepted");
		ck_assert_ptr_eq(at, cases[i].v + cases[i].at);
		free(why);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("dialplan");
	TCase *te = tcase_create("exten");
	TCase *tp = tcase_create("presets");

	tcase_add_test(te, test_exten_clean);
	tcase_add_test(te, test_exten_errors);
	tcase_add_test(te, test_exten_warnings);
	tcase_add_test(te, test_exten_several);
	tcase_add_test(te, test_exten_location);
	tcase_add_test(te, test_unsafe_values);
	suite_add_tcase(s, te);
	tcase_add_test(tp, test_number_format);
	tcase_add_test(tp, test_presets_list);
	tcase_add_test(tp, test_nanp_reference);
	tcase_add_test(tp, test_other_presets);
	tcase_add_test(tp, test_dialled_numbers);
	tcase_add_test(tp, test_presets_pass_checker);
	tcase_add_test(tp, test_rules_edge);
	suite_add_tcase(s, tp);
	return tw_test_run(s);
}
