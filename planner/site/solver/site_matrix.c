/* Reading a cost-matrix table through GDAL (CSV driver first) into a siting instance. */
#include <cpl_error.h>
#include <gdal.h>
#include <math.h>
#include <ogr_api.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "planner/site/solver/site_matrix.h"

/* Names numbered in order of first appearance, found through an open-addressing hash. */
typedef struct names {
    size_t n, cap, slots;
    char **name;
    size_t *slot; /* slots entries: index + 1, 0 empty */
} names_t;

static unsigned long long fnv(const char *s)
{
    unsigned long long h = 1469598103934665603ULL;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static void names_free(names_t *nm)
{
    for (size_t i = 0; i < nm->n; i++) free(nm->name[i]);
    free(nm->name);
    free(nm->slot);
    memset(nm, 0, sizeof *nm);
}

/* Index of s, or (size_t)-1 when absent. */
static size_t names_find(const names_t *nm, const char *s)
{
    if (!nm->slots) return (size_t)-1;
    for (size_t h = fnv(s) & (nm->slots - 1);; h = (h + 1) & (nm->slots - 1)) {
        if (!nm->slot[h]) return (size_t)-1;
        if (strcmp(nm->name[nm->slot[h] - 1], s) == 0) return nm->slot[h] - 1;
    }
}

static bool names_rehash(names_t *nm, size_t slots)
{
    size_t *sl = cov_calloc_array(slots, sizeof *sl);
    if (!sl) return false;
    for (size_t i = 0; i < nm->n; i++) {
        size_t h = fnv(nm->name[i]) & (slots - 1);
        while (sl[h]) h = (h + 1) & (slots - 1);
        sl[h] = i + 1;
    }
    free(nm->slot);
    nm->slot = sl;
    nm->slots = slots;
    return true;
}

/* Index of s, adding it when new; (size_t)-1 when out of memory. */
static size_t names_add(names_t *nm, const char *s)
{
    size_t i = names_find(nm, s);
    if (i != (size_t)-1) return i;
    if (2 * (nm->n + 1) > nm->slots && !names_rehash(nm, nm->slots ? nm->slots * 2 : 64))
        return (size_t)-1;
    if (nm->n == nm->cap) {
        size_t nc = nm->cap ? nm->cap * 2 : 64;
        char **a = cov_realloc_array(nm->name, nc, sizeof *a);
        if (!a) return (size_t)-1;
        nm->name = a;
        nm->cap = nc;
    }
    nm->name[nm->n] = cov_strdup(s);
    if (!nm->name[nm->n]) return (size_t)-1;
    size_t h = fnv(s) & (nm->slots - 1);
    while (nm->slot[h]) h = (h + 1) & (nm->slots - 1);
    nm->slot[h] = ++nm->n;
    return nm->n - 1;
}

struct cov_site_matrix {
    names_t cand, dem;
    cov_site_inst_t *inst;
};

typedef struct row {
    size_t o, d;
    double cost, w;
} row_t;

static GDALDatasetH open_table(cov_ctx_t *ctx, const char *path, OGRLayerH *lyr)
{
    static const char *const csv[] = {"CSV", NULL};
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, csv, NULL, NULL);
    if (!ds) ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    CPLPopErrorHandler();
    if (!ds) {
        cov_fail(ctx, COV_ERR_NOT_FOUND, "%s: cannot open the table (missing or not a table)",
                 path);
        return NULL;
    }
    *lyr = GDALDatasetGetLayer(ds, 0);
    if (!*lyr) {
        GDALClose(ds);
        cov_fail(ctx, COV_ERR_EMPTY, "%s: the file has no table", path);
        return NULL;
    }
    return ds;
}

/* The field named by want, else the first default present. */
static cov_status_t field(cov_ctx_t *ctx, const char *path, OGRLayerH lyr, const char *want,
                          const char *def1, const char *def2, const char *what, int *idx)
{
    OGRFeatureDefnH fd = OGR_L_GetLayerDefn(lyr);
    const char *names[] = {want, want ? NULL : def1, want ? NULL : def2};
    for (int k = 0; k < 3; k++) {
        if (!names[k]) continue;
        int i = OGR_FD_GetFieldIndex(fd, names[k]);
        if (i >= 0) {
            *idx = i;
            return COV_OK;
        }
    }
    return cov_fail(ctx, COV_ERR_NOT_FOUND, "%s: no %s column '%s'", path, what,
                    want ? want : def1);
}

