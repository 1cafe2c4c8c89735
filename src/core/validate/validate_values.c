/* validate_values.c - option values: the checks shared with the trunk
 * answers (tw_check_bool, tw_check_uint, ... in validate.h), and the check
 * of one pjsip.conf line against its schema entry: the syntax of each
 * value type, enum values and the versions that have them, codec lists,
 * URIs, identify matches, ACLs, digests. */
#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <regex.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "trunkwiz/net.h"
#include "validate/schema.h"
#include "trunkwiz/base.h"
#include "trunkwiz/validate.h"
#include "validate/validate_priv.h"
#include "base/base.h"
#include "net/net.h"
#include "validate/validate.h"

/* ---- value checks shared with the trunk answers ---- */

static const char *const bool_tokens[] = {
	"yes", "true", "y", "t", "1", "on", "no", "false", "n", "f", "0", "off",
};

bool tw_check_bool(const char *v, char **cause)
{
	size_t i;

	for (i = 0; v && i < TW_ARRAY_LEN(bool_tokens); i++)
		if (strcasecmp(v, bool_tokens[i]) == 0)
			return true;
	return tw_fail(cause, "not a boolean (Asterisk reads anything but yes/true/y/t/1/on as no)");
}

bool tw_is_true(const char *v)
{
	size_t i;

	for (i = 0; v && i < 6; i++)
		if (strcasecmp(v, bool_tokens[i]) == 0)
			return true;
	return false;
}

bool tw_check_uint(const char *v, unsigned long max, char **cause)
{
	unsigned long x = 0;
	const char *p;

	if (!v || !*v)
		return tw_fail(cause, "empty number");
	if (v[0] == '-')
		return tw_fail(cause, "negative number (must be 0 or more)");
	if (v[0] == '0' && (v[1] == 'x' || v[1] == 'X'))
		return tw_fail(cause, "hexadecimal number (write it in decimal)");
	for (p = v; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return tw_fail(cause, "not a whole number");
		if (x > (ULONG_MAX - (unsigned long)(*p - '0')) / 10)
			return tw_fail(cause, "number too large");
		x = x * 10 + (unsigned long)(*p - '0');
	}
	if (v[0] == '0' && v[1])
		return tw_fail(cause, "leading zero: Asterisk reads it as an octal number");
	if (x > max)
		return tw_fail(cause, "number out of range");
	return true;
}

bool tw_check_float(const char *v, char **cause)
{
	const char *p = v;

	if (!v || !*v)
		return tw_fail(cause, "empty number");
	if (!isdigit((unsigned char)*p))
		return tw_fail(cause, "not a number (write it like 3 or 3.5)");
	while (isdigit((unsigned char)*p))
		p++;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return tw_fail(cause, "not a number (write it like 3 or 3.5)");
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p)
		return tw_fail(cause, "not a number (write it like 3 or 3.5)");
	return true;
}

bool tw_check_codec(const char *name, char **cause)
{
	if (!name || !*name)
		return tw_fail(cause, "empty codec name");
	if (strcasecmp(name, "all") == 0 || tw_codec_find(name))
		return true;
	return tw_fail(cause, "unknown codec");
}

bool tw_check_name(const char *v, char **cause)
{
	const char *p;

	if (!v || !*v)
		return tw_fail(cause, "empty name");
	if (strlen(v) > TW_CONF_MAX_NAME)
		return tw_fail(cause, "name longer than 79 bytes");
	if (!isalnum((unsigned char)v[0]))
		return tw_fail(cause, "name must start with a letter or digit");
	for (p = v; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("_.-", *p))
			return tw_fail(cause, "name may contain only letters, digits, '_', '.' and '-'");
	return true;
}

/* ---- option values ---- */

static bool all_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return s[n] == '\0';
}

