/* check_wizard.c - the wizard's model without a terminal: flows, fields,
 * checks as you type, the lists, review, write, switch and the command
 * line. */
#include "config.h"

#include <sys/stat.h>
#include <unistd.h>

#include "tw_test.h"
#include "trunkwiz/base.h"
#include "trunkwiz/wizard.h"
#include "wizard/wizard.h"

static struct tw_profiles profiles;
static struct tw_install_opts opts;
static char *tmp, *confdir;
static struct tw_wizard *w;

static void setup(void)
{
	char *cmd, *fresh = tw_test_path("data/install/fresh");

	tw_test_load_bundled(&profiles);
	tmp = tw_test_tmpdir();
	ck_assert_ptr_nonnull(tmp);
	confdir = tw_xasprintf("%s/etc", tmp);
	cmd = tw_xasprintf("cp -r '%s' '%s'", fresh, confdir);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	free(fresh);
	tw_install_opts_init(&opts);
	opts.confdir = confdir;
	opts.group = "no-such-group-for-trunkwiz";
	w = tw_wizard_new(&profiles, &opts);
}

static void teardown(void)
{
	tw_wizard_free(&w);
	tw_profiles_free(&profiles);
	tw_test_rmtree(tmp);
	free(tmp);
	free(confdir);
}

static void set(const char *key, const char *value)
{
	struct tw_diags d;

	tw_diags_init(&d);
	ck_assert_int_eq(tw_wizard_set(w, key, value, &d), 0);
	tw_diags_clear(&d);
}

static void choose(const char *id)
{
	struct tw_diags d;
	const struct tw_profile *p = tw_profiles_find(&profiles, id);

	ck_assert_ptr_nonnull(p);
	tw_diags_init(&d);
	tw_wizard_choose_provider(w, p, &d);
	tw_diags_clear(&d);
}

static bool has_field(enum tw_wiz_screen s, const char *key)
{
	const struct tw_wiz_field *f[TW_WIZ_MAX_FIELDS];
	size_t n = tw_wizard_fields(w, s, f), i;

	for (i = 0; i < n; i++)
		if (strcmp(f[i]->key, key) == 0)
			return true;
	return false;
}

static void write_ok(void)
{
	struct tw_wiz_review r;
	struct tw_diags d;

	tw_wizard_review(w, &r);
	if (r.errors)
		tw_diags_print(&r.diags, stderr, false);
	ck_assert_uint_eq(r.errors, 0);
	ck_assert(r.planned);
	tw_diags_init(&d);
	ck_assert_int_eq(tw_wizard_write(w, &r, &d), 0);
	tw_diags_clear(&d);
	tw_wiz_review_free(&r);
}

START_TEST(test_flow_new)
{
	unsigned n;

	tw_wizard_start_new(w);
	ck_assert_int_eq(w->screen, TW_WIZ_PROVIDER);
	ck_assert_uint_eq(tw_wizard_step(w, TW_WIZ_PROVIDER, &n), 1);
	ck_assert_uint_eq(n, 9);
	ck_assert_uint_eq(tw_wizard_step(w, TW_WIZ_DIDS, &n), 7);
	ck_assert_uint_eq(tw_wizard_step(w, TW_WIZ_ADVANCED, &n), 8);
	/* a fresh config has no transport: the wizard offers to make one */
	ck_assert_str_eq(tw_wizard_value(w, "create_transport", NULL), "yes");
	choose("telnyx");
	ck_assert_str_eq(tw_wizard_value(w, "name", NULL), "telnyx");
	tw_wizard_next(w);
	ck_assert_int_eq(w->screen, TW_WIZ_TRUNK);
	ck_assert(has_field(TW_WIZ_TRUNK, "auth"));     /* register or ip */
	ck_assert(has_field(TW_WIZ_TRUNK, "region"));   /* us and eu servers */
	ck_assert(has_field(TW_WIZ_TRUNK, "password"));
	set("username", "acct");
	tw_wizard_next(w);
	tw_wizard_next(w);
	ck_assert_int_eq(w->screen, TW_WIZ_IDENTIFY);
	tw_wizard_back(w);
	tw_wizard_back(w);
	ck_assert_int_eq(w->screen, TW_WIZ_TRUNK);
	ck_assert_str_eq(tw_wizard_value(w, "username", NULL), "acct");
	tw_wizard_back(w);
	tw_wizard_back(w);
	ck_assert_int_eq(w->screen, TW_WIZ_HOME);
	ck_assert_str_eq(tw_wizard_value(w, "username", NULL), "acct");
}
END_TEST

