/*
 * The declarative reference-case runner (in the way PROJ's gie reads .gie files): each
 * .cases file in tests/reference states external reference cases as data — inputs, expected
 * values and tolerances — and this program runs them against libcovplan. The format is
 * described in tests/reference/README.md. Usage: run_cases FILE.cases (exit 0 when every
 * expectation holds; the last line says "N passed, M failed").
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "geo/ctx.h"
#include "geo/gcj02.h"
#include "geo/kdtree.h"
#include "planner/access/measure/access.h"
#include "planner/site/solver/site_matrix.h"

#define MAXPTS 4096
#define MAXWORDS 16

typedef struct point_set {
    size_t n;
    long long id[MAXPTS];
    double x[MAXPTS], y[MAXPTS], v[MAXPTS];
} point_set_t;

typedef struct cost_list {
    size_t n, cap;
    size_t *o, *d;
    double *c;
} cost_list_t;

/* The state of the case being read: reset by `case`. */
typedef struct state {
    char title[256];
    char operation[32];
    double tol;
    char tol_unit[8];
    /* coordinates */
    char table[4096];
    char accept[2][64], expect_cols[2][64];
    /* access */
    char method[16], weights[128];
    double threshold;
    point_set_t supply, demand;
    cost_list_t costs;
    /* nearest: points of a GDAL layer (id field `id`) and the nearest target, in a CRS */
    char layer_path[4096], layer_name[128], target_path[4096], target_name[128];
    char target_filter[512], crs[64];
    /* site */
    cov_site_matrix_t *matrix;
    cov_site_opts_t site;
    bool solved;
    cov_site_result_t result;
} state_t;

static cov_ctx_t *ctx;
static const char *file;
static int line_no;
static int passed, failed;

static void fail(const state_t *st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(const state_t *st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "FAIL %s:%d [%s]: ", file, line_no, st->title);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    failed++;
}

static void check_num(const state_t *st, const char *what, double got, double want)
{
    bool ok;
    if (isnan(want))
        ok = isnan(got);
    else if (strcmp(st->tol_unit, "rel") == 0)
        ok = fabs(got - want) <= st->tol * fabs(want);
    else if (strcmp(st->tol_unit, "cut") == 0) /* the reference truncated to tol */
        ok = got >= want && got < want + st->tol;
    else
        ok = fabs(got - want) <= st->tol;
    if (ok)
        passed++;
    else
        fail(st, "%s = %.17g, expected %.17g (tolerance %g %s)", what, got, want, st->tol,
             st->tol_unit);
}

/* ${NAME} from the environment. */
static void expand(const char *in, char *out, size_t n)
{
    size_t k = 0;
    while (*in && k + 1 < n) {
        const char *end;
        if (in[0] == '$' && in[1] == '{' && (end = strchr(in, '}'))) {
            char name[128];
            snprintf(name, sizeof name, "%.*s", (int)(end - in - 2), in + 2);
            const char *v = getenv(name);
            k += (size_t)snprintf(out + k, n - k, "%s", v ? v : "");
            in = end + 1;
        } else {
            out[k++] = *in++;
        }
    }
    out[k < n ? k : n - 1] = 0;
}

static int split(char *s, char **w)
{
    int n = 0;
    for (char *t = strtok(s, " \t\r\n"); t && n < MAXWORDS; t = strtok(NULL, " \t\r\n")) w[n++] = t;
    return n;
}

static double num(const char *s)
{
    if (strcmp(s, "nan") == 0) return NAN;
    if (strcmp(s, "inf") == 0 || strcmp(s, "none") == 0) return INFINITY;
    return strtod(s, NULL);
}

static void reset(state_t *st)
{
    cov_site_matrix_destroy(st->matrix);
    if (st->solved) cov_site_result_free(&st->result);
    free(st->costs.o), free(st->costs.d), free(st->costs.c);
    memset(st, 0, sizeof *st);
    st->threshold = INFINITY;
    snprintf(st->tol_unit, sizeof st->tol_unit, "abs");
}

/* ---- coordinates: every row of a CSV table ---- */

static void haversine_m(double lon1, double lat1, double lon2, double lat2, double *m)
{
    const double r = 6371008.8, rad = M_PI / 180;
    double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
    double a = sin(dlat / 2) * sin(dlat / 2) +
               cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
    *m = 2 * r * asin(sqrt(a));
}

