#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "json.h"
#include "trunkwiz/fetch.h"
#include "trunkwiz/install.h"
#include "trunkwiz/net.h"
#include "trunkwiz/doctor.h"
#include "trunkwiz/trunk.h"

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

static void doctor_help(void)
{
	puts("Usage: trunkwiz doctor [OPTIONS] NAME [KEY=VALUE..]\n"
	     "       trunkwiz doctor [OPTIONS] [-a FILE] KEY=VALUE..\n"
	     "Check a trunk: DNS, identify, SIP OPTIONS, REGISTER with the credentials, the\n"
	     "local transport, ports, RTP range, firewall, NAT, and Asterisk's own view.\n"
	     "NAME reads the saved answers <confdir>/trunkwiz/state/NAME.conf.\n"
	     "\n"
	     "  -a FILE             answers file (a trunk not installed yet)\n"
	     "  -p ID               provider profile\n"
	     "  -t, --timeout SECS  per network step (default 4)\n"
	     "      --public-ip ADDR  this network's public address (for the NAT check)\n"
	     "      --hosts FILE    resolve names from FILE (hosts lines, plus\n"
	     "                      'SRV NAME PRIORITY WEIGHT PORT TARGET') instead of DNS\n"
	     "      --no-register   do not send REGISTER\n"
	     "      --no-asterisk   do not ask Asterisk\n"
	     "      --no-firewall   do not read the firewall rules\n"
	     "      --cacert FILE   TLS: trust the CAs in FILE instead of the system's\n"
	     "      --insecure-tls  TLS: send REGISTER even when the provider's certificate\n"
	     "                      cannot be verified (by default no credentials go there)\n"
	     "      --json          print the report as one JSON object (see the man page)\n"
	     "Exit status: 0 nothing failed, 1 a check failed or the run was interrupted,\n"
	     "2 usage, 3 the trunk's answers could not be read.");
}

struct progress {
	bool tty;
	bool step_shown;
};

static void on_step(const char *what, void *ctx)
{
	struct progress *p = ctx;

	if (!p->tty)
		return;
	fprintf(stderr, "\r\033[K  ... %s", what);
	p->step_shown = true;
}

static void on_check(const struct tw_check *c, void *ctx)
{
	struct progress *p = ctx;
	struct tw_buf b;

	if (p->step_shown) {
		fputs("\r\033[K", stderr);
		p->step_shown = false;
	}
	tw_buf_init(&b);
	tw_check_format(c, &b);
	fputs(b.data, stdout);
	fflush(stdout);
	tw_buf_free(&b);
}

/* --json: the whole report as one object (the man page's JSON OUTPUT). */
static int emit_json(const struct tw_trunk *t, const struct tw_doctor_report *r, long long ms)
{
	json_t *checks = json_array();
	size_t count[4] = { 0, 0, 0, 0 }, i;
	const char *name = tw_trunk_get(t, "name"), *server = tw_trunk_get(t, "server");

	for (i = 0; i < r->n; i++) {
		const struct tw_check *c = &r->v[i];

		count[c->status]++;
		json_array_append_new(checks, json_pack("{s:s, s:s, s:s?, s:s?, s:I}", "name", c->id,
		                                        "status", tw_check_status_name(c->status),
		                                        "detail", c->seen, "todo", c->todo,
		                                        "ms", (json_int_t)c->ms));
	}
	return tw_cli_json_emit(json_pack("{s:s?, s:s?, s:s, s:b, s:b, s:{s:I, s:I, s:I, s:I}, s:I, s:o}",
	                                  "trunk", name, "server", server,
	                                  "transport", tw_transport_name(tw_trunk_transport(t)),
	                                  "failed", tw_doctor_failed(r), "cancelled", r->cancelled,
	                                  "counts", "ok", (json_int_t)count[TW_CHECK_OK],
	                                  "warning", (json_int_t)count[TW_CHECK_WARNING],
	                                  "failed", (json_int_t)count[TW_CHECK_FAILED],
	                                  "skipped", (json_int_t)count[TW_CHECK_SKIPPED],
	                                  "ms", (json_int_t)ms, "checks", checks));
}

static bool parse_seconds(const char *s, int *ms)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || v <= 0 || v > 600)
		return false;
	*ms = (int)(v * 1000);
	return *ms > 0;
}

