/* managed.c - the trunks trunkwiz manages in a config dir: listing them,
 * loading their saved answers, and turning those answers into answers for
 * another provider (install.h). */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/file.h"
#include "trunkwiz/install.h"
#include "base/base.h"
#include "install/install.h"
#include "trunk/trunk.h"
#include "validate/validate.h"

int tw_install_check_name(const char *name, struct tw_diags *d)
{
	char *cause = NULL;

	if (name && tw_check_name(name, &cause))
		return 0;
	tw_diag_at(d, TW_ERROR, NULL, 0, "'trunkwiz list' shows the trunks trunkwiz manages",
	           "'%s' is not a trunk name: %s", name ? name : "", cause ? cause : "no name");
	free(cause);
	return -1;
}

/* DIR, DIR/trunkwiz and its state/, checked; fd -1 when missing. */
static int open_state_dir(const struct tw_install_opts *o, struct tw_dir *conf,
                          struct tw_dir *own, struct tw_dir *state, struct tw_diags *d)
{
	if (tw_dir_open(conf, o->confdir, d) < 0 ||
	    tw_dir_open_owned(own, conf, TW_INSTALL_SUBDIR, false, 0, (gid_t)-1, d) < 0 ||
	    tw_dir_open_owned(state, own, "state", false, 0, (gid_t)-1, d) < 0)
		return -1;
	return 0;
}

static void close_state_dir(struct tw_dir *conf, struct tw_dir *own, struct tw_dir *state)
{
	tw_dir_close(state);
	tw_dir_close(own);
	tw_dir_close(conf);
}

int tw_install_load(const struct tw_install_opts *o, const char *name,
                    struct tw_trunk *t, struct tw_diags *d)
{
	struct tw_dir conf = TW_DIR_INIT, own = TW_DIR_INIT, state = TW_DIR_INIT;
	char *path, *file = NULL, *data = NULL;
	size_t len = 0;
	int rc = -1, e = ENOENT;

	if (tw_install_check_name(name, d) < 0)
		return -1;
	path = tw_install_state_path(o, name);
	if (open_state_dir(o, &conf, &own, &state, d) < 0)
		goto out;
	file = tw_xasprintf("%s.conf", name);
	if (state.fd < 0 || tw_file_readat(&state, file, &data, &len, NULL) < 0) {
		e = state.fd < 0 ? ENOENT : errno;
		if (e == ENOENT)
			tw_diag_at(d, TW_ERROR, NULL, 0,
			           "'trunkwiz list' shows the trunks trunkwiz manages",
			           "no trunk '%s' in %s (no saved answers at %s)", name, o->confdir, path);
		else
			tw_diag_at(d, TW_ERROR, path, 0,
			           e == ELOOP ? "remove the link; 'trunkwiz edit' cannot use it" : NULL,
			           "cannot read the saved answers: %s",
			           e == ELOOP ? "a symbolic link, which trunkwiz never follows here"
			           : e == TW_ENOTREG ? "not a regular file" : strerror(e));
		goto out;
	}
	rc = tw_trunk_parse_answers(t, path, data, len, d);
out:
	if (data)
		tw_wipe(data, len);
	free(data);
	free(file);
	free(path);
	close_state_dir(&conf, &own, &state);
	return rc;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(((const struct tw_installed *)a)->name,
	              ((const struct tw_installed *)b)->name);
}

/* The file that carries the include lines of kind (pjsip or extensions):
 * NAME.conf, or the file a PBX distribution leaves to the admin (FreePBX:
 * NAME_custom.conf), read whole; "" when it cannot be read. */
static char *host_text(const char *confdir, const struct tw_distro *dist, bool pjsip,
                       size_t *len)
{
	const char *host = dist ? (pjsip ? dist->pjsip_host : dist->ext_host) : NULL;
	char *path = tw_xasprintf("%s/%s", confdir,
	                          host ? host : pjsip ? "pjsip.conf" : "extensions.conf");
	char *data;

	if (tw_file_read(path, &data, len) < 0) {
		data = tw_xstrdup("");
		*len = 0;
	}
	free(path);
	return data;
}

