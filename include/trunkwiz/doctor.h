/* trunkwiz/doctor.h - the doctor module's interface (src/core/doctor/). */
#ifndef TRUNKWIZ_DOCTOR_H
#define TRUNKWIZ_DOCTOR_H

#include <stdbool.h>
#include <stddef.h>

#include "trunkwiz/base.h"
#include "trunkwiz/net.h"
#include "trunkwiz/trunk.h"

/* asterisk.h - talking to a running Asterisk through its command line
 * (`asterisk -rx COMMAND`): is it running, reload, and its view of a
 * trunk read from `pjsip show registrations` and `pjsip show endpoint`.
 * The program is TRUNKWIZ_ASTERISK from the environment, else "asterisk",
 * so tests use a script that plays Asterisk. */

#define TW_ASTERISK_TIMEOUT_MS 10000

/* doctor.h - verify a trunk before and after it goes live: the reference's
 * "if registration shows Unregistered, check..." list, automated. Each
 * check gives one result (ok / warning / failed / skipped, what was seen,
 * what to do); the front end is told as each one finishes. Every network
 * step has a deadline and honours the cancel flag; nothing needs Asterisk
 * to be running; no result ever holds the password. */

enum tw_check_status {
	TW_CHECK_OK,
	TW_CHECK_WARNING,
	TW_CHECK_FAILED,
	TW_CHECK_SKIPPED,
};

struct tw_check {
	const char *id;     /* static: dns, identify, options, register, transport,
	                       ports, rtp, firewall, nat, registration, endpoint */
	enum tw_check_status status;
	char *seen;         /* what was seen, one line */
	char *todo;         /* what to do, or NULL; config lines to add follow
	                       the first line, one per line */
	unsigned ms;        /* how long the check took */
};

struct tw_doctor_report {
	struct tw_check *v;
	size_t n;
	bool cancelled;     /* stopped early; the rest are "skipped" */
};

/* Public address discovery (the fetch module's libcurl lookup fits here).
 * Returns 0 with *addr malloc'd, or -1 when it could not find out. */
typedef int (*tw_public_ip_fn)(char **addr, int timeout_ms, const struct tw_cancel *cancel,
                               void *ctx);

struct tw_doctor_opts {
	const char *confdir;          /* live config: pjsip.conf, rtp.conf; NULL skips */
	const char *public_ip;        /* known public address, or NULL */
	tw_public_ip_fn public_ip_fn; /* asked when public_ip is NULL and the trunk has none */
	void *public_ip_ctx;
	int timeout_ms;               /* per network step */
	struct tw_cancel cancel;
	/* Progress: on_step before a slow step ("sending REGISTER to ..."),
	 * on_check as each check finishes. Either may be NULL. */
	void (*on_step)(const char *what, void *ctx);
	void (*on_check)(const struct tw_check *c, void *ctx);
	void *ctx;
	const char *asterisk_cmd;     /* NULL: $TRUNKWIZ_ASTERISK, else "asterisk" */
	const char *nft_cmd;          /* NULL: $TRUNKWIZ_NFT, else "nft" */
	const char *iptables_cmd;     /* NULL: $TRUNKWIZ_IPTABLES_SAVE, else "iptables-save" */
	const char *proc_root;        /* NULL: /proc */
	const struct tw_ifaddr *local_addrs; /* the machine's addresses; NULL: ask the system */
	size_t nlocal_addrs;
	unsigned skip;                /* TW_DOCTOR_SKIP_* bits */
	/* TLS: the provider's certificate is checked against cacert (a PEM
	 * file of CAs) or the system's CAs. No REGISTER, and so no digest,
	 * goes over a connection whose certificate could not be verified,
	 * unless insecure_tls; the report says which it was. */
	const char *cacert;
	bool insecure_tls;
};

#define TW_DOCTOR_SKIP_REGISTER 0x1u   /* no REGISTER (the credentials check) */
#define TW_DOCTOR_SKIP_ASTERISK 0x2u   /* do not ask Asterisk */
#define TW_DOCTOR_SKIP_FIREWALL 0x4u   /* do not run nft / iptables-save */

void tw_doctor_opts_init(struct tw_doctor_opts *o);

/* Run every check on the trunk (with its profile defaults applied).
 * Returns 0 when all ran, 1 when cancelled (r->cancelled). The report is
 * the caller's: tw_doctor_report_clear. */
int tw_doctor_run(const struct tw_trunk *t, const struct tw_doctor_opts *o,
                  struct tw_doctor_report *r);
bool tw_doctor_failed(const struct tw_doctor_report *r);
void tw_doctor_report_clear(struct tw_doctor_report *r);

const char *tw_check_status_name(enum tw_check_status s);
/* "failed   register   seen -- todo" plus indented config lines, each
 * line ending in '\n'. */
void tw_check_format(const struct tw_check *c, struct tw_buf *out);

#endif
