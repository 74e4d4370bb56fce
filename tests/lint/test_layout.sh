#!/bin/bash
# Layout rules that the compiler does not check (run by CTest as lint/test_layout):
# 1. a *_private.h is included only from its own folder;
# 2. geo/ includes no planner/ or render/ header, render/ no planner/ header;
# 3. SQL against the project stays in the data layer (planner/core/): no file elsewhere calls
#    SQLite or the store's SQL functions.
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

# The data layer is the only code that talks to SQLite: outside planner/core/ no file may call
# sqlite3_*, prepare or run SQL through the store (cov_store_prepare/exec/count, the
# cov_store_bind/step helpers, cov_store_db) or use the data layer's private helpers (cov_db_*).
while IFS=: read -r file line text; do
    checks=$((checks + 1))
    fail "$file:$line issues SQL outside the data layer (planner/core/): add a typed function or a named query (planner/core/query.c) there"
done < <(grep -rnE 'sqlite3_|cov_store_(prepare|exec|count|bind_[a-z]+|step_done|db)\b|cov_db_[a-z_]+\(|#include "planner/core/db\.h"' \
    planner --include='*.c' --include='*.h' | grep -v '^planner/core/')
checks=$((checks + 1))

echo "$checks passed, $failures failed" | sed "s/^$checks passed/$((checks - failures)) passed/"
[ "$failures" = 0 ]
