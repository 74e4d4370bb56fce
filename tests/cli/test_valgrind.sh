#!/usr/bin/env bash
# Valgrind's leak checker over a representative CLI session: every covplan call below must
# exit as expected with no definite leaks and no memory errors (valgrind exits 99 on either).
. "$(dirname "$0")/lib.sh"
command -v valgrind >/dev/null || { echo "valgrind not installed (scripts/deps.sh installs it)"; exit 1; }
export COV_VALGRIND=1
expect_ok "init" -- init v.sqlite
expect_ok "import areas" -- import v.sqlite areas "$HK_GPKG" -l districts --id-field code
expect_ok "import clinics" -- import v.sqlite facilities "$HK_GPKG" -l clinics --role health
expect_ok "info --json" -- info v.sqlite --json
expect_fail "failed import" 3 "no field 'nope'" -- import v.sqlite facilities "$HK_GPKG" -l eldercare --id-field nope
expect_fail "duplicate import" 3 "already in the project" -- import v.sqlite facilities "$HK_GPKG" -l clinics --role health
expect_fail "not a project" 5 "not a covplan project" -- info "$HK_GPKG"
expect_ok "import eldercare" -- import v.sqlite facilities "$HK_GPKG" -l eldercare --role eldercare -q
expect_ok "analyze" -- analyze v.sqlite --clinics hospital,general_outpatient_clinic,public_clinic -q
expect_ok "export CSV" -- export v.sqlite -o v.csv --what areas
expect_ok "map PNG" -- map v.sqlite -o v.png --size 800x600
expect_fail "analyze with bad radii" 2 "radii" -- analyze v.sqlite --radii 300,50
finish
