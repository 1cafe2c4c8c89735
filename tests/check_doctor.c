#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tw_test.h"

#include "trunkwiz/doctor.h"
#include "trunkwiz/net.h"
#include "doctor/liveconf.h"
#include "doctor/doctor.h"
#include "net/net.h"



/* ---- local machine and live config ---- */

START_TEST(test_localnet)
{
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);
	int fd = socket(AF_INET, SOCK_DGRAM, 0), in_use;
	unsigned port;
	char *net;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sa, &sl), 0);
	port = ntohs(sa.sin_port);
	in_use = tw_port_in_use(NULL, TW_TRANSPORT_UDP, port);
	if (in_use >= 0) { /* /proc may be missing in odd sandboxes */
		ck_assert_int_eq(in_use, 1);
		close(fd);
		ck_assert_int_eq(tw_port_in_use(NULL, TW_TRANSPORT_UDP, port), 0);
	} else {
		close(fd);
	}
	ck_assert_int_eq(tw_port_in_use("/nonexistent", TW_TRANSPORT_TCP, 5060), -1);
	ck_assert(tw_addr_is_private("192.168.1.20"));
	ck_assert(tw_addr_is_private("10.1.2.3"));
	ck_assert(tw_addr_is_private("172.31.0.1"));
	ck_assert(tw_addr_is_private("100.64.0.1"));
	ck_assert(tw_addr_is_private("fd00::2"));
	ck_assert(!tw_addr_is_private("172.32.0.1"));
	ck_assert(!tw_addr_is_private("203.0.113.7"));
	net = tw_addr_network("192.168.1.20", 24);
	ck_assert_str_eq(net, "192.168.1.0/24");
	free(net);
	net = tw_addr_network("10.20.30.40", 12);
	ck_assert_str_eq(net, "10.16.0.0/12");
	free(net);
	net = tw_addr_network("fd00:1:2:3::9", 64);
	ck_assert_str_eq(net, "fd00:1:2:3::/64");
	free(net);
}
END_TEST

START_TEST(test_liveconf)
{
	char *dir = tw_test_tmpdir();
	const struct tw_live_transport *t;
	struct tw_live l;
	struct tw_diags d;

	tw_test_write(dir, "pjsip.conf", "[global]\ntype = global\n#include pjsip_transports.conf\n");
	tw_test_write(dir, "pjsip_transports.conf",
	           "[tpl](!)\ntype = transport\nlocal_net = 10.0.0.0/8\n"
	           "[transport-tcp](tpl)\nprotocol = tcp\nbind = 0.0.0.0:5070\n"
	           "[transport-udp](tpl)\nprotocol = udp\nbind = 0.0.0.0\n"
	           "external_media_address = 203.0.113.7\nlocal_net = 192.168.0.0/16\n");
	tw_test_write(dir, "rtp.conf", "[general]\nrtpstart = 16384\nrtpend = 32767\n");
	tw_diags_init(&d);
	ck_assert_int_eq(tw_live_load(&l, dir, &d), 0);
	ck_assert(l.have_pjsip && l.have_rtp);
	ck_assert_uint_eq(l.n, 2);
	ck_assert_uint_eq(l.rtp_start, 16384);
	ck_assert_uint_eq(l.rtp_end, 32767);
	t = tw_live_transport_for(&l, NULL, TW_TRANSPORT_UDP);
	ck_assert_ptr_nonnull(t);
	ck_assert_str_eq(t->name, "transport-udp");
	ck_assert_uint_eq(t->port, 5060);
	ck_assert_str_eq(t->ext_media, "203.0.113.7");
	ck_assert_ptr_null(t->ext_signaling);
	ck_assert_uint_eq(t->nlocal_nets, 2);
	ck_assert_ptr_nonnull(strstr(t->file, "pjsip_transports.conf"));
	t = tw_live_transport_for(&l, NULL, TW_TRANSPORT_TCP);
	ck_assert_uint_eq(t->port, 5070);
	ck_assert_ptr_null(tw_live_transport_for(&l, NULL, TW_TRANSPORT_TLS));
	ck_assert_ptr_null(tw_live_transport_for(&l, "nosuch", TW_TRANSPORT_UDP));
	tw_live_clear(&l);
	tw_test_rmtree(dir);
	free(dir);
	/* No config dir at all: defaults, nothing read. */
	ck_assert_int_eq(tw_live_load(&l, "/nonexistent", &d), 0);
	ck_assert(!l.have_pjsip && !l.have_rtp);
	ck_assert_uint_eq(l.rtp_start, 10000);
	ck_assert_uint_eq(d.n, 0);
	tw_live_clear(&l);

	/* A file that is not a config says why; the other is still read. */
	dir = tw_test_tmpdir();
	tw_test_write(dir, "pjsip.conf", "\x01\x02\x03\x04\x05\x06\x07\x08\n");
	tw_test_write(dir, "rtp.conf", "[general]\nrtpstart = 16384\n");
	ck_assert_int_eq(tw_live_load(&l, dir, &d), -1);
	ck_assert(!l.have_pjsip && l.have_rtp);
	ck_assert_str_eq(l.pjsip_error, "not a text config file (8 control bytes in 9)");
	ck_assert_uint_eq(d.n, 1);
	ck_assert_str_eq(d.v[0].file, l.pjsip_path);
	ck_assert_str_eq(d.v[0].msg, l.pjsip_error);
	ck_assert_str_eq(d.v[0].hint, "give the path of an Asterisk .conf file");
	tw_live_clear(&l);
	tw_diags_clear(&d);
	tw_test_write(dir, "pjsip.conf", "[transport-udp]\ntype = transport\n");
	tw_test_write(dir, "rtp.conf", "\x01\x02\x03\x04\x05\x06\x07\x08\n");
	ck_assert_int_eq(tw_live_load(&l, dir, &d), -1);
	ck_assert(l.have_pjsip && !l.have_rtp);
	ck_assert_ptr_null(l.pjsip_error);
	ck_assert_uint_eq(l.n, 1);
	ck_assert_uint_eq(d.n, 1);
	ck_assert_str_eq(d.v[0].file, l.rtp_path);
	tw_live_clear(&l);
	tw_diags_clear(&d);
	tw_test_rmtree(dir);
	free(dir);
}
END_TEST

