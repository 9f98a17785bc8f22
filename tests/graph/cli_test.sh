#!/bin/sh
# CLI checks of `drsim graph` and `drsim blast-radius` on the bundled examples: exit codes
# (0 ok, 2 any mistake in --fail, 3 invalid model), that every example validates, and
# that the outputs are what an architect and a tool expect.
#   tests/graph/cli_test.sh DRSIM SOURCE_DIR
set -u
drsim=$1
src=$2
failures=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# expect CODE DESCRIPTION -- COMMAND...: runs COMMAND, checks its exit code.
expect() {
  code=$1
  what=$2
  shift 3
  "$@" > "$work/out" 2> "$work/err"
  got=$?
  if [ "$got" -ne "$code" ]; then
    echo "FAIL: $what: exit $got, expected $code" >&2
    sed 's/^/  | /' "$work/err" >&2
    failures=$((failures + 1))
  fi
}

# contains FILE TEXT DESCRIPTION: the file holds the exact line TEXT.
contains() {
  if ! grep -qxF -- "$2" "$1"; then
    echo "FAIL: $3: no line '$2' in output" >&2
    sed 's/^/  | /' "$1" >&2
    failures=$((failures + 1))
  fi
}

for example in "$src"/examples/*.yaml; do
  expect 0 "validate $(basename "$example")" -- "$drsim" validate -q "$example"
done

small=$src/examples/small.yaml
expect 0 "blast-radius of a zone" -- "$drsim" blast-radius "$small" --fail az:euw1-az1
contains "$work/out" "hit directly (1):" "a zone of the small example takes its database primary"
contains "$work/out" "  orders-db: its primary copy is lost; 1 of 2 instances left, needs 1; lost 1 in euw1-az1; recovery: automatic failover, at least 1 min 30 s" \
  "the database fails over in 90 s"

expect 0 "blast-radius of a region as JSON" -- "$drsim" blast-radius "$small" \
  --fail region:eu-west-1 --format json
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); \
assert [s["service"] for s in d["data_sets_keeping_a_copy"]] == ["orders-db"], d; \
assert d["data_sets_keeping_a_copy"][0]["backups_kept"][0]["store"] == "s3-euc1", d' "$work/out" \
  || { echo "FAIL: region JSON does not keep the cross-region snapshot" >&2; failures=$((failures + 1)); }

expect 2 "a --fail without CLASS:ID is a usage error" -- "$drsim" blast-radius "$small" --fail euw1-az1
contains "$work/err" "<command line>: error: --fail: 'euw1-az1' is not CLASS:ID" \
  "malformed --fail message"
expect 2 "an unknown failure class is a usage error" -- "$drsim" blast-radius "$small" --fail zone:euw1-az1
expect 2 "an unknown --format is a usage error" -- "$drsim" blast-radius "$small" --fail az:euw1-az1 \
  --format yaml
expect 2 "an unknown zone is a command-line error" -- "$drsim" blast-radius "$small" \
  --fail az:euw1-az9
contains "$work/err" "<command line>: error: --fail: 'az:euw1-az9': no zone 'euw1-az9' in the model" \
  "unknown zone message"
contains "$work/err" "  hint: did you mean 'euw1-az1'?" "unknown zone hint"
expect 3 "a missing model is invalid input" -- "$drsim" blast-radius "$work/none.yaml" --fail az:x

expect 0 "graph as DOT" -- "$drsim" graph "$small" --format dot
contains "$work/out" '  "svc:api" -> "svc:payments" [label="queued 24 h", style=dashed];' \
  "queued dependency edge"
expect 0 "graph as JSON to a file" -- "$drsim" graph "$small" --format json -o "$work/graph.json"
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); \
assert d["format"] == "drsim-graph" and len(d["services"]) == 7, d' "$work/graph.json" \
  || { echo "FAIL: graph JSON" >&2; failures=$((failures + 1)); }
expect 4 "graph to an unwritable file" -- "$drsim" graph "$small" -o "$work/no/such/dir/g.dot"

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "all graph/blast-radius CLI checks passed"
