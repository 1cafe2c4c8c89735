#!/bin/sh
# An invalid answer blocks Write; Review lists it, Enter on it goes to the
# screen and field that cause it; fixed, the trunk is written.
. "${TW_SRCDIR:-.}/tests/tui_lib.sh"

fresh
tui_start
choose_provider "generic" "Other (generic)" || true
focus "SIP server"
typ "sip.example.com"
focus "Username"
typ "u1"
focus "Password"
typ "p1"
keys C-n C-n C-n
wait_for "5/9 Network"
focus "Public address"
typ "203.0.113.300"
wait_for "public_ip is not an IPv4 or IPv6 address: 203.0.113.300" "the error is next to the field, as you type"
keys C-n
wait_for "Public address: public_ip is not" "Next is refused while the screen has an error"
keys C-x
wait_for "9/9 Review" "Ctrl-X reviews anyway"
wait_for "Problems: 1 error" "Review counts the error"
wait_for "Network > Public address" "the problem names its screen and field"
keys C-x
wait_for "1 error: nothing written" "Write is refused"
[ -e "$CFG/trunkwiz" ] && not_ok "files written despite the error" || ok "nothing written"
keys Enter
wait_for "5/9 Network" "Enter on the problem goes to its screen"
wait_for "> Public address" "... and its field"
keys C-u
typ "203.0.113.30"
wait_gone "is not an IPv4" && ok "fixed as typed" || not_ok "error stays"
keys C-x
wait_for "Problems: 0 errors" "no errors left"
keys C-x
wait_for "write anyway? (y/n)"
keys y
wait_for "written in" "written once fixed"
grep -q '^external_media_address = 203.0.113.30$' "$CFG/trunkwiz/transport.conf" &&
	ok "the public address is in the created transport" || not_ok "transport: $(cat "$CFG/trunkwiz/transport.conf")"
keys Enter
wait_for "Trunks trunkwiz manages"
keys Escape
wait_exit "quit"
t_done
