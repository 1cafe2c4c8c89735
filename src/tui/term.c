/* term.c - the terminal's life cycle (one init, one done, on every exit
 * path), signals (handlers only set a flag; crash handlers restore the
 * terminal and chain), the theme by role and small drawing helpers. */
#include "config.h"

#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <termios.h>
#include <string.h>
#include <unistd.h>

#include "ui.h"

/* ---- signals ---- */

static volatile sig_atomic_t pending_signal;
static volatile sig_atomic_t pending_interrupts;
static volatile sig_atomic_t curses_active;

static void on_signal(int sig)
{
	if (sig == SIGINT)
		pending_interrupts++;
	else
		pending_signal = sig;
}

static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
static struct sigaction old_crash[TW_ARRAY_LEN(crash_signals)];

/* Put the terminal back, as far as a dying process can. */
static void emergency_restore(void)
{
	if (curses_active) {
		curses_active = 0;
		endwin();
	}
}

static void on_crash(int sig)
{
	size_t i;

	emergency_restore();
	/* Chain to what was there before (a sanitizer's handler, or the
	 * default action, which dumps core) and let it act. */
	for (i = 0; i < TW_ARRAY_LEN(crash_signals); i++)
		if (crash_signals[i] == sig)
			sigaction(sig, &old_crash[i], NULL);
	raise(sig);
}

void ui_signals_install(void)
{
	static const int flag_signals[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_signal;
	for (i = 0; i < TW_ARRAY_LEN(flag_signals); i++)
		sigaction(flag_signals[i], &sa, NULL);
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_RESETHAND;
	for (i = 0; i < TW_ARRAY_LEN(crash_signals); i++)
		sigaction(crash_signals[i], &sa, &old_crash[i]);
	/* A write to a dropped SSH session must not kill us before the
	 * terminal is restored; the write fails instead. */
	signal(SIGPIPE, SIG_IGN);
}

int ui_signal_take(void)
{
	int s = pending_signal;

	if (s) {
		pending_signal = 0;
		return s;
	}
	/* Each Ctrl-C counts: a second one answers the quit question. */
	if (pending_interrupts > 0) {
		pending_interrupts--;
		return SIGINT;
	}
	return 0;
}

void ui_signal_exit(int sig)
{
	signal(sig, SIG_DFL);
	raise(sig);
	_exit(128 + sig);
}

/* ---- theme ---- */

struct role_style {
	short fg, bg;
	attr_t color_attr;
	attr_t mono;
};

static const struct role_style styles[R_NROLES] = {
	[R_NORMAL] = { -1, -1, 0, A_NORMAL },
	[R_TITLE] = { COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE | A_BOLD },
	[R_LABEL] = { -1, -1, 0, A_NORMAL },
	[R_FIELD] = { COLOR_BLACK, COLOR_CYAN, 0, A_UNDERLINE },
	[R_FIELD_FOCUS] = { COLOR_BLACK, COLOR_YELLOW, 0, A_REVERSE },
	[R_FIELD_BAD] = { COLOR_WHITE, COLOR_RED, A_BOLD, A_UNDERLINE | A_BOLD },
	[R_ERROR] = { COLOR_RED, -1, A_BOLD, A_BOLD },
	[R_WARN] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[R_HINT] = { COLOR_CYAN, -1, 0, A_NORMAL },
	[R_HELPLINE] = { COLOR_BLACK, COLOR_WHITE, 0, A_REVERSE },
	[R_SELECT] = { COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE },
	[R_GOOD] = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
};

attr_t ui_attr(const struct ui *u, enum ui_role r)
{
	if (!u->colors)
		return styles[r].mono;
	return COLOR_PAIR(r + 1) | styles[r].color_attr;
}

void ui_set(WINDOW *win, const struct ui *u, enum ui_role r)
{
	wattrset(win, ui_attr(u, r));
}

static void theme_init(struct ui *u)
{
	int i;

	u->colors = !u->cfg->no_color && has_colors() && start_color() == OK;
	if (!u->colors)
		return;
	use_default_colors();
	for (i = 0; i < R_NROLES; i++)
		init_pair((short)(i + 1), styles[i].fg, styles[i].bg);
}

/* ---- life cycle ---- */

static void fatal_hook(void)
{
	emergency_restore();
}

/* Ctrl-C reaches the wizard as a key, not as SIGINT to the whole
 * process group: a make or a shell script running the wizard goes on.
 * endwin() puts the terminal's own settings back. */
static void no_intr_char(void)
{
	struct termios tio;

	if (tcgetattr(STDIN_FILENO, &tio) == 0) {
		tio.c_cc[VINTR] = _POSIX_VDISABLE;
		if (tcsetattr(STDIN_FILENO, TCSANOW, &tio) == 0)
			def_prog_mode();
	}
}

int ui_term_init(struct ui *u)
{
	const char *term = getenv("TERM");
	const char *cs;

	setlocale(LC_ALL, "");
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs("trunkwiz: the wizard needs a terminal; to set up a trunk from a script use\n"
		      "'trunkwiz apply KEY=VALUE..' (see 'trunkwiz --help')\n", stderr);
		return -1;
	}
	ui_signals_install();
	/* Esc acts quickly, but an arrow key split by a slow SSH link is
	 * still one key; a user's own ESCDELAY wins. */
	if (!getenv("ESCDELAY"))
		set_escdelay(UI_ESCDELAY_MS);
	u->scr = newterm(NULL, stdout, stdin);
	if (!u->scr) {
		fprintf(stderr, "trunkwiz: this machine does not know the terminal type '%s'.\n"
		        "Try: TERM=xterm trunkwiz  (or TERM=vt100 on an old terminal)\n",
		        term ? term : "(TERM is not set)");
		return -1;
	}
	curses_active = 1;
	tw_set_fatal_hook(fatal_hook);
	/* A terminal that cannot move the cursor (TERM=dumb) cannot show a
	 * form: say so instead of drawing a key legend alone. */
	cs = tigetstr("cup");
	if (!cs || cs == (char *)-1) {
		ui_term_done(u);
		fprintf(stderr, "trunkwiz: the terminal type '%s' cannot move the cursor, which the "
		        "wizard needs.\nTry: TERM=xterm trunkwiz, or 'trunkwiz apply KEY=VALUE..' "
		        "without the wizard\n", term ? term : "");
		return -1;
	}
	if (!getenv("ESCDELAY"))
		set_escdelay(UI_ESCDELAY_MS);
	cbreak();
	no_intr_char();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	wtimeout(stdscr, 100);
	theme_init(u);
	cs = nl_langinfo(CODESET);
	/* Box drawing: Unicode or the terminal's line set; ASCII on demand. */
	u->utf8 = cs && strcmp(cs, "UTF-8") == 0;
	u->ascii = u->cfg->ascii || (!u->utf8 && !tigetstr("acsc"));
	return 0;
}

