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

# Regions: each region's servers and the addresses its calls come from;
# region= picks one and identify follows it.
mkdir "$T_TMP/rdir"
cat >"$T_TMP/rdir/regional.conf" <<'EOT'
[provider]
name = Regional
region = US
auth = register
verified = 2026-11-30
server = us:sip.example.com
server = eu:sip.example.eu
region_identify = us:192.0.2.10,192.0.2.11
region_identify = eu:198.51.100.0/28
ip_list_url = https://example.com/regional.txt
[defaults]
codecs = ulaw
EOT
rtw() { "$TW_BIN" -P "$TW_PROVIDERS" -P "$T_TMP/rdir" --asterisk-version=20 "$@"; }
run rtw providers show regional
expect_rc 0 "show a profile with regions"
expect_out_has "regions:   us, eu" "lists the regions"
expect_out_has "  eu      server sip.example.eu; identify 198.51.100.0/28" "a region's server and addresses"
TRUNKWIZ_PASSWORD=pw run rtw render name=r provider=regional username=u region=eu
expect_rc 0 "render region=eu"
expect_out_has "server_uri = sip:sip.example.eu" "region picks its server"
expect_out_has "match = 198.51.100.0/28" "identify follows the region"
expect_out_lacks "192.0.2.10" "and not another region's addresses"
TRUNKWIZ_PASSWORD=pw run rtw render name=r provider=regional username=u server=sip.example.eu
expect_out_has "match = 198.51.100.0/28" "identify follows a server of the region"
TRUNKWIZ_PASSWORD=pw run rtw render name=r provider=regional username=u
expect_out_has "match = 192.0.2.10" "no region given: the first"
TRUNKWIZ_PASSWORD=pw run rtw render name=r provider=regional username=u region=apac
expect_rc 1 "an unknown region"
expect_err_has "trunk.region: error: Regional has no region 'apac'" "is an error at the answer"
expect_err_has "hint: us, eu" "naming the regions"
printf '[trunk]\nname = r\nprovider = regional\nusername = u\nregion = eu\n' >"$T_TMP/regional.answers"
TRUNKWIZ_PASSWORD=pw run rtw render -a "$T_TMP/regional.answers"
expect_out_has "match = 198.51.100.0/28" "region from an answers file"
printf '192.0.2.10\n198.51.100.0/28\n' >"$T_TMP/list.txt"
run rtw providers ips regional --url "file://$T_TMP/list.txt" --region eu
expect_rc 0 "providers ips --region"
expect_err_has "identify list of region eu: 1 new, 0 gone" "compares with the region's addresses"
run rtw providers ips regional --url "file://$T_TMP/list.txt"
expect_err_has "identify list of region us: 1 new, 1 gone" "the first region's by default"
run rtw providers ips regional --url "file://$T_TMP/list.txt" --region mars
expect_rc 2 "providers ips --region with an unknown region"
expect_err_has "no region 'mars'" "says so"

# A long list names the first 50 new entries and counts the rest.
awk 'BEGIN { for (i = 0; i < 120; i++) print "198.18." i ".1" }' >"$T_TMP/long.txt"
run rtw providers ips regional --url "file://$T_TMP/long.txt"
expect_rc 0 "a long list"
expect_err_has "  new   198.18.49.1" "the 50th new entry named"
expect_err_lacks "  new   198.18.50.1" "not the 51st"
expect_err_has "... 70 more new entries" "the rest counted"

# Sources older than a year are reported, against the date given.
# (TRUNKWIZ_TODAY exists in the test build only)
rtw_hooked() { "$TW_TEST_BIN" -P "$TW_PROVIDERS" -P "$T_TMP/rdir" --asterisk-version=20 "$@"; }
TRUNKWIZ_TODAY=2027-11-30 run rtw_hooked providers check "$T_TMP/rdir/regional.conf"
expect_rc 0 "a profile checked a year after its sources: fine"
expect_err_lacks "more than a year" "no age warning at 365 days"
TRUNKWIZ_TODAY=2027-12-01 run rtw_hooked providers check "$T_TMP/rdir/regional.conf"
expect_rc 0 "old sources are a warning, not an error"
expect_err_has "regional.conf: warning: the profile's sources were verified 2026-11-30, 366 days ago" \
	"an old profile is reported"

# identify follows the region through apply, edit and switch: the saved
# answers keep the region, not the addresses.
CFG=$T_TMP/etc
cp -a "$TW_SRCDIR/tests/data/install/rich" "$CFG"
export TRUNKWIZ_GROUP=no-such-group-for-trunkwiz
twc() { tw -C "$CFG" "$@"; }
has_line() { grep -q "^$1\$" "$CFG/trunkwiz/r-pjsip.conf"; }
TRUNKWIZ_PASSWORD=pw run twc apply name=r provider=telnyx username=u region=eu outbound_context=out-r
expect_rc 0 "apply with region=eu"
has_line 'server_uri = sip:sip.telnyx.eu' && ok "the region's server" || not_ok "server not the region's"
has_line 'match = 185.246.41.140' && has_line 'match = 185.246.41.141' && ok "the region's addresses" ||
	not_ok "identify not the region's"
has_line 'match = 192.76.120.10' && not_ok "another region's address" || ok "no other region's address"
grep -q '^region = eu$' "$CFG/trunkwiz/state/r.conf" && ok "the saved answers keep the region" ||
	not_ok "region not saved"
grep -q '^identify' "$CFG/trunkwiz/state/r.conf" && not_ok "identify saved as an answer" ||
	ok "identify is not frozen into the answers"
run twc edit r region=au
expect_rc 0 "edit region=au"
has_line 'server_uri = sip:sip.telnyx.com.au' && has_line 'match = 103.115.244.145' &&
	ok "edit: server and identify follow the new region" || not_ok "edit: region not followed"
run twc edit r region= server=sip.telnyx.ca
expect_rc 0 "edit: a server of another region"
has_line 'match = 192.76.120.31' && has_line 'match = 64.16.250.13' &&
	ok "edit: identify follows the server's region" || not_ok "edit: identify not the server's region"
TRUNKWIZ_PASSWORD=pw run twc switch r provider=generic username=u server=sip.example.com
expect_rc 0 "switch to generic"
has_line 'match = sip.example.com' && ok "switch: the new profile's identify" || not_ok "switch: identify"
grep -q '103.115.244\|192.76.120' "$CFG/trunkwiz/r-pjsip.conf" && not_ok "switch: Telnyx addresses left" ||
	ok "switch: no Telnyx addresses left"
TRUNKWIZ_PASSWORD=pw run twc switch r provider=telnyx username=u region=ca
expect_rc 0 "switch back with region=ca"
has_line 'server_uri = sip:sip.telnyx.ca' && has_line 'match = 192.76.120.31' &&
	ok "switch: server and identify of the region" || not_ok "switch: region not followed"

t_done
