/* safefile.h - replacing files so that a process killed at any instant
 * leaves the old file or the new one, never a partial or missing one:
 * a temp file in the same directory, fsync, rename, fsync of the directory.
 * Also timestamped backups, modes and owners, and the fault points the
 * tests use to fail or kill a write at each step. */
#ifndef TRUNKWIZ_SAFEFILE_H
#define TRUNKWIZ_SAFEFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "trunkwiz/diag.h"
#include "trunkwiz/util.h"

struct tw_file_attrs {
	mode_t mode;      /* permission bits */
	uid_t uid;
	gid_t gid;
	bool set_owner;   /* chown to uid:gid (when they differ from ours) */
};

/* The mode and owner of an existing file: 0, or -1 with errno. */
int tw_file_attrs_of(const char *path, struct tw_file_attrs *a) TW_MUST_CHECK;

/* Read a whole file. Returns 0, or -1 with errno (*data untouched). */
int tw_file_read(const char *path, char **data, size_t *len) TW_MUST_CHECK;

/* Replace (or create) path with data: temp file ".NAME.tw-XXXXXX" in the
 * same directory (hidden, so no "*.conf" glob picks it up), mode and owner
 * from a, fsync, rename over path, fsync the directory. On failure nothing
 * changed: the temp file is removed and d says what failed, naming the
 * file and the permission needed. */
int tw_atomic_write(const char *path, const char *data, size_t len,
                    const struct tw_file_attrs *a, struct tw_diags *d) TW_MUST_CHECK;
/* Remove a file and fsync its directory. A missing file is not an error. */
int tw_file_remove(const char *path, struct tw_diags *d) TW_MUST_CHECK;
/* Create a directory (one level) with this mode and group (gid -1: keep),
 * or fix the mode of an existing one. */
int tw_dir_ensure(const char *path, mode_t mode, gid_t gid, struct tw_diags *d) TW_MUST_CHECK;
/* Remove temp files a killed write left in dir (".*.tw-??????"). */
void tw_clean_temps(const char *dir);

/* Keep a copy of path beside it as "path.YYYYmmdd-HHMMSS.bak" (with "-N"
 * before ".bak" when that name is taken), same mode and owner: a hard link
 * when possible (the file is about to be replaced by rename, so the link
 * keeps the old bytes), else a copy. Then remove the oldest backups of path
 * beyond keep (keep 0: no backup is made). *backup gets the new name
 * (malloc'd) or NULL. A missing path is not an error (nothing to keep). */
int tw_backup(const char *path, unsigned keep, char **backup,
              struct tw_diags *d) TW_MUST_CHECK;
/* Backups of path, oldest first (malloc'd names, free with tw_strv_free). */
size_t tw_backups_of(const char *path, char ***out);

/* Fault points, for the tests of crash safety. Every step of a write calls
 * tw_fault_point(what): with TRUNKWIZ_TEST_FAIL_AT=N in the environment the
 * N-th step fails (returns -1, errno EIO); with TRUNKWIZ_TEST_KILL_AT=N the
 * process kills itself with SIGKILL there; TRUNKWIZ_TEST_TRACE=FILE appends
 * "N what" per step; TRUNKWIZ_TEST_DELAY_US=U sleeps U microseconds at
 * each step (so a test can kill the process from outside mid-write).
 * Without them it returns 0 and costs nothing. */
int tw_fault_point(const char *what) TW_MUST_CHECK;

#endif
