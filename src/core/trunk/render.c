#include "config.h"

#include <stdlib.h>
#include <stdarg.h>
#include <string.h>
#include <strings.h>

#include "trunkwiz/conf.h"
#include "trunk/dialplan.h"
#include "trunkwiz/net.h"
#include "trunkwiz/trunk.h"
#include "trunkwiz/validate.h"
#include "trunk/render_priv.h"
#include "conf/conf.h"
#include "trunk/trunk.h"
#include "validate/validate.h"

/* Output text plus, per line, the answer that produced it. */
struct out {
	struct tw_buf text;
	const char **origin;  /* [line] -> key; [0] unused */
	size_t lines;
	size_t cap;
};

static void out_init(struct out *o)
{
	tw_buf_init(&o->text);
	o->origin = NULL;
	o->lines = 0;
	o->cap = 0;
}

static void out_line(struct out *o, const char *origin, const char *fmt, ...)
	TW_PRINTF(3, 4);

static void out_line(struct out *o, const char *origin, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = tw_xvasprintf(fmt, ap);
	va_end(ap);
	tw_buf_adds(&o->text, s);
	tw_buf_addc(&o->text, '\n');
	free(s);
	if (o->lines + 2 > o->cap) {
		o->cap = o->cap ? o->cap * 2 : 64;
		o->origin = tw_xrealloc(o->origin, o->cap * sizeof(*o->origin));
	}
	o->origin[++o->lines] = origin;
}

/* "name = value" with the value escaped for the config file. */
static void out_opt(struct out *o, const char *origin, const char *name,
                    const char *value)
{
	char *v = tw_conf_escape(value);

	out_line(o, origin, "%s = %s", name, v);
	tw_free_secret(&v);
}

/* "name = value" for answer key, when the trunk has it. */
static void out_answer(struct out *o, const struct tw_trunk *t, const char *key,
                       const char *name)
{
	if (get(t, key))
		out_opt(o, key, name, get(t, key));
}

/* ---- rendering ---- */

/* sip:host[:port][;transport=x] as written in the file (';' escaped later). */
static char *server_uri(const struct tw_trunk *t, const char *user)
{
	enum tw_transport tr = tw_trunk_transport(t);
	const char *host = get(t, "server"), *port = get(t, "port");
	bool v6 = tw_is_ipv6(host);
	struct tw_buf b;

	tw_buf_init(&b);
	tw_buf_adds(&b, "sip:");
	if (user)
		tw_buf_printf(&b, "%s@", user);
	tw_buf_printf(&b, v6 ? "[%s]" : "%s", host);
	/* TLS always names its port: 5061 is easy to miss when reading */
	if (tr == TW_TRANSPORT_TLS)
		tw_buf_printf(&b, ":%s", port ? port : "5061");
	else if (port && strcmp(port, "5060") != 0)
		tw_buf_printf(&b, ":%s", port);
	if (tr != TW_TRANSPORT_UDP)
		tw_buf_printf(&b, ";transport=%s", tw_transport_name(tr));
	return tw_buf_steal(&b);
}

static void profile_extras(struct out *o, const struct tw_profile *p, const char *section)
{
	size_t i;

	for (i = 0; p && i < p->nopts; i++)
		if (strcmp(p->opts[i].section, section) == 0)
			out_opt(o, "provider", p->opts[i].name, p->opts[i].value);
}

static void render_auth(struct out *o, const struct tw_trunk *t, const struct tw_profile *p,
                        const char *name, const struct tw_astver *ver)
{
	bool digest = tw_astver_since(ver, "20.12,21.7,22.2,23.0");

	out_line(o, "name", "[%s-auth]", name);
	out_line(o, "name", "type = auth");
	out_line(o, "asterisk_version", "auth_type = %s", digest ? "digest" : "userpass");
	out_opt(o, get(t, "auth_username") ? "auth_username" : "username", "username",
	        get_or(t, "auth_username", get(t, "username")));
	out_opt(o, "password", "password", get(t, "password"));
	profile_extras(o, p, "auth");
}

