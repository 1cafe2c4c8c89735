/* render_priv.h - shared by render.c and render_check.c (not a public
 * header). */
#ifndef TRUNKWIZ_RENDER_PRIV_H
#define TRUNKWIZ_RENDER_PRIV_H

#include "trunk/dialplan.h"
#include "trunkwiz/trunk.h"

/* An answer, NULL when unset or empty. */
static inline const char *get(const struct tw_trunk *t, const char *key)
{
	const char *v = tw_trunk_get(t, key);

	return v && *v ? v : NULL;
}

static inline const char *get_or(const struct tw_trunk *t, const char *key, const char *def)
{
	const char *v = get(t, key);

	return v ? v : def;
}

/* Check the answers (required keys, value syntax) before rendering:
 * diagnostics at trunk.FIELD (render_check.c). */
void tw_trunk_check_answers(const struct tw_trunk *t, const struct tw_profile *p,
                         struct tw_diags *d);

#endif
