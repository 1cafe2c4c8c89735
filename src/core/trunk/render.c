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

static const char *get(const struct tw_trunk *t, const char *key)
{
	const char *v = tw_trunk_get(t, key);

	return v && *v ? v : NULL;
}

static const char *get_or(const struct tw_trunk *t, const char *key, const char *def)
{
	const char *v = get(t, key);

	return v ? v : def;
}

/* ---- answer checks (before rendering) ---- */

static void need(const struct tw_trunk *t, const char *key, const char *why,
                 struct tw_diags *d)
{
	if (!get(t, key))
		tw_diag_field(d, TW_ERROR, key, why, "%s is required", key);
}

static bool field_has_error(const struct tw_diags *d, const char *key)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->v[i].sev == TW_ERROR && d->v[i].field && strcmp(d->v[i].field, key) == 0)
			return true;
	return false;
}

static void check_with(const struct tw_trunk *t, const char *key,
                       bool (*fn)(const char *, char **), const char *what,
                       struct tw_diags *d)
{
	const char *v = get(t, key);
	char *err = NULL;

	if (v && !field_has_error(d, key) && !fn(v, &err))
		tw_diag_field(d, TW_ERROR, key, err, "%s is not %s: %s", key, what, v);
	free(err);
}

static bool host_ok(const char *v, char **err)
{
	if (tw_addr_classify(v) != TW_ADDR_INVALID)
		return true;
	return tw_fail(err, "give a host name such as sip.example.com or an IP address");
}

static bool port_ok(const char *v, char **err)
{
	return tw_is_port(v) || tw_fail(err, "a port is a number from 1 to 65535");
}

static bool qualify_ok(const char *v, char **err)
{
	return tw_check_uint(v, 86400, err);
}

static bool yes_no_ok(const char *v, char **err)
{
	return tw_check_bool(v, err);
}

static bool uint_ok(const char *v, char **err)
{
	return tw_check_uint(v, 0xffffffffUL, err);
}

static bool sip_uri_ok(const char *v, char **err)
{
	return tw_check_sip_uri(v, err);
}

static bool from_user_ok(const char *v, char **err)
{
	static const char allowed[] = "-._~%!$&'()*+,;=:";

	for (; *v; v++) {
		if ((*v >= 'a' && *v <= 'z') || (*v >= 'A' && *v <= 'Z') ||
		    (*v >= '0' && *v <= '9') || strchr(allowed, *v))
			continue;
		return tw_fail(err, "%s", "only letters, digits and -._~%!$&'()*+,;=: are allowed "
		               "(Asterisk rejects the endpoint otherwise)");
	}
	return true;
}

static bool ip_ok(const char *v, char **err)
{
	return tw_is_ipv4(v) || tw_is_ipv6(v) ||
	       tw_fail(err, "give the address Asterisk is reached at from the internet, e.g. 203.0.113.5");
}

static void check_local_nets(const struct tw_trunk *t, struct tw_diags *d)
{
	const char *v = get(t, "local_net");
	char **items;
	size_t n, i;

	if (!v)
		return;
	n = tw_split_list(v, ',', &items);
	for (i = 0; i < n; i++)
		if (!tw_is_ip_or_cidr(items[i]))
			tw_diag_field(d, TW_ERROR, "local_net", "e.g. local_net=192.168.1.0/24,10.0.0.0/8",
			              "not a network address or CIDR: %s", items[i]);
	tw_strv_free(&items, n);
}

static bool exten_ok(const char *v, char **err)
{
	if (strcmp(v, "${EXTEN}") == 0)
		return true;
	for (; *v; v++) {
		if ((*v >= '0' && *v <= '9') || (*v >= 'a' && *v <= 'z') ||
		    (*v >= 'A' && *v <= 'Z') || *v == '*' || *v == '#' || *v == '+' ||
		    *v == '_' || *v == '-')
			continue;
		return tw_fail(err, "give an extension such as 100 or s, or ${EXTEN} to pass the dialled number on");
	}
	return true;
}

