/* Report sections shown when their results exist: siting recommendations (site_runs),
 * accessibility (access_runs) and the comparison of two scenarios (two analysis runs). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "planner/core/query.h"
#include "planner/core/runs.h"
#include "planner/present/report_private.h"

static cov_table_t *table(present_report_t *rp, size_t n, const char *const *heads, const double *w,
                          const cov_align_t *al)
{
    cov_table_t *t;
    if (cov_table_create(rp->ctx, n, &t)) return NULL;
    for (size_t c = 0; c < n; c++) cov_table_set_column(t, c, heads[c], w[c], al[c]);
    cov_table_set_font_size(t, 8);
    return t;
}

static const char *col_text(cov_query_t *st, int col)
{
    const char *s = cov_query_text(st, col);
    return s ? s : "";
}

cov_status_t present_report_siting(present_report_t *rp, bool *shown)
{
    *shown = false;
    cov_query_t *runs;
    cov_status_t s = cov_query_open(rp->ctx, rp->store, COV_Q_SITE_RUNS, &runs);
    if (s) return s;
    cov_query_bind_text(runs, 1, rp->run.scenario); /* the report's scenario */
    bool any = false;
    while (cov_query_row(runs, &s) && !cov_doc_status(rp->doc)) {
        if ((s = cov_run_check(rp->ctx, rp->store, COV_RUN_SITE, cov_query_int(runs, 0)))) break;
        if (!any) {
            cov_doc_new_page(rp->doc);
            cov_doc_heading(rp->doc, S(rp, RS_SITING), 1, 80);
            any = true;
        }
        long long id = cov_query_int(runs, 0);
        char line[400], b[32], a[32];
        snprintf(line, sizeof line, S(rp, RS_SITING_RUN_FMT), id, col_text(runs, 1),
                 (long long)cov_query_int(runs, 2),
                 present_report_fmt_pct(b, sizeof b, 100 * cov_query_num(runs, 3)),
                 present_report_fmt_pct(a, sizeof a, 100 * cov_query_num(runs, 4)));
        cov_doc_heading(rp->doc, line, 3, 40);
        const char *heads[4] = {S(rp, RS_RANK), S(rp, RS_NAME), S(rp, RS_AREA), S(rp, RS_GAIN)};
        const double w[4] = {0.6, 4, 1.8, 1.2};
        const cov_align_t al[4] = {COV_ALIGN_RIGHT, COV_ALIGN_LEFT, COV_ALIGN_LEFT,
                                   COV_ALIGN_RIGHT};
        cov_table_t *t = table(rp, 4, heads, w, al);
        cov_query_t *st;
        if ((s = cov_query_open(rp->ctx, rp->store, COV_Q_SITE_CHOICES_NAMED, &st)) == COV_OK) {
            cov_query_bind_int(st, 1, id);
            while (cov_query_row(st, &s)) {
                char rank[16], gain[32];
                snprintf(rank, sizeof rank, "%lld", (long long)cov_query_int(st, 0));
                double g = cov_query_num(st, 3);
                if (isfinite(g))
                    snprintf(gain, sizeof gain, "%g", g);
                else
                    snprintf(gain, sizeof gain, "%s", S(rp, RS_NA));
                const char *row[4] = {rank, col_text(st, 1), col_text(st, 2), gain};
                cov_table_add_row(t, row, 0);
            }
            cov_query_close(st);
        }
        cov_doc_table(rp->doc, t);
        cov_table_destroy(t);
        if (s) break;
    }
    cov_query_close(runs);
    *shown = any;
    return s;
}

/* The row of an area in a run: the area itself, or (with --level) the unit holding it. */
static const present_report_area_t *find_area(const present_report_run_t *r, long long id)
{
    for (size_t i = 0; i < r->nareas; i++) {
        const present_report_area_t *a = &r->areas[i];
        if (!a->nmembers && a->id == id) return a;
        for (size_t m = 0; m < a->nmembers; m++)
            if (a->members[m] == id) return a;
    }
    return NULL;
}

