/* profile_catalog.c - what is done with loaded profiles (profile.h):
 * applying a profile's defaults to a trunk, matching it against the
 * provider list's filter and an auth mode, and the catalog: every <id>.conf
 * of several dirs, or one id only (a later dir overrides an id; a broken
 * profile is reported as warnings and skipped), and lookup by id. */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "trunkwiz/trunk.h"
#include "trunk/profile_priv.h"
#include "trunk/trunk.h"

/* Expand ${server} and ${username} in a profile default. */
static char *expand(const char *v, const struct tw_trunk *t)
{
	static const char *const vars[] = { "server", "username" };
	struct tw_buf b;
	const char *p = v;

	tw_buf_init(&b);
	while (*p) {
		size_t i;
		bool done = false;

		for (i = 0; i < TW_ARRAY_LEN(vars) && !done; i++) {
			char pat[32];
			size_t n = (size_t)snprintf(pat, sizeof(pat), "${%s}", vars[i]);

			if (strncmp(p, pat, n) == 0) {
				const char *val = tw_trunk_get(t, vars[i]);

				tw_buf_adds(&b, val ? val : "");
				p += n;
				done = true;
			}
		}
		if (!done)
			tw_buf_addc(&b, *p++);
	}
	return tw_buf_steal(&b);
}

/* The profile's port is for its default transport: when the admin picks
 * another, the standard port of that one applies (5061 for TLS), and
 * TLS brings SRTP (SDES) where the provider offers it. */
static void apply_transport(const struct tw_profile *p, struct tw_trunk *t)
{
	bool tls = tw_trunk_transport(t) == TW_TRANSPORT_TLS;
	const char *port = tw_trunk_get(t, "port");

	if (port && !tw_trunk_is_given(t, "port")) {
		if (tls && strcmp(port, "5060") == 0)
			tw_trunk_replace_default(t, "port", "5061");
		else if (!tls && strcmp(port, "5061") == 0)
			tw_trunk_replace_default(t, "port", "5060");
	}
	if (tls && p->srtp && (tw_strcaseeq(p->srtp, "yes") || tw_strcaseeq(p->srtp, "required")))
		tw_trunk_default(t, "media_encryption", "sdes");
}

void tw_profile_apply(const struct tw_profile *p, struct tw_trunk *t)
{
	size_t i;
	char *modes;

	tw_trunk_default(t, "provider", p->id);
	tw_profile_apply_region(p, t);
	if (p->nservers)
		tw_trunk_default(t, "server", p->servers[0].host);
	modes = tw_xstrdup(p->auth);
	modes[strcspn(modes, ",")] = '\0';
	tw_trunk_default(t, "auth", tw_strtrim(modes));
	free(modes);
	/* Plain defaults first, then those that refer to other answers. */
	for (i = 0; i < p->ndefaults; i++)
		if (!strstr(p->def_values[i], "${"))
			tw_trunk_default(t, p->def_keys[i], p->def_values[i]);
	for (i = 0; i < p->ndefaults; i++) {
		if (strstr(p->def_values[i], "${")) {
			char *v = expand(p->def_values[i], t);

			tw_trunk_default(t, p->def_keys[i], v);
			free(v);
		}
	}
	apply_transport(p, t);
}

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Does word start one of the words of text (case ignored)? */
static bool starts_a_word(const char *text, const char *word)
{
	size_t n = strlen(word);
	const char *t;

	for (t = text; *t; t++)
		if ((t == text || !is_alnum(t[-1])) && strncasecmp(t, word, n) == 0)
			return true;
	return false;
}

static bool in_comma_list(const char *list, const char *word)
{
	char **items;
	size_t n = list ? tw_split_list(list, ',', &items) : 0, i;
	bool found = false;

	for (i = 0; i < n; i++)
		if (strcasecmp(items[i], word) == 0)
			found = true;
	if (list)
		tw_strv_free(&items, n);
	return found;
}

bool tw_profile_matches(const struct tw_profile *p, const char *word)
{
	if (!word || !*word)
		return true;
	return starts_a_word(p->id, word) || (p->name && starts_a_word(p->name, word)) ||
	       in_comma_list(p->region, word) || in_comma_list(p->auth, word);
}

