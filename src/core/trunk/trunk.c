#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "trunkwiz/conf.h"
#include "trunkwiz/trunk.h"
#include "base/base.h"
#include "conf/conf.h"
#include "trunk/trunk.h"

/* The answer keys. provider_owned: replaced by the new profile's value when
 * the admin switches provider; the rest belongs to the admin and carries
 * over. */
static const struct tw_trunk_key keys[] = {
	{ "name", "trunk name; sections are <name>-auth, <name>-endpoint, ...", false, false },
	{ "provider", "provider profile id (see 'trunkwiz providers list')", false, false },
	{ "auth", "register, outbound or ip", false, true },
	{ "username", "SIP username (account) at the provider", false, false },
	{ "password", "SIP password; use password_file=PATH, password=- or TRUNKWIZ_PASSWORD", true, false },
	{ "auth_username", "authentication username when it differs from username", false, false },
	{ "server", "provider's SIP server host name or address", false, true },
	{ "region", "provider region (see 'trunkwiz providers show ID'): picks server and identify", false, true },
	{ "port", "provider's SIP port (default 5060, 5061 for tls)", false, true },
	{ "transport", "udp, tcp or tls", false, true },
	{ "from_domain", "domain in the From header", false, true },
	{ "from_user", "user part of the From header (some providers want the account)", false, true },
	{ "contact_user", "user part of the Contact header", false, true },
	{ "codecs", "codecs in preference order, e.g. ulaw,alaw", false, true },
	{ "identify", "provider's signalling addresses (IP, CIDR or host), comma list", false, true },
	{ "dial_preset", "country dial preset: nanp, uk, de, au, e164", false, false },
	{ "number_format", "number format the provider expects: e164, e164_noplus, national, idd", false, true },
	{ "callerid", "outbound caller ID, e.g. \"Office\" <+12125551234>", false, false },
	{ "emergency", "add emergency numbers to the outbound context: yes or no", false, false },
	{ "context", "context of the endpoint for inbound calls (generated)", false, false },
	{ "inbound_context", "where inbound calls go: context", false, false },
	{ "inbound_exten", "where inbound calls go: extension", false, false },
	{ "did_routes", "inbound numbers to destinations: DID:EXTEN@CONTEXT, comma list (DID digits or _pattern)", false, false },
	{ "outbound_context", "context holding the outbound dial rules", false, false },
	{ "qualify_frequency", "seconds between OPTIONS pings (0 = off)", false, true },
	{ "qualify_timeout", "seconds to wait for an OPTIONS answer", false, true },
	{ "dtmf_mode", "rfc4733, inband, info, auto, auto_info, none", false, true },
	{ "media_encryption", "no or sdes (SRTP)", false, true },
	{ "expiration", "registration expiry in seconds", false, true },
	{ "retry_interval", "seconds between registration retries", false, true },
	{ "outbound_proxy", "outbound proxy SIP URI", false, true },
	{ "transport_name", "name of the pjsip transport to use (empty: Asterisk picks)", false, false },
	{ "create_transport", "apply: create a transport when pjsip.conf has none for the trunk (yes/no; transport=create says yes)", false, false },
	{ "public_ip", "behind NAT: this machine's public address, written to the trunk's transport", false, false },
	{ "local_net", "behind NAT: private networks for the transport's local_net (default: detected)", false, false },
	{ "transport_nat", "behind NAT with your own transport: edit (add the addresses to it) or own (a trunkwiz transport on its own port)", false, false },
	{ "nat", "PBX behind NAT: rtp_symmetric, force_rport, rewrite_contact on the endpoint (yes/no; default yes with public_ip)", false, false },
	{ "cert_file", "TLS: certificate file for a created TLS transport (PEM)", false, false },
	{ "priv_key_file", "TLS: private key file for a created TLS transport (PEM)", false, false },
	{ "asterisk_version", "target Asterisk version, e.g. 20 or 22.2", false, false },
};

/* Keys that are accepted but turned into other keys. */
static const char *const extra_keys[] = { "password_file" };

const struct tw_trunk_key *tw_trunk_keys(size_t *n)
{
	*n = TW_ARRAY_LEN(keys);
	return keys;
}

int tw_trunk_key_index(const char *name)
{
	size_t i;

	for (i = 0; i < TW_ARRAY_LEN(keys); i++)
		if (strcmp(keys[i].name, name) == 0)
			return (int)i;
	return -1;
}

struct tw_trunk *tw_trunk_new(void)
{
	struct tw_trunk *t = tw_xcalloc(1, sizeof(*t));

	t->values = tw_xcalloc(TW_ARRAY_LEN(keys), sizeof(*t->values));
	t->from_profile = tw_xcalloc(TW_ARRAY_LEN(keys), sizeof(*t->from_profile));
	return t;
}

