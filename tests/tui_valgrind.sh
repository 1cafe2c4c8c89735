#!/bin/sh
# valgrind: the wizard's new-trunk flow (typing, lists, a background task,
# review, write, Done) without memory errors or leaks of ours.
. "${TW_SRCDIR:-.}/tests/tui_lib.sh"

[ "${TW_SANITIZERS:-no}" = yes ] && t_skip_all "sanitizer build: valgrind does not run under ASan"
command -v valgrind >/dev/null 2>&1 || t_skip_all "valgrind not installed"
[ "${TW_VALGRIND:-yes}" = no ] && t_skip_all "valgrind turned off (TW_VALGRIND=no)"
WAIT=$((WAIT * 4))
VGLOG=$T_TMP/vg.log
# ncurses keeps its terminal data for the life of the process: only
# definite leaks count.
VG="valgrind -q --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99 --log-file=$VGLOG"

fresh
# (tui_start runs the binary named by TW_BIN: wrap it)
cat >"$T_TMP/vgwiz" <<VGW
#!/bin/sh
exec $VG "$TW_BIN" "\$@"
VGW
chmod +x "$T_TMP/vgwiz"
TW_BIN=$T_TMP/vgwiz
tui_start
choose_provider "generic" "Other (generic)" || true
focus "SIP server"
typ "localhost"
focus "Username"
typ "u"
focus "Password"
typ "p"
keys C-n
wait_for "3/9 Codecs"
keys Space Space C-n
wait_for "4/9 Identify"
keys r
wait_for "localhost: added" "a background task under valgrind"
keys d C-x
wait_for "9/9 Review"
wait_for "Problems: 0 errors, 0 warnings" "no warnings: only addresses in identify"
keys C-x
wait_for "written in" "written under valgrind"
wait_for "Asterisk is not running" "the reload task ended"
keys Enter
wait_for "Trunks trunkwiz manages"
keys Escape
wait_exit "quit"
wait_for "exit="
if screen | grep -q "exit=0"; then ok "valgrind: no errors, no definite leaks"; else
	not_ok "valgrind reported"; sed 's/^/    /' "$VGLOG" | head -60; fi
t_done
