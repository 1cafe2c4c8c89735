#include "config.h"

#include <stdlib.h>
#include <sys/socket.h>
#include <string.h>

#include "trunkwiz/conf.h"
#include "trunkwiz/net.h"
#include "trunkwiz/trunk.h"
#include "trunkwiz/validate.h"
#include "trunk/profile_priv.h"
#include "conf/conf.h"
#include "trunk/trunk.h"

/* Checking a loaded profile the way 'providers check' does: its extra
 * PJSIP options against the schema, and sample trunks rendered from it.
 * (The loader's own checks, at each line, are in profile.c.) */

static const char *const object_sections[] = {
	"endpoint", "registration", "aor", "auth", "identify",
};

/* The object sections' options as a pjsip.conf of their own, each option
 * at its line in the profile, validated like any config. Only findings on
 * the profile's own lines count: the sections are fragments (no aors, no
 * auth), so what a whole object lacks is render's business. */
/* Validate the extra PJSIP options of the profile's object sections
 * ([endpoint], [aor]...) against the schema for version ver (NULL: the
 * default), with diagnostics at the profile's file:line. Returns 0 when no
 * error. */
static int check_objects(const struct tw_profile *p, const struct tw_astver *ver,
                     struct tw_diags *d)
{
	struct tw_conf *c = tw_conf_new(NULL);
	struct tw_conf_file *f = tw_conf_add_file(c, p->path);
	struct tw_validate_opts o;
	struct tw_diags vd;
	size_t i, k, errors = 0;

	for (k = 0; k < TW_ARRAY_LEN(object_sections); k++) {
		struct tw_conf_section *s = NULL;

		for (i = 0; i < p->nopts; i++) {
			struct tw_conf_option *op;

			if (strcmp(p->opts[i].section, object_sections[k]) != 0)
				continue;
			if (!s) {
				s = tw_conf_file_add_section(f, object_sections[k], NULL);
				(void)tw_conf_section_add(s, "type", object_sections[k], TW_OP_SET);
			}
			op = tw_conf_section_add(s, p->opts[i].name, p->opts[i].value, TW_OP_SET);
			op->line = p->opts[i].line;
		}
	}
	tw_validate_opts_init(&o);
	if (ver)
		o.version = *ver;
	tw_diags_init(&vd);
	tw_validate_pjsip(c, &o, &vd);
	for (i = 0; i < vd.n; i++) {
		struct tw_diag *g = &vd.v[i];

		if (g->line == 0)
			continue;
		if (g->sev == TW_ERROR)
			errors++;
		tw_diags_add(d, g->sev, g->file, g->line, NULL, g->hint, "%s", g->msg);
	}
	tw_diags_clear(&vd);
	tw_conf_free(&c);
	return errors ? -1 : 0;
}

/* The answers a profile leaves to the admin (requires), filled in with
 * documentation values so the rest of the profile can be checked. */
static void sample_required(const char *requires, struct tw_trunk *t)
{
	static const char *const samples[][2] = {
		{ "identify", "192.0.2.10" },
		{ "codecs", "ulaw" },
		{ "outbound_proxy", "sip:proxy.example.com" },
		{ "from_user", "sample_user" },
		{ "contact_user", "sample_user" },
		{ "auth_username", "sample_user" },
		{ "number_format", "e164" },
		{ "callerid", "\"Sample\" <+12125550100>" },
	};
	char **items;
	size_t n = tw_split_list(requires, ',', &items), i, k;

	for (i = 0; i < n; i++)
		for (k = 0; k < TW_ARRAY_LEN(samples); k++)
			if (strcmp(items[i], samples[k][0]) == 0)
				tw_trunk_default(t, samples[k][0], samples[k][1]);
	tw_strv_free(&items, n);
}

/* Render a sample trunk with auth mode `mode` and the profile's defaults;
 * what the validator finds goes to out (notes left out). */
