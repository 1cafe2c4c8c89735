#include "config.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"
#include "trunkwiz/fetch.h"

/* One line of profile text on stdout. A profile may have been downloaded:
 * what it says is cleaned like any text from the network. */
static void line(const char *fmt, ...) TW_PRINTF(1, 2);
static void line(const char *fmt, ...)
{
	va_list ap;
	char *raw, *clean;

	va_start(ap, fmt);
	raw = tw_xvasprintf(fmt, ap);
	va_end(ap);
	clean = tw_clean_text(raw, SIZE_MAX);
	puts(clean);
	free(clean);
	free(raw);
}

static int cmd_list(struct tw_cli *cli, const char *word)
{
	struct tw_profiles ps;
	size_t i, shown = 0;

	tw_cli_load_profiles(cli, &ps);
	line("%-16s %-32s %-8s %s", "ID", "NAME", "REGION", "AUTH");
	for (i = 0; i < ps.n; i++) {
		const struct tw_profile *p = ps.v[i];

		if (tw_profile_matches(p, word)) {
			line("%-16s %-32s %-8s %s", p->id, p->name,
			       p->region ? p->region : "-", p->auth);
			shown++;
		}
	}
	tw_profiles_free(&ps);
	if (word && *word && !shown) {
		fprintf(stderr, "trunkwiz: no provider profile matches '%s'\n", word);
		return TW_EXIT_INVALID;
	}
	return TW_EXIT_OK;
}

/* The regions, then a line per region: its servers and the addresses its
 * calls come from. */
static void show_regions(const struct tw_profile *p)
{
	size_t n, i, k;
	const char **v = tw_profile_regions(p, &n);

	if (n > 1) {
		printf("regions:  ");
		for (i = 0; i < n; i++)
			printf("%s%s", i ? ", " : " ", v[i]);
		printf(" (the answer region=REGION picks one)\n");
	}
	for (i = 0; n > 1 && i < n; i++) {
		const char *ident = tw_profile_region_identify(p, v[i]);
		bool first = true;

		printf("  %-8s", v[i]);
		for (k = 0; k < p->nservers; k++) {
			if (strcmp(p->servers[k].region, v[i]) == 0) {
				printf("%s%s", first ? "server " : ",", p->servers[k].host);
				first = false;
			}
		}
		printf("%sidentify %s\n", first ? "" : "; ",
		       ident ? ident : "as the default below");
	}
	free(v);
}

static int cmd_show(struct tw_cli *cli, const char *id)
{
	struct tw_profiles ps;
	const struct tw_profile *p;
	size_t i;

	tw_cli_load_profiles(cli, &ps);
	p = tw_profiles_find(&ps, id);
	if (!p) {
		fprintf(stderr, "trunkwiz: no provider profile '%s' ('trunkwiz providers list' shows them)\n", id);
		tw_profiles_free(&ps);
		return TW_EXIT_INVALID;
	}
	line("id:        %s", p->id);
	line("name:      %s", p->name);
	line("region:    %s", p->region ? p->region : "-");
	line("auth:      %s", p->auth);
	line("file:      %s", p->path);
	if (p->verified)
		line("verified:  %s", p->verified);
	for (i = 0; i < p->nservers; i++)
		line("server:    %s (%s)", p->servers[i].host, p->servers[i].region);
	show_regions(p);
	if (p->transports)
		line("transports: %s", p->transports);
	if (p->srtp)
		line("srtp:      %s", p->srtp);
	if (p->ip_list_url)
		line("ip list:   %s (%s%s%s)", p->ip_list_url,
		       p->ip_list_format ? p->ip_list_format : "text",
		       p->ip_list_select ? ", select " : "", p->ip_list_select ? p->ip_list_select : "");
	if (p->requires)
		line("requires:  %s", p->requires);
	for (i = 0; i < p->ndefaults; i++)
		line("default:   %s = %s", p->def_keys[i], p->def_values[i]);
	for (i = 0; i < p->nopts; i++)
		line("%-10s %s = %s", p->opts[i].section, p->opts[i].name, p->opts[i].value);
	for (i = 0; i < p->nnotes; i++)
		line("note:      %s", p->notes[i]);
	tw_profiles_free(&ps);
	return TW_EXIT_OK;
}

/* Problems go to d; the exit status comes from d. */
static void check_profile(struct tw_cli *cli, const struct tw_profile *p,
                          struct tw_diags *d)
{
	(void)tw_profile_check_age(p, NULL, d);
	if (tw_profile_validate(p, tw_cli_version(cli), d) < 0)
		return;
}

