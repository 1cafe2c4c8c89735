/* fetch.h - every download trunkwiz makes goes through here (libcurl):
 * provider IP lists, provider profile bundles and the public address for
 * NAT. A transfer has connect and total timeouts, a size cap, TLS
 * verification that cannot be turned off (only pointed at a private CA),
 * HTTPS only for network URLs unless plain HTTP is allowed explicitly, a
 * limited number of redirects, file:// for offline copies, the proxy
 * environment variables (http_proxy, https_proxy, no_proxy) and a progress
 * callback. The body is kept in memory: nothing is written anywhere, so a
 * failed transfer leaves no trace. */
#ifndef TRUNKWIZ_FETCH_H
#define TRUNKWIZ_FETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "trunkwiz/diag.h"
#include "trunkwiz/util.h"

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

#endif