static cov_status_t number(cov_ctx_t *ctx, const char *path, long long row, OGRFeatureH f, int idx,
                           const char *what, double *out)
{
    const char *t = OGR_F_IsFieldSetAndNotNull(f, idx) ? OGR_F_GetFieldAsString(f, idx) : "";
    char *end;
    double v = strtod(t, &end);
    while (*end == ' ') end++;
    if (!*t || *end || !isfinite(v) || v < 0)
        return cov_fail(ctx, COV_ERR_INPUT, "%s: row %lld: %s '%s' is not a number >= 0", path, row,
                        what, t);
    *out = v;
    return COV_OK;
}

static bool listed(const char *list, const char *name)
{
    size_t len = strlen(name);
    for (const char *p = list; p && *p;) {
        size_t l = strcspn(p, ",");
        if (l == len && strncmp(p, name, l) == 0) return true;
        p += l;
        if (*p == ',') p++;
    }
    return false;
}

/* Weights from a separate demand table keyed by name. */
static cov_status_t demand_weights(cov_ctx_t *ctx, const cov_site_matrix_opts_t *o,
                                   const names_t *dem, double *w)
{
    OGRLayerH lyr;
    GDALDatasetH ds = open_table(ctx, o->demand_path, &lyr);
    if (!ds) return COV_ERR_NOT_FOUND;
    int ki, wi;
    cov_status_t s =
        field(ctx, o->demand_path, lyr, o->demand_id_field, "NAME", "name", "demand id", &ki);
    if (!s)
        s = field(ctx, o->demand_path, lyr, o->demand_weight_field, "weight", "POP2000",
                  "demand weight", &wi);
    unsigned char *seen = calloc(dem->n + 1, 1);
    if (!s && !seen) s = COV_ERR_NOMEM;
    OGRFeatureH f;
    long long row = 0;
    while (!s && (f = OGR_L_GetNextFeature(lyr))) {
        row++;
        size_t i = names_find(dem, OGR_F_GetFieldAsString(f, ki));
        if (i != (size_t)-1) {
            s = number(ctx, o->demand_path, row, f, wi, "weight", &w[i]);
            seen[i] = 1;
        }
        OGR_F_Destroy(f);
    }
    for (size_t i = 0; !s && i < dem->n; i++)
        if (!seen[i])
            s = cov_fail(ctx, COV_ERR_INPUT, "%s: no weight for demand point '%s'", o->demand_path,
                         dem->name[i]);
    free(seen);
    GDALClose(ds);
    return s;
}

