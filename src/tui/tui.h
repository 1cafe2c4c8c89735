/* tui.h - the curses wizard: what the program hands it. */
#ifndef TW_TUI_H
#define TW_TUI_H

#include <stdbool.h>

#include "trunkwiz/install.h"
#include "trunkwiz/trunk.h"
#include "trunkwiz/wizard.h"

struct tw_tui_config {
	const struct tw_profiles *profiles;     /* the catalog, loaded */
	struct tw_install_opts opts;            /* config dir, group, version */
	const struct tw_wizard_services *svc;   /* may have NULL pointers */
	bool no_color;                          /* --no-color or NO_COLOR */
	bool ascii;                             /* --ascii: ASCII line drawing */
	const char *asterisk;                   /* Asterisk program (NULL: default) */
	const char *extra_args;                 /* for the command shown on Done ("-P DIR") */
};

/* Run the wizard on the terminal. Returns an exit status (0, or 3 when
 * the terminal cannot be used); a SIGTERM or SIGHUP ends the process
 * after the terminal is restored, as that signal. */
int tw_tui_run(const struct tw_tui_config *cfg);

#endif
