/* install.c - planning a trunk's installation, regeneration and removal in
 * a live config dir (install.h): the transport, sorting out the diagnostics
 * of the whole config, apply and remove. What they are built from (paths,
 * files as they are now, the plan, modes, generated text, the live config) is
 * in install_files.c, the include lines in install_include.c (both through
 * install_priv.h). Committing a plan is in plan.c. */
#include "config.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "install/install_priv.h"
#include "trunkwiz/conf.h"
#include "trunkwiz/trunk.h"
#include "trunkwiz/validate.h"
#include "base/base.h"
#include "conf/conf.h"
#include "install/install.h"
#include "trunk/trunk.h"
#include "validate/validate.h"

void tw_install_opts_init(struct tw_install_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->confdir = "/etc/asterisk";
	o->keep_backups = TW_INSTALL_KEEP_BACKUPS;
	o->group = "asterisk";
	o->version.major = TW_ASTVER_DEFAULT_MAJOR;
}

/* ---- transport ---- */

/* ---- diagnostics of the whole config ---- */

static bool mentions(const struct tw_diag *g, const struct names *a, const struct names *b)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		if (strstr(g->msg, a->v[i]))
			return true;
	for (i = 0; b && i < b->n; i++)
		if (strstr(g->msg, b->v[i]))
			return true;
	return false;
}

static bool reported_clash(const struct tw_diag *g, const struct names *clashed)
{
	size_t i;

	for (i = 0; i < clashed->n; i++)
		if (tw_validate_is_duplicate(g, clashed->v[i]))
			return true;
	return false;
}

/* Keep what concerns the change, except the validator's word on a name
 * tw_install_conflicts() already reported; sum up what the admin's config already
 * had. */
static void sort_out(struct tw_plan *plan, struct tw_diags *vd, const char *const *ours,
                     size_t nours, const struct names *secs, const struct names *ctxs,
                     const struct names *clashed, struct tw_diags *d)
{
	size_t i, k, old_err = 0, old_warn = 0;

	for (i = 0; i < vd->n; i++) {
		struct tw_diag *g = &vd->v[i];
		bool mine = !g->file;

		if (reported_clash(g, clashed))
			continue;
		for (k = 0; k < nours && !mine; k++)
			mine = strcmp(g->file, ours[k]) == 0;
		if (!mine && !mentions(g, secs, ctxs)) {
			old_err += g->sev == TW_ERROR;
			old_warn += g->sev == TW_WARNING;
			continue;
		}
		tw_diags_add(d, g->sev, g->file, g->line, g->field, g->hint, "%s", g->msg);
	}
	if (old_err || old_warn)
		tw_install_plan_note(plan,
		               "your existing config already has %zu error%s and %zu warning%s "
		               "that this change does not touch ('trunkwiz check' lists them)",
		               old_err, old_err == 1 ? "" : "s", old_warn,
		               old_warn == 1 ? "" : "s");
}

/* ---- apply ---- */

struct apply {
	const struct tw_install_opts *o;
	struct tw_trunk *t;
	const struct tw_profile *p;
	struct tw_plan *plan;
	struct tw_diags *d;
	struct paths P;
	struct tw_render r;
	char *tp_text, *te_text, *tr_text;  /* new contents */
	unsigned tp_head, te_head;
	struct cur pj, ex, tp, te, tr, st;
	char *tr_proto_name;                /* transport section created, or NULL */
	char *nat_path, *nat_text;          /* NAT edit of the admin's transport file */
	size_t nat_len;
	struct cur nat;                     /* that file as it is (when not pjsip.conf) */
	bool tr_changed;
	bool tr_reinclude;                  /* ours is there, its include line is not */
	bool tp_included, tr_included, te_included; /* the live config loads them */
};

static void apply_free(struct apply *a)
{
	tw_render_free(&a->r);
	if (a->tp_text)
		tw_wipe(a->tp_text, strlen(a->tp_text));
	free(a->tp_text);
	free(a->te_text);
	free(a->tr_text);
	free(a->tr_proto_name);
	free(a->nat_path);
	free(a->nat_text);
	tw_install_cur_free(&a->nat, false);
	tw_install_cur_free(&a->pj, false);
	tw_install_cur_free(&a->ex, false);
	tw_install_cur_free(&a->tp, true);
	tw_install_cur_free(&a->te, false);
	tw_install_cur_free(&a->tr, false);
	tw_install_cur_free(&a->st, true);
	tw_install_paths_free(&a->P);
}

