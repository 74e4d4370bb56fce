#!/usr/bin/env bash
# Issue 2, must-show 3: every bad input gets one clear line, the right exit code, and leaves
# the project exactly as it was. Fixtures are made here from the real Hong Kong data.
. "$(dirname "$0")/lib.sh"

# A project with the HK districts and clinics, whose fingerprint must survive every failure.
make_hk_project p.sqlite || { echo "could not build the HK project"; exit 1; }
before=$(db_fingerprint p.sqlite)
unchanged() {
    CHECKS=$((CHECKS + 1))
    [ "$(db_fingerprint p.sqlite)" = "$before" ] || fail "$1: the project changed after a failed import"
}

# Fixtures: a CSV of 5 Hospital Authority clinics with 经度/纬度 (WGS84) from the real data.
ogr2ogr -f CSV clinics.csv "$HK_GPKG" -dialect sqlite -sql \
  "SELECT 'x' || id AS 编号, name_zh AS 名称, kind AS 类型, ST_X(geom) AS 经度, ST_Y(geom) AS 纬度 FROM clinics WHERE kind = 'gopc' ORDER BY id LIMIT 5"
head -1 clinics.csv > header.csv
row() { sed -n "$1p" clinics.csv; }

# 1. missing file
expect_fail "missing file" 3 'nope\.gpkg: no such file' -- import p.sqlite facilities nope.gpkg
unchanged "missing file"
# 2. unknown layer
expect_fail "unknown layer" 3 "no layer 'clinic'; its layers are: .*clinics" -- import p.sqlite facilities "$HK_GPKG" -l clinic
unchanged "unknown layer"
# 3. several layers and none chosen
expect_fail "layer not chosen" 2 'has 3 layers .*--layer' -- import p.sqlite facilities "$HK_GPKG"
# 4. source without a CRS
expect_fail "no CRS" 4 'clinics\.csv: the source has no CRS; .*--src-crs' -- import p.sqlite facilities clinics.csv
unchanged "no CRS"
# 5. unknown CRS name
expect_fail "unknown CRS" 4 "unknown CRS 'EPSG:99999'" -- import p.sqlite facilities clinics.csv --src-crs EPSG:99999
# 6. a field that does not exist
expect_fail "missing field" 3 "has no field 'capacity_beds'; its fields are: 编号, 名称, 类型, 经度, 纬度" -- \
    import p.sqlite facilities clinics.csv --src-crs EPSG:4326 --capacity-field capacity_beds
unchanged "missing field"
# 7. non-numeric population
ogr2ogr -f GeoJSON badpop.geojson "$HK_GPKG" -dialect sqlite -sql \
  "SELECT code, name_zh, CASE WHEN code = 'C' THEN 'many' ELSE CAST(population AS TEXT) END AS population, geom FROM districts"
cp p.sqlite p2.sqlite
expect_fail "non-numeric population" 3 "badpop\.geojson: feature 3: field 'population' is not a number \('many'\)" -- \
    import p.sqlite areas badpop.geojson --replace --id-field code
unchanged "non-numeric population"
# 8. empty coordinates
{ cat header.csv; row 2; row 3 | sed 's/,114\.[0-9]*,/,,/'; } > emptycoord.csv
expect_fail "empty coordinates" 3 'emptycoord\.csv: row 2: coordinates are empty' -- import p.sqlite facilities emptycoord.csv --src-crs EPSG:4326
unchanged "empty coordinates"
# 9. NaN coordinates
{ cat header.csv; row 2 | sed 's/,22\.[0-9]*$/,NaN/'; } > nancoord.csv
expect_fail "NaN coordinates" 3 'nancoord\.csv: row 1: .*(not a number|empty or not a number)' -- import p.sqlite facilities nancoord.csv --src-crs EPSG:4326
unchanged "NaN coordinates"
# 10. latitude and longitude swapped (columns exchanged)
awk -F, 'BEGIN{OFS=","} NR > 1 {t=$4; $4=$5; $5=t} {print}' clinics.csv > swapped.csv
expect_fail "swapped lat/lon" 3 'swapped\.csv: row 1: latitude and longitude look swapped' -- import p.sqlite facilities swapped.csv --src-crs EPSG:4326
unchanged "swapped lat/lon"
# 11. a point far outside every area (in Shenzhen), then kept with --keep-outside
{ cat header.csv; row 2; echo "sz1,深圳,gopc,114.06,22.62"; } > outside.csv
expect_fail "point outside every area" 3 'outside\.csv: 1 point\(s\) lie outside every area \(ids: sz1\).*--keep-outside' -- \
    import p.sqlite facilities outside.csv --src-crs EPSG:4326
unchanged "point outside"
expect_ok "--keep-outside keeps it" -- import p2.sqlite facilities outside.csv --src-crs EPSG:4326 --keep-outside
expect_eq "kept outside" "$(info_json p2.sqlite "d['outside']['facilities']")" 1
expect_eq "one warning, no PROJ noise from the swapped-axes check" "$(printf '%s\n' "$ERR" | grep -c .) $(printf '%s' "$ERR" | grep -c 'Invalid latitude')" "1 0"
# 12. duplicate ids
{ cat header.csv; row 2; row 3; row 2; } > dup.csv
expect_fail "duplicate ids" 3 "dup\.csv: duplicate id 'xha_fmc_[0-9]+' at row 1 and 3" -- import p.sqlite facilities dup.csv --src-crs EPSG:4326
unchanged "duplicate ids"
# 13. ids already in the project
expect_fail "ids already imported" 3 "feature 1: id 'ha_hosp_001' is already in the project; pass --replace" -- \
    import p.sqlite facilities "$HK_GPKG" -l clinics --role health
