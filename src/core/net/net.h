/* net/net.h - what the rest of the core uses of src/core/net/ beyond
 * trunkwiz/net.h (the front ends do not call these). */
#ifndef TW_CORE_NET_H
#define TW_CORE_NET_H

#include "trunkwiz/net.h"

/* RFC 1123 hostname: labels 1-63 of [A-Za-z0-9-], not starting/ending with
 * '-', total <= 253, the last label not all digits (so 999.1.1.1 is not a
 * hostname). A trailing dot is allowed. */
bool tw_is_hostname(const char *s);
bool tw_is_port(const char *s);          /* decimal 1-65535, no leading zero */

/* Address or CIDR: "a.b.c.d", "a.b.c.d/nn" (0-32), "a.b.c.d/m.m.m.m",
 * IPv6 and IPv6/nn (0-128). */
bool tw_is_ip_or_cidr(const char *s);

/* Classify an address literal or hostname (no port). */
enum tw_addr_kind tw_addr_classify(const char *s);

/* Split "host", "host:port", "[v6]", "[v6]:port", "v4:port" into host and
 * port (0 when absent). Returns 0, or -1 when malformed and *cause
 * (malloc'd) says why. *host is malloc'd. */
int tw_split_hostport(const char *s, char **host, unsigned *port,
                      char **cause) TW_MUST_CHECK;

/* SIP URI check for server_uri/client_uri/contact/outbound_proxy (schema
 * 5.1): sip: or sips: (case-insensitive, optional <>), optional user[:pw]@,
 * host (hostname, IPv4 or [IPv6]), optional :port, optional ;params and
 * ?headers; total <= 255, host <= 117 (127 with a port). Returns true when
 * valid, else *cause (malloc'd) says why. Both the parsed value and the
 * file form (each ';' written "\;") are accepted. */
bool tw_check_sip_uri(const char *s, char **cause);

/* Default: getaddrinfo(). */
int tw_resolve_system(const char *name, char ***out, void *ctx);

/* Test builds only (TW_TEST_HOOKS; absent from trunkwiz): resolve through
 * fn; (NULL, NULL) restores the default. */
void tw_set_resolver(tw_resolve_fn fn, void *ctx);

/* Does CIDR/address `net` contain address `addr`? Both numeric. */
bool tw_cidr_contains(const char *net, const char *addr);

/* Is a socket bound to this local port (UDP: any; TCP/TLS: listening)?
 * Reads /proc/net/{udp,udp6} or {tcp,tcp6} under proc_root (NULL:
 * "/proc"). Returns 1 yes, 0 no, -1 when that cannot be read. */
int tw_port_in_use(const char *proc_root, enum tw_transport tr, unsigned port);

/* The machine's IPv4/IPv6 addresses of interfaces that are up (read
 * through netinfo's interface source), loopback and link-local left out.
 * Returns the count; free *out with free(). */
size_t tw_local_addrs(struct tw_ifaddr **out);

/* RFC 1918, RFC 6598 (100.64/10), loopback, link-local, ULA (fc00::/7). */
bool tw_addr_is_private(const char *addr);

/* Test builds only (TW_TEST_HOOKS; absent from trunkwiz): SRV through fn;
 * (NULL, NULL) restores the default. */
void tw_set_srv_resolver(tw_srv_fn fn, void *ctx);

/* Ask the hosts file chosen with tw_hosts_use, else DNS; the records come
 * back sorted by priority, then weight (highest first). A target of "."
 * (service not offered) gives 0. */
int tw_srv_resolve(const char *name, struct tw_srv **out);
void tw_srv_free(struct tw_srv **v, size_t n);

/* The RFC 3263 service prefix of a transport: "_sip._udp", "_sip._tcp",
 * "_sips._tcp". */
const char *tw_srv_service(enum tw_transport tr);

/* The lookups tw_hosts_use installs (ctx is the tw_hosts). */
int tw_hosts_resolve(const char *name, char ***out, void *ctx);
/* tw_resolve / tw_srv_resolve in a helper thread, waited for at most
 * timeout_ms and while not cancelled; an abandoned lookup finishes in the
 * background and its answer is dropped. */
int tw_resolve_bounded(const char *name, char ***out, int timeout_ms,
                       const struct tw_cancel *c);
int tw_srv_resolve_bounded(const char *name, struct tw_srv **out, int timeout_ms,
                           const struct tw_cancel *c);
int tw_netinfo_system(struct tw_netif **v, size_t *n, void *ctx);

/* Test builds only (TW_TEST_HOOKS; absent from trunkwiz); NULL restores
 * the default. */
void tw_netinfo_set_source(tw_netif_source_fn fn, void *ctx);
void tw_netifs_free(struct tw_netif **v, size_t n);

/* The interfaces' addresses from the current source. */
int tw_netinfo_interfaces(struct tw_netif **v, size_t *n) TW_MUST_CHECK;

/* The network of addr/prefix with the host bits cleared, as
 * "a.b.c.0/24" (malloc'd), or NULL when addr is not an address. */
char *tw_addr_network(const char *addr, unsigned prefix);

/* Does network a contain all of network b (same family, a's prefix no
 * longer than b's, the same leading bits)? */
bool tw_net_covers(const struct tw_net *a, const struct tw_net *b);

#endif
