#!/bin/sh
# The wizard, keystroke by keystroke: a new trunk for a provider that
# registers (the generic profile) on a fresh config with no transport,
# written, reloaded through a stand-in Asterisk, and listed on Home.
. "${TW_SRCDIR:-.}/tests/tui_lib.sh"

fresh
cat >"$T_TMP/asterisk" <<'AST'
#!/bin/sh
echo "$*" >>"$(dirname "$0")/asterisk.log"
case "$*" in
*"core show version"*) echo "Asterisk 20.5.0" ;;
*"pjsip show registrations"*) echo " office-reg/sip:sip.example.com   office-auth   Registered" ;;
esac
exit 0
AST
chmod +x "$T_TMP/asterisk"

tui_start "TRUNKWIZ_ASTERISK=$T_TMP/asterisk"
wait_for "1/9 Provider" "first run goes straight to a new trunk's Provider screen"
wait_for "Andrews & Arnold" "the catalog is listed"
typ "generic"
wait_for "Other (generic)" "typing filters the list"
screen_lacks "Telnyx" "the filter hides the others"
keys Enter
wait_for "2/9 Trunk & credentials" "Enter chooses the provider"
wait_for "server is required" "a missing server is shown next to the field"
focus "Trunk name"
keys C-u
typ "office"
focus "SIP server"
typ "sip.example.com"
wait_gone "server is required" && ok "the error goes as you type" || not_ok "server error stays"
focus "Username"
typ "acct1"
focus "Password"
typ "pw;Secret9"
wait_for "10 characters, hidden" "the password is hidden, its length shown"
screen_lacks "pw;Secret9" "the password is not on the screen"
keys C-t
wait_for "pw;Secret9" "Ctrl-T shows the password"
keys C-t
wait_gone "pw;Secret9" && ok "Ctrl-T hides it again" || not_ok "password still shown"
keys C-n
wait_for "3/9 Codecs" "Ctrl-N: next screen"
wait_for "[x] 1. ulaw"
keys Down "+"
wait_for "[x] 1. alaw" "+ moves a codec up"
keys Enter
wait_for "4/9 Identify" "Enter: next screen"
wait_for "sip.example.com   (host name" "identify follows the server by default"
keys a
typ "203.0.113.300"
wait_for "not an IPv4/IPv6 address, CIDR or host name: 203.0.113.300" "a bad address is explained as you type"
keys C-u
typ "203.0.113.10"
keys Enter
wait_for "> 203.0.113.10" "the address is added"
keys Escape
wait_for "3/9 Codecs" "Esc goes back"
wait_for "[x] 1. alaw" "going back keeps the codec order"
keys Escape
wait_for "acct1" "two screens back, the answers are still there"
keys C-n C-n C-n
wait_for "5/9 Network" "on to Network"
wait_for "< yes >" "a fresh config: create a transport"
# (what this build can discover, or that it cannot)
screen | grep -qE "Public address: Ctrl-D|public address is not available in this build" &&
	ok "the public address line says what can be done" || not_ok "no public address line"
keys C-n
wait_for "6/9 Dialing"
focus "Caller ID"
typ '"Büro" <+12125551234>'
wait_for '"Büro" <+12125551234>' "UTF-8 text in a field"
keys C-x
wait_for "9/9 Review" "Ctrl-X goes to Review"
wait_for "Problems: 0 errors, 1 warning" "the review has no errors, one warning"
wait_for "host name" "the warning: identify holds a host name"
keys Tab
wait_for "password = ********" "the rendered files, password masked"
screen_lacks "pw;Secret9" "the rendered files never show the password"
keys Tab
wait_for "+++ b/trunkwiz/office-pjsip.conf" "the diff against the live files"
[ -e "$CFG/trunkwiz" ] && not_ok "review wrote files" || ok "nothing written before Write"
keys C-x
wait_for "write anyway? (y/n)" "a warning must be acknowledged"
keys y
wait_for "Trunk office written in" "Ctrl-X on Review writes"
wait_for "include line added" "Done names the include lines added"
wait_for "Registered" "the reload result and registration state"
keys End
wait_for "password_file=" "the command line names a password file"
screen_lacks "pw;Secret9" "Done shows no secret"
grep -q '^password = pw\\;Secret9$' "$CFG/trunkwiz/office-pjsip.conf" && ok "the trunk file holds the password" ||
	not_ok "password not in the trunk file"
grep -q '^allow = !all,alaw,ulaw$' "$CFG/trunkwiz/office-pjsip.conf" && ok "codecs written" ||
	not_ok "codecs: $(grep allow "$CFG/trunkwiz/office-pjsip.conf")"
grep -q '^match = 203.0.113.10$' "$CFG/trunkwiz/office-pjsip.conf" && ok "identify entry written" || not_ok "identify"
grep -q 'Set(CALLERID(all)="Büro" <+12125551234>)' "$CFG/trunkwiz/office-extensions.conf" &&
	ok "caller ID written as typed" || not_ok "caller ID"
grep -q "module reload res_pjsip.so\|pjsip reload\|reload" "$T_TMP/asterisk.log" && ok "Asterisk was reloaded" ||
	not_ok "no reload: $(cat "$T_TMP/asterisk.log" 2>/dev/null)"
"$TW_BIN" check "$CFG/pjsip.conf" "$CFG/extensions.conf" >/dev/null 2>&1 && ok "the result passes trunkwiz check" ||
	not_ok "trunkwiz check fails on the result"
keys Enter
wait_for "office" "Home lists the new trunk"
wait_for "installed"
keys Escape
wait_exit "Esc on Home quits"
wait_for "exit=0" "exit status 0"
terminal_sane "the terminal is restored"
t_done
