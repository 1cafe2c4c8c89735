/* install_priv.h - shared by the files that plan a trunk's installation and
 * removal (install.h), not installed: a trunk's paths, a file as it is now,
 * the helpers that add to a plan, and the include line edits.
 *
 *   install_files.c    paths, files as they are now, the plan, modes,
 *                      generated text, reading the live config
 *   install_include.c  include lines in pjsip.conf and extensions.conf
 *   install.c          transport, diagnostics of the whole config, apply,
 *                      remove
 */
#ifndef TRUNKWIZ_INSTALL_PRIV_H
#define TRUNKWIZ_INSTALL_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "trunkwiz/conf.h"
#include "trunkwiz/base.h"
#include "trunkwiz/install.h"
#include "trunkwiz/trunk.h"
#include "install/install.h"

/* ---- paths ---- */

struct paths {
	struct tw_dir d_conf, d_own, d_state; /* held open (fd -1: missing) */
	char *dir;        /* DIR/trunkwiz */
	char *pjsip;      /* DIR/pjsip.conf */
	char *ext;        /* DIR/extensions.conf */
	char *transport;  /* DIR/trunkwiz/transport.conf */
	char *tp, *te;    /* the trunk's files */
	char *rel_tp, *rel_te; /* as #include arguments */
	char *n_tp, *n_te, *n_state; /* their names in their directories */
	/* The files that get trunkwiz's include lines: pjsip.conf and
	 * extensions.conf, or on a PBX distribution that generates those
	 * (distro.c) the files it leaves to the admin, e.g. pjsip_custom.conf.
	 * n_*: the names in DIR; *_host: the paths. */
	char *n_pjh, *n_exh, *pjsip_host, *ext_host;
	struct tw_distro *distro; /* NULL: plain Asterisk */
};

#define REL_TRANSPORT TW_INSTALL_SUBDIR "/transport.conf"
#define N_TRANSPORT "transport.conf"

void tw_install_paths_init(struct paths *p, const char *confdir, const char *name);
/* Open DIR, DIR/trunkwiz and its state/ as they are (tw_dir_open_owned,
 * without creating them): -1 when one is not as it must be. */
int tw_install_paths_open(struct paths *p, const char *confdir, struct tw_diags *d) TW_MUST_CHECK;
/* path relative to DIR (as given, or with its symlinks resolved), for
 * messages; borrowed from path. */
const char *tw_install_rel(const struct tw_install_opts *o, const char *path);
void tw_install_paths_free(struct paths *p);
/* A distribution generates pjsip.conf or extensions.conf but includes no
 * file left to the admin: an error naming it, and -1. */
int tw_install_paths_distro_ok(const struct paths *p, struct tw_diags *d) TW_MUST_CHECK;

/* ---- files as they are now ---- */

struct cur {
	char *path;        /* where to write (symlink resolved) */
	enum tw_change_dir where;
	char *dir;         /* TW_CHANGE_LINKED: the target's directory */
	char *name;        /* its name in its directory */
	char *data;
	size_t len;
	bool exists;
	struct tw_file_attrs attrs;
};

/* Read name in the directory where of P (an admin's symlink in DIR is
 * followed only as tw_file_resolve allows; nothing else is followed). A
 * missing file is not an error (exists stays false). */
int tw_install_cur_read(const struct paths *P, enum tw_change_dir where, const char *name,
                  struct cur *c, struct tw_diags *d) TW_MUST_CHECK;
void tw_install_cur_free(struct cur *c, bool secret);

/* ---- the plan ---- */

void tw_install_plan_note(struct tw_plan *p, const char *fmt, ...) TW_PRINTF(2, 3);
/* Add a change from cur (taking its bytes) to new bytes (taken; NULL:
 * remove). Nothing is added when the bytes stay the same. */
void tw_install_plan_change(struct tw_plan *p, const struct tw_install_opts *o, struct cur *c,
                      char *new, size_t newlen, const struct tw_file_attrs *attrs,
                      bool secret);

/* ---- modes ---- */

bool tw_install_group_gid(const struct tw_install_opts *o, gid_t *gid);
/* Files holding a secret: 0640 with the Asterisk group when it exists,
 * else 0600; never world-readable. */
