/* Writing a scenario comparison: terminal table, Markdown and JSON here; CSV (UTF-8 with BOM)
 * and XLSX through the one table writer (planner/core/tables.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "planner/core/tables.h"
#include "planner/results/compare.h"

static int decimals(const char *unit)
{
    if (strcmp(unit, "%") == 0) return 2;
    if (strcmp(unit, "m") == 0) return 1;
    if (strcmp(unit, "count") == 0) return 0;
    return 3;
}

/* A value as text with its unit's decimals; signed for differences; "" / n/a for null. */
static void fmt(char *buf, size_t n, const json_t *v, const char *unit, bool sign, const char *none)
{
    if (!json_is_number(v)) {
        snprintf(buf, n, "%s", none);
        return;
    }
    snprintf(buf, n, sign ? "%+.*f" : "%.*f", decimals(unit), json_number_value(v));
    if (sign && strspn(buf + 1, "0.") == strlen(buf + 1))
        snprintf(buf, n, "%.*f", decimals(unit), 0.0);
}

/* "site_share_within 1000 m day_care" */
static void label(char *buf, size_t n, const json_t *row)
{
    const char *ind = json_string_value(json_object_get(row, "indicator"));
    json_t *r = json_object_get(row, "radius");
    const char *kind = json_string_value(json_object_get(row, "kind"));
    size_t used = (size_t)snprintf(buf, n, "%s", ind);
    if (json_is_number(r) && used < n)
        used += (size_t)snprintf(buf + used, n - used, " %g m", json_number_value(r));
    if (kind && used < n) snprintf(buf + used, n - used, " %s", kind);
}

/* One target's description: "site_share_within 1000 m day_care [area] >= 90 % (2025)". */
static void target_text(char *buf, size_t n, const json_t *t, char *goal, size_t gn)
{
    label(buf, n, t);
    const char *area = json_string_value(json_object_get(t, "area"));
    size_t used = strlen(buf);
    if (area && used < n) snprintf(buf + used, n - used, " in %s", area);
    const char *unit = json_string_value(json_object_get(t, "unit"));
    if (!unit) unit = "";
    json_t *y = json_object_get(t, "year");
    char yr[32] = "";
    if (json_is_integer(y)) snprintf(yr, sizeof yr, " by %lld", (long long)json_integer_value(y));
    snprintf(goal, gn, "%s %g%s%s%s", json_string_value(json_object_get(t, "op")),
             json_number_value(json_object_get(t, "value")), strcmp(unit, "%") == 0 ? "%" : "",
             strcmp(unit, "%") && strcmp(unit, "count") ? " " : "",
             strcmp(unit, "%") && strcmp(unit, "count") ? unit : "");
    used = strlen(goal);
    if (used < gn) snprintf(goal + used, gn - used, "%s", yr);
}

/* A cell: the formatted text (CSV, byte for byte what planners' scripts read) or, typed, the
 * number itself (XLSX, so Excel computes with it). */
static json_t *num_cell(const json_t *v, const char *unit, bool sign, bool typed)
{
    if (typed) return json_is_number(v) ? json_real(json_number_value(v)) : json_null();
    char buf[64];
    fmt(buf, sizeof buf, v, unit, sign, "");
    return json_string(buf);
}

static json_t *str_cell(const json_t *o, const char *key)
{
    const char *v = json_string_value(json_object_get(o, key));
    return json_string(v ? v : "");
}

/* Write the comparison (one row per indicator, a column per scenario and its difference from
 * the first) as the next table of out. */
