/* trunkwiz/install.h - the install module's interface (src/core/install/). */
#ifndef TRUNKWIZ_INSTALL_H
#define TRUNKWIZ_INSTALL_H

#include <dirent.h>
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

/* Could nobody but root (or the user trunkwiz runs as, when that is not
 * root) have changed it: owned by one of them, not group/other-writable? */
bool tw_stat_trusted(const struct stat *sb);

/* Open a directory the admin named (the config dir; symlinks followed). */
int tw_dir_open(struct tw_dir *dir, const char *path, struct tw_diags *d) TW_MUST_CHECK;
/* Open parent/name, a directory trunkwiz owns (DIR/trunkwiz, its state/):
 * never through a symlink, and refused (naming the fix) unless
 * tw_stat_trusted. create: make it when missing, then give it mode and
 * group gid (-1: keep) through the descriptor. Without create a missing
 * directory is not an error: dir->fd stays -1. */
int tw_dir_open_owned(struct tw_dir *dir, const struct tw_dir *parent, const char *name,
                      bool create, mode_t mode, gid_t gid, struct tw_diags *d) TW_MUST_CHECK;
void tw_dir_close(struct tw_dir *dir);
/* The entries of dir, read through its descriptor (closedir the stream);
 * NULL when dir is not open or cannot be read. */
DIR *tw_dir_list(const struct tw_dir *dir);

/* The file name in dir to read and replace: name itself, or, when it is a
 * symbolic link (the admin's pjsip.conf -> elsewhere), its target when
 * nobody but root could have made the link: the link, dir, the target (a
 * regular file) and the target's directory all tw_stat_trusted; else -1 and
 * an error naming the link. *where gets dir again (a descriptor of its
 * own) or the target's directory, *name_out the name there (malloc'd),
 * *linked whether it is a link's target. A missing name is no error. */
int tw_file_resolve(const struct tw_dir *dir, const char *name, struct tw_dir *where,
                    char **name_out, bool *linked, struct tw_diags *d) TW_MUST_CHECK;

/* Read name in dir whole (malloc'd): a regular file only (ENODEV
 * otherwise), never through a symlink (ELOOP), at most TW_FILE_MAX bytes
 * (EFBIG); a (may be NULL) gets its mode and owner. 0, or -1 with errno. */
int tw_file_readat(const struct tw_dir *dir, const char *name, char **data, size_t *len,
                   struct tw_file_attrs *a) TW_MUST_CHECK;

/* Replace (or create) name in dir with data: temp file ".NAME.tw-XXXXXX"
 * made with O_EXCL|O_NOFOLLOW in the same directory (hidden, so no
 * "*.conf" glob picks it up), mode and owner from a set on the descriptor,
 * fsync, rename over name, fsync of the directory. On failure nothing
 * changed: the temp file is removed and d says what failed, naming the file
 * and the permission needed. */
int tw_atomic_writeat(const struct tw_dir *dir, const char *name, const char *data,
                      size_t len, const struct tw_file_attrs *a,
                      struct tw_diags *d) TW_MUST_CHECK;
/* The same for a path, in the directory the path names. */
int tw_atomic_write(const char *path, const char *data, size_t len,
                    const struct tw_file_attrs *a, struct tw_diags *d) TW_MUST_CHECK;
/* Remove a file (a symlink itself, never its target) and fsync the
 * directory. A missing file is not an error. */
int tw_file_removeat(const struct tw_dir *dir, const char *name,
                     struct tw_diags *d) TW_MUST_CHECK;
int tw_file_remove(const char *path, struct tw_diags *d) TW_MUST_CHECK;
/* Remove temp files a killed write left in dir (".*.tw-??????"). */
void tw_clean_tempsat(const struct tw_dir *dir);
void tw_clean_temps(const char *dir);

/* Keep a copy of name beside it as "NAME.YYYYmmdd-HHMMSS.bak" (with "-N"
 * before ".bak" when that name is taken), same mode and owner: a hard link
 * when possible (the file is about to be replaced by rename, so the link
 * keeps the old bytes), else a copy. Then remove the oldest backups of name
 * beyond keep (keep 0: no backup is made). *backup gets the new path
 * (malloc'd) or NULL. A missing file is not an error (nothing to keep). */
int tw_backupat(const struct tw_dir *dir, const char *name, unsigned keep, char **backup,
                struct tw_diags *d) TW_MUST_CHECK;
int tw_backup(const char *path, unsigned keep, char **backup,
              struct tw_diags *d) TW_MUST_CHECK;
/* Backups of name in dir, oldest first (malloc'd paths dir/NAME..., free
 * with tw_strv_free). */
size_t tw_backups_at(const struct tw_dir *dir, const char *name, char ***out);
size_t tw_backups_of(const char *path, char ***out);

/* Fault points, for the tests of crash safety. Every step of a write calls
 * tw_fault_point(what). In a build with test hooks (TW_TEST_HOOKS: the
 * Check suites and tests/trunkwiz-test, never the installed program), with
 * TRUNKWIZ_TEST_FAIL_AT=N in the environment the N-th step fails (returns
 * -1, errno EIO); with TRUNKWIZ_TEST_KILL_AT=N the process kills itself
 * with SIGKILL there; TRUNKWIZ_TEST_TRACE=FILE appends
 * "N what" per step; TRUNKWIZ_TEST_DELAY_US=U sleeps U microseconds at
 * each step (so a test can kill the process from outside mid-write).
 * Without them, and always in a release build, it returns 0. */
int tw_fault_point(const char *what) TW_MUST_CHECK;

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
/* Which default names extensions.conf in o->confdir (and its includes)
 * already defines; an unreadable file defines none. */
void tw_install_contexts_taken(const struct tw_install_opts *o, struct tw_ctx_taken *out);
/* The contexts extensions.conf (with its includes) defines, but for those
 * of trunk except's own file (NULL: none): *out malloc'd (tw_strv_free). */
size_t tw_install_contexts_defined(const struct tw_install_opts *o, const char *except,
                                   char ***out);
/* The context (outbound: the outbound one) for a new trunk NAME (malloc'd). */
char *tw_install_default_context(const char *name, bool outbound, const struct tw_ctx_taken *taken);
/* Does t get the default context (outbound: the outbound one) because
 * neither the admin nor its profile named another? */
bool tw_install_context_is_default(const struct tw_trunk *t, bool outbound);
/* A new trunk (no saved answers yet) whose answers name no contexts gets
 * these, set as answers so they are saved and kept when it is regenerated.
 * Returns how many it set; *why (malloc'd, or NULL) tells the admin. */
/* On a distribution that routes DIDs itself (tw_distro_detect), a new
 * trunk naming no inbound destination gets the distribution's (FreePBX:
 * inbound_context=from-pstn, inbound_exten=${EXTEN}). Returns how many it
 * set; *why (malloc'd, or NULL) tells the admin. */
int tw_install_distro_defaults(const struct tw_install_opts *o, struct tw_trunk *t, char **why);
int tw_install_new_trunk_contexts(const struct tw_install_opts *o, struct tw_trunk *t, char **why);

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

/* Does the config text hold a line "#include ARG" (or #tryinclude; quotes
 * and a comment allowed)? */
bool tw_install_has_include(const char *data, size_t len, const char *arg);

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
/* The distribution that generated DIR's pjsip.conf or extensions.conf, or
 * NULL for a config the admin writes (plain Asterisk). */
struct tw_distro *tw_distro_detect(const char *confdir);
void tw_distro_free(struct tw_distro **d);

#endif
