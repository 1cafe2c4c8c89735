#!/bin/sh
# The wizard on a config where trunkwiz already manages a trunk: Home
# lists it; switching it to another provider keeps its name (so the
# endpoint the admin's dialplan dials stays), asks for the new
# credentials, and writes; Remove takes it out again.
. "${TW_SRCDIR:-.}/tests/tui_lib.sh"

fresh
TRUNKWIZ_PASSWORD=oldpw "$TW_BIN" -C "$CFG" -P "$TW_PROVIDERS" --asterisk-version=20 apply \
	name=office username=old server=sip.old.example.com identify=192.0.2.1 \
	create_transport=yes >/dev/null 2>&1 && ok "a trunk applied with the CLI" || not_ok "CLI apply"
cp -r "$CFG" "$T_TMP/before"

tui_start
wait_for "Trunks trunkwiz manages" "Home when trunks exist"
wait_for "office               generic          installed" "the trunk, its provider and state"
keys s
wait_for "Switch | 1/9 Provider" "s: switch provider"
wait_for "*Other (generic)" "the current provider is marked"
typ "telnyx"
keys Enter
wait_for "2/9 Trunk & credentials" "provider chosen"
wait_for "office" "the name stays"
wait_for "username is required" "the old credentials are gone: asked again"
focus "Username"
typ "newacct"
focus "Password"
typ "newpw"
keys C-x
wait_for "9/9 Review"
wait_for "Ready:" "the switched trunk has no errors"
keys C-x
wait_for "Trunk office written" "written"
f=$CFG/trunkwiz/office-pjsip.conf
grep -q '^\[office-endpoint\]' "$f" && ok "endpoint name unchanged" || not_ok "endpoint renamed"
grep -q 'sip.telnyx.com' "$f" && ok "the new provider's server" || not_ok "server"
grep -q 'sip.old.example.com' "$f" && not_ok "old server left" || ok "old server gone"
grep -q '^provider = telnyx' "$CFG/trunkwiz/state/office.conf" && ok "answers saved with the new provider" ||
	not_ok "state"
keys Enter
wait_for "office               telnyx" "Home shows the new provider"
keys e
wait_for "Edit | 1/8 Trunk & credentials" "e: edit the trunk"
wait_for "newacct" "its saved answers"
keys Escape
wait_for "Trunks trunkwiz manages"
keys d
wait_for "Remove trunk office?" "d asks before removing"
keys y
wait_for "trunk office removed" "removed"
cmp -s "$CFG/pjsip.conf" "$TW_SRCDIR/tests/data/install/fresh/pjsip.conf" &&
	ok "pjsip.conf is back to its bytes before the trunk" || not_ok "pjsip.conf differs from before the trunk"
[ -e "$CFG/trunkwiz/office-pjsip.conf" ] && not_ok "trunk file left" || ok "its files are gone"
grep -q "office" "$CFG/pjsip.conf" && not_ok "include line left" || ok "include lines gone"
keys Escape
wait_exit "quit"
t_done
