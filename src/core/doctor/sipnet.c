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

static void seterr(struct tw_sip_error *err, enum tw_sip_err kind, const char *fmt, ...)
	TW_PRINTF(3, 4);
static void seterr(struct tw_sip_error *err, enum tw_sip_err kind, const char *fmt, ...)
{
	va_list ap;

	err->kind = kind;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
}

/* Wait for events on fd until deadline, in slices, checking cancel.
 * Returns 1 ready, 0 deadline passed, -1 cancelled (err set). */
static int wait_fd(int fd, short events, long long deadline, const struct tw_cancel *cancel,
                   struct tw_sip_error *err)
{
	for (;;) {
		long long left = deadline - tw_now_ms();
		struct pollfd p = { fd, events, 0 };
		int rc;

		if (tw_cancelled(cancel)) {
			seterr(err, TW_SIP_CANCELLED, "cancelled");
			return -1;
		}
		if (left <= 0)
			return 0;
		rc = poll(&p, 1, left < SLICE_MS ? (int)left : SLICE_MS);
		if (rc > 0)
			return 1;
		if (rc < 0 && errno != EINTR) {
			seterr(err, TW_SIP_IO, "poll: %s", strerror(errno));
			return -1;
		}
	}
}

static int make_socket(struct tw_sip_conn *c, const struct tw_sip_target *t,
                       struct sockaddr_storage *ss, socklen_t *sl, struct tw_sip_error *err)
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
		seterr(err, TW_SIP_IO, "not a numeric address: %s", t->addr);
		if (res)
			freeaddrinfo(res);
		return -1;
	}
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*sl = res->ai_addrlen;
	c->fd = socket(res->ai_family, res->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	freeaddrinfo(res);
	if (c->fd < 0) {
		seterr(err, TW_SIP_IO, "socket: %s", strerror(errno));
		return -1;
	}
	return 0;
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

static int stream_connect(struct tw_sip_conn *c, const struct sockaddr_storage *ss,
                          socklen_t sl, long long deadline, const struct tw_cancel *cancel,
                          struct tw_sip_error *err)
{
	int soerr = 0, rc;
	socklen_t el = sizeof(soerr);

	if (connect(c->fd, (const struct sockaddr *)ss, sl) == 0)
		return 0;
	if (errno != EINPROGRESS) {
		soerr = errno;
		goto failed;
	}
	rc = wait_fd(c->fd, POLLOUT, deadline, cancel, err);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		seterr(err, TW_SIP_TIMEOUT, "no TCP connection to %s (timed out)", c->peer);
		return -1;
	}
	if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &soerr, &el) < 0)
		soerr = errno;
	if (soerr == 0)
		return 0;
failed:
	seterr(err, soerr == ECONNREFUSED ? TW_SIP_REFUSED : TW_SIP_IO,
	       "cannot connect to %s: %s", c->peer, strerror(soerr));
	return -1;
}

static void tls_errstr(char *buf, size_t n)
{
	unsigned long e = ERR_get_error();

	if (e)
		ERR_error_string_n(e, buf, n);
	else
		snprintf(buf, n, "%s", errno ? strerror(errno) : "connection closed");
	ERR_clear_error();
}

/* The trust store: cacert alone when given, else the system's. */
static int tls_trust(struct tw_sip_conn *c, const char *cacert, struct tw_sip_error *err)
{
	if (!cacert) {
		SSL_CTX_set_default_verify_paths(c->ctx);
		return 0;
	}
	if (SSL_CTX_load_verify_locations(c->ctx, cacert, NULL) != 1) {
		char buf[200];

		tls_errstr(buf, sizeof(buf));
		seterr(err, TW_SIP_TLS, "cannot use %s as CA certificates: %s", cacert, buf);
		return -1;
	}
	return 0;
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

static int tls_handshake(struct tw_sip_conn *c, const char *name, const char *cacert,
                         long long deadline, const struct tw_cancel *cancel,
                         struct tw_sip_error *err)
{
	c->ctx = SSL_CTX_new(TLS_client_method());
	if (!c->ctx) {
		seterr(err, TW_SIP_TLS, "OpenSSL could not set up TLS");
		return -1;
	}
	SSL_CTX_set_min_proto_version(c->ctx, TLS1_2_VERSION);
	if (tls_trust(c, cacert, err) < 0)
		return -1;
	if (!(c->ssl = SSL_new(c->ctx))) {
		seterr(err, TW_SIP_TLS, "OpenSSL could not set up TLS");
		return -1;
	}
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
		int rc = SSL_connect(c->ssl), e, w;

		if (rc == 1)
			break;
		e = SSL_get_error(c->ssl, rc);
		if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) {
			char buf[200];

			tls_errstr(buf, sizeof(buf));
			seterr(err, TW_SIP_TLS, "TLS handshake with %s failed: %s", c->peer, buf);
			return -1;
		}
		w = wait_fd(c->fd, e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, deadline, cancel, err);
		if (w < 0)
			return -1;
		if (w == 0) {
			seterr(err, TW_SIP_TIMEOUT, "TLS handshake with %s timed out", c->peer);
			return -1;
		}
	}
	tls_check(c);
	return 0;
}

