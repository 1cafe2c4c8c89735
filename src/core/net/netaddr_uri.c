/* netaddr_uri.c - SIP URIs for server_uri, client_uri, contact and
 * outbound_proxy (netaddr.h, schema 5.1): scheme, user and password, host
 * and port (netaddr_host.c's, through netaddr_priv.h), ;params and
 * ?headers, with pjproject's portable length limits. The file form, where
 * each ';' is written "\;", is accepted too. */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "trunkwiz/net.h"
#include "net/netaddr_priv.h"
#include "net/net.h"

/* Portable pjproject limits (schema 5.1). */
#define URI_MAX 255
#define URI_HOST_MAX 117      /* without a port: 127 - strlen("_sips.tcp.") */
#define URI_HOST_MAX_PORT 127

static bool is_alnum(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool is_unreserved(char c)
{
	return is_alnum(c) || (c && strchr("-_.!~*'()", c));
}

/* Checks s[0..n) against unreserved + extra + %HH escapes; what_bad says
 * what is wrong with any other byte. */
static bool uri_chars_ok(const char *s, size_t n, const char *extra, const char *what_bad,
                         char **cause)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '%') {
			if (i + 2 >= n || !is_hex(s[i + 1]) || !is_hex(s[i + 2]))
				return tw_fail(cause, "%s", "bad %-escape (expected % and two hex digits)");
			i += 2;
		} else if (!is_unreserved(s[i]) && !strchr(extra, s[i])) {
			return tw_fail(cause, "%s", what_bad);
		}
	}
	return true;
}

static bool uri_userinfo_ok(const char *s, size_t n, char **cause)
{
	const char *colon = memchr_c(s, n, ':');
	size_t ulen = colon ? (size_t)(colon - s) : n;

	if (ulen == 0)
		return tw_fail(cause, "empty user part before '@'");
	if (!uri_chars_ok(s, ulen, "&=+$,;?/",
	                  "character not allowed in the user part (escape it as %XX)", cause))
		return false;
	return !colon ||
	       uri_chars_ok(colon + 1, n - ulen - 1, "&=+$,",
	                    "character not allowed in the password part (escape it as %XX)", cause);
}

static bool transport_known(const char *v, size_t n)
{
	static const char *const names[] = { "udp", "tcp", "tls", "ws", "wss", "sctp" };
	size_t i;

	for (i = 0; i < TW_ARRAY_LEN(names); i++)
		if (strlen(names[i]) == n && strncasecmp(v, names[i], n) == 0)
			return true;
	return false;
}

/* ";name[=value]" items; *pp is at the first ';' and ends at '?' or end. */
static bool uri_params_ok(const char **pp, const char *end, char **cause)
{
	const char *p = *pp;

	while (p < end && *p == ';') {
		const char *start = ++p, *eq;
		size_t n;

		while (p < end && *p != ';' && *p != '?')
			p++;
		n = (size_t)(p - start);
		if (n == 0)
			return tw_fail(cause, "empty URI parameter (';;' or a trailing ';')");
		eq = memchr_c(start, n, '=');
		if (eq == start)
			return tw_fail(cause, "URI parameter without a name");
		if (eq && eq + 1 == p)
			return tw_fail(cause, "URI parameter with '=' but no value");
		if (!uri_chars_ok(start, n, "[]/:&+$=", "character not allowed in a URI parameter",
		                  cause))
			return false;
		if (eq && (size_t)(eq - start) == 9 &&
		    strncasecmp(start, "transport", 9) == 0 &&
		    !transport_known(eq + 1, (size_t)(p - eq - 1)))
			return tw_fail(cause, "unknown transport= value (udp, tcp, tls, ws, wss or sctp)");
	}
	*pp = p;
	return true;
}

/* "?name=value&name=value" */
static bool uri_headers_ok(const char *p, const char *end, char **cause)
{
	while (p < end) {
		const char *start = ++p, *eq;
		size_t n;

		while (p < end && *p != '&')
			p++;
		n = (size_t)(p - start);
		eq = memchr_c(start, n, '=');
		if (n == 0 || !eq || eq == start)
			return tw_fail(cause, "malformed header after '?' (expected name=value)");
		if (!uri_chars_ok(start, n, "[]/?:+$=", "character not allowed in a URI header",
		                  cause))
			return false;
	}
	return true;
}

