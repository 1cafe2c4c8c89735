/* safefile.c - atomic replacement, removal and backups in a directory held
 * open, their path forms, and the fault points (install.h). */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/file.h"
#include "trunkwiz/install.h"
#include "base/base.h"
#include "install/install.h"

/* ---- fault points ---- */

#ifdef TW_TEST_HOOKS
static unsigned long env_ulong(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? strtoul(v, NULL, 10) : 0;
}

int tw_fault_point(const char *what)
{
	static unsigned long step;
	static int init;
	static unsigned long fail_at, kill_at, delay_us;
	static const char *trace;

	if (!init) {
		fail_at = env_ulong("TRUNKWIZ_TEST_FAIL_AT");
		kill_at = env_ulong("TRUNKWIZ_TEST_KILL_AT");
		delay_us = env_ulong("TRUNKWIZ_TEST_DELAY_US");
		trace = getenv("TRUNKWIZ_TEST_TRACE");
		init = 1;
	}
	if (!fail_at && !kill_at && !trace && !delay_us)
		return 0;
	step++;
	if (delay_us)
		usleep((useconds_t)delay_us);
	if (trace && *trace) {
		FILE *f = fopen(trace, "a");

		if (f) {
			fprintf(f, "%lu %s\n", step, what);
			fclose(f);
		}
	}
	if (kill_at && step == kill_at)
		raise(SIGKILL);
	if (fail_at && step == fail_at) {
		errno = EIO;
		return -1;
	}
	return 0;
}
#else
/* A release build has no fault points: every step goes ahead. */
int tw_fault_point(const char *what)
{
	(void)what;
	return 0;
}
#endif

/* ---- small helpers ---- */

static const char *base_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static char *path_in(const struct tw_dir *dir, const char *name)
{
	return tw_xasprintf("%s/%s", dir->path, name);
}

/* What to tell an admin who lacks a permission. */
static const char *perm_hint(int err)
{
	if (err == EACCES || err == EPERM)
		return "run trunkwiz as root (e.g. with sudo), or as the owner of the Asterisk config directory";
	if (err == EROFS)
		return "the file system is read-only; remount it read-write or use -C DIR";
	if (err == ENOSPC || err == EDQUOT)
		return "free some space on that file system";
	return NULL;
}

static void fail_diag(struct tw_diags *d, const char *path, const char *doing, int err)
{
	tw_diag_at(d, TW_ERROR, path, 0, perm_hint(err), "cannot %s: %s", doing, strerror(err));
}

