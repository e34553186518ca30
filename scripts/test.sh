#!/bin/sh
# test.sh: sets everything up and runs the whole test suite: the unit,
# scheduler-case, command-line and end-to-end tests of `make check` in a
# normal build and again under AddressSanitizer and UndefinedBehaviorSanitizer,
# the C unit tests under valgrind, make distcheck, the libFuzzer targets for
# a fixed number of runs, and the style and static checks. The last line is "N passed, N failed".
# A skipped test is a failure: setup installs every peer, so a skip means a
# broken setup; on a developer's machine FLEXHOURS_ALLOW_SKIP=1 lets skips pass
# (", N skipped" is then printed).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
"$top/scripts/setup.sh" --with-tests || { echo "0 passed, 1 failed"; exit 1; }

jobs=$(nproc 2>/dev/null || echo 2)
# The tests wait on servers, fsyncs and the browser as much as they compute:
# twice as many at once as there are cores keeps the cores busy.
test_jobs=$((jobs * 2))
passed=0 failed=0 skipped=0

# Adds the counts of an automake test-suite.log to the totals.
count() {
    log=$1
    [ -f "$log" ] || { failed=$((failed + 1)); return; }
    p=$(sed -n 's/^# PASS: *//p' "$log" | head -n1)
    f=$(sed -n 's/^# FAIL: *//p' "$log" | head -n1)
    e=$(sed -n 's/^# ERROR: *//p' "$log" | head -n1)
    x=$(sed -n 's/^# XPASS: *//p' "$log" | head -n1)
    s=$(sed -n 's/^# SKIP: *//p' "$log" | head -n1)
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0} + ${e:-0} + ${x:-0}))
    skipped=$((skipped + ${s:-0}))
    if [ "${s:-0}" != 0 ]; then
        grep -E '^SKIP:' "$log"
        if [ -z "${FLEXHOURS_ALLOW_SKIP:-}" ]; then
            echo "skipped tests count as failed (FLEXHOURS_ALLOW_SKIP=1 allows them)"
            failed=$((failed + s))
        fi
    fi
    if [ "${f:-0}${e:-0}${x:-0}" != 000 ]; then
        grep -E '^(FAIL|ERROR|XPASS):' "$log"
        # show what the failing tests printed
        sed -n '/^FAIL: \|^ERROR: /,/^FAIL \|^ERROR /p' "$log" | head -n 200
    fi
}

# phase NAME BUILD-DIR MAKE-ARGUMENTS QUICK CONFIGURE-OPTIONS...: builds,
# runs make check (with MAKE-ARGUMENTS, one word or none; QUICK non-empty:
# with FLEXHOURS_TEST_QUICK, the brute-force tests sampling), counts.
phase() {
    name=$1 dir=$2 make_args=$3 quick=$4; shift 4
    echo "== $name"
    started=$(date +%s)
    if ! "$top/scripts/build.sh" "$dir" "$@"; then
        echo "$name: the build failed"
        failed=$((failed + 1))
        return
    fi
    rm -f "$dir/test-suite.log"
    # shellcheck disable=SC2086 # one word or none
    (cd "$dir" && if [ -n "$quick" ]; then FLEXHOURS_TEST_QUICK=1; export FLEXHOURS_TEST_QUICK; fi &&
        make -j"$test_jobs" check $make_args >/dev/null 2>&1)
    count "$dir/test-suite.log"
    sed -n 's/^# \(TOTAL\|PASS\|FAIL\|SKIP\|ERROR\): */  \1 /p' "$dir/test-suite.log" | tr '\n' ' '
    echo "($(($(date +%s) - started)) s)"
}

phase "make check" "$top/_build/default" "" ""
# Under the sanitizers, every test but the browser's: the pages are served
# to the end-to-end tests (pages_http, hostile, visit, waitlist, prereg ...)
# under ASan as well, and the browser tests (Chromium and axe, most of a
# make check's time) run once, above, which keeps the suite in time. The
# brute-force unit tests sample (FLEXHOURS_TEST_QUICK) as under valgrind:
# they ran whole above, and ten times slower here they would not add a case.
phase "make check under ASan+UBSan" "$top/_build/sanitizers" "RUN_BROWSER_TESTS=" quick --enable-sanitizers

