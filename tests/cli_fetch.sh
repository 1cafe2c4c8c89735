#!/bin/sh
# trunkwiz providers ips / providers update / netinfo, and the transfer
# options, against loopback servers started here (tests/servers.sh).
. "${TW_SRCDIR:-.}/tests/lib.sh"

SRV=$T_TMP/srv
mkdir "$SRV"
trap 'sh "$TW_SRCDIR/tests/servers.sh" stop "$SRV"; rm -rf "$T_TMP"' EXIT
sh "$TW_SRCDIR/tests/servers.sh" start "$SRV"
case $? in
0) ;;
77) t_skip_all "the test servers need python3 and openssl" ;;
*) echo "Bail out! the test servers did not start"; exit 1 ;;
esac
HTTP=http://127.0.0.1:$(cat "$SRV/http.port")
HTTPS=https://127.0.0.1:$(cat "$SRV/https.port")
CA=$SRV/ca.pem
WWW=$SRV/www
# Loopback only: proxies from the environment stay out of it.
unset http_proxy https_proxy HTTPS_PROXY all_proxy ALL_PROXY
no_proxy=127.0.0.1,localhost
export no_proxy

# A profile directory of our own, with a profile whose list is served here.
PD=$T_TMP/profiles
mkdir "$PD"
cat >"$PD/acme.conf" <<EOT
[provider]
name = Acme Voice
region = US
auth = ip
verified = 2026-11-24
server = us:sip.acme.example
ip_list_url = $HTTPS/acme.json
ip_list_format = json
ip_list_select = signaling
[defaults]
codecs = ulaw
identify = 192.0.2.10,192.0.2.11,198.51.100.0/24
EOT
cat >"$WWW/acme.json" <<'EOT'
{"version": "2026-11-20",
 "signaling": {"us": ["192.0.2.10", "192.0.2.12"], "eu": ["2001:db8:5::10", "300.1.2.3"]},
 "media": ["203.0.113.0/24"]}
EOT
printf '# Acme list\n192.0.2.10\n192.0.2.11\nbogus line\n198.51.100.0/24\n' >"$WWW/acme.txt"
printf 'ip,site\n192.0.2.10,ny\n192.0.2.13,la\n' >"$WWW/acme.csv"
tp() { "$TW_BIN" -P "$TW_PROVIDERS" -P "$PD" --asterisk-version=20 "$@"; }

# ---- providers ips ----
run tp providers ips acme --cacert "$CA"
expect_rc 0 "ips: JSON list from the profile's URL over HTTPS"
if [ "$(cat "$T_TMP/out")" = "$(printf '192.0.2.10\n192.0.2.12\n2001:db8:5::10')" ]; then
	ok "ips: one valid entry per line, selected subtree only"
else
	not_ok "ips: stdout is: $(cat "$T_TMP/out")"
fi
expect_err_has "rejected '300.1.2.3' at \$.signaling.eu[1]" "ips: rejected JSON value named by its path"
expect_err_has "2 new, 2 gone" "ips: compared with the profile"
expect_err_has "  new   192.0.2.12" "ips: new entry listed"
expect_err_has "  gone  198.51.100.0/24" "ips: gone entry listed"

run tp providers ips acme
expect_rc 3 "ips: HTTPS with a CA the system does not know fails"
expect_err_has "TLS failure" "ips: says TLS"
expect_out_empty "ips: nothing on stdout after a failure"

