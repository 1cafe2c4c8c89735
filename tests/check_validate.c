#include "config.h"

#include <limits.h>
#include <time.h>

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

static void set_version(struct run *r, const char *ver)
{
	if (ver)
		ck_assert_int_eq(tw_astver_parse(ver, &r->o.version), 0);
}

/* Validate pjsip text (and dialplan text, when given) for version ver. */
static void run_pjsip(struct run *r, const char *text, const char *ver, const char *dialplan)
{
	memset(r, 0, sizeof(*r));
	tw_diags_init(&r->d);
	tw_validate_opts_init(&r->o);
	set_version(r, ver);
	r->pj = parse("pjsip.conf", text);
	if (dialplan) {
		r->dp = parse("extensions.conf", dialplan);
		r->o.dialplan = r->dp;
	}
	tw_validate_pjsip(r->pj, &r->o, &r->d);
}

static void run_dialplan(struct run *r, const char *text, const char *pjsip)
{
	memset(r, 0, sizeof(*r));
	tw_diags_init(&r->d);
	tw_validate_opts_init(&r->o);
	r->dp = parse("extensions.conf", text);
	if (pjsip) {
		r->pj = parse("pjsip.conf", pjsip);
		r->o.pjsip = r->pj;
	}
	tw_validate_dialplan(r->dp, &r->o, &r->d);
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

#define EXPECT_NOT(r, sev, word) do { \
		if (count_diag((r), (sev), 0, (word)) != 0) { \
			dump(r); \
			ck_abort_msg("unexpected %s with '%s'", tw_severity_name(sev), (word)); \
		} \
	} while (0)

/* A complete trunk to build variants on. */
#define AUTH "[a]\ntype = auth\nusername = u\npassword = p\n"
#define EP_HEAD "[ep]\ntype = endpoint\nallow = ulaw\n"

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

/* ---- the reference trunk and Asterisk's samples ---- */

static char *slurp_data(const char *rel)
{
	char *path = tw_test_path(rel), *text = tw_test_slurp(path, NULL);

	ck_assert_msg(text != NULL, "cannot read %s", path);
	free(path);
	return text;
}

START_TEST(test_seed_snippet)
{
	char *pj = slurp_data("data/validate/seed-pjsip.conf");
	char *dp = slurp_data("data/validate/extensions-seed.conf");
	struct run r;

	/* Alone: only the host name in match is worth a warning. */
	run_pjsip(&r, pj, "20", NULL);
	EXPECT_NONE(&r, TW_ERROR);
	ck_assert_int_eq(tw_diags_count(&r.d, TW_WARNING), 1);
	EXPECT(&r, TW_WARNING, 35, "resolved only");
	run_done(&r);
	/* With the snippet's dialplan, which lacks [from-trunk]. */
	run_pjsip(&r, pj, "22.10.1", dp);
	EXPECT_NONE(&r, TW_ERROR);
	ck_assert_int_eq(tw_diags_count(&r.d, TW_WARNING), 2);
	EXPECT(&r, TW_WARNING, 16, "404");
	EXPECT(&r, TW_WARNING, 16, "from-trunk");
	run_done(&r);
	/* Its outbound context dials an endpoint that exists. */
	run_dialplan(&r, dp, pj);
	EXPECT_NONE(&r, TW_ERROR);
	EXPECT_NONE(&r, TW_WARNING);
	run_done(&r);
	free(pj);
	free(dp);
}
END_TEST

START_TEST(test_asterisk_samples)
{
	char *pj = slurp_data("data/asterisk-samples/pjsip.conf");
	char *dp = slurp_data("data/asterisk-samples/extensions.conf");
	static const char *const versions[] = { "16", "18", "20", "21", "22", "23" };
	struct run r;
	size_t i;

	for (i = 0; i < TW_ARRAY_LEN(versions); i++) {
		run_pjsip(&r, pj, versions[i], dp);
		/* Only the sample's placeholder TLS files, absent here. */
		ck_assert_int_eq(tw_diags_count(&r.d, TW_ERROR), 2);
		ck_assert_int_eq(count_diag(&r, TW_ERROR, 0, "missing or not readable"), 2);
		/* The sample's phoneprov endpoint [1000] has no allow. */
		EXPECT(&r, TW_WARNING, 0, "no allow");
		run_done(&r);
	}
	run_dialplan(&r, dp, pj);
	EXPECT_NONE(&r, TW_ERROR);
	EXPECT_NOT(&r, TW_WARNING, "priority 1");
	run_done(&r);
	free(pj);
	free(dp);
}
END_TEST

/* ---- required options ---- */

