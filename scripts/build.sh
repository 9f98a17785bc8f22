#!/usr/bin/env bash
# Configures and builds drsim into ./build with warnings as errors (extra args go to cmake).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -G Ninja -DDRSIM_WERROR=ON "$@"
cmake --build "$BUILD_DIR" -j "${JOBS:-2}"
