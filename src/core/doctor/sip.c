#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "trunkwiz/net.h"
#include "doctor/sip.h"
#include "base/base.h"

static const struct {
	const char *full;
	const char *compact;
} compact_forms[] = {
	{ "Via", "v" }, { "Call-ID", "i" }, { "From", "f" }, { "To", "t" },
	{ "Content-Length", "l" }, { "Contact", "m" }, { "Content-Type", "c" },
};

static bool name_matches(const char *have, const char *want)
{
	size_t i;

	if (strcasecmp(have, want) == 0)
		return true;
	for (i = 0; i < TW_ARRAY_LEN(compact_forms); i++)
		if (strcasecmp(want, compact_forms[i].full) == 0)
			return strcasecmp(have, compact_forms[i].compact) == 0;
	return false;
}

const char *tw_sip_header(const struct tw_sip_msg *m, const char *name, size_t *pos)
{
	size_t i;

	for (i = pos ? *pos : 0; i < m->nh; i++) {
		if (name_matches(m->h[i].name, name)) {
			if (pos)
				*pos = i + 1;
			return m->h[i].value;
		}
	}
	if (pos)
		*pos = m->nh;
	return NULL;
}

void tw_sip_msg_clear(struct tw_sip_msg *m)
{
	size_t i;

	for (i = 0; i < m->nh; i++) {
		free(m->h[i].name);
		free(m->h[i].value);
	}
	free(m->h);
	free(m->reason);
	free(m->method);
	free(m->uri);
	free(m->body);
	memset(m, 0, sizeof(*m));
}

/* Find the end of the header block: the index just past CRLFCRLF (or
 * LFLF), or 0 when absent. */
static size_t header_end(const char *buf, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i++) {
		if (buf[i] == '\n' && buf[i + 1] == '\n')
			return i + 2;
		if (i + 3 < len && memcmp(buf + i, "\r\n\r\n", 4) == 0)
			return i + 4;
	}
	return 0;
}

/* Content-Length from a raw header block; -1 absent, -2 bad. */
static long raw_content_length(const char *buf, size_t hlen)
{
	size_t i = 0;

	while (i < hlen) {
		const char *line = buf + i, *nl = memchr(line, '\n', hlen - i);
		size_t ll = nl ? (size_t)(nl - line) : hlen - i;
		const char *colon = memchr(line, ':', ll);

		if (colon) {
			size_t nl_len = (size_t)(colon - line);

			while (nl_len && (line[nl_len - 1] == ' ' || line[nl_len - 1] == '\t'))
				nl_len--;
			if ((nl_len == 14 && strncasecmp(line, "Content-Length", 14) == 0) ||
			    (nl_len == 1 && (line[0] == 'l' || line[0] == 'L'))) {
				const char *p = colon + 1;
				long v = 0;

				while (p < line + ll && (*p == ' ' || *p == '\t'))
					p++;
				if (p >= line + ll || !isdigit((unsigned char)*p))
					return -2;
				while (p < line + ll && isdigit((unsigned char)*p)) {
					v = v * 10 + (*p - '0');
					if (v > TW_SIP_MAX_MSG)
						return -2;
					p++;
				}
				return v;
			}
		}
		i += ll + 1;
	}
	return -1;
}

ssize_t tw_sip_frame(const char *buf, size_t len, char **cause)
{
	size_t skip = 0, hend;
	long cl;

	while (skip + 1 < len && buf[skip] == '\r' && buf[skip + 1] == '\n')
		skip += 2;
	if (len - skip >= 4 && memcmp(buf + skip, "SIP/", 4) != 0 &&
	    !isupper((unsigned char)buf[skip])) {
		tw_fail(cause, "the peer sent bytes that are not SIP");
		return -1;
	}
	hend = header_end(buf + skip, len - skip);
	if (!hend) {
		if (len - skip > TW_SIP_MAX_MSG) {
			tw_fail(cause, "header block larger than 64 KiB");
			return -1;
		}
		return 0;
	}
	cl = raw_content_length(buf + skip, hend);
	if (cl == -2) {
		tw_fail(cause, "bad Content-Length");
		return -1;
	}
	if (cl < 0)
		cl = 0; /* RFC 3261 18.3 wants it on streams; be lenient */
	if (len < skip + hend + (size_t)cl)
		return 0;
	return (ssize_t)(skip + hend + (size_t)cl);
}

static void add_header(struct tw_sip_msg *m, char *name, char *value)
{
	m->h = tw_xrealloc(m->h, (m->nh + 1) * sizeof(*m->h));
	m->h[m->nh].name = name;
	m->h[m->nh].value = value;
	m->nh++;
}

