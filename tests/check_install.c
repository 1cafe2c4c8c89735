#include "config.h"

#include <grp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "trunkwiz/install.h"
#include "install_fixture.h"
#include "tw_test.h"
#include "install/install.h"

static char *slurp(const char *rel, size_t *len)
{
	char *p = tw_xasprintf("%s/%s", cfg, rel), *s = tw_test_slurp(p, len);

	free(p);
	return s;
}

static bool exists(const char *rel)
{
	char *p = tw_xasprintf("%s/%s", cfg, rel);
	bool e = access(p, F_OK) == 0;

	free(p);
	return e;
}

static mode_t mode_of(const char *rel)
{
	char *p = tw_xasprintf("%s/%s", cfg, rel);
	struct stat sb;

	ck_assert_int_eq(stat(p, &sb), 0);
	free(p);
	return sb.st_mode & 07777;
}

static const struct tw_profile *profile_of(const struct tw_trunk *t)
{
	const char *id = tw_trunk_get(t, "provider");
	const struct tw_profile *p = tw_profiles_find(&ps, id ? id : "generic");

	ck_assert_ptr_nonnull(p);
	return p;
}

static bool has_diag(const struct tw_diags *d, enum tw_severity sev, const char *needle)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->v[i].sev == sev && strstr(d->v[i].msg, needle))
			return true;
	return false;
}

/* Plan and commit; returns the plan's rc and leaves diagnostics in d. */
static int apply(const struct tw_install_opts *o, const char *words, struct tw_diags *d)
{
	struct tw_trunk *t = trunk(words);
	struct tw_plan p;
	int rc;

	tw_plan_init(&p);
	rc = tw_install_plan_apply(o, t, profile_of(t), &p, d);
	if (rc == 0)
		rc = tw_plan_commit(o, &p, d);
	tw_plan_free(&p);
	tw_trunk_free(&t);
	return rc;
}

static int remove_trunk(const struct tw_install_opts *o, const char *name, struct tw_diags *d)
{
	struct tw_plan p;
	int rc;

	tw_plan_init(&p);
	rc = tw_install_plan_remove(o, name, &p, d);
	if (rc == 0)
		rc = tw_plan_commit(o, &p, d);
	tw_plan_free(&p);
	return rc;
}

#define GENERIC "name=main username=acct password=pw;1 server=sip.example.com identify=192.0.2.10"

START_TEST(test_fresh_needs_transport)
{
	struct tw_install_opts o;
	struct tw_trunk *t = trunk(GENERIC);
	struct tw_plan p;
	struct tw_diags d;

	use_data("fresh");
	opts(&o);
	tw_diags_init(&d);
	tw_plan_init(&p);
	ck_assert_int_eq(tw_install_plan_apply(&o, t, profile_of(t), &p, &d), -1);
	ck_assert(has_diag(&d, TW_ERROR, "defines no transport for udp"));
	ck_assert_str_eq(d.v[0].field, "create_transport");
	tw_plan_free(&p);
	tw_diags_clear(&d);
	tw_trunk_free(&t);
}
END_TEST

