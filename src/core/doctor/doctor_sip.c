#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doctor/doctor_priv.h"
#include "doctor/digest.h"
#include "trunkwiz/net.h"
#include "doctor/sip.h"
#include "doctor/sipnet.h"
#include "base/base.h"

#define UA "trunkwiz-doctor/" PACKAGE_VERSION
#define TEST_EXPIRES 60

static const char *get(const struct doctor_run *d, const char *key)
{
	const char *v = tw_trunk_get(d->t, key);

	return v && *v ? v : NULL;
}

/* What the peer said (reason phrase, Server header, realm), cleaned: it
 * goes to the admin's terminal. */
#define PEER_TEXT_MAX 120

static void add_peer_text(struct tw_buf *b, const char *s)
{
	tw_buf_add_clean(b, s ? s : "", s ? strlen(s) : 0, PEER_TEXT_MAX);
}

/* " CODE REASON" of a response. */
static void add_status(struct tw_buf *b, const struct tw_sip_msg *resp)
{
	tw_buf_printf(b, " %d ", resp->code);
	add_peer_text(b, resp->reason);
}

static void peer_name(const struct doctor_target *tg, enum tw_transport tr, char *buf, size_t n)
{
	snprintf(buf, n, tw_is_ipv6(tg->addr) ? "[%s]:%u/%s" : "%s:%u/%s", tg->addr, tg->port,
	         tw_transport_name(tr));
}

/* The Request-URI, as Asterisk's registration/aor would send it. */
static char *request_uri(const struct doctor_run *d, const char *user)
{
	unsigned port = d->port && d->port != tw_sip_default_port(d->tr) ? d->port : 0;

	return tw_sip_uri(user, d->server, port, d->tr);
}

/* What to do after a failed exchange, by kind. */
static const char *sip_todo(const struct doctor_run *d, enum tw_sip_status kind)
{
	switch (kind) {
	case TW_SIP_TIMEOUT:
		return d->tr == TW_TRANSPORT_UDP
		       ? "check server=, port= and transport=, and that outbound UDP to the provider is allowed (firewall, router)"
		       : "check server=, port= and transport=, and that outbound TCP to the provider is allowed";
	case TW_SIP_REFUSED:
		return "nothing listens there for SIP: check port= and transport= against the provider's documentation";
	case TW_SIP_MALFORMED:
		return "that is not a SIP server, or a router's SIP ALG rewrites SIP: check port= and turn SIP ALG off on the router";
	case TW_SIP_TLS:
		return "check that the provider offers TLS on this port (usually 5061) and transport=tls is right";
	default:
		return "check the network path to the provider";
	}
}

struct dialog {
	struct tw_sip_conn *conn;
	char call_id[64];
	char from_tag[32];
	unsigned cseq;
	char branch[48];
};

static void dialog_init(struct dialog *g)
{
	char r[33];

	tw_random_hex(r, 12);
	snprintf(g->call_id, sizeof(g->call_id), "%s@trunkwiz", r);
	tw_random_hex(g->from_tag, 8);
	g->cseq = 0;
}

static void new_branch(struct dialog *g)
{
	char r[33];

	tw_random_hex(r, 10);
	snprintf(g->branch, sizeof(g->branch), "z9hG4bK%s", r);
}

/* Send one request of the dialog and wait for its answer. */
static enum tw_sip_status exchange(struct doctor_run *d, struct dialog *g,
                                   struct tw_sip_request *rq, struct tw_sip_msg *resp,
                                   unsigned *rtt, char **cause)
{
	enum tw_sip_status st;
	char *msg;

	g->cseq++;
	new_branch(g);
	rq->call_id = g->call_id;
	rq->from_tag = g->from_tag;
	rq->cseq = g->cseq;
	rq->branch = g->branch;
	rq->tr = d->tr;
	rq->local_host = tw_sip_local_host(g->conn);
	rq->local_port = tw_sip_local_port(g->conn);
	rq->user_agent = UA;
	msg = tw_sip_build(rq);
	st = tw_sip_transact(g->conn, msg, g->branch, g->cseq, d->o->timeout_ms, &d->o->cancel,
	                     resp, rtt, cause);
	free(msg);
	return st;
}

static enum tw_sip_status open_target(struct doctor_run *d, size_t i, struct dialog *g,
                                      char **cause)
{
	struct tw_sip_target tg = { d->tr, d->targets[i].addr, d->targets[i].port, d->targets[i].host,
		                    d->o->cacert };

	dialog_init(g);
	return tw_sip_open(&g->conn, &tg, d->o->timeout_ms, &d->o->cancel, cause);
}

