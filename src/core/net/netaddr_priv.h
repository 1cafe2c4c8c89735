/* netaddr_priv.h - shared by the files of netaddr.h, not installed.
 *
 *   netaddr.c       numeric addresses: IPv4, IPv6, masks, CIDRs
 *   netaddr_host.c  host names, ports, host:port, match items, resolving
 *   netaddr_uri.c   SIP URIs
 *
 * Shared functions are na_*; three tiny helpers (fail, is_digit, memchr_c)
 * are static inline here under their old names. */
#ifndef TRUNKWIZ_NETADDR_PRIV_H
#define TRUNKWIZ_NETADDR_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "trunkwiz/net.h"
#include "base/base.h"

/* The hosts file tw_hosts_use chose (dns.c), or NULL: ask DNS. */
struct tw_hosts *tw_hosts_in_use(void);

/* A "host[:port]" split without copying; host excludes any brackets. */
struct hostport {
	const char *host;
	size_t hlen;
	bool bracketed;
	const char *port;     /* NULL when there is none */
	size_t plen;
};

static inline bool fail(char **cause, const char *msg)
{
	return tw_fail(cause, "%s", msg);
}

static inline bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static inline const char *memchr_c(const char *s, size_t n, char c)
{
	return memchr(s, c, n);
}

/* netaddr.c */
/* NULL when s[0..n) is a strict dotted quad (stored in out), else what is
 * wrong with it. */
const char *tw_net_ipv4_error(const char *s, size_t n, uint8_t out[4]);
/* Is s[0..n) an IPv6 address (inet_pton, no brackets)? Stored in out. */
bool tw_net_ipv6_parse(const char *s, size_t n, uint8_t out[16]);
/* NULL when s[0..n) is a mask for an address of family (AF_INET or
 * AF_INET6), written /nn or as an address (its prefix length in *prefix),
 * else what is wrong with it. */
const char *tw_net_mask_error(int family, const char *s, size_t n, unsigned *prefix);

/* netaddr_host.c */
/* NULL when s[0..n) is a port 1-65535 (in *port unless NULL), else why not. */
const char *tw_net_port_error(const char *s, size_t n, unsigned *port);
/* Split "host[:port]" s[0..n) into hp without copying (more than one ':'
 * without brackets is an IPv6 host): NULL, or what is wrong. */
const char *tw_net_hostport_split(const char *s, size_t n, struct hostport *hp);
/* Host part of a split: brackets demand IPv6. */
const char *tw_net_hostport_host_error(const struct hostport *hp, enum tw_addr_kind *kind);

#endif
