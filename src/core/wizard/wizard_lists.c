/* wizard_lists.c - the wizard's lists: the provider catalog filtered as
 * you type, the codec checklist and the identify list (wizard.h). The
 * lists write through to the answers "codecs" and "identify". */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "trunkwiz/net.h"
#include "validate/schema.h"
#include "trunkwiz/wizard.h"
#include "trunk/trunk.h"
#include "wizard/wizard_priv.h"
#include "base/base.h"
#include "wizard/wizard.h"

/* ---- providers ---- */

static bool contains_word(const struct tw_profile *p, const char *word)
{
	const char *hay[] = { p->id, p->name, p->region, p->auth };
	size_t i;

	for (i = 0; i < TW_ARRAY_LEN(hay); i++)
		if (hay[i] && strcasestr(hay[i], word))
			return true;
	return false;
}

static bool matches(const struct tw_profile *p, const char *filter)
{
	char *copy = tw_xstrdup(filter ? filter : ""), *save = NULL, *word;
	bool ok = true;

	for (word = strtok_r(copy, " \t", &save); word && ok; word = strtok_r(NULL, " \t", &save))
		ok = contains_word(p, word);
	free(copy);
	return ok;
}

size_t tw_wizard_providers(const struct tw_wizard *w, const char *filter,
                           const struct tw_profile ***out)
{
	const struct tw_profile **v = tw_xcalloc(w->profiles->n + 1, sizeof(*v));
	const struct tw_profile *generic = NULL;
	size_t i, n = 0;

	for (i = 0; i < w->profiles->n; i++) {
		const struct tw_profile *p = w->profiles->v[i];

		if (!matches(p, filter))
			continue;
		if (strcmp(p->id, "generic") == 0)
			generic = p;
		else
			v[n++] = p;
	}
	if (generic)
		v[n++] = generic;
	*out = v;
	return n;
}

char *tw_wizard_default_name(const struct tw_wizard *w, const struct tw_profile *p)
{
	char base[64];
	size_t i, k = 0;
	unsigned n;

	for (i = 0; p->id[i] && k < 40; i++)
		if (isalnum((unsigned char)p->id[i]) || p->id[i] == '-' || p->id[i] == '_')
			base[k++] = p->id[i];
	base[k] = '\0';
	if (!k || strcmp(base, "generic") == 0)
		strcpy(base, "trunk");
	for (n = 1;; n++) {
		char *name = n == 1 ? tw_xstrdup(base) : tw_xasprintf("%s%u", base, n);
		bool taken = false;

		for (i = 0; i < w->ntrunks; i++)
			if (strcmp(w->trunks[i].name, name) == 0)
				taken = true;
		if (!taken)
			return name;
		free(name);
	}
}

/* ---- lists: storage ---- */

static size_t split(const char *s, char ***out)
{
	if (!s || !*s) {
		*out = NULL;
		return 0;
	}
	return tw_split_list(s, ',', out);
}

void tw_wiz_lists_free(struct tw_wizard *w)
{
	tw_strv_free(&w->codecs, w->ncodecs);
	free(w->codec_on);
	w->codec_on = NULL;
	w->ncodecs = 0;
	tw_strv_free(&w->ident, w->nident);
	w->nident = 0;
	w->identify_none = false;
}

static bool in_list(char *const *v, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcasecmp(v[i], s) == 0)
			return true;
	return false;
}

static void codec_push(struct tw_wizard *w, const char *name, bool on)
{
	if (!*name || in_list(w->codecs, w->ncodecs, name))
		return;
	w->codecs = tw_xrealloc(w->codecs, (w->ncodecs + 1) * sizeof(*w->codecs));
	w->codec_on = tw_xrealloc(w->codec_on, (w->ncodecs + 1) * sizeof(*w->codec_on));
	w->codecs[w->ncodecs] = tw_xstrdup(name);
	w->codec_on[w->ncodecs++] = on;
}

/* The checklist: the trunk's codecs (ticked, in order), then the rest of
 * the provider's (not ticked). */