static void options_one(struct doctor_run *d, size_t i, struct tw_buf *ok, struct tw_buf *bad,
                        enum tw_sip_status *last_kind, struct tw_buf *tls)
{
	struct tw_sip_request rq = { .method = "OPTIONS", .contact_expires = -1, .expires = -1 };
	char peer[96], *ruri = request_uri(d, NULL), *from, *why = NULL;
	const char *server_hdr;
	enum tw_sip_status st;
	struct tw_sip_msg resp;
	struct dialog g = { 0 };
	unsigned rtt = 0;

	peer_name(&d->targets[i], d->tr, peer, sizeof(peer));
	tw_doctor_step(d, "sending OPTIONS to %s", peer);
	from = tw_sip_uri(get(d, "username") ? get(d, "username") : "trunkwiz", d->server, 0,
	                  TW_TRANSPORT_UDP);
	rq.ruri = ruri;
	rq.from_uri = from;
	rq.to_uri = ruri;
	rq.contact_user = get(d, "contact_user") ? get(d, "contact_user") : "s";
	st = open_target(d, i, &g, &why);
	if (st == TW_SIP_OK)
		st = exchange(d, &g, &rq, &resp, &rtt, &why);
	if (st != TW_SIP_OK) {
		tw_buf_printf(bad, "%s%s", bad->len ? "; " : "", why);
		*last_kind = st;
	} else {
		server_hdr = tw_sip_header(&resp, "Server", NULL);
		if (!server_hdr)
			server_hdr = tw_sip_header(&resp, "User-Agent", NULL);
		tw_buf_printf(ok, "%s%s answered", ok->len ? "; " : "", peer);
		add_status(ok, &resp);
		tw_buf_printf(ok, " in %u ms", rtt);
		if (server_hdr) {
			tw_buf_adds(ok, " (");
			add_peer_text(ok, server_hdr);
			tw_buf_adds(ok, ")");
		}
		if (d->tr == TW_TRANSPORT_TLS && tw_sip_tls_problem(g.conn))
			tw_buf_printf(tls, "%s%s: certificate not verified (%s)", tls->len ? "; " : "",
			              peer, tw_sip_tls_problem(g.conn));
		else if (d->tr == TW_TRANSPORT_TLS)
			tw_buf_adds(ok, ", certificate verified");
		if (d->answered < 0)
			d->answered = (int)i;
		tw_sip_msg_clear(&resp);
	}
	tw_sip_close(&g.conn);
	free(why);
	free(ruri);
	free(from);
}

void tw_doctor_check_options(struct doctor_run *d)
{
	struct tw_buf ok, bad, tls;
	enum tw_sip_status kind = TW_SIP_OK;
	size_t i;

	d->answered = -1;
	if (d->ntargets == 0) {
		tw_doctor_add(d, "options", TW_CHECK_SKIPPED,
		           tw_xstrdup("no address to send OPTIONS to (see dns)"), NULL);
		return;
	}
	tw_buf_init(&ok);
	tw_buf_init(&bad);
	tw_buf_init(&tls);
	for (i = 0; i < d->ntargets && !tw_doctor_cancelled(d); i++)
		options_one(d, i, &ok, &bad, &kind, &tls);
	if (tw_doctor_cancelled(d)) {
		tw_doctor_add(d, "options", TW_CHECK_SKIPPED, tw_xstrdup("cancelled"), NULL);
	} else if (!ok.len) {
		tw_doctor_add(d, "options", TW_CHECK_FAILED, tw_buf_steal(&bad),
		           tw_xstrdup(sip_todo(d, kind)));
	} else if (bad.len || tls.len) {
		tw_buf_printf(&ok, "; %s%s%s", bad.data ? bad.data : "", bad.len && tls.len ? "; " : "",
		              tls.data ? tls.data : "");
		tw_doctor_add(d, "options", TW_CHECK_WARNING, tw_buf_steal(&ok),
		           tw_xstrdup(tls.len ? "Asterisk connects anyway unless the transport sets verify_server = yes; "
		                                "check the provider's certificate and server name, or give its CA with --cacert FILE"
		                              : "not every address of the provider answers: Asterisk may pick one that does not"));
	} else {
		tw_doctor_add(d, "options", TW_CHECK_OK, tw_buf_steal(&ok), NULL);
	}
	tw_buf_free(&ok);
	tw_buf_free(&bad);
	tw_buf_free(&tls);
}

