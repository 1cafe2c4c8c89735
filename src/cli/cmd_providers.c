#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "trunkwiz/render.h"

static bool matches(const struct tw_profile *p, const char *word)
{
	return !word || strcasestr(p->id, word) || (p->name && strcasestr(p->name, word)) ||
	       (p->region && strcasestr(p->region, word)) || strcasestr(p->auth, word);
}

static int cmd_list(const struct tw_cli *cli, const char *word)
{
	struct tw_profiles ps;
	size_t i;

	tw_cli_load_profiles(cli, &ps);
	printf("%-16s %-32s %-8s %s\n", "ID", "NAME", "REGION", "AUTH");
	for (i = 0; i < ps.n; i++) {
		const struct tw_profile *p = ps.v[i];

		if (matches(p, word))
			printf("%-16s %-32s %-8s %s\n", p->id, p->name,
			       p->region ? p->region : "-", p->auth);
	}
	tw_profiles_free(&ps);
	return TW_EXIT_OK;
}

static int cmd_show(const struct tw_cli *cli, const char *id)
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
	printf("id:        %s\nname:      %s\nregion:    %s\nauth:      %s\nfile:      %s\n",
	       p->id, p->name, p->region ? p->region : "-", p->auth, p->path);
	if (p->verified)
		printf("verified:  %s\n", p->verified);
	for (i = 0; i < p->nservers; i++)
		printf("server:    %s (%s)\n", p->servers[i].host, p->servers[i].region);
	if (p->ip_list_url)
		printf("ip list:   %s (%s)\n", p->ip_list_url,
		       p->ip_list_format ? p->ip_list_format : "text");
	if (p->requires)
		printf("requires:  %s\n", p->requires);
	for (i = 0; i < p->ndefaults; i++)
		printf("default:   %s = %s\n", p->def_keys[i], p->def_values[i]);
	for (i = 0; i < p->nopts; i++)
		printf("%-10s %s = %s\n", p->opts[i].section, p->opts[i].name, p->opts[i].value);
	for (i = 0; i < p->nnotes; i++)
		printf("note:      %s\n", p->notes[i]);
	tw_profiles_free(&ps);
	return TW_EXIT_OK;
}

/* Render a sample trunk with the profile's defaults and validate it, so
 * the extra options a profile carries are checked like any config. */
static void check_render(const struct tw_cli *cli, const struct tw_profile *p,
                         struct tw_diags *d)
{
	struct tw_trunk *t = tw_trunk_new();
	struct tw_diags rd;
	struct tw_render r;
	size_t i;

	/* Option errors first, at the profile's own lines; a sample render
	 * of a profile whose options are wrong only repeats them. */
	if (tw_profile_check(p, &cli->version, d) < 0) {
		tw_trunk_free(&t);
		return;
	}
	tw_diags_init(&rd);
	tw_trunk_default(t, "name", "sample");
	tw_trunk_default(t, "username", "sample_user");
	tw_trunk_default(t, "password", "sample_password");
	tw_trunk_default(t, "server", "sip.example.com");
	tw_profile_apply(p, t);
	if (tw_render_validate(t, p, &cli->version, &r, &rd) == 0)
		tw_render_free(&r);
	for (i = 0; i < rd.n; i++) {
		struct tw_diag *g = &rd.v[i];

		if (g->sev == TW_NOTE)
			continue;
		tw_diag_at(d, g->sev, p->path, 0, g->hint, "a trunk made with this profile: %s%s%s",
		           g->field ? g->field : "", g->field ? ": " : "", g->msg);
	}
	tw_diags_clear(&rd);
	tw_trunk_free(&t);
}

static int cmd_check(const struct tw_cli *cli, int argc, char **argv)
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
			check_render(cli, ps.v[k], &d);
		printf("%zu profiles checked\n", ps.n);
		tw_profiles_free(&ps);
	}
	for (i = 0; i < argc; i++) {
		struct tw_profile *p = tw_profile_load(argv[i], &d);

		if (p) {
			check_render(cli, p, &d);
			tw_profile_free(&p);
		}
	}
	rc = tw_cli_report(cli, &d);
	tw_diags_clear(&d);
	return rc;
}

int tw_cmd_providers(struct tw_cli *cli, int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "list") == 0)
		return cmd_list(cli, argc > 2 ? argv[2] : NULL);
	if (strcmp(argv[1], "show") == 0) {
		if (argc != 3) {
			fputs("Usage: trunkwiz providers show ID\n", stderr);
			return TW_EXIT_USAGE;
		}
		return cmd_show(cli, argv[2]);
	}
	if (strcmp(argv[1], "check") == 0)
		return cmd_check(cli, argc - 2, argv + 2);
	fprintf(stderr, "trunkwiz: unknown providers command '%s' (list, show, check)\n", argv[1]);
	return TW_EXIT_USAGE;
}
