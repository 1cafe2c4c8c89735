/* profile_priv.h - shared by the files of profile.h, not installed:
 * profile.c reads one profile, profile_catalog.c loads the catalog and
 * applies, matches and looks up profiles (profile_check.c validates a loaded
 * profile). Shared functions are prof_*. */
#ifndef TRUNKWIZ_PROFILE_PRIV_H
#define TRUNKWIZ_PROFILE_PRIV_H

#include <stdbool.h>

/* A profile id as a file name gives it: a-z, 0-9, '-', '_', '.', not empty
 * (profile.c). */
bool prof_valid_id(const char *id);

#endif
