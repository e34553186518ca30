# man.sh: the man pages render without a warning (groff -ww, man --warnings)
# and cannot drift from the program: flexhours(1) has a section for every
# command `flexhours --help` lists (and none for a command that is gone),
# naming every option of the command's own usage there; flexhours.conf(5)
# names every key config/cfg_load.c accepts, the top-level ones as entries
# of its TOP-LEVEL KEYS.
. "${FLEXHOURS_SRCDIR:?}/tests/cli/lib.sh"
need groff groff-base
need man man-db
page1="$FLEXHOURS_SRCDIR/docs/flexhours.1"
page5="$FLEXHOURS_SRCDIR/docs/flexhours.conf.5"
loader="$FLEXHOURS_SRCDIR/config/cfg_load.c"

# roff writes a hyphen of an option or a name as \-.
roff() { printf '%s' "$1" | sed 's/-/\\-/g'; }

for page in "$page1" "$page5"; do
    name=$(basename "$page")
    groff -man -Tutf8 -ww -z "$page" >"$scratch/groff" 2>&1 || fail "groff failed on $name"
    [ -s "$scratch/groff" ] && fail "groff warns on $name: $(head -n 5 "$scratch/groff")"
    LC_ALL=C.UTF-8 MANWIDTH=80 MAN_DISABLE_SECCOMP=1 man --warnings -l "$page" \
        >"$scratch/page.txt" 2>"$scratch/man.err" || fail "man -l failed on $name"
    [ -s "$scratch/man.err" ] && fail "man warns on $name: $(head -n 5 "$scratch/man.err")"
    for heading in NAME SYNOPSIS DESCRIPTION "SEE ALSO"; do
        grep -q "^$heading\$" "$scratch/page.txt" || fail "$name renders without $heading"
    done
done
LC_ALL=C.UTF-8 MANWIDTH=80 MAN_DISABLE_SECCOMP=1 man -l "$page1" >"$scratch/page1.txt" 2>/dev/null
for status in 0 1 64 65 78; do
    grep -q "^       $status  " "$scratch/page1.txt" || fail "flexhours(1) EXIT STATUS lacks $status"
done

# Every command of the binary's own list has its section, with every option
# of its usage (the usage lines, not the line on --config and --db that
# every command shares: those are under COMMON OPTIONS).
"$bin" --help >"$scratch/help" || fail "flexhours --help failed"
commands=$(sed -n 's/^  \([a-z][a-z-]*\).*/\1/p' "$scratch/help")
[ "$(echo "$commands" | wc -w)" -ge 12 ] || fail "flexhours --help lists too few commands: $commands"
for command in $commands; do
    heading=".SS $(roff "$command")"
    if ! grep -qxF "$heading" "$page1"; then
        fail "flexhours(1) has no section '$heading' for the command $command"
        continue
    fi
    awk -v h="$heading" '$0 == h { on = 1; next } on && /^\.S[HS] / { exit } on' "$page1" \
        >"$scratch/section"
    "$bin" "$command" --help | grep -v '^Every command also takes' >"$scratch/usage"
    for option in $(grep -o -- '--[a-z][a-z-]*' "$scratch/usage" | sort -u); do
        grep -qF -- "$(roff "$option")" "$scratch/section" ||
            fail "flexhours(1), section $command, does not name $option"
    done
done
for option in --config --db --help; do
    grep -qF -- "$(roff "$option")" "$page1" || fail "flexhours(1) does not name $option"
done
# ...and no section for a command the binary does not have.
for heading in $(awk '/^\.SH COMMANDS/ { on = 1; next } on && /^\.SH / { exit } on && /^\.SS / { print $2 }' "$page1" | sed 's/\\-/-/g'); do
    echo "$commands" | grep -qx -- "$heading" || fail "flexhours(1) documents '$heading', which flexhours --help does not list"
done

# The keys of the loader: the names of its tables of fields, its lists of
# keys read by hand (extra[]), and the keys it takes out of the root.
keys=$({
    grep -o '{"[a-z_]*", F_' "$loader" | sed 's/{"\([a-z_]*\)".*/\1/'
    awk '/extra\[\] = \{/ { on = 1 } on { print } on && /\};/ { on = 0 }' "$loader" |
        grep -o '"[a-z_]*"' | tr -d '"'
    grep -o 'json_object_get(root, "[a-z_]*")' "$loader" | sed 's/.*"\([a-z_]*\)".*/\1/'
} | sort -u)
[ "$(echo "$keys" | wc -w)" -ge 60 ] || fail "too few keys found in config/cfg_load.c: $keys"
for key in $keys; do
    grep -qE "^\.(B|BR|BI|RB|IB) (.* )?\"?$key\"?( |,|$)" "$page5" ||
        fail "flexhours.conf(5) does not name the key $key"
done
top=$({
    awk '/^static const struct field top_fields\[\]/ { on = 1 } on { print } on && /^\};/ { exit }' "$loader" |
        grep -o '{"[a-z_]*", F_' | sed 's/{"\([a-z_]*\)".*/\1/'
    awk '/^static fh_result read_config\(/ { on = 1 } on && /extra\[\] = \{/ { ex = 1 } ex { print } ex && /\};/ { exit }' "$loader" |
        grep -o '"[a-z_]*"' | tr -d '"'
    grep -o 'json_object_get(root, "[a-z_]*")' "$loader" | sed 's/.*"\([a-z_]*\)".*/\1/'
} | sort -u)
for key in listen public_url database key_file offices smtp sms managers notifier rate_limit comment; do
    echo "$top" | grep -qx "$key" || fail "the top-level key $key was not found in config/cfg_load.c (has the loader changed shape?)"
done
awk '/^\.SH "TOP-LEVEL KEYS"/ { on = 1; next } on && /^\.SH / { exit } on && prev == ".TP" { print } { prev = $0 }' \
    "$page5" >"$scratch/entries"
for key in $top; do
    grep -qE "^\.B[R]? $key( |$)" "$scratch/entries" ||
        fail "flexhours.conf(5) has no entry for the top-level key $key under TOP-LEVEL KEYS"
done
finish
