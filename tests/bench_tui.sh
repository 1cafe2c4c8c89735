#!/bin/sh
# bench_tui.sh - the wizard's figures (a benchmark, not a test):
#
#   sh tests/bench_tui.sh BINARY OUTDIR        (`make bench` runs it)
#
# 1. Start to first full screen with the whole catalog loaded: the wizard
#    runs on a pseudo-terminal of 80x24 (python3's pty) on a fresh config,
#    with the bundled profiles plus 40 generated ones; the time is from
#    fork to the moment the Provider screen's key legend (drawn last) has
#    arrived. Best of 7.
# 2. Bytes written to the terminal for the whole new-trunk flow (provider,
#    credentials, codecs, identify, network, dialing, review, write, done,
#    quit), captured with tmux pipe-pane, and per keystroke.
# Exits 0 even when a target is missed.
set -u
T_FIRST=50      # ms
[ $# -eq 2 ] || { echo "usage: sh tests/bench_tui.sh BINARY OUTDIR" >&2; exit 2; }
BIN=$1
OUT=$2
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
SRCDIR=$(cd "$(dirname "$0")/.." && pwd)
PROVIDERS=$SRCDIR/providers
mkdir -p "$OUT"
W=$OUT/tui
rm -rf "$W" && mkdir -p "$W/catalog"
export TRUNKWIZ_GROUP=no-such-group-for-trunkwiz

# a catalog of 40 more profiles (copies of telnyx under other ids)
i=1
while [ $i -le 40 ]; do
	sed "s/^name = Telnyx/name = Provider $i/" "$PROVIDERS/telnyx.conf" >"$W/catalog/p$i.conf"
	i=$((i + 1))
done

FIRST=n/a
if command -v python3 >/dev/null 2>&1; then
	FIRST=$(python3 - "$BIN" "$PROVIDERS" "$W/catalog" "$SRCDIR/tests/data/install/fresh" "$W" <<'PY'
import fcntl, os, pty, shutil, struct, sys, termios, time, select
binary, prov, cat, fresh, work = sys.argv[1:6]
best = None
for run in range(7):
    cfg = os.path.join(work, "cfg")
    shutil.rmtree(cfg, ignore_errors=True)
    shutil.copytree(fresh, cfg)
    t0 = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update({"TERM": "xterm", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"})
        os.execv(binary, [binary, "-C", cfg, "-P", prov, "-P", cat, "--asterisk-version=20"])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    buf = b""
    t1 = None
    while time.monotonic() - t0 < 10:
        r, _, _ = select.select([fd], [], [], 0.5)
        if not r:
            continue
        try:
            d = os.read(fd, 65536)
        except OSError:
            break
        if not d:
            break
        buf += d
        if b"Esc back  F1/^E hel" in buf:
            t1 = time.monotonic()
            break
    os.kill(pid, 15)
    try:
        while True:
            r, _, _ = select.select([fd], [], [], 0.2)
            if not r or not os.read(fd, 65536):
                break
    except OSError:
        pass
    os.waitpid(pid, 0)
    os.close(fd)
    if t1 is not None:
        ms = (t1 - t0) * 1000
        best = ms if best is None else min(best, ms)
print("%.1f" % best if best is not None else "n/a")
PY
)
fi

BYTES=n/a
KEYS=0
B0=0
B1=0
if command -v tmux >/dev/null 2>&1; then
	SOCK=trunkwiz-bench-$$
	TM="tmux -L $SOCK -f /dev/null"
	CFG=$W/flow
	rm -rf "$CFG" && cp -r "$SRCDIR/tests/data/install/fresh" "$CFG"
	LOG=$W/terminal-bytes
	: >"$LOG"
	$TM new-session -d -x 80 -y 24 "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen '$BIN' -C '$CFG' -P '$PROVIDERS' --asterisk-version=20; sleep 30"
	$TM set-option -g status off >/dev/null
	$TM pipe-pane -o "cat >>'$LOG'"
	wait_for() {
		n=0
		while [ $n -lt 200 ]; do
			$TM capture-pane -p | grep -qF -- "$1" && return 0
			sleep 0.05
			n=$((n + 1))
		done
		echo "bench: the flow stopped before '$1'" >&2
		return 1
	}
	k() { $TM send-keys "$@"; KEYS=$((KEYS + $#)); }
	t() { $TM send-keys -l "$1"; KEYS=$((KEYS + ${#1})); }
	wait_for "1/9 Provider" &&
	t "generic" && wait_for "Other (generic)" && k Enter && wait_for "2/9 Trunk" &&
	k Tab Tab && wait_for "> SIP server" && sleep 0.3 && B0=$(wc -c <"$LOG") &&
	t "sip.example.com" && wait_for "sip.example.com" && sleep 0.3 && B1=$(wc -c <"$LOG") &&
	k Tab && t "acct" && k Tab && t "secret" && wait_for "6 characters" &&
	k C-n && wait_for "3/9 Codecs" && k Down + && wait_for "1. alaw" &&
	k Enter && wait_for "4/9 Identify" && k a && t "203.0.113.10" && k Enter &&
	wait_for "> 203.0.113.10" && k C-n && wait_for "5/9 Network" &&
	k C-n && wait_for "6/9 Dialing" && k Tab Tab && t '"Office" <+12125551234>' &&
	k C-x && wait_for "9/9 Review" && k C-x && wait_for "write anyway" && k y &&
	wait_for "written in" && wait_for "Asterisk is not running" && k Enter &&
	wait_for "Trunks trunkwiz" && k Escape && sleep 0.5
	$TM kill-server 2>/dev/null
	BYTES=$(wc -c <"$LOG" | tr -d ' ')
fi

verdict() {
	awk -v v="$1" -v l="$2" 'BEGIN { if (v == "n/a") print "n/a"; else print (v + 0 < l + 0) ? "PASS" : "MISS" }'
}
echo
echo "wizard (80x24, $(ls "$PROVIDERS"/*.conf | wc -l | tr -d ' ') bundled + 40 generated profiles)"
printf '%-44s %10s %s\n' "first full screen < $T_FIRST ms (best of 7)" "$FIRST" "$(verdict "$FIRST" "$T_FIRST")"
if [ "$BYTES" != n/a ] && [ "$KEYS" -gt 0 ]; then
	printf '%-44s %10s\n' "bytes to the terminal, new-trunk flow" "$BYTES"
	printf '%-44s %10s\n' "keystrokes sent" "$KEYS"
	printf '%-44s %10s\n' "bytes per keystroke (average)" "$((BYTES / KEYS))"
	printf '%-44s %10s\n' "bytes per character typed in a field" "$(((B1 - B0) / 15))"
else
	echo "bytes to the terminal: n/a (tmux missing)"
fi
exit 0
