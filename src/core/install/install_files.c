/* install_files.c - what planning an installation or a removal is made of
 * (install_priv.h): a trunk's paths in the config dir, a file as it is now,
 * the changes, notes and directories added to a plan, the modes of
 * generated files, their generated text (headers, saved answers), and the
 * live config read with our files in memory, for conflicts of names. */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/file.h"
#include "install/install_priv.h"
#include "base/base.h"
#include "conf/conf.h"
#include "install/install.h"
#include "trunk/trunk.h"

/* ---- paths ---- */

void tw_install_paths_init(struct paths *p, const char *confdir, const char *name)
{
	p->d_conf.fd = p->d_own.fd = p->d_state.fd = -1;
	p->d_conf.path = p->d_own.path = p->d_state.path = NULL;
	p->dir = tw_xasprintf("%s/%s", confdir, TW_INSTALL_SUBDIR);
	p->pjsip = tw_xasprintf("%s/pjsip.conf", confdir);
	p->ext = tw_xasprintf("%s/extensions.conf", confdir);
	p->transport = tw_xasprintf("%s/%s", confdir, REL_TRANSPORT);
	p->rel_tp = tw_xasprintf("%s/%s-pjsip.conf", TW_INSTALL_SUBDIR, name);
	p->rel_te = tw_xasprintf("%s/%s-extensions.conf", TW_INSTALL_SUBDIR, name);
	p->tp = tw_xasprintf("%s/%s", confdir, p->rel_tp);
	p->te = tw_xasprintf("%s/%s", confdir, p->rel_te);
	p->n_tp = tw_xasprintf("%s-pjsip.conf", name);
	p->n_te = tw_xasprintf("%s-extensions.conf", name);
	p->n_state = tw_xasprintf("%s.conf", name);
	p->distro = tw_distro_detect(confdir);
	p->n_pjh = tw_xstrdup(p->distro && p->distro->pjsip_host ? p->distro->pjsip_host : "pjsip.conf");
	p->n_exh = tw_xstrdup(p->distro && p->distro->ext_host ? p->distro->ext_host
	                                                       : "extensions.conf");
	p->pjsip_host = tw_xasprintf("%s/%s", confdir, p->n_pjh);
	p->ext_host = tw_xasprintf("%s/%s", confdir, p->n_exh);
}

int tw_install_paths_distro_ok(const struct paths *p, struct tw_diags *d)
{
	if (!p->distro || (p->distro->pjsip_host && p->distro->ext_host))
		return 0;
	tw_diag_at(d, TW_ERROR, p->distro->evidence, 0,
	           "add the trunk in the distribution's own interface, or give trunkwiz a "
	           "config dir whose files are not generated (-C DIR)",
	           "%s generates this config and its %s includes no file left to the admin: "
	           "trunkwiz does not write into generated files (the next reload would drop "
	           "the trunk)",
	           p->distro->name, !p->distro->pjsip_host ? "pjsip.conf" : "extensions.conf");
	return -1;
}

int tw_install_paths_open(struct paths *p, const char *confdir, struct tw_diags *d)
{
	if (tw_dir_open(&p->d_conf, confdir, d) < 0 ||
	    tw_dir_open_owned(&p->d_own, &p->d_conf, TW_INSTALL_SUBDIR, false, 0, (gid_t)-1, d) < 0 ||
	    tw_dir_open_owned(&p->d_state, &p->d_own, "state", false, 0, (gid_t)-1, d) < 0)
		return -1;
	return 0;
}

void tw_install_paths_free(struct paths *p)
{
	tw_dir_close(&p->d_conf);
	tw_dir_close(&p->d_own);
	tw_dir_close(&p->d_state);
	free(p->dir);
	free(p->pjsip);
	free(p->ext);
	free(p->transport);
	free(p->tp);
	free(p->te);
	free(p->rel_tp);
	free(p->rel_te);
	free(p->n_tp);
	free(p->n_te);
	free(p->n_state);
	free(p->n_pjh);
	free(p->n_exh);
	free(p->pjsip_host);
	free(p->ext_host);
	tw_distro_free(&p->distro);
}

char *tw_install_state_path(const struct tw_install_opts *o, const char *name)
{
	return tw_xasprintf("%s/%s/state/%s.conf", o->confdir, TW_INSTALL_SUBDIR, name);
}

/* The path relative to DIR (as given, or with its symlinks resolved), for
 * messages. */
const char *tw_install_rel(const struct tw_install_opts *o, const char *path)
{
	char *real = realpath(o->confdir, NULL);
	const char *dirs[2] = { o->confdir, real }, *r = path;
	size_t i, n;

	for (i = 0; i < 2 && r == path; i++) {
		if (!dirs[i])
			continue;
		n = strlen(dirs[i]);
		if (strncmp(path, dirs[i], n) == 0 && path[n] == '/')
			r = path + n + 1;
	}
	free(real);
	return r;
}

