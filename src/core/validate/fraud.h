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

#include "trunkwiz/conf.h"

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

#endif
