/* wizard_review.c - the wizard's last steps: what the Home screen warns
 * about, the review (the same plan `trunkwiz apply -n` shows), writing it,
 * removing a trunk, and the command line that does the same without the
 * wizard (wizard.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "trunkwiz/conf.h"
#include "install/diff.h"
#include "trunkwiz/wizard.h"
#include "wizard/wizard_priv.h"
#include "conf/conf.h"
#include "trunk/trunk.h"

char *tw_wizard_dir_problem(const struct tw_wizard *w)
{
	const char *dir = w->opts.confdir;

	if (access(dir, F_OK) != 0)
		return tw_xasprintf("%s does not exist: is Asterisk installed here? (-C DIR names "
		                    "another config dir)", dir);
	if (access(dir, W_OK) != 0)
		return tw_xasprintf("%s is not writable by you: run 'sudo trunkwiz' to write trunks "
		                    "(you can still look around)", dir);
	return NULL;
}

/* The transports pjsip.conf (with its includes) defines: 1 << tw_transport. */
static int live_transports(const char *confdir)
{
	char *path = tw_xasprintf("%s/pjsip.conf", confdir);
	struct tw_conf *c = tw_conf_new(confdir);
	struct tw_diags d;
	int mask = 0;
	size_t i;

	tw_diags_init(&d);
	if (tw_conf_load(c, path, true, &d) == 0) {
		for (i = 0; i < c->nsections; i++) {
			const struct tw_conf_section *s = c->sections[i];
			const char *type = tw_conf_section_value(s, "type");
			const char *proto = tw_conf_section_value(s, "protocol");
			int p = tw_transport_parse(proto ? proto : "udp");

			if (!s->is_template && type && strcmp(type, "transport") == 0 && p >= 0)
				mask |= 1 << p;
		}
	}
	tw_diags_clear(&d);
	tw_conf_free(&c);
	free(path);
	return mask;
}

/* Read once, not on every rebuild of a screen (a Left/Right on a choice
 * rebuilds the form): a 15 MB pjsip.conf takes 0.1 s to parse. */
bool tw_wizard_has_transport(struct tw_wizard *w)
{
	enum tw_transport want = w->eff ? tw_trunk_transport(w->eff) : TW_TRANSPORT_UDP;

	if (w->live_transports < 0)
		w->live_transports = live_transports(w->opts.confdir);
	return (w->live_transports & (1 << want)) != 0;
}

/* A file's text with the value of every secret line replaced. */
static void add_masked(struct tw_buf *out, const char *label, const char *data, size_t len)
{
	const char *p = data, *end = data + len;

	tw_buf_printf(out, "==> %s <==\n", label);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *eq = memchr(p, '=', n);

		if (tw_diff_secret_line(p, n) && eq) {
			tw_buf_add(out, p, (size_t)(eq - p) + 1);
			tw_buf_adds(out, " ********");
		} else {
			tw_buf_add(out, p, n);
		}
		tw_buf_addc(out, '\n');
		p += n + 1;
	}
	tw_buf_addc(out, '\n');
}

void tw_wizard_review(struct tw_wizard *w, struct tw_wiz_review *r)
{
	struct tw_trunk *t = tw_trunk_dup(w->answers);
	struct tw_buf b;
	size_t i;

	memset(r, 0, sizeof(*r));
	tw_plan_init(&r->plan);
	tw_diags_init(&r->diags);
	tw_buf_init(&b);
	if (!w->profile) {
		tw_diag_field(&r->diags, TW_ERROR, "provider", "choose one on the Provider screen",
		              "no provider chosen");
	} else if (tw_install_plan_apply(&w->opts, t, w->profile, &r->plan, &r->diags) == 0) {
		r->planned = true;
		if (tw_plan_preflight(&r->plan, &r->diags) < 0)
			r->planned = false;
	}
	for (i = 0; i < r->plan.nnotes; i++)
		tw_diags_add(&r->diags, TW_NOTE, NULL, 0, NULL, NULL, "%s", r->plan.notes[i]);
	/* What only the wizard knows (a list emptied, a name taken). */
	tw_wiz_list_checks(w, &r->diags);
	if (w->mode == TW_WIZ_NEW) {
		const char *name = tw_trunk_get(w->eff, "name");

		for (i = 0; name && i < w->ntrunks; i++)
			if (strcmp(w->trunks[i].name, name) == 0)
				tw_diag_field(&r->diags, TW_ERROR, "name",
				              "pick another name, or edit that trunk from the home screen",
				              "a trunk named %s already exists", name);
	}
	tw_diags_sort(&r->diags);
	r->errors = tw_diags_count(&r->diags, TW_ERROR);
	r->warnings = tw_diags_count(&r->diags, TW_WARNING);
	if (r->errors)
		r->planned = false;
	tw_plan_diff(&r->plan, &b);
	r->diff = tw_buf_steal(&b);
	for (i = 0; i < r->plan.n; i++) {
		const struct tw_change *c = &r->plan.v[i];

		if (c->new && strstr(c->label, "/state/") == NULL &&
		    strncmp(c->label, TW_INSTALL_SUBDIR "/", strlen(TW_INSTALL_SUBDIR) + 1) == 0)
			add_masked(&b, c->label, c->new, c->newlen);
	}
	if (!b.len)
		tw_buf_adds(&b, "(nothing rendered: fix the errors listed under Problems)\n");
	r->files = tw_buf_steal(&b);
	tw_trunk_free(&t);
}

