/* Shared pieces of the covplan command line: the command table and output helpers. */
#ifndef COV_CLI_H
#define COV_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "geo/ctx.h"

typedef int (*cli_fn)(cov_ctx_t *ctx, int argc, char **argv);

typedef struct cli_command {
    const char *name;
    cli_fn fn;
    const char *summary;
} cli_command_t;

int cmd_init(cov_ctx_t *ctx, int argc, char **argv);
int cmd_import(cov_ctx_t *ctx, int argc, char **argv);
int cmd_info(cov_ctx_t *ctx, int argc, char **argv);
int cmd_analyze(cov_ctx_t *ctx, int argc, char **argv);
int cmd_export(cov_ctx_t *ctx, int argc, char **argv);
int cmd_map(cov_ctx_t *ctx, int argc, char **argv);
int cmd_crs(cov_ctx_t *ctx, int argc, char **argv);
int cmd_roads(cov_ctx_t *ctx, int argc, char **argv);
int cmd_access(cov_ctx_t *ctx, int argc, char **argv);
int cmd_site(cov_ctx_t *ctx, int argc, char **argv);
int cmd_scenario(cov_ctx_t *ctx, int argc, char **argv);
int cmd_compare(cov_ctx_t *ctx, int argc, char **argv);
int cmd_run(cov_ctx_t *ctx, int argc, char **argv);
/* The command of that name in the table (main.c), or NULL: covplan run dispatches by name. */
const cli_command_t *cli_find_command(const char *name);
int cmd_report(cov_ctx_t *ctx, int argc, char **argv);

/* Print "covplan: error: <ctx message or status>" on one line and return the exit code. */
int cli_fail(cov_ctx_t *ctx, cov_status_t st);
/* Print a usage error on one line (with a hint to --help) and return exit code 2. */
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print text left-aligned in width terminal columns (CJK characters count as two). */
void cli_print_padded(FILE *out, const char *text, int width);
/* Turn progress reports on (to stderr, only when it is a terminal) or off. */
/* The folder of covplan's data files for this run (see util.c). */
const char *cli_data_dir(void);
void cli_set_progress(cov_ctx_t *ctx, bool on);

#endif
