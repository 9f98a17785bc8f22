# Sourced by the CLI test scripts, which set `drsim` first: `out` is a scratch directory removed on
# exit, and the runs' timestamp is fixed (SOURCE_DATE_EPOCH) so outputs compare byte for byte.
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export SOURCE_DATE_EPOCH=1795316400

# run EXPECTED_EXIT COMMAND...: runs drsim, fails unless it exits EXPECTED_EXIT.
run() {
  expected=$1
  shift
  status=0
  "$drsim" "$@" || status=$?
  if [ "$status" -ne "$expected" ]; then
    echo "drsim $*: exit $status, expected $expected" >&2
    exit 1
  fi
}

# expect EXIT EXPECTED-STDERR COMMAND...: runs drsim COMMAND... (stdout to $out/stdout) and fails
# the test unless it exits EXIT with exactly EXPECTED-STDERR on stderr.
expect() {
  code=$1
  expected=$2
  shift 2
  status=0
  "$drsim" "$@" >"$out/stdout" 2>"$out/err" || status=$?
  if [ "$status" -ne "$code" ] || [ "$(cat "$out/err")" != "$expected" ]; then
    echo "drsim $*: exit $status, expected $code; stderr:" >&2
    cat "$out/err" >&2
    echo "expected:" >&2
    echo "$expected" >&2
    exit 1
  fi
}