static const char *const tos_names[] = {
	"cs0", "cs1", "cs2", "cs3", "cs4", "cs5", "cs6", "cs7", "af11", "af12",
	"af13", "af21", "af22", "af23", "af31", "af32", "af33", "af41", "af42",
	"af43", "ef", "lowdelay", "throughput", "reliability", "mincost", "none",
};

static bool tos_ok(const char *v)
{
	size_t i;
	char *end;
	long x;

	for (i = 0; i < TW_ARRAY_LEN(tos_names); i++)
		if (strcasecmp(v, tos_names[i]) == 0)
			return true;
	if (!*v)
		return false;
	x = strtol(v, &end, 0);
	return *end == '\0' && x >= 0 && x <= 255;
}

/* "a, b, c" for an enum, into buf. */
static const char *enum_list(const struct tw_schema_opt *so, struct vctx *c,
                             char *buf, size_t cap)
{
	const struct tw_schema_enum *e;
	size_t n = 0;

	buf[0] = '\0';
	for (e = so->values; e && e->value; e++) {
		if (e->since && !tw_v_since(c, e->since))
			continue;
		n += (size_t)snprintf(buf + n, n < cap ? cap - n : 0, "%s%s",
		                      n ? ", " : "", e->value);
		if (n >= cap)
			break;
	}
	return buf;
}

/* One enum value (item of an enum list, or the whole value). */
static void check_enum_value(struct vctx *c, const struct tw_conf_section *s,
                             const struct tw_conf_option *op,
                             const struct tw_schema_opt *so, const char *v,
                             bool bool_ok)
{
	const struct tw_schema_enum *e;
	char list[512];
	char *hint;

	if (bool_ok && tw_check_bool(v, NULL))
		return;
	e = tw_schema_enum_find(so, v);
	if (e && e->since && !tw_v_since(c, e->since)) {
		hint = tw_xasprintf("use one of: %s", enum_list(so, c, list, sizeof(list)));
		tw_v_odiag(c, TW_ERROR, s, op, hint,
		           "'%s' is not accepted by Asterisk %s (it arrived in %s): Asterisk drops the object",
		           v, tw_v_ver_str(c), tw_v_since_str(e->since));
		free(hint);
		return;
	}
	if (e)
		return;
	if (strcasecmp(so->name, "dtmf_mode") == 0 && strcasecmp(v, "rfc2833") == 0) {
		tw_v_odiag(c, TW_ERROR, s, op, "write dtmf_mode = rfc4733 (the PJSIP name of RFC 2833 DTMF)",
		           "rfc2833 is the chan_sip spelling; PJSIP rejects it and drops the endpoint");
		return;
	}
	if (strcasecmp(so->name, "callerid_privacy") == 0 && tw_v_all_digits(v))
		return;
	if (so->case_sensitive) {
		const struct tw_schema_enum *f;

		for (f = so->values; f->value; f++)
			if (strcasecmp(f->value, v) == 0) {
				hint = tw_xasprintf("write it in lower case: %s = %s", so->name, f->value);
				tw_v_odiag(c, TW_ERROR, s, op, hint,
				           "'%s' is compared case-sensitively; Asterisk rejects it", v);
				free(hint);
				return;
			}
	}
	hint = tw_xasprintf("use one of: %s%s", enum_list(so, c, list, sizeof(list)),
	                    bool_ok ? ", or yes/no" : "");
	if (!*v)
		tw_v_odiag(c, TW_ERROR, s, op, hint, "empty value: Asterisk rejects it and drops the object");
	else
		tw_v_odiag(c, TW_ERROR, s, op, hint, "'%s' is not a valid value: Asterisk drops the object", v);
	free(hint);
}

/* The booleans whose default is yes (pjsip-schema.md 2.4.2 and the
 * option tables: the C registrations, not the XML). */
