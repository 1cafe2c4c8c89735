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

/* Checks s[0..n) against unreserved + extra + %HH escapes. */
static const char *uri_chars_error(const char *s, size_t n, const char *extra,
                                   const char *what_bad)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '%') {
			if (i + 2 >= n || !is_hex(s[i + 1]) || !is_hex(s[i + 2]))
				return "bad %-escape (expected % and two hex digits)";
			i += 2;
		} else if (!is_unreserved(s[i]) && !strchr(extra, s[i])) {
			return what_bad;
		}
	}
	return NULL;
}

static const char *uri_userinfo_error(const char *s, size_t n)
{
	const char *colon = memchr_c(s, n, ':');
	size_t ulen = colon ? (size_t)(colon - s) : n;
	const char *e;

	if (ulen == 0)
		return "empty user part before '@'";
	e = uri_chars_error(s, ulen, "&=+$,;?/",
	                    "character not allowed in the user part (escape it as %XX)");
	if (e || !colon)
		return e;
	return uri_chars_error(colon + 1, n - ulen - 1, "&=+$,",
	                       "character not allowed in the password part (escape it as %XX)");
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
static const char *uri_params_error(const char **pp, const char *end)
{
	const char *p = *pp;

	while (p < end && *p == ';') {
		const char *start = ++p, *eq;
		size_t n;
		const char *e;

		while (p < end && *p != ';' && *p != '?')
			p++;
		n = (size_t)(p - start);
		if (n == 0)
			return "empty URI parameter (';;' or a trailing ';')";
		eq = memchr_c(start, n, '=');
		if (eq == start)
			return "URI parameter without a name";
		if (eq && eq + 1 == p)
			return "URI parameter with '=' but no value";
		e = uri_chars_error(start, n, "[]/:&+$=",
		                    "character not allowed in a URI parameter");
		if (e)
			return e;
		if (eq && (size_t)(eq - start) == 9 &&
		    strncasecmp(start, "transport", 9) == 0 &&
		    !transport_known(eq + 1, (size_t)(p - eq - 1)))
			return "unknown transport= value (udp, tcp, tls, ws, wss or sctp)";
	}
	*pp = p;
	return NULL;
}

/* "?name=value&name=value" */
static const char *uri_headers_error(const char *p, const char *end)
{
	while (p < end) {
		const char *start = ++p, *eq, *e;
		size_t n;

		while (p < end && *p != '&')
			p++;
		n = (size_t)(p - start);
		eq = memchr_c(start, n, '=');
		if (n == 0 || !eq || eq == start)
			return "malformed header after '?' (expected name=value)";
		e = uri_chars_error(start, n, "[]/?:+$=",
		                    "character not allowed in a URI header");
		if (e)
			return e;
	}
	return NULL;
}

/* host[:port] starting at p; *pp ends at ';', '?' or end. */
static const char *uri_hostport_error(const char **pp, const char *end)
{
	const char *p = *pp, *h = p, *hend, *e;
	struct hostport hp;
	enum tw_addr_kind kind;
	size_t hlen;

	if (p < end && *p == '[') {
		const char *rb = memchr_c(p, (size_t)(end - p), ']');

		if (!rb)
			return "missing ']' after the IPv6 address";
		p = rb + 1;
	} else {
		const char *q, *colon = NULL;
		size_t colons = 0;

		for (q = p; q < end && *q != ';' && *q != '?'; q++) {
			if (*q == ':' && !colons++)
				colon = q;
		}
		if (colons > 1)
			return "IPv6 address in a URI must be in brackets: sip:[2001:db8::1]";
		p = colon ? colon : q;
	}
	hend = p;
	hlen = (size_t)(hend - h);
	if (hlen == 0)
		return "missing host";
	if (p < end && *p == ':') {
		const char *port = ++p;

		while (p < end && *p != ';' && *p != '?')
			p++;
		if ((e = tw_net_port_error(port, (size_t)(p - port), NULL)))
			return e;
	} else if (p < end && *p != ';' && *p != '?') {
		return "unexpected text after ']' (expected :port, ;params or ?headers)";
	}
	if (hlen > (hend == p ? URI_HOST_MAX : URI_HOST_MAX_PORT))
		return "host longer than 117 characters (127 with a port)";
	if ((e = tw_net_hostport_split(h, hlen, &hp)) || (e = tw_net_hostport_host_error(&hp, &kind)))
		return e;
	*pp = p;
	return NULL;
}

static const char *sip_uri_error(const char *s)
{
	const char *p = s, *end = s + strlen(s), *at, *e;

	if (*p == '<') {
		if (end - p < 2 || end[-1] != '>')
			return "'<' without a closing '>'";
		p++;
		end--;
	} else if (end[-1] == '>') {
		return "'>' without an opening '<'";
	}
	if ((size_t)(end - p) >= 5 && strncasecmp(p, "sips:", 5) == 0)
		p += 5;
	else if ((size_t)(end - p) >= 4 && strncasecmp(p, "sip:", 4) == 0)
		p += 4;
	else
		return "missing sip: or sips: scheme";
	at = memchr_c(p, (size_t)(end - p), '@');
	if (at) {
		if (memchr_c(at + 1, (size_t)(end - at - 1), '@'))
			return "more than one '@' (write '@' in the user part as %40)";
		if ((e = uri_userinfo_error(p, (size_t)(at - p))))
			return e;
		p = at + 1;
	}
	if ((e = uri_hostport_error(&p, end)) || (e = uri_params_error(&p, end)))
		return e;
	if (p < end && *p == '?')
		return uri_headers_error(p, end);
	return NULL;
}

bool tw_check_sip_uri(const char *s, char **cause)
{
	char buf[URI_MAX + 1];
	const char *p, *e;
	size_t n = 0;
	bool too_long = false;

	if (!s || !*s)
		return fail(cause, "empty URI");
	for (p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return fail(cause, "URI contains spaces or control characters");
	if (!strchr(s, '\\')) {
		if ((size_t)(p - s) > URI_MAX)
			return fail(cause, "URI longer than 255 characters");
		e = sip_uri_error(s);
		return e ? fail(cause, e) : true;
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
		return fail(cause, "URI longer than 255 characters");
	buf[n] = '\0';
	e = sip_uri_error(buf);
	return e ? fail(cause, e) : true;
}