static int cmd_check(struct tw_cli *cli, int argc, char **argv)
{
	struct tw_diags d;
	int i, rc;

	tw_diags_init(&d);
	if (argc == 0) {
		struct tw_profiles ps;
		size_t k;

		tw_profiles_load(&ps, cli->provider_dirs, cli->nprovider_dirs, &d);
		/* A profile that fails to load is skipped with warnings; here it is an error. */
		for (k = 0; k < d.n; k++)
			if (d.v[k].sev == TW_WARNING)
				d.v[k].sev = TW_ERROR;
		for (k = 0; k < ps.n; k++)
			check_profile(cli, ps.v[k], &d);
		printf("%zu profiles checked\n", ps.n);
		tw_profiles_free(&ps);
	}
	for (i = 0; i < argc; i++) {
		struct tw_profile *p = tw_profile_load(argv[i], &d);

		if (p) {
			check_profile(cli, p, &d);
			tw_profile_free(&p);
		}
	}
	rc = tw_cli_report(cli, &d);
	tw_diags_clear(&d);
	return rc;
}

/* The identify default of the region (NULL: the profile's first), or NULL. */
static const char *profile_identify(const struct tw_profile *p, const char *region)
{
	size_t i, n;
	const char **v = tw_profile_regions(p, &n);
	const char *r = region ? region : n ? v[0] : NULL;
	const char *ident = tw_profile_region_identify(p, r);

	free(v);
	if (ident)
		return ident;
	for (i = 0; i < p->ndefaults; i++)
		if (strcmp(p->def_keys[i], "identify") == 0)
			return p->def_values[i];
	return NULL;
}

/* How many new and gone entries the comparison names. */
#define DIFF_SHOWN 50

static void print_diff(const struct tw_profile *p, const char *region, const struct tw_iplist *l)
{
	size_t nregions;
	const char **regions = tw_profile_regions(p, &nregions);
	const char *identify;

	/* Name the region compared with, the profile's first by default. */
	if (!region && nregions > 1 && tw_profile_region_identify(p, regions[0]))
		region = regions[0];
	identify = profile_identify(p, region);
	free(regions);
	struct tw_iplist added, gone;
	struct tw_buf b;
	size_t i, nadded, ngone;

	if (!identify) {
		fprintf(stderr, "trunkwiz: %zu entries; the %s profile has no identify list to compare with\n",
		        l->n, p->id);
		return;
	}
	tw_iplist_diff_max(l, identify, DIFF_SHOWN, &added, &gone, &nadded, &ngone);
	/* One write, not one per line (stderr is unbuffered); a list of a
	 * hundred thousand entries names the first DIFF_SHOWN of each kind. */
	tw_buf_init(&b);
	tw_buf_printf(&b, "trunkwiz: %zu entries; compared with the %s profile's identify list%s%s: %zu new, %zu gone\n",
	              l->n, p->id, region ? " of region " : "", region ? region : "", nadded, ngone);
	for (i = 0; i < added.n; i++)
		tw_buf_printf(&b, "  new   %s\n", added.v[i]);
	if (nadded > added.n)
		tw_buf_printf(&b, "  ... %zu more new entries (every entry is on standard output)\n",
		              nadded - added.n);
	for (i = 0; i < gone.n; i++) {
		char *c = tw_clean_text(gone.v[i], SIZE_MAX); /* the profile's words */

		tw_buf_printf(&b, "  gone  %s\n", c);
		free(c);
	}
	if (ngone > gone.n)
		tw_buf_printf(&b, "  ... %zu more gone entries\n", ngone - gone.n);
	fwrite(b.data, 1, b.len, stderr);
	tw_buf_free(&b);
	tw_iplist_free(&added);
	tw_iplist_free(&gone);
}

static int exit_for(enum tw_fetch_status st)
{
	return st == TW_FETCH_OK ? TW_EXIT_OK
	       : st == TW_FETCH_ECONTENT ? TW_EXIT_INVALID
	       : st == TW_FETCH_EURL ? TW_EXIT_USAGE
	                             : TW_EXIT_IO;
}

