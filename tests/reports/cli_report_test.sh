#!/bin/sh
# `drsim report` end to end: formats, golden outputs, exit codes (0 met, 1 breached, 2 usage,
# 3 invalid result, 4 unwritable output). usage: cli_report_test.sh DRSIM SOURCE_DIR OUT_DIR
set -u
drsim=$1; src=$2; out=$3
data=$src/tests/data/results; golden=$src/tests/reports/golden
mkdir -p "$out"
failures=0
check() {  # check <expected-rc> <description> <command...>
  want=$1; what=$2; shift 2
  "$@" >"$out/stdout" 2>"$out/stderr"; rc=$?
  if [ "$rc" -ne "$want" ]; then
    echo "FAIL: $what: exit $rc, expected $want"; cat "$out/stderr"; failures=$((failures + 1))
  else
    echo "ok: $what (exit $rc)"
  fi
}
same() {  # same <file> <golden>
  if ! cmp -s "$1" "$2"; then echo "FAIL: $1 differs from $2"; diff "$2" "$1" | head -20; failures=$((failures + 1)); fi
}

check 1 "markdown of a run with breaches" "$drsim" report "$data/shop-simulation.json" --format md -o "$out/shop.md"
same "$out/shop.md" "$golden/shop.md"
check 1 "junit" "$drsim" report "$data/shop-simulation.json" --format junit -o "$out/shop.junit.xml"
same "$out/shop.junit.xml" "$golden/shop.junit.xml"
check 1 "html" "$drsim" report "$data/shop-simulation.json" --format html -o "$out/shop.html"
check 1 "simulation and drill side by side" "$drsim" report "$data/shop-simulation.json" "$data/orders-db-drill.json" --format md -o "$out/shop-with-drill.md"
same "$out/shop-with-drill.md" "$golden/shop-with-drill.md"
check 1 "html of simulation and drill" "$drsim" report "$data/shop-simulation.json" "$data/orders-db-drill.json" --format html -o "$out/shop-with-drill.html"
# Long and bidi names (issue 15): a 2,000-character unbroken service name, a legal 128-character zone id
# and a right-to-left override in a scenario id; the Chromium check measures the page width.
/usr/bin/python3 - "$data/shop-simulation.json" "$out/long-and-bidi-names.json" <<'EOF'
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
text = text.replace('"web"', json.dumps("web" + "x" * 1997))
text = text.replace("az:eu-west-1a", "az:euwest1a" + "0" * 120)
text = text.replace("dependency:payment-processor", "dependency:\u202epayment-processor")
open(sys.argv[2], "w", encoding="utf-8").write(text)
EOF
check 1 "html of long and bidi names" "$drsim" report "$out/long-and-bidi-names.json" --format html -o "$out/long-and-bidi-names.html"
# A realistic report to print: every scenario of the small example, with breaches, unrecovered
# rows and missing policies.
check 1 "simulate every scenario of the small example" "$drsim" simulate "$src/examples/small.yaml" --all --format json -o "$out/small-all.json"
check 1 "html of every scenario of the small example" "$drsim" report "$out/small-all.json" --format html -o "$out/small-all.html"
check 0 "a drill with every objective met" "$drsim" report "$data/orders-db-drill.json" --format junit
grep -q '<testcase classname="orders-db-pitr" name="orders-db rto">' "$out/stdout" || { echo "FAIL: junit on stdout"; failures=$((failures + 1)); }
check 1 "markdown of a simulation that says its phases" "$drsim" report "$data/managed-phases.json" --format md -o "$out/managed-phases.md"
same "$out/managed-phases.md" "$golden/managed-phases.md"
check 1 "junit of a simulation that says its phases" "$drsim" report "$data/managed-phases.json" --format junit -o "$out/managed-phases.junit.xml"
same "$out/managed-phases.junit.xml" "$golden/managed-phases.junit.xml"
check 1 "json round trip of phases and worst RPOs" "$drsim" report "$data/managed-phases.json" --format json -o "$out/managed-phases.json"
/usr/bin/python3 -c 'import json,sys; a,b=(json.load(open(f)) for f in sys.argv[1:]); sys.exit(a!=b)' "$out/managed-phases.json" "$data/managed-phases.json" \
  || { echo "FAIL: json round trip changed the phases"; failures=$((failures + 1)); }
check 1 "json round trip" "$drsim" report "$data/shop-simulation.json" --format json -o "$out/shop.json"
/usr/bin/python3 -c 'import json,sys; a,b=(json.load(open(f)) for f in sys.argv[1:]); sys.exit(a!=b)' "$out/shop.json" "$data/shop-simulation.json" \
  || { echo "FAIL: json round trip changed the result"; failures=$((failures + 1)); }

