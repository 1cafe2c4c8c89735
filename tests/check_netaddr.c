#include "config.h"

#include "tw_test.h"

#include "trunkwiz/net.h"
#include "net/net.h"

/* Expect `call` (a bool check with an err out-parameter) to fail with an
 * err that contains `want`. */
#define ck_err_has(err, want) \
	do { \
		ck_assert_ptr_nonnull(err); \
		ck_assert_msg(strstr((err), (want)) != NULL, \
		              "error \"%s\" lacks \"%s\"", (err), (want)); \
	} while (0)

START_TEST(test_ipv4)
{
	static const char *const good[] = {
		"0.0.0.0", "1.2.3.4", "255.255.255.255", "203.0.113.30",
		"10.0.0.1", "192.168.100.200",
	};
	static const char *const bad[] = {
		"", "1.2.3", "1.2.3.4.5", "999.1.1.1", "256.0.0.1", "1.2.3.256",
		"010.1.1.1", "1.2.3.04", "1..2.3", ".1.2.3", "1.2.3.", "1.2.3.4 ",
		" 1.2.3.4", "a.b.c.d", "1.2.3.4/24", "1.2.3.4:5060", "::1",
		"1234.1.1.1", "1.2.3.-4", "0x7f.0.0.1",
	};
	size_t i;

	for (i = 0; i < TW_ARRAY_LEN(good); i++)
		ck_assert_msg(tw_is_ipv4(good[i]), "%s should be IPv4", good[i]);
	for (i = 0; i < TW_ARRAY_LEN(bad); i++)
		ck_assert_msg(!tw_is_ipv4(bad[i]), "%s should not be IPv4", bad[i]);
	ck_assert(!tw_is_ipv4(NULL));
}
END_TEST

START_TEST(test_ipv6)
{
	ck_assert(tw_is_ipv6("::1"));
	ck_assert(tw_is_ipv6("::"));
	ck_assert(tw_is_ipv6("2001:db8::1"));
	ck_assert(tw_is_ipv6("2001:0db8:0000:0000:0000:ff00:0042:8329"));
	ck_assert(tw_is_ipv6("::ffff:192.0.2.1"));
	ck_assert(tw_is_ipv6("FE80::1"));
	ck_assert(!tw_is_ipv6("[::1]"));
	ck_assert(!tw_is_ipv6("2001:db8::1::2"));
	ck_assert(!tw_is_ipv6("2001:db8:::1"));
	ck_assert(!tw_is_ipv6("1.2.3.4"));
	ck_assert(!tw_is_ipv6("fe80::1%eth0"));
	ck_assert(!tw_is_ipv6("gggg::1"));
	ck_assert(!tw_is_ipv6(""));
	ck_assert(!tw_is_ipv6(NULL));
}
END_TEST

START_TEST(test_hostname)
{
	static const char *const good[] = {
		"localhost", "sip.provider.example.com", "example.com.",
		"a", "a-b.c", "1.2.3.example", "sip1.telnyx.com", "123abc.example",
		"xn--bcher-kva.example", "4.example",
		"a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z",
	};
	static const char *const bad[] = {
		"", ".", "999.1.1.1", "1.2.3.4", "123", "-a.example", "a-.example",
		"a..b", ".example.com", "exa mple.com", "example.com..",
		"under_score.example", "example.123", "a@b.c", "host:5060",
	};
	char label64[80], long_name[300];
	size_t i;

	for (i = 0; i < TW_ARRAY_LEN(good); i++)
		ck_assert_msg(tw_is_hostname(good[i]), "%s should be a host name", good[i]);
	for (i = 0; i < TW_ARRAY_LEN(bad); i++)
		ck_assert_msg(!tw_is_hostname(bad[i]), "%s should not be a host name", bad[i]);
	ck_assert(!tw_is_hostname(NULL));

	memset(label64, 'a', 63);
	strcpy(label64 + 63, ".com");
	ck_assert(tw_is_hostname(label64));
	memset(label64, 'a', 64);
	strcpy(label64 + 64, ".com");
	ck_assert(!tw_is_hostname(label64));

	/* 253 characters is the limit (a trailing dot does not count). */
	for (i = 0; i < 253; i++)
		long_name[i] = (i % 4 == 3) ? '.' : 'a';
	long_name[253] = '\0';
	ck_assert(tw_is_hostname(long_name));
	long_name[253] = '.';
	long_name[254] = '\0';
	ck_assert(tw_is_hostname(long_name));
	long_name[253] = 'a';
	ck_assert(!tw_is_hostname(long_name));
}
END_TEST

