/* conf_read.c - the line reader of the config model (conf.h): a file's
 * lines into the model (tw_conf_load, tw_conf_parse), #include with its
 * globs, depth limit and cycles. The bytes come from conf_input.c.
 *
 * The line reader follows main/config.c (schema reference section 1): the
 * comment state machine, header, directive and variable rules are the same,
 * including its oddities (a stray '--;' outside a block comment makes the
 * following lines a comment until the next ';--'). Where Asterisk rejects the
 * whole file we emit an error and keep parsing, so the model holds the rest.
 */
#include "config.h"

#include <errno.h>
#include <glob.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "conf/conf_priv.h"
#include "base/base.h"
#include "conf/conf.h"

#define MAX_NESTED_COMMENTS 128 /* Asterisk's limit */

/* ---- option names: one copy of each ---- */

/* The names table is private data (conf_priv.h), but its one user is
 * parse_option, which calls it for every option line: here it is inlined
 * there, as it was when the model was one file (out of line, parsing the
 * bench file took about 5% longer). */

#define MAX_INTERNED 4096

/* Option names repeat (type, allow, exten...): keep one copy of each. */
static char *intern_name(struct conf_priv *p, const char *s, size_t n)
{
	uint32_t h = tw_hash_str(s, n, false);
	const struct tw_hent *e;
	char *copy;
	bool added;

	if (p->names.n >= MAX_INTERNED || n > UINT32_MAX)
		return tw_arena_strndup(&p->mem, s, n);
	if (!p->names.cap)
		tw_hmap_init(&p->names, 64, false);
	e = tw_hmap_get_hashed(&p->names, s, n, h);
	if (e)
		return (char *)e->k;
	copy = tw_arena_strndup(&p->mem, s, n);
	tw_hmap_put_hashed(&p->names, copy, n, h, 0, &added);
	return copy;
}

/* ---- the line reader ---- */

struct incl {
	char *canon;      /* realpath, owned */
	const char *path; /* as opened */
};

struct load {
	struct tw_conf *c;
	struct tw_diags *d;
	bool follow;
	size_t start;                        /* first section of this load */
	size_t first_file;                   /* first file of this load */
	struct tw_conf_section *current;     /* Asterisk's cfg->current */
	const char *basedir;                 /* for relative #include */
	struct incl stack[TW_CONF_MAX_INCLUDE_DEPTH + 1];
	unsigned nstack;
	char **seen;                         /* canonical paths loaded so far */
	size_t nseen;
	char scratch[TW_CONF_MAX_LINE + 1]; /* the line being cooked */
};

struct fstate {
	struct tw_conf_file *f;
	struct tw_conf_section *cur;
	bool orphan;            /* after a header without ']' */
	int comment;            /* block comment depth; may go negative, as in Asterisk */
	unsigned nest[MAX_NESTED_COMMENTS];
};

static void parse_file(struct load *L, struct tw_conf_file *f, struct tw_conf_section *cur);

static char *strip(char *s)
{
	char *e;

	while (*s && (unsigned char)*s < 33)
		s++;
	e = s + strlen(s);
	while (e > s && (unsigned char)e[-1] < 33)
		e--;
	*e = '\0';
	return s;
}

/* Asterisk's comment pass over one line (config.c, the strchr(';') loop):
 * removes comments and the backslash of '\;', tracks block comments. Returns
 * what is left to process, or NULL when the line starts inside a comment. */
