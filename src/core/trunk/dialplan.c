#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/base.h"
#include "trunk/dialplan.h"

/* AST_MAX_EXTENSION is 80 including the NUL (schema 6.2, check 7). */
#define EXTEN_MAX 79

/* ---- pattern checks (schema 6.2) ---- */

/* Where diagnostics go: file:line when there is a file, else the field. */
struct exten_ctx {
	const char *exten;
	const char *file;
	unsigned line;
	const char *field;
	struct tw_diags *d;
	int errors;
};

static void report(struct exten_ctx *c, enum tw_severity sev, const char *hint,
                   const char *fmt, ...) TW_PRINTF(4, 5);

static void report(struct exten_ctx *c, enum tw_severity sev, const char *hint,
                   const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (sev == TW_ERROR)
		c->errors++;
	if (!c->d)
		return;
	va_start(ap, fmt);
	msg = tw_xvasprintf(fmt, ap);
	va_end(ap);
	tw_diags_add(c->d, sev, c->file, c->file ? c->line : 0,
	             c->file ? NULL : c->field, hint, "extension '%s': %s",
	             c->exten, msg);
	free(msg);
}

static bool is_ext_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || (c && strchr("*#+_.!-[]", c));
}

/* Is p inside a [...] set of a pattern? */
static bool in_set(const char *exten, const char *p)
{
	const char *q;
	bool open = false;

	if (exten[0] != '_')
		return false;
	for (q = exten; q < p; q++) {
		if (*q == '\\' && q + 1 < p)
			q++;
		else if (*q == '[')
			open = true;
		else if (*q == ']')
			open = false;
	}
	return open;
}

/* Check 6: one diagnostic for the first bad character. */
static void check_chars(struct exten_ctx *c)
{
	const char *p;

	for (p = c->exten; *p; p++) {
		unsigned char u = (unsigned char)*p;

		if (u < 0x20 || u == 0x7f) {
			report(c, TW_ERROR, "remove the control character",
			       "contains a control character (0x%02x)", u);
			return;
		}
		/* A space inside [...] is one more character of the set:
		 * Asterisk keeps it (_[+\ \-#*0-9]! loads and matches). */
		if (*p == ' ' && in_set(c->exten, p))
			continue;
		if (strchr(",;() ", *p)) {
			report(c, TW_ERROR,
			       "extensions may use digits, letters, * # + - and the pattern characters _ . ! [ ]",
			       "contains '%c', which cannot appear in an extension", *p);
			return;
		}
		if (*p == '/') {
			report(c, TW_ERROR,
			       "a caller-ID match goes after '/' in the exten line, not in the extension itself",
			       "contains '/'");
			return;
		}
	}
	for (p = c->exten; *p; p++) {
		if (!is_ext_char(*p) && *p != '\\' && !(*p == ' ' && in_set(c->exten, p))) {
			report(c, TW_WARNING,
			       "extensions normally use only digits, letters, * # + - and _ . ! [ ]",
			       "contains the unusual character '%c'", *p);
			return;
		}
	}
}

/* Check 2 on one "[...]" set starting at *pp ('['); moves *pp past it.
 * Returns false when the rest of the pattern cannot be read. */
static bool check_set(struct exten_ctx *c, const char **pp)
{
	const char *p = *pp + 1, *start = p;

	for (; *p && *p != ']'; p++) {
		if (*p == '[') {
			report(c, TW_ERROR, "character sets do not nest; close the first one with ']'",
			       "'[' inside a [...] set");
			return false;
		}
		if (*p == '\\' && p[1]) {
			p++;
			continue;
		}
		if (p[1] == '-' && p[2] && p[2] != ']' && p[2] != '[') {
			if ((unsigned char)p[2] < (unsigned char)p[0])
				report(c, TW_ERROR, "write the range low to high, e.g. [2-9]",
				       "reversed range '%c-%c' in a [...] set", p[0], p[2]);
			p += 2;
		}
	}
	if (!*p) {
		report(c, TW_ERROR, "close the set with ']'",
		       "'[' without a matching ']'; Asterisk never matches it");
		return false;
	}
	if (p == start)
		report(c, TW_ERROR, "put the characters to match inside, e.g. [2-9]",
		       "empty [] set");
	*pp = p + 1;
	return true;
}

static const char *case_hint(char c)
{
	switch (c) {
	case 'n':
		return "write N for any digit 2-9, or the literal letter as [n]";
	case 'x':
		return "write X for any digit 0-9, or the literal letter as [x]";
	default:
		return "write Z for any digit 1-9, or the literal letter as [z]";
	}
}

