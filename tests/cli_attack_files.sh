#!/bin/sh
# Attacks on the files trunkwiz writes as root, tried the way the owner of a
# shared /etc/asterisk (the asterisk user) would: symlinks planted in
# trunkwiz's place or the admin's, a swapped trunkwiz/ directory, trunk
# names that climb out of the config dir, a password_file= in a state file,
# FIFOs and endless files as input, the password in a helper's environment,
# backups that keep a password. Every attack must leave each file outside
# the config dir byte for byte as it was (owner and mode too), exit non-zero
# and name the link or value it refused.
#
# The symlink and ownership attacks need root and a throwaway unprivileged
# user (useradd); without them they are skipped, visibly. TAP output.
set -u
: "${TW_BIN:?TW_BIN is set by make check}"
: "${TW_SRCDIR:?TW_SRCDIR is set by make check}"
TW_PROVIDERS=${TW_PROVIDERS:-$TW_SRCDIR/providers}
unset TRUNKWIZ_PASSWORD NO_COLOR
TRUNKWIZ_PUBLIC_IP_URL=file:///dev/null
TRUNKWIZ_GROUP=no-such-group-for-trunkwiz
export TRUNKWIZ_PUBLIC_IP_URL TRUNKWIZ_GROUP

T=$(mktemp -d "${TMPDIR:-/tmp}/twatk.XXXXXX")
ATTACKER=twattack$$
made_user=
cleanup() {
	[ -n "$made_user" ] && userdel "$ATTACKER" >/dev/null 2>&1
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

n=0
failed=0
ok() { n=$((n + 1)); printf 'ok %d - %s\n' "$n" "$1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); printf 'not ok %d - %s\n' "$n" "$1"; }
skip() { n=$((n + 1)); printf 'ok %d # SKIP %s\n' "$n" "$1"; }
diag() { sed 's/^/# /' "$@" | head -15; }

W=$T/work       # the test's own files (output, stand-ins)
OUT=$T/outside  # root's files outside the config dir: the victims
CFG=$T/cfg/etc  # the config dir
OUT2=$T/cfg/outside # where a state path of a climbing name lands
mkdir -p "$W/bin" "$OUT" "$OUT2"

tw() { "$TW_BIN" -P "$TW_PROVIDERS" --asterisk-version=20 -C "$CFG" "$@"; }
run() {
	"$@" >"$W/out" 2>"$W/err"
	rc=$?
}
# A memory cap for the runs that read what may be endless, so a
# regression fails this test instead of the machine (not under ASan,
# which reserves far more address space than it uses).
capped() {
	if [ -z "${TW_SANITIZERS:-}" ] || [ "$TW_SANITIZERS" = no ]; then
		(ulimit -v 2000000 2>/dev/null; "$@")
	else
		"$@"
	fi
}
# A guard against a hang (a FIFO opened for reading): only a stuck run
# ever gets near it.
guard() {
	if [ "$1" = tw ]; then
		shift
		set -- "$TW_BIN" -P "$TW_PROVIDERS" --asterisk-version=20 -C "$CFG" "$@"
	fi
	if command -v timeout >/dev/null 2>&1; then timeout 300 "$@"; else "$@"; fi
}

TRUNK="name=t username=u server=sip.example.com identify=192.0.2.1 transport=create"
SECRET=secrethash-of-root

# The victims: a root-only directory, a root file a link may point at, a
# shadow-like file, and files where a climbing trunk name lands.
seed_outside() {
	rm -rf "$OUT" "$OUT2"
	mkdir -p "$OUT/rootdir" "$OUT/root" "$OUT2"
	printf 'root only\n' >"$OUT/rootdir/keep.txt"
	chmod 700 "$OUT/rootdir"
	printf '[secret]\nkeep = me\n' >"$OUT/root/secret.conf"
	chmod 440 "$OUT/root/secret.conf"
	printf 'root:$6$%s:19000:0:99999:7:::\n' "$SECRET" >"$OUT/root/shadow"
	chmod 600 "$OUT/root/shadow"
	for d in "$OUT" "$OUT2"; do
		printf '[trunk]\nname = ../../../outside/evil\n' >"$d/evil.conf"
		printf '[evil]\n' >"$d/evil-pjsip.conf"
		printf '[evil]\n' >"$d/evil-extensions.conf"
	done
}
# Name, type, mode, owner and checksum of everything outside the config dir.
snap() {
	find "$OUT" "$OUT2" | sort | while read -r f; do
		if [ -f "$f" ] && [ ! -L "$f" ]; then h=$(sha256sum <"$f" | cut -c1-64); else h=-; fi
		printf '%s %s %s\n' "$f" "$(stat -c '%F %a %u:%g' "$f")" "$h"
	done
}
# A fresh config dir (the stock one without a transport), owned by root.
fresh() {
	rm -rf "$T/cfg/etc"
	cp -R "$TW_SRCDIR/tests/data/install/fresh" "$CFG"
	chmod -R u+w,go-w "$CFG"
	seed_outside
	snap >"$W/before"
}

# The command was refused: exit non-zero, the value named, nothing
# outside the config dir changed.
expect_refused() { # description text-that-must-be-named
	if [ "$rc" -ne 0 ]; then ok "$1: exit $rc"; else not_ok "$1: exit 0"; diag "$W/out"; fi
	if grep -qF -- "$2" "$W/err"; then ok "$1: names $2"; else
		not_ok "$1: stderr lacks '$2'"; diag "$W/err"; fi
	snap >"$W/after"
	if cmp -s "$W/before" "$W/after"; then ok "$1: every file outside the config dir as it was"; else
		not_ok "$1: files outside the config dir changed"; diff "$W/before" "$W/after" | diag; fi
}

have_root=
if [ "$(id -u)" = 0 ] && command -v useradd >/dev/null 2>&1 &&
	useradd -M -N -r -s /bin/false "$ATTACKER" >/dev/null 2>&1; then
	made_user=yes
	have_root=yes
	AUID=$(id -u "$ATTACKER")
	# the attacker may reach the config dir, as on a real PBX
	chmod 755 "$T" "$T/cfg"
fi
why_skip="needs root and useradd (an unprivileged attacker the test creates)"
# root_attack FUNCTION DESCRIPTION: run it as root, else one visible skip.
root_attack() {
	if [ -n "$have_root" ]; then "$1"; else skip "$2: $why_skip"; fi
}

# ---- 1. trunkwiz/ replaced by a link to a root-only directory ----
a_dir_link() {
	fresh
	chown -R "$ATTACKER" "$CFG"
	ln -s "$OUT/rootdir" "$CFG/trunkwiz"
	chown -h "$ATTACKER" "$CFG/trunkwiz"
	TRUNKWIZ_PASSWORD=pw1 run tw apply $TRUNK
	expect_refused "trunkwiz/ -> root-only dir" "$CFG/trunkwiz"
	grep -qF "symbolic link" "$W/err" && ok "trunkwiz/ -> root-only dir: says it is a link" ||
		not_ok "trunkwiz/ -> root-only dir: does not say it is a link"
}
root_attack a_dir_link "trunkwiz/ -> root-only dir"

# ---- 2. pjsip.conf replaced by a link to a root-owned 0440 file ----
a_conf_link() {
	fresh
	chown -R "$ATTACKER" "$CFG"
	rm "$CFG/pjsip.conf"
	ln -s "$OUT/root/secret.conf" "$CFG/pjsip.conf"
	chown -h "$ATTACKER" "$CFG/pjsip.conf"
	TRUNKWIZ_PASSWORD=pw1 run tw apply $TRUNK
	expect_refused "pjsip.conf -> root file, link by the attacker" "$CFG/pjsip.conf"
	# a link root made, but in a directory the attacker may write in
	chown -h root "$CFG/pjsip.conf"
	TRUNKWIZ_PASSWORD=pw1 run tw apply $TRUNK
	expect_refused "pjsip.conf -> root file, in the attacker's directory" "$CFG/pjsip.conf"
	[ -L "$CFG/pjsip.conf" ] && ok "the link itself stays" || not_ok "the link was replaced"
}
root_attack a_conf_link "pjsip.conf -> root file"

# ---- 2b. the admin's own link, which only root could make, is followed ----
a_admin_link() {
	fresh
	mkdir -p "$T/cfg/real"
	mv "$CFG/pjsip.conf" "$T/cfg/real/pjsip.conf"
	ln -s "$T/cfg/real/pjsip.conf" "$CFG/pjsip.conf"
	TRUNKWIZ_PASSWORD=pw1 run tw apply $TRUNK
	if [ "$rc" -eq 0 ]; then ok "root's own pjsip.conf link: applied"; else
		not_ok "root's own pjsip.conf link: exit $rc"; diag "$W/err"; fi
	[ -L "$CFG/pjsip.conf" ] && grep -q '#include trunkwiz/t-pjsip.conf' "$T/cfg/real/pjsip.conf" &&
		ok "root's own link: the target got the include line, the link stays" ||
		not_ok "root's own link: not written through"
}
root_attack a_admin_link "root's own pjsip.conf link"

# ---- 3. trunkwiz/ swapped for the attacker's own, a trunk file -> root file ----
a_swapped_dir() {
	fresh
	TRUNKWIZ_PASSWORD=pw1 run tw apply $TRUNK
	[ "$rc" -eq 0 ] || { not_ok "swapped trunkwiz/: setup apply exit $rc"; diag "$W/err"; }
	chown "$ATTACKER" "$CFG"
	mv "$CFG/trunkwiz" "$CFG/trunkwiz.old"
	mkdir -p "$CFG/trunkwiz/state"
	cp "$CFG/trunkwiz.old/state/t.conf" "$CFG/trunkwiz/state/t.conf"
	ln -s "$OUT/root/secret.conf" "$CFG/trunkwiz/t-pjsip.conf"
	chown -hR "$ATTACKER" "$CFG/trunkwiz"
	snap >"$W/before"
	run tw remove t
	expect_refused "remove in a swapped trunkwiz/" "$CFG/trunkwiz"
	grep -qF "chown -R root" "$W/err" && ok "swapped trunkwiz/: the message gives the fix" ||
		not_ok "swapped trunkwiz/: no fix in the message"
	# the same link in a directory only root may write: still never followed
	chown -hR root "$CFG/trunkwiz"
	chmod 755 "$CFG/trunkwiz"
	chmod 700 "$CFG/trunkwiz/state"
	run tw remove t
	expect_refused "remove with a trunk file -> root file" "$CFG/trunkwiz/t-pjsip.conf"
}
root_attack a_swapped_dir "swapped trunkwiz/"

# ---- 4. new files never take the attacker's ownership from a neighbour ----
a_owner() {
	fresh
	chown "$ATTACKER" "$CFG/extensions.conf" "$CFG/pjsip.conf"
	TRUNKWIZ_PASSWORD=pw1 run tw apply $TRUNK
	[ "$rc" -eq 0 ] || { not_ok "owner: apply exit $rc"; diag "$W/err"; }
	bad=
	for f in trunkwiz trunkwiz/state trunkwiz/t-pjsip.conf trunkwiz/t-extensions.conf \
		trunkwiz/transport.conf trunkwiz/state/t.conf; do
		[ "$(stat -c %u "$CFG/$f" 2>/dev/null)" = 0 ] || bad="$bad $f"
	done
	[ -z "$bad" ] && ok "files trunkwiz makes are root's, not the neighbour's owner" ||
		not_ok "owned by someone else:$bad"
	[ "$(stat -c %u "$CFG/extensions.conf")" = "$AUID" ] &&
		ok "the admin's extensions.conf keeps its own owner" || not_ok "extensions.conf changed owner"
}
root_attack a_owner "new files and a neighbour's owner"

# ---- 5. trunkwiz/ or state/ that others may write in ----
a_dir_owner() {
	fresh
	mkdir "$CFG/trunkwiz"
	chown "$ATTACKER" "$CFG/trunkwiz"
	TRUNKWIZ_PASSWORD=pw1 run tw apply $TRUNK
	expect_refused "trunkwiz/ owned by the attacker" "$CFG/trunkwiz"
	grep -qF "chown -R root" "$W/err" && ok "trunkwiz/ owned by the attacker: the fix is given" ||
		not_ok "trunkwiz/ owned by the attacker: no fix"
	[ -z "$(ls -A "$CFG/trunkwiz")" ] && ok "nothing written into it" || not_ok "wrote into it"
	fresh
	mkdir -p "$CFG/trunkwiz/state"
	chmod 777 "$CFG/trunkwiz/state"
	TRUNKWIZ_PASSWORD=pw1 run tw apply $TRUNK
	expect_refused "state/ writable by all" "$CFG/trunkwiz/state"
}
root_attack a_dir_owner "trunkwiz/ owned by another user"

# ---- 6. trunk names that climb out of the config dir (any user) ----
fresh
TRUNKWIZ_PASSWORD=pw1 run tw apply $TRUNK
[ "$rc" -eq 0 ] || { not_ok "names: setup apply exit $rc"; diag "$W/err"; }
EVIL=../../../outside/evil
run tw remove "$EVIL"
expect_refused "remove $EVIL" "$EVIL"
run tw edit "$EVIL" codecs=alaw
expect_refused "edit $EVIL" "$EVIL"
run tw switch "$EVIL" provider=generic
expect_refused "switch $EVIL" "$EVIL"
run tw doctor --no-register "$EVIL"
expect_refused "doctor $EVIL" "$EVIL"

# ---- 7. a state file that names a password file (any user) ----
fresh
TRUNKWIZ_PASSWORD=pw1 run tw apply $TRUNK
[ "$rc" -eq 0 ] || { not_ok "password_file: setup apply exit $rc"; diag "$W/err"; }
sed -i '/^password/d' "$CFG/trunkwiz/state/t.conf"
printf 'password_file = %s\n' "$OUT/root/shadow" >>"$CFG/trunkwiz/state/t.conf"
snap >"$W/before"
run tw edit t codecs=alaw
expect_refused "password_file= in a state file" "password_file"
grep -rqF "$SECRET" "$CFG" && not_ok "the shadow line reached the config dir" ||
	ok "the shadow line is nowhere in the config dir"

# ---- 8. FIFOs and endless files as input (any user) ----
mkfifo "$W/fifo.conf"
run guard tw check "$W/fifo.conf"
expect_refused "check FIFO" "$W/fifo.conf"
grep -qF "not a regular file" "$W/err" && ok "check FIFO: says why" || not_ok "check FIFO: no reason"
run capped tw check /dev/zero
expect_refused "check /dev/zero" "/dev/zero"
grep -qF "not a regular file" "$W/err" && ok "check /dev/zero: refused before reading it" ||
	not_ok "check /dev/zero: read it"
run capped guard tw render $TRUNK password_file=/dev/zero
expect_refused "password_file=/dev/zero" "/dev/zero"
run guard tw render $TRUNK password_file="$W/fifo.conf"
expect_refused "password_file=FIFO" "$W/fifo.conf"
fresh
rm "$CFG/pjsip.conf"
mkfifo "$CFG/pjsip.conf"
TRUNKWIZ_PASSWORD=pw1 run guard tw apply $TRUNK
expect_refused "apply with a FIFO for pjsip.conf" "$CFG/pjsip.conf"

# ---- 9. the password never reaches a helper's environment (any user) ----
cat >"$W/bin/asterisk" <<EOF
#!/bin/sh
env >>"$W/env.log"
case "\$*" in
-V) echo "Asterisk 20.5.0" ;;
*"core show version"*) echo "Asterisk 20.5.0 built by test" ;;
esac
EOF
chmod +x "$W/bin/asterisk"
fresh
rm -f "$W/env.log"
# no --asterisk-version: 'asterisk -V' is asked too
PATH="$W/bin:$PATH" TRUNKWIZ_PASSWORD=env-secret-pw run "$TW_BIN" -P "$TW_PROVIDERS" -C "$CFG" \
	apply --reload --asterisk-cmd "$W/bin/asterisk" $TRUNK
