/* Report pages without maps: the cover, the summary (indicators, targets, chart, areas) and the
 * sources, parameters and method notes. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <ogr_srs_api.h>

#include "planner/core/summary.h"
#include "planner/present/report_private.h"

/* A key-value row in a two-column table. */
static void kv(cov_table_t *t, const char *k, const char *v)
{
    const char *row[2] = {k, v};
    cov_table_add_row(t, row, 0);
}

static cov_table_t *kv_table(present_report_t *rp, const char *kh, const char *vh, double kw,
                             double vw)
{
    cov_table_t *t;
    if (cov_table_create(rp->ctx, 2, &t)) return NULL;
    cov_table_set_column(t, 0, kh, kw, COV_ALIGN_LEFT);
    cov_table_set_column(t, 1, vh, vw, COV_ALIGN_LEFT);
    cov_table_set_font_size(t, 9);
    return t;
}

/* Typeset and free a table (a NULL table, after running out of memory, puts the document in
 * error). */
static void place(present_report_t *rp, cov_table_t *t)
{
    cov_doc_table(rp->doc, t);
    cov_table_destroy(t);
}

void present_report_cover(present_report_t *rp, const present_report_run_t *a,
                          const present_report_run_t *b)
{
    cov_doc_t *d = rp->doc;
    cov_doc_skip_running_once(d);
    cov_doc_new_page(d);
    double x, y, w, h;
    cov_doc_body(d, &x, &y, &w, &h);
    cairo_t *cr = cov_doc_cairo(d);
    if (!cr) return;
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0.13, 0.33, 0.55);
    cairo_rectangle(cr, x, y + h * 0.16, w, 5);
    cairo_fill(cr);
    cairo_restore(cr);
    cov_doc_set_cursor(d, y + h * 0.16 + 30);
    cov_doc_text(d, rp->o->title ? rp->o->title : S(rp, RS_TITLE), 26, COV_TEXT_BOLD);
    cov_doc_skip(d, 10);
    cov_doc_text(d, S(rp, RS_SUBTITLE), 13, COV_TEXT_MUTED);
    cov_doc_skip(d, 60);
    char buf[512], line[700];
    snprintf(buf, sizeof buf, S(rp, RS_STUDY_AREA_FMT), rp->source_name, rp->run.nareas);
    snprintf(line, sizeof line, "%s：%s", S(rp, RS_STUDY_AREA), buf);
    if (!rp->zh) snprintf(line, sizeof line, "%s: %s", S(rp, RS_STUDY_AREA), buf);
    cov_doc_text(d, line, 12, 0);
    cov_doc_skip(d, 6);
    snprintf(line, sizeof line, rp->zh ? "%s：%s" : "%s: %s", S(rp, RS_SCENARIO), rp->run.scenario);
    cov_doc_text(d, line, 12, 0);
    cov_doc_skip(d, 6);
    if (a && b) {
        snprintf(line, sizeof line, rp->zh ? "%s：%s、%s" : "%s: %s, %s", S(rp, RS_COMPARED),
                 a->scenario, b->scenario);
        cov_doc_text(d, line, 12, 0);
        cov_doc_skip(d, 6);
    }
    snprintf(line, sizeof line, rp->zh ? "%s：%s" : "%s: %s", S(rp, RS_DATE), rp->date);
    cov_doc_text(d, line, 12, 0);
    cov_doc_skip(d, 6);
    if (rp->o->author) {
        snprintf(line, sizeof line, rp->zh ? "%s：%s" : "%s: %s", S(rp, RS_AUTHOR), rp->o->author);
        cov_doc_text(d, line, 12, 0);
        cov_doc_skip(d, 6);
    }
    snprintf(line, sizeof line, S(rp, RS_RUN_FMT), rp->run.id, rp->run.created);
    cov_doc_text(d, line, 9, COV_TEXT_MUTED);
}

