/* Service-radius presets read from data/presets.csv, and custom radius lists. */
#include "planner/core/presets.h"

#include <cpl_error.h>
#include <gdal.h>
#include <math.h>
#include <ogr_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "planner/core/kinds.h"

static const char *field(OGRFeatureH f, const char *name)
{
    int idx = OGR_F_GetFieldIndex(f, name);
    if (idx < 0 || !OGR_F_IsFieldSetAndNotNull(f, idx)) return NULL;
    return OGR_F_GetFieldAsString(f, idx);
}

cov_status_t cov_radii_preset(cov_ctx_t *ctx, const char *data_dir, const char *name,
                              cov_radii_t *out)
{
    static const char *const drivers[] = {"CSV", NULL};
    memset(out, 0, sizeof *out);
    char path[4096];
    snprintf(path, sizeof path, "%s/presets.csv", data_dir ? data_dir : cov_ctx_data_dir(ctx));
    GDALAllRegister();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, NULL, NULL);
    CPLPopErrorHandler();
    if (!ds) return cov_fail(ctx, COV_ERR_NOT_FOUND, "%s: cannot read the radius presets", path);
    OGRLayerH lyr = GDALDatasetGetLayer(ds, 0);
    OGRFeatureH f;
    char known[256] = "";
    cov_status_t s = COV_OK;
    long long row = 0;
    while (!s && (f = OGR_L_GetNextFeature(lyr))) {
        row++;
        const char *p = field(f, "preset"), *cls = field(f, "class"), *rad = field(f, "radius_m");
        if (!p || !cls || !rad) {
            s = cov_fail(ctx, COV_ERR_INPUT, "%s: row %lld: needs preset, class and radius_m", path,
                         row);
        } else if (strcmp(p, name) != 0) {
            if (!strstr(known, p) && strlen(known) + strlen(p) + 3 < sizeof known) {
                if (*known) strcat(known, ", ");
                strcat(known, p);
            }
        } else if (out->n == COV_MAX_RADII || strlen(cls) >= COV_CLASS_NAME_MAX) {
            s = cov_fail(ctx, COV_ERR_INPUT, "%s: row %lld: too many radii or too long a class",
                         path, row);
        } else {
            double r = strtod(rad, NULL);
            if (!isfinite(r) || r < 0 || (out->n && r <= out->r[out->n - 1]))
                s = cov_fail(ctx, COV_ERR_INPUT,
                             "%s: row %lld: radii of a preset must be >= 0 and increasing", path,
                             row);
            out->r[out->n] = r;
            snprintf(out->cls[out->n], COV_CLASS_NAME_MAX, "%s", cls);
            out->n++;
        }
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    if (s) return s;
    if (!out->n)
        return cov_fail(ctx, COV_ERR_USAGE, "unknown radius preset '%s'; choose one of: %s%s", name,
                        known, *known ? "" : "(none in data/presets.csv)");
    snprintf(out->cls[out->n], COV_CLASS_NAME_MAX, "beyond");
    snprintf(out->preset, sizeof out->preset, "%s", name);
    return COV_OK;
}

/* 1,000 km: farther than any service reach, and a bound on the work a radius can ask for. */
#define COV_RADIUS_MAX 1e6

cov_status_t cov_radii_parse(cov_ctx_t *ctx, const char *text, cov_radii_t *r)
{
    double v[COV_MAX_RADII];
    size_t n = 0;
    const char *p = text;
    for (;;) {
        char *end;
        double x = strtod(p, &end);
        /* decimal numbers only: strtod also reads hexadecimal ("0x72" = 114), inf and nan */
        for (const char *c = p; c < end; c++)
            if (!strchr("0123456789.+-eE", *c)) end = (char *)p;
        if (end == p || (*end && *end != ','))
            return cov_fail(ctx, COV_ERR_USAGE,
                            "--radii '%s': not a comma list of numbers; give metres, e.g. "
                            "--radii 50,300,500,1000",
                            text);
        if (!isfinite(x) || x < 0)
            return cov_fail(ctx, COV_ERR_USAGE,
                            "--radii '%s': %g is not a distance; radii must be >= 0 metres", text,
                            x);
        if (x > COV_RADIUS_MAX)
            return cov_fail(ctx, COV_ERR_USAGE,
                            "--radii '%s': %g is beyond any service reach; radii must be at most "
                            "%g (metres, or minutes along roads)",
                            text, x, (double)COV_RADIUS_MAX);
        if (n && x <= v[n - 1])
            return cov_fail(ctx, COV_ERR_USAGE,
                            "--radii '%s': radii must increase (%g after %g); e.g. --radii "
                            "50,300,500,1000",
                            text, x, v[n - 1]);
        if (n == COV_MAX_RADII)
            return cov_fail(ctx, COV_ERR_USAGE, "--radii '%s': at most %d radii", text,
                            COV_MAX_RADII);
        v[n++] = x;
        if (!*end) break;
        p = end + 1;
    }
    if (n != r->n) {
        for (size_t i = 0; i < n; i++) snprintf(r->cls[i], COV_CLASS_NAME_MAX, "within_%gm", v[i]);
        snprintf(r->cls[n], COV_CLASS_NAME_MAX, "beyond");
    }
    memcpy(r->r, v, n * sizeof *v);
    r->n = n;
    return COV_OK;
}

size_t cov_radii_class(const cov_radii_t *r, double d)
{
    for (size_t i = 0; i < r->n; i++)
        if (d <= r->r[i]) return i;
    return r->n;
}
