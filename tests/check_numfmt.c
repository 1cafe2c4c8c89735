/* numfmt: the number each provider receives. Every bundled profile's
 * trunk is rendered with the profile's defaults, and a small evaluator of
 * the rendered outbound context (exten patterns as Asterisk matches them,
 * ${EXTEN} and ${EXTEN:n[:len]}, literal prefixes) computes the
 * Request-URI user of Dial(PJSIP/USER@endpoint) for a national call, an
 * international call and an emergency number. The expected values are
 * the formats the providers document (the source is named beside each
 * row); a profile without a row here fails the test. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "trunkwiz/trunk.h"
#include "trunkwiz/validate.h"
#include "tw_test.h"

/* ---- the evaluator ---- */

/* Does one pattern character class at *p match digit c? Advances *p. */
static bool class_match(const char **p, char c)
{
	const char *s = *p;
	bool hit = false;

	switch (*s) {
	case 'X': case 'x':
		hit = c >= '0' && c <= '9';
		break;
	case 'Z': case 'z':
		hit = c >= '1' && c <= '9';
		break;
	case 'N': case 'n':
		hit = c >= '2' && c <= '9';
		break;
	case '[':
		for (s++; *s && *s != ']'; s++) {
			if (s[1] == '-' && s[2] && s[2] != ']') {
				hit |= c >= s[0] && c <= s[2];
				s += 2;
			} else {
				hit |= c == *s;
			}
		}
		ck_assert_msg(*s == ']', "unterminated [ in a pattern");
		break;
	default:
		hit = c == *s;
	}
	*p = s + 1;
	return hit;
}

/* Asterisk's extension match: a literal, or _PATTERN with X Z N [..],
 * '.' (one or more of anything) and '!' (zero or more). */
static bool exten_match(const char *pat, const char *num)
{
	if (pat[0] != '_')
		return strcmp(pat, num) == 0;
	for (pat++; *pat; ) {
		if (*pat == '.')
			return *num != '\0';
		if (*pat == '!')
			return true;
		if (!*num || !class_match(&pat, *num))
			return false;
		num++;
	}
	return *num == '\0';
}

/* ARG of Dial(PJSIP/ARG@...) with ${EXTEN}, ${EXTEN:n} and ${EXTEN:n:len}
 * expanded; any other ${...} fails the test. */
static char *expand_exten(const char *arg, size_t n, const char *exten)
{
	struct tw_buf b;
	size_t i = 0, elen = strlen(exten);

	tw_buf_init(&b);
	while (i < n) {
		if (strncmp(arg + i, "${EXTEN", 7) == 0) {
			const char *end = memchr(arg + i, '}', n - i);
			long off = 0, len = -1;

			ck_assert_ptr_nonnull(end);
			if (arg[i + 7] == ':') {
				char *e;

				off = strtol(arg + i + 8, &e, 10);
				if (*e == ':')
					len = strtol(e + 1, &e, 10);
				ck_assert_msg(e == end, "unexpected ${EXTEN...} form: %.*s", (int)n, arg);
			} else {
				ck_assert_msg(arg + i + 7 == end, "not ${EXTEN}: %.*s", (int)n, arg);
			}
			ck_assert(off >= 0);
			if ((size_t)off < elen)
				tw_buf_add(&b, exten + off,
				           len < 0 || (size_t)(off + len) > elen ? elen - (size_t)off : (size_t)len);
			i = (size_t)(end - arg) + 1;
			continue;
		}
		ck_assert_msg(arg[i] != '$', "unexpected variable in %.*s", (int)n, arg);
		tw_buf_addc(&b, arg[i++]);
	}
	return tw_buf_steal(&b);
}

/* The Request-URI user for number num dialled into context ctx of the
 * rendered extensions text, or NULL when no rule matches. Every matching
 * rule must give the same user, and dial the trunk's endpoint. */
