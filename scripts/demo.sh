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
# The small shop breaches objectives on purpose (exit 1): that is a finding, not a failure.
# simulate's summary says which, and where it wrote the reports.
run analyze examples/small.yaml || [ $? -eq 1 ]
run simulate examples/small.yaml --scenario region:eu-west-1 --at 02:10 --report out || [ $? -eq 1 ]
