#!/usr/bin/env bash
# Benchmark: import N random points (CSV, lon/lat) into a Hong Kong project as elder-care sites
# and print rows per second, best of 3, beside a peer: GDAL's ogr2ogr writing the same CSV into
# a SpatiaLite table with a spatial index in one transaction (no checks, no area assignment).
# Goal (issue 15): 100,000 rows/s, from CSV and from GeoPackage. Usage: tests/bench/bench_import.sh [BUILD_DIR] [N ...]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
COVPLAN=${1:-$ROOT/build}/covplan
shift || true
SIZES=${*:-20000 80000 200000}
HK=${COV_SHARED_DIR:-$ROOT/../shared}/data/hong_kong/hong_kong.gpkg
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
best_of_3() { # best_of_3 SETUP_FN RUN_FN: seconds
    local best=999
    for _ in 1 2 3; do
        "$1"
        local t0 t1
        t0=$(date +%s.%N)
        "$2" >/dev/null 2>"$W/err" || { echo "bench: $2 failed: $(head -c 300 "$W/err")" >&2; exit 1; }
        t1=$(date +%s.%N)
        best=$(echo "$t1 $t0 $best" | awk '{d = $1 - $2; print (d < $3) ? d : $3}')
    done
    echo "$best"
}
printf '%8s %7s %14s %12s %16s %12s\n' rows source "covplan (s)" "rows/s" "ogr2ogr peer (s)" "rows/s"
for n in $SIZES; do
    python3 -c "
import random
random.seed($n)
with open('$W/pts.csv', 'w') as f:
    f.write('id,name,kind,lon,lat\n')
    for i in range($n):
        f.write('p%d,site %d,day_care,%.6f,%.6f\n' % (i, i, random.uniform(113.85, 114.35), random.uniform(22.2, 22.5)))"
    setup_cov() {
        rm -f "$W/p.sqlite"
        "$COVPLAN" init "$W/p.sqlite" -q >/dev/null
        "$COVPLAN" import "$W/p.sqlite" areas "$HK" -l districts --id-field code -q >/dev/null
    }
    run_cov() {
        "$COVPLAN" import "$W/p.sqlite" facilities "$W/pts.csv" --src-crs EPSG:4326 \
            --role eldercare --kind-field kind --keep-outside -q
    }
    setup_peer() { rm -f "$W/o.sqlite"; }
    run_peer() {
        ogr2ogr -f SQLite -dsco SPATIALITE=YES "$W/o.sqlite" "$W/pts.csv" -oo X_POSSIBLE_NAMES=lon \
            -oo Y_POSSIBLE_NAMES=lat -s_srs EPSG:4326 -t_srs EPSG:2326 -nln pts -gt unlimited
    }
    tc=$(best_of_3 setup_cov run_cov)
    tp=$(best_of_3 setup_peer run_peer)
    printf '%8d %7s %14.3f %12.0f %16.3f %12.0f\n' "$n" CSV "$tc" "$(echo "$n $tc" | awk '{print $1 / $2}')" \
        "$tp" "$(echo "$n $tp" | awk '{print $1 / $2}')"
    # The same points from a GeoPackage (lon/lat, EPSG:4326).
    rm -f "$W/pts.gpkg"
    ogr2ogr -f GPKG "$W/pts.gpkg" "$W/pts.csv" -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat \
        -a_srs EPSG:4326 -nln pts
    run_cov_gpkg() {
        "$COVPLAN" import "$W/p.sqlite" facilities "$W/pts.gpkg" --role eldercare --kind-field kind \
            --keep-outside -q
    }
    run_peer_gpkg() {
        ogr2ogr -f SQLite -dsco SPATIALITE=YES "$W/o.sqlite" "$W/pts.gpkg" -t_srs EPSG:2326 \
            -nln pts -gt unlimited
    }
    tc=$(best_of_3 setup_cov run_cov_gpkg)
    tp=$(best_of_3 setup_peer run_peer_gpkg)
    printf '%8d %7s %14.3f %12.0f %16.3f %12.0f\n' "$n" GPKG "$tc" "$(echo "$n $tc" | awk '{print $1 / $2}')" \
        "$tp" "$(echo "$n $tp" | awk '{print $1 / $2}')"
done
