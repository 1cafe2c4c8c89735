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
/* RFC 1123 hostname: labels 1-63 of [A-Za-z0-9-], not starting/ending with
 * '-', total <= 253, the last label not all digits (so 999.1.1.1 is not a
 * hostname). A trailing dot is allowed. */
bool tw_is_hostname(const char *s);
bool tw_is_port(const char *s);          /* decimal 1-65535, no leading zero */
/* Address or CIDR: "a.b.c.d", "a.b.c.d/nn" (0-32), "a.b.c.d/m.m.m.m",
 * IPv6 and IPv6/nn (0-128). */
bool tw_is_ip_or_cidr(const char *s);
/* A numeric address with its prefix length (32 or 128 for a plain address). */
struct tw_net {
	int family;              /* AF_INET or AF_INET6 */
	unsigned char addr[16];  /* network byte order; IPv4 in the first 4 */
	unsigned prefix;
};
/* Parse what tw_is_ip_or_cidr accepts. Returns 0, or -1 and *cause
 * (malloc'd) says why s is not an address or CIDR. */
int tw_net_parse(const char *s, struct tw_net *out, char **cause);
/* Classify an address literal or hostname (no port). */
enum tw_addr_kind tw_addr_classify(const char *s);

/* Split "host", "host:port", "[v6]", "[v6]:port", "v4:port" into host and
 * port (0 when absent). Returns 0, or -1 when malformed and *cause
 * (malloc'd) says why. *host is malloc'd. */
int tw_split_hostport(const char *s, char **host, unsigned *port,
                      char **cause) TW_MUST_CHECK;

/* An identify `match` item as Asterisk parses it (schema 5.2): IP, IP/mask,
 * IP:port, [v6]:port, IP:port/mask, hostname, hostname:port. Returns true when
 * valid; otherwise *cause (malloc'd) says what is wrong. *is_host tells that
 * the item is a hostname (resolved at load time only). */
bool tw_check_match_item(const char *s, bool *is_host, char **cause);

/* SIP URI check for server_uri/client_uri/contact/outbound_proxy (schema
 * 5.1): sip: or sips: (case-insensitive, optional <>), optional user[:pw]@,
 * host (hostname, IPv4 or [IPv6]), optional :port, optional ;params and
 * ?headers; total <= 255, host <= 117 (127 with a port). Returns true when
 * valid, else *cause (malloc'd) says why. Both the parsed value and the
 * file form (each ';' written "\;") are accepted. */
bool tw_check_sip_uri(const char *s, char **cause);

/* Resolver: fills *out with numeric addresses (malloc'd strings) for a name.
 * Returns the count (0 when it does not resolve) or -1 on error. Free *out
 * with tw_strv_free(out, count). tw_set_resolver(NULL, NULL) restores the
 * default; tw_resolve returns a numeric literal as is, without asking. */
typedef int (*tw_resolve_fn)(const char *name, char ***out, void *ctx);
/* Default: getaddrinfo(). */
int tw_resolve_system(const char *name, char ***out, void *ctx);
void tw_set_resolver(tw_resolve_fn fn, void *ctx);
int tw_resolve(const char *name, char ***out);

/* Does CIDR/address `net` contain address `addr`? Both numeric. */
bool tw_cidr_contains(const char *net, const char *addr);

/* localnet.h - facts about this machine's network: which local ports are
 * bound, its interface addresses, and which addresses are private. */



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
/* Default: res_nquery + ns_parserr, at most timeout 2 s x 2 tries. */
int tw_srv_system(const char *name, struct tw_srv **out, void *ctx);
/* tw_set_srv_resolver(NULL, NULL) restores the default. */
void tw_set_srv_resolver(tw_srv_fn fn, void *ctx);
/* Ask the current hook; the records come back sorted by priority, then
 * weight (highest first). A target of "." (service not offered) gives 0. */
int tw_srv_resolve(const char *name, struct tw_srv **out);
void tw_srv_free(struct tw_srv **v, size_t n);

/* The RFC 3263 service prefix of a transport: "_sip._udp", "_sip._tcp",
 * "_sips._tcp". */
const char *tw_srv_service(enum tw_transport tr);

/* A hosts file: hosts(5) lines "ADDRESS NAME [NAME..]" plus
 * "SRV NAME PRIORITY WEIGHT PORT TARGET" lines; '#' starts a comment. */
struct tw_hosts;
int tw_hosts_load(struct tw_hosts **out, const char *path,
                  struct tw_diags *d) TW_MUST_CHECK;
void tw_hosts_free(struct tw_hosts **h);
/* Resolver hooks reading a loaded hosts file (ctx is the tw_hosts):
 * install with tw_set_resolver(tw_hosts_resolve, h) and
 * tw_set_srv_resolver(tw_hosts_srv, h). Names not in the file do not
 * resolve. */
int tw_hosts_resolve(const char *name, char ***out, void *ctx);
int tw_hosts_srv(const char *name, struct tw_srv **out, void *ctx);

/* Results of the bounded lookups besides a count. */
#define TW_DNS_ERROR (-1)
#define TW_DNS_TIMEOUT (-2)
#define TW_DNS_CANCELLED (-3)

/* tw_resolve / tw_srv_resolve in a helper thread, waited for at most
 * timeout_ms and while not cancelled; an abandoned lookup finishes in the
 * background and its answer is dropped. */
int tw_resolve_bounded(const char *name, char ***out, int timeout_ms,
                       const struct tw_cancel *c);
int tw_srv_resolve_bounded(const char *name, struct tw_srv **out, int timeout_ms,
                           const struct tw_cancel *c);

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
