#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sys/random.h>

#include "doctor/digest.h"
#include "base/base.h"
#include <openssl/evp.h>

static const struct {
	const char *name;
	enum tw_digest_alg alg;
	unsigned strength;
} algs[] = {
	{ "MD5", TW_DIGEST_MD5, 1 },
	{ "SHA-256", TW_DIGEST_SHA256, 2 },
	{ "SHA-512-256", TW_DIGEST_SHA512_256, 3 },
};

const char *tw_digest_alg_name(enum tw_digest_alg alg)
{
	size_t i;

	for (i = 0; i < TW_ARRAY_LEN(algs); i++)
		if (algs[i].alg == alg)
			return algs[i].name;
	return "unsupported";
}

static void set_alg(struct tw_digest_challenge *c, const char *v)
{
	size_t i, n = strlen(v);

	c->alg = TW_DIGEST_UNSUPPORTED;
	c->sess = n > 5 && strcasecmp(v + n - 5, "-sess") == 0;
	if (c->sess)
		n -= 5;
	for (i = 0; i < TW_ARRAY_LEN(algs); i++)
		if (strlen(algs[i].name) == n && strncasecmp(v, algs[i].name, n) == 0)
			c->alg = algs[i].alg;
}

static void set_qop(struct tw_digest_challenge *c, const char *v)
{
	char **items;
	size_t n, i;

	c->qop_given = true;
	n = tw_split_list(v, ',', &items);
	for (i = 0; i < n; i++) {
		if (strcasecmp(items[i], "auth") == 0)
			c->qop_auth = true;
		else if (strcasecmp(items[i], "auth-int") == 0)
			c->qop_auth_int = true;
	}
	tw_strv_free(&items, n);
}

/* Read one name=value pair at *p; value unquoted. Returns 1 for a pair, 0 at
 * the end, -1 on a syntax error. */
static int next_param(const char **pp, char **name, char **value)
{
	const char *p = *pp, *s;
	struct tw_buf b;

	while (*p == ' ' || *p == '\t' || *p == ',' || *p == '\r' || *p == '\n')
		p++;
	if (!*p)
		return 0;
	s = p;
	while (*p && *p != '=' && *p != ' ' && *p != '\t' && *p != ',')
		p++;
	if (p == s)
		return -1;
	*name = tw_xstrndup(s, (size_t)(p - s));
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '=') {
		free(*name);
		return -1;
	}
	p++;
	while (*p == ' ' || *p == '\t')
		p++;
	tw_buf_init(&b);
	if (*p == '"') {
		for (p++; *p && *p != '"'; p++) {
			if (*p == '\\' && p[1])
				p++;
			tw_buf_addc(&b, *p);
		}
		if (*p != '"') {
			tw_buf_free(&b);
			free(*name);
			return -1;
		}
		p++;
	} else {
		s = p;
		while (*p && *p != ',' && *p != ' ' && *p != '\t')
			p++;
		tw_buf_add(&b, s, (size_t)(p - s));
	}
	*value = tw_buf_steal(&b);
	*pp = p;
	return 1;
}

