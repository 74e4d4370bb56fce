/* The map report: check the options, read the results, and lay out the pages in order. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "planner/core/runs.h"
#include "planner/core/summary.h"
#include "planner/present/report_private.h"

/* "YYYY-MM-DD" with plausible numbers. */
static bool valid_date(const char *s)
{
    int y, m, d;
    char tail;
    if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i])) return false;
    return y >= 1900 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static cov_status_t check_opts(cov_ctx_t *ctx, const cov_report_opts_t *o, char cmp[2][64])
{
    if (!o->output || !*o->output)
        return cov_fail(ctx, COV_ERR_USAGE, "give the report file with -o FILE.pdf");
    const char *dot = strrchr(o->output, '.');
    if (!dot || strcasecmp(dot, ".pdf") != 0)
        return cov_fail(ctx, COV_ERR_USAGE,
                        "%s: the report is a PDF; give a file name ending in .pdf", o->output);
    if (o->lang && strcmp(o->lang, "zh") != 0 && strcmp(o->lang, "en") != 0)
        return cov_fail(ctx, COV_ERR_USAGE, "--lang must be zh or en, not '%s'", o->lang);
    if (o->date && !valid_date(o->date))
        return cov_fail(ctx, COV_ERR_USAGE, "--date must be YYYY-MM-DD, not '%s'", o->date);
    if (o->target < 0 || o->target > 100 || isnan(o->target))
        return cov_fail(ctx, COV_ERR_USAGE, "--target must be a share between 0 and 100 (%%)");
    if (o->paper != COV_PAPER_A4 && o->paper != COV_PAPER_A3)
        return cov_fail(ctx, COV_ERR_USAGE, "unknown paper size");
    cmp[0][0] = cmp[1][0] = 0;
    if (o->compare) {
        const char *comma = strchr(o->compare, ',');
        size_t la = comma ? (size_t)(comma - o->compare) : 0;
        if (!comma || la == 0 || la >= 64 || !comma[1] || strchr(comma + 1, ',') ||
            strlen(comma + 1) >= 64)
            return cov_fail(ctx, COV_ERR_USAGE, "--compare takes two scenario names, A,B, not '%s'",
                            o->compare);
        memcpy(cmp[0], o->compare, la);
        cmp[0][la] = 0;
        snprintf(cmp[1], 64, "%s", comma + 1);
    }
    return COV_OK;
}

/* The file name of the first area source, for the cover ("hong_kong.gpkg"). */
static cov_status_t source_name(present_report_t *rp)
{
    snprintf(rp->source_name, sizeof rp->source_name, "%s", cov_store_path(rp->store));
    cov_source_rec_t *src;
    size_t n;
    cov_status_t s = cov_sources_load(rp->ctx, rp->store, &src, &n);
    size_t pick = n;
    for (size_t i = 0; !s && i < n && pick == n; i++)
        if (src[i].role && strcmp(src[i].role, "areas") == 0) pick = i;
    if (!s && pick == n && n) pick = 0;
    if (!s && pick < n && src[pick].path)
        snprintf(rp->source_name, sizeof rp->source_name, "%s", src[pick].path);
    cov_sources_free(src, n);
    if (s) return s;
    const char *slash = strrchr(rp->source_name, '/');
    if (slash) memmove(rp->source_name, slash + 1, strlen(slash + 1) + 1);
    return COV_OK;
}

static cov_status_t pages(present_report_t *rp, const present_report_run_t *ca,
                          const present_report_run_t *cb, cov_report_summary_t *sum)
{
    present_report_cover(rp, ca, cb);
    present_report_summary(rp);
    cov_status_t s = cov_doc_status(rp->doc);
    if (!s) s = present_report_overview(rp);
    if (!s) s = present_report_area_pages(rp);
    bool shown = false;
    if (!s) s = present_report_siting(rp, &shown);
    if (!s && shown) sum->sections |= 1;
    if (!s) s = present_report_access(rp, &shown);
    if (!s && shown) sum->sections |= 2;
    if (!s && ca && cb) {
        s = present_report_compare(rp, ca, cb);
        sum->sections |= 4;
    }
    if (!s) s = present_report_sources(rp);
    return s ? s : cov_doc_status(rp->doc);
}

