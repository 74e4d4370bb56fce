/* covplan analyze: coverage and co-location of elder-care sites and clinics. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/store.h"
#include "planner/analyze/analyze.h"
#include "planner/cli/cli.h"
#include "planner/core/levels.h"
#include "planner/core/project.h"
#include "planner/results/export.h"

static void help(void)
{
    puts("Usage: covplan analyze PROJECT [options]\n"
         "\n"
         "For every elder-care site: the nearest clinic, the k nearest, the clinics within each\n"
         "radius and a co-location class; per area and for the whole study area: counts,\n"
         "capacity per 1000 elderly, class shares, the elderly share within each radius of a\n"
         "clinic, median/p90/max nearest distance and the unserved sites. Results are stored in\n"
         "the project (tables analysis_runs, site_coverage, area_coverage); a run with the same\n"
         "parameters replaces the earlier one. See docs/commands/analyze.md.\n"
         "\n"
         "Classes (gb50180, boundaries inclusive: a site at exactly 300 m is adjoining):\n"
         "  co-sited <= 50 m, adjoining <= 300 m, 10-min <= 500 m, 15-min <= 1000 m, beyond\n"
         "\n"
         "Options:\n"
         "  --preset NAME          radius preset: gb50180 (urban, GB 50180-2018 life circles;\n"
         "                         default) or rural (50, 500, 2500, 5000 m)\n"
         "  --radii R1,R2,...      radii in metres, increasing (e.g. 50,300,500,1000)\n"
         "  --clinics SPEC         which health kinds are clinics: all (default), primary,\n"
         "                         public, or a comma list of kinds\n"
         "  --clinic-kinds LIST    the same as --clinics LIST\n"
         "  -k N                   nearest clinics kept per site (default 3)\n"
         "  --geodesic             distances on the ellipsoid instead of in the plane\n"
         "  --clinic-partners      also each clinic's nearest elder-care site\n"
         "  --metric planar|network  straight lines (default) or along the project's roads\n"
         "                         (covplan roads PROJECT import first)\n"
         "  --profile walk|drive   network: walking ignores one-way streets (default walk)\n"
         "  --network-cost length|time  network: radii and distances in metres along roads\n"
         "                         (default) or in minutes (give --radii in minutes)\n"
         "  --speeds FILE          network: road speed table (default data/road_speeds.csv)\n"
         "  --scenario NAME        the scenario (default base: the imported data)\n"
         "  --level LEVEL          also print the results per province, prefecture, county\n"
         "                         or township (rolled up from the areas' sites)\n"
         "  -q, --quiet            no progress\n"
         "  -h, --help             show this help");
}

static void pct(double v)
{
    if (isnan(v))
        printf("%8s", "n/a");
    else
        printf("%7.1f%%", 100.0 * v);
}

/* --level: one line per unit (rolled up from its areas' sites: never an average of shares). */
static void print_units(json_t *units, const cov_analyze_summary_t *s, const char *level,
                        const char *u)
{
    const cov_radii_t *r = &s->radii;
    printf("\nby %s (sites with a clinic within %g %s; nearest-clinic median):\n", level,
           r->r[r->n - 1], u);
    size_t i;
    json_t *row;
    json_array_foreach(units, i, row)
    {
        const char *code = json_string_value(json_object_get(row, "code"));
        const char *name = json_string_value(json_object_get(row, "name"));
        long long n = json_integer_value(json_object_get(row, "n_eldercare"));
        double within = 0;
        char key[96];
        for (size_t j = 0; j < r->n; j++) {
            snprintf(key, sizeof key, "sites_%s", r->cls[j]);
            within += (double)json_integer_value(json_object_get(row, key));
        }
        json_t *med = json_object_get(row, "dist_median");
        cli_print_padded(stdout, code ? code : "total", 14);
        cli_print_padded(stdout, name ? name : "", 16);
        if (n > 0)
            printf(" %6lld sites %6.1f%%", n, 100.0 * within / (double)n);
        else
            printf(" %6lld sites %7s", n, "-");
        if (json_is_number(med))
            printf("  median %.0f %s\n", json_number_value(med), u);
        else
            printf("\n");
    }
}