/* Does a pattern hold a letter that is not a wildcard (outside [...])?
 * Asterisk reads n, x and z as N, X and Z (pbx.c ext_cmp_pattern_pos:
 * switch (toupper(c))), so in a config file _nxxxxxx matches what its
 * writer meant; only next to other letters (_fax.) is a lower-case x
 * likely meant as a letter. A field we write ourselves still gets the
 * upper-case form. */
static bool has_word_letter(const char *p)
{
	int depth = 0;

	for (; *p; p++) {
		if (*p == '[' || *p == ']')
			depth += *p == '[' ? 1 : -1;
		else if (!depth && ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) &&
		         !strchr("nxzNXZ", *p))
			return true;
	}
	return false;
}

static void check_pattern(struct exten_ctx *c)
{
	const char *body = c->exten + 1, *p;
	bool warned_tail = false, warned_case = c->file && !has_word_letter(c->exten + 1);

	if (*body == '\0') {
		report(c, TW_ERROR, "write the digits to match after '_', e.g. _NXXNXXXXXX",
		       "pattern '_' matches nothing");
		return;
	}
	if (strcmp(body, ".") == 0 || strcmp(body, "!") == 0) {
		/* Asterisk only warns and the extension works (pbx_config.c,
		 * asterisk-behaviour.md); FreePBX writes it throughout. A pattern
		 * we are about to write ourselves (a field) is refused. */
		report(c, c->file ? TW_WARNING : TW_ERROR, "use _X. (one or more digits) instead",
		       "is strongly discouraged: it also catches the h, i and t extensions");
		return;
	}
	for (p = body; *p;) {
		if (*p == '[') {
			if (!check_set(c, &p))
				return;
			continue;
		}
		if (*p == ']') {
			report(c, TW_ERROR, "remove it, or write the set as [...]",
			       "']' without a matching '['");
			return;
		}
		if ((*p == '.' || *p == '!') && p[1] && !warned_tail) {
			report(c, TW_WARNING,
			       "put the wildcard last; nothing after it is ever examined",
			       "'%c' is not the last character, so the rest is dead", *p);
			warned_tail = true;
		}
		if ((*p == 'n' || *p == 'x' || *p == 'z') && !warned_case) {
			report(c, TW_WARNING, case_hint(*p),
			       "lower-case '%c' is a wildcard in a pattern", *p);
			warned_case = true;
		}
		p++;
	}
}

/* A literal that reads like a pattern: only digits, * # + - and the
 * pattern characters. Word extensions (dialed-NOANSWER, s, i, h, agent
 * names) are meant as words, so an N or X in them is not a mistake. */
static bool looks_like_pattern(const char *s)
{
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || strchr("NXZ.![]*#+-", *s)))
			return false;
	return true;
}

static void check_literal(struct exten_ctx *c)
{
	const char *p = strpbrk(c->exten, "NXZ.![");

	if (p && looks_like_pattern(c->exten))
		report(c, TW_WARNING,
		       "add '_' in front to make it a pattern (e.g. _NXXNXXXXXX)",
		       "'%c' is matched literally because the extension does not start with '_'",
		       *p);
}

int tw_dialplan_check_exten(const char *exten, const char *file, unsigned line,
                            const char *field, struct tw_diags *d)
{
	struct exten_ctx c = { exten ? exten : "", file, line, field, d, 0 };
	size_t n = strlen(c.exten);

	if (n == 0) {
		report(&c, TW_ERROR, "write the number or pattern to match, e.g. _NXXNXXXXXX",
		       "empty extension");
		return c.errors;
	}
	if (n > EXTEN_MAX)
		report(&c, TW_ERROR, "Asterisk keeps at most 79 characters of an extension",
		       "is %zu characters long (at most 79)", n);
	check_chars(&c);
	if (c.exten[0] == '_')
		check_pattern(&c);
	else
		check_literal(&c);
	return c.errors;
}

/* ---- values written into the dialplan ---- */

/* The sequences Asterisk's dialplan gives a meaning to, most dangerous
 * first (the same value may hold several: the first found is named). */
static const struct {
	const char *seq;
	const char *why;
} dp_unsafe[] = {
	{ "${", "'${' starts a variable or function Asterisk evaluates on every call "
	        "(${SHELL(...)} runs a command)" },
	{ "$[", "'$[' starts an expression Asterisk evaluates on every call" },
	{ "\n", "a line break ends the dialplan line; the rest would become a line of its own" },
	{ ";", "';' starts a comment in Asterisk's config files" },
	{ ",", "',' separates application arguments" },
	{ "|", "'|' separates application arguments (Asterisk 1.4 and older)" },
	{ "&", "'&' joins Dial() targets" },
	{ "\\", "a backslash escapes the next character in application arguments" },
};

