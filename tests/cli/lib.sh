# Helpers for covplan's CLI tests (sourced by tests/cli/test_*.sh; run by CTest).
# Environment from CTest: COVPLAN (the binary), COV_SHARED_DIR, COV_DATA_DIR,
# COV_VALGRIND=1 to run every covplan call under valgrind's leak checker.
set -u
: "${COVPLAN:?COVPLAN must point at the covplan binary}"
: "${COV_SHARED_DIR:?COV_SHARED_DIR must point at the shared data folder}"
HK_GPKG="$COV_SHARED_DIR/data/hong_kong/hong_kong.gpkg"
FAILURES=0
CHECKS=0
WORK=$(mktemp -d "${TMPDIR:-/tmp}/covplan-cli.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1

# Under a sanitizer build (COV_SANITIZED=1, set by scripts/test.sh) valgrind cannot run the
# binary, and AddressSanitizer already checks every call: valgrind runs are plain runs there.
[ "${COV_SANITIZED:-}" = 1 ] && COV_VALGRIND_OFF=1

# Run covplan with the given arguments; sets OUT, ERR and RC.
cov() {
    if [ "${COV_VALGRIND:-}" = 1 ] && [ "${COV_VALGRIND_OFF:-}" != 1 ]; then
        valgrind -q --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite --error-exitcode=99 \
            --suppressions="$(dirname "${BASH_SOURCE[0]}")/../valgrind.supp" \
            "$COVPLAN" "$@" >"$WORK/.out" 2>"$WORK/.err"
    else
        "$COVPLAN" "$@" >"$WORK/.out" 2>"$WORK/.err"
    fi
    RC=$?
    OUT=$(cat "$WORK/.out")
    ERR=$(cat "$WORK/.err")
}

fail() {
    echo "FAIL: $*" >&2
    FAILURES=$((FAILURES + 1))
}

# expect_ok DESCRIPTION -- ARGS...: covplan must exit 0.
expect_ok() {
    local what=$1
    shift 2
    CHECKS=$((CHECKS + 1))
    cov "$@"
    [ "$RC" = 0 ] || fail "$what: exit $RC, expected 0; stderr: $ERR"
}

# expect_fail DESCRIPTION CODE PATTERN -- ARGS...: covplan must exit CODE with exactly one
# line on stderr matching the extended regex PATTERN.
expect_fail() {
    local what=$1 code=$2 pattern=$3
    shift 4
    CHECKS=$((CHECKS + 1))
    cov "$@"
    [ "$RC" = "$code" ] || fail "$what: exit $RC, expected $code; stderr: $ERR"
    local lines
    lines=$(printf '%s\n' "$ERR" | grep -c 'error')
    [ "$lines" = 1 ] || fail "$what: expected one error line, got $lines: $ERR"
    printf '%s' "$ERR" | grep -Eq -- "$pattern" || fail "$what: stderr does not match /$pattern/: $ERR"
}

# expect_eq DESCRIPTION ACTUAL EXPECTED
expect_eq() {
    CHECKS=$((CHECKS + 1))
    [ "$2" = "$3" ] || fail "$1: got '$2', expected '$3'"
}

# A fingerprint of a project's whole content (schema and rows), to prove it is unchanged.
db_fingerprint() {
    sqlite3 "$1" .dump | sha256sum | cut -d' ' -f1
}

# info_json PROJECT FILTER: print a value from covplan info --json (via python3's json).
info_json() {
    "$COVPLAN" info "$1" --json | python3 -c "import json,sys; d=json.load(sys.stdin); print($2)"
}

# Build the Hong Kong demo project in $1.
make_hk_project() {
    "$COVPLAN" init "$1" >/dev/null &&
        "$COVPLAN" import "$1" areas "$HK_GPKG" -l districts --id-field code -q >/dev/null &&
        "$COVPLAN" import "$1" facilities "$HK_GPKG" -l clinics --role health -q >/dev/null &&
        "$COVPLAN" import "$1" facilities "$HK_GPKG" -l eldercare --role eldercare -q >/dev/null
}

# Print the closing line and exit non-zero on any failure.
finish() {
    echo "$CHECKS checks, $FAILURES failed"
    [ "$FAILURES" = 0 ]
}
