#!/bin/sh
# trunkwiz doctor against tests/sip_peer.py on 127.0.0.1: each way the peer
# can answer (accept, 403, 404, silence, a malformed response), SHA-256,
# TCP and TLS, the unregister, saved answers, a hosts file with SRV, a fake
# asterisk and a fake nft. Nothing leaves loopback; no root needed.
. "${TW_SRCDIR:-.}/tests/lib.sh"

PY=$(command -v python3 || true)
[ -n "$PY" ] || t_skip_all "python3 not installed: the test SIP peer cannot run"
PEER_PID=""
stop_peer() {
	if [ -n "$PEER_PID" ]; then kill "$PEER_PID" 2>/dev/null; wait "$PEER_PID" 2>/dev/null; fi
	PEER_PID=""
}
trap 'stop_peer; rm -rf "$T_TMP"' EXIT INT TERM

# start_peer ARGS..: starts the peer, sets PORT (and TLS_PORT with a cert).
start_peer() {
	stop_peer
	rm -f "$T_TMP/port" "$T_TMP/peer.log"
	TW_PEER_PASSWORD=s3cret-pw "$PY" "$TW_SRCDIR/tests/sip_peer.py" --port-file "$T_TMP/port" \
		--log "$T_TMP/peer.log" --lifetime 60 "$@" &
	PEER_PID=$!
	i=0
	while [ ! -s "$T_TMP/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	read -r PORT TLS_PORT <"$T_TMP/port" || true
}

mkdir -p "$T_TMP/etc/trunkwiz/state"
CONF="$T_TMP/etc"
printf 's3cret-pw\n' >"$T_TMP/pw"
printf 'wrong-pw\n' >"$T_TMP/badpw"
# A fake asterisk that is not running, unless a registration status is given.
cat >"$T_TMP/asterisk" <<'EOT'
#!/bin/sh
case "$FAKE_AST" in
"") echo "Unable to connect to remote asterisk (does /var/run/asterisk/asterisk.ctl exist?)"; exit 1 ;;
esac
case "$2" in
"pjsip show registrations")
	printf '\n <Registration/ServerURI..>  <Auth..>  <Status..>\n====\n'
	printf ' t-reg/sip:127.0.0.1  t-auth  %s\n\nObjects found: 1\n' "$FAKE_AST" ;;
"pjsip show endpoint t-endpoint")
	printf ' Endpoint:  t-endpoint    Unavailable   0 of inf\n'
	printf '      Contact:  t-aor/sip:127.0.0.1   abc123 Unavail   nan\n' ;;
*) echo "No such command '$2'" ;;
esac
EOT
chmod +x "$T_TMP/asterisk"
export TRUNKWIZ_ASTERISK="$T_TMP/asterisk"
export TRUNKWIZ_NFT="$T_TMP/no-nft" TRUNKWIZ_IPTABLES_SAVE="$T_TMP/no-iptables"

# A limit no answer of the peer's comes near, however loaded the machine;
# the runs that wait for silence give a short one of their own.
doc() { tw -C "$CONF" doctor --timeout 10 "$@"; }
base() { echo "name=t server=127.0.0.1 port=$PORT username=alice identify=127.0.0.1"; }

# 1. Everything right: 200 to the digest, then the binding is removed.
start_peer --mode ok
run doc $(base) password_file="$T_TMP/pw"
expect_rc 0 "correct credentials: exit 0"
expect_out_has "ok       options      127.0.0.1:$PORT/udp answered 200 OK" "OPTIONS answered, RTT shown"
expect_out_has "ok       register     127.0.0.1:$PORT/udp answered 200 OK to digest MD5" "REGISTER accepted"
expect_out_has "test binding removed" "unregistered again"
grep -q '^Expires: 0' "$T_TMP/peer.log" && ok "the unregister says Expires: 0" || not_ok "no Expires: 0 sent"
grep -q '^UNREGISTERED' "$T_TMP/peer.log" && ok "the peer removed the binding" || not_ok "binding not removed"
grep -q '^Contact: \*' "$T_TMP/peer.log" && not_ok "sent Contact: * (would drop Asterisk's binding)" || ok "never Contact: *"
expect_out_has "skipped  asterisk     Asterisk is not running" "Asterisk not running is skipped, not failed"
if grep -q 's3cret-pw' "$T_TMP/out" "$T_TMP/err" "$T_TMP/peer.log"; then not_ok "password leaked"; else ok "password shown nowhere, not even on the wire"; fi

# 1b. An outbound proxy: the requests go to it, the Request-URI names the
# server (127.0.0.2 port 1, where nothing listens).
run doc name=t server=127.0.0.2 port=1 username=alice identify=127.0.0.2 \
	"outbound_proxy=sip:127.0.0.1:$PORT;lr" password_file="$T_TMP/pw"
