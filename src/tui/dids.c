/* dids.c - the Inbound numbers screen: a table of DID routes (a number or
 * pattern -> extension@context) above the default destination of the
 * Dialing screen. Add, change, delete; every row is checked as it is
 * entered and shows the number it matches in the provider's format. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "trunkwiz/wizard.h"
#include "list.h"

struct did_state {
	struct ui_list list;
	size_t nitems;
	FORM *form;
	FIELD *fields[3];
	WINDOW *sub;
	long editing;          /* -1 none, -2 adding, else the row changed */
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
	int i, dw = COLS - 14 - NUM_W - 4;

	ds->editing = editing;
	free(ds->err);
	ds->err = NULL;
	split_item(item, &did, &dest);
	ds->fields[0] = new_field(1, NUM_W, 0, 0, 0, 0);
	ds->fields[1] = new_field(1, dw, 0, NUM_W + 4, 0, 0);
	ds->fields[2] = NULL;
	if (!ds->fields[0] || !ds->fields[1])
		tw_fatal("cannot make a form field");
	for (i = 0; i < 2; i++) {
		field_opts_off(ds->fields[i], O_AUTOSKIP | O_STATIC | O_BLANK);
		set_max_field(ds->fields[i], 120);
		set_field_back(ds->fields[i], ui_attr(u, R_FIELD_FOCUS));
	}
	set_field_buffer(ds->fields[0], 0, did);
	set_field_buffer(ds->fields[1], 0, dest);
	free(did);
	free(dest);
	ds->sub = derwin(stdscr, 1, COLS - 14, LINES - 5, 12);
	ds->form = new_form(ds->fields);
	if (!ds->sub || !ds->form)
		tw_fatal("cannot make a form");
	set_form_win(ds->form, stdscr);
	set_form_sub(ds->form, ds->sub);
	post_form(ds->form);
	form_driver(ds->form, REQ_END_FIELD);
}

static void editor_close(struct ui *u)
{
	struct did_state *ds = DS(u);

	if (!ds->form)
		return;
	unpost_form(ds->form);
	free_form(ds->form);
	free_field(ds->fields[0]);
	free_field(ds->fields[1]);
	delwin(ds->sub);
	ds->form = NULL;
	ds->editing = -1;
	wmove(stdscr, LINES - 5, 0);
	wclrtoeol(stdscr);
	wmove(stdscr, LINES - 4, 0);
	wclrtoeol(stdscr);
}

static char *field_text(struct did_state *ds, int i)
{
	form_driver(ds->form, REQ_VALIDATION);
	return tw_strtrim(tw_xstrdup(field_buffer(ds->fields[i], 0)));
}

static void dids_open(struct ui *u)
{
	struct did_state *ds = tw_xcalloc(1, sizeof(*ds));

	u->vs = ds;
	ds->editing = -1;
	dids_build(u, u->w->field);
}

static void dids_close(struct ui *u)
{
	struct did_state *ds = DS(u);

	editor_close(u);
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
	if (ds->form) {
		ui_put(stdscr, LINES - 5, 2, 10, ds->editing == -2 ? "Add:" : "Change:");
		ui_put(stdscr, LINES - 5, 12 + NUM_W + 1, 3, "->");
		ui_set(stdscr, u, ds->err ? R_ERROR : R_HINT);
		ui_put(stdscr, LINES - 4, 12, COLS - 14, ds->err ? ds->err :
		       "number or _pattern -> EXTEN@CONTEXT (100@from-internal); "
		       "Tab, Enter, Esc");
		ui_set(stdscr, u, R_NORMAL);
		pos_form_cursor(ds->form);
		return;
	}
	ui_list_draw(u, &ds->list, "");
}

static void editor_enter(struct ui *u)
{
	struct did_state *ds = DS(u);
	char *did = field_text(ds, 0), *dest = field_text(ds, 1), *err = NULL;
	size_t at = ds->editing == -2 ? ds->nitems : (size_t)ds->editing;

	if (tw_wizard_did_set(u->w, at, did, dest, &err) == 0) {
		editor_close(u);
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
		editor_close(u);
		return true;
	}
	if (ui_is(k, '\r') || ui_is(k, '\n') || (k.is_key && k.ch == KEY_ENTER))
		editor_enter(u);
	else if (ui_is(k, '\t') || (k.is_key && k.ch == KEY_BTAB))
		form_driver(ds->form, REQ_NEXT_FIELD), form_driver(ds->form, REQ_END_FIELD);
	else if ((k.is_key && k.ch == KEY_BACKSPACE) || ui_is(k, 127) || ui_is(k, 8))
		form_driver(ds->form, REQ_DEL_PREV);
	else if (k.is_key && k.ch == KEY_LEFT)
		form_driver(ds->form, REQ_PREV_CHAR);
	else if (k.is_key && k.ch == KEY_RIGHT)
		form_driver(ds->form, REQ_NEXT_CHAR);
	else if (ui_is(k, UI_CTRL('u')))
		form_driver(ds->form, REQ_CLR_FIELD);
	else if (!k.is_key && k.ch >= 32 && k.ch != 127)
		form_driver_w(ds->form, OK, k.ch);
	else
		return !(k.is_key && k.ch == KEY_RESIZE);
	return true;
}

static bool dids_key(struct ui *u, struct ui_key k)
{
	struct did_state *ds = DS(u);
	size_t i = ui_list_cur(&ds->list);
	bool enter = ui_is(k, '\r') || ui_is(k, '\n') || (k.is_key && k.ch == KEY_ENTER);
	char **items;
	size_t n;

	if (ds->form)
		return editor_key(u, k);
	if (ui_list_key(&ds->list, k)) {
		u->w->field = ui_list_cur(&ds->list);
		return true;
	}
	if (ui_is(k, 'a') || ui_is(k, '+') || (k.is_key && k.ch == KEY_IC)) {
		editor_open(u, -2, "");
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
