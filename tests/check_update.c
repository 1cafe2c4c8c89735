/* update: installing a provider profile bundle (file:// URLs here; the
 * HTTP side is tests/cli_fetch.sh), and the SHA-256 behind its index. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "doctor/digest.h"
#include "trunkwiz/fetch.h"
#include "tw_test.h"

static const char *acme =
	"[provider]\nname = Acme\nregion = US\nauth = register\nverified = 2026-11-24\n"
	"server = us:sip.acme.example\n[defaults]\ncodecs = ulaw\nidentify = 192.0.2.10\n";
static const char *beta =
	"[provider]\nname = Beta\nregion = DE\nauth = ip\nverified = 2026-11-24\n"
	"server = de:sip.beta.example\n[defaults]\ncodecs = alaw\nidentify = 198.51.100.0/24\n";

struct env {
	char *tmp, *bundle, *dir, *url;
	struct tw_fetch_opts o;
	struct tw_astver ver;
	struct tw_update_report rep;
	struct tw_diags d;
};

static void put(const char *dir, const char *name, const char *text)
{
	char *path = tw_xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
	free(path);
}

static char *get(const char *dir, const char *name)
{
	char *path = tw_xasprintf("%s/%s", dir, name);
	char *text = tw_test_slurp(path, NULL);

	free(path);
	return text;
}

/* Write SHA256SUMS for the named files as they are in the bundle now. */
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
	put(e->bundle, "SHA256SUMS", b.data);
	tw_buf_free(&b);
}

static void env_init(struct env *e)
{
	static const char *const names[] = { "acme.conf", "beta.conf" };

	memset(e, 0, sizeof(*e));
	e->tmp = tw_test_tmpdir();
	e->bundle = tw_xasprintf("%s/bundle", e->tmp);
	e->dir = tw_xasprintf("%s/etc/trunkwiz/providers.d", e->tmp);
	e->url = tw_xasprintf("file://%s/SHA256SUMS", e->bundle);
	ck_assert_int_eq(mkdir(e->bundle, 0755), 0);
	put(e->bundle, "acme.conf", acme);
	put(e->bundle, "beta.conf", beta);
	index_of(e, names, 2);
	tw_fetch_opts_init(&e->o);
	ck_assert_int_eq(tw_astver_parse("20", &e->ver), 0);
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
}

static int update(struct env *e, bool dry_run)
{
	int rc;

	tw_update_report_free(&e->rep);
	rc = tw_update_providers(e->url, e->dir, &e->o, &e->ver, dry_run, &e->rep, &e->d);
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
	char *cmd = tw_xasprintf("ls -A '%s' 2>/dev/null | tr '\\n' ' '", dir);
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
	/* No staging left behind. */
	text = listing(e.dir);
	ck_assert_str_eq(text, "acme.conf beta.conf ");
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
	put(e.dir, "mine.conf", "[provider]\nname = Mine\nauth = ip\n");
	path = tw_xasprintf("%s/acme.conf", e.dir);
	ck_assert_int_eq(chmod(path, 0600), 0);
	/* A newer acme in the bundle; the directory URL form. */
	put(e.bundle, "acme.conf", "; new\n[provider]\nname = Acme 2\nregion = US\nauth = register\n"
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
	put(e.bundle, "beta.conf", "[provider]\nname = Beta (tampered)\nauth = ip\n");
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
	put(e.bundle, "beta.conf", "[provider]\nname = Beta\nauth = ip\nservr = x\n");
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
	put(e.bundle, "SHA256SUMS",
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  gone.conf\n");
	expect_failure(&e, TW_UPDATE_EIO, "cannot read the file");
	free(e.url);
	e.url = tw_xasprintf("file://%s/NOINDEX", e.bundle);
	expect_failure(&e, TW_UPDATE_EIO, "cannot read the file");
	env_free(&e);
}
END_TEST

START_TEST(test_bad_index)
{
	static const char *const bad[] = {
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  ../evil.conf\n",
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  /etc/passwd\n",
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  .hidden.conf\n",
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  notes.txt\n",
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85  acme.conf\n",
		"zzb0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  acme.conf\n",
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 acme.conf\n",
		"# nothing listed\n",
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  a.conf\n"
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 *a.conf\n",
	};
	struct env e;
	size_t i;

	env_init(&e);
	for (i = 0; i < TW_ARRAY_LEN(bad); i++) {
		put(e.bundle, "SHA256SUMS", bad[i]);
		expect_failure(&e, TW_UPDATE_EINVALID, "malformed index");
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

static int renames;
static int rename_fails_second(const char *from, const char *to)
{
	if (++renames == 2) {
		errno = EIO;
		return -1;
	}
	return rename(from, to);
}

START_TEST(test_rollback)
{
	static const char *const names[] = { "acme.conf", "beta.conf" };
	struct env e;
	char *before, *after, *a0, *a1;

	env_init(&e);
	ck_assert_int_eq(update(&e, false), 0);
	a0 = get(e.dir, "acme.conf");
	put(e.bundle, "acme.conf", "[provider]\nname = Acme 3\nregion = US\nauth = ip\nverified = 2026-11-26\n"
	                           "[defaults]\ncodecs = ulaw\nidentify = 192.0.2.10\n");
	put(e.bundle, "beta.conf", "[provider]\nname = Beta 3\nregion = DE\nauth = ip\nverified = 2026-11-26\n"
	                           "[defaults]\ncodecs = alaw\nidentify = 192.0.2.20\n");
	index_of(&e, names, 2);
	before = listing(e.dir);
	renames = 0;
	tw_update_set_rename(rename_fails_second);
	ck_assert_int_eq(update(&e, false), TW_UPDATE_EIO);
	tw_update_set_rename(NULL);
	ck_assert(diag_has(&e.d, "cannot replace"));
	/* acme.conf had been replaced: it is back. */
	a1 = get(e.dir, "acme.conf");
	ck_assert_str_eq(a1, a0);
	after = listing(e.dir);
	ck_assert_str_eq(after, before);
	free(a0);
	free(a1);
	free(before);
	free(after);
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
	suite_add_tcase(s, tc);
	return tw_test_run(s);
}
