#!/usr/bin/env bash
# Issue 2, must-show 4 and the format list: a GBK Shapefile (with and without .cpg), a CSV
# with 经度/纬度 columns, XLSX, GeoJSON polygons as facilities, and demand from points and
# from a population raster. Fixtures are made here from the real Hong Kong data.
. "$(dirname "$0")/lib.sh"

# --- GBK Shapefile of the districts
ogr2ogr -f "ESRI Shapefile" -lco ENCODING=GBK districts_gbk.shp "$HK_GPKG" districts 2>/dev/null
expect_eq "fixture .cpg says GBK" "$(cat districts_gbk.cpg)" GBK
CHECKS=$((CHECKS + 1))
python3 -c "import sys; sys.exit(0 if '中西區'.encode('gbk') in open('districts_gbk.dbf','rb').read() else 1)" ||
    fail "fixture dbf is not GBK"
expect_ok "init" -- init gbk.sqlite
expect_ok "GBK shapefile with .cpg" -- import gbk.sqlite areas districts_gbk.shp --id-field code --name-field name_zh
expect_eq "names read through .cpg" "$(sqlite3 gbk.sqlite "SELECT group_concat(name, ' ') FROM (SELECT name FROM areas ORDER BY code LIMIT 4)")" "中西區 灣仔區 東區 南區"
rm districts_gbk.cpg
expect_ok "init 2" -- init gbk2.sqlite
before=$(db_fingerprint gbk2.sqlite)
expect_fail "GBK shapefile without .cpg" 3 "districts_gbk\.shp: feature 1: field 'name_zh' is not valid UTF-8 text; .*--encoding GBK" -- \
    import gbk2.sqlite areas districts_gbk.shp --id-field code --name-field name_zh
expect_eq "unchanged after the encoding error" "$(db_fingerprint gbk2.sqlite)" "$before"
expect_ok "GBK shapefile with --encoding GBK" -- import gbk2.sqlite areas districts_gbk.shp --id-field code --name-field name_zh --encoding GBK
expect_eq "names read with --encoding" "$(sqlite3 gbk2.sqlite "SELECT name FROM areas WHERE code = 'T'")" "離島區"
expect_eq "source encoding recorded" "$(sqlite3 gbk2.sqlite "SELECT encoding FROM sources")" "GBK"
expect_eq "populations through the shapefile" "$(sqlite3 gbk2.sqlite "SELECT CAST(sum(population) AS INTEGER) || ' ' || CAST(sum(elderly) AS INTEGER) FROM areas")" "7411945 1451444"

# --- CSV with 经度/纬度 (UTF-8, as planners export from Excel: with a BOM)
ogr2ogr -f CSV -lco WRITE_BOM=YES clinics_cn.csv "$HK_GPKG" -dialect sqlite -sql \
  "SELECT id AS 编号, name_zh AS 名称, kind AS 类型, ST_X(geom) AS 经度, ST_Y(geom) AS 纬度 FROM clinics WHERE name_zh IS NOT NULL ORDER BY id"
expect_eq "fixture rows" "$(($(wc -l < clinics_cn.csv) - 1))" 129
expect_ok "CSV with 经度/纬度" -- import gbk2.sqlite facilities clinics_cn.csv --src-crs EPSG:4326 --role health
expect_eq "CSV rows imported" "$(info_json gbk2.sqlite "d['roles']['health']")" 129
expect_eq "Chinese name from CSV" "$(sqlite3 gbk2.sqlite "SELECT name FROM facilities WHERE code = 'ha_fmc_002'")" "柴灣家庭醫學診所"
expect_eq "kind mapped from 类型" "$(sqlite3 gbk2.sqlite "SELECT kind || '/' || source_kind FROM facilities WHERE code = 'ha_fmc_002'")" "general_outpatient_clinic/gopc"
# the CSV point equals the GeoPackage point after the same transformation
expect_ok "init 3" -- init g.sqlite
"$COVPLAN" import g.sqlite areas "$HK_GPKG" -l districts --id-field code -q >/dev/null
"$COVPLAN" import g.sqlite facilities "$HK_GPKG" -l clinics --role health -q >/dev/null
expect_eq "CSV and GPKG agree" "$(sqlite3 gbk2.sqlite "SELECT printf('%.3f %.3f', x, y) FROM facilities WHERE code = 'ha_fmc_002'")" \
    "$(sqlite3 g.sqlite "SELECT printf('%.3f %.3f', x, y) FROM facilities WHERE code = 'ha_fmc_002'")"

