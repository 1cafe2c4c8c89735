/* update.c - install a signed provider profile bundle (fetch.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/base.h"
#include "doctor/digest.h"
#include "fetch/update_priv.h"
#include "trunkwiz/fetch.h"
#include "trunkwiz/install.h"
#include "trunkwiz/trunk.h"
#include "fetch/fetch.h"
#include "install/install.h"
#include "trunk/trunk.h"

#define TW_SHA256_LEN 32 /* bytes of a SHA-256 digest */

struct entry {
	char *name;
	char hex[65];
	struct tw_buf data;     /* the new profile (none when removed) */
	struct tw_buf old;      /* what dir holds now, when it exists */
	bool exists;
	mode_t mode;
	enum tw_update_change change;
	char **keys;            /* CHANGED: what differs */
	size_t nkeys;
	bool done;              /* written or removed by commit (for rollback) */
};

struct bundle {
	struct entry *v;
	size_t n;
};

struct tw_update {
	char *dir;
	struct bundle b;        /* the bundle's profiles, then the removed ones */
	struct tw_buf index;    /* the signed index: the next manifest */
};

static void bundle_free(struct bundle *b)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		free(b->v[i].name);
		tw_buf_free(&b->v[i].data);
		tw_buf_free(&b->v[i].old);
		tw_strv_free(&b->v[i].keys, b->v[i].nkeys);
	}
	free(b->v);
	b->v = NULL;
	b->n = 0;
}

void tw_update_free(struct tw_update **up)
{
	if (!up || !*up)
		return;
	bundle_free(&(*up)->b);
	tw_buf_free(&(*up)->index);
	free((*up)->dir);
	free(*up);
	*up = NULL;
}

void tw_update_report_free(struct tw_update_report *rep)
{
	size_t i;

	for (i = 0; i < rep->n; i++) {
		free(rep->v[i].name);
		tw_strv_free(&rep->v[i].keys, rep->v[i].nkeys);
	}
	free(rep->v);
	free(rep->signer);
	memset(rep, 0, sizeof(*rep));
}