void tw_trunk_free(struct tw_trunk **tp)
{
	struct tw_trunk *t;
	size_t i;

	if (!tp || !*tp)
		return;
	t = *tp;
	for (i = 0; i < TW_ARRAY_LEN(keys); i++) {
		if (keys[i].secret)
			tw_free_secret(&t->values[i]);
		else
			free(t->values[i]);
	}
	free(t->values);
	free(t->from_profile);
	free(t);
	*tp = NULL;
}

struct tw_trunk *tw_trunk_dup(const struct tw_trunk *t)
{
	struct tw_trunk *c = tw_trunk_new();
	size_t i;

	for (i = 0; i < TW_ARRAY_LEN(keys); i++) {
		c->values[i] = t->values[i] ? tw_xstrdup(t->values[i]) : NULL;
		c->from_profile[i] = t->from_profile[i];
	}
	return c;
}

/* While a password is in memory the process must not dump core (a core
 * file or a debugger attached by another user would show it). */
static void no_core_dumps(void)
{
	static bool done;
	struct rlimit rl = { 0, 0 };

	if (done)
		return;
	done = true;
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	(void)setrlimit(RLIMIT_CORE, &rl);
}

static void store(struct tw_trunk *t, int idx, char *value, bool from_profile)
{
	if (keys[idx].secret) {
		tw_free_secret(&t->values[idx]);
		if (value)
			no_core_dumps();
	} else {
		free(t->values[idx]);
	}
	t->values[idx] = value;
	t->from_profile[idx] = from_profile;
}

#define MAX_PASSWORD 4096 /* a longer first line is no password */

/* Read a password from a descriptor: the first line, without its newline;
 * never more than MAX_PASSWORD bytes (password_file=/dev/zero). */
static int read_secret(int fd, const char *what, char **out, const char *file, unsigned line,
                       struct tw_diags *d)
{
	char buf[MAX_PASSWORD + 2];
	size_t n = 0;
	ssize_t r;
	char *nl = NULL;

	while (n < sizeof(buf) - 1 && !nl) {
		r = read(fd, buf + n, sizeof(buf) - 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			tw_wipe(buf, sizeof(buf));
			tw_diags_add(d, TW_ERROR, file, line, "password", NULL,
			             "cannot read the password from %s: %s", what, strerror(errno));
			return -1;
		}
		if (r == 0)
			break;
		nl = memchr(buf + n, '\n', (size_t)r);
		n += (size_t)r;
	}
	if (nl)
		n = (size_t)(nl - buf);
	if (n > MAX_PASSWORD) {
		tw_wipe(buf, sizeof(buf));
		tw_diags_add(d, TW_ERROR, file, line, "password",
		             "give a file whose first line is the password",
		             "%s holds no password: its first line is longer than %d bytes", what,
		             MAX_PASSWORD);
		return -1;
	}
	if (n && buf[n - 1] == '\r')
		n--;
	*out = tw_xstrndup(buf, n);
	tw_wipe(buf, sizeof(buf));
	return 0;
}

/* A password file is read like any other input: a regular file (not a
 * FIFO that hangs, not a device), opened without blocking. */
static int open_password_file(const char *src, const char *file, unsigned line,
                              struct tw_diags *d)
{
	int fd = open(src, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	struct stat sb;

	if (fd < 0) {
		tw_diags_add(d, TW_ERROR, file, line, "password_file",
		             "give a readable file holding the password on its first line",
		             "cannot open password file %s: %s", src, strerror(errno));
		return -1;
	}
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		tw_diags_add(d, TW_ERROR, file, line, "password_file",
		             "give a regular file holding the password on its first line",
		             "password file %s is not a regular file", src);
		return -1;
	}
	return fd;
}

static int set_password_from(struct tw_trunk *t, const char *src, bool is_file,
                             const char *file, unsigned line, struct tw_diags *d)
{
	char *pw = NULL;
	int rc, fd;

	if (!is_file) {
		rc = read_secret(STDIN_FILENO, "standard input", &pw, file, line, d);
	} else {
		/* Only the admin at the command line (or the environment) names a
		 * file to read as root: an answers or state file could point
		 * anywhere (password_file=/etc/shadow). */
		if (file) {
			tw_diags_add(d, TW_ERROR, file, line, "password_file",
			             "give password_file=PATH on the command line, or the password in "
			             "TRUNKWIZ_PASSWORD",
			             "password_file is taken only from the command line, never from a "
			             "file (here: %s)", src);
			return -1;
		}
		no_core_dumps();
		fd = open_password_file(src, file, line, d);
		if (fd < 0)
			return -1;
		rc = read_secret(fd, src, &pw, file, line, d);
		close(fd);
	}
	if (rc < 0)
		return -1;
	if (tw_has_control(pw)) {
		tw_free_secret(&pw);
		tw_diags_add(d, TW_ERROR, file, line, "password", NULL,
		             "the password holds a control character");
		return -1;
	}
	store(t, tw_trunk_key_index("password"), pw, false);
	return 0;
}

