/* form.c - the form screens (Trunk & credentials, Network, Dialing): one
 * ncurses form field per wizard field, each bound to an answer. Every edit
 * goes into the model at once; errors show under the field as you type. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "trunkwiz/wizard.h"
#include "edit.h"

struct form_state {
	FORM *form;
	WINDOW *sub;
	FIELD *fields[TW_WIZ_MAX_FIELDS + 1];
	const struct tw_wiz_field *wf[TW_WIZ_MAX_FIELDS];
	attr_t back[TW_WIZ_MAX_FIELDS];
	size_t n;
	int width;
	int step;              /* rows per field: 2 (hint below each), or 1 */
	bool has_transport;
};

#define FS(u) ((struct form_state *)(u)->vs)

static bool is_choice(const struct tw_wiz_field *f)
{
	return f->kind == TW_WIZ_CHOICE;
}

/* What field i shows: the answer, or the label of a choice. */
static char *shown(struct ui *u, const struct tw_wiz_field *f)
{
	if (is_choice(f)) {
		char *l = tw_wizard_label(u->w, f->key), *s = tw_xasprintf("< %s >", l);

		free(l);
		return s;
	}
	return tw_xstrdup(tw_wizard_value(u->w, f->key, NULL));
}

static void load_field(struct ui *u, size_t i)
{
	struct form_state *fs = FS(u);
	char *s = shown(u, fs->wf[i]);

	set_field_buffer(fs->fields[i], 0, s);
	if (fs->wf[i]->kind == TW_WIZ_SECRET)
		tw_free_secret(&s);
	else
		free(s);
}

static void form_open(struct ui *u)
{
	struct form_state *fs = tw_xcalloc(1, sizeof(*fs));
	size_t i;

	u->vs = fs;
	fs->n = tw_wizard_fields(u->w, u->w->screen, fs->wf);
	fs->width = COLS - UI_FIELD_COL - 2;
	if (u->w->mode != TW_WIZ_NEW && u->w->screen == TW_WIZ_TRUNK &&
	    strcmp(fs->wf[0]->key, "name") == 0) {
		static const struct tw_wiz_field fixed_name = {
			"name", "Trunk name", TW_WIZ_FIXED,
			"it stays: your own dialplan dials NAME-endpoint",
		};

		fs->wf[0] = &fixed_name;
	}
	/* rows 2.. for the fields, the Network screen's notes, the message
	 * and the key legend: one row per field when two do not fit, with
	 * the focused field's hint below them all */
	fs->step = 2 + 2 * (int)fs->n + (u->w->screen == TW_WIZ_NETWORK ? 6 : 0) + 2 <= LINES ? 2 : 1;
	for (i = 0; i < fs->n; i++) {
		FIELD *f = new_field(1, fs->width, fs->step * (int)i, 0, 0, 0);

		if (!f)
			tw_fatal("cannot make a form field");
		field_opts_off(f, O_AUTOSKIP | O_STATIC | O_BLANK);
		set_max_field(f, UI_FIELD_MAX);
		if (fs->wf[i]->kind == TW_WIZ_CHOICE || fs->wf[i]->kind == TW_WIZ_FIXED)
			field_opts_off(f, O_EDIT);
		if (fs->wf[i]->kind == TW_WIZ_SECRET && !u->show_password)
			field_opts_off(f, O_PUBLIC);
		fs->back[i] = ui_attr(u, R_FIELD);
		set_field_back(f, fs->back[i]);
		fs->fields[i] = f;
		load_field(u, i);
	}
	fs->fields[fs->n] = NULL;
	ui_form_post(&fs->form, &fs->sub, fs->fields, fs->step * (int)fs->n, fs->width, 2,
	             UI_FIELD_COL);
	if (u->w->field >= fs->n)
		u->w->field = 0;
	set_current_field(fs->form, fs->fields[u->w->field]);
	form_driver(fs->form, REQ_END_FIELD);
	if (u->w->screen == TW_WIZ_NETWORK)
		fs->has_transport = tw_wizard_has_transport(u->w);
}

static void form_close(struct ui *u)
{
	struct form_state *fs = FS(u);
	size_t i;

	if (!fs)
		return;
	unpost_form(fs->form);
	free_form(fs->form);
	for (i = 0; i < fs->n; i++) {
		/* the password's buffer held the secret */
		if (fs->wf[i]->kind == TW_WIZ_SECRET)
			set_field_buffer(fs->fields[i], 0, "");
		free_field(fs->fields[i]);
	}
	delwin(fs->sub);
	free(fs);
	u->vs = NULL;
}

