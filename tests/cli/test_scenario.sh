#!/bin/bash
# Scenarios, targets and comparisons on a hand-made fixture whose answers are obvious: one clinic
# at the centre of a 4 km square, 13 care homes east of it at known distances and one (s14)
# 1900 m north. Adding a clinic 10 m from s14 changes exactly s14's class; closing it again
# restores the base; targets at their boundaries; reuse of unchanged runs; plan runs are
# byte-identical; bad scenario files are refused with one line and leave the project unchanged.
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
    echo "s14,Site north,$CX,$((CY + 1900)),10"
} >sites.csv
SRC="--src-crs EPSG:2326"
P=p.sqlite
"$COVPLAN" init $P --crs EPSG:2326 >/dev/null &&
    "$COVPLAN" import $P areas areas.csv $SRC --id-field code -q >/dev/null &&
    "$COVPLAN" import $P facilities clinics.csv $SRC --kind general_outpatient_clinic -q >/dev/null &&
    "$COVPLAN" import $P facilities sites.csv $SRC --kind care_home --capacity-field capacity -q >/dev/null ||
    { echo "cannot build the fixture"; exit 1; }
q() { sqlite3 $P "$1"; }
# Site classes of a scenario's latest run, as code:class in code order.
classes() {
    q "SELECT group_concat(code || ':' || class, ' ') FROM (SELECT f.code, s.class FROM site_coverage s
       JOIN facilities f ON f.id = s.site_id JOIN analysis_runs r ON r.id = s.run_id
       WHERE r.scenario = '$1' AND s.layer = 'eldercare' ORDER BY f.code)"
}
counts() { q "SELECT c.class_counts FROM area_coverage c JOIN analysis_runs r ON r.id = c.run_id WHERE r.scenario = '$1' AND c.scope = 'area'"; }

expect_ok "analyze base" -- analyze $P -q
cat >add14.json <<EOF
{"name": "add14", "description": "a clinic 10 m from the unserved site s14",
 "add": [{"code": "mr14", "name": "Medical room", "kind": "clinic", "x": $CX, "y": $((CY + 1910))}]}
EOF
expect_ok "scenario add" -- scenario add $P add14.json
expect_eq "scenario add says" "$OUT" "scenario add14: added (add 1, close 0, change 0, targets 0)"
expect_ok "analyze add14" -- analyze $P --scenario add14 -q
expect_eq "base class counts" "$(counts base)" '{"co-sited":3,"adjoining":3,"10-min":3,"15-min":3,"beyond":2}'
expect_eq "add14 class counts: one site beyond -> co-sited" "$(counts add14)" '{"co-sited":4,"adjoining":3,"10-min":3,"15-min":3,"beyond":1}'
BASE_CLASSES=$(classes base)
expect_eq "only s14 changes class" "$(classes add14)" "${BASE_CLASSES/s14:beyond/s14:co-sited}"
expect_eq "s14's nearest is the new clinic at 10 m" \
    "$(q "SELECT s.nearest_dist, s.nearest_kind FROM site_coverage s JOIN analysis_runs r ON r.id = s.run_id JOIN facilities f ON f.id = s.site_id WHERE r.scenario = 'add14' AND f.code = 's14'")" "10.0|clinic"
# Shares: 12/14 -> 13/14 within 1000 m, 3/14 -> 4/14 within 50 m (2 decimals; change of the shown values).
expect_ok "compare csv" -- compare $P base add14 -o cmp.csv
expect_eq "csv has a BOM" "$(head -c 3 cmp.csv | od -An -tx1 | tr -d ' ')" "efbbbf"
expect_eq "total share within 1000 m" "$(grep -a '^total,,,site_share_within,1000.0,,' cmp.csv | tr -d '\r')" "total,,,site_share_within,1000.0,,%,85.71,92.86,+7.15"
expect_eq "total share within 50 m" "$(grep -a '^total,,,site_share_within,50.0,,' cmp.csv | tr -d '\r')" "total,,,site_share_within,50.0,,%,21.43,28.57,+7.14"
expect_eq "area share within 1000 m" "$(grep -a '^area,X1,测试区,site_share_within,1000.0,,' cmp.csv | tr -d '\r')" "area,X1,测试区,site_share_within,1000.0,,%,85.71,92.86,+7.15"
expect_eq "unserved sites" "$(grep -a '^total,,,unserved_sites,' cmp.csv | tr -d '\r')" "total,,,unserved_sites,,,count,2,1,-1"
expect_eq "clinics per 1000 elderly" "$(grep -a '^total,,,clinics_per_1000_elderly,' cmp.csv | tr -d '\r')" "total,,,clinics_per_1000_elderly,,,per 1000 elderly,1.000,2.000,+1.000"

