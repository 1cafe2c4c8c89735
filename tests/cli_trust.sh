#!/bin/sh
# Provider data is untrusted input (TAP). What a profile may not say
# (inbound context, caller ID, wide identify, a non-https address list),
# profile text shown cleaned, and providers update installing only a
# bundle signed by a key the admin trusted, after showing what changes.
. "${TW_SRCDIR:-.}/tests/lib.sh"

# TAP with numbers and a plan (lib.sh's ok/not_ok are replaced).
t_n=0
ok() { t_n=$((t_n + 1)); t_pass=$((t_pass + 1)); echo "ok $t_n - $*"; }
not_ok() { t_n=$((t_n + 1)); t_fail=$((t_fail + 1)); echo "not ok $t_n - $*"; }
skip() { t_n=$((t_n + 1)); echo "ok $t_n # SKIP $*"; }
t_done() { echo "1..$t_n"; [ "$t_fail" -eq 0 ]; }

PD=$T_TMP/prof
mkdir "$PD"
# profile NAME [EXTRA LINES...]: a valid profile plus the lines given.
profile() {
	name=$1
	shift
	{
		printf '[provider]\nname = Test %s\nregion = US\nauth = register\n' "$name"
		printf 'verified = 2026-11-30\nserver = us:sip.%s.example\n' "$name"
		for l in "$@"; do printf '%s\n' "$l"; done
	} >"$PD/$name.conf"
}
check_one() { run tw providers check "$PD/$1.conf"; }

# ---- what no profile may say ----
profile ctx '[defaults]' 'context = from-internal'
check_one ctx
expect_rc 1 "a profile setting the endpoint's context is refused"
expect_err_has "ctx.conf:8: error: a profile may not set [defaults] context" "named at its file:line"
profile inb '[defaults]' 'inbound_context = from-internal'
check_one inb
expect_err_has "inb.conf:8: error: a profile may not set [defaults] inbound_context" "inbound_context refused"
profile cid '[defaults]' 'callerid = "x" <${SHELL(id)}>'
check_one cid
expect_err_has "cid.conf:8: error: a profile may not set [defaults] callerid" "callerid refused"
profile epctx '[endpoint]' 'context = from-internal' 'set_var = CALLERID(num)=1'
check_one epctx
expect_err_has "epctx.conf:8: error: a profile may not set [endpoint] context" "[endpoint] context refused"
expect_err_has "epctx.conf:9: error: a profile may not set [endpoint] set_var" "[endpoint] set_var refused"
profile wide4 '[defaults]' 'identify = 192.0.2.10,0.0.0.0/0,10.0.0.0/15'
check_one wide4
expect_rc 1 "identify 0.0.0.0/0 in a profile is refused"
expect_err_has "wide4.conf:8: error: identify entry '0.0.0.0/0' is wider than /16" "0.0.0.0/0 named"
expect_err_has "identify entry '10.0.0.0/15' is wider than /16" "a /15 named"
expect_err_lacks "'192.0.2.10'" "a single address is fine"
profile wide6 '[identify]' 'match = 2001:db8::/31,2001:db8:1::/32,[2001:db8::1]:5060/16'
check_one wide6
expect_err_has "identify entry '2001:db8::/31' is wider than /32" "IPv6 /31 refused"
expect_err_lacks "'2001:db8:1::/32'" "IPv6 /32 is fine"
expect_err_has "identify entry '[2001:db8::1]:5060/16' is wider than /32" "a match item with a port and a mask too"
profile narrow '[defaults]' 'codecs = ulaw' 'identify = 203.0.113.0/24,198.51.100.0/16,2001:db8::/32,${server}'
check_one narrow
expect_rc 0 "a /16, a /24, an IPv6 /32 and \${server} are fine"
printf 'root:$6$secret-hash-line:19000:0:99999:7:::\n' >"$T_TMP/shadow"
profile filelist "ip_list_url = file://$T_TMP/shadow"
check_one filelist
expect_rc 1 "ip_list_url = file://.../shadow is refused"
expect_err_has "filelist.conf:7: error: ip_list_url must be an https:// URL" "file:// named at its line"
run tw -P "$PD" providers ips filelist
expect_err_lacks "secret-hash-line" "no line of the local file is shown"
profile httplist 'ip_list_url = http://lists.example/ips.txt'
check_one httplist
expect_err_has "ip_list_url must be an https:// URL" "plain http:// list refused"
run tw providers check
expect_rc 0 "every bundled profile still passes providers check"

