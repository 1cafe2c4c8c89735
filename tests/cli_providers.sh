#!/bin/sh
# trunkwiz providers list/show/check.
. "${TW_SRCDIR:-.}/tests/lib.sh"

run tw providers list
expect_rc 0 "providers list"
expect_out_has "generic" "lists generic"
expect_out_has "telnyx" "lists telnyx"
expect_out_has "twilio" "lists twilio"

run tw providers list telnyx
expect_out_has "telnyx" "filter keeps telnyx"
expect_out_lacks "twilio" "filter drops twilio"

run tw providers show generic
expect_rc 0 "providers show generic"
expect_out_has "Generic" "shows the name"
expect_out_has "direct_media = no" "shows endpoint extras"

run tw providers show nosuch
expect_rc 1 "unknown profile"
expect_err_has "nosuch" "names the id"

run tw providers check
expect_rc 0 "bundled profiles check clean"
expect_out_has "profiles checked" "says how many"

cat >"$T_TMP/bad.conf" <<'EOT'
[provider]
name = Bad
auth = register
servr = us:sip.example.com
[endpoint]
direct_media = perhaps
EOT
run tw providers check "$T_TMP/bad.conf"
expect_rc 1 "broken profile"
expect_err_has "$T_TMP/bad.conf:4: error: unknown key 'servr'" "schema error with file:line"

cat >"$T_TMP/bad2.conf" <<'EOT'
[provider]
name = Bad Two
auth = ip
[defaults]
identify = 192.0.2.1
[endpoint]
direct_media = perhaps
EOT
run tw providers check "$T_TMP/bad2.conf"
expect_rc 1 "profile whose options Asterisk would reject"
expect_err_has "perhaps" "bad endpoint option value named"

# A broken profile in a -P dir is skipped with a warning, not fatal.
mkdir "$T_TMP/pdir"
cp "$T_TMP/bad.conf" "$T_TMP/pdir/bad.conf"
run "$TW_BIN" -P "$TW_PROVIDERS" -P "$T_TMP/pdir" providers list
expect_rc 0 "list with a broken user profile"
expect_err_has "warning" "broken profile reported"
expect_out_has "generic" "other profiles still listed"

t_done
