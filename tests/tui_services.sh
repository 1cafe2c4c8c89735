#!/bin/sh
# The wizard's long operations with the real services, all on loopback:
# fetching a provider's published address list (HTTPS from tests/servers.sh;
# a profile may not name a file:// list), discovering the
# public address (file://), the local networks, and Test now (trunkwiz
# doctor) against the test SIP peer on 127.0.0.1.
. "${TW_SRCDIR:-.}/tests/tui_lib.sh"

PY=$(command -v python3 || true)
[ -n "$PY" ] || t_skip_all "python3 not installed: the test SIP peer cannot run"
rm -f "$T_TMP/port"
TW_PEER_PASSWORD=s3cret-pw "$PY" "$TW_SRCDIR/tests/sip_peer.py" --port-file "$T_TMP/port" \
	--log "$T_TMP/peer.log" --lifetime 120 --mode ok --hold "$T_TMP/answer" &
PEER_PID=$!
SRV=$T_TMP/srv
mkdir "$SRV"
trap '$TM kill-server 2>/dev/null; kill $PEER_PID 2>/dev/null; sh "$TW_SRCDIR/tests/servers.sh" stop "$SRV"; rm -rf "$T_TMP"' EXIT
sh "$TW_SRCDIR/tests/servers.sh" start "$SRV"
case $? in
0) ;;
77) t_skip_all "the test servers need python3 and openssl" ;;
*) echo "Bail out! the test servers did not start"; exit 1 ;;
esac
unset http_proxy https_proxy HTTPS_PROXY all_proxy ALL_PROXY
no_proxy=127.0.0.1,localhost
export no_proxy
i=0
while [ ! -s "$T_TMP/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
read -r PORT _ <"$T_TMP/port" || true
[ -n "${PORT:-}" ] && ok "the test SIP peer listens on 127.0.0.1:$PORT" || not_ok "no SIP peer"

# A provider of our own whose published list is a local file.
mkdir -p "$T_TMP/prov"
printf '192.0.2.10\n198.51.100.7\n203.0.113.0/24\n' >"$SRV/www/ips.txt"
cat >"$T_TMP/prov/loopback.conf" <<EOF
; Loopback Test Provider - a profile for the wizard's tests only.
[provider]
name = Loopback Test Provider
region = US
auth = register
verified = 2026-11-29
server = us:127.0.0.1
ip_list_url = https://127.0.0.1:$(cat "$SRV/https.port")/ips.txt
ip_list_format = text
note = A provider on this machine, for the tests.
[defaults]
codecs = ulaw
identify = 127.0.0.1
port = $PORT
EOF
printf '203.0.113.77\n' >"$T_TMP/public.txt"

fresh
tui_start "TRUNKWIZ_PUBLIC_IP_URL=file://$T_TMP/public.txt" \
	"TRUNKWIZ_ASTERISK=$T_TMP/no-asterisk" "TRUNKWIZ_NFT=$T_TMP/no-nft" \
	"TRUNKWIZ_IPTABLES_SAVE=$T_TMP/no-iptables" "no_proxy=127.0.0.1" -- -P "$T_TMP/prov" \
	--cacert "$SRV/ca.pem"
wait_for "1/9 Provider" "the wizard starts"
typ "Loopback"
wait_for "Loopback Test Provider" "our provider is in the catalog"
keys Enter
wait_for "2/9 Trunk & credentials"
focus "Username"
typ "alice"
focus "Password"
typ "s3cret-pw"
keys C-n
wait_for "3/9 Codecs"
keys Enter
wait_for "4/9 Identify"
wait_for "> 127.0.0.1" "identify comes from the profile"
keys f
wait_for "fetched 3 entries" "the provider's list is fetched"
wait_for "+ 198.51.100.7   (added)" "new entries are shown before they are taken"
wait_for "- 127.0.0.1   (removed)" "and the ones the list no longer has"
wait_for "+ 203.0.113.0/24   (added)"
keys Enter
wait_gone "(added)" && ok "Enter takes the fetched list" || not_ok "fetched list not taken"
wait_for "198.51.100.7" "the list now holds the provider's entries"
keys C-n
wait_for "5/9 Network"
screen_lacks "not available in this build" "local networks and discovery are available"
keys C-d
wait_for "203.0.113.77" "Ctrl-D discovers the public address"
keys C-n
wait_for "6/9 Dialing"
keys C-x
wait_for "9/9 Review"
# The peer holds its answers until $T_TMP/answer exists, so the progress
# line stays until the test has seen it (within the doctor's 4 s limit).
keys t
wait_for "Testing the trunk" "Test now runs with a progress line"
touch "$T_TMP/answer"
wait_for "answered 200 OK to digest" "the REGISTER with the trunk's credentials is accepted"
wait_for "the provider accepted the credentials" "the doctor says what the answer means"
wait_for "trunkwiz adds" "the transport Write will add is not a failure"
screen_lacks "s3cret-pw" "the test never shows the password"
grep -q "REGISTER" "$T_TMP/peer.log" && ok "the peer saw the REGISTER" || not_ok "no REGISTER at the peer"
[ -e "$CFG/trunkwiz" ] && not_ok "testing wrote files" || ok "Test now writes nothing"
keys Escape
wait_for "6/9 Dialing" "Esc: back where Ctrl-X was pressed"
keys C-x
wait_for "9/9 Review"
keys C-x
i=0
while ! screen | grep -qF "written in" && [ $i -lt $((WAIT * 10)) ]; do
	screen | grep -qF "(y/n)" && keys y
	sleep 0.1
	i=$((i + 1))
done
wait_for "written in" "written after the test"
wait_gone "reloading..." || true
# every line of Done, scrolled through
: >"$T_TMP/done"
i=0
while [ $i -lt 30 ]; do screen >>"$T_TMP/done"; keys Down; i=$((i + 1)); done
keys Home
grep -q "Test:" "$T_TMP/done" && not_ok "Done shows a test result from before the write" ||
	ok "Done shows no test result from before the write"
keys t
wait_for "test passed: see below"
i=0
until screen | grep -qF "answered 200 OK to digest" || [ $i -ge 40 ]; do keys Down; i=$((i + 1)); done
wait_for "answered 200 OK to digest" "t on Done tests what was written"
keys Enter
wait_for "Trunks trunkwiz manages"
keys n
choose_provider "generic" "Other (generic)" || true
keys C-x
wait_for "9/9 Review"
keys Tab Tab Tab
wait_for "(no test yet" "another trunk's Review shows no old test results"
keys C-c
wait_for "(y/n)" "leaving with unsaved answers asks first"
keys y
wait_exit "the wizard ends"
terminal_sane "the terminal is restored"
t_done
