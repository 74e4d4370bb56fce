#!/usr/bin/env bash
# Benchmark covplan's accessibility scores: 10^5 demand x 10^4 supply, ~50 supply sites in each
# demand point's catchment, as a table. Goal: under 1 s for pairs + compute.
#
# Usage: tests/bench/run_bench_access.sh [--demand M] [--supply N] [--per K]
# Environment: CC (default gcc). Not a CTest test: timings depend on the machine.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${BENCH_DIR:-${TMPDIR:-/tmp}/covplan-bench-access}"
mkdir -p "$work"
"${CC:-gcc}" -std=c11 -O2 -Wall -Wextra -Wno-unused-parameter -D_XOPEN_SOURCE=700 -I"$root" \
    "$here/bench_access.c" "$root/geo/kdtree.c" "$root/geo/ctx.c" "$root/planner/access/measure/access_core.c" \
    "$root/planner/access/measure/access_pairs.c" "$root/planner/access/measure/access_weight.c" "$root/planner/access/measure/access_raam.c" \
    -o "$work/bench_access" $(pkg-config --cflags --libs proj) -lm
printf '%-8s %8s %7s %10s %9s %9s %11s %11s %9s\n' method demand supply "catchment" pairs \
    "per dem" "pairs ms" "compute ms" "total ms"
"$work/bench_access" "$@" | while read -r line; do
    declare -A kv=()
    for pair in $line; do kv[${pair%%=*}]="${pair#*=}"; done
    printf '%-8s %8s %7s %8s m %9s %9s %11s %11s %9s\n' "${kv[method]}" "${kv[demand]}" \
        "${kv[supply]}" "${kv[catchment_m]}" "${kv[pairs]}" "${kv[per_demand]}" \
        "${kv[pairs_ms]}" "${kv[compute_ms]}" "${kv[total_ms]}"
done
echo "pairs ms = KD-tree range queries + per-row sort; compute = weights, both steps, mean (best of 3)." >&2