/* public_ip and local_net on the transport section s the trunk uses:
 * trunkwiz's own file is regenerated with them, the admin's gets the
 * lines added (backed up like any change), never is the answer dropped. */
static void plan_nat(struct apply *a, const struct tw_conf_section *s)
{
	const char *ip = tw_trunk_get(a->t, "public_ip"), *ln = tw_trunk_get(a->t, "local_net");
	char **nets = NULL;
	size_t nnets = 0, len = 0;
	char *text;
	struct tw_buf what;
	const struct cur *c;

	if ((!ip || !*ip) && (!ln || !*ln))
		return;
	if (ln && *ln)
		nnets = tw_split_list(ln, ',', &nets);
	if (strcmp(s->file, a->P.transport) == 0) {
		c = &a->tr;
	} else if (strcmp(s->file, a->P.pjsip_host) == 0) {
		/* pjsip.conf, or the file a distribution leaves to the admin */
		c = &a->pj;
	} else if (a->P.distro) {
		tw_install_plan_note(a->plan, "behind NAT: transport [%s] is in %s, which %s generates: set "
		               "the external address and local networks in %s's SIP settings",
		               s->name, tw_install_rel(a->o, s->file), a->P.distro->name, a->P.distro->name);
		goto out;
	} else {
		/* Another file of the admin's: one in DIR itself, reached through
		 * DIR's descriptor like pjsip.conf; a file further down is left to
		 * the admin (a directory on the way could be a planted link). */
		size_t n = strlen(a->o->confdir);
		const char *name = strncmp(s->file, a->o->confdir, n) == 0 && s->file[n] == '/'
		                   ? s->file + n + 1 : NULL;

		if (!name || strchr(name, '/')) {
			tw_install_plan_note(a->plan, "behind NAT: transport [%s] is in %s, which trunkwiz does "
			               "not edit: add external_media_address, external_signaling_address "
			               "and local_net there yourself, or answer transport_nat=own",
			               s->name, s->file);
			goto out;
		}
		if (tw_install_cur_read(&a->P, TW_CHANGE_CONFDIR, name, &a->nat, a->d) < 0)
			goto out;
		c = &a->nat;
	}
	tw_buf_init(&what);
	text = c->exists ? tw_install_nat_edit(c->data, c->len, s, ip, nets, nnets, &len, &what) : NULL;
	if (text && c == &a->tr) {
		free(a->tr_text);
		a->tr_text = text;
		a->tr_changed = true;
	} else if (text) {
		a->nat_path = tw_xstrdup(s->file);
		a->nat_text = text;
		a->nat_len = len;
	}
	if (text)
		tw_install_plan_note(a->plan, "behind NAT: the trunk uses transport [%s] (%s:%u), which gets %s",
		               s->name, tw_install_rel(a->o, s->file), s->line, what.data);
	tw_buf_free(&what);
out:
	tw_strv_free(&nets, nnets);
}

/* A port for a transport of trunkwiz's own next to the admin's: the first
 * from 5062 that no transport binds. */
static unsigned free_port(const struct tw_conf *pj)
{
	unsigned port;
	size_t i;

	for (port = 5062; port < 5100; port++) {
		char *suffix = tw_xasprintf(":%u", port);
		bool used = false;

		for (i = 0; i < pj->nsections && !used; i++) {
			const char *bind = tw_conf_section_value(pj->sections[i], "bind");
			size_t bl = bind ? strlen(bind) : 0, sl = strlen(suffix);

			used = bl >= sl && strcmp(bind + bl - sl, suffix) == 0;
		}
		free(suffix);
		if (!used)
			return port;
	}
	return port;
}

static bool own_transport(const struct tw_trunk *t)
{
	const char *v = tw_trunk_get(t, "transport_nat");

	return v && strcmp(v, "own") == 0 && tw_trunk_get(t, "public_ip") &&
	       *tw_trunk_get(t, "public_ip");
}

/* Decide the transport: the admin's, the one trunkwiz made before, or a
 * new one (create_transport=yes, or a trunkwiz one on its own port for
 * NAT), else an error. */