static char *cook_line(struct load *L, struct fstate *st, unsigned lineno, char *buf)
{
	char *new_buf = buf, *process = st->comment ? NULL : buf, *p;

	while ((p = strchr(new_buf, ';'))) {
		if (p > new_buf && p[-1] == '\\') {
			memmove(p - 1, p, strlen(p) + 1);
			new_buf = p;
		} else if (p[1] == '-' && p[2] == '-' && p[3] != '-') {
			if (st->comment >= MAX_NESTED_COMMENTS) {
				tw_conf_diag(L->d, TW_ERROR, st->f->path, lineno, "flatten the block comments",
				          "block comments nested deeper than %d; Asterisk stops here",
				          MAX_NESTED_COMMENTS);
				new_buf = p + 1;
				continue;
			}
			*p = '\0';
			new_buf = p + 3;
			if (st->comment >= 0)
				st->nest[st->comment] = lineno;
			st->comment++;
		} else if (p >= new_buf + 2 && p[-1] == '-' && p[-2] == '-') {
			if (--st->comment < 0)
				tw_conf_diag(L->d, TW_WARNING, st->f->path, lineno,
				          "escape the ';' as '\\;' or remove the '--;'",
				          "'--;' closes a block comment that was never opened; "
				          "Asterisk ignores the following lines up to the next ';--'");
			new_buf = p + 1;
			if (st->comment == 0) {
				if (process) {
					char *old = process + strlen(process);

					memmove(old, new_buf, strlen(new_buf) + 1);
					new_buf = old;
				} else {
					process = new_buf;
				}
			}
		} else if (!st->comment) {
			*p = '\0';
			new_buf = p;
		} else {
			new_buf = p + 1;
		}
	}
	return process;
}

static void parse_header(struct load *L, struct fstate *st, struct tw_conf_line *ln,
                         char *s)
{
	char *close = strchr(s, ']'), *opts = NULL, *rp = NULL;
	struct tw_conf_section *sec;
	size_t optslen = 0;

	if (!close) {
		tw_conf_diag(L->d, TW_ERROR, st->f->path, ln->lineno, "close the section name with ']'",
		          "section header without ']'; Asterisk rejects the whole file");
		ln->kind = TW_LINE_INVALID;
		ln->section = st->cur = NULL;
		st->orphan = true;
		return;
	}
	if (close[1] == '(') {
		opts = close + 2;
		if (!(rp = strchr(opts, ')')))
			tw_conf_diag(L->d, TW_ERROR, st->f->path, ln->lineno, "close the list with ')'",
			          "section options without ')'; Asterisk rejects the whole file");
		optslen = rp ? (size_t)(rp - opts) : strlen(opts);
	} else if (close[1] && close[1 + strspn(close + 1, " \t")] == '(') {
		tw_conf_diag(L->d, TW_WARNING, st->f->path, ln->lineno,
		          "write the (...) right after ']', with no space",
		          "Asterisk ignores the (...) after [%.*s]: it must follow ']' directly",
		          (int)(close - s - 1), s + 1);
	}
	sec = tw_conf_section_new(L->c, st->f, s + 1, (size_t)(close - s - 1), opts, optslen, ln);
	/* Without its ')' the header already drew the one error that
	 * matters (Asterisk stops there): its bases are resolved quietly. */
	tw_conf_section_resolve(L->c, sec, L->start, opts && !rp ? NULL : L->d);
	tw_conf_sections_insert(L->c, sec, L->c->nsections);
	st->cur = L->current = sec;
	st->orphan = false;
}

