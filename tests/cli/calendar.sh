# calendar.sh: `flexhours calendar import` with the real DGPA calendars: what
# each import prints, that a re-import changes nothing, that the slot listing
# follows the imported days, and that a bad file imports nothing.
. "${FLEXHOURS_SRCDIR:?}/tests/cli/lib.sh"
data="$FLEXHOURS_SRCDIR/tests/data/tw-gov-calendar"
db="$scratch/cal.db"
export FLEXHOURS_NOW=2025-01-02T09:00:00+08:00

# count_slots SERVICE DATE: the slots of that day (full or not yet open too).
count_slots() {
    "$bin" slots --db "$db" --office taichung-south --service "$1" --from "$2" --to "$2" --all \
        | sed -n 's/^\([0-9]*\) slots\{0,1\}$/\1/p'
}
expect_slots() { # SERVICE DATE N
    got=$(count_slots "$1" "$2")
    [ "$got" = "$3" ] || fail "$1 on $2: $got slots, expected $3"
}

# Before any import, the default rule: 2025-12-25 is an ordinary Thursday.
expect_slots seal_registration 2025-12-25 21

run 0 calendar import --db "$db" "$data/2025-v1-initial.csv"
out_has "^imported 2025 from .*2025-v1-initial.csv: 365 days listed"
out_has "^365 added, 0 changed, 0 removed"
out_has "2025-10-10  workday        -> holiday         國慶日"
out_has "2025-02-08  restday        -> makeup_workday  補行上班"
expect_slots seal_registration 2025-12-25 21

# The revision turns three working days into days off and names two more.
run 0 calendar import --db "$db" "$data/2025.csv"
out_has "^0 added, 5 changed, 0 removed"
out_has "2025-12-25  workday        -> holiday         行憲紀念日"
out_has "2025-09-29  workday        -> holiday         補假"
out_has "2025-09-28  restday        -> restday         孔子誕辰紀念日"
expect_slots seal_registration 2025-12-25 0
expect_slots marriage 2025-12-25 5 # the holiday window takes weddings

# A dry run prints the same and changes nothing.
run 0 calendar import --dry-run --db "$db" "$data/2024.csv"
out_has "^would import 2024 from .*2024.csv: 366 days listed"
out_has "^366 added, 0 changed, 0 removed"

# Importing the same file again changes nothing.
run 0 calendar import --db "$db" "$data/2025.csv"
out_has "^0 added, 0 changed, 0 removed"

# The slot listing follows the calendar.
expect_slots seal_registration 2025-02-08 21 # make-up Saturday: weekday windows
"$bin" slots --db "$db" --office taichung-south --service seal_registration \
    --from 2025-02-08 --to 2025-02-08 --all >"$scratch/out"
out_has "2025-02-08  Sat  makeup_workday  regular   08:00  08:30  3/3  補行上班"
grep -q saturday "$scratch/out" && fail "a make-up Saturday has no Saturday window"
expect_slots seal_registration 2025-01-29 0 # 春節
expect_slots marriage 2025-01-29 5
expect_slots seal_registration 2025-01-25 0 # the Saturday opening the new-year break
expect_slots marriage 2025-01-25 5          # ...is a long-weekend Saturday: holiday duty
expect_slots seal_registration 2025-05-01 21 # Labour Day: offices work
expect_slots seal_registration 2025-10-11 0  # Saturday after 國慶日: long weekend
expect_slots seal_registration 2025-10-18 8  # an ordinary Saturday morning

# 2024 is another year: importing it leaves 2025 alone.
run 0 calendar import --db "$db" "$data/2024.csv"
out_has "^imported 2024"
out_has "^366 added, 0 changed, 0 removed"
out_has "2024-02-17  restday        -> makeup_workday  補行上班"
expect_slots seal_registration 2025-12-25 0

# A bad file names the line and imports nothing.
head -n 200 "$data/2025.csv" >"$scratch/short.csv"
run 65 calendar import --db "$db" "$scratch/short.csv"
err_has "2025: 199 of its 365 days are listed; a year is imported whole; nothing was imported"
sed 's/^20251225,四,2,/20251225,四,1,/' "$data/2025.csv" >"$scratch/flag.csv"
run 65 calendar import --db "$db" "$scratch/flag.csv"
err_has "line 360: 是否放假 '1' is neither 0"
expect_slots seal_registration 2025-12-25 0
run 65 calendar import --db "$db" "$scratch/missing.csv"
err_has "missing.csv: No such file"
run 64 calendar export "$data/2025.csv"
err_has "usage: flexhours calendar import \[--dry-run\] FILE"

# An .ics of all-day events; a make-up day marked by its summary.
printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:1@t\r\nDTSTAMP:20250101T000000Z\r\nDTSTART;VALUE=DATE:20260105\r\nSUMMARY:颱風假\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:2@t\r\nDTSTAMP:20250101T000000Z\r\nDTSTART;VALUE=DATE:20260110\r\nSUMMARY:補行上班\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n' >"$scratch/h.ics"
run 0 calendar import --db "$db" "$scratch/h.ics"
out_has "^2 added, 0 changed, 0 removed"
out_has "2026-01-05  workday        -> holiday         颱風假"
out_has "2026-01-10  restday        -> makeup_workday  補行上班"
printf 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20260105T090000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n' >"$scratch/bad.ics"
run 65 calendar import --db "$db" "$scratch/bad.ics"
err_has "VEVENT 1: DTSTART is not an all-day DATE; nothing was imported"
finish
