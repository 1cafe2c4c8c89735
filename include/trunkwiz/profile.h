/* profile.h - provider profiles: providers/<id>.conf, parsed by conf.
 * Format documented in providers/README. Looked up in the bundled dir, then
 * /etc/trunkwiz/providers.d, then -P dirs; a later dir overrides a profile
 * with the same id. */
#ifndef TRUNKWIZ_PROFILE_H
#define TRUNKWIZ_PROFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "trunkwiz/astver.h"
#include "trunkwiz/diag.h"
#include "trunkwiz/trunk.h"
#include "trunkwiz/util.h"

struct tw_profile_option {
	char *section;   /* "endpoint", "registration", "aor", "auth", "identify" */
	char *name;
	char *value;
	unsigned line;
};

struct tw_profile_server {
	char *region;    /* "us", "eu", "default"... */
	char *host;
	unsigned line;
};

struct tw_profile {
	char *id;              /* file name without .conf */
	char *path;            /* file it came from */
	char *name;            /* display name */
	char *region;          /* country/region, e.g. "US", "DE", "global" */
	char *auth;            /* comma list of auth modes it offers, first is default */
	struct tw_profile_server *servers;
	size_t nservers;
	/* [defaults]: trunk answers the profile supplies (key = value, trunk keys) */
	char **def_keys;
	char **def_values;
	size_t ndefaults;
	/* [endpoint]/[registration]/[aor]/[auth]/[identify]: extra options to
	 * render into that section, in order */
	struct tw_profile_option *opts;
	size_t nopts;
	char **notes;          /* shown to the admin */
	size_t nnotes;
	char *verified;        /* YYYY-MM-DD */
	char *ip_list_url;
	char *ip_list_format;  /* text, csv, json */
	char *ip_list_select;  /* CSV column or JSON keys (iplist.h) */
	char *requires;        /* comma list of trunk keys the admin must give */
	char *transports;      /* comma list of udp, tcp, tls the provider accepts */
	char *srtp;            /* no, yes (offered) or required */
};

struct tw_profile *tw_profile_load(const char *path, struct tw_diags *d);
/* The same for a profile in memory (a download): name is its file name or
 * URL, whose last component gives the id, and locates diagnostics. */
struct tw_profile *tw_profile_load_mem(const char *name, const char *data, size_t len,
                                       struct tw_diags *d);
void tw_profile_free(struct tw_profile **p);
/* Apply the profile's defaults to a trunk (only where the admin gave nothing). */
void tw_profile_apply(const struct tw_profile *p, struct tw_trunk *t);
/* Checks of a loaded profile (profile_check.c). */
/* Validate the extra PJSIP options of the profile's object sections
 * ([endpoint], [aor]...) against the schema for version ver (NULL: the
 * default), with diagnostics at the profile's file:line. Returns 0 when no
 * error. */
int tw_profile_check(const struct tw_profile *p, const struct tw_astver *ver,
                     struct tw_diags *d) TW_MUST_CHECK;
/* Everything `trunkwiz providers check` checks in a loaded profile: the
 * object options (tw_profile_check), then a sample trunk rendered with the
 * profile's defaults for each auth mode it offers and validated like any
 * trunk; a missing verified date or region is a warning. Returns 0 when no
 * error. */
int tw_profile_validate(const struct tw_profile *p, const struct tw_astver *ver,
                        struct tw_diags *d) TW_MUST_CHECK;
/* Does the profile match a filter word (the provider list's filter)? Yes
 * when the word (case ignored) starts a word of the id or display name,
 * equals one of its region codes, or names an auth mode it offers. NULL or
 * "" matches every profile. */
bool tw_profile_matches(const struct tw_profile *p, const char *word);
/* Does the profile offer this auth mode? */
bool tw_profile_offers_auth(const struct tw_profile *p, enum tw_auth_mode m);

/* A set of profiles loaded from several dirs. */
struct tw_profiles {
	struct tw_profile **v;
	size_t n;
};
/* Load every <id>.conf of each dir in order (later dirs override); broken
 * profiles are reported in d (as warnings, file:line) and skipped. Missing
 * dirs are skipped silently. */
void tw_profiles_load(struct tw_profiles *ps, const char *const *dirs, size_t ndirs,
                      struct tw_diags *d);
/* Only the profile id (<dir>/<id>.conf of each dir, later dirs override):
 * what a command about one trunk needs, without reading the catalog. */
void tw_profiles_load_id(struct tw_profiles *ps, const char *const *dirs, size_t ndirs,
                         const char *id, struct tw_diags *d);
const struct tw_profile *tw_profiles_find(const struct tw_profiles *ps, const char *id);
void tw_profiles_free(struct tw_profiles *ps);

#endif
