/* edit.c - text fields on the ncurses form library: a form in a window of
 * its own (the form screens, the one-line editors), and the one-line
 * editors: opening, the editing keys, the text typed (edit.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "edit.h"

void ui_form_post(FORM **form, WINDOW **sub, FIELD **fields, int h, int w, int y, int x)
{
	*sub = derwin(stdscr, h, w, y, x);
	*form = new_form(fields);
	if (!*sub || !*form)
		tw_fatal("cannot make a form");
	set_form_win(*form, stdscr);
	set_form_sub(*form, *sub);
	post_form(*form);
}

void ui_edit_open(struct ui *u, struct ui_edit *e, long editing, int y, int x,
                  const struct ui_edit_field *f, size_t n)
{
	int w = 0;
	size_t i;

	e->editing = editing;
	e->y = y;
	e->x = x;
	for (i = 0; i < n && i < TW_ARRAY_LEN(e->fields) - 1; i++) {
		e->fields[i] = new_field(1, f[i].w, 0, f[i].x, 0, 0);
		if (!e->fields[i])
			tw_fatal("cannot make a form field");
		field_opts_off(e->fields[i], O_AUTOSKIP | O_STATIC | O_BLANK);
		set_max_field(e->fields[i], f[i].max);
		set_field_back(e->fields[i], ui_attr(u, R_FIELD_FOCUS));
		set_field_buffer(e->fields[i], 0, f[i].text);
		if (f[i].x + f[i].w > w)
			w = f[i].x + f[i].w;
	}
	e->fields[i] = NULL;
	ui_form_post(&e->form, &e->sub, e->fields, 1, w, y, x);
	form_driver(e->form, REQ_END_FIELD);
}

void ui_edit_close(struct ui_edit *e)
{
	size_t i;

	if (!e->form)
		return;
	unpost_form(e->form);
	free_form(e->form);
	for (i = 0; e->fields[i]; i++)
		free_field(e->fields[i]);
	delwin(e->sub);
	e->form = NULL;
	wmove(stdscr, e->y, 0);
	wclrtoeol(stdscr);
	wmove(stdscr, e->y + 1, 0);
	wclrtoeol(stdscr);
}

char *ui_edit_text(struct ui_edit *e, size_t i)
{
	char *s;
	size_t n;

	form_driver(e->form, REQ_VALIDATION);
	s = tw_xstrdup(field_buffer(e->fields[i], 0));
	n = strlen(s);
	while (n && s[n - 1] == ' ')
		s[--n] = '\0';
	return s;
}

bool ui_edit_key(struct ui_edit *e, struct ui_key k)
{
	int req;

	if ((k.is_key && k.ch == KEY_BACKSPACE) || ui_is(k, 127) || ui_is(k, 8))
		req = REQ_DEL_PREV;
	else if (k.is_key && k.ch == KEY_LEFT)
		req = REQ_PREV_CHAR;
	else if (k.is_key && k.ch == KEY_RIGHT)
		req = REQ_NEXT_CHAR;
	else if (ui_is(k, UI_CTRL('u')))
		req = REQ_CLR_FIELD;
	else if (!k.is_key && k.ch >= 32 && k.ch != 127)
		req = 0;
	else
		return false;
	if (req)
		form_driver(e->form, req);
	else
		form_driver_w(e->form, OK, k.ch);
	return true;
}

void ui_edit_draw(struct ui *u, const struct ui_edit *e, const char *err, const char *hint)
{
	ui_put(stdscr, e->y, 2, e->x - 2, e->editing == UI_EDIT_ADD ? "Add:" : "Change:");
	ui_set(stdscr, u, err ? R_ERROR : R_HINT);
	ui_put(stdscr, e->y + 1, e->x, COLS - e->x - 2, err ? err : hint);
	ui_set(stdscr, u, R_NORMAL);
	pos_form_cursor(e->form);
}