void ui_term_done(struct ui *u)
{
	if (!curses_active)
		return;
	attrset(A_NORMAL);
	curs_set(1);
	endwin();
	curses_active = 0;
	tw_set_fatal_hook(NULL);
	if (u->scr) {
		delscreen(u->scr);
		u->scr = NULL;
	}
}

/* ---- drawing ---- */

size_t ui_width(const char *s)
{
	mbstate_t st;
	size_t w = 0;
	wchar_t wc;

	memset(&st, 0, sizeof(st));
	while (*s) {
		size_t n = mbrtowc(&wc, s, MB_CUR_MAX, &st);
		int cw;

		if (n == (size_t)-1 || n == (size_t)-2) {
			memset(&st, 0, sizeof(st));
			s++;
			w++;
			continue;
		}
		cw = wcwidth(wc);
		w += cw > 0 ? (size_t)cw : 0;
		s += n ? n : 1;
	}
	return w;
}

/* The character at s as a cell shows it: a byte that starts no character
 * as '?', a control character as a space. Returns the bytes it takes and
 * its width in *cw. */
static size_t cell_at(const char *s, mbstate_t *st, wchar_t *wc, int *cw)
{
	size_t n = mbrtowc(wc, s, MB_CUR_MAX, st);

	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		memset(st, 0, sizeof(*st));
		*wc = L'?';
		n = 1;
	}
	if (tw_is_control_char((unsigned long)*wc))
		*wc = L' ';
	*cw = wcwidth(*wc);
	if (*cw < 0)
		*cw = 1;
	return n;
}

void ui_put(WINDOW *win, int y, int x, int width, const char *s)
{
	mbstate_t st;
	int used = 0, cw;
	wchar_t wc;

	if (width <= 0)
		return;
	wmove(win, y, x);
	memset(&st, 0, sizeof(st));
	while (s && *s) {
		size_t n = cell_at(s, &st, &wc, &cw);

		if (used + cw > width)
			break;
		waddnwstr(win, &wc, 1);
		used += cw;
		s += n;
	}
	for (; used < width; used++)
		waddch(win, ' ');
}

char *ui_clip(const char *s, int width)
{
	struct tw_buf b;
	mbstate_t st;
	int used = 0, cw;
	wchar_t wc;

	tw_buf_init(&b);
	memset(&st, 0, sizeof(st));
	while (*s) {
		size_t n = cell_at(s, &st, &wc, &cw);

		if (used + cw > width)
			break;
		if (wc == L'?' || wc == L' ')
			tw_buf_addc(&b, (char)wc);   /* perhaps in place of a bad byte */
		else
			tw_buf_add(&b, s, n);
		used += cw;
		s += n;
	}
	while (used++ < width)
		tw_buf_addc(&b, ' ');
	return tw_buf_steal(&b);
}

