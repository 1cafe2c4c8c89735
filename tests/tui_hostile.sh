#!/bin/sh
# The wizard's Test now against a hostile SIP peer on 127.0.0.1 (TAP): its
# reason phrases, Server header and realm carry ESC ]0; (set the title),
# ESC [2J (clear the screen) and a C1 CSI. The screen shows them as '?'
# and the terminal's title stays what it was.
. "${TW_SRCDIR:-.}/tests/tui_lib.sh"

t_n=0
ok() { t_n=$((t_n + 1)); t_pass=$((t_pass + 1)); echo "ok $t_n - $*"; }
not_ok() { t_n=$((t_n + 1)); t_fail=$((t_fail + 1)); echo "not ok $t_n - $*"; }
t_done() { echo "1..$t_n"; [ "$t_fail" -eq 0 ]; }

PY=$(command -v python3 || true)
if [ -z "$PY" ]; then
	echo "1..0 # SKIP python3 not installed: the test SIP peer cannot run"; exit 0
fi
rm -f "$T_TMP/port"
TW_PEER_PASSWORD=s3cret-pw "$PY" "$TW_SRCDIR/tests/sip_peer.py" --port-file "$T_TMP/port" \
	--log "$T_TMP/peer.log" --lifetime 120 --mode hostile &
PEER_PID=$!
trap '$TM kill-server 2>/dev/null; kill $PEER_PID 2>/dev/null; rm -rf "$T_TMP"' EXIT
i=0
while [ ! -s "$T_TMP/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
read -r PORT _ <"$T_TMP/port" || true
[ -n "${PORT:-}" ] && ok "the hostile SIP peer listens on 127.0.0.1:$PORT" || not_ok "no SIP peer"

mkdir -p "$T_TMP/prov"
cat >"$T_TMP/prov/loopback.conf" <<EOF
; Loopback Test Provider - a profile for the wizard's tests only.
[provider]
name = Loopback Test Provider
region = US
auth = register
verified = 2026-12-03
server = us:127.0.0.1
[defaults]
codecs = ulaw
identify = 127.0.0.1
port = $PORT
EOF

fresh
tui_start "TRUNKWIZ_PUBLIC_IP_URL=file:///dev/null" \
	"TRUNKWIZ_ASTERISK=$T_TMP/no-asterisk" "TRUNKWIZ_NFT=$T_TMP/no-nft" \
	"TRUNKWIZ_IPTABLES_SAVE=$T_TMP/no-iptables" -- -P "$T_TMP/prov"
$TM select-pane -T "before the test" 2>/dev/null
choose_provider "Loopback" "Loopback Test Provider" || not_ok "provider not chosen"
focus "Username"
typ "alice"
focus "Password"
typ "s3cret-pw"
keys C-n
wait_for "3/9 Codecs"
keys Enter
wait_for "4/9 Identify"
keys C-n
wait_for "5/9 Network"
keys C-n
wait_for "6/9 Dialing"
# everything the wizard sends the terminal, raw, from here on
$TM pipe-pane -o "cat >>'$T_TMP/raw'"
keys C-x
wait_for "9/9 Review"
keys t
wait_for "answered 200 OK?]0;owned by the" "the OPTIONS reason phrase is shown cleaned"
wait_for "403 Forbidden?]0;owned" "the REGISTER reason phrase is shown cleaned"
title=$($TM display -p '#{pane_title}')
[ "$title" = "before the test" ] && ok "the terminal's title is untouched" ||
	not_ok "the terminal's title became '$title'"
$TM pipe-pane
if [ ! -s "$T_TMP/raw" ]; then
	not_ok "the wizard's raw output was not captured"
elif LC_ALL=C grep -q "$(printf '\033')]0;owned" "$T_TMP/raw"; then
	not_ok "an OSC sequence reached the terminal"
else
	ok "no OSC sequence reached the terminal (its raw output)"
fi
keys Escape
wait_for "6/9 Dialing"
keys C-c
wait_for "(y/n)"
keys y
wait_exit "the wizard ends"
t_done