START_TEST(test_required_auth)
{
	struct run r;

	run_pjsip(&r, "[a]\ntype = auth\npassword = p\n", "20", NULL);
	EXPECT(&r, TW_ERROR, 1, "username");
	run_done(&r);
	/* No password: loads before 20.12 but cannot authenticate, dropped
	 * from then on; an error either way. */
	run_pjsip(&r, "[a]\ntype = auth\nusername = u\n", "20.11", NULL);
	EXPECT(&r, TW_ERROR, 1, "no password");
	run_done(&r);
	run_pjsip(&r, "[a]\ntype = auth\nusername = u\n", "20.12", NULL);
	EXPECT(&r, TW_ERROR, 1, "password");
	run_done(&r);
	run_pjsip(&r, "[a]\ntype = auth\nusername = u\n", "22.2", NULL);
	EXPECT(&r, TW_ERROR, 1, "password");
	run_done(&r);
	run_pjsip(&r, "[a]\ntype = auth\nusername = u\n", "21.6", NULL);
	EXPECT(&r, TW_ERROR, 1, "loads the auth but cannot authenticate");
	run_done(&r);
	/* md5 without md5_cred before 20.12; with a bad one. */
	run_pjsip(&r, "[a]\ntype = auth\nauth_type = md5\nusername = u\n", "18", NULL);
	EXPECT(&r, TW_ERROR, 1, "md5_cred");
	run_done(&r);
	run_pjsip(&r, "[a]\ntype = auth\nauth_type = md5\nusername = u\nmd5_cred = abc\n", "18", NULL);
	EXPECT(&r, TW_ERROR, 5, "32 hex");
	run_done(&r);
	run_pjsip(&r, "[a]\ntype = auth\nauth_type = md5\nusername = u\n"
	          "md5_cred = 0123456789abcdef0123456789abcdef\n", "18", NULL);
	EXPECT_NONE(&r, TW_ERROR);
	run_done(&r);
}
END_TEST

START_TEST(test_required_registration_identify_transport)
{
	struct run r;

	run_pjsip(&r, "[r]\ntype = registration\n", "20", NULL);
	EXPECT(&r, TW_ERROR, 1, "server_uri");
	EXPECT(&r, TW_ERROR, 1, "client_uri");
	run_done(&r);
	run_pjsip(&r, EP_HEAD "[i]\ntype = identify\n", "20", NULL);
	EXPECT(&r, TW_ERROR, 4, "'endpoint'");
	EXPECT(&r, TW_ERROR, 4, "match");
	run_done(&r);
	run_pjsip(&r, EP_HEAD "[i]\ntype = identify\nendpoint = ep\nmatch_header = X-Trunk: a\n",
	          "20", NULL);
	EXPECT_NONE(&r, TW_ERROR);
	run_done(&r);
	run_pjsip(&r, "[t]\ntype = transport\nprotocol = udp\n", "20", NULL);
	EXPECT(&r, TW_ERROR, 1, "bind");
	run_done(&r);
	run_pjsip(&r, "[t]\ntype = transport\nprotocol = flow\n", "20", NULL);
	EXPECT_NONE(&r, TW_ERROR);
	run_done(&r);
}
END_TEST

/* ---- type lines ---- */

START_TEST(test_type_values)
{
	struct run r;

	run_pjsip(&r, "[x]\nallow = ulaw\n", "20", NULL);
	EXPECT(&r, TW_WARNING, 1, "silently ignores");
	EXPECT_NONE(&r, TW_ERROR);
	run_done(&r);
	run_pjsip(&r, "[x]\ntype = aorr\ncontact = sip:a.example.com\n", "20", NULL);
	EXPECT(&r, TW_WARNING, 2, "silently ignores");
	EXPECT(&r, TW_WARNING, 2, "type = aor");
	run_done(&r);
	run_pjsip(&r, "[x]\ntype = Endpoint\nallow = ulaw\n", "20", NULL);
	EXPECT(&r, TW_ERROR, 2, "case-sensitive");
	EXPECT(&r, TW_ERROR, 2, "type = endpoint");
	run_done(&r);
	/* Types owned by other modules are left alone. */
	run_pjsip(&r, "[global]\ntype = global\nmax_forwards = 70\n"
	          "[acl]\ntype = acl\ndeny = 0.0.0.0/0.0.0.0\n", "20", NULL);
	EXPECT_NONE(&r, TW_ERROR);
	EXPECT_NONE(&r, TW_WARNING);
	run_done(&r);
}
END_TEST

/* ---- option names and versions ---- */

START_TEST(test_unknown_option)
{
	struct run r;

	run_pjsip(&r, EP_HEAD "allow_transfr = yes\n", "20", NULL);
	EXPECT(&r, TW_ERROR, 4, "unknown option");
	EXPECT(&r, TW_ERROR, 4, "allow_transfer");
	run_done(&r);
	run_pjsip(&r, EP_HEAD "qualify_frequency = 60\n", "20", NULL);
	EXPECT(&r, TW_ERROR, 4, "type=aor");
	run_done(&r);
	/* Option names are case-insensitive in Asterisk. */
	run_pjsip(&r, "[ep]\nType = endpoint\nALLOW = ulaw\nDirect_Media = no\n", "20", NULL);
	EXPECT_NONE(&r, TW_ERROR);
	run_done(&r);
}
END_TEST

