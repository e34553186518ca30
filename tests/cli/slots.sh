# slots.sh: `flexhours slots` as a user runs it: the table, the JSON the API
# shares, and a clear message with a non-zero exit for every bad input.
. "${FLEXHOURS_SRCDIR:?}/tests/cli/lib.sh"
export FLEXHOURS_NOW=2026-11-22T10:00:00+08:00
common="--office taichung-south --service marriage"

run 0 slots $common --from 2026-11-23 --to 2026-11-29
out_has "2026-11-23  Mon  workday         regular   08:00  09:00  3/3"
out_has "2026-11-29  Sun  restday         holiday   09:00  10:00  2/2"
out_has "^97 slots"

run 0 slots $common --from 2026-11-29 --to 2026-11-29 --json
/usr/bin/python3 - "$scratch/out" <<'PY' || fail "the JSON is not the API's slots object"
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["office"] == "taichung-south" and doc["service"] == "marriage", doc
assert [s["start"] for s in doc["slots"]] == [
    "2026-11-29T%s:00+08:00" % t for t in ("09:00", "09:30", "10:00", "10:30", "11:00")], doc
assert all(set(s) == {"start", "end", "window", "remaining"} for s in doc["slots"])
assert doc["slots"][0]["end"] == "2026-11-29T10:00:00+08:00"
assert {s["window"] for s in doc["slots"]} == {"holiday"} and doc["slots"][0]["remaining"] == 2
PY

# Booking has not opened for dates beyond the 7-day horizon; --all shows them.
run 0 slots $common --from 2026-12-07 --to 2026-12-07
out_has "^0 slots"
run 0 slots $common --from 2026-12-07 --to 2026-12-07 --all
out_has "^17 slots"

# A whole year is allowed, a day more is not.
run 0 slots $common --from 2026-01-01 --to 2026-12-31 --all
out_has "^2026-01-02  Fri  workday "
out_has "^2026-12-31  Thu  workday "
run 64 slots $common --from 2026-01-01 --to 2027-01-02
err_has "at most 366"

run 65 slots --office nowhere --service marriage --from 2026-11-23 --to 2026-11-29
err_has "unknown office 'nowhere'"
err_has "known offices: taichung-south"
run 65 slots --office taichung-south --service divorce --from 2026-11-23 --to 2026-11-29
err_has "no service 'divorce'"
run 64 slots $common --from 2026-02-30 --to 2026-03-01
err_has "no such day in that month"
run 64 slots $common --from 2026/11/23 --to 2026-11-29
err_has "YYYY-MM-DD"
run 64 slots $common --from 2026-11-29 --to 2026-11-23
err_has "before --from"
run 64 slots $common --from 2026-11-23
err_has "usage"
run 64 slots $common --from 2026-11-23 --to 2026-11-29 --colour
err_has "unknown option '--colour'"
FLEXHOURS_NOW=yesterday run 64 slots $common --from 2026-11-23 --to 2026-11-29
err_has "FLEXHOURS_NOW"

# Configuration errors name the file and the JSON path.
printf '{"offices": [{"id": "x", "name": {"zh": "x", "en": "x"}, "services": [], "windows": []}]}' >"$scratch/c.json"
run 78 slots --config "$scratch/c.json" $common --from 2026-11-23 --to 2026-11-29
err_has "c.json: offices\[0\].services: must be a non-empty array"
run 78 slots --config "$scratch/missing.json" $common --from 2026-11-23 --to 2026-11-29
err_has "missing.json: No such file"

# The demo configuration printed by demo-config loads back as a file.
run 0 demo-config
out_has '"taichung-south"'
cp "$scratch/out" "$scratch/demo.json"
run 0 slots --config "$scratch/demo.json" $common --from 2026-11-23 --to 2026-11-29
out_has "^97 slots"

run 0 version
out_has "^flexhours "
run 64 frobnicate
err_has "unknown command"
finish
