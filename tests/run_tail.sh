#!/bin/sh
# run_tail.sh N CMD [ARGS...] — run CMD, print the last N lines of its output
# (stdout and stderr), and exit with CMD's status; on failure print it all.
# (A pipe into `tail` would hide the status: a test that cannot fail.)
n=$1; shift
log=$(mktemp "${TMPDIR:-/tmp}/run_tail.XXXXXX") || exit 2
"$@" > "$log" 2>&1
rc=$?
if [ "$rc" -ne 0 ]; then cat "$log"; echo "run_tail: $* exited with $rc" >&2; else tail -n "$n" "$log"; fi
rm -f "$log"
exit "$rc"
