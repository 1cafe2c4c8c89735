#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "trunkwiz/validate.h"
#include "trunkwiz/trunk.h"
#include "tw_test.h"
#include "trunk/trunk.h"

static char *write_tmp(const char *dir, const char *name, const char *text)
{
	char *path = tw_xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static bool has_diag_at(const struct tw_diags *d, unsigned line, const char *needle)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->v[i].line == line && strstr(d->v[i].msg, needle))
			return true;
	return false;
}

START_TEST(test_bundled_profiles_load)
{
	char *dir = tw_test_providers_dir();
	const char *dirs[] = { dir };
	struct tw_profiles ps;
	struct tw_diags d;
	const struct tw_profile *g;

	tw_diags_init(&d);
	tw_profiles_load(&ps, dirs, 1, &d);
	if (d.n)
		tw_diags_print(&d, stderr, false);
	ck_assert_int_eq(d.n, 0);
	ck_assert_uint_ge(ps.n, 3);
	g = tw_profiles_find(&ps, "generic");
	ck_assert_ptr_nonnull(g);
	ck_assert(tw_profile_offers_auth(g, TW_AUTH_REGISTER));
	ck_assert_ptr_nonnull(tw_profiles_find(&ps, "telnyx"));
	ck_assert_ptr_nonnull(tw_profiles_find(&ps, "twilio"));
	ck_assert_ptr_null(tw_profiles_find(&ps, "nosuch"));
	tw_profiles_free(&ps);
	tw_diags_clear(&d);
	free(dir);
}
END_TEST

START_TEST(test_apply_expands)
{
	char *dir = tw_test_tmpdir();
	char *path = write_tmp(dir, "acme.conf",
		"[provider]\nname = Acme\nauth = register,ip\nserver = us:sip.acme.example\n"
		"server = eu:eu.acme.example\n[defaults]\nfrom_domain = ${server}\n"
		"from_user = ${username}\ncodecs = alaw\n[endpoint]\ndirect_media = no\n");
	struct tw_diags d;
	struct tw_profile *p;
	struct tw_trunk *t = tw_trunk_new();

	tw_diags_init(&d);
	p = tw_profile_load(path, &d);
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->id, "acme");
	ck_assert_uint_eq(p->nservers, 2);
	ck_assert_str_eq(p->servers[1].region, "eu");
	ck_assert_uint_eq(p->nopts, 1);
	ck_assert_int_eq(tw_trunk_set_word(t, "username=4930", &d), 0);
	ck_assert_int_eq(tw_trunk_set_word(t, "codecs=ulaw", &d), 0);
	tw_profile_apply(p, t);
	ck_assert_str_eq(tw_trunk_get(t, "server"), "sip.acme.example");
	ck_assert_str_eq(tw_trunk_get(t, "from_domain"), "sip.acme.example");
	ck_assert_str_eq(tw_trunk_get(t, "from_user"), "4930");
	ck_assert_str_eq(tw_trunk_get(t, "codecs"), "ulaw");  /* the admin's answer wins */
	ck_assert_str_eq(tw_trunk_get(t, "auth"), "register");
	ck_assert_str_eq(tw_trunk_get(t, "provider"), "acme");
	tw_trunk_free(&t);
	tw_profile_free(&p);
	ck_assert_ptr_null(p);
	tw_test_rmtree(dir);
	free(path);
	free(dir);
}
END_TEST

START_TEST(test_schema_errors_have_lines)
{
	char *dir = tw_test_tmpdir();
	char *path = write_tmp(dir, "bad.conf",
		"[provider]\nname = Bad\nauth = register\nregon = US\nserver = nohost\n"
		"[defaults]\ncodec = ulaw\npassword = x\n[weird]\n");
	struct tw_diags d;
	struct tw_profile *p;

	tw_diags_init(&d);
	p = tw_profile_load(path, &d);
	ck_assert_ptr_null(p);
	ck_assert(has_diag_at(&d, 4, "unknown key 'regon'"));
	ck_assert(has_diag_at(&d, 5, "not REGION:HOST"));
	ck_assert(has_diag_at(&d, 7, "unknown key 'codec'"));
	ck_assert(has_diag_at(&d, 8, "cannot have a default"));
	ck_assert(has_diag_at(&d, 9, "unknown section [weird]"));
	ck_assert_str_eq(d.v[0].file, path);
	tw_diags_clear(&d);
	tw_test_rmtree(dir);
	free(path);
	free(dir);
}
END_TEST

