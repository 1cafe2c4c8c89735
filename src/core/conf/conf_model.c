/* conf_model.c - Asterisk config files as a lossless model (see conf.h):
 * the private data, the sections list, lines, diagnostics and the life
 * cycle. The model's other files are listed in conf_priv.h.
 *
 * Memory: a file's bytes are read into one buffer that its lines point into
 * (raw). Everything else in the model (lines, options, sections, names,
 * values) comes from arenas in c->priv and is released all at once by
 * tw_conf_free; removing a line only unlinks it. Big files make big models
 * (about six times their size): buffer, arenas and tables are large blocks
 * on huge pages (see arena.h), and a line without ';' is parsed in place.
 * A hash index maps section names, folded to lower case as Asterisk's
 * parser compares them, to the sections carrying them in load order.
 */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf_priv.h"
#include "base/base.h"

/* ---- private data: arenas and the section name index ---- */

/* The name index is built when a lookup first needs it, and brought up to
 * date by the next lookup after sections were appended: most big files
 * (no templates, no additions) are checked without ever needing it, and
 * its random accesses are a good part of the parse time otherwise. */

/* Index s, which must come after every indexed section in load order. */
static void index_add(const struct tw_conf *c, struct tw_conf_section *s)
{
	struct conf_priv *p = priv(c);
	uint32_t k = (uint32_t)s->index + 1;
	struct tw_hent *e;
	bool added;

	if (!p->index.cap)
		tw_hmap_init(&p->index, 64, true);
	if (s->index >= p->nextcap) {
		p->nextcap = c->seccap > s->index ? c->seccap : s->index + 1;
		p->next = tw_xrealloc_large(p->next, p->nextcap * sizeof(*p->next));
		p->tail = tw_xrealloc_large(p->tail, p->nextcap * sizeof(*p->tail));
	}
	p->next[s->index] = 0;
	e = tw_hmap_put(&p->index, s->name, strlen(s->name), k, &added);
	if (!added) {
		p->next[p->tail[e->val - 1] - 1] = k;
		p->tail[e->val - 1] = k;
	} else {
		p->tail[s->index] = k;
	}
}

/* After a section was inserted or removed anywhere but at the end: number
 * them again and drop the index. */
static void index_reset(struct tw_conf *c)
{
	struct conf_priv *p = priv(c);
	size_t i;

	if (p->index.cap) {
		memset(p->index.e, 0, p->index.cap * sizeof(*p->index.e));
		p->index.n = 0;
	}
	p->nindexed = 0;
	p->nadditions = 0;
	for (i = 0; i < c->nsections; i++) {
		c->sections[i]->index = i;
		p->nadditions += c->sections[i]->is_addition;
	}
}

/* First section (index + 1) of the group named name (any case), or 0. */
uint32_t tw_conf_index_first(const struct tw_conf *c, const char *name)
{
	struct conf_priv *p = priv(c);
	const struct tw_hent *e;

	while (p->nindexed < c->nsections)
		index_add(c, c->sections[p->nindexed++]);
	e = tw_hmap_get(&p->index, name, strlen(name));
	return e ? (uint32_t)e->val : 0;
}

/* ---- sections list ---- */

void tw_conf_sections_insert(struct tw_conf *c, struct tw_conf_section *s, size_t pos)
{
	if (c->nsections == c->seccap) {
		c->seccap = c->seccap ? c->seccap * 2 : 64;
		c->sections = tw_xrealloc_large(c->sections, c->seccap * sizeof(*c->sections));
	}
	if (pos < c->nsections)
		memmove(c->sections + pos + 1, c->sections + pos,
		        (c->nsections - pos) * sizeof(*c->sections));
	c->sections[pos] = s;
	c->nsections++;
	s->index = pos;
	if (pos + 1 == c->nsections)
		priv(c)->nadditions += s->is_addition;
	else
		index_reset(c);
}

void tw_conf_sections_remove(struct tw_conf *c, struct tw_conf_section *s)
{
	if (!section_listed(c, s))
		return;
	memmove(c->sections + s->index, c->sections + s->index + 1,
	        (c->nsections - s->index - 1) * sizeof(*c->sections));
	c->nsections--;
	s->index = NO_LIMIT;
	index_reset(c);
}

/* While a section is read, its option array is the last block of the
 * arrays arena, so it grows in place one slot at a time and ends up exactly
 * as long as needed; otherwise it doubles. */
void tw_conf_section_push_option(struct tw_conf *c, struct tw_conf_section *s,
                              struct tw_conf_option *o)
{
	struct tw_arena *a = &priv(c)->arrays;

	if (s->nopts == s->optcap) {
		if (tw_arena_extend(a, s->opts, s->optcap * sizeof(*s->opts), sizeof(*s->opts))) {
			s->optcap++;
		} else {
			size_t cap = s->optcap ? s->optcap * 2 : 1;

			s->opts = tw_arena_grow(a, s->opts, s->optcap * sizeof(*s->opts),
			                        cap * sizeof(*s->opts));
			s->optcap = cap;
		}
	}
	s->opts[s->nopts++] = o;
}

/* ---- lines ---- */

struct tw_conf_file *tw_conf_file_new(struct tw_conf *c, const char *path, char *data,
                                   size_t len, unsigned depth)
{
	struct tw_conf_file *f;
	const char *nl = data ? memchr(data, '\n', len) : NULL;

	/* Its lines, options and values take a few times its size. */
	tw_arena_hint(&priv(c)->mem, len * 4);
	tw_arena_hint(&priv(c)->arrays, len / 2);
	f = arena_zalloc(&priv(c)->mem, sizeof(*f));
	f->path = tw_arena_strdup(&priv(c)->mem, path);
	f->data = data;
	f->len = len;
	f->eol = nl && nl > data && nl[-1] == '\r' ? "\r\n" : "\n";
	f->final_newline = len == 0 || data[len - 1] == '\n';
	f->depth = depth;
	f->conf = c;
	c->files = tw_xrealloc(c->files, (c->nfiles + 1) * sizeof(*c->files));
	c->files[c->nfiles++] = f;
	return f;
}

/* ---- diagnostics ---- */

void tw_conf_diag(struct tw_diags *d, enum tw_severity sev, const char *file,
               unsigned line, const char *hint, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (!d)
		return;
	va_start(ap, fmt);
	msg = tw_xvasprintf(fmt, ap);
	va_end(ap);
	tw_diag_at(d, sev, file, line, hint, "%s", msg);
	free(msg);
}

/* ---- life cycle ---- */

struct tw_conf *tw_conf_new(const char *confdir)
{
	struct tw_conf *c = tw_xcalloc(1, sizeof(*c));

	c->confdir = confdir ? tw_xstrdup(confdir) : NULL;
	c->priv = tw_xcalloc(1, sizeof(struct conf_priv));
	return c;
}

void tw_conf_free(struct tw_conf **cp)
{
	struct tw_conf *c;
	struct conf_priv *p;
	size_t i;

	if (!cp || !*cp)
		return;
	c = *cp;
	p = c->priv;
	for (i = 0; i < c->nfiles; i++)
		tw_free_large(c->files[i]->data);
	free(c->files);
	tw_free_large(c->sections);
	tw_hmap_free(&p->index);
	tw_free_large(p->next);
	tw_free_large(p->tail);
	tw_hmap_free(&p->names);
	for (i = 0; i < p->nov; i++)
		free(p->ov[i].path);
	free(p->ov);
	tw_arena_free(&p->mem);
	tw_arena_free(&p->arrays);
	free(p);
	free(c->confdir);
	free(c);
	*cp = NULL;
}