# Names from result files stay text in Markdown as GitHub renders it (cmark-gfm): no link, no
# entity turned into a character, no HTML, no emphasis, no control character (issue 15 item 5).
check 0 "markdown of names that look like markup" "$drsim" report "$data/hostile-names.json" --format md -o "$out/hostile-names.md"
same "$out/hostile-names.md" "$golden/hostile-names.md"
cmark-gfm --extension table "$out/hostile-names.md" > "$out/hostile-names.html"
for markup in '<a ' '<img' '<b>' '<em>' '<code>' '<del>' "$(printf '\033')" '&amp; b' ; do
  if grep -q -- "$markup" "$out/hostile-names.html"; then echo "FAIL: rendered Markdown holds $markup"; failures=$((failures + 1)); fi
done
[ "$(grep -c '\[l\](javascript:alert(3))' "$out/hostile-names.html")" -eq 5 ] \
  || { echo "FAIL: the link-like name is not shown as text 5 times"; failures=$((failures + 1)); }
[ "$(grep -c 'a &amp;amp; b' "$out/hostile-names.html")" -eq 4 ] \
  || { echo "FAIL: the entity-like name is not shown as written 4 times"; failures=$((failures + 1)); }

# A drill that failed verification is a failure although it had no objective: every format and
# the exit code, also for results whose verdicts do not say so (issue 15 item 6).
check 1 "markdown of a failed drill without objectives" "$drsim" report "$data/failed-drill-no-objectives.json" --format md -o "$out/failed-drill.md"
grep -q '^\*\*✗ Objectives breached\*\* — 1 scenario, 2 objectives: 0 met, 1 breached, 1 missing policy, 0 not applicable\.$' "$out/failed-drill.md" \
  || { echo "FAIL: markdown of the failed drill"; failures=$((failures + 1)); }
grep -q '^| orders-db | down | RPO | none | no recovery point | \*\*✗ BREACHED\*\* |$' "$out/failed-drill.md" \
  || { echo "FAIL: the failed drill's RPO row"; failures=$((failures + 1)); }
check 1 "junit of a failed drill without objectives" "$drsim" report "$data/failed-drill-no-objectives.json" --format junit -o "$out/failed-drill.junit.xml"
same "$out/failed-drill.junit.xml" "$golden/failed-drill.junit.xml"
check 1 "html of a failed drill without objectives" "$drsim" report "$data/failed-drill-no-objectives.json" --format html -o "$out/failed-drill.html"
grep -q '✗ Objectives breached' "$out/failed-drill.html" || { echo "FAIL: html of the failed drill"; failures=$((failures + 1)); }
check 1 "json of a failed drill without objectives" "$drsim" report "$data/failed-drill-no-objectives.json" --format json -o "$out/failed-drill.json"
/usr/bin/python3 -c 'import json,sys; o=json.load(open(sys.argv[1]))["scenarios"][0]["services"][0]["objectives"]; sys.exit([x["verdict"] for x in o] != ["missing_policy", "breached"])' "$out/failed-drill.json" \
  || { echo "FAIL: json of the failed drill"; failures=$((failures + 1)); }

# Two results with the same scenario ids: every JUnit test case names its run (issue 15 item 7).
check 1 "junit of one model simulated twice" "$drsim" report "$data/shop-simulation.json" "$data/shop-simulation.json" --format junit -o "$out/shop-twice.junit.xml"
[ "$(grep -c '<testcase classname="shop #2 / region:eu-west-1" ' "$out/shop-twice.junit.xml")" -eq 10 ] \
  || { echo "FAIL: junit test cases of the second run"; failures=$((failures + 1)); }

sed 's/"verdict": "breached"/"verdict": "failed"/' "$data/shop-simulation.json" > "$out/bad-verdict.json"
check 3 "an invalid result file" "$drsim" report "$out/bad-verdict.json" --format md
grep -q "bad-verdict.json:50:78: error: /scenarios/0/services/1/objectives/0/verdict: unknown verdict 'failed'" "$out/stderr" \
  || { echo "FAIL: located diagnostic missing:"; cat "$out/stderr"; failures=$((failures + 1)); }
grep -q "hint: allowed verdicts: met, breached, not_applicable, missing_policy" "$out/stderr" \
  || { echo "FAIL: hint missing"; failures=$((failures + 1)); }
check 3 "a missing result file" "$drsim" report "$out/no-such-file.json"
check 2 "an unknown format" "$drsim" report "$data/shop-simulation.json" --format pdf
check 2 "json of two results" "$drsim" report "$data/shop-simulation.json" "$data/orders-db-drill.json" --format json
check 4 "an output file that cannot be written" "$drsim" report "$data/shop-simulation.json" -o "$out/no-such-dir/x.md"

[ "$failures" -eq 0 ] || { echo "$failures failures"; exit 1; }
