/* wizard_priv.h - shared by the wizard's files in src/core (not a public
 * header). */
#ifndef TRUNKWIZ_WIZARD_PRIV_H
#define TRUNKWIZ_WIZARD_PRIV_H

#include "trunkwiz/wizard.h"

/* Recompute the effective trunk and the checks after any change. */
void tw_wiz_refresh(struct tw_wizard *w);
/* wizard_lists.c: the codec and identify lists. */
void tw_wiz_rebuild_lists(struct tw_wizard *w);
void tw_wiz_sync_ident(struct tw_wizard *w);
void tw_wiz_lists_free(struct tw_wizard *w);
void tw_wiz_list_checks(const struct tw_wizard *w, struct tw_diags *d);
/* The server changed from old to new: an identify entry naming old
 * (the admin's list, e.g. saved answers) names new instead. */
void tw_wiz_ident_follow(struct tw_wizard *w, const char *old, const char *new_server);

#endif