echo "== C unit tests, scheduler cases and roster scenarios under valgrind"
valgrind_started=$(date +%s)
rm -f "$top/_build/default/test-suite-valgrind.log"
(cd "$top/_build/default" && make -j"$test_jobs" check-valgrind >/dev/null 2>&1)
count "$top/_build/default/test-suite-valgrind.log"
echo "  ($(($(date +%s) - valgrind_started)) s)"

# The benchmark figures that do not depend on the machine's load (callgrind's
# instruction counts) against their targets: one test per figure.
echo "== benchmark targets (instructions counted by callgrind)"
sh "$top/bench/targets.sh" "$top/_build/default" >"$top/_build/targets.log" 2>&1
sed 's/^/  /' "$top/_build/targets.log"
p=$(grep -c '^PASS: ' "$top/_build/targets.log") f=$(grep -c '^FAIL: ' "$top/_build/targets.log")
[ "$p" -eq 0 ] && [ "$f" -eq 0 ] && f=1 # the benchmarks did not build or run
passed=$((passed + p)) failed=$((failed + f))

# The release tarball: make distcheck makes it (refusing one that lacks what
# the README names), unpacks it, builds it read-only, runs the C unit tests
# and the scheduler and roster cases there (the command-line, end-to-end and
# browser tests ran twice above, on the same sources: the tarball's copies of
# their files are checked by EXTRA_DIST), installs, uninstalls and makes it
# again. One test.
echo "== make distcheck"
distcheck_started=$(date +%s)
if (cd "$top/_build/default" && FLEXHOURS_TEST_QUICK=1 && export FLEXHOURS_TEST_QUICK &&
    make -j"$test_jobs" distcheck \
    TESTS='$(UNIT_TESTS) $(SCHED_CASES) $(ROSTER_CASES)') >"$top/_build/distcheck.log" 2>&1; then
    passed=$((passed + 1))
    grep -E '^# (TOTAL|PASS|FAIL|SKIP|ERROR):' "$top/_build/distcheck.log" | tr '\n' ' ' | sed 's/# /  /g'
    echo
else
    failed=$((failed + 1))
    echo "make distcheck failed (_build/distcheck.log):"
    grep -E '^(FAIL|ERROR|XPASS):|dist: |rror' "$top/_build/distcheck.log" | head -n 40
    tail -n 20 "$top/_build/distcheck.log"
fi
echo "  ($(($(date +%s) - distcheck_started)) s)"

# The libFuzzer targets (tests/fuzz), built by clang in a tree of their own:
# each over its committed corpus and regressions, then a fixed number of
# runs from a fixed seed. A crash is a failure, and so is a missing clang
# (setup.sh installs it): this phase is never skipped.
echo "== fuzz targets (libFuzzer: corpus, regressions, then fixed runs)"
fuzz_dir="$top/_build/fuzz" fuzz_started=$(date +%s)
mkdir -p "$fuzz_dir"
if { [ -f "$fuzz_dir/Makefile" ] && [ ! "$top/configure" -nt "$fuzz_dir/Makefile" ]; } ||
    (cd "$fuzz_dir" && CC=clang "$top/configure" -q --enable-fuzzing); then
    (cd "$fuzz_dir" && make -j"$jobs" fuzz-check) >"$fuzz_dir/fuzz-check.log" 2>&1
    fuzz_rc=$?
    p=$(grep -c '^PASS: ' "$fuzz_dir/fuzz-check.log")
    f=$(grep -c '^FAIL: ' "$fuzz_dir/fuzz-check.log")
    [ "$fuzz_rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1 # the build failed
    passed=$((passed + p)) failed=$((failed + f))
    if [ "$f" -gt 0 ]; then
        tail -n 100 "$fuzz_dir/fuzz-check.log"
    else
        sed -n 's/^PASS: /  PASS: /p' "$fuzz_dir/fuzz-check.log"
    fi
else
    echo "fuzz targets: CC=clang configure --enable-fuzzing failed (see above)"
    failed=$((failed + 1))
fi
echo "  ($(($(date +%s) - fuzz_started)) s)"

echo "== style (clang-format, cppcheck, refused functions)"
if (cd "$top/_build/default" && make lint); then
    passed=$((passed + 1))
else
    failed=$((failed + 1))
fi

if [ "$skipped" -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
else
    echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
