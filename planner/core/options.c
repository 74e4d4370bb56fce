/* Options parsed once, at the edge (see options.h). */
#include "planner/core/options.h"

#include <string.h>

cov_status_t cov_distance_opts_parse(cov_ctx_t *ctx, const char *metric, const char *profile,
                                     const char *network_cost, const char *speeds,
                                     cov_distance_opts_t *out)
{
    memset(out, 0, sizeof *out);
    if (!metric || strcmp(metric, "planar") == 0) {
        if (profile || network_cost || speeds)
            return cov_fail(ctx, COV_ERR_USAGE,
                            "--profile, --network-cost and --speeds need --metric network");
        return COV_OK;
    }
    if (strcmp(metric, "network") != 0)
        return cov_fail(ctx, COV_ERR_USAGE, "--metric '%s': use planar or network", metric);
    out->network = true;
    if (profile && strcmp(profile, "walk") && strcmp(profile, "drive"))
        return cov_fail(ctx, COV_ERR_USAGE, "--profile '%s': use walk or drive", profile);
    if (network_cost && strcmp(network_cost, "length") && strcmp(network_cost, "time"))
        return cov_fail(ctx, COV_ERR_USAGE,
                        "--network-cost '%s': use length (metres) or time (minutes)", network_cost);
    out->profile = profile && strcmp(profile, "drive") == 0 ? COV_PROFILE_DRIVE : COV_PROFILE_WALK;
    out->cost =
        network_cost && strcmp(network_cost, "time") == 0 ? COV_METRIC_TIME : COV_METRIC_LENGTH;
    out->speeds = speeds;
    return COV_OK;
}

const char *cov_profile_name(cov_profile_t p) { return p == COV_PROFILE_DRIVE ? "drive" : "walk"; }

const char *cov_metric_name(cov_metric_t m) { return m == COV_METRIC_TIME ? "time" : "length"; }

const char *cov_distance_unit(const cov_distance_opts_t *d)
{
    return d->network && d->cost == COV_METRIC_TIME ? "min" : "m";
}

static const char *const DEMAND_NAMES[] = {"", "demand", "eldercare", "eldercare-capacity",
                                           "areas"};

bool cov_demand_source_parse(const char *text, cov_demand_source_t *out)
{
    *out = COV_DEMAND_DEFAULT;
    if (!text || !*text) return true;
    for (int i = 1; i < 5; i++)
        if (strcmp(text, DEMAND_NAMES[i]) == 0) {
            *out = (cov_demand_source_t)i;
            return true;
        }
    return false;
}

const char *cov_demand_source_name(cov_demand_source_t d)
{
    return (unsigned)d < 5 ? DEMAND_NAMES[d] : "";
}
