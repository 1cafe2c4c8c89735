/* json.c - --json: what apply, edit, switch, remove, list and doctor did,
 * as one JSON object on stdout for configuration management (Ansible,
 * Salt). The shapes are documented in the man page (JSON OUTPUT). */
#include "config.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "json.h"

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* json_string refuses invalid UTF-8: such text (a Latin-1 config file)
 * goes out with every byte above 0x7f as '?', never dropped silently. */
json_t *tw_cli_json_text(const char *s)
{
	json_t *j;
	char *copy, *p;

	if (!s)
		return json_null();
	if ((j = json_string(s)))
		return j;
	copy = tw_xstrdup(s);
	for (p = copy; *p; p++)
		if ((unsigned char)*p >= 0x80)
			*p = '?';
	j = json_string(copy);
	free(copy);
	return j ? j : json_null();
}

json_t *tw_cli_json_diags(const struct tw_diags *d)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; d && i < d->n; i++) {
		const struct tw_diag *g = &d->v[i];

		json_array_append_new(a, json_pack("{s:s, s:o, s:o, s:o, s:o, s:o}",
		                                   "severity", tw_severity_name(g->sev),
		                                   "file", tw_cli_json_text(g->file),
		                                   "line", g->line ? json_integer(g->line) : json_null(),
		                                   "field", str_or_null(g->field),
		                                   "message", tw_cli_json_text(g->msg),
		                                   "hint", tw_cli_json_text(g->hint)));
	}
	return a;
}

static const char *action_of(const struct tw_change *c)
{
	if (!c->old)
		return "created";
	if (!c->new)
		return "removed";
	return "updated";
}

/* One entry per file of the plan, then the trunk's own files the plan left
 * as they were ("unchanged"), so a caller sees every file either way. */
static json_t *files_of(const struct tw_install_opts *o, const struct tw_plan *p,
                        const char *const *own, size_t nown)
{
	json_t *a = json_array();
	size_t i, k;

	for (i = 0; i < p->n; i++) {
		const struct tw_change *c = &p->v[i];
		char mode[8];

		snprintf(mode, sizeof(mode), "%04o", (unsigned)(c->attrs.mode & 07777));
		json_array_append_new(a, json_pack("{s:o, s:s, s:o, s:o}", "path", tw_cli_json_text(c->label),
		                                   "action", action_of(c),
		                                   "mode", c->new ? json_string(mode) : json_null(),
		                                   "backup", tw_cli_json_text(c->backup)));
	}
	for (k = 0; k < nown; k++) {
		char *path = tw_xasprintf("%s/%s", o->confdir, own[k]);
		struct stat st;
		bool listed = false;

		for (i = 0; i < p->n && !listed; i++)
			listed = tw_streq(p->v[i].label, own[k]);
		if (!listed && lstat(path, &st) == 0)
			json_array_append_new(a, json_pack("{s:s, s:s, s:n, s:n}", "path", own[k],
			                                   "action", "unchanged", "mode", "backup"));
		free(path);
	}
	return a;
}

json_t *tw_cli_json_plan(const char *command, const struct tw_install_opts *o,
                         const struct tw_plan *p, bool dry_run, const struct tw_diags *d)
{
	char *own[3];
	json_t *j, *notes = json_array(), *backups = json_array();
	size_t i;

	own[0] = tw_xasprintf("%s/%s-pjsip.conf", TW_INSTALL_SUBDIR, p->trunk);
	own[1] = tw_xasprintf("%s/%s-extensions.conf", TW_INSTALL_SUBDIR, p->trunk);
	own[2] = tw_xasprintf("%s/state/%s.conf", TW_INSTALL_SUBDIR, p->trunk);
	for (i = 0; i < p->nnotes; i++)
		json_array_append_new(notes, tw_cli_json_text(p->notes[i]));
	for (i = 0; i < p->n; i++)
		if (p->v[i].backup)
			json_array_append_new(backups, tw_cli_json_text(p->v[i].backup));
	j = json_pack("{s:s, s:o, s:o, s:b, s:b, s:o, s:o, s:o, s:o}",
	              "command", command, "trunk", tw_cli_json_text(p->trunk), "config_dir", tw_cli_json_text(o->confdir),
	              "changed", !dry_run && p->n > 0, "dry_run", dry_run,
	              "files", files_of(o, p, (const char *const *)own, dry_run ? 0 : 3),
	              "backups", backups, "notes", notes, "diagnostics", tw_cli_json_diags(d));
	if (dry_run)
		json_object_set_new(j, "would_change", json_boolean(p->n > 0));
	for (i = 0; i < 3; i++)
		free(own[i]);
	return j;
}

void tw_cli_json_reload(json_t *j, bool requested, int rc, const char *output,
                        const char *how)
{
	json_t *r;

	if (!requested) {
		json_object_set_new(j, "reload", json_pack("{s:b, s:s}", "requested", false,
		                                           "outcome", "not requested"));
		return;
	}
	r = json_pack("{s:b, s:s, s:o, s:o}", "requested", true,
	              "outcome", rc < 0 ? "failed" : output ? "done" : "skipped",
	              "method", str_or_null(how), "output", tw_cli_json_text(output));
	json_object_set_new(j, "reload", r);
}

int tw_cli_json_emit(json_t *j)
{
	int rc = json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);

	json_decref(j);
	if (rc < 0 || fputc('\n', stdout) == EOF || fflush(stdout) != 0)
		return TW_EXIT_IO;
	return TW_EXIT_OK;
}