static void plan_transport(struct apply *a, const struct tw_conf *pj)
{
	enum tw_transport tr = tw_trunk_transport(a->t);
	const char *proto = tw_transport_name(tr);
	const char *create = tw_trunk_get(a->t, "create_transport");
	const char *tname = tw_trunk_get(a->t, "transport_name");
	const struct tw_conf_section *sec = tw_install_trunk_transport(pj, proto, tname);
	bool own = own_transport(a->t);
	char *secname = own ? tw_xasprintf("trunkwiz-%s", proto) : tw_xasprintf("transport-%s", proto);
	char **nets = NULL;
	const char *const *netv = a->o->local_nets;
	size_t nnets = a->o->nlocal_nets;
	unsigned port = 0;
	char *sect;
	struct tw_buf b;

	if (sec) {
		plan_nat(a, sec);
		free(secname);
		return;
	}
	if (a->tr.exists && strstr(a->tr.data, secname)) {
		/* made by trunkwiz for an earlier trunk; if its include line
		 * went, pjsip.conf gets it again */
		a->tr_reinclude = !a->tr_included;
		free(secname);
		return;
	}
	if (!own && !tw_is_true(create)) {
		tw_diag_field(a->d, TW_ERROR, "create_transport",
		              "answer create_transport=yes (or transport=create) and trunkwiz adds "
		              "one bound to 0.0.0.0, or define a type=transport section yourself",
		              "pjsip.conf defines no transport for %s: Asterisk could neither "
		              "register this trunk nor place its calls", proto);
		free(secname);
		return;
	}
	if (!own && tw_conf_find_section(pj, secname)) {
		free(secname);
		secname = tw_xasprintf("trunkwiz-%s", proto);
	}
	if (own || tw_install_trunk_transport(pj, proto, NULL))
		port = free_port(pj);
	if (tw_trunk_get(a->t, "local_net") && *tw_trunk_get(a->t, "local_net")) {
		nnets = tw_split_list(tw_trunk_get(a->t, "local_net"), ',', &nets);
		netv = (const char *const *)nets;
	}
	if (tr == TW_TRANSPORT_TLS) {
		(void)tw_install_check_pem("cert_file", tw_trunk_get(a->t, "cert_file"), a->d);
		(void)tw_install_check_pem("priv_key_file", tw_trunk_get(a->t, "priv_key_file"), a->d);
	}
	sect = tw_render_transport(tr, a->t, port, netv, nnets);
	if (strcmp(secname, "transport-udp") != 0 && strcmp(secname, "transport-tcp") != 0 &&
	    strcmp(secname, "transport-tls") != 0) {
		char *from = tw_xasprintf("[transport-%s]", proto), *to = tw_xasprintf("[%s]", secname);
		char *at = strstr(sect, from);
		struct tw_buf nb;

		tw_buf_init(&nb);
		tw_buf_add(&nb, sect, (size_t)(at - sect));
		tw_buf_adds(&nb, to);
		tw_buf_adds(&nb, at + strlen(from));
		free(sect);
		sect = tw_buf_steal(&nb);
		free(from);
		free(to);
	}
	tw_buf_init(&b);
	if (a->tr.exists) {
		tw_buf_add(&b, a->tr.data, a->tr.len);
		tw_buf_adds(&b, "\n");
	} else {
		tw_buf_adds(&b, "; trunkwiz: transports for the trunks trunkwiz manages, generated by\n"
		                "; trunkwiz " PACKAGE_VERSION ". Removed with the last of those trunks.\n");
	}
	tw_buf_adds(&b, sect);
	a->tr_text = tw_buf_steal(&b);
	a->tr_changed = true;
	a->tr_proto_name = secname;
	if (own)
		tw_install_plan_note(a->plan, "behind NAT: trunkwiz adds its own transport [%s] on port %u in "
		               "%s with the public address; your transport stays as it is",
		               secname, port, REL_TRANSPORT);
	else
		tw_install_plan_note(a->plan, "pjsip.conf had no transport for %s: trunkwiz adds [%s] bound to "
		               "0.0.0.0 in %s%s", proto, secname, REL_TRANSPORT,
		               tw_trunk_get(a->t, "public_ip") ? "" :
		               " (behind NAT, give public_ip=ADDRESS so calls carry audio)");
	free(sect);
	tw_strv_free(&nets, nnets);
}

