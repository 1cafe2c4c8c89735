/* install_include.c - the include lines trunkwiz adds to pjsip.conf and
 * extensions.conf and takes out again, byte for byte: "#include ARG ;
 * trunkwiz: WHAT" appended on a line of its own in the file's own line
 * ending, the "newline added above" marker when the file did not end with a
 * newline (so removal restores the last byte), and recognising such a line
 * however the admin quoted it (install_priv.h). */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "install/install_priv.h"
#include "install/install.h"

/* ---- include lines ---- */

static const char *eol_of(const char *data, size_t len)
{
	const char *nl = data ? memchr(data, '\n', len) : NULL;

	return nl && nl > data && nl[-1] == '\r' ? "\r\n" : "\n";
}

/* Is this raw line "#include ARG" or "#tryinclude ARG" (quotes, <> and a
 * trailing comment allowed)? */
static bool include_line_is(const char *p, size_t n, const char *arg)
{
	size_t i = 0, k, alen = strlen(arg);

	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	if (n - i > 8 && strncasecmp(p + i, "#include", 8) == 0)
		i += 8;
	else if (n - i > 11 && strncasecmp(p + i, "#tryinclude", 11) == 0)
		i += 11;
	else
		return false;
	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	if (i < n && (p[i] == '"' || p[i] == '<'))
		i++;
	if (n - i < alen || memcmp(p + i, arg, alen) != 0)
		return false;
	k = i + alen;
	if (k < n && (p[k] == '"' || p[k] == '>'))
		k++;
	while (k < n && (p[k] == ' ' || p[k] == '\t' || p[k] == '\r' || p[k] == '\n'))
		k++;
	return k == n || p[k] == ';';
}

#define NL_ADDED "newline added above"

char *tw_install_add_includes(const char *data, size_t len, const char *const *args,
                        const char *const *whats, size_t n, size_t *newlen)
{
	const char *eol = eol_of(data, len);
	bool nl = len && data[len - 1] != '\n';
	struct tw_buf lines, b;
	size_t i;

	tw_buf_init(&lines);
	for (i = 0; i < n; i++)
		tw_buf_printf(&lines, "%s#include %s ; trunkwiz: %s%s%s", i == 0 && nl ? eol : "",
		              args[i], whats[i], i == n - 1 && nl ? ", " NL_ADDED : "", eol);
	b.len = 0;
	b.cap = len + lines.len + 1;
	b.data = tw_xmalloc(b.cap);
	if (len)
		memcpy(b.data, data, len);
	memcpy(b.data + len, lines.data, lines.len + 1);
	b.len = len + lines.len;
	tw_buf_free(&lines);
	*newlen = b.len;
	return b.data;
}

/* The line that carried "newline added above" went, but not at the end:
 * when the file still ends with trunkwiz's own include lines, the last of
 * them carries it on, so the newline goes with the last of them. */
static void pass_marker(struct tw_buf *b)
{
	size_t end = b->len, start, eol = 0;

	while (end > 0 && (b->data[end - 1] == '\n' || b->data[end - 1] == '\r'))
		end--, eol++;
	for (start = end; start > 0 && b->data[start - 1] != '\n'; start--)
		;
	if (!eol || !memmem(b->data + start, end - start, "; trunkwiz: ", 12) ||
	    memmem(b->data + start, end - start, NL_ADDED, strlen(NL_ADDED))) {
		return;
	}
	{
		char *tail = tw_xstrndup(b->data + end, b->len - end);

		b->len = end;
		tw_buf_adds(b, ", " NL_ADDED);
		tw_buf_adds(b, tail);
		free(tail);
	}
}

char *tw_install_drop_include(const char *data, size_t len, const char *arg, size_t *newlen,
                        unsigned *found)
{
	struct tw_buf b;
	size_t i = 0;
	bool pass_on = false;

	tw_buf_init(&b);
	tw_buf_add(&b, "", 0);
	while (i < len) {
		const char *nl = memchr(data + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (data + i)) + 1 : len - i;
		bool marked = memmem(data + i, n, NL_ADDED, strlen(NL_ADDED)) != NULL;

		if (include_line_is(data + i, n, arg)) {
			(*found)++;
			if (marked && i + n == len) {
				if (b.len && b.data[b.len - 1] == '\n')
					b.len--;
				if (b.len && b.data[b.len - 1] == '\r')
					b.len--;
				b.data[b.len] = '\0';
			} else if (marked) {
				pass_on = true;
			}
		} else {
			tw_buf_add(&b, data + i, n);
		}
		i += n;
	}
	if (pass_on)
		pass_marker(&b);
	*newlen = b.len;
	return tw_buf_steal(&b);
}

bool tw_install_has_include(const char *data, size_t len, const char *arg)
{
	size_t i = 0;

	while (data && i < len) {
		const char *nl = memchr(data + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (data + i)) + 1 : len - i;

		if (include_line_is(data + i, n, arg))
			return true;
		i += n;
	}
	return false;
}
