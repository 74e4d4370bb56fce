/* Exact siting with GLPK: the MIP of each model (and its LP relaxation for bounds). */
#include <glpk.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "planner/site/solver/site_private.h"

/* A growing list of matrix triplets (1-based, as glp_load_matrix wants). */
typedef struct trip {
    size_t n, cap;
    int *ia, *ja;
    double *ar;
    bool oom;
} trip_t;

static void put(trip_t *t, int row, int col, double v)
{
    if (t->oom) return;
    if (t->n + 1 >= t->cap) {
        size_t nc = t->cap ? t->cap * 2 : 4096;
        int *a = cov_realloc_array(t->ia, nc, sizeof *a);
        if (a) t->ia = a;
        int *b = cov_realloc_array(t->ja, nc, sizeof *b);
        if (b) t->ja = b;
        double *c = cov_realloc_array(t->ar, nc, sizeof *c);
        if (c) t->ar = c;
        if (!a || !b || !c) {
            t->oom = true;
            return;
        }
        t->cap = nc;
    }
    t->n++;
    t->ia[t->n] = row, t->ja[t->n] = col, t->ar[t->n] = v;
}

static int add_row(glp_prob *lp, int type, double lb, double ub)
{
    int r = glp_add_rows(lp, 1);
    glp_set_row_bnds(lp, r, type, lb, ub);
    return r;
}

static int add_col(glp_prob *lp, int kind, double lb, double ub, double obj)
{
    int c = glp_add_cols(lp, 1);
    glp_set_col_bnds(lp, c, lb == ub ? GLP_FX : (isinf(ub) ? GLP_LO : GLP_DB), lb, ub);
    glp_set_col_kind(lp, c, kind);
    glp_set_obj_coef(lp, c, obj);
    return c;
}

/* Does some candidate reach demand point i within r? */
static bool reachable(const cov_site_inst_t *in, size_t i, double r)
{
    for (size_t t = in->dstart[i]; t < in->dstart[i + 1]; t++)
        if (in->dcost[t] <= r) return true;
    return false;
}

/* Build the model. Columns 1..m are the sites x_j. *offset is the constant the objective
 * leaves out (weight covered by existing facilities for MCLP). */
static void build(const cov_site_inst_t *in, const cov_site_opts_t *o, glp_prob *lp, trip_t *t,
                  double *offset)
{
    size_t n = in->n, m = in->m;
    double r = o->radius;
    bool cap = o->capacitated;
    cov_site_model_t md = o->model;
    *offset = 0;
    glp_set_obj_dir(lp, md == COV_SITE_MCLP ? GLP_MAX : GLP_MIN);
    for (size_t j = 0; j < m; j++) add_col(lp, GLP_BV, 0, 1, md == COV_SITE_LSCP ? 1 : 0);
    if (md != COV_SITE_LSCP) {
        int row = add_row(lp, GLP_FX, (double)o->p, (double)o->p);
        for (size_t j = 0; j < m; j++) put(t, row, (int)j + 1, 1);
    }
    int wcol = 0;
    if (md == COV_SITE_PCENTER) wcol = add_col(lp, GLP_CV, 0, INFINITY, 1);
    int *caprow = NULL;
    if (cap) {
        caprow = cov_calloc_array(m + 1, sizeof *caprow);
        if (!caprow) {
            t->oom = true;
            return;
        }
        for (size_t j = 0; j < m; j++) {
            if (isinf(in->cap[j])) continue;
            caprow[j] = add_row(lp, GLP_UP, 0, 0);
            put(t, caprow[j], (int)j + 1, -in->cap[j]);
        }
    }
    for (size_t i = 0; i < n; i++) {
        double w = in->w[i];
        bool covmodel = md == COV_SITE_MCLP || md == COV_SITE_LSCP;
        if (covmodel) {
            if (solver_existing_covers(in, i, r)) {
                if (md == COV_SITE_MCLP) *offset += w;
                continue;
            }
            if (!reachable(in, i, r) || (md == COV_SITE_MCLP && w <= 0)) continue;
        }
        if (covmodel && !cap) {
            if (md == COV_SITE_MCLP) {
                int y = add_col(lp, GLP_CV, 0, 1, w);
                int row = add_row(lp, GLP_UP, 0, 0);
                put(t, row, y, 1);
                for (size_t e = in->dstart[i]; e < in->dstart[i + 1]; e++)
                    if (in->dcost[e] <= r) put(t, row, (int)in->dcand[e] + 1, -1);
            } else {
                int row = add_row(lp, GLP_LO, 1, 0);
                for (size_t e = in->dstart[i]; e < in->dstart[i + 1]; e++)
                    if (in->dcost[e] <= r) put(t, row, (int)in->dcand[e] + 1, 1);
            }
            continue;
        }
        /* assignment form: z_ij (and z_i0 to the existing facility for p-median/p-center) */
        int arow = md == COV_SITE_MCLP ? add_row(lp, GLP_UP, 0, 1) : add_row(lp, GLP_FX, 1, 1);
        int crow = 0;
        if (md == COV_SITE_PCENTER && w > 0) {
            crow = add_row(lp, GLP_UP, 0, 0);
            put(t, crow, wcol, -1);
        }
        if (!covmodel && isfinite(in->d0[i])) {
            int z0 = add_col(lp, GLP_CV, 0, 1, md == COV_SITE_PMEDIAN ? w * in->d0[i] : 0);
            put(t, arow, z0, 1);
            if (crow) put(t, crow, z0, in->d0[i]);
        }
        for (size_t e = in->dstart[i]; e < in->dstart[i + 1]; e++) {
            size_t j = in->dcand[e];
            double c = in->dcost[e];
            if (covmodel && c > r) continue;
            if (!covmodel && c >= in->d0[i]) continue; /* the existing site is as near */
            double obj = md == COV_SITE_MCLP ? w : md == COV_SITE_PMEDIAN ? w * c : 0;
            int z = add_col(lp, GLP_CV, 0, 1, obj);
            put(t, arow, z, 1);
            int link = add_row(lp, GLP_UP, 0, 0); /* z_ij <= x_j */
            put(t, link, z, 1);
            put(t, link, (int)j + 1, -1);
            if (crow) put(t, crow, z, c);
            if (cap && caprow[j]) put(t, caprow[j], z, w);
        }
    }
    free(caprow);
}

