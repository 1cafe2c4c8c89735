/* fuzz_iplist.c - libFuzzer harness: provider IP lists as text, CSV and JSON. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "trunkwiz/fetch.h"
#include "fetch/fetch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum tw_iplist_format fmts[] = { TW_IPLIST_TEXT, TW_IPLIST_CSV, TW_IPLIST_JSON };
	size_t i;

	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		struct tw_iplist l;
		struct tw_diags d;

		tw_iplist_init(&l);
		tw_diags_init(&d);
		if (tw_iplist_parse((const char *)data, size, fmts[i], NULL, "fuzz", &l, &d) != 0)
			tw_diags_clear(&d);
		tw_iplist_free(&l);
		tw_diags_clear(&d);
	}
	return 0;
}
