/* trunkwiz/conf.h - the conf module's interface (src/core/conf/). */
#ifndef TRUNKWIZ_CONF_H
#define TRUNKWIZ_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "trunkwiz/base.h"

/* conf.h - Asterisk config files as a lossless model.
 *
 * A tw_conf holds one or more files (a root file and everything it includes,
 * or files built in memory by render). Each file is a list of lines; every
 * line parsed from disk keeps its raw bytes (line ending included), so writing
 * an untouched file reproduces it byte for byte. Lines added or changed
 * through this API are formatted by the writer, with ';' escaped as '\;'.
 *
 * The syntax follows Asterisk's main/config.c (see the PJSIP schema reference,
 * section 1): [name](opts) headers with '!' templates, '+' additions and base
 * lists; 'name = value', 'name => value', 'name += value'; ';' comments, ';--
 * --;' block comments (nesting), '\;' escapes; #include / #tryinclude / #exec
 * with globs, relative to the config directory.
 */

/* Asterisk's limits (schema reference 1.1, 1.3, 1.4). */
#define TW_CONF_MAX_LINE 8190        /* bytes, newline excluded */
#define TW_CONF_MAX_NAME 79          /* section name bytes */
#define TW_CONF_MAX_INCLUDE_DEPTH 10

/* The enums below are one byte wide (GNU packed enums): a big file has
 * hundreds of thousands of lines and options, and their size is memory. */
enum tw_line_kind {
	TW_LINE_BLANK,     /* empty or white space only */
	TW_LINE_COMMENT,   /* only a comment (or inside a block comment) */
	TW_LINE_SECTION,   /* [name](opts) */
	TW_LINE_OPTION,    /* name = value */
	TW_LINE_DIRECTIVE, /* #include, #tryinclude, #exec, other #word */
	TW_LINE_INVALID,   /* kept verbatim; a diagnostic was emitted */
} __attribute__((packed));

enum tw_conf_op {
	TW_OP_SET,    /* = */
	TW_OP_OBJECT, /* => */
	TW_OP_APPEND, /* += */
} __attribute__((packed));

enum tw_directive {
	TW_DIR_INCLUDE,
	TW_DIR_TRYINCLUDE,
	TW_DIR_EXEC,
	TW_DIR_OTHER,
} __attribute__((packed));

struct tw_conf_file;
struct tw_conf_section;

struct tw_conf_option {
	char *name;                        /* trimmed; shared by options of the same name: read-only */
	char *value;                       /* trimmed, '\;' unescaped */
	const char *file;                  /* borrowed from the owning tw_conf_file */
	struct tw_conf_line *ln;           /* the line holding it */
	unsigned line;                     /* 0 for generated options */
	enum tw_conf_op op;
};

struct tw_conf_section {
	char *name;                        /* as written, not trimmed (Asterisk) */
	char *add_filter;                  /* text after '+', or NULL */
	char **bases;                      /* inheritance list, as written */
	size_t nbases;
	struct tw_conf_section **base_secs;/* resolved bases (NULL where missing) */
	/* An addition ([x](+)) is kept as its own entry: bases[0] is its own
	 * name and base_secs[0] the section it extends (NULL when none exists),
	 * followed by any bases written after the '+'. Lookups on the extended
	 * section include the options of its additions. */
	char *opts_text;                   /* raw text inside (...), or NULL */
	const char *file;                  /* borrowed */
	struct tw_conf_option **opts;      /* own options, in file order */
	size_t nopts;
	size_t optcap;
	struct tw_conf_file *owner;        /* file holding the header */
	struct tw_conf_line *header;       /* the header line */
	struct tw_conf_line *last;         /* last line belonging to it */
	size_t index;                      /* position in tw_conf.sections */
	unsigned line;                     /* 0 for generated sections */
	bool is_template;                  /* (!) */
	bool is_addition;                  /* (+) or (+filter) */
};

struct tw_conf_line {
	struct tw_conf_line *prev, *next;
	const char *raw;                   /* raw bytes incl. EOL, or NULL */
	size_t rawlen;
	char *text;                        /* formatted text for new/changed lines (no EOL) */
	struct tw_conf_section *section;   /* SECTION: itself; OPTION: its section */
	struct tw_conf_option *option;     /* OPTION lines */
	char *dir_arg;                     /* DIRECTIVE argument, wrapper removed */
	unsigned lineno;                   /* 1-based; 0 for generated lines */
	enum tw_line_kind kind;
	enum tw_directive directive;       /* DIRECTIVE lines */
};

struct tw_conf_file {
	char *path;                        /* as opened (or a name for in-memory files) */
	char *data;                        /* the raw bytes read, NUL-terminated; read-only */
	size_t len;
	const char *eol;                   /* "\n" or "\r\n": the file's own style, for new lines */
	bool final_newline;                /* did the file end with a newline */
	struct tw_conf_line *first, *last;
	size_t nlines;
	unsigned depth;                    /* include depth, 0 for the root */
	struct tw_conf *conf;              /* the tw_conf holding this file */
};

struct tw_conf {
	char *confdir;                     /* base for relative #include, or NULL */
	struct tw_conf_file **files;       /* owned, in load order */
	size_t nfiles;
	struct tw_conf_section **sections; /* owned, in Asterisk's load order */
	size_t nsections;
	size_t seccap;
	void *priv;                        /* implementation data (name index, arenas) */
};

#define TW_CONF_IO_ERROR (-1)
#define TW_CONF_NOT_TEXT (-2)

struct tw_conf *tw_conf_new(const char *confdir);
void tw_conf_free(struct tw_conf **c);

/* Parse a file from disk and, when follow_includes, everything it includes
 * (#include errors for missing files and cycles are diagnostics naming the
 * file and line). Returns 0, TW_CONF_IO_ERROR (-1) when the file could not be
 * read, or TW_CONF_NOT_TEXT (-2) when it is not a text config (NUL bytes,
 * binary garbage): then d says why. Syntax problems
 * Asterisk would reject are errors in d but still return 0 (the model holds
 * what could be parsed). */
int tw_conf_load(struct tw_conf *c, const char *path, bool follow_includes,
                 struct tw_diags *d) TW_MUST_CHECK;

#endif