START_TEST(test_choices)
{
	char *l;

	tw_wizard_start_new(w);
	choose("telnyx");
	l = tw_wizard_label(w, "region");
	ck_assert_str_eq(l, "us: sip.telnyx.com");
	free(l);
	tw_wizard_cycle(w, "region", 1);
	ck_assert_str_eq(tw_wizard_value(w, "server", NULL), "sip.telnyx.eu");
	/* the region is an answer, and identify follows it */
	ck_assert_str_eq(tw_trunk_get(w->answers, "region"), "eu");
	ck_assert_str_eq(tw_wizard_value(w, "identify", NULL), "185.246.41.140,185.246.41.141");
	tw_wizard_cycle(w, "auth", 1);
	ck_assert_str_eq(tw_wizard_value(w, "auth", NULL), "ip");
	ck_assert(!has_field(TW_WIZ_TRUNK, "password"));
	ck_assert(!has_field(TW_WIZ_TRUNK, "username"));
	tw_wizard_cycle(w, "dial_preset", -1);
	ck_assert_str_eq(tw_wizard_value(w, "dial_preset", NULL), "e164");
}
END_TEST

START_TEST(test_checks_as_you_type)
{
	const struct tw_diag *g;
	enum tw_wiz_screen s;
	size_t f;

	tw_wizard_start_new(w);
	choose("generic");
	ck_assert_str_eq(tw_wizard_value(w, "name", NULL), "trunk");
	g = tw_wizard_error(w, "server");
	ck_assert_ptr_nonnull(g);
	ck_assert_str_eq(g->msg, "server is required");
	set("server", "sip.example.com");
	ck_assert_ptr_null(tw_wizard_error(w, "server"));
	set("public_ip", "203.0.113.300");
	g = tw_wizard_error(w, "public_ip");
	ck_assert_ptr_nonnull(g);
	ck_assert_int_eq(g->sev, TW_ERROR);
	ck_assert_uint_ge(tw_wizard_screen_errors(w, TW_WIZ_NETWORK), 1);
	ck_assert_int_eq(tw_wizard_locate(w, "public_ip", &s, &f), 0);
	ck_assert_int_eq(s, TW_WIZ_NETWORK);
	ck_assert_int_eq(tw_wizard_locate(w, "codecs", &s, &f), 0);
	ck_assert_int_eq(s, TW_WIZ_CODECS);
	ck_assert_int_eq(tw_wizard_locate(w, "qualify_frequency", &s, &f), 0);
	ck_assert_int_eq(s, TW_WIZ_ADVANCED);
	set("name", "bad name");
	ck_assert_ptr_nonnull(tw_wizard_error(w, "name"));
}
END_TEST

START_TEST(test_identify_list)
{
	const char **added, **removed;
	char *err = NULL, *fetched[] = { "192.0.2.1", "198.51.100.0/24" };
	size_t na, nr;

	tw_wizard_start_new(w);
	choose("generic");
	set("server", "sip.example.com");
	/* follows the server until the admin edits the list */
	ck_assert_uint_eq(w->nident, 1);
	ck_assert_str_eq(w->ident[0], "sip.example.com");
	ck_assert_int_eq(tw_wizard_ident_add(w, "203.0.113.300", &err), -1);
	ck_assert_ptr_nonnull(err);
	free(err);
	ck_assert_int_eq(tw_wizard_ident_add(w, "192.0.2.1", &err), 0);
	ck_assert_str_eq(tw_wizard_value(w, "identify", NULL), "sip.example.com,192.0.2.1");
	tw_wizard_ident_compare(w, fetched, 2, &added, &na, &removed, &nr);
	ck_assert_uint_eq(na, 1);
	ck_assert_str_eq(added[0], "198.51.100.0/24");
	ck_assert_uint_eq(nr, 1);
	ck_assert_str_eq(removed[0], "sip.example.com");
	free(added);
	free(removed);
	tw_wizard_ident_delete(w, 0);
	tw_wizard_ident_delete(w, 0);
	ck_assert_uint_eq(w->nident, 0);
	ck_assert_ptr_nonnull(tw_wizard_error(w, "identify"));
	tw_wizard_ident_replace(w, fetched, 2);
	ck_assert_ptr_null(tw_wizard_error(w, "identify"));
	ck_assert_str_eq(tw_wizard_value(w, "identify", NULL), "192.0.2.1,198.51.100.0/24");
}
END_TEST

