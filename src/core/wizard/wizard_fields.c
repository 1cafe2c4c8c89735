/* wizard_fields.c - the wizard's form screens as data: which fields each
 * screen has (bound to answer keys), which of them apply to the trunk as
 * it stands, where an answer's field is, and the options of the choice
 * fields (wizard.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "trunk/dialplan.h"
#include "trunkwiz/wizard.h"
#include "wizard/wizard_priv.h"
#include "trunk/trunk.h"

/* ---- screens and fields (data) ---- */

static const struct tw_wiz_field trunk_fields[] = {
	{ "name", "Trunk name", TW_WIZ_TEXT,
	  "names its sections (NAME-auth...): letters, digits - _ ." },
	{ "auth", "Authentication", TW_WIZ_CHOICE,
	  "how the provider knows this PBX: Left/Right changes" },
	{ "region", "Region", TW_WIZ_CHOICE,
	  "the provider's server near you: Left/Right changes" },
	{ "server", "SIP server", TW_WIZ_TEXT, "the provider's SIP host name or address" },
	{ "username", "Username", TW_WIZ_TEXT, "the SIP username (account) the provider gave you" },
	{ "password", "Password", TW_WIZ_SECRET,
	  "the SIP password; hidden: Ctrl-T (F2) shows or hides it" },
	{ "auth_username", "Auth username", TW_WIZ_TEXT,
	  "only when the provider gives one apart from the username" },
	{ "from_user", "From user", TW_WIZ_TEXT,
	  "user part of From, when the provider asks for one" },
	{ "contact_user", "Contact user", TW_WIZ_TEXT,
	  "user part of Contact, when the provider asks for one" },
};

static const struct tw_wiz_field network_fields[] = {
	{ "transport", "Transport", TW_WIZ_CHOICE, "udp, tcp or tls: Left/Right changes" },
	{ "port", "SIP port", TW_WIZ_TEXT, "the provider's port (5060; 5061 for tls)" },
	{ "create_transport", "Create transport", TW_WIZ_CHOICE,
	  "yes: add a transport when pjsip.conf has none for it" },
	{ "public_ip", "Public address", TW_WIZ_TEXT,
	  "behind NAT: this PBX's public IP (Ctrl-D/F5 finds it)" },
	{ "local_net", "Local networks", TW_WIZ_TEXT,
	  "this PBX's private networks, e.g. 192.168.1.0/24" },
	{ "transport_nat", "NAT on transport", TW_WIZ_CHOICE,
	  "edit: add the addresses to your transport; own: a new one on its own port" },
	{ "cert_file", "TLS certificate", TW_WIZ_TEXT,
	  "PEM certificate for the TLS transport trunkwiz creates" },
	{ "priv_key_file", "TLS private key", TW_WIZ_TEXT,
	  "PEM private key for the TLS transport trunkwiz creates" },
};

static const struct tw_wiz_field advanced_fields[] = {
	{ "dtmf_mode", "DTMF mode", TW_WIZ_CHOICE, "how key presses are sent: Left/Right changes" },
	{ "media_encryption", "Media encryption", TW_WIZ_CHOICE,
	  "sdes: SRTP keys over TLS signalling; Left/Right changes" },
	{ "nat", "Behind NAT", TW_WIZ_CHOICE,
	  "yes: rtp_symmetric, force_rport, rewrite_contact on the endpoint" },
	{ "from_domain", "From domain", TW_WIZ_TEXT, "domain in the From header, when the provider asks" },
	{ "outbound_proxy", "Outbound proxy", TW_WIZ_TEXT, "a SIP URI such as sip:proxy.example.com" },
	{ "qualify_frequency", "Qualify every", TW_WIZ_TEXT, "seconds between OPTIONS pings; 0 turns them off" },
	{ "qualify_timeout", "Qualify timeout", TW_WIZ_TEXT, "seconds to wait for an answer to OPTIONS" },
	{ "expiration", "Registration expiry", TW_WIZ_TEXT, "seconds a registration lasts" },
	{ "retry_interval", "Retry interval", TW_WIZ_TEXT, "seconds between registration retries" },
	{ "transport_name", "Transport name", TW_WIZ_TEXT,
	  "a type=transport section of pjsip.conf; empty: Asterisk picks" },
	{ "asterisk_version", "Asterisk version", TW_WIZ_TEXT, "the version the files are for, e.g. 20 or 22.2" },
};

