/* profile.c - reading one provider profile (profile.h): the sections and
 * keys of a providers/<id>.conf, each value checked at its line (servers,
 * auth models, transports, dates, regions, URLs, requires), the keys that
 * only make sense together, and the profile's life cycle. The catalog
 * across dirs, applying defaults and matching are in profile_catalog.c. */
#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "trunkwiz/conf.h"
#include "trunkwiz/fetch.h"
#include "trunkwiz/net.h"
#include "trunkwiz/trunk.h"
#include "trunk/profile_priv.h"
#include "base/base.h"
#include "conf/conf.h"
#include "fetch/fetch.h"
#include "net/net.h"
#include "trunk/trunk.h"

/* Sections a profile may hold; the object sections carry extra PJSIP
 * options for that object (checked by the validator when rendered). */
static const char *const object_sections[] = {
	"endpoint", "registration", "aor", "auth", "identify",
};

static const char *const provider_keys[] = {
	"name", "region", "auth", "verified", "server", "ip_list_url",
	"ip_list_format", "ip_list_select", "note", "requires", "transports", "srtp",
	"region_identify",
};

static bool in_list(const char *s, const char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(s, v[i]) == 0)
			return true;
	return false;
}

static void unknown_key(struct tw_diags *d, const struct tw_conf_option *o,
                        const char *sect, const char *const *known, size_t n)
{
	const char *best = tw_suggest(o->name, known, n);
	char *hint = best ? tw_xasprintf("did you mean '%s'?", best) : NULL;

	tw_diag_at(d, TW_ERROR, o->file, o->line, hint ? hint : "see providers/README",
	           "unknown key '%s' in [%s]", o->name, sect);
	free(hint);
}

bool tw_profile_lower_label(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return n > 0;
}

static int add_server(struct tw_profile *p, const struct tw_conf_option *o,
                      struct tw_diags *d)
{
	const char *colon = strchr(o->value, ':');
	struct tw_profile_server *sv;

	if (!colon || colon == o->value || !colon[1]) {
		tw_diag_at(d, TW_ERROR, o->file, o->line, "write server = REGION:HOST, e.g. us:sip.example.com",
		           "server '%s' is not REGION:HOST", o->value);
		return -1;
	}
	if (!tw_profile_lower_label(o->value, (size_t)(colon - o->value))) {
		tw_diag_at(d, TW_ERROR, o->file, o->line, "a region label is lower case: us, eu, default...",
		           "server '%s': bad region label", o->value);
		return -1;
	}
	if (tw_addr_classify(colon + 1) == TW_ADDR_INVALID) {
		tw_diag_at(d, TW_ERROR, o->file, o->line, "give a host name or an IP address, without port",
		           "server '%s': '%s' is not a host name or address", o->value, colon + 1);
		return -1;
	}
	p->servers = tw_xrealloc(p->servers, (p->nservers + 1) * sizeof(*p->servers));
	sv = &p->servers[p->nservers++];
	sv->region = tw_xstrndup(o->value, (size_t)(colon - o->value));
	sv->host = tw_xstrdup(colon + 1);
	sv->line = o->line;
	return 0;
}

static void set_once(char **dst, const struct tw_conf_option *o)
{
	free(*dst);
	*dst = tw_xstrdup(o->value);
}

/* Every item of a comma list is one of names, none twice. */
static int check_words(const struct tw_conf_option *o, const char *what,
                       const char *const *names, size_t nnames, const char *hint,
                       struct tw_diags *d)
{
	char **items;
	size_t n = tw_split_list(o->value, ',', &items), i, k;
	int rc = 0;

	for (i = 0; i < n; i++) {
		if (!in_list(items[i], names, nnames)) {
			tw_diag_at(d, TW_ERROR, o->file, o->line, hint, "unknown %s '%s'", what,
			           items[i]);
			rc = -1;
		}
		for (k = 0; k < i; k++) {
			if (strcmp(items[i], items[k]) == 0) {
				tw_diag_at(d, TW_ERROR, o->file, o->line, NULL, "%s: '%s' given twice",
				           o->name, items[i]);
				rc = -1;
				break;
			}
		}
	}
	tw_strv_free(&items, n);
	return rc;
}

