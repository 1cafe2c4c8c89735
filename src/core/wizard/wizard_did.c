/* wizard_did.c - the Inbound numbers screen's table (wizard.h): DID routes
 * as items of the answer did_routes, each checked as it is added, with
 * the number it matches in the provider's format. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "trunk/dialplan.h"
#include "trunk/trunk.h"
#include "trunkwiz/wizard.h"
#include "wizard/wizard_priv.h"

size_t tw_wizard_dids(const struct tw_wizard *w, char ***items)
{
	const char *v = tw_trunk_get(w->answers, "did_routes");

	*items = NULL;
	return v && *v ? tw_split_list(v, ',', items) : 0;
}

/* The answers with the profile's defaults decide, as in render. */
static const struct tw_dial_preset *preset(const struct tw_wizard *w)
{
	return tw_trunk_preset_of(w->eff);
}

static enum tw_number_format format(const struct tw_wizard *w)
{
	return tw_trunk_format_of(w->eff);
}

/* Parse a list; the first problem in *err (malloc'd). */
static size_t parse(const struct tw_wizard *w, const char *list, struct tw_did_route **v,
                    char **err)
{
	const char *ictx = tw_wizard_value(w, "inbound_context", NULL);
	struct tw_diags d;
	size_t n;

	tw_diags_init(&d);
	n = tw_did_routes_parse(list, preset(w), format(w), *ictx ? ictx : "default", v, &d);
	if (err && d.n)
		*err = d.v[0].hint ? tw_xasprintf("%s: %s", d.v[0].msg, d.v[0].hint)
		                   : tw_xstrdup(d.v[0].msg);
	tw_diags_clear(&d);
	return n;
}

char *tw_wizard_did_match(const struct tw_wizard *w, const char *item)
{
	struct tw_did_route *v;
	size_t n = parse(w, item, &v, NULL);
	char *m = n ? tw_xstrdup(v[0].match) : NULL;

	tw_did_routes_free(&v, n);
	return m;
}

static void store(struct tw_wizard *w, char **items, size_t n)
{
	struct tw_buf b;
	struct tw_diags d;
	size_t i;

	tw_buf_init(&b);
	tw_buf_adds(&b, "");
	for (i = 0; i < n; i++)
		tw_buf_printf(&b, "%s%s", i ? "," : "", items[i]);
	tw_diags_init(&d);
	if (tw_trunk_set(w->answers, "did_routes", b.data, NULL, 0, &d) < 0)
		tw_fatal("internal: did_routes");
	tw_diags_clear(&d);
	tw_buf_free(&b);
	tw_wiz_refresh(w);
}

int tw_wizard_did_set(struct tw_wizard *w, size_t i, const char *did, const char *dest,
                      char **err)
{
	char **items, *item, *all;
	struct tw_did_route *v;
	size_t n = tw_wizard_dids(w, &items), k, good;
	struct tw_buf b;

	*err = NULL;
	if (!*did || !*dest || strchr(did, ',') || strchr(dest, ',') || strchr(did, ':')) {
		*err = tw_xstrdup("give a number (or _pattern) and a destination EXTEN@CONTEXT, "
		                  "without commas");
		tw_strv_free(&items, n);
		return -1;
	}
	item = tw_xasprintf("%s:%s", did, dest);
	/* the whole list with the item in place: repeats are found too */
	tw_buf_init(&b);
	for (k = 0; k < n || (i >= n && k == n); k++)
		tw_buf_printf(&b, "%s%s", k ? "," : "", k == i || (i >= n && k == n) ? item : items[k]);
	all = tw_buf_steal(&b);
	good = parse(w, all, &v, err);
	tw_did_routes_free(&v, good);
	free(all);
	if (*err) {
		free(item);
		tw_strv_free(&items, n);
		return -1;
	}
	if (i < n) {
		free(items[i]);
		items[i] = item;
	} else {
		items = tw_xrealloc(items, (n + 1) * sizeof(*items));
		items[n++] = item;
	}
	store(w, items, n);
	tw_strv_free(&items, n);
	return 0;
}

void tw_wizard_did_delete(struct tw_wizard *w, size_t i)
{
	char **items;
	size_t n = tw_wizard_dids(w, &items);

	if (i < n) {
		free(items[i]);
		memmove(&items[i], &items[i + 1], (n - i - 1) * sizeof(*items));
		n--;
		store(w, items, n);
	}
	tw_strv_free(&items, n);
}
