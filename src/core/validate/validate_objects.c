/* validate_objects.c - pjsip.conf one section at a time: its type line,
 * the names, versions and values of its own lines, its required options,
 * the references it makes, and what each object type needs (transport,
 * auth, aor, endpoint, identify, registration). */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "trunkwiz/net.h"
#include "conf/conf.h"
#include "validate/schema.h"
#include "trunkwiz/base.h"
#include "trunkwiz/validate.h"
#include "validate/validate_priv.h"
#include "base/base.h"
#include "net/net.h"
#include "validate/validate.h"

const char *tw_v_obj_name(enum tw_obj t)
{
	const struct tw_schema_type *st = tw_schema_type(t);

	return st ? st->name : "?";
}

/* Name of the section a line belongs to (the template for inherited ones). */
const struct tw_conf_section *tw_v_line_sec(const struct tw_conf_option *op,
                                            const struct tw_conf_section *dflt)
{
	return op->ln && op->ln->section ? op->ln->section : dflt;
}

static bool is_secret(const struct tw_schema_opt *so)
{
	return so && so->type == TW_VT_SECRET;
}

static void unknown_option(struct vctx *c, const struct tw_conf_section *s,
                           const struct tw_conf_option *op, const struct tw_schema_type *st)
{
	const char *names[256], *sug;
	const char *other = NULL;
	size_t i;
	char *hint;
	int t;

	for (i = 0; i < st->nopts && i < TW_ARRAY_LEN(names); i++)
		names[i] = st->opts[i].name;
	sug = tw_suggest(op->name, names, i);
	for (t = 0; t < TW_OBJ_COUNT && !other; t++)
		if ((enum tw_obj)t != st->obj && tw_schema_opt_find(tw_schema_type(t), op->name))
			other = tw_v_obj_name(t);
	if (other && (!sug || strcasecmp(sug, op->name) != 0))
		hint = tw_xasprintf("'%s' is an option of type=%s, not of type=%s%s%s%s",
		                    op->name, other, st->name, sug ? "; did you mean '" : "",
		                    sug ? sug : "", sug ? "'?" : "");
	else if (sug)
		hint = tw_xasprintf("did you mean '%s'?", sug);
	else
		hint = tw_xasprintf("remove it (Asterisk lists the options with "
		                    "'config show help res_pjsip %s')", st->name);
	tw_diags_add(c->d, TW_ERROR, op->file, op->line, NULL, hint,
	             "[%s] unknown option '%s' for type=%s: Asterisk drops %s", s->name,
	             op->name, st->name,
	             s->is_template ? "every object that uses this template" : "the object");
	free(hint);
}

/* An option global, system, acl ... do not have: Asterisk drops the
 * object ("Could not find option suitable for category 'global'",
 * asterisk-behaviour.md), and a dropped global or system takes every
 * setting in it along (user_agent, endpoint_identifier_order, ...). */
static void unknown_other_option(struct vctx *c, const struct tw_conf_section *s,
                                 const struct tw_conf_option *op,
                                 const struct tw_schema_other *t)
{
	const char *sug = tw_suggest(op->name, t->names, t->nnames);
	char *hint = sug ? tw_xasprintf("did you mean '%s'? Otherwise remove the line", sug)
	                 : tw_xasprintf("remove the line (a chan_sip leftover?); Asterisk lists the "
	                                "options with 'config show help res_pjsip %s'", t->type);

	tw_diags_add(c->d, TW_ERROR, op->file, op->line, NULL, hint,
	             "[%s] unknown option '%s' for type=%s: Asterisk drops %s", s->name, op->name,
	             t->type, t->system_wide ? "the whole object, and every setting in it with it"
	                                     : "the object");
	free(hint);
}

/* A placeholder gets one line, folded with its repeats, instead of the
 * errors its value would draw (and their cascade); it is an error when
 * Asterisk refuses the value. */
