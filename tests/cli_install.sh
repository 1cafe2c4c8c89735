#!/bin/sh
# trunkwiz apply / edit / switch / remove / list on copies of realistic
# config dirs: byte identity of what trunkwiz does not own, dry runs,
# conflicts, permissions, reload through a stand-in Asterisk.
. "${TW_SRCDIR:-.}/tests/lib.sh"

DATA=$TW_SRCDIR/tests/data/install
CFG=$T_TMP/etc
export TRUNKWIZ_GROUP=no-such-group-for-trunkwiz
twc() { tw -C "$CFG" "$@"; }
fresh_copy() { rm -rf "$CFG" "$T_TMP/orig"; cp -a "$DATA/$1" "$CFG"; cp -a "$DATA/$1" "$T_TMP/orig"; }
same_file() { # rel description
	if cmp -s "$CFG/$1" "$T_TMP/orig/$1"; then ok "$2"; else not_ok "$2: $1 differs"; fi
}
# Every file of the original copy other than pjsip.conf/extensions.conf is
# byte-identical.
others_untouched() {
	bad=$(cd "$T_TMP/orig" && find . -type f ! -name pjsip.conf ! -name extensions.conf |
		while read -r f; do cmp -s "$f" "$CFG/$f" || echo "$f"; done)
	[ -z "$bad" ] && ok "$1" || not_ok "$1: $bad"
}

# ---- apply on the rich config ----
fresh_copy rich
TRUNKWIZ_PASSWORD='pw;1' run twc apply -n name=main username=acct server=sip.example.com \
	identify=192.0.2.10 outbound_context=out-main
expect_rc 0 "dry run"
expect_out_has "+#include trunkwiz/main-pjsip.conf ; trunkwiz: trunk main" "dry run prints the include line"
expect_out_has "+++ b/trunkwiz/main-pjsip.conf" "dry run prints the new trunk file"
expect_out_has "+password = ********" "dry run masks the password"
expect_out_lacks "pw;1" "dry run never shows the password"
expect_out_lacks 'pw\;1' "dry run never shows the escaped password"
[ -e "$CFG/trunkwiz" ] && not_ok "dry run wrote files" || ok "dry run wrote nothing"
same_file pjsip.conf "dry run left pjsip.conf alone"

TRUNKWIZ_PASSWORD='pw;1' run twc apply name=main username=acct server=sip.example.com \
	identify=192.0.2.10 outbound_context=out-main
expect_rc 0 "apply"
expect_out_has "created  trunkwiz/main-pjsip.conf (mode 0600)" "reports the trunk file and its mode"
expect_out_has "backup $CFG/pjsip.conf." "reports the backup of pjsip.conf"
expect_err_lacks "pw;1" "no password on stderr"
expect_out_lacks "pw;1" "no password on stdout"
# pjsip.conf = the original bytes + one CRLF include line
head -c "$(wc -c <"$T_TMP/orig/pjsip.conf")" "$CFG/pjsip.conf" | cmp -s - "$T_TMP/orig/pjsip.conf" &&
	ok "pjsip.conf keeps every original byte" || not_ok "pjsip.conf prefix changed"
tail -c 59 "$CFG/pjsip.conf" | od -c | grep -q '\\r  \\n' && ok "include line in the file's CRLF style" ||
	not_ok "include line not CRLF"
[ "$(grep -c '#include trunkwiz/main' "$CFG/pjsip.conf")" = 1 ] && ok "one include line" || not_ok "include lines"
others_untouched "other admin files untouched"
perm=$(stat -c %a "$CFG/trunkwiz/state/main.conf")
[ "$perm" = 600 ] && ok "answers file mode 600" || not_ok "answers mode $perm"
perm=$(stat -c %a "$CFG/trunkwiz/state")
[ "$perm" = 700 ] && ok "state dir mode 700" || not_ok "state dir mode $perm"
run tw check "$CFG/pjsip.conf" "$CFG/extensions.conf"
expect_rc 0 "the result passes trunkwiz check"

# applying again changes nothing
TRUNKWIZ_PASSWORD='pw;1' run twc apply name=main username=acct server=sip.example.com \
	identify=192.0.2.10 outbound_context=out-main
expect_out_has "nothing changed" "same answers: nothing written"
[ "$(grep -c '#include trunkwiz/main' "$CFG/pjsip.conf")" = 1 ] && ok "include added once" || not_ok "include added twice"

