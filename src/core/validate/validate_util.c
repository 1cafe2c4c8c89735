/* validate_util.c - the validator's plumbing (validate_priv.h): list
 * items, the checking context with its memos,
 * the diagnostics about a line or a section, and the two checks every
 * section gets in either file (raw line text, section header). */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "trunkwiz/validate.h"
#include "validate/schema.h"
#include "trunkwiz/base.h"
#include "validate/validate_priv.h"
#include "validate/validate.h"

#define VALUE_SHOW_MAX 60        /* bytes of a value quoted in a message */

/* ---- small string helpers ---- */

/* Next item of a list split at any byte of seps, trimmed, copied into buf.
 * An empty value yields one empty item. Returns false after the last. */
bool tw_v_next_item(const char **pp, const char *seps, char *buf, size_t cap)
{
	const char *p = *pp, *end, *b, *e;
	size_t n;

	if (!p)
		return false;
	end = p + strcspn(p, seps);
	for (b = p; b < end && tw_v_is_blank(*b); b++)
		;
	for (e = end; e > b && tw_v_is_blank(e[-1]); e--)
		;
	n = (size_t)(e - b);
	if (n >= cap)
		n = cap - 1;
	memcpy(buf, b, n);
	buf[n] = '\0';
	*pp = *end ? end + 1 : NULL;
	return true;
}

bool tw_v_all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* ---- diagnostics ---- */

void tw_v_vctx_init(struct vctx *c, const struct tw_validate_opts *o, struct tw_diags *d)
{
	memset(c, 0, sizeof(*c));
	if (!o) {
		tw_validate_opts_init(&c->defaults);
		o = &c->defaults;
	}
	c->o = o;
	c->d = d;
	c->suggest_left = SUGGEST_BUDGET;
}

/* The entry for (a, b), *found telling whether it was there; else the
 * empty entry to fill in. */
struct memo_ent *tw_v_memo_get(struct memo *m, const void *a, const void *b, bool *found)
{
	uint64_t h = ((uint64_t)(uintptr_t)a ^ (uint64_t)(uintptr_t)b >> 3) *
	             0x9E3779B97F4A7C15u;
	size_t i = (size_t)(h >> 40) & (MEMO_SIZE - 1);

	for (; m->e[i].key; i = (i + 1) & (MEMO_SIZE - 1)) {
		if (m->e[i].key == a && m->e[i].key2 == b) {
			*found = true;
			return &m->e[i];
		}
	}
	*found = false;
	if (m->n >= MEMO_SIZE / 2) {
		memset(m->e, 0, sizeof(m->e));
		m->n = 0;
		i = (size_t)(h >> 40) & (MEMO_SIZE - 1);
	}
	m->n++;
	m->e[i].key = a;
	m->e[i].key2 = b;
	return &m->e[i];
}

/* "'value'" shortened, or "(hidden)" for secrets. */
static char *show_value(const char *v, bool secret)
{
	size_t n = strlen(v);

	if (secret)
		return tw_xstrdup("(hidden)");
	if (n > VALUE_SHOW_MAX)
		return tw_xasprintf("'%.*s...'", VALUE_SHOW_MAX, v);
	return tw_xasprintf("'%s'", v);
}

/* A diagnostic about an option line: "[sec] name = 'value': what". */
void TW_PRINTF(6, 7)
tw_v_odiag(struct vctx *c, enum tw_severity sev, const struct tw_conf_section *s,
           const struct tw_conf_option *op, const char *hint, const char *fmt, ...)
{
	va_list ap;
	char *what, *val;

	va_start(ap, fmt);
	what = tw_xvasprintf(fmt, ap);
	va_end(ap);
	val = show_value(op->value ? op->value : "", false);
	tw_diags_add(c->d, sev, op->file, op->line, NULL, hint, "[%s] %s = %s: %s",
	             s->name, op->name, val, what);
	free(val);
	free(what);
}

