/* options.c - the options every command takes (-C -P -p -a -n, colours,
 * the Asterisk version, the download options), before or after the
 * command: "trunkwiz -C DIR apply" and "trunkwiz apply -C DIR" are one. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

enum { OPT_NO_COLOR = TW_OPT_COMMON_FIRST, OPT_ASTVER, OPT_ASCII };

#define COMMON_SHORTOPTS "C:P:p:a:n"

static const struct option common_longopts[] = {
	{ "dry-run", no_argument, NULL, 'n' },
	{ "no-color", no_argument, NULL, OPT_NO_COLOR },
	{ "ascii", no_argument, NULL, OPT_ASCII },
	{ "asterisk-version", required_argument, NULL, OPT_ASTVER },
	TW_FETCH_LONGOPTS,
	{ NULL, 0, NULL, 0 },
};

/* A profile dir beside the executable, when it holds the generic profile
 * and (for root) nobody but root could have written it. */
static bool usable_dir(const char *dir)
{
	char marker[PATH_MAX + 96];
	struct stat st;

	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
		return false;
	if (geteuid() == 0 && (st.st_uid != 0 || (st.st_mode & 022)))
		return false;
	snprintf(marker, sizeof(marker), "%s/generic.conf", dir);
	return access(marker, R_OK) == 0;
}

/* The bundled profiles: providers/ beside the executable (a build tree, so
 * that ./trunkwiz works right after make), then ../share/trunkwiz/providers
 * beside it (an installed or unpacked package, wherever it lies), then the
 * directory configure chose. */
const char *tw_cli_bundled_dir(void)
{
	static const char *const rel[] = { "providers", "../share/trunkwiz/providers" };
	static char found[PATH_MAX + 64];
	char exe[PATH_MAX];
	ssize_t n;
	char *slash;
	size_t i;

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return TW_PROVIDERS_DIR;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return TW_PROVIDERS_DIR;
	*slash = '\0';
	for (i = 0; i < TW_ARRAY_LEN(rel); i++) {
		snprintf(found, sizeof(found), "%s/%s", exe, rel[i]);
		if (usable_dir(found))
			return found;
	}
	return TW_PROVIDERS_DIR;
}

void tw_cli_init(struct tw_cli *cli, const char *bundled_dir)
{
	memset(cli, 0, sizeof(*cli));
	cli->confdir = "/etc/asterisk";
	cli->provider_dirs[cli->nprovider_dirs++] = bundled_dir;
	cli->provider_dirs[cli->nprovider_dirs++] = TW_SYSCONF_PROVIDERS_DIR;
	cli->first_user_dir = cli->nprovider_dirs;
	cli->no_color = getenv("NO_COLOR") != NULL;
	cli->color = !cli->no_color && isatty(STDERR_FILENO);
	tw_cli_fetch_init(cli);
}

const struct tw_astver *tw_cli_version(struct tw_cli *cli)
{
	if (!cli->version_known) {
		tw_astver_detect(&cli->version);
		cli->version_known = true;
	}
	return &cli->version;
}

/* Apply common option c: 0, or -1 after a message. */
static int common_option(struct tw_cli *cli, int c, const char *arg)
{
	switch (c) {
	case 'C':
		cli->confdir = arg;
		return 0;
	case 'P':
		if (cli->nprovider_dirs == TW_ARRAY_LEN(cli->provider_dirs)) {
			fprintf(stderr, "trunkwiz: too many -P options (at most %zu)\n",
			        TW_ARRAY_LEN(cli->provider_dirs) - cli->first_user_dir);
			return -1;
		}
		cli->provider_dirs[cli->nprovider_dirs++] = arg;
		return 0;
	case 'p':
		cli->provider = arg;
		return 0;
	case 'a':
		cli->answers = arg;
		return 0;
	case 'n':
		cli->dry_run = true;
		return 0;
	case OPT_NO_COLOR:
		cli->no_color = true;
		cli->color = false;
		return 0;
	case OPT_ASCII:
		cli->ascii = true;
		return 0;
	case OPT_ASTVER:
		if (tw_astver_parse(arg, &cli->version) < 0) {
			fprintf(stderr, "trunkwiz: --asterisk-version wants a version such as 20 or 18.9, not '%s'\n",
			        arg);
			return -1;
		}
		cli->version_known = true;
		return 0;
	default:
		return tw_cli_fetch_option(cli, c, arg);
	}
}

static bool is_common(int c)
{
	return (c > 0 && c < 256 && c != ':' && strchr(COMMON_SHORTOPTS, c) != NULL) ||
	       (c >= TW_OPT_COMMON_FIRST && c <= OPT_ASCII) || tw_cli_is_fetch_option(c);
}

static bool has_longopt(const struct option *v, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].name, name) == 0)
			return true;
	return false;
}

int tw_cli_getopt(struct tw_cli *cli, int argc, char **argv, const char *shortopts,
                  const struct option *longopts)
{
	/* The command's options first: where a name is in both (the doctor's
	 * --timeout), the command's meaning wins. */
	static char sopts[96];
	static struct option lopts[64];
	size_t n = 0, i;
	int c;

	snprintf(sopts, sizeof(sopts), "%s%s", shortopts, COMMON_SHORTOPTS);
	for (i = 0; longopts && longopts[i].name; i++)
		if (n < TW_ARRAY_LEN(lopts) - 1)
			lopts[n++] = longopts[i];
	for (i = 0; common_longopts[i].name; i++)
		if (n < TW_ARRAY_LEN(lopts) - 1 && !has_longopt(lopts, n, common_longopts[i].name))
			lopts[n++] = common_longopts[i];
	memset(&lopts[n], 0, sizeof(lopts[n]));
	for (;;) {
		c = getopt_long(argc, argv, sopts, lopts, NULL);
		if (c == -1 || !is_common(c))
			return c;
		if (common_option(cli, c, optarg) < 0)
			return '?';
	}
}
