#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "trunkwiz/trunk.h"

static void render_help(void)
{
	const struct tw_trunk_key *keys;
	size_t n, i;

	keys = tw_trunk_keys(&n);
	puts("Usage: trunkwiz render [-a FILE] [-p ID] [--pjsip FILE --extensions FILE] [KEY=VALUE..]\n"
	     "Render a trunk (pjsip.conf part and extensions.conf part), validated.\n"
	     "\nAnswer keys:");
	for (i = 0; i < n; i++)
		printf("  %-18s %s\n", keys[i].name, keys[i].help);
	printf("  %-18s %s\n", "password_file", "read the password from the first line of a file");
}

/* Write data to path through a temp file in the same dir and rename(). */
static int write_file(const char *path, const char *data, mode_t mode)
{
	char *tmp = tw_xasprintf("%s.tmpXXXXXX", path);
	size_t len = strlen(data), off = 0;
	int fd = mkstemp(tmp);

	if (fd < 0)
		goto fail;
	if (fchmod(fd, mode) < 0)
		goto fail_fd;
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			goto fail_fd;
		off += (size_t)w;
	}
	if (fsync(fd) < 0 || close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	if (rename(tmp, path) < 0)
		goto fail;
	free(tmp);
	return 0;
fail_fd:
	close(fd);
fail:
	fprintf(stderr, "trunkwiz: cannot write %s: %s\n", path, strerror(errno));
	unlink(tmp);
	free(tmp);
	return -1;
}

int tw_cmd_render(struct tw_cli *cli, int argc, char **argv)
{
	enum { OPT_PJSIP = 256, OPT_EXT };
	static const struct option longopts[] = {
		{ "pjsip", required_argument, NULL, OPT_PJSIP },
		{ "extensions", required_argument, NULL, OPT_EXT },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *pjsip_out = NULL, *ext_out = NULL, *pid;
	struct tw_trunk *t = NULL;
	struct tw_profiles ps = { NULL, 0 };
	const struct tw_profile *p;
	struct tw_render r;
	struct tw_diags d;
	int c, rc;

	memset(&r, 0, sizeof(r));
	while ((c = tw_cli_getopt(cli, argc, argv, "h", longopts)) != -1) {
		switch (c) {
		case OPT_PJSIP:
			pjsip_out = optarg;
			break;
		case OPT_EXT:
			ext_out = optarg;
			break;
		case 'h':
			render_help();
			return TW_EXIT_OK;
		default:
			return TW_EXIT_USAGE;
		}
	}
	if (!pjsip_out != !ext_out) {
		fputs("trunkwiz: --pjsip and --extensions go together\n", stderr);
		return TW_EXIT_USAGE;
	}
	tw_diags_init(&d);
	t = tw_trunk_new();
	if (tw_cli_answers(cli, t, argc - optind, argv + optind, &d) < 0) {
		rc = tw_cli_report(cli, &d);
		goto out;
	}
	pid = tw_trunk_get(t, "provider") ? tw_trunk_get(t, "provider") : "generic";
	p = tw_cli_load_profile(cli, pid, &ps, &d);
	if (!p) {
		rc = tw_cli_report(cli, &d);
		goto out;
	}
	tw_profile_apply(p, t);
	if (tw_render_validate(t, p, tw_cli_version(cli), &r, &d) < 0) {
		rc = tw_cli_report(cli, &d);
		goto out;
	}
	rc = tw_cli_report(cli, &d);
	if (pjsip_out) {
		/* The pjsip part holds the password: never world-readable. */
		if (write_file(pjsip_out, r.pjsip, 0600) < 0 ||
		    write_file(ext_out, r.extensions, 0644) < 0)
			rc = TW_EXIT_IO;
	} else {
		printf(";;; ===== pjsip.conf part: trunk %s =====\n%s\n"
		       ";;; ===== extensions.conf part: trunk %s =====\n%s",
		       tw_trunk_get(t, "name"), r.pjsip, tw_trunk_get(t, "name"), r.extensions);
		if (fflush(stdout) != 0)
			rc = TW_EXIT_IO;
	}
out:
	tw_render_free(&r);
	tw_trunk_free(&t);
	tw_profiles_free(&ps);
	tw_diags_clear(&d);
	return rc;
}
