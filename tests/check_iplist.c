/* iplist: parsing providers' address lists (text, CSV, JSON) and comparing
 * them with a profile's identify list. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "trunkwiz/fetch.h"
#include "tw_test.h"
#include "fetch/fetch.h"

#define SRC "https://lists.example/ips"

static int parse(const char *text, enum tw_iplist_format f, const char *sel,
                 struct tw_iplist *l, struct tw_diags *d)
{
	return tw_iplist_parse(text, strlen(text), f, sel, SRC, l, d);
}

static bool warned_at(const struct tw_diags *d, unsigned line, const char *needle)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->v[i].sev == TW_WARNING && d->v[i].line == line && strstr(d->v[i].msg, needle) &&
		    tw_streq(d->v[i].file, SRC))
			return true;
	return false;
}

static bool has(const struct tw_diags *d, enum tw_severity sev, const char *needle)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->v[i].sev == sev && strstr(d->v[i].msg, needle))
			return true;
	return false;
}

START_TEST(test_text)
{
	const char *text =
		"\xef\xbb\xbf# Example provider, signalling\r\n"
		"192.0.2.10\r\n"
		"  198.51.100.0/24   # Frankfurt\n"
		"\n"
		"2001:db8:10::/48\n"
		"192.0.2.10/32\n"                /* the same as line 2 */
		"not-an-address\n"
		"192.0.2.300\n"
		"192.0.2.11 192.0.2.12\n"
		"10.0.0.0/4\n"
		"127.0.0.1\n"
		"::/0\n"
		"0.0.0.0\n"
		"203.0.113.0/255.255.255.0\n"
		"2001:db8::5";                    /* no final newline */
	struct tw_iplist l;
	struct tw_diags d;

	tw_diags_init(&d);
	ck_assert_int_eq(parse(text, TW_IPLIST_TEXT, NULL, &l, &d), 0);
	ck_assert_uint_eq(l.n, 5);
	ck_assert_str_eq(l.v[0], "192.0.2.10");
	ck_assert_str_eq(l.v[1], "198.51.100.0/24");
	ck_assert_str_eq(l.v[2], "2001:db8:10::/48");
	ck_assert_str_eq(l.v[3], "203.0.113.0/255.255.255.0");
	ck_assert_str_eq(l.v[4], "2001:db8::5");
	ck_assert(warned_at(&d, 7, "rejected 'not-an-address'"));
	ck_assert(warned_at(&d, 8, "out of range"));
	ck_assert(warned_at(&d, 9, "more than one word"));
	ck_assert(warned_at(&d, 10, "shorter than /8"));
	ck_assert(warned_at(&d, 11, "loopback"));
	ck_assert(warned_at(&d, 12, "shorter than /16"));
	ck_assert(warned_at(&d, 13, "unspecified"));
	ck_assert_uint_eq(d.n, 7);
	ck_assert(!tw_diags_has_errors(&d));
	tw_iplist_free(&l);
	ck_assert_uint_eq(l.n, 0);
	tw_diags_clear(&d);
}
END_TEST

START_TEST(test_text_malformed)
{
	struct tw_iplist l;
	struct tw_diags d;
	const char bin[] = "192.0.2.1\n\0\x01\x02";

	tw_diags_init(&d);
	/* Nothing usable: an error, and an empty list. */
	ck_assert_int_eq(parse("# only a comment\n\n", TW_IPLIST_TEXT, NULL, &l, &d), -1);
	ck_assert(has(&d, TW_ERROR, "no IPv4/IPv6 address"));
	ck_assert_uint_eq(l.n, 0);
	tw_diags_clear(&d);
	ck_assert_int_eq(parse("<html><body>Our IPs</body></html>\n", TW_IPLIST_TEXT, NULL, &l, &d), -1);
	tw_diags_clear(&d);
	ck_assert_int_eq(tw_iplist_parse(bin, sizeof(bin) - 1, TW_IPLIST_TEXT, NULL, SRC, &l, &d), -1);
	ck_assert(has(&d, TW_ERROR, "binary"));
	tw_diags_clear(&d);
	/* A list cannot smuggle terminal escapes into the diagnostics. */
	ck_assert_int_eq(parse("192.0.2.1\n\x1b[2J\xc2\x9b" "31m\n", TW_IPLIST_TEXT, NULL, &l, &d), 0);
	ck_assert_uint_eq(d.n, 1);
	ck_assert_ptr_null(strchr(d.v[0].msg, '\x1b'));
	ck_assert_ptr_null(strchr(d.v[0].msg, '\xc2'));
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "?[2J"));
	tw_iplist_free(&l);
	tw_diags_clear(&d);
}
END_TEST

