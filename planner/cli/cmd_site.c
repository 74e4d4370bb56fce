/* covplan site: where new clinics or elder-care sites should go (MCLP, LSCP, p-median,
 * p-center), on a project or on a standalone cost matrix. */
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "geo/alloc.h"
#include "geo/store.h"
#include "planner/cli/cli.h"
#include "planner/core/project.h"
#include "planner/site/site_csv.h"
#include "planner/site/site_plan.h"
#include "planner/site/solver/site_matrix.h"

static void help(void)
{
    puts("Usage: covplan site PROJECT --objective MODEL [--add N] [--radius R] [options]\n"
         "       covplan site --costs FILE.csv --objective MODEL [--add N] [--radius R] [options]\n"
         "\n"
         "Chooses N new sites (or, for lscp, the fewest) among candidates; existing facilities\n"
         "stay and count. Models: mclp (most demand within R), lscp (fewest sites covering all\n"
         "coverable demand within R), pmedian (least weighted distance), pcenter (least worst\n"
         "distance). Small instances are solved exactly with GLPK, large ones by greedy +\n"
         "interchange with an LP or Lagrangian bound and the gap. Results are stored in the\n"
         "project (site_runs, site_choices, site_areas). See docs/commands/site.md.\n"
         "\n"
         "Model:\n"
         "  -m, --objective MODEL   mclp, lscp, pmedian or pcenter\n"
         "  -p, --add N             new sites to add (mclp, pmedian, pcenter)\n"
         "  -r, --radius R          coverage radius in metres, minutes with --network-cost time\n"
         "                          (mclp, lscp; optional for the others: adds coverage figures)\n"
         "  --capacity N|capacity   capacitated model: every new site serves at most N, or the\n"
         "                          candidate facility's capacity (solved exactly)\n"
         "  --exact                 always solve with GLPK (bounded by --time-limit)\n"
         "  --heuristic             never use GLPK for the solution (bound still reported)\n"
         "  --time-limit S          seconds for GLPK (default 60)\n"
         "  --require-all           lscp: refuse when some demand no candidate can reach\n"
         "\n"
         "Project mode:\n"
         "  --candidates SPEC       eldercare-unserved (default: elder-care sites without a\n"
         "                          clinic within R - a medical room inside), clinics-unpartnered\n"
         "                          (clinics without an elder-care site within R - a day-care\n"
         "                          centre beside), grid:SPACING (cell centres inside an area),\n"
         "                          or a GDAL file of candidate points\n"
         "  --demand SPEC           eldercare (weight 1; default), eldercare-capacity, demand\n"
         "                          (the demand points' weights), areas (elderly at a point\n"
         "                          inside each area)\n"
         "  --new ROLE              health or eldercare: what is sited; existing facilities of\n"
         "                          that role stay (default health; eldercare for\n"
         "                          clinics-unpartnered)\n"
         "  --clinic-kinds LIST     health kinds that count as clinics (default all)\n"
         "  --in-areas CODES        keep candidates inside these areas (comma list of codes)\n"
         "  --src-crs CRS           CRS of a candidate file that has none\n"
         "  --scenario NAME         a scenario's facilities (default: base, the imported data)\n"
         "  --metric planar|network straight lines (default) or along the project's roads\n"
         "                          (covplan roads PROJECT import first)\n"
         "  --profile walk|drive    network: walking ignores one-way streets (default walk)\n"
         "  --network-cost length|time  network: the radius and costs in metres along roads\n"
         "                          (default) or in minutes\n"
         "  --speeds FILE           network: road speed table (default data/road_speeds.csv)\n"
         "\n"
         "Cost-matrix mode (no project):\n"
         "  --costs FILE            table of origin (candidate), destination (demand), cost\n"
         "  --cost-field F          default cost, else distance\n"
         "  --origin-field F        default origin, else name\n"
         "  --dest-field F          default destination, else DestinationName\n"
         "  --weight-field F        demand weight column of the matrix (default weight 1)\n"
         "  --demand-table FILE     demand weights from another table, with\n"
         "  --demand-id-field F --demand-weight-field F\n"
         "  --existing NAMES        origins that exist already (comma list; they stay)\n"
         "\n"
         "Output:\n"
         "  --json                  print the result as JSON\n"
         "  -o, --output FILE       the chosen sites as CSV (UTF-8 with BOM) or Excel (FILE.xlsx)\n"
         "  --overwrite             replace an existing output file\n"
         "  -q, --quiet             no progress\n"
         "  -h, --help              show this help");
}

