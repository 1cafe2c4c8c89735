/* netinfo.h - this machine's networks, for a PJSIP transport behind NAT:
 * the private networks its interfaces are on (local_net) and, through
 * fetch.h, its public IPv4 address (external_media_address and
 * external_signaling_address). */
#ifndef TRUNKWIZ_NETINFO_H
#define TRUNKWIZ_NETINFO_H

#include <stddef.h>

#include "trunkwiz/util.h"

#define TW_NETIF_UP 1u
#define TW_NETIF_LOOPBACK 2u

/* One address of one interface. */
struct tw_netif {
	char *name;        /* "eth0" */
	char *addr;        /* numeric IPv4 or IPv6 address */
	unsigned prefix;   /* netmask length */
	unsigned flags;    /* TW_NETIF_* */
};

/* Where interface addresses come from: fills *v (malloc'd, freed with
 * tw_netifs_free) and *n; returns 0 or -1. The default reads
 * getifaddrs(); tests inject their own. */
typedef int (*tw_netif_source_fn)(struct tw_netif **v, size_t *n, void *ctx);
int tw_netinfo_system(struct tw_netif **v, size_t *n, void *ctx);
/* NULL restores the default. */
void tw_netinfo_set_source(tw_netif_source_fn fn, void *ctx);
void tw_netifs_free(struct tw_netif **v, size_t n);

/* The interfaces' addresses from the current source. */
int tw_netinfo_interfaces(struct tw_netif **v, size_t *n) TW_MUST_CHECK;
/* The network of addr/prefix with the host bits cleared, as
 * "a.b.c.0/24" (malloc'd), or NULL when addr is not an address. */
char *tw_addr_network(const char *addr, unsigned prefix);

/* The private networks (RFC 1918 IPv4, IPv6 unique local fc00::/7) of
 * the interfaces that are up, as CIDRs with the host bits cleared
 * ("192.168.1.0/24", "fd12:3456::/64"), each once, in interface order.
 * Loopback, link-local and public addresses are left out. Returns 0 (*n
 * may be 0) or -1 when the interfaces cannot be read. Free *nets with
 * tw_strv_free(nets, *n). */
int tw_netinfo_local_nets(char ***nets, size_t *n) TW_MUST_CHECK;

#endif