static void print_summary(const cov_analyze_summary_t *s, const char *kind, const char *u)
{
    const cov_radii_t *r = &s->radii;
    if (s->up_to_date)
        printf("run %lld (scenario %s, parameters %s): up to date, inputs unchanged since %s "
               "(reused %lld times); nothing recomputed\n",
               s->run_id, s->scenario, s->params_hash, s->computed_at, s->reused);
    else
        printf("run %lld (scenario %s, parameters %s)%s\n", s->run_id, s->scenario, s->params_hash,
               s->replaced ? ": replaced the earlier run with these parameters" : "");
    printf("clinics %zu, elder-care sites %zu, demand points %zu, areas %zu; %s distances\n\n",
           s->nclinics, s->nsites, s->ndemand, s->nareas, kind);
    printf("%-12s %-12s %7s %8s\n", "class", "distance", "sites", "share");
    for (size_t i = 0; i <= r->n; i++) {
        char range[32];
        if (i < r->n)
            snprintf(range, sizeof range, "<= %g %s", r->r[i], u);
        else
            snprintf(range, sizeof range, "> %g %s", r->n ? r->r[r->n - 1] : 0, u);
        printf("%-12s %-12s %7zu ", r->cls[i], range, s->class_count[i]);
        pct(s->nsites ? (double)s->class_count[i] / (double)s->nsites : NAN);
        printf("\n");
    }
    printf(
        "\nnearest clinic: median %.*f %s, p90 %.*f %s, max %.*f %s (nearest-rank percentiles)\n",
        *u == 'm' && !u[1] ? 0 : 1, s->median, u, *u == 'm' && !u[1] ? 0 : 1, s->p90, u,
        *u == 'm' && !u[1] ? 0 : 1, s->max, u);
    if (s->nunreached)
        printf(
            "no clinic reachable along the roads: %zu elder-care sites (class %s, no distance)\n",
            s->nunreached, r->cls[r->n]);
    printf("elderly within reach of a clinic (%s):",
           strcmp(s->method, "demand") == 0 ? "from demand points"
           : strcmp(s->method, "none") == 0 ? "along roads it needs demand points"
                                            : "elderly spread uniformly over each area");
    for (size_t i = 0; i < r->n; i++) {
        if (isnan(s->elderly_share[i]))
            printf(" %g %s n/a", r->r[i], u);
        else
            printf(" %g %s %.1f%%", r->r[i], u, 100.0 * s->elderly_share[i]);
        printf(i + 1 < r->n ? "," : "\n");
    }
    if (!isnan(s->capacity_per_1000))
        printf("elder-care capacity per 1000 elderly: %.1f\n", s->capacity_per_1000);
    else if (s->capacity_known < s->nsites)
        printf("capacity per 1000 elderly: not computed, capacity unknown for %zu of %zu sites\n",
               s->nsites - s->capacity_known, s->nsites);
    if (s->partners_beyond)
        printf("clinics with no elder-care site within %g %s: %zu\n", r->r[r->n - 1], u,
               s->partners_beyond);
    if (!s->nworst) return;
    printf("\nworst areas (highest median distance to a clinic):\n");
    size_t j = r->n > 1 ? 1 : 0;
    char within[32];
    snprintf(within, sizeof within, "<= %g %s", r->n ? r->r[j] : 0, u);
    printf("%-8s %6s %9s %9s %7s  %s\n", "code", "sites", "median", within, "beyond", "name");
    for (size_t i = 0; i < s->nworst; i++) {
        const cov_analyze_area_t *w = &s->worst[i];
        printf("%-8s %6zu %7.*f %-3s", w->code, w->nsites, *u == 'm' && !u[1] ? 0 : 1, w->median,
               u);
        pct(w->share_within[j]);
        printf("  %6zu  %s\n", w->nbeyond, w->name);
    }
}

