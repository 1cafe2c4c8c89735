/* conf_priv.h - shared by the files of the config model (conf.h), not
 * installed: the private data behind tw_conf.priv and the helpers one file
 * lends the others. Tiny helpers are static inline here: the parser calls
 * line_new and file_insert_after for every line, and a call out of line
 * would cost it what the one-file model did not pay.
 *
 *   conf_model.c    private data (arenas, section name index), the sections
 *                   list, lines, diagnostics, life cycle
 *   conf_section.c  lookups through inheritance and additions; section
 *                   headers (options, bases, additions)
 *   conf_read.c     the line reader (Asterisk's parser, option names kept
 *                   once) and #include
 *   conf_input.c    a file's bytes: read whole, text only, through the overlay
 *   conf_write.c    writing, building and editing
 */
#ifndef TRUNKWIZ_CONF_PRIV_H
#define TRUNKWIZ_CONF_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/hmap.h"
#include "trunkwiz/conf.h"
#include "conf/conf.h"

#define NO_LIMIT SIZE_MAX

static inline void *arena_zalloc(struct tw_arena *a, size_t n)
{
	return tw_arena_alloc(a, n, sizeof(void *));
}

/* ---- private data: arenas and the section name index ---- */

struct overlay {
	char *path;
	const char *data;    /* borrowed; NULL: the file is taken as absent */
	size_t len;
};

struct conf_priv {
	struct tw_arena mem;    /* lines, options, sections, strings */
	struct tw_arena arrays; /* option arrays, grown in place while parsing */
	struct tw_hmap names;   /* option names, shared (a few distinct ones) */
	struct tw_hmap index;   /* section name (any case) -> first of that
	                         * name (section index + 1) */
	uint32_t *next;      /* same-name chain by section index (+1, 0 ends) */
	uint32_t *tail;      /* by the first's index: the last of its chain */
	size_t nextcap;
	size_t nindexed;     /* sections[0..nindexed) are in the index */
	size_t nadditions;
	struct overlay *ov;  /* files read from memory (tw_conf_overlay) */
	const struct tw_conf_section *last_add; /* addition resolved last, and */
	size_t last_add_start;                  /* ... the load it was in */
	size_t nov;
	/* The first #exec of the load being read (NULL: none yet). Its output
	 * is not read here, so a section it may define cannot be missed. */
	const char *exec_file;
	unsigned exec_line;
};

static inline struct conf_priv *priv(const struct tw_conf *c)
{
	return c->priv;
}

/* Case-insensitive for ASCII only, whatever the locale (Latin-1 names). */
static inline bool ascii_caseeq(const char *a, const char *b)
{
	for (; *a && tw_ascii_lower((unsigned char)*a) == tw_ascii_lower((unsigned char)*b); a++, b++)
		;
	return tw_ascii_lower((unsigned char)*a) == tw_ascii_lower((unsigned char)*b);
}

/* First section (index + 1) of the group named name (any case), or 0;
 * brings the index up to date first. */
uint32_t tw_conf_index_first(const struct tw_conf *c, const char *name);

static inline uint32_t index_next(const struct tw_conf *c, uint32_t k)
{
	return priv(c)->next[k - 1];
}

/* ---- sections list ---- */

void tw_conf_sections_insert(struct tw_conf *c, struct tw_conf_section *s, size_t pos);
void tw_conf_sections_remove(struct tw_conf *c, struct tw_conf_section *s);
void tw_conf_section_push_option(struct tw_conf *c, struct tw_conf_section *s,
                              struct tw_conf_option *o);

static inline bool section_listed(const struct tw_conf *c, const struct tw_conf_section *s)
{
	return s->index < c->nsections && c->sections[s->index] == s;
}

/* ---- lines ---- */

static inline struct tw_conf_line *line_new(struct tw_conf *c, enum tw_line_kind kind)
{
	struct tw_conf_line *ln = arena_zalloc(&priv(c)->mem, sizeof(*ln));

	ln->kind = kind;
	return ln;
}

static inline void file_insert_after(struct tw_conf_file *f, struct tw_conf_line *after,
                                     struct tw_conf_line *ln)
{
	ln->prev = after;
	ln->next = after ? after->next : f->first;
	if (ln->next)
		ln->next->prev = ln;
	else
		f->last = ln;
	if (after)
		after->next = ln;
	else
		f->first = ln;
	f->nlines++;
}

struct tw_conf_file *tw_conf_file_new(struct tw_conf *c, const char *path, char *data,
                                   size_t len, unsigned depth);

/* ---- diagnostics ---- */

/* tw_diag_at with a formatted message; nothing when d is NULL. */
void tw_conf_diag(struct tw_diags *d, enum tw_severity sev, const char *file,
               unsigned line, const char *hint, const char *fmt, ...) TW_PRINTF(6, 7);

/* ---- section headers (conf_section.c) ---- */

/* A section for the header line header ([name](opts)), not yet listed. */
struct tw_conf_section *tw_conf_section_new(struct tw_conf *c, struct tw_conf_file *f,
                                         const char *name, size_t namelen,
                                         const char *opts, size_t optslen,
                                         struct tw_conf_line *header);
/* Resolve its bases and addition target among the sections from start on. */
void tw_conf_section_resolve(struct tw_conf *c, struct tw_conf_section *s, size_t start,
                          struct tw_diags *d);

/* ---- a file's bytes (conf_input.c) ---- */

const struct overlay *tw_conf_overlay_find(const struct tw_conf *c, const char *path);
/* The whole file (through the overlay) in one large block, NUL-terminated;
 * -1 with errno set. */
int tw_conf_load_bytes(const struct tw_conf *c, const char *path, char **data, size_t *len);
/* strerror for tw_conf_load_bytes, which refuses what is not a regular file
 * and what is too large to be a config. */
const char *tw_conf_read_strerror(int err);
/* -1 (and an error in d) when data is clearly not a text config. */
int tw_conf_check_text(const char *data, size_t len, const char *path, struct tw_diags *d);
void tw_conf_overlay_glob(const struct tw_conf *c, const char *pattern, char ***paths,
                       size_t *n);

#endif