/* ---- REGISTER ---- */

struct reg_ctx {
	struct dialog g;
	char *ruri;
	char *aor;                 /* sip:user@server: From and To */
	const char *contact_user;
	struct tw_digest_challenge ch;
	bool have_ch;
	bool proxy;                /* 407 / Proxy-Authorization */
	unsigned nc;
	char peer[96];
};

/* Take the strongest challenge of a 401/407. Returns 0, or -1 with *cause:
 * why the last unusable challenge was refused. */
static int take_challenge(struct reg_ctx *c, const struct tw_sip_msg *resp, char **cause)
{
	struct tw_digest_challenge v[8];
	const char *hname = resp->code == 407 ? "Proxy-Authenticate" : "WWW-Authenticate", *h;
	size_t n = 0, pos = 0, i;
	char *last = NULL, *why = NULL;
	int pick;

	while (n < TW_ARRAY_LEN(v) && (h = tw_sip_header(resp, hname, &pos)) != NULL) {
		if (tw_digest_parse(h, &v[n], &why) == 0) {
			n++;
		} else {
			free(last);
			last = why;
			why = NULL;
		}
	}
	pick = tw_digest_pick(v, n);
	if (pick >= 0) {
		if (c->have_ch)
			tw_digest_clear(&c->ch);
		c->ch = v[pick];
		memset(&v[pick], 0, sizeof(v[pick]));
		c->have_ch = true;
		c->proxy = resp->code == 407;
		c->nc = 0;
	} else if (n) {
		tw_fail(cause, "the server asks only for digest algorithms trunkwiz does not know");
	} else {
		tw_fail(cause, "%s", last ? last : "the challenge has no Digest parameters trunkwiz can use");
	}
	free(last);
	for (i = 0; i < n; i++)
		tw_digest_clear(&v[i]);
	return pick >= 0 ? 0 : -1;
}

/* One REGISTER with the current credentials (if any). */
static enum tw_sip_status reg_send(struct doctor_run *d, struct reg_ctx *c, int expires,
                                   struct tw_sip_msg *resp, char **cause)
{
	struct tw_sip_request rq = { .method = "REGISTER", .contact_expires = expires, .expires = expires };
	const char *user = get(d, "auth_username") ? get(d, "auth_username") : get(d, "username");
	char *auth = NULL;
	enum tw_sip_status st;

	rq.ruri = c->ruri;
	rq.from_uri = c->aor;
	rq.to_uri = c->aor;
	rq.contact_user = c->contact_user;
	if (c->have_ch) {
		auth = tw_digest_authorization(&c->ch, user, get(d, "password"), "REGISTER", c->ruri,
		                               ++c->nc, NULL, cause);
		if (!auth)
			return TW_SIP_IO;
		rq.auth_header = c->proxy ? "Proxy-Authorization" : "Authorization";
		rq.auth_value = auth;
	}
	st = exchange(d, &c->g, &rq, resp, NULL, cause);
	free(auth);
	return st;
}

/* REGISTER, answering up to two challenges. Returns TW_SIP_OK with the
 * final response, or the kind of failure of the network or of an unusable
 * challenge (*cause set). */
static enum tw_sip_status reg_cycle(struct doctor_run *d, struct reg_ctx *c, int expires,
                                    struct tw_sip_msg *resp, char **cause)
{
	enum tw_sip_status st;
	int round;

	for (round = 0; round < 3; round++) {
		char *why = NULL;

		if ((st = reg_send(d, c, expires, resp, cause)) != TW_SIP_OK)
			return st;
		if (resp->code != 401 && resp->code != 407)
			return TW_SIP_OK;
		/* Challenged again after answering: only a stale nonce is worth a retry. */
		if (c->have_ch && round > 0) {
			struct tw_digest_challenge old = c->ch;

			memset(&c->ch, 0, sizeof(c->ch));
			c->have_ch = false;
			if (take_challenge(c, resp, NULL) == 0 && c->ch.stale) {
				tw_digest_clear(&old);
			} else {
				/* Rejected: keep the challenge that was answered, for the report. */
				if (c->have_ch)
					tw_digest_clear(&c->ch);
				c->ch = old;
				c->have_ch = true;
				return TW_SIP_OK;
			}
		} else if (take_challenge(c, resp, &why) < 0) {
			tw_fail(cause, "%s answered %d: %s", c->peer, resp->code, why);
			free(why);
			tw_sip_msg_clear(resp);
			return TW_SIP_MALFORMED;
		}
		/* Stale again on the last round: that challenge is the answer. */
		if (round < 2)
			tw_sip_msg_clear(resp);
	}
	return TW_SIP_OK;
}