# --- XLSX with named coordinate columns
ogr2ogr -f XLSX care.xlsx "$HK_GPKG" -dialect sqlite -nln care -sql \
  "SELECT id AS sid, name_en, kind AS 机构类型, ST_X(geom) AS E, ST_Y(geom) AS N FROM eldercare WHERE kind = 'day_care' ORDER BY id"
expect_ok "XLSX with --x-field/--y-field" -- import gbk2.sqlite facilities care.xlsx --src-crs EPSG:4326 --x-field E --y-field N --id-field sid --name-field name_en
expect_eq "XLSX rows" "$(info_json gbk2.sqlite "d['kinds']['day_care']")" 73

# --- facilities drawn as polygons become a point on their surface
ogr2ogr -f GeoJSON homes.geojson "$HK_GPKG" -dialect sqlite -sql \
  "SELECT id, kind, ST_Buffer(geom, 0.0003) AS geom FROM eldercare WHERE kind = 'care_home' ORDER BY id LIMIT 20"
expect_ok "polygon facilities" -- import gbk2.sqlite facilities homes.geojson
expect_eq "polygon facilities are points inside their polygon" \
    "$(sqlite3 gbk2.sqlite "SELECT count(*) FROM facilities WHERE kind = 'care_home' AND area_id IS NOT NULL")" 20

# --- demand points with weights (GeoJSON)
ogr2ogr -f GeoJSON villages.geojson "$HK_GPKG" -dialect sqlite -sql \
  "SELECT code || '_c' AS id, pop_65plus AS elderly, ST_PointOnSurface(geom) AS geom FROM districts"
expect_ok "demand points" -- import gbk2.sqlite demand villages.geojson --weight-field elderly
expect_eq "demand total weight" "$(sqlite3 gbk2.sqlite "SELECT CAST(sum(weight) AS INTEGER) FROM demand")" 1451444
expect_eq "each demand point in its own district" "$(sqlite3 gbk2.sqlite "SELECT count(*) FROM demand d JOIN areas a ON a.id = d.area_id WHERE d.code = a.code || '_c'")" 18

# --- demand from a population raster (a 4x3 ASCII grid in HK1980 around Sha Tin's interior)
read cx cy < <(sqlite3 g.sqlite "SELECT load_extension('mod_spatialite'); SELECT printf('%d %d', X(PointOnSurface(geom)), Y(PointOnSurface(geom))) FROM areas WHERE code = 'R'" 2>/dev/null | tail -1)
cat > pop.asc <<ASC
ncols 4
nrows 3
xllcorner $((cx - 100))
yllcorner $((cy - 75))
cellsize 50
NODATA_value -9999
10 0 -9999 2.5
4 4 4 4
1 2 3 -9999
ASC
gdal_translate -q -a_srs EPSG:2326 pop.asc pop.tif
expect_ok "raster demand" -- import g.sqlite demand pop.tif
expect_eq "raster cells that are not empty" "$(info_json g.sqlite "d['layers']['demand']")" 9
expect_eq "raster weight total" "$(sqlite3 g.sqlite "SELECT sum(weight) FROM demand")" 34.5
expect_eq "raster cell centre" "$(sqlite3 g.sqlite "SELECT printf('%.1f %.1f', x - $cx, y - $cy) FROM demand WHERE code = 'r0c0'")" "-75.0 50.0"
expect_eq "raster demand in Sha Tin" "$(sqlite3 g.sqlite "SELECT DISTINCT a.code FROM demand d JOIN areas a ON a.id = d.area_id")" R
finish
