/* profile_priv.h - shared by the files of profile.h, not installed:
 * profile.c reads one profile, profile_catalog.c loads the catalog and
 * applies, matches and looks up profiles (profile_check.c validates a loaded
 * profile). Shared functions are prof_*. */
#ifndef TRUNKWIZ_PROFILE_PRIV_H
#define TRUNKWIZ_PROFILE_PRIV_H

#include <stdbool.h>
#include <stddef.h>

#include "trunkwiz/trunk.h"

/* A profile id as a file name gives it: a-z, 0-9, '-', '_', '.', not empty
 * (profile.c). */
bool tw_profile_valid_id(const char *id);
/* n bytes of s are a region label: a-z, 0-9, '-', not empty (profile.c). */
bool tw_profile_lower_label(const char *s, size_t n);

struct tw_conf_option;
/* Read a [provider] region_identify line into p (profile_region.c). */
int tw_profile_add_region_ident(struct tw_profile *p, const struct tw_conf_option *o,
                          struct tw_diags *d);
/* Set the defaults that follow the trunk's region: region, server,
 * identify (profile_region.c; tw_profile_apply calls it first). */
void tw_profile_apply_region(const struct tw_profile *p, struct tw_trunk *t);

struct tw_conf;
struct tw_diags;
/* What no profile may say, bundled or not (profile_check.c): the inbound
 * context, caller ID, endpoint routing options, identify wider than /16
 * (IPv4) or /32 (IPv6). Errors at the profile's lines; -1 when any. */
int tw_profile_check_restrictions(const struct tw_conf *c, struct tw_diags *d);

#endif
