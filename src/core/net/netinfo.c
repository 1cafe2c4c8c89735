#include "config.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "trunkwiz/net.h"
#include "net/net.h"

static tw_netif_source_fn source = tw_netinfo_system;
static void *source_ctx;

#ifdef TW_TEST_HOOKS
void tw_netinfo_set_source(tw_netif_source_fn fn, void *ctx)
{
	source = fn ? fn : tw_netinfo_system;
	source_ctx = fn ? ctx : NULL;
}
#endif

void tw_netifs_free(struct tw_netif **v, size_t n)
{
	size_t i;

	if (!v || !*v)
		return;
	for (i = 0; i < n; i++) {
		free((*v)[i].name);
		free((*v)[i].addr);
	}
	free(*v);
	*v = NULL;
}

static unsigned mask_bits(const unsigned char *m, size_t len)
{
	unsigned bits = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char b = m[i];

		while (b & 0x80) {
			bits++;
			b = (unsigned char)(b << 1);
		}
		if (m[i] != 0xff)
			break;
	}
	return bits;
}

int tw_netinfo_system(struct tw_netif **v, size_t *n, void *ctx)
{
	struct ifaddrs *ifs, *i;

	(void)ctx;
	*v = NULL;
	*n = 0;
	if (getifaddrs(&ifs) < 0)
		return -1;
	for (i = ifs; i; i = i->ifa_next) {
		char buf[INET6_ADDRSTRLEN];
		const void *addr, *mask;
		struct tw_netif *f;
		size_t len;
		int fam;

		if (!i->ifa_addr || !i->ifa_netmask)
			continue;
		fam = i->ifa_addr->sa_family;
		if (fam == AF_INET) {
			addr = &((const struct sockaddr_in *)(const void *)i->ifa_addr)->sin_addr;
			mask = &((const struct sockaddr_in *)(const void *)i->ifa_netmask)->sin_addr;
			len = 4;
		} else if (fam == AF_INET6) {
			addr = &((const struct sockaddr_in6 *)(const void *)i->ifa_addr)->sin6_addr;
			mask = &((const struct sockaddr_in6 *)(const void *)i->ifa_netmask)->sin6_addr;
			len = 16;
		} else {
			continue;
		}
		if (!inet_ntop(fam, addr, buf, sizeof(buf)))
			continue;
		*v = tw_xrealloc(*v, (*n + 1) * sizeof(**v));
		f = &(*v)[(*n)++];
		f->name = tw_xstrdup(i->ifa_name ? i->ifa_name : "");
		f->addr = tw_xstrdup(buf);
		f->prefix = mask_bits(mask, len);
		f->flags = ((i->ifa_flags & IFF_UP) ? TW_NETIF_UP : 0) |
		           ((i->ifa_flags & IFF_LOOPBACK) ? TW_NETIF_LOOPBACK : 0);
	}
	freeifaddrs(ifs);
	return 0;
}

/* RFC 1918 or IPv6 unique local (fc00::/7). */
static bool is_private(const struct tw_net *a)
{
	if (a->family == AF_INET)
		return a->addr[0] == 10 || (a->addr[0] == 172 && (a->addr[1] & 0xf0) == 16) ||
		       (a->addr[0] == 192 && a->addr[1] == 168);
	return (a->addr[0] & 0xfe) == 0xfc;
}

/* "network/prefix" of an address, host bits cleared. */
static char *network_of(struct tw_net *a, unsigned prefix)
{
	char buf[INET6_ADDRSTRLEN];
	size_t len = a->family == AF_INET ? 4 : 16, i;

	for (i = 0; i < len; i++) {
		unsigned keep = prefix >= 8 * (i + 1) ? 8 : prefix > 8 * i ? prefix - 8 * (unsigned)i : 0;

		a->addr[i] &= (unsigned char)(0xff00u >> keep);
	}
	if (!inet_ntop(a->family, a->addr, buf, sizeof(buf)))
		return NULL;
	return tw_xasprintf("%s/%u", buf, prefix);
}

int tw_netinfo_interfaces(struct tw_netif **v, size_t *n)
{
	return source(v, n, source_ctx);
}

char *tw_addr_network(const char *addr, unsigned prefix)
{
	struct tw_net a;

	if (tw_net_parse(addr, &a, NULL) < 0 || prefix > (a.family == AF_INET ? 32u : 128u))
		return NULL;
	return network_of(&a, prefix);
}

int tw_netinfo_local_nets(char ***nets, size_t *n)
{
	struct tw_netif *ifs = NULL;
	size_t nifs = 0, i, k;

	*nets = NULL;
	*n = 0;
	if (source(&ifs, &nifs, source_ctx) < 0)
		return -1;
	for (i = 0; i < nifs; i++) {
		struct tw_net a;
		char *cidr;
		bool dup = false;

		if (!(ifs[i].flags & TW_NETIF_UP) || (ifs[i].flags & TW_NETIF_LOOPBACK) ||
		    tw_net_parse(ifs[i].addr, &a, NULL) < 0 || !is_private(&a) ||
		    ifs[i].prefix > (a.family == AF_INET ? 32u : 128u))
			continue;
		cidr = network_of(&a, ifs[i].prefix);
		if (!cidr)
			continue;
		for (k = 0; k < *n; k++)
			dup = dup || strcmp((*nets)[k], cidr) == 0;
		if (dup) {
			free(cidr);
			continue;
		}
		*nets = tw_xrealloc(*nets, (*n + 1) * sizeof(**nets));
		(*nets)[(*n)++] = cidr;
	}
	tw_netifs_free(&ifs, nifs);
	return 0;
}
