#!/bin/bash
# Issue 14 "any extent": a wide project (a province, several, the country) stores its layers in
# an Albers equal-area conic on CGCS2000 fitted to the extent and measures every distance on the
# ellipsoid. Checked against brute force with PROJ's geod (GeographicLib's algorithm) on random
# points over all of China, and on the real county boundaries of four prefectures (104-120E).
source "$(dirname "$0")/lib.sh"
command -v geod >/dev/null || { echo "FAIL: geod (proj-bin) is needed" >&2; exit 1; }
CC="$COV_SHARED_DIR/data/china_counties"

# --- 1. Random points over China, corners included: exact geodesic nearest, k-nearest and
#        radius counts. One area covers the whole extent (its edges are densified so that the
#        projected polygon still holds every point).
python3 - <<'EOF'
import random
random.seed(14)
ring = []
for i in range(41): ring.append((70 + 70 * i / 40, 15))
for i in range(41): ring.append((140, 15 + 41 * i / 40))
for i in range(41): ring.append((140 - 70 * i / 40, 56))
for i in range(41): ring.append((70, 56 - 41 * i / 40))
with open("china_box.geojson", "w") as f:
    coords = ",".join("[%.4f,%.4f]" % p for p in ring)
    f.write('{"type":"FeatureCollection","features":[{"type":"Feature","properties":'
            '{"code":"CN","name":"box","pop":1000,"elderly":100},"geometry":{"type":"Polygon",'
            '"coordinates":[[%s]]}}]}\n' % coords)
corners = [(73.5, 18.0), (135.0, 18.0), (73.5, 53.5), (135.0, 53.5), (104.25, 35.75)]
def pts(n, extra):
    out = list(extra)
    while len(out) < n:
        out.append((random.uniform(73.5, 135.0), random.uniform(18.0, 53.5)))
    return out
clinics = pts(40, corners[:3])
sites = pts(60, corners[3:] + [(73.6, 18.1), (134.9, 53.4)])
# clusters: near neighbours whose planar order and geodesic order may differ
for i in range(10):
    lon, lat = random.uniform(74, 134), random.uniform(19, 53)
    clinics.append((lon + 0.3, lat)); clinics.append((lon, lat + 0.3 * 1.003))
    sites.append((lon, lat))
with open("clinics.csv", "w") as f:
    f.write("id,name,kind,lon,lat\n")
    for i, (x, y) in enumerate(clinics): f.write("c%03d,clinic %d,community_health_centre,%.6f,%.6f\n" % (i, i, x, y))
with open("sites.csv", "w") as f:
    f.write("id,name,kind,lon,lat\n")
    for i, (x, y) in enumerate(sites): f.write("s%03d,site %d,day_care,%.6f,%.6f\n" % (i, i, x, y))
EOF
expect_ok "init --extent china" -- init cn.sqlite --extent china
printf '%s' "$OUT" | grep -q "Albers equal-area" || fail "init --extent china: no Albers CRS: $OUT"
expect_ok "import the box" -- import cn.sqlite areas china_box.geojson --pop-field pop --elderly-field elderly -q
expect_ok "import clinics" -- import cn.sqlite facilities clinics.csv --role health --kind-field kind --src-crs EPSG:4490 -q
expect_ok "import sites" -- import cn.sqlite facilities sites.csv --role eldercare --kind-field kind --src-crs EPSG:4490 -q
expect_eq "wide, geodesic" "$(info_json cn.sqlite "d['distance']['mode'], d['distance']['extent'], d['crs']['id']")" \
    "geodesic wide covplan:990001"
# The worst scale error over the data (the box: 70-140E, 15-56N) against PROJ's own scale
# factors (proj -S) at the box's corners, where this conic's error is largest: info samples
# with a 0.1 degree margin, so it may exceed the corners' value by a little, never fall short.
P4=$(sqlite3 cn.sqlite "SELECT proj4text FROM spatial_ref_sys WHERE srid = 990001")
CORNER=$(printf '70 15\n140 15\n70 56\n140 56\n' | proj -S $P4 | tr -d '<>' |
    awk '{for (i = 3; i <= 4; i++) { e = $i - 1; if (e < 0) e = -e; if (e > m) m = e }} END {printf "%.6f", m}')
expect_eq "the CRS's worst scale error over the data matches proj -S at the corners (+0.2% at most)" \
    "$(info_json cn.sqlite "$CORNER <= d['distance']['worst_scale_error'] <= $CORNER + 0.002")" "True"
