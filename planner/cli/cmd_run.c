/* covplan run: a plan file (JSON) scripts a whole planning run: init, imports, scenarios,
 * analyses, comparison tables, maps and (later) a report, in order, each step a covplan
 * command; --check-targets makes a missed target an exit code for scripts and CI. */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "geo/store.h"
#include "planner/cli/cli.h"
#include "planner/core/kinds.h"
#include "planner/core/project.h"
#include "planner/results/compare.h"
#include "planner/results/indicators.h"
#include "planner/scenario/scenario.h"

#define EXIT_TARGET_MISSED 8
#define MAX_ARGS 96

static void help(void)
{
    puts("Usage: covplan run PLAN.json [-o OUTPUT_DIR] [--check-targets]\n"
         "\n"
         "Run a plan file: create the project (init), import its inputs, add its scenarios,\n"
         "analyse them, and write the outputs it asks for (comparison tables as CSV, JSON,\n"
         "Markdown; maps; a report when covplan has the report command), in that order. Input\n"
         "paths are relative to the plan file; ${COV_SHARED_DIR} is the shared data folder\n"
         "($COV_SHARED_DIR, default ../shared beside the checkout). The project and outputs go\n"
         "to OUTPUT_DIR (default: the plan's output_dir, relative to the plan file).\n"
         "See docs/commands/run.md and docs/scenarios.md.\n"
         "\n"
         "Options:\n"
         "  -o, --output-dir DIR   where the project and outputs are written\n"
         "  --check-targets        exit 8 when a target of the plan or a scenario is not met\n"
         "  -h, --help             show this help");
}

typedef struct plan {
    cov_ctx_t *ctx;
    const char *file;
    char dir[4096], out[4096], shared[4096], project[4096];
    json_t *root;
    json_t *analysed; /* scenario names analysed, in order, without repeats */
} plan_t;

static int fail(plan_t *p, cov_status_t st, const char *fmt, const char *a, const char *b)
{
    cov_fail(p->ctx, st, fmt, a, b);
    return cli_fail(p->ctx, st);
}

/* ${COV_SHARED_DIR}, ${PLAN_DIR} and ${OUTPUT_DIR} expanded; anything else is refused. */
static int expand(plan_t *p, const char *in, char *out, size_t n)
{
    size_t used = 0;
    while (*in && used + 1 < n) {
        if (in[0] == '$' && in[1] == '{') {
            const char *end = strchr(in, '}');
            const char *val = NULL;
            size_t len = end ? (size_t)(end - in - 2) : 0;
            if (end && len == 14 && strncmp(in + 2, "COV_SHARED_DIR", 14) == 0)
                val = p->shared;
            else if (end && len == 8 && strncmp(in + 2, "PLAN_DIR", 8) == 0)
                val = p->dir;
            else if (end && len == 10 && strncmp(in + 2, "OUTPUT_DIR", 10) == 0)
                val = p->out;
            if (!val)
                return fail(p, COV_ERR_INPUT,
                            "%s: unknown variable in '%s'; use ${COV_SHARED_DIR}, ${PLAN_DIR} or "
                            "${OUTPUT_DIR}",
                            p->file, in);
            used += (size_t)snprintf(out + used, n - used, "%s", val);
            in = end + 1;
            continue;
        }
        out[used++] = *in++;
    }
    out[used < n ? used : n - 1] = 0;
    return 0;
}

/* A path from the plan: variables expanded, relative ones resolved against base. */
static int path_of(plan_t *p, const char *in, const char *base, char *out, size_t n)
{
    char tmp[4096];
    if (expand(p, in, tmp, sizeof tmp)) return 3;
    if (tmp[0] == '/' || !base)
        snprintf(out, n, "%s", tmp);
    else
        snprintf(out, n, "%s/%s", base, tmp);
    return 0;
}

typedef struct args {
    int n;
    char *v[MAX_ARGS];
} args_t;

static void arg(args_t *a, const char *s)
{
    if (a->n < MAX_ARGS - 1) a->v[a->n++] = strdup(s ? s : "");
}

static void args_free(args_t *a)
{
    for (int i = 0; i < a->n; i++) free(a->v[i]);
    a->n = 0;
}