START_TEST(test_version_gates)
{
	static const struct { const char *ver; bool ok; } digest[] = {
		{ "20.0", false }, { "20.12", true }, { "22.2", true }, { "21.6", false },
		{ "21.7", true }, { "18", false }, { "23", true },
	};
	struct run r;
	size_t i;

	for (i = 0; i < TW_ARRAY_LEN(digest); i++) {
		run_pjsip(&r, "[a]\ntype = auth\nauth_type = digest\nusername = u\npassword = p\n",
		          digest[i].ver, NULL);
		if (digest[i].ok) {
			EXPECT_NONE(&r, TW_ERROR);
		} else {
			EXPECT(&r, TW_ERROR, 3, "digest");
			EXPECT(&r, TW_ERROR, 3, "userpass");
		}
		run_done(&r);
	}
	run_pjsip(&r, "[r]\ntype = registration\nserver_uri = sip:s.example.com\n"
	          "client_uri = sip:u@s.example.com\nuser_agent = x\n", "20.20", NULL);
	EXPECT(&r, TW_ERROR, 5, "user_agent");
	EXPECT(&r, TW_ERROR, 5, "drops");
	run_done(&r);
	run_pjsip(&r, "[r]\ntype = registration\nserver_uri = sip:s.example.com\n"
	          "client_uri = sip:u@s.example.com\nuser_agent = x\n", "22", NULL);
	EXPECT_NONE(&r, TW_ERROR);
	run_done(&r);
	/* follow_redirect_methods: 20.18 and 22.8, never in 21. */
	run_pjsip(&r, EP_HEAD "follow_redirect_methods = message\n", "21.12", NULL);
	EXPECT(&r, TW_ERROR, 4, "follow_redirect_methods");
	run_done(&r);
	run_pjsip(&r, EP_HEAD "follow_redirect_methods = message\n", "20.18", NULL);
	EXPECT_NONE(&r, TW_ERROR);
	run_done(&r);
	/* identify_by = request_uri arrived in 20.8. */
	run_pjsip(&r, EP_HEAD "identify_by = ip,request_uri\n", "20.7", NULL);
	EXPECT(&r, TW_ERROR, 4, "request_uri");
	run_done(&r);
	/* tcp_keepalive_enable: too new for 20.0, inverted before 20.13. */
	run_pjsip(&r, "[t]\ntype = transport\nbind = 0.0.0.0\ntcp_keepalive_enable = yes\n",
	          "20.0", NULL);
	EXPECT(&r, TW_ERROR, 4, "tcp_keepalive_enable");
	run_done(&r);
	run_pjsip(&r, "[t]\ntype = transport\nbind = 0.0.0.0\ntcp_keepalive_enable = yes\n",
	          "20.8", NULL);
	EXPECT_NONE(&r, TW_ERROR);
	EXPECT(&r, TW_WARNING, 4, "inverted");
	run_done(&r);
	run_pjsip(&r, "[t]\ntype = transport\nbind = 0.0.0.0\ntcp_keepalive_enable = yes\n",
	          "22.3", NULL);
	EXPECT_NONE(&r, TW_WARNING);
	run_done(&r);
	/* stir_shaken is ignored from 20.7 on. */
	run_pjsip(&r, EP_HEAD "stir_shaken = on\n", "20.7", NULL);
	EXPECT(&r, TW_WARNING, 4, "ignores");
	run_done(&r);
	/* testlaw is gone after 18. */
	run_pjsip(&r, "[ep]\ntype = endpoint\nallow = testlaw,ulaw\n", "20", NULL);
	EXPECT(&r, TW_ERROR, 3, "testlaw");
	run_done(&r);
	run_pjsip(&r, "[ep]\ntype = endpoint\nallow = testlaw,ulaw\n", "18", NULL);
	EXPECT_NONE(&r, TW_ERROR);
	run_done(&r);
}
END_TEST

/* ---- values ---- */

START_TEST(test_values_misread)
{
	struct run r;

	run_pjsip(&r, EP_HEAD "send_pai = maybe\n", "20", NULL);
	EXPECT(&r, TW_ERROR, 4, "maybe");
	EXPECT(&r, TW_ERROR, 4, "send_pai");
	run_done(&r);
	run_pjsip(&r, "[x]\ntype = aor\ncontact = sip:a.example.com\nqualify_frequency = 010\n",
	          "20", NULL);
	EXPECT(&r, TW_ERROR, 4, "octal");
	EXPECT(&r, TW_ERROR, 4, "qualify_frequency = 10");
	run_done(&r);
	run_pjsip(&r, "[x]\ntype = aor\ncontact = sip:a.example.com\nqualify_frequency = 0x3c\n",
	          "20", NULL);
	EXPECT(&r, TW_ERROR, 4, "hexadecimal");
	run_done(&r);
	run_pjsip(&r, "[x]\ntype = aor\ncontact = sip:a.example.com\nqualify_frequency = 86401\n",
	          "20", NULL);
	EXPECT(&r, TW_ERROR, 4, "range");
	run_done(&r);
	run_pjsip(&r, EP_HEAD "dtmf_mode = rfc2833\n", "20", NULL);
	EXPECT(&r, TW_ERROR, 4, "rfc2833");
	EXPECT(&r, TW_ERROR, 4, "rfc4733");
	run_done(&r);
	run_pjsip(&r, EP_HEAD "t38_udptl_ec = FEC\n", "20", NULL);
	EXPECT(&r, TW_ERROR, 4, "case-sensitive");
	run_done(&r);
	run_pjsip(&r, EP_HEAD "direct_media_method = sideways\ntimers = forced\n100rel = no\n",
	          "20", NULL);
	EXPECT(&r, TW_ERROR, 4, "sideways");
	ck_assert_int_eq(tw_diags_count(&r.d, TW_ERROR), 1);
	run_done(&r);
	run_pjsip(&r, "[x]\ntype = aor\ncontact = sip:a.example.com\nqualify_timeout = 3,5\n",
	          "20", NULL);
	EXPECT(&r, TW_ERROR, 4, "qualify_timeout");
	run_done(&r);
	run_pjsip(&r, EP_HEAD "from_user = me@example.com\nset_var = NOEQUALS\n", "20", NULL);
	EXPECT(&r, TW_ERROR, 4, "'@'");
	EXPECT(&r, TW_ERROR, 5, "'='");
	run_done(&r);
}
END_TEST