expect_ok "analyze (geodesic by itself)" -- analyze cn.sqlite --radii 100000,300000,600000 -k 3 -q
expect_eq "the run says geodesic" "$(sqlite3 cn.sqlite "SELECT json_extract(params_json, '$.distance') FROM analysis_runs")" geodesic
expect_ok "export sites" -- export cn.sqlite -o sites_out.csv --what sites
python3 - <<'EOF' >brute.txt
import csv, subprocess
def load(p):
    with open(p, encoding="utf-8-sig") as f:
        return [(r["id"], float(r["lon"]), float(r["lat"])) for r in csv.DictReader(f)]
clinics, sites = load("clinics.csv"), load("sites.csv")
lines = ["%r %r %r %r" % (s[2], s[1], c[2], c[1]) for s in sites for c in clinics]
out = subprocess.run(["geod", "+ellps=GRS80", "-I", "-f", "%.6f", "+units=m"], input="\n".join(lines) + "\n",
                     capture_output=True, text=True, check=True).stdout.split("\n")
k, covered = 0, 0
reach = open("brute_reach.txt", "w")  # clinics within 300 km of each site, for access and site below
for s in sites:
    d = []
    for ci, c in enumerate(clinics):
        d.append((float(out[k].split()[2]), ci, c[0])); k += 1
    d.sort()
    within = [sum(1 for x in d if x[0] <= r) for r in (100000, 300000, 600000)]
    print(s[0], "%.6f" % d[0][0], d[0][2], ",".join(x[2] for x in d[:3]), *within)
    reach.write("%s %d\n" % (s[0], within[1]))
    covered += within[1] > 0
reach.write("covered %d\n" % covered)
EOF
python3 - "$WORK" <<'EOF' >compare.txt
import csv, sys
brute = {l.split()[0]: l.split() for l in open("brute.txt")}
with open("sites_out.csv", encoding="utf-8-sig") as f:
    rows = list(csv.DictReader(f))
codes = {}
import sqlite3
db = sqlite3.connect("cn.sqlite")
for fid, code in db.execute("SELECT id, code FROM facilities"): codes[fid] = code
bad = []
for r in rows:
    b = brute[r["code"]]
    got_d = float(r["nearest_dist"])
    if abs(got_d - float(b[1])) > 0.001: bad.append("%s nearest %.4f vs geod %s" % (r["code"], got_d, b[1]))
    if r["nearest_code"] != b[2]: bad.append("%s nearest %s vs geod %s" % (r["code"], r["nearest_code"], b[2]))
    import json
    knn = ",".join(codes[i] for i in json.loads(r["knn_ids"]))
    if knn != b[3]: bad.append("%s knn %s vs geod %s" % (r["code"], knn, b[3]))
    within = [r["n_within_100000m"], r["n_within_300000m"], r["n_within_600000m"]]
    if within != b[4:7]: bad.append("%s within %s vs geod %s" % (r["code"], within, b[4:7]))
print(len(rows), len(bad))
for x in bad[:5]: print(x)
EOF
expect_eq "70 sites, every nearest distance within 1 mm of geod, same nearest, 3 nearest and radius counts" \
    "$(head -1 compare.txt)" "70 0"
[ "$(head -1 compare.txt)" = "70 0" ] || cat compare.txt >&2

# Access and siting measure on the ellipsoid too: clinics in reach of each site (2SFCA, 300 km)
# and the sites with a clinic within 300 km before siting (MCLP), against geod (brute_reach.txt,
# written with brute.txt above).
expect_ok "access 2SFCA 300 km (geodesic)" -- access cn.sqlite --method 2sfca --catchment 300000 --demand eldercare -o reach.csv --what locations -q
expect_eq "clinics in reach of every site as geod counts them" \
    "$(python3 -c "
import csv
b = dict(l.split() for l in open('brute_reach.txt') if not l.startswith('covered'))
rows = list(csv.DictReader(open('reach.csv', encoding='utf-8-sig')))
print(len(rows), sum(b[r['code']] != r['n_in_reach'] for r in rows))")" "70 0"
expect_ok "site MCLP 300 km (geodesic)" -- site cn.sqlite -m mclp --add 1 --radius 300000 --json
expect_eq "sites with a clinic within 300 km before siting, as geod counts them" \
    "$(printf '%s' "$OUT" | python3 -c "import json,sys; d = json.load(sys.stdin); print(d.get('n_covered_before', d.get('summary', {}).get('n_covered_before')))")" \
    "$(grep '^covered' brute_reach.txt | cut -d' ' -f2)"