/* s[0..len) is the line without its comment, trimmed; it may be read-only. */
static void parse_option(struct load *L, struct fstate *st, struct tw_conf_line *ln,
                         const char *s, size_t len)
{
	struct tw_arena *a = &priv(L->c)->mem;
	const char *end = s + len, *eq, *val, *ne;
	enum tw_conf_op op = TW_OP_SET;
	struct tw_conf_option *o;
	bool esc = *s == '\\';

	ln->kind = TW_LINE_INVALID;
	if (st->orphan) /* the broken header above already drew the error */
		return;
	if (!st->cur) {
		tw_conf_diag(L->d, TW_ERROR, st->f->path, ln->lineno, "put it under a [section] header",
		          "option line before any section (No category context); "
		          "Asterisk rejects the whole file");
		return;
	}
	if (esc && (++s == end || (unsigned char)*s < 33)) {
		tw_conf_diag(L->d, TW_ERROR, st->f->path, ln->lineno, NULL,
		          "invalid escape at the start of the line; Asterisk rejects the whole file");
		return;
	}
	if (!(eq = memchr(s + esc, '=', (size_t)(end - s - esc)))) {
		tw_conf_diag(L->d, TW_WARNING, st->f->path, ln->lineno, "write it as 'name = value'",
		          "line without '='; Asterisk ignores it");
		return;
	}
	val = eq + 1;
	if (eq > s + esc && eq[-1] == '+') {
		op = TW_OP_APPEND;
		eq--;
	} else if (val < end && *val == '>') {
		op = TW_OP_OBJECT;
		val++;
	}
	while (s < eq && (unsigned char)*s < 33)
		s++;
	for (ne = eq; ne > s && (unsigned char)ne[-1] < 33; ne--)
		;
	if (ne == s) {
		tw_conf_diag(L->d, TW_WARNING, st->f->path, ln->lineno, "put the option name before '='",
		          "option without a name; Asterisk ignores it");
		return;
	}
	while (val < end && (unsigned char)*val < 33)
		val++;
	o = tw_arena_alloc(a, sizeof(*o), sizeof(void *));
	o->name = intern_name(priv(L->c), s, (size_t)(ne - s));
	o->value = tw_arena_strndup(a, val, (size_t)(end - val));
	o->op = op;
	o->file = st->f->path;
	o->line = ln->lineno;
	o->ln = ln;
	tw_conf_section_push_option(L->c, st->cur, o);
	ln->kind = TW_LINE_OPTION;
	ln->option = o;
	if (st->cur->owner == st->f)
		st->cur->last = ln;
}

/* ---- #include: cycles, depth, globs ---- */

static bool load_seen(struct load *L, const char *canon)
{
	size_t i;

	for (i = 0; i < L->nseen; i++)
		if (strcmp(L->seen[i], canon) == 0)
			return true;
	L->seen = tw_xrealloc(L->seen, (L->nseen + 1) * sizeof(*L->seen));
	L->seen[L->nseen++] = tw_xstrdup(canon);
	return false;
}

static void report_cycle(struct load *L, struct fstate *st, struct tw_conf_line *ln,
                         const char *path)
{
	struct tw_buf chain;
	unsigned i;

	tw_buf_init(&chain);
	for (i = 0; i < L->nstack; i++)
		tw_buf_printf(&chain, "%s -> ", L->stack[i].path);
	tw_buf_adds(&chain, path);
	tw_conf_diag(L->d, TW_ERROR, st->f->path, ln->lineno, "remove this #include",
	          "#include cycle: %s includes itself (%s)", path, chain.data);
	tw_buf_free(&chain);
}

/* Was the file at canon read by an earlier load into the same model? */
static bool read_before(const struct load *L, const char *canon)
{
	size_t i;

	for (i = 0; i < L->first_file; i++) {
		char *other = realpath(L->c->files[i]->path, NULL);
		bool same = other && strcmp(other, canon) == 0;

		free(other);
		if (same)
			return true;
	}
	return false;
}

