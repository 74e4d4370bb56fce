#!/usr/bin/env bash
# Issue 4: the Hong Kong coverage map as PNG, PDF and SVG: every district named in Chinese and
# none dropped, legend text in the PDF, embedded fonts, valid SVG, the scale bar consistent with
# the map scale, and bad input refused.
. "$(dirname "$0")/lib.sh"
make_hk_project hk.sqlite || { echo "could not build the HK project"; exit 1; }
before=$(db_fingerprint hk.sqlite)
expect_fail "map before any analysis" 3 'no analysis results for scenario .base.; run: covplan analyze' -- map hk.sqlite -o m.png
expect_ok "analyze" -- analyze hk.sqlite --clinics hospital,general_outpatient_clinic,public_clinic -q

expect_ok "PNG" -- map hk.sqlite -o cov.png --json
printf '%s' "$OUT" > cov.json
py() { python3 -c "import json; d=json.load(open('cov.json')); print($1)"; }
expect_eq "all 18 districts labelled" "$(py "d['labels_placed'] - sum(1 for l in d['labels'] if l['layer'] != 0)")" 18
expect_eq "no label dropped" "$(py "d['labels_dropped']")" 0
expect_eq "labels are the Chinese names" "$(py "' '.join(sorted(l['text'] for l in d['labels'] if l['layer'] == 0))")" \
    "$(sqlite3 hk.sqlite "SELECT group_concat(name, ' ') FROM (SELECT name FROM areas ORDER BY name)")"
# No two placed labels overlap.
expect_eq "no overlapping labels" "$(py "sum(1 for i,a in enumerate(d['labels']) for b in d['labels'][i+1:] if a['box_pt'][0] < b['box_pt'][0]+b['box_pt'][2] and b['box_pt'][0] < a['box_pt'][0]+a['box_pt'][2] and a['box_pt'][1] < b['box_pt'][1]+b['box_pt'][3] and b['box_pt'][1] < a['box_pt'][1]+a['box_pt'][3])")" 0
# PNG: A4 landscape at 150 dpi.
expect_eq "PNG size" "$(python3 -c "import struct; b=open('cov.png','rb').read(24); print(struct.unpack('>II', b[16:24]))")" "(1754, 1240)"
expect_ok "PNG of an exact pixel size" -- map hk.sqlite -o small.png --size 1200x900
expect_eq "--size is exact" "$(python3 -c "import struct; b=open('small.png','rb').read(24); print(struct.unpack('>II', b[16:24]))")" "(1200, 900)"
# The scale bar: a round number of metres whose length is that distance at the map's scale,
# and the printed scale 1:N agrees with points per metre (72 pt per inch, 0.0254 m per inch).
expect_eq "scale bar is 1, 2 or 5 x 10^n m" "$(py "str(int(d['scale_bar']['metres'])).rstrip('0') in ('1','2','5') and d['scale_bar']['metres'] == int(d['scale_bar']['metres'])")" True
expect_eq "scale bar length = metres x map scale" "$(py "abs(d['scale_bar']['length_pt'] - d['scale_bar']['metres'] * d['view']['pt_per_unit']) < 1e-6")" True
expect_eq "scale 1:N matches" "$(py "abs(72 / 0.0254 / d['view']['pt_per_unit'] / d['view']['scale_denominator'] - 1) < 1e-6")" True
# A known distance in the data: 荃灣區 (K) to 離島區 (T) anchors, in metres from the project
# and in points on the page, agree with the scale.
cat > dist.py <<'PY'
import json, math
d = json.load(open('cov.json'))
a = {l['text']: l for l in d['labels'] if l['layer'] == 0}
k, t = a['荃灣區'], a['離島區']
m = math.hypot(k['anchor_x'] - t['anchor_x'], k['anchor_y'] - t['anchor_y'])
bar = d['scale_bar']['length_pt'] / d['scale_bar']['metres']
print(abs(m * d['view']['pt_per_unit'] - m * bar) < 1e-6 and m > 10000)
PY
expect_eq "a distance in the data at the map scale" "$(python3 dist.py)" True

# PDF: vector, fonts embedded, text selectable with the district names and legend.
expect_ok "PDF" -- map hk.sqlite -o cov.pdf
pdftotext cov.pdf cov.txt
missing=$(sqlite3 hk.sqlite "SELECT name FROM areas ORDER BY code" | while read -r n; do grep -q "$n" cov.txt || echo "$n"; done)
expect_eq "every district name in the PDF text" "$missing" ""
CHECKS=$((CHECKS + 1))
grep -q "养老设施（至最近医疗机构）" cov.txt && grep -q "15分钟生活圈" cov.txt && grep -q "1000米内有医疗机构的养老设施比例" cov.txt ||
    fail "legend text missing from the PDF"
expect_eq "PDF fonts all embedded" "$(pdffonts cov.pdf | awk 'NR > 2 {print $(NF-4)}' | sort -u)" "yes"
# Stable output: the same project draws the same bytes (PDF dated by the project's last import).
expect_ok "PDF again" -- map hk.sqlite -o cov2.pdf
expect_ok "PNG again" -- map hk.sqlite -o cov2.png --json
CHECKS=$((CHECKS + 1))
cmp -s cov.pdf cov2.pdf && cmp -s cov.png cov2.png || fail "the same map twice gave different bytes"
# SVG: valid XML.
expect_ok "SVG" -- map hk.sqlite -o cov.svg
CHECKS=$((CHECKS + 1))
xmllint --noout cov.svg || fail "the SVG is not valid XML"

# Gaps theme, zoomed to one district with an inset, in English.
expect_ok "gaps theme for Yuen Long" -- map hk.sqlite -o gaps.png --theme gaps --area M --lang en --json
expect_eq "gaps links labelled with distances" "$(printf '%s' "$OUT" | python3 -c "import json,sys; d=json.load(sys.stdin); print(any(l['text'].endswith('km') for l in d['labels']))")" True
expect_ok "coverage with circles, A3 portrait" -- map hk.sqlite -o circles.pdf --circles --circle 500 --paper A3 --portrait

# Bad input: a clear line, a non-zero exit code, and the project unchanged.
after_analyze=$(db_fingerprint hk.sqlite)
expect_fail "unknown theme" 2 "unknown theme 'heat'; themes: coverage, gaps" -- map hk.sqlite -o m.png --theme heat
expect_fail "wrong extension" 2 'm\.jpg: the output must end in \.png, \.pdf or \.svg' -- map hk.sqlite -o m.jpg
expect_fail "unwritable output" 5 'nodir/m\.png' -- map hk.sqlite -o nodir/m.png
expect_fail "unknown area" 3 "no area with code 'Z'" -- map hk.sqlite -o m.png --area Z
expect_fail "radius not analysed" 2 '--circle 700 is not one of the analysis radii \(50, 300, 500, 1000 m\)' -- map hk.sqlite -o m.png --circle 700
expect_fail "no output" 2 'give the map file with -o' -- map hk.sqlite
expect_ok "init empty" -- init empty.sqlite
expect_fail "empty project" 3 'the project is empty' -- map empty.sqlite -o m.png
expect_eq "project unchanged by map" "$(db_fingerprint hk.sqlite)" "$after_analyze"
finish
