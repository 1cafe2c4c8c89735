/* render.h - trunk -> pjsip sections and dialplan contexts. Deterministic:
 * the same answers give the same bytes. */
#ifndef TRUNKWIZ_RENDER_H
#define TRUNKWIZ_RENDER_H

#include <stdbool.h>
#include <stddef.h>

#include "trunkwiz/astver.h"
#include "trunkwiz/diag.h"
#include "trunkwiz/profile.h"
#include "trunkwiz/trunk.h"

struct tw_render {
	char *pjsip;          /* pjsip.conf part */
	char *extensions;     /* extensions.conf part */
	/* For each line of each part (1-based; [0] unused), the trunk key that
	 * produced it, or NULL: maps diagnostics back to answers. */
	const char **pjsip_origin;
	size_t pjsip_lines;
	const char **ext_origin;
	size_t ext_lines;
};

/* Check the answers (required keys, value syntax) and render them. Returns
 * 0, or -1 with errors in d (located at trunk.FIELD). */
int tw_render(const struct tw_trunk *t, const struct tw_profile *p,
              const struct tw_astver *ver, struct tw_render *out,
              struct tw_diags *d) TW_MUST_CHECK;
/* Render and validate the output; diagnostics on rendered lines are mapped
 * back to the answer that caused them. Returns 0 when no error. */
int tw_render_validate(const struct tw_trunk *t, const struct tw_profile *p,
                       const struct tw_astver *ver, struct tw_render *out,
                       struct tw_diags *d) TW_MUST_CHECK;
void tw_render_free(struct tw_render *r);
/* Re-point diagnostics about lines of a file holding a rendered part (the
 * pjsip part, or the extensions part when !pjsip_part) after `offset` lines
 * of header at the answer that produced each line (trunk.FIELD). */
void tw_render_map_back(struct tw_diags *d, const char *file, const struct tw_render *r,
                        bool pjsip_part, unsigned offset);
/* The transport trunkwiz creates when the config has none for protocol tr:
 * bound to 0.0.0.0 on the standard port, with local_net lines for the
 * machine's private networks and external addresses when public_ip is
 * given (NAT). A malloc'd text of one section. */
char *tw_render_transport(enum tw_transport tr, const char *public_ip,
                          const char *const *local_nets, size_t nnets);

#endif
