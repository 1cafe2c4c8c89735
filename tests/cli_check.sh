#!/bin/sh
# trunkwiz check: compiler-style diagnostics, exit codes, includes.
. "${TW_SRCDIR:-.}/tests/lib.sh"
D=$TW_SRCDIR/tests/data

# The reference snippet (its config lines) lints without errors.
run tw check "$D/render/seed-snippet.conf"
expect_rc 0 "seed snippet: no errors"
expect_err_lacks "error:" "seed snippet: no error lines"
expect_out_empty "check prints diagnostics on stderr only"

# Asterisk's own sample files (active lines): no errors but the sample's
# placeholder TLS files (/path/mycert.crt), which Asterisk would refuse too.
if [ -d "$D/asterisk-samples" ]; then
	for f in "$D"/asterisk-samples/*.conf; do
		run tw check "$f"
		if grep -q '^cert_file *= */path/' "$f"; then
			expect_rc 1 "$(basename "$f"): the sample's TLS files do not exist here"
			expect_err_has "/path/mycert.crt is missing" "$(basename "$f"): missing cert_file named"
		else
			expect_rc 0 "no errors on $(basename "$f")"
		fi
	done
fi

# Broken configs: FILE:LINE: error: ..., exit 1.
cat >"$T_TMP/pjsip.conf" <<'EOT'
[t-endpoint]
type = endpoint
context = from-trunk
allow = !all,ulaw,notacodec
aors = t-aor
send_pai = maybe
dtmf_mode = rfc2833

[t-aor]
type = aor
contact = sip.example.com
qualify_frequency = 010
EOT
run tw check "$T_TMP/pjsip.conf"
expect_rc 1 "broken pjsip.conf: exit 1"
expect_err_has "$T_TMP/pjsip.conf:4: error:" "unknown codec located at line 4"
expect_err_has "notacodec" "unknown codec named"
expect_err_has "$T_TMP/pjsip.conf:6: error:" "bool 'maybe' located at line 6"
expect_err_has "$T_TMP/pjsip.conf:7: error:" "rfc2833 located at line 7"
expect_err_has "$T_TMP/pjsip.conf:11: error:" "contact without sip: at line 11"
expect_err_has "$T_TMP/pjsip.conf:12: error:" "octal-looking uint at line 12"
expect_out_empty "nothing on stdout on errors"

# Dangling reference with a suggestion.
cat >"$T_TMP/pjsip.conf" <<'EOT'
[t-endpoint]
type = endpoint
allow = ulaw
aors = t-aorr

[t-aor]
type = aor
contact = sip:sip.example.com
EOT
run tw check "$T_TMP/pjsip.conf"
expect_rc 1 "dangling aors reference"
expect_err_has "t-aorr" "missing aor named"
expect_err_has "t-aor" "suggests the existing aor"

# Includes are followed relative to the config dir; a missing include is an error.
mkdir -p "$T_TMP/etc/pjsip.d"
cat >"$T_TMP/etc/pjsip.conf" <<'EOT'
#include pjsip.d/*.conf
#tryinclude nothing-here.conf
EOT
cat >"$T_TMP/etc/pjsip.d/t.conf" <<'EOT'
[t-aor]
type = aor
contact = sip:sip.example.com
qualify_frequency = 60
qualify_timeout = 90
EOT
run tw check "$T_TMP/etc/pjsip.conf"
expect_rc 1 "error inside an included file"
expect_err_has "pjsip.d/t.conf:5:" "diagnostic names the included file and line"
echo '#include missing.conf' >"$T_TMP/etc/pjsip.conf"
run tw check "$T_TMP/etc/pjsip.conf"
expect_rc 1 "missing #include is an error"
expect_err_has "missing.conf" "missing include named"

# Binary garbage: a clear error, no crash.
head -c 4096 /dev/urandom >"$T_TMP/garbage.conf" 2>/dev/null || printf 'a\000b' >"$T_TMP/garbage.conf"
printf '\000' >>"$T_TMP/garbage.conf"
run tw check "$T_TMP/garbage.conf"
[ "$rc" -eq 1 ] && ok "binary file: exit 1" || not_ok "binary file: exit $rc"
expect_err_has "garbage.conf" "binary file named"

# Unreadable file: exit 3.
run tw check "$T_TMP/does-not-exist.conf"
expect_rc 3 "missing file: exit 3"

# Dialplan: Dial target naming a missing endpoint, pattern errors.
cat >"$T_TMP/p.conf" <<'EOT'
[trunk-endpoint]
type = endpoint
allow = ulaw
context = from-trunk
EOT
cat >"$T_TMP/extensions.conf" <<'EOT'
[from-trunk]
exten => s,1,Hangup()
[outbound]
exten => _NXXNXXXXXX,1,Dial(PJSIP/1${EXTEN}@trunk-endpoinr,120,tT)
exten => _1[2-9XX,1,Dial(PJSIP/${EXTEN}@trunk-endpoint,120,tT)
EOT
run tw check "$T_TMP/p.conf" "$T_TMP/extensions.conf"
expect_rc 1 "dialplan errors"
expect_err_has "$T_TMP/extensions.conf:4:" "Dial target error at line 4"
expect_err_has "trunk-endpoinr" "missing endpoint named"
expect_err_has "$T_TMP/extensions.conf:5:" "pattern error at line 5"

t_done
