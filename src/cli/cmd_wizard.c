/* cmd_wizard.c - `trunkwiz` with no command: the interactive wizard on
 * the terminal, with the same options (-C, -P, --no-color, --ascii) and
 * the same core calls as apply, edit, switch and remove. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "../tui/tui.h"
#include "trunkwiz/wizard.h"

/* "-P DIR" for the shell: DIR quoted when it needs it. */
static void add_dir(struct tw_buf *b, const char *dir)
{
	const char *p;

	tw_buf_adds(b, b->len ? " -P " : "-P ");
	if (*dir && strspn(dir, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./,:=@+%") ==
	    strlen(dir)) {
		tw_buf_adds(b, dir);
		return;
	}
	tw_buf_addc(b, '\'');
	for (p = dir; *p; p++)
		tw_buf_adds(b, *p == '\'' ? "'\\''" : (char[]){ *p, 0 });
	tw_buf_addc(b, '\'');
}

int tw_cmd_wizard(struct tw_cli *cli)
{
	struct tw_profiles ps = { NULL, 0 };
	struct tw_wizard_services svc;
	struct tw_tui_config cfg;
	struct tw_buf extra;
	char **nets = NULL;
	size_t nnets = 0, i;
	int rc;

	tw_cli_load_profiles(cli, &ps);
	if (ps.n == 0) {
		fputs("trunkwiz: no provider profiles found: the wizard needs at least the generic one\n",
		      stderr);
		tw_profiles_free(&ps);
		return TW_EXIT_IO;
	}
	tw_cli_wizard_services(cli, &svc);
	tw_install_opts_init(&cfg.opts);
	cfg.opts.confdir = cli->confdir;
	cfg.opts.version = *tw_cli_version(cli);
	if (getenv("TRUNKWIZ_GROUP"))
		cfg.opts.group = getenv("TRUNKWIZ_GROUP");
	if (svc.local_networks && svc.local_networks(svc.ctx, &nets, &nnets) == 0) {
		cfg.opts.local_nets = (const char *const *)nets;
		cfg.opts.nlocal_nets = nnets;
	}
	/* The command shown on the Done screen names the same -P dirs. */
	tw_buf_init(&extra);
	for (i = cli->first_user_dir; i < cli->nprovider_dirs; i++)
		add_dir(&extra, cli->provider_dirs[i]);
	cfg.profiles = &ps;
	cfg.svc = &svc;
	cfg.no_color = cli->no_color;
	cfg.ascii = cli->ascii;
	cfg.asterisk = NULL;
	cfg.extra_args = extra.data;
	rc = tw_tui_run(&cfg);
	tw_buf_free(&extra);
	tw_strv_free(&nets, nnets);
	tw_profiles_free(&ps);
	return rc;
}
