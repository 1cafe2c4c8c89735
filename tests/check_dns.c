/* check_dns.c - SRV records, the hosts file, and lookups bounded by a time
 * limit and a cancel flag (src/core/net/dns.c). */
#include "config.h"

#include <signal.h>
#include <unistd.h>

#include "tw_test.h"

#include "trunkwiz/net.h"
#include "net/net.h"

START_TEST(test_hosts_and_srv)
{
	char *dir = tw_test_tmpdir(), *path = tw_xasprintf("%s/hosts", dir), **a = NULL;
	struct tw_hosts *h = NULL;
	struct tw_srv *s = NULL;
	struct tw_diags d;
	int n;

	tw_test_write(dir, "hosts", "# test hosts\n192.0.2.10 sip.example.test a.example.test\n"
	                         "2001:db8::10 sip.example.test\n"
	                         "SRV _sip._udp.example.test 20 0 5080 b.example.test.\n"
	                         "SRV _sip._udp.example.test 10 5 5070 a.example.test\n"
	                         "SRV _sip._tcp.none.test 0 0 0 .\n");
	tw_diags_init(&d);
	ck_assert_int_eq(tw_hosts_load(&h, path, &d), 0);
	tw_hosts_use(h);
	n = tw_resolve("SIP.example.test.", &a);
	ck_assert_int_eq(n, 2);
	ck_assert_str_eq(a[0], "192.0.2.10");
	ck_assert_str_eq(a[1], "2001:db8::10");
	tw_strv_free(&a, (size_t)n);
	ck_assert_int_eq(tw_resolve("nowhere.test", &a), 0);
	n = tw_srv_resolve_bounded("_sip._udp.example.test", &s, 1000, NULL);
	ck_assert_int_eq(n, 2);
	ck_assert_str_eq(s[0].target, "a.example.test");
	ck_assert_uint_eq(s[0].port, 5070);
	ck_assert_str_eq(s[1].target, "b.example.test");
	tw_srv_free(&s, (size_t)n);
	ck_assert_int_eq(tw_srv_resolve("_sip._tcp.none.test", &s), 0);
	ck_assert_str_eq(tw_srv_service(TW_TRANSPORT_TLS), "_sips._tcp");
	tw_hosts_use(NULL);
	tw_hosts_free(&h);

	tw_test_write(dir, "bad", "SRV _sip._udp.x 1 2\nnot-an-address name\n");
	free(path);
	path = tw_xasprintf("%s/bad", dir);
	ck_assert_int_eq(tw_hosts_load(&h, path, &d), -1);
	ck_assert_uint_eq(d.n, 2);
	ck_assert_uint_eq(d.v[0].line, 1);
	tw_diags_clear(&d);
	free(path);
	tw_test_rmtree(dir);
	free(dir);
}
END_TEST

/* Records as a resolver hands them over, unsorted. */
static int three_srv(const char *name, struct tw_srv **out, void *ctx)
{
	static const struct tw_srv v[] = {
		{ 20, 10, 5060, "c.example.test" },
		{ 10, 1, 5061, "b.example.test" },
		{ 10, 50, 5062, "a.example.test" },
	};
	size_t i;

	(void)ctx;
	ck_assert_str_eq(name, "_sip._udp.example.test");
	*out = tw_xcalloc(3, sizeof(**out));
	for (i = 0; i < 3; i++) {
		(*out)[i] = v[i];
		(*out)[i].target = tw_xstrdup(v[i].target);
	}
	return 3;
}

static int dot_srv(const char *name, struct tw_srv **out, void *ctx)
{
	(void)name;
	(void)ctx;
	*out = tw_xcalloc(1, sizeof(**out));
	(*out)[0].target = tw_xstrdup(".");
	(*out)[0].port = 0;
	return 1;
}

static int failing_srv(const char *name, struct tw_srv **out, void *ctx)
{
	(void)name;
	(void)ctx;
	*out = NULL;
	return -1;
}

/* Lowest priority first; within one, the highest weight first (RFC 2782
 * order as the doctor tries them); a lone "." means "not offered". */
