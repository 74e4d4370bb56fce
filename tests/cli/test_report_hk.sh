#!/usr/bin/env bash
# Issue 9: the Hong Kong map report. Refused before any analysis; then the page count follows
# from the layout rules; every district's Chinese name and its indicators as stored by the
# analysis appear in the PDF text; --lang en has no untranslated Chinese UI text; the same
# project gives a byte-identical file; bad scenarios and unwritable outputs are refused.
. "$(dirname "$0")/lib.sh"
make_hk_project hk.sqlite || { echo "could not build the HK project"; exit 1; }

# No analysis yet: the report refuses and says what to run (it does not run it).
before=$(db_fingerprint hk.sqlite)
expect_fail "report before any analysis" 3 'no analysis results yet; run covplan analyze hk.sqlite first' -- report hk.sqlite -o r.pdf
expect_eq "no file left behind" "$(ls r.pdf 2>/dev/null)" ""
expect_eq "project unchanged" "$(db_fingerprint hk.sqlite)" "$before"

expect_ok "analyze" -- analyze hk.sqlite --clinics hospital,general_outpatient_clinic,public_clinic -q
analysed=$(db_fingerprint hk.sqlite)
expect_ok "report zh" -- report hk.sqlite -o r.pdf
expect_eq "report is read-only" "$(db_fingerprint hk.sqlite)" "$analysed"
pages=$(pdfinfo r.pdf | awk '/^Pages:/ {print $2}')
# Every district has its atlas page: its name as a page heading "name（code）".
pdftotext r.pdf r.txt
headings=$(sqlite3 hk.sqlite "SELECT name || '（' || code || '）' FROM areas ORDER BY code" |
    while read -r h; do grep -qxF "$h" r.txt && echo ok; done | wc -l)
expect_eq "18 district pages" "$headings" 18
# Cover, summary, areas table, overview, one or more pages per district, sources: the page
# count is at least 1+2+1+18+1 and the text of page N carries the footer "第 N 页".
CHECKS=$((CHECKS + 1))
[ "$pages" -ge 23 ] || fail "expected at least 23 pages, got $pages"
expect_eq "last page numbered" "$(pdftotext -f "$pages" -l "$pages" r.pdf - | grep -c "第 $pages 页")" 1
expect_eq "cover has no running footer" "$(pdftotext -f 1 -l 1 r.pdf - | grep -c '第 1 页')" 0
expect_eq "PDF fonts all embedded" "$(pdffonts r.pdf | awk 'NR > 2 {print $(NF-4)}' | sort -u)" "yes"
expect_eq "PDF date from the analysis run" "$(pdfinfo r.pdf | awk '/^CreationDate/ {print $(NF-1)}')" \
    "$(sqlite3 hk.sqlite "SELECT substr(created, 1, 4) FROM analysis_runs")"

# Indicators per district, formatted as the report does, read from area_coverage.
cat > expect.py <<'PY'
import json, sqlite3, sys
db = sqlite3.connect('hk.sqlite')
run, params = db.execute("SELECT id, params_json FROM analysis_runs").fetchone()
p = json.loads(params)
radii, classes = p['radii'], p['classes']
out = []
for code, name, pop, eld, n, counts, eshare, med, mx, unserved in db.execute(
        "SELECT a.code, a.name, c.population, c.elderly, c.n_eldercare, c.class_counts, "
        "c.elderly_share_within, c.dist_median, c.dist_max, c.n_unserved FROM area_coverage c "
        "JOIN areas a ON a.id = c.area_id WHERE c.run_id = ? ORDER BY a.code", (run,)):
    counts, eshare = json.loads(counts), json.loads(eshare)
    vals = ['{:,}'.format(round(pop)), '{:,}'.format(round(eld))]
    for i in range(len(radii)):
        within = sum(counts[c] for c in classes[:i + 1])
        vals.append('%.1f%%' % (100.0 * within / n) if n else '—')
        vals.append('%.1f%%' % (100.0 * eshare[i]))
    vals += ['%.0f m' % med if med is not None else '—', '%.0f m' % mx if mx is not None else '—', str(unserved)]
    out.append(code + '\t' + name + '\t' + '\t'.join(vals))
print('\n'.join(out))
PY
python3 expect.py > expected.tsv
# The page of a district is the one whose heading is "name（code）"; each value must be on it.
cat > check.py <<'PY'
import subprocess, sys
pages = subprocess.run(['pdftotext', '-layout', sys.argv[1], '-'], capture_output=True, text=True).stdout.split('\f')
bad = 0
for line in open('expected.tsv', encoding='utf-8'):
    code, name, *vals = line.rstrip('\n').split('\t')
    heading = '%s（%s）' % (name, code) if sys.argv[2] == 'zh' else '%s (%s)' % (name, code)
    page = next((pg for pg in pages if heading in pg), None)
    if page is None:
        print('no page for', heading); bad += 1; continue
    for v in vals:
        if v not in page:
            print(code, 'missing', v); bad += 1
