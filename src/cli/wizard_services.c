/* wizard_services.c - what the wizard asks of the machine and the network
 * (services.h), filled with the core's real calls: the same functions
 * `providers ips`, `netinfo` and `doctor` use. Everything but
 * local_networks runs in the wizard's worker thread. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "trunkwiz/doctor.h"
#include "trunkwiz/fetch.h"
#include "trunkwiz/net.h"
#include "trunkwiz/wizard.h"

/* getaddrinfo() cannot be interrupted, so a cancel only stops the wizard
 * from waiting. */
static int resolve(void *ctx, const char *host, char ***addrs, size_t *n, struct tw_task *task)
{
	int rc = tw_resolve(host, addrs);

	(void)ctx;
	if (rc < 0) {
		tw_task_line(task, "the name service gave no answer");
		*n = 0;
		return -1;
	}
	*n = (size_t)rc;
	if (tw_task_cancelled(task))
		return -1;
	return rc > 0 ? 0 : -1;
}

static int progress(void *task, uint64_t now, uint64_t total)
{
	tw_task_progress(task, (long)now, (long)total);
	return tw_task_cancelled(task) ? 1 : 0;
}

/* The command line's transfer options (--cacert, timeouts...), with the
 * task's progress instead of the terminal's progress line. */
static struct tw_fetch_opts task_fetch_opts(void *ctx, struct tw_task *task)
{
	struct tw_fetch_opts o = ((const struct tw_cli *)ctx)->fetch;

	o.progress = progress;
	o.progress_ctx = task;
	return o;
}

/* Diagnostics become lines the wizard shows, the hint after the message. */
static void to_lines(struct tw_task *task, const struct tw_diags *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		tw_task_line(task, "%s%s%s", d->v[i].msg, d->v[i].hint ? "; " : "",
		             d->v[i].hint ? d->v[i].hint : "");
}

static int fetch_ip_list(void *ctx, const struct tw_profile *p, char ***items, size_t *n,
                         struct tw_task *task)
{
	struct tw_fetch_opts o = task_fetch_opts(ctx, task);
	int fmt = tw_iplist_format_parse(p->ip_list_format ? p->ip_list_format : "text");
	struct tw_iplist list;
	struct tw_diags d;
	int rc = -1;

	*items = NULL;
	*n = 0;
	if (!p->ip_list_url) {
		tw_task_line(task, "%s publishes no address list", p->name);
		return -1;
	}
	tw_iplist_init(&list);
	tw_diags_init(&d);
	tw_task_status(task, "downloading %s", p->ip_list_url);
	if (fmt >= 0 && tw_iplist_fetch(p->ip_list_url, (enum tw_iplist_format)fmt,
	                                p->ip_list_select, &o, &list, &d) == TW_FETCH_OK) {
		*items = list.v;
		*n = list.n;
		list.v = NULL;
		list.n = 0;
		rc = 0;
	}
	to_lines(task, &d);
	tw_diags_clear(&d);
	tw_iplist_free(&list);
	return rc;
}

static int public_address(void *ctx, char **addr, struct tw_task *task)
{
	struct tw_fetch_opts o = task_fetch_opts(ctx, task);
	struct tw_diags d;
	int rc;

	tw_diags_init(&d);
	tw_task_status(task, "asking for this machine's public address");
	rc = tw_fetch_public_ipv4(NULL, &o, addr, &d) == TW_FETCH_OK ? 0 : -1;
	to_lines(task, &d);
	tw_diags_clear(&d);
	return rc;
}

static int local_networks(void *ctx, char ***nets, size_t *n)
{
	(void)ctx;
	return tw_netinfo_local_nets(nets, n);
}

static bool poll_cancel(void *task)
{
	return tw_task_cancelled(task);
}

static void on_step(const char *what, void *task)
{
	tw_task_status(task, "%s", what);
}

static void on_check(const struct tw_check *c, void *task)
{
	struct tw_buf b;

	tw_buf_init(&b);
	tw_check_format(c, &b);
	/* one line each on the Test tab: the line a check prints, its
	 * indented config lines after it */
	if (b.len && b.data[b.len - 1] == '\n')
		b.data[--b.len] = '\0';
	tw_task_line(task, "%s", b.data ? b.data : "");
	tw_buf_free(&b);
}

static int doctor(void *ctx, const struct tw_install_opts *io, const struct tw_trunk *t,
                  const struct tw_profile *p, struct tw_task *task)
{
	struct tw_doctor_opts o;
	struct tw_doctor_report r;
	struct tw_trunk *copy = tw_trunk_dup(t);
	int rc;

	tw_profile_apply(p, copy);
	tw_doctor_opts_init(&o);
	o.confdir = io->confdir;
	o.cancel.poll = poll_cancel;
	o.cancel.ctx = task;
	o.on_step = on_step;
	o.on_check = on_check;
	o.ctx = task;
	o.public_ip_fn = tw_cli_doctor_public_ip;
	o.public_ip_ctx = &((struct tw_cli *)ctx)->fetch;
	o.cacert = ((const struct tw_cli *)ctx)->fetch.cacert;
	memset(&r, 0, sizeof(r));
	rc = tw_doctor_run(copy, &o, &r);
	if (rc == 0 && tw_doctor_failed(&r))
		rc = -1;
	else if (rc != 0)
		rc = -1;
	tw_doctor_report_clear(&r);
	tw_trunk_free(&copy);
	return rc;
}

void tw_cli_wizard_services(struct tw_cli *cli, struct tw_wizard_services *s)
{
	s->ctx = cli;
	s->resolve = resolve;
	s->fetch_ip_list = fetch_ip_list;
	s->public_address = public_address;
	s->local_networks = local_networks;
	s->doctor = doctor;
}
