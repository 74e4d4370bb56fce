#!/bin/bash
# covplan analyze/export on the Hong Kong demo: the program's classes, nearest clinics and
# per-district percentiles against an independent brute force over all pairs (python3), plus
# rerun/replace, geodesic vs planar, and byte-identical CSV/JSON exports.
. "$(dirname "$0")/lib.sh"

make_hk_project hk.sqlite || { echo "cannot build the HK project"; exit 1; }
CLINICS=hospital,general_outpatient_clinic,public_clinic

expect_ok "analyze HK" -- analyze hk.sqlite --clinics "$CLINICS" -q
printf '%s\n' "$OUT" | grep -q '^beyond ' || fail "summary has no class table: $OUT"
printf '%s\n' "$OUT" | grep -q 'worst areas' || fail "summary has no worst areas: $OUT"
RUN=$(sqlite3 hk.sqlite "SELECT id FROM analysis_runs")

# Brute force: every site against every clinic, ordered by (distance, id); classes with
# inclusive boundaries; nearest-rank percentiles. Reads only the imported facilities.
cat >brute.py <<'PY'
import json, math, sqlite3, sys
db, run, kinds = sys.argv[1], int(sys.argv[2]), set(sys.argv[3].split(","))
radii, names = [50, 300, 500, 1000], ["co-sited", "adjoining", "10-min", "15-min", "beyond"]
con = sqlite3.connect(db)
fac = con.execute("SELECT f.id, f.role, f.kind, a.code, f.x, f.y FROM facilities f "
                  "LEFT JOIN areas a ON a.id = f.area_id ORDER BY f.id").fetchall()
clinics = [r for r in fac if r[1] == "health" and r[2] in kinds]
sites = [r for r in fac if r[1] == "eldercare"]
def rank(vals, p):  # nearest rank: the value at 1-based rank ceil(p/100*n)
    v = sorted(vals)
    return v[max(1, math.ceil(p * len(v) / 100)) - 1]
got = {r[0]: r[1:] for r in con.execute(
    "SELECT site_id, nearest_id, nearest_dist, knn_ids, n_within, class FROM site_coverage "
    "WHERE run_id = ? AND layer = 'eldercare'", (run,))}
bad = 0
counts, per_area = dict.fromkeys(names, 0), {}
for s in sites:
    d = sorted((math.sqrt((s[4] - c[4]) ** 2 + (s[5] - c[5]) ** 2), c[0]) for c in clinics)
    cls = next((names[i] for i, r in enumerate(radii) if d[0][0] <= r), "beyond")
    within = [sum(1 for x in d if x[0] <= r) for r in radii]
    counts[cls] += 1
    per_area.setdefault(s[3], []).append(d[0][0])
    g = got[s[0]]
    if (g[0] != d[0][1] or abs(g[1] - d[0][0]) > 1e-6 or json.loads(g[2]) != [x[1] for x in d[:3]]
            or json.loads(g[3]) != within or g[4] != cls):
        bad += 1
        if bad < 5: print("site", s[0], "program", g, "brute force", d[0], cls, within, file=sys.stderr)
print("mismatched sites", bad)
print("classes", " ".join(str(counts[n]) for n in names))
area = {r[0]: r[1:] for r in con.execute(
    "SELECT a.code, c.dist_median, c.dist_p90, c.dist_max, c.class_counts FROM area_coverage c "
    "JOIN areas a ON a.id = c.area_id WHERE c.run_id = ?", (run,))}
bad_area = 0
for code, v in sorted(per_area.items()):
    want = (rank(v, 50), rank(v, 90), max(v))
    g = area[code]
    if any(abs(a - b) > 1e-6 for a, b in zip(g[:3], want)):
        bad_area += 1
        print("district", code, "program", g[:3], "brute force", want, file=sys.stderr)
print("mismatched districts", bad_area)
print("medians", " ".join("%s=%.1f" % (c, rank(v, 50)) for c, v in sorted(per_area.items())))
PY
BRUTE=$(python3 brute.py hk.sqlite "$RUN" "$CLINICS")
expect_eq "sites matching brute force" "$(printf '%s\n' "$BRUTE" | grep '^mismatched sites')" "mismatched sites 0"
expect_eq "districts matching brute force" "$(printf '%s\n' "$BRUTE" | grep '^mismatched districts')" "mismatched districts 0"
# Pinned from the brute force (not from covplan): 888 sites, 330 clinics.
expect_eq "class counts (brute force)" "$(printf '%s\n' "$BRUTE" | grep '^classes')" "classes 21 334 244 203 86"
expect_eq "district medians (brute force)" "$(printf '%s\n' "$BRUTE" | grep '^medians')" \
    "medians A=201.1 B=257.1 C=404.6 D=332.5 E=362.0 F=282.0 G=268.5 H=334.6 J=482.8 K=238.7 L=482.0 M=508.3 N=476.6 P=314.5 Q=731.5 R=655.8 S=409.1 T=435.2"
