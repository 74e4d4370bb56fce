/* Report pages with maps: the coverage overview and one atlas page per area (its map with an
 * inset of the study area, its indicators, its elder-care sites and their nearest clinic). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"

#include "planner/core/query.h"
#include "planner/present/mapview.h"
#include "planner/present/report_private.h"

/* The coverage map of the scenario's run, zoomed to an area when code is given. */
static cov_status_t build_map(present_report_t *rp, const char *code, cov_map_t **m)
{
    cov_mapview_opts_t o = {.theme = "coverage",
                            .scenario = rp->run.scenario,
                            .area = code,
                            .lang = rp->lang,
                            .level = rp->o->level,
                            .cache = rp->maps};
    cov_status_t s = cov_mapview_build(rp->ctx, rp->store, &o, m);
    if (s) return s;
    cov_map_set_title(*m, NULL, NULL);
    if (code) cov_map_set_note(*m, NULL, NULL);
    return cov_map_status(*m);
}

cov_status_t present_report_overview(present_report_t *rp)
{
    cov_doc_t *d = rp->doc;
    cov_map_t *m;
    cov_status_t s = build_map(rp, NULL, &m);
    if (s) return s;
    cov_doc_new_page(d);
    cov_doc_heading(d, S(rp, RS_OVERVIEW), 1, 300);
    cov_doc_text(d, S(rp, RS_OVERVIEW_NOTE), 9, COV_TEXT_MUTED);
    cov_doc_skip(d, 6);
    double x, w;
    cov_doc_body(d, &x, NULL, &w, NULL);
    double y = cov_doc_cursor(d);
    cov_doc_map(d, m, x, y, w, cov_doc_space_left(d));
    cov_map_destroy(m);
    return cov_doc_status(d);
}

/* The area's indicators as a four-column table: two indicator/value pairs per row. */
static void indicators(present_report_t *rp, const present_report_area_t *a)
{
    const present_report_run_t *run = &rp->run;
    char keys[2 * COV_MAX_RADII + 8][160], vals[2 * COV_MAX_RADII + 8][64];
    size_t n = 0;
    snprintf(keys[n], sizeof keys[n], "%s", S(rp, RS_POPULATION));
    present_report_fmt_int(vals[n++], sizeof vals[0], a->population);
    snprintf(keys[n], sizeof keys[n], "%s", S(rp, RS_ELDERLY));
    present_report_fmt_int(vals[n++], sizeof vals[0], a->elderly);
    snprintf(keys[n], sizeof keys[n], "%s", S(rp, RS_CLINICS));
    present_report_fmt_int(vals[n++], sizeof vals[0], (double)a->nclinics);
    snprintf(keys[n], sizeof keys[n], "%s", S(rp, RS_SITES));
    present_report_fmt_int(vals[n++], sizeof vals[0], (double)a->nsites);
    for (size_t i = 0; i < run->nradii; i++) {
        snprintf(keys[n], sizeof keys[n], S(rp, RS_SITES_WITHIN_FMT), run->radii[i]);
        present_report_fmt_pct(vals[n++], sizeof vals[0], present_report_share_within(run, a, i));
    }
    for (size_t i = 0; i < run->nradii; i++) {
        snprintf(keys[n], sizeof keys[n], S(rp, RS_ELDERLY_WITHIN_FMT), run->radii[i]);
        present_report_fmt_pct(vals[n++], sizeof vals[0], 100 * a->elderly_share[i]);
    }
    snprintf(keys[n], sizeof keys[n], "%s", S(rp, RS_MEDIAN));
    present_report_fmt_m(vals[n++], sizeof vals[0], a->median);
    snprintf(keys[n], sizeof keys[n], "%s", S(rp, RS_MAX));
    present_report_fmt_m(vals[n++], sizeof vals[0], a->max);
    snprintf(keys[n], sizeof keys[n], S(rp, RS_UNSERVED_FMT), run->radii[run->nradii - 1]);
    present_report_fmt_int(vals[n++], sizeof vals[0], (double)a->nunserved);
    cov_table_t *t;
    if (cov_table_create(rp->ctx, 4, &t)) return;
    cov_table_set_column(t, 0, S(rp, RS_INDICATOR), 3, COV_ALIGN_LEFT);
    cov_table_set_column(t, 1, S(rp, RS_VALUE), 1.1, COV_ALIGN_RIGHT);
    cov_table_set_column(t, 2, S(rp, RS_INDICATOR), 3, COV_ALIGN_LEFT);
    cov_table_set_column(t, 3, S(rp, RS_VALUE), 1.1, COV_ALIGN_RIGHT);
    cov_table_set_font_size(t, 8);
    size_t half = (n + 1) / 2;
    for (size_t i = 0; i < half; i++) {
        const char *row[4] = {keys[i], vals[i], i + half < n ? keys[i + half] : "",
                              i + half < n ? vals[i + half] : ""};
        cov_table_add_row(t, row, 0);
    }
    cov_doc_table(rp->doc, t);
    cov_table_destroy(t);
}

