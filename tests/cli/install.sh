# install.sh: `make install DESTDIR=...` puts exactly the binary, the man
# pages, the systemd unit and the sysusers.d file of its user, the sample
# configuration and the documents where configure said; the installed binary
# accepts the sample configuration, whose files lie in the unit's state
# directory; systemd verifies the unit (its ExecStart the installed binary)
# and rates its hardening OK; a site's own configuration survives a reinstall
# and an uninstall, which removes everything else.
. "${FLEXHOURS_SRCDIR:?}/tests/cli/lib.sh"
need make make
need systemd-analyze systemd
need systemd-sysusers systemd
: "${FH_BINDIR:?}" "${FH_SYSCONFDIR:?}" "${FH_DOCDIR:?}" "${FH_MAN1DIR:?}" "${FH_MAN5DIR:?}"
: "${FH_UNITDIR:?}" "${FH_SYSUSERSDIR:?}"
dest="$scratch/root"

# make from inside make check: not the jobs of the make that runs the tests.
submake() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "${FLEXHOURS_BUILDDIR:?}" "$@"; }

submake install DESTDIR="$dest" >"$scratch/install.log" 2>&1 ||
    { fail "make install failed: $(tail -n 20 "$scratch/install.log")"; finish; }

conf="$FH_SYSCONFDIR/flexhours/flexhours.json"
unit="$FH_UNITDIR/flexhours.service"
{
    echo "$FH_BINDIR/flexhours"
    echo "$FH_MAN1DIR/flexhours.1"
    echo "$FH_MAN5DIR/flexhours.conf.5"
    echo "$conf"
    [ "$FH_UNITDIR" != no ] && echo "$unit"
    [ "$FH_SYSUSERSDIR" != no ] && echo "$FH_SYSUSERSDIR/flexhours.conf"
    for doc in README.md LICENSE docs/api.md docs/store.md docs/web.md notifier/README.md \
        examples/flexhours.json; do
        echo "$FH_DOCDIR/$doc"
    done
} | sort >"$scratch/expected"
(cd "$dest" && find . -type f -o -type l) | sed 's|^\.||' | sort >"$scratch/installed"
if ! cmp -s "$scratch/expected" "$scratch/installed"; then
    fail "make install did not install exactly the expected files:
$(diff "$scratch/expected" "$scratch/installed")"
fi

# The binary runs, and takes the sample configuration as serve would.
[ -x "$dest$FH_BINDIR/flexhours" ] || fail "$FH_BINDIR/flexhours is not executable"
bin="$dest$FH_BINDIR/flexhours"
run 0 version
out_has '^flexhours [0-9]'
run 0 check-config "$dest$conf"
out_has ': good: 1 office, listen 127.0.0.1:8080, database /var/lib/flexhours/flexhours.db'
cmp -s "$dest$conf" "$dest$FH_DOCDIR/examples/flexhours.json" ||
    fail "the configuration installed is not the sample of $FH_DOCDIR/examples"
grep -q 'flexhours.conf(5)' "$dest$conf" || fail "the sample configuration does not point to flexhours.conf(5)"
# Nothing in it is world-writable, and the man pages are found where man looks.
[ -z "$(find "$dest" -type f -perm -o+w)" ] || fail "world-writable files installed"
MANPATH="$dest${FH_MAN1DIR%/man1}" MAN_DISABLE_SECCOMP=1 man -w flexhours.conf >/dev/null 2>&1 ||
    fail "man -w flexhours.conf does not find the installed page"

