/* fetch/fetch.h - what the rest of the core uses of src/core/fetch/ beyond
 * trunkwiz/fetch.h (the front ends do not call these). */
#ifndef TW_CORE_FETCH_H
#define TW_CORE_FETCH_H

#include "trunkwiz/fetch.h"

/* Download url into out (an initialised buffer, emptied first; the body
 * ends up NUL-terminated, out->len bytes).
 * On failure out is left empty and one error diagnostic located at the URL
 * (tw_fetch_url_display) says what happened and how to fix it. *http_code (may be NULL) gets the
 * last HTTP status, 0 when there was none. */
enum tw_fetch_status tw_fetch(const char *url, const struct tw_fetch_opts *o,
                              struct tw_buf *out, long *http_code,
                              struct tw_diags *d) TW_MUST_CHECK;

/* The status a libcurl result code maps to (exposed for the tests: some
 * failures, like a host that does not resolve, cannot be provoked on
 * loopback). too_big tells that the write callback stopped at the cap. */
enum tw_fetch_status tw_fetch_status_from_curl(int curl_code, bool too_big);

/* "timeout", "TLS"... for messages and tests. */
const char *tw_fetch_status_name(enum tw_fetch_status s);

/* Is select meaningful for format f? True when it is (select NULL or ""
 * always is), else false and *cause (malloc'd) says why not. CSV: a column
 * number 1-99. JSON: object keys joined by '.', e.g. "inbound.signaling";
 * arrays on the way are searched element by element. Text: none. */
bool tw_iplist_select_ok(enum tw_iplist_format f, const char *select, char **cause);

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

/* Compare a list with an identify answer (comma list; host names and
 * ${...} items are not addresses and are skipped). added: list entries
 * that no identify entry covers (equal, or inside one of its CIDRs); gone:
 * identify addresses and CIDRs that no list entry covers. Both are
 * initialised here. */
void tw_iplist_diff(const struct tw_iplist *list, const char *identify,
                    struct tw_iplist *added, struct tw_iplist *gone);

/* The fingerprint of the Ed25519 public key in a PEM file; -1 with an
 * error naming the file when it is not one (another key type, a private
 * key, not PEM). */
int tw_key_file_fingerprint(const char *path, char fpr[65], struct tw_diags *d) TW_MUST_CHECK;

/* Does sig (64 bytes, Ed25519) sign the len bytes at data, by a trusted
 * key? 0 with *signer (the fingerprint, malloc'd); -1 with an error at
 * where: no trusted key, or none of them made this signature. */
int tw_keyring_verify(const char *dir, const void *data, size_t len, const void *sig,
                      size_t siglen, const char *where, char **signer,
                      struct tw_diags *d) TW_MUST_CHECK;

/* Both at once; dry_run: prepare only. */
int tw_update_providers(const char *url, const char *dir, const struct tw_update_opts *o,
                        bool dry_run, struct tw_update_report *rep,
                        struct tw_diags *d) TW_MUST_CHECK;

#endif
