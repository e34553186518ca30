# lib.sh: helpers for the command-line tests (sourced). Each check prints
# what failed; the test exits non-zero if any did.
failures=0
bin=${FLEXHOURS_BIN:?FLEXHOURS_BIN is set by make check}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# run EXPECTED_STATUS ARGS...: runs flexhours, keeps stdout and stderr.
run() {
    want=$1; shift
    "$bin" "$@" >"$scratch/out" 2>"$scratch/err"
    got=$?
    [ "$got" = "$want" ] || fail "flexhours $* exited $got, expected $want: $(cat "$scratch/err")"
}

out_has() { grep -q -- "$1" "$scratch/out" || fail "stdout lacks '$1'"; }
err_has() { grep -q -- "$1" "$scratch/err" || fail "stderr lacks '$1': $(cat "$scratch/err")"; }

finish() {
    if [ "$failures" -eq 0 ]; then echo PASS; exit 0; fi
    echo "FAIL ($failures)"; exit 1
}

# need TOOL PACKAGE: a tool the test cannot do without. Missing, it is a hard
# error (99: scripts/setup.sh --with-tests installs PACKAGE), or a skip (77)
# where FLEXHOURS_ALLOW_SKIP is set.
need() {
    command -v "$1" >/dev/null 2>&1 && return 0
    echo "$1 is missing: install the Debian package $2 (scripts/setup.sh --with-tests does)"
    [ -n "${FLEXHOURS_ALLOW_SKIP:-}" ] && exit 77
    exit 99
}