if [ "$FH_UNITDIR" != no ]; then
    u="$dest$unit"
    # The unit starts the installed binary on the installed configuration.
    grep -qxF "ExecStart=$FH_BINDIR/flexhours serve --config $conf" "$u" ||
        fail "the unit's ExecStart is not '$FH_BINDIR/flexhours serve --config $conf': $(grep ExecStart "$u")"
    # The database, its key file and the outbox file of the sample are in the
    # unit's state directory (the one directory it may write).
    state=/var/lib/$(sed -n 's/^StateDirectory=//p' "$u")
    for key in database key_file outbox_log; do
        value=$(sed -n "s/^  \"$key\": \"\\(.*\\)\",\$/\\1/p" "$dest$conf")
        case "$value" in
        "$state"/*) ;;
        *) fail "the sample's $key ($value) is outside the unit's state directory $state" ;;
        esac
    done
    # The hardening the issue asks for, each as systemd reads it.
    for line in Type=exec User=flexhours ProtectSystem=strict NoNewPrivileges=yes PrivateTmp=yes \
        ProtectHome=yes PrivateDevices=yes 'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX' \
        SystemCallFilter=@system-service CapabilityBoundingSet= LockPersonality=yes \
        MemoryDenyWriteExecute=yes KillSignal=SIGTERM Restart=on-failure; do
        grep -qxF "$line" "$u" || fail "the unit lacks $line"
    done
    # SIGTERM: the server is gone within 10 s (docs/api.md, Shutdown); systemd
    # must not kill it before.
    stop=$(sed -n 's/^TimeoutStopSec=\([0-9]*\)s*$/\1/p' "$u")
    [ -n "$stop" ] && [ "$stop" -ge 10 ] || fail "TimeoutStopSec=${stop:-unset}: under the 10 s a server may take to stop"
    # systemd verifies the unit as installed: a copy whose ExecStart reaches
    # the binary under DESTDIR, so that verify checks it exists and runs.
    # Any warning (an unknown key, a bad value) fails it.
    mkdir -p "$scratch/unit"
    sed "s|=$FH_BINDIR/flexhours |=$dest$FH_BINDIR/flexhours |" "$u" >"$scratch/unit/flexhours.service"
    systemd-analyze verify --man=no "$scratch/unit/flexhours.service" >"$scratch/verify" 2>&1 ||
        fail "systemd-analyze verify failed: $(cat "$scratch/verify")"
    [ -s "$scratch/verify" ] && fail "systemd-analyze verify warns: $(cat "$scratch/verify")"
    # Its exposure, as systemd rates it: at most 2.0 of 10 ("OK").
    systemd-analyze security --offline=yes --threshold=20 --no-pager "$scratch/unit/flexhours.service" \
        >"$scratch/security" 2>&1 ||
        fail "systemd-analyze security rates the unit over 2.0: $(grep -E 'Overall|✗' "$scratch/security")"
fi
if [ "$FH_SYSUSERSDIR" != no ]; then
    systemd-sysusers --dry-run --root="$dest" "$dest$FH_SYSUSERSDIR/flexhours.conf" \
        >"$scratch/sysusers" 2>&1 || fail "systemd-sysusers refuses the file: $(cat "$scratch/sysusers")"
    grep -q "Creating user 'flexhours'" "$scratch/sysusers" ||
        fail "systemd-sysusers would not create the user flexhours: $(cat "$scratch/sysusers")"
fi

# A site's own configuration is never overwritten nor removed.
printf '{"listen": "127.0.0.1:8181"}\n' >"$dest$conf"
submake install DESTDIR="$dest" >"$scratch/install.log" 2>&1 || fail "make install again failed"
grep -q 8181 "$dest$conf" || fail "make install overwrote the site's configuration"
grep -q "keeping $dest$conf" "$scratch/install.log" || fail "make install did not say it kept the configuration"
submake uninstall DESTDIR="$dest" >"$scratch/uninstall.log" 2>&1 || fail "make uninstall failed"
left=$(cd "$dest" && find . -type f | sed 's|^\.||')
[ "$left" = "$conf" ] || fail "make uninstall should leave only the site's $conf, left: $left"
# Unchanged, the sample goes with the rest.
rm -f "$dest$conf"
submake install DESTDIR="$dest" >/dev/null 2>&1 && submake uninstall DESTDIR="$dest" >/dev/null 2>&1 ||
    fail "make install then make uninstall failed"
[ -z "$(cd "$dest" && find . -type f)" ] || fail "make uninstall left $(cd "$dest" && find . -type f)"
finish