/* providers ips ID [--url URL] [--format F] [--select S] [--region R] */
static int cmd_ips(struct tw_cli *cli, int argc, char **argv)
{
	enum { OPT_URL = 1, OPT_FORMAT, OPT_SELECT, OPT_REGION };
	static const struct option longopts[] = {
		{ "url", required_argument, NULL, OPT_URL },
		{ "region", required_argument, NULL, OPT_REGION },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "select", required_argument, NULL, OPT_SELECT },
		{ NULL, 0, NULL, 0 },
	};
	const char *url = NULL, *format = NULL, *select = NULL, *region = NULL;
	struct tw_profiles ps;
	const struct tw_profile *p;
	struct tw_iplist l;
	struct tw_diags d;
	enum tw_fetch_status st;
	int c, fmt, rc;

	while ((c = tw_cli_getopt(cli, argc, argv, "", longopts)) != -1) {
		if (c == OPT_URL)
			url = optarg;
		else if (c == OPT_FORMAT)
			format = optarg;
		else if (c == OPT_SELECT)
			select = optarg;
		else if (c == OPT_REGION)
			region = optarg;
		else
			goto usage;
	}
	if (optind != argc - 1)
		goto usage;
	tw_cli_load_profiles(cli, &ps);
	p = tw_profiles_find(&ps, argv[optind]);
	if (!p) {
		fprintf(stderr, "trunkwiz: no provider profile '%s' ('trunkwiz providers list' shows them)\n",
		        argv[optind]);
		tw_profiles_free(&ps);
		return TW_EXIT_INVALID;
	}
	if (region && !tw_profile_has_region(p, region)) {
		fprintf(stderr, "trunkwiz: the %s profile has no region '%s' ('trunkwiz providers show %s' lists its regions)\n",
		        p->id, tw_has_control(region) ? "?" : region, p->id);
		tw_profiles_free(&ps);
		return TW_EXIT_USAGE;
	}
	if (!url && !p->ip_list_url) {
		fprintf(stderr, "trunkwiz: the %s profile names no machine-readable address list (ip_list_url);\n"
		        "  'trunkwiz providers show %s' shows its notes; give a list with --url URL [--format F]\n",
		        p->id, p->id);
		tw_profiles_free(&ps);
		return TW_EXIT_USAGE;
	}
	if (!format)
		format = p->ip_list_format ? p->ip_list_format : "text";
	/* The profile's select belongs to the profile's format. */
	if (!select && tw_streq(format, p->ip_list_format ? p->ip_list_format : "text"))
		select = p->ip_list_select;
	fmt = tw_iplist_format_parse(format);
	if (fmt < 0) {
		fprintf(stderr, "trunkwiz: --format takes text, csv or json (got '%s')\n", format);
		tw_profiles_free(&ps);
		return TW_EXIT_USAGE;
	}
	tw_diags_init(&d);
	st = tw_iplist_fetch(url ? url : p->ip_list_url, (enum tw_iplist_format)fmt, select,
	                     &cli->fetch, &l, &d);
	tw_cli_progress_done();
	tw_diags_print(&d, stderr, cli->color);
	if (st == TW_FETCH_OK) {
		size_t i;

		for (i = 0; i < l.n; i++)
			printf("%s\n", l.v[i]);
		print_diff(p, region, &l);
	}
	rc = exit_for(st);
	tw_iplist_free(&l);
	tw_diags_clear(&d);
	tw_profiles_free(&ps);
	return rc;
usage:
	fputs("Usage: trunkwiz providers ips ID [--url URL] [--format text|csv|json] [--select S]\n"
	      "                              [--region REGION]\n"
	      TW_FETCH_USAGE, stderr);
	return TW_EXIT_USAGE;
}

/* ---- signed bundles: update, trust, keys, untrust ---- */

enum { OPT_KEYRING = 1, OPT_YES };
#define KEYRING_LONGOPT { "keyring", required_argument, NULL, OPT_KEYRING }
#define KEYRING_USAGE "  --keyring=DIR (trusted keys; default $TRUNKWIZ_KEYRING or " TW_KEYRING_DIR ")\n"

/* What the update changes: one line per profile, with the keys that
 * differ. Names and keys come from the signed bundle: shown cleaned. */
static void print_changes(const struct tw_update_report *rep, const char *dir, bool dry_run)
{
	static const char *const verbs[] = { "added", "updated", "unchanged", "removed" };
	size_t counts[4] = { 0, 0, 0, 0 }, i, k;
	struct tw_buf b;

	for (i = 0; i < rep->n; i++) {
		const struct tw_update_item *it = &rep->v[i];

		tw_buf_init(&b);
		tw_buf_printf(&b, "%-10s %s", verbs[it->change], it->name);
		if (it->change == TW_UPDATE_CHANGED)
			tw_buf_adds(&b, it->nkeys ? ": " : " (comments only)");
		for (k = 0; k < it->nkeys; k++)
			tw_buf_printf(&b, "%s%s", k ? ", " : "", it->keys[k]);
		line("%s", b.data);
		tw_buf_free(&b);
		counts[it->change]++;
	}
	printf("%zu profiles in %s: %zu added, %zu updated, %zu removed, %zu unchanged%s\n", rep->n, dir,
	       counts[TW_UPDATE_ADDED], counts[TW_UPDATE_CHANGED], counts[TW_UPDATE_REMOVED],
	       counts[TW_UPDATE_SAME], dry_run ? " (dry run: nothing written)" : "");
}

