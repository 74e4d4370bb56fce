#!/usr/bin/env bash
# Benchmark: write the Hong Kong report (zh and en, A4) and print the time of each, best of 5.
# Goal (issue 9): under 3 s. Usage: tests/bench/bench_report_hk.sh [BUILD_DIR]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-$ROOT/build}
COVPLAN=$BUILD/covplan
SHARED=${COV_SHARED_DIR:-$ROOT/../shared}
HK=$SHARED/data/hong_kong/hong_kong.gpkg
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
P=$W/hk.sqlite
"$COVPLAN" init "$P" >/dev/null
"$COVPLAN" import "$P" areas "$HK" -l districts --id-field code -q >/dev/null
"$COVPLAN" import "$P" facilities "$HK" -l clinics --role health -q >/dev/null
"$COVPLAN" import "$P" facilities "$HK" -l eldercare --role eldercare -q >/dev/null
"$COVPLAN" analyze "$P" --clinics hospital,general_outpatient_clinic,public_clinic -q >/dev/null
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