/* ---- Asterisk's output ---- */

START_TEST(test_astcli)
{
	static const char regs[] =
		"\n <Registration/ServerURI..............................>  <Auth....................>  <Status.......>\n"
		"==========================================================================================\n"
		" other-reg/sip:sip.other.example                          other-auth                  Registered        (exp. 3559s)\n"
		" trunk-reg/sip:sip.provider.example.com                   trunk-auth                  Rejected\n"
		"\nObjects found: 2\n";
	static const char ep[] =
		"\n Endpoint:  <Endpoint/CID.....................................>  <State.....>  <Channels.>\n"
		"==========================================================================================\n"
		" Endpoint:  trunk-endpoint                                       Not in use    0 of inf\n"
		"        Aor:  trunk-aor                                          0\n"
		"      Contact:  trunk-aor/sip:sip.provider.example.com      1bd1b5bb10 Avail        12.012\n";
	char *st, *uri;

	ck_assert(tw_ast_registration(regs, "trunk-reg", &st, &uri));
	ck_assert_str_eq(st, "Rejected");
	ck_assert_str_eq(uri, "sip:sip.provider.example.com");
	free(st);
	free(uri);
	ck_assert(tw_ast_registration(regs, "other-reg", &st, &uri));
	ck_assert_str_eq(st, "Registered");
	free(st);
	free(uri);
	ck_assert(!tw_ast_registration(regs, "trunk-re", &st, &uri));
	ck_assert(tw_ast_endpoint(ep, &st, &uri));
	ck_assert_str_eq(st, "Not in use");
	ck_assert_str_eq(uri, "sip:sip.provider.example.com Avail 12.012 ms");
	free(st);
	free(uri);
	ck_assert(!tw_ast_endpoint("Unable to find object trunk-endpoint.\n", &st, &uri));
	ck_assert(tw_ast_not_running("Unable to connect to remote asterisk (does /var/run/asterisk/asterisk.ctl exist?)"));
	ck_assert(tw_ast_no_pjsip("No such command 'pjsip show registrations' (type 'core show help pjsip show' for other possible commands)"));
}
END_TEST


/* ---- the whole run, offline ---- */

static int test_resolver(const char *name, char ***out, void *ctx)
{
	(void)ctx;
	*out = NULL;
	if (strcmp(name, "sip.provider.test") != 0)
		return 0;
	*out = tw_xcalloc(1, sizeof(**out));
	(*out)[0] = tw_xstrdup("127.0.0.1");
	return 1;
}