static void sample_trunk(const struct tw_profile *p, const struct tw_astver *ver,
                         const char *mode, struct tw_diags *out)
{
	struct tw_trunk *t = tw_trunk_new();
	struct tw_diags rd;
	struct tw_render r;
	size_t i;

	tw_diags_init(&rd);
	tw_trunk_default(t, "name", "sample");
	tw_trunk_default(t, "auth", mode);
	tw_trunk_default(t, "username", "sample_user");
	tw_trunk_default(t, "password", "sample_password");
	/* The profile's first server, as the wizard offers it first. */
	tw_trunk_default(t, "server", p->nservers ? p->servers[0].host : "sip.example.com");
	if (p->requires)
		sample_required(p->requires, t);
	tw_profile_apply(p, t);
	if (tw_render_validate(t, p, ver, &r, &rd) == 0)
		tw_render_free(&r);
	for (i = 0; i < rd.n; i++) {
		struct tw_diag *g = &rd.v[i];

		if (g->sev != TW_NOTE)
			tw_diags_add(out, g->sev, NULL, 0, NULL, g->hint, "%s%s%s", g->field ? g->field : "",
			             g->field ? ": " : "", g->msg);
	}
	tw_diags_clear(&rd);
	tw_trunk_free(&t);
}

static size_t count_same(const struct tw_diags *per, size_t nmodes, const struct tw_diag *g,
                         size_t upto)
{
	size_t m, k, hits = 0;

	for (m = 0; m < nmodes && m < upto; m++)
		for (k = 0; k < per[m].n; k++)
			if (per[m].v[k].sev == g->sev && strcmp(per[m].v[k].msg, g->msg) == 0) {
				hits++;
				break;
			}
	return hits;
}

int tw_profile_validate(const struct tw_profile *p, const struct tw_astver *ver,
                        struct tw_diags *d)
{
	struct tw_diags *per;
	char **modes;
	size_t n, i, k, errors = 0;

	if (!p->verified)
		tw_diag_at(d, TW_WARNING, p->path, 0, "add verified = YYYY-MM-DD to [provider]",
		           "profile does not say when its facts were verified");
	if (!p->region)
		tw_diag_at(d, TW_WARNING, p->path, 0, "add region = US (or GB, DE, global...) to [provider]",
		           "profile has no region");
	/* Option errors first, at the profile's own lines; a sample render
	 * of a profile whose options are wrong only repeats them. */
	if (check_objects(p, ver, d) < 0)
		return -1;
	/* One sample trunk per auth mode; a finding common to every mode is
	 * reported once, one that is not names its mode. */
	n = tw_split_list(p->auth, ',', &modes);
	per = tw_xcalloc(n, sizeof(*per));
	for (i = 0; i < n; i++)
		sample_trunk(p, ver, modes[i], &per[i]);
	for (i = 0; i < n; i++) {
		for (k = 0; k < per[i].n; k++) {
			const struct tw_diag *g = &per[i].v[k];
			bool everywhere = count_same(per, n, g, n) == n;

			if (count_same(per, n, g, i) > 0 && everywhere)
				continue; /* already reported */
			if (g->sev == TW_ERROR)
				errors++;
			tw_diag_at(d, g->sev, p->path, 0, g->hint, "a trunk made with this profile%s%s%s: %s",
			           everywhere ? "" : " (auth=", everywhere ? "" : modes[i],
			           everywhere ? "" : ")", g->msg);
		}
	}
	for (i = 0; i < n; i++)
		tw_diags_clear(&per[i]);
	free(per);
	tw_strv_free(&modes, n);
	return errors ? -1 : 0;
}

/* ---- what no profile may say ----
 * A profile is data from a publisher (bundled, or downloaded by `providers
 * update`), not from the admin. It must not decide where the provider's
 * calls land in the dialplan, what caller ID goes out, or open identify to
 * half the internet: that is how a tampered profile turns a trunk into a
 * toll-fraud gateway. */

/* Trunk answers only the admin gives, and [endpoint] options that route
 * calls or set caller ID. */
