/* identify.c - the Identify screen: the addresses the provider's calls
 * come from. Add, edit, delete (checked as you type), resolve the server's
 * name, fetch the provider's published list and accept it after seeing
 * what it adds and removes. DNS and downloads run in a worker thread. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "trunkwiz/net.h"
#include "trunkwiz/wizard.h"
#include "edit.h"
#include "list.h"

struct ident_state {
	struct ui_list list;
	struct ui_edit ed;
	const char *err;
	char *errbuf;
	/* a downloaded list waiting for the admin's yes */
	char **fetched;
	size_t nfetched;
};

#define IS(u) ((struct ident_state *)(u)->vs)

static void ident_build(struct ui *u, size_t cur)
{
	struct ident_state *is = IS(u);
	struct tw_wizard *w = u->w;
	char **names;
	size_t i, n = 0;

	if (is->fetched) {
		const char **add, **rem;
		size_t na, nr;

		tw_wizard_ident_compare(w, is->fetched, is->nfetched, &add, &na, &rem, &nr);
		names = tw_xcalloc(na + nr + 2, sizeof(*names));
		for (i = 0; i < na; i++)
			names[n++] = tw_xasprintf("+ %s   (added)", add[i]);
		for (i = 0; i < nr; i++)
			names[n++] = tw_xasprintf("- %s   (removed)", rem[i]);
		if (!n)
			names[n++] = tw_xstrdup("  (the published list is the list you have)");
		free(add);
		free(rem);
	} else {
		names = tw_xcalloc(w->nident + 1, sizeof(*names));
		for (i = 0; i < w->nident; i++) {
			bool host = false;

			tw_check_match_item(w->ident[i], &host, NULL);
			names[n++] = tw_xasprintf("%s%s", w->ident[i],
			                          host ? "   (host name: resolved only when Asterisk loads)" : "");
		}
	}
	ui_list_build(u, &is->list, names, n, 5, 2, LINES - 11, COLS - 4, cur);
}

static void editor_open(struct ui *u, long editing, const char *init)
{
	struct ident_state *is = IS(u);

	is->err = NULL;
	ui_edit_open(u, &is->ed, editing, LINES - 5, 12,
	             &(const struct ui_edit_field){ 0, 50, 200, init }, 1);
}

static char *editor_text(struct ui *u)
{
	return tw_strtrim(ui_edit_text(&IS(u)->ed, 0));
}

static void ident_open(struct ui *u)
{
	struct ident_state *is = tw_xcalloc(1, sizeof(*is));

	u->vs = is;
	ident_build(u, u->w->field);
	/* An entry being typed when the window was resized. */
	if (u->ident_edit) {
		editor_open(u, u->ident_editing, u->ident_edit);
		free(u->ident_edit);
		u->ident_edit = NULL;
	}
}

static void ident_close(struct ui *u)
{
	struct ident_state *is = IS(u);

	if (is->ed.form) {
		free(u->ident_edit);
		u->ident_edit = editor_text(u);
		u->ident_editing = is->ed.editing;
	}
	ui_edit_close(&is->ed);
	free(is->errbuf);
	ui_list_free(&is->list);
	tw_strv_free(&is->fetched, is->nfetched);
	free(is);
	u->vs = NULL;
}

static void ident_draw(struct ui *u)
{
	struct ident_state *is = IS(u);
	const struct tw_diag *g = tw_wizard_error(u->w, "identify");

	ui_set(stdscr, u, R_NORMAL);
	if (is->fetched) {
		ui_put(stdscr, 2, 2, COLS - 4, "The provider's published list differs from yours like this:");
		ui_put(stdscr, 3, 2, COLS - 4, "Enter or y takes the published list; Esc or n keeps yours.");
	} else {
		ui_put(stdscr, 2, 2, COLS - 4, "Addresses the provider's calls come from. A call from any other");
		ui_put(stdscr, 3, 2, COLS - 4, "address is not matched to this trunk (\"No matching endpoint\").");
	}
	ui_set(stdscr, u, g ? (g->sev == TW_ERROR ? R_ERROR : R_WARN) : R_NORMAL);
	ui_put_text(stdscr, LINES - 3, 2, COLS - 4, g && !is->fetched ? g->msg : "");
	ui_set(stdscr, u, R_NORMAL);
	if (is->ed.form) {
		ui_edit_draw(u, &is->ed, is->err,
		             "IPv4/IPv6 address, CIDR (192.0.2.0/24) or host name; Enter adds, Esc cancels");
		return;
	}
	ui_list_draw(u, &is->list, "(no entries: a adds one, r resolves the server, f fetches the list)");
}