/* Saved answers, then -a, then KEY=VALUE words, then -p and the
 * environment's password. */
static int load_trunk(struct tw_cli *cli, const char *name, int argc, char **argv,
                      struct tw_trunk *t, struct tw_diags *d, bool *io_error)
{
	int rc = 0;

	if (name) {
		struct tw_install_opts o;
		char *path;

		if (tw_install_check_name(name, d) < 0)
			return -1;
		tw_install_opts_init(&o);
		o.confdir = cli->confdir;
		path = tw_install_state_path(&o, name);
		if (access(path, R_OK) < 0) {
			fprintf(stderr, "trunkwiz: no saved trunk '%s': %s: %s\n"
			        "  hint: give -C DIR for another config dir, or describe the trunk with -a FILE or KEY=VALUE answers\n",
			        name, path, strerror(errno));
			free(path);
			*io_error = true;
			return -1;
		}
		free(path);
		if (tw_install_load(&o, name, t, d) < 0)
			rc = -1;
		if (!tw_trunk_get(t, "name") && tw_trunk_set(t, "name", name, NULL, 0, d) < 0)
			rc = -1;
	}
	if (tw_cli_answers(cli, t, argc, argv, d) < 0)
		rc = -1;
	return rc;
}

static int apply_profile(struct tw_cli *cli, struct tw_trunk *t, struct tw_diags *d)
{
	struct tw_profiles ps = { NULL, 0 };
	const struct tw_profile *p;
	const char *pid = tw_trunk_get(t, "provider") ? tw_trunk_get(t, "provider") : "generic";
	int rc = 0;

	p = tw_cli_load_profile(cli, pid, &ps, d);
	if (p)
		tw_profile_apply(p, t);
	else
		rc = -1;
	tw_profiles_free(&ps);
	return rc;
}

static void summary(const struct tw_doctor_report *r, long long ms)
{
	size_t count[4] = { 0, 0, 0, 0 }, i;

	for (i = 0; i < r->n; i++)
		count[r->v[i].status]++;
	printf("%zu ok, %zu warnings, %zu failed, %zu skipped (%.1f s)%s\n", count[TW_CHECK_OK],
	       count[TW_CHECK_WARNING], count[TW_CHECK_FAILED], count[TW_CHECK_SKIPPED],
	       (double)ms / 1000.0, r->cancelled ? "; interrupted" : "");
}

struct doctor_args {
	bool json;
	const char *public_ip;
	const char *hosts;
	int timeout_ms;
	unsigned skip;
	bool insecure_tls;
};

static int parse_args(struct tw_cli *cli, int argc, char **argv, struct doctor_args *a)
{
	enum { OPT_PUBLIC = 256, OPT_HOSTS, OPT_NOREG, OPT_NOAST, OPT_NOFW, OPT_INSECURE_TLS, OPT_JSON };
	static const struct option longopts[] = {
		{ "timeout", required_argument, NULL, 't' },
		{ "public-ip", required_argument, NULL, OPT_PUBLIC },
		{ "hosts", required_argument, NULL, OPT_HOSTS },
		{ "no-register", no_argument, NULL, OPT_NOREG },
		{ "no-asterisk", no_argument, NULL, OPT_NOAST },
		{ "no-firewall", no_argument, NULL, OPT_NOFW },
		{ "insecure-tls", no_argument, NULL, OPT_INSECURE_TLS },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = tw_cli_getopt(cli, argc, argv, "t:h", longopts)) != -1) {
		switch (c) {
		case 't':
			if (!parse_seconds(optarg, &a->timeout_ms)) {
				fprintf(stderr, "trunkwiz: --timeout wants seconds (0.1 to 600), not '%s'\n", optarg);
				return -1;
			}
			break;
		case OPT_PUBLIC:
			if (!tw_is_ipv4(optarg) && !tw_is_ipv6(optarg)) {
				fprintf(stderr, "trunkwiz: --public-ip wants an IPv4 or IPv6 address, not '%s'\n", optarg);
				return -1;
			}
			a->public_ip = optarg;
			break;
		case OPT_HOSTS:
			a->hosts = optarg;
			break;
		case OPT_NOREG:
			a->skip |= TW_DOCTOR_SKIP_REGISTER;
			break;
		case OPT_NOAST:
			a->skip |= TW_DOCTOR_SKIP_ASTERISK;
			break;
		case OPT_NOFW:
			a->skip |= TW_DOCTOR_SKIP_FIREWALL;
			break;
		case OPT_INSECURE_TLS:
			a->insecure_tls = true;
			break;
		case OPT_JSON:
			a->json = true;
			break;
		case 'h':
			doctor_help();
			return 1;
		default:
			return -1;
		}
	}
	return 0;
}

