#!/usr/bin/env bash
# Map themes for accessibility (issue 7) and siting (issue 6) results: the maps render, name
# what they show, and refuse to draw before the analysis that feeds them.
. "$(dirname "$0")/lib.sh"
make_hk_project hk.sqlite || { echo "could not build the HK project"; exit 1; }
expect_fail "access map before covplan access" 3 'no access results yet; run: covplan access' -- map hk.sqlite -o a.png --theme access
expect_fail "sites map before covplan site" 3 'no site results yet; run: covplan site' -- map hk.sqlite -o s.png --theme sites

expect_ok "2SFCA" -- access hk.sqlite --method 2sfca --catchment 5000 --clinic-kinds public-primary --demand areas -q
expect_ok "access map (PDF)" -- map hk.sqlite -o access.pdf --theme access
pdftotext access.pdf access.txt
CHECKS=$((CHECKS + 1))
grep -q "医疗可及性（2SFCA，服务半径 5000 米）" access.txt && grep -q "每千名老年人可及医疗机构" access.txt ||
    fail "access map title or legend missing"
# The legend counts 18 districts over the classes and 275 clinics (GOPC + DH clinics).
expect_eq "access legend: clinics counted" "$(grep -o '计入的医疗机构 (275)' access.txt | head -1)" "计入的医疗机构 (275)"
expect_eq "access legend: areas classified" "$(grep -oE '^[0-9.]+ – [0-9.]+ \(([0-9]+)\)' access.txt | sed -E 's/.*\(([0-9]+)\)/\1/' | python3 -c "import sys; print(sum(int(x) for x in sys.stdin))")" 18
# Class bounds are the per-1000 values of the stored results (lowest and highest district).
lo=$(sqlite3 hk.sqlite "SELECT printf('%.2f', min(value_per_1000)) FROM access_areas WHERE scope = 'area'")
hi=$(sqlite3 hk.sqlite "SELECT printf('%.2f', max(value_per_1000)) FROM access_areas WHERE scope = 'area'")
CHECKS=$((CHECKS + 1))
grep -q "^$lo – " access.txt && grep -q " – $hi (" access.txt || fail "legend bounds are not $lo .. $hi"

expect_ok "MCLP" -- site hk.sqlite -m mclp --add 5 --radius 500 --clinic-kinds hospital,general_outpatient_clinic,public_clinic -q
expect_ok "sites map (PNG)" -- map hk.sqlite -o sites.png --theme sites --lang en
expect_ok "sites map (PDF)" -- map hk.sqlite -o sites.pdf --theme sites --lang en
pdftotext sites.pdf sites.txt
before=$(sqlite3 hk.sqlite "SELECT printf('%.1f%% -> %.1f%%', 100 * share_before, 100 * share_after) FROM site_runs ORDER BY id DESC LIMIT 1")
CHECKS=$((CHECKS + 1))
grep -qF "Demand within the radius: $before" sites.txt || fail "sites subtitle does not show $before"
expect_eq "sites legend: 5 proposed" "$(grep -o 'Proposed (by marginal gain) (5)' sites.txt | head -1)" "Proposed (by marginal gain) (5)"
# Newly covered demand on the map (KD-tree in the map module) equals the siting run's own count
# of demand covered after minus before (the solver's instance).
newly=$(sqlite3 hk.sqlite "SELECT n_covered_after - n_covered_before FROM site_runs ORDER BY id DESC LIMIT 1")
expect_eq "newly covered demand" "$(grep -o 'Newly covered ([0-9]*)' sites.txt | head -1)" "Newly covered ($newly)"
finish