START_TEST(test_values_control_chars)
{
	struct run r;

	/* A newline cannot survive parsing; other control bytes can. */
	run_pjsip(&r, "[a]\ntype = auth\nusername = u\x01x\npassword = p\x1b[2J\n", "20", NULL);
	EXPECT(&r, TW_ERROR, 3, "0x01");
	EXPECT(&r, TW_ERROR, 4, "0x1b");
	EXPECT_NOT(&r, TW_ERROR, "p\x1b");   /* the password is not echoed */
	run_done(&r);
	run_dialplan(&r, "[c]\nexten => s,1,NoOp(a\x07)\n", NULL);
	EXPECT(&r, TW_ERROR, 2, "0x07");
	run_done(&r);
}
END_TEST

START_TEST(test_values_addresses)
{
	struct run r;

	run_pjsip(&r, "[r]\ntype = registration\nserver_uri = sip.example.com\n"
	          "client_uri = u@sip.example.com\noutbound_proxy = proxy example\n", "20", NULL);
	EXPECT(&r, TW_ERROR, 3, "SIP URI");
	EXPECT(&r, TW_ERROR, 4, "SIP URI");
	EXPECT(&r, TW_ERROR, 5, "SIP URI");
	run_done(&r);
	run_pjsip(&r, "[x]\ntype = aor\ncontact = sip.example.com\n", "20", NULL);
	EXPECT(&r, TW_ERROR, 3, "sip:");
	run_done(&r);
	run_pjsip(&r, "[x]\ntype = aor\ncontact = sip:a.example.com:5060\\;transport=tcp\n"
	          "outbound_proxy = sip:proxy.example.com\\;lr\n", "20", NULL);
	EXPECT_NONE(&r, TW_ERROR);
	run_done(&r);
	run_pjsip(&r, EP_HEAD "[i]\ntype = identify\nendpoint = ep\nmatch = 999.1.1.1\n",
	          "20", NULL);
	EXPECT(&r, TW_ERROR, 7, "999.1.1.1");
	run_done(&r);
	run_pjsip(&r, EP_HEAD "[i]\ntype = identify\nendpoint = ep\n"
	          "match = 203.0.113.0/24, 198.51.100.7:5060,[2001:db8::1]:5061,2001:db8::/48\n",
	          "20", NULL);
	EXPECT_NONE(&r, TW_ERROR);
	EXPECT_NONE(&r, TW_WARNING);
	run_done(&r);
	run_pjsip(&r, EP_HEAD "[i]\ntype = identify\nendpoint = ep\nmatch = sip.example.com\n",
	          "20", NULL);
	EXPECT(&r, TW_WARNING, 7, "IP addresses");
	run_done(&r);
	run_pjsip(&r, "[t]\ntype = transport\nbind = sip.example.com\n"
	          "[t2]\ntype = transport\nbind = 0.0.0.0:99999\n"
	          "[t3]\ntype = transport\nbind = [::]:5062\nlocal_net = 10.0.0.0/8\n"
	          "local_net = 192.168.1.300/24\n", "20", NULL);
	EXPECT(&r, TW_ERROR, 3, "IP address");
	EXPECT(&r, TW_ERROR, 6, "bind");
	EXPECT(&r, TW_ERROR, 11, "192.168.1.300");
	ck_assert_int_eq(tw_diags_count(&r.d, TW_ERROR), 3);
	run_done(&r);
}
END_TEST

START_TEST(test_values_codecs)
{
	struct run r;

	run_pjsip(&r, "[ep]\ntype = endpoint\nallow = !all,ulaw,notacodec\n", "20", NULL);
	EXPECT(&r, TW_ERROR, 3, "notacodec");
	run_done(&r);
	run_pjsip(&r, "[ep]\ntype = endpoint\nallow = ulw\n", "20", NULL);
	EXPECT(&r, TW_ERROR, 3, "did you mean 'ulaw'");
	run_done(&r);
	run_pjsip(&r, "[ep]\ntype = endpoint\nallow = ulaw\nallow =\n", "20", NULL);
	EXPECT(&r, TW_ERROR, 4, "empty");
	run_done(&r);
	run_pjsip(&r, "[ep]\ntype = endpoint\nallow = ulaw,\n", "20", NULL);
	EXPECT(&r, TW_ERROR, 3, "empty");
	run_done(&r);
	run_pjsip(&r, "[ep]\ntype = endpoint\nallow = ulaw,alaw,ULAW\nallow = alaw\n", "20", NULL);
	EXPECT(&r, TW_WARNING, 3, "twice");
	EXPECT(&r, TW_WARNING, 4, "already allowed");
	EXPECT_NONE(&r, TW_ERROR);
	run_done(&r);
	run_pjsip(&r, "[ep]\ntype = endpoint\nallow = ulaw,t38,t140\n", "20", NULL);
	EXPECT(&r, TW_WARNING, 3, "t38_udptl");
	EXPECT(&r, TW_WARNING, 3, "t140");
	run_done(&r);
	run_pjsip(&r, "[ep]\ntype = endpoint\ncontext = x\n", "20", NULL);
	EXPECT(&r, TW_WARNING, 1, "no allow");
	run_done(&r);
	run_pjsip(&r, "[ep]\ntype = endpoint\ndisallow = all\nallow = h264\n", "20", NULL);
	EXPECT(&r, TW_WARNING, 1, "no audio codec");
	run_done(&r);
	run_pjsip(&r, "[ep]\ntype = endpoint\nallow = ulaw:20|alaw\ndisallow = !g722\n", "20", NULL);
	EXPECT_NONE(&r, TW_ERROR);
	EXPECT_NONE(&r, TW_WARNING);
	run_done(&r);
}
END_TEST