START_TEST(test_later_dir_overrides_and_broken_skipped)
{
	char *a = tw_test_tmpdir(), *b = tw_test_tmpdir();
	char *p1 = write_tmp(a, "acme.conf", "[provider]\nname = Acme A\nauth = ip\n");
	char *p2 = write_tmp(b, "acme.conf", "[provider]\nname = Acme B\nauth = ip\n");
	char *p3 = write_tmp(b, "broken.conf", "[provider\nname = x\n");
	char *p4 = write_tmp(a, "other.conf", "[provider]\nname = Other\nauth = register\n");
	const char *dirs[] = { a, "/nonexistent/dir", b };
	struct tw_profiles ps;
	struct tw_diags d;

	tw_diags_init(&d);
	tw_profiles_load(&ps, dirs, 3, &d);
	ck_assert_uint_eq(ps.n, 2);
	ck_assert_str_eq(tw_profiles_find(&ps, "acme")->name, "Acme B");
	ck_assert_ptr_nonnull(tw_profiles_find(&ps, "other"));
	ck_assert_ptr_null(tw_profiles_find(&ps, "broken"));
	ck_assert(!tw_diags_has_errors(&d));  /* broken profiles are warnings */
	ck_assert_uint_ge(tw_diags_count(&d, TW_WARNING), 1);
	tw_profiles_free(&ps);
	tw_diags_clear(&d);
	tw_test_rmtree(a);
	tw_test_rmtree(b);
	free(p1);
	free(p2);
	free(p3);
	free(p4);
	free(a);
	free(b);
}
END_TEST

START_TEST(test_required_fields)
{
	char *dir = tw_test_tmpdir();
	char *path = write_tmp(dir, "x.conf", "[provider]\nregion = US\nauth = magic\n");
	struct tw_diags d;
	struct tw_profile *p;

	tw_diags_init(&d);
	p = tw_profile_load(path, &d);
	ck_assert_ptr_null(p);
	ck_assert(has_diag_at(&d, 0, "no name"));
	ck_assert(has_diag_at(&d, 3, "unknown auth model 'magic'"));
	tw_diags_clear(&d);
	tw_test_rmtree(dir);
	free(path);
	free(dir);
}
END_TEST

START_TEST(test_provider_values_checked)
{
	char *dir = tw_test_tmpdir();
	char *path = write_tmp(dir, "v.conf",
		"[provider]\n"                               /* 1 */
		"name = V\n"
		"auth = register,ip,register\n"              /* 3 */
		"region = Germany\n"                         /* 4 */
		"verified = 2026-13-01\n"                    /* 5 */
		"transports = udp,sctp\n"                    /* 6 */
		"srtp = maybe\n"                             /* 7 */
		"ip_list_url = ftp://lists.example/ips\n"    /* 8 */
		"ip_list_format = yaml\n"                    /* 9 */
		"server = EU:sip.example.com\n"              /* 10 */
		"server = eu:sip.example.com:5060\n"         /* 11 */
		"requires = server,colour\n");              /* 12 */
	struct tw_diags d;

	tw_diags_init(&d);
	ck_assert_ptr_null(tw_profile_load(path, &d));
	ck_assert(has_diag_at(&d, 3, "'register' given twice"));
	ck_assert(has_diag_at(&d, 4, "not a country code list"));
	ck_assert(has_diag_at(&d, 5, "not a date"));
	ck_assert(has_diag_at(&d, 6, "unknown transport 'sctp'"));
	ck_assert(has_diag_at(&d, 7, "srtp: unknown value 'maybe'"));
	ck_assert(has_diag_at(&d, 8, "ip_list_url must be an https:// URL"));
	ck_assert(has_diag_at(&d, 9, "ip_list_format: unknown value 'yaml'"));
	ck_assert(has_diag_at(&d, 10, "bad region label"));
	ck_assert(has_diag_at(&d, 11, "not a host name or address"));
	ck_assert(has_diag_at(&d, 12, "requires: 'colour'"));
	tw_diags_clear(&d);
	tw_test_rmtree(dir);
	free(path);
	free(dir);
}
END_TEST

