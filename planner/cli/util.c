/* Shared pieces of the covplan command line: errors, usage lines and progress. */
#include <glib.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
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

typedef struct progress {
    bool tty;
    double last; /* seconds (monotonic) of the last line drawn */
    size_t kill_after;
} progress_t;
static progress_t g_progress;

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* A single updating line on a terminal (at most ten a second); nothing when stderr is a pipe
 * or a file. Test hook of the CLI (never of the library): with $COV_TEST_KILL_AFTER_ROWS=N the
 * process dies abruptly once an import has written N rows, to prove the transaction protects
 * the project. */
static void progress_cb(void *user, const char *phase, size_t done, size_t total)
{
    progress_t *p = user;
    if (p->kill_after && strcmp(phase, "writing") == 0 && done >= p->kill_after) raise(SIGKILL);
    if (!p->tty) return;
    bool last = total && done >= total;
    double t = now_s();
    if (!last && t - p->last < 0.1) return;
    p->last = t;
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
    const char *kill = getenv("COV_TEST_KILL_AFTER_ROWS");
    g_progress.kill_after = kill ? (size_t)strtoull(kill, NULL, 10) : 0;
    g_progress.tty = on && isatty(STDERR_FILENO);
    bool any = g_progress.tty || g_progress.kill_after;
    cov_ctx_set_progress(ctx, any ? progress_cb : NULL, any ? &g_progress : NULL);
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

/* covplan's data files: $COV_DATA_DIR; else PREFIX/share/covplan beside an installed binary
 * (PREFIX/bin/covplan); else the source tree's data/ for a binary run from its build folder. */
const char *cli_data_dir(void)
{
    static char dir[4096];
    const char *env = getenv("COV_DATA_DIR");
    if (env && *env) return env;
    char exe[4000];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = 0;
        char *slash = strrchr(exe, '/');
        if (slash) *slash = 0;
        snprintf(dir, sizeof dir, "%s/../share/covplan", exe);
        char probe[4200];
        snprintf(probe, sizeof probe, "%s/kinds.csv", dir);
        if (access(probe, R_OK) == 0) return dir;
    }
#ifdef COV_SOURCE_DATA_DIR
    return COV_SOURCE_DATA_DIR;
#else
    return NULL;
#endif
}