static void targets_section(present_report_t *rp)
{
    char buf[160], cur[64], val[64];
    cov_doc_heading(rp->doc, S(rp, RS_TARGETS), 2, 40);
    if (!rp->targets_table || rp->ntargets == 0) {
        snprintf(buf, sizeof buf, S(rp, RS_NO_TARGETS_FMT), rp->target);
        cov_doc_text(rp->doc, buf, 9, COV_TEXT_MUTED);
        return;
    }
    cov_doc_text(rp->doc, S(rp, RS_TARGETS_FROM), 9, COV_TEXT_MUTED);
    cov_doc_skip(rp->doc, 4);
    cov_table_t *t;
    if (cov_table_create(rp->ctx, 4, &t)) return;
    cov_table_set_column(t, 0, S(rp, RS_TARGET), 5, COV_ALIGN_LEFT);
    cov_table_set_column(t, 1, S(rp, RS_TARGET_VALUE), 1.6, COV_ALIGN_RIGHT);
    cov_table_set_column(t, 2, S(rp, RS_CURRENT), 1.6, COV_ALIGN_RIGHT);
    cov_table_set_column(t, 3, S(rp, RS_STATUS), 1.4, COV_ALIGN_CENTER);
    for (size_t i = 0; i < rp->ntargets; i++) {
        const present_report_target_t *g = &rp->targets[i];
        bool share = strcmp(g->unit, "%") == 0;
        char name[400];
        snprintf(name, sizeof name, "%s%s%s", g->label[0] ? g->label : g->indicator,
                 g->label[0] ? "\n" : "", g->label[0] ? g->indicator : "");
        snprintf(val, sizeof val, "%s %g%s", g->op, g->value, share ? "%" : "");
        if (!isfinite(g->current))
            snprintf(cur, sizeof cur, "%s", S(rp, RS_NA));
        else if (share)
            present_report_fmt_pct(cur, sizeof cur, g->current);
        else
            snprintf(cur, sizeof cur, "%g", g->current);
        const char *status = g->met < 0 ? S(rp, RS_NOT_EVALUATED)
                             : g->met   ? S(rp, RS_MET)
                                        : S(rp, RS_NOT_MET);
        const char *row[4] = {name, val, cur, status};
        cov_table_add_row(t, row, g->met == 0 ? COV_ROW_HIGHLIGHT : 0);
    }
    place(rp, t);
}

static void areas_table(present_report_t *rp)
{
    const present_report_run_t *run = &rp->run;
    size_t last = run->nradii - 1;
    char h3[64], h6[64];
    snprintf(h3, sizeof h3, S(rp, RS_WITHIN_SHORT_FMT), run->radii[last]);
    snprintf(h6, sizeof h6, S(rp, RS_ELDERLY_SHORT_FMT), run->radii[last]);
    cov_doc_heading(rp->doc, S(rp, RS_AREAS_TABLE), 2, 60);
    cov_table_t *t;
    if (cov_table_create(rp->ctx, 7, &t)) return;
    const char *heads[7] = {S(rp, RS_CODE),
                            S(rp, RS_AREA),
                            S(rp, RS_NSITES),
                            h3,
                            S(rp, RS_UNSERVED),
                            S(rp, RS_MEDIAN_SHORT),
                            h6};
    const double weights[7] = {0.8, 2.4, 1.1, 1.3, 1.1, 1.5, 1.6};
    for (int c = 0; c < 7; c++)
        cov_table_set_column(t, (size_t)c, heads[c], weights[c],
                             c < 2 ? COV_ALIGN_LEFT : COV_ALIGN_RIGHT);
    cov_table_set_font_size(t, 8.5);
    for (size_t i = 0; i <= run->nareas; i++) {
        const present_report_area_t *a = i < run->nareas ? &run->areas[i] : &run->total;
        char n[32], s[32], u[32], m[32], e[32];
        present_report_fmt_int(n, sizeof n, (double)a->nsites);
        present_report_fmt_pct(s, sizeof s, present_report_share_within(run, a, last));
        present_report_fmt_int(u, sizeof u, (double)a->nunserved);
        present_report_fmt_m(m, sizeof m, a->median);
        present_report_fmt_pct(e, sizeof e, 100 * a->elderly_share[last]);
        const char *row[7] = {i < run->nareas ? a->code : "", a->name, n, s, u, m, e};
        cov_table_add_row(t, row, i == run->nareas ? COV_ROW_BOLD : 0);
    }
    place(rp, t);
}

