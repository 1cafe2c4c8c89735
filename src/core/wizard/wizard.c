/* wizard.c - the wizard's model: flows, screens, fields, answers and the
 * checks as you type (wizard.h). The screens' fields are in
 * wizard_fields.c, lists in wizard_lists.c, the review,
 * write and command line in wizard_review.c. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "trunkwiz/trunk.h"
#include "trunkwiz/validate.h"
#include "trunkwiz/wizard.h"
#include "wizard/wizard_priv.h"
#include "install/install.h"
#include "trunk/trunk.h"
#include "validate/validate.h"
#include "wizard/wizard.h"

/* ---- screens and flows ---- */

static const char *const titles[TW_WIZ_NSCREENS] = {
	"Trunks", "Provider", "Trunk & credentials", "Codecs", "Identify",
	"Network", "Dialing", "Inbound numbers", "Advanced", "Review", "Done",
};

static const enum tw_wiz_screen flow_new[] = {
	TW_WIZ_PROVIDER, TW_WIZ_TRUNK, TW_WIZ_CODECS, TW_WIZ_IDENTIFY,
	TW_WIZ_NETWORK, TW_WIZ_DIALING, TW_WIZ_DIDS, TW_WIZ_ADVANCED, TW_WIZ_REVIEW,
};
/* Edit keeps the provider: switching is its own flow. */
static const enum tw_wiz_screen flow_edit[] = {
	TW_WIZ_TRUNK, TW_WIZ_CODECS, TW_WIZ_IDENTIFY, TW_WIZ_NETWORK,
	TW_WIZ_DIALING, TW_WIZ_DIDS, TW_WIZ_ADVANCED, TW_WIZ_REVIEW,
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

/* ---- answers and checks ---- */

static bool name_taken(const struct tw_wizard *w, const char *name)
{
	size_t i;

	for (i = 0; name && i < w->ntrunks; i++)
		if (strcmp(w->trunks[i].name, name) == 0)
			return true;
	return false;
}

/* The contexts the installer gives a new trunk that names none: from-NAME
 * and outbound-NAME where the reference names are taken (contexts.c). */
static void default_contexts(struct tw_wizard *w)
{
	const char *name = tw_trunk_get(w->eff, "name");
	bool ok = name && tw_check_name(name, NULL);
	int i;

	for (i = 0; i < 2; i++) {
		char *v;

		if (!tw_install_context_is_default(w->eff, i))
			continue;
		v = tw_install_default_context(ok ? name : NULL, i, &w->ctx_taken);
		tw_trunk_replace_default(w->eff, i ? "outbound_context" : "context", v);
		free(v);
	}
}

static void forget_live_contexts(struct tw_wizard *w)
{
	tw_strv_free(&w->live_ctx, w->nlive_ctx);
	w->nlive_ctx = 0;
	w->live_ctx_read = false;
}

/* The trunk's own contexts must not be ones the dialplan has: said at
 * the field as it is typed, not first in Review. */
static void check_clashes(struct tw_wizard *w)
{
	static const char *const keys[] = { "context", "outbound_context" };
	size_t i, k;

	if (w->screen == TW_WIZ_HOME)
		return;
	if (!w->live_ctx_read) {
		w->nlive_ctx = tw_install_contexts_defined(&w->opts, w->orig_name, &w->live_ctx);
		w->live_ctx_read = true;
	}
	for (k = 0; k < TW_ARRAY_LEN(keys); k++) {
		const char *v = tw_trunk_get(w->eff, keys[k]);

		for (i = 0; v && i < w->nlive_ctx; i++)
			if (strcmp(w->live_ctx[i], v) == 0)
				tw_diag_field(&w->diags, TW_ERROR, keys[k],
				              "the trunk's would be merged into it: give it a context of its "
				              "own, e.g. from-NAME or outbound-NAME",
				              "[%s] is already in your dialplan (pick another)", v);
	}
}

void tw_wiz_refresh(struct tw_wizard *w)
{
	struct tw_render r;
	const char *name;

	w->generation++;
	tw_trunk_free(&w->eff);
	w->eff = tw_trunk_dup(w->answers);
	if (w->profile)
		tw_profile_apply(w->profile, w->eff);
	/* What render uses when nothing is given, so the fields show it. */
	tw_trunk_default(w->eff, "transport", "udp");
	default_contexts(w);
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
	check_clashes(w);
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
	forget_live_contexts(w);
	tw_installed_free(&w->trunks, w->ntrunks);
	free(w);
	*wp = NULL;
}

void tw_wizard_reload_trunks(struct tw_wizard *w)
{
	tw_installed_free(&w->trunks, w->ntrunks);
	w->ntrunks = tw_install_list(&w->opts, &w->trunks);
	w->live_transports = -1; /* a write or remove may have changed them */
	forget_live_contexts(w);
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
	w->ctx_taken.inbound = w->ctx_taken.outbound = false;
	forget_live_contexts(w);
	tw_wiz_lists_free(w);
}

void tw_wizard_start_new(struct tw_wizard *w)
{
	struct tw_diags d;

	reset(w, TW_WIZ_NEW);
	w->live_transports = -1; /* read the live config once per flow */
	tw_install_contexts_taken(&w->opts, &w->ctx_taken);
	tw_wiz_refresh(w);
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