/* One row of the accessibility table. */
static void access_row(present_report_t *rp, cov_table_t *t, const char *code, const char *name,
                       double demand, double no_access, double v, double p, bool total)
{
    char dem[32], na[32], score[32], per[32];
    present_report_fmt_int(dem, sizeof dem, demand);
    present_report_fmt_int(na, sizeof na, no_access);
    if (isfinite(v))
        snprintf(score, sizeof score, "%.6g", v);
    else
        snprintf(score, sizeof score, "%s", S(rp, RS_NA));
    if (isfinite(p))
        snprintf(per, sizeof per, "%.4f", p);
    else
        snprintf(per, sizeof per, "%s", S(rp, RS_NA));
    const char *row[6] = {code, name, dem, na, score, per};
    cov_table_add_row(t, row, total ? COV_ROW_BOLD : 0);
}

cov_status_t present_report_access(present_report_t *rp, bool *shown)
{
    *shown = false;
    long long id; /* the latest access run of the report's scenario */
    cov_status_t s = cov_run_latest(rp->ctx, rp->store, COV_RUN_ACCESS, rp->run.scenario, &id);
    if (s || !id) return s;
    cov_query_t *run;
    if ((s = cov_query_open(rp->ctx, rp->store, COV_Q_ACCESS_RUN, &run))) return s;
    cov_query_bind_int(run, 1, id);
    if (!cov_query_row(run, &s)) {
        cov_query_close(run);
        return s;
    }
    char line[400];
    snprintf(line, sizeof line, S(rp, RS_ACCESS_RUN_FMT), id, col_text(run, 1),
             cov_query_num(run, 2), col_text(run, 6));
    cov_query_close(run);
    cov_doc_new_page(rp->doc);
    cov_doc_heading(rp->doc, S(rp, RS_ACCESS), 1, 80);
    cov_doc_text(rp->doc, line, 9, COV_TEXT_MUTED);
    cov_doc_skip(rp->doc, 4);
    const char *heads[6] = {S(rp, RS_CODE),      S(rp, RS_AREA),  S(rp, RS_DEMAND),
                            S(rp, RS_NO_ACCESS), S(rp, RS_SCORE), S(rp, RS_PER_1000)};
    const double w[6] = {0.8, 2.4, 1.4, 1.1, 1.6, 1.2};
    const cov_align_t al[6] = {COV_ALIGN_LEFT,  COV_ALIGN_LEFT,  COV_ALIGN_RIGHT,
                               COV_ALIGN_RIGHT, COV_ALIGN_RIGHT, COV_ALIGN_RIGHT};
    cov_table_t *t = table(rp, 6, heads, w, al);
    /* With --level the areas' rows are rolled up into the report's units: demand and the
     * locations without access summed, scores as demand-weighted means of the areas' (each is
     * the demand-weighted mean of its locations, so this is the units' own). */
    size_t nu = rp->o->level ? rp->run.nareas : 0;
    double *acc = nu ? cov_calloc_array(nu * 5, sizeof *acc) : NULL; /* dem, na, v*d, p*d, d_v */
    if (nu && !acc) s = cov_fail(rp->ctx, COV_ERR_NOMEM, "out of memory");
    cov_query_t *st;
    if (!s && (s = cov_query_open(rp->ctx, rp->store, COV_Q_ACCESS_AREAS_BY_CODE, &st)) == COV_OK) {
        cov_query_bind_int(st, 1, id);
        while (cov_query_row(st, &s)) {
            bool total = strcmp(col_text(st, 0), "total") == 0;
            double dm = cov_query_num(st, 3), nna = cov_query_num(st, 4);
            double v = cov_query_num(st, 5), p = cov_query_num(st, 6);
            if (nu && !total) {
                const present_report_area_t *u = find_area(&rp->run, cov_query_int(st, 7));
                if (!u) continue;
                double *a = acc + 5 * (size_t)(u - rp->run.areas);
                a[0] += dm, a[1] += nna;
                if (isfinite(v) && isfinite(p) && dm > 0)
                    a[2] += v * dm, a[3] += p * dm, a[4] += dm;
                continue;
            }
            if (nu && total) /* the units first, then the total */
                for (size_t k = 0; k < nu; k++) {
                    const double *a = acc + 5 * k;
                    access_row(rp, t, rp->run.areas[k].code, rp->run.areas[k].name, a[0], a[1],
                               a[4] > 0 ? a[2] / a[4] : NAN, a[4] > 0 ? a[3] / a[4] : NAN, false);
                }
            access_row(rp, t, total ? "" : col_text(st, 1),
                       total ? S(rp, RS_TOTAL) : col_text(st, 2), dm, nna, v, p, total);
        }
        cov_query_close(st);
    }
    free(acc);
    cov_doc_table(rp->doc, t);
    cov_table_destroy(t);
    *shown = !s;
    return s;
}

