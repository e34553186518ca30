#!/bin/sh
# web.sh: the citizens' pages benchmark, all on 127.0.0.1 with bounded durations.
#  1. the day-choice page of a month (the page a rush asks for most) against
#     the JSON slots endpoint for the same month and service, both as a
#     browser and a client ask for them again and again: ratio, target >= 0.5;
#     also both computed afresh on every request (the day page with an
#     argument it ignores, the slots with a month's range moved over 784
#     ranges, as bench/api.sh does), for information;
#  2. the weight of each page of the booking flow with everything it loads
#     (the stylesheet and the icon): target <= 30 KiB each, no web font, no
#     other site.
# The machine is shared and noisy, so each comparison alternates subject and
# baseline ROUNDS times and reports the median of the per-round ratios.
# Usage: bench/web.sh [BUILD-DIR] (default: _build/default). Environment: ROUNDS (3),
# SECS (4, seconds per run).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/_build/default}
"$top/scripts/build.sh" "$build"
secs=${SECS:-4}
rounds=${ROUNDS:-3}
py=/usr/bin/python3
command -v wrk >/dev/null || { echo "web.sh: wrk is missing (apt-get install wrk)"; exit 1; }
(cd "$build" && make -s flexhours)
bin=$build/flexhours
work=$(mktemp -d)
pids=""
. "$top/bench/lib.sh"

export FLEXHOURS_NOW=2026-03-02T10:00:00+08:00
port=$(free_port)
"$bin" serve --db "$work/demo.db" --listen "127.0.0.1:$port" 2>"$work/serve.log" & srv=$!
pids="$srv"
wait_up "$port"
base="http://127.0.0.1:$port"

# ---- 1. the day page against the JSON slots -------------------------------------
page="/o/taichung-south/book/day?service=marriage&month=2026-03"
json="/api/v1/offices/taichung-south/slots?service=marriage&from=2026-03-01&to=2026-03-31"
$py -c "
import urllib.request
p = urllib.request.urlopen('$base$page').read()
j = urllib.request.urlopen('$base$json').read()
print('day page: a month of marriage, %d bytes; slots JSON of the same month, %d bytes' % (len(p), len(j)))"
cat >"$work/page_varied.lua" <<'EOF'
local n = 0
function setup(thread) thread:set("offset", math.random(0, 1000000)) end
function request()
  n = n + 1
  return wrk.format("GET", string.format(
    "/o/taichung-south/book/day?service=marriage&month=2026-03&r=%d", n + offset))
end
EOF
: >"$work/r_page"; : >"$work/r_varied"
for r in $(seq "$rounds"); do
    wrk -t2 -c32 -d"${secs}s" --latency "$base$json" >"$work/json.txt"
    wrk -t2 -c32 -d"${secs}s" --latency "$base$page" >"$work/page.txt"
    wrk -t2 -c32 -d"${secs}s" --latency -s "$top/bench/api_slots.lua" "$base" >"$work/jv.txt"
    wrk -t2 -c32 -d"${secs}s" --latency -s "$work/page_varied.lua" "$base" >"$work/pv.txt"
    set -- $(wrk_figures "$work/json.txt"); j=$1
    set -- $(wrk_figures "$work/page.txt"); p=$1; pp="p50 $2 ms, p99 $3 ms, non-2xx $4"
    set -- $(wrk_figures "$work/jv.txt"); jv=$1
    set -- $(wrk_figures "$work/pv.txt"); pv=$1; pvp="p50 $2 ms, p99 $3 ms, non-2xx $4"
    echo "round $r: slots JSON $j req/s | day page $p req/s ($pp) | computed: JSON $jv, page $pv req/s ($pvp)"
    ratio "$p" "$j" >>"$work/r_page"; ratio "$pv" "$jv" >>"$work/r_varied"
done
echo "day_page_ratio $(median <"$work/r_page") (median of $rounds; target >= 0.5)"
echo "day_page_computed_ratio $(median <"$work/r_varied") (for information)"
echo "server_peak_rss $(awk '/^VmHWM:/ {printf "%.1f MiB", $2 / 1024}' /proc/$srv/status)"

# ---- 2. page weights --------------------------------------------------------------
$py - "$base" <<'EOF'
import re, sys, urllib.request
base = sys.argv[1]
pages = [
    ("home", "/"),
    ("service", "/o/taichung-south/book"),
    ("day", "/o/taichung-south/book/day?service=marriage"),
    ("time", "/o/taichung-south/book/time?service=id_replacement&day=2026-03-03"),
    ("details", "/o/taichung-south/book/details?service=marriage&start=2026-03-07T08%3A00%3A00%2B08%3A00"),
    ("find", "/find"),
    ("english home", "/?lang=en"),
]
worst = 0
for name, path in pages:
    body = urllib.request.urlopen(base + path).read()
    text = body.decode()
    loads = set(re.findall(r'(?:href|src)="(/static/[^"]+)"', text))
    other = re.findall(r'(?:href|src)="(https?:)?//', text)
    fonts = re.findall(r"@font-face|\.woff", text)
    total = len(body) + sum(len(urllib.request.urlopen(base + u).read()) for u in loads)
    worst = max(worst, total)
    print("page %-13s %5.1f KiB with %s%s" % (name, total / 1024, ", ".join(sorted(loads)),
          "; LOADS FROM ANOTHER SITE" if other else "") + ("; WEB FONT" if fonts else ""))
print("heaviest_page %.1f KiB (target <= 30)" % (worst / 1024))
EOF