static bool default_yes(const char *name)
{
	static const char *const yes[] = {
		"aggregate_mwi", "allow_overlap", "allow_subscribe", "allow_transfer",
		"auth_rejection_permanent", "direct_media", "disable_tcp_switch",
		"follow_early_media_fork", "force_rport", "norefersub", "refer_blind_progress",
		"send_connected_line", "send_diversion", "srv_lookups", "trust_connected_line",
	};
	size_t i;

	for (i = 0; i < TW_ARRAY_LEN(yes); i++)
		if (strcasecmp(name, yes[i]) == 0)
			return true;
	return false;
}

static void check_bool_value(struct vctx *c, const struct tw_conf_section *s,
                             const struct tw_conf_option *op)
{
	if (tw_check_bool(op->value, NULL))
		return;
	/* An empty value reads as no (ast_true("") is false and no default
	 * is applied to it): the same as leaving the line out, unless the
	 * default is yes. FreePBX writes "allow_reload=" on every transport. */
	if (!*op->value) {
		if (default_yes(op->name))
			tw_v_odiag(c, TW_WARNING, s, op, "write yes or no, or remove the line",
			           "empty value: Asterisk reads it as no, not as its default yes");
	} else
		tw_v_odiag(c, TW_ERROR, s, op, "write yes or no",
		           "not a boolean: Asterisk silently reads it as no "
		           "(only yes/true/y/t/1/on and no/false/n/f/0/off are understood)");
}

static void check_uint_value(struct vctx *c, const struct tw_conf_section *s,
                             const struct tw_conf_option *op,
                             const struct tw_schema_opt *so)
{
	char *err = NULL;
	unsigned long max = so->max ? so->max : 4294967295UL;
	char *hint;

	if (!tw_check_uint(op->value, max, &err)) {
		if (strstr(err, "octal")) {
			hint = tw_xasprintf("write %s = %lu without the leading zero", so->name,
			                    strtoul(op->value, NULL, 10));
			if (strspn(op->value, "01234567") == strlen(op->value))
				tw_v_odiag(c, TW_ERROR, s, op, hint,
				           "leading zero: Asterisk reads it as octal, i.e. %lu",
				           strtoul(op->value, NULL, 8));
			else
				tw_v_odiag(c, TW_ERROR, s, op, hint,
				           "leading zero: Asterisk reads it as octal and rejects the digits 8 and 9");
			free(hint);
			free(err);
			return;
		}
		else if (strstr(err, "hexadecimal"))
			hint = tw_xasprintf("write %s = %lu", so->name, strtoul(op->value, NULL, 16));
		else if (strstr(err, "range") || strstr(err, "large"))
			hint = tw_xasprintf("use a value from %lu to %lu", so->min, max);
		else
			hint = tw_xstrdup("write a plain decimal number");
		tw_v_odiag(c, TW_ERROR, s, op, hint, "%s", err);
		free(hint);
		free(err);
		return;
	}
	if (strtoul(op->value, NULL, 10) < so->min) {
		hint = tw_xasprintf("use a value from %lu to %lu", so->min, max);
		tw_v_odiag(c, TW_ERROR, s, op, hint, "number out of range");
		free(hint);
	}
}

