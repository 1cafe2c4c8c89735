/* validate.h - diagnostics for parsed pjsip.conf / extensions.conf models,
 * following the PJSIP schema reference (sections 1-8). Option tables are data,
 * one per object type (src/core/schema.c). */
#ifndef TRUNKWIZ_VALIDATE_H
#define TRUNKWIZ_VALIDATE_H

#include <stdbool.h>

#include "trunkwiz/astver.h"
#include "trunkwiz/conf.h"
#include "trunkwiz/diag.h"

struct tw_validate_opts {
	struct tw_astver version;        /* target Asterisk */
	const struct tw_conf *dialplan;  /* extensions.conf (for endpoint context), or NULL */
	const struct tw_conf *pjsip;     /* pjsip.conf (for Dial targets), or NULL */
};

void tw_validate_opts_init(struct tw_validate_opts *o);

/* Lint a pjsip.conf model (all files it holds). */
void tw_validate_pjsip(const struct tw_conf *pjsip, const struct tw_validate_opts *o,
                       struct tw_diags *d);
/* Lint an extensions.conf model: patterns, priorities, same =>, Dial()
 * targets (PJSIP/<endpoint> must exist in o->pjsip when given). */
void tw_validate_dialplan(const struct tw_conf *ext, const struct tw_validate_opts *o,
                          struct tw_diags *d);
/* Is g tw_validate_pjsip()'s report of a second object of one type named
 * `name` ("[NAME] a second endpoint named...")? The installer, which says
 * the same about its own sections in its own words, leaves it out. */
bool tw_validate_is_duplicate(const struct tw_diag *g, const char *name);

/* Value checks shared with the trunk answers. Each returns true when the
 * value is valid, else false and *err (static string) says why. */
bool tw_check_bool(const char *v, const char **err);
/* One of Asterisk's six true tokens (yes, true, y, t, 1, on; any case)? */
bool tw_is_true(const char *v);
bool tw_check_uint(const char *v, unsigned long max, const char **err);
bool tw_check_float(const char *v, const char **err);
bool tw_check_codec(const char *name, const char **err);
/* Generated section and context names: ^[A-Za-z0-9][A-Za-z0-9_.-]{0,78}$ */
bool tw_check_name(const char *v, const char **err);

#endif
