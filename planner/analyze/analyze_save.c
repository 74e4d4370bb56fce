/* Storing a coverage run: its rows serialised for the data layer (planner/core/analysis_store.c),
 * which writes them in one transaction replacing a run of the same scenario and parameters. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "geo/parallel.h"
#include "planner/analyze/analyze_private.h"
#include "planner/core/analysis_store.h"

static json_t *num_or_null(double v) { return isnan(v) ? json_null() : json_real(v); }

static double mm(double v) { return round(v * 1000.0) / 1000.0; }

/* Serialise and free a JSON value: compact, key order kept, reals to 15 digits. */
static char *dump(json_t *v)
{
    char *text = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY |
                                   JSON_REAL_PRECISION(15));
    json_decref(v);
    return text;
}

/* The JSON texts of one site's row: its k nearest ids and distances and its counts within
 * each radius. */
typedef struct site_texts {
    char *ids, *dists, *within;
} site_texts_t;

typedef struct texts_job {
    const analyze_points_t *targets;
    const analyze_result_t *r;
    size_t base;
    site_texts_t *out;
} texts_job_t;

static cov_status_t site_texts(void *user, size_t i, unsigned worker)
{
    (void)worker;
    texts_job_t *j = user;
    const analyze_result_t *r = j->r;
    size_t at = j->base + i;
    json_t *ids = json_array(), *dists = json_array(), *within = json_array();
    for (size_t m = 0; m < r->k; m++) {
        if (r->idx[at * r->k + m] == (size_t)-1) break; /* network: none reachable */
        json_array_append_new(ids, json_integer(j->targets->id[r->idx[at * r->k + m]]));
        json_array_append_new(dists, json_real(mm(r->dist[at * r->k + m])));
    }
    for (size_t m = 0; m < r->nr; m++)
        json_array_append_new(within, json_integer(r->within[at * r->nr + m]));
    site_texts_t *t = &j->out[i];
    t->ids = dump(ids), t->dists = dump(dists), t->within = dump(within);
    return t->ids && t->dists && t->within ? COV_OK : COV_ERR_NOMEM;
}

/* Sites are serialised in blocks on all cores (jansson, one object per thread) and written in
 * order by this thread: the rows and their order do not depend on the threads. */
#define TEXT_BLOCK 65536

static cov_status_t write_sites(analyze_run_t *run, cov_analysis_writer_t *w, const char *layer,
                                const analyze_points_t *sites, const analyze_points_t *targets,
                                const analyze_result_t *r)
{
    cov_status_t s = COV_OK;
    size_t block = sites->n < TEXT_BLOCK ? sites->n : TEXT_BLOCK;
    site_texts_t *texts = cov_calloc_array(block + 1, sizeof *texts);
    if (!texts) return cov_fail(run->ctx, COV_ERR_NOMEM, "out of memory");
    for (size_t base = 0; !s && base < sites->n; base += block) {
        size_t nb = sites->n - base < block ? sites->n - base : block;
        texts_job_t job = {targets, r, base, texts};
        memset(texts, 0, nb * sizeof *texts);
        s = cov_parallel_for(run->ctx, NULL, nb, site_texts, &job, NULL);
        if (s) s = cov_fail(run->ctx, s, "out of memory");
        for (size_t b = 0; !s && b < nb; b++) {
            size_t i = base + b;
            cov_site_cov_rec_t rec = {.layer = layer,
                                      .site_id = sites->id[i],
                                      .area_id = sites->area[i],
                                      .knn_ids = texts[b].ids,
                                      .knn_dists = texts[b].dists,
                                      .n_within = texts[b].within,
                                      .class_rank = r->cls[i] + 1,
                                      .class_name = run->radii.cls[r->cls[i]]};
            if (r->k && r->idx[i * r->k] != (size_t)-1) {
                size_t n = r->idx[i * r->k];
                rec.has_nearest = true;
                rec.nearest_id = targets->id[n];
                rec.nearest_kind = targets->kind[n];
                rec.nearest_dist = r->dist[i * r->k];
            }
            s = cov_analysis_write_site(w, &rec);
            if (((i + 1) & 65535) == 0) cov_progress(run->ctx, "writing", i + 1, sites->n);
        }
        for (size_t b = 0; b < nb; b++)
            free(texts[b].ids), free(texts[b].dists), free(texts[b].within);
    }
    free(texts);
    return s;
}

