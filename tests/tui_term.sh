#!/bin/sh
# Terminals: NO_COLOR and --no-color (no colour escapes, still usable),
# TERM=xterm, TERM=vt100 (no colours, VT100 line drawing) and linux, --ascii lines,
# an unknown TERM (our message, exit 3), no terminal at all.
. "${TW_SRCDIR:-.}/tests/tui_lib.sh"

# colour escapes in the pane's contents: 38;/48; or 3N;/4N; SGR codes
has_colour() { $TM capture-pane -p -e | grep -qE '\[([0-9;]*;)?(3[0-7]|4[0-7]|38;|48;)'; }

fresh
tui_start
wait_for "1/9 Provider"
has_colour && ok "colours by default (screen)" || not_ok "no colours by default"
typ "telnyx"
wait_for "-- more: PgDn" "long provider notes say there is more"
keys NPage
wait_for "IP mode: add your PBX" "PgDn scrolls the notes"
$TM kill-server

tui_start NO_COLOR=1
wait_for "1/9 Provider" "NO_COLOR: the wizard runs"
has_colour && not_ok "NO_COLOR: colour escapes sent" || ok "NO_COLOR: no colour"
$TM capture-pane -p -e | grep -q '\[7m\|\[0*;*7m\|7m' && ok "NO_COLOR: reverse video marks the title" ||
	not_ok "NO_COLOR: no reverse video"
typ "tel"
keys Enter
wait_for "2/9 Trunk & credentials" "NO_COLOR: the flow works"
$TM kill-server

tui_start -- --no-color
wait_for "1/9 Provider" "--no-color: the wizard runs"
has_colour && not_ok "--no-color: colour escapes sent" || ok "--no-color: no colour"
$TM kill-server

TUI_TERM=vt100 tui_start
wait_for "1/9 Provider" "TERM=vt100: the wizard runs"
has_colour && not_ok "vt100: colour escapes sent" || ok "vt100: monochrome"
typ "generic"
keys Enter
wait_for "2/9 Trunk & credentials" "vt100: the flow works"
keys Escape
wait_for "1/9 Provider" "vt100: Esc acts at once"
keys F1
wait_for "Any key closes this help" "vt100: F1 help"
keys Space
wait_gone "Any key closes this help" && ok "any key closes help" || not_ok "help stays"
keys C-e
wait_for "Any key closes this help" "Ctrl-E: the same help (F1's twin)"
keys Space
$TM kill-server

TUI_TERM=xterm tui_start
wait_for "1/9 Provider" "TERM=xterm: the wizard runs"
has_colour && ok "xterm: colours" || not_ok "xterm: no colours"
typ "generic"
keys Enter
wait_for "2/9 Trunk & credentials" "xterm: the flow works"
focus "SIP server"
typ "sip.example.com"
keys Down Up
wait_for "sip.example.com" "xterm: arrows move between fields, the answer stays"
keys F2
keys Escape
wait_for "1/9 Provider" "xterm: Esc goes back at once"
$TM kill-server

TUI_TERM=linux tui_start
wait_for "1/9 Provider" "TERM=linux: the wizard runs"
$TM kill-server

TUI_TERM=tmux-256color tui_start
wait_for "1/9 Provider" "TERM=tmux-256color: the wizard runs"
screen | grep -q "│" && ok "UTF-8: Unicode lines" || not_ok "no Unicode line"
$TM kill-server

tui_start -- --ascii
wait_for "1/9 Provider" "--ascii: the wizard runs"
screen | grep -q "reg,ip *| " && ok "--ascii: ASCII lines" || not_ok "--ascii: no ASCII line"
screen | grep -q "│" && not_ok "--ascii: Unicode line drawn" || ok "--ascii: no Unicode lines"
$TM kill-server

TUI_TERM=no-such-terminal-type tui_start
wait_for "does not know the terminal type 'no-such-terminal-type'" "unknown TERM: our message"
wait_for "exit=3" "unknown TERM: exit 3"
$TM kill-server

run "$TW_BIN" -C "$CFG" -P "$TW_PROVIDERS" </dev/null
expect_rc 3 "no terminal: exit 3"
expect_err_has "the wizard needs a terminal" "no terminal: says to use apply"
t_done
