/* netaddr_priv.h - shared by the files of netaddr.h, not installed.
 *
 *   netaddr.c       numeric addresses: IPv4, IPv6, masks, CIDRs
 *   netaddr_host.c  host names, ports, host:port, match items, resolving
 *   netaddr_uri.c   SIP URIs
 *
 * Shared functions are tw_net_*; two tiny helpers (is_digit, memchr_c)
 * are static inline here. Every check returns true, or false with *cause
 * (malloc'd, when cause is not NULL) saying what is wrong: pass NULL when
 * only the verdict matters, so that nothing is allocated. */
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

static inline bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static inline const char *memchr_c(const char *s, size_t n, char c)
{
	return memchr(s, c, n);
}

/* netaddr.c */
/* Is s[0..n) a strict dotted quad (stored in out)? */
bool tw_net_ipv4_ok(const char *s, size_t n, uint8_t out[4], char **cause) TW_MUST_CHECK;
/* Is s[0..n) an IPv6 address (inet_pton, no brackets)? Stored in out. */
bool tw_net_ipv6_parse(const char *s, size_t n, uint8_t out[16]);
/* Is s[0..n) a mask for an address of family (AF_INET or AF_INET6),
 * written /nn or as an address? Its prefix length goes to *prefix. */
bool tw_net_mask_ok(int family, const char *s, size_t n, unsigned *prefix,
                    char **cause) TW_MUST_CHECK;

/* netaddr_host.c */
/* Is s[0..n) a port 1-65535 (in *port unless NULL)? */
bool tw_net_port_ok(const char *s, size_t n, unsigned *port, char **cause) TW_MUST_CHECK;
/* Split "host[:port]" s[0..n) into hp without copying (more than one ':'
 * without brackets is an IPv6 host). */
bool tw_net_hostport_split(const char *s, size_t n, struct hostport *hp,
                           char **cause) TW_MUST_CHECK;
/* Is the host part of a split valid (its kind in *kind)? Brackets demand
 * IPv6. */
bool tw_net_hostport_host_ok(const struct hostport *hp, enum tw_addr_kind *kind,
                             char **cause) TW_MUST_CHECK;

#endif
