/* check_validate.c - the validator's API: value checkers, the schema and
 * codec tables, and configs generated here (100,000 sections). What a
 * given config must produce is a case in tests/data/validate/cases
 * (check_validate_cases.c), one test each. */
#include "config.h"

#include <limits.h>

#include "tw_test.h"

#include "trunkwiz/conf.h"
#include "validate/schema.h"
#include "trunkwiz/validate.h"
#include "conf/conf.h"
#include "validate/validate.h"

/* ---- fixture: parse text, validate, look at the diagnostics ---- */

struct run {
	struct tw_conf *pj, *dp;
	struct tw_diags d;
	struct tw_validate_opts o;
};

static struct tw_conf *parse(const char *name, const char *text)
{
	struct tw_conf *c = tw_conf_new(NULL);
	struct tw_diags pd;

	tw_diags_init(&pd);
	ck_assert_int_eq(tw_conf_parse(c, name, text, strlen(text), &pd), 0);
	tw_diags_clear(&pd);
	return c;
}

static void run_done(struct run *r)
{
	tw_diags_clear(&r->d);
	tw_conf_free(&r->pj);
	tw_conf_free(&r->dp);
}

static void dump(const struct run *r)
{
	tw_diags_print(&r->d, stderr, false);
}

/* Number of diagnostics of severity sev at line whose message (or hint,
 * when in_hint) contains word. line 0 = any line. */
static size_t count_diag(const struct run *r, enum tw_severity sev, unsigned line,
                         const char *word)
{
	size_t i, n = 0;

	for (i = 0; i < r->d.n; i++) {
		const struct tw_diag *g = &r->d.v[i];

		if (g->sev != sev || (line && g->line != line))
			continue;
		if (!word || (g->msg && strstr(g->msg, word)) || (g->hint && strstr(g->hint, word)))
			n++;
	}
	return n;
}

#define EXPECT(r, sev, line, word) do { \
		if (count_diag((r), (sev), (line), (word)) == 0) { \
			dump(r); \
			ck_abort_msg("no %s at line %u with '%s'", tw_severity_name(sev), \
			             (unsigned)(line), (word)); \
		} \
	} while (0)

#define EXPECT_NONE(r, sev) do { \
		if (tw_diags_count(&(r)->d, (sev)) != 0) { \
			dump(r); \
			ck_abort_msg("unexpected %s", tw_severity_name(sev)); \
		} \
	} while (0)

/* ---- value checks ---- */

START_TEST(test_check_bool)
{
	static const char *const good[] = { "yes", "no", "TRUE", "false", "y", "N", "t",
	                                    "F", "1", "0", "On", "off" };
	char *err = NULL;
	size_t i;

	for (i = 0; i < TW_ARRAY_LEN(good); i++)
		ck_assert(tw_check_bool(good[i], NULL));
	ck_assert(!tw_check_bool("maybe", &err));
	ck_assert_ptr_nonnull(err);
	free(err);
	ck_assert(!tw_check_bool("", NULL));
	ck_assert(!tw_check_bool("yes ", NULL));
}
END_TEST

START_TEST(test_check_uint)
{
	static const char *const bad[][2] = {
		{ "86401", "range" }, { "010", "octal" }, { "0x10", "hex" }, { "-1", "negative" },
		{ "", "empty" }, { "12abc", "whole" }, { "99999999999999999999999", "large" },
	};
	size_t i;

	ck_assert(tw_check_uint("0", 10, NULL));
	ck_assert(tw_check_uint("60", 86400, NULL));
	ck_assert(tw_check_uint("86400", 86400, NULL));
	for (i = 0; i < TW_ARRAY_LEN(bad); i++) {
		char *err = NULL;

		ck_assert_msg(!tw_check_uint(bad[i][0], i == 6 ? ULONG_MAX : i == 0 ? 86400 : 100, &err),
		              "%s accepted", bad[i][0]);
		ck_assert_msg(err && strstr(err, bad[i][1]), "%s: %s", bad[i][0], err ? err : "no cause");
		free(err);
	}
}
END_TEST

