#!/usr/bin/env bash
# Benchmark the siting solvers and print a table: the MCLP heuristic (greedy CELF + Teitz-Bart
# interchange + iterated local search) on 10^5 demand points x 10^4 candidates, p = 50, with
# its Lagrangian bound and gap; then the SF reference case solved exactly (GLPK) and by the
# heuristics.
#
# Usage: tests/bench/run_bench_site.sh [extra bench_site options, e.g. --radius 2000]
# Environment: CC (default gcc), BENCH_DIR (default ${TMPDIR:-/tmp}/covplan-bench-site),
#              COV_SHARED_DIR (default ../shared). Not a CTest test: timings depend on the machine.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${BENCH_DIR:-${TMPDIR:-/tmp}/covplan-bench-site}"
shared="${COV_SHARED_DIR:-$root/../shared}"
mkdir -p "$work"
"${CC:-gcc}" -std=c11 -O2 -Wall -Wextra -Wno-unused-parameter -D_XOPEN_SOURCE=700 -I"$root" \
    "$here/bench_site.c" "$root/geo/ctx.c" "$root/geo/kdtree.c" "$root"/planner/site/solver/site_inst.c \
    "$root"/planner/site/solver/site_heur.c "$root"/planner/site/solver/site_median.c "$root"/planner/site/solver/site_glpk.c \
    "$root"/planner/site/solver/site_solve.c "$root"/planner/site/solver/site_matrix.c \
    -o "$work/bench_site" $(pkg-config --cflags --libs gdal proj) -lglpk -lm
# clustered demand (60% in towns: heavy overlap, a harder LP) and uniform demand
"$work/bench_site" --sf "$shared/reference/spopt_sf/SF_network_distance_candidateStore_16_censusTract_205_new.csv" "$@"
"$work/bench_site" --towns 0 "$@" | tail -n +2