static int col_index(char **head, int nh, const char *name)
{
    for (int i = 0; i < nh; i++)
        if (strcmp(head[i], name) == 0) return i;
    return -1;
}

/* Split a simple CSV line (the reference tables quote nothing). */
static int split_csv(char *s, char **w, int max)
{
    int n = 0;
    char *p = s;
    while (n < max) {
        w[n++] = p;
        char *c = strchr(p, ',');
        if (!c) break;
        *c = 0;
        p = c + 1;
    }
    char *e = w[n - 1] + strlen(w[n - 1]);
    while (e > w[n - 1] && (e[-1] == '\n' || e[-1] == '\r')) *--e = 0;
    return n;
}

static void run_coords(state_t *st)
{
    FILE *f = fopen(st->table, "r");
    if (!f) {
        fail(st, "cannot open the table %s", st->table);
        return;
    }
    char buf[4096], hbuf[4096];
    char *head[32], *cells[32];
    int nh = fgets(hbuf, sizeof hbuf, f) ? split_csv(hbuf, head, 32) : 0;
    int ia[2], ie[2];
    for (int k = 0; k < 2; k++) {
        ia[k] = col_index(head, nh, st->accept[k]);
        ie[k] = col_index(head, nh, st->expect_cols[k]);
    }
    if (ia[0] < 0 || ia[1] < 0 || ie[0] < 0 || ie[1] < 0) {
        fail(st, "%s: a column named by accept/expect is missing", st->table);
        fclose(f);
        return;
    }
    size_t rows = 0;
    while (fgets(buf, sizeof buf, f)) {
        int nc = split_csv(buf, cells, 32);
        if (nc < nh) continue;
        double x = strtod(cells[ia[0]], NULL), y = strtod(cells[ia[1]], NULL);
        double wx = strtod(cells[ie[0]], NULL), wy = strtod(cells[ie[1]], NULL), gx, gy;
        const char *op = st->operation;
        if (strcmp(op, "wgs84_to_gcj02") == 0)
            cov_wgs84_to_gcj02(x, y, &gx, &gy);
        else if (strcmp(op, "gcj02_to_wgs84") == 0)
            cov_gcj02_to_wgs84(x, y, &gx, &gy);
        else if (strcmp(op, "wgs84_to_bd09") == 0)
            cov_wgs84_to_bd09(x, y, &gx, &gy);
        else if (strcmp(op, "bd09_to_wgs84") == 0)
            cov_bd09_to_wgs84(x, y, &gx, &gy);
        else if (strcmp(op, "gcj02_to_bd09") == 0)
            cov_gcj02_to_bd09(x, y, &gx, &gy);
        else if (strcmp(op, "bd09_to_gcj02") == 0)
            cov_bd09_to_gcj02(x, y, &gx, &gy);
        else if (strcmp(op, "in_china") == 0) { /* every reference point is inside the rule */
            gx = cov_gcj02_in_china(x, y) ? wx : NAN;
            gy = wy;
        } else {
            fail(st, "unknown operation %s", op);
            break;
        }
        char what[160];
        snprintf(what, sizeof what, "row %zu (%s) %s", rows + 1, cells[0], op);
        if (strcmp(st->tol_unit, "m") == 0) {
            double d;
            haversine_m(gx, gy, wx, wy, &d);
            check_num(st, what, d, 0); /* metres between ours and the reference */
        } else {
            check_num(st, what, gx, wx);
            check_num(st, what, gy, wy);
        }
        rows++;
    }
    fclose(f);
    if (!rows) fail(st, "%s: no rows", st->table);
}

/* ---- accessibility on points and costs ---- */

static void add_grid(point_set_t *p, int n, double value, char **pick, int npick)
{
    for (int i = 0; i < n * n; i++) {
        bool take = npick == 0;
        for (int k = 0; k < npick && !take; k++) take = atoi(pick[k]) == i;
        if (!take || p->n >= MAXPTS) continue;
        p->id[p->n] = i + 1; /* the reference numbers grid points 5x + y + 1 */
        p->x[p->n] = i / n;
        p->y[p->n] = i % n;
        p->v[p->n++] = value;
    }
}

