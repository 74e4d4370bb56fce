/* Unit test of planner/attrjoin: the 2020 census keyed on 区划代码, text keys, NA, bad tables. */
#include "planner/core/attrjoin.h"

#include <gdal.h>
#include <stdio.h>
#include <unistd.h>

#include "tests/unit/check.h"

static const char *const KEYS[] = {"adcode", "区划代码", NULL};

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (!f) return;
    fputs(text, f);
    fclose(f);
}

static void test_census(cov_ctx_t *ctx)
{
    cov_attrjoin_t *jt = NULL;
    const char *census = shared_path("data/china_counties/census2020_county.csv");
    /* no key named: the first candidate present, 区划代码 */
    CHECK_INT(cov_attrjoin_open(ctx, census, NULL, NULL, KEYS, &jt), COV_OK);
    if (!jt) return;
    CHECK_STR(cov_attrjoin_key_name(jt), "区划代码");
    CHECK(cov_attrjoin_row_count(jt) > 3000); /* NA-keyed rows are skipped */
    long row = cov_attrjoin_lookup(jt, "511703");
    CHECK(row >= 0);
    CHECK_INT(cov_attrjoin_lookup(jt, " 511703 "), row);
    CHECK_INT(cov_attrjoin_lookup(jt, "999999"), -1);
    CHECK_INT(cov_attrjoin_lookup(jt, "NA"), -1);
    double v;
    bool null;
    CHECK_INT(cov_attrjoin_number(ctx, jt, row, cov_attrjoin_field(jt, "人口数_合计"), &v, &null),
              COV_OK);
    CHECK(!null);
    CHECK_NEAR(v, 899728, 0);
    CHECK_INT(cov_attrjoin_number(ctx, jt, row, cov_attrjoin_field(jt, "城区人口"), &v, &null),
              COV_OK);
    CHECK(null); /* "NA" in the census */
    CHECK_INT(
        cov_attrjoin_number(ctx, jt, row, cov_attrjoin_field(jt, "性别比（女=100）"), &v, &null),
        COV_OK);
    CHECK_NEAR(v, 104.96, 1e-9);
    CHECK_INT(cov_attrjoin_number(ctx, jt, -1, 4, &v, &null), COV_OK);
    CHECK(null);
    CHECK_INT(cov_attrjoin_field(jt, "no such field"), -1);
    char buf[64];
    CHECK_INT(cov_attrjoin_misses(jt, buf, sizeof buf), 2);
    CHECK_STR(buf, "999999, NA");
    cov_attrjoin_close(jt);
}

static void test_bad_tables(cov_ctx_t *ctx)
{
    cov_attrjoin_t *jt = NULL;
    write_file("attrjoin_dup.csv", "code,pop\n1,10\n2,20\n1,30\n");
    CHECK_INT(cov_attrjoin_open(ctx, "attrjoin_dup.csv", NULL, "code", NULL, &jt), COV_ERR_INPUT);
    CHECK(jt == NULL);
    CHECK(strstr(cov_ctx_errmsg(ctx), "key '1' appears on rows 1 and 3") != NULL);

    write_file("attrjoin_text.csv", "code,pop\n1,ten\n2,-\n");
    CHECK_INT(cov_attrjoin_open(ctx, "attrjoin_text.csv", NULL, "CODE", NULL, &jt), COV_OK);
    if (jt) {
        double v;
        bool null;
        long r1 = cov_attrjoin_lookup(jt, "1"), r2 = cov_attrjoin_lookup(jt, "2");
        CHECK_INT(cov_attrjoin_number(ctx, jt, r1, 1, &v, &null), COV_ERR_INPUT);
        CHECK(strstr(cov_ctx_errmsg(ctx), "row 1 (key '1'): field 'pop' is not a number ('ten')"));
        CHECK_INT(cov_attrjoin_number(ctx, jt, r2, 1, &v, &null), COV_OK);
        CHECK(null);
        cov_attrjoin_close(jt);
    }
    CHECK_INT(cov_attrjoin_open(ctx, "attrjoin_text.csv", NULL, "adcode", NULL, &jt),
              COV_ERR_NOT_FOUND);
    CHECK(strstr(cov_ctx_errmsg(ctx), "no key field 'adcode'; its fields are: code, pop"));
    CHECK_INT(cov_attrjoin_open(ctx, "attrjoin_missing.csv", NULL, "code", NULL, &jt),
              COV_ERR_NOT_FOUND);
    unlink("attrjoin_dup.csv");
    unlink("attrjoin_text.csv");
    cov_attrjoin_close(NULL);
}

int main(void)
{
    GDALAllRegister();
    cov_ctx_t *ctx;
    if (cov_ctx_create(&ctx) != COV_OK) return 1;
    test_census(ctx);
    test_bad_tables(ctx);
    cov_ctx_destroy(ctx);
    GDALDestroyDriverManager();
    CHECK_DONE();
}
