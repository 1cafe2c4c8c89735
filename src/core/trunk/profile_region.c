/* profile_region.c - a provider's regions (profile.h): the labels of its
 * server and region_identify lines, which region a trunk is in, the
 * defaults that follow the region (server, identify) and the checks of the
 * region answer; and the age of a profile's sources. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "trunkwiz/conf.h"
#include "trunkwiz/net.h"
#include "trunkwiz/trunk.h"
#include "trunk/profile_priv.h"
#include "trunk/trunk.h"

static bool in_vec(const char **v, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

const char **tw_profile_regions(const struct tw_profile *p, size_t *n)
{
	const char **v = tw_xcalloc(p->nservers + p->nregion_idents + 1, sizeof(*v));
	size_t i;

	*n = 0;
	for (i = 0; i < p->nservers; i++)
		if (!in_vec(v, *n, p->servers[i].region))
			v[(*n)++] = p->servers[i].region;
	for (i = 0; i < p->nregion_idents; i++)
		if (!in_vec(v, *n, p->region_idents[i].region))
			v[(*n)++] = p->region_idents[i].region;
	return v;
}

bool tw_profile_has_region(const struct tw_profile *p, const char *region)
{
	size_t n;
	const char **v = tw_profile_regions(p, &n);
	bool found = region && in_vec(v, n, region);

	free(v);
	return found;
}

const char *tw_profile_region_identify(const struct tw_profile *p, const char *region)
{
	size_t i;

	for (i = 0; region && i < p->nregion_idents; i++)
		if (strcmp(p->region_idents[i].region, region) == 0)
			return p->region_idents[i].identify;
	return NULL;
}

/* The region of one of the profile's servers (host names ignore case). */
static const char *region_of_host(const struct tw_profile *p, const char *host)
{
	size_t i;

	for (i = 0; i < p->nservers; i++)
		if (tw_strcaseeq(p->servers[i].host, host))
			return p->servers[i].region;
	return NULL;
}

static const char *answer(const struct tw_trunk *t, const char *key)
{
	const char *v = tw_trunk_get(t, key);

	return v && *v ? v : NULL;
}

const char *tw_profile_trunk_region(const struct tw_profile *p, const struct tw_trunk *t)
{
	const char *server = answer(t, "server"), *region = answer(t, "region"), *r;
	const char **v;
	size_t n;

	/* The server the trunk talks to decides, unless it is a profile's
	 * default and the admin named a region. */
	if (server && (tw_trunk_is_given(t, "server") || !region) &&
	    (r = region_of_host(p, server)) != NULL)
		return r;
	v = tw_profile_regions(p, &n);
	r = NULL;
	if (region) {
		size_t i;

		for (i = 0; i < n; i++)
			if (strcmp(v[i], region) == 0)
				r = v[i];
	} else if (n) {
		r = v[0];
	}
	free(v);
	return r;
}

void tw_profile_apply_region(const struct tw_profile *p, struct tw_trunk *t)
{
	const char *r = tw_profile_trunk_region(p, t), *ident;
	size_t i;

	if (!r)
		return;
	tw_trunk_default(t, "region", r);
	for (i = 0; i < p->nservers; i++)
		if (strcmp(p->servers[i].region, r) == 0) {
			tw_trunk_default(t, "server", p->servers[i].host);
			break;
		}
	ident = tw_profile_region_identify(p, r);
	if (ident)
		tw_trunk_default(t, "identify", ident);
}

void tw_profile_check_region(const struct tw_profile *p, const struct tw_trunk *t,
                             struct tw_diags *d)
{
	const char *region = answer(t, "region"), *server = answer(t, "server"), *r;
	const char **v;
	struct tw_buf list;
	size_t n, i;

	if (!region || !tw_trunk_is_given(t, "region"))
		return;
	if (!p) {
		tw_diag_field(d, TW_ERROR, "region", "choose a provider (provider=ID), or leave region out",
		              "region=%s needs a provider profile", region);
		return;
	}
	v = tw_profile_regions(p, &n);
	tw_buf_init(&list);
	for (i = 0; i < n; i++)
		tw_buf_printf(&list, "%s%s", i ? ", " : "", v[i]);
	if (n == 0)
		tw_diag_field(d, TW_ERROR, "region", "leave region out",
		              "%s has no regions to choose from", p->name);
	else if (!in_vec(v, n, region))
		tw_diag_field(d, TW_ERROR, "region", list.data, "%s has no region '%s'", p->name,
		              region);
	else if (server && tw_trunk_is_given(t, "server") && (r = region_of_host(p, server)) &&
	         strcmp(r, region) != 0)
		tw_diag_field(d, TW_WARNING, "region", "leave region out, or give a server of that region",
		              "server %s is in %s's region '%s', not '%s': the server's region applies",
		              server, p->name, r, region);
	tw_buf_free(&list);
	free(v);
}

