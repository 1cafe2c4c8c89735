/* conf_input.c - a file's bytes for the line reader (conf_read.c): read
 * whole into one large block, refused when clearly not text, and the overlay
 * of files read from memory (tw_conf_overlay) with its glob matches.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/file.h"
#include "conf/conf_priv.h"
#include "base/base.h"
#include "conf/conf.h"

#define MAX_FILE_SIZE ((size_t)256 << 20) /* refuse endless inputs */

/* ---- reading a file ---- */

static size_t is_control(unsigned char ch)
{
	return ((ch < 0x20) & (ch != '\t') & (ch != '\n') & (ch != '\r') & (ch != '\f')) |
	       (ch == 0x7f);
}

/* Control bytes other than tab, CR, LF and form feed. Blocks of 64 bytes
 * with a branch-free body: the compiler turns it into vector code. */
static size_t count_control(const unsigned char *p, size_t n)
{
	size_t i = 0, j, ctrl = 0;

	for (; n - i >= 64; i += 64) {
		unsigned char k = 0;

		for (j = 0; j < 64; j++)
			k = (unsigned char)(k + is_control(p[i + j]));
		ctrl += k;
	}
	for (; i < n; i++)
		ctrl += is_control(p[i]);
	return ctrl;
}

const char *tw_conf_read_strerror(int err)
{
	if (err == TW_ENOTREG)
		return "not a regular file (a FIFO, device or socket): give the path of a .conf file";
	if (err == EFBIG)
		return "larger than 256 MiB: not a config file";
	return strerror(err);
}

const struct overlay *tw_conf_overlay_find(const struct tw_conf *c, const char *path)
{
	const struct conf_priv *p = priv(c);
	size_t i;

	for (i = 0; i < p->nov; i++)
		if (strcmp(p->ov[i].path, path) == 0)
			return &p->ov[i];
	return NULL;
}

/* A file's bytes (a large block, see file.h), through the overlay. */
int tw_conf_load_bytes(const struct tw_conf *c, const char *path, char **data, size_t *len)
{
	const struct overlay *o = tw_conf_overlay_find(c, path);

	if (!o)
		return tw_file_read_large(path, MAX_FILE_SIZE, data, len);
	if (!o->data) {
		errno = ENOENT;
		return -1;
	}
	*data = tw_xmalloc_large(o->len + 1);
	memcpy(*data, o->data, o->len);
	(*data)[o->len] = '\0';
	*len = o->len;
	return 0;
}

void tw_conf_overlay(struct tw_conf *c, const char *path, const char *data, size_t len)
{
	struct conf_priv *p = priv(c);
	struct overlay *o = (struct overlay *)tw_conf_overlay_find(c, path);

	if (!o) {
		p->ov = tw_xrealloc(p->ov, (p->nov + 1) * sizeof(*p->ov));
		o = &p->ov[p->nov++];
		o->path = tw_xstrdup(path);
	}
	o->data = data;
	o->len = len;
}

/* Refuse what is clearly not a text config: NUL bytes, or many control
 * bytes other than tab, CR, LF and form feed. */
int tw_conf_check_text(const char *data, size_t len, const char *path, struct tw_diags *d)
{
	const char *nul = memchr(data, '\0', len), *p;
	size_t ctrl;
	unsigned line = 1;

	if (nul) {
		for (p = data; (p = memchr(p, '\n', (size_t)(nul - p))); p++)
			line++;
		tw_conf_diag(d, TW_ERROR, path, 0, "give the path of an Asterisk .conf file",
		          "not a text config file (NUL byte at line %u)", line);
		return -1;
	}
	ctrl = count_control((const unsigned char *)data, len);
	if (ctrl >= 8 && ctrl * 10 > len) {
		tw_conf_diag(d, TW_ERROR, path, 0, "give the path of an Asterisk .conf file",
		          "not a text config file (%zu control bytes in %zu)", ctrl, len);
		return -1;
	}
	return 0;
}

static int path_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Add the overlay files that match pattern and are not on disk yet, in
 * glob's order. */
void tw_conf_overlay_glob(const struct tw_conf *c, const char *pattern, char ***paths,
                       size_t *n)
{
	const struct conf_priv *p = priv(c);
	size_t i, k, before = *n;

	for (i = 0; i < p->nov; i++) {
		bool dup = false;

		if (!p->ov[i].data || fnmatch(pattern, p->ov[i].path, FNM_PATHNAME | FNM_PERIOD) != 0)
			continue;
		for (k = 0; k < before && !dup; k++)
			dup = strcmp((*paths)[k], p->ov[i].path) == 0;
		if (dup)
			continue;
		*paths = tw_xrealloc(*paths, (*n + 1) * sizeof(**paths));
		(*paths)[(*n)++] = tw_xstrdup(p->ov[i].path);
	}
	if (*n > before && *n > 1)
		qsort(*paths, *n, sizeof(**paths), path_cmp);
}
