/* install_nat.c - the NAT answers (public_ip, local_net) on the transport
 * the trunk uses (install_priv.h): which section that is, and the edit
 * that adds them to it, line by line, leaving every other byte of the file
 * as it was. Certificate files of a created TLS transport are checked
 * here too. */
#include "config.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "install/install_priv.h"
#include "trunkwiz/conf.h"
#include "conf/conf.h"

const struct tw_conf_section *tw_install_trunk_transport(const struct tw_conf *c, const char *proto,
                                                   const char *name)
{
	size_t i;

	for (i = 0; i < c->nsections; i++) {
		const struct tw_conf_section *s = c->sections[i];
		const char *type, *p;

		if (s->is_template || s->is_addition)
			continue;
		type = tw_conf_section_value(s, "type");
		if (!type || strcmp(type, "transport") != 0)
			continue;
		if (name && *name) {
			if (strcmp(s->name, name) == 0)
				return s;
			continue;
		}
		p = tw_conf_section_value(s, "protocol");
		if (strcasecmp(p ? p : "udp", proto) == 0)
			return s;
	}
	return NULL;
}

/* One edit of the file: insert text after line `after` (0: at the top),
 * or replace line `replace` (when non-zero). */
struct edit {
	unsigned after, replace;
	char *text;              /* without EOL */
};

struct edits {
	struct edit v[16];
	size_t n;
};

static void edit_add(struct edits *e, unsigned after, unsigned replace, char *text)
{
	if (e->n < TW_ARRAY_LEN(e->v)) {
		e->v[e->n].after = after;
		e->v[e->n].replace = replace;
		e->v[e->n++].text = text;
	} else {
		free(text);
	}
}

static const char *file_eol(const char *data, size_t len)
{
	const char *nl = memchr(data, '\n', len);

	return nl && nl > data && nl[-1] == '\r' ? "\r\n" : "\n";
}

/* The comment that ends the line [p, nl) (white space before it kept), so
 * a replaced value keeps the admin's note. */
static void add_comment(struct tw_buf *b, const char *p, const char *nl)
{
	const char *c, *end = nl;

	while (end > p && (end[-1] == '\n' || end[-1] == '\r'))
		end--;
	for (c = p; c < end; c++) {
		if (*c == '\\' && c + 1 < end) {
			c++;
			continue;
		}
		if (*c == ';') {
			while (c > p && (c[-1] == ' ' || c[-1] == '\t'))
				c--;
			tw_buf_add(b, c, (size_t)(end - c));
			return;
		}
	}
}

static char *apply_edits(const char *data, size_t len, const struct edits *e, size_t *newlen)
{
	const char *eol = file_eol(data, len), *p = data, *end = data + len;
	struct tw_buf b;
	unsigned line = 0;
	size_t i;

	tw_buf_init(&b);
	for (;;) {
		const char *nl;
		bool replaced = false;

		for (i = 0; i < e->n; i++)
			if (!e->v[i].replace && e->v[i].after == line)
				tw_buf_printf(&b, "%s%s", e->v[i].text, eol);
		if (p >= end)
			break;
		line++;
		nl = memchr(p, '\n', (size_t)(end - p));
		nl = nl ? nl + 1 : end;
		for (i = 0; i < e->n; i++) {
			if (e->v[i].replace == line) {
				tw_buf_adds(&b, e->v[i].text);
				add_comment(&b, p, nl);
				tw_buf_adds(&b, eol);
				replaced = true;
			}
		}
		if (!replaced) {
			/* a last line without a newline gets one before an insert */
			tw_buf_add(&b, p, (size_t)(nl - p));
			if (nl == end && (nl == p || nl[-1] != '\n'))
				for (i = 0; i < e->n; i++)
					if (!e->v[i].replace && e->v[i].after == line) {
						tw_buf_adds(&b, eol);
						break;
					}
		}
		p = nl;
	}
	*newlen = b.len;
	return tw_buf_steal(&b);
}

/* The option `name` written in s itself (not inherited), last one. */
static const struct tw_conf_option *own_opt(const struct tw_conf_section *s, const char *name)
{
	const struct tw_conf_option *o = NULL;
	size_t i;

	for (i = 0; i < s->nopts; i++)
		if (strcasecmp(s->opts[i]->name, name) == 0)
			o = s->opts[i];
	return o;
}

char *tw_install_nat_edit(const char *data, size_t len, const struct tw_conf_section *s,
                    const char *public_ip, char *const *nets, size_t nnets,
                    size_t *newlen, struct tw_buf *what)
{
	static const char *const ext[] = { "external_media_address", "external_signaling_address" };
	struct edits e = { .n = 0 };
	unsigned last = s->header ? s->header->lineno : 0;
	size_t i;
	char *out;

	for (i = 0; i < s->nopts; i++)
		if (s->opts[i]->line > last)
			last = s->opts[i]->line;
	for (i = 0; i < nnets; i++) {
		if (tw_install_section_lists(s, "local_net", nets[i], strcasecmp))
			continue;
		edit_add(&e, last, 0, tw_xasprintf("local_net = %s", nets[i]));
		tw_buf_printf(what, "%slocal_net %s", what->len ? ", " : "", nets[i]);
	}
	for (i = 0; public_ip && *public_ip && i < TW_ARRAY_LEN(ext); i++) {
		const struct tw_conf_option *o = own_opt(s, ext[i]);
		const char *cur = tw_conf_section_value(s, ext[i]);

		if (cur && strcmp(cur, public_ip) == 0)
			continue;
		if (o && o->line)
			edit_add(&e, 0, o->line, tw_xasprintf("%s = %s", ext[i], public_ip));
		else
			edit_add(&e, last, 0, tw_xasprintf("%s = %s", ext[i], public_ip));
		tw_buf_printf(what, "%s%s %s", what->len ? ", " : "", ext[i], public_ip);
	}
	if (!e.n)
		return NULL;
	out = apply_edits(data, len, &e, newlen);
	for (i = 0; i < e.n; i++)
		free(e.v[i].text);
	return out;
}

int tw_install_check_pem(const char *key, const char *path, struct tw_diags *d)
{
	struct stat st;
	int fd;

	if (!path || !*path) {
		tw_diag_field(d, TW_WARNING, key,
		              "give cert_file=PATH and priv_key_file=PATH (PEM files) to accept TLS "
		              "from the provider",
		              "the TLS transport trunkwiz creates has no %s: calls out work, the "
		              "provider cannot open TLS to this PBX", key);
		return 0;
	}
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size == 0) {
		tw_diag_field(d, TW_ERROR, key,
		              "give the path of a PEM file that exists (not a symbolic link)",
		              "%s %s is not a readable, non-empty file", key, path);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}
