/* file.h - reading a whole file (file.c). Writing one is tw_atomic_write
 * (install.h). */
#ifndef TRUNKWIZ_BASE_FILE_H
#define TRUNKWIZ_BASE_FILE_H

#include <errno.h>
#include <stddef.h>

#include "trunkwiz/base.h"
#include "base/base.h"
#include "install/install.h"

/* errno of the readers for what is not a regular file (a FIFO, a device,
 * a socket): they take regular files only. */
#define TW_ENOTREG ENODEV

/* Read a whole file into one buffer, NUL-terminated (malloc'd). Returns 0,
 * or -1 with errno (EISDIR for a directory, TW_ENOTREG for another file
 * that is not a regular one; *data untouched). The open never blocks. */
int tw_file_read(const char *path, char **data, size_t *len) TW_MUST_CHECK;
/* The same into a large block (free it with tw_free_large), so a big file
 * lands in huge pages. An input that goes on past max bytes (/dev/zero,
 * a file growing while it is read) fails with EFBIG. */
int tw_file_read_large(const char *path, size_t max, char **data, size_t *len) TW_MUST_CHECK;
/* tw_file_read from an open descriptor (closed here); max as above (0: no
 * cap), checked against the file's size before anything is read. */
int tw_file_read_fd(int fd, size_t max, char **data, size_t *len) TW_MUST_CHECK;

#endif
