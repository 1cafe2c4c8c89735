/* install.c - planning a trunk's installation, regeneration and removal in
 * a live config dir (install.h). Committing a plan is in plan.c. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "trunkwiz/conf.h"
#include "trunkwiz/install.h"
#include "trunkwiz/render.h"
#include "trunkwiz/validate.h"

void tw_install_opts_init(struct tw_install_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->confdir = "/etc/asterisk";
	o->keep_backups = TW_INSTALL_KEEP_BACKUPS;
	o->group = "asterisk";
	o->version.major = TW_ASTVER_DEFAULT_MAJOR;
}

/* ---- paths ---- */

struct paths {
	char *dir;        /* DIR/trunkwiz */
	char *statedir;   /* DIR/trunkwiz/state */
	char *pjsip;      /* DIR/pjsip.conf */
	char *ext;        /* DIR/extensions.conf */
	char *transport;  /* DIR/trunkwiz/transport.conf */
	char *tp, *te;    /* the trunk's files */
	char *state;      /* its answers */
	char *rel_tp, *rel_te; /* as #include arguments */
};

#define REL_TRANSPORT TW_INSTALL_SUBDIR "/transport.conf"

static void paths_init(struct paths *p, const char *confdir, const char *name)
{
	p->dir = tw_xasprintf("%s/%s", confdir, TW_INSTALL_SUBDIR);
	p->statedir = tw_xasprintf("%s/state", p->dir);
	p->pjsip = tw_xasprintf("%s/pjsip.conf", confdir);
	p->ext = tw_xasprintf("%s/extensions.conf", confdir);
	p->transport = tw_xasprintf("%s/%s", confdir, REL_TRANSPORT);
	p->rel_tp = tw_xasprintf("%s/%s-pjsip.conf", TW_INSTALL_SUBDIR, name);
	p->rel_te = tw_xasprintf("%s/%s-extensions.conf", TW_INSTALL_SUBDIR, name);
	p->tp = tw_xasprintf("%s/%s", confdir, p->rel_tp);
	p->te = tw_xasprintf("%s/%s", confdir, p->rel_te);
	p->state = tw_xasprintf("%s/%s.conf", p->statedir, name);
}

static void paths_free(struct paths *p)
{
	free(p->dir);
	free(p->statedir);
	free(p->pjsip);
	free(p->ext);
	free(p->transport);
	free(p->tp);
	free(p->te);
	free(p->state);
	free(p->rel_tp);
	free(p->rel_te);
}

char *tw_install_state_path(const struct tw_install_opts *o, const char *name)
{
	return tw_xasprintf("%s/%s/state/%s.conf", o->confdir, TW_INSTALL_SUBDIR, name);
}

/* The path relative to DIR (as given, or with its symlinks resolved), for
 * messages. */
static const char *rel(const struct tw_install_opts *o, const char *path)
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

struct cur {
	char *path;        /* where to write (symlink resolved) */
	char *data;
	size_t len;
	bool exists;
	struct tw_file_attrs attrs;
};

static int cur_read(const char *path, struct cur *c, struct tw_diags *d)
{
	char *real = realpath(path, NULL);

	memset(c, 0, sizeof(*c));
	c->path = real ? real : tw_xstrdup(path);
	if (tw_file_attrs_of(c->path, &c->attrs) < 0) {
		if (errno == ENOENT)
			return 0;
		tw_diag_at(d, TW_ERROR, path, 0, NULL, "cannot read: %s", strerror(errno));
		return -1;
	}
	if (tw_file_read(c->path, &c->data, &c->len) < 0) {
		tw_diag_at(d, TW_ERROR, path, 0,
		           errno == EACCES ? "run trunkwiz as root (e.g. with sudo)" : NULL,
		           "cannot read: %s", strerror(errno));
		return -1;
	}
	c->exists = true;
	return 0;
}

static void cur_free(struct cur *c, bool secret)
{
	if (secret && c->data)
		tw_wipe(c->data, c->len);
	free(c->data);
	free(c->path);
	memset(c, 0, sizeof(*c));
}

/* ---- the plan ---- */

static void plan_note(struct tw_plan *p, const char *fmt, ...) TW_PRINTF(2, 3);

static void plan_note(struct tw_plan *p, const char *fmt, ...)
{
	va_list ap;

	p->notes = tw_xrealloc(p->notes, (p->nnotes + 1) * sizeof(*p->notes));
	va_start(ap, fmt);
	p->notes[p->nnotes++] = tw_xvasprintf(fmt, ap);
	va_end(ap);
}