# ---- profile text is shown cleaned ----
rm -f "$PD"/*.conf
profile evil 'note = hello\033]0;owned\007\033[2J'
printf 'note = raw \033[2J\302\233 31m end\n' >>"$PD/evil.conf"
run tw -P "$PD" providers show evil
expect_rc 0 "a profile with escapes in its notes is shown"
ESC=$(printf '\033')
if LC_ALL=C grep -q "$ESC" "$T_TMP/out" "$T_TMP/err"; then not_ok "providers show printed an ESC byte"
else ok "providers show prints no ESC byte"; fi
expect_out_has "note:      raw ?[2J? 31m end" "the escapes are shown as '?'"

# ---- signed bundles ----
if ! command -v openssl >/dev/null 2>&1 ||
   ! openssl genpkey -algorithm ed25519 -out "$T_TMP/pub.key" >/dev/null 2>&1; then
	skip "signed bundles: no openssl tool that makes Ed25519 keys"
	t_done
	exit $?
fi
KR=$T_TMP/keyring                 # never /etc/trunkwiz/keys in a test
TRUNKWIZ_KEYRING=$KR
export TRUNKWIZ_KEYRING
openssl pkey -in "$T_TMP/pub.key" -pubout -out "$T_TMP/pub.pem"
openssl genpkey -algorithm ed25519 -out "$T_TMP/evil.key" 2>/dev/null
openssl genpkey -algorithm ec -pkeyopt ec_paramgen_curve:prime256v1 -out "$T_TMP/ec.key" 2>/dev/null
openssl pkey -in "$T_TMP/ec.key" -pubout -out "$T_TMP/ec.pem"

run tw providers trust "$T_TMP/ec.pem"
expect_rc 1 "trust refuses a key that is not Ed25519"
expect_err_has "not an Ed25519 key" "and says why"
run tw providers trust "$T_TMP/pub.key"
expect_rc 1 "trust refuses a private key"
expect_err_has "this is a private key" "and says to trust the public half"
run tw providers keys
expect_out_empty "no key trusted yet"
run tw providers trust "$T_TMP/pub.pem"
expect_rc 0 "trust takes an Ed25519 public key"
FPR=$(openssl pkey -pubin -in "$T_TMP/pub.pem" -outform DER | tail -c 32 | sha256sum | cut -d' ' -f1)
expect_out_has "trusted: ed25519 key $FPR" "prints its fingerprint (SHA-256 of the raw key)"
[ "$(stat -c %a "$KR/$FPR.pem")" = 644 ] && ok "the key file is mode 0644" || not_ok "key file mode $(stat -c %a "$KR/$FPR.pem")"
run tw providers keys
expect_out_has "$FPR  $KR/$FPR.pem" "keys lists it"

B=$T_TMP/bundle
DEST=$T_TMP/providers.d
mkdir "$B"
cp "$TW_PROVIDERS/telnyx.conf" "$TW_PROVIDERS/twilio.conf" "$TW_PROVIDERS/didww.conf" "$B/"
sign() { # KEY FILES...
	key=$1
	shift
	(cd "$B" && sha256sum "$@" >SHA256SUMS &&
		openssl pkeyutl -sign -rawin -inkey "$key" -in SHA256SUMS -out SHA256SUMS.sig)
}
upd() { tw -P "$DEST" providers update "$@" "file://$B/SHA256SUMS"; }
# the same through the test build, whose write steps can be traced and killed
upd_hooked() { "$TW_TEST_BIN" -P "$TW_PROVIDERS" --asterisk-version=20 -P "$DEST" providers update "$@" "file://$B/SHA256SUMS"; }
sign "$T_TMP/pub.key" telnyx.conf twilio.conf
run upd --yes
expect_rc 0 "a bundle signed by the trusted key installs"
expect_out_has "bundle signed by trusted key $FPR" "says which key signed it"
cmp -s "$B/telnyx.conf" "$DEST/telnyx.conf" && ok "telnyx.conf installed" || not_ok "telnyx.conf not installed"
snapshot() { (cd "$DEST" && LC_ALL=C ls -lAin --time-style=+%s . && sha256sum ./* ./.trunkwiz-bundle); }
snapshot >"$T_TMP/before"
same_dir() { # description
	snapshot >"$T_TMP/after"
	if cmp -s "$T_TMP/before" "$T_TMP/after"; then ok "$1"; else
		not_ok "$1"; diff "$T_TMP/before" "$T_TMP/after" | sed 's/^/    /' | head; fi
}

# The attack: the provider's profile rewritten to route calls from anyone
# into from-internal with a shell in the caller ID.
cp "$B/telnyx.conf" "$T_TMP/telnyx.orig"
cat >>"$B/telnyx.conf" <<'EOT'
[defaults]
identify = 0.0.0.0/0
context = from-internal
callerid = "x" <${SHELL(id)}>
EOT
# 1. unsigned
sign "$T_TMP/pub.key" telnyx.conf twilio.conf
rm "$B/SHA256SUMS.sig"
run upd --yes
expect_rc 1 "an unsigned bundle is refused"
expect_err_has "the bundle is not signed: nothing is installed" "says it is not signed"
same_dir "unsigned: every file byte-identical"
# 2. signed by a key nobody trusted
sign "$T_TMP/evil.key" telnyx.conf twilio.conf
run upd --yes
expect_rc 1 "a bundle signed by an untrusted key is refused"
expect_err_has "bad signature: no trusted key in $KR signed this index" "says the signature is bad"
same_dir "wrong key: every file byte-identical"
# 3. the index changed after it was signed
sign "$T_TMP/pub.key" twilio.conf
(cd "$B" && sha256sum telnyx.conf >>SHA256SUMS)
run upd --yes
expect_rc 1 "an index changed after signing is refused"
expect_err_has "bad signature" "bad signature named"
same_dir "tampered index: every file byte-identical"
# 4. a profile changed after signing (its checksum no longer matches)
cp "$T_TMP/telnyx.orig" "$B/telnyx.conf"
sign "$T_TMP/pub.key" telnyx.conf twilio.conf
printf 'context = from-internal\n' >>"$B/telnyx.conf"
run upd --yes
expect_rc 1 "a profile changed after signing is refused"
expect_err_has "checksum mismatch" "checksum mismatch named"
same_dir "tampered profile: every file byte-identical"
# 5. validly signed, but the profile says what no profile may
cat >>"$B/telnyx.conf" <<'EOT'
[defaults]
identify = 0.0.0.0/0
callerid = "x" <${SHELL(id)}>
EOT
sign "$T_TMP/pub.key" telnyx.conf twilio.conf
run upd --yes
expect_rc 1 "a signed but malicious profile is refused"
expect_err_has "a profile may not set [endpoint] context" "context named (the line falls in [endpoint])"
expect_err_has "identify entry '0.0.0.0/0' is wider than /16" "identify 0.0.0.0/0 named"
expect_err_has "a profile may not set [defaults] callerid" "callerid named"
same_dir "malicious profile: every file byte-identical"
# 6. a good update, but nobody at a terminal said yes
cp "$T_TMP/telnyx.orig" "$B/telnyx.conf"
sed -i 's/^srtp = yes/srtp = no/' "$B/telnyx.conf"
sign "$T_TMP/pub.key" telnyx.conf didww.conf
run upd </dev/null
expect_rc 2 "no terminal and no --yes: refused"
expect_err_has "no terminal to ask on; give --yes" "says how to confirm"
expect_out_has "updated    telnyx.conf: [provider] srtp" "shows the changed key before asking"
expect_out_has "added      didww.conf" "shows the added profile"
expect_out_has "removed    twilio.conf" "shows the removed profile"
same_dir "not confirmed: every file byte-identical"
run tw -n -P "$DEST" providers update "file://$B/SHA256SUMS"
expect_rc 0 "a dry run shows the changes"
same_dir "dry run: every file byte-identical"
# untrusted key after untrust
run tw providers untrust "$(echo "$FPR" | cut -c1-12)"
expect_rc 0 "untrust by a fingerprint prefix"
run upd --yes
expect_rc 1 "after untrust nothing installs"
expect_err_has "no trusted bundle key" "says no key is trusted"
same_dir "untrusted: every file byte-identical"
tw providers trust "$T_TMP/pub.pem" >/dev/null

# 7. killed at every write step: each profile old or new, never partial,
# no temp file a *.conf glob sees, and the next run finishes.
cp -a "$DEST" "$T_TMP/dest.before"
rm -f "$T_TMP/trace"
TRUNKWIZ_TEST_TRACE=$T_TMP/trace upd_hooked --yes >/dev/null 2>&1
cp -a "$DEST" "$T_TMP/dest.after"
steps=$(wc -l <"$T_TMP/trace")
[ "$steps" -ge 8 ] && ok "update has $steps write steps" || not_ok "only $steps update steps traced"
old_or_new() {
	for f in telnyx.conf twilio.conf didww.conf .trunkwiz-bundle; do
		if [ -e "$DEST/$f" ]; then
			cmp -s "$DEST/$f" "$T_TMP/dest.before/$f" 2>/dev/null ||
				cmp -s "$DEST/$f" "$T_TMP/dest.after/$f" 2>/dev/null || echo "$f partial"
		elif [ -e "$T_TMP/dest.before/$f" ] && [ -e "$T_TMP/dest.after/$f" ]; then
			echo "$f missing"
		fi
	done
	ls "$DEST" | grep -v '^[a-z0-9_.-]*\.conf$' | sed 's/$/ visible/'
}
bad=0
k=1
while [ "$k" -le "$steps" ]; do
	rm -rf "$DEST"
	cp -a "$T_TMP/dest.before" "$DEST"
	TRUNKWIZ_TEST_KILL_AT=$k upd_hooked --yes >/dev/null 2>&1
	r=$?
	[ "$r" -eq 137 ] || { echo "    step $k: exit $r, not killed"; bad=$((bad + 1)); }
	out=$(old_or_new)
	[ -z "$out" ] || { echo "    killed at step $k: $out"; bad=$((bad + 1)); }
	upd --yes >/dev/null 2>&1 || { echo "    rerun after step $k failed"; bad=$((bad + 1)); }
	for f in telnyx.conf didww.conf .trunkwiz-bundle; do
		cmp -s "$DEST/$f" "$T_TMP/dest.after/$f" || { echo "    rerun after $k: $f differs"; bad=$((bad + 1)); }
	done
	[ ! -e "$DEST/twilio.conf" ] || { echo "    rerun after $k: twilio.conf left"; bad=$((bad + 1)); }
	ls -A "$DEST" | grep -q '\.tw-' && { echo "    rerun after $k: temp files left"; bad=$((bad + 1)); }
	k=$((k + 1))
done
[ "$bad" -eq 0 ] && ok "update killed at each of $steps steps: every profile old or new; the rerun finishes" ||
	not_ok "update kill test: $bad problems"

# 8. At a terminal, update asks: "n" installs nothing, "y" installs.
rm -rf "$DEST"
cp -a "$T_TMP/dest.before" "$DEST"
snapshot >"$T_TMP/before"
if ! command -v script >/dev/null 2>&1; then
	skip "no script(1) to give update a terminal"
else
	at_tty() { # ANSWER: run update on a pseudo-terminal, answering ANSWER
		printf '%s\n' "$1" | script -qec "'$TW_BIN' -P '$TW_PROVIDERS' --asterisk-version=20 -P '$DEST' providers update 'file://$B/SHA256SUMS'" /dev/null >"$T_TMP/out" 2>&1
		rc=$?
	}
	at_tty n
	expect_rc 2 "at a terminal, answering n installs nothing"
	expect_out_has "Install these changes into $DEST? [y/N]" "update asks before installing"
	same_dir "answered n: every file byte-identical"
	at_tty y
	expect_rc 0 "at a terminal, answering y installs"
	cmp -s "$DEST/telnyx.conf" "$T_TMP/dest.after/telnyx.conf" && [ ! -e "$DEST/twilio.conf" ] &&
		ok "answered y: the update is installed" || not_ok "answered y: not installed"
fi
t_done
