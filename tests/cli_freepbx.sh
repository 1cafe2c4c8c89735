#!/bin/sh
# A FreePBX-style config dir (tests/data/install/freepbx: generated
# pjsip.conf and extensions.conf with their headers and _custom includes):
# apply, edit and remove leave every generated file byte-identical and
# write the include lines into the files FreePBX leaves to the admin.
. "${TW_SRCDIR:-.}/tests/lib.sh"
export TRUNKWIZ_GROUP=no-such-group-for-trunkwiz
D="$T_TMP/ast"
cp -R "$TW_SRCDIR/tests/data/install/freepbx" "$D"
chmod -R u+w "$D"
A="name=office provider=generic username=pbx1 server=sip.example.com identify=203.0.113.10 transport_name=0.0.0.0-udp"

# the generated files: every .conf that is not *_custom*.conf
generated() { (cd "$D" && ls *.conf | grep -v '_custom' | xargs md5sum); }
generated >"$T_TMP/gen.sums"
cp "$D/pjsip_custom.conf" "$T_TMP/pjsip_custom.before"
cp "$D/extensions_custom.conf" "$T_TMP/extensions_custom.before"
same_generated() {
	if (cd "$D" && md5sum -c --quiet "$T_TMP/gen.sums" >/dev/null 2>&1); then ok "$1"
	else not_ok "$1"; (cd "$D" && md5sum -c --quiet "$T_TMP/gen.sums" 2>&1 | sed 's/^/    /' | head); fi
}

TRUNKWIZ_PASSWORD=pw run tw -C "$D" apply $A
expect_rc 0 "apply on FreePBX"
same_generated "apply: every generated file byte-identical"
grep -qx '#include trunkwiz/office-pjsip.conf ; trunkwiz: trunk office' "$D/pjsip_custom.conf" &&
	ok "apply: the pjsip include line is in pjsip_custom.conf" || not_ok "no include line in pjsip_custom.conf"
grep -q '^#include trunkwiz/office-extensions.conf' "$D/extensions_custom.conf" &&
	ok "apply: the dialplan include line is in extensions_custom.conf" || not_ok "no include line in extensions_custom.conf"
head -c "$(wc -c <"$T_TMP/extensions_custom.before")" "$D/extensions_custom.conf" |
	cmp -s - "$T_TMP/extensions_custom.before" && ok "apply: the admin's extensions_custom.conf lines kept" ||
	not_ok "apply: extensions_custom.conf's own lines changed"
grep -qF 'Goto(from-pstn,${EXTEN},1)' "$D/trunkwiz/office-extensions.conf" &&
	ok "apply: inbound calls go to from-pstn with the dialled number" || not_ok "inbound not to from-pstn"
expect_err_has "FreePBX generates this config" "apply: says FreePBX generates the config"
expect_err_has "[from-internal-custom] in extensions_custom.conf" "apply: says where phones get the dial rules"
run tw -C "$D" check "$D/pjsip.conf" "$D/extensions.conf"
expect_rc 0 "the result passes check"
run tw -C "$D" list
grep -q "^office .* installed " "$T_TMP/out" &&
	ok "list: the trunk is installed (its include lines are in the _custom files)" ||
	{ not_ok "list does not see the include lines in the _custom files"; sed 's/^/    /' "$T_TMP/out"; }

TRUNKWIZ_PASSWORD=pw run tw -C "$D" apply --json $A
field_ok() {
	python3 -c "import json,sys; j=json.load(open(sys.argv[1])); sys.exit(0 if ($1) else 1)" "$T_TMP/out" &&
		ok "$2" || not_ok "$2"
}
if command -v python3 >/dev/null 2>&1; then
	field_ok 'j["changed"] is False' "apply again: nothing changed"
else
	skip "apply again: no python3"
fi

run tw -C "$D" edit office codecs=alaw
expect_rc 0 "edit on FreePBX"
same_generated "edit: every generated file byte-identical"
grep -qF 'Goto(from-pstn,${EXTEN},1)' "$D/trunkwiz/office-extensions.conf" &&
	ok "edit: the inbound destination is kept" || not_ok "edit lost the inbound destination"

run tw -C "$D" remove office
expect_rc 0 "remove on FreePBX"
same_generated "remove: every generated file byte-identical"
cmp -s "$D/pjsip_custom.conf" "$T_TMP/pjsip_custom.before" && cmp -s "$D/extensions_custom.conf" "$T_TMP/extensions_custom.before" &&
	ok "remove: the _custom files have their bytes back" || not_ok "remove: the _custom files differ"

# pjsip_custom.conf missing: created, and kept (emptied) by remove, since
# the generated pjsip.conf includes it.
rm "$D/pjsip_custom.conf"
TRUNKWIZ_PASSWORD=pw run tw -C "$D" apply $A
expect_rc 0 "apply with no pjsip_custom.conf"
grep -q '^#include trunkwiz/office-pjsip.conf' "$D/pjsip_custom.conf" 2>/dev/null &&
	ok "pjsip_custom.conf created with the include line" || not_ok "pjsip_custom.conf not created"
same_generated "creating pjsip_custom.conf touched no generated file"
run tw -C "$D" remove office
[ -f "$D/pjsip_custom.conf" ] && ! grep -q trunkwiz/office "$D/pjsip_custom.conf" &&
	ok "remove keeps a pjsip_custom.conf FreePBX includes" || not_ok "remove deleted pjsip_custom.conf or left the line"

# A generated pjsip.conf that includes no file left to the admin: refused.
sed -i '/#include pjsip_custom.conf/d' "$D/pjsip.conf"
generated >"$T_TMP/gen.sums"
TRUNKWIZ_PASSWORD=pw run tw -C "$D" apply $A
expect_rc 1 "no pjsip_custom.conf include: apply refused"
expect_err_has "FreePBX generates this config and its pjsip.conf includes no file left to the admin" \
	"says why, naming FreePBX"
same_generated "refused: nothing generated changed"
[ -d "$D/trunkwiz/state" ] && ls "$D/trunkwiz/state" | grep -q office &&
	not_ok "refused apply saved answers" || ok "refused apply saved nothing"

# Behind NAT, with the admin's own transport in pjsip_custom.conf: the
# public address goes there (the file is the admin's, not FreePBX's).
rm -rf "$D"
cp -R "$TW_SRCDIR/tests/data/install/freepbx" "$D"
chmod -R u+w "$D"
printf '\n[office-nat]\ntype = transport\nprotocol = udp\nbind = 0.0.0.0:5070\n' >>"$D/pjsip_custom.conf"
generated >"$T_TMP/gen.sums"
TRUNKWIZ_PASSWORD=pw run tw -C "$D" apply name=office provider=generic username=pbx1 \
	server=sip.example.com identify=203.0.113.10 transport_name=office-nat \
	public_ip=203.0.113.9 local_net=10.0.0.0/8
expect_rc 0 "NAT, own transport in pjsip_custom.conf: apply"
grep -q "^external_media_address = 203.0.113.9" "$D/pjsip_custom.conf" &&
	grep -q "^local_net = 10.0.0.0/8" "$D/pjsip_custom.conf" &&
	ok "the admin's transport in pjsip_custom.conf gets the public address and local net" ||
	{ not_ok "the NAT answers were dropped"; sed 's/^/    /' "$T_TMP/err"; }
same_generated "NAT: every generated file byte-identical"
t_done