static void plan_dir(struct tw_plan *p, const char *dir, unsigned mode)
{
	p->dirs = tw_xrealloc(p->dirs, (p->ndirs + 1) * sizeof(*p->dirs));
	p->dir_modes = tw_xrealloc(p->dir_modes, (p->ndirs + 1) * sizeof(*p->dir_modes));
	p->dirs[p->ndirs] = tw_xstrdup(dir);
	p->dir_modes[p->ndirs++] = mode;
}

/* Add a change from cur (taking its bytes) to new bytes (taken; NULL:
 * remove). Nothing is added when the bytes stay the same. */
static void plan_change(struct tw_plan *p, const struct tw_install_opts *o, struct cur *c,
                        char *new, size_t newlen, const struct tw_file_attrs *attrs,
                        bool secret)
{
	struct tw_change *ch;

	if ((!new && !c->exists) ||
	    (new && c->exists && newlen == c->len && memcmp(new, c->data, newlen) == 0)) {
		if (new && secret)
			tw_wipe(new, newlen);
		free(new);
		cur_free(c, secret);
		return;
	}
	p->v = tw_xrealloc(p->v, (p->n + 1) * sizeof(*p->v));
	ch = &p->v[p->n++];
	memset(ch, 0, sizeof(*ch));
	ch->path = c->path;
	ch->label = tw_xstrdup(rel(o, c->path));
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

/* ---- include lines ---- */

static const char *eol_of(const char *data, size_t len)
{
	const char *nl = data ? memchr(data, '\n', len) : NULL;

	return nl && nl > data && nl[-1] == '\r' ? "\r\n" : "\n";
}

/* Is this raw line "#include ARG" or "#tryinclude ARG" (quotes, <> and a
 * trailing comment allowed)? */
static bool include_line_is(const char *p, size_t n, const char *arg)
{
	size_t i = 0, k, alen = strlen(arg);

	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	if (n - i > 8 && strncasecmp(p + i, "#include", 8) == 0)
		i += 8;
	else if (n - i > 11 && strncasecmp(p + i, "#tryinclude", 11) == 0)
		i += 11;
	else
		return false;
	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	if (i < n && (p[i] == '"' || p[i] == '<'))
		i++;
	if (n - i < alen || memcmp(p + i, arg, alen) != 0)
		return false;
	k = i + alen;
	if (k < n && (p[k] == '"' || p[k] == '>'))
		k++;
	while (k < n && (p[k] == ' ' || p[k] == '\t' || p[k] == '\r' || p[k] == '\n'))
		k++;
	return k == n || p[k] == ';';
}

#define NL_ADDED "newline added above"

/* data with "#include arg ; trunkwiz: what" lines appended, one per
 * (args[i], whats[i]), each on a line of its own, in one copy. */
static char *add_includes(const char *data, size_t len, const char *const *args,
                          const char *const *whats, size_t n, size_t *newlen)
{
	const char *eol = eol_of(data, len);
	bool nl = len && data[len - 1] != '\n';
	struct tw_buf lines, b;
	size_t i;

	tw_buf_init(&lines);
	for (i = 0; i < n; i++)
		tw_buf_printf(&lines, "%s#include %s ; trunkwiz: %s%s%s", i == 0 && nl ? eol : "",
		              args[i], whats[i], i == n - 1 && nl ? ", " NL_ADDED : "", eol);
	b.len = 0;
	b.cap = len + lines.len + 1;
	b.data = tw_xmalloc(b.cap);
	if (len)
		memcpy(b.data, data, len);
	memcpy(b.data + len, lines.data, lines.len + 1);
	b.len = len + lines.len;
	tw_buf_free(&lines);
	*newlen = b.len;
	return b.data;
}

/* The line that carried "newline added above" went, but not at the end:
 * when the file still ends with trunkwiz's own include lines, the last of
 * them carries it on, so the newline goes with the last of them. */
static void pass_marker(struct tw_buf *b)
{
	size_t end = b->len, start, eol = 0;

	while (end > 0 && (b->data[end - 1] == '\n' || b->data[end - 1] == '\r'))
		end--, eol++;
	for (start = end; start > 0 && b->data[start - 1] != '\n'; start--)
		;
	if (!eol || !memmem(b->data + start, end - start, "; trunkwiz: ", 12) ||
	    memmem(b->data + start, end - start, NL_ADDED, strlen(NL_ADDED))) {
		return;
	}
	{
		char *tail = tw_xstrndup(b->data + end, b->len - end);

		b->len = end;
		tw_buf_adds(b, ", " NL_ADDED);
		tw_buf_adds(b, tail);
		free(tail);
	}
}

/* data without its "#include arg" lines; the newline apply had to add
 * before the last line goes again. *found counts the lines removed. */
static char *drop_include(const char *data, size_t len, const char *arg, size_t *newlen,
                          unsigned *found)
{
	struct tw_buf b;
	size_t i = 0;
	bool pass_on = false;

	tw_buf_init(&b);
	tw_buf_add(&b, "", 0);
	while (i < len) {
		const char *nl = memchr(data + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (data + i)) + 1 : len - i;
		bool marked = memmem(data + i, n, NL_ADDED, strlen(NL_ADDED)) != NULL;

		if (include_line_is(data + i, n, arg)) {
			(*found)++;
			if (marked && i + n == len) {
				if (b.len && b.data[b.len - 1] == '\n')
					b.len--;
				if (b.len && b.data[b.len - 1] == '\r')
					b.len--;
				b.data[b.len] = '\0';
			} else if (marked) {
				pass_on = true;
			}
		} else {
			tw_buf_add(&b, data + i, n);
		}
		i += n;
	}
	if (pass_on)
		pass_marker(&b);
	*newlen = b.len;
	return tw_buf_steal(&b);
}

bool tw_install_has_include(const char *data, size_t len, const char *arg)
{
	size_t i = 0;

	while (data && i < len) {
		const char *nl = memchr(data + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (data + i)) + 1 : len - i;

		if (include_line_is(data + i, n, arg))
			return true;
		i += n;
	}
	return false;
}

/* ---- modes ---- */

static bool group_gid(const struct tw_install_opts *o, gid_t *gid)
{
	struct group *g = o->group && *o->group ? getgrnam(o->group) : NULL;

	if (g)
		*gid = g->gr_gid;
	return g != NULL;
}

/* Files holding a secret: 0640 with the Asterisk group when it exists,
 * else 0600; never world-readable. */
static struct tw_file_attrs secret_attrs(const struct tw_install_opts *o)
{
	struct tw_file_attrs a = { 0600, getuid(), getgid(), false };
	gid_t gid;

	if (group_gid(o, &gid)) {
		a.mode = 0640;
		a.gid = gid;
		a.set_owner = true;
	}
	return a;
}

/* A generated file that holds no secret reads like the file including it. */
static struct tw_file_attrs plain_attrs(const struct cur *includer)
{
	struct tw_file_attrs a = { 0644, getuid(), getgid(), false };

	if (includer->exists) {
		a = includer->attrs;
		a.mode &= 0666;
	}
	return a;
}

/* ---- generated text ---- */

static char *header(const char *what, const char *name, const char *provider)
{
	return tw_xasprintf(
		"; trunkwiz: %s of trunk %s (provider %s), generated by trunkwiz %s.\n"
		"; Do not edit: trunkwiz rewrites this file. Change the trunk with\n"
		";   trunkwiz edit %s KEY=VALUE..   or   trunkwiz switch %s provider=ID\n"
		"; and remove it with 'trunkwiz remove %s'. Its answers are saved in\n"
		"; %s/state/%s.conf.\n",
		what, name, provider, PACKAGE_VERSION, name, name, name, TW_INSTALL_SUBDIR, name);
}

static unsigned count_lines(const char *s)
{
	unsigned n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static char *state_text(const struct tw_trunk *t, size_t *len)
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

/* Load root (pjsip.conf or extensions.conf) with its includes, the files
 * in ov[] read from memory. A missing root is an empty file. */
static struct tw_conf *load_live(const struct tw_install_opts *o, const char *root,
                                 const struct cur *rootcur, const char *const *ovpath,
                                 const char *const *ovdata, size_t nov, struct tw_diags *vd)
{
	struct tw_conf *c = tw_conf_new(o->confdir);
	size_t i;

	for (i = 0; i < nov; i++)
		tw_conf_overlay(c, ovpath[i], ovdata[i], ovdata[i] ? strlen(ovdata[i]) : 0);
	if (!rootcur->exists || tw_conf_load(c, root, true, vd) < 0) {
		if (tw_conf_parse(c, root, "", 0, vd) < 0)
			tw_fatal("internal: cannot parse an empty file");
	}
	return c;
}

static bool conf_has_file(const struct tw_conf *c, const char *path)
{
	return tw_conf_find_file(c, path) != NULL;
}

/* Asterisk names of the sections the trunk defines. */
struct names {
	char *v[8];
	size_t n;
};

static void names_add(struct names *nm, char *s)
{
	if (nm->n < TW_ARRAY_LEN(nm->v))
		nm->v[nm->n++] = s;
	else
		free(s);
}

static void names_free(struct names *nm)
{
	size_t i;

	for (i = 0; i < nm->n; i++)
		free(nm->v[i]);
	nm->n = 0;
}

/* Sections (or contexts) named like ours that a file other than `mine`
 * defines: conflicts, reported where the other definition is; their names
 * are added to clashed. */
static void conflicts(const struct tw_install_opts *o, const struct tw_conf *c,
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
			           nm->v[i], what, rel(o, mine));
			any = true;
		}
		if (any)
			names_add(clashed, tw_xstrdup(nm->v[i]));
		free(v);
	}
}

