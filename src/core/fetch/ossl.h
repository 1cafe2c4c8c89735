/* ossl.h - OpenSSL's libssl and libcrypto, loaded on first use (dynlib.h
 * says why). Include it after nothing else from OpenSSL: it includes the
 * headers, then routes the functions trunkwiz calls (under their usual
 * names, macros such as SSL_set_tlsext_host_name included) through a table
 * filled by tw_ossl_missing(). */
#ifndef TRUNKWIZ_OSSL_H
#define TRUNKWIZ_OSSL_H

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

struct tw_ossl {
	/* libcrypto */
	int (*EVP_Digest)(const void *, size_t, unsigned char *, unsigned int *, const EVP_MD *,
	                  ENGINE *);
	const EVP_MD *(*EVP_md5)(void);
	const EVP_MD *(*EVP_sha256)(void);
	const EVP_MD *(*EVP_sha512_256)(void);
	unsigned long (*ERR_get_error)(void);
	void (*ERR_error_string_n)(unsigned long, char *, size_t);
	void (*ERR_clear_error)(void);
	int (*X509_VERIFY_PARAM_set1_ip_asc)(X509_VERIFY_PARAM *, const char *);
	const char *(*X509_verify_cert_error_string)(long);
	/* libssl */
	const SSL_METHOD *(*TLS_client_method)(void);
	SSL_CTX *(*SSL_CTX_new)(const SSL_METHOD *);
	void (*SSL_CTX_free)(SSL_CTX *);
	long (*SSL_CTX_ctrl)(SSL_CTX *, int, long, void *);
	int (*SSL_CTX_set_default_verify_paths)(SSL_CTX *);
	SSL *(*SSL_new)(SSL_CTX *);
	void (*SSL_free)(SSL *);
	long (*SSL_ctrl)(SSL *, int, long, void *);
	void (*SSL_set_verify)(SSL *, int, SSL_verify_cb);
	int (*SSL_set1_host)(SSL *, const char *);
	X509_VERIFY_PARAM *(*SSL_get0_param)(SSL *);
	int (*SSL_set_fd)(SSL *, int);
	int (*SSL_connect)(SSL *);
	int (*SSL_get_error)(const SSL *, int);
	long (*SSL_get_verify_result)(const SSL *);
	int (*SSL_shutdown)(SSL *);
	const char *(*SSL_get_version)(const SSL *);
	int (*SSL_write)(SSL *, const void *, int);
	int (*SSL_read)(SSL *, void *, int);
	int (*SSL_pending)(const SSL *);
};

extern struct tw_ossl tw_ossl;

/* Load libcrypto and libssl once: NULL when they are there, else why not
 * (a static string). */
const char *tw_ossl_missing(void);

#ifndef TW_OSSL_NO_MACROS /* ossl.c fills the table by name */
#define EVP_Digest (tw_ossl.EVP_Digest)
#define EVP_md5 (tw_ossl.EVP_md5)
#define EVP_sha256 (tw_ossl.EVP_sha256)
#define EVP_sha512_256 (tw_ossl.EVP_sha512_256)
#define ERR_get_error (tw_ossl.ERR_get_error)
#define ERR_error_string_n (tw_ossl.ERR_error_string_n)
#define ERR_clear_error (tw_ossl.ERR_clear_error)
#define X509_VERIFY_PARAM_set1_ip_asc (tw_ossl.X509_VERIFY_PARAM_set1_ip_asc)
#define X509_verify_cert_error_string (tw_ossl.X509_verify_cert_error_string)
#define TLS_client_method (tw_ossl.TLS_client_method)
#define SSL_CTX_new (tw_ossl.SSL_CTX_new)
#define SSL_CTX_free (tw_ossl.SSL_CTX_free)
#define SSL_CTX_ctrl (tw_ossl.SSL_CTX_ctrl)
#define SSL_CTX_set_default_verify_paths (tw_ossl.SSL_CTX_set_default_verify_paths)
#define SSL_new (tw_ossl.SSL_new)
#define SSL_free (tw_ossl.SSL_free)
#define SSL_ctrl (tw_ossl.SSL_ctrl)
#define SSL_set_verify (tw_ossl.SSL_set_verify)
#define SSL_set1_host (tw_ossl.SSL_set1_host)
#define SSL_get0_param (tw_ossl.SSL_get0_param)
#define SSL_set_fd (tw_ossl.SSL_set_fd)
#define SSL_connect (tw_ossl.SSL_connect)
#define SSL_get_error (tw_ossl.SSL_get_error)
#define SSL_get_verify_result (tw_ossl.SSL_get_verify_result)
#define SSL_shutdown (tw_ossl.SSL_shutdown)
#define SSL_get_version (tw_ossl.SSL_get_version)
#define SSL_write (tw_ossl.SSL_write)
#define SSL_read (tw_ossl.SSL_read)
#define SSL_pending (tw_ossl.SSL_pending)
#endif

#endif