run twc list
expect_rc 0 "list"
expect_out_has "main" "list names the trunk"
expect_out_has "installed" "list says it is installed"

# ---- edit ----
run twc edit main codecs=g722,ulaw
expect_rc 0 "edit"
grep -q '^allow = !all,g722,ulaw$' "$CFG/trunkwiz/main-pjsip.conf" && ok "edit regenerated the codecs" ||
	not_ok "codecs not changed"
grep -q '^password = pw\\;1$' "$CFG/trunkwiz/main-pjsip.conf" && ok "edit kept the saved password" ||
	not_ok "password lost on edit"
run twc edit main name=other
expect_rc 1 "renaming through edit is refused"
run twc edit nosuch codecs=ulaw
expect_rc 1 "edit of an unknown trunk"
expect_err_has "no trunk 'nosuch'" "names the missing trunk"

# ---- switch provider ----
run twc switch main provider=telnyx
expect_rc 1 "switch without new credentials"
expect_err_has "trunk.username: error: username is required" "asks for the new username"
expect_err_has "switching from generic to telnyx" "says what it replaced"
cp "$CFG/pjsip.conf" "$T_TMP/pj.before"
TRUNKWIZ_PASSWORD=tpw run twc switch main provider=telnyx username=tuser
expect_rc 0 "switch to telnyx"
grep -q '^server_uri = sip:sip.telnyx.com$' "$CFG/trunkwiz/main-pjsip.conf" && ok "new provider's server" ||
	not_ok "server not switched"
grep -q '^\[main-endpoint\]$' "$CFG/trunkwiz/main-pjsip.conf" && ok "endpoint name unchanged" ||
	not_ok "endpoint renamed"
grep -q 'sip.example.com' "$CFG/trunkwiz/main-pjsip.conf" && not_ok "old provider's server left" ||
	ok "old provider's sections gone"
grep -q '^match = 192.76.120.10$' "$CFG/trunkwiz/main-pjsip.conf" && ok "new identify list" ||
	not_ok "identify not switched"
grep -q 'out-main' "$CFG/trunkwiz/main-extensions.conf" && ok "admin's outbound context carried over" ||
	not_ok "outbound context lost"
cmp -s "$CFG/pjsip.conf" "$T_TMP/pj.before" && ok "switch left pjsip.conf alone" ||
	not_ok "switch changed pjsip.conf"

# ---- a second trunk side by side (IP-authenticated) ----
run twc apply name=backup provider=twilio auth=ip server=office.pstn.twilio.com context=from-backup \
	outbound_context=out-backup
expect_rc 0 "a second, IP-authenticated trunk"
grep -q 'backup-auth' "$CFG/trunkwiz/backup-pjsip.conf" && not_ok "IP trunk has an auth" ||
	ok "IP trunk has no auth section"
run twc list
expect_out_has "backup" "list shows both (backup)"
expect_out_has "main" "list shows both (main)"
run tw check "$CFG/pjsip.conf" "$CFG/extensions.conf"
expect_rc 0 "both trunks pass trunkwiz check"

# ---- remove: the admin's files come back byte for byte ----
run twc remove -n main
expect_rc 0 "remove dry run"
expect_out_has "-#include trunkwiz/main-pjsip.conf" "remove dry run shows the line going"
run twc remove main
expect_rc 0 "remove main"
run twc remove backup
expect_rc 0 "remove backup"
same_file pjsip.conf "pjsip.conf back to its exact bytes"
same_file extensions.conf "extensions.conf back to its exact bytes (no final newline)"
others_untouched "other files still untouched"
run twc remove main
expect_rc 1 "removing twice"
run twc list
expect_out_has "no trunks" "nothing left"

# ---- conflicts ----
fresh_copy rich
TRUNKWIZ_PASSWORD=x run twc apply name=acme username=u server=sip.example.com identify=192.0.2.1
expect_rc 1 "a name the admin already uses"
expect_err_has "pjsip.d/10-acme.conf:2: error: [acme-auth] is already defined here" "conflict at file:line"
expect_out_empty "nothing on stdout on error"
[ -e "$CFG/trunkwiz" ] && not_ok "conflict wrote files" || ok "conflict wrote nothing"