# Closing the added clinic (a scenario on top of add14) gives back the base exactly.
printf '{"name": "close14", "base": "add14", "close": ["mr14"]}\n' >close14.json
expect_ok "scenario close" -- scenario add $P close14.json
expect_ok "analyze close14" -- analyze $P --scenario close14 -q
expect_eq "close14 class counts = base" "$(counts close14)" "$(counts base)"
expect_eq "close14 classes = base" "$(classes close14)" "$BASE_CLASSES"
expect_ok "compare three" -- compare $P base add14 close14 -f json
expect_eq "json: share within 1000 m of base, add14, close14" \
    "$(printf '%s' "$OUT" | python3 -c 'import json,sys; d=json.load(sys.stdin); r=[x for x in d["rows"] if x["scope"]=="total" and x["indicator"]=="site_share_within" and x["radius"]==1000 and x["kind"] is None][0]; print(r["values"], r["diffs"])')" \
    "[85.71, 92.86, 85.71] [None, 7.15, 0.0]"

# Targets at their boundaries: 10 sites (s3..s12 at 50..1000 m): 7 within 500 m = 70.00%
# exactly; median rank ceil(0.5*10) = 5 -> 301 m.
cat >ten.json <<'EOF'
{"name": "ten", "close": ["s1", "s2", {"code": "s13", "id": 15}]}
EOF
expect_fail "two selectors in one entry" 3 "ten.json: close\[3\]: give exactly one of code, id or where" -- scenario add $P ten.json
cat >ten.json <<'EOF'
{"name": "ten", "description": "ten sites", "close": ["s1", "s2", {"code": "s13"}, {"id": 15}],
 "targets": [
  {"indicator": "site_share_within", "radius": 500, "op": ">=", "value": 70, "year": 2025},
  {"indicator": "site_share_within", "radius": 500, "op": ">", "value": 70, "year": 2025},
  {"indicator": "median_distance", "op": "<=", "value": 301},
  {"indicator": "median_distance", "op": "<", "value": 301},
  {"indicator": "eldercare_sites", "kind": "care_home", "area": "X1", "op": ">=", "value": 10}]}
EOF
expect_eq "s14 has id 15" "$(q "SELECT id FROM facilities WHERE code = 's14'")" 15
expect_ok "scenario ten" -- scenario add $P ten.json
expect_ok "analyze ten" -- analyze $P --scenario ten -q
cov compare $P ten --check-targets -o ten.csv
expect_eq "compare --check-targets exit code" "$RC" 8
expect_eq "targets table" "$(tail -n +2 ten_targets.csv | tr -d '\r' | cut -d, -f1-12)" \
"ten,site_share_within,500,,,2025,>=,70,%,70.00,70.00,met
ten,site_share_within,500,,,2025,>,70,%,70.00,70.00,not met
ten,median_distance,,,,,<=,301,m,301.0,301.0,met
ten,median_distance,,,,,<,301,m,301.0,301.0,not met
ten,eldercare_sites,,care_home,X1,,>=,10,count,10,10,met"
# Excel: the comparison and the targets as two sheets, numbers as numbers.
expect_ok "compare xlsx" -- compare $P ten -o ten.xlsx
expect_eq "xlsx sheets" "$(ogrinfo -ro -q ten.xlsx 2>/dev/null | sed -E 's/^[0-9]+: ([a-z]+).*/\1/' | tr '\n' ' ')" "comparison targets "
expect_eq "xlsx targets: value and met" "$(ogr2ogr -f CSV /vsistdout/ ten.xlsx targets 2>/dev/null | sed -n 4p | cut -d, -f2,8,10,12 | tr -d '\r"')" \
    "median_distance,301,301,met"
