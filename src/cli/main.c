#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* The commands, in the order --help lists them. One row a line: name,
 * arguments, summary ("\n" continues it), handler. doc/trunkwiz.1's
 * SYNOPSIS is made from these rows (doc/synopsis.sh; tests/cli_commands.sh
 * fails when the two differ). A name of two words is a subcommand; the
 * handler gets the words from the first on. */
struct cmd {
	const char *name, *args, *summary;
	int (*handler)(struct tw_cli *cli, int argc, char **argv);
};

static const struct cmd commands[] = {
	{ "render", "[KEY=VALUE..]", "render a trunk to stdout, write nothing", tw_cmd_render },
	{ "check", "[--format=gcc|json] [--werror] [--kind=KIND] [FILE..]", "lint pjsip, wizard and dialplan files", tw_cmd_check },
	{ "providers list", "[WORD]", "list provider profiles", tw_cmd_providers },
	{ "providers show", "ID", "show one profile", tw_cmd_providers },
	{ "providers check", "[FILE..]", "validate profiles", tw_cmd_providers },
	{ "apply", "[KEY=VALUE..]", "validate and install a trunk into the config dir", tw_cmd_apply },
	{ "edit", "NAME KEY=VALUE..", "change a trunk's answers and regenerate it", tw_cmd_edit },
	{ "switch", "NAME provider=ID", "regenerate a trunk for another provider", tw_cmd_switch },
	{ "remove", "NAME", "remove a trunk (files, include lines, answers)", tw_cmd_remove },
	{ "list", "", "the trunks trunkwiz manages in the config dir", tw_cmd_list },
	{ "doctor", "NAME | [KEY=VALUE..]", "check a trunk: DNS, SIP OPTIONS, REGISTER,\nports, firewall, NAT, Asterisk's view", tw_cmd_doctor },
	{ "providers ips", "ID [--url URL]", "fetch a provider's published address list", tw_cmd_providers },
	{ "providers update", "[URL] [--yes]", "install a signed profile bundle (into -P DIR\nor /etc/trunkwiz/providers.d)", tw_cmd_providers },
	{ "providers trust", "KEYFILE", "trust an Ed25519 key to sign profile bundles", tw_cmd_providers },
	{ "providers keys", "", "list the keys trusted to sign bundles", tw_cmd_providers },
	{ "providers untrust", "FINGERPRINT", "stop trusting a bundle key", tw_cmd_providers },
	{ "netinfo", "[--public [--url URL]]", "private networks and public address", tw_cmd_netinfo },
};

#define SUMMARY_COL 28

static void usage_commands(FILE *out)
{
	size_t i;

	for (i = 0; i < TW_ARRAY_LEN(commands); i++) {
		const struct cmd *c = &commands[i];
		const char *s = c->summary, *nl;
		int n = fprintf(out, "  %s%s%s", c->name, *c->args ? " " : "", c->args) - 2;

		fprintf(out, "%*s", n < SUMMARY_COL ? SUMMARY_COL - n : 2, "");
		while ((nl = strchr(s, '\n'))) {
			fprintf(out, "%.*s\n%*s", (int)(nl - s), s, SUMMARY_COL + 2, "");
			s = nl + 1;
		}
		fprintf(out, "%s\n", s);
	}
}

/* The row for argv[0] (the first word of its name). */
static const struct cmd *command_of(const char *word)
{
	size_t i, n = strlen(word);

	for (i = 0; i < TW_ARRAY_LEN(commands); i++)
		if (strncmp(commands[i].name, word, n) == 0 &&
		    (commands[i].name[n] == '\0' || commands[i].name[n] == ' '))
			return &commands[i];
	return NULL;
}

static void usage(FILE *out)
{
	fputs("Usage: trunkwiz [OPTIONS] [COMMAND [ARGS]]\n"
	      "Set up an Asterisk PJSIP SIP trunk.\n"
	      "\n"
	      "Without a command: the interactive wizard (new trunk, edit, switch\n"
	      "provider, remove), on the terminal. F1 or Ctrl-E there lists the keys.\n"
	      "\n"
	      "Commands:\n", out);
	usage_commands(out);
	fputs("\n"
	      "Options (before or after the command):\n"
	      "  -C DIR                 Asterisk config dir (default /etc/asterisk)\n"
	      "  -P DIR                 extra provider profile dir (repeatable; later wins)\n"
	      "  -p ID                  provider profile (same as provider=ID)\n"
	      "  -a FILE                answers file (one [trunk] section)\n"
	      "  -n, --dry-run          write nothing\n"
	      "      --asterisk-version=V  target Asterisk version (default: installed, else 20)\n"
	      "      --no-color         no colours (also NO_COLOR)\n"
	      "      --ascii            wizard: ASCII line drawing (for terminals that garble boxes)\n"
	      "  -h, --help             this help; 'trunkwiz render --help' lists answer keys\n"
	      "  -V, --version          print the version\n"
	      "\n"
	      "Downloads:\n"
	      TW_FETCH_USAGE
	      "\n"
	      "Passwords never go on the command line: use password_file=PATH, password=-\n"
	      "(read from stdin) or the TRUNKWIZ_PASSWORD environment variable.\n"
	      "Exit status: 0 ok, 1 validation errors, 2 usage, 3 I/O or system error.\n",
	      out);
}

