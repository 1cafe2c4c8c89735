#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static bool progress_shown;

/* A one-line progress display on a terminal: "downloading: 12 kB of 40 kB". */
static int show_progress(void *ctx, uint64_t now, uint64_t total)
{
	static uint64_t last = UINT64_MAX;

	(void)ctx;
	if (now == last || (now == 0 && !progress_shown))
		return 0;
	last = now;
	progress_shown = true;
	if (total)
		fprintf(stderr, "\rdownloading: %llu of %llu kB\033[K",
		        (unsigned long long)(now + 1023) / 1024, (unsigned long long)(total + 1023) / 1024);
	else
		fprintf(stderr, "\rdownloading: %llu kB\033[K", (unsigned long long)(now + 1023) / 1024);
	return 0;
}

void tw_cli_progress_done(void)
{
	if (progress_shown)
		fputs("\r\033[K", stderr);
	progress_shown = false;
}

static int cancel_progress(void *cancel, uint64_t now, uint64_t total)
{
	(void)now;
	(void)total;
	return tw_cancelled(cancel) ? 1 : 0;
}

int tw_cli_doctor_public_ip(char **addr, int timeout_ms, const struct tw_cancel *cancel,
                            void *ctx)
{
	struct tw_fetch_opts o = *(const struct tw_fetch_opts *)ctx;
	struct tw_diags d;
	int rc;

	o.progress = cancel_progress;
	o.progress_ctx = (void *)cancel;
	o.timeout_ms = timeout_ms;
	if (o.connect_timeout_ms > timeout_ms)
		o.connect_timeout_ms = timeout_ms;
	tw_diags_init(&d);
	rc = tw_fetch_public_ipv4(NULL, &o, addr, &d) == TW_FETCH_OK ? 0 : -1;
	tw_diags_clear(&d);
	return rc;
}

void tw_cli_fetch_init(struct tw_cli *cli)
{
	tw_fetch_opts_init(&cli->fetch);
	if (isatty(STDERR_FILENO) && getenv("TERM") && strcmp(getenv("TERM"), "dumb") != 0)
		cli->fetch.progress = show_progress;
}

bool tw_cli_is_fetch_option(int opt)
{
	return opt >= TW_OPT_CONNECT_TIMEOUT && opt <= TW_OPT_FETCH_LAST;
}

/* Seconds, decimals allowed, > 0 and at most an hour -> milliseconds. */
static int parse_seconds(const char *s, long *ms)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !(v > 0) || v > 3600)
		return -1;
	*ms = (long)(v * 1000 + 0.5);
	if (*ms < 1)
		*ms = 1;
	return 0;
}

/* Bytes with an optional k (KiB) or M (MiB) suffix, 1 byte to 1 GiB. */
static int parse_size(const char *s, size_t *out)
{
	char *end;
	unsigned long long v;
	unsigned long long mult = 1;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return -1;
	if (*end == 'k' || *end == 'K')
		mult = 1024, end++;
	else if (*end == 'M')
		mult = 1024 * 1024, end++;
	if (*end || v == 0 || v > (1ULL << 30) / mult)
		return -1;
	*out = (size_t)(v * mult);
	return 0;
}

static int parse_count(const char *s, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v > max)
		return -1;
	*out = v;
	return 0;
}

int tw_cli_fetch_option(struct tw_cli *cli, int opt, const char *arg)
{
	struct tw_fetch_opts *o = &cli->fetch;
	const char *what = NULL;

	switch (opt) {
	case TW_OPT_CONNECT_TIMEOUT:
		if (parse_seconds(arg, &o->connect_timeout_ms) < 0)
			what = "--connect-timeout takes seconds (0 < SEC <= 3600), e.g. 2 or 0.5";
		break;
	case TW_OPT_TIMEOUT:
		if (parse_seconds(arg, &o->timeout_ms) < 0)
			what = "--timeout takes seconds (0 < SEC <= 3600), e.g. 20";
		break;
	case TW_OPT_MAX_SIZE:
		if (parse_size(arg, &o->max_size) < 0)
			what = "--max-size takes bytes, or a number with k or M (1 byte to 1 GiB)";
		break;
	case TW_OPT_MAX_REDIRS:
		if (parse_count(arg, 50, &o->max_redirects) < 0)
			what = "--max-redirs takes a number from 0 to 50";
		break;
	case TW_OPT_CACERT:
		if (access(arg, R_OK) < 0) {
			fprintf(stderr, "trunkwiz: --cacert %s: %s\n", arg, strerror(errno));
			return -1;
		}
		o->cacert = arg;
		break;
	case TW_OPT_INSECURE_HTTP:
		o->insecure_http = true;
		break;
	default:
		what = "unknown transfer option";
		break;
	}
	if (what) {
		fprintf(stderr, "trunkwiz: %s (got '%s')\n", what, arg ? arg : "");
		return -1;
	}
	return 0;
}
