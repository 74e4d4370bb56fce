#!/usr/bin/env bash
# Issue 10: analyze and access along roads (--metric network), stored service areas on maps.
# 1. Liechtenstein: every elder-care site's and demand point's nearest clinic along the roads
#    equals what `covplan roads nearest` reports (same graph and snapping; total_m) and is never
#    shorter than the straight line.
# 2. A hand-made river fixture where road classes differ from straight-line ones by hand
#    computation (k nearest, counts within radii, minutes, one-way driving, unreachable sites),
#    and access (2SFCA) along roads computed by hand.
# 3. Service areas stored in the project and drawn on the coverage map (PNG, PDF legend).
# 4. Bad input: no roads, time without radii, areas not stored: one clear line, project unchanged.
. "$(dirname "$0")/lib.sh"
G="$COV_SHARED_DIR/data/osm/liechtenstein.gpkg"
q() { sqlite3 "$1" "$2"; }

# ---- 1. Liechtenstein (as tests/cli/test_roads.sh builds it) ---------------------------------
expect_ok "init" -- init t.sqlite
expect_ok "areas" -- import t.sqlite areas "$G" -l areas --id-field code -q
expect_ok "clinics" -- import t.sqlite facilities "$G" -l clinics --role health -q
expect_ok "eldercare" -- import t.sqlite facilities "$G" -l eldercare --role eldercare --id-field osm_id -q
ogr2ogr -f CSV demand.csv "$G" -dialect sqlite -sql "SELECT 'r' || fid AS id, 1 AS weight, ST_X(ST_Centroid(geom)) AS lon, ST_Y(ST_Centroid(geom)) AS lat FROM roads WHERE fid % 400 = 7 UNION ALL SELECT 'a' || code, 1, ST_X(ST_PointOnSurface(geom)), ST_Y(ST_PointOnSurface(geom)) FROM areas"
expect_ok "demand" -- import t.sqlite demand demand.csv --src-crs EPSG:4326 -q

# bad input: the network metric without roads is refused and changes nothing
before=$(db_fingerprint t.sqlite)
expect_fail "network without roads" 3 "t.sqlite: --metric network needs a road network and the project has none; import one first \(covplan roads t.sqlite import FILE\)" -- analyze t.sqlite --metric network -q
expect_fail "access network without roads" 3 "needs a road network.*covplan roads t.sqlite import" -- access t.sqlite --method 2sfca --catchment 1000 --metric network
expect_eq "unchanged after refusals" "$(db_fingerprint t.sqlite)" "$before"

expect_ok "roads import" -- roads t.sqlite import "$G" -l roads
expect_ok "roads nearest" -- roads t.sqlite nearest
expect_ok "analyze planar" -- analyze t.sqlite -q
expect_ok "analyze network" -- analyze t.sqlite --metric network -q
expect_eq "network summary" "$(printf '%s\n' "$OUT" | sed -n 2p)" \
    "clinics 12, elder-care sites 2, demand points 29, areas 11; road-network (walk, metres) distances"
expect_eq "runs keyed by metric" "$(q t.sqlite "SELECT count(*), sum(json_extract(params_json, '$.metric') = 'network' AND json_extract(params_json, '$.profile') = 'walk') FROM analysis_runs")" "2|1"
NET="(SELECT id FROM analysis_runs WHERE json_extract(params_json, '$.metric') = 'network')"
PLA="(SELECT id FROM analysis_runs WHERE json_extract(params_json, '$.metric') IS NULL)"
# every site and demand point: same clinic and the same total (snap + path + clinic snap) as
# roads nearest, to 1e-6 m
expect_eq "network = roads nearest" "$(q t.sqlite "SELECT count(*), sum(s.nearest_id = n.clinic_id), sum(abs(s.nearest_dist - n.total_m) < 1e-6) FROM site_coverage s JOIN network_nearest n ON n.target = (CASE s.layer WHEN 'eldercare' THEN 'facility' ELSE 'demand' END) AND n.target_id = s.site_id AND n.profile = 'walk' AND n.metric = 'length' AND n.direction = 'to_clinic' WHERE s.run_id = $NET")" "31|31|31"
expect_eq "network >= straight line" "$(q t.sqlite "SELECT count(*), sum(n.nearest_dist >= p.nearest_dist - 1e-9), sum(n.nearest_dist > p.nearest_dist + 1) FROM site_coverage n JOIN site_coverage p ON p.layer = n.layer AND p.site_id = n.site_id AND p.run_id = $PLA WHERE n.run_id = $NET")" "31|31|31"
# the k nearest are ordered, and the first is the nearest
expect_eq "knn ordered" "$(q t.sqlite "SELECT count(*) FROM site_coverage s WHERE run_id = $NET AND (json_extract(knn_dists, '\$[0]') > json_extract(knn_dists, '\$[1]') OR json_extract(knn_dists, '\$[1]') > json_extract(knn_dists, '\$[2]') OR json_extract(knn_ids, '\$[0]') != nearest_id)")" "0"

