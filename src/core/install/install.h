/* install/install.h - what the rest of the core uses of src/core/install/ beyond
 * trunkwiz/install.h (the front ends do not call these). */
#ifndef TW_CORE_INSTALL_H
#define TW_CORE_INSTALL_H

#include <dirent.h>

#include "trunkwiz/install.h"

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

/* On a distribution that routes DIDs itself (tw_distro_detect), a new
 * trunk naming no inbound destination gets the distribution's (FreePBX:
 * inbound_context=from-pstn, inbound_exten=${EXTEN}). Returns how many it
 * set; *why (malloc'd, or NULL) tells the admin. */
int tw_install_distro_defaults(const struct tw_install_opts *o, struct tw_trunk *t, char **why);

/* A new trunk (no saved answers yet) whose answers name no contexts gets
 * these, set as answers so they are saved and kept when it is regenerated.
 * Returns how many it set; *why (malloc'd, or NULL) tells the admin. */
int tw_install_new_trunk_contexts(const struct tw_install_opts *o, struct tw_trunk *t, char **why);

/* Does the config text hold a line "#include ARG" (or #tryinclude; quotes
 * and a comment allowed)? */
bool tw_install_has_include(const char *data, size_t len, const char *arg);

/* The distribution that generated DIR's pjsip.conf or extensions.conf, or
 * NULL for a config the admin writes (plain Asterisk). */
struct tw_distro *tw_distro_detect(const char *confdir);
void tw_distro_free(struct tw_distro **d);

#endif