START_TEST(test_codecs)
{
	size_t i;

	tw_wizard_start_new(w);
	choose("telnyx");
	/* the profile's three first, ticked, then every other codec */
	ck_assert_uint_ge(w->ncodecs, 20);
	ck_assert_str_eq(w->codecs[0], "ulaw");
	ck_assert(w->codec_on[0] && w->codec_on[1] && w->codec_on[2] && !w->codec_on[3]);
	i = tw_wizard_codec_move(w, 2, -1);
	ck_assert_uint_eq(i, 1);
	ck_assert_str_eq(tw_wizard_value(w, "codecs", NULL), "ulaw,g722,alaw");
	tw_wizard_codec_toggle(w, 0);
	ck_assert_str_eq(tw_wizard_value(w, "codecs", NULL), "g722,alaw");
	tw_wizard_codec_toggle(w, 1);
	tw_wizard_codec_toggle(w, 2);
	ck_assert_ptr_nonnull(tw_wizard_error(w, "codecs"));
	tw_wizard_codec_toggle(w, 2);
	ck_assert_str_eq(tw_wizard_value(w, "codecs", NULL), "alaw");
}
END_TEST

/* Every codec Asterisk knows is on offer; one the provider does not
 * list is a warning naming the provider's list. */
START_TEST(test_codecs_every_one)
{
	static const char *const want[] = { "opus", "g722", "gsm", "g729" };
	const struct tw_diag *g;
	size_t i, k;

	tw_wizard_start_new(w);
	choose("generic");
	for (k = 0; k < TW_ARRAY_LEN(want); k++) {
		for (i = 0; i < w->ncodecs && strcmp(w->codecs[i], want[k]) != 0; i++)
			;
		ck_assert_msg(i < w->ncodecs, "%s is not offered", want[k]);
	}
	for (i = 0; i < w->ncodecs && strcmp(w->codecs[i], "opus") != 0; i++)
		;
	ck_assert_ptr_null(tw_wizard_error(w, "codecs"));
	tw_wizard_codec_toggle(w, i);
	ck_assert_str_eq(tw_wizard_value(w, "codecs", NULL), "ulaw,alaw,opus");
	g = tw_wizard_error(w, "codecs");
	ck_assert_ptr_nonnull(g);
	ck_assert_int_eq(g->sev, TW_WARNING);
	ck_assert_ptr_nonnull(strstr(g->msg, "codec opus (its list: ulaw,alaw)"));
}
END_TEST

/* The Inbound numbers table: rows checked as they are entered, shown in
 * the provider's format, kept in the answer did_routes. */