void tw_wiz_review_free(struct tw_wiz_review *r)
{
	tw_plan_free(&r->plan);
	tw_diags_clear(&r->diags);
	free(r->diff);
	free(r->files);
	memset(r, 0, sizeof(*r));
}

int tw_wizard_write(struct tw_wizard *w, struct tw_wiz_review *r, struct tw_diags *d)
{
	if (!r->planned || r->errors) {
		tw_diag_at(d, TW_ERROR, NULL, 0, "fix the errors listed under Problems",
		           "the trunk has errors: nothing written");
		return -1;
	}
	if (tw_plan_commit(&w->opts, &r->plan, d) < 0)
		return -1;
	tw_trunk_free(&w->saved);
	w->saved = tw_trunk_dup(w->answers);
	tw_wizard_reload_trunks(w);
	free(w->orig_name);
	w->orig_name = tw_xstrdup(r->plan.trunk);
	/* From now on this is a managed trunk: editing it again is an edit. */
	w->mode = TW_WIZ_EDIT;
	tw_wiz_refresh(w);
	return 0;
}

int tw_wizard_plan_remove(struct tw_wizard *w, const char *name, struct tw_plan *p,
                          struct tw_diags *d)
{
	if (tw_install_plan_remove(&w->opts, name, p, d) < 0)
		return -1;
	return tw_plan_preflight(p, d);
}

/* Quote a word for a POSIX shell when it needs it. */
static void add_word(struct tw_buf *b, const char *s)
{
	const char *p;
	bool plain = *s != '\0';

	for (p = s; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./,:=@+%", *p))
			plain = false;
	tw_buf_addc(b, ' ');
	if (plain) {
		tw_buf_adds(b, s);
		return;
	}
	tw_buf_addc(b, '\'');
	for (p = s; *p; p++) {
		if (*p == '\'')
			tw_buf_adds(b, "'\\''");
		else
			tw_buf_addc(b, *p);
	}
	tw_buf_addc(b, '\'');
}

char *tw_wizard_command(const struct tw_wizard *w, const char *pwfile, const char *extra_args)
{
	const struct tw_trunk_key *keys;
	struct tw_buf b;
	size_t n, i;

	tw_buf_init(&b);
	tw_buf_adds(&b, "trunkwiz");
	if (strcmp(w->opts.confdir, "/etc/asterisk") != 0) {
		tw_buf_adds(&b, " -C");
		add_word(&b, w->opts.confdir);
	}
	if (extra_args && *extra_args)
		tw_buf_printf(&b, " %s", extra_args);
	tw_buf_adds(&b, " apply");
	keys = tw_trunk_keys(&n);
	for (i = 0; i < n; i++) {
		const char *v = w->answers->values[i];
		char *word;

		if (!v || !*v)
			continue;
		if (keys[i].secret) {
			word = tw_xasprintf("password_file=%s", pwfile);
		} else {
			word = tw_xasprintf("%s=%s", keys[i].name, v);
		}
		add_word(&b, word);
		free(word);
	}
	return tw_buf_steal(&b);
}