START_TEST(test_fresh_plan_order_and_text)
{
	struct tw_install_opts o;
	struct tw_trunk *t = trunk(GENERIC " transport=create public_ip=203.0.113.7");
	const char *nets[2] = { "192.168.1.0/24", "10.0.0.0/8" };
	struct tw_plan p;
	struct tw_diags d;
	const struct tw_change *c;

	use_data("fresh");
	opts(&o);
	o.local_nets = nets;
	o.nlocal_nets = 2;
	tw_diags_init(&d);
	tw_plan_init(&p);
	ck_assert_int_eq(tw_install_plan_apply(&o, t, profile_of(t), &p, &d), 0);
	ck_assert_uint_eq(p.n, 6);
	ck_assert_str_eq(p.v[0].label, "trunkwiz/state/main.conf");
	ck_assert_str_eq(p.v[1].label, "trunkwiz/main-pjsip.conf");
	ck_assert_str_eq(p.v[2].label, "trunkwiz/main-extensions.conf");
	ck_assert_str_eq(p.v[3].label, "trunkwiz/transport.conf");
	ck_assert_str_eq(p.v[4].label + strlen(p.v[4].label) - 10, "pjsip.conf");
	ck_assert_str_eq(p.v[5].label + strlen(p.v[5].label) - 15, "extensions.conf");
	ck_assert(p.v[0].secret && p.v[1].secret && !p.v[2].secret);
	ck_assert_uint_eq(p.v[0].attrs.mode, 0600);
	ck_assert_uint_eq(p.v[1].attrs.mode, 0600); /* no such group: 0600 */
	c = &p.v[3];
	ck_assert_ptr_nonnull(strstr(c->new, "[transport-udp]\ntype = transport\nprotocol = udp\n"
	                                    "bind = 0.0.0.0:5060\nlocal_net = 192.168.1.0/24\n"
	                                    "local_net = 10.0.0.0/8\n"
	                                    "external_media_address = 203.0.113.7\n"
	                                    "external_signaling_address = 203.0.113.7\n"));
	c = &p.v[4];
	ck_assert_uint_eq(c->newlen, c->oldlen + strlen("#include trunkwiz/transport.conf ; trunkwiz: transport\n"
	                                                 "#include trunkwiz/main-pjsip.conf ; trunkwiz: trunk main\n"));
	ck_assert_int_eq(memcmp(c->new, c->old, c->oldlen), 0);
	ck_assert_str_eq(c->new + c->oldlen, "#include trunkwiz/transport.conf ; trunkwiz: transport\n"
	                                     "#include trunkwiz/main-pjsip.conf ; trunkwiz: trunk main\n");
	/* the password is escaped in the trunk's file and in the answers */
	ck_assert_ptr_nonnull(strstr(p.v[1].new, "password = pw\\;1\n"));
	ck_assert_ptr_nonnull(strstr(p.v[0].new, "password = pw\\;1\n"));
	ck_assert(!tw_diags_has_errors(&d));
	tw_plan_free(&p);
	tw_diags_clear(&d);
	tw_trunk_free(&t);
}
END_TEST

/* Apply then remove on a rich config (CRLF pjsip.conf, extensions.conf
 * without a final newline, Latin-1 bytes, templates, includes): every other
 * byte stays, and remove gives back the exact original bytes. */
START_TEST(test_rich_roundtrip)
{
	struct tw_install_opts o;
	struct tw_diags d;
	char *pj0, *ex0, *pj1, *ex1, *acme0, *acme1;
	size_t pjl0, exl0, pjl1, exl1;
	static const char pj_line[] = "#include trunkwiz/main-pjsip.conf ; trunkwiz: trunk main\r\n";
	static const char ex_line[] = "\n#include trunkwiz/main-extensions.conf ; trunkwiz: trunk main, newline added above\n";

	use_data("rich");
	opts(&o);
	tw_diags_init(&d);
	pj0 = slurp("pjsip.conf", &pjl0);
	ex0 = slurp("extensions.conf", &exl0);
	acme0 = slurp("pjsip.d/10-acme.conf", NULL);
	ck_assert_int_eq(apply(&o, GENERIC " outbound_context=out-main", &d), 0);
	ck_assert(!tw_diags_has_errors(&d));
	pj1 = slurp("pjsip.conf", &pjl1);
	ex1 = slurp("extensions.conf", &exl1);
	ck_assert_uint_eq(pjl1, pjl0 + strlen(pj_line));
	ck_assert_int_eq(memcmp(pj1, pj0, pjl0), 0);
	ck_assert_str_eq(pj1 + pjl0, pj_line);
	ck_assert_uint_eq(exl1, exl0 + strlen(ex_line));
	ck_assert_int_eq(memcmp(ex1, ex0, exl0), 0);
	ck_assert_str_eq(ex1 + exl0, ex_line);
	acme1 = slurp("pjsip.d/10-acme.conf", NULL);
	ck_assert_str_eq(acme1, acme0);
	ck_assert(exists("trunkwiz/main-pjsip.conf") && exists("trunkwiz/main-extensions.conf"));
	ck_assert_uint_eq(mode_of("trunkwiz/state"), 0700);
	ck_assert_uint_eq(mode_of("trunkwiz/state/main.conf"), 0600);
	ck_assert_uint_eq(mode_of("trunkwiz/main-pjsip.conf"), 0600);
	free(pj1);
	free(ex1);

	ck_assert_int_eq(remove_trunk(&o, "main", &d), 0);
	pj1 = slurp("pjsip.conf", &pjl1);
	ex1 = slurp("extensions.conf", &exl1);
	ck_assert_uint_eq(pjl1, pjl0);
	ck_assert_int_eq(memcmp(pj1, pj0, pjl0), 0);
	ck_assert_uint_eq(exl1, exl0);
	ck_assert_int_eq(memcmp(ex1, ex0, exl0), 0);
	ck_assert(!exists("trunkwiz/main-pjsip.conf") && !exists("trunkwiz/state/main.conf"));
	free(pj0);
	free(ex0);
	free(pj1);
	free(ex1);
	free(acme0);
	free(acme1);
	tw_diags_clear(&d);
}
END_TEST

