/* safefile.c - atomic replacement, backups and fault points (safefile.h). */
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
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/file.h"
#include "trunkwiz/install.h"

/* ---- fault points ---- */

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

/* ---- small helpers ---- */

static const char *base_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
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

static int fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	/* Some file systems cannot fsync a directory; the rename still holds. */
	if (rc < 0 && (errno == EINVAL || errno == EROFS))
		rc = 0;
	close(fd);
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

int tw_file_attrs_of(const char *path, struct tw_file_attrs *a)
{
	struct stat sb;

	if (stat(path, &sb) < 0)
		return -1;
	a->mode = sb.st_mode & 07777;
	a->uid = sb.st_uid;
	a->gid = sb.st_gid;
	a->set_owner = true;
	return 0;
}

/* ---- atomic replacement ---- */

int tw_atomic_write(const char *path, const char *data, size_t len,
                    const struct tw_file_attrs *a, struct tw_diags *d)
{
	char *dir = tw_dir_of(path);
	char *tmp = tw_xasprintf("%s/.%s.tw-XXXXXX", dir, base_of(path));
	struct stat sb;
	int fd, e = 0;
	const char *doing = "create a file in its directory";

	fd = mkstemp(tmp);
	if (fd < 0) {
		e = errno;
		tw_diag_at(d, TW_ERROR, path, 0, perm_hint(e),
		           "cannot write: %s (a new file in %s needs write permission on that directory)",
		           strerror(e), dir);
		free(tmp);
		free(dir);
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
	if (rename(tmp, path) < 0)
		goto fail;
	free(tmp);
	tmp = NULL;
	if (tw_fault_point("renamed") < 0 || fsync_dir(dir) < 0) {
		/* The new file is in place; only its durability is in doubt. */
		e = errno;
		tw_diag_at(d, TW_WARNING, path, 0, NULL, "written, but syncing %s failed: %s", dir,
		           strerror(e));
	}
	free(dir);
	return 0;
fail:
	e = errno;
	if (fd >= 0)
		close(fd);
	if (tmp)
		unlink(tmp);
	fail_diag(d, path, doing, e);
	free(tmp);
	free(dir);
	errno = e;
	return -1;
}

int tw_file_remove(const char *path, struct tw_diags *d)
{
	char *dir;
	int e;

	if (tw_fault_point("remove") < 0 || (unlink(path) < 0 && errno != ENOENT)) {
		e = errno;
		tw_diag_at(d, TW_ERROR, path, 0, perm_hint(e),
		           "cannot remove: %s (needs write permission on its directory)", strerror(e));
		return -1;
	}
	dir = tw_dir_of(path);
	(void)fsync_dir(dir);
	free(dir);
	return 0;
}

int tw_dir_ensure(const char *path, mode_t mode, gid_t gid, struct tw_diags *d)
{
	struct stat sb;
	int e;

	if (mkdir(path, mode) < 0 && errno != EEXIST) {
		e = errno;
		tw_diag_at(d, TW_ERROR, path, 0, perm_hint(e), "cannot create directory: %s",
		           strerror(e));
		return -1;
	}
	if (stat(path, &sb) < 0 || !S_ISDIR(sb.st_mode)) {
		tw_diag_at(d, TW_ERROR, path, 0, "move the file away", "exists but is not a directory");
		return -1;
	}
	if (gid != (gid_t)-1 && sb.st_gid != gid && chown(path, (uid_t)-1, gid) < 0) {
		e = errno;
		tw_diag_at(d, TW_ERROR, path, 0, perm_hint(e), "cannot set the group: %s", strerror(e));
		return -1;
	}
	if ((sb.st_mode & 07777) != mode && chmod(path, mode) < 0) {
		e = errno;
		tw_diag_at(d, TW_ERROR, path, 0, perm_hint(e), "cannot set the mode: %s", strerror(e));
		return -1;
	}
	return 0;
}

void tw_clean_temps(const char *dir)
{
	DIR *dh = opendir(dir);
	struct dirent *e;

	if (!dh)
		return;
	while ((e = readdir(dh))) {
		if (fnmatch(".*.tw-??????", e->d_name, 0) == 0) {
			char *p = tw_xasprintf("%s/%s", dir, e->d_name);

			(void)unlink(p);
			free(p);
		}
	}
	closedir(dh);
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

size_t tw_backups_of(const char *path, char ***out)
{
	char *dir = tw_dir_of(path);
	const char *base = base_of(path);
	DIR *dh = opendir(dir);
	struct dirent *e;
	struct bk *v = NULL;
	size_t n = 0, i;

	*out = NULL;
	if (!dh) {
		free(dir);
		return 0;
	}
	while ((e = readdir(dh))) {
		struct bk k;

		if (!backup_key(e->d_name, base, k.stamp, &k.n))
			continue;
		k.name = tw_xasprintf("%s/%s", dir, e->d_name);
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
	free(dir);
	return n;
}

static int copy_file(const char *from, const char *to, struct tw_diags *d)
{
	struct tw_file_attrs a;
	char *data;
	size_t len;
	int rc;

	if (tw_file_attrs_of(from, &a) < 0 || tw_file_read(from, &data, &len) < 0) {
		fail_diag(d, from, "read", errno);
		return -1;
	}
	rc = tw_atomic_write(to, data, len, &a, d);
	tw_wipe(data, len);
	free(data);
	return rc;
}

int tw_backup(const char *path, unsigned keep, char **backup, struct tw_diags *d)
{
	char stamp[32], *name = NULL, **old;
	struct tm tm;
	time_t now = time(NULL);
	struct stat sb;
	unsigned k;
	size_t n, i;

	*backup = NULL;
	if (keep == 0 || lstat(path, &sb) < 0)
		return 0;
	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	/* After the newest backup of the same second, so it sorts last. */
	k = 0;
	n = tw_backups_of(path, &old);
	for (i = 0; i < n; i++) {
		char st[16];
		unsigned long kn;

		if (backup_key(base_of(old[i]), base_of(path), st, &kn) && strcmp(st, stamp) == 0 &&
		    kn + 1 > k)
			k = (unsigned)kn + 1;
	}
	tw_strv_free(&old, n);
	for (; !name; k++) {
		name = k ? tw_xasprintf("%s.%s-%u.bak", path, stamp, k)
		         : tw_xasprintf("%s.%s.bak", path, stamp);
		if (lstat(name, &sb) == 0) {
			free(name);
			name = NULL;
		}
	}
	if (tw_fault_point("backup") < 0) {
		fail_diag(d, name, "write the backup", errno);
		free(name);
		return -1;
	}
	if (link(path, name) < 0 && copy_file(path, name, d) < 0) {
		free(name);
		return -1;
	}
	n = tw_backups_of(path, &old);
	for (i = 0; i + keep < n; i++)
		(void)unlink(old[i]);
	tw_strv_free(&old, n);
	*backup = name;
	return 0;
}
