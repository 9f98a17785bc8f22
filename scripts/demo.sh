#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds drsim and runs it on the bundled example model.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
DRSIM=${BUILD_DIR:-build}/cli/drsim
run() { echo; echo "\$ drsim $*"; "$DRSIM" "$@"; }
run validate examples/small.yaml
run blast-radius examples/small.yaml --fail region:eu-west-1
run analyze examples/small.yaml
# A region loss at 02:10 breaches objectives on purpose (exit 1): that is a finding, not a failure.
run simulate examples/small.yaml --scenario region:eu-west-1 --at 02:10 --report out || [ $? -eq 1 ]
echo; echo "reports written to out/: $(ls out | tr '\n' ' ')"
