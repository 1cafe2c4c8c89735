#!/bin/sh
# run.sh - build the libFuzzer harnesses with clang (ASan + UBSan) and run
# each for SECONDS, seeded from tests/data (what `make fuzz` runs).
#
#   sh tests/fuzz/run.sh SRCDIR BUILDDIR SECONDS "CORE SOURCES" "LIBS"
#
# Prints one line per harness (runs, crashes) and exits 1 when one found a
# crash, a leak, a hang (-timeout) or ran out of memory (-rss_limit_mb);
# the input is kept in BUILDDIR/fuzz-out/NAME/. Without clang it says so
# and exits 0.
set -u
SRC=$1 BUILD=$2 SECS=$3 CORE=$4 LIBS=$5
CC=${FUZZ_CC:-clang}
OUT=$BUILD/fuzz-out
if ! command -v "$CC" >/dev/null 2>&1; then
	echo "fuzz: SKIP: $CC not found (install clang to fuzz)"
	exit 0
fi
FLAGS="-g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -I$BUILD -I$SRC/include -I$SRC/src/core -DTW_PROVIDERS_DIR=\"/nonexistent\" -DTW_SYSCONF_PROVIDERS_DIR=\"/nonexistent\" $(pkg-config --cflags jansson libcurl openssl 2>/dev/null)"
mkdir -p "$OUT/obj" || exit 2
objs=
for c in $CORE; do
	case $c in *.c) ;; *) continue ;; esac
	o=$OUT/obj/$(echo "$c" | tr / _ | sed 's/\.c$/.o/')
	if [ ! -f "$o" ] || [ "$SRC/$c" -nt "$o" ]; then
		# shellcheck disable=SC2086 # FLAGS is a list
		$CC $FLAGS -fsanitize=fuzzer-no-link -c "$SRC/$c" -o "$o" || exit 2
	fi
	objs="$objs $o"
done
status=0
for h in conf profile iplist answers; do
	bin=$OUT/fuzz_$h
	# shellcheck disable=SC2086 # lists on purpose
	$CC $FLAGS -fsanitize=fuzzer "$SRC/tests/fuzz/fuzz_$h.c" $objs $LIBS -o "$bin" || exit 2
	corpus=$OUT/$h/corpus
	mkdir -p "$corpus" "$OUT/$h/found"
	case $h in
	conf) find "$SRC/tests/data/conf" "$SRC/tests/data/validate" "$SRC/tests/data/asterisk-samples" -name '*.conf' -size -64k -exec cp {} "$corpus/" \; ;;
	profile) find "$SRC/providers" -name '*.conf' -size -64k -exec cp {} "$corpus/" \; 2>/dev/null ;;
	iplist) find "$SRC/tests/data" -name '*.json' -size -64k -exec cp {} "$corpus/" \; ;;
	answers) find "$SRC/tests/data" -name '*.answers' -size -64k -exec cp {} "$corpus/" \; 2>/dev/null ;;
	esac
	"$bin" -max_total_time="$SECS" -timeout=2 -rss_limit_mb=1024 -print_final_stats=1 \
		-artifact_prefix="$OUT/$h/found/" "$corpus" >"$OUT/$h/log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$OUT/$h/log" | tail -n 1)
	if [ "$rc" -eq 0 ]; then
		echo "fuzz_$h: ${runs:-?} runs in ${SECS} s, no crash"
	else
		echo "fuzz_$h: FOUND a problem (exit $rc): $(ls "$OUT/$h/found" | head -n 1); see $OUT/$h/log"
		status=1
	fi
done
exit $status
