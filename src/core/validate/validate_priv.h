/* validate_priv.h - shared by the validator's files in src/core (not a
 * public header: include/trunkwiz/validate.h is the interface).
 *
 * The option tables live in schema.c; the validator interprets them (value
 * syntax, version gates, required options) and adds the checks that span
 * options, sections and files (references, duplicates, overlapping identify
 * matches, endpoint contexts, Dial() targets). Every diagnostic points at
 * the line that causes it, names section, option and value, and says how to
 * fix it. Severity follows what Asterisk does (schema reference, severity
 * model): what Asterisk rejects or silently misreads is an error, what works
 * but is likely wrong is a warning.
 *
 *   validate_util.c      list items, the checking context and
 *                        its diagnostics, raw lines and section headers
 *   validate_values.c    option values, and the tw_check_* shared with the
 *                        trunk answers
 *   validate_model.c     the pjsip model: effective types, additions, object
 *                        index
 *   validate_objects.c   pjsip: one section or object at a time
 *   validate_transport.c pjsip: transports, and files objects name
 *   validate_pjsip.c     pjsip: checks across objects, tw_validate_pjsip()
 *   validate_dialplan.c  extensions.conf, tw_validate_dialplan()
 *   fraud.c, fraud_walk.c the toll-fraud guard (run by tw_validate_pjsip)
 *
 * Shared functions are tw_v_*; the tiny ones on hot paths are static inline
 * here. */
#ifndef TRUNKWIZ_VALIDATE_PRIV_H
#define TRUNKWIZ_VALIDATE_PRIV_H

#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "base/hmap.h"
#include "trunkwiz/validate.h"
#include "trunkwiz/conf.h"
#include "trunkwiz/base.h"
#include "validate/schema.h"
#include "validate/validate.h"

#define ITEM_MAX 8192            /* longest list item looked at */
#define SUGGEST_MAX_NAMES 2000   /* edit-distance suggestions up to this many ids */
#define SUGGEST_BUDGET 64        /* ... and for at most this many misses */
#define NONE SIZE_MAX

/* ---- small string helpers (validate_util.c) ---- */

static inline bool tw_v_is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Next item of a list split at any byte of seps, trimmed, copied into buf.
 * An empty value yields one empty item. Returns false after the last. */
bool tw_v_next_item(const char **pp, const char *seps, char *buf, size_t cap);
bool tw_v_all_digits(const char *s);

/* ---- growable vectors (pushed in validate_model.c) ---- */

struct optvec {
	const struct tw_conf_option **v;
	size_t n, cap;
};

struct namevec {
	const char **v;
	size_t n, cap;
};

/* ---- the checking context and its diagnostics (validate_util.c) ---- */

/* Memo of a lookup keyed by pointers: a schema option by (type, option
 * name) or a version list by its text. Option names are interned by the
 * parser and version lists are static, so one pointer stands for many
 * lines; the strings never change while a model is checked. Open
 * addressing; when it fills up it starts over. */
struct memo_ent {
	const void *key, *key2;            /* key NULL: empty */
	const struct tw_schema_opt *so;
	bool yes;
};

#define MEMO_SIZE 256

struct memo {
	struct memo_ent e[MEMO_SIZE];
	size_t n;
};

struct vctx {
	const struct tw_validate_opts *o;
	struct tw_validate_opts defaults;
	struct tw_diags *d;
	struct optvec ov;                  /* scratch for effective options */
	unsigned suggest_left;
	struct memo opts;                  /* tw_schema_opt_find */
	struct memo since;                 /* tw_astver_since for the target */
	uint64_t codec_all, codec_audio;   /* codec bit sets, once codec_sets */
	bool codec_sets;
	struct {                           /* placeholders seen, for folding */
		const char *text;              /* the value (borrowed) */
		size_t diag;                   /* index of its diagnostic in d */
		unsigned more;                 /* lines folded into it */
	} ph[16];
	size_t nph;
	char item[ITEM_MAX];
	char item2[ITEM_MAX];
};