expect_rc 0 "through the outbound proxy: exit 0"
expect_out_has "ok       proxy        outbound proxy 127.0.0.1 -> 127.0.0.1; OPTIONS and REGISTER go to it (port $PORT)" \
	"says where the requests go"
expect_out_has "ok       register     127.0.0.1:$PORT/udp answered 200 OK" "REGISTER answered through the proxy"
grep -q '^REGISTER sip:127.0.0.2:1' "$T_TMP/peer.log" && ok "the Request-URI still names the server" ||
	not_ok "Request-URI: $(grep '^REGISTER' "$T_TMP/peer.log" | head -n 1)"
run doc $(base) password_file="$T_TMP/pw"
expect_out_lacks " proxy " "no proxy line without outbound_proxy"

# 2. SHA-256 offered with MD5: the stronger one is answered (RFC 8760).
start_peer --mode ok --algorithm both
run doc $(base) password_file="$T_TMP/pw"
expect_rc 0 "SHA-256 challenge: exit 0"
expect_out_has "to digest SHA-256" "SHA-256 picked over MD5"

# 3. Wrong password: the peer answers 403.
run doc $(base) password_file="$T_TMP/badpw"
expect_rc 1 "wrong password: exit 1"
expect_out_has "failed   register     127.0.0.1:$PORT/udp answered 403 Forbidden" "403 reported"
expect_out_has "the provider rejected the credentials" "403 explained"
if grep -q 'wrong-pw' "$T_TMP/out" "$T_TMP/err"; then not_ok "password leaked"; else ok "wrong password not shown"; fi

# 4. 404: the account or domain is unknown.
start_peer --mode notfound
run doc $(base) password_file="$T_TMP/pw"
expect_rc 1 "404: exit 1"
expect_out_has "answered 404 Not Found" "404 reported"
expect_out_has "does not know this account or domain" "404 explained"

# 5. Forbidden after a correct digest (account blocked).
start_peer --mode forbidden
run doc $(base) password_file="$T_TMP/pw"
expect_rc 1 "403 mode: exit 1"
expect_out_has "403 Forbidden" "403 mode reported"

# 6. Silence: no answer within the timeout (the peer stays silent for
# 60 s: only the doctor's own limit ends each wait).
start_peer --mode silent
run doc --timeout 1 $(base) password_file="$T_TMP/pw"
expect_rc 1 "silent peer: exit 1"
expect_out_has "failed   options      no answer from 127.0.0.1:$PORT/udp" "OPTIONS timeout reported"
expect_out_has "failed   register     REGISTER: no answer from 127.0.0.1:$PORT/udp" "REGISTER timeout reported"

# 7. Answers OPTIONS but not REGISTER.
start_peer --mode silent-register
run doc --timeout 3 $(base) password_file="$T_TMP/pw"
expect_rc 1 "REGISTER unanswered: exit 1"
expect_out_has "ok       options" "OPTIONS fine"
expect_out_has "the provider did not answer REGISTER" "REGISTER silence explained"

# 8. A malformed response.
start_peer --mode malformed
run doc $(base) password_file="$T_TMP/pw"
expect_rc 1 "malformed response: exit 1"
expect_out_has "sent a malformed response (header line without a name and colon)" "malformed response named"
expect_out_has "SIP ALG" "malformed: hint about SIP ALG"

# 8b. A hostile peer: escapes in the reason phrase, the Server header and
# the realm. What reaches the terminal holds no ESC and no C1 CSI.
start_peer --mode hostile
run doc $(base) password_file="$T_TMP/pw"
expect_rc 1 "hostile peer: exit 1 (403)"
ESC=$(printf '\033')
CSI=$(printf '\302\233')
if LC_ALL=C grep -q "$ESC" "$T_TMP/out" "$T_TMP/err"; then not_ok "an ESC byte reached the terminal"
else ok "no ESC byte in doctor's output"; fi
if LC_ALL=C grep -q "$CSI" "$T_TMP/out" "$T_TMP/err"; then not_ok "a C1 CSI reached the terminal"
else ok "no C1 CSI in doctor's output"; fi
expect_out_has "answered 200 OK?]0;owned by the provider??[2J?31m in" "OPTIONS reason phrase shown cleaned"
expect_out_has "(trunkwiz-test-peer?]0;owned by the provider??[2J?31m)" "Server header shown cleaned"
expect_out_has "answered 403 Forbidden?]0;owned" "REGISTER reason phrase shown cleaned"
expect_out_has "(realm \"test.invalid?]0;owned" "realm shown cleaned"
LC_ALL=C grep -q "$ESC" "$T_TMP/peer.log" && ok "the peer did send escapes" || not_ok "the peer sent no escapes"