expect_eq "site and access runs say geodesic" \
    "$(sqlite3 cn.sqlite "SELECT json_extract(params_json, '$.distance') FROM site_runs UNION ALL SELECT json_extract(params_json, '$.distance') FROM access_runs")" "geodesic
geodesic"

# --- 1b. Across the antimeridian (Fiji's longitudes, 176E to 177W): the extent is 176..183,
#         not the whole globe, the fitted conic is centred near 180, and nearest distances are
#         the geodesic ones.
python3 - <<'EOF2'
import random
random.seed(180)
with open("fiji_box.geojson", "w") as f:
    f.write('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"FJ",'
            '"name":"box"},"geometry":{"type":"MultiPolygon","coordinates":[[[[175,-22],[180,-22],'
            '[180,-13],[175,-13],[175,-22]]],[[[-180,-22],[-176,-22],[-176,-13],[-180,-13],'
            '[-180,-22]]]]}}]}\n')
def lon():
    x = random.uniform(176.0, 183.0)
    return x - 360 if x > 180 else x
for name, kind, n in (("fc.csv", "community_health_centre", 30), ("fs.csv", "day_care", 40)):
    with open(name, "w") as f:
        f.write("id,name,kind,lon,lat\n")
        for i in range(n):
            f.write("%s%02d,x,%s,%.6f,%.6f\n" % (name[1], i, kind, lon(), random.uniform(-20.0, -15.0)))
EOF2
expect_ok "init fiji" -- init fj.sqlite --extent wide
expect_ok "the box" -- import fj.sqlite areas fiji_box.geojson --src-crs EPSG:4326 -q
expect_ok "clinics across the antimeridian" -- import fj.sqlite facilities fc.csv --role health --kind-field kind --src-crs EPSG:4326 -q
expect_ok "sites across the antimeridian" -- import fj.sqlite facilities fs.csv --role eldercare --kind-field kind --src-crs EPSG:4326 -q
expect_eq "a conic centred near 180" "$(sqlite3 fj.sqlite "SELECT proj4text LIKE '%+lon_0=179.5 %' FROM spatial_ref_sys WHERE srid = 990001")" 1
expect_eq "the data's extent is the narrow one across 180 (scale error of a few 0.01%)" \
    "$(info_json fj.sqlite "d['distance']['worst_scale_error'] < 0.002")" True
expect_ok "analyze fiji" -- analyze fj.sqlite --radii 50000,200000 -k 2 -q
expect_ok "export fiji" -- export fj.sqlite -o fj.csv --what sites
expect_eq "40 sites, nearest and 2-nearest as geod finds them (1 mm)" "$(python3 - <<'EOF2'
import csv, subprocess, sqlite3, json
def load(p): return [(r["id"], float(r["lon"]), float(r["lat"])) for r in csv.DictReader(open(p))]
cl, si = load("fc.csv"), load("fs.csv")
out = subprocess.run(["geod", "+ellps=GRS80", "-I", "-f", "%.6f", "+units=m"], check=True, capture_output=True, text=True,
                     input="\n".join("%r %r %r %r" % (s[2], s[1], c[2], c[1]) for s in si for c in cl) + "\n").stdout.split("\n")
codes = dict(sqlite3.connect("fj.sqlite").execute("SELECT id, code FROM facilities"))
rows = {r["code"]: r for r in csv.DictReader(open("fj.csv", encoding="utf-8-sig"))}
bad = 0
for i, s in enumerate(si):
    d = sorted((float(out[i * len(cl) + j].split()[2]), c[0]) for j, c in enumerate(cl))
    r = rows[s[0]]
    knn = [codes[x] for x in json.loads(r["knn_ids"])]
    bad += abs(float(r["nearest_dist"]) - d[0][0]) > 0.001 or knn != [d[0][1], d[1][1]]
print(len(rows), bad)
EOF2
)" "40 0"

# --- 2. The four prefectures' county boundaries (GCJ-02, 104-120E) in one project.
expect_ok "init wide" -- init pref.sqlite --extent wide
n=0
for f in 510700 511700 431000 330100; do
    expect_ok "import $f counties" -- import pref.sqlite areas "$CC/${f}_counties_gcj02.geojson" --src-crs GCJ02 --append -q
