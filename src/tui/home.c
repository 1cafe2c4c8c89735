/* home.c - the Home screen (the trunks trunkwiz manages: new, edit,
 * switch provider, remove) and the Provider screen (the catalog filtered
 * as you type, with a notes panel). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "edit.h"
#include "list.h"

/* ---- Home ---- */

struct home_state {
	struct ui_list list;
	bool resume;        /* first item continues unsaved answers */
	bool transport;
	char *dir_problem;      /* the config dir cannot take a trunk: why */
};

static void home_build(struct ui *u, size_t cur)
{
	struct home_state *hs = u->vs;
	struct tw_wizard *w = u->w;
	char **names = tw_xcalloc(w->ntrunks + 3, sizeof(*names));
	size_t n = 0, i;

	hs->resume = tw_wizard_dirty(w);
	if (hs->resume)
		names[n++] = tw_xasprintf("* Continue: %s %s (not written yet)",
		                          w->mode == TW_WIZ_NEW ? "new trunk" :
		                          w->mode == TW_WIZ_EDIT ? "changes to" : "provider switch of",
		                          tw_wizard_value(w, "name", NULL));
	names[n++] = tw_xstrdup("+ New trunk");
	for (i = 0; i < w->ntrunks; i++) {
		const struct tw_installed *t = &w->trunks[i];

		names[n++] = tw_xasprintf("  %-20s %-16s %s", t->name, t->provider ? t->provider : "?",
		                          t->included ? "installed" : t->files ? "not included" :
		                          "files missing");
	}
	ui_list_build(u, &hs->list, names, n, 4, 2, LINES - 10, COLS - 4, cur);
}

static void home_open(struct ui *u)
{
	struct home_state *hs = tw_xcalloc(1, sizeof(*hs));

	u->vs = hs;
	hs->transport = tw_wizard_has_transport(u->w);
	hs->dir_problem = tw_wizard_dir_problem(u->w);
	/* On the first trunk: editing or switching is why one comes back. */
	home_build(u, 0);
	if (u->w->ntrunks)
		home_build(u, hs->resume ? 2 : 1);
}

static void home_close(struct ui *u)
{
	struct home_state *hs = u->vs;

	ui_list_free(&hs->list);
	free(hs->dir_problem);
	free(hs);
	u->vs = NULL;
}

static void home_draw(struct ui *u)
{
	struct home_state *hs = u->vs;
	char *s = tw_xasprintf("Trunks trunkwiz manages in %s:", u->w->opts.confdir);
	int y = LINES - 5;

	ui_set(stdscr, u, R_NORMAL);
	ui_put(stdscr, 2, 2, COLS - 4, s);
	free(s);
	ui_set(stdscr, u, R_WARN);
	if (hs->dir_problem) {
		s = tw_xasprintf("! %s", hs->dir_problem);
		y += ui_wrap(stdscr, y, 2, COLS - 4, 2, s);
		free(s);
	}
	if (!hs->transport)
		ui_put(stdscr, y, 2, COLS - 4,
		       "! pjsip.conf defines no transport yet: the wizard offers to create one");
	ui_set(stdscr, u, R_NORMAL);
	ui_list_draw(u, &hs->list, "");
}

static void new_answer(struct ui *u, bool yes)
{
	if (!yes)
		return;
	tw_wizard_start_new(u->w);
	ui_flow_started(u);
	ui_reopen(u);
}

/* The trunk of the highlighted item, or NULL (New, Continue). */
static const char *home_trunk(struct ui *u)
{
	struct home_state *hs = u->vs;
	size_t i = ui_list_cur(&hs->list), first = hs->resume ? 2 : 1;

	if (i < first || i - first >= u->w->ntrunks)
		return NULL;
	return u->w->trunks[i - first].name;
}

static void start_managed(struct ui *u, const char *name, bool sw)
{
	struct tw_diags d;
	int rc;

	tw_diags_init(&d);
	rc = sw ? tw_wizard_start_switch(u->w, name, &d) : tw_wizard_start_edit(u->w, name, &d);
	ui_flow_started(u);
	if (rc < 0 || d.n)
		ui_message(u, rc < 0 ? R_ERROR : R_WARN, "%s", d.n ? d.v[0].msg : "cannot load the trunk");
	tw_diags_clear(&d);
	ui_reopen(u);
}

static void remove_answer(struct ui *u, bool yes)
{
	struct tw_plan p;
	struct tw_diags d;
	char *name = u->remove_name;

	u->remove_name = NULL;
	if (!yes || !name) {
		free(name);
		return;
	}
	tw_plan_init(&p);
	tw_diags_init(&d);
	if (tw_wizard_plan_remove(u->w, name, &p, &d) < 0 || tw_plan_commit(&u->w->opts, &p, &d) < 0) {
		size_t i;

		for (i = 0; i < d.n && d.v[i].sev != TW_ERROR; i++)
			;
		ui_message(u, R_ERROR, "trunk %s not removed: %s", name, i < d.n ? d.v[i].msg : "error");
	} else {
		ui_message(u, R_GOOD, "trunk %s removed: %zu file%s changed, backups kept beside %s",
		           name, p.n, p.n == 1 ? "" : "s", p.n == 1 ? "it" : "them");
	}
	tw_plan_free(&p);
	tw_diags_clear(&d);
	free(name);
	tw_wizard_reload_trunks(u->w);
	ui_reopen(u);
}