START_TEST(test_did_table)
{
	char **items, *err = NULL, *m;
	size_t n;

	tw_wizard_start_new(w);
	choose("generic");
	set("number_format", "e164");
	ck_assert_int_eq(tw_wizard_did_set(w, 0, "2125551234", "100@from-internal", &err), 0);
	ck_assert_int_eq(tw_wizard_did_set(w, 9, "_1212555XXXX", "s@sales", &err), 0);
	ck_assert_int_eq(tw_wizard_did_set(w, 9, "+12125551234", "101", &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "routed twice"));
	free(err);
	ck_assert_int_eq(tw_wizard_did_set(w, 9, "212555", "101", &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "10 digits"));
	free(err);
	ck_assert_int_eq(tw_wizard_did_set(w, 9, "2125551239", "1${EXTEN}", &err), -1);
	free(err);
	ck_assert_int_eq(tw_wizard_did_set(w, 9, "2125551239", "1,2", &err), -1);
	free(err);
	ck_assert_str_eq(tw_wizard_value(w, "did_routes", NULL),
	                 "2125551234:100@from-internal,_1212555XXXX:s@sales");
	m = tw_wizard_did_match(w, "2125551234:100@from-internal");
	ck_assert_str_eq(m, "+12125551234");
	free(m);
	ck_assert_int_eq(tw_wizard_did_set(w, 0, "2125551230", "100@from-internal", &err), 0);
	tw_wizard_did_delete(w, 1);
	n = tw_wizard_dids(w, &items);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(items[0], "2125551230:100@from-internal");
	tw_strv_free(&items, n);
	ck_assert_int_eq(tw_wizard_locate(w, "did_routes", &(enum tw_wiz_screen){ 0 }, &n), 0);
}
END_TEST

/* TLS: the port follows, certificate fields appear for a created TLS
 * transport; the Advanced screen has the keys no other screen shows. */
START_TEST(test_tls_and_advanced)
{
	static const char *const adv[] = {
		"dtmf_mode", "media_encryption", "nat", "from_domain", "outbound_proxy",
		"qualify_frequency", "qualify_timeout", "expiration", "retry_interval",
		"transport_name", "asterisk_version",
	};
	size_t i;

	tw_wizard_start_new(w);
	choose("telnyx");
	ck_assert_str_eq(tw_wizard_value(w, "port", NULL), "5060");
	ck_assert(!has_field(TW_WIZ_NETWORK, "cert_file"));
	set("transport", "tls");
	ck_assert_str_eq(tw_wizard_value(w, "port", NULL), "5061");
	ck_assert_str_eq(tw_wizard_value(w, "media_encryption", NULL), "sdes");
	ck_assert(has_field(TW_WIZ_NETWORK, "cert_file"));
	ck_assert(has_field(TW_WIZ_NETWORK, "priv_key_file"));
	set("cert_file", "relative.pem");
	ck_assert_ptr_nonnull(tw_wizard_error(w, "cert_file"));
	set("transport", "udp");
	ck_assert_str_eq(tw_wizard_value(w, "port", NULL), "5060");
	for (i = 0; i < TW_ARRAY_LEN(adv); i++)
		ck_assert_msg(has_field(TW_WIZ_ADVANCED, adv[i]), "%s not on Advanced", adv[i]);
	set("qualify_frequency", "abc");
	ck_assert_ptr_nonnull(tw_wizard_error(w, "qualify_frequency"));
	ck_assert_uint_eq(tw_wizard_screen_errors(w, TW_WIZ_ADVANCED), 1);
}
END_TEST

/* Edit: a saved identify list naming the server follows a region
 * change (it used to stay on the old server). */
START_TEST(test_region_moves_identify)
{
	struct tw_diags d;
	char *before;

	tw_wizard_start_new(w);
	choose("voipms");
	set("name", "vms");
	set("username", "u");
	set("password", "p");
	before = tw_xstrdup(tw_wizard_value(w, "server", NULL));
	{
		char *e = NULL;

		ck_assert_int_eq(tw_wizard_ident_add(w, "192.0.2.99", &e), 0);
		free(e);
	}
	ck_assert_ptr_nonnull(strstr(tw_wizard_value(w, "identify", NULL), before));
	write_ok();
	tw_diags_init(&d);
	ck_assert_int_eq(tw_wizard_start_edit(w, "vms", &d), 0);
	tw_diags_clear(&d);
	ck_assert_uint_eq(w->nident, 2);
	tw_wizard_cycle(w, "region", 1);
	ck_assert_str_ne(tw_wizard_value(w, "server", NULL), before);
	ck_assert_ptr_null(strstr(tw_wizard_value(w, "identify", NULL), before));
	ck_assert_ptr_nonnull(strstr(tw_wizard_value(w, "identify", NULL),
	                             tw_wizard_value(w, "server", NULL)));
	ck_assert_ptr_nonnull(strstr(tw_wizard_value(w, "identify", NULL), "192.0.2.99"));
	free(before);
}
END_TEST

