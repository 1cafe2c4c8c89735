/* render_check.c - the answers checked before a trunk is rendered: what
 * is required, each value's syntax, the DID routes and the codecs against
 * the provider's list (render_priv.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "trunk/render_priv.h"
#include "trunkwiz/conf.h"
#include "trunkwiz/net.h"
#include "trunkwiz/validate.h"
#include "base/base.h"
#include "net/net.h"
#include "trunk/trunk.h"
#include "validate/validate.h"

const struct tw_dial_preset *tw_trunk_preset_of(const struct tw_trunk *t)
{
	return tw_dial_preset_find(get_or(t, "dial_preset", "nanp"));
}

enum tw_number_format tw_trunk_format_of(const struct tw_trunk *t)
{
	int f = tw_number_format_parse(get_or(t, "number_format", "e164_noplus"));

	return f < 0 ? TW_NUM_E164_NOPLUS : (enum tw_number_format)f;
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

static bool number_chars(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '+' || s[i] == '*' || s[i] == '#'))
			return false;
	return n > 0;
}

static bool bad_callerid(char **err)
{
	return tw_fail(err, "%s", "write it as \"Office\" <+12125551234>, or just the number");
}

/* "Name" <number>, Name <number>, <number> or a number. */
static bool callerid_ok(const char *v, char **err)
{
	const char *lt = strchr(v, '<'), *gt = lt ? strchr(lt, '>') : NULL, *q;

	if (!lt)
		return number_chars(v, strlen(v)) || bad_callerid(err);
	if (!gt || gt[1] || !number_chars(lt + 1, (size_t)(gt - lt - 1)))
		return bad_callerid(err);
	for (q = v; q < lt && (*q == ' ' || *q == '\t'); q++)
		;
	if (*q == '"') {
		const char *end = memchr(q + 1, '"', (size_t)(lt - q - 1));

		if (!end)
			return bad_callerid(err);
		for (end++; end < lt; end++)
			if (*end != ' ')
				return bad_callerid(err);
		return true;
	}
	return !memchr(v, '"', (size_t)(lt - v)) || bad_callerid(err);
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

static bool path_ok(const char *v, char **err)
{
	bool ok = v[0] == '/';

	for (; ok && *v; v++)
		ok = *v != ';' && *v != '\\' && (unsigned char)*v >= ' ';
	return ok || tw_fail(err, "give the full path of a PEM file, e.g. "
	                     "/etc/asterisk/keys/asterisk.pem");
}

static void check_did_routes(const struct tw_trunk *t, struct tw_diags *d)
{
	struct tw_did_route *v;
	size_t n = tw_did_routes_parse(get(t, "did_routes"), tw_trunk_preset_of(t), tw_trunk_format_of(t),
	                               get_or(t, "inbound_context", "default"), &v, d);

	tw_did_routes_free(&v, n);
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

/* A codec the provider does not list may still work, but calls can fail
 * to negotiate or be transcoded. */
static void check_codec_offered(const struct tw_profile *p, const char *codec,
                                struct tw_diags *d)
{
	const char *list = tw_profile_default(p, "codecs");
	char **v;
	size_t n, i;
	bool found = false;
	char *e = NULL;

	if (!tw_check_codec(codec, &e) || !list) {
		free(e);
		return;
	}
	n = tw_split_list(list, ',', &v);
	for (i = 0; i < n && !found; i++)
		found = tw_strcaseeq(v[i], codec);
	tw_strv_free(&v, n);
	if (!found)
		tw_diag_field(d, TW_WARNING, "codecs", "keep to the provider's codecs unless it told you otherwise",
		              "%s does not list codec %s (its list: %s)", p->name, codec, list);
}

static void check_codecs(const struct tw_trunk *t, const struct tw_profile *p,
                         struct tw_diags *d)
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
		check_codec_offered(p, items[i], d);
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
		const char *key = dialplan_keys[i], *v = get(t, key), *at = NULL;
		char *why = NULL;

		if (!v || (strcmp(key, "inbound_exten") == 0 && strcmp(v, "${EXTEN}") == 0))
			continue;
		if (tw_dialplan_safe(v, &at, &why))
			continue;
		if ((unsigned char)*at < 0x20 || *at == 0x7f)
			tw_diag_field(d, TW_ERROR, key, TW_DIALPLAN_UNSAFE_HINT,
			              "%s cannot go into the dialplan as it is: %s", key, why);
		else
			tw_diag_field(d, TW_ERROR, key, TW_DIALPLAN_UNSAFE_HINT,
			              "%s cannot go into the dialplan as it is: %s (at \"%.24s\")",
			              key, why, at);
		free(why);
	}
}

void tw_trunk_check_answers(const struct tw_trunk *t, const struct tw_profile *p,
                         struct tw_diags *d)
{
	static const char *const dtmf[] = { "rfc4733", "inband", "info", "auto", "auto_info", "none" };
	static const char *const menc[] = { "no", "sdes" };
	static const char *const tnat[] = { "edit", "own" };
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
	check_codecs(t, p, d);
	check_identify(t, d);
	if (!field_has_error(d, "dial_preset") && !tw_dial_preset_find(get_or(t, "dial_preset", "nanp")))
		tw_diag_field(d, TW_ERROR, "dial_preset", "use nanp, uk, de, au or e164",
		              "unknown dial preset '%s'", get(t, "dial_preset"));
	if (!field_has_error(d, "number_format") &&
	    tw_number_format_parse(get_or(t, "number_format", "e164_noplus")) < 0)
		tw_diag_field(d, TW_ERROR, "number_format", "use e164, e164_noplus, national or idd",
		              "unknown number format '%s'", get(t, "number_format"));
	check_with(t, "emergency", yes_no_ok, "yes or no", d);
	check_with(t, "create_transport", yes_no_ok, "yes or no", d);
	check_with(t, "nat", yes_no_ok, "yes or no", d);
	check_with(t, "callerid", callerid_ok, "a caller ID", d);
	check_enum(t, "transport_nat", tnat, TW_ARRAY_LEN(tnat), d);
	check_with(t, "cert_file", path_ok, "an absolute file path", d);
	check_with(t, "priv_key_file", path_ok, "an absolute file path", d);
	check_did_routes(t, d);
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
	if (tw_streq(get(t, "media_encryption"), "sdes") && tw_trunk_transport(t) != TW_TRANSPORT_TLS)
		tw_diag_field(d, TW_WARNING, "media_encryption", "use transport=tls with sdes",
		              "media_encryption=sdes over %s sends the SRTP keys in clear text",
		              tw_transport_name(tw_trunk_transport(t)));
	if (get(t, "asterisk_version") && tw_astver_parse(get(t, "asterisk_version"), &v) < 0)
		tw_diag_field(d, TW_ERROR, "asterisk_version", "e.g. asterisk_version=20 or 22.2",
		              "not an Asterisk version: %s", get(t, "asterisk_version"));
}

