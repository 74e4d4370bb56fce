#!/usr/bin/env bash
# covplan site: the San Francisco reference case from its cost matrix (standalone mode), five
# medical rooms in Hong Kong elder-care sites (MCLP, 500 m) checked against a brute-force
# count, and bad input refused with one line and the project unchanged.
. "$(dirname "$0")/lib.sh"

SF="$COV_SHARED_DIR/reference/spopt_sf/SF_network_distance_candidateStore_16_censusTract_205_new.csv"
SFOPTS=(--costs "$SF" --cost-field distance --origin-field name --dest-field DestinationName
    --weight-field demand)
jq_py() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

# --- San Francisco (PySAL spopt reference; exhaustive-search figures in its README) ---------
for method in --exact --heuristic; do
    expect_ok "sf mclp $method" -- site "${SFOPTS[@]}" -m mclp --add 4 --radius 5000 $method --json
    expect_eq "sf mclp $method sites" "$(printf '%s' "$OUT" | jq_py "','.join(sorted(c['name'] for c in d['chosen']))")" \
        "Store_11,Store_12,Store_15,Store_2"
    expect_eq "sf mclp $method covered" "$(printf '%s' "$OUT" | jq_py "int(d['covered_after'])")" 875247
    expect_eq "sf mclp $method tracts" "$(printf '%s' "$OUT" | jq_py "d['n_covered_after']")" 184
    expect_eq "sf mclp $method gap" "$(printf '%s' "$OUT" | jq_py "d['gap']")" 0.0

    expect_ok "sf pmedian $method" -- site "${SFOPTS[@]}" -m pmedian --add 4 $method --json
    expect_eq "sf pmedian $method mean" \
        "$(printf '%s' "$OUT" | jq_py "abs(d['mean_after'] - 2982.1268579890657) <= 1e-6 * 2982.1268579890657")" True

    expect_ok "sf lscp $method" -- site "${SFOPTS[@]}" -m lscp --radius 5000 $method --json
    expect_eq "sf lscp $method sites" "$(printf '%s' "$OUT" | jq_py "len(d['chosen'])")" 8
    expect_eq "sf lscp $method bound" "$(printf '%s' "$OUT" | jq_py "d['bound']")" 8.0
done
expect_fail "sf p above the candidates" 2 '1000 new sites asked for, but there are only 16 candidate sites' \
    -- site "${SFOPTS[@]}" -m mclp --add 1000 --radius 5000
expect_fail "sf radius 0" 2 'radius must be a distance in metres > 0' \
    -- site "${SFOPTS[@]}" -m mclp --add 4 --radius 0
expect_fail "sf missing column" 3 'no cost column' \
    -- site --costs "$SF" --cost-field km -m mclp --add 4 --radius 5000
# CSV export: BOM, header, four ranked rows
expect_ok "sf csv" -- site "${SFOPTS[@]}" -m mclp --add 4 --radius 5000 -o sf.csv
expect_eq "sf csv bom" "$(head -c 3 sf.csv | od -An -tx1 | tr -d ' ')" efbbbf
expect_eq "sf csv rows" "$(wc -l <sf.csv | tr -d ' ')" 5
expect_eq "sf csv first" "$(sed -n 2p sf.csv | cut -d, -f1,2,9 | tr -d '\r')" "1,Store_15,412563"
expect_fail "sf csv exists" 2 'exists; .*--overwrite' \
    -- site "${SFOPTS[@]}" -m mclp --add 4 --radius 5000 -o sf.csv

# --- Hong Kong: 5 medical rooms inside elder-care sites, MCLP at 500 m ---------------------
make_hk_project hk.sqlite || fail "building the Hong Kong project"
KINDS=hospital,general_outpatient_clinic,public_clinic
before_fp=$(db_fingerprint hk.sqlite)
expect_ok "hk mclp" -- site hk.sqlite -m mclp --add 5 --radius 500 --candidates eldercare-unserved \
    --clinic-kinds "$KINDS" --json
