/* covplan scenario: add, list, show and remove the project's scenarios. */
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/store.h"
#include "planner/cli/cli.h"
#include "planner/core/project.h"
#include "planner/scenario/scenario.h"

static void help(void)
{
    puts("Usage: covplan scenario add PROJECT FILE.json\n"
         "       covplan scenario list PROJECT [--json]\n"
         "       covplan scenario show PROJECT NAME [--json]\n"
         "       covplan scenario remove PROJECT NAME\n"
         "\n"
         "A scenario is a what-if over the imported facilities: facilities to add, to close and\n"
         "to change, analysis parameters and targets, in a small JSON file (docs/scenarios.md).\n"
         "add checks the file against the project (its base exists, no cycle of bases, every\n"
         "facility to close or change exists, kinds known) and stores it in one transaction;\n"
         "adding a scenario of the same name replaces it. Analyse it with\n"
         "covplan analyze PROJECT --scenario NAME. See docs/commands/scenario.md.\n"
         "\n"
         "Options:\n"
         "  --json        list/show: print JSON\n"
         "  -q, --quiet   no notes\n"
         "  -h, --help    show this help");
}

static int do_add(cov_ctx_t *ctx, cov_store_t *store, const char *file)
{
    json_t *spec;
    cov_status_t s = cov_scenario_load_file(ctx, file, &spec);
    if (s) return cli_fail(ctx, s);
    cov_scenario_add_result_t r;
    s = cov_scenario_add(ctx, store, spec, file, NULL, &r);
    json_decref(spec);
    if (s) return cli_fail(ctx, s);
    printf("scenario %s: %s (add %zu, close %zu, change %zu, targets %zu)\n", r.name,
           r.unchanged  ? "unchanged"
           : r.replaced ? "replaced"
                        : "added",
           r.nadd, r.nclose, r.nchange, r.ntargets);
    return 0;
}

static int do_list(cov_ctx_t *ctx, cov_store_t *store, bool as_json)
{
    json_t *list;
    cov_status_t s = cov_scenario_list(ctx, store, &list);
    if (s) return cli_fail(ctx, s);
    if (as_json) {
        char *t = json_dumps(list, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        if (t) puts(t);
        free(t);
    } else {
        printf("%-24s %-16s %4s %5s %6s %7s  %s\n", "name", "base", "add", "close", "change",
               "targets", "description");
        printf("%-24s %-16s %4s %5s %6s %7s  %s\n", "base", "-", "-", "-", "-", "-",
               "the imported data");
        size_t i;
        json_t *e;
        json_array_foreach(list, i, e)
        {
            printf("%-24s %-16s %4lld %5lld %6lld %7lld  %s\n",
                   json_string_value(json_object_get(e, "name")),
                   json_string_value(json_object_get(e, "base")),
                   (long long)json_integer_value(json_object_get(e, "add")),
                   (long long)json_integer_value(json_object_get(e, "close")),
                   (long long)json_integer_value(json_object_get(e, "change")),
                   (long long)json_integer_value(json_object_get(e, "targets")),
                   json_string_value(json_object_get(e, "description")));
        }
    }
    json_decref(list);
    return 0;
}

/* The specification and the effective facility set's counts and differences. */
static int do_show(cov_ctx_t *ctx, cov_store_t *store, const char *name, bool as_json)
{
    json_t *spec;
    cov_status_t s = cov_scenario_spec(ctx, store, name, &spec);
    cov_facset_t *set = NULL, *base = NULL;
    if (!s) s = cov_scenario_facilities(ctx, store, name, &set);
    if (!s) s = cov_scenario_facilities(ctx, store, COV_SCENARIO_BASE, &base);
    if (s) {
        json_decref(spec);
        return cli_fail(ctx, s);
    }
    size_t health = 0, elder = 0, added = 0, changed = 0;
    for (size_t i = 0; i < cov_facset_count(set); i++) {
        const cov_facility_t *f = cov_facset_get(set, i);
        if (strcmp(f->role, "health") == 0)
            health++;
        else
            elder++;
        added += f->added;
        changed += f->changed;
    }
    size_t closed = 0;
    for (size_t i = 0; i < cov_facset_count(base); i++)
        if (!cov_facset_find_code(set, cov_facset_get(base, i)->code)) closed++;
    json_t *eff = json_pack("{s:I, s:I, s:I, s:I, s:I}", "clinics_and_health", (json_int_t)health,
                            "eldercare", (json_int_t)elder, "added", (json_int_t)added,
                            "closed_imported", (json_int_t)closed, "changed", (json_int_t)changed);
    if (as_json) {
        json_t *o = json_pack("{s:O, s:o}", "spec", spec, "effective", eff);
        char *t = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        if (t) puts(t);
        free(t);
        json_decref(o);
    } else {
        char *t = json_dumps(spec, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        if (t) puts(t);
        free(t);
        printf("effective facilities: %zu health, %zu elder-care; %zu added, %zu imported closed, "
               "%zu changed\n",
               health, elder, added, closed, changed);
        for (size_t i = 0; i < cov_facset_count(set); i++) {
            const cov_facility_t *f = cov_facset_get(set, i);
            if (!f->added && !f->changed) continue;
            printf("  %-7s %-16s %-26s (%.1f, %.1f) %s\n", f->added ? "added" : "changed", f->code,
                   f->kind, f->x, f->y, f->name ? f->name : "");
        }
        json_decref(eff);
    }
    json_decref(spec);
    cov_facset_destroy(set);
    cov_facset_destroy(base);
    return 0;
}

int cmd_scenario(cov_ctx_t *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {{"json", no_argument, NULL, 'j'},
                                             {"quiet", no_argument, NULL, 'q'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    bool as_json = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "hq", longopts, NULL)) != -1) {
        switch (c) {
        case 'j': as_json = true; break;
        case 'q': break;
        case 'h': help(); return 0;
        default: return cli_usage("scenario", "unknown option");
        }
    }
    int n = argc - optind;
    if (n < 2) return cli_usage("scenario", "expected add|list|show|remove PROJECT [FILE|NAME]");
    const char *sub = argv[optind], *project = argv[optind + 1];
    bool list = strcmp(sub, "list") == 0;
    if (strcmp(sub, "add") && strcmp(sub, "show") && strcmp(sub, "remove") && !list)
        return cli_usage("scenario", "unknown subcommand '%s'; use add, list, show or remove", sub);
    if (list ? n != 2 : n != 3)
        return cli_usage("scenario", list ? "list takes PROJECT only" : "%s takes PROJECT and %s",
                         sub, strcmp(sub, "add") == 0 ? "FILE" : "NAME");
    cov_store_t *store;
    bool readonly = list || strcmp(sub, "show") == 0;
    cov_status_t s = cov_project_open(ctx, project, readonly, &store);
    if (s) return cli_fail(ctx, s);
    int rc;
    if (strcmp(sub, "add") == 0)
        rc = do_add(ctx, store, argv[optind + 2]);
    else if (list)
        rc = do_list(ctx, store, as_json);
    else if (strcmp(sub, "show") == 0)
        rc = do_show(ctx, store, argv[optind + 2], as_json);
    else {
        s = cov_scenario_remove(ctx, store, argv[optind + 2]);
        rc = s ? cli_fail(ctx, s) : (printf("scenario %s: removed\n", argv[optind + 2]), 0);
    }
    cov_store_close(store);
    return rc;
}