/* The six files a trunk touches, as they are now. */
static int read_files(const struct paths *P, struct cur *pj, struct cur *ex, struct cur *tp,
                      struct cur *te, struct cur *tr, struct cur *st, struct tw_diags *d)
{
	int rc = 0;

	/* each reports on its own: a refused link does not hide the next */
	rc |= tw_install_cur_read(P, TW_CHANGE_CONFDIR, P->n_pjh, pj, d);
	rc |= tw_install_cur_read(P, TW_CHANGE_CONFDIR, P->n_exh, ex, d);
	rc |= tw_install_cur_read(P, TW_CHANGE_OWNDIR, P->n_tp, tp, d);
	rc |= tw_install_cur_read(P, TW_CHANGE_OWNDIR, P->n_te, te, d);
	rc |= tw_install_cur_read(P, TW_CHANGE_OWNDIR, N_TRANSPORT, tr, d);
	rc |= tw_install_cur_read(P, TW_CHANGE_STATEDIR, P->n_state, st, d);
	return rc ? -1 : 0;
}

static int read_all(struct apply *a)
{
	return read_files(&a->P, &a->pj, &a->ex, &a->tp, &a->te, &a->tr, &a->st, a->d);
}

static void render_files(struct apply *a, const char *name)
{
	const char *prov = tw_trunk_get(a->t, "provider");
	char *h1 = tw_install_header("PJSIP sections", name, prov), *h2 = tw_install_header("dialplan", name, prov);

	a->tp_head = tw_install_count_lines(h1);
	a->te_head = tw_install_count_lines(h2);
	a->tp_text = tw_xasprintf("%s%s", h1, a->r.pjsip);
	a->te_text = tw_xasprintf("%s%s", h2, a->r.extensions);
	free(h1);
	free(h2);
}

static void our_names(struct apply *a, const char *name, struct names *secs,
                      struct names *ctxs)
{
	static const char *const suffix[] = { "auth", "reg", "endpoint", "aor", "identify" };
	enum tw_auth_mode auth = tw_trunk_auth(a->t);
	const char *ctx = tw_trunk_get(a->t, "context"), *out = tw_trunk_get(a->t, "outbound_context");
	size_t i;

	for (i = 0; i < TW_ARRAY_LEN(suffix); i++) {
		if ((i == 0 && auth == TW_AUTH_IP) || (i == 1 && auth != TW_AUTH_REGISTER))
			continue;
		tw_install_names_add(secs, tw_xasprintf("%s-%s", name, suffix[i]));
	}
	tw_install_names_add(ctxs, tw_xstrdup(ctx && *ctx ? ctx : TW_DEFAULT_CONTEXT));
	tw_install_names_add(ctxs, tw_xstrdup(out && *out ? out : TW_DEFAULT_OUTBOUND_CONTEXT));
}

/* The first line of an include host trunkwiz had to create (malloc'd). */
static char *created_text(const char *name)
{
	return tw_xasprintf("; %s: created by trunkwiz, which found none\n", name);
}

/* The change of pjsip.conf or extensions.conf; one trunkwiz creates reads
 * like a stock one (0644). */
static void new_admin_file(struct tw_plan *p, const struct tw_install_opts *o, struct cur *c,
                           char *text, size_t len)
{
	struct tw_file_attrs fresh = { 0644, getuid(), getgid(), false };

	tw_install_plan_change(p, o, c, text, len, c->exists ? NULL : &fresh, false);
}