static void check_codecs_value(struct vctx *c, const struct tw_conf_section *s,
                               const struct tw_conf_option *op)
{
	const char *p = op->value;
	bool allow = strcasecmp(op->name, "allow") == 0;
	uint64_t seen = 0;
	const char *names[64];
	size_t i, ncodec = tw_codec_count();

	while (tw_v_next_item(&p, ",|", c->item, sizeof(c->item))) {
		char *name = c->item, *colon;
		bool neg = false;
		const struct tw_codec *cd;
		int idx;

		if (*name == '!') {
			neg = true;
			name++;
			while (tw_v_is_blank(*name))
				name++;
		}
		if (!*name) {
			tw_v_odiag(c, TW_ERROR, s, op,
			           "remove the empty item (an empty allow= line or a trailing comma)",
			           "empty codec name: Asterisk fails to parse the list and drops the endpoint");
			continue;
		}
		if ((colon = strchr(name, ':'))) {
			*colon = '\0';
			if (!tw_v_all_digits(colon + 1))
				tw_v_odiag(c, TW_ERROR, s, op, "write name:milliseconds, e.g. ulaw:20",
				           "bad packetization '%s' for codec '%s'", colon + 1, name);
		}
		if (strcasecmp(name, "all") == 0)
			continue;
		cd = tw_codec_find(name);
		if (!cd) {
			const char *sug;
			char *hint;

			for (i = 0; i < ncodec && i < 64; i++)
				names[i] = tw_codec_at(i)->name;
			sug = tw_suggest(name, names, ncodec < 64 ? ncodec : 64);
			hint = sug ? tw_xasprintf("did you mean '%s'?", sug)
			           : tw_xstrdup("use codec names such as ulaw, alaw, g722, opus, g729");
			tw_v_odiag(c, TW_ERROR, s, op, hint,
			           "unknown codec '%s': Asterisk drops the endpoint", name);
			free(hint);
			continue;
		}
		if (cd->removed && tw_v_since(c, cd->removed)) {
			tw_v_odiag(c, TW_ERROR, s, op, "remove it",
			           "codec '%s' does not exist in Asterisk %s: Asterisk drops the endpoint",
			           name, tw_v_ver_str(c));
			continue;
		}
		idx = tw_codec_index(cd);
		if (idx >= 0 && idx < 64) {
			if (seen & ((uint64_t)1 << idx))
				tw_v_odiag(c, TW_WARNING, s, op, "list each codec once",
				           "codec '%s' is listed twice", cd->name);
			seen |= (uint64_t)1 << idx;
		}
		if (allow && !neg && cd->trunk_warn) {
			const char *hint = strcmp(cd->name, "t38") == 0
				? "remove it; enable fax with t38_udptl = yes"
				: "remove it from allow unless you really mean to offer it";

			tw_v_odiag(c, TW_WARNING, s, op, hint,
			           "codec '%s' (%s) is unusual in a trunk's allow list",
			           cd->name, tw_media_name(cd->media));
		}
	}
}

static void check_regex(struct vctx *c, const struct tw_conf_section *s,
                        const struct tw_conf_option *op, const char *v)
{
	size_t n = strlen(v);
	regex_t re;

	if (n < 2 || v[0] != '/' || v[n - 1] != '/')
		return;
	memcpy(c->item2, v + 1, n - 2 < sizeof(c->item2) - 1 ? n - 2 : sizeof(c->item2) - 1);
	c->item2[n - 2 < sizeof(c->item2) - 1 ? n - 2 : sizeof(c->item2) - 1] = '\0';
	if (regcomp(&re, c->item2, REG_EXTENDED | REG_NOSUB) != 0)
		tw_v_odiag(c, TW_ERROR, s, op, "fix the regular expression (POSIX extended syntax)",
		           "'%s' is not a valid regular expression: Asterisk drops the identify", v);
	else
		regfree(&re);
}

/* A lower-case dotted name with '_' in a label, as Docker Compose names
 * its networks (kamailio.project_voip-net): not a host name by RFC 1123,
 * but a valid DNS name (RFC 2181, 11) that getaddrinfo and Docker's DNS
 * resolve. A placeholder (SIP_REGISTRAR_HERE, __GW__) has no dot or is
 * in capitals. */
static bool dns_name_with_underscore(const char *h, size_t n)
{
	bool dot = false, under = false;
	size_t i;

	if (!n || h[0] == '.' || h[0] == '_' || h[n - 1] == '.')
		return false;
	for (i = 0; i < n; i++) {
		if (h[i] == '.')
			dot = true;
		else if (h[i] == '_')
			under = true;
		else if (!((h[i] >= 'a' && h[i] <= 'z') || (h[i] >= '0' && h[i] <= '9') || h[i] == '-'))
			return false;
	}
	return dot && under;
}

