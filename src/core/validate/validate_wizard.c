/* validate_wizard.c - tw_validate_wizard(): pjsip_wizard.conf, checked the
 * way res_pjsip_config_wizard builds objects from it.
 *
 * Only type=wizard sections are read from that file; anything else in it
 * is ignored, so a transport or auth defined there does not exist
 * (asterisk-behaviour.md). A wizard [id] creates an endpoint [id] and an
 * aor [id] from its endpoint/ and aor/ options, an auth [id-oauth] when
 * sends_auth, [id-iauth] when accepts_auth, an identify [id-identify]
 * unless accepts_registrations, one registration [id-reg-N] per remote host
 * when sends_registrations, and a phoneprov when has_phoneprov. When one
 * of them cannot be created (an option its type does not have, a missing
 * outbound_auth/username, no remote_hosts) the wizard logs "Unable to
 * create objects for wizard" for that object type; the others are still
 * built, since each type is loaded on its own, and they then name an
 * object that does not exist (res_pjsip_config_wizard.c:
 * object_type_loaded_observer, handle_auth, handle_identify,
 * handle_registrations, handle_phoneprov, create_object). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "trunkwiz/base.h"
#include "trunkwiz/validate.h"
#include "validate/validate_priv.h"
#include "conf/conf.h"
#include "validate/validate.h"

/* The wizard's own options (res_pjsip_config_wizard.c, pjsip_wizard.conf.sample). */
static const char *const wizard_opts[] = {
	"accepts_auth", "accepts_registrations", "client_uri_pattern", "contact_pattern",
	"has_hint", "has_phoneprov", "hint_application", "hint_context", "hint_exten",
	"outbound_proxy", "remote_hosts", "sends_auth", "sends_line_with_registrations",
	"sends_registrations", "server_uri_pattern", "transport", "type",
};

static const struct {
	const char *prefix;
	enum tw_obj obj;       /* TW_OBJ_NONE: phoneprov, any name */
} prefixes[] = {
	{ "endpoint/", TW_OBJ_ENDPOINT },
	{ "aor/", TW_OBJ_AOR },
	{ "outbound_auth/", TW_OBJ_AUTH },
	{ "inbound_auth/", TW_OBJ_AUTH },
	{ "registration/", TW_OBJ_REGISTRATION },
	{ "identify/", TW_OBJ_IDENTIFY },
	{ "phoneprov/", TW_OBJ_NONE },
};

static bool wiz_true(const struct tw_conf_section *s, const char *name)
{
	const char *v = tw_conf_section_value(s, name);

	return v && tw_is_true(v);
}

static bool wiz_set(const struct tw_conf_section *s, const char *name)
{
	const char *v = tw_conf_section_value(s, name);

	return v && *v;
}

/* One line of a wizard: its own options, or prefix/option checked
 * against the schema of the object it goes to. */
static void wiz_option(struct vctx *c, const struct tw_conf_section *s,
                       const struct tw_conf_option *op)
{
	size_t k;

	tw_v_check_line_text(c, s, op, strstr(op->name, "password") != NULL);
	for (k = 0; k < TW_ARRAY_LEN(prefixes); k++) {
		size_t n = strlen(prefixes[k].prefix);
		const struct tw_schema_type *st;
		const struct tw_schema_opt *so;

		if (strncasecmp(op->name, prefixes[k].prefix, n) != 0)
			continue;
		if (prefixes[k].obj == TW_OBJ_NONE)
			return;
		st = tw_schema_type(prefixes[k].obj);
		so = tw_schema_opt_find(st, op->name + n);
		if (!so || strcasecmp(op->name + n, "type") == 0) {
			tw_diags_add(c->d, TW_ERROR, op->file, op->line, NULL,
			             "remove it, or fix the name after the prefix",
			             "[%s] '%s': type=%s has no option '%s', so the wizard cannot create "
			             "its %s ('Unable to create objects for wizard')", s->name,
			             op->name, st->name, op->name + n, st->name);
			return;
		}
		if (op->op != TW_OP_APPEND)
			tw_v_check_value(c, s, op, so);
		return;
	}
	for (k = 0; k < TW_ARRAY_LEN(wizard_opts); k++)
		if (strcasecmp(op->name, wizard_opts[k]) == 0)
			return;
	tw_diags_add(c->d, TW_WARNING, op->file, op->line, NULL,
	             "options for the objects take a prefix: endpoint/, aor/, outbound_auth/, "
	             "inbound_auth/, registration/, identify/, phoneprov/",
	             "[%s] the wizard ignores '%s'", s->name, op->name);
}

