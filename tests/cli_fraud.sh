#!/bin/sh
# The toll-fraud guard from the command line: check flags the cases of
# tests/data/fraud at their file:line, apply refuses a trunk that opens a
# hole (its answers, or a hostile profile's), and real configs get no
# error from the guard but the holes they really have.
. "${TW_SRCDIR:-.}/tests/lib.sh"

DATA=$TW_SRCDIR/tests/data/fraud
CFG=$T_TMP/etc
export TRUNKWIZ_GROUP=no-such-group-for-trunkwiz

# ---- check, on configs trunkwiz did not write ----
cd "$DATA/cases/include-outbound" || exit 1
run tw check ../../base-pjsip.conf extensions.conf
expect_rc 1 "check: an inbound context that includes the outbound rules"
expect_err_has "../../base-pjsip.conf:20: error: calls from the provider can dial out through PJSIP/prov: endpoint 'prov' takes them into [from-provider] -> include => from-internal at extensions.conf:3 -> include => outbound at extensions.conf:6 -> _1NXXNXXXXXX: Dial(PJSIP/\${EXTEN}@prov,60) at extensions.conf:10" \
	"the error names the context line and the chain to the Dial"
expect_err_has "hint: give the trunk a dedicated inbound context that only routes your DIDs" "the hint says how to fix it"
cd "$DATA/cases/identify-everyone" || exit 1
run tw check pjsip.conf extensions.conf
expect_rc 1 "check: identify 0.0.0.0/0"
expect_err_has "pjsip.conf:19: error: identify [prov] match 0.0.0.0/0 covers every IPv4 address" "0.0.0.0/0 at its line"
expect_err_has "pjsip.conf:20: error: identify [prov] match ::/0 covers every IPv6 address" "::/0 at its line"
cd "$DATA/cases/did-routing" || exit 1
run tw check ../../base-pjsip.conf extensions.conf
expect_rc 0 "check: a dedicated inbound context passes"
cd "$T_TMP" || exit 1

# ---- apply ----
fresh() { rm -rf "$CFG"; cp -a "$DATA/pbx" "$CFG"; }
twc() { TRUNKWIZ_PASSWORD=pw tw -C "$CFG" "$@"; }

fresh
run twc apply provider=twilio name=tw auth=ip server=x.pstn.twilio.com inbound_context=from-internal 'inbound_exten=${EXTEN}'
expect_rc 1 "apply: every number the provider sends passed to the phones' context"
expect_err_has "trunk.context: error: calls from the provider can dial out through PJSIP/tw-endpoint: endpoint 'tw-endpoint' takes them into [from-trunk] -> _[+0-9].: Goto(from-internal,\${EXTEN},1) at $CFG/trunkwiz/tw-extensions.conf:" \
	"named under trunk.context, with the chain"
[ -e "$CFG/trunkwiz" ] && not_ok "apply wrote files" || ok "apply wrote nothing"

run twc apply provider=twilio name=tw auth=ip server=x.pstn.twilio.com identify=0.0.0.0/0
expect_rc 1 "apply: identify=0.0.0.0/0"
expect_err_has "trunk.identify: error: identify [tw-identify] match 0.0.0.0/0 covers every IPv4 address" "named under trunk.identify"

run twc apply -n provider=twilio name=tw auth=ip server=x.pstn.twilio.com identify=54.172.0.0/14
expect_rc 0 "apply: a wide identify range is a warning"
expect_err_has "trunk.identify: warning: identify [tw-identify] match 54.172.0.0/14 is wider than /16 (it holds Twilio Elastic SIP Trunking's 54.172.60.0/30)" \
	"the warning names whose range it holds"

run twc apply provider=twilio name=tw auth=ip server=x.pstn.twilio.com inbound_context=from-internal inbound_exten=100
expect_rc 0 "apply: calls to extension 100 of the phones' context"
run tw check "$CFG/pjsip.conf" "$CFG/extensions.conf"
expect_rc 0 "the result passes check"

# A hostile profile: identify 0.0.0.0/0 and the phones' context (the
# attack of issue 10 on a bundled profile's name).
mkdir "$T_TMP/evil"
sed -e 's|^region_identify = us:.*|region_identify = us:0.0.0.0/0|' -e 's|^direct_media = no$|direct_media = no\ncontext = from-internal|' \
	"$TW_PROVIDERS/telnyx.conf" >"$T_TMP/evil/telnyx.conf"
fresh
cp -a "$CFG" "$T_TMP/orig"
run twc -P "$T_TMP/evil" apply provider=telnyx name=tx username=acct
# The profile never loads (profile restrictions, issue 10): its lines are
# named, and what apply writes, if anything, comes from the bundled one.
expect_err_has "telnyx.conf:$(grep -n '^region_identify = us:0.0.0.0/0' "$T_TMP/evil/telnyx.conf" | cut -d: -f1): warning: identify entry '0.0.0.0/0' is wider than /16" \
	"its identify is refused at its line"
expect_err_has "a profile may not set [endpoint] context" "its context is refused"
if grep -rqs -e '0\.0\.0\.0/0' -e 'context *= *from-internal' "$CFG"/trunkwiz; then
	not_ok "the trunk written opens the PBX"
else
	ok "nothing of the hostile profile reached the config"
fi
rm -rf "$CFG"
cp -a "$T_TMP/orig" "$CFG"

# ---- real configs: only the holes they have ----
# Each line: folder, then the file:line of a true toll-fraud hole.
REAL=${TW_REALWORLD:-/work/shared/realworld}
KNOWN="55-flowroute-include:pjsip.conf:36"
if [ -d "$REAL" ]; then
	bad=
	found=
	n=0
	for d in "$REAL"/*/; do
		[ -f "$d/EXPECTED" ] || continue
		e=$(basename "$d")
		n=$((n + 1))
		top=$(cd "$d" && for f in *.conf; do grep -qs "include.*$f" ./*.conf || echo "$f"; done)
		# shellcheck disable=SC2086
		(cd "$d" && "$TW_BIN" check $top) 2>&1 |
			grep -E ': error: (calls from .* can dial out|identify .* covers every)' |
			sed "s|^\./||; s|^|$e:|" | cut -d: -f1-3 >"$T_TMP/guard" || true
		while read -r hit; do
			case " $KNOWN " in *" $hit "*) found="$found $hit" ;; *) bad="$bad $hit" ;; esac
		done <"$T_TMP/guard"
	done
	[ -z "$bad" ] && ok "$n real configs: no guard error but the known holes" ||
		not_ok "guard errors in real configs:$bad"
	[ "$found" = " $KNOWN" ] && ok "the known hole is found ($KNOWN)" ||
		not_ok "known holes found:$found, expected $KNOWN"
else
	skip "no real configs at $REAL (TW_REALWORLD names them)"
fi

t_done