void tw_wiz_rebuild_lists(struct tw_wizard *w)
{
	struct tw_trunk *eff = tw_trunk_dup(w->answers);
	char **v;
	size_t n, i, k;

	tw_wiz_lists_free(w);
	/* the admin's own list (saved answers) is the list to edit */
	w->nident = split(tw_trunk_get(w->answers, "identify"), &w->ident);
	if (w->profile)
		tw_profile_apply(w->profile, eff);
	n = split(tw_trunk_get(eff, "codecs"), &v);
	for (i = 0; i < n; i++)
		codec_push(w, v[i], true);
	tw_strv_free(&v, n);
	n = split(tw_profile_default(w->profile, "codecs"), &v);
	for (i = 0; i < n; i++)
		codec_push(w, v[i], false);
	tw_strv_free(&v, n);
	/* then every other codec Asterisk knows: audio first, then video */
	for (k = 0; k < 2; k++) {
		for (i = 0; i < tw_codec_count(); i++) {
			const struct tw_codec *c = tw_codec_at(i);

			if (!c->trunk_warn && !c->removed &&
			    c->media == (k ? TW_MEDIA_VIDEO : TW_MEDIA_AUDIO))
				codec_push(w, c->name, false);
		}
	}
	tw_trunk_free(&eff);
}

/* While the admin has not touched it, the identify list follows the
 * effective answer (e.g. the server, for a profile's ${server}). */
void tw_wiz_sync_ident(struct tw_wizard *w)
{
	if (tw_trunk_is_set(w->answers, "identify") || w->identify_none)
		return;
	tw_strv_free(&w->ident, w->nident);
	w->nident = split(tw_trunk_get(w->eff, "identify"), &w->ident);
}

void tw_wiz_list_checks(const struct tw_wizard *w, struct tw_diags *d)
{
	size_t i, on = 0;

	for (i = 0; i < w->ncodecs; i++)
		on += w->codec_on[i];
	if (w->ncodecs && !on)
		tw_diag_field(d, TW_ERROR, "codecs", "tick at least one codec with Space",
		              "no codecs: the endpoint could not carry any call");
	if (w->identify_none)
		tw_diag_field(d, TW_ERROR, "identify",
		              "add the provider's signalling addresses (a), or resolve the server (r)",
		              "no identify entries: inbound calls from the provider would not be recognised");
}

static void set_answer(struct tw_wizard *w, const char *key, const char *value)
{
	struct tw_diags d;

	tw_diags_init(&d);
	if (tw_trunk_set(w->answers, key, value, NULL, 0, &d) < 0)
		tw_fatal("internal: %s", d.n ? d.v[0].msg : key);
	tw_diags_clear(&d);
}

/* ---- codecs ---- */

static void codecs_write(struct tw_wizard *w)
{
	struct tw_buf b;
	size_t i;

	tw_buf_init(&b);
	for (i = 0; i < w->ncodecs; i++)
		if (w->codec_on[i])
			tw_buf_printf(&b, "%s%s", b.len ? "," : "", w->codecs[i]);
	/* None ticked: the answer stays what it was; the check says why the
	 * trunk cannot be written. */
	if (b.len)
		set_answer(w, "codecs", b.data);
	tw_buf_free(&b);
	tw_wiz_refresh(w);
}

void tw_wizard_codec_toggle(struct tw_wizard *w, size_t i)
{
	if (i >= w->ncodecs)
		return;
	w->codec_on[i] = !w->codec_on[i];
	codecs_write(w);
}

size_t tw_wizard_codec_move(struct tw_wizard *w, size_t i, int delta)
{
	size_t j;
	char *s;
	bool on;

	if (i >= w->ncodecs || (delta < 0 && i == 0) || (delta > 0 && i + 1 >= w->ncodecs))
		return i;
	j = delta < 0 ? i - 1 : i + 1;
	s = w->codecs[i];
	w->codecs[i] = w->codecs[j];
	w->codecs[j] = s;
	on = w->codec_on[i];
	w->codec_on[i] = w->codec_on[j];
	w->codec_on[j] = on;
	codecs_write(w);
	return j;
}

