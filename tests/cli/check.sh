# check.sh: `flexhours check` as an administrator runs it: a database whose
# kept occupancy counts equal a recount of its bookings passes (0, with a
# summary), bookings written with plain SQL included (the triggers keep the
# counts); a count written around them is named with its slot (1); a path
# with no database is refused without creating one (65).
. "${FLEXHOURS_SRCDIR:?}/tests/cli/lib.sh"
need sqlite3 sqlite3

export FLEXHOURS_NOW=2026-12-02T10:00:00+08:00
db="$scratch/site.db"

run 0 check --help
out_has "^usage: flexhours check"

run 65 check --db "$scratch/none.db"
err_has "none.db: no such database"
[ -e "$scratch/none.db" ] && fail "check created the database it was asked about"

# A database: made by a command that opens it, then bookings by plain SQL
# (2026-12-09 12:00 and 12:30 noon, Taipei; one cancelled).
printf 'a-long-password\n' | "$bin" user add chen --name chen --role manager \
    --offices taichung-south --db "$db" >/dev/null 2>"$scratch/err" ||
    fail "user add: $(cat "$scratch/err")"
day=$(( $(date -u -d 2026-12-09 +%s) / 86400 ))
start=$(( day * 1440 + 720 ))
sqlite3 "$db" >"$scratch/sql" 2>&1 <<SQL || fail "sqlite3: $(cat "$scratch/sql")"
INSERT INTO booking (code, token_sha256, office, service, window_name, day, start_min, end_min,
  minutes, utc_offset, status, person, lang, resident, created_at, updated_at)
VALUES ('AAAAAAA2', zeroblob(32), 'taichung-south', 'name_change', 'noon', $day, $start,
  $start + 30, 30, 480, 'confirmed', 'p1', 'zh-TW', 1, 0, 0),
 ('AAAAAAA3', zeroblob(32), 'taichung-south', 'name_change', 'noon', $day, $start,
  $start + 30, 30, 480, 'pending', 'p2', 'zh-TW', 1, 0, 0),
 ('AAAAAAA4', zeroblob(32), 'taichung-south', 'name_change', 'noon', $day, $start + 30,
  $start + 60, 30, 480, 'confirmed', 'p3', 'zh-TW', 1, 0, 0);
UPDATE booking SET status = 'cancelled' WHERE code = 'AAAAAAA4';
SQL
run 0 check --db "$db"
out_has "^integrity: ok"
out_has "kept counts equal a recount of the bookings: 2 places taken at 1 slot start$"

# A count written around the triggers is found and named.
sqlite3 "$db" "UPDATE booking_taken SET places = 5" || fail "sqlite3 update"
run 1 check --db "$db"
err_has "1 of 1 kept counts differ"
err_has "taichung-south 2026-12-09 12:00 30 min name_change: kept 5, counted 2"
sqlite3 "$db" "DELETE FROM booking_taken" || fail "sqlite3 delete"
run 1 check --db "$db"
err_has "kept 0, counted 2"

run 64 check extra --db "$db"
err_has "unknown argument 'extra'"
finish