/* ---- transport ---- */

/* Does a file other than ours define a usable transport for proto? */
static bool admin_transport(const struct tw_conf *c, const char *proto, const char *ours)
{
	size_t i;

	for (i = 0; i < c->nsections; i++) {
		const struct tw_conf_section *s = c->sections[i];
		const char *type, *p;

		if (s->is_template || strcmp(s->file, ours) == 0)
			continue;
		type = tw_conf_section_value(s, "type");
		if (!type || strcmp(type, "transport") != 0)
			continue;
		p = tw_conf_section_value(s, "protocol");
		if (strcasecmp(p ? p : "udp", proto) == 0)
			return true;
	}
	return false;
}

/* ---- diagnostics of the whole config ---- */

static bool mentions(const struct tw_diag *g, const struct names *a, const struct names *b)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		if (strstr(g->msg, a->v[i]))
			return true;
	for (i = 0; b && i < b->n; i++)
		if (strstr(g->msg, b->v[i]))
			return true;
	return false;
}

static bool reported_clash(const struct tw_diag *g, const struct names *clashed)
{
	size_t i;

	for (i = 0; i < clashed->n; i++)
		if (tw_validate_is_duplicate(g, clashed->v[i]))
			return true;
	return false;
}

/* Keep what concerns the change, except the validator's word on a name
 * conflicts() already reported; sum up what the admin's config already
 * had. */