static void draw_network_info(struct ui *u, int y)
{
	struct form_state *fs = FS(u);
	const struct tw_wizard_services *svc = u->cfg->svc;
	const char *proto = tw_transport_name(tw_trunk_transport(u->w->eff));
	bool create = tw_strcaseeq(tw_wizard_value(u->w, "create_transport", NULL), "yes");
	struct tw_buf b;
	size_t i;
	int w = COLS - 4;

	tw_buf_init(&b);
	if (fs->has_transport && !*tw_wizard_value(u->w, "public_ip", NULL))
		tw_buf_printf(&b, "Transport: pjsip.conf has a %s transport; the trunk uses it.", proto);
	else if (fs->has_transport && tw_streq(tw_wizard_value(u->w, "transport_nat", NULL), "own"))
		tw_buf_printf(&b, "Transport: behind NAT the trunk gets a %s transport of its own "
		              "on another port, with the public address; yours stays as it is.", proto);
	else if (fs->has_transport)
		tw_buf_printf(&b, "Transport: the trunk uses your %s transport; the public address "
		              "and local networks are added to it (Review shows the change).", proto);
	else if (create)
		tw_buf_printf(&b, "Transport: pjsip.conf has none for %s; trunkwiz creates one bound to 0.0.0.0.", proto);
	else
		tw_buf_printf(&b, "Transport: pjsip.conf has none for %s; set Create transport to yes, or add one yourself.", proto);
	ui_set(stdscr, u, fs->has_transport || create ? R_NORMAL : R_WARN);
	y += ui_wrap(stdscr, y, 2, w, 2, b.data);
	b.len = 0;
	b.data[0] = '\0';
	if (u->w->opts.nlocal_nets) {
		tw_buf_adds(&b, "Local networks detected:");
		for (i = 0; i < u->w->opts.nlocal_nets; i++)
			tw_buf_printf(&b, " %s", u->w->opts.local_nets[i]);
		tw_buf_adds(&b, " (used when Local networks is empty)");
	} else if (!svc || !svc->local_networks) {
		tw_buf_adds(&b, "Detecting local networks is not available in this build: behind NAT, type them above.");
	} else {
		tw_buf_adds(&b, "No private network detected on this machine.");
	}
	ui_set(stdscr, u, R_NORMAL);
	y += ui_wrap(stdscr, y, 2, w, 2, b.data);
	ui_put(stdscr, y, 2, w, svc && svc->public_address ?
	       "Public address: Ctrl-D (F5) discovers it." :
	       "Discovering the public address is not available in this build: type it if behind NAT.");
	tw_buf_free(&b);
}

static void form_draw(struct ui *u)
{
	struct form_state *fs = FS(u);
	size_t i, cur = (size_t)field_index(current_field(fs->form));
	int lw = UI_FIELD_COL - UI_LABEL_COL - 1;

	for (i = 0; i < fs->n; i++) {
		const struct tw_wiz_field *f = fs->wf[i];
		const struct tw_diag *g = tw_wizard_error(u->w, f->key);
		bool bad = g && g->sev == TW_ERROR;
		attr_t back = ui_attr(u, bad ? R_FIELD_BAD : i == cur ? R_FIELD_FOCUS : R_FIELD);
		int y = 2 + fs->step * (int)i;
		int hy = fs->step == 2 ? y + 1 : 2 + (int)fs->n;
		char *hint = NULL;
		bool fromp = false;

		if (back != fs->back[i]) {
			fs->back[i] = back;
			set_field_back(fs->fields[i], back);
		}
		ui_set(stdscr, u, bad ? R_ERROR : R_LABEL);
		ui_put(stdscr, y, UI_LABEL_COL - 2, 2, i == cur ? ">" : bad ? "!" : "");
		ui_put(stdscr, y, UI_LABEL_COL, lw, f->label);
		tw_wizard_value(u->w, f->key, &fromp);
		if (g) {
			ui_set(stdscr, u, bad ? R_ERROR : R_WARN);
			hint = tw_xasprintf("%s", g->msg);
		} else if (i == cur) {
			ui_set(stdscr, u, R_HINT);
			/* "(provider default)" when it fits beside the help */
			hint = tw_xasprintf("%s%s", fromp && ui_width(f->help) + 19 <= (size_t)fs->width ?
			                    "(provider default) " : "", f->help);
		}
		if (fs->step == 2 || i == cur)
			ui_put_text(stdscr, hy, UI_FIELD_COL, fs->width, hint ? hint : "");
		if (f->kind == TW_WIZ_SECRET && i == cur && !u->show_password) {
			const char *pw = tw_wizard_value(u->w, "password", NULL);
			size_t len = ui_width(pw);
			char *c = tw_xasprintf("%zu character%s, hidden (Ctrl-T shows)", len,
			                       len == 1 ? "" : "s");

			if (!g)
				ui_put(stdscr, hy, UI_FIELD_COL, fs->width, c);
			free(c);
		}
		free(hint);
	}
	ui_set(stdscr, u, R_NORMAL);
	if (u->w->screen == TW_WIZ_NETWORK)
		draw_network_info(u, 3 + fs->step * (int)fs->n + (fs->step == 1));
	ui_set(stdscr, u, R_HELPLINE);
	ui_put(stdscr, LINES - 1, 0, COLS, u->w->screen == TW_WIZ_TRUNK ?
	       " Tab next  Esc back  ^N next page  ^T/F2 password  ^X/F10 review  F1/^E help" :
	       u->w->screen == TW_WIZ_NETWORK ?
	       " Tab next  Esc back  ^N next page  ^D/F5 public IP  ^X/F10 review  F1/^E help" :
	       " Tab next  Esc back  ^N next page  ^X/F10 review  F1/^E help  ^C quit");
	ui_set(stdscr, u, R_NORMAL);
	pos_form_cursor(fs->form);
}

