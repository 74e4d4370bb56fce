#!/usr/bin/env bash
# Issue 10: road network import, graph statistics, nearest clinic along the roads, service
# areas, checked against an independent Dijkstra/splitting/containment in roads_check.py.
. "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
G="$COV_SHARED_DIR/data/osm/liechtenstein.gpkg"
SPEEDS="${COV_DATA_DIR:-$HERE/../../data}/road_speeds.csv"

expect_ok "init" -- init t.sqlite
expect_ok "areas" -- import t.sqlite areas "$G" -l areas --id-field code -q
expect_ok "clinics" -- import t.sqlite facilities "$G" -l clinics --role health -q
expect_ok "eldercare" -- import t.sqlite facilities "$G" -l eldercare --role eldercare --id-field osm_id -q
# demand: the centres of every 400th road and a point inside each municipality
ogr2ogr -f CSV demand.csv "$G" -dialect sqlite -sql "SELECT 'r' || fid AS id, 1 AS weight, ST_X(ST_Centroid(geom)) AS lon, ST_Y(ST_Centroid(geom)) AS lat FROM roads WHERE fid % 400 = 7 UNION ALL SELECT 'a' || code, 1, ST_X(ST_PointOnSurface(geom)), ST_Y(ST_PointOnSurface(geom)) FROM areas"
expect_ok "demand" -- import t.sqlite demand demand.csv --src-crs EPSG:4326 -q

expect_ok "roads import" -- roads t.sqlite import "$G" -l roads
expect_eq "import counts" "$(printf '%s\n' "$OUT" | sed -n 2p)" "nodes 9761, edges 12183, length 1316.746 km"
expect_eq "components" "$(printf '%s\n' "$OUT" | sed -n 3p)" "components 35; largest 9649 nodes; outside it 97 edges, 24.717 km"
expect_eq "closed ways split" "$(printf '%s\n' "$OUT" | sed -n 4p)" "lines 6957; dropped: 0 zero-length lines, 0 zero-length segments; 9 loops split"
# total length against SpatiaLite's own ST_Length of the source lines in EPSG:32632
ref=$(ogrinfo -q "$G" -dialect sqlite -sql "SELECT printf('%.3f', SUM(ST_Length(ST_Transform(geom, 32632)))/1000) AS km FROM roads" | sed -n 's/.*km (String) = //p')
expect_eq "length vs SpatiaLite" "$ref" "1316.746"
expect_ok "stats" -- roads t.sqlite stats
expect_eq "stats = import" "$(printf '%s\n' "$OUT" | sed -n 1p)" "nodes 9761, edges 12183, length 1316.746 km"
expect_fail "second import" 3 'already has a road network.*--replace' -- roads t.sqlite import "$G" -l roads
# The OpenStreetMap extract itself, through "covplan import PROJECT roads FILE" and GDAL's OSM
# driver: its 6,968 highway lines (1,318 km, as ../shared/data/README.md counts them).
expect_ok "init pbf project" -- init pbf.sqlite
expect_ok "pbf areas" -- import pbf.sqlite areas "$G" -l areas --id-field code -q
expect_ok "import roads from .osm.pbf" -- import pbf.sqlite roads "$COV_SHARED_DIR/data/osm/liechtenstein-2021-10-28.osm.pbf"
expect_eq "pbf highway lines" "$(printf '%s\n' "$OUT" | sed -n 1p | sed -E 's/^imported ([0-9]+) road lines.*/\1/')" 6968
expect_eq "pbf length within 0.2% of 1,318 km" "$(printf '%s\n' "$OUT" | sed -n 2p | python3 -c "import sys,re; km=float(re.search(r'length ([0-9.]+) km', sys.stdin.read()).group(1)); print(abs(km - 1318) / 1318 < 0.002)")" True

expect_ok "nearest walk" -- roads t.sqlite nearest
expect_eq "walk summary" "$(printf '%s\n' "$OUT" | sed -n 2p)" "elder-care sites: median 92.1 m, max 521.5 m; unreached facilities 0; far from a road 0"
expect_ok "nearest drive" -- roads t.sqlite nearest --profile drive --metric time
expect_eq "rows" "$(sqlite3 t.sqlite "SELECT count(*) FROM network_nearest WHERE cost IS NOT NULL")" "84"
expect_ok "areas" -- roads t.sqlite areas --costs 5,10 --metric time -o sa.gpkg
expect_eq "areas written" "$OUT" "wrote 24 service areas to sa.gpkg (layer service_areas)"

# independent checks (graph splitting, Dijkstra, snapping, containment)
ogr2ogr -f GeoJSON -t_srs EPSG:32632 lines.json "$G" roads
sqlite3 -csv t.sqlite ".load mod_spatialite" "SELECT id, from_node, to_node, length_m, highway, oneway, AsText(geom) FROM roads ORDER BY id" > roads.csv
sqlite3 -csv t.sqlite ".load mod_spatialite" "ATTACH 'sa.gpkg' AS sa" "SELECT s.fid, n.id FROM nodes n, sa.service_areas s WHERE s.fid <= 6 AND n.x BETWEEN MbrMinX(GeomFromGPB(s.geom)) AND MbrMaxX(GeomFromGPB(s.geom)) AND n.y BETWEEN MbrMinY(GeomFromGPB(s.geom)) AND MbrMaxY(GeomFromGPB(s.geom)) AND ST_Within(MakePoint(n.x, n.y), GeomFromGPB(s.geom))" > inside.csv
CHECKS=$((CHECKS + 1))
python3 "$HERE/roads_check.py" t.sqlite "$SPEEDS" lines.json roads.csv inside.csv "1 5" "1 10" "2 5" "2 10" "3 5" "3 10" > check.out || fail "roads_check.py: $(grep FAIL check.out | head -5)"
grep -q "checks [0-9]* failed 0" check.out || fail "roads_check.py did not finish: $(tail -3 check.out)"

