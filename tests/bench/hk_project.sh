# Sourced by the Hong Kong benchmarks: builds and analyses the demo project in a temporary
# folder. Sets ROOT, COVPLAN, W (the folder, removed on exit) and P (the project).
# Usage inside a script: . "$(dirname "$0")/hk_project.sh" [BUILD_DIR]
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${1:-}
COVPLAN=${BUILD:-$ROOT/build}/covplan
HK=${COV_SHARED_DIR:-$ROOT/../shared}/data/hong_kong/hong_kong.gpkg
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
P=$W/hk.sqlite
"$COVPLAN" init "$P" >/dev/null
"$COVPLAN" import "$P" areas "$HK" -l districts --id-field code -q >/dev/null
"$COVPLAN" import "$P" facilities "$HK" -l clinics --role health -q >/dev/null
"$COVPLAN" import "$P" facilities "$HK" -l eldercare --role eldercare -q >/dev/null
"$COVPLAN" analyze "$P" --clinics hospital,general_outpatient_clinic,public_clinic -q >/dev/null