# ---- a fresh config without a transport ----
fresh_copy fresh
TRUNKWIZ_PASSWORD=x run twc apply name=t1 username=u server=sip.example.com identify=192.0.2.1
expect_rc 1 "no transport"
expect_err_has "defines no transport for udp" "says the transport is missing"
expect_err_has "create_transport=yes" "says how to fix it"
TRUNKWIZ_PASSWORD=x run twc apply name=t1 username=u server=sip.example.com identify=192.0.2.1 \
	transport=create public_ip=203.0.113.5 local_net=192.168.0.0/16
expect_rc 0 "transport=create"
grep -q '^external_signaling_address = 203.0.113.5$' "$CFG/trunkwiz/transport.conf" &&
	ok "transport carries the public address" || not_ok "no external address"
grep -q '^local_net = 192.168.0.0/16$' "$CFG/trunkwiz/transport.conf" &&
	ok "transport carries local_net" || not_ok "no local_net"
run twc remove t1
same_file pjsip.conf "fresh pjsip.conf back to its bytes"
[ -e "$CFG/trunkwiz/transport.conf" ] && not_ok "transport left behind" || ok "transport removed with the last trunk"

# ---- permissions: an admin without root ----
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
	fresh_copy fresh
	chmod 755 "$CFG" "$T_TMP"
	TRUNKWIZ_PASSWORD=x run setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$TW_BIN" -P "$TW_PROVIDERS" --asterisk-version=20 -C "$CFG" apply name=t1 username=u \
		server=sip.example.com identify=192.0.2.1 transport=create
	expect_rc 3 "not root: exit 3"
	expect_err_has "needs write permission on $CFG" "names the directory and the permission"
	expect_err_has "sudo" "says how to get it"
	[ -e "$CFG/trunkwiz" ] && not_ok "wrote as nobody" || ok "nothing written without permission"
	same_file pjsip.conf "pjsip.conf untouched without permission"
else
	skip "permission test needs root and setpriv"
fi

# ---- reload through a stand-in Asterisk ----
fresh_copy rich
cat >"$T_TMP/asterisk" <<EOF
#!/bin/sh
echo "\$*" >>"$T_TMP/asterisk.log"
case "\$2" in
"core show version") echo "Asterisk 22.10.1 built by test" ;;
"pjsip show registrations")
	echo " <Registration/ServerURI..............................>  <Auth..........>  <Status.......>"
	echo " main-reg/sip:sip.example.com                             main-auth         Registered" ;;
esac
EOF
chmod +x "$T_TMP/asterisk"
TRUNKWIZ_ASTERISK=$T_TMP/asterisk TRUNKWIZ_PASSWORD=x run twc apply --reload name=main username=u \
	server=sip.example.com identify=192.0.2.1 outbound_context=out-main
expect_rc 0 "apply --reload"
expect_out_has "asterisk: module reload res_pjsip.so: done" "reloaded res_pjsip"
expect_out_has "asterisk: dialplan reload: done" "reloaded the dialplan"
expect_out_has "registration: main-reg/sip:sip.example.com" "shows the registration"
expect_out_has "Registered" "with its state"
printf '#!/bin/sh\nexit 1\n' >"$T_TMP/asterisk"
TRUNKWIZ_ASTERISK=$T_TMP/asterisk run twc edit --reload main codecs=alaw
expect_rc 0 "reload when Asterisk is not running"
expect_out_has "Asterisk is not running" "says nothing was reloaded"

# ---- the common options after the command, as in "trunkwiz apply -C DIR" ----
fresh_copy fresh
TRUNKWIZ_PASSWORD=x run "$TW_BIN" apply -C "$CFG" -P "$TW_PROVIDERS" --asterisk-version=20 \
	name=after username=u server=sip.example.com transport=create --no-color
expect_rc 0 "apply -C DIR (options after the command)"
[ -f "$CFG/trunkwiz/after-pjsip.conf" ] && ok "the trunk went into that dir" ||
	not_ok "no $CFG/trunkwiz/after-pjsip.conf"
run "$TW_BIN" list -C "$CFG"
expect_out_has "after" "list -C DIR"
run "$TW_BIN" remove after -n -C "$CFG"
expect_rc 0 "remove NAME -n -C DIR"
[ -f "$CFG/trunkwiz/after-pjsip.conf" ] && ok "the dry run after the name wrote nothing" ||
	not_ok "remove -n after the name removed the trunk"
run "$TW_BIN" apply -C
expect_rc 2 "-C without a dir is a usage error"
run "$TW_BIN" apply --asterisk-version=x -C "$CFG"
expect_rc 2 "a bad common option after the command is a usage error"
expect_err_has "--asterisk-version wants a version" "and says which"

