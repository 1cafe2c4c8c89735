#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "trunkwiz/doctor.h"
#include "base/file.h"
#include "trunkwiz/install.h"
#include "tw_test.h"
#include "doctor/doctor.h"

static char *tmp, *prog;

/* A script that plays Asterisk; body is shell code run with the command in
 * $2. */
static void fake(const char *body)
{
	FILE *f = fopen(prog, "w");

	ck_assert_ptr_nonnull(f);
	fprintf(f, "#!/bin/sh\n%s\n", body);
	fclose(f);
	chmod(prog, 0755);
}

static void setup(void)
{
	tmp = tw_test_tmpdir();
	prog = tw_xasprintf("%s/asterisk", tmp);
}

static void teardown(void)
{
	tw_test_rmtree(tmp);
	free(tmp);
	free(prog);
}

START_TEST(test_rx_output_and_status)
{
	char *out = NULL;

	fake("echo \"ran $1 [$2]\"; exit 3");
	ck_assert_int_eq(tw_asterisk_rx(prog, "core show version", 5000, &out), 3);
	ck_assert_str_eq(out, "ran -rx [core show version]\n");
	free(out);
}
END_TEST

START_TEST(test_rx_timeout)
{
	char *out = NULL;

	fake("sleep 5");
	ck_assert_int_eq(tw_asterisk_rx(prog, "x", 200, &out), -1);
	ck_assert_ptr_nonnull(strstr(out, "did not answer within 200 ms"));
	free(out);
}
END_TEST

START_TEST(test_not_installed)
{
	char *out = NULL;

	ck_assert_int_eq(tw_asterisk_rx("/nonexistent/asterisk", "x", 2000, &out), -1);
	ck_assert_ptr_nonnull(strstr(out, "not installed"));
	free(out);
	ck_assert(!tw_asterisk_running("/nonexistent/asterisk"));
}
END_TEST

START_TEST(test_running)
{
	fake("echo 'Asterisk 22.10.1 built by x'");
	ck_assert(tw_asterisk_running(prog));
	fake("echo 'Unable to connect to remote asterisk'; exit 1");
	ck_assert(!tw_asterisk_running(prog));
}
END_TEST

START_TEST(test_registration_status)
{
	static const char out[] =
		" <Registration/ServerURI..............................>  <Auth....>  <Status.......>\n"
		"==========================================================================\n"
		" office-reg/sip:sip.telnyx.com                             office-auth  Registered\r\n"
		" office-reg2/sip:other.example.com                         x-auth       Rejected\n";
	char *status = NULL, *uri = NULL;

	ck_assert(tw_ast_registration(out, "office-reg", &status, &uri));
	ck_assert_str_eq(status, "Registered");
	ck_assert_str_eq(uri, "sip:sip.telnyx.com");
	free(status);
	free(uri);
	ck_assert(tw_ast_registration(out, "office-reg2", &status, &uri));
	ck_assert_str_eq(status, "Rejected");
	free(status);
	free(uri);
	ck_assert(!tw_ast_registration(out, "office", &status, &uri));
	ck_assert(!tw_ast_registration("", "office-reg", &status, &uri));
}
END_TEST

START_TEST(test_reload_waits_for_registration)
{
	struct tw_buf r;
	struct tw_diags d;
	char *log = tw_xasprintf("%s/log", tmp), *body;

	/* Unregistered on the first two polls, then Registered. */
	body = tw_xasprintf(
		"echo \"$2\" >>'%s'\n"
		"case \"$2\" in\n"
		"'pjsip show registrations')\n"
		"  n=$(grep -c registrations '%s')\n"
		"  if [ \"$n\" -lt 3 ]; then s=Unregistered; else s=Registered; fi\n"
		"  echo \" t-reg/sip:h   t-auth   $s\" ;;\n"
		"esac", log, log);
	fake(body);
	tw_buf_init(&r);
	tw_diags_init(&d);
	ck_assert_int_eq(tw_asterisk_reload(prog, "t", true, 5000, &r, &d), 0);
	ck_assert_ptr_nonnull(strstr(r.data, "module reload res_pjsip.so: done"));
	ck_assert_ptr_nonnull(strstr(r.data, "dialplan reload: done"));
	ck_assert_ptr_nonnull(strstr(r.data, "registration: t-reg/sip:h Registered"));
	ck_assert_uint_eq(d.n, 0);
	tw_buf_free(&r);
	fake("exit 1");
	tw_buf_init(&r);
	ck_assert_int_eq(tw_asterisk_reload(prog, "t", true, 100, &r, &d), -1);
	ck_assert(tw_diags_has_errors(&d));
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "module reload res_pjsip.so"));
	tw_buf_free(&r);
	tw_diags_clear(&d);
	free(body);
	free(log);
}
END_TEST

/* The reload after a write: nothing is run but the check when Asterisk
 * does not answer; else the reload and the registration. */
START_TEST(test_install_reload)
{
	struct tw_buf r;
	struct tw_diags d;
	char *log = tw_xasprintf("%s/log", tmp), *body;
	char *data = NULL;
	size_t len = 0;

	body = tw_xasprintf("echo \"$2\" >>'%s'; echo 'Unable to connect to remote asterisk'; exit 1",
	                    log);
	fake(body);
	free(body);
	tw_buf_init(&r);
	tw_diags_init(&d);
	ck_assert_int_eq(tw_install_reload(prog, "t", true, NULL, &r, &d), 0);
	ck_assert_ptr_nonnull(strstr(r.data, "Asterisk is not running"));
	ck_assert_ptr_nonnull(strstr(r.data, "nothing reloaded"));
	ck_assert_uint_eq(d.n, 0);
	ck_assert_int_eq(tw_file_read(log, &data, &len), 0);
	ck_assert_ptr_null(strstr(data, "reload"));
	free(data);
	tw_buf_free(&r);
	fake("case \"$2\" in\n"
	     "'pjsip show registrations') echo ' t-reg/sip:h   t-auth   Registered' ;;\n"
	     "*) echo 'Asterisk 22.1.0' ;;\n"
	     "esac");
	tw_buf_init(&r);
	ck_assert_int_eq(tw_install_reload(prog, "t", true, NULL, &r, &d), 0);
	ck_assert_ptr_nonnull(strstr(r.data, "dialplan reload: done"));
	ck_assert_ptr_nonnull(strstr(r.data, "registration: t-reg/sip:h Registered"));
	ck_assert_uint_eq(d.n, 0);
	tw_buf_free(&r);
	tw_diags_clear(&d);
	free(log);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("asterisk");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_rx_output_and_status);
	tcase_add_test(tc, test_rx_timeout);
	tcase_add_test(tc, test_not_installed);
	tcase_add_test(tc, test_running);
	tcase_add_test(tc, test_registration_status);
	tcase_add_test(tc, test_reload_waits_for_registration);
	tcase_add_test(tc, test_install_reload);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tw_test_run(suite());
}