static void check_placeholder(struct vctx *c, const struct tw_conf_section *s,
                              const struct tw_conf_option *op, const struct tw_schema_opt *so)
{
	struct tw_diags scratch, *real = c->d;
	bool refused;

	tw_diags_init(&scratch);
	c->d = &scratch;
	tw_v_check_value(c, s, op, so);
	c->d = real;
	refused = tw_diags_has_errors(&scratch);
	tw_diags_clear(&scratch);
	tw_v_placeholder(c, refused ? TW_ERROR : TW_WARNING, s, op);
}

/* Names, versions and values of a section's own lines. */
static void check_own_options(struct pjctx *pc, size_t i)
{
	struct vctx *c = pc->c;
	const struct tw_conf_section *s = pc->pm.si[i].s;
	enum tw_obj t = tw_v_sec_type(&pc->pm, i);
	const struct tw_schema_type *st = tw_schema_type(t);
	const struct tw_schema_other *other = NULL;
	size_t k;

	if (pc->pm.si[i].kind == K_OTHER)
		other = tw_schema_other_find(pc->pm.si[i].type_opt->value);
	for (k = 0; k < s->nopts; k++) {
		const struct tw_conf_option *op = s->opts[k];
		const struct tw_schema_opt *so = tw_v_schema_opt(c, st, op->name);
		bool secret = is_secret(so) || tw_v_name_eq(op->name, "password");

		if (!op->value)
			continue;
		tw_v_check_line_text(c, s, op, secret);
		if (!st && other && !tw_schema_other_has(other, op->name))
			unknown_other_option(c, s, op, other);
		if (!st || tw_v_name_eq(op->name, "type"))
			continue;
		if (!so) {
			unknown_option(c, s, op, st);
			continue;
		}
		if (so->since && !tw_v_since(c, so->since)) {
			char *hint = tw_xasprintf("remove it: Asterisk %s has no %s option", tw_v_ver_str(c),
			                          so->name);

			tw_diags_add(c->d, TW_ERROR, op->file, op->line, NULL, hint,
			             "[%s] option '%s' does not exist in Asterisk %s (it arrived in %s): "
			             "Asterisk drops %s", s->name, op->name, tw_v_ver_str(c),
			             tw_v_since_str(so->since),
			             s->is_template ? "every object that uses this template" : "the object");
			free(hint);
			continue;
		}
		if (so->ignored_since && tw_v_since(c, so->ignored_since))
			tw_v_odiag(c, TW_WARNING, s, op, "remove it", "%s", so->note);
		else if (so->fixed_since && !tw_v_since(c, so->fixed_since))
			tw_v_odiag(c, TW_WARNING, s, op, "upgrade Asterisk, or leave the option out",
			           "%s (fixed in %s)", so->note, tw_v_since_str(so->fixed_since));
		if (op->op == TW_OP_APPEND)
			continue;
		if (!secret && tw_v_is_placeholder(op->value))
			check_placeholder(c, s, op, so);
		else
			tw_v_check_value(c, s, op, so);
	}
}

/* "[name](opts" without its ')': the parser said Asterisk rejects the
 * whole file there; a missing type that follows from it is not news. */
static bool header_unclosed(const struct tw_conf_section *s)
{
	const struct tw_conf_line *h = s->header;

	return s->opts_text && h && h->raw && !memchr(h->raw, ')', h->rawlen);
}

