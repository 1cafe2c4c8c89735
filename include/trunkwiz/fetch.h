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

/* Ask url (when NULL: $TRUNKWIZ_PUBLIC_IP_URL, else TW_PUBLIC_IP_URL) for
 * this machine's public IPv4
 * address, over IPv4. The answer must be exactly one IPv4 address (white
 * space around it is allowed), else TW_FETCH_ECONTENT. *ip is malloc'd. */
enum tw_fetch_status tw_fetch_public_ipv4(const char *url, const struct tw_fetch_opts *o,
                                          char **ip, struct tw_diags *d) TW_MUST_CHECK;

/* url as diagnostics show it: without any user:password@ part, cleaned
 * for a terminal (tw_clean_text). Returns a new string. */
char *tw_fetch_url_display(const char *url);

/* Is url one trunkwiz may fetch with these options? True when it is, else
 * false and *cause (malloc'd) says why not. */
bool tw_fetch_url_ok(const char *url, const struct tw_fetch_opts *o, char **cause);

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

/* Addresses and CIDRs as written in the list, distinct, in list order. */
struct tw_iplist {
	char **v;
	size_t n;
};
void tw_iplist_init(struct tw_iplist *l);
void tw_iplist_free(struct tw_iplist *l);

/* Download url and parse it. TW_FETCH_ECONTENT when the content is
 * malformed. */
enum tw_fetch_status tw_iplist_fetch(const char *url, enum tw_iplist_format fmt,
                                     const char *select, const struct tw_fetch_opts *o,
                                     struct tw_iplist *out, struct tw_diags *d) TW_MUST_CHECK;

/* The same, keeping at most max entries in each of added and gone; *nadded
 * and *ngone count them all. For a long list of which a few are shown. */
void tw_iplist_diff_max(const struct tw_iplist *list, const char *identify, size_t max,
                        struct tw_iplist *added, struct tw_iplist *gone,
                        size_t *nadded, size_t *ngone);

/* keyring.h - the Ed25519 public keys the admin trusts to sign provider
 * bundles: one PEM file per key, named by its fingerprint, in a directory
 * that must belong to root (or to the user running trunkwiz) and not be
 * writable by group or others. A fingerprint is the SHA-256 of the raw
 * 32-byte public key, in 64 lower-case hex digits. */

#define TW_KEYRING_DIR "/etc/trunkwiz/keys"

struct tw_key {
	char *fingerprint;
	char *path;
};
void tw_keys_free(struct tw_key **v, size_t n);

/* dir when given, else $TRUNKWIZ_KEYRING, else TW_KEYRING_DIR. */
const char *tw_keyring_dir(const char *dir);
/* Trust the key in keyfile: copy it into the keyring (created 0755 when
 * missing), mode 0644. *already when it was trusted before. */
int tw_keyring_trust(const char *dir, const char *keyfile, char fpr[65], bool *already,
                     struct tw_diags *d) TW_MUST_CHECK;
/* The trusted keys, by file name. A key file that is unsafe or unreadable
 * is left out with a warning. -1 when the directory itself is unsafe. */
int tw_keyring_list(const char *dir, struct tw_key **keys, size_t *n,
                    struct tw_diags *d) TW_MUST_CHECK;
/* Stop trusting the one key whose fingerprint starts with prefix (at least
 * 8 hex digits); fpr gets its whole fingerprint. */
int tw_keyring_untrust(const char *dir, const char *prefix, char fpr[65],
                       struct tw_diags *d) TW_MUST_CHECK;

/* update.h - install a provider profile bundle into a profile directory.
 *
 * A bundle is a directory on a web server (or on disk) holding <id>.conf
 * profiles, an index named SHA256SUMS in the format sha256sum(1) writes
 * (one "<64 hex digits>  <id>.conf" line per profile; '#' comments and
 * blank lines allowed) and SHA256SUMS.sig, the raw 64-byte Ed25519
 * signature of the index. Publishing one is
 *   sha256sum *.conf > SHA256SUMS
 *   openssl pkeyutl -sign -rawin -inkey KEY.pem -in SHA256SUMS -out SHA256SUMS.sig
 * The URL names the index, or the directory when it ends in '/'; the
 * signature and the profiles are fetched next to the index.
 *
 * Provider data is untrusted: nothing is installed unless the signature
 * verifies with a key in the keyring (keyring.h). Then everything is
 * downloaded, checksummed and validated (as `providers check` does, the
 * restrictions on what a profile may say included) and compared with what
 * the directory holds, before anything is written. Committing writes each
 * file with the atomic writer (install.h), so a kill leaves every profile
 * old or new, and the next update finishes the job; a failure half-way
 * puts back the files already written. The index of the installed bundle
 * is kept in the directory (.trunkwiz-bundle): a profile a later bundle no
 * longer lists is removed, if nobody changed it since. Profiles that never
 * came from a bundle are left alone. */

#define TW_UPDATE_INDEX "SHA256SUMS"
#define TW_UPDATE_SIG_SUFFIX ".sig"
#define TW_UPDATE_MANIFEST ".trunkwiz-bundle"
#define TW_UPDATE_MAX_PROFILES 500

enum tw_update_change {
	TW_UPDATE_ADDED,
	TW_UPDATE_CHANGED,
	TW_UPDATE_SAME,
	TW_UPDATE_REMOVED,
};

struct tw_update_item {
	char *name;                   /* <id>.conf */
	enum tw_update_change change;
	char **keys;                  /* CHANGED: "[section] option" that differ */
	size_t nkeys;
};

struct tw_update_report {
	struct tw_update_item *v;     /* the bundle's profiles, then the removed */
	size_t n;
	char *signer;                 /* fingerprint of the key that signed it */
};

#define TW_UPDATE_EINVALID (-1)  /* unsigned, bad signature, malformed index, bad checksum, invalid profile */
#define TW_UPDATE_EIO (-2)       /* a download failed, or dir cannot be written */

struct tw_update_opts {
	const struct tw_fetch_opts *fetch;
	const struct tw_astver *ver;  /* profiles are validated for it */
	const char *keyring;          /* NULL: tw_keyring_dir(NULL) */
};

struct tw_update;
/* Download, verify and check the bundle at url for dir, and compare it with
 * what dir holds; nothing is written. 0 with *u and rep filled (the caller
 * frees both); else TW_UPDATE_EINVALID or TW_UPDATE_EIO with errors in d,
 * *u NULL and rep empty. Warnings do not stop it. */
int tw_update_prepare(const char *url, const char *dir, const struct tw_update_opts *o,
                      struct tw_update **u, struct tw_update_report *rep,
                      struct tw_diags *d) TW_MUST_CHECK;
/* Install what tw_update_prepare found (dir created, mode 0755, when
 * missing; a new file is mode 0644, a replaced one keeps its mode). 0, or
 * TW_UPDATE_EIO with dir as it was. */
int tw_update_commit(struct tw_update *u, struct tw_diags *d) TW_MUST_CHECK;
void tw_update_free(struct tw_update **u);
void tw_update_report_free(struct tw_update_report *rep);
/* Does the report change anything? */
bool tw_update_report_changes(const struct tw_update_report *rep);

#endif
