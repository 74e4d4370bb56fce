/* covplan analyze: coverage and co-location of elder-care sites and clinics. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/store.h"
#include "planner/analyze.h"
#include "planner/cli/cli.h"

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
         "  --scenario NAME        the scenario (default base: the imported data)\n"
         "  -q, --quiet            no progress\n"
         "  -h, --help             show this help");
}

static void pct(double v)
{
    if (isnan(v)) printf("%8s", "n/a");
    else printf("%7.1f%%", 100.0 * v);
}

static void print_summary(const cov_analyze_summary_t *s, bool geodesic)
{
    const cov_radii_t *r = &s->radii;
    printf("run %lld (scenario %s, parameters %s)%s\n", s->run_id, s->scenario, s->params_hash,
           s->replaced ? ": replaced the earlier run with these parameters" : "");
    printf("clinics %zu, elder-care sites %zu, demand points %zu, areas %zu; %s distances\n\n",
           s->nclinics, s->nsites, s->ndemand, s->nareas, geodesic ? "geodesic" : "planar");
    printf("%-12s %-12s %7s %8s\n", "class", "distance", "sites", "share");
    for (size_t i = 0; i <= r->n; i++) {
        char range[32];
        if (i < r->n) snprintf(range, sizeof range, "<= %g m", r->r[i]);
        else snprintf(range, sizeof range, "> %g m", r->n ? r->r[r->n - 1] : 0);
        printf("%-12s %-12s %7zu ", r->cls[i], range, s->class_count[i]);
        pct(s->nsites ? (double)s->class_count[i] / (double)s->nsites : NAN);
        printf("\n");
    }
    printf("\nnearest clinic: median %.0f m, p90 %.0f m, max %.0f m (nearest-rank percentiles)\n",
           s->median, s->p90, s->max);
    printf("elderly within reach of a clinic (%s):",
           strcmp(s->method, "demand") == 0 ? "from demand points"
                                            : "elderly spread uniformly over each area");
    for (size_t i = 0; i < r->n; i++) {
        if (isnan(s->elderly_share[i])) printf(" %g m n/a", r->r[i]);
        else printf(" %g m %.1f%%", r->r[i], 100.0 * s->elderly_share[i]);
        printf(i + 1 < r->n ? "," : "\n");
    }
    if (!isnan(s->capacity_per_1000))
        printf("elder-care capacity per 1000 elderly: %.1f\n", s->capacity_per_1000);
    else if (s->capacity_known < s->nsites)
        printf("capacity per 1000 elderly: not computed, capacity unknown for %zu of %zu sites\n",
               s->nsites - s->capacity_known, s->nsites);
    if (s->partners_beyond)
        printf("clinics with no elder-care site within %g m: %zu\n", r->r[r->n - 1],
               s->partners_beyond);
    if (!s->nworst) return;
    printf("\nworst areas (highest median distance to a clinic):\n");
    size_t j = r->n > 1 ? 1 : 0;
    char within[32];
    snprintf(within, sizeof within, "<= %g m", r->n ? r->r[j] : 0);
    printf("%-8s %6s %9s %9s %7s  %s\n", "code", "sites", "median", within, "beyond", "name");
    for (size_t i = 0; i < s->nworst; i++) {
        const cov_analyze_area_t *w = &s->worst[i];
        printf("%-8s %6zu %7.0f m ", w->code, w->nsites, w->median);
        pct(w->share_within[j]);
        printf("  %6zu  %s\n", w->nbeyond, w->name);
    }
}

enum { O_PRESET = 256, O_RADII, O_CLINICS, O_GEODESIC, O_PARTNERS, O_SCENARIO };

int cmd_analyze(cov_ctx_t *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"preset", required_argument, NULL, O_PRESET},
        {"radii", required_argument, NULL, O_RADII},
        {"clinics", required_argument, NULL, O_CLINICS},
        {"clinic-kinds", required_argument, NULL, O_CLINICS},
        {"geodesic", no_argument, NULL, O_GEODESIC},
        {"clinic-partners", no_argument, NULL, O_PARTNERS},
        {"scenario", required_argument, NULL, O_SCENARIO},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    cov_analyze_opts_t o = {0};
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
    cov_store_t *store;
    cov_status_t s = cov_store_open(ctx, argv[optind], false, &store);
    if (s) return cli_fail(ctx, s);
    cov_analyze_summary_t sum;
    s = cov_analyze(ctx, store, &o, &sum);
    cov_store_close(store);
    if (s) return cli_fail(ctx, s);
    print_summary(&sum, o.geodesic);
    return 0;
}
