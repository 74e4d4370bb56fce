/* Storing an accessibility run: its parameters, scores and area rows handed to the data layer
 * (planner/core/access_store.c), which writes them in one transaction. */
#include <stdlib.h>

#include "planner/access/access_private.h"
#include "planner/core/access_store.h"

static size_t count_flags(const access_points_t *p)
{
    size_t n = 0;
    for (size_t i = 0; i < p->n; i++) n += p->defaulted[i];
    return n;
}

cov_status_t access_db_write(access_run_t *run, cov_access_summary_t *sum)
{
    const char *scenario = run->o->scenario ? run->o->scenario : "base";
    cov_access_run_rec_t r = {.scenario = scenario,
                              .params_hash = run->hash,
                              .params_json = run->params_json,
                              .method = sum->method,
                              .weights = sum->weights,
                              .supply_field = run->supply_field,
                              .clinic_kinds = sum->clinic_kinds,
                              .demand_source = sum->demand_source,
                              .costs = run->o->costs,
                              .catchment = sum->catchment,
                              .normalized = sum->normalized,
                              .n_supply = sum->nsupply,
                              .n_supply_default = count_flags(&run->supply),
                              .n_demand = sum->ndemand,
                              .n_demand_default = count_flags(&run->demand),
                              .n_pairs = sum->npairs,
                              .n_no_access = sum->n_no_access,
                              .n_supply_idle = sum->n_supply_idle,
                              .total_supply = sum->total_supply,
                              .total_demand = sum->total_demand,
                              .mean = sum->mean};
    const access_points_t *d = &run->demand, *p = &run->supply;
    cov_access_locations_t loc = {.n = d->n,
                                  .layer = run->layer,
                                  .id = d->id,
                                  .area = d->area,
                                  .code = d->code,
                                  .demand = d->w,
                                  .demand_default = d->defaulted,
                                  .n_in_reach = run->res.nreach,
                                  .value = run->res.value,
                                  .x = d->x,
                                  .y = d->y};
    cov_access_supply_t sup = {.n = p->n,
                               .id = p->id,
                               .code = p->code,
                               .supply = p->w,
                               .supply_default = p->defaulted,
                               .demand_in_reach = run->res.demand_reach,
                               .ratio = run->res.ratio};
    return cov_access_store_write(run->ctx, run->store, &r, &loc, &sup, sum->areas, sum->nareas,
                                  &sum->total, sum->per_1000, &sum->run_id, &sum->replaced);
}