static void check_type_line(struct pjctx *pc, size_t i)
{
	static const char *const all_types[] = {
		"transport", "auth", "aor", "endpoint", "identify", "registration", "global",
		"system", "domain_alias", "acl", "resource_list", "phoneprov",
		"outbound-publish", "inbound-publication", "asterisk-publication",
	};
	struct vctx *c = pc->c;
	const struct sinfo *si = &pc->pm.si[i];
	const struct tw_conf_section *s = si->s;
	const struct tw_conf_option *op = si->type_opt;
	size_t k;
	char *hint;

	if (s->is_addition)
		return;
	if (si->kind == K_NOTYPE) {
		/* An empty untyped section loses nothing: FreePBX 17 heads
		 * each generated file with one ([0]). */
		if (s->is_template || header_unclosed(s) || (!s->nopts && !s->nbases))
			return;
		tw_v_sdiag(c, TW_WARNING, s, si->is_base ? "if it only holds shared options, make it a "
		           "template: write [name](!)" : "add a type line, e.g. type = endpoint",
		           "no type: Asterisk silently ignores this section");
		return;
	}
	if (si->kind != K_BADTYPE || tw_v_own_first(s, "type") != op)
		return;
	for (k = 0; k < TW_ARRAY_LEN(all_types); k++)
		if (strcasecmp(all_types[k], op->value) == 0) {
			hint = tw_xasprintf("write type = %s (type values are case-sensitive)", all_types[k]);
			tw_v_odiag(c, TW_ERROR, s, op, hint,
			           "no object type is named '%s': Asterisk silently ignores this section",
			           op->value);
			free(hint);
			return;
		}
	{
		const char *sug = tw_suggest(op->value, all_types, TW_ARRAY_LEN(all_types));

		hint = sug ? tw_xasprintf("did you mean type = %s?", sug)
		           : tw_xstrdup("use transport, auth, aor, endpoint, identify or registration");
		tw_v_odiag(c, TW_WARNING, s, op, hint,
		           "unknown type '%s': Asterisk silently ignores this section", op->value);
		free(hint);
	}
}

static bool opt_in_object(const struct pmodel *pm, size_t i, const struct tw_conf_option *op)
{
	const struct tw_conf_section *ls = op->ln ? op->ln->section : NULL;
	size_t a;

	if (ls)
		for (a = i; a != NONE; a = a == i ? pm->si[i].first_add : pm->si[a].next_add)
			if (pm->si[a].s == ls)
				return true;
	return false;
}

/* Is there a section [id](... whose ')' is missing? */
static bool unclosed_named(const struct tw_conf *conf, const char *id)
{
	struct tw_conf_section **v = NULL;
	size_t n = tw_conf_find_sections(conf, id, &v), k;
	bool yes = false;

	for (k = 0; k < n && !yes; k++)
		yes = header_unclosed(v[k]);
	free(v);
	return yes;
}

/* A reference that does not resolve. */
static void missing_ref(struct pjctx *pc, size_t i, const struct tw_conf_option *op,
                        const char *id, enum tw_obj target, const char *effect)
{
	struct vctx *c = pc->c;
	struct namevec *nv = &pc->pm.names[target];
	const char *sug = NULL, *other = NULL;
	char *hint;
	size_t k;
	int t;

	if (c->o->external & (1u << target))
		return; /* kept in realtime or another backend (sorcery.conf) */
	if (unclosed_named(pc->pm.c, id))
		return; /* its header lacks ')': reported there, where the fix is */
	if (!pc->exec_known) {
		pc->exec_line = tw_v_first_exec(pc->pm.c, &pc->exec_file);
		pc->exec_known = pc->exec_line ? 2 : 1;
	}
	if (pc->exec_known == 2) {
		/* The object may be in the #exec output (Wazo generates
		 * nearly all of pjsip.conf that way): not an error. */
		tw_v_odiag(c, TW_NOTE, tw_v_line_sec(op, pc->pm.si[i].s), op, NULL,
		           "no %s named '%s' in the files read; " TW_V_EXEC_MAY,
		           tw_v_obj_name(target), id, pc->exec_file, pc->exec_line);
		return;
	}
	for (k = 0; k < nv->n && !sug; k++)
		if (strcasecmp(nv->v[k], id) == 0)
			sug = nv->v[k];
	if (!sug && nv->n <= SUGGEST_MAX_NAMES && c->suggest_left > 0) {
		c->suggest_left--;
		sug = tw_suggest(id, nv->v, nv->n);
	}
	for (t = 0; t < TW_OBJ_COUNT && !other; t++)
		if ((enum tw_obj)t != target && tw_v_model_find(&pc->pm, t, id) != NONE)
			other = tw_v_obj_name(t);
	if (sug)
		hint = tw_xasprintf("did you mean '%s'? (ids are case-sensitive)", sug);
	else if (other)
		hint = tw_xasprintf("[%s] is a %s, not a %s: define a type=%s section named '%s' "
		                    "or fix the name", id, other, tw_v_obj_name(target),
		                    tw_v_obj_name(target), id);
	else
		hint = tw_xasprintf("define a type=%s section named [%s], or fix the name",
		                    tw_v_obj_name(target), id);
	tw_v_odiag(c, TW_ERROR, tw_v_line_sec(op, pc->pm.si[i].s), op, hint, "no %s named '%s': %s",
	           tw_v_obj_name(target), id, effect);
	free(hint);
}