done
expect_eq "all 40 counties, four prefectures" \
    "$(sqlite3 pref.sqlite "SELECT count(*) || ' ' || count(DISTINCT substr(code, 1, 4)) FROM areas")" "40 4"
expect_eq "the CRS was fitted to the first import and is registered for QGIS" \
    "$(sqlite3 pref.sqlite "SELECT auth_name, srtext LIKE 'PROJCS[\"CGCS2000 / Albers equal-area%' FROM spatial_ref_sys WHERE srid = 990001")" "covplan|1"
expect_eq "GDAL reads the layers' CRS" "$(ogrinfo -so pref.sqlite areas 2>/dev/null | grep -c 'Albers equal-area')" 1
expect_fail "a county imported twice" 3 "id '510703' is already in the project" -- \
    import pref.sqlite areas "$CC/510700_counties_gcj02.geojson" --src-crs GCJ02 --append
expect_fail "append and replace together" 2 "exclude each other" -- \
    import pref.sqlite areas "$CC/510700_counties_gcj02.geojson" --src-crs GCJ02 --append --replace

# --- 2b. Administrative levels: the counties with --level county and the 2020 census joined;
#         their parents come from the 6-digit adcodes, and county -> prefecture -> province
#         roll-ups of population and 65+ are the census's own sums.
E='男_65到69岁+女_65到69岁+男_70到74岁+女_70到74岁+男_75到79岁+女_75到79岁+男_80到84岁+女_80到84岁+男_85岁以上+女_85岁以上'
expect_ok "init china" -- init lv.sqlite --extent china
for f in 510700 511700 431000 330100; do
    expect_ok "import $f counties with the census" -- import lv.sqlite areas "$CC/${f}_counties_gcj02.geojson" \
        --src-crs GCJ02 --append --level county --id-field adcode --join "$CC/census2020_county.csv" \
        --join-key 区划代码 --pop-field 人口数_合计 --elderly-field "$E" -q
done
expect_eq "levels and parents stored" "$(sqlite3 lv.sqlite "SELECT level, parent_code FROM areas WHERE code = '510703'")" "county|510700"
python3 - "$CC/census2020_county.csv" >census_sums.txt <<'EOF2'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
head = rows[0]
old = [head.index(c) for c in head if "岁" in c and any(a in c for a in ("65到69", "70到74", "75到79", "80到84", "85岁以上"))]
pop = head.index("人口数_合计")
byc = {r[0]: (int(r[pop]), sum(int(r[i]) for i in old)) for r in rows[1:] if r[0].isdigit()}
counties = [c for c in byc if c[:4] in ("5107", "5117", "4310", "3301") and not c.endswith("00")]
print(len(counties))
for pref in ("330100", "431000", "510700", "511700"):
    print(pref, *byc[pref])
