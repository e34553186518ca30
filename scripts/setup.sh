#!/bin/sh
# setup.sh: installs, with apt, the Debian 12 packages flexhours needs to
# build, run and test, when any is missing, and with --with-tests the browser
# tests' npm packages (npm ci in tests/browser). Safe to run again: it installs
# nothing when everything is there. Needs root (or sudo) to install packages.
set -eu

BUILD="gcc make autoconf automake pkg-config libmicrohttpd-dev libsqlite3-dev libical-dev
libesmtp-dev libjansson-dev libcurl4-openssl-dev libssl-dev"
# The test suite's real peers and tools: python3 (Debian's, for aiosmtpd,
# icalendar and prometheus-client, whose parser reads /metrics in
# tests/e2e/metrics.py), an SMTP server, Kannel with its fake SMSC, valgrind,
# the linters,
# sqlite3 for looking into databases, wrk for the benchmarks, openssl for the
# test certificates of STARTTLS, GLPK's glpsol for the exact fairness optimum
# the roster is held against (tests/unit/test_roster_optimum.c), and clang
# with its runtime (libFuzzer, ASan, UBSan) for the fuzz targets of tests/fuzz;
# for the packaging tests (tests/cli/install.sh, tests/cli/man.sh) systemd's
# systemd-analyze and systemd-sysusers, which check the unit and the user
# without systemd running, and groff and man, which render the man pages.
TEST="python3 python3-aiosmtpd python3-icalendar python3-prometheus-client kannel kannel-extras valgrind cppcheck
clang-format sqlite3 wrk curl openssl glpk-utils clang libclang-rt-14-dev
systemd groff-base man-db"

# The real-browser tests (tests/browser): Debian's Chromium, CJK fonts (else
# Chinese renders as boxes), and Node.js with npm unless a node is already on
# PATH (a newer one installed otherwise is fine: the tests need Node 18+).
BROWSER="chromium fonts-noto-cjk"
with_tests=false
[ "${1:-}" = "--with-tests" ] && with_tests=true

want="$BUILD"
if $with_tests; then
    want="$BUILD $TEST $BROWSER"
    command -v node >/dev/null 2>&1 || want="$want nodejs npm"
    command -v node >/dev/null 2>&1 && ! command -v npm >/dev/null 2>&1 && want="$want npm"
fi

missing=""
for pkg in $want; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    case "$status" in
    *"install ok installed"*) ;;
    *) missing="$missing $pkg" ;;
    esac
done
if [ -n "$missing" ]; then
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
fi

# Prometheus' linter for /metrics (tests/e2e/metrics.py): promtool, taken
# out of Debian's prometheus package rather than installing that package,
# whose scripts would start a Prometheus server on the machine.
if $with_tests && ! command -v promtool >/dev/null 2>&1 && [ ! -x /usr/local/bin/promtool ]; then
    echo "setup: promtool from Debian's prometheus package into /usr/local/bin"
    as_root=""
    [ "$(id -u)" != 0 ] && as_root="sudo"
    tmp=$(mktemp -d)
    (cd "$tmp" && { apt-get download -qq prometheus >/dev/null 2>&1 ||
        { $as_root apt-get update -qq && apt-get download -qq prometheus >/dev/null; }; }) &&
        dpkg-deb -x "$tmp"/prometheus_*.deb "$tmp/x" &&
        $as_root install -m 755 "$tmp/x/usr/bin/promtool" /usr/local/bin/promtool ||
        { rm -rf "$tmp"; echo "setup: could not get promtool" >&2; exit 1; }
    rm -rf "$tmp"
fi

# The browser tests' npm packages (puppeteer-core, axe-core), exactly as
# package-lock.json pins them, when missing or older than the lock file.
if $with_tests; then
    dir="$(cd "$(dirname "$0")/.." && pwd)/tests/browser"
    stamp="$dir/node_modules/.package-lock.json"
    if [ ! -f "$stamp" ] || [ "$dir/package-lock.json" -nt "$stamp" ]; then
        echo "setup: npm ci in tests/browser"
        (cd "$dir" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error) ||
            { echo "setup: npm ci in tests/browser failed" >&2; exit 1; }
        touch "$stamp"
    fi
fi