START_TEST(test_port)
{
	ck_assert(tw_is_port("1"));
	ck_assert(tw_is_port("5060"));
	ck_assert(tw_is_port("65535"));
	ck_assert(!tw_is_port("0"));
	ck_assert(!tw_is_port("65536"));
	ck_assert(!tw_is_port("99999999999999999999"));
	ck_assert(!tw_is_port("05060"));
	ck_assert(!tw_is_port("50a"));
	ck_assert(!tw_is_port("-1"));
	ck_assert(!tw_is_port("+5060"));
	ck_assert(!tw_is_port(""));
	ck_assert(!tw_is_port(NULL));
}
END_TEST

START_TEST(test_ip_or_cidr)
{
	static const char *const good[] = {
		"1.2.3.4", "10.0.0.0/8", "0.0.0.0/0", "1.2.3.4/32",
		"192.168.0.0/255.255.0.0", "192.168.1.0/255.255.255.0",
		"1.2.3.4/255.255.255.255", "0.0.0.0/0.0.0.0", "::1", "2001:db8::/32",
		"::/0", "2001:db8::1/128", "2001:db8::/ffff:ffff::",
	};
	static const char *const bad[] = {
		"", "/24", "1.2.3.4/", "1.2.3.4/33", "1.2.3.4/-1", "1.2.3.4/024",
		"1.2.3.4/255.0.255.0", "1.2.3.4/255.255.255.1", "1.2.3.4/ffff::",
		"999.1.1.1/24", "010.1.1.1", "2001:db8::/129", "2001:db8::/255.255.0.0",
		"2001:db8::/ffff:0:ffff::", "host.example/24", "example.com",
		"[::1]", "1.2.3.4:5060", "1.2.3.4/24/24",
	};
	size_t i;

	for (i = 0; i < TW_ARRAY_LEN(good); i++)
		ck_assert_msg(tw_is_ip_or_cidr(good[i]), "%s should be valid", good[i]);
	for (i = 0; i < TW_ARRAY_LEN(bad); i++)
		ck_assert_msg(!tw_is_ip_or_cidr(bad[i]), "%s should be invalid", bad[i]);
	ck_assert(!tw_is_ip_or_cidr(NULL));
}
END_TEST

START_TEST(test_classify)
{
	ck_assert_int_eq(tw_addr_classify("1.2.3.4"), TW_ADDR_IPV4);
	ck_assert_int_eq(tw_addr_classify("2001:db8::1"), TW_ADDR_IPV6);
	ck_assert_int_eq(tw_addr_classify("sip.example.com"), TW_ADDR_HOSTNAME);
	ck_assert_int_eq(tw_addr_classify("localhost"), TW_ADDR_HOSTNAME);
	ck_assert_int_eq(tw_addr_classify("999.1.1.1"), TW_ADDR_INVALID);
	ck_assert_int_eq(tw_addr_classify("1.2.3.4:5060"), TW_ADDR_INVALID);
	ck_assert_int_eq(tw_addr_classify("[::1]"), TW_ADDR_INVALID);
	ck_assert_int_eq(tw_addr_classify(""), TW_ADDR_INVALID);
	ck_assert_int_eq(tw_addr_classify(NULL), TW_ADDR_INVALID);
}
END_TEST

static void split_ok(const char *s, const char *host, unsigned port)
{
	char *h = (char *)"unset";
	unsigned p = 99;
	char *err = NULL;

	ck_assert_msg(tw_split_hostport(s, &h, &p, &err) == 0, "%s: %s", s,
	              err ? err : "?");
	ck_assert_str_eq(h, host);
	ck_assert_uint_eq(p, port);
	free(h);
}

static void split_bad(const char *s, const char *want)
{
	char *h = (char *)"unset";
	unsigned p = 99;
	char *err = NULL;

	ck_assert_msg(tw_split_hostport(s, &h, &p, &err) == -1, "%s accepted", s);
	ck_assert_ptr_null(h);
	ck_assert_uint_eq(p, 0);
	ck_err_has(err, want);
	free(err);
}

