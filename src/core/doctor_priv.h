/* doctor_priv.h - shared by doctor.c (the run, DNS and local checks) and
 * doctor_sip.c (the checks that talk SIP). Not installed. */
#ifndef TRUNKWIZ_DOCTOR_PRIV_H
#define TRUNKWIZ_DOCTOR_PRIV_H

#include "trunkwiz/doctor.h"
#include "trunkwiz/liveconf.h"

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
void doctor_add(struct doctor_run *d, const char *id, enum tw_check_status st,
                char *seen, char *todo);
void doctor_step(struct doctor_run *d, const char *fmt, ...) TW_PRINTF(2, 3);
bool doctor_cancelled(const struct doctor_run *d);

void doctor_check_options(struct doctor_run *d);
void doctor_check_register(struct doctor_run *d);

#endif