static void flush_header(struct tw_sip_msg *m, char **name, struct tw_buf *cur)
{
	char *v = tw_buf_steal(cur);

	tw_strtrim(v);
	add_header(m, *name, v);
	*name = NULL;
}

static bool is_token_char(char c)
{
	return isalnum((unsigned char)c) || strchr("-.!%*_+`'~", c) != NULL;
}

static int parse_start(const char *line, struct tw_sip_msg *m, char **cause)
{
	if (strncmp(line, "SIP/2.0 ", 8) == 0) {
		const char *p = line + 8;

		if (!isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1]) ||
		    !isdigit((unsigned char)p[2]) || (p[3] != ' ' && p[3] != '\0')) {
			tw_fail(cause, "status line without a three-digit code");
			return -1;
		}
		m->code = (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
		if (m->code < 100 || m->code > 699) {
			tw_fail(cause, "status code outside 100-699");
			return -1;
		}
		m->reason = tw_xstrdup(p[3] ? p + 4 : "");
		return 0;
	}
	{
		const char *sp1 = strchr(line, ' '), *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
		const char *p;

		if (!sp1 || !sp2 || strcmp(sp2 + 1, "SIP/2.0") != 0) {
			tw_fail(cause, "first line is neither a SIP/2.0 status line nor a request line");
			return -1;
		}
		for (p = line; p < sp1; p++)
			if (!is_token_char(*p)) {
				tw_fail(cause, "bad request method");
				return -1;
			}
		m->method = tw_xstrndup(line, (size_t)(sp1 - line));
		m->uri = tw_xstrndup(sp1 + 1, (size_t)(sp2 - sp1 - 1));
	}
	return 0;
}