print(bad)
PY
expect_eq "each district page shows its indicators (zh)" "$(python3 check.py r.pdf zh | tail -1)" 0
# The summary's areas table carries the share within the last radius for every district.
expect_eq "study-area median on the summary" "$(pdftotext -f 2 -l 2 r.pdf - | grep -c "$(sqlite3 hk.sqlite "SELECT printf('%.0f m', dist_median) FROM area_coverage WHERE scope = 'total'")")" 1
# Unserved sites are flagged, one row each.
expect_eq "unserved sites flagged" "$(grep -o '【未覆盖】' r.txt | wc -l)" \
    "$(sqlite3 hk.sqlite "SELECT count(*) FROM site_coverage WHERE layer = 'eldercare' AND class = 'beyond' AND area_id IS NOT NULL")"
# Continued tables repeat their header: every "（续）" caption is followed by the header row.
expect_eq "continued tables repeat the header" \
    "$(grep -A1 '：养老设施（续）' r.txt | grep -c '^# *养老设施')" "$(grep -c '：养老设施（续）' r.txt)"

# Reproducible: the same project gives the same bytes.
expect_ok "report again" -- report hk.sqlite -o r2.pdf -q
CHECKS=$((CHECKS + 1))
cmp -s r.pdf r2.pdf || fail "two runs gave different PDFs"

# English: no Chinese left once the place and facility names are taken out.
expect_ok "report en" -- report hk.sqlite -o en.pdf --lang en --paper A3 --title "Hong Kong test" --author "Tester" --date 2024-05-01
expect_eq "each district page shows its indicators (en)" "$(python3 check.py en.pdf en | tail -1)" 0
cat > cjk.py <<'PY'
import re, sqlite3, subprocess
db = sqlite3.connect('hk.sqlite')
names = [re.sub(r'\s+', '', r[0]) for r in db.execute("SELECT name FROM areas UNION SELECT name FROM facilities WHERE name IS NOT NULL")]
t = re.sub(r'\s+', '', subprocess.run(['pdftotext', 'en.pdf', '-'], capture_output=True, text=True).stdout)
for n in sorted(names, key=len, reverse=True):
    if n: t = t.replace(n, '')
print(len(re.findall(r'[\u2e80-\u303f\u3400-\u9fff\uff00-\uffef]', t)))
PY
expect_eq "--lang en has no untranslated Chinese" "$(python3 cjk.py)" 0
expect_eq "A3 pages" "$(pdfinfo en.pdf | awk '/^Page size/ {print $3, $5}')" "841.89 1190.55"
expect_eq "--date on the cover" "$(pdftotext -f 1 -l 1 en.pdf - | grep -c 'Date: 2024-05-01')" 1
expect_eq "title and author in the metadata" "$(pdfinfo en.pdf | grep -cE '^(Title: +Hong Kong test|Author: +Tester)$')" 2

# Bad input: one clear line, exit code by kind, no file left behind, project unchanged.
expect_fail "unknown scenario" 3 "unknown scenario 'plan2030'.*scenarios with results: base" -- report hk.sqlite -o s.pdf --scenario plan2030
expect_fail "unknown scenario in --compare" 3 "unknown scenario 'nope'" -- report hk.sqlite -o s.pdf --compare base,nope
expect_eq "no file after a bad scenario" "$(ls s.pdf 2>/dev/null)" ""
expect_fail "unwritable output" 5 "cannot open '/nonexistent/dir/r.pdf' for writing" -- report hk.sqlite -o /nonexistent/dir/r.pdf
expect_fail "not a PDF name" 2 "ending in .pdf" -- report hk.sqlite -o r.png
expect_fail "bad --lang" 2 "--lang must be zh or en" -- report hk.sqlite -o x.pdf --lang fr
expect_fail "bad --compare" 2 "--compare takes two scenario names" -- report hk.sqlite -o x.pdf --compare base
expect_fail "bad --date" 2 "--date must be YYYY-MM-DD" -- report hk.sqlite -o x.pdf --date 2024-13-01
expect_fail "missing project" 3 "nope.sqlite" -- report nope.sqlite -o x.pdf
expect_eq "project unchanged by failures" "$(db_fingerprint hk.sqlite)" "$analysed"
finish
