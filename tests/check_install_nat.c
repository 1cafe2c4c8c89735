/* check_install_nat.c - a trunk behind NAT, DID routes, TLS and the
 * phones' note, installed into a live config dir (install.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "trunkwiz/install.h"
#include "install_fixture.h"
#include "tw_test.h"
#include "install/install.h"

static char *slurp(const char *rel)
{
	char *p = tw_xasprintf("%s/%s", cfg, rel), *s = tw_test_slurp(p, NULL);

	free(p);
	ck_assert_ptr_nonnull(s);
	return s;
}

static void put(const char *rel, const char *text)
{
	char *p = tw_xasprintf("%s/%s", tmp, rel);
	FILE *f = fopen(p, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
	free(p);
}

static bool has_diag(const struct tw_diags *d, enum tw_severity sev, const char *field,
                     const char *needle)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->v[i].sev == sev && strstr(d->v[i].msg, needle) &&
		    (!field || (d->v[i].field && strcmp(d->v[i].field, field) == 0)))
			return true;
	return false;
}

static bool has_note(const struct tw_plan *p, const char *needle)
{
	size_t i;

	for (i = 0; i < p->nnotes; i++)
		if (strstr(p->notes[i], needle))
			return true;
	return false;
}

/* Plan (and commit when commit): rc of the plan or the commit. */
static int apply(const char *words, struct tw_plan *p, bool commit, struct tw_diags *d)
{
	struct tw_install_opts o;
	struct tw_trunk *t = trunk(words);
	const char *id = tw_trunk_get(t, "provider");
	const struct tw_profile *pr = tw_profiles_find(&ps, id ? id : "generic");
	int rc;

	ck_assert_ptr_nonnull(pr);
	opts(&o);
	tw_plan_init(p);
	rc = tw_install_plan_apply(&o, t, pr, p, d);
	if (rc == 0 && commit)
		rc = tw_plan_commit(&o, p, d);
	tw_trunk_free(&t);
	return rc;
}

#define FIRST "name=main username=acct password=pw server=sip.example.com identify=192.0.2.10"
#define SECOND "name=second provider=telnyx username=u2 password=p2 context=from-second " \
	"outbound_context=out-second"

#define INC2 "#include trunkwiz/second-pjsip.conf ; trunkwiz: trunk second\r\n"

/* The second trunk behind NAT goes into a config with its own transport:
 * the public address lands in that transport (the admin's address line is
 * replaced in place, comment and CRLF kept; the missing net is added),
 * nothing else of the file changes, a backup is kept, and the endpoint
 * gets the NAT options. */
START_TEST(test_nat_edits_admin_transport)
{
	struct tw_plan p;
	struct tw_diags d;
	char *before, *after, *tp, **bak;
	size_t nb;

	use_data("rich");
	tw_diags_init(&d);
	ck_assert_int_eq(apply(FIRST, &p, true, &d), 0);
	tw_plan_free(&p);
	before = slurp("pjsip.conf");
	ck_assert_int_eq(apply(SECOND " public_ip=203.0.113.9 local_net=10.0.0.0/8", &p, true, &d), 0);
	ck_assert(!tw_diags_has_errors(&d));
	ck_assert(has_note(&p, "transport [transport-udp]"));
	tw_plan_free(&p);
	after = slurp("pjsip.conf");
	ck_assert_ptr_nonnull(strstr(after,
		"local_net=192.168.10.0/24\r\n"
		"external_media_address = 203.0.113.9\t; office public IP\r\n"
		"external_signaling_address = 203.0.113.9\r\n"
		"local_net = 10.0.0.0/8\r\n\r\n[phone-defaults](!)\r\n"));
	ck_assert_ptr_nonnull(strstr(after, INC2));
	ck_assert_uint_eq(strlen(after), strlen(before) - strlen("198.51.100.20") * 2 +
	                  strlen("203.0.113.9") * 2 + strlen(" = ") * 2 - 2 +
	                  strlen("local_net = 10.0.0.0/8\r\n") + strlen(INC2));
	{
		char *pj = tw_xasprintf("%s/pjsip.conf", cfg);

		nb = tw_backups_of(pj, &bak);
		ck_assert_uint_ge(nb, 1);
		tw_strv_free(&bak, nb);
		free(pj);
	}
	tp = slurp("trunkwiz/second-pjsip.conf");
	ck_assert_ptr_nonnull(strstr(tp, "rtp_symmetric = yes\nforce_rport = yes\n"
	                                 "rewrite_contact = yes\n"));
	free(tp);
	/* the answer is kept: regenerating changes nothing more */
	ck_assert_int_eq(apply(SECOND " public_ip=203.0.113.9 local_net=10.0.0.0/8", &p, false, &d), 0);
	ck_assert_uint_eq(p.n, 0);
	tw_plan_free(&p);
	free(before);
	free(after);
	tw_diags_clear(&d);
}
END_TEST