START_TEST(test_conflicts_named)
{
	struct tw_install_opts o;
	struct tw_diags d;
	char *pj0 = NULL;
	size_t i, auth_errors = 0;
	bool auth = false, ctx = false;

	use_data("rich");
	opts(&o);
	tw_diags_init(&d);
	pj0 = slurp("pjsip.conf", NULL);
	ck_assert_int_eq(apply(&o, "name=acme username=u password=p server=sip.example.com "
	                           "identify=192.0.2.10 context=from-acme", &d), -1);
	for (i = 0; i < d.n; i++) {
		const struct tw_diag *g = &d.v[i];

		if (g->file && strstr(g->file, "pjsip.d/10-acme.conf") && g->line == 2 &&
		    strstr(g->msg, "[acme-auth] is already defined here"))
			auth = true;
		if (g->sev == TW_ERROR && strstr(g->msg, "[acme-auth]"))
			auth_errors++;
		if (g->file && strstr(g->file, "extensions.conf") && g->line == 16 &&
		    strstr(g->msg, "[from-acme] is already defined here"))
			ctx = true;
	}
	ck_assert(auth);
	ck_assert(ctx);
	/* One problem, one error: the validator's "a second auth named" is not
	 * repeated beside the conflict. */
	ck_assert_uint_eq(auth_errors, 1);
	/* nothing was written */
	ck_assert(!exists("trunkwiz"));
	{
		char *pj1 = slurp("pjsip.conf", NULL);

		ck_assert_str_eq(pj1, pj0);
		free(pj1);
	}
	free(pj0);
	tw_diags_clear(&d);
}
END_TEST

/* A commit that fails at any write step puts every file back. */
START_TEST(test_rollback_at_each_step)
{
	struct tw_install_opts o;
	char *trace, *pj0, *ex0, *cmd;
	unsigned steps = 0, k, failed = 0, renamed = 0;
	FILE *f;

	use_data("rich");
	opts(&o);
	pj0 = slurp("pjsip.conf", NULL);
	ex0 = slurp("extensions.conf", NULL);
	/* count the steps of a full apply in a copy */
	trace = tw_xasprintf("%s/trace", tmp);
	cmd = tw_xasprintf("cp -a '%s' '%s.count'", cfg, cfg);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	{
		pid_t pid = fork();
		int st;

		if (pid == 0) {
			struct tw_diags d;
			char *c2 = tw_xasprintf("%s.count", cfg);

			setenv("TRUNKWIZ_TEST_TRACE", trace, 1);
			o.confdir = c2;
			tw_diags_init(&d);
			_exit(apply(&o, GENERIC " outbound_context=out-main", &d) == 0 ? 0 : 1);
		}
		ck_assert_int_eq(waitpid(pid, &st, 0), pid);
		ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	}
	f = fopen(trace, "r");
	ck_assert_ptr_nonnull(f);
	{
		char line[256];

		while (fgets(line, sizeof(line), f)) {
			steps++;
			renamed += strstr(line, " renamed") != NULL;
		}
	}
	fclose(f);
	ck_assert_uint_ge(steps, 20);
	for (k = 1; k <= steps; k++) {
		pid_t pid = fork();
		int st;

		if (pid == 0) {
			struct tw_diags d;
			char step[16];

			snprintf(step, sizeof(step), "%u", k);
			setenv("TRUNKWIZ_TEST_FAIL_AT", step, 1);
			tw_diags_init(&d);
			/* a failure reported after the last rename is only a
			 * warning: the change stands */
			_exit(apply(&o, GENERIC " outbound_context=out-main", &d) == -1 ? 1 : 0);
		}
		ck_assert_int_eq(waitpid(pid, &st, 0), pid);
		ck_assert(WIFEXITED(st));
		if (WEXITSTATUS(st) == 1) {
			char *pj1 = slurp("pjsip.conf", NULL), *ex1 = slurp("extensions.conf", NULL);

			failed++;
			ck_assert_msg(strcmp(pj1, pj0) == 0, "pjsip.conf restored after failing step %u", k);
			ck_assert_msg(strcmp(ex1, ex0) == 0, "extensions.conf restored after step %u", k);
			ck_assert_msg(!exists("trunkwiz/main-pjsip.conf"), "no trunk file after step %u", k);
			ck_assert_msg(!exists("trunkwiz/state/main.conf"), "no answers after step %u", k);
			free(pj1);
			free(ex1);
		} else {
			/* it went through: undo for the next round, in a child too,
			 * so that this process never reads the fault settings
			 * (tw_fault_point reads them once) and every child does */
			pid = fork();
			if (pid == 0) {
				struct tw_diags d;

				tw_diags_init(&d);
				_exit(remove_trunk(&o, "main", &d) == 0 ? 0 : 1);
			}
			ck_assert_int_eq(waitpid(pid, &st, 0), pid);
			ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
		}
	}
	/* A failure at any step but a 'renamed' one (reported after the
	 * rename took place: a warning, the change stands) fails the apply. */
	ck_assert_uint_eq(failed, steps - renamed);
	free(pj0);
	free(ex0);
	free(trace);
}
END_TEST