typedef struct cb {
    bool maximise;
    double bound;
} cb_t;

/* Keep the best bound of the open nodes, to report a gap when the time limit stops GLPK. */
static void callback(glp_tree *tree, void *info)
{
    cb_t *cb = info;
    int node = glp_ios_best_node(tree);
    if (node) cb->bound = glp_ios_node_bound(tree, node);
}

cov_status_t solver_glpk(cov_ctx_t *ctx, const cov_site_inst_t *in, const cov_site_opts_t *o,
                         bool lp_only, size_t *set, size_t *k, double *bound, bool *optimal,
                         double *objective)
{
    /* GLPK's terminal output switch is process-global (not per problem): turn it off for the
     * duration of the call and restore the caller's setting afterwards. */
    int term = glp_term_out(GLP_OFF);
    glp_prob *lp = glp_create_prob();
    trip_t t = {0};
    double offset;
    cov_status_t s = COV_OK;
    *optimal = false;
    build(in, o, lp, &t, &offset);
    if (t.oom) {
        s = cov_fail(ctx, COV_ERR_NOMEM, "out of memory building the siting MIP");
        goto done;
    }
    if (t.n) glp_load_matrix(lp, (int)t.n, t.ia, t.ja, t.ar);
    glp_smcp sm;
    glp_init_smcp(&sm);
    sm.msg_lev = GLP_MSG_OFF;
    sm.presolve = GLP_OFF;
    if (o->time_limit > 0) sm.tm_lim = (int)(o->time_limit * 1000);
    int rc = glp_simplex(lp, &sm);
    int st = glp_get_status(lp);
    if (rc != 0 || (st != GLP_OPT)) {
        if (st == GLP_NOFEAS || rc == GLP_ENOPFS) {
            s = cov_fail(ctx, COV_ERR_INPUT,
                         "%s: no feasible solution (capacities too small for the demand, or "
                         "demand no site can reach)",
                         cov_site_model_name(o->model));
        } else {
            s = cov_fail(ctx, COV_ERR_INTERNAL, "GLPK: the LP relaxation failed (code %d)", rc);
        }
        goto done;
    }
    double lpval = glp_get_obj_val(lp) + offset;
    *bound = lpval;
    if (lp_only) goto done;
    glp_iocp io;
    glp_init_iocp(&io);
    io.msg_lev = GLP_MSG_OFF;
    io.presolve = GLP_OFF; /* the LP relaxation above is the root */
    io.tm_lim = (int)((o->time_limit > 0 ? o->time_limit : 60) * 1000);
    cb_t cb = {o->model == COV_SITE_MCLP, lpval - offset};
    io.cb_func = callback;
    io.cb_info = &cb;
    rc = glp_intopt(lp, &io);
    int ms = glp_mip_status(lp);
    if (ms != GLP_OPT && ms != GLP_FEAS) {
        s = rc == GLP_ETMLIM
                ? cov_fail(ctx, COV_ERR_INPUT,
                           "%s: GLPK found no solution within the time limit (%g s); raise "
                           "--time-limit or drop --exact",
                           cov_site_model_name(o->model), o->time_limit > 0 ? o->time_limit : 60)
                : cov_fail(ctx, COV_ERR_INPUT,
                           "%s: no feasible solution (capacities too small for the demand?)",
                           cov_site_model_name(o->model));
        goto done;
    }
    *optimal = ms == GLP_OPT && rc == 0;
    double obj = glp_mip_obj_val(lp) + offset;
    if (objective) *objective = obj;
    if (*optimal)
        *bound = obj;
    else {
        double b = cb.bound + offset;
        *bound = cb.maximise ? (b < lpval ? b : lpval) : (b > lpval ? b : lpval);
        if (cb.maximise ? *bound < obj : *bound > obj) *bound = obj;
    }
    size_t c = 0;
    for (size_t j = 0; j < in->m; j++)
        if (glp_mip_col_val(lp, (int)j + 1) > 0.5) set[c++] = j;
    *k = c;
done:
    glp_delete_prob(lp);
    free(t.ia), free(t.ja), free(t.ar);
    glp_term_out(term);
    return s;
}