/* Same, hiding the value. */
void TW_PRINTF(6, 7)
tw_v_odiag_secret(struct vctx *c, enum tw_severity sev, const struct tw_conf_section *s,
                  const struct tw_conf_option *op, const char *hint, const char *fmt, ...)
{
	va_list ap;
	char *what;

	va_start(ap, fmt);
	what = tw_xvasprintf(fmt, ap);
	va_end(ap);
	tw_diags_add(c->d, sev, op->file, op->line, NULL, hint, "[%s] %s = (hidden): %s",
	             s->name, op->name, what);
	free(what);
}

/* A diagnostic about a section as a whole, at its header line. */
void TW_PRINTF(5, 6)
tw_v_sdiag(struct vctx *c, enum tw_severity sev, const struct tw_conf_section *s,
           const char *hint, const char *fmt, ...)
{
	va_list ap;
	char *what;

	va_start(ap, fmt);
	what = tw_xvasprintf(fmt, ap);
	va_end(ap);
	tw_diags_add(c->d, sev, s->file, s->line, NULL, hint, "[%s] %s", s->name, what);
	free(what);
}

const char *tw_v_ver_str(struct vctx *c)
{
	return tw_astver_str(&c->o->version);
}

/* "20.12, 21.7, 22.2, 23.0" from "20.12,21.7,22.2,23.0" (static buffer). */
const char *tw_v_since_str(const char *since)
{
	static char buf[128];
	size_t i, j = 0;

	for (i = 0; since[i] && j + 3 < sizeof(buf); i++) {
		buf[j++] = since[i];
		if (since[i] == ',')
			buf[j++] = ' ';
	}
	buf[j] = '\0';
	return buf;
}

/* Control characters (other than tab) in a name or value, and a ';' glued to
 * the value that Asterisk took as the start of a comment. */
static bool is_control(unsigned char ch)
{
	return (ch < 0x20 && ch != '\t') || ch == 0x7f;
}

/* The first control character but tab in v, or NULL. Eight bytes at a
 * time (a word with a byte below 0x20 or equal to 0x7f is looked at byte
 * by byte): almost no value has one. */
static const char *find_control(const char *v)
{
	const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
	size_t n = strlen(v), i = 0;
	uint64_t x, y;

	for (; n - i >= 8; i += 8) {
		memcpy(&x, v + i, 8);
		y = x ^ (ones * 0x7f);
		if (((x - ones * 0x20) & ~x & high) || ((y - ones) & ~y & high))
			break;
	}
	for (; i < n; i++)
		if (is_control((unsigned char)v[i]))
			return v + i;
	return NULL;
}

/* A ';' glued to a value that is complete anyway: nothing after it
 * ("same => n,Hangup();"), another ';' or a space ("Dial(...);; note"),
 * or an application call closed before it ("...,Answer();comment").
 * Asterisk reads the same value either way. For secrets only the first. */
static bool plain_comment(const char *v, const char *semi, const char *end, bool secret)
{
	const char *q = semi + 1;
	int depth = 0;

	while (q < end && tw_v_is_blank(*q))
		q++;
	if (q == end || *q == '\n' || *q == '\r')
		return true;
	if (secret)
		return false;
	if (*q == ';' || tw_v_is_blank(semi[1]))
		return true;
	if (semi[-1] != ')')
		return false;
	for (; v < semi; v++)
		depth += *v == '(' ? 1 : *v == ')' ? -1 : 0;
	return depth == 0;
}

