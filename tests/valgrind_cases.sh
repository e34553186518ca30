#!/bin/sh
# valgrind_cases.sh: the scheduler cases and the roster scenarios under
# valgrind (FH_VALGRIND, set by make check-valgrind), fifty files to a process:
# the runners fork a child a file, so valgrind starts a few times, not once a
# case (which took most of the phase). Any valgrind error or leak in a child
# fails that file, and the test.
set -u
: "${FH_VALGRIND:?run by make check-valgrind}"
build=${FLEXHOURS_BUILDDIR:?} src=${FLEXHOURS_SRCDIR:?}
status=0
# FH_VALGRIND is a command and its options: split on spaces on purpose.
# shellcheck disable=SC2086
ls "$src"/tests/cases/*.json | xargs -n 50 -P 2 $FH_VALGRIND "$build/tests/sched_case" || status=1
# shellcheck disable=SC2086
ls "$src"/tests/roster/*.roster | xargs -n 50 -P 2 $FH_VALGRIND "$build/tests/roster_case" || status=1
[ "$status" -eq 0 ] && echo "every case and scenario passed under valgrind" || echo "FAIL: see the lines above"
exit $status
