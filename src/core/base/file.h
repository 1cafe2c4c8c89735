/* file.h - reading a whole file (file.c). Writing one is tw_atomic_write
 * (install.h). */
#ifndef TRUNKWIZ_BASE_FILE_H
#define TRUNKWIZ_BASE_FILE_H

#include <stddef.h>

#include "trunkwiz/base.h"

/* Read a whole file into one buffer, NUL-terminated (malloc'd). Returns 0,
 * or -1 with errno (EISDIR for a directory; *data untouched). */
int tw_file_read(const char *path, char **data, size_t *len) TW_MUST_CHECK;
/* The same into a large block (free it with tw_free_large), so a big file
 * lands in huge pages. An input that goes on past max bytes (/dev/zero,
 * a file growing while it is read) fails with EFBIG. */
int tw_file_read_large(const char *path, size_t max, char **data, size_t *len) TW_MUST_CHECK;

#endif
