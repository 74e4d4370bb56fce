/* Export at an administrative level: the run's area rows rolled up to the units of a level
 * (cov_area_rollup). Counts, capacities and elderly are summed; shares are recomputed from the
 * summed counts (sites by class, covered demand weight), and the distance percentiles from the
 * units' sites' nearest distances — never averaged. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "planner/analyze/analyze.h"
#include "planner/core/layers.h"
#include "planner/core/levels.h"
#include "planner/core/query.h"
#include "planner/results/export_private.h"

static json_t *num_or_null(double v, bool round_mm)
{
    return isnan(v) ? json_null() : json_real(round_mm ? results_round_mm(v) : v);
}

/* Add the known value v to *sum (NaN until a value is known). */
static void add_known(double *sum, json_t *v)
{
    if (!json_is_number(v)) return;
    *sum = (isnan(*sum) ? 0 : *sum) + json_number_value(v);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

cov_status_t results_export_rollup(cov_ctx_t *ctx, cov_store_t *store, long long run_id,
                                   const char *level, json_t *radii, json_t *classes, json_t **rows,
                                   OGRGeometryH **geoms, size_t *ng)
{
    cov_level_t lv = COV_LEVEL_NONE;
    cov_rollup_group_t *g = NULL;
    size_t n = 0, na = 0;
    cov_area_t *areas = NULL;
    cov_status_t s = cov_area_rollup_named(ctx, store, level, &g, &n);
    if (!s) cov_level_parse(level, &lv);
    if (!s) s = cov_areas_load(ctx, store, true, &areas, &na);
    size_t nr = json_array_size(radii), nc = json_array_size(classes);
    json_t *in = *rows, *by_code = json_object(), *total = NULL;
    size_t i;
    json_t *r;
    json_array_foreach(in, i, r)
    {
        if (strcmp(json_string_value(json_array_get(r, 0)), "total") == 0)
            total = r;
        else if (json_is_string(json_array_get(r, 1)))
            json_object_set(by_code, json_string_value(json_array_get(r, 1)), r);
    }
    /* Each area's unit, for the site and demand rows. */
    size_t *unit = cov_calloc_array(na + 1, sizeof *unit);
    if (!s && !unit) s = cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
    for (size_t a = 0; !s && a < na; a++) unit[a] = (size_t)-1;
    for (size_t k = 0; !s && k < n; k++)
        for (size_t m = 0; m < g[k].nareas; m++) {
            size_t at = cov_areas_find(areas, na, g[k].area_ids[m]);
            if (at != (size_t)-1) unit[at] = k;
        }
    /* Nearest distances per unit (sorted), and demand weight per unit and class. */
    double **dist = cov_calloc_array(n + 1, sizeof *dist);
    size_t *ndist = cov_calloc_array(n + 1, sizeof *ndist),
           *cap = cov_calloc_array(n + 1, sizeof *cap);
    double *dw = cov_calloc_array((n + 1) * (nr + 2), sizeof *dw);
    bool demand = false;
    if (!s && (!dist || !ndist || !cap || !dw)) s = cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
    cov_query_t *q = NULL;
    if (!s) s = cov_query_open(ctx, store, COV_Q_ROLLUP_SITES, &q);
    if (!s) cov_query_bind_int(q, 1, run_id);
    while (!s && cov_query_row(q, &s)) {
        size_t at = cov_areas_find(areas, na, cov_query_int(q, 0));
        size_t k = at == (size_t)-1 ? (size_t)-1 : unit[at];
        if (k == (size_t)-1) continue;
        if (ndist[k] == cap[k]) {
            size_t c2 = cap[k] ? 2 * cap[k] : 16;
            double *p = cov_realloc_array(dist[k], c2, sizeof *p);
            if (!p) {
                s = cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
                break;
            }
            dist[k] = p, cap[k] = c2;
        }
        dist[k][ndist[k]++] = cov_query_num(q, 1);
    }
    cov_query_close(q);
    q = NULL;
    if (!s) s = cov_query_open(ctx, store, COV_Q_ROLLUP_DEMAND, &q);
    if (!s) cov_query_bind_int(q, 1, run_id);
    while (!s && cov_query_row(q, &s)) {
        demand = true;
        static const int numeric[] = {0, 1, 2};
        char row[48];
        snprintf(row, sizeof row, "demand point %lld", cov_query_int(q, 3));
        if ((s = cov_query_check_numbers(q, numeric, 3, row))) break;
        size_t at = cov_areas_find(areas, na, cov_query_int(q, 0));
        size_t k = at == (size_t)-1 ? (size_t)-1 : unit[at];
        if (k == (size_t)-1) continue;
        double w = cov_query_num(q, 1);
        long long rank = cov_query_int(q, 2); /* 1-based class */
        dw[k * (nr + 2) + nr + 1] += w;       /* all the unit's demand */
        for (size_t j = 0; j < nr; j++)
            if (rank >= 1 && (size_t)rank <= j + 1) dw[k * (nr + 2) + j] += w;
    }
    cov_query_close(q);
    json_t *out = json_array();
    OGRGeometryH *gout = cov_calloc_array(n + 2, sizeof *gout);
    if (!s && !gout) s = cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
    for (size_t k = 0; !s && k < n; k++) {
        double pop = NAN, eld = NAN, capsum = NAN;
        long long ncl = 0, nsite = 0, capknown = 0, nuns = 0, unpart = 0;
        bool unpart_known = true;
        json_t *kinds = json_object(), *counts = json_object(), *uns = json_array();
        double within[64];
        bool within_known[64] = {false};
        for (size_t j = 0; j < nr && j < 64; j++) within[j] = 0;
        OGRGeometryH shape = OGR_G_CreateGeometry(wkbMultiPolygon);
        for (size_t m = 0; m < g[k].nareas; m++) {
            size_t at = cov_areas_find(areas, na, g[k].area_ids[m]);
            if (at == (size_t)-1) continue;
            json_t *a = json_object_get(by_code, areas[at].code);
            if (!a) continue;
            add_known(&pop, json_array_get(a, 3));
            add_known(&eld, json_array_get(a, 4));
            ncl += json_integer_value(json_array_get(a, 5));
            nsite += json_integer_value(json_array_get(a, 6));
            const char *key;
            json_t *v;
            json_object_foreach(json_array_get(a, 7), key, v)
            {
                json_int_t before = json_integer_value(json_object_get(kinds, key));
                json_object_set_new(kinds, key, json_integer(before + json_integer_value(v)));
            }
            add_known(&capsum, json_array_get(a, 8));
            capknown += json_integer_value(json_array_get(a, 9));
            json_object_foreach(json_array_get(a, 11), key, v)
            {
                json_int_t before = json_integer_value(json_object_get(counts, key));
                json_object_set_new(counts, key, json_integer(before + json_integer_value(v)));
            }
            for (size_t j = 0; j < nr && j < 64; j++) {
                json_t *w = json_array_get(json_array_get(a, 15), j);
                if (json_is_number(w)) within[j] += json_number_value(w), within_known[j] = true;
            }
            nuns += json_integer_value(json_array_get(a, 19));
            json_array_extend(uns, json_array_get(a, 20));
            if (json_is_integer(json_array_get(a, 21)))
                unpart += json_integer_value(json_array_get(a, 21));
            else
                unpart_known = false;
            if (areas[at].geom)
                for (int p = 0; p < OGR_G_GetGeometryCount(areas[at].geom); p++)
                    OGR_G_AddGeometry(shape, OGR_G_GetGeometryRef(areas[at].geom, p));
        }
        /* class counts in the run's class order, shares of the unit's sites */
        json_t *ordered = json_object(), *shares = json_object();
        for (size_t j = 0; j < nc; j++) {
            const char *cls = json_string_value(json_array_get(classes, j));
            json_int_t c = json_integer_value(json_object_get(counts, cls));
            json_object_set_new(ordered, cls, json_integer(c));
            json_object_set_new(shares, cls,
                                nsite ? json_real(results_round_share((double)c / (double)nsite))
                                      : json_null());
        }
        json_decref(counts);
        json_t *esh = json_array(), *ew = json_array();
        for (size_t j = 0; j < nr; j++) {
            double wv = NAN, sh = NAN;
            if (demand) { /* covered demand weight over the unit's demand, from the points */
                double all = dw[k * (nr + 2) + nr + 1];
                wv = all > 0 ? dw[k * (nr + 2) + j] : NAN;
                sh = all > 0 ? dw[k * (nr + 2) + j] / all : NAN;
            } else if (j < 64 && within_known[j]) {
                wv = within[j];
                sh = eld > 0 ? within[j] / eld : NAN;
            }
            json_array_append_new(esh,
                                  isnan(sh) ? json_null() : json_real(results_round_share(sh)));
            json_array_append_new(ew, num_or_null(wv, true));
        }
        double *d = dist[k];
        size_t nd = ndist[k];
        if (nd) qsort(d, nd, sizeof *d, cmp_double);
        double med = cov_percentile_nearest_rank(d, nd, 50),
               p90 = cov_percentile_nearest_rank(d, nd, 90), mx = nd ? d[nd - 1] : NAN;
        bool cap_ok = capknown == nsite && eld > 0 && !isnan(capsum);
        json_t *row = json_pack(
            "[ssoooIIooIoooooooooIoo]", cov_level_name(lv), g[k].code,
            g[k].name ? json_string(g[k].name) : json_null(), num_or_null(pop, true),
            num_or_null(eld, true), (json_int_t)ncl, (json_int_t)nsite, kinds,
            num_or_null(capknown ? capsum : NAN, true), (json_int_t)capknown,
            num_or_null(cap_ok ? capsum / eld * 1000.0 : NAN, true), ordered, shares,
            json_string(json_string_value(json_array_get(total, 13))
                            ? json_string_value(json_array_get(total, 13))
                            : ""),
            esh, ew, num_or_null(med, true), num_or_null(p90, true), num_or_null(mx, true),
            (json_int_t)nuns, uns, unpart_known ? json_integer(unpart) : json_null());
        if (!row) {
            s = cov_fail(ctx, COV_ERR_NOMEM, "out of memory");
            OGR_G_DestroyGeometry(shape);
            break;
        }
        json_array_append_new(out, row);
        gout[k] = shape;
    }
    /* the study-area total, as stored */
    if (!s && total) {
        json_array_append(out, total);
        gout[n] = NULL;
    }
    for (size_t k = 0; dist && k < n; k++) free(dist[k]);
    free(dist), free(ndist), free(cap), free(dw), free(unit);
    json_decref(by_code);
    cov_areas_free(areas, na);
    cov_rollup_free(g, n);
    if (s) {
        json_decref(out);
        for (size_t k = 0; gout && k <= n; k++)
            if (gout[k]) OGR_G_DestroyGeometry(gout[k]);
        free(gout);
        return s;
    }
    json_decref(*rows);
    *rows = out;
    *geoms = gout;
    *ng = n + (total ? 1 : 0);
    return COV_OK;
}