static char *ruri_user(const char *ext, const char *ctx, const char *endpoint, const char *num)
{
	char *head = tw_xasprintf("[%s]", ctx), *user = NULL;
	const char *p = strstr(ext, head);

	ck_assert_msg(p != NULL, "no [%s] context rendered", ctx);
	for (p = strchr(p, '\n'); p && *++p && *p != '['; p = strchr(p, '\n')) {
		const char *eol = strchr(p, '\n'), *comma, *dial, *at;
		char *pat, *u;

		if (!eol)
			eol = p + strlen(p);
		if (strncmp(p, "exten => ", 9) != 0)
			continue;
		comma = memchr(p, ',', (size_t)(eol - p));
		ck_assert_ptr_nonnull(comma);
		pat = tw_xstrndup(p + 9, (size_t)(comma - p - 9));
		dial = strstr(comma, ",Dial(PJSIP/");
		ck_assert_msg(dial && dial < eol, "not a Dial(PJSIP/...) rule: %.*s", (int)(eol - p), p);
		dial += strlen(",Dial(PJSIP/");
		at = memchr(dial, '@', (size_t)(eol - dial));
		ck_assert_ptr_nonnull(at);
		ck_assert_msg(strncmp(at + 1, endpoint, strlen(endpoint)) == 0 &&
		              at[1 + strlen(endpoint)] == ',', "dials another endpoint: %.*s",
		              (int)(eol - p), p);
		if (exten_match(pat, num)) {
			u = expand_exten(dial, (size_t)(at - dial), num);
			ck_assert_msg(!user || strcmp(user, u) == 0,
			              "%s: rules disagree: %s and %s", num, user, u);
			free(user);
			user = u;
		}
		free(pat);
	}
	free(head);
	return user;
}

START_TEST(test_evaluator)
{
	const char *ext =
		"[out]\n"
		"exten => 911,1,Dial(PJSIP/${EXTEN}@t-endpoint,120,tT)\n"
		"exten => _NXXNXXXXXX,1,Dial(PJSIP/+1${EXTEN}@t-endpoint,120,tT)\n"
		"exten => _0[1-9]X.,1,Dial(PJSIP/49${EXTEN:1}@t-endpoint,120,tT)\n"
		"exten => _00Z!,1,Dial(PJSIP/${EXTEN:2:3}@t-endpoint,120,tT)\n"
		"[other]\n"
		"exten => _X.,1,Dial(PJSIP/${EXTEN}@t-endpoint)\n";
	char *u;

	u = ruri_user(ext, "out", "t-endpoint", "2125551234");
	ck_assert_str_eq(u, "+12125551234");
	free(u);
	u = ruri_user(ext, "out", "t-endpoint", "030123456");
	ck_assert_str_eq(u, "4930123456");
	free(u);
	u = ruri_user(ext, "out", "t-endpoint", "0033123");
	ck_assert_str_eq(u, "331");
	free(u);
	u = ruri_user(ext, "out", "t-endpoint", "911");
	ck_assert_str_eq(u, "911");
	free(u);
	ck_assert_ptr_null(ruri_user(ext, "out", "t-endpoint", "1125551234"));  /* N is 2-9 */
	ck_assert_ptr_null(ruri_user(ext, "out", "t-endpoint", "0"));           /* '.' needs one */
	ck_assert_ptr_null(ruri_user(ext, "out", "t-endpoint", "9111"));        /* literal */
	ck_assert(exten_match("_0[2-478]XXXXXXXX", "0412345678"));
	ck_assert(!exten_match("_0[2-478]XXXXXXXX", "0512345678"));
	ck_assert(!exten_match("_NXX", "21"));
	ck_assert(!exten_match("_NXX", "2123"));
}
END_TEST

/* ---- the bundled profiles ---- */

/* One call: what the PBX user dials, and the Request-URI user the
 * provider documents (NULL: trunkwiz routes no such call with this
 * preset). */
struct call {
	const char *dialled;
	const char *expect;
};

struct format_row {
	const char *id;
	const char *answers;      /* extra answers (space separated), or NULL */
	struct call national, international, emergency;
	const char *source;       /* where the provider documents its format */
};

/* The nanp preset routes 10- and 11-digit NANP numbers and 911; it has no
 * rule for 011 international calls (those need the admin's own rule). */
#define NANP_PLUS      { "2125551234", "+12125551234" }, { "011442071234567", NULL }, { "911", "911" }
#define NANP_DIGITS    { "2125551234", "12125551234" }, { "011442071234567", NULL }, { "911", "911" }
#define NANP_DIGITS_11 { "12125551234", "12125551234" }, { "011442071234567", NULL }, { "911", "911" }
/* idd: 1 + 10 digits at home, 011 kept for calls abroad */
#define NANP_IDD       { "2125551234", "12125551234" }, { "011442071234567", "011442071234567" }, { "911", "911" }

