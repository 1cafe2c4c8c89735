/* digest.h - SIP digest authentication, client side (RFC 3261 section 22,
 * RFC 2617 qop, RFC 7616 algorithms and userhash, RFC 8760 for SIP): parse
 * a WWW-Authenticate / Proxy-Authenticate challenge, pick the strongest one
 * offered, and compute the Authorization / Proxy-Authorization value. The
 * hashes come from OpenSSL's libcrypto. Nothing here keeps the password:
 * intermediate buffers that depend on it are wiped. */
#ifndef TRUNKWIZ_DIGEST_H
#define TRUNKWIZ_DIGEST_H

#include <stdbool.h>
#include <stddef.h>

#include "trunkwiz/base.h"

enum tw_digest_alg {
	TW_DIGEST_MD5,
	TW_DIGEST_SHA256,
	TW_DIGEST_SHA512_256,
	TW_DIGEST_UNSUPPORTED,
};

struct tw_digest_challenge {
	char *realm;
	char *nonce;
	char *opaque;        /* NULL when absent */
	char *algorithm;     /* as written; NULL when absent (means MD5) */
	enum tw_digest_alg alg;
	bool sess;           /* "-sess" variant */
	bool qop_auth;       /* qop list holds "auth" */
	bool qop_auth_int;   /* qop list holds "auth-int" */
	bool qop_given;      /* a qop parameter was present */
	bool userhash;       /* RFC 7616 userhash=true */
	bool stale;
};

/* Parse one challenge header value ("Digest realm=..., nonce=..."). Returns
 * 0, or -1 with *cause (malloc'd) saying what is wrong: not Digest, no
 * realm or nonce, broken quoting. */
int tw_digest_parse(const char *value, struct tw_digest_challenge *c,
                    char **cause) TW_MUST_CHECK;
void tw_digest_clear(struct tw_digest_challenge *c);

/* Index of the challenge to answer among n parsed ones: the strongest
 * supported algorithm (SHA-512-256, SHA-256, MD5), the first one on a tie
 * (RFC 8760 3: the server lists them in its order of preference). -1 when
 * none is supported. */
int tw_digest_pick(const struct tw_digest_challenge *v, size_t n);

const char *tw_digest_alg_name(enum tw_digest_alg alg);

/* Hex digest of data with alg into out (at least 65 bytes). Returns 0, or
 * -1 when libcrypto refuses the algorithm (e.g. MD5 in FIPS mode). */
int tw_digest_hex(enum tw_digest_alg alg, const void *data, size_t len,
                  char *out) TW_MUST_CHECK;

/* The request-digest ("response" parameter), hex, into out (65 bytes).
 * qop is NULL (RFC 2069 form), "auth" or "auth-int"; nc and cnonce are used
 * only with qop. body (may be NULL) counts for auth-int. */
int tw_digest_response(const struct tw_digest_challenge *c, const char *username,
                       const char *password, const char *method, const char *uri,
                       const char *qop, const char *nc, const char *cnonce,
                       const char *body, char *out) TW_MUST_CHECK;

/* The whole header value: Digest username="..", realm="..", nonce="..",
 * uri="..", response="..", algorithm=.., cnonce="..", opaque="..",
 * qop=auth, nc=XXXXXXXX. nc is the nonce count (1 for a fresh nonce);
 * cnonce NULL picks a random one. Returns a malloc'd string or NULL with
 * *cause set (malloc'd) (unsupported algorithm, libcrypto failure). The string holds no
 * secret. */
char *tw_digest_authorization(const struct tw_digest_challenge *c,
                              const char *username, const char *password,
                              const char *method, const char *uri,
                              unsigned nc, const char *cnonce,
                              char **cause) TW_MUST_CHECK;

/* n random bytes as 2n hex characters into out (2n+1 bytes), from
 * libcrypto's RAND_bytes. */
void tw_random_hex(char *out, size_t nbytes);

#endif