/* Ask on the terminal; no terminal is a no (scripts say --yes). */
static bool confirm(const char *dir)
{
	char answer[16];

	if (!isatty(STDIN_FILENO)) {
		fprintf(stderr, "trunkwiz: not installed: no terminal to ask on; give --yes to install "
		        "without asking (after 'trunkwiz -n providers update' shows the changes)\n");
		return false;
	}
	fprintf(stderr, "Install these changes into %s? [y/N] ", dir);
	fflush(stderr);
	if (!fgets(answer, sizeof(answer), stdin))
		return false;
	return answer[0] == 'y' || answer[0] == 'Y';
}

static const char *update_url(int argc, char **argv)
{
	const char *url = optind < argc ? argv[optind] : getenv("TRUNKWIZ_UPDATE_URL");

	return url && *url ? url : TW_UPDATE_URL;
}

/* providers update [URL] [--yes] [--keyring DIR] */
static int cmd_update(struct tw_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		KEYRING_LONGOPT, { "yes", no_argument, NULL, OPT_YES }, { NULL, 0, NULL, 0 },
	};
	struct tw_update_opts uo = { &cli->fetch, NULL, NULL };
	struct tw_update_report rep;
	struct tw_update *u = NULL;
	const char *url, *dir;
	char *why = NULL;
	struct tw_diags d;
	bool yes = false;
	int c, rc;

	while ((c = tw_cli_getopt(cli, argc, argv, "y", longopts)) != -1) {
		if (c == OPT_KEYRING)
			uo.keyring = optarg;
		else if (c == OPT_YES || c == 'y')
			yes = true;
		else
			goto usage;
	}
	if (argc - optind > 1)
		goto usage;
	url = update_url(argc, argv);
	if (!*url) {
		fputs("trunkwiz: no profile bundle URL: give one (trunkwiz providers update URL)\n"
		      "  or set TRUNKWIZ_UPDATE_URL\n", stderr);
		return TW_EXIT_USAGE;
	}
	if (!tw_fetch_url_ok(url, &cli->fetch, &why)) {
		char *shown = tw_fetch_url_display(url);

		fprintf(stderr, "trunkwiz: %s: URL refused: %s\n", shown, why);
		free(shown);
		free(why);
		return TW_EXIT_USAGE;
	}
	/* The bundled and system dirs come first; a -P dir is the target. */
	dir = cli->nprovider_dirs > 2 ? cli->provider_dirs[cli->nprovider_dirs - 1]
	                              : TW_SYSCONF_PROVIDERS_DIR;
	uo.ver = tw_cli_version(cli);
	tw_diags_init(&d);
	rc = tw_update_prepare(url, dir, &uo, &u, &rep, &d);
	tw_cli_progress_done();
	tw_diags_print(&d, stderr, cli->color);
	tw_diags_clear(&d);
	if (rc != 0)
		return rc == TW_UPDATE_EINVALID ? TW_EXIT_INVALID : TW_EXIT_IO;
	printf("bundle signed by trusted key %s\n", rep.signer);
	print_changes(&rep, dir, cli->dry_run);
	rc = TW_EXIT_OK;
	if (cli->dry_run) {
		/* nothing written */
	} else if (tw_update_report_changes(&rep) && !yes && !confirm(dir)) {
		puts("nothing installed");
		rc = TW_EXIT_USAGE;
	} else if (tw_update_commit(u, &d) != 0) {
		rc = TW_EXIT_IO;
	} else if (tw_update_report_changes(&rep)) {
		printf("installed into %s\n", dir);
	}
	tw_diags_print(&d, stderr, cli->color);
	tw_diags_clear(&d);
	tw_update_free(&u);
	tw_update_report_free(&rep);
	return rc;
usage:
	fputs("Usage: trunkwiz [-n] [-P DIR] providers update [URL] [--yes]\n" KEYRING_USAGE
	      TW_FETCH_USAGE, stderr);
	return TW_EXIT_USAGE;
}