int tw_trunk_set(struct tw_trunk *t, const char *key, const char *value,
                 const char *file, unsigned line, struct tw_diags *d)
{
	int idx;

	if (strcmp(key, "password_file") == 0)
		return set_password_from(t, value, true, file, line, d);
	idx = tw_trunk_key_index(key);
	if (idx < 0) {
		const char *names[TW_ARRAY_LEN(keys) + TW_ARRAY_LEN(extra_keys)];
		const char *best;
		size_t i, n = 0;
		char *hint = NULL;

		for (i = 0; i < TW_ARRAY_LEN(keys); i++)
			names[n++] = keys[i].name;
		for (i = 0; i < TW_ARRAY_LEN(extra_keys); i++)
			names[n++] = extra_keys[i];
		best = tw_suggest(key, names, n);
		hint = best ? tw_xasprintf("did you mean '%s'?", best)
		            : tw_xstrdup("'trunkwiz render --help' lists the keys");
		tw_diags_add(d, TW_ERROR, file, line, file ? NULL : key, hint,
		             "unknown answer key '%s'", key);
		free(hint);
		return -1;
	}
	if (keys[idx].secret && strcmp(value, "-") == 0)
		return set_password_from(t, NULL, false, file, line, d);
	/* "transport=create": create a transport (of the protocol the trunk
	 * uses) when the config has none. */
	if (strcmp(key, "transport") == 0 && strcasecmp(value, "create") == 0) {
		store(t, tw_trunk_key_index("create_transport"), tw_xstrdup("yes"), false);
		return 0;
	}
	if (tw_has_control(value)) {
		tw_diags_add(d, TW_ERROR, file, line, key,
		             "remove line breaks, tabs and other control characters",
		             "%s holds a control character", key);
		return -1;
	}
	/* An empty answer is no answer: the profile's default applies again. */
	store(t, idx, *value ? tw_xstrdup(value) : NULL, false);
	return 0;
}

int tw_trunk_set_word(struct tw_trunk *t, const char *word, struct tw_diags *d)
{
	const char *eq = strchr(word, '=');
	char *key;
	int rc;

	if (!eq || eq == word) {
		tw_diags_add(d, TW_ERROR, NULL, 0, NULL, "answers are written KEY=VALUE",
		             "not a KEY=VALUE answer: '%s'", word);
		return -1;
	}
	key = tw_xstrndup(word, (size_t)(eq - word));
	rc = tw_trunk_set(t, key, eq + 1, NULL, 0, d);
	free(key);
	return rc;
}

/* Free an answers file's model, its bytes and values wiped first: it held
 * the password. */
static void conf_free_wiped(struct tw_conf **cp)
{
	struct tw_conf *c = *cp;
	size_t i, j;

	for (i = 0; c && i < c->nfiles; i++)
		tw_wipe(c->files[i]->data, c->files[i]->len);
	for (i = 0; c && i < c->nsections; i++)
		for (j = 0; j < c->sections[i]->nopts; j++)
			tw_wipe(c->sections[i]->opts[j]->value, strlen(c->sections[i]->opts[j]->value));
	tw_conf_free(cp);
}

/* The answers of a loaded answers file. */
static int answers_from(struct tw_trunk *t, const struct tw_conf *c, const char *path,
                        struct tw_diags *d)
{
	size_t i, j;
	int rc = 0;

	for (i = 0; i < c->nsections; i++) {
		const struct tw_conf_section *s = c->sections[i];

		if (strcmp(s->name, "trunk") != 0) {
			tw_diag_at(d, TW_ERROR, s->file, s->line,
			           "an answers file holds one [trunk] section",
			           "unexpected section [%s]", s->name);
			rc = -1;
			continue;
		}
		for (j = 0; j < s->nopts; j++) {
			const struct tw_conf_option *o = s->opts[j];

			if (tw_trunk_set(t, o->name, o->value, o->file, o->line, d) < 0)
				rc = -1;
		}
	}
	if (c->nsections == 0) {
		tw_diag_at(d, TW_ERROR, path, 0, "start the file with a [trunk] line",
		           "no [trunk] section");
		rc = -1;
	}
	return rc;
}

/* The answers of an answers file just read into *c (read_rc and pd: what
 * the read returned and said); *c is freed, wiped. */
