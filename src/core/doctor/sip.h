/* sip.h - SIP messages (RFC 3261): build the requests the doctor sends
 * (OPTIONS, REGISTER) and parse what comes back. Parsing is strict enough
 * to call a response malformed (bad status line, a header line without a
 * colon, missing Via/CSeq/Call-ID, a Content-Length that disagrees) and
 * lenient where RFC 3261 is (header name case, compact forms, folded
 * lines). */
#ifndef TRUNKWIZ_SIP_H
#define TRUNKWIZ_SIP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "trunkwiz/trunk.h"
#include "trunkwiz/base.h"

#define TW_SIP_MAX_MSG 65535

struct tw_sip_header {
	char *name;   /* as received */
	char *value;  /* folded lines joined, trimmed */
};

/* A parsed message. A response has code > 0; a request has method. */
struct tw_sip_msg {
	int code;
	char *reason;
	char *method;
	char *uri;
	struct tw_sip_header *h;
	size_t nh;
	char *body;
	size_t body_len;
};

/* Parse one whole message of len bytes. Returns 0, or -1 with *cause
 * (malloc'd) saying why it is malformed. m is cleared first and must be cleared
 * with tw_sip_msg_clear after either result. */
int tw_sip_parse(const char *data, size_t len, struct tw_sip_msg *m,
                 char **cause) TW_MUST_CHECK;
void tw_sip_msg_clear(struct tw_sip_msg *m);

/* For stream transports: the length of the first whole message in buf
 * (headers + Content-Length body), 0 when more bytes are needed, -1 when
 * the bytes cannot be a SIP message (*cause, malloc'd, says why). Leading CRLFs
 * (keep-alives) count as part of the message. */
ssize_t tw_sip_frame(const char *buf, size_t len, char **cause);

/* The value of the first header named name (case-insensitive; the compact
 * form matches too: v/Via, i/Call-ID, f/From, t/To, l/Content-Length,
 * m/Contact), or NULL. *pos, when not NULL, starts the search at that index
 * and is left after the match, to visit repeated headers. */
const char *tw_sip_header(const struct tw_sip_msg *m, const char *name, size_t *pos);

/* A ;param of a header value (e.g. "branch" of a Via, "tag" of a To,
 * "expires" of a Contact), malloc'd, or NULL. Params inside <...> are
 * not looked at. A param without '=' gives "". */
char *tw_sip_param(const char *value, const char *param);

/* What a request needs. NULL fields are left out. */
struct tw_sip_request {
	const char *method;       /* "OPTIONS", "REGISTER" */
	const char *ruri;         /* Request-URI */
	const char *from_uri;     /* From: <from_uri>;tag=from_tag */
	const char *from_tag;
	const char *to_uri;       /* To: <to_uri> */
	const char *call_id;
	unsigned cseq;
	const char *branch;       /* Via branch, starting with z9hG4bK */
	enum tw_transport tr;     /* Via protocol */
	const char *local_host;   /* Via sent-by and Contact host */
	unsigned local_port;
	const char *contact_user; /* Contact: <sip:user@local;transport=x> */
	int contact_expires;      /* ;expires= on the Contact, -1 none */
	int expires;              /* Expires header, -1 none */
	const char *auth_header;  /* "Authorization" or "Proxy-Authorization" */
	const char *auth_value;
	const char *user_agent;
};

/* The request as text, CRLF line ends, Content-Length: 0. */
char *tw_sip_build(const struct tw_sip_request *r);

/* A URI "sip:[user@]host[:port][;transport=x]": IPv6 hosts bracketed, port
 * left out when 0, transport left out for UDP. */
char *tw_sip_uri(const char *user, const char *host, unsigned port,
                 enum tw_transport tr);

/* Default port of a transport: 5061 for TLS, else 5060. */
unsigned tw_sip_default_port(enum tw_transport tr);

#endif
