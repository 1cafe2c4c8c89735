#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>


#include "trunkwiz/net.h"
#include "doctor/sipnet.h"
#include "base/base.h"
#include "net/net.h"

#define SLICE_MS 50
#define T1_MS 500
#define T2_MS 4000
#define LINE_SHOWN 76  /* bytes of a malformed message's first line in a cause */

struct tw_sip_conn {
	enum tw_transport tr;
	int fd;
	char peer[INET6_ADDRSTRLEN + 16];   /* "addr:port/proto" for messages */
	char local_host[INET6_ADDRSTRLEN];
	unsigned local_port;
	SSL_CTX *ctx;
	SSL *ssl;
	const char *tls_problem;
	char tls_problem_buf[200];
	struct tw_buf rx;                   /* stream bytes not yet used */
};

/* The one way a step here fails: *cause (when wanted) says what happened,
 * naming the peer and the step; the status says what kind of failure. */
static enum tw_sip_status sip_fail(char **cause, enum tw_sip_status st, const char *fmt, ...)
	TW_PRINTF(3, 4);
static enum tw_sip_status sip_fail(char **cause, enum tw_sip_status st, const char *fmt, ...)
{
	va_list ap;

	if (cause) {
		va_start(ap, fmt);
		*cause = tw_xvasprintf(fmt, ap);
		va_end(ap);
	}
	return st;
}

/* A failed OpenSSL step: *cause is "WHAT: why", why taken from OpenSSL's
 * error queue (or errno), which is left empty either way. */
static enum tw_sip_status tls_fail(char **cause, enum tw_sip_status st, const char *fmt, ...)
	TW_PRINTF(3, 4);
static enum tw_sip_status tls_fail(char **cause, enum tw_sip_status st, const char *fmt, ...)
{
	unsigned long e = ERR_get_error();
	char why[200], *what;
	va_list ap;

	if (e)
		ERR_error_string_n(e, why, sizeof(why));
	else
		snprintf(why, sizeof(why), "%s", errno ? strerror(errno) : "connection closed");
	ERR_clear_error();
	if (!cause)
		return st;
	va_start(ap, fmt);
	what = tw_xvasprintf(fmt, ap);
	va_end(ap);
	*cause = tw_xasprintf("%s: %s", what, why);
	free(what);
	return st;
}

/* After an OpenSSL call on c returned rc: the poll event it waits for
 * (POLLIN, POLLOUT), or 0 when it did not just wait but failed. */
static short tls_wants(const struct tw_sip_conn *c, int rc)
{
	switch (SSL_get_error(c->ssl, rc)) {
	case SSL_ERROR_WANT_READ:
		return POLLIN;
	case SSL_ERROR_WANT_WRITE:
		return POLLOUT;
	default:
		return 0;
	}
}

/* Wait for events on c's socket until deadline, in slices, checking
 * cancel. TW_SIP_OK: ready. TW_SIP_TIMEOUT: the deadline passed; *cause
 * is left to the caller, which knows what it was waiting for. Any other
 * status sets *cause. */
static enum tw_sip_status wait_fd(const struct tw_sip_conn *c, short events, long long deadline,
                                  const struct tw_cancel *cancel, char **cause)
{
	for (;;) {
		long long left = deadline - tw_now_ms();
		struct pollfd p = { c->fd, events, 0 };
		int rc;

		if (tw_cancelled(cancel))
			return sip_fail(cause, TW_SIP_CANCELLED, "cancelled");
		if (left <= 0)
			return TW_SIP_TIMEOUT;
		rc = poll(&p, 1, left < SLICE_MS ? (int)left : SLICE_MS);
		if (rc > 0)
			return TW_SIP_OK;
		if (rc < 0 && errno != EINTR)
			return sip_fail(cause, TW_SIP_IO, "waiting for %s: poll: %s", c->peer,
			                strerror(errno));
	}
}

