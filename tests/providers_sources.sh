#!/bin/sh
# The bundled catalog: at least 24 real provider profiles (25 with generic), each with a
# verified date and every fact under a comment that names its source (a
# URL), says it is uncertain ([?]) or says it is trunkwiz's own choice.
# A file whose header says "Source of every value: ..." or "Source of every
# [O] value below: URL" covers the lines that rely on it.
. "${TW_SRCDIR:-.}/tests/lib.sh"

real=0
for f in "$TW_PROVIDERS"/*.conf; do
	id=$(basename "$f" .conf)
	[ "$id" = generic ] || real=$((real + 1))
	if grep -q '^verified = [0-9]\{4\}-[0-9][0-9]-[0-9][0-9]$' "$f"; then
		ok "$id: verified date"
	else
		not_ok "$id: no verified date"
	fi
	unsourced=$(awk '
		/^; *Source of every value:/ { all = 1 }
		/^; *Source of every \[O\] value below: *https?:\/\// { oall = 1 }
		/^[ \t]*$/ || /^\[/ { sourced = 0; after_opt = 0; next }
		/^[ \t]*;/ {
			if (after_opt) { sourced = 0; after_opt = 0 }
			if ($0 ~ /https?:\/\// || $0 ~ /\[\?\]/ || $0 ~ /trunkwiz.s (own )?choice/ || (oall && $0 ~ /\[O\]/))
				sourced = 1
			next
		}
		/=/ {
			after_opt = 1
			key = $1
			if (all || sourced || key == "name" || key == "verified") next
			printf "%d:%s ", NR, key
		}' "$f")
	if [ -z "$unsourced" ]; then
		ok "$id: every fact has a source"
	else
		not_ok "$id: lines without a source comment: $unsourced"
	fi
done
if [ "$real" -ge 24 ]; then ok "$real real provider profiles"; else not_ok "only $real real provider profiles"; fi
t_done
