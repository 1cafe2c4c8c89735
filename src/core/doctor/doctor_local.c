/* doctor_local.c - this machine and its Asterisk (doctor_priv.h): the live
 * config's transport for the trunk, what listens on its port, the RTP
 * range, the firewall rules (nft, else iptables-save), NAT settings against
 * the machine's addresses, and what a running Asterisk says about the
 * registration and the endpoint. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "doctor/doctor_priv.h"
#include "trunkwiz/doctor.h"
#include "doctor/firewall.h"
#include "trunkwiz/net.h"
#include "base/run.h"
#include "doctor/sip.h"
#include "trunkwiz/validate.h"
#include "doctor/doctor.h"
#include "net/net.h"
#include "validate/validate.h"

/* ---- the live config: transport, ports, RTP range, firewall ---- */

static const struct tw_live_transport *live_transport(const struct doctor_run *d)
{
	return d->live.have_pjsip ? tw_live_transport_for(&d->live, tw_doctor_get(d, "transport_name"), d->tr)
	                          : NULL;
}

void tw_doctor_check_transport(struct doctor_run *d)
{
	const struct tw_live_transport *lt = live_transport(d);
	const char *proto = tw_transport_name(d->tr);

	if (d->live.pjsip_error) {
		tw_doctor_add(d, "transport", TW_CHECK_SKIPPED,
		           tw_xasprintf("%s: %s; the live transport is not known", d->live.pjsip_path,
		                        d->live.pjsip_error),
		           NULL);
		return;
	}
	if (!d->o->confdir || !d->live.have_pjsip) {
		tw_doctor_add(d, "transport", TW_CHECK_SKIPPED,
		           tw_xasprintf("no readable %s: the live transport is not known",
		                        d->live.pjsip_path ? d->live.pjsip_path : "pjsip.conf"),
		           NULL);
		return;
	}
	if (lt) {
		tw_doctor_add(d, "transport", TW_CHECK_OK,
		           tw_xasprintf("[%s] (%s:%u) protocol %s, bind %s", lt->name, lt->file, lt->line,
		                        lt->protocol, lt->bind ? lt->bind : "(none)"),
		           NULL);
		return;
	}
	if (tw_doctor_get(d, "transport_name")) {
		tw_doctor_add(d, "transport", TW_CHECK_FAILED,
		           tw_xasprintf("transport_name=%s: no such transport in %s", tw_doctor_get(d, "transport_name"),
		                        d->live.pjsip_path),
		           tw_xstrdup("name an existing transport, or leave transport_name empty"));
		return;
	}
	if (tw_is_true(tw_doctor_get(d, "create_transport"))) {
		/* not written yet: apply (or the wizard's Write) adds it */
		tw_doctor_add(d, "transport", TW_CHECK_WARNING,
		           tw_xasprintf("%s has no transport with protocol %s yet: trunkwiz adds "
		                        "[transport-%s] bound to 0.0.0.0:%u when it writes this trunk",
		                        d->live.pjsip_path, proto, proto, tw_sip_default_port(d->tr)),
		           tw_xstrdup("write the trunk, then test again"));
		return;
	}
	tw_doctor_add(d, "transport", TW_CHECK_FAILED,
	           tw_xasprintf("%s has no transport with protocol %s: Asterisk cannot create the registration",
	                        d->live.pjsip_path, proto),
	           tw_xasprintf("answer create_transport=yes and trunkwiz adds one, or add to %s:\n"
	                        "[transport-%s]\ntype = transport\nprotocol = %s\nbind = 0.0.0.0:%u",
	                        d->live.pjsip_path, proto, proto, tw_sip_default_port(d->tr)));
}

