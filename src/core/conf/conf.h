/* conf/conf.h - what the rest of the core uses of src/core/conf/ beyond
 * trunkwiz/conf.h (the front ends do not call these). */
#ifndef TW_CORE_CONF_H
#define TW_CORE_CONF_H

#include "trunkwiz/conf.h"

/* Same for bytes in memory; name is used in diagnostics. Does not follow
 * includes. */
int tw_conf_parse(struct tw_conf *c, const char *name, const char *data,
                  size_t len, struct tw_diags *d) TW_MUST_CHECK;

/* Read a file from memory instead of disk in later loads: the root file
 * and #include targets whose path (as the loader builds it: the config dir,
 * '/', the #include argument) equals path. data NULL means the file is
 * taken as absent. The bytes are borrowed and must outlive the loads. Used
 * to validate the whole config a change would produce before writing it. */
void tw_conf_overlay(struct tw_conf *c, const char *path, const char *data, size_t len);

/* The file a tw_conf holds under path, or NULL. */
struct tw_conf_file *tw_conf_find_file(const struct tw_conf *c, const char *path);

/* Writing: untouched lines are written raw, the rest formatted. */
void tw_conf_file_write_buf(const struct tw_conf_file *f, struct tw_buf *out);
int tw_conf_file_write(const struct tw_conf_file *f, FILE *out) TW_MUST_CHECK;

/* Building (render) and editing (install). New files use "\n" line ends. */
struct tw_conf_file *tw_conf_add_file(struct tw_conf *c, const char *name);

/* Append a "; text" comment line (text may be "" for a bare ';'). */
void tw_conf_file_add_comment(struct tw_conf_file *f, const char *text);
void tw_conf_file_add_blank(struct tw_conf_file *f);

/* Append a directive line, e.g. (TW_DIR_INCLUDE, "trunkwiz/x.conf"). */
struct tw_conf_line *tw_conf_file_add_directive(struct tw_conf_file *f,
                                                enum tw_directive dir,
                                                const char *arg);

/* Append "[name]" or "[name](opts)" at the end of the file (opts NULL or ""
 * for none). Bases named in opts are resolved among the sections already
 * in c. */
struct tw_conf_section *tw_conf_file_add_section(struct tw_conf_file *f,
                                                 const char *name,
                                                 const char *opts);

/* Append an option after the section's last line. Written as "name = value"
 * (TW_OP_SET), "name => value" (TW_OP_OBJECT) or "name += value". */
struct tw_conf_option *tw_conf_section_add(struct tw_conf_section *s,
                                           const char *name, const char *value,
                                           enum tw_conf_op op);

/* Remove a line (and, for a section header, nothing else). */
void tw_conf_file_remove_line(struct tw_conf_file *f, struct tw_conf_line *ln);

/* Last value of option `name` in s, its bases included (Asterisk copies base
 * options in front of the section's own), or NULL. */
const struct tw_conf_option *tw_conf_section_get(const struct tw_conf_section *s,
                                                 const char *name);
/* The last of s's own options (bases not included) named name (any case),
 * or NULL. */
const struct tw_conf_option *tw_conf_section_own_last(const struct tw_conf_section *s,
                                                      const char *name);

/* Lookups. Option names compare case-insensitively (Asterisk), section names
 * case-sensitively unless noted. A lookup by section name brings the
 * private name index up to date first, so a tw_conf is not for lookups
 * from several threads at once. */
const char *tw_conf_section_value(const struct tw_conf_section *s,
                                  const char *name);

/* All options of s in effective order (bases first, then own); name NULL
 * means every option. Returns the count; *out is a malloc'd array of borrowed
 * pointers the caller frees with free(). */
size_t tw_conf_section_collect(const struct tw_conf_section *s, const char *name,
                               const struct tw_conf_option ***out);

/* First section with this exact name, or NULL. */
struct tw_conf_section *tw_conf_find_section(const struct tw_conf *c,
                                             const char *name);

/* Visit every section with this name (exact), in load order. */
size_t tw_conf_find_sections(const struct tw_conf *c, const char *name,
                             struct tw_conf_section ***out);

/* Escape a value for writing: ';' -> '\;'. Returns a new string. */
char *tw_conf_escape(const char *value);

#endif
