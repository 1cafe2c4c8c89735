/* dids.c - the Inbound numbers screen: a table of DID routes (a number or
 * pattern -> extension@context) above the default destination of the
 * Dialing screen. Add, change, delete; every row is checked as it is
 * entered and shows the number it matches in the provider's format. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "trunkwiz/wizard.h"
#include "edit.h"
#include "list.h"

struct did_state {
	struct ui_list list;
	size_t nitems;
	struct ui_edit ed;     /* the number and its destination */
	char *err;
};

#define DS(u) ((struct did_state *)(u)->vs)
#define NUM_W 22

static void split_item(const char *item, char **did, char **dest)
{
	const char *c = strchr(item, ':');

	*did = c ? tw_xstrndup(item, (size_t)(c - item)) : tw_xstrdup(item);
	*dest = tw_xstrdup(c ? c + 1 : "");
}

static void dids_build(struct ui *u, size_t cur)
{
	struct did_state *ds = DS(u);
	char **items, **names;
	size_t n = tw_wizard_dids(u->w, &items), i;
	const char *ictx = tw_wizard_value(u->w, "inbound_context", NULL);
	const char *iext = tw_wizard_value(u->w, "inbound_exten", NULL);

	names = tw_xcalloc(n + 2, sizeof(*names));
	for (i = 0; i < n; i++) {
		char *did, *dest, *m = tw_wizard_did_match(u->w, items[i]);

		split_item(items[i], &did, &dest);
		names[i] = tw_xasprintf("%-*s -> %-28s %s%s%s", NUM_W - 2, did, dest,
		                        m && strcmp(m, did) ? "(as " : "", m && strcmp(m, did) ? m : "",
		                        m && strcmp(m, did) ? ")" : "");
		free(did);
		free(dest);
		free(m);
	}
	names[n] = tw_xasprintf("%-*s -> %s@%s   (Dialing screen)", NUM_W - 2, "any other number",
	                        *iext ? iext : "s", *ictx ? ictx : "default");
	ds->nitems = n;
	tw_strv_free(&items, n);
	ui_list_build(u, &ds->list, names, n + 1, 5, 2, LINES - 11, COLS - 4, cur);
}

static void editor_open(struct ui *u, long editing, const char *item)
{
	struct did_state *ds = DS(u);
	char *did = NULL, *dest = NULL;

	free(ds->err);
	ds->err = NULL;
	split_item(item, &did, &dest);
	ui_edit_open(u, &ds->ed, editing, LINES - 5, 12, (const struct ui_edit_field[]){
		{ 0, NUM_W, 120, did },
		{ NUM_W + 4, COLS - 14 - NUM_W - 4, 120, dest },
	}, 2);
	free(did);
	free(dest);
}

static char *field_text(struct did_state *ds, size_t i)
{
	return tw_strtrim(ui_edit_text(&ds->ed, i));
}

static void dids_open(struct ui *u)
{
	struct did_state *ds = tw_xcalloc(1, sizeof(*ds));

	u->vs = ds;
	dids_build(u, u->w->field);
}

static void dids_close(struct ui *u)
{
	struct did_state *ds = DS(u);

	ui_edit_close(&ds->ed);
	free(ds->err);
	ui_list_free(&ds->list);
	free(ds);
	u->vs = NULL;
}

static void dids_draw(struct ui *u)
{
	struct did_state *ds = DS(u);
	const struct tw_diag *g = tw_wizard_error(u->w, "did_routes");

	ui_set(stdscr, u, R_NORMAL);
	ui_put(stdscr, 2, 2, COLS - 4, "Which number called goes where. A number is rewritten to the");
	ui_put(stdscr, 3, 2, COLS - 4, "provider's format (Dialing screen); _2125551XXX is a pattern.");
	ui_set(stdscr, u, g ? (g->sev == TW_ERROR ? R_ERROR : R_WARN) : R_NORMAL);
	ui_put_text(stdscr, LINES - 3, 2, COLS - 4, g ? g->msg : "");
	ui_set(stdscr, u, R_NORMAL);
	if (ds->ed.form) {
		ui_put(stdscr, LINES - 5, 12 + NUM_W + 1, 3, "->");
		ui_edit_draw(u, &ds->ed, ds->err,
		             "number or _pattern -> EXTEN@CONTEXT (100@from-internal); "
		             "Tab, Enter, Esc");
		return;
	}
	ui_list_draw(u, &ds->list, "");
}

static void editor_enter(struct ui *u)
{
	struct did_state *ds = DS(u);
	char *did = field_text(ds, 0), *dest = field_text(ds, 1), *err = NULL;
	size_t at = ds->ed.editing == UI_EDIT_ADD ? ds->nitems : (size_t)ds->ed.editing;

	if (tw_wizard_did_set(u->w, at, did, dest, &err) == 0) {
		ui_edit_close(&ds->ed);
		dids_build(u, at);
	} else {
		free(ds->err);
		ds->err = err;
	}
	free(did);
	free(dest);
}

static bool editor_key(struct ui *u, struct ui_key k)
{
	struct did_state *ds = DS(u);

	if (ui_is(k, UI_ESC)) {
		ui_edit_close(&ds->ed);
		return true;
	}
	if (ui_is_enter(k))
		editor_enter(u);
	else if (ui_is(k, '\t') || (k.is_key && k.ch == KEY_BTAB))
		form_driver(ds->ed.form, REQ_NEXT_FIELD), form_driver(ds->ed.form, REQ_END_FIELD);
	else if (!ui_edit_key(&ds->ed, k))
		return !(k.is_key && k.ch == KEY_RESIZE);
	return true;
}

static bool dids_key(struct ui *u, struct ui_key k)
{
	struct did_state *ds = DS(u);
	size_t i = ui_list_cur(&ds->list);
	bool enter = ui_is_enter(k);
	char **items;
	size_t n;

	if (ds->ed.form)
		return editor_key(u, k);
	if (ui_list_field_key(u, &ds->list, k))
		return true;
	if (ui_is(k, 'a') || ui_is(k, '+') || (k.is_key && k.ch == KEY_IC)) {
		editor_open(u, UI_EDIT_ADD, "");
	} else if ((ui_is(k, 'e') || enter) && i < ds->nitems) {
		n = tw_wizard_dids(u->w, &items);
		editor_open(u, (long)i, i < n ? items[i] : "");
		tw_strv_free(&items, n);
	} else if ((ui_is(k, 'd') || (k.is_key && k.ch == KEY_DC)) && i < ds->nitems) {
		tw_wizard_did_delete(u->w, i);
		dids_build(u, i);
	} else if (enter || ui_is(k, '\t')) {
		ui_next(u);
	} else {
		return false;
	}
	return true;
}

const struct ui_view ui_view_dids = {
	dids_open, dids_close, dids_draw, dids_key,
	" a add  Enter/e change  d del  Tab next  Esc back  ^X review  ? help",
};
