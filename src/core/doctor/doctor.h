/* doctor/doctor.h - what the rest of the core uses of src/core/doctor/ beyond
 * trunkwiz/doctor.h (the front ends do not call these). */
#ifndef TW_CORE_DOCTOR_H
#define TW_CORE_DOCTOR_H

#include "trunkwiz/doctor.h"

/* The program to run: cmd when given, else $TRUNKWIZ_ASTERISK, else
 * "asterisk". */
const char *tw_asterisk_program(const char *cmd);

/* Run `PROGRAM -rx COMMAND` with a timeout; *out gets its output
 * (malloc'd). Returns its exit status, or -1 when it could not run or took
 * too long (then *out says why). */
int tw_asterisk_rx(const char *program, const char *command, unsigned timeout_ms,
                   char **out) TW_MUST_CHECK;

/* Does an Asterisk answer on its control socket? */
bool tw_asterisk_running(const char *program);

/* Reload res_pjsip and the dialplan, then wait up to wait_ms for the
 * trunk's registration (NAME-reg, when it has one) to leave the
 * "Unregistered" state. Appends to report what was done and the
 * registration line; problems go to d. Returns 0, -1 on failure. */
int tw_asterisk_reload(const char *program, const char *trunk, bool has_registration,
                       unsigned wait_ms, struct tw_buf *report, struct tw_diags *d) TW_MUST_CHECK;

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
