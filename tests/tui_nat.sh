#!/bin/sh
# A second trunk behind NAT, through the wizard, into an office config that
# has its own transport: the public address lands in that transport (shown
# in Review's diff first), the endpoint gets the NAT options, the Codecs
# screen offers every codec, three DID routes render and pass check, the
# phones' missing include is named, and TLS brings 5061 and certificates.
. "${TW_SRCDIR:-.}/tests/tui_lib.sh"

fresh rich
printf 'pw1\n' >"$T_TMP/pw"
run "$TW_BIN" -C "$CFG" -P "$TW_PROVIDERS" apply -p generic name=first username=a \
	password_file="$T_TMP/pw" server=sip.example.com identify=192.0.2.10
expect_rc 0 "the first trunk, by the command line"
cp "$CFG/pjsip.conf" "$T_TMP/pjsip.before"

tui_start
wait_for "Trunks trunkwiz manages" "Home lists the first trunk"
keys n
choose_provider "generic" "Other (generic)" || true
focus "Trunk name"
keys C-u
typ "second"
focus "SIP server"
typ "sip2.example.com"
focus "Username"
typ "acct2"
focus "Password"
typ "p"
wait_for "1 character, hidden" "one character, not '1 characters'"
keys C-n
wait_for "3/9 Codecs"
wait_for "[x] 2. alaw" "the profile's codecs come first, ticked"
for c in g722 g729 gsm opus; do
	wait_for "[ ] $(screen | grep -o "[0-9]*\. $c\$" | head -n 1)" "the Codecs screen offers $c"
done
keys C-n
wait_for "4/9 Identify"
keys C-n
wait_for "5/9 Network"
wait_for "< edit: add them to your transport" "NAT on an existing transport: edit it, by default"
focus "Public address"
typ "203.0.113.9"
wait_for "public address and local" "the screen says where the public address goes"
focus "Local networks"
typ "10.0.0.0/8"
keys C-n
wait_for "6/9 Dialing"
focus "Caller ID"
typ "Office 212"
wait_for "callerid is not a caller ID" "caller ID is checked under the field"
keys C-u
typ '"Office" <+12125551234>'
wait_gone "is not a caller ID" && ok "a good caller ID clears it" || not_ok "error stays"
focus "Inbound to context"
keys C-u
typ "from-internal"
keys C-n
wait_for "7/9 Inbound numbers"
wait_for "any other number     -> s@from-internal" "the default destination is the last row"
keys a
typ "2125551234"
keys Tab
typ "100@from-internal"
keys Enter
wait_for "(as 12125551234)" "a DID shows the number the provider sends"
keys a
typ "+12125551235"
keys Tab
typ "101"
keys Enter
keys a
typ "_1212555XXXX"
keys Tab
typ "s@from-internal"
keys Enter
wait_for "_1212555XXXX         -> s@from-internal" "three DID routes"
keys a
typ '2125551236'
keys Tab
typ '1${EXTEN}'
keys Enter
wait_for "not usable" "dialplan code in a destination is refused"
keys Escape
wait_gone "Add:" && ok "Esc leaves the row unadded" || not_ok "the editor stays"
keys C-n
wait_for "8/9 Advanced"
wait_for "DTMF mode" "Advanced shows the DTMF mode"
wait_for "Asterisk version" "... down to the Asterisk version"
wait_for "< yes >" "behind NAT: yes, with a public address"
keys C-x
wait_for "9/9 Review"
wait_for "add 'include => " "Review names the phones' missing include"
# the long note of the contexts taken is shown whole, what to do included
i=0
until screen | grep -qF "dial out through it" || [ $i -ge 10 ]; do keys Down; i=$((i + 1)); done
wait_for "dial out through it" "a long problem is shown to its end, with what to do"
keys Tab Tab
wait_for "+++ b/trunkwiz/state/second.conf" "the Diff tab"
wait_for "+did_routes = 2125551234"
screen_lacks "_1212555XXXX:s@from-internal" "a long line is cut at the right edge"
keys ">" ">" ">" ">"
wait_for "_1212555XXXX:s@from-internal" "> scrolls the Diff tab sideways"
keys "<" "<" "<" "<"
wait_for "+did_routes = 2125551234" "< scrolls back"
i=0
until screen | grep -qF "external_media_address = 203.0.113.9" || [ $i -ge 40 ]; do
	keys PageDown; i=$((i + 1)); done
wait_for "external_media_address = 203.0.113.9" "the diff shows the address going into the transport"
keys C-x
wait_for "(y/n)"
keys y
wait_for "Trunk second written in" "written"
wait_for "phones: to dial out" "Done names the phones' include too"
wait_gone "reloading..." || true
keys End
wait_for "The same trunk without the wizard"
if screen | grep -F "callerid=" | grep -qF "<+12125551234>"; then
	ok "the apply line keeps a quoted argument on one line (it pastes)"
else
	not_ok "the apply line breaks inside a quoted argument"; screen | sed 's/^/    | /'
fi
grep -q "^external_media_address = 203.0.113.9" "$CFG/pjsip.conf" &&
	ok "pjsip.conf's transport carries the public address" || not_ok "no public address in pjsip.conf"
grep -q "^local_net = 10.0.0.0/8" "$CFG/pjsip.conf" && ok "... and the local net" ||
	not_ok "no local_net in pjsip.conf"
ls "$CFG"/pjsip.conf.*.bak >/dev/null 2>&1 && ok "pjsip.conf was backed up" || not_ok "no backup"
grep -q "^rewrite_contact = yes" "$CFG/trunkwiz/second-pjsip.conf" &&
	grep -q "^rtp_symmetric = yes" "$CFG/trunkwiz/second-pjsip.conf" &&
	ok "the endpoint has the NAT options" || not_ok "no NAT options on the endpoint"
grep -q "^exten => 12125551235,1,Goto(from-internal,101,1)" "$CFG/trunkwiz/second-extensions.conf" &&
	ok "DID routes rendered in the provider's format" || not_ok "DID routes missing"
run "$TW_BIN" -C "$CFG" check "$CFG/pjsip.conf" "$CFG/extensions.conf"
expect_rc 0 "the config with the three DID routes passes check"
keys Escape
wait_for "Trunks trunkwiz manages"

# TLS: 5061, SDES where offered, certificate fields for a created transport
keys n
choose_provider "telnyx" "Telnyx" || true
focus "Username"
typ "u3"
focus "Password"
typ "p3"
keys C-n C-n C-n
wait_for "5/9 Network"
wait_gone "TLS certificate" && ok "no certificate fields over udp" || not_ok "certificate fields over udp"
keys Right
wait_for "< tcp >"
keys Right
wait_for "< tls >" "the transport cycles to tls"
wait_for "SIP port            5061" "TLS gives port 5061"
wait_for "TLS certificate" "a created TLS transport asks for its certificate"
wait_for "TLS private key"
keys C-c
wait_for "Quit without writing?"
keys y
wait_exit "quit"
t_done