expect_eq "xlsx needs a file name" "$("$COVPLAN" compare $P ten -f xlsx 2>&1 >/dev/null; echo "exit $?")" \
    "covplan compare: error: an Excel file needs a name: -o FILE.xlsx; see 'covplan compare --help'
exit 2"

# Unchanged inputs are not recomputed: same run id, same computed time, reuse counter 1.
BEFORE=$(q "SELECT id, created, inputs_hash, reused FROM analysis_runs WHERE scenario = 'add14'")
sleep 1
expect_ok "analyze add14 again" -- analyze $P --scenario add14 -q
printf '%s\n' "$OUT" | grep -q "up to date" || fail "second analyze did not say up to date: $OUT"
expect_eq "run record reused" "$(q "SELECT id, created, inputs_hash, reused FROM analysis_runs WHERE scenario = 'add14'")" "${BEFORE%|0}|1"
# A changed scenario is recomputed (the inputs hash changes, the counter restarts).
sed 's/"x": '$CX'/"x": '$((CX + 5))'/' add14.json >add14b.json
expect_ok "re-add changed" -- scenario add $P add14b.json
expect_eq "re-add says replaced" "$OUT" "scenario add14: replaced (add 1, close 0, change 0, targets 0)"
expect_ok "re-add same" -- scenario add $P add14b.json
expect_eq "re-add same says unchanged" "$OUT" "scenario add14: unchanged (add 1, close 0, change 0, targets 0)"
expect_ok "analyze changed" -- analyze $P --scenario add14 -q
expect_eq "recomputed" "$(q "SELECT reused, inputs_hash != '$(echo "$BEFORE" | cut -d'|' -f3)' FROM analysis_runs WHERE scenario = 'add14'")" "0|1"

# Bad input: one line, exit 3, nothing stored.
FP=$(db_fingerprint $P)
refuse() { # refuse WHAT PATTERN FILE
    expect_fail "$1" 3 "$2" -- scenario add $P "$3"
    expect_eq "$1: project unchanged" "$(db_fingerprint $P)" "$FP"
}
printf '{"name": "bad",\n  "add": [\n    {"code": "x" "kind": "clinic"}]}\n' >syntax.json
refuse "syntax error" 'syntax.json:3:23: JSON syntax error' syntax.json
printf '{"name": "bad", "add": [{"code": "x", "kind": "clinic", "x": 1, "y": 2, "capcity": 3}]}\n' >key.json
refuse "unknown key" "key.json: add\[1\]: unknown key 'capcity'" key.json
printf '{"name": "bad", "close": ["s99"]}\n' >close.json
refuse "close a facility that does not exist" "close.json: close\[1\]: no facility with code 's99'" close.json
printf '{"name": "bad", "close": ["s1", "s1"]}\n' >twice.json
refuse "close twice" "twice.json: close\[2\]: no facility with code 's1'" twice.json
printf '{"name": "add14", "base": "close14", "add": []}\n' >cycle.json
refuse "cycle of bases" "cycle of bases: add14 -> close14 -> add14" cycle.json
printf '{"name": "self", "base": "self"}\n' >self.json
refuse "own base" "cycle of bases" self.json
printf '{"name": "bad", "targets": [{"indicator": "share_of_happiness", "op": ">=", "value": 1}]}\n' >ind.json
refuse "unknown indicator" "ind.json: targets\[1\]: unknown indicator 'share_of_happiness'" ind.json
printf '{"name": "bad", "add": [{"code": "far", "kind": "clinic", "x": 800000, "y": 800000}]}\n' >far.json
refuse "outside every area" "outside every area" far.json
printf '{"name": "bad", "add": [{"code": "x", "kind": "day_care", "role": "health", "lon": 114.1, "lat": 22.3}]}\n' >role.json
refuse "kind and role disagree" "kind 'day_care' has role eldercare" role.json
expect_fail "unknown scenario" 3 "scenario 'nope' does not exist" -- analyze $P --scenario nope
expect_eq "unknown scenario: project unchanged" "$(db_fingerprint $P)" "$FP"
expect_fail "remove a base" 3 "'add14' is the base of 'close14'" -- scenario remove $P add14
expect_ok "access of close14" -- access $P --method 2sfca --catchment 1000 --scenario close14 -q
expect_ok "site of close14" -- site $P -m mclp --add 1 --radius 500 --scenario close14 -q
expect_eq "runs of close14 stored" "$(q "SELECT (SELECT count(*) FROM access_runs WHERE scenario = 'close14') || ' ' || (SELECT count(*) FROM site_runs WHERE scenario = 'close14')")" "1 1"
expect_ok "remove" -- scenario remove $P close14
expect_eq "removed with its runs" "$(q "SELECT count(*) FROM scenarios WHERE name = 'close14'") $(q "SELECT count(*) FROM analysis_runs WHERE scenario = 'close14'")" "0 0"
expect_eq "removed with its access and siting runs and their rows" "$(q "SELECT (SELECT count(*) FROM access_runs WHERE scenario = 'close14') + (SELECT count(*) FROM site_runs WHERE scenario = 'close14') + (SELECT count(*) FROM access_results WHERE run_id NOT IN (SELECT id FROM access_runs)) + (SELECT count(*) FROM site_choices WHERE run_id NOT IN (SELECT id FROM site_runs))")" "0"