/* o NULL: the defaults of tw_validate_opts_init(). */
void tw_v_vctx_init(struct vctx *c, const struct tw_validate_opts *o, struct tw_diags *d);
/* The entry for (a, b), *found telling whether it was there; else the
 * empty entry to fill in. */
struct memo_ent *tw_v_memo_get(struct memo *m, const void *a, const void *b, bool *found);

/* tw_schema_opt_find(st, name), memoized. */
static inline const struct tw_schema_opt *tw_v_schema_opt(struct vctx *c,
                                                          const struct tw_schema_type *st,
                                                          const char *name)
{
	struct memo_ent *e;
	bool found;

	if (!st)
		return NULL;
	e = tw_v_memo_get(&c->opts, name, st, &found);
	if (!found)
		e->so = tw_schema_opt_find(st, name);
	return e->so;
}

/* Does the target version have what arrived in these versions? Memoized
 * tw_astver_since (true for NULL). */
static inline bool tw_v_since(struct vctx *c, const char *versions)
{
	struct memo_ent *e;
	bool found;

	if (!versions)
		return true;
	e = tw_v_memo_get(&c->since, versions, NULL, &found);
	if (!found)
		e->yes = tw_astver_since(&c->o->version, versions);
	return e->yes;
}

/* A diagnostic about an option line: "[sec] name = 'value': what". */
void tw_v_odiag(struct vctx *c, enum tw_severity sev, const struct tw_conf_section *s,
                const struct tw_conf_option *op, const char *hint, const char *fmt, ...)
	TW_PRINTF(6, 7);
/* Same, hiding the value. */
void tw_v_odiag_secret(struct vctx *c, enum tw_severity sev, const struct tw_conf_section *s,
                       const struct tw_conf_option *op, const char *hint, const char *fmt, ...)
	TW_PRINTF(6, 7);
/* A diagnostic about a section as a whole, at its header line. */
void tw_v_sdiag(struct vctx *c, enum tw_severity sev, const struct tw_conf_section *s,
                const char *hint, const char *fmt, ...) TW_PRINTF(5, 6);
const char *tw_v_ver_str(struct vctx *c);
/* "20.12, 21.7, 22.2, 23.0" from "20.12,21.7,22.2,23.0" (static buffer). */
const char *tw_v_since_str(const char *since);
/* Control characters (other than tab) in a value, and a ';' glued to the
 * value that Asterisk took as the start of a comment. */
void tw_v_check_line_text(struct vctx *c, const struct tw_conf_section *s,
                          const struct tw_conf_option *op, bool secret);
/* A value that is a placeholder someone forgot to fill in (<YOUR_IP>,
 * __SIP_BIND__, [YOUR PUBLIC IP], ..._HERE, CHANGEME)? */
bool tw_v_is_placeholder(const char *v);
/* One diagnostic per placeholder text, the repeats folded into it ("also
 * at lines ..."): sev is what the value costs (error when Asterisk refuses
 * it). */
void tw_v_placeholder(struct vctx *c, enum tw_severity sev, const struct tw_conf_section *s,
                      const struct tw_conf_option *op);
/* The first #exec line of c's files (0: none), its file in *file. What
 * its output defines is not known here: Asterisk runs it only with
 * execincludes = yes, and this program runs nothing. */
unsigned tw_v_first_exec(const struct tw_conf *c, const char **file);
/* The words that say so, shared by the notes that leave a reference
 * unchecked because of it. */
#define TW_V_EXEC_MAY "the #exec at %s:%u may define it (its output is not checked here)"
/* Header problems Asterisk does not report: over-long names, "[t] (!)",
 * "(a, b)". */
void tw_v_check_header(struct vctx *c, const struct tw_conf_section *s);

/* ---- option values (validate_values.c) ---- */