printf '%s' "$OUT" >hk.json
# brute force: elder-care sites with a clinic of those kinds within 500 m, from the DB's x,y
brute=$(python3 - hk.sqlite "$KINDS" <<'EOF'
import math, sqlite3, sys
db = sqlite3.connect(sys.argv[1]); kinds = sys.argv[2].split(",")
cl = [(x, y) for x, y, k in db.execute("SELECT x, y, kind FROM facilities WHERE role='health'") if k in kinds]
sites = list(db.execute("SELECT x, y FROM facilities WHERE role='eldercare'"))
cov = sum(1 for sx, sy in sites if any(math.hypot(sx - x, sy - y) <= 500 for x, y in cl))
unserved = len(sites) - cov
print(cov, len(sites), unserved)
EOF
)
read -r bcov bsites bunserved <<<"$brute"
expect_eq "hk before covered (brute force)" "$(jq_py "int(d['covered_before'])" <hk.json)" "$bcov"
expect_eq "hk demand points" "$(jq_py "int(d['total_weight'])" <hk.json)" "$bsites"
expect_eq "hk before share" "$(jq_py "'%.6f' % d['share_before']" <hk.json)" \
    "$(python3 -c "print('%.6f' % ($bcov / $bsites))")"
expect_eq "hk candidates = unserved sites" "$(jq_py "d['params']['candidates']" <hk.json)" eldercare-unserved
expect_eq "hk five sites" "$(jq_py "len(d['chosen'])" <hk.json)" 5
expect_eq "hk all elder-care candidates" "$(jq_py "all(c['source'] == 'eldercare' for c in d['chosen'])" <hk.json)" True
expect_eq "hk after = before + gains" \
    "$(jq_py "d['covered_after'] == d['covered_before'] + sum(c['gain'] for c in d['chosen'])" <hk.json)" True
expect_eq "hk after > before" "$(jq_py "d['covered_after'] > d['covered_before']" <hk.json)" True
expect_eq "hk gains ranked" "$(jq_py "all(a['gain'] >= b['gain'] for a, b in zip(d['chosen'], d['chosen'][1:]))" <hk.json)" True
expect_eq "hk exact" "$(jq_py "d['method'] + ' ' + str(d['optimal'])" <hk.json)" "glpk True"
# each chosen site really had no clinic within 500 m: checked against the DB
ids=$(jq_py "','.join(str(c['facility_id']) for c in d['chosen'])" <hk.json)
far=$(python3 - hk.sqlite "$KINDS" "$ids" <<'EOF'
import math, sqlite3, sys
db = sqlite3.connect(sys.argv[1]); kinds = sys.argv[2].split(","); ids = sys.argv[3].split(",")
cl = [(x, y) for x, y, k in db.execute("SELECT x, y, kind FROM facilities WHERE role='health'") if k in kinds]
ok = all(min(math.hypot(x - cx, y - cy) for cx, cy in cl) > 500
         for (x, y) in (db.execute("SELECT x, y FROM facilities WHERE id=?", (i,)).fetchone() for i in ids))
print(ok)
EOF
)
expect_eq "hk chosen were unserved" "$far" True
# stored: one run, five choices, 18 areas; per-area after sums to the total
expect_eq "hk site_runs" "$(sqlite3 hk.sqlite 'SELECT count(*), model, n_chosen, optimal FROM site_runs')" "1|mclp|5|1"
expect_eq "hk site_choices" "$(sqlite3 hk.sqlite 'SELECT count(*) FROM site_choices')" 5
expect_eq "hk site_areas" "$(sqlite3 hk.sqlite 'SELECT count(*), sum(covered_after) = (SELECT covered_after FROM site_runs) FROM site_areas')" "18|1"
expect_eq "hk share before stored" "$(sqlite3 hk.sqlite "SELECT printf('%.6f', share_before) FROM site_runs")" \
    "$(python3 -c "print('%.6f' % ($bcov / $bsites))")"
