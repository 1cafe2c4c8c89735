#!/bin/sh
# Prepare a fresh checkout: install missing Debian packages (as root), then
# autoreconf and configure. NOCONFIGURE=1 skips configure (GNOME convention).
set -e
cd "$(dirname "$0")"

PKGS="build-essential autoconf automake libtool pkg-config libncurses-dev libcurl4-openssl-dev libssl-dev libjansson-dev check tmux python3 openssl valgrind"

missing=""
if command -v dpkg-query >/dev/null 2>&1; then
	for p in $PKGS; do
		st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
		case "$st" in *"install ok installed"*) ;; *) missing="$missing $p" ;; esac
	done
fi

if [ -n "$missing" ]; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "autogen.sh: installing missing packages:$missing"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq || true
		# shellcheck disable=SC2086
		apt-get install -y -qq --no-install-recommends $missing
	else
		echo "autogen.sh: missing Debian packages:$missing" >&2
		echo "Install them, then run ./autogen.sh again:" >&2
		echo "  sudo apt-get install$missing" >&2
		exit 1
	fi
fi

autoreconf --install --force

if [ -z "$NOCONFIGURE" ]; then
	./configure "$@"
fi
