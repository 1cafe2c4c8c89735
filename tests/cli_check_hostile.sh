#!/bin/sh
# trunkwiz check on small hostile files: each finishes in under 2 s within
# 1 GiB of address space (they once took 6 s to minutes, or crashed under
# the cap). TW_TIME_SCALE multiplies the bound for sanitizer builds.
. "${TW_SRCDIR:-.}/tests/lib.sh"

LIMIT=$((2 * ${TW_TIME_SCALE:-1}))

# bounded FILE: run check under timeout and ulimit -v; sets rc, out, err.
# (ASan reserves terabytes of address space: no ulimit -v in that build)
VMEM='ulimit -v 1048576 &&'
[ "${TW_SANITIZERS:-no}" = yes ] && VMEM=
bounded() {
	run timeout "$LIMIT" sh -c "$VMEM"' exec "$0" check "$1"' "$TW_BIN" "$1"
}

finishes() { # description
	case $rc in
	0|1) ok "$1 (exit $rc)" ;;
	124) not_ok "$1: did not finish in $LIMIT s" ;;
	*) not_ok "$1: exit $rc"; sed 's/^/    stderr: /' "$T_TMP/err" | head -5 ;;
	esac
}

# A (+filter) whose regex glibc compiles in exponential time and memory.
printf '[x]\ntype=aor\n[x](+type=a++++++++++++++++++++++)\nmax_contacts=1\n' >"$T_TMP/regex.conf"
bounded "$T_TMP/regex.conf"
finishes "(+filter) with a quantifier on a quantifier"
expect_err_has "too complex to evaluate" "the filter is reported, not compiled"

# Inheritance that names each base four times, 13 levels deep.
{
	printf '[a](!)\ntype=endpoint\nallow=ulaw\n'
	prev=a
	i=0
	while [ $i -lt 13 ]; do
		printf '[t%d](!,%s,%s,%s,%s)\n' $i $prev $prev $prev $prev
		prev=t$i
		i=$((i + 1))
	done
	printf '[ep](%s)\ncontext=x\n' $prev
} >"$T_TMP/inherit.conf"
bounded "$T_TMP/inherit.conf"
finishes "bases named four times, 13 levels deep"

# Ten files, each including the next ten times.
i=0
while [ $i -lt 10 ]; do
	{
		printf '[s%d]\ntype=aor\nmax_contacts=1\n' $i
		if [ $i -lt 9 ]; then
			j=0
			while [ $j -lt 10 ]; do
				printf '#include inc%d.conf\n' $((i + 1))
				j=$((j + 1))
			done
		fi
	} >"$T_TMP/inc$i.conf"
	i=$((i + 1))
done
bounded "$T_TMP/inc0.conf"
finishes "a fan-out of includes"
expect_err_has "is included more than once" "a repeated include is reported"

# A file that includes itself many times.
{
	i=0
	while [ $i -lt 300 ]; do
		echo "#include cyc.conf"
		i=$((i + 1))
	done
	printf '[a]\ntype=aor\nmax_contacts=1\n'
} >"$T_TMP/cyc.conf"
bounded "$T_TMP/cyc.conf"
finishes "an include cycle, 300 times"
expect_err_has "#include cycle" "the cycle is reported"

# 1,000 nameless templates, then 1,000 filtered additions to them.
awk 'BEGIN { for (i = 0; i < 1000; i++) print "[](!)"; for (i = 0; i < 1000; i++) print "[](+a=b)" }' \
	>"$T_TMP/addtpl.conf"
bounded "$T_TMP/addtpl.conf"
finishes "1,000 templates and 1,000 filtered additions"

# 50,000 additions to one section.
awk 'BEGIN { print "[s]\ntype=aor\nmax_contacts=1"; for (i = 0; i < 50000; i++) print "[s](+type=aor)\nqualify_frequency=60" }' \
	>"$T_TMP/adds.conf"
bounded "$T_TMP/adds.conf"
finishes "50,000 additions to one section"

t_done
