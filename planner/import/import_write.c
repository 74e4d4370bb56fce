/* Writing an import: areas for points, the sources record, the rows, and --replace. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"
#include "planner/core/layer_store.h"
#include "planner/import/import_private.h"

/* Load the project's areas (id order) and index them for point-in-polygon. */
cov_status_t import_load_areas(job_t *j)
{
    cov_area_t *areas;
    size_t n;
    cov_status_t s = cov_areas_load(j->ctx, j->store, true, &areas, &n);
    if (!s) {
        j->area_geom = cov_calloc_array(n ? n : 1, sizeof *j->area_geom);
        j->area_id = cov_calloc_array(n ? n : 1, sizeof *j->area_id);
        j->area_code = cov_calloc_array(n ? n : 1, sizeof *j->area_code);
        if (!j->area_geom || !j->area_id || !j->area_code)
            s = cov_fail(j->ctx, COV_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; !s && i < n; i++) { /* the job owns geometry and code from here */
        j->area_geom[i] = areas[i].geom;
        j->area_id[i] = areas[i].id;
        j->area_code[i] = areas[i].code;
        areas[i].geom = NULL;
        areas[i].code = NULL;
        j->narea++;
    }
    cov_areas_free(areas, n);
    if (s) return s;
    return cov_locator_build(j->area_geom, j->narea, &j->locator);
}

/* Give every point its area; refuse points outside all areas unless keep_outside, and
 * diagnose swapped latitude/longitude when the swapped point falls inside. */
cov_status_t import_assign_areas(job_t *j, cov_import_result_t *res)
{
    size_t outside = 0;
    char list[512] = "";
    size_t used = 0;
    for (size_t i = 0; i < j->n; i++) {
        row_t *r = &j->rows[i];
        r->area = cov_locator_find(j->locator, r->x, r->y);
        if (r->area >= 0) continue;
        if (!j->src) continue; /* raster cells outside the areas are dropped below */
        /* Swapped only when the swapped pair is a longitude/latitude at all (a latitude
         * beyond 90 degrees is no point: asking PROJ would only print its errors). */
        if (cov_source_is_geographic(j->src) && fabs(r->raw_x) <= 90 && fabs(r->raw_y) <= 180) {
            double sx = r->raw_y, sy = r->raw_x;
            if (cov_source_transform_point(j->src, &sx, &sy) &&
                cov_locator_find(j->locator, sx, sy) >= 0)
                return cov_fail(j->ctx, COV_ERR_INPUT,
                                "%s: %s %lld (id '%s'): latitude and longitude look swapped "
                                "(%.6f, %.6f lies outside every area, swapped it lies inside); "
                                "longitude must be x: swap the columns or fix the source",
                                j->path, import_unit_of(j), r->src_row, r->code, r->raw_x,
                                r->raw_y);
        }
        if (++outside <= LIST_MAX && used + 2 < sizeof list) {
            int w = snprintf(list + used, sizeof list - used, "%s%s", used ? ", " : "", r->code);
            if (w > 0) used += (size_t)w;
        }
    }
    if (outside && !j->o->keep_outside)
        return cov_fail(j->ctx, COV_ERR_INPUT,
                        "%s: %zu point(s) lie outside every area (ids: %s%s); check --src-crs, or "
                        "pass --keep-outside to keep them without an area",
                        j->path, outside, list, outside > LIST_MAX ? ", ..." : "");
    if (outside)
        cov_log(j->ctx, COV_LOG_WARN, "%s: %zu point(s) outside every area kept (ids: %s%s)",
                j->path, outside, list, outside > LIST_MAX ? ", ..." : "");
    res->outside = (long long)outside;
    return COV_OK;
}

cov_status_t import_record_source(job_t *j, long long *source_id)
{
    cov_webcrs_t w = j->src ? cov_source_webcrs(j->src) : COV_WEBCRS_NONE;
    const char *crs_name = j->src ? cov_source_crs_name(j->src) : j->o->source.src_crs;
    cov_source_new_t src = {.role = j->role,
                            .path = j->path,
                            .layer = import_layer_of(j),
                            .src_crs = crs_name ? crs_name : "raster's own",
                            .coords = w == COV_WEBCRS_NONE ? "native" : cov_webcrs_name(w),
                            .encoding = j->src ? cov_source_encoding(j->src) : NULL,
                            .features = (long long)j->n};
    return cov_sources_add(j->ctx, j->store, &src, source_id);
}

cov_status_t import_write_rows(job_t *j, long long source_id)
{
    cov_layer_writer_t *w;
    cov_status_t s = cov_layer_writer_open(j->ctx, j->store, j->role, source_id, &w);
    if (s) return s;
    for (size_t i = 0; i < j->n && !s; i++) {
        const row_t *r = &j->rows[i];
        cov_layer_row_t row = {.code = r->code,
                               .name = r->name,
                               .population = r->pop,
                               .elderly = r->elderly,
                               .geom = r->geom,
                               .level = j->level ? cov_level_name(j->level) : NULL,
                               .parent_code = r->parent,
                               .role = r->role,
                               .kind = r->kind,
                               .source_kind = r->source_kind,
                               .capacity = r->capacity,
                               .weight = r->weight,
                               .area_id = r->area >= 0 ? j->area_id[r->area] : 0,
                               .x = r->x,
                               .y = r->y};
        s = cov_layer_writer_add(w, &row);
        if (s == COV_ERR_INPUT)
            s = cov_fail(j->ctx, COV_ERR_INPUT,
                         "%s: %s %lld: id '%s' is already in the project; pass --replace to "
                         "replace the earlier import, or use other ids",
                         j->path, import_unit_of(j), r->src_row, r->code);
        else if (s)
            s = cov_fail(j->ctx, s, "%s: %s %lld: %s", j->path, import_unit_of(j), r->src_row,
                         cov_ctx_errmsg(j->ctx));
        if (i % 100 == 99) cov_progress(j->ctx, "writing", i + 1, j->n);
    }
    if (!s) s = cov_layer_writer_finish(w);
    cov_layer_writer_close(w);
    return s;
}

/* After areas change, every facility and demand point gets its area again. */
cov_status_t import_reassign_points(job_t *j, cov_import_result_t *res)
{
    cov_status_t s = import_load_areas(j);
    for (int t = 0; t < 2 && !s; t++) {
        cov_layer_role_t role = t == 0 ? COV_LAYER_FACILITIES : COV_LAYER_DEMAND;
        const char *table = t == 0 ? "facilities" : "demand";
        cov_facility_t *f = NULL;
        cov_demand_point_t *d = NULL;
        size_t n = 0;
        s = t == 0 ? cov_facilities_load_imported(j->ctx, j->store, &f, &n)
                   : cov_demand_load(j->ctx, j->store, &d, &n);
        long long *ids = s ? NULL : cov_calloc_array(n ? n : 1, sizeof *ids);
        long long *area = s ? NULL : cov_calloc_array(n ? n : 1, sizeof *area);
        if (!s && (!ids || !area)) s = cov_fail(j->ctx, COV_ERR_NOMEM, "out of memory");
        long long outside = 0;
        for (size_t i = 0; !s && i < n; i++) {
            double x = f ? f[i].x : d[i].x, y = f ? f[i].y : d[i].y;
            const char *code = f ? f[i].code : d[i].code;
            long a = cov_locator_find(j->locator, x, y);
            if (a < 0 && !j->o->keep_outside)
                s = cov_fail(j->ctx, COV_ERR_INPUT,
                             "%s: the new areas leave %s id '%s' outside every area; pass "
                             "--keep-outside to accept that",
                             j->path, table, code);
            if (a < 0) outside++;
            ids[i] = f ? f[i].id : d[i].id;
            area[i] = a >= 0 ? j->area_id[a] : 0;
        }
        if (!s) s = cov_layer_set_areas(j->ctx, j->store, role, ids, area, n);
        res->outside += outside;
        free(ids);
        free(area);
        cov_facilities_free(f, f ? n : 0);
        cov_demand_free(d, d ? n : 0);
    }
    return s;
}

cov_status_t import_clear_previous(job_t *j, long long *existing)
{
    *existing = 0;
    if (j->role == COV_LAYER_AREAS) {
        cov_status_t s = cov_layer_rows(j->ctx, j->store, COV_LAYER_AREAS, existing);
        if (s || !*existing) return s;
        if (j->o->append && j->o->replace)
            return cov_fail(j->ctx, COV_ERR_USAGE, "--append and --replace exclude each other");
        if (j->o->append) return COV_OK; /* the new codes must differ: the insert checks */
        if (!j->o->replace)
            return cov_fail(j->ctx, COV_ERR_USAGE,
                            "%s: the project already has %lld areas; pass --replace to replace "
                            "them, or --append to add these to them",
                            cov_store_path(j->store), *existing);
        return cov_layer_clear(j->ctx, j->store, COV_LAYER_AREAS);
    }
    if (!j->o->replace) return COV_OK;
    return cov_layer_clear_source(j->ctx, j->store, j->role, j->path, import_layer_of(j));
}

cov_status_t import_require_areas(job_t *j)
{
    long long nareas = 0;
    cov_status_t s = cov_layer_rows(j->ctx, j->store, COV_LAYER_AREAS, &nareas);
    if (s) return s;
    if (!nareas)
        return cov_fail(j->ctx, COV_ERR_USAGE,
                        "%s: the project has no areas yet; import them first: covplan import "
                        "%s areas FILE",
                        cov_store_path(j->store), cov_store_path(j->store));
    return COV_OK;
}