/* Caller ID is checked under its field. */
START_TEST(test_callerid_checked)
{
	tw_wizard_start_new(w);
	choose("generic");
	set("callerid", "\"Office\" <+12125551234>");
	ck_assert_ptr_null(tw_wizard_error(w, "callerid"));
	set("callerid", "Office 2125551234");
	ck_assert_ptr_nonnull(tw_wizard_error(w, "callerid"));
	set("callerid", "\"Office <+1212>");
	ck_assert_ptr_nonnull(tw_wizard_error(w, "callerid"));
	set("callerid", "2125551234");
	ck_assert_ptr_null(tw_wizard_error(w, "callerid"));
}
END_TEST

START_TEST(test_providers_filter)
{
	const struct tw_profile **v;
	size_t n;

	n = tw_wizard_providers(w, "", &v);
	ck_assert_uint_ge(n, 3);
	ck_assert_str_eq(v[n - 1]->id, "generic");
	free(v);
	n = tw_wizard_providers(w, "TELNYX", &v);     /* case-insensitive */
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(v[0]->id, "telnyx");
	free(v);
	n = tw_wizard_providers(w, "outbound ip", &v);   /* every word must match */
	ck_assert_uint_ge(n, 1);
	free(v);
	n = tw_wizard_providers(w, "nosuchprovider", &v);
	ck_assert_uint_eq(n, 0);
	free(v);
}
END_TEST

START_TEST(test_write_switch_edit)
{
	struct tw_diags d;
	char *cmd, *path;
	struct stat st;
	struct tw_wiz_review r;

	tw_wizard_start_new(w);
	choose("generic");
	set("server", "sip.example.com");
	set("username", "acct");
	set("password", "s3cret;x");
	ck_assert(tw_wizard_dirty(w));
	write_ok();
	ck_assert(!tw_wizard_dirty(w));
	path = tw_xasprintf("%s/trunkwiz/trunk-pjsip.conf", confdir);
	ck_assert_int_eq(stat(path, &st), 0);
	free(path);
	cmd = tw_wizard_command(w, "/root/trunk.password", NULL);
	ck_assert_ptr_nonnull(strstr(cmd, "password_file=/root/trunk.password"));
	ck_assert_ptr_null(strstr(cmd, "s3cret"));
	ck_assert_ptr_nonnull(strstr(cmd, " apply "));
	ck_assert_ptr_nonnull(strstr(cmd, "server=sip.example.com"));
	free(cmd);
	ck_assert_uint_eq(w->ntrunks, 1);

	/* a second new trunk cannot take the name */
	tw_wizard_start_new(w);
	choose("generic");
	ck_assert_str_eq(tw_wizard_value(w, "name", NULL), "trunk2");
	/* ... and gets contexts of its own: the first trunk has from-trunk */
	ck_assert_str_eq(tw_wizard_value(w, "context", NULL), "from-trunk2");
	ck_assert_str_eq(tw_wizard_value(w, "outbound_context", NULL), "outbound-trunk2");
	set("name", "trunk");
	ck_assert_ptr_nonnull(tw_wizard_error(w, "name"));

	/* switch: the name stays, credentials go */
	tw_diags_init(&d);
	ck_assert_int_eq(tw_wizard_start_switch(w, "trunk", &d), 0);
	ck_assert_int_eq(w->screen, TW_WIZ_PROVIDER);
	choose("telnyx");
	ck_assert_str_eq(tw_wizard_value(w, "name", NULL), "trunk");
	ck_assert_str_eq(tw_wizard_value(w, "server", NULL), "sip.telnyx.com");
	ck_assert_ptr_nonnull(tw_wizard_error(w, "username"));
	ck_assert(tw_wizard_dirty(w));
	tw_wizard_review(w, &r);
	ck_assert_uint_gt(r.errors, 0);
	ck_assert(!r.planned);
	ck_assert_int_eq(tw_wizard_write(w, &r, &d), -1);
	tw_wiz_review_free(&r);
	set("username", "newacct");
	set("password", "other");
	write_ok();
	path = tw_xasprintf("%s/trunkwiz/trunk-pjsip.conf", confdir);
	cmd = tw_test_slurp(path, NULL);
	ck_assert_ptr_nonnull(strstr(cmd, "[trunk-endpoint]"));
	ck_assert_ptr_nonnull(strstr(cmd, "sip.telnyx.com"));
	ck_assert_ptr_nonnull(strstr(cmd, "newacct"));
	free(cmd);
	free(path);

	/* edit: starts at the Trunk screen with the saved answers */
	ck_assert_int_eq(tw_wizard_start_edit(w, "trunk", &d), 0);
	ck_assert_int_eq(w->screen, TW_WIZ_TRUNK);
	ck_assert_str_eq(tw_wizard_value(w, "username", NULL), "newacct");
	ck_assert_str_eq(tw_wizard_value(w, "provider", NULL), "telnyx");
	ck_assert(!tw_wizard_dirty(w));
	ck_assert_int_eq(tw_wizard_start_edit(w, "nosuch", &d), -1);
	tw_diags_clear(&d);
}
END_TEST