START_TEST(test_srv_order_and_dot)
{
	struct tw_srv *s = NULL;

	tw_set_srv_resolver(three_srv, NULL);
	ck_assert_int_eq(tw_srv_resolve("_sip._udp.example.test", &s), 3);
	ck_assert_str_eq(s[0].target, "a.example.test");
	ck_assert_uint_eq(s[0].port, 5062);
	ck_assert_str_eq(s[1].target, "b.example.test");
	ck_assert_str_eq(s[2].target, "c.example.test");
	ck_assert_uint_eq(s[2].prio, 20);
	tw_srv_free(&s, 3);
	ck_assert_ptr_null(s);
	tw_srv_free(&s, 3); /* NULL-safe */
	tw_set_srv_resolver(dot_srv, NULL);
	ck_assert_int_eq(tw_srv_resolve("_sip._udp.example.test", &s), 0);
	ck_assert_ptr_null(s);
	tw_set_srv_resolver(failing_srv, NULL);
	ck_assert_int_eq(tw_srv_resolve("_sip._udp.example.test", &s), -1);
	tw_set_srv_resolver(NULL, NULL);
	ck_assert_str_eq(tw_srv_service(TW_TRANSPORT_UDP), "_sip._udp");
	ck_assert_str_eq(tw_srv_service(TW_TRANSPORT_TCP), "_sip._tcp");
}
END_TEST

static int must_not_ask(const char *name, char ***out, void *ctx)
{
	(void)out;
	(void)ctx;
	ck_abort_msg("the resolver was asked for %s", name);
	return -1;
}

/* A numeric address is its own answer: no resolver is asked, and an empty
 * name is an error. */
START_TEST(test_numeric_not_asked)
{
	char **a = NULL;

	tw_set_resolver(must_not_ask, NULL);
	ck_assert_int_eq(tw_resolve("192.0.2.7", &a), 1);
	ck_assert_str_eq(a[0], "192.0.2.7");
	tw_strv_free(&a, 1);
	ck_assert_int_eq(tw_resolve("2001:db8::7", &a), 1);
	ck_assert_str_eq(a[0], "2001:db8::7");
	tw_strv_free(&a, 1);
	ck_assert_int_eq(tw_resolve("", &a), -1);
	ck_assert_int_eq(tw_resolve_bounded("198.51.100.1", &a, 60000, NULL), 1);
	ck_assert_str_eq(a[0], "198.51.100.1");
	tw_strv_free(&a, 1);
	tw_set_resolver(NULL, NULL);
}
END_TEST

/* Every way a hosts file can be wrong is named by file and line, and a
 * missing file says so. */
START_TEST(test_hosts_errors)
{
	char *dir = tw_test_tmpdir(), *path = tw_xasprintf("%s/h", dir);
	struct tw_hosts *h = NULL;
	struct tw_diags d;

	tw_test_write(dir, "h", "192.0.2.1\n"                        /* 1: no name */
	                     "SRV _sip._udp.x 1 2 70000 t.example\n" /* 2: port */
	                     "SRV _sip._udp.x a b c t.example\n"    /* 3: numbers */
	                     "# a comment\n\n"
	                     "192.0.2.2 fine.example\n");
	tw_diags_init(&d);
	ck_assert_int_eq(tw_hosts_load(&h, path, &d), -1);
	ck_assert_ptr_null(h);
	ck_assert_uint_eq(d.n, 3);
	ck_assert_uint_eq(d.v[0].line, 1);
	ck_assert_str_eq(d.v[0].file, path);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "not a hosts line"));
	ck_assert_uint_eq(d.v[1].line, 2);
	ck_assert_ptr_nonnull(strstr(d.v[1].msg, "bad SRV line"));
	ck_assert_uint_eq(d.v[2].line, 3);
	tw_diags_clear(&d);
	free(path);
	path = tw_xasprintf("%s/missing", dir);
	ck_assert_int_eq(tw_hosts_load(&h, path, &d), -1);
	ck_assert_uint_eq(d.n, 1);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "cannot open hosts file"));
	tw_diags_clear(&d);
	tw_hosts_free(&h); /* NULL-safe */
	free(path);
	tw_test_rmtree(dir);
	free(dir);
}
END_TEST