static enum tw_sip_status make_socket(struct tw_sip_conn *c, const struct tw_sip_target *t,
                                      struct sockaddr_storage *ss, socklen_t *sl, char **cause)
{
	struct addrinfo hints, *res = NULL;
	char port[8];
	int rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	hints.ai_socktype = t->tr == TW_TRANSPORT_UDP ? SOCK_DGRAM : SOCK_STREAM;
	snprintf(port, sizeof(port), "%u", t->port);
	rc = getaddrinfo(t->addr, port, &hints, &res);
	if (rc != 0 || !res) {
		if (res)
			freeaddrinfo(res);
		return sip_fail(cause, TW_SIP_IO, "not a numeric address: %s", t->addr);
	}
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*sl = res->ai_addrlen;
	c->fd = socket(res->ai_family, res->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	freeaddrinfo(res);
	if (c->fd < 0)
		return sip_fail(cause, TW_SIP_IO, "no socket for %s: %s", c->peer, strerror(errno));
	return TW_SIP_OK;
}

static void note_local(struct tw_sip_conn *c)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);

	if (getsockname(c->fd, (struct sockaddr *)&ss, &sl) < 0)
		return;
	if (ss.ss_family == AF_INET) {
		struct sockaddr_in *a = (struct sockaddr_in *)&ss;

		inet_ntop(AF_INET, &a->sin_addr, c->local_host, sizeof(c->local_host));
		c->local_port = ntohs(a->sin_port);
	} else if (ss.ss_family == AF_INET6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;

		inet_ntop(AF_INET6, &a->sin6_addr, c->local_host, sizeof(c->local_host));
		c->local_port = ntohs(a->sin6_port);
	}
}

static enum tw_sip_status stream_connect(struct tw_sip_conn *c, const struct sockaddr_storage *ss,
                                         socklen_t sl, long long deadline,
                                         const struct tw_cancel *cancel, char **cause)
{
	int soerr = 0;
	socklen_t el = sizeof(soerr);
	enum tw_sip_status st;

	if (connect(c->fd, (const struct sockaddr *)ss, sl) == 0)
		return TW_SIP_OK;
	if (errno != EINPROGRESS) {
		soerr = errno;
		goto failed;
	}
	st = wait_fd(c, POLLOUT, deadline, cancel, cause);
	if (st == TW_SIP_TIMEOUT)
		return sip_fail(cause, st, "no TCP connection to %s (timed out)", c->peer);
	if (st != TW_SIP_OK)
		return st;
	if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &soerr, &el) < 0)
		soerr = errno;
	if (soerr == 0)
		return TW_SIP_OK;
failed:
	return sip_fail(cause, soerr == ECONNREFUSED ? TW_SIP_REFUSED : TW_SIP_IO,
	                "cannot connect to %s: %s", c->peer, strerror(soerr));
}

/* The trust store: cacert alone when given, else the system's. */
static enum tw_sip_status tls_trust(struct tw_sip_conn *c, const char *cacert, char **cause)
{
	if (!cacert) {
		SSL_CTX_set_default_verify_paths(c->ctx);
		return TW_SIP_OK;
	}
	if (SSL_CTX_load_verify_locations(c->ctx, cacert, NULL) != 1)
		return tls_fail(cause, TW_SIP_TLS, "cannot use %s as CA certificates", cacert);
	return TW_SIP_OK;
}

/* After the handshake: was the certificate verified? */
static void tls_check(struct tw_sip_conn *c)
{
	X509 *cert = SSL_get1_peer_certificate(c->ssl);
	long vr = SSL_get_verify_result(c->ssl);

	if (!cert)
		c->tls_problem = "the server sent no certificate";
	else if (vr != X509_V_OK) {
		snprintf(c->tls_problem_buf, sizeof(c->tls_problem_buf), "%s",
		         X509_verify_cert_error_string(vr));
		c->tls_problem = c->tls_problem_buf;
	}
	X509_free(cert);
}