START_TEST(test_secret_group_mode)
{
	struct tw_install_opts o;
	struct tw_diags d;
	struct group *g = getgrgid(getgid());
	struct stat sb;
	char *p;

	ck_assert_ptr_nonnull(g);
	use_data("rich");
	opts(&o);
	o.group = g->gr_name;
	tw_diags_init(&d);
	ck_assert_int_eq(apply(&o, GENERIC " outbound_context=out-main", &d), 0);
	ck_assert_uint_eq(mode_of("trunkwiz/main-pjsip.conf"), 0640);
	ck_assert_uint_eq(mode_of("trunkwiz"), 0750);
	ck_assert_uint_eq(mode_of("trunkwiz/state/main.conf"), 0600);
	p = tw_xasprintf("%s/trunkwiz/main-pjsip.conf", cfg);
	ck_assert_int_eq(stat(p, &sb), 0);
	ck_assert_uint_eq(sb.st_gid, g->gr_gid);
	free(p);
	tw_diags_clear(&d);
}
END_TEST

/* Admin files keep their mode; the backup has it too. */
START_TEST(test_admin_mode_kept_and_backup)
{
	struct tw_install_opts o;
	struct tw_diags d;
	char *p, **b;
	size_t n;
	struct stat sb;

	use_data("rich");
	opts(&o);
	p = tw_xasprintf("%s/pjsip.conf", cfg);
	chmod(p, 0640);
	tw_diags_init(&d);
	ck_assert_int_eq(apply(&o, GENERIC " outbound_context=out-main", &d), 0);
	ck_assert_uint_eq(mode_of("pjsip.conf"), 0640);
	n = tw_backups_of(p, &b);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(stat(b[0], &sb), 0);
	ck_assert_uint_eq(sb.st_mode & 07777, 0640);
	tw_strv_free(&b, n);
	free(p);
	tw_diags_clear(&d);
}
END_TEST

/* The admin's files keep their owner (root can give them away; only root
 * can hand a file to another user, so it runs as root only). */
START_TEST(test_admin_owner_kept)
{
	struct tw_install_opts o;
	struct tw_diags d;
	struct stat sb;
	char *p;

	use_data("rich");
	opts(&o);
	p = tw_xasprintf("%s/extensions.conf", cfg);
	ck_assert_int_eq(chown(p, 65534, 65534), 0);
	tw_diags_init(&d);
	ck_assert_int_eq(apply(&o, GENERIC " outbound_context=out-main", &d), 0);
	ck_assert_int_eq(stat(p, &sb), 0);
	ck_assert_uint_eq(sb.st_uid, 65534);
	ck_assert_uint_eq(sb.st_gid, 65534);
	ck_assert_int_eq(remove_trunk(&o, "main", &d), 0);
	ck_assert_int_eq(stat(p, &sb), 0);
	ck_assert_uint_eq(sb.st_uid, 65534);
	free(p);
	tw_diags_clear(&d);
}
END_TEST

