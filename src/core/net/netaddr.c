/* netaddr.c - numeric addresses (netaddr.h): strict IPv4 dotted quads,
 * IPv6 through inet_pton, masks written /nn or as an address, CIDRs, and
 * whether a CIDR contains an address. Host names, ports, host:port, match
 * items and resolving are in netaddr_host.c, SIP URIs in netaddr_uri.c. */
#include "config.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "trunkwiz/net.h"
#include "net/netaddr_priv.h"
#include "base/base.h"
#include "net/net.h"

/* An address with its prefix length, from "a.b.c.d/nn", "v6/mask", ... */
bool tw_net_ipv4_ok(const char *s, size_t n, uint8_t out[4], char **cause)
{
	size_t i = 0, part;

	for (part = 0; part < 4; part++) {
		size_t start = i;
		unsigned v = 0;

		if (part > 0) {
			if (i >= n || s[i] != '.')
				return tw_fail(cause, "IPv4 address needs four dot-separated numbers");
			start = ++i;
		}
		while (i < n && is_digit(s[i])) {
			if (i - start < 4)
				v = v * 10 + (unsigned)(s[i] - '0');
			i++;
		}
		if (i == start)
			return tw_fail(cause, i < n && s[i] != '.'
			               ? "IPv4 address may contain only digits and dots"
			               : "empty number in IPv4 address");
		if (i - start > 1 && s[start] == '0')
			return tw_fail(cause, "IPv4 octet has a leading zero (ambiguous: octal or decimal?)");
		if (i - start > 3 || v > 255)
			return tw_fail(cause, "IPv4 octet out of range (0-255)");
		out[part] = (uint8_t)v;
	}
	if (i < n)
		return tw_fail(cause, s[i] == '.' ? "IPv4 address has more than four numbers"
		                                  : "IPv4 address may contain only digits and dots");
	return true;
}

bool tw_net_ipv6_parse(const char *s, size_t n, uint8_t out[16])
{
	char buf[64];

	if (n == 0 || n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return inet_pton(AF_INET6, buf, out) == 1;
}

bool tw_is_ipv4(const char *s)
{
	uint8_t a[4];

	return s && tw_net_ipv4_ok(s, strlen(s), a, NULL);
}

bool tw_is_ipv6(const char *s)
{
	uint8_t a[16];

	return s && tw_net_ipv6_parse(s, strlen(s), a);
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

bool tw_net_mask_ok(int family, const char *s, size_t n, unsigned *prefix,
                    char **cause)
{
	unsigned max = family == AF_INET ? 32 : 128;
	uint8_t m[16];
	size_t i;

	if (n == 0)
		return tw_fail(cause, "empty mask after '/'");
	for (i = 0; i < n && is_digit(s[i]); i++)
		;
	if (i == n) {
		unsigned long v = 0;

		for (i = 0; i < n && v <= 128; i++)
			v = v * 10 + (unsigned long)(s[i] - '0');
		if (s[0] == '0' && n > 1)
			return tw_fail(cause, "CIDR prefix has a leading zero");
		if (v > max)
			return tw_fail(cause, family == AF_INET ? "CIDR prefix out of range (0-32)"
			                                        : "CIDR prefix out of range (0-128)");
		*prefix = (unsigned)v;
		return true;
	}
	if (family == AF_INET) {
		if (memchr_c(s, n, ':'))
			return tw_fail(cause, "IPv6 mask on an IPv4 address");
		if (!tw_net_ipv4_ok(s, n, m, NULL))
			return tw_fail(cause, "invalid netmask (use /nn or a mask like 255.255.255.0)");
		if (!mask_to_prefix(m, 4, prefix))
			return tw_fail(cause, "netmask is not contiguous (e.g. 255.255.255.0)");
		return true;
	}
	if (!memchr_c(s, n, ':'))
		return tw_fail(cause, "IPv4 mask on an IPv6 address");
	if (!tw_net_ipv6_parse(s, n, m))
		return tw_fail(cause, "invalid IPv6 mask");
	if (!mask_to_prefix(m, 16, prefix))
		return tw_fail(cause, "IPv6 mask is not contiguous");
	return true;
}

/* A numeric address with an optional "/mask" (no port, no brackets). */
static bool net_parse_ok(const char *s, struct tw_net *out, char **cause)
{
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);

	memset(out, 0, sizeof(*out));
	if (n == 0)
		return tw_fail(cause, "empty address");
	if (memchr_c(s, n, ':')) {
		if (!tw_net_ipv6_parse(s, n, out->addr))
			return tw_fail(cause, "invalid IPv6 address");
		out->family = AF_INET6;
		out->prefix = 128;
	} else {
		if (!tw_net_ipv4_ok(s, n, out->addr, cause))
			return false;
		out->family = AF_INET;
		out->prefix = 32;
	}
	return !slash || tw_net_mask_ok(out->family, slash + 1, strlen(slash + 1), &out->prefix,
	                                cause);
}

bool tw_is_ip_or_cidr(const char *s)
{
	struct tw_net n;

	return s && net_parse_ok(s, &n, NULL);
}

int tw_net_parse(const char *s, struct tw_net *out, char **cause)
{
	struct tw_net n;

	memset(out, 0, sizeof(*out));
	if (!s) {
		tw_fail(cause, "empty address");
		return -1;
	}
	if (!net_parse_ok(s, &n, cause))
		return -1;
	out->family = n.family;
	memcpy(out->addr, n.addr, sizeof(out->addr));
	out->prefix = n.prefix;
	return 0;
}

bool tw_cidr_contains(const char *net, const char *addr)
{
	struct tw_net n, a;

	if (!net || !addr || strchr(addr, '/'))
		return false;
	return net_parse_ok(net, &n, NULL) && net_parse_ok(addr, &a, NULL) && tw_net_covers(&n, &a);
}

bool tw_net_covers(const struct tw_net *a, const struct tw_net *b)
{
	unsigned i;

	if (a->family != b->family || a->prefix > b->prefix)
		return false;
	for (i = 0; i < a->prefix; i++) {
		unsigned bit = 7 - i % 8;

		if (((a->addr[i / 8] >> bit) & 1) != ((b->addr[i / 8] >> bit) & 1))
			return false;
	}
	return true;
}