static void reg_verdict(struct doctor_run *d, struct reg_ctx *c, const struct tw_sip_msg *resp,
                        struct tw_buf *seen, enum tw_check_status *st, char **todo)
{
	const char *alg = c->have_ch ? tw_digest_alg_name(c->ch.alg) : NULL;

	tw_buf_printf(seen, "%s answered", c->peer);
	add_status(seen, resp);
	if (c->have_ch) {
		tw_buf_printf(seen, " to digest %s%s (realm \"", alg, c->ch.sess ? "-sess" : "");
		add_peer_text(seen, c->ch.realm);
		tw_buf_adds(seen, "\")");
	}
	if (resp->code >= 200 && resp->code < 300) {
		*st = c->have_ch ? TW_CHECK_OK : TW_CHECK_WARNING;
		tw_buf_adds(seen, c->have_ch ? ": the provider accepted the credentials"
		                             : ": registered without being asked for credentials");
		if (!c->have_ch)
			*todo = tw_xstrdup("the provider may authenticate by address instead; check that auth= matches the account");
		return;
	}
	*st = TW_CHECK_FAILED;
	switch (resp->code) {
	case 401:
	case 407:
	case 403:
		tw_buf_adds(seen, ": the provider rejected the credentials");
		*todo = tw_xasprintf("check username=%s%s and the password (the SIP credentials of the "
		                     "account, not the web portal login); Asterisk would get the same answer",
		                     get(d, "username"), get(d, "auth_username") ? " and auth_username=" : "");
		break;
	case 404:
		tw_buf_adds(seen, ": the provider does not know this account or domain");
		*todo = tw_xasprintf("check username= and server= (%s is used as the domain of %s)",
		                     d->server, c->aor);
		break;
	default:
		*todo = tw_xstrdup("see the provider's documentation for this answer");
	}
}

/* Remove the test binding: same Call-ID, next CSeq, Expires: 0, only our
 * own Contact (never "*", which would drop Asterisk's binding too). */
static void reg_unregister(struct doctor_run *d, struct reg_ctx *c, struct tw_buf *seen,
                           enum tw_check_status *st, char **todo)
{
	struct tw_sip_msg resp;
	char *why = NULL;

	tw_doctor_step(d, "removing the test registration at %s", c->peer);
	if (reg_cycle(d, c, 0, &resp, &why) != TW_SIP_OK) {
		tw_buf_printf(seen, "; removing the test binding failed (%s); it expires in %d s",
		              why, TEST_EXPIRES);
		free(why);
		if (*st == TW_CHECK_OK)
			*st = TW_CHECK_WARNING;
		return;
	}
	if (resp.code >= 200 && resp.code < 300) {
		tw_buf_adds(seen, "; test binding removed");
	} else {
		tw_buf_adds(seen, "; removing the test binding got");
		add_status(seen, &resp);
		tw_buf_printf(seen, "; it expires in %d s", TEST_EXPIRES);
		if (*st == TW_CHECK_OK) {
			*st = TW_CHECK_WARNING;
			*todo = tw_xstrdup("the real registration is not affected: the test used its own Contact");
		}
	}
	tw_sip_msg_clear(&resp);
}

/* Over TLS, credentials go only where the certificate was verified, or
 * where the admin said --insecure-tls. false: the check is reported here. */
static bool tls_allows_credentials(struct doctor_run *d, struct reg_ctx *c, struct tw_buf *seen)
{
	const char *why = d->tr == TW_TRANSPORT_TLS ? tw_sip_tls_problem(c->g.conn) : NULL;

	if (!why || d->o->insecure_tls)
		return true;
	tw_buf_printf(seen, "REGISTER not sent: the certificate of %s could not be verified (%s); "
	              "trunkwiz sends no credentials over a connection anyone could be at the other end of",
	              c->peer, why);
	tw_doctor_add(d, "register", TW_CHECK_FAILED, tw_buf_steal(seen),
	           tw_xstrdup("give the CA that signed the provider's certificate with --cacert FILE, "
	                      "check server= is the name on the certificate; or, knowing the risk, --insecure-tls"));
	return false;
}

/* The report says whether the credentials went over a verified connection. */
static void tls_note(struct doctor_run *d, struct reg_ctx *c, struct tw_buf *seen,
                     enum tw_check_status *st, char **todo)
{
	const char *why;

