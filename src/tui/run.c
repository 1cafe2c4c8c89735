/* run.c - the wizard's input loop: one key at a time (or a 100 ms tick),
 * signals turned into actions here, the frame (title, message, key
 * legend), resize and the too-small screen, help, questions, and long
 * operations running in a worker thread. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trunkwiz/base.h"
#include "list.h"

static const struct ui_view *view_for(enum tw_wiz_screen s)
{
	switch (s) {
	case TW_WIZ_HOME:
		return &ui_view_home;
	case TW_WIZ_PROVIDER:
		return &ui_view_provider;
	case TW_WIZ_CODECS:
		return &ui_view_codecs;
	case TW_WIZ_IDENTIFY:
		return &ui_view_identify;
	case TW_WIZ_DIDS:
		return &ui_view_dids;
	case TW_WIZ_REVIEW:
		return &ui_view_review;
	case TW_WIZ_DONE:
		return &ui_view_done;
	default:
		return &ui_view_form;
	}
}

/* s cut to at most width cells, without padding. */
static char *ui_clip_name(const char *s, int width)
{
	char *c = ui_clip(s, width);
	size_t n = strlen(c);

	while (n && c[n - 1] == ' ')
		c[--n] = '\0';
	return c;
}

void ui_message(struct ui *u, enum ui_role r, const char *fmt, ...)
{
	va_list ap;

	free(u->msg);
	u->msg = NULL;
	if (!fmt)
		return;
	va_start(ap, fmt);
	u->msg = tw_xvasprintf(fmt, ap);
	va_end(ap);
	u->msg_role = r;
}

void ui_confirm(struct ui *u, ui_confirm_fn fn, const char *fmt, ...)
{
	va_list ap;

	free(u->confirm_q);
	va_start(ap, fmt);
	u->confirm_q = tw_xvasprintf(fmt, ap);
	va_end(ap);
	u->confirm_fn = fn;
}

static void close_view(struct ui *u)
{
	if (u->view && u->view->close)
		u->view->close(u);
	u->view = NULL;
}

static bool size_ok(void)
{
	return COLS >= UI_MIN_COLS && LINES >= UI_MIN_ROWS;
}

/* Build the current screen from the model (after a change of screen, a
 * resize, a choice that shows or hides fields). A view rebuilt on the
 * screen it was on (u->reopen_same) keeps its place. */
void ui_reopen(struct ui *u)
{
	close_view(u);
	werase(stdscr);
	u->too_small = !size_ok();
	if (u->too_small)
		return;
	u->reopen_same = u->opened && u->open_screen == u->w->screen;
	u->view = view_for(u->w->screen);
	u->view->open(u);
	u->opened = true;
	u->open_screen = u->w->screen;
	u->reopen_same = false;
}

void ui_goto(struct ui *u, enum tw_wiz_screen s, size_t field)
{
	tw_wizard_go(u->w, s, field);
	ui_reopen(u);
}

void ui_next(struct ui *u)
{
	const struct tw_wiz_field *f[TW_WIZ_MAX_FIELDS];
	size_t n = tw_wizard_fields(u->w, u->w->screen, f), i;

	for (i = 0; i < n; i++) {
		const struct tw_diag *g = tw_wizard_error(u->w, f[i]->key);

		if (g && g->sev == TW_ERROR) {
			ui_message(u, R_ERROR, "%s: %s (Esc goes back, Ctrl-X reviews)", f[i]->label, g->msg);
			if (u->w->screen != TW_WIZ_CODECS && u->w->screen != TW_WIZ_IDENTIFY)
				ui_goto(u, u->w->screen, i);
			return;
		}
	}
	ui_message(u, R_NORMAL, NULL);
	tw_wizard_next(u->w);
	u->review_from = TW_WIZ_HOME;  /* walked forward: Esc on Review steps back */
	ui_reopen(u);
}

void ui_flow_started(struct ui *u)
{
	u->show_password = false;
	free(u->test_text);
	u->test_text = NULL;
	u->review_from = TW_WIZ_HOME;
}

static void back(struct ui *u)
{
	ui_message(u, R_NORMAL, NULL);
	tw_wizard_back(u->w);
	ui_reopen(u);
}