/* transport_nat=own: a trunkwiz transport on its own port carries the
 * public address; the admin's transport stays byte for byte. */
START_TEST(test_nat_own_transport)
{
	struct tw_plan p;
	struct tw_diags d;
	char *before, *after, *tr, *tp;

	use_data("rich");
	tw_diags_init(&d);
	before = slurp("pjsip.conf");
	ck_assert_int_eq(apply(FIRST " public_ip=203.0.113.9 transport_nat=own", &p, true, &d), 0);
	tw_plan_free(&p);
	tr = slurp("trunkwiz/transport.conf");
	ck_assert_ptr_nonnull(strstr(tr, "[trunkwiz-udp]\ntype = transport\nprotocol = udp\n"
	                                 "bind = 0.0.0.0:5062\n"));
	ck_assert_ptr_nonnull(strstr(tr, "external_signaling_address = 203.0.113.9\n"));
	tp = slurp("trunkwiz/main-pjsip.conf");
	ck_assert_ptr_nonnull(strstr(tp, "transport = trunkwiz-udp\n"));
	after = slurp("pjsip.conf");
	ck_assert_ptr_nonnull(strstr(after, "external_media_address=198.51.100.20\t; office public IP\r\n"));
	ck_assert_ptr_nonnull(strstr(after, "#include trunkwiz/transport.conf"));
	free(before);
	free(after);
	free(tr);
	free(tp);
	tw_diags_clear(&d);
}
END_TEST

/* Three DID routes: rendered in the provider's number format before the
 * catch-all, to contexts the dialplan defines; an unknown context, a
 * repeated number and one the preset cannot read are errors. */
START_TEST(test_did_routes)
{
	struct tw_plan p;
	struct tw_diags d;
	char *te;

	use_data("rich");
	tw_diags_init(&d);
	ck_assert_int_eq(apply(FIRST " number_format=e164 did_routes=+12125551234:100@from-internal,"
	                       "2125551235:101@from-internal,_1212555XXXX:s@from-internal",
	                       &p, true, &d), 0);
	ck_assert(!tw_diags_has_errors(&d));
	tw_plan_free(&p);
	te = slurp("trunkwiz/main-extensions.conf");
	ck_assert_ptr_nonnull(strstr(te,
		"exten => +12125551234,1,Goto(from-internal,100,1)\n"
		"exten => +12125551235,1,Goto(from-internal,101,1)\n"
		"exten => _1212555XXXX,1,Goto(from-internal,s,1)\n"
		"exten => _[+0-9].,1,"));
	free(te);
	ck_assert_int_eq(apply(FIRST " did_routes=2125551234:100@nowhere", &p, false, &d), -1);
	ck_assert(has_diag(&d, TW_ERROR, "did_routes", "context [nowhere]"));
	tw_plan_free(&p);
	tw_diags_clear(&d);
	ck_assert_int_eq(apply(FIRST " did_routes=2125551234:100@from-internal,"
	                       "+12125551234:101@from-internal", &p, false, &d), -1);
	ck_assert(has_diag(&d, TW_ERROR, "did_routes", "routed twice"));
	tw_plan_free(&p);
	tw_diags_clear(&d);
	ck_assert_int_eq(apply(FIRST " did_routes=5551234:100@from-internal", &p, false, &d), -1);
	ck_assert(has_diag(&d, TW_ERROR, "did_routes", "not usable"));
	tw_plan_free(&p);
	tw_diags_clear(&d);
}
END_TEST