static enum tw_sip_status tls_handshake(struct tw_sip_conn *c, const char *name,
                                        const char *cacert, long long deadline,
                                        const struct tw_cancel *cancel, char **cause)
{
	enum tw_sip_status st;

	c->ctx = SSL_CTX_new(TLS_client_method());
	if (!c->ctx)
		return tls_fail(cause, TW_SIP_TLS, "OpenSSL could not set up TLS for %s", c->peer);
	SSL_CTX_set_min_proto_version(c->ctx, TLS1_2_VERSION);
	if ((st = tls_trust(c, cacert, cause)) != TW_SIP_OK)
		return st;
	if (!(c->ssl = SSL_new(c->ctx)))
		return tls_fail(cause, TW_SIP_TLS, "OpenSSL could not set up TLS for %s", c->peer);
	/* Verified, but the handshake goes on either way: the caller reports
	 * the problem and keeps credentials off an unverified connection. */
	SSL_set_verify(c->ssl, SSL_VERIFY_NONE, NULL);
	if (name && tw_is_hostname(name))
		SSL_set_tlsext_host_name(c->ssl, name);
	if (name && !tw_is_ipv4(name) && !tw_is_ipv6(name))
		SSL_set1_host(c->ssl, name);
	else if (name)
		X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(c->ssl), name);
	SSL_set_fd(c->ssl, c->fd);
	for (;;) {
		int rc = SSL_connect(c->ssl);
		short want;

		if (rc == 1)
			break;
		if (!(want = tls_wants(c, rc)))
			return tls_fail(cause, TW_SIP_TLS, "TLS handshake with %s failed", c->peer);
		st = wait_fd(c, want, deadline, cancel, cause);
		if (st == TW_SIP_TIMEOUT)
			return sip_fail(cause, st, "TLS handshake with %s timed out", c->peer);
		if (st != TW_SIP_OK)
			return st;
	}
	tls_check(c);
	return TW_SIP_OK;
}

enum tw_sip_status tw_sip_open(struct tw_sip_conn **out, const struct tw_sip_target *t,
                               int timeout_ms, const struct tw_cancel *cancel, char **cause)
{
	struct tw_sip_conn *c = tw_xcalloc(1, sizeof(*c));
	long long deadline = tw_now_ms() + timeout_ms;
	struct sockaddr_storage ss;
	socklen_t sl = 0;
	enum tw_sip_status st;

	*out = NULL;
	c->tr = t->tr;
	c->fd = -1;
	tw_buf_init(&c->rx);
	snprintf(c->peer, sizeof(c->peer), tw_is_ipv6(t->addr) ? "[%s]:%u/%s" : "%s:%u/%s",
	         t->addr, t->port, tw_transport_name(t->tr));
	if ((st = make_socket(c, t, &ss, &sl, cause)) != TW_SIP_OK)
		goto fail;
	if (t->tr != TW_TRANSPORT_UDP)
		st = stream_connect(c, &ss, sl, deadline, cancel, cause);
	else if (connect(c->fd, (struct sockaddr *)&ss, sl) < 0)
		st = sip_fail(cause, TW_SIP_IO, "cannot reach %s: %s", c->peer, strerror(errno));
	if (st != TW_SIP_OK)
		goto fail;
	note_local(c);
	if (t->tr == TW_TRANSPORT_TLS &&
	    (st = tls_handshake(c, t->tls_name ? t->tls_name : t->addr, t->cacert, deadline,
	                        cancel, cause)) != TW_SIP_OK)
		goto fail;
	*out = c;
	return TW_SIP_OK;
fail:
	tw_sip_close(&c);
	return st;
}

const char *tw_sip_local_host(const struct tw_sip_conn *c)
{
	return c->local_host;
}

unsigned tw_sip_local_port(const struct tw_sip_conn *c)
{
	return c->local_port;
}

const char *tw_sip_tls_problem(const struct tw_sip_conn *c)
{
	return c->tls_problem;
}

void tw_sip_close(struct tw_sip_conn **cp)
{
	struct tw_sip_conn *c;

	if (!cp || !*cp)
		return;
	c = *cp;
	if (c->ssl) {
		SSL_shutdown(c->ssl);
		SSL_free(c->ssl);
	}
	if (c->ctx)
		SSL_CTX_free(c->ctx);
	if (c->fd >= 0)
		close(c->fd);
	tw_buf_free(&c->rx);
	free(c);
	*cp = NULL;
}

