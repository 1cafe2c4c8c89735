/* fetch: every transfer property against loopback servers started here
 * (tests/servers.sh: plain HTTP, HTTPS with a CA made for the test, a port
 * where connecting hangs). No test touches any other address. */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "trunkwiz/fetch.h"
#include "tw_test.h"
#include "fetch/fetch.h"

static char *srv;       /* the servers' dir */
static char *cacert;
static int http_port, https_port, hole_port;

static int read_port(const char *name)
{
	char *path = tw_xasprintf("%s/%s.port", srv, name);
	char *text = tw_test_slurp(path, NULL);
	int port = text ? atoi(text) : 0;

	free(text);
	free(path);
	return port;
}

static void put_file(const char *name, const char *text)
{
	char *path = tw_xasprintf("%s/www/%s", srv, name);
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
		fprintf(stderr, "cannot write %s\n", path);
		exit(1);
	}
	free(path);
}

static void servers_up(void)
{
	char *script = tw_test_path("servers.sh");
	char *cmd;
	int rc;

	srv = tw_test_tmpdir();
	cmd = tw_xasprintf("sh '%s' start '%s'", script, srv);
	rc = system(cmd);
	free(cmd);
	free(script);
	if (!WIFEXITED(rc) || WEXITSTATUS(rc) != 0) {
		int code = WIFEXITED(rc) && WEXITSTATUS(rc) == 77 ? 77 : 1;

		fprintf(stderr, "the test servers did not start\n");
		tw_test_rmtree(srv);
		exit(code); /* 77: python3 or openssl missing, skip */
	}
	http_port = read_port("http");
	https_port = read_port("https");
	hole_port = read_port("blackhole");
	cacert = tw_xasprintf("%s/ca.pem", srv);
	put_file("a.txt", "hello\n");
	put_file("ips.txt", "# list\n192.0.2.1\n198.51.100.0/24\nnonsense\n");
	/* Loopback only: no proxy from the environment may carry the tests. */
	unsetenv("http_proxy");
	unsetenv("https_proxy");
	unsetenv("HTTPS_PROXY");
	unsetenv("all_proxy");
	unsetenv("ALL_PROXY");
	setenv("no_proxy", "127.0.0.1,localhost", 1);
}

static void servers_down(void)
{
	char *script = tw_test_path("servers.sh");
	char *cmd = tw_xasprintf("sh '%s' stop '%s'", script, srv);

	if (system(cmd) != 0)
		fprintf(stderr, "could not stop the test servers\n");
	free(cmd);
	free(script);
	tw_test_rmtree(srv);
	free(srv);
	free(cacert);
}

static char *url(const char *fmt, ...) TW_PRINTF(1, 2);
static char *url(const char *fmt, ...)
{
	va_list ap;
	char *u;

	va_start(ap, fmt);
	u = tw_xvasprintf(fmt, ap);
	va_end(ap);
	return u;
}

/* Fetch and check the status; the body is returned (caller frees). */
static char *get(const char *u, const struct tw_fetch_opts *o, enum tw_fetch_status want,
                 struct tw_diags *d)
{
	struct tw_buf b;
	enum tw_fetch_status st;

	tw_buf_init(&b);
	st = tw_fetch(u, o, &b, NULL, d);
	if (st != want)
		tw_diags_print(d, stderr, false);
	ck_assert_msg(st == want, "%s: got %s, expected %s", u, tw_fetch_status_name(st),
	              tw_fetch_status_name(want));
	if (st != TW_FETCH_OK) {
		/* Failure leaves nothing behind, and says why at the URL. */
		ck_assert_ptr_null(b.data);
		ck_assert_uint_eq(b.len, 0);
		ck_assert_uint_ge(tw_diags_count(d, TW_ERROR), 1);
		if (tw_has_control(u)) { /* never echoed to a terminal raw */
			ck_assert_ptr_null(strchr(d->v[d->n - 1].file, '\x1b'));
			ck_assert_ptr_nonnull(strstr(d->v[d->n - 1].file, "?[2J"));
		} else
			ck_assert_str_eq(d->v[d->n - 1].file, u);
	}
	return b.data;
}

static bool diag_has(const struct tw_diags *d, const char *needle)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (strstr(d->v[i].msg, needle))
			return true;
	return false;
}