/* Every field's hint fits the row an 80x24 screen leaves it: 80 columns
 * less the field column (22) and the margin (2); '(provider default) ' is
 * dropped when it does not fit beside it, the hint never is. */
START_TEST(test_hints_fit)
{
	static const enum tw_wiz_screen screens[] = { TW_WIZ_TRUNK, TW_WIZ_NETWORK, TW_WIZ_DIALING };
	static const char *const providers[] = { "generic", "telnyx", "sipgate", "twilio" };
	const struct tw_wiz_field *f[TW_WIZ_MAX_FIELDS];
	size_t p, s, i, n, seen = 0;

	for (p = 0; p < TW_ARRAY_LEN(providers); p++) {
		tw_wizard_start_new(w);
		choose(providers[p]);
		for (s = 0; s < TW_ARRAY_LEN(screens); s++) {
			n = tw_wizard_fields(w, screens[s], f);
			for (i = 0; i < n; i++, seen++)
				ck_assert_msg(strlen(f[i]->help) <= 80 - 22 - 2, "hint of %s is %zu wide: %s",
				              f[i]->key, strlen(f[i]->help), f[i]->help);
		}
	}
	ck_assert_uint_gt(seen, 40);
}
END_TEST

/* The second trunk is written with the contexts the wizard showed. */
START_TEST(test_second_trunk_contexts)
{
	char *path, *text;

	tw_wizard_start_new(w);
	choose("generic");
	set("server", "sip.example.com");
	set("username", "acct");
	set("password", "pw");
	ck_assert_str_eq(tw_wizard_value(w, "context", NULL), "from-trunk");
	write_ok();
	tw_wizard_start_new(w);
	choose("generic");
	set("name", "backup");
	set("server", "sip2.example.com");
	set("username", "acct2");
	set("password", "pw2");
	ck_assert_str_eq(tw_wizard_value(w, "context", NULL), "from-backup");
	ck_assert_str_eq(tw_wizard_value(w, "outbound_context", NULL), "outbound-backup");
	write_ok();
	path = tw_xasprintf("%s/trunkwiz/backup-extensions.conf", confdir);
	text = tw_test_slurp(path, NULL);
	ck_assert_ptr_nonnull(strstr(text, "\n[from-backup]\n"));
	ck_assert_ptr_nonnull(strstr(text, "\n[outbound-backup]\n"));
	free(text);
	free(path);
	path = tw_xasprintf("%s/trunkwiz/state/backup.conf", confdir);
	text = tw_test_slurp(path, NULL);
	ck_assert_ptr_nonnull(strstr(text, "context = from-backup"));
	free(text);
	free(path);
}
END_TEST

