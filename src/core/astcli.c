#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trunkwiz/astcli.h"
#include "trunkwiz/util.h"

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
