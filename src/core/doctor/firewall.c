#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "doctor/firewall.h"

enum proto { P_ANY, P_UDP, P_TCP };
enum action { A_ACCEPT, A_DROP, A_OTHER /* jump, return, log: not final here */ };

struct range {
	unsigned lo, hi;
};

struct rule {
	enum proto proto;
	struct range *ports;   /* none = any port */
	size_t nports;
	bool unknown;          /* a condition we cannot judge */
	bool never;            /* never matches traffic from the network (lo only) */
	enum action action;
	char *text;
};

struct chain {
	char *name;
	bool drop_policy;
	struct rule *r;
	size_t n;
};

struct tw_fw {
	struct chain *c;
	size_t n;
	bool nft;
};

/* ---- tokens: words, with "..." kept as one ---- */

static size_t tokenize(const char *s, char ***out)
{
	size_t n = 0;

	*out = NULL;
	while (*s) {
		const char *b;

		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			break;
		b = s;
		if (*s == '"') {
			s = strchr(s + 1, '"');
			s = s ? s + 1 : b + strlen(b);
		} else {
			while (*s && !isspace((unsigned char)*s))
				s++;
		}
		*out = tw_xrealloc(*out, (n + 1) * sizeof(**out));
		(*out)[n++] = tw_xstrndup(b, (size_t)(s - b));
	}
	return n;
}

/* "5060", "10000-20000" / "10000:20000", "{ 5060, 5061 }" pieces, or a
 * comma list: appends ranges; false on something not numeric. */
static bool add_ports(struct rule *r, const char *w)
{
	char buf[64];
	char *save = NULL, *item;

	snprintf(buf, sizeof(buf), "%s", w);
	for (item = strtok_r(buf, ",{}", &save); item; item = strtok_r(NULL, ",{}", &save)) {
		unsigned lo, hi;
		char sep;

		if (!*item)
			continue;
		if (sscanf(item, "%u%c%u", &lo, &sep, &hi) == 3 && (sep == '-' || sep == ':')) {
			;
		} else if (sscanf(item, "%u", &lo) == 1 && strspn(item, "0123456789") == strlen(item)) {
			hi = lo;
		} else {
			return false;
		}
		r->ports = tw_xrealloc(r->ports, (r->nports + 1) * sizeof(*r->ports));
		r->ports[r->nports].lo = lo;
		r->ports[r->nports].hi = hi;
		r->nports++;
	}
	return true;
}

static struct chain *add_chain(struct tw_fw *fw, const char *name)
{
	fw->c = tw_xrealloc(fw->c, (fw->n + 1) * sizeof(*fw->c));
	memset(&fw->c[fw->n], 0, sizeof(*fw->c));
	fw->c[fw->n].name = tw_xstrdup(name);
	return &fw->c[fw->n++];
}

static struct rule *add_rule(struct chain *c, const char *text)
{
	c->r = tw_xrealloc(c->r, (c->n + 1) * sizeof(*c->r));
	memset(&c->r[c->n], 0, sizeof(*c->r));
	c->r[c->n].text = tw_xstrdup(text);
	c->r[c->n].action = A_OTHER;
	return &c->r[c->n++];
}

static bool is_lo(const char *w)
{
	return strcmp(w, "lo") == 0 || strcmp(w, "\"lo\"") == 0;
}

/* ---- nft ---- */

static void nft_rule(struct chain *c, const char *line)
{
	char **w;
	size_t n = tokenize(line, &w), i;
	struct rule *r = add_rule(c, line);

	for (i = 0; i < n; i++) {
		const char *t = w[i];

		if (strcmp(t, "counter") == 0 || strcmp(t, "log") == 0) {
			continue;
		} else if (strcmp(t, "comment") == 0 && i + 1 < n) {
			i++;
		} else if ((strcmp(t, "udp") == 0 || strcmp(t, "tcp") == 0 || strcmp(t, "th") == 0) &&
		           i + 1 < n && strcmp(w[i + 1], "dport") == 0) {
			if (t[0] != 't' || t[1] != 'h')
				r->proto = t[0] == 'u' ? P_UDP : P_TCP;
			i += 2;
			if (i < n && strcmp(w[i], "{") == 0) {
				struct tw_buf b;

				tw_buf_init(&b);
				for (i++; i < n && strcmp(w[i], "}") != 0; i++)
					tw_buf_printf(&b, "%s,", w[i]);
				if (!b.data || !add_ports(r, b.data))
					r->unknown = true;
				tw_buf_free(&b);
			} else if (i >= n || !add_ports(r, w[i])) {
				r->unknown = true;
			}
		} else if ((strcmp(t, "l4proto") == 0 || strcmp(t, "protocol") == 0 ||
		            strcmp(t, "nexthdr") == 0) && i + 1 < n) {
			i++;
			if (strcmp(w[i], "udp") == 0)
				r->proto = P_UDP;
			else if (strcmp(w[i], "tcp") == 0)
				r->proto = P_TCP;
			else
				r->never = true; /* icmp and friends */
		} else if (strcmp(t, "meta") == 0 || strcmp(t, "ip") == 0 || strcmp(t, "ip6") == 0) {
			if (i + 1 < n && (strcmp(w[i + 1], "l4proto") == 0 || strcmp(w[i + 1], "protocol") == 0 ||
			                  strcmp(w[i + 1], "nexthdr") == 0))
				continue;
			r->unknown = true;
			i++;
		} else if ((strcmp(t, "iif") == 0 || strcmp(t, "iifname") == 0) && i + 1 < n) {
			i++;
			if (is_lo(w[i]))
				r->never = true;
			else
				r->unknown = true;
		} else if (strcmp(t, "accept") == 0) {
			r->action = A_ACCEPT;
			break;
		} else if (strcmp(t, "drop") == 0 || strcmp(t, "reject") == 0) {
			r->action = A_DROP;
			break;
		} else if (strcmp(t, "jump") == 0 || strcmp(t, "goto") == 0 || strcmp(t, "return") == 0) {
			r->unknown = true;
			r->action = A_OTHER;
			break;
		} else {
			r->unknown = true;
		}
	}
	tw_strv_free(&w, n);
}

