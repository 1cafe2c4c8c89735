#!/bin/sh
# synopsis.sh - print the command list of doc/trunkwiz.1's SYNOPSIS, made
# from the command table in src/cli/main.c (the rows trunkwiz --help
# prints). tests/cli_commands.sh fails when the man page differs; after a
# change to the table, paste this script's output between the page's
# "commands:" markers:
#     sh doc/synopsis.sh src/cli/main.c
# In the arguments, upper-case words are set in italics (what the admin
# fills in), lower-case words, options and "=" in bold, the rest roman.
awk -F'"' '
function roff(s,    out, i, ch, cls, cur) {
	out = ""; cur = "R"
	for (i = 1; i <= length(s); i++) {
		ch = substr(s, i, 1)
		if (ch ~ /[A-Z_]/ || (ch ~ /[0-9]/ && cur == "I"))
			cls = "I"
		else if (ch ~ /[a-z0-9=-]/)
			cls = "B"
		else
			cls = "R"
		if (cls != cur) {
			out = out "\\f" cls
			cur = cls
		}
		if (ch == "-")
			ch = "\\-"
		out = out ch
	}
	if (cur != "R")
		out = out "\\fR"
	return out
}
/^static const struct cmd commands\[\]/ { on = 1; next }
on && /^};/ { exit }
on && /^\t\{ "/ {
	print ".SY trunkwiz"
	print ".RI [ options ]"
	print ".B " $2
	if ($4 != "")
		print roff($4)
	print ".YS"
}' "${1:-src/cli/main.c}"
