/* trunkwiz/install.h - the install module's interface (src/core/install/). */
#ifndef TRUNKWIZ_INSTALL_H
#define TRUNKWIZ_INSTALL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "trunkwiz/base.h"
#include "trunkwiz/validate.h"
#include "trunkwiz/trunk.h"

/* safefile.h - replacing files so that a process killed at any instant
 * leaves the old file or the new one, never a partial or missing one:
 * a temp file in the same directory, fsync, rename, fsync of the directory.
 * Also timestamped backups, modes and owners, and the fault points the
 * tests use to fail or kill a write at each step. */

struct tw_file_attrs {
	mode_t mode;      /* permission bits */
	uid_t uid;
	gid_t gid;
	bool set_owner;   /* chown to uid:gid (when they differ from ours) */
};

/* Inputs larger than this are refused (/dev/zero, a runaway file). */
#define TW_FILE_MAX ((size_t)256 << 20)

/* A directory held open: what trunkwiz reads and writes in it is reached
 * relative to fd (openat, renameat, unlinkat, linkat), so a directory
 * renamed or replaced on the way cannot redirect a write. path is for
 * messages. fd -1: not open (the directory does not exist). */
struct tw_dir {
	int fd;
	char *path;
};
#define TW_DIR_INIT { -1, NULL }

/* install.h - putting a trunk into a live Asterisk config directory,
 * regenerating it (edit, switch provider) and removing it, without touching
 * anything else.
 *
 * Layout inside the config dir DIR (default /etc/asterisk):
 *   DIR/trunkwiz/NAME-pjsip.conf        the trunk's five PJSIP sections
 *   DIR/trunkwiz/NAME-extensions.conf   its inbound and outbound contexts
 *   DIR/trunkwiz/transport.conf         a transport, when trunkwiz made one
 *   DIR/trunkwiz/state/NAME.conf        the answers (password included), 0600
 * pjsip.conf and extensions.conf each get one line per file:
 *   #include trunkwiz/NAME-pjsip.conf ; trunkwiz: trunk NAME
 * and nothing else of them changes. Every change is planned first (the new
 * bytes of every file, validated as the whole config Asterisk would load),
 * can be shown as a diff, and is then committed file by file with atomic
 * replacement, backups, and a rollback when a step fails. */

#define TW_INSTALL_SUBDIR "trunkwiz"
#define TW_INSTALL_KEEP_BACKUPS 5

struct tw_install_opts {
	const char *confdir;         /* Asterisk config dir */
	unsigned keep_backups;       /* backups kept per file; 0: none */
	const char *group;           /* may read secrets when it exists ("asterisk") */
	struct tw_astver version;    /* target Asterisk */
	const char *const *local_nets; /* the machine's private networks, for a
	                                * created transport's local_net */
	size_t nlocal_nets;
};
void tw_install_opts_init(struct tw_install_opts *o);

/* The directory a change is in. */
enum tw_change_dir {
	TW_CHANGE_CONFDIR,   /* DIR itself (pjsip.conf, extensions.conf) */
	TW_CHANGE_OWNDIR,    /* DIR/trunkwiz */
	TW_CHANGE_STATEDIR,  /* DIR/trunkwiz/state */
	TW_CHANGE_LINKED,    /* the directory `dir` of a root-only symlink's target */
};

/* One file a change writes or removes. */
struct tw_change {
	char *path;          /* where it is written (symlinks resolved) */
	char *label;         /* path shown to the admin (relative to DIR) */
	enum tw_change_dir where;
	char *dir;           /* TW_CHANGE_LINKED: the target's directory */
	char *name;          /* its name in that directory */
	char *old;           /* current bytes; NULL when the file does not exist */
	size_t oldlen;
	char *new;           /* bytes to write; NULL: remove the file */
	size_t newlen;
	struct tw_file_attrs attrs;
	bool secret;         /* holds a password: wiped when freed */
	char *backup;        /* the backup commit made, or NULL */
	size_t dropped;      /* removal of a file with a password: backups removed */
	bool done;           /* commit wrote it (for rollback) */
};

struct tw_plan {
	char *trunk;             /* trunk name */
	struct tw_change *v;     /* in commit order */
	size_t n;
	char **notes;            /* what the admin should know */
	size_t nnotes;
	unsigned own_mode;       /* of DIR/trunkwiz when commit makes it */
	long dir_gid;            /* its group, or -1 */
};
void tw_plan_init(struct tw_plan *p);
void tw_plan_free(struct tw_plan *p);

/* The contexts a new trunk gets when its answers name none (contexts.c):
 * TW_DEFAULT_CONTEXT and TW_DEFAULT_OUTBOUND_CONTEXT (trunk.h) while the live
 * dialplan does not define them, else from-NAME and outbound-NAME. */
struct tw_ctx_taken {
	bool inbound, outbound;  /* the live dialplan defines the default name */
};