# bad input 1: a file with no roads (points only)
before=$(db_fingerprint t.sqlite)
expect_fail "no roads" 3 "clinics.* has no roads: 12 feature\(s\), 12 not lines" -- roads t.sqlite import "$G" -l clinics --replace
expect_eq "unchanged after failure" "$(db_fingerprint t.sqlite)" "$before"
# bad input 2: a facility 5 km east of any road (kept outside the areas)
printf 'id,lon,lat,kind\nfar,9.70,47.16,clinic\n' > far.csv
expect_ok "far clinic" -- import t.sqlite facilities far.csv --src-crs EPSG:4326 --role health --keep-outside -q
expect_ok "nearest with far clinic" -- roads t.sqlite nearest
printf '%s' "$ERR" | grep -Eq "warning: facility 'far' has no usable road within 2000 m" || fail "far clinic: no warning: $ERR"
expect_ok "max-snap 10 km" -- roads t.sqlite nearest --max-snap 10000
printf '%s' "$ERR" | grep -Eq "warning: facility 'far' is [0-9]+ m from the nearest usable road" || fail "far clinic snapped: no warning: $ERR"
# bad input 3: zero-length and self-looping lines are dropped or split, and counted
cat > bad.geojson <<'J'
{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"highway":"residential"},"geometry":{"type":"LineString","coordinates":[[9.52,47.14],[9.521,47.14],[9.521,47.14],[9.522,47.141]]}},
{"type":"Feature","properties":{"highway":"residential"},"geometry":{"type":"LineString","coordinates":[[9.53,47.15],[9.53,47.15]]}},
{"type":"Feature","properties":{"highway":"residential"},"geometry":{"type":"LineString","coordinates":[[9.522,47.141],[9.523,47.142],[9.524,47.141],[9.522,47.141]]}}]}
J
expect_ok "degenerate lines" -- roads t.sqlite import bad.geojson --replace
expect_eq "degenerate stats" "$(printf '%s\n' "$OUT" | sed -n 2,4p | tr '\n' '|')" "nodes 3, edges 3, length 0.631 km|components 1; largest 3 nodes; outside it 0 edges, 0.000 km|lines 3; dropped: 1 zero-length lines, 2 zero-length segments; 1 loops split|"
# bad input 4: roads read in degrees are refused by the graph; sources are always transformed,
# so the way to get degrees is a file whose metres are declared as degrees
ogr2ogr -f GeoJSON -a_srs EPSG:4326 deg.geojson lines.json -lco RFC7946=NO
expect_fail "metres labelled degrees" 3 "deg.geojson: feature 1: coordinates .* outside the range of longitude/latitude" -- roads t.sqlite import deg.geojson --replace
# Issue 14: in a CRS distorted over the data (Web Mercator at 47N: 47% long) the roads are
# measured on the ellipsoid: the network's length is the sum of the source segments' geodesic
# lengths as PROJ's geod measures them, and nearest distances agree with the UTM project's.
expect_ok "init Web Mercator" -- init m.sqlite --crs EPSG:3857
expect_ok "areas" -- import m.sqlite areas "$G" -l areas --id-field code -q
expect_ok "clinics" -- import m.sqlite facilities "$G" -l clinics --role health -q
expect_ok "eldercare" -- import m.sqlite facilities "$G" -l eldercare --role eldercare --id-field osm_id -q
expect_ok "roads in Web Mercator" -- roads m.sqlite import "$G" -l roads
ogr2ogr -f GeoJSON -t_srs EPSG:4326 roads4326.geojson "$G" roads 2>/dev/null
GEOD_KM=$(python3 - <<'EOF2'
import json, subprocess
lines = []
for f in json.load(open("roads4326.geojson"))["features"]:
    g = f["geometry"]
    for p in ([g["coordinates"]] if g["type"] == "LineString" else g["coordinates"]):
        lines += ["%r %r %r %r" % (a[1], a[0], b[1], b[0]) for a, b in zip(p, p[1:])]
out = subprocess.run(["geod", "+ellps=WGS84", "-I", "-f", "%.6f", "+units=m"], check=True,
                     input="\n".join(lines) + "\n", capture_output=True, text=True).stdout
print("%.3f" % (sum(float(l.split()[2]) for l in out.splitlines() if l.strip()) / 1000))
EOF2
)
expect_eq "geodesic road length = geod's sum of the segments" "$(printf '%s\n' "$OUT" | sed -n 2p)" "nodes 9761, edges 12183, length $GEOD_KM km"
expect_eq "not the planar Mercator length" "$(awk -v k="$GEOD_KM" 'BEGIN {print (k < 1320)}')" 1
expect_ok "nearest in Web Mercator" -- roads m.sqlite nearest
expect_eq "nearest along the roads as in UTM (within 0.1%)" "$(printf '%s\n' "$OUT" | sed -n 2p | python3 -c "
import re, sys
m = re.search(r'median ([0-9.]+) m, max ([0-9.]+) m', sys.stdin.read())
print(abs(float(m.group(1)) - 92.1) <= 0.1 and abs(float(m.group(2)) - 521.5) / 521.5 < 0.001)")" True

finish