# lib.sh - shared by the shell tests: assertions, a private temp dir, and
# TAP on stdout for automake's TAP driver: "ok - ..", "not ok - ..",
# "ok # SKIP why", and the plan "1..N" that t_done prints last. Source it,
# then call t_done (or t_skip_all WHY before the first result).
set -u
: "${TW_BIN:?TW_BIN is set by make check}"
: "${TW_SRCDIR:?TW_SRCDIR is set by make check}"
TW_PROVIDERS=${TW_PROVIDERS:-$TW_SRCDIR/providers}
t_pass=0
t_fail=0
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/twsh.XXXXXX")
trap 'rm -rf "$T_TMP"' EXIT
unset TRUNKWIZ_PASSWORD NO_COLOR
# No test asks the internet for this machine's public address.
TRUNKWIZ_PUBLIC_IP_URL=file:///dev/null
export TRUNKWIZ_PUBLIC_IP_URL

t_skip=0
ok() { t_pass=$((t_pass + 1)); echo "ok - $*"; }
not_ok() { t_fail=$((t_fail + 1)); echo "not ok - $*"; }
# skip WHY: a check that cannot run here, counted as a skip, not a pass.
skip() { t_skip=$((t_skip + 1)); echo "ok # SKIP $*"; }
# t_skip_all WHY: the whole script cannot run here (no tool, no root).
t_skip_all() { echo "1..0 # SKIP $*"; exit 0; }

# run CMD...: runs with stdout/stderr captured in $T_TMP/out and $T_TMP/err,
# exit status in $rc.
run() {
	"$@" >"$T_TMP/out" 2>"$T_TMP/err"
	rc=$?
}

expect_rc() { # expected description
	if [ "$rc" -eq "$1" ]; then ok "$2 (exit $rc)"; else
		not_ok "$2: exit $rc, expected $1"; sed 's/^/    stderr: /' "$T_TMP/err" | head -20; fi
}
expect_out_has() { # pattern description
	if grep -qF -- "$1" "$T_TMP/out"; then ok "$2"; else
		not_ok "$2: stdout lacks '$1'"; sed 's/^/    stdout: /' "$T_TMP/out" | head -20; fi
}
expect_err_has() {
	if grep -qF -- "$1" "$T_TMP/err"; then ok "$2"; else
		not_ok "$2: stderr lacks '$1'"; sed 's/^/    stderr: /' "$T_TMP/err" | head -20; fi
}
expect_err_lacks() {
	if grep -qF -- "$1" "$T_TMP/err"; then not_ok "$2: stderr has '$1'"; else ok "$2"; fi
}
expect_out_lacks() {
	if grep -qF -- "$1" "$T_TMP/out"; then not_ok "$2: stdout has '$1'"; else ok "$2"; fi
}
expect_out_empty() {
	if [ -s "$T_TMP/out" ]; then not_ok "$1: stdout not empty"; sed 's/^/    stdout: /' "$T_TMP/out" | head; else ok "$1"; fi
}

t_done() {
	echo "# $t_pass passed, $t_fail failed, $t_skip skipped"
	echo "1..$((t_pass + t_fail + t_skip))"
	[ "$t_fail" -eq 0 ]
}

# The test build of the program (fault points TRUNKWIZ_TEST_*), for the
# tests that need its hooks; all others run the real $TW_BIN.
TW_TEST_BIN=${TW_TEST_BIN:-${TW_BUILDDIR:-.}/tests/trunkwiz-test}

tw() { "$TW_BIN" -P "$TW_PROVIDERS" --asterisk-version=20 "$@"; }