/* Load one file named by an #include (errors are diagnostics). */
static void include_one(struct load *L, struct fstate *st, struct tw_conf_line *ln,
                        const char *path, bool try)
{
	char *canon = realpath(path, NULL), *data;
	struct tw_conf_file *f;
	unsigned i;
	size_t len;

	for (i = 0; canon && i < L->nstack; i++) {
		if (strcmp(L->stack[i].canon, canon) == 0) {
			report_cycle(L, st, ln, path);
			free(canon);
			return;
		}
	}
	/* Given on its own before the file that includes it (`check *.conf`
	 * sorts pjsip.aor.conf before pjsip.conf): read once, as given. */
	if (canon && read_before(L, canon)) {
		tw_conf_diag(L->d, TW_NOTE, st->f->path, ln->lineno, NULL,
		          "%s was given on its own before this file: checked once, as read then", path);
		free(canon);
		return;
	}
	/* Asterisk warns and reads the file again, so its sections appear
	 * twice (config.c: "included more than once"). Read here once: a
	 * fan-out of includes would otherwise multiply at every level. */
	if (canon && load_seen(L, canon)) {
		tw_conf_diag(L->d, TW_WARNING, st->f->path, ln->lineno, "include each file once",
		          "%s is included more than once; Asterisk reads it again, so its "
		          "sections appear twice (checked here once)", path);
		free(canon);
		return;
	}
	if (st->f->depth + 1 >= TW_CONF_MAX_INCLUDE_DEPTH) {
		tw_conf_diag(L->d, try ? TW_WARNING : TW_ERROR, st->f->path, ln->lineno, NULL,
		          "#include nested more than %d levels deep; Asterisk does not load %s",
		          TW_CONF_MAX_INCLUDE_DEPTH, path);
		free(canon);
		return;
	}
	if (tw_conf_load_bytes(L->c, path, &data, &len) != 0) {
		tw_conf_diag(L->d, TW_ERROR, st->f->path, ln->lineno, NULL, "cannot read %s: %s",
		          path, tw_conf_read_strerror(errno));
		free(canon);
		return;
	}
	if (tw_conf_check_text(data, len, path, L->d) != 0) {
		tw_free_large(data);
		free(canon);
		return;
	}
	f = tw_conf_file_new(L->c, path, data, len, st->f->depth + 1);
	L->stack[L->nstack].canon = canon ? canon : tw_xstrdup(path);
	L->stack[L->nstack++].path = f->path;
	parse_file(L, f, L->current);
	free(L->stack[--L->nstack].canon);
}

static void do_include(struct load *L, struct fstate *st, struct tw_conf_line *ln,
                       const char *arg, bool try)
{
	char *pattern = arg[0] == '/' ? tw_xstrdup(arg) : tw_xasprintf("%s/%s", L->basedir, arg);
	size_t i, count = 0;
	struct stat sb;
	glob_t g;

	char **paths = NULL;
	size_t npaths = 0;

	if (glob(pattern, GLOB_BRACE, NULL, &g) == 0) {
		for (i = 0; i < g.gl_pathc; i++) {
			const struct overlay *o = tw_conf_overlay_find(L->c, g.gl_pathv[i]);

			if (o && !o->data)
				continue;
			if (!o && (stat(g.gl_pathv[i], &sb) != 0 || !S_ISREG(sb.st_mode))) {
				tw_conf_diag(L->d, TW_WARNING, st->f->path, ln->lineno, NULL,
				          "%s is not a regular file; Asterisk ignores it", g.gl_pathv[i]);
				continue;
			}
			paths = tw_xrealloc(paths, (npaths + 1) * sizeof(*paths));
			paths[npaths++] = tw_xstrdup(g.gl_pathv[i]);
		}
		globfree(&g);
	}
	tw_conf_overlay_glob(L->c, pattern, &paths, &npaths);
	for (i = 0; i < npaths; i++) {
		count++;
		include_one(L, st, ln, paths[i], try);
	}
	tw_strv_free(&paths, npaths);
	if (!count && !try)
		tw_conf_diag(L->d, TW_ERROR, st->f->path, ln->lineno,
		          "fix the path (relative paths start at the config directory) or use #tryinclude",
		          "#include target '%s' does not exist (%s); Asterisk rejects the whole file",
		          arg, strpbrk(arg, "*?[{") ? "no file matches" : pattern);
	free(pattern);
}