static void check_ref(struct pjctx *pc, size_t i, const char *name, enum tw_obj target,
                      const char *effect)
{
	const struct tw_conf_option *op = tw_v_eff_last(&pc->pm, i, name);
	const char *p;

	if (!op || !op->value)
		return;
	for (p = op->value; tw_v_next_item(&p, ",", pc->c->item, sizeof(pc->c->item));) {
		if (!*pc->c->item || tw_v_model_find(&pc->pm, target, pc->c->item) != NONE)
			continue;
		missing_ref(pc, i, op, pc->c->item, target, effect);
	}
}

/* The required options of each type (but type itself), in table order. */
void tw_v_find_required(struct pjctx *pc)
{
	int t;
	size_t k;

	for (t = 0; t < TW_OBJ_COUNT; t++) {
		const struct tw_schema_type *st = tw_schema_type(t);

		pc->req[t] = tw_xmalloc(st->nopts * sizeof(*pc->req[t]));
		pc->nreq[t] = 0;
		for (k = 0; k < st->nopts; k++)
			if (st->opts[k].required && strcmp(st->opts[k].name, "type") != 0)
				pc->req[t][pc->nreq[t]++] = &st->opts[k];
	}
}

/* Does an #include inside the section (before the next header) name a
 * file that was not read? Its options may be the missing ones; the
 * #include already drew the error (Asterisk rejects the whole file), so
 * what the section lacks is not reported again. A #tryinclude is not
 * enough: Asterisk loads the rest, without them. */
static bool unread_include_in(const struct tw_conf *conf, const struct tw_conf_section *s)
{
	const struct tw_conf_line *ln;

	for (ln = s->header ? s->header->next : NULL; ln && ln->kind != TW_LINE_SECTION;
	     ln = ln->next) {
		size_t k, n;

		if (ln->kind != TW_LINE_DIRECTIVE || ln->directive != TW_DIR_INCLUDE || !ln->dir_arg ||
		    strpbrk(ln->dir_arg, "*?[{"))
			continue;
		n = strlen(ln->dir_arg);
		for (k = 0; k < conf->nfiles; k++) {
			const char *path = conf->files[k]->path;
			size_t pl = strlen(path);

			if (pl >= n && strcmp(path + pl - n, ln->dir_arg) == 0 &&
			    (pl == n || path[pl - n - 1] == '/'))
				break;
		}
		if (k == conf->nfiles)
			return true;
	}
	return false;
}

static void check_required(struct pjctx *pc, size_t i, enum tw_obj t)
{
	const struct tw_schema_type *st = tw_schema_type(t);
	const struct tw_conf_section *s = pc->pm.si[i].s;
	size_t k;

	for (k = 0; k < pc->nreq[t]; k++) {
		const struct tw_schema_opt *so = pc->req[t][k];
		const struct tw_conf_option *op;
		char *hint;

		op = tw_v_eff_last(&pc->pm, i, so->name);
		if ((op && op->value && *op->value) || unread_include_in(pc->pm.c, s))
			continue;
		if (strcmp(so->name, "server_uri") == 0)
			hint = tw_xstrdup("add server_uri = sip:provider.example.com");
		else if (strcmp(so->name, "client_uri") == 0)
			hint = tw_xstrdup("add client_uri = sip:username@provider.example.com");
		else
			hint = tw_xasprintf("add %s = ...", so->name);
		if (op)
			tw_v_odiag(pc->c, TW_ERROR, tw_v_line_sec(op, s), op, hint,
			           "empty required option: Asterisk drops the %s", st->name);
		else
			tw_v_sdiag(pc->c, TW_ERROR, s, hint, "missing required option '%s': Asterisk drops the %s",
			           so->name, st->name);
		free(hint);
	}
}