int tw_sip_open(struct tw_sip_conn **out, const struct tw_sip_target *t, int timeout_ms,
                const struct tw_cancel *cancel, struct tw_sip_error *err)
{
	struct tw_sip_conn *c = tw_xcalloc(1, sizeof(*c));
	long long deadline = tw_now_ms() + timeout_ms;
	struct sockaddr_storage ss;
	socklen_t sl = 0;

	*out = NULL;
	err->kind = TW_SIP_OK;
	err->msg[0] = '\0';
	c->tr = t->tr;
	c->fd = -1;
	tw_buf_init(&c->rx);
	snprintf(c->peer, sizeof(c->peer), tw_is_ipv6(t->addr) ? "[%s]:%u/%s" : "%s:%u/%s",
	         t->addr, t->port, tw_transport_name(t->tr));
	if (make_socket(c, t, &ss, &sl, err) < 0)
		goto fail;
	if (t->tr == TW_TRANSPORT_UDP) {
		if (connect(c->fd, (struct sockaddr *)&ss, sl) < 0) {
			seterr(err, TW_SIP_IO, "cannot reach %s: %s", c->peer, strerror(errno));
			goto fail;
		}
	} else if (stream_connect(c, &ss, sl, deadline, cancel, err) < 0) {
		goto fail;
	}
	note_local(c);
	if (t->tr == TW_TRANSPORT_TLS &&
	    tls_handshake(c, t->tls_name ? t->tls_name : t->addr, t->cacert, deadline, cancel,
	                  err) < 0)
		goto fail;
	*out = c;
	return 0;
fail:
	tw_sip_close(&c);
	return -1;
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

/* Write all of buf; stream transports may take several writes. */
static int send_all(struct tw_sip_conn *c, const char *buf, size_t len, long long deadline,
                    const struct tw_cancel *cancel, struct tw_sip_error *err)
{
	size_t off = 0;

	while (off < len) {
		ssize_t w;
		int want = POLLOUT;

		if (c->ssl) {
			int rc = SSL_write(c->ssl, buf + off, (int)(len - off)), e;

			if (rc > 0) {
				off += (size_t)rc;
				continue;
			}
			e = SSL_get_error(c->ssl, rc);
			if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) {
				char b[200];

				tls_errstr(b, sizeof(b));
				seterr(err, TW_SIP_IO, "TLS write to %s failed: %s", c->peer, b);
				return -1;
			}
			want = e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT;
		} else {
			w = send(c->fd, buf + off, len - off, MSG_NOSIGNAL);
			if (w >= 0) {
				off += (size_t)w;
				continue;
			}
			if (errno == ECONNREFUSED) {
				seterr(err, TW_SIP_REFUSED, "%s refused the request (port unreachable)", c->peer);
				return -1;
			}
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
				seterr(err, TW_SIP_IO, "cannot send to %s: %s", c->peer, strerror(errno));
				return -1;
			}
		}
		switch (wait_fd(c->fd, (short)want, deadline, cancel, err)) {
		case -1:
			return -1;
		case 0:
			seterr(err, TW_SIP_TIMEOUT, "sending to %s timed out", c->peer);
			return -1;
		}
	}
	return 0;
}

/* Read what is there into c->rx. Returns bytes read, 0 for "nothing yet",
 * -1 on error or EOF (err set). */
static ssize_t stream_read(struct tw_sip_conn *c, struct tw_sip_error *err)
{
	char buf[8192];
	ssize_t n;

	if (c->ssl) {
		int rc = SSL_read(c->ssl, buf, sizeof(buf)), e;

		if (rc > 0) {
			tw_buf_add(&c->rx, buf, (size_t)rc);
			return rc;
		}
		e = SSL_get_error(c->ssl, rc);
		if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE)
			return 0;
		if (e == SSL_ERROR_ZERO_RETURN)
			n = 0;
		else {
			char b[200];

			tls_errstr(b, sizeof(b));
			seterr(err, TW_SIP_IO, "TLS read from %s failed: %s", c->peer, b);
			return -1;
		}
	} else {
		n = recv(c->fd, buf, sizeof(buf), 0);
		if (n > 0) {
			tw_buf_add(&c->rx, buf, (size_t)n);
			return n;
		}
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
			return 0;
		if (n < 0) {
			seterr(err, TW_SIP_IO, "reading from %s: %s", c->peer, strerror(errno));
			return -1;
		}
	}
	seterr(err, TW_SIP_IO, "%s closed the connection without an answer", c->peer);
	return -1;
}

/* First line of a rejected message, cleaned, for the report. */
static void first_line(const char *data, size_t len, char *out, size_t n)
{
	struct tw_buf b;
	size_t end = 0;

	while (end < len && data[end] != '\r' && data[end] != '\n')
		end++;
	tw_buf_init(&b);
	tw_buf_add_clean(&b, data, end, n - 4);
	snprintf(out, n, "%s", b.data);
	tw_buf_free(&b);
}

