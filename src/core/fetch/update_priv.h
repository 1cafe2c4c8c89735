/* update_priv.h - shared by update.c and update_diff.c. Not installed. */
#ifndef TRUNKWIZ_UPDATE_PRIV_H
#define TRUNKWIZ_UPDATE_PRIV_H

#include <stddef.h>

#include "trunkwiz/base.h"

/* The "[section] option" names whose values differ between two versions
 * of a profile (name locates parse problems), in the new file's order,
 * then those only the old one has. Comments and layout do not count. */
void tw_update_changed_keys(const char *name, const struct tw_buf *old, const struct tw_buf *new,
                      char ***keys, size_t *n);

#endif
