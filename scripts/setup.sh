#!/bin/sh
# setup.sh: installs, with apt, the Debian 12 packages flexhours needs to
# build, run and test, when any is missing. Safe to run again: it installs
# nothing when everything is there. Needs root (or sudo).
set -eu

BUILD="gcc make autoconf automake pkg-config libmicrohttpd-dev libsqlite3-dev libical-dev
libesmtp-dev libjansson-dev libcurl4-openssl-dev libssl-dev"
# The test suite's real peers and tools: python3 (Debian's, for aiosmtpd and
# icalendar), an SMTP server, Kannel with its fake SMSC, valgrind, the linters,
# sqlite3 for looking into databases, wrk for the benchmarks.
TEST="python3 python3-aiosmtpd python3-icalendar kannel kannel-extras valgrind cppcheck
clang-format sqlite3 wrk curl"

want="$BUILD"
[ "${1:-}" = "--with-tests" ] && want="$BUILD $TEST"

missing=""
for pkg in $want; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    case "$status" in
    *"install ok installed"*) ;;
    *) missing="$missing $pkg" ;;
    esac
done
[ -z "$missing" ] && exit 0

echo "setup: installing$missing"
as_root=""
if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "setup: run as root to install$missing" >&2; exit 1; }
    as_root="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
# Kannel's package starts its daemons on install on a plain Debian system;
# the tests start their own on other ports, so that is harmless, but quiet.
$as_root apt-get update -qq
# shellcheck disable=SC2086
$as_root apt-get install -y -qq --no-install-recommends $missing >/dev/null
