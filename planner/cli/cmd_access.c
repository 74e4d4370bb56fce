/* covplan access: accessibility scores (2SFCA and its family, gravity, RAAM) per location and
 * per area. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/store.h"
#include "planner/access/access_run.h"
#include "planner/cli/cli.h"
#include "planner/core/project.h"

static void help(void)
{
    puts("Usage: covplan access PROJECT --method M --catchment D [options]\n"
         "\n"
         "Accessibility of clinics for the elderly: near *and* not overloaded. For every demand\n"
         "location a score, and per area the demand-weighted mean. Stored in the project (tables\n"
         "access_runs, access_results, access_supply, access_areas); a run with the same\n"
         "parameters replaces the earlier one. See docs/commands/access.md.\n"
         "\n"
         "Methods (--method):\n"
         "  fca       supply within D / demand within D of each demand location\n"
         "  2sfca     R_j = S_j / sum w P_i (demand within D of clinic j); A_i = sum w R_j\n"
         "  e2sfca    2sfca with step weights (default: D/3 -> 1, 2D/3 -> 0.68, D -> 0.22)\n"
         "  3sfca     e2sfca with selection weights G_ij = w_ij / sum_k w_ik\n"
         "  gravity   weighted catchment sum S_j w(c_ij) (default gravity:D/3,-1,D/30)\n"
         "  raam      rational agent access model: travel/tau + congestion (a cost: lower is\n"
         "            better)\n"
         "\n"
         "Options:\n"
         "  --catchment D          the catchment: metres, or the cost file's unit (required)\n"
         "  --weights SPEC         none | step:C1=W1,C2=W2,... | gaussian:SIGMA |\n"
         "                         gravity:SCALE,ALPHA[,MIN]  (w = (max(c,MIN)/SCALE)^ALPHA)\n"
         "  --supply-field F       capacity (default; 1 where unknown, and said so) or none\n"
         "  --clinic-kinds LIST    all (default), primary, public, public-primary or kinds,\n"
         "                         e.g. general_outpatient_clinic,public_clinic\n"
         "  --demand SRC           demand (points), eldercare (sites, weighted by capacity or 1)\n"
         "                         or areas (elderly at a point on each area's surface);\n"
         "                         default: demand when the project has demand points, else areas\n"
         "  --normalize            divide every score by the demand-weighted mean\n"
         "  --costs FILE           CSV origin,destination,cost (demand code -> clinic code;\n"
         "                         asymmetric allowed) instead of planar distances\n"
         "  --tau T                raam: travel cost worth 100% congestion (default 60 with\n"
         "                         --costs or network minutes, else 1000 m)\n"
         "  --scenario NAME         a scenario's facilities (default: base, the imported data)\n"
         "  --metric planar|network  costs in a straight line (default) or along the project's\n"
         "                         roads (covplan roads PROJECT import first)\n"
         "  --profile walk|drive   network: walking ignores one-way streets (default walk)\n"
         "  --network-cost length|time  network: metres (default) or minutes; the catchment\n"
         "                         and weights are in that unit\n"
         "  --speeds FILE          network: road speed table (default data/road_speeds.csv)\n"
         "  --json                 print the stored run as JSON instead of the table\n"
         "  -o, --output FILE      also write FILE: .csv (UTF-8 with BOM), .xlsx (Excel) or .json\n"
         "  --what T               what a CSV holds: areas (default), locations or supply; an\n"
         "                         .xlsx holds all three sheets unless --what names one\n"
         "  -q, --quiet            no progress\n"
         "  -h, --help             show this help");
}

static void num(double v, const char *fmt, int width)
{
    if (isnan(v))
        printf("%*s", width, "n/a");
    else
        printf(fmt, width, v);
}

static void print_summary(const cov_access_summary_t *s, bool costs)
{
    const char *unit = costs ? "" : " m";
    printf("access %s (run %lld%s): catchment %g%s%s, weights %s%s\n", s->method, s->run_id,
           s->replaced ? ", replaced the earlier run with these parameters" : "", s->catchment,
           unit, s->geodesic ? " on the ellipsoid (geodesic)" : "", s->weights,
           s->normalized ? ", normalised by the demand-weighted mean" : "");
    printf("supply: %zu clinics (%s), total %.10g", s->nsupply, s->clinic_kinds, s->total_supply);
    if (s->supply_defaulted)
        printf("; capacity unknown for %zu of them: supply 1 each", s->supply_defaulted);
    printf("\ndemand: %zu %s, total %.10g", s->ndemand,
           !strcmp(s->demand_source, "areas")       ? "areas (elderly at a point on the surface)"
           : !strcmp(s->demand_source, "eldercare") ? "elder-care sites"
                                                    : "demand points",
           s->total_demand);
    if (s->demand_defaulted)
        printf("; capacity unknown for %zu sites: weight 1", s->demand_defaulted);
    if (s->demand_skipped) printf("; %zu left out (no weight)", s->demand_skipped);
    printf("\npairs within the catchment: %zu", s->npairs);
    if (costs) printf(" (cost file rows %zu, of this run %zu)", s->cost_rows, s->cost_rows_used);
    printf("\n");
    if (s->n_no_access)
        printf("no clinic within the catchment (no access, n/a): %zu demand locations\n",
               s->n_no_access);
    if (s->n_supply_idle)
        printf("clinics with no demand within the catchment (ratio undefined, left out): %zu\n",
               s->n_supply_idle);
    printf("\n%-8s %12s %5s %6s %14s %10s  %s\n", "code", "demand", "locs", "no acc",
           !strcmp(s->method, "raam") ? "cost" : "score", s->per_1000 ? "per 1000" : "", "name");
    for (size_t a = 0; a <= s->nareas; a++) {
        const cov_access_area_row_t *r = a < s->nareas ? &s->areas[a] : &s->total;
        if (a < s->nareas && r->nloc == 0) continue;
        printf("%-8s %12.0f %5zu %6zu ", r->code, r->demand, r->nloc, r->n_no_access);
        num(r->value, "%*.8g", 14);
        printf(" ");
        if (s->per_1000)
            num(r->value * 1000.0, "%*.4f", 10);
        else
            printf("%10s", "");
        printf("  %s\n", r->name);
    }
}

enum {
    O_METHOD = 256,
    O_CATCH,
    O_WEIGHTS,
    O_SUPPLY,
    O_KINDS,
    O_DEMAND,
    O_NORM,
    O_COSTS,
    O_TAU,
    O_JSON,
    O_WHAT,
    O_METRIC,
    O_PROFILE,
    O_NETCOST,
    O_SPEEDS,
    O_SCENARIO
};

static int parse_num(const char *opt, const char *text, double *out)
{
    char *end;
    *out = strtod(text, &end);
    if (end == text || *end) return cli_usage("access", "%s '%s' is not a number", opt, text);
    return 0;
}

int cmd_access(cov_ctx_t *ctx, int argc, char **argv)
{
    const char *dist[4] = {NULL, NULL, NULL, NULL}; /* metric, profile, cost, speeds */
    static const struct option longopts[] = {{"method", required_argument, NULL, O_METHOD},
                                             {"catchment", required_argument, NULL, O_CATCH},
                                             {"weights", required_argument, NULL, O_WEIGHTS},
                                             {"supply-field", required_argument, NULL, O_SUPPLY},
                                             {"clinic-kinds", required_argument, NULL, O_KINDS},
                                             {"clinics", required_argument, NULL, O_KINDS},
                                             {"demand", required_argument, NULL, O_DEMAND},
                                             {"normalize", no_argument, NULL, O_NORM},
                                             {"costs", required_argument, NULL, O_COSTS},
                                             {"tau", required_argument, NULL, O_TAU},
                                             {"json", no_argument, NULL, O_JSON},
                                             {"what", required_argument, NULL, O_WHAT},
                                             {"metric", required_argument, NULL, O_METRIC},
                                             {"scenario", required_argument, NULL, O_SCENARIO},
                                             {"profile", required_argument, NULL, O_PROFILE},
                                             {"network-cost", required_argument, NULL, O_NETCOST},
                                             {"speeds", required_argument, NULL, O_SPEEDS},
                                             {"output", required_argument, NULL, 'o'},
                                             {"quiet", no_argument, NULL, 'q'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    cov_access_opts_t o = {0};
    o.catchment = NAN;
    const char *output = NULL, *what = NULL;
    bool json = false;
    int c, rc;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:hq", longopts, NULL)) != -1) {
        switch (c) {
        case O_METHOD: o.method = optarg; break;
        case O_CATCH:
            if ((rc = parse_num("--catchment", optarg, &o.catchment))) return rc;
            break;
        case O_WEIGHTS: o.weights = optarg; break;
        case O_SUPPLY: o.supply_field = optarg; break;
        case O_KINDS: o.clinic_kinds = optarg; break;
        case O_DEMAND: o.demand = optarg; break;
        case O_NORM: o.normalize = true; break;
        case O_COSTS: o.costs = optarg; break;
        case O_TAU:
            if ((rc = parse_num("--tau", optarg, &o.tau))) return rc;
            break;
        case O_JSON: json = true; break;
        case O_WHAT: what = optarg; break;
        case O_METRIC: dist[0] = optarg; break;
        case O_SCENARIO: o.scenario = optarg; break;
        case O_PROFILE: dist[1] = optarg; break;
        case O_NETCOST: dist[2] = optarg; break;
        case O_SPEEDS: dist[3] = optarg; break;
        case 'o': output = optarg; break;
        case 'q': break;
        case 'h': help(); return 0;
        default: return cli_usage("access", "unknown option");
        }
    }
    if (optind != argc - 1) return cli_usage("access", "expected one PROJECT file");
    if (!o.method)
        return cli_usage("access",
                         "--method is required (fca, 2sfca, e2sfca, 3sfca, gravity or raam)");
    if (isnan(o.catchment)) return cli_usage("access", "--catchment is required");
    if (cov_distance_opts_parse(ctx, dist[0], dist[1], dist[2], dist[3], &o.dist))
        return cli_fail(ctx, COV_ERR_USAGE);
    if (output) { /* checked before the run so that a bad name stores nothing */
        const char *dot = strrchr(output, '.');
        if (!dot || (strcmp(dot, ".csv") && strcmp(dot, ".xlsx") && strcmp(dot, ".json")))
            return cli_usage("access", "-o '%s': name the file .csv, .xlsx or .json", output);
    }
    if (what && strcmp(what, "areas") && strcmp(what, "locations") && strcmp(what, "supply") &&
        strcmp(what, "all"))
        return cli_usage("access", "--what '%s': use areas, locations, supply or all (.xlsx)",
                         what);
    cov_store_t *store;
    cov_status_t s = cov_project_open(ctx, argv[optind], false, &store);
    if (s) return cli_fail(ctx, s);
    cov_access_summary_t sum;
    s = cov_access_run(ctx, store, &o, &sum);
    if (!s && output) s = cov_access_export(ctx, store, sum.run_id, output, NULL, what);
    char *text = NULL;
    if (!s && json) s = cov_access_json(ctx, store, sum.run_id, &text);
    cov_store_close(store);
    if (s) {
        cov_access_summary_free(&sum);
        return cli_fail(ctx, s);
    }
    if (json)
        puts(text);
    else
        print_summary(&sum, o.costs != NULL || (o.dist.network && o.dist.cost == COV_METRIC_TIME));
    free(text);
    cov_access_summary_free(&sum);
    return 0;
}
