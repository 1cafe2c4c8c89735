/* doctor.c - the doctor's report and its run (doctor.h): the report
 * plumbing every check shares (doctor_priv.h), and tw_doctor_run(), which
 * runs the checks of doctor_dns.c, doctor_sip.c and doctor_local.c in turn. */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "doctor/doctor_priv.h"
#include "trunkwiz/install.h"
#include "base/base.h"
#include "install/install.h"
#include "trunk/trunk.h"

static const char *const status_names[] = { "ok", "warning", "failed", "skipped" };

const char *tw_check_status_name(enum tw_check_status s)
{
	return status_names[s];
}

void tw_doctor_opts_init(struct tw_doctor_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->timeout_ms = 4000;
}

bool tw_doctor_failed(const struct tw_doctor_report *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->v[i].status == TW_CHECK_FAILED)
			return true;
	return false;
}

void tw_doctor_report_clear(struct tw_doctor_report *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->v[i].seen);
		free(r->v[i].todo);
	}
	free(r->v);
	memset(r, 0, sizeof(*r));
}

/* The report quotes what servers said: every line goes out cleaned (the
 * checks clean it where they take it too). */
void tw_check_format(const struct tw_check *c, struct tw_buf *out)
{
	const char *todo = c->todo, *nl;

	tw_buf_printf(out, "%-8s %-12s ", tw_check_status_name(c->status), c->id);
	tw_buf_add_clean(out, c->seen ? c->seen : "", c->seen ? strlen(c->seen) : 0, SIZE_MAX);
	if (todo) {
		nl = strchr(todo, '\n');
		tw_buf_adds(out, " -- ");
		tw_buf_add_clean(out, todo, nl ? (size_t)(nl - todo) : strlen(todo), SIZE_MAX);
		while (nl) {
			const char *next = strchr(nl + 1, '\n');

			tw_buf_printf(out, "\n%22s", "");
			tw_buf_add_clean(out, nl + 1, next ? (size_t)(next - nl - 1) : strlen(nl + 1), SIZE_MAX);
			nl = next;
		}
	}
	tw_buf_addc(out, '\n');
}

void tw_doctor_add(struct doctor_run *d, const char *id, enum tw_check_status st, char *seen,
                char *todo)
{
	struct tw_doctor_report *r = d->r;
	struct tw_check *c;

	r->v = tw_xrealloc(r->v, (r->n + 1) * sizeof(*r->v));
	c = &r->v[r->n++];
	c->id = id;
	c->status = st;
	c->seen = seen;
	c->todo = todo;
	c->ms = (unsigned)(tw_now_ms() - d->started);
	if (d->o->on_check)
		d->o->on_check(c, d->o->ctx);
	d->started = tw_now_ms();
}

void tw_doctor_step(struct doctor_run *d, const char *fmt, ...)
{
	va_list ap;
	char *s;

	if (!d->o->on_step)
		return;
	va_start(ap, fmt);
	s = tw_xvasprintf(fmt, ap);
	va_end(ap);
	d->o->on_step(s, d->o->ctx);
	free(s);
}

bool tw_doctor_cancelled(const struct doctor_run *d)
{
	return tw_cancelled(&d->o->cancel);
}

const char *tw_doctor_get(const struct doctor_run *d, const char *key)
{
	const char *v;

	if (tw_trunk_key_index(key) < 0)
		return NULL;
	v = tw_trunk_get(d->t, key);
	return v && *v ? v : NULL;
}

/* ---- the run ---- */

/* Which PBX distribution generates part of the config, and so where
 * trunkwiz writes its include lines (install's distro.c). */
