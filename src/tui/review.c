/* review.c - the Review screen (problems, the rendered files, the diff
 * against the live files; an error jumps to its field; Write refused while
 * errors remain, warnings acknowledged first), writing, the reload in a
 * worker thread, Test now, and the Done screen. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "trunkwiz/wizard.h"
#include "list.h"

enum { TAB_PROBLEMS, TAB_FILES, TAB_DIFF, TAB_TEST, NTABS };
static const char *const tab_names[NTABS] = { "Problems", "Files", "Diff", "Test" };

struct review_state {
	int tab;
	struct ui_list list;     /* problems */
	char **lines;            /* the text of the other tabs */
	size_t nlines;
	size_t top;
	size_t left;             /* sideways scroll of the text tabs */
	int detail;              /* rows under the problems for the one highlighted */
};

#define RS(u) ((struct review_state *)(u)->vs)

/* "Network > Public address" for a diagnostic's answer, or its file:line. */
static char *where(struct ui *u, const struct tw_diag *g)
{
	enum tw_wiz_screen s;
	size_t f;
	const struct tw_wiz_field *fv[TW_WIZ_MAX_FIELDS];

	if (g->field && tw_wizard_locate(u->w, g->field, &s, &f) == 0) {
		size_t n = tw_wizard_fields(u->w, s, fv);

		if (s == TW_WIZ_CODECS || s == TW_WIZ_IDENTIFY || s == TW_WIZ_PROVIDER || f >= n)
			return tw_xstrdup(tw_wizard_screen_title(s));
		return tw_xasprintf("%s > %s", tw_wizard_screen_title(s), fv[f]->label);
	}
	if (g->field)
		return tw_xasprintf("provider setting %s", g->field);
	if (g->file)
		return g->line ? tw_xasprintf("%s:%u", g->file, g->line) : tw_xstrdup(g->file);
	return tw_xstrdup("config");
}

static void add_line(struct review_state *rs, const char *s, size_t n)
{
	rs->lines = tw_xrealloc(rs->lines, (rs->nlines + 1) * sizeof(*rs->lines));
	rs->lines[rs->nlines++] = tw_xstrndup(s, n);
}

/* Split text into lines; with wrap > 0, long lines are broken at a space
 * (continued with an indent) so nothing is cut off. */
static void set_lines(struct ui *u, const char *text, size_t wrap)
{
	struct review_state *rs = RS(u);
	const char *p = text ? text : "";

	tw_strv_free(&rs->lines, rs->nlines);
	rs->nlines = 0;
	rs->top = 0;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p), indent = 0;

		while (wrap && n > wrap - indent) {
			size_t cut = wrap - indent;
			char *pre = tw_xasprintf("%*s", (int)indent, "");
			char *part;

			while (cut > 1 && p[cut] != ' ')
				cut--;
			if (cut <= 1)
				cut = wrap - indent;
			part = tw_xstrndup(p, cut);
			free(pre);
			pre = tw_xasprintf("%*s%s", (int)indent, "", part);
			add_line(rs, pre, strlen(pre));
			free(pre);
			free(part);
			p += cut;
			n -= cut;
			while (n && *p == ' ') {
				p++;
				n--;
			}
			indent = 4;
		}
		if (indent) {
			char *s = tw_xasprintf("%*s%.*s", (int)indent, "", (int)n, p);

			add_line(rs, s, strlen(s));
			free(s);
		} else {
			add_line(rs, p, n);
		}
		p += n + (nl ? 1 : 0);
	}
}

/* A shell command broken into lines of at most width with " \\" at the
 * end of each but the last, never inside a quoted word: it pastes back
 * into a shell as it is. */
static void add_command(struct tw_buf *b, const char *cmd, size_t width)
{
	size_t col = 0;
	const char *p = cmd;

	while (*p) {
		const char *e = p;
		bool q = false;

		while (*e && (q || *e != ' ')) {
			if (*e == '\'')
				q = !q;
			e++;
		}
		if (col && col + 1 + (size_t)(e - p) + 2 > width) {
			tw_buf_adds(b, " \\\n    ");
			col = 4;
		} else if (col) {
			tw_buf_addc(b, ' ');
			col++;
		}
		tw_buf_add(b, p, (size_t)(e - p));
		col += (size_t)(e - p);
		p = *e ? e + 1 : e;
	}
	tw_buf_addc(b, '\n');
}