static void check_match_value(struct vctx *c, const struct tw_conf_section *s,
                              const struct tw_conf_option *op)
{
	const char *p = op->value;

	while (tw_v_next_item(&p, ",", c->item, sizeof(c->item))) {
		const char *it = c->item;
		char *err = NULL;
		bool is_host = false, ok;

		if (!*it)
			continue;
		if (*it == '!') {
			tw_v_odiag(c, TW_WARNING, s, op, "list only the addresses to match",
			           "'%s' is a negated entry; it excludes addresses and rarely does what is meant", it);
			it++;
		}
		ok = tw_check_match_item(it, &is_host, &err);
		if (!ok && err && strstr(err, "host name may contain only") &&
		    dns_name_with_underscore(it, strcspn(it, ":/"))) {
			free(err);
			err = NULL;
			ok = is_host = true;
		}
		if (!ok) {
			char *hint = tw_xasprintf("write an IP address, IP/prefix (e.g. 203.0.113.0/24), "
			                          "IP:port or a host name");

			tw_v_odiag(c, TW_ERROR, s, op, hint, "'%s' is not a valid match entry (%s): "
			           "Asterisk drops the identify", it, err ? err : "invalid");
			free(hint);
			free(err);
		} else if (is_host) {
			tw_v_odiag(c, TW_WARNING, s, op,
			           "list the provider's IP addresses instead (e.g. match = 203.0.113.10,203.0.113.0/24)",
			           "host name '%s' is resolved only when Asterisk loads or reloads; "
			           "if it does not resolve then, Asterisk drops the identify and inbound calls fail, "
			           "and later address changes are missed", it);
		}
	}
}

bool tw_v_host_unresolvable(const char *host)
{
	bool is_host = false, bad;
	char *err = NULL;

	bad = !tw_check_match_item(host, &is_host, &err) && err &&
	      strstr(err, "host name may contain only") &&
	      !dns_name_with_underscore(host, strlen(host));
	free(err);
	return bad;
}

/* The host of a sip: URI (after the user part, before :port ;params). */
static bool uri_host_is_dns_name(const char *v)
{
	const char *h = v, *at, *e;

	if (*h == '<')
		h++;
	if (strncasecmp(h, "sips:", 5) == 0)
		h += 5;
	else if (strncasecmp(h, "sip:", 4) == 0)
		h += 4;
	if ((at = strchr(h, '@')))
		h = at + 1;
	for (e = h; *e && !strchr(":;?>", *e); e++)
		;
	return dns_name_with_underscore(h, (size_t)(e - h));
}

/* URIs pjsip parses although they cannot work: Asterisk creates the
 * object and fails later (asterisk-behaviour.md: server_uri =
 * sip:HOSTNAME_WITHOUT_DOTS is accepted; FreePBX's aor contact =
 * sip:@host for IP-only trunks is kept and fails when qualified or
 * dialled). A warning with that consequence, not "dropped". */
static bool uri_accepted(struct vctx *c, const struct tw_conf_section *s,
                         const struct tw_conf_option *op, const char *v, const char *err)
{
	if (!err)
		return false;
	if (strstr(err, "empty user part")) {
		tw_v_odiag(c, TW_WARNING, s, op, "write the user, e.g. sip:1234@host, or leave out "
		           "the '@': sip:host", "'%s' has an empty user part: Asterisk keeps the "
		           "object, but qualifying or dialling this URI fails", v);
		return true;
	}
	if (strstr(err, "host name may contain only")) {
		if (uri_host_is_dns_name(v))
			return true;
		tw_v_odiag(c, TW_WARNING, s, op, "write the provider's real host name",
		           "'%s': a host that cannot resolve (a placeholder left in the config?): "
		           "Asterisk creates the object, but it fails when the name does not "
		           "resolve", v);
		return true;
	}
	return false;
}