static bool log_has(const char *server, const char *needle)
{
	char *path = tw_xasprintf("%s/%s.log", srv, server);
	char *text = tw_test_slurp(path, NULL);
	bool found = text && strstr(text, needle);

	free(text);
	free(path);
	return found;
}

START_TEST(test_http_when_allowed)
{
	struct tw_fetch_opts o;
	struct tw_diags d;
	char *u = url("http://127.0.0.1:%d/a.txt", http_port), *body;
	long code = 0;
	struct tw_buf b;

	tw_fetch_opts_init(&o);
	o.insecure_http = true;
	tw_diags_init(&d);
	body = get(u, &o, TW_FETCH_OK, &d);
	ck_assert_str_eq(body, "hello\n");
	free(body);
	tw_buf_init(&b);
	ck_assert_int_eq(tw_fetch(u, &o, &b, &code, &d), TW_FETCH_OK);
	ck_assert_int_eq(code, 200);
	ck_assert_uint_eq(b.len, 6);
	tw_buf_free(&b);
	ck_assert_uint_eq(d.n, 0);
	tw_diags_clear(&d);
	free(u);
}
END_TEST

START_TEST(test_http_refused_by_default)
{
	struct tw_fetch_opts o;
	struct tw_diags d;
	char *u = url("http://127.0.0.1:%d/refused-http.txt", http_port);

	tw_fetch_opts_init(&o);
	tw_diags_init(&d);
	ck_assert_ptr_null(get(u, &o, TW_FETCH_EURL, &d));
	ck_assert(diag_has(&d, "plain HTTP"));
	ck_assert(!log_has("http", "refused-http.txt")); /* nothing was even asked */
	tw_diags_clear(&d);
	free(u);
}
END_TEST

START_TEST(test_https_with_cacert)
{
	struct tw_fetch_opts o;
	struct tw_diags d;
	char *u = url("https://127.0.0.1:%d/a.txt", https_port), *body;

	tw_fetch_opts_init(&o);
	o.cacert = cacert;
	tw_diags_init(&d);
	body = get(u, &o, TW_FETCH_OK, &d);
	ck_assert_str_eq(body, "hello\n");
	free(body);
	tw_diags_clear(&d);
	free(u);
}
END_TEST

START_TEST(test_https_untrusted_fails)
{
	struct tw_fetch_opts o;
	struct tw_diags d;
	char *u = url("https://127.0.0.1:%d/a.txt", https_port);
	char *other = tw_xasprintf("%s/other-ca.pem", srv);

	tw_fetch_opts_init(&o);
	tw_diags_init(&d);
	ck_assert_ptr_null(get(u, &o, TW_FETCH_ETLS, &d));
	ck_assert(diag_has(&d, "TLS failure"));
	ck_assert_ptr_nonnull(d.v[0].hint);
	ck_assert_ptr_nonnull(strstr(d.v[0].hint, "--cacert")); /* says how to fix it */
	tw_diags_clear(&d);
	/* Trusting some other CA does not help. */
	o.cacert = other;
	ck_assert_ptr_null(get(u, &o, TW_FETCH_ETLS, &d));
	tw_diags_clear(&d);
	/* Nor does a CA file that is not there. */
	o.cacert = "/nonexistent/ca.pem";
	ck_assert_ptr_null(get(u, &o, TW_FETCH_ETLS, &d));
	tw_diags_clear(&d);
	free(other);
	free(u);
}
END_TEST

START_TEST(test_total_timeout)
{
	struct tw_fetch_opts o;
	struct tw_diags d;
	char *u = url("https://127.0.0.1:%d/stall", https_port);

	tw_fetch_opts_init(&o);
	o.cacert = cacert;
	o.timeout_ms = 1000;
	tw_diags_init(&d);
	/* (the server says nothing for 30 s: a timeout is the limit's doing) */
	ck_assert_ptr_null(get(u, &o, TW_FETCH_ETIMEOUT, &d));
	ck_assert(diag_has(&d, "timed out"));
	tw_diags_clear(&d);
	free(u);
	/* A body that trickles in (a byte a second for 100 s) is cut at the
	 * limit too. */
	u = url("https://127.0.0.1:%d/trickle", https_port);
	ck_assert_ptr_null(get(u, &o, TW_FETCH_ETIMEOUT, &d));
	ck_assert(diag_has(&d, "timed out"));
	tw_diags_clear(&d);
	free(u);
}
END_TEST