static void sort_out(struct tw_plan *plan, struct tw_diags *vd, const char *const *ours,
                     size_t nours, const struct names *secs, const struct names *ctxs,
                     const struct names *clashed, struct tw_diags *d)
{
	size_t i, k, old_err = 0, old_warn = 0;

	for (i = 0; i < vd->n; i++) {
		struct tw_diag *g = &vd->v[i];
		bool mine = !g->file;

		if (reported_clash(g, clashed))
			continue;
		for (k = 0; k < nours && !mine; k++)
			mine = strcmp(g->file, ours[k]) == 0;
		if (!mine && !mentions(g, secs, ctxs)) {
			old_err += g->sev == TW_ERROR;
			old_warn += g->sev == TW_WARNING;
			continue;
		}
		tw_diags_add(d, g->sev, g->file, g->line, g->field, g->hint, "%s", g->msg);
	}
	if (old_err || old_warn)
		plan_note(plan, "your existing config already has %zu error%s and %zu warning%s "
		          "that this change does not touch ('trunkwiz check' lists them)",
		          old_err, old_err == 1 ? "" : "s", old_warn, old_warn == 1 ? "" : "s");
}

/* ---- apply ---- */

struct apply {
	const struct tw_install_opts *o;
	struct tw_trunk *t;
	const struct tw_profile *p;
	struct tw_plan *plan;
	struct tw_diags *d;
	struct paths P;
	struct tw_render r;
	char *tp_text, *te_text, *tr_text;  /* new contents */
	unsigned tp_head, te_head;
	struct cur pj, ex, tp, te, tr, st;
	char *tr_proto_name;                /* transport section created, or NULL */
	bool tr_changed;
	bool tp_included, tr_included, te_included; /* the live config loads them */
};

static void apply_free(struct apply *a)
{
	tw_render_free(&a->r);
	if (a->tp_text)
		tw_wipe(a->tp_text, strlen(a->tp_text));
	free(a->tp_text);
	free(a->te_text);
	free(a->tr_text);
	free(a->tr_proto_name);
	cur_free(&a->pj, false);
	cur_free(&a->ex, false);
	cur_free(&a->tp, true);
	cur_free(&a->te, false);
	cur_free(&a->tr, false);
	cur_free(&a->st, true);
	paths_free(&a->P);
}

/* Decide the transport: the admin's, the one trunkwiz made before, or a
 * new one (create_transport=yes), else an error. */
