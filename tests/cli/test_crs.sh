#!/usr/bin/env bash
# Issue 5: covplan crs converts points and files between EPSG CRSs and GCJ-02/BD-09 (checked
# against the gcoord vectors), prints the working CRS covplan would pick, refuses bad input
# with one line, and leaks nothing under valgrind.
. "$(dirname "$0")/lib.sh"

VECTORS="$COV_SHARED_DIR/reference/gcj02/vectors.csv"
DAZHOU="$COV_SHARED_DIR/data/china_counties/511700_counties_gcj02.geojson"
LI="$COV_SHARED_DIR/data/osm/liechtenstein.gpkg"
# near A B TOL: two "x y" pairs within TOL in both coordinates
near() {
    CHECKS=$((CHECKS + 1))
    awk -v a="$2" -v b="$3" -v t="$4" 'BEGIN { split(a, p, " "); split(b, q, " ");
        dx = p[1] - q[1]; dy = p[2] - q[2]; exit !(dx <= t && -dx <= t && dy <= t && -dy <= t) }' ||
        fail "$1: got '$2', expected '$3' (tolerance $4)"
}

# --- points against the gcoord vectors (row 1: 达川区 government) --------------------------
IFS=, read -r _ W_LON W_LAT G_LON G_LAT B_LON B_LAT < <(sed -n 2p "$VECTORS")
expect_ok "GCJ02 -> EPSG:4326" -- crs --from GCJ02 --to EPSG:4326 "$G_LON" "$G_LAT"
near "GCJ02 -> WGS84 (1 cm)" "$OUT" "$W_LON $W_LAT" 1e-7
expect_ok "BD09 -> WGS84" -- crs --from BD09 --to WGS84 "$B_LON" "$B_LAT"
near "BD09 -> WGS84 (1 cm)" "$OUT" "$W_LON $W_LAT" 1e-7
expect_ok "WGS84 -> GCJ02" -- crs --to GCJ02 "$W_LON" "$W_LAT"
near "WGS84 -> GCJ02" "$OUT" "$G_LON $G_LAT" 1e-7
expect_ok "GCJ02 -> BD09" -- crs --from gcj-02 --to bd-09 "$G_LON" "$G_LAT"
near "GCJ02 -> BD09" "$OUT" "$B_LON $B_LAT" 1e-7
expect_ok "WGS84 -> EPSG:4545" -- crs --from EPSG:4326 --to EPSG:4545 "$W_LON" "$W_LAT"
projected=$OUT
expect_ok "GCJ02 -> EPSG:4545" -- crs --from GCJ02 --to EPSG:4545 "$G_LON" "$G_LAT"
near "GCJ02 -> EPSG:4545 goes through WGS84 (1 cm)" "$OUT" "$projected" 0.01
CHECKS=$((CHECKS + 1))
printf '%s\n' "$OUT" | grep -Eq '^4[0-9]{5}\.[0-9]{3} 3[0-9]{6}\.[0-9]{3}$' || fail "EPSG:4545 output '$OUT'"
expect_ok "EPSG:4490 -> EPSG:4326" -- crs --from EPSG:4490 --to EPSG:4326 107.5 31.2
expect_eq "CGCS2000 lon/lat equals WGS84" "$OUT" "107.50000000 31.20000000"
expect_ok "--json" -- crs --from GCJ02 --to EPSG:4326 --json --decimals 6 "$G_LON" "$G_LAT"
expect_eq "--json x" "$(printf '%s' "$OUT" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["x"], d["crs"])')" "107.5093 EPSG:4326"
# standard input: all 107 vector rows, GCJ-02 -> WGS84, every one within 1 cm
tail -n +2 "$VECTORS" | cut -d, -f4,5 > gcj.txt
tail -n +2 "$VECTORS" | cut -d, -f2,3 | tr , ' ' > wgs.txt
"$COVPLAN" crs --from GCJ02 --to WGS84 < gcj.txt > got.txt
CHECKS=$((CHECKS + 1))
paste -d' ' got.txt wgs.txt | awk '{ dx = $1 - $3; dy = $2 - $4; if (dx > 1e-7 || -dx > 1e-7 || dy > 1e-7 || -dy > 1e-7) bad++ }
    END { exit !(NR == 107 && bad == 0) }' || fail "stdin: not all 107 rows within 1e-7 degrees"