static int fsync_dirfd(int fd)
{
	int rc = fsync(fd);

	/* Some file systems cannot fsync a directory; the rename still holds. */
	if (rc < 0 && (errno == EINVAL || errno == EROFS))
		rc = 0;
	return rc;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The path wrappers: the directory a path names, opened (symlinks on the
 * way followed, as the caller gave them). */
static int open_parent(const char *path, struct tw_dir *dir, const char **name)
{
	dir->path = tw_dir_of(path);
	dir->fd = open(dir->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	*name = base_of(path);
	return dir->fd < 0 ? -1 : 0;
}

/* ---- atomic replacement ---- */

/* mkstemp in a directory held open: ".NAME.tw-XXXXXX", O_EXCL|O_NOFOLLOW. */
static int temp_at(const struct tw_dir *dir, const char *name, char **tmp)
{
	static const char chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	unsigned char rnd[6];
	int tries, fd = -1, i;

	for (tries = 0; tries < 100 && fd < 0; tries++) {
		char sfx[7];

		if (getrandom(rnd, sizeof(rnd), GRND_NONBLOCK) != (ssize_t)sizeof(rnd)) {
			unsigned long x = (unsigned long)getpid() * 2654435761UL ^
			                  (unsigned long)time(NULL) ^ (unsigned long)tries * 40503UL;

			for (i = 0; i < 6; i++, x >>= 5)
				rnd[i] = (unsigned char)(x + (unsigned long)clock());
		}
		for (i = 0; i < 6; i++)
			sfx[i] = chars[rnd[i] % (sizeof(chars) - 1)];
		sfx[6] = '\0';
		*tmp = tw_xasprintf(".%s.tw-%s", name, sfx);
		fd = openat(dir->fd, *tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0) {
			free(*tmp);
			*tmp = NULL;
			if (errno != EEXIST)
				return -1;
		}
	}
	if (fd < 0)
		errno = EEXIST;
	return fd;
}

int tw_atomic_writeat(const struct tw_dir *dir, const char *name, const char *data,
                      size_t len, const struct tw_file_attrs *a, struct tw_diags *d)
{
	char *tmp = NULL, *path = path_in(dir, name);
	struct stat sb;
	int fd, e = 0;
	const char *doing = "create a file in its directory";

	fd = temp_at(dir, name, &tmp);
	if (fd < 0) {
		e = errno;
		tw_diag_at(d, TW_ERROR, path, 0, perm_hint(e),
		           "cannot write: %s (a new file in %s needs write permission on that directory)",
		           strerror(e), dir->path);
		free(path);
		return -1;
	}
	if (tw_fault_point("temp file created") < 0)
		goto fail;
	doing = "write";
	/* Two halves, so a kill can land inside the data. */
	if (write_all(fd, data, len / 2) < 0 || tw_fault_point("temp file half written") < 0 ||
	    write_all(fd, data + len / 2, len - len / 2) < 0)
		goto fail;
	doing = "set the mode of";
	if (fchmod(fd, a->mode) < 0)
		goto fail;
	if (a->set_owner && fstat(fd, &sb) == 0 && (sb.st_uid != a->uid || sb.st_gid != a->gid)) {
		doing = "set the owner of";
		if (fchown(fd, a->uid, a->gid) < 0)
			goto fail;
	}
	doing = "write (fsync)";
	if (fsync(fd) < 0 || tw_fault_point("temp file synced") < 0)
		goto fail;
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	doing = "replace";
	if (renameat(dir->fd, tmp, dir->fd, name) < 0)
		goto fail;
	free(tmp);
	tmp = NULL;
	if (tw_fault_point("renamed") < 0 || fsync_dirfd(dir->fd) < 0) {
		/* The new file is in place; only its durability is in doubt. */
		e = errno;
		tw_diag_at(d, TW_WARNING, path, 0, NULL, "written, but syncing %s failed: %s",
		           dir->path, strerror(e));
	}
	free(path);
	return 0;
fail:
	e = errno;
	if (fd >= 0)
		close(fd);
	if (tmp)
		unlinkat(dir->fd, tmp, 0);
	fail_diag(d, path, doing, e);
	free(tmp);
	free(path);
	errno = e;
	return -1;
}

int tw_atomic_write(const char *path, const char *data, size_t len,
                    const struct tw_file_attrs *a, struct tw_diags *d)
{
	struct tw_dir dir;
	const char *name;
	int rc, e;

	if (open_parent(path, &dir, &name) < 0) {
		e = errno;
		tw_diag_at(d, TW_ERROR, path, 0, perm_hint(e),
		           "cannot write: %s (a new file in %s needs write permission on that directory)",
		           strerror(e), dir.path);
		tw_dir_close(&dir);
		errno = e;
		return -1;
	}
	rc = tw_atomic_writeat(&dir, name, data, len, a, d);
	e = errno;
	tw_dir_close(&dir);
	errno = e;
	return rc;
}

int tw_file_removeat(const struct tw_dir *dir, const char *name, struct tw_diags *d)
{
	int e;

	if (tw_fault_point("remove") < 0 || (unlinkat(dir->fd, name, 0) < 0 && errno != ENOENT)) {
		char *path = path_in(dir, name);

		e = errno;
		tw_diag_at(d, TW_ERROR, path, 0, perm_hint(e),
		           "cannot remove: %s (needs write permission on its directory)", strerror(e));
		free(path);
		return -1;
	}
	(void)fsync_dirfd(dir->fd);
	return 0;
}

int tw_file_remove(const char *path, struct tw_diags *d)
{
	struct tw_dir dir;
	const char *name;
	int rc;

	if (open_parent(path, &dir, &name) < 0) {
		if (errno == ENOENT) {
			tw_dir_close(&dir);
			return 0;
		}
		fail_diag(d, path, "remove", errno);
		tw_dir_close(&dir);
		return -1;
	}
	rc = tw_file_removeat(&dir, name, d);
	tw_dir_close(&dir);
	return rc;
}

void tw_clean_tempsat(const struct tw_dir *dir)
{
	DIR *dh = tw_dir_list(dir);
	struct dirent *e;

	if (!dh)
		return;
	while ((e = readdir(dh)))
		if (fnmatch(".*.tw-??????", e->d_name, 0) == 0)
			(void)unlinkat(dir->fd, e->d_name, 0);
	closedir(dh);
}

void tw_clean_temps(const char *path)
{
	struct tw_dir dir = { open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC), NULL };

	tw_clean_tempsat(&dir);
	if (dir.fd >= 0)
		close(dir.fd);
}

/* ---- backups ---- */

/* "NAME.YYYYmmdd-HHMMSS.bak" or "NAME.YYYYmmdd-HHMMSS-N.bak": the sort key
 * (stamp, N), or false when name is not a backup of base. */
static bool backup_key(const char *name, const char *base, char stamp[16], unsigned long *n)
{
	size_t bl = strlen(base);
	const char *p = name + bl + 1;
	char *end;

	if (strncmp(name, base, bl) != 0 || name[bl] != '.' || strlen(p) < 19)
		return false;
	if (fnmatch("[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9]*",
	            p, 0) != 0)
		return false;
	memcpy(stamp, p, 15);
	stamp[15] = '\0';
	p += 15;
	*n = 0;
	if (*p == '-') {
		*n = strtoul(p + 1, &end, 10);
		p = end;
	}
	return strcmp(p, ".bak") == 0;
}

struct bk {
	char *name;
	char stamp[16];
	unsigned long n;
};

static int bk_cmp(const void *a, const void *b)
{
	const struct bk *x = a, *y = b;
	int c = strcmp(x->stamp, y->stamp);

	if (c)
		return c;
	return x->n < y->n ? -1 : x->n > y->n;
}

/* Backup names of name in dir, oldest first (names within dir). */
static size_t backup_names(const struct tw_dir *dir, const char *name, char ***out)
{
	DIR *dh = tw_dir_list(dir);
	struct dirent *e;
	struct bk *v = NULL;
	size_t n = 0, i;

	*out = NULL;
	if (!dh) {
		*out = tw_xcalloc(1, sizeof(char *));
		return 0;
	}
	while ((e = readdir(dh))) {
		struct bk k;

		if (!backup_key(e->d_name, name, k.stamp, &k.n))
			continue;
		k.name = tw_xstrdup(e->d_name);
		v = tw_xrealloc(v, (n + 1) * sizeof(*v));
		v[n++] = k;
	}
	closedir(dh);
	if (n)
		qsort(v, n, sizeof(*v), bk_cmp);
	*out = tw_xcalloc(n ? n : 1, sizeof(char *));
	for (i = 0; i < n; i++)
		(*out)[i] = v[i].name;
	free(v);
	return n;
}

size_t tw_backups_at(const struct tw_dir *dir, const char *name, char ***out)
{
	size_t n = backup_names(dir, name, out), i;

	for (i = 0; i < n; i++) {
		char *p = path_in(dir, (*out)[i]);

		free((*out)[i]);
		(*out)[i] = p;
	}
	return n;
}

size_t tw_backups_of(const char *path, char ***out)
{
	struct tw_dir dir;
	const char *name;
	size_t n;

	(void)open_parent(path, &dir, &name);
	n = tw_backups_at(&dir, name, out);
	tw_dir_close(&dir);
	return n;
}

static int copy_file(const struct tw_dir *dir, const char *from, const char *to,
                     struct tw_diags *d)
{
	struct tw_file_attrs a;
	char *data;
	size_t len;
	int rc;

	if (tw_file_readat(dir, from, &data, &len, &a) < 0) {
		char *p = path_in(dir, from);

		fail_diag(d, p, "read", errno);
		free(p);
		return -1;
	}
	rc = tw_atomic_writeat(dir, to, data, len, &a, d);
	tw_wipe(data, len);
	free(data);
	return rc;
}

/* The first free backup name of this second, after the newest of it. */
static char *backup_name(const struct tw_dir *dir, const char *name)
{
	char stamp[32], *bak = NULL, **old;
	struct tm tm;
	time_t now = time(NULL);
	struct stat sb;
	unsigned k = 0;
	size_t n, i;

	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	n = backup_names(dir, name, &old);
	for (i = 0; i < n; i++) {
		char st[16];
		unsigned long kn;

		if (backup_key(old[i], name, st, &kn) && strcmp(st, stamp) == 0 && kn + 1 > k)
			k = (unsigned)kn + 1;
	}
	tw_strv_free(&old, n);
	for (; !bak; k++) {
		bak = k ? tw_xasprintf("%s.%s-%u.bak", name, stamp, k)
		        : tw_xasprintf("%s.%s.bak", name, stamp);
		if (fstatat(dir->fd, bak, &sb, AT_SYMLINK_NOFOLLOW) == 0) {
			free(bak);
			bak = NULL;
		}
	}
	return bak;
}

int tw_backupat(const struct tw_dir *dir, const char *name, unsigned keep, char **backup,
                struct tw_diags *d)
{
	char *bak, **old;
	struct stat sb;
	size_t n, i;

	*backup = NULL;
	if (keep == 0 || fstatat(dir->fd, name, &sb, AT_SYMLINK_NOFOLLOW) < 0)
		return 0;
	bak = backup_name(dir, name);
	if (tw_fault_point("backup") < 0) {
		char *p = path_in(dir, bak);

		fail_diag(d, p, "write the backup", errno);
		free(p);
		free(bak);
		return -1;
	}
	/* linkat without AT_SYMLINK_FOLLOW: a link is kept as the link */
	if (linkat(dir->fd, name, dir->fd, bak, 0) < 0 && copy_file(dir, name, bak, d) < 0) {
		free(bak);
		return -1;
	}
	n = backup_names(dir, name, &old);
	for (i = 0; i + keep < n; i++)
		(void)unlinkat(dir->fd, old[i], 0);
	tw_strv_free(&old, n);
	*backup = path_in(dir, bak);
	free(bak);
	return 0;
}

int tw_backup(const char *path, unsigned keep, char **backup, struct tw_diags *d)
{
	struct tw_dir dir;
	const char *name;
	int rc;

	*backup = NULL;
	if (open_parent(path, &dir, &name) < 0) {
		tw_dir_close(&dir);
		return 0;
	}
	rc = tw_backupat(&dir, name, keep, backup, d);
	tw_dir_close(&dir);
	return rc;
}