static cov_status_t comparison_table(cov_tables_t *out, const json_t *doc, bool typed)
{
    const json_t *sc = json_object_get(doc, "scenarios");
    size_t n = json_array_size(sc), i;
    static const char *const fixed[7] = {"scope", "indicator", "radius_m", "kind",
                                         "unit",  "area_code", "area_name"};
    static const int order[7] = {0, 5, 6, 1, 2, 3, 4}; /* scope,area_code,area_name,indicator,… */
    size_t nc = 7 + (n ? 2 * n - 1 : 0);
    const char **cols = calloc(nc, sizeof *cols);
    char(*names)[160] = calloc(nc, sizeof *names);
    cov_cell_t *types = calloc(nc, sizeof *types);
    if (!cols || !names || !types) {
        free(cols), free(names), free(types);
        return COV_ERR_NOMEM;
    }
    for (size_t c = 0; c < 7; c++) cols[c] = fixed[order[c]];
    types[4] = typed ? COV_CELL_REAL : COV_CELL_TEXT; /* radius_m */
    for (size_t c = 0, k = 7; c < n; c++) {
        const char *name = json_string_value(json_array_get(sc, c));
        snprintf(names[k], sizeof names[k], "%s", name);
        types[k] = typed ? COV_CELL_REAL : COV_CELL_TEXT;
        cols[k] = names[k], k++;
        if (c == 0) continue;
        snprintf(names[k], sizeof names[k], "%s-%s", name,
                 json_string_value(json_array_get(sc, 0)));
        types[k] = typed ? COV_CELL_REAL : COV_CELL_TEXT;
        cols[k] = names[k], k++;
    }
    cov_status_t s = cov_tables_add(out, "comparison", nc, cols, types);
    free(cols), free(names), free(types);
    json_t *row;
    json_array_foreach(json_object_get(doc, "rows"), i, row)
    {
        if (s) break;
        const char *unit = json_string_value(json_object_get(row, "unit"));
        json_t *r = json_array();
        json_array_append_new(r, str_cell(row, "scope"));
        json_array_append_new(r, str_cell(row, "area_code"));
        json_array_append_new(r, str_cell(row, "area_name"));
        json_array_append_new(r, str_cell(row, "indicator"));
        json_array_append_new(r, num_cell(json_object_get(row, "radius"), "m", false, typed));
        json_array_append_new(r, str_cell(row, "kind"));
        json_array_append_new(r, json_string(unit ? unit : ""));
        for (size_t c = 0; c < n; c++) {
            json_array_append_new(
                r, num_cell(json_array_get(json_object_get(row, "values"), c), unit, false, typed));
            if (c)
                json_array_append_new(r, num_cell(json_array_get(json_object_get(row, "diffs"), c),
                                                  unit, true, typed));
        }
        s = cov_tables_row(out, r);
        json_decref(r);
    }
    return s;
}

/* Write the targets (one row per target and scenario) as the next table of out. */
static cov_status_t targets_table(cov_tables_t *out, const json_t *doc, bool typed)
{
    static const char *const cols[13] = {
        "scenario", "indicator", "radius_m", "kind",           "area", "year", "op",
        "target",   "unit",      "baseline", "scenario_value", "met",  "label"};
    cov_cell_t types[13] = {0};
    if (typed) types[2] = types[7] = types[9] = types[10] = COV_CELL_REAL, types[5] = COV_CELL_INT;
    cov_status_t s = cov_tables_add(out, "targets", 13, cols, types);
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(doc, "targets"), i, t)
    {
        if (s) break;
        const char *unit = json_string_value(json_object_get(t, "unit"));
        json_t *radius = json_object_get(t, "radius"), *year = json_object_get(t, "year");
        char r[32] = "", y[16] = "", goal[32];
        if (json_is_number(radius)) snprintf(r, sizeof r, "%g", json_number_value(radius));
        if (json_is_integer(year))
            snprintf(y, sizeof y, "%lld", (long long)json_integer_value(year));
        snprintf(goal, sizeof goal, "%g", json_number_value(json_object_get(t, "value")));
        json_t *row = json_array();
        json_array_append_new(row, str_cell(t, "scenario"));
        json_array_append_new(row, str_cell(t, "indicator"));
        json_array_append_new(row, !typed                   ? json_string(r)
                                   : json_is_number(radius) ? json_real(json_number_value(radius))
                                                            : json_null());
        json_array_append_new(row, str_cell(t, "kind"));
        json_array_append_new(row, str_cell(t, "area"));
        json_array_append_new(row, !typed                  ? json_string(y)
                                   : json_is_integer(year) ? json_integer(json_integer_value(year))
                                                           : json_null());
        json_array_append_new(row, str_cell(t, "op"));
        json_array_append_new(row, typed ? json_real(json_number_value(json_object_get(t, "value")))
                                         : json_string(goal));
        json_array_append_new(row, json_string(unit ? unit : ""));
        json_array_append_new(row, num_cell(json_object_get(t, "baseline"), unit, false, typed));
        json_array_append_new(row,
                              num_cell(json_object_get(t, "scenario_value"), unit, false, typed));
        json_array_append_new(
            row, json_string(json_is_true(json_object_get(t, "met")) ? "met" : "not met"));
        json_array_append_new(row, str_cell(t, "label"));
        s = cov_tables_row(out, row);
        json_decref(row);
    }
    return s;
}