static size_t find_id(const point_set_t *p, long long id)
{
    for (size_t i = 0; i < p->n; i++)
        if (p->id[i] == id) return i;
    return (size_t)-1;
}

static bool run_access(state_t *st, cov_access_result_t *r)
{
    cov_access_params_t p = {0};
    if (!cov_access_method_parse(st->method, &p.method)) {
        fail(st, "unknown method %s", st->method);
        return false;
    }
    if (st->weights[0] && cov_access_weight_parse(ctx, st->weights, &p.weight)) {
        fail(st, "weights %s: %s", st->weights, cov_ctx_errmsg(ctx));
        return false;
    }
    cov_access_pairs_t *ds = NULL, *dd = NULL;
    point_set_t *s = &st->supply, *d = &st->demand;
    cov_status_t rc =
        st->costs.n
            ? cov_access_pairs_list(ctx, d->n, s->n, st->costs.n, st->costs.o, st->costs.d,
                                    st->costs.c, st->threshold, &ds)
            : cov_access_pairs_planar(ctx, d->x, d->y, d->n, s->x, s->y, s->n, st->threshold, &ds);
    if (!rc && p.method == COV_ACCESS_FCA)
        rc = cov_access_pairs_planar(ctx, d->x, d->y, d->n, d->x, d->y, d->n, st->threshold, &dd);
    if (!rc) rc = cov_access_compute(ctx, &p, d->v, d->n, s->v, s->n, ds, dd, r);
    cov_access_pairs_destroy(ds);
    cov_access_pairs_destroy(dd);
    if (rc) fail(st, "access: %s", cov_ctx_errmsg(ctx));
    return !rc;
}

static void expect_access(state_t *st, char **w, int n)
{
    cov_access_result_t r;
    if (!run_access(st, &r)) return;
    if (n >= 3 && strcmp(w[1], "all") == 0) {
        for (size_t i = 0; i < st->demand.n; i++) {
            char what[64];
            snprintf(what, sizeof what, "demand id %lld", st->demand.id[i]);
            check_num(st, what, r.value[i], num(w[2]));
        }
    } else if (n >= 4 && strcmp(w[1], "id") == 0) {
        size_t i = find_id(&st->demand, atoll(w[2]));
        if (i == (size_t)-1)
            fail(st, "no demand id %s", w[2]);
        else {
            char what[64];
            snprintf(what, sizeof what, "demand id %s", w[2]);
            check_num(st, what, r.value[i], num(w[3]));
        }
    } else {
        fail(st, "expect all VALUE | expect id ID VALUE");
    }
    cov_access_result_free(&r);
}

/* ---- nearest neighbour between two GDAL point layers, in a projected CRS ---- */

/* Read the points of a layer (optionally filtered) into p, transformed to crs; ids from the
 * field `id` are kept in names (malloc'd, the caller frees them). */
static bool read_points(state_t *st, const char *path, const char *name, const char *filter,
                        double **x, double **y, char ***ids, size_t *n)
{
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    OGRLayerH l = ds ? GDALDatasetGetLayerByName(ds, name) : NULL;
    if (!l) {
        fail(st, "cannot open layer %s of %s", name, path);
        if (ds) GDALClose(ds);
        return false;
    }
    if (filter && *filter) OGR_L_SetAttributeFilter(l, filter);
    OGRSpatialReferenceH to = OSRNewSpatialReference(NULL);
    OSRSetFromUserInput(to, st->crs);
    OSRSetAxisMappingStrategy(to, OAMS_TRADITIONAL_GIS_ORDER);
    OGRSpatialReferenceH from = OSRClone(OGR_L_GetSpatialRef(l));
    OSRSetAxisMappingStrategy(from, OAMS_TRADITIONAL_GIS_ORDER);
    OGRCoordinateTransformationH ct = OCTNewCoordinateTransformation(from, to);
    size_t cap = (size_t)OGR_L_GetFeatureCount(l, 1) + 1;
    *x = calloc(cap, sizeof **x), *y = calloc(cap, sizeof **y), *ids = calloc(cap, sizeof **ids);
    *n = 0;
    OGRFeatureH f;
    int fid = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(l), "id");
    OGR_L_ResetReading(l);
    while ((f = OGR_L_GetNextFeature(l)) && *n < cap) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        double px = OGR_G_GetX(g, 0), py = OGR_G_GetY(g, 0);
        OCTTransform(ct, 1, &px, &py, NULL);
        (*x)[*n] = px, (*y)[*n] = py;
        (*ids)[*n] = strdup(OGR_F_GetFieldAsString(f, fid));
        (*n)++;
        OGR_F_Destroy(f);
    }
    OCTDestroyCoordinateTransformation(ct);
    OSRDestroySpatialReference(from);
    OSRDestroySpatialReference(to);
    GDALClose(ds);
    return true;
}