/* Options {"id-field": "code", "overwrite": true, "radii": [50, 300]} as --long options. */
static int options(plan_t *p, args_t *a, const json_t *o, const char *where)
{
    const char *key;
    json_t *v;
    if (o && !json_is_object(o))
        return fail(p, COV_ERR_INPUT, "%s: %s: 'options' must be an object", p->file, where);
    json_object_foreach((json_t *)o, key, v)
    {
        char opt[256], val[4096];
        snprintf(opt, sizeof opt, "--%s", key);
        if (json_is_true(v)) {
            arg(a, opt);
        } else if (json_is_false(v) || json_is_null(v)) {
            continue;
        } else if (json_is_string(v)) {
            if (expand(p, json_string_value(v), val, sizeof val)) return 3;
            arg(a, opt);
            arg(a, val);
        } else if (json_is_number(v)) {
            snprintf(val, sizeof val, "%.15g", json_number_value(v));
            arg(a, opt);
            arg(a, val);
        } else if (json_is_array(v)) {
            size_t used = 0, i;
            json_t *e;
            val[0] = 0;
            json_array_foreach(v, i, e)
            {
                if (json_is_number(e))
                    used += (size_t)snprintf(val + used, sizeof val - used, "%s%.15g", i ? "," : "",
                                             json_number_value(e));
                else
                    used += (size_t)snprintf(val + used, sizeof val - used, "%s%s", i ? "," : "",
                                             json_string_value(e) ? json_string_value(e) : "");
                if (used >= sizeof val) break;
            }
            arg(a, opt);
            arg(a, val);
        } else {
            return fail(p, COV_ERR_INPUT, "%s: %s: options must be strings, numbers, lists or true",
                        p->file, where);
        }
    }
    return 0;
}

/* glibc's getopt keeps a pointer into the previous argv between calls (commands reset only
 * optind = 1): a full reset with optind = 0 before each command keeps it off freed strings. */
static void getopt_reset(void)
{
    static char name[] = "covplan";
    char *dummy[] = {name, NULL};
    optind = 0;
    opterr = 0;
    (void)getopt(1, dummy, "");
    opterr = 1;
    optind = 1;
}

/* Run one covplan command; prints the command line first (as a log of the run). */
static int command(plan_t *p, args_t *a)
{
    printf("$ covplan");
    for (int i = 0; i < a->n; i++) printf(" %s", a->v[i]);
    printf("\n");
    fflush(stdout);
    const cli_command_t *cmd = cli_find_command(a->v[0]);
    int rc;
    if (!cmd) {
        printf("  skipped: this covplan has no '%s' command yet\n", a->v[0]);
        rc = 0;
    } else {
        a->v[a->n] = NULL;
        cov_ctx_clear_error(p->ctx);
        getopt_reset();
        rc = cmd->fn(p->ctx, a->n, a->v);
    }
    fflush(stdout);
    args_free(a);
    return rc;
}

static int check_keys(plan_t *p, const json_t *o, const char *const *keys, const char *where)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)o, key, v)
    {
        bool ok = strcmp(key, "comment") == 0;
        for (size_t i = 0; keys[i] && !ok; i++) ok = strcmp(keys[i], key) == 0;
        if (!ok)
            return fail(p, COV_ERR_INPUT,
                        "%s: unknown key '%s' in the plan; see docs/commands/run.md", where, key);
    }
    return 0;
}

static int step_init_imports(plan_t *p)
{
    args_t a = {0};
    json_t *init = json_object_get(p->root, "init");
    if (init) {
        arg(&a, "init");
        arg(&a, p->project);
        if (options(p, &a, init, "init")) return 3;
        int rc = command(p, &a);
        if (rc) return rc;
    }
    size_t i;
    json_t *im;
    json_array_foreach(json_object_get(p->root, "imports"), i, im)
    {
        static const char *const keys[] = {"layer", "file", "options", NULL};
        char where[64], file[4096];
        snprintf(where, sizeof where, "imports[%zu]", i + 1);
        if (!json_is_object(im) || check_keys(p, im, keys, where))
            return json_is_object(im)
                       ? 3
                       : fail(p, COV_ERR_INPUT, "%s: %s must be an object", p->file, where);
        const char *layer = json_string_value(json_object_get(im, "layer"));
        const char *f = json_string_value(json_object_get(im, "file"));
        if (!layer || !f)
            return fail(p, COV_ERR_INPUT,
                        "%s: %s needs 'layer' (areas, facilities, demand) and 'file'", p->file,
                        where);
        if (path_of(p, f, p->dir, file, sizeof file)) return 3;
        arg(&a, "import");
        arg(&a, p->project);
        arg(&a, layer);
        arg(&a, file);
        if (options(p, &a, json_object_get(im, "options"), where)) return 3;
        int rc = command(p, &a);
        if (rc) return rc;
    }
    return 0;
}