# the same parameters replace the run (same id, same rows: byte-identical tables but for the
# time the run was computed)
RUNCOLS=$(sqlite3 hk.sqlite "SELECT group_concat(name) FROM pragma_table_info('site_runs') WHERE name != 'created'")
dump1=$(sqlite3 hk.sqlite "SELECT $RUNCOLS FROM site_runs; SELECT * FROM site_choices; SELECT * FROM site_areas")
expect_ok "hk mclp again" -- site hk.sqlite -m mclp --add 5 --radius 500 --clinic-kinds "$KINDS"
expect_eq "hk replaced" "$(printf '%s' "$OUT" | head -1)" "run 1 (replaced the earlier run with these parameters)"
expect_eq "hk deterministic" "$(sqlite3 hk.sqlite "SELECT $RUNCOLS FROM site_runs; SELECT * FROM site_choices; SELECT * FROM site_areas")" "$dump1"
# the heuristic on the same case reaches the same coverage
expect_ok "hk mclp heuristic" -- site hk.sqlite -m mclp --add 5 --radius 500 --clinic-kinds "$KINDS" --heuristic --json
expect_eq "hk heuristic covered" "$(printf '%s' "$OUT" | jq_py "int(d['covered_after'])")" "$(jq_py "int(d['covered_after'])" <hk.json)"

# --- bad input: one line, nothing stored -----------------------------------------------------
fp=$(db_fingerprint hk.sqlite)
expect_fail "no candidates" 3 'no candidate sites' \
    -- site hk.sqlite -m mclp --add 5 --radius 500 --in-areas NOPE
expect_fail "radius 0" 2 'radius must be a distance in metres > 0' \
    -- site hk.sqlite -m mclp --add 5 --radius 0
expect_fail "radius negative" 2 'radius must be a distance in metres > 0' \
    -- site hk.sqlite -m mclp --add 5 --radius -5
expect_fail "capacity below every demand" 3 'smaller than the smallest demand' \
    -- site hk.sqlite -m mclp --add 5 --radius 500 --capacity 0.5
expect_fail "lscp infeasible with --require-all" 3 'no set of sites covers everyone' \
    -- site hk.sqlite -m lscp --radius 500 --in-areas A --require-all
expect_fail "p above candidates" 2 'only [0-9]+ candidate sites' \
    -- site hk.sqlite -m mclp --add 5000 --radius 500
expect_fail "unknown clinic kind" 2 "'dentist' is not a health facility kind" \
    -- site hk.sqlite -m mclp --add 5 --radius 500 --clinic-kinds dentist
expect_fail "unknown objective" 2 "use mclp, lscp, pmedian or pcenter" \
    -- site hk.sqlite -m pmax --add 5
expect_eq "project unchanged after failures" "$(db_fingerprint hk.sqlite)" "$fp"
# The clinic selections every command shares (cov_kinds_select): "public" is exactly the three
# public kinds of Hong Kong's lists, so the existing clinics are the same 330 as the list gives.
expect_ok "site --clinic-kinds public" -- site hk.sqlite -m mclp --add 5 --radius 500 --candidates eldercare-unserved --clinic-kinds public --json
expect_eq "public = the three public kinds" "$(printf '%s' "$OUT" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["params"]["existing"])')" 330
# LSCP without --require-all reports the demand no candidate can reach
expect_ok "lscp reports uncoverable" -- site hk.sqlite -m lscp --radius 500 --in-areas A --json
expect_eq "lscp uncoverable" "$(printf '%s' "$OUT" | jq_py "d['n_uncoverable'] > 0 and d['covered_after'] + d['uncoverable_weight'] == d['total_weight']")" True
[ "$before_fp" != "$(db_fingerprint hk.sqlite)" ] || fail "runs were not stored"

finish
