#include "config.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "trunkwiz/localnet.h"
#include "trunkwiz/netaddr.h"

/* One /proc/net table: 1 found, 0 not, -1 unreadable. */
static int scan_table(const char *path, unsigned port, bool listen_only)
{
	FILE *f = fopen(path, "r");
	char line[512];
	int found = 0;

	if (!f)
		return -1;
	if (!fgets(line, sizeof(line), f)) {
		fclose(f);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char local[128];
		unsigned st, p;
		char *colon;

		if (sscanf(line, " %*s %127s %*s %x", local, &st) != 2)
			continue;
		colon = strrchr(local, ':');
		if (!colon || sscanf(colon + 1, "%x", &p) != 1)
			continue;
		if (p == port && (!listen_only || st == 0x0A)) {
			found = 1;
			break;
		}
	}
	fclose(f);
	return found;
}

int tw_port_in_use(const char *proc_root, enum tw_transport tr, unsigned port)
{
	const char *root = proc_root ? proc_root : "/proc";
	const char *base = tr == TW_TRANSPORT_UDP ? "udp" : "tcp";
	char path[512];
	int a, b;

	snprintf(path, sizeof(path), "%s/net/%s", root, base);
	a = scan_table(path, port, tr != TW_TRANSPORT_UDP);
	snprintf(path, sizeof(path), "%s/net/%s6", root, base);
	b = scan_table(path, port, tr != TW_TRANSPORT_UDP);
	if (a == 1 || b == 1)
		return 1;
	if (a < 0 && b < 0)
		return -1;
	return 0;
}

static unsigned mask_len(const struct sockaddr *m)
{
	const unsigned char *p;
	unsigned n = 0, len, i;

	if (!m)
		return 0;
	if (m->sa_family == AF_INET) {
		p = (const unsigned char *)&((const struct sockaddr_in *)m)->sin_addr;
		len = 4;
	} else if (m->sa_family == AF_INET6) {
		p = (const unsigned char *)&((const struct sockaddr_in6 *)m)->sin6_addr;
		len = 16;
	} else {
		return 0;
	}
	for (i = 0; i < len; i++)
		n += (unsigned)__builtin_popcount(p[i]);
	return n;
}

size_t tw_local_addrs(struct tw_ifaddr **out)
{
	struct ifaddrs *ifs, *i;
	size_t n = 0;

	*out = NULL;
	if (getifaddrs(&ifs) < 0)
		return 0;
	for (i = ifs; i; i = i->ifa_next) {
		char buf[INET6_ADDRSTRLEN];
		const void *a;

		if (!i->ifa_addr)
			continue;
		if (i->ifa_addr->sa_family == AF_INET)
			a = &((struct sockaddr_in *)i->ifa_addr)->sin_addr;
		else if (i->ifa_addr->sa_family == AF_INET6)
			a = &((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr;
		else
			continue;
		if (!inet_ntop(i->ifa_addr->sa_family, a, buf, sizeof(buf)))
			continue;
		if (tw_cidr_contains("127.0.0.0/8", buf) || strcmp(buf, "::1") == 0 ||
		    tw_cidr_contains("169.254.0.0/16", buf) || tw_cidr_contains("fe80::/10", buf))
			continue;
		*out = tw_xrealloc(*out, (n + 1) * sizeof(**out));
		memset(&(*out)[n], 0, sizeof(**out));
		snprintf((*out)[n].addr, sizeof((*out)[n].addr), "%s", buf);
		snprintf((*out)[n].ifname, sizeof((*out)[n].ifname), "%s", i->ifa_name);
		(*out)[n].prefix = mask_len(i->ifa_netmask);
		n++;
	}
	freeifaddrs(ifs);
	return n;
}

bool tw_addr_is_private(const char *addr)
{
	static const char *const nets[] = {
		"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10",
		"127.0.0.0/8", "169.254.0.0/16", "fc00::/7", "fe80::/10", "::1/128",
	};
	size_t i;

	for (i = 0; i < TW_ARRAY_LEN(nets); i++)
		if (tw_cidr_contains(nets[i], addr))
			return true;
	return false;
}

char *tw_addr_network(const char *addr, unsigned prefix)
{
	unsigned char b[16];
	char buf[INET6_ADDRSTRLEN];
	int af = tw_is_ipv6(addr) ? AF_INET6 : AF_INET;
	unsigned len = af == AF_INET6 ? 16 : 4, i;

	if (inet_pton(af, addr, b) != 1 || prefix > len * 8)
		return NULL;
	for (i = 0; i < len; i++) {
		unsigned keep = prefix > i * 8 ? prefix - i * 8 : 0;

		if (keep < 8)
			b[i] &= (unsigned char)(0xff << (8 - keep));
	}
	if (!inet_ntop(af, b, buf, sizeof(buf)))
		return NULL;
	return tw_xasprintf("%s/%u", buf, prefix);
}
