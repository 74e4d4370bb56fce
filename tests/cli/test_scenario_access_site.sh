#!/usr/bin/env bash
# Issue 8 "every analysis command takes --scenario": covplan access and covplan site see a
# scenario's facilities, key their runs by scenario, and leave base results untouched.
. "$(dirname "$0")/lib.sh"
make_hk_project hk.sqlite || { echo "could not build the HK project"; exit 1; }
KINDS=hospital,general_outpatient_clinic,public_clinic

# The elder-care site farthest from any of those clinics (brute force here, in the test).
read -r far_code far_x far_y far_area < <(sqlite3 -separator " " hk.sqlite "
  SELECT e.code, printf('%.1f', e.x), printf('%.1f', e.y), a.code FROM facilities e JOIN areas a ON a.id = e.area_id
  WHERE e.role = 'eldercare' ORDER BY (SELECT min((c.x-e.x)*(c.x-e.x)+(c.y-e.y)*(c.y-e.y)) FROM facilities c
  WHERE c.role = 'health' AND c.kind IN ('hospital','general_outpatient_clinic','public_clinic')) DESC, e.id LIMIT 1")
cat > room.json <<JSON
{"name": "room", "base": "base",
 "add": [{"code": "room_1", "name": "Medical room", "kind": "general_outpatient_clinic", "x": $far_x, "y": $far_y}]}
JSON
expect_ok "scenario add" -- scenario add hk.sqlite room.json

# Site: with the room, the farthest site is covered before any new site is chosen.
expect_ok "site, base" -- site hk.sqlite -m mclp --add 3 --radius 500 --clinic-kinds $KINDS --json
base_before=$(printf '%s' "$OUT" | python3 -c "import json,sys; print(int(json.load(sys.stdin)['n_covered_before']))")
expect_ok "site, scenario room" -- site hk.sqlite -m mclp --add 3 --radius 500 --clinic-kinds $KINDS --scenario room --json
room_before=$(printf '%s' "$OUT" | python3 -c "import json,sys; print(int(json.load(sys.stdin)['n_covered_before']))")
# Sites within 500 m of the room that no counted clinic reached: computed here by brute force.
newly=$(sqlite3 hk.sqlite "SELECT count(*) FROM facilities e WHERE e.role = 'eldercare'
  AND (e.x-$far_x)*(e.x-$far_x)+(e.y-$far_y)*(e.y-$far_y) <= 500*500
  AND NOT EXISTS (SELECT 1 FROM facilities c WHERE c.role = 'health' AND c.kind IN ('hospital','general_outpatient_clinic','public_clinic')
                  AND (c.x-e.x)*(c.x-e.x)+(c.y-e.y)*(c.y-e.y) <= 500*500)")
expect_eq "the room covers exactly the sites near it" "$((room_before - base_before))" "$newly"
CHECKS=$((CHECKS + 1)); [ "$newly" -ge 1 ] || fail "the room should cover at least its own site"
# The sites map of the scenario shows its own run, its clinics (the room included) and the
# demand newly covered, equal to the solver's count.
expect_ok "sites map of the scenario" -- map hk.sqlite -o room_sites.pdf --theme sites --scenario room --lang en
pdftotext room_sites.pdf room_sites.txt
n_after=$(sqlite3 hk.sqlite "SELECT n_covered_after - n_covered_before FROM site_runs WHERE json_extract(params_json, '$.scenario') = 'room'")
expect_eq "scenario map: newly covered" "$(grep -o 'Newly covered ([0-9]*)' room_sites.txt | head -1)" "Newly covered ($n_after)"
expect_eq "scenario map: the room counts" "$(grep -o 'Counted clinics ([0-9]*)' room_sites.txt | head -1)" "Counted clinics (331)"
expect_fail "sites map of an unknown scenario" 3 "scenario 'rooms_none' does not exist" -- map hk.sqlite -o x.png --theme sites --scenario rooms_none
expect_eq "site runs keyed by scenario" "$(sqlite3 hk.sqlite "SELECT count(*) || ' ' || sum(params_json LIKE '%\"scenario\":\"room\"%') FROM site_runs")" "2 1"

# Access: the room adds supply in its district only; other districts keep their values.
expect_ok "access, base" -- access hk.sqlite --method 2sfca --catchment 1000 --clinic-kinds $KINDS --demand areas -q
expect_ok "access, scenario room" -- access hk.sqlite --method 2sfca --catchment 1000 --clinic-kinds $KINDS --demand areas --scenario room -q
expect_eq "access runs keyed by scenario" "$(sqlite3 hk.sqlite "SELECT count(*) FROM access_runs")" 2
expect_eq "supply grows by one clinic" "$(sqlite3 hk.sqlite "SELECT group_concat(n_supply, ' ') FROM (SELECT n_supply FROM access_runs ORDER BY id)")" \
    "330 331"
# Export of the scenario's coverage run includes what the scenario added.
expect_ok "analyze the scenario" -- analyze hk.sqlite --scenario room --clinics $KINDS -q
expect_ok "export the scenario's run" -- export hk.sqlite --scenario room -o room.csv --what sites
expect_eq "the farthest site's nearest clinic is the room" \
    "$(python3 -c "import csv; r=[x for x in csv.DictReader(open('room.csv', encoding='utf-8-sig')) if x['code']=='$far_code']; print(r[0]['nearest_code'], r[0]['class'])")" "room_1 co-sited"
expect_fail "export of a scenario never analysed" 3 "no analysis results for scenario 'base'" -- export hk.sqlite --scenario base -o b.csv
expect_fail "access with an unknown scenario" 3 "scenario 'nope' does not exist" -- access hk.sqlite --method 2sfca --catchment 1000 --scenario nope
expect_fail "site with an unknown scenario" 3 "scenario 'nope' does not exist" -- site hk.sqlite -m mclp --add 1 --radius 500 --scenario nope
# The report of the scenario shows the scenario's own siting run, not the base one.
expect_ok "report of the scenario" -- report hk.sqlite -o room.pdf --scenario room --lang en
room_run=$(sqlite3 hk.sqlite "SELECT id FROM site_runs WHERE json_extract(params_json, '$.scenario') = 'room'")
expect_eq "report: the scenario's siting run only" "$(pdftotext room.pdf - | grep -o 'Siting run [0-9]*' | sort -u)" "Siting run $room_run"
# Facilities to add can come from a GIS file or table ("add_layer"): a CSV with 经度/纬度 made
# from the real data, with the source's own kind values mapped through data/kind_map.csv.
ogr2ogr -f CSV rooms.csv "$HK_GPKG" -dialect sqlite -sql \
  "SELECT 'lr_' || id AS id, 'Room ' || id AS name, 'gopc' AS 类型, ST_X(geom) AS 经度, ST_Y(geom) AS 纬度 FROM eldercare WHERE id = '$far_code'"
cat > rooms.json <<JSON
{"name": "rooms_from_file", "base": "base",
 "add_layer": [{"file": "rooms.csv", "src_crs": "EPSG:4326", "kind_field": "类型"}]}
JSON
expect_ok "scenario from a layer" -- scenario add hk.sqlite rooms.json
expect_ok "analyze it" -- analyze hk.sqlite --scenario rooms_from_file --clinics $KINDS -q
expect_ok "export it" -- export hk.sqlite --scenario rooms_from_file -o rooms_out.csv --what sites
expect_eq "the layer's room serves the farthest site" \
    "$(python3 -c "import csv; r=[x for x in csv.DictReader(open('rooms_out.csv', encoding='utf-8-sig')) if x['code']=='$far_code']; print(r[0]['nearest_code'], r[0]['class'], float(r[0]['nearest_dist']) < 2)")" "lr_$far_code co-sited True"
sed 's/,gopc,/,spa,/' rooms.csv > rooms_bad.csv
sed 's/rooms.csv/rooms_bad.csv/; s/rooms_from_file/rooms_bad/' rooms.json > rooms_bad.json
before=$(db_fingerprint hk.sqlite)
expect_fail "a layer row with an unknown kind" 3 "rooms_bad.json: add_layer\[1\]: .*rooms_bad.csv: row 1: kind 'spa' is not in the kind mapping" -- scenario add hk.sqlite rooms_bad.json
expect_eq "nothing stored" "$(db_fingerprint hk.sqlite)" "$before"
finish
