/* keyring.c - the Ed25519 keys the admin trusts to sign provider bundles
 * (fetch.h): one PEM public key per file in a root-owned directory. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/file.h"
#include "doctor/digest.h"
#include "trunkwiz/fetch.h"
#include "trunkwiz/install.h"
#include "fetch/fetch.h"
#include "install/install.h"

#define KEY_FILE_MAX 16384
#define ED25519_RAW 32

const char *tw_keyring_dir(const char *dir)
{
	const char *env = getenv("TRUNKWIZ_KEYRING");

	if (dir && *dir)
		return dir;
	return env && *env ? env : TW_KEYRING_DIR;
}

void tw_keys_free(struct tw_key **v, size_t n)
{
	size_t i;

	if (!v || !*v)
		return;
	for (i = 0; i < n; i++) {
		free((*v)[i].fingerprint);
		free((*v)[i].path);
	}
	free(*v);
	*v = NULL;
}

/* The public key in PEM text, or NULL with *cause. Only Ed25519. */
static EVP_PKEY *key_from_pem(const char *pem, size_t len, char **cause)
{
	BIO *b = BIO_new_mem_buf(pem, (int)len);
	EVP_PKEY *k = b ? PEM_read_bio_PUBKEY(b, NULL, NULL, NULL) : NULL;

	BIO_free(b);
	if (!k) {
		tw_fail(cause, memmem(pem, len, "PRIVATE KEY", 11)
		        ? "this is a private key: trust the public half (openssl pkey -in KEY -pubout)"
		        : "not a PEM public key (-----BEGIN PUBLIC KEY-----)");
		return NULL;
	}
	if (EVP_PKEY_id(k) != EVP_PKEY_ED25519) {
		tw_fail(cause, "not an Ed25519 key: provider bundles are signed with Ed25519 only");
		EVP_PKEY_free(k);
		return NULL;
	}
	return k;
}

/* SHA-256 of the raw 32-byte public key, 64 hex digits. */
static int key_fingerprint(EVP_PKEY *k, char hex[65])
{
	unsigned char raw[ED25519_RAW];
	size_t n = sizeof(raw);

	if (EVP_PKEY_get_raw_public_key(k, raw, &n) != 1 || n != ED25519_RAW)
		return -1;
	return tw_digest_hex(TW_DIGEST_SHA256, raw, n, hex);
}

/* Is this a keyring file or directory only root (or whoever runs
 * trunkwiz) could have written: owned by us or root, not writable by group
 * or others? */
static bool owner_ok(const struct stat *st, char **cause)
{
	if (st->st_uid != 0 && st->st_uid != geteuid())
		return tw_fail(cause, "owned by another user");
	if (st->st_mode & 022)
		return tw_fail(cause, "writable by group or others");
	return true;
}

/* Read one key file of the keyring through dirfd, without following links. */
static EVP_PKEY *read_key_at(int dirfd, const char *name, const char *path, struct tw_diags *d)
{
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	char buf[KEY_FILE_MAX];
	char *why = NULL;
	struct stat st;
	EVP_PKEY *k = NULL;
	ssize_t n = 0;

	if (fd < 0 || fstat(fd, &st) < 0)
		tw_fail(&why, "%s", strerror(errno));
	else if (!S_ISREG(st.st_mode))
		tw_fail(&why, "not a regular file");
	else if (owner_ok(&st, &why) && (n = read(fd, buf, sizeof(buf))) < 0)
		tw_fail(&why, "%s", strerror(errno));
	if (!why)
		k = key_from_pem(buf, (size_t)n, &why);
	if (fd >= 0)
		close(fd);
	if (why)
		tw_diag_at(d, TW_WARNING, path, 0, "remove it, or make it root's and mode 0644",
		           "key ignored: %s", why);
	free(why);
	return k;
}

typedef int (*key_fn)(EVP_PKEY *k, const char *fpr, const char *path, void *ctx);

/* Call fn for every valid key of the keyring (a missing dir has none).
 * Stops when fn returns nonzero and returns that; -1 when the dir is unsafe. */
