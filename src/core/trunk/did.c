/* did.c - DID routes (dialplan.h): inbound numbers (or patterns) to an
 * extension in a context, as the answer did_routes=DID:EXTEN@CONTEXT,...
 * A number is rewritten into the format the provider uses, so the inbound
 * context matches what arrives. Every part is checked against a narrow
 * character set: nothing an answer says becomes dialplan code. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "trunk/dialplan.h"
#include "trunkwiz/trunk.h"
#include "trunkwiz/validate.h"
#include "base/base.h"
#include "validate/validate.h"

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

static bool exten_chars(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= 'A' && *s <= 'Z') || strchr("*#+-", *s)))
			return false;
	return true;
}

/* A pattern: '_' then digits, X N Z, '.', '!', '+', '-' and [sets]. */
static bool pattern_chars(const char *s)
{
	if (s[0] != '_' || !s[1])
		return false;
	for (s++; *s; s++)
		if (!((*s >= '0' && *s <= '9') || strchr("XNZxnz.![]-+", *s)))
			return false;
	return true;
}

/* A number as typed (+CC..., or national) -> international digits (no
 * '+'), or NULL with *err. */
static char *to_international(const char *did, const struct tw_dial_preset *p,
                              char **err)
{
	const char *cc = p ? p->country_code : "";
	size_t len;

	if (did[0] == '+') {
		if (!all_digits(did + 1)) {
			(void)tw_fail(err, "%s", "after '+' give only digits, e.g. +12125551234");
			return NULL;
		}
		return tw_xstrdup(did + 1);
	}
	if (!all_digits(did)) {
		(void)tw_fail(err, "%s", "give the number as digits (+12125551234 or 2125551234), "
		              "or a pattern starting with _ such as _21255512XX");
		return NULL;
	}
	len = strlen(did);
	if (!*cc)
		return tw_xstrdup(did);      /* e164 preset: already international */
	if (strcmp(cc, "1") == 0) {
		if (len == 10 && did[0] >= '2')
			return tw_xasprintf("1%s", did);
		if (len == 11 && did[0] == '1')
			return tw_xstrdup(did);
		(void)tw_fail(err, "%s", "a North American number has 10 digits (2125551234) "
		              "or 11 with the 1");
		return NULL;
	}
	if (did[0] == '0' && len > 4)
		return tw_xasprintf("%s%s", cc, did + 1);
	if (strncmp(did, cc, strlen(cc)) == 0 && len > strlen(cc) + 4)
		return tw_xstrdup(did);
	(void)tw_fail(err, "%s", "give the number with its leading 0 or as +country code "
	              "and number");
	return NULL;
}

/* International digits -> what the provider sends in format f. */
static char *to_format(const char *intl, const struct tw_dial_preset *p,
                       enum tw_number_format f, char **err)
{
	const char *cc = p ? p->country_code : "";
	size_t cl = strlen(cc);

	switch (f) {
	case TW_NUM_E164:
		return tw_xasprintf("+%s", intl);
	case TW_NUM_E164_NOPLUS:
	case TW_NUM_IDD:       /* numbers at home come as <cc><number> */
		return tw_xstrdup(intl);
	case TW_NUM_NATIONAL:
		if (!*cc)
			return tw_xstrdup(intl);
		if (strncmp(intl, cc, cl) != 0) {
			(void)tw_fail(err, "%s", "the provider sends national numbers "
			              "(number_format=national) of the preset's country: give a "
			              "number of that country, or a pattern");
			return NULL;
		}
		return strcmp(cc, "1") == 0 ? tw_xstrdup(intl + cl)
		                             : tw_xasprintf("0%s", intl + cl);
	}
	return NULL;
}

static int parse_item(const char *item, const struct tw_dial_preset *p,
                      enum tw_number_format f, const char *def_ctx,
                      struct tw_did_route *r, char **err)
{
	const char *colon = strchr(item, ':'), *at;
	char *did, *intl;

	memset(r, 0, sizeof(*r));
	if (!colon || colon == item) {
		(void)tw_fail(err, "%s", "write each route as DID:EXTENSION@CONTEXT, "
		              "e.g. +12125551234:100@from-internal");
		return -1;
	}
	did = tw_xstrndup(item, (size_t)(colon - item));
	at = strchr(colon + 1, '@');
	r->did = did;
	r->exten = at ? tw_xstrndup(colon + 1, (size_t)(at - colon - 1)) : tw_xstrdup(colon + 1);
	r->context = tw_xstrdup(at ? at + 1 : def_ctx);
	if (!exten_chars(r->exten)) {
		(void)tw_fail(err, "%s", "the extension is letters, digits, * # + or - "
		              "(e.g. 100 or s)");
		return -1;
	}
	if (!tw_check_name(r->context, err))
		return -1;
	if (did[0] == '_') {
		if (!pattern_chars(did)) {
			(void)tw_fail(err, "%s", "a pattern is _ then digits, X, N, Z, [ranges], . or !");
			return -1;
		}
		r->match = tw_xstrdup(did);
		return 0;
	}
	intl = to_international(did, p, err);
	if (!intl)
		return -1;
	r->match = to_format(intl, p, f, err);
	free(intl);
	return r->match ? 0 : -1;
}

static void route_clear(struct tw_did_route *r)
{
	free(r->did);
	free(r->match);
	free(r->exten);
	free(r->context);
	memset(r, 0, sizeof(*r));
}

size_t tw_did_routes_parse(const char *list, const struct tw_dial_preset *p,
                           enum tw_number_format f, const char *def_ctx,
                           struct tw_did_route **out, struct tw_diags *d)
{
	struct tw_did_route *v;
	char **items;
	size_t n, i, j, k = 0;

	*out = NULL;
	if (!list || !*list)
		return 0;
	n = tw_split_list(list, ',', &items);
	v = tw_xcalloc(n + 1, sizeof(*v));
	for (i = 0; i < n; i++) {
		char *err = NULL;
		bool dup = false;

		if (parse_item(items[i], p, f, def_ctx, &v[k], &err) < 0) {
			tw_diag_field(d, TW_ERROR, "did_routes", err, "DID route '%s' is not usable",
			              items[i]);
			free(err);
			route_clear(&v[k]);
			continue;
		}
		for (j = 0; j < k && !dup; j++)
			dup = strcmp(v[j].match, v[k].match) == 0;
		if (dup) {
			tw_diag_field(d, TW_ERROR, "did_routes", "list each number once",
			              "DID %s is routed twice (as %s)", v[k].did, v[k].match);
			route_clear(&v[k]);
			continue;
		}
		k++;
	}
	tw_strv_free(&items, n);
	if (!k) {
		free(v);
		return 0;
	}
	*out = v;
	return k;
}

void tw_did_routes_free(struct tw_did_route **v, size_t n)
{
	size_t i;

	if (!v || !*v)
		return;
	for (i = 0; i < n; i++)
		route_clear(&(*v)[i]);
	free(*v);
	*v = NULL;
}
