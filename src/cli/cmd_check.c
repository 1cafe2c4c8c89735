#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "trunkwiz/conf.h"
#include "trunkwiz/validate.h"

/* extensions*.conf is dialplan; everything else is linted as pjsip. */
static bool is_dialplan(const char *path)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	return strncmp(base, "extensions", 10) == 0;
}

int tw_cmd_check(struct tw_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct tw_conf *pj = NULL, *ext = NULL;
	struct tw_validate_opts o;
	struct tw_diags d;
	bool io_error = false;
	int c, i, rc;

	while ((c = tw_cli_getopt(cli, argc, argv, "h", longopts)) != -1) {
		if (c == 'h') {
			puts("Usage: trunkwiz check [FILE..]\n"
			     "Lint pjsip.conf and extensions.conf files (includes followed).\n"
			     "Files named extensions*.conf are dialplan; the rest pjsip.\n"
			     "Without FILE: pjsip.conf and extensions.conf of the config dir (-C).");
			return TW_EXIT_OK;
		}
		return TW_EXIT_USAGE;
	}
	tw_diags_init(&d);
	argc -= optind;
	argv += optind;
	{
		char *defaults[2];
		char **files = argv;
		int nfiles = argc;

		if (nfiles == 0) {
			defaults[0] = tw_xasprintf("%s/pjsip.conf", cli->confdir);
			defaults[1] = tw_xasprintf("%s/extensions.conf", cli->confdir);
			files = defaults;
			nfiles = 2;
		}
		for (i = 0; i < nfiles; i++) {
			bool dp = is_dialplan(files[i]);
			struct tw_conf **slot = dp ? &ext : &pj;
			char *dir = argc ? tw_dir_of(files[i]) : tw_xstrdup(cli->confdir);

			if (access(files[i], R_OK) < 0) {
				fprintf(stderr, "%s: error: cannot read: %s\n", files[i], strerror(errno));
				io_error = true;
				free(dir);
				continue;
			}
			if (!*slot)
				*slot = tw_conf_new(dir);
			/* A file that is not a config at all is a finding (exit 1,
			 * the error is in d); one that cannot be read is exit 3. */
			if (tw_conf_load(*slot, files[i], true, &d) == TW_CONF_IO_ERROR)
				io_error = true;
			free(dir);
		}
		if (files == defaults) {
			free(defaults[0]);
			free(defaults[1]);
		}
	}
	tw_validate_opts_init(&o);
	o.version = *tw_cli_version(cli);
	o.dialplan = ext;
	o.pjsip = pj;
	if (pj)
		tw_validate_pjsip(pj, &o, &d);
	if (ext)
		tw_validate_dialplan(ext, &o, &d);
	tw_diags_sort(&d);
	rc = tw_cli_report(cli, &d);
	if (io_error)
		rc = TW_EXIT_IO;
	tw_diags_clear(&d);
	tw_conf_free(&pj);
	tw_conf_free(&ext);
	return rc;
}
