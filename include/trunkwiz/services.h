/* services.h - what the wizard asks of the machine and the network, as
 * function pointers the program fills in (src/cli/wizard_services.c) with
 * the core's real calls, and tests with stand-ins. A NULL pointer means
 * the action is not available in this build: the wizard says so instead
 * of offering it. Every call but local_networks runs in a worker thread
 * (task.h): it reports progress and errors through the task (status and
 * lines), polls tw_task_cancelled, and returns 0 or -1. */
#ifndef TRUNKWIZ_SERVICES_H
#define TRUNKWIZ_SERVICES_H

#include <stddef.h>

#include "trunkwiz/install.h"
#include "trunkwiz/profile.h"
#include "trunkwiz/task.h"
#include "trunkwiz/trunk.h"

struct tw_wizard_services {
	void *ctx;
	/* The addresses a host name resolves to (*addrs malloc'd, free with
	 * tw_strv_free). */
	int (*resolve)(void *ctx, const char *host, char ***addrs, size_t *n,
	               struct tw_task *task);
	/* Download the provider's published signalling list (p->ip_list_url,
	 * p->ip_list_format): IP/CIDR items. Progress through the task. */
	int (*fetch_ip_list)(void *ctx, const struct tw_profile *p, char ***items,
	                     size_t *n, struct tw_task *task);
	/* Discover this machine's public address (*addr malloc'd). */
	int (*public_address)(void *ctx, char **addr, struct tw_task *task);
	/* This machine's private networks as CIDRs. Quick: called directly. */
	int (*local_networks)(void *ctx, char ***nets, size_t *n);
	/* Test the trunk (DNS, SIP OPTIONS, REGISTER, ports, NAT): one task
	 * line per check as it ends ("ok   ...", "FAIL ...", "warn ..."). */
	int (*doctor)(void *ctx, const struct tw_install_opts *o, const struct tw_trunk *t,
	              const struct tw_profile *p, struct tw_task *task);
};

#endif
