/* cli.h - the command line: shared options and the subcommands. */
#ifndef TW_CLI_H
#define TW_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>

#include "trunkwiz/validate.h"
#include "trunkwiz/base.h"
#include "trunkwiz/fetch.h"
#include "trunkwiz/trunk.h"

enum {
	TW_EXIT_OK = 0,
	TW_EXIT_INVALID = 1,  /* validation errors */
	TW_EXIT_USAGE = 2,
	TW_EXIT_IO = 3,       /* I/O or system error */
};

struct tw_cli {
	const char *confdir;          /* -C */
	const char *provider_dirs[8]; /* bundled, sysconf, then -P dirs */
	size_t nprovider_dirs;
	const char *provider;         /* -p */
	const char *answers;          /* -a */
	bool dry_run;                 /* -n */
	bool color;                   /* stderr is a tty and colours allowed */
	bool no_color;                /* --no-color or NO_COLOR */
	bool ascii;                   /* --ascii: ASCII line drawing in the wizard */
	size_t first_user_dir;        /* provider_dirs[i >= this] came from -P */
	struct tw_astver version;     /* --asterisk-version, else detected: */
	bool version_known;           /* read it through tw_cli_version() */
	struct tw_fetch_opts fetch;   /* --timeout, --cacert... (fetchopts.c) */
};

/* The defaults: config dir /etc/asterisk, the bundled and system profile
 * dirs, colours on a terminal unless NO_COLOR. */
void tw_cli_init(struct tw_cli *cli, const char *bundled_dir);
const char *tw_cli_bundled_dir(void);
/* getopt_long over a command's own options (shortopts, longopts; may be
 * NULL) and the common ones, which go before or after the command and are
 * applied to cli here: -C -P -p -a -n, --no-color, --ascii,
 * --asterisk-version and the download options. Returns what getopt_long
 * returns for the command's own options, -1 at the end, '?' on a usage
 * error (already reported). */
int tw_cli_getopt(struct tw_cli *cli, int argc, char **argv, const char *shortopts,
                  const struct option *longopts);
#define TW_OPT_COMMON_FIRST 400
/* The target Asterisk version: --asterisk-version, else the installed one
 * (asterisk -V, asked once), else the default. */
const struct tw_astver *tw_cli_version(struct tw_cli *cli);

/* Transfer options, common to every command (getopt_long entries). */
enum {
	TW_OPT_CONNECT_TIMEOUT = 300,
	TW_OPT_TIMEOUT,
	TW_OPT_MAX_SIZE,
	TW_OPT_MAX_REDIRS,
	TW_OPT_CACERT,
	TW_OPT_INSECURE_HTTP,
	TW_OPT_FETCH_LAST = TW_OPT_INSECURE_HTTP,
};
#define TW_FETCH_LONGOPTS \
	{ "connect-timeout", required_argument, NULL, TW_OPT_CONNECT_TIMEOUT }, \
	{ "timeout", required_argument, NULL, TW_OPT_TIMEOUT }, \
	{ "max-size", required_argument, NULL, TW_OPT_MAX_SIZE }, \
	{ "max-redirs", required_argument, NULL, TW_OPT_MAX_REDIRS }, \
	{ "cacert", required_argument, NULL, TW_OPT_CACERT }, \
	{ "insecure-http", no_argument, NULL, TW_OPT_INSECURE_HTTP }
#define TW_FETCH_USAGE \
	"  --connect-timeout=SEC  --timeout=SEC  --max-size=BYTES[k|M]  --max-redirs=N\n" \
	"  --cacert=FILE (trust this CA)  --insecure-http (allow http:// URLs)\n"
/* Is opt one of them? Then apply it: 0, or -1 after a usage message. */
bool tw_cli_is_fetch_option(int opt);
int tw_cli_fetch_option(struct tw_cli *cli, int opt, const char *arg) TW_MUST_CHECK;
/* Set cli->fetch's defaults, and a progress line on a terminal. */
void tw_cli_fetch_init(struct tw_cli *cli);
/* Clear the progress line, if one was shown. */
void tw_cli_progress_done(void);
/* The doctor's public_ip_fn: this machine's public address
 * ($TRUNKWIZ_PUBLIC_IP_URL or the default service), fetched with the
 * struct tw_fetch_opts at ctx within the doctor's deadline and cancel. */
int tw_cli_doctor_public_ip(char **addr, int timeout_ms, const struct tw_cancel *cancel,
                            void *ctx);

/* Print diagnostics to stderr; returns TW_EXIT_INVALID when any is an error. */
int tw_cli_report(const struct tw_cli *cli, struct tw_diags *d);
/* Answers from -a FILE, KEY=VALUE words, -p and TRUNKWIZ_PASSWORD (warns
 * about a password given on the command line). */
int tw_cli_answers(struct tw_cli *cli, struct tw_trunk *t, int argc, char **argv,
                   struct tw_diags *d);
/* Load only profile id from the configured dirs into ps (warnings go to
 * stderr) and return it; NULL, with an error on the provider field in d,
 * when there is no such profile. */
const struct tw_profile *tw_cli_load_profile(const struct tw_cli *cli, const char *id,
                                             struct tw_profiles *ps, struct tw_diags *d);
/* Load the profiles of every configured dir; warnings go to stderr. */
void tw_cli_load_profiles(const struct tw_cli *cli, struct tw_profiles *ps);

/* The wizard (no command given). */
int tw_cmd_wizard(struct tw_cli *cli);
/* wizard_services.c: the services the wizard uses, with the core's calls. */
struct tw_wizard_services;
void tw_cli_wizard_services(struct tw_cli *cli, struct tw_wizard_services *s);

int tw_cmd_render(struct tw_cli *cli, int argc, char **argv);
int tw_cmd_check(struct tw_cli *cli, int argc, char **argv);
int tw_cmd_providers(struct tw_cli *cli, int argc, char **argv);
int tw_cmd_apply(struct tw_cli *cli, int argc, char **argv);
int tw_cmd_switch(struct tw_cli *cli, int argc, char **argv);
int tw_cmd_edit(struct tw_cli *cli, int argc, char **argv);
int tw_cmd_remove(struct tw_cli *cli, int argc, char **argv);
int tw_cmd_list(struct tw_cli *cli, int argc, char **argv);
int tw_cmd_doctor(struct tw_cli *cli, int argc, char **argv);
int tw_cmd_netinfo(struct tw_cli *cli, int argc, char **argv);

#endif
