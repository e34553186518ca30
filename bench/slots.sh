#!/bin/sh
# slots.sh: the scheduler benchmark. A whole year of slots for every service of
# the demo office with 20,000 bookings taken: slots per second on this
# machine, and instructions per slot counted by callgrind inside the measured
# function (repeatable whatever the machine's load). Target: < 300.
# Usage: bench/slots.sh [BUILD-DIR]   (default: _build/default)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/_build/default}
"$top/scripts/build.sh" "$build"
(cd "$build" && make -s bench/bench_slots)
bin="$build/bench/bench_slots"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

"$bin" 5 | tee "$out/wall"
valgrind --tool=callgrind --callgrind-out-file="$out/cg" \
    --toggle-collect=bench_year_of_slots "$bin" 1 >/dev/null 2>"$out/vg"
ir=$(sed -n 's/^summary: *//p; s/^totals: *//p' "$out/cg" | head -n1 | cut -d' ' -f1)
slots=$(sed -n 's/^slots //p' "$out/wall")
awk -v ir="$ir" -v slots="$slots" 'BEGIN {
    per = ir / slots
    printf "instructions %d\ninstructions_per_slot %.1f\ntarget_per_slot 300\nratio_to_target %.2f (below 1 meets the target)\n", ir, per, per / 300
}'