/* The same unit or area in the other run (by code). */
static const present_report_area_t *find_code(const present_report_run_t *r, const char *code)
{
    for (size_t i = 0; i < r->nareas; i++)
        if (strcmp(r->areas[i].code, code) == 0) return &r->areas[i];
    return NULL;
}

static void diff_cell(char *buf, size_t n, double d, const char *unit)
{
    if (!isfinite(d))
        snprintf(buf, n, "—");
    else
        snprintf(buf, n, "%+.1f%s", d, unit);
}

/* The change in coverage share per area (percentage points), shaded on a map. */
static cov_status_t diff_map(present_report_t *rp, const present_report_run_t *a,
                             const present_report_run_t *b, size_t ia, size_t ib)
{
    cov_map_t *m;
    cov_status_t s = cov_map_create(rp->ctx, &m);
    if (s) return s;
    double maxd = 1;
    for (size_t i = 0; i < b->nareas; i++) {
        const present_report_area_t *x = find_code(a, b->areas[i].code);
        double d = x ? present_report_share_within(b, &b->areas[i], ib) -
                           present_report_share_within(a, x, ia)
                     : NAN;
        if (isfinite(d)) maxd = fmax(maxd, fabs(d));
    }
    maxd = ceil(maxd);
    const double breaks[6] = {-maxd, -maxd / 2, -0.05, 0.05, maxd / 2, maxd};
    cov_layer_t *l = cov_map_add_layer(m, COV_LAYER_POLYGON, S(rp, RS_DIFF));
    cov_layer_set_choropleth(l, COV_CLASSIFY_GIVEN, 5, COV_PALETTE_RDBU, breaks, 6);
    cov_layer_set_legend_format(l, 1, S(rp, RS_NO_SITES));
    cov_style_t style = {cov_color_hex(0xf4f1ea, 1), cov_color_hex(0x555555, 1), 0.6, 0};
    cov_layer_set_style(l, &style);
    cov_layer_set_label_style(l, 7.5, cov_color_hex(0x202020, 1));
    cov_query_t *st;
    s = cov_query_open(rp->ctx, rp->store, COV_Q_AREAS_BY_CODE, &st);
    while (cov_query_row(st, &s)) {
        OGRGeometryH g; /* an unreadable area is an error, not a gap in the map */
        if ((s = cov_query_geom(st, 3, col_text(st, 2), &g))) break;
        const present_report_area_t *x = find_area(a, cov_query_int(st, 0)),
                                    *y = find_area(b, cov_query_int(st, 0));
        double d =
            x && y ? present_report_share_within(b, y, ib) - present_report_share_within(a, x, ia)
                   : NAN;
        cov_layer_add_polygon(l, g, d, col_text(st, 2));
        OGR_G_DestroyGeometry(g);
    }
    cov_query_close(st); /* NULL when the prepare failed: a no-op */
    if (!s) {
        cov_doc_need(rp->doc, 300);
        cov_doc_text(rp->doc, S(rp, RS_COMPARE_MAP_NOTE), 9, COV_TEXT_MUTED);
        double x0, w;
        cov_doc_body(rp->doc, &x0, NULL, &w, NULL);
        double y0 = cov_doc_cursor(rp->doc);
        cov_doc_map(rp->doc, m, x0, y0, w, cov_doc_space_left(rp->doc));
    }
    cov_map_destroy(m);
    return s ? s : cov_doc_status(rp->doc);
}