bool tw_update_report_changes(const struct tw_update_report *rep)
{
	size_t i;

	for (i = 0; i < rep->n; i++)
		if (rep->v[i].change != TW_UPDATE_SAME)
			return true;
	return false;
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

/* One "HEX  NAME" (or "HEX *NAME") line, added to b. */
static bool index_line_ok(const char *s, size_t n, struct bundle *b, char **cause)
{
	const char *name;
	size_t i, nlen;
	struct entry *e;

	if (n < 2 * TW_SHA256_LEN + 2)
		return tw_fail(cause, "not '<sha256>  <id>.conf'");
	for (i = 0; i < 2 * TW_SHA256_LEN; i++)
		if (!is_hex_digit(s[i]))
			return tw_fail(cause, "not '<sha256>  <id>.conf': the checksum is 64 hex digits");
	if (s[i] != ' ' || (s[i + 1] != ' ' && s[i + 1] != '*'))
		return tw_fail(cause, "not '<sha256>  <id>.conf'");
	name = s + i + 2;
	nlen = n - (size_t)(name - s);
	while (nlen && (name[nlen - 1] == '\r' || name[nlen - 1] == ' '))
		nlen--;
	if (!is_profile_name(name, nlen))
		return tw_fail(cause, "the file name is not <id>.conf (a-z, 0-9, '-', '_', '.')");
	for (i = 0; i < b->n; i++)
		if (strlen(b->v[i].name) == nlen && strncmp(b->v[i].name, name, nlen) == 0)
			return tw_fail(cause, "the profile is listed twice");
	if (b->n == TW_UPDATE_MAX_PROFILES)
		return tw_fail(cause, "too many profiles in one bundle");
	b->v = tw_xrealloc(b->v, (b->n + 1) * sizeof(*b->v));
	e = &b->v[b->n++];
	memset(e, 0, sizeof(*e));
	e->name = tw_xstrndup(name, nlen);
	for (i = 0; i < 2 * TW_SHA256_LEN; i++)
		e->hex[i] = (char)(s[i] >= 'A' && s[i] <= 'F' ? s[i] - 'A' + 'a' : s[i]);
	tw_buf_init(&e->data);
	tw_buf_init(&e->old);
	return true;
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
		char *why = NULL;

		pos += n + 1;
		line++;
		while (n && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		if (n == 0 || s[0] == '#')
			continue;
		if (!index_line_ok(s, n, b, &why)) {
			tw_diag_at(d, TW_ERROR, src, line, "an index line is what sha256sum prints: <sha256>  <id>.conf",
			           "malformed index: %s", why);
			free(why);
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


/* ---- the signature ---- */

/* Fetch INDEX.sig and check it against the index bytes with the keyring. */
static int verify_index(const char *index, const struct tw_buf *idx, const struct tw_update_opts *o,
                        const char *where, char **signer, struct tw_diags *d)
{
	char *sig_url = tw_xasprintf("%.*s%s", (int)strcspn(index, "?#"), index, TW_UPDATE_SIG_SUFFIX);
	struct tw_diags fd;
	struct tw_buf sig;
	enum tw_fetch_status st;
	long http = 0;
	int rc = TW_UPDATE_EINVALID;

	tw_buf_init(&sig);
	tw_diags_init(&fd);
	st = tw_fetch(sig_url, o->fetch, &sig, &http, &fd);
	if (st == TW_FETCH_EFILE || (st == TW_FETCH_EHTTP && (http == 404 || http == 410))) {
		tw_diag_at(d, TW_ERROR, where, 0,
		           "ask the publisher for a signed bundle (" TW_UPDATE_INDEX TW_UPDATE_SIG_SUFFIX
		           " beside the index); trunkwiz installs no unsigned provider data",
		           "the bundle is not signed: nothing is installed");
	} else if (st != TW_FETCH_OK) {
		tw_diags_move(d, &fd);
		rc = TW_UPDATE_EIO;
	} else if (tw_keyring_verify(o->keyring, idx->data, idx->len, sig.data, sig.len, where,
	                             signer, d) == 0) {
		rc = 0;
	}
	tw_diags_clear(&fd);
	tw_buf_free(&sig);
	free(sig_url);
	return rc;
}

/* ---- comparing with what dir holds ---- */

static int read_manifest(const char *dir, struct bundle *m, struct tw_diags *d)
{
	struct entry e;
	struct tw_diags md;
	int rc;

	memset(&e, 0, sizeof(e));
	e.name = tw_xstrdup(TW_UPDATE_MANIFEST);
	tw_buf_init(&e.old);
	rc = read_existing(dir, &e, d);
	free(e.name);
	if (rc < 0 || !e.exists) {
		tw_buf_free(&e.old);
		return rc;
	}
	tw_diags_init(&md);
	rc = parse_index(&e.old, TW_UPDATE_MANIFEST, m, &md);
	if (rc < 0) {
		/* the lines read before the damage must not remove anything */
		bundle_free(m);
		tw_diag_at(d, TW_WARNING, dir, 0, NULL,
		           "%s is damaged: profiles of the last bundle are not removed", TW_UPDATE_MANIFEST);
	}
	tw_diags_clear(&md);
	tw_buf_free(&e.old);
	return 0;
}

static bool listed(const struct bundle *b, size_t upto, const char *name)
{
	size_t i;

	for (i = 0; i < upto; i++)
		if (strcmp(b->v[i].name, name) == 0)
			return true;
	return false;
}

/* Profiles the last bundle installed that this one drops: removed, when
 * nobody changed them since. */
static int find_removed(struct tw_update *u, struct tw_diags *d)
{
	struct bundle m = { NULL, 0 };
	size_t i, nb = u->b.n;
	int rc = read_manifest(u->dir, &m, d);

	for (i = 0; rc == 0 && i < m.n; i++) {
		struct entry *o = &m.v[i], *e;
		char hex[65];

		if (listed(&u->b, nb, o->name) || read_existing(u->dir, o, d) < 0 || !o->exists)
			continue;
		if (tw_digest_hex(TW_DIGEST_SHA256, o->old.data, o->old.len, hex) < 0 ||
		    strcmp(hex, o->hex) != 0) {
			tw_diag_at(d, TW_WARNING, o->name, 0, NULL,
			           "left alone: the bundle no longer has it, but it was changed since it was installed");
			continue;
		}
		u->b.v = tw_xrealloc(u->b.v, (u->b.n + 1) * sizeof(*u->b.v));
		e = &u->b.v[u->b.n++];
		*e = *o;
		e->change = TW_UPDATE_REMOVED;
		memset(o, 0, sizeof(*o)); /* moved */
		tw_buf_init(&e->data);
	}
	bundle_free(&m);
	return rc;
}

static int compare(struct tw_update *u, struct tw_diags *d)
{
	size_t i;

	for (i = 0; i < u->b.n; i++) {
		struct entry *e = &u->b.v[i];

		if (read_existing(u->dir, e, d) < 0)
			return -1;
		if (!e->exists) {
			e->change = TW_UPDATE_ADDED;
		} else if (e->old.len == e->data.len &&
		           memcmp(e->old.data, e->data.data, e->data.len) == 0) {
			e->change = TW_UPDATE_SAME;
		} else {
			e->change = TW_UPDATE_CHANGED;
			tw_update_changed_keys(e->name, &e->old, &e->data, &e->keys, &e->nkeys);
		}
	}
	return find_removed(u, d);
}

static void fill_report(const struct tw_update *u, struct tw_update_report *rep)
{
	size_t i, k;

	rep->v = tw_xcalloc(u->b.n, sizeof(*rep->v));
	for (i = 0; i < u->b.n; i++) {
		const struct entry *e = &u->b.v[i];

		rep->v[i].name = tw_xstrdup(e->name);
		rep->v[i].change = e->change;
		rep->v[i].nkeys = e->nkeys;
		rep->v[i].keys = e->nkeys ? tw_xcalloc(e->nkeys, sizeof(char *)) : NULL;
		for (k = 0; k < e->nkeys; k++)
			rep->v[i].keys[k] = tw_xstrdup(e->keys[k]);
	}
	rep->n = u->b.n;
}

int tw_update_prepare(const char *url, const char *dir, const struct tw_update_opts *o,
                      struct tw_update **out, struct tw_update_report *rep, struct tw_diags *d)
{
	char *index = index_url(url), *where = tw_fetch_url_display(index), *signer = NULL;
	struct tw_update *u = tw_xcalloc(1, sizeof(*u));
	size_t i, failed = 0;
	int rc = TW_UPDATE_EIO, r;

	memset(rep, 0, sizeof(*rep));
	*out = NULL;
	tw_buf_init(&u->index);
	if (!dir || !*dir) {
		tw_diag_at(d, TW_ERROR, where, 0, NULL, "no directory to install the profiles in");
		goto out;
	}
	u->dir = tw_xstrdup(dir);
	if (tw_fetch(index, o->fetch, &u->index, NULL, d) != TW_FETCH_OK)
		goto out;
	/* Nothing of the bundle is looked at before its signature verifies. */
	if ((rc = verify_index(index, &u->index, o, where, &signer, d)) != 0)
		goto out;
	rc = TW_UPDATE_EINVALID;
	if (parse_index(&u->index, where, &u->b, d) < 0)
		goto out;
	for (i = 0; i < u->b.n; i++) {
		r = fetch_entry(index, &u->b.v[i], o->fetch, o->ver, d);
		if (r < 0) {
			failed++;
			if (r == TW_UPDATE_EIO)
				rc = TW_UPDATE_EIO;
		}
	}
	if (failed) {
		tw_diag_at(d, TW_ERROR, where, 0, NULL,
		           "bundle not installed: %zu of %zu profiles failed; %s is unchanged", failed,
		           u->b.n, dir);
		goto out;
	}
	rc = TW_UPDATE_EIO;
	if (compare(u, d) < 0)
		goto out;
	fill_report(u, rep);
	rep->signer = signer;
	signer = NULL;
	*out = u;
	u = NULL;
	rc = 0;
out:
	tw_update_free(&u);
	free(signer);
	free(where);
	free(index);
	return rc;
}

/* ---- writing ---- */

static char *path_in(const struct tw_update *u, const char *name)
{
	return tw_xasprintf("%s/%s", u->dir, name);
}

/* Put the files written so far back as they were, last first. */
static void roll_back(struct tw_update *u, struct tw_diags *d)
{
	size_t i = u->b.n;

	while (i-- > 0) {
		struct entry *e = &u->b.v[i];
		struct tw_file_attrs a = { e->mode, 0, 0, false };
		char *path;
		int rc;

		if (!e->done)
			continue;
		path = path_in(u, e->name);
		rc = e->exists ? tw_atomic_write(path, e->old.data ? e->old.data : "", e->old.len, &a, d)
		               : tw_file_remove(path, d);
		if (rc < 0)
			tw_diag_at(d, TW_ERROR, path, 0, "restore it from the bundle or a backup",
			           "cannot restore the previous version");
		free(path);
	}
}

static int commit_one(struct tw_update *u, struct entry *e, struct tw_diags *d)
{
	struct tw_file_attrs a = { e->exists ? e->mode : 0644, 0, 0, false };
	char *path = path_in(u, e->name);
	int rc = e->change == TW_UPDATE_REMOVED ? tw_file_remove(path, d)
	                                         : tw_atomic_write(path, e->data.data, e->data.len, &a, d);

	free(path);
	return rc;
}

int tw_update_commit(struct tw_update *u, struct tw_diags *d)
{
	struct tw_file_attrs a = { 0644, 0, 0, false };
	char *manifest;
	size_t i;
	int rc = 0;

	if (mkdir_p(u->dir, d) < 0)
		return TW_UPDATE_EIO;
	tw_clean_temps(u->dir); /* what a killed update left */
	for (i = 0; i < u->b.n && rc == 0; i++) {
		struct entry *e = &u->b.v[i];

		if (e->change == TW_UPDATE_SAME)
			continue;
		rc = commit_one(u, e, d);
		e->done = rc == 0;
	}
	/* Last: the index of what is installed now. */
	manifest = path_in(u, TW_UPDATE_MANIFEST);
	if (rc == 0)
		rc = tw_atomic_write(manifest, u->index.data, u->index.len, &a, d);
	free(manifest);
	if (rc < 0) {
		roll_back(u, d);
		tw_diag_at(d, TW_ERROR, u->dir, 0, NULL, "update not installed: the directory is as it was");
		return TW_UPDATE_EIO;
	}
	return 0;
}

int tw_update_providers(const char *url, const char *dir, const struct tw_update_opts *o,
                        bool dry_run, struct tw_update_report *rep, struct tw_diags *d)
{
	struct tw_update *u = NULL;
	int rc = tw_update_prepare(url, dir, o, &u, rep, d);

	if (rc == 0 && !dry_run && (rc = tw_update_commit(u, d)) != 0)
		tw_update_report_free(rep);
	tw_update_free(&u);
	return rc;
}
