/* Storing a siting run: its summary, choices and area effects handed to the data layer
 * (planner/core/site_store.c), which writes them in one transaction. */
#include <math.h>
#include <stdlib.h>

#include "planner/core/site_store.h"
#include "planner/site/site_plan_private.h"

static double share(double part, double whole) { return whole > 0 ? part / whole : NAN; }

cov_status_t site_store(cov_site_plan_t *pl)
{
    const cov_site_result_t *r = &pl->res;
    bool cover = pl->o.solve.radius > 0;
    cov_site_run_rec_t run = {.scenario = pl->o.scenario ? pl->o.scenario : "base",
                              .params_json = pl->params_json,
                              .params_hash = pl->hash,
                              .model = cov_site_model_name(r->model),
                              .method = r->method,
                              .bound_kind = r->bound_kind,
                              .p = (long long)pl->o.solve.p,
                              .n_candidates = (long long)pl->cand.n,
                              .n_demand = (long long)pl->dem.n,
                              .n_existing = (long long)pl->exist.n,
                              .n_chosen = (long long)r->nchosen,
                              .radius = cover ? pl->o.solve.radius : NAN,
                              .objective = r->objective,
                              .bound = r->bound,
                              .gap = r->gap,
                              .optimal = r->optimal,
                              .total_weight = r->total_weight,
                              .cover = cover,
                              .covered_before = r->covered_before,
                              .covered_after = r->covered_after,
                              .share_before = share(r->covered_before, r->total_weight),
                              .share_after = share(r->covered_after, r->total_weight),
                              .ncovered_before = (long long)r->ncovered_before,
                              .ncovered_after = (long long)r->ncovered_after,
                              .uncoverable_weight = r->uncoverable_weight,
                              .n_uncoverable = (long long)r->nuncoverable,
                              .mean_before = r->mean_before,
                              .mean_after = r->mean_after,
                              .max_before = r->max_before,
                              .max_after = r->max_after};
    cov_site_choice_rec_t *ch = calloc(r->nchosen ? r->nchosen : 1, sizeof *ch);
    cov_site_area_rec_t *ar = calloc(pl->narea_fx ? pl->narea_fx : 1, sizeof *ar);
    if (!ch || !ar) {
        free(ch);
        free(ar);
        return cov_fail(pl->ctx, COV_ERR_NOMEM, "out of memory");
    }
    for (size_t k = 0; k < r->nchosen; k++) {
        const cov_site_choice_t *c = &pl->choices[k];
        ch[k] = (cov_site_choice_rec_t){.rank = (long long)c->rank,
                                        .source = c->source,
                                        .facility_id = c->facility_id,
                                        .name = c->name,
                                        .area_id = pl->cand.area[r->chosen[k]],
                                        .x = c->x,
                                        .y = c->y,
                                        .gain = c->gain,
                                        .gain_cost = c->gain_cost,
                                        .covered_cum = c->covered_cum};
    }
    for (size_t a = 0; a < pl->narea_fx; a++) {
        const cov_site_area_t *f = &pl->area_fx[a];
        ar[a] = (cov_site_area_rec_t){.area_id = f->id,
                                      .weight = f->weight,
                                      .cover = cover,
                                      .before = f->before,
                                      .after = f->after,
                                      .share_before = share(f->before, f->weight),
                                      .share_after = share(f->after, f->weight),
                                      .new_sites = (long long)f->new_sites};
    }
    pl->run_id = 0;
    cov_status_t s = cov_site_store_write(pl->ctx, pl->store, &run, ch, r->nchosen, ar,
                                          pl->narea_fx, &pl->run_id, &pl->replaced);
    free(ch);
    free(ar);
    return s;
}