/* ---- quitting ---- */

static void quit_answer(struct ui *u, bool yes)
{
	if (yes)
		u->quit = true;
}

static void ask_quit(struct ui *u)
{
	if (!tw_wizard_dirty(u->w)) {
		u->quit = true;
		return;
	}
	ui_confirm(u, quit_answer, "Quit without writing? Your answers are lost. (y/n)");
}

/* ---- long operations ---- */

void ui_start_task(struct ui *u, const char *what, tw_task_fn fn, void *arg,
                   void (*free_arg)(void *), ui_task_fn done)
{
	if (u->task) {
		if (free_arg)
			free_arg(arg);
		ui_message(u, R_WARN, "busy with %s: wait, or Esc to cancel it", u->task_what);
		return;
	}
	free(u->task_what);
	u->task_what = tw_xstrdup(what);
	u->task_done = done;
	ui_message(u, R_NORMAL, NULL);
	u->task = tw_task_start(fn, arg, free_arg);
}

static void task_poll(struct ui *u)
{
	struct tw_task *t = u->task;
	ui_task_fn done = u->task_done;

	if (!t || !tw_task_finished(t))
		return;
	u->task = NULL;
	u->task_done = NULL;
	if (done)
		done(u, t, tw_task_result(t));
	tw_task_release(&t);
}

static void task_cancel(struct ui *u)
{
	if (!u->task)
		return;
	tw_task_cancel(u->task);
	/* Stop waiting at once: a resolver call cannot be interrupted, but the
	 * admin need not sit through it; the thread frees its work itself. */
	tw_task_release(&u->task);
	u->task_done = NULL;
	ui_message(u, R_WARN, "%s cancelled", u->task_what);
}

static void draw_task(struct ui *u, int y)
{
	static const char spin[] = "|/-\\";
	static unsigned tick;
	long done = 0, total = 0;
	char *status = tw_task_status_text(u->task, &done, &total);
	char *line;

	if (total > 0)
		line = tw_xasprintf("%c %s: %s %ld%%  (Esc cancels)", spin[tick++ % 4], u->task_what,
		                    status, done * 100 / total);
	else if (done > 0)
		line = tw_xasprintf("%c %s: %s %ld KB  (Esc cancels)", spin[tick++ % 4], u->task_what,
		                    status, done / 1024);
	else
		line = tw_xasprintf("%c %s... %s  (Esc cancels)", spin[tick++ % 4], u->task_what, status);
	ui_set(stdscr, u, R_WARN);
	ui_put(stdscr, y, 0, COLS, line);
	free(line);
	free(status);
}

/* ---- the frame ---- */

void ui_draw_frame(struct ui *u)
{
	struct tw_wizard *w = u->w;
	unsigned nsteps, step = tw_wizard_step(w, w->screen, &nsteps);
	char *left, *right;
	size_t rw;

	/* the provider's name gets what the title leaves of a wide window */
	char *prov = ui_clip_name(w->profile && w->screen != TW_WIZ_HOME ? w->profile->name : "",
	                          COLS > 80 ? COLS - 62 : 18);

	if (step)
		left = tw_xasprintf(" trunkwiz | %s | %u/%u %s", w->mode == TW_WIZ_NEW ? "New trunk" :
		                    w->mode == TW_WIZ_EDIT ? "Edit" : "Switch",
		                    step, nsteps, tw_wizard_screen_title(w->screen));
	else
		left = tw_xasprintf(" trunkwiz | %s", tw_wizard_screen_title(w->screen));
	right = tw_xasprintf("%s%s ", prov, tw_wizard_dirty(w) && w->screen != TW_WIZ_HOME ? " [unsaved]" : "");
	free(prov);
	rw = ui_width(right);
	ui_set(stdscr, u, R_TITLE);
	ui_put(stdscr, 0, 0, COLS - (int)rw, left);
	ui_put(stdscr, 0, COLS - (int)rw, (int)rw, right);
	free(left);
	free(right);
	ui_set(stdscr, u, R_NORMAL);
	if (u->task) {
		draw_task(u, LINES - 2);
	} else if (u->confirm_q) {
		ui_set(stdscr, u, R_WARN);
		ui_put(stdscr, LINES - 2, 0, COLS, u->confirm_q);
	} else {
		ui_set(stdscr, u, u->msg ? u->msg_role : R_NORMAL);
		ui_put_text(stdscr, LINES - 2, 0, COLS, u->msg ? u->msg : "");
	}
	ui_set(stdscr, u, R_HELPLINE);
	ui_put(stdscr, LINES - 1, 0, COLS, u->view && u->view->help ? u->view->help : "");
	ui_set(stdscr, u, R_NORMAL);
}

