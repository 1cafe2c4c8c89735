/* fuzz_conf.c - libFuzzer harness: the config parser and every validator
 * on one input, read as pjsip.conf, pjsip_wizard.conf and extensions.conf. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "trunkwiz/conf.h"
#include "trunkwiz/validate.h"
#include "conf/conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void one(const char *name, const uint8_t *data, size_t size, int kind)
{
	struct tw_conf *c = tw_conf_new(NULL);
	struct tw_validate_opts o;
	struct tw_diags d;

	tw_diags_init(&d);
	tw_validate_opts_init(&o);
	if (tw_conf_parse(c, name, (const char *)data, size, &d) == 0) {
		o.pjsip = kind == 0 ? c : NULL;
		o.dialplan = kind == 2 ? c : NULL;
		if (kind == 0)
			tw_validate_pjsip(c, &o, &d);
		else if (kind == 1)
			tw_validate_wizard(c, &o, &d);
		else
			tw_validate_dialplan(c, &o, &d);
		tw_diags_sort(&d);
	}
	tw_diags_clear(&d);
	tw_conf_free(&c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	one("pjsip.conf", data, size, 0);
	one("pjsip_wizard.conf", data, size, 1);
	one("extensions.conf", data, size, 2);
	return 0;
}
