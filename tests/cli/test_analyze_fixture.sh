#!/bin/bash
# covplan analyze on hand-made fixtures where the answers are obvious: one clinic at the centre
# of a 4 km square, sites at known distances (boundaries inclusive), polygon and demand-point
# elderly shares, capacity per 1000 elderly, and refusals that leave the project unchanged.
. "$(dirname "$0")/lib.sh"

CX=832000
CY=812000
printf 'code,name,population,elderly,WKT\nX1,测试区,5000,1000,"POLYGON ((830000 810000,834000 810000,834000 814000,830000 814000,830000 810000))"\n' >areas.csv
printf 'id,name,x,y\nc1,Clinic,%s,%s\n' $CX $CY >clinics.csv
{
    echo "id,name,x,y,capacity"
    i=0
    for d in 0 49 50 51 299 300 301 499 500 501 999 1000 1001; do
        i=$((i + 1))
        echo "s$i,Site $d m,$((CX + d)),$CY,10"
    done
} >sites.csv
SRC="--src-crs EPSG:2326"
new_project() { # new_project FILE [areas] [clinics] [sites]
    local p=$1
    shift
    "$COVPLAN" init "$p" --crs EPSG:2326 >/dev/null || return 1
    for what in "$@"; do
        case $what in
        areas) "$COVPLAN" import "$p" areas areas.csv $SRC --id-field code -q >/dev/null ;;
        clinics) "$COVPLAN" import "$p" facilities clinics.csv $SRC --kind general_outpatient_clinic --keep-outside -q >/dev/null ;;
        sites) "$COVPLAN" import "$p" facilities sites.csv $SRC --kind care_home --capacity-field capacity --keep-outside -q >/dev/null ;;
        esac || return 1
    done
}
new_project p.sqlite areas clinics sites || { echo "cannot build the fixture"; exit 1; }

expect_ok "analyze fixture" -- analyze p.sqlite
q() { sqlite3 p.sqlite "$1"; }
expect_eq "classes by distance (inclusive)" \
    "$(q "SELECT group_concat(d || ':' || class, ' ') FROM (SELECT s.nearest_dist AS d, s.class FROM site_coverage s ORDER BY s.nearest_dist)")" \
    "0.0:co-sited 49.0:co-sited 50.0:co-sited 51.0:adjoining 299.0:adjoining 300.0:adjoining 301.0:10-min 499.0:10-min 500.0:10-min 501.0:15-min 999.0:15-min 1000.0:15-min 1001.0:beyond"
expect_eq "n_within per radius at 300 m" "$(q "SELECT n_within FROM site_coverage WHERE nearest_dist = 300")" "[0,1,1,1]"
expect_eq "class counts" "$(q "SELECT class_counts FROM area_coverage WHERE scope = 'area'")" \
    '{"co-sited":3,"adjoining":3,"10-min":3,"15-min":3,"beyond":1}'
# 13 distances: median is rank ceil(6.5) = 7 -> 301; p90 rank ceil(11.7) = 12 -> 1000.
expect_eq "median, p90, max (nearest rank)" "$(q "SELECT dist_median, dist_p90, dist_max FROM area_coverage WHERE scope = 'area'")" "301.0|1000.0|1001.0"
expect_eq "unserved" "$(q "SELECT n_unserved, unserved_ids = (SELECT '[' || id || ']' FROM facilities WHERE code = 's13') FROM area_coverage WHERE scope = 'area'")" "1|1"
expect_eq "capacity per 1000 elderly" "$(q "SELECT capacity, capacity_per_1000 FROM area_coverage WHERE scope = 'area'")" "130.0|130.0"
# Polygon spreading: a circle of r inside the 16 km² square covers pi r² / 16e6, exactly (the
# disk areas are integrated in closed form, geo/diskcover.c): to 1e-9.
SHARES=$(q "SELECT elderly_method, elderly_share_within FROM area_coverage WHERE scope = 'total'")
expect_eq "polygon shares" "$(printf '%s' "$SHARES" | python3 -c '
import json, math, sys
m, s = sys.stdin.read().split("|")
ok = all(abs(v / (math.pi * r * r / 16e6) - 1) < 1e-9 for v, r in zip(json.loads(s), [50, 300, 500, 1000]))
print(m, ok)')" "polygon True"

