/* wizard/wizard.h - what the rest of the core uses of src/core/wizard/ beyond
 * trunkwiz/wizard.h (the front ends do not call these). */
#ifndef TW_CORE_WIZARD_H
#define TW_CORE_WIZARD_H

#include "trunkwiz/wizard.h"

/* Errors about the fields of screen s. */
size_t tw_wizard_screen_errors(const struct tw_wizard *w, enum tw_wiz_screen s);

/* A default trunk name for provider p that no managed trunk uses. */
char *tw_wizard_default_name(const struct tw_wizard *w, const struct tw_profile *p);

#endif