static void free_ids(char **ids, size_t n)
{
    for (size_t i = 0; i < n; i++) free(ids[i]);
    free(ids);
}

static void expect_nearest(state_t *st, char **w, int n)
{
    if (n < 4 || strcmp(w[1], "id") != 0) {
        fail(st, "expect id ID DISTANCE");
        return;
    }
    double *sx, *sy, *tx, *ty;
    char **sid, **tid;
    size_t ns, nt;
    if (!read_points(st, st->layer_path, st->layer_name, NULL, &sx, &sy, &sid, &ns)) return;
    if (!read_points(st, st->target_path, st->target_name, st->target_filter, &tx, &ty, &tid,
                     &nt)) {
        free(sx), free(sy), free_ids(sid, ns);
        return;
    }
    cov_kdtree_t *t = NULL;
    size_t i = 0;
    while (i < ns && strcmp(sid[i], w[2]) != 0) i++;
    if (i == ns)
        fail(st, "no point with id %s", w[2]);
    else if (cov_kdtree_build(tx, ty, nt, &t))
        fail(st, "kd-tree");
    else {
        size_t j;
        double d;
        cov_kdtree_nearest(t, sx[i], sy[i], &j, &d);
        char what[160];
        snprintf(what, sizeof what, "%s -> nearest (%s)", w[2], tid[j]);
        check_num(st, what, d, num(w[3]));
    }
    cov_kdtree_destroy(t);
    free(sx), free(sy), free_ids(sid, ns);
    free(tx), free(ty), free_ids(tid, nt);
}

/* ---- siting on a cost matrix ---- */

static bool solve(state_t *st)
{
    if (st->solved) return true;
    if (!st->matrix) {
        fail(st, "no matrix");
        return false;
    }
    if (cov_site_solve(ctx, cov_site_matrix_inst(st->matrix), &st->site, &st->result)) {
        fail(st, "solve: %s", cov_ctx_errmsg(ctx));
        return false;
    }
    st->solved = true;
    return true;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

static void expect_site(state_t *st, char **w, int n)
{
    if (n >= 3 && strcmp(w[1], "error") == 0) { /* the solve must be refused, message quoted */
        cov_site_result_t r;
        cov_status_t rc = cov_site_solve(ctx, cov_site_matrix_inst(st->matrix), &st->site, &r);
        if (!rc) {
            cov_site_result_free(&r);
            fail(st, "solve succeeded; expected a refusal");
            return;
        }
        char want[512] = "";
        for (int k = 2; k < n; k++)
            snprintf(want + strlen(want), sizeof want - strlen(want), "%s%s", k > 2 ? " " : "",
                     w[k]);
        if (strstr(cov_ctx_errmsg(ctx), want))
            passed++;
        else
            fail(st, "refusal '%s' does not say '%s'", cov_ctx_errmsg(ctx), want);
        return;
    }
    if (!solve(st)) return;
    const cov_site_result_t *r = &st->result;
    if (n >= 3 && strcmp(w[1], "chosen") == 0) {
        size_t idx[256], k = r->nchosen < 256 ? r->nchosen : 256;
        memcpy(idx, r->chosen, k * sizeof *idx);
        qsort(idx, k, sizeof *idx, cmp_size);
        char got[2048] = "";
        for (size_t t = 0; t < k; t++)
            snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", t ? "," : "",
                     cov_site_matrix_cand_name(st->matrix, idx[t]));
        if (strcmp(got, w[2]) == 0)
            passed++;
        else
            fail(st, "chosen %s, expected %s", got, w[2]);
        return;
    }
    if (n < 3) {
        fail(st, "expect WHAT VALUE");
        return;
    }
    double want = num(w[2]);
    const char *what = w[1];
    if (strcmp(what, "objective") == 0)
        check_num(st, what, r->objective, want);
    else if (strcmp(what, "covered") == 0)
        check_num(st, what, r->covered_after, want);
    else if (strcmp(what, "ncovered") == 0)
        check_num(st, what, (double)r->ncovered_after, want);
    else if (strcmp(what, "nchosen") == 0)
        check_num(st, what, (double)r->nchosen, want);
    else if (strcmp(what, "mean") == 0)
        check_num(st, what, r->mean_after, want);
    else if (strcmp(what, "total_weight") == 0)
        check_num(st, what, r->total_weight, want);
    else if (strcmp(what, "bound") == 0)
        check_num(st, what, r->bound, want);
    else if (strcmp(what, "optimal") == 0)
        check_num(st, what, r->optimal ? 1 : 0, strcmp(w[2], "yes") == 0 ? 1 : 0);
    else
        fail(st, "unknown siting figure %s", what);
}