static void render_registration(struct out *o, const struct tw_trunk *t,
                                const struct tw_profile *p, const char *name)
{
	char *suri = server_uri(t, NULL), *curi = server_uri(t, get(t, "username"));

	out_line(o, NULL, "; Registration - keeps the trunk alive with the provider");
	out_line(o, "name", "[%s-reg]", name);
	out_line(o, "name", "type = registration");
	out_line(o, "name", "outbound_auth = %s-auth", name);
	out_opt(o, "server", "server_uri", suri);
	out_opt(o, "username", "client_uri", curi);
	out_answer(o, t, "contact_user", "contact_user");
	out_answer(o, t, "transport_name", "transport");
	out_answer(o, t, "outbound_proxy", "outbound_proxy");
	out_answer(o, t, "expiration", "expiration");
	out_answer(o, t, "retry_interval", "retry_interval");
	profile_extras(o, p, "registration");
	free(suri);
	free(curi);
}

static bool profile_sets(const struct tw_profile *p, const char *section, const char *opt)
{
	size_t i;

	for (i = 0; p && i < p->nopts; i++)
		if (strcmp(p->opts[i].section, section) == 0 &&
		    strcasecmp(p->opts[i].name, opt) == 0)
			return true;
	return false;
}

/* Behind NAT (nat=yes, or a public address given): Asterisk sends media
 * and replies where the provider's packets came from and puts the address
 * they came to in its Contact. The profile's own word on them wins. */
static void render_nat(struct out *o, const struct tw_trunk *t, const struct tw_profile *p)
{
	static const char *const nat_opts[] = { "rtp_symmetric", "force_rport", "rewrite_contact" };
	const char *v = get(t, "nat");
	size_t i;

	if (v ? !tw_is_true(v) : !get(t, "public_ip"))
		return;
	out_line(o, "nat", "; behind NAT (%s): answer where packets come from, so audio flows both ways",
	         v ? "nat=yes" : "public address given");
	for (i = 0; i < TW_ARRAY_LEN(nat_opts); i++)
		if (!profile_sets(p, "endpoint", nat_opts[i]))
			out_line(o, "nat", "%s = yes", nat_opts[i]);
}

static void render_endpoint(struct out *o, const struct tw_trunk *t,
                            const struct tw_profile *p, const char *name)
{
	static const char *const tail[] = {
		"from_domain", "from_user", "contact_user", "dtmf_mode", "media_encryption",
		"outbound_proxy",
	};
	char *allow = tw_xasprintf("!all,%s", get(t, "codecs"));
	size_t i;

	out_line(o, NULL, "; Endpoint - defines how calls are handled");
	out_line(o, "name", "[%s-endpoint]", name);
	out_line(o, "name", "type = endpoint");
	out_opt(o, "context", "context", get_or(t, "context", TW_DEFAULT_CONTEXT));
	out_opt(o, "codecs", "allow", allow);
	if (tw_trunk_auth(t) != TW_AUTH_IP)
		out_line(o, "auth", "outbound_auth = %s-auth", name);
	out_line(o, "name", "aors = %s-aor", name);
	profile_extras(o, p, "endpoint");
	for (i = 0; i < TW_ARRAY_LEN(tail); i++)
		out_answer(o, t, tail[i], tail[i]);
	out_answer(o, t, "transport_name", "transport");
	render_nat(o, t, p);
	free(allow);
}

static void render_aor(struct out *o, const struct tw_trunk *t,
                       const struct tw_profile *p, const char *name)
{
	char *uri = server_uri(t, NULL);

	out_line(o, NULL, "; AOR - address of record, tells Asterisk where to send calls");
	out_line(o, "name", "[%s-aor]", name);
	out_line(o, "name", "type = aor");
	out_opt(o, "server", "contact", uri);
	out_answer(o, t, "qualify_frequency", "qualify_frequency");
	out_answer(o, t, "qualify_timeout", "qualify_timeout");
	out_answer(o, t, "outbound_proxy", "outbound_proxy");
	profile_extras(o, p, "aor");
	free(uri);
}

static void render_identify(struct out *o, const struct tw_trunk *t,
                            const struct tw_profile *p, const char *name)
{
	char **items;
	size_t n, i;

	out_line(o, NULL, "; Identify - matches inbound packets to this endpoint by IP");
	out_line(o, "name", "[%s-identify]", name);
	out_line(o, "name", "type = identify");
	out_line(o, "name", "endpoint = %s-endpoint", name);
	n = tw_split_list(get(t, "identify"), ',', &items);
	for (i = 0; i < n; i++)
		out_opt(o, "identify", "match", items[i]);
	tw_strv_free(&items, n);
	profile_extras(o, p, "identify");
}