START_TEST(test_glued_comment)
{
	struct run r;

	run_pjsip(&r, "[a]\ntype = auth\nusername = u\npassword = abc;def\n", "20", NULL);
	EXPECT(&r, TW_WARNING, 4, "truncated");
	EXPECT(&r, TW_WARNING, 4, "\\;");
	EXPECT_NOT(&r, TW_WARNING, "abc");
	run_done(&r);
	run_pjsip(&r, "[a]\ntype = auth\nusername = u\npassword = abc\\;def ; a comment\n",
	          "20", NULL);
	EXPECT_NONE(&r, TW_WARNING);
	run_done(&r);
	run_pjsip(&r, "[x]\ntype = aor\ncontact = sip:a.example.com;transport=tcp\n", "20", NULL);
	EXPECT(&r, TW_WARNING, 3, "truncated");
	run_done(&r);
}
END_TEST

/* ---- checks across options ---- */

START_TEST(test_qualify_timers_rtp)
{
	struct run r;

	run_pjsip(&r, "[x]\ntype = aor\ncontact = sip:a.example.com\nqualify_frequency = 60\n"
	          "qualify_timeout = 90\n", "20", NULL);
	EXPECT(&r, TW_ERROR, 5, "qualify_frequency");
	run_done(&r);
	run_pjsip(&r, "[x]\ntype = aor\ncontact = sip:a.example.com\nqualify_frequency = 60\n"
	          "qualify_timeout = 3.0\n", "20", NULL);
	EXPECT_NONE(&r, TW_ERROR);
	run_done(&r);
	run_pjsip(&r, "[x]\ntype = aor\ncontact = sip:a.example.com\nqualify_frequency = 2\n",
	          "20", NULL);
	EXPECT(&r, TW_ERROR, 4, "default qualify_timeout");
	run_done(&r);
	run_pjsip(&r, "[x]\ntype = aor\n", "20", NULL);
	EXPECT(&r, TW_WARNING, 1, "no contact");
	run_done(&r);
	run_pjsip(&r, EP_HEAD "timers_min_se = 60\n", "20", NULL);
	EXPECT(&r, TW_ERROR, 4, "at least 90");
	run_done(&r);
	run_pjsip(&r, EP_HEAD "timers_min_se = 120\ntimers_sess_expires = 100\n", "20", NULL);
	EXPECT(&r, TW_ERROR, 5, "timers_sess_expires");
	run_done(&r);
	run_pjsip(&r, EP_HEAD "rtp_port_start = 20000\n", "22.10", NULL);
	EXPECT(&r, TW_ERROR, 4, "together");
	run_done(&r);
	run_pjsip(&r, EP_HEAD "rtp_port_start = 20000\nrtp_port_end = 10000\n", "22.10", NULL);
	EXPECT(&r, TW_ERROR, 5, "above");
	run_done(&r);
	run_pjsip(&r, EP_HEAD "rtp_port_start = 10000\nrtp_port_end = 20000\n", "22.10", NULL);
	EXPECT_NONE(&r, TW_ERROR);
	run_done(&r);
	run_pjsip(&r, EP_HEAD "rtp_port_start = 10000\nrtp_port_end = 20000\n", "21.12", NULL);
	EXPECT(&r, TW_ERROR, 4, "rtp_port_start");
	run_done(&r);
}
END_TEST

START_TEST(test_registration_line)
{
	struct run r;
	const char *base = "[r]\ntype = registration\nserver_uri = sip:s.example.com\n"
	                   "client_uri = sip:u@s.example.com\n";
	char *text;

	text = tw_xasprintf(EP_HEAD "%sendpoint = ep\n", base);
	run_pjsip(&r, text, "20", NULL);
	EXPECT(&r, TW_ERROR, 8, "line = yes");
	run_done(&r);
	free(text);
	text = tw_xasprintf(EP_HEAD "%sline = yes\n", base);
	run_pjsip(&r, text, "20", NULL);
	EXPECT(&r, TW_ERROR, 8, "endpoint");
	run_done(&r);
	free(text);
	text = tw_xasprintf(EP_HEAD "%sline = yes\nendpoint = ep\n", base);
	run_pjsip(&r, text, "20", NULL);
	EXPECT_NONE(&r, TW_ERROR);
	run_done(&r);
	free(text);
}
END_TEST

START_TEST(test_references)
{
	struct run r;

	run_pjsip(&r, EP_HEAD "aors = trunk-aorr\n[trunk-aor]\ntype = aor\n"
	          "contact = sip:a.example.com\n", "20", NULL);
	EXPECT(&r, TW_ERROR, 4, "trunk-aorr");
	EXPECT(&r, TW_ERROR, 4, "did you mean 'trunk-aor'");
	run_done(&r);
	/* Case matters for ids. */
	run_pjsip(&r, EP_HEAD "outbound_auth = A\n" AUTH, "20", NULL);
	EXPECT(&r, TW_ERROR, 4, "no auth named 'A'");
	EXPECT(&r, TW_ERROR, 4, "'a'");
	run_done(&r);
	run_pjsip(&r, EP_HEAD "transport = udp\n[udp]\ntype = aor\ncontact = sip:a.example.com\n",
	          "20", NULL);
	EXPECT(&r, TW_ERROR, 4, "transport");
	EXPECT(&r, TW_ERROR, 4, "is a aor");
	run_done(&r);
	run_pjsip(&r, "[r]\ntype = registration\nserver_uri = sip:s.example.com\n"
	          "client_uri = sip:u@s.example.com\noutbound_auth = nope\ntransport = t\n"
	          "[i]\ntype = identify\nendpoint = nobody\nmatch = 203.0.113.1\n", "20", NULL);
	EXPECT(&r, TW_ERROR, 5, "nope");
	EXPECT(&r, TW_ERROR, 6, "'t'");
	EXPECT(&r, TW_ERROR, 9, "nobody");
	run_done(&r);
	/* Templates are not objects: a reference to one dangles. */
	run_pjsip(&r, EP_HEAD "auth = a\n[a](!)\ntype = auth\nusername = u\npassword = p\n",
	          "20", NULL);
	EXPECT(&r, TW_ERROR, 4, "no auth named 'a'");
	run_done(&r);
	run_pjsip(&r, EP_HEAD "aors = ep,ep2\nauth = a\n" AUTH
	          "[ep]\ntype = aor\ncontact = sip:a.example.com\n"
	          "[ep2]\ntype = aor\ncontact = sip:b.example.com\n", "20", NULL);
	EXPECT_NONE(&r, TW_ERROR);
	run_done(&r);
}
END_TEST