static bool home_key(struct ui *u, struct ui_key k)
{
	struct home_state *hs = u->vs;
	const char *name = home_trunk(u);
	size_t i = ui_list_cur(&hs->list);
	bool enter = ui_is_enter(k);

	if (ui_list_key(&hs->list, k))
		return true;
	if (enter && hs->resume && i == 0) {
		tw_wizard_next(u->w);
		ui_reopen(u);
	} else if ((enter && !name) || ui_is(k, 'n')) {
		if (tw_wizard_dirty(u->w))
			ui_confirm(u, new_answer, "Start a new trunk? The answers not written yet are lost. (y/n)");
		else
			new_answer(u, true);
	} else if ((enter || ui_is(k, 'e') || ui_is(k, 's')) && name) {
		start_managed(u, name, ui_is(k, 's'));
	} else if ((ui_is(k, 'e') || ui_is(k, 's') || ui_is(k, 'd')) && !name) {
		ui_message(u, R_WARN, "highlight a trunk first (Up/Down)");
	} else if ((ui_is(k, 'd') || (k.is_key && k.ch == KEY_DC)) && name) {
		free(u->remove_name);
		u->remove_name = tw_xstrdup(name);
		ui_confirm(u, remove_answer, "Remove trunk %s? Its files and include lines go; "
		           "backups are kept. (y/n)", name);
	} else {
		return false;
	}
	return true;
}

const struct ui_view ui_view_home = {
	home_open, home_close, home_draw, home_key,
	" Enter open  n new  e edit  s switch provider  d remove  Esc quit  ?/F1/^E help",
};

/* ---- Provider ---- */

struct prov_state {
	struct ui_list list;
	struct ui_edit search;
	char *filter;
	const struct tw_profile **v;
	size_t n;
	size_t notes_top;      /* first line of the notes shown */
	size_t notes_of;       /* the item they belong to */
};

#define LIST_W 40

/* "register,ip" -> "reg,ip": the list column is narrow. */
static char *short_auth(const char *auth)
{
	char **v;
	size_t n = auth ? tw_split_list(auth, ',', &v) : 0, i;
	struct tw_buf b;

	tw_buf_init(&b);
	tw_buf_adds(&b, "");
	for (i = 0; i < n; i++)
		tw_buf_printf(&b, "%s%.3s", i ? "," : "", v[i]);
	if (n)
		tw_strv_free(&v, n);
	return tw_buf_steal(&b);
}

static void prov_build(struct ui *u, size_t cur)
{
	struct prov_state *ps = u->vs;
	char **names;
	size_t i;

	free(ps->v);
	ps->n = tw_wizard_providers(u->w, ps->filter, &ps->v);
	names = tw_xcalloc(ps->n + 1, sizeof(*names));
	for (i = 0; i < ps->n; i++) {
		const struct tw_profile *p = ps->v[i];
		bool current = u->w->mode == TW_WIZ_SWITCH && tw_streq(p->id, u->w->orig_provider);
		char *name = ui_clip(strcmp(p->id, "generic") == 0 ? "Other (generic)" :
		                     p->name ? p->name : p->id, 20);
		char *region = ui_clip(p->region ? p->region : "", 6);
		char *auth = short_auth(p->auth);

		names[i] = tw_xasprintf("%s%s %s %s", current ? "*" : "", name, region, auth);
		free(name);
		free(region);
		free(auth);
	}
	ui_list_build(u, &ps->list, names, ps->n, 4, 1, LINES - 7, LIST_W, cur);
}

static void prov_open(struct ui *u)
{
	struct prov_state *ps = tw_xcalloc(1, sizeof(*ps));
	size_t i;

	u->vs = ps;
	ps->filter = tw_xstrdup(u->provider_filter ? u->provider_filter : "");
	ui_edit_open(u, &ps->search, 0, 2, 10, &(const struct ui_edit_field){ 0, 24, 64, ps->filter }, 1);
	prov_build(u, 0);
	/* Start on the provider the trunk has. */
	for (i = 0; u->w->profile && i < ps->n; i++)
		if (ps->v[i] == u->w->profile) {
			set_current_item(ps->list.menu, ps->list.items[i]);
			ps->notes_of = i;
		}
}

static void prov_close(struct ui *u)
{
	struct prov_state *ps = u->vs;

	ui_list_free(&ps->list);
	ui_edit_close(&ps->search);
	free(ps->filter);
	free(ps->v);
	free(ps);
	u->vs = NULL;
}

/* The highlighted provider's facts and notes, from line top on; says
 * when there is more (PgDn). */
