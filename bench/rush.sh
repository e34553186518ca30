#!/bin/sh
# rush.sh: 6,000 couples for one lucky day's places, first come and by a
# draw, on 127.0.0.1 (bench/rush.py says what is measured). Figures are
# printed with what they are; every place is taken exactly once in both
# (exit 1 when not). Usage: bench/rush.sh [BUILD-DIR] (default:
# _build/default). Environment: COUPLES (6000), CLIENTS (32), CAPACITY (10,
# places a time of the day).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/_build/default}
"$top/scripts/build.sh" "$build" >/dev/null
(cd "$build" && make -s flexhours)
exec /usr/bin/python3 "$top/bench/rush.py" "$build/flexhours"
