/* wizard_services.c - what the wizard asks of the machine and the network
 * (services.h), filled with the core's real calls. */
#include "config.h"

#include <stdlib.h>

#include "cli.h"
#include "trunkwiz/netaddr.h"
#include "trunkwiz/services.h"

/* Runs in the wizard's worker thread: getaddrinfo() cannot be
 * interrupted, so a cancel only stops the wizard from waiting. */
static int resolve(void *ctx, const char *host, char ***addrs, size_t *n, struct tw_task *task)
{
	int rc = tw_resolve(host, addrs);

	if (rc < 0) {
		tw_task_line(task, "the name service gave no answer");
		*n = 0;
		return -1;
	}
	*n = (size_t)rc;
	if (tw_task_cancelled(task))
		return -1;
	return rc > 0 ? 0 : -1;
}

void tw_cli_wizard_services(struct tw_wizard_services *s)
{
	s->ctx = NULL;
	s->resolve = resolve;
	/* Filled when those modules are in: fetch.c (the provider's list, the
	 * public address), netinfo.c (local networks), doctor.c (Test now). */
	s->fetch_ip_list = NULL;
	s->public_address = NULL;
	s->local_networks = NULL;
	s->doctor = NULL;
}
