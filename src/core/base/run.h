/* run.h - run a helper program (asterisk -rx, nft, iptables-save) with a
 * deadline and a cancel flag, capturing what it prints. */
#ifndef TRUNKWIZ_RUN_H
#define TRUNKWIZ_RUN_H

#include "trunkwiz/base.h"

enum tw_run_result {
	TW_RUN_OK,          /* it ran; *status is its exit status */
	TW_RUN_NOT_FOUND,   /* no such program */
	TW_RUN_TIMEOUT,     /* killed after timeout_ms */
	TW_RUN_CANCELLED,   /* killed because cancel said so */
	TW_RUN_ERROR,       /* fork/pipe failed, or it died from a signal */
};

/* Run argv[0] (searched in PATH) with argv, stdin from /dev/null, stdout
 * and stderr together into *out (malloc'd, at most 1 MiB kept). The child
 * runs in its own process group, killed whole on timeout or cancel, and
 * gets our environment without TRUNKWIZ_PASSWORD. */
enum tw_run_result tw_run_capture(const char *const *argv, int timeout_ms,
                                  const struct tw_cancel *cancel, char **out,
                                  int *status);


#endif
