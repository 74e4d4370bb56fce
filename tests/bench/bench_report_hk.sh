#!/usr/bin/env bash
# Benchmark: write the Hong Kong report (zh and en, A4) and print the time of each, best of 5.
# Goal (issue 9): under 3 s. Usage: tests/bench/bench_report_hk.sh [BUILD_DIR]
set -euo pipefail
. "$(dirname "$0")/hk_project.sh" "${1:-}"
printf '%-6s %-6s %6s %10s %14s\n' lang paper pages "size (KB)" "best of 5 (s)"
for lang in zh en; do
    for paper in A4 A3; do
        best=999
        for _ in 1 2 3 4 5; do
            t0=$(date +%s.%N)
            "$COVPLAN" report "$P" -o "$W/r.pdf" --lang "$lang" --paper "$paper" -q
            t1=$(date +%s.%N)
            best=$(echo "$t1 $t0 $best" | awk '{d = $1 - $2; print (d < $3) ? d : $3}')
        done
        pages=$(pdfinfo "$W/r.pdf" | awk '/^Pages:/ {print $2}')
        printf '%-6s %-6s %6s %10d %14.3f\n' "$lang" "$paper" "$pages" $(( $(stat -c %s "$W/r.pdf") / 1024 )) "$best"
    done
done
