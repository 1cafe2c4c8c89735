#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "doctor_priv.h"
#include "trunkwiz/asterisk.h"
#include "trunkwiz/dns.h"
#include "trunkwiz/firewall.h"
#include "trunkwiz/localnet.h"
#include "trunkwiz/netinfo.h"
#include "trunkwiz/netaddr.h"
#include "trunkwiz/run.h"
#include "trunkwiz/sip.h"
#include "trunkwiz/validate.h"

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

void tw_check_format(const struct tw_check *c, struct tw_buf *out)
{
	const char *todo = c->todo, *nl;

	tw_buf_printf(out, "%-8s %-12s %s", tw_check_status_name(c->status), c->id, c->seen);
	if (todo) {
		nl = strchr(todo, '\n');
		tw_buf_printf(out, " -- %.*s", nl ? (int)(nl - todo) : (int)strlen(todo), todo);
		while (nl) {
			const char *next = strchr(nl + 1, '\n');

			tw_buf_printf(out, "\n%22s%.*s", "", next ? (int)(next - nl - 1) : (int)strlen(nl + 1),
			              nl + 1);
			nl = next;
		}
	}
	tw_buf_addc(out, '\n');
}

void doctor_add(struct doctor_run *d, const char *id, enum tw_check_status st, char *seen,
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

void doctor_step(struct doctor_run *d, const char *fmt, ...)
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

bool doctor_cancelled(const struct doctor_run *d)
{
	return tw_cancelled(&d->o->cancel);
}

static const char *get(const struct doctor_run *d, const char *key)
{
	const char *v;

	if (tw_trunk_key_index(key) < 0)
		return NULL;
	v = tw_trunk_get(d->t, key);
	return v && *v ? v : NULL;
}

static const char *dns_error(int rc)
{
	return rc == TW_DNS_TIMEOUT ? "the lookup timed out" : rc == TW_DNS_CANCELLED ? "cancelled"
	       : "the lookup failed";
}

/* ---- dns: the server's addresses (SRV first, RFC 3263) ---- */

static void add_target(struct doctor_run *d, const char *addr, unsigned port, const char *host)
{
	size_t i;

	for (i = 0; i < d->ntargets; i++)
		if (strcmp(d->targets[i].addr, addr) == 0 && d->targets[i].port == port)
			return;
	if (d->ntargets == DOCTOR_MAX_TARGETS)
		return;
	d->targets[d->ntargets].addr = tw_xstrdup(addr);
	d->targets[d->ntargets].port = port;
	d->targets[d->ntargets].host = tw_xstrdup(host);
	d->ntargets++;
}

/* Resolve host into targets; appends "a, b" to seen. Returns the count or a
 * TW_DNS_* error. */
static int resolve_into(struct doctor_run *d, const char *host, unsigned port, struct tw_buf *seen)
{
	char **addrs = NULL;
	int n = tw_resolve_bounded(host, &addrs, d->o->timeout_ms, &d->o->cancel), i;

	for (i = 0; i < n; i++) {
		tw_buf_printf(seen, "%s%s", i ? ", " : "", addrs[i]);
		add_target(d, addrs[i], port, host);
	}
	if (n > 0)
		tw_strv_free(&addrs, (size_t)n);
	return n;
}

static void check_dns(struct doctor_run *d)
{
	unsigned port = d->port ? d->port : tw_sip_default_port(d->tr);
	struct tw_buf seen;
	struct tw_srv *srv = NULL;
	char *qname;
	int n, i, got = 0;

	if (!d->server) {
		doctor_add(d, "dns", TW_CHECK_FAILED, tw_xstrdup("no server given"),
		           tw_xstrdup("give server=HOST, the provider's SIP server"));
		return;
	}
	if (tw_is_ipv4(d->server) || tw_is_ipv6(d->server)) {
		add_target(d, d->server, port, d->server);
		doctor_add(d, "dns", TW_CHECK_OK,
		           tw_xasprintf("server %s is an address: nothing to resolve", d->server), NULL);
		return;
	}
	tw_buf_init(&seen);
	/* Asterisk looks SRV up when the URI has no port (render leaves the
	 * default port out). */
	if (!d->port || d->port == tw_sip_default_port(d->tr)) {
		qname = tw_xasprintf("%s.%s", tw_srv_service(d->tr), d->server);
		doctor_step(d, "looking up SRV %s", qname);
		n = tw_srv_resolve_bounded(qname, &srv, d->o->timeout_ms, &d->o->cancel);
		if (n > 0) {
			tw_buf_printf(&seen, "SRV %s:", qname);
			for (i = 0; i < n && !doctor_cancelled(d); i++) {
				int k;

				tw_buf_printf(&seen, " %s:%u (priority %u) -> ", srv[i].target, srv[i].port,
				              srv[i].prio);
				k = resolve_into(d, srv[i].target, srv[i].port, &seen);
				if (k <= 0)
					tw_buf_adds(&seen, "does not resolve");
				tw_buf_addc(&seen, i + 1 < n ? ';' : '.');
				got += k > 0 ? k : 0;
			}
			tw_srv_free(&srv, (size_t)n);
		} else {
			tw_buf_printf(&seen, "no SRV %s (%s); ", qname,
			              n == 0 ? "A/AAAA used" : dns_error(n));
		}
		free(qname);
		if (n > 0 && got > 0) {
			doctor_add(d, "dns", TW_CHECK_OK, tw_buf_steal(&seen), NULL);
			return;
		}
	}
	doctor_step(d, "resolving %s", d->server);
	tw_buf_printf(&seen, "%s -> ", d->server);
	n = resolve_into(d, d->server, port, &seen);
	if (n > 0) {
		doctor_add(d, "dns", TW_CHECK_OK, tw_buf_steal(&seen), NULL);
	} else {
		tw_buf_adds(&seen, n == 0 ? "does not resolve" : dns_error(n));
		doctor_add(d, "dns", n == TW_DNS_CANCELLED ? TW_CHECK_SKIPPED : TW_CHECK_FAILED,
		           tw_buf_steal(&seen),
		           tw_xstrdup("check the spelling of server= and this machine's DNS (/etc/resolv.conf)"));
	}
	tw_buf_free(&seen);
}

/* ---- outbound proxy: where the requests really go ---- */

/* "host[:port]" of a SIP URI such as <sip:user@proxy.example.com:5060;lr>
 * (malloc'd). */
static char *uri_hostport(const char *uri)
{
	const char *p = uri, *at, *end;

	if (*p == '<')
		p++;
	if (strncasecmp(p, "sips:", 5) == 0)
		p += 5;
	else if (strncasecmp(p, "sip:", 4) == 0)
		p += 4;
	end = p + strcspn(p, ";?>");
	at = memchr(p, '@', (size_t)(end - p));
	if (at)
		p = at + 1;
	return tw_xstrndup(p, (size_t)(end - p));
}

/* With outbound_proxy Asterisk sends every request to the proxy, the
 * Request-URI still naming the server: OPTIONS and REGISTER go there too.
 * (The server's own addresses were for the identify check.) */
static void check_proxy(struct doctor_run *d)
{
	const char *uri = get(d, "outbound_proxy"), *err;
	char *hp, *host = NULL;
	unsigned port = 0;
	struct tw_buf seen;
	size_t i;
	int n;

	if (!uri || !*uri)
		return;
	hp = uri_hostport(uri);
	if (tw_split_hostport(hp, &host, &port, &err) < 0) {
		doctor_add(d, "proxy", TW_CHECK_FAILED,
		           tw_xasprintf("outbound_proxy %s: %s", uri, err),
		           tw_xstrdup("give outbound_proxy=sip:HOST or sip:HOST:PORT"));
		free(hp);
		return;
	}
	free(hp);
	for (i = 0; i < d->ntargets; i++) {
		free(d->targets[i].addr);
		free(d->targets[i].host);
	}
	d->ntargets = 0;
	if (!port)
		port = tw_sip_default_port(d->tr);
	tw_buf_init(&seen);
	tw_buf_printf(&seen, "outbound proxy %s -> ", host);
	if (tw_is_ipv4(host) || tw_is_ipv6(host)) {
		add_target(d, host, port, host);
		tw_buf_printf(&seen, "%s", host);
		n = 1;
	} else {
		doctor_step(d, "resolving %s", host);
		n = resolve_into(d, host, port, &seen);
	}
	if (n > 0) {
		tw_buf_printf(&seen, "; OPTIONS and REGISTER go to it (port %u)", port);
		doctor_add(d, "proxy", TW_CHECK_OK, tw_buf_steal(&seen), NULL);
	} else {
		tw_buf_adds(&seen, n == 0 ? "does not resolve" : dns_error(n));
		doctor_add(d, "proxy", n == TW_DNS_CANCELLED ? TW_CHECK_SKIPPED : TW_CHECK_FAILED,
		           tw_buf_steal(&seen),
		           tw_xstrdup("check the spelling of outbound_proxy= and this machine's DNS"));
	}
	tw_buf_free(&seen);
	free(host);
}

/* ---- identify: entries resolve, and cover the provider's addresses ---- */

struct ident {
	char **nets;   /* numeric addresses / CIDRs */
	size_t n;
};

static void ident_add(struct ident *id, const char *net)
{
	id->nets = tw_xrealloc(id->nets, (id->n + 1) * sizeof(*id->nets));
	id->nets[id->n++] = tw_xstrdup(net);
}

static bool ident_covers(const struct ident *id, const char *addr)
{
	size_t i;

	for (i = 0; i < id->n; i++)
		if (tw_cidr_contains(id->nets[i], addr) || strcmp(id->nets[i], addr) == 0)
			return true;
	return false;
}

/* Resolve the identify list into id; name problems into bad. */
static void ident_collect(struct doctor_run *d, char **items, size_t n, struct ident *id,
                          struct tw_buf *seen, struct tw_buf *bad)
{
	size_t i;

	for (i = 0; i < n && !doctor_cancelled(d); i++) {
		char *host = NULL, **addrs = NULL;
		unsigned port = 0;
		const char *err;
		int k, j;

		if (tw_is_ip_or_cidr(items[i])) {
			ident_add(id, items[i]);
			tw_buf_printf(seen, "%s%s", seen->len ? ", " : "", items[i]);
			continue;
		}
		if (tw_split_hostport(items[i], &host, &port, &err) < 0 || tw_is_ip_or_cidr(host)) {
			if (host && tw_is_ip_or_cidr(host)) {
				ident_add(id, host);
				tw_buf_printf(seen, "%s%s", seen->len ? ", " : "", items[i]);
			}
			free(host);
			continue;
		}
		doctor_step(d, "resolving identify entry %s", host);
		k = tw_resolve_bounded(host, &addrs, d->o->timeout_ms, &d->o->cancel);
		tw_buf_printf(seen, "%s%s (", seen->len ? ", " : "", items[i]);
		for (j = 0; j < k; j++) {
			ident_add(id, addrs[j]);
			tw_buf_printf(seen, "%s%s", j ? " " : "", addrs[j]);
		}
		if (k <= 0) {
			tw_buf_adds(seen, k == 0 ? "does not resolve" : dns_error(k));
			tw_buf_printf(bad, "%s%s", bad->len ? ", " : "", host);
		}
		tw_buf_addc(seen, ')');
		if (k > 0)
			tw_strv_free(&addrs, (size_t)k);
		free(host);
	}
}

static void check_identify(struct doctor_run *d)
{
	struct ident id = { NULL, 0 };
	struct tw_buf seen, bad, uncovered;
	char **items = NULL;
	size_t n = get(d, "identify") ? tw_split_list(get(d, "identify"), ',', &items) : 0, i;

	tw_buf_init(&seen);
	tw_buf_init(&bad);
	tw_buf_init(&uncovered);
	ident_collect(d, items, n, &id, &seen, &bad);
	for (i = 0; i < d->ntargets; i++)
		if (!ident_covers(&id, d->targets[i].addr))
			tw_buf_printf(&uncovered, "%s%s", uncovered.len ? ", " : "", d->targets[i].addr);
	if (n == 0) {
		doctor_add(d, "identify", TW_CHECK_WARNING,
		           tw_xstrdup("identify is empty: calls from the provider will not be matched to the endpoint"),
		           uncovered.len ? tw_xasprintf("add the provider's signalling addresses: identify=%s",
		                                        uncovered.data)
		                         : tw_xstrdup("add the provider's signalling addresses to identify="));
	} else if (bad.len) {
		doctor_add(d, "identify", TW_CHECK_FAILED, tw_xasprintf("identify: %s", seen.data),
		           tw_xasprintf("%s must resolve when Asterisk loads the config, or Asterisk drops the "
		                        "whole identify section; use the provider's addresses instead", bad.data));
	} else if (uncovered.len) {
		doctor_add(d, "identify", TW_CHECK_WARNING,
		           tw_xasprintf("identify: %s; not covered: %s (resolved from %s)", seen.data,
		                        uncovered.data, d->server),
		           tw_xasprintf("add %s to identify= if the provider sends calls from there", uncovered.data));
	} else {
		doctor_add(d, "identify", TW_CHECK_OK,
		           tw_xasprintf("identify: %s%s", seen.data,
		                        d->ntargets ? "; covers the server's addresses" : ""), NULL);
	}
	tw_strv_free(&id.nets, id.n);
	tw_strv_free(&items, n);
	tw_buf_free(&seen);
	tw_buf_free(&bad);
	tw_buf_free(&uncovered);
}

/* ---- the live config: transport, ports, RTP range, firewall ---- */

static const struct tw_live_transport *live_transport(const struct doctor_run *d)
{
	return d->live.have_pjsip ? tw_live_transport_for(&d->live, get(d, "transport_name"), d->tr)
	                          : NULL;
}

static void check_transport(struct doctor_run *d)
{
	const struct tw_live_transport *lt = live_transport(d);
	const char *proto = tw_transport_name(d->tr);

	if (!d->o->confdir || !d->live.have_pjsip) {
		doctor_add(d, "transport", TW_CHECK_SKIPPED,
		           tw_xasprintf("no readable %s: the live transport is not known",
		                        d->live.pjsip_path ? d->live.pjsip_path : "pjsip.conf"),
		           NULL);
		return;
	}
	if (lt) {
		doctor_add(d, "transport", TW_CHECK_OK,
		           tw_xasprintf("[%s] (%s:%u) protocol %s, bind %s", lt->name, lt->file, lt->line,
		                        lt->protocol, lt->bind ? lt->bind : "(none)"),
		           NULL);
		return;
	}
	if (get(d, "transport_name")) {
		doctor_add(d, "transport", TW_CHECK_FAILED,
		           tw_xasprintf("transport_name=%s: no such transport in %s", get(d, "transport_name"),
		                        d->live.pjsip_path),
		           tw_xstrdup("name an existing transport, or leave transport_name empty"));
		return;
	}
	if (tw_is_true(get(d, "create_transport"))) {
		/* not written yet: apply (or the wizard's Write) adds it */
		doctor_add(d, "transport", TW_CHECK_WARNING,
		           tw_xasprintf("%s has no transport with protocol %s yet: trunkwiz adds "
		                        "[transport-%s] bound to 0.0.0.0:%u when it writes this trunk",
		                        d->live.pjsip_path, proto, proto, tw_sip_default_port(d->tr)),
		           tw_xstrdup("write the trunk, then test again"));
		return;
	}
	doctor_add(d, "transport", TW_CHECK_FAILED,
	           tw_xasprintf("%s has no transport with protocol %s: Asterisk cannot create the registration",
	                        d->live.pjsip_path, proto),
	           tw_xasprintf("answer create_transport=yes and trunkwiz adds one, or add to %s:\n"
	                        "[transport-%s]\ntype = transport\nprotocol = %s\nbind = 0.0.0.0:%u",
	                        d->live.pjsip_path, proto, proto, tw_sip_default_port(d->tr)));
}

static void check_ports(struct doctor_run *d)
{
	const struct tw_live_transport *lt = live_transport(d);
	unsigned port = lt ? lt->port : tw_sip_default_port(d->tr);
	const char *proto = d->tr == TW_TRANSPORT_UDP ? "UDP" : "TCP";
	int in_use = tw_port_in_use(d->o->proc_root, d->tr, port);

	if (in_use < 0)
		doctor_add(d, "ports", TW_CHECK_SKIPPED,
		           tw_xasprintf("cannot read /proc/net to see what listens on %s %u", proto, port), NULL);
	else if (in_use)
		doctor_add(d, "ports", TW_CHECK_OK,
		           tw_xasprintf("something listens on %s %u%s", proto, port,
		                        lt ? "" : " (no transport known: the default port)"), NULL);
	else
		doctor_add(d, "ports", TW_CHECK_WARNING,
		           tw_xasprintf("nothing listens on %s %u", proto, port),
		           tw_xstrdup("start Asterisk, or check that its transport loaded ('pjsip show transports')"));
	if (d->live.rtp_start > d->live.rtp_end)
		doctor_add(d, "rtp", TW_CHECK_FAILED,
		           tw_xasprintf("RTP ports %u-%u in %s: start is above end", d->live.rtp_start,
		                        d->live.rtp_end, d->live.rtp_path),
		           tw_xstrdup("set rtpstart below rtpend in [general] of rtp.conf"));
	else
		doctor_add(d, "rtp", TW_CHECK_OK,
		           tw_xasprintf("RTP ports UDP %u-%u (%s)", d->live.rtp_start, d->live.rtp_end,
		                        d->live.have_rtp ? d->live.rtp_path : "Asterisk's default, no rtp.conf"),
		           NULL);
}

static const char *cmd_or(const char *given, const char *env, const char *def)
{
	const char *e;

	if (given)
		return given;
	e = getenv(env);
	return e && *e ? e : def;
}

/* Read firewall rules with nft, else iptables-save. NULL with *why set
 * when neither could be read. */
static struct tw_fw *read_firewall(struct doctor_run *d, struct tw_buf *why)
{
	const char *nft = cmd_or(d->o->nft_cmd, "TRUNKWIZ_NFT", "nft");
	const char *ipt = cmd_or(d->o->iptables_cmd, "TRUNKWIZ_IPTABLES_SAVE", "iptables-save");
	const char *const nargv[] = { nft, "list", "ruleset", NULL };
	const char *const iargv[] = { ipt, NULL };
	struct tw_fw *fw = NULL;
	char *out = NULL;
	int status;
	enum tw_run_result rr;

	doctor_step(d, "reading firewall rules (%s)", nft);
	rr = tw_run_capture(nargv, d->o->timeout_ms, &d->o->cancel, &out, &status);
	if (rr == TW_RUN_OK && status == 0)
		fw = tw_fw_parse_nft(out);
	tw_buf_printf(why, "%s: %s", nft, rr == TW_RUN_NOT_FOUND ? "not installed"
	              : rr != TW_RUN_OK ? "did not finish" : status ? "not permitted or failed"
	              : "no input chain");
	free(out);
	if (fw)
		return fw;
	rr = tw_run_capture(iargv, d->o->timeout_ms, &d->o->cancel, &out, &status);
	if (rr == TW_RUN_OK && status == 0)
		fw = tw_fw_parse_iptables(out);
	tw_buf_printf(why, "; %s: %s", ipt, rr == TW_RUN_NOT_FOUND ? "not installed"
	              : rr != TW_RUN_OK ? "did not finish" : status ? "not permitted or failed"
	              : "no INPUT chain in the filter table");
	free(out);
	return fw;
}

static void check_firewall(struct doctor_run *d)
{
	const struct tw_live_transport *lt = live_transport(d);
	unsigned port = lt ? lt->port : tw_sip_default_port(d->tr);
	bool udp = d->tr == TW_TRANSPORT_UDP;
	enum tw_fw_verdict v1, v2;
	char *s1 = NULL, *s2 = NULL;
	struct tw_buf why, seen;
	struct tw_fw *fw;

	if (d->o->skip & TW_DOCTOR_SKIP_FIREWALL) {
		doctor_add(d, "firewall", TW_CHECK_SKIPPED, tw_xstrdup("not asked for"), NULL);
		return;
	}
	tw_buf_init(&why);
	fw = read_firewall(d, &why);
	if (!fw) {
		doctor_add(d, "firewall", TW_CHECK_SKIPPED,
		           tw_xasprintf("could not read firewall rules (%s)", why.data),
		           tw_xasprintf("run as root to check, or check by hand that %s %u and UDP %u-%u are allowed in",
		                        udp ? "UDP" : "TCP", port, d->live.rtp_start, d->live.rtp_end));
		tw_buf_free(&why);
		return;
	}
	tw_buf_free(&why);
	v1 = tw_fw_check_range(fw, udp, port, port, &s1);
	v2 = tw_fw_check_range(fw, true, d->live.rtp_start, d->live.rtp_end, &s2);
	tw_buf_init(&seen);
	tw_buf_printf(&seen, "%s rules: ", tw_fw_is_nft(fw) ? "nft" : "iptables");
	if (!s1 && !s2)
		tw_buf_printf(&seen, "%s %u and UDP %u-%u are allowed in", udp ? "UDP" : "TCP", port,
		              d->live.rtp_start, d->live.rtp_end);
	else
		tw_buf_printf(&seen, "%s%s%s", s1 ? s1 : "", s1 && s2 ? "; " : "", s2 ? s2 : "");
	if (v1 == TW_FW_ACCEPT && v2 == TW_FW_ACCEPT)
		doctor_add(d, "firewall", TW_CHECK_OK, tw_buf_steal(&seen), NULL);
	else
		doctor_add(d, "firewall", v1 == TW_FW_DROP || v2 == TW_FW_DROP ? TW_CHECK_FAILED : TW_CHECK_WARNING,
		           tw_buf_steal(&seen),
		           tw_fw_is_nft(fw)
		           ? tw_xasprintf("allow them before that rule:\nnft insert rule %s %s dport %u accept\n"
		                          "nft insert rule %s udp dport %u-%u accept",
		                          tw_fw_input_chain(fw), udp ? "udp" : "tcp", port,
		                          tw_fw_input_chain(fw), d->live.rtp_start, d->live.rtp_end)
		           : tw_xasprintf("allow them before that rule:\niptables -I INPUT -p %s --dport %u -j ACCEPT\n"
		                          "iptables -I INPUT -p udp --dport %u:%u -j ACCEPT",
		                          udp ? "udp" : "tcp", port, d->live.rtp_start, d->live.rtp_end));
	tw_buf_free(&seen);
	free(s1);
	free(s2);
	tw_fw_free(&fw);
}

/* ---- NAT ---- */

static char *nat_lines(const struct doctor_run *d, const struct tw_live_transport *lt,
                       const char *pub, const struct tw_ifaddr *la, size_t nla)
{
	struct tw_buf b;
	size_t i, j;

	tw_buf_init(&b);
	tw_buf_printf(&b, "add to [%s] in %s:", lt ? lt->name : "your transport",
	              d->live.pjsip_path ? d->live.pjsip_path : "pjsip.conf");
	if (!lt || !lt->ext_media)
		tw_buf_printf(&b, "\nexternal_media_address = %s", pub);
	if (!lt || !lt->ext_signaling)
		tw_buf_printf(&b, "\nexternal_signaling_address = %s", pub);
	for (i = 0; i < nla; i++) {
		char *net;
		bool have = false;

		if (!tw_addr_is_private(la[i].addr) || !(net = tw_addr_network(la[i].addr, la[i].prefix)))
			continue;
		for (j = 0; lt && j < lt->nlocal_nets; j++)
			have = have || tw_cidr_contains(lt->local_nets[j], la[i].addr);
		for (j = 0; j < i && !have; j++)
			have = tw_streq(la[j].addr, la[i].addr);
		if (!have && !strstr(b.data, net))
			tw_buf_printf(&b, "\nlocal_net = %s", net);
		free(net);
	}
	return tw_buf_steal(&b);
}

static void nat_judge(struct doctor_run *d, const char *pub, const struct tw_ifaddr *la, size_t nla)
{
	const struct tw_live_transport *lt = live_transport(d);
	struct tw_buf priv;
	size_t i;

	tw_buf_init(&priv);
	for (i = 0; i < nla; i++) {
		if (pub && strcmp(la[i].addr, pub) == 0) {
			doctor_add(d, "nat", TW_CHECK_OK,
			           tw_xasprintf("the public address %s is this machine's own (%s): no NAT", pub,
			                        la[i].ifname), NULL);
			tw_buf_free(&priv);
			return;
		}
		if (tw_addr_is_private(la[i].addr))
			tw_buf_printf(&priv, "%s%s", priv.len ? ", " : "", la[i].addr);
	}
	if (!priv.len) {
		doctor_add(d, "nat", TW_CHECK_OK, tw_xstrdup("this machine has no private address: no NAT"), NULL);
	} else if (!pub) {
		doctor_add(d, "nat", TW_CHECK_SKIPPED,
		           tw_xasprintf("private address %s; the public address is unknown", priv.data),
		           tw_xstrdup("give --public-ip ADDR (or public_ip=) to check the NAT settings"));
	} else if (lt && lt->ext_media && lt->ext_signaling && lt->nlocal_nets) {
		bool same = strcmp(lt->ext_media, pub) == 0 && strcmp(lt->ext_signaling, pub) == 0;

		doctor_add(d, "nat", same ? TW_CHECK_OK : TW_CHECK_WARNING,
		           tw_xasprintf("private address %s behind public %s; [%s] has external_media_address %s, "
		                        "external_signaling_address %s and %zu local_net",
		                        priv.data, pub, lt->name, lt->ext_media, lt->ext_signaling,
		                        lt->nlocal_nets),
		           same ? NULL : tw_xasprintf("set both external_*_address options of [%s] to %s "
		                                      "(unless that address is a fixed one the router forwards)",
		                                      lt->name, pub));
	} else {
		doctor_add(d, "nat", TW_CHECK_FAILED,
		           tw_xasprintf("private address %s behind public %s, and %s lacks the NAT settings: "
		                        "the provider would send calls and audio to the private address",
		                        priv.data, pub, lt ? lt->name : "the transport"),
		           nat_lines(d, lt, pub, la, nla));
	}
	tw_buf_free(&priv);
}

static void check_nat(struct doctor_run *d)
{
	const char *pub = d->o->public_ip ? d->o->public_ip : get(d, "public_ip");
	struct tw_ifaddr *own = NULL;
	const struct tw_ifaddr *la = d->o->local_addrs;
	size_t nla = d->o->nlocal_addrs;
	char *found = NULL;

	if (!pub && d->o->public_ip_fn) {
		doctor_step(d, "finding this network's public address");
		if (d->o->public_ip_fn(&found, d->o->timeout_ms, &d->o->cancel, d->o->public_ip_ctx) == 0)
			pub = found;
	}
	if (!la) {
		nla = tw_local_addrs(&own);
		la = own;
	}
	nat_judge(d, pub, la, nla);
	free(own);
	free(found);
}

/* ---- Asterisk's own view ---- */

static enum tw_run_result ast_run(struct doctor_run *d, const char *cmd, char **out)
{
	const char *ast = tw_asterisk_program(d->o->asterisk_cmd);
	const char *const argv[] = { ast, "-rx", cmd, NULL };
	int status;

	doctor_step(d, "asking Asterisk: %s", cmd);
	return tw_run_capture(argv, d->o->timeout_ms, &d->o->cancel, out, &status);
}

static bool ast_usable(struct doctor_run *d, enum tw_run_result rr, const char *out)
{
	const char *why = NULL;

	if (rr == TW_RUN_NOT_FOUND)
		why = "Asterisk is not installed here";
	else if (rr == TW_RUN_TIMEOUT)
		why = "Asterisk did not answer in time";
	else if (rr == TW_RUN_CANCELLED)
		why = "cancelled";
	else if (rr != TW_RUN_OK)
		why = "could not run asterisk -rx";
	else if (tw_ast_not_running(out))
		why = "Asterisk is not running";
	else if (tw_ast_no_pjsip(out))
		why = "res_pjsip is not loaded in Asterisk";
	if (why)
		doctor_add(d, "asterisk", TW_CHECK_SKIPPED, tw_xstrdup(why), NULL);
	return why == NULL;
}

static void check_registration(struct doctor_run *d, const char *out)
{
	char *reg = tw_xasprintf("%s-reg", d->name), *status = NULL, *uri = NULL;

	if (!tw_ast_registration(out, reg, &status, &uri)) {
		doctor_add(d, "registration", TW_CHECK_WARNING,
		           tw_xasprintf("Asterisk has no registration %s", reg),
		           tw_xstrdup("install the trunk, then reload: asterisk -rx 'module reload res_pjsip.so'"));
	} else if (strcmp(status, "Registered") == 0) {
		doctor_add(d, "registration", TW_CHECK_OK,
		           tw_xasprintf("Asterisk: %s %s %s", reg, uri, status), NULL);
	} else {
		doctor_add(d, "registration", TW_CHECK_FAILED,
		           tw_xasprintf("Asterisk: %s %s %s", reg, uri, status),
		           tw_xasprintf("see the register check above; retry with: asterisk -rx 'pjsip send register %s'",
		                        reg));
	}
	free(reg);
	free(status);
	free(uri);
}

static void check_endpoint(struct doctor_run *d)
{
	char *ep = tw_xasprintf("%s-endpoint", d->name), *cmd = tw_xasprintf("pjsip show endpoint %s", ep);
	char *out = NULL, *state = NULL, *contacts = NULL;
	enum tw_run_result rr = ast_run(d, cmd, &out);

	if (rr != TW_RUN_OK) {
		doctor_add(d, "endpoint", TW_CHECK_SKIPPED, tw_xstrdup("Asterisk did not answer"), NULL);
	} else if (!tw_ast_endpoint(out, &state, &contacts)) {
		doctor_add(d, "endpoint", TW_CHECK_WARNING, tw_xasprintf("Asterisk has no endpoint %s", ep),
		           tw_xstrdup("install the trunk and reload; 'trunkwiz check' shows why Asterisk would drop it"));
	} else {
		bool unavail = contacts && strstr(contacts, "Unavail");

		doctor_add(d, "endpoint", unavail ? TW_CHECK_WARNING : TW_CHECK_OK,
		           tw_xasprintf("Asterisk: %s %s; contacts: %s", ep, state, contacts ? contacts : "none"),
		           unavail ? tw_xstrdup("the provider does not answer Asterisk's qualify OPTIONS: see the options check")
		                   : NULL);
	}
	free(ep);
	free(cmd);
	free(out);
	free(state);
	free(contacts);
}

static void check_asterisk(struct doctor_run *d)
{
	char *out = NULL;
	enum tw_run_result rr;

	if (d->o->skip & TW_DOCTOR_SKIP_ASTERISK) {
		doctor_add(d, "asterisk", TW_CHECK_SKIPPED, tw_xstrdup("not asked for"), NULL);
		return;
	}
	rr = ast_run(d, "pjsip show registrations", &out);
	if (ast_usable(d, rr, out)) {
		if (tw_trunk_auth(d->t) == TW_AUTH_REGISTER)
			check_registration(d, out);
		check_endpoint(d);
	}
	free(out);
}

/* ---- the run ---- */

static void skip_rest(struct doctor_run *d, const char *id)
{
	const char *proxy = get(d, "outbound_proxy");

	if (strcmp(id, "proxy") == 0 && (!proxy || !*proxy))
		return; /* a check that shows only with a proxy */
	doctor_add(d, id, TW_CHECK_SKIPPED, tw_xstrdup("cancelled"), NULL);
}

int tw_doctor_run(const struct tw_trunk *t, const struct tw_doctor_opts *o,
                  struct tw_doctor_report *r)
{
	static void (*const checks[])(struct doctor_run *) = {
		check_dns, check_identify, check_proxy, doctor_check_options, doctor_check_register,
		check_transport, check_ports, check_firewall, check_nat, check_asterisk,
	};
	static const char *const ids[] = {
		"dns", "identify", "proxy", "options", "register", "transport", "ports", "firewall", "nat",
		"asterisk",
	};
	struct doctor_run d;
	struct tw_diags ld;
	size_t i;

	memset(r, 0, sizeof(*r));
	memset(&d, 0, sizeof(d));
	d.t = t;
	d.o = o;
	d.r = r;
	d.name = get(&d, "name") ? get(&d, "name") : "trunk";
	d.server = get(&d, "server");
	d.tr = tw_trunk_transport(t);
	d.answered = -1;
	if (get(&d, "port"))
		d.port = (unsigned)strtoul(get(&d, "port"), NULL, 10);
	tw_diags_init(&ld);
	d.live.rtp_start = 10000;
	d.live.rtp_end = 20000;
	if (o->confdir && tw_live_load(&d.live, o->confdir, &ld) < 0)
		d.live.have_pjsip = false;
	tw_diags_clear(&ld);
	d.started = tw_now_ms();
	for (i = 0; i < TW_ARRAY_LEN(checks); i++) {
		if (doctor_cancelled(&d)) {
			r->cancelled = true;
			skip_rest(&d, ids[i]);
			continue;
		}
		checks[i](&d);
	}
	if (doctor_cancelled(&d))
		r->cancelled = true;
	for (i = 0; i < d.ntargets; i++) {
		free(d.targets[i].addr);
		free(d.targets[i].host);
	}
	tw_live_clear(&d.live);
	return r->cancelled ? 1 : 0;
}