static int each_key(const char *dir, key_fn fn, void *ctx, struct tw_diags *d)
{
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC), rc = 0;
	char *why = NULL;
	struct dirent *e;
	struct stat st;
	DIR *dh;

	if (dfd < 0) {
		if (errno == ENOENT)
			return 0;
		tw_diag_at(d, TW_ERROR, dir, 0, "the keyring is a directory owned by root",
		           "cannot read the keyring: %s", strerror(errno));
		return -1;
	}
	if (fstat(dfd, &st) < 0)
		tw_fail(&why, "%s", strerror(errno));
	else
		owner_ok(&st, &why);
	if (why) {
		tw_diag_at(d, TW_ERROR, dir, 0, "chown root: and chmod 0755 the keyring directory",
		           "keyring not used: %s", why);
		free(why);
		close(dfd);
		return -1;
	}
	dh = fdopendir(dfd);
	if (!dh) {
		close(dfd);
		return -1;
	}
	while (rc == 0 && (e = readdir(dh))) {
		size_t len = strlen(e->d_name);
		char *path, fpr[65];
		EVP_PKEY *k;

		if (e->d_name[0] == '.' || len < 5 || strcmp(e->d_name + len - 4, ".pem") != 0)
			continue;
		path = tw_xasprintf("%s/%s", dir, e->d_name);
		k = read_key_at(dirfd(dh), e->d_name, path, d);
		if (k && key_fingerprint(k, fpr) == 0)
			rc = fn(k, fpr, path, ctx);
		EVP_PKEY_free(k);
		free(path);
	}
	closedir(dh);
	return rc;
}

struct list_ctx {
	struct tw_key *v;
	size_t n;
};

static int add_listed(EVP_PKEY *k, const char *fpr, const char *path, void *ctx)
{
	struct list_ctx *l = ctx;

	(void)k;
	l->v = tw_xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n].fingerprint = tw_xstrdup(fpr);
	l->v[l->n].path = tw_xstrdup(path);
	l->n++;
	return 0;
}

static int key_cmp(const void *a, const void *b)
{
	return strcmp(((const struct tw_key *)a)->path, ((const struct tw_key *)b)->path);
}

int tw_keyring_list(const char *dir, struct tw_key **keys, size_t *n, struct tw_diags *d)
{
	struct list_ctx l = { NULL, 0 };
	int rc = each_key(tw_keyring_dir(dir), add_listed, &l, d);

	if (l.n)
		qsort(l.v, l.n, sizeof(*l.v), key_cmp);
	*keys = l.v;
	*n = l.n;
	return rc < 0 ? -1 : 0;
}

/* Read the key file at path once: its key and fingerprint, or NULL with
 * an error at path. */
static EVP_PKEY *load_key_file(const char *path, char fpr[65], struct tw_diags *d)
{
	char *why = NULL, *data = NULL;
	EVP_PKEY *k = NULL;
	size_t len = 0;
	struct stat st;

	if (stat(path, &st) < 0)
		tw_fail(&why, "%s", strerror(errno));
	else if (!S_ISREG(st.st_mode) || st.st_size > KEY_FILE_MAX)
		tw_fail(&why, "not a key file (a regular file of at most 16 kB)");
	else if (tw_file_read(path, &data, &len) < 0)
		tw_fail(&why, "%s", strerror(errno));
	else if ((k = key_from_pem(data, len, &why)) && key_fingerprint(k, fpr) < 0)
		tw_fail(&why, "OpenSSL cannot read the key");
	free(data);
	if (why) {
		tw_diag_at(d, TW_ERROR, path, 0, NULL, "%s", why);
		free(why);
		EVP_PKEY_free(k);
		return NULL;
	}
	return k;
}

int tw_key_file_fingerprint(const char *path, char fpr[65], struct tw_diags *d)
{
	EVP_PKEY *k = load_key_file(path, fpr, d);

	EVP_PKEY_free(k);
	return k ? 0 : -1;
}

/* The key's PEM as OpenSSL writes it (canonical, nothing else in it). */
static char *pem_of(EVP_PKEY *k, size_t *len)
{
	char *out = NULL, *p;
	BIO *b = BIO_new(BIO_s_mem());
	long bl;

	if (b && PEM_write_bio_PUBKEY(b, k) == 1 && (bl = BIO_get_mem_data(b, &p)) > 0) {
		out = tw_xstrndup(p, (size_t)bl);
		*len = (size_t)bl;
	}
	BIO_free(b);
	return out;
}

/* The keyring dir itself: made (0755) when missing, then a real directory
 * nobody but root could change (no symlink). */
static int keyring_dir_ready(const char *dir, struct tw_diags *d)
{
	struct stat st;

	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		tw_diag_at(d, TW_ERROR, dir, 0, NULL, "cannot create: %s", strerror(errno));
		return -1;
	}
	if (lstat(dir, &st) < 0 || !S_ISDIR(st.st_mode) || !tw_stat_trusted(&st)) {
		tw_diag_at(d, TW_ERROR, dir, 0, "make it a directory owned by root, mode 0755",
		           "is not a directory only root can change: no key is stored there");
		return -1;
	}
	return 0;
}

int tw_keyring_trust(const char *dir, const char *keyfile, char fpr[65], bool *already,
                     struct tw_diags *d)
{
	struct tw_file_attrs a = { 0644, 0, 0, false };
	char *path, *pem, *parent, *p;
	struct stat st;
	size_t len = 0;
	bool failed = false;
	EVP_PKEY *k;
	int rc;