struct tw_fw *tw_fw_parse_nft(const char *text)
{
	struct tw_fw *fw = tw_xcalloc(1, sizeof(*fw));
	struct chain *cur = NULL;
	bool in_chain = false, is_input = false;
	char *copy = tw_xstrdup(text), *save = NULL, *line;
	char name[128] = "", table[128] = "";

	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		tw_strtrim(line);
		if (!*line || line[0] == '#')
			continue;
		if (strncmp(line, "table ", 6) == 0) {
			snprintf(table, sizeof(table), "%.*s", (int)strcspn(line + 6, "{"), line + 6);
			tw_strtrim(table);
			continue;
		}
		if (strncmp(line, "chain ", 6) == 0) {
			char *full;

			snprintf(name, sizeof(name), "%.*s", (int)strcspn(line + 6, " {"), line + 6);
			full = tw_xasprintf("%s %s", table, name);
			snprintf(name, sizeof(name), "%s", full);
			free(full);
			in_chain = true;
			is_input = false;
			cur = NULL;
			continue;
		}
		if (!in_chain)
			continue;
		if (strcmp(line, "}") == 0) {
			in_chain = false;
			continue;
		}
		if (strncmp(line, "type ", 5) == 0) {
			is_input = strstr(line, "hook input") != NULL;
			if (is_input) {
				cur = add_chain(fw, name);
				cur->drop_policy = strstr(line, "policy drop") != NULL;
			}
			continue;
		}
		if (strncmp(line, "policy ", 7) == 0 && cur) {
			cur->drop_policy = strstr(line, "drop") != NULL;
			continue;
		}
		if (is_input && cur)
			nft_rule(cur, line);
	}
	free(copy);
	fw->nft = true;
	if (fw->n == 0)
		tw_fw_free(&fw);
	return fw;
}

const char *tw_fw_input_chain(const struct tw_fw *fw)
{
	return fw && fw->n ? fw->c[0].name : "INPUT";
}

bool tw_fw_is_nft(const struct tw_fw *fw)
{
	return fw && fw->nft;
}

/* ---- iptables-save ---- */

static void ipt_rule(struct chain *c, const char *line)
{
	char **w;
	size_t n = tokenize(line, &w), i;
	struct rule *r = add_rule(c, line);

	for (i = 2; i < n; i++) {
		const char *t = w[i], *v = i + 1 < n ? w[i + 1] : "";

		if (strcmp(t, "-p") == 0) {
			r->proto = strcmp(v, "udp") == 0 ? P_UDP : strcmp(v, "tcp") == 0 ? P_TCP : P_ANY;
			if (r->proto == P_ANY && strcmp(v, "all") != 0)
				r->never = true;
			i++;
		} else if (strcmp(t, "-m") == 0) {
			if (strcmp(v, "udp") != 0 && strcmp(v, "tcp") != 0 && strcmp(v, "multiport") != 0 &&
			    strcmp(v, "comment") != 0)
				r->unknown = true;
			i++;
		} else if (strcmp(t, "--comment") == 0) {
			i++;
		} else if (strcmp(t, "--dport") == 0 || strcmp(t, "--dports") == 0 ||
		           strcmp(t, "--destination-port") == 0) {
			if (!add_ports(r, v))
				r->unknown = true;
			i++;
		} else if (strcmp(t, "-i") == 0) {
			if (is_lo(v))
				r->never = true;
			else
				r->unknown = true;
			i++;
		} else if (strcmp(t, "-j") == 0 || strcmp(t, "-g") == 0) {
			if (strcmp(v, "ACCEPT") == 0)
				r->action = A_ACCEPT;
			else if (strcmp(v, "DROP") == 0 || strcmp(v, "REJECT") == 0)
				r->action = A_DROP;
			else if (strcmp(v, "LOG") != 0)
				r->unknown = true; /* a user chain, RETURN...: not followed */
			i++;
		} else {
			r->unknown = true;
			if (t[0] == '-' && v[0] != '-' && v[0])
				i++;
		}
	}
	tw_strv_free(&w, n);
}

