/* update_diff.c - what an update changes in a profile, key by key, so the
 * admin sees it before it is installed. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fetch/update_priv.h"
#include "trunkwiz/conf.h"
#include "conf/conf.h"

/* Every "[section] option" of a profile with its values (a repeated option
 * such as note or server gives one entry, its values joined). */
struct kv {
	char **keys;
	struct tw_buf *vals;
	size_t n;
};

static void kv_add(struct kv *m, const char *key, const char *val)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (strcmp(m->keys[i], key) == 0)
			break;
	if (i == m->n) {
		m->keys = tw_xrealloc(m->keys, (m->n + 1) * sizeof(*m->keys));
		m->vals = tw_xrealloc(m->vals, (m->n + 1) * sizeof(*m->vals));
		m->keys[m->n] = tw_xstrdup(key);
		tw_buf_init(&m->vals[m->n]);
		m->n++;
	}
	tw_buf_adds(&m->vals[i], val);
	tw_buf_addc(&m->vals[i], '\n');
}

static void kv_load(struct kv *m, const char *name, const struct tw_buf *text)
{
	struct tw_conf *c = tw_conf_new(NULL);
	struct tw_diags d;
	size_t i, k;

	memset(m, 0, sizeof(*m));
	tw_diags_init(&d);
	if (tw_conf_parse(c, name, text->data ? text->data : "", text->len, &d) == 0) {
		for (i = 0; i < c->nsections; i++) {
			const struct tw_conf_section *s = c->sections[i];

			for (k = 0; k < s->nopts; k++) {
				char *key = tw_xasprintf("[%s] %s", s->name, s->opts[k]->name);

				kv_add(m, key, s->opts[k]->value);
				free(key);
			}
		}
	}
	tw_diags_clear(&d);
	tw_conf_free(&c);
}

static void kv_free(struct kv *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		tw_buf_free(&m->vals[i]);
	free(m->vals);
	tw_strv_free(&m->keys, m->n);
}

static const struct tw_buf *kv_get(const struct kv *m, const char *key)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (strcmp(m->keys[i], key) == 0)
			return &m->vals[i];
	return NULL;
}

static bool same(const struct tw_buf *a, const struct tw_buf *b)
{
	return a && b && a->len == b->len && memcmp(a->data, b->data, a->len) == 0;
}

void tw_update_changed_keys(const char *name, const struct tw_buf *old, const struct tw_buf *new,
                      char ***keys, size_t *n)
{
	struct kv a, b;
	size_t i;

	*keys = NULL;
	*n = 0;
	kv_load(&a, name, old);
	kv_load(&b, name, new);
	for (i = 0; i < b.n; i++)
		if (!same(kv_get(&a, b.keys[i]), &b.vals[i])) {
			*keys = tw_xrealloc(*keys, (*n + 1) * sizeof(char *));
			(*keys)[(*n)++] = tw_xstrdup(b.keys[i]);
		}
	for (i = 0; i < a.n; i++)
		if (!kv_get(&b, a.keys[i])) {
			*keys = tw_xrealloc(*keys, (*n + 1) * sizeof(char *));
			(*keys)[(*n)++] = tw_xstrdup(a.keys[i]);
		}
	kv_free(&a);
	kv_free(&b);
}