START_TEST(test_regenerate_unchanged_writes_nothing)
{
	struct tw_install_opts o;
	struct tw_trunk *t;
	struct tw_plan p;
	struct tw_diags d;

	use_data("rich");
	opts(&o);
	tw_diags_init(&d);
	ck_assert_int_eq(apply(&o, GENERIC " outbound_context=out-main", &d), 0);
	t = tw_trunk_new();
	ck_assert_int_eq(tw_install_load(&o, "main", t, &d), 0);
	ck_assert_str_eq(tw_trunk_get(t, "password"), "pw;1");
	tw_plan_init(&p);
	ck_assert_int_eq(tw_install_plan_apply(&o, t, profile_of(t), &p, &d), 0);
	ck_assert_uint_eq(p.n, 0);
	tw_plan_free(&p);
	tw_trunk_free(&t);
	tw_diags_clear(&d);
}
END_TEST

START_TEST(test_switch_answers)
{
	struct tw_trunk *t = trunk("name=main provider=generic username=u password=p "
	                           "server=sip.example.com identify=192.0.2.1 codecs=g729,alaw,ulaw "
	                           "context=from-main callerid=Office dial_preset=uk from_domain=x.example.com");
	const struct tw_profile *tel = tw_profiles_find(&ps, "telnyx");
	struct tw_diags d;

	ck_assert_ptr_nonnull(tel);
	tw_diags_init(&d);
	tw_install_switch_answers(t, tel, &d);
	ck_assert_str_eq(tw_trunk_get(t, "provider"), "telnyx");
	ck_assert_ptr_null(tw_trunk_get(t, "server"));
	ck_assert_ptr_null(tw_trunk_get(t, "identify"));
	ck_assert_ptr_null(tw_trunk_get(t, "from_domain"));
	ck_assert_ptr_null(tw_trunk_get(t, "username"));
	ck_assert_ptr_null(tw_trunk_get(t, "password"));
	/* the admin's order, minus what Telnyx lacks */
	ck_assert_str_eq(tw_trunk_get(t, "codecs"), "alaw,ulaw");
	ck_assert_str_eq(tw_trunk_get(t, "name"), "main");
	ck_assert_str_eq(tw_trunk_get(t, "context"), "from-main");
	ck_assert_str_eq(tw_trunk_get(t, "callerid"), "Office");
	ck_assert_str_eq(tw_trunk_get(t, "dial_preset"), "uk");
	ck_assert(has_diag(&d, TW_NOTE, "switching from generic to telnyx"));
	tw_profile_apply(tel, t);
	ck_assert_str_eq(tw_trunk_get(t, "server"), "sip.telnyx.com");
	tw_diags_clear(&d);
	tw_trunk_free(&t);
}
END_TEST

/* Two trunks side by side; the transport trunkwiz made stays until the
 * last one goes, and the files come back to their first bytes. */
START_TEST(test_two_trunks_and_transport)
{
	struct tw_install_opts o;
	struct tw_installed *v;
	struct tw_diags d;
	char *pj0, *pj1, *ex0, *ex1;
	size_t n;

	use_data("fresh");
	opts(&o);
	tw_diags_init(&d);
	pj0 = slurp("pjsip.conf", NULL);
	ex0 = slurp("extensions.conf", NULL);
	ck_assert_int_eq(apply(&o, GENERIC " transport=create", &d), 0);
	ck_assert_int_eq(apply(&o, "name=backup provider=telnyx username=u2 password=p2 "
	                           "context=from-backup outbound_context=out-backup", &d), 0);
	ck_assert(!tw_diags_has_errors(&d));
	n = tw_install_list(&o, &v);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(v[0].name, "backup");
	ck_assert_str_eq(v[0].provider, "telnyx");
	ck_assert(v[0].included && v[1].included);
	ck_assert_str_eq(v[1].name, "main");
	tw_installed_free(&v, n);
	ck_assert_int_eq(remove_trunk(&o, "main", &d), 0);
	ck_assert(exists("trunkwiz/transport.conf"));
	ck_assert_int_eq(remove_trunk(&o, "backup", &d), 0);
	ck_assert(!exists("trunkwiz/transport.conf"));
	pj1 = slurp("pjsip.conf", NULL);
	ex1 = slurp("extensions.conf", NULL);
	ck_assert_str_eq(pj1, pj0);
	ck_assert_str_eq(ex1, ex0);
	ck_assert_int_eq(remove_trunk(&o, "backup", &d), -1);
	ck_assert(has_diag(&d, TW_ERROR, "no trunk 'backup'"));
	free(pj0);
	free(pj1);
	free(ex0);
	free(ex1);
	tw_diags_clear(&d);
}
END_TEST

