/* covplan import: bring areas, facilities or demand into a project. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/store.h"
#include "planner/cli/cli.h"
#include "planner/core/kinds.h"
#include "planner/core/project.h"
#include "planner/import/import.h"

static void help(cov_ctx_t *ctx)
{
    puts("Usage: covplan import PROJECT ROLE FILE [options]\n"
         "\n"
         "Import a layer into the project. ROLE is one of:\n"
         "  areas        townships/sub-districts (乡镇/街道) or districts: polygons with an id,\n"
         "               a name, total and elderly population\n"
         "  facilities   clinics (role health) and elder-care sites (role eldercare): points,\n"
         "               or polygons reduced to a point on their surface\n"
         "  demand       population points (e.g. elderly per village) with a weight\n"
         "  roads        a road network (OpenStreetMap .osm.pbf or any line layer): the same\n"
         "               as covplan roads PROJECT import FILE (see covplan roads --help)\n"
         "\n"
         "FILE is anything GDAL reads: GeoPackage, Shapefile, GeoJSON, KML, CSV, XLSX.\n"
         "Tables without geometry need coordinate columns: lon/lng/longitude/x/经度 and\n"
         "lat/latitude/y/纬度 are found by name, others are named with --x-field/--y-field.\n"
         "Import areas first: every facility and demand point gets its containing area, and\n"
         "points outside every area are refused (or kept with --keep-outside).\n"
         "\n"
         "The import is checked in full before anything is written and is one transaction:\n"
         "if anything is wrong the project is left exactly as it was.\n"
         "\n"
         "Source options:\n"
         "  -l, --layer NAME        the layer to read (needed when the file has several)\n"
         "  --src-crs CRS           the coordinates' CRS when the file has none or a wrong one:\n"
         "                          EPSG:4326 (GPS/WGS84), EPSG:4490 (CGCS2000), GCJ02\n"
         "                          (AMap/Tencent), BD09 (Baidu), or any EPSG code/WKT\n"
         "  --encoding ENC          text encoding when the file has no .cpg, e.g. GBK\n"
         "  --x-field F, --y-field F  coordinate columns of a table\n"
         "\n"
         "Field options (defaults are looked up by common names):\n"
         "  --id-field F            unique id (id, code, adcode, 区划代码, 编号; else the row\n"
         "                          number)\n"
         "  --name-field F[,F2]     name; the first non-empty of the listed fields\n"
         "                          (name_zh, name, 名称, name_en)\n"
         "  --pop-field F           areas: total population (population, pop, 人口)\n"
         "  --elderly-field F       areas: elderly population (pop_65plus, elderly, 老年人口)\n"
         "                          Either may be a sum of fields, F1+F2+...; a sum with an\n"
         "                          empty part is left empty\n"
         "  --join TABLE            areas: join a table (CSV, XLSX, ... e.g. a census) on the\n"
         "                          area id; --pop-field/--elderly-field may name its fields\n"
         "                          (looked up in TABLE first, then in FILE). Ids match as\n"
         "                          text; NA and empty values are empty\n"
         "  --join-key F            TABLE's key field (default: a field named like the id\n"
         "                          field, else id, code, adcode, 区划代码, 编号)\n"
         "  --join-layer NAME       TABLE's layer or sheet, when it has several\n"
         "  --join-optional         keep areas with no row in TABLE (numbers left empty);\n"
         "                          without it such an area is an error naming its id\n"
         "  --kind-field F          facilities: the field mapped to a kind (kind, type, 类型)\n"
         "  --kind KIND             facilities: one kind for every row\n"
         "  --role health|eldercare facilities: one role for every row (default: the kind's)\n"
         "  --capacity-field F      facilities: beds, places or doctors (capacity, beds, 床位)\n"
         "  --weight-field F        demand: the point's weight (weight, elderly, population)\n"
         "  --kind-map FILE         a CSV (source,kind[,match]) mapping your values to kinds;\n"
         "                          its rows come before the bundled data/kind_map.csv\n"
         "\n"
         "Other options:\n"
         "  --keep-outside          keep points outside every area (with no area)\n"
         "  --replace               replace the areas, or what this file+layer imported before\n"
         "  --level L               areas: their administrative level: province, prefecture,\n"
         "                          county, township or village (省/市/县/乡镇/村); the parent\n"
         "                          comes from 6- or 12-digit codes unless --parent-field\n"
         "  --parent-field F        areas: the field holding each area's parent code\n"
         "  --append                areas: add these areas to those already imported (another\n"
         "                          county, prefecture or province); codes must not repeat\n"
         "  --no-repair             refuse invalid polygons instead of repairing them\n"
         "  --six-degree            choose a CGCS2000 6-degree zone (not 3-degree) as the CRS\n"
         "  -q, --quiet             no progress or notes\n"
         "  -h, --help              show this help\n"
         "\n"
         "Examples:\n"
         "  covplan import plan.sqlite areas hong_kong.gpkg -l districts --id-field code \\\n"
         "      --pop-field population --elderly-field pop_65plus\n"
         "  covplan import plan.sqlite areas 511700_counties_gcj02.geojson --src-crs GCJ02 \\\n"
         "      --id-field adcode --name-field name --join census2020_county.csv \\\n"
         "      --join-key 区划代码 --pop-field 人口数_合计 \\\n"
         "      --elderly-field 男_65到69岁+女_65到69岁+男_70到74岁+女_70到74岁+...\n"
         "  covplan import plan.sqlite facilities 村卫生室.xlsx --src-crs GCJ02 --kind "
         "village_clinic\n"
         "  covplan import plan.sqlite areas 乡镇.shp --encoding GBK --id-field XZDM --name-field "
         "XZMC\n");
    cov_kinds_t *kinds;
    if (cov_kinds_load(ctx, NULL, NULL, &kinds) == COV_OK) {
        printf("\nKinds (data/kinds.csv):\n");
        for (size_t i = 0; i < cov_kinds_count(kinds); i++) {
            const char *k = cov_kinds_name(kinds, i);
            printf("  %-26s %-10s %s\n", k, cov_kinds_role(kinds, k),
                   cov_kinds_label(kinds, k, "zh"));
        }
        cov_kinds_destroy(kinds);
    }
}

enum {
    O_SRC_CRS = 256,
    O_ENCODING,
    O_X,
    O_Y,
    O_ID,
    O_NAME,
    O_POP,
    O_ELDERLY,
    O_KIND_FIELD,
    O_KIND,
    O_ROLE,
    O_CAPACITY,
    O_WEIGHT,
    O_KIND_MAP,
    O_KEEP_OUTSIDE,
    O_REPLACE,
    O_APPEND,
    O_LEVEL,
    O_PARENT_FIELD,
    O_NO_REPAIR,
    O_SIX,
    O_JOIN,
    O_JOIN_KEY,
    O_JOIN_LAYER,
    O_JOIN_OPTIONAL
};

int cmd_import(cov_ctx_t *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"layer", required_argument, NULL, 'l'},
        {"src-crs", required_argument, NULL, O_SRC_CRS},
        {"encoding", required_argument, NULL, O_ENCODING},
        {"x-field", required_argument, NULL, O_X},
        {"y-field", required_argument, NULL, O_Y},
        {"id-field", required_argument, NULL, O_ID},
        {"name-field", required_argument, NULL, O_NAME},
        {"pop-field", required_argument, NULL, O_POP},
        {"elderly-field", required_argument, NULL, O_ELDERLY},
        {"kind-field", required_argument, NULL, O_KIND_FIELD},
        {"kind", required_argument, NULL, O_KIND},
        {"role", required_argument, NULL, O_ROLE},
        {"capacity-field", required_argument, NULL, O_CAPACITY},
        {"weight-field", required_argument, NULL, O_WEIGHT},
        {"kind-map", required_argument, NULL, O_KIND_MAP},
        {"keep-outside", no_argument, NULL, O_KEEP_OUTSIDE},
        {"replace", no_argument, NULL, O_REPLACE},
        {"append", no_argument, NULL, O_APPEND},
        {"level", required_argument, NULL, O_LEVEL},
        {"parent-field", required_argument, NULL, O_PARENT_FIELD},
        {"no-repair", no_argument, NULL, O_NO_REPAIR},
        {"six-degree", no_argument, NULL, O_SIX},
        {"join", required_argument, NULL, O_JOIN},
        {"join-key", required_argument, NULL, O_JOIN_KEY},
        {"join-layer", required_argument, NULL, O_JOIN_LAYER},
        {"join-optional", no_argument, NULL, O_JOIN_OPTIONAL},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    /* "covplan import PROJECT roads FILE [options]" is the road-network import: the same as
     * "covplan roads PROJECT import FILE [options]" (docs/commands/roads.md). */
    if (argc >= 4 && strcmp(argv[2], "roads") == 0 && argv[1][0] != '-') {
        char **v = calloc((size_t)argc + 1, sizeof *v);
        if (!v) return cli_fail(ctx, COV_ERR_NOMEM);
        v[0] = "roads";
        v[1] = argv[1];
        v[2] = "import";
        for (int i = 3; i < argc; i++) v[i] = argv[i];
        int rc = cmd_roads(ctx, argc, v);
        free(v);
        return rc;
    }
    cov_import_opts_t o = {0};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "l:hq", longopts, NULL)) != -1) {
        switch (c) {
        case 'l': o.source.layer = optarg; break;
        case O_SRC_CRS: o.source.src_crs = optarg; break;
        case O_ENCODING: o.source.encoding = optarg; break;
        case O_X: o.source.x_field = optarg; break;
        case O_Y: o.source.y_field = optarg; break;
        case O_ID: o.id_field = optarg; break;
        case O_NAME: o.name_field = optarg; break;
        case O_POP: o.pop_field = optarg; break;
        case O_ELDERLY: o.elderly_field = optarg; break;
        case O_KIND_FIELD: o.kind_field = optarg; break;
        case O_KIND: o.kind = optarg; break;
        case O_ROLE: o.role = optarg; break;
        case O_CAPACITY: o.capacity_field = optarg; break;
        case O_WEIGHT: o.weight_field = optarg; break;
        case O_KIND_MAP: o.kind_map = optarg; break;
        case O_KEEP_OUTSIDE: o.keep_outside = true; break;
        case O_REPLACE: o.replace = true; break;
        case O_APPEND: o.append = true; break;
        case O_LEVEL: o.level = optarg; break;
        case O_PARENT_FIELD: o.parent_field = optarg; break;
        case O_NO_REPAIR: o.no_repair = true; break;
        case O_SIX: o.six_degree = true; break;
        case O_JOIN: o.join = optarg; break;
        case O_JOIN_KEY: o.join_key = optarg; break;
        case O_JOIN_LAYER: o.join_layer = optarg; break;
        case O_JOIN_OPTIONAL: o.join_optional = true; break;
        case 'q': break;
        case 'h': help(ctx); return 0;
        default: return cli_usage("import", "unknown option");
        }
    }
    if (argc - optind != 3) return cli_usage("import", "expected PROJECT ROLE FILE");
    const char *project = argv[optind], *role_name = argv[optind + 1], *file = argv[optind + 2];
    cov_layer_role_t role;
    if (!cov_layer_role_parse(role_name, &role))
        return cli_usage("import", "ROLE must be areas, facilities, demand or roads, not '%s'",
                         role_name);
    cov_store_t *store;
    cov_status_t s = cov_project_open(ctx, project, false, &store);
    if (s) return cli_fail(ctx, s);
    cov_import_result_t res;
    s = cov_import(ctx, store, role, file, &o, &res);
    if (s) {
        cov_store_close(store);
        return cli_fail(ctx, s);
    }
    printf("imported %lld %s from %s", res.imported, role_name, file);
    if (res.repaired) printf(" (%lld polygons repaired)", res.repaired);
    if (res.outside) printf(" (%lld outside every area)", res.outside);
    printf("\n");
    if (res.crs_chosen) {
        char label[64];
        cov_store_crs_label(store, label, sizeof label);
        printf("working CRS chosen from the data: %s (%s)%s\n", label,
               OSRGetName(cov_store_srs(store)),
               res.crs_fitted ? "; an equal-area projection fitted to the data (a wide project: "
                                "distances on the ellipsoid)"
                              : "");
    }
    cov_store_close(store);
    return 0;
}
