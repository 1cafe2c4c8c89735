#include "config.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "trunkwiz/fetch.h"
#include "trunkwiz/net.h"
#include "base/base.h"
#include "fetch/fetch.h"

void tw_fetch_opts_init(struct tw_fetch_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->connect_timeout_ms = TW_FETCH_CONNECT_TIMEOUT_MS;
	o->timeout_ms = TW_FETCH_TIMEOUT_MS;
	o->max_size = TW_FETCH_MAX_SIZE;
	o->max_redirects = TW_FETCH_MAX_REDIRECTS;
}

static void global_init(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		tw_fatal("cannot initialise libcurl");
	atexit(curl_global_cleanup);
}

const char *tw_fetch_status_name(enum tw_fetch_status s)
{
	static const char *const names[] = {
		[TW_FETCH_OK] = "ok",
		[TW_FETCH_EURL] = "URL refused",
		[TW_FETCH_EHOST] = "host not found",
		[TW_FETCH_ECONNECT] = "connection failed",
		[TW_FETCH_ETIMEOUT] = "timeout",
		[TW_FETCH_ETLS] = "TLS failure",
		[TW_FETCH_EHTTP] = "HTTP error",
		[TW_FETCH_EREDIRECT] = "redirect refused",
		[TW_FETCH_ETOOBIG] = "too big",
		[TW_FETCH_EFILE] = "file not readable",
		[TW_FETCH_ECANCELLED] = "cancelled",
		[TW_FETCH_ECONTENT] = "malformed content",
		[TW_FETCH_EOTHER] = "download failed",
	};

	if ((size_t)s < TW_ARRAY_LEN(names) && names[s])
		return names[s];
	return "download failed";
}

enum tw_fetch_status tw_fetch_status_from_curl(int curl_code, bool too_big)
{
	switch ((CURLcode)curl_code) {
	case CURLE_OK:
		return TW_FETCH_OK;
	case CURLE_UNSUPPORTED_PROTOCOL:
		/* The URL itself was checked before: a redirect went elsewhere. */
		return TW_FETCH_EREDIRECT;
	case CURLE_URL_MALFORMAT:
		return TW_FETCH_EURL;
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_RESOLVE_HOST:
		return TW_FETCH_EHOST;
	case CURLE_COULDNT_CONNECT:
	case CURLE_GOT_NOTHING:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_PARTIAL_FILE:
		return TW_FETCH_ECONNECT;
	case CURLE_OPERATION_TIMEDOUT:
		return TW_FETCH_ETIMEOUT;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_SSL_SHUTDOWN_FAILED:
	case CURLE_USE_SSL_FAILED:
		return TW_FETCH_ETLS;
	case CURLE_HTTP_RETURNED_ERROR:
		return TW_FETCH_EHTTP;
	case CURLE_TOO_MANY_REDIRECTS:
		return TW_FETCH_EREDIRECT;
	case CURLE_FILESIZE_EXCEEDED:
		return TW_FETCH_ETOOBIG;
	case CURLE_WRITE_ERROR:
		return too_big ? TW_FETCH_ETOOBIG : TW_FETCH_EOTHER;
	case CURLE_FILE_COULDNT_READ_FILE:
	case CURLE_READ_ERROR:
		return TW_FETCH_EFILE;
	case CURLE_ABORTED_BY_CALLBACK:
		return TW_FETCH_ECANCELLED;
	case CURLE_BAD_CONTENT_ENCODING:
		return TW_FETCH_ECONTENT;
	default:
		return TW_FETCH_EOTHER;
	}
}

/* The scheme of url, lower case (malloc'd), or NULL when url is not an
 * absolute URL. */
static char *url_scheme(const char *url)
{
	CURLU *u;
	char *scheme = NULL, *out = NULL;

	u = curl_url();
	if (!u)
		tw_fatal("out of memory");
	if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK) {
		char *p;

		out = tw_xstrdup(scheme);
		for (p = out; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
	}
	curl_free(scheme);
	curl_url_cleanup(u);
	return out;
}

