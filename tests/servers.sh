#!/bin/sh
# servers.sh start DIR | stop DIR - the loopback servers of the download
# tests, everything in DIR (which must exist):
#   DIR/ca.pem            a throw-away CA made here with openssl
#   DIR/other-ca.pem      another one, that signed nothing here
#   DIR/www/              the document root of both web servers
#   DIR/http.port         plain HTTP on 127.0.0.1
#   DIR/https.port        HTTPS on 127.0.0.1, certificate for 127.0.0.1 by ca.pem
#   DIR/blackhole.port    a port where connecting hangs (connect timeout)
#   DIR/*.log, DIR/*.pid  request logs and process ids
# Exit status 77 (skip) when python3 or openssl is missing.
set -u
cmd=${1:?start or stop}
dir=${2:?directory}
here=$(cd "$(dirname "$0")" && pwd)

stop() {
	for f in "$dir"/*.pid; do
		[ -f "$f" ] || continue
		kill "$(cat "$f")" 2>/dev/null
		rm -f "$f"
	done
}

if [ "$cmd" = stop ]; then
	stop
	exit 0
fi

command -v python3 >/dev/null 2>&1 || { echo "python3 not installed" >&2; exit 77; }
command -v openssl >/dev/null 2>&1 || { echo "openssl not installed" >&2; exit 77; }
mkdir -p "$dir/www" || exit 1

# A CA and a server certificate for 127.0.0.1 (EC keys: fast to make).
(
	cd "$dir" || exit 1
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
		-keyout ca.key -out ca.pem -days 2 -subj "/CN=trunkwiz test CA" \
		-addext "basicConstraints=critical,CA:TRUE" \
		-addext "keyUsage=critical,keyCertSign,cRLSign" &&
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
		-keyout other-ca.key -out other-ca.pem -days 2 -subj "/CN=some other CA" \
		-addext "basicConstraints=critical,CA:TRUE" \
		-addext "keyUsage=critical,keyCertSign,cRLSign" &&
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
		-keyout server.key -out server.csr -subj "/CN=127.0.0.1" &&
	printf '%s\n' "subjectAltName=IP:127.0.0.1" "basicConstraints=CA:FALSE" \
		"keyUsage=digitalSignature" "extendedKeyUsage=serverAuth" >server.ext &&
	openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAserial ca.srl \
		-CAcreateserial -out server.pem -days 2 -extfile server.ext
) >"$dir/openssl.log" 2>&1 || { cat "$dir/openssl.log" >&2; exit 1; }

start() { # name args...
	name=$1
	shift
	python3 "$here/httpd.py" --portfile "$dir/$name.port" "$@" >>"$dir/$name.log" 2>&1 &
	echo $! >"$dir/$name.pid"
}
start http --root "$dir/www"
start https --root "$dir/www" --cert "$dir/server.pem" --key "$dir/server.key"
start blackhole --blackhole

for name in http https blackhole; do
	i=0
	while [ ! -s "$dir/$name.port" ]; do
		i=$((i + 1))
		if [ $i -gt 100 ]; then
			echo "servers.sh: $name server did not start:" >&2
			cat "$dir/$name.log" >&2
			stop
			exit 1
		fi
		sleep 0.1
	done
done
exit 0