void present_report_summary(present_report_t *rp)
{
    const present_report_run_t *run = &rp->run;
    const present_report_area_t *T = &run->total;
    cov_doc_t *d = rp->doc;
    cov_doc_new_page(d);
    cov_doc_heading(d, S(rp, RS_SUMMARY), 1, 80);
    cov_table_t *t = kv_table(rp, S(rp, RS_INDICATOR), S(rp, RS_VALUE), 3, 1.4);
    char v[64], k[200], p[32];
    kv(t, S(rp, RS_N_AREAS), present_report_fmt_int(v, sizeof v, (double)run->nareas));
    kv(t, S(rp, RS_POPULATION), present_report_fmt_int(v, sizeof v, T->population));
    kv(t, S(rp, RS_ELDERLY), present_report_fmt_int(v, sizeof v, T->elderly));
    kv(t, S(rp, RS_CLINICS), present_report_fmt_int(v, sizeof v, (double)T->nclinics));
    kv(t, S(rp, RS_SITES), present_report_fmt_int(v, sizeof v, (double)T->nsites));
    for (size_t i = 0; i < run->nradii; i++) {
        snprintf(k, sizeof k, S(rp, RS_SITES_WITHIN_FMT), run->radii[i]);
        char n[32];
        long long c = 0;
        for (size_t j = 0; j <= i; j++) c += T->class_count[j];
        present_report_fmt_int(n, sizeof n, (double)c);
        snprintf(v, sizeof v, "%s (%s)", n,
                 present_report_fmt_pct(p, sizeof p, present_report_share_within(run, T, i)));
        kv(t, k, v);
    }
    for (size_t i = 0; i < run->nradii; i++) {
        snprintf(k, sizeof k, S(rp, RS_ELDERLY_WITHIN_FMT), run->radii[i]);
        kv(t, k, present_report_fmt_pct(v, sizeof v, 100 * T->elderly_share[i]));
    }
    kv(t, S(rp, RS_MEDIAN), present_report_fmt_m(v, sizeof v, T->median));
    kv(t, S(rp, RS_P90), present_report_fmt_m(v, sizeof v, T->p90));
    kv(t, S(rp, RS_MAX), present_report_fmt_m(v, sizeof v, T->max));
    snprintf(k, sizeof k, S(rp, RS_UNSERVED_FMT), run->radii[run->nradii - 1]);
    kv(t, k, present_report_fmt_int(v, sizeof v, (double)T->nunserved));
    place(rp, t);

    targets_section(rp);

    size_t last = run->nradii - 1;
    snprintf(k, sizeof k, S(rp, RS_CHART_TITLE_FMT), run->radii[last]);
    cov_chart_t *c;
    if (cov_chart_create(rp->ctx, &c)) return;
    cov_chart_set_max(c, 100);
    cov_chart_set_format(c, 1, "%");
    char tl[64];
    snprintf(tl, sizeof tl, S(rp, RS_TARGET_LINE_FMT), rp->target);
    cov_chart_set_target(c, rp->target, tl);
    cov_chart_set_nodata(c, S(rp, RS_NO_SITES));
    for (size_t i = 0; i < run->nareas; i++) {
        char label[256];
        snprintf(label, sizeof label, "%s %s", run->areas[i].code, run->areas[i].name);
        cov_chart_add_bar(c, label, present_report_share_within(run, &run->areas[i], last));
    }
    double row = 13;
    cov_doc_heading(d, k, 2, cov_chart_height(c, row));
    cov_doc_chart(d, c, row);
    cov_chart_destroy(c);

    areas_table(rp);
}

static cov_status_t sources_table(present_report_t *rp)
{
    cov_table_t *t;
    cov_status_t s = cov_table_create(rp->ctx, 5, &t);
    if (s) return s;
    cov_table_set_column(t, 0, S(rp, RS_SRC_ROLE), 1.4, COV_ALIGN_LEFT);
    cov_table_set_column(t, 1, S(rp, RS_SRC_FILE), 3.2, COV_ALIGN_LEFT);
    cov_table_set_column(t, 2, S(rp, RS_SRC_LAYER), 1.2, COV_ALIGN_LEFT);
    cov_table_set_column(t, 3, S(rp, RS_SRC_FEATURES), 1, COV_ALIGN_RIGHT);
    cov_table_set_column(t, 4, S(rp, RS_SRC_CRS), 1.2, COV_ALIGN_LEFT);
    cov_source_rec_t *src;
    size_t nsrc;
    s = cov_sources_load(rp->ctx, rp->store, &src, &nsrc);
    for (size_t i = 0; !s && i < nsrc; i++) {
        const char *role = src[i].role;
        const char *r = !role                         ? ""
                        : strcmp(role, "areas") == 0  ? S(rp, RS_ROLE_AREAS)
                        : strcmp(role, "demand") == 0 ? S(rp, RS_ROLE_DEMAND)
                                                      : S(rp, RS_ROLE_FACILITIES);
        char n[32];
        present_report_fmt_int(n, sizeof n, (double)src[i].features);
        const char *row[5] = {r, src[i].path, src[i].layer, n, src[i].src_crs};
        cov_table_add_row(t, row, 0);
    }
    cov_sources_free(src, nsrc);
    if (s) {
        cov_table_destroy(t);
        return s;
    }
    place(rp, t);
    return COV_OK;
}

