/* trunk/trunk.h - what the rest of the core uses of src/core/trunk/ beyond
 * trunkwiz/trunk.h (the front ends do not call these). */
#ifndef TW_CORE_TRUNK_H
#define TW_CORE_TRUNK_H

#include "trunkwiz/trunk.h"
#include "trunk/dialplan.h"

/* Index of a key, or -1. */
int tw_trunk_key_index(const char *name);

/* The same from bytes already read (path names them in diagnostics). */
int tw_trunk_parse_answers(struct tw_trunk *t, const char *path, const char *data,
                           size_t len, struct tw_diags *d) TW_MUST_CHECK;

/* Write the answers in answers-file syntax (password included only when
 * with_secret; else as a comment). */
void tw_trunk_write_answers(const struct tw_trunk *t, bool with_secret,
                            struct tw_buf *out);

/* Set a value the profile supplied (only when the admin gave none). */
void tw_trunk_default(struct tw_trunk *t, const char *key, const char *value);

/* Is the value the admin's own (set, and not a profile's default)? */
bool tw_trunk_is_given(const struct tw_trunk *t, const char *key);

/* Replace a default (the profile's, or none) with value; the admin's
 * own value stays. */
void tw_trunk_replace_default(struct tw_trunk *t, const char *key, const char *value);
const char *tw_auth_mode_name(enum tw_auth_mode m);
int tw_auth_mode_parse(const char *s);
int tw_transport_parse(const char *s);

/* The same for a profile in memory (a download): name is its file name or
 * URL, whose last component gives the id, and locates diagnostics. */
struct tw_profile *tw_profile_load_mem(const char *name, const char *data, size_t len,
                                       struct tw_diags *d);

/* The profile's [defaults] value of a trunk key, or NULL. */
const char *tw_profile_default(const struct tw_profile *p, const char *key);

/* Does the profile offer this auth mode? */
bool tw_profile_offers_auth(const struct tw_profile *p, enum tw_auth_mode m);

/* The trunk's region (see above), or NULL when the profile has none. */
const char *tw_profile_trunk_region(const struct tw_profile *p, const struct tw_trunk *t);

/* Check the region answer against the profile (render calls it): an
 * unknown region is an error; a region that is not the given server's is
 * a warning. */
void tw_profile_check_region(const struct tw_profile *p, const struct tw_trunk *t,
                             struct tw_diags *d);

/* Re-point diagnostics about lines of a file holding a rendered part (the
 * pjsip part, or the extensions part when !pjsip_part) after `offset` lines
 * of header at the answer that produced each line (trunk.FIELD). */
void tw_render_map_back(struct tw_diags *d, const char *file, const struct tw_render *r,
                        bool pjsip_part, unsigned offset);

/* The transport trunkwiz creates when the config has none for protocol tr:
 * bound to 0.0.0.0 on port (0: the standard one), with local_net lines
 * for local_nets and external addresses when t gives public_ip (NAT); for
 * TLS, t's cert_file and priv_key_file. A malloc'd text of one section. */
char *tw_render_transport(enum tw_transport tr, const struct tw_trunk *t, unsigned port,
                          const char *const *local_nets, size_t nnets);

/* The dial preset and number format the answers give (defaults applied). */
const struct tw_dial_preset *tw_trunk_preset_of(const struct tw_trunk *t);
enum tw_number_format tw_trunk_format_of(const struct tw_trunk *t);

#endif