START_TEST(test_reports_capped)
{
	struct tw_buf b;
	struct tw_iplist l;
	struct tw_diags d;
	int i;

	tw_buf_init(&b);
	tw_buf_adds(&b, "192.0.2.1\n");
	for (i = 0; i < 70; i++)
		tw_buf_adds(&b, "junk\n");
	tw_diags_init(&d);
	ck_assert_int_eq(tw_iplist_parse(b.data, b.len, TW_IPLIST_TEXT, NULL, SRC, &l, &d), 0);
	ck_assert_uint_eq(d.n, 51);
	ck_assert(has(&d, TW_WARNING, "20 more rejected entries"));
	tw_iplist_free(&l);
	tw_diags_clear(&d);
	tw_buf_free(&b);
}
END_TEST

START_TEST(test_csv)
{
	const char *text =
		"region,address,note\n"
		"us-east,\"192.0.2.10\",primary\n"
		"us-west, 192.0.2.20 ,\n"
		"eu,2001:db8:1::/64,\"with, comma\"\n"
		"broken\n"
		"ap,192.0.2.999,\n";
	struct tw_iplist l;
	struct tw_diags d;

	tw_diags_init(&d);
	ck_assert_int_eq(parse(text, TW_IPLIST_CSV, "2", &l, &d), 0);
	ck_assert_uint_eq(l.n, 3);
	ck_assert_str_eq(l.v[0], "192.0.2.10");
	ck_assert_str_eq(l.v[1], "192.0.2.20");
	ck_assert_str_eq(l.v[2], "2001:db8:1::/64");
	ck_assert(warned_at(&d, 5, "no such column"));
	ck_assert(warned_at(&d, 6, "192.0.2.999"));
	ck_assert_uint_eq(d.n, 2); /* the header is not a rejected line */
	tw_iplist_free(&l);
	tw_diags_clear(&d);
	/* First column by default; a list without header starts at once. */
	ck_assert_int_eq(parse("192.0.2.1,x\n192.0.2.2,y\n", TW_IPLIST_CSV, NULL, &l, &d), 0);
	ck_assert_uint_eq(l.n, 2);
	ck_assert_uint_eq(d.n, 0);
	tw_iplist_free(&l);
	/* A bad first row that looks like an address is not a header. */
	ck_assert_int_eq(parse("192.0.2.300\n192.0.2.2\n", TW_IPLIST_CSV, NULL, &l, &d), 0);
	ck_assert(warned_at(&d, 1, "192.0.2.300"));
	tw_iplist_free(&l);
	tw_diags_clear(&d);
}
END_TEST

