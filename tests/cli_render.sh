#!/bin/sh
# trunkwiz render: output, files, exit codes, diagnostics on stderr, and
# nothing on stdout when there is an error.
. "${TW_SRCDIR:-.}/tests/lib.sh"

SEED="name=trunk provider=generic username=your_trunk_username server=sip.provider.example.com dial_preset=nanp"

# The reference trunk, password from the environment.
TRUNKWIZ_PASSWORD=your_trunk_password run tw render $SEED
expect_rc 0 "render the reference trunk"
if diff -u "$TW_SRCDIR/tests/golden/render-seed.txt" "$T_TMP/out" >"$T_TMP/diff"; then
	ok "output equals tests/golden/render-seed.txt"
else
	not_ok "output differs from the golden file"; head -40 "$T_TMP/diff"
fi

# Password from a file and from stdin give the same output.
printf 'your_trunk_password\n' >"$T_TMP/pw"
cp "$T_TMP/out" "$T_TMP/expected"
run tw render $SEED password_file="$T_TMP/pw"
expect_rc 0 "password_file=PATH"
if cmp -s "$T_TMP/out" "$T_TMP/expected"; then ok "password_file gives the same output"; else not_ok "password_file output differs"; fi
printf 'your_trunk_password\n' | tw render $SEED password=- >"$T_TMP/out" 2>"$T_TMP/err"
if cmp -s "$T_TMP/out" "$T_TMP/expected"; then ok "password=- reads stdin"; else not_ok "password=- output differs"; fi

# Answers file.
cat >"$T_TMP/answers.conf" <<EOT
[trunk]
name = trunk
provider = generic
username = your_trunk_username
server = sip.provider.example.com ; the provider
dial_preset = nanp
password = your_trunk_password
EOT
run tw render -a "$T_TMP/answers.conf"
expect_rc 0 "render -a answers file"
if cmp -s "$T_TMP/out" "$T_TMP/expected"; then ok "answers file gives the same output"; else not_ok "answers file output differs"; fi
# A file never names a file for root to read as the password.
printf 'password_file = %s\n' "$T_TMP/pw" >>"$T_TMP/answers.conf"
run tw render -a "$T_TMP/answers.conf"
expect_rc 1 "password_file in an answers file: refused"
expect_err_has "password_file is taken only from the command line" "the refusal says why"

# --pjsip/--extensions write files; the password file part is not world-readable.
run tw render $SEED password_file="$T_TMP/pw" --pjsip "$T_TMP/p.conf" --extensions "$T_TMP/e.conf"
expect_rc 0 "render --pjsip --extensions"
expect_out_empty "nothing on stdout when writing files"
mode=$(stat -c %a "$T_TMP/p.conf" 2>/dev/null)
[ "$mode" = 600 ] && ok "pjsip part written 0600" || not_ok "pjsip part mode $mode"
grep -q '^\[trunk-auth\]' "$T_TMP/p.conf" && ok "pjsip file has [trunk-auth]" || not_ok "pjsip file content"
grep -q '^\[outbound\]' "$T_TMP/e.conf" && ok "extensions file has [outbound]" || not_ok "extensions file content"
run tw check "$T_TMP/p.conf" "$T_TMP/e.conf"
expect_rc 0 "trunkwiz check accepts what render wrote"

# Errors: unknown key with a suggestion, exit 1, nothing on stdout.
run tw render $SEED password_file="$T_TMP/pw" usernme=x
expect_rc 1 "unknown key is an error"
expect_err_has "trunk.usernme: error: unknown answer key 'usernme'" "diagnostic names the key"
expect_err_has "did you mean 'username'" "suggests the nearest key"
expect_out_empty "nothing on stdout on error"

# Missing password.
run tw render $SEED
expect_rc 1 "missing password is an error"
expect_err_has "trunk.password: error" "missing password named"
expect_out_empty "nothing on stdout without a password"

# Bad values are named with the answer that caused them.
run tw render $SEED password_file="$T_TMP/pw" codecs=ulaw,foo
expect_rc 1 "unknown codec"
expect_err_has "unknown codec 'foo'" "codec named"
run tw render $SEED password_file="$T_TMP/pw" identify=203.0.113.300
expect_rc 1 "bad identify address"
expect_err_has "203.0.113.300" "bad address named"
run tw render $SEED password_file="$T_TMP/pw" dtmf_mode=rfc2833
expect_rc 1 "dtmf_mode=rfc2833 rejected"
expect_err_has "rfc4733" "hint names rfc4733"
run tw render name=trunk provider=nosuch username=u server=s.example.com password_file="$T_TMP/pw"
expect_rc 1 "unknown provider"
expect_err_has "no provider profile 'nosuch'" "provider named"

# Config injection: a newline in a value never becomes a section.
nl='x
[evil]'
run tw render $SEED password_file="$T_TMP/pw" "username=$nl"
expect_rc 1 "newline in a value rejected"
expect_out_lacks "[evil]" "no injected section on stdout"

# A semicolon in the password is escaped, not a comment.
printf 'abc;def\n' >"$T_TMP/pw2"
run tw render $SEED password_file="$T_TMP/pw2"
expect_rc 0 "password with ';'"
expect_out_has 'password = abc\;def' "';' escaped as '\\;'"

# Version gating: digest from 22.2 on.
TRUNKWIZ_PASSWORD=p run "$TW_BIN" -P "$TW_PROVIDERS" --asterisk-version=22.10.1 render $SEED
expect_out_has "auth_type = digest" "auth_type=digest on 22.10"
TRUNKWIZ_PASSWORD=p run tw render $SEED
expect_out_has "auth_type = userpass" "auth_type=userpass on 20"

# IP-authenticated trunk: no auth, no registration, no outbound_auth.
run tw render name=ipt provider=generic auth=ip server=192.0.2.10 identify=192.0.2.10,198.51.100.0/24
expect_rc 0 "IP-authenticated trunk"
expect_out_lacks "[ipt-auth]" "no auth section"
expect_out_lacks "[ipt-reg]" "no registration"
expect_out_lacks "outbound_auth" "no outbound_auth"
expect_out_has "match = 198.51.100.0/24" "several identify entries"

# Nothing an answer says becomes dialplan code: refused under the field,
# nothing on stdout.
TRUNKWIZ_PASSWORD=p run tw render $SEED 'callerid=${SHELL(id)}'
expect_rc 1 "callerid=\${SHELL(id)} is refused"
expect_err_has "trunk.callerid: error: callerid cannot go into the dialplan as it is: '\${' starts" "named under trunk.callerid"
expect_out_empty "nothing rendered for callerid=\${SHELL(id)}"
TRUNKWIZ_PASSWORD=p run tw render $SEED 'inbound_exten=1,1,System(id)'
expect_rc 1 "inbound_exten with a comma is refused"
expect_err_has "trunk.inbound_exten: error: inbound_exten cannot go into the dialplan" "named under trunk.inbound_exten"

# Usage errors exit 2.
run "$TW_BIN" frobnicate
expect_rc 2 "unknown command"
run "$TW_BIN" render --pjsip only-one
expect_rc 2 "--pjsip without --extensions"

t_done
