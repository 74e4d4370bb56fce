/* covplan info: describe a project. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "geo/store.h"
#include "planner/cli/cli.h"
#include "planner/core/project.h"
#include "planner/results/info.h"

static void help(void)
{
    puts("Usage: covplan info PROJECT [--json] [--level LEVEL]\n"
         "\n"
         "Show the project's working CRS, extent, layers, facility counts by role and kind,\n"
         "points outside every area, and per-area counts.\n"
         "\n"
         "Options:\n"
         "  --json         print one JSON object (for scripts); see docs/commands/info.md\n"
         "  --level LEVEL  roll the areas up to province, prefecture, county or township\n"
         "                 (sums of the finest areas; parents from codes or --parent-field)\n"
         "  -h, --help     show this help");
}

static long long num(json_t *o, const char *key)
{
    return json_integer_value(json_object_get(o, key));
}

static void print_text(json_t *info)
{
    json_t *crs = json_object_get(info, "crs");
    printf("project:   %s\n", json_string_value(json_object_get(info, "project")));
    if (json_is_null(json_object_get(crs, "srid")))
        printf("CRS:       not chosen yet (set at the first import)\n");
    else
        printf("CRS:       %s (%s)\n", json_string_value(json_object_get(crs, "id")),
               json_string_value(json_object_get(crs, "name")));
    json_t *dist = json_object_get(info, "distance");
    json_t *err = json_object_get(dist, "worst_scale_error");
    if (json_is_number(err))
        printf("distances: %s (worst scale error of the CRS over the data %.3f%%%s)\n",
               json_string_value(json_object_get(dist, "mode")), 100 * json_number_value(err),
               strcmp(json_string_value(json_object_get(dist, "mode")), "geodesic") == 0
                   ? "; planar only under 0.1%"
                   : "");
    else
        printf("distances: %s\n", json_string_value(json_object_get(dist, "mode")));
    json_t *ext = json_object_get(info, "extent");
    if (json_is_array(ext))
        printf("extent:    %.1f, %.1f - %.1f, %.1f\n", json_real_value(json_array_get(ext, 0)),
               json_real_value(json_array_get(ext, 1)), json_real_value(json_array_get(ext, 2)),
               json_real_value(json_array_get(ext, 3)));
    json_t *layers = json_object_get(info, "layers"), *roles = json_object_get(info, "roles");
    json_t *outside = json_object_get(info, "outside");
    printf("areas:     %lld\n", num(layers, "areas"));
    printf("facilities:%lld (health %lld, eldercare %lld; outside every area %lld)\n",
           num(layers, "facilities"), num(roles, "health"), num(roles, "eldercare"),
           num(outside, "facilities"));
    printf("demand:    %lld\n", num(layers, "demand"));
    json_t *kinds = json_object_get(info, "kinds");
    if (json_object_size(kinds)) {
        printf("kinds:    ");
        const char *k;
        json_t *v;
        json_object_foreach(kinds, k, v) printf(" %s %lld", k, (long long)json_integer_value(v));
        printf("\n");
    }
    json_t *areas = json_object_get(info, "areas");
    if (json_array_size(areas)) {
        /* the code column as wide as the longest code (12-digit administrative codes) */
        size_t i;
        json_t *a;
        int cw = 8;
        json_array_foreach(areas, i, a)
        {
            const char *c = json_string_value(json_object_get(a, "code"));
            if (c && (int)strlen(c) > cw) cw = (int)strlen(c);
        }
        printf("\n%-*s %-16s %12s %12s %8s %9s\n", cw, "code", "name", "population", "elderly",
               "health", "eldercare");
        json_array_foreach(areas, i, a)
        {
            cli_print_padded(stdout, json_string_value(json_object_get(a, "code")), cw + 1);
            cli_print_padded(stdout, json_string_value(json_object_get(a, "name")), 16);
            printf(" %12.0f %12.0f %8lld %9lld\n",
                   json_number_value(json_object_get(a, "population")),
                   json_number_value(json_object_get(a, "elderly")), num(a, "health"),
                   num(a, "eldercare"));
        }
    }
}

int cmd_info(cov_ctx_t *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {{"json", no_argument, NULL, 'j'},
                                             {"level", required_argument, NULL, 'l'},
                                             {"help", no_argument, NULL, 'h'},
                                             {"quiet", no_argument, NULL, 'q'},
                                             {NULL, 0, NULL, 0}};
    bool as_json = false;
    const char *level = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "hq", longopts, NULL)) != -1) {
        switch (c) {
        case 'j': as_json = true; break;
        case 'l': level = optarg; break;
        case 'h': help(); return 0;
        case 'q': break;
        default: return cli_usage("info", "unknown option");
        }
    }
    if (optind != argc - 1) return cli_usage("info", "expected one PROJECT file");
    cov_store_t *store;
    cov_status_t s = cov_project_open(ctx, argv[optind], true, &store);
    if (s) return cli_fail(ctx, s);
    json_t *info;
    s = cov_info(ctx, store, &info);
    if (!s && level && (s = cov_info_level(ctx, store, level, info))) json_decref(info);
    cov_store_close(store);
    if (s) return cli_fail(ctx, s);
    if (as_json) {
        char *text =
            json_dumps(info, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
        puts(text);
        free(text);
    } else {
        print_text(info);
    }
    json_decref(info);
    return 0;
}
