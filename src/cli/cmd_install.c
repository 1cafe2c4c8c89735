/* cmd_install.c - apply, switch, edit, remove and list: trunks in a live
 * Asterisk config dir. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "json.h"
#include "trunkwiz/install.h"
#include "trunkwiz/net.h"

struct iopts {
	bool reload;
	bool json;
	unsigned backups;
	bool backups_given;
	const char *asterisk;
};

enum { OPT_RELOAD = 256, OPT_BACKUPS, OPT_ASTERISK, OPT_JSON };

static const struct option install_longopts[] = {
	{ "dry-run", no_argument, NULL, 'n' },
	{ "reload", no_argument, NULL, OPT_RELOAD },
	{ "backups", required_argument, NULL, OPT_BACKUPS },
	{ "asterisk-cmd", required_argument, NULL, OPT_ASTERISK },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* Options shared by the commands that write. Returns -1 to go on, else an
 * exit status. */
static int parse_opts(struct tw_cli *cli, struct iopts *io, int argc, char **argv,
                      const char *usage)
{
	int c;
	char *end;

	memset(io, 0, sizeof(*io));
	while ((c = tw_cli_getopt(cli, argc, argv, "h", install_longopts)) != -1) {
		switch (c) {
		case OPT_RELOAD:
			io->reload = true;
			break;
		case OPT_BACKUPS:
			io->backups = (unsigned)strtoul(optarg, &end, 10);
			if (*end || !*optarg) {
				fprintf(stderr, "trunkwiz: --backups takes a number, not '%s'\n", optarg);
				return TW_EXIT_USAGE;
			}
			io->backups_given = true;
			break;
		case OPT_ASTERISK:
			io->asterisk = optarg;
			break;
		case OPT_JSON:
			io->json = true;
			break;
		case 'h':
			fputs(usage, stdout);
			fputs("\nOptions:\n"
			      "  -n, --dry-run        print the diff of every file that would change; write nothing\n"
			      "      --reload         reload res_pjsip and the dialplan when Asterisk runs,\n"
			      "                       and show the registration state\n"
			      "      --backups N      backups kept per file (default 5; 0: none)\n"
			      "      --asterisk-cmd P Asterisk program for --reload (default $TRUNKWIZ_ASTERISK\n"
			      "                       or asterisk)\n"
			      "      --json           print what changed as JSON on stdout (see the man page)\n", stdout);
			return TW_EXIT_OK;
		default:
			return TW_EXIT_USAGE;
		}
	}
	return -1;
}

static void opts_of(struct tw_cli *cli, const struct iopts *io, struct tw_install_opts *o)
{
	tw_install_opts_init(o);
	o->confdir = cli->confdir;
	o->version = *tw_cli_version(cli);
	if (io->backups_given)
		o->keep_backups = io->backups;
	if (getenv("TRUNKWIZ_GROUP"))
		o->group = getenv("TRUNKWIZ_GROUP");
}

static void print_notes(const struct tw_plan *p)
{
	size_t i;

	for (i = 0; i < p->nnotes; i++)
		fprintf(stderr, "note: %s\n", p->notes[i]);
}

static void print_done(const struct tw_install_opts *o, const struct tw_plan *p, const char *verb)
{
	struct tw_buf b;

	printf("trunk %s: %s in %s\n", p->trunk, verb, o->confdir);
	if (p->n == 0)
		puts("  nothing changed: the files already hold this trunk");
	tw_buf_init(&b);
	tw_plan_report(p, &b);
	if (b.len)
		fputs(b.data, stdout);
	tw_buf_free(&b);
}

/* A dry run: what a real run would stumble on (permissions), as warnings. */
static void dry_run_warnings(const struct tw_plan *p, struct tw_diags *d)
{
	struct tw_diags pd;

	tw_diags_init(&pd);
	if (tw_plan_preflight(p, &pd) < 0) {
		size_t i;

		for (i = 0; i < pd.n; i++)
			pd.v[i].sev = TW_WARNING;
	}
	tw_diags_move(d, &pd);
}

/* The command a verb of print_done belongs to, for --json. */
static const char *command_of(const char *verb)
{
	static const char *const map[][2] = {
		{ "applied", "apply" }, { "regenerated", "edit" }, { "switched", "switch" },
		{ "removed", "remove" },
	};
	size_t i;

	for (i = 0; i < TW_ARRAY_LEN(map); i++)
		if (strcmp(map[i][0], verb) == 0)
			return map[i][1];
	return verb;
}