static int step_scenarios(plan_t *p)
{
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(p->root, "scenarios"), i, e)
    {
        char origin[4200];
        json_t *spec = NULL;
        cov_status_t s = COV_OK;
        if (json_is_string(e)) {
            if (path_of(p, json_string_value(e), p->dir, origin, sizeof origin)) return 3;
            s = cov_scenario_load_file(p->ctx, origin, &spec);
        } else {
            snprintf(origin, sizeof origin, "%s: scenarios[%zu]", p->file, i + 1);
            spec = json_incref(e);
        }
        cov_store_t *store = NULL;
        cov_scenario_add_result_t r;
        if (!s) s = cov_project_open(p->ctx, p->project, false, &store);
        if (!s) s = cov_scenario_add(p->ctx, store, spec, origin, NULL, &r);
        cov_store_close(store);
        json_decref(spec);
        if (s) return cli_fail(p->ctx, s);
        printf("scenario %s: %s (add %zu, close %zu, change %zu, targets %zu)\n", r.name,
               r.unchanged  ? "unchanged"
               : r.replaced ? "replaced"
                            : "added",
               r.nadd, r.nclose, r.nchange, r.ntargets);
    }
    return 0;
}

static void note_analysed(plan_t *p, const char *name)
{
    size_t i;
    json_t *e;
    json_array_foreach(p->analysed, i, e) if (strcmp(json_string_value(e), name) == 0) return;
    json_array_append_new(p->analysed, json_string(name));
}

static int step_analyses(plan_t *p)
{
    size_t i, j;
    json_t *an, *sc;
    json_array_foreach(json_object_get(p->root, "analyses"), i, an)
    {
        static const char *const keys[] = {"command", "scenarios", "options", NULL};
        char where[64];
        snprintf(where, sizeof where, "%s: analyses[%zu]", p->file, i + 1);
        if (!json_is_object(an)) return fail(p, COV_ERR_INPUT, "%s must be an object%s", where, "");
        if (check_keys(p, an, keys, where)) return 3;
        /* "command": analyze (default, per scenario), or access / site (run once on the
         * project's base data with the given options). */
        const char *cmd = json_string_value(json_object_get(an, "command"));
        if (!cmd) cmd = "analyze";
        if (strcmp(cmd, "access") == 0 || strcmp(cmd, "site") == 0) {
            args_t a = {0};
            arg(&a, cmd);
            arg(&a, p->project);
            arg(&a, "-q");
            if (options(p, &a, json_object_get(an, "options"), where)) return 3;
            int rc = command(p, &a);
            if (rc) return rc;
            continue;
        }
        if (strcmp(cmd, "analyze") != 0)
            return fail(p, COV_ERR_INPUT, "%s: 'command' must be analyze, access or site, not '%s'",
                        where, cmd);
        json_t *list = json_object_get(an, "scenarios");
        if (!json_is_array(list) || !json_array_size(list))
            return fail(p, COV_ERR_INPUT,
                        "%s: 'scenarios' must list the scenarios to analyse, e.g. [\"base\"]%s",
                        where, "");
        json_array_foreach(list, j, sc)
        {
            args_t a = {0};
            arg(&a, "analyze");
            arg(&a, p->project);
            arg(&a, "--scenario");
            arg(&a, json_string_value(sc));
            arg(&a, "-q");
            if (options(p, &a, json_object_get(an, "options"), where)) return 3;
            int rc = command(p, &a);
            if (rc) return rc;
            note_analysed(p, json_string_value(sc));
        }
    }
    return 0;
}

