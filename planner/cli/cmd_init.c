/* covplan init: create a project database. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "geo/crs.h"
#include "geo/store.h"
#include "planner/cli/cli.h"
#include "planner/core/project.h"

static void help(void)
{
    puts("Usage: covplan init PROJECT [--crs CRS] [--overwrite]\n"
         "\n"
         "Create an empty covplan project: one SpatiaLite file that holds the working CRS,\n"
         "the imported layers and every analysis result. Open it in QGIS like any SpatiaLite\n"
         "database.\n"
         "\n"
         "Options:\n"
         "  --crs CRS      the working CRS: a projected CRS in metres, e.g. EPSG:4545\n"
         "                 (CGCS2000 / 3-degree Gauss-Kruger CM 108E), EPSG:2326 (Hong Kong\n"
         "                 1980 Grid) or a UTM zone. Default: chosen from the first imported\n"
         "                 layer (a CGCS2000 3-degree zone in China, HK1980 Grid in Hong Kong,\n"
         "                 UTM elsewhere). Once set, a project's CRS never changes.\n"
         "  --overwrite    replace an existing file at PROJECT\n"
         "  -h, --help     show this help\n"
         "\n"
         "Example:\n"
         "  covplan init dachuan.sqlite --crs EPSG:4545");
}

int cmd_init(cov_ctx_t *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {{"crs", required_argument, NULL, 'c'},
                                             {"overwrite", no_argument, NULL, 'o'},
                                             {"help", no_argument, NULL, 'h'},
                                             {"quiet", no_argument, NULL, 'q'},
                                             {NULL, 0, NULL, 0}};
    const char *crs = NULL;
    bool overwrite = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "hq", longopts, NULL)) != -1) {
        switch (c) {
        case 'c': crs = optarg; break;
        case 'o': overwrite = true; break;
        case 'h': help(); return 0;
        case 'q': break;
        default: return cli_usage("init", "unknown option");
        }
    }
    if (optind != argc - 1) return cli_usage("init", "expected one PROJECT file name");
    const char *path = argv[optind];
    int srid = 0;
    cov_status_t s;
    if (crs && (s = cov_crs_parse_epsg(ctx, crs, &srid))) return cli_fail(ctx, s);
    cov_store_t *store;
    if ((s = cov_project_create(ctx, path, srid, overwrite, &store))) return cli_fail(ctx, s);
    if (srid)
        printf("created %s (working CRS EPSG:%d, %s)\n", path, srid,
               OSRGetName(cov_store_srs(store)));
    else
        printf("created %s (working CRS: chosen at the first import)\n", path);
    cov_store_close(store);
    return 0;
}