/* --json when nothing could be planned: what was wrong, nothing changed. */
static int json_refused(const char *verb, const char *trunk, const struct tw_cli *cli,
                        const struct tw_diags *d, int rc)
{
	json_t *j = json_pack("{s:s, s:o, s:o, s:b, s:b, s:o}", "command", command_of(verb),
	                      "trunk", tw_cli_json_text(trunk),
	                      "config_dir", tw_cli_json_text(cli->confdir), "changed", false,
	                      "dry_run", cli->dry_run,
	                      "diagnostics", tw_cli_json_diags(d));

	return tw_cli_json_emit(j) == TW_EXIT_OK ? rc : TW_EXIT_IO;
}

/* finish() for --json: the same steps, one JSON object on stdout; the
 * diagnostics also go to stderr as text for the logs. */
static int finish_json(struct tw_cli *cli, const struct iopts *io,
                       const struct tw_install_opts *o, struct tw_plan *p, const char *verb,
                       bool has_reg, struct tw_diags *d)
{
	int rc = TW_EXIT_OK, rrc = 0;
	struct tw_buf report;
	struct tw_diags rd;
	json_t *j;

	if (cli->dry_run) {
		dry_run_warnings(p, d);
		tw_diags_print(d, stderr, cli->color);
		j = tw_cli_json_plan(command_of(verb), o, p, true, d);
		tw_cli_json_reload(j, false, 0, NULL, NULL);
		return tw_cli_json_emit(j);
	}
	if (tw_plan_commit(o, p, d) < 0) {
		tw_diags_print(d, stderr, cli->color);
		return json_refused(verb, p->trunk, cli, d, TW_EXIT_IO);
	}
	tw_diags_print(d, stderr, cli->color);
	j = tw_cli_json_plan(command_of(verb), o, p, false, d);
	tw_buf_init(&report);
	tw_diags_init(&rd);
	if (io->reload && p->n) {
		json_t *more;

		rrc = tw_install_reload(io->asterisk, p->trunk, has_reg, NULL, &report, &rd);
		if (rrc < 0)
			rc = TW_EXIT_IO;
		tw_diags_print(&rd, stderr, cli->color);
		more = tw_cli_json_diags(&rd);
		json_array_extend(json_object_get(j, "diagnostics"), more);
		json_decref(more);
	}
	tw_cli_json_reload(j, io->reload && p->n, rrc, report.len ? report.data : NULL,
	                   io->reload && p->n ? "asterisk -rx" : NULL);
	tw_diags_clear(&rd);
	tw_buf_free(&report);
	return tw_cli_json_emit(j) == TW_EXIT_OK ? rc : TW_EXIT_IO;
}

/* Show or write a plan; then reload when asked. */
static int finish(struct tw_cli *cli, const struct iopts *io, const struct tw_install_opts *o,
                  struct tw_plan *p, const char *verb, bool has_reg, struct tw_diags *d)
{
	int rc = TW_EXIT_OK;

	if (io->json)
		return finish_json(cli, io, o, p, verb, has_reg, d);
	if (cli->dry_run) {
		struct tw_buf diff;

		tw_buf_init(&diff);
		tw_plan_diff(p, &diff);
		if (diff.len)
			fputs(diff.data, stdout);
		else
			printf("trunk %s: nothing would change\n", p->trunk);
		tw_buf_free(&diff);
		dry_run_warnings(p, d);
		tw_diags_print(d, stderr, cli->color);
		print_notes(p);
		return rc;
	}
	if (tw_plan_commit(o, p, d) < 0) {
		tw_diags_print(d, stderr, cli->color);
		return TW_EXIT_IO;
	}
	tw_diags_print(d, stderr, cli->color);
	print_done(o, p, verb);
	print_notes(p);
	if (io->reload && p->n) {
		struct tw_buf report;
		struct tw_diags rd;

		tw_buf_init(&report);
		tw_diags_init(&rd);
		if (tw_install_reload(io->asterisk, p->trunk, has_reg, NULL, &report, &rd) < 0)
			rc = TW_EXIT_IO;
		if (report.len)
			fputs(report.data, stdout);
		tw_diags_print(&rd, stderr, cli->color);
		tw_diags_clear(&rd);
		tw_buf_free(&report);
	}
	if (fflush(stdout) != 0)
		rc = TW_EXIT_IO;
	return rc;
}