START_TEST(test_duplicates)
{
	struct run r;

	run_pjsip(&r, EP_HEAD "[x]\ntype = aor\ncontact = sip:a.example.com\n"
	          "[x]\ntype = aor\ncontact = sip:b.example.com\n", "20", NULL);
	EXPECT(&r, TW_ERROR, 7, "pjsip.conf:4");
	EXPECT(&r, TW_ERROR, 7, "no aor at all");
	ck_assert_int_eq(count_diag(&r, TW_ERROR, 4, NULL), 0);
	run_done(&r);
	/* Same name, different types: the usual layout. */
	run_pjsip(&r, "[t]\ntype = endpoint\nallow = ulaw\naors = t\n"
	          "[t]\ntype = aor\ncontact = sip:a.example.com\n"
	          "[t]\ntype = identify\nendpoint = t\nmatch = 203.0.113.1\n", "20", NULL);
	EXPECT_NONE(&r, TW_ERROR);
	run_done(&r);
	/* Templates may repeat. */
	run_pjsip(&r, "[t](!)\ntype = aor\n[t](!)\ntype = aor\n", "20", NULL);
	EXPECT_NONE(&r, TW_ERROR);
	run_done(&r);
}
END_TEST

START_TEST(test_section_headers)
{
	struct run r;
	char name[100], *text;

	memset(name, 'a', 85);
	name[85] = '\0';
	text = tw_xasprintf("[%s]\ntype = aor\ncontact = sip:a.example.com\n", name);
	run_pjsip(&r, text, "20", NULL);
	EXPECT(&r, TW_ERROR, 1, "79");
	run_done(&r);
	free(text);
	run_pjsip(&r, "[a](!)\ntype = aor\n[b](!)\nmax_contacts = 1\n"
	          "[c](a, b)\ncontact = sip:a.example.com\n", "20", NULL);
	EXPECT(&r, TW_ERROR, 5, "(a,b)");
	run_done(&r);
	run_pjsip(&r, "[t] (!)\ntype = aor\ncontact = sip:a.example.com\n", "20", NULL);
	EXPECT(&r, TW_WARNING, 1, "not a template");
	run_done(&r);
}
END_TEST

START_TEST(test_templates)
{
	struct run r;

	/* Template values are checked once, at the template's line. */
	run_pjsip(&r, "[tpl](!)\ntype = endpoint\nallow = ulaw\nsend_pai = maybe\nbogus = 1\n"
	          "[e1](tpl)\n[e2](tpl)\n[e3](tpl)\n", "20", NULL);
	ck_assert_int_eq(count_diag(&r, TW_ERROR, 4, "maybe"), 1);
	ck_assert_int_eq(count_diag(&r, TW_ERROR, 5, "bogus"), 1);
	EXPECT_NOT(&r, TW_WARNING, "no allow");
	run_done(&r);
	/* A template without type takes the type of its users. */
	run_pjsip(&r, "[codecs](!)\nallow = ulaw\nqualify_frequency = 60\n"
	          "[e1](codecs)\ntype = endpoint\n", "20", NULL);
	EXPECT(&r, TW_ERROR, 3, "qualify_frequency");
	EXPECT_NOT(&r, TW_WARNING, "no allow");
	EXPECT_NOT(&r, TW_WARNING, "silently ignores");
	run_done(&r);
	/* Templates need no required options; objects using them do. */
	run_pjsip(&r, "[auth-tpl](!)\ntype = auth\nauth_type = userpass\n"
	          "[a1](auth-tpl)\nusername = u\npassword = p\n"
	          "[a2](auth-tpl)\npassword = p\n", "20", NULL);
	ck_assert_int_eq(count_diag(&r, TW_ERROR, 0, "username"), 1);
	EXPECT(&r, TW_ERROR, 7, "username");
	run_done(&r);
}
END_TEST

START_TEST(test_additions)
{
	struct run r;

	run_pjsip(&r, "[ep]\ntype = endpoint\ncontext = x\n[ep](+)\nallow = ulaw\n", "20", NULL);
	EXPECT_NONE(&r, TW_ERROR);
	EXPECT_NOT(&r, TW_WARNING, "no allow");
	run_done(&r);
	run_pjsip(&r, "[t]\ntype = endpoint\nallow = ulaw\n[t]\ntype = aor\n"
	          "[t](+type=aor)\ncontact = sip:a.example.com\nallow = alaw\n", "20", NULL);
	EXPECT(&r, TW_ERROR, 8, "unknown option 'allow' for type=aor");
	EXPECT_NOT(&r, TW_WARNING, "no contact");
	run_done(&r);
}
END_TEST

