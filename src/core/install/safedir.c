/* safedir.c - the directories trunkwiz reads and writes in, held open
 * (install.h): the config dir, the directories trunkwiz owns (never through
 * a symlink, and only when nobody else could have written in them), an
 * admin's symlink followed only when nobody but root could have made it,
 * and reading a file: regular files only, never endless. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/file.h"
#include "trunkwiz/install.h"
#include "install/install.h"

bool tw_stat_trusted(const struct stat *sb)
{
	return (sb->st_uid == 0 || sb->st_uid == geteuid()) && !(sb->st_mode & 022);
}

/* Who may own trunkwiz's files, in words. */
static const char *trusted_owner(void)
{
	return geteuid() == 0 ? "root" : "root or the user trunkwiz runs as";
}

int tw_dir_open(struct tw_dir *dir, const char *path, struct tw_diags *d)
{
	dir->path = tw_xstrdup(path);
	dir->fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir->fd < 0) {
		tw_diag_at(d, TW_ERROR, path, 0,
		           errno == ENOENT ? "give the Asterisk config dir with -C DIR" : NULL,
		           "cannot open the config directory: %s", strerror(errno));
		return -1;
	}
	return 0;
}

void tw_dir_close(struct tw_dir *dir)
{
	if (dir->fd >= 0)
		close(dir->fd);
	dir->fd = -1;
	free(dir->path);
	dir->path = NULL;
}

