#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/run.h"

#define MAX_OUT (1024 * 1024)
#define EXEC_FAILED 127

extern char **environ;

/* The environment for a helper: ours without the secrets trunkwiz takes
 * from it (TRUNKWIZ_PASSWORD), built before fork so the child only execs.
 * The strings are borrowed from environ; free only the array. */
/* Our environment without TRUNKWIZ_PASSWORD, for a child process (the
 * array is malloc'd, its strings borrowed from environ). */
static char **child_env(void)
{
	size_t n = 0, k = 0;
	char **env;

	while (environ && environ[n])
		n++;
	env = tw_xcalloc(n + 1, sizeof(*env));
	for (size_t i = 0; i < n; i++)
		if (!tw_str_has_prefix(environ[i], "TRUNKWIZ_PASSWORD="))
			env[k++] = environ[i];
	env[k] = NULL;
	return env;
}

static void child(const char *const *argv, char **env, int wfd)
{
	int null = open("/dev/null", O_RDONLY);

	setpgid(0, 0);
	if (null >= 0) {
		dup2(null, STDIN_FILENO);
		close(null);
	}
	dup2(wfd, STDOUT_FILENO);
	dup2(wfd, STDERR_FILENO);
	close(wfd);
	execvpe(argv[0], (char *const *)argv, env);
	_exit(errno == ENOENT ? EXEC_FAILED : 126);
}

static void kill_and_reap(pid_t pid)
{
	int st;

	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
}

enum tw_run_result tw_run_capture(const char *const *argv, int timeout_ms,
                                  const struct tw_cancel *cancel, char **out, int *status)
{
	long long deadline = tw_now_ms() + timeout_ms;
	struct tw_buf b;
	int fds[2], st;
	char **env;
	pid_t pid;

	*out = NULL;
	*status = -1;
	if (pipe2(fds, O_CLOEXEC) < 0)
		return TW_RUN_ERROR;
	env = child_env();
	pid = fork();
	if (pid < 0) {
		free(env);
		close(fds[0]);
		close(fds[1]);
		return TW_RUN_ERROR;
	}
	if (pid == 0) {
		close(fds[0]);
		child(argv, env, fds[1]);
	}
	free(env);
	close(fds[1]);
	tw_buf_init(&b);
	for (;;) {
		struct pollfd p = { fds[0], POLLIN, 0 };
		long long left = deadline - tw_now_ms();
		char chunk[4096];
		ssize_t n;
		int rc;

		if (tw_cancelled(cancel) || left <= 0) {
			bool cancelled = left > 0;

			close(fds[0]);
			kill_and_reap(pid);
			*out = tw_buf_steal(&b);
			return cancelled ? TW_RUN_CANCELLED : TW_RUN_TIMEOUT;
		}
		rc = poll(&p, 1, left < 50 ? (int)left : 50);
		if (rc <= 0)
			continue;
		n = read(fds[0], chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (b.len < MAX_OUT)
			tw_buf_add(&b, chunk, (size_t)n);
	}
	close(fds[0]);
	/* Output closed: the program is done or has detached its output. */
	for (;;) {
		pid_t w = waitpid(pid, &st, WNOHANG);

		if (w == pid)
			break;
		if (w < 0 && errno != EINTR) {
			*out = tw_buf_steal(&b);
			return TW_RUN_ERROR;
		}
		if (tw_now_ms() >= deadline || !tw_sleep_ms(10, cancel)) {
			kill_and_reap(pid);
			*out = tw_buf_steal(&b);
			return tw_now_ms() >= deadline ? TW_RUN_TIMEOUT : TW_RUN_CANCELLED;
		}
	}
	*out = tw_buf_steal(&b);
	if (!WIFEXITED(st))
		return TW_RUN_ERROR;
	*status = WEXITSTATUS(st);
	if (*status == EXEC_FAILED && (*out)[0] == '\0')
		return TW_RUN_NOT_FOUND;
	return TW_RUN_OK;
}
