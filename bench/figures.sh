#!/bin/sh
# figures.sh: the managers' figures page for a year of 100,000 bookings of
# one office, against the JSON slots endpoint, in the same run, on 127.0.0.1.
#  1. bench_figures builds the database once, through the store's own
#     functions (kept in BUILD/bench/figures.db for later runs), prints each
#     chart's query plan, the time of the year's figures read through svc/
#     and the queries they took (one a chart);
#  2. wrk asks for the figures page of the year (every answer computed: the
#     page is not cached) and for a month of slots (as clients ask: cached
#     while nothing changes; and with the range moved on every request, so
#     computed), alternating ROUNDS times; the median ratios are printed.
# Usage: bench/figures.sh [BUILD-DIR] (default: _build/default). Environment: ROUNDS
# (3), SECS (4), BOOKINGS (100000).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/_build/default}
secs=${SECS:-4}
rounds=${ROUNDS:-3}
bookings=${BOOKINGS:-100000}
py=/usr/bin/python3
command -v wrk >/dev/null || { echo "figures.sh: wrk is missing (apt-get install wrk)"; exit 1; }
"$top/scripts/build.sh" "$build"
(cd "$build" && make -s flexhours bench/bench_figures)
bin=$build/flexhours
work=$(mktemp -d)
pids=""
. "$top/bench/lib.sh"

# The demo office with 30 counters in every window, so that a year holds
# 100,000 bookings, and a known manager's token.
token=bench-manager-token
config=$build/bench/figures.json
db=$build/bench/figures-$bookings.db
"$bin" demo-config | $py -c "
import hashlib, json, sys
c = json.load(sys.stdin)
for w in c['offices'][0]['windows']:
    w['capacity'] = 30
c['managers'] = [{'name': 'bench', 'token_sha256': hashlib.sha256(b'$token').hexdigest()}]
json.dump(c, open('$config', 'w'), ensure_ascii=False)"
from=2025-03-02
to=2026-03-01
"$build/bench/bench_figures" "$config" "$db" "$from" "$to" "$bookings" 2>/dev/null

export FLEXHOURS_NOW=2026-03-02T10:00:00+08:00
# A manager account for the page (the API takes the token).
printf 'bench-password-1\n' | "$bin" user add bench --name Bench --role manager \
    --offices taichung-south --config "$config" --db "$db" >/dev/null 2>&1 || true
port=$(free_port)
"$bin" serve --config "$config" --db "$db" --listen "127.0.0.1:$port" 2>"$work/serve.log" & srv=$!
pids="$srv"
wait_up "$port"
base="http://127.0.0.1:$port"
page="/admin/offices/taichung-south/figures?from=$from&to=$to"
json="/api/v1/offices/taichung-south/slots?service=id_replacement&from=2026-03-02&to=2026-03-31"
cookie=$($py - "$base" "$page" "$token" <<'PY'
import json, re, sys, time, urllib.parse, urllib.request
base, page, token = sys.argv[1:]
h = {"Authorization": "Bearer " + token}
# Sign in as a manager does: the form's token, then the session cookie.
form = urllib.request.urlopen(base + "/admin/signin").read().decode()
csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
class Keep(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a): return None
try:
    urllib.request.build_opener(Keep).open(base + "/admin/signin", urllib.parse.urlencode(
        {"csrf": csrf, "name": "bench", "password": "bench-password-1"}).encode())
except urllib.error.HTTPError as e:
    cookie = e.headers["Set-Cookie"].split(";")[0]
page_h = {"Cookie": cookie}
t = time.monotonic()
body = urllib.request.urlopen(urllib.request.Request(base + page, headers=page_h)).read()
t = time.monotonic() - t
api = page.replace("/admin/offices/", "/api/v1/offices/")
doc = json.load(urllib.request.urlopen(urllib.request.Request(base + api, headers=h)))
charts = len({r["chart"] for r in doc["rows"]})
print("figures page of a year: %d bytes, first answer %.0f ms; %d queries for %d charts (%.0f a chart)"
      % (len(body), t * 1000, doc["queries"], charts, doc["queries"] / charts), file=sys.stderr)
print(cookie)
PY
)
: >"$work/r_cached"; : >"$work/r_computed"
for r in $(seq "$rounds"); do
    wrk -t2 -c8 -d"${secs}s" --latency -H "Cookie: $cookie" "$base$page" >"$work/page.txt"
    wrk -t2 -c8 -d"${secs}s" --latency "$base$json" >"$work/json.txt"
    wrk -t2 -c8 -d"${secs}s" --latency -s "$top/bench/api_slots.lua" "$base" >"$work/jv.txt"
    set -- $(wrk_figures "$work/page.txt"); p=$1; pp="p50 $2 ms, p99 $3 ms, non-2xx $4"
    set -- $(wrk_figures "$work/json.txt"); j=$1; jp="p50 $2 ms"
    set -- $(wrk_figures "$work/jv.txt"); jv=$1; jvp="p50 $2 ms"
    echo "round $r: figures page $p req/s ($pp) | slots JSON $j req/s ($jp) | slots computed $jv req/s ($jvp)"
    ratio "$j" "$p" >>"$work/r_cached"; ratio "$jv" "$p" >>"$work/r_computed"
done
# A page of a year of figures is a much larger answer than a month of
# slots: the ratio says how many slot answers one figures page costs.
echo "slots_answers_per_figures_page $(median <"$work/r_cached") (median of $rounds; the slots as cached)"
echo "computed_slots_answers_per_figures_page $(median <"$work/r_computed") (median of $rounds)"
echo "server_peak_rss $(awk '/^VmHWM:/ {printf "%.1f MiB", $2 / 1024}' /proc/$srv/status)"
