#!/usr/bin/env python3
"""run.py: the mutation check. Each tests/mutation/NN-name.mut breaks one rule
the way a careless edit would: a "rule:" line (what a user would notice),
a "file:" line, then an exact text after "--- find" and its replacement
after "--- replace". For each, a copy of the source tree gets the change,
is built, and runs the suite: first the quick tests (C unit tests, the
scheduler cases, the roster scenarios, the command-line tests); if none
fails, the whole `make check`. A mutation no test catches SURVIVED. The
report ends with "N caught, N survived" (and any that did not apply or
build); the exit status is 1 when any survived.

Slow (a build and a suite per mutation), so not part of scripts/test.sh:
run it before resolving an issue that touches the rules.

    tests/mutation/run.py [--keep] [--quick-only] [NAME-OR-FILE...]

The copy lives in $FH_MUTATION_DIR (default /tmp/fh-mutation): src/, build/
and a log per mutation in logs/."""
import glob
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
WORK = os.environ.get("FH_MUTATION_DIR", "/tmp/fh-mutation")
SRC, BUILD, LOGS = (os.path.join(WORK, d) for d in ("src", "build", "logs"))
JOBS = str(os.cpu_count() or 2)
QUICK = ("TESTS=$(UNIT_TESTS) $(SCHED_CASES) $(ROSTER_CASES) tests/unit/test_roster_optimum "
         "tests/cli/slots.sh tests/cli/calendar.sh tests/cli/roster.sh")


def parse(path):
    """(rule, file, find, replace) of a .mut file."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    head, rest = text.split("--- find\n", 1)
    find, replace = rest.split("--- replace\n", 1)
    fields = dict(line.split(": ", 1) for line in head.strip().splitlines())
    return fields["rule"], fields["file"], find[:-1], replace[:-1]


def sh(cmd, log, cwd):
    with open(log, "a") as out:
        out.write("$ %s\n" % " ".join(cmd))
        out.flush()
        return subprocess.run(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT).returncode


def failed_tests(log_dir):
    """The tests that failed in the last make check, from its .log files."""
    out = []
    for trs in glob.glob(os.path.join(log_dir, "**", "*.trs"), recursive=True):
        with open(trs) as f:
            res = [line for line in f if line.startswith(":test-result:")]
        if res and res[0].split()[1] in ("FAIL", "ERROR", "XPASS"):
            out.append(os.path.relpath(trs[:-4], log_dir))
    return sorted(out)


def prepare(log):
    os.makedirs(LOGS, exist_ok=True)
    shutil.rmtree(SRC, ignore_errors=True)
    shutil.copytree(TOP, SRC, symlinks=True, ignore=lambda d, names: [
        n for n in names if (d == TOP and n in ("_build", ".git")) or
        n in ("node_modules", "shots") or n.endswith((".o", ".a", ".log", ".trs"))])
    nm = os.path.join(TOP, "tests", "browser", "node_modules")
    link = os.path.join(SRC, "tests", "browser", "node_modules")
    if os.path.isdir(nm) and not os.path.exists(link):
        os.symlink(nm, link)
    if not os.path.exists(os.path.join(SRC, "configure")):
        if sh(["./autogen.sh"], log, SRC) != 0:
            sys.exit("autogen.sh failed: see " + log)
    os.makedirs(BUILD, exist_ok=True)
    if not os.path.exists(os.path.join(BUILD, "Makefile")):
        if sh([os.path.join(SRC, "configure"), "-q"], log, BUILD) != 0:
            sys.exit("configure failed: see " + log)
    if sh(["make", "-j" + JOBS], log, BUILD) != 0:
        sys.exit("the unmutated tree does not build: see " + log)


def check(log, quick):
    """None when every test passed, else the failing tests."""
    for f in glob.glob(os.path.join(BUILD, "**", "*.trs"), recursive=True):
        os.unlink(f)
    args = ["make", "-j" + JOBS, "check"] + ([QUICK] if quick else [])
    if sh(args, log, BUILD) == 0:
        return None
    return failed_tests(BUILD) or ["(make check failed)"]


def main():
    args = sys.argv[1:]
    keep = "--keep" in args
    quick_only = "--quick-only" in args
    names = [a for a in args if not a.startswith("--")]
    files = sorted(glob.glob(os.path.join(HERE, "*.mut")))
    if names:
        files = [f for f in files if any(n in os.path.basename(f) for n in names)]
    os.makedirs(WORK, exist_ok=True)
    prep_log = os.path.join(WORK, "prepare.log")
    open(prep_log, "w").close()
    prepare(prep_log)
    if not names:
        print("baseline: the suite on the unmutated tree ...", flush=True)
        bad = check(prep_log, quick_only)
        if bad:
            sys.exit("the unmutated tree fails %s: fix that first (see %s)" % (bad, prep_log))
    caught, survived, broken = [], [], []
    for path in files:
        name = os.path.basename(path)[:-4]
        rule, rel, find, replace = parse(path)
        target = os.path.join(SRC, rel)
        log = os.path.join(LOGS, name + ".log")
        open(log, "w").close()
        with open(target, encoding="utf-8") as f:
            original = f.read()
        if original.count(find) != 1:
            print("%-45s NOT APPLIED: the text occurs %d times in %s" %
                  (name, original.count(find), rel), flush=True)
            broken.append(name)
            continue
        started = time.monotonic()
        try:
            with open(target, "w", encoding="utf-8") as f:
                f.write(original.replace(find, replace))
            if sh(["make", "-j" + JOBS], log, BUILD) != 0:
                verdict, tests = "DOES NOT BUILD", []
                broken.append(name)
            else:
                tests = check(log, True)
                phase = "quick tests"
                if tests is None and not quick_only:
                    tests, phase = check(log, False), "make check"
                if tests:
                    verdict = "caught by %s: %s" % (phase, ", ".join(tests[:4]) +
                                                    (" ..." if len(tests) > 4 else ""))
                    caught.append(name)
                else:
                    verdict = "SURVIVED (%s)" % rule
                    survived.append(name)
        finally:
            with open(target, "w", encoding="utf-8") as f:
                f.write(original)
        print("%-45s %s [%.0f s]" % (name, verdict, time.monotonic() - started), flush=True)
    sh(["make", "-j" + JOBS], prep_log, BUILD)
    if not keep:
        shutil.rmtree(SRC, ignore_errors=True)
        shutil.rmtree(BUILD, ignore_errors=True)
    print("%d caught, %d survived%s" % (len(caught), len(survived),
                                        ", %d not applied or not built" % len(broken)
                                        if broken else ""))
    if survived:
        print("survived: " + ", ".join(survived))
    sys.exit(1 if survived or broken else 0)


if __name__ == "__main__":
    main()
