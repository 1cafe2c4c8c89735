/* edit.h - text fields on the ncurses form library (edit.c): a form posted
 * in a window of its own, and the one-line editors (the Provider screen's
 * search box, the editors under the Identify and Inbound numbers lists). */
#ifndef TW_EDIT_H
#define TW_EDIT_H

#include "ui.h"

/* Post the form of fields (NULL-terminated) in a window of stdscr h rows
 * by w cells at y, x. */
void ui_form_post(FORM **form, WINDOW **sub, FIELD **fields, int h, int w, int y, int x);

/* A one-line editor of one or two fields. Under a list, row y holds
 * "Add:" or "Change:" at column 2 and the fields from column x, and row
 * y + 1 the error or a hint (ui_edit_draw). */
struct ui_edit {
	FORM *form;            /* NULL: closed */
	WINDOW *sub;
	FIELD *fields[3];
	int y, x;
	long editing;          /* UI_EDIT_ADD, or the item changed */
};
#define UI_EDIT_ADD (-2)

/* A field: its column within the editor, width, the most it takes, and
 * the text it starts with. */
struct ui_edit_field {
	int x, w, max;
	const char *text;
};

/* Open n (1 or 2) fields at y, x with the cursor at the end of the first. */
void ui_edit_open(struct ui *u, struct ui_edit *e, long editing, int y, int x,
                  const struct ui_edit_field *f, size_t n);
/* Close an open editor and clear its two rows. */
void ui_edit_close(struct ui_edit *e);
/* Field i's text without the padding at its end (malloc'd). */
char *ui_edit_text(struct ui_edit *e, size_t i);
/* Backspace, Left, Right, Ctrl-U and printable characters edit the
 * current field: true when k was one of them. */
bool ui_edit_key(struct ui_edit *e, struct ui_key k);
/* "Add:" or "Change:", and err (or else hint) below the fields. */
void ui_edit_draw(struct ui *u, const struct ui_edit *e, const char *err, const char *hint);

#endif