# Custom radii: names follow the preset when the count matches; 0 m means the same point.
expect_ok "custom radii" -- analyze p.sqlite --radii 0,100
expect_eq "custom radii classes" "$(q "SELECT class_counts FROM area_coverage a JOIN analysis_runs r ON r.id = a.run_id WHERE a.scope = 'total' AND r.params_json LIKE '%[0.0,100.0]%'")" \
    '{"within_0m":1,"within_100m":3,"beyond":9}'
expect_ok "rural preset" -- analyze p.sqlite --preset rural
expect_eq "rural classes" "$(q "SELECT class_counts FROM area_coverage a JOIN analysis_runs r ON r.id = a.run_id WHERE a.scope = 'total' AND r.params_json LIKE '%rural%'")" \
    '{"co-sited":3,"adjoining":6,"village":4,"15-min":0,"beyond":0}'

# Demand points: weights 10, 20, 30, 40 at 0, 300, 600 and 1200 m.
new_project d.sqlite areas clinics sites || fail "cannot build the demand fixture"
printf 'id,x,y,weight\nd1,%s,%s,10\nd2,%s,%s,20\nd3,%s,%s,30\nd4,%s,%s,40\n' \
    $CX $CY $CX $((CY + 300)) $((CX - 600)) $CY $CX $((CY - 1200)) >demand.csv
"$COVPLAN" import d.sqlite demand demand.csv $SRC --weight-field weight -q >/dev/null || fail "cannot import demand"
expect_ok "analyze with demand" -- analyze d.sqlite
expect_eq "demand shares" "$(sqlite3 d.sqlite "SELECT elderly_method, elderly_share_within, elderly_within FROM area_coverage WHERE scope = 'total'")" \
    "demand|[0.1,0.3,0.3,0.6]|[10.0,30.0,30.0,60.0]"
expect_eq "demand rows" "$(sqlite3 d.sqlite "SELECT count(*) FROM site_coverage WHERE layer = 'demand'")" 4

# Refusals: one line, non-zero exit, project unchanged.
refuse() { # refuse WHAT CODE PATTERN PROJECT ARGS...
    local what=$1 code=$2 pattern=$3 project=$4
    shift 4
    local before
    before=$(db_fingerprint "$project")
    expect_fail "$what" "$code" "$pattern" -- analyze "$project" "$@"
    expect_eq "$what: project unchanged" "$(db_fingerprint "$project")" "$before"
}
refuse "negative radius" 2 "radii must be >= 0" p.sqlite --radii -5,300
refuse "decreasing radii" 2 "radii must increase" p.sqlite --radii 300,50
refuse "equal radii" 2 "radii must increase" p.sqlite --radii 50,50
refuse "not numbers" 2 "not a comma list" p.sqlite --radii 50,abc
refuse "unknown preset" 2 "unknown radius preset 'nope'; choose one of: gb50180, rural" p.sqlite --preset nope
refuse "unknown clinic kind" 2 "not a health facility kind" p.sqlite --clinics care_home
# The selections every command shares (cov_kinds_select): public-primary resolves through the
# flags of data/kinds.csv (a hospital is public but not primary care).
expect_ok "--clinics public-primary" -- analyze p.sqlite --clinics public-primary
expect_eq "public-primary resolved" "$(sqlite3 p.sqlite "SELECT json_extract(params_json, '$.clinic_kinds') LIKE '%general_outpatient_clinic%', json_extract(params_json, '$.clinic_kinds') LIKE '%hospital%' FROM analysis_runs ORDER BY id DESC LIMIT 1")" "1|0"
refuse "no clinic of the kinds" 3 "no clinics of the selected kinds" p.sqlite --clinics hospital
new_project noclinic.sqlite areas sites && refuse "no clinics" 3 "no clinics" noclinic.sqlite
new_project nosite.sqlite areas clinics && refuse "no elder-care sites" 3 "no elder-care sites" nosite.sqlite
# Import refuses points without areas, so take the areas away afterwards.
new_project noarea.sqlite areas clinics sites &&
    sqlite3 noarea.sqlite "UPDATE facilities SET area_id = NULL; DELETE FROM areas" &&
    refuse "no areas" 3 "no areas" noarea.sqlite
