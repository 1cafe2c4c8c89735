/* text.c - text from outside made safe for a terminal (base.h). A SIP
 * server's reason phrase, a web server's error, a downloaded list: any of
 * them may hold ESC ]0; (set the window title), ESC [2J (clear the
 * screen) or worse. Everything trunkwiz shows of such text goes through
 * here first. */
#include "config.h"

#include <string.h>

#include "trunkwiz/base.h"
#include "base/base.h"

bool tw_is_control_char(unsigned long c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f);
}

/* Length of the well-formed UTF-8 sequence at s (at most n bytes) and its
 * code point in *cp, or 0 when s does not start one. */
static size_t utf8_seq(const unsigned char *s, size_t n, unsigned long *cp)
{
	unsigned long c = s[0], min;
	size_t len, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, c &= 0x1f, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, c &= 0x0f, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, c &= 0x07, min = 0x10000;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

void tw_buf_add_clean(struct tw_buf *b, const char *s, size_t n, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		unsigned long cp = 0;
		size_t len = utf8_seq(p + i, n - i, &cp);

		if (len == 0)
			len = 1, cp = 0x1a; /* a stray byte counts as a control character */
		if (i + len > max) {
			tw_buf_adds(b, "...");
			return;
		}
		if (tw_is_control_char(cp))
			tw_buf_addc(b, '?');
		else
			tw_buf_add(b, s + i, len);
		i += len;
	}
	if (!b->data)
		tw_buf_adds(b, "");
}

char *tw_clean_text(const char *s, size_t max)
{
	struct tw_buf b;

	tw_buf_init(&b);
	tw_buf_add_clean(&b, s ? s : "", s ? strlen(s) : 0, max);
	return tw_buf_steal(&b);
}
