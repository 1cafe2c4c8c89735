/* localnet.h - facts about this machine's network: which local ports are
 * bound, its interface addresses, and which addresses are private. */
#ifndef TRUNKWIZ_LOCALNET_H
#define TRUNKWIZ_LOCALNET_H

#include <stdbool.h>
#include <stddef.h>

#include "trunkwiz/trunk.h"

/* Is a socket bound to this local port (UDP: any; TCP/TLS: listening)?
 * Reads /proc/net/{udp,udp6} or {tcp,tcp6} under proc_root (NULL:
 * "/proc"). Returns 1 yes, 0 no, -1 when that cannot be read. */
int tw_port_in_use(const char *proc_root, enum tw_transport tr, unsigned port);

struct tw_ifaddr {
	char addr[46];     /* numeric */
	unsigned prefix;   /* netmask length */
	char ifname[32];
};

/* The machine's IPv4/IPv6 addresses of interfaces that are up (read
 * through netinfo's interface source), loopback and link-local left out.
 * Returns the count; free *out with free(). */
size_t tw_local_addrs(struct tw_ifaddr **out);

/* RFC 1918, RFC 6598 (100.64/10), loopback, link-local, ULA (fc00::/7). */
bool tw_addr_is_private(const char *addr);


#endif