START_TEST(test_keys_consistent)
{
	char *dir = tw_test_tmpdir();
	char *p1 = write_tmp(dir, "a.conf",
		"[provider]\nname = A\nauth = ip\nip_list_format = json\n"          /* 4 */
		"transports = udp,tcp\nsrtp = required\n"                               /* 5, 6 */
		"[defaults]\ntransport = tls\nidentify = 192.0.2.1\n");               /* 8 */
	char *p2 = write_tmp(dir, "b.conf",
		"[provider]\nname = B\nauth = ip\nsrtp = no\n"
		"ip_list_url = https://lists.example/b.csv\nip_list_format = csv\n"
		"ip_list_select = signaling\n"                                           /* 7 */
		"[defaults]\nmedia_encryption = sdes\nidentify = 192.0.2.1\n");       /* 9 */
	char *p3 = write_tmp(dir, "c.conf",
		"[provider]\nname = C\nregion = US,CA\nauth = register,ip\nverified = 2026-11-24\n"
		"transports = udp,tls\nsrtp = yes\n"
		"ip_list_url = https://lists.example/c.json\nip_list_format = json\n"
		"ip_list_select = inbound.signaling\n"
		"[defaults]\ntransport = tls\nport = 5061\nmedia_encryption = sdes\n");
	struct tw_diags d;
	struct tw_profile *p;

	tw_diags_init(&d);
	ck_assert_ptr_null(tw_profile_load(p1, &d));
	ck_assert(has_diag_at(&d, 4, "ip_list_format without ip_list_url"));
	ck_assert(has_diag_at(&d, 8, "transport 'tls' is not in transports"));
	ck_assert(has_diag_at(&d, 6, "srtp = required"));
	tw_diags_clear(&d);
	ck_assert_ptr_null(tw_profile_load(p2, &d));
	ck_assert(has_diag_at(&d, 7, "ip_list_select: for CSV"));
	ck_assert(has_diag_at(&d, 9, "srtp = no"));
	tw_diags_clear(&d);
	p = tw_profile_load(p3, &d);
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->transports, "udp,tls");
	ck_assert_str_eq(p->srtp, "yes");
	ck_assert_str_eq(p->ip_list_select, "inbound.signaling");
	ck_assert_str_eq(p->region, "US,CA");
	ck_assert_uint_eq(d.n, 0);
	tw_profile_free(&p);
	tw_diags_clear(&d);
	tw_test_rmtree(dir);
	free(p1);
	free(p2);
	free(p3);
	free(dir);
}
END_TEST

START_TEST(test_load_mem_and_validate)
{
	const char *text =
		"[provider]\nname = M\nauth = register,ip\n"
		"[defaults]\ncodecs = ulaw\n";
	struct tw_astver ver;
	struct tw_diags d;
	struct tw_profile *p;
	size_t i;
	bool missing_verified = false, ip_only = false, common = false;

	ck_assert_int_eq(tw_astver_parse("20", &ver), 0);
	tw_diags_init(&d);
	p = tw_profile_load_mem("https://bundle.example/p/mem.conf", text, strlen(text), &d);
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->id, "mem");
	ck_assert_str_eq(p->path, "https://bundle.example/p/mem.conf");
	/* No identify: an error for both auth modes, reported once; no
	 * verified date or region: warnings. */
	ck_assert_int_eq(tw_profile_validate(p, &ver, &d), -1);
	for (i = 0; i < d.n; i++) {
		if (strstr(d.v[i].msg, "when its facts were verified") && d.v[i].sev == TW_WARNING)
			missing_verified = true;
		if (strstr(d.v[i].msg, "(auth="))
			ip_only = true;
		if (strstr(d.v[i].msg, "a trunk made with this profile: identify:") &&
		    d.v[i].sev == TW_ERROR)
			common = !common; /* exactly once */
	}
	ck_assert(missing_verified);
	ck_assert(common);
	ck_assert(!ip_only);
	tw_profile_free(&p);
	tw_diags_clear(&d);
	/* A broken one names the URL and line. */
	p = tw_profile_load_mem("https://bundle.example/p/bad.conf", "[provider]\nnam = x\n",
	                      strlen("[provider]\nnam = x\n"), &d);
	ck_assert_ptr_null(p);
	ck_assert(has_diag_at(&d, 2, "unknown key 'nam'"));
	ck_assert_str_eq(d.v[0].file, "https://bundle.example/p/bad.conf");
	tw_diags_clear(&d);
}
END_TEST