static const struct tw_wiz_field dialing_fields[] = {
	{ "dial_preset", "Country preset", TW_WIZ_CHOICE, "the numbers people dial out: Left/Right" },
	{ "number_format", "Number format", TW_WIZ_CHOICE, "how this provider wants the number: Left/Right" },
	{ "callerid", "Caller ID", TW_WIZ_TEXT, "outbound caller ID, e.g. \"Office\" <+12125551234>" },
	{ "emergency", "Emergency numbers", TW_WIZ_CHOICE, "yes: dial the preset's emergency numbers out" },
	{ "inbound_context", "Inbound to context", TW_WIZ_TEXT, "where inbound calls go: a context of yours" },
	{ "inbound_exten", "Inbound extension", TW_WIZ_TEXT,
	  "an extension there, or ${EXTEN} for the number dialled" },
	{ "context", "Trunk context", TW_WIZ_TEXT, "the context trunkwiz makes for calls from the provider" },
	{ "outbound_context", "Outbound context", TW_WIZ_TEXT,
	  "the context trunkwiz makes with the dial rules" },
};

static const struct tw_wiz_field dids_field = {
	"did_routes", "Inbound numbers", TW_WIZ_TEXT,
	"a: add, Enter: edit, Delete: remove; other numbers go to the Dialing screen's destination",
};
static const struct tw_wiz_field codecs_field = {
	"codecs", "Codecs", TW_WIZ_TEXT, "Space ticks, +/- moves: the first is preferred",
};
static const struct tw_wiz_field identify_field = {
	"identify", "Identify", TW_WIZ_TEXT, "addresses the provider's calls come from",
};

static bool has_key(const struct tw_wizard *w, const char *key)
{
	return tw_trunk_is_set(w->eff, key);
}

static size_t count_modes(const struct tw_profile *p)
{
	char **v;
	size_t n = p && p->auth ? tw_split_list(p->auth, ',', &v) : 0;

	if (n)
		tw_strv_free(&v, n);
	return n;
}

static bool field_applies(const struct tw_wizard *w, const struct tw_wiz_field *f)
{
	enum tw_auth_mode auth = tw_trunk_auth(w->eff);

	if (strcmp(f->key, "auth") == 0)
		return count_modes(w->profile) > 1;
	if (strcmp(f->key, "region") == 0)
		return w->profile && w->profile->nservers > 1;
	if (strcmp(f->key, "username") == 0 || strcmp(f->key, "password") == 0 ||
	    strcmp(f->key, "auth_username") == 0)
		return auth != TW_AUTH_IP;
	if (strcmp(f->key, "contact_user") == 0)
		return auth == TW_AUTH_REGISTER || has_key(w, "contact_user");
	if (strcmp(f->key, "expiration") == 0 || strcmp(f->key, "retry_interval") == 0)
		return auth == TW_AUTH_REGISTER;
	if (strcmp(f->key, "transport_nat") == 0)
		return w->live_transports > 0 &&
		       (w->live_transports & (1 << tw_trunk_transport(w->eff)));
	if (strcmp(f->key, "cert_file") == 0 || strcmp(f->key, "priv_key_file") == 0)
		return tw_trunk_transport(w->eff) == TW_TRANSPORT_TLS &&
		       (w->live_transports < 0 || !(w->live_transports & (1 << TW_TRANSPORT_TLS)));
	return true;
}

/* The fields of each form screen, in the order the screens come. */
static const struct {
	const struct tw_wiz_field *v;
	size_t n;
} screen_fields[TW_WIZ_NSCREENS] = {
	[TW_WIZ_TRUNK] = { trunk_fields, TW_ARRAY_LEN(trunk_fields) },
	[TW_WIZ_CODECS] = { &codecs_field, 1 },
	[TW_WIZ_IDENTIFY] = { &identify_field, 1 },
	[TW_WIZ_NETWORK] = { network_fields, TW_ARRAY_LEN(network_fields) },
	[TW_WIZ_DIALING] = { dialing_fields, TW_ARRAY_LEN(dialing_fields) },
	[TW_WIZ_DIDS] = { &dids_field, 1 },
	[TW_WIZ_ADVANCED] = { advanced_fields, TW_ARRAY_LEN(advanced_fields) },
};

