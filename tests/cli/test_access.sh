#!/usr/bin/env bash
# covplan access on Hong Kong: 2SFCA of public primary care for each district's elderly,
# pinned to a brute-force evaluation in pure python over the project database; the cost-file
# path against the KD-tree path; exports; bad input leaves the project unchanged.
. "$(dirname "$0")/lib.sh"

P=hk.sqlite
make_hk_project "$P" || { echo "FAIL: cannot build the Hong Kong project" >&2; exit 1; }

# Public primary care = kinds flagged primary_care=1 and public=1 in data/kinds.csv; in the
# Hong Kong data these are general_outpatient_clinic (75) and public_clinic (200).
expect_ok "2sfca areas" -- access "$P" --method 2sfca --catchment 5000 --clinic-kinds public-primary --demand areas
printf '%s\n' "$OUT" | grep -q '^supply: 275 clinics' || fail "supply line: $OUT"
printf '%s\n' "$OUT" | grep -q 'capacity unknown for 275 of them: supply 1 each' ||
    fail "the supply default is not said: $OUT"
printf '%s\n' "$OUT" | grep -q '^demand: 18 areas' || fail "demand line: $OUT"
printf '%s\n' "$OUT" | grep -q 'clinics with no demand within the catchment (ratio undefined, left out): 20' ||
    fail "idle clinics not reported: $OUT"
# Central & Western (A): 0.00038965612 clinics per elderly person, 0.3897 per 1000.
printf '%s\n' "$OUT" | grep -Eq '^A +45491 +1 +0 +0\.00038965612 +0\.3897 +中西區$' ||
    fail "district A row: $(printf '%s\n' "$OUT" | grep '^A ')"
RUN=$(sqlite3 "$P" "SELECT max(id) FROM access_runs")
expect_eq "run id" "$RUN" 1

# Brute force: every district's elderly at its stored demand point; all 275 clinics; every
# pair within 5000 m; R_j = 1 / sum E_i; A_i = sum R_j. Compared with every stored district.
cat >brute.py <<'EOF'
import math, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
run = int(sys.argv[2])
D = 5000.0
dem = db.execute("SELECT r.location_id, r.x, r.y, a.elderly, r.demand FROM access_results r"
                 " JOIN areas a ON a.id = r.location_id WHERE r.run_id = ? ORDER BY 1", (run,)).fetchall()
assert len(dem) == 18, len(dem)
assert all(e == d for _, _, _, e, d in dem), "stored demand differs from areas.elderly"
sup = db.execute("SELECT x, y FROM facilities WHERE kind IN"
                 " ('general_outpatient_clinic', 'public_clinic') ORDER BY id").fetchall()
assert len(sup) == 275
reach = [[math.sqrt((x - sx) ** 2 + (y - sy) ** 2) <= D for sx, sy in sup] for _, x, y, _, _ in dem]
R = []
for j in range(len(sup)):
    den = sum(dem[i][3] for i in range(len(dem)) if reach[i][j])
    R.append(1.0 / den if den > 0 else None)
idle = sum(1 for r in R if r is None)
stored = dict(db.execute("SELECT area_id, value FROM access_areas WHERE run_id = ? AND scope = 'area'", (run,)))
worst = 0.0
for i, (aid, _, _, _, _) in enumerate(dem):
    a = sum(R[j] for j in range(len(sup)) if reach[i][j] and R[j] is not None)
    got = stored[aid]
    worst = max(worst, abs(got - a) / a)
codes = dict(db.execute("SELECT id, code FROM areas"))
a_val = [stored[k] for k in stored if codes[k] == 'A'][0]
t_val = [stored[k] for k in stored if codes[k] == 'T'][0]
print("idle=%d worst=%s A=%.11f T=%.11f" % (idle, "ok" if worst < 1e-12 else repr(worst), a_val, t_val))
EOF
BRUTE=$(python3 brute.py "$P" "$RUN")
expect_eq "brute force vs stored (idle clinics, worst relative error, two districts)" "$BRUTE" \
    "idle=20 worst=ok A=0.00038965612 T=0.00018317702"
expect_eq "stored idle clinics have no ratio" \
    "$(sqlite3 "$P" "SELECT count(*) FROM access_supply WHERE run_id = $RUN AND ratio IS NULL AND demand_in_reach = 0")" 20
