/* Distance-decay weights for the accessibility scores: parsing a spec, evaluating, formatting. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "planner/access/measure/access.h"

static const char *const HINT =
    "use none, step:COST=W,... (e.g. step:10=1,20=0.68,30=0.22), gaussian:SIGMA or "
    "gravity:SCALE,ALPHA[,MIN]";

static const char *const METHODS[] = {"fca", "2sfca", "e2sfca", "3sfca", "gravity", "raam"};

bool cov_access_method_parse(const char *name, cov_access_method_t *out)
{
    for (size_t i = 0; name && i < sizeof METHODS / sizeof *METHODS; i++)
        if (strcmp(name, METHODS[i]) == 0) {
            *out = (cov_access_method_t)i;
            return true;
        }
    return false;
}

const char *cov_access_method_name(cov_access_method_t m)
{
    return (unsigned)m < sizeof METHODS / sizeof *METHODS ? METHODS[m] : "?";
}

/* Read one finite number from *p up to a character in stops (or the end). */
static bool number(const char **p, const char *stops, double *v)
{
    char *end;
    errno = 0;
    *v = strtod(*p, &end);
    if (end == *p || errno || !isfinite(*v) || (*end && !strchr(stops, *end))) return false;
    *p = end;
    return true;
}

static cov_status_t bad(cov_ctx_t *ctx, const char *spec, const char *what)
{
    return cov_fail(ctx, COV_ERR_USAGE, "weights '%s': %s; %s", spec, what, HINT);
}

static cov_status_t parse_steps(cov_ctx_t *ctx, const char *spec, const char *p,
                                cov_access_weight_t *w)
{
    w->kind = COV_WEIGHT_STEP;
    while (*p) {
        if (w->nsteps == COV_ACCESS_MAX_STEPS) return bad(ctx, spec, "more than 16 steps");
        double c, v;
        if (!number(&p, "=", &c) || *p != '=')
            return bad(ctx, spec, "each step is COST=WEIGHT with numbers");
        p++;
        if (!number(&p, ",", &v)) return bad(ctx, spec, "each step is COST=WEIGHT with numbers");
        if (c < 0 || v < 0) return bad(ctx, spec, "step costs and weights must not be negative");
        if (w->nsteps && c <= w->step_cost[w->nsteps - 1])
            return bad(ctx, spec, "step costs must increase");
        w->step_cost[w->nsteps] = c;
        w->step_w[w->nsteps++] = v;
        if (*p == ',') {
            p++;
            if (!*p) return bad(ctx, spec, "a step is missing after the last comma");
        }
    }
    return w->nsteps ? COV_OK : bad(ctx, spec, "no steps given");
}

cov_status_t cov_access_weight_parse(cov_ctx_t *ctx, const char *spec, cov_access_weight_t *out)
{
    cov_access_weight_t w;
    memset(&w, 0, sizeof w);
    if (!spec || !*spec || strcmp(spec, "none") == 0) {
        *out = w;
        return COV_OK;
    }
    const char *colon = strchr(spec, ':');
    size_t klen = colon ? (size_t)(colon - spec) : strlen(spec);
    const char *p = colon ? colon + 1 : "";
    cov_status_t s = COV_OK;
    if (klen == 4 && strncmp(spec, "step", 4) == 0) {
        s = parse_steps(ctx, spec, p, &w);
    } else if (klen == 8 && strncmp(spec, "gaussian", 8) == 0) {
        w.kind = COV_WEIGHT_GAUSSIAN;
        if (!number(&p, "", &w.sigma) || w.sigma <= 0)
            s = bad(ctx, spec, "gaussian needs one positive SIGMA");
    } else if (klen == 7 && strncmp(spec, "gravity", 7) == 0) {
        w.kind = COV_WEIGHT_GRAVITY;
        if (!number(&p, ",", &w.scale) || *p != ',' || w.scale <= 0)
            return bad(ctx, spec, "gravity needs a positive SCALE and an ALPHA");
        p++;
        if (!number(&p, ",", &w.alpha))
            return bad(ctx, spec, "gravity needs a positive SCALE and an ALPHA");
        if (*p == ',') {
            p++;
            if (!number(&p, "", &w.min_dist) || w.min_dist < 0)
                return bad(ctx, spec, "gravity's MIN distance must be a number >= 0");
        }
    } else {
        return cov_fail(ctx, COV_ERR_USAGE, "weights '%s': unknown weight kind '%.*s'; %s", spec,
                        (int)klen, spec, HINT);
    }
    if (!s) *out = w;
    return s;
}

cov_access_weight_t cov_access_weight_e2sfca(double d)
{
    cov_access_weight_t w;
    memset(&w, 0, sizeof w);
    w.kind = COV_WEIGHT_STEP;
    w.nsteps = 3;
    w.step_cost[0] = d / 3.0;
    w.step_cost[1] = 2.0 * d / 3.0;
    w.step_cost[2] = d;
    if (d == 30.0) { /* exactly Luo & Qi's 10/20/30 */
        w.step_cost[0] = 10.0;
        w.step_cost[1] = 20.0;
    }
    w.step_w[0] = 1.0;
    w.step_w[1] = 0.68;
    w.step_w[2] = 0.22;
    return w;
}

double cov_access_weight_eval(const cov_access_weight_t *w, double c)
{
    switch (w->kind) {
    case COV_WEIGHT_STEP:
        for (size_t k = 0; k < w->nsteps; k++)
            if (c <= w->step_cost[k]) return w->step_w[k];
        return 0.0;
    case COV_WEIGHT_GAUSSIAN: return exp(-(c * c) / (2.0 * w->sigma * w->sigma));
    case COV_WEIGHT_GRAVITY: return pow((c > w->min_dist ? c : w->min_dist) / w->scale, w->alpha);
    case COV_WEIGHT_NONE: break;
    }
    return 1.0;
}

void cov_access_weight_format(const cov_access_weight_t *w, char *buf, size_t size)
{
    if (!size) return;
    buf[0] = '\0';
    switch (w->kind) {
    case COV_WEIGHT_NONE: snprintf(buf, size, "none"); break;
    case COV_WEIGHT_GAUSSIAN: snprintf(buf, size, "gaussian:%.10g", w->sigma); break;
    case COV_WEIGHT_GRAVITY:
        snprintf(buf, size, "gravity:%.10g,%.10g,%.10g", w->scale, w->alpha, w->min_dist);
        break;
    case COV_WEIGHT_STEP: {
        size_t used = (size_t)snprintf(buf, size, "step:");
        for (size_t k = 0; k < w->nsteps && used < size; k++)
            used += (size_t)snprintf(buf + used, size - used, "%s%.10g=%.10g", k ? "," : "",
                                     w->step_cost[k], w->step_w[k]);
        break;
    }
    }
}
