/* doctor_priv.h - shared by the doctor's files in src/core. Not installed.
 *
 *   doctor.c        the report plumbing below, and the run
 *   doctor_dns.c    DNS (the targets), outbound proxy, identify
 *   doctor_sip.c    the checks that talk SIP: OPTIONS, REGISTER
 *   doctor_local.c  transport, ports, RTP range, firewall, NAT, Asterisk's
 *                   own view */
#ifndef TRUNKWIZ_DOCTOR_PRIV_H
#define TRUNKWIZ_DOCTOR_PRIV_H

#include "trunkwiz/doctor.h"
#include "doctor/liveconf.h"

#define DOCTOR_MAX_TARGETS 4

struct doctor_target {
	char *addr;         /* numeric */
	unsigned port;
	char *host;         /* the name it came from (server or SRV target) */
};

struct doctor_run {
	const struct tw_trunk *t;
	const struct tw_doctor_opts *o;
	struct tw_doctor_report *r;
	const char *name;
	const char *server;
	enum tw_transport tr;
	unsigned port;                /* explicit port, 0 when not given */
	struct doctor_target targets[DOCTOR_MAX_TARGETS];
	size_t ntargets;
	int answered;                 /* index of a target that answered OPTIONS, or -1 */
	struct tw_live live;
	long long started;            /* of the current check */
};

/* Finish a check: add it to the report and tell the front end. todo may be
 * NULL. */
void tw_doctor_add(struct doctor_run *d, const char *id, enum tw_check_status st,
                char *seen, char *todo);
void tw_doctor_step(struct doctor_run *d, const char *fmt, ...) TW_PRINTF(2, 3);
bool tw_doctor_cancelled(const struct doctor_run *d);
/* A trunk answer; NULL for an unknown key, or when unset or empty. */
const char *tw_doctor_get(const struct doctor_run *d, const char *key);

void tw_doctor_check_dns(struct doctor_run *d);
void tw_doctor_check_proxy(struct doctor_run *d);
void tw_doctor_check_identify(struct doctor_run *d);

void tw_doctor_check_options(struct doctor_run *d);
void tw_doctor_check_register(struct doctor_run *d);

void tw_doctor_check_transport(struct doctor_run *d);
void tw_doctor_check_ports(struct doctor_run *d);
void tw_doctor_check_firewall(struct doctor_run *d);
void tw_doctor_check_nat(struct doctor_run *d);
void tw_doctor_check_asterisk(struct doctor_run *d);

#endif