static void check_enum(const struct tw_trunk *t, const char *key,
                       const char *const *allowed, size_t n, struct tw_diags *d)
{
	const char *v = get(t, key);
	size_t i;
	struct tw_buf hint;

	if (!v)
		return;
	for (i = 0; i < n; i++)
		if (strcmp(v, allowed[i]) == 0)
			return;
	tw_buf_init(&hint);
	tw_buf_adds(&hint, "use one of:");
	for (i = 0; i < n; i++)
		tw_buf_printf(&hint, " %s", allowed[i]);
	if (strcmp(key, "dtmf_mode") == 0 && strcmp(v, "rfc2833") == 0)
		tw_buf_adds(&hint, " (rfc2833 is chan_sip's name for rfc4733)");
	tw_diag_field(d, TW_ERROR, key, hint.data, "%s '%s' is not valid", key, v);
	tw_buf_free(&hint);
}

static void check_codecs(const struct tw_trunk *t, struct tw_diags *d)
{
	const char *v = get(t, "codecs");
	char **items;
	size_t n, i, j;

	if (!v) {
		tw_diag_field(d, TW_ERROR, "codecs", "e.g. codecs=ulaw,alaw",
		              "no codecs: the endpoint could not carry any call");
		return;
	}
	n = tw_split_list(v, ',', &items);
	for (i = 0; i < n; i++) {
		char *err = NULL;

		if (!*items[i]) {
			tw_diag_field(d, TW_ERROR, "codecs", "remove the empty item",
			              "empty item in the codec list '%s'", v);
			continue;
		}
		if (!tw_check_codec(items[i], &err))
			tw_diag_field(d, TW_ERROR, "codecs", err, "unknown codec '%s'", items[i]);
		free(err);
		for (j = 0; j < i; j++)
			if (tw_strcaseeq(items[i], items[j]))
				tw_diag_field(d, TW_ERROR, "codecs", "list each codec once",
				              "codec '%s' is listed twice", items[i]);
	}
	tw_strv_free(&items, n);
}

static void check_identify(const struct tw_trunk *t, struct tw_diags *d)
{
	const char *v = get(t, "identify");
	char **items;
	size_t n, i;

	if (!v) {
		tw_diag_field(d, TW_ERROR, "identify",
		              "list the provider's signalling IPs, e.g. identify=192.0.2.10,198.51.100.0/24",
		              "no identify entries: inbound calls from the provider would not be recognised");
		return;
	}
	n = tw_split_list(v, ',', &items);
	for (i = 0; i < n; i++) {
		bool is_host = false;
		char *err = NULL;

		if (!tw_check_match_item(items[i], &is_host, &err))
			tw_diag_field(d, TW_ERROR, "identify", err,
			              "not an IPv4/IPv6 address, CIDR or host name: %s", items[i]);
		free(err);
	}
	tw_strv_free(&items, n);
}

static void check_names(const struct tw_trunk *t, struct tw_diags *d)
{
	static const char *const name_keys[] = { "context", "inbound_context", "outbound_context" };
	const char *name = get(t, "name");
	char *err = NULL;
	size_t i;

	if (!name || field_has_error(d, "name"))
		name = NULL; /* nothing more to say about it */
	if (name && !tw_check_name(name, &err))
		tw_diag_field(d, TW_ERROR, "name", err, "trunk name '%s' is not usable", name);
	else if (name && strlen(name) + strlen("-identify") > TW_CONF_MAX_NAME)
		tw_diag_field(d, TW_ERROR, "name", "use a shorter name",
		              "trunk name is too long: '%s-identify' would exceed %d characters",
		              name, TW_CONF_MAX_NAME);
	free(err);
	for (i = 0; i < TW_ARRAY_LEN(name_keys); i++)
		check_with(t, name_keys[i], tw_check_name, "a usable context name", d);
	if (tw_streq(get_or(t, "context", TW_DEFAULT_CONTEXT), get_or(t, "outbound_context", TW_DEFAULT_OUTBOUND_CONTEXT)))
		tw_diag_field(d, TW_ERROR, "context", "give the inbound and outbound contexts different names",
		              "inbound context and outbound context are both '%s'",
		              get_or(t, "context", TW_DEFAULT_CONTEXT));
}