/* ---- files as they are now ---- */

/* The message for a file trunkwiz cannot read. */
static void read_error(const char *path, int e, struct tw_diags *d)
{
	if (e == ELOOP)
		tw_diag_at(d, TW_ERROR, path, 0, "remove the link; trunkwiz writes the file again",
		           "is a symbolic link: trunkwiz never follows a link in a directory of its own");
	else if (e == TW_ENOTREG)
		tw_diag_at(d, TW_ERROR, path, 0, "move it away and put the config file there",
		           "is not a regular file (a FIFO, device or socket)");
	else if (e == EFBIG)
		tw_diag_at(d, TW_ERROR, path, 0, NULL, "is larger than %zu MiB: not a config file",
		           TW_FILE_MAX >> 20);
	else
		tw_diag_at(d, TW_ERROR, path, 0,
		           e == EACCES ? "run trunkwiz as root (e.g. with sudo)" : NULL,
		           "cannot read: %s", strerror(e));
}

int tw_install_cur_read(const struct paths *P, enum tw_change_dir where, const char *name,
                  struct cur *c, struct tw_diags *d)
{
	const struct tw_dir *in = where == TW_CHANGE_CONFDIR ? &P->d_conf
	                          : where == TW_CHANGE_OWNDIR ? &P->d_own : &P->d_state;
	struct tw_dir at = TW_DIR_INIT;
	bool linked = false;
	int rc = 0;

	memset(c, 0, sizeof(*c));
	c->where = where;
	c->path = tw_xasprintf("%s/%s", in->path, name);
	c->name = tw_xstrdup(name);
	if (in->fd < 0)
		return 0; /* its directory is not there yet */
	if (where == TW_CHANGE_CONFDIR) {
		free(c->name);
		c->name = NULL;
		if (tw_file_resolve(in, name, &at, &c->name, &linked, d) < 0)
			return -1;
		in = &at;
	}
	if (linked) {
		c->where = TW_CHANGE_LINKED;
		c->dir = tw_xstrdup(at.path);
		free(c->path);
		c->path = tw_xasprintf("%s/%s", at.path, c->name);
	}
	if (tw_file_readat(in, c->name, &c->data, &c->len, &c->attrs) == 0)
		c->exists = true;
	else if (errno != ENOENT) {
		read_error(c->path, errno, d);
		rc = -1;
	}
	tw_dir_close(&at);
	return rc;
}

void tw_install_cur_free(struct cur *c, bool secret)
{
	if (secret && c->data)
		tw_wipe(c->data, c->len);
	free(c->data);
	free(c->path);
	free(c->dir);
	free(c->name);
	memset(c, 0, sizeof(*c));
}

/* ---- the plan ---- */

void tw_install_plan_note(struct tw_plan *p, const char *fmt, ...)
{
	va_list ap;

	p->notes = tw_xrealloc(p->notes, (p->nnotes + 1) * sizeof(*p->notes));
	va_start(ap, fmt);
	p->notes[p->nnotes++] = tw_xvasprintf(fmt, ap);
	va_end(ap);
}

void tw_install_plan_change(struct tw_plan *p, const struct tw_install_opts *o, struct cur *c,
                      char *new, size_t newlen, const struct tw_file_attrs *attrs,
                      bool secret)
{
	struct tw_change *ch;

	if ((!new && !c->exists) ||
	    (new && c->exists && newlen == c->len && memcmp(new, c->data, newlen) == 0)) {
		if (new && secret)
			tw_wipe(new, newlen);
		free(new);
		tw_install_cur_free(c, secret);
		return;
	}
	p->v = tw_xrealloc(p->v, (p->n + 1) * sizeof(*p->v));
	ch = &p->v[p->n++];
	memset(ch, 0, sizeof(*ch));
	ch->path = c->path;
	ch->label = tw_xstrdup(tw_install_rel(o, c->path));
	ch->where = c->where;
	ch->dir = c->dir;
	ch->name = c->name;
	ch->old = c->exists ? c->data : NULL;
	ch->oldlen = c->len;
	if (!c->exists)
		free(c->data);
	ch->new = new;
	ch->newlen = newlen;
	ch->attrs = attrs ? *attrs : c->attrs;
	ch->secret = secret;
	memset(c, 0, sizeof(*c));
}

/* ---- modes ---- */

bool tw_install_group_gid(const struct tw_install_opts *o, gid_t *gid)
{
	struct group *g = o->group && *o->group ? getgrnam(o->group) : NULL;

	if (g)
		*gid = g->gr_gid;
	return g != NULL;
}

/* Our own user and group with mode; 0640 in the options' group when
 * they name one that exists. */
static struct tw_file_attrs attrs_of(const struct tw_install_opts *o, mode_t mode)
{
	struct tw_file_attrs a = { mode, getuid(), getgid(), false };
	gid_t gid;

