/* conf_write.c - writing the config model (conf.h) back to bytes, and
 * building and editing it: new files, comments, directives, sections and
 * options, removed lines.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf_priv.h"
#include "conf/conf.h"

/* ---- writing ---- */

/* A raw line without its newline (the last line of a file that had none)
 * gets the file's EOL when a line now follows it; otherwise the file keeps
 * ending without one. New lines always end with the file's EOL. */
static bool needs_eol(const struct tw_conf_line *ln)
{
	if (!ln->raw)
		return true;
	return ln->next && (ln->rawlen == 0 || ln->raw[ln->rawlen - 1] != '\n');
}

void tw_conf_file_write_buf(const struct tw_conf_file *f, struct tw_buf *out)
{
	const struct tw_conf_line *ln;

	tw_buf_add(out, "", 0);
	for (ln = f->first; ln; ln = ln->next) {
		if (ln->raw)
			tw_buf_add(out, ln->raw, ln->rawlen);
		else if (ln->text)
			tw_buf_adds(out, ln->text);
		if (needs_eol(ln))
			tw_buf_adds(out, f->eol);
	}
}

int tw_conf_file_write(const struct tw_conf_file *f, FILE *out)
{
	const struct tw_conf_line *ln;
	bool ok = true;

	for (ln = f->first; ln && ok; ln = ln->next) {
		if (ln->raw)
			ok = fwrite(ln->raw, 1, ln->rawlen, out) == ln->rawlen;
		else if (ln->text)
			ok = fputs(ln->text, out) >= 0;
		if (ok && needs_eol(ln))
			ok = fputs(f->eol, out) >= 0;
	}
	return ok && !ferror(out) ? 0 : -1;
}

/* ---- building and editing ---- */

char *tw_conf_escape(const char *value)
{
	struct tw_buf b;

	tw_buf_init(&b);
	tw_buf_add(&b, "", 0);
	for (; *value; value++) {
		if (*value == ';')
			tw_buf_addc(&b, '\\');
		tw_buf_addc(&b, *value);
	}
	return tw_buf_steal(&b);
}

struct tw_conf_file *tw_conf_add_file(struct tw_conf *c, const char *name)
{
	return tw_conf_file_new(c, name, NULL, 0, 0);
}

static struct tw_conf_line *append_text(struct tw_conf_file *f, enum tw_line_kind kind,
                                        char *text)
{
	struct tw_conf_line *ln = line_new(f->conf, kind);

	ln->text = tw_arena_strdup(&priv(f->conf)->mem, text);
	free(text);
	file_insert_after(f, f->last, ln);
	return ln;
}

void tw_conf_file_add_comment(struct tw_conf_file *f, const char *text)
{
	char *t = tw_xasprintf(*text ? "; %s" : ";", text), *p;

	for (p = t; *p; p++) /* one line: a newline would end the comment */
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	append_text(f, TW_LINE_COMMENT, t);
}

void tw_conf_file_add_blank(struct tw_conf_file *f)
{
	append_text(f, TW_LINE_BLANK, tw_xstrdup(""));
}

struct tw_conf_line *tw_conf_file_add_directive(struct tw_conf_file *f,
                                                enum tw_directive dir, const char *arg)
{
	static const char *const words[] = { "include", "tryinclude", "exec", "" };
	struct tw_conf_line *ln;

	ln = append_text(f, TW_LINE_DIRECTIVE, tw_xasprintf("#%s%s%s", words[dir],
	                 dir == TW_DIR_OTHER ? "" : " ", arg));
	ln->directive = dir;
	ln->dir_arg = tw_arena_strdup(&priv(f->conf)->mem, arg);
	return ln;
}

/* Where a section added at the end of f goes in load order: after the last
 * section of f and of the files it included (those follow f in c->files
 * with a greater depth). If they have none, at the end. */