/* Write all of buf; stream transports may take several writes. */
static enum tw_sip_status send_all(struct tw_sip_conn *c, const char *buf, size_t len,
                                   long long deadline, const struct tw_cancel *cancel,
                                   char **cause)
{
	size_t off = 0;
	enum tw_sip_status st;

	while (off < len) {
		short want = POLLOUT;

		if (c->ssl) {
			int rc = SSL_write(c->ssl, buf + off, (int)(len - off));

			if (rc > 0) {
				off += (size_t)rc;
				continue;
			}
			if (!(want = tls_wants(c, rc)))
				return tls_fail(cause, TW_SIP_IO, "TLS write to %s failed", c->peer);
		} else {
			ssize_t w = send(c->fd, buf + off, len - off, MSG_NOSIGNAL);

			if (w >= 0) {
				off += (size_t)w;
				continue;
			}
			if (errno == ECONNREFUSED)
				return sip_fail(cause, TW_SIP_REFUSED,
				                "%s refused the request (port unreachable)", c->peer);
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
				return sip_fail(cause, TW_SIP_IO, "cannot send to %s: %s", c->peer,
				                strerror(errno));
		}
		st = wait_fd(c, want, deadline, cancel, cause);
		if (st == TW_SIP_TIMEOUT)
			return sip_fail(cause, st, "sending to %s timed out", c->peer);
		if (st != TW_SIP_OK)
			return st;
	}
	return TW_SIP_OK;
}

/* Read what is there into c->rx. TW_SIP_OK also when nothing is there
 * yet; the end of the stream is a failure (TW_SIP_IO): no answer came. */
static enum tw_sip_status stream_read(struct tw_sip_conn *c, char **cause)
{
	char buf[8192];
	ssize_t n;

	if (c->ssl) {
		int rc = SSL_read(c->ssl, buf, sizeof(buf));

		if (rc <= 0 && tls_wants(c, rc))
			return TW_SIP_OK;
		if (rc <= 0 && SSL_get_error(c->ssl, rc) != SSL_ERROR_ZERO_RETURN)
			return tls_fail(cause, TW_SIP_IO, "TLS read from %s failed", c->peer);
		n = rc > 0 ? rc : 0;
	} else {
		n = recv(c->fd, buf, sizeof(buf), 0);
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
			return TW_SIP_OK;
		if (n < 0)
			return sip_fail(cause, TW_SIP_IO, "reading from %s: %s", c->peer,
			                strerror(errno));
	}
	if (n == 0)
		return sip_fail(cause, TW_SIP_IO, "%s closed the connection without an answer",
		                c->peer);
	tw_buf_add(&c->rx, buf, (size_t)n);
	return TW_SIP_OK;
}

/* The peer sent what is not a SIP response: *cause gives the parser's
 * reason (why, freed here; NULL: it was a request) and the first line of
 * it, cleaned. */
static enum tw_sip_status malformed(const struct tw_sip_conn *c, const char *data, size_t len,
                                    char *why, char **cause)
{
	struct tw_buf b;
	size_t end = 0;

	while (end < len && data[end] != '\r' && data[end] != '\n')
		end++;
	tw_buf_init(&b);
	tw_buf_add_clean(&b, data, end, LINE_SHOWN);
	sip_fail(cause, TW_SIP_MALFORMED, "%s sent a malformed response (%s): \"%s\"", c->peer,
	         why ? why : "a request, not a response", b.data);
	tw_buf_free(&b);
	free(why);
	return TW_SIP_MALFORMED;
}

/* 1 final answer for this transaction (in resp), 0 not ours or
 * provisional, -1 malformed (*cause set). */
static int take_message(struct tw_sip_conn *c, const char *data, size_t len, const char *branch,
                        unsigned cseq, struct tw_sip_msg *resp, char **cause)
{
	const char *via, *cs;
	char *b, *why = NULL;
	bool ours;

	if (tw_sip_parse(data, len, resp, &why) < 0 || resp->code == 0) {
		tw_sip_msg_clear(resp);
		malformed(c, data, len, why, cause);
		return -1;
	}
	via = tw_sip_header(resp, "Via", NULL);
	cs = tw_sip_header(resp, "CSeq", NULL);
	b = tw_sip_param(via, "branch");
	ours = b && strcmp(b, branch) == 0 && strtoul(cs, NULL, 10) == cseq;
	free(b);
	if (!ours || resp->code < 200) {
		tw_sip_msg_clear(resp);
		return 0;
	}
	return 1;
}

