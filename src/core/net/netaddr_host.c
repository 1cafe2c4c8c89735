/* netaddr_host.c - host names and what is written with them (netaddr.h):
 * RFC 1123 host names, an address or host name classified, ports,
 * "host[:port]" with IPv6 in brackets, identify match items as Asterisk
 * parses them, and resolving names through the injectable resolver. SIP
 * URIs (netaddr_uri.c) use the host:port parts through netaddr_priv.h. */
#include "config.h"

#include <netdb.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "trunkwiz/net.h"
#include "net/netaddr_priv.h"
#include "base/base.h"
#include "net/net.h"

static bool has_space_or_control(const char *s)
{
	return strpbrk(s, " \t") != NULL || tw_has_control(s);
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

/* Bytes of host names: letters and digits, digits, '-'. */
enum { HOST_ALNUM = 1, HOST_DIGIT = 2, HOST_HYPHEN = 4 };

static const unsigned char host_byte[256] = {
	['0' ... '9'] = HOST_ALNUM | HOST_DIGIT,
	['A' ... 'Z'] = HOST_ALNUM,
	['a' ... 'z'] = HOST_ALNUM,
	['-'] = HOST_HYPHEN,
};

static bool hostname_ok(const char *s, size_t n, char **cause)
{
	size_t i, start = 0;
	bool digits_only = true;

	if (n > 0 && s[n - 1] == '.')
		n--;
	if (n == 0)
		return tw_fail(cause, "empty host name");
	if (n > 253)
		return tw_fail(cause, "host name longer than 253 characters");
	for (i = 0; i <= n; i++) {
		if (i < n && s[i] != '.') {
			unsigned char k = host_byte[(unsigned char)s[i]];

			if (!k)
				return tw_fail(cause, "host name may contain only letters, digits, '-' and '.'");
			if (!(k & HOST_DIGIT))
				digits_only = false;
			continue;
		}
		if (i == start)
			return tw_fail(cause, "empty label in host name (two dots in a row?)");
		if (i - start > 63)
			return tw_fail(cause, "host name label longer than 63 characters");
		if (s[start] == '-' || s[i - 1] == '-')
			return tw_fail(cause, "host name label starts or ends with '-'");
		if (i < n) {
			start = i + 1;
			digits_only = true;
		}
	}
	if (digits_only)
		return tw_fail(cause, "host name ends in an all-numeric label (not a valid IPv4 address either)");
	return true;
}

/* IPv4, IPv6 (no brackets) or host name. */
static bool host_ok(const char *s, size_t n, enum tw_addr_kind *kind, char **cause)
{
	uint8_t a[16];

	*kind = TW_ADDR_INVALID;
	if (n == 0)
		return tw_fail(cause, "empty host");
	if (memchr_c(s, n, ':')) {
		if (!tw_net_ipv6_parse(s, n, a))
			return tw_fail(cause, "invalid IPv6 address");
		*kind = TW_ADDR_IPV6;
		return true;
	}
	if (looks_ipv4(s, n)) {
		if (!tw_net_ipv4_ok(s, n, a, cause))
			return false;
		*kind = TW_ADDR_IPV4;
		return true;
	}
	if (!hostname_ok(s, n, cause))
		return false;
	*kind = TW_ADDR_HOSTNAME;
	return true;
}

bool tw_net_port_ok(const char *s, size_t n, unsigned *port, char **cause)
{
	size_t i;
	unsigned long v = 0;

	if (n == 0)
		return tw_fail(cause, "empty port after ':'");
	for (i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return tw_fail(cause, "port is not a number");
		if (v <= 65535)
			v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (s[0] == '0' && n > 1)
		return tw_fail(cause, "port has a leading zero");
	if (v < 1 || v > 65535)
		return tw_fail(cause, "port out of range 1-65535");
	if (port)
		*port = (unsigned)v;
	return true;
}

bool tw_net_hostport_split(const char *s, size_t n, struct hostport *hp, char **cause)
{
	const char *colon;

	memset(hp, 0, sizeof(*hp));
	if (n == 0)
		return tw_fail(cause, "empty address");
	if (s[0] == '[') {
		const char *rb = memchr_c(s, n, ']');

		if (!rb)
			return tw_fail(cause, "missing ']' after the IPv6 address");
		hp->host = s + 1;
		hp->hlen = (size_t)(rb - s) - 1;
		hp->bracketed = true;
		if (rb + 1 == s + n)
			return true;
		if (rb[1] != ':')
			return tw_fail(cause, "unexpected text after ']' (expected ':port')");
		hp->port = rb + 2;
		hp->plen = (size_t)(s + n - hp->port);
		return true;
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
	return true;
}

bool tw_net_hostport_host_ok(const struct hostport *hp, enum tw_addr_kind *kind,
                             char **cause)
{
	if (!hp->bracketed)
		return host_ok(hp->host, hp->hlen, kind, cause);
	if (!host_ok(hp->host, hp->hlen, kind, NULL))
		return tw_fail(cause, "invalid IPv6 address in brackets");
	if (*kind != TW_ADDR_IPV6) {
		*kind = TW_ADDR_INVALID;
		return tw_fail(cause, "only an IPv6 address may be written in brackets");
	}
	return true;
}

bool tw_is_hostname(const char *s)
{
	return s && hostname_ok(s, strlen(s), NULL);
}

bool tw_is_port(const char *s)
{
	return s && tw_net_port_ok(s, strlen(s), NULL, NULL);
}

enum tw_addr_kind tw_addr_classify(const char *s)
{
	enum tw_addr_kind kind;

	if (!s || !host_ok(s, strlen(s), &kind, NULL))
		return TW_ADDR_INVALID;
	return kind;
}

int tw_split_hostport(const char *s, char **host, unsigned *port, char **cause)
{
	struct hostport hp;
	enum tw_addr_kind kind;
	unsigned p = 0;

	*host = NULL;
	*port = 0;
	if (!s) {
		tw_fail(cause, "empty address");
		return -1;
	}
	if (!tw_net_hostport_split(s, strlen(s), &hp, cause) ||
	    !tw_net_hostport_host_ok(&hp, &kind, cause) ||
	    (hp.port && !tw_net_port_ok(hp.port, hp.plen, &p, cause)))
		return -1;
	*host = tw_xstrndup(hp.host, hp.hlen);
	*port = p;
	return 0;
}

bool tw_check_match_item(const char *s, bool *is_host, char **cause)
{
	const char *slash;
	struct hostport hp;
	enum tw_addr_kind kind;
	unsigned prefix;
	size_t n;

	if (is_host)
		*is_host = false;
	if (!s || !*s)
		return tw_fail(cause, "empty match item");
	if (s[0] == '!')
		return tw_fail(cause, "negated matches are not supported");
	if (has_space_or_control(s))
		return tw_fail(cause, "match item contains spaces or control characters");
	slash = strchr(s, '/');
	n = slash ? (size_t)(slash - s) : strlen(s);
	if (!tw_net_hostport_split(s, n, &hp, cause) || !tw_net_hostport_host_ok(&hp, &kind, cause))
		return false;
	if (hp.port && !tw_net_port_ok(hp.port, hp.plen, NULL, cause))
		return false;
	if (kind == TW_ADDR_HOSTNAME) {
		if (slash)
			return tw_fail(cause, "a host name cannot have a mask (use an IP address/CIDR)");
		if (is_host)
			*is_host = true;
		return true;
	}
	return !slash || tw_net_mask_ok(kind == TW_ADDR_IPV4 ? AF_INET : AF_INET6, slash + 1,
	                                strlen(slash + 1), &prefix, cause);
}

/* ---- resolving ---- */

#ifdef TW_TEST_HOOKS
static tw_resolve_fn resolver_hook;
static void *resolver_ctx;
#endif

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

#ifdef TW_TEST_HOOKS
void tw_set_resolver(tw_resolve_fn fn, void *ctx)
{
	resolver_hook = fn;
	resolver_ctx = fn ? ctx : NULL;
}
#endif

int tw_resolve(const char *name, char ***out)
{
	struct tw_hosts *h;

	*out = NULL;
	if (!name || !*name)
		return -1;
	/* A numeric address "resolves" to itself without asking anyone. */
	if (tw_is_ipv4(name) || tw_is_ipv6(name)) {
		*out = tw_xcalloc(1, sizeof(**out));
		(*out)[0] = tw_xstrdup(name);
		return 1;
	}
#ifdef TW_TEST_HOOKS
	if (resolver_hook)
		return resolver_hook(name, out, resolver_ctx);
#endif
	if ((h = tw_hosts_in_use()) != NULL)
		return tw_hosts_resolve(name, out, h);
	return tw_resolve_system(name, out, NULL);
}
