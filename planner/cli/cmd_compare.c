/* covplan compare: scenarios side by side (indicators, differences, targets). */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "geo/store.h"
#include "planner/cli/cli.h"
#include "planner/core/project.h"
#include "planner/results/compare.h"

/* Exit code when --check-targets finds a target missed (docs/commands/compare.md). */
#define EXIT_TARGET_MISSED 8

static void help(void)
{
    puts("Usage: covplan compare PROJECT A [B C ...] [options]\n"
         "\n"
         "Indicators of the latest analysis run of each scenario side by side, overall, by\n"
         "elder-care kind and per area, with the change from A; then the targets of each\n"
         "scenario (and --targets) with the baseline (A), the target, the scenario's value and\n"
         "met / not met. Analyse each scenario first (covplan analyze --scenario NAME).\n"
         "See docs/commands/compare.md and docs/scenarios.md.\n"
         "\n"
         "Options:\n"
         "  -o, --output FILE    write to FILE (.csv, .xlsx, .md, .json or .txt) instead of the\n"
         "                       terminal; a .csv also gets FILE_targets.csv when there are\n"
         "                       targets\n"
         "  -f, --format F       text (default), csv, xlsx (sheets comparison and targets), md\n"
         "                       or json\n"
         "  --areas              text/md: every indicator per area (default: the share of sites\n"
         "                       within the largest radius)\n"
         "  --targets FILE.json  more targets ({\"targets\": [...]}), checked on every scenario\n"
         "  --check-targets      exit 8 when a target is not met\n"
         "  --level LEVEL        rows per province, prefecture, county or township instead of\n"
         "                       per area (rolled up from the areas' sites, never averaged)\n"
         "  -h, --help           show this help");
}

static bool parse_format(const char *t, cov_compare_format_t *f)
{
    if (strcasecmp(t, "text") == 0 || strcasecmp(t, "txt") == 0)
        *f = COV_COMPARE_TEXT;
    else if (strcasecmp(t, "csv") == 0)
        *f = COV_COMPARE_CSV;
    else if (strcasecmp(t, "md") == 0 || strcasecmp(t, "markdown") == 0)
        *f = COV_COMPARE_MARKDOWN;
    else if (strcasecmp(t, "json") == 0)
        *f = COV_COMPARE_JSON;
    else if (strcasecmp(t, "xlsx") == 0)
        *f = COV_COMPARE_XLSX;
    else
        return false;
    return true;
}

static int write_file(cov_ctx_t *ctx, const json_t *doc, cov_compare_format_t f, bool areas,
                      const char *path)
{
    if (f == COV_COMPARE_CSV || f == COV_COMPARE_CSV_TARGETS || f == COV_COMPARE_XLSX) {
        cov_status_t s = cov_compare_save(ctx, doc, f, path, true);
        return s ? cli_fail(ctx, s) : 0;
    }
    FILE *out = fopen(path, "wb");
    if (!out) return cli_fail(ctx, cov_fail(ctx, COV_ERR_IO, "%s: cannot write the file", path));
    cov_status_t s = cov_compare_write(ctx, doc, f, areas, out);
    if (fclose(out) != 0 && !s) s = cov_fail(ctx, COV_ERR_IO, "%s: cannot write the file", path);
    return s ? cli_fail(ctx, s) : 0;
}

int cmd_compare(cov_ctx_t *ctx, int argc, char **argv)
{
    enum { O_AREAS = 256, O_TARGETS, O_CHECK, O_LEVEL };
    static const struct option longopts[] = {{"output", required_argument, NULL, 'o'},
                                             {"format", required_argument, NULL, 'f'},
                                             {"areas", no_argument, NULL, O_AREAS},
                                             {"targets", required_argument, NULL, O_TARGETS},
                                             {"check-targets", no_argument, NULL, O_CHECK},
                                             {"level", required_argument, NULL, O_LEVEL},
                                             {"quiet", no_argument, NULL, 'q'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char *output = NULL, *format = NULL, *targets_file = NULL, *level = NULL;
    bool areas = false, check = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:f:hq", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': output = optarg; break;
        case 'f': format = optarg; break;
        case O_AREAS: areas = true; break;
        case O_TARGETS: targets_file = optarg; break;
        case O_CHECK: check = true; break;
        case O_LEVEL: level = optarg; break;
        case 'q': break;
        case 'h': help(); return 0;
        default: return cli_usage("compare", "unknown option");
        }
    }
    if (argc - optind < 2)
        return cli_usage("compare", "expected PROJECT and at least one scenario");
    cov_compare_format_t fmt = COV_COMPARE_TEXT;
    const char *ext = output ? strrchr(output, '.') : NULL;
    if (format ? !parse_format(format, &fmt) : (ext && !parse_format(ext + 1, &fmt)))
        return cli_usage("compare", "the format must be text, csv, xlsx, md or json, not '%s'",
                         format ? format : ext + 1);
    if (fmt == COV_COMPARE_XLSX && !output)
        return cli_usage("compare", "an Excel file needs a name: -o FILE.xlsx");
    json_t *extra = NULL;
    if (targets_file) {
        json_error_t err;
        extra = json_load_file(targets_file, JSON_REJECT_DUPLICATES, &err);
        if (!extra)
            return cli_fail(ctx, cov_fail(ctx, COV_ERR_INPUT, "%s:%d:%d: JSON syntax error: %s",
                                          targets_file, err.line, err.column, err.text));
    }
    cov_store_t *store;
    cov_status_t s = cov_project_open(ctx, argv[optind], true, &store);
    if (s) {
        json_decref(extra);
        return cli_fail(ctx, s);
    }
    cov_compare_opts_t o = {(const char *const *)argv + optind + 1, (size_t)(argc - optind - 1),
                            json_object_get(extra, "targets"), level, false};
    json_t *doc;
    s = cov_compare_build(ctx, store, &o, &doc);
    cov_store_close(store);
    json_decref(extra);
    if (s) return cli_fail(ctx, s);
    int rc = 0;
    if (!output) {
        s = cov_compare_write(ctx, doc, fmt, areas, stdout);
        if (s) rc = cli_fail(ctx, s);
    } else {
        rc = write_file(ctx, doc, fmt, areas, output);
        if (!rc && fmt == COV_COMPARE_CSV && json_array_size(json_object_get(doc, "targets"))) {
            size_t len = strlen(output);
            char *tp = malloc(len + 16);
            if (tp) {
                snprintf(tp, len + 16, "%.*s_targets.csv", (int)(len - 4), output);
                rc = write_file(ctx, doc, COV_COMPARE_CSV_TARGETS, areas, tp);
                free(tp);
            }
        }
        if (!rc) printf("wrote %s\n", output);
    }
    long long missed = json_integer_value(json_object_get(doc, "targets_missed"));
    json_decref(doc);
    if (!rc && check && missed > 0) {
        fprintf(stderr, "covplan: %lld target(s) not met\n", missed);
        rc = EXIT_TARGET_MISSED;
    }
    return rc;
}
