#!/bin/sh
# transcript.sh RUNNER MMAPCOL FILE... — a byte-exact record of what mmapcol
# prints (stdout and exit status; stderr is left out because OS error texts
# differ between platforms) for every file: `ls`, `cat` of every dataset,
# `attrs` of every object, `table`, `export`, `check`. The transcripts of the
# x86-64, armhf, s390x and Windows builds must be identical (tests/cross.mk).
# RUNNER is "" for a native binary, "qemu-arm", "qemu-s390x" or "wine".
# Paths are printed as given, so give the same relative paths to every run.
# At most $TRANSCRIPT_MAX_OBJECTS (default 25) objects per file get cat/attrs
# (the first ones in ls order), to keep emulated runs short.
set -u
max=${TRANSCRIPT_MAX_OBJECTS:-25}
errlog=${TRANSCRIPT_ERRLOG:-/dev/null}   # stderr of every command goes there
runner=$1
mmapcol=$2
shift 2
tmp=${TMPDIR:-/tmp}/transcript.$$
trap 'rm -f "$tmp" "$tmp.out" "$tmp.err"' EXIT INT TERM

run() {
    printf '$ mmapcol'
    for a in "$@"; do printf ' %s' "$a"; done
    printf '\n'
    [ "$errlog" = /dev/null ] || printf '$ mmapcol %s\n' "$*" >> "$errlog"
    $runner "$mmapcol" "$@" >"$tmp.out" 2>"$tmp.err"
    rc=$?
    # wine now and then fails to start a process: exit 1 with no output, or
    # only wine's own "wine client error: ... recvmsg" on stderr (mmapcol
    # itself always prints a "mmapcol: " line when it fails). Retry that.
    tries=0
    while [ "$runner" = wine ] && [ $rc -ne 0 ] && [ ! -s "$tmp.out" ] && ! grep -q '^mmapcol' "$tmp.err" && [ $tries -lt 6 ]; do
        tries=$((tries + 1))
        [ "$errlog" = /dev/null ] || printf '(wine start failure, retry %d)\n' $tries >> "$errlog"
        $runner "$mmapcol" "$@" >"$tmp.out" 2>"$tmp.err"
        rc=$?
    done
    cat "$tmp.out"
    cat "$tmp.err" >> "$errlog"
    printf '[exit %d]\n' $rc
}

for f in "$@"; do
    printf '### %s\n' "$f"
    run ls "$f"
    $runner "$mmapcol" ls "$f" 2>/dev/null | tr -d '\r' > "$tmp"
    # path TAB kind ...: cat every dataset, attrs of every group and dataset
    while IFS='	' read -r path kind rest; do
        case $kind in
            dataset) run cat "$f" "$path"; run attrs "$f" "$path" ;;
            group|datatype) run attrs "$f" "$path" ;;
        esac
    done <<EOT
$(head -n "$max" "$tmp")
EOT
    run table "$f"
    run export "$f"
    run stats "$f"
    run check "$f"
done