/* A resolver that answers only when the test opens its gate (a byte in a
 * pipe), then says it is done: a bounded lookup that returns while the
 * gate is shut has not waited for it. */
static int gate[2], done_pipe[2];

static int gated_resolver(const char *name, char ***out, void *ctx)
{
	char c;

	(void)name;
	(void)ctx;
	if (read(gate[0], &c, 1) != 1)
		return -1;
	*out = tw_xcalloc(1, sizeof(**out));
	(*out)[0] = tw_xstrdup("192.0.2.1");
	if (write(done_pipe[1], "x", 1) != 1)
		return -1;
	return 1;
}

START_TEST(test_bounded_lookup)
{
	char **a = NULL, c;
	volatile sig_atomic_t flag = 1;
	struct tw_cancel cancel = { &flag, NULL, NULL };
	int i;

	ck_assert_int_eq(pipe(gate), 0);
	ck_assert_int_eq(pipe(done_pipe), 0);
	tw_set_resolver(gated_resolver, NULL);
	/* The gate is shut: the limit, then the cancel flag end the waits. */
	ck_assert_int_eq(tw_resolve_bounded("slow.test", &a, 200, NULL), TW_DNS_TIMEOUT);
	ck_assert_ptr_null(a);
	ck_assert_int_eq(tw_resolve_bounded("slow.test", &a, 60000, &cancel), TW_DNS_CANCELLED);
	ck_assert_ptr_null(a);
	/* Open: the two abandoned lookups end, the next one answers. */
	ck_assert_int_eq(write(gate[1], "xxx", 3), 3);
	ck_assert_int_eq(tw_resolve_bounded("slow.test", &a, 60000, NULL), 1);
	ck_assert_str_eq(a[0], "192.0.2.1");
	tw_strv_free(&a, 1);
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(read(done_pipe[0], &c, 1), 1);
	tw_set_resolver(NULL, NULL);
}
END_TEST

static int gated_srv(const char *name, struct tw_srv **out, void *ctx)
{
	char c;

	(void)name;
	(void)ctx;
	*out = NULL;
	if (read(gate[0], &c, 1) != 1)
		return -1;
	*out = tw_xcalloc(1, sizeof(**out));
	(*out)[0].target = tw_xstrdup("sip.example.test");
	(*out)[0].port = 5060;
	if (write(done_pipe[1], "x", 1) != 1)
		return -1;
	return 1;
}

START_TEST(test_bounded_srv)
{
	volatile sig_atomic_t flag = 1;
	struct tw_cancel cancel = { &flag, NULL, NULL };
	struct tw_srv *s = NULL;
	char c;

	ck_assert_int_eq(pipe(gate), 0);
	ck_assert_int_eq(pipe(done_pipe), 0);
	tw_set_srv_resolver(gated_srv, NULL);
	ck_assert_int_eq(tw_srv_resolve_bounded("_sip._udp.x.test", &s, 100, NULL), TW_DNS_TIMEOUT);
	ck_assert_int_eq(tw_srv_resolve_bounded("_sip._udp.x.test", &s, 60000, &cancel), TW_DNS_CANCELLED);
	ck_assert_ptr_null(s);
	ck_assert_int_eq(write(gate[1], "xxx", 3), 3);
	ck_assert_int_eq(tw_srv_resolve_bounded("_sip._udp.x.test", &s, 60000, NULL), 1);
	ck_assert_str_eq(s[0].target, "sip.example.test");
	tw_srv_free(&s, 1);
	ck_assert_int_eq(read(done_pipe[0], &c, 1), 1);
	ck_assert_int_eq(read(done_pipe[0], &c, 1), 1);
	ck_assert_int_eq(read(done_pipe[0], &c, 1), 1);
	tw_set_srv_resolver(NULL, NULL);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("dns");
	TCase *tc = tcase_create("dns");

	tcase_add_test(tc, test_hosts_and_srv);
	tcase_add_test(tc, test_srv_order_and_dot);
	tcase_add_test(tc, test_numeric_not_asked);
	tcase_add_test(tc, test_hosts_errors);
	tcase_add_test(tc, test_bounded_lookup);
	tcase_add_test(tc, test_bounded_srv);
	suite_add_tcase(s, tc);
	return tw_test_run(s);
}