# The study-area mean = total reachable supply / total elderly (2SFCA conserves supply).
expect_eq "total row = supply used / elderly" \
    "$(sqlite3 "$P" "SELECT printf('%.12g', value) FROM access_areas WHERE run_id = $RUN AND scope = 'total'")" \
    "$(sqlite3 "$P" "SELECT printf('%.12g', sum(supply) / 1451444.0) FROM access_supply WHERE run_id = $RUN AND ratio IS NOT NULL")"

# The same run again replaces it (same id, identical rows).
before=$(sqlite3 "$P" "SELECT * FROM access_areas ORDER BY run_id, area_id" | sha256sum)
expect_ok "2sfca again" -- access "$P" --method 2sfca --catchment 5000 --clinic-kinds public-primary --demand areas
printf '%s\n' "$OUT" | grep -q 'replaced the earlier run' || fail "not replaced: $OUT"
expect_eq "rerun is byte-identical" "$(sqlite3 "$P" "SELECT * FROM access_areas ORDER BY run_id, area_id" | sha256sum)" "$before"

# A cost file with the planar distances gives the same scores as the KD-tree (rows for other
# kinds are skipped and counted).
python3 - "$P" "$RUN" >costs.csv <<'EOF'
import math, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
dem = db.execute("SELECT code, x, y FROM access_results WHERE run_id = ? ORDER BY location_id", (int(sys.argv[2]),)).fetchall()
sup = db.execute("SELECT code, x, y FROM facilities WHERE role = 'health' ORDER BY id").fetchall()
print("origin,destination,cost")
for o, x, y in dem:
    for d, sx, sy in sup:
        print("%s,%s,%r" % (o, d, math.sqrt((x - sx) ** 2 + (y - sy) ** 2)))
EOF
expect_ok "2sfca with costs" -- access "$P" --method 2sfca --catchment 5000 --clinic-kinds public-primary --demand areas --costs costs.csv -o areas.csv
printf '%s\n' "$OUT" | grep -q '(cost file rows 12492, of this run 4950)' || fail "cost rows: $OUT"
RUN2=$(sqlite3 "$P" "SELECT max(id) FROM access_runs")
expect_eq "costs run == planar run" \
    "$(sqlite3 "$P" "SELECT count(*) FROM access_areas a JOIN access_areas b ON b.area_id IS a.area_id WHERE a.run_id = $RUN AND b.run_id = $RUN2 AND abs(a.value - b.value) <= 1e-15 * a.value")" 19
expect_eq "CSV export starts with a BOM" "$(head -c 3 areas.csv | od -An -tx1 | tr -d ' ')" "efbbbf"
expect_eq "CSV export header" "$(head -1 areas.csv | tail -c +4 | tr -d '\r')" \
    "scope,area_id,code,name,demand,n_locations,n_no_access,value,value_per_1000"
expect_eq "CSV export rows" "$(wc -l <areas.csv | tr -d ' ')" 20
# Excel: the same run, one sheet per table, read back through GDAL's XLSX driver.
expect_ok "xlsx export" -- access "$P" --method 2sfca --catchment 5000 --clinic-kinds public-primary --demand areas --costs costs.csv -o run.xlsx -q
expect_eq "xlsx sheets" "$(ogrinfo -ro -q run.xlsx 2>/dev/null | sed -E 's/^[0-9]+: ([a-z]+).*/\1/' | tr '\n' ' ')" "areas locations supply "
ogr2ogr -f CSV xlsx_areas.csv run.xlsx areas 2>/dev/null
expect_eq "xlsx areas = CSV areas (Excel keeps 15 significant digits)" "$(python3 - xlsx_areas.csv areas.csv <<'PY'
import csv, math, sys
a, b = (list(csv.reader(open(f, encoding="utf-8-sig"))) for f in sys.argv[1:3])
def same(x, y):
    try:
        return math.isclose(float(x), float(y), rel_tol=1e-14)
    except ValueError:
        return x == y
print(len(a) == len(b) and all(len(r) == len(t) and all(map(same, r, t)) for r, t in zip(a, b)))
PY
)" True