size_t tw_install_list(const struct tw_install_opts *o, struct tw_installed **out)
{
	struct tw_dir conf = TW_DIR_INIT, own = TW_DIR_INIT, state = TW_DIR_INIT;
	struct tw_distro *dist = tw_distro_detect(o->confdir);
	size_t pjlen, exlen;
	char *pj = host_text(o->confdir, dist, true, &pjlen);
	char *ex = host_text(o->confdir, dist, false, &exlen);
	struct tw_diags dd;
	DIR *dh = NULL;
	struct dirent *e;
	struct tw_installed *v = NULL;
	size_t n = 0;

	/* a directory not as it must be lists nothing ('apply' says why) */
	tw_diags_init(&dd);
	if (open_state_dir(o, &conf, &own, &state, &dd) == 0)
		dh = tw_dir_list(&state);
	tw_diags_clear(&dd);

	while (dh && (e = readdir(dh))) {
		size_t len = strlen(e->d_name);
		struct tw_installed *it;
		struct tw_trunk *t;
		struct tw_diags d;
		struct stat s1, s2;
		char *relp, *rele;

		if (e->d_name[0] == '.' || len < 6 || strcmp(e->d_name + len - 5, ".conf") != 0)
			continue;
		if (e->d_type != DT_REG && e->d_type != DT_UNKNOWN)
			continue;
		v = tw_xrealloc(v, (n + 1) * sizeof(*v));
		it = &v[n++];
		memset(it, 0, sizeof(*it));
		it->name = tw_xstrndup(e->d_name, len - 5);
		t = tw_trunk_new();
		tw_diags_init(&d);
		if (tw_install_load(o, it->name, t, &d) == 0 && tw_trunk_get(t, "provider"))
			it->provider = tw_xstrdup(tw_trunk_get(t, "provider"));
		tw_diags_clear(&d);
		tw_trunk_free(&t);
		relp = tw_xasprintf("%s/%s-pjsip.conf", TW_INSTALL_SUBDIR, it->name);
		rele = tw_xasprintf("%s/%s-extensions.conf", TW_INSTALL_SUBDIR, it->name);
		it->pjsip_file = tw_xasprintf("%s/%s", o->confdir, relp);
		it->ext_file = tw_xasprintf("%s/%s", o->confdir, rele);
		it->files = fstatat(own.fd, relp + strlen(TW_INSTALL_SUBDIR "/"), &s1,
		                    AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(s1.st_mode) &&
		            fstatat(own.fd, rele + strlen(TW_INSTALL_SUBDIR "/"), &s2,
		                    AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(s2.st_mode);
		it->included = tw_install_has_include(pj, pjlen, relp) &&
		               tw_install_has_include(ex, exlen, rele);
		free(relp);
		free(rele);
	}
	if (dh)
		closedir(dh);
	close_state_dir(&conf, &own, &state);
	if (n)
		qsort(v, n, sizeof(*v), name_cmp);
	free(pj);
	free(ex);
	tw_distro_free(&dist);
	*out = v;
	return n;
}

void tw_installed_free(struct tw_installed **vp, size_t n)
{
	struct tw_installed *v = *vp;
	size_t i;

	for (i = 0; v && i < n; i++) {
		free(v[i].name);
		free(v[i].provider);
		free(v[i].pjsip_file);
		free(v[i].ext_file);
	}
	free(v);
	*vp = NULL;
}

/* The codecs of list that the provider's codec list also has, in the
 * order of list; NULL when none. */
static char *common_codecs(const char *list, const char *provider)
{
	char **a, **b;
	size_t na = tw_split_list(list, ',', &a), nb = tw_split_list(provider, ',', &b), i, k;
	struct tw_buf out;

	tw_buf_init(&out);
	for (i = 0; i < na; i++)
		for (k = 0; k < nb; k++)
			if (*a[i] && strcasecmp(a[i], b[k]) == 0) {
				tw_buf_printf(&out, "%s%s", out.len ? "," : "", a[i]);
				break;
			}
	tw_strv_free(&a, na);
	tw_strv_free(&b, nb);
	if (!out.len) {
		tw_buf_free(&out);
		return NULL;
	}
	return tw_buf_steal(&out);
}

static void clear(struct tw_trunk *t, const char *key)
{
	struct tw_diags d;

	tw_diags_init(&d);
	if (tw_trunk_set(t, key, "", NULL, 0, &d) < 0)
		tw_fatal("internal: cannot clear %s", key);
	tw_diags_clear(&d);
}

void tw_install_switch_answers(struct tw_trunk *t, const struct tw_profile *newp,
                               struct tw_diags *d)
{
	static const char *const credentials[] = { "username", "password", "auth_username" };
	const struct tw_trunk_key *keys;
	char *old = tw_trunk_get(t, "provider") ? tw_xstrdup(tw_trunk_get(t, "provider")) : NULL;
	char *mine = tw_trunk_get(t, "codecs") ? tw_xstrdup(tw_trunk_get(t, "codecs")) : NULL;
	const char *theirs = tw_profile_default(newp, "codecs");
	char *codecs = NULL;
	size_t n, i;
	struct tw_buf gone;

	tw_buf_init(&gone);
	if (mine && *mine && theirs)
		codecs = common_codecs(mine, theirs);
	else if (mine && *mine)
		codecs = tw_xstrdup(mine);
	keys = tw_trunk_keys(&n);
	for (i = 0; i < n; i++) {
		const char *v = tw_trunk_get(t, keys[i].name);

		if (!keys[i].provider_owned || !v || !*v)
			continue;
		if (strcmp(keys[i].name, "codecs") != 0)
			tw_buf_printf(&gone, "%s%s", gone.len ? ", " : "", keys[i].name);
		clear(t, keys[i].name);
	}
	for (i = 0; i < TW_ARRAY_LEN(credentials); i++) {
		const char *v = tw_trunk_get(t, credentials[i]);

		if (v && *v) {
			tw_buf_printf(&gone, "%s%s", gone.len ? ", " : "", credentials[i]);
			clear(t, credentials[i]);
		}
	}
	if (codecs) {
		if (tw_trunk_set(t, "codecs", codecs, NULL, 0, d) < 0)
			tw_fatal("internal: cannot set codecs");
		if (mine && strcmp(codecs, mine) != 0)
			tw_diag_field(d, TW_NOTE, "codecs", NULL,
			              "codecs %s: %s does not offer the others of %s", codecs,
			              newp->name, mine);
	} else if (mine && *mine) {
		tw_diag_field(d, TW_NOTE, "codecs", NULL,
		              "none of the codecs %s is offered by %s: its defaults apply", mine,
		              newp->name);
	}
	if (tw_trunk_set(t, "provider", newp->id, NULL, 0, d) < 0)
		tw_fatal("internal: cannot set the provider");
	if (gone.len)
		tw_diag_field(d, TW_NOTE, "provider", NULL,
		              "switching from %s to %s: the answers of the old provider (%s) are "
		              "replaced by %s's", old ? old : "(none)", newp->id, gone.data, newp->id);
	tw_buf_free(&gone);
	free(codecs);
	free(mine);
	free(old);
}