	if (tw_install_group_gid(o, &gid)) {
		a.mode = 0640;
		a.gid = gid;
		a.set_owner = true;
	}
	return a;
}

struct tw_file_attrs tw_install_secret_attrs(const struct tw_install_opts *o)
{
	return attrs_of(o, 0600);
}

struct tw_file_attrs tw_install_plain_attrs(const struct tw_install_opts *o)
{
	return attrs_of(o, 0644);
}

/* ---- generated text ---- */

char *tw_install_header(const char *what, const char *name, const char *provider)
{
	return tw_xasprintf(
		"; trunkwiz: %s of trunk %s (provider %s), generated by trunkwiz %s.\n"
		"; Do not edit: trunkwiz rewrites this file. Change the trunk with\n"
		";   trunkwiz edit %s KEY=VALUE..   or   trunkwiz switch %s provider=ID\n"
		"; and remove it with 'trunkwiz remove %s'. Its answers are saved in\n"
		"; %s/state/%s.conf.\n",
		what, name, provider, PACKAGE_VERSION, name, name, name, TW_INSTALL_SUBDIR, name);
}

unsigned tw_install_count_lines(const char *s)
{
	unsigned n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

char *tw_install_state_text(const struct tw_trunk *t, size_t *len)
{
	struct tw_buf b;

	tw_buf_init(&b);
	tw_buf_printf(&b, "; trunkwiz: saved answers of trunk %s. It holds the trunk's password:\n"
	                  "; keep this file mode 0600. 'trunkwiz edit %s' regenerates the trunk.\n",
	              tw_trunk_get(t, "name"), tw_trunk_get(t, "name"));
	tw_trunk_write_answers(t, true, &b);
	*len = b.len;
	return tw_buf_steal(&b);
}

/* ---- reading the live config ---- */

struct tw_conf *tw_install_load_live(const struct tw_install_opts *o, const char *root,
                               const struct cur *rootcur, const char *const *ovpath,
                               const char *const *ovdata, size_t nov, struct tw_diags *vd)
{
	struct tw_conf *c = tw_conf_new(o->confdir);
	size_t i;

	for (i = 0; i < nov; i++)
		tw_conf_overlay(c, ovpath[i], ovdata[i], ovdata[i] ? strlen(ovdata[i]) : 0);
	if ((rootcur && !rootcur->exists) || tw_conf_load(c, root, true, vd) < 0) {
		if (tw_conf_parse(c, root, "", 0, vd) < 0)
			tw_fatal("internal: cannot parse an empty file");
	}
	return c;
}

bool tw_install_conf_has_file(const struct tw_conf *c, const char *path)
{
	return tw_conf_find_file(c, path) != NULL;
}

bool tw_install_section_lists(const struct tw_conf_section *s, const char *name,
                              const char *value, int (*cmp)(const char *, const char *))
{
	const struct tw_conf_option **v;
	size_t n = tw_conf_section_collect(s, name, &v), i;
	bool found = false;

	for (i = 0; i < n && !found; i++)
		found = cmp(v[i]->value, value) == 0;
	free(v);
	return found;
}

void tw_install_conf_free_wiped(struct tw_conf **cp)
{
	struct tw_conf *c = *cp;
	size_t i, j;

	for (i = 0; c && i < c->nfiles; i++)
		tw_wipe(c->files[i]->data, c->files[i]->len);
	for (i = 0; c && i < c->nsections; i++)
		for (j = 0; j < c->sections[i]->nopts; j++) {
			struct tw_conf_option *o = c->sections[i]->opts[j];

			if (strcmp(o->name, "password") == 0)
				tw_wipe(o->value, strlen(o->value));
		}
	tw_conf_free(cp);
}

void tw_install_names_add(struct names *nm, char *s)
{
	if (nm->n < TW_ARRAY_LEN(nm->v))
		nm->v[nm->n++] = s;
	else
		free(s);
}

void tw_install_names_free(struct names *nm)
{
	size_t i;

	for (i = 0; i < nm->n; i++)
		free(nm->v[i]);
	nm->n = 0;
}

void tw_install_conflicts(const struct tw_install_opts *o, const struct tw_conf *c,
                    const struct names *nm, const char *mine, const char *what,
                    const char *hint, struct names *clashed, struct tw_diags *d)
{
	size_t i, k, n;

	for (i = 0; i < nm->n; i++) {
		struct tw_conf_section **v;
		bool any = false;

		n = tw_conf_find_sections(c, nm->v[i], &v);
		for (k = 0; k < n; k++) {
			const char *f = v[k]->file;

			if (strcmp(f, mine) == 0)
				continue;
			tw_diag_at(d, TW_ERROR, f, v[k]->line, hint,
			           "[%s] is already defined here; the trunk's %s (%s) would define it again",
			           nm->v[i], what, tw_install_rel(o, mine));
			any = true;
		}
		if (any)
			tw_install_names_add(clashed, tw_xstrdup(nm->v[i]));
		free(v);
	}
}
