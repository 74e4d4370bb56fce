#!/usr/bin/env bash
# Build covplan and run the whole test suite twice: a normal build, then an ASan+UBSan build.
# Usage: scripts/test.sh [--no-sanitize]
# Shared data: $COV_SHARED_DIR, default ../shared beside the checkout.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
"$ROOT/scripts/deps.sh"
export COV_SHARED_DIR=${COV_SHARED_DIR:-$ROOT/../shared}
[ -d "$COV_SHARED_DIR/data" ] || { echo "covplan: error: shared data not found at $COV_SHARED_DIR; set COV_SHARED_DIR" >&2; exit 1; }
COV_SHARED_DIR=$(cd "$COV_SHARED_DIR" && pwd)

echo "== stage 1: build and test"
"$ROOT/scripts/build.sh" "$ROOT/build" -DCOV_SHARED_DIR="$COV_SHARED_DIR"
(cd "$ROOT/build" && ctest --output-on-failure -j2)

if [ "${1:-}" != --no-sanitize ]; then
    echo "== stage 2: AddressSanitizer + UndefinedBehaviorSanitizer build, same tests"
    "$ROOT/scripts/build.sh" "$ROOT/build-asan" -DCOV_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug -DCOV_SHARED_DIR="$COV_SHARED_DIR"
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1
    export LSAN_OPTIONS=suppressions=$ROOT/tests/lsan.supp:print_suppressions=0
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    export COV_SANITIZED=1 # valgrind steps of the CLI tests run plainly (ASan checks them)
    (cd "$ROOT/build-asan" && ctest --output-on-failure -j2)
fi