static bool uint_of(const struct tw_conf_option *op, unsigned long *out)
{
	if (!op || !op->value || !tw_check_uint(op->value, ULONG_MAX, NULL))
		return false;
	*out = strtoul(op->value, NULL, 10);
	return true;
}

/* At an empty password line when there is one (FreePBX writes
 * "password =" for IP-only trunks), else at the header. Takes msg. */
static void no_password(struct pjctx *pc, size_t i, const char *hint, char *msg)
{
	struct vctx *c = pc->c;
	const struct tw_conf_section *s = pc->pm.si[i].s;
	const struct tw_conf_option *op = tw_v_eff_last(&pc->pm, i, "password");

	if (unread_include_in(pc->pm.c, s)) {
		free(msg);
		return;
	}
	if (op)
		tw_v_odiag_secret(c, TW_ERROR, tw_v_line_sec(op, s), op, hint, "%s", msg);
	else
		tw_v_sdiag(c, TW_ERROR, s, hint, "%s", msg);
	free(msg);
}

static void check_auth(struct pjctx *pc, size_t i)
{
	struct vctx *c = pc->c;
	const struct tw_conf_section *s = pc->pm.si[i].s;
	const char *type = tw_v_eff_value(&pc->pm, i, "auth_type");
	const char *pw = tw_v_eff_value(&pc->pm, i, "password");
	const char *dg = tw_v_eff_value(&pc->pm, i, "password_digest");
	const char *md5 = tw_v_eff_value(&pc->pm, i, "md5_cred");
	const struct tw_schema_opt *so = tw_v_schema_opt(c, tw_schema_type(TW_OBJ_AUTH), "password");
	bool new_rules = so && so->required_since && tw_v_since(c, so->required_since);

	if (!type || !*type)
		type = "userpass";
	if (strcasecmp(type, "google_oauth") == 0) {
		static const char *const need[] = { "refresh_token", "oauth_clientid", "oauth_secret" };
		size_t k;

		for (k = 0; k < TW_ARRAY_LEN(need); k++) {
			const char *v = tw_v_eff_value(&pc->pm, i, need[k]);

			if (!v || !*v)
				tw_v_sdiag(c, TW_ERROR, s, "add the OAuth credentials",
				           "auth_type = google_oauth needs %s: Asterisk drops the auth", need[k]);
		}
		return;
	}
	if (new_rules) {
		if ((!pw || !*pw) && (!dg || !*dg) && (!md5 || !*md5))
			no_password(pc, i, "add password = ... (write \\; for a ';' in it)",
			            tw_xasprintf("no password or password_digest: Asterisk %s drops the auth "
			                         "('No plain text or digest password found')",
			                         tw_v_ver_str(c)));
		return;
	}
	if (strcasecmp(type, "md5") == 0) {
		if (!md5 || !*md5)
			tw_v_sdiag(c, TW_ERROR, s, "add md5_cred = <32 hex digits>, or use auth_type = userpass "
			           "with a password", "auth_type = md5 without md5_cred: Asterisk drops the auth");
		return;
	}
	/* Before 20.12/21.7/22.2 Asterisk loads it and answers (or checks)
	 * every challenge with an empty password, so what uses it fails to
	 * authenticate; from then on it drops the auth (schema 2.2, measured
	 * with 22.10.1 in asterisk-behaviour.md). Either way the calls fail. */
	if (!pw || !*pw)
		no_password(pc, i, "add password = ... (write \\; for a ';' in it)",
		            tw_xasprintf("no password: Asterisk %s loads the auth but cannot "
		                         "authenticate with it, and Asterisk 20.12, 21.7, 22.2 and "
		                         "later drop it", tw_v_ver_str(c)));
}

