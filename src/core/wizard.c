/* wizard.c - the wizard's model: flows, screens, fields, answers and the
 * checks as you type (wizard.h). Lists are in wizard_lists.c, the review,
 * write and command line in wizard_review.c. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "trunkwiz/dialplan.h"
#include "trunkwiz/render.h"
#include "trunkwiz/wizard.h"
#include "wizard_priv.h"

/* ---- screens and fields (data) ---- */

static const struct tw_wiz_field trunk_fields[] = {
	{ "name", "Trunk name", TW_WIZ_TEXT,
	  "names its sections (NAME-endpoint...): letters, digits, - _ ." },
	{ "auth", "Authentication", TW_WIZ_CHOICE,
	  "how the provider knows this PBX: Left/Right or Space to change" },
	{ "region", "Region", TW_WIZ_CHOICE,
	  "the provider's server for your region: Left/Right or Space to change" },
	{ "server", "SIP server", TW_WIZ_TEXT, "the provider's SIP host name or address" },
	{ "username", "Username", TW_WIZ_TEXT, "the SIP username (account) the provider gave you" },
	{ "password", "Password", TW_WIZ_SECRET,
	  "the SIP password; hidden: Ctrl-T (F2) shows or hides it" },
	{ "auth_username", "Auth username", TW_WIZ_TEXT,
	  "only when the provider gives one apart from the username" },
	{ "from_user", "From user", TW_WIZ_TEXT,
	  "user part of the From header, when the provider asks for one" },
	{ "contact_user", "Contact user", TW_WIZ_TEXT,
	  "user part of the Contact header, when the provider asks for one" },
};

static const struct tw_wiz_field network_fields[] = {
	{ "transport", "Transport", TW_WIZ_CHOICE, "udp, tcp or tls: Left/Right or Space to change" },
	{ "port", "SIP port", TW_WIZ_TEXT, "the provider's port (5060; 5061 for tls)" },
	{ "create_transport", "Create transport", TW_WIZ_CHOICE,
	  "yes: trunkwiz adds a transport when pjsip.conf has none for this protocol" },
	{ "public_ip", "Public address", TW_WIZ_TEXT,
	  "behind NAT: this PBX's public IP (Ctrl-D or F5 discovers it)" },
	{ "local_net", "Local networks", TW_WIZ_TEXT,
	  "private networks of this PBX, comma list of CIDRs (e.g. 192.168.1.0/24)" },
};

static const struct tw_wiz_field dialing_fields[] = {
	{ "dial_preset", "Country preset", TW_WIZ_CHOICE, "the numbers people dial out: Left/Right" },
	{ "number_format", "Number format", TW_WIZ_CHOICE, "how this provider wants the number: Left/Right" },
	{ "callerid", "Caller ID", TW_WIZ_TEXT, "outbound caller ID, e.g. \"Office\" <+12125551234>" },
	{ "emergency", "Emergency numbers", TW_WIZ_CHOICE, "yes: dial the preset's emergency numbers out" },
	{ "inbound_context", "Inbound to context", TW_WIZ_TEXT, "where inbound calls go: a context of yours" },
	{ "inbound_exten", "Inbound extension", TW_WIZ_TEXT,
	  "the extension in that context, or ${EXTEN} to pass the dialled number" },
	{ "context", "Trunk context", TW_WIZ_TEXT, "the context trunkwiz makes for calls from the provider" },
	{ "outbound_context", "Outbound context", TW_WIZ_TEXT,
	  "the context trunkwiz makes with the dial rules" },
};

static const struct tw_wiz_field codecs_field = {
	"codecs", "Codecs", TW_WIZ_TEXT, "Space ticks, +/- moves: the first is preferred",
};
static const struct tw_wiz_field identify_field = {
	"identify", "Identify", TW_WIZ_TEXT, "addresses the provider's calls come from",
};

