/* check_firewall.c - reading nft and iptables-save rules and judging
 * whether they let SIP and RTP from the provider in
 * (src/core/doctor/firewall.c). */
#include "config.h"

#include "tw_test.h"

#include "doctor/firewall.h"

static const char nft_rules[] =
	"table inet filter {\n"
	"\tchain input {\n"
	"\t\ttype filter hook input priority filter; policy drop;\n"
	"\t\tiif \"lo\" accept\n"
	"\t\tct state established,related accept\n"
	"\t\ttcp dport 22 accept\n"
	"\t\tudp dport { 5060, 10000-10999 } counter accept\n"
	"\t\tudp dport 11000-11099 drop comment \"no media\"\n"
	"\t}\n"
	"\tchain forward {\n"
	"\t\ttype filter hook forward priority filter; policy drop;\n"
	"\t}\n"
	"}\n";

START_TEST(test_firewall_nft)
{
	struct tw_fw *fw = tw_fw_parse_nft(nft_rules);
	const char *why = NULL;
	char *sum = NULL;

	ck_assert_ptr_nonnull(fw);
	ck_assert(tw_fw_is_nft(fw));
	ck_assert_str_eq(tw_fw_input_chain(fw), "inet filter input");
	ck_assert_int_eq(tw_fw_check(fw, true, 5060, &why), TW_FW_ACCEPT);
	ck_assert_int_eq(tw_fw_check(fw, false, 5060, &why), TW_FW_DROP);
	ck_assert_str_eq(why, "the chain's policy is drop");
	ck_assert_int_eq(tw_fw_check(fw, true, 11050, &why), TW_FW_DROP);
	ck_assert_ptr_nonnull(strstr(why, "11000-11099 drop"));
	ck_assert_int_eq(tw_fw_check_range(fw, true, 10000, 10999, &sum), TW_FW_ACCEPT);
	ck_assert_ptr_null(sum);
	ck_assert_int_eq(tw_fw_check_range(fw, true, 10000, 20000, &sum), TW_FW_DROP);
	ck_assert_msg(strstr(sum, "drops UDP 11000-11099") && strstr(sum, "drops UDP 11100-20000"), "%s", sum);
	free(sum);
	tw_fw_free(&fw);
	ck_assert_ptr_null(tw_fw_parse_nft("table ip nat {\n chain post {\n type nat hook postrouting priority 100;\n }\n}\n"));
}
END_TEST

START_TEST(test_firewall_iptables)
{
	static const char rules[] =
		"*nat\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -p udp --dport 5060 -j DROP\nCOMMIT\n"
		"*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n"
		"-A INPUT -i lo -j DROP\n"
		"-A INPUT -s 198.51.100.0/24 -p udp -m udp --dport 5060 -j DROP\n"
		"-A INPUT -p udp -m multiport --dports 5061,12000:12999 -m comment --comment \"old media\" -j REJECT\n"
		"-A INPUT -p tcp --dport 5060 -j ACCEPT\n"
		"COMMIT\n";
	struct tw_fw *fw = tw_fw_parse_iptables(rules);
	const char *why = NULL;
	char *sum = NULL;

	ck_assert_ptr_nonnull(fw);
	ck_assert(!tw_fw_is_nft(fw));
	/* A source-limited drop may or may not hit the provider. */
	ck_assert_int_eq(tw_fw_check(fw, true, 5060, &why), TW_FW_MAYBE_DROP);
	ck_assert_ptr_nonnull(strstr(why, "198.51.100.0/24"));
	ck_assert_int_eq(tw_fw_check(fw, false, 5060, &why), TW_FW_ACCEPT);
	ck_assert_int_eq(tw_fw_check(fw, true, 12500, &why), TW_FW_DROP);
	ck_assert_int_eq(tw_fw_check(fw, true, 13000, &why), TW_FW_ACCEPT);
	ck_assert_int_eq(tw_fw_check_range(fw, true, 10000, 20000, &sum), TW_FW_DROP);
	ck_assert_ptr_nonnull(strstr(sum, "drops UDP 12000-12999"));
	free(sum);
	tw_fw_free(&fw);
	ck_assert_ptr_null(tw_fw_parse_iptables("*nat\n:INPUT ACCEPT [0:0]\nCOMMIT\n"));
}
END_TEST

/* A jump to another chain, or a drop limited by a condition we cannot
 * judge (ct state, a source address), is "may drop", never a guess; an
 * accept before it still accepts. */