static void plan_transport(struct apply *a, const struct tw_conf *pj)
{
	enum tw_transport tr = tw_trunk_transport(a->t);
	const char *proto = tw_transport_name(tr);
	const char *create = tw_trunk_get(a->t, "create_transport");
	char *secname = tw_xasprintf("transport-%s", proto);
	char **nets = NULL;
	const char *const *netv = a->o->local_nets;
	size_t nnets = a->o->nlocal_nets;
	char *sect;
	struct tw_buf b;

	if (admin_transport(pj, proto, a->P.transport)) {
		free(secname);
		return;
	}
	if (a->tr.exists && strstr(a->tr.data, secname)) {
		free(secname);
		return;  /* made by trunkwiz for an earlier trunk */
	}
	if (!tw_is_true(create)) {
		tw_diag_field(a->d, TW_ERROR, "create_transport",
		              "answer create_transport=yes (or transport=create) and trunkwiz adds "
		              "one bound to 0.0.0.0, or define a type=transport section yourself",
		              "pjsip.conf defines no transport for %s: Asterisk could neither "
		              "register this trunk nor place its calls", proto);
		free(secname);
		return;
	}
	if (tw_conf_find_section(pj, secname)) {
		free(secname);
		secname = tw_xasprintf("trunkwiz-%s", proto);
	}
	if (tw_trunk_get(a->t, "local_net") && *tw_trunk_get(a->t, "local_net")) {
		nnets = tw_split_list(tw_trunk_get(a->t, "local_net"), ',', &nets);
		netv = (const char *const *)nets;
	}
	sect = tw_render_transport(tr, tw_trunk_get(a->t, "public_ip"), netv, nnets);
	if (strcmp(secname, "transport-udp") != 0 && strcmp(secname, "transport-tcp") != 0 &&
	    strcmp(secname, "transport-tls") != 0) {
		char *from = tw_xasprintf("[transport-%s]", proto), *to = tw_xasprintf("[%s]", secname);
		char *at = strstr(sect, from);
		struct tw_buf nb;

		tw_buf_init(&nb);
		tw_buf_add(&nb, sect, (size_t)(at - sect));
		tw_buf_adds(&nb, to);
		tw_buf_adds(&nb, at + strlen(from));
		free(sect);
		sect = tw_buf_steal(&nb);
		free(from);
		free(to);
	}
	tw_buf_init(&b);
	if (a->tr.exists) {
		tw_buf_add(&b, a->tr.data, a->tr.len);
		tw_buf_adds(&b, "\n");
	} else {
		tw_buf_adds(&b, "; trunkwiz: transports for the trunks trunkwiz manages, generated by\n"
		                "; trunkwiz " PACKAGE_VERSION ". Removed with the last of those trunks.\n");
	}
	tw_buf_adds(&b, sect);
	a->tr_text = tw_buf_steal(&b);
	a->tr_changed = true;
	a->tr_proto_name = secname;
	plan_note(a->plan, "pjsip.conf had no transport for %s: trunkwiz adds [%s] bound to "
	          "0.0.0.0 in %s%s", proto, secname, REL_TRANSPORT,
	          tw_trunk_get(a->t, "public_ip") ? "" :
	          " (behind NAT, give public_ip=ADDRESS so calls carry audio)");
	free(sect);
	tw_strv_free(&nets, nnets);
}

static int read_all(struct apply *a)
{
	if (cur_read(a->P.pjsip, &a->pj, a->d) < 0 || cur_read(a->P.ext, &a->ex, a->d) < 0 ||
	    cur_read(a->P.tp, &a->tp, a->d) < 0 || cur_read(a->P.te, &a->te, a->d) < 0 ||
	    cur_read(a->P.transport, &a->tr, a->d) < 0 || cur_read(a->P.state, &a->st, a->d) < 0)
		return -1;
	return 0;
}

static void render_files(struct apply *a, const char *name)
{
	const char *prov = tw_trunk_get(a->t, "provider");
	char *h1 = header("PJSIP sections", name, prov), *h2 = header("dialplan", name, prov);

	a->tp_head = count_lines(h1);
	a->te_head = count_lines(h2);
	a->tp_text = tw_xasprintf("%s%s", h1, a->r.pjsip);
	a->te_text = tw_xasprintf("%s%s", h2, a->r.extensions);
	free(h1);
	free(h2);
}

static void our_names(struct apply *a, const char *name, struct names *secs,
                      struct names *ctxs)
{
	static const char *const suffix[] = { "auth", "reg", "endpoint", "aor", "identify" };
	enum tw_auth_mode auth = tw_trunk_auth(a->t);
	const char *ctx = tw_trunk_get(a->t, "context"), *out = tw_trunk_get(a->t, "outbound_context");
	size_t i;

	for (i = 0; i < TW_ARRAY_LEN(suffix); i++) {
		if ((i == 0 && auth == TW_AUTH_IP) || (i == 1 && auth != TW_AUTH_REGISTER))
			continue;
		names_add(secs, tw_xasprintf("%s-%s", name, suffix[i]));
	}
	names_add(ctxs, tw_xstrdup(ctx && *ctx ? ctx : "from-trunk"));
	names_add(ctxs, tw_xstrdup(out && *out ? out : "outbound"));
}

static const char created_pj[] = "; pjsip.conf: created by trunkwiz, which found none\n";
static const char created_ex[] = "; extensions.conf: created by trunkwiz, which found none\n";