/* ---- resolve and fetch ---- */

struct ident_job {
	const struct tw_wizard_services *svc;
	const struct tw_profile *profile;
	char *host;
	char **items;
	size_t n;
};

static void job_free(void *p)
{
	struct ident_job *j = p;

	free(j->host);
	tw_strv_free(&j->items, j->n);
	free(j);
}

static int resolve_task(struct tw_task *t, void *arg)
{
	struct ident_job *j = arg;

	tw_task_status(t, "%s", j->host);
	return j->svc->resolve(j->svc->ctx, j->host, &j->items, &j->n, t);
}

static void resolve_done(struct ui *u, struct tw_task *t, int rc)
{
	struct ident_job *j = tw_task_arg(t);
	struct tw_buf b;
	size_t i, added = 0;

	if (rc < 0 || j->n == 0) {
		char *out = tw_task_output(t);

		ui_message(u, R_ERROR, "%s does not resolve%s%s", j->host, *out ? ": " : "", out);
		free(out);
		return;
	}
	tw_buf_init(&b);
	for (i = 0; i < j->n; i++) {
		size_t before = u->w->nident;

		if (tw_wizard_ident_add(u->w, j->items[i], NULL) == 0 && u->w->nident > before) {
			tw_buf_printf(&b, " %s", j->items[i]);
			added++;
		}
	}
	if (added)
		ui_message(u, R_GOOD, "%s: added%s", j->host, b.data);
	else
		ui_message(u, R_NORMAL, "%s: its addresses are all in the list already", j->host);
	tw_buf_free(&b);
	ui_reopen(u);
}

static int fetch_task(struct tw_task *t, void *arg)
{
	struct ident_job *j = arg;

	tw_task_status(t, "%s", j->profile->ip_list_url);
	return j->svc->fetch_ip_list(j->svc->ctx, j->profile, &j->items, &j->n, t);
}

static void fetch_done(struct ui *u, struct tw_task *t, int rc)
{
	struct ident_job *j = tw_task_arg(t);
	struct ident_state *is = IS(u);
	char *out = tw_task_output(t);

	if (rc < 0 || j->n == 0) {
		ui_message(u, R_ERROR, "the provider's list could not be fetched%s%s",
		           *out ? ": " : "", out);
	} else if (is && u->view == &ui_view_identify) {
		is->fetched = j->items;
		is->nfetched = j->n;
		j->items = NULL;
		j->n = 0;
		ui_message(u, R_NORMAL, "fetched %zu entries: Enter takes them, Esc keeps your list",
		           is->nfetched);
		ident_build(u, 0);
	}
	free(out);
}

static void start_job(struct ui *u, bool fetch)
{
	const struct tw_wizard_services *svc = u->cfg->svc;
	const struct tw_profile *p = u->w->profile;
	struct ident_job *j;

	if (fetch && (!p || !p->ip_list_url)) {
		ui_message(u, R_WARN, "%s publishes no machine-readable address list (see its notes)",
		           p ? p->name : "this provider");
		return;
	}
	if (fetch && (!svc || !svc->fetch_ip_list)) {
		ui_message(u, R_WARN, "fetching the provider's list is not available in this build");
		return;
	}
	if (!fetch && (!svc || !svc->resolve)) {
		ui_message(u, R_WARN, "resolving names is not available in this build");
		return;
	}
	if (!fetch && !*tw_wizard_value(u->w, "server", NULL)) {
		ui_message(u, R_WARN, "no server to resolve: give one on the Trunk screen");
		return;
	}
	j = tw_xcalloc(1, sizeof(*j));
	j->svc = svc;
	j->profile = p;
	j->host = tw_xstrdup(tw_wizard_value(u->w, "server", NULL));
	if (fetch)
		ui_start_task(u, "Fetching the provider's list", fetch_task, j, job_free, fetch_done);
	else
		ui_start_task(u, "Resolving", resolve_task, j, job_free, resolve_done);
}