START_TEST(test_split_hostport)
{
	split_ok("sip.example.com", "sip.example.com", 0);
	split_ok("sip.example.com:5080", "sip.example.com", 5080);
	split_ok("1.2.3.4", "1.2.3.4", 0);
	split_ok("1.2.3.4:5061", "1.2.3.4", 5061);
	split_ok("[2001:db8::1]", "2001:db8::1", 0);
	split_ok("[2001:db8::1]:5060", "2001:db8::1", 5060);
	split_ok("2001:db8::1", "2001:db8::1", 0);
	split_ok("localhost:1", "localhost", 1);

	split_bad("", "empty");
	split_bad("1.2.3.4:", "empty port");
	split_bad("1.2.3.4:0", "port out of range 1-65535");
	split_bad("1.2.3.4:70000", "port out of range 1-65535");
	split_bad("1.2.3.4:50x", "port is not a number");
	split_bad("1.2.3.4:05060", "leading zero");
	split_bad("[2001:db8::1", "missing ']'");
	split_bad("[2001:db8::1]5060", "after ']'");
	split_bad("[1.2.3.4]:5060", "only an IPv6 address");
	split_bad("[nothost]", "IPv6");
	split_bad("2001:db8::zz", "invalid IPv6 address");
	split_bad("999.1.1.1:5060", "IPv4 octet out of range");
	split_bad("010.1.1.1", "leading zero");
	split_bad("bad_host:5060", "host name may contain only");
	split_bad(":5060", "empty host");
	ck_assert_int_eq(tw_split_hostport(NULL, &(char *){ NULL }, &(unsigned){ 0 }, NULL), -1);
}
END_TEST

static void match_ok(const char *s, bool want_host)
{
	bool is_host = !want_host;
	char *err = NULL;

	ck_assert_msg(tw_check_match_item(s, &is_host, &err), "%s: %s", s,
	              err ? err : "?");
	ck_assert_msg(is_host == want_host, "%s: is_host %d", s, is_host);
}

static void match_bad(const char *s, const char *want)
{
	bool is_host = true;
	char *err = NULL;

	ck_assert_msg(!tw_check_match_item(s, &is_host, &err), "%s accepted", s);
	ck_assert(!is_host);
	ck_err_has(err, want);
	free(err);
}

START_TEST(test_match_item)
{
	match_ok("203.0.113.30", false);
	match_ok("203.0.113.0/24", false);
	match_ok("192.168.10.0:5061/24", false);
	match_ok("3.2.1.0:5061/24", false);
	match_ok("192.168.1.0/255.255.255.0", false);
	match_ok("1.2.3.4:5060", false);
	match_ok("2001:db8::1", false);
	match_ok("2001:db8::/32", false);
	match_ok("[2001:db8::1]", false);
	match_ok("[2001:db8::1]:5060", false);
	match_ok("[2001:db8::]:5060/64", false);
	match_ok("sip.provider.example.com", true);
	match_ok("sip.provider.example.com:5080", true);
	match_ok("localhost", true);

	match_bad("!203.0.113.30", "negated matches are not supported");
	match_bad("", "empty match item");
	match_bad("203.0.113.300", "IPv4 octet out of range");
	match_bad("999.1.1.1", "IPv4 octet out of range");
	match_bad("010.1.1.1", "leading zero");
	match_bad("1.2.3", "four");
	match_bad("1.2.3.4/33", "CIDR prefix out of range (0-32)");
	match_bad("2001:db8::/129", "CIDR prefix out of range (0-128)");
	match_bad("1.2.3.4/255.0.255.0", "not contiguous");
	match_bad("1.2.3.4/", "empty mask");
	match_bad("1.2.3.4/ffff::", "IPv6 mask on an IPv4 address");
	match_bad("2001:db8::/255.255.0.0", "IPv4 mask on an IPv6 address");
	match_bad("1.2.3.4:0", "port out of range 1-65535");
	match_bad("1.2.3.4:99999/24", "port out of range 1-65535");
	/* Port without brackets on IPv6 is read as part of the address. */
	match_bad("2001:db8::1:5060x", "invalid IPv6 address");
	match_bad("sip.example.com/24", "host name cannot have a mask");
	match_bad("bad host", "spaces");
	match_bad("bad_host.example", "host name may contain only");
	match_bad("-bad.example", "starts or ends with '-'");
	match_bad("[sip.example.com]:5060", "IPv6");
	ck_assert(!tw_check_match_item(NULL, NULL, NULL));
	ck_assert(tw_check_match_item("1.2.3.4", NULL, NULL));
}
END_TEST