/* Plan installing (or regenerating) trunk t with profile p: render it,
 * read the live pjsip.conf and extensions.conf with their includes, check
 * for names already defined elsewhere, find or create a transport, and
 * validate the whole config the change would produce. Errors in d block the
 * change (returns -1). Diagnostics the admin's existing config already had
 * are summed up in one note, not repeated. t gets the profile's defaults. */
int tw_install_plan_apply(const struct tw_install_opts *o, struct tw_trunk *t,
                          const struct tw_profile *p, struct tw_plan *plan,
                          struct tw_diags *d) TW_MUST_CHECK;
/* Plan removing trunk NAME: its include lines, files and saved answers
 * (and the transport trunkwiz made, when no other trunk remains). */
int tw_install_plan_remove(const struct tw_install_opts *o, const char *name,
                           struct tw_plan *plan, struct tw_diags *d) TW_MUST_CHECK;
/* Check that every file of the plan can be written (permissions), naming
 * the file and what is needed. */
int tw_plan_preflight(const struct tw_plan *p, struct tw_diags *d) TW_MUST_CHECK;
/* Write the plan: directories (DIR/trunkwiz and its state/, checked as
 * tw_dir_open_owned does), then each file with a backup of what it
 * replaces; a removed file that held a password takes its backups along.
 * On a failure every file already changed is put back (from the plan's old
 * bytes) and -1 is returned. */
int tw_plan_commit(const struct tw_install_opts *o, struct tw_plan *p,
                   struct tw_diags *d) TW_MUST_CHECK;
/* The unified diff of every file the plan changes (secrets masked). */
void tw_plan_diff(const struct tw_plan *p, struct tw_buf *out);
/* After a commit, one line per file: "  created LABEL (mode 0640)", or
 * updated or removed, with the include line added or removed and the
 * backup kept. */
void tw_plan_report(const struct tw_plan *p, struct tw_buf *out);
/* After a commit: when Asterisk runs (asterisk_cmd, else $TRUNKWIZ_ASTERISK,
 * else asterisk), reload res_pjsip and the dialplan and wait a few seconds
 * for the trunk's registration. What was done goes to out, problems to d;
 * task (may be NULL) shows the step. Returns 0, -1 when the reload failed. */
int tw_install_reload(const char *asterisk_cmd, const char *trunk, bool has_registration,
                      struct tw_task *task, struct tw_buf *out, struct tw_diags *d) TW_MUST_CHECK;

/* Is name usable as a trunk name (tw_check_name: no '/', no leading '.')?
 * Else an error naming it. Every command that takes a name checks it. */
int tw_install_check_name(const char *name, struct tw_diags *d) TW_MUST_CHECK;
/* Load the saved answers of trunk NAME (read through the checked
 * directories; a password_file= there is refused). */
int tw_install_load(const struct tw_install_opts *o, const char *name,
                    struct tw_trunk *t, struct tw_diags *d) TW_MUST_CHECK;
/* Path of the saved answers of trunk NAME (malloc'd). */
char *tw_install_state_path(const struct tw_install_opts *o, const char *name);

/* A trunk managed in DIR. */
struct tw_installed {
	char *name;
	char *provider;          /* from the saved answers, or NULL */
	char *pjsip_file;        /* DIR/trunkwiz/NAME-pjsip.conf */
	char *ext_file;
	bool files;              /* both generated files exist */
	bool included;           /* pjsip.conf and extensions.conf include them */
};
/* The trunks whose answers are saved in DIR, by name. */
size_t tw_install_list(const struct tw_install_opts *o, struct tw_installed **out);
void tw_installed_free(struct tw_installed **v, size_t n);

/* Turn trunk t's saved answers into answers for provider newp: what belongs
 * to the old provider (server, identify, from_domain, transport...) goes,
 * so the new profile's defaults apply; codecs keep the admin's order but
 * drop what the new provider lacks; credentials (username, password,
 * auth_username) go and must be given again unless the new provider
 * authenticates by IP; the admin's own answers (name, contexts, inbound
 * destination, dial preset, caller ID) stay. Notes in d say what changed. */
void tw_install_switch_answers(struct tw_trunk *t, const struct tw_profile *newp,
                               struct tw_diags *d);

/* distro.c - a PBX distribution that generates pjsip.conf or extensions.conf
 * (FreePBX, IssabelPBX...), recognised from the files' own headers. */
struct tw_distro {
	char *name;                  /* as the header spells it, e.g. "FreePBX" */
	char *evidence;              /* "pjsip.conf:2": where it says so */
	char *pjsip_host;            /* the file left to the admin that the
	                              * generated pjsip.conf includes, e.g.
	                              * "pjsip_custom.conf"; NULL: none */
	char *ext_host;              /* likewise "extensions_custom.conf" */
	const char *inbound_context; /* where its inbound routes start (from-pstn) */
	const char *phones_context;  /* what its phones reach first
	                              * (from-internal-custom) */
	const char *reload;          /* its own reload command, or NULL */
};

#endif