/* The rows a problem's text and fix take at this width. */
static int problem_rows(const struct tw_diag *g)
{
	char **lines, *fix = g->hint ? tw_xasprintf("fix: %s", g->hint) : NULL;
	size_t n = ui_wrap_lines(g->msg, COLS - 4, &lines);

	tw_strv_free(&lines, n);
	if (fix) {
		size_t k = ui_wrap_lines(fix, COLS - 4, &lines);

		tw_strv_free(&lines, k);
		n += k;
		free(fix);
	}
	return (int)n;
}

/* Rows under the list for the highlighted problem: enough for the
 * longest (what to do included), leaving the list at least 3. */
static int detail_rows(const struct tw_wiz_review *r)
{
	int rows = 4, most = LINES - 11;
	size_t i;

	for (i = 0; i < r->diags.n; i++) {
		int k = problem_rows(&r->diags.v[i]);

		if (k > rows)
			rows = k;
	}
	return rows < most ? rows : most;
}

/* Show tab, with problem cur highlighted (Problems). */
static void show_tab_at(struct ui *u, int tab, size_t cur)
{
	struct review_state *rs = RS(u);
	struct tw_wiz_review *r = &u->review;
	size_t i;

	rs->tab = tab;
	ui_list_free(&rs->list);
	werase(stdscr);
	if (tab == TAB_PROBLEMS) {
		char **names = tw_xcalloc(r->diags.n + 1, sizeof(*names));

		for (i = 0; i < r->diags.n; i++) {
			char *at = where(u, &r->diags.v[i]);

			names[i] = tw_xasprintf("%-7s %s: %s", tw_severity_name(r->diags.v[i].sev), at,
			                        r->diags.v[i].msg);
			free(at);
		}
		rs->detail = detail_rows(r);
		ui_list_build(u, &rs->list, names, r->diags.n, 5, 1, LINES - 8 - rs->detail, COLS - 2,
		              cur < r->diags.n ? cur : 0);
	} else {
		set_lines(u, tab == TAB_FILES ? r->files : tab == TAB_DIFF ?
		          (*r->diff ? r->diff : "(no change: the live files already hold this trunk)") :
		          (u->test_text ? u->test_text : "(no test yet: t tests the trunk now)"),
		          tab == TAB_TEST ? (size_t)(COLS - 2) : 0);
	}
}

static void show_tab(struct ui *u, int tab)
{
	show_tab_at(u, tab, 0);
}

static void review_open(struct ui *u)
{
	struct review_state *rs = tw_xcalloc(1, sizeof(*rs));
	int h = LINES - 7;

	u->vs = rs;
	/* A resize, the help or a Test now rebuilds the screen: the answers are
	 * the same, so keep the plan, the tab, the scroll and the warnings'
	 * acknowledgement. */
	if (u->reopen_same && u->have_review && u->review_generation == u->w->generation) {
		show_tab_at(u, u->review_tab, u->review_cur);
		if (rs->tab != TAB_PROBLEMS)
			rs->top = rs->nlines <= (size_t)h ? 0 :
			          u->review_top < rs->nlines - (size_t)h ? u->review_top : rs->nlines - (size_t)h;
		return;
	}
	if (u->have_review)
		tw_wiz_review_free(&u->review);
	tw_wizard_review(u->w, &u->review);
	u->review_generation = u->w->generation;
	u->have_review = true;
	u->warnings_acked = false;
	show_tab(u, u->review.errors || u->review.warnings ? TAB_PROBLEMS : TAB_FILES);
}

static void review_close(struct ui *u)
{
	struct review_state *rs = RS(u);

	u->review_tab = rs->tab;
	u->review_top = rs->top;
	u->review_cur = rs->tab == TAB_PROBLEMS ? ui_list_cur(&rs->list) : u->review_cur;

	ui_list_free(&rs->list);
	tw_strv_free(&rs->lines, rs->nlines);
	free(rs);
	u->vs = NULL;
}