void tw_doctor_check_ports(struct doctor_run *d)
{
	const struct tw_live_transport *lt = live_transport(d);
	unsigned port = lt ? lt->port : tw_sip_default_port(d->tr);
	const char *proto = d->tr == TW_TRANSPORT_UDP ? "UDP" : "TCP";
	int in_use = tw_port_in_use(d->o->proc_root, d->tr, port);

	if (in_use < 0)
		tw_doctor_add(d, "ports", TW_CHECK_SKIPPED,
		           tw_xasprintf("cannot read /proc/net to see what listens on %s %u", proto, port), NULL);
	else if (in_use)
		tw_doctor_add(d, "ports", TW_CHECK_OK,
		           tw_xasprintf("something listens on %s %u%s", proto, port,
		                        lt ? "" : " (no transport known: the default port)"), NULL);
	else
		tw_doctor_add(d, "ports", TW_CHECK_WARNING,
		           tw_xasprintf("nothing listens on %s %u", proto, port),
		           tw_xstrdup("start Asterisk, or check that its transport loaded ('pjsip show transports')"));
	if (d->live.rtp_start > d->live.rtp_end)
		tw_doctor_add(d, "rtp", TW_CHECK_FAILED,
		           tw_xasprintf("RTP ports %u-%u in %s: start is above end", d->live.rtp_start,
		                        d->live.rtp_end, d->live.rtp_path),
		           tw_xstrdup("set rtpstart below rtpend in [general] of rtp.conf"));
	else
		tw_doctor_add(d, "rtp", TW_CHECK_OK,
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

/* One source of rules: run argv, parse what it prints. NULL when that
 * gave no rules; then why gets "PROGRAM: what went wrong" (empty: what an
 * output without the input chain means). */
static struct tw_fw *read_rules(struct doctor_run *d, const char *const *argv,
                                struct tw_fw *(*parse)(const char *text), const char *empty,
                                struct tw_buf *why)
{
	struct tw_fw *fw = NULL;
	char *out = NULL;
	int status;
	enum tw_run_result rr = tw_run_capture(argv, d->o->timeout_ms, &d->o->cancel, &out, &status);

	if (rr == TW_RUN_OK && status == 0)
		fw = parse(out);
	free(out);
	if (!fw)
		tw_buf_printf(why, "%s%s: %s", why->len ? "; " : "", argv[0],
		              rr == TW_RUN_NOT_FOUND ? "not installed" : rr != TW_RUN_OK ? "did not finish"
		              : status ? "not permitted or failed" : empty);
	return fw;
}

/* Read firewall rules with nft, else iptables-save. NULL with *cause
 * (malloc'd) saying why neither could be read. */
static struct tw_fw *read_firewall(struct doctor_run *d, char **cause)
{
	const char *nft = cmd_or(d->o->nft_cmd, "TRUNKWIZ_NFT", "nft");
	const char *ipt = cmd_or(d->o->iptables_cmd, "TRUNKWIZ_IPTABLES_SAVE", "iptables-save");
	const char *const nargv[] = { nft, "list", "ruleset", NULL };
	const char *const iargv[] = { ipt, NULL };
	struct tw_buf why;
	struct tw_fw *fw;

	tw_doctor_step(d, "reading firewall rules (%s)", nft);
	tw_buf_init(&why);
	fw = read_rules(d, nargv, tw_fw_parse_nft, "no input chain", &why);
	if (!fw)
		fw = read_rules(d, iargv, tw_fw_parse_iptables, "no INPUT chain in the filter table", &why);
	if (!fw && cause)
		*cause = tw_buf_steal(&why);
	tw_buf_free(&why);
	return fw;
}

void tw_doctor_check_firewall(struct doctor_run *d)
{
	const struct tw_live_transport *lt = live_transport(d);
	unsigned port = lt ? lt->port : tw_sip_default_port(d->tr);
	bool udp = d->tr == TW_TRANSPORT_UDP;
	enum tw_fw_verdict v1, v2;
	char *s1 = NULL, *s2 = NULL, *why = NULL;
	struct tw_buf seen;
	struct tw_fw *fw;

	if (d->o->skip & TW_DOCTOR_SKIP_FIREWALL) {
		tw_doctor_add(d, "firewall", TW_CHECK_SKIPPED, tw_xstrdup("not asked for"), NULL);
		return;
	}
	fw = read_firewall(d, &why);
	if (!fw) {
		tw_doctor_add(d, "firewall", TW_CHECK_SKIPPED,
		           tw_xasprintf("could not read firewall rules (%s)", why),
		           tw_xasprintf("run as root to check, or check by hand that %s %u and UDP %u-%u are allowed in",
		                        udp ? "UDP" : "TCP", port, d->live.rtp_start, d->live.rtp_end));
		free(why);
		return;
	}
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
		tw_doctor_add(d, "firewall", TW_CHECK_OK, tw_buf_steal(&seen), NULL);
	else
		tw_doctor_add(d, "firewall", v1 == TW_FW_DROP || v2 == TW_FW_DROP ? TW_CHECK_FAILED : TW_CHECK_WARNING,
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
			tw_doctor_add(d, "nat", TW_CHECK_OK,
			           tw_xasprintf("the public address %s is this machine's own (%s): no NAT", pub,
			                        la[i].ifname), NULL);
			tw_buf_free(&priv);
			return;
		}
		if (tw_addr_is_private(la[i].addr))
			tw_buf_printf(&priv, "%s%s", priv.len ? ", " : "", la[i].addr);
	}
	if (!priv.len) {
		tw_doctor_add(d, "nat", TW_CHECK_OK, tw_xstrdup("this machine has no private address: no NAT"), NULL);
	} else if (!pub) {
		tw_doctor_add(d, "nat", TW_CHECK_SKIPPED,
		           tw_xasprintf("private address %s; the public address is unknown", priv.data),
		           tw_xstrdup("give --public-ip ADDR (or public_ip=) to check the NAT settings"));
	} else if (lt && lt->ext_media && lt->ext_signaling && lt->nlocal_nets) {
		bool same = strcmp(lt->ext_media, pub) == 0 && strcmp(lt->ext_signaling, pub) == 0;

		tw_doctor_add(d, "nat", same ? TW_CHECK_OK : TW_CHECK_WARNING,
		           tw_xasprintf("private address %s behind public %s; [%s] has external_media_address %s, "
		                        "external_signaling_address %s and %zu local_net",
		                        priv.data, pub, lt->name, lt->ext_media, lt->ext_signaling,
		                        lt->nlocal_nets),
		           same ? NULL : tw_xasprintf("set both external_*_address options of [%s] to %s "
		                                      "(unless that address is a fixed one the router forwards)",
		                                      lt->name, pub));
	} else {
		tw_doctor_add(d, "nat", TW_CHECK_FAILED,
		           tw_xasprintf("private address %s behind public %s, and %s lacks the NAT settings: "
		                        "the provider would send calls and audio to the private address",
		                        priv.data, pub, lt ? lt->name : "the transport"),
		           nat_lines(d, lt, pub, la, nla));
	}
	tw_buf_free(&priv);
}

void tw_doctor_check_nat(struct doctor_run *d)
{
	const char *pub = d->o->public_ip ? d->o->public_ip : tw_doctor_get(d, "public_ip");
	struct tw_ifaddr *own = NULL;
	const struct tw_ifaddr *la = d->o->local_addrs;
	size_t nla = d->o->nlocal_addrs;
	char *found = NULL;

	if (!pub && d->o->public_ip_fn) {
		tw_doctor_step(d, "finding this network's public address");
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

	tw_doctor_step(d, "asking Asterisk: %s", cmd);
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
		tw_doctor_add(d, "asterisk", TW_CHECK_SKIPPED, tw_xstrdup(why), NULL);
	return why == NULL;
}

static void check_registration(struct doctor_run *d, const char *out)
{
	char *reg = tw_xasprintf("%s-reg", d->name), *status = NULL, *uri = NULL;

	if (!tw_ast_registration(out, reg, &status, &uri)) {
		tw_doctor_add(d, "registration", TW_CHECK_WARNING,
		           tw_xasprintf("Asterisk has no registration %s", reg),
		           tw_xstrdup("install the trunk, then reload: asterisk -rx 'module reload res_pjsip.so'"));
	} else if (strcmp(status, "Registered") == 0) {
		tw_doctor_add(d, "registration", TW_CHECK_OK,
		           tw_xasprintf("Asterisk: %s %s %s", reg, uri, status), NULL);
	} else {
		tw_doctor_add(d, "registration", TW_CHECK_FAILED,
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
		tw_doctor_add(d, "endpoint", TW_CHECK_SKIPPED, tw_xstrdup("Asterisk did not answer"), NULL);
	} else if (!tw_ast_endpoint(out, &state, &contacts)) {
		tw_doctor_add(d, "endpoint", TW_CHECK_WARNING, tw_xasprintf("Asterisk has no endpoint %s", ep),
		           tw_xstrdup("install the trunk and reload; 'trunkwiz check' shows why Asterisk would drop it"));
	} else {
		bool unavail = contacts && strstr(contacts, "Unavail");

		tw_doctor_add(d, "endpoint", unavail ? TW_CHECK_WARNING : TW_CHECK_OK,
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

void tw_doctor_check_asterisk(struct doctor_run *d)
{
	char *out = NULL;
	enum tw_run_result rr;

	if (d->o->skip & TW_DOCTOR_SKIP_ASTERISK) {
		tw_doctor_add(d, "asterisk", TW_CHECK_SKIPPED, tw_xstrdup("not asked for"), NULL);
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