# JSON output and the other methods run on elder-care sites (weight 1: capacity unknown).
expect_ok "e2sfca json" -- access "$P" --method e2sfca --catchment 3000 --demand eldercare --clinic-kinds public-primary --json
expect_eq "json weights (thirds of the catchment)" \
    "$(printf '%s' "$OUT" | python3 -c "import json,sys; d=json.load(sys.stdin); print(d['run']['weights'], len(d['locations']), d['run']['n_demand_default'])")" \
    "step:1000=1,2000=0.68,3000=0.22 888 888"
for m in fca 3sfca gravity raam; do
    expect_ok "$m runs" -- access "$P" --method $m --catchment 3000 --demand eldercare -q
done

# Bad input: one clear line, the right exit code, the project unchanged.
fp=$(db_fingerprint "$P")
expect_fail "negative catchment" 2 'catchment -5: the catchment must be a positive distance' -- access "$P" --method 2sfca --catchment -5
expect_fail "unknown method" 2 "--method '4sfca': unknown method; use fca, 2sfca" -- access "$P" --method 4sfca --catchment 500
expect_fail "unknown weight kind" 2 "weights 'cubic:3': unknown weight kind 'cubic'" -- access "$P" --method 2sfca --catchment 500 --weights cubic:3
expect_fail "bad steps" 2 "weights 'step:10=1,5=0.5': step costs must increase" -- access "$P" --method e2sfca --catchment 500 --weights step:10=1,5=0.5
expect_fail "weights for raam" 2 'weights does not apply to raam' -- access "$P" --method raam --catchment 500 --weights gaussian:100
expect_fail "unknown kind" 2 "'clinik' is not a health facility kind" -- access "$P" --method 2sfca --catchment 500 --clinic-kinds clinik
expect_fail "catchment not a number" 2 "--catchment 'far' is not a number" -- access "$P" --method 2sfca --catchment far
expect_fail "bad output name" 2 "name the file .csv, .xlsx or .json" -- access "$P" --method 2sfca --catchment 500 -o out.txt
printf 'origin,destination,cost\nA,ha_fmc_001,12\nA,ha_fmc_002,abc\n' >bad.csv
expect_fail "bad cost row" 3 "bad.csv: line 3: the cost 'abc' is not a number >= 0" -- access "$P" --method 2sfca --catchment 500 --demand areas --costs bad.csv
expect_fail "missing cost file" 3 'nope.csv: no such cost file' -- access "$P" --method 2sfca --catchment 500 --costs nope.csv
expect_fail "fca with costs" 2 'fca needs the demand in reach' -- access "$P" --method fca --catchment 500 --demand areas --costs costs.csv
expect_eq "project unchanged after bad input" "$(db_fingerprint "$P")" "$fp"

# Zero total demand: refused, nothing stored.
cp "$P" zero.sqlite
sqlite3 zero.sqlite "UPDATE areas SET elderly = 0"
fz=$(db_fingerprint zero.sqlite)
expect_fail "zero total demand" 3 'the total demand is 0' -- access zero.sqlite --method 2sfca --catchment 5000 --demand areas
expect_eq "zero-demand project unchanged" "$(db_fingerprint zero.sqlite)" "$fz"

# Catchment pairs are collected on all cores: 1 and 4 threads store the same rows (a wide
# catchment, so that rows are long and sorted the long way too).
for t in 1 4; do
    cp "$P" "acc$t.sqlite"
    expect_ok "3sfca on $t threads" -- access "acc$t.sqlite" --method 3sfca --catchment 20000 --demand eldercare --threads $t -q
    sqlite3 "acc$t.sqlite" "SELECT * FROM access_results ORDER BY run_id, layer, location_id; SELECT * FROM access_supply ORDER BY run_id, facility_id; SELECT * FROM access_areas ORDER BY run_id, code" >"acc_rows$t.txt"
done
expect_eq "1 and 4 threads store the same access rows" "$(cmp -s acc_rows1.txt acc_rows4.txt && echo same)" same
expect_eq "and the pairs were many" "$(sqlite3 acc4.sqlite "SELECT n_pairs > 100000 FROM access_runs ORDER BY id DESC LIMIT 1")" 1
finish