/* Shaped like DIDWW's published voice.json (providers.md, [O]). */
static const char *didww_like =
	"{\n"
	"  \"version\": \"1.2.3\",\n"
	"  \"updated_at\": \"2026-11-19T10:00:00Z\",\n"
	"  \"inbound\": {\n"
	"    \"signaling\": {\n"
	"      \"static_sip_uri\": {\n"
	"        \"endpoints\": [\n"
	"          {\"location\": \"NY\", \"ipv4\": \"192.0.2.14\", \"ipv6\": \"2001:db8:1:14::14\"},\n"
	"          {\"location\": \"FRA\", \"ipv4\": \"198.51.100.14\", \"ipv6\": \"2001:db8:2:14::14\"}\n"
	"        ]\n"
	"      },\n"
	"      \"sip_registration\": {\n"
	"        \"registrars\": [{\"fqdn\": \"sip.example.net\", \"ipv4\": [\"192.0.2.49\"], \"ipv6\": []}]\n"
	"      }\n"
	"    },\n"
	"    \"media\": {\"ranges\": [\"203.0.113.0/24\"]}\n"
	"  },\n"
	"  \"outbound\": {\"signaling\": [{\"ipv4\": \"192.0.2.44\", \"bad\": \"192.0.2.256\"}]}\n"
	"}\n";

START_TEST(test_json)
{
	struct tw_iplist l;
	struct tw_diags d;

	tw_diags_init(&d);
	/* Everything address-shaped in the document... */
	ck_assert_int_eq(parse(didww_like, TW_IPLIST_JSON, NULL, &l, &d), 0);
	ck_assert_uint_eq(l.n, 7);
	ck_assert_str_eq(l.v[0], "192.0.2.14");
	ck_assert_str_eq(l.v[1], "2001:db8:1:14::14");
	ck_assert_str_eq(l.v[6], "192.0.2.44");
	/* ...version numbers, dates and names are not addresses... */
	ck_assert(!has(&d, TW_WARNING, "1.2.3"));
	ck_assert(!has(&d, TW_WARNING, "2026"));
	/* ...a bad one is reported with its path. */
	ck_assert(has(&d, TW_WARNING, "rejected '192.0.2.256' at $.outbound.signaling[0].bad"));
	tw_iplist_free(&l);
	tw_diags_clear(&d);
	/* Only the selected subtree. */
	ck_assert_int_eq(parse(didww_like, TW_IPLIST_JSON, "inbound.signaling", &l, &d), 0);
	ck_assert_uint_eq(l.n, 5);
	ck_assert_str_eq(l.v[4], "192.0.2.49");
	ck_assert_uint_eq(d.n, 0);
	tw_iplist_free(&l);
	/* Keys through arrays. */
	ck_assert_int_eq(parse(didww_like, TW_IPLIST_JSON, "inbound.signaling.static_sip_uri.endpoints.ipv4",
	                       &l, &d), 0);
	ck_assert_uint_eq(l.n, 2);
	ck_assert_str_eq(l.v[1], "198.51.100.14");
	tw_iplist_free(&l);
	tw_diags_clear(&d);
	/* A layout change is an error, not an empty list. */
	ck_assert_int_eq(parse(didww_like, TW_IPLIST_JSON, "inbound.sigs", &l, &d), -1);
	ck_assert(has(&d, TW_ERROR, "no 'inbound.sigs'"));
	ck_assert_uint_eq(l.n, 0);
	tw_diags_clear(&d);
}
END_TEST

START_TEST(test_json_malformed)
{
	struct tw_iplist l;
	struct tw_diags d;

	tw_diags_init(&d);
	ck_assert_int_eq(parse("{\n \"a\": [\"192.0.2.1\",\n}\n", TW_IPLIST_JSON, NULL, &l, &d), -1);
	ck_assert(has(&d, TW_ERROR, "malformed JSON"));
	ck_assert_uint_eq(d.v[0].line, 3);
	tw_diags_clear(&d);
	ck_assert_int_eq(parse("192.0.2.1\n", TW_IPLIST_JSON, NULL, &l, &d), -1);
	tw_diags_clear(&d);
	ck_assert_int_eq(parse("{\"v\": \"1.0\", \"n\": 5}", TW_IPLIST_JSON, NULL, &l, &d), -1);
	ck_assert(has(&d, TW_ERROR, "no IPv4/IPv6"));
	tw_diags_clear(&d);
}
END_TEST