/* The answers whose text render_dialplan() writes into dialplan lines
 * (the enumerations among them are refused by their own checks too). */
static const char *const dialplan_keys[] = {
	"name", "context", "inbound_context", "inbound_exten", "outbound_context", "callerid",
	"dial_preset", "number_format", "emergency",
};

/* Nothing an answer or a profile says becomes dialplan code: a value with
 * anything Asterisk's dialplan would evaluate or split is refused, under
 * its field. inbound_exten=${EXTEN} is trunkwiz's own word for "the
 * dialled number" (which the inbound pattern limits to digits and '+'). */
static void check_dialplan_values(const struct tw_trunk *t, struct tw_diags *d)
{
	size_t i;

	for (i = 0; i < TW_ARRAY_LEN(dialplan_keys); i++) {
		const char *key = dialplan_keys[i], *v = get(t, key), *why, *at = NULL;

		if (!v || (strcmp(key, "inbound_exten") == 0 && strcmp(v, "${EXTEN}") == 0))
			continue;
		if (!(why = tw_dialplan_unsafe(v, &at)))
			continue;
		if ((unsigned char)*at < 0x20 || *at == 0x7f)
			tw_diag_field(d, TW_ERROR, key, TW_DIALPLAN_UNSAFE_HINT,
			              "%s cannot go into the dialplan as it is: %s", key, why);
		else
			tw_diag_field(d, TW_ERROR, key, TW_DIALPLAN_UNSAFE_HINT,
			              "%s cannot go into the dialplan as it is: %s (at \"%.24s\")",
			              key, why, at);
	}
}

static void check_answers(const struct tw_trunk *t, const struct tw_profile *p,
                          struct tw_diags *d)
{
	static const char *const dtmf[] = { "rfc4733", "inband", "info", "auto", "auto_info", "none" };
	static const char *const menc[] = { "no", "sdes" };
	enum tw_auth_mode auth = tw_trunk_auth(t);
	struct tw_astver v;