/* Split the header block into logical lines (folding joined). */
static int parse_headers(char *block, struct tw_sip_msg *m, char **cause)
{
	char *save = NULL, *line;
	bool first = true;
	struct tw_buf cur;
	char *curname = NULL;

	tw_buf_init(&cur);
	for (line = strtok_r(block, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		size_t l = strlen(line);
		char *colon;

		if (l && line[l - 1] == '\r')
			line[--l] = '\0';
		if (first) {
			first = false;
			if (parse_start(line, m, cause) < 0)
				return -1;
			continue;
		}
		if (!l)
			continue;
		if (line[0] == ' ' || line[0] == '\t') {
			if (!curname) {
				tw_fail(cause, "continuation line before any header");
				goto fail;
			}
			tw_buf_addc(&cur, ' ');
			tw_buf_adds(&cur, tw_strtrim(line));
			continue;
		}
		if (curname)
			flush_header(m, &curname, &cur);
		colon = strchr(line, ':');
		if (!colon || colon == line) {
			tw_fail(cause, "header line without a name and colon");
			goto fail;
		}
		*colon = '\0';
		tw_strtrim(line);
		if (!*line || strpbrk(line, " \t")) {
			tw_fail(cause, "bad header name");
			goto fail;
		}
		curname = tw_xstrdup(line);
		tw_buf_adds(&cur, colon + 1);
	}
	if (curname)
		flush_header(m, &curname, &cur);
	if (first) {
		tw_fail(cause, "empty message");
		return -1;
	}
	return 0;
fail:
	free(curname);
	tw_buf_free(&cur);
	return -1;
}

static int parse_msg(const char *data, size_t len, struct tw_sip_msg *m, char **cause)
{
	size_t skip = 0, hend;
	char *block;
	const char *cl;
	int rc;

	memset(m, 0, sizeof(*m));
	while (skip + 1 < len && data[skip] == '\r' && data[skip + 1] == '\n')
		skip += 2;
	if (memchr(data + skip, '\0', len - skip)) {
		tw_fail(cause, "NUL byte in the message");
		return -1;
	}
	hend = header_end(data + skip, len - skip);
	if (!hend) {
		tw_fail(cause, "no blank line after the headers");
		return -1;
	}
	block = tw_xstrndup(data + skip, hend);
	rc = parse_headers(block, m, cause);
	free(block);
	if (rc < 0)
		return -1;
	if (!tw_sip_header(m, "Via", NULL) || !tw_sip_header(m, "CSeq", NULL) ||
	    !tw_sip_header(m, "Call-ID", NULL) || !tw_sip_header(m, "From", NULL) ||
	    !tw_sip_header(m, "To", NULL)) {
		tw_fail(cause, "a mandatory header (Via, CSeq, Call-ID, From, To) is missing");
		return -1;
	}
	m->body_len = len - skip - hend;
	cl = tw_sip_header(m, "Content-Length", NULL);
	if (cl) {
		char *end;
		unsigned long v = strtoul(cl, &end, 10);

		if (end == cl || *end || v > m->body_len) {
			tw_fail(cause, "Content-Length disagrees with the message");
			return -1;
		}
		m->body_len = v;
	}
	m->body = tw_xstrndup(data + skip + hend, m->body_len);
	return 0;
}

int tw_sip_parse(const char *data, size_t len, struct tw_sip_msg *m, char **cause)
{
	if (parse_msg(data, len, m, cause) == 0)
		return 0;
	tw_sip_msg_clear(m); /* a rejected message holds nothing */
	return -1;
}

char *tw_sip_param(const char *value, const char *param)
{
	size_t plen = strlen(param);
	const char *p = value;
	int depth = 0;

	for (; *p; p++) {
		if (*p == '<')
			depth++;
		else if (*p == '>' && depth)
			depth--;
		else if (*p == '"') {
			const char *q = strchr(p + 1, '"');

			if (!q)
				return NULL;
			p = q;
		} else if (*p == ';' && !depth) {
			const char *s = p + 1, *e;

			while (*s == ' ')
				s++;
			if (strncasecmp(s, param, plen) != 0)
				continue;
			s += plen;
			while (*s == ' ')
				s++;
			if (*s == ';' || *s == ',' || *s == '\0')
				return tw_xstrdup("");
			if (*s != '=')
				continue;
			s++;
			while (*s == ' ')
				s++;
			e = s;
			while (*e && *e != ';' && *e != ',' && *e != ' ' && *e != '>')
				e++;
			if (*s == '"') {
				const char *q = strchr(s + 1, '"');

				if (q)
					return tw_xstrndup(s + 1, (size_t)(q - s - 1));
			}
			return tw_xstrndup(s, (size_t)(e - s));
		}
	}
	return NULL;
}

unsigned tw_sip_default_port(enum tw_transport tr)
{
	return tr == TW_TRANSPORT_TLS ? 5061 : 5060;
}

char *tw_sip_uri(const char *user, const char *host, unsigned port, enum tw_transport tr)
{
	struct tw_buf b;

	tw_buf_init(&b);
	tw_buf_adds(&b, "sip:");
	if (user && *user)
		tw_buf_printf(&b, "%s@", user);
	tw_buf_printf(&b, tw_is_ipv6(host) ? "[%s]" : "%s", host);
	if (port)
		tw_buf_printf(&b, ":%u", port);
	if (tr != TW_TRANSPORT_UDP)
		tw_buf_printf(&b, ";transport=%s", tw_transport_name(tr));
	return tw_buf_steal(&b);
}

static const char *via_proto(enum tw_transport tr)
{
	return tr == TW_TRANSPORT_TLS ? "TLS" : tr == TW_TRANSPORT_TCP ? "TCP" : "UDP";
}

char *tw_sip_build(const struct tw_sip_request *r)
{
	bool v6 = tw_is_ipv6(r->local_host);
	struct tw_buf b;

	tw_buf_init(&b);
	tw_buf_printf(&b, "%s %s SIP/2.0\r\n", r->method, r->ruri);
	tw_buf_printf(&b, v6 ? "Via: SIP/2.0/%s [%s]:%u;rport;branch=%s\r\n"
	                     : "Via: SIP/2.0/%s %s:%u;rport;branch=%s\r\n",
	              via_proto(r->tr), r->local_host, r->local_port, r->branch);
	tw_buf_adds(&b, "Max-Forwards: 70\r\n");
	tw_buf_printf(&b, "From: <%s>;tag=%s\r\n", r->from_uri, r->from_tag);
	tw_buf_printf(&b, "To: <%s>\r\n", r->to_uri);
	tw_buf_printf(&b, "Call-ID: %s\r\n", r->call_id);
	tw_buf_printf(&b, "CSeq: %u %s\r\n", r->cseq, r->method);
	if (r->contact_user) {
		char *c = tw_sip_uri(r->contact_user, r->local_host, r->local_port, r->tr);

		tw_buf_printf(&b, "Contact: <%s>", c);
		if (r->contact_expires >= 0)
			tw_buf_printf(&b, ";expires=%d", r->contact_expires);
		tw_buf_adds(&b, "\r\n");
		free(c);
	}
	if (r->expires >= 0)
		tw_buf_printf(&b, "Expires: %d\r\n", r->expires);
	if (r->auth_header && r->auth_value)
		tw_buf_printf(&b, "%s: %s\r\n", r->auth_header, r->auth_value);
	if (strcmp(r->method, "OPTIONS") == 0)
		tw_buf_adds(&b, "Accept: application/sdp\r\n");
	if (r->user_agent)
		tw_buf_printf(&b, "User-Agent: %s\r\n", r->user_agent);
	tw_buf_adds(&b, "Content-Length: 0\r\n\r\n");
	return tw_buf_steal(&b);
}