static int run_doctor(struct tw_cli *cli, struct tw_trunk *t, const struct doctor_args *a)
{
	struct progress prog = { isatty(STDERR_FILENO) != 0, false };
	struct tw_doctor_report r;
	struct tw_doctor_opts o;
	struct sigaction sa, old_int, old_term;
	long long start = tw_now_ms();
	const char *server = tw_trunk_get(t, "server");

	tw_doctor_opts_init(&o);
	o.confdir = cli->confdir;
	o.public_ip = a->public_ip;
	o.public_ip_fn = tw_cli_doctor_public_ip;
	o.public_ip_ctx = &cli->fetch;  /* --cacert, --timeout... as given */
	if (a->timeout_ms)
		o.timeout_ms = a->timeout_ms;
	o.cancel.flag = &interrupted;
	o.on_step = on_step;
	o.on_check = a->json ? NULL : on_check;
	o.ctx = &prog;
	o.skip = a->skip;
	o.cacert = cli->fetch.cacert;
	o.insecure_tls = a->insecure_tls;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	if (!a->json) {
		printf("trunkwiz doctor: trunk %s, server %s over %s\n",
		       tw_trunk_get(t, "name") ? tw_trunk_get(t, "name") : "(unnamed)",
		       server ? server : "(none)", tw_transport_name(tw_trunk_transport(t)));
		fflush(stdout);
	}
	tw_doctor_run(t, &o, &r);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	{
		int rc = tw_doctor_failed(&r) || r.cancelled ? TW_EXIT_INVALID : TW_EXIT_OK;

		if (a->json) {
			if (emit_json(t, &r, tw_now_ms() - start) != TW_EXIT_OK)
				rc = TW_EXIT_IO;
		} else {
			summary(&r, tw_now_ms() - start);
		}
		tw_doctor_report_clear(&r);
		if (fflush(stdout) != 0)
			rc = TW_EXIT_IO;
		return rc;
	}
}

int tw_cmd_doctor(struct tw_cli *cli, int argc, char **argv)
{
	struct doctor_args a = { false, NULL, NULL, 0, 0, false };
	struct tw_hosts *hosts = NULL;
	struct tw_trunk *t = NULL;
	const char *name = NULL;
	bool io_error = false;
	struct tw_diags d;
	int rc;

	rc = parse_args(cli, argc, argv, &a);
	if (rc != 0)
		return rc > 0 ? TW_EXIT_OK : TW_EXIT_USAGE;
	argc -= optind;
	argv += optind;
	if (argc > 0 && !strchr(argv[0], '=')) {
		name = argv[0];
		argc--;
		argv++;
	}
	if (!name && !cli->answers && argc == 0) {
		fputs("trunkwiz: doctor needs a trunk: NAME, -a FILE or KEY=VALUE answers (try --help)\n", stderr);
		return TW_EXIT_USAGE;
	}
	tw_diags_init(&d);
	t = tw_trunk_new();
	if (load_trunk(cli, name, argc, argv, t, &d, &io_error) < 0 || apply_profile(cli, t, &d) < 0) {
		rc = io_error ? TW_EXIT_IO : tw_cli_report(cli, &d);
		if (io_error)
			tw_diags_print(&d, stderr, cli->color);
		goto out;
	}
	tw_diags_print(&d, stderr, cli->color);
	tw_diags_clear(&d);
	if (a.hosts) {
		if (tw_hosts_load(&hosts, a.hosts, &d) < 0) {
			rc = tw_cli_report(cli, &d);
			rc = rc == TW_EXIT_OK ? TW_EXIT_IO : rc;
			goto out;
		}
		tw_hosts_use(hosts);
	}
	rc = run_doctor(cli, t, &a);
	tw_hosts_use(NULL);
out:
	tw_hosts_free(&hosts);
	tw_trunk_free(&t);
	tw_diags_clear(&d);
	return rc;
}