	dir = tw_keyring_dir(dir);
	*already = false;
	/* one read: the name and the stored PEM come from the same key */
	if (!(k = load_key_file(keyfile, fpr, d)))
		return -1;
	path = tw_xasprintf("%s/%s.pem", dir, fpr);
	if (lstat(path, &st) == 0) {
		*already = true;
		free(path);
		EVP_PKEY_free(k);
		return 0;
	}
	/* /etc/trunkwiz may not exist yet; existing parents keep their modes. */
	parent = tw_xstrdup(dir);
	for (p = parent + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (stat(parent, &st) < 0 && errno == ENOENT && mkdir(parent, 0755) < 0) {
			tw_diag_at(d, TW_ERROR, parent, 0, NULL, "cannot create: %s", strerror(errno));
			failed = true;
			break;
		}
		*p = '/';
	}
	free(parent);
	if (failed || keyring_dir_ready(dir, d) < 0) {
		free(path);
		EVP_PKEY_free(k);
		return -1;
	}
	pem = pem_of(k, &len);
	EVP_PKEY_free(k);
	rc = pem ? tw_atomic_write(path, pem, len, &a, d) : -1;
	free(pem);
	free(path);
	return rc;
}

struct find_ctx {
	const char *prefix;
	char *path;
	char *fpr;
	size_t hits;
};

static int find_prefix(EVP_PKEY *k, const char *fpr, const char *path, void *ctx)
{
	struct find_ctx *f = ctx;

	(void)k;
	if (strncmp(fpr, f->prefix, strlen(f->prefix)) != 0)
		return 0;
	if (f->hits++ == 0) {
		f->path = tw_xstrdup(path);
		f->fpr = tw_xstrdup(fpr);
	}
	return 0;
}

int tw_keyring_untrust(const char *dir, const char *prefix, char fpr[65], struct tw_diags *d)
{
	struct find_ctx f = { prefix, NULL, NULL, 0 };
	int rc = -1;

	dir = tw_keyring_dir(dir);
	if (strlen(prefix) < 8 || strspn(prefix, "0123456789abcdef") != strlen(prefix)) {
		tw_diag_at(d, TW_ERROR, NULL, 0, "'trunkwiz providers keys' lists the fingerprints",
		           "give at least 8 lower-case hex digits of the key's fingerprint");
		return -1;
	}
	if (each_key(dir, find_prefix, &f, d) < 0)
		goto out;
	if (f.hits == 0)
		tw_diag_at(d, TW_ERROR, dir, 0, "'trunkwiz providers keys' lists the fingerprints",
		           "no trusted key starts with %s", prefix);
	else if (f.hits > 1)
		tw_diag_at(d, TW_ERROR, dir, 0, "give more digits of the fingerprint",
		           "%zu trusted keys start with %s", f.hits, prefix);
	if (f.hits != 1)
		goto out;
	snprintf(fpr, 65, "%s", f.fpr);
	rc = tw_file_remove(f.path, d);
out:
	free(f.path);
	free(f.fpr);
	return rc;
}

struct verify_ctx {
	const void *data, *sig;
	size_t len, siglen;
	size_t nkeys;
	char *signer;
};

static int try_key(EVP_PKEY *k, const char *fpr, const char *path, void *ctx)
{
	struct verify_ctx *v = ctx;
	EVP_MD_CTX *mc;
	int ok;

	(void)path;
	v->nkeys++;
	if (v->siglen != 64)
		return 0;
	mc = EVP_MD_CTX_new();
	ok = mc && EVP_DigestVerifyInit(mc, NULL, NULL, NULL, k) == 1 &&
	     EVP_DigestVerify(mc, v->sig, v->siglen, v->data, v->len) == 1;
	EVP_MD_CTX_free(mc);
	if (!ok)
		return 0;
	v->signer = tw_xstrdup(fpr);
	return 1;
}

int tw_keyring_verify(const char *dir, const void *data, size_t len, const void *sig,
                      size_t siglen, const char *where, char **signer, struct tw_diags *d)
{
	struct verify_ctx v = { data, sig, len, siglen, 0, NULL };
	int rc;

	*signer = NULL;
	dir = tw_keyring_dir(dir);
	rc = each_key(dir, try_key, &v, d);
	if (rc < 0)
		return -1;
	if (v.nkeys == 0) {
		tw_diag_at(d, TW_ERROR, where, 0,
		           "get the publisher's Ed25519 public key by a way you trust, check its fingerprint, "
		           "then: trunkwiz providers trust KEYFILE",
		           "no trusted bundle key in %s: nothing is installed", dir);
		return -1;
	}
	if (rc == 0) {
		tw_diag_at(d, TW_ERROR, where, 0,
		           "the bundle was changed after it was signed, or signed by a key you have not trusted "
		           "('trunkwiz providers keys' lists yours)",
		           "bad signature: no trusted key in %s signed this index", dir);
		return -1;
	}
	*signer = v.signer;
	return 0;
}