/* The value of one line against its schema entry. */
void tw_v_check_value(struct vctx *c, const struct tw_conf_section *s,
                      const struct tw_conf_option *op, const struct tw_schema_opt *so);

/* A host that no resolver answers: not a host name and not a DNS name
 * with '_' (SIP_REGISTRAR_HERE, REMOTE_HOST, __GW__), as identify match
 * and the wizard's remote_hosts see it. */
bool tw_v_host_unresolvable(const char *host);

/* ---- the pjsip model (validate_model.c) ---- */

enum skind {
	K_NOTYPE,   /* no type line at all */
	K_OBJ,      /* one of the six checked types */
	K_OTHER,    /* a type other modules own (global, acl, ...) */
	K_BADTYPE,  /* a type nothing claims */
};

/* What the model needs of a section is copied here when the section is
 * first read: a big file's sections lie far apart in memory, and every
 * pass over them would cost a cache miss per section. */
struct sinfo {
	const struct tw_conf_section *s;
	const char *name;      /* s->name */
	const struct tw_conf_option *type_opt;  /* first effective type line */
	enum skind kind;
	enum tw_obj obj;       /* K_OBJ */
	enum tw_obj infer;     /* untyped template: the type of a section using it */
	uint32_t names;        /* name_bit of each own option (0: not known yet) */
	uint32_t id_hash;      /* hash of the id: the name's first id_len bytes */
	uint8_t id_len;        /* up to TW_CONF_MAX_NAME */
	bool is_base;
	bool is_addition, is_template, has_bases;   /* copies of s's */
	size_t target;         /* addition: the section it extends */
	size_t first_add, next_add;
	size_t next_ci;        /* next section with the same name, any case */
};

struct pmodel {
	const struct tw_conf *c;
	size_t n;
	struct tw_arena mem;               /* the object tables */
	struct sinfo *si;
	uint32_t *walk;                    /* visit stamps of base walks, [n]: current */
	struct tw_hmap objs[TW_OBJ_COUNT];    /* id (first 79 bytes) -> section index */
	struct namevec names[TW_OBJ_COUNT];
};

/* Called for a second object with the same id and type. */
typedef void (*dup_fn)(void *ud, const struct tw_conf_section *first,
                       const struct tw_conf_section *again, enum tw_obj obj);

/* Option names compare case-insensitively, for ASCII letters only (as the
 * parser compares them, whatever the locale). */
static inline bool tw_v_name_eq_rest(const char *a, const char *b)
{
	if (strcmp(a, b) == 0) /* names are mostly written the same way */
		return true;
	for (; *a && tw_ascii_lower((unsigned char)*a) == tw_ascii_lower((unsigned char)*b);
	     a++, b++)
		;
	return tw_ascii_lower((unsigned char)*a) == tw_ascii_lower((unsigned char)*b);
}

/* Test the first byte first: most names differ there. */
static inline bool tw_v_name_eq(const char *a, const char *b)
{
	return tw_ascii_lower((unsigned char)*a) == tw_ascii_lower((unsigned char)*b) &&
	       (a == b || tw_v_name_eq_rest(a, b));
}

/* One pass over the sections reads what the model needs of each (see
 * struct sinfo); additions, which depend on the sections they extend, are
 * linked after it. Then the objects are indexed by id; on_dup (may be
 * NULL) hears of each second object of a type and id. */
void tw_v_model_build(struct pmodel *pm, const struct tw_conf *c, struct optvec *ov,
                      dup_fn on_dup, void *ud);
void tw_v_model_free(struct pmodel *pm);
/* The object of a type with this exact id, or NONE. */
size_t tw_v_model_find(struct pmodel *pm, enum tw_obj obj, const char *id);
/* The object type of section i: its effective type, or for an untyped
 * base section the type of a section using it; else TW_OBJ_NONE. */
enum tw_obj tw_v_sec_type(const struct pmodel *pm, size_t i);
const struct tw_conf_option *tw_v_own_first(const struct tw_conf_section *s,
                                            const char *name);