static void plan_files(struct apply *a, const char *name)
{
	const struct tw_install_opts *o = a->o;
	struct tw_file_attrs sec = tw_install_secret_attrs(o), st = { 0600, getuid(), getgid(), false };
	struct tw_file_attrs plain = tw_install_plain_attrs(o);
	char *text;
	size_t len;
	gid_t gid;
	bool grp = tw_install_group_gid(o, &gid);
	bool pj_edited = a->nat_path && strcmp(a->nat_path, a->P.pjsip_host) == 0;

	a->plan->own_mode = grp ? 0750 : 0755;
	a->plan->dir_gid = grp ? (long)gid : -1;
	text = tw_install_state_text(a->t, &len);
	tw_install_plan_change(a->plan, o, &a->st, text, len, &st, true);
	tw_install_plan_change(a->plan, o, &a->tp, tw_xstrdup(a->tp_text), strlen(a->tp_text), &sec,
	                 true);
	tw_install_plan_change(a->plan, o, &a->te, tw_xstrdup(a->te_text), strlen(a->te_text), &plain,
	                 false);
	if (a->tr_changed)
		tw_install_plan_change(a->plan, o, &a->tr, tw_xstrdup(a->tr_text), strlen(a->tr_text),
		                 &plain, false);
	/* pjsip.conf and extensions.conf: one include line each, once. */
	if (!a->tp_included || ((a->tr_changed || a->tr_reinclude) && !a->tr_included)) {
		const char *args[2], *whats[2];
		char *what = tw_xasprintf("trunk %s", name), *base = NULL;
		size_t n = 0;

		if ((a->tr_changed || a->tr_reinclude) && !a->tr_included) {
			args[n] = REL_TRANSPORT;
			whats[n++] = "transport";
		}
		if (!a->tp_included) {
			args[n] = a->P.rel_tp;
			whats[n++] = what;
		}
		if (!a->pj.exists)
			base = created_text(a->P.n_pjh);
		else if (pj_edited)
			base = tw_xstrndup(a->nat_text, a->nat_len);
		text = tw_install_add_includes(base ? base : a->pj.data, base ? strlen(base) : a->pj.len,
		                         args, whats, n, &len);
		new_admin_file(a->plan, o, &a->pj, text, len);
		free(base);
		free(what);
	} else if (pj_edited) {
		new_admin_file(a->plan, o, &a->pj, tw_xstrndup(a->nat_text, a->nat_len), a->nat_len);
	}
	if (a->nat_path && !pj_edited)
		tw_install_plan_change(a->plan, o, &a->nat, tw_xstrndup(a->nat_text, a->nat_len),
		                 a->nat_len, NULL, false);
	if (!a->te_included) {
		const char *args[1] = { a->P.rel_te }, *whats[1];
		char *what = tw_xasprintf("trunk %s", name), *base = NULL;

		whats[0] = what;
		if (!a->ex.exists)
			base = created_text(a->P.n_exh);
		text = tw_install_add_includes(base ? base : a->ex.data, base ? strlen(base) : a->ex.len,
		                         args, whats, 1, &len);
		new_admin_file(a->plan, o, &a->ex, text, len);
		free(base);
		free(what);
	}
}

