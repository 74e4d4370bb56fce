#!/usr/bin/env bash
# Issue 2, must-show 1: the real Hong Kong layers import with the expected counts, every
# facility inside an area, the HK1980 grid chosen, and names/populations intact.
. "$(dirname "$0")/lib.sh"

expect_ok "init" -- init hk.sqlite
expect_eq "init says the CRS is chosen later" "$(printf '%s' "$OUT" | grep -c 'chosen at the first import')" 1
expect_ok "import areas" -- import hk.sqlite areas "$HK_GPKG" --layer districts --id-field code \
    --name-field name_zh --pop-field population --elderly-field pop_65plus
expect_eq "CRS chosen message" "$(printf '%s' "$OUT" | grep -c 'EPSG:2326')" 1
expect_ok "import clinics" -- import hk.sqlite facilities "$HK_GPKG" -l clinics --role health
expect_ok "import eldercare" -- import hk.sqlite facilities "$HK_GPKG" -l eldercare --role eldercare

expect_eq "areas" "$(info_json hk.sqlite "d['layers']['areas']")" 18
expect_eq "health facilities" "$(info_json hk.sqlite "d['roles']['health']")" 694
expect_eq "eldercare facilities" "$(info_json hk.sqlite "d['roles']['eldercare']")" 888
expect_eq "facilities outside every area" "$(info_json hk.sqlite "d['outside']['facilities']")" 0
expect_eq "CRS" "$(info_json hk.sqlite "d['crs']['srid']")" 2326
expect_eq "kinds" "$(info_json hk.sqlite "sorted(d['kinds'].items())")" \
    "[('care_home', 815), ('day_care', 73), ('general_outpatient_clinic', 75), ('hospital', 55), ('other_health', 19), ('private_clinic', 345), ('public_clinic', 200)]"
expect_eq "population total" "$(info_json hk.sqlite "int(sum(a['population'] for a in d['areas']))")" 7411945
expect_eq "65+ total" "$(info_json hk.sqlite "int(sum(a['elderly'] for a in d['areas']))")" 1451444
expect_eq "district A" "$(info_json hk.sqlite "[(a['name'], a['health'], a['eldercare']) for a in d['areas'] if a['code']=='A'][0]")" \
    "('中西區', 117, 35)"

# Every facility's area equals the district the source data assigned independently
# (its district_code column, computed by the data's publisher).
sqlite3 hk.sqlite "ATTACH '$HK_GPKG' AS src; SELECT count(*) FROM facilities f JOIN areas a ON a.id = f.area_id
  LEFT JOIN (SELECT id, district_code FROM src.clinics UNION ALL SELECT id, district_code FROM src.eldercare) s
  ON s.id = f.code WHERE s.district_code = a.code" > agree.txt
expect_eq "areas agree with the source's district codes" "$(cat agree.txt)" 1582

# HK1980 grid coordinates agree with an independent PROJ transformation (cs2cs) to 1 cm.
pt=$(sqlite3 hk.sqlite "SELECT x || ' ' || y FROM facilities WHERE code = 'ha_fmc_001'")
ref=$(echo "22.291367 114.205" | cs2cs -f '%.3f' EPSG:4326 EPSG:2326 | awk '{print $2, $1}')  # EPSG:2326 axis order is northing, easting
expect_eq "ha_fmc_001 in HK1980" "$(echo "$pt" | awk '{printf "%.2f %.2f", $1, $2}')" "$(echo "$ref" | awk '{printf "%.2f %.2f", $1, $2}')"

# Re-opening never changes the CRS; init --crs on an existing file is refused.
expect_fail "init over an existing project" 2 'file exists' -- init hk.sqlite
expect_eq "CRS unchanged" "$(info_json hk.sqlite "d['crs']['srid']")" 2326

# The project opens in SpatiaLite tools: geometry columns registered with the project SRID.
expect_eq "geometry columns" "$(sqlite3 hk.sqlite "SELECT group_concat(f_table_name || ':' || srid, ',') FROM (SELECT * FROM geometry_columns ORDER BY f_table_name)")" \
    "areas:2326,demand:2326,facilities:2326"
finish
