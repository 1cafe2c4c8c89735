/* astcli.h - Asterisk's own view of a trunk, read from the output of
 * `asterisk -rx "pjsip show registrations"` and `pjsip show endpoint`. */
#ifndef TRUNKWIZ_ASTCLI_H
#define TRUNKWIZ_ASTCLI_H

#include <stdbool.h>

/* The output says Asterisk is not running (cannot connect to its control
 * socket) or that res_pjsip is not loaded (no such command). */
bool tw_ast_not_running(const char *out);
bool tw_ast_no_pjsip(const char *out);

/* In `pjsip show registrations`, the status of registration reg
 * ("Registered", "Unregistered", "Rejected", "Stopped", ...) and the server
 * URI, malloc'd. Returns false when reg is not listed. */
bool tw_ast_registration(const char *out, const char *reg, char **status, char **uri);

/* In `pjsip show endpoint NAME`: the endpoint's device state ("Not in use",
 * "Unavailable", ...) and its contacts' status words and RTTs, e.g.
 * "sip:sip.example.com Avail 23.1 ms" (several joined by ", "). Returns
 * false when the endpoint is not found. */
bool tw_ast_endpoint(const char *out, char **state, char **contacts);

#endif