static void parse_directive(struct load *L, struct fstate *st, struct tw_conf_line *ln,
                            char *s)
{
	char *word = s + 1, *w = word, *arg = NULL;
	size_t n;

	while (*w && (unsigned char)*w > 32)
		w++;
	if (*w) {
		*w = '\0';
		arg = strip(w + 1);
	}
	ln->kind = TW_LINE_DIRECTIVE;
	ln->directive = !strcasecmp(word, "include") ? TW_DIR_INCLUDE :
	                !strcasecmp(word, "tryinclude") ? TW_DIR_TRYINCLUDE :
	                !strcasecmp(word, "exec") ? TW_DIR_EXEC : TW_DIR_OTHER;
	if (arg && (*arg == '"' || *arg == '<') && (n = strlen(arg)) > 1 &&
	    arg[n - 1] == (*arg == '<' ? '>' : '"')) {
		arg[n - 1] = '\0';
		arg++;
	}
	if (arg && *arg)
		ln->dir_arg = tw_arena_strdup(&priv(L->c)->mem, arg);
	if (ln->directive == TW_DIR_OTHER)
		tw_conf_diag(L->d, TW_WARNING, st->f->path, ln->lineno,
		          "comments start with ';' in Asterisk config files",
		          "unknown directive '#%s'; Asterisk ignores the line", word);
	else if (ln->directive == TW_DIR_EXEC) {
		tw_conf_diag(L->d, TW_WARNING, st->f->path, ln->lineno, NULL,
		          "#exec is not run here (Asterisk runs it only with execincludes=yes); "
		          "its output is not checked");
		if (!priv(L->c)->exec_file) {
			priv(L->c)->exec_file = st->f->path;
			priv(L->c)->exec_line = ln->lineno;
		}
	}
	else if (!ln->dir_arg)
		tw_conf_diag(L->d, TW_WARNING, st->f->path, ln->lineno, "name the file to include",
		          "#%s without a file name; Asterisk ignores the line", word);
	else if (L->follow)
		do_include(L, st, ln, ln->dir_arg, ln->directive == TW_DIR_TRYINCLUDE);
}

static bool all_blank(const char *p, size_t n)
{
	while (n && (unsigned char)*p < 33)
		p++, n--;
	return n == 0;
}

static void parse_cooked(struct load *L, struct fstate *st, struct tw_conf_line *ln,
                         char *s)
{
	if (*s == '[')
		parse_header(L, st, ln, s);
	else if (*s == '#')
		parse_directive(L, st, ln, s);
	else
		parse_option(L, st, ln, s, strlen(s));
}

