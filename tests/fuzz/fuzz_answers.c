/* fuzz_answers.c - libFuzzer harness: an answers file (render -a). The
 * loader reads a path, so the input goes through one temp file. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "trunkwiz/trunk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	struct tw_trunk *t = tw_trunk_new();
	struct tw_diags d;
	FILE *f;

	if (!path[0])
		snprintf(path, sizeof(path), "/tmp/tw-fuzz-answers.%ld", (long)getpid());
	f = fopen(path, "wb");
	if (!f)
		abort();
	fwrite(data, 1, size, f);
	fclose(f);
	tw_diags_init(&d);
	if (tw_trunk_load_answers(t, path, &d) != 0)
		tw_diags_clear(&d);
	tw_diags_clear(&d);
	tw_trunk_free(&t);
	return 0;
}