/* ---- keys ---- */

static bool editor_key(struct ui *u, struct ui_key k)
{
	struct ident_state *is = IS(u);
	char *v;
	int rc;

	if (ui_is(k, UI_ESC)) {
		ui_edit_close(&is->ed);
		return true;
	}
	if (ui_is_enter(k)) {
		v = editor_text(u);
		free(is->errbuf);
		is->errbuf = NULL;
		rc = is->ed.editing == UI_EDIT_ADD
		     ? tw_wizard_ident_add(u->w, v, &is->errbuf)
		     : tw_wizard_ident_edit(u->w, (size_t)is->ed.editing, v, &is->errbuf);
		is->err = is->errbuf;
		free(v);
		if (rc == 0) {
			ui_edit_close(&is->ed);
			ident_build(u, u->w->nident ? u->w->nident - 1 : 0);
		}
		return true;
	}
	if (!ui_edit_key(&is->ed, k))
		return !(k.is_key && k.ch == KEY_RESIZE);
	/* checked as you type */
	v = editor_text(u);
	free(is->errbuf);
	is->errbuf = NULL;
	is->err = NULL;
	if (*v) {
		bool host;
		char *why = NULL;

		if (!tw_check_match_item(v, &host, &why)) {
			is->errbuf = tw_xasprintf("not an IPv4/IPv6 address, CIDR or host name: %s%s%s%s", v,
			                          why ? " (" : "", why ? why : "", why ? ")" : "");
			is->err = is->errbuf;
		}
		free(why);
	}
	free(v);
	return true;
}

static bool ident_key(struct ui *u, struct ui_key k)
{
	struct ident_state *is = IS(u);
	size_t i = ui_list_cur(&is->list);
	bool enter = ui_is_enter(k);

	if (is->ed.form)
		return editor_key(u, k);
	if (ui_list_field_key(u, &is->list, k))
		return true;
	if (is->fetched) {
		if (enter || ui_is(k, 'y')) {
			tw_wizard_ident_replace(u->w, is->fetched, is->nfetched);
			ui_message(u, R_GOOD, "identify list replaced by the provider's (%zu entries)", u->w->nident);
		} else if (ui_is(k, UI_ESC) || ui_is(k, 'n')) {
			ui_message(u, R_NORMAL, "kept your identify list");
		} else {
			return true;
		}
		tw_strv_free(&is->fetched, is->nfetched);
		is->nfetched = 0;
		ident_build(u, 0);
		return true;
	}
	if (ui_is(k, 'a') || ui_is(k, '+') || (k.is_key && k.ch == KEY_IC)) {
		editor_open(u, UI_EDIT_ADD, "");
	} else if (ui_is(k, 'e') && i < u->w->nident) {
		editor_open(u, (long)i, u->w->ident[i]);
	} else if ((ui_is(k, 'd') || (k.is_key && k.ch == KEY_DC)) && i < u->w->nident) {
		tw_wizard_ident_delete(u->w, i);
		ident_build(u, i);
	} else if (ui_is(k, 'r')) {
		start_job(u, false);
	} else if (ui_is(k, 'f')) {
		start_job(u, true);
	} else if (enter || ui_is(k, '\t')) {
		ui_next(u);
	} else {
		return false;
	}
	return true;
}

const struct ui_view ui_view_identify = {
	ident_open, ident_close, ident_draw, ident_key,
	" a add e edit d del r resolve f fetch  Enter next  Esc back  ^X review  ? help",
};