/* One printed/exported chosen site. */
typedef struct row {
    size_t rank;
    const char *name, *area_code, *area_name, *source;
    long long facility_id;
    double x, y, gain, gain_cost, cum;
} row_t;

static json_t *jnum(double v) { return isfinite(v) ? json_real(v) : json_null(); }

static double share(double a, double b) { return b > 0 ? a / b : NAN; }

static void print_text(const cov_site_result_t *r, const cov_site_opts_t *o, const row_t *rows,
                       const cov_site_area_t *areas, size_t nareas, size_t ncand, size_t ndem,
                       const char *unit)
{
    printf("%s: %zu chosen among %zu candidates for %zu demand points (weight %.10g)\n",
           cov_site_model_name(r->model), r->nchosen, ncand, ndem, r->total_weight);
    printf("method %s%s; objective %.10g", r->method, r->optimal ? " (optimal)" : "", r->objective);
    if (isfinite(r->bound))
        printf("; %s bound %.10g; gap %.3f%%", r->bound_kind, r->bound, 100 * r->gap);
    else
        printf("; no bound (instance too large for the LP)");
    printf("; %.2f s\n", r->seconds);
    if (o->radius > 0) {
        printf("covered within %g %s: before %.10g (%zu points, %.2f%%), after %.10g (%zu points, "
               "%.2f%%)\n",
               o->radius, unit, r->covered_before, r->ncovered_before,
               100 * share(r->covered_before, r->total_weight), r->covered_after, r->ncovered_after,
               100 * share(r->covered_after, r->total_weight));
        if (r->nuncoverable)
            printf("no site can cover %zu demand points (weight %.10g) within %g %s\n",
                   r->nuncoverable, r->uncoverable_weight, o->radius, unit);
    }
    if (isfinite(r->mean_before))
        printf("weighted mean distance: before %.10g, after %.10g; largest: before %.10g, after "
               "%.10g\n",
               r->mean_before, r->mean_after, r->max_before, r->max_after);
    else
        printf("weighted mean distance %.10g, largest %.10g (no existing facilities before)\n",
               r->mean_after, r->max_after);
    printf("\n%4s %12s %12s %8s  %s\n", "rank", "gain", "covered", "share", "site (area)");
    for (size_t k = 0; k < r->nchosen; k++) {
        const row_t *w = &rows[k];
        printf("%4zu %12.10g %12.10g %7.2f%%  %s", w->rank, isnan(w->gain) ? w->gain_cost : w->gain,
               w->cum, 100 * share(w->cum, r->total_weight), w->name);
        if (w->area_code && *w->area_code) printf(" (%s %s)", w->area_code, w->area_name);
        printf("\n");
    }
    if (!nareas || !(o->radius > 0)) return;
    printf("\n%-8s %10s %9s %9s %4s  %s\n", "area", "demand", "before", "after", "new", "name");
    for (size_t a = 0; a < nareas; a++) {
        const cov_site_area_t *f = &areas[a];
        if (!(f->weight > 0) && !f->new_sites) continue;
        printf("%-8s %10.10g %8.2f%% %8.2f%% %4zu  %s\n", f->code, f->weight,
               100 * share(f->before, f->weight), 100 * share(f->after, f->weight), f->new_sites,
               f->name);
    }
}