/* The change of pjsip.conf or extensions.conf; one trunkwiz creates reads
 * like a stock one (0644). */
static void new_admin_file(struct tw_plan *p, const struct tw_install_opts *o, struct cur *c,
                           char *text, size_t len)
{
	struct tw_file_attrs fresh = { 0644, getuid(), getgid(), false };

	plan_change(p, o, c, text, len, c->exists ? NULL : &fresh, false);
}

static void plan_files(struct apply *a, const char *name)
{
	const struct tw_install_opts *o = a->o;
	struct tw_file_attrs sec = secret_attrs(o), st = { 0600, getuid(), getgid(), false };
	struct tw_file_attrs plain = plain_attrs(&a->ex), pjattrs = plain_attrs(&a->pj);
	char *text;
	size_t len;
	gid_t gid;
	bool grp = group_gid(o, &gid);

	plan_dir(a->plan, a->P.dir, grp ? 0750 : 0755);
	plan_dir(a->plan, a->P.statedir, 0700);
	a->plan->dir_gid = grp ? (long)gid : -1;
	text = state_text(a->t, &len);
	plan_change(a->plan, o, &a->st, text, len, &st, true);
	plan_change(a->plan, o, &a->tp, tw_xstrdup(a->tp_text), strlen(a->tp_text), &sec, true);
	plan_change(a->plan, o, &a->te, tw_xstrdup(a->te_text), strlen(a->te_text), &plain, false);
	if (a->tr_changed)
		plan_change(a->plan, o, &a->tr, tw_xstrdup(a->tr_text), strlen(a->tr_text), &pjattrs,
		            false);
	/* pjsip.conf and extensions.conf: one include line each, once. */
	if (!a->tp_included || (a->tr_changed && !a->tr_included)) {
		const char *args[2], *whats[2];
		char *what = tw_xasprintf("trunk %s", name), *base = NULL;
		size_t n = 0;

		if (a->tr_changed && !a->tr_included) {
			args[n] = REL_TRANSPORT;
			whats[n++] = "transport";
		}
		if (!a->tp_included) {
			args[n] = a->P.rel_tp;
			whats[n++] = what;
		}
		if (!a->pj.exists)
			base = tw_xstrdup(created_pj);
		text = add_includes(base ? base : a->pj.data, base ? strlen(base) : a->pj.len, args,
		                    whats, n, &len);
		new_admin_file(a->plan, o, &a->pj, text, len);
		free(base);
		free(what);
	}
	if (!a->te_included) {
		const char *args[1] = { a->P.rel_te }, *whats[1];
		char *what = tw_xasprintf("trunk %s", name), *base = NULL;

		whats[0] = what;
		if (!a->ex.exists)
			base = tw_xstrdup(created_ex);
		text = add_includes(base ? base : a->ex.data, base ? strlen(base) : a->ex.len, args,
		                    whats, 1, &len);
		new_admin_file(a->plan, o, &a->ex, text, len);
		free(base);
		free(what);
	}
}