/* No pjsip.conf or extensions.conf at all: created, and removed again. */
START_TEST(test_missing_admin_files)
{
	struct tw_install_opts o;
	struct tw_diags d;
	char *pj;

	ck_assert_int_eq(mkdir(cfg, 0755), 0);
	opts(&o);
	tw_diags_init(&d);
	ck_assert_int_eq(apply(&o, GENERIC " transport=create", &d), 0);
	pj = slurp("pjsip.conf", NULL);
	ck_assert_ptr_nonnull(strstr(pj, "#include trunkwiz/main-pjsip.conf"));
	free(pj);
	ck_assert_int_eq(remove_trunk(&o, "main", &d), 0);
	ck_assert(!exists("pjsip.conf"));
	ck_assert(!exists("extensions.conf"));
	tw_diags_clear(&d);
}
END_TEST

START_TEST(test_dry_run_diff)
{
	struct tw_install_opts o;
	struct tw_trunk *t = trunk(GENERIC " outbound_context=out-main");
	struct tw_plan p;
	struct tw_diags d;
	struct tw_buf out;

	use_data("rich");
	opts(&o);
	tw_diags_init(&d);
	tw_plan_init(&p);
	tw_buf_init(&out);
	ck_assert_int_eq(tw_install_plan_apply(&o, t, profile_of(t), &p, &d), 0);
	tw_plan_diff(&p, &out);
	ck_assert_ptr_nonnull(strstr(out.data, "+++ b/trunkwiz/main-pjsip.conf\n"));
	ck_assert_ptr_nonnull(strstr(out.data, "+#include trunkwiz/main-pjsip.conf ; trunkwiz: trunk main\r\n"));
	ck_assert_ptr_nonnull(strstr(out.data, "+password = ********\n"));
	ck_assert_ptr_null(strstr(out.data, "pw;1"));
	ck_assert_ptr_null(strstr(out.data, "pw\\;1"));
	ck_assert(!exists("trunkwiz"));
	tw_buf_free(&out);
	tw_plan_free(&p);
	tw_diags_clear(&d);
	tw_trunk_free(&t);
}
END_TEST

/* Every command that takes a trunk name checks it before it builds a path. */
START_TEST(test_names_checked)
{
	static const char *const bad[] = { "../../../x/evil", "a/b", ".hidden", "", "..", "x y" };
	struct tw_install_opts o;
	struct tw_trunk *t;
	struct tw_plan p;
	struct tw_diags d;
	size_t i;

	use_data("rich");
	opts(&o);
	tw_diags_init(&d);
	for (i = 0; i < TW_ARRAY_LEN(bad); i++) {
		tw_plan_init(&p);
		ck_assert_int_eq(tw_install_plan_remove(&o, bad[i], &p, &d), -1);
		ck_assert_uint_eq(p.n, 0);
		ck_assert_msg(has_diag(&d, TW_ERROR, "is not a trunk name"), "remove '%s'", bad[i]);
		tw_diags_clear(&d);
		tw_plan_free(&p);
		t = tw_trunk_new();
		ck_assert_int_eq(tw_install_load(&o, bad[i], t, &d), -1);
		ck_assert_msg(has_diag(&d, TW_ERROR, "is not a trunk name"), "load '%s'", bad[i]);
		tw_diags_clear(&d);
		tw_trunk_free(&t);
	}
	ck_assert_int_eq(tw_install_check_name("main-2.b_c", &d), 0);
	ck_assert_uint_eq(d.n, 0);
}
END_TEST

/* trunkwiz/ as a symlink: refused while planning (a dry run says so too),
 * and nothing is written through it. */
