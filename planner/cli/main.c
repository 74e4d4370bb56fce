/* covplan: the command-line entry point and command table. */
#include <gdal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "planner/cli/cli.h"

static const cli_command_t COMMANDS[] = {
    {"init", cmd_init, "create a project database (SpatiaLite)"},
    {"import", cmd_import, "import areas, facilities, demand or roads from a GIS file or table"},
    {"info", cmd_info, "show a project's CRS, extent, layers and counts"},
    {"analyze", cmd_analyze, "coverage and co-location of elder-care sites and clinics"},
    {"map", cmd_map, "draw a coverage map to PNG, PDF or SVG"},
    {"export", cmd_export, "export analysis results to GeoPackage, CSV or JSON"},
    {"crs", cmd_crs, "convert coordinates or a file (GCJ-02, BD-09, EPSG); show the CRS pick"},
    {"roads", cmd_roads, "road network: import, statistics, network distance, service areas"},
    {"access", cmd_access, "accessibility scores: 2SFCA, E2SFCA, 3SFCA, FCA, gravity, RAAM"},
    {"site", cmd_site,
     "siting: where new clinics or elder-care sites should go (MCLP, LSCP, p-median)"},
    {"scenario", cmd_scenario,
     "add, list, show or remove scenarios (what-ifs over the facilities)"},
    {"compare", cmd_compare, "compare scenarios side by side: indicators, differences, targets"},
    {"run", cmd_run, "run a plan file: inputs, scenarios, analyses, tables and maps"},
    {"report", cmd_report, "a multi-page PDF map report (bilingual) of the analysis results"},
};
#define NCOMMANDS (sizeof COMMANDS / sizeof *COMMANDS)

const cli_command_t *cli_find_command(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(COMMANDS[i].name, name) == 0) return &COMMANDS[i];
    return NULL;
}

static void usage(FILE *out)
{
    fprintf(out,
            "covplan %s - service-coverage planning for elder care and clinics (医养结合)\n"
            "\n"
            "Usage: covplan COMMAND [OPTIONS] [ARGS]\n"
            "\n"
            "Commands:\n",
            COV_VERSION);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %-10s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
    fprintf(out,
            "\n"
            "Options for every command:\n"
            "  -h, --help     show the command's help\n"
            "  -q, --quiet    no progress or notes on stderr (warnings and errors still show)\n"
            "  --threads N    threads for heavy loops (default: every processor); results are\n"
            "                 the same whatever N\n"
            "\n"
            "Typical session:\n"
            "  covplan init plan.sqlite\n"
            "  covplan import plan.sqlite areas townships.shp --encoding GBK --id-field code\n"
            "  covplan import plan.sqlite facilities clinics.csv --src-crs GCJ02 --role health\n"
            "  covplan info plan.sqlite\n"
            "  covplan analyze plan.sqlite --clinics primary\n"
            "  covplan map plan.sqlite -o coverage.pdf\n"
            "  covplan report plan.sqlite -o report.pdf\n"
            "  covplan run plan.json --check-targets    (all of the above from a plan file)\n"
            "\n"
            "Exit codes: 0 ok, 2 usage, 3 bad input, 4 CRS/geometry, 5 I/O or database,\n"
            "6 resources, 8 a target missed (run/compare --check-targets).\n"
            "Documentation: docs/commands/<command>.md\n");
}

static void log_stderr(void *user, cov_log_level_t level, const char *msg)
{
    bool quiet = *(bool *)user;
    if (level == COV_LOG_DEBUG || (quiet && level < COV_LOG_WARN)) return;
    fprintf(stderr, "covplan: %s%s\n", level == COV_LOG_WARN ? "warning: " : "", msg);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *name = argv[1];
    if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
        printf("covplan %s (GDAL %s)\n", COV_VERSION, GDALVersionInfo("RELEASE_NAME"));
        return 0;
    }
    const cli_command_t *cmd = NULL;
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(COMMANDS[i].name, name) == 0) cmd = &COMMANDS[i];
    if (!cmd) {
        fprintf(stderr, "covplan: error: unknown command '%s'; see 'covplan --help'\n", name);
        return 2;
    }
    bool quiet = false;
    for (int i = 2; i < argc; i++)
        if (strcmp(argv[i], "-q") == 0 || strcmp(argv[i], "--quiet") == 0) quiet = true;
    /* --threads N is for every command: taken out here, before the command reads its options */
    unsigned threads = 0;
    int kept = 2;
    for (int i = 2; i < argc; i++) {
        const char *v = NULL;
        if (strcmp(argv[i], "--threads") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "covplan: error: --threads needs a number (1 to 256)\n");
                return 2;
            }
            v = argv[++i];
        } else if (strncmp(argv[i], "--threads=", 10) == 0) {
            v = argv[i] + 10;
        } else {
            argv[kept++] = argv[i];
            continue;
        }
        char *end = NULL;
        long n = (v[0] >= '0' && v[0] <= '9') ? strtol(v, &end, 10) : -1;
        if (n < 1 || n > 256 || !end || *end) {
            fprintf(stderr,
                    "covplan: error: --threads '%s': give a whole number from 1 to 256 (default: "
                    "every processor)\n",
                    v);
            return 2;
        }
        threads = (unsigned)n;
    }
    argc = kept;
    argv[argc] = NULL;
    cov_ctx_t *ctx;
    if (cov_ctx_create(&ctx) != COV_OK) {
        fprintf(stderr, "covplan: error: out of memory\n");
        return 6;
    }
    cov_ctx_set_log(ctx, log_stderr, &quiet);
    cov_ctx_set_threads(ctx, threads);
    cli_set_progress(ctx, !quiet);
    if (cov_ctx_set_data_dir(ctx, cli_data_dir()) != COV_OK) {
        cov_ctx_destroy(ctx);
        fprintf(stderr, "covplan: error: out of memory\n");
        return 6;
    }
    GDALAllRegister();
    int rc = cmd->fn(ctx, argc - 1, argv + 1);
    cov_ctx_destroy(ctx);
    GDALDestroyDriverManager();
    return rc;
}
