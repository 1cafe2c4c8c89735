#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "trunkwiz/conf.h"
#include "doctor/liveconf.h"
#include "trunkwiz/net.h"
#include "base/base.h"
#include "conf/conf.h"
#include "net/net.h"
#include "trunk/trunk.h"

static void read_transport(struct tw_live *l, const struct tw_conf_section *s)
{
	struct tw_live_transport *t;
	const struct tw_conf_option **nets;
	const char *v;
	int p;
	size_t i;

	l->t = tw_xrealloc(l->t, (l->n + 1) * sizeof(*l->t));
	t = &l->t[l->n++];
	memset(t, 0, sizeof(*t));
	t->name = tw_xstrdup(s->name);
	t->file = tw_xstrdup(s->file ? s->file : "pjsip.conf");
	t->line = s->line;
	v = tw_conf_section_value(s, "protocol");
	t->protocol = tw_xstrdup(v ? v : "udp");
	p = tw_transport_parse(t->protocol);
	t->sip_proto = p >= 0;
	t->proto = p >= 0 ? (enum tw_transport)p : TW_TRANSPORT_UDP;
	t->port = t->proto == TW_TRANSPORT_TLS ? 5061 : 5060;
	v = tw_conf_section_value(s, "bind");
	if (v) {
		char *host = NULL;
		unsigned port = 0;

		t->bind = tw_xstrdup(v);
		if (tw_split_hostport(v, &host, &port, NULL) == 0) {
			t->bind_host = host;
			if (port)
				t->port = port;
		}
	}
	if (!t->bind_host)
		t->bind_host = tw_xstrdup("0.0.0.0");
	v = tw_conf_section_value(s, "external_media_address");
	t->ext_media = v && *v ? tw_xstrdup(v) : NULL;
	v = tw_conf_section_value(s, "external_signaling_address");
	t->ext_signaling = v && *v ? tw_xstrdup(v) : NULL;
	t->nlocal_nets = tw_conf_section_collect(s, "local_net", &nets);
	t->local_nets = tw_xcalloc(t->nlocal_nets, sizeof(*t->local_nets));
	for (i = 0; i < t->nlocal_nets; i++)
		t->local_nets[i] = tw_xstrdup(nets[i]->value);
	free(nets);
}

/* Load path to look at the live setup: 1 with *out, 0 when there is no
 * such file to read, -1 when it is not a config file: then tw_conf_load's
 * errors, which say why, go to d and the first one's text to *cause. What
 * is wrong inside a file that could be read is left out: 'trunkwiz check'
 * reports that. */
static int load_conf(const char *path, const char *confdir, bool includes, struct tw_conf **out,
                     char **cause, struct tw_diags *d)
{
	struct tw_diags pd;
	size_t i;
	int rc;

	*out = NULL;
	if (access(path, R_OK) < 0)
		return 0;
	*out = tw_conf_new(confdir);
	tw_diags_init(&pd);
	rc = tw_conf_load(*out, path, includes, &pd);
	if (rc < 0) {
		if (!tw_diags_has_errors(&pd))
			tw_diag_at(&pd, TW_ERROR, path, 0, NULL, "cannot read it as a config file");
		for (i = 0; pd.v[i].sev != TW_ERROR; i++)
			;
		tw_fail(cause, "%s", pd.v[i].msg);
		tw_diags_move(d, &pd);
		tw_conf_free(out);
		return -1;
	}
	tw_diags_clear(&pd);
	return 1;
}

static int load_pjsip(struct tw_live *l, const char *confdir, struct tw_diags *d)
{
	struct tw_conf *c;
	size_t i;
	int rc = load_conf(l->pjsip_path, confdir, true, &c, &l->pjsip_error, d);

	if (rc <= 0)
		return rc;
	l->have_pjsip = true;
	for (i = 0; i < c->nsections; i++) {
		const struct tw_conf_section *s = c->sections[i];
		const char *type;

		if (s->is_template || s->is_addition)
			continue;
		type = tw_conf_section_value(s, "type");
		if (type && strcmp(type, "transport") == 0)
			read_transport(l, s);
	}
	tw_conf_free(&c);
	return 0;
}

static bool port_value(const char *v, unsigned *out)
{
	char *end;
	unsigned long x;

	if (!v)
		return false;
	errno = 0;
	x = strtoul(v, &end, 10);
	if (errno || end == v || *end || x == 0 || x > 65535)
		return false;
	*out = (unsigned)x;
	return true;
}

static int load_rtp(struct tw_live *l, struct tw_diags *d)
{
	struct tw_conf *c;
	struct tw_conf_section *g;
	int rc = load_conf(l->rtp_path, NULL, false, &c, NULL, d);

	if (rc <= 0)
		return rc;
	l->have_rtp = true;
	g = tw_conf_find_section(c, "general");
	if (g) {
		port_value(tw_conf_section_value(g, "rtpstart"), &l->rtp_start);
		port_value(tw_conf_section_value(g, "rtpend"), &l->rtp_end);
	}
	tw_conf_free(&c);
	return 0;
}

int tw_live_load(struct tw_live *l, const char *confdir, struct tw_diags *d)
{
	int rc = 0;

	memset(l, 0, sizeof(*l));
	l->rtp_start = 10000;
	l->rtp_end = 20000;
	l->pjsip_path = tw_xasprintf("%s/pjsip.conf", confdir);
	l->rtp_path = tw_xasprintf("%s/rtp.conf", confdir);
	if (load_pjsip(l, confdir, d) < 0)
		rc = -1;
	if (load_rtp(l, d) < 0)
		rc = -1;
	return rc;
}

void tw_live_clear(struct tw_live *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		struct tw_live_transport *t = &l->t[i];

		free(t->name);
		free(t->file);
		free(t->protocol);
		free(t->bind);
		free(t->bind_host);
		free(t->ext_media);
		free(t->ext_signaling);
		tw_strv_free(&t->local_nets, t->nlocal_nets);
	}
	free(l->t);
	free(l->pjsip_path);
	free(l->pjsip_error);
	free(l->rtp_path);
	memset(l, 0, sizeof(*l));
}

const struct tw_live_transport *tw_live_transport_for(const struct tw_live *l,
                                                      const char *transport_name,
                                                      enum tw_transport tr)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (transport_name && *transport_name) {
			if (strcmp(l->t[i].name, transport_name) == 0)
				return &l->t[i];
		} else if (l->t[i].sip_proto && l->t[i].proto == tr) {
			return &l->t[i];
		}
	}
	return NULL;
}