expect_eq "program class counts" \
    "$(sqlite3 hk.sqlite "SELECT class_counts FROM area_coverage WHERE run_id = $RUN AND scope = 'total'")" \
    '{"co-sited":21,"adjoining":334,"10-min":244,"15-min":203,"beyond":86}'
expect_eq "capacity unknown in HK: per 1000 is NULL" \
    "$(sqlite3 hk.sqlite "SELECT count(*) FROM area_coverage WHERE run_id = $RUN AND capacity_per_1000 IS NULL")" 19

# Polygon shares (no demand points): the exact area within r of a clinic (geo/diskcover.c)
# against SpatiaLite's GEOS buffers. Inscribed 512-gons (quadrant segments 128) fall short of a
# circle by 2.5e-5 of its area, the previous covplan's 128-gons by 4.0e-4: covplan must be at
# or above each, by no more than 1e-4 and 5e-4 of the share respectively.
KINDS_SQL="'$(printf '%s' "$CLINICS" | sed "s/,/','/g")'"
for segs in 128 32; do
    for r in 50 300 500 1000; do
        sqlite3 hk.sqlite "SELECT load_extension('mod_spatialite');
            WITH u AS (SELECT ST_UnaryUnion(ST_Collect(ST_Buffer(geom, $r, $segs))) AS g FROM facilities
                       WHERE role = 'health' AND kind IN ($KINDS_SQL))
            SELECT a.code, $r, $segs, ST_Area(ST_Intersection(a.geom, u.g)) / ST_Area(a.geom) FROM areas a, u"
    done
done | grep '|' >geos_shares.txt
sqlite3 hk.sqlite "SELECT a.code, c.elderly_share_within FROM area_coverage c JOIN areas a ON a.id = c.area_id WHERE c.run_id = $RUN" >our_shares.txt
cat >shares.py <<'PY'
import json, sys
got = dict(line.strip().split("|") for line in open("our_shares.txt"))
radii, tol, bad, n = [50, 300, 500, 1000], {128: 1e-4, 32: 5e-4}, {128: 0, 32: 0}, 0
for line in open("geos_shares.txt"):
    code, r, segs, ref = line.strip().split("|")
    ours, segs, ref = json.loads(got[code])[radii.index(int(r))], int(segs), float(ref)
    n += 1
    if not (-1e-12 <= ours - ref <= tol[segs] * ref + 1e-12):
        bad[segs] += 1
        print(code, r, segs, ours, ref, file=sys.stderr)
print("compared", n, "off", bad[128], bad[32])
PY
expect_eq "polygon shares against GEOS buffers" "$(python3 shares.py)" "compared 144 off 0 0"

# Threads: the same run on 1 and on 4 threads stores the same rows, planar and geodesic.
for t in 1 4; do
    cp hk.sqlite "t$t.sqlite"
    expect_ok "analyze on $t threads" -- analyze "t$t.sqlite" --clinics "$CLINICS" --radii 100,300,500,1000,2000 --threads $t -q
    expect_ok "geodesic on $t threads" -- analyze "t$t.sqlite" --clinics "$CLINICS" --geodesic --clinic-partners --threads $t -q
    sqlite3 "t$t.sqlite" "SELECT * FROM site_coverage ORDER BY run_id, layer, site_id; SELECT * FROM area_coverage ORDER BY run_id, scope, area_id" >"rows$t.txt"
done
expect_eq "1 and 4 threads store the same rows" "$(cmp -s rows1.txt rows4.txt && wc -l <rows1.txt | tr -d ' ')" \
    "$(( $(sqlite3 t1.sqlite 'SELECT count(*) FROM site_coverage') + $(sqlite3 t1.sqlite 'SELECT count(*) FROM area_coverage') ))"
expect_fail "threads must be a whole number" 2 "threads '0': give a whole number" -- analyze hk.sqlite --threads 0