static void check_aor(struct pjctx *pc, size_t i)
{
	struct vctx *c = pc->c;
	const struct tw_conf_section *s = pc->pm.si[i].s;
	const struct tw_conf_option *fq = tw_v_eff_last(&pc->pm, i, "qualify_frequency");
	const struct tw_conf_option *to = tw_v_eff_last(&pc->pm, i, "qualify_timeout");
	const struct tw_conf_option *mc = tw_v_eff_last(&pc->pm, i, "max_contacts");
	unsigned long freq = 0, maxc = 0;
	double timeout = 3.0;
	size_t k;
	bool has_contact = false;

	if (uint_of(fq, &freq) && freq > 0) {
		if (to && to->value && tw_check_float(to->value, NULL))
			timeout = strtod(to->value, NULL);
		if (to && timeout >= (double)freq)
			tw_v_odiag(c, TW_ERROR, tw_v_line_sec(to, s), to,
			           "make qualify_timeout smaller than qualify_frequency",
			           "qualify_timeout is not below qualify_frequency (%lu s): "
			           "a qualify can still be pending when the next one starts", freq);
		else if (!to && timeout >= (double)freq)
			tw_v_odiag(c, TW_ERROR, tw_v_line_sec(fq, s), fq,
			           "raise qualify_frequency or set a smaller qualify_timeout",
			           "qualify_frequency is not above the default qualify_timeout of 3 s");
	}
	tw_v_eff_collect(&pc->pm, i, "contact", &c->ov);
	for (k = 0; k < c->ov.n && !has_contact; k++)
		has_contact = c->ov.v[k]->value && *c->ov.v[k]->value;
	uint_of(mc, &maxc);
	if (!has_contact && maxc == 0)
		tw_v_sdiag(c, TW_WARNING, s, "add contact = sip:provider.example.com, or max_contacts = 1 "
		           "if the far end registers to you",
		           "aor has no contact and max_contacts is 0: nothing can be dialled through it");
}

/* Codec list simulation: allow/disallow lines in effective order. */
static void check_endpoint_codecs(struct pjctx *pc, size_t i)
{
	struct vctx *c = pc->c;
	const struct tw_conf_section *s = pc->pm.si[i].s;
	uint64_t set = 0, all, audio;
	bool any_allow = false;
	size_t k, ncodec = tw_codec_count();

	if (!c->codec_sets) {
		for (k = 0; k < ncodec && k < 64; k++) {
			c->codec_all |= (uint64_t)1 << k;
			if (tw_codec_at(k)->media == TW_MEDIA_AUDIO && strcmp(tw_codec_at(k)->name, "none"))
				c->codec_audio |= (uint64_t)1 << k;
		}
		c->codec_sets = true;
	}
	all = c->codec_all;
	audio = c->codec_audio;
	tw_v_eff_collect(&pc->pm, i, NULL, &c->ov);
	for (k = 0; k < c->ov.n; k++) {
		const struct tw_conf_option *op = c->ov.v[k];
		bool allow = tw_v_name_eq(op->name, "allow");
		const char *p = op->value;
		uint64_t line_seen = 0;

		if (!allow && !tw_v_name_eq(op->name, "disallow"))
			continue;
		while (p && tw_v_next_item(&p, ",|", c->item, sizeof(c->item))) {
			char *name = c->item, *colon;
			bool add = allow;
			const struct tw_codec *cd;
			uint64_t bit;

			if (*name == '!') {
				add = !add;
				for (name++; tw_v_is_blank(*name); name++)
					;
			}
			if ((colon = strchr(name, ':')))
				*colon = '\0';
			if (add)
				any_allow = true;
			if (strcasecmp(name, "all") == 0) {
				set = add ? all : 0;
				continue;
			}
			cd = tw_codec_find(name);
			if (!cd || tw_codec_index(cd) >= 64)
				continue;
			bit = (uint64_t)1 << tw_codec_index(cd);
			if (add && (set & bit) && !(line_seen & bit) && opt_in_object(&pc->pm, i, op))
				tw_v_odiag(c, TW_WARNING, s, op, "list each codec once",
				           "codec '%s' is already allowed by an earlier line", cd->name);
			line_seen |= bit;
			set = add ? set | bit : set & ~bit;
		}
	}
	if (!any_allow)
		tw_v_sdiag(c, TW_WARNING, s, "add allow = ulaw,alaw (or the provider's codecs)",
		           "endpoint has no allow line: its codec list starts empty, so no call can be set up");
	else if (!(set & audio))
		tw_v_sdiag(c, TW_WARNING, s, "allow at least one audio codec, e.g. allow = ulaw,alaw",
		           "allow/disallow leave no audio codec: calls fail with 488");
}

