#!/bin/bash
# A project written by the first release (format 1) opens with today's covplan: it is upgraded
# in place in one transaction (run tables gain scenario/created, every covplan table exists),
# read-only commands upgrade it too, and its results read back exactly as that release printed.
. "$(dirname "$0")/lib.sh"
FIX=$(dirname "$0")/../fixtures
command -v valgrind >/dev/null && export COV_VALGRIND=1 # the upgrade paths, leak-checked

gunzip -c "$FIX/project_v1.sqlite.gz" >v1.sqlite
q() { sqlite3 v1.sqlite "$1"; }
expect_eq "fixture is format 1" "$(q "SELECT value FROM covplan_meta WHERE key = 'format_version'")" 1

# A read-only command upgrades it and prints what the first release printed.
expect_ok "compare on a format-1 project" -- compare v1.sqlite base new_clinic
expect_eq "compare output unchanged" "$OUT" "$(cat "$FIX/project_v1.compare.txt")"
expect_eq "upgraded to format 3" "$(q "SELECT value FROM covplan_meta WHERE key = 'format_version'")" 3
expect_eq "areas have level and parent_code" "$(q "SELECT count(*) FROM pragma_table_info('areas') WHERE name IN ('level', 'parent_code')")" 2
expect_eq "access runs keep their scenario" "$(q "SELECT group_concat(id || ':' || scenario, ' ') FROM (SELECT id, scenario FROM access_runs ORDER BY id)")" "1:base 2:new_clinic"
expect_eq "site runs keep their scenario" "$(q "SELECT group_concat(id || ':' || scenario, ' ') FROM (SELECT id, scenario FROM site_runs ORDER BY id)")" "1:base 2:new_clinic"
expect_eq "integrity" "$(q "PRAGMA integrity_check")" ok
expect_ok "export after the upgrade" -- export v1.sqlite -o exp.csv
expect_eq "export unchanged" "$(cmp exp.csv "$FIX/project_v1.export.csv" && echo same)" same

# Upgrading twice does nothing; new runs carry scenario and created.
before=$(db_fingerprint v1.sqlite)
expect_ok "info after the upgrade" -- info v1.sqlite
expect_eq "second open changes nothing" "$(db_fingerprint v1.sqlite)" "$before"
expect_ok "access on the upgraded project" -- access v1.sqlite --method 2sfca --catchment 2000 --scenario new_clinic
expect_eq "new access run registered" "$(q "SELECT scenario, created != '' FROM access_runs ORDER BY id DESC LIMIT 1")" "new_clinic|1"

# A project written by the previous release (format 2: made by it from the format-1 fixture)
# opens too: areas gain level and parent_code, results read back the same.
gunzip -c "$FIX/project_v2.sqlite.gz" >v2.sqlite
expect_eq "fixture is format 2" "$(sqlite3 v2.sqlite "SELECT value FROM covplan_meta WHERE key = 'format_version'")" 2
expect_ok "compare on a format-2 project" -- compare v2.sqlite base new_clinic
expect_eq "format-2 compare output unchanged" "$OUT" "$(cat "$FIX/project_v1.compare.txt")"
expect_eq "format 2 upgraded to 3" "$(sqlite3 v2.sqlite "SELECT value FROM covplan_meta WHERE key = 'format_version'") $(sqlite3 v2.sqlite "SELECT count(*) FROM pragma_table_info('areas') WHERE name IN ('level', 'parent_code')")" "3 2"
expect_ok "export after the format-2 upgrade" -- export v2.sqlite -o exp2.csv
expect_eq "format-2 export unchanged" "$(cmp exp2.csv "$FIX/project_v1.export.csv" && echo same)" same

# A read-only file cannot be upgraded: one clear line, the file untouched.
gunzip -c "$FIX/project_v1.sqlite.gz" >ro.sqlite
chmod a-w ro.sqlite
before=$(db_fingerprint ro.sqlite)
if [ "$(id -u)" != 0 ]; then
    expect_fail "read-only format-1 project" 5 "older covplan .*format 1.*copy it somewhere writable" -- info ro.sqlite
    expect_eq "read-only project untouched" "$(db_fingerprint ro.sqlite)" "$before"
fi

# The upgrade is one transaction: a failure half-way (a damaged run table) leaves format 1.
gunzip -c "$FIX/project_v1.sqlite.gz" >bad.sqlite
sqlite3 bad.sqlite "ALTER TABLE site_runs RENAME TO site_runs_old; CREATE TABLE site_runs (id INTEGER PRIMARY KEY);"
before=$(db_fingerprint bad.sqlite)
expect_fail "upgrade that cannot finish" 5 "bad.sqlite" -- info bad.sqlite
expect_eq "failed upgrade leaves the file as it was" "$(db_fingerprint bad.sqlite)" "$before"
finish
