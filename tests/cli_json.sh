#!/bin/sh
# --json output of apply, edit, switch, remove, list and doctor, checked
# against the schemas in tests/data/json (tests/json_schema.py).
. "${TW_SRCDIR:-.}/tests/lib.sh"
command -v python3 >/dev/null 2>&1 || t_skip_all "python3 not installed: the schemas cannot be checked"
export TRUNKWIZ_GROUP=no-such-group-for-trunkwiz
S="$TW_SRCDIR/tests/data/json"
D="$T_TMP/ast"
cp -R "$TW_SRCDIR/tests/data/install/fresh" "$D"
chmod -R u+w "$D"
A="name=office provider=generic username=pbx1 server=sip.example.com create_transport=yes identify=203.0.113.10"

# schema SCHEMA DESCRIPTION: stdout ($T_TMP/out) is valid against SCHEMA
schema() {
	if python3 "$TW_SRCDIR/tests/json_schema.py" "$S/$1" "$T_TMP/out" >"$T_TMP/schema" 2>&1; then
		ok "$2"
	else
		not_ok "$2"; sed 's/^/    /' "$T_TMP/schema" | head
	fi
}
# field EXPR VALUE DESCRIPTION: python expression over j (the output) equals VALUE
field() {
	got=$(python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print(($1))" "$T_TMP/out" 2>&1)
	if [ "$got" = "$2" ]; then ok "$3"; else not_ok "$3: got '$got', expected '$2'"; fi
}

TRUNKWIZ_PASSWORD=secret1 run tw -C "$D" apply --json $A
expect_rc 0 "apply --json"
schema plan.json "apply: matches the schema"
field 'j["changed"]' True "apply: changed"
field '[f["action"] for f in j["files"] if f["path"]=="trunkwiz/office-pjsip.conf"][0]' created "apply: the trunk file is created"
field '[f["mode"] for f in j["files"] if f["path"]=="trunkwiz/state/office.conf"][0]' 0600 "apply: the answers are 0600"
field '[f["action"] for f in j["files"] if f["path"]=="pjsip.conf"][0]' updated "apply: pjsip.conf is updated"
field 'len(j["backups"]) >= 2' True "apply: backups of pjsip.conf and extensions.conf listed"
field 'j["reload"]["outcome"]' "not requested" "apply: no reload asked"
expect_out_lacks "secret1" "apply: the password is not in the JSON"

TRUNKWIZ_PASSWORD=secret1 run tw -C "$D" apply --json $A
expect_rc 0 "apply again: nothing to change is success"
schema plan.json "apply again: matches the schema"
field 'j["changed"]' False "apply again: changed is false"
field 'sorted(set(f["action"] for f in j["files"]))' "['unchanged']" "apply again: every file unchanged"
field 'len(j["files"])' 3 "apply again: the trunk's three files listed"

run tw -C "$D" edit office --json -n codecs=alaw
expect_rc 0 "edit -n --json"
schema plan.json "edit -n: matches the schema"
field 'j["dry_run"], j["changed"], j["would_change"]' "(True, False, True)" "edit -n: a dry run that would change"
field 'j["command"]' edit "edit -n: command is edit"

run tw -C "$D" edit office --json codecs=alaw
expect_rc 0 "edit --json"
field 'j["changed"]' True "edit: changed"
field '[f["action"] for f in j["files"] if f["path"]=="trunkwiz/office-pjsip.conf"][0]' updated "edit: the trunk file is updated"

run tw -C "$D" list --json
expect_rc 0 "list --json"
schema list.json "list: matches the schema"
field '[(t["name"], t["provider"], t["included"]) for t in j["trunks"]]' "[('office', 'generic', True)]" "list: the trunk, its provider, installed"

# a config dir whose name is not UTF-8 (Latin-1 "é"): still one document
L="$T_TMP/ast-$(printf '\351')"
cp -R "$D" "$L"
run tw -C "$L" list --json
expect_rc 0 "list --json in a dir with a Latin-1 name"
schema list.json "... matches the schema"
field '[t["name"] for t in j["trunks"]]' "['office']" "... and lists the trunk"
TRUNKWIZ_PASSWORD=x run tw -C "$L" apply --json name=office2 provider=generic username=u \
	server=sip.example.com port=99999
expect_rc 1 "refused apply --json in that dir: exit 1"
schema plan.json "... still prints its document"

TRUNKWIZ_PASSWORD=x run tw -C "$D" apply --json name=office2 provider=generic username=u server=sip.example.com port=99999
expect_rc 1 "apply --json with an invalid answer: exit 1"
schema plan.json "refused apply: matches the schema"
field 'j["changed"]' False "refused apply: changed is false"
field '"port" in [d["field"] for d in j["diagnostics"] if d["severity"]=="error"]' True "refused apply: the error names the field"

run tw -C "$D" remove office --json
expect_rc 0 "remove --json"
schema plan.json "remove: matches the schema"
field 'sorted(f["action"] for f in j["files"] if f["path"].startswith("trunkwiz/office"))' "['removed', 'removed']" "remove: the trunk files are removed"
PWFILES='("trunkwiz/office-pjsip.conf", "trunkwiz/state/office.conf")'
field "all(f['backup'] for f in j['files'] if f['path'] not in $PWFILES)" True "remove: every file has its backup"
field "[f['backup'] for f in j['files'] if f['path'] in $PWFILES]" "[None, None]" \
	"remove: the files that held the password leave no backup"

run tw -C "$D" remove office --json
expect_rc 1 "remove --json of a trunk that is gone: exit 1"
schema plan.json "refused remove: matches the schema"

# doctor: nothing listens on 127.0.0.1:9 (discard) for SIP in a test; every
# check still reports, as JSON.
run tw -C "$TW_SRCDIR/tests/data/install/freepbx" doctor --json --timeout 0.3 --no-register \
	--no-asterisk --no-firewall --public-ip 192.0.2.1 name=t server=127.0.0.1 port=9 \
	username=u identify=127.0.0.1
schema doctor.json "doctor: matches the schema"
field '[c["status"] for c in j["checks"] if c["name"]=="options"][0]' failed "doctor: OPTIONS to a closed port failed"
field 'j["failed"], j["counts"]["failed"] >= 1' "(True, True)" "doctor: failed and counted"
field '[c["detail"][:12] for c in j["checks"] if c["name"]=="distribution"][0]' "FreePBX (pjs" "doctor: the distribution line names FreePBX"
expect_rc 1 "doctor --json: exit 1 when a check failed"

# the schema checker itself catches a wrong document
printf '{"command": "apply", "changed": "yes"}\n' >"$T_TMP/out"
if python3 "$TW_SRCDIR/tests/json_schema.py" "$S/plan.json" "$T_TMP/out" >/dev/null; then
	not_ok "the schema checker refuses a wrong document"
else
	ok "the schema checker refuses a wrong document"
fi
t_done