START_TEST(test_check_float_codec_name)
{
	ck_assert(tw_check_float("3", NULL));
	ck_assert(tw_check_float("3.5", NULL));
	ck_assert(!tw_check_float("3.", NULL));
	ck_assert(!tw_check_float(".5", NULL));
	ck_assert(!tw_check_float("3s", NULL));
	ck_assert(tw_check_codec("ulaw", NULL));
	ck_assert(tw_check_codec("ULAW", NULL));
	ck_assert(tw_check_codec("all", NULL));
	ck_assert(!tw_check_codec("notacodec", NULL));
	ck_assert(!tw_check_codec("", NULL));
	ck_assert(tw_check_name("trunk-endpoint", NULL));
	ck_assert(tw_check_name("Trunk_1.a", NULL));
	ck_assert(!tw_check_name("-trunk", NULL));
	ck_assert(!tw_check_name("a b", NULL));
	ck_assert(!tw_check_name("a,b", NULL));
	ck_assert(!tw_check_name("", NULL));
}
END_TEST

/* ---- the schema tables ---- */

START_TEST(test_schema_tables)
{
	int t;

	for (t = 0; t < TW_OBJ_COUNT; t++) {
		const struct tw_schema_type *st = tw_schema_type(t);
		size_t i;

		ck_assert_ptr_nonnull(st);
		ck_assert_int_eq(tw_schema_obj_find(st->name), t);
		for (i = 1; i < st->nopts; i++)
			ck_assert_msg(strcasecmp(st->opts[i - 1].name, st->opts[i].name) < 0,
			              "%s: %s before %s", st->name, st->opts[i - 1].name,
			              st->opts[i].name);
		for (i = 0; i < st->nopts; i++)
			ck_assert_ptr_eq(tw_schema_opt_find(st, st->opts[i].name), &st->opts[i]);
		ck_assert_ptr_nonnull(tw_schema_opt_find(st, "TYPE"));
	}
	ck_assert_int_eq(tw_schema_type(TW_OBJ_ENDPOINT)->nopts, 146);
	ck_assert_int_eq(tw_schema_obj_find("Endpoint"), TW_OBJ_NONE);
	ck_assert(tw_schema_is_other_type("global"));
	ck_assert(!tw_schema_is_other_type("Global"));
	ck_assert_ptr_nonnull(tw_schema_opt_find(tw_schema_type(TW_OBJ_ENDPOINT), "Allow"));
	ck_assert_ptr_null(tw_schema_opt_find(tw_schema_type(TW_OBJ_ENDPOINT), "qualify_frequency"));
}
END_TEST

START_TEST(test_codec_table)
{
	size_t i;

	ck_assert_int_eq(tw_codec_count(), 47);
	for (i = 1; i < tw_codec_count(); i++)
		ck_assert(strcasecmp(tw_codec_at(i - 1)->name, tw_codec_at(i)->name) < 0);
	ck_assert_int_eq(tw_codec_find("H264")->media, TW_MEDIA_VIDEO);
	ck_assert_int_eq(tw_codec_find("t38")->media, TW_MEDIA_IMAGE);
	ck_assert_int_eq(tw_codec_find("t140")->media, TW_MEDIA_TEXT);
	ck_assert_int_eq(tw_codec_find("opus")->media, TW_MEDIA_AUDIO);
	ck_assert(tw_codec_find("none")->trunk_warn);
	ck_assert(!tw_codec_find("alaw")->trunk_warn);
	ck_assert_ptr_nonnull(tw_codec_find("testlaw")->removed);
	ck_assert_ptr_null(tw_codec_find("silk"));
	ck_assert_int_eq(tw_codec_index(tw_codec_at(3)), 3);
}
END_TEST

/* ---- speed: 100,000 sections ---- */

