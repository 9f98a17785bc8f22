#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds drsim and runs it on the bundled example model.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
DRSIM=build/cli/drsim
set -x
"$DRSIM" validate examples/small.yaml
"$DRSIM" blast-radius examples/small.yaml --fail region:eu-west-1