START_TEST(test_identify_overlap)
{
	struct run r;

	run_pjsip(&r, "[e1]\ntype = endpoint\nallow = ulaw\n[e2]\ntype = endpoint\nallow = ulaw\n"
	          "[i1]\ntype = identify\nendpoint = e1\nmatch = 203.0.113.5,198.51.100.0/24\n"
	          "[i2]\ntype = identify\nendpoint = e2\nmatch = 203.0.113.5\n"
	          "[i3]\ntype = identify\nendpoint = e2\nmatch = 198.51.100.77\n", "20", NULL);
	EXPECT(&r, TW_ERROR, 14, "i1");
	EXPECT(&r, TW_WARNING, 18, "inside");
	run_done(&r);
	run_pjsip(&r, "[e1]\ntype = endpoint\nallow = ulaw\n"
	          "[i1]\ntype = identify\nendpoint = e1\nmatch = 203.0.113.5\nmatch = 203.0.113.5\n",
	          "20", NULL);
	EXPECT_NONE(&r, TW_ERROR);
	EXPECT(&r, TW_WARNING, 8, "duplicate");
	run_done(&r);
	/* Different source ports do not overlap. */
	run_pjsip(&r, "[e1]\ntype = endpoint\nallow = ulaw\n[e2]\ntype = endpoint\nallow = ulaw\n"
	          "[i1]\ntype = identify\nendpoint = e1\nmatch = 203.0.113.5:5060\n"
	          "[i2]\ntype = identify\nendpoint = e2\nmatch = 203.0.113.5:5080\n", "20", NULL);
	EXPECT_NONE(&r, TW_ERROR);
	EXPECT_NONE(&r, TW_WARNING);
	run_done(&r);
}
END_TEST

START_TEST(test_transport_binds)
{
	struct run r;

	run_pjsip(&r, "[t1]\ntype = transport\nbind = 0.0.0.0\n"
	          "[t2]\ntype = transport\nprotocol = udp\nbind = 0.0.0.0:5060\n"
	          "[t3]\ntype = transport\nprotocol = tcp\nbind = 0.0.0.0\n", "20", NULL);
	EXPECT(&r, TW_ERROR, 7, "t1");
	ck_assert_int_eq(tw_diags_count(&r.d, TW_ERROR), 1);
	run_done(&r);
}
END_TEST

START_TEST(test_endpoint_context)
{
	struct run r;

	run_pjsip(&r, EP_HEAD "context = from-trunk\n", "20", "[outbound]\nexten => 1,1,Hangup()\n");
	EXPECT(&r, TW_WARNING, 4, "404");
	run_done(&r);
	run_pjsip(&r, EP_HEAD "context = from-trunk\n", "20", "[from-trunk]\nexten => s,1,Answer()\n");
	EXPECT_NOT(&r, TW_WARNING, "404");
	run_done(&r);
	run_pjsip(&r, EP_HEAD, "20", "[general]\n[globals]\n");
	EXPECT(&r, TW_WARNING, 1, "'default'");
	run_done(&r);
	/* Context names are case-sensitive; no dialplan given: no check. */
	run_pjsip(&r, EP_HEAD "context = From-Trunk\n", "20", "[from-trunk]\n");
	EXPECT(&r, TW_WARNING, 4, "404");
	run_done(&r);
	run_pjsip(&r, EP_HEAD "context = nowhere\n", "20", NULL);
	EXPECT_NONE(&r, TW_WARNING);
	run_done(&r);
}
END_TEST

/* ---- dialplan ---- */

START_TEST(test_dialplan_priorities)
{
	struct run r;

	run_dialplan(&r, "[c]\nexten => 1,n,Answer()\n", NULL);
	EXPECT(&r, TW_ERROR, 2, "first line");
	run_done(&r);
	run_dialplan(&r, "[c]\nexten => 1,0,Answer()\nexten => 2,-1,Answer()\n", NULL);
	EXPECT(&r, TW_ERROR, 2, "invalid priority");
	EXPECT(&r, TW_ERROR, 3, "invalid priority");
	run_done(&r);
	run_dialplan(&r, "[c]\nsame => n,Answer()\nexten => 1,1,Answer()\n", NULL);
	EXPECT(&r, TW_ERROR, 2, "same =>");
	run_done(&r);
	run_dialplan(&r, "[c]\nexten => 1,1,Answer()\nexten => 1,2,Wait(1)\n"
	          "exten => 1,2,Hangup()\n", NULL);
	EXPECT(&r, TW_ERROR, 4, "already defined");
	EXPECT(&r, TW_ERROR, 4, "extensions.conf:3");
	run_done(&r);
	run_dialplan(&r, "[c]\nexten => 1,2,Answer()\n", NULL);
	EXPECT(&r, TW_WARNING, 2, "priority 1");
	run_done(&r);
	/* n, s, labels, +N and hints, as in extensions.conf.sample. */
	run_dialplan(&r, "[c]\nexten => s,1,Answer()\n same => n(top),Wait(1)\n"
	          "exten => s,n,Goto(top)\nexten => s,top+10,Hangup()\nexten => s,s+1,NoOp()\n"
	          "exten => 100,hint,PJSIP/100\nexten => 100,1,Dial(PJSIP/100)\n"
	          "exten => _X.,30000(sub),NoOp()\n same => n,Return()\n", NULL);
	EXPECT_NONE(&r, TW_ERROR);
	EXPECT_NONE(&r, TW_WARNING);
	run_done(&r);
	run_dialplan(&r, "[c]\nexten => s,1,Answer()\nexten => s,nolabel,Hangup()\n", NULL);
	EXPECT(&r, TW_ERROR, 3, "nolabel");
	run_done(&r);
	/* The same context in two sections is one context. */
	run_dialplan(&r, "[c]\nexten => 1,1,Answer()\n[c]\nexten => 1,1,Hangup()\n", NULL);
	EXPECT(&r, TW_ERROR, 4, "already defined");
	run_done(&r);
}
END_TEST