bool tw_dialplan_safe(const char *v, const char **what, char **cause)
{
	const char *p;
	size_t i;
	int depth = 0;

	for (i = 0; v && i < TW_ARRAY_LEN(dp_unsafe); i++) {
		if ((p = strstr(v, dp_unsafe[i].seq))) {
			*what = p;
			return tw_fail(cause, "%s", dp_unsafe[i].why);
		}
	}
	for (p = v; p && *p; p++) {
		unsigned char u = (unsigned char)*p;

		if (u < 0x20 || u == 0x7f) {
			*what = p;
			return tw_fail(cause, "a control character does not belong in a dialplan line");
		}
		if (*p == '(')
			depth++;
		if (*p == ')' && --depth < 0) {
			*what = p;
			return tw_fail(cause, "an unbalanced ')' ends the application's arguments early");
		}
	}
	if (depth > 0) {
		*what = strrchr(v, '(');
		return tw_fail(cause, "an unbalanced '(' changes where the application's arguments end");
	}
	return true;
}

/* ---- number formats ---- */

static const struct {
	const char *name;
	enum tw_number_format f;
} format_names[] = {
	{ "e164", TW_NUM_E164 },
	{ "e164_noplus", TW_NUM_E164_NOPLUS },
	{ "11digit", TW_NUM_E164_NOPLUS },
	{ "noplus", TW_NUM_E164_NOPLUS },
	{ "national", TW_NUM_NATIONAL },
	{ "idd", TW_NUM_IDD },
};

int tw_number_format_parse(const char *s)
{
	size_t i;

	for (i = 0; i < TW_ARRAY_LEN(format_names); i++)
		if (tw_strcaseeq(s, format_names[i].name))
			return (int)format_names[i].f;
	return -1;
}

const char *tw_number_format_name(enum tw_number_format f)
{
	size_t i;

	/* The first entry of each format is its canonical name. */
	for (i = 0; i < TW_ARRAY_LEN(format_names); i++)
		if (format_names[i].f == f)
			return format_names[i].name;
	return NULL;
}

/* ---- presets (numbering facts: reference/providers.md section 23) ---- */

/* One rule in every number format, indexed by enum tw_number_format; a
 * format whose number is NULL does not route the pattern. */
struct rule_def {
	const char *pattern;
	const char *number[4];
	const char *comment;
};

struct preset_def {
	struct tw_dial_preset pub;
	const struct rule_def *rules;
	size_t nrules;
};

/* e164, e164_noplus, national, idd. NANP calls abroad (011 + country
 * code) are routed only in idd, the format of the providers that document
 * them (VoIP.ms, Whitesky): the other formats route none, as before. */
static const struct rule_def nanp_rules[] = {
	{ "_NXXNXXXXXX", { "+1${EXTEN}", "1${EXTEN}", "${EXTEN}", "1${EXTEN}" },
	  "10-digit NANP number" },
	{ "_1NXXNXXXXXX", { "+${EXTEN}", "${EXTEN}", "${EXTEN:1}", "${EXTEN}" },
	  "11-digit NANP number (1 + 10 digits)" },
	{ "_011X.", { NULL, NULL, NULL, "${EXTEN}" },
	  "international call, 011 + country code" },
};

static const struct rule_def uk_rules[] = {
	{ "_0[1-9]XXXXXXXXX", { "+44${EXTEN:1}", "44${EXTEN:1}", "${EXTEN}", "44${EXTEN:1}" },
	  "UK national number, 11 digits with the 0" },
	{ "_0[1-9]XXXXXXXX", { "+44${EXTEN:1}", "44${EXTEN:1}", "${EXTEN}", "44${EXTEN:1}" },
	  "UK national number, 10 digits with the 0" },
	{ "_00X.", { "+${EXTEN:2}", "${EXTEN:2}", "${EXTEN}", "${EXTEN}" },
	  "international call, 00 + country code" },
};

static const struct rule_def de_rules[] = {
	{ "_0[1-9]X.", { "+49${EXTEN:1}", "49${EXTEN:1}", "${EXTEN}", "49${EXTEN:1}" },
	  "German national number, 0 + area code" },
	{ "_00X.", { "+${EXTEN:2}", "${EXTEN:2}", "${EXTEN}", "${EXTEN}" },
	  "international call, 00 + country code" },
};