/* Plan and carry out the installation of t. */
static int install(struct tw_cli *cli, const struct iopts *io, struct tw_trunk *t,
                   const char *verb, struct tw_diags *d)
{
	struct tw_profiles ps = { NULL, 0 };
	const struct tw_profile *p;
	struct tw_install_opts o;
	struct tw_plan plan;
	const char *pid;
	char **nets = NULL;
	size_t nnets = 0;
	int rc;

	opts_of(cli, io, &o);
	/* the machine's private networks, for a transport trunkwiz creates */
	if (tw_netinfo_local_nets(&nets, &nnets) == 0) {
		o.local_nets = (const char *const *)nets;
		o.nlocal_nets = nnets;
	}
	tw_plan_init(&plan);
	pid = tw_trunk_is_set(t, "provider") ? tw_trunk_get(t, "provider") : "generic";
	p = tw_cli_load_profile(cli, pid, &ps, d);
	if (!p) {
		rc = tw_cli_report(cli, d);
		if (io->json)
			rc = json_refused(verb, tw_trunk_get(t, "name"), cli, d, rc);
	} else if (tw_install_plan_apply(&o, t, p, &plan, d) < 0) {
		tw_diags_sort(d);
		rc = tw_cli_report(cli, d);
		print_notes(&plan);
		if (io->json)
			rc = json_refused(verb, tw_trunk_get(t, "name"), cli, d, rc);
	} else {
		tw_diags_sort(d);
		rc = finish(cli, io, &o, &plan, verb, tw_trunk_auth(t) == TW_AUTH_REGISTER, d);
	}
	tw_plan_free(&plan);
	tw_profiles_free(&ps);
	tw_strv_free(&nets, nnets);
	return rc;
}

int tw_cmd_apply(struct tw_cli *cli, int argc, char **argv)
{
	struct tw_trunk *t;
	struct tw_diags d;
	struct iopts io;
	int rc = parse_opts(cli, &io, argc, argv,
	                    "Usage: trunkwiz [-C DIR] apply [-n] [--reload] [-a FILE] [-p ID] [KEY=VALUE..]\n"
	                    "Validate a trunk with the whole config and install it into DIR\n"
	                    "(default /etc/asterisk). 'trunkwiz render --help' lists the keys.\n");

	if (rc >= 0)
		return rc;
	tw_diags_init(&d);
	t = tw_trunk_new();
	if (tw_cli_answers(cli, t, argc - optind, argv + optind, &d) < 0)
		rc = tw_cli_report(cli, &d);
	else
		rc = install(cli, &io, t, "applied", &d);
	tw_trunk_free(&t);
	tw_diags_clear(&d);
	return rc;
}

/* NAME, then the saved answers of trunk NAME in *t. */
static int load_named(struct tw_cli *cli, const struct iopts *io, int argc, char **argv,
                      struct tw_trunk *t, const char **name, struct tw_diags *d)
{
	struct tw_install_opts o;

	if (optind >= argc) {
		fputs("trunkwiz: name the trunk ('trunkwiz list' shows them)\n", stderr);
		return TW_EXIT_USAGE;
	}
	*name = argv[optind++];
	opts_of(cli, io, &o);
	if (tw_install_load(&o, *name, t, d) < 0)
		return tw_cli_report(cli, d);
	return -1;
}

/* KEY=VALUE words on top of saved answers; the name stays. */
static int more_answers(struct tw_cli *cli, struct tw_trunk *t, const char *name, int argc,
                        char **argv, struct tw_diags *d)
{
	if (tw_cli_answers(cli, t, argc, argv, d) < 0)
		return -1;
	if (strcmp(tw_trunk_get(t, "name") ? tw_trunk_get(t, "name") : "", name) != 0) {
		tw_diag_field(d, TW_ERROR, "name",
		              "to rename a trunk, remove it and apply it again under the new name",
		              "the name of trunk %s cannot change here", name);
		return -1;
	}
	return 0;
}

int tw_cmd_edit(struct tw_cli *cli, int argc, char **argv)
{
	struct tw_trunk *t = tw_trunk_new();
	struct tw_diags d;
	struct iopts io;
	const char *name = NULL;
	int rc = parse_opts(cli, &io, argc, argv,
	                    "Usage: trunkwiz [-C DIR] edit NAME [-n] [--reload] KEY=VALUE..\n"
	                    "Change answers of trunk NAME and regenerate it (KEY= clears one).\n");

	tw_diags_init(&d);
	if (rc < 0)
		rc = load_named(cli, &io, argc, argv, t, &name, &d);
	if (rc < 0) {
		if (more_answers(cli, t, name, argc - optind, argv + optind, &d) < 0)
			rc = tw_cli_report(cli, &d);
		else
			rc = install(cli, &io, t, "regenerated", &d);
	}
	tw_trunk_free(&t);
	tw_diags_clear(&d);
	return rc;
}