/* What each screen is for, first in its help. */
static const char *const screen_help[TW_WIZ_NSCREENS] = {
	[TW_WIZ_HOME] = "The trunks trunkwiz manages here. n adds one; on a trunk: e edits it, "
	                "s switches it to another provider, r removes it.",
	[TW_WIZ_PROVIDER] = "Type to filter the providers (name, region, auth); Up/Down pick one, "
	                    "Enter takes it. 'Other (generic)' is any provider not listed.",
	[TW_WIZ_TRUNK] = "The trunk's name and how the provider knows this PBX: the credentials "
	                 "or the PBX's address. Ctrl-T (F2) shows the password.",
	[TW_WIZ_CODECS] = "The codecs offered, the first preferred. Space ticks, + and - move. "
	                  "The provider's are ticked; another one is a warning in Review.",
	[TW_WIZ_IDENTIFY] = "Addresses the provider's calls come from: a add, e edit, d delete, "
	                    "r resolve the server, f fetch the provider's published list.",
	[TW_WIZ_NETWORK] = "The transport and NAT. Behind NAT give the public address (Ctrl-D "
	                   "finds it): it goes into the transport the trunk uses.",
	[TW_WIZ_DIALING] = "Outbound dial rules (country preset, number format, caller ID) and "
	                   "where inbound calls go when no inbound number matches.",
	[TW_WIZ_DIDS] = "Inbound numbers: which number called goes to which extension. a add, "
	                "Enter/e change, d delete; Tab moves between number and destination.",
	[TW_WIZ_ADVANCED] = "Everything else the trunk can set; empty means the provider's or "
	                    "Asterisk's default.",
	[TW_WIZ_REVIEW] = "What would be written: Problems (Enter goes to the field), Files, Diff "
	                  "against the live files, Test. Ctrl-X writes; Esc returns.",
	[TW_WIZ_DONE] = "What was written and how Asterisk took it. t tests the trunk now.",
};

static const char common_help[] =
	"Keys everywhere: Esc back (answers are kept), Ctrl-N next screen, Ctrl-X or F10 review "
	"and write, F1/Ctrl-E/? help, Ctrl-C quit (asks first). Every F-key has a Ctrl twin.";

/* The help of this screen: what it is for, the focused field's hint, its
 * keys, then the keys that work everywhere. */
static char *help_for(struct ui *u)
{
	const struct tw_wiz_field *f[TW_WIZ_MAX_FIELDS];
	size_t n = tw_wizard_fields(u->w, u->w->screen, f);
	struct tw_buf b;

	tw_buf_init(&b);
	tw_buf_printf(&b, "%s\n\n", screen_help[u->w->screen] ? screen_help[u->w->screen] : "");
	if (n > 1 && u->w->field < n) {
		const struct tw_diag *g = tw_wizard_error(u->w, f[u->w->field]->key);

		tw_buf_printf(&b, "%s: %s.\n", f[u->w->field]->label, f[u->w->field]->help);
		if (g)
			tw_buf_printf(&b, "Now: %s%s%s\n", g->msg, g->hint ? ". Fix: " : "",
			              g->hint ? g->hint : "");
		tw_buf_addc(&b, '\n');
	}
	if (u->view && u->view->help)
		tw_buf_printf(&b, "Keys here:%s\n\n", u->view->help);
	tw_buf_printf(&b, "%s\nAny key closes this help.", common_help);
	return tw_buf_steal(&b);
}

