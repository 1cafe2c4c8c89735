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
t_done
