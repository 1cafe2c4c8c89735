#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "trunkwiz/net.h"

/* A "public" address that is not: the service saw this machine from
 * inside another NAT (RFC 1918, or carrier-grade NAT 100.64.0.0/10). */
static bool behind_more_nat(const char *ip)
{
	struct tw_net n;

	if (tw_net_parse(ip, &n, NULL) < 0)
		return false;
	return n.addr[0] == 10 || (n.addr[0] == 172 && (n.addr[1] & 0xf0) == 16) ||
	       (n.addr[0] == 192 && n.addr[1] == 168) || (n.addr[0] == 100 && (n.addr[1] & 0xc0) == 64);
}

static int print_public(struct tw_cli *cli, const char *url)
{
	struct tw_diags d;
	enum tw_fetch_status st;
	char *ip = NULL;

	tw_diags_init(&d);
	st = tw_fetch_public_ipv4(url, &cli->fetch, &ip, &d);
	tw_cli_progress_done();
	if (st == TW_FETCH_OK && behind_more_nat(ip))
		tw_diag_at(&d, TW_WARNING, url, 0,
		           "ask the network's operator for a public address, or use a VPN/SBC with one",
		           "%s is not a public address: this machine is behind another NAT (carrier-grade or a second router)",
		           ip);
	tw_diags_print(&d, stderr, cli->color);
	tw_diags_clear(&d);
	if (st != TW_FETCH_OK)
		return st == TW_FETCH_ECONTENT ? TW_EXIT_INVALID
		       : st == TW_FETCH_EURL   ? TW_EXIT_USAGE
		                               : TW_EXIT_IO;
	printf("external_media_address = %s\n", ip);
	printf("external_signaling_address = %s\n", ip);
	free(ip);
	return TW_EXIT_OK;
}

/* netinfo [--public] [--url URL]: what a transport behind NAT needs, as
 * pjsip.conf transport options. */
int tw_cmd_netinfo(struct tw_cli *cli, int argc, char **argv)
{
	enum { OPT_PUBLIC = 1, OPT_URL };
	static const struct option longopts[] = {
		{ "public", no_argument, NULL, OPT_PUBLIC },
		{ "url", required_argument, NULL, OPT_URL },
		{ NULL, 0, NULL, 0 },
	};
	const char *url = NULL;
	bool public = false;
	char **nets;
	size_t n, i;
	int c;

	while ((c = tw_cli_getopt(cli, argc, argv, "", longopts)) != -1) {
		if (c == OPT_PUBLIC)
			public = true;
		else if (c == OPT_URL)
			url = optarg, public = true;
		else
			goto usage;
	}
	if (optind != argc)
		goto usage;
	if (tw_netinfo_local_nets(&nets, &n) < 0) {
		perror("trunkwiz: cannot read the network interfaces");
		return TW_EXIT_IO;
	}
	if (n == 0)
		fputs("trunkwiz: no private (RFC 1918 or IPv6 unique local) network on this machine's interfaces\n",
		      stderr);
	for (i = 0; i < n; i++)
		printf("local_net = %s\n", nets[i]);
	tw_strv_free(&nets, n);
	fflush(stdout);
	return public ? print_public(cli, url) : TW_EXIT_OK;
usage:
	fputs("Usage: trunkwiz netinfo [--public [--url URL]]\n" TW_FETCH_USAGE, stderr);
	return TW_EXIT_USAGE;
}