static void check_endpoint(struct pjctx *pc, size_t i)
{
	struct vctx *c = pc->c;
	const struct pmodel *pm = &pc->pm;
	const struct tw_conf_section *s = pm->si[i].s;
	const struct tw_conf_option *mse = tw_v_eff_last(pm, i, "timers_min_se");
	const struct tw_conf_option *sex = tw_v_eff_last(pm, i, "timers_sess_expires");
	const struct tw_conf_option *rs = tw_v_eff_last(pm, i, "rtp_port_start");
	const struct tw_conf_option *re = tw_v_eff_last(pm, i, "rtp_port_end");
	const struct tw_conf_option *ctx = tw_v_eff_last(pm, i, "context");
	const char *pco = tw_v_eff_value(pm, i, "preferred_codec_only");
	const char *icp = tw_v_eff_value(pm, i, "incoming_call_offer_pref");
	unsigned long min_se = 90, sess = 1800, a, b;

	check_endpoint_codecs(pc, i);
	tw_v_check_dtls_files(pc, i);
	if (uint_of(mse, &min_se) && min_se < 90)
		tw_v_odiag(c, TW_ERROR, tw_v_line_sec(mse, s), mse, "use 90 or more",
		           "timers_min_se must be at least 90: Asterisk drops the endpoint");
	if ((uint_of(sex, &sess) || mse) && sess < min_se)
		tw_v_odiag(c, TW_ERROR, tw_v_line_sec(sex ? sex : mse, s), sex ? sex : mse,
		           "make timers_sess_expires at least timers_min_se",
		           "timers_sess_expires (%lu) is below timers_min_se (%lu): Asterisk drops the endpoint",
		           sess, min_se);
	if ((rs && rs->value && *rs->value) != (re && re->value && *re->value))
		tw_v_odiag(c, TW_ERROR, tw_v_line_sec(rs ? rs : re, s), rs ? rs : re,
		           "set both rtp_port_start and rtp_port_end",
		           "rtp_port_start and rtp_port_end must be set together: Asterisk drops the endpoint");
	else if (uint_of(rs, &a) && uint_of(re, &b)) {
		if (a < 1024 || b < 1024)
			tw_v_odiag(c, TW_ERROR, tw_v_line_sec(rs, s), rs, "use ports from 1024 up",
			           "RTP ports must be 1024 or more: Asterisk drops the endpoint");
		else if (b <= a)
			tw_v_odiag(c, TW_ERROR, tw_v_line_sec(re, s), re, "make rtp_port_end larger than rtp_port_start",
			           "rtp_port_end must be above rtp_port_start: Asterisk drops the endpoint");
	}
	if (pco && tw_is_true(pco) && icp && *icp && strcasecmp(icp, "local") != 0)
		tw_v_sdiag(c, TW_ERROR, s,
		           "drop preferred_codec_only (deprecated) and keep incoming_call_offer_pref",
		           "preferred_codec_only = yes cannot be combined with incoming_call_offer_pref = %s: "
		           "Asterisk drops the endpoint", icp);
	check_ref(pc, i, "aors", TW_OBJ_AOR,
	          "calls to this endpoint fail ('Could not create dialog to invalid URI')");
	check_ref(pc, i, "auth", TW_OBJ_AUTH, "every inbound request on this endpoint fails authentication");
	check_ref(pc, i, "outbound_auth", TW_OBJ_AUTH,
	          "outbound calls fail when the provider asks for authentication");
	check_ref(pc, i, "transport", TW_OBJ_TRANSPORT,
	          "calls fail with 'Unable to retrieve PJSIP transport'");
	if (pc->have_dialplan) {
		const char *name = ctx && ctx->value && *ctx->value ? ctx->value : "default";

		if (!tw_hmap_get(&pc->contexts, name, strlen(name))) {
			char *hint = tw_xasprintf("add a [%s] context to extensions.conf, or change context =",
			                          name);

			if (ctx && ctx->value && *ctx->value)
				tw_v_odiag(c, TW_WARNING, tw_v_line_sec(ctx, s), ctx, hint,
				           "the dialplan has no context '%s': inbound calls would get 404", name);
			else
				tw_v_sdiag(c, TW_WARNING, s, hint, "no context set, so inbound calls go to 'default', "
				           "which the dialplan does not define: they would get 404");
			free(hint);
		}
	}
}