START_TEST(test_connect_timeout)
{
	struct tw_fetch_opts o;
	struct tw_diags d;
	char *u = url("https://127.0.0.1:%d/", hole_port);

	tw_fetch_opts_init(&o);
	o.connect_timeout_ms = 500;
	tw_diags_init(&d);
	/* (the black hole never accepts: only the connect limit ends it) */
	ck_assert_ptr_null(get(u, &o, TW_FETCH_ETIMEOUT, &d));
	tw_diags_clear(&d);
	free(u);
}
END_TEST

START_TEST(test_http_status)
{
	static const int codes[] = { 404, 500, 403 };
	struct tw_fetch_opts o;
	struct tw_diags d;
	size_t i;

	tw_fetch_opts_init(&o);
	o.cacert = cacert;
	tw_diags_init(&d);
	for (i = 0; i < TW_ARRAY_LEN(codes); i++) {
		char *u = url("https://127.0.0.1:%d/status/%d", https_port, codes[i]);
		char want[32];
		struct tw_buf b;
		long code = 0;

		tw_buf_init(&b);
		ck_assert_int_eq(tw_fetch(u, &o, &b, &code, &d), TW_FETCH_EHTTP);
		ck_assert_int_eq(code, codes[i]);
		ck_assert_ptr_null(b.data);
		snprintf(want, sizeof(want), "HTTP %d", codes[i]);
		ck_assert(diag_has(&d, want));
		tw_diags_clear(&d);
		free(u);
	}
}
END_TEST

START_TEST(test_redirects)
{
	struct tw_fetch_opts o;
	struct tw_diags d;
	char *u, *body;

	tw_fetch_opts_init(&o);
	o.cacert = cacert;
	tw_diags_init(&d);
	u = url("https://127.0.0.1:%d/loop", https_port);
	ck_assert_ptr_null(get(u, &o, TW_FETCH_EREDIRECT, &d));
	ck_assert(diag_has(&d, "too many redirects"));
	tw_diags_clear(&d);
	free(u);
	/* A redirect within HTTPS is followed. */
	u = url("https://127.0.0.1:%d/redirect?to=/a.txt", https_port);
	body = get(u, &o, TW_FETCH_OK, &d);
	ck_assert_str_eq(body, "hello\n");
	free(body);
	free(u);
	/* Never to a local file... */
	u = url("https://127.0.0.1:%d/redirect?to=file:///etc/hostname", https_port);
	ck_assert_ptr_null(get(u, &o, TW_FETCH_EREDIRECT, &d));
	tw_diags_clear(&d);
	free(u);
	/* ...nor down to plain HTTP unless that is allowed. */
	u = url("https://127.0.0.1:%d/redirect?to=http://127.0.0.1:%d/a.txt", https_port, http_port);
	ck_assert_ptr_null(get(u, &o, TW_FETCH_EREDIRECT, &d));
	tw_diags_clear(&d);
	o.insecure_http = true;
	body = get(u, &o, TW_FETCH_OK, &d);
	ck_assert_str_eq(body, "hello\n");
	free(body);
	free(u);
	/* max_redirects 0: no redirect at all. */
	o.max_redirects = 0;
	u = url("https://127.0.0.1:%d/redirect?to=/a.txt", https_port);
	ck_assert_ptr_null(get(u, &o, TW_FETCH_EREDIRECT, &d));
	tw_diags_clear(&d);
	free(u);
}
END_TEST

START_TEST(test_size_cap)
{
	struct tw_fetch_opts o;
	struct tw_diags d;
	char *u, *body;

	tw_fetch_opts_init(&o);
	o.cacert = cacert;
	o.max_size = 5000;
	tw_diags_init(&d);
	/* Announced by Content-Length... */
	u = url("https://127.0.0.1:%d/big?n=5001", https_port);
	ck_assert_ptr_null(get(u, &o, TW_FETCH_ETOOBIG, &d));
	ck_assert(diag_has(&d, "5000 bytes"));
	tw_diags_clear(&d);
	free(u);
	/* ...or only found out while reading. */
	u = url("https://127.0.0.1:%d/bigstream?n=100000", https_port);
	ck_assert_ptr_null(get(u, &o, TW_FETCH_ETOOBIG, &d));
	tw_diags_clear(&d);
	free(u);
	/* Exactly the limit is fine. */
	u = url("https://127.0.0.1:%d/bigstream?n=5000", https_port);
	body = get(u, &o, TW_FETCH_OK, &d);
	ck_assert_uint_eq(strlen(body), 5000);
	free(body);
	free(u);
	tw_diags_clear(&d);
}
END_TEST

