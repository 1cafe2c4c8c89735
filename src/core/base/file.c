/* file.c - the one whole-file reader (file.h) and tw_dir_of (base.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/file.h"
#include "base/base.h"

static int read_fail(int fd, char *buf, bool large, int err)
{
	if (large)
		tw_free_large(buf);
	else
		free(buf);
	close(fd);
	errno = err;
	return -1;
}

/* Not a mapping of the file: a private mapping is no snapshot (pages not
 * yet copied show later writes to the file, and a truncation makes them
 * raise SIGBUS), while a config model lives on and is written back over
 * the file; measured on the bench file, mapping it was no faster than
 * reading into huge pages either. */
static int read_fd(int fd, bool large, size_t max, char **data, size_t *len)
{
	struct stat sb;
	size_t cap, n = 0;
	ssize_t r;
	char *buf;

	if (fd < 0)
		return -1;
	if (fstat(fd, &sb) != 0)
		return read_fail(fd, NULL, large, errno);
	/* regular files only: a FIFO would hang, /dev/zero never ends */
	if (S_ISDIR(sb.st_mode))
		return read_fail(fd, NULL, large, EISDIR);
	if (!S_ISREG(sb.st_mode))
		return read_fail(fd, NULL, large, TW_ENOTREG);
	if (max && (unsigned long long)sb.st_size > max)
		return read_fail(fd, NULL, large, EFBIG);
	/* room for the NUL and one more byte, so a complete read needs no
	 * realloc; grown only when the file grows while it is read */
	cap = sb.st_size > 0 ? (size_t)sb.st_size + 2 : 4096;
	buf = large ? tw_xmalloc_large(cap) : tw_xmalloc(cap);
	while ((r = read(fd, buf + n, cap - n - 1)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return read_fail(fd, buf, large, errno);
		n += (size_t)r;
		if (n + 1 == cap && max && cap > max)
			return read_fail(fd, buf, large, EFBIG);
		if (n + 1 == cap) {
			cap *= 2;
			buf = large ? tw_xrealloc_large(buf, cap) : tw_xrealloc(buf, cap);
		}
	}
	close(fd);
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return 0;
}

/* O_NONBLOCK: a FIFO in a file's place cannot hang the open. */
static int open_input(const char *path)
{
	return open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
}

int tw_file_read(const char *path, char **data, size_t *len)
{
	return read_fd(open_input(path), false, 0, data, len);
}

int tw_file_read_large(const char *path, size_t max, char **data, size_t *len)
{
	return read_fd(open_input(path), true, max, data, len);
}

int tw_file_read_fd(int fd, size_t max, char **data, size_t *len)
{
	return read_fd(fd, false, max, data, len);
}

char *tw_dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return tw_xstrdup(".");
	if (slash == path)
		return tw_xstrdup("/");
	return tw_xstrndup(path, (size_t)(slash - path));
}