/* The verdict, checking that a refusal (and only a refusal) says why. */
static bool select_ok(enum tw_iplist_format f, const char *select)
{
	char *cause = NULL;
	bool ok = tw_iplist_select_ok(f, select, &cause);

	ck_assert(ok ? cause == NULL : cause != NULL && *cause);
	free(cause);
	return ok;
}

START_TEST(test_select_syntax)
{
	struct tw_iplist l;
	struct tw_diags d;

	ck_assert(select_ok(TW_IPLIST_JSON, "inbound.signaling"));
	ck_assert(select_ok(TW_IPLIST_JSON, NULL));
	ck_assert(!select_ok(TW_IPLIST_JSON, "a..b"));
	ck_assert(!select_ok(TW_IPLIST_JSON, ".a"));
	ck_assert(!select_ok(TW_IPLIST_JSON, "a[0]"));
	ck_assert(select_ok(TW_IPLIST_CSV, "12"));
	ck_assert(!select_ok(TW_IPLIST_CSV, "0"));
	ck_assert(!select_ok(TW_IPLIST_CSV, "100"));
	ck_assert(!select_ok(TW_IPLIST_CSV, "ip"));
	ck_assert(!select_ok(TW_IPLIST_TEXT, "1"));
	ck_assert_int_eq(tw_iplist_format_parse("json"), TW_IPLIST_JSON);
	ck_assert_int_eq(tw_iplist_format_parse("xml"), -1);
	tw_diags_init(&d);
	ck_assert_int_eq(parse("192.0.2.1\n", TW_IPLIST_TEXT, "2", &l, &d), -1);
	tw_diags_clear(&d);
}
END_TEST

START_TEST(test_diff)
{
	const char *text = "192.0.2.10\n192.0.2.11\n198.51.100.0/25\n203.0.113.5\n2001:db8::/48\n";
	struct tw_iplist l, added, gone;
	struct tw_diags d;

	tw_diags_init(&d);
	ck_assert_int_eq(parse(text, TW_IPLIST_TEXT, NULL, &l, &d), 0);
	/* 192.0.2.10/32 is 192.0.2.10; 192.0.2.0/24 covers .11; the /24
	 * covers the list's /25; host names and ${...} are not compared. */
	tw_iplist_diff(&l, "192.0.2.10/32,192.0.2.0/24,198.51.100.0/24,${server},sip.example.com,"
	                   "192.0.2.99,2001:DB8::/48,100.64.0.1",
	               &added, &gone);
	ck_assert_uint_eq(added.n, 1);
	ck_assert_str_eq(added.v[0], "203.0.113.5");
	ck_assert_uint_eq(gone.n, 4);
	ck_assert_str_eq(gone.v[0], "192.0.2.0/24");   /* only partly in the list */
	ck_assert_str_eq(gone.v[1], "198.51.100.0/24");
	ck_assert_str_eq(gone.v[2], "192.0.2.99");
	ck_assert_str_eq(gone.v[3], "100.64.0.1");
	tw_iplist_free(&added);
	tw_iplist_free(&gone);
	/* No identify at all: everything is new. */
	tw_iplist_diff(&l, NULL, &added, &gone);
	ck_assert_uint_eq(added.n, l.n);
	ck_assert_uint_eq(gone.n, 0);
	tw_iplist_free(&added);
	tw_iplist_free(&gone);
	tw_iplist_free(&l);
	tw_diags_clear(&d);
}
END_TEST

/* Duplicates far apart in a long list, across the growth of the set of
 * kept entries: the first spelling stays, in list order; the same bytes
 * in another family or with another prefix are not duplicates. */