cov_status_t present_report_compare(present_report_t *rp, const present_report_run_t *a,
                                    const present_report_run_t *b)
{
    size_t ia = a->nradii - 1, ib = b->nradii - 1;
    char line[400], ha[160], hb[160], hu[160], hv[160];
    cov_doc_new_page(rp->doc);
    cov_doc_heading(rp->doc, S(rp, RS_COMPARE_TITLE), 1, 80);
    snprintf(line, sizeof line, S(rp, RS_COMPARE_INTRO_FMT), b->scenario, a->scenario);
    cov_doc_text(rp->doc, line, 9, COV_TEXT_MUTED);
    cov_doc_skip(rp->doc, 4);
    snprintf(ha, sizeof ha, "%s: %g m", a->scenario, a->radii[ia]);
    snprintf(hb, sizeof hb, "%s: %g m", b->scenario, b->radii[ib]);
    snprintf(hu, sizeof hu, "%s: %s", a->scenario, S(rp, RS_UNSERVED));
    snprintf(hv, sizeof hv, "%s: %s", b->scenario, S(rp, RS_UNSERVED));
    const char *heads[8] = {S(rp, RS_CODE), S(rp, RS_AREA), ha, hb, S(rp, RS_DIFF), hu, hv,
                            S(rp, RS_DIFF)};
    const double w[8] = {0.7, 2.2, 1.3, 1.3, 1, 1.2, 1.2, 0.9};
    const cov_align_t al[8] = {COV_ALIGN_LEFT,  COV_ALIGN_LEFT,  COV_ALIGN_RIGHT, COV_ALIGN_RIGHT,
                               COV_ALIGN_RIGHT, COV_ALIGN_RIGHT, COV_ALIGN_RIGHT, COV_ALIGN_RIGHT};
    cov_table_t *t = table(rp, 8, heads, w, al);
    for (size_t i = 0; i <= b->nareas; i++) {
        const present_report_area_t *y = i < b->nareas ? &b->areas[i] : &b->total;
        const present_report_area_t *x = i < b->nareas ? find_code(a, y->code) : &a->total;
        char sa[32], sb[32], sd[32], ua[32], ub[32], ud[32];
        double va = x ? present_report_share_within(a, x, ia) : NAN,
               vb = present_report_share_within(b, y, ib);
        present_report_fmt_pct(sa, sizeof sa, va);
        present_report_fmt_pct(sb, sizeof sb, vb);
        diff_cell(sd, sizeof sd, vb - va, "");
        present_report_fmt_int(ua, sizeof ua, x ? (double)x->nunserved : NAN);
        present_report_fmt_int(ub, sizeof ub, (double)y->nunserved);
        if (x)
            snprintf(ud, sizeof ud, "%+lld", y->nunserved - x->nunserved);
        else
            snprintf(ud, sizeof ud, "—");
        const char *row[8] = {i < b->nareas ? y->code : "", y->name, sa, sb, sd, ua, ub, ud};
        cov_table_add_row(t, row, i == b->nareas ? COV_ROW_BOLD : 0);
    }
    cov_doc_table(rp->doc, t);
    cov_table_destroy(t);
    return diff_map(rp, a, b, ia, ib);
}