struct tw_file_attrs tw_install_secret_attrs(const struct tw_install_opts *o);
/* A generated file that holds no secret: ours (never a neighbour's
 * owner), 0640 with the Asterisk group when it exists, else 0644. */
struct tw_file_attrs tw_install_plain_attrs(const struct tw_install_opts *o);

/* ---- generated text ---- */

/* The comment at the top of a generated file of the trunk. */
char *tw_install_header(const char *what, const char *name, const char *provider);
unsigned tw_install_count_lines(const char *s);
/* The saved answers file of the trunk (password included). */
char *tw_install_state_text(const struct tw_trunk *t, size_t *len);

/* ---- reading the live config ---- */

/* Load root (pjsip.conf or extensions.conf) with its includes, the files
 * in ov[] read from memory. A missing root is an empty file. */
struct tw_conf *tw_install_load_live(const struct tw_install_opts *o, const char *root,
                               const struct cur *rootcur, const char *const *ovpath,
                               const char *const *ovdata, size_t nov, struct tw_diags *vd);
bool tw_install_conf_has_file(const struct tw_conf *c, const char *path);
/* Does option name of s (its own or inherited, any of its lines) have
 * value, compared with cmp (strcmp, strcasecmp)? */
bool tw_install_section_lists(const struct tw_conf_section *s, const char *name,
                              const char *value, int (*cmp)(const char *, const char *));
/* Free a live pjsip model, which holds the trunks' passwords: the bytes
 * of its files and its password values are wiped first. */
void tw_install_conf_free_wiped(struct tw_conf **c);

/* Asterisk names of the sections the trunk defines. */
struct names {
	char *v[8];
	size_t n;
};

void tw_install_names_add(struct names *nm, char *s);
void tw_install_names_free(struct names *nm);
/* Sections (or contexts) named like ours that a file other than `mine`
 * defines: conflicts, reported where the other definition is; their names
 * are added to clashed. */
void tw_install_conflicts(const struct tw_install_opts *o, const struct tw_conf *c,
                    const struct names *nm, const char *mine, const char *what,
                    const char *hint, struct names *clashed, struct tw_diags *d);

/* ---- include lines (install_include.c) ---- */

/* data with "#include arg ; trunkwiz: what" lines appended, one per
 * (args[i], whats[i]), each on a line of its own, in one copy. */
char *tw_install_add_includes(const char *data, size_t len, const char *const *args,
                        const char *const *whats, size_t n, size_t *newlen);
/* data without its "#include arg" lines; the newline apply had to add
 * before the last line goes again. *found counts the lines removed. */
char *tw_install_drop_include(const char *data, size_t len, const char *arg, size_t *newlen,
                        unsigned *found);

/* ---- NAT on the trunk's transport (install_nat.c) ---- */

/* The transport section the trunk uses: the one named name, else the
 * first for protocol proto; NULL when none. */
const struct tw_conf_section *tw_install_trunk_transport(const struct tw_conf *c, const char *proto,
                                                   const char *name);
/* data (the file holding transport s) with public_ip as its external
 * addresses and the nets it lacks as local_net lines, added after its last
 * line (a differing address written in s is replaced in place); every
 * other byte stays. NULL when s has them all. what gets the list of
 * changes for the admin. */
char *tw_install_nat_edit(const char *data, size_t len, const struct tw_conf_section *s,
                    const char *public_ip, char *const *nets, size_t nnets,
                    size_t *newlen, struct tw_buf *what);
/* A certificate or key file of a created TLS transport: a regular,
 * non-empty file (not a symlink). Missing answer: a warning. -1 on an
 * error (in d, at trunk.KEY). */
int tw_install_check_pem(const char *key, const char *path, struct tw_diags *d);

/* ---- the trunk's dialplan in the live config (install_dialplan.c) ---- */

/* DID routes to contexts ex does not define are errors (trunk.did_routes);
 * phones (endpoints with auth outside ourdir) whose context does not
 * include the trunk's outbound context get one note in plan. */
/* distro: the PBX distribution found, or NULL (its phones dial out
 * through its own routes, so the note says what to add where). */
void tw_install_dialplan_checks(const struct tw_distro *distro, struct tw_plan *plan,
                          const struct tw_conf *pj,
                          const struct tw_conf *ex, const struct tw_trunk *t,
                          const char *ourdir, struct tw_diags *d);

#endif
