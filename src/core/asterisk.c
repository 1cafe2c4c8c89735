/* asterisk.c - running `asterisk -rx` (asterisk.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "trunkwiz/asterisk.h"

const char *tw_asterisk_program(const char *cmd)
{
	const char *env = getenv("TRUNKWIZ_ASTERISK");

	if (cmd && *cmd)
		return cmd;
	return env && *env ? env : "asterisk";
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

int tw_asterisk_rx(const char *program, const char *command, unsigned timeout_ms, char **out)
{
	int fds[2], status = 0;
	struct tw_buf b;
	long deadline = now_ms() + (long)timeout_ms;
	bool timed_out = false;
	pid_t pid;

	tw_buf_init(&b);
	tw_buf_add(&b, "", 0);
	*out = NULL;
	if (pipe2(fds, O_CLOEXEC) < 0) {
		*out = tw_xasprintf("cannot run %s: %s", program, strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		*out = tw_xasprintf("cannot run %s: %s", program, strerror(errno));
		return -1;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);

		if (null >= 0)
			dup2(null, STDIN_FILENO);
		dup2(fds[1], STDOUT_FILENO);
		dup2(fds[1], STDERR_FILENO);
		execlp(program, program, "-rx", command, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	for (;;) {
		struct pollfd pfd = { fds[0], POLLIN, 0 };
		long left = deadline - now_ms();
		char chunk[4096];
		ssize_t r;
		int pr;

		if (left <= 0) {
			timed_out = true;
			break;
		}
		pr = poll(&pfd, 1, (int)left);
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr <= 0) {
			timed_out = pr == 0;
			break;
		}
		r = read(fds[0], chunk, sizeof(chunk));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (b.len < (1u << 20))
			tw_buf_add(&b, chunk, (size_t)r);
	}
	close(fds[0]);
	if (timed_out)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (timed_out) {
		tw_buf_free(&b);
		*out = tw_xasprintf("%s -rx '%s' did not answer within %u ms", program, command,
		                    timeout_ms);
		return -1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127 && b.len == 0) {
		tw_buf_free(&b);
		*out = tw_xasprintf("%s is not installed (not found in PATH)", program);
		return -1;
	}
	*out = tw_buf_steal(&b);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool tw_asterisk_running(const char *program)
{
	char *out = NULL;
	int rc = tw_asterisk_rx(program, "core show version", 3000, &out);
	bool up = rc == 0 && out && strstr(out, "Asterisk");

	free(out);
	return up;
}

char *tw_asterisk_registration_line(const char *output, const char *reg)
{
	const char *p = output;
	size_t n = strlen(reg);

	while (p && *p) {
		const char *eol = strchr(p, '\n'), *s = p;
		size_t len = eol ? (size_t)(eol - p) : strlen(p);

		while (s < p + len && (*s == ' ' || *s == '\t'))
			s++;
		if (strncmp(s, reg, n) == 0 && s[n] == '/') {
			while (len && (p[len - 1] == '\r' || p[len - 1] == ' '))
				len--;
			return tw_xstrndup(s, len - (size_t)(s - p));
		}
		p = eol ? eol + 1 : NULL;
	}
	return NULL;
}

static int run_step(const char *program, const char *command, struct tw_buf *report,
                    struct tw_diags *d)
{
	char *out = NULL;
	int rc = tw_asterisk_rx(program, command, TW_ASTERISK_TIMEOUT_MS, &out);

	if (rc != 0) {
		tw_diag_at(d, TW_ERROR, NULL, 0, "run it by hand in the Asterisk CLI",
		           "'%s' failed: %s", command, out && *out ? out : "no output");
		free(out);
		return -1;
	}
	tw_buf_printf(report, "asterisk: %s: done\n", command);
	free(out);
	return 0;
}

int tw_asterisk_reload(const char *program, const char *trunk, bool has_registration,
                       unsigned wait_ms, struct tw_buf *report, struct tw_diags *d)
{
	char *reg = tw_xasprintf("%s-reg", trunk), *line = NULL;
	long deadline = now_ms() + (long)wait_ms;

	if (run_step(program, "module reload res_pjsip.so", report, d) < 0 ||
	    run_step(program, "dialplan reload", report, d) < 0) {
		free(reg);
		return -1;
	}
	while (has_registration) {
		char *out = NULL;
		int rc = tw_asterisk_rx(program, "pjsip show registrations", TW_ASTERISK_TIMEOUT_MS, &out);

		free(line);
		line = rc == 0 ? tw_asterisk_registration_line(out, reg) : NULL;
		free(out);
		if ((line && !strstr(line, "Unregistered")) || now_ms() >= deadline)
			break;
		usleep(250000);
	}
	if (has_registration)
		tw_buf_printf(report, "registration: %s\n",
		              line ? line : "not listed by 'pjsip show registrations'");
	free(line);
	free(reg);
	return 0;
}
