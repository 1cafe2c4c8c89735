#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "trunkwiz/trunk.h"
#include "doctor/digest.h"

#include "trunkwiz/fetch.h"

#define TW_SHA256_LEN 32 /* bytes of a SHA-256 digest */

struct entry {
	char *name;
	char hex[65];
	struct tw_buf data;     /* the new profile */
	struct tw_buf old;      /* what dir holds now, when it exists */
	bool exists;
	mode_t mode;
	enum tw_update_change change;
	bool moved;             /* renamed into place */
};

static int (*do_rename)(const char *, const char *) = rename;

void tw_update_set_rename(int (*fn)(const char *from, const char *to))
{
	do_rename = fn ? fn : rename;
}

struct bundle {
	struct entry *v;
	size_t n;
};

static void bundle_free(struct bundle *b)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		free(b->v[i].name);
		tw_buf_free(&b->v[i].data);
		tw_buf_free(&b->v[i].old);
	}
	free(b->v);
	b->v = NULL;
	b->n = 0;
}

void tw_update_report_free(struct tw_update_report *rep)
{
	size_t i;

	for (i = 0; i < rep->n; i++)
		free(rep->v[i].name);
	free(rep->v);
	rep->v = NULL;
	rep->n = 0;
}

/* The index URL: url itself, or url + SHA256SUMS for a directory. */
static char *index_url(const char *url)
{
	size_t n = strlen(url);

	if (n && url[n - 1] == '/')
		return tw_xasprintf("%s%s", url, TW_UPDATE_INDEX);
	return tw_xstrdup(url);
}

/* name, next to the index (its query and fragment dropped). */
static char *sibling_url(const char *index, const char *name)
{
	size_t n = strcspn(index, "?#");
	const char *slash;
	char *base = tw_xstrndup(index, n), *out;

	slash = strrchr(base, '/');
	if (slash)
		base[slash - base + 1] = '\0';
	out = tw_xasprintf("%s%s", base, name);
	free(base);
	return out;
}

/* <id>.conf with the characters profile ids allow: never a path. */
static bool is_profile_name(const char *s, size_t n)
{
	size_t i;

	if (n <= 5 || strncmp(s + n - 5, ".conf", 5) != 0 || s[0] == '.')
		return false;
	for (i = 0; i < n - 5; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-' ||
		      s[i] == '_' || s[i] == '.'))
			return false;
	return true;
}

