/* liveconf.h - what the doctor needs from the live Asterisk config dir:
 * the pjsip.conf transports (with their #includes) and the RTP port range
 * in rtp.conf. Missing files are facts, not errors. */
#ifndef TRUNKWIZ_LIVECONF_H
#define TRUNKWIZ_LIVECONF_H

#include <stdbool.h>
#include <stddef.h>

#include "trunkwiz/base.h"
#include "trunkwiz/trunk.h"

struct tw_live_transport {
	char *name;
	char *file;
	unsigned line;
	char *protocol;         /* as written (default udp) */
	bool sip_proto;         /* udp, tcp or tls */
	enum tw_transport proto;
	char *bind;             /* as written, or NULL */
	char *bind_host;        /* host part of bind ("0.0.0.0" default) */
	unsigned port;          /* bind port, or the protocol's default */
	char *ext_media;        /* external_media_address or NULL */
	char *ext_signaling;    /* external_signaling_address or NULL */
	char **local_nets;      /* every local_net value */
	size_t nlocal_nets;
};

struct tw_live {
	char *pjsip_path;       /* <confdir>/pjsip.conf */
	bool have_pjsip;        /* it could be read */
	char *pjsip_error;      /* why it could not, when it is there */
	struct tw_live_transport *t;
	size_t n;
	char *rtp_path;         /* <confdir>/rtp.conf */
	bool have_rtp;
	unsigned rtp_start;     /* 10000 unless rtp.conf says otherwise */
	unsigned rtp_end;       /* 20000 likewise */
};

/* Read <confdir>/pjsip.conf (following includes) and <confdir>/rtp.conf.
 * Returns 0; -1 only when a file exists but cannot be parsed as a config
 * (d says why). Clear l with tw_live_clear either way. */
int tw_live_load(struct tw_live *l, const char *confdir, struct tw_diags *d) TW_MUST_CHECK;
void tw_live_clear(struct tw_live *l);

/* The transport a trunk uses: the one named transport_name when given
 * (NULL when missing), else the first whose protocol is tr (Asterisk
 * picks "the first transport of a compatible type"). */
const struct tw_live_transport *tw_live_transport_for(const struct tw_live *l,
                                                      const char *transport_name,
                                                      enum tw_transport tr);

#endif