START_TEST(test_file_urls)
{
	struct tw_fetch_opts o;
	struct tw_diags d;
	char *u = url("file://%s/www/a.txt", srv), *body;

	tw_fetch_opts_init(&o);
	tw_diags_init(&d);
	body = get(u, &o, TW_FETCH_OK, &d);
	ck_assert_str_eq(body, "hello\n");
	free(body);
	free(u);
	u = url("file://%s/www/missing.txt", srv);
	ck_assert_ptr_null(get(u, &o, TW_FETCH_EFILE, &d));
	tw_diags_clear(&d);
	free(u);
	/* The size cap holds for files too. */
	o.max_size = 3;
	u = url("file://%s/www/a.txt", srv);
	ck_assert_ptr_null(get(u, &o, TW_FETCH_ETOOBIG, &d));
	tw_diags_clear(&d);
	free(u);
}
END_TEST

/* The verdict, checking that a refusal (and only a refusal) says why. */
static bool url_ok(const char *url, const struct tw_fetch_opts *o)
{
	char *cause = NULL;
	bool ok = tw_fetch_url_ok(url, o, &cause);

	ck_assert(ok ? cause == NULL : cause != NULL && *cause);
	free(cause);
	return ok;
}

START_TEST(test_urls_refused)
{
	static const char *const bad[] = {
		"ftp://127.0.0.1/x", "gopher://127.0.0.1/", "127.0.0.1/a.txt", "", "HTTP://127.0.0.1/",
		"dict://127.0.0.1/", "https://127.0.0.1/\x1b[2J",
	};
	struct tw_fetch_opts o;
	struct tw_diags d;
	size_t i;

	tw_fetch_opts_init(&o);
	tw_diags_init(&d);
	for (i = 0; i < TW_ARRAY_LEN(bad); i++) {
		ck_assert(!url_ok(bad[i], &o));
		ck_assert_ptr_null(get(bad[i], &o, TW_FETCH_EURL, &d));
		tw_diags_clear(&d);
	}
	ck_assert(url_ok("https://example.com/x", &o));
	ck_assert(url_ok("file:///tmp/x", &o));
	o.insecure_http = true;
	ck_assert(url_ok("HTTP://127.0.0.1/", &o));
	ck_assert(!url_ok("ftp://127.0.0.1/x", &o));
}
END_TEST

struct prog {
	int calls;
	uint64_t last, total;
	bool cancel;
};

static int on_progress(void *ctx, uint64_t now, uint64_t total)
{
	struct prog *p = ctx;

	p->calls++;
	p->last = now;
	if (total)
		p->total = total;
	return p->cancel && now > 0;
}

START_TEST(test_progress)
{
	struct tw_fetch_opts o;
	struct tw_diags d;
	struct prog p = { 0, 0, 0, false };
	char *u = url("https://127.0.0.1:%d/big?n=300000", https_port), *body;

	tw_fetch_opts_init(&o);
	o.cacert = cacert;
	o.progress = on_progress;
	o.progress_ctx = &p;
	tw_diags_init(&d);
	body = get(u, &o, TW_FETCH_OK, &d);
	free(body);
	ck_assert_int_ge(p.calls, 1);
	ck_assert_uint_eq(p.last, 300000);
	ck_assert_uint_eq(p.total, 300000);
	/* Returning nonzero cancels. */
	p.cancel = true;
	ck_assert_ptr_null(get(u, &o, TW_FETCH_ECANCELLED, &d));
	ck_assert(diag_has(&d, "cancelled"));
	tw_diags_clear(&d);
	free(u);
}
END_TEST