/* Load the whole config as it would be after the change and validate it. */
static void validate_whole(struct apply *a, const char *name)
{
	const char *pov[2] = { a->P.tp, a->P.transport }, *pdat[2] = { a->tp_text, NULL };
	const char *eov[1] = { a->P.te }, *edat[1] = { a->te_text };
	const char *ours[3] = { a->P.tp, a->P.te, a->P.transport };
	struct names secs = { { NULL }, 0 }, ctxs = { { NULL }, 0 }, clashed = { { NULL }, 0 };
	struct tw_conf *pj, *ex;
	struct tw_validate_opts vo;
	struct tw_diags vd, cd;
	size_t npov = 1;
	char *hint;

	tw_diags_init(&vd);
	tw_diags_init(&cd);
	pj = load_live(a->o, a->P.pjsip, &a->pj, pov, pdat, npov, &vd);
	a->tp_included = conf_has_file(pj, a->P.tp);
	a->tr_included = conf_has_file(pj, a->P.transport);
	if (!a->tp_included && tw_conf_parse(pj, a->P.tp, a->tp_text,
	                                                 strlen(a->tp_text), &vd) < 0)
		tw_fatal("internal: rendered text is not a config");
	plan_transport(a, pj);
	if (a->tr_changed) {
		if (conf_has_file(pj, a->P.transport)) {
			/* The old transport file is part of the model: load again. */
			tw_conf_free(&pj);
			tw_diags_clear(&vd);
			pdat[1] = a->tr_text;
			pj = load_live(a->o, a->P.pjsip, &a->pj, pov, pdat, 2, &vd);
			if (!conf_has_file(pj, a->P.tp) &&
			    tw_conf_parse(pj, a->P.tp, a->tp_text, strlen(a->tp_text), &vd) < 0)
				tw_fatal("internal: rendered text is not a config");
		} else if (tw_conf_parse(pj, a->P.transport, a->tr_text, strlen(a->tr_text), &vd) < 0) {
			tw_fatal("internal: rendered text is not a config");
		}
	}
	ex = load_live(a->o, a->P.ext, &a->ex, eov, edat, 1, &vd);
	a->te_included = conf_has_file(ex, a->P.te);
	if (!a->te_included &&
	    tw_conf_parse(ex, a->P.te, a->te_text, strlen(a->te_text), &vd) < 0)
		tw_fatal("internal: rendered text is not a config");

	our_names(a, name, &secs, &ctxs);
	hint = tw_xasprintf("give the trunk another name (name=...), or remove or rename this section");
	conflicts(a->o, pj, &secs, a->P.tp, "PJSIP sections", hint, &clashed, &cd);
	free(hint);
	if (a->tr_proto_name) {
		struct names tn = { { tw_xstrdup(a->tr_proto_name) }, 1 };

		conflicts(a->o, pj, &tn, a->P.transport, "transport", "rename this section", &clashed,
		          &cd);
		names_free(&tn);
	}
	conflicts(a->o, ex, &ctxs, a->P.te, "dialplan",
	          "give the trunk other contexts (context=... for inbound, outbound_context=... "
	          "for outbound), or rename this one", &clashed, &cd);
	tw_validate_opts_init(&vo);
	vo.version = a->o->version;
	vo.dialplan = ex;
	vo.pjsip = pj;
	tw_validate_pjsip(pj, &vo, &vd);
	tw_validate_dialplan(ex, &vo, &vd);
	tw_diags_sort(&vd);
	sort_out(a->plan, &vd, ours, TW_ARRAY_LEN(ours), &secs, &ctxs, &clashed, &cd);
	tw_render_map_back(&cd, a->P.tp, &a->r, true, a->tp_head);
	tw_render_map_back(&cd, a->P.te, &a->r, false, a->te_head);
	tw_diags_move(a->d, &cd);
	names_free(&secs);
	names_free(&ctxs);
	names_free(&clashed);
	tw_diags_clear(&vd);
	tw_conf_free(&pj);
	tw_conf_free(&ex);
}

int tw_install_plan_apply(const struct tw_install_opts *o, struct tw_trunk *t,
                          const struct tw_profile *p, struct tw_plan *plan,
                          struct tw_diags *d)
{
	struct apply a;
	const char *name;
	size_t errors = tw_diags_count(d, TW_ERROR);
	int rc = -1;

	memset(&a, 0, sizeof(a));
	a.o = o;
	a.t = t;
	a.p = p;
	a.plan = plan;
	a.d = d;
	tw_profile_apply(p, t);
	/* The provider is the admin's choice even when it was the default. */
	if (tw_trunk_set(t, "provider", p->id, NULL, 0, d) < 0)
		return -1;
	if (tw_render(t, p, &o->version, &a.r, d) < 0)
		return -1;
	name = tw_trunk_get(t, "name");
	free(plan->trunk);
	plan->trunk = tw_xstrdup(name);
	paths_init(&a.P, o->confdir, name);
	if (read_all(&a) < 0)
		goto out;
	render_files(&a, name);
	validate_whole(&a, name);
	plan_files(&a, name);
	rc = tw_diags_count(d, TW_ERROR) > errors ? -1 : 0;
out:
	apply_free(&a);
	return rc;
}

/* ---- remove ---- */

/* Names of the other trunks whose answers are saved in DIR. */
static size_t other_trunks(const struct paths *P, const char *name)
{
	DIR *dh = opendir(P->statedir);
	struct dirent *e;
	size_t n = 0, len;

	if (!dh)
		return 0;
	while ((e = readdir(dh))) {
		len = strlen(e->d_name);
		if (e->d_name[0] == '.' || len < 6 || strcmp(e->d_name + len - 5, ".conf") != 0)
			continue;
		if (len - 5 == strlen(name) && strncmp(e->d_name, name, len - 5) == 0)
			continue;
		n++;
	}
	closedir(dh);
	return n;
}


/* The admin file without our include lines (NULL when trunkwiz created
 * the file and nothing else is left in it). */
static char *without(const struct cur *c, const char *const *args, size_t nargs,
                     const char *created, size_t *len, unsigned *found)
{
	char *data = tw_xstrndup(c->data ? c->data : "", c->len), *next;
	size_t i;

	*len = c->len;
	for (i = 0; i < nargs; i++) {
		next = drop_include(data, *len, args[i], len, found);
		free(data);
		data = next;
	}
	if (strcmp(data, created) == 0) {
		free(data);
		return NULL;
	}
	return data;
}

