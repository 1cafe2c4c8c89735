/* netinfo: the private networks of this machine's interfaces, from an
 * injected interface list (and a smoke test of the real one). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "trunkwiz/net.h"
#include "tw_test.h"
#include "net/net.h"

struct fake {
	const char *name, *addr;
	unsigned prefix, flags;
};

#define UP TW_NETIF_UP
static const struct fake box[] = {
	{ "lo", "127.0.0.1", 8, UP | TW_NETIF_LOOPBACK },
	{ "lo", "::1", 128, UP | TW_NETIF_LOOPBACK },
	{ "eth0", "192.168.1.23", 24, UP },
	{ "eth0", "2001:db8:5::23", 64, UP },                /* public */
	{ "eth0", "fe80::1c2:3ff:fe45:6789", 64, UP },       /* link-local */
	{ "eth0", "fd12:3456:789a:1::23", 64, UP },          /* ULA */
	{ "eth1", "10.20.30.40", 8, UP },
	{ "eth1", "192.168.1.99", 24, UP },                  /* same net as eth0 */
	{ "wg0", "192.168.1.130", 25, UP },
	{ "docker0", "172.17.0.1", 16, UP },
	{ "eth2", "172.32.0.1", 16, UP },                    /* just outside 172.16/12 */
	{ "eth3", "100.64.1.1", 10, UP },                    /* shared (CGNAT), not private */
	{ "eth4", "192.168.50.1", 24, 0 },                   /* down */
	{ "eth5", "203.0.113.9", 24, UP },                   /* public */
	{ "eth6", "169.254.10.1", 16, UP },                  /* link-local */
};

static int fake_source(struct tw_netif **v, size_t *n, void *ctx)
{
	size_t i, count = *(const size_t *)ctx;

	*v = tw_xcalloc(count ? count : 1, sizeof(**v));
	*n = count;
	for (i = 0; i < count; i++) {
		(*v)[i].name = tw_xstrdup(box[i].name);
		(*v)[i].addr = tw_xstrdup(box[i].addr);
		(*v)[i].prefix = box[i].prefix;
		(*v)[i].flags = box[i].flags;
	}
	return 0;
}

static int failing_source(struct tw_netif **v, size_t *n, void *ctx)
{
	(void)ctx;
	*v = NULL;
	*n = 0;
	return -1;
}

START_TEST(test_private_networks)
{
	size_t count = TW_ARRAY_LEN(box), n;
	char **nets;

	tw_netinfo_set_source(fake_source, &count);
	ck_assert_int_eq(tw_netinfo_local_nets(&nets, &n), 0);
	ck_assert_uint_eq(n, 5);
	ck_assert_str_eq(nets[0], "192.168.1.0/24");
	ck_assert_str_eq(nets[1], "fd12:3456:789a:1::/64");
	ck_assert_str_eq(nets[2], "10.0.0.0/8");
	ck_assert_str_eq(nets[3], "192.168.1.128/25");
	ck_assert_str_eq(nets[4], "172.17.0.0/16");
	tw_strv_free(&nets, n);
	tw_netinfo_set_source(NULL, NULL);
}
END_TEST

START_TEST(test_none_and_failure)
{
	size_t count = 2, n; /* loopback only */
	char **nets;

	tw_netinfo_set_source(fake_source, &count);
	ck_assert_int_eq(tw_netinfo_local_nets(&nets, &n), 0);
	ck_assert_uint_eq(n, 0);
	tw_strv_free(&nets, n);
	tw_netinfo_set_source(failing_source, NULL);
	ck_assert_int_eq(tw_netinfo_local_nets(&nets, &n), -1);
	ck_assert_uint_eq(n, 0);
	tw_netinfo_set_source(NULL, NULL);
}
END_TEST

START_TEST(test_system_interfaces)
{
	struct tw_netif *ifs = NULL;
	size_t nifs = 0, n, i;
	char **nets;

	/* Whatever this machine has: readable, and every result a CIDR. */
	ck_assert_int_eq(tw_netinfo_system(&ifs, &nifs, NULL), 0);
	for (i = 0; i < nifs; i++)
		ck_assert_msg(tw_is_ipv4(ifs[i].addr) || tw_is_ipv6(ifs[i].addr), "%s", ifs[i].addr);
	tw_netifs_free(&ifs, nifs);
	ck_assert_ptr_null(ifs);
	ck_assert_int_eq(tw_netinfo_local_nets(&nets, &n), 0);
	for (i = 0; i < n; i++)
		ck_assert_msg(strchr(nets[i], '/') && tw_is_ip_or_cidr(nets[i]), "%s", nets[i]);
	tw_strv_free(&nets, n);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("netinfo");
	TCase *tc = tcase_create("netinfo");

	tcase_add_test(tc, test_private_networks);
	tcase_add_test(tc, test_none_and_failure);
	tcase_add_test(tc, test_system_interfaces);
	suite_add_tcase(s, tc);
	return tw_test_run(s);
}