static enum tw_sip_status udp_transact(struct tw_sip_conn *c, const char *req,
                                       const char *branch, unsigned cseq, long long start,
                                       long long deadline, const struct tw_cancel *cancel,
                                       struct tw_sip_msg *resp, char **cause)
{
	long long next = start + T1_MS;
	int interval = T1_MS;
	char *buf = tw_xmalloc(TW_SIP_MAX_MSG + 1);
	enum tw_sip_status st;

	for (;;) {
		long long until = next < deadline ? next : deadline;
		ssize_t n;
		int rc;

		st = wait_fd(c, POLLIN, until, cancel, cause);
		if (st == TW_SIP_TIMEOUT && tw_now_ms() >= deadline) {
			sip_fail(cause, st, "no answer from %s", c->peer);
			break;
		}
		if (st == TW_SIP_TIMEOUT) {
			if ((st = send_all(c, req, strlen(req), deadline, cancel, cause)) != TW_SIP_OK)
				break;
			interval = interval * 2 > T2_MS ? T2_MS : interval * 2;
			next = tw_now_ms() + interval;
			continue;
		}
		if (st != TW_SIP_OK)
			break;
		n = recv(c->fd, buf, TW_SIP_MAX_MSG, 0);
		if (n < 0 && errno == ECONNREFUSED) {
			st = sip_fail(cause, TW_SIP_REFUSED, "%s: port unreachable (nothing listens there)",
			              c->peer);
			break;
		}
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n < 0) {
			st = sip_fail(cause, TW_SIP_IO, "reading from %s: %s", c->peer, strerror(errno));
			break;
		}
		rc = take_message(c, buf, (size_t)n, branch, cseq, resp, cause);
		if (rc != 0) {
			st = rc > 0 ? TW_SIP_OK : TW_SIP_MALFORMED;
			break;
		}
		/* A provisional answer: the server is there; wait at T2 pace. */
		interval = T2_MS;
	}
	free(buf);
	return st;
}

static enum tw_sip_status stream_transact(struct tw_sip_conn *c, const char *branch,
                                          unsigned cseq, long long deadline,
                                          const struct tw_cancel *cancel,
                                          struct tw_sip_msg *resp, char **cause)
{
	enum tw_sip_status st;

	for (;;) {
		char *why = NULL;
		ssize_t fl;
		int rc;

		while (c->rx.len && (fl = tw_sip_frame(c->rx.data, c->rx.len, &why)) != 0) {
			if (fl < 0)
				return malformed(c, c->rx.data, c->rx.len, why, cause);
			rc = take_message(c, c->rx.data, (size_t)fl, branch, cseq, resp, cause);
			memmove(c->rx.data, c->rx.data + fl, c->rx.len - (size_t)fl + 1);
			c->rx.len -= (size_t)fl;
			if (rc != 0)
				return rc > 0 ? TW_SIP_OK : TW_SIP_MALFORMED;
		}
		if (!c->ssl || SSL_pending(c->ssl) == 0) {
			st = wait_fd(c, POLLIN, deadline, cancel, cause);
			if (st == TW_SIP_TIMEOUT)
				return sip_fail(cause, st, "no answer from %s", c->peer);
			if (st != TW_SIP_OK)
				return st;
		}
		if ((st = stream_read(c, cause)) != TW_SIP_OK)
			return st;
	}
}

enum tw_sip_status tw_sip_transact(struct tw_sip_conn *c, const char *request,
                                   const char *branch, unsigned cseq, int timeout_ms,
                                   const struct tw_cancel *cancel, struct tw_sip_msg *resp,
                                   unsigned *rtt_ms, char **cause)
{
	long long start = tw_now_ms(), deadline = start + timeout_ms;
	enum tw_sip_status st;

	memset(resp, 0, sizeof(*resp));
	st = send_all(c, request, strlen(request), deadline, cancel, cause);
	if (st == TW_SIP_OK && c->tr == TW_TRANSPORT_UDP)
		st = udp_transact(c, request, branch, cseq, start, deadline, cancel, resp, cause);
	else if (st == TW_SIP_OK)
		st = stream_transact(c, branch, cseq, deadline, cancel, resp, cause);
	if (st == TW_SIP_OK && rtt_ms)
		*rtt_ms = (unsigned)(tw_now_ms() - start);
	return st;
}