static const struct rule_def au_rules[] = {
	{ "_0[2-478]XXXXXXXX", { "+61${EXTEN:1}", "61${EXTEN:1}", "${EXTEN}", "61${EXTEN:1}" },
	  "Australian national number, 0 + 9 digits" },
	{ "_0011X.", { "+${EXTEN:4}", "${EXTEN:4}", "${EXTEN}", "${EXTEN}" },
	  "international call, 0011 + country code" },
};

/* No home country: "national" passes the number on as dialled, "idd"
 * sends the digits without + (no international prefix is known). */
static const struct rule_def e164_rules[] = {
	{ "_+X.", { "${EXTEN}", "${EXTEN:1}", "${EXTEN}", "${EXTEN:1}" },
	  "international number, + country code" },
	{ "_00X.", { "+${EXTEN:2}", "${EXTEN:2}", "${EXTEN}", "${EXTEN:2}" },
	  "international number, 00 + country code" },
};

static const char *const nanp_emergency[] = { "911", NULL };
static const char *const uk_emergency[] = { "999", "112", NULL };
static const char *const de_emergency[] = { "110", "112", NULL };
static const char *const au_emergency[] = { "000", "112", NULL };
static const char *const e164_emergency[] = { "112", NULL };

#define PRESET(id, name, cc, rules) \
	{ { id, name, cc, rules##_emergency }, rules##_rules, TW_ARRAY_LEN(rules##_rules) }

static const struct preset_def preset_defs[] = {
	PRESET("nanp", "North America (NANP)", "1", nanp),
	PRESET("uk", "United Kingdom", "44", uk),
	PRESET("de", "Germany", "49", de),
	PRESET("au", "Australia", "61", au),
	PRESET("e164", "International (E.164)", "", e164),
};

static const struct tw_dial_preset *const preset_list[] = {
	&preset_defs[0].pub,
	&preset_defs[1].pub,
	&preset_defs[2].pub,
	&preset_defs[3].pub,
	&preset_defs[4].pub,
	NULL,
};

_Static_assert(TW_ARRAY_LEN(preset_list) == TW_ARRAY_LEN(preset_defs) + 1,
               "preset_list must name every preset");

const struct tw_dial_preset *const *tw_dial_presets(void)
{
	return preset_list;
}

static const struct preset_def *preset_def_find(const char *id)
{
	size_t i;

	for (i = 0; i < TW_ARRAY_LEN(preset_defs); i++)
		if (tw_strcaseeq(id, preset_defs[i].pub.id))
			return &preset_defs[i];
	return NULL;
}

const struct tw_dial_preset *tw_dial_preset_find(const char *id)
{
	const struct preset_def *def = preset_def_find(id);

	return def ? &def->pub : NULL;
}

static void rule_set(struct tw_dial_rule *r, const char *pattern,
                     const char *number, const char *comment)
{
	r->pattern = tw_xstrdup(pattern);
	r->number = tw_xstrdup(number);
	r->comment = comment ? tw_xstrdup(comment) : NULL;
}

size_t tw_dial_rules(const struct tw_dial_preset *p, enum tw_number_format f,
                     bool emergency, struct tw_dial_rule **out)
{
	const struct preset_def *def = p ? preset_def_find(p->id) : NULL;
	size_t n = 0, nemerg = 0, i;
	struct tw_dial_rule *v;

	*out = NULL;
	if (!p || (unsigned)f > TW_NUM_IDD)
		return 0;
	if (emergency && p->emergency)
		while (p->emergency[nemerg])
			nemerg++;
	v = tw_xcalloc(nemerg + (def ? def->nrules : 0) + 1, sizeof(*v));
	for (i = 0; i < nemerg; i++)
		rule_set(&v[n++], p->emergency[i], "${EXTEN}", "emergency");
	for (i = 0; def && i < def->nrules; i++)
		if (def->rules[i].number[f])
			rule_set(&v[n++], def->rules[i].pattern, def->rules[i].number[f],
			         def->rules[i].comment);
	if (n == 0) {
		free(v);
		return 0;
	}
	*out = v;
	return n;
}

void tw_dial_rules_free(struct tw_dial_rule **rules, size_t n)
{
	size_t i;

	if (!rules || !*rules)
		return;
	for (i = 0; i < n; i++) {
		free((*rules)[i].pattern);
		free((*rules)[i].number);
		free((*rules)[i].comment);
	}
	free(*rules);
	*rules = NULL;
}
