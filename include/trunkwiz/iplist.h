/* iplist.h - a provider's published list of signalling addresses: parse it
 * (plain text, CSV or JSON), validate every entry, and compare it with the
 * identify list a profile ships. */
#ifndef TRUNKWIZ_IPLIST_H
#define TRUNKWIZ_IPLIST_H

#include <stddef.h>

#include "trunkwiz/diag.h"
#include "trunkwiz/fetch.h"
#include "trunkwiz/util.h"

enum tw_iplist_format {
	TW_IPLIST_TEXT,  /* one address or CIDR per line, '#' comments */
	TW_IPLIST_CSV,   /* the address in one column (select: its number, default 1) */
	TW_IPLIST_JSON,  /* every address-like string (select: the subtree to search) */
};

/* "text", "csv", "json" -> format, or -1. */
int tw_iplist_format_parse(const char *s);
const char *tw_iplist_format_name(enum tw_iplist_format f);
/* Is select meaningful for format f? NULL when it is (select NULL or ""
 * always is), else why not. CSV: a column number 1-99. JSON: object keys
 * joined by '.', e.g. "inbound.signaling"; arrays on the way are searched
 * element by element. Text: none. */
const char *tw_iplist_select_error(enum tw_iplist_format f, const char *select);

/* Addresses and CIDRs as written in the list, distinct, in list order. */
struct tw_iplist {
	char **v;
	size_t n;
};
void tw_iplist_init(struct tw_iplist *l);
void tw_iplist_free(struct tw_iplist *l);

/* Parse a list. source names it in diagnostics (its URL). Every rejected
 * entry is a warning: at source:LINE for text and CSV, with the value's
 * path ($.a.b[2]) for JSON; what is shown of it is cleaned of control
 * characters. Entries are rejected when they are not an IPv4/IPv6 address
 * or CIDR, or when they could not be a provider's (loopback, unspecified, a
 * prefix shorter than /8 or, for IPv6, /16). Returns 0 when at least one
 * entry was found; -1 with an error when the content is malformed (binary,
 * bad JSON, select not found) or has no valid entry (out is then empty). */
int tw_iplist_parse(const char *data, size_t len, enum tw_iplist_format fmt,
                    const char *select, const char *source, struct tw_iplist *out,
                    struct tw_diags *d) TW_MUST_CHECK;

/* Download url and parse it. TW_FETCH_ECONTENT when the content is
 * malformed. */
enum tw_fetch_status tw_iplist_fetch(const char *url, enum tw_iplist_format fmt,
                                     const char *select, const struct tw_fetch_opts *o,
                                     struct tw_iplist *out, struct tw_diags *d) TW_MUST_CHECK;

/* Compare a list with an identify answer (comma list; host names and
 * ${...} items are not addresses and are skipped). added: list entries
 * that no identify entry covers (equal, or inside one of its CIDRs); gone:
 * identify addresses and CIDRs that no list entry covers. Both are
 * initialised here. */
void tw_iplist_diff(const struct tw_iplist *list, const char *identify,
                    struct tw_iplist *added, struct tw_iplist *gone);

#endif