static const struct {
	const char *section, *option;
} admin_only[] = {
	{ "defaults", "context" }, { "defaults", "inbound_context" }, { "defaults", "callerid" },
	{ "endpoint", "context" }, { "endpoint", "callerid" }, { "endpoint", "callerid_privacy" },
	{ "endpoint", "callerid_tag" }, { "endpoint", "message_context" },
	{ "endpoint", "subscribe_context" }, { "endpoint", "set_var" },
};

#define PROFILE_MIN_PREFIX4 16
#define PROFILE_MIN_PREFIX6 32

static bool is_admin_only(const char *section, const char *option)
{
	size_t i;

	for (i = 0; i < TW_ARRAY_LEN(admin_only); i++)
		if (strcmp(admin_only[i].section, section) == 0 && strcmp(admin_only[i].option, option) == 0)
			return true;
	return false;
}

/* The network of an identify item: an address or CIDR, also with a port
 * (IP:port/mask, [v6]:port/mask). false for host names and ${...}. */
static bool item_net(const char *item, struct tw_net *n)
{
	const char *slash = strchr(item, '/'), *colon;
	char *host, *s;
	bool ok;

	if (tw_net_parse(item, n, NULL) == 0)
		return true;
	if (item[0] == '[') {
		const char *end = strchr(item, ']');

		if (!end)
			return false;
		host = tw_xstrndup(item + 1, (size_t)(end - item - 1));
	} else {
		size_t len = slash ? (size_t)(slash - item) : strlen(item);

		host = tw_xstrndup(item, len);
		colon = strchr(host, ':');
		if (colon && !strchr(colon + 1, ':'))
			host[colon - host] = '\0'; /* a.b.c.d:port */
	}
	s = slash ? tw_xasprintf("%s%s", host, slash) : tw_xstrdup(host);
	ok = tw_net_parse(s, n, NULL) == 0;
	free(s);
	free(host);
	return ok;
}

/* value: identify's comma list (for region_identify, what follows
 * "REGION:"). */
static int check_identify(const struct tw_conf_option *o, const char *value, struct tw_diags *d)
{
	char **items;
	size_t n = tw_split_list(value, ',', &items), i;
	int rc = 0;

	for (i = 0; i < n; i++) {
		struct tw_net net;
		unsigned min;

		if (!item_net(items[i], &net))
			continue;
		min = net.family == AF_INET ? PROFILE_MIN_PREFIX4 : PROFILE_MIN_PREFIX6;
		if (net.prefix >= min)
			continue;
		tw_diag_at(d, TW_ERROR, o->file, o->line,
		           "a provider's signalling addresses fit in a few small ranges: list them",
		           "identify entry '%s' is wider than /%u: a profile may not accept calls from so many addresses",
		           items[i], min);
		rc = -1;
	}
	tw_strv_free(&items, n);
	return rc;
}

int tw_profile_check_restrictions(const struct tw_conf *c, struct tw_diags *d)
{
	size_t i, k;
	int rc = 0;

	for (i = 0; i < c->nsections; i++) {
		const struct tw_conf_section *s = c->sections[i];
		bool defaults = strcmp(s->name, "defaults") == 0;
		bool identify = strcmp(s->name, "identify") == 0;
		bool provider = strcmp(s->name, "provider") == 0;

		for (k = 0; k < s->nopts; k++) {
			const struct tw_conf_option *o = s->opts[k];

			if (is_admin_only(s->name, o->name)) {
				tw_diag_at(d, TW_ERROR, o->file, o->line,
				           "remove the line: the admin chooses the inbound context and caller ID",
				           "a profile may not set [%s] %s", s->name, o->name);
				rc = -1;
			} else if ((defaults && strcmp(o->name, "identify") == 0) ||
			           (identify && strcmp(o->name, "match") == 0)) {
				rc |= check_identify(o, o->value, d);
			} else if (provider && strcmp(o->name, "region_identify") == 0) {
				const char *colon = strchr(o->value, ':');

				rc |= check_identify(o, colon ? colon + 1 : o->value, d);
			}
		}
	}
	return rc;
}
