/* Writing a scenario comparison: terminal table, CSV (UTF-8 with BOM), Markdown and JSON. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static void csv_field(FILE *out, const char *s)
{
    if (!s) s = "";
    if (!strpbrk(s, ",\"\n\r")) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"') fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

static void write_csv(const json_t *doc, FILE *out)
{
    const json_t *sc = json_object_get(doc, "scenarios");
    size_t n = json_array_size(sc), i;
    fputs("\xEF\xBB\xBF"
          "scope,area_code,area_name,indicator,radius_m,kind,unit",
          out);
    for (size_t c = 0; c < n; c++) {
        fputc(',', out);
        csv_field(out, json_string_value(json_array_get(sc, c)));
        if (c == 0) continue;
        char h[160];
        snprintf(h, sizeof h, "%s-%s", json_string_value(json_array_get(sc, c)),
                 json_string_value(json_array_get(sc, 0)));
        fputc(',', out);
        csv_field(out, h);
    }
    fputs("\r\n", out);
    json_t *row;
    json_array_foreach(json_object_get(doc, "rows"), i, row)
    {
        const char *unit = json_string_value(json_object_get(row, "unit"));
        char buf[64];
        csv_field(out, json_string_value(json_object_get(row, "scope")));
        fputc(',', out);
        csv_field(out, json_string_value(json_object_get(row, "area_code")));
        fputc(',', out);
        csv_field(out, json_string_value(json_object_get(row, "area_name")));
        fputc(',', out);
        csv_field(out, json_string_value(json_object_get(row, "indicator")));
        fmt(buf, sizeof buf, json_object_get(row, "radius"), "m", false, "");
        fprintf(out, ",%s,", strcmp(buf, "") ? buf : "");
        csv_field(out, json_string_value(json_object_get(row, "kind")));
        fputc(',', out);
        csv_field(out, unit);
        for (size_t c = 0; c < n; c++) {
            fmt(buf, sizeof buf, json_array_get(json_object_get(row, "values"), c), unit, false,
                "");
            fprintf(out, ",%s", buf);
            if (c == 0) continue;
            fmt(buf, sizeof buf, json_array_get(json_object_get(row, "diffs"), c), unit, true, "");
            fprintf(out, ",%s", buf);
        }
        fputs("\r\n", out);
    }
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

static void write_targets_csv(const json_t *doc, FILE *out)
{
    fputs("\xEF\xBB\xBF"
          "scenario,indicator,radius_m,kind,area,year,op,target,unit,baseline,scenario_value,met,"
          "label\r\n",
          out);
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(doc, "targets"), i, t)
    {
        const char *unit = json_string_value(json_object_get(t, "unit"));
        char b[64], v[64], r[32] = "", y[16] = "";
        fmt(b, sizeof b, json_object_get(t, "baseline"), unit, false, "");
        fmt(v, sizeof v, json_object_get(t, "scenario_value"), unit, false, "");
        if (json_is_number(json_object_get(t, "radius")))
            snprintf(r, sizeof r, "%g", json_number_value(json_object_get(t, "radius")));
        if (json_is_integer(json_object_get(t, "year")))
            snprintf(y, sizeof y, "%lld",
                     (long long)json_integer_value(json_object_get(t, "year")));
        csv_field(out, json_string_value(json_object_get(t, "scenario")));
        fputc(',', out);
        csv_field(out, json_string_value(json_object_get(t, "indicator")));
        fprintf(out, ",%s,", r);
        csv_field(out, json_string_value(json_object_get(t, "kind")));
        fputc(',', out);
        csv_field(out, json_string_value(json_object_get(t, "area")));
        fprintf(out, ",%s,%s,%g,", y, json_string_value(json_object_get(t, "op")),
                json_number_value(json_object_get(t, "value")));
        csv_field(out, unit);
        fprintf(out, ",%s,%s,%s,", b, v,
                json_is_true(json_object_get(t, "met")) ? "met" : "not met");
        csv_field(out, json_string_value(json_object_get(t, "label")));
        fputs("\r\n", out);
    }
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
                         json_string_value(json_object_get(row, "area_name")), lab, unit);
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
    case COV_COMPARE_CSV: write_csv(doc, out); break;
    case COV_COMPARE_CSV_TARGETS: write_targets_csv(doc, out); break;
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
