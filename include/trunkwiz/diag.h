/* diag.h - diagnostics: severity, location, message and a fix hint. */
#ifndef TRUNKWIZ_DIAG_H
#define TRUNKWIZ_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "trunkwiz/util.h"

enum tw_severity {
	TW_NOTE,
	TW_WARNING,
	TW_ERROR,
};

/* Where a diagnostic points: a parsed file and line ("pjsip.conf:12"), or a
 * trunk answer ("trunk.username"), or nothing. */
struct tw_diag {
	enum tw_severity sev;
	char *file;     /* owned; NULL when not about a file */
	unsigned line;  /* 1-based; 0 = whole file */
	char *field;    /* owned; trunk answer name ("username"), or NULL */
	char *msg;      /* owned; what is wrong */
	char *hint;     /* owned; how to fix it, or NULL */
};

/* A list of diagnostics; owns its items. */
struct tw_diags {
	struct tw_diag *v;
	size_t n;
	size_t cap;
};

void tw_diags_init(struct tw_diags *d);
void tw_diags_clear(struct tw_diags *d);
void tw_diags_add(struct tw_diags *d, enum tw_severity sev, const char *file,
                  unsigned line, const char *field, const char *hint,
                  const char *fmt, ...) TW_PRINTF(7, 8);
/* Shorthands. */
#define tw_diag_at(d, sev, file, line, hint, ...) \
	tw_diags_add((d), (sev), (file), (line), NULL, (hint), __VA_ARGS__)
#define tw_diag_field(d, sev, field, hint, ...) \
	tw_diags_add((d), (sev), NULL, 0, (field), (hint), __VA_ARGS__)
/* Move every item of src to the end of dst; src is left empty. */
void tw_diags_move(struct tw_diags *dst, struct tw_diags *src);
size_t tw_diags_count(const struct tw_diags *d, enum tw_severity sev);
bool tw_diags_has_errors(const struct tw_diags *d);
/* Sort by file, line, then the order they were added (stable). */
void tw_diags_sort(struct tw_diags *d);
const char *tw_severity_name(enum tw_severity sev);
/* Compiler style: "FILE:LINE: error: msg" or "trunk.FIELD: error: msg",
 * then "  hint: ..." on the next line. */
void tw_diag_print(const struct tw_diag *g, FILE *out, bool color);
void tw_diags_print(const struct tw_diags *d, FILE *out, bool color);

#endif
