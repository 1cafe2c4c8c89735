#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cli.h"
#include "json.h"
#include "trunkwiz/conf.h"
#include "trunkwiz/validate.h"

enum check_format { FORMAT_GCC, FORMAT_JSON };

struct check_run {
	struct tw_conf *conf[3];        /* by enum tw_file_kind */
	char *sorcery_dir;              /* where sorcery.conf is looked for */
	struct tw_diags d;
	bool io_error;
};

static void load_one(struct check_run *r, const char *path, const char *dir, int kind)
{
	enum tw_file_kind k = kind >= 0 ? (enum tw_file_kind)kind : tw_validate_file_kind(path);

	if (access(path, R_OK) < 0) {
		fprintf(stderr, "%s: error: cannot read: %s\n", path, strerror(errno));
		r->io_error = true;
		return;
	}
	if (!r->conf[k])
		r->conf[k] = tw_conf_new(dir);
	if (k == TW_KIND_PJSIP && !r->sorcery_dir)
		r->sorcery_dir = tw_xstrdup(dir);
	/* A file that is not a config at all is a finding (exit 1, the
	 * error is in d); one that cannot be read is exit 3. */
	if (tw_conf_load(r->conf[k], path, true, &r->d) == TW_CONF_IO_ERROR)
		r->io_error = true;
}

/* sorcery.conf beside pjsip.conf says which objects live elsewhere. */
static void read_sorcery(struct check_run *r, struct tw_validate_opts *o)
{
	char *path = tw_xasprintf("%s/sorcery.conf", r->sorcery_dir ? r->sorcery_dir : ".");
	struct tw_conf *s;

	if (r->conf[TW_KIND_PJSIP] && access(path, R_OK) == 0) {
		s = tw_conf_new(r->sorcery_dir);
		if (tw_conf_load(s, path, true, &r->d) == 0)
			tw_validate_read_sorcery(s, o, &r->d);
		tw_conf_free(&s);
	}
	free(path);
}

static int report(struct tw_cli *cli, struct check_run *r, enum check_format fmt, bool werror)
{
	int rc;

	if (fmt == FORMAT_JSON) {
		/* The diagnostics as every --json prints them, each with the
		 * stable code of its finding. */
		json_t *a = tw_cli_json_diags(&r->d);
		size_t i;
		int bad;

		for (i = 0; i < r->d.n; i++)
			json_object_set_new(json_array_get(a, i), "code",
			                    json_string(tw_validate_code(&r->d.v[i])));
		/* Streamed: a string of the whole dump would be grown (and
		 * copied) step by step to many megabytes for a big broken file. */
		bad = json_dumpf(a, stdout, JSON_INDENT(1)) < 0 || putchar('\n') == EOF;
		json_decref(a);
		if (bad)
			return TW_EXIT_IO;
		rc = tw_diags_has_errors(&r->d) ? TW_EXIT_INVALID : TW_EXIT_OK;
	} else {
		static char buf[1 << 16];

		/* stderr is unbuffered: a write per piece of every diagnostic
		 * would cost more than finding 20,000 of them. */
		setvbuf(stderr, buf, _IOFBF, sizeof(buf));
		rc = tw_cli_report(cli, &r->d);
		fflush(stderr);
		setvbuf(stderr, NULL, _IONBF, 0);
	}
	if (werror && tw_diags_count(&r->d, TW_WARNING) > 0)
		rc = TW_EXIT_INVALID;
	return rc;
}

static int usage(void)
{
	puts("Usage: trunkwiz check [--kind=KIND] [--format=gcc|json] [--werror] [FILE..]\n"
	     "Lint pjsip.conf, pjsip_wizard.conf and dialplan files (includes followed).\n"
	     "A file's kind comes from its name (extensions*.conf, pjsip_wizard*.conf,\n"
	     "pjsip*.conf), else from its content; --kind=pjsip|wizard|dialplan sets it.\n"
	     "sorcery.conf beside pjsip.conf is read: objects kept in a database are\n"
	     "not reported missing. --format=json prints one object per diagnostic on\n"
	     "stdout (file, line, severity, code, message, hint); --werror fails (exit 1)\n"
	     "on warnings too.\n"
	     "Without FILE: pjsip.conf, pjsip_wizard.conf (when present) and\n"
	     "extensions.conf of the config dir (-C).");
	return TW_EXIT_OK;
}