static void uri_ok(const char *s)
{
	char *err = NULL;

	ck_assert_msg(tw_check_sip_uri(s, &err), "%s: %s", s, err ? err : "?");
}

static void uri_bad(const char *s, const char *want)
{
	char *err = NULL;

	ck_assert_msg(!tw_check_sip_uri(s, &err), "%s accepted", s);
	ck_err_has(err, want);
	free(err);
}

START_TEST(test_sip_uri_good)
{
	uri_ok("sip:sip.provider.example.com");
	uri_ok("sips:sip.provider.example.com");
	uri_ok("SIP:sip.provider.example.com");
	uri_ok("SiPs:sip.provider.example.com:5061");
	uri_ok("sip:your_trunk_username@sip.provider.example.com");
	uri_ok("<sip:user@sip.example.com>");
	uri_ok("sip:user:secret@sip.example.com:5080");
	uri_ok("sip:user:@sip.example.com");
	uri_ok("sip:%2B15551234567@sip.example.com");
	uri_ok("sip:+15551234567;npdi@sip.example.com;user=phone");
	uri_ok("sip:1.2.3.4");
	uri_ok("sip:1.2.3.4:5060");
	uri_ok("sip:[2001:db8::1]");
	uri_ok("sip:[2001:db8::1]:5060");
	uri_ok("sip:proxy.example.com;lr");
	uri_ok("<sip:proxy.example.com;lr>");
	uri_ok("sip:proxy.example.com\\;lr");
	uri_ok("sip:sip.example.com;transport=tcp");
	uri_ok("sip:sip.example.com:5061;transport=TLS;lr");
	uri_ok("sip:sip.example.com\\;transport=udp\\;lr");
	uri_ok("sip:user@sip.example.com?X-Header=value&Subject=hi%20there");
	uri_ok("sip:localhost");
	uri_ok("sip:example.com.");
}
END_TEST

START_TEST(test_sip_uri_bad)
{
	char big[400];
	size_t n;

	uri_bad("", "empty URI");
	uri_bad("sip.example.com", "missing sip: or sips: scheme");
	uri_bad("tel:+15551234567", "missing sip: or sips: scheme");
	uri_bad("user@sip.example.com", "missing sip: or sips: scheme");
	uri_bad("sipx:host", "missing sip: or sips: scheme");
	uri_bad("sip:", "missing host");
	uri_bad("sip:user@", "missing host");
	uri_bad("sip:@host.example", "empty user part");
	uri_bad("sip:a@b@host.example", "more than one '@'");
	uri_bad("sip:us er@host.example", "spaces");
	uri_bad("sip:host.example\n", "control");
	uri_bad("sip:us%zzer@host.example", "%-escape");
	uri_bad("sip:us%4@host.example", "%-escape");
	uri_bad("sip:us<er@host.example", "user part");
	uri_bad("sip:user:pa;ss@host.example", "password");
	uri_bad("sip:host.example:0", "port out of range 1-65535");
	uri_bad("sip:host.example:65536", "port out of range 1-65535");
	uri_bad("sip:host.example:abc", "port is not a number");
	uri_bad("sip:host.example:", "empty port");
	uri_bad("sip:999.1.1.1", "IPv4 octet out of range");
	uri_bad("sip:010.1.1.1", "leading zero");
	uri_bad("sip:2001:db8::1", "IPv6 address in a URI must be in brackets");
	uri_bad("sip:2001:db8::1;lr", "brackets");
	uri_bad("sip:[2001:db8::1", "missing ']'");
	uri_bad("sip:[2001:db8::zz]", "IPv6");
	uri_bad("sip:[2001:db8::1]x", "after ']'");
	uri_bad("sip:bad_host.example", "host name may contain only");
	uri_bad("sip:-bad.example", "'-'");
	uri_bad("sip:host.example;", "empty URI parameter");
	uri_bad("sip:host.example;;lr", "empty URI parameter");
	uri_bad("sip:host.example;=x", "without a name");
	uri_bad("sip:host.example;transport=", "no value");
	uri_bad("sip:host.example;transport=carrier-pigeon", "unknown transport");
	uri_bad("sip:host.example?", "malformed header");
	uri_bad("sip:host.example?novalue", "malformed header");
	uri_bad("<sip:host.example", "closing '>'");
	uri_bad("sip:host.example>", "opening '<'");
	uri_bad("<>", "missing sip: or sips: scheme");

	/* Whole URI: 255 is fine, 256 is not (the bulk is in the user part
	 * and a parameter, so the host stays short). */
	memset(big, 0, sizeof(big));
	strcpy(big, "sip:");
	memset(big + 4, 'u', 150);
	strcat(big, "@h.example;x=");
	n = strlen(big);
	memset(big + n, 'v', 255 - n);
	n = 255;
	uri_ok(big);
	big[n++] = 'v';
	big[n] = '\0';
	uri_bad(big, "longer than 255");
	ck_assert(!tw_check_sip_uri(NULL, NULL));
}
END_TEST