int tw_digest_parse(const char *value, struct tw_digest_challenge *c, char **cause)
{
	const char *p = value;
	char *name, *v;
	int rc;

	memset(c, 0, sizeof(*c));
	c->alg = TW_DIGEST_MD5;
	while (*p == ' ' || *p == '\t')
		p++;
	if (strncasecmp(p, "Digest", 6) != 0 || (p[6] != ' ' && p[6] != '\t')) {
		tw_fail(cause, "not a Digest challenge");
		return -1;
	}
	p += 6;
	while ((rc = next_param(&p, &name, &v)) > 0) {
		char **slot = NULL;

		if (strcasecmp(name, "realm") == 0)
			slot = &c->realm;
		else if (strcasecmp(name, "nonce") == 0)
			slot = &c->nonce;
		else if (strcasecmp(name, "opaque") == 0)
			slot = &c->opaque;
		else if (strcasecmp(name, "algorithm") == 0)
			slot = &c->algorithm;
		else if (strcasecmp(name, "qop") == 0)
			set_qop(c, v);
		else if (strcasecmp(name, "userhash") == 0)
			c->userhash = strcasecmp(v, "true") == 0;
		else if (strcasecmp(name, "stale") == 0)
			c->stale = strcasecmp(v, "true") == 0;
		if (slot) {
			free(*slot);
			*slot = v;
		} else {
			free(v);
		}
		free(name);
	}
	if (rc < 0) {
		tw_fail(cause, "malformed challenge parameters");
		goto fail;
	}
	if (!c->realm || !c->nonce) {
		tw_fail(cause, "challenge without realm or nonce");
		goto fail;
	}
	if (c->algorithm)
		set_alg(c, c->algorithm);
	return 0;
fail:
	tw_digest_clear(c);
	return -1;
}

void tw_digest_clear(struct tw_digest_challenge *c)
{
	free(c->realm);
	free(c->nonce);
	free(c->opaque);
	free(c->algorithm);
	memset(c, 0, sizeof(*c));
}

static unsigned strength(enum tw_digest_alg alg)
{
	size_t i;

	for (i = 0; i < TW_ARRAY_LEN(algs); i++)
		if (algs[i].alg == alg)
			return algs[i].strength;
	return 0;
}

int tw_digest_pick(const struct tw_digest_challenge *v, size_t n)
{
	int best = -1;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned s = strength(v[i].alg);

		if (s == 0)
			continue;
		if (best < 0 || s > strength(v[best].alg))
			best = (int)i;
	}
	return best;
}

static const EVP_MD *md_of(enum tw_digest_alg alg)
{
	switch (alg) {
	case TW_DIGEST_MD5:
		return EVP_md5();
	case TW_DIGEST_SHA256:
		return EVP_sha256();
	case TW_DIGEST_SHA512_256:
		return EVP_sha512_256();
	default:
		return NULL;
	}
}

int tw_digest_hex(enum tw_digest_alg alg, const void *data, size_t len, char *out)
{
	const EVP_MD *md = md_of(alg);
	unsigned char h[EVP_MAX_MD_SIZE];
	unsigned hl = 0, i;

	out[0] = '\0';
	if (!md || EVP_Digest(data, len, h, &hl, md, NULL) != 1 || hl > 32)
		return -1;
	for (i = 0; i < hl; i++)
		snprintf(out + 2 * i, 3, "%02x", h[i]);
	tw_wipe(h, sizeof(h));
	return 0;
}

/* hex(H(a ":" b ":" c ...)) of a NULL-terminated list of parts. The joined
 * input may hold the password: wiped. */
static int hash_join(enum tw_digest_alg alg, char *out, const char *first, ...)
{
	struct tw_buf b;
	const char *s;
	va_list ap;
	int rc;

	tw_buf_init(&b);
	tw_buf_adds(&b, first);
	va_start(ap, first);
	while ((s = va_arg(ap, const char *)) != NULL) {
		tw_buf_addc(&b, ':');
		tw_buf_adds(&b, s);
	}
	va_end(ap);
	rc = tw_digest_hex(alg, b.data, b.len, out);
	tw_buf_wipe(&b);
	return rc;
}