size_t tw_wizard_fields(const struct tw_wizard *w, enum tw_wiz_screen s,
                        const struct tw_wiz_field **out)
{
	size_t i, k = 0;

	if ((unsigned)s >= TW_WIZ_NSCREENS)
		return 0;
	for (i = 0; i < screen_fields[s].n && k < TW_WIZ_MAX_FIELDS; i++)
		if (field_applies(w, &screen_fields[s].v[i]))
			out[k++] = &screen_fields[s].v[i];
	return k;
}

int tw_wizard_locate(const struct tw_wizard *w, const char *key,
                     enum tw_wiz_screen *s, size_t *field)
{
	const struct tw_wiz_field *f[TW_WIZ_MAX_FIELDS];
	size_t i, k, n;

	if (!key)
		return -1;
	if (strcmp(key, "provider") == 0) {
		*s = TW_WIZ_PROVIDER;
		*field = 0;
		return 0;
	}
	if (strcmp(key, "transport_name") == 0)
		key = "create_transport";
	for (i = 0; i < TW_WIZ_NSCREENS; i++) {
		n = tw_wizard_fields(w, (enum tw_wiz_screen)i, f);
		for (k = 0; k < n; k++) {
			if (strcmp(f[k]->key, key) == 0) {
				*s = (enum tw_wiz_screen)i;
				*field = k;
				return 0;
			}
		}
	}
	return -1;
}

/* The options of a choice field: values and their labels. */
struct choices {
	const char *val[8];
	char *label[8];
	size_t n;
};

static void choice_add(struct choices *c, const char *val, char *label)
{
	if (c->n < TW_ARRAY_LEN(c->val)) {
		c->val[c->n] = val;
		c->label[c->n++] = label;
	} else {
		free(label);
	}
}

static void choices_free(struct choices *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->label[i]);
	c->n = 0;
}

static const char *auth_label(int m)
{
	static const char *const labels[] = {
		"register: username and password, registers",
		"outbound: username and password on calls",
		"ip: by the PBX's address, no password",
	};

	return m >= 0 && m < 3 ? labels[m] : "?";
}

static void choices_of(const struct tw_wizard *w, const char *key, struct choices *c)
{
	static const char *const yes_no[] = { "no", "yes" };
	static const char *const formats[] = { "e164", "e164_noplus", "national", "idd" };
	static const char *const format_labels[] = {
		"e164: +12125551234", "e164_noplus: 12125551234", "national: 2125551234",
		"idd: 12125551234, 011...",
	};
	size_t i;

	c->n = 0;
	if (strcmp(key, "auth") == 0 && w->profile) {
		static const char *const modes[] = { "register", "outbound", "ip" };

		for (i = 0; i < TW_ARRAY_LEN(modes); i++)
			if (tw_profile_offers_auth(w->profile, (enum tw_auth_mode)i))
				choice_add(c, modes[i], tw_xstrdup(auth_label((int)i)));
	} else if (strcmp(key, "region") == 0 && w->profile) {
		for (i = 0; i < w->profile->nservers; i++)
			choice_add(c, w->profile->servers[i].host,
			           tw_xasprintf("%s: %s", w->profile->servers[i].region,
			                        w->profile->servers[i].host));
	} else if (strcmp(key, "transport") == 0) {
		for (i = 0; i < 3; i++)
			choice_add(c, tw_transport_name((enum tw_transport)i),
			           tw_xstrdup(tw_transport_name((enum tw_transport)i)));
	} else if (strcmp(key, "dtmf_mode") == 0) {
		static const char *const modes[] = { "rfc4733", "inband", "info", "auto", "auto_info", "none" };

		for (i = 0; i < TW_ARRAY_LEN(modes); i++)
			choice_add(c, modes[i], tw_xstrdup(modes[i]));
	} else if (strcmp(key, "media_encryption") == 0) {
		choice_add(c, "no", tw_xstrdup("no: plain RTP"));
		choice_add(c, "sdes", tw_xstrdup("sdes: SRTP (needs TLS)"));
	} else if (strcmp(key, "transport_nat") == 0) {
		choice_add(c, "edit", tw_xstrdup("edit: add them to your transport (backed up)"));
		choice_add(c, "own", tw_xstrdup("own: a trunkwiz transport on its own port"));
	} else if (strcmp(key, "create_transport") == 0 || strcmp(key, "emergency") == 0 ||
	           strcmp(key, "nat") == 0) {
		for (i = 0; i < 2; i++)
			choice_add(c, yes_no[i], tw_xstrdup(yes_no[i]));
	} else if (strcmp(key, "dial_preset") == 0) {
		const struct tw_dial_preset *const *p = tw_dial_presets();

		for (i = 0; p[i]; i++)
			choice_add(c, p[i]->id, tw_xasprintf("%s: %s", p[i]->id, p[i]->name));
	} else if (strcmp(key, "number_format") == 0) {
		for (i = 0; i < 3; i++)
			choice_add(c, formats[i], tw_xstrdup(format_labels[i]));
	}
}