cov_status_t cov_site_matrix_read(cov_ctx_t *ctx, const cov_site_matrix_opts_t *o,
                                  cov_site_matrix_t **out)
{
    *out = NULL;
    OGRLayerH lyr;
    GDALDatasetH ds = open_table(ctx, o->path, &lyr);
    if (!ds) return COV_ERR_NOT_FOUND;
    cov_site_matrix_t *mx = calloc(1, sizeof *mx);
    names_t all = {0}; /* every origin, existing ones included */
    row_t *rows = NULL;
    size_t nrows = 0, caprows = 0;
    double *w = NULL;
    int ci, oi, di, wi = -1;
    cov_status_t s = mx ? COV_OK : COV_ERR_NOMEM;
    if (!s) s = field(ctx, o->path, lyr, o->cost_field, "cost", "distance", "cost", &ci);
    if (!s) s = field(ctx, o->path, lyr, o->origin_field, "origin", "name", "origin", &oi);
    if (!s)
        s = field(ctx, o->path, lyr, o->dest_field, "destination", "DestinationName", "destination",
                  &di);
    if (!s && o->weight_field)
        s = field(ctx, o->path, lyr, o->weight_field, NULL, NULL, "weight", &wi);
    OGRFeatureH f;
    long long row = 0;
    while (!s && (f = OGR_L_GetNextFeature(lyr))) {
        row++;
        if (nrows == caprows) {
            size_t nc = caprows ? caprows * 2 : 1024;
            row_t *r2 = cov_realloc_array(rows, nc, sizeof *r2);
            if (!r2)
                s = COV_ERR_NOMEM;
            else
                rows = r2, caprows = nc;
        }
        row_t *r = &rows[nrows];
        const char *on = OGR_F_GetFieldAsString(f, oi), *dn = OGR_F_GetFieldAsString(f, di);
        if (!s && (!*on || !*dn))
            s = cov_fail(ctx, COV_ERR_INPUT, "%s: row %lld: empty %s name", o->path, row,
                         !*on ? "origin" : "destination");
        if (!s) s = number(ctx, o->path, row, f, ci, "cost", &r->cost);
        r->w = 1;
        if (!s && wi >= 0) s = number(ctx, o->path, row, f, wi, "weight", &r->w);
        if (!s) {
            r->o = names_add(&all, on);
            r->d = names_add(&mx->dem, dn);
            if (r->o == (size_t)-1 || r->d == (size_t)-1) s = COV_ERR_NOMEM;
        }
        if (!s) nrows++;
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    if (!s && !nrows) s = cov_fail(ctx, COV_ERR_EMPTY, "%s: the cost table has no rows", o->path);
    /* candidates: origins not listed as existing, in order of appearance */
    size_t *cand_of = s ? NULL : cov_calloc_array(all.n + 1, sizeof *cand_of);
    if (!s && !cand_of) s = COV_ERR_NOMEM;
    for (size_t k = 0; !s && k < all.n; k++) {
        cand_of[k] = (size_t)-1;
        if (!listed(o->existing, all.name[k])) {
            cand_of[k] = names_add(&mx->cand, all.name[k]);
            if (cand_of[k] == (size_t)-1) s = COV_ERR_NOMEM;
        }
    }
    for (const char *p = o->existing; !s && p && *p;) {
        size_t l = strcspn(p, ",");
        bool found = false;
        for (size_t k = 0; k < all.n && !found; k++)
            found = strlen(all.name[k]) == l && strncmp(all.name[k], p, l) == 0;
        if (!found)
            s = cov_fail(ctx, COV_ERR_NOT_FOUND,
                         "%s: existing site '%.*s' is not an origin of "
                         "the cost table",
                         o->path, (int)l, p);
        p += l;
        if (*p == ',') p++;
    }
    if (!s) {
        w = cov_calloc_array(mx->dem.n + 1, sizeof *w);
        if (!w) s = COV_ERR_NOMEM;
        for (size_t i = 0; w && i < mx->dem.n; i++) w[i] = NAN;
    }
    for (size_t t = 0; !s && t < nrows; t++) {
        row_t *r = &rows[t];
        if (!isnan(w[r->d]) && w[r->d] != r->w && !o->demand_path)
            s = cov_fail(ctx, COV_ERR_INPUT,
                         "%s: row %zu: destination '%s' has weight %g here but %g in an earlier "
                         "row",
                         o->path, t + 1, mx->dem.name[r->d], r->w, w[r->d]);
        w[r->d] = r->w;
    }
    if (!s && o->demand_path) s = demand_weights(ctx, o, &mx->dem, w);
    if (!s) s = cov_site_inst_create(ctx, mx->dem.n, w, mx->cand.n, &mx->inst);
    for (size_t t = 0; !s && t < nrows; t++) {
        row_t *r = &rows[t];
        size_t j = cand_of[r->o];
        if (j != (size_t)-1)
            s = cov_site_inst_add(ctx, mx->inst, r->d, j, r->cost);
        else if (r->cost < cov_site_inst_existing(mx->inst, r->d))
            cov_site_inst_set_existing(mx->inst, r->d, r->cost);
    }
    for (size_t j = 0; !s && o->capacity > 0 && j < mx->cand.n; j++)
        cov_site_inst_set_capacity(mx->inst, j, o->capacity);
    if (s == COV_ERR_NOMEM) cov_fail(ctx, s, "%s: out of memory reading the cost table", o->path);
    free(rows);
    free(w);
    free(cand_of);
    names_free(&all);
    if (s) {
        cov_site_matrix_destroy(mx);
        return s;
    }
    *out = mx;
    return COV_OK;
}

void cov_site_matrix_destroy(cov_site_matrix_t *mx)
{
    if (!mx) return;
    names_free(&mx->cand);
    names_free(&mx->dem);
    cov_site_inst_destroy(mx->inst);
    free(mx);
}

cov_site_inst_t *cov_site_matrix_inst(cov_site_matrix_t *mx) { return mx->inst; }

const char *cov_site_matrix_cand_name(const cov_site_matrix_t *mx, size_t j)
{
    return j < mx->cand.n ? mx->cand.name[j] : NULL;
}

const char *cov_site_matrix_demand_name(const cov_site_matrix_t *mx, size_t i)
{
    return i < mx->dem.n ? mx->dem.name[i] : NULL;
}
