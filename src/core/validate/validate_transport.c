/* validate_transport.c - a transport on its own (TLS files, cipher list,
 * bind), and the files an object names that Asterisk opens as it loads
 * it: checked on the machine check runs on, which is the PBX itself. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "trunkwiz/base.h"
#include "trunkwiz/net.h"
#include "trunkwiz/validate.h"
#include "validate/validate_priv.h"
#include "base/base.h"
#include "net/net.h"

/* Files Asterisk opens as it parses the line, dropping the object when
 * one is missing or unreadable. Run on the PBX itself, check sees the
 * same files Asterisk would. */
static void check_files(struct pjctx *pc, size_t i, const char *const *files, size_t n,
                        const char *obj, const char *says)
{
	const struct tw_conf_section *s = pc->pm.si[i].s;
	size_t k;

	for (k = 0; k < n; k++) {
		const struct tw_conf_option *op = tw_v_eff_last(&pc->pm, i, files[k]);
		const char *v = op ? op->value : NULL;

		if (!v || !*v)
			continue;
		if (v[0] != '/')
			tw_v_odiag(pc->c, TW_WARNING, tw_v_line_sec(op, s), op, "write the absolute path",
			           "a relative path is looked up from Asterisk's working directory, "
			           "not from the config directory");
		else if (access(v, R_OK) != 0)
			tw_v_odiag(pc->c, TW_ERROR, tw_v_line_sec(op, s), op,
			           "create the file, fix the path, or make it readable by the asterisk user",
			           "%s is missing or not readable on this machine: Asterisk drops the "
			           "%s ('%s')", v, obj, says);
	}
}

/* config_transport.c checks each TLS file as it parses the line, whatever
 * the protocol: "cert_file ... is either missing or not readable", and
 * the transport is dropped (asterisk-behaviour.md; 5 of 55 real configs). */
static void check_tls_files(struct pjctx *pc, size_t i)
{
	static const char *const files[] = { "cert_file", "priv_key_file", "ca_list_file" };

	check_files(pc, i, files, TW_ARRAY_LEN(files), "transport", "is either missing or not readable");
}

/* An endpoint's DTLS certificate and key: ast_rtp_dtls_cfg_parse
 * (main/rtp_engine.c) refuses a file that is not readable ("dtlscertfile
 * file ... does not exist or is not readable"), the option's handler
 * fails and the endpoint is dropped. The CA file is not checked there. */
void tw_v_check_dtls_files(struct pjctx *pc, size_t i)
{
	static const char *const files[] = { "dtls_cert_file", "dtls_private_key" };

	check_files(pc, i, files, TW_ARRAY_LEN(files), "endpoint", "does not exist or is not readable");
}

/* cipher is split at ',' only (config_transport.c,
 * transport_tls_cipher_handler): "A:B", OpenSSL's list form, is looked up
 * as one name, which no cipher has ("Cipher ... is unsupported"), and the
 * handler's failure drops the transport. Whether a single name exists
 * depends on the OpenSSL build, so only the ':' is certain. */
static void check_cipher(struct pjctx *pc, size_t i)
{
	const struct tw_conf_option *op = tw_v_eff_last(&pc->pm, i, "cipher");
	const char *p;

	if (!op || !op->value)
		return;
	for (p = op->value; tw_v_next_item(&p, ",", pc->c->item, sizeof(pc->c->item));) {
		if (!strchr(pc->c->item, ':'))
			continue;
		tw_v_odiag(pc->c, TW_ERROR, tw_v_line_sec(op, pc->pm.si[i].s), op,
		           "separate the cipher names with ',' (cipher = A,B), not ':'",
		           "'%s' is not one cipher name: Asterisk splits the list at ',' only, "
		           "finds no such cipher and drops the transport ('Cipher ... is unsupported')",
		           pc->c->item);
		return;
	}
}

void tw_v_check_transport(struct pjctx *pc, size_t i)
{
	struct vctx *c = pc->c;
	const struct tw_conf_section *s = pc->pm.si[i].s;
	const char *proto = tw_v_eff_value(&pc->pm, i, "protocol");
	const struct tw_conf_option *bind = tw_v_eff_last(&pc->pm, i, "bind");
	char *host = NULL;
	unsigned port = 0;

	if (!proto || !*proto)
		proto = "udp";
	if (strcasecmp(proto, "flow") == 0)
		return;
	check_tls_files(pc, i);
	check_cipher(pc, i);
	if (!bind || !bind->value || !*bind->value) {
		tw_v_sdiag(c, TW_ERROR, s, "add bind = 0.0.0.0 (or 0.0.0.0:5060)",
		           "transport without bind: Asterisk cannot start it ('binding not specified')");
		return;
	}
	if (tw_v_eff_value(&pc->pm, i, "external_signaling_address") &&
	    tw_v_eff_value(&pc->pm, i, "external_signaling_hostname"))
		tw_v_sdiag(c, TW_ERROR, s, "keep only one of them",
		           "external_signaling_address and external_signaling_hostname exclude each other");
	if (strcasecmp(proto, "ws") == 0 || strcasecmp(proto, "wss") == 0)
		return;
	if (tw_is_ipv4(bind->value) || tw_is_ipv6(bind->value))
		host = tw_xstrdup(bind->value);
	else if (tw_split_hostport(bind->value, &host, &port, NULL) != 0)
		return;
	if (!port)
		port = strcasecmp(proto, "tls") == 0 ? 5061 : 5060;
	if (pc->nb == pc->bcap) {
		pc->bcap = pc->bcap ? pc->bcap * 2 : 8;
		pc->b = tw_xrealloc(pc->b, pc->bcap * sizeof(*pc->b));
	}
	{
		char pl[16];
		size_t k;

		for (k = 0; proto[k] && k + 1 < sizeof(pl); k++)
			pl[k] = (char)tolower((unsigned char)proto[k]);
		pl[k] = '\0';
		pc->b[pc->nb].key = tw_xasprintf("%s %s port %u", pl, host, port);
	}
	pc->b[pc->nb].op = bind;
	pc->b[pc->nb].s = s;
	pc->nb++;
	free(host);
}