static void print_json(const cov_site_result_t *r, const cov_site_opts_t *o, const row_t *rows,
                       const cov_site_area_t *areas, size_t nareas, long long run_id,
                       const char *params)
{
    json_t *j = json_object();
    if (run_id) json_object_set_new(j, "run_id", json_integer(run_id));
    if (params) json_object_set_new(j, "params", json_loads(params, 0, NULL));
    json_object_set_new(j, "model", json_string(cov_site_model_name(r->model)));
    json_object_set_new(j, "method", json_string(r->method));
    json_object_set_new(j, "optimal", json_boolean(r->optimal));
    json_object_set_new(j, "objective", jnum(r->objective));
    json_object_set_new(j, "bound", jnum(r->bound));
    json_object_set_new(j, "bound_kind", json_string(r->bound_kind));
    json_object_set_new(j, "gap", jnum(r->gap));
    json_object_set_new(j, "total_weight", jnum(r->total_weight));
    if (o->radius > 0) {
        json_object_set_new(j, "radius", json_real(o->radius));
        json_object_set_new(j, "covered_before", jnum(r->covered_before));
        json_object_set_new(j, "covered_after", jnum(r->covered_after));
        json_object_set_new(j, "share_before", jnum(share(r->covered_before, r->total_weight)));
        json_object_set_new(j, "share_after", jnum(share(r->covered_after, r->total_weight)));
        json_object_set_new(j, "n_covered_before", json_integer((json_int_t)r->ncovered_before));
        json_object_set_new(j, "n_covered_after", json_integer((json_int_t)r->ncovered_after));
        json_object_set_new(j, "uncoverable_weight", jnum(r->uncoverable_weight));
        json_object_set_new(j, "n_uncoverable", json_integer((json_int_t)r->nuncoverable));
    }
    json_object_set_new(j, "mean_before", jnum(r->mean_before));
    json_object_set_new(j, "mean_after", jnum(r->mean_after));
    json_object_set_new(j, "max_before", jnum(r->max_before));
    json_object_set_new(j, "max_after", jnum(r->max_after));
    json_t *ch = json_array();
    for (size_t k = 0; k < r->nchosen; k++) {
        const row_t *w = &rows[k];
        json_t *c = json_object();
        json_object_set_new(c, "rank", json_integer((json_int_t)w->rank));
        json_object_set_new(c, "name", json_string(w->name));
        if (w->source) json_object_set_new(c, "source", json_string(w->source));
        if (w->facility_id) json_object_set_new(c, "facility_id", json_integer(w->facility_id));
        if (w->area_code) json_object_set_new(c, "area", json_string(w->area_code));
        if (w->source) json_object_set_new(c, "x", json_real(w->x));
        if (w->source) json_object_set_new(c, "y", json_real(w->y));
        json_object_set_new(c, "gain", jnum(w->gain));
        json_object_set_new(c, "gain_cost",
                            isinf(w->gain_cost) ? json_string("new service") : jnum(w->gain_cost));
        json_object_set_new(c, "covered_cum", jnum(w->cum));
        json_array_append_new(ch, c);
    }
    json_object_set_new(j, "chosen", ch);
    if (nareas) {
        json_t *ar = json_array();
        for (size_t a = 0; a < nareas; a++) {
            const cov_site_area_t *f = &areas[a];
            json_t *c = json_object();
            json_object_set_new(c, "code", json_string(f->code ? f->code : ""));
            json_object_set_new(c, "name", json_string(f->name ? f->name : ""));
            json_object_set_new(c, "weight", json_real(f->weight));
            if (o->radius > 0) {
                json_object_set_new(c, "covered_before", json_real(f->before));
                json_object_set_new(c, "covered_after", json_real(f->after));
            }
            json_object_set_new(c, "new_sites", json_integer((json_int_t)f->new_sites));
            json_array_append_new(ar, c);
        }
        json_object_set_new(j, "areas", ar);
    }
    char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
    if (text) puts(text);
    free(text);
    json_decref(j);
}

static cov_status_t write_csv(cov_ctx_t *ctx, const char *path, bool overwrite,
                              const cov_site_result_t *r, const row_t *rows, bool project)
{
    static const char *const cols[] = {"rank",      "name",      "source",      "facility_id",
                                       "area_code", "area_name", "x",           "y",
                                       "gain",      "gain_cost", "covered_cum", "share_cum"};
    size_t nc = sizeof cols / sizeof *cols, n = r->nchosen;
    char **cells = cov_calloc_array(n * nc + 1, sizeof *cells);
    if (!cells) return COV_ERR_NOMEM;
    for (size_t k = 0; k < n; k++) {
        const row_t *w = &rows[k];
        char **c = cells + k * nc;
        char buf[64];
#define PUTF(i, ...) (snprintf(buf, sizeof buf, __VA_ARGS__), c[i] = cov_strdup(buf))
        PUTF(0, "%zu", w->rank);
        c[1] = cov_strdup(w->name);
        if (project) {
            c[2] = cov_strdup(w->source);
            if (w->facility_id) PUTF(3, "%lld", w->facility_id);
            c[4] = cov_strdup(w->area_code);
            c[5] = cov_strdup(w->area_name);
            PUTF(6, "%.3f", w->x);
            PUTF(7, "%.3f", w->y);
        }
        if (isfinite(w->gain)) PUTF(8, "%.10g", w->gain);
        if (isfinite(w->gain_cost)) PUTF(9, "%.10g", w->gain_cost);
        if (isfinite(w->cum)) PUTF(10, "%.10g", w->cum);
        if (isfinite(w->cum) && r->total_weight > 0) PUTF(11, "%.6f", w->cum / r->total_weight);
#undef PUTF
    }
    cov_status_t s =
        cov_site_csv_write(ctx, path, overwrite, cols, nc, (const char *const *)cells, n);
    for (size_t i = 0; i < n * nc; i++) free(cells[i]);
    free(cells);
    return s;
}

