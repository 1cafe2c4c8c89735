#!/bin/sh
# The wizard: a new trunk for a provider that authenticates by IP
# (Twilio), on a config that already has a transport (no credentials, no
# registration, the provider's identify ranges).
. "${TW_SRCDIR:-.}/tests/tui_lib.sh"

fresh
cat >>"$CFG/pjsip.conf" <<'CONF'

[transport-udp]
type=transport
protocol=udp
bind=0.0.0.0:5060
CONF
tui_start
choose_provider "twilio" "Twilio Elastic" || true
wait_for "< outbound: username and password on calls >" "Twilio offers outbound or ip"
focus "Authentication"
keys Right
wait_for "< ip: by the PBX's address, no password >" "Right changes the choice"
screen_lacks "Password" "IP authentication: no credentials asked"
screen_lacks "Username" "no username either"
focus "SIP server"
# (a name /etc/hosts answers: the test never asks real DNS)
typ "localhost"
keys C-n
wait_for "3/9 Codecs"
keys C-n
wait_for "4/9 Identify"
wait_for "54.172.60.0/30" "the provider's identify ranges are prefilled"
wait_for "177.71.206.192/30"
keys f
wait_for "publishes no machine-readable address list" "no published list: said so"
keys r
wait_for "localhost: added 127.0.0.1" "r resolves the server and adds its addresses"
keys C-n
wait_for "5/9 Network"
wait_for "< no >" "a transport exists: none created"
wait_for "has a udp transport; the trunk uses it" "the transport found is named"
keys C-n C-n C-n C-n
wait_for "9/9 Review"
wait_for "Ready:" "no errors"
keys C-x
wait_for "Trunk twilio written in" "written"
f=$CFG/trunkwiz/twilio-pjsip.conf
grep -q '^\[twilio-auth\]' "$f" && not_ok "an auth section for an IP trunk" || ok "no auth section"
grep -q '^\[twilio-reg\]' "$f" && not_ok "a registration for an IP trunk" || ok "no registration"
[ "$(grep -c '^match = [0-9]*\.[0-9]*\.[0-9]*\.[0-9]*/30$' "$f")" = 8 ] && ok "eight identify ranges" ||
	not_ok "identify: $(grep -c '^match' "$f")"
grep -q '^match = 127.0.0.1$' "$f" && ok "and the resolved address" || not_ok "resolved address not written"
[ -e "$CFG/trunkwiz/transport.conf" ] && not_ok "a transport was created" || ok "no transport created"
wait_for "server=localhost"
screen_lacks "password_file" "no password in the command of an IP trunk"
keys Enter
wait_for "twilio" "Home lists it"
keys Escape
wait_exit "quit"
terminal_sane "the terminal is restored"
t_done