print("511771", *byc["511771"])
EOF2
expect_eq "41 census county units in the four prefectures (one without a boundary)" "$(head -1 census_sums.txt)" 41
expect_ok "info --level prefecture" -- info lv.sqlite --level prefecture --json
printf '%s' "$OUT" >pref.json
PREF=$(python3 -c "
import json
for a in json.load(open('pref.json'))['areas']: print(a['code'], int(a['population']), int(a['elderly']), a['areas'])")
CENSUS=$(sed -n 2,5p census_sums.txt)
expect_eq "Hangzhou, Chenzhou, Mianyang: county sums = the census prefecture rows" \
    "$(printf '%s\n' "$PREF" | sed -n '1p;2p;3p' | cut -d' ' -f1-3)" "$(printf '%s\n' "$CENSUS" | sed -n '1p;2p;3p')"
DZ_CENSUS=$(sed -n 5p census_sums.txt) DZ_ZONE=$(sed -n 6p census_sums.txt)
expect_eq "Dazhou: county sums = the census row minus 达州经济开发区 (a census unit without a boundary)" \
    "$(printf '%s\n' "$PREF" | sed -n 4p | cut -d' ' -f1-3)" \
    "$(echo "$DZ_CENSUS $DZ_ZONE" | awk '{print $1, $2 - $5, $3 - $6}')"
expect_eq "areas per prefecture" "$(printf '%s\n' "$PREF" | cut -d' ' -f4 | tr '\n' ' ')" "13 11 9 7 "
expect_ok "info --level province" -- info lv.sqlite --level province --json
expect_eq "province totals are the sums of their prefectures" \
    "$(printf '%s' "$OUT" | python3 -c "
import json,sys
print(' '.join('%s:%d' % (a['code'], a['population']) for a in json.load(sys.stdin)['areas']))")" \
    "$(printf '%s\n' "$PREF" | awk '{p = substr($1, 1, 2) "0000"; s[p] += $2} END {for (k in s) printf "%s:%d\n", k, s[k]}' | sort | paste -sd' ')"
# Indicators rolled up, never averaged: clinics at the county seats, elder-care sites at the
# centroids and beside them; export --level prefecture recomputes shares and percentiles from
# the sites, and the study-area total is the same at every level.
python3 - "$CC" <<'EOF2'
import json, sys
c = open("seats.csv", "w"); s = open("homes.csv", "w")
c.write("id,name,kind,lon,lat\n"); s.write("id,name,kind,lon,lat\n")
for f in ("510700", "511700", "431000", "330100"):
    for feat in json.load(open("%s/%s_counties_gcj02.geojson" % (sys.argv[1], f)))["features"]:
        p = feat["properties"]
        c.write("h%s,%s医院,hospital,%.6f,%.6f\n" % (p["adcode"], p["name"], *p["center"]))
        s.write("e%s,%s敬老院,nursing_home,%.6f,%.6f\n" % (p["adcode"], p["name"], *p.get("centroid", p["center"])))
        s.write("d%s,%s日间照料中心,day_care,%.6f,%.6f\n" % (p["adcode"], p["name"], p["center"][0] + 0.01, p["center"][1]))
EOF2
expect_ok "clinics at the seats" -- import lv.sqlite facilities seats.csv --src-crs GCJ02 --role health --kind-field kind --keep-outside -q
expect_ok "sites at the centroids" -- import lv.sqlite facilities homes.csv --src-crs GCJ02 --role eldercare --kind-field kind --keep-outside -q
expect_eq "spatial indexes built once per import, complete after four appends and two imports" \
    "$(sqlite3 lv.sqlite "SELECT load_extension('mod_spatialite'); SELECT CheckSpatialIndex('areas', 'geom') || CheckSpatialIndex('facilities', 'geom'); SELECT (SELECT count(*) FROM idx_areas_geom) || ' ' || (SELECT count(*) FROM idx_facilities_geom) || ' ' || (SELECT count(*) FROM facilities)" | tail -2 | paste -sd' ')" "11 40 120 120"
expect_ok "analyze the four prefectures" -- analyze lv.sqlite --radii 2000,10000,30000 -q
# The level commands, the fitted CRS and the geodesic searches run under valgrind's leak
# checker here (ASan checks them in the sanitizer build).
command -v valgrind >/dev/null && export COV_VALGRIND=1
expect_ok "analyze --level prefecture" -- analyze lv.sqlite --radii 2000,10000,30000 --level prefecture
printf '%s\n' "$OUT" | grep -A6 '^by prefecture' >analyze_units.txt
expect_eq "the summary has one line per prefecture and the total" "$(grep -cE '^(330100|431000|510700|511700|total) ' analyze_units.txt)" 5
expect_ok "export counties" -- export lv.sqlite -o county.csv --what areas
expect_ok "export sites" -- export lv.sqlite -o lvsites.csv --what sites
expect_ok "export --level prefecture" -- export lv.sqlite -o pref.csv --what areas --level prefecture
expect_ok "export --level province (GeoPackage)" -- export lv.sqlite -o prov.gpkg --level province
expect_eq "the GeoPackage's province layer: 3 units and the total" \
    "$(ogrinfo -q -sql 'SELECT count(*) FROM areas' prov.gpkg 2>/dev/null | grep -o '= [0-9]*' | tr -d '= ')" 4
python3 - >rollup_check.txt <<'EOF2'
import csv
def rows(p): return list(csv.DictReader(open(p, encoding="utf-8-sig")))
county, pref, sites = rows("county.csv"), rows("pref.csv"), rows("lvsites.csv")
bad = []
units = {}
for r in county:
    if r["scope"] == "area": units.setdefault(r["code"][:4] + "00", []).append(r)
cls = [k[len("sites_"):] for k in county[0] if k.startswith("sites_")]
for p in pref:
    if p["scope"] == "total":
        tc = [r for r in county if r["scope"] == "total"][0]
        if p != tc: bad.append("total differs")
        continue
    members = units[p["code"]]
    for k in ("n_eldercare", "n_clinics", "n_unserved"):
        if int(p[k]) != sum(int(m[k]) for m in members): bad.append(p["code"] + " " + k)
    if abs(float(p["population"]) - sum(float(m["population"]) for m in members)) > 0.01: bad.append(p["code"] + " population")
    n = int(p["n_eldercare"])
    for c in cls:
        cnt = sum(int(m["sites_" + c]) for m in members)
        if int(p["sites_" + c]) != cnt or abs(float(p["share_" + c]) - round(cnt / n, 6)) > 1e-9: bad.append(p["code"] + " " + c)
    d = sorted(float(x["nearest_dist"]) for x in sites if x["area_code"][:4] + "00" == p["code"] and x["nearest_dist"])
    import math
    med = d[math.ceil(0.5 * len(d)) - 1]; p90 = d[math.ceil(0.9 * len(d)) - 1]
    if abs(float(p["dist_median"]) - med) > 0.002 or abs(float(p["dist_p90"]) - p90) > 0.002 or abs(float(p["dist_max"]) - d[-1]) > 0.002:
        bad.append("%s percentiles %s/%s vs %s/%s" % (p["code"], p["dist_median"], p["dist_p90"], med, p90))
print(len(pref), len(bad))
for b in bad[:5]: print(b)
EOF2
expect_eq "4 prefectures + total: sums, shares from the summed counts, percentiles from the sites" "$(head -1 rollup_check.txt)" "5 0"
expect_eq "analyze --level prints the exported units' shares" \
    "$(awk '$1 ~ /^[0-9]/ {print $1, $(NF-3)}' analyze_units.txt | sort)" \
    "$(python3 -c "
import csv
for p in csv.DictReader(open('pref.csv', encoding='utf-8-sig')):
    if p['scope'] == 'total': continue
    n = int(p['n_eldercare']); w = sum(int(v) for k, v in p.items() if k.startswith('sites_') and not k.endswith('beyond'))
    print(p['code'], '%.1f%%' % (100.0 * w / n))" | sort)"
[ "$(head -1 rollup_check.txt)" = "5 0" ] || cat rollup_check.txt >&2
expect_ok "a map of all four prefectures" -- map lv.sqlite -o four.png
expect_eq "drawn (a PNG)" "$(head -c 8 four.png | od -An -tx1 | tr -d ' \n')" "89504e470d0a1a0a"
expect_ok "the map as PDF" -- map lv.sqlite -o four.pdf
expect_eq "its note names the fitted CRS" "$(pdftotext four.pdf - 2>/dev/null | grep -c 'covplan:990001')" 1
expect_ok "compare --level prefecture" -- compare lv.sqlite base --level prefecture -f json
printf '%s' "$OUT" >cmp_level.json
expect_eq "compare's prefecture rows are the exported units' values" "$(python3 -c "
import csv, json
d = json.load(open('cmp_level.json'))
units = {p['code']: p for p in csv.DictReader(open('pref.csv', encoding='utf-8-sig')) if p['scope'] != 'total'}
bad, seen = 0, set()
for r in d['rows']:
    if r['scope'] != 'prefecture': continue
    u, v = units[r['area_code']], r['values'][0]
    seen.add(r['area_code'])
    n = int(u['n_eldercare'])
    if r['indicator'] == 'eldercare_sites': bad += v != n
    if r['indicator'] == 'median_distance': bad += abs(v - float(u['dist_median'])) > 0.06
    if r['indicator'] == 'site_share_within' and r['radius'] == 30000:
        w = sum(int(x) for k, x in u.items() if k.startswith('sites_') and not k.endswith('beyond'))
        bad += abs(v - round(100.0 * w / n, 2)) > 0.006
print(len(seen), bad)")" "4 0"
expect_ok "report --level prefecture" -- report lv.sqlite -o pref.pdf --level prefecture --lang en
expect_eq "a page per prefecture" "$(printf '%s' "$OUT" | grep -o '[0-9]* areas')" "4 areas"
# A unit's page lists its 10 farthest sites (and every unserved one) and says how many more
# there are: 达州 has 7 counties x 2 sites.
expect_eq "each prefecture page lists its farthest sites (达州: 10 of 7 counties x 2)" \
    "$(pdftotext -layout pref.pdf - | awk '/^ *511700 \(511700\)/ {p = 1} p && /^ *[0-9]+ +.*(Nursing home|Day-care centre)/ {n++} /^ *510700 \(510700\)/ {p = 0} END {print n}')" 10
expect_eq "and says how many more" "$(pdftotext pref.pdf - | tr '\n' ' ' | grep -o '4 more elder-care sites, all nearer a clinic' | head -1)" "4 more elder-care sites, all nearer a clinic"
# The report's accessibility table by prefecture: the counties' rows rolled up (demand summed,
# the score the demand-weighted mean), not one row per county.
expect_ok "access on the four prefectures" -- access lv.sqlite --method 2sfca --catchment 30000 --demand eldercare -q
expect_ok "report --level prefecture with access" -- report lv.sqlite -o pref2.pdf --level prefecture --lang en
pdftotext -layout pref2.pdf pref2.txt
expect_eq "access rows are the four prefectures, with the counties' weighted mean" "$(sqlite3 lv.sqlite "
    SELECT substr(code, 1, 4) || '00', sum(demand), printf('%.6g', sum(value * demand) / sum(demand))
    FROM access_areas WHERE run_id = (SELECT max(id) FROM access_runs) AND scope = 'area'
    GROUP BY 1 ORDER BY 1" | python3 -c "
import re, sys
text = open('pref2.txt', encoding='utf-8').read()
ok = 0
for line in sys.stdin:
    code, dem, score = line.strip().split('|')
    row = re.search(r'^ *%s +\\S+ +([0-9,]+) +[0-9,]+ +(\\S+)' % code, text, re.M)
    ok += bool(row) and row.group(1).replace(',', '') == '%d' % float(dem) and row.group(2) == score
print(ok)")" 4
# Demand rows are checked where a level roll-up reads them (the up-front check leaves out the
# millions of demand rows of a national grid): a damaged weight is one line naming the point.
cp lv.sqlite dm.sqlite
awk -F, 'NR == 1 {print $0 ",weight"} NR > 1 {print $0 "," NR}' homes.csv >dem.csv
expect_ok "demand points" -- import dm.sqlite demand dem.csv --src-crs GCJ02 --weight-field weight --keep-outside -q
expect_ok "analyze with demand" -- analyze dm.sqlite -q
expect_ok "export --level prefecture with demand" -- export dm.sqlite -o dm_ok.csv --what areas --level prefecture
sqlite3 dm.sqlite "UPDATE demand SET weight = 'abc' WHERE id = (SELECT min(id) FROM demand WHERE area_id IS NOT NULL)"
expect_fail "a damaged demand weight" 5 "demand point [0-9]+, column weight holds 'abc', not a number" -- export dm.sqlite -o dm_bad.csv --what areas --level prefecture
expect_ok "a map of one prefecture zooms to it" -- map lv.sqlite -o dz.png --level prefecture --area 511700 --json
printf '%s' "$OUT" >dz.json
expect_ok "the map of all four" -- map lv.sqlite -o all4.png --level prefecture --json
expect_eq "the zoomed view is 达州's, a fraction of the study area's" "$(printf '%s' "$OUT" | python3 -c "
import json, sys
a, z = json.load(sys.stdin)['view']['extent'], json.load(open('dz.json'))['view']['extent']
print((z[2] - z[0]) < 0.3 * (a[2] - a[0]), a[0] <= z[0] and z[2] <= a[2])")" "True True"
expect_ok "a map of the prefectures" -- map lv.sqlite -o prefs.png --level prefecture --json
expect_eq "four units drawn, labelled by their codes (no prefecture polygons were imported)" \
    "$(printf '%s' "$OUT" | python3 -c "
import json,sys
print(' '.join(sorted(l['text'] for l in json.load(sys.stdin)['labels'])))")" "330100 431000 510700 511700"
unset COV_VALGRIND
expect_fail "a level finer than the areas" 2 "finer than the project's finest areas \(county\)" -- info lv.sqlite --level township
expect_fail "an unknown level" 2 "use province, prefecture" -- info lv.sqlite --level galaxy
expect_fail "--level on facilities" 2 "are for areas" -- import lv.sqlite facilities clinics.csv --role health --kind-field kind --src-crs EPSG:4490 --level county

# --- 2c. Inside one Gauss-Kruger zone (达州, CM 108E) planar and geodesic nearest distances
#         agree to 0.1%, and covplan keeps planar distances there.
expect_ok "init dazhou" -- init dz.sqlite
expect_ok "dazhou counties" -- import dz.sqlite areas "$CC/511700_counties_gcj02.geojson" --src-crs GCJ02 --id-field adcode -q
expect_eq "a GK zone, planar" "$(info_json dz.sqlite "d['crs']['id'], d['distance']['mode']")" "EPSG:4545 planar"
grep -E '^(id|h5117)' seats.csv >dz_seats.csv
grep -E '^(id|[ed]5117)' homes.csv >dz_homes.csv
expect_ok "dazhou seats" -- import dz.sqlite facilities dz_seats.csv --src-crs GCJ02 --role health --kind-field kind --keep-outside -q
expect_ok "dazhou homes" -- import dz.sqlite facilities dz_homes.csv --src-crs GCJ02 --role eldercare --kind-field kind --keep-outside -q
expect_ok "planar" -- analyze dz.sqlite -q
expect_ok "planar export" -- export dz.sqlite -o dz_planar.csv --what sites
expect_ok "geodesic" -- analyze dz.sqlite --geodesic -q
expect_ok "geodesic export" -- export dz.sqlite -o dz_geo.csv --what sites
expect_eq "14 sites, planar and geodesic nearest within 0.1%" "$(python3 -c "
import csv
a = {r['code']: float(r['nearest_dist']) for r in csv.DictReader(open('dz_planar.csv', encoding='utf-8-sig'))}
b = {r['code']: float(r['nearest_dist']) for r in csv.DictReader(open('dz_geo.csv', encoding='utf-8-sig'))}
print(len(a), sum(abs(a[k] - b[k]) > 0.001 * b[k] for k in a))")" "14 0"

# --- 2d. Parents by containment, the last resort: codes that are not administrative codes (the
#         county names), under a hand-drawn "prefecture" around 达州.
cat >dz_box.geojson <<'EOF2'
{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"code": "DZ", "name": "达州片区"},
 "geometry": {"type": "Polygon", "coordinates": [[[106.8, 30.3], [108.8, 30.3], [108.8, 32.3], [106.8, 32.3], [106.8, 30.3]]]}}]}