# A plan run twice gives byte-identical tables.
mkdir -p plan/in
cp areas.csv clinics.csv sites.csv plan/in/
cat >plan/plan.json <<EOF
{"name": "fixture", "project": "p.sqlite", "init": {"overwrite": true, "crs": "EPSG:2326"},
 "imports": [
  {"layer": "areas", "file": "in/areas.csv", "options": {"src-crs": "EPSG:2326", "id-field": "code"}},
  {"layer": "facilities", "file": "\${PLAN_DIR}/in/clinics.csv", "options": {"src-crs": "EPSG:2326", "kind": "general_outpatient_clinic"}},
  {"layer": "facilities", "file": "in/sites.csv", "options": {"src-crs": "EPSG:2326", "kind": "care_home", "capacity-field": "capacity"}}],
 "scenarios": [{"name": "add14", "add": [{"code": "mr14", "kind": "clinic", "x": $CX, "y": $((CY + 1910))}]}],
 "analyses": [{"scenarios": ["base", "add14"]}],
 "targets": [{"indicator": "site_share_within", "radius": 1000, "op": ">=", "value": 90, "year": 2025}],
 "outputs": [{"compare": ["base", "add14"], "files": ["t/compare.csv", "t/compare.json", "t/compare.md"]},
             {"map": "m/compare.png", "scenario": "add14", "options": {"theme": "compare", "size": "400x300"}}]}
EOF
mkdir -p out1/t out2/t
expect_ok "plan run 1" -- run plan/plan.json -o out1
cov run plan/plan.json -o out2 --check-targets
expect_eq "plan run 2 --check-targets: base misses 90% (85.71)" "$RC" 8
for f in compare.csv compare.json compare.md compare_targets.csv; do
    cmp -s out1/t/$f out2/t/$f || fail "plan runs differ in $f"
    CHECKS=$((CHECKS + 1))
done
expect_eq "plan targets" "$(tail -n +2 out1/t/compare_targets.csv | cut -d, -f1,12 | tr -d '\r')" "base,not met
add14,met"
[ -s out1/m/compare.png ] || fail "no compare map"
printf '{"name": "x", "imports": [{"layer": "areas", "file": "${NOPE}/a.csv"}]}\n' >plan/badvar.json
expect_fail "plan with an unknown variable" 3 'unknown variable' -- run plan/badvar.json -o out3
printf '{"name": "x",\n "outputs": [}\n' >plan/syntax.json
expect_fail "plan syntax error" 3 'syntax.json:2:14: JSON syntax error' -- run plan/syntax.json -o out3
finish
