#!/usr/bin/env bash
# Issue 5: Chinese coordinate systems on real county boundaries (GCJ-02 files from Aliyun
# DataV) and the 2020 census joined on adcode: the GCJ-02 offset (~0.5 km at 达州), CGCS2000
# geographic read like WGS84, the working CRS picked for 达州/杭州/Hong Kong, 3- and
# 6-degree zones, the census join and the bad inputs of --src-crs.
. "$(dirname "$0")/lib.sh"

CC="$COV_SHARED_DIR/data/china_counties"
DAZHOU="$CC/511700_counties_gcj02.geojson"
HANGZHOU="$CC/330100_counties_gcj02.geojson"
CENSUS="$CC/census2020_county.csv"
ELDERLY='男_65到69岁+女_65到69岁+男_70到74岁+女_70到74岁+男_75到79岁+女_75到79岁+男_80到84岁+女_80到84岁+男_85岁以上+女_85岁以上'

# spatialite SQL over a project: sql PROJECT QUERY
sql() { sqlite3 -batch -noheader "$1" "SELECT load_extension('mod_spatialite');" "$2" | sed '/^$/d'; }
# awk range check: in_range VALUE LOW HIGH
in_range() { awk -v v="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(v + 0 >= lo && v + 0 <= hi) }'; }

# --- 达州 read as GCJ-02 (what it is) with the census joined ---------------------------------
cov init gcj.sqlite
expect_ok "import 达州 as GCJ-02 with the census" -- import gcj.sqlite areas "$DAZHOU" \
    --src-crs GCJ02 --id-field adcode --name-field name \
    --join "$CENSUS" --join-key 区划代码 --pop-field 人口数_合计 --elderly-field "$ELDERLY"
printf '%s\n' "$ERR" | grep -q 'joined 7 of 7 areas' || fail "join summary missing: $ERR"
expect_eq "达州 working CRS (3-degree, CM 108E)" "$(info_json gcj.sqlite "d['crs']['srid']")" 4545
expect_eq "达川区 population (census 2020)" \
    "$(info_json gcj.sqlite "[int(a['population']) for a in d['areas'] if a['code'] == '511703'][0]")" 899728
expect_eq "达川区 aged 65+ (sum of ten census columns)" \
    "$(info_json gcj.sqlite "[int(a['elderly']) for a in d['areas'] if a['code'] == '511703'][0]")" 167765
expect_eq "达川区 name" "$(info_json gcj.sqlite "[a['name'] for a in d['areas'] if a['code'] == '511703'][0]")" 达川区
expect_eq "sources.coords records GCJ02" "$(sqlite3 gcj.sqlite "SELECT src_crs || '/' || coords FROM sources")" GCJ02/GCJ02

# --- the same file read as if it were WGS84, and as CGCS2000 geographic ----------------------
cov init wgs.sqlite
expect_ok "import 达州 as WGS84" -- import wgs.sqlite areas "$DAZHOU" --src-crs EPSG:4326 \
    --id-field adcode --name-field name
cov init cgcs.sqlite
expect_ok "import 达州 as CGCS2000 (EPSG:4490)" -- import cgcs.sqlite areas "$DAZHOU" \
    --src-crs EPSG:4490 --id-field adcode --name-field name
expect_eq "CGCS2000 geographic picks the same working CRS" "$(info_json cgcs.sqlite "d['crs']['srid']")" 4545

shift_m=$(sql wgs.sqlite "ATTACH 'gcj.sqlite' AS g;
  SELECT printf('%.1f', ST_Distance(ST_Centroid(w.geom), ST_Centroid(g.geom)))
  FROM areas w JOIN g.areas g USING (code) WHERE code = '511703';")
echo "达川区 (511703) centroid moves by $shift_m m between GCJ-02 and the file read as WGS84"
CHECKS=$((CHECKS + 1))
in_range "$shift_m" 400 500 || fail "达川区 centroid shift $shift_m m, expected 400..500 m"
union_m=$(sql wgs.sqlite "ATTACH 'gcj.sqlite' AS g;
  SELECT printf('%.1f', ST_Distance((SELECT ST_Centroid(ST_Union(geom)) FROM areas),
                                    (SELECT ST_Centroid(ST_Union(geom)) FROM g.areas)));")
echo "达州 (union of 7 counties) centroid moves by $union_m m"
CHECKS=$((CHECKS + 1))
in_range "$union_m" 400 500 || fail "达州 union centroid shift $union_m m, expected 400..500 m"
cgcs_m=$(sql wgs.sqlite "ATTACH 'cgcs.sqlite' AS c;
  SELECT printf('%.3f', max(ST_HausdorffDistance(w.geom, c.geom)))
  FROM areas w JOIN c.areas c USING (code);")
echo "EPSG:4490 vs EPSG:4326: largest boundary difference $cgcs_m m"
CHECKS=$((CHECKS + 1))
in_range "$cgcs_m" 0 1 || fail "CGCS2000 and WGS84 differ by $cgcs_m m, expected < 1 m"

# --- working CRS picks --------------------------------------------------------------------
cov init six.sqlite
expect_ok "import 达州 --six-degree" -- import six.sqlite areas "$DAZHOU" --src-crs GCJ02 \
    --id-field adcode --six-degree
# Centre 107.6E: 6-degree zone floor(107.6/6)+1 = 18, which spans 102-108E with CM 105E
# (not 108E, which is a 3-degree CM): EPSG:4502 + (18 - 13) = 4507.
expect_eq "达州 6-degree zone 18 (CM 105E)" "$(info_json six.sqlite "d['crs']['srid']")" 4507
cov init hz.sqlite
expect_ok "import 杭州" -- import hz.sqlite areas "$HANGZHOU" --src-crs GCJ02 --id-field adcode
expect_eq "杭州 working CRS (3-degree, CM 120E)" "$(info_json hz.sqlite "d['crs']['srid']")" 4549
cov init hk.sqlite
expect_ok "import Hong Kong" -- import hk.sqlite areas "$HK_GPKG" -l districts --id-field code
expect_eq "Hong Kong working CRS (HK1980 Grid)" "$(info_json hk.sqlite "d['crs']['srid']")" 2326

# --- join details -------------------------------------------------------------------------
# The key defaults to 区划代码 (a known id name) when the table has no 'adcode' field.
cov init key.sqlite
expect_ok "join key found by name" -- import key.sqlite areas "$DAZHOU" --src-crs GCJ02 \
    --id-field adcode --join "$CENSUS" --pop-field 人口数_合计
expect_eq "population with the default key" \
    "$(sqlite3 key.sqlite "SELECT CAST(population AS INT) FROM areas WHERE code = '511703'")" 899728
# A census without 达川区's row: an error naming the id, or NULL numbers with --join-optional.
grep -v '^"511703"' "$CENSUS" > census_no_511703.csv
cov init opt.sqlite
before=$(db_fingerprint opt.sqlite)
expect_fail "area without a census row" 3 "feature 2 \(id '511703'\): no row with 区划代码 '511703' in the --join table .*census_no_511703\.csv.*--join-optional" -- \
    import opt.sqlite areas "$DAZHOU" --src-crs GCJ02 --id-field adcode \
    --join census_no_511703.csv --pop-field 人口数_合计
expect_eq "failed join leaves the project unchanged" "$(db_fingerprint opt.sqlite)" "$before"
expect_ok "--join-optional keeps it" -- import opt.sqlite areas "$DAZHOU" --src-crs GCJ02 \
    --id-field adcode --join census_no_511703.csv --pop-field 人口数_合计 --join-optional
printf '%s\n' "$ERR" | grep -q "1 area(s) have no row in .*(ids: 511703)" || fail "--join-optional warning: $ERR"
expect_eq "unmatched area has NULL population" \
    "$(sqlite3 opt.sqlite "SELECT coalesce(population, 'NULL') FROM areas WHERE code = '511703'")" NULL
expect_eq "matched area keeps its population" \
    "$(sqlite3 opt.sqlite "SELECT CAST(population AS INT) FROM areas WHERE code = '511702'")" 905678
# A field missing from both the table and the layer; NA in a summed field gives NULL.
expect_fail "unknown joined field" 3 "no field '男_65岁' in the --join table" -- \
    import opt.sqlite areas "$DAZHOU" --src-crs GCJ02 --id-field adcode --join "$CENSUS" \
    --elderly-field '男_65到69岁+男_65岁' --replace
expect_ok "NA in a summed field" -- import opt.sqlite areas "$DAZHOU" --src-crs GCJ02 \
    --id-field adcode --join "$CENSUS" --pop-field '人口数_合计+城区人口' --replace
expect_eq "sum with an NA part is NULL (达川区 城区人口 is NA)" \
    "$(sqlite3 opt.sqlite "SELECT coalesce(population, 'NULL') FROM areas WHERE code = '511703'")" NULL
expect_fail "--join with facilities" 2 "--join is for areas" -- \
    import opt.sqlite facilities "$HK_GPKG" -l clinics --join "$CENSUS"
# A sum of the layer's own fields: HK population + 65+ (meaningless, but checks "A+B").
cov init sum.sqlite
expect_ok "sum of layer fields" -- import sum.sqlite areas "$HK_GPKG" -l districts --id-field code \
    --pop-field 'population + pop_65plus'
expect_eq "HK total of population+pop_65plus" \
    "$(sqlite3 sum.sqlite "SELECT CAST(sum(population) AS INT) FROM areas")" $((7411945 + 1451444))

# --- bad --src-crs ------------------------------------------------------------------------
LI="$COV_SHARED_DIR/data/osm/liechtenstein.gpkg"
before=$(db_fingerprint gcj.sqlite)
expect_fail "GCJ02 outside China" 4 "liechtenstein\.gpkg: the data \(lon 9\.[0-9]+\.\.9\.[0-9]+, lat 47\.[0-9.]+\) lies outside China, but its coordinates are declared GCJ02" -- \
    import gcj.sqlite facilities "$LI" -l clinics --src-crs GCJ02
expect_fail "BD09 outside China" 4 "lies outside China, but its coordinates are declared BD09" -- \
    import gcj.sqlite facilities "$LI" -l clinics --src-crs BD09
expect_fail "unknown --src-crs" 4 "unknown CRS 'EPSG:99999'" -- \
    import gcj.sqlite facilities "$LI" -l clinics --src-crs EPSG:99999
expect_eq "bad --src-crs leaves the project unchanged" "$(db_fingerprint gcj.sqlite)" "$before"
cov init li.sqlite
before=$(db_fingerprint li.sqlite)
expect_fail "GCJ02 outside China, new project" 4 "lies outside China" -- \
    import li.sqlite areas "$LI" -l areas --src-crs GCJ02
expect_eq "no CRS chosen after the failure" "$(db_fingerprint li.sqlite)" "$before"
expect_fail "unknown --crs" 4 "unknown CRS 'FOO'" -- init foo.sqlite --crs FOO
CHECKS=$((CHECKS + 1))
[ ! -e foo.sqlite ] || fail "init --crs FOO left foo.sqlite behind"

finish
