#!/bin/sh
# valgrind: no leaks or memory errors on the CLI paths render, check,
# providers (check, ips, update) and netinfo.
. "${TW_SRCDIR:-.}/tests/lib.sh"
if [ "${TW_SANITIZERS:-no}" = yes ]; then
	echo "sanitizer build: valgrind does not run under ASan"; t_done; exit 77
fi
if ! command -v valgrind >/dev/null 2>&1; then
	echo "valgrind not installed"; exit 77
fi
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
printf '{"sig": ["192.0.2.1", "192.0.2.300", "2001:db8::1"], "v": "1.0"}\n' >"$T_TMP/ips.json"
run $VG "$TW_BIN" -P "$TW_PROVIDERS" providers ips telnyx --url "file://$T_TMP/ips.json"
expect_rc 0 "providers ips (libcurl, jansson) under valgrind"
printf '{"sig": [' >"$T_TMP/bad.json"
run $VG "$TW_BIN" -P "$TW_PROVIDERS" providers ips telnyx --url "file://$T_TMP/bad.json"
expect_rc 1 "providers ips error path under valgrind"
mkdir "$T_TMP/bundle"
cp "$TW_PROVIDERS/twilio.conf" "$T_TMP/bundle/"
(cd "$T_TMP/bundle" && sha256sum twilio.conf >SHA256SUMS)
run $VG "$TW_BIN" -P "$T_TMP/pd" --asterisk-version=20 providers update "file://$T_TMP/bundle/"
expect_rc 0 "providers update under valgrind"
run $VG "$TW_BIN" netinfo --url "file://$T_TMP/ips.json"
expect_rc 1 "netinfo under valgrind"
t_done
