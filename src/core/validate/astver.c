#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/run.h"
#include "trunkwiz/validate.h"
#include "validate/validate.h"

/* No Asterisk release has a component this big; it keeps sums safe. */
#define COMPONENT_MAX 9999

/* Reads 1-4 digits at *pp into *out. */
static bool read_component(const char **pp, unsigned *out)
{
	const char *p = *pp;
	unsigned v = 0;

	if (*p < '0' || *p > '9')
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (unsigned)(*p - '0');
		if (v > COMPONENT_MAX)
			return false;
	}
	*out = v;
	*pp = p;
	return true;
}

static const char *skip_prefix_ci(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);

	return strncasecmp(s, prefix, n) == 0 ? s + n : s;
}

int tw_astver_parse(const char *s, struct tw_astver *v)
{
	struct tw_astver r = { 0, 0, 0 };
	unsigned extra;
	unsigned *rest[] = { &r.minor, &r.patch, &extra };
	const char *p;
	size_t i;

	if (!s)
		return -1;
	for (p = s; *p == ' ' || *p == '\t'; p++)
		;
	/* `asterisk -V` says "Asterisk 22.10.1" or "Asterisk certified/20.7-cert3". */
	p = skip_prefix_ci(p, "Asterisk ");
	while (*p == ' ')
		p++;
	p = skip_prefix_ci(p, "certified/");
	p = skip_prefix_ci(p, "certified-");
	if (*p == 'v' || *p == 'V')
		p++;
	if (!read_component(&p, &r.major) || r.major == 0)
		return -1;
	/* Old four-part versions (1.8.32.3): the fourth part does not matter. */
	for (i = 0; i < TW_ARRAY_LEN(rest) && *p == '.'; i++) {
		p++;
		if (!read_component(&p, rest[i]))
			return -1;
	}
	/* Suffixes: "-cert3", "-rc1", a trailing newline. */
	if (*p != '\0' && *p != '-' && *p != ' ' && *p != '\t' && *p != '\n' &&
	    *p != '\r')
		return -1;
	*v = r;
	return 0;
}

const char *tw_astver_str(const struct tw_astver *v)
{
	static char buf[40];

	snprintf(buf, sizeof(buf), "%u.%u.%u", v->major, v->minor, v->patch);
	return buf;
}

static int cmp_unsigned(unsigned a, unsigned b)
{
	return a < b ? -1 : a > b;
}

int tw_astver_cmp(const struct tw_astver *a, const struct tw_astver *b)
{
	int c = cmp_unsigned(a->major, b->major);

	if (c == 0)
		c = cmp_unsigned(a->minor, b->minor);
	if (c == 0)
		c = cmp_unsigned(a->patch, b->patch);
	return c;
}

/* A series missing from the list between two listed ones (19 in
 * "18.13,20.0") never got the feature, so it counts as unsupported, as
 * does any series older than every listed one. A series newer than all
 * of them inherited it. An empty or absent list means "always";
 * unparsable items are ignored, and a list with none left means "never". */
bool tw_astver_since(const struct tw_astver *v, const char *since)
{
	char **items;
	size_t n, i;
	bool have_same = false, have_any = false;
	struct tw_astver same = { 0, 0, 0 }, it;
	unsigned max_major = 0;

	if (!since || since[strspn(since, " \t")] == '\0')
		return true;
	n = tw_split_list(since, ',', &items);
	for (i = 0; i < n; i++) {
		if (tw_astver_parse(items[i], &it) != 0)
			continue;
		have_any = true;
		if (it.major > max_major)
			max_major = it.major;
		if (it.major == v->major &&
		    (!have_same || tw_astver_cmp(&it, &same) < 0)) {
			same = it;
			have_same = true;
		}
	}
	tw_strv_free(&items, n);
	if (have_same)
		return tw_astver_cmp(v, &same) >= 0;
	return have_any && v->major > max_major;
}

/* Is there an executable regular file `asterisk` in dir? */
static char *exec_in_dir(const char *dir, size_t len)
{
	char *path;
	struct stat st;

	if (len == 0)
		return NULL;
	path = tw_xasprintf("%.*s/asterisk", (int)len, dir);
	if (access(path, X_OK) == 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode))
		return path;
	free(path);
	return NULL;
}

/* Search PATH, then the sbin directories a non-root PATH often lacks. */
static char *find_asterisk(void)
{
	const char *path = getenv("PATH");
	const char *dirs[3] = { path ? path : "", "/usr/sbin:/usr/local/sbin", NULL };
	size_t i;

	for (i = 0; dirs[i]; i++) {
		const char *p = dirs[i];

		while (*p) {
			size_t len = strcspn(p, ":");
			char *found = exec_in_dir(p, len);

			if (found)
				return found;
			p += len;
			if (*p == ':')
				p++;
		}
	}
	return NULL;
}

/* `asterisk -V` answers at once; a hung binary must not hang trunkwiz. */
#define DETECT_TIMEOUT_MS 5000

void tw_astver_detect(struct tw_astver *v)
{
	static const struct tw_astver fallback = { TW_ASTVER_DEFAULT_MAJOR, 0, 0 };
	char *exe = find_asterisk(), *out = NULL, *nl;
	const char *argv[3];
	int status;

	*v = fallback;
	if (!exe)
		return;
	argv[0] = exe;
	argv[1] = "-V";
	argv[2] = NULL;
	if (tw_run_capture(argv, DETECT_TIMEOUT_MS, NULL, &out, &status) == TW_RUN_OK) {
		nl = strchr(out, '\n');
		if (nl)
			*nl = '\0';
		if (tw_astver_parse(out, v) < 0)
			*v = fallback;
	}
	free(out);
	free(exe);
}