START_TEST(test_host_not_found)
{
	struct tw_fetch_opts o;
	struct tw_diags d;
	char label[71];
	char *u;

	/* A label longer than 63 octets: the resolver refuses the name
	 * without sending a query, so no DNS server is asked. */
	memset(label, 'a', 70);
	label[70] = '\0';
	u = url("https://%s.invalid/list.txt", label);
	tw_fetch_opts_init(&o);
	tw_diags_init(&d);
	ck_assert_ptr_null(get(u, &o, TW_FETCH_EHOST, &d));
	ck_assert(diag_has(&d, "host not found"));
	tw_diags_clear(&d);
	free(u);
}
END_TEST

START_TEST(test_credentials_not_shown)
{
	struct tw_fetch_opts o;
	struct tw_diags d;
	char *u = url("https://pbx:s3cret@127.0.0.1:%d/status/404", https_port), *shown;
	struct tw_buf b;

	shown = tw_fetch_url_display("https://user:pw@example.com:8443/x?a=b@c");
	ck_assert_str_eq(shown, "https://example.com:8443/x?a=b@c");
	free(shown);
	shown = tw_fetch_url_display("file:///tmp/a@b.txt");
	ck_assert_str_eq(shown, "file:///tmp/a@b.txt");
	free(shown);
	tw_fetch_opts_init(&o);
	o.cacert = cacert;
	tw_diags_init(&d);
	tw_buf_init(&b);
	ck_assert_int_eq(tw_fetch(u, &o, &b, NULL, &d), TW_FETCH_EHTTP);
	ck_assert_uint_eq(d.n, 1);
	ck_assert_ptr_null(strstr(d.v[0].file, "s3cret"));
	ck_assert_ptr_null(strstr(d.v[0].msg, "s3cret"));
	tw_diags_clear(&d);
	free(u);
}
END_TEST

START_TEST(test_status_mapping)
{
	/* libcurl codes (curl/curl.h) for failures loopback cannot provoke. */
	ck_assert_int_eq(tw_fetch_status_from_curl(0, false), TW_FETCH_OK);
	ck_assert_int_eq(tw_fetch_status_from_curl(5, false), TW_FETCH_EHOST);   /* proxy */
	ck_assert_int_eq(tw_fetch_status_from_curl(6, false), TW_FETCH_EHOST);
	ck_assert_int_eq(tw_fetch_status_from_curl(7, false), TW_FETCH_ECONNECT);
	ck_assert_int_eq(tw_fetch_status_from_curl(28, false), TW_FETCH_ETIMEOUT);
	ck_assert_int_eq(tw_fetch_status_from_curl(60, false), TW_FETCH_ETLS);
	ck_assert_int_eq(tw_fetch_status_from_curl(23, true), TW_FETCH_ETOOBIG);
	ck_assert_int_eq(tw_fetch_status_from_curl(23, false), TW_FETCH_EOTHER);
	ck_assert_int_eq(tw_fetch_status_from_curl(47, false), TW_FETCH_EREDIRECT);
	ck_assert_str_eq(tw_fetch_status_name(TW_FETCH_ETIMEOUT), "timeout");
}
END_TEST

START_TEST(test_proxy_from_environment)
{
	struct tw_fetch_opts o;
	struct tw_diags d;
	char *proxy = url("http://127.0.0.1:%d", http_port), *body;

	/* libcurl reads http_proxy: the request goes to the loopback server
	 * acting as proxy, and the name in the URL is never resolved. */
	setenv("http_proxy", proxy, 1);
	unsetenv("no_proxy");
	tw_fetch_opts_init(&o);
	o.insecure_http = true;
	tw_diags_init(&d);
	body = get("http://provider.invalid/list.txt", &o, TW_FETCH_OK, &d);
	ck_assert_str_eq(body, "proxied http://provider.invalid/list.txt\n");
	free(body);
	unsetenv("http_proxy");
	setenv("no_proxy", "127.0.0.1,localhost", 1);
	tw_diags_clear(&d);
	free(proxy);
}
END_TEST

static enum tw_fetch_status public_ip(const char *path, char **ip, struct tw_diags *d)
{
	struct tw_fetch_opts o;
	char *u = url("https://127.0.0.1:%d/%s", https_port, path);
	enum tw_fetch_status st;

	tw_fetch_opts_init(&o);
	o.cacert = cacert;
	st = tw_fetch_public_ipv4(u, &o, ip, d);
	free(u);
	return st;
}

