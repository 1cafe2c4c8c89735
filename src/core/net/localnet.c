#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "trunkwiz/net.h"
#include "net/net.h"

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

size_t tw_local_addrs(struct tw_ifaddr **out)
{
	struct tw_netif *ifs = NULL;
	size_t nifs = 0, n = 0, i;

	*out = NULL;
	if (tw_netinfo_interfaces(&ifs, &nifs) < 0)
		return 0;
	for (i = 0; i < nifs; i++) {
		const char *a = ifs[i].addr;

		if (!(ifs[i].flags & TW_NETIF_UP) || (ifs[i].flags & TW_NETIF_LOOPBACK) ||
		    tw_cidr_contains("127.0.0.0/8", a) || strcmp(a, "::1") == 0 ||
		    tw_cidr_contains("169.254.0.0/16", a) || tw_cidr_contains("fe80::/10", a))
			continue;
		*out = tw_xrealloc(*out, (n + 1) * sizeof(**out));
		memset(&(*out)[n], 0, sizeof(**out));
		snprintf((*out)[n].addr, sizeof((*out)[n].addr), "%s", a);
		snprintf((*out)[n].ifname, sizeof((*out)[n].ifname), "%s", ifs[i].name);
		(*out)[n].prefix = ifs[i].prefix;
		n++;
	}
	tw_netifs_free(&ifs, nifs);
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