unchanged "ids already imported"
# 14. an empty layer
ogr2ogr -f GPKG empty.gpkg "$HK_GPKG" clinics -where "1 = 0"
expect_fail "empty layer" 3 "empty\.gpkg: layer 'clinics' is empty" -- import p.sqlite facilities empty.gpkg
unchanged "empty layer"
# 15. unknown kind value
{ cat header.csv; row 2 | sed 's/,gopc,/,spa,/'; } > kind.csv
expect_fail "unknown kind" 3 "kind\.csv: row 1 \(id 'xha_fmc_[0-9]+'\): kind 'spa' in field '类型' is not in the kind mapping; .*--kind-map" -- \
    import p.sqlite facilities kind.csv --src-crs EPSG:4326
unchanged "unknown kind"
# 16. a file that is not a covplan project
expect_fail "not a project" 5 'hong_kong\.gpkg: not a covplan project database' -- info "$HK_GPKG"
expect_fail "no such project" 3 'nothere\.sqlite: no such project file; create one with: covplan init' -- info nothere.sqlite
# 17. data the project's CRS cannot represent (Liechtenstein into the HK1980 project)
expect_fail "CRS cannot represent the data" 4 "liechtenstein\.gpkg: the data .* lies outside the area the project's CRS \(Hong Kong 1980 Grid System\)" -- \
    import p.sqlite facilities "$COV_SHARED_DIR/data/osm/liechtenstein.gpkg" -l clinics --role health
unchanged "CRS cannot represent"
# 18. facilities before any areas
expect_ok "init empty" -- init e.sqlite
e_before=$(db_fingerprint e.sqlite)
expect_fail "facilities before areas" 2 'the project has no areas yet; import them first' -- import e.sqlite facilities clinics.csv --src-crs EPSG:4326
expect_eq "empty project unchanged" "$(db_fingerprint e.sqlite)" "$e_before"
# 19. areas that are not polygons (points given as areas), into the empty project
expect_fail "points as areas" 4 'areas must be polygons, found Point' -- import e.sqlite areas clinics.csv --src-crs EPSG:4326
expect_eq "empty project unchanged (and no CRS chosen)" "$(info_json e.sqlite "d['crs']['srid']")" None
# 20. invalid polygons: repaired with a warning naming them, or refused with --no-repair
ogr2ogr -f GeoJSON bowtie.geojson "$HK_GPKG" -dialect sqlite -sql \
  "SELECT code, name_zh, population, pop_65plus, CASE WHEN code = 'B' THEN GeomFromText('POLYGON((114.17 22.27, 114.19 22.29, 114.19 22.27, 114.17 22.29, 114.17 22.27))', 4326) ELSE geom END AS geom FROM districts"
expect_fail "invalid polygon refused" 4 "bowtie\.geojson: feature 2 \(id 'B'\): invalid polygon .*--no-repair" -- \
    import e.sqlite areas bowtie.geojson --id-field code --no-repair
expect_eq "empty project unchanged after refusal" "$(db_fingerprint e.sqlite)" "$e_before"
expect_ok "invalid polygon repaired" -- import e.sqlite areas bowtie.geojson --id-field code
CHECKS=$((CHECKS + 1))
printf '%s' "$ERR" | grep -q "warning: .*bowtie.geojson: feature 2 (id 'B'): invalid polygon repaired" || fail "repair warning missing: $ERR"
expect_eq "repaired area is valid" "$(sqlite3 e.sqlite "SELECT load_extension('mod_spatialite'); SELECT ST_IsValid(geom) FROM areas WHERE code = 'B'" 2>/dev/null | tail -1)" 1
# 21. an import killed in the middle of writing leaves the project as it was
"$COVPLAN" init k.sqlite >/dev/null
"$COVPLAN" import k.sqlite areas "$HK_GPKG" -l districts --id-field code -q >/dev/null
k_before=$(db_fingerprint k.sqlite)
COV_TEST_KILL_AFTER_ROWS=300 "$COVPLAN" import k.sqlite facilities "$HK_GPKG" -l eldercare --role eldercare -q >/dev/null 2>&1
killed=$?
expect_eq "the import was killed (SIGKILL)" "$killed" 137
expect_eq "killed import left the project intact" "$(db_fingerprint k.sqlite)" "$k_before"
expect_ok "the project still works after the kill" -- import k.sqlite facilities "$HK_GPKG" -l eldercare --role eldercare
expect_eq "eldercare after retry" "$(info_json k.sqlite "d['roles']['eldercare']")" 888
# 22. usage errors
expect_fail "unknown role" 2 "ROLE must be areas, facilities, demand or roads, not 'clinics'" -- import p.sqlite clinics x.csv
expect_fail "unknown command" 2 "unknown command 'imprt'" -- imprt p.sqlite
expect_fail "bad --role" 2 "--role must be health or eldercare, not 'medical'" -- import p.sqlite facilities clinics.csv --src-crs EPSG:4326 --role medical
unchanged "usage errors"
finish