/* [provider] region_identify = REGION:LIST. */
int tw_profile_add_region_ident(struct tw_profile *p, const struct tw_conf_option *o,
                          struct tw_diags *d)
{
	const char *colon = strchr(o->value, ':');
	struct tw_profile_region_ident *ri;
	char **items;
	size_t n, i, k;
	int rc = 0;

	if (!colon || colon == o->value || !colon[1] ||
	    !tw_profile_lower_label(o->value, (size_t)(colon - o->value))) {
		tw_diag_at(d, TW_ERROR, o->file, o->line,
		           "write region_identify = REGION:ADDRESS[,ADDRESS..], e.g. us:192.0.2.10,192.0.2.0/28",
		           "region_identify '%s' is not REGION:LIST", o->value);
		return -1;
	}
	n = tw_split_list(colon + 1, ',', &items);
	for (i = 0; i < n; i++) {
		struct tw_net net;
		char *why = NULL;

		if (tw_net_parse(items[i], &net, &why) < 0) {
			tw_diag_at(d, TW_ERROR, o->file, o->line, "list IPv4/IPv6 addresses or CIDRs",
			           "region_identify: '%s' is not an address or CIDR%s%s", items[i],
			           why ? ": " : "", why ? why : "");
			rc = -1;
		}
		free(why);
	}
	tw_strv_free(&items, n);
	for (k = 0; k < p->nregion_idents; k++)
		if (strncmp(p->region_idents[k].region, o->value, (size_t)(colon - o->value)) == 0 &&
		    p->region_idents[k].region[colon - o->value] == '\0') {
			tw_diag_at(d, TW_ERROR, o->file, o->line, "one line per region",
			           "region_identify: region '%s' given twice (line %u)",
			           p->region_idents[k].region, p->region_idents[k].line);
			rc = -1;
		}
	if (rc < 0)
		return -1;
	p->region_idents = tw_xrealloc(p->region_idents,
	                               (p->nregion_idents + 1) * sizeof(*p->region_idents));
	ri = &p->region_idents[p->nregion_idents++];
	ri->region = tw_xstrndup(o->value, (size_t)(colon - o->value));
	ri->identify = tw_xstrdup(colon + 1);
	ri->line = o->line;
	return 0;
}

/* Days since 1970-01-01 of a YYYY-MM-DD date, or -1. */
static long days_of(const char *s)
{
	int y, m, dd;
	char extra;

	if (!s || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &dd, &extra) != 3 || m < 1 || m > 12 ||
	    dd < 1 || dd > 31)
		return -1;
	/* Howard Hinnant's days_from_civil. */
	y -= m <= 2;
	{
		long era = (y >= 0 ? y : y - 399) / 400;
		unsigned yoe = (unsigned)(y - era * 400);
		unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1);
		unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

		return era * 146097 + (long)doe - 719468;
	}
}

bool tw_profile_check_age(const struct tw_profile *p, const char *today, struct tw_diags *d)
{
	char now[16];
	long age;

#ifdef TW_TEST_HOOKS
	/* Test builds: TRUNKWIZ_TODAY (YYYY-MM-DD) stands in for the date. */
	if (!today && (today = getenv("TRUNKWIZ_TODAY")) != NULL && !*today)
		today = NULL;
#endif
	if (!today) {
		time_t tt = time(NULL);
		struct tm tm;

		if (!gmtime_r(&tt, &tm) || strftime(now, sizeof(now), "%Y-%m-%d", &tm) == 0)
			return false;
		today = now;
	}
	if (!p->verified || days_of(p->verified) < 0 || days_of(today) < 0)
		return false;
	age = days_of(today) - days_of(p->verified);
	if (age <= 365)
		return false;
	tw_diag_at(d, TW_WARNING, p->path, 0,
	           "check each fact against the source named beside it, then update verified",
	           "the profile's sources were verified %s, %ld days ago: more than a year",
	           p->verified, age);
	return true;
}