static void directive(state_t *st, char **w, int n)
{
    const char *d = w[0];
    if (strcmp(d, "operation") == 0 && n >= 2) {
        snprintf(st->operation, sizeof st->operation, "%s", w[1]);
    } else if (strcmp(d, "tolerance") == 0 && n >= 2) {
        st->tol = num(w[1]);
        snprintf(st->tol_unit, sizeof st->tol_unit, "%s", n >= 3 ? w[2] : "abs");
    } else if (strcmp(d, "table") == 0 && n >= 2) {
        expand(w[1], st->table, sizeof st->table);
    } else if (strcmp(d, "accept") == 0 && n >= 3) {
        snprintf(st->accept[0], 64, "%s", w[1]);
        snprintf(st->accept[1], 64, "%s", w[2]);
    } else if (strcmp(d, "method") == 0 && n >= 2) {
        snprintf(st->method, sizeof st->method, "%s", w[1]);
    } else if (strcmp(d, "weights") == 0 && n >= 2) {
        snprintf(st->weights, sizeof st->weights, "%s", strcmp(w[1], "none") ? w[1] : "");
    } else if (strcmp(d, "threshold") == 0 && n >= 2) {
        st->threshold = num(w[1]);
    } else if ((strcmp(d, "supply") == 0 || strcmp(d, "demand") == 0) && n >= 2) {
        point_set_t *p = d[0] == 's' ? &st->supply : &st->demand;
        if (strcmp(w[1], "grid") == 0 && n >= 4)
            add_grid(p, atoi(w[2]), num(w[3]), w + 4, n - 4);
        else if (strcmp(w[1], "point") == 0 && n >= 6 && p->n < MAXPTS) {
            p->id[p->n] = atoll(w[2]);
            p->x[p->n] = num(w[3]);
            p->y[p->n] = num(w[4]);
            p->v[p->n++] = num(w[5]);
        } else
            fail(st, "%s grid N VALUE [INDEX...] | %s point ID X Y VALUE", d, d);
    } else if (strcmp(d, "cost") == 0 && n >= 4) {
        cost_list_t *c = &st->costs;
        if (c->n == c->cap) {
            c->cap = c->cap ? 2 * c->cap : 16;
            c->o = realloc(c->o, c->cap * sizeof *c->o);
            c->d = realloc(c->d, c->cap * sizeof *c->d);
            c->c = realloc(c->c, c->cap * sizeof *c->c);
        }
        c->o[c->n] = find_id(&st->demand, atoll(w[1]));
        c->d[c->n] = find_id(&st->supply, atoll(w[2]));
        c->c[c->n++] = num(w[3]);
    } else if (strcmp(d, "matrix") == 0 && n >= 2) {
        char path[4096], *kv[4] = {NULL, NULL, NULL, NULL};
        expand(w[1], path, sizeof path);
        static const char *const keys[4] = {"cost=", "origin=", "dest=", "weight="};
        for (int k = 2; k < n; k++)
            for (int j = 0; j < 4; j++)
                if (strncmp(w[k], keys[j], strlen(keys[j])) == 0) kv[j] = w[k] + strlen(keys[j]);
        cov_site_matrix_opts_t mo = {.path = path,
                                     .cost_field = kv[0],
                                     .origin_field = kv[1],
                                     .dest_field = kv[2],
                                     .weight_field = kv[3]};
        if (cov_site_matrix_read(ctx, &mo, &st->matrix))
            fail(st, "matrix: %s", cov_ctx_errmsg(ctx));
    } else if (strcmp(d, "layer") == 0 && n >= 3) {
        expand(w[1], st->layer_path, sizeof st->layer_path);
        snprintf(st->layer_name, sizeof st->layer_name, "%s", w[2]);
    } else if (strcmp(d, "targets") == 0 && n >= 3) {
        expand(w[1], st->target_path, sizeof st->target_path);
        snprintf(st->target_name, sizeof st->target_name, "%s", w[2]);
        st->target_filter[0] = 0;
        for (int k = 3; k < n; k++)
            snprintf(st->target_filter + strlen(st->target_filter),
                     sizeof st->target_filter - strlen(st->target_filter), "%s%s", k > 3 ? " " : "",
                     w[k]);
    } else if (strcmp(d, "crs") == 0 && n >= 2) {
        snprintf(st->crs, sizeof st->crs, "%s", w[1]);
    } else if (strcmp(d, "model") == 0 && n >= 2) {
        if (!cov_site_model_parse(w[1], &st->site.model)) fail(st, "unknown model %s", w[1]);
    } else if (strcmp(d, "p") == 0 && n >= 2) {
        st->site.p = (size_t)atol(w[1]);
    } else if (strcmp(d, "radius") == 0 && n >= 2) {
        st->site.radius = num(w[1]);
    } else if (strcmp(d, "solver") == 0 && n >= 2) {
        st->site.method = strcmp(w[1], "exact") == 0       ? COV_SITE_EXACT
                          : strcmp(w[1], "heuristic") == 0 ? COV_SITE_HEURISTIC
                                                           : COV_SITE_AUTO;
    } else if (strcmp(d, "expect") == 0 && n >= 2) {
        if (strcmp(st->operation, "access") == 0)
            expect_access(st, w, n);
        else if (strcmp(st->operation, "site") == 0)
            expect_site(st, w, n);
        else if (strcmp(st->operation, "nearest") == 0)
            expect_nearest(st, w, n);
        else if (n >= 3) {
            snprintf(st->expect_cols[0], 64, "%s", w[1]);
            snprintf(st->expect_cols[1], 64, "%s", w[2]);
            run_coords(st);
        } else
            fail(st, "expect COLUMN COLUMN");
    } else {
        fail(st, "unknown or incomplete directive '%s'", d);
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: run_cases FILE.cases\n");
        return 2;
    }
    file = argv[1];
    FILE *f = fopen(file, "r");
    if (!f || cov_ctx_create(&ctx)) {
        fprintf(stderr, "run_cases: cannot open %s\n", file);
        return 2;
    }
    GDALAllRegister(); /* the cost matrices are read through GDAL's CSV driver */
    state_t *st = calloc(1, sizeof *st);
    reset(st);
    char line[4096];
    int cases = 0;
    while (fgets(line, sizeof line, f)) {
        line_no++;
        char *hash = strchr(line, '#');
        if (hash) *hash = 0;
        char *p = line;
        while (isspace((unsigned char)*p)) p++;
        if (!*p || strncmp(p, "---", 3) == 0) continue;
        if (strncmp(p, "case", 4) == 0 && isspace((unsigned char)p[4])) {
            reset(st);
            char *t = p + 5;
            t[strcspn(t, "\r\n")] = 0;
            snprintf(st->title, sizeof st->title, "%s", t);
            cases++;
            continue;
        }
        char *w[MAXWORDS];
        int n = split(p, w);
        if (n) directive(st, w, n);
    }
    fclose(f);
    reset(st);
    free(st);
    cov_ctx_destroy(ctx);
    GDALDestroyDriverManager();
    if (!cases) {
        fprintf(stderr, "FAIL %s: no cases\n", file);
        failed++;
    }
    printf("%s: %d cases\n%d passed, %d failed\n", file, cases, passed, failed);
    return failed ? 1 : 0;
}