START_TEST(test_dialplan_apps)
{
	struct run r;

	run_dialplan(&r, "[c]\nexten => 1,1\nexten => 2,1,\n", NULL);
	EXPECT(&r, TW_ERROR, 2, "no application");
	EXPECT(&r, TW_ERROR, 3, "no application");
	run_done(&r);
	run_dialplan(&r, "[c]\nexten => 1,1,NoOp(x\nexten => 2,1,Answer\n", NULL);
	EXPECT(&r, TW_WARNING, 2, "closing parenthesis");
	ck_assert_int_eq(r.d.n, 1);
	run_done(&r);
	run_dialplan(&r, "[c]\nexten => 1,1(lbl,Answer()\n", NULL);
	EXPECT(&r, TW_ERROR, 2, "label");
	run_done(&r);
	run_dialplan(&r, "[c]\nfoo => bar\n", NULL);
	EXPECT(&r, TW_WARNING, 2, "unknown dialplan directive");
	run_done(&r);
	/* Pattern checks come from the dialplan module. */
	run_dialplan(&r, "[c]\nexten => _1[2-9XX,1,Answer()\n", NULL);
	ck_assert_uint_gt(tw_diags_count(&r.d, TW_ERROR), 0);
	run_done(&r);
}
END_TEST

START_TEST(test_dialplan_dial_targets)
{
	struct run r;
	const char *pj = "[trunk-endpoint]\ntype = endpoint\nallow = ulaw\n"
	                 "[trunk-aor]\ntype = aor\ncontact = sip:a.example.com\n"
	                 "[tpl](!)\ntype = endpoint\n";

	run_dialplan(&r, "[o]\nexten => _X.,1,Dial(PJSIP/1${EXTEN}@trunk-endpoinr,120,tT)\n", pj);
	EXPECT(&r, TW_ERROR, 2, "trunk-endpoinr");
	EXPECT(&r, TW_ERROR, 2, "did you mean 'trunk-endpoint'");
	run_done(&r);
	run_dialplan(&r, "[o]\nexten => _X.,1,Dial(PJSIP/trunk-endpoint&PJSIP/other,30)\n"
	          "exten => 1,1,Dial(PJSIP/trunk-aor)\nexten => 2,1,Dial(PJSIP/tpl)\n", pj);
	EXPECT(&r, TW_ERROR, 2, "'other'");
	EXPECT(&r, TW_ERROR, 3, "trunk-aor");
	EXPECT(&r, TW_ERROR, 4, "tpl");
	ck_assert_int_eq(tw_diags_count(&r.d, TW_ERROR), 3);
	run_done(&r);
	run_dialplan(&r, "[o]\nexten => 1,1,Dial(PJSIP/trunk-endpoint/sip:1@a.example.com,30)\n"
	          "exten => 2,1,Dial(PJSIP/${EXTEN}@${TRUNK})\n"
	          "exten => 3,1,Dial(${PJSIP_DIAL_CONTACTS(x)})\n"
	          "exten => 4,1,Dial(pjsip/trunk-endpoint,${FILTER(0-9,${T})},tT)\n"
	          "exten => 5,1,Dial(SIP/whatever)\n", pj);
	EXPECT_NONE(&r, TW_ERROR);
	run_done(&r);
	/* Without a pjsip model no target is checked. */
	run_dialplan(&r, "[o]\nexten => 1,1,Dial(PJSIP/nobody)\n", NULL);
	EXPECT_NONE(&r, TW_ERROR);
	run_done(&r);
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

	tc = tcase_create("pjsip");
	tcase_add_test(tc, test_seed_snippet);
	tcase_add_test(tc, test_asterisk_samples);
	tcase_add_test(tc, test_required_auth);
	tcase_add_test(tc, test_required_registration_identify_transport);
	tcase_add_test(tc, test_type_values);
	tcase_add_test(tc, test_unknown_option);
	tcase_add_test(tc, test_version_gates);
	tcase_add_test(tc, test_values_misread);
	tcase_add_test(tc, test_values_control_chars);
	tcase_add_test(tc, test_values_addresses);
	tcase_add_test(tc, test_values_codecs);
	tcase_add_test(tc, test_glued_comment);
	tcase_add_test(tc, test_qualify_timers_rtp);
	tcase_add_test(tc, test_registration_line);
	tcase_add_test(tc, test_references);
	tcase_add_test(tc, test_duplicates);
	tcase_add_test(tc, test_section_headers);
	tcase_add_test(tc, test_templates);
	tcase_add_test(tc, test_additions);
	tcase_add_test(tc, test_identify_overlap);
	tcase_add_test(tc, test_transport_binds);
	tcase_add_test(tc, test_endpoint_context);
	suite_add_tcase(s, tc);

	tc = tcase_create("dialplan");
	tcase_add_test(tc, test_dialplan_priorities);
	tcase_add_test(tc, test_dialplan_apps);
	tcase_add_test(tc, test_dialplan_dial_targets);
	suite_add_tcase(s, tc);

	tc = tcase_create("performance");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_big_config);
	suite_add_tcase(s, tc);

	return tw_test_run(s);
}
