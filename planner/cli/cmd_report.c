/* covplan report: the analysis results as a multi-page, bilingual PDF map report. */
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "geo/store.h"
#include "planner/cli/cli.h"
#include "planner/core/project.h"
#include "planner/present/report.h"

static void help(void)
{
    puts("Usage: covplan report PROJECT -o FILE.pdf [options]\n"
         "\n"
         "Write a PDF report of the latest analysis (covplan analyze): cover, summary with key\n"
         "indicators, targets and a chart of coverage per area, an overview map, one atlas page\n"
         "per area (map with inset, indicators, elder-care sites and their nearest clinic,\n"
         "unserved sites flagged), siting and accessibility results when they exist, a scenario\n"
         "comparison when asked, and the data sources, parameters and method notes.\n"
         "The project is only read; run covplan analyze first (the report does not run it).\n"
         "\n"
         "Options:\n"
         "  -o, --output FILE.pdf  the report file\n"
         "  --scenario NAME        the scenario reported (default: base)\n"
         "  --compare A,B          add a comparison of scenarios A and B (both analysed)\n"
         "  --level LEVEL          one page per province, prefecture, county or township\n"
         "                         (a province report: a page per county), rolled up from the\n"
         "                         areas' sites\n"
         "  --lang zh|en           report language (default zh)\n"
         "  --paper A4|A3          page size, portrait (default A4)\n"
         "  --title TEXT           the report's title\n"
         "  --author TEXT          who prepared it (cover and PDF metadata)\n"
         "  --date YYYY-MM-DD      the date on the cover and in the metadata (default: the date\n"
         "                         of the analysis run, so the same project gives the same file)\n"
         "  --target PERCENT       coverage target for the chart when the project has no\n"
         "                         targets (default 90)\n"
         "  --targets FILE         also check these targets: a JSON array, or a plan or scenario\n"
         "                         file's \"targets\" (covplan run passes the plan's)\n"
         "  -q, --quiet            print nothing on success\n"
         "  -h, --help             show this help\n"
         "\n"
         "Example:\n"
         "  covplan report hk.sqlite -o report.pdf --lang en --author \"Planning Department\"");
}

enum {
    O_SCENARIO = 256,
    O_COMPARE,
    O_LEVEL,
    O_LANG,
    O_PAPER,
    O_TITLE,
    O_AUTHOR,
    O_DATE,
    O_TARGET,
    O_TARGETS
};

int cmd_report(cov_ctx_t *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {{"output", required_argument, NULL, 'o'},
                                             {"scenario", required_argument, NULL, O_SCENARIO},
                                             {"compare", required_argument, NULL, O_COMPARE},
                                             {"level", required_argument, NULL, O_LEVEL},
                                             {"lang", required_argument, NULL, O_LANG},
                                             {"paper", required_argument, NULL, O_PAPER},
                                             {"title", required_argument, NULL, O_TITLE},
                                             {"author", required_argument, NULL, O_AUTHOR},
                                             {"date", required_argument, NULL, O_DATE},
                                             {"target", required_argument, NULL, O_TARGET},
                                             {"help", no_argument, NULL, 'h'},
                                             {"targets", required_argument, NULL, O_TARGETS},
                                             {"quiet", no_argument, NULL, 'q'},
                                             {NULL, 0, NULL, 0}};
    cov_report_opts_t o = {0};
    const char *targets_file = NULL;
    bool quiet = false;
    int c;
    char *end;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:hq", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': o.output = optarg; break;
        case O_SCENARIO: o.scenario = optarg; break;
        case O_COMPARE: o.compare = optarg; break;
        case O_LEVEL: o.level = optarg; break;
        case O_LANG: o.lang = optarg; break;
        case O_PAPER:
            if (strcasecmp(optarg, "A4") == 0)
                o.paper = COV_PAPER_A4;
            else if (strcasecmp(optarg, "A3") == 0)
                o.paper = COV_PAPER_A3;
            else
                return cli_usage("report", "--paper must be A4 or A3, not '%s'", optarg);
            break;
        case O_TITLE: o.title = optarg; break;
        case O_AUTHOR: o.author = optarg; break;
        case O_DATE: o.date = optarg; break;
        case O_TARGET:
            o.target = strtod(optarg, &end);
            if (*end || !(o.target > 0 && o.target <= 100))
                return cli_usage("report", "--target must be a percentage in (0, 100], not '%s'",
                                 optarg);
            break;
        case O_TARGETS: targets_file = optarg; break;
        case 'h': help(); return 0;
        case 'q': quiet = true; break;
        default: return cli_usage("report", "unknown option");
        }
    }
    if (optind != argc - 1) return cli_usage("report", "expected one PROJECT");
    if (!o.output) return cli_usage("report", "give the report file with -o FILE.pdf");
    json_t *targets = NULL;
    if (targets_file) {
        /* A JSON array of targets, or a plan/scenario file whose "targets" are used. */
        json_error_t err;
        json_t *root = json_load_file(targets_file, 0, &err);
        if (!root) {
            fprintf(stderr, "covplan: error: %s: line %d, column %d: %s\n", targets_file, err.line,
                    err.column, err.text);
            return 3;
        }
        targets =
            json_is_array(root) ? json_incref(root) : json_incref(json_object_get(root, "targets"));
        json_decref(root);
        if (!json_is_array(targets)) {
            json_decref(targets);
            fprintf(stderr, "covplan: error: %s: no \"targets\" array in the file\n", targets_file);
            return 3;
        }
        o.targets = targets;
    }
    cov_store_t *store;
    cov_status_t s = cov_project_open(ctx, argv[optind], true, &store);
    if (s) {
        json_decref(targets);
        return cli_fail(ctx, s);
    }
    cov_report_summary_t sum;
    s = cov_report_write(ctx, store, &o, &sum);
    cov_store_close(store);
    json_decref(targets);
    if (s) return cli_fail(ctx, s);
    if (!quiet)
        printf("wrote %s: %d pages, %zu areas, analysis run %lld, dated %s%s\n", o.output,
               sum.pages, sum.areas, sum.run_id, sum.date,
               sum.targets ? "" : " (no targets in the project: default coverage target)");
    return 0;
}
