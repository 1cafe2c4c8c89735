/* fraud.h - the toll-fraud guard's walk through the dialplan (private to
 * src/core/validate; fraud.c is the guard, fraud_walk.c the walk).
 *
 * A call that arrives in a context may dial out when an extension it can
 * reach Dials a trunk with a number the caller chose: ${EXTEN} of a
 * pattern, or a variable or Gosub/Macro argument made of it. The walk
 * starts with every pattern of the context reachable (the caller picks the
 * number) and follows include =>, Goto, GotoIf, GotoIfTime, Gosub, GosubIf,
 * Macro, ExecIf and Dial(Local/...@ctx) whose context is literal; a target
 * extension that is literal keeps the number fixed, one written ${EXTEN}
 * (or a tainted variable) passes the caller's number on. Every line of a
 * reached extension counts as run (priorities and conditions are not
 * evaluated), which errs on the side of reporting. */
#ifndef TRUNKWIZ_FRAUD_H
#define TRUNKWIZ_FRAUD_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "trunkwiz/conf.h"
#include "validate/validate_priv.h"

struct tw_v_walk;

/* Is the PJSIP endpoint named ep a trunk (a way out to a provider)? */
typedef bool (*tw_v_trunk_fn)(void *ud, const char *ep);

struct tw_v_walk *tw_v_walk_new(const struct tw_conf *dialplan, tw_v_trunk_fn is_trunk,
                                void *ud);
void tw_v_walk_free(struct tw_v_walk **w);
/* Can a call into context ctx dial out with a number the caller chose?
 * Then true, with *via the way out ("PJSIP/endpoint" or the Dial target's
 * technology and resource) and *chain the steps from the context to the
 * Dial with their file:line, both owned by w until it is freed. */
bool tw_v_walk_dialout(struct tw_v_walk *w, const char *ctx, const char **via,
                       const char **chain);
/* Does the dialplan define context ctx? */
bool tw_v_walk_has_context(struct tw_v_walk *w, const char *ctx);

/* ---- the dialplan as the walk reads it (fraud_index.c) ---- */

struct wline {
	const struct tw_conf_option *op;
	const char *app;       /* application name */
	const char *args;      /* between its parentheses */
};

struct wext {
	const char *name;      /* without /cid */
	bool pattern;          /* a pattern with wildcards: the caller picks EXTEN */
	struct wline *lines;
	size_t n, cap;
};

struct winc {
	const char *target;
	const struct tw_conf_option *op;
};

struct wctx {
	const char *name;
	const struct tw_conf_section **secs;
	size_t nsecs;
	bool parsed;
	struct wext *ext;
	size_t next, extcap;
	struct tw_hmap names;         /* extension name -> index in ext */
	struct winc *inc;
	size_t ninc, inccap;
};

/* Contexts by name; a context's lines are read when it is first asked for. */
struct dpindex {
	struct tw_arena ar;
	struct tw_hmap names;         /* context name -> index in ctx */
	struct wctx *ctx;
	size_t nctx, ctxcap;
};

void tw_v_dpindex_init(struct dpindex *x, const struct tw_conf *dialplan);
void tw_v_dpindex_free(struct dpindex *x);
/* The index of context name, or NONE. */
size_t tw_v_dpindex_find(struct dpindex *x, const char *name);
/* Context i with its extensions and includes. */
struct wctx *tw_v_dpindex_ctx(struct dpindex *x, size_t i);

/* Split s (modified) at sep outside (), [], {} and "..." into at most max
 * trimmed parts; backslash escapes. */
size_t tw_v_split_top(char *s, char sep, char **parts, size_t max);
/* The first c outside (), [] and {}, or NULL. */
char *tw_v_find_top(char *s, char c);
/* Does s use one of the variables ("${V}" or "${V:...}")? */
bool tw_v_tainted(const char *s, const char *const *vars, size_t nvars);
/* Does extension ext (a pattern with '_', or literal) match number s? */
bool tw_v_ext_match(const char *ext, const char *s);

#endif