static void render_pjsip(struct out *o, const struct tw_trunk *t,
                         const struct tw_profile *p, const struct tw_astver *ver)
{
	const char *name = get(t, "name");
	enum tw_auth_mode auth = tw_trunk_auth(t);

	if (auth != TW_AUTH_IP)
		render_auth(o, t, p, name, ver);
	if (auth == TW_AUTH_REGISTER)
		render_registration(o, t, p, name);
	render_endpoint(o, t, p, name);
	render_aor(o, t, p, name);
	render_identify(o, t, p, name);
}

/* Set(CALLERID(all)=...) before Dial when the admin gave an outbound caller ID. */
static void render_rule(struct out *o, const struct tw_trunk *t, const char *pattern,
                        const char *number, const char *endpoint)
{
	const char *cid = get(t, "callerid");

	if (cid) {
		char *v = tw_conf_escape(cid);

		out_line(o, "callerid", "exten => %s,1,Set(CALLERID(all)=%s)", pattern, v);
		out_line(o, "dial_preset", " same => n,Dial(PJSIP/%s@%s,120,tT)", number, endpoint);
		free(v);
	} else {
		out_line(o, "dial_preset", "exten => %s,1,Dial(PJSIP/%s@%s,120,tT)",
		         pattern, number, endpoint);
	}
}

/* One line per DID route, in the format the provider sends numbers. */
static void render_dids(struct out *o, const struct tw_trunk *t, const char *ictx)
{
	struct tw_did_route *v;
	struct tw_diags d;
	size_t n, i;

	tw_diags_init(&d);
	n = tw_did_routes_parse(get(t, "did_routes"), tw_trunk_preset_of(t), tw_trunk_format_of(t), ictx, &v, &d);
	tw_diags_clear(&d);
	for (i = 0; i < n; i++)
		out_line(o, "did_routes", "exten => %s,1,Goto(%s,%s,1)", v[i].match, v[i].context,
		         v[i].exten);
	tw_did_routes_free(&v, n);
}

static void render_dialplan(struct out *o, const struct tw_trunk *t)
{
	const char *name = get(t, "name");
	const struct tw_dial_preset *preset = tw_dial_preset_find(get_or(t, "dial_preset", "nanp"));
	int fmt = tw_number_format_parse(get_or(t, "number_format", "e164_noplus"));
	bool emergency = tw_is_true(get_or(t, "emergency", "no"));
	const char *ictx = get_or(t, "inbound_context", "default");
	const char *iext = get_or(t, "inbound_exten", "s");
	char *endpoint = tw_xasprintf("%s-endpoint", name);
	struct tw_dial_rule *rules;
	size_t n, i;

	out_line(o, NULL, "; Inbound calls from trunk %s go to extension %s in context %s", name,
	         iext, ictx);
	out_line(o, "context", "[%s]", get_or(t, "context", TW_DEFAULT_CONTEXT));
	render_dids(o, t, ictx);
	out_line(o, "inbound_context", "exten => _[+0-9].,1,Goto(%s,%s,1)", ictx, iext);
	out_line(o, "inbound_context", "exten => s,1,Goto(%s,%s,1)", ictx,
	         strcmp(iext, "${EXTEN}") == 0 ? "s" : iext);
	out_line(o, NULL, "%s", "");
	out_line(o, NULL, "; Outbound Dialing through trunk %s", name);
	out_line(o, "outbound_context", "[%s]", get_or(t, "outbound_context", TW_DEFAULT_OUTBOUND_CONTEXT));
	n = tw_dial_rules(preset, (enum tw_number_format)fmt, emergency, &rules);
	for (i = 0; i < n; i++)
		render_rule(o, t, rules[i].pattern, rules[i].number, endpoint);
	tw_dial_rules_free(&rules, n);
	free(endpoint);
}

int tw_render(const struct tw_trunk *t, const struct tw_profile *p,
              const struct tw_astver *ver, struct tw_render *r, struct tw_diags *d)
{
	struct tw_diags cd;
	struct tw_astver v = *ver;
	struct out pj, ext;

	memset(r, 0, sizeof(*r));
	tw_diags_init(&cd);
	tw_trunk_check_answers(t, p, &cd);
	if (tw_diags_has_errors(&cd)) {
		tw_diags_move(d, &cd);
		return -1;
	}
	tw_diags_move(d, &cd);
	if (get(t, "asterisk_version") && tw_astver_parse(get(t, "asterisk_version"), &v) < 0)
		v = *ver;
	out_init(&pj);
	out_init(&ext);
	render_pjsip(&pj, t, p, &v);
	render_dialplan(&ext, t);
	r->pjsip = tw_buf_steal(&pj.text);
	r->pjsip_origin = pj.origin;
	r->pjsip_lines = pj.lines;
	r->extensions = tw_buf_steal(&ext.text);
	r->ext_origin = ext.origin;
	r->ext_lines = ext.lines;
	return 0;
}

