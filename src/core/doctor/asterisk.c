/* asterisk.c - running `asterisk -rx` (asterisk.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "trunkwiz/doctor.h"
#include "base/run.h"
#include "doctor/doctor.h"

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
	const char *argv[4] = { program, "-rx", command, NULL };
	int status = -1;

	switch (tw_run_capture(argv, (int)timeout_ms, NULL, out, &status)) {
	case TW_RUN_OK:
		return status;
	case TW_RUN_NOT_FOUND:
		free(*out);
		*out = tw_xasprintf("%s is not installed (not found in PATH)", program);
		return -1;
	case TW_RUN_TIMEOUT:
		free(*out);
		*out = tw_xasprintf("%s -rx '%s' did not answer within %u ms", program, command,
		                    timeout_ms);
		return -1;
	default:
		free(*out);
		*out = tw_xasprintf("cannot run %s", program);
		return -1;
	}
}

bool tw_asterisk_running(const char *program)
{
	char *out = NULL;
	int rc = tw_asterisk_rx(program, "core show version", 3000, &out);
	bool up = rc == 0 && out && strstr(out, "Asterisk");

	free(out);
	return up;
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
		char *out = NULL, *status = NULL, *uri = NULL;
		int rc = tw_asterisk_rx(program, "pjsip show registrations", TW_ASTERISK_TIMEOUT_MS, &out);

		free(line);
		line = NULL;
		if (rc == 0 && tw_ast_registration(out, reg, &status, &uri))
			line = tw_xasprintf("%s/%s %s", reg, uri ? uri : "", status ? status : "");
		free(out);
		free(uri);
		if ((status && strcmp(status, "Unregistered") != 0) || now_ms() >= deadline) {
			free(status);
			break;
		}
		free(status);
		usleep(250000);
	}
	if (has_registration)
		tw_buf_printf(report, "registration: %s\n",
		              line ? line : "not listed by 'pjsip show registrations'");
	free(line);
	free(reg);
	return 0;
}

/* ---- Asterisk's view of a trunk ---- */

bool tw_ast_not_running(const char *out)
{
	return strstr(out, "Unable to connect to remote asterisk") != NULL ||
	       strstr(out, "asterisk.ctl") != NULL;
}

bool tw_ast_no_pjsip(const char *out)
{
	return strstr(out, "No such command") != NULL;
}

/* The next line of s into a fresh string; advances *s. NULL at the end. */
static char *next_line(const char **s)
{
	const char *b = *s, *e;

	if (!*b)
		return NULL;
	e = strchr(b, '\n');
	if (!e)
		e = b + strlen(b);
	*s = *e ? e + 1 : e;
	return tw_xstrndup(b, (size_t)(e - b));
}

static size_t words(char *line, char **w, size_t max)
{
	size_t n = 0;
	char *save = NULL, *t;

	for (t = strtok_r(line, " \t\r", &save); t && n < max; t = strtok_r(NULL, " \t\r", &save))
		w[n++] = t;
	return n;
}

bool tw_ast_registration(const char *out, const char *reg, char **status, char **uri)
{
	static const char *const states[] = {
		"Registered", "Unregistered", "Rejected", "Stopping", "Stopped", "Failed",
	};
	size_t rl = strlen(reg);
	const char *p = out;
	char *line;

	*status = *uri = NULL;
	while ((line = next_line(&p)) != NULL) {
		char *w[16];
		size_t n = words(line, w, TW_ARRAY_LEN(w)), i, j;

		if (n && strncmp(w[0], reg, rl) == 0 && (w[0][rl] == '/' || w[0][rl] == '\0')) {
			*uri = tw_xstrdup(w[0][rl] ? w[0] + rl + 1 : "");
			for (i = 1; i < n && !*status; i++)
				for (j = 0; j < TW_ARRAY_LEN(states); j++)
					if (strcmp(w[i], states[j]) == 0)
						*status = tw_xstrdup(states[j]);
			if (!*status)
				*status = tw_xstrdup(n > 1 ? w[n - 1] : "unknown");
			free(line);
			return true;
		}
		free(line);
	}
	return false;
}

bool tw_ast_endpoint(const char *out, char **state, char **contacts)
{
	const char *p = out;
	struct tw_buf b;
	char *line;
	bool found = false;

	*state = *contacts = NULL;
	tw_buf_init(&b);
	while ((line = next_line(&p)) != NULL) {
		char *w[16];
		char *t = line;
		size_t n;

		while (*t == ' ')
			t++;
		if (strncmp(t, "Endpoint:", 9) == 0 && !found && !strchr(t, '<')) {
			/* " Endpoint:  name   Not in use    0 of inf" */
			char *s = t + 9, *of;

			while (*s == ' ')
				s++;
			s += strcspn(s, " ");
			while (*s == ' ')
				s++;
			of = strstr(s, " of ");
			if (of) {
				while (of > s && of[-1] != ' ')
					of--;
				while (of > s && of[-1] == ' ')
					of--;
				*of = '\0';
			}
			tw_strtrim(s);
			*state = tw_xstrdup(s);
			found = true;
		} else if (strncmp(t, "Contact:", 8) == 0 && !strchr(t, '<')) {
			/* " Contact:  aor/sip:host   hash Avail   12.345" */
			n = words(t + 8, w, TW_ARRAY_LEN(w));
			if (n >= 3) {
				const char *uri = strchr(w[0], '/') ? strchr(w[0], '/') + 1 : w[0];

				tw_buf_printf(&b, "%s%s %s", b.len ? ", " : "", uri, w[2]);
				if (n >= 4 && strcmp(w[3], "nan") != 0)
					tw_buf_printf(&b, " %s ms", w[3]);
			}
		}
		free(line);
	}
	if (found && b.len)
		*contacts = tw_buf_steal(&b);
	tw_buf_free(&b);
	if (!found)
		free(*state), *state = NULL;
	return found;
}