START_TEST(test_review_masks)
{
	struct tw_wiz_review r;

	tw_wizard_start_new(w);
	choose("generic");
	set("server", "sip.example.com");
	set("username", "acct");
	set("password", "s3cret");
	tw_wizard_review(w, &r);
	ck_assert_uint_eq(r.errors, 0);
	ck_assert_ptr_null(strstr(r.diff, "s3cret"));
	ck_assert_ptr_null(strstr(r.files, "s3cret"));
	ck_assert_ptr_nonnull(strstr(r.files, "password = ********"));
	ck_assert_ptr_nonnull(strstr(r.diff, "+#include trunkwiz/trunk-pjsip.conf"));
	tw_wiz_review_free(&r);
}
END_TEST

START_TEST(test_dir_problem)
{
	char *s = tw_wizard_dir_problem(w);

	ck_assert_ptr_null(s);    /* the test's copy is writable */
	opts.confdir = "/nonexistent/trunkwiz-test";
	tw_wizard_free(&w);
	w = tw_wizard_new(&profiles, &opts);
	s = tw_wizard_dir_problem(w);
	ck_assert_ptr_nonnull(s);
	ck_assert_ptr_nonnull(strstr(s, "does not exist"));
	free(s);
	ck_assert(!tw_wizard_has_transport(w));
	opts.confdir = confdir;
}
END_TEST

START_TEST(test_command_quoting)
{
	char *cmd;

	tw_wizard_start_new(w);
	choose("generic");
	set("server", "sip.example.com");
	set("callerid", "\"Joe's Office\" <+12125551234>");
	set("password", "it's secret");
	cmd = tw_wizard_command(w, "/root/p w", "-P /opt/providers");
	/* one shell word per answer, quotes escaped; the secret never */
	ck_assert_ptr_nonnull(strstr(cmd, " -P /opt/providers apply "));
	ck_assert_ptr_nonnull(strstr(cmd, "'callerid=\"Joe'\\''s Office\" <+12125551234>'"));
	ck_assert_ptr_nonnull(strstr(cmd, "'password_file=/root/p w'"));
	ck_assert_ptr_null(strstr(cmd, "secret"));
	ck_assert_ptr_nonnull(strstr(cmd, "create_transport=yes"));
	free(cmd);
}
END_TEST

START_TEST(test_edit_flow)
{
	struct tw_diags d;
	unsigned n;
	enum tw_wiz_screen s;
	size_t f;

	tw_wizard_start_new(w);
	choose("generic");
	set("name", "pbx");
	set("server", "sip.example.com");
	set("username", "u");
	set("password", "p");
	write_ok();
	tw_diags_init(&d);
	ck_assert_int_eq(tw_wizard_start_edit(w, "pbx", &d), 0);
	tw_diags_clear(&d);
	/* editing keeps the provider: no Provider step */
	ck_assert_uint_eq(tw_wizard_step(w, TW_WIZ_TRUNK, &n), 1);
	ck_assert_uint_eq(n, 8);
	ck_assert_uint_eq(tw_wizard_step(w, TW_WIZ_PROVIDER, &n), 0);
	tw_wizard_back(w);
	ck_assert_int_eq(w->screen, TW_WIZ_HOME);
	/* the answers stay for Continue */
	set("username", "u2");
	ck_assert(tw_wizard_dirty(w));
	tw_wizard_next(w);
	ck_assert_int_eq(w->screen, TW_WIZ_TRUNK);
	ck_assert_str_eq(tw_wizard_value(w, "username", NULL), "u2");
	/* a review error maps to its screen and field */
	set("inbound_exten", "no spaces allowed");
	ck_assert_int_eq(tw_wizard_locate(w, "inbound_exten", &s, &f), 0);
	ck_assert_int_eq(s, TW_WIZ_DIALING);
	ck_assert_uint_eq(tw_wizard_screen_errors(w, TW_WIZ_DIALING), 1);
	ck_assert_uint_eq(tw_wizard_screen_errors(w, TW_WIZ_TRUNK), 0);
}
END_TEST

static int slow(struct tw_task *t, void *arg)
{
	int *seen = arg;

	tw_task_status(t, "working");
	tw_task_progress(t, 1, 2);
	tw_task_line(t, "step %d", 1);
	while (!tw_task_cancelled(t))
		usleep(1000);
	*seen = 1;
	return -1;
}