enum {
    O_PRESET = 256,
    O_RADII,
    O_CLINICS,
    O_GEODESIC,
    O_PARTNERS,
    O_SCENARIO,
    O_LEVEL,
    O_METRIC,
    O_PROFILE,
    O_NETCOST,
    O_SPEEDS
};

int cmd_analyze(cov_ctx_t *ctx, int argc, char **argv)
{
    const char *dist[4] = {NULL, NULL, NULL, NULL}; /* metric, profile, cost, speeds */
    static const struct option longopts[] = {{"preset", required_argument, NULL, O_PRESET},
                                             {"radii", required_argument, NULL, O_RADII},
                                             {"clinics", required_argument, NULL, O_CLINICS},
                                             {"clinic-kinds", required_argument, NULL, O_CLINICS},
                                             {"geodesic", no_argument, NULL, O_GEODESIC},
                                             {"clinic-partners", no_argument, NULL, O_PARTNERS},
                                             {"scenario", required_argument, NULL, O_SCENARIO},
                                             {"level", required_argument, NULL, O_LEVEL},
                                             {"metric", required_argument, NULL, O_METRIC},
                                             {"profile", required_argument, NULL, O_PROFILE},
                                             {"network-cost", required_argument, NULL, O_NETCOST},
                                             {"speeds", required_argument, NULL, O_SPEEDS},
                                             {"quiet", no_argument, NULL, 'q'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    cov_analyze_opts_t o = {0};
    const char *level = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "k:hq", longopts, NULL)) != -1) {
        switch (c) {
        case O_PRESET: o.preset = optarg; break;
        case O_RADII: o.radii = optarg; break;
        case O_CLINICS: o.clinics = optarg; break;
        case O_GEODESIC: o.geodesic = true; break;
        case O_PARTNERS: o.clinic_partners = true; break;
        case O_SCENARIO: o.scenario = optarg; break;
        case O_LEVEL: level = optarg; break;
        case O_METRIC: dist[0] = optarg; break;
        case O_PROFILE: dist[1] = optarg; break;
        case O_NETCOST: dist[2] = optarg; break;
        case O_SPEEDS: dist[3] = optarg; break;
        case 'k': {
            char *end;
            long k = strtol(optarg, &end, 10);
            if (*end || k < 1 || k > 100)
                return cli_usage("analyze", "-k must be a whole number from 1 to 100, not '%s'",
                                 optarg);
            o.k = (size_t)k;
            break;
        }
        case 'q': break;
        case 'h': help(); return 0;
        default: return cli_usage("analyze", "unknown option");
        }
    }
    if (optind != argc - 1) return cli_usage("analyze", "expected one PROJECT file");
    cov_level_t lv;
    if (level && (!cov_level_parse(level, &lv) || lv == COV_LEVEL_VILLAGE))
        return cli_usage("analyze", "--level takes province, prefecture, county or township");
    if (cov_distance_opts_parse(ctx, dist[0], dist[1], dist[2], dist[3], &o.dist))
        return cli_fail(ctx, COV_ERR_USAGE);
    cov_store_t *store;
    cov_status_t s = cov_project_open(ctx, argv[optind], false, &store);
    if (s) return cli_fail(ctx, s);
    cov_analyze_summary_t sum;
    s = cov_analyze(ctx, store, &o, &sum);
    json_t *units = NULL; /* --level: the run's indicators per unit of that level */
    if (!s && level) s = cov_export_area_rows(ctx, store, sum.scenario, level, &units);
    cov_store_close(store);
    if (s) return cli_fail(ctx, s);
    bool net = o.dist.network;
    bool minutes = net && o.dist.cost == COV_METRIC_TIME;
    char kind[64];
    snprintf(kind, sizeof kind, "road-network (%s, %s)", cov_profile_name(o.dist.profile),
             minutes ? "minutes" : "metres");
    print_summary(&sum, net ? kind : sum.geodesic ? "geodesic" : "planar", minutes ? "min" : "m");
    if (units) print_units(units, &sum, level, minutes ? "min" : "m");
    json_decref(units);
    return 0;
}
