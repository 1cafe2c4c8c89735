/* ossl.c - loading libcrypto and libssl on first use (ossl.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "fetch/dynlib.h"
#define TW_OSSL_NO_MACROS 1
#include "fetch/ossl.h"

struct tw_ossl tw_ossl;

#define SYM(f) { #f, (void **)&tw_ossl.f }

const char *tw_ossl_missing(void)
{
	static int state; /* 0 not tried, 1 loaded, -1 failed */
	static char why[256];
	static const struct tw_dynsym crypto[] = {
		SYM(EVP_Digest), SYM(EVP_md5), SYM(EVP_sha256), SYM(EVP_sha512_256),
		SYM(ERR_get_error), SYM(ERR_error_string_n), SYM(ERR_clear_error),
		SYM(X509_VERIFY_PARAM_set1_ip_asc), SYM(X509_verify_cert_error_string),
	};
	static const struct tw_dynsym ssl[] = {
		SYM(TLS_client_method), SYM(SSL_CTX_new), SYM(SSL_CTX_free), SYM(SSL_CTX_ctrl),
		SYM(SSL_CTX_set_default_verify_paths), SYM(SSL_new), SYM(SSL_free), SYM(SSL_ctrl),
		SYM(SSL_set_verify), SYM(SSL_set1_host), SYM(SSL_get0_param), SYM(SSL_set_fd),
		SYM(SSL_connect), SYM(SSL_get_error), SYM(SSL_get_verify_result), SYM(SSL_shutdown),
		SYM(SSL_get_version), SYM(SSL_write), SYM(SSL_read), SYM(SSL_pending),
	};
	static const char *const crypto_names[] = { TW_LIBCRYPTO_SONAME, "libcrypto.so", NULL };
	static const char *const ssl_names[] = { TW_LIBSSL_SONAME, "libssl.so", NULL };
	char *err = NULL;

	if (state == 0) {
		state = tw_dynlib_load(crypto_names, crypto, TW_ARRAY_LEN(crypto), &err) == 0 &&
		        tw_dynlib_load(ssl_names, ssl, TW_ARRAY_LEN(ssl), &err) == 0 ? 1 : -1;
		if (err)
			snprintf(why, sizeof(why), "%s", err);
		free(err);
	}
	return state > 0 ? NULL : why;
}