bool tw_profile_offers_auth(const struct tw_profile *p, enum tw_auth_mode m)
{
	char **modes;
	size_t n, i;
	bool found = false;

	n = tw_split_list(p->auth, ',', &modes);
	for (i = 0; i < n; i++)
		if (tw_auth_mode_parse(modes[i]) == (int)m)
			found = true;
	tw_strv_free(&modes, n);
	return found;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void profiles_put(struct tw_profiles *ps, struct tw_profile *p)
{
	size_t i;

	for (i = 0; i < ps->n; i++) {
		if (strcmp(ps->v[i]->id, p->id) == 0) {
			tw_profile_free(&ps->v[i]);
			ps->v[i] = p;
			return;
		}
	}
	ps->v = tw_xrealloc(ps->v, (ps->n + 1) * sizeof(*ps->v));
	ps->v[ps->n++] = p;
}

/* Load one profile file into ps; a broken one is reported as warnings
 * and skipped. */
static void load_file(struct tw_profiles *ps, const char *path, struct tw_diags *d)
{
	struct tw_diags pd;
	struct tw_profile *p;
	size_t k;

	tw_diags_init(&pd);
	p = tw_profile_load(path, &pd);
	/* A broken profile never stops the others: report it, skip it. */
	for (k = 0; k < pd.n; k++)
		if (pd.v[k].sev == TW_ERROR)
			pd.v[k].sev = TW_WARNING;
	if (!p)
		tw_diag_at(&pd, TW_WARNING, path, 0, "run 'trunkwiz providers check' on it",
		           "profile skipped");
	tw_diags_move(d, &pd);
	if (p)
		profiles_put(ps, p);
}

static void load_dir(struct tw_profiles *ps, const char *dir, struct tw_diags *d)
{
	DIR *dh = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, i;

	if (!dh)
		return;
	while ((e = readdir(dh))) {
		size_t len = strlen(e->d_name);

		if (len > 5 && strcmp(e->d_name + len - 5, ".conf") == 0 && e->d_name[0] != '.') {
			names = tw_xrealloc(names, (n + 1) * sizeof(*names));
			names[n++] = tw_xstrdup(e->d_name);
		}
	}
	closedir(dh);
	qsort(names, n, sizeof(*names), name_cmp);
	for (i = 0; i < n; i++) {
		char *path = tw_xasprintf("%s/%s", dir, names[i]);

		load_file(ps, path, d);
		free(path);
	}
	tw_strv_free(&names, n);
}

static int profile_cmp(const void *a, const void *b)
{
	const struct tw_profile *pa = *(const struct tw_profile *const *)a;
	const struct tw_profile *pb = *(const struct tw_profile *const *)b;

	return strcmp(pa->id, pb->id);
}

void tw_profiles_load(struct tw_profiles *ps, const char *const *dirs, size_t ndirs,
                      struct tw_diags *d)
{
	size_t i;

	ps->v = NULL;
	ps->n = 0;
	for (i = 0; i < ndirs; i++)
		load_dir(ps, dirs[i], d);
	if (ps->n)
		qsort(ps->v, ps->n, sizeof(*ps->v), profile_cmp);
}

void tw_profiles_load_id(struct tw_profiles *ps, const char *const *dirs, size_t ndirs,
                         const char *id, struct tw_diags *d)
{
	size_t i;

	ps->v = NULL;
	ps->n = 0;
	if (!tw_profile_valid_id(id))
		return;
	for (i = 0; i < ndirs; i++) {
		char *path = tw_xasprintf("%s/%s.conf", dirs[i], id);

		if (access(path, F_OK) == 0)
			load_file(ps, path, d);
		free(path);
	}
}

const struct tw_profile *tw_profiles_find(const struct tw_profiles *ps, const char *id)
{
	size_t i;

	for (i = 0; i < ps->n; i++)
		if (strcmp(ps->v[i]->id, id) == 0)
			return ps->v[i];
	return NULL;
}

void tw_profiles_free(struct tw_profiles *ps)
{
	size_t i;

	for (i = 0; i < ps->n; i++)
		tw_profile_free(&ps->v[i]);
	free(ps->v);
	ps->v = NULL;
	ps->n = 0;
}