/* providers trust KEYFILE | keys | untrust FINGERPRINT, with --keyring DIR */
static int cmd_keys(struct tw_cli *cli, const char *verb, int argc, char **argv)
{
	static const struct option longopts[] = { KEYRING_LONGOPT, { NULL, 0, NULL, 0 } };
	const char *keyring = NULL, *dir;
	bool listing = strcmp(verb, "keys") == 0, already = false;
	struct tw_key *keys = NULL;
	char fpr[65] = "";
	struct tw_diags d;
	size_t n = 0, i;
	int c, rc;

	while ((c = tw_cli_getopt(cli, argc, argv, "", longopts)) != -1) {
		if (c != OPT_KEYRING)
			goto usage;
		keyring = optarg;
	}
	if (argc - optind != (listing ? 0 : 1))
		goto usage;
	dir = tw_keyring_dir(keyring);
	tw_diags_init(&d);
	if (listing) {
		rc = tw_keyring_list(dir, &keys, &n, &d);
		for (i = 0; i < n; i++)
			printf("%s  %s\n", keys[i].fingerprint, keys[i].path);
		if (rc == 0 && n == 0)
			fprintf(stderr, "trunkwiz: no trusted bundle keys in %s\n", dir);
		tw_keys_free(&keys, n);
	} else if (strcmp(verb, "trust") == 0) {
		rc = tw_keyring_trust(dir, argv[optind], fpr, &already, &d);
		if (rc == 0)
			printf("%s ed25519 key %s\n  in %s/%s.pem\n", already ? "already trusted:" : "trusted:",
			       fpr, dir, fpr);
	} else {
		rc = tw_keyring_untrust(dir, argv[optind], fpr, &d);
		if (rc == 0)
			printf("no longer trusted: ed25519 key %s\n", fpr);
	}
	tw_diags_print(&d, stderr, cli->color);
	tw_diags_clear(&d);
	return rc == 0 ? TW_EXIT_OK : TW_EXIT_INVALID;
usage:
	fputs("Usage: trunkwiz providers trust KEYFILE | keys | untrust FINGERPRINT\n" KEYRING_USAGE,
	      stderr);
	return TW_EXIT_USAGE;
}

/* The words after list, show and check, which take only the common
 * options: -1 to go on, else an exit status. */
static int plain_words(struct tw_cli *cli, int argc, char **argv, char ***words, int *nwords)
{
	if (tw_cli_getopt(cli, argc, argv, "", NULL) != -1)
		return TW_EXIT_USAGE;
	*words = argv + optind;
	*nwords = argc - optind;
	return -1;
}

int tw_cmd_providers(struct tw_cli *cli, int argc, char **argv)
{
	const char *verb;
	char **w;
	int n, rc;

	/* Common options may come before the verb too (providers -P DIR list). */
	if (tw_cli_getopt(cli, argc, argv, "+", NULL) != -1)
		return TW_EXIT_USAGE;
	argc -= optind - 1;
	argv += optind - 1;
	optind = 0;
	verb = argc < 2 ? "list" : argv[1];
	if (strcmp(verb, "ips") == 0)
		return cmd_ips(cli, argc - 1, argv + 1);
	if (strcmp(verb, "update") == 0)
		return cmd_update(cli, argc - 1, argv + 1);
	if (strcmp(verb, "trust") == 0 || strcmp(verb, "keys") == 0 || strcmp(verb, "untrust") == 0)
		return cmd_keys(cli, verb, argc - 1, argv + 1);
	if (strcmp(verb, "list") != 0 && strcmp(verb, "show") != 0 && strcmp(verb, "check") != 0) {
		fprintf(stderr, "trunkwiz: unknown providers command '%s' (list, show, check, ips, update, "
		        "trust, keys, untrust)\n", verb);
		return TW_EXIT_USAGE;
	}
	if (argc >= 2 && (rc = plain_words(cli, argc - 1, argv + 1, &w, &n)) >= 0)
		return rc;
	if (argc < 2)
		w = NULL, n = 0;
	if (strcmp(verb, "list") == 0) {
		if (n > 1) {
			fputs("Usage: trunkwiz providers list [WORD]\n", stderr);
			return TW_EXIT_USAGE;
		}
		return cmd_list(cli, n ? w[0] : NULL);
	}
	if (strcmp(verb, "show") == 0) {
		if (n != 1) {
			fputs("Usage: trunkwiz providers show ID\n", stderr);
			return TW_EXIT_USAGE;
		}
		return cmd_show(cli, w[0]);
	}
	return cmd_check(cli, n, w);
}