char *tw_fetch_url_display(const char *url)
{
	const char *auth, *end, *at = NULL, *p;
	struct tw_buf b;

	if (!url)
		return tw_xstrdup("");
	auth = strstr(url, "://");
	if (!auth)
		return tw_clean_text(url, SIZE_MAX);
	auth += 3;
	end = auth + strcspn(auth, "/?#");
	for (p = auth; p < end; p++)
		if (*p == '@')
			at = p;
	if (!at)
		return tw_clean_text(url, SIZE_MAX);
	tw_buf_init(&b);
	tw_buf_add_clean(&b, url, (size_t)(auth - url), SIZE_MAX);
	tw_buf_add_clean(&b, at + 1, strlen(at + 1), SIZE_MAX);
	return tw_buf_steal(&b);
}

/* A URL is ASCII without spaces or control characters (RFC 3986: others
 * are percent-encoded). */
static bool url_chars_ok(const char *url)
{
	for (; *url; url++)
		if ((unsigned char)*url <= 0x20 || (unsigned char)*url >= 0x7f)
			return false;
	return true;
}

bool tw_fetch_url_ok(const char *url, const struct tw_fetch_opts *o, char **cause)
{
	char *scheme;
	const char *why = NULL;

	if (!url || !*url)
		return tw_fail(cause, "no URL given");
	if (!url_chars_ok(url))
		return tw_fail(cause, "the URL contains spaces, control characters or non-ASCII "
		               "bytes (percent-encode them)");
	global_init();
	scheme = url_scheme(url);
	if (!scheme)
		why = "not an absolute URL (write https://HOST/PATH, or file:///PATH for a local copy)";
	else if (strcmp(scheme, "http") == 0 && !o->insecure_http)
		why = "plain HTTP is refused: anyone on the way could change what is downloaded "
		      "(use https://, or allow plain HTTP explicitly)";
	else if (strcmp(scheme, "https") != 0 && strcmp(scheme, "http") != 0 &&
	         strcmp(scheme, "file") != 0)
		why = "only https:// (http:// when allowed) and file:// URLs are fetched";
	free(scheme);
	return why ? tw_fail(cause, "%s", why) : true;
}

struct sink {
	struct tw_buf *buf;
	size_t max;
	bool too_big;
	const struct tw_fetch_opts *o;
};

static size_t on_data(char *p, size_t size, size_t nmemb, void *ud)
{
	struct sink *s = ud;
	size_t n = size * nmemb;

	if (n > s->max || s->buf->len > s->max - n) {
		s->too_big = true;
		return 0; /* anything but n stops the transfer */
	}
	tw_buf_add(s->buf, p, n);
	return n;
}

static int on_progress(void *ud, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
	struct sink *s = ud;

	(void)ultotal;
	(void)ulnow;
	return s->o->progress(s->o->progress_ctx, dlnow > 0 ? (uint64_t)dlnow : 0,
	                      dltotal > 0 ? (uint64_t)dltotal : 0);
}

/* curl's detail text, cleaned: it can quote what a server sent. */
static char *clean(const char *s, size_t max)
{
	struct tw_buf b;
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	tw_buf_init(&b);
	tw_buf_add_clean(&b, s, n, max);
	return tw_buf_steal(&b);
}