static bool is_hex_digit(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* One "HEX  NAME" (or "HEX *NAME") line. */
static const char *index_line(const char *s, size_t n, struct bundle *b)
{
	const char *name;
	size_t i, nlen;
	struct entry *e;

	if (n < 2 * TW_SHA256_LEN + 2)
		return "not '<sha256>  <id>.conf'";
	for (i = 0; i < 2 * TW_SHA256_LEN; i++)
		if (!is_hex_digit(s[i]))
			return "not '<sha256>  <id>.conf': the checksum is 64 hex digits";
	if (s[i] != ' ' || (s[i + 1] != ' ' && s[i + 1] != '*'))
		return "not '<sha256>  <id>.conf'";
	name = s + i + 2;
	nlen = n - (size_t)(name - s);
	while (nlen && (name[nlen - 1] == '\r' || name[nlen - 1] == ' '))
		nlen--;
	if (!is_profile_name(name, nlen))
		return "the file name is not <id>.conf (a-z, 0-9, '-', '_', '.')";
	for (i = 0; i < b->n; i++)
		if (strlen(b->v[i].name) == nlen && strncmp(b->v[i].name, name, nlen) == 0)
			return "the profile is listed twice";
	if (b->n == TW_UPDATE_MAX_PROFILES)
		return "too many profiles in one bundle";
	b->v = tw_xrealloc(b->v, (b->n + 1) * sizeof(*b->v));
	e = &b->v[b->n++];
	memset(e, 0, sizeof(*e));
	e->name = tw_xstrndup(name, nlen);
	for (i = 0; i < 2 * TW_SHA256_LEN; i++)
		e->hex[i] = (char)(s[i] >= 'A' && s[i] <= 'F' ? s[i] - 'A' + 'a' : s[i]);
	tw_buf_init(&e->data);
	tw_buf_init(&e->old);
	return NULL;
}

static int parse_index(const struct tw_buf *idx, const char *src, struct bundle *b,
                       struct tw_diags *d)
{
	size_t pos = 0;
	unsigned line = 0;
	int rc = 0;

	if (memchr(idx->data, '\0', idx->len)) {
		tw_diag_at(d, TW_ERROR, src, 0, "the URL must name a bundle's " TW_UPDATE_INDEX,
		           "malformed index: binary data");
		return -1;
	}
	while (pos < idx->len) {
		const char *s = idx->data + pos, *nl = memchr(s, '\n', idx->len - pos);
		size_t n = nl ? (size_t)(nl - s) : idx->len - pos;
		const char *why;

		pos += n + 1;
		line++;
		while (n && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		if (n == 0 || s[0] == '#')
			continue;
		why = index_line(s, n, b);
		if (why) {
			tw_diag_at(d, TW_ERROR, src, line, "an index line is what sha256sum prints: <sha256>  <id>.conf",
			           "malformed index: %s", why);
			rc = -1;
		}
	}
	if (rc == 0 && b->n == 0) {
		tw_diag_at(d, TW_ERROR, src, 0, "the URL must name a bundle's " TW_UPDATE_INDEX,
		           "malformed index: it lists no profiles");
		rc = -1;
	}
	return rc;
}

/* Download, checksum and validate one profile. */
static int fetch_entry(const char *index, struct entry *e, const struct tw_fetch_opts *o,
                       const struct tw_astver *ver, struct tw_diags *d)
{
	char *url = sibling_url(index, e->name), *shown = NULL;
	char hex[2 * TW_SHA256_LEN + 1];
	struct tw_profile *p;
	struct tw_diags pd;
	int rc = TW_UPDATE_EINVALID;

	if (tw_fetch(url, o, &e->data, NULL, d) != TW_FETCH_OK) {
		rc = TW_UPDATE_EIO;
		goto out;
	}
	shown = tw_fetch_url_display(url);
	if (tw_digest_hex(TW_DIGEST_SHA256, e->data.data, e->data.len, hex) < 0) {
		tw_diag_at(d, TW_ERROR, shown, 0, NULL, "cannot compute the file's SHA-256 (OpenSSL failed)");
		goto out;
	}
	if (strcmp(hex, e->hex) != 0) {
		tw_diag_at(d, TW_ERROR, shown, 0,
		           "the bundle changed while it was downloaded, or a download was cut short: try again",
		           "checksum mismatch: the file is not the one " TW_UPDATE_INDEX " lists");
		goto out;
	}
	tw_diags_init(&pd);
	p = tw_profile_load_mem(shown, e->data.data, e->data.len, &pd);
	if (p && tw_profile_validate(p, ver, &pd) == 0)
		rc = 0;
	if (!p)
		tw_diag_at(&pd, TW_ERROR, shown, 0, NULL, "profile does not load");
	tw_profile_free(&p);
	tw_diags_move(d, &pd);
out:
	free(shown);
	free(url);
	return rc;
}

static int mkdir_p(const char *dir, struct tw_diags *d)
{
	char *p = tw_xstrdup(dir), *s, c;
	int rc = 0;

	for (s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		c = *s;
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST) {
			tw_diag_at(d, TW_ERROR, p, 0, NULL, "cannot create the directory: %s", strerror(errno));
			rc = -1;
			break;
		}
		*s = c;
		if (!c)
			break;
	}
	free(p);
	return rc;
}

/* Read what dir holds under e->name now. */
static int read_existing(const char *dir, struct entry *e, struct tw_diags *d)
{
	char *path = tw_xasprintf("%s/%s", dir, e->name);
	char chunk[8192];
	struct stat st;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	int rc = 0;

	if (fd < 0) {
		if (errno != ENOENT) {
			tw_diag_at(d, TW_ERROR, path, 0, NULL, "cannot read: %s", strerror(errno));
			rc = -1;
		}
		free(path);
		return rc;
	}
	e->exists = true;
	e->mode = fstat(fd, &st) == 0 ? (st.st_mode & 07777) : 0644;
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		tw_buf_add(&e->old, chunk, (size_t)n);
	if (n < 0) {
		tw_diag_at(d, TW_ERROR, path, 0, NULL, "cannot read: %s", strerror(errno));
		rc = -1;
	}
	close(fd);
	free(path);
	return rc;
}

static int write_all(const char *path, const struct tw_buf *b, mode_t mode, struct tw_diags *d)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	size_t off = 0;

	if (fd < 0)
		goto fail;
	while (off < b->len) {
		ssize_t w = write(fd, b->data + off, b->len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			goto fail_fd;
		off += (size_t)w;
	}
	if (fchmod(fd, mode) < 0 || fsync(fd) < 0)
		goto fail_fd;
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	return 0;
fail_fd:
	close(fd);
fail:
	tw_diag_at(d, TW_ERROR, path, 0, NULL, "cannot write: %s", strerror(errno));
	return -1;
}

static void fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
}

/* Remove the staging dir and what is left in it. */
static void unstage(const char *stage, const struct bundle *b)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		char *p = tw_xasprintf("%s/%s", stage, b->v[i].name);
		char *o = tw_xasprintf("%s/%s.old", stage, b->v[i].name);

		unlink(p);
		unlink(o);
		free(p);
		free(o);
	}
	rmdir(stage);
}