char *tw_render_transport(enum tw_transport tr, const struct tw_trunk *t, unsigned port,
                          const char *const *local_nets, size_t nnets)
{
	static const unsigned ports[] = { 5060, 5060, 5061 };
	const char *proto = tw_transport_name(tr), *public_ip = get(t, "public_ip");
	struct tw_buf b;
	size_t i;

	tw_buf_init(&b);
	tw_buf_printf(&b, "; SIP over %s: pjsip.conf had no transport for it\n", proto);
	tw_buf_printf(&b, "[transport-%s]\ntype = transport\nprotocol = %s\nbind = 0.0.0.0:%u\n",
	              proto, proto, port ? port : ports[tr]);
	if (tr == TW_TRANSPORT_TLS && get(t, "cert_file") && get(t, "priv_key_file")) {
		tw_buf_printf(&b, "cert_file = %s\npriv_key_file = %s\n",
		              get(t, "cert_file"), get(t, "priv_key_file"));
	} else if (tr == TW_TRANSPORT_TLS) {
		tw_buf_adds(&b, "; calls out over TLS work as is; to accept TLS from the provider\n"
		                "; give cert_file and priv_key_file\n");
	}
	for (i = 0; i < nnets; i++)
		tw_buf_printf(&b, "local_net = %s\n", local_nets[i]);
	if (public_ip)
		tw_buf_printf(&b, "external_media_address = %s\nexternal_signaling_address = %s\n",
		              public_ip, public_ip);
	return tw_buf_steal(&b);
}

void tw_render_map_back(struct tw_diags *in, const char *file, const struct tw_render *r,
                        bool pjsip_part, unsigned offset)
{
	const char **origin = pjsip_part ? r->pjsip_origin : r->ext_origin;
	size_t nlines = pjsip_part ? r->pjsip_lines : r->ext_lines, i;

	for (i = 0; i < in->n; i++) {
		struct tw_diag *g = &in->v[i];

		if (g->file && strcmp(g->file, file) == 0 && g->line > offset &&
		    g->line - offset <= nlines) {
			const char *key = origin[g->line - offset] ? origin[g->line - offset] : "name";

			free(g->file);
			g->file = NULL;
			free(g->field);
			g->field = tw_xstrdup(key);
			g->line = 0;
		}
	}
}

int tw_render_validate(const struct tw_trunk *t, const struct tw_profile *p,
                       const struct tw_astver *ver, struct tw_render *r,
                       struct tw_diags *d)
{
	static const char pj_name[] = "<rendered pjsip.conf>";
	static const char ext_name[] = "<rendered extensions.conf>";
	struct tw_conf *pj, *ext;
	struct tw_validate_opts o;
	struct tw_diags vd;
	int rc = 0;

	if (tw_render(t, p, ver, r, d) < 0)
		return -1;
	tw_diags_init(&vd);
	pj = tw_conf_new(NULL);
	ext = tw_conf_new(NULL);
	if (tw_conf_parse(pj, pj_name, r->pjsip, strlen(r->pjsip), &vd) < 0 ||
	    tw_conf_parse(ext, ext_name, r->extensions, strlen(r->extensions), &vd) < 0)
		rc = -1;
	if (rc == 0) {
		tw_validate_opts_init(&o);
		o.version = *ver;
		if (get(t, "asterisk_version") &&
		    tw_astver_parse(get(t, "asterisk_version"), &o.version) < 0)
			o.version = *ver;
		o.dialplan = ext;
		o.pjsip = pj;
		o.range_owner = p ? p->name : NULL;
		o.owner_ranges = tw_profile_default(p, "identify");
		tw_validate_pjsip(pj, &o, &vd);
		tw_validate_dialplan(ext, &o, &vd);
	}
	tw_render_map_back(&vd, pj_name, r, true, 0);
	tw_render_map_back(&vd, ext_name, r, false, 0);
	tw_diags_move(d, &vd);
	tw_conf_free(&pj);
	tw_conf_free(&ext);
	if (rc < 0 || tw_diags_has_errors(d))
		return -1;
	return 0;
}

void tw_render_free(struct tw_render *r)
{
	tw_free_secret(&r->pjsip);
	free(r->extensions);
	free(r->pjsip_origin);
	free(r->ext_origin);
	memset(r, 0, sizeof(*r));
}