cov_status_t cov_compare_save(cov_ctx_t *ctx, const json_t *doc, cov_compare_format_t f,
                              const char *path, bool overwrite)
{
    bool xlsx = f == COV_COMPARE_XLSX;
    if (!xlsx && f != COV_COMPARE_CSV && f != COV_COMPARE_CSV_TARGETS)
        return cov_fail(ctx, COV_ERR_USAGE, "cov_compare_save writes the tables: csv or xlsx");
    cov_tables_t *out;
    cov_status_t s =
        cov_tables_open(ctx, path, xlsx ? COV_TABLES_XLSX : COV_TABLES_CSV, overwrite, &out);
    if (s) return s;
    if (f != COV_COMPARE_CSV_TARGETS) s = comparison_table(out, doc, xlsx);
    if (!s && (f == COV_COMPARE_CSV_TARGETS || json_array_size(json_object_get(doc, "targets"))) &&
        (xlsx || f == COV_COMPARE_CSV_TARGETS))
        s = targets_table(out, doc, xlsx);
    cov_status_t c = cov_tables_close(out, !s);
    return s ? s : c;
}

/* Text and Markdown share one layout: overall rows, then per-area rows (all, or the share of
 * sites within the largest radius), then targets. */
static void write_table(const json_t *doc, FILE *out, bool md, bool all_areas)
{
    const json_t *sc = json_object_get(doc, "scenarios"), *radii = json_object_get(doc, "radii");
    size_t n = json_array_size(sc), i;
    double rmax = json_number_value(json_array_get(radii, json_array_size(radii) - 1));
    const char *sep = md ? " | " : "  ";
    for (int part = 0; part < 2 && json_array_size(json_object_get(doc, "rows")); part++) {
        if (part == 1 && md) fputs("\n", out);
        if (part == 1)
            fprintf(out, md ? "### Per area\n\n" : "\nper area:\n");
        else if (md)
            fprintf(out, "### Overall\n\n");
        fprintf(out, md ? "| %-44s" : "%-44s", part ? "area / indicator" : "indicator");
        for (size_t c = 0; c < n; c++) {
            fprintf(out, "%s%12s", sep, json_string_value(json_array_get(sc, c)));
            if (c) fprintf(out, "%s%12s", sep, "change");
        }
        fputs(md ? " |\n" : "\n", out);
        if (md) {
            fputs("|---", out);
            for (size_t c = 0; c < 2 * n - 1; c++) fputs("|---:", out);
            fputs("|\n", out);
        }
        json_t *row;
        json_array_foreach(json_object_get(doc, "rows"), i, row)
        {
            bool total = strcmp(json_string_value(json_object_get(row, "scope")), "total") == 0;
            if (total != (part == 0)) continue;
            if (!total && !all_areas &&
                (strcmp(json_string_value(json_object_get(row, "indicator")),
                        "site_share_within") ||
                 json_number_value(json_object_get(row, "radius")) != rmax))
                continue;
            const char *unit = json_string_value(json_object_get(row, "unit"));
            char lab[160], full[256], buf[64];
            label(lab, sizeof lab, row);
            if (total)
                snprintf(full, sizeof full, "%s (%s)", lab, unit);
            else
                snprintf(full, sizeof full, "%s %s: %s (%s)",
                         json_string_value(json_object_get(row, "area_code")),
                         json_string_value(json_object_get(row, "area_name"))
                             ? json_string_value(json_object_get(row, "area_name"))
                             : "",
                         lab, unit);
            fprintf(out, md ? "| %-44s" : "%-44s", full);
            for (size_t c = 0; c < n; c++) {
                fmt(buf, sizeof buf, json_array_get(json_object_get(row, "values"), c), unit, false,
                    "n/a");
                fprintf(out, "%s%12s", sep, buf);
                if (!c) continue;
                fmt(buf, sizeof buf, json_array_get(json_object_get(row, "diffs"), c), unit, true,
                    "n/a");
                fprintf(out, "%s%12s", sep, buf);
            }
            fputs(md ? " |\n" : "\n", out);
        }
    }
    const json_t *targets = json_object_get(doc, "targets");
    if (!json_array_size(targets)) return;
    fprintf(out,
            md ? "\n### Targets\n\n| scenario | indicator | target | baseline | scenario value | "
                 "met |\n|---|---|---|---:|---:|---|\n"
               : "\ntargets (baseline: %s):\n%-16s %-44s %-32s %10s %10s  %s\n",
            json_string_value(json_array_get(sc, 0)), "scenario", "indicator", "target", "baseline",
            "value", "met");
    json_t *t;
    json_array_foreach(targets, i, t)
    {
        const char *unit = json_string_value(json_object_get(t, "unit"));
        char what[200], goal[80], b[64], v[64];
        target_text(what, sizeof what, t, goal, sizeof goal);
        fmt(b, sizeof b, json_object_get(t, "baseline"), unit, false, "n/a");
        fmt(v, sizeof v, json_object_get(t, "scenario_value"), unit, false, "n/a");
        const char *met = json_is_true(json_object_get(t, "met")) ? "met" : "NOT MET";
        if (md)
            fprintf(out, "| %s | %s | %s | %s | %s | %s |\n",
                    json_string_value(json_object_get(t, "scenario")), what, goal, b, v, met);
        else
            fprintf(out, "%-16s %-44s %-32s %10s %10s  %s\n",
                    json_string_value(json_object_get(t, "scenario")), what, goal, b, v, met);
    }
    fprintf(out, md ? "\n%lld met, %lld not met\n" : "%lld met, %lld not met\n",
            (long long)json_integer_value(json_object_get(doc, "targets_met")),
            (long long)json_integer_value(json_object_get(doc, "targets_missed")));
}

cov_status_t cov_compare_write(cov_ctx_t *ctx, const json_t *doc, cov_compare_format_t f,
                               bool all_areas, FILE *out)
{
    switch (f) {
    case COV_COMPARE_CSV:
    case COV_COMPARE_CSV_TARGETS:
    case COV_COMPARE_XLSX:
        if (out != stdout)
            return cov_fail(ctx, COV_ERR_USAGE, "tables are written by name: cov_compare_save");
        return cov_compare_save(ctx, doc, f, "-", true);
    case COV_COMPARE_MARKDOWN:
        fprintf(out, "## Scenario comparison\n\n");
        write_table(doc, out, true, all_areas);
        break;
    case COV_COMPARE_JSON: {
        char *t = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
        if (!t) return COV_ERR_NOMEM;
        fputs(t, out);
        fputc('\n', out);
        free(t);
        break;
    }
    default: write_table(doc, out, false, all_areas); break;
    }
    if (ferror(out)) return cov_fail(ctx, COV_ERR_IO, "cannot write the comparison");
    return COV_OK;
}