/* Put the files moved so far back as they were. */
static void roll_back(const char *dir, const char *stage, struct bundle *b, struct tw_diags *d)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		struct entry *e = &b->v[i];
		char *path, *old;

		if (!e->moved)
			continue;
		path = tw_xasprintf("%s/%s", dir, e->name);
		old = tw_xasprintf("%s/%s.old", stage, e->name);
		if (e->exists ? rename(old, path) < 0 : unlink(path) < 0)
			tw_diag_at(d, TW_ERROR, path, 0, "restore it from the bundle or a backup",
			           "cannot restore the previous version: %s", strerror(errno));
		free(path);
		free(old);
	}
}

/* Stage every changed file (and the version it replaces) in a hidden dir
 * inside dir, then rename them into place. */
static int commit(const char *dir, struct bundle *b, struct tw_diags *d)
{
	char *stage = tw_xasprintf("%s/.trunkwiz-update.XXXXXX", dir);
	size_t i;
	int rc = 0;

	if (!mkdtemp(stage)) {
		tw_diag_at(d, TW_ERROR, dir, 0, "run as a user who may write there, or use -P DIR",
		           "cannot write in the directory: %s", strerror(errno));
		free(stage);
		return -1;
	}
	for (i = 0; i < b->n && rc == 0; i++) {
		struct entry *e = &b->v[i];
		char *path, *old;

		if (e->change == TW_UPDATE_SAME)
			continue;
		path = tw_xasprintf("%s/%s", stage, e->name);
		old = tw_xasprintf("%s/%s.old", stage, e->name);
		if (write_all(path, &e->data, e->exists ? e->mode : 0644, d) < 0 ||
		    (e->exists && write_all(old, &e->old, e->mode, d) < 0))
			rc = -1;
		free(path);
		free(old);
	}
	for (i = 0; i < b->n && rc == 0; i++) {
		struct entry *e = &b->v[i];
		char *from, *to;

		if (e->change == TW_UPDATE_SAME)
			continue;
		from = tw_xasprintf("%s/%s", stage, e->name);
		to = tw_xasprintf("%s/%s", dir, e->name);
		if (do_rename(from, to) < 0) {
			tw_diag_at(d, TW_ERROR, to, 0, NULL, "cannot replace: %s", strerror(errno));
			rc = -1;
		} else {
			e->moved = true;
		}
		free(from);
		free(to);
	}
	if (rc < 0)
		roll_back(dir, stage, b, d);
	unstage(stage, b);
	fsync_dir(dir);
	free(stage);
	return rc;
}

int tw_update_providers(const char *url, const char *dir, const struct tw_fetch_opts *o,
                        const struct tw_astver *ver, bool dry_run,
                        struct tw_update_report *rep, struct tw_diags *d)
{
	char *index = index_url(url), *where;
	struct bundle b = { NULL, 0 };
	struct tw_buf idx;
	size_t i, failed = 0;
	int rc = TW_UPDATE_EIO, r;

	rep->v = NULL;
	rep->n = 0;
	tw_buf_init(&idx);
	where = tw_fetch_url_display(index);
	if (!dir || !*dir) {
		tw_diag_at(d, TW_ERROR, where, 0, NULL, "no directory to install the profiles in");
		goto out;
	}
	if (tw_fetch(index, o, &idx, NULL, d) != TW_FETCH_OK)
		goto out;
	rc = TW_UPDATE_EINVALID;
	if (parse_index(&idx, where, &b, d) < 0)
		goto out;
	/* Everything is downloaded and checked before anything is written. */
	for (i = 0; i < b.n; i++) {
		r = fetch_entry(index, &b.v[i], o, ver, d);
		if (r < 0) {
			failed++;
			if (r == TW_UPDATE_EIO)
				rc = TW_UPDATE_EIO;
		}
	}
	if (failed) {
		tw_diag_at(d, TW_ERROR, where, 0, NULL,
		           "bundle not installed: %zu of %zu profiles failed; %s is unchanged", failed,
		           b.n, dir);
		goto out;
	}
	rc = TW_UPDATE_EIO;
	if (!dry_run && mkdir_p(dir, d) < 0)
		goto out;
	for (i = 0; i < b.n; i++) {
		struct entry *e = &b.v[i];

		if (read_existing(dir, e, d) < 0)
			goto out;
		e->change = !e->exists ? TW_UPDATE_ADDED
		            : e->old.len == e->data.len && memcmp(e->old.data, e->data.data, e->data.len) == 0
		                    ? TW_UPDATE_SAME
		                    : TW_UPDATE_CHANGED;
	}
	if (!dry_run && commit(dir, &b, d) < 0)
		goto out;
	rep->v = tw_xcalloc(b.n, sizeof(*rep->v));
	for (i = 0; i < b.n; i++) {
		rep->v[i].name = tw_xstrdup(b.v[i].name);
		rep->v[i].change = b.v[i].change;
	}
	rep->n = b.n;
	rc = 0;
out:
	bundle_free(&b);
	tw_buf_free(&idx);
	free(where);
	free(index);
	return rc;
}
