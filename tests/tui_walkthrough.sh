#!/bin/sh
# The defects of the walk-through at 80x24, one check each: what the
# admin saw go wrong, and what the wizard does now.
. "${TW_SRCDIR:-.}/tests/tui_lib.sh"

# TERM=dumb: refused with a message, not a key legend alone
fresh
TUI_TERM=dumb tui_start
wait_for "exit=3" "TERM=dumb: the wizard does not start"
wait_for "cannot move the cursor" "... and says why"
$TM kill-server

# Ctrl-C is the wizard's key: a script (or make) running it goes on
fresh
tui_start
wait_for "1/9 Provider"
$TM kill-server
n=0
until $TM new-session -d -x 80 -y 24 "env -u TMUX PS1='$ ' sh" 2>/dev/null || [ $n -ge 20 ]; do
	sleep 0.1; n=$((n + 1)); done
$TM set-option -g status off >/dev/null
keys "env LANG=C.UTF-8 TERM=screen sh -c 'trap \"echo PARENT-INTER\"\"RUPTED; exit 130\" INT; \"$TW_BIN\" -C \"$CFG\" -P \"$TW_PROVIDERS\"; echo PARENT-WENT\"\"-ON'" Enter
wait_for "1/9 Provider"
keys C-c
wait_for "PARENT-WENT-ON" "Ctrl-C quits the wizard, not the script running it"
screen_lacks "PARENT-INTERRUPTED" "the script got no SIGINT"
$TM kill-server

# 60x20: the quit question is shown, and only y quits
fresh
tui_start
choose_provider "generic" "Other (generic)" || true
focus "SIP server"
typ "sip.example.com"
$TM resize-window -x 60 -y 20
wait_for "Make the window larger"
keys C-c
wait_for "Quit without writing?" "too small a window still shows the quit question"
keys n
wait_gone "Quit without writing?" && ok "n keeps the wizard" || not_ok "question stays"
$TM resize-window -x 80 -y 24
wait_for "sip.example.com" "back where it was"

keys C-c
wait_for "Quit without writing?"
keys y
wait_exit "quit"
$TM kill-server

# From user follows the username as it is typed (was stale until a redraw)
fresh
tui_start
choose_provider "voip.ms" "VoIP.ms" || true
focus "Username"
typ "123456"
wait_for "From user           123456" "From user shows the username at once"
focus "Password"

# a long password is kept whole and counted; a trailing space is said
long=$(printf '%0300d' 7)
typ "$long"
wait_for "300 characters, hidden" "a 300-character password is kept"
typ " "
wait_for "a space at the end is not kept" "a trailing space is not lost silently"
keys BSpace

# Ctrl-T shows the password (for this trunk only, below)
keys C-t
wait_for "0000007" "Ctrl-T shows the password"

# a split arrow key over a slow link is an arrow, not Esc
focus "Auth username"
keys Escape
sleep 0.06
keys -l "OA"
wait_for "> Password" "Esc O A (Up), 60 ms apart, is Up"
screen_lacks "1/9 Provider" "... and did not go back a screen"

# help is the screen's own
keys F1
wait_for "Help: Trunk & credentials" "F1: this screen's help"
wait_for "Password: the SIP password" "... with the focused field's hint"
keys Enter
wait_gone "Help: Trunk" || true

# Esc on Review returns to where Ctrl-X was pressed
keys C-x
wait_for "9/9 Review"
keys Escape
wait_for "2/9 Trunk & credentials" "Esc on Review: back to the screen of Ctrl-X"
# ... and once the flow is walked forward to Review, Esc steps back one
# screen, not to where an earlier Ctrl-X was pressed
for n in 3 4 5 6 7 8 9; do keys C-n; wait_for "$n/9 "; done
keys Escape
wait_for "8/9 Advanced" "walked to Review: Esc goes one screen back"
keys C-x
wait_for "9/9 Review"
keys Escape
wait_for "8/9 Advanced"
for n in 7 6 5 4 3 2; do keys Escape; wait_for "$n/9 "; done