struct tw_fw *tw_fw_parse_iptables(const char *text)
{
	struct tw_fw *fw = tw_xcalloc(1, sizeof(*fw));
	char *copy = tw_xstrdup(text), *save = NULL, *line;
	bool filter = false;
	struct chain *input = NULL;

	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		tw_strtrim(line);
		if (line[0] == '*') {
			filter = strcmp(line, "*filter") == 0;
			input = NULL;
		} else if (filter && strncmp(line, ":INPUT ", 7) == 0) {
			input = add_chain(fw, "INPUT");
			input->drop_policy = strncmp(line + 7, "DROP", 4) == 0;
		} else if (filter && input && strncmp(line, "-A INPUT ", 9) == 0) {
			ipt_rule(input, line);
		}
	}
	free(copy);
	if (fw->n == 0)
		tw_fw_free(&fw);
	return fw;
}

void tw_fw_free(struct tw_fw **fwp)
{
	size_t i, j;

	if (!fwp || !*fwp)
		return;
	for (i = 0; i < (*fwp)->n; i++) {
		struct chain *c = &(*fwp)->c[i];

		for (j = 0; j < c->n; j++) {
			free(c->r[j].ports);
			free(c->r[j].text);
		}
		free(c->r);
		free(c->name);
	}
	free((*fwp)->c);
	free(*fwp);
	*fwp = NULL;
}

/* ---- evaluation ---- */

static bool rule_applies(const struct rule *r, bool udp, unsigned port)
{
	size_t i;

	if (r->never)
		return false;
	if (r->proto != P_ANY && (r->proto == P_UDP) != udp)
		return false;
	if (!r->nports)
		return true;
	for (i = 0; i < r->nports; i++)
		if (port >= r->ports[i].lo && port <= r->ports[i].hi)
			return true;
	return false;
}

static enum tw_fw_verdict chain_check(const struct chain *c, bool udp, unsigned port,
                                      const char **why)
{
	const char *maybe = NULL;
	size_t i;

	for (i = 0; i < c->n; i++) {
		const struct rule *r = &c->r[i];

		if (!rule_applies(r, udp, port))
			continue;
		if (r->unknown) {
			if (r->action != A_ACCEPT && !maybe)
				maybe = r->text;
			continue;
		}
		if (r->action == A_ACCEPT) {
			*why = maybe ? maybe : r->text;
			return maybe ? TW_FW_MAYBE_DROP : TW_FW_ACCEPT;
		}
		if (r->action == A_DROP) {
			*why = r->text;
			return TW_FW_DROP;
		}
	}
	if (c->drop_policy) {
		*why = "the chain's policy is drop";
		return TW_FW_DROP;
	}
	*why = maybe;
	return maybe ? TW_FW_MAYBE_DROP : TW_FW_ACCEPT;
}

enum tw_fw_verdict tw_fw_check(const struct tw_fw *fw, bool udp, unsigned port, const char **why)
{
	enum tw_fw_verdict worst = TW_FW_ACCEPT;
	size_t i;

	*why = NULL;
	for (i = 0; fw && i < fw->n; i++) {
		const char *w = NULL;
		enum tw_fw_verdict v = chain_check(&fw->c[i], udp, port, &w);

		if (v > worst) {
			worst = v;
			*why = w;
		}
	}
	return worst;
}

enum tw_fw_verdict tw_fw_check_range(const struct tw_fw *fw, bool udp, unsigned lo,
                                     unsigned hi, char **summary)
{
	enum tw_fw_verdict worst = TW_FW_ACCEPT;
	struct tw_buf b;
	unsigned p = lo, runs = 0;

	tw_buf_init(&b);
	while (p <= hi) {
		const char *why;
		enum tw_fw_verdict v = tw_fw_check(fw, udp, p, &why);
		unsigned q = p;

		while (q < hi) {
			const char *w2;

			if (tw_fw_check(fw, udp, q + 1, &w2) != v || !tw_streq(w2, why))
				break;
			q++;
		}
		if (v != TW_FW_ACCEPT) {
			if (runs++ < 3) {
				tw_buf_printf(&b, "%s%s %s %u", b.len ? "; " : "",
				              v == TW_FW_DROP ? "drops" : "may drop", udp ? "UDP" : "TCP", p);
				if (q != p)
					tw_buf_printf(&b, "-%u", q);
				if (why)
					tw_buf_printf(&b, " (%s)", why);
			}
			if (v > worst)
				worst = v;
		}
		if (q == 65535)
			break;
		p = q + 1;
	}
	if (runs > 3)
		tw_buf_printf(&b, "; and %u more ranges", runs - 3);
	*summary = b.len ? tw_buf_steal(&b) : NULL;
	tw_buf_free(&b);
	return worst;
}
