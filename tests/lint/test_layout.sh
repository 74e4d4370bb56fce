#!/bin/bash
# Layout rules that the compiler does not check (run by CTest as lint/test_layout):
# 1. a *_private.h is included only from its own folder;
# 2. geo/ includes no planner/ or render/ header, render/ no planner/ header;
# 3. SQL against the project stays in the data layer (planner/core/): files elsewhere that still
#    call sqlite3_ are listed in tests/lint/sql_outside_core.txt, a list that may only shrink.
ROOT=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$ROOT" || exit 1
failures=0
checks=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

while IFS=: read -r file _ inc; do
    checks=$((checks + 1))
    header=$(printf '%s' "$inc" | sed -E 's/.*"([^"]+)".*/\1/')
    [ "$(dirname "$file")" = "$(dirname "$header")" ] ||
        fail "$file includes $header, private to $(dirname "$header")/"
done < <(grep -rn --include='*.c' --include='*.h' '#include "[^"]*_private\.h"' geo render planner tests)

while IFS=: read -r file _ inc; do
    checks=$((checks + 1))
    fail "$file: $inc (geo/ depends on nothing above it)"
done < <(grep -rn --include='*.c' --include='*.h' '#include "\(planner\|render\)/' geo)
while IFS=: read -r file _ inc; do
    checks=$((checks + 1))
    fail "$file: $inc (render/ never includes a planner header)"
done < <(grep -rn --include='*.c' --include='*.h' '#include "planner/' render)

allowed=tests/lint/sql_outside_core.txt
while read -r file; do
    checks=$((checks + 1))
    grep -qxF "$file" "$allowed" ||
        fail "$file issues SQL outside the data layer (planner/core/): add a typed function there"
done < <(grep -rl 'sqlite3_' planner --include='*.c' --include='*.h' | grep -v '^planner/core/' | sort)
while read -r file; do
    checks=$((checks + 1))
    [ -f "$file" ] && grep -q 'sqlite3_' "$file" ||
        fail "$file no longer issues SQL: remove it from $allowed"
done < <(grep -v '^#' "$allowed")

echo "$checks passed, $failures failed" | sed "s/^$checks passed/$((checks - failures)) passed/"
[ "$failures" = 0 ]
