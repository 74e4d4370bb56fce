/* covplan init: create a project database. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "geo/crs.h"
#include "geo/store.h"
#include "planner/cli/cli.h"
#include "planner/core/project.h"

static void help(void)
{
    puts("Usage: covplan init PROJECT [--crs CRS | --extent zone|wide|china] [--overwrite]\n"
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
         "                 UTM elsewhere; an Albers equal-area conic on CGCS2000 fitted to the\n"
         "                 data when they span more than one zone). A PROJ string or WKT is\n"
         "                 accepted too (e.g. an Albers conic for China). Once set, a project's\n"
         "                 CRS never changes.\n"
         "  --extent wide  a province or the country: store and draw the layers in an Albers\n"
         "                 equal-area conic fitted to the first imported layer, and measure\n"
         "                 every distance on the ellipsoid (geodesic). Default: zone (a\n"
         "                 Gauss-Kruger zone when the data fit one)\n"
         "  --extent china the same, with the conic fitted to all of China (73.5-135E,\n"
         "                 18-53.5N) at once: for layers imported one province at a time\n"
         "  --overwrite    replace an existing file at PROJECT\n"
         "  -h, --help     show this help\n"
         "\n"
         "Example:\n"
         "  covplan init dachuan.sqlite --crs EPSG:4545");
}

int cmd_init(cov_ctx_t *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"crs", required_argument, NULL, 'c'}, {"extent", required_argument, NULL, 'e'},
        {"overwrite", no_argument, NULL, 'o'}, {"help", no_argument, NULL, 'h'},
        {"quiet", no_argument, NULL, 'q'},     {NULL, 0, NULL, 0}};
    const char *crs = NULL, *extent = NULL;
    bool overwrite = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "hq", longopts, NULL)) != -1) {
        switch (c) {
        case 'c': crs = optarg; break;
        case 'e': extent = optarg; break;
        case 'o': overwrite = true; break;
        case 'h': help(); return 0;
        case 'q': break;
        default: return cli_usage("init", "unknown option");
        }
    }
    if (optind != argc - 1) return cli_usage("init", "expected one PROJECT file name");
    const char *path = argv[optind];
    if (extent && strcmp(extent, "zone") != 0 && strcmp(extent, "wide") != 0 &&
        strcmp(extent, "china") != 0)
        return cli_usage("init", "--extent takes zone, wide or china");
    bool china = extent && strcmp(extent, "china") == 0;
    bool wide = china || (extent && strcmp(extent, "wide") == 0);
    if (wide && crs)
        return cli_usage("init", "--extent wide fits its own CRS to the data; give it or --crs");
    cov_status_t s;
    OGRSpatialReferenceH srs = NULL;
    int epsg = 0;
    if (crs && (s = cov_crs_parse_projected(ctx, crs, &srs, &epsg))) return cli_fail(ctx, s);
    if (china && (s = cov_crs_fit_wide(ctx, 73.5, 18.0, 135.0, 53.5, &srs)))
        return cli_fail(ctx, s);
    cov_store_t *store;
    s = cov_project_create(ctx, path, epsg, overwrite, &store);
    if (!s && ((srs && !epsg) || wide)) { /* a CRS without an EPSG code, or wide: one write */
        s = cov_store_begin(ctx, store);
        if (!s && srs && !epsg) s = cov_store_set_crs_srs(ctx, store, srs);
        if (!s && wide) s = cov_store_meta_set(ctx, store, "extent", "wide");
        if (!s) s = cov_store_commit(ctx, store);
        if (s) {
            cov_store_rollback(store);
            cov_store_close(store);
            unlink(path);
        }
    }
    if (srs) OSRDestroySpatialReference(srs);
    if (s) return cli_fail(ctx, s);
    char label[64];
    cov_store_crs_label(store, label, sizeof label);
    if (cov_store_srid(store))
        printf("created %s (working CRS %s, %s)\n", path, label, OSRGetName(cov_store_srs(store)));
    else if (wide)
        printf("created %s (wide extent: an equal-area CRS fitted to the first import; geodesic "
               "distances)\n",
               path);
    else
        printf("created %s (working CRS: chosen at the first import)\n", path);
    cov_store_close(store);
    return 0;
}