static int answers_read(struct tw_trunk *t, struct tw_conf **c, int read_rc,
                        struct tw_diags *pd, const char *path, struct tw_diags *d)
{
	bool ok = read_rc == 0 && !tw_diags_has_errors(pd);
	int rc = -1;

	tw_diags_move(d, pd);
	if (ok)
		rc = answers_from(t, *c, path, d);
	conf_free_wiped(c);
	return rc;
}

int tw_trunk_load_answers(struct tw_trunk *t, const char *path, struct tw_diags *d)
{
	struct tw_conf *c = tw_conf_new(NULL);
	struct tw_diags pd;
	int rc;

	tw_diags_init(&pd);
	rc = tw_conf_load(c, path, false, &pd);
	return answers_read(t, &c, rc, &pd, path, d);
}

int tw_trunk_parse_answers(struct tw_trunk *t, const char *path, const char *data, size_t len,
                           struct tw_diags *d)
{
	struct tw_conf *c = tw_conf_new(NULL);
	struct tw_diags pd;
	int rc;

	tw_diags_init(&pd);
	rc = tw_conf_parse(c, path, data, len, &pd);
	return answers_read(t, &c, rc, &pd, path, d);
}

void tw_trunk_password_from_env(struct tw_trunk *t)
{
	const char *pw = getenv("TRUNKWIZ_PASSWORD");
	int idx = tw_trunk_key_index("password");

	if (pw && !t->values[idx] && !tw_has_control(pw))
		store(t, idx, tw_xstrdup(pw), false);
}

void tw_trunk_write_answers(const struct tw_trunk *t, bool with_secret,
                            struct tw_buf *out)
{
	size_t i;

	tw_buf_adds(out, "[trunk]\n");
	for (i = 0; i < TW_ARRAY_LEN(keys); i++) {
		char *v;

		if (!t->values[i] || t->from_profile[i])
			continue;
		if (keys[i].secret && !with_secret) {
			tw_buf_printf(out, "; %s is not shown\n", keys[i].name);
			continue;
		}
		v = tw_conf_escape(t->values[i]);
		tw_buf_printf(out, "%s = %s\n", keys[i].name, v);
		if (keys[i].secret)
			tw_free_secret(&v);
		else
			free(v);
	}
}

const char *tw_trunk_get(const struct tw_trunk *t, const char *key)
{
	int idx = tw_trunk_key_index(key);

	if (idx < 0)
		tw_fatal("internal: unknown trunk key %s", key);
	return t->values[idx];
}

bool tw_trunk_is_set(const struct tw_trunk *t, const char *key)
{
	const char *v = tw_trunk_get(t, key);

	return v && *v;
}

bool tw_trunk_is_given(const struct tw_trunk *t, const char *key)
{
	int idx = tw_trunk_key_index(key);

	return idx >= 0 && t->values[idx] && *t->values[idx] && !t->from_profile[idx];
}

void tw_trunk_replace_default(struct tw_trunk *t, const char *key, const char *value)
{
	int idx = tw_trunk_key_index(key);

	if (idx >= 0 && !tw_trunk_is_given(t, key))
		store(t, idx, tw_xstrdup(value), true);
}

void tw_trunk_default(struct tw_trunk *t, const char *key, const char *value)
{
	int idx = tw_trunk_key_index(key);

	if (idx < 0 || t->values[idx])
		return;
	store(t, idx, tw_xstrdup(value), true);
}

static const char *const auth_names[] = { "register", "outbound", "ip" };
static const char *const transport_names[] = { "udp", "tcp", "tls" };

static int parse_word(const char *s, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; s && i < n; i++)
		if (strcasecmp(s, names[i]) == 0)
			return (int)i;
	return -1;
}

int tw_auth_mode_parse(const char *s)
{
	return parse_word(s, auth_names, TW_ARRAY_LEN(auth_names));
}

int tw_transport_parse(const char *s)
{
	return parse_word(s, transport_names, TW_ARRAY_LEN(transport_names));
}

const char *tw_auth_mode_name(enum tw_auth_mode m)
{
	return auth_names[m];
}

const char *tw_transport_name(enum tw_transport tr)
{
	return transport_names[tr];
}

enum tw_auth_mode tw_trunk_auth(const struct tw_trunk *t)
{
	int m = tw_auth_mode_parse(tw_trunk_get(t, "auth"));

	return m < 0 ? TW_AUTH_REGISTER : (enum tw_auth_mode)m;
}

enum tw_transport tw_trunk_transport(const struct tw_trunk *t)
{
	int m = tw_transport_parse(tw_trunk_get(t, "transport"));

	return m < 0 ? TW_TRANSPORT_UDP : (enum tw_transport)m;
}