# 9. TCP.
start_peer --mode ok --algorithm SHA-256
run doc $(base) transport=tcp password_file="$T_TMP/pw"
expect_rc 0 "TCP: exit 0"
expect_out_has "127.0.0.1:$PORT/tcp answered 200 OK to digest SHA-256" "REGISTER over TCP"
grep -q '^Via: SIP/2.0/TCP' "$T_TMP/peer.log" && ok "Via says TCP" || not_ok "Via not TCP"

# 10. Nothing listening at all.
stop_peer
run doc $(base) password_file="$T_TMP/pw"
expect_rc 1 "nobody there: exit 1"
expect_out_has "port unreachable" "ICMP refusal reported"

# 11. TLS: a test CA made here, a certificate for 127.0.0.1 it signed, and
# a self-signed one. No digest goes over a connection that is not verified
# unless --insecure-tls; the report says which.
make_certs() {
	(
		cd "$T_TMP" || exit 1
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
			-keyout ca.key -out ca.pem -days 2 -subj "/CN=trunkwiz doctor test CA" \
			-addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" &&
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
			-keyout other-ca.key -out other-ca.pem -days 2 -subj "/CN=another CA" \
			-addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" &&
		openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
			-keyout srv.key -out srv.csr -subj "/CN=127.0.0.1" &&
		printf '%s\n' "subjectAltName=IP:127.0.0.1" "extendedKeyUsage=serverAuth" >srv.ext &&
		openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
			-out srv.pem -days 2 -extfile srv.ext &&
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
			-subj /CN=sip.test.invalid -keyout self.key -out self.pem
	) >"$T_TMP/openssl.log" 2>&1
}
registers() { grep -c '^REGISTER ' "$T_TMP/peer.log" 2>/dev/null || true; }
if ! command -v openssl >/dev/null 2>&1; then
	skip "TLS: no openssl tool to make a test CA"
elif ! make_certs; then
	not_ok "TLS: could not make the test CA"; sed 's/^/    /' "$T_TMP/openssl.log"
else
	tls() { : >"$T_TMP/peer.log"; doc name=t server=127.0.0.1 port="$TLS_PORT" transport=tls username=alice \
		identify=127.0.0.1 password_file="$T_TMP/pw" "$@"; }
	# a certificate signed by the test CA, trusted with --cacert
	start_peer --mode ok --tls-cert "$T_TMP/srv.pem" --tls-key "$T_TMP/srv.key"
	run tls --cacert "$T_TMP/ca.pem"
	expect_rc 0 "TLS, certificate verified with --cacert: exit 0"
	expect_out_has "127.0.0.1:$TLS_PORT/tls answered 200 OK" "OPTIONS over TLS"
	expect_out_has ", certificate verified" "OPTIONS says the certificate was verified"
	expect_out_has "ok       register     127.0.0.1:$TLS_PORT/tls answered 200 OK" "REGISTER over verified TLS"
	expect_out_has "over TLS, certificate verified" "REGISTER says it went over a verified connection"
	# the same server without --cacert: the system CAs do not know the test CA
	run tls
	expect_rc 1 "TLS, CA not trusted: exit 1"
	expect_out_has "certificate not verified (unable to get local issuer certificate)" "untrusted CA reported"
	expect_out_has "failed   register     REGISTER not sent: the certificate of 127.0.0.1:$TLS_PORT/tls could not be verified" \
		"REGISTER refused over unverified TLS"
	expect_out_has "--insecure-tls" "the way out is named"
	[ "$(registers)" = 0 ] && ok "the peer saw no REGISTER at all (no digest, no username)" ||
		not_ok "the peer saw $(registers) REGISTER over an unverified connection"
	# another CA's file
	run tls --cacert "$T_TMP/other-ca.pem"
	expect_out_has "REGISTER not sent" "a CA that did not sign it: REGISTER refused"
	[ "$(registers)" = 0 ] && ok "still no REGISTER sent" || not_ok "REGISTER sent with the wrong CA"
	# a self-signed certificate
	start_peer --mode ok --tls-cert "$T_TMP/self.pem" --tls-key "$T_TMP/self.key"
	run tls
	expect_out_has "certificate not verified" "self-signed certificate reported"
	expect_out_has "REGISTER not sent" "self-signed: REGISTER refused"
	[ "$(registers)" = 0 ] && ok "self-signed: no REGISTER sent" || not_ok "REGISTER sent to a self-signed peer"
	# --insecure-tls: sent, and the report says so
	run tls --insecure-tls
	expect_rc 0 "--insecure-tls: exit 0 (a warning)"
	expect_out_has "warning  register     127.0.0.1:$TLS_PORT/tls answered 200 OK" "REGISTER over unverified TLS only with --insecure-tls"
	expect_out_has "certificate NOT verified (self-signed certificate): credentials sent anyway (--insecure-tls)" \
		"the report says the credentials went unverified"
	[ "$(registers)" -ge 2 ] && ok "--insecure-tls: the peer got the REGISTER" || not_ok "--insecure-tls: no REGISTER"
