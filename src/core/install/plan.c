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
#include "trunkwiz/install.h"

void tw_plan_init(struct tw_plan *p)
{
	memset(p, 0, sizeof(*p));
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
		free(c->old);
		free(c->new);
		free(c->backup);
	}
	free(p->v);
	free(p->trunk);
	tw_strv_free(&p->notes, p->nnotes);
	tw_strv_free(&p->dirs, p->ndirs);
	free(p->dir_modes);
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

/* Put back what steps [0, upto) changed, newest first. */
static void rollback(struct tw_plan *p, size_t upto, struct tw_diags *d)
{
	size_t i = upto;

	while (i-- > 0) {
		struct tw_change *c = &p->v[i];
		struct tw_diags rd;
		int rc;

		if (!c->done)
			continue;
		tw_diags_init(&rd);
		rc = c->old ? tw_atomic_write(c->path, c->old, c->oldlen, &c->attrs, &rd)
		            : tw_file_remove(c->path, &rd);
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

int tw_plan_commit(const struct tw_install_opts *o, struct tw_plan *p, struct tw_diags *d)
{
	size_t i;

	if (tw_plan_preflight(p, d) < 0)
		return -1;
	for (i = 0; i < p->ndirs; i++) {
		gid_t gid = i == 0 && p->dir_gid >= 0 ? (gid_t)p->dir_gid : (gid_t)-1;
		struct stat sb;

		/* only what must exist for a file of the plan */
		if (stat(p->dirs[i], &sb) < 0) {
			size_t k;
			bool needed = false;

			for (k = 0; k < p->n && !needed; k++)
				needed = p->v[k].new && strncmp(p->v[k].path, p->dirs[i], strlen(p->dirs[i])) == 0;
			if (!needed)
				continue;
		}
		if (tw_dir_ensure(p->dirs[i], p->dir_modes[i], gid, d) < 0)
			return -1;
		tw_clean_temps(p->dirs[i]);
	}
	/* temp files a killed run left beside the files of the plan */
	for (i = 0; i < p->n; i++) {
		char *dir = tw_dir_of(p->v[i].path);

		tw_clean_temps(dir);
		free(dir);
	}
	for (i = 0; i < p->n; i++) {
		struct tw_change *c = &p->v[i];
		int rc = 0;

		if (c->old && tw_backup(c->path, o->keep_backups, &c->backup, d) < 0)
			rc = -1;
		if (rc == 0)
			rc = c->new ? tw_atomic_write(c->path, c->new, c->newlen, &c->attrs, d)
			            : tw_file_remove(c->path, d);
		if (rc < 0) {
			tw_diag_at(d, TW_NOTE, NULL, 0, NULL,
			           "stopped at %s; putting back the %zu file%s already changed",
			           c->label, i, i == 1 ? "" : "s");
			rollback(p, i, d);
			return -1;
		}
		c->done = true;
	}
	return 0;
}