static const struct format_row rows[] = {
	{ "46elks", NULL, { "+46701234567", "+46701234567" }, { "0033123456789", "+33123456789" },
	  { "112", "112" }, "+E.164 as in https://46elks.se/docs/voice-connect-sip [O]/[?]" },
	{ "aaisp", NULL, { "02071234567", "+442071234567" }, { "0033123456789", "+33123456789" },
	  { "999", "999" }, "https://aaisp.net.uk/kb-telecoms-sip.html (national or +44) [O]" },
	{ "anveo", NULL, NANP_DIGITS, "trunkwiz's default format; Anveo's not verified [?]" },
	{ "bandwidth", "server=192.0.2.20 identify=192.0.2.20 codecs=ulaw", NANP_DIGITS,
	  "E.164 per a third party [T]; the onboarding documents say [?]" },
	{ "callcentric", NULL, NANP_DIGITS_11, "11 digits as third parties dial [T]/[?]" },
	{ "companyflex", "server=123456789012.primary.companyflex.de auth_username=u@tel.t-online.de",
	  { "030123456", "+4930123456" }, { "0033123456789", "+33123456789" }, { "112", "112" },
	  "E.164 with + in a third-party preset; 1TR119 also allows national [T]/[?]" },
	{ "didww", NULL, { "+442071234567", "442071234567" }, { "0033123456789", "33123456789" },
	  { "112", "112" },
	  "https://doc.didww.com/voice/outbound-trunks/routing-dialing/outbound-dialing.md (E.164 digits) [O]" },
	{ "dusnet", "codecs=alaw", { "030123456", "4930123456" }, { "0033123456789", "33123456789" },
	  { "112", "112" }, "trunkwiz's default format; dus.net's not verified [?]" },
	{ "easybell", "server=registrar.example.net", { "030123456", "4930123456" },
	  { "0033123456789", "33123456789" }, { "112", "112" },
	  "trunkwiz's default format; easybell's not in the stored pages [?]" },
	{ "flowroute", NULL, NANP_DIGITS,
	  "https://support.bcmone.com/flowroute-support/docs/what-dialing-format-should-i-use-when-sending-calls "
	  "(1NXXNXXXXXX, no +, no 011) [O]" },
	{ "generic", "server=sip.example.com", NANP_DIGITS, "the reference trunk's [outbound]" },
	{ "kwebbl", "server=sip.example.net", { "+31201234567", "+31201234567" },
	  { "0033123456789", "+33123456789" }, { "112", "112" },
	  "https://knowledgebase.kwebbl.com/kb/guide/de/sip-trunk-xEylgdaXL2/Steps/4182833 (E164+ in every header) [O]" },
	{ "plivo", "server=1234.zt.plivo.com identify=192.0.2.30", { "+442071234567", "+442071234567" },
	  { "0033123456789", "+33123456789" }, { "112", "112" },
	  "https://docs.plivo.com/docs/sip-trunking/concepts/technical-specifications.md (E.164) [O]" },
	{ "sinch", NULL, { "+442071234567", "+442071234567" }, { "0033123456789", "+33123456789" },
	  { "112", "112" }, "trunkwiz's choice (+E.164); Sinch's not in the stored pages [?]" },
	{ "signalwire", "server=example.sip.signalwire.com", NANP_PLUS,
	  "https://developer.signalwire.com/voice/sip/get-started/ (+E.164 in examples) [O]/[?]" },
	{ "sipgate", NULL, { "030123456", "4930123456" }, { "0033123456789", "33123456789" },
	  { "112", "112" }, "trunkwiz's default format; sipgate's not found [?]" },
	{ "skyetel", "codecs=ulaw", NANP_DIGITS, "trunkwiz's default format; Skyetel's not verified [?]" },
	{ "telnyx", NULL, NANP_PLUS,
	  "https://developers.telnyx.com/docs/voice/sip-trunking/authentication/credential-types (+E.164) [O]" },
	{ "thinktel", "codecs=ulaw", NANP_DIGITS, "trunkwiz's default format; ThinkTel's not verified [?]" },
	{ "twilio", "server=example.pstn.twilio.com", NANP_PLUS,
	  "https://www.twilio.com/docs/sip-trunking/sip-header-manipulation (+E.164) [O]" },
	{ "voipfone", NULL, { "02071234567", "442071234567" }, { "0033123456789", "33123456789" },
	  { "999", "999" }, "trunkwiz's default format; Voipfone's not verified [?]" },
	{ "voipms", NULL, NANP_IDD,
	  "https://wiki.voip.ms/article/Dialing_Rules_and_Patterns (1+NXXNXXXXXX) [O]; 011 abroad as public setups dial [T]" },
	{ "vonage", NULL, { "+442071234567", "442071234567" }, { "0033123456789", "33123456789" },
	  { "112", "112" }, "https://developer.vonage.com/en/sip/configure/asterisk-legacy (E.164) [O]" },
	{ "vonage-trunking", "server=yourcompany.sip-us.vonage.com", { "+442071234567", "442071234567" },
	  { "0033123456789", "33123456789" }, { "112", "112" },
	  "https://developer.vonage.com/en/sip/technical-details (E.164; caller ID example without +) [O]/[?]" },
	{ "whitesky", NULL, NANP_IDD, "1 + 10 digits, 011 international [O]" },
	{ "zadarma", NULL, { "+74951234567", "74951234567" }, { "0033123456789", "33123456789" },
	  { "112", "112" }, "international digits as in a SIP trace [T]/[?]" },
};