int tw_cli_report(const struct tw_cli *cli, struct tw_diags *d)
{
	tw_diags_print(d, stderr, cli->color);
	return tw_diags_has_errors(d) ? TW_EXIT_INVALID : TW_EXIT_OK;
}

/* No profile found and the bundled dir is missing: a binary run from the
 * build tree before 'make install'. Say where the profiles are looked for. */
static void no_bundled(const struct tw_cli *cli, const struct tw_profiles *ps, struct tw_diags *d)
{
	if (ps->n || access(cli->provider_dirs[0], R_OK | X_OK) == 0)
		return;
	tw_diag_at(d, TW_WARNING, cli->provider_dirs[0], 0,
	           "run 'make install', or give the profiles' directory with -P DIR "
	           "(or TRUNKWIZ_DATADIR=DIR), e.g. -P providers in the source tree",
	           "the bundled provider profiles are not installed here");
}

void tw_cli_load_profiles(const struct tw_cli *cli, struct tw_profiles *ps)
{
	struct tw_diags d;

	tw_diags_init(&d);
	tw_profiles_load(ps, cli->provider_dirs, cli->nprovider_dirs, &d);
	no_bundled(cli, ps, &d);
	tw_diags_print(&d, stderr, cli->color);
	tw_diags_clear(&d);
}

const struct tw_profile *tw_cli_load_profile(const struct tw_cli *cli, const char *id,
                                             struct tw_profiles *ps, struct tw_diags *d)
{
	const struct tw_profile *p;
	struct tw_diags w;

	tw_diags_init(&w);
	tw_profiles_load_id(ps, cli->provider_dirs, cli->nprovider_dirs, id, &w);
	no_bundled(cli, ps, &w);
	tw_diags_print(&w, stderr, cli->color);
	tw_diags_clear(&w);
	p = tw_profiles_find(ps, id);
	if (!p)
		tw_diag_field(d, TW_ERROR, "provider", "'trunkwiz providers list' shows the profiles",
		              "no provider profile '%s'", id);
	return p;
}

int tw_cli_answers(struct tw_cli *cli, struct tw_trunk *t, int argc, char **argv,
                   struct tw_diags *d)
{
	int i, rc = 0;

	if (cli->answers && tw_trunk_load_answers(t, cli->answers, d) < 0)
		rc = -1;
	for (i = 0; i < argc; i++) {
		if (tw_str_has_prefix(argv[i], "password=") && strcmp(argv[i], "password=-") != 0)
			tw_diag_field(d, TW_WARNING, "password",
			              "use password_file=PATH, password=- (stdin) or TRUNKWIZ_PASSWORD",
			              "a password on the command line is visible to every user of this machine (ps, shell history)");
		if (tw_trunk_set_word(t, argv[i], d) < 0)
			rc = -1;
	}
	if (cli->provider && tw_trunk_set(t, "provider", cli->provider, NULL, 0, d) < 0)
		rc = -1;
	tw_trunk_password_from_env(t);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *datadir = getenv("TRUNKWIZ_DATADIR");
	const struct cmd *cmd;
	struct tw_cli cli;
	int c;

	tw_cli_init(&cli, datadir && *datadir ? datadir : tw_cli_bundled_dir());
	/* '+': stop at the command, which takes the common options too. */
	while ((c = tw_cli_getopt(&cli, argc, argv, "+hV", longopts)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return TW_EXIT_OK;
		case 'V':
			printf("trunkwiz %s\n", PACKAGE_VERSION);
			return TW_EXIT_OK;
		default:
			fputs("Try 'trunkwiz --help'.\n", stderr);
			return TW_EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return tw_cmd_wizard(&cli);
	argc -= optind;
	argv += optind;
	optind = 0;
	cmd = command_of(argv[0]);
	if (cmd)
		return cmd->handler(&cli, argc, argv);
	fprintf(stderr, "trunkwiz: unknown command '%s' (try 'trunkwiz --help')\n", argv[0]);
	return TW_EXIT_USAGE;
}