static void check_distro(struct doctor_run *d)
{
	struct tw_distro *ds;

	if (!d->o->confdir) {
		tw_doctor_add(d, "distribution", TW_CHECK_SKIPPED, tw_xstrdup("no config dir"), NULL);
		return;
	}
	ds = tw_distro_detect(d->o->confdir);
	if (!ds)
		tw_doctor_add(d, "distribution", TW_CHECK_OK,
		           tw_xstrdup("plain Asterisk config: trunkwiz's include lines go into "
		                      "pjsip.conf and extensions.conf"),
		           NULL);
	else if (!ds->pjsip_host || !ds->ext_host)
		tw_doctor_add(d, "distribution", TW_CHECK_WARNING,
		           tw_xasprintf("%s generates the config (%s) and includes no %s file left to "
		                        "the admin: trunkwiz will not write there",
		                        ds->name, ds->evidence, !ds->pjsip_host ? "pjsip" : "dialplan"),
		           tw_xasprintf("add the trunk in %s's own interface", ds->name));
	else
		tw_doctor_add(d, "distribution", TW_CHECK_OK,
		           tw_xasprintf("%s (%s): trunkwiz's include lines go into %s and %s%s%s",
		                        ds->name, ds->evidence, ds->pjsip_host, ds->ext_host,
		                        ds->inbound_context ? "; its inbound routes start in " : "",
		                        ds->inbound_context ? ds->inbound_context : ""),
		           NULL);
	tw_distro_free(&ds);
}

static void skip_rest(struct doctor_run *d, const char *id)
{
	const char *proxy = tw_doctor_get(d, "outbound_proxy");

	if (strcmp(id, "proxy") == 0 && (!proxy || !*proxy))
		return; /* a check that shows only with a proxy */
	tw_doctor_add(d, id, TW_CHECK_SKIPPED, tw_xstrdup("cancelled"), NULL);
}

int tw_doctor_run(const struct tw_trunk *t, const struct tw_doctor_opts *o,
                  struct tw_doctor_report *r)
{
	static void (*const checks[])(struct doctor_run *) = {
		tw_doctor_check_dns, tw_doctor_check_identify, tw_doctor_check_proxy, tw_doctor_check_options, tw_doctor_check_register,
		tw_doctor_check_transport, tw_doctor_check_ports, tw_doctor_check_firewall, tw_doctor_check_nat, check_distro, tw_doctor_check_asterisk,
	};
	static const char *const ids[] = {
		"dns", "identify", "proxy", "options", "register", "transport", "ports", "firewall", "nat",
		"distribution", "asterisk",
	};
	struct doctor_run d;
	struct tw_diags ld;
	size_t i;

	memset(r, 0, sizeof(*r));
	memset(&d, 0, sizeof(d));
	d.t = t;
	d.o = o;
	d.r = r;
	d.name = tw_doctor_get(&d, "name") ? tw_doctor_get(&d, "name") : "trunk";
	d.server = tw_doctor_get(&d, "server");
	d.tr = tw_trunk_transport(t);
	d.answered = -1;
	if (tw_doctor_get(&d, "port"))
		d.port = (unsigned)strtoul(tw_doctor_get(&d, "port"), NULL, 10);
	tw_diags_init(&ld);
	d.live.rtp_start = 10000;
	d.live.rtp_end = 20000;
	/* A pjsip.conf that cannot be read is reported by the transport check
	 * with pjsip_error; an unreadable rtp.conf does not hide pjsip.conf. */
	if (o->confdir && tw_live_load(&d.live, o->confdir, &ld) < 0 && d.live.pjsip_error)
		d.live.have_pjsip = false;
	tw_diags_clear(&ld);
	d.started = tw_now_ms();
	for (i = 0; i < TW_ARRAY_LEN(checks); i++) {
		if (tw_doctor_cancelled(&d)) {
			r->cancelled = true;
			skip_rest(&d, ids[i]);
			continue;
		}
		checks[i](&d);
	}
	if (tw_doctor_cancelled(&d))
		r->cancelled = true;
	for (i = 0; i < d.ntargets; i++) {
		free(d.targets[i].addr);
		free(d.targets[i].host);
	}
	tw_live_clear(&d.live);
	return r->cancelled ? 1 : 0;
}