/* The walks behind the three below: adds takes the additions in, depth
 * counts the bases followed. */
const struct tw_conf_option *tw_v_eff_last_d(const struct pmodel *pm, size_t i,
                                             const char *name, bool adds, unsigned depth);
void tw_v_eff_collect_d(const struct pmodel *pm, size_t i, const char *name,
                        bool adds, struct optvec *ov, unsigned depth);

/* The value Asterisk uses: additions, then own lines, then bases (last
 * base first), the last line winning. */
static inline const struct tw_conf_option *tw_v_eff_last(const struct pmodel *pm, size_t i,
                                                         const char *name)
{
	return tw_v_eff_last_d(pm, i, name, true, 0);
}

static inline const char *tw_v_eff_value(const struct pmodel *pm, size_t i, const char *name)
{
	const struct tw_conf_option *op = tw_v_eff_last(pm, i, name);

	return op && op->value ? op->value : NULL;
}

/* Every option named name (all when NULL) in effective order: bases, own
 * lines, additions; into ov, emptied first. */
static inline void tw_v_eff_collect(const struct pmodel *pm, size_t i, const char *name,
                                    struct optvec *ov)
{
	ov->n = 0;
	tw_v_eff_collect_d(pm, i, name, true, ov, 0);
}

/* ---- pjsip (validate_objects.c, validate_pjsip.c) ---- */

struct mentry {             /* one identify match item (validate_pjsip.c) */
	int fam;                /* 4, 6, or 0 for a host name */
	uint8_t a[16];
	unsigned prefix, port;
	const char *host;       /* fam 0: the name (points into hosts arena) */
	const char *ep;         /* endpoint it identifies */
	const struct tw_conf_option *op;
	const struct tw_conf_section *ident;
};

struct bentry {             /* one transport bind */
	char *key;              /* "udp 0.0.0.0:5060" */
	const struct tw_conf_option *op;
	const struct tw_conf_section *s;
};

struct pjctx {
	struct vctx *c;
	struct pmodel pm;
	struct tw_hmap contexts;   /* dialplan contexts (when o->dialplan) */
	bool have_dialplan;
	struct mentry *m;
	size_t nm, mcap;
	struct bentry *b;
	size_t nb, bcap;
	struct tw_arena hosts;
	size_t neps, nregs;
	int exec_known;            /* 0: not looked for yet; 1: none; 2: exec_* set */
	const char *exec_file;     /* the first #exec of the pjsip files */
	unsigned exec_line;
	const struct tw_schema_opt **req[TW_OBJ_COUNT]; /* required options but type */
	size_t nreq[TW_OBJ_COUNT];
};

/* validate_objects.c */
const char *tw_v_obj_name(enum tw_obj t);
/* Name of the section a line belongs to (the template for inherited ones). */
const struct tw_conf_section *tw_v_line_sec(const struct tw_conf_option *op,
                                            const struct tw_conf_section *dflt);
/* The required options of each type (but type itself), in table order. */
void tw_v_find_required(struct pjctx *pc);
/* Everything about section i on its own: header, type line, own lines and,
 * for an object, its required options and the checks of its type. */
void tw_v_check_section(struct pjctx *pc, size_t i);

/* validate_transport.c: a transport's files, cipher list and bind (its
 * bind is kept for the duplicate-bind check); an endpoint's DTLS files. */
void tw_v_check_transport(struct pjctx *pc, size_t i);
void tw_v_check_dtls_files(struct pjctx *pc, size_t i);

/* validate_pjsip.c: the match items of identify i, for the overlap check. */
void tw_v_collect_matches(struct pjctx *pc, size_t i);

/* fraud.c: the toll-fraud guard (identify breadth, trunks in the phones'
 * context, inbound contexts that reach an outbound Dial), after the rest. */
void tw_v_fraud(struct pjctx *pc);

#endif
