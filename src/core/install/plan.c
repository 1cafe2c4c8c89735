/* plan.c - committing an install plan: directories, backups, atomic
 * replacement file by file, and the rollback when a step fails; its diff
 * and its permission check (install.h). */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "install/diff.h"
#include "install/install_priv.h"
#include "trunkwiz/install.h"
#include "base/base.h"
#include "install/install.h"

void tw_plan_init(struct tw_plan *p)
{
	memset(p, 0, sizeof(*p));
	p->own_mode = 0755;
	p->dir_gid = -1;
}

void tw_plan_free(struct tw_plan *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		struct tw_change *c = &p->v[i];

		if (c->secret) {
			if (c->old)
				tw_wipe(c->old, c->oldlen);
			if (c->new)
				tw_wipe(c->new, c->newlen);
		}
		free(c->path);
		free(c->label);
		free(c->dir);
		free(c->name);
		free(c->old);
		free(c->new);
		free(c->backup);
	}
	free(p->v);
	free(p->trunk);
	tw_strv_free(&p->notes, p->nnotes);
	tw_plan_init(p);
}

/* The nearest existing directory at or above dir. */
static char *existing_parent(const char *dir)
{
	char *d = tw_xstrdup(dir), *slash;
	struct stat sb;

	while (stat(d, &sb) < 0 && (slash = strrchr(d, '/')) && slash != d)
		*slash = '\0';
	return d;
}

int tw_plan_preflight(const struct tw_plan *p, struct tw_diags *d)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < p->n; i++) {
		const struct tw_change *c = &p->v[i];
		char *dir = tw_dir_of(c->path), *near = existing_parent(dir);

		if (access(near, W_OK | X_OK) < 0) {
			int e = errno;

			tw_diag_at(d, TW_ERROR, c->path, 0,
			           "run trunkwiz as root (e.g. with sudo), or give a config dir you may write with -C DIR",
			           "cannot %s it: %s needs write permission on %s",
			           c->new ? (c->old ? "replace" : "create") : "remove",
			           e == EROFS ? "the file system is read-only;" : "trunkwiz", near);
			rc = -1;
		}
		free(near);
		free(dir);
	}
	return rc;
}

void tw_plan_diff(const struct tw_plan *p, struct tw_buf *out)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		const struct tw_change *c = &p->v[i];
		char *a = tw_xasprintf("a/%s", c->label), *b = tw_xasprintf("b/%s", c->label);

		tw_diff_unified(a, c->old, c->oldlen, b, c->new, c->newlen, out);
		free(a);
		free(b);
	}
}

/* The directories of a commit, opened when first needed. */
struct dirs {
	struct tw_dir conf, own, state;
	bool conf_tried, own_tried, state_tried;
};

static void dirs_close(struct dirs *ds)
{
	tw_dir_close(&ds->state);
	tw_dir_close(&ds->own);
	tw_dir_close(&ds->conf);
}

/* The config dir, DIR/trunkwiz or its state/ (made when create). */
static struct tw_dir *open_dir(const struct tw_install_opts *o, const struct tw_plan *p,
                               struct dirs *ds, enum tw_change_dir where, bool create,
                               struct tw_diags *d)
{
	if (!ds->conf_tried) {
		ds->conf_tried = true;
		if (tw_dir_open(&ds->conf, o->confdir, d) < 0)
			return NULL;
		tw_clean_tempsat(&ds->conf);
	}
	if (ds->conf.fd < 0)
		return NULL;
	if (where == TW_CHANGE_CONFDIR)
		return &ds->conf;
	if (!ds->own_tried || (create && ds->own.fd < 0)) {
		gid_t gid = p->dir_gid >= 0 ? (gid_t)p->dir_gid : (gid_t)-1;

		tw_dir_close(&ds->own);
		ds->own_tried = true;
		if (tw_dir_open_owned(&ds->own, &ds->conf, TW_INSTALL_SUBDIR, create, p->own_mode,
		                      gid, d) < 0)
			return NULL;
		tw_clean_tempsat(&ds->own);
	}
	if (ds->own.fd < 0)
		return NULL;
	if (where == TW_CHANGE_OWNDIR)
		return &ds->own;
	if (!ds->state_tried || (create && ds->state.fd < 0)) {
		tw_dir_close(&ds->state);
		ds->state_tried = true;
		if (tw_dir_open_owned(&ds->state, &ds->own, "state", create, 0700, (gid_t)-1, d) < 0)
			return NULL;
		tw_clean_tempsat(&ds->state);
	}
	return ds->state.fd < 0 ? NULL : &ds->state;
}

/* The target directory of an admin's symlink, checked again: nobody but
 * root may have changed it since the plan. */
static int open_linked(const struct tw_change *c, struct tw_dir *dir, struct tw_diags *d)
{
	struct stat sb;

	if (tw_dir_open(dir, c->dir, d) < 0)
		return -1;
	if (fstat(dir->fd, &sb) < 0 || !tw_stat_trusted(&sb)) {
		tw_diag_at(d, TW_ERROR, c->dir, 0, "make it owned by root and not writable by group or others",
		           "refused: the directory of %s's target changed hands since it was read",
		           c->label);
		tw_dir_close(dir);
		return -1;
	}
	return 0;
}