static void check_uri_value(struct vctx *c, const struct tw_conf_section *s,
                            const struct tw_conf_option *op, const char *v,
                            bool route)
{
	char *err = NULL;

	if (!*v || tw_check_sip_uri(v, &err))
		return;
	if (uri_accepted(c, s, op, v, err)) {
		free(err);
		return;
	}
	if (route)
		tw_v_odiag(c, TW_ERROR, s, op, "write a SIP URI such as sip:proxy.example.com\\;lr",
		           "'%s' is not a valid SIP URI (%s)", v, err ? err : "invalid");
	else
		tw_v_odiag(c, TW_ERROR, s, op,
		           "write a full SIP URI such as sip:provider.example.com (with sip: or sips:)",
		           "'%s' is not a valid SIP URI (%s): Asterisk drops the object",
		           v, err ? err : "invalid");
	free(err);
}

static void check_bind_value(struct vctx *c, const struct tw_conf_section *s,
                             const struct tw_conf_option *op)
{
	char *host = NULL;
	unsigned port = 0;
	const char *v = op->value;
	char *err = NULL;

	if (!*v)
		return;
	if (tw_is_ipv6(v) || tw_is_ipv4(v))
		return;
	if (tw_split_hostport(v, &host, &port, &err) != 0) {
		tw_v_odiag(c, TW_ERROR, s, op, "write an address such as 0.0.0.0, 0.0.0.0:5060 or [::]:5060",
		           "not a bind address (%s): the transport does not start", err ? err : "invalid");
		free(err);
		return;
	}
	if (!tw_is_ipv4(host) && !tw_is_ipv6(host))
		tw_v_odiag(c, TW_ERROR, s, op, "write an IP address such as 0.0.0.0, 0.0.0.0:5060 or [::]:5060",
		           "'%s' is not an IP address: the transport does not start", host);
	free(host);
}

static void check_host_value(struct vctx *c, const struct tw_conf_section *s,
                             const struct tw_conf_option *op)
{
	const char *v = op->value;
	size_t n = strlen(v);

	if (!n)
		return;
	if (v[0] == '[' && v[n - 1] == ']' && n - 2 < sizeof(c->item)) {
		memcpy(c->item, v + 1, n - 2);
		c->item[n - 2] = '\0';
		v = c->item;
	}
	if (tw_addr_classify(v) == TW_ADDR_INVALID)
		tw_v_odiag(c, TW_ERROR, s, op, "write an IP address or a host name",
		           "not an IP address or host name");
}

static bool from_user_char(char ch)
{
	return isalnum((unsigned char)ch) || (ch && strchr("-._~%!$&'()*+,;=:", ch));
}

static void check_digests(struct vctx *c, const struct tw_conf_section *s,
                          const struct tw_conf_option *op)
{
	const char *p = op->value;

	while (tw_v_next_item(&p, ",", c->item, sizeof(c->item))) {
		char *it = c->item, *colon = strchr(it, ':');
		const char *alg = "MD5", *hex = it;
		size_t want = 32;

		if (!*it)
			continue;
		if (colon) {
			*colon = '\0';
			alg = it;
			hex = colon + 1;
			if (strcasecmp(alg, "MD5") == 0)
				want = 32;
			else if (strcasecmp(alg, "SHA-256") == 0 || strcasecmp(alg, "SHA-512-256") == 0)
				want = 64;
			else {
				tw_v_odiag_secret(c, TW_ERROR, s, op, "use MD5:, SHA-256: or SHA-512-256:",
				                  "unknown digest algorithm '%s': Asterisk drops the auth", alg);
				continue;
			}
		}
		if (strlen(hex) != want || !all_hex(hex, want))
			tw_v_odiag_secret(c, TW_ERROR, s, op,
			                  "give the hex digest of username:realm:password",
			                  "a %s digest must be %zu hex digits: Asterisk drops the auth", alg, want);
	}
}