START_TEST(test_nft_unknown_is_maybe)
{
	static const char rules[] =
		"table ip filter {\n"
		"\tchain input {\n"
		"\t\ttype filter hook input priority 0; policy accept;\n"
		"\t\tudp dport 5060 accept\n"
		"\t\tjump sip_guard\n"
		"\t\tct state invalid drop\n"
		"\t}\n"
		"}\n";
	struct tw_fw *fw = tw_fw_parse_nft(rules);
	const char *why = NULL;

	ck_assert_ptr_nonnull(fw);
	ck_assert_str_eq(tw_fw_input_chain(fw), "ip filter input");
	ck_assert_int_eq(tw_fw_check(fw, true, 5060, &why), TW_FW_ACCEPT);
	ck_assert_int_eq(tw_fw_check(fw, true, 5061, &why), TW_FW_MAYBE_DROP);
	ck_assert_ptr_nonnull(why);
	ck_assert_ptr_nonnull(strstr(why, "jump sip_guard"));
	ck_assert_int_eq(tw_fw_check(fw, false, 80, &why), TW_FW_MAYBE_DROP);
	tw_fw_free(&fw);
	ck_assert_ptr_null(fw);
	tw_fw_free(&fw); /* NULL-safe */
}
END_TEST

/* Policy accept with no rule for the ports: accepted, and the range
 * summary stays empty; a policy drop names itself. */
START_TEST(test_policies)
{
	static const char open_rules[] = "*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n";
	static const char closed_rules[] =
		"*filter\n:INPUT DROP [0:0]\n-A INPUT -p udp --dport 5060 -j ACCEPT\nCOMMIT\n";
	struct tw_fw *fw = tw_fw_parse_iptables(open_rules);
	const char *why = "unset";
	char *sum = NULL;

	ck_assert_ptr_nonnull(fw);
	ck_assert_str_eq(tw_fw_input_chain(fw), "INPUT");
	ck_assert_int_eq(tw_fw_check(fw, true, 5060, &why), TW_FW_ACCEPT);
	ck_assert_ptr_null(why);
	ck_assert_int_eq(tw_fw_check_range(fw, true, 10000, 20000, &sum), TW_FW_ACCEPT);
	ck_assert_ptr_null(sum);
	tw_fw_free(&fw);

	fw = tw_fw_parse_iptables(closed_rules);
	ck_assert_ptr_nonnull(fw);
	ck_assert_int_eq(tw_fw_check(fw, true, 5060, &why), TW_FW_ACCEPT);
	ck_assert_int_eq(tw_fw_check(fw, true, 5061, &why), TW_FW_DROP);
	ck_assert_str_eq(why, "the chain's policy is drop");
	ck_assert_int_eq(tw_fw_check_range(fw, true, 5060, 5060, &sum), TW_FW_ACCEPT);
	ck_assert_ptr_null(sum);
	ck_assert_int_eq(tw_fw_check_range(fw, true, 5059, 5061, &sum), TW_FW_DROP);
	ck_assert_msg(strstr(sum, "drops UDP 5059") && strstr(sum, "drops UDP 5061"), "%s", sum);
	free(sum);
	tw_fw_free(&fw);
}
END_TEST

/* Many separate dropped ranges: the first three are named, the rest
 * counted. */
START_TEST(test_range_summary_bounded)
{
	static const char rules[] =
		"*filter\n:INPUT ACCEPT [0:0]\n"
		"-A INPUT -p udp --dport 10001 -j DROP\n"
		"-A INPUT -p udp --dport 10003 -j DROP\n"
		"-A INPUT -p udp --dport 10005 -j DROP\n"
		"-A INPUT -p udp --dport 10007 -j DROP\n"
		"-A INPUT -p udp --dport 10009 -j DROP\n"
		"COMMIT\n";
	struct tw_fw *fw = tw_fw_parse_iptables(rules);
	char *sum = NULL;

	ck_assert_ptr_nonnull(fw);
	ck_assert_int_eq(tw_fw_check_range(fw, true, 10000, 10010, &sum), TW_FW_DROP);
	ck_assert_msg(strstr(sum, "drops UDP 10001") && strstr(sum, "drops UDP 10005") &&
	              !strstr(sum, "drops UDP 10007") && strstr(sum, "and 2 more ranges"), "%s", sum);
	free(sum);
	/* TCP is not UDP: the same ports are open to it. */
	ck_assert_int_eq(tw_fw_check_range(fw, false, 10000, 10010, &sum), TW_FW_ACCEPT);
	ck_assert_ptr_null(sum);
	tw_fw_free(&fw);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("firewall");
	TCase *tc = tcase_create("firewall");

	tcase_add_test(tc, test_firewall_nft);
	tcase_add_test(tc, test_firewall_iptables);
	tcase_add_test(tc, test_nft_unknown_is_maybe);
	tcase_add_test(tc, test_policies);
	tcase_add_test(tc, test_range_summary_bounded);
	suite_add_tcase(s, tc);
	return tw_test_run(s);
}
