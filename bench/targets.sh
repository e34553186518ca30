#!/bin/sh
# targets.sh: the benchmark figures that do not depend on the machine's load,
# checked against their targets. callgrind counts the instructions inside the
# measured function of each benchmark; the count moves only when the code
# does, so a regression past a target fails the suite (scripts/test.sh) while
# wall-clock figures stay in bench/*.sh, reported and never asserted.
#
#   slots:  a year of slots for every service of the demo office with 20,000
#           bookings: instructions per slot, target < 300 (bench/slots.sh).
#   roster: a month for 40 staff: instructions of one solve, target < 5,000,000.
#           The wall-clock target is 100 ms; 5 M instructions leaves that with
#           a wide margin on any machine and catches a solver that loses its
#           pruning (the measured count is about 2.8 M).
#
# Prints "PASS: NAME figure (target)" or "FAIL: ..." per figure; exits 1 when
# any fails.  Usage: bench/targets.sh BUILD-DIR (built already, not under
# sanitizers: valgrind cannot run an ASan binary).
set -u
build=${1:?usage: bench/targets.sh BUILD-DIR}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
(cd "$build" && make -s bench/bench_slots bench/bench_roster) >&2 || exit 1

# instructions BINARY FUNCTION: callgrind's count inside FUNCTION for one run.
instructions() {
    valgrind --tool=callgrind --callgrind-out-file="$out/cg" --toggle-collect="$2" \
        "$1" 1 >"$out/run" 2>"$out/vg" || { cat "$out/vg" >&2; echo 0; return; }
    sed -n 's/^summary: *//p; s/^totals: *//p' "$out/cg" | head -n1 | cut -d' ' -f1
}

rc=0
# check NAME FIGURE TARGET UNIT: one line; a missing or zero figure fails too.
check() {
    if awk -v f="$2" -v t="$3" 'BEGIN { exit !(f > 0 && f < t) }'; then
        echo "PASS: $1 $2 $4 (target < $3)"
    else
        echo "FAIL: $1 ${2:-none} $4 (target < $3)"
        rc=1
    fi
}

ir=$(instructions "$build/bench/bench_slots" bench_year_of_slots)
slots=$(sed -n 's/^slots //p' "$out/run")
per=$(awk -v ir="$ir" -v s="${slots:-0}" 'BEGIN { if (s > 0) printf "%.1f", ir / s; else print 0 }')
check slots_instructions_per_slot "$per" 300 "instructions per slot"

ir=$(instructions "$build/bench/bench_roster" bench_solve)
check roster_instructions "$ir" 5000000 "instructions per solve"
exit $rc
