#!/bin/sh
# Build and run the render benchmark (not a CTest case): 40k polygons + 1M points to 4000x3000 PNG.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${TMPDIR:-/tmp}/covplan-bench-render
mkdir -p "$out"
gcc -std=c11 -O2 -D_POSIX_C_SOURCE=200809L -I"$root" "$root"/geo/ctx.c "$root"/render/*.c \
    "$root"/tests/bench/bench_render.c -o "$out/bench_render" \
    $(pkg-config --cflags --libs cairo pangocairo gdal proj) -lm
"$out/bench_render" "$out/bench_render.png"
