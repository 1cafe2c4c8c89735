/* list.h - a scrolling list on the ncurses menu library (list.c). */
#ifndef TW_LIST_H
#define TW_LIST_H

#include "ui.h"

struct ui_list {
	MENU *menu;
	ITEM **items;
	char **names;      /* owned, clipped to the width */
	size_t n;
	WINDOW *sub;
	int y, x, h, w;
};

/* (Re)build the list from names (taken over) at y, x in h rows of w
 * cells, with item cur highlighted. */
void ui_list_build(struct ui *u, struct ui_list *l, char **names, size_t n,
                   int y, int x, int h, int w, size_t cur);
void ui_list_free(struct ui_list *l);
size_t ui_list_cur(const struct ui_list *l);
/* Up/Down/PgUp/PgDn/Home/End; true when used. */
bool ui_list_key(struct ui_list *l, struct ui_key k);
/* ui_list_key on a wizard screen's list: the highlighted item becomes the
 * screen's field, the place the screen opens at again. */
bool ui_list_field_key(struct ui *u, struct ui_list *l, struct ui_key k);
/* Place the cursor on the highlighted item (or show `empty`). */
void ui_list_draw(struct ui *u, struct ui_list *l, const char *empty);

#endif
