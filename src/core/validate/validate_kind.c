/* validate_kind.c - what a config file is, from its name and, for odd
 * names, from its content: pjsip.conf, pjsip_wizard.conf or a dialplan.
 * A dialplan file included from extensions.conf may be named anything
 * (from-phone.conf, freepbx's extensions_additional.conf); read as pjsip,
 * its errors would never be found. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "trunkwiz/base.h"
#include "trunkwiz/validate.h"

#define SNIFF_LINES 20000

static const char *base_name(const char *path)
{
	const char *b = strrchr(path, '/');

	return b ? b + 1 : path;
}

/* The option name of a line (lower-cased into name) and whether it is
 * "type = wizard"; false for anything but an option line. */
static bool line_option(const char *l, char *name, size_t cap, bool *wizard)
{
	size_t n = 0;
	const char *v;

	while (*l == ' ' || *l == '\t')
		l++;
	if (!*l || strchr(";[#", *l))
		return false;
	while (l[n] && !strchr("=; \t\r\n", l[n]) && n + 1 < cap) {
		name[n] = (char)((l[n] >= 'A' && l[n] <= 'Z') ? l[n] + 32 : l[n]);
		n++;
	}
	name[n] = '\0';
	v = l + n;
	while (*v == ' ' || *v == '\t')
		v++;
	if (*v != '=')
		return false;
	v++;
	if (*v == '>')
		v++;
	while (*v == ' ' || *v == '\t')
		v++;
	*wizard = strcmp(name, "type") == 0 && strncmp(v, "wizard", 6) == 0 &&
	          !(v[6] >= 'a' && v[6] <= 'z') && v[6] != '_';
	return true;
}

static enum tw_file_kind kind_from_content(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024], name[32];
	unsigned dial = 0, pj = 0, n = 0;
	bool wizard = false;

	if (!f)
		return TW_KIND_PJSIP;
	while (n++ < SNIFF_LINES && fgets(line, sizeof(line), f)) {
		bool wz = false;

		if (!line_option(line, name, sizeof(name), &wz))
			continue;
		if (wz) {
			wizard = true;
			break;
		}
		if (strcmp(name, "exten") == 0 || strcmp(name, "same") == 0)
			dial++;
		else if (strcmp(name, "type") == 0)
			pj++;
	}
	fclose(f);
	if (wizard)
		return TW_KIND_WIZARD;
	return dial > pj ? TW_KIND_DIALPLAN : TW_KIND_PJSIP;
}

enum tw_file_kind tw_validate_file_kind(const char *path)
{
	const char *b = base_name(path);

	if (strncmp(b, "extensions", 10) == 0)
		return TW_KIND_DIALPLAN;
	if (strncmp(b, "pjsip_wizard", 12) == 0)
		return TW_KIND_WIZARD;
	if (strncmp(b, "pjsip", 5) == 0)
		return TW_KIND_PJSIP;
	return kind_from_content(path);
}

int tw_validate_kind_parse(const char *s)
{
	if (!s)
		return -1;
	if (strcmp(s, "pjsip") == 0)
		return TW_KIND_PJSIP;
	if (strcmp(s, "wizard") == 0 || strcmp(s, "pjsip_wizard") == 0)
		return TW_KIND_WIZARD;
	if (strcmp(s, "dialplan") == 0 || strcmp(s, "extensions") == 0)
		return TW_KIND_DIALPLAN;
	return -1;
}
