/* Siting on the San Francisco data (PySAL spopt's test data, read from the shared folder):
 * properties of covplan's own (the ranked gains, the proven gap, existing facilities). The
 * reference figures themselves are data: tests/reference/site_sf.cases. */
#include <gdal.h>
#include <math.h>

#include "check.h"
#include "planner/site/solver/site_matrix.h"

#define SF_DIR "reference/spopt_sf/"
#define SF_COSTS SF_DIR "SF_network_distance_candidateStore_16_censusTract_205_new.csv"

static cov_site_matrix_t *load(cov_ctx_t *ctx)
{
    char path[4096];
    snprintf(path, sizeof path, "%s", shared_path(SF_COSTS));
    cov_site_matrix_opts_t mo = {.path = path,
                                 .cost_field = "distance",
                                 .origin_field = "name",
                                 .dest_field = "DestinationName",
                                 .weight_field = "demand"};
    cov_site_matrix_t *mx = NULL;
    cov_status_t s = cov_site_matrix_read(ctx, &mo, &mx);
    if (s) fprintf(stderr, "%s\n", cov_ctx_errmsg(ctx));
    CHECK_INT(s, COV_OK);
    return mx;
}

/* Names of the chosen sites, sorted by candidate index (= Store order of appearance). */
static void chosen_names(const cov_site_matrix_t *mx, const cov_site_result_t *r, char *buf,
                         size_t len)
{
    size_t idx[64], k = r->nchosen;
    for (size_t t = 0; t < k; t++) idx[t] = r->chosen[t];
    for (size_t a = 1; a < k; a++)
        for (size_t b = a; b > 0 && idx[b - 1] > idx[b]; b--) {
            size_t x = idx[b];
            idx[b] = idx[b - 1], idx[b - 1] = x;
        }
    buf[0] = 0;
    for (size_t t = 0; t < k; t++) {
        size_t l = strlen(buf);
        snprintf(buf + l, len - l, "%s%s", t ? "," : "", cov_site_matrix_cand_name(mx, idx[t]));
    }
}

static void test_mclp(cov_ctx_t *ctx, cov_site_matrix_t *mx, cov_site_method_t method)
{
    cov_site_opts_t o = {.model = COV_SITE_MCLP, .p = 4, .radius = 5000, .method = method};
    cov_site_result_t r;
    CHECK_INT(cov_site_solve(ctx, cov_site_matrix_inst(mx), &o, &r), COV_OK);
    CHECK_INT(r.ncovered_before, 0);
    CHECK(r.optimal); /* the heuristic's set is proven optimal by the bound */
    CHECK_NEAR(r.gap, 0, 1e-12);
    CHECK_STR(r.method, method == COV_SITE_EXACT ? "glpk" : "greedy+swap");
    /* gains are the ranked increments: they sum to the covered demand */
    double sum = 0;
    for (size_t t = 0; t < r.nchosen; t++) {
        sum += r.gain[t];
        if (t) CHECK(r.gain[t] <= r.gain[t - 1]);
    }
    CHECK_NEAR(sum, r.covered_after, 1e-6);
    cov_site_result_free(&r);
}

/* Existing facilities stay: with Store_2 and Store_11 existing, MCLP picks 2 more and
 * coverage before is theirs. */
static void test_existing(cov_ctx_t *ctx)
{
    char path[4096];
    snprintf(path, sizeof path, "%s", shared_path(SF_COSTS));
    cov_site_matrix_opts_t mo = {
        .path = path, .weight_field = "demand", .existing = "Store_2,Store_11"};
    cov_site_matrix_t *mx = NULL;
    CHECK_INT(cov_site_matrix_read(ctx, &mo, &mx), COV_OK);
    if (!mx) return;
    CHECK_INT(cov_site_inst_ncand(cov_site_matrix_inst(mx)), 14);
    for (int m = 1; m <= 2; m++) {
        cov_site_opts_t o = {
            .model = COV_SITE_MCLP, .p = 2, .radius = 5000, .method = (cov_site_method_t)m};
        cov_site_result_t r;
        CHECK_INT(cov_site_solve(ctx, cov_site_matrix_inst(mx), &o, &r), COV_OK);
        char names[256];
        chosen_names(mx, &r, names, sizeof names);
        CHECK_STR(names, "Store_12,Store_15");
        CHECK_NEAR(r.covered_after, 875247, 1e-6);
        CHECK(r.covered_before > 0 && r.covered_before < r.covered_after);
        CHECK_NEAR(r.covered_before + r.gain[0] + r.gain[1], r.covered_after, 1e-6);
        cov_site_result_free(&r);
    }
    cov_site_matrix_destroy(mx);
}

int main(void)
{
    GDALAllRegister();
    cov_ctx_t *ctx;
    if (cov_ctx_create(&ctx)) return 1;
    cov_site_matrix_t *mx = load(ctx);
    if (mx) {
        CHECK_INT(cov_site_inst_ndemand(cov_site_matrix_inst(mx)), 205);
        CHECK_INT(cov_site_inst_ncand(cov_site_matrix_inst(mx)), 16);
        for (int m = COV_SITE_EXACT; m <= COV_SITE_HEURISTIC; m++) {
            test_mclp(ctx, mx, (cov_site_method_t)m);
        }
    }
    test_existing(ctx);
    cov_site_matrix_destroy(mx);
    cov_ctx_destroy(ctx);
    GDALDestroyDriverManager();
    CHECK_DONE();
}