START_TEST(test_task)
{
	int *seen = tw_xcalloc(1, sizeof(*seen));
	struct tw_task *t = tw_task_start(slow, seen, free);
	char *s = NULL, *out;
	long done = 0, total = 0;
	int i;

	for (i = 0; i < 2000; i++) {
		free(s);
		s = tw_task_status_text(t, &done, &total);
		if (strcmp(s, "working") == 0 && total == 2)
			break;
		usleep(1000);
	}
	ck_assert_str_eq(s, "working");
	free(s);
	ck_assert(!tw_task_finished(t));
	tw_task_cancel(t);
	for (i = 0; i < 2000 && !tw_task_finished(t); i++)
		usleep(1000);
	ck_assert(tw_task_finished(t));
	ck_assert_int_eq(tw_task_result(t), -1);
	ck_assert_int_eq(*(int *)tw_task_arg(t), 1);
	out = tw_task_output(t);
	ck_assert_str_eq(out, "step 1\n");
	free(out);
	tw_task_release(&t);
	ck_assert_ptr_null(t);
}
END_TEST

/* The toll-fraud guard in the Review: an identify that admits everyone
 * and inbound calls passed on to the trunk's own dial rules are errors
 * under their fields; nothing can be written. Also no dialplan code in a
 * caller ID, refused as typed. */
START_TEST(test_review_toll_fraud)
{
	struct tw_wiz_review r;
	enum tw_wiz_screen s;
	size_t i, f;
	bool identify = false, context = false;

	tw_wizard_start_new(w);
	choose("twilio");
	set("auth", "ip");
	set("server", "x.pstn.twilio.com");
	set("identify", "0.0.0.0/0");
	set("inbound_context", "outbound");
	set("inbound_exten", "${EXTEN}");
	set("callerid", "${SHELL(id)}");
	ck_assert_ptr_nonnull(tw_wizard_error(w, "callerid"));
	ck_assert_ptr_nonnull(strstr(tw_wizard_error(w, "callerid")->msg, "'${'"));
	set("callerid", "\"Office\" <+12125551234>");
	ck_assert_ptr_null(tw_wizard_error(w, "callerid"));
	tw_wizard_review(w, &r);
	for (i = 0; i < r.diags.n; i++) {
		const struct tw_diag *g = &r.diags.v[i];

		if (g->sev != TW_ERROR || !g->field)
			continue;
		identify |= strcmp(g->field, "identify") == 0 && strstr(g->msg, "covers every IPv4");
		context |= strcmp(g->field, "context") == 0 &&
		           strstr(g->msg, "calls from the provider can dial out through PJSIP/twilio-endpoint");
	}
	ck_assert(identify);
	ck_assert(context);
	ck_assert(!r.planned);
	ck_assert_int_eq(tw_wizard_locate(w, "identify", &s, &f), 0);
	ck_assert_int_eq(s, TW_WIZ_IDENTIFY);
	tw_wiz_review_free(&r);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("wizard");
	TCase *tc = tcase_create("model");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_flow_new);
	tcase_add_test(tc, test_choices);
	tcase_add_test(tc, test_checks_as_you_type);
	tcase_add_test(tc, test_identify_list);
	tcase_add_test(tc, test_codecs);
	tcase_add_test(tc, test_codecs_every_one);
	tcase_add_test(tc, test_did_table);
	tcase_add_test(tc, test_tls_and_advanced);
	tcase_add_test(tc, test_region_moves_identify);
	tcase_add_test(tc, test_callerid_checked);
	tcase_add_test(tc, test_providers_filter);
	tcase_add_test(tc, test_write_switch_edit);
	tcase_add_test(tc, test_second_trunk_contexts);
	tcase_add_test(tc, test_hints_fit);
	tcase_add_test(tc, test_review_masks);
	tcase_add_test(tc, test_task);
	tcase_add_test(tc, test_command_quoting);
	tcase_add_test(tc, test_dir_problem);
	tcase_add_test(tc, test_edit_flow);
	tcase_add_test(tc, test_review_toll_fraud);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tw_test_run(suite());
}