/* Load the whole config as it would be after the change and validate it. */
static void validate_whole(struct apply *a, const char *name)
{
	const char *pov[3] = { a->P.tp, NULL, NULL }, *pdat[3] = { a->tp_text, NULL, NULL };
	const char *eov[1] = { a->P.te }, *edat[1] = { a->te_text };
	const char *ours[3] = { a->P.tp, a->P.te, a->P.transport };
	struct names secs = { { NULL }, 0 }, ctxs = { { NULL }, 0 }, clashed = { { NULL }, 0 };
	struct tw_conf *pj, *ex;
	struct tw_validate_opts vo;
	struct tw_diags vd, cd;
	size_t npov = 1, first, i;
	char *hint;

	tw_diags_init(&vd);
	tw_diags_init(&cd);
	pj = tw_install_load_live(a->o, a->P.pjsip, a->P.distro ? NULL : &a->pj, pov, pdat, npov, &vd);
	a->tp_included = tw_install_conf_has_file(pj, a->P.tp);
	a->tr_included = tw_install_conf_has_file(pj, a->P.transport);
	if (!a->tp_included && tw_conf_parse(pj, a->P.tp, a->tp_text,
	                                                 strlen(a->tp_text), &vd) < 0)
		tw_fatal("internal: rendered text is not a config");
	plan_transport(a, pj);
	if (a->tr_changed || a->nat_path) {
		bool tr_loaded = tw_install_conf_has_file(pj, a->P.transport);

		if (a->tr_changed && tr_loaded) {
			pov[npov] = a->P.transport;
			pdat[npov++] = a->tr_text;
		}
		if (a->nat_path) {
			pov[npov] = a->nat_path;
			pdat[npov++] = a->nat_text;
		}
		if (npov > 1) {
			/* The changed files are part of the model: load again. */
			tw_install_conf_free_wiped(&pj);
			tw_diags_clear(&vd);
			pj = tw_install_load_live(a->o, a->P.pjsip, a->P.distro ? NULL : &a->pj, pov, pdat, npov, &vd);
			if (!tw_install_conf_has_file(pj, a->P.tp) &&
			    tw_conf_parse(pj, a->P.tp, a->tp_text, strlen(a->tp_text), &vd) < 0)
				tw_fatal("internal: rendered text is not a config");
		}
		if (a->tr_changed && !tr_loaded &&
		    tw_conf_parse(pj, a->P.transport, a->tr_text, strlen(a->tr_text), &vd) < 0)
			tw_fatal("internal: rendered text is not a config");
	} else if (a->tr_reinclude) {
		/* validate with the transport the include line brings back (a
		 * file that no longer parses is reported through vd) */
		if (tw_conf_parse(pj, a->P.transport, a->tr.data, a->tr.len, &vd) < 0)
			a->tr_reinclude = false;
	}
	ex = tw_install_load_live(a->o, a->P.ext, a->P.distro ? NULL : &a->ex, eov, edat, 1, &vd);
	a->te_included = tw_install_conf_has_file(ex, a->P.te);
	if (!a->te_included &&
	    tw_conf_parse(ex, a->P.te, a->te_text, strlen(a->te_text), &vd) < 0)
		tw_fatal("internal: rendered text is not a config");

	tw_install_dialplan_checks(a->P.distro, a->plan, pj, ex, a->t, a->P.dir, &cd);
	our_names(a, name, &secs, &ctxs);
	hint = tw_xasprintf("give the trunk another name (name=...), or remove or rename this section");
	tw_install_conflicts(a->o, pj, &secs, a->P.tp, "PJSIP sections", hint, &clashed, &cd);
	free(hint);
	if (a->tr_proto_name) {
		struct names tn = { { tw_xstrdup(a->tr_proto_name) }, 1 };

		tw_install_conflicts(a->o, pj, &tn, a->P.transport, "transport", "rename this section",
		               &clashed, &cd);
		tw_install_names_free(&tn);
	}
	first = cd.n;
	tw_install_conflicts(a->o, ex, &ctxs, a->P.te, "dialplan",
	               "give the trunk other contexts (context=... for inbound, outbound_context=... "
	               "for outbound), or rename this one", &clashed, &cd);
	/* the answer that names the context, so the wizard goes to its field */
	for (i = first; i < cd.n; i++) {
		char *tag = tw_xasprintf("[%s]", ctxs.v[0]);

		free(cd.v[i].field);
		cd.v[i].field = tw_xstrdup(strncmp(cd.v[i].msg, tag, strlen(tag)) == 0 ?
		                           "context" : "outbound_context");
		free(tag);
	}
	tw_validate_opts_init(&vo);
	vo.version = a->o->version;
	vo.dialplan = ex;
	vo.pjsip = pj;
	vo.range_owner = a->p->name;
	vo.owner_ranges = tw_profile_default(a->p, "identify");
	tw_validate_pjsip(pj, &vo, &vd);
	tw_validate_dialplan(ex, &vo, &vd);
	tw_diags_sort(&vd);
	sort_out(a->plan, &vd, ours, TW_ARRAY_LEN(ours), &secs, &ctxs, &clashed, &cd);
	tw_render_map_back(&cd, a->P.tp, &a->r, true, a->tp_head);
	tw_render_map_back(&cd, a->P.te, &a->r, false, a->te_head);
	tw_diags_move(a->d, &cd);
	tw_install_names_free(&secs);
	tw_install_names_free(&ctxs);
	tw_install_names_free(&clashed);
	tw_diags_clear(&vd);
	tw_install_conf_free_wiped(&pj);
	tw_conf_free(&ex);
}

int tw_install_plan_apply(const struct tw_install_opts *o, struct tw_trunk *t,
                          const struct tw_profile *p, struct tw_plan *plan,
                          struct tw_diags *d)
{
	struct apply a;
	const char *name;
	char *why;
	size_t errors = tw_diags_count(d, TW_ERROR);
	int rc = -1;