run tp providers ips acme --cacert "$CA" --url "$HTTP/acme.txt" --format text
expect_rc 2 "ips: plain HTTP refused without --insecure-http"
expect_err_has "plain HTTP is refused" "ips: says why"
run tp providers ips acme --url "$HTTP/acme.txt" --format text --insecure-http
expect_rc 0 "ips: --url overrides, --insecure-http allows http"
expect_err_has "$HTTP/acme.txt:4: warning: rejected 'bogus line'" "ips: rejected line with its line number"
expect_err_has "0 new, 0 gone" "ips: same as the profile"
run tp providers ips acme --url "file://$WWW/acme.csv" --format csv
expect_rc 0 "ips: file:// URL, CSV"
expect_out_has "192.0.2.13" "ips: CSV entries"
expect_out_lacks "ip" "ips: CSV header skipped"
run tp providers ips acme --url "file://$WWW/acme.txt"
expect_rc 1 "ips: text served where the profile says JSON: malformed content"
expect_err_has "malformed JSON" "ips: says malformed"
expect_out_empty "ips: nothing on stdout for malformed content"
run tp providers ips acme --cacert "$CA" --url "$HTTPS/status/404"
expect_rc 3 "ips: HTTP 404"
expect_err_has "HTTP 404" "ips: names the status"
run tp providers ips acme --cacert "$CA" --url "$HTTPS/status/500"
expect_rc 3 "ips: HTTP 500"
run tp providers ips acme --cacert "$CA" --url "$HTTPS/loop"
expect_rc 3 "ips: redirect loop"
expect_err_has "too many redirects" "ips: says redirect loop"
run tp providers ips acme --cacert "$CA" --url "$HTTPS/big?n=20000" --max-size 10k
expect_rc 3 "ips: --max-size"
expect_err_has "10240 bytes" "ips: names the limit"
run tp --timeout 1 providers ips acme --cacert "$CA" --url "$HTTPS/stall"
expect_rc 3 "ips: --timeout before the command"
expect_err_has "timed out" "ips: says timeout"
run tp providers ips acme --connect-timeout 0.5 --url "https://127.0.0.1:$(cat "$SRV/blackhole.port")/x"
expect_rc 3 "ips: --connect-timeout"
run tp providers ips acme --url "file://$WWW/none.json"
expect_rc 3 "ips: missing file"
run tp providers ips twilio
expect_rc 2 "ips: profile without a machine-readable list needs --url"
expect_err_has "--url" "ips: says --url"
run tp providers ips nosuch
expect_rc 1 "ips: unknown profile"
run tp providers ips acme --format xml --url "file://$WWW/acme.txt"
expect_rc 2 "ips: bad --format"
run tp providers ips acme --timeout abc
expect_rc 2 "ips: bad --timeout"
run tp providers ips
expect_rc 2 "ips: no ID"

# ---- providers update ----
# The bundle is signed with a key made here and trusted in a keyring of
# our own (tests/cli_trust.sh has the signature attacks).
B=$WWW/bundle
mkdir "$B"
cp "$TW_PROVIDERS/telnyx.conf" "$TW_PROVIDERS/twilio.conf" "$B/"
openssl genpkey -algorithm ed25519 -out "$T_TMP/bundle.key" 2>/dev/null &&
	openssl pkey -in "$T_TMP/bundle.key" -pubout -out "$T_TMP/bundle.pub" ||
	not_ok "openssl cannot make an Ed25519 key"
TRUNKWIZ_KEYRING=$T_TMP/keyring
export TRUNKWIZ_KEYRING
"$TW_BIN" providers trust "$T_TMP/bundle.pub" >/dev/null || not_ok "providers trust failed"
sign() { # FILES...: write and sign the index of the bundle
	(cd "$B" && sha256sum "$@" >SHA256SUMS &&
		openssl pkeyutl -sign -rawin -inkey "$T_TMP/bundle.key" -in SHA256SUMS -out SHA256SUMS.sig)
}
sign telnyx.conf twilio.conf
UP=$T_TMP/updated
run "$TW_BIN" -P "$UP" --asterisk-version=20 providers update --yes "$HTTPS/bundle/" --cacert "$CA"
expect_rc 0 "update: bundle over HTTPS into -P DIR"
expect_out_has "added      telnyx.conf" "update: reports added profiles"
expect_out_has "2 profiles in $UP" "update: names the directory"
if cmp -s "$B/telnyx.conf" "$UP/telnyx.conf"; then ok "update: file installed"; else not_ok "update: file differs"; fi
run "$TW_BIN" -P "$UP" --asterisk-version=20 providers list
expect_out_has "telnyx" "update: installed profiles are listed"
TRUNKWIZ_UPDATE_URL=$HTTPS/bundle/SHA256SUMS run "$TW_BIN" -P "$UP" --asterisk-version=20 providers update --yes --cacert "$CA"
expect_rc 0 "update: URL from TRUNKWIZ_UPDATE_URL"
expect_out_has "unchanged  twilio.conf" "update: unchanged profiles"

