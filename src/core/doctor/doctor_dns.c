/* doctor_dns.c - where the provider is (doctor_priv.h): the server's
 * addresses (SRV first, RFC 3263), which become the targets the SIP checks
 * talk to; the outbound proxy, which replaces them when given; and whether
 * identify resolves and covers the addresses the server resolved to. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "doctor/doctor_priv.h"
#include "trunkwiz/net.h"
#include "doctor/sip.h"
#include "net/net.h"

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

/* The line for a name resolved into targets: n addresses (ok), none or a
 * TW_DNS_* error (failed; skipped when cancelled). Takes seen's text. */
static void report_resolved(struct doctor_run *d, const char *id, int n, struct tw_buf *seen,
                            const char *todo)
{
	if (n > 0) {
		tw_doctor_add(d, id, TW_CHECK_OK, tw_buf_steal(seen), NULL);
		return;
	}
	tw_buf_adds(seen, n == 0 ? "does not resolve" : dns_error(n));
	tw_doctor_add(d, id, n == TW_DNS_CANCELLED ? TW_CHECK_SKIPPED : TW_CHECK_FAILED,
	           tw_buf_steal(seen), tw_xstrdup(todo));
}

void tw_doctor_check_dns(struct doctor_run *d)
{
	unsigned port = d->port ? d->port : tw_sip_default_port(d->tr);
	struct tw_buf seen;
	struct tw_srv *srv = NULL;
	char *qname;
	int n, i, got = 0;

	if (!d->server) {
		tw_doctor_add(d, "dns", TW_CHECK_FAILED, tw_xstrdup("no server given"),
		           tw_xstrdup("give server=HOST, the provider's SIP server"));
		return;
	}
	if (tw_is_ipv4(d->server) || tw_is_ipv6(d->server)) {
		add_target(d, d->server, port, d->server);
		tw_doctor_add(d, "dns", TW_CHECK_OK,
		           tw_xasprintf("server %s is an address: nothing to resolve", d->server), NULL);
		return;
	}
	tw_buf_init(&seen);
	/* Asterisk looks SRV up when the URI has no port (render leaves the
	 * default port out). */
	if (!d->port || d->port == tw_sip_default_port(d->tr)) {
		qname = tw_xasprintf("%s.%s", tw_srv_service(d->tr), d->server);
		tw_doctor_step(d, "looking up SRV %s", qname);
		n = tw_srv_resolve_bounded(qname, &srv, d->o->timeout_ms, &d->o->cancel);
		if (n > 0) {
			tw_buf_printf(&seen, "SRV %s:", qname);
			for (i = 0; i < n && !tw_doctor_cancelled(d); i++) {
				int k;

				tw_buf_printf(&seen, " %s:%u (priority %u) -> ", srv[i].target, srv[i].port,
				              srv[i].prio);
				k = resolve_into(d, srv[i].target, srv[i].port, &seen);
				if (k <= 0)
					tw_buf_adds(&seen, k == 0 ? "does not resolve" : dns_error(k));
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
			tw_doctor_add(d, "dns", TW_CHECK_OK, tw_buf_steal(&seen), NULL);
			return;
		}
	}
	tw_doctor_step(d, "resolving %s", d->server);
	tw_buf_printf(&seen, "%s -> ", d->server);
	n = resolve_into(d, d->server, port, &seen);
	report_resolved(d, "dns", n, &seen,
	                "check the spelling of server= and this machine's DNS (/etc/resolv.conf)");
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
void tw_doctor_check_proxy(struct doctor_run *d)
{
	const char *uri = tw_doctor_get(d, "outbound_proxy");
	char *err = NULL;
	char *hp, *host = NULL;
	unsigned port = 0;
	struct tw_buf seen;
	size_t i;
	int n;

	if (!uri || !*uri)
		return;
	hp = uri_hostport(uri);
	if (tw_split_hostport(hp, &host, &port, &err) < 0) {
		tw_doctor_add(d, "proxy", TW_CHECK_FAILED,
		           tw_xasprintf("outbound_proxy %s: %s", uri, err),
		           tw_xstrdup("give outbound_proxy=sip:HOST or sip:HOST:PORT"));
		free(err);
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
		tw_doctor_step(d, "resolving %s", host);
		n = resolve_into(d, host, port, &seen);
	}
	if (n > 0)
		tw_buf_printf(&seen, "; OPTIONS and REGISTER go to it (port %u)", port);
	report_resolved(d, "proxy", n, &seen,
	                "check the spelling of outbound_proxy= and this machine's DNS");
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

	for (i = 0; i < n && !tw_doctor_cancelled(d); i++) {
		char *host = NULL, **addrs = NULL;
		unsigned port = 0;
		int k, j;

		if (tw_is_ip_or_cidr(items[i])) {
			ident_add(id, items[i]);
			tw_buf_printf(seen, "%s%s", seen->len ? ", " : "", items[i]);
			continue;
		}
		if (tw_split_hostport(items[i], &host, &port, NULL) < 0 || tw_is_ip_or_cidr(host)) {
			if (host && tw_is_ip_or_cidr(host)) {
				ident_add(id, host);
				tw_buf_printf(seen, "%s%s", seen->len ? ", " : "", items[i]);
			}
			free(host);
			continue;
		}
		tw_doctor_step(d, "resolving identify entry %s", host);
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

void tw_doctor_check_identify(struct doctor_run *d)
{
	struct ident id = { NULL, 0 };
	struct tw_buf seen, bad, uncovered;
	char **items = NULL;
	size_t n = tw_doctor_get(d, "identify") ? tw_split_list(tw_doctor_get(d, "identify"), ',', &items) : 0, i;

	tw_buf_init(&seen);
	tw_buf_init(&bad);
	tw_buf_init(&uncovered);
	ident_collect(d, items, n, &id, &seen, &bad);
	for (i = 0; i < d->ntargets; i++)
		if (!ident_covers(&id, d->targets[i].addr))
			tw_buf_printf(&uncovered, "%s%s", uncovered.len ? ", " : "", d->targets[i].addr);
	if (n == 0) {
		tw_doctor_add(d, "identify", TW_CHECK_WARNING,
		           tw_xstrdup("identify is empty: calls from the provider will not be matched to the endpoint"),
		           uncovered.len ? tw_xasprintf("add the provider's signalling addresses: identify=%s",
		                                        uncovered.data)
		                         : tw_xstrdup("add the provider's signalling addresses to identify="));
	} else if (bad.len) {
		tw_doctor_add(d, "identify", TW_CHECK_FAILED, tw_xasprintf("identify: %s", seen.data),
		           tw_xasprintf("%s must resolve when Asterisk loads the config, or Asterisk drops the "
		                        "whole identify section; use the provider's addresses instead", bad.data));
	} else if (uncovered.len) {
		tw_doctor_add(d, "identify", TW_CHECK_WARNING,
		           tw_xasprintf("identify: %s; not covered: %s (resolved from %s)", seen.data,
		                        uncovered.data, d->server),
		           tw_xasprintf("add %s to identify= if the provider sends calls from there", uncovered.data));
	} else {
		tw_doctor_add(d, "identify", TW_CHECK_OK,
		           tw_xasprintf("identify: %s%s", seen.data,
		                        d->ntargets ? "; covers the server's addresses" : ""), NULL);
	}
	tw_strv_free(&id.nets, id.n);
	tw_strv_free(&items, n);
	tw_buf_free(&seen);
	tw_buf_free(&bad);
	tw_buf_free(&uncovered);
}
