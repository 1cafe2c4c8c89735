/* install_dialplan.c - checks of a trunk's dialplan against the live
 * config (install_priv.h): DID routes must go to contexts the dialplan
 * defines, and the phones (endpoints with auth) must reach the trunk's
 * outbound context to dial out through it. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "install/install_priv.h"
#include "trunk/dialplan.h"
#include "trunkwiz/conf.h"
#include "conf/conf.h"

static void check_did_contexts(const struct tw_conf *ex, const struct tw_trunk *t,
                               struct tw_diags *d)
{
	const char *fmt = tw_trunk_get(t, "number_format"), *ictx = tw_trunk_get(t, "inbound_context");
	const char *preset = tw_trunk_get(t, "dial_preset");
	int f = tw_number_format_parse(fmt && *fmt ? fmt : "e164_noplus");
	struct tw_did_route *v;
	struct tw_diags ignore;
	size_t n, i;

	tw_diags_init(&ignore);
	n = tw_did_routes_parse(tw_trunk_get(t, "did_routes"),
	                        tw_dial_preset_find(preset && *preset ? preset : "nanp"),
	                        f < 0 ? TW_NUM_E164_NOPLUS : (enum tw_number_format)f,
	                        ictx && *ictx ? ictx : "default", &v, &ignore);
	tw_diags_clear(&ignore);
	for (i = 0; i < n; i++)
		if (!tw_conf_find_section(ex, v[i].context))
			tw_diag_field(d, TW_ERROR, "did_routes",
			              "route it to a context extensions.conf defines, or define that context",
			              "DID %s goes to context [%s], which the dialplan does not define",
			              v[i].did, v[i].context);
	tw_did_routes_free(&v, n);
}

/* The contexts of the admin's phones (endpoints with auth, outside the
 * trunkwiz dir) that do not include the trunk's outbound context: one
 * note for the admin. */
static void check_phones(struct tw_plan *plan, const struct tw_conf *pj,
                         const struct tw_conf *ex, const struct tw_trunk *t,
                         const char *ourdir)
{
	const char *out = tw_trunk_get(t, "outbound_context");
	struct tw_buf ctxs;
	size_t i, dl = strlen(ourdir), n = 0;

	if (!out || !*out)
		out = TW_DEFAULT_OUTBOUND_CONTEXT;
	tw_buf_init(&ctxs);
	for (i = 0; i < pj->nsections; i++) {
		const struct tw_conf_section *s = pj->sections[i], *c;
		const char *type = tw_conf_section_value(s, "type"), *ctx;
		char *tag;

		if (s->is_template || !type || strcmp(type, "endpoint") != 0 ||
		    !tw_conf_section_value(s, "auth") || strncmp(s->file, ourdir, dl) == 0)
			continue;
		ctx = tw_conf_section_value(s, "context");
		ctx = ctx ? ctx : "default";
		c = tw_conf_find_section(ex, ctx);
		if (!c || tw_install_section_lists(c, "include", out, strcmp) || strcmp(ctx, out) == 0)
			continue;
		tag = tw_xasprintf("[%s]", ctx);
		if (!strstr(ctxs.data ? ctxs.data : "", tag)) {
			tw_buf_printf(&ctxs, "%s%s", ctxs.len ? ", " : "", tag);
			n++;
		}
		free(tag);
	}
	if (n)
		tw_install_plan_note(plan, "phones: to dial out through this trunk, add 'include => %s' to "
		               "the phones' context%s %s in extensions.conf", out, n > 1 ? "s" : "",
		               ctxs.data);
	tw_buf_free(&ctxs);
}

void tw_install_dialplan_checks(const struct tw_distro *distro, struct tw_plan *plan,
                          const struct tw_conf *pj,
                          const struct tw_conf *ex, const struct tw_trunk *t,
                          const char *ourdir, struct tw_diags *d)
{
	const char *out = tw_trunk_get(t, "outbound_context");

	check_did_contexts(ex, t, d);
	if (!distro || !distro->phones_context || !distro->ext_host) {
		check_phones(plan, pj, ex, t, ourdir);
		return;
	}
	tw_install_plan_note(plan, "phones: %s's phones dial out through its Outbound Routes; to use this "
	               "trunk's dial rules add 'include => %s' to [%s] in %s, or make a Custom "
	               "Trunk with the dial string PJSIP/$OUTNUM$@%s-endpoint",
	               distro->name, out && *out ? out : TW_DEFAULT_OUTBOUND_CONTEXT,
	               distro->phones_context, distro->ext_host, tw_trunk_get(t, "name"));
}