START_TEST(test_matches)
{
	struct tw_profile p;

	memset(&p, 0, sizeof(p));
	p.id = "sipgate";
	p.name = "sipgate trunking";
	p.region = "DE";
	p.auth = "register";
	ck_assert(tw_profile_matches(&p, NULL));
	ck_assert(tw_profile_matches(&p, ""));
	ck_assert(tw_profile_matches(&p, "SIP"));      /* start of the id */
	ck_assert(tw_profile_matches(&p, "trunk"));    /* start of a name word */
	ck_assert(tw_profile_matches(&p, "de"));       /* a region code */
	ck_assert(tw_profile_matches(&p, "register")); /* an auth mode */
	ck_assert(!tw_profile_matches(&p, "ip"));      /* not a substring */
	ck_assert(!tw_profile_matches(&p, "gate"));
	ck_assert(!tw_profile_matches(&p, "us"));
	p.region = "US,CA";
	ck_assert(tw_profile_matches(&p, "ca"));
}
END_TEST

START_TEST(test_bundled_profiles_validate)
{
	char *dir = tw_test_providers_dir();
	const char *dirs[] = { dir };
	struct tw_profiles ps;
	struct tw_astver ver;
	struct tw_diags d;
	size_t i;

	ck_assert_int_eq(tw_astver_parse("20", &ver), 0);
	tw_diags_init(&d);
	tw_profiles_load(&ps, dirs, 1, &d);
	for (i = 0; i < ps.n; i++) {
		const struct tw_profile *p = ps.v[i];

		ck_assert_msg(tw_profile_validate(p, &ver, &d) == 0, "%s does not validate", p->id);
		ck_assert_msg(p->verified && p->region, "%s lacks verified or region", p->id);
	}
	tw_profiles_free(&ps);
	tw_diags_clear(&d);
	free(dir);
}
END_TEST

static const char regional[] =
	"[provider]\nname = Regional\nregion = US\nauth = register\nverified = 2026-11-30\n"
	"server = us:sip.example.com\n"                          /* 6 */
	"server = eu:sip.example.eu\n"
	"server = eu:sip2.example.eu\n"
	"region_identify = us:192.0.2.10,192.0.2.11\n"           /* 9 */
	"region_identify = eu:198.51.100.0/28\n"
	"region_identify = apac:203.0.113.64/28\n"               /* no server of its own */
	"[defaults]\nidentify = 203.0.113.1\ncodecs = ulaw\n";

/* A trunk with the answers words (NULL-terminated), the profile applied. */
static struct tw_trunk *applied(const struct tw_profile *p, const char *const *words)
{
	struct tw_trunk *t = tw_trunk_new();
	struct tw_diags d;

	tw_diags_init(&d);
	for (; *words; words++)
		ck_assert_int_eq(tw_trunk_set_word(t, *words, &d), 0);
	tw_profile_apply(p, t);
	tw_diags_clear(&d);
	return t;
}

static void expect_region(const struct tw_profile *p, const char *const *words,
                          const char *region, const char *server, const char *identify)
{
	struct tw_trunk *t = applied(p, words);

	ck_assert_str_eq(tw_profile_trunk_region(p, t), region);
	ck_assert_str_eq(tw_trunk_get(t, "region"), region);
	if (server)
		ck_assert_str_eq(tw_trunk_get(t, "server"), server);
	else
		ck_assert_ptr_null(tw_trunk_get(t, "server"));
	ck_assert_str_eq(tw_trunk_get(t, "identify"), identify);
	tw_trunk_free(&t);
}

