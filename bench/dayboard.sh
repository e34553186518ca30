#!/bin/sh
# dayboard.sh: the counter's day board against the JSON of the same day, all
# on 127.0.0.1 with bounded durations. An office with 300 bookings on one
# day (every window's capacity raised to hold them); the board page
# (/admin/day, a counter's session) and the manager's JSON day
# (GET /api/v1/offices/{office}/bookings?date=, a bearer token) asked for
# again and again, alternating ROUNDS times: the ratio of their rates, target
# >= 0.5 (the page is HTML through the escaping writer with the documents of
# every booking, the JSON a jansson tree of the same bookings).
# Usage: bench/dayboard.sh [BUILD-DIR] (default: _build/default). Environment: ROUNDS
# (3), SECS (4, seconds per run).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/_build/default}
secs=${SECS:-4}
rounds=${ROUNDS:-3}
py=/usr/bin/python3
command -v wrk >/dev/null || { echo "dayboard.sh: wrk is missing (apt-get install wrk)"; exit 1; }
"$top/scripts/build.sh" "$build"
(cd "$build" && make -s flexhours)
bin=$build/flexhours
work=$(mktemp -d)
pids=""
. "$top/bench/lib.sh"

export FLEXHOURS_NOW=2026-03-02T10:00:00+08:00
token=bench-manager-token
# The demo office, every window taking 15 at once (21 half-hour slots on a
# working day: 315 places), and a manager's token of our own.
"$bin" demo-config | $py -c "
import hashlib, json, sys
cfg = json.load(sys.stdin)
for w in cfg['offices'][0]['windows']:
    w['capacity'] = 15
cfg['managers'] = [{'name': 'bench', 'token_sha256': hashlib.sha256(b'$token').hexdigest()}]
cfg['rate_limit'] = {'per_minute': 0, 'failures_per_minute': 0, 'connections_per_client': 0}
json.dump(cfg, open('$work/site.json', 'w'))"
printf 'bench-password-1\n' | "$bin" user add clerk --name "櫃台" --role counter \
    --offices taichung-south --config "$work/site.json" --db "$work/board.db" >/dev/null
port=$(free_port)
"$bin" serve --config "$work/site.json" --db "$work/board.db" --listen "127.0.0.1:$port" \
    2>"$work/serve.log" & srv=$!
pids="$srv"
wait_up "$port"
base="http://127.0.0.1:$port"

# 300 bookings of Tuesday, 300 people, and a counter's session cookie.
cookie=$($py - "$base" "$top/tests/e2e" <<'EOF'
import http.client, json, re, sys, urllib.parse
base, lib = sys.argv[1], sys.argv[2]
sys.path.insert(0, lib)
sys.dont_write_bytecode = True
import fhtest
host, port = base[7:].split(":")
conn = http.client.HTTPConnection(host, int(port), timeout=30)
starts = []
for h in range(8, 18):
    for m in (0, 30):
        starts.append("2026-03-03T%02d:%02d:00+08:00" % (h, m))
starts.append("2026-03-03T18:00:00+08:00")
made = 0
for i in range(300):
    start = starts[i % len(starts)]
    body = json.dumps({"office": "taichung-south", "service": "name_change", "start": start,
                       "name": "測試 %d" % i, "national_id": fhtest.national_id(1000 + i),
                       "phone": "09%08d" % (i + 1), "lang": "zh-TW"})
    conn.request("POST", "/api/v1/bookings", body, {"Content-Type": "application/json"})
    r = conn.getresponse(); r.read()
    made += r.status == 201
if made != 300:
    sys.exit("dayboard.sh: %d of 300 bookings taken" % made)
conn.request("GET", "/admin/signin"); r = conn.getresponse()
csrf = re.search(r'name="csrf" value="([^"]+)"', r.read().decode()).group(1)
conn.request("POST", "/admin/signin", urllib.parse.urlencode(
    {"csrf": csrf, "name": "clerk", "password": "bench-password-1"}),
    {"Content-Type": "application/x-www-form-urlencoded"})
r = conn.getresponse(); r.read()
print(r.getheader("Set-Cookie").split(";")[0])
EOF
)
page="/admin/day?office=taichung-south&date=2026-03-03"
json="/api/v1/offices/taichung-south/bookings?date=2026-03-03"
$py -c "
import urllib.request
p = urllib.request.urlopen(urllib.request.Request('$base$page', headers={'Cookie': '$cookie'})).read()
j = urllib.request.urlopen(urllib.request.Request('$base$json', headers={'Authorization': 'Bearer $token'})).read()
assert p.count(b'id=\"row-') == 300, 'the board does not show the 300 bookings'
print('day board: 300 bookings, %d bytes; JSON day, %d bytes' % (len(p), len(j)))"
: >"$work/r_board"
for r in $(seq "$rounds"); do
    wrk -t2 -c16 -d"${secs}s" --latency -H "Authorization: Bearer $token" "$base$json" >"$work/json.txt"
    wrk -t2 -c16 -d"${secs}s" --latency -H "Cookie: $cookie" "$base$page" >"$work/page.txt"
    set -- $(wrk_figures "$work/json.txt"); j=$1; jp="p50 $2 ms, p99 $3 ms, non-2xx $4"
    set -- $(wrk_figures "$work/page.txt"); p=$1; pp="p50 $2 ms, p99 $3 ms, non-2xx $4"
    echo "round $r: JSON day $j req/s ($jp) | day board $p req/s ($pp)"
    ratio "$p" "$j" >>"$work/r_board"
done
echo "dayboard_ratio $(median <"$work/r_board") (median of $rounds; target >= 0.5)"
echo "server_peak_rss $(awk '/^VmHWM:/ {printf "%.1f MiB", $2 / 1024}' /proc/$srv/status)"
