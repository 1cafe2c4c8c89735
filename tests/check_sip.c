#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tw_test.h"

#include "doctor/digest.h"
#include "doctor/sip.h"
#include "doctor/sipnet.h"

/* ---- digest ---- */

static void challenge(struct tw_digest_challenge *c, const char *hdr)
{
	char *err = NULL;

	ck_assert_msg(tw_digest_parse(hdr, c, &err) == 0, "parse %s: %s", hdr, err);
}

START_TEST(test_digest_rfc2069_2617)
{
	struct tw_digest_challenge c;
	char out[65];

	challenge(&c, "Digest realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
	              "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
	ck_assert(!c.qop_given);
	ck_assert_int_eq(tw_digest_response(&c, "Mufasa", "CircleOfLife", "GET", "/dir/index.html",
	                                    NULL, NULL, NULL, NULL, out), 0);
	ck_assert_str_eq(out, "1949323746fe6a43ef61f9606e7febea");
	tw_digest_clear(&c);

	challenge(&c, "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
	              "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
	ck_assert(c.qop_auth && c.qop_auth_int);
	ck_assert_int_eq(tw_digest_response(&c, "Mufasa", "Circle Of Life", "GET", "/dir/index.html",
	                                    "auth", "00000001", "0a4f113b", NULL, out), 0);
	ck_assert_str_eq(out, "6629fae49393a05397450978507c4ef1");
	tw_digest_clear(&c);
}
END_TEST

START_TEST(test_digest_rfc7616)
{
	static const char *const ch =
		"Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=%s, "
		"nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
		"opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";
	static const char *const cn = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
	struct tw_digest_challenge c;
	char out[65], *h;

	h = tw_xasprintf(ch, "MD5");
	challenge(&c, h);
	free(h);
	ck_assert_int_eq(c.alg, TW_DIGEST_MD5);
	ck_assert_int_eq(tw_digest_response(&c, "Mufasa", "Circle of Life", "GET", "/dir/index.html",
	                                    "auth", "00000001", cn, NULL, out), 0);
	ck_assert_str_eq(out, "8ca523f5e9506fed4657c9700eebdbec");
	tw_digest_clear(&c);

	h = tw_xasprintf(ch, "SHA-256");
	challenge(&c, h);
	free(h);
	ck_assert_int_eq(c.alg, TW_DIGEST_SHA256);
	ck_assert_int_eq(tw_digest_response(&c, "Mufasa", "Circle of Life", "GET", "/dir/index.html",
	                                    "auth", "00000001", cn, NULL, out), 0);
	ck_assert_str_eq(out, "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
	tw_digest_clear(&c);

	/* SHA-256 without qop (RFC 2069 form), as curl's test 2061 has it. */
	challenge(&c, "Digest realm=\"testrealm\", nonce=\"1053604145\", algorithm=\"SHA-256\"");
	ck_assert_int_eq(tw_digest_response(&c, "testuser", "testpass", "GET", "/2061",
	                                    NULL, NULL, NULL, NULL, out), 0);
	ck_assert_str_eq(out, "9dc55255f1a2537b838311674b621d45346b862a81631bb20e4ce356ef25062d");
	tw_digest_clear(&c);

	/* -sess: HA1 = H(H(user:realm:pw):nonce:cnonce) (checked with Python's hashlib). */
	challenge(&c, "Digest realm=\"example.com\", nonce=\"n1\", qop=auth, algorithm=SHA-256-sess");
	ck_assert(c.sess);
	ck_assert_int_eq(tw_digest_response(&c, "alice", "secret", "REGISTER", "sip:example.com",
	                                    "auth", "00000001", "c1", NULL, out), 0);
	ck_assert_str_eq(out, "95883bd15e76cc2cf9c800ba2f2525b61a48ebfd5ff0f9d5acae8806debcd0bd");
	tw_digest_clear(&c);

	/* SHA-512/256 of "abc" (FIPS 180-4 example). */
	ck_assert_int_eq(tw_digest_hex(TW_DIGEST_SHA512_256, "abc", 3, out), 0);
	ck_assert_str_eq(out, "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23");
}
END_TEST

START_TEST(test_digest_parse_errors)
{
	static const char *const bad[][2] = {
		{ "Basic realm=\"x\"", "not a Digest challenge" },
		{ "Digest realm=\"x\"", "challenge without realm or nonce" },
		{ "Digest realm=\"x, nonce=y", "malformed challenge parameters" },
	};
	struct tw_digest_challenge c;
	size_t i;

	for (i = 0; i < TW_ARRAY_LEN(bad); i++) {
		char *err = NULL;

		ck_assert_int_eq(tw_digest_parse(bad[i][0], &c, &err), -1);
		ck_assert_str_eq(err, bad[i][1]);
		free(err);
	}
	/* Escapes inside quoted strings; unknown algorithm kept as unsupported. */
	challenge(&c, "digest REALM=\"a\\\"b\",nonce=n,algorithm=SHA-1,stale=TRUE");
	ck_assert_str_eq(c.realm, "a\"b");
	ck_assert_int_eq(c.alg, TW_DIGEST_UNSUPPORTED);
	ck_assert(c.stale);
	tw_digest_clear(&c);
}
END_TEST

START_TEST(test_digest_pick_and_header)
{
	struct tw_digest_challenge v[3];
	char *err = NULL, *h;

	challenge(&v[0], "Digest realm=\"r\", nonce=\"n\", algorithm=MD5, qop=\"auth\"");
	challenge(&v[1], "Digest realm=\"r\", nonce=\"n\", algorithm=SHA-256, qop=\"auth\", opaque=\"o\"");
	challenge(&v[2], "Digest realm=\"r\", nonce=\"n\", algorithm=SHA-1, qop=\"auth\"");
	ck_assert_int_eq(tw_digest_pick(v, 3), 1);
	ck_assert_int_eq(tw_digest_pick(v, 1), 0);
	ck_assert_int_eq(tw_digest_pick(v + 2, 1), -1);
	h = tw_digest_authorization(&v[1], "al\"ice", "secret-pw", "REGISTER", "sip:r", 1, "cn", &err);
	ck_assert_ptr_nonnull(h);
	ck_assert_msg(tw_str_has_prefix(h, "Digest username=\"al\\\"ice\", realm=\"r\", nonce=\"n\", "
	                                   "uri=\"sip:r\", response=\""), "%s", h);
	ck_assert_ptr_nonnull(strstr(h, ", algorithm=SHA-256, opaque=\"o\", cnonce=\"cn\", qop=auth, nc=00000001"));
	ck_assert_ptr_null(strstr(h, "secret"));
	free(h);
	h = tw_digest_authorization(&v[2], "a", "b", "REGISTER", "sip:r", 1, NULL, &err);
	ck_assert_ptr_null(h);
	ck_assert_ptr_nonnull(strstr(err, "algorithm"));
	free(err);
	tw_digest_clear(&v[0]);
	tw_digest_clear(&v[1]);
	tw_digest_clear(&v[2]);
}
END_TEST

/* ---- messages ---- */

static const char resp401[] =
	"SIP/2.0 401 Unauthorized\r\n"
	"v: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKabc;rport=5070\r\n"
	"From: <sip:u@example.com>;tag=1\r\n"
	"To: <sip:u@example.com>;tag=2\r\n"
	"i: call1\r\n"
	"CSeq: 1 REGISTER\r\n"
	"WWW-Authenticate: Digest realm=\"example.com\",\r\n"
	"  nonce=\"abc\", algorithm=SHA-256\r\n"
	"WWW-Authenticate: Digest realm=\"example.com\", nonce=\"abc\"\r\n"
	"l: 4\r\n"
	"\r\n"
	"body";

START_TEST(test_sip_parse)
{
	struct tw_sip_msg m;
	const char *v;
	size_t pos = 0;
	char *p, *err = NULL;

	ck_assert_int_eq(tw_sip_parse(resp401, strlen(resp401), &m, &err), 0);
	ck_assert_int_eq(m.code, 401);
	ck_assert_str_eq(m.reason, "Unauthorized");
	ck_assert_str_eq(tw_sip_header(&m, "Call-ID", NULL), "call1");
	v = tw_sip_header(&m, "www-authenticate", &pos);
	ck_assert_str_eq(v, "Digest realm=\"example.com\", nonce=\"abc\", algorithm=SHA-256");
	v = tw_sip_header(&m, "WWW-Authenticate", &pos);
	ck_assert_str_eq(v, "Digest realm=\"example.com\", nonce=\"abc\"");
	ck_assert_ptr_null(tw_sip_header(&m, "WWW-Authenticate", &pos));
	ck_assert_uint_eq(m.body_len, 4);
	ck_assert_str_eq(m.body, "body");
	p = tw_sip_param(tw_sip_header(&m, "Via", NULL), "branch");
	ck_assert_str_eq(p, "z9hG4bKabc");
	free(p);
	p = tw_sip_param(tw_sip_header(&m, "To", NULL), "tag");
	ck_assert_str_eq(p, "2");
	free(p);
	p = tw_sip_param("<sip:a@b;transport=tcp>;expires=60", "transport");
	ck_assert_ptr_null(p);
	p = tw_sip_param("<sip:a@b;transport=tcp>;expires=60", "expires");
	ck_assert_str_eq(p, "60");
	free(p);
	tw_sip_msg_clear(&m);
}
END_TEST

START_TEST(test_sip_malformed)
{
	static const char *const bad[] = {
		"HTTP/1.1 200 OK\r\n\r\n",
		"SIP/2.0 2000 OK\r\nVia: x\r\n\r\n",
		"SIP/2.0 099 Low\r\nVia: x\r\n\r\n",
		"SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKa\r\nno colon here\r\n\r\n",
		"SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKa\r\nCSeq: 1 OPTIONS\r\n\r\n",
		"SIP/2.0 200 OK\r\nVia: a\r\nFrom: a\r\nTo: a\r\nCall-ID: a\r\nCSeq: 1 X\r\nContent-Length: 9\r\n\r\nab",
		"SIP/2.0 200 OK\r\nVia: a\r\n",
		"",
	};
	struct tw_sip_msg m;
	char *err;
	size_t i;

	for (i = 0; i < TW_ARRAY_LEN(bad); i++) {
		err = NULL;
		ck_assert_msg(tw_sip_parse(bad[i], strlen(bad[i]), &m, &err) == -1, "accepted %s", bad[i]);
		ck_assert_ptr_nonnull(err);
		free(err);
		tw_sip_msg_clear(&m);
	}
}
END_TEST

START_TEST(test_sip_frame)
{
	char *err = NULL;
	const char *two = "SIP/2.0 200 OK\r\nContent-Length: 2\r\n\r\nabSIP/2.0 100 Trying\r\n\r\n";

	ck_assert_int_eq(tw_sip_frame("SIP/2.0 200 OK\r\nCont", 20, &err), 0);
	ck_assert_int_eq(tw_sip_frame(two, 38, &err), 0);
	ck_assert_int_eq(tw_sip_frame(two, strlen(two), &err), 39);
	ck_assert_int_eq(tw_sip_frame("\r\n\r\nSIP/2.0 200 OK\r\nl: 0\r\n\r\n", 28, &err), 28);
	ck_assert_int_eq(tw_sip_frame("\x16\x03\x01\x02\x00garbage", 12, &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "not SIP"));
	free(err);
	err = NULL;
	ck_assert_int_eq(tw_sip_frame("SIP/2.0 200 OK\r\nContent-Length: x\r\n\r\n", 37, &err), -1);
	ck_assert_str_eq(err, "bad Content-Length");
	free(err);
}
END_TEST

START_TEST(test_sip_build)
{
	struct tw_sip_request r = {
		.method = "REGISTER", .ruri = "sip:example.com", .from_uri = "sip:u@example.com",
		.from_tag = "ft", .to_uri = "sip:u@example.com", .call_id = "cid", .cseq = 2,
		.branch = "z9hG4bKxyz", .tr = TW_TRANSPORT_TCP, .local_host = "::1", .local_port = 4000,
		.contact_user = "u", .contact_expires = 0, .expires = 0,
		.auth_header = "Authorization", .auth_value = "Digest x", .user_agent = "ua",
	};
	struct tw_sip_msg m;
	char *s = tw_sip_build(&r), *uri;

	ck_assert_int_eq(tw_sip_parse(s, strlen(s), &m, NULL), 0);
	ck_assert_str_eq(m.method, "REGISTER");
	ck_assert_str_eq(m.uri, "sip:example.com");
	ck_assert_str_eq(tw_sip_header(&m, "Via", NULL), "SIP/2.0/TCP [::1]:4000;rport;branch=z9hG4bKxyz");
	ck_assert_str_eq(tw_sip_header(&m, "Contact", NULL), "<sip:u@[::1]:4000;transport=tcp>;expires=0");
	ck_assert_str_eq(tw_sip_header(&m, "Expires", NULL), "0");
	ck_assert_str_eq(tw_sip_header(&m, "CSeq", NULL), "2 REGISTER");
	ck_assert_str_eq(tw_sip_header(&m, "Authorization", NULL), "Digest x");
	tw_sip_msg_clear(&m);
	free(s);
	uri = tw_sip_uri(NULL, "sip.example.com", 0, TW_TRANSPORT_TLS);
	ck_assert_str_eq(uri, "sip:sip.example.com;transport=tls");
	free(uri);
	uri = tw_sip_uri("u", "10.0.0.1", 5070, TW_TRANSPORT_UDP);
	ck_assert_str_eq(uri, "sip:u@10.0.0.1:5070");
	free(uri);
}
END_TEST

/* ---- transactions against a forked responder on 127.0.0.1 ---- */

enum peer_mode { PEER_OK, PEER_SILENT, PEER_GARBAGE, PEER_TRYING_THEN_OK, PEER_SPLIT };

static const char ok_tmpl[] =
	"SIP/2.0 %d %s\r\nVia: %s\r\nFrom: %s\r\nTo: %s;tag=p\r\nCall-ID: %s\r\nCSeq: %s\r\n"
	"Content-Length: 0\r\n\r\n";

static char *answer(const char *req, size_t len, int code, const char *reason)
{
	struct tw_sip_msg m;
	char *s;

	if (tw_sip_parse(req, len, &m, NULL) < 0)
		return NULL;
	s = tw_xasprintf(ok_tmpl, code, reason, tw_sip_header(&m, "Via", NULL),
	                 tw_sip_header(&m, "From", NULL), tw_sip_header(&m, "To", NULL),
	                 tw_sip_header(&m, "Call-ID", NULL), tw_sip_header(&m, "CSeq", NULL));
	tw_sip_msg_clear(&m);
	return s;
}

static int count_fd = -1; /* the UDP responder writes how many requests it saw */

static void udp_peer(int fd, enum peer_mode mode)
{
	char buf[4096];
	int seen = 0;

	for (;;) {
		struct sockaddr_storage ss;
		socklen_t sl = sizeof(ss);
		ssize_t n = recvfrom(fd, buf, sizeof(buf) - 1, 0, (struct sockaddr *)&ss, &sl);
		char *a;

		if (n <= 0)
			continue;
		seen++;
		if (count_fd >= 0 && write(count_fd, &seen, sizeof(seen)) < 0)
			_exit(1);
		if (mode == PEER_SILENT)
			continue;
		if (mode == PEER_GARBAGE) {
			sendto(fd, "SIP/2.0 OK\r\n\r\n", 14, 0, (struct sockaddr *)&ss, sl);
			continue;
		}
		if (mode == PEER_TRYING_THEN_OK) {
			a = answer(buf, (size_t)n, 100, "Trying");
			sendto(fd, a, strlen(a), 0, (struct sockaddr *)&ss, sl);
			free(a);
			usleep(300000);
		}
		a = answer(buf, (size_t)n, 200, "OK");
		if (a)
			sendto(fd, a, strlen(a), 0, (struct sockaddr *)&ss, sl);
		free(a);
	}
}

static void tcp_peer(int lfd, enum peer_mode mode)
{
	for (;;) {
		int fd = accept(lfd, NULL, NULL);
		char buf[4096];
		size_t len = 0;
		ssize_t n;
		char *a;

		if (fd < 0)
			continue;
		while ((n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0) {
			len += (size_t)n;
			if (len >= 4 && memcmp(buf + len - 4, "\r\n\r\n", 4) == 0)
				break;
		}
		if (mode == PEER_SILENT) {
			sleep(10);
			_exit(0);
		}
		if (mode == PEER_GARBAGE) {
			if (write(fd, "\x16\x03\x01 not sip\r\n\r\n", 16) < 0)
				_exit(1);
			close(fd);
			continue;
		}
		a = answer(buf, len, 200, "OK");
		if (mode == PEER_SPLIT) {
			size_t half = strlen(a) / 2;

			if (write(fd, a, half) < 0)
				_exit(1);
			usleep(100000);
			if (write(fd, a + half, strlen(a) - half) < 0)
				_exit(1);
		} else if (write(fd, a, strlen(a)) < 0) {
			_exit(1);
		}
		free(a);
		close(fd);
	}
}

static pid_t start_peer(enum tw_transport tr, enum peer_mode mode, unsigned *port)
{
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);
	int fd = socket(AF_INET, tr == TW_TRANSPORT_UDP ? SOCK_DGRAM : SOCK_STREAM, 0);
	pid_t pid;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	if (tr != TW_TRANSPORT_UDP)
		ck_assert_int_eq(listen(fd, 4), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sa, &sl), 0);
	*port = ntohs(sa.sin_port);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		alarm(20);
		if (tr == TW_TRANSPORT_UDP)
			udp_peer(fd, mode);
		else
			tcp_peer(fd, mode);
		_exit(0);
	}
	close(fd);
	return pid;
}

static void stop_peer(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* One OPTIONS transaction; returns how it ended and fills resp, or *cause
 * (freed by the next call; NULL after a success). */
static enum tw_sip_status options(enum tw_transport tr, unsigned port, int timeout_ms,
                                  const struct tw_cancel *cancel, struct tw_sip_msg *resp,
                                  char **cause, unsigned *rtt)
{
	struct tw_sip_target t = { .tr = tr, .addr = "127.0.0.1", .port = port };
	struct tw_sip_request r = {
		.method = "OPTIONS", .ruri = "sip:127.0.0.1", .from_uri = "sip:t@127.0.0.1",
		.from_tag = "f", .to_uri = "sip:127.0.0.1", .call_id = "c", .cseq = 1,
		.branch = "z9hG4bKtest", .tr = tr, .contact_expires = -1, .expires = -1,
	};
	struct tw_sip_conn *c = NULL;
	enum tw_sip_status st;
	char *msg;

	free(*cause);
	*cause = NULL;
	st = tw_sip_open(&c, &t, timeout_ms, cancel, cause);
	if (st != TW_SIP_OK) {
		ck_assert_ptr_null(c);
		ck_assert_ptr_nonnull(*cause);
		return st;
	}
	r.local_host = tw_sip_local_host(c);
	r.local_port = tw_sip_local_port(c);
	ck_assert_uint_ne(r.local_port, 0);
	msg = tw_sip_build(&r);
	st = tw_sip_transact(c, msg, "z9hG4bKtest", 1, timeout_ms, cancel, resp, rtt, cause);
	free(msg);
	tw_sip_close(&c);
	/* A failure always says why; a success leaves nothing to free. */
	ck_assert_int_eq(st != TW_SIP_OK, *cause != NULL);
	return st;
}

START_TEST(test_udp_ok)
{
	char *err = NULL;
	struct tw_sip_msg resp;
	unsigned port, rtt = 9999;
	pid_t pid = start_peer(TW_TRANSPORT_UDP, PEER_OK, &port);

	ck_assert_int_eq(options(TW_TRANSPORT_UDP, port, 10000, NULL,
	                         &resp, &err, &rtt), TW_SIP_OK);
	ck_assert_int_eq(resp.code, 200);
	ck_assert_uint_le(rtt, 10000); /* measured, within the limit */
	tw_sip_msg_clear(&resp);
	stop_peer(pid);

	/* A provisional answer is skipped; the final one is returned, and the
	 * round trip is timed to it: the peer sends it at least 300 ms after
	 * the 100 Trying, a floor no slow machine can lower. */
	pid = start_peer(TW_TRANSPORT_UDP, PEER_TRYING_THEN_OK, &port);
	ck_assert_int_eq(options(TW_TRANSPORT_UDP, port, 10000, NULL,
	                         &resp, &err, &rtt), TW_SIP_OK);
	ck_assert_int_eq(resp.code, 200);
	ck_assert_uint_ge(rtt, 250);
	tw_sip_msg_clear(&resp);
	stop_peer(pid);
	ck_assert_ptr_null(err);
}
END_TEST

START_TEST(test_udp_silent_retransmits)
{
	char *err = NULL;
	struct tw_sip_msg resp;
	unsigned port;
	int fds[2], seen = 0, last = 0;
	pid_t pid;

	ck_assert_int_eq(pipe(fds), 0);
	count_fd = fds[1];
	pid = start_peer(TW_TRANSPORT_UDP, PEER_SILENT, &port);
	close(fds[1]);
	count_fd = -1; /* only that peer reports (CK_FORK=no runs the next tests here) */
	ck_assert_int_eq(options(TW_TRANSPORT_UDP, port, 1600, NULL,
	                         &resp, &err, NULL), TW_SIP_TIMEOUT);
	ck_assert_ptr_nonnull(strstr(err, "no answer from 127.0.0.1:"));
	/* Sent at 0, 500 and 1500 ms (timer A doubling) within the 1600 ms
	 * limit: the peer reports three requests (waiting for its report,
	 * however slow the machine), then nothing more. */
	while (last < 3 && read(fds[0], &seen, sizeof(seen)) == sizeof(seen))
		last = seen;
	stop_peer(pid);
	while (read(fds[0], &seen, sizeof(seen)) == sizeof(seen))
		last = seen;
	close(fds[0]);
	ck_assert_int_eq(last, 3);
	free(err);
}
END_TEST

/* Cancel once the request has been sent and polled a few times: a silent
 * peer, so only the cancel can end the wait before the 60 s limit. */
static bool cancel_after_polls(void *ctx)
{
	return ++*(int *)ctx > 3;
}

START_TEST(test_udp_cancel_garbage_refused)
{
	char *err = NULL;
	struct tw_sip_msg resp;
	int polls = 0;
	struct tw_cancel cancel = { NULL, cancel_after_polls, &polls };
	unsigned port;
	pid_t pid = start_peer(TW_TRANSPORT_UDP, PEER_SILENT, &port);

	ck_assert_int_eq(options(TW_TRANSPORT_UDP, port, 60000, &cancel,
	                         &resp, &err, NULL), TW_SIP_CANCELLED);
	ck_assert_str_eq(err, "cancelled");
	ck_assert_int_gt(polls, 3);
	stop_peer(pid);

	pid = start_peer(TW_TRANSPORT_UDP, PEER_GARBAGE, &port);
	ck_assert_int_eq(options(TW_TRANSPORT_UDP, port, 2000, NULL,
	                         &resp, &err, NULL), TW_SIP_MALFORMED);
	ck_assert_msg(strstr(err, "malformed response") && strstr(err, "SIP/2.0 OK"), "%s", err);
	stop_peer(pid);

	/* Nothing listens: the ICMP error makes it "refused", not a timeout. */
	ck_assert_int_eq(options(TW_TRANSPORT_UDP, port, 2000, NULL,
	                         &resp, &err, NULL), TW_SIP_REFUSED);
	ck_assert_msg(strstr(err, "port unreachable"), "%s", err);
	free(err);
}
END_TEST

START_TEST(test_tcp)
{
	char *err = NULL;
	struct tw_sip_msg resp;
	unsigned port;
	pid_t pid = start_peer(TW_TRANSPORT_TCP, PEER_SPLIT, &port);

	ck_assert_int_eq(options(TW_TRANSPORT_TCP, port, 10000, NULL,
	                         &resp, &err, NULL), TW_SIP_OK);
	ck_assert_int_eq(resp.code, 200);
	tw_sip_msg_clear(&resp);
	stop_peer(pid);

	pid = start_peer(TW_TRANSPORT_TCP, PEER_GARBAGE, &port);
	ck_assert_int_eq(options(TW_TRANSPORT_TCP, port, 2000, NULL,
	                         &resp, &err, NULL), TW_SIP_MALFORMED);
	ck_assert_msg(strstr(err, "/tcp sent a malformed response"), "%s", err);
	stop_peer(pid);

	ck_assert_int_eq(options(TW_TRANSPORT_TCP, port, 2000, NULL,
	                         &resp, &err, NULL), TW_SIP_REFUSED);
	ck_assert_ptr_nonnull(strstr(err, "Connection refused"));

	pid = start_peer(TW_TRANSPORT_TCP, PEER_SILENT, &port);
	ck_assert_int_eq(options(TW_TRANSPORT_TCP, port, 500, NULL,
	                         &resp, &err, NULL), TW_SIP_TIMEOUT);
	ck_assert_msg(strstr(err, "no answer from 127.0.0.1:"), "%s", err);
	stop_peer(pid);
	free(err);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sip");
	TCase *tc = tcase_create("digest");

	tcase_add_test(tc, test_digest_rfc2069_2617);
	tcase_add_test(tc, test_digest_rfc7616);
	tcase_add_test(tc, test_digest_parse_errors);
	tcase_add_test(tc, test_digest_pick_and_header);
	suite_add_tcase(s, tc);
	tc = tcase_create("messages");
	tcase_add_test(tc, test_sip_parse);
	tcase_add_test(tc, test_sip_malformed);
	tcase_add_test(tc, test_sip_frame);
	tcase_add_test(tc, test_sip_build);
	suite_add_tcase(s, tc);
	tc = tcase_create("transactions");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_udp_ok);
	tcase_add_test(tc, test_udp_silent_retransmits);
	tcase_add_test(tc, test_udp_cancel_garbage_refused);
	tcase_add_test(tc, test_tcp);
	suite_add_tcase(s, tc);
	return tw_test_run(s);
}