static const struct format_row *row_of(const char *id)
{
	size_t i;

	for (i = 0; i < TW_ARRAY_LEN(rows); i++)
		if (strcmp(rows[i].id, id) == 0)
			return &rows[i];
	return NULL;
}

/* Render p's trunk with its defaults (auth: the profile's first) and the
 * row's answers; the extensions part, malloc'd. */
static char *render_outbound(const struct tw_profile *p, const char *answers)
{
	struct tw_trunk *t = tw_trunk_new();
	struct tw_astver ver;
	struct tw_render r;
	struct tw_diags d;
	char **words;
	size_t n = answers ? tw_split_list(answers, ' ', &words) : 0, i;
	char *ext;

	tw_diags_init(&d);
	ck_assert_int_eq(tw_astver_parse("22", &ver), 0);
	for (i = 0; i < n; i++)
		ck_assert_int_eq(tw_trunk_set_word(t, words[i], &d), 0);
	if (answers)
		tw_strv_free(&words, n);
	ck_assert_int_eq(tw_trunk_set_word(t, "name=nf", &d), 0);
	ck_assert_int_eq(tw_trunk_set_word(t, "username=sample_user", &d), 0);
	ck_assert_int_eq(tw_trunk_set_word(t, "password=sample_password", &d), 0);
	ck_assert_int_eq(tw_trunk_set_word(t, "emergency=yes", &d), 0);
	ck_assert_int_eq(tw_trunk_set_word(t, "outbound_context=out-nf", &d), 0);
	tw_profile_apply(p, t);
	if (tw_render(t, p, &ver, &r, &d) != 0)
		tw_diags_print(&d, stderr, false);
	ck_assert_msg(!tw_diags_has_errors(&d), "%s: the trunk does not render", p->id);
	ext = tw_xstrdup(r.extensions);
	tw_render_free(&r);
	tw_diags_clear(&d);
	tw_trunk_free(&t);
	return ext;
}

static void expect_call(const struct tw_profile *p, const char *ext, const char *what,
                        const struct call *c, const char *source)
{
	char *u = ruri_user(ext, "out-nf", "nf-endpoint", c->dialled);

	if (c->expect)
		ck_assert_msg(u && strcmp(u, c->expect) == 0,
		              "%s, %s call %s: the provider receives %s, its documented format is %s (%s)",
		              p->id, what, c->dialled, u ? u : "nothing (no rule)", c->expect, source);
	else
		ck_assert_msg(u == NULL, "%s, %s call %s: routed as %s, expected no rule", p->id, what,
		              c->dialled, u);
	free(u);
}

START_TEST(test_bundled_formats)
{
	char *dir = tw_test_providers_dir();
	const char *dirs[] = { dir };
	struct tw_profiles ps;
	struct tw_diags d;
	size_t i;

	tw_diags_init(&d);
	tw_profiles_load(&ps, dirs, 1, &d);
	ck_assert_uint_eq(d.n, 0);
	ck_assert_uint_eq(ps.n, TW_ARRAY_LEN(rows));
	for (i = 0; i < ps.n; i++) {
		const struct tw_profile *p = ps.v[i];
		const struct format_row *row = row_of(p->id);
		char *ext;

		ck_assert_msg(row != NULL, "profile %s has no number-format row in check_numfmt.c", p->id);
		ext = render_outbound(p, row->answers);
		expect_call(p, ext, "national", &row->national, row->source);
		expect_call(p, ext, "international", &row->international, row->source);
		expect_call(p, ext, "emergency", &row->emergency, row->source);
		free(ext);
	}
	tw_profiles_free(&ps);
	tw_diags_clear(&d);
	free(dir);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("numfmt");
	TCase *tc = tcase_create("numfmt");

	tcase_add_test(tc, test_evaluator);
	tcase_add_test(tc, test_bundled_formats);
	suite_add_tcase(s, tc);
	return tw_test_run(s);
}