static void check_identify(struct pjctx *pc, size_t i)
{
	const struct pmodel *pm = &pc->pm;
	static const char *const matchers[] = { "match", "match_header", "match_request_uri" };
	size_t k;
	bool any = false;

	for (k = 0; k < TW_ARRAY_LEN(matchers) && !any; k++) {
		const char *v = tw_v_eff_value(pm, i, matchers[k]);

		any = v && *v;
	}
	if (!any)
		tw_v_sdiag(pc->c, TW_ERROR, pm->si[i].s, "add match = <the provider's IP addresses>",
		           "identify has no match, match_header or match_request_uri: "
		           "Asterisk drops it ('not configured to match anything')");
	check_ref(pc, i, "endpoint", TW_OBJ_ENDPOINT,
	          "matching requests stay unidentified and are rejected (401)");
	tw_v_collect_matches(pc, i);
}

static void check_registration(struct pjctx *pc, size_t i)
{
	struct vctx *c = pc->c;
	const struct pmodel *pm = &pc->pm;
	const struct tw_conf_section *s = pm->si[i].s;
	const struct tw_conf_option *line = tw_v_eff_last(pm, i, "line");
	const struct tw_conf_option *ep = tw_v_eff_last(pm, i, "endpoint");
	bool has_line = line && line->value && tw_is_true(line->value);
	bool has_ep = ep && ep->value && *ep->value;

	if (has_ep && !has_line)
		tw_v_odiag(c, TW_ERROR, tw_v_line_sec(ep, s), ep, "add line = yes",
		           "endpoint is set but line is not yes: Asterisk drops the registration");
	else if (has_line && !has_ep)
		tw_v_odiag(c, TW_ERROR, tw_v_line_sec(line, s), line, "add endpoint = <the trunk's endpoint>",
		           "line = yes needs endpoint: Asterisk drops the registration");
	check_ref(pc, i, "outbound_auth", TW_OBJ_AUTH,
	          "the registration cannot answer the provider's challenge");
	check_ref(pc, i, "transport", TW_OBJ_TRANSPORT, "the registration uses no transport selector");
	check_ref(pc, i, "endpoint", TW_OBJ_ENDPOINT,
	          "inbound calls on this line find no endpoint");
}

/* Section i on its own: header, type line, own lines and, for an object,
 * its required options and the checks of its type. */
void tw_v_check_section(struct pjctx *pc, size_t i)
{
	const struct sinfo *si = &pc->pm.si[i];
	const struct tw_conf_section *s = si->s;

	tw_v_check_header(pc->c, s);
	check_type_line(pc, i);
	check_own_options(pc, i);
	if (si->kind != K_OBJ || s->is_template || s->is_addition)
		return;
	check_required(pc, i, si->obj);
	switch (si->obj) {
	case TW_OBJ_TRANSPORT:
		tw_v_check_transport(pc, i);
		break;
	case TW_OBJ_AUTH:
		check_auth(pc, i);
		break;
	case TW_OBJ_AOR:
		check_aor(pc, i);
		break;
	case TW_OBJ_ENDPOINT:
		pc->neps++;
		check_endpoint(pc, i);
		break;
	case TW_OBJ_IDENTIFY:
		check_identify(pc, i);
		break;
	case TW_OBJ_REGISTRATION:
		pc->nregs++;
		check_registration(pc, i);
		break;
	default:
		break;
	}
}