static int step_compare(plan_t *p, const json_t *o, const char *where)
{
    static const char *const keys[] = {"compare", "files", "areas", NULL};
    if (check_keys(p, o, keys, where)) return 3;
    json_t *list = json_object_get(o, "compare"), *files = json_object_get(o, "files"), *f;
    size_t i;
    json_array_foreach(files, i, f)
    {
        args_t a = {0};
        char path[4096];
        if (path_of(p, json_string_value(f) ? json_string_value(f) : "", p->out, path, sizeof path))
            return 3;
        arg(&a, "compare");
        arg(&a, p->project);
        json_t *sc;
        size_t k;
        json_array_foreach(list, k, sc) arg(&a, json_string_value(sc));
        arg(&a, "-o");
        arg(&a, path);
        if (json_is_true(json_object_get(o, "areas"))) arg(&a, "--areas");
        if (json_object_get(p->root, "targets")) {
            arg(&a, "--targets");
            arg(&a, p->file);
        }
        int rc = command(p, &a);
        if (rc) return rc;
    }
    return 0;
}

static int step_outputs(plan_t *p)
{
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(p->root, "outputs"), i, o)
    {
        char where[64], path[4096];
        snprintf(where, sizeof where, "%s: outputs[%zu]", p->file, i + 1);
        if (!json_is_object(o)) return fail(p, COV_ERR_INPUT, "%s must be an object%s", where, "");
        if (json_object_get(o, "compare")) {
            int rc = step_compare(p, o, where);
            if (rc) return rc;
            continue;
        }
        static const char *const keys[] = {"map", "report", "scenario", "options", NULL};
        if (check_keys(p, o, keys, where)) return 3;
        const char *what = json_object_get(o, "map")      ? "map"
                           : json_object_get(o, "report") ? "report"
                                                          : NULL;
        if (!what)
            return fail(p, COV_ERR_INPUT,
                        "%s: an output is {\"compare\": [...], \"files\": [...]}, {\"map\": FILE} "
                        "or {\"report\": FILE}%s",
                        where, "");
        if (path_of(p, json_string_value(json_object_get(o, what)), p->out, path, sizeof path))
            return 3;
        char dir[4096];
        snprintf(dir, sizeof dir, "%s", path);
        char *slash = strrchr(dir, '/');
        if (slash) {
            *slash = 0;
            mkdir(dir, 0777);
        }
        args_t a = {0};
        arg(&a, what);
        arg(&a, p->project);
        arg(&a, "-o");
        arg(&a, path);
        const char *sc = json_string_value(json_object_get(o, "scenario"));
        if (sc) {
            arg(&a, "--scenario");
            arg(&a, sc);
        }
        if (options(p, &a, json_object_get(o, "options"), where)) return 3;
        if (strcmp(what, "report") == 0 && json_object_get(p->root, "targets")) {
            arg(&a, "--targets"); /* the plan's targets go into the report's targets table */
            arg(&a, p->file);
        }
        int rc = command(p, &a);
        if (rc) return rc;
    }
    return 0;
}

/* Every analysed scenario's targets and the plan's, as one targets table on stdout. */
static int check_targets(plan_t *p)
{
    size_t n = json_array_size(p->analysed);
    if (!n) return 0;
    const char **names = calloc(n, sizeof *names);
    if (!names) return cli_fail(p->ctx, COV_ERR_NOMEM);
    for (size_t i = 0; i < n; i++) names[i] = json_string_value(json_array_get(p->analysed, i));
    cov_store_t *store;
    json_t *doc = NULL;
    cov_status_t s = cov_project_open(p->ctx, p->project, true, &store);
    cov_compare_opts_t o = {names, n, json_object_get(p->root, "targets"), NULL, false};
    if (!s) s = cov_compare_build(p->ctx, store, &o, &doc);
    cov_store_close(store);
    free(names);
    if (s) return cli_fail(p->ctx, s);
    json_t *t = json_object_get(doc, "targets");
    printf("\n");
    if (!json_array_size(t))
        printf("no targets to check\n");
    else {
        json_t *only =
            json_pack("{s:O, s:O, s:[], s:O, s:O, s:O}", "scenarios",
                      json_object_get(doc, "scenarios"), "radii", json_object_get(doc, "radii"),
                      "rows", "targets", t, "targets_met", json_object_get(doc, "targets_met"),
                      "targets_missed", json_object_get(doc, "targets_missed"));
        cov_compare_write(p->ctx, only, COV_COMPARE_TEXT, false, stdout);
        json_decref(only);
    }
    long long missed = json_integer_value(json_object_get(doc, "targets_missed"));
    json_decref(doc);
    if (missed) {
        fprintf(stderr, "covplan: %lld target(s) not met\n", missed);
        return EXIT_TARGET_MISSED;
    }
    return 0;
}