DIR *tw_dir_list(const struct tw_dir *dir)
{
	int fd = dir->fd < 0 ? -1 : openat(dir->fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *dh = fd < 0 ? NULL : fdopendir(fd);

	if (!dh && fd >= 0)
		close(fd);
	return dh;
}

/* An owned directory that is not as it must be: say what, and the fix. */
static int owned_refused(const char *path, const struct stat *sb, struct tw_diags *d)
{
	char *hint;

	if (S_ISLNK(sb->st_mode)) {
		hint = tw_xasprintf("remove the link (rm '%s'); trunkwiz makes the directory again", path);
		tw_diag_at(d, TW_ERROR, path, 0, hint,
		           "is a symbolic link: trunkwiz never follows a link to a directory of its own");
	} else if (!S_ISDIR(sb->st_mode)) {
		hint = tw_xstrdup("move the file away");
		tw_diag_at(d, TW_ERROR, path, 0, hint, "exists but is not a directory");
	} else {
		hint = tw_xasprintf("someone else could have put files in it: check what is there, "
		                    "then 'chown -R %s \"%s\"; chmod -R go-w \"%s\"'",
		                    geteuid() == 0 ? "root:" : "\"$(id -un)\"", path, path);
		tw_diag_at(d, TW_ERROR, path, 0, hint,
		           "refused: the directory is owned by uid %lu with mode %04o; trunkwiz "
		           "writes only in a directory owned by %s and not writable by group or others",
		           (unsigned long)sb->st_uid, (unsigned)(sb->st_mode & 07777), trusted_owner());
	}
	free(hint);
	return -1;
}

static int owned_fail(struct tw_dir *dir, int fd, const char *doing, struct tw_diags *d)
{
	int e = errno;

	tw_diag_at(d, TW_ERROR, dir->path, 0,
	           e == EACCES || e == EPERM ? "run trunkwiz as root (e.g. with sudo)" : NULL,
	           "cannot %s: %s", doing, strerror(e));
	if (fd >= 0)
		close(fd);
	tw_dir_close(dir);
	return -1;
}

int tw_dir_open_owned(struct tw_dir *dir, const struct tw_dir *parent, const char *name,
                      bool create, mode_t mode, gid_t gid, struct tw_diags *d)
{
	struct stat sb;
	int fd;

	dir->fd = -1;
	dir->path = tw_xasprintf("%s/%s", parent->path, name);
	if (parent->fd < 0)
		return create ? owned_fail(dir, -1, "create the directory", d) : 0;
	/* made 0700 and opened before anyone else may look in */
	if (create && mkdirat(parent->fd, name, 0700) < 0 && errno != EEXIST)
		return owned_fail(dir, -1, "create the directory", d);
	fd = openat(parent->fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT && !create)
			return 0;
		if (fstatat(parent->fd, name, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
		    (S_ISLNK(sb.st_mode) || !S_ISDIR(sb.st_mode))) {
			owned_refused(dir->path, &sb, d);
			tw_dir_close(dir);
			return -1;
		}
		return owned_fail(dir, -1, "open the directory", d);
	}
	if (fstat(fd, &sb) < 0)
		return owned_fail(dir, fd, "open the directory", d);
	if (!tw_stat_trusted(&sb)) {
		close(fd);
		owned_refused(dir->path, &sb, d);
		tw_dir_close(dir);
		return -1;
	}
	if (create && gid != (gid_t)-1 && sb.st_gid != gid && fchown(fd, (uid_t)-1, gid) < 0)
		return owned_fail(dir, fd, "set the group of the directory", d);
	if (create && (sb.st_mode & 07777) != mode && fchmod(fd, mode) < 0)
		return owned_fail(dir, fd, "set the mode of the directory", d);
	dir->fd = fd;
	return 0;
}

/* ---- an admin's symlink ---- */

static int link_refused(const struct tw_dir *dir, const char *name, const char *target,
                        const char *why, struct tw_diags *d)
{
	char *link = tw_xasprintf("%s/%s", dir->path, name);
	char *hint = tw_xasprintf("replace the link with the file itself (cp --remove-destination "
	                          "'%s' '%s'), or make the link, its directory and its target "
	                          "owned by %s and not writable by group or others",
	                          target ? target : "TARGET", link, trusted_owner());

	tw_diag_at(d, TW_ERROR, link, 0, hint,
	           "is a symbolic link%s%s that someone other than %s could have made (%s): "
	           "trunkwiz does not follow it", target ? " to " : "", target ? target : "",
	           trusted_owner(), why);
	free(hint);
	free(link);
	return -1;
}

static int open_target_dir(const struct tw_dir *dir, const char *name, const char *real,
                           struct tw_dir *where, char **name_out, struct tw_diags *d)
{
	const char *slash = strrchr(real, '/');
	char *tdir = tw_xstrndup(real, slash == real ? 1 : (size_t)(slash - real));
	struct stat sb;
	int fd = open(tdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &sb) < 0 || !tw_stat_trusted(&sb)) {
		char *why = tw_xasprintf("the target's directory %s is writable by others", tdir);

		if (fd >= 0)
			close(fd);
		link_refused(dir, name, real, why, d);
		free(why);
		free(tdir);
		return -1;
	}
	/* the target itself, as seen from its directory */
	if (fstatat(fd, slash + 1, &sb, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(sb.st_mode) ||
	    !tw_stat_trusted(&sb)) {
		close(fd);
		link_refused(dir, name, real, "the target is not a regular file owned by root and "
		                              "not writable by group or others", d);
		free(tdir);
		return -1;
	}
	where->fd = fd;
	where->path = tdir;
	*name_out = tw_xstrdup(slash + 1);
	return 0;
}

int tw_file_resolve(const struct tw_dir *dir, const char *name, struct tw_dir *where,
                    char **name_out, bool *linked, struct tw_diags *d)
{
	struct stat lsb, dsb;
	char *link, *real;
	int rc;

	where->fd = -1;
	where->path = NULL;
	*name_out = NULL;
	*linked = false;
	if (fstatat(dir->fd, name, &lsb, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISLNK(lsb.st_mode)) {
		where->fd = fcntl(dir->fd, F_DUPFD_CLOEXEC, 0);
		if (where->fd < 0) {
			tw_diag_at(d, TW_ERROR, dir->path, 0, NULL, "cannot open: %s", strerror(errno));
			return -1;
		}
		where->path = tw_xstrdup(dir->path);
		*name_out = tw_xstrdup(name);
		return 0;
	}
	if (lsb.st_uid != 0 && lsb.st_uid != geteuid())
		return link_refused(dir, name, NULL, "the link is not owned by root", d);
	if (fstat(dir->fd, &dsb) < 0 || !tw_stat_trusted(&dsb))
		return link_refused(dir, name, NULL, "its directory is writable by others", d);
	link = tw_xasprintf("%s/%s", dir->path, name);
	real = realpath(link, NULL);
	free(link);
	if (!real)
		return link_refused(dir, name, NULL, "its target does not exist", d);
	rc = open_target_dir(dir, name, real, where, name_out, d);
	free(real);
	*linked = rc == 0;
	return rc;
}

/* ---- reading ---- */

int tw_file_readat(const struct tw_dir *dir, const char *name, char **data, size_t *len,
                   struct tw_file_attrs *a)
{
	/* O_NONBLOCK: a FIFO put in the file's place cannot hang the open */
	int fd = openat(dir->fd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	struct stat sb;

	if (fd < 0)
		return -1;
	if (a && fstat(fd, &sb) == 0) {
		a->mode = sb.st_mode & 07777;
		a->uid = sb.st_uid;
		a->gid = sb.st_gid;
		a->set_owner = true;
	}
	return tw_file_read_fd(fd, TW_FILE_MAX, data, len);
}
