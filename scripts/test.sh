#!/usr/bin/env bash
# The test command: builds drsim (warnings as errors) and runs every test with CTest.
# Tests that need PostgreSQL start their own private server; tests that need Chromium use
# /usr/bin/chromium headless. Run scripts/setup.sh once first on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
scripts/build.sh "$@"
ctest --test-dir "$BUILD_DIR" --output-on-failure -j "${JOBS:-2}" ${CTEST_ARGS:-}
