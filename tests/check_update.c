/* update: installing a signed provider profile bundle (file:// URLs here;
 * the HTTP side is tests/cli_fetch.sh, the attacks tests/cli_trust.sh),
 * the keyring, and the SHA-256 behind the index. */
#include "config.h"

#include <errno.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "doctor/digest.h"
#include "trunkwiz/fetch.h"
#include "tw_test.h"
#include "fetch/fetch.h"

static const char *acme =
	"[provider]\nname = Acme\nregion = US\nauth = register\nverified = 2026-11-24\n"
	"server = us:sip.acme.example\n[defaults]\ncodecs = ulaw\nidentify = 192.0.2.10\n";
static const char *beta =
	"[provider]\nname = Beta\nregion = DE\nauth = ip\nverified = 2026-11-24\n"
	"server = de:sip.beta.example\n[defaults]\ncodecs = alaw\nidentify = 198.51.100.0/24\n";

struct env {
	char *tmp, *bundle, *dir, *url, *keyring;
	EVP_PKEY *key;                /* the publisher's */
	struct tw_fetch_opts o;
	struct tw_update_opts uo;
	struct tw_astver ver;
	struct tw_update_report rep;
	struct tw_diags d;
};

static char *get(const char *dir, const char *name)
{
	char *path = tw_xasprintf("%s/%s", dir, name);
	char *text = tw_test_slurp(path, NULL);

	free(path);
	return text;
}

static void put_bytes(const char *dir, const char *name, const void *p, size_t n)
{
	char *path = tw_xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(p, 1, n, f), n);
	ck_assert_int_eq(fclose(f), 0);
	free(path);
}

static EVP_PKEY *new_key(void)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, NULL);
	EVP_PKEY *k = NULL;

	ck_assert(c && EVP_PKEY_keygen_init(c) == 1 && EVP_PKEY_keygen(c, &k) == 1);
	EVP_PKEY_CTX_free(c);
	return k;
}

/* Write key's public half as a PEM file. */
static void put_pub(EVP_PKEY *k, const char *path)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(PEM_write_PUBKEY(f, k), 1);
	ck_assert_int_eq(fclose(f), 0);
}

/* SHA256SUMS.sig: key's signature of the bundle's SHA256SUMS as it is. */
static void sign_with(struct env *e, EVP_PKEY *k)
{
	char *text = get(e->bundle, "SHA256SUMS");
	unsigned char sig[64];
	size_t n = sizeof(sig);
	EVP_MD_CTX *mc = EVP_MD_CTX_new();

	ck_assert(EVP_DigestSignInit(mc, NULL, NULL, NULL, k) == 1);
	ck_assert(EVP_DigestSign(mc, sig, &n, (const unsigned char *)text, strlen(text)) == 1);
	EVP_MD_CTX_free(mc);
	put_bytes(e->bundle, "SHA256SUMS.sig", sig, n);
	free(text);
}

/* Write SHA256SUMS for the named files as they are in the bundle now, and
 * sign it with the publisher's key. */
static void index_of(struct env *e, const char *const *names, size_t n)
{
	struct tw_buf b;
	size_t i;

	tw_buf_init(&b);
	tw_buf_adds(&b, "# trunkwiz provider bundle\n");
	for (i = 0; i < n; i++) {
		char *text = get(e->bundle, names[i]);
		char hex[65];

		ck_assert_ptr_nonnull(text);
		ck_assert_int_eq(tw_digest_hex(TW_DIGEST_SHA256, text, strlen(text), hex), 0);
		tw_buf_printf(&b, "%s  %s\n", hex, names[i]);
		free(text);
	}
	tw_test_write(e->bundle, "SHA256SUMS", b.data);
	tw_buf_free(&b);
	sign_with(e, e->key);
}