START_TEST(test_regions)
{
	struct tw_diags d;
	struct tw_profile *p;
	const char **v;
	size_t n;
	const char *none[] = { NULL };
	const char *eu[] = { "region=eu", NULL };
	const char *srv2[] = { "server=sip2.example.eu", NULL };
	const char *srv2_us[] = { "server=SIP2.example.eu", "region=us", NULL };
	const char *apac[] = { "region=apac", "server=pbx-gw.example.net", NULL };
	const char *own[] = { "region=eu", "identify=192.0.2.99", NULL };
	const char *custom[] = { "server=10.1.2.3", NULL };

	tw_diags_init(&d);
	p = tw_profile_load_mem("regional.conf", regional, strlen(regional), &d);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(p->nregion_idents, 3);
	v = tw_profile_regions(p, &n);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(v[0], "us");
	ck_assert_str_eq(v[1], "eu");
	ck_assert_str_eq(v[2], "apac");
	free(v);
	ck_assert(tw_profile_has_region(p, "apac"));
	ck_assert(!tw_profile_has_region(p, "EU"));
	ck_assert_ptr_null(tw_profile_region_identify(p, "mars"));
	/* Nothing given: the first region, its server and addresses. */
	expect_region(p, none, "us", "sip.example.com", "192.0.2.10,192.0.2.11");
	/* region picks the region's first server; identify follows. */
	expect_region(p, eu, "eu", "sip.example.eu", "198.51.100.0/28");
	/* A server of the profile's decides the region, even against the
	 * region answer (host names ignore case). */
	expect_region(p, srv2, "eu", "sip2.example.eu", "198.51.100.0/28");
	{
		struct tw_trunk *t = applied(p, srv2_us);

		ck_assert_str_eq(tw_profile_trunk_region(p, t), "eu");
		ck_assert_str_eq(tw_trunk_get(t, "identify"), "198.51.100.0/28");
		tw_profile_check_region(p, t, &d);
		ck_assert_uint_eq(d.n, 1);
		ck_assert_int_eq(d.v[0].sev, TW_WARNING);
		ck_assert_str_eq(d.v[0].field, "region");
		ck_assert(strstr(d.v[0].msg, "region 'eu', not 'us'"));
		tw_diags_clear(&d);
		tw_trunk_free(&t);
	}
	/* A region without servers: the admin's server, the region's list. */
	expect_region(p, apac, "apac", "pbx-gw.example.net", "203.0.113.64/28");
	/* The admin's identify always wins. */
	expect_region(p, own, "eu", "sip.example.eu", "192.0.2.99");
	/* A server that is not the profile's: the first region. */
	expect_region(p, custom, "us", "10.1.2.3", "192.0.2.10,192.0.2.11");
	tw_profile_free(&p);
	tw_diags_clear(&d);
}
END_TEST

START_TEST(test_region_answer_checked)
{
	static const char flat[] = "[provider]\nname = Flat\nauth = register\n";
	struct tw_diags d;
	struct tw_profile *p, *f;
	const char *mars[] = { "region=mars", NULL };
	const char *eu[] = { "region=eu", NULL };
	struct tw_trunk *t;

	tw_diags_init(&d);
	p = tw_profile_load_mem("regional.conf", regional, strlen(regional), &d);
	f = tw_profile_load_mem("flat.conf", flat, strlen(flat), &d);
	ck_assert(p && f);
	/* Unknown: an error naming the regions; nothing region-specific is
	 * applied (identify is the profile's plain default). */
	t = applied(p, mars);
	ck_assert_ptr_null(tw_profile_trunk_region(p, t));
	ck_assert_str_eq(tw_trunk_get(t, "identify"), "203.0.113.1");
	tw_profile_check_region(p, t, &d);
	ck_assert_uint_eq(d.n, 1);
	ck_assert_int_eq(d.v[0].sev, TW_ERROR);
	ck_assert_str_eq(d.v[0].field, "region");
	ck_assert(strstr(d.v[0].msg, "no region 'mars'"));
	ck_assert_str_eq(d.v[0].hint, "us, eu, apac");
	tw_diags_clear(&d);
	/* Through render, as every command sees it. */
	{
		struct tw_render r;
		struct tw_astver ver;

		ck_assert_int_eq(tw_astver_parse("20", &ver), 0);
		ck_assert_int_eq(tw_trunk_set_word(t, "name=t", &d), 0);
		ck_assert_int_eq(tw_trunk_set_word(t, "username=u", &d), 0);
		ck_assert_int_eq(tw_trunk_set_word(t, "password=p", &d), 0);
		ck_assert_int_lt(tw_render(t, p, &ver, &r, &d), 0);
		ck_assert(tw_diags_has_errors(&d));
		tw_diags_clear(&d);
	}
	tw_trunk_free(&t);
	/* A profile without regions, and no profile at all. */
	t = applied(f, eu);
	tw_profile_check_region(f, t, &d);
	ck_assert_uint_eq(d.n, 1);
	ck_assert(strstr(d.v[0].msg, "has no regions"));
	tw_diags_clear(&d);
	tw_profile_check_region(NULL, t, &d);
	ck_assert_uint_eq(d.n, 1);
	ck_assert(strstr(d.v[0].msg, "needs a provider profile"));
	tw_diags_clear(&d);
	tw_trunk_free(&t);
	/* A region the profile has, and the profile's own default: fine. */
	t = applied(p, eu);
	tw_profile_check_region(p, t, &d);
	ck_assert_uint_eq(d.n, 0);
	tw_trunk_free(&t);
	t = applied(p, (const char *[]){ NULL });
	tw_profile_check_region(p, t, &d);   /* region is the profile's default */
	ck_assert_uint_eq(d.n, 0);
	tw_trunk_free(&t);
	tw_profile_free(&p);
	tw_profile_free(&f);
	tw_diags_clear(&d);
}
END_TEST