static void draw_text(struct ui *u, int y, int h)
{
	struct review_state *rs = RS(u);
	int i;

	for (i = 0; i < h; i++) {
		size_t k = rs->top + (size_t)i;
		const char *s = k < rs->nlines ? rs->lines[k] : "";
		size_t skip = rs->left;

		/* the line's colour comes from its start, however far it is
		 * scrolled sideways */
		ui_set(stdscr, u, *s == '+' && s[1] != '+' ? R_GOOD : *s == '-' && s[1] != '-' ? R_ERROR :
		       strncmp(s, "==>", 3) == 0 || strncmp(s, "@@", 2) == 0 ? R_HINT : R_NORMAL);
		/* sideways: skip characters (never half of a UTF-8 one) */
		while (skip && *s) {
			s++;
			while ((*s & 0xc0) == 0x80)
				s++;
			skip--;
		}
		ui_put(stdscr, y + i, 1, COLS - 2, s);
	}
	ui_set(stdscr, u, R_NORMAL);
	wmove(stdscr, y, 1);
}

static void review_draw(struct ui *u)
{
	struct review_state *rs = RS(u);
	struct tw_wiz_review *r = &u->review;
	int x = 1, i;
	char *s;

	for (i = 0; i < NTABS; i++) {
		char *t = i == TAB_PROBLEMS ? tw_xasprintf(" Problems: %zu error%s, %zu warning%s ",
		                                           r->errors, r->errors == 1 ? "" : "s",
		                                           r->warnings, r->warnings == 1 ? "" : "s")
		                            : tw_xasprintf(" %s ", tab_names[i]);

		ui_set(stdscr, u, i == rs->tab ? R_SELECT : R_NORMAL);
		ui_put(stdscr, 2, x, (int)ui_width(t), t);
		x += (int)ui_width(t) + 1;
		free(t);
	}
	ui_set(stdscr, u, R_NORMAL);
	ui_put(stdscr, 2, x, COLS - x, "");
	if (r->errors)
		s = r->errors == 1 ?
		    tw_xstrdup("Write is refused until the error is fixed: Enter on it goes to its field.") :
		    tw_xasprintf("Write is refused until the %zu errors are fixed: Enter on one goes to its field.",
		                 r->errors);
	else if (!r->plan.n)
		s = tw_xstrdup("Nothing to write: the live files already hold this trunk.");
	else
		s = tw_xasprintf("Ready: %zu file%s change%s. Ctrl-X or F10 writes %s (backups are kept).",
		                 r->plan.n, r->plan.n == 1 ? "" : "s", r->plan.n == 1 ? "s" : "",
		                 r->plan.n == 1 ? "it" : "them");
	ui_set(stdscr, u, r->errors ? R_ERROR : R_GOOD);
	ui_put(stdscr, 3, 1, COLS - 2, s);
	free(s);
	ui_set(stdscr, u, R_NORMAL);
	if (rs->tab == TAB_PROBLEMS) {
		size_t c = ui_list_cur(&rs->list);
		const struct tw_diag *g = c < r->diags.n ? &r->diags.v[c] : NULL;

		int y = LINES - 2 - rs->detail;

		ui_set(stdscr, u, g && g->sev == TW_ERROR ? R_ERROR : g && g->sev == TW_WARNING ? R_WARN : R_NORMAL);
		y += ui_wrap(stdscr, y, 2, COLS - 4, LINES - 2 - y, g ? g->msg : "");
		ui_set(stdscr, u, R_HINT);
		s = tw_xasprintf("%s%s", g && g->hint ? "fix: " : "", g && g->hint ? g->hint : "");
		y += ui_wrap(stdscr, y, 2, COLS - 4, LINES - 2 - y, s);
		while (y < LINES - 2)
			ui_put(stdscr, y++, 2, COLS - 4, "");
		free(s);
		ui_set(stdscr, u, R_NORMAL);
		ui_list_draw(u, &rs->list, "No problems found.");
	} else {
		draw_text(u, 5, LINES - 7);
	}
}

