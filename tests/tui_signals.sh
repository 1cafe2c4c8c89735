#!/bin/sh
# Every way out restores the terminal and leaves no partial file: Ctrl-C,
# SIGTERM, a crash signal, and an SSH session that drops (tmux
# kill-session: the terminal goes away under the wizard).
. "${TW_SRCDIR:-.}/tests/tui_lib.sh"

untouched() { # description
	if [ ! -e "$CFG/trunkwiz" ] && cmp -s "$CFG/pjsip.conf" "$TW_SRCDIR/tests/data/install/fresh/pjsip.conf" &&
	   [ "$(ls "$CFG" | wc -l)" = 2 ]; then ok "$1"; else not_ok "$1: $(ls -a "$CFG")"; fi
}

# Ctrl-C with nothing typed: quits at once
fresh
tui_start
wait_for "1/9 Provider"
keys C-c
wait_exit "Ctrl-C quits when nothing is unsaved"
wait_for "exit=0"
terminal_sane "terminal restored after Ctrl-C"
untouched "no file written after Ctrl-C"
$TM kill-server

# SIGTERM mid-form
fresh
tui_start
choose_provider "telnyx" "Telnyx" || true
focus "Username"
typ "someone"
kill -TERM "$(wizard_pid)"
wait_exit "SIGTERM ends the wizard"
wait_for "exit=143" "as SIGTERM"
terminal_sane "terminal restored after SIGTERM"
untouched "no file written after SIGTERM"
$TM kill-server

# a crash signal: the terminal is restored, then the signal does its work
fresh
tui_start
wait_for "1/9 Provider"
kill -SEGV "$(wizard_pid)"
wait_exit "SIGSEGV ends the wizard"
# (a sanitizer build: its handler, chained after ours, reports and aborts)
if [ "${TW_SANITIZERS:-no}" = yes ]; then wait_for "exit=" "the crash is reported"; else
	wait_for "exit=139" "as SIGSEGV"; fi
terminal_sane "terminal restored after a crash signal"
$TM kill-server

# the SSH session drops
fresh
tui_start
choose_provider "generic" "Other (generic)" || true
focus "SIP server"
typ "sip.example.com"
pid=$(wizard_pid)
$TM kill-session
i=0
while kill -0 "$pid" 2>/dev/null && [ $i -lt $((WAIT * 20)) ]; do sleep 0.05; i=$((i + 1)); done
kill -0 "$pid" 2>/dev/null && { not_ok "the wizard outlives its terminal"; kill -KILL "$pid"; } ||
	ok "the wizard ends when its terminal goes away"
untouched "no file written after the session dropped"
t_done
