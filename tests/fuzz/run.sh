#!/bin/sh
# run.sh MODE TARGET...: runs the libFuzzer targets of tests/fuzz, built in
# FUZZ_BUILDDIR (the build tree's tests/fuzz), with the corpus, dictionary
# and regressions of FUZZ_SRCDIR (the source tree's tests/fuzz). Called by
# make fuzz, make fuzz-check and make fuzz-merge.
#   check  each target over its committed corpus and regressions, then up to
#          FUZZ_RUNS runs in all (default 20000; fuzz_http FUZZ_HTTP_RUNS,
#          default 8000) from the fixed seed FUZZ_SEED (default 1); what it
#          finds is thrown away. One line per target: PASS: or FAIL:.
#   fuzz   each target for FUZZ_SECONDS (default 60); new inputs go to
#          out/corpus/TARGET, crashes to out/crashes/TARGET (in FUZZ_BUILDDIR),
#          not to the committed corpus.
#   merge  adds to the committed corpus the inputs of out/corpus/TARGET that
#          reach code it does not (libFuzzer's -merge=1).
# FUZZ_TARGETS (names, separated by spaces) runs only those.
set -u
mode=$1
shift
build=${FUZZ_BUILDDIR:?}
src=${FUZZ_SRCDIR:?}
out=$build/out
[ -n "${FUZZ_TARGETS:-}" ] && set -- $FUZZ_TARGETS

# Options every run takes: the dictionary, and a time limit per input (an
# answer of the server may take up to 20 s before fuzz_http calls it hung).
# fuzz_http's server threads free a request's memory after the answer has
# left, so libFuzzer's leak check after each input would only see them at
# work (and run each input twice); its leaks are looked for at exit, once
# the server has stopped.
options() { # TARGET
    o="-dict=$src/$1.dict -timeout=30 -print_final_stats=1"
    [ "$1" = fuzz_http ] && o="$o -detect_leaks=0"
    echo "$o"
}

corpora() { # TARGET: the committed corpus, and the regressions when there are any
    echo "$src/corpus/$1"
    [ -d "$src/regressions/$1" ] && echo "$src/regressions/$1"
}

status=0
case $mode in
check)
    # The targets at once (each one process, one core): their lines in
    # order afterwards.
    check_one() { # TARGET
        t=$1
        runs=${FUZZ_RUNS:-20000}
        [ "$t" = fuzz_http ] && runs=${FUZZ_HTTP_RUNS:-8000}
        scratch=$out/check/$t
        rm -rf "$scratch"
        mkdir -p "$scratch/corpus" "$scratch/crashes"
        log=$out/check/$t.log
        started=$(date +%s)
        # shellcheck disable=SC2046
        "$build/$t" $(options "$t") -seed="${FUZZ_SEED:-1}" -runs="$runs" \
            -artifact_prefix="$scratch/crashes/" "$scratch/corpus" $(corpora "$t") >"$log" 2>&1
        rc=$?
        secs=$(($(date +%s) - started))
        done_line=$(grep -E '^Done [0-9]+ runs' "$log" | tail -n1)
        if [ $rc -eq 0 ] && [ -n "$done_line" ]; then
            echo "PASS: $t (${done_line#Done }, ${secs}s)"
            return 0
        fi
        echo "FAIL: $t (exit status $rc, ${secs}s); the end of $log:"
        tail -n 60 "$log" | sed 's/^/  /'
        for f in "$scratch"/crashes/*; do
            [ -f "$f" ] || continue
            echo "  input: $f (keep it as tests/fuzz/regressions/$t/NAME once understood)"
        done
        return 1
    }
    mkdir -p "$out/check"
    pids=""
    for t in "$@"; do
        check_one "$t" >"$out/check/$t.result" 2>&1 &
        pids="$pids $!"
    done
    for p in $pids; do
        wait "$p" || status=1
    done
    for t in "$@"; do
        cat "$out/check/$t.result"
    done
    ;;
fuzz)
    for t in "$@"; do
        mkdir -p "$out/corpus/$t" "$out/crashes/$t"
        echo "== $t for ${FUZZ_SECONDS:-60} s (new inputs: $out/corpus/$t)"
        # shellcheck disable=SC2046
        "$build/$t" $(options "$t") -max_total_time="${FUZZ_SECONDS:-60}" \
            -artifact_prefix="$out/crashes/$t/" "$out/corpus/$t" $(corpora "$t") ||
            { status=1; echo "$t: crashed; the input is in $out/crashes/$t/"; }
    done
    ;;
merge)
    for t in "$@"; do
        [ -d "$out/corpus/$t" ] || continue
        echo "== $t: merging $out/corpus/$t into $src/corpus/$t"
        "$build/$t" -merge=1 $(options "$t") "$src/corpus/$t" "$out/corpus/$t" || status=1
    done
    ;;
*)
    echo "usage: run.sh check|fuzz|merge TARGET..." >&2
    exit 64
    ;;
esac
exit $status
