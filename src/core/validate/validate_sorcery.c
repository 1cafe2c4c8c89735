/* validate_sorcery.c - what sorcery.conf says about where pjsip objects
 * live. A type mapped to a backend other than "config" (realtime, astdb,
 * memory, ...) has its objects outside pjsip.conf: references to them
 * cannot be checked from the files, and saying they are missing would be
 * false (res_sorcery's wizards; sorcery.conf.sample: "endpoint =
 * realtime,ps_endpoints"). */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "trunkwiz/base.h"
#include "trunkwiz/validate.h"
#include "validate/validate_priv.h"

/* sorcery.conf names the object types as pjsip.conf's type= does. */
static int obj_of(const char *name)
{
	enum tw_obj t = tw_schema_obj_find(name);

	return t == TW_OBJ_NONE ? -1 : (int)t;
}

void tw_validate_read_sorcery(const struct tw_conf *sorcery, struct tw_validate_opts *o,
                              struct tw_diags *d)
{
	size_t i, k;

	if (!sorcery)
		return;
	for (i = 0; i < sorcery->nsections; i++) {
		const struct tw_conf_section *s = sorcery->sections[i];

		for (k = 0; k < s->nopts; k++) {
			const struct tw_conf_option *op = s->opts[k];
			int t = obj_of(op->name);
			size_t n;

			if (t < 0 || !op->value)
				continue;
			n = strcspn(op->value, ",");
			if (n == 6 && strncasecmp(op->value, "config", 6) == 0)
				continue;
			if (o->external & (1u << t))
				continue;
			o->external |= 1u << t;
			tw_diags_add(d, TW_NOTE, op->file, op->line, NULL, NULL,
			             "%s objects are kept in %.*s: references to them are not "
			             "checked here", op->name, (int)n, op->value);
		}
	}
}
