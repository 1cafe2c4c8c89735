/* sha256.h - SHA-256 (FIPS 180-4), for the checksums in a provider
 * profile bundle's index. */
#ifndef TRUNKWIZ_SHA256_H
#define TRUNKWIZ_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define TW_SHA256_LEN 32

struct tw_sha256 {
	uint32_t h[8];
	uint64_t total;       /* bytes hashed so far */
	unsigned char buf[64];
	size_t buflen;
};

void tw_sha256_init(struct tw_sha256 *s);
void tw_sha256_update(struct tw_sha256 *s, const void *data, size_t len);
void tw_sha256_final(struct tw_sha256 *s, unsigned char out[TW_SHA256_LEN]);
/* The digest of data as 64 lower-case hex digits and a NUL. */
void tw_sha256_hex(const void *data, size_t len, char out[2 * TW_SHA256_LEN + 1]);

#endif
