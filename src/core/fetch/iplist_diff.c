/* iplist_diff.c - comparing a provider's published address list with a
 * profile's identify list (fetch.h, tw_iplist_diff). */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "trunkwiz/fetch.h"
#include "trunkwiz/net.h"
#include "fetch/fetch.h"
#include "net/net.h"

/* Copy the first max strings v[i] where keep[i] into l; the count of
 * all of them. */
static size_t push_kept(struct tw_iplist *l, char *const *v, const bool *keep, size_t n,
                        size_t max)
{
	size_t i, k, all = 0;

	for (i = 0; i < n; i++)
		all += keep[i];
	k = all < max ? all : max;
	l->v = k ? tw_xmalloc(k * sizeof(*l->v)) : NULL;
	for (i = 0; i < n && l->n < k; i++)
		if (keep[i])
			l->v[l->n++] = tw_xstrdup(v[i]);
	return all;
}

/* One pass over the list: each entry is parsed once and compared with
 * the (few) identify entries, so a long list costs linear time. */
void tw_iplist_diff_max(const struct tw_iplist *list, const char *identify, size_t max,
                        struct tw_iplist *added, struct tw_iplist *gone,
                        size_t *nadded, size_t *ngone)
{
	char **items = NULL;
	size_t nitems = identify ? tw_split_list(identify, ',', &items) : 0;
	struct tw_net *inets = tw_xcalloc(nitems + 1, sizeof(*inets));
	bool *is_addr = tw_xcalloc(nitems + 1, sizeof(*is_addr));
	bool *covered = tw_xcalloc(nitems + 1, sizeof(*covered));
	bool *is_new = tw_xcalloc(list->n + 1, sizeof(*is_new));
	size_t i, k;

	tw_iplist_init(added);
	tw_iplist_init(gone);
	for (i = 0; i < nitems; i++)
		is_addr[i] = tw_net_parse(items[i], &inets[i], NULL) == 0;
	for (i = 0; i < list->n; i++) {
		struct tw_net n;

		(void)tw_net_parse(list->v[i], &n, NULL);
		is_new[i] = true;
		for (k = 0; k < nitems; k++) {
			if (!is_addr[k])
				continue;
			if (tw_net_covers(&inets[k], &n))
				is_new[i] = false;
			if (tw_net_covers(&n, &inets[k]))
				covered[k] = true;
		}
	}
	*nadded = push_kept(added, list->v, is_new, list->n, max);
	for (i = 0; i < nitems; i++)
		covered[i] = is_addr[i] && !covered[i];
	*ngone = push_kept(gone, items, covered, nitems, max);
	free(is_new);
	free(covered);
	free(is_addr);
	free(inets);
	tw_strv_free(&items, nitems);
}

void tw_iplist_diff(const struct tw_iplist *list, const char *identify,
                    struct tw_iplist *added, struct tw_iplist *gone)
{
	size_t na, ng;

	tw_iplist_diff_max(list, identify, (size_t)-1, added, gone, &na, &ng);
}