	memset(&a, 0, sizeof(a));
	a.o = o;
	a.t = t;
	a.p = p;
	a.plan = plan;
	a.d = d;
	tw_profile_apply(p, t);
	/* The provider is the admin's choice even when it was the default. */
	if (tw_trunk_set(t, "provider", p->id, NULL, 0, d) < 0)
		return -1;
	if (tw_install_new_trunk_contexts(o, t, &why) > 0)
		tw_install_plan_note(plan, "%s", why);
	free(why);
	if (tw_install_distro_defaults(o, t, &why) > 0)
		tw_install_plan_note(plan, "%s", why);
	free(why);
	if (own_transport(t)) {
		char *tn = tw_xasprintf("trunkwiz-%s", tw_transport_name(tw_trunk_transport(t)));

		tw_trunk_replace_default(t, "transport_name", tn);
		free(tn);
	}
	if (tw_render(t, p, &o->version, &a.r, d) < 0)
		return -1;
	if (strstr(a.r.pjsip, "\n; behind NAT"))
		tw_install_plan_note(plan, "behind NAT: the endpoint answers where the provider's packets "
		               "come from (rtp_symmetric, force_rport, rewrite_contact), so audio "
		               "flows both ways");
	name = tw_trunk_get(t, "name");
	free(plan->trunk);
	plan->trunk = tw_xstrdup(name);
	tw_install_paths_init(&a.P, o->confdir, name);
	if (tw_install_paths_distro_ok(&a.P, d) < 0 || tw_install_paths_open(&a.P, o->confdir, d) < 0 ||
	    read_all(&a) < 0)
		goto out;
	render_files(&a, name);
	validate_whole(&a, name);
	plan_files(&a, name);
	rc = tw_diags_count(d, TW_ERROR) > errors ? -1 : 0;
out:
	apply_free(&a);
	return rc;
}

/* ---- remove ---- */

/* Names of the other trunks whose answers are saved in DIR. */
static size_t other_trunks(const struct paths *P, const char *name)
{
	DIR *dh = tw_dir_list(&P->d_state);
	struct dirent *e;
	size_t n = 0, len;

	if (!dh)
		return 0;
	while ((e = readdir(dh))) {
		len = strlen(e->d_name);
		if (e->d_name[0] == '.' || len < 6 || strcmp(e->d_name + len - 5, ".conf") != 0)
			continue;
		if (len - 5 == strlen(name) && strncmp(e->d_name, name, len - 5) == 0)
			continue;
		n++;
	}
	closedir(dh);
	return n;
}


/* The admin file without our include lines (NULL when trunkwiz created
 * the file and nothing else is left in it, or when it is gone). */
static char *without(const struct cur *c, const char *const *args, size_t nargs,
                     const char *created, size_t *len, unsigned *found)
{
	char *data, *next;
	size_t i;

	*len = 0;
	if (!c->exists)
		return NULL; /* deleted since: nothing to take out, nothing to make */
	data = tw_xstrndup(c->data ? c->data : "", c->len);
	*len = c->len;
	for (i = 0; i < nargs; i++) {
		next = tw_install_drop_include(data, *len, args[i], len, found);
		free(data);
		data = next;
	}
	if (created && strcmp(data, created) == 0) {
		free(data);
		return NULL;
	}
	return data;
}

/* Validate the config without the trunk: the admin's own lines that
 * still use it (a Dial() of its endpoint...) are warned about. */
static void validate_removal(const struct tw_install_opts *o, const struct paths *P,
                             const char *name, const char *pjnew, const char *exnew,
                             const struct cur *pj, const struct cur *ex, bool drop_tr,
                             struct tw_diags *d)
{
	const char *pov[3] = { P->tp, P->pjsip_host, P->transport };
	const char *pdat[3] = { NULL, pjnew, NULL };
	const char *eov[2] = { P->te, P->ext_host }, *edat[2] = { NULL, exnew };
	struct names mine = { { NULL }, 0 };
	struct tw_conf *pc, *ec;
	struct tw_validate_opts vo;
	struct tw_diags vd;
	size_t i, k;