static void report(struct tw_diags *d, const char *url, enum tw_fetch_status st, int code,
                   const char *errbuf, long http, const struct tw_fetch_opts *o)
{
	char *detail = clean(errbuf[0] ? errbuf : curl_easy_strerror((CURLcode)code), SIZE_MAX);

	switch (st) {
	case TW_FETCH_EHOST:
		tw_diag_at(d, TW_ERROR, url, 0,
		           "check the host name and this machine's DNS (/etc/resolv.conf); a proxy named in http_proxy/https_proxy must resolve too",
		           "host not found (%s)", detail);
		break;
	case TW_FETCH_ECONNECT:
		tw_diag_at(d, TW_ERROR, url, 0,
		           "check that the server is up and that outgoing connections are allowed (firewall, proxy)",
		           "connection failed (%s)", detail);
		break;
	case TW_FETCH_ETIMEOUT:
		tw_diag_at(d, TW_ERROR, url, 0,
		           "the server is slow or unreachable: try again, or raise --connect-timeout/--timeout",
		           "timed out (%s; limits: %ld ms to connect, %ld ms in all)", detail,
		           o->connect_timeout_ms, o->timeout_ms);
		break;
	case TW_FETCH_ETLS:
		tw_diag_at(d, TW_ERROR, url, 0,
		           code == CURLE_SSL_CACERT_BADFILE
		                   ? "give a readable PEM file of CA certificates with --cacert"
		                   : "the server's certificate is not trusted: for a private CA give its certificate with --cacert FILE (verification is never turned off)",
		           "TLS failure (%s)", detail);
		break;
	case TW_FETCH_EHTTP:
		tw_diag_at(d, TW_ERROR, url, 0,
		           http == 404 || http == 410 ? "check the URL"
		           : http == 401 || http == 403 ? "the server refuses access to this URL"
		           : http >= 500 ? "a server error: try again later"
		                         : NULL,
		           "the server answered HTTP %ld", http);
		break;
	case TW_FETCH_EREDIRECT:
		if (code == CURLE_TOO_MANY_REDIRECTS)
			tw_diag_at(d, TW_ERROR, url, 0, "the server redirects in a loop; check the URL",
			           "too many redirects (more than %ld)", o->max_redirects);
		else
			tw_diag_at(d, TW_ERROR, url, 0,
			           "only redirects to https:// (http:// when plain HTTP is allowed) are followed",
			           "redirected to a URL that is not allowed (%s)", detail);
		break;
	case TW_FETCH_ETOOBIG:
		tw_diag_at(d, TW_ERROR, url, 0, "raise --max-size if the file really is that large",
		           "larger than the limit of %zu bytes", o->max_size);
		break;
	case TW_FETCH_EFILE:
		tw_diag_at(d, TW_ERROR, url, 0, "check the path and its permissions",
		           "cannot read the file (%s)", detail);
		break;
	case TW_FETCH_ECANCELLED:
		tw_diag_at(d, TW_ERROR, url, 0, NULL, "download cancelled");
		break;
	case TW_FETCH_ECONTENT:
		tw_diag_at(d, TW_ERROR, url, 0, NULL, "malformed content (%s)", detail);
		break;
	default:
		tw_diag_at(d, TW_ERROR, url, 0, NULL, "download failed (%s)", detail);
		break;
	}
	free(detail);
}

/* Returns -1 when the libcurl loaded at run time refuses one of the
 * settings fetch.h promises (HTTPS only, verified, bounded): an older
 * libcurl.so.4 than configure saw lacks the *_PROTOCOLS_STR options. */
static int set_options(CURL *h, const char *url, const struct tw_fetch_opts *o,
                       struct sink *s, char *errbuf)
{
	curl_off_t max = s->max > (size_t)INT64_MAX ? INT64_MAX : (curl_off_t)s->max;

	if (curl_easy_setopt(h, CURLOPT_URL, url) != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR,
	                     o->insecure_http ? "https,http,file" : "https,file") != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR,
	                     o->insecure_http ? "https,http" : "https") != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L) != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L) != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, max) != CURLE_OK)
		return -1;
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(h, CURLOPT_MAXREDIRS, o->max_redirects);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, o->timeout_ms);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, s);
	curl_easy_setopt(h, CURLOPT_FAILONERROR, 1L);
	if (o->cacert)
		curl_easy_setopt(h, CURLOPT_CAINFO, o->cacert);
	curl_easy_setopt(h, CURLOPT_USERAGENT, PACKAGE_NAME "/" PACKAGE_VERSION);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	if (o->ipv4_only)
		curl_easy_setopt(h, CURLOPT_IPRESOLVE, CURL_IPRESOLVE_V4);
	if (o->progress) {
		curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
		curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
		curl_easy_setopt(h, CURLOPT_XFERINFODATA, s);
	}
	return 0;
}