/* Go to the field a problem is about. */
static void jump(struct ui *u)
{
	struct review_state *rs = RS(u);
	size_t c = ui_list_cur(&rs->list);
	const struct tw_diag *g;
	enum tw_wiz_screen s;
	size_t f;

	if (c >= u->review.diags.n)
		return;
	g = &u->review.diags.v[c];
	if (g->field && tw_wizard_locate(u->w, g->field, &s, &f) == 0) {
		ui_message(u, g->sev == TW_ERROR ? R_ERROR : R_WARN, "%s", g->msg);
		ui_goto(u, s, f);
	} else if (g->file) {
		ui_message(u, R_WARN, "this is in %s, not in the trunk's answers: fix it there", g->file);
	} else {
		ui_message(u, R_WARN, "the provider profile sets %s: no screen changes it",
		           g->field ? g->field : "this");
	}
}

static bool review_key(struct ui *u, struct ui_key k)
{
	struct review_state *rs = RS(u);
	int h = LINES - 7;

	if (ui_is(k, '\t') || (k.is_key && (k.ch == KEY_RIGHT || k.ch == KEY_LEFT || k.ch == KEY_BTAB))) {
		int d = (k.is_key && (k.ch == KEY_LEFT || k.ch == KEY_BTAB)) ? NTABS - 1 : 1;

		show_tab(u, (rs->tab + d) % NTABS);
		return true;
	}
	if (rs->tab == TAB_PROBLEMS) {
		if (ui_list_key(&rs->list, k))
			return true;
		if (ui_is_enter(k)) {
			jump(u);
			return true;
		}
	} else if (k.is_key) {
		size_t max = rs->nlines > (size_t)h ? rs->nlines - (size_t)h : 0;

		switch (k.ch) {
		case KEY_DOWN: rs->top = rs->top < max ? rs->top + 1 : max; return true;
		case KEY_UP: rs->top = rs->top ? rs->top - 1 : 0; return true;
		case KEY_NPAGE: rs->top = rs->top + (size_t)h < max ? rs->top + (size_t)h : max; return true;
		case KEY_PPAGE: rs->top = rs->top > (size_t)h ? rs->top - (size_t)h : 0; return true;
		case KEY_HOME: rs->top = 0; rs->left = 0; return true;
		case KEY_END: rs->top = max; return true;
		case KEY_SRIGHT: rs->left += 8; return true;
		case KEY_SLEFT: rs->left = rs->left > 8 ? rs->left - 8 : 0; return true;
		default: break;
		}
	}
	if (rs->tab != TAB_PROBLEMS && (ui_is(k, '>') || ui_is(k, '<'))) {
		if (ui_is(k, '>'))
			rs->left += 8;
		else
			rs->left = rs->left > 8 ? rs->left - 8 : 0;
		return true;
	}
	if (ui_is(k, UI_ESC) && u->review_from != TW_WIZ_HOME && u->review_from != TW_WIZ_REVIEW) {
		/* back where Ctrl-X was pressed, not one screen of the flow */
		enum tw_wiz_screen from = u->review_from;

		u->review_from = TW_WIZ_HOME;
		ui_goto(u, from, u->review_from_field);
		return true;
	}
	if (ui_is(k, 't')) {
		ui_test_now(u);
		return true;
	}
	return false;
}

const struct ui_view ui_view_review = {
	review_open, review_close, review_draw, review_key,
	" Tab tabs  Enter field  < > sideways  t test  ^X write  Esc back  ? help",
};

/* ---- writing ---- */

struct reload_job {
	char *program;
	char *trunk;
	bool has_reg;
};

static void reload_free(void *p)
{
	struct reload_job *j = p;

	free(j->program);
	free(j->trunk);
	free(j);
}

static int reload_task(struct tw_task *t, void *arg)
{
	struct reload_job *j = arg;
	struct tw_buf report;
	struct tw_diags d;
	size_t i;
	int rc;

	tw_buf_init(&report);
	tw_diags_init(&d);
	rc = tw_install_reload(j->program, j->trunk, j->has_reg, t, &report, &d);
	if (report.len)
		tw_task_line(t, "%s", report.data);
	for (i = 0; i < d.n; i++)
		tw_task_line(t, "%s: %s", tw_severity_name(d.v[i].sev), d.v[i].msg);
	tw_buf_free(&report);
	tw_diags_clear(&d);
	return rc;
}

static void reload_done(struct ui *u, struct tw_task *t, int rc)
{
	free(u->reload_text);
	u->reload_text = tw_task_output(t);
	if (u->w->screen == TW_WIZ_DONE)
		ui_reopen(u);
}