/* Is there a non-template section [name] with type = type? */
static bool conf_has_type(const struct tw_conf *c, const char *name, const char *type)
{
	struct tw_conf_section **v = NULL;
	size_t n = tw_conf_find_sections(c, name, &v), k;
	bool yes = false;

	for (k = 0; k < n && !yes; k++) {
		const char *t = tw_conf_section_value(v[k], "type");

		yes = !v[k]->is_template && t && strcmp(t, type) == 0;
	}
	free(v);
	return yes;
}

/* "without X" or "with an empty X": the wizard tests that the line is
 * there (ast_variable_find_last_in_list), and an empty value then makes
 * an object Asterisk refuses. */
static const char *absent_or_empty(const struct tw_conf_section *s, const char *name)
{
	return tw_conf_section_value(s, name) ? "with an empty" : "without";
}

/* remote_hosts become the identify's match lines (unless the wizard
 * accepts registrations or sets identify/match), the aor's contacts and
 * the registrations' server_uri; the wizard cuts each at its first ':'
 * (handle_identify, handle_aor, handle_registrations). A name no resolver
 * answers (REMOTE_HOST, left for a script to fill in) makes the identify
 * fail to apply, as a match line does in pjsip.conf ("Unable to create
 * objects for wizard"); the contact and registrations fail later. */
static void wiz_remote_hosts(struct vctx *c, const struct tw_conf_section *s)
{
	const struct tw_conf_option *op = tw_conf_section_get(s, "remote_hosts");
	bool identify = !wiz_true(s, "accepts_registrations") && !wiz_set(s, "identify/match");
	const char *p;

	if (!op || !op->value)
		return;
	for (p = op->value; tw_v_next_item(&p, ",", c->item, sizeof(c->item));) {
		char *colon = strchr(c->item, ':');

		if (colon)
			*colon = '\0';
		if (!*c->item || !tw_v_host_unresolvable(c->item))
			continue;
		if (identify)
			tw_v_odiag(c, TW_ERROR, tw_v_line_sec(op, s), op, "write the provider's host name",
			           "'%s' is not a host name that resolves (a placeholder left in the "
			           "config?): the wizard's identify is not created ('Unable to create "
			           "objects for wizard'), and its contact and registrations fail", c->item);
		else
			tw_v_odiag(c, TW_WARNING, tw_v_line_sec(op, s), op, "write the provider's host name",
			           "'%s' is not a host name that resolves (a placeholder left in the "
			           "config?): the wizard's contact and registrations fail", c->item);
		return;
	}
}

/* What each object the wizard builds needs. The wizard builds one object
 * type at a time (object_type_loaded_observer calls wizard_apply_handler
 * once per type), so a missing piece costs the objects of that type, not
 * the others: the endpoint is still created and names an auth, identify
 * or registration that does not exist. */