/* 1 final answer for this transaction, 0 not ours or provisional, -1
 * malformed. */
static int take_message(struct tw_sip_conn *c, const char *data, size_t len, const char *branch,
                        unsigned cseq, struct tw_sip_msg *resp, struct tw_sip_error *err)
{
	const char *via, *cs;
	char line[80], *b, *why = NULL;
	bool ours;

	if (tw_sip_parse(data, len, resp, &why) < 0 || resp->code == 0) {
		first_line(data, len, line, sizeof(line));
		seterr(err, TW_SIP_MALFORMED, "%s sent a malformed response (%s): \"%s\"", c->peer,
		       why ? why : "a request, not a response", line);
		free(why);
		tw_sip_msg_clear(resp);
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

static int udp_transact(struct tw_sip_conn *c, const char *req, const char *branch,
                        unsigned cseq, long long start, long long deadline,
                        const struct tw_cancel *cancel, struct tw_sip_msg *resp,
                        struct tw_sip_error *err)
{
	long long next = start + T1_MS;
	int interval = T1_MS, result = -1;
	char *buf = tw_xmalloc(TW_SIP_MAX_MSG + 1);

	for (;;) {
		long long until = next < deadline ? next : deadline;
		int w = wait_fd(c->fd, POLLIN, until, cancel, err), rc;
		ssize_t n;

		if (w < 0)
			goto out;
		if (w == 0) {
			if (tw_now_ms() >= deadline)
				break;
			if (send_all(c, req, strlen(req), deadline, cancel, err) < 0)
				goto out;
			interval = interval * 2 > T2_MS ? T2_MS : interval * 2;
			next = tw_now_ms() + interval;
			continue;
		}
		n = recv(c->fd, buf, TW_SIP_MAX_MSG, 0);
		if (n < 0 && errno == ECONNREFUSED) {
			seterr(err, TW_SIP_REFUSED, "%s: port unreachable (nothing listens there)", c->peer);
			goto out;
		}
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n < 0) {
			seterr(err, TW_SIP_IO, "reading from %s: %s", c->peer, strerror(errno));
			goto out;
		}
		rc = take_message(c, buf, (size_t)n, branch, cseq, resp, err);
		if (rc != 0) {
			result = rc > 0 ? 0 : -1;
			goto out;
		}
		/* A provisional answer: the server is there; wait at T2 pace. */
		interval = T2_MS;
	}
	seterr(err, TW_SIP_TIMEOUT, "no answer from %s", c->peer);
out:
	free(buf);
	return result;
}

static int stream_transact(struct tw_sip_conn *c, const char *branch, unsigned cseq,
                           long long deadline, const struct tw_cancel *cancel,
                           struct tw_sip_msg *resp, struct tw_sip_error *err)
{
	for (;;) {
		char *why = NULL;
		ssize_t fl;
		int w, rc;

		while (c->rx.len && (fl = tw_sip_frame(c->rx.data, c->rx.len, &why)) != 0) {
			if (fl < 0) {
				char line[80];

				first_line(c->rx.data, c->rx.len, line, sizeof(line));
				seterr(err, TW_SIP_MALFORMED, "%s sent a malformed response (%s): \"%s\"",
				       c->peer, why, line);
				free(why);
				return -1;
			}
			rc = take_message(c, c->rx.data, (size_t)fl, branch, cseq, resp, err);
			memmove(c->rx.data, c->rx.data + fl, c->rx.len - (size_t)fl + 1);
			c->rx.len -= (size_t)fl;
			if (rc != 0)
				return rc > 0 ? 0 : -1;
		}
		if (!c->ssl || SSL_pending(c->ssl) == 0) {
			w = wait_fd(c->fd, POLLIN, deadline, cancel, err);
			if (w < 0)
				return -1;
			if (w == 0) {
				seterr(err, TW_SIP_TIMEOUT, "no answer from %s", c->peer);
				return -1;
			}
		}
		if (stream_read(c, err) < 0)
			return -1;
	}
}

int tw_sip_transact(struct tw_sip_conn *c, const char *request, const char *branch,
                    unsigned cseq, int timeout_ms, const struct tw_cancel *cancel,
                    struct tw_sip_msg *resp, unsigned *rtt_ms, struct tw_sip_error *err)
{
	long long start = tw_now_ms(), deadline = start + timeout_ms;
	int rc;

	memset(resp, 0, sizeof(*resp));
	err->kind = TW_SIP_OK;
	err->msg[0] = '\0';
	if (send_all(c, request, strlen(request), deadline, cancel, err) < 0)
		return -1;
	if (c->tr == TW_TRANSPORT_UDP)
		rc = udp_transact(c, request, branch, cseq, start, deadline, cancel, resp, err);
	else
		rc = stream_transact(c, branch, cseq, deadline, cancel, resp, err);
	if (rc == 0 && rtt_ms)
		*rtt_ms = (unsigned)(tw_now_ms() - start);
	return rc;
}