START_TEST(test_public_ipv4)
{
	static const char *const bad[] = {
		"say?text=2001:db8::1", "say?text=203.0.113.7%20198.51.100.1",
		"say?text=%3Chtml%3E203.0.113.7%3C/html%3E", "say?text=203.0.113.300",
		"say?text=host.example.com", "say?text=203.0.113.7%00junk", "say?text=%20",
	};
	struct tw_diags d;
	char *ip = NULL;
	size_t i;

	tw_diags_init(&d);
	ck_assert_int_eq(public_ip("say?text=203.0.113.7", &ip, &d), TW_FETCH_OK);
	ck_assert_str_eq(ip, "203.0.113.7");
	free(ip);
	ck_assert_int_eq(public_ip("say?text=%20%20198.51.100.23%0D%0A", &ip, &d), TW_FETCH_OK);
	ck_assert_str_eq(ip, "198.51.100.23");
	free(ip);
	ck_assert_uint_eq(d.n, 0);
	for (i = 0; i < TW_ARRAY_LEN(bad); i++) {
		ck_assert_int_eq(public_ip(bad[i], &ip, &d), TW_FETCH_ECONTENT);
		ck_assert_ptr_null(ip);
		ck_assert(diag_has(&d, "not one IPv4 address"));
		tw_diags_clear(&d);
	}
	ck_assert_int_eq(public_ip("status/404", &ip, &d), TW_FETCH_EHTTP);
	ck_assert_ptr_null(ip);
	tw_diags_clear(&d);
}
END_TEST

START_TEST(test_iplist_fetch)
{
	struct tw_fetch_opts o;
	struct tw_diags d;
	struct tw_iplist l;
	char *u = url("https://127.0.0.1:%d/ips.txt", https_port);

	tw_fetch_opts_init(&o);
	o.cacert = cacert;
	tw_diags_init(&d);
	ck_assert_int_eq(tw_iplist_fetch(u, TW_IPLIST_TEXT, NULL, &o, &l, &d), TW_FETCH_OK);
	ck_assert_uint_eq(l.n, 2);
	ck_assert_str_eq(l.v[1], "198.51.100.0/24");
	ck_assert_uint_eq(d.n, 1);        /* "nonsense", a warning... */
	ck_assert_uint_eq(d.v[0].line, 4); /* ...at its line */
	tw_iplist_free(&l);
	tw_diags_clear(&d);
	/* Not JSON: malformed content. */
	ck_assert_int_eq(tw_iplist_fetch(u, TW_IPLIST_JSON, NULL, &o, &l, &d), TW_FETCH_ECONTENT);
	ck_assert_uint_eq(l.n, 0);
	tw_diags_clear(&d);
	free(u);
	/* A failed download is passed on. */
	u = url("https://127.0.0.1:%d/status/404", https_port);
	ck_assert_int_eq(tw_iplist_fetch(u, TW_IPLIST_TEXT, NULL, &o, &l, &d), TW_FETCH_EHTTP);
	tw_diags_clear(&d);
	free(u);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("fetch");
	TCase *tc = tcase_create("fetch");
	int rc;

	servers_up();
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_http_when_allowed);
	tcase_add_test(tc, test_http_refused_by_default);
	tcase_add_test(tc, test_https_with_cacert);
	tcase_add_test(tc, test_https_untrusted_fails);
	tcase_add_test(tc, test_total_timeout);
	tcase_add_test(tc, test_connect_timeout);
	tcase_add_test(tc, test_http_status);
	tcase_add_test(tc, test_redirects);
	tcase_add_test(tc, test_size_cap);
	tcase_add_test(tc, test_file_urls);
	tcase_add_test(tc, test_urls_refused);
	tcase_add_test(tc, test_progress);
	tcase_add_test(tc, test_host_not_found);
	tcase_add_test(tc, test_credentials_not_shown);
	tcase_add_test(tc, test_status_mapping);
	tcase_add_test(tc, test_proxy_from_environment);
	tcase_add_test(tc, test_public_ipv4);
	tcase_add_test(tc, test_iplist_fetch);
	suite_add_tcase(s, tc);
	rc = tw_test_run(s);
	servers_down();
	return rc;
}