/* Host length: <= 117 without a port, <= 127 with one. */
START_TEST(test_sip_uri_host_length)
{
	char host[200], uri[300];
	size_t i;

	for (i = 0; i < 117; i++)
		host[i] = (i % 10 == 9) ? '.' : 'h';
	host[116] = 'x';
	host[117] = '\0';
	snprintf(uri, sizeof(uri), "sip:%s", host);
	uri_ok(uri);
	snprintf(uri, sizeof(uri), "sip:%sy", host);
	uri_bad(uri, "host longer than 117 characters");
	snprintf(uri, sizeof(uri), "sip:%sy:5060", host);
	uri_ok(uri);
	snprintf(uri, sizeof(uri), "sip:%syyyyyyyyyy:5060", host);
	uri_ok(uri);
	snprintf(uri, sizeof(uri), "sip:%syyyyyyyyyyy:5060", host);
	uri_bad(uri, "127 with a port");
}
END_TEST

struct fake_dns {
	unsigned calls;
};

static int fake_resolve(const char *name, char ***out, void *ctx)
{
	struct fake_dns *f = ctx;

	f->calls++;
	*out = NULL;
	if (strcmp(name, "sip.provider.example.com") == 0) {
		*out = tw_xcalloc(2, sizeof(**out));
		(*out)[0] = tw_xstrdup("203.0.113.10");
		(*out)[1] = tw_xstrdup("2001:db8::10");
		return 2;
	}
	if (strcmp(name, "servfail.example.com") == 0)
		return -1;
	return 0;
}

START_TEST(test_resolver)
{
	struct fake_dns f = { 0 };
	char **v = NULL;
	int n;

	tw_set_resolver(fake_resolve, &f);
	n = tw_resolve("sip.provider.example.com", &v);
	ck_assert_int_eq(n, 2);
	ck_assert_str_eq(v[0], "203.0.113.10");
	ck_assert_str_eq(v[1], "2001:db8::10");
	tw_strv_free(&v, (size_t)n);
	ck_assert_ptr_null(v);
	ck_assert_uint_eq(f.calls, 1);

	ck_assert_int_eq(tw_resolve("nx.example.com", &v), 0);
	ck_assert_ptr_null(v);
	ck_assert_int_eq(tw_resolve("servfail.example.com", &v), -1);
	ck_assert_uint_eq(f.calls, 3);

	/* Literals do not reach the resolver. */
	n = tw_resolve("192.0.2.1", &v);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(v[0], "192.0.2.1");
	tw_strv_free(&v, 1);
	n = tw_resolve("::1", &v);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(v[0], "::1");
	tw_strv_free(&v, 1);
	ck_assert_uint_eq(f.calls, 3);
	ck_assert_int_eq(tw_resolve("", &v), -1);
	ck_assert_int_eq(tw_resolve(NULL, &v), -1);

	tw_set_resolver(NULL, NULL);
}
END_TEST

