#!/usr/bin/env bash
# The demo planning run: build covplan and run it on the bundled real Hong Kong data.
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
"$COVPLAN" init "$P" --overwrite
"$COVPLAN" import "$P" areas "$HK" --layer districts --id-field code --name-field name_zh \
    --pop-field population --elderly-field pop_65plus
"$COVPLAN" import "$P" facilities "$HK" --layer clinics --role health --name-field name_zh,name_en
"$COVPLAN" import "$P" facilities "$HK" --layer eldercare --role eldercare --name-field name_zh,name_en
"$COVPLAN" info "$P"
"$COVPLAN" info "$P" --json > "$OUT/info.json"
{ set +x; } 2>/dev/null
echo "demo outputs in $OUT"
