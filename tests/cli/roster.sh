# roster.sh: `flexhours roster` on the demo office, as a manager at a
# terminal uses it: generate a month at once (demo staff, no shortfall), the
# table of staff by days, --json in the API's shape, show, publish once, and
# clear refusals of bad options.
. "${FLEXHOURS_SRCDIR:?}/tests/cli/lib.sh"
db="$scratch/roster.db"
export FLEXHOURS_NOW=2026-11-20T09:00:00+08:00

run 0 roster generate --db "$db" --office taichung-south --month 2026-12
out_has "^taichung-south 2026-12: draft, version 1"
out_has "every window instance is staffed"
out_has "N noon, E evening, S Saturday, H holiday duty"
# 124 weighted duties (noon and evening 1, Saturday and holiday 2) over 20
# people: some carry 7 and the others 6, no more apart than that.
out_has "^spread 1 (best possible 1), preferences honoured 11 of 11$"
# One row per person of the demo staff, each ending with their duty count.
rows=$(grep -c '^[a-z][a-z0-9_-]* .* [0-9][0-9]*$' "$scratch/out")
[ "$rows" -ge 15 ] || fail "the table has $rows staff rows, expected the demo staff (about 20)"
# The weighted loads read back from the table: 124 in all, 6 or 7 each.
awk 'NF == 33 && $1 ~ /^[a-z]/ && $NF ~ /^[0-9]+$/ {
        load = 0; rows++
        for (i = 2; i < NF; i++) { if ($i == "N" || $i == "E") load += 1; if ($i == "S" || $i == "H") load += 2 }
        total += load; if (load < 6 || load > 7) bad++
    } END { if (rows != 20 || total != 124 || bad) exit 1 }' "$scratch/out" ||
    fail "the table's weighted loads are not 6 or 7 each, 124 in all"
# A person's row never shows both noon and evening: one letter per day.
grep -q '^[a-z][a-z0-9_-]* *\( *[.NESH+]\)\{31\}  [0-9]*$' "$scratch/out" ||
    fail "rows are not 31 day columns of duty letters: $(sed -n 4p "$scratch/out")"

run 0 roster show --db "$db" --office taichung-south --month 2026-12 --json
/usr/bin/python3 - "$scratch/out" <<'PY' || fail "roster show --json is not the API's shape"
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["office"] == "taichung-south" and doc["month"] == "2026-12", doc
assert doc["state"] == "draft"
assert doc["assignments"] and all(set(a) == {"date", "duty", "staff"} for a in doc["assignments"])
assert doc["shortfalls"] == [], doc["shortfalls"]
days = {}
for a in doc["assignments"]:
    if a["duty"] in ("noon", "evening"):
        days.setdefault((a["staff"], a["date"]), []).append(a["duty"])
assert all(len(v) == 1 for v in days.values()), "noon and evening on one day"
# 2026-12-25 is a Friday and a working day: noon needs two people.
assert sum(1 for a in doc["assignments"] if (a["date"], a["duty"]) == ("2026-12-25", "noon")) >= 2
PY

# The same input gives the same roster.
cp "$scratch/out" "$scratch/first.json"
run 0 roster generate --db "$db" --office taichung-south --month 2026-12 --json
/usr/bin/python3 - "$scratch/out" "$scratch/first.json" <<'PY' || fail "generate is not deterministic"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
assert a["assignments"] == b["assignments"]
PY

run 0 roster publish --db "$db" --office taichung-south --month 2026-12
out_has "^taichung-south 2026-12: published"
run 65 roster publish --db "$db" --office taichung-south --month 2026-12
err_has "already published"
run 65 roster generate --db "$db" --office taichung-south --month 2026-12
err_has "published: it changes by edits only"
run 65 roster publish --db "$db" --office taichung-south --month 2027-02
err_has "generate it first"

run 64 roster generate --db "$db" --office taichung-south --month 2026-13
err_has "month"
run 64 roster generate --db "$db" --office nowhere --month 2026-12
err_has "no such office"
run 64 roster generate --db "$db" --office taichung-south
err_has "roster generate: --month is required"
run 64 roster show --db "$db" --month 2026-12
err_has "roster show: --office is required"
run 64 roster fly --db "$db" --office taichung-south --month 2026-12
err_has "unknown action 'fly'"
err_has "usage: flexhours roster generate"
run 64 roster generate --db "$db" --office taichung-south --month 2026-12 --force
err_has "unknown option '--force'"
finish
