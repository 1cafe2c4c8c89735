/* fuzz_profile.c - libFuzzer harness: a provider profile from memory. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "trunkwiz/trunk.h"
#include "trunk/trunk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tw_diags d;
	struct tw_profile *p;

	tw_diags_init(&d);
	p = tw_profile_load_mem("fuzz.conf", (const char *)data, size, &d);
	tw_profile_free(&p);
	tw_diags_clear(&d);
	return 0;
}