START_TEST(test_own_dir_link_refused)
{
	struct tw_install_opts o;
	struct tw_diags d;
	char *elsewhere = tw_xasprintf("%s/elsewhere", tmp), *link = tw_xasprintf("%s/trunkwiz", cfg);

	use_data("rich");
	opts(&o);
	ck_assert_int_eq(mkdir(elsewhere, 0700), 0);
	ck_assert_int_eq(symlink(elsewhere, link), 0);
	tw_diags_init(&d);
	ck_assert_int_eq(apply(&o, GENERIC " outbound_context=out-main", &d), -1);
	ck_assert(has_diag(&d, TW_ERROR, "symbolic link"));
	ck_assert_str_eq(d.v[0].file, link);
	ck_assert_uint_eq(mode_of("../elsewhere"), 0700);
	{
		char *cmd = tw_xasprintf("test -z \"$(ls -A '%s')\"", elsewhere);

		ck_assert_int_eq(system(cmd), 0);
		free(cmd);
	}
	tw_diags_clear(&d);
	free(elsewhere);
	free(link);
}
END_TEST

/* Generated files are ours, whoever owns the file that includes them;
 * 0640 with the Asterisk group, else 0644. */
START_TEST(test_new_files_ours)
{
	struct tw_install_opts o;
	struct tw_diags d;
	struct group *g = getgrgid(getgid());
	char *ex = tw_xasprintf("%s/extensions.conf", cfg), *te = tw_xasprintf("%s/trunkwiz/main-extensions.conf", cfg);
	struct stat sb;

	use_data("rich");
	opts(&o);
	tw_diags_init(&d);
	if (getuid() == 0)
		ck_assert_int_eq(chown(ex, 65534, 65534), 0);
	chmod(ex, 0666 & ~0022);
	ck_assert_int_eq(apply(&o, GENERIC " outbound_context=out-main", &d), 0);
	ck_assert_int_eq(stat(te, &sb), 0);
	ck_assert_uint_eq(sb.st_uid, getuid());
	ck_assert_uint_eq(sb.st_mode & 07777, 0644);
	ck_assert_int_eq(remove_trunk(&o, "main", &d), 0);
	ck_assert_ptr_nonnull(g);
	o.group = g->gr_name;
	ck_assert_int_eq(apply(&o, GENERIC " outbound_context=out-main", &d), 0);
	ck_assert_int_eq(stat(te, &sb), 0);
	ck_assert_uint_eq(sb.st_uid, getuid());
	ck_assert_uint_eq(sb.st_gid, g->gr_gid);
	ck_assert_uint_eq(sb.st_mode & 07777, 0640);
	tw_diags_clear(&d);
	free(ex);
	free(te);
}
END_TEST

/* The password's files leave no backup behind when the trunk goes; while
 * it stays their backups keep their mode. */
START_TEST(test_remove_drops_password_backups)
{
	struct tw_install_opts o;
	struct tw_diags d;
	struct tw_plan p;
	char *tp = tw_xasprintf("%s/trunkwiz/main-pjsip.conf", cfg), **v;
	char *st = tw_xasprintf("%s/trunkwiz/state/main.conf", cfg);
	struct stat sb;
	size_t n, i;

	use_data("rich");
	opts(&o);
	tw_diags_init(&d);
	ck_assert_int_eq(apply(&o, GENERIC " outbound_context=out-main", &d), 0);
	ck_assert_int_eq(apply(&o, "name=main username=acct password=other server=sip.example.com "
	                           "identify=192.0.2.10 outbound_context=out-main", &d), 0);
	n = tw_backups_of(tp, &v);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(stat(v[0], &sb), 0);
	ck_assert_uint_eq(sb.st_mode & 07777, 0600);
	tw_strv_free(&v, n);
	n = tw_backups_of(st, &v);
	ck_assert_uint_eq(n, 1);
	tw_strv_free(&v, n);
	tw_plan_init(&p);
	ck_assert_int_eq(tw_install_plan_remove(&o, "main", &p, &d), 0);
	ck_assert_int_eq(tw_plan_commit(&o, &p, &d), 0);
	for (i = 0; i < p.n && strcmp(p.v[i].label, "trunkwiz/main-pjsip.conf") != 0; i++)
		;
	ck_assert_uint_lt(i, p.n);
	ck_assert_uint_eq(p.v[i].dropped, 1);
	ck_assert_ptr_null(p.v[i].backup);
	ck_assert_uint_ge(p.nnotes, 1);
	tw_plan_free(&p);
	ck_assert_uint_eq(tw_backups_of(tp, &v), 0);
	tw_strv_free(&v, 0);
	ck_assert_uint_eq(tw_backups_of(st, &v), 0);
	tw_strv_free(&v, 0);
	tw_diags_clear(&d);
	free(tp);
	free(st);
}
END_TEST

/* Once a password is held the process dumps no core; an answers file
 * cannot name a password file. */
