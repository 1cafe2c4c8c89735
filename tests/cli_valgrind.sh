#!/bin/sh
# valgrind: no leaks or memory errors on the CLI paths render, check,
# providers (check, ips, update), netinfo, doctor and the install commands.
. "${TW_SRCDIR:-.}/tests/lib.sh"
[ "${TW_SANITIZERS:-no}" = yes ] && t_skip_all "sanitizer build: valgrind does not run under ASan"
command -v valgrind >/dev/null 2>&1 || t_skip_all "valgrind not installed"
[ "${TW_VALGRIND:-yes}" = no ] && t_skip_all "valgrind turned off (TW_VALGRIND=no)"
VG="valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99"

TRUNKWIZ_PASSWORD=pw run $VG "$TW_BIN" -P "$TW_PROVIDERS" --asterisk-version=20 render \
	name=trunk provider=generic username=u server=sip.example.com dial_preset=nanp
expect_rc 0 "render under valgrind"
run $VG "$TW_BIN" -P "$TW_PROVIDERS" --asterisk-version=20 render name=t usernme=x
expect_rc 1 "render error path under valgrind"
run $VG "$TW_BIN" --asterisk-version=20 check "$TW_SRCDIR/tests/data/render/seed-snippet.conf"
expect_rc 0 "check under valgrind"
printf '[a]\ntype = endpoint\nallow = ulaw,bogus\naors = x\n' >"$T_TMP/bad.conf"
run $VG "$TW_BIN" --asterisk-version=20 check "$T_TMP/bad.conf"
expect_rc 1 "check error path under valgrind"
run $VG "$TW_BIN" -P "$TW_PROVIDERS" --asterisk-version=20 providers check
expect_rc 0 "providers check under valgrind"
# doctor: DNS, SIP over UDP to a closed loopback port, config reading,
# helper programs; no peer needed.
printf '[transport-udp]\ntype = transport\nprotocol = udp\n' >"$T_TMP/pjsip.conf"
TRUNKWIZ_PASSWORD=pw TRUNKWIZ_ASTERISK=/nonexistent/asterisk TRUNKWIZ_NFT=/nonexistent/nft \
TRUNKWIZ_IPTABLES_SAVE=/nonexistent/iptables-save \
	run $VG "$TW_BIN" -P "$TW_PROVIDERS" -C "$T_TMP" doctor --timeout 0.5 --public-ip 203.0.113.7 \
	name=t server=127.0.0.1 port=9 username=u identify=127.0.0.1,localhost
expect_rc 1 "doctor under valgrind (the closed port fails)"
expect_out_has "failed   options" "doctor ran its checks under valgrind"
printf '{"sig": ["192.0.2.1", "192.0.2.300", "2001:db8::1"], "v": "1.0"}\n' >"$T_TMP/ips.json"
run $VG "$TW_BIN" -P "$TW_PROVIDERS" providers ips telnyx --format json --url "file://$T_TMP/ips.json"
expect_rc 0 "providers ips (libcurl, jansson) under valgrind"
printf '{"sig": [' >"$T_TMP/bad.json"
run $VG "$TW_BIN" -P "$TW_PROVIDERS" providers ips telnyx --format json --url "file://$T_TMP/bad.json"
expect_rc 1 "providers ips error path under valgrind"
mkdir "$T_TMP/bundle"
cp "$TW_PROVIDERS/twilio.conf" "$T_TMP/bundle/"
openssl genpkey -algorithm ed25519 -out "$T_TMP/b.key" 2>/dev/null
openssl pkey -in "$T_TMP/b.key" -pubout -out "$T_TMP/b.pem" 2>/dev/null
(cd "$T_TMP/bundle" && sha256sum twilio.conf >SHA256SUMS &&
	openssl pkeyutl -sign -rawin -inkey "$T_TMP/b.key" -in SHA256SUMS -out SHA256SUMS.sig)
TRUNKWIZ_KEYRING=$T_TMP/keys
export TRUNKWIZ_KEYRING
run $VG "$TW_BIN" providers trust "$T_TMP/b.pem"
expect_rc 0 "providers trust under valgrind"
run $VG "$TW_BIN" -P "$T_TMP/pd" --asterisk-version=20 providers update --yes "file://$T_TMP/bundle/"
expect_rc 0 "providers update under valgrind"
run $VG "$TW_BIN" netinfo --url "file://$T_TMP/ips.json"
expect_rc 1 "netinfo under valgrind"
# the install paths: apply (dry run and real), edit, switch, list, remove
cp -a "$TW_SRCDIR/tests/data/install/rich" "$T_TMP/etc"
export TRUNKWIZ_GROUP=no-such-group-for-trunkwiz
TWV="$VG $TW_BIN -P $TW_PROVIDERS --asterisk-version=20 -C $T_TMP/etc"
TRUNKWIZ_PASSWORD=pw run $TWV apply -n name=main username=u server=sip.example.com \
	identify=192.0.2.1 outbound_context=out-main
expect_rc 0 "apply -n under valgrind"
TRUNKWIZ_PASSWORD=pw run $TWV apply name=main username=u server=sip.example.com \
	identify=192.0.2.1 outbound_context=out-main
expect_rc 0 "apply under valgrind"
run $TWV edit main codecs=alaw
expect_rc 0 "edit under valgrind"
TRUNKWIZ_PASSWORD=pw run $TWV switch main provider=telnyx username=t
expect_rc 0 "switch under valgrind"
run $TWV list
expect_rc 0 "list under valgrind"
TRUNKWIZ_PASSWORD=pw run $TWV apply name=acme username=u server=sip.example.com identify=192.0.2.9
expect_rc 1 "apply conflict path under valgrind"
run $TWV remove main
expect_rc 0 "remove under valgrind"
t_done