[ "$rc" -eq 0 ] && ok "apply --reload with a stand-in Asterisk" || { not_ok "apply --reload: exit $rc"; diag "$W/err"; }
if [ -s "$W/env.log" ] && [ "$(grep -c '^PATH=' "$W/env.log")" -ge 2 ]; then
	ok "the stand-in Asterisk ran ($(grep -c '^PATH=' "$W/env.log") times)"
else
	not_ok "the stand-in Asterisk did not run"
fi
grep -q "TRUNKWIZ_PASSWORD\|env-secret-pw" "$W/env.log" 2>/dev/null &&
	not_ok "TRUNKWIZ_PASSWORD reached asterisk" || ok "TRUNKWIZ_PASSWORD never reached asterisk"

# ---- 10. backups that hold a password (any user) ----
fresh
printf 'pw-one\n' >"$W/pw1"
printf 'pw-two\n' >"$W/pw2"
run tw apply $TRUNK password_file="$W/pw1"
run tw edit t password_file="$W/pw2"
[ "$rc" -eq 0 ] || { not_ok "backups: edit exit $rc"; diag "$W/err"; }
bad=
for f in "$CFG"/trunkwiz/t-pjsip.conf.*.bak "$CFG"/trunkwiz/state/t.conf.*.bak; do
	[ -f "$f" ] || { bad="$bad none:$f"; continue; }
	[ "$(stat -c %a "$f")" = 600 ] || bad="$bad $f:$(stat -c %a "$f")"
done
[ -z "$bad" ] && ok "backups of the password files keep mode 0600" || not_ok "backup modes:$bad"
run tw remove t
[ "$rc" -eq 0 ] || { not_ok "backups: remove exit $rc"; diag "$W/err"; }
left=$(ls "$CFG"/trunkwiz/t-pjsip.conf.*.bak "$CFG"/trunkwiz/state/t.conf.*.bak 2>/dev/null)
[ -z "$left" ] && ok "remove takes the password backups along" || not_ok "password backups left: $left"
grep -rqF "pw-one" "$CFG" && not_ok "the old password is still in the config dir" ||
	ok "no copy of the old password is left"
grep -qF "backup" "$W/err" && ok "remove says it removed the backups" ||
	{ not_ok "remove does not mention the backups"; diag "$W/err"; }

printf '1..%d\n' "$n"
[ "$failed" -eq 0 ]
