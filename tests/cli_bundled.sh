#!/bin/sh
# The bundled profiles are found without -P: beside the executable (a build
# tree right after make) and in ../share/trunkwiz/providers beside it (an
# unpacked or relocated package).
. "${TW_SRCDIR:-.}/tests/lib.sh"
unset TRUNKWIZ_DATADIR

# A copy of the binary with the profiles beside it, the way a build tree has.
mkdir -p "$T_TMP/build" "$T_TMP/pkg/usr/bin" "$T_TMP/pkg/usr/share/trunkwiz" "$T_TMP/bare"
cp "$TW_BIN" "$T_TMP/build/trunkwiz"
cp -R "$TW_PROVIDERS" "$T_TMP/build/providers"
run "$T_TMP/build/trunkwiz" providers list
expect_rc 0 "build tree: providers list without -P"
expect_out_has "generic" "build tree: lists the bundled generic profile"
expect_err_lacks "not installed" "build tree: no 'not installed' warning"

# An unpacked package: usr/bin/trunkwiz and usr/share/trunkwiz/providers.
cp "$TW_BIN" "$T_TMP/pkg/usr/bin/trunkwiz"
cp -R "$TW_PROVIDERS" "$T_TMP/pkg/usr/share/trunkwiz/providers"
run "$T_TMP/pkg/usr/bin/trunkwiz" providers list telnyx
expect_rc 0 "package tree: providers list without -P"
expect_out_has "telnyx" "package tree: lists telnyx"

# Without profiles anywhere near it the binary says where to look.
cp "$TW_BIN" "$T_TMP/bare/trunkwiz"
if [ -d "/usr/share/trunkwiz/providers" ]; then
	echo "ok - bare binary # SKIP trunkwiz is installed on this machine"
	echo "ok - bare binary message # SKIP trunkwiz is installed on this machine"
	t_pass=$((t_pass + 2))
else
	run "$T_TMP/bare/trunkwiz" providers list
	expect_err_has "not installed" "bare binary: says the profiles are not installed"
	expect_err_has "-P DIR" "bare binary: names -P DIR"
fi

# For root, profiles beside the binary count only when nobody else could
# have written them: a group-writable dir is passed over.
if [ "$(id -u)" = 0 ]; then
	chmod g+w "$T_TMP/build/providers"
	run "$T_TMP/build/trunkwiz" providers list
	expect_out_lacks "telnyx" "root: a group-writable profile dir beside the binary is not used"
	chmod g-w "$T_TMP/build/providers"
else
	echo "ok - group-writable profile dir # SKIP not root"
	t_pass=$((t_pass + 1))
fi
t_done
