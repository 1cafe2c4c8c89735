/* validate/validate.h - what the rest of the core uses of src/core/validate/ beyond
 * trunkwiz/validate.h (the front ends do not call these). */
#ifndef TW_CORE_VALIDATE_H
#define TW_CORE_VALIDATE_H

#include "trunkwiz/validate.h"

/* Always "major.minor.patch" ("20.0.0", "22.2.0"), in a static buffer. */
const char *tw_astver_str(const struct tw_astver *v);
int tw_astver_cmp(const struct tw_astver *a, const struct tw_astver *b);

/* True when v is at least the release given for v's own major series in
 * a "since" list such as "20.12,21.7,22.2,23.0" (a series not listed: true
 * when a listed older series is present and v's major is newer than all
 * listed, false when v's major is older than every listed series). */
bool tw_astver_since(const struct tw_astver *v, const char *since);

/* Is g tw_validate_pjsip()'s report of a second object of one type named
 * `name` ("[NAME] a second endpoint named...")? The installer, which says
 * the same about its own sections in its own words, leaves it out. */
bool tw_validate_is_duplicate(const struct tw_diag *g, const char *name);

/* Value checks shared with the trunk answers. Each returns true when the
 * value is valid, else false and *cause (malloc'd, see tw_fail) says why. */
bool tw_check_bool(const char *v, char **cause);

/* One of Asterisk's six true tokens (yes, true, y, t, 1, on; any case)? */
bool tw_is_true(const char *v);
bool tw_check_uint(const char *v, unsigned long max, char **cause);
bool tw_check_float(const char *v, char **cause);
bool tw_check_codec(const char *name, char **cause);

/* Generated section and context names: ^[A-Za-z0-9][A-Za-z0-9_.-]{0,78}$ */
bool tw_check_name(const char *v, char **cause);

#endif