START_TEST(test_big_config)
{
	struct tw_buf b;
	struct run r;
	size_t i;
	char *text;

	tw_buf_init(&b);
	tw_buf_adds(&b, "[transport-udp]\ntype = transport\nbind = 0.0.0.0\n");
	for (i = 0; i < 20000; i++)
		tw_buf_printf(&b,
		              "[t%zu]\ntype = auth\nusername = u%zu\npassword = p\n"
		              "[t%zu]\ntype = aor\ncontact = sip:h%zu.example.com\nqualify_frequency = 60\n"
		              "[t%zu]\ntype = endpoint\ncontext = from-trunk\nallow = !all,ulaw,alaw\n"
		              "outbound_auth = t%zu\naors = t%zu\ndirect_media = no\n"
		              "[t%zu]\ntype = identify\nendpoint = t%zu\nmatch = 10.%zu.%zu.%zu\n"
		              "[t%zu-reg]\ntype = registration\noutbound_auth = t%zu\n"
		              "server_uri = sip:h%zu.example.com\nclient_uri = sip:u@h%zu.example.com\n",
		              i, i, i, i, i, i, i, i, i, i / 65536, (i / 256) % 256, i % 256, i, i, i, i);
	text = tw_buf_steal(&b);
	memset(&r, 0, sizeof(r));
	tw_diags_init(&r.d);
	tw_validate_opts_init(&r.o);
	r.pj = parse("big.conf", text);
	/* 100,000 sections, all correct: nothing to say (how long it takes
	 * is a figure for make bench, not a test's business). */
	tw_validate_pjsip(r.pj, &r.o, &r.d);
	EXPECT_NONE(&r, TW_ERROR);
	EXPECT_NONE(&r, TW_WARNING);
	run_done(&r);
	free(text);
}
END_TEST

/* Addresses inside another endpoint's network are found in a config of
 * any size: 6,000 networks and one address inside the first of them. */
START_TEST(test_overlap_many_networks)
{
	struct tw_buf b;
	struct run r;
	size_t i;
	char *text;

	tw_buf_init(&b);
	tw_buf_adds(&b, "[e0]\ntype = endpoint\nallow = ulaw\n[e1]\ntype = endpoint\nallow = ulaw\n");
	for (i = 0; i < 6000; i++)
		tw_buf_printf(&b, "[i%zu]\ntype = identify\nendpoint = e0\nmatch = 10.0.%zu.%zu/30\n", i,
		              i * 4 / 256, i * 4 % 256);
	tw_buf_adds(&b, "[other]\ntype = identify\nendpoint = e1\nmatch = 10.0.0.5\n");
	text = tw_buf_steal(&b);
	memset(&r, 0, sizeof(r));
	tw_diags_init(&r.d);
	tw_validate_opts_init(&r.o);
	r.pj = parse("pjsip.conf", text);
	tw_validate_pjsip(r.pj, &r.o, &r.d);
	EXPECT_NONE(&r, TW_ERROR);
	ck_assert_int_eq(tw_diags_count(&r.d, TW_WARNING), 1);
	EXPECT(&r, TW_WARNING, 6 + 6000 * 4 + 4, "inside a network of identify [i1]");
	run_done(&r);
	free(text);
}
END_TEST

/* 400 identical /8 networks of one endpoint and 400 addresses of another
 * inside them would be 160,000 warnings (3,000 of each made 9 million,
 * 4.9 GB): the check says a bounded amount. */
START_TEST(test_overlap_bounded)
{
	struct tw_buf b;
	struct run r;
	size_t i;
	char *text;

	tw_buf_init(&b);
	tw_buf_adds(&b, "[e1]\ntype = endpoint\nallow = ulaw\n[e2]\ntype = endpoint\nallow = ulaw\n");
	for (i = 0; i < 400; i++)
		tw_buf_printf(&b, "[n%zu]\ntype = identify\nendpoint = e1\nmatch = 10.0.0.0/8\n"
		              "[h%zu]\ntype = identify\nendpoint = e2\nmatch = 10.0.%zu.%zu\n",
		              i, i, i / 256, i % 256);
	text = tw_buf_steal(&b);
	memset(&r, 0, sizeof(r));
	tw_diags_init(&r.d);
	tw_validate_opts_init(&r.o);
	r.pj = parse("pjsip.conf", text);
	tw_validate_pjsip(r.pj, &r.o, &r.d);
	ck_assert_uint_lt(r.d.n, 1000);
	run_done(&r);
	free(text);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("validate");
	TCase *tc;

	tc = tcase_create("values");
	tcase_add_test(tc, test_check_bool);
	tcase_add_test(tc, test_check_uint);
	tcase_add_test(tc, test_check_float_codec_name);
	tcase_add_test(tc, test_schema_tables);
	tcase_add_test(tc, test_codec_table);
	suite_add_tcase(s, tc);

	tc = tcase_create("performance");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_big_config);
	tcase_add_test(tc, test_overlap_many_networks);
	tcase_add_test(tc, test_overlap_bounded);
	suite_add_tcase(s, tc);

	return tw_test_run(s);
}
