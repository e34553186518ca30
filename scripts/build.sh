#!/bin/sh
# build.sh DIR [CONFIGURE-OPTIONS]: configures and builds flexhours in the
# build tree DIR (created as needed), regenerating ./configure when the
# autotools inputs changed.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
dir=$1; shift
if [ ! -x "$top/configure" ] || [ "$top/configure.ac" -nt "$top/configure" ] ||
    [ -n "$(find "$top/tests/cases" -newer "$top/tests/cases/cases.am" -name '*.json' 2>/dev/null)" ] ||
    [ "$(ls "$top"/tests/cases/[0-9]*.json 2>/dev/null | wc -l)" != "$(grep -c '\.json' "$top/tests/cases/cases.am" 2>/dev/null || echo 0)" ]; then
    (cd "$top" && ./autogen.sh >/dev/null 2>&1) || { echo "build: autogen.sh failed" >&2; (cd "$top" && ./autogen.sh); exit 1; }
fi
mkdir -p "$dir"
cd "$dir"
if [ ! -f Makefile ] || [ "$top/configure" -nt Makefile ]; then
    "$top/configure" -q "$@"
fi
make -j"$(nproc 2>/dev/null || echo 2)" >/dev/null
