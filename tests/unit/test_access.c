/* Accessibility: weight specs, idle supply, normalisation and bad input. The external reference
 * cases (pysal/access's Cases A, B and C) are data: tests/reference/access.cases. */
#include <math.h>

#include "check.h"
#include "geo/ctx.h"
#include "planner/access/measure/access.h"

static cov_ctx_t *ctx;

static void weights(void)
{
    cov_access_weight_t w;
    CHECK_INT(cov_access_weight_parse(ctx, "step:10=1,20=0.68,30=0.22", &w), COV_OK);
    CHECK_NEAR(cov_access_weight_eval(&w, 10), 1.0, 0);
    CHECK_NEAR(cov_access_weight_eval(&w, 10.5), 0.68, 0);
    CHECK_NEAR(cov_access_weight_eval(&w, 30), 0.22, 0);
    CHECK_NEAR(cov_access_weight_eval(&w, 30.01), 0.0, 0);
    char buf[128];
    cov_access_weight_format(&w, buf, sizeof buf);
    CHECK_STR(buf, "step:10=1,20=0.68,30=0.22");
    cov_access_weight_t e = cov_access_weight_e2sfca(30);
    cov_access_weight_format(&e, buf, sizeof buf);
    CHECK_STR(buf, "step:10=1,20=0.68,30=0.22");
    CHECK_INT(cov_access_weight_parse(ctx, "gaussian:2", &w), COV_OK);
    CHECK_NEAR(cov_access_weight_eval(&w, 0), 1.0, 0);
    CHECK_NEAR(cov_access_weight_eval(&w, 2), exp(-0.5), 1e-15);
    CHECK_INT(cov_access_weight_parse(ctx, "gravity:60,-2,5", &w), COV_OK);
    CHECK_NEAR(cov_access_weight_eval(&w, 0), pow(5.0 / 60.0, -2), 1e-9);
    CHECK_NEAR(cov_access_weight_eval(&w, 30), 4.0, 1e-12);
    const char *bad[] = {"cubic:3",    "step:",           "step:10=1,5=0.5", "step:10=-1",
                         "step:10=1,", "gaussian:0",      "gaussian:x",      "gravity:0,1",
                         "gravity:60", "gravity:60,1,-1", "step:10"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        cov_status_t s = cov_access_weight_parse(ctx, bad[i], &w);
        if (s != COV_ERR_USAGE) {
            fprintf(stderr, "weight spec '%s' accepted\n", bad[i]);
            check_failures++;
        }
        CHECK(strstr(cov_ctx_errmsg(ctx), "weights '") != NULL);
    }
    cov_access_method_t m;
    CHECK(cov_access_method_parse("e2sfca", &m) && m == COV_ACCESS_E2SFCA);
    CHECK(!cov_access_method_parse("4sfca", &m));
}

/* Supply with no demand in its catchment: R_j undefined (NaN), counted, never a division. */
static void idle_supply(void)
{
    double dx[2] = {0, 1}, dy[2] = {0, 0}, sx[2] = {0, 100}, sy[2] = {0, 0};
    double pd[2] = {10, 30}, sp[2] = {2, 5};
    cov_access_pairs_t *ds;
    CHECK_INT(cov_access_pairs_planar(ctx, dx, dy, 2, sx, sy, 2, 5, &ds), COV_OK);
    cov_access_params_t p = {COV_ACCESS_2SFCA, {0}, false, 0, 0, 0};
    cov_access_result_t r;
    CHECK_INT(cov_access_compute(ctx, &p, pd, 2, sp, 2, ds, NULL, &r), COV_OK);
    CHECK_NEAR(r.ratio[0], 2.0 / 40.0, 1e-15);
    CHECK(isnan(r.ratio[1]));
    CHECK_INT(r.n_supply_idle, 1);
    CHECK_NEAR(r.value[0], 0.05, 1e-15);
    CHECK_NEAR(r.mean, 0.05, 1e-15);
    cov_access_result_free(&r);
    /* Zero total demand is refused with a message, nothing computed. */
    double zero[2] = {0, 0};
    CHECK_INT(cov_access_compute(ctx, &p, zero, 2, sp, 2, ds, NULL, &r), COV_ERR_EMPTY);
    CHECK(r.value == NULL);
    CHECK(strstr(cov_ctx_errmsg(ctx), "total demand is 0") != NULL);
    /* Normalised: divided by the demand-weighted mean (no access counts as 0). */
    p.normalize = true;
    CHECK_INT(cov_access_compute(ctx, &p, pd, 2, sp, 2, ds, NULL, &r), COV_OK);
    CHECK_NEAR(r.value[0], 1.0, 1e-15);
    cov_access_result_free(&r);
    cov_access_pairs_destroy(ds);
    /* A bad cost list row is named. */
    size_t o[2] = {0, 0}, d[2] = {1, 1};
    double c[2] = {3, 4};
    CHECK_INT(cov_access_pairs_list(ctx, 2, 2, 2, o, d, c, 10, &ds), COV_ERR_INPUT);
    CHECK(strstr(cov_ctx_errmsg(ctx), "rows 1 and 2") != NULL);
    c[1] = -1;
    d[1] = 0;
    CHECK_INT(cov_access_pairs_list(ctx, 2, 2, 2, o, d, c, 10, &ds), COV_ERR_INPUT);
    CHECK(strstr(cov_ctx_errmsg(ctx), "row 2") != NULL);
}

int main(void)
{
    CHECK_INT(cov_ctx_create(&ctx), COV_OK);
    weights();
    idle_supply();
    cov_ctx_destroy(ctx);
    CHECK_DONE();
}
