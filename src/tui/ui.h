/* ui.h - shared by the curses front end's files (not a public header).
 * The wizard model (trunkwiz/wizard.h) is the truth; a view builds its
 * windows, forms and menus from it on open (and again after a resize) and
 * only draws what changed. */
#ifndef TW_UI_H
#define TW_UI_H

#include <signal.h>
#include <stdbool.h>
#include <wchar.h>

#include "tui_curses.h"
#include "tui.h"
#include "trunkwiz/base.h"
#include "trunkwiz/wizard.h"

#define UI_MIN_COLS 80
#define UI_MIN_ROWS 24
/* Esc waits this long for the rest of a key sequence (ncurses ESCDELAY). */
#define UI_ESCDELAY_MS 200
/* The longest value a form field takes. */
#define UI_FIELD_MAX 1024
#define UI_LABEL_COL 2
#define UI_FIELD_COL 22

/* Colours by role (term.c has the colour and the monochrome themes). */
enum ui_role {
	R_NORMAL,
	R_TITLE,
	R_LABEL,
	R_FIELD,
	R_FIELD_FOCUS,
	R_FIELD_BAD,
	R_ERROR,
	R_WARN,
	R_HINT,
	R_HELPLINE,
	R_SELECT,
	R_GOOD,
	R_NROLES,
};

struct ui;

/* A key as read: a character (is_key false) or a KEY_ code. */
struct ui_key {
	bool is_key;
	wint_t ch;
};

/* A screen of the wizard. */
struct ui_view {
	void (*open)(struct ui *);      /* build from the model */
	void (*close)(struct ui *);     /* free what open made */
	void (*draw)(struct ui *);      /* paint (after open, after a change) */
	/* Handle a key; returns true when used. Keys not used fall to the
	 * global ones (help, write, back). */
	bool (*key)(struct ui *, struct ui_key k);
	const char *help;               /* the key legend for the bottom line */
};

typedef void (*ui_confirm_fn)(struct ui *, bool yes);
typedef void (*ui_task_fn)(struct ui *, struct tw_task *, int rc);

struct ui {
	struct tw_wizard *w;
	const struct tw_tui_config *cfg;
	SCREEN *scr;
	bool colors;
	bool ascii;
	bool utf8;                      /* the locale's codeset is UTF-8 */
	bool too_small;
	bool quit;
	const struct ui_view *view;     /* open view, or NULL */
	void *vs;                       /* its state */
	char *msg;                      /* message line, or NULL */
	enum ui_role msg_role;
	bool show_password;
	bool help_open;
	/* a y/n question on the message line */
	char *confirm_q;
	ui_confirm_fn confirm_fn;
	/* a long operation */
	struct tw_task *task;
	ui_task_fn task_done;
	char *task_what;
	/* review and done */
	struct tw_wiz_review review;
	bool have_review;
	bool warnings_acked;
	char *done_text;                /* Done: what was written */
	char *reload_text;              /* Done: Asterisk's reload, or NULL while it runs */
	char *command_text;             /* Done: the same without the wizard */
	size_t done_top;
	char *test_text;                /* the last Test now, or NULL */
	enum tw_wiz_screen review_from; /* where Ctrl-X was pressed (Esc returns) */
	size_t review_from_field;
	char *remove_name;
	/* view state that outlives a rebuild (resize) */
	bool opened;                    /* a view was opened, on open_screen */
	enum tw_wiz_screen open_screen;
	bool reopen_same;               /* this open rebuilds the screen last open */
	int review_tab;                 /* Review: the tab, its scroll, the problem */
	size_t review_top, review_cur;
	unsigned long review_generation; /* the answers u->review was planned from */
	char *provider_filter;          /* Provider: the search typed */
	char *ident_edit;               /* Identify: the entry being typed */
	long ident_editing;             /* ... and which (UI_EDIT_ADD: adding) */
};

/* term.c: terminal life cycle, signals, theme, drawing helpers. */
int ui_term_init(struct ui *u);
void ui_term_done(struct ui *u);
void ui_signals_install(void);
/* A SIGINT/SIGTERM/SIGHUP seen since the last call (0: none). */
int ui_signal_take(void);
void ui_signal_exit(int sig) __attribute__((noreturn));
attr_t ui_attr(const struct ui *u, enum ui_role r);
void ui_set(WINDOW *win, const struct ui *u, enum ui_role r);
/* Write s at (y, x) clipped to width cells, padding with spaces (UTF-8). */
void ui_put(WINDOW *win, int y, int x, int width, const char *s);
/* s as ui_put shows it, cut or padded to width cells (malloc'd). */
char *ui_clip(const char *s, int width);
void ui_vline(const struct ui *u, int y, int x, int n);
void ui_box(const struct ui *u, WINDOW *win);
/* Word-wrap text into rows of width cells from row y; returns the rows
 * used (at most maxrows). */
int ui_wrap(WINDOW *win, int y, int x, int width, int maxrows, const char *text);
/* The lines ui_wrap would draw (malloc'd; tw_strv_free). */
size_t ui_wrap_lines(const char *text, int width, char ***out);
size_t ui_width(const char *s);
/* ui_put for prose: a text too long is cut after a whole word, with
 * "...", never in the middle of one. */
void ui_put_text(WINDOW *win, int y, int x, int width, const char *s);

/* run.c: shared actions. */
void ui_message(struct ui *u, enum ui_role r, const char *fmt, ...) TW_PRINTF(3, 4);
void ui_confirm(struct ui *u, ui_confirm_fn fn, const char *fmt, ...) TW_PRINTF(3, 4);
void ui_goto(struct ui *u, enum tw_wiz_screen s, size_t field);
void ui_reopen(struct ui *u);
void ui_draw_frame(struct ui *u);
void ui_start_task(struct ui *u, const char *what, tw_task_fn fn, void *arg,
                   void (*free_arg)(void *), ui_task_fn done);
/* Next screen when the current one has no errors, else say which field. */
void ui_next(struct ui *u);
void ui_write_or_review(struct ui *u);
/* A flow starts (new trunk, edit, switch): what the last one showed goes
 * (a shown password, test results). */
void ui_flow_started(struct ui *u);
void ui_test_now(struct ui *u);

/* The views. */
extern const struct ui_view ui_view_home, ui_view_provider, ui_view_form,
	ui_view_codecs, ui_view_identify, ui_view_review, ui_view_done,
	ui_view_dids;

/* Is k the character c (or the Ctrl-key of letter c when ctrl)? */
static inline bool ui_is(struct ui_key k, wint_t c)
{
	return !k.is_key && k.ch == c;
}
/* Is k Enter (Return, Ctrl-J, or the keypad's Enter)? */
static inline bool ui_is_enter(struct ui_key k)
{
	return ui_is(k, '\r') || ui_is(k, '\n') || (k.is_key && k.ch == KEY_ENTER);
}
#define UI_CTRL(c) ((wint_t)((c) & 0x1f))
#define UI_ESC 27

#endif
