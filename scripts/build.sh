#!/bin/sh
# build.sh DIR [CONFIGURE-OPTIONS]: configures and builds flexhours in the
# build tree DIR (created as needed), regenerating ./configure when the
# autotools inputs changed.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
dir=$1; shift
# The data-driven tests are listed for automake by autogen.sh: a case added
# or removed since then means running it again.
stale_list() { # DIR LIST EXT
    [ -n "$(find "$top/$1" -newer "$top/$1/$2" -name "*.$3" 2>/dev/null)" ] ||
        [ "$(ls "$top/$1"/[0-9]*."$3" 2>/dev/null | wc -l)" != "$(grep -c "\\.$3" "$top/$1/$2" 2>/dev/null || echo 0)" ]
}
if [ ! -x "$top/configure" ] || [ "$top/configure.ac" -nt "$top/configure" ] ||
    stale_list tests/cases cases.am json || stale_list tests/roster roster.am roster; then
    (cd "$top" && ./autogen.sh >/dev/null 2>&1) || { echo "build: autogen.sh failed" >&2; (cd "$top" && ./autogen.sh); exit 1; }
fi
mkdir -p "$dir"
cd "$dir"
if [ ! -f Makefile ] || [ "$top/configure" -nt Makefile ]; then
    "$top/configure" -q "$@"
fi
make -j"$(nproc 2>/dev/null || echo 2)" >/dev/null