void tw_v_check_line_text(struct vctx *c, const struct tw_conf_section *s,
                          const struct tw_conf_option *op, bool secret)
{
	const char *p;
	const struct tw_conf_line *ln = op->ln;

	if ((p = find_control(op->value ? op->value : ""))) {
		unsigned char ch = (unsigned char)*p;

		if (secret)
			tw_v_odiag_secret(c, TW_ERROR, s, op,
			                  "remove the control character; Asterisk passes it on verbatim",
			                  "value contains the control character 0x%02x", ch);
		else
			tw_v_odiag(c, TW_ERROR, s, op,
			           "remove the control character; Asterisk passes it on verbatim",
			           "value contains the control character 0x%02x", ch);
	}
	if (!ln || !ln->raw || !op->value || !*op->value)
		return;
	/* Find the first unescaped ';' after the '=' in the raw line. */
	{
		const char *r = ln->raw, *end = ln->raw + ln->rawlen, *eq;

		if (!memchr(r, ';', ln->rawlen)) /* most lines */
			return;
		eq = memchr(r, '=', ln->rawlen);
		if (!eq)
			return;
		for (p = eq + 1; p < end && *p != '\n' && *p != '\r'; p++) {
			if (*p != ';')
				continue;
			if (p[-1] == '\\')
				continue;
			if (p > eq + 1 && !tw_v_is_blank(p[-1]) && p[-1] != '=' &&
			    !plain_comment(eq + 1, p, end, secret)) {
				const char *hint = "write \\; if the semicolon belongs to the value, "
				                   "or put a space before the comment";

				if (secret)
					tw_v_odiag_secret(c, TW_WARNING, s, op, hint,
					                  "value truncated at ';' (the rest of the line is a comment)");
				else
					tw_v_odiag(c, TW_WARNING, s, op, hint,
					           "value truncated at ';' (the rest of the line is a comment)");
			}
			return;
		}
	}
}

/* Header problems Asterisk does not report: over-long names, "[t] (!)",
 * "(a, b)". */
void tw_v_check_header(struct vctx *c, const struct tw_conf_section *s)
{
	const struct tw_conf_line *h = s->header;
	size_t i, n = strlen(s->name);

	if (n > TW_CONF_MAX_NAME)
		tw_diags_add(c->d, TW_ERROR, s->file, s->line, NULL,
		             "shorten the name to 79 bytes or fewer",
		             "section name '%.40s...' is %zu bytes; Asterisk silently truncates it to 79, "
		             "so references by the full name fail", s->name, n);
	if (h && h->raw) {
		const char *r = h->raw, *end = h->raw + h->rawlen, *q;

		q = memchr(r, ']', h->rawlen);
		if (q) {
			const char *t = q + 1;

			while (t < end && tw_v_is_blank(*t))
				t++;
			if (t > q + 1 && t < end && *t == '(') {
				const char *e = t;

				while (e < end && *e != ')' && *e != '\n' && *e != '\r')
					e++;
				if (e < end && *e == ')')
					e++;
				tw_v_sdiag(c, TW_WARNING, s, "remove the space: write ']' and '(' together, e.g. [name](!)",
				           "not a template and no inheritance: no space is allowed between ] and (, "
				           "so Asterisk ignores '%.*s'", (int)(e - t), t);
			}
		}
	}
	if (s->opts_text) {
		const char *p = s->opts_text;

		for (p = s->opts_text; *p; p++)
			if (tw_v_is_blank(*p))
				break;
		if (*p) {
			char *fixed = tw_xstrdup(s->opts_text);
			size_t j = 0;

			for (i = 0; fixed[i]; i++)
				if (!tw_v_is_blank(fixed[i]))
					fixed[j++] = fixed[i];
			fixed[j] = '\0';
			{
				char *hint = tw_xasprintf("write (%s) without spaces", fixed);

				tw_v_sdiag(c, TW_ERROR, s, hint,
				           "spaces in '(%s)': Asterisk does not trim the names, so it looks for "
				           "templates named with the spaces", s->opts_text);
				free(hint);
			}
			free(fixed);
		}
	}
}

/* ---- placeholders ---- */

static bool has_upper_word(const char *s, size_t n)
{
	size_t i, upper = 0;

	for (i = 0; i < n; i++) {
		if (s[i] >= 'a' && s[i] <= 'z')
			return false;
		upper += s[i] >= 'A' && s[i] <= 'Z';
	}
	return upper >= 2;
}

