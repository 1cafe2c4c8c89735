/* trunkwiz/net.h - the net module's interface (src/core/net/). */
#ifndef TRUNKWIZ_NET_H
#define TRUNKWIZ_NET_H

#include <stdbool.h>
#include <stddef.h>

#include "trunkwiz/base.h"
#include "trunkwiz/trunk.h"

/* netaddr.h - IPv4/IPv6/CIDR/hostname/port/SIP URI syntax, and resolving
 * names through an injectable resolver (tests never touch real DNS). */

enum tw_addr_kind {
	TW_ADDR_INVALID,
	TW_ADDR_IPV4,
	TW_ADDR_IPV6,
	TW_ADDR_HOSTNAME,
};

bool tw_is_ipv4(const char *s);          /* dotted quad, each 0-255, no leading zeros */
bool tw_is_ipv6(const char *s);          /* inet_pton AF_INET6, no brackets */
/* A numeric address with its prefix length (32 or 128 for a plain address). */
struct tw_net {
	int family;              /* AF_INET or AF_INET6 */
	unsigned char addr[16];  /* network byte order; IPv4 in the first 4 */
	unsigned prefix;
};
/* Parse what tw_is_ip_or_cidr accepts. Returns 0, or -1 and *cause
 * (malloc'd) says why s is not an address or CIDR. */
int tw_net_parse(const char *s, struct tw_net *out, char **cause);

/* An identify `match` item as Asterisk parses it (schema 5.2): IP, IP/mask,
 * IP:port, [v6]:port, IP:port/mask, hostname, hostname:port. Returns true when
 * valid; otherwise *cause (malloc'd) says what is wrong. *is_host tells that
 * the item is a hostname (resolved at load time only). */
bool tw_check_match_item(const char *s, bool *is_host, char **cause);

/* Resolver: fills *out with numeric addresses (malloc'd strings) for a name.
 * Returns the count (0 when it does not resolve) or -1 on error. Free *out
 * with tw_strv_free(out, count). tw_resolve asks the hosts file chosen with
 * tw_hosts_use, else getaddrinfo(); it returns a numeric literal as is,
 * without asking. */
typedef int (*tw_resolve_fn)(const char *name, char ***out, void *ctx);
int tw_resolve(const char *name, char ***out);

/* localnet.h - facts about this machine's network: which local ports are
 * bound, its interface addresses, and which addresses are private. */

struct tw_ifaddr {
	char addr[46];     /* numeric */
	unsigned prefix;   /* netmask length */
	char ifname[32];
};

/* dns.h - what the doctor asks DNS: SRV records (RFC 2782, as SIP uses
 * them per RFC 3263) through an injectable hook like netaddr's resolver, a
 * hosts-file resolver for both (tests, and trunks whose names are not in
 * DNS yet), and lookups bounded by a timeout and a cancel flag. */

struct tw_srv {
	unsigned prio;
	unsigned weight;
	unsigned port;
	char *target;   /* host name, no trailing dot */
};

/* SRV resolver: fills *out with the records for name (e.g.
 * "_sip._udp.example.com"). Returns the count (0 when there are none) or
 * -1 on error. Free with tw_srv_free(out, count). */
typedef int (*tw_srv_fn)(const char *name, struct tw_srv **out, void *ctx);

/* A hosts file: hosts(5) lines "ADDRESS NAME [NAME..]" plus
 * "SRV NAME PRIORITY WEIGHT PORT TARGET" lines; '#' starts a comment. */
struct tw_hosts;
int tw_hosts_load(struct tw_hosts **out, const char *path,
                  struct tw_diags *d) TW_MUST_CHECK;
void tw_hosts_free(struct tw_hosts **h);
/* Resolve names and SRV records from h instead of DNS (doctor --hosts);
 * NULL: DNS again. h stays the caller's and must outlive its use. Names
 * not in the file do not resolve. */
void tw_hosts_use(struct tw_hosts *h);

/* Results of the bounded lookups besides a count. */
#define TW_DNS_ERROR (-1)
#define TW_DNS_TIMEOUT (-2)
#define TW_DNS_CANCELLED (-3)

/* netinfo.h - this machine's networks, for a PJSIP transport behind NAT:
 * the private networks its interfaces are on (local_net) and, through
 * fetch.h, its public IPv4 address (external_media_address and
 * external_signaling_address). */

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

/* The private networks (RFC 1918 IPv4, IPv6 unique local fc00::/7) of
 * the interfaces that are up, as CIDRs with the host bits cleared
 * ("192.168.1.0/24", "fd12:3456::/64"), each once, in interface order.
 * Loopback, link-local and public addresses are left out. Returns 0 (*n
 * may be 0) or -1 when the interfaces cannot be read. Free *nets with
 * tw_strv_free(nets, *n). */
int tw_netinfo_local_nets(char ***nets, size_t *n) TW_MUST_CHECK;

#endif