/* Sites listed on the page of a --level unit: the farthest ones. */
#define UNIT_SITES_LISTED 10

/* One row of an area's site table. */
typedef struct site_line {
    char *name, *kind, *nname, *cls;
    double dist; /* NaN: no clinic reachable */
    bool unserved;
    size_t seq; /* read order: ties keep it */
} site_line_t;

/* Farthest first, unreachable (NaN) last, as the query orders one area's sites. */
static int cmp_line(const void *a, const void *b)
{
    const site_line_t *x = a, *y = b;
    bool xn = isnan(x->dist), yn = isnan(y->dist);
    if (xn != yn) return xn ? 1 : -1;
    if (!xn && x->dist != y->dist) return x->dist > y->dist ? -1 : 1;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

/* The area's elder-care sites, farthest from a clinic first; unserved ones highlighted. */
static cov_status_t sites(present_report_t *rp, const present_report_area_t *a)
{
    const present_report_run_t *run = &rp->run;
    char note[300], cont[300];
    double last = run->radii[run->nradii - 1];
    if (a->nsites == 0) {
        cov_doc_text(rp->doc, S(rp, RS_AREA_NO_SITES), 9, COV_TEXT_MUTED);
        return cov_doc_status(rp->doc);
    }
    if (a->nunserved > 0)
        snprintf(note, sizeof note, S(rp, RS_UNSERVED_NOTE_FMT), a->nunserved, last);
    else
        snprintf(note, sizeof note, S(rp, RS_ALL_SERVED_FMT), last);
    cov_doc_need(rp->doc, 110); /* heading, note, table header and a row stay together */
    cov_doc_heading(rp->doc, S(rp, RS_AREA_SITES), 3, 40);
    cov_doc_text(rp->doc, note, 8.5, COV_TEXT_MUTED);
    cov_doc_skip(rp->doc, 3);
    cov_table_t *t;
    cov_status_t s = cov_table_create(rp->ctx, 6, &t);
    if (s) return s;
    const char *heads[6] = {"#",
                            S(rp, RS_SITE),
                            S(rp, RS_KIND),
                            S(rp, RS_NEAREST),
                            S(rp, RS_DISTANCE),
                            S(rp, RS_CLASS)};
    const double w[6] = {0.45, 3.8, 1.7, 3.3, 1.1, 1.9};
    for (int c = 0; c < 6; c++)
        cov_table_set_column(t, (size_t)c, heads[c], w[c],
                             c == 0 || c == 4 ? COV_ALIGN_RIGHT : COV_ALIGN_LEFT);
    cov_table_set_font_size(t, 7.5);
    snprintf(cont, sizeof cont, S(rp, RS_CONTINUED_FMT), a->name);
    cov_table_set_continued(t, cont);
    /* The sites of the area (or of every area of a unit), farthest first. */
    site_line_t *lines = NULL;
    size_t nl = 0;
    size_t nm = a->nmembers ? a->nmembers : 1;
    for (size_t m = 0; !s && m < nm; m++) {
        cov_query_t *st;
        if ((s = cov_query_open(rp->ctx, rp->store, COV_Q_AREA_SITES, &st))) break;
        cov_query_bind_int(st, 1, run->id);
        cov_query_bind_int(st, 2, a->nmembers ? a->members[m] : a->id);
        while (cov_query_row(st, &s)) {
            site_line_t *g = cov_realloc_array(lines, nl + 1, sizeof *g);
            if (!g) {
                s = cov_fail(rp->ctx, COV_ERR_NOMEM, "out of memory");
                break;
            }
            lines = g;
            site_line_t *l = &lines[nl];
            memset(l, 0, sizeof *l);
            l->seq = nl++;
            const char *name = cov_query_text(st, 0), *kind = cov_query_text(st, 2);
            const char *nname = cov_query_text(st, 3);
            if (!name || !*name) name = cov_query_text(st, 1);
            if (!nname || !*nname) nname = cov_query_text(st, 4);
            l->name = cov_strdup(name ? name : "");
            l->kind = kind ? cov_strdup(kind) : NULL;
            l->nname = cov_strdup(nname ? nname : "");
            l->cls = cov_strdup(cov_query_text(st, 6) ? cov_query_text(st, 6) : "");
            l->dist = cov_query_num(st, 5);
            l->unserved = cov_query_int(st, 7) == (int)run->nradii + 1;
        }
        cov_query_close(st);
    }
    if (!s) qsort(lines, nl, sizeof *lines, cmp_line);
    /* A unit of --level (a county of a province report) lists its farthest sites, so that the
     * report stays a page per unit; the note says how many more, and how many of those are
     * unserved. */
    size_t shown = rp->o->level && nl > UNIT_SITES_LISTED ? UNIT_SITES_LISTED : nl;
    size_t more_unserved = 0;
    for (size_t i = shown; i < nl; i++) more_unserved += lines[i].unserved;
    for (size_t i = 0; !s && i < shown; i++) {
        const site_line_t *l = &lines[i];
        char num[24], dist[32], cls[160];
        snprintf(num, sizeof num, "%zu", i + 1);
        present_report_fmt_int(dist, sizeof dist, l->dist);
        const char *c = present_str_class(l->cls, rp->zh);
        if (l->unserved)
            snprintf(cls, sizeof cls, "%s\n%s", S(rp, RS_UNSERVED_FLAG), c);
        else
            snprintf(cls, sizeof cls, "%s", c);
        const char *row[6] = {
            num,
            l->name,
            l->kind && rp->kinds ? cov_kinds_label(rp->kinds, l->kind, rp->lang) : l->kind,
            l->nname,
            dist,
            cls};
        cov_table_add_row(t, row, l->unserved ? COV_ROW_HIGHLIGHT : 0);
    }
    for (size_t i = 0; i < nl; i++)
        free(lines[i].name), free(lines[i].kind), free(lines[i].nname), free(lines[i].cls);
    free(lines);
    if (!s) cov_doc_table(rp->doc, t);
    cov_table_destroy(t);
    if (!s && shown < nl) {
        char more[300];
        if (more_unserved)
            snprintf(more, sizeof more, S(rp, RS_MORE_UNSERVED_FMT), nl - shown, more_unserved,
                     rp->o->level);
        else
            snprintf(more, sizeof more, S(rp, RS_MORE_SITES_FMT), nl - shown, rp->o->level);
        cov_doc_skip(rp->doc, 2);
        cov_doc_text(rp->doc, more, 8, COV_TEXT_MUTED);
    }
    return s ? s : cov_doc_status(rp->doc);
}

cov_status_t present_report_area_pages(present_report_t *rp)
{
    cov_doc_t *d = rp->doc;
    for (size_t i = 0; i < rp->run.nareas; i++) {
        const present_report_area_t *a = &rp->run.areas[i];
        cov_map_t *m;
        cov_status_t s = build_map(rp, a->code, &m);
        if (s) return s;
        cov_doc_new_page(d);
        char head[256];
        snprintf(head, sizeof head, rp->zh ? "%s（%s）" : "%s (%s)", a->name, a->code);
        cov_doc_heading(d, head, 1, 200);
        double x, y, w, h;
        cov_doc_body(d, &x, &y, &w, &h);
        y = cov_doc_cursor(d);
        /* A unit of --level keeps its map smaller so that its indicators and its listed sites
         * share the page: one page per unit. */
        double mh = fmin((rp->o->level ? 0.3 : 0.6) * h, cov_doc_space_left(d) - 150);
        cov_doc_map(d, m, x, y, w, mh);
        cov_map_destroy(m);
        cov_doc_set_cursor(d, y + mh + 8);
        indicators(rp, a);
        if ((s = sites(rp, a))) return s;
    }
    return cov_doc_status(d);
}