/* Write (or remove) c in its directory; backup first when asked. */
static int change_apply(const struct tw_install_opts *o, const struct tw_plan *p,
                        struct dirs *ds, struct tw_change *c, const char *data, size_t len,
                        bool remove, bool backup, struct tw_diags *d)
{
	struct tw_dir linked = TW_DIR_INIT, *dir;
	struct tw_diags nd;
	int rc = 0;

	tw_diags_init(&nd);
	if (c->where == TW_CHANGE_LINKED)
		dir = open_linked(c, &linked, &nd) < 0 ? NULL : &linked;
	else
		dir = open_dir(o, p, ds, c->where, !remove, &nd);
	rc = tw_diags_has_errors(&nd) ? -1 : 0;
	tw_diags_move(d, &nd);
	if (!dir) /* nothing to remove where there is no directory */
		return remove && rc == 0 ? 0 : -1;
	if (c->where == TW_CHANGE_LINKED)
		tw_clean_tempsat(dir);
	if (backup && tw_backupat(dir, c->name, o->keep_backups, &c->backup, d) < 0)
		rc = -1;
	if (rc == 0)
		rc = remove ? tw_file_removeat(dir, c->name, d)
		            : tw_atomic_writeat(dir, c->name, data, len, &c->attrs, d);
	tw_dir_close(&linked);
	return rc;
}

/* Put back what steps [0, upto) changed, newest first. */
static void rollback(const struct tw_install_opts *o, struct tw_plan *p, struct dirs *ds,
                     size_t upto, struct tw_diags *d)
{
	size_t i = upto;

	while (i-- > 0) {
		struct tw_change *c = &p->v[i];
		struct tw_diags rd;
		int rc;

		if (!c->done)
			continue;
		tw_diags_init(&rd);
		rc = change_apply(o, p, ds, c, c->old, c->oldlen, !c->old, false, &rd);
		if (rc < 0) {
			tw_diags_move(d, &rd);
			tw_diag_at(d, TW_ERROR, c->path, 0,
			           c->backup ? "restore it from the backup named above" : NULL,
			           "could not be put back as it was%s%s", c->backup ? "; backup: " : "",
			           c->backup ? c->backup : "");
		} else {
			tw_diags_clear(&rd);
			tw_diag_at(d, TW_NOTE, c->path, 0, NULL, "put back as it was");
			c->done = false;
		}
	}
}

/* A removed file that held a password takes its backups along. */
static void drop_backups(const struct tw_install_opts *o, struct tw_plan *p, struct dirs *ds,
                         struct tw_change *c)
{
	struct tw_diags nd;
	struct tw_dir *dir;
	char **v;
	size_t n, i;

	tw_diags_init(&nd);
	dir = open_dir(o, p, ds, c->where, false, &nd);
	tw_diags_clear(&nd);
	if (!dir)
		return;
	n = tw_backups_at(dir, c->name, &v);
	for (i = 0; i < n; i++) {
		const char *slash = strrchr(v[i], '/');

		if (unlinkat(dir->fd, slash ? slash + 1 : v[i], 0) == 0)
			c->dropped++;
	}
	if (n)
		(void)fsync(dir->fd);
	tw_strv_free(&v, n);
}

int tw_plan_commit(const struct tw_install_opts *o, struct tw_plan *p, struct tw_diags *d)
{
	struct dirs ds;
	size_t i;
	int rc = 0;

	if (tw_plan_preflight(p, d) < 0)
		return -1;
	memset(&ds, 0, sizeof(ds));
	ds.conf.fd = ds.own.fd = ds.state.fd = -1;
	/* open the plan's directories first; opening one removes the temp
	 * files a killed run left in it */
	for (i = 0; i < p->n; i++) {
		struct tw_diags nd;

		if (p->v[i].where == TW_CHANGE_LINKED)
			continue;
		tw_diags_init(&nd);
		(void)open_dir(o, p, &ds, p->v[i].where, false, &nd);
		if (tw_diags_has_errors(&nd)) {
			/* a directory that is not as it must be: refuse it */
			tw_diags_move(d, &nd);
			dirs_close(&ds);
			return -1;
		}
		tw_diags_clear(&nd);
	}
	for (i = 0; i < p->n && rc == 0; i++) {
		struct tw_change *c = &p->v[i];
		/* a removed password leaves no copy behind: no backup of it */
		bool drop = c->secret && !c->new;

		c->dropped = 0;
		rc = change_apply(o, p, &ds, c, c->new, c->newlen, !c->new, c->old && !drop, d);
		if (rc < 0) {
			tw_diag_at(d, TW_NOTE, NULL, 0, NULL,
			           "stopped at %s; putting back the %zu file%s already changed",
			           c->label, i, i == 1 ? "" : "s");
			rollback(o, p, &ds, i, d);
			break;
		}
		c->done = true;
	}
	for (i = 0; i < p->n && rc == 0; i++) {
		struct tw_change *c = &p->v[i];

		if (!c->secret || c->new)
			continue;
		drop_backups(o, p, &ds, c);
		if (c->dropped)
			tw_install_plan_note(p, "removed %zu backup%s of %s too: %s held the trunk's password",
			               c->dropped, c->dropped == 1 ? "" : "s", c->label,
			               c->dropped == 1 ? "it" : "they");
	}
	dirs_close(&ds);
	return rc;
}