void ui_put_text(WINDOW *win, int y, int x, int width, const char *s)
{
	size_t cut, len;
	char *c;

	if (!s || width <= 4 || ui_width(s) <= (size_t)width) {
		ui_put(win, y, x, width, s);
		return;
	}
	/* the longest prefix of whole words that leaves room for "..." */
	len = strlen(s);
	cut = len;
	do {
		while (cut > 0 && s[cut - 1] != ' ')
			cut--;
		while (cut > 0 && s[cut - 1] == ' ')
			cut--;
		c = tw_xasprintf("%.*s...", (int)cut, s);
		if (ui_width(c) <= (size_t)width || cut == 0)
			break;
		free(c);
	} while (1);
	ui_put(win, y, x, width, cut ? c : s);
	free(c);
}

/* Lines: Unicode box drawing on a UTF-8 terminal (as tmux does: the
 * line-drawing charset is unreliable there, e.g. PuTTY and the Linux
 * console), the terminal's line set otherwise, ASCII on demand. */
static void line_char(const struct ui *u, wchar_t uni, chtype acs, char ascii, cchar_t *out,
                      chtype *ch)
{
	wchar_t s[2] = { uni, 0 };

	*ch = 0;
	if (u->ascii)
		*ch = (chtype)ascii;
	else if (!u->utf8)
		*ch = acs;
	else
		setcchar(out, s, A_NORMAL, 0, NULL);
}

void ui_vline(const struct ui *u, int y, int x, int n)
{
	cchar_t c;
	chtype ch;

	line_char(u, 0x2502, ACS_VLINE, '|', &c, &ch);
	if (ch)
		mvwvline(stdscr, y, x, ch, n);
	else
		mvwvline_set(stdscr, y, x, &c, n);
}

void ui_box(const struct ui *u, WINDOW *win)
{
	static const wchar_t glyph[] = { 0x2502, 0x2500, 0x250c, 0x2510, 0x2514, 0x2518 };
	cchar_t c[6];
	size_t i;

	if (u->ascii) {
		wborder(win, '|', '|', '-', '-', '+', '+', '+', '+');
		return;
	}
	if (!u->utf8) {
		box(win, 0, 0);
		return;
	}
	for (i = 0; i < 6; i++) {
		wchar_t s[2] = { glyph[i], 0 };

		setcchar(&c[i], s, A_NORMAL, 0, NULL);
	}
	wborder_set(win, &c[0], &c[0], &c[1], &c[1], &c[2], &c[3], &c[4], &c[5]);
}

/* Cells of the next word (up to a space or newline). */
static const char *next_word(const char *s, size_t *bytes, size_t *cells)
{
	const char *e = s;
	char *w;

	while (*e && *e != ' ' && *e != '\n')
		e++;
	*bytes = (size_t)(e - s);
	w = tw_xstrndup(s, *bytes);
	*cells = ui_width(w);
	free(w);
	return e;
}

size_t ui_wrap_lines(const char *text, int width, char ***out)
{
	struct tw_buf line;
	const char *p = text;
	char **v = NULL;
	size_t n = 0;

	tw_buf_init(&line);
	tw_buf_adds(&line, "");
	while (*p) {
		size_t cells = 0, bytes, wc;

		line.len = 0;
		line.data[0] = '\0';
		while (*p == ' ')
			p++;
		while (*p && *p != '\n') {
			const char *e = next_word(p, &bytes, &wc);

			if (cells && cells + 1 + wc > (size_t)width)
				break;
			if (cells) {
				tw_buf_addc(&line, ' ');
				cells++;
			}
			tw_buf_add(&line, p, bytes);
			cells += wc;
			p = e;
			while (*p == ' ')
				p++;
			if (cells >= (size_t)width)
				break;
		}
		v = tw_xrealloc(v, (n + 1) * sizeof(*v));
		v[n++] = tw_xstrdup(line.data);
		if (*p == '\n')
			p++;
	}
	tw_buf_free(&line);
	*out = v;
	return n;
}

int ui_wrap(WINDOW *win, int y, int x, int width, int maxrows, const char *text)
{
	char **lines;
	size_t n = ui_wrap_lines(text, width, &lines), i;
	int rows = 0;

	for (i = 0; i < n && rows < maxrows; i++)
		ui_put(win, y + rows++, x, width, lines[i]);
	if (n == 0 && maxrows > 0)
		ui_put(win, y + rows++, x, width, "");
	tw_strv_free(&lines, n);
	return rows;
}