	tw_diags_init(&vd);
	/* the transport is absent afterwards only when it goes too */
	pc = tw_install_load_live(o, P->pjsip, P->distro ? NULL : pj, pov, pdat, drop_tr ? 3 : 2, &vd);
	ec = tw_install_load_live(o, P->ext, P->distro ? NULL : ex, eov, edat, 2, &vd);
	tw_diags_clear(&vd);
	tw_validate_opts_init(&vo);
	vo.version = o->version;
	vo.dialplan = ec;
	vo.pjsip = pc;
	tw_validate_pjsip(pc, &vo, &vd);
	tw_validate_dialplan(ec, &vo, &vd);
	tw_install_names_add(&mine, tw_xasprintf("%s-", name));
	for (i = 0; i < vd.n; i++) {
		struct tw_diag *g = &vd.v[i];

		for (k = 0; k < mine.n; k++)
			if (strstr(g->msg, mine.v[k]) && g->sev != TW_NOTE)
				tw_diags_add(d, TW_WARNING, g->file, g->line, g->field, g->hint,
				             "after removing trunk %s: %s", name, g->msg);
	}
	tw_install_names_free(&mine);
	tw_diags_clear(&vd);
	tw_install_conf_free_wiped(&pc);
	tw_conf_free(&ec);
}

int tw_install_plan_remove(const struct tw_install_opts *o, const char *name,
                           struct tw_plan *plan, struct tw_diags *d)
{
	struct paths P;
	struct cur pj, ex, tp, te, tr, st;
	const char *pargs[2], *eargs[1];
	char *pjnew, *exnew, *cpj, *cex;
	size_t pjlen, exlen;
	unsigned found = 0;
	bool drop_tr;
	int rc = -1;

	memset(&pj, 0, sizeof(pj));
	ex = tp = te = tr = st = pj;
	if (tw_install_check_name(name, d) < 0)
		return -1;
	tw_install_paths_init(&P, o->confdir, name);
	if (tw_install_paths_distro_ok(&P, d) < 0 || tw_install_paths_open(&P, o->confdir, d) < 0 ||
	    read_files(&P, &pj, &ex, &tp, &te, &tr, &st, d) < 0)
		goto out;
	drop_tr = tr.exists && other_trunks(&P, name) == 0;
	pargs[0] = P.rel_tp;
	pargs[1] = REL_TRANSPORT;
	eargs[0] = P.rel_te;
	/* a host the distribution includes must stay, even emptied */
	cpj = P.distro ? NULL : created_text(P.n_pjh);
	cex = P.distro ? NULL : created_text(P.n_exh);
	pjnew = without(&pj, pargs, drop_tr ? 2 : 1, cpj, &pjlen, &found);
	exnew = without(&ex, eargs, 1, cex, &exlen, &found);
	free(cpj);
	free(cex);
	if (!found && !st.exists && !tp.exists && !te.exists) {
		tw_diag_at(d, TW_ERROR, NULL, 0, "'trunkwiz list' shows the trunks trunkwiz manages",
		           "no trunk '%s' in %s", name, o->confdir);
		free(pjnew);
		free(exnew);
		goto out;
	}
	validate_removal(o, &P, name, pjnew, exnew, &pj, &ex, drop_tr, d);
	free(plan->trunk);
	plan->trunk = tw_xstrdup(name);
	tw_install_plan_change(plan, o, &pj, pjnew, pjnew ? pjlen : 0, NULL, false);
	tw_install_plan_change(plan, o, &ex, exnew, exnew ? exlen : 0, NULL, false);
	tw_install_plan_change(plan, o, &tp, NULL, 0, NULL, true);
	tw_install_plan_change(plan, o, &te, NULL, 0, NULL, false);
	if (drop_tr) {
		tw_install_plan_change(plan, o, &tr, NULL, 0, NULL, false);
		tw_install_plan_note(plan,
		               "the transport trunkwiz made (%s) goes too: no other trunk uses it",
		               REL_TRANSPORT);
	}
	tw_install_plan_change(plan, o, &st, NULL, 0, NULL, true);
	rc = 0;
out:
	tw_install_cur_free(&pj, false);
	tw_install_cur_free(&ex, false);
	tw_install_cur_free(&tp, true);
	tw_install_cur_free(&te, false);
	tw_install_cur_free(&tr, false);
	tw_install_cur_free(&st, true);
	tw_install_paths_free(&P);
	return rc;
}
