#!/bin/bash
# cmake --install into a temporary prefix: the installed covplan runs the Hong Kong demo plan
# finding its data without the source tree, man pages are in place, and a small C program
# compiles against the installed libcovplan through pkg-config and runs.
. "$(dirname "$0")/lib.sh"
: "${COV_BUILD_DIR:?COV_BUILD_DIR must point at the build folder}"
PREFIX=$WORK/prefix
cmake --install "$COV_BUILD_DIR" --prefix "$PREFIX" >install.log 2>&1 || { cat install.log; fail "cmake --install"; finish; exit 1; }
BIN=$PREFIX/bin/covplan
expect_eq "binary installed" "$([ -x "$BIN" ] && echo yes)" yes
expect_eq "library installed" "$(ls "$PREFIX"/lib*/libcovplan.so* "$PREFIX"/lib/*/libcovplan.so* 2>/dev/null | head -1 | grep -c libcovplan)" 1
expect_eq "data installed" "$([ -f "$PREFIX/share/covplan/kinds.csv" ] && [ -f "$PREFIX/share/covplan/demo_hk.json" ] && echo yes)" yes
for cmd in init import analyze map report run; do
    expect_eq "man page covplan-$cmd" "$(zcat -f "$PREFIX/share/man/man1/covplan-$cmd.1"* 2>/dev/null | grep -c '^\.TH "COVPLAN-')" 1
done
expect_eq "man page renders" "$(MANWIDTH=80 man -l "$PREFIX/share/man/man1/covplan-init.1" 2>/dev/null | grep -c 'covplan init PROJECT')" 1

# The installed binary, away from the source tree and with no COV_DATA_DIR, runs the demo plan.
cp -r "$PREFIX/share/covplan" plan
LIBDIR=$(dirname "$(find "$PREFIX" -name 'libcovplan.so' | head -1)")
(unset COV_DATA_DIR LD_LIBRARY_PATH; cd / && COVPLAN=$BIN "$BIN" run "$WORK/plan/demo_hk.json" -o "$WORK/demo" -q >"$WORK/run.out" 2>"$WORK/run.err")
rc=$?
expect_eq "installed demo plan (exit 0 or 8: a target missed)" "$([ $rc = 0 ] || [ $rc = 8 ] && echo ok || echo "exit $rc: $(cat run.err)")" ok
expect_eq "demo report written" "$([ -s demo/report.pdf ] && echo yes)" yes
expect_eq "demo comparison written" "$(head -c 3 demo/compare.csv | od -An -tx1 | tr -d ' ')" efbbbf

# A program against the installed library, through pkg-config.
cat >prog.c <<'C'
#include <covplan.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    cov_ctx_t *ctx;
    cov_store_t *project;
    if (cov_ctx_create(&ctx)) return 2;
    if (cov_project_open(ctx, argv[1], true, &project)) {
        fprintf(stderr, "%s\n", cov_ctx_errmsg(ctx));
        cov_ctx_destroy(ctx);
        return 1;
    }
    json_t *info = NULL;
    int rc = cov_info(ctx, project, &info) != COV_OK;
    if (!rc)
        printf("%d %lld %lld\n", cov_store_srid(project),
               (long long)json_integer_value(json_object_get(json_object_get(info, "roles"), "health")),
               (long long)json_integer_value(json_object_get(json_object_get(info, "roles"), "eldercare")));
    double lon, lat;
    cov_wgs84_to_gcj02(114.17, 22.32, &lon, &lat);
    printf("%s\n", lon != 114.17 ? "gcj02 shifted" : "gcj02 not shifted");
    json_decref(info);
    cov_store_close(project);
    cov_ctx_destroy(ctx);
    return rc;
}
C
export PKG_CONFIG_PATH=$(dirname "$(find "$PREFIX" -name covplan.pc | head -1)")
SAN=
[ "${COV_SANITIZED:-}" = 1 ] && SAN="-fsanitize=address,undefined"
if cc -std=c11 -Wall -Werror $SAN prog.c -o prog $(pkg-config --cflags --libs covplan) 2>cc.err; then
    expect_eq "program against the installed library" "$(LD_LIBRARY_PATH=$LIBDIR ./prog demo/hong_kong.sqlite)" "2326 694 888
gcj02 shifted"
    if [ "${COV_SANITIZED:-}" != 1 ]; then
        LD_LIBRARY_PATH=$LIBDIR valgrind -q --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99 \
            --suppressions="$(dirname "$0")/../valgrind.supp" ./prog demo/hong_kong.sqlite >/dev/null 2>vg.err
        expect_eq "program under valgrind" "$?" 0
    fi
else
    fail "compiling against the installed library: $(cat cc.err)"
fi
expect_eq "libcovplan exports only cov_ functions" "$(nm -D --defined-only "$LIBDIR/libcovplan.so" | awk '$2 ~ /[TDRB]/ && $3 !~ /^(cov_|_)/' | wc -l)" 0
finish
