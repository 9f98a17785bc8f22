#!/usr/bin/env bash
# The bash completion that `drsim completion bash` prints (cli/completion_script.hpp), sourced in
# bash and asked as bash asks it: COMP_WORDS/COMP_CWORD set, _drsim called, COMPREPLY read.
# usage: completion_test.sh DRSIM [SCRIPT] (SCRIPT: an installed copy to test instead)
set -u
drsim=$1
script=$(mktemp)
trap 'rm -f "$script"' EXIT
if [ $# -ge 2 ]; then
  cp "$2" "$script"
else
  "$drsim" completion bash >"$script" || { echo "FAIL: drsim completion bash exited $?"; exit 1; }
fi
# shellcheck disable=SC1090
source "$script"
failures=0
expect() {  # expect "<offered words>" <words of the command line, the last being completed>
  local want=$1
  shift
  COMP_WORDS=("$@")
  COMP_CWORD=$(($# - 1))
  COMPREPLY=()
  _drsim
  local got="${COMPREPLY[*]}"
  if [ "$got" != "$want" ]; then
    echo "FAIL: drsim ${*:2}<TAB>: offered '$got', expected '$want'"
    failures=$((failures + 1))
  else
    echo "ok: drsim ${*:2}<TAB> -> '$got'"
  fi
}
expect "simulate" drsim sim
expect "validate graph blast-radius report simulate merge compare analyze drill history calibrate evidence" drsim ""
expect "" drsim man          # the hidden generators are not offered
expect "plan run cleanup" drsim drill ""
expect "run" drsim drill r
expect "--format" drsim simulate --fo
expect "text json" drsim simulate -f ""
expect "json" drsim simulate examples/small.yaml --format j
expect "md html junit json" drsim report --format ""
expect "dot json" drsim graph -f ""
expect "--dry-run" drsim drill run --dr
expect "--no-history" drsim drill run --no
expect "list show targets metrics" drsim history ""
expect "--now" drsim history targets --no
expect "verify report" drsim evidence ""
expect "--public-key" drsim evidence verify --pu
expect "--overlay --overlay-out" drsim calibrate m.yaml --overl
expect "--overlay" drsim simulate m.yaml --overl
expect "--sign-key" drsim drill run --si
expect "-h --help --version" drsim -
expect "" drsim simulate ""   # the model: the shell's file names (complete -o default)
expect "" drsim simulate -o "" # a file
# An option's value is not a subcommand: "-o report" leaves simulate's options in place.
expect "--report" drsim simulate -o report --rep
[ "$(complete -p drsim)" = "complete -o default -F _drsim drsim" ] \
  || { echo "FAIL: not registered: $(complete -p drsim)"; failures=$((failures + 1)); }
[ "$failures" -eq 0 ] || { echo "$failures failures"; exit 1; }