static void parse_line(struct load *L, struct fstate *st, struct tw_conf_line *ln,
                       const char *p, size_t n)
{
	const char *b, *e;
	char *s;

	ln->section = st->cur;
	if (n > TW_CONF_MAX_LINE) {
		tw_conf_diag(L->d, TW_WARNING, st->f->path, ln->lineno, "split or shorten it",
		          "line is %zu bytes long (more than %d); Asterisk skips it",
		          n, TW_CONF_MAX_LINE);
		ln->kind = TW_LINE_INVALID;
		return;
	}
	if (ln->lineno == 1 && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3, n -= 3;
	if (!memchr(p, ';', n)) {
		/* Nothing for the comment pass to do: work on the bytes in place. */
		if (st->comment) {
			ln->kind = TW_LINE_COMMENT;
			return;
		}
		for (b = p, e = p + n; b < e && (unsigned char)*b < 33; b++)
			;
		while (e > b && (unsigned char)e[-1] < 33)
			e--;
		if (b == e) {
			ln->kind = TW_LINE_BLANK;
			return;
		}
		if (*b != '[' && *b != '#') {
			parse_option(L, st, ln, b, (size_t)(e - b));
		} else {
			memcpy(L->scratch, b, (size_t)(e - b));
			L->scratch[e - b] = '\0';
			parse_cooked(L, st, ln, L->scratch);
		}
	} else {
		memcpy(L->scratch, p, n);
		L->scratch[n] = '\0';
		s = cook_line(L, st, ln->lineno, L->scratch);
		if (!s || !*(s = strip(s))) {
			ln->kind = s && all_blank(p, n) ? TW_LINE_BLANK : TW_LINE_COMMENT;
			return;
		}
		parse_cooked(L, st, ln, s);
	}
	if (ln->kind == TW_LINE_INVALID && st->orphan)
		ln->section = NULL;
}

/* Options at the top of an included file continue Asterisk's current
 * category (cur); the includer keeps its own after the #include returns. */
static void parse_file(struct load *L, struct tw_conf_file *f, struct tw_conf_section *cur)
{
	struct fstate st;
	const char *p = f->data, *end = f->data + f->len, *nl;
	unsigned lineno = 0;

	memset(&st, 0, sizeof(st));
	st.f = f;
	st.cur = cur;
	while (p < end) {
		struct tw_conf_line *ln = line_new(L->c, TW_LINE_BLANK);
		size_t n;

		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		ln->raw = p;
		ln->rawlen = nl ? n + 1 : n;
		ln->lineno = ++lineno;
		file_insert_after(f, f->last, ln);
		parse_line(L, &st, ln, p, n);
		p += ln->rawlen;
	}
	if (st.comment > 0)
		tw_conf_diag(L->d, TW_WARNING, f->path, st.nest[0], "close it with '--;'",
		          "block comment opened here is not closed at the end of the file; "
		          "Asterisk ignores everything after it");
}

static void load_init(struct load *L, struct tw_conf *c, struct tw_diags *d, bool follow)
{
	memset(L, 0, offsetof(struct load, scratch));
	L->c = c;
	L->d = d;
	L->follow = follow;
	L->start = c->nsections;
	L->first_file = c->nfiles;
	priv(c)->exec_file = NULL;
}

static void load_done(struct load *L)
{
	size_t i;

	for (i = 0; i < L->nseen; i++)
		free(L->seen[i]);
	free(L->seen);
}

/* Was the file at canon already read into c (a file given to check after
 * one that #includes it, as `check *.conf` does)? Read again, its
 * sections would all be duplicates of themselves. */
static bool already_read(const struct tw_conf *c, const char *canon)
{
	size_t i;

	for (i = 0; canon && i < c->nfiles; i++) {
		char *other = realpath(c->files[i]->path, NULL);
		bool same = other && strcmp(other, canon) == 0;

		free(other);
		if (same)
			return true;
	}
	return false;
}

int tw_conf_load(struct tw_conf *c, const char *path, bool follow_includes,
                 struct tw_diags *d)
{
	struct tw_conf_file *f;
	struct load L;
	char *data, *dir = NULL, *slash, *canon;
	size_t len;

	canon = c->nfiles ? realpath(path, NULL) : NULL;
	if (already_read(c, canon)) {
		tw_conf_diag(d, TW_NOTE, path, 0, NULL,
		          "already read: a file given before it #includes it (checked once, "
		          "as part of that file)");
		free(canon);
		return 0;
	}
	free(canon);

	if (tw_conf_load_bytes(c, path, &data, &len) != 0) {
		tw_conf_diag(d, TW_ERROR, path, 0, NULL, "cannot read: %s", tw_conf_read_strerror(errno));
		return -1;
	}
	if (tw_conf_check_text(data, len, path, d) != 0) {
		tw_free_large(data);
		return TW_CONF_NOT_TEXT;
	}
	load_init(&L, c, d, follow_includes);
	f = tw_conf_file_new(c, path, data, len, 0);
	if (c->confdir) {
		L.basedir = c->confdir;
	} else {
		dir = tw_xstrdup(path);
		slash = strrchr(dir, '/');
		if (slash)
			*(slash == dir ? slash + 1 : slash) = '\0';
		L.basedir = slash ? dir : ".";
	}
	L.stack[0].canon = realpath(path, NULL);
	if (!L.stack[0].canon)
		L.stack[0].canon = tw_xstrdup(path);
	L.stack[0].path = f->path;
	L.nstack = 1;
	load_seen(&L, L.stack[0].canon);
	parse_file(&L, f, NULL);
	free(L.stack[0].canon);
	free(dir);
	load_done(&L);
	return 0;
}

int tw_conf_parse(struct tw_conf *c, const char *name, const char *data, size_t len,
                  struct tw_diags *d)
{
	struct tw_conf_file *f;
	struct load L;
	char *copy;

	if (len && tw_conf_check_text(data, len, name, d) != 0)
		return -1;
	copy = tw_xmalloc_large(len + 1);
	if (len)
		memcpy(copy, data, len);
	copy[len] = '\0';
	load_init(&L, c, d, false);
	f = tw_conf_file_new(c, name, copy, len, 0);
	parse_file(&L, f, NULL);
	load_done(&L);
	return 0;
}