/* The value a choice field has when nothing is set. */
static const char *choice_default(const struct tw_wizard *w, const char *key)
{
	if (strcmp(key, "nat") == 0)
		return has_key(w, "public_ip") ? "yes" : "no";
	if (strcmp(key, "transport") == 0)
		return "udp";
	if (strcmp(key, "dial_preset") == 0)
		return "nanp";
	if (strcmp(key, "number_format") == 0)
		return "e164_noplus";
	if (strcmp(key, "auth") == 0)
		return "register";
	if (strcmp(key, "dtmf_mode") == 0)
		return "rfc4733";
	if (strcmp(key, "transport_nat") == 0)
		return "edit";
	return "no";
}

static int choice_index(const struct tw_wizard *w, const char *key, const struct choices *c)
{
	const char *v = tw_wizard_value(w, key, NULL);
	size_t i;

	if (!*v)
		v = choice_default(w, key);
	for (i = 0; i < c->n; i++)
		if (tw_strcaseeq(c->val[i], v))
			return (int)i;
	return -1;
}

char *tw_wizard_label(const struct tw_wizard *w, const char *key)
{
	struct choices c;
	int i;
	char *s;

	choices_of(w, key, &c);
	i = choice_index(w, key, &c);
	if (i >= 0)
		s = tw_xstrdup(c.label[i]);
	else if (strcmp(key, "region") == 0)
		s = tw_xstrdup("other: the server typed below");
	else
		s = tw_xstrdup(tw_wizard_value(w, key, NULL));
	choices_free(&c);
	return s;
}

void tw_wizard_cycle(struct tw_wizard *w, const char *key, int delta)
{
	struct choices c;
	struct tw_diags d;
	char *old;
	int i, n;

	choices_of(w, key, &c);
	n = (int)c.n;
	if (n == 0)
		return;
	i = choice_index(w, key, &c);
	i = i < 0 ? (delta > 0 ? 0 : n - 1) : ((i + delta) % n + n) % n;
	tw_diags_init(&d);
	old = tw_xstrdup(tw_wizard_value(w, "server", NULL));
	/* A region choice is one of the profile's servers: it sets the
	 * server and the region (which the identify default follows). */
	if (strcmp(key, "region") == 0 && w->profile && (size_t)i < w->profile->nservers &&
	    tw_wizard_set(w, "region", w->profile->servers[i].region, &d) < 0)
		tw_fatal("internal: a region is not a valid answer");
	if (tw_wizard_set(w, strcmp(key, "region") == 0 ? "server" : key, c.val[i], &d) < 0)
		tw_fatal("internal: a choice is not a valid answer");
	tw_diags_clear(&d);
	/* identify naming the old server follows to the new one */
	if (strcmp(key, "region") == 0)
		tw_wiz_ident_follow(w, old, c.val[i]);
	free(old);
	choices_free(&c);
}

