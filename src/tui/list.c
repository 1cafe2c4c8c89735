/* list.c - a scrolling list on the ncurses menu library (the lists of
 * trunks, providers, codecs, identify entries and problems), and the
 * Codecs screen. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "list.h"

void ui_list_build(struct ui *u, struct ui_list *l, char **names, size_t n,
                   int y, int x, int h, int w, size_t cur)
{
	size_t i;

	ui_list_free(l);
	l->names = names;
	l->n = n;
	l->y = y;
	l->x = x;
	l->h = h;
	l->w = w;
	if (n == 0 || h <= 0)
		return;
	l->items = tw_xcalloc(n + 1, sizeof(*l->items));
	for (i = 0; i < n; i++) {
		char *c = ui_clip(names[i], w - 2);

		free(names[i]);
		names[i] = c;
		l->items[i] = new_item(names[i], "");
		if (!l->items[i])
			tw_fatal("cannot make a list item");
	}
	l->sub = derwin(stdscr, h, w, y, x);
	l->menu = new_menu(l->items);
	if (!l->sub || !l->menu)
		tw_fatal("cannot make a list");
	menu_opts_off(l->menu, O_SHOWDESC);
	set_menu_mark(l->menu, "> ");
	set_menu_win(l->menu, stdscr);
	set_menu_sub(l->menu, l->sub);
	set_menu_format(l->menu, h, 1);
	set_menu_fore(l->menu, ui_attr(u, R_SELECT));
	set_menu_back(l->menu, ui_attr(u, R_NORMAL));
	post_menu(l->menu);
	if (cur >= n)
		cur = n - 1;
	set_current_item(l->menu, l->items[cur]);
}

void ui_list_free(struct ui_list *l)
{
	size_t i;

	if (l->menu) {
		unpost_menu(l->menu);
		free_menu(l->menu);
	}
	for (i = 0; l->items && i < l->n; i++)
		free_item(l->items[i]);
	free(l->items);
	tw_strv_free(&l->names, l->n);
	if (l->sub)
		delwin(l->sub);
	memset(l, 0, sizeof(*l));
}

size_t ui_list_cur(const struct ui_list *l)
{
	if (!l->menu)
		return 0;
	return (size_t)item_index(current_item(l->menu));
}

bool ui_list_key(struct ui_list *l, struct ui_key k)
{
	int req;

	if (!k.is_key)
		return false;
	switch (k.ch) {
	case KEY_DOWN: req = REQ_DOWN_ITEM; break;
	case KEY_UP: req = REQ_UP_ITEM; break;
	case KEY_NPAGE: req = REQ_SCR_DPAGE; break;
	case KEY_PPAGE: req = REQ_SCR_UPAGE; break;
	case KEY_HOME: req = REQ_FIRST_ITEM; break;
	case KEY_END: req = REQ_LAST_ITEM; break;
	default: return false;
	}
	if (l->menu)
		menu_driver(l->menu, req);
	return true;
}

bool ui_list_field_key(struct ui *u, struct ui_list *l, struct ui_key k)
{
	if (!ui_list_key(l, k))
		return false;
	u->w->field = ui_list_cur(l);
	return true;
}

void ui_list_draw(struct ui *u, struct ui_list *l, const char *empty)
{
	if (!l->menu) {
		ui_set(stdscr, u, R_HINT);
		ui_put(stdscr, l->y, l->x, l->w, empty);
		ui_set(stdscr, u, R_NORMAL);
		wmove(stdscr, l->y, l->x);
		return;
	}
	pos_menu_cursor(l->menu);
	wcursyncup(l->sub);
}

/* ---- Codecs ---- */

struct codecs_state {
	struct ui_list list;
};

static void codecs_build(struct ui *u, size_t cur)
{
	struct codecs_state *cs = u->vs;
	struct tw_wizard *w = u->w;
	char **names = tw_xcalloc(w->ncodecs + 1, sizeof(*names));
	size_t i;

	for (i = 0; i < w->ncodecs; i++)
		names[i] = tw_xasprintf("[%c] %zu. %s", w->codec_on[i] ? 'x' : ' ', i + 1, w->codecs[i]);
	ui_list_build(u, &cs->list, names, w->ncodecs, 5, 4, LINES - 9, 40, cur);
}

static void codecs_open(struct ui *u)
{
	u->vs = tw_xcalloc(1, sizeof(struct codecs_state));
	codecs_build(u, u->w->field);
}

static void codecs_close(struct ui *u)
{
	struct codecs_state *cs = u->vs;

	ui_list_free(&cs->list);
	free(cs);
	u->vs = NULL;
}

static void codecs_draw(struct ui *u)
{
	struct codecs_state *cs = u->vs;
	const struct tw_diag *g = tw_wizard_error(u->w, "codecs");

	ui_set(stdscr, u, R_NORMAL);
	ui_put(stdscr, 2, 2, COLS - 4, "The codecs this trunk offers, the first preferred. Space ticks or");
	ui_put(stdscr, 3, 2, COLS - 4, "unticks the highlighted codec; + and - move it up and down.");
	ui_set(stdscr, u, g ? (g->sev == TW_ERROR ? R_ERROR : R_WARN) : R_NORMAL);
	ui_put(stdscr, LINES - 3, 2, COLS - 4, g ? g->msg : "");
	ui_set(stdscr, u, R_NORMAL);
	ui_list_draw(u, &cs->list, "(the provider lists no codecs)");
}

static bool codecs_key(struct ui *u, struct ui_key k)
{
	struct codecs_state *cs = u->vs;
	size_t i = ui_list_cur(&cs->list);

	if (ui_list_field_key(u, &cs->list, k))
		return true;
	if (ui_is(k, ' ')) {
		tw_wizard_codec_toggle(u->w, i);
		codecs_build(u, i);
	} else if (ui_is(k, '+') || ui_is(k, 'u')) {
		codecs_build(u, u->w->field = tw_wizard_codec_move(u->w, i, -1));
	} else if (ui_is(k, '-') || ui_is(k, 'd')) {
		codecs_build(u, u->w->field = tw_wizard_codec_move(u->w, i, 1));
	} else if (ui_is_enter(k) || ui_is(k, '\t')) {
		ui_next(u);
	} else {
		return false;
	}
	return true;
}

const struct ui_view ui_view_codecs = {
	codecs_open, codecs_close, codecs_draw, codecs_key,
	" Space tick  +/- move  Enter next  Esc back  ^X/F10 review  ?/F1/^E help",
};