	if (d->tr != TW_TRANSPORT_TLS)
		return;
	why = tw_sip_tls_problem(c->g.conn);
	if (!why) {
		tw_buf_adds(seen, "; over TLS, certificate verified");
		return;
	}
	tw_buf_printf(seen, "; over TLS, certificate NOT verified (%s): credentials sent anyway (--insecure-tls)",
	              why);
	if (*st == TW_CHECK_OK) {
		*st = TW_CHECK_WARNING;
		free(*todo);
		*todo = tw_xstrdup("give the provider's CA with --cacert FILE so the certificate can be verified");
	}
}

static bool register_applies(struct doctor_run *d)
{
	enum tw_auth_mode m = tw_trunk_auth(d->t);

	if (d->o->skip & TW_DOCTOR_SKIP_REGISTER) {
		tw_doctor_add(d, "register", TW_CHECK_SKIPPED, tw_xstrdup("not asked for"), NULL);
		return false;
	}
	if (m == TW_AUTH_IP) {
		tw_doctor_add(d, "register", TW_CHECK_SKIPPED,
		           tw_xstrdup("auth=ip: the provider knows this PBX by its address, no credentials to test"),
		           NULL);
		return false;
	}
	if (m == TW_AUTH_OUTBOUND) {
		tw_doctor_add(d, "register", TW_CHECK_SKIPPED,
		           tw_xstrdup("auth=outbound: the provider checks the credentials on calls only"),
		           tw_xstrdup("place a test call to check them"));
		return false;
	}
	if (!get(d, "username") || !get(d, "password")) {
		tw_doctor_add(d, "register", TW_CHECK_FAILED,
		           tw_xstrdup(get(d, "username") ? "no password given" : "no username given"),
		           tw_xstrdup("give username= and the password (password_file=PATH, password=- or TRUNKWIZ_PASSWORD)"));
		return false;
	}
	if (d->ntargets == 0) {
		tw_doctor_add(d, "register", TW_CHECK_SKIPPED, tw_xstrdup("no address to register with (see dns)"),
		           NULL);
		return false;
	}
	return true;
}

void tw_doctor_check_register(struct doctor_run *d)
{
	struct reg_ctx c;
	struct tw_sip_msg resp;
	struct tw_buf seen;
	enum tw_check_status st;
	enum tw_sip_status sst;
	char *todo = NULL, *why = NULL;
	size_t ti;

	if (!register_applies(d))
		return;
	ti = d->answered >= 0 ? (size_t)d->answered : 0;
	memset(&c, 0, sizeof(c));
	c.ruri = request_uri(d, NULL);
	c.aor = tw_sip_uri(get(d, "username"), d->server, 0, TW_TRANSPORT_UDP);
	c.contact_user = get(d, "contact_user") ? get(d, "contact_user") : get(d, "username");
	peer_name(&d->targets[ti], d->tr, c.peer, sizeof(c.peer));
	tw_buf_init(&seen);
	tw_doctor_step(d, "sending REGISTER to %s", c.peer);
	sst = open_target(d, ti, &c.g, &why);
	if (sst == TW_SIP_OK && !tls_allows_credentials(d, &c, &seen))
		goto out;
	if (sst == TW_SIP_OK)
		sst = reg_cycle(d, &c, TEST_EXPIRES, &resp, &why);
	if (sst == TW_SIP_CANCELLED) {
		tw_doctor_add(d, "register", TW_CHECK_SKIPPED, tw_xstrdup("cancelled"), NULL);
		goto out;
	}
	if (sst != TW_SIP_OK) {
		tw_buf_printf(&seen, "REGISTER: %s", why);
		tw_doctor_add(d, "register", TW_CHECK_FAILED, tw_buf_steal(&seen),
		           tw_xstrdup(sst == TW_SIP_TIMEOUT
		                      ? "the provider did not answer REGISTER: check server=, port= and transport=, and the firewall"
		                      : sip_todo(d, sst)));
		goto out;
	}
	reg_verdict(d, &c, &resp, &seen, &st, &todo);
	if (resp.code >= 200 && resp.code < 300)
		reg_unregister(d, &c, &seen, &st, &todo);
	tls_note(d, &c, &seen, &st, &todo);
	tw_sip_msg_clear(&resp);
	tw_doctor_add(d, "register", st, tw_buf_steal(&seen), todo);
out:
	free(why);
	tw_buf_free(&seen);
	tw_sip_close(&c.g.conn);
	if (c.have_ch)
		tw_digest_clear(&c.ch);
	free(c.ruri);
	free(c.aor);
}