# ---- 3. service areas stored and drawn -----------------------------------------------------
expect_ok "areas --store" -- roads t.sqlite areas --costs 500,1000 --store
expect_eq "areas stored" "$OUT" "wrote 24 service areas to the project (table service_areas)"
expect_eq "service_areas rows" "$(q t.sqlite "SELECT count(*), count(DISTINCT clinic_id), min(unit), min(profile) FROM service_areas WHERE cost = 1000")" "12|12|m|walk"
expect_ok "map with service areas" -- map t.sqlite -o sa.pdf --service-areas 1000 --lang en
expect_ok "map png" -- map t.sqlite -o sa.png --service-areas 1000 --lang en
CHECKS=$((CHECKS + 1))
[ -s sa.png ] && file sa.png | grep -q "PNG image data" || fail "sa.png is not a PNG"
txt=$(pdftotext sa.pdf - 2>/dev/null)
CHECKS=$((CHECKS + 1))
printf '%s' "$txt" | grep -q "Within 1000 m walk of a clinic along roads" || fail "legend: no service-area row: $txt"
CHECKS=$((CHECKS + 1))
printf '%s' "$txt" | grep -q "radii 50/300/500/1000 m along roads (walk)" || fail "subtitle does not say along roads"
before=$(db_fingerprint t.sqlite)
expect_fail "areas not stored" 3 "no stored walk service areas of 700 m; make them with: covplan roads t.sqlite areas --costs 700 --profile walk --store" -- map t.sqlite -o x.png --service-areas 700
expect_fail "bad service-area cost" 2 "--service-areas 'ten'" -- map t.sqlite -o x.png --service-areas ten
expect_eq "unchanged after map refusals" "$(db_fingerprint t.sqlite)" "$before"

# ---- 2. the river fixture ------------------------------------------------------------------
# South bank road y = CY (clinic c1 on it at CX), north bank road y = CY + 200, one bridge at
# CX + 350 (one-way northward for cars), a lone road 1 km north with no link to the others.
CX=832000
CY=812000
p() { echo "$(($1 + CX)) $(($2 + CY))"; }
{
    echo "id,highway,oneway,WKT"
    echo "1,residential,,\"LINESTRING ($(p -1000 0), $(p 350 0), $(p 1000 0))\""
    echo "2,residential,,\"LINESTRING ($(p -1000 200), $(p 350 200), $(p 1000 200))\""
    echo "3,residential,yes,\"LINESTRING ($(p 350 0), $(p 350 200))\""
    echo "4,residential,,\"LINESTRING ($(p -500 1000), $(p -300 1000))\""
} >river.csv
printf 'code,name,population,elderly,WKT\nR1,River,5000,1000,"POLYGON ((%s,%s,%s,%s,%s))"\n' \
    "$(p -2000 -2000)" "$(p 2000 -2000)" "$(p 2000 2000)" "$(p -2000 2000)" "$(p -2000 -2000)" >rareas.csv
printf 'id,x,y\nc1,%s,%s\nc2,%s,%s\n' $CX $CY $((CX + 1000)) $((CY + 200)) >rclinics.csv
# s1 across the river from c1 (200 m straight, 900 m by the bridge), s2 on the south bank,
# s3 30 m north of the north road, s4 on the lone road
printf 'id,x,y,capacity\ns1,%s,%s,10\ns2,%s,%s,20\ns3,%s,%s,30\ns4,%s,%s,40\n' \
    $CX $((CY + 200)) $((CX + 400)) $CY $CX $((CY + 230)) $((CX - 400)) $((CY + 1000)) >rsites.csv
SRC="--src-crs EPSG:2326"
expect_ok "fixture init" -- init r.sqlite --crs EPSG:2326
expect_ok "fixture areas" -- import r.sqlite areas rareas.csv $SRC --id-field code -q
expect_ok "fixture clinics" -- import r.sqlite facilities rclinics.csv $SRC --kind general_outpatient_clinic -q
expect_ok "fixture sites" -- import r.sqlite facilities rsites.csv $SRC --kind care_home --capacity-field capacity -q
expect_ok "fixture roads" -- roads r.sqlite import river.csv $SRC
expect_ok "fixture planar" -- analyze r.sqlite -q
expect_ok "fixture network" -- analyze r.sqlite --metric network -q
printf '%s\n' "$OUT" | grep -q "no clinic reachable along the roads: 1 elder-care sites (class beyond, no distance)" || fail "unreached site not reported: $OUT"
CHECKS=$((CHECKS + 1))
rows() { # rows RUN-CONDITION: code:class:nearest:knn_dists:n_within per site
    q r.sqlite "SELECT group_concat(code || ':' || class || ':' || (CASE WHEN nearest_dist IS NULL THEN 'NULL' ELSE printf('%.1f', nearest_dist) END) || ':' || knn_dists || ':' || n_within, ' ') FROM (SELECT f.code, s.* FROM site_coverage s JOIN facilities f ON f.id = s.site_id JOIN analysis_runs r ON r.id = s.run_id WHERE $1 ORDER BY f.code)"
}
expect_eq "planar classes" "$(rows "json_extract(r.params_json, '$.metric') IS NULL")" \
    "s1:adjoining:200.0:[200.0,1000.0]:[0,1,1,2] s2:10-min:400.0:[400.0,632.456]:[0,0,1,2] s3:adjoining:230.0:[230.0,1000.45]:[0,1,1,1] s4:beyond:1077.0:[1077.033,1612.452]:[0,0,0,0]"