static int no_srv(const char *name, struct tw_srv **out, void *ctx)
{
	(void)name;
	(void)ctx;
	*out = NULL;
	return 0;
}

static size_t checks_seen;

static void count_check(const struct tw_check *c, void *ctx)
{
	(void)ctx;
	ck_assert_ptr_nonnull(c->seen);
	checks_seen++;
}

static const struct tw_check *find(const struct tw_doctor_report *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->v[i].id, id) == 0)
			return &r->v[i];
	return NULL;
}

static struct tw_trunk *trunk(const char *const *words)
{
	struct tw_trunk *t = tw_trunk_new();
	struct tw_diags d;

	tw_diags_init(&d);
	for (; *words; words++)
		ck_assert_int_eq(tw_trunk_set_word(t, *words, &d), 0);
	tw_diags_clear(&d);
	return t;
}

START_TEST(test_doctor_offline)
{
	static const char *const words[] = {
		"name=trunk", "server=sip.provider.test", "port=9", "username=alice",
		"password=TopSecret123", "identify=192.0.2.1,bad.name.test", NULL,
	};
	static const struct tw_ifaddr la[] = { { "192.168.1.20", 24, "eth0" } };
	struct tw_trunk *t = trunk(words);
	char *dir = tw_test_tmpdir();
	struct tw_doctor_report r;
	struct tw_doctor_opts o;
	const struct tw_check *c;
	struct tw_buf all;
	size_t i;

	tw_test_write(dir, "pjsip.conf", "[transport-tcp]\ntype = transport\nprotocol = tcp\nbind = 0.0.0.0\n");
	tw_set_resolver(test_resolver, NULL);
	tw_set_srv_resolver(no_srv, NULL);
	tw_doctor_opts_init(&o);
	o.confdir = dir;
	o.timeout_ms = 1000;
	o.public_ip = "203.0.113.7";
	o.local_addrs = la;
	o.nlocal_addrs = 1;
	o.on_check = count_check;
	o.skip = TW_DOCTOR_SKIP_ASTERISK | TW_DOCTOR_SKIP_FIREWALL;
	checks_seen = 0;
	ck_assert_int_eq(tw_doctor_run(t, &o, &r), 0);
	ck_assert_uint_eq(checks_seen, r.n);
	ck_assert(tw_doctor_failed(&r));

	c = find(&r, "dns");
	ck_assert_int_eq(c->status, TW_CHECK_OK);
	ck_assert_ptr_nonnull(strstr(c->seen, "sip.provider.test -> 127.0.0.1"));
	c = find(&r, "identify");
	ck_assert_int_eq(c->status, TW_CHECK_FAILED);
	ck_assert_ptr_nonnull(strstr(c->seen, "bad.name.test (does not resolve)"));
	ck_assert_ptr_nonnull(strstr(c->todo, "drops the whole identify section"));
	/* Port 9 (discard) on loopback: nothing answers SIP there. */
	c = find(&r, "options");
	ck_assert_int_eq(c->status, TW_CHECK_FAILED);
	ck_assert_ptr_nonnull(strstr(c->seen, "127.0.0.1:9/udp"));
	c = find(&r, "register");
	ck_assert_int_eq(c->status, TW_CHECK_FAILED);
	c = find(&r, "transport");
	ck_assert_int_eq(c->status, TW_CHECK_FAILED);
	ck_assert_ptr_nonnull(strstr(c->seen, "no transport with protocol udp"));
	ck_assert_ptr_nonnull(strstr(c->todo, "\n[transport-udp]\ntype = transport\nprotocol = udp\nbind = 0.0.0.0:5060"));
	c = find(&r, "rtp");
	ck_assert_int_eq(c->status, TW_CHECK_OK);
	ck_assert_ptr_nonnull(strstr(c->seen, "10000-20000"));
	c = find(&r, "nat");
	ck_assert_int_eq(c->status, TW_CHECK_FAILED);
	ck_assert_ptr_nonnull(strstr(c->todo, "\nexternal_media_address = 203.0.113.7\n"
	                                      "external_signaling_address = 203.0.113.7\n"
	                                      "local_net = 192.168.1.0/24"));
	ck_assert_int_eq(find(&r, "asterisk")->status, TW_CHECK_SKIPPED);

	/* The password appears nowhere in the report. */
	tw_buf_init(&all);
	for (i = 0; i < r.n; i++)
		tw_check_format(&r.v[i], &all);
	ck_assert_ptr_null(strstr(all.data, "TopSecret123"));
	ck_assert_ptr_nonnull(strstr(all.data, "failed   nat          private address 192.168.1.20"));
	tw_buf_free(&all);
	tw_doctor_report_clear(&r);

	tw_set_resolver(NULL, NULL);
	tw_set_srv_resolver(NULL, NULL);
	tw_trunk_free(&t);
	tw_test_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(test_doctor_nat_ok_and_cancel)
{
	static const char *const words[] = { "name=t", "server=127.0.0.1", "auth=ip", NULL };
	static const struct tw_ifaddr la[] = { { "10.0.0.5", 8, "eth0" } };
	struct tw_trunk *t = trunk(words);
	char *dir = tw_test_tmpdir();
	volatile sig_atomic_t flag = 0;
	struct tw_doctor_report r;
	struct tw_doctor_opts o;
	const struct tw_check *c;

	tw_test_write(dir, "pjsip.conf", "[transport-udp]\ntype = transport\nprotocol = udp\nbind = 0.0.0.0:5060\n"
	                              "external_media_address = 203.0.113.7\n"
	                              "external_signaling_address = 203.0.113.7\nlocal_net = 10.0.0.0/8\n");
	tw_doctor_opts_init(&o);
	o.confdir = dir;
	o.timeout_ms = 300;
	o.public_ip = "203.0.113.7";
	o.local_addrs = la;
	o.nlocal_addrs = 1;
	o.skip = TW_DOCTOR_SKIP_ASTERISK | TW_DOCTOR_SKIP_FIREWALL;
	ck_assert_int_eq(tw_doctor_run(t, &o, &r), 0);
	c = find(&r, "nat");
	ck_assert_int_eq(c->status, TW_CHECK_OK);
	ck_assert_int_eq(find(&r, "register")->status, TW_CHECK_SKIPPED);
	ck_assert_int_eq(find(&r, "transport")->status, TW_CHECK_OK);
	c = find(&r, "identify");
	ck_assert_int_eq(c->status, TW_CHECK_WARNING);
	ck_assert_ptr_nonnull(strstr(c->todo, "identify=127.0.0.1"));
	tw_doctor_report_clear(&r);

	/* An rtp.conf that is not a config does not hide pjsip.conf's transport;
	 * a pjsip.conf that is not one is named with the reason. */
	tw_test_write(dir, "rtp.conf", "\x01\x02\x03\x04\x05\x06\x07\x08\n");
	ck_assert_int_eq(tw_doctor_run(t, &o, &r), 0);
	ck_assert_int_eq(find(&r, "transport")->status, TW_CHECK_OK);
	tw_doctor_report_clear(&r);
	tw_test_write(dir, "pjsip.conf", "\x01\x02\x03\x04\x05\x06\x07\x08\n");
	ck_assert_int_eq(tw_doctor_run(t, &o, &r), 0);
	c = find(&r, "transport");
	ck_assert_int_eq(c->status, TW_CHECK_SKIPPED);
	{
		char *want = tw_xasprintf("%s/pjsip.conf: not a text config file (8 control bytes in 9); "
		                          "the live transport is not known", dir);

		ck_assert_str_eq(c->seen, want);
		free(want);
	}
	tw_doctor_report_clear(&r);

	/* Cancelled before it starts: everything is skipped, nothing sent. */
	flag = 1;
	o.cancel.flag = &flag;
	ck_assert_int_eq(tw_doctor_run(t, &o, &r), 1);
	ck_assert(r.cancelled);
	ck_assert_uint_eq(r.n, 10); /* ten checks; the proxy one shows only with a proxy */
	ck_assert_int_eq(r.v[0].status, TW_CHECK_SKIPPED);
	ck_assert(!tw_doctor_failed(&r));
	tw_doctor_report_clear(&r);
	tw_trunk_free(&t);
	tw_test_rmtree(dir);
	free(dir);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("doctor");
	TCase *tc = tcase_create("parts");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_localnet);
	tcase_add_test(tc, test_liveconf);
	tcase_add_test(tc, test_astcli);
	suite_add_tcase(s, tc);
	tc = tcase_create("run");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_doctor_offline);
	tcase_add_test(tc, test_doctor_nat_ok_and_cancel);
	suite_add_tcase(s, tc);
	return tw_test_run(s);
}