static void check_groups(struct vctx *c, const struct tw_conf_section *s,
                         const struct tw_conf_option *op)
{
	const char *p = op->value;

	if (!*p)
		return;
	while (tw_v_next_item(&p, ",", c->item, sizeof(c->item))) {
		char *dash = strchr(c->item, '-');
		unsigned long a, b;

		if (dash)
			*dash = '\0';
		if (!tw_v_all_digits(c->item) || (dash && !tw_v_all_digits(dash + 1)) ||
		    (a = strtoul(c->item, NULL, 10)) > 63 ||
		    (b = dash ? strtoul(dash + 1, NULL, 10) : a) > 63 || b < a) {
			tw_v_odiag(c, TW_ERROR, s, op, "use numbers 0-63 and ranges like 1,3-5",
			           "bad group list");
			return;
		}
	}
}

static void check_codec_prefs(struct vctx *c, const struct tw_conf_section *s,
                              const struct tw_conf_option *op)
{
	static const char *const keys[] = { "prefer", "operation", "keep", "transcode" };
	static const char *const vals[][5] = {
		{ "pending", "configured", NULL },
		{ "intersect", "union", "only_preferred", "only_nonpreferred", NULL },
		{ "all", "first", NULL },
		{ "allow", "prevent", NULL },
	};
	const char *p = op->value;

	while (tw_v_next_item(&p, ",", c->item, sizeof(c->item))) {
		char *colon = strchr(c->item, ':'), *val;
		size_t k, j;
		bool ok = false;

		if (!*c->item)
			continue;
		if (colon) {
			*colon = '\0';
			val = colon + 1;
			while (tw_v_is_blank(*val))
				val++;
			tw_strtrim(c->item);
			for (k = 0; k < TW_ARRAY_LEN(keys) && !ok; k++)
				if (strcasecmp(c->item, keys[k]) == 0)
					for (j = 0; vals[k][j] && !ok; j++)
						ok = strcasecmp(val, vals[k][j]) == 0;
		}
		if (!ok) {
			tw_v_odiag(c, TW_ERROR, s, op,
			           "write e.g. prefer: pending, operation: intersect, keep: all, transcode: allow",
			           "bad codec preference item: Asterisk drops the endpoint");
			return;
		}
	}
}

static void check_match_header(struct vctx *c, const struct tw_conf_section *s,
                               const struct tw_conf_option *op)
{
	const char *v = op->value, *colon = strchr(v, ':'), *p;

	if (!*v)
		return;
	if (!colon || colon == v) {
		tw_v_odiag(c, TW_ERROR, s, op, "write 'Header-Name: value' or 'Header-Name: /regex/'",
		           "no header name before ':': Asterisk drops the identify");
		return;
	}
	for (p = colon + 1; tw_v_is_blank(*p); p++)
		;
	check_regex(c, s, op, p);
}

static void check_callerid(struct vctx *c, const struct tw_conf_section *s,
                           const struct tw_conf_option *op)
{
	const char *v = op->value, *lt = strchr(v, '<'), *q;
	size_t quotes = 0;

	for (q = v; *q; q++)
		quotes += *q == '"';
	if ((lt && !strchr(lt, '>')) || (!lt && strchr(v, '>')) || quotes % 2)
		tw_v_odiag(c, TW_WARNING, s, op, "write it as \"Name\" <number>",
		           "unbalanced quotes or angle brackets in caller ID");
}

static void check_acl(struct vctx *c, const struct tw_conf_section *s,
                      const struct tw_conf_option *op)
{
	const char *p;

	for (p = op->value; tw_v_next_item(&p, ",", c->item, sizeof(c->item));) {
		const char *it = c->item;

		if (*it == '!')
			it++;
		if (*it && !tw_is_ip_or_cidr(it))
			tw_v_odiag(c, TW_ERROR, s, op, "write addresses as IP or IP/prefix, e.g. 192.168.0.0/16",
			           "'%s' is not an IP address or network: Asterisk drops the object", it);
	}
}

