#!/bin/sh
# Resizing mid-form: below 80x24 a "make the window larger" screen, then
# back exactly where the admin was, with what was typed.
. "${TW_SRCDIR:-.}/tests/tui_lib.sh"

fresh
tui_start
wait_for "1/9 Provider"
typ "teln"
wait_for "Search: teln"
$TM resize-window -x 70 -y 24
wait_for "this one is 70x24" "too narrow: says so"
$TM resize-window -x 80 -y 24
wait_for "Search: teln" "the search typed survives a resize"
screen_lacks "Twilio" "... and still filters"
keys Enter
wait_for "2/9 Trunk & credentials"
focus "Username"
typ "halfway"
focus "Password"
typ "pw"
focus "Auth username"
typ "authu"
$TM resize-window -x 60 -y 20
wait_for "needs a window of at least 80x24; this one is 60x20" "too small: says so"
wait_for "Make the window larger"
$TM resize-window -x 80 -y 24
wait_for "2/9 Trunk & credentials" "back at the same screen"
wait_for "halfway" "the typed username is still there"
wait_for "authu" "... and the field being typed"
screen | grep -q "^> Auth username" && ok "focus is on the same field" || not_ok "focus moved"
typ "2"
wait_for "authu2" "typing goes on in that field"
$TM resize-window -x 100 -y 30
wait_width 100
wait_for "authu2" "a larger window: the form again"
$TM resize-window -x 80 -y 24
wait_width 80
keys C-n
wait_for "3/9 Codecs" "and the flow goes on"
keys C-n
wait_for "4/9 Identify"
keys a
typ "198.51.100.7"
$TM resize-window -x 60 -y 20
wait_for "Make the window larger"
$TM resize-window -x 80 -y 24
wait_for "Add:      198.51.100.7" "an identify entry being typed survives a resize"
keys Enter
wait_for "> 198.51.100.7" "... and is added"
keys Escape
keys Escape
wait_for "halfway" "the answers survived the resizes"
# Review: a resize keeps the tab and the scroll.
keys C-x
wait_for "Problems:" "Ctrl-X reviews"
wait_for "Ready:" "no problems: it opens on Files"
keys Tab
wait_for "+++ b/" "Tab: the Diff tab"
keys Down Down Down
sleep 0.3
before=$(screen | sed -n 5,8p)
$TM resize-window -x 60 -y 20
wait_for "Make the window larger"
$TM resize-window -x 80 -y 24
wait_for "Problems:"
wait_for "+++ b/" "a resize on Review stays on the Diff tab"
after=$(screen | sed -n 5,8p)
[ "$before" = "$after" ] && ok "... scrolled where it was" ||
	{ not_ok "the Diff tab scrolled back"; printf '%s\n--\n%s\n' "$before" "$after" | sed 's/^/    | /'; }
keys Escape
wait_for "2/9 Trunk & credentials" "Esc: back where Ctrl-X was pressed"
keys C-c
wait_for "Quit without writing?" "Ctrl-C with unsaved answers asks first"
keys n
wait_gone "Quit without writing?" && ok "n: stay" || not_ok "question stays"
keys C-c
wait_for "Quit without writing?"
keys C-c
wait_exit "Ctrl-C twice quits"
terminal_sane "the terminal is restored"
[ -e "$CFG/trunkwiz" ] && not_ok "files written" || ok "nothing written"
t_done
