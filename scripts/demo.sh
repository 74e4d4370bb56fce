#!/usr/bin/env bash
# The demo planning run: build covplan and run the plan data/demo_hk.json on the real Hong Kong data.
# Usage: scripts/demo.sh [OUTPUT_DIR]   (default out/demo)
# Shared data: $COV_SHARED_DIR, default ../shared beside the checkout.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
"$ROOT/scripts/deps.sh"
SHARED=${COV_SHARED_DIR:-$ROOT/../shared}
HK="$SHARED/data/hong_kong/hong_kong.gpkg"
[ -f "$HK" ] || { echo "covplan: error: $HK not found; set COV_SHARED_DIR to the shared data folder" >&2; exit 1; }
"$ROOT/scripts/build.sh" "$ROOT/build"
COVPLAN="$ROOT/build/covplan"
OUT=${1:-$ROOT/out/demo}
mkdir -p "$OUT"
P="$OUT/hong_kong.sqlite"

set -x
# The plan file scripts the whole run: init, imports, scenarios (base, medical_rooms,
# new_gopc), coverage analyses, 2SFCA accessibility, MCLP siting, comparison tables
# (CSV/JSON/Markdown), maps (PNG/PDF) and the PDF report out/demo/report.pdf.
# --check-targets exits 8 when a target is missed; the demo shows that without failing.
COV_SHARED_DIR="$SHARED" "$COVPLAN" run "$ROOT/data/demo_hk.json" -o "$OUT" --check-targets || [ $? = 8 ]
"$COVPLAN" info "$P"
"$COVPLAN" info "$P" --json > "$OUT/info.json"
{ set +x; } 2>/dev/null
echo "demo outputs in $OUT"