# --- the working CRS pick -----------------------------------------------------------------
pick() { cov crs --pick "$@"; printf '%s' "$OUT" | cut -f1; }
expect_eq "pick 达州" "$(pick 107.5 31.2)" EPSG:4545
expect_eq "pick 达州 6-degree" "$(pick --six-degree 107.5 31.2)" EPSG:4507
expect_eq "pick Hong Kong" "$(pick 114.17 22.3)" EPSG:2326
expect_eq "pick 杭州" "$(pick 120.15 30.28)" EPSG:4549
expect_eq "pick London (UTM 30N)" "$(pick -- -0.12 51.5)" EPSG:32630
expect_eq "pick a GCJ02 file" "$(pick --from GCJ02 "$DAZHOU")" EPSG:4545
expect_ok "pick name" -- crs --pick 107.5 31.2
expect_eq "pick prints the name" "$OUT" "$(printf 'EPSG:4545\tCGCS2000 / 3-degree Gauss-Kruger CM 108E')"

# --- files --------------------------------------------------------------------------------
# A CSV of GCJ-02 points with 经度/纬度 columns -> WGS84 CSV with the same columns.
{ echo 名称,经度,纬度; tail -n +2 "$VECTORS" | cut -d, -f1,4,5; } > points_gcj.csv
expect_ok "CSV GCJ02 -> WGS84" -- crs --from GCJ02 --to WGS84 points_gcj.csv -o points_wgs.csv
CHECKS=$((CHECKS + 1))
[ "$(head -c 3 points_wgs.csv | od -An -tx1 | tr -d ' ')" = efbbbf ] || fail "CSV output has no UTF-8 BOM"
expect_eq "CSV header kept" "$(head -1 points_wgs.csv | sed 's/^\xef\xbb\xbf//')" 名称,经度,纬度
tail -n +2 points_wgs.csv | tr -d '"' | cut -d, -f2,3 | tr , ' ' > got_csv.txt
CHECKS=$((CHECKS + 1))
paste -d' ' got_csv.txt wgs.txt | awk '{ dx = $1 - $3; dy = $2 - $4; if (dx > 1e-7 || -dx > 1e-7 || dy > 1e-7 || -dy > 1e-7) bad++ }
    END { exit !(NR == 107 && bad == 0) }' || fail "CSV: not all 107 rows within 1e-7 degrees"
expect_fail "output exists" 2 "points_wgs\.csv already exists; pass --overwrite" -- \
    crs --from GCJ02 --to WGS84 points_gcj.csv -o points_wgs.csv
expect_ok "--overwrite" -- crs --from GCJ02 --to WGS84 points_gcj.csv -o points_wgs.csv --overwrite
# 达州 boundaries GCJ-02 -> WGS84 GeoPackage, then back to GCJ-02 GeoJSON: the round trip
# returns every vertex within 1e-8 degrees, and importing the WGS84 file equals importing the
# GCJ-02 file with --src-crs GCJ02.
expect_ok "GeoJSON GCJ02 -> GPKG WGS84" -- crs --from GCJ02 --to EPSG:4326 "$DAZHOU" -o dz_wgs.gpkg
expect_ok "GPKG WGS84 -> GeoJSON GCJ02" -- crs --to GCJ02 dz_wgs.gpkg -o dz_gcj.geojson
CHECKS=$((CHECKS + 1))
python3 - "$DAZHOU" dz_gcj.geojson <<'EOF' || fail "GCJ-02 round trip moved vertices"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
def pts(g):
    if isinstance(g, list) and g and isinstance(g[0], (int, float)):
        yield g
    elif isinstance(g, list):
        for x in g: yield from pts(x)
worst = 0
for fa, fb in zip(a["features"], b["features"]):
    assert fa["properties"]["adcode"] == fb["properties"]["adcode"]
    for p, q in zip(pts(fa["geometry"]["coordinates"]), pts(fb["geometry"]["coordinates"])):
        worst = max(worst, abs(p[0] - q[0]), abs(p[1] - q[1]))