int tw_digest_response(const struct tw_digest_challenge *c, const char *username,
                       const char *password, const char *method, const char *uri,
                       const char *qop, const char *nc, const char *cnonce,
                       const char *body, char *out)
{
	char ha1[65], ha2[65], hbody[65];
	int rc = -1;

	if (hash_join(c->alg, ha1, username, c->realm, password, NULL) < 0)
		goto out;
	if (c->sess && hash_join(c->alg, ha1, ha1, c->nonce, cnonce ? cnonce : "", NULL) < 0)
		goto out;
	if (qop && strcmp(qop, "auth-int") == 0) {
		if (tw_digest_hex(c->alg, body ? body : "", body ? strlen(body) : 0, hbody) < 0 ||
		    hash_join(c->alg, ha2, method, uri, hbody, NULL) < 0)
			goto out;
	} else if (hash_join(c->alg, ha2, method, uri, NULL) < 0) {
		goto out;
	}
	if (qop)
		rc = hash_join(c->alg, out, ha1, c->nonce, nc, cnonce, qop, ha2, NULL);
	else
		rc = hash_join(c->alg, out, ha1, c->nonce, ha2, NULL);
out:
	tw_wipe(ha1, sizeof(ha1));
	return rc;
}

void tw_random_hex(char *out, size_t nbytes)
{
	unsigned char r[64];
	size_t i;

	if (nbytes > sizeof(r))
		nbytes = sizeof(r);
	if (getrandom(r, nbytes, 0) != (ssize_t)nbytes)
		tw_fatal("the kernel could not give random bytes");
	for (i = 0; i < nbytes; i++)
		snprintf(out + 2 * i, 3, "%02x", r[i]);
	out[2 * nbytes] = '\0';
}

/* Append name="value" with '"' and '\' escaped. */
static void add_quoted(struct tw_buf *b, const char *name, const char *v)
{
	tw_buf_printf(b, "%s%s=\"", b->len > 7 ? ", " : "", name);
	for (; *v; v++) {
		if (*v == '"' || *v == '\\')
			tw_buf_addc(b, '\\');
		tw_buf_addc(b, *v);
	}
	tw_buf_addc(b, '"');
}

char *tw_digest_authorization(const struct tw_digest_challenge *c,
                              const char *username, const char *password,
                              const char *method, const char *uri,
                              unsigned nc, const char *cnonce, char **cause)
{
	char resp[65], userh[65], ncs[9], cn[33];
	const char *qop = NULL, *user = username;
	struct tw_buf b;

	if (c->alg == TW_DIGEST_UNSUPPORTED) {
		tw_fail(cause, "the server asks for a digest algorithm trunkwiz does not know");
		return NULL;
	}
	if (c->qop_given) {
		if (c->qop_auth)
			qop = "auth";
		else if (c->qop_auth_int)
			qop = "auth-int";
		else {
			tw_fail(cause, "the server offers no qop trunkwiz knows (auth, auth-int)");
			return NULL;
		}
	}
	if (!cnonce) {
		tw_random_hex(cn, 16);
		cnonce = cn;
	}
	snprintf(ncs, sizeof(ncs), "%08x", nc);
	if (tw_digest_response(c, username, password, method, uri, qop, ncs,
	                       cnonce, NULL, resp) < 0) {
		tw_fail(cause, "libcrypto refused the digest algorithm (FIPS mode?)");
		return NULL;
	}
	if (c->userhash) {
		if (hash_join(c->alg, userh, username, c->realm, NULL) < 0) {
			tw_fail(cause, "libcrypto refused the digest algorithm (FIPS mode?)");
			return NULL;
		}
		user = userh;
	}
	tw_buf_init(&b);
	tw_buf_adds(&b, "Digest ");
	add_quoted(&b, "username", user);
	add_quoted(&b, "realm", c->realm);
	add_quoted(&b, "nonce", c->nonce);
	add_quoted(&b, "uri", uri);
	add_quoted(&b, "response", resp);
	tw_buf_printf(&b, ", algorithm=%s%s", tw_digest_alg_name(c->alg), c->sess ? "-sess" : "");
	if (c->opaque)
		add_quoted(&b, "opaque", c->opaque);
	if (qop) {
		add_quoted(&b, "cnonce", cnonce);
		tw_buf_printf(&b, ", qop=%s, nc=%s", qop, ncs);
	}
	if (c->userhash)
		tw_buf_adds(&b, ", userhash=true");
	return tw_buf_steal(&b);
}