new_project empty.sqlite && refuse "empty project" 3 "no areas" empty.sqlite
"$COVPLAN" init nocrs.sqlite >/dev/null && refuse "project without layers" 3 "no layers yet" nocrs.sqlite
expect_fail "export before analyze" 3 "no analysis results yet" -- export nosite.sqlite -o x.csv
[ ! -e x.csv ] || fail "a failed export left x.csv behind"
expect_fail "export bad format" 2 "unknown output format" -- export p.sqlite -o x.txt
expect_fail "export csv all" 2 "one table" -- export p.sqlite -o x.csv --what all
expect_fail "export missing run" 3 "no analysis run 99" -- export p.sqlite -o x.csv --run 99
# Geodesic polygon shares: in Web Mercator (scale error ~30% at 40N, so analyze measures on the
# ellipsoid) a clinic's disk covers the map area of the ellipsoidal circle: pi (r s)^2 with s^2
# the areal scale at the clinic, a^2 / (M N cos^2 lat) on WGS84 (Web Mercator's spherical
# formulas on ellipsoidal latitudes), here of a 4 km square of map units.
python3 - <<'PY'
import math
a, lat, lon = 6378137.0, 40.0, 116.0
x, y = a * math.radians(lon), a * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
open("wm_areas.csv", "w").write('WKT,code,elderly\n"POLYGON((%f %f,%f %f,%f %f,%f %f,%f %f))",A,1000\n' % (
    x - 2000, y - 2000, x + 2000, y - 2000, x + 2000, y + 2000, x - 2000, y + 2000, x - 2000, y - 2000))
open("wm_clinics.csv", "w").write("id,kind,x,y\nc1,hospital,%f,%f\n" % (x, y))
open("wm_sites.csv", "w").write("id,kind,x,y\ns1,day_care,%f,%f\n" % (x + 100, y))
PY
"$COVPLAN" init wm.sqlite --crs EPSG:3857 -q >/dev/null &&
    "$COVPLAN" import wm.sqlite areas wm_areas.csv --src-crs EPSG:3857 --id-field code -q >/dev/null &&
    "$COVPLAN" import wm.sqlite facilities wm_clinics.csv --src-crs EPSG:3857 --role health --kind-field kind -q >/dev/null &&
    "$COVPLAN" import wm.sqlite facilities wm_sites.csv --src-crs EPSG:3857 --role eldercare --kind-field kind -q >/dev/null ||
    fail "cannot build the Web Mercator fixture"
expect_ok "analyze in Web Mercator" -- analyze wm.sqlite --radii 500,1000 -q
expect_eq "geodesic disks cover the ellipsoidal circles' map area" "$(sqlite3 wm.sqlite "SELECT json_extract(params_json, '$.distance') || ' ' || (SELECT elderly_share_within FROM area_coverage WHERE scope = 'area') FROM analysis_runs" | python3 -c "
import json, math, sys
dist, shares = sys.stdin.read().split(' ', 1)
a, f = 6378137.0, 1 / 298.257223563
e2, phi = f * (2 - f), math.radians(40.0)
M = a * (1 - e2) / (1 - e2 * math.sin(phi) ** 2) ** 1.5
N = a / math.sqrt(1 - e2 * math.sin(phi) ** 2)
areal = a * a / (M * N * math.cos(phi) ** 2)
want = [math.pi * r * r * areal / 16e6 for r in (500, 1000)]
print(dist, all(abs(g / w - 1) < 1e-8 for g, w in zip(json.loads(shares), want)))")" "geodesic True"
# Radii are decimal metres within 1,000 km (issue 17: 1e308 ran away, 0x72 was read as 114).
expect_fail "a radius of 1e308" 2 "1e\+308 is beyond any service reach; radii must be at most 1e\+06" -- analyze p.sqlite --radii 50,1e308
expect_fail "a hexadecimal radius" 2 "not a comma list of numbers" -- analyze p.sqlite --radii 50,0x72
expect_fail "an infinite radius" 2 "not a comma list of numbers" -- analyze p.sqlite --radii 50,inf
finish
