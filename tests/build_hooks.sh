#!/bin/sh
# The installed program holds no test hook: no TRUNKWIZ_TEST_* fault points,
# no setter that swaps the resolvers, interface source or rename(). The test
# build (tests/trunkwiz-test) has them, which shows this test looks at the
# right things.
. "${TW_SRCDIR:-.}/tests/lib.sh"

HOOK_SYMBOLS="tw_set_resolver tw_set_srv_resolver tw_netinfo_set_source"

[ -x "$TW_TEST_BIN" ] || t_skip_all "no test build at $TW_TEST_BIN"
command -v strings >/dev/null 2>&1 || t_skip_all "strings (binutils) not installed"

hooks=$(strings "$TW_BIN" | grep TRUNKWIZ_TEST)
[ -z "$hooks" ] && ok "trunkwiz reads no TRUNKWIZ_TEST_* variable" ||
	not_ok "trunkwiz holds: $(echo $hooks)"
n=$(strings "$TW_TEST_BIN" | grep -c '^TRUNKWIZ_TEST_')
[ "$n" -eq 4 ] && ok "the test build reads the four TRUNKWIZ_TEST_* variables" ||
	not_ok "the test build holds $n TRUNKWIZ_TEST_* strings, not 4"

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
