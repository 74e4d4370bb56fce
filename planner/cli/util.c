/* Shared pieces of the covplan command line: errors, usage lines and progress. */
#include <glib.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "planner/cli/cli.h"

int cli_fail(cov_ctx_t *ctx, cov_status_t st)
{
    const char *msg = cov_ctx_errmsg(ctx);
    fprintf(stderr, "covplan: error: %s\n", (msg && *msg) ? msg : cov_status_str(st));
    return cov_status_exit_code(st);
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "covplan %s: error: ", cmd);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "; see 'covplan %s --help'\n", cmd);
    va_end(ap);
    return 2;
}

/* A single updating line on a terminal; nothing when stderr is a pipe or a file. */
static void progress_tty(void *user, const char *phase, size_t done, size_t total)
{
    (void)user;
    if (total)
        fprintf(stderr, "\r%s: %zu/%zu (%3.0f%%)", phase, done, total,
                100.0 * (double)done / (double)total);
    else
        fprintf(stderr, "\r%s: %zu", phase, done);
    if (total && done >= total) fputs("\n", stderr);
    fflush(stderr);
}

void cli_set_progress(cov_ctx_t *ctx, bool on)
{
    cov_ctx_set_progress(ctx, (on && isatty(STDERR_FILENO)) ? progress_tty : NULL, NULL);
}

void cli_print_padded(FILE *out, const char *text, int width)
{
    /* Pad by display columns: CJK characters take two columns in a terminal. */
    int cols = 0;
    if (!text) text = "";
    if (g_utf8_validate(text, -1, NULL))
        for (const char *p = text; *p; p = g_utf8_next_char(p))
            cols += g_unichar_iswide(g_utf8_get_char(p)) ? 2 : 1;
    else
        cols = (int)strlen(text);
    fputs(text, out);
    for (; cols < width; cols++) fputc(' ', out);
}
