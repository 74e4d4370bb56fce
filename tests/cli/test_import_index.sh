#!/bin/bash
# Imports write rows without SpatiaLite's per-row triggers and pack the spatial index at once
# (planner/core/rtree_bulk.c): the index must pass SQLite's rtreecheck and SpatiaLite's
# CheckSpatialIndex, answer window queries exactly as a scan does, survive appends and
# replacements, and the triggers must come back exactly as SpatiaLite made them.
. "$(dirname "$0")/lib.sh"

SPL="SELECT load_extension('mod_spatialite');"
q() { sqlite3 "$1" "$SPL $2" | sed 1d; }
triggers() { sqlite3 "$1" "SELECT name || ':' || sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = '$2' ORDER BY name" | md5sum; }

expect_ok "init" -- init p.sqlite
expect_ok "areas" -- import p.sqlite areas "$HK_GPKG" -l districts --id-field code
# The triggers of a layer no import has written yet, in a project made the same way: what
# SpatiaLite itself creates.
cov init ref.sqlite -q && cov import ref.sqlite areas "$HK_GPKG" -l districts --id-field code -q
REF_TRIGGERS=$(sqlite3 ref.sqlite "SELECT replace(name || ':' || sql, 'demand', 'facilities') FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'demand' ORDER BY name" | md5sum)
expect_eq "areas keep their 8 triggers" "$(sqlite3 p.sqlite "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'areas'")" 8

# 20,000 random points in Hong Kong (seeded), then 5,000 more from a second file (appended).
python3 -c "
import random
random.seed(7)
for name, n in (('a.csv', 20000), ('b.csv', 5000)):
    with open(name, 'w') as f:
        f.write('id,name,kind,lon,lat\n')
        for i in range(n):
            f.write('%s%d,site %d,day_care,%.6f,%.6f\n' % (name[0], i, i, random.uniform(113.85, 114.35), random.uniform(22.2, 22.5)))"
expect_ok "import 20,000 points" -- import p.sqlite facilities a.csv --src-crs EPSG:4326 --role eldercare --kind-field kind --keep-outside
check_index() { # check_index LABEL ROWS
    expect_eq "$1: rtreecheck, CheckSpatialIndex, rows" \
        "$(q p.sqlite "SELECT rtreecheck('idx_facilities_geom'), CheckSpatialIndex('facilities', 'geom'), (SELECT count(*) FROM idx_facilities_geom_rowid)")" "ok|1|$2"
    # window queries through the index against a scan of the x/y columns
    local bad
    bad=$(python3 -c "
import random, subprocess
random.seed(11)
ext = subprocess.run(['sqlite3', 'p.sqlite', 'SELECT min(x), max(x), min(y), max(y) FROM facilities'], capture_output=True, text=True).stdout.split('|')
x0, x1, y0, y1 = map(float, ext)
qs = []
for _ in range(12):
    w, h = random.uniform(100, 8000), random.uniform(100, 8000)
    a, b = random.uniform(x0, x1 - w), random.uniform(y0, y1 - h)
    qs.append(\"SELECT (SELECT count(*) FROM facilities WHERE ROWID IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name = 'facilities' AND search_frame = BuildMbr(%r, %r, %r, %r))) - (SELECT count(*) FROM facilities WHERE x BETWEEN %r AND %r AND y BETWEEN %r AND %r);\" % (a, b, a + w, b + h, a, a + w, b, b + h))
out = subprocess.run(['sqlite3', 'p.sqlite', \"SELECT load_extension('mod_spatialite');\" + ''.join(qs)], capture_output=True, text=True).stdout.splitlines()[1:]
print(sum(1 for v in out if v != '0'), len(out))")
    expect_eq "$1: 12 windows through the index = a scan" "$bad" "0 12"
    expect_eq "$1: the facilities' triggers are SpatiaLite's own" "$(triggers p.sqlite facilities)" "$REF_TRIGGERS"
}
check_index "first import" 20000
expect_ok "append 5,000 from another file" -- import p.sqlite facilities b.csv --src-crs EPSG:4326 --role eldercare --kind-field kind --keep-outside
check_index "after an append" 25000
expect_ok "replace the first file's rows" -- import p.sqlite facilities a.csv --src-crs EPSG:4326 --role eldercare --kind-field kind --keep-outside --replace
check_index "after a replace" 25000
# The restored triggers work: a row written by SQL reaches the index, and the time stamp moved.
sqlite3 p.sqlite "$SPL INSERT INTO facilities (code, name, role, kind, x, y, geom) VALUES ('z', 'z', 'eldercare', 'day_care', 830000, 830000, MakePoint(830000, 830000, 2326));" >/dev/null
expect_eq "an SQL insert reaches the index through the trigger" "$(q p.sqlite "SELECT count(*) FROM idx_facilities_geom_rowid; SELECT rtreecheck('idx_facilities_geom')" | tr '\n' ' ')" "25001 ok "
expect_eq "last_insert stamped" "$(sqlite3 p.sqlite "SELECT last_insert > '2000' FROM geometry_columns_time WHERE f_table_name = 'facilities'")" 1
# Areas: their index is packed the same way.
expect_eq "areas' index" "$(q p.sqlite "SELECT rtreecheck('idx_areas_geom'), CheckSpatialIndex('areas', 'geom'), (SELECT count(*) FROM idx_areas_geom_rowid)")" "ok|1|18"
# A failed import (a duplicate id) leaves the project as it was: rows, index and triggers.
sqlite3 p.sqlite .dump | md5sum >before.md5
printf 'id,name,kind,lon,lat\nq1,x,day_care,114.1,22.3\nq1,y,day_care,114.2,22.3\n' >dup.csv
expect_fail "duplicate ids" 3 "q1" -- import p.sqlite facilities dup.csv --src-crs EPSG:4326 --role eldercare --kind-field kind
expect_eq "project unchanged after the failure" "$(sqlite3 p.sqlite .dump | md5sum)" "$(cat before.md5)"
finish