/* Nothing typed into a route becomes dialplan code. */
START_TEST(test_did_injection_refused)
{
	static const char *const bad[] = {
		"did_routes=2125551234:100@x)", "did_routes=2125551234:${EXTEN}@from-internal",
		"did_routes=_X.$[1]:100@from-internal", "did_routes=2125551234:1&Hangup@from-internal",
		"did_routes=2125551234:100@from-internal;x",
	};
	struct tw_plan p;
	struct tw_diags d;
	size_t i;

	use_data("rich");
	for (i = 0; i < TW_ARRAY_LEN(bad); i++) {
		char *w = tw_xasprintf(FIRST " %s", bad[i]);

		tw_diags_init(&d);
		ck_assert_msg(apply(w, &p, false, &d) == -1, "%s accepted", bad[i]);
		ck_assert(has_diag(&d, TW_ERROR, "did_routes", "not usable"));
		tw_plan_free(&p);
		tw_diags_clear(&d);
		free(w);
	}
}
END_TEST

/* TLS: 5061 and ;transport=tls, SDES where the provider offers SRTP, a
 * created transport-tls with the certificate files, checked on disk. */
START_TEST(test_tls)
{
	struct tw_plan p;
	struct tw_diags d;
	char *tr, *tp, *w;

	ck_assert_int_eq(mkdir(cfg, 0755), 0);
	put("cert.pem", "-----BEGIN CERTIFICATE-----\n");
	put("key.pem", "-----BEGIN PRIVATE KEY-----\n");
	tw_diags_init(&d);
	w = tw_xasprintf("name=main provider=telnyx username=u password=p transport=tls "
	                 "create_transport=yes cert_file=%s/cert.pem priv_key_file=%s/nokey.pem",
	                 tmp, tmp);
	ck_assert_int_eq(apply(w, &p, false, &d), -1);
	ck_assert(has_diag(&d, TW_ERROR, "priv_key_file", "nokey.pem"));
	tw_plan_free(&p);
	tw_diags_clear(&d);
	free(w);
	w = tw_xasprintf("name=main provider=telnyx username=u password=p transport=tls "
	                 "create_transport=yes cert_file=%s/cert.pem priv_key_file=%s/key.pem",
	                 tmp, tmp);
	ck_assert_int_eq(apply(w, &p, true, &d), 0);
	tw_plan_free(&p);
	tr = slurp("trunkwiz/transport.conf");
	ck_assert_ptr_nonnull(strstr(tr, "protocol = tls\nbind = 0.0.0.0:5061\ncert_file = "));
	ck_assert_ptr_nonnull(strstr(tr, "/key.pem\n"));
	tp = slurp("trunkwiz/main-pjsip.conf");
	ck_assert_ptr_nonnull(strstr(tp, ":5061\\;transport=tls"));
	ck_assert_ptr_nonnull(strstr(tp, "media_encryption = sdes\n"));
	ck_assert_ptr_null(strstr(tp, ":5060"));
	free(tr);
	free(tp);
	free(w);
	tw_diags_clear(&d);
}
END_TEST

/* The phones (endpoints with auth) of rich dial from [from-internal],
 * which does not include the outbound context: the plan says so. */
START_TEST(test_phones_note)
{
	struct tw_plan p;
	struct tw_diags d;

	use_data("rich");
	tw_diags_init(&d);
	ck_assert_int_eq(apply(FIRST " outbound_context=out-main", &p, false, &d), 0);
	ck_assert(has_note(&p, "add 'include => out-main' to the phones' context [from-internal]"));
	tw_plan_free(&p);
	tw_diags_clear(&d);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("install_nat");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_nat_edits_admin_transport);
	tcase_add_test(tc, test_nat_own_transport);
	tcase_add_test(tc, test_did_routes);
	tcase_add_test(tc, test_did_injection_refused);
	tcase_add_test(tc, test_tls);
	tcase_add_test(tc, test_phones_note);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tw_test_run(suite());
}
