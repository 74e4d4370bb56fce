#!/usr/bin/env bash
# The national benchmark (issue 15): synthetic China-like data at district, prefecture,
# province and national scale (gen.py, seeded), the whole pipeline through the CLI, and a
# table of time and peak memory per scale and step, beside a peer where one exists (scipy's
# cKDTree for the nearest-clinic queries; PySAL access for 2SFCA when PYSAL_ACCESS_DIR names a
# checkout of pysal/access). Timing lives here, never in the test suite.
#
# Usage: tests/bench/national/run.sh [BUILD_DIR] [SCALE ...]
#   SCALE: district prefecture province national (default: all four)
#   Environment: COVPLAN_THREADS (default: every processor), PYSAL_ACCESS_DIR, KEEP=1 (keep
#   the generated data and projects under $TMPDIR).
# Installs what it needs from Debian (GNU time, python3-scipy) when missing.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
BUILD=${1:-$ROOT/build}
shift || true
SCALES=${*:-district prefecture province national}
COVPLAN=$BUILD/covplan
export COV_DATA_DIR=$ROOT/data
[ -x "$COVPLAN" ] || { echo "bench: no $COVPLAN; build first (bash scripts/build.sh build)" >&2; exit 1; }
need=()
[ -x /usr/bin/time ] || need+=(time)
/usr/bin/python3 -c 'import scipy' 2>/dev/null || need+=(python3-scipy)
if [ ${#need[@]} -gt 0 ]; then
    echo "bench: installing ${need[*]}" >&2
    apt-get install -y -q "${need[@]}" >/dev/null
fi
THREADS=${COVPLAN_THREADS:+--threads $COVPLAN_THREADS}
W=$(mktemp -d)
[ "${KEEP:-}" = 1 ] && echo "bench: data and projects kept in $W" >&2 || trap 'rm -rf "$W"' EXIT

# Targets on the issue's 2-core machine (seconds for the pipeline, or one step).
declare -A TARGET=([district]="pipeline < 1 s" [prefecture]="analyze < 1 s"
    [province]="pipeline < 15 s" [national]="pipeline < 120 s, peak < 4 GB")
declare -A LEVEL=([district]="" [prefecture]="county" [province]="county" [national]="province")
# A district has few unserved sites to choose among: its candidates are a 300 m grid.
declare -A CANDIDATES=([district]="--candidates grid:300" [prefecture]="" [province]="")

printf '| scale | step | covplan (s) | peak (MB) | peer | peer (s) |\n'
printf '| --- | --- | ---: | ---: | --- | ---: |\n'
for scale in $SCALES; do
    D=$W/$scale
    t0=$(date +%s.%N)
    /usr/bin/python3 "$HERE/gen.py" "$scale" "$D" >"$W/meta.txt"
    gen=$(echo "$(date +%s.%N) $t0" | awk '{printf "%.1f", $1 - $2}')
    P=$D/p.sqlite
    total=0
    peak=0
    # step NAME PEER PEER_SECONDS -- covplan ARGS...: time and peak memory of one CLI step
    step() {
        local name=$1 peer=$2 peer_s=$3
        shift 4
        if ! /usr/bin/time -f '%e %M' -o "$W/time" "$COVPLAN" "$@" $THREADS -q >"$W/out" 2>"$W/err"; then
            echo "bench: $scale $name failed: $(head -c 400 "$W/err")" >&2
            exit 1
        fi
        read -r secs kb <"$W/time"
        total=$(echo "$total $secs" | awk '{print $1 + $2}')
        peak=$(echo "$peak $kb" | awk '{print ($2 > $1) ? $2 : $1}')
        printf '| %s | %s | %.2f | %d | %s | %s |\n' "$scale" "$name" "$secs" $((kb / 1024)) "$peer" "$peer_s"
    }
    step init "" "" -- init "$P"
    step "import townships ($(python3 -c "import json;print(json.load(open('$D/meta.json'))['townships'])"))" "" "" -- \
        import "$P" areas "$D/townships.geojson" --id-field code --level township
    nh=$(python3 -c "import json;print(json.load(open('$D/meta.json'))['health'])")
    ne=$(python3 -c "import json;print(json.load(open('$D/meta.json'))['eldercare'])")
    step "import $nh health facilities (CSV)" "" "" -- import "$P" facilities "$D/health.csv" \
        --src-crs EPSG:4326 --role health --kind-field kind
    step "import $ne elder-care sites (CSV)" "" "" -- import "$P" facilities "$D/eldercare.csv" \
        --src-crs EPSG:4326 --role eldercare --kind-field kind --capacity-field capacity
    if [ -f "$D/demand.vrt" ]; then
        nd=$(python3 -c "import json;print(json.load(open('$D/meta.json'))['demand_cells'])")
        step "import a $nd-cell demand grid" "" "" -- import "$P" demand "$D/demand.vrt"
    fi
    kd=$(/usr/bin/python3 "$HERE/peer_nearest.py" "$D")
    step analyze "scipy cKDTree: 3 nearest + 4 radius counts per site" "$kd" -- analyze "$P"
    pa=$(/usr/bin/python3 "$HERE/peer_access.py" "$D" 5000 2>/dev/null || echo "n/a: failed")
    # Over a demand grid access would hold every cell-clinic pair within the catchment in memory
    # (about 2 x 10^8 at national scale): the national run measures it from the townships.
    ademand=""
    [ -f "$D/demand.vrt" ] && ademand="--demand areas"
    step "access 2SFCA (5 km${ademand:+, townships as demand})" "PySAL access two_stage_fca" "$pa" -- \
        access "$P" --method 2sfca --catchment 5000 $ademand
    if [ "$scale" != national ]; then
        step "site MCLP p=50 (1 km)" "" "" -- site "$P" --objective mclp --add 50 --radius 1000 \
            ${CANDIDATES[$scale]}
    fi
    step "map (PNG)" "" "" -- map "$P" -o "$D/map.png"
    if [ -n "${LEVEL[$scale]}" ]; then
        step "report by ${LEVEL[$scale]} (PDF)" "" "" -- report "$P" -o "$D/report.pdf" --level "${LEVEL[$scale]}"
    else
        step "report (PDF)" "" "" -- report "$P" -o "$D/report.pdf"
    fi
    pages=$(pdfinfo "$D/report.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
    printf '| %s | **pipeline** (data generated in %s s; report %s pages) | **%.2f** | **%d** | target: %s | |\n' \
        "$scale" "$gen" "${pages:-?}" "$total" $((peak / 1024)) "${TARGET[$scale]}"
    [ "${KEEP:-}" = 1 ] || rm -rf "$D"
done