enum tw_fetch_status tw_fetch(const char *url, const struct tw_fetch_opts *o,
                              struct tw_buf *out, long *http_code, struct tw_diags *d)
{
	char errbuf[CURL_ERROR_SIZE];
	struct sink s = { .buf = out, .max = o->max_size, .o = o };
	char *why = NULL;
	enum tw_fetch_status st;
	long http = 0;
	CURLcode rc;
	CURL *h;

	tw_buf_free(out);
	if (http_code)
		*http_code = 0;
	global_init();
	if (!tw_fetch_url_ok(url, o, &why)) {
		char *shown = tw_fetch_url_display(url);

		tw_diag_at(d, TW_ERROR, shown, 0, NULL, "URL refused: %s", why);
		free(shown);
		free(why);
		return TW_FETCH_EURL;
	}
	h = curl_easy_init();
	if (!h)
		tw_fatal("cannot initialise libcurl");
	errbuf[0] = '\0';
	if (set_options(h, url, o, &s, errbuf) < 0) {
		tw_diag_at(d, TW_ERROR, NULL, 0, "install libcurl 7.85 or later (Debian 12: libcurl4)",
		           "the libcurl on this machine cannot restrict downloads to HTTPS: "
		           "nothing downloaded");
		curl_easy_cleanup(h);
		return TW_FETCH_EOTHER;
	}
	rc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &http);
	st = tw_fetch_status_from_curl((int)rc, s.too_big);
	/* A final answer that is not 2xx (a 3xx without Location, a 1xx...)
	 * is no more a success than a 404. file:// has no status. */
	if (st == TW_FETCH_OK && http != 0 && (http < 200 || http > 299))
		st = TW_FETCH_EHTTP;
	if (st != TW_FETCH_OK) {
		char *shown = tw_fetch_url_display(url);

		report(d, shown, st, (int)rc, errbuf, http, o);
		free(shown);
		tw_buf_free(out);
	} else if (!out->data) {
		tw_buf_adds(out, ""); /* an empty body is still a string */
	}
	if (http_code)
		*http_code = http;
	curl_easy_cleanup(h);
	return st;
}

enum tw_fetch_status tw_fetch_public_ipv4(const char *url, const struct tw_fetch_opts *o,
                                          char **ip, struct tw_diags *d)
{
	struct tw_fetch_opts o4 = *o;
	struct tw_buf b;
	enum tw_fetch_status st;
	char *answer;
	bool binary;
	size_t n;

	*ip = NULL;
	if (!url || !*url)
		url = getenv("TRUNKWIZ_PUBLIC_IP_URL");
	if (!url || !*url)
		url = TW_PUBLIC_IP_URL;
	o4.ipv4_only = true;
	tw_buf_init(&b);
	st = tw_fetch(url, &o4, &b, NULL, d);
	if (st != TW_FETCH_OK)
		return st;
	binary = memchr(b.data, '\0', b.len) != NULL;
	answer = b.data;
	while (*answer == ' ' || *answer == '\t' || *answer == '\r' || *answer == '\n')
		answer++;
	n = strlen(answer);
	while (n && strchr(" \t\r\n", answer[n - 1]))
		answer[--n] = '\0';
	if (binary || !tw_is_ipv4(answer)) {
		char *shown = clean(answer, 37), *where = tw_fetch_url_display(url);

		tw_diag_at(d, TW_ERROR, where, 0,
		           "the URL must answer with this machine's public IPv4 address and nothing else",
		           "the answer is not one IPv4 address: '%s'", shown);
		free(where);
		free(shown);
		tw_buf_free(&b);
		return TW_FETCH_ECONTENT;
	}
	*ip = tw_xstrdup(answer);
	tw_buf_free(&b);
	return TW_FETCH_OK;
}