# ---- a second trunk that names no contexts ----
fresh_copy fresh
TRUNKWIZ_PASSWORD=x run twc apply name=first username=u server=sip.example.com \
	identify=192.0.2.1 transport=create
expect_rc 0 "the first trunk"
grep -q '^\[from-trunk\]' "$CFG/trunkwiz/first-extensions.conf" && ok "... gets [from-trunk]" ||
	not_ok "the first trunk has no [from-trunk]"
TRUNKWIZ_PASSWORD=y run twc apply name=second username=u2 server=sip2.example.com \
	identify=192.0.2.2
expect_rc 0 "a second trunk beside it, no contexts named"
grep -q '^\[from-second\]' "$CFG/trunkwiz/second-extensions.conf" &&
	grep -q '^\[outbound-second\]' "$CFG/trunkwiz/second-extensions.conf" &&
	ok "... gets [from-second] and [outbound-second]" || not_ok "second trunk's contexts"
expect_err_has "include => outbound-second" "says how to dial out through it"
grep -q '^context = from-second' "$CFG/trunkwiz/state/second.conf" &&
	ok "... and saves them with its answers" || not_ok "contexts not saved"
TRUNKWIZ_PASSWORD=x run twc edit first codecs=alaw
expect_rc 0 "editing the first trunk"
grep -q '^\[from-trunk\]' "$CFG/trunkwiz/first-extensions.conf" &&
	ok "... keeps its [from-trunk]" || not_ok "the first trunk's context changed"
run "$TW_BIN" check -C "$CFG"
expect_rc 0 "the two trunks check clean together"

# ---- remove when the admin has deleted extensions.conf since ----
fresh_copy fresh
TRUNKWIZ_PASSWORD=x run twc apply name=gone username=u server=sip.example.com \
	identify=192.0.2.1 transport=create
expect_rc 0 "apply before the admin deletes extensions.conf"
rm "$CFG/extensions.conf"
run twc remove gone
expect_rc 0 "remove with extensions.conf gone"
[ -e "$CFG/extensions.conf" ] && not_ok "remove created extensions.conf ($(stat -c %a "$CFG/extensions.conf"))" ||
	ok "remove does not create the deleted extensions.conf"
[ -e "$CFG/trunkwiz/gone-pjsip.conf" ] && not_ok "the trunk's files stayed" || ok "the trunk's files went"

# ---- the transport's include line removed by hand: edit brings it back ----
fresh_copy fresh
TRUNKWIZ_PASSWORD=x run twc apply name=t1 username=u server=sip.example.com \
	identify=192.0.2.1 transport=create
expect_rc 0 "apply with a created transport"
sed -i '/trunkwiz: transport$/d' "$CFG/pjsip.conf"
grep -q 'trunkwiz/transport.conf' "$CFG/pjsip.conf" && not_ok "the include line is still there" ||
	ok "(the admin took the transport's include line out)"
TRUNKWIZ_PASSWORD=x run twc edit t1 username=u2
expect_rc 0 "edit after that"
grep -q '^#include trunkwiz/transport.conf ; trunkwiz: transport$' "$CFG/pjsip.conf" &&
	ok "edit puts the transport's include line back" || not_ok "no transport include line after edit"
run "$TW_BIN" check -C "$CFG"
expect_rc 0 "the config checks clean again"
expect_err_lacks "no type=transport" "and has its transport"


# ---- temp files a killed run left: removed by the next write ----
fresh_copy fresh
: >"$CFG/.pjsip.conf.tw-Ab12Cd"
TRUNKWIZ_PASSWORD=pw run twc apply name=tmpclean username=u server=sip.example.com \
	identify=192.0.2.10 create_transport=yes
expect_rc 0 "apply after a killed run"
[ -e "$CFG/.pjsip.conf.tw-Ab12Cd" ] && not_ok "a killed run's temp file is left in the config dir" ||
	ok "a killed run's temp file in the config dir is removed"
: >"$CFG/trunkwiz/.tmpclean-pjsip.conf.tw-Zz99Yy"
TRUNKWIZ_PASSWORD=pw run twc edit tmpclean codecs=alaw
expect_rc 0 "edit after a killed run"
[ -e "$CFG/trunkwiz/.tmpclean-pjsip.conf.tw-Zz99Yy" ] && not_ok "a killed run's temp file is left in trunkwiz/" ||
	ok "a killed run's temp file in trunkwiz/ is removed"
t_done