print("round trip: largest vertex difference %.2g degrees" % worst)
sys.exit(0 if worst < 1e-8 and len(a["features"]) == len(b["features"]) == 7 else 1)
EOF
cov init a.sqlite
expect_ok "import the GCJ-02 file" -- import a.sqlite areas "$DAZHOU" --src-crs GCJ02 --id-field adcode
cov init b.sqlite
expect_ok "import the converted WGS84 file" -- import b.sqlite areas dz_wgs.gpkg --id-field adcode
d=$(sqlite3 -batch -noheader a.sqlite "SELECT load_extension('mod_spatialite');" "ATTACH 'b.sqlite' AS b;
    SELECT printf('%.4f', max(ST_HausdorffDistance(x.geom, y.geom))) FROM areas x JOIN b.areas y USING (code);" | sed '/^$/d')
near "converted file imports where --src-crs GCJ02 puts it" "$d 0" "0 0" 0.001
expect_ok "Shapefile output keeps Chinese names" -- crs --to EPSG:4545 dz_wgs.gpkg -o dz.shp
expect_eq "Shapefile name" "$(ogrinfo -ro -q dz.shp -sql "SELECT name FROM dz WHERE adcode = 511703" | sed -n 's/.*name (String) = //p')" 达川区

# --- bad input ----------------------------------------------------------------------------
expect_fail "unknown --to" 4 "unknown CRS 'FOO'" -- crs --to FOO 107.5 31.2
expect_fail "unknown --from" 4 "unknown CRS 'EPSG:99999'" -- crs --from EPSG:99999 --to EPSG:4326 107.5 31.2
expect_fail "GCJ02 point outside China" 4 "\(9\.500000, 47\.100000\) lies outside China, where GCJ02" -- \
    crs --from GCJ02 --to EPSG:4326 9.5 47.1
expect_fail "swapped lon/lat" 3 "not a longitude/latitude in EPSG:4326; give longitude first" -- \
    crs --to EPSG:4545 31.2 107.5
expect_fail "file outside China to GCJ02" 4 "liechtenstein\.gpkg: the data .* lies outside China, where GCJ02" -- \
    crs --to GCJ02 "$LI" -l clinics -o li.geojson
CHECKS=$((CHECKS + 1))
[ ! -e li.geojson ] || fail "a failed conversion left li.geojson behind"
expect_fail "file declared GCJ02 outside China" 4 "lies outside China, but its coordinates are declared GCJ02" -- \
    crs --from GCJ02 --to EPSG:4326 "$LI" -l clinics -o li.geojson
expect_fail "file outside the target's area" 4 "330100_counties_gcj02\.geojson: the data .* lies outside the area EPSG:4545 \(CGCS2000 / 3-degree Gauss-Kruger CM 108E\) is made for" -- \
    crs --from GCJ02 --to EPSG:4545 "$COV_SHARED_DIR/data/china_counties/330100_counties_gcj02.geojson" -o hz.gpkg
CHECKS=$((CHECKS + 1))
[ ! -e hz.gpkg ] || fail "a failed conversion left hz.gpkg behind"
expect_fail "no --to" 2 "say which system to convert to with --to" -- crs 107.5 31.2
expect_fail "file without -o" 2 "needs an output: -o OUTPUT" -- crs --to WGS84 "$DAZHOU"
expect_fail "unknown output format" 2 "x\.foo: cannot tell the output format" -- crs --to WGS84 "$DAZHOU" -o x.foo
expect_fail "not numbers" 2 "expected X Y as two numbers" -- crs --to WGS84 abc 31
expect_fail "negative without --" 2 "put -- before negative coordinates" -- crs --to EPSG:4326 -0.12 51.5
expect_fail "bad stdin line" 3 "standard input, line 2: expected two numbers" -- crs --to EPSG:4545 < <(printf '107.5 31.2\nabc\n')
expect_ok "--help" -- crs --help
printf '%s' "$OUT" | grep -q 'Usage: covplan crs' || fail "--help has no usage"

# --- no leaks -----------------------------------------------------------------------------
if command -v valgrind >/dev/null; then
    export COV_VALGRIND=1
    expect_ok "valgrind: point" -- crs --from GCJ02 --to EPSG:4545 "$G_LON" "$G_LAT"
    expect_ok "valgrind: pick file" -- crs --pick --from GCJ02 "$DAZHOU"
    expect_ok "valgrind: file" -- crs --from GCJ02 --to WGS84 points_gcj.csv -o v.gpkg
    expect_fail "valgrind: failure" 4 "lies outside China" -- crs --to GCJ02 "$LI" -l clinics -o v.geojson
    unset COV_VALGRIND
else
    echo "valgrind not installed: leak checks skipped"
fi

finish