cov_status_t cov_report_write(cov_ctx_t *ctx, cov_store_t *store, const cov_report_opts_t *opts,
                              cov_report_summary_t *sum)
{
    cov_report_summary_t dummy;
    if (!sum) sum = &dummy;
    memset(sum, 0, sizeof *sum);
    static const cov_report_opts_t defaults = {0};
    const cov_report_opts_t *o = opts ? opts : &defaults;
    char cmp[2][64];
    cov_status_t s = check_opts(ctx, o, cmp);
    if (s) return s;
    if (!cov_store_srid(store))
        return cov_fail(
            ctx, COV_ERR_EMPTY,
            "%s: the project is empty; import areas and facilities, then run covplan analyze",
            cov_store_path(store));
    if ((s = cov_layers_check(ctx, store, true))) return s;
    present_report_t rp = {.ctx = ctx, .store = store, .o = o};
    rp.zh = !o->lang || strcmp(o->lang, "zh") == 0;
    rp.lang = rp.zh ? "zh" : "en";
    rp.target = o->target > 0 ? o->target : 90;
    present_report_run_t ca = {0}, cb = {0};
    s = present_report_load_run(&rp, o->scenario ? o->scenario : "base", &rp.run);
    if (!s && cmp[0][0]) s = present_report_load_run(&rp, cmp[0], &ca);
    if (!s && cmp[1][0]) s = present_report_load_run(&rp, cmp[1], &cb);
    if (!s) s = present_report_load_targets(&rp);
    if (!s) s = cov_kinds_load(ctx, o->data_dir, NULL, &rp.kinds);
    if (!s && !(rp.maps = cov_mapview_cache_create())) s = COV_ERR_NOMEM;
    if (!s) s = source_name(&rp);
    if (!s) {
        snprintf(rp.date, sizeof rp.date, "%.10s", o->date ? o->date : rp.run.created);
        char meta_date[32], footer[400];
        snprintf(meta_date, sizeof meta_date, "%sT00:00:00Z", rp.date);
        cov_doc_opts_t dopts = {.paper = o->paper,
                                .orient = COV_PORTRAIT,
                                .title = o->title ? o->title : S(&rp, RS_TITLE),
                                .author = o->author,
                                .date = meta_date,
                                .language = rp.zh ? "zh-cn" : "en"};
        s = cov_doc_create(ctx, o->output, &dopts, &rp.doc);
        if (!s) {
            cov_doc_set_header(rp.doc, dopts.title, rp.source_name);
            snprintf(footer, sizeof footer, S(&rp, RS_FOOTER_FMT), rp.run.scenario, rp.date);
            cov_doc_set_footer(rp.doc, footer);
            cov_doc_set_page_label(rp.doc, S(&rp, RS_PAGE_PREFIX), S(&rp, RS_PAGE_SUFFIX));
            s = pages(&rp, cmp[0][0] ? &ca : NULL, cmp[1][0] ? &cb : NULL, sum);
            sum->pages = cov_doc_page_number(rp.doc);
            if (s) {
                char msg[1024];
                snprintf(msg, sizeof msg, "%s", cov_ctx_errmsg(ctx));
                cov_doc_destroy(rp.doc);
                cov_fail(ctx, s, "%s", msg);
            } else {
                s = cov_doc_finish(rp.doc);
            }
        }
    }
    if (!s) {
        sum->areas = rp.run.nareas;
        sum->run_id = rp.run.id;
        sum->targets = rp.ntargets;
        snprintf(sum->date, sizeof sum->date, "%s", rp.date);
    }
    present_report_run_free(&rp.run);
    present_report_run_free(&ca);
    present_report_run_free(&cb);
    free(rp.targets);
    cov_kinds_destroy(rp.kinds);
    cov_mapview_cache_destroy(rp.maps);
    return s;
}
