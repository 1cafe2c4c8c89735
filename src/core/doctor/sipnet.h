/* sipnet.h - one SIP client transaction at a time over UDP, TCP or TLS,
 * from an ephemeral local port (so it works while Asterisk holds 5060),
 * with a deadline and a cancel flag checked every 50 ms. UDP requests are
 * retransmitted on RFC 3261's timer (500 ms doubling, at most 4 s apart).
 * TLS is OpenSSL's libssl: the server certificate is checked against the
 * system's trust store (or a CA file) and the server name. A failure does
 * not end the handshake: tw_sip_tls_problem says why, and the caller
 * decides what it still sends over such a connection (no credentials). */
#ifndef TRUNKWIZ_SIPNET_H
#define TRUNKWIZ_SIPNET_H

#include <stdbool.h>

#include "trunkwiz/base.h"
#include "doctor/sip.h"
#include "trunkwiz/trunk.h"

/* How an exchange ended. Each failure also sets the caller's *cause
 * (malloc'd, naming the peer and the step); the status is for callers
 * that advise by kind (a timeout is not a refusal). */
enum tw_sip_status {
	TW_SIP_OK,
	TW_SIP_TIMEOUT,    /* no (final) answer before the deadline */
	TW_SIP_CANCELLED,  /* the cancel flag was set */
	TW_SIP_REFUSED,    /* connection refused / ICMP port unreachable */
	TW_SIP_MALFORMED,  /* the peer answered something that is not SIP */
	TW_SIP_TLS,        /* TLS handshake failed */
	TW_SIP_IO,         /* any other socket error, or a closed connection */
};

struct tw_sip_target {
	enum tw_transport tr;
	const char *addr;      /* numeric IPv4/IPv6 */
	unsigned port;
	const char *tls_name;  /* server name for SNI and the certificate check */
	const char *cacert;    /* PEM file of CAs to trust instead of the system's, or NULL */
};

struct tw_sip_conn;

/* Open a socket to the target (UDP: connected; TCP/TLS: connect and
 * handshake before timeout_ms). Returns TW_SIP_OK, or the kind of failure
 * with *cause set (when cause is not NULL). */
enum tw_sip_status tw_sip_open(struct tw_sip_conn **out, const struct tw_sip_target *t,
                               int timeout_ms, const struct tw_cancel *cancel,
                               char **cause) TW_MUST_CHECK;
void tw_sip_close(struct tw_sip_conn **c);

/* The local address and port the peer sees us from (for Via/Contact). */
const char *tw_sip_local_host(const struct tw_sip_conn *c);
unsigned tw_sip_local_port(const struct tw_sip_conn *c);
/* TLS only: NULL when the certificate was verified for tls_name, else why
 * not (static or owned by c). Not NULL either when the server sent no
 * certificate at all. */
const char *tw_sip_tls_problem(const struct tw_sip_conn *c);

/* Send request (built by tw_sip_build with this branch and cseq) and wait
 * up to timeout_ms for the final response of the same transaction
 * (provisional 1xx are skipped; responses to other transactions ignored).
 * *rtt_ms: from the first send to the answer. Returns TW_SIP_OK with resp
 * filled (clear it with tw_sip_msg_clear), or the kind of failure with
 * *cause set (when cause is not NULL). */
enum tw_sip_status tw_sip_transact(struct tw_sip_conn *c, const char *request,
                                   const char *branch, unsigned cseq, int timeout_ms,
                                   const struct tw_cancel *cancel, struct tw_sip_msg *resp,
                                   unsigned *rtt_ms, char **cause) TW_MUST_CHECK;

#endif