static cov_status_t write_area(analyze_run_t *run, cov_analysis_writer_t *w, size_t a)
{
    const analyze_ind_t *in = &run->ind[a];
    size_t nr = run->radii.n;
    json_t *counts = json_object(), *shares = json_object(), *esh = json_array(),
           *ew = json_array();
    for (size_t j = 0; j <= nr; j++) {
        json_object_set_new(counts, run->radii.cls[j],
                            json_integer((json_int_t)in->class_count[j]));
        json_object_set_new(shares, run->radii.cls[j],
                            in->nsites ? json_real((double)in->class_count[j] / (double)in->nsites)
                                       : json_null());
    }
    for (size_t j = 0; j < nr; j++) {
        json_array_append_new(esh, num_or_null(in->share[j]));
        json_array_append_new(ew, num_or_null(in->elderly_within[j]));
    }
    char *t_kinds = dump(json_incref(in->kind_counts)), *t_counts = dump(counts);
    char *t_shares = dump(shares), *t_esh = dump(esh), *t_ew = dump(ew);
    char *t_unserved = dump(json_incref(in->unserved));
    cov_status_t s = COV_OK;
    if (!t_kinds || !t_counts || !t_shares || !t_esh || !t_ew || !t_unserved) s = COV_ERR_NOMEM;
    /* Per 1000 elderly only when every site's capacity is known: a partial sum would mislead. */
    bool cap_ok = in->cap_known == in->nsites && in->elderly > 0;
    cov_area_cov_rec_t rec = {.total = a >= run->nareas,
                              .area_id = a < run->nareas ? run->areas[a].id : 0,
                              .population = in->population,
                              .elderly = in->elderly,
                              .n_clinics = (long long)in->nclinics,
                              .n_eldercare = (long long)in->nsites,
                              .kind_counts = t_kinds,
                              .capacity = in->cap_known ? in->capacity : NAN,
                              .capacity_known = (long long)in->cap_known,
                              .capacity_per_1000 =
                                  cap_ok ? in->capacity / in->elderly * 1000.0 : NAN,
                              .class_counts = t_counts,
                              .class_shares = t_shares,
                              .elderly_method = run->method,
                              .elderly_share_within = t_esh,
                              .elderly_within = t_ew,
                              .dist_median = in->median,
                              .dist_p90 = in->p90,
                              .dist_max = in->max,
                              .n_unserved = (long long)in->nunserved,
                              .unserved_ids = t_unserved,
                              .n_clinics_unpartnered = in->unpartnered >= 0 ? in->unpartnered : -1};
    if (!s) s = cov_analysis_write_area(w, &rec);
    free(t_kinds);
    free(t_counts);
    free(t_shares);
    free(t_esh);
    free(t_ew);
    free(t_unserved);
    return s;
}

cov_status_t analyze_db_write(analyze_run_t *run, long long *run_id, bool *replaced)
{
    cov_analysis_run_rec_t rec = {.scenario = run->scenario,
                                  .params_hash = run->hash,
                                  .params_json = run->params_json,
                                  .method = run->method,
                                  .inputs_hash = run->inputs_hash};
    cov_analysis_writer_t *w;
    cov_status_t s = cov_analysis_write_begin(run->ctx, run->store, &rec, run_id, replaced, &w);
    if (s) return s;
    s = write_sites(run, w, "eldercare", &run->sites, &run->clinics, &run->rsites);
    if (!s && run->demand.n)
        s = write_sites(run, w, "demand", &run->demand, &run->clinics, &run->rdemand);
    if (!s && run->partners)
        s = write_sites(run, w, "clinic", &run->clinics, &run->sites, &run->rclinics);
    for (size_t a = 0; !s && a <= run->nareas; a++) s = write_area(run, w, a);
    cov_status_t e = cov_analysis_write_end(w, !s);
    return s ? s : e;
}
