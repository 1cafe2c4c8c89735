/* trunkwiz/fetch.h - the fetch module's interface (src/core/fetch/). */
#ifndef TRUNKWIZ_FETCH_H
#define TRUNKWIZ_FETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "trunkwiz/base.h"
#include "trunkwiz/validate.h"

/* fetch.h - every download trunkwiz makes goes through here (libcurl):
 * provider IP lists, provider profile bundles and the public address for
 * NAT. A transfer has connect and total timeouts, a size cap, TLS
 * verification that cannot be turned off (only pointed at a private CA),
 * HTTPS only for network URLs unless plain HTTP is allowed explicitly, a
 * limited number of redirects, file:// for offline copies, the proxy
 * environment variables (http_proxy, https_proxy, no_proxy) and a progress
 * callback. The body is kept in memory: nothing is written anywhere, so a
 * failed transfer leaves no trace. */



#define TW_FETCH_CONNECT_TIMEOUT_MS 5000L
#define TW_FETCH_TIMEOUT_MS 20000L
#define TW_FETCH_MAX_SIZE ((size_t)2 << 20)
#define TW_FETCH_MAX_REDIRECTS 5L
/* Plain-text "what is my address" service (https://ipify.org): answers
 * with the caller's IPv4 address and nothing else. */
#define TW_PUBLIC_IP_URL "https://api.ipify.org"

/* Called while a transfer runs with the bytes received so far and the
 * expected total (0 when unknown). A nonzero return cancels the transfer. */
typedef int (*tw_fetch_progress_fn)(void *ctx, uint64_t now, uint64_t total);

struct tw_fetch_opts {
	long connect_timeout_ms;  /* until connected (TLS included) */
	long timeout_ms;          /* whole transfer */
	size_t max_size;          /* bytes; a larger body is an error */
	long max_redirects;
	const char *cacert;       /* PEM file of CAs to trust instead of the system's */
	bool insecure_http;       /* allow http:// (and redirects to it) */
	bool ipv4_only;           /* connect over IPv4 (public IPv4 discovery) */
	tw_fetch_progress_fn progress;
	void *progress_ctx;
};

/* What went wrong, for callers that react differently (the wizard offers
 * "retry" for a timeout, "--cacert" for a TLS failure...). */
enum tw_fetch_status {
	TW_FETCH_OK,
	TW_FETCH_EURL,        /* malformed URL, or a scheme that is not allowed */
	TW_FETCH_EHOST,       /* host (or proxy) not found */
	TW_FETCH_ECONNECT,    /* could not connect, or the connection broke */
	TW_FETCH_ETIMEOUT,
	TW_FETCH_ETLS,        /* TLS handshake or certificate verification */
	TW_FETCH_EHTTP,       /* HTTP status other than 2xx */
	TW_FETCH_EREDIRECT,   /* too many redirects, or to a scheme not allowed */
	TW_FETCH_ETOOBIG,     /* body larger than max_size */
	TW_FETCH_EFILE,       /* file:// URL that cannot be read */
	TW_FETCH_ECANCELLED,  /* the progress callback said stop */
	TW_FETCH_ECONTENT,    /* the body is not what was expected */
	TW_FETCH_EOTHER,
};

/* Defaults: the TW_FETCH_* values above, system CAs, HTTPS only. */
void tw_fetch_opts_init(struct tw_fetch_opts *o);

/* Download url into out (an initialised buffer, emptied first; the body
 * ends up NUL-terminated, out->len bytes).
 * On failure out is left empty and one error diagnostic located at the URL
 * (tw_fetch_url_display) says what happened and how to fix it. *http_code (may be NULL) gets the
 * last HTTP status, 0 when there was none. */
enum tw_fetch_status tw_fetch(const char *url, const struct tw_fetch_opts *o,
                              struct tw_buf *out, long *http_code,
                              struct tw_diags *d) TW_MUST_CHECK;