/* Words for a reader, as in <your oauth client id> or <sip-server-ip>:
 * letters, digits, blanks, '_', '-', '.', and at least one letter. */
static bool has_word(const char *s, size_t n)
{
	bool letter = false;
	size_t i;

	for (i = 0; i < n; i++) {
		if ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z'))
			letter = true;
		else if (!((s[i] >= '0' && s[i] <= '9') || strchr(" _-.", s[i])))
			return false;
	}
	return letter;
}

bool tw_v_is_placeholder(const char *v)
{
	size_t n = strlen(v);

	if (n < 3)
		return false;
	/* <YOUR_IP>, <your oauth refresh token>, [YOUR PUBLIC IP]: words in
	 * brackets, not a URI (<sip:...>), a number (callerid = <1000>) nor
	 * an IPv6 literal ([2001:db8::1]); in [...] only upper-case words. */
	if (v[0] == '<' && v[n - 1] == '>' && !memchr(v, ':', n) && !memchr(v, '@', n) &&
	    has_word(v + 1, n - 2))
		return true;
	if (v[0] == '[' && v[n - 1] == ']' && !memchr(v, ':', n) && !memchr(v, '@', n) &&
	    has_upper_word(v + 1, n - 2))
		return true;
	if (n > 4 && strncmp(v, "__", 2) == 0 && strcmp(v + n - 2, "__") == 0 &&
	    has_upper_word(v + 2, n - 4))
		return true;
	return strstr(v, "YOUR_") || strstr(v, "YOUR ") || strstr(v, "_HERE") ||
	       strstr(v, "CHANGEME") || strstr(v, "CHANGE_ME");
}

void tw_v_placeholder(struct vctx *c, enum tw_severity sev, const struct tw_conf_section *s,
                      const struct tw_conf_option *op)
{
	size_t i;

	for (i = 0; i < c->nph; i++) {
		struct tw_diag *g;
		char *msg;

		if (strcmp(c->ph[i].text, op->value) != 0 || c->ph[i].diag >= c->d->n)
			continue;
		g = &c->d->v[c->ph[i].diag];
		/* A value Asterisk refuses does not fold into a warning about
		 * one it takes literally: the message would say the wrong
		 * thing. It gets its own line, and later ones fold into it. */
		if (sev == TW_ERROR && g->sev != TW_ERROR)
			break;
		if (++c->ph[i].more <= 8) {
			if (c->ph[i].more == 1)
				msg = tw_xasprintf("%s (also at line %u)", g->msg, op->line);
			else
				msg = tw_xasprintf("%.*s, %u)", (int)strlen(g->msg) - 1, g->msg, op->line);
			free(g->msg);
			g->msg = msg;
		}
		return;
	}
	tw_v_odiag(c, sev, s, op, "fill in the real value",
	           "placeholder left in the config%s",
	           sev == TW_ERROR ? ": Asterisk refuses the value as it stands" :
	                             ": Asterisk takes it literally and what uses it fails");
	if (i < c->nph) {
		c->ph[i].diag = c->d->n - 1;
		c->ph[i].more = 0;
	} else if (c->nph < TW_ARRAY_LEN(c->ph)) {
		c->ph[c->nph].text = op->value;
		c->ph[c->nph].diag = c->d->n - 1;
		c->ph[c->nph++].more = 0;
	}
}

/* ---- #exec ---- */

unsigned tw_v_first_exec(const struct tw_conf *c, const char **file)
{
	size_t i;

	for (i = 0; c && i < c->nfiles; i++) {
		const struct tw_conf_line *ln;

		for (ln = c->files[i]->first; ln; ln = ln->next)
			if (ln->kind == TW_LINE_DIRECTIVE && ln->directive == TW_DIR_EXEC) {
				*file = c->files[i]->path;
				return ln->lineno;
			}
	}
	return 0;
}