# A broken profile in the bundle: nothing changes.
snapshot() { (cd "$UP" && ls -lAi --time-style=+%s . && sha256sum ./*); }
snapshot >"$T_TMP/before"
printf '\n; local change\n' >>"$B/telnyx.conf"
printf '[provider]\nname = Broken\nauth = nonsense\n' >"$B/broken.conf"
sign telnyx.conf twilio.conf broken.conf
run "$TW_BIN" -P "$UP" --asterisk-version=20 providers update --yes "$HTTPS/bundle/" --cacert "$CA"
expect_rc 1 "update: a broken profile stops the update"
expect_err_has "broken.conf:3: error: unknown auth model 'nonsense'" "update: names the file and line"
expect_err_has "is unchanged" "update: says nothing changed"
snapshot >"$T_TMP/after"
if cmp -s "$T_TMP/before" "$T_TMP/after"; then ok "update: directory unchanged"; else not_ok "update: directory changed"; fi

# A profile the index lists but the server does not have: nothing changes.
rm "$B/broken.conf"
(cd "$B" && sha256sum telnyx.conf twilio.conf >SHA256SUMS &&
	echo "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  missing.conf" >>SHA256SUMS &&
	openssl pkeyutl -sign -rawin -inkey "$T_TMP/bundle.key" -in SHA256SUMS -out SHA256SUMS.sig)
run "$TW_BIN" -P "$UP" --asterisk-version=20 providers update --yes "$HTTPS/bundle/" --cacert "$CA"
expect_rc 3 "update: a missing file stops the update"
expect_err_has "missing.conf: error: the server answered HTTP 404" "update: names the missing file"
snapshot >"$T_TMP/after"
if cmp -s "$T_TMP/before" "$T_TMP/after"; then ok "update: directory unchanged"; else not_ok "update: directory changed"; fi

# The good bundle again, dry run first.
sign telnyx.conf twilio.conf
run "$TW_BIN" -n -P "$UP" --asterisk-version=20 providers update "$HTTPS/bundle/SHA256SUMS" --cacert "$CA"
expect_rc 0 "update: dry run"
expect_out_has "updated    telnyx.conf (comments only)" "update: dry run reports the change"
expect_out_has "dry run" "update: dry run says so"
snapshot >"$T_TMP/after"
if cmp -s "$T_TMP/before" "$T_TMP/after"; then ok "update: dry run writes nothing"; else not_ok "update: dry run wrote"; fi
run "$TW_BIN" -P "$UP" --asterisk-version=20 providers update "file://$B/SHA256SUMS" </dev/null
expect_rc 2 "update: no terminal and no --yes: refused"
expect_err_has "give --yes" "update: says how to confirm"
snapshot >"$T_TMP/after"
if cmp -s "$T_TMP/before" "$T_TMP/after"; then ok "update: nothing written without --yes"; else not_ok "update: wrote without --yes"; fi
run "$TW_BIN" -P "$UP" --asterisk-version=20 providers update --yes "file://$B/SHA256SUMS"
expect_rc 0 "update: from a file:// bundle"
expect_out_has "updated    telnyx.conf" "update: changed profile replaced"
run "$TW_BIN" -P "$UP" --asterisk-version=20 providers update "$HTTP/bundle/"
expect_rc 2 "update: plain HTTP refused"
expect_err_has "plain HTTP is refused" "update: says why"
unset TRUNKWIZ_UPDATE_URL
run "$TW_BIN" -P "$UP" providers update
expect_rc 2 "update: no URL at all"
expect_err_has "no profile bundle URL" "update: says a URL is needed"

# ---- netinfo ----
run "$TW_BIN" netinfo
expect_rc 0 "netinfo: local networks"
bad=$(grep -v '^local_net = [0-9a-f.:]*/[0-9]*$' "$T_TMP/out")
if [ -z "$bad" ]; then ok "netinfo: only local_net lines"; else not_ok "netinfo: unexpected output: $bad"; fi
run "$TW_BIN" netinfo --public --url "$HTTPS/say?text=203.0.113.7%0A" --cacert "$CA"
expect_rc 0 "netinfo: public address from a URL"
expect_out_has "external_media_address = 203.0.113.7" "netinfo: external_media_address"
expect_out_has "external_signaling_address = 203.0.113.7" "netinfo: external_signaling_address"
TRUNKWIZ_PUBLIC_IP_URL="$HTTPS/say?text=198.51.100.9" run "$TW_BIN" netinfo --public --cacert "$CA"
expect_out_has "external_media_address = 198.51.100.9" "netinfo: URL from TRUNKWIZ_PUBLIC_IP_URL"
run "$TW_BIN" netinfo --url "$HTTPS/say?text=%3Chtml%3Eno%3C/html%3E" --cacert "$CA"
expect_rc 1 "netinfo: an answer that is not an address"
expect_err_has "not one IPv4 address" "netinfo: says so"
expect_out_lacks "external_" "netinfo: no external address printed"
run "$TW_BIN" netinfo --url "$HTTPS/say?text=10.1.2.3" --cacert "$CA"
expect_rc 0 "netinfo: a private 'public' address"
expect_err_has "behind another NAT" "netinfo: warns about double NAT"
run "$TW_BIN" netinfo --url "$HTTPS/say?text=203.0.113.7"
expect_rc 3 "netinfo: TLS verification on by default"
run "$TW_BIN" netinfo --bogus
expect_rc 2 "netinfo: unknown option"

t_done