static void draw_help(struct ui *u)
{
	int wd = COLS - 4 < 76 ? COLS - 4 : 76, x = (COLS - wd) / 2, h, y;
	char *text = help_for(u), **lines, *title;
	size_t n = ui_wrap_lines(text, wd - 4, &lines);
	WINDOW *win;

	tw_strv_free(&lines, n);
	h = (int)n + 2 < LINES - 2 ? (int)n + 2 : LINES - 2;
	y = (LINES - h) / 2;
	win = derwin(stdscr, h, wd, y, x);
	if (win) {
		werase(win);
		ui_box(u, win);
		title = tw_xasprintf(" Help: %s ", tw_wizard_screen_title(u->w->screen));
		ui_put(win, 0, 2, (int)ui_width(title), title);
		free(title);
		ui_wrap(win, 1, 2, wd - 4, h - 2, text);
		delwin(win);
	}
	free(text);
}

static void draw_too_small(struct ui *u)
{
	char line[160];

	werase(stdscr);
	snprintf(line, sizeof(line), "trunkwiz needs a window of at least %dx%d; this one is %dx%d.",
	         UI_MIN_COLS, UI_MIN_ROWS, COLS, LINES);
	mvaddnstr(LINES / 2 - 1, 0, line, COLS);
	mvaddnstr(LINES / 2, 0, "Make the window larger: the wizard comes back where you were.", COLS);
	mvaddnstr(LINES / 2 + 1, 0, "(Ctrl-C quits)", COLS);
	/* a question asked meanwhile (Ctrl-C) must be seen before it is answered */
	if (u->confirm_q) {
		ui_set(stdscr, u, R_WARN);
		ui_wrap(stdscr, LINES / 2 + 3, 0, COLS, LINES - LINES / 2 - 3, u->confirm_q);
		ui_set(stdscr, u, R_NORMAL);
	}
}

static void paint(struct ui *u)
{
	if (u->too_small) {
		draw_too_small(u);
	} else {
		ui_draw_frame(u);
		if (u->view && u->view->draw)
			u->view->draw(u);
		if (u->help_open)
			draw_help(u);
	}
	wnoutrefresh(stdscr);
	doupdate();
}

/* ---- keys ---- */

static void global_key(struct ui *u, struct ui_key k)
{
	if ((k.is_key && k.ch == KEY_F(1)) || ui_is(k, UI_CTRL('e')) || ui_is(k, '?')) {
		u->help_open = true;
	} else if ((k.is_key && k.ch == KEY_F(10)) || ui_is(k, UI_CTRL('x'))) {
		ui_write_or_review(u);
	} else if (ui_is(k, UI_CTRL('n'))) {
		if (u->w->screen != TW_WIZ_HOME && u->w->screen != TW_WIZ_REVIEW &&
		    u->w->screen != TW_WIZ_DONE && u->w->screen != TW_WIZ_PROVIDER)
			ui_next(u);
	} else if (ui_is(k, UI_ESC)) {
		if (u->w->screen == TW_WIZ_HOME)
			ask_quit(u);
		else
			back(u);
	}
}

static void on_key(struct ui *u, struct ui_key k)
{
	if (k.is_key && k.ch == KEY_RESIZE) {
		ui_reopen(u);
		return;
	}
	if (u->confirm_q) {
		ui_confirm_fn fn = u->confirm_fn;
		bool yes = ui_is(k, 'y') || ui_is(k, 'Y');

		if (!yes && !ui_is(k, 'n') && !ui_is(k, 'N') && !ui_is(k, UI_ESC))
			return;
		free(u->confirm_q);
		u->confirm_q = NULL;
		u->confirm_fn = NULL;
		fn(u, yes);
		return;
	}
	if (u->help_open) {
		u->help_open = false;
		ui_reopen(u);
		return;
	}
	if (u->task && ui_is(k, UI_ESC)) {
		task_cancel(u);
		return;
	}
	if (u->too_small)
		return;
	/* A message lasts until the next key; the key may set a new one. */
	if (!u->task)
		ui_message(u, R_NORMAL, NULL);
	if (u->view && u->view->key && u->view->key(u, k))
		return;
	global_key(u, k);
}

/* An Esc that starts a key sequence this terminal's description does not
 * know (the rest arrived with it) is not the Esc key: swallow the
 * sequence instead of going back a screen. */