static size_t insert_pos(const struct tw_conf *c, const struct tw_conf_file *f)
{
	size_t fi = 0, end, i;

	while (fi < c->nfiles && c->files[fi] != f)
		fi++;
	for (end = fi + 1; end < c->nfiles && c->files[end]->depth > f->depth; end++)
		;
	if (end >= c->nfiles)
		return c->nsections;
	for (i = c->nsections; i-- > 0;) {
		const struct tw_conf_file *o = c->sections[i]->owner;
		size_t k;

		for (k = fi; k < end; k++)
			if (c->files[k] == o)
				return i + 1;
	}
	return c->nsections;
}

struct tw_conf_section *tw_conf_file_add_section(struct tw_conf_file *f,
                                                 const char *name, const char *opts)
{
	struct tw_conf *c = f->conf;
	struct tw_conf_line *ln;
	struct tw_conf_section *s;

	if (opts && !*opts)
		opts = NULL;
	ln = append_text(f, TW_LINE_SECTION, opts ? tw_xasprintf("[%s](%s)", name, opts)
	                                          : tw_xasprintf("[%s]", name));
	s = tw_conf_section_new(c, f, name, strlen(name), opts, opts ? strlen(opts) : 0, ln);
	tw_conf_section_resolve(c, s, 0, NULL);
	tw_conf_sections_insert(c, s, insert_pos(c, f));
	return s;
}

struct tw_conf_option *tw_conf_section_add(struct tw_conf_section *s, const char *name,
                                           const char *value, enum tw_conf_op op)
{
	static const char *const ops[] = { "=", "=>", "+=" };
	struct tw_conf_file *f = s->owner;
	struct tw_arena *a = &priv(f->conf)->mem;
	struct tw_conf_option *o = arena_zalloc(a, sizeof(*o));
	struct tw_conf_line *ln = line_new(f->conf, TW_LINE_OPTION);
	char *esc = tw_conf_escape(value), *text;

	text = tw_xasprintf(*esc ? "%s %s %s" : "%s %s", name, ops[op], esc);
	ln->text = tw_arena_strdup(a, text);
	free(text);
	free(esc);
	o->name = tw_arena_strdup(a, name);
	o->value = tw_arena_strdup(a, value);
	o->op = op;
	o->file = f->path;
	o->ln = ln;
	ln->option = o;
	ln->section = s;
	file_insert_after(f, s->last ? s->last : f->last, ln);
	s->last = ln;
	tw_conf_section_push_option(f->conf, s, o);
	return o;
}

static void section_drop_option(struct tw_conf_section *s, const struct tw_conf_option *o)
{
	size_t i;

	for (i = 0; i < s->nopts; i++) {
		if (s->opts[i] == o) {
			memmove(s->opts + i, s->opts + i + 1, (s->nopts - i - 1) * sizeof(*s->opts));
			s->nopts--;
			return;
		}
	}
}

void tw_conf_file_remove_line(struct tw_conf_file *f, struct tw_conf_line *ln)
{
	struct tw_conf_section *s = ln->section;
	struct tw_conf_line *p;

	if (ln->prev)
		ln->prev->next = ln->next;
	else
		f->first = ln->next;
	if (ln->next)
		ln->next->prev = ln->prev;
	else
		f->last = ln->prev;
	f->nlines--;
	if (!s)
		return;
	if (ln->kind == TW_LINE_SECTION) {
		/* The section leaves the model; its option lines stay in the file
		 * (and still point to it) until the file is parsed again. */
		tw_conf_sections_remove(f->conf, s);
		s->header = s->last = NULL;
		return;
	}
	if (ln->kind == TW_LINE_OPTION && ln->option)
		section_drop_option(s, ln->option);
	if (s->last == ln) {
		for (p = ln->prev; p && p != s->header &&
		     !(p->kind == TW_LINE_OPTION && p->section == s); p = p->prev)
			;
		s->last = p ? p : s->header;
	}
}
