#!/bin/sh
# check-dist.sh SRCDIR DISTDIR: every file or folder of the source tree that
# README.md or docs/*.md names between backquotes must be in the
# distribution being made (run by make dist as its dist-hook), so that a
# tarball never lacks what its README points to. A name counts when it
# holds a "/" or a "." and is in the source tree (tracked by git when the
# tree is a git checkout, which leaves out what a build put there).
set -u
srcdir=$1 distdir=$2
if git -C "$srcdir" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    in_source() { [ -n "$(git -C "$srcdir" ls-files -- "$1" 2>/dev/null | head -n1)" ]; }
else
    in_source() { [ -e "$srcdir/$1" ]; }
fi
missing=0 checked=0
names=$(cd "$srcdir" && sed -n 's/[^`]*`\([^`]*\)`/\1\n/gp' README.md docs/*.md | tr ' ' '\n' |
    sed -e 's/[,:;)]*$//' -e 's|^\./||' -e 's|/$||' | grep -E '[/.]' | grep -v -E '^\.$|^(_build|var)(/|$)|[*{}<>$?=]|\.\.|^/|^-' |
    sort -u)
for name in $names; do
    in_source "$name" || continue
    checked=$((checked + 1))
    if [ ! -e "$distdir/$name" ]; then
        echo "dist: $name is named in README.md or docs/ but not distributed (add it to EXTRA_DIST)" >&2
        missing=$((missing + 1))
    fi
done
[ "$missing" -eq 0 ] || exit 1
echo "dist: the $checked files and folders README.md and docs/ name are in $distdir"
