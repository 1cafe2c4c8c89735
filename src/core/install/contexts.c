/* contexts.c - the dialplan contexts a new trunk gets when the answers name
 * none. The first trunk gets the reference names, [from-trunk] for calls
 * from the provider and [outbound] for the dial rules; once a context of
 * that name exists (another trunk's, or the admin's own), a new trunk gets
 * [from-NAME] or [outbound-NAME] instead of a name conflict. The wizard
 * shows the same names the installer then uses. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "trunkwiz/conf.h"
#include "trunkwiz/install.h"
#include "trunkwiz/validate.h"
#include "conf/conf.h"
#include "install/install.h"
#include "trunk/trunk.h"
#include "validate/validate.h"

void tw_install_contexts_taken(const struct tw_install_opts *o, struct tw_ctx_taken *out)
{
	char *path = tw_xasprintf("%s/extensions.conf", o->confdir);
	struct tw_conf *c = tw_conf_new(o->confdir);
	struct tw_diags d;

	out->inbound = out->outbound = false;
	tw_diags_init(&d);
	/* An unreadable dialplan: apply reports it; here the names stay. */
	if (tw_conf_load(c, path, true, &d) == 0) {
		out->inbound = tw_conf_find_section(c, TW_DEFAULT_CONTEXT) != NULL;
		out->outbound = tw_conf_find_section(c, TW_DEFAULT_OUTBOUND_CONTEXT) != NULL;
	}
	tw_diags_clear(&d);
	tw_conf_free(&c);
	free(path);
}

size_t tw_install_contexts_defined(const struct tw_install_opts *o, const char *except,
                                   char ***out)
{
	char *path = tw_xasprintf("%s/extensions.conf", o->confdir);
	char *skip = except ? tw_xasprintf("/" TW_INSTALL_SUBDIR "/%s-extensions.conf", except) : NULL;
	struct tw_conf *c = tw_conf_new(o->confdir);
	struct tw_diags d;
	size_t i, n = 0, sl = skip ? strlen(skip) : 0;
	char **v = NULL;

	tw_diags_init(&d);
	if (tw_conf_load(c, path, true, &d) == 0) {
		v = tw_xcalloc(c->nsections + 1, sizeof(*v));
		for (i = 0; i < c->nsections; i++) {
			const struct tw_conf_section *s = c->sections[i];
			size_t fl = strlen(s->file);

			if (s->is_template || (skip && fl >= sl && strcmp(s->file + fl - sl, skip) == 0))
				continue;
			v[n++] = tw_xstrdup(s->name);
		}
	}
	tw_diags_clear(&d);
	tw_conf_free(&c);
	free(path);
	free(skip);
	*out = v;
	return n;
}

char *tw_install_default_context(const char *name, bool outbound, const struct tw_ctx_taken *taken)
{
	bool is_taken = outbound ? taken->outbound : taken->inbound;

	if (!is_taken || !name || !*name)
		return tw_xstrdup(outbound ? TW_DEFAULT_OUTBOUND_CONTEXT : TW_DEFAULT_CONTEXT);
	return tw_xasprintf(outbound ? "outbound-%s" : "from-%s", name);
}

bool tw_install_context_is_default(const struct tw_trunk *t, bool outbound)
{
	const char *key = outbound ? "outbound_context" : "context";
	const char *def = outbound ? TW_DEFAULT_OUTBOUND_CONTEXT : TW_DEFAULT_CONTEXT;
	const char *v = tw_trunk_get(t, key);

	/* (a profile may name the default context too, as generic's does) */
	return !tw_trunk_is_given(t, key) && (!v || !*v || strcmp(v, def) == 0);
}

int tw_install_new_trunk_contexts(const struct tw_install_opts *o, struct tw_trunk *t, char **why)
{
	const char *name = tw_trunk_get(t, "name");
	bool need_in = tw_install_context_is_default(t, false);
	bool need_out = tw_install_context_is_default(t, true);
	struct tw_ctx_taken taken;
	struct tw_diags d;
	struct tw_buf b;
	char *state;
	bool known;
	int n = 0;

	*why = NULL;
	if ((!need_in && !need_out) || !name || !tw_check_name(name, NULL))
		return 0;
	state = tw_install_state_path(o, name);
	known = access(state, F_OK) == 0;
	free(state);
	if (known)
		return 0; /* regenerated: its contexts stay what they were */
	tw_install_contexts_taken(o, &taken);
	taken.inbound = taken.inbound && need_in;
	taken.outbound = taken.outbound && need_out;
	if (!taken.inbound && !taken.outbound)
		return 0;
	tw_buf_init(&b);
	tw_diags_init(&d); /* the names are valid: tw_check_name passed */
	if (taken.inbound) {
		char *ctx = tw_install_default_context(name, false, &taken);

		if (tw_trunk_set(t, "context", ctx, NULL, 0, &d) == 0) {
			tw_buf_printf(&b, "[%s] already exists, so calls from this trunk arrive in [%s]",
			              TW_DEFAULT_CONTEXT, ctx);
			n++;
		}
		free(ctx);
	}
	if (taken.outbound) {
		char *out = tw_install_default_context(name, true, &taken);

		if (tw_trunk_set(t, "outbound_context", out, NULL, 0, &d) == 0) {
			tw_buf_printf(&b, "%s[%s] already exists, so this trunk's dial rules go in [%s]: "
			              "add 'include => %s' to the context of the phones that dial out "
			              "through it", n ? "; " : "", TW_DEFAULT_OUTBOUND_CONTEXT, out, out);
			n++;
		}
		free(out);
	}
	tw_diags_clear(&d);
	*why = tw_buf_steal(&b);
	return n;
}

/* On a PBX distribution that routes DIDs itself (FreePBX: [from-pstn] and
 * its Inbound Routes), a new trunk hands its calls there, the dialled
 * number kept, unless the admin named an inbound destination. */
int tw_install_distro_defaults(const struct tw_install_opts *o, struct tw_trunk *t, char **why)
{
	struct tw_distro *ds;
	const char *name = tw_trunk_get(t, "name");
	struct tw_diags d;
	char *state;
	bool known;
	int n = 0;

	*why = NULL;
	if (tw_trunk_is_set(t, "inbound_context") || tw_trunk_is_set(t, "inbound_exten") ||
	    !name || !tw_check_name(name, NULL))
		return 0;
	state = tw_install_state_path(o, name);
	known = access(state, F_OK) == 0;
	free(state);
	if (known || !(ds = tw_distro_detect(o->confdir)))
		return 0;
	tw_diags_init(&d);
	if (ds->inbound_context &&
	    tw_trunk_set(t, "inbound_context", ds->inbound_context, NULL, 0, &d) == 0 &&
	    tw_trunk_set(t, "inbound_exten", "${EXTEN}", NULL, 0, &d) == 0) {
		*why = tw_xasprintf("%s generates this config: calls from this trunk go to [%s] with the "
		                    "dialled number, where %s's inbound routes match it (give "
		                    "inbound_context= for another destination)",
		                    ds->name, ds->inbound_context, ds->name);
		n = 1;
	}
	tw_diags_clear(&d);
	tw_distro_free(&ds);
	return n;
}
