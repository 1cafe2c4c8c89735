/* netaddr.h - IPv4/IPv6/CIDR/hostname/port/SIP URI syntax, and resolving
 * names through an injectable resolver (tests never touch real DNS). */
#ifndef TRUNKWIZ_NETADDR_H
#define TRUNKWIZ_NETADDR_H

#include <stdbool.h>
#include <stddef.h>

#include "trunkwiz/util.h"

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
/* Parse what tw_is_ip_or_cidr accepts. Returns NULL, or why s is not an
 * address or CIDR (a static string). */
const char *tw_net_parse(const char *s, struct tw_net *out);
/* Classify an address literal or hostname (no port). */
enum tw_addr_kind tw_addr_classify(const char *s);

/* Split "host", "host:port", "[v6]", "[v6]:port", "v4:port" into host and
 * port (0 when absent). Returns 0 or -1 when malformed; *err then says why
 * (static string). *host is malloc'd. */
int tw_split_hostport(const char *s, char **host, unsigned *port,
                      const char **err) TW_MUST_CHECK;

/* An identify `match` item as Asterisk parses it (schema 5.2): IP, IP/mask,
 * IP:port, [v6]:port, IP:port/mask, hostname, hostname:port. Returns true when
 * valid; otherwise *err says what is wrong. *is_host tells that the item is a
 * hostname (resolved at load time only). */
bool tw_check_match_item(const char *s, bool *is_host, const char **err);

/* SIP URI check for server_uri/client_uri/contact/outbound_proxy (schema
 * 5.1): sip: or sips: (case-insensitive, optional <>), optional user[:pw]@,
 * host (hostname, IPv4 or [IPv6]), optional :port, optional ;params and
 * ?headers; total <= 255, host <= 117 (127 with a port). Returns true when
 * valid, else *err says why. Both the parsed value and the file form (each
 * ';' written "\;") are accepted. */
bool tw_check_sip_uri(const char *s, const char **err);

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

#endif
