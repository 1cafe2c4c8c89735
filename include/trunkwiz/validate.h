/* trunkwiz/validate.h - the validate module's interface (src/core/validate/). */
#ifndef TRUNKWIZ_VALIDATE_H
#define TRUNKWIZ_VALIDATE_H

#include <stdbool.h>

#include "trunkwiz/base.h"
#include "trunkwiz/conf.h"

/* astver.h - the Asterisk version a config is rendered and validated for. */

struct tw_astver {
	unsigned major, minor, patch;
};

#define TW_ASTVER_DEFAULT_MAJOR 20

/* Parse "20", "22.2", "20.12.0", "Asterisk 22.10.1" (the `asterisk -V`
 * output), "certified/20.7-cert3" style suffixes ignored. 0 or -1. */
int tw_astver_parse(const char *s, struct tw_astver *v) TW_MUST_CHECK;
/* What `asterisk -V` reports when installed, else 20.0.0. */
void tw_astver_detect(struct tw_astver *v);

/* validate.h - diagnostics for parsed pjsip.conf / extensions.conf models,
 * following the PJSIP schema reference (sections 1-8). Option tables are data,
 * one per object type (src/core/schema.c). */

struct tw_validate_opts {
	struct tw_astver version;        /* target Asterisk */
	const struct tw_conf *dialplan;  /* extensions.conf (for endpoint context), or NULL */
	const struct tw_conf *pjsip;     /* pjsip.conf (for Dial targets), or NULL */
	/* Whose addresses a provider profile lists (its name and its identify
	 * list), to name the owner of an identify match wider than /16 (IPv4)
	 * or /48 (IPv6) that holds or lies in one of them; NULL: unknown. */
	const char *range_owner;
	const char *owner_ranges;
	/* Object types kept outside the files (realtime, ...), as bits
	 * 1 << (type index); set by tw_validate_read_sorcery(). References
	 * to them are not checked. */
	unsigned external;
};

void tw_validate_opts_init(struct tw_validate_opts *o);

/* Read a parsed sorcery.conf into o->external, with a note for each type
 * kept outside the files. sorcery NULL: nothing. */
void tw_validate_read_sorcery(const struct tw_conf *sorcery, struct tw_validate_opts *o,
                              struct tw_diags *d);

/* Lint a pjsip.conf model (all files it holds). */
void tw_validate_pjsip(const struct tw_conf *pjsip, const struct tw_validate_opts *o,
                       struct tw_diags *d);
/* Lint a pjsip_wizard.conf model: type=wizard sections as
 * res_pjsip_config_wizard builds objects from them (transport names are
 * looked up in o->pjsip when given); any other section is an error. */
void tw_validate_wizard(const struct tw_conf *wiz, const struct tw_validate_opts *o,
                        struct tw_diags *d);

/* What a config file is: by name (extensions*.conf, pjsip_wizard*.conf,
 * pjsip*.conf), else by content (exten/same lines, type = wizard). */
enum tw_file_kind {
	TW_KIND_PJSIP,
	TW_KIND_WIZARD,
	TW_KIND_DIALPLAN,
};

enum tw_file_kind tw_validate_file_kind(const char *path);
/* "pjsip", "wizard", "dialplan" (or "pjsip_wizard", "extensions"); -1 if unknown. */
int tw_validate_kind_parse(const char *s);

/* Diagnostics in a file of c that a PBX distribution generated (FreePBX's
 * "auto-generated" banner) get a hint saying where to fix them. */
void tw_validate_mark_generated(const struct tw_conf *c, struct tw_diags *d);

/* When an #include is missing, the references to undefined objects (the
 * objects were most likely in that file) are folded into its diagnostic
 * as a count. */
void tw_validate_fold_followons(struct tw_diags *d);

/* A run of lines Asterisk ignores as unknown directives ('#' used as a
 * comment marker) folds into its first line with a count. d sorted. */
void tw_validate_fold_runs(struct tw_diags *d);

/* The stable code of a diagnostic ("TW1001"; "TW0000" when none fits). */
const char *tw_validate_code(const struct tw_diag *g);

/* Lint an extensions.conf model: patterns, priorities, same =>, Dial()
 * targets (PJSIP/<endpoint> must exist in o->pjsip when given). */
void tw_validate_dialplan(const struct tw_conf *ext, const struct tw_validate_opts *o,
                          struct tw_diags *d);

#endif