START_TEST(test_region_identify_lines_checked)
{
	static const char bad[] =
		"[provider]\nname = Bad\nauth = ip\n"
		"region_identify = 192.0.2.1\n"                  /* 4: no region */
		"region_identify = EU:192.0.2.1\n"               /* 5: label not lower case */
		"region_identify = us:192.0.2.1,sip.example.com\n" /* 6: a host name */
		"region_identify = eu:192.0.2.0/24\n"
		"region_identify = eu:192.0.2.9\n";             /* 8: twice */
	struct tw_diags d;
	struct tw_profile *p;

	tw_diags_init(&d);
	p = tw_profile_load_mem("bad.conf", bad, strlen(bad), &d);
	ck_assert_ptr_null(p);
	ck_assert(has_diag_at(&d, 4, "not REGION:LIST"));
	ck_assert(has_diag_at(&d, 5, "not REGION:LIST"));
	ck_assert(has_diag_at(&d, 6, "'sip.example.com' is not an address or CIDR"));
	ck_assert(has_diag_at(&d, 8, "region 'eu' given twice (line 7)"));
	ck_assert_uint_eq(tw_diags_count(&d, TW_ERROR), 4);
	tw_diags_clear(&d);
}
END_TEST

START_TEST(test_age)
{
	struct tw_profile p = { .path = "p.conf", .verified = "2025-12-03" };
	struct tw_diags d;

	tw_diags_init(&d);
	ck_assert(!tw_profile_check_age(&p, "2026-12-03", &d));   /* 365 days */
	ck_assert(tw_profile_check_age(&p, "2026-12-04", &d));    /* 366 */
	ck_assert_uint_eq(d.n, 1);
	ck_assert_int_eq(d.v[0].sev, TW_WARNING);
	ck_assert_str_eq(d.v[0].file, "p.conf");
	ck_assert(strstr(d.v[0].msg, "verified 2025-12-03, 366 days ago"));
	tw_diags_clear(&d);
	p.verified = "2024-02-29";                                /* across a leap day */
	ck_assert(!tw_profile_check_age(&p, "2025-02-28", &d));   /* 365 */
	ck_assert(tw_profile_check_age(&p, "2025-03-01", &d));
	tw_diags_clear(&d);
	ck_assert(!tw_profile_check_age(&p, "yesterday", &d));   /* no usable date */
	p.verified = NULL;                                         /* its own warning */
	ck_assert(!tw_profile_check_age(&p, "2030-01-01", &d));
	/* The current date: a profile verified in 2000 is old by now. */
	p.verified = "2000-01-01";
	ck_assert(tw_profile_check_age(&p, NULL, &d));
	tw_diags_clear(&d);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("profile");
	TCase *tc = tcase_create("profile");

	tcase_add_test(tc, test_bundled_profiles_load);
	tcase_add_test(tc, test_apply_expands);
	tcase_add_test(tc, test_schema_errors_have_lines);
	tcase_add_test(tc, test_later_dir_overrides_and_broken_skipped);
	tcase_add_test(tc, test_required_fields);
	tcase_add_test(tc, test_provider_values_checked);
	tcase_add_test(tc, test_keys_consistent);
	tcase_add_test(tc, test_load_mem_and_validate);
	tcase_add_test(tc, test_matches);
	tcase_add_test(tc, test_bundled_profiles_validate);
	tcase_add_test(tc, test_regions);
	tcase_add_test(tc, test_region_answer_checked);
	tcase_add_test(tc, test_region_identify_lines_checked);
	tcase_add_test(tc, test_age);
	suite_add_tcase(s, tc);
	return tw_test_run(s);
}