static void done_report(struct ui *u, const struct tw_plan *p)
{
	struct tw_buf b;
	const char *home = getenv("HOME");
	char *pwfile, *cmd;
	size_t i;

	tw_buf_init(&b);
	tw_buf_printf(&b, "Trunk %s written in %s.\n\n", p->trunk, u->w->opts.confdir);
	tw_plan_report(p, &b);
	for (i = 0; i < p->nnotes; i++)
		tw_buf_printf(&b, "note: %s\n", p->notes[i]);
	free(u->done_text);
	u->done_text = tw_buf_steal(&b);
	pwfile = tw_xasprintf("%s/%s.password", home && *home ? home : "/root", p->trunk);
	cmd = tw_wizard_command(u->w, pwfile, u->cfg->extra_args);
	if (tw_trunk_auth(u->w->eff) != TW_AUTH_IP)
		tw_buf_printf(&b, "The same trunk without the wizard (the password goes on the first line\n"
		              "of %s, mode 0600):\n\n", pwfile);
	else
		tw_buf_adds(&b, "The same trunk without the wizard:\n\n");
	add_command(&b, cmd, (size_t)(COLS - 4));
	free(cmd);
	free(pwfile);
	free(u->command_text);
	u->command_text = tw_buf_steal(&b);
	free(u->reload_text);
	u->reload_text = NULL;
	u->done_top = 0;
	/* a test from before this write is not about what was written */
	free(u->test_text);
	u->test_text = NULL;
}

static void do_write(struct ui *u)
{
	struct tw_diags d;
	struct reload_job *j;
	size_t i;

	tw_diags_init(&d);
	if (tw_wizard_write(u->w, &u->review, &d) < 0) {
		for (i = 0; i < d.n && d.v[i].sev != TW_ERROR; i++)
			;
		ui_message(u, R_ERROR, "nothing written: %s", i < d.n ? d.v[i].msg : "error");
		tw_diags_clear(&d);
		return;
	}
	tw_diags_clear(&d);
	done_report(u, &u->review.plan);
	ui_message(u, R_GOOD, "trunk %s written", u->review.plan.trunk);
	j = tw_xcalloc(1, sizeof(*j));
	j->program = u->cfg->asterisk ? tw_xstrdup(u->cfg->asterisk) : NULL;
	j->trunk = tw_xstrdup(u->review.plan.trunk);
	j->has_reg = tw_trunk_auth(u->w->eff) == TW_AUTH_REGISTER;
	ui_goto(u, TW_WIZ_DONE, 0);
	ui_start_task(u, "Reloading Asterisk", reload_task, j, reload_free, reload_done);
}

static void ack_answer(struct ui *u, bool yes)
{
	if (!yes)
		return;
	u->warnings_acked = true;
	do_write(u);
}

void ui_write_or_review(struct ui *u)
{
	struct tw_wiz_review *r = &u->review;

	if (u->w->screen == TW_WIZ_HOME || u->w->screen == TW_WIZ_DONE)
		return;
	if (u->w->screen != TW_WIZ_REVIEW) {
		u->review_from = u->w->screen;
		u->review_from_field = u->w->field;
		ui_goto(u, TW_WIZ_REVIEW, 0);
		return;
	}
	if (u->task) {
		/* The reload after a write runs as a task too: one at a time. */
		ui_message(u, R_WARN, "wait for %s to finish (Esc stops it), then write", u->task_what);
		return;
	}
	if (r->errors) {
		ui_message(u, R_ERROR, "%zu error%s: nothing written. Enter on one goes to its field.", r->errors,
		           r->errors == 1 ? "" : "s");
		if (RS(u)->tab != TAB_PROBLEMS)
			show_tab(u, TAB_PROBLEMS);
	} else if (!r->planned || !r->plan.n) {
		ui_message(u, R_NORMAL, "nothing to write: the live files already hold this trunk");
	} else if (r->warnings && !u->warnings_acked) {
		ui_confirm(u, ack_answer, "%zu warning%s (see Problems): write anyway? (y/n)", r->warnings,
		           r->warnings == 1 ? "" : "s");
	} else {
		do_write(u);
	}
}

/* ---- Test now ---- */