/* The system resolver, on localhost only (no network). */
START_TEST(test_resolver_system_localhost)
{
	char **v = NULL;
	int n, i;

	tw_set_resolver(NULL, NULL);
	n = tw_resolve("localhost", &v);
	ck_assert_int_ge(n, 1);
	for (i = 0; i < n; i++)
		ck_assert_msg(tw_is_ipv4(v[i]) || tw_is_ipv6(v[i]), "%s", v[i]);
	tw_strv_free(&v, (size_t)n);
	n = tw_resolve_system("127.0.0.1", &v, NULL);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(v[0], "127.0.0.1");
	tw_strv_free(&v, (size_t)n);
}
END_TEST

START_TEST(test_cidr_contains)
{
	ck_assert(tw_cidr_contains("10.0.0.0/8", "10.1.2.3"));
	ck_assert(tw_cidr_contains("10.0.0.0/8", "10.255.255.255"));
	ck_assert(!tw_cidr_contains("10.0.0.0/8", "11.0.0.0"));
	ck_assert(tw_cidr_contains("203.0.113.0/24", "203.0.113.30"));
	ck_assert(!tw_cidr_contains("203.0.113.0/24", "203.0.114.30"));
	ck_assert(tw_cidr_contains("192.168.1.0/255.255.255.0", "192.168.1.77"));
	ck_assert(tw_cidr_contains("192.168.1.77/24", "192.168.1.1"));
	ck_assert(tw_cidr_contains("0.0.0.0/0", "8.8.8.8"));
	ck_assert(tw_cidr_contains("1.2.3.4", "1.2.3.4"));
	ck_assert(!tw_cidr_contains("1.2.3.4", "1.2.3.5"));
	ck_assert(tw_cidr_contains("1.2.3.4/31", "1.2.3.5"));
	ck_assert(!tw_cidr_contains("1.2.3.4/31", "1.2.3.6"));
	ck_assert(tw_cidr_contains("2001:db8::/32", "2001:db8:ffff::1"));
	ck_assert(!tw_cidr_contains("2001:db8::/32", "2001:db9::1"));
	ck_assert(tw_cidr_contains("2001:db8::/33", "2001:db8:7fff::1"));
	ck_assert(!tw_cidr_contains("2001:db8::/33", "2001:db8:8000::1"));
	ck_assert(tw_cidr_contains("::/0", "::1"));
	ck_assert(tw_cidr_contains("2001:db8::1", "2001:db8::1"));
	/* Families never mix. */
	ck_assert(!tw_cidr_contains("0.0.0.0/0", "::1"));
	ck_assert(!tw_cidr_contains("::/0", "1.2.3.4"));
	ck_assert(!tw_cidr_contains("10.0.0.0/8", "10.0.0.0/8"));
	ck_assert(!tw_cidr_contains("10.0.0.0/33", "10.0.0.1"));
	ck_assert(!tw_cidr_contains("bad", "10.0.0.1"));
	ck_assert(!tw_cidr_contains("10.0.0.0/8", "host.example"));
	ck_assert(!tw_cidr_contains(NULL, "1.2.3.4"));
	ck_assert(!tw_cidr_contains("1.2.3.4", NULL));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("netaddr");
	TCase *tc = tcase_create("syntax");
	TCase *tu = tcase_create("uri");
	TCase *tr = tcase_create("resolve");

	tcase_add_test(tc, test_ipv4);
	tcase_add_test(tc, test_ipv6);
	tcase_add_test(tc, test_hostname);
	tcase_add_test(tc, test_port);
	tcase_add_test(tc, test_ip_or_cidr);
	tcase_add_test(tc, test_classify);
	tcase_add_test(tc, test_split_hostport);
	tcase_add_test(tc, test_match_item);
	tcase_add_test(tc, test_cidr_contains);
	suite_add_tcase(s, tc);
	tcase_add_test(tu, test_sip_uri_good);
	tcase_add_test(tu, test_sip_uri_bad);
	tcase_add_test(tu, test_sip_uri_host_length);
	suite_add_tcase(s, tu);
	tcase_add_test(tr, test_resolver);
	tcase_add_test(tr, test_resolver_system_localhost);
	suite_add_tcase(s, tr);
	return tw_test_run(s);
}
