/* managed.c - the trunks trunkwiz manages in a config dir: listing them,
 * loading their saved answers, and turning those answers into answers for
 * another provider (install.h). */
#include "config.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "base/file.h"
#include "trunkwiz/install.h"

int tw_install_load(const struct tw_install_opts *o, const char *name,
                    struct tw_trunk *t, struct tw_diags *d)
{
	char *path = tw_install_state_path(o, name);
	struct stat sb;
	int rc;

	if (stat(path, &sb) < 0) {
		tw_diag_at(d, TW_ERROR, NULL, 0, "'trunkwiz list' shows the trunks trunkwiz manages",
		           "no trunk '%s' in %s (no saved answers at %s)", name, o->confdir, path);
		free(path);
		return -1;
	}
	rc = tw_trunk_load_answers(t, path, d);
	free(path);
	return rc;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(((const struct tw_installed *)a)->name,
	              ((const struct tw_installed *)b)->name);
}

/* Does the file at path hold a line "#include ARG"? */
static bool file_includes(const char *path, const char *arg)
{
	char *data;
	size_t len;
	bool found;

	if (tw_file_read(path, &data, &len) < 0)
		return false;
	found = tw_install_has_include(data, len, arg);
	free(data);
	return found;
}

size_t tw_install_list(const struct tw_install_opts *o, struct tw_installed **out)
{
	char *statedir = tw_xasprintf("%s/%s/state", o->confdir, TW_INSTALL_SUBDIR);
	char *pj = tw_xasprintf("%s/pjsip.conf", o->confdir);
	char *ex = tw_xasprintf("%s/extensions.conf", o->confdir);
	DIR *dh = opendir(statedir);
	struct dirent *e;
	struct tw_installed *v = NULL;
	size_t n = 0;

	while (dh && (e = readdir(dh))) {
		size_t len = strlen(e->d_name);
		struct tw_installed *it;
		struct tw_trunk *t;
		struct tw_diags d;
		struct stat s1, s2;
		char *relp, *rele;

		if (e->d_name[0] == '.' || len < 6 || strcmp(e->d_name + len - 5, ".conf") != 0)
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
		it->files = stat(it->pjsip_file, &s1) == 0 && stat(it->ext_file, &s2) == 0;
		it->included = file_includes(pj, relp) && file_includes(ex, rele);
		free(relp);
		free(rele);
	}
	if (dh)
		closedir(dh);
	if (n)
		qsort(v, n, sizeof(*v), name_cmp);
	free(statedir);
	free(pj);
	free(ex);
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

static const char *profile_default(const struct tw_profile *p, const char *key)
{
	size_t i;

	for (i = 0; i < p->ndefaults; i++)
		if (strcmp(p->def_keys[i], key) == 0)
			return p->def_values[i];
	return NULL;
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
	const char *theirs = profile_default(newp, "codecs");
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
