#!/usr/bin/env bash
# Issue 10 for covplan site: siting along roads (--metric network).
# 1. A hand-made river fixture (EPSG:2326) where the straight-line choice differs from the
#    road choice because the river has one bridge: MCLP, minutes, p-median, LSCP, driving over a
#    one-way bridge, network-unserved elder-care candidates; every figure computed by hand.
# 2. Liechtenstein: MCLP along roads covers no more than in the plane at the same radius; the
#    coverage before and after equals what `covplan roads nearest` (a separate single-label
#    Dijkstra) gives with the existing and with the chosen sites as clinics.
# 3. Bad input: no roads, options without --metric network, an unreachable p-median pair: one
#    clear line, the project unchanged.
. "$(dirname "$0")/lib.sh"
q() { sqlite3 "$1" "$2"; }
jq_py() { printf '%s' "$OUT" | python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

# ---- 1. the river fixture ------------------------------------------------------------------
# South road y = 0 and north road y = 200 (relative to CX, CY), the river between them, one
# bridge at x = 600 (one-way northward for cars). Existing clinic E (700, 0). Demand N1 (0, 200)
# 10, N2 (100, 200) 10, S1 (0, 0) 6, N3 (800, 200) 4. Candidates A (0, 0), B (400, 200).
CX=832000
CY=812000
p() { echo "$(($1 + CX)) $(($2 + CY))"; }
{
    echo "id,highway,oneway,WKT"
    echo "1,residential,,\"LINESTRING ($(p -1000 0), $(p 600 0), $(p 1000 0))\""
    echo "2,residential,,\"LINESTRING ($(p -1000 200), $(p 600 200), $(p 1000 200))\""
    echo "3,residential,yes,\"LINESTRING ($(p 600 0), $(p 600 200))\""
} >river.csv
printf 'code,name,population,elderly,WKT\nR1,River,5000,1000,"POLYGON ((%s,%s,%s,%s,%s))"\n' \
    "$(p -2000 -2000)" "$(p 2000 -2000)" "$(p 2000 2000)" "$(p -2000 2000)" "$(p -2000 -2000)" >rareas.csv
printf 'id,name,x,y\nE,E,%s,%s\n' $((CX + 700)) $CY >rclinics.csv
printf 'id,weight,x,y\nN1,10,%s,%s\nN2,10,%s,%s\nS1,6,%s,%s\nN3,4,%s,%s\n' \
    $CX $((CY + 200)) $((CX + 100)) $((CY + 200)) $CX $CY $((CX + 800)) $((CY + 200)) >rdemand.csv
printf 'name,x,y\nA,%s,%s\nB,%s,%s\n' $CX $CY $((CX + 400)) $((CY + 200)) >rcand.csv
SRC="--src-crs EPSG:2326"
K=(--candidates rcand.csv --src-crs EPSG:2326 --demand demand --json)
expect_ok "fixture init" -- init r.sqlite --crs EPSG:2326
expect_ok "fixture areas" -- import r.sqlite areas rareas.csv $SRC --id-field code -q
expect_ok "fixture clinic" -- import r.sqlite facilities rclinics.csv $SRC --kind general_outpatient_clinic -q
expect_ok "fixture demand" -- import r.sqlite demand rdemand.csv $SRC -q

fp=$(db_fingerprint r.sqlite)
expect_fail "network without roads" 3 "r.sqlite: --metric network needs a road network and the project has none; import one first \(covplan roads r.sqlite import FILE\)" \
    -- site r.sqlite -m mclp --add 1 --radius 420 "${K[@]}" --metric network
expect_fail "profile without network" 2 "--profile, --network-cost and --speeds need --metric network" \
    -- site r.sqlite -m mclp --add 1 --radius 420 "${K[@]}" --profile drive
expect_fail "unknown metric" 2 "--metric 'roads': use planar or network" \
    -- site r.sqlite -m mclp --add 1 --radius 420 "${K[@]}" --metric roads
expect_fail "unknown profile" 2 "--profile 'bike': use walk or drive" \
    -- site r.sqlite -m mclp --add 1 --radius 420 "${K[@]}" --metric network --profile bike
expect_fail "network with a cost matrix" 2 "--metric, --profile, --network-cost and --speeds are for project mode" \
    -- site --costs rdemand.csv -m mclp --add 1 --radius 420 --metric network
expect_eq "unchanged after refusals" "$(db_fingerprint r.sqlite)" "$fp"
expect_ok "fixture roads" -- roads r.sqlite import river.csv $SRC

# MCLP, p = 1, radius 420 m. Straight lines: E covers N3 (223.6); A covers N1 200, N2 223.6,
# S1 0 (+26: all 30); B covers N1 400, N2 300 (+20). Along the roads (walk): E reaches N3 in
# 200 + 200 + 100 = 500 (not covered); A reaches only S1 (N1 is 600 + 200 + 600 = 1400 away);
# B covers N1 400, N2 300, N3 400 (+24 of 30).
expect_ok "planar mclp" -- site r.sqlite -m mclp --add 1 --radius 420 "${K[@]}"
expect_eq "planar mclp" "$(jq_py "d['chosen'][0]['name'], d['covered_before'], d['covered_after'], d['n_covered_after']")" "A 4.0 30.0 4"
expect_ok "network mclp" -- site r.sqlite -m mclp --add 1 --radius 420 "${K[@]}" --metric network
expect_eq "network mclp" "$(jq_py "d['chosen'][0]['name'], d['covered_before'], d['covered_after'], d['n_covered_after'], d['optimal']")" "B 0.0 24.0 3 True"
# the existing clinic along roads: N1 900, N2 800, S1 700, N3 500; after B: 400, 300, 700, 400
expect_eq "network distances" "$(jq_py "'%.6f %.6f %g %g' % (d['mean_before'], d['mean_after'], d['max_before'], d['max_after'])")" \
    "773.333333 426.666667 900 700"
expect_eq "network params" "$(jq_py "d['params']['metric'], d['params']['profile'], d['params']['network_cost'], d['params']['unit']")" \
    "network walk length m"
expect_ok "network mclp text" -- site r.sqlite -m mclp --add 1 --radius 420 --candidates rcand.csv $SRC --demand demand --metric network
expect_eq "same parameters replace the run" "$(printf '%s\n' "$OUT" | sed -n 1p)" "run 2 (replaced the earlier run with these parameters)"
expect_eq "text: covered" "$(printf '%s\n' "$OUT" | sed -n 4p)" "covered within 420 m: before 0 (0 points, 0.00%), after 24 (3 points, 80.00%)"
# minutes at 4 km/h (0.9 s per metre): radius 7 min = 466.7 m; E -> N3 is 7.5 min
expect_ok "network minutes" -- site r.sqlite -m mclp --add 1 --radius 7 "${K[@]}" --metric network --network-cost time
expect_eq "minutes" "$(jq_py "d['chosen'][0]['name'], d['covered_after'], '%.4f %.4f' % (d['mean_before'], d['max_after']), d['params']['unit']")" \
    "B 24.0 11.6000 10.5000 min"
# p-median: straight lines A (weighted mean 171.0165); along roads B (12800 / 30), A gives
# 19000 / 30
expect_ok "planar pmedian" -- site r.sqlite -m pmedian --add 1 "${K[@]}"
expect_eq "planar pmedian" "$(jq_py "d['chosen'][0]['name'], '%.4f' % d['mean_after']")" "A 171.0165"
expect_ok "network pmedian" -- site r.sqlite -m pmedian --add 1 "${K[@]}" --metric network
expect_eq "network pmedian" "$(jq_py "d['chosen'][0]['name'], '%.10f' % d['mean_after'], '%.10f' % d['objective']")" "B 426.6666666667 12800.0000000000"
# LSCP at 420 m: in the plane A alone (E covers N3); along roads B (N1, N2, N3) and A (S1)
expect_ok "planar lscp" -- site r.sqlite -m lscp --radius 420 "${K[@]}"
expect_eq "planar lscp" "$(jq_py "[c['name'] for c in d['chosen']]")" "['A']"
expect_ok "network lscp" -- site r.sqlite -m lscp --radius 420 "${K[@]}" --metric network
expect_eq "network lscp" "$(jq_py "[c['name'] for c in d['chosen']], d['covered_after']")" "['B', 'A'] 30.0"
# driving: the bridge is one-way northward, so no northern point reaches E or A; MCLP still
# picks B, and the north has no existing facility at all (mean and largest before: none)
expect_ok "drive mclp" -- site r.sqlite -m mclp --add 1 --radius 420 "${K[@]}" --metric network --profile drive
expect_eq "drive mclp" "$(jq_py "d['chosen'][0]['name'], d['covered_after'], d['mean_before'], d['max_before']")" "B 24.0 None None"
fp=$(db_fingerprint r.sqlite)
expect_fail "drive pmedian unreachable pair" 3 "pmedian along roads: demand point 'N1' cannot reach candidate 'A' along the drive network" \
    -- site r.sqlite -m pmedian --add 1 "${K[@]}" --metric network --profile drive
expect_eq "unchanged after the refusal" "$(db_fingerprint r.sqlite)" "$fp"
expect_eq "runs keyed by metric and profile" "$(q r.sqlite "SELECT count(*), sum(json_extract(params_json, '$.metric') = 'network'), sum(json_extract(params_json, '$.profile') = 'drive'), count(DISTINCT params_hash) FROM site_runs")" "8|5|1|8"
# an elder-care site K at N3's place: 223.6 m from E in the plane (served: no candidate), 500 m
# along the roads (unserved: the candidate, covering N3 at its own location)
printf 'id,name,x,y\nK,K,%s,%s\n' $((CX + 800)) $((CY + 200)) >rcare.csv
expect_ok "fixture elder care" -- import r.sqlite facilities rcare.csv $SRC --kind care_home -q
expect_fail "planar: every elder-care site served" 3 "no candidate sites \(--candidates eldercare-unserved\)" \
    -- site r.sqlite -m mclp --add 1 --radius 420 --demand demand
expect_ok "network: unserved along roads" -- site r.sqlite -m mclp --add 1 --radius 420 --demand demand --metric network --json
expect_eq "network unserved candidate" "$(jq_py "d['params']['candidates'], [c['name'] for c in d['chosen']], d['covered_after']")" \
    "eldercare-unserved ['K'] 4.0"

# ---- 2. Liechtenstein (as tests/cli/test_roads.sh builds it) ---------------------------------
G="$COV_SHARED_DIR/data/osm/liechtenstein.gpkg"
expect_ok "init" -- init t.sqlite
expect_ok "areas" -- import t.sqlite areas "$G" -l areas --id-field code -q
expect_ok "clinics" -- import t.sqlite facilities "$G" -l clinics --role health -q
expect_ok "eldercare" -- import t.sqlite facilities "$G" -l eldercare --role eldercare --id-field osm_id -q
# demand: the centres of every 50th road (140 points)
ogr2ogr -f CSV demand.csv "$G" -dialect sqlite -sql "SELECT 'r' || fid AS id, 1 AS weight, ST_X(ST_Centroid(geom)) AS lon, ST_Y(ST_Centroid(geom)) AS lat FROM roads WHERE fid % 50 = 7"
expect_ok "demand" -- import t.sqlite demand demand.csv --src-crs EPSG:4326 --keep-outside -q
LI=(-m mclp --add 3 --radius 1000 --demand demand --candidates grid:1000 --json)
fp=$(db_fingerprint t.sqlite)
expect_fail "li network without roads" 3 "t.sqlite: --metric network needs a road network" -- site t.sqlite "${LI[@]}" --metric network
expect_eq "li unchanged after the refusal" "$(db_fingerprint t.sqlite)" "$fp"
expect_ok "li roads" -- roads t.sqlite import "$G" -l roads
expect_ok "li planar" -- site t.sqlite "${LI[@]}"
planar=$(jq_py "d['share_after']")
expect_ok "li network" -- site t.sqlite "${LI[@]}" --metric network
network=$(jq_py "d['share_after']")
nbefore=$(jq_py "d['n_covered_before']")
nafter=$(jq_py "d['n_covered_after']")
expect_eq "li network optimal" "$(jq_py "d['method'], d['optimal'], d['total_weight']")" "glpk True 140.0"
expect_eq "li network share <= planar share" "$(python3 -c "print($network <= $planar and $network > 0)")" True
# before: demand points whose nearest clinic along the roads (roads nearest: snap + path +
# clinic snap) is within 1000 m
expect_ok "li roads nearest" -- roads t.sqlite nearest -q
NN="SELECT sum(total_m <= 1000) FROM network_nearest WHERE target = 'demand' AND profile = 'walk' AND metric = 'length' AND direction = 'to_clinic'"
expect_eq "li before = roads nearest" "$nbefore" "$(q t.sqlite "$NN")"
# after: the same with the chosen sites added as clinics (in a copy)
cp t.sqlite u.sqlite
sqlite3 -csv -header t.sqlite "SELECT 'new' || rank AS id, x, y FROM site_choices WHERE run_id = (SELECT id FROM site_runs WHERE json_extract(params_json, '$.metric') = 'network')" >chosen.csv
expect_ok "li chosen as clinics" -- import u.sqlite facilities chosen.csv --src-crs "$(q t.sqlite "SELECT 'EPSG:' || value FROM covplan_meta WHERE key = 'crs_srid'")" --role health --kind general_outpatient_clinic -q
expect_ok "li roads nearest after" -- roads u.sqlite nearest -q
expect_eq "li after = roads nearest" "$nafter" "$(q u.sqlite "$NN")"
finish
