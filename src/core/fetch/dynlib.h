/* dynlib.h - loading a shared library when it is first needed.
 *
 * libcurl (with its 30-odd dependencies) and OpenSSL cost this program more
 * start-up time than everything else it does for `render` or `check`
 * (mapping and relocating the libraries: about 20 ms of page faults on the
 * reference machine, against a 5 ms budget for a render). Only downloads
 * and the doctor need them, so fetch.c and the doctor's TLS and digest code
 * load them through here on first use. */
#ifndef TRUNKWIZ_DYNLIB_H
#define TRUNKWIZ_DYNLIB_H

#include <stddef.h>

#include "trunkwiz/base.h"

/* One function to resolve: its name and where to store its address. */
struct tw_dynsym {
	const char *name;
	void **slot;
};

/* dlopen the first of the NULL-terminated sonames that loads, then resolve
 * every symbol. Returns 0, or -1 with *err (malloc'd) saying which library
 * or symbol is missing. The library stays loaded. */
int tw_dynlib_load(const char *const *sonames, const struct tw_dynsym *syms, size_t n,
                   char **err) TW_MUST_CHECK;

#endif
