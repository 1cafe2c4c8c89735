/* dns.h - what the doctor asks DNS: SRV records (RFC 2782, as SIP uses
 * them per RFC 3263) through an injectable hook like netaddr's resolver, a
 * hosts-file resolver for both (tests, and trunks whose names are not in
 * DNS yet), and lookups bounded by a timeout and a cancel flag. */
#ifndef TRUNKWIZ_DNS_H
#define TRUNKWIZ_DNS_H

#include <stddef.h>

#include "trunkwiz/cancel.h"
#include "trunkwiz/diag.h"
#include "trunkwiz/netaddr.h"
#include "trunkwiz/trunk.h"
#include "trunkwiz/util.h"

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

#endif