struct test_job {
	const struct tw_wizard_services *svc;
	struct tw_install_opts opts;
	struct tw_trunk *t;
	const struct tw_profile *p;
};

static void test_free(void *p)
{
	struct test_job *j = p;

	tw_trunk_free(&j->t);
	free(j);
}

static int test_task(struct tw_task *t, void *arg)
{
	struct test_job *j = arg;

	return j->svc->doctor(j->svc->ctx, &j->opts, j->t, j->p, t);
}

static void test_done(struct ui *u, struct tw_task *t, int rc)
{
	struct test_job *j = tw_task_arg(t);
	const char *name = tw_trunk_get(u->w->eff, "name");

	/* the admin moved on to another trunk meanwhile: not its results */
	if (u->w->screen == TW_WIZ_HOME || !tw_streq(name, tw_trunk_get(j->t, "name"))) {
		ui_message(u, R_NORMAL, NULL);
		return;
	}
	free(u->test_text);
	u->test_text = tw_task_output(t);
	ui_message(u, rc == 0 ? R_GOOD : R_ERROR, "test %s: see %s", rc == 0 ? "passed" : "found problems",
	           u->w->screen == TW_WIZ_DONE ? "below" : "the Test tab");
	ui_reopen(u);
	if (u->w->screen == TW_WIZ_REVIEW)
		show_tab(u, TAB_TEST);
}

void ui_test_now(struct ui *u)
{
	const struct tw_wizard_services *svc = u->cfg->svc;
	struct test_job *j;

	if (!svc || !svc->doctor) {
		ui_message(u, R_WARN, "Test now is not available in this build (no trunkwiz doctor)");
		return;
	}
	j = tw_xcalloc(1, sizeof(*j));
	j->svc = svc;
	j->opts = u->w->opts;
	j->t = tw_trunk_dup(u->w->eff);
	j->p = u->w->profile;
	ui_start_task(u, "Testing the trunk", test_task, j, test_free, test_done);
}

/* ---- Done ---- */

static void done_open(struct ui *u)
{
	struct review_state *rs = tw_xcalloc(1, sizeof(*rs));
	char *s;

	u->vs = rs;
	s = tw_xasprintf("%s\nAsterisk: %s%s\n%s%s%s%s", u->done_text ? u->done_text : "",
	                 u->reload_text ? "\n" : "reloading... (Esc stops waiting)\n",
	                 u->reload_text ? u->reload_text : "",
	                 u->test_text ? "Test:\n" : "", u->test_text ? u->test_text : "",
	                 u->test_text ? "\n" : "", u->command_text ? u->command_text : "");
	set_lines(u, s, (size_t)(COLS - 2));
	free(s);
	rs->top = u->done_top < rs->nlines ? u->done_top : 0;
}

static void done_draw(struct ui *u)
{
	draw_text(u, 2, LINES - 4);
}

static bool done_key(struct ui *u, struct ui_key k)
{
	struct review_state *rs = RS(u);

	size_t h = (size_t)(LINES - 4), max = rs->nlines > h ? rs->nlines - h : 0;

	if (k.is_key && (k.ch == KEY_DOWN || k.ch == KEY_NPAGE || k.ch == KEY_END)) {
		rs->top = k.ch == KEY_END ? max : rs->top + (k.ch == KEY_DOWN ? 1 : h);
		if (rs->top > max)
			rs->top = max;
	} else if (k.is_key && (k.ch == KEY_UP || k.ch == KEY_PPAGE || k.ch == KEY_HOME)) {
		size_t d = k.ch == KEY_UP ? 1 : k.ch == KEY_HOME ? rs->top : h;

		rs->top = rs->top > d ? rs->top - d : 0;
	} else if (ui_is(k, 't')) {
		ui_test_now(u);
		return true;
	} else if (ui_is_enter(k) || ui_is(k, UI_ESC)) {
		ui_goto(u, TW_WIZ_HOME, 0);
		return true;
	} else {
		return false;
	}
	u->done_top = rs->top;
	return true;
}

const struct ui_view ui_view_done = {
	done_open, review_close, done_draw, done_key,
	" Up/Down/PgDn/End scroll  t test now  Enter/Esc home  ^C quit  ?/F1/^E help",
};
