/* trunk.h - the trunk model: the admin's answers, with defaults from a
 * provider profile. Answers come as KEY=VALUE words or an answers file (the
 * same syntax in one [trunk] section). The key table is data (src/core/trunk.c)
 * and is what the CLI, the answers file and the wizard all go through. */
#ifndef TRUNKWIZ_TRUNK_H
#define TRUNKWIZ_TRUNK_H

#include <stdbool.h>
#include <stddef.h>

#include "trunkwiz/diag.h"
#include "trunkwiz/util.h"

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
/* Index of a key, or -1. */
int tw_trunk_key_index(const char *name);

struct tw_trunk *tw_trunk_new(void);
void tw_trunk_free(struct tw_trunk **t);   /* wipes the password */
struct tw_trunk *tw_trunk_dup(const struct tw_trunk *t);

/* Set one answer. Unknown keys are an error with a "did you mean" hint;
 * control characters and newlines are rejected (config injection). The
 * special keys password_file=PATH and password=- read the password from a
 * file or stdin. `origin` names where it came from in diagnostics (e.g.
 * "answers.conf:3" or NULL for the command line). */
int tw_trunk_set(struct tw_trunk *t, const char *key, const char *value,
                 const char *file, unsigned line, struct tw_diags *d) TW_MUST_CHECK;
/* (An empty VALUE clears the answer, so the profile's default applies.) */
/* Parse one "KEY=VALUE" word. */
int tw_trunk_set_word(struct tw_trunk *t, const char *word, struct tw_diags *d) TW_MUST_CHECK;
/* Read an answers file: one [trunk] section of key = value lines. */
int tw_trunk_load_answers(struct tw_trunk *t, const char *path,
                          struct tw_diags *d) TW_MUST_CHECK;
/* Fill the password from TRUNKWIZ_PASSWORD when it is still unset. */
void tw_trunk_password_from_env(struct tw_trunk *t);
/* Write the answers in answers-file syntax (password included only when
 * with_secret; else as a comment). */
void tw_trunk_write_answers(const struct tw_trunk *t, bool with_secret,
                            struct tw_buf *out);

/* The contexts render uses when the answers name none. */
#define TW_DEFAULT_CONTEXT "from-trunk"
#define TW_DEFAULT_OUTBOUND_CONTEXT "outbound"

/* Raw access. */
const char *tw_trunk_get(const struct tw_trunk *t, const char *key);
bool tw_trunk_is_set(const struct tw_trunk *t, const char *key);
/* Set a value the profile supplied (only when the admin gave none). */
void tw_trunk_default(struct tw_trunk *t, const char *key, const char *value);
/* Is the value the admin's own (set, and not a profile's default)? */
bool tw_trunk_is_given(const struct tw_trunk *t, const char *key);
/* Replace a default (the profile's, or none) with value; the admin's
 * own value stays. */
void tw_trunk_replace_default(struct tw_trunk *t, const char *key, const char *value);

/* Typed readers (defaults applied). */
enum tw_auth_mode tw_trunk_auth(const struct tw_trunk *t);
enum tw_transport tw_trunk_transport(const struct tw_trunk *t);
const char *tw_auth_mode_name(enum tw_auth_mode m);
const char *tw_transport_name(enum tw_transport tr);
int tw_auth_mode_parse(const char *s);
int tw_transport_parse(const char *s);

#endif
