/* trunkwiz/trunk.h - the trunk module's interface (src/core/trunk/). */
#ifndef TRUNKWIZ_TRUNK_H
#define TRUNKWIZ_TRUNK_H

#include <stdbool.h>
#include <stddef.h>

#include "trunkwiz/base.h"
#include "trunkwiz/validate.h"

/* trunk.h - the trunk model: the admin's answers, with defaults from a
 * provider profile. Answers come as KEY=VALUE words or an answers file (the
 * same syntax in one [trunk] section). The key table is data (src/core/trunk.c)
 * and is what the CLI, the answers file and the wizard all go through. */

enum tw_auth_mode {
	TW_AUTH_REGISTER,  /* digest credentials + outbound registration */
	TW_AUTH_OUTBOUND,  /* digest credentials on outbound calls, no registration */
	TW_AUTH_IP,        /* IP-authenticated: no auth, no registration */
};

enum tw_transport {
	TW_TRANSPORT_UDP,
	TW_TRANSPORT_TCP,
	TW_TRANSPORT_TLS,
};

/* Every answer is kept as a string (NULL = not given); typed accessors
 * below read them. The set of keys is fixed: see tw_trunk_keys(). */
struct tw_trunk {
	char **values;   /* indexed like tw_trunk_keys(); owned */
	bool *from_profile; /* value came from the profile, not the admin */
};

struct tw_trunk_key {
	const char *name;
	const char *help;        /* one line, for --help and the wizard */
	bool secret;             /* never printed */
	bool provider_owned;     /* replaced when switching provider */
};

/* The key table and its size. */
const struct tw_trunk_key *tw_trunk_keys(size_t *n);

struct tw_trunk *tw_trunk_new(void);
void tw_trunk_free(struct tw_trunk **t);   /* wipes the password */
struct tw_trunk *tw_trunk_dup(const struct tw_trunk *t);

/* Set one answer. Unknown keys are an error with a "did you mean" hint;
 * control characters and newlines are rejected (config injection). The
 * special keys password_file=PATH and password=- read the password from a
 * file or stdin (the first line, at most 4096 bytes; the file must be a
 * regular file, and password_file only counts when file is NULL: the
 * command line). Once a password is held the process no longer dumps core. `origin` names where it came from in diagnostics (e.g.
 * "answers.conf:3" or NULL for the command line). */
int tw_trunk_set(struct tw_trunk *t, const char *key, const char *value,
                 const char *file, unsigned line, struct tw_diags *d) TW_MUST_CHECK;
/* Parse one "KEY=VALUE" word. An empty VALUE clears the answer, so the
 * profile's default applies. */
int tw_trunk_set_word(struct tw_trunk *t, const char *word, struct tw_diags *d) TW_MUST_CHECK;
/* Read an answers file: one [trunk] section of key = value lines. A
 * password_file= in a file is refused (only the command line names one). */
int tw_trunk_load_answers(struct tw_trunk *t, const char *path,
                          struct tw_diags *d) TW_MUST_CHECK;
/* Fill the password from TRUNKWIZ_PASSWORD when it is still unset. */
void tw_trunk_password_from_env(struct tw_trunk *t);

/* The contexts render uses when the answers name none. */
#define TW_DEFAULT_CONTEXT "from-trunk"
#define TW_DEFAULT_OUTBOUND_CONTEXT "outbound"

/* Raw access. */
const char *tw_trunk_get(const struct tw_trunk *t, const char *key);
bool tw_trunk_is_set(const struct tw_trunk *t, const char *key);

/* Typed readers (defaults applied). */
enum tw_auth_mode tw_trunk_auth(const struct tw_trunk *t);
enum tw_transport tw_trunk_transport(const struct tw_trunk *t);
const char *tw_transport_name(enum tw_transport tr);

/* profile.h - provider profiles: providers/<id>.conf, parsed by conf.
 * Format documented in providers/README. Looked up in the bundled dir, then
 * /etc/trunkwiz/providers.d, then -P dirs; a later dir overrides a profile
 * with the same id. */

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

/* The addresses a region's calls come from: [provider] region_identify =
 * REGION:LIST. */
struct tw_profile_region_ident {
	char *region;
	char *identify;  /* comma list, as the identify answer */
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
	struct tw_profile_region_ident *region_idents;
	size_t nregion_idents;
};

struct tw_profile *tw_profile_load(const char *path, struct tw_diags *d);
void tw_profile_free(struct tw_profile **p);
/* Apply the profile's defaults to a trunk (only where the admin gave nothing). */
void tw_profile_apply(const struct tw_profile *p, struct tw_trunk *t);
/* Checks of a loaded profile (profile_check.c). */
/* Everything `trunkwiz providers check` checks in a loaded profile: the
 * object options (of every section), then a sample trunk rendered with the
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

/* Regions (profile_region.c). A region is a label of the profile's server
 * and region_identify lines ("us", "eu", "atlanta"...): where the trunk's
 * calls go and come from. The trunk's region is the region of its server
 * when that is one of the profile's servers, else the region answer, else
 * the profile's first region; it picks the default server (the region's
 * first) and the identify default (the region's list, else [defaults]
 * identify). */
/* The profile's region labels, in file order, each once: a malloc'd
 * vector of pointers into p (free the vector only); *n is its length. */
const char **tw_profile_regions(const struct tw_profile *p, size_t *n);
bool tw_profile_has_region(const struct tw_profile *p, const char *region);
/* The region's identify list, or NULL when the profile gives none. */
const char *tw_profile_region_identify(const struct tw_profile *p, const char *region);
/* Warn when the profile's verified date is more than a year before today
 * (YYYY-MM-DD; NULL: the current date, or in a test build TRUNKWIZ_TODAY).
 * Returns true when it warned. */
bool tw_profile_check_age(const struct tw_profile *p, const char *today, struct tw_diags *d);

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

/* render.h - trunk -> pjsip sections and dialplan contexts. Deterministic:
 * the same answers give the same bytes. */

struct tw_render {
	char *pjsip;          /* pjsip.conf part */
	char *extensions;     /* extensions.conf part */
	/* For each line of each part (1-based; [0] unused), the trunk key that
	 * produced it, or NULL: maps diagnostics back to answers. */
	const char **pjsip_origin;
	size_t pjsip_lines;
	const char **ext_origin;
	size_t ext_lines;
};

/* Check the answers (required keys, value syntax) and render them. Returns
 * 0, or -1 with errors in d (located at trunk.FIELD). */
int tw_render(const struct tw_trunk *t, const struct tw_profile *p,
              const struct tw_astver *ver, struct tw_render *out,
              struct tw_diags *d) TW_MUST_CHECK;
/* Render and validate the output; diagnostics on rendered lines are mapped
 * back to the answer that caused them. Returns 0 when no error. */
int tw_render_validate(const struct tw_trunk *t, const struct tw_profile *p,
                       const struct tw_astver *ver, struct tw_render *out,
                       struct tw_diags *d) TW_MUST_CHECK;
void tw_render_free(struct tw_render *r);

#endif