static void wiz_needs(struct vctx *c, const struct tw_conf_section *s,
                      const struct tw_conf *pjsip)
{
	const char *tr = tw_conf_section_value(s, "transport");
	bool hosts = wiz_set(s, "remote_hosts");

	/* handle_auths: the outbound auth first, and on failure no inbound
	 * one either. */
	if (wiz_true(s, "sends_auth") && !wiz_set(s, "outbound_auth/username"))
		tw_v_sdiag(c, TW_ERROR, s, "add outbound_auth/username = ... and outbound_auth/password = ...",
		           "sends_auth = yes %s outbound_auth/username: the wizard does not create its auths "
		           "('must have outbound_auth/username'), so registrations and outbound calls "
		           "cannot authenticate", absent_or_empty(s, "outbound_auth/username"));
	else if (wiz_true(s, "accepts_auth") && !wiz_set(s, "inbound_auth/username"))
		tw_v_sdiag(c, TW_ERROR, s, "add inbound_auth/username = ... and inbound_auth/password = ...",
		           "accepts_auth = yes %s inbound_auth/username: the wizard does not create its "
		           "inbound auth, so the endpoint fails every request it must authenticate "
		           "(phones cannot register)", absent_or_empty(s, "inbound_auth/username"));
	wiz_remote_hosts(c, s);
	if (!hosts && !wiz_true(s, "accepts_registrations"))
		tw_v_sdiag(c, TW_ERROR, s, "add remote_hosts = <the provider's host>, or accepts_registrations = yes",
		           "no remote_hosts and accepts_registrations is not yes: the wizard does not create "
		           "its identify ('must have remote_hosts'), and its aor has no contact: calls in and "
		           "out fail");
	else if (!hosts && wiz_true(s, "sends_registrations"))
		tw_v_sdiag(c, TW_ERROR, s, "add remote_hosts = <the registrar's host>",
		           "sends_registrations = yes without remote_hosts: the wizard does not create its "
		           "registration");
	if (wiz_true(s, "has_phoneprov") && !wiz_set(s, "phoneprov/MAC"))
		tw_v_sdiag(c, TW_ERROR, s, "add phoneprov/MAC = <the phone's MAC address>",
		           "has_phoneprov = yes without phoneprov/MAC: the wizard does not create its "
		           "phoneprov object");
	if (wiz_true(s, "sends_auth") && !wiz_set(s, "outbound_auth/password") &&
	    !wiz_set(s, "outbound_auth/password_digest") && !wiz_set(s, "outbound_auth/md5_cred"))
		tw_v_sdiag(c, TW_ERROR, s, "add outbound_auth/password = ...",
		           "sends_auth = yes without outbound_auth/password: the provider's challenge "
		           "cannot be answered (Asterisk 20.12, 21.7, 22.2 and later drop the auth)");
	if (tr && *tr && pjsip && !conf_has_type(pjsip, tr, "transport")) {
		const struct tw_conf_option *op = tw_conf_section_get(s, "transport");
		char *hint = tw_xasprintf("define [%s] with type = transport in pjsip.conf "
		                          "(pjsip_wizard.conf holds only wizards)", tr);
		const char *ef;
		unsigned el = tw_v_first_exec(pjsip, &ef);

		if (el)
			tw_v_odiag(c, TW_NOTE, tw_v_line_sec(op, s), op, NULL,
			           "no transport named '%s' in the pjsip files read; " TW_V_EXEC_MAY,
			           tr, ef, el);
		else
			tw_v_odiag(c, TW_ERROR, tw_v_line_sec(op, s), op, hint,
			           "no transport named '%s' in pjsip.conf: the wizard's objects cannot use it", tr);
		free(hint);
	}
}

void tw_validate_wizard(const struct tw_conf *wiz, const struct tw_validate_opts *o,
                        struct tw_diags *d)
{
	struct vctx *c;
	size_t i, k;

	if (!wiz)
		return;
	c = tw_xmalloc(sizeof(*c));
	tw_v_vctx_init(c, o, d);
	for (i = 0; i < wiz->nsections; i++) {
		const struct tw_conf_section *s = wiz->sections[i];
		const char *type = tw_conf_section_value(s, "type");

		tw_v_check_header(c, s);
		if (!type || strcmp(type, "wizard") != 0) {
			/* An object defined here does not exist (an error); an
			 * untyped section is ignored as in pjsip.conf (a warning),
			 * an empty one loses nothing. */
			if (!s->is_template && type)
				tw_v_sdiag(c, TW_ERROR, s, "move it to pjsip.conf, or make it a wizard "
				           "(type = wizard)", "%s in pjsip_wizard.conf: only type = wizard "
				           "sections are read from this file, so Asterisk ignores it", type);
			else if (!s->is_template && s->nopts)
				tw_v_sdiag(c, TW_WARNING, s, "add type = wizard",
				           "no type: the wizard ignores this section");
			continue;
		}
		for (k = 0; k < s->nopts; k++)
			if (s->opts[k]->value)
				wiz_option(c, s, s->opts[k]);
		if (!s->is_template)
			wiz_needs(c, s, o ? o->pjsip : NULL);
	}
	free(c->ov.v);
	free(c);
}