static void env_init(struct env *e)
{
	static const char *const names[] = { "acme.conf", "beta.conf" };

	memset(e, 0, sizeof(*e));
	e->tmp = tw_test_tmpdir();
	e->bundle = tw_xasprintf("%s/bundle", e->tmp);
	e->dir = tw_xasprintf("%s/etc/trunkwiz/providers.d", e->tmp);
	e->url = tw_xasprintf("file://%s/SHA256SUMS", e->bundle);
	e->keyring = tw_xasprintf("%s/keys", e->tmp);
	ck_assert_int_eq(mkdir(e->bundle, 0755), 0);
	ck_assert_int_eq(mkdir(e->keyring, 0755), 0);
	e->key = new_key();
	{
		char *pub = tw_xasprintf("%s/publisher.pem", e->keyring);

		put_pub(e->key, pub);
		free(pub);
	}
	tw_test_write(e->bundle, "acme.conf", acme);
	tw_test_write(e->bundle, "beta.conf", beta);
	index_of(e, names, 2);
	tw_fetch_opts_init(&e->o);
	ck_assert_int_eq(tw_astver_parse("20", &e->ver), 0);
	e->uo.fetch = &e->o;
	e->uo.ver = &e->ver;
	e->uo.keyring = e->keyring;
	tw_diags_init(&e->d);
}

static void env_free(struct env *e)
{
	tw_update_report_free(&e->rep);
	tw_diags_clear(&e->d);
	tw_test_rmtree(e->tmp);
	free(e->tmp);
	free(e->bundle);
	free(e->dir);
	free(e->url);
	free(e->keyring);
	EVP_PKEY_free(e->key);
}

static int update(struct env *e, bool dry_run)
{
	int rc;

	tw_update_report_free(&e->rep);
	rc = tw_update_providers(e->url, e->dir, &e->uo, dry_run, &e->rep, &e->d);
	if (rc != 0)
		tw_diags_print(&e->d, stderr, false);
	return rc;
}

static bool diag_has(const struct tw_diags *d, const char *needle)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (strstr(d->v[i].msg, needle))
			return true;
	return false;
}

/* The names in dir (sorted, space separated), to compare states. */
static char *listing(const char *dir)
{
	char *cmd = tw_xasprintf("LC_ALL=C ls -A '%s' 2>/dev/null | tr '\\n' ' '", dir);
	FILE *p = popen(cmd, "r");
	char buf[4096];
	size_t n = fread(buf, 1, sizeof(buf) - 1, p);

	buf[n] = '\0';
	pclose(p);
	free(cmd);
	return tw_xstrdup(buf);
}