EOF2
expect_ok "init" -- init box.sqlite --extent china
expect_ok "the prefecture" -- import box.sqlite areas dz_box.geojson --src-crs GCJ02 --level prefecture -q
expect_ok "达州 counties named, not coded" -- import box.sqlite areas "$CC/511700_counties_gcj02.geojson" --src-crs GCJ02 --append --level county --id-field name -q
expect_eq "parents found by containment" "$(sqlite3 box.sqlite "SELECT count(*) FROM areas WHERE level = 'county' AND parent_code = 'DZ'")" 7
cov import box.sqlite areas "$CC/510700_counties_gcj02.geojson" --src-crs GCJ02 --append --level county --id-field name -q
expect_eq "绵阳's counties lie outside it: imported, and one warning names them" \
    "$RC $(printf '%s' "$ERR" | grep -c 'have no parent') $(printf '%s' "$ERR" | grep -c '涪城区')" "0 1 1"
expect_fail "they cannot roll up" 3 "area .*: its prefecture is not known" -- info box.sqlite --level prefecture

# --- 3. A user's CRS whatever its authority; a refused one says why.
expect_ok "a PROJ string" -- init aea.sqlite --crs "+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +ellps=GRS80 +units=m +no_defs"
expect_eq "kept as covplan:990001 with its definition" "$(info_json aea.sqlite "d['crs']['id']")" "covplan:990001"
expect_fail "a geographic CRS" 4 "not a projected CRS in metres" -- init geo.sqlite --crs EPSG:4326
expect_fail "--extent with a CRS" 2 "give it or --crs" -- init both.sqlite --extent wide --crs EPSG:4545
expect_fail "unknown extent" 2 "zone, wide or china" -- init bad.sqlite --extent huge

# --- 4. Never a silently distorted distance: Web Mercator at 30N is ~15% long, so covplan
#        measures on the ellipsoid there, and says so.
expect_ok "init EPSG:3857" -- init merc.sqlite --crs EPSG:3857
expect_ok "areas" -- import merc.sqlite areas "$CC/511700_counties_gcj02.geojson" --src-crs GCJ02 -q
expect_eq "geodesic in Web Mercator" "$(info_json merc.sqlite "d['distance']['mode'], d['distance']['worst_scale_error'] > 0.1")" "geodesic True"
cov info merc.sqlite
printf '%s' "$OUT" | grep -q "distances: geodesic (worst scale error" || fail "info does not say how it measures: $OUT"

echo "$((CHECKS - FAILURES)) passed, $FAILURES failed"
[ "$FAILURES" = 0 ]