fi

# 12. Saved answers by NAME, a hosts file with SRV, live config, fake Asterisk.
start_peer --mode ok
cat >"$CONF/trunkwiz/state/t.conf" <<EOT
[trunk]
name = t
provider = generic
username = alice
server = sip.provider.test
identify = 127.0.0.1,sip.provider.test
password = s3cret-pw
EOT
cat >"$T_TMP/hosts" <<EOT
127.0.0.1 sip.provider.test pbx.provider.test
SRV _sip._udp.sip.provider.test 10 0 $PORT pbx.provider.test
EOT
printf '[transport-udp]\ntype = transport\nprotocol = udp\nbind = 127.0.0.1:%s\n' "$PORT" >"$CONF/pjsip.conf"
printf '[general]\nrtpstart = 16384\nrtpend = 16484\n' >"$CONF/rtp.conf"
FAKE_AST=Rejected run doc --hosts "$T_TMP/hosts" t
expect_rc 1 "saved trunk, Asterisk says Rejected: exit 1"
expect_out_has "ok       dns          SRV _sip._udp.sip.provider.test: pbx.provider.test:$PORT (priority 10) -> 127.0.0.1." "SRV followed"
expect_out_has "ok       register     127.0.0.1:$PORT/udp answered 200 OK" "saved password used"
expect_out_has "ok       transport    [transport-udp]" "live transport found"
expect_out_has "ok       ports        something listens on UDP $PORT" "the peer's port seen as in use"
expect_out_has "ok       rtp          RTP ports UDP 16384-16484" "RTP range from rtp.conf"
expect_out_has "failed   registration Asterisk: t-reg sip:127.0.0.1 Rejected" "Asterisk's registration parsed"
expect_out_has "warning  endpoint     Asterisk: t-endpoint Unavailable; contacts: sip:127.0.0.1 Unavail" "endpoint state parsed"
FAKE_AST=Registered run doc --hosts "$T_TMP/hosts" --no-register t
expect_out_has "ok       registration Asterisk: t-reg sip:127.0.0.1 Registered" "Registered parsed"
expect_out_has "skipped  register     not asked for" "--no-register"

# 13. Firewall rules from a fake nft: RTP partly dropped.
cat >"$T_TMP/nft" <<'EOT'
#!/bin/sh
cat <<'EOF'
table inet filter {
	chain input {
		type filter hook input priority filter; policy accept;
		udp dport 16400-16500 drop
	}
}
EOF
EOT
chmod +x "$T_TMP/nft"
TRUNKWIZ_NFT="$T_TMP/nft" run doc --hosts "$T_TMP/hosts" --no-register --no-asterisk t
expect_out_has "failed   firewall     nft rules: drops UDP 16400-16484 (udp dport 16400-16500 drop)" "nft drop found"
expect_out_has "nft insert rule inet filter input udp dport 16384-16484 accept" "exact nft fix"
run doc --hosts "$T_TMP/hosts" --no-register --no-asterisk t
expect_out_has "skipped  firewall     could not read firewall rules" "no firewall tools: skipped"
expect_out_has "could not read firewall rules ($T_TMP/no-nft: not installed; $T_TMP/no-iptables: not installed)" \
	"both firewall tools named, with why"

# 14. NAT: public address given, transport without the settings.
run doc --hosts "$T_TMP/hosts" --no-register --no-asterisk --public-ip 203.0.113.7 t
if grep -q "no private address" "$T_TMP/out"; then
	ok "NAT: this machine has no private address"
else
	expect_out_has "failed   nat" "NAT failure with a private address"
	expect_out_has "external_media_address = 203.0.113.7" "exact NAT lines"
fi

# 15. Errors: unknown trunk, usage, bad options.
run doc nosuch
expect_rc 3 "unknown saved trunk: exit 3"
expect_err_has "no saved trunk 'nosuch'" "missing state file named"
run tw doctor
expect_rc 2 "no trunk: exit 2"
run doc --timeout abc t
expect_rc 2 "bad --timeout: exit 2"
run doc --public-ip not-an-ip t
expect_rc 2 "bad --public-ip: exit 2"
run tw doctor --help
expect_rc 0 "doctor --help"
expect_out_has "Usage: trunkwiz doctor" "help text"

t_done
