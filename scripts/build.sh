#!/usr/bin/env bash
# Configure and build covplan into a build folder: scripts/build.sh [BUILD_DIR [cmake args...]]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build}
shift || true
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$BUILD" -j"$(nproc)" 2>&1 | grep -Ev '^\[|^-- ' || true
test -x "$BUILD/covplan"
