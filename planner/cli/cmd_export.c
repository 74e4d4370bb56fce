/* covplan export: write analysis results to GeoPackage, CSV or JSON. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/store.h"
#include "planner/cli/cli.h"
#include "planner/core/project.h"
#include "planner/results/export.h"

static void help(void)
{
    puts("Usage: covplan export PROJECT -o FILE [options]\n"
         "\n"
         "Write the results of covplan analyze. The format follows the file name:\n"
         "  .gpkg   GeoPackage: layers sites (points with class), links (site to nearest\n"
         "          clinic) and areas (polygons with indicators), with a QGIS style for sites\n"
         "  .csv    one table, UTF-8 with BOM so that Excel shows Chinese (--what picks which)\n"
         "  .json   one object {run, sites, links, areas} for scripts\n"
         "CSV and JSON are byte-identical for the same project content. See\n"
         "docs/commands/export.md for the columns.\n"
         "\n"
         "Options:\n"
         "  -o, --output FILE     the file to write (required)\n"
         "  -f, --format F        gpkg, csv or json (default: from the file name)\n"
         "  --what W              sites, areas, links or all (default: all; CSV: sites)\n"
         "  --run ID              the analysis run (default: the latest)\n"
         "  --scenario NAME       the latest run of this scenario (sites it adds included)\n"
         "  --overwrite           replace an existing FILE\n"
         "  --level LEVEL         areas rolled up to province, prefecture, county or township:\n"
         "                        counts summed, shares and distance percentiles recomputed\n"
         "                        from the sites (never averaged)\n"
         "  -h, --help            show this help");
}

enum { O_WHAT = 256, O_RUN, O_OVERWRITE, O_SCENARIO, O_LEVEL };

int cmd_export(cov_ctx_t *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {{"output", required_argument, NULL, 'o'},
                                             {"format", required_argument, NULL, 'f'},
                                             {"what", required_argument, NULL, O_WHAT},
                                             {"run", required_argument, NULL, O_RUN},
                                             {"scenario", required_argument, NULL, O_SCENARIO},
                                             {"overwrite", no_argument, NULL, O_OVERWRITE},
                                             {"level", required_argument, NULL, O_LEVEL},
                                             {"quiet", no_argument, NULL, 'q'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    cov_export_opts_t o = {0};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:f:hq", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': o.output = optarg; break;
        case 'f': o.format = optarg; break;
        case O_WHAT:
            if (!cov_export_what_parse(optarg, &o.what))
                return cli_usage("export", "--what must be sites, areas, links or all, not '%s'",
                                 optarg);
            break;
        case O_RUN: {
            char *end;
            o.run_id = strtoll(optarg, &end, 10);
            if (*end || o.run_id < 1)
                return cli_usage("export", "--run needs a run id (a positive number), not '%s'",
                                 optarg);
            break;
        }
        case O_SCENARIO: o.scenario = optarg; break;
        case O_OVERWRITE: o.overwrite = true; break;
        case O_LEVEL: o.level = optarg; break;
        case 'q': break;
        case 'h': help(); return 0;
        default: return cli_usage("export", "unknown option");
        }
    }
    if (optind != argc - 1) return cli_usage("export", "expected one PROJECT file");
    if (!o.output) return cli_usage("export", "name the output with -o FILE");
    cov_store_t *store;
    cov_status_t s = cov_project_open(ctx, argv[optind], true, &store);
    if (s) return cli_fail(ctx, s);
    cov_export_result_t res;
    s = cov_export(ctx, store, &o, &res);
    cov_store_close(store);
    if (s) return cli_fail(ctx, s);
    printf("exported run %lld to %s (%s):", res.run_id, o.output, res.format);
    if (res.nsites) printf(" %zu sites", res.nsites);
    if (res.nlinks) printf(" %zu links", res.nlinks);
    if (res.nareas) printf(" %zu areas", res.nareas);
    printf("\n");
    return 0;
}
