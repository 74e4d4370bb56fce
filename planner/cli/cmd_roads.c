/* covplan roads: import a road network, its statistics, network distances and service areas. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/store.h"
#include "planner/cli/cli.h"
#include "planner/core/project.h"
#include "planner/roads/roads.h"

static void help(void)
{
    puts("Usage: covplan roads PROJECT import FILE [--layer NAME] [--src-crs CRS]\n"
         "                     [--highway-field F] [--replace]\n"
         "       covplan roads PROJECT stats\n"
         "       covplan roads PROJECT nearest [--profile walk|drive] [--metric length|time]\n"
         "                     [--from-clinic] [--speeds FILE] [--warn-snap M] [--max-snap M]\n"
         "       covplan roads PROJECT areas --costs C1,C2,... -o OUT.gpkg|--store [--profile P]\n"
         "                     [--metric length|time] [--width M] [--speeds FILE] [--overwrite]\n"
         "\n"
         "import   build a routable graph from a line layer (an .osm.pbf reads layer 'lines';\n"
         "         one-way from 'oneway' or OSM 'other_tags') into tables roads and nodes\n"
         "stats    nodes, edges, length, connected components, dropped pieces\n"
         "nearest  the nearest clinic along the roads for every facility and demand point in\n"
         "         one multi-source pass; table network_nearest\n"
         "areas    service areas of every clinic for each cost (minutes for --metric time,\n"
         "         metres for length), a GeoPackage layer service_areas\n"
         "\n"
         "Options:\n"
         "  -l, --layer NAME      the layer to read\n"
         "  --src-crs CRS         the file's CRS when it has none or a wrong one\n"
         "  --highway-field F     the road class field (default highway; none: class road)\n"
         "  --replace             replace the project's road network\n"
         "  --profile P           walk (default; ignores one-way) or drive\n"
         "  --metric M            length (metres, default) or time (seconds; minutes for areas)\n"
         "  --from-clinic         costs from the clinic to the site (default: site to clinic)\n"
         "  --speeds FILE         road class speeds (default data/road_speeds.csv)\n"
         "  --warn-snap M         warn about points farther from a road (default 500)\n"
         "  --max-snap M          points farther from any road are unreached (default 2000)\n"
         "  --costs LIST          service-area costs, e.g. 5,10,15\n"
         "  --width M             service-area buffer around reachable roads (default 25)\n"
         "  -o, --output FILE     service-area GeoPackage\n"
         "  --overwrite           replace the output file\n"
         "  --store               keep the areas in the project (table service_areas) for\n"
         "                        covplan map --service-areas; -o is then optional\n"
         "  -q, --quiet           no progress\n"
         "See docs/commands/roads.md.");
}

static void print_stats(const cov_graph_stats_t *s)
{
    printf("nodes %zu, edges %zu, length %.3f km\n", s->nodes, s->edges, s->length_m / 1000);
    printf("components %zu; largest %zu nodes; outside it %zu edges, %.3f km\n", s->components,
           s->largest_nodes, s->fragment_edges, s->fragment_length_m / 1000);
    printf("lines %zu; dropped: %zu zero-length lines, %zu zero-length segments; %zu loops "
           "split\n",
           s->lines_in, s->lines_dropped, s->zero_segments, s->loops_split);
}

static bool parse_num(const char *s, double *out)
{
    char *end;
    *out = strtod(s, &end);
    return *s && !*end && isfinite(*out);
}

enum {
    O_SRC = 256,
    O_HW,
    O_REPLACE,
    O_PROFILE,
    O_METRIC,
    O_FROM,
    O_SPEEDS,
    O_WARN,
    O_MAX,
    O_COSTS,
    O_WIDTH,
    O_OVERWRITE,
    O_STORE
};

int cmd_roads(cov_ctx_t *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {{"layer", required_argument, NULL, 'l'},
                                             {"src-crs", required_argument, NULL, O_SRC},
                                             {"highway-field", required_argument, NULL, O_HW},
                                             {"replace", no_argument, NULL, O_REPLACE},
                                             {"profile", required_argument, NULL, O_PROFILE},
                                             {"metric", required_argument, NULL, O_METRIC},
                                             {"from-clinic", no_argument, NULL, O_FROM},
                                             {"speeds", required_argument, NULL, O_SPEEDS},
                                             {"warn-snap", required_argument, NULL, O_WARN},
                                             {"max-snap", required_argument, NULL, O_MAX},
                                             {"costs", required_argument, NULL, O_COSTS},
                                             {"width", required_argument, NULL, O_WIDTH},
                                             {"output", required_argument, NULL, 'o'},
                                             {"overwrite", no_argument, NULL, O_OVERWRITE},
                                             {"store", no_argument, NULL, O_STORE},
                                             {"quiet", no_argument, NULL, 'q'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    cov_roads_import_opts_t io = {0};
    cov_roads_nearest_opts_t no = {0};
    cov_roads_area_opts_t ao = {0};
    double costs[64];
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "l:o:hq", longopts, NULL)) != -1) {
        switch (c) {
        case 'l': io.layer = optarg; break;
        case O_SRC: io.src_crs = optarg; break;
        case O_HW: io.highway_field = optarg; break;
        case O_REPLACE: io.replace = true; break;
        case O_PROFILE:
            if (strcmp(optarg, "walk") && strcmp(optarg, "drive"))
                return cli_usage("roads", "--profile is walk or drive, not '%s'", optarg);
            no.profile = ao.profile =
                strcmp(optarg, "drive") == 0 ? COV_PROFILE_DRIVE : COV_PROFILE_WALK;
            break;
        case O_METRIC:
            if (strcmp(optarg, "length") && strcmp(optarg, "time"))
                return cli_usage("roads", "--metric is length or time, not '%s'", optarg);
            no.metric = ao.metric =
                strcmp(optarg, "time") == 0 ? COV_METRIC_TIME : COV_METRIC_LENGTH;
            break;
        case O_FROM: no.from_clinic = true; break;
        case O_SPEEDS: no.speeds = ao.speeds = optarg; break;
        case O_WARN:
        case O_MAX:
        case O_WIDTH: {
            double v;
            if (!parse_num(optarg, &v) || v <= 0)
                return cli_usage("roads", "expected a positive number of metres, not '%s'", optarg);
            if (c == O_WARN)
                no.warn_snap = v;
            else if (c == O_MAX)
                no.max_snap = v;
            else
                ao.width = v;
            break;
        }
        case O_COSTS: {
            char *dup = strdup(optarg), *save = NULL;
            ao.ncosts = 0;
            for (char *t = strtok_r(dup, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
                double v;
                if (ao.ncosts == 64 || !parse_num(t, &v) || v <= 0) {
                    free(dup);
                    return cli_usage("roads", "--costs takes positive numbers, e.g. 5,10,15");
                }
                costs[ao.ncosts++] = v;
            }
            free(dup);
            ao.costs = costs;
            break;
        }
        case 'o': ao.output = optarg; break;
        case O_OVERWRITE: ao.overwrite = true; break;
        case O_STORE: ao.store = true; break;
        case 'q': break;
        case 'h': help(); return 0;
        default: return cli_usage("roads", "unknown option");
        }
    }
    if (argc - optind < 2) return cli_usage("roads", "expected PROJECT and an action");
    const char *project = argv[optind], *action = argv[optind + 1];
    int nargs = argc - optind - 2;
    bool is_import = strcmp(action, "import") == 0;
    if (!is_import && strcmp(action, "stats") && strcmp(action, "nearest") &&
        strcmp(action, "areas"))
        return cli_usage("roads", "unknown action '%s' (import, stats, nearest, areas)", action);
    if (nargs != (is_import ? 1 : 0))
        return cli_usage("roads", is_import ? "import expects one FILE" : "unexpected argument");
    if (strcmp(action, "areas") == 0 && ((!ao.output && !ao.store) || !ao.ncosts))
        return cli_usage("roads", "areas needs --costs and -o OUT.gpkg or --store");
    cov_store_t *store;
    cov_status_t s = cov_project_open(ctx, project, strcmp(action, "stats") == 0, &store);
    if (s) return cli_fail(ctx, s);
    if (is_import) {
        cov_roads_import_summary_t sum;
        s = cov_roads_import(ctx, store, argv[optind + 2], &io, &sum);
        if (!s) {
            printf("imported %lld road lines from %s (%lld features; %lld not lines; %lld "
                   "one-way)\n",
                   (long long)sum.stats.lines_in, argv[optind + 2], sum.features, sum.non_lines,
                   sum.oneway);
            if (sum.crs_chosen) {
                char label[64];
                cov_store_crs_label(store, label, sizeof label);
                printf("working CRS chosen from the roads: %s\n", label);
            }
            print_stats(&sum.stats);
        }
    } else if (strcmp(action, "stats") == 0) {
        cov_graph_stats_t st;
        if (!(s = cov_roads_stats(ctx, store, &st))) print_stats(&st);
    } else if (strcmp(action, "nearest") == 0) {
        cov_roads_nearest_summary_t sum;
        if (!(s = cov_roads_nearest(ctx, store, &no, &sum))) {
            bool t = no.metric == COV_METRIC_TIME;
            printf("clinics %zu, elder-care sites %zu, demand points %zu; %s %s, %s\n", sum.clinics,
                   sum.sites, sum.demand, no.profile ? "drive" : "walk", t ? "time" : "length",
                   no.from_clinic ? "from the clinic" : "to the clinic");
            printf("elder-care sites: median %.1f %s, max %.1f %s; unreached facilities %zu; "
                   "far from a road %zu\n",
                   t ? sum.median_cost / 60 : sum.median_cost, t ? "min" : "m",
                   t ? sum.max_cost / 60 : sum.max_cost, t ? "min" : "m", sum.unreached,
                   sum.far_snaps);
        }
    } else {
        size_t n;
        if (!(s = cov_roads_service_areas(ctx, store, &ao, &n)))
            printf("wrote %zu service areas to %s (%s service_areas)\n", n,
                   ao.output ? ao.output : "the project", ao.output ? "layer" : "table");
    }
    cov_store_close(store);
    return s ? cli_fail(ctx, s) : 0;
}