/* ---- identify ---- */

static void ident_write(struct tw_wizard *w)
{
	struct tw_buf b;
	size_t i;

	tw_buf_init(&b);
	for (i = 0; i < w->nident; i++)
		tw_buf_printf(&b, "%s%s", b.len ? "," : "", w->ident[i]);
	w->identify_none = w->nident == 0;
	if (b.len)
		set_answer(w, "identify", b.data);
	else
		set_answer(w, "identify", "");
	tw_buf_free(&b);
	tw_wiz_refresh(w);
}

static int ident_check(const char *item, char **cause)
{
	bool is_host;

	if (!*item)
		tw_fail(cause, "type an IPv4/IPv6 address, a CIDR such as 192.0.2.0/24, or a host name");
	else if (strchr(item, ','))
		tw_fail(cause, "one entry at a time (no commas)");
	else if (tw_check_match_item(item, &is_host, cause))
		return 0;
	return -1;
}

int tw_wizard_ident_add(struct tw_wizard *w, const char *item, char **cause)
{
	if (ident_check(item, cause) < 0)
		return -1;
	if (in_list(w->ident, w->nident, item))
		return 0;
	w->ident = tw_xrealloc(w->ident, (w->nident + 1) * sizeof(*w->ident));
	w->ident[w->nident++] = tw_xstrdup(item);
	ident_write(w);
	return 0;
}

int tw_wizard_ident_edit(struct tw_wizard *w, size_t i, const char *item, char **cause)
{
	if (i >= w->nident)
		return tw_wizard_ident_add(w, item, cause);
	if (ident_check(item, cause) < 0)
		return -1;
	free(w->ident[i]);
	w->ident[i] = tw_xstrdup(item);
	ident_write(w);
	return 0;
}

void tw_wiz_ident_follow(struct tw_wizard *w, const char *old, const char *new_server)
{
	size_t i;
	bool changed = false;

	if (!tw_trunk_is_set(w->answers, "identify") || !*old || tw_strcaseeq(old, new_server))
		return;
	for (i = 0; i < w->nident; i++) {
		if (tw_strcaseeq(w->ident[i], old)) {
			free(w->ident[i]);
			w->ident[i] = tw_xstrdup(new_server);
			changed = true;
		}
	}
	if (changed)
		ident_write(w);
}

void tw_wizard_ident_delete(struct tw_wizard *w, size_t i)
{
	if (i >= w->nident)
		return;
	free(w->ident[i]);
	memmove(&w->ident[i], &w->ident[i + 1], (w->nident - i - 1) * sizeof(*w->ident));
	w->nident--;
	ident_write(w);
}

void tw_wizard_ident_replace(struct tw_wizard *w, char *const *items, size_t n)
{
	size_t i;

	tw_strv_free(&w->ident, w->nident);
	w->nident = 0;
	for (i = 0; i < n; i++) {
		if (in_list(w->ident, w->nident, items[i]))
			continue;
		w->ident = tw_xrealloc(w->ident, (w->nident + 1) * sizeof(*w->ident));
		w->ident[w->nident++] = tw_xstrdup(items[i]);
	}
	ident_write(w);
}

void tw_wizard_ident_compare(const struct tw_wizard *w, char *const *items, size_t n,
                             const char ***added, size_t *nadded,
                             const char ***removed, size_t *nremoved)
{
	size_t i;

	*added = tw_xcalloc(n + 1, sizeof(**added));
	*removed = tw_xcalloc(w->nident + 1, sizeof(**removed));
	*nadded = *nremoved = 0;
	for (i = 0; i < n; i++)
		if (!in_list(w->ident, w->nident, items[i]))
			(*added)[(*nadded)++] = items[i];
	for (i = 0; i < w->nident; i++)
		if (!in_list(items, n, w->ident[i]))
			(*removed)[(*nremoved)++] = w->ident[i];
}