/* Validate the config without the trunk: the admin's own lines that
 * still use it (a Dial() of its endpoint...) are warned about. */
static void validate_removal(const struct tw_install_opts *o, const struct paths *P,
                             const char *name, const char *pjnew, const char *exnew,
                             const struct cur *pj, const struct cur *ex, bool drop_tr,
                             struct tw_diags *d)
{
	const char *pov[3] = { P->tp, P->pjsip, P->transport };
	const char *pdat[3] = { NULL, pjnew, NULL };
	const char *eov[2] = { P->te, P->ext }, *edat[2] = { NULL, exnew };
	struct names mine = { { NULL }, 0 };
	struct tw_conf *pc, *ec;
	struct tw_validate_opts vo;
	struct tw_diags vd;
	size_t i, k;

	tw_diags_init(&vd);
	/* the transport is absent afterwards only when it goes too */
	pc = load_live(o, P->pjsip, pj, pov, pdat, drop_tr ? 3 : 2, &vd);
	ec = load_live(o, P->ext, ex, eov, edat, 2, &vd);
	tw_diags_clear(&vd);
	tw_validate_opts_init(&vo);
	vo.version = o->version;
	vo.dialplan = ec;
	vo.pjsip = pc;
	tw_validate_pjsip(pc, &vo, &vd);
	tw_validate_dialplan(ec, &vo, &vd);
	names_add(&mine, tw_xasprintf("%s-", name));
	for (i = 0; i < vd.n; i++) {
		struct tw_diag *g = &vd.v[i];

		for (k = 0; k < mine.n; k++)
			if (strstr(g->msg, mine.v[k]) && g->sev != TW_NOTE)
				tw_diags_add(d, TW_WARNING, g->file, g->line, g->field, g->hint,
				             "after removing trunk %s: %s", name, g->msg);
	}
	names_free(&mine);
	tw_diags_clear(&vd);
	tw_conf_free(&pc);
	tw_conf_free(&ec);
}

int tw_install_plan_remove(const struct tw_install_opts *o, const char *name,
                           struct tw_plan *plan, struct tw_diags *d)
{
	struct paths P;
	struct cur pj, ex, tp, te, tr, st;
	const char *pargs[2], *eargs[1];
	char *pjnew, *exnew;
	size_t pjlen, exlen;
	unsigned found = 0;
	bool drop_tr;
	int rc = -1;

	paths_init(&P, o->confdir, name);
	memset(&pj, 0, sizeof(pj));
	ex = tp = te = tr = st = pj;
	if (cur_read(P.pjsip, &pj, d) < 0 || cur_read(P.ext, &ex, d) < 0 ||
	    cur_read(P.tp, &tp, d) < 0 || cur_read(P.te, &te, d) < 0 ||
	    cur_read(P.transport, &tr, d) < 0 || cur_read(P.state, &st, d) < 0)
		goto out;
	drop_tr = tr.exists && other_trunks(&P, name) == 0;
	pargs[0] = P.rel_tp;
	pargs[1] = REL_TRANSPORT;
	eargs[0] = P.rel_te;
	pjnew = without(&pj, pargs, drop_tr ? 2 : 1, created_pj, &pjlen, &found);
	exnew = without(&ex, eargs, 1, created_ex, &exlen, &found);
	if (!found && !st.exists && !tp.exists && !te.exists) {
		tw_diag_at(d, TW_ERROR, NULL, 0, "'trunkwiz list' shows the trunks trunkwiz manages",
		           "no trunk '%s' in %s", name, o->confdir);
		free(pjnew);
		free(exnew);
		goto out;
	}
	validate_removal(o, &P, name, pjnew, exnew, &pj, &ex, drop_tr, d);
	free(plan->trunk);
	plan->trunk = tw_xstrdup(name);
	plan_change(plan, o, &pj, pjnew, pjnew ? pjlen : 0, NULL, false);
	plan_change(plan, o, &ex, exnew, exnew ? exlen : 0, NULL, false);
	plan_change(plan, o, &tp, NULL, 0, NULL, true);
	plan_change(plan, o, &te, NULL, 0, NULL, false);
	if (drop_tr) {
		plan_change(plan, o, &tr, NULL, 0, NULL, false);
		plan_note(plan, "the transport trunkwiz made (%s) goes too: no other trunk uses it",
		          REL_TRANSPORT);
	}
	plan_change(plan, o, &st, NULL, 0, NULL, true);
	rc = 0;
out:
	cur_free(&pj, false);
	cur_free(&ex, false);
	cur_free(&tp, true);
	cur_free(&te, false);
	cur_free(&tr, false);
	cur_free(&st, true);
	paths_free(&P);
	return rc;
}