START_TEST(test_dedupe_large)
{
	struct tw_buf b;
	struct tw_iplist l;
	struct tw_diags d;
	unsigned i;

	tw_buf_init(&b);
	tw_diags_init(&d);
	for (i = 0; i < 5000; i++)
		tw_buf_printf(&b, "10.%u.%u.0/24\n", i / 256, i % 256);
	for (i = 0; i < 5000; i += 7)   /* each again, as a host-less /24 */
		tw_buf_printf(&b, "10.%u.%u.0/24\n", i / 256, i % 256);
	tw_buf_adds(&b, "10.0.0.0/25\n::a00:0/120\n10.0.0.0/24\n");
	ck_assert_int_eq(tw_iplist_parse(b.data, b.len, TW_IPLIST_TEXT, NULL, SRC, &l, &d), 0);
	ck_assert_uint_eq(l.n, 5002);
	ck_assert_str_eq(l.v[0], "10.0.0.0/24");
	ck_assert_str_eq(l.v[4999], "10.19.135.0/24");
	ck_assert_str_eq(l.v[5000], "10.0.0.0/25");
	ck_assert_str_eq(l.v[5001], "::a00:0/120");
	ck_assert_uint_eq(d.n, 0);
	tw_iplist_free(&l);
	tw_buf_free(&b);
	tw_diags_clear(&d);
}
END_TEST

/* The entries are the caller's: v can be taken over and each freed on its
 * own (the wizard does), after the list itself is freed. */
START_TEST(test_entries_owned)
{
	struct tw_iplist l;
	struct tw_diags d;
	char **v;
	size_t n, i;

	tw_diags_init(&d);
	ck_assert_int_eq(parse("192.0.2.10\n198.51.100.0/24\n192.0.2.10\n", TW_IPLIST_TEXT, NULL, &l, &d), 0);
	v = l.v;
	n = l.n;
	l.v = NULL;
	l.n = 0;
	tw_iplist_free(&l);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(v[0], "192.0.2.10");
	ck_assert_str_eq(v[1], "198.51.100.0/24");
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
	tw_diags_clear(&d);
}
END_TEST

/* A long comparison keeps the first max entries of each kind, and counts
 * them all. */
START_TEST(test_diff_max)
{
	struct tw_iplist l, added, gone;
	struct tw_diags d;
	size_t na, ng;

	tw_diags_init(&d);
	ck_assert_int_eq(parse("192.0.2.1\n192.0.2.2\n192.0.2.3\n192.0.2.4\n", TW_IPLIST_TEXT, NULL,
	                       &l, &d), 0);
	tw_iplist_diff_max(&l, "192.0.2.2,198.51.100.1,198.51.100.2,198.51.100.3", 2, &added, &gone,
	                   &na, &ng);
	ck_assert_uint_eq(na, 3);
	ck_assert_uint_eq(added.n, 2);
	ck_assert_str_eq(added.v[0], "192.0.2.1");
	ck_assert_str_eq(added.v[1], "192.0.2.3");
	ck_assert_uint_eq(ng, 3);
	ck_assert_uint_eq(gone.n, 2);
	ck_assert_str_eq(gone.v[1], "198.51.100.2");
	tw_iplist_free(&added);
	tw_iplist_free(&gone);
	tw_iplist_diff_max(&l, "192.0.2.0/24", 0, &added, &gone, &na, &ng);
	ck_assert_uint_eq(na, 0);          /* the /24 covers the list */
	ck_assert_uint_eq(ng, 1);          /* but no entry covers the /24 */
	ck_assert_uint_eq(added.n + gone.n, 0);
	tw_iplist_free(&l);
	tw_diags_clear(&d);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("iplist");
	TCase *tc = tcase_create("iplist");

	tcase_add_test(tc, test_text);
	tcase_add_test(tc, test_text_malformed);
	tcase_add_test(tc, test_reports_capped);
	tcase_add_test(tc, test_csv);
	tcase_add_test(tc, test_json);
	tcase_add_test(tc, test_json_malformed);
	tcase_add_test(tc, test_select_syntax);
	tcase_add_test(tc, test_diff);
	tcase_add_test(tc, test_dedupe_large);
	tcase_add_test(tc, test_entries_owned);
	tcase_add_test(tc, test_diff_max);
	suite_add_tcase(s, tc);
	return tw_test_run(s);
}