static void mkdirs(const char *path)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s", path);
    for (char *q = tmp + 1; *q; q++)
        if (*q == '/') {
            *q = 0;
            mkdir(tmp, 0777);
            *q = '/';
        }
    mkdir(tmp, 0777);
}

int cmd_run(cov_ctx_t *ctx, int argc, char **argv)
{
    enum { O_CHECK = 256 };
    static const struct option longopts[] = {{"output-dir", required_argument, NULL, 'o'},
                                             {"check-targets", no_argument, NULL, O_CHECK},
                                             {"quiet", no_argument, NULL, 'q'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char *outdir = NULL;
    bool check = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:hq", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': outdir = optarg; break;
        case O_CHECK: check = true; break;
        case 'q': break;
        case 'h': help(); return 0;
        default: return cli_usage("run", "unknown option");
        }
    }
    if (optind != argc - 1) return cli_usage("run", "expected one PLAN file");
    plan_t p = {.ctx = ctx, .file = argv[optind]};
    json_error_t err;
    p.root = json_load_file(p.file, JSON_REJECT_DUPLICATES, &err);
    if (!p.root) {
        cov_status_t st = err.line < 0 ? COV_ERR_NOT_FOUND : COV_ERR_INPUT;
        if (err.line < 0)
            cov_fail(ctx, st, "%s: cannot read the plan: %s", p.file, err.text);
        else
            cov_fail(ctx, st, "%s:%d:%d: JSON syntax error: %s", p.file, err.line, err.column,
                     err.text);
        return cli_fail(ctx, st);
    }
    static const char *const keys[] = {"name",    "description", "project",   "output_dir",
                                       "init",    "imports",     "scenarios", "analyses",
                                       "targets", "outputs",     NULL};
    int rc = json_is_object(p.root)
                 ? check_keys(&p, p.root, keys, p.file)
                 : fail(&p, COV_ERR_INPUT, "%s: a plan must be a JSON object%s", p.file, "");
    if (!rc) {
        char tmp[4096];
        snprintf(tmp, sizeof tmp, "%s", p.file);
        char *abs = realpath(dirname(tmp), NULL); /* ${PLAN_DIR} is absolute */
        snprintf(p.dir, sizeof p.dir, "%s", abs ? abs : ".");
        free(abs);
        const char *env = getenv("COV_SHARED_DIR");
        if (env && *env)
            snprintf(p.shared, sizeof p.shared, "%s", env);
        else
            snprintf(p.shared, sizeof p.shared, "%s/../../shared", cov_ctx_data_dir(p.ctx));
        const char *od = json_string_value(json_object_get(p.root, "output_dir"));
        if (outdir)
            snprintf(p.out, sizeof p.out, "%s", outdir);
        else if (od)
            rc = path_of(&p, od, p.dir, p.out, sizeof p.out);
        else
            snprintf(p.out, sizeof p.out, ".");
    }
    const json_t *targets = json_object_get(p.root, "targets");
    for (size_t i = 0; !rc && i < json_array_size(targets); i++) {
        char where[4200];
        snprintf(where, sizeof where, "%s: targets[%zu]", p.file, i + 1);
        cov_status_t s = cov_target_check(ctx, json_array_get(targets, i), where);
        if (s) rc = cli_fail(ctx, s);
    }
    if (!rc) {
        mkdirs(p.out);
        const char *proj = json_string_value(json_object_get(p.root, "project"));
        rc = path_of(&p, proj ? proj : "project.sqlite", p.out, p.project, sizeof p.project);
    }
    p.analysed = json_array();
    if (!rc) rc = step_init_imports(&p);
    if (!rc) rc = step_scenarios(&p);
    if (!rc) rc = step_analyses(&p);
    if (!rc) rc = step_outputs(&p);
    if (!rc && check) rc = check_targets(&p);
    if (!rc) printf("plan %s: done; outputs in %s\n", p.file, p.out);
    json_decref(p.analysed);
    json_decref(p.root);
    return rc;
}