START_TEST(test_sha256_vectors)
{
	char hex[65];

	/* FIPS 180-4 examples, through OpenSSL as the update uses it. */
	ck_assert_int_eq(tw_digest_hex(TW_DIGEST_SHA256, "", 0, hex), 0);
	ck_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	ck_assert_int_eq(tw_digest_hex(TW_DIGEST_SHA256, "abc", 3, hex), 0);
	ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
END_TEST

START_TEST(test_install_and_again)
{
	struct env e;
	struct stat st;
	char *text;

	env_init(&e);
	ck_assert_int_eq(update(&e, false), 0);
	ck_assert_uint_eq(e.rep.n, 2);
	ck_assert_str_eq(e.rep.v[0].name, "acme.conf");
	ck_assert_int_eq(e.rep.v[0].change, TW_UPDATE_ADDED);
	text = get(e.dir, "beta.conf");
	ck_assert_str_eq(text, beta);
	free(text);
	ck_assert_int_eq(stat(e.dir, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0755);
	{
		char *path = tw_xasprintf("%s/acme.conf", e.dir);

		ck_assert_int_eq(stat(path, &st), 0);
		ck_assert_int_eq(st.st_mode & 0777, 0644);
		free(path);
	}
	/* No temp file left behind; the installed index is kept. */
	text = listing(e.dir);
	ck_assert_str_eq(text, ".trunkwiz-bundle acme.conf beta.conf ");
	free(text);
	/* Again: nothing changes. */
	ck_assert_int_eq(update(&e, false), 0);
	ck_assert_int_eq(e.rep.v[0].change, TW_UPDATE_SAME);
	ck_assert_int_eq(e.rep.v[1].change, TW_UPDATE_SAME);
	env_free(&e);
}
END_TEST

START_TEST(test_update_keeps_others_and_modes)
{
	static const char *const names[] = { "acme.conf", "beta.conf" };
	struct env e;
	struct stat st;
	char *text, *path;

	env_init(&e);
	ck_assert_int_eq(update(&e, false), 0);
	tw_test_write(e.dir, "mine.conf", "[provider]\nname = Mine\nauth = ip\n");
	path = tw_xasprintf("%s/acme.conf", e.dir);
	ck_assert_int_eq(chmod(path, 0600), 0);
	/* A newer acme in the bundle; the directory URL form. */
	tw_test_write(e.bundle, "acme.conf", "; new\n[provider]\nname = Acme 2\nregion = US\nauth = register\n"
	                           "verified = 2026-11-25\n[defaults]\ncodecs = ulaw\nidentify = 192.0.2.10\n");
	index_of(&e, names, 2);
	free(e.url);
	e.url = tw_xasprintf("file://%s/", e.bundle);
	ck_assert_int_eq(update(&e, false), 0);
	ck_assert_int_eq(e.rep.v[0].change, TW_UPDATE_CHANGED);
	ck_assert_int_eq(e.rep.v[1].change, TW_UPDATE_SAME);
	text = get(e.dir, "acme.conf");
	ck_assert_ptr_nonnull(strstr(text, "Acme 2"));
	free(text);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600); /* the admin's mode is kept */
	text = get(e.dir, "mine.conf");
	ck_assert_ptr_nonnull(text); /* not in the bundle: left alone */
	free(text);
	free(path);
	env_free(&e);
}
END_TEST

/* The failure cases all leave dir as it was: here, not even created. */
static void expect_failure(struct env *e, int want, const char *needle)
{
	struct stat st;

	ck_assert_int_eq(update(e, false), want);
	ck_assert_uint_eq(e->rep.n, 0);
	ck_assert_msg(diag_has(&e->d, needle), "no diagnostic with '%s'", needle);
	ck_assert_int_eq(stat(e->dir, &st), -1);
	tw_diags_clear(&e->d);
}

START_TEST(test_checksum_mismatch)
{
	struct env e;

	env_init(&e);
	tw_test_write(e.bundle, "beta.conf", "[provider]\nname = Beta (tampered)\nauth = ip\n");
	expect_failure(&e, TW_UPDATE_EINVALID, "checksum mismatch");
	env_free(&e);
}
END_TEST

START_TEST(test_invalid_profile)
{
	static const char *const names[] = { "acme.conf", "beta.conf" };
	struct env e;
	size_t i;
	bool located = false;

	env_init(&e);
	tw_test_write(e.bundle, "beta.conf", "[provider]\nname = Beta\nauth = ip\nservr = x\n");
	index_of(&e, names, 2);
	expect_failure(&e, TW_UPDATE_EINVALID, "profiles failed");
	ck_assert_int_eq(update(&e, false), TW_UPDATE_EINVALID);
	for (i = 0; i < e.d.n; i++)
		if (e.d.v[i].line == 4 && strstr(e.d.v[i].file, "/bundle/beta.conf"))
			located = true;
	ck_assert(located); /* at the profile's URL and line */
	env_free(&e);
}
END_TEST

START_TEST(test_missing_file)
{
	struct env e;

	env_init(&e);
	tw_test_write(e.bundle, "SHA256SUMS",
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  gone.conf\n");
	sign_with(&e, e.key);
	expect_failure(&e, TW_UPDATE_EIO, "cannot read the file");
	free(e.url);
	e.url = tw_xasprintf("file://%s/NOINDEX", e.bundle);
	expect_failure(&e, TW_UPDATE_EIO, "cannot read the file");
	env_free(&e);
}
END_TEST

START_TEST(test_bad_index)
{
	static const char name[] = "the file name is not <id>.conf (a-z, 0-9, '-', '_', '.')";
	static const char hex[] = "not '<sha256>  <id>.conf': the checksum is 64 hex digits";
	static const struct {
		const char *index, *msg;
	} bad[] = {
		{ "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  ../evil.conf\n", name },
		{ "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  /etc/passwd\n", name },
		{ "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  .hidden.conf\n", name },
		{ "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  notes.txt\n", name },
		{ "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85  acme.conf\n", hex },
		{ "zzb0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  acme.conf\n", hex },
		{ "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 acme.conf\n",
		  "not '<sha256>  <id>.conf'" },
		{ "e3b0c44298\n", "not '<sha256>  <id>.conf'" },
		{ "# nothing listed\n", "it lists no profiles" },
		{ "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  a.conf\n"
		  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 *a.conf\n",
		  "the profile is listed twice" },
	};
	struct env e;
	size_t i;

	env_init(&e);
	for (i = 0; i < TW_ARRAY_LEN(bad); i++) {
		char *msg = tw_xasprintf("malformed index: %s", bad[i].msg);

		tw_test_write(e.bundle, "SHA256SUMS", bad[i].index);
		sign_with(&e, e.key);
		ck_assert_int_eq(update(&e, false), TW_UPDATE_EINVALID);
		ck_assert_uint_eq(e.d.n, 1);
		ck_assert_str_eq(e.d.v[0].msg, msg);
		ck_assert_uint_eq(e.rep.n, 0);
		ck_assert_int_eq(access(e.dir, F_OK), -1);
		tw_diags_clear(&e.d);
		free(msg);
	}
	env_free(&e);
}
END_TEST

START_TEST(test_dry_run)
{
	struct env e;
	struct stat st;

	env_init(&e);
	ck_assert_int_eq(update(&e, true), 0);
	ck_assert_uint_eq(e.rep.n, 2);
	ck_assert_int_eq(e.rep.v[1].change, TW_UPDATE_ADDED);
	ck_assert_int_eq(stat(e.dir, &st), -1); /* nothing written */
	env_free(&e);
}
END_TEST

/* A write that fails half-way (a directory where beta.conf goes) puts
 * back what was already written. */
START_TEST(test_rollback)
{
	static const char *const names[] = { "acme.conf", "beta.conf" };
	struct tw_update *u = NULL;
	struct env e;
	char *before, *after, *a0, *a1, *in_the_way;

	env_init(&e);
	ck_assert_int_eq(update(&e, false), 0);
	a0 = get(e.dir, "acme.conf");
	tw_test_write(e.bundle, "acme.conf", "[provider]\nname = Acme 3\nregion = US\nauth = ip\nverified = 2026-11-26\n"
	                           "[defaults]\ncodecs = ulaw\nidentify = 192.0.2.10\n");
	tw_test_write(e.bundle, "beta.conf", "[provider]\nname = Beta 3\nregion = DE\nauth = ip\nverified = 2026-11-26\n"
	                           "[defaults]\ncodecs = alaw\nidentify = 192.0.2.20\n");
	index_of(&e, names, 2);
	tw_update_report_free(&e.rep);
	ck_assert_int_eq(tw_update_prepare(e.url, e.dir, &e.uo, &u, &e.rep, &e.d), 0);
	in_the_way = tw_xasprintf("%s/beta.conf", e.dir);
	ck_assert_int_eq(unlink(in_the_way), 0);
	ck_assert_int_eq(mkdir(in_the_way, 0755), 0);
	tw_test_write(in_the_way, "x", "x");
	before = listing(e.dir);
	ck_assert_int_eq(tw_update_commit(u, &e.d), TW_UPDATE_EIO);
	ck_assert(diag_has(&e.d, "directory is as it was"));
	/* acme.conf had been replaced: it is back. */
	a1 = get(e.dir, "acme.conf");
	ck_assert_str_eq(a1, a0);
	after = listing(e.dir);
	ck_assert_str_eq(after, before);
	tw_update_free(&u);
	tw_update_free(&u); /* NULL-safe */
	free(in_the_way);
	free(a0);
	free(a1);
	free(before);
	free(after);
	env_free(&e);
}
END_TEST

/* Unsigned, signed by another key, changed after signing, no key trusted,
 * an unsafe keyring: nothing is installed, dir is not even created. */
START_TEST(test_signature_required)
{
	struct env e;
	EVP_PKEY *other;
	char *sig, *keyfile, *text;

	env_init(&e);
	sig = tw_xasprintf("%s/SHA256SUMS.sig", e.bundle);
	ck_assert_int_eq(unlink(sig), 0);
	expect_failure(&e, TW_UPDATE_EINVALID, "not signed");
	other = new_key();
	sign_with(&e, other);
	expect_failure(&e, TW_UPDATE_EINVALID, "bad signature");
	sign_with(&e, e.key);
	text = get(e.bundle, "SHA256SUMS");
	tw_test_write(e.bundle, "SHA256SUMS", "# an extra line\n");
	{
		char *path = tw_xasprintf("%s/SHA256SUMS", e.bundle);
		FILE *f = fopen(path, "a");

		fputs(text, f);
		fclose(f);
		free(path);
	}
	expect_failure(&e, TW_UPDATE_EINVALID, "bad signature");
	put_bytes(e.bundle, "SHA256SUMS.sig", "short", 5);
	expect_failure(&e, TW_UPDATE_EINVALID, "bad signature");
	/* the right signature, but the key is not trusted any more */
	tw_test_write(e.bundle, "SHA256SUMS", text);
	sign_with(&e, e.key);
	keyfile = tw_xasprintf("%s/publisher.pem", e.keyring);
	ck_assert_int_eq(rename(keyfile, sig), 0);
	expect_failure(&e, TW_UPDATE_EINVALID, "no trusted bundle key");
	/* trusted again, but the keyring is writable by anyone */
	put_pub(e.key, keyfile);
	ck_assert_int_eq(chmod(e.keyring, 0777), 0);
	expect_failure(&e, TW_UPDATE_EINVALID, "keyring not used");
	ck_assert_int_eq(chmod(e.keyring, 0755), 0);
	ck_assert_int_eq(chmod(keyfile, 0666), 0);
	expect_failure(&e, TW_UPDATE_EINVALID, "no trusted bundle key");
	ck_assert_int_eq(chmod(keyfile, 0644), 0);
	sign_with(&e, e.key);
	ck_assert_int_eq(update(&e, false), 0);
	ck_assert_ptr_nonnull(e.rep.signer);
	ck_assert_uint_eq(strlen(e.rep.signer), 64);
	EVP_PKEY_free(other);
	free(text);
	free(sig);
	free(keyfile);
	env_free(&e);
}
END_TEST

/* A damaged manifest removes nothing, not even what its good lines list. */
START_TEST(test_damaged_manifest)
{
	static const char *const one[] = { "acme.conf" };
	struct env e;
	char *path, *text;
	struct stat st;

	env_init(&e);
	ck_assert_int_eq(update(&e, false), 0);
	text = get(e.dir, TW_UPDATE_MANIFEST);
	ck_assert_ptr_nonnull(text);
	ck_assert_ptr_nonnull(strstr(text, "beta.conf"));
	path = tw_xasprintf("%s%s", text, "not a manifest line\n");
	tw_test_write(e.dir, TW_UPDATE_MANIFEST, path);
	free(path);
	free(text);
	index_of(&e, one, 1);
	ck_assert_int_eq(update(&e, false), 0);
	ck_assert(diag_has(&e.d, "is damaged"));
	path = tw_xasprintf("%s/beta.conf", e.dir);
	ck_assert_int_eq(stat(path, &st), 0);
	free(path);
	env_free(&e);
}
END_TEST

/* What changes, key by key; a profile the bundle drops is removed unless
 * it was changed since; one the admin put there is left alone. */
START_TEST(test_changes_shown)
{
	static const char *const one[] = { "acme.conf" };
	struct env e;
	char *path;
	struct stat st;

	env_init(&e);
	ck_assert_int_eq(update(&e, false), 0);
	tw_test_write(e.dir, "mine.conf", beta);
	tw_test_write(e.bundle, "acme.conf", "; comment\n[provider]\nname = Acme\nregion = US\nauth = register\n"
	                           "verified = 2026-11-30\nserver = us:sip.acme.example\n[defaults]\n"
	                           "codecs = ulaw,alaw\nidentify = 192.0.2.11\n[endpoint]\nsend_pai = yes\n");
	index_of(&e, one, 1);
	ck_assert_int_eq(update(&e, true), 0);
	ck_assert_uint_eq(e.rep.n, 2);
	ck_assert_int_eq(e.rep.v[0].change, TW_UPDATE_CHANGED);
	ck_assert_uint_eq(e.rep.v[0].nkeys, 4);
	ck_assert_str_eq(e.rep.v[0].keys[0], "[provider] verified");
	ck_assert_str_eq(e.rep.v[0].keys[1], "[defaults] codecs");
	ck_assert_str_eq(e.rep.v[0].keys[2], "[defaults] identify");
	ck_assert_str_eq(e.rep.v[0].keys[3], "[endpoint] send_pai");
	ck_assert_str_eq(e.rep.v[1].name, "beta.conf");
	ck_assert_int_eq(e.rep.v[1].change, TW_UPDATE_REMOVED);
	ck_assert(tw_update_report_changes(&e.rep));
	ck_assert_int_eq(update(&e, false), 0);
	path = tw_xasprintf("%s/beta.conf", e.dir);
	ck_assert_int_eq(stat(path, &st), -1);
	free(path);
	path = tw_xasprintf("%s/mine.conf", e.dir);
	ck_assert_int_eq(stat(path, &st), 0); /* never from a bundle */
	free(path);
	env_free(&e);
}
END_TEST

START_TEST(test_keyring)
{
	struct tw_key *keys = NULL;
	struct env e;
	char fpr[65], fpr2[65], *pub, *rsa, *dir;
	bool already;
	size_t n;

	env_init(&e);
	dir = tw_xasprintf("%s/etc/trunkwiz/keys", e.tmp);
	pub = tw_xasprintf("%s/pub.pem", e.tmp);
	put_pub(e.key, pub);
	ck_assert_int_eq(tw_keyring_trust(dir, pub, fpr, &already, &e.d), 0);
	ck_assert(!already);
	ck_assert_int_eq(tw_key_file_fingerprint(pub, fpr2, &e.d), 0);
	ck_assert_str_eq(fpr, fpr2);
	ck_assert_int_eq(tw_keyring_trust(dir, pub, fpr, &already, &e.d), 0);
	ck_assert(already);
	ck_assert_int_eq(tw_keyring_list(dir, &keys, &n, &e.d), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(keys[0].fingerprint, fpr);
	tw_keys_free(&keys, n);
	tw_keys_free(&keys, n); /* NULL-safe */
	/* not Ed25519 */
	rsa = tw_xasprintf("%s/rsa.pem", e.tmp);
	{
		EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");

		put_pub(k, rsa);
		EVP_PKEY_free(k);
	}
	ck_assert_int_eq(tw_keyring_trust(dir, rsa, fpr2, &already, &e.d), -1);
	ck_assert(diag_has(&e.d, "not an Ed25519 key"));
	tw_diags_clear(&e.d);
	ck_assert_int_eq(tw_keyring_untrust(dir, "0123", fpr2, &e.d), -1);
	ck_assert_int_eq(tw_keyring_untrust(dir, "ffffffffff", fpr2, &e.d), -1);
	ck_assert(diag_has(&e.d, "no trusted key starts with"));
	fpr2[0] = '\0';
	{
		char prefix[9];

		memcpy(prefix, fpr, 8);
		prefix[8] = '\0';
		ck_assert_int_eq(tw_keyring_untrust(dir, prefix, fpr2, &e.d), 0);
	}
	ck_assert_str_eq(fpr2, fpr);
	ck_assert_int_eq(tw_keyring_list(dir, &keys, &n, &e.d), 0);
	ck_assert_uint_eq(n, 0);
	free(pub);
	free(rsa);
	free(dir);
	env_free(&e);
}
END_TEST

/* The message of the one diagnostic about path (NULL when there is none). */
static const char *diag_about(const struct tw_diags *d, const char *path)
{
	const char *msg = NULL;
	size_t i;

	for (i = 0; i < d->n; i++) {
		if (!d->v[i].file || strcmp(d->v[i].file, path) != 0)
			continue;
		ck_assert_ptr_null(msg);
		msg = d->v[i].msg;
	}
	return msg;
}

/* Each key file the keyring cannot use is named with the reason, and the
 * good key is still used. */
START_TEST(test_keyring_ignored)
{
	static const struct {
		const char *name, *msg;
	} bad[] = {
		{ "group.pem", "key ignored: writable by group or others" },
		{ "text.pem", "key ignored: not a PEM public key (-----BEGIN PUBLIC KEY-----)" },
		{ "private.pem", "key ignored: this is a private key: trust the public half "
		                 "(openssl pkey -in KEY -pubout)" },
		{ "ec.pem", "key ignored: not an Ed25519 key: provider bundles are signed with "
		            "Ed25519 only" },
		{ "dir.pem", "key ignored: not a regular file" },
		{ "link.pem", NULL },     /* strerror(ELOOP) */
	};
	struct tw_key *keys = NULL;
	struct env e;
	char *path, *loop, fpr[65];
	size_t i, n;
	FILE *f;

	env_init(&e);
	path = tw_xasprintf("%s/group.pem", e.keyring);
	put_pub(e.key, path);
	ck_assert_int_eq(chmod(path, 0664), 0);
	free(path);
	tw_test_write(e.keyring, "text.pem", "hello\n");
	path = tw_xasprintf("%s/private.pem", e.keyring);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(PEM_write_PrivateKey(f, e.key, NULL, NULL, 0, NULL, NULL), 1);
	ck_assert_int_eq(fclose(f), 0);
	free(path);
	path = tw_xasprintf("%s/ec.pem", e.keyring);
	{
		EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");

		put_pub(k, path);
		EVP_PKEY_free(k);
	}
	free(path);
	path = tw_xasprintf("%s/dir.pem", e.keyring);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	free(path);
	path = tw_xasprintf("%s/link.pem", e.keyring);
	ck_assert_int_eq(symlink("publisher.pem", path), 0);
	free(path);
	loop = tw_xasprintf("key ignored: %s", strerror(ELOOP));

	ck_assert_int_eq(tw_keyring_list(e.keyring, &keys, &n, &e.d), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(e.d.n, TW_ARRAY_LEN(bad));
	for (i = 0; i < TW_ARRAY_LEN(bad); i++) {
		path = tw_xasprintf("%s/%s", e.keyring, bad[i].name);
		ck_assert_str_eq(diag_about(&e.d, path), bad[i].msg ? bad[i].msg : loop);
		free(path);
	}
	tw_keys_free(&keys, n);
	tw_diags_clear(&e.d);

	/* A file offered for trust says what is wrong with it, and only that. */
	path = tw_xasprintf("%s/text.pem", e.keyring);
	ck_assert_int_eq(tw_key_file_fingerprint(path, fpr, &e.d), -1);
	ck_assert_str_eq(diag_about(&e.d, path), "not a PEM public key (-----BEGIN PUBLIC KEY-----)");
	free(path);
	path = tw_xasprintf("%s/dir.pem", e.keyring);
	ck_assert_int_eq(tw_key_file_fingerprint(path, fpr, &e.d), -1);
	ck_assert_str_eq(diag_about(&e.d, path), "not a key file (a regular file of at most 16 kB)");
	free(path);
	path = tw_xasprintf("%s/missing.pem", e.keyring);
	ck_assert_int_eq(tw_key_file_fingerprint(path, fpr, &e.d), -1);
	ck_assert_str_eq(diag_about(&e.d, path), strerror(ENOENT));
	free(path);
	ck_assert_uint_eq(e.d.n, 3);

	/* A keyring others could write is not used at all. */
	tw_diags_clear(&e.d);
	ck_assert_int_eq(chmod(e.keyring, 0775), 0);
	ck_assert_int_eq(tw_keyring_list(e.keyring, &keys, &n, &e.d), -1);
	ck_assert_uint_eq(n, 0);
	ck_assert_str_eq(diag_about(&e.d, e.keyring), "keyring not used: writable by group or others");
	ck_assert_int_eq(chmod(e.keyring, 0755), 0);
	free(loop);
	env_free(&e);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("update");
	TCase *tc = tcase_create("update");

	tcase_add_test(tc, test_sha256_vectors);
	tcase_add_test(tc, test_install_and_again);
	tcase_add_test(tc, test_update_keeps_others_and_modes);
	tcase_add_test(tc, test_checksum_mismatch);
	tcase_add_test(tc, test_invalid_profile);
	tcase_add_test(tc, test_missing_file);
	tcase_add_test(tc, test_bad_index);
	tcase_add_test(tc, test_dry_run);
	tcase_add_test(tc, test_rollback);
	tcase_add_test(tc, test_signature_required);
	tcase_add_test(tc, test_changes_shown);
	tcase_add_test(tc, test_damaged_manifest);
	tcase_add_test(tc, test_keyring);
	tcase_add_test(tc, test_keyring_ignored);
	suite_add_tcase(s, tc);
	return tw_test_run(s);
}
