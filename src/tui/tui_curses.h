/* tui_curses.h - the one place that picks the wide-character ncurses
 * headers (configure says where they are). */
#ifndef TW_TUI_CURSES_H
#define TW_TUI_CURSES_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#if defined(HAVE_NCURSESW_CURSES_H)
#include <ncursesw/curses.h>
#else
#include <curses.h>
#endif
#if defined(HAVE_NCURSESW_FORM_H)
#include <ncursesw/form.h>
#else
#include <form.h>
#endif
#if defined(HAVE_NCURSESW_MENU_H)
#include <ncursesw/menu.h>
#else
#include <menu.h>
#endif

#endif
