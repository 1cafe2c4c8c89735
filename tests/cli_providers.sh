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

# The catalog: every region and both auth models are there.
run tw providers list DE
expect_rc 0 "filter by region"
expect_out_has "sipgate" "DE lists sipgate"
expect_out_has "dusnet" "DE lists dus.net"
expect_out_lacks "generic" "DE does not list generic ('provider' is no match)"
run tw providers list gb
expect_out_has "aaisp" "region filter ignores case"
run tw providers list ip
expect_out_has "bandwidth" "filter by auth mode"
expect_out_lacks "sipgate" "auth filter is not a substring match"
run tw providers list us
expect_out_has "flowroute" "US,CA lists match US"
run tw providers list nosuchword
expect_rc 1 "a filter that matches nothing"
expect_err_has "nosuchword" "names the word"

run tw providers show didww
expect_rc 0 "providers show didww"
expect_out_has "transports: udp,tcp,tls" "shows transports"
expect_out_has "srtp:      yes" "shows srtp"
expect_out_has "ip list:   https://doc.didww.com/voice.json (json, select inbound.signaling.static_sip_uri)" "shows the list, its format and select"

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

cat >"$T_TMP/bad3.conf" <<'EOT'
[provider]
name = Bad Three
auth = ip
region = Deutschland
verified = yesterday
transports = udp,sctp
srtp = maybe
ip_list_url = http://lists.example/ips.txt
requires = server,colour
[defaults]
identify = 192.0.2.1
EOT
run tw providers check "$T_TMP/bad3.conf"
expect_rc 1 "profile with bad [provider] values"
expect_err_has "bad3.conf:4: error: region 'Deutschland' is not a country code list" "region at its line"
expect_err_has "bad3.conf:5: error: verified 'yesterday' is not a date" "verified at its line"
expect_err_has "bad3.conf:6: error: unknown transport 'sctp'" "transports at its line"
expect_err_has "bad3.conf:7: error: srtp: unknown value 'maybe'" "srtp at its line"
expect_err_has "bad3.conf:8: error: ip_list_url must be an https:// URL" "plain HTTP list URL refused"
expect_err_has "bad3.conf:9: error: requires: 'colour' is not an answer" "requires checked"

cat >"$T_TMP/bad4.conf" <<'EOT'
[provider]
name = Bad Four
auth = ip
transports = udp
srtp = required
[defaults]
transport = tls
identify = 192.0.2.1
codecs = ulaw
EOT
run tw providers check "$T_TMP/bad4.conf"
expect_rc 1 "profile whose keys contradict each other"
expect_err_has "bad4.conf:7: error: transport 'tls' is not in transports" "transport vs transports"
expect_err_has "bad4.conf:5: error: srtp = required" "srtp vs media_encryption"

cat >"$T_TMP/noverify.conf" <<'EOT'
[provider]
name = Unverified
auth = ip
requires = identify,codecs
EOT
run tw providers check "$T_TMP/noverify.conf"
expect_rc 0 "a profile that leaves identify and codecs to the admin still checks"
expect_err_has "warning: profile does not say when its facts were verified" "missing verified date warned"
expect_err_has "warning: profile has no region" "missing region warned"

# A broken profile in a -P dir is skipped with a warning, not fatal.
mkdir "$T_TMP/pdir"
cp "$T_TMP/bad.conf" "$T_TMP/pdir/bad.conf"
run "$TW_BIN" -P "$TW_PROVIDERS" -P "$T_TMP/pdir" providers list
expect_rc 0 "list with a broken user profile"
expect_err_has "warning" "broken profile reported"
expect_out_has "generic" "other profiles still listed"

# -P before or after the verb, as every common option.
run "$TW_BIN" providers list -P "$TW_PROVIDERS" -P "$T_TMP/pdir" twilio
expect_rc 0 "providers list -P DIR WORD"
expect_out_has "twilio" "finds the profile through -P after the verb"
expect_err_has "bad.conf" "and reads the later -P dir"
run "$TW_BIN" providers -P "$TW_PROVIDERS" show twilio
expect_rc 0 "providers -P DIR show ID"
run tw providers show twilio extra
expect_rc 2 "providers show takes one ID"
run tw providers list --no-such-option
expect_rc 2 "an unknown option is a usage error"

# A binary run before 'make install': the bundled dir is missing.
TRUNKWIZ_DATADIR=$T_TMP/not-installed run "$TW_BIN" providers list
expect_rc 0 "providers list without any profile"
expect_err_has "not-installed: warning: the bundled provider profiles are not installed here" \
	"says the bundled profiles are missing, and where they were looked for"
expect_err_has "-P DIR" "and how to point at them"
TRUNKWIZ_DATADIR=$T_TMP/not-installed run "$TW_BIN" -P "$TW_PROVIDERS" providers list
expect_err_lacks "not installed" "no such warning when -P gives the profiles"

t_done
