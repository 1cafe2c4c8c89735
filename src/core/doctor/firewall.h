/* firewall.h - does the local firewall drop inbound SIP or RTP? Reads the
 * text of `nft list ruleset` or `iptables-save` / `ip6tables-save` and
 * follows the input chains the way a packet from the provider would,
 * rule by rule. Rules whose conditions cannot be judged from a port and a
 * protocol alone (source addresses, connection state, jumps to other
 * chains) make the answer "may drop" rather than a guess. */
#ifndef TRUNKWIZ_FIREWALL_H
#define TRUNKWIZ_FIREWALL_H

#include <stdbool.h>
#include <stddef.h>

#include "trunkwiz/base.h"

enum tw_fw_verdict {
	TW_FW_ACCEPT,
	TW_FW_MAYBE_DROP,  /* a drop rule or a jump with unknown conditions applies */
	TW_FW_DROP,
};

struct tw_fw;

/* Parse rules. Returns NULL when the text holds no input chain at all
 * (nothing to judge). */
struct tw_fw *tw_fw_parse_nft(const char *text);
struct tw_fw *tw_fw_parse_iptables(const char *text);
void tw_fw_free(struct tw_fw **fw);
/* Where an accept rule belongs, for the fix hint: "inet filter input" (nft
 * family, table, chain) or "INPUT" (iptables). */
const char *tw_fw_input_chain(const struct tw_fw *fw);
/* true for rules read from nft, false for iptables-save. */
bool tw_fw_is_nft(const struct tw_fw *fw);

/* The verdict for an inbound packet to a local port. *why (borrowed from
 * fw, may be NULL) is the rule or policy that decided. */
enum tw_fw_verdict tw_fw_check(const struct tw_fw *fw, bool udp, unsigned port,
                               const char **why);

/* Over a port range: the worst verdict, and a summary such as
 * "drops UDP 10000-10099 (rule: udp dport 10000-10099 drop)". Returns the
 * worst verdict; *summary is malloc'd (NULL when all accepted). */
enum tw_fw_verdict tw_fw_check_range(const struct tw_fw *fw, bool udp, unsigned lo,
                                     unsigned hi, char **summary);

#endif