	check_dialplan_values(t, d);
	need(t, "name", "e.g. name=mytrunk", d);
	need(t, "server", "give the provider's SIP server, e.g. server=sip.example.com", d);
	check_names(t, d);
	if (get(t, "auth") && tw_auth_mode_parse(get(t, "auth")) < 0)
		tw_diag_field(d, TW_ERROR, "auth", "use register, outbound or ip",
		              "unknown auth model '%s'", get(t, "auth"));
	else if (p && !tw_profile_offers_auth(p, auth))
		tw_diag_field(d, TW_ERROR, "auth", p->auth, "%s does not offer auth=%s",
		              p->name, tw_auth_mode_name(auth));
	if (auth != TW_AUTH_IP) {
		need(t, "username", "e.g. username=your_account", d);
		need(t, "password", "use password_file=PATH, password=- (stdin) or TRUNKWIZ_PASSWORD", d);
	}
	check_with(t, "server", host_ok, "a host name or IP address", d);
	tw_profile_check_region(p, t, d);
	check_with(t, "port", port_ok, "a port", d);
	if (get(t, "transport") && tw_transport_parse(get(t, "transport")) < 0)
		tw_diag_field(d, TW_ERROR, "transport", "use udp, tcp or tls",
		              "unknown transport '%s'", get(t, "transport"));
	check_with(t, "from_domain", host_ok, "a host name or IP address", d);
	check_with(t, "from_user", from_user_ok, "a valid SIP user", d);
	check_with(t, "contact_user", from_user_ok, "a valid SIP user", d);
	check_codecs(t, d);
	check_identify(t, d);
	if (!field_has_error(d, "dial_preset") && !tw_dial_preset_find(get_or(t, "dial_preset", "nanp")))
		tw_diag_field(d, TW_ERROR, "dial_preset", "use nanp, uk, de, au or e164",
		              "unknown dial preset '%s'", get(t, "dial_preset"));
	if (!field_has_error(d, "number_format") &&
	    tw_number_format_parse(get_or(t, "number_format", "e164_noplus")) < 0)
		tw_diag_field(d, TW_ERROR, "number_format", "use e164, e164_noplus or national",
		              "unknown number format '%s'", get(t, "number_format"));
	check_with(t, "emergency", yes_no_ok, "yes or no", d);
	check_with(t, "create_transport", yes_no_ok, "yes or no", d);
	check_with(t, "public_ip", ip_ok, "an IPv4 or IPv6 address", d);
	check_local_nets(t, d);
	check_with(t, "inbound_exten", exten_ok, "an extension", d);
	check_with(t, "qualify_frequency", qualify_ok, "a number of seconds (0-86400)", d);
	check_with(t, "qualify_timeout", tw_check_float, "a number of seconds", d);
	check_with(t, "expiration", uint_ok, "a number of seconds", d);
	check_with(t, "retry_interval", uint_ok, "a number of seconds", d);
	check_with(t, "outbound_proxy", sip_uri_ok, "a SIP URI", d);
	check_with(t, "transport_name", tw_check_name, "a usable transport name", d);
	check_enum(t, "dtmf_mode", dtmf, TW_ARRAY_LEN(dtmf), d);
	check_enum(t, "media_encryption", menc, TW_ARRAY_LEN(menc), d);
	if (get(t, "asterisk_version") && tw_astver_parse(get(t, "asterisk_version"), &v) < 0)
		tw_diag_field(d, TW_ERROR, "asterisk_version", "e.g. asterisk_version=20 or 22.2",
		              "not an Asterisk version: %s", get(t, "asterisk_version"));
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
	if (port && strcmp(port, tr == TW_TRANSPORT_TLS ? "5061" : "5060") != 0)
		tw_buf_printf(&b, ":%s", port);
	else if (!port && tr == TW_TRANSPORT_TLS)
		tw_buf_adds(&b, ":5061");
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
	if (get(t, "contact_user"))
		out_opt(o, "contact_user", "contact_user", get(t, "contact_user"));
	if (get(t, "transport_name"))
		out_opt(o, "transport_name", "transport", get(t, "transport_name"));
	if (get(t, "outbound_proxy"))
		out_opt(o, "outbound_proxy", "outbound_proxy", get(t, "outbound_proxy"));
	if (get(t, "expiration"))
		out_opt(o, "expiration", "expiration", get(t, "expiration"));
	if (get(t, "retry_interval"))
		out_opt(o, "retry_interval", "retry_interval", get(t, "retry_interval"));
	profile_extras(o, p, "registration");
	free(suri);
	free(curi);
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
		if (get(t, tail[i]))
			out_opt(o, tail[i], tail[i], get(t, tail[i]));
	if (get(t, "transport_name"))
		out_opt(o, "transport_name", "transport", get(t, "transport_name"));
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
	if (get(t, "qualify_frequency"))
		out_opt(o, "qualify_frequency", "qualify_frequency", get(t, "qualify_frequency"));
	if (get(t, "qualify_timeout"))
		out_opt(o, "qualify_timeout", "qualify_timeout", get(t, "qualify_timeout"));
	if (get(t, "outbound_proxy"))
		out_opt(o, "outbound_proxy", "outbound_proxy", get(t, "outbound_proxy"));
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
	check_answers(t, p, &cd);
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

char *tw_render_transport(enum tw_transport tr, const char *public_ip,
                          const char *const *local_nets, size_t nnets)
{
	static const char *const ports[] = { "5060", "5060", "5061" };
	const char *proto = tw_transport_name(tr);
	struct tw_buf b;
	size_t i;

	tw_buf_init(&b);
	tw_buf_printf(&b, "; SIP over %s: pjsip.conf had no transport for it\n", proto);
	tw_buf_printf(&b, "[transport-%s]\ntype = transport\nprotocol = %s\nbind = 0.0.0.0:%s\n",
	              proto, proto, ports[tr]);
	if (tr == TW_TRANSPORT_TLS)
		tw_buf_adds(&b, "; calls out over TLS work as is; to accept TLS from the provider\n"
		                "; add cert_file and priv_key_file\n");
	for (i = 0; i < nnets; i++)
		tw_buf_printf(&b, "local_net = %s\n", local_nets[i]);
	if (public_ip && *public_ip)
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