START_TEST(test_secret_guards)
{
	pid_t pid = fork();
	int st;

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct tw_trunk *t = tw_trunk_new();
		struct tw_diags d;
		struct rlimit rl;
		bool ok;

		tw_diags_init(&d);
		ok = prctl(PR_GET_DUMPABLE) == 1;
		ok = ok && tw_trunk_set(t, "password", "s3cret", NULL, 0, &d) == 0;
		ok = ok && prctl(PR_GET_DUMPABLE) == 0;
		ok = ok && getrlimit(RLIMIT_CORE, &rl) == 0 && rl.rlim_cur == 0;
		ok = ok && tw_trunk_set(t, "password_file", "/etc/shadow", "state.conf", 3, &d) == -1;
		ok = ok && has_diag(&d, TW_ERROR, "only from the command line");
		ok = ok && tw_trunk_set(t, "password_file", "/dev/zero", NULL, 0, &d) == -1;
		ok = ok && has_diag(&d, TW_ERROR, "not a regular file");
		ok = ok && strcmp(tw_trunk_get(t, "password"), "s3cret") == 0;
		tw_trunk_free(&t);
		tw_diags_clear(&d);
		_exit(ok ? 0 : 1);
	}
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}
END_TEST

/* The change list both front ends print after a commit. */
START_TEST(test_plan_report)
{
	struct tw_plan p;
	struct tw_buf b;
	const struct { const char *label, *old, *new; const char *backup; } c[] = {
		{ "trunkwiz/main-pjsip.conf", NULL, "[main]\n", NULL },
		{ "pjsip.conf", "a\n", "a\n#include x\n", "pjsip.conf.20261203-101010.bak" },
		{ "extensions.conf", "a\n#include y\n", "a\n", NULL },
		{ "trunkwiz/state/main.conf", "x", NULL, NULL },
	};
	size_t i;

	tw_plan_init(&p);
	p.v = tw_xcalloc(TW_ARRAY_LEN(c), sizeof(*p.v));
	for (i = 0; i < TW_ARRAY_LEN(c); i++) {
		struct tw_change *ch = &p.v[p.n++];

		ch->label = tw_xstrdup(c[i].label);
		ch->old = c[i].old ? tw_xstrdup(c[i].old) : NULL;
		ch->oldlen = c[i].old ? strlen(c[i].old) : 0;
		ch->new = c[i].new ? tw_xstrdup(c[i].new) : NULL;
		ch->newlen = c[i].new ? strlen(c[i].new) : 0;
		ch->attrs.mode = 0640;
		ch->backup = c[i].backup ? tw_xstrdup(c[i].backup) : NULL;
	}
	tw_buf_init(&b);
	tw_plan_report(&p, &b);
	ck_assert_str_eq(b.data,
	                 "  created  trunkwiz/main-pjsip.conf (mode 0640)\n"
	                 "  updated  pjsip.conf (mode 0640), include line added, backup pjsip.conf.20261203-101010.bak\n"
	                 "  updated  extensions.conf (mode 0640), include line removed\n"
	                 "  removed  trunkwiz/state/main.conf\n");
	tw_buf_free(&b);
	tw_plan_free(&p);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("install");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_fresh_needs_transport);
	tcase_add_test(tc, test_fresh_plan_order_and_text);
	tcase_add_test(tc, test_rich_roundtrip);
	tcase_add_test(tc, test_conflicts_named);
	tcase_add_test(tc, test_rollback_at_each_step);
	tcase_add_test(tc, test_secret_group_mode);
	tcase_add_test(tc, test_admin_mode_kept_and_backup);
	tw_tcase_add_root_test(tc, test_admin_owner_kept);
	tcase_add_test(tc, test_regenerate_unchanged_writes_nothing);
	tcase_add_test(tc, test_switch_answers);
	tcase_add_test(tc, test_two_trunks_and_transport);
	tcase_add_test(tc, test_missing_admin_files);
	tcase_add_test(tc, test_dry_run_diff);
	tcase_add_test(tc, test_names_checked);
	tcase_add_test(tc, test_own_dir_link_refused);
	tcase_add_test(tc, test_new_files_ours);
	tcase_add_test(tc, test_remove_drops_password_backups);
	tcase_add_test(tc, test_secret_guards);
	tcase_add_test(tc, test_plan_report);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tw_test_run(suite());
}
