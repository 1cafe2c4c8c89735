#!/bin/sh
# The command table in src/cli/main.c is the one list of commands:
# trunkwiz --help prints it, and doc/trunkwiz.1's SYNOPSIS and COMMANDS
# and doc/trunkwiz.bash-completion must hold the same commands
# (doc/synopsis.sh makes the SYNOPSIS part).
. "${TW_SRCDIR:-.}/tests/lib.sh"

MAN=$TW_SRCDIR/doc/trunkwiz.1
sh "$TW_SRCDIR/doc/synopsis.sh" "$TW_SRCDIR/src/cli/main.c" >"$T_TMP/synopsis"
[ -s "$T_TMP/synopsis" ] && ok "doc/synopsis.sh reads the command table" ||
	not_ok "doc/synopsis.sh printed nothing"
sed -n '/^\.\\" commands: /,/^\.\\" end of commands/p' "$MAN" | sed '1d;$d' >"$T_TMP/man"
if diff -u "$T_TMP/man" "$T_TMP/synopsis" >"$T_TMP/diff"; then
	ok "the man page's SYNOPSIS lists the commands of the table"
else
	not_ok "doc/trunkwiz.1's SYNOPSIS differs from the table (sh doc/synopsis.sh src/cli/main.c)"
	sed 's/^/    /' "$T_TMP/diff" | head -30
fi

run tw --help
expect_rc 0 "--help"
cp "$T_TMP/out" "$T_TMP/help"
# name and arguments of each row, as --help prints them
awk -F'"' '/^static const struct cmd commands\[\]/ { on = 1; next }
	on && /^};/ { exit }
	on && /^\t\{ "/ { print ($4 == "" ? $2 : $2 " " $4) }' "$TW_SRCDIR/src/cli/main.c" >"$T_TMP/rows"
n=0
while IFS= read -r row; do
	n=$((n + 1))
	if grep -qF -- "  $row " "$T_TMP/help"; then ok "--help lists '$row'"; else
		not_ok "--help lacks '$row'"; fi
	name=${row%% [![:lower:]]*}
	# the COMMANDS section describes it in a .TP entry of its own
	if awk -v name="$name" '/^\.SH COMMANDS/ { on = 1; next } /^\.SH / { on = 0 }
		on && prev == ".TP" { line = $0; gsub(/"/, "", line); sub(/^\.B[RI]? /, "", line)
			if (index(line, name " ") == 1 || line == name) found = 1 }
		{ prev = $0 } END { exit !found }' "$MAN"; then
		ok "COMMANDS describes '$name'"
	else
		not_ok "COMMANDS in doc/trunkwiz.1 has no .TP entry for '$name'"
	fi
	word=${name%% *}
	run tw "$word" --bogus-option
	expect_err_lacks "unknown command" "'$word' is dispatched"
done <"$T_TMP/rows"
[ "$n" -ge 14 ] && ok "$n commands in the table" || not_ok "only $n commands found in the table"

# the bash completion offers the same commands
COMP=$TW_SRCDIR/doc/trunkwiz.bash-completion
if [ -f "$COMP" ]; then
	want=$(sed 's/ .*//' "$T_TMP/rows" | awk '!seen[$0]++' | tr '\n' ' ' | sed 's/ $//')
	have=$(sed -n 's/^[[:space:]]*local commands="\(.*\)"$/\1/p' "$COMP")
	[ "$have" = "$want" ] && ok "the bash completion offers the table's commands" ||
		not_ok "doc/trunkwiz.bash-completion offers '$have', the table has '$want'"
else
	not_ok "doc/trunkwiz.bash-completion is missing"
fi

run tw frobnicate
expect_rc 2 "an unknown command is a usage error"
expect_err_has "unknown command 'frobnicate'" "and says so"
t_done