int tw_cmd_switch(struct tw_cli *cli, int argc, char **argv)
{
	struct tw_trunk *t = tw_trunk_new(), *given = tw_trunk_new();
	struct tw_profiles ps = { NULL, 0 };
	const struct tw_profile *p;
	struct tw_diags d;
	struct iopts io;
	const char *name = NULL, *pid;
	int rc = parse_opts(cli, &io, argc, argv,
	                    "Usage: trunkwiz [-C DIR] switch NAME provider=ID [-n] [--reload] [KEY=VALUE..]\n"
	                    "Regenerate trunk NAME for another provider: names and the admin's\n"
	                    "answers stay, the old provider's go; give the new credentials.\n");

	tw_diags_init(&d);
	if (rc < 0)
		rc = load_named(cli, &io, argc, argv, t, &name, &d);
	if (rc >= 0)
		goto out;
	/* provider=ID from the words (or -p), the rest after the switch */
	if (tw_cli_answers(cli, given, argc - optind, argv + optind, &d) < 0) {
		rc = tw_cli_report(cli, &d);
		goto out;
	}
	pid = tw_trunk_get(given, "provider");
	if (!pid || !*pid) {
		fputs("trunkwiz: switch needs provider=ID ('trunkwiz providers list')\n", stderr);
		rc = TW_EXIT_USAGE;
		goto out;
	}
	p = tw_cli_load_profile(cli, pid, &ps, &d);
	if (!p) {
		rc = tw_cli_report(cli, &d);
		goto out;
	}
	tw_install_switch_answers(t, p, &d);
	cli->answers = NULL;
	if (more_answers(cli, t, name, argc - optind, argv + optind, &d) < 0) {
		rc = tw_cli_report(cli, &d);
		goto out;
	}
	rc = install(cli, &io, t, "switched", &d);
out:
	tw_profiles_free(&ps);
	tw_trunk_free(&given);
	tw_trunk_free(&t);
	tw_diags_clear(&d);
	return rc;
}

int tw_cmd_remove(struct tw_cli *cli, int argc, char **argv)
{
	struct tw_install_opts o;
	struct tw_plan plan;
	struct tw_diags d;
	struct iopts io;
	int rc = parse_opts(cli, &io, argc, argv,
	                    "Usage: trunkwiz [-C DIR] remove NAME [-n] [--reload]\n"
	                    "Remove trunk NAME: its files, include lines and saved answers.\n");

	if (rc >= 0)
		return rc;
	if (optind + 1 != argc) {
		fputs("trunkwiz: remove takes one trunk name ('trunkwiz list' shows them)\n", stderr);
		return TW_EXIT_USAGE;
	}
	tw_diags_init(&d);
	tw_plan_init(&plan);
	opts_of(cli, &io, &o);
	if (tw_install_plan_remove(&o, argv[optind], &plan, &d) < 0) {
		rc = tw_cli_report(cli, &d);
		if (io.json)
			rc = json_refused("removed", argv[optind], cli, &d, rc);
	} else
		rc = finish(cli, &io, &o, &plan, "removed", false, &d);
	tw_plan_free(&plan);
	tw_diags_clear(&d);
	return rc;
}

int tw_cmd_list(struct tw_cli *cli, int argc, char **argv)
{
	struct tw_install_opts o;
	struct tw_installed *v;
	struct iopts io;
	size_t n, i;
	int rc = parse_opts(cli, &io, argc, argv,
	                    "Usage: trunkwiz [-C DIR] list [--json]\n"
	                    "The trunks trunkwiz manages in DIR, their provider and files.\n");

	if (rc >= 0)
		return rc;
	opts_of(cli, &io, &o);
	n = tw_install_list(&o, &v);
	if (io.json) {
		json_t *a = json_array();

		for (i = 0; i < n; i++)
			json_array_append_new(a, json_pack("{s:o, s:o, s:o, s:o, s:b, s:b}",
			                                   "name", tw_cli_json_text(v[i].name),
			                                   "provider", tw_cli_json_text(v[i].provider),
			                                   "pjsip_file", tw_cli_json_text(v[i].pjsip_file),
			                                   "extensions_file", tw_cli_json_text(v[i].ext_file),
			                                   "files", v[i].files, "included", v[i].included));
		tw_installed_free(&v, n);
		return tw_cli_json_emit(json_pack("{s:o, s:o}", "config_dir", tw_cli_json_text(o.confdir),
		                                  "trunks", a));
	}
	if (n == 0)
		printf("no trunks managed by trunkwiz in %s\n", o.confdir);
	for (i = 0; i < n; i++)
		printf("%-20s %-14s %-13s %s %s\n", v[i].name, v[i].provider ? v[i].provider : "?",
		       v[i].included ? "installed" : v[i].files ? "not included" : "files missing",
		       v[i].pjsip_file, v[i].ext_file);
	tw_installed_free(&v, n);
	return fflush(stdout) == 0 ? TW_EXIT_OK : TW_EXIT_IO;
}
