/* dialplan.h - extension patterns, country dial presets and number
 * formats (schema reference section 6). */
#ifndef TRUNKWIZ_DIALPLAN_H
#define TRUNKWIZ_DIALPLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "trunkwiz/base.h"

/* Check an extension (pattern or literal, without any "/cid" part) against
 * schema 6.2. Appends diagnostics at file:line (or field when file is NULL)
 * and returns the number of errors added. */
int tw_dialplan_check_exten(const char *exten, const char *file, unsigned line,
                            const char *field, struct tw_diags *d);

/* Values written into dialplan lines (caller ID, contexts, extensions,
 * numbers, endpoint names). Asterisk evaluates ${...} and $[...] in
 * application arguments, splits them at ',' (and '|' before 1.6), takes
 * the last ')' as their end, reads a backslash as an escape and '&' as
 * "dial this too", and the config parser ends a line at a newline and
 * starts a comment at ';'. Returns true when v holds none of that, else
 * false, *cause (malloc'd) says why and *what points at the offending text
 * in v. */
bool tw_dialplan_safe(const char *v, const char **what, char **cause);
/* The hint that goes with a tw_dialplan_safe() refusal. */
#define TW_DIALPLAN_UNSAFE_HINT \
	"remove it: what trunkwiz writes into the dialplan is plain text, without " \
	"${, $[, ;, ',', |, &, backslashes, line breaks or unbalanced parentheses"

/* How the provider wants the dialled number. */
enum tw_number_format {
	TW_NUM_E164,      /* +<cc><number>, e.g. +12125551234 */
	TW_NUM_E164_NOPLUS, /* <cc><number>, e.g. 12125551234 (11-digit NANP) */
	TW_NUM_NATIONAL,  /* as dialled nationally, e.g. 2125551234 / 030123456 */
	TW_NUM_IDD,       /* <cc><number> at home (12125551234), the international
	                   * prefix before calls abroad (011442071234567) */
};
/* Parse "e164", "e164_noplus" (aliases "11digit", "noplus"), "national",
 * "idd", case-insensitive; -1 if unknown. */
int tw_number_format_parse(const char *s);
/* The canonical name ("e164", "e164_noplus", "national", "idd"), NULL if
 * unknown. */
const char *tw_number_format_name(enum tw_number_format f);

/* One outbound rule: an extension pattern and the dial-string number made
 * of it, e.g. {"_NXXNXXXXXX", "1${EXTEN}"}. */
struct tw_dial_rule {
	char *pattern;
	char *number;      /* what goes before "@endpoint" in PJSIP/... */
	char *comment;     /* short description, or NULL */
};

struct tw_dial_preset {
	const char *id;            /* "nanp", "uk", "de", "au", "e164" */
	const char *name;          /* "North America (NANP)" */
	const char *country_code;  /* "1", "44", ... ("" for e164) */
	const char *const *emergency; /* NULL-terminated, e.g. {"911", NULL} */
};

const struct tw_dial_preset *tw_dial_preset_find(const char *id);
/* All presets, NULL-terminated. */
const struct tw_dial_preset *const *tw_dial_presets(void);

/* The outbound rules of a preset for a number format. For nanp with
 * TW_NUM_E164_NOPLUS this yields exactly the reference snippet's two rules:
 *   _NXXNXXXXXX  -> 1${EXTEN}
 *   _1NXXNXXXXXX -> ${EXTEN}
 * Emergency numbers are added first when `emergency` is true. Returns the
 * count; free with tw_dial_rules_free. */
size_t tw_dial_rules(const struct tw_dial_preset *p, enum tw_number_format f,
                     bool emergency, struct tw_dial_rule **out);
void tw_dial_rules_free(struct tw_dial_rule **rules, size_t n);

/* DID routes (did.c): the answer did_routes, "DID:EXTEN@CONTEXT" items
 * (CONTEXT defaults to def_ctx). A number is typed as +CC... or
 * nationally and rewritten to what the provider sends (format f of the
 * preset's country); a pattern (_...) is kept as is. */
struct tw_did_route {
	char *did;       /* as typed */
	char *match;     /* the extension of the inbound context */
	char *exten;
	char *context;
};
/* Items that are not usable or repeat a number are reported at
 * trunk.did_routes and left out. Returns the count of good ones. */
size_t tw_did_routes_parse(const char *list, const struct tw_dial_preset *p,
                           enum tw_number_format f, const char *def_ctx,
                           struct tw_did_route **out, struct tw_diags *d);
void tw_did_routes_free(struct tw_did_route **v, size_t n);

#endif