/* Ask url (when NULL: $TRUNKWIZ_PUBLIC_IP_URL, else TW_PUBLIC_IP_URL) for
 * this machine's public IPv4
 * address, over IPv4. The answer must be exactly one IPv4 address (white
 * space around it is allowed), else TW_FETCH_ECONTENT. *ip is malloc'd. */
enum tw_fetch_status tw_fetch_public_ipv4(const char *url, const struct tw_fetch_opts *o,
                                          char **ip, struct tw_diags *d) TW_MUST_CHECK;

/* url as diagnostics show it: without any user:password@ part. Returns a
 * new string. */
char *tw_fetch_url_display(const char *url);

/* Is url one trunkwiz may fetch with these options? NULL when it is, else
 * why not (a static string). */
const char *tw_fetch_url_refused(const char *url, const struct tw_fetch_opts *o);

/* The status a libcurl result code maps to (exposed for the tests: some
 * failures, like a host that does not resolve, cannot be provoked on
 * loopback). too_big tells that the write callback stopped at the cap. */
enum tw_fetch_status tw_fetch_status_from_curl(int curl_code, bool too_big);
/* "timeout", "TLS"... for messages and tests. */
const char *tw_fetch_status_name(enum tw_fetch_status s);

/* iplist.h - a provider's published list of signalling addresses: parse it
 * (plain text, CSV or JSON), validate every entry, and compare it with the
 * identify list a profile ships. */



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
/* The same, keeping at most max entries in each of added and gone; *nadded
 * and *ngone count them all. For a long list of which a few are shown. */
void tw_iplist_diff_max(const struct tw_iplist *list, const char *identify, size_t max,
                        struct tw_iplist *added, struct tw_iplist *gone,
                        size_t *nadded, size_t *ngone);

/* update.h - install a provider profile bundle into a profile directory.
 *
 * A bundle is a directory on a web server (or on disk) holding <id>.conf
 * profiles and an index named SHA256SUMS, in the format sha256sum(1)
 * writes: one "<64 hex digits>  <id>.conf" line per profile ('#' comments
 * and blank lines allowed). Publishing one is `sha256sum *.conf >
 * SHA256SUMS`. The URL names the index, or the directory when it ends in
 * '/'; profiles are fetched next to the index.
 *
 * Everything is downloaded, checksummed and validated (as `providers
 * check` does) before anything is written; then each file is staged in the
 * target directory and renamed into place, and a failure half-way restores
 * the files already replaced. Profiles in the directory that the bundle
 * does not list are left alone. */



#define TW_UPDATE_INDEX "SHA256SUMS"
#define TW_UPDATE_MAX_PROFILES 500

enum tw_update_change {
	TW_UPDATE_ADDED,
	TW_UPDATE_CHANGED,
	TW_UPDATE_SAME,
};

struct tw_update_item {
	char *name;                   /* <id>.conf */
	enum tw_update_change change;
};

struct tw_update_report {
	struct tw_update_item *v;
	size_t n;
};

#define TW_UPDATE_EINVALID (-1)  /* malformed index, bad checksum, invalid profile */
#define TW_UPDATE_EIO (-2)       /* a download failed, or dir cannot be written */

/* Install the bundle at url into dir (created, mode 0755, when missing; a
 * new file is mode 0644, a replaced one keeps its mode). ver is the
 * Asterisk version profiles are validated for. dry_run: download and
 * check everything, report what would change, write nothing. On success
 * returns 0 and lists every profile of the bundle in rep; on failure
 * returns TW_UPDATE_EINVALID or TW_UPDATE_EIO with errors in d, dir
 * unchanged and rep empty. Warnings (e.g. from profile validation) do not
 * stop it. */
int tw_update_providers(const char *url, const char *dir, const struct tw_fetch_opts *o,
                        const struct tw_astver *ver, bool dry_run,
                        struct tw_update_report *rep, struct tw_diags *d) TW_MUST_CHECK;
void tw_update_report_free(struct tw_update_report *rep);
/* For the tests: the rename(2) that moves staged files into place (NULL
 * restores rename), so a failure half-way can be provoked. */
void tw_update_set_rename(int (*fn)(const char *from, const char *to));

#endif