/* Copy the edited field into the model. */
static void sync_field(struct ui *u)
{
	struct form_state *fs = FS(u);
	FIELD *cur = current_field(fs->form);
	const struct tw_wiz_field *f = fs->wf[field_index(cur)];
	struct tw_diags d;
	char *v;
	size_t n;

	form_driver(fs->form, REQ_VALIDATION);
	v = tw_xstrdup(field_buffer(cur, 0));
	n = strlen(v);
	while (n && v[n - 1] == ' ')
		v[--n] = '\0';
	tw_diags_init(&d);
	if (tw_wizard_set(u->w, f->key, v, &d) < 0)
		ui_message(u, R_ERROR, "%s: %s", f->label, d.n ? d.v[0].msg : "not accepted");
	tw_diags_clear(&d);
	/* other fields may follow this one (From user is the username by
	 * default): show what the model says now */
	for (n = 0; n < fs->n; n++)
		if (fs->fields[n] != cur)
			load_field(u, n);
	if (f->kind == TW_WIZ_SECRET)
		tw_free_secret(&v);
	else
		free(v);
}

/* Move focus, showing the model's value in the field left behind. */
static void move_focus(struct ui *u, int req)
{
	struct form_state *fs = FS(u);
	size_t was = (size_t)field_index(current_field(fs->form));

	form_driver(fs->form, REQ_VALIDATION);
	form_driver(fs->form, req);
	form_driver(fs->form, REQ_END_FIELD);
	load_field(u, was);
	u->w->field = (size_t)field_index(current_field(fs->form));
}

/* Rebuild (a choice can show or hide fields), keeping focus on key. */
static void rebuild_at(struct ui *u, const char *key)
{
	const struct tw_wiz_field *f[TW_WIZ_MAX_FIELDS];
	size_t n = tw_wizard_fields(u->w, u->w->screen, f), i;

	for (i = 0; i < n; i++)
		if (strcmp(f[i]->key, key) == 0)
			u->w->field = i;
	ui_reopen(u);
}

static void cycle(struct ui *u, const struct tw_wiz_field *f, int delta)
{
	const char *key = f->key;

	tw_wizard_cycle(u->w, key, delta);
	rebuild_at(u, key);
}

struct public_job {
	const struct tw_wizard_services *svc;
	char *addr;
};

static void public_job_free(void *p)
{
	struct public_job *j = p;

	free(j->addr);
	free(j);
}

static int public_task(struct tw_task *t, void *arg)
{
	struct public_job *j = arg;

	return j->svc->public_address(j->svc->ctx, &j->addr, t);
}

static void public_done(struct ui *u, struct tw_task *t, int rc)
{
	struct public_job *j = tw_task_arg(t);
	struct tw_diags d;
	char *out = tw_task_output(t);

	tw_diags_init(&d);
	if (rc == 0 && j->addr) {
		if (tw_wizard_set(u->w, "public_ip", j->addr, &d) == 0)
			ui_message(u, R_GOOD, "public address: %s", j->addr);
		rebuild_at(u, "public_ip");
	} else {
		ui_message(u, R_ERROR, "could not discover the public address: %s",
		            *out ? out : "no answer");
	}
	free(out);
	tw_diags_clear(&d);
}

