#!/bin/sh
# roster.sh: the roster benchmark. A month for 40 staff on the demo office's
# windows: solve time (wall clock, best of 10, and instructions counted by
# callgrind inside the solver), the fairness spread against its bound, and
# the share of preferences honoured. Targets: under 100 ms, spread within 1
# of the bound.
# Usage: bench/roster.sh [BUILD-DIR]   (default: _build/default)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/_build/default}
"$top/scripts/build.sh" "$build"
(cd "$build" && make -s bench/bench_roster)
bin="$build/bench/bench_roster"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$bin" 10 | tee "$out/run"
valgrind --tool=callgrind --callgrind-out-file="$out/cg" --toggle-collect=bench_solve \
    "$bin" 1 >/dev/null 2>"$out/vg"
ir=$(sed -n 's/^summary: *//p; s/^totals: *//p' "$out/cg" | head -n1 | cut -d' ' -f1)
ms=$(sed -n 's/^solve_ms //p' "$out/run")
awk -v ir="$ir" -v ms="$ms" 'BEGIN {
    printf "instructions %d\ntarget_ms 100\nratio_to_target %.3f (below 1 meets the target)\n", ir, ms / 100
}'