# along the roads: s1 350 + 200 + 350 = 900 m to c1, 1000 m to c2; s2 400 to c1, 50 + 200 +
# 650 = 900 to c2; s3 the same as s1 plus its 30 m walk to the road; s4 reaches nothing
expect_eq "network classes" "$(rows "json_extract(r.params_json, '$.metric') = 'network' AND json_extract(r.params_json, '$.network_cost') = 'length' AND json_extract(r.params_json, '$.profile') = 'walk'")" \
    "s1:15-min:900.0:[900.0,1000.0]:[0,0,0,2] s2:10-min:400.0:[400.0,900.0]:[0,0,1,2] s3:15-min:930.0:[930.0,1030.0]:[0,0,0,1] s4:beyond:NULL:[]:[0,0,0,0]"
expect_eq "network: unserved and percentiles" "$(q r.sqlite "SELECT n_unserved, unserved_ids, dist_median, dist_max FROM area_coverage a JOIN analysis_runs r ON r.id = a.run_id WHERE scope = 'total' AND json_extract(r.params_json, '$.metric') = 'network'")" \
    "1|[6]|900.0|930.0"
# minutes at 4 km/h walking (0.9 s per metre): 900 m = 13.5 min, 930 m = 13.95 min
expect_fail "time needs radii" 2 "--network-cost time: the radii are minutes; give them with --radii" -- analyze r.sqlite --metric network --network-cost time
expect_ok "fixture minutes" -- analyze r.sqlite --metric network --network-cost time --radii 1,5,10,15 -q
expect_ok "map of the minutes run" -- map r.sqlite -o minutes.pdf --lang en
CHECKS=$((CHECKS + 1))
pdftotext minutes.pdf - | grep -q "Elder-care sites with a clinic within 15 min" || fail "the minutes map does not say minutes"
expect_eq "minute classes" "$(rows "json_extract(r.params_json, '$.network_cost') = 'time'")" \
    "s1:15-min:13.5:[13.5,15.0]:[0,0,0,2] s2:10-min:6.0:[6.0,13.5]:[0,0,1,2] s3:15-min:14.0:[13.95,15.45]:[0,0,0,1] s4:beyond:NULL:[]:[0,0,0,0]"
# driving: the bridge is one-way northward, so s1 (north) cannot reach c1 (south) and takes c2;
# s2 crosses northward to c2 in 900 m
expect_ok "fixture drive" -- analyze r.sqlite --metric network --profile drive -q
expect_eq "drive classes" "$(rows "json_extract(r.params_json, '$.profile') = 'drive'")" \
    "s1:15-min:1000.0:[1000.0]:[0,0,0,1] s2:10-min:400.0:[400.0,900.0]:[0,0,1,2] s3:beyond:1030.0:[1030.0]:[0,0,0,0] s4:beyond:NULL:[]:[0,0,0,0]"
# access (2SFCA, supply 1 per clinic, demand = the sites' capacities 10/20/30/40), catchment
# 500 m. Along roads only s2 reaches c1 (400 m): R_c1 = 1/20, A_s2 = 0.05, the others none.
# Straight lines: s1, s2, s3 reach c1: R_c1 = 1/60 each.
acc() {
    q r.sqlite "SELECT group_concat(code || '=' || (CASE WHEN value IS NULL THEN 'NULL' ELSE printf('%.6f', value) END), ' ') FROM (SELECT code, value FROM access_results WHERE run_id = (SELECT max(id) FROM access_runs) ORDER BY code)"
}
expect_ok "access network" -- access r.sqlite --method 2sfca --catchment 500 --demand eldercare --supply-field none --metric network
expect_eq "access along roads" "$(acc)" "s1=NULL s2=0.050000 s3=NULL s4=NULL"
expect_ok "access planar" -- access r.sqlite --method 2sfca --catchment 500 --demand eldercare --supply-field none
expect_eq "access planar" "$(acc)" "s1=0.016667 s2=0.016667 s3=0.016667 s4=NULL"
# catchment 1000 m along roads: c1 serves s1, s2, s3 (900, 400, 930), c2 serves s1, s2 (1000,
# 900): R_c1 = 1/60, R_c2 = 1/30, A_s1 = A_s2 = 1/60 + 1/30 = 0.05, A_s3 = 1/60
expect_ok "access network 1000" -- access r.sqlite --method 2sfca --catchment 1000 --demand eldercare --supply-field none --metric network
expect_eq "access along roads 1000" "$(acc)" "s1=0.050000 s2=0.050000 s3=0.016667 s4=NULL"
expect_eq "access runs keyed by metric" "$(q r.sqlite "SELECT count(*) FROM access_runs WHERE json_extract(params_json, '$.metric') = 'network'")" "2"
finish
