#!/bin/sh
# A process killed at any instant leaves every file either old or new, never
# partial or missing, and the next run finishes the job.
#  1. SIGKILL at each write step of apply and of remove (fault points);
#  2. SIGKILL from outside after random delays while apply runs slowed down.
. "${TW_SRCDIR:-.}/tests/lib.sh"
# The fault points (TRUNKWIZ_TEST_*) exist only in the test build.
TW_BIN=$TW_TEST_BIN

DATA=$TW_SRCDIR/tests/data/install
CFG=$T_TMP/etc
export TRUNKWIZ_GROUP=no-such-group-for-trunkwiz TRUNKWIZ_PASSWORD='kill;pw'
ANSWERS="name=main username=acct server=sip.example.com identify=192.0.2.10 outbound_context=out-main"
FILES="pjsip.conf extensions.conf trunkwiz/main-pjsip.conf trunkwiz/main-extensions.conf trunkwiz/state/main.conf"

# Reference states: before (the rich config) and after a full apply.
cp -a "$DATA/rich" "$T_TMP/before"
cp -a "$DATA/rich" "$T_TMP/after"
# shellcheck disable=SC2086
tw -C "$T_TMP/after" apply $ANSWERS >/dev/null 2>&1 || not_ok "reference apply failed"

# Each file equals its before or its after version (absent counts as a
# version when that state lacks it). Prints the offenders.
check_files() {
	for f in $FILES; do
		if [ -e "$CFG/$f" ]; then
			cmp -s "$CFG/$f" "$T_TMP/before/$f" 2>/dev/null || cmp -s "$CFG/$f" "$T_TMP/after/$f" ||
				echo "$f (partial or foreign)"
		elif [ -e "$T_TMP/before/$f" ] && [ -e "$T_TMP/after/$f" ]; then
			echo "$f (missing)"
		fi
	done
	# no file a config glob could pick up besides ours
	find "$CFG" -name '*.conf' -newer "$T_TMP/stamp" | while read -r f; do
		case "$f" in */.*) echo "$f (temp file visible)" ;; esac
	done
}

same_as() { # dir
	for f in $FILES; do
		if [ -e "$1/$f" ]; then cmp -s "$CFG/$f" "$1/$f" || echo "$f"
		elif [ -e "$CFG/$f" ]; then echo "$f (left over)"; fi
	done
}

# ---- 1. every step of apply ----
rm -rf "$CFG"
cp -a "$T_TMP/before" "$CFG"
# shellcheck disable=SC2086
TRUNKWIZ_TEST_TRACE=$T_TMP/trace tw -C "$CFG" apply $ANSWERS >/dev/null 2>&1
steps=$(wc -l <"$T_TMP/trace")
[ "$steps" -ge 20 ] && ok "apply has $steps write steps" || not_ok "only $steps steps traced"
bad=0
k=1
while [ "$k" -le "$steps" ]; do
	rm -rf "$CFG"
	cp -a "$T_TMP/before" "$CFG"
	touch "$T_TMP/stamp"
	# shellcheck disable=SC2086
	TRUNKWIZ_TEST_KILL_AT=$k tw -C "$CFG" apply $ANSWERS >/dev/null 2>&1
	rc=$?
	[ "$rc" -eq 137 ] || { echo "    step $k: exit $rc, not killed"; bad=$((bad + 1)); }
	out=$(check_files)
	[ -z "$out" ] || { echo "    killed at step $k: $out"; bad=$((bad + 1)); }
	# the next run completes the change
	# shellcheck disable=SC2086
	tw -C "$CFG" apply $ANSWERS >/dev/null 2>&1 || { echo "    rerun after step $k failed"; bad=$((bad + 1)); }
	out=$(same_as "$T_TMP/after")
	[ -z "$out" ] || { echo "    rerun after step $k differs: $out"; bad=$((bad + 1)); }
	k=$((k + 1))
done
[ "$bad" -eq 0 ] && ok "apply killed at each of $steps steps: every file old or new, rerun completes" ||
	not_ok "apply kill test: $bad problems"

# ---- every step of remove ----
rm -rf "$CFG"
cp -a "$T_TMP/after" "$CFG"
rm -f "$T_TMP/trace"
TRUNKWIZ_TEST_TRACE=$T_TMP/trace tw -C "$CFG" remove main >/dev/null 2>&1
steps=$(wc -l <"$T_TMP/trace")
[ "$steps" -ge 10 ] && ok "remove has $steps write steps" || not_ok "only $steps remove steps traced"
bad=0
k=1
while [ "$k" -le "$steps" ]; do
	rm -rf "$CFG"
	cp -a "$T_TMP/after" "$CFG"
	touch "$T_TMP/stamp"
	TRUNKWIZ_TEST_KILL_AT=$k tw -C "$CFG" remove main >/dev/null 2>&1
	rc=$?
	[ "$rc" -eq 137 ] || { echo "    remove step $k: exit $rc, not killed"; bad=$((bad + 1)); }
	out=$(check_files)
	[ -z "$out" ] || { echo "    remove killed at step $k: $out"; bad=$((bad + 1)); }
	tw -C "$CFG" remove main >/dev/null 2>&1 || { echo "    remove rerun after step $k failed"; bad=$((bad + 1)); }
	out=$(same_as "$T_TMP/before")
	[ -z "$out" ] || { echo "    remove rerun after step $k differs: $out"; bad=$((bad + 1)); }
	k=$((k + 1))
done
[ "$bad" -eq 0 ] && ok "remove killed at each of $steps steps: files old or new, rerun restores the original" ||
	not_ok "remove kill test: $bad problems"

# ---- 2. SIGKILL from outside at random moments ----
bad=0
kills=0
i=0
while [ "$i" -lt 25 ]; do
	rm -rf "$CFG"
	cp -a "$T_TMP/before" "$CFG"
	touch "$T_TMP/stamp"
	# shellcheck disable=SC2086
	TRUNKWIZ_TEST_DELAY_US=3000 "$TW_BIN" -P "$TW_PROVIDERS" --asterisk-version=20 -C "$CFG" \
		apply $ANSWERS >/dev/null 2>&1 &
	pid=$!
	# 0 to ~100 ms: the run takes about 30 steps x 3 ms
	sleep "0.0$(awk -v s="$i" 'BEGIN { srand(s); printf "%02d", int(rand() * 100) }')"
	kill -9 "$pid" 2>/dev/null && kills=$((kills + 1))
	wait "$pid" 2>/dev/null
	out=$(check_files)
	[ -z "$out" ] || { echo "    random kill $i: $out"; bad=$((bad + 1)); }
	i=$((i + 1))
done
[ "$bad" -eq 0 ] && ok "25 random kills ($kills while it ran): every file old or new" ||
	not_ok "random kills: $bad problems"
[ "$kills" -ge 1 ] && ok "at least one random kill was delivered" || not_ok "no random kill was delivered"

t_done