static int check_one(const struct tw_conf_option *o, const char *const *names, size_t nnames,
                     const char *hint, struct tw_diags *d)
{
	if (in_list(o->value, names, nnames))
		return 0;
	tw_diag_at(d, TW_ERROR, o->file, o->line, hint, "%s: unknown value '%s'", o->name, o->value);
	return -1;
}

/* YYYY-MM-DD with a plausible month and day. */
static bool is_date(const char *s)
{
	int i, m, dd;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	m = (s[5] - '0') * 10 + (s[6] - '0');
	dd = (s[8] - '0') * 10 + (s[9] - '0');
	return m >= 1 && m <= 12 && dd >= 1 && dd <= 31;
}

/* "global" or ISO 3166 codes (two capitals), comma separated. */
static bool is_region(const char *v)
{
	char **items;
	size_t n = tw_split_list(v, ',', &items), i;
	bool ok = true;

	for (i = 0; i < n; i++) {
		const char *s = items[i];

		if (strcmp(s, "global") != 0 &&
		    !(strlen(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'))
			ok = false;
	}
	tw_strv_free(&items, n);
	return ok;
}

/* Only https: a profile's URL must not read this machine's files
 * (file://) or be changed on the way (http://). */
static int check_url(const struct tw_conf_option *o, struct tw_diags *d)
{
	if (tw_str_has_prefix(o->value, "https://"))
		return 0;
	tw_diag_at(d, TW_ERROR, o->file, o->line,
	           "write the provider's https://HOST/PATH; for an offline copy use 'providers ips ID --url file:///PATH'",
	           "ip_list_url must be an https:// URL");
	return -1;
}

/* requires names trunk answer keys the admin can give. */
static int check_requires(const struct tw_conf_option *o, struct tw_diags *d)
{
	char **items;
	size_t n = tw_split_list(o->value, ',', &items), i;
	int rc = 0;

	for (i = 0; i < n; i++) {
		int idx = tw_trunk_key_index(items[i]);

		if (idx < 0 || strcmp(items[i], "name") == 0 || strcmp(items[i], "provider") == 0) {
			tw_diag_at(d, TW_ERROR, o->file, o->line,
			           "list trunk answer keys, e.g. requires = server,identify",
			           "requires: '%s' is not an answer the admin gives", items[i]);
			rc = -1;
		}
	}
	tw_strv_free(&items, n);
	return rc;
}

static int check_provider_value(const struct tw_conf_option *o, struct tw_diags *d)
{
	static const char *const auths[] = { "register", "outbound", "ip" };
	static const char *const transports[] = { "udp", "tcp", "tls" };
	static const char *const srtp[] = { "no", "yes", "required" };
	static const char *const formats[] = { "text", "csv", "json" };

	if (strcmp(o->name, "auth") == 0)
		return check_words(o, "auth model", auths, TW_ARRAY_LEN(auths),
		                   "use register, outbound or ip", d);
	if (strcmp(o->name, "transports") == 0)
		return check_words(o, "transport", transports, TW_ARRAY_LEN(transports),
		                   "use udp, tcp or tls", d);
	if (strcmp(o->name, "srtp") == 0)
		return check_one(o, srtp, TW_ARRAY_LEN(srtp), "use no, yes or required", d);
	if (strcmp(o->name, "ip_list_format") == 0)
		return check_one(o, formats, TW_ARRAY_LEN(formats), "use text, csv or json", d);
	if (strcmp(o->name, "verified") == 0 && !is_date(o->value)) {
		tw_diag_at(d, TW_ERROR, o->file, o->line, "write the date as YYYY-MM-DD",
		           "verified '%s' is not a date", o->value);
		return -1;
	}
	if (strcmp(o->name, "region") == 0 && !is_region(o->value)) {
		tw_diag_at(d, TW_ERROR, o->file, o->line,
		           "use ISO country codes (US, GB, DE...), comma separated, or global",
		           "region '%s' is not a country code list", o->value);
		return -1;
	}
	if (strcmp(o->name, "ip_list_url") == 0)
		return check_url(o, d);
	if (strcmp(o->name, "requires") == 0)
		return check_requires(o, d);
	return 0;
}

static int load_provider(struct tw_profile *p, const struct tw_conf_section *s,
                         struct tw_diags *d)
{
	static const struct {
		const char *key;
		size_t off;
	} once[] = {
		{ "name", offsetof(struct tw_profile, name) },
		{ "region", offsetof(struct tw_profile, region) },
		{ "auth", offsetof(struct tw_profile, auth) },
		{ "verified", offsetof(struct tw_profile, verified) },
		{ "ip_list_url", offsetof(struct tw_profile, ip_list_url) },
		{ "ip_list_format", offsetof(struct tw_profile, ip_list_format) },
		{ "ip_list_select", offsetof(struct tw_profile, ip_list_select) },
		{ "requires", offsetof(struct tw_profile, requires) },
		{ "transports", offsetof(struct tw_profile, transports) },
		{ "srtp", offsetof(struct tw_profile, srtp) },
	};
	int rc = 0;
	size_t i, k;

	for (i = 0; i < s->nopts; i++) {
		const struct tw_conf_option *o = s->opts[i];

		for (k = 0; k < TW_ARRAY_LEN(once); k++)
			if (strcmp(o->name, once[k].key) == 0)
				break;
		if (k < TW_ARRAY_LEN(once)) {
			set_once((char **)((char *)p + once[k].off), o);
			if (check_provider_value(o, d) < 0)
				rc = -1;
		} else if (strcmp(o->name, "server") == 0) {
			rc |= add_server(p, o, d);
		} else if (strcmp(o->name, "region_identify") == 0) {
			rc |= tw_profile_add_region_ident(p, o, d);
		} else if (strcmp(o->name, "note") == 0) {
			p->notes = tw_xrealloc(p->notes, (p->nnotes + 1) * sizeof(*p->notes));
			p->notes[p->nnotes++] = tw_xstrdup(o->value);
		} else {
			unknown_key(d, o, "provider", provider_keys, TW_ARRAY_LEN(provider_keys));
			rc = -1;
		}
	}
	return rc;
}

static int load_defaults(struct tw_profile *p, const struct tw_conf_section *s,
                         struct tw_diags *d)
{
	size_t nk, i, k;
	const struct tw_trunk_key *keys = tw_trunk_keys(&nk);
	const char **names = tw_xcalloc(nk, sizeof(*names));
	int rc = 0;

	for (k = 0; k < nk; k++)
		names[k] = keys[k].name;
	for (i = 0; i < s->nopts; i++) {
		const struct tw_conf_option *o = s->opts[i];
		int idx = tw_trunk_key_index(o->name);

		if (idx < 0) {
			unknown_key(d, o, "defaults", names, nk);
			rc = -1;
			continue;
		}
		if (keys[idx].secret || strcmp(o->name, "name") == 0 ||
		    strcmp(o->name, "provider") == 0) {
			tw_diag_at(d, TW_ERROR, o->file, o->line, NULL,
			           "'%s' cannot have a default in a profile", o->name);
			rc = -1;
			continue;
		}
		p->def_keys = tw_xrealloc(p->def_keys, (p->ndefaults + 1) * sizeof(char *));
		p->def_values = tw_xrealloc(p->def_values, (p->ndefaults + 1) * sizeof(char *));
		p->def_keys[p->ndefaults] = tw_xstrdup(o->name);
		p->def_values[p->ndefaults] = tw_xstrdup(o->value);
		p->ndefaults++;
	}
	free(names);
	return rc;
}

static void load_object(struct tw_profile *p, const struct tw_conf_section *s)
{
	size_t i;

	for (i = 0; i < s->nopts; i++) {
		const struct tw_conf_option *o = s->opts[i];
		struct tw_profile_option *po;

		p->opts = tw_xrealloc(p->opts, (p->nopts + 1) * sizeof(*p->opts));
		po = &p->opts[p->nopts++];
		po->section = tw_xstrdup(s->name);
		po->name = tw_xstrdup(o->name);
		po->value = tw_xstrdup(o->value);
		po->line = o->line;
	}
}

static char *id_from_path(const char *path)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	n = strlen(base);
	if (n > 5 && strcmp(base + n - 5, ".conf") == 0)
		n -= 5;
	return tw_xstrndup(base, n);
}

static int check_required(struct tw_profile *p, const char *path, struct tw_diags *d)
{
	int rc = 0;

	if (!p->name) {
		tw_diag_at(d, TW_ERROR, path, 0, "add name = <display name> to [provider]",
		           "profile has no name");
		rc = -1;
	}
	if (!p->auth) {
		tw_diag_at(d, TW_ERROR, path, 0, "add auth = register, outbound or ip to [provider]",
		           "profile has no auth model");
		rc = -1;
	}
	return rc;
}

/* The option's last occurrence in the file's section sect, or NULL. */
static const struct tw_conf_option *find_opt(const struct tw_conf *c, const char *sect,
                                             const char *name)
{
	const struct tw_conf_section *s = tw_conf_find_section(c, sect);

	return s ? tw_conf_section_get(s, name) : NULL;
}

static bool list_has(const char *list, const char *word)
{
	char **items;
	size_t n = tw_split_list(list, ',', &items), i;
	bool found = false;

	for (i = 0; i < n; i++)
		if (strcmp(items[i], word) == 0)
			found = true;
	tw_strv_free(&items, n);
	return found;
}

/* Keys that only make sense together. */
static int check_consistent(const struct tw_profile *p, const struct tw_conf *c,
                            struct tw_diags *d)
{
	const struct tw_conf_option *fmt = find_opt(c, "provider", "ip_list_format");
	const struct tw_conf_option *sel = find_opt(c, "provider", "ip_list_select");
	const struct tw_conf_option *tr = find_opt(c, "defaults", "transport");
	const struct tw_conf_option *me = find_opt(c, "defaults", "media_encryption");
	const struct tw_conf_option *srtp = find_opt(c, "provider", "srtp");
	int rc = 0;

	if ((fmt || sel) && !p->ip_list_url) {
		const struct tw_conf_option *o = fmt ? fmt : sel;

		tw_diag_at(d, TW_ERROR, o->file, o->line, "add ip_list_url, or remove this line",
		           "%s without ip_list_url", o->name);
		rc = -1;
	}
	if (sel) {
		int f = tw_iplist_format_parse(p->ip_list_format ? p->ip_list_format : "text");
		char *why = NULL;

		if (f >= 0 && !tw_iplist_select_ok((enum tw_iplist_format)f, sel->value, &why)) {
			tw_diag_at(d, TW_ERROR, sel->file, sel->line, NULL, "ip_list_select: %s", why);
			free(why);
			rc = -1;
		}
	}
	if (tr && p->transports && !list_has(p->transports, tr->value)) {
		tw_diag_at(d, TW_ERROR, tr->file, tr->line, "use one of the profile's transports",
		           "transport '%s' is not in transports (%s)", tr->value, p->transports);
		rc = -1;
	}
	if (me && tw_streq(me->value, "sdes") && tw_streq(p->srtp, "no")) {
		tw_diag_at(d, TW_ERROR, me->file, me->line, NULL,
		           "media_encryption = sdes, but the profile says srtp = no");
		rc = -1;
	}
	if (srtp && tw_streq(p->srtp, "required") && !(me && tw_streq(me->value, "sdes"))) {
		tw_diag_at(d, TW_ERROR, srtp->file, srtp->line, "add media_encryption = sdes to [defaults]",
		           "srtp = required, but the default media_encryption is not sdes");
		rc = -1;
	}
	return rc;
}

bool tw_profile_valid_id(const char *id)
{
	const char *s;

	if (!*id)
		return false;
	for (s = id; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' ||
		      *s == '_' || *s == '.'))
			return false;
	return true;
}

/* Build a profile from a parsed file; name locates diagnostics. */
static struct tw_profile *from_conf(const struct tw_conf *c, const char *name,
                                    struct tw_diags *d, size_t errors_before)
{
	struct tw_profile *p = tw_xcalloc(1, sizeof(*p));
	size_t i;
	int rc = 0;

	p->path = tw_xstrdup(name);
	p->id = id_from_path(name);
	if (!tw_profile_valid_id(p->id)) {
		tw_diag_at(d, TW_ERROR, name, 0, "name profile files <id>.conf with a-z, 0-9, - _ .",
		           "bad profile id '%s'", p->id);
		rc = -1;
	}
	for (i = 0; i < c->nsections; i++) {
		const struct tw_conf_section *s = c->sections[i];

		if (strcmp(s->name, "provider") == 0)
			rc |= load_provider(p, s, d);
		else if (strcmp(s->name, "defaults") == 0)
			rc |= load_defaults(p, s, d);
		else if (in_list(s->name, object_sections, TW_ARRAY_LEN(object_sections)))
			load_object(p, s);
		else {
			tw_diag_at(d, TW_ERROR, s->file, s->line,
			           "sections are [provider], [defaults], [endpoint], [registration], [aor], [auth], [identify]",
			           "unknown section [%s]", s->name);
			rc = -1;
		}
	}
	if (check_required(p, name, d) < 0 || tw_profile_check_restrictions(c, d) < 0)
		rc = -1;
	if (rc == 0 && check_consistent(p, c, d) < 0)
		rc = -1;
	if (rc < 0 || tw_diags_count(d, TW_ERROR) > errors_before)
		tw_profile_free(&p);
	return p;
}

struct tw_profile *tw_profile_load(const char *path, struct tw_diags *d)
{
	struct tw_conf *c = tw_conf_new(NULL);
	struct tw_profile *p = NULL;
	size_t before = tw_diags_count(d, TW_ERROR);

	if (tw_conf_load(c, path, false, d) == 0)
		p = from_conf(c, path, d, before);
	tw_conf_free(&c);
	return p;
}

struct tw_profile *tw_profile_load_mem(const char *name, const char *data, size_t len,
                                       struct tw_diags *d)
{
	struct tw_conf *c = tw_conf_new(NULL);
	struct tw_profile *p = NULL;
	size_t before = tw_diags_count(d, TW_ERROR);

	if (tw_conf_parse(c, name, data, len, d) == 0)
		p = from_conf(c, name, d, before);
	tw_conf_free(&c);
	return p;
}

void tw_profile_free(struct tw_profile **pp)
{
	struct tw_profile *p;
	size_t i;

	if (!pp || !*pp)
		return;
	p = *pp;
	free(p->id);
	free(p->path);
	free(p->name);
	free(p->region);
	free(p->auth);
	for (i = 0; i < p->nservers; i++) {
		free(p->servers[i].region);
		free(p->servers[i].host);
	}
	free(p->servers);
	tw_strv_free(&p->def_keys, p->ndefaults);
	tw_strv_free(&p->def_values, p->ndefaults);
	for (i = 0; i < p->nopts; i++) {
		free(p->opts[i].section);
		free(p->opts[i].name);
		free(p->opts[i].value);
	}
	free(p->opts);
	tw_strv_free(&p->notes, p->nnotes);
	free(p->verified);
	free(p->ip_list_url);
	free(p->ip_list_format);
	free(p->ip_list_select);
	free(p->requires);
	free(p->transports);
	free(p->srtp);
	for (i = 0; i < p->nregion_idents; i++) {
		free(p->region_idents[i].region);
		free(p->region_idents[i].identify);
	}
	free(p->region_idents);
	free(p);
	*pp = NULL;
}

const char *tw_profile_default(const struct tw_profile *p, const char *key)
{
	size_t i;

	for (i = 0; p && i < p->ndefaults; i++)
		if (strcmp(p->def_keys[i], key) == 0)
			return p->def_values[i];
	return NULL;
}
