#!/bin/sh
# outbox.sh: 10,000 e-mail reminders delivered by the outbox worker to a
# local SMTP server (Debian's aiosmtpd, storing every message), against a
# bare libesmtp loop sending the same messages over one session to the same
# server, in this one script: messages per second of each and their ratio
# (target: the worker at 0.8 or more of the bare loop).
# Usage: bench/outbox.sh [BUILD-DIR] [COUNT]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/_build/default}
count=${2:-10000}
"$top/scripts/build.sh" "$build"
(cd "$build" && make -s bench/bench_outbox)
work=$(mktemp -d)
sink_pid=
cleanup() {
    [ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
/usr/bin/python3 "$top/tests/peers/smtp_sink.py" --dir "$work/mail" >"$work/sink.out" 2>"$work/sink.err" &
sink_pid=$!
for _ in $(seq 100); do grep -q READY "$work/sink.out" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/^READY \([0-9]*\).*/\1/p' "$work/sink.out")
[ -n "$port" ] || { echo "the SMTP sink did not start"; cat "$work/sink.err"; exit 1; }

# Alternate the two, twice, and keep each one's better run: the machine is shared.
best() { sort -n | tail -n 1; }
for round in 1 2; do
    "$build/bench/bench_outbox" worker "$port" "$work" "$count" >"$work/worker.$round"
    rm -f "$work"/*.db*
    "$build/bench/bench_outbox" bare "$port" "$work" "$count" >"$work/bare.$round"
    rm -f "$work"/*.db*
done
worker=$(cat "$work"/worker.* | sed -n 's/^per_second //p' | best)
bare=$(cat "$work"/bare.* | sed -n 's/^per_second //p' | best)
sent=$(sed -n 's/^sent_rows //p' "$work/worker.1")
echo "messages $count"
echo "worker_per_second $worker (sent rows: $sent)"
echo "bare_libesmtp_per_second $bare"
awk -v w="$worker" -v b="$bare" 'BEGIN { printf "ratio %.2f (target >= 0.80)\n", w / b }'