enum {
    O_EXACT = 256,
    O_HEUR,
    O_TIME,
    O_REQALL,
    O_CAND,
    O_DEMAND,
    O_NEW,
    O_CAP,
    O_KINDS,
    O_AREAS,
    O_SRCCRS,
    O_COSTS,
    O_COSTF,
    O_ORIGF,
    O_DESTF,
    O_WEIGHTF,
    O_DTABLE,
    O_DIDF,
    O_DWF,
    O_EXIST,
    O_JSON,
    O_OVERWRITE,
    O_METRIC,
    O_PROFILE,
    O_NETCOST,
    O_SPEEDS,
    O_SCENARIO
};

static bool parse_num(const char *t, double *out)
{
    char *end;
    *out = strtod(t, &end);
    return *t && !*end && isfinite(*out);
}

int cmd_site(cov_ctx_t *ctx, int argc, char **argv)
{
    const char *dist[4] = {NULL, NULL, NULL, NULL}; /* metric, profile, cost, speeds */
    static const struct option longopts[] = {
        {"objective", required_argument, NULL, 'm'},
        {"add", required_argument, NULL, 'p'},
        {"radius", required_argument, NULL, 'r'},
        {"exact", no_argument, NULL, O_EXACT},
        {"heuristic", no_argument, NULL, O_HEUR},
        {"time-limit", required_argument, NULL, O_TIME},
        {"require-all", no_argument, NULL, O_REQALL},
        {"candidates", required_argument, NULL, O_CAND},
        {"demand", required_argument, NULL, O_DEMAND},
        {"new", required_argument, NULL, O_NEW},
        {"capacity", required_argument, NULL, O_CAP},
        {"clinic-kinds", required_argument, NULL, O_KINDS},
        {"in-areas", required_argument, NULL, O_AREAS},
        {"src-crs", required_argument, NULL, O_SRCCRS},
        {"costs", required_argument, NULL, O_COSTS},
        {"cost-field", required_argument, NULL, O_COSTF},
        {"origin-field", required_argument, NULL, O_ORIGF},
        {"dest-field", required_argument, NULL, O_DESTF},
        {"weight-field", required_argument, NULL, O_WEIGHTF},
        {"demand-table", required_argument, NULL, O_DTABLE},
        {"demand-id-field", required_argument, NULL, O_DIDF},
        {"demand-weight-field", required_argument, NULL, O_DWF},
        {"existing", required_argument, NULL, O_EXIST},
        {"json", no_argument, NULL, O_JSON},
        {"output", required_argument, NULL, 'o'},
        {"overwrite", no_argument, NULL, O_OVERWRITE},
        {"metric", required_argument, NULL, O_METRIC},
        {"scenario", required_argument, NULL, O_SCENARIO},
        {"profile", required_argument, NULL, O_PROFILE},
        {"network-cost", required_argument, NULL, O_NETCOST},
        {"speeds", required_argument, NULL, O_SPEEDS},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    cov_site_plan_opts_t po = {0};
    cov_site_matrix_opts_t mo = {0};
    cov_site_opts_t *so = &po.solve;
    bool have_model = false, have_p = false, json = false, overwrite = false;
    const char *output = NULL;
    double v;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "m:p:r:o:hq", longopts, NULL)) != -1) {
        switch (c) {
        case 'm':
            if (!cov_site_model_parse(optarg, &so->model))
                return cli_usage("site", "--objective '%s': use mclp, lscp, pmedian or pcenter",
                                 optarg);
            have_model = true;
            break;
        case 'p':
            if (!parse_num(optarg, &v) || v < 1 || v != floor(v) || v > 1e9)
                return cli_usage("site", "--add must be a whole number >= 1, not '%s'", optarg);
            so->p = (size_t)v;
            have_p = true;
            break;
        case 'r':
            if (!parse_num(optarg, &v) || v <= 0)
                return cli_usage("site", "--radius must be a distance in metres > 0, not '%s'",
                                 optarg);
            so->radius = v;
            break;
        case O_EXACT: so->method = COV_SITE_EXACT; break;
        case O_HEUR: so->method = COV_SITE_HEURISTIC; break;
        case O_TIME:
            if (!parse_num(optarg, &v) || v <= 0 || v > 2e6)
                return cli_usage("site", "--time-limit must be seconds > 0, not '%s'", optarg);
            so->time_limit = v;
            break;
        case O_REQALL: so->require_all = true; break;
        case O_CAND: po.candidates = optarg; break;
        case O_DEMAND: po.demand = optarg; break;
        case O_NEW: po.new_role = optarg; break;
        case O_CAP: po.capacity = optarg; break;
        case O_KINDS: po.clinic_kinds = optarg; break;
        case O_AREAS: po.in_areas = optarg; break;
        case O_SRCCRS: po.src_crs = optarg; break;
        case O_COSTS: mo.path = optarg; break;
        case O_COSTF: mo.cost_field = optarg; break;
        case O_ORIGF: mo.origin_field = optarg; break;
        case O_DESTF: mo.dest_field = optarg; break;
        case O_WEIGHTF: mo.weight_field = optarg; break;
        case O_DTABLE: mo.demand_path = optarg; break;
        case O_DIDF: mo.demand_id_field = optarg; break;
        case O_DWF: mo.demand_weight_field = optarg; break;
        case O_EXIST: mo.existing = optarg; break;
        case O_METRIC: dist[0] = optarg; break;
        case O_SCENARIO: po.scenario = optarg; break;
        case O_PROFILE: dist[1] = optarg; break;
        case O_NETCOST: dist[2] = optarg; break;
        case O_SPEEDS: dist[3] = optarg; break;
        case O_JSON: json = true; break;
        case 'o': output = optarg; break;
        case O_OVERWRITE: overwrite = true; break;
        case 'q': break;
        case 'h': help(); return 0;
        default: return cli_usage("site", "unknown option");
        }
    }
    if (!have_model)
        return cli_usage("site", "--objective is required (mclp, lscp, pmedian, pcenter)");
    if (so->model != COV_SITE_LSCP && !have_p)
        return cli_usage("site", "--add N is required for %s", cov_site_model_name(so->model));
    if ((so->model == COV_SITE_MCLP || so->model == COV_SITE_LSCP) && !(so->radius > 0))
        return cli_usage("site", "--radius R is required for %s", cov_site_model_name(so->model));
    bool standalone = mo.path != NULL;
    if (standalone && (dist[0] || dist[1] || dist[2] || dist[3]))
        return cli_usage("site", "--costs gives the costs: --metric, --profile, --network-cost "
                                 "and --speeds are for project mode");
    if (cov_distance_opts_parse(ctx, dist[0], dist[1], dist[2], dist[3], &po.dist))
        return cli_fail(ctx, COV_ERR_USAGE);
    if (standalone ? optind != argc : optind != argc - 1)
        return cli_usage("site", standalone ? "--costs replaces the PROJECT argument"
                                            : "expected one PROJECT file (or --costs FILE)");
    const char *dot = output ? strrchr(output, '.') : NULL;
    if (output && (!dot || (strcasecmp(dot, ".csv") && strcasecmp(dot, ".xlsx"))))
        return cli_usage("site", "-o writes CSV or Excel: give a FILE.csv or FILE.xlsx");
    cov_status_t s;
    const cov_site_result_t *r;
    row_t *rows = NULL;
    int rc = 0;
    if (standalone) {
        if (po.capacity) {
            if (!parse_num(po.capacity, &mo.capacity) || mo.capacity <= 0)
                return cli_usage("site", "--capacity with --costs must be a number > 0");
            so->capacitated = true;
        }
        cov_site_matrix_t *mx;
        s = cov_site_matrix_read(ctx, &mo, &mx);
        if (s) return cli_fail(ctx, s);
        cov_site_result_t res;
        size_t nd = cov_site_inst_ndemand(cov_site_matrix_inst(mx));
        const char **dn = cov_calloc_array(nd + 1, sizeof *dn);
        for (size_t i = 0; dn && i < nd; i++) dn[i] = cov_site_matrix_demand_name(mx, i);
        so->demand_names = dn;
        s = cov_site_solve(ctx, cov_site_matrix_inst(mx), so, &res);
        free(dn);
        so->demand_names = NULL;
        if (s) {
            cov_site_matrix_destroy(mx);
            return cli_fail(ctx, s);
        }
        r = &res;
        rows = cov_calloc_array(res.nchosen + 1, sizeof *rows);
        double cum = res.covered_before;
        for (size_t k = 0; rows && k < res.nchosen; k++) {
            cum += isnan(res.gain[k]) ? 0 : res.gain[k];
            rows[k] = (row_t){k + 1,
                              cov_site_matrix_cand_name(mx, res.chosen[k]),
                              NULL,
                              NULL,
                              NULL,
                              0,
                              NAN,
                              NAN,
                              res.gain[k],
                              res.gain_cost[k],
                              so->radius > 0 ? cum : NAN};
        }
        if (!rows)
            rc = cli_fail(ctx, cov_fail(ctx, COV_ERR_NOMEM, "out of memory"));
        else if (json)
            print_json(r, so, rows, NULL, 0, 0, NULL);
        else
            print_text(r, so, rows, NULL, 0, cov_site_inst_ncand(cov_site_matrix_inst(mx)),
                       cov_site_inst_ndemand(cov_site_matrix_inst(mx)), "m");
        if (!rc && output && (s = write_csv(ctx, output, overwrite, r, rows, false)))
            rc = cli_fail(ctx, s);
        free(rows);
        cov_site_result_free(&res);
        cov_site_matrix_destroy(mx);
        return rc;
    }
    so->capacitated = po.capacity != NULL;
    cov_store_t *store;
    s = cov_project_open(ctx, argv[optind], false, &store);
    if (s) return cli_fail(ctx, s);
    cov_site_plan_t *pl;
    s = cov_site_plan_run(ctx, store, &po, &pl);
    cov_store_close(store);
    if (s) return cli_fail(ctx, s);
    r = cov_site_plan_result(pl);
    size_t nch, nar;
    const cov_site_choice_t *ch = cov_site_plan_choices(pl, &nch);
    const cov_site_area_t *ar = cov_site_plan_areas(pl, &nar);
    rows = cov_calloc_array(nch + 1, sizeof *rows);
    for (size_t k = 0; rows && k < nch; k++)
        rows[k] = (row_t){ch[k].rank,   ch[k].name,        ch[k].area_code,  ch[k].area_name,
                          ch[k].source, ch[k].facility_id, ch[k].x,          ch[k].y,
                          ch[k].gain,   ch[k].gain_cost,   ch[k].covered_cum};
    if (!rows)
        rc = cli_fail(ctx, cov_fail(ctx, COV_ERR_NOMEM, "out of memory"));
    else if (json)
        print_json(r, so, rows, ar, nar, cov_site_plan_run_id(pl), cov_site_plan_params(pl));
    else {
        printf("run %lld%s\n", cov_site_plan_run_id(pl),
               cov_site_plan_replaced(pl) ? " (replaced the earlier run with these parameters)"
                                          : "");
        print_text(r, so, rows, ar, nar, cov_site_plan_ncandidates(pl), cov_site_plan_ndemand(pl),
                   cov_site_plan_unit(pl));
        if (cov_site_plan_geodesic(pl))
            printf("distances on the ellipsoid (geodesic): the project's CRS is distorted over the "
                   "data (see covplan info)\n");
    }
    if (!rc && output && (s = write_csv(ctx, output, overwrite, r, rows, true)))
        rc = cli_fail(ctx, s);
    free(rows);
    cov_site_plan_destroy(pl);
    return rc;
}