static void check_from_user(struct vctx *c, const struct tw_conf_section *s,
                            const struct tw_conf_option *op)
{
	const char *p;

	for (p = op->value; *p; p++)
		if (!from_user_char(*p)) {
			tw_v_odiag(c, TW_ERROR, s, op,
			           "use only letters, digits and -._~%!$&'()*+,;=: (no '@' or spaces)",
			           "character '%c' is not allowed in from_user: Asterisk drops the endpoint", *p);
			return;
		}
}

void tw_v_check_value(struct vctx *c, const struct tw_conf_section *s,
                      const struct tw_conf_option *op, const struct tw_schema_opt *so)
{
	const char *v = op->value ? op->value : "", *p;
	char *err = NULL;

	switch (so->type) {
	case TW_VT_STRING:
	case TW_VT_SECRET:
	case TW_VT_LIST:
	case TW_VT_REF:
	case TW_VT_REF_LIST:
		break;
	case TW_VT_BOOL:
		check_bool_value(c, s, op);
		break;
	case TW_VT_UINT:
		check_uint_value(c, s, op, so);
		break;
	case TW_VT_FLOAT:
		if (!tw_check_float(v, &err))
			tw_v_odiag(c, TW_ERROR, s, op, "write a number of seconds such as 3 or 3.5",
			           "%s: Asterisk drops the object", err);
		free(err);
		break;
	case TW_VT_ENUM:
		check_enum_value(c, s, op, so, v, false);
		break;
	case TW_VT_BOOL_ENUM:
		check_enum_value(c, s, op, so, v, true);
		break;
	case TW_VT_ENUM_LIST:
		for (p = v; tw_v_next_item(&p, ",", c->item2, sizeof(c->item2));)
			check_enum_value(c, s, op, so, c->item2, false);
		break;
	case TW_VT_CODECS:
		check_codecs_value(c, s, op);
		break;
	case TW_VT_SIP_URI:
		check_uri_value(c, s, op, v, false);
		break;
	case TW_VT_SIP_URI_LIST:
		for (p = v; tw_v_next_item(&p, ",", c->item2, sizeof(c->item2));)
			check_uri_value(c, s, op, c->item2, false);
		break;
	case TW_VT_ROUTE_URI:
		check_uri_value(c, s, op, v, true);
		break;
	case TW_VT_MATCH:
		check_match_value(c, s, op);
		break;
	case TW_VT_MATCH_HEADER:
		check_match_header(c, s, op);
		break;
	case TW_VT_REGEX_STR:
		check_regex(c, s, op, v);
		break;
	case TW_VT_CALLERID:
		check_callerid(c, s, op);
		break;
	case TW_VT_ACL:
		check_acl(c, s, op);
		break;
	case TW_VT_BIND:
		check_bind_value(c, s, op);
		break;
	case TW_VT_HOST:
		check_host_value(c, s, op);
		break;
	case TW_VT_TOS:
		if (!tos_ok(v))
			tw_v_odiag(c, TW_ERROR, s, op, "use a number 0-255 or a DSCP name such as ef or af41",
			           "not a TOS value: Asterisk drops the object");
		break;
	case TW_VT_SET_VAR:
		p = strchr(v, '=');
		if (!p || p == v)
			tw_v_odiag(c, TW_ERROR, s, op, "write set_var = NAME=value",
			           "no '=' after a variable name: Asterisk drops the endpoint");
		break;
	case TW_VT_MD5:
		if (*v && (strlen(v) != 32 || !all_hex(v, 32)))
			tw_v_odiag_secret(c, TW_ERROR, s, op, "give the 32 hex digits of MD5(username:realm:password)",
			                  "md5_cred must be 32 hex digits: Asterisk drops the auth");
		break;
	case TW_VT_DIGESTS:
		check_digests(c, s, op);
		break;
	case TW_VT_FROM_USER:
		check_from_user(c, s, op);
		break;
	case TW_VT_GROUPS:
		check_groups(c, s, op);
		break;
	case TW_VT_CODEC_PREFS:
		check_codec_prefs(c, s, op);
		break;
	}
}
