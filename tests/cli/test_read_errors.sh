#!/bin/bash
# Stored data that cannot be read is an error, never an empty or partial result: a damaged
# geometry, a dropped results table and text in a numeric results column each make map,
# report, export and compare exit 5 with one line naming the table (and row), and write no
# output file.
. "$(dirname "$0")/lib.sh"
FIX=$(dirname "$0")/../fixtures
# The failing calls run under valgrind's leak checker (plainly under the sanitizer build):
# the error paths must free what they took.
VG=
command -v valgrind >/dev/null && VG=1

fresh() { gunzip -c "$FIX/project_v1.sqlite.gz" >"$1" && "$COVPLAN" info "$1" -q >/dev/null 2>&1; }
# (the first open upgrades the format-1 fixture; the damage below is done to the upgraded project)
fresh good.sqlite
expect_ok "the fixture maps" -- map good.sqlite -o good.png
expect_ok "the fixture reports" -- report good.sqlite -o good.pdf
expect_ok "the fixture exports" -- export good.sqlite -o good.csv
expect_ok "the fixture compares" -- compare good.sqlite base new_clinic -o good_cmp.csv
export COV_VALGRIND=$VG # the error paths below run under valgrind's leak checker

# every_reader NAME PATTERN: map, report, export and compare on NAME.sqlite exit 5, one line
# matching PATTERN, no output written, the project unchanged.
every_reader() {
    local p=$1 pattern=$2
    local before
    before=$(db_fingerprint "$p.sqlite")
    expect_fail "$p: map" 5 "$pattern" -- map "$p.sqlite" -o "$p.png"
    expect_fail "$p: report" 5 "$pattern" -- report "$p.sqlite" -o "$p.pdf"
    expect_fail "$p: export" 5 "$pattern" -- export "$p.sqlite" -o "$p.csv"
    expect_fail "$p: compare" 5 "$pattern" -- compare "$p.sqlite" base new_clinic -o "${p}_cmp.csv"
    expect_eq "$p: no output files" "$(ls "$p".png "$p".pdf "$p".csv "$p"_cmp.csv 2>/dev/null | wc -l)" 0
    expect_eq "$p: project unchanged" "$(db_fingerprint "$p.sqlite")" "$before"
}

fresh dropped.sqlite
sqlite3 dropped.sqlite "DROP TABLE area_coverage"
every_reader dropped "area_coverage"

fresh text.sqlite
sqlite3 text.sqlite "UPDATE site_coverage SET nearest_dist = 'far' WHERE site_id = (SELECT min(site_id) FROM site_coverage)"
every_reader text "site_coverage.*row.*nearest_dist"

fresh areatext.sqlite
sqlite3 areatext.sqlite "UPDATE area_coverage SET n_clinics = 'two', dist_median = 'x' WHERE area_id = (SELECT min(area_id) FROM area_coverage)"
every_reader areatext "area_coverage.*row"

# A damaged geometry: the readers that draw or write geometry refuse it.
fresh geom.sqlite
# (as a damaged disk page would: around SpatiaLite's triggers, which refuse such an update)
TRIGGERS=$(sqlite3 geom.sqlite "SELECT group_concat(sql, ';') FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'areas'")
for t in $(sqlite3 geom.sqlite "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'areas'"); do
    sqlite3 geom.sqlite "DROP TRIGGER \"$t\""
done
sqlite3 geom.sqlite "UPDATE areas SET geom = X'00010203' WHERE code = 'X2'; $TRIGGERS;"
expect_eq "geometry damaged" "$(sqlite3 geom.sqlite "SELECT hex(geom) FROM areas WHERE code = 'X2'")" 00010203
before=$(db_fingerprint geom.sqlite)
expect_fail "damaged geometry: map" 5 "areas.*X2.*geometry" -- map geom.sqlite -o geom.png
expect_fail "damaged geometry: report" 5 "areas.*X2.*geometry" -- report geom.sqlite -o geom.pdf
expect_fail "damaged geometry: export" 5 "areas.*X2.*geometry" -- export geom.sqlite --what areas -o geom.gpkg
expect_eq "damaged geometry: no outputs" "$(ls geom.png geom.pdf geom.gpkg 2>/dev/null | wc -l)" 0
expect_eq "damaged geometry: project unchanged" "$(db_fingerprint geom.sqlite)" "$before"
finish