cov_status_t present_report_sources(present_report_t *rp)
{
    const present_report_run_t *run = &rp->run;
    cov_doc_t *d = rp->doc;
    cov_doc_new_page(d);
    cov_doc_heading(d, S(rp, RS_SOURCES), 1, 80);
    cov_doc_heading(d, S(rp, RS_DATA_SOURCES), 2, 40);
    cov_status_t s = sources_table(rp);
    if (s) return s;

    cov_doc_heading(d, S(rp, RS_PARAMETERS), 2, 60);
    cov_table_t *t = kv_table(rp, S(rp, RS_PARAMETERS), S(rp, RS_VALUE), 1.3, 3);
    char v[600], radii[160] = "", classes[400] = "", kinds[1024] = "";
    snprintf(v, sizeof v, S(rp, RS_RUN_FMT), run->id, run->created);
    kv(t, S(rp, RS_P_RUN), v);
    kv(t, S(rp, RS_P_PRESET), run->preset);
    size_t used = 0, cu = 0;
    for (size_t i = 0; i < run->nradii; i++) {
        used += (size_t)snprintf(radii + used, sizeof radii - used, "%s%g", i ? "," : "",
                                 run->radii[i]);
        if (cu < sizeof classes)
            cu += (size_t)snprintf(classes + cu, sizeof classes - cu, "%s%s ≤ %g m", i ? "; " : "",
                                   present_str_class(run->classes[i], rp->zh), run->radii[i]);
    }
    if (cu < sizeof classes)
        snprintf(classes + cu, sizeof classes - cu, "; %s > %g m",
                 present_str_class(run->classes[run->nradii], rp->zh), run->radii[run->nradii - 1]);
    kv(t, S(rp, RS_P_RADII), radii);
    kv(t, S(rp, RS_P_CLASSES), classes);
    /* The clinic kinds with their labels: "hospital (医院)". */
    used = 0;
    char list[512];
    snprintf(list, sizeof list, "%s", run->clinic_kinds);
    for (char *save = NULL, *k = strtok_r(list, ",", &save); k && used + 80 < sizeof kinds;
         k = strtok_r(NULL, ",", &save))
        used += (size_t)snprintf(kinds + used, sizeof kinds - used, "%s%s (%s)", used ? "; " : "",
                                 k, rp->kinds ? cov_kinds_label(rp->kinds, k, rp->lang) : k);
    kv(t, S(rp, RS_P_CLINICS), kinds[0] ? kinds : S(rp, RS_NA));
    kv(t, S(rp, RS_P_DISTANCE),
       strcmp(run->distance, "geodesic") == 0 ? S(rp, RS_GEODESIC) : S(rp, RS_PLANAR));
    char label[64];
    cov_store_crs_label(rp->store, label, sizeof label);
    snprintf(v, sizeof v, "%s %s", label, OSRGetName(cov_store_srs(rp->store)));
    kv(t, S(rp, RS_P_CRS), v);
    kv(t, S(rp, RS_P_ELDERLY),
       strcmp(run->method, "demand") == 0 ? S(rp, RS_METHOD_DEMAND) : S(rp, RS_METHOD_POLYGON));
    place(rp, t);

    cov_doc_heading(d, S(rp, RS_METHOD), 2, 40);
    snprintf(v, sizeof v, S(rp, RS_METHOD_TEXT_FMT), run->radii[run->nradii - 1],
             run->radii[run->nradii - 1]);
    cov_doc_text(d, v, 9, 0);
    cov_doc_skip(d, 6);
    char repro[1600];
    snprintf(repro, sizeof repro, S(rp, RS_METHOD_REPRO_FMT), run->preset, radii,
             run->clinic_kinds[0] ? run->clinic_kinds : "all");
    cov_doc_text(d, repro, 9, 0);
    return COV_OK;
}
