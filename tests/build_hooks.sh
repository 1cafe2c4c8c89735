#!/bin/sh
# The installed program holds no test hook: no TRUNKWIZ_TEST_* fault points,
# no TRUNKWIZ_TODAY stand-in date, no setter that swaps the resolvers or the
# interface source. The test
# build (tests/trunkwiz-test) has them, which shows this test looks at the
# right things.
. "${TW_SRCDIR:-.}/tests/lib.sh"

HOOK_SYMBOLS="tw_set_resolver tw_set_srv_resolver tw_netinfo_set_source"

[ -x "$TW_TEST_BIN" ] || t_skip_all "no test build at $TW_TEST_BIN"
command -v strings >/dev/null 2>&1 || t_skip_all "strings (binutils) not installed"

hooks=$(strings "$TW_BIN" | grep 'TRUNKWIZ_TEST\|TRUNKWIZ_TODAY')
[ -z "$hooks" ] && ok "trunkwiz reads no TRUNKWIZ_TEST_* or TRUNKWIZ_TODAY variable" ||
	not_ok "trunkwiz holds: $(echo $hooks)"
n=$(strings "$TW_TEST_BIN" | grep -c '^TRUNKWIZ_TEST_\|^TRUNKWIZ_TODAY$')
[ "$n" -eq 5 ] && ok "the test build reads the four TRUNKWIZ_TEST_* variables and TRUNKWIZ_TODAY" ||
	not_ok "the test build holds $n of those 5 strings"

if command -v nm >/dev/null 2>&1; then
	for sym in $HOOK_SYMBOLS; do
		nm "$TW_BIN" | grep -q " T $sym\$" && not_ok "trunkwiz defines $sym" ||
			ok "trunkwiz has no $sym"
		nm "$TW_TEST_BIN" | grep -q " T $sym\$" && ok "the test build defines $sym" ||
			not_ok "the test build lacks $sym"
	done
else
	skip "nm (binutils) not installed: setter symbols not checked"
fi
t_done