/* host[:port] starting at p; *pp ends at ';', '?' or end. */
static bool uri_hostport_ok(const char **pp, const char *end, char **cause)
{
	const char *p = *pp, *h = p, *hend;
	struct hostport hp;
	enum tw_addr_kind kind;
	size_t hlen;

	if (p < end && *p == '[') {
		const char *rb = memchr_c(p, (size_t)(end - p), ']');

		if (!rb)
			return tw_fail(cause, "missing ']' after the IPv6 address");
		p = rb + 1;
	} else {
		const char *q, *colon = NULL;
		size_t colons = 0;

		for (q = p; q < end && *q != ';' && *q != '?'; q++) {
			if (*q == ':' && !colons++)
				colon = q;
		}
		if (colons > 1)
			return tw_fail(cause, "IPv6 address in a URI must be in brackets: sip:[2001:db8::1]");
		p = colon ? colon : q;
	}
	hend = p;
	hlen = (size_t)(hend - h);
	if (hlen == 0)
		return tw_fail(cause, "missing host");
	if (p < end && *p == ':') {
		const char *port = ++p;

		while (p < end && *p != ';' && *p != '?')
			p++;
		if (!tw_net_port_ok(port, (size_t)(p - port), NULL, cause))
			return false;
	} else if (p < end && *p != ';' && *p != '?') {
		return tw_fail(cause, "unexpected text after ']' (expected :port, ;params or ?headers)");
	}
	if (hlen > (hend == p ? URI_HOST_MAX : URI_HOST_MAX_PORT))
		return tw_fail(cause, "host longer than 117 characters (127 with a port)");
	if (!tw_net_hostport_split(h, hlen, &hp, cause) || !tw_net_hostport_host_ok(&hp, &kind, cause))
		return false;
	*pp = p;
	return true;
}

static bool sip_uri_ok(const char *s, char **cause)
{
	const char *p = s, *end = s + strlen(s), *at;

	if (*p == '<') {
		if (end - p < 2 || end[-1] != '>')
			return tw_fail(cause, "'<' without a closing '>'");
		p++;
		end--;
	} else if (end[-1] == '>') {
		return tw_fail(cause, "'>' without an opening '<'");
	}
	if ((size_t)(end - p) >= 5 && strncasecmp(p, "sips:", 5) == 0)
		p += 5;
	else if ((size_t)(end - p) >= 4 && strncasecmp(p, "sip:", 4) == 0)
		p += 4;
	else
		return tw_fail(cause, "missing sip: or sips: scheme");
	at = memchr_c(p, (size_t)(end - p), '@');
	if (at) {
		if (memchr_c(at + 1, (size_t)(end - at - 1), '@'))
			return tw_fail(cause, "%s", "more than one '@' (write '@' in the user part as %40)");
		if (!uri_userinfo_ok(p, (size_t)(at - p), cause))
			return false;
		p = at + 1;
	}
	if (!uri_hostport_ok(&p, end, cause) || !uri_params_ok(&p, end, cause))
		return false;
	return p == end || *p != '?' || uri_headers_ok(p, end, cause);
}

bool tw_check_sip_uri(const char *s, char **cause)
{
	char buf[URI_MAX + 1];
	const char *p;
	size_t n = 0;
	bool too_long = false;

	if (!s || !*s)
		return tw_fail(cause, "empty URI");
	for (p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return tw_fail(cause, "URI contains spaces or control characters");
	if (!strchr(s, '\\')) {
		if ((size_t)(p - s) > URI_MAX)
			return tw_fail(cause, "URI longer than 255 characters");
		return sip_uri_ok(s, cause);
	}
	/* Accept the file form too: "\;" is how a ';' is written there. */
	for (p = s; *p; p++) {
		if (p[0] == '\\' && p[1] == ';')
			continue;
		if (n < URI_MAX)
			buf[n++] = *p;
		else
			too_long = true;
	}
	if (too_long)
		return tw_fail(cause, "URI longer than 255 characters");
	buf[n] = '\0';
	return sip_uri_ok(buf, cause);
}
