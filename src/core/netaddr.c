#include "config.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "trunkwiz/netaddr.h"

/* Portable pjproject limits (schema 5.1). */
#define URI_MAX 255
#define URI_HOST_MAX 117      /* without a port: 127 - strlen("_sips.tcp.") */
#define URI_HOST_MAX_PORT 127

/* An address with its prefix length, from "a.b.c.d/nn", "v6/mask", ... */
struct net {
	int family;           /* AF_INET or AF_INET6 */
	uint8_t addr[16];
	unsigned prefix;
};

/* A "host[:port]" split without copying; host excludes any brackets. */
struct hostport {
	const char *host;
	size_t hlen;
	bool bracketed;
	const char *port;     /* NULL when there is none */
	size_t plen;
};

static bool fail(const char **err, const char *msg)
{
	if (err)
		*err = msg;
	return false;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alnum(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool has_space_or_control(const char *s)
{
	return strpbrk(s, " \t") != NULL || tw_has_control(s);
}

static const char *memchr_c(const char *s, size_t n, char c)
{
	return memchr(s, c, n);
}

static size_t count_char(const char *s, size_t n, char c)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (s[i] == c)
			k++;
	return k;
}

/* Only digits and dots, with at least one dot: meant as IPv4. */
static bool looks_ipv4(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_digit(s[i]) && s[i] != '.')
			return false;
	return n > 0 && memchr_c(s, n, '.') != NULL;
}

/* NULL when s[0..n) is a strict dotted quad (stored in out), else what is
 * wrong with it. */
static const char *ipv4_error(const char *s, size_t n, uint8_t out[4])
{
	size_t i = 0, part;

	for (part = 0; part < 4; part++) {
		size_t start = i;
		unsigned v = 0;

		if (part > 0) {
			if (i >= n || s[i] != '.')
				return "IPv4 address needs four dot-separated numbers";
			start = ++i;
		}
		while (i < n && is_digit(s[i])) {
			if (i - start < 4)
				v = v * 10 + (unsigned)(s[i] - '0');
			i++;
		}
		if (i == start)
			return i < n && s[i] != '.'
			       ? "IPv4 address may contain only digits and dots"
			       : "empty number in IPv4 address";
		if (i - start > 1 && s[start] == '0')
			return "IPv4 octet has a leading zero (ambiguous: octal or decimal?)";
		if (i - start > 3 || v > 255)
			return "IPv4 octet out of range (0-255)";
		out[part] = (uint8_t)v;
	}
	if (i < n)
		return s[i] == '.' ? "IPv4 address has more than four numbers"
		                   : "IPv4 address may contain only digits and dots";
	return NULL;
}

