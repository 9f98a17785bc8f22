# Sourced by the CLI test scripts, which set `drsim` and `out` first.
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
