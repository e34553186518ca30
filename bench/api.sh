#!/bin/sh
# api.sh: the HTTP API benchmark, all on 127.0.0.1 with bounded durations.
#  1. slot queries (a month of one service) with wrk against a bare
#     libmicrohttpd server answering a constant (bench_hello): ratio, target >= 0.6;
#     also the same with the range varied on every request (mostly computed,
#     not served from the slot cache), for information;
#  2. booking creation at 16 concurrent clients against a bare SQLite loop of
#     the same check + insert per transaction, WAL + synchronous=FULL
#     (bench_sqlite_book): ratio (target >= 0.7), p50/p99, and the server's
#     peak RSS (VmHWM; target < 32 MiB).
# The machine is shared and noisy, so each comparison alternates subject and
# baseline ROUNDS times and reports the median of the per-round ratios.
# Usage: bench/api.sh [BUILD-DIR] (default: _build/default). Environment: ROUNDS (3),
# SECS (4, seconds per run).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/_build/default}
"$top/scripts/build.sh" "$build"
secs=${SECS:-4}
rounds=${ROUNDS:-3}
py=/usr/bin/python3
command -v wrk >/dev/null || { echo "api.sh: wrk is missing (apt-get install wrk)"; exit 1; }
(cd "$build" && make -s flexhours bench/bench_hello bench/bench_sqlite_book)
bin=$build/flexhours
work=$(mktemp -d)
pids=""
. "$top/bench/lib.sh"

export FLEXHOURS_NOW=2026-03-02T10:00:00+08:00

# ---- 1. slot queries ----------------------------------------------------------
hport=$(free_port)
"$build/bench/bench_hello" "$hport" 4 & pids="$pids $!"
sport=$(free_port)
"$bin" serve --db "$work/demo.db" --listen "127.0.0.1:$sport" 2>"$work/demo.log" & srv=$!
pids="$pids $srv"
wait_up "$hport"; wait_up "$sport"
q="/api/v1/offices/taichung-south/slots?service=marriage&from=2026-03-02&to=2026-04-01"
$py -c "import urllib.request,json; b=urllib.request.urlopen('http://127.0.0.1:$sport$q').read(); print('slot query: a month of marriage slots, %d bookable at the pinned now, %d bytes' % (len(json.loads(b)['slots']), len(b)))"
: >"$work/r_slots"; : >"$work/r_varied"
for r in $(seq "$rounds"); do
    wrk -t2 -c32 -d"${secs}s" --latency "http://127.0.0.1:$hport/healthz" >"$work/hello.txt"
    wrk -t2 -c32 -d"${secs}s" --latency "http://127.0.0.1:$sport$q" >"$work/slots.txt"
    wrk -t2 -c32 -d"${secs}s" --latency -s "$top/bench/api_slots.lua" "http://127.0.0.1:$sport" \
        >"$work/varied.txt"
    set -- $(wrk_figures "$work/hello.txt"); h=$1
    set -- $(wrk_figures "$work/slots.txt"); s=$1; sp="p50 $2 ms, p99 $3 ms, non-2xx $4"
    set -- $(wrk_figures "$work/varied.txt"); v=$1; vp="p50 $2 ms, p99 $3 ms, non-2xx $4"
    echo "round $r: hello $h req/s | slots $s req/s ($sp) | varied $v req/s ($vp)"
    ratio "$s" "$h" >>"$work/r_slots"; ratio "$v" "$h" >>"$work/r_varied"
done
echo "slots_ratio $(median <"$work/r_slots") (median of $rounds; target >= 0.6)"
echo "slots_varied_ratio $(median <"$work/r_varied") (for information)"
echo "slots_server_peak_rss $(awk '/^VmHWM:/ {printf "%.1f MiB", $2 / 1024}' /proc/$srv/status)"
for p in $pids; do kill "$p" 2>/dev/null || true; done
wait 2>/dev/null || true
pids=""

# ---- 2. booking creation ------------------------------------------------------
# The demo office with room for every request: the largest capacity a window
# may have, booking open a year ahead, no per-person limits; the requests
# cycle over every weekday start of that year.
"$bin" demo-config | $py -c '
import json, sys, datetime
cfg = json.load(sys.stdin)
o = cfg["offices"][0]
o["limits"] = {"per_person_per_day": 0, "per_person_per_service": 0}
cfg["rate_limit"] = {"per_minute": 0, "failures_per_minute": 0, "connections_per_client": 0}
for w in o["windows"]:
    w["capacity"] = 1000
    w["horizon"] = {"days": 366, "count": "calendar", "at": "00:00"}
json.dump(cfg, open(sys.argv[1], "w"))
d = datetime.date(2026, 3, 3)
with open(sys.argv[2], "w") as f:
    while d < datetime.date(2027, 2, 28):
        if d.weekday() < 5:
            for t in ("08:00", "09:00", "10:00", "11:00", "14:00", "15:00", "16:00"):
                f.write("%sT%s:00+08:00\n" % (d.isoformat(), t))
        d += datetime.timedelta(days=1)
' "$work/bench.json" "$work/starts.txt"
port=$(free_port)
"$bin" serve --config "$work/bench.json" --db "$work/book.db" --listen "127.0.0.1:$port" \
    2>"$work/book.log" & srv=$!
pids="$srv"
wait_up "$port"
: >"$work/r_book"
for r in $(seq "$rounds"); do
    FH_ROUND=$r FH_STARTS="$work/starts.txt" wrk -t2 -c16 -d"${secs}s" --latency \
        -s "$top/bench/api_book.lua" "http://127.0.0.1:$port" >"$work/book.txt" 2>"$work/book.err"
    "$build/bench/bench_sqlite_book" "$work/bare.db" "$secs" >"$work/bare.txt"
    set -- $(wrk_figures "$work/book.txt"); b=$1
    bare=$(awk '/^tx_per_s/ {t=$2} /^p50_ms/ {a=$2} /^p99_ms/ {c=$2} END {printf "%s tx/s (p50 %s ms, p99 %s ms)", t, a, c}' "$work/bare.txt")
    echo "round $r: API $b bookings/s (p50 $2 ms, p99 $3 ms, non-201 $4) | bare SQLite $bare"
    ratio "$b" "$(awk '/^tx_per_s/ {print $2}' "$work/bare.txt")" >>"$work/r_book"
    [ -s "$work/book.err" ] && sed -n 1,3p "$work/book.err"
done
echo "bookings_ratio $(median <"$work/r_book") (median of $rounds; target >= 0.7)"
echo "server_peak_rss $(awk '/^VmHWM:/ {printf "%.1f MiB", $2 / 1024}' /proc/$srv/status) (target < 32)"
exit 0