# the next trunk starts with the password hidden again
keys Escape
wait_for "1/9 Provider"
keys Escape
wait_for "Trunks trunkwiz manages"
keys n
wait_for "Start a new trunk?"
keys y
choose_provider "generic" "Other (generic)" || true
focus "Password"
typ "newpw"
wait_for "5 characters, hidden" "the next trunk's password is hidden again"
screen_lacks "newpw" "... not shown"
keys C-c
wait_for "Quit without writing?"
keys y
wait_exit "quit"
$TM kill-server

# a context that clashes with the admin's is said under its field as it
# is typed, and Review's Enter goes there (it went nowhere)
fresh rich
tui_start
choose_provider "generic" "Other (generic)" || true
focus "SIP server"
typ "sip.example.com"
focus "Username"
typ "u"
focus "Password"
typ "p"
keys C-n C-n C-n C-n
wait_for "6/9 Dialing"
focus "Outbound context"
keys C-u
typ "from-internal"
wait_for "[from-internal] is already in your dialplan" "a clash shows under the field as typed"
keys C-x
wait_for "9/9 Review"
wait_for "Dialing > Outbound context" "Review names the field"
i=0
# Enter on the identify warning: its text on the message line, cut after a
# word when too long (it was cut in the middle of one)
until screen | grep -q "> warning *Identify" || [ $i -ge 10 ]; do keys Down; i=$((i + 1)); done
keys Enter
wait_for "4/9 Identify"
wait_for "host name 'sip.example.com'" "the warning is on the message line"
if screen | sed -n 23p | grep -q "[a-z']\.\.\.\$"; then ok "a long message is cut after a word, with ..."; else
	not_ok "a long message is cut in the middle of a word"; screen | sed 's/^/    | /'; fi
keys C-x
wait_for "9/9 Review"
i=0
until screen | grep -q "> error *Dialing > Outbound context" || [ $i -ge 10 ]; do keys Down; i=$((i + 1)); done
keys Enter
wait_for "> Outbound context" "Enter on it goes to the field"
keys C-c
wait_for "Quit without writing?"
keys y
wait_exit "quit"
$TM kill-server

# Edit: a new region moves the identify entry naming the old server
fresh
printf 'pw\n' >"$T_TMP/pw"
run "$TW_BIN" -C "$CFG" -P "$TW_PROVIDERS" apply -p voipms name=vms username=100000 \
	password_file="$T_TMP/pw" server=atlanta2.voip.ms identify=atlanta2.voip.ms,192.0.2.99 \
	create_transport=yes
expect_rc 0 "a VoIP.ms trunk with its own identify list"
tui_start
wait_for "Trunks trunkwiz manages"
keys Down
keys e
wait_for "Edit | 1/8 Trunk & credentials"
focus "Region"
keys Right
wait_for "< chicago: chicago4.voip.ms >" "Right: the next region"
keys C-n C-n
wait_for "3/8 Identify"
wait_for "chicago4.voip.ms" "identify follows to the new server"
screen_lacks "atlanta2.voip.ms" "... and no longer names the old one"
wait_for "192.0.2.99" "the admin's other entries stay"
keys C-c
wait_for "Quit without writing?"
keys y
wait_exit "quit"
$TM kill-server

# one file to change is "1 file changes", not "1 files change": editing a
# trunk whose generated file the admin touched rewrites that file alone
fresh
run "$TW_BIN" -C "$CFG" -P "$TW_PROVIDERS" apply -p generic name=one username=u \
	password_file="$T_TMP/pw" server=sip.example.com create_transport=yes
expect_rc 0 "a generic trunk applied with the CLI"
printf '; a line the admin added\n' >>"$CFG/trunkwiz/one-pjsip.conf"
tui_start
wait_for "Trunks trunkwiz manages"
keys Down
keys e
wait_for "Edit | 1/8 Trunk & credentials"
keys C-x
wait_for "Ready: 1 file changes. Ctrl-X or F10 writes it" "one file: singular wording"
screen_lacks "1 files" "... never '1 files'"
keys C-c
wait_exit "no answer changed: Ctrl-C quits at once"
$TM kill-server

# a wide window shows the provider's whole name (it was cut at 20)
fresh
tui_start
$TM resize-window -x 200 -y 30
choose_provider "twilio" "Twilio" || true
wait_for "Twilio Elastic SIP Trunking" "a wide window shows the whole provider name"
keys C-c
keys y
wait_exit "quit"
t_done
