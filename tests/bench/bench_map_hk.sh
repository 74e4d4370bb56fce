#!/usr/bin/env bash
# Benchmark: render the Hong Kong coverage map (PNG, PDF, SVG) and print the time of each.
# Goal (issue 4): under 0.5 s per map. Usage: tests/bench/bench_map_hk.sh [BUILD_DIR]
set -euo pipefail
. "$(dirname "$0")/hk_project.sh" "${1:-}"
printf '%-8s %-10s %10s\n' format theme "best of 5 (s)"
for theme in coverage gaps; do
    for fmt in png pdf svg; do
        best=999
        for _ in 1 2 3 4 5; do
            t0=$(date +%s.%N)
            "$COVPLAN" map "$P" -o "$W/m.$fmt" --theme "$theme" >/dev/null
            t1=$(date +%s.%N)
            best=$(echo "$t1 $t0 $best" | awk '{d = $1 - $2; print (d < $3) ? d : $3}')
        done
        printf '%-8s %-10s %10.3f\n' "$fmt" "$theme" "$best"
    done
done