static bool unknown_sequence(void)
{
	wint_t ch;
	int rc, n;

	wtimeout(stdscr, 0);
	rc = wget_wch(stdscr, &ch);
	if (rc == ERR || (rc == OK && ch == UI_ESC) || rc == KEY_CODE_YES) {
		/* Esc alone, Esc Esc, or Esc then a key: the Esc is real. */
		if (rc == KEY_CODE_YES)
			ungetch((int)ch);
		else if (rc == OK)
			unget_wch(ch);
		wtimeout(stdscr, 100);
		return false;
	}
	if (rc == OK && (ch == '[' || ch == 'O')) {
		for (n = 0; n < 16; n++) {
			rc = wget_wch(stdscr, &ch);
			if (rc == ERR || (rc == OK && ch >= 0x40 && ch <= 0x7e))
				break;
		}
	}
	/* Alt+key and the like: not ours either. */
	wtimeout(stdscr, 100);
	return true;
}

static void on_signal(struct ui *u, int sig)
{
	if (sig != SIGINT) {
		u->quit = true;
		return;
	}
	if (u->task) {
		task_cancel(u);
	} else if (u->confirm_q && u->confirm_fn == quit_answer) {
		u->quit = true;    /* Ctrl-C twice */
	} else {
		free(u->confirm_q);
		u->confirm_q = NULL;
		ask_quit(u);
		if (u->confirm_q)
			ui_message(u, R_NORMAL, NULL);
	}
}

int tw_tui_run(const struct tw_tui_config *cfg)
{
	struct ui u;
	int sig = 0;

	memset(&u, 0, sizeof(u));
	u.cfg = cfg;
	u.w = tw_wizard_new(cfg->profiles, &cfg->opts);
	if (ui_term_init(&u) < 0) {
		tw_wizard_free(&u.w);
		return 3;
	}
	/* First run: nothing to manage yet, so straight to a new trunk. */
	u.review_from = TW_WIZ_HOME;
	if (u.w->ntrunks == 0)
		tw_wizard_start_new(u.w);
	ui_reopen(&u);
	while (!u.quit) {
		struct ui_key k;
		wint_t ch;
		int rc;

		paint(&u);
		errno = 0;
		rc = wget_wch(stdscr, &ch);
		/* The terminal went away (SSH dropped) without a SIGHUP to us. */
		if (rc == ERR && errno == EIO)
			raise(SIGHUP);
		while ((sig = ui_signal_take()) == SIGINT)
			on_signal(&u, sig);
		if (sig) {
			on_signal(&u, sig);
			continue;
		}
		if (u.quit)
			break;
		if (rc == ERR) {
			task_poll(&u);
			continue;
		}
		/* Ctrl-C is a key here (the terminal sends no SIGINT, so a make
		 * or shell running the wizard is not interrupted with it) */
		if (rc == OK && ch == 3) {
			on_signal(&u, SIGINT);
			continue;
		}
		k.is_key = rc == KEY_CODE_YES;
		k.ch = ch;
		if (ui_is(k, UI_ESC) && unknown_sequence())
			continue;
		on_key(&u, k);
		task_poll(&u);
	}
	close_view(&u);
	ui_term_done(&u);
	if (u.task) {
		/* The task reads the profiles and services the caller frees once
		 * we return: give it time to see the cancel (tasks check it at
		 * least every 100 ms; a DNS lookup is left in its own thread). */
		int waited = 0;

		tw_task_cancel(u.task);
		for (; !tw_task_finished(u.task) && waited < 2000; waited += 10)
			tw_sleep_ms(10, NULL);
		tw_task_release(&u.task);
	}
	if (u.have_review)
		tw_wiz_review_free(&u.review);
	free(u.msg);
	free(u.confirm_q);
	free(u.task_what);
	free(u.done_text);
	free(u.reload_text);
	free(u.command_text);
	free(u.test_text);
	free(u.remove_name);
	free(u.provider_filter);
	free(u.ident_edit);
	tw_wizard_free(&u.w);
	if (sig)
		ui_signal_exit(sig);
	return 0;
}
