/* dynlib.c - loading a shared library on first use (dynlib.h). */
#include "config.h"

#include <dlfcn.h>
#include <stdlib.h>

#include "fetch/dynlib.h"

int tw_dynlib_load(const char *const *sonames, const struct tw_dynsym *syms, size_t n,
                   char **err)
{
	void *h = NULL;
	const char *why = "no library name";
	size_t i;

	*err = NULL;
	for (i = 0; sonames[i] && !h; i++) {
		h = dlopen(sonames[i], RTLD_NOW | RTLD_LOCAL);
		if (!h)
			why = dlerror();
	}
	if (!h) {
		*err = tw_xasprintf("cannot load %s: %s", sonames[0], why ? why : "unknown error");
		return -1;
	}
	for (i = 0; i < n; i++) {
		*syms[i].slot = dlsym(h, syms[i].name);
		if (!*syms[i].slot) {
			*err = tw_xasprintf("%s lacks %s (too old a version?)", sonames[0], syms[i].name);
			return -1;
		}
	}
	return 0;
}
