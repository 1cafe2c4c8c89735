/* json.h - --json output of the commands (json.c). */
#ifndef TW_CLI_JSON_H
#define TW_CLI_JSON_H

#include <jansson.h>
#include <stdbool.h>

#include "trunkwiz/base.h"
#include "trunkwiz/install.h"

/* Diagnostics as an array of {severity, file, line, field, message, hint}. */
json_t *tw_cli_json_diags(const struct tw_diags *d);
/* A JSON string of s (NULL: null); invalid UTF-8 bytes become '?'. */
json_t *tw_cli_json_text(const char *s);
/* What apply/edit/switch/remove did (or, with dry_run, would do):
 * {command, trunk, config_dir, changed, dry_run, files[{path, action, mode,
 * backup}], backups[], notes[], diagnostics[]}. */
json_t *tw_cli_json_plan(const char *command, const struct tw_install_opts *o,
                         const struct tw_plan *p, bool dry_run, const struct tw_diags *d);
/* Add "reload": {requested, outcome, method, output} to j. */
void tw_cli_json_reload(json_t *j, bool requested, int rc, const char *output,
                        const char *how);
/* Print j on stdout (and free it): TW_EXIT_OK, or TW_EXIT_IO. */
int tw_cli_json_emit(json_t *j);

#endif