static void prov_notes(struct ui *u, const struct tw_profile *p, int y, int x, int w, int h)
{
	struct prov_state *ps = u->vs;
	struct tw_buf b;
	char **lines;
	size_t n, i;
	int row;

	tw_buf_init(&b);
	tw_buf_printf(&b, "id %s, region %s, auth %s", p->id, p->region ? p->region : "-",
	              p->auth ? p->auth : "-");
	for (i = 0; i < p->nservers; i++)
		tw_buf_printf(&b, "%s %s %s", i ? "," : "; servers", p->servers[i].region,
		              p->servers[i].host);
	if (p->verified)
		tw_buf_printf(&b, "; verified %s", p->verified);
	tw_buf_addc(&b, '\n');
	for (i = 0; i < p->nnotes; i++)
		tw_buf_printf(&b, "- %s\n", p->notes[i]);
	n = ui_wrap_lines(b.data, w, &lines);
	if (ps->notes_top + (size_t)(h - 1) > n)
		ps->notes_top = n > (size_t)(h - 1) ? n - (size_t)(h - 1) : 0;
	ui_set(stdscr, u, R_TITLE);
	ui_put(stdscr, y, x, w, p->name ? p->name : p->id);
	for (row = 1; row < h; row++) {
		size_t k = ps->notes_top + (size_t)row - 1;
		bool more = row == h - 1 && k + 1 < n;

		ui_set(stdscr, u, more ? R_WARN : k == 0 ? R_NORMAL : R_HINT);
		ui_put(stdscr, y + row, x, w, more ? "-- more: PgDn (PgUp back) --" : k < n ? lines[k] : "");
	}
	ui_set(stdscr, u, R_NORMAL);
	tw_strv_free(&lines, n);
	tw_buf_free(&b);
}

static void prov_draw(struct ui *u)
{
	struct prov_state *ps = u->vs;
	int nx = LIST_W + 3, nw = COLS - nx - 1;

	ui_set(stdscr, u, R_NORMAL);
	ui_put(stdscr, 2, 2, 8, "Search:");
	ui_put(stdscr, 2, 36, COLS - 37, "type to filter by name, region or auth");
	ui_set(stdscr, u, R_LABEL);
	ui_put(stdscr, 3, 3, LIST_W - 2, "Provider             Region Auth");
	ui_vline(u, 3, LIST_W + 1, LINES - 6);
	if (ps->n) {
		prov_notes(u, ps->v[ui_list_cur(&ps->list)], 3, nx, nw, LINES - 6);
	} else {
		prov_notes(u, &(struct tw_profile){ .id = "", .name = "" }, 3, nx, nw, LINES - 6);
	}
	if (!ps->n) {
		char *s = tw_xasprintf("no provider matches '%s' (Esc clears)", ps->filter);

		ui_list_draw(u, &ps->list, s);
		free(s);
	}
	pos_form_cursor(ps->search.form);
}

static void prov_filter(struct ui *u)
{
	struct prov_state *ps = u->vs;

	free(ps->filter);
	ps->filter = ui_edit_text(&ps->search, 0);
	free(u->provider_filter);
	u->provider_filter = tw_xstrdup(ps->filter);
	ps->notes_top = 0;
	ps->notes_of = 0;
	prov_build(u, 0);
}

static void choose(struct ui *u)
{
	struct prov_state *ps = u->vs;
	struct tw_diags d;

	if (!ps->n) {
		ui_message(u, R_WARN, "no provider matches: change the search, or Esc to clear it");
		return;
	}
	tw_diags_init(&d);
	free(u->provider_filter);
	u->provider_filter = NULL;
	tw_wizard_choose_provider(u->w, ps->v[ui_list_cur(&ps->list)], &d);
	if (d.n)
		ui_message(u, R_NORMAL, "%s", d.v[d.n - 1].msg);
	else
		ui_message(u, R_NORMAL, NULL);
	tw_diags_clear(&d);
	tw_wizard_next(u->w);
	ui_reopen(u);
}

static bool prov_key(struct ui *u, struct ui_key k)
{
	struct prov_state *ps = u->vs;

	if (k.is_key && (k.ch == KEY_NPAGE || k.ch == KEY_PPAGE)) {
		size_t step = (size_t)(LINES - 8);

		if (k.ch == KEY_NPAGE)
			ps->notes_top += step;
		else
			ps->notes_top = ps->notes_top > step ? ps->notes_top - step : 0;
		return true;
	}
	if (ui_list_key(&ps->list, k)) {
		if (ui_list_cur(&ps->list) != ps->notes_of) {
			ps->notes_of = ui_list_cur(&ps->list);
			ps->notes_top = 0;
		}
		return true;
	}
	if (ui_is_enter(k)) {
		choose(u);
	} else if (ui_is(k, UI_ESC) && *ps->filter) {
		form_driver(ps->search.form, REQ_CLR_FIELD);
		prov_filter(u);
	} else if (ui_is(k, '?') || (k.is_key && (k.ch == KEY_LEFT || k.ch == KEY_RIGHT))) {
		return false;   /* help; the search box is typed at its end */
	} else if (ui_edit_key(&ps->search, k)) {
		prov_filter(u);
	} else {
		return false;
	}
	return true;
}

const struct ui_view ui_view_provider = {
	prov_open, prov_close, prov_draw, prov_key,
	" type to search  Up/Down move  PgDn notes  Enter choose  Esc back  F1/^E help",
};