static const char *const titles[TW_WIZ_NSCREENS] = {
	"Trunks", "Provider", "Trunk & credentials", "Codecs", "Identify",
	"Network", "Dialing", "Review", "Done",
};

static const enum tw_wiz_screen flow_new[] = {
	TW_WIZ_PROVIDER, TW_WIZ_TRUNK, TW_WIZ_CODECS, TW_WIZ_IDENTIFY,
	TW_WIZ_NETWORK, TW_WIZ_DIALING, TW_WIZ_REVIEW,
};
/* Edit keeps the provider: switching is its own flow. */
static const enum tw_wiz_screen flow_edit[] = {
	TW_WIZ_TRUNK, TW_WIZ_CODECS, TW_WIZ_IDENTIFY, TW_WIZ_NETWORK,
	TW_WIZ_DIALING, TW_WIZ_REVIEW,
};

const char *tw_wizard_screen_title(enum tw_wiz_screen s)
{
	return s < TW_WIZ_NSCREENS ? titles[s] : "";
}

static const enum tw_wiz_screen *flow(const struct tw_wizard *w, size_t *n)
{
	if (w->mode == TW_WIZ_EDIT) {
		*n = TW_ARRAY_LEN(flow_edit);
		return flow_edit;
	}
	*n = TW_ARRAY_LEN(flow_new);
	return flow_new;
}

unsigned tw_wizard_step(const struct tw_wizard *w, enum tw_wiz_screen s, unsigned *nsteps)
{
	size_t n, i;
	const enum tw_wiz_screen *f = flow(w, &n);

	*nsteps = (unsigned)n;
	for (i = 0; i < n; i++)
		if (f[i] == s)
			return (unsigned)i + 1;
	return 0;
}

void tw_wizard_go(struct tw_wizard *w, enum tw_wiz_screen s, size_t field)
{
	w->screen = s;
	w->field = field;
}

void tw_wizard_next(struct tw_wizard *w)
{
	size_t n;
	const enum tw_wiz_screen *f = flow(w, &n);
	unsigned nsteps, i = tw_wizard_step(w, w->screen, &nsteps);

	if (i == 0)
		tw_wizard_go(w, w->screen == TW_WIZ_HOME ? f[0] : TW_WIZ_HOME, 0);
	else if (i == n)
		tw_wizard_go(w, TW_WIZ_DONE, 0);
	else
		tw_wizard_go(w, f[i], 0);
}

void tw_wizard_back(struct tw_wizard *w)
{
	size_t n;
	const enum tw_wiz_screen *f = flow(w, &n);
	unsigned nsteps, i = tw_wizard_step(w, w->screen, &nsteps);

	if (i <= 1)
		tw_wizard_go(w, TW_WIZ_HOME, 0);
	else
		tw_wizard_go(w, f[i - 2], 0);
}

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
	return true;
}

size_t tw_wizard_fields(const struct tw_wizard *w, enum tw_wiz_screen s,
                        const struct tw_wiz_field **out)
{
	const struct tw_wiz_field *tab;
	size_t n, i, k = 0;

	switch (s) {
	case TW_WIZ_TRUNK:
		tab = trunk_fields;
		n = TW_ARRAY_LEN(trunk_fields);
		break;
	case TW_WIZ_NETWORK:
		tab = network_fields;
		n = TW_ARRAY_LEN(network_fields);
		break;
	case TW_WIZ_DIALING:
		tab = dialing_fields;
		n = TW_ARRAY_LEN(dialing_fields);
		break;
	case TW_WIZ_CODECS:
		out[0] = &codecs_field;
		return 1;
	case TW_WIZ_IDENTIFY:
		out[0] = &identify_field;
		return 1;
	default:
		return 0;
	}
	for (i = 0; i < n && k < TW_WIZ_MAX_FIELDS; i++)
		if (field_applies(w, &tab[i]))
			out[k++] = &tab[i];
	return k;
}