static bool ipv6_parse(const char *s, size_t n, uint8_t out[16])
{
	char buf[64];

	if (n == 0 || n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return inet_pton(AF_INET6, buf, out) == 1;
}

/* Bytes of host names: letters and digits, digits, '-'. */
enum { HOST_ALNUM = 1, HOST_DIGIT = 2, HOST_HYPHEN = 4 };

static const unsigned char host_byte[256] = {
	['0' ... '9'] = HOST_ALNUM | HOST_DIGIT,
	['A' ... 'Z'] = HOST_ALNUM,
	['a' ... 'z'] = HOST_ALNUM,
	['-'] = HOST_HYPHEN,
};

static const char *hostname_error(const char *s, size_t n)
{
	size_t i, start = 0;
	bool digits_only = true;

	if (n > 0 && s[n - 1] == '.')
		n--;
	if (n == 0)
		return "empty host name";
	if (n > 253)
		return "host name longer than 253 characters";
	for (i = 0; i <= n; i++) {
		if (i < n && s[i] != '.') {
			unsigned char k = host_byte[(unsigned char)s[i]];

			if (!k)
				return "host name may contain only letters, digits, '-' and '.'";
			if (!(k & HOST_DIGIT))
				digits_only = false;
			continue;
		}
		if (i == start)
			return "empty label in host name (two dots in a row?)";
		if (i - start > 63)
			return "host name label longer than 63 characters";
		if (s[start] == '-' || s[i - 1] == '-')
			return "host name label starts or ends with '-'";
		if (i < n) {
			start = i + 1;
			digits_only = true;
		}
	}
	if (digits_only)
		return "host name ends in an all-numeric label (not a valid IPv4 address either)";
	return NULL;
}

/* IPv4, IPv6 (no brackets) or host name: NULL when valid, else why not. */
static const char *host_error(const char *s, size_t n, enum tw_addr_kind *kind)
{
	uint8_t a[16];
	const char *e;

	*kind = TW_ADDR_INVALID;
	if (n == 0)
		return "empty host";
	if (memchr_c(s, n, ':')) {
		if (!ipv6_parse(s, n, a))
			return "invalid IPv6 address";
		*kind = TW_ADDR_IPV6;
		return NULL;
	}
	if (looks_ipv4(s, n)) {
		if ((e = ipv4_error(s, n, a)))
			return e;
		*kind = TW_ADDR_IPV4;
		return NULL;
	}
	if ((e = hostname_error(s, n)))
		return e;
	*kind = TW_ADDR_HOSTNAME;
	return NULL;
}

static const char *port_error(const char *s, size_t n, unsigned *port)
{
	size_t i;
	unsigned long v = 0;

	if (n == 0)
		return "empty port after ':'";
	for (i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return "port is not a number";
		if (v <= 65535)
			v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (s[0] == '0' && n > 1)
		return "port has a leading zero";
	if (v < 1 || v > 65535)
		return "port out of range 1-65535";
	if (port)
		*port = (unsigned)v;
	return NULL;
}

static const char *hostport_split(const char *s, size_t n, struct hostport *hp)
{
	const char *colon;

	memset(hp, 0, sizeof(*hp));
	if (n == 0)
		return "empty address";
	if (s[0] == '[') {
		const char *rb = memchr_c(s, n, ']');

		if (!rb)
			return "missing ']' after the IPv6 address";
		hp->host = s + 1;
		hp->hlen = (size_t)(rb - s) - 1;
		hp->bracketed = true;
		if (rb + 1 == s + n)
			return NULL;
		if (rb[1] != ':')
			return "unexpected text after ']' (expected ':port')";
		hp->port = rb + 2;
		hp->plen = (size_t)(s + n - hp->port);
		return NULL;
	}
	hp->host = s;
	hp->hlen = n;
	colon = memchr_c(s, n, ':');
	/* More than one ':' without brackets: the whole thing is an IPv6
	 * host, as Asterisk reads it. */
	if (colon && count_char(s, n, ':') == 1) {
		hp->hlen = (size_t)(colon - s);
		hp->port = colon + 1;
		hp->plen = (size_t)(s + n - hp->port);
	}
	return NULL;
}

/* Host part of a split: brackets demand IPv6. */
static const char *hostport_host_error(const struct hostport *hp,
                                       enum tw_addr_kind *kind)
{
	const char *e = host_error(hp->host, hp->hlen, kind);

	if (hp->bracketed && !e && *kind != TW_ADDR_IPV6) {
		*kind = TW_ADDR_INVALID;
		return "only an IPv6 address may be written in brackets";
	}
	if (hp->bracketed && e)
		return "invalid IPv6 address in brackets";
	return e;
}

bool tw_is_ipv4(const char *s)
{
	uint8_t a[4];

	return s && ipv4_error(s, strlen(s), a) == NULL;
}

bool tw_is_ipv6(const char *s)
{
	uint8_t a[16];

	return s && ipv6_parse(s, strlen(s), a);
}

bool tw_is_hostname(const char *s)
{
	return s && hostname_error(s, strlen(s)) == NULL;
}

bool tw_is_port(const char *s)
{
	return s && port_error(s, strlen(s), NULL) == NULL;
}

enum tw_addr_kind tw_addr_classify(const char *s)
{
	enum tw_addr_kind kind;

	if (!s || host_error(s, strlen(s), &kind))
		return TW_ADDR_INVALID;
	return kind;
}

/* Set the first `prefix` bits of a mask and check m is exactly that. */
static bool mask_to_prefix(const uint8_t *m, size_t len, unsigned *prefix)
{
	size_t i;
	unsigned bits = 0;
	bool zero_seen = false;

	for (i = 0; i < len * 8; i++) {
		bool one = (m[i / 8] >> (7 - i % 8)) & 1;

		if (one && zero_seen)
			return false;
		if (one)
			bits++;
		else
			zero_seen = true;
	}
	*prefix = bits;
	return true;
}

static const char *mask_error(int family, const char *s, size_t n,
                              unsigned *prefix)
{
	unsigned max = family == AF_INET ? 32 : 128;
	uint8_t m[16];
	size_t i;

	if (n == 0)
		return "empty mask after '/'";
	for (i = 0; i < n && is_digit(s[i]); i++)
		;
	if (i == n) {
		unsigned long v = 0;

		for (i = 0; i < n && v <= 128; i++)
			v = v * 10 + (unsigned long)(s[i] - '0');
		if (s[0] == '0' && n > 1)
			return "CIDR prefix has a leading zero";
		if (v > max)
			return family == AF_INET ? "CIDR prefix out of range (0-32)"
			                         : "CIDR prefix out of range (0-128)";
		*prefix = (unsigned)v;
		return NULL;
	}
	if (family == AF_INET) {
		if (memchr_c(s, n, ':'))
			return "IPv6 mask on an IPv4 address";
		if (ipv4_error(s, n, m))
			return "invalid netmask (use /nn or a mask like 255.255.255.0)";
		if (!mask_to_prefix(m, 4, prefix))
			return "netmask is not contiguous (e.g. 255.255.255.0)";
		return NULL;
	}
	if (!memchr_c(s, n, ':'))
		return "IPv4 mask on an IPv6 address";
	if (!ipv6_parse(s, n, m))
		return "invalid IPv6 mask";
	if (!mask_to_prefix(m, 16, prefix))
		return "IPv6 mask is not contiguous";
	return NULL;
}

/* A numeric address with an optional "/mask" (no port, no brackets). */
static const char *net_parse(const char *s, struct net *out)
{
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	const char *e;

	memset(out, 0, sizeof(*out));
	if (n == 0)
		return "empty address";
	if (memchr_c(s, n, ':')) {
		if (!ipv6_parse(s, n, out->addr))
			return "invalid IPv6 address";
		out->family = AF_INET6;
		out->prefix = 128;
	} else {
		if ((e = ipv4_error(s, n, out->addr)))
			return e;
		out->family = AF_INET;
		out->prefix = 32;
	}
	if (!slash)
		return NULL;
	return mask_error(out->family, slash + 1, strlen(slash + 1), &out->prefix);
}

bool tw_is_ip_or_cidr(const char *s)
{
	struct net n;

	return s && net_parse(s, &n) == NULL;
}

const char *tw_net_parse(const char *s, struct tw_net *out)
{
	struct net n;
	const char *e = s ? net_parse(s, &n) : "empty address";

	memset(out, 0, sizeof(*out));
	if (e)
		return e;
	out->family = n.family;
	memcpy(out->addr, n.addr, sizeof(out->addr));
	out->prefix = n.prefix;
	return NULL;
}

bool tw_cidr_contains(const char *net, const char *addr)
{
	struct net n, a;
	unsigned i;

	if (!net || !addr || strchr(addr, '/'))
		return false;
	if (net_parse(net, &n) || net_parse(addr, &a) || n.family != a.family)
		return false;
	for (i = 0; i < n.prefix; i++) {
		unsigned bit = 7 - i % 8;

		if (((n.addr[i / 8] >> bit) & 1) != ((a.addr[i / 8] >> bit) & 1))
			return false;
	}
	return true;
}

int tw_split_hostport(const char *s, char **host, unsigned *port,
                      const char **err)
{
	struct hostport hp;
	enum tw_addr_kind kind;
	const char *e;
	unsigned p = 0;

	*host = NULL;
	*port = 0;
	if (!s)
		e = "empty address";
	else if (!(e = hostport_split(s, strlen(s), &hp)) &&
	         !(e = hostport_host_error(&hp, &kind)) && hp.port)
		e = port_error(hp.port, hp.plen, &p);
	if (e) {
		if (err)
			*err = e;
		return -1;
	}
	*host = tw_xstrndup(hp.host, hp.hlen);
	*port = p;
	return 0;
}

bool tw_check_match_item(const char *s, bool *is_host, const char **err)
{
	const char *slash, *e;
	struct hostport hp;
	enum tw_addr_kind kind;
	unsigned prefix;
	size_t n;

	if (is_host)
		*is_host = false;
	if (!s || !*s)
		return fail(err, "empty match item");
	if (s[0] == '!')
		return fail(err, "negated matches are not supported");
	if (has_space_or_control(s))
		return fail(err, "match item contains spaces or control characters");
	slash = strchr(s, '/');
	n = slash ? (size_t)(slash - s) : strlen(s);
	if ((e = hostport_split(s, n, &hp)) || (e = hostport_host_error(&hp, &kind)))
		return fail(err, e);
	if (hp.port && (e = port_error(hp.port, hp.plen, NULL)))
		return fail(err, e);
	if (kind == TW_ADDR_HOSTNAME) {
		if (slash)
			return fail(err, "a host name cannot have a mask (use an IP address/CIDR)");
		if (is_host)
			*is_host = true;
		return true;
	}
	if (slash && (e = mask_error(kind == TW_ADDR_IPV4 ? AF_INET : AF_INET6,
	                             slash + 1, strlen(slash + 1), &prefix)))
		return fail(err, e);
	return true;
}

/* ---- SIP URIs ---- */

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
		if ((e = port_error(port, (size_t)(p - port), NULL)))
			return e;
	} else if (p < end && *p != ';' && *p != '?') {
		return "unexpected text after ']' (expected :port, ;params or ?headers)";
	}
	if (hlen > (hend == p ? URI_HOST_MAX : URI_HOST_MAX_PORT))
		return "host longer than 117 characters (127 with a port)";
	if ((e = hostport_split(h, hlen, &hp)) || (e = hostport_host_error(&hp, &kind)))
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

bool tw_check_sip_uri(const char *s, const char **err)
{
	char buf[URI_MAX + 1];
	const char *p, *e;
	size_t n = 0;
	bool too_long = false;

	if (!s || !*s)
		return fail(err, "empty URI");
	for (p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return fail(err, "URI contains spaces or control characters");
	if (!strchr(s, '\\')) {
		if ((size_t)(p - s) > URI_MAX)
			return fail(err, "URI longer than 255 characters");
		e = sip_uri_error(s);
		return e ? fail(err, e) : true;
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
		return fail(err, "URI longer than 255 characters");
	buf[n] = '\0';
	e = sip_uri_error(buf);
	return e ? fail(err, e) : true;
}

/* ---- resolving ---- */

static tw_resolve_fn resolver = tw_resolve_system;
static void *resolver_ctx;

static size_t strv_push_unique(char ***v, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp((*v)[i], s) == 0)
			return n;
	*v = tw_xrealloc(*v, (n + 1) * sizeof(**v));
	(*v)[n] = tw_xstrdup(s);
	return n + 1;
}

int tw_resolve_system(const char *name, char ***out, void *ctx)
{
	struct addrinfo hints, *res, *ai;
	char buf[NI_MAXHOST];
	size_t n = 0;
	int rc;

	(void)ctx;
	*out = NULL;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_DGRAM;
	rc = getaddrinfo(name, NULL, &hints, &res);
	if (rc == EAI_NONAME || rc == EAI_NODATA || rc == EAI_ADDRFAMILY)
		return 0;
	if (rc != 0)
		return -1;
	for (ai = res; ai; ai = ai->ai_next) {
		if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6)
			continue;
		if (getnameinfo(ai->ai_addr, ai->ai_addrlen, buf, sizeof(buf),
		                NULL, 0, NI_NUMERICHOST) == 0)
			n = strv_push_unique(out, n, buf);
	}
	freeaddrinfo(res);
	return (int)n;
}

void tw_set_resolver(tw_resolve_fn fn, void *ctx)
{
	resolver = fn ? fn : tw_resolve_system;
	resolver_ctx = fn ? ctx : NULL;
}

int tw_resolve(const char *name, char ***out)
{
	*out = NULL;
	if (!name || !*name)
		return -1;
	/* A numeric address "resolves" to itself without asking anyone. */
	if (tw_is_ipv4(name) || tw_is_ipv6(name)) {
		*out = tw_xcalloc(1, sizeof(**out));
		(*out)[0] = tw_xstrdup(name);
		return 1;
	}
	return resolver(name, out, resolver_ctx);
}