static int parse_args(struct tw_cli *cli, int argc, char **argv, int *kind,
                      enum check_format *fmt, bool *werror)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "kind", required_argument, NULL, 'k' },
		{ "format", required_argument, NULL, 'f' },
		{ "werror", no_argument, NULL, 'W' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = tw_cli_getopt(cli, argc, argv, "h", longopts)) != -1) {
		switch (c) {
		case 'h':
			return usage() - 1;
		case 'k':
			if ((*kind = tw_validate_kind_parse(optarg)) < 0) {
				fprintf(stderr, "trunkwiz check: --kind is pjsip, wizard or dialplan, not '%s'\n",
				        optarg);
				return TW_EXIT_USAGE;
			}
			break;
		case 'f':
			if (strcmp(optarg, "json") == 0) {
				*fmt = FORMAT_JSON;
			} else if (strcmp(optarg, "gcc") == 0) {
				*fmt = FORMAT_GCC;
			} else {
				fprintf(stderr, "trunkwiz check: --format is gcc or json, not '%s'\n", optarg);
				return TW_EXIT_USAGE;
			}
			break;
		case 'W':
			*werror = true;
			break;
		default:
			return TW_EXIT_USAGE;
		}
	}
	return 0;
}

static void load_files(struct tw_cli *cli, struct check_run *r, int argc, char **argv, int kind)
{
	int i;

	if (argc == 0) {
		static const char *const names[] = { "pjsip.conf", "pjsip_wizard.conf", "extensions.conf" };

		for (i = 0; i < 3; i++) {
			char *path = tw_xasprintf("%s/%s", cli->confdir, names[i]);

			if (i != 1 || access(path, F_OK) == 0)
				load_one(r, path, cli->confdir, kind);
			free(path);
		}
		return;
	}
	for (i = 0; i < argc; i++) {
		char *dir = tw_dir_of(argv[i]);

		load_one(r, argv[i], dir, kind);
		free(dir);
	}
}

int tw_cmd_check(struct tw_cli *cli, int argc, char **argv)
{
	struct check_run r;
	struct tw_validate_opts o;
	enum check_format fmt = FORMAT_GCC;
	bool werror = false;
	int kind = -1, rc, k;

	if ((rc = parse_args(cli, argc, argv, &kind, &fmt, &werror)) != 0)
		return rc < 0 ? TW_EXIT_OK : rc;
	memset(&r, 0, sizeof(r));
	tw_diags_init(&r.d);
	load_files(cli, &r, argc - optind, argv + optind, kind);
	tw_validate_opts_init(&o);
	o.version = *tw_cli_version(cli);
	o.dialplan = r.conf[TW_KIND_DIALPLAN];
	o.pjsip = r.conf[TW_KIND_PJSIP];
	read_sorcery(&r, &o);
	if (r.conf[TW_KIND_PJSIP])
		tw_validate_pjsip(r.conf[TW_KIND_PJSIP], &o, &r.d);
	if (r.conf[TW_KIND_WIZARD])
		tw_validate_wizard(r.conf[TW_KIND_WIZARD], &o, &r.d);
	if (r.conf[TW_KIND_DIALPLAN])
		tw_validate_dialplan(r.conf[TW_KIND_DIALPLAN], &o, &r.d);
	for (k = 0; k < 3; k++)
		tw_validate_mark_generated(r.conf[k], &r.d);
	tw_diags_sort(&r.d);
	tw_validate_fold_followons(&r.d);
	tw_validate_fold_runs(&r.d);
	rc = report(cli, &r, fmt, werror);
	if (r.io_error)
		rc = TW_EXIT_IO;
	tw_diags_clear(&r.d);
	for (k = 0; k < 3; k++)
		tw_conf_free(&r.conf[k]);
	free(r.sorcery_dir);
	return rc;
}