int tw_wizard_locate(const struct tw_wizard *w, const char *key,
                     enum tw_wiz_screen *s, size_t *field)
{
	static const enum tw_wiz_screen forms[] = {
		TW_WIZ_TRUNK, TW_WIZ_CODECS, TW_WIZ_IDENTIFY, TW_WIZ_NETWORK, TW_WIZ_DIALING,
	};
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
	for (i = 0; i < TW_ARRAY_LEN(forms); i++) {
		n = tw_wizard_fields(w, forms[i], f);
		for (k = 0; k < n; k++) {
			if (strcmp(f[k]->key, key) == 0) {
				*s = forms[i];
				*field = k;
				return 0;
			}
		}
	}
	return -1;
}

/* ---- values ---- */

const char *tw_wizard_value(const struct tw_wizard *w, const char *key, bool *from_profile)
{
	const char *v;
	int idx;

	if (strcmp(key, "region") == 0)
		key = "server";
	idx = tw_trunk_key_index(key);
	if (idx < 0)
		return "";
	v = w->eff->values[idx];
	if (from_profile)
		*from_profile = v && w->eff->from_profile[idx];
	return v ? v : "";
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
	static const char *const formats[] = { "e164", "e164_noplus", "national" };
	static const char *const format_labels[] = {
		"e164: +12125551234", "e164_noplus: 12125551234", "national: 2125551234",
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
	} else if (strcmp(key, "create_transport") == 0 || strcmp(key, "emergency") == 0) {
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
static const char *choice_default(const char *key)
{
	if (strcmp(key, "transport") == 0)
		return "udp";
	if (strcmp(key, "dial_preset") == 0)
		return "nanp";
	if (strcmp(key, "number_format") == 0)
		return "e164_noplus";
	if (strcmp(key, "auth") == 0)
		return "register";
	return "no";
}

static int choice_index(const struct tw_wizard *w, const char *key, const struct choices *c)
{
	const char *v = tw_wizard_value(w, key, NULL);
	size_t i;

	if (!*v)
		v = choice_default(key);
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
	int i, n;

	choices_of(w, key, &c);
	n = (int)c.n;
	if (n == 0)
		return;
	i = choice_index(w, key, &c);
	i = i < 0 ? (delta > 0 ? 0 : n - 1) : ((i + delta) % n + n) % n;
	tw_diags_init(&d);
	if (tw_wizard_set(w, strcmp(key, "region") == 0 ? "server" : key, c.val[i], &d) < 0)
		tw_fatal("internal: a choice is not a valid answer");
	tw_diags_clear(&d);
	choices_free(&c);
}

/* ---- answers and checks ---- */

static bool name_taken(const struct tw_wizard *w, const char *name)
{
	size_t i;

	for (i = 0; name && i < w->ntrunks; i++)
		if (strcmp(w->trunks[i].name, name) == 0)
			return true;
	return false;
}

void tw_wiz_refresh(struct tw_wizard *w)
{
	struct tw_render r;
	const char *name;

	tw_trunk_free(&w->eff);
	w->eff = tw_trunk_dup(w->answers);
	if (w->profile)
		tw_profile_apply(w->profile, w->eff);
	/* What render uses when nothing is given, so the fields show it. */
	tw_trunk_default(w->eff, "transport", "udp");
	tw_trunk_default(w->eff, "context", "from-trunk");
	tw_trunk_default(w->eff, "outbound_context", "outbound");
	tw_trunk_default(w->eff, "inbound_context", "default");
	tw_trunk_default(w->eff, "inbound_exten", "s");
	tw_trunk_default(w->eff, "emergency", "no");
	tw_wiz_sync_ident(w);
	tw_diags_clear(&w->diags);
	if (tw_render(w->eff, w->profile, &w->opts.version, &r, &w->diags) == 0)
		tw_render_free(&r);
	name = tw_trunk_get(w->eff, "name");
	if (w->mode == TW_WIZ_NEW && name_taken(w, name))
		tw_diag_field(&w->diags, TW_ERROR, "name",
		              "pick another name, or edit that trunk from the home screen",
		              "a trunk named %s already exists", name);
	tw_wiz_list_checks(w, &w->diags);
}

int tw_wizard_set(struct tw_wizard *w, const char *key, const char *value,
                  struct tw_diags *d)
{
	const char *cur;

	if (tw_trunk_key_index(key) < 0)
		return -1;
	cur = tw_trunk_get(w->answers, key);
	if (tw_streq(cur ? cur : "", value))
		return 0;
	if (tw_trunk_set(w->answers, key, value, NULL, 0, d) < 0)
		return -1;
	if (strcmp(key, "name") == 0)
		w->name_is_default = false;
	tw_wiz_refresh(w);
	return 0;
}

const struct tw_diag *tw_wizard_error(const struct tw_wizard *w, const char *key)
{
	const struct tw_diag *warn = NULL;
	size_t i;

	if (strcmp(key, "region") == 0)
		return NULL;
	for (i = 0; i < w->diags.n; i++) {
		const struct tw_diag *g = &w->diags.v[i];

		if (!g->field || strcmp(g->field, key) != 0)
			continue;
		if (g->sev == TW_ERROR)
			return g;
		if (g->sev == TW_WARNING && !warn)
			warn = g;
	}
	return warn;
}

size_t tw_wizard_screen_errors(const struct tw_wizard *w, enum tw_wiz_screen s)
{
	const struct tw_wiz_field *f[TW_WIZ_MAX_FIELDS];
	size_t n = tw_wizard_fields(w, s, f), i, errors = 0;

	for (i = 0; i < n; i++) {
		const struct tw_diag *g = tw_wizard_error(w, f[i]->key);

		if (g && g->sev == TW_ERROR)
			errors++;
	}
	return errors;
}

bool tw_wizard_dirty(const struct tw_wizard *w)
{
	size_t n, i;

	tw_trunk_keys(&n);
	for (i = 0; i < n; i++) {
		const char *a = w->answers->values[i], *b = w->saved->values[i];

		if (!tw_streq(a ? a : "", b ? b : ""))
			return true;
	}
	return false;
}

/* ---- life cycle and flows ---- */

struct tw_wizard *tw_wizard_new(const struct tw_profiles *ps, const struct tw_install_opts *o)
{
	struct tw_wizard *w = tw_xcalloc(1, sizeof(*w));

	w->profiles = ps;
	w->opts = *o;
	w->answers = tw_trunk_new();
	w->saved = tw_trunk_new();
	tw_diags_init(&w->diags);
	tw_wizard_reload_trunks(w);
	tw_wiz_refresh(w);
	return w;
}

void tw_wizard_free(struct tw_wizard **wp)
{
	struct tw_wizard *w;

	if (!wp || !*wp)
		return;
	w = *wp;
	tw_trunk_free(&w->answers);
	tw_trunk_free(&w->eff);
	tw_trunk_free(&w->saved);
	tw_diags_clear(&w->diags);
	free(w->orig_name);
	free(w->orig_provider);
	tw_wiz_lists_free(w);
	tw_installed_free(&w->trunks, w->ntrunks);
	free(w);
	*wp = NULL;
}

void tw_wizard_reload_trunks(struct tw_wizard *w)
{
	tw_installed_free(&w->trunks, w->ntrunks);
	w->ntrunks = tw_install_list(&w->opts, &w->trunks);
}

static void reset(struct tw_wizard *w, enum tw_wiz_mode mode)
{
	tw_trunk_free(&w->answers);
	tw_trunk_free(&w->saved);
	w->answers = tw_trunk_new();
	w->saved = tw_trunk_new();
	w->profile = NULL;
	w->mode = mode;
	free(w->orig_name);
	free(w->orig_provider);
	w->orig_name = w->orig_provider = NULL;
	w->name_is_default = false;
	tw_wiz_lists_free(w);
}

void tw_wizard_start_new(struct tw_wizard *w)
{
	struct tw_diags d;

	reset(w, TW_WIZ_NEW);
	tw_diags_init(&d);
	/* A fresh PBX has no transport: make one unless the admin says no. */
	if (!tw_wizard_has_transport(w) &&
	    tw_trunk_set(w->answers, "create_transport", "yes", NULL, 0, &d) < 0)
		tw_fatal("internal: create_transport");
	tw_diags_clear(&d);
	/* Unsaved changes are the admin's, not that default. */
	tw_trunk_free(&w->saved);
	w->saved = tw_trunk_dup(w->answers);
	tw_wiz_refresh(w);
	tw_wizard_go(w, TW_WIZ_PROVIDER, 0);
}

static int load_managed(struct tw_wizard *w, const char *name, enum tw_wiz_mode mode,
                        struct tw_diags *d)
{
	const char *pid;

	reset(w, mode);
	if (tw_install_load(&w->opts, name, w->answers, d) < 0) {
		tw_wiz_refresh(w);
		return -1;
	}
	tw_trunk_free(&w->saved);
	w->saved = tw_trunk_dup(w->answers);
	w->orig_name = tw_xstrdup(name);
	pid = tw_trunk_get(w->answers, "provider");
	w->orig_provider = tw_xstrdup(pid ? pid : "generic");
	w->profile = tw_profiles_find(w->profiles, w->orig_provider);
	if (!w->profile) {
		tw_diag_field(d, TW_WARNING, "provider", "choose a provider for it (Switch provider)",
		              "trunk %s uses provider profile '%s', which is not installed here",
		              name, w->orig_provider);
	}
	tw_wiz_rebuild_lists(w);
	tw_wiz_refresh(w);
	return 0;
}

int tw_wizard_start_edit(struct tw_wizard *w, const char *name, struct tw_diags *d)
{
	if (load_managed(w, name, TW_WIZ_EDIT, d) < 0)
		return -1;
	tw_wizard_go(w, TW_WIZ_TRUNK, 0);
	return 0;
}

int tw_wizard_start_switch(struct tw_wizard *w, const char *name, struct tw_diags *d)
{
	if (load_managed(w, name, TW_WIZ_SWITCH, d) < 0)
		return -1;
	tw_wizard_go(w, TW_WIZ_PROVIDER, 0);
	return 0;
}

void tw_wizard_choose_provider(struct tw_wizard *w, const struct tw_profile *p,
                               struct tw_diags *d)
{
	struct tw_diags sd;

	tw_diags_init(&sd);
	if (w->mode == TW_WIZ_SWITCH) {
		/* Start again from the saved answers: choosing twice never
		 * drops more than one switch would. */
		tw_trunk_free(&w->answers);
		w->answers = tw_trunk_dup(w->saved);
		tw_install_switch_answers(w->answers, p, d);
	} else {
		if (tw_trunk_set(w->answers, "provider", p->id, NULL, 0, &sd) < 0)
			tw_fatal("internal: provider");
		if (w->mode == TW_WIZ_NEW && (w->name_is_default || !tw_trunk_is_set(w->answers, "name"))) {
			char *name = tw_wizard_default_name(w, p);

			if (tw_trunk_set(w->answers, "name", name, NULL, 0, &sd) < 0)
				tw_fatal("internal: name");
			free(name);
			w->name_is_default = true;
		}
		/* Answers the previous provider's choices made no sense for. */
		if (w->profile != p && w->profile) {
			static const char *const gone[] = { "auth", "server", "codecs", "identify" };
			size_t i;

			for (i = 0; i < TW_ARRAY_LEN(gone); i++)
				if (tw_trunk_set(w->answers, gone[i], "", NULL, 0, &sd) < 0)
					tw_fatal("internal: clear");
		}
	}
	tw_diags_clear(&sd);
	w->profile = p;
	tw_wiz_rebuild_lists(w);
	tw_wiz_refresh(w);
}