static void discover(struct ui *u)
{
	const struct tw_wizard_services *svc = u->cfg->svc;

	if (u->w->screen != TW_WIZ_NETWORK)
		return;
	if (!svc || !svc->public_address) {
		ui_message(u, R_WARN, "discovering the public address is not available in this build: type it");
		return;
	}
	{
		struct public_job *j = tw_xcalloc(1, sizeof(*j));

		j->svc = svc;
		ui_start_task(u, "Discovering the public address", public_task, j,
		              public_job_free, public_done);
	}
}

/* A character typed into a text field. What the form cannot keep is
 * said, not dropped silently: more than UI_FIELD_MAX characters, and a
 * space at the end (the form pads with spaces, so it cannot tell). */
static void typed(struct ui *u, const struct tw_wiz_field *f, wint_t ch)
{
	struct form_state *fs = FS(u);
	char *before = tw_xstrdup(tw_wizard_value(u->w, f->key, NULL));
	int rc = form_driver_w(fs->form, OK, ch);

	sync_field(u);
	if (rc == E_REQUEST_DENIED)
		ui_message(u, R_ERROR, "%s: at most %d characters here; a longer one goes in a file "
		           "(password_file=PATH with 'trunkwiz apply')", f->label, UI_FIELD_MAX);
	else if (ch == ' ' && f->kind == TW_WIZ_SECRET &&
	         strcmp(before, tw_wizard_value(u->w, f->key, NULL)) == 0)
		ui_message(u, R_WARN, "%s: a space at the end is not kept here; if the value really "
		           "ends in one, give it with 'trunkwiz apply' (password_file=PATH)", f->label);
	if (f->kind == TW_WIZ_SECRET)
		tw_free_secret(&before);
	else
		free(before);
}

static bool form_key(struct ui *u, struct ui_key k)
{
	struct form_state *fs = FS(u);
	size_t i = (size_t)field_index(current_field(fs->form));
	const struct tw_wiz_field *f = fs->wf[i];
	bool editable = f->kind == TW_WIZ_TEXT || f->kind == TW_WIZ_SECRET;
	bool last = i + 1 == fs->n;
	int req = 0;

	if (k.is_key) {
		switch (k.ch) {
		case KEY_DOWN: move_focus(u, REQ_NEXT_FIELD); return true;
		case KEY_UP: case KEY_BTAB: move_focus(u, REQ_PREV_FIELD); return true;
		case KEY_LEFT: if (is_choice(f)) { cycle(u, f, -1); return true; } req = REQ_PREV_CHAR; break;
		case KEY_RIGHT: if (is_choice(f)) { cycle(u, f, 1); return true; } req = REQ_NEXT_CHAR; break;
		case KEY_HOME: req = REQ_BEG_FIELD; break;
		case KEY_END: req = REQ_END_FIELD; break;
		case KEY_BACKSPACE: req = editable ? REQ_DEL_PREV : 0; break;
		case KEY_DC: req = editable ? REQ_DEL_CHAR : 0; break;
		case KEY_ENTER: if (last) ui_next(u); else move_focus(u, REQ_NEXT_FIELD); return true;
		case KEY_NPAGE: ui_next(u); return true;
		case KEY_F(2): u->show_password = !u->show_password; ui_reopen(u); return true;
		case KEY_F(5): discover(u); return true;
		default: return false;
		}
	} else if (k.ch == '\t') {
		move_focus(u, REQ_NEXT_FIELD);
		return true;
	} else if (k.ch == '\r' || k.ch == '\n') {
		if (last)
			ui_next(u);
		else
			move_focus(u, REQ_NEXT_FIELD);
		return true;
	} else if (k.ch == 127 || k.ch == 8) {
		req = editable ? REQ_DEL_PREV : 0;
	} else if (k.ch == UI_CTRL('u')) {
		req = editable ? REQ_CLR_FIELD : 0;
	} else if (k.ch == UI_CTRL('a')) {
		req = REQ_BEG_FIELD;
	} else if (k.ch == UI_CTRL('t')) {
		u->show_password = !u->show_password;
		ui_reopen(u);
		return true;
	} else if (k.ch == UI_CTRL('d')) {
		discover(u);
		return true;
	} else if (k.ch == ' ' && is_choice(f)) {
		cycle(u, f, 1);
		return true;
	} else if (k.ch >= 32 && k.ch != 127 && editable) {
		typed(u, f, k.ch);
		return true;
	} else {
		return false;
	}
	if (req) {
		form_driver(fs->form, req);
		if (req == REQ_DEL_PREV || req == REQ_DEL_CHAR || req == REQ_CLR_FIELD)
			sync_field(u);
	}
	return true;
}

const struct ui_view ui_view_form = {
	form_open, form_close, form_draw, form_key,
	NULL,
};