# Exports: CSV with BOM, byte-identical CSV/JSON before and after a rerun (which replaces the run).
expect_ok "export csv" -- export hk.sqlite -o sites1.csv
expect_ok "export json" -- export hk.sqlite -o all1.json
expect_ok "export areas csv" -- export hk.sqlite -o areas.csv --what areas
expect_ok "export gpkg" -- export hk.sqlite -o out.gpkg
expect_eq "CSV starts with a UTF-8 BOM" "$(head -c 3 sites1.csv | od -An -tx1 | tr -d ' ')" "efbbbf"
expect_eq "CSV rows" "$(wc -l <sites1.csv | tr -d ' ')" 889
expect_eq "areas CSV has Chinese names" "$(grep -c '灣仔區' areas.csv)" 1
expect_ok "rerun with the same parameters" -- analyze hk.sqlite --clinics "$CLINICS" -q
# Unchanged inputs and parameters: the stored run is reused (planner/analyze/analyze_reuse.c).
printf '%s\n' "$OUT" | grep -q 'up to date' || fail "rerun did not say the run is up to date: $OUT"
expect_eq "still one run" "$(sqlite3 hk.sqlite 'SELECT count(*), min(id) FROM analysis_runs')" "1|$RUN"
expect_ok "export csv again" -- export hk.sqlite -o sites2.csv
expect_ok "export json again" -- export hk.sqlite -o all2.json
cmp -s sites1.csv sites2.csv || fail "CSV export differs after a rerun"
cmp -s all1.json all2.json || fail "JSON export differs after a rerun"
CHECKS=$((CHECKS + 2))
expect_eq "GeoPackage layers" "$(sqlite3 out.gpkg "SELECT group_concat(table_name, ',') FROM (SELECT table_name FROM gpkg_contents ORDER BY table_name)")" "areas,layer_styles,links,sites"
expect_eq "GeoPackage style" "$(sqlite3 out.gpkg "SELECT f_table_name, useAsDefault, styleQML LIKE '%categorizedSymbol%' FROM layer_styles")" "sites|1|1"
expect_eq "GeoPackage sites" "$(sqlite3 out.gpkg "SELECT count(*), sum(class = 'beyond') FROM sites")" "888|86"
expect_fail "export refuses to overwrite" 2 "file exists" -- export hk.sqlite -o out.gpkg
# Excel: sites, links and areas as sheets; the sites sheet holds what the CSV holds.
expect_ok "export xlsx" -- export hk.sqlite -o out.xlsx
expect_eq "xlsx sheets" "$(ogrinfo -ro -q out.xlsx 2>/dev/null | sed -E 's/^[0-9]+: ([a-z]+).*/\1/' | tr '\n' ' ')" "sites links areas "
expect_eq "xlsx sites rows and beyond" "$(ogrinfo -ro -q -sql "SELECT count(*) AS n, sum(CASE WHEN class = 'beyond' THEN 1 ELSE 0 END) AS b FROM sites" -dialect SQLite out.xlsx 2>/dev/null | grep -E '^  (n|b) ' | awk '{print $NF}' | tr '\n' ' ')" "888 86 "
expect_eq "xlsx Chinese area names" "$(ogrinfo -ro -q out.xlsx areas 2>/dev/null | grep -c '灣仔區')" 1
# A failed export leaves the file it would have replaced as it was, and no temporary file.
cp sites1.csv keep.csv
expect_fail "export of a run that does not exist" 3 "no analysis run 999" -- export hk.sqlite --run 999 -o keep.csv --overwrite
expect_eq "failed export kept the old file" "$(cmp -s keep.csv sites1.csv && echo kept)" kept
expect_eq "no temporary files left" "$(ls -a | grep -c 'covplan-')" 0

# Geodesic: same nearest clinics almost everywhere, distances within 0.1% of planar (HK1980).
expect_ok "analyze geodesic" -- analyze hk.sqlite --clinics "$CLINICS" --geodesic -q
expect_eq "two runs" "$(sqlite3 hk.sqlite 'SELECT count(*) FROM analysis_runs')" 2
expect_eq "geodesic within 0.1% of planar" "$(sqlite3 hk.sqlite "
    SELECT count(*), sum(abs(g.nearest_dist - p.nearest_dist) <= 0.001 * p.nearest_dist + 0.01)
    FROM site_coverage p JOIN site_coverage g ON g.site_id = p.site_id AND g.layer = p.layer
    WHERE p.run_id = $RUN AND g.run_id <> $RUN AND p.layer = 'eldercare'")" "888|888"

# Clinic partners: every selected clinic gets its nearest elder-care site.
expect_ok "clinic partners" -- analyze hk.sqlite --clinics "$CLINICS" --clinic-partners -q
expect_eq "partner rows" "$(sqlite3 hk.sqlite "SELECT count(*) FROM site_coverage WHERE layer = 'clinic'")" 330
finish
