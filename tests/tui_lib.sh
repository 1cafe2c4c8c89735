# tui_lib.sh - drive the wizard through tmux, in the shape of tmux's own
# regress scripts: a private server (-L), an 80x24 session, send-keys,
# capture-pane -p, and polling for the expected text instead of sleeping.
. "${TW_SRCDIR:-.}/tests/lib.sh"

command -v tmux >/dev/null 2>&1 || t_skip_all "tmux is not installed (apt-get install tmux)"
SOCK=trunkwiz-test-$$
TM="tmux -L $SOCK -f /dev/null"
trap '$TM kill-server 2>/dev/null; rm -rf "$T_TMP"' EXIT
CFG=$T_TMP/etc
PIDFILE=$T_TMP/pid
export TRUNKWIZ_GROUP=no-such-group-for-trunkwiz
# Sanitizer builds are slower: wait longer for each screen.
WAIT=${TW_TUI_WAIT:-10}
[ "${TW_SANITIZERS:-no}" = yes ] && WAIT=$((WAIT * 3))

fresh() { rm -rf "$CFG"; cp -r "$TW_SRCDIR/tests/data/install/${1:-fresh}" "$CFG"; }

# tui_start [ENV=VALUE..] [-- ARGS..]: a shell in an 80x24 session that
# runs the wizard on $CFG; the shell stays, to look at the terminal after.
tui_start() {
	envs="LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=${TUI_TERM:-screen}"
	while [ $# -gt 0 ] && [ "$1" != -- ]; do envs="$envs $1"; shift; done
	[ "${1:-}" = -- ] && shift
	# (a server just killed may still be going away: try again)
	n=0
	until $TM new-session -d -x 80 -y 24 "env -u TMUX PS1='$ ' sh" 2>/dev/null; do
		n=$((n + 1))
		[ $n -lt 20 ] || { not_ok "tmux new-session"; return 1; }
		sleep 0.1
	done
	$TM set-option -g status off >/dev/null
	$TM set-option -g default-terminal screen >/dev/null
	$TM send-keys "env $envs sh -c 'echo \$\$ >$PIDFILE; exec \"$TW_BIN\" -C \"$CFG\" -P \"$TW_PROVIDERS\" --asterisk-version=20 $*'; echo \"exit=\$?\"" Enter
}

screen() { $TM capture-pane -p; }
keys() { $TM send-keys "$@"; }
# type TEXT literally
typ() { $TM send-keys -l "$1"; }

# wait_for TEXT [DESCRIPTION]: poll the screen until it shows TEXT.
wait_for() {
	i=0
	while [ $i -lt $((WAIT * 20)) ]; do
		screen >"$T_TMP/screen" 2>/dev/null
		if grep -qF -- "$1" "$T_TMP/screen"; then
			[ -n "${2:-}" ] && ok "$2"
			return 0
		fi
		sleep 0.05
		i=$((i + 1))
	done
	not_ok "${2:-screen shows '$1'}: not on the screen after ${WAIT}s"
	sed 's/^/    | /' "$T_TMP/screen"
	return 1
}

# wait_gone TEXT: poll until the screen no longer shows TEXT.
wait_gone() {
	i=0
	while [ $i -lt $((WAIT * 20)) ]; do
		screen | grep -qF -- "$1" || return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

screen_lacks() { # TEXT DESCRIPTION
	if screen | grep -qF -- "$1"; then not_ok "$2"; screen | sed 's/^/    | /'; else ok "$2"; fi
}

# wait_width N: until the title bar (ending with a blank in column N) is
# N - 1 wide once trimmed,
# i.e. the wizard has redrawn for a new window size.
wait_width() {
	i=0
	while [ $i -lt $((WAIT * 20)) ]; do
		w=$(screen | head -n 1 | awk '{ print length($0) }')
		[ "$w" = "$(($1 - 1))" ] && return 0
		sleep 0.05
		i=$((i + 1))
	done
	not_ok "the wizard did not redraw at width $1 (title is $w wide)"
	return 1
}

wizard_pid() { cat "$PIDFILE" 2>/dev/null; }

# wait until the wizard's process has ended
wait_exit() {
	i=0
	pid=$(wizard_pid)
	while [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && [ $i -lt $((WAIT * 20)) ]; do
		sleep 0.05
		i=$((i + 1))
	done
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		not_ok "${1:-the wizard ended}: still running"
		return 1
	fi
	[ -n "${1:-}" ] && ok "$1"
	return 0
}

# After the wizard ended: is the terminal back to a line-editing, echoing
# state with the normal screen? (stty runs in the pane's shell.)
terminal_sane() {
	# The marker is written split on the command line ("STTY-""DONE"), so
	# only the command's output shows it whole: waiting for it cannot match
	# the echoed command before stty has answered.
	keys "clear; stty -a | tr ' ' '\n' | grep -E '^-?(icanon|echo|isig)\$' | tr '\n' ' '; echo STTY-\"\"DONE" Enter
	wait_for "STTY-DONE" >/dev/null || { not_ok "$1: shell did not answer"; return; }
	line=$(screen | grep "STTY-DONE\$" | grep -v stty)
	if echo " $line" | grep -q " icanon " && echo " $line" | grep -q " echo " &&
	   echo " $line" | grep -q " isig "; then ok "$1"; else
		not_ok "$1"; screen | sed 's/^/    | /'; fi
}

# The new-trunk flow's first screens for provider $1 (search words).
choose_provider() {
	wait_for "1/9 Provider" || return 1
	typ "$1"
	wait_for "$2" || return 1
	keys Enter
	wait_for "2/9 Trunk & credentials"
}

# Move focus to the field labelled $1 on a form: Tab until "> LABEL",
# waiting for each move to show.
focus() {
	n=0
	while [ $n -lt 12 ]; do
		cur=$(screen | grep '^> ' | head -n 1)
		case $cur in "> $1"*) return 0 ;; esac
		keys Tab
		i=0
		while [ $i -lt $((WAIT * 50)) ]; do
			new=$(screen | grep '^> ' | head -n 1)
			[ "$new" != "$cur" ] && break
			sleep 0.02
			i=$((i + 1))
		done
		n=$((n + 1))
	done
	not_ok "cannot focus the field $1"
	return 1
}
