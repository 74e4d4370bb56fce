/* Road network import into the project (tables roads, nodes, roads_info) and loading it back. */
#include "planner/roads/roads.h"

#include <cpl_string.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "geo/alloc.h"
#include "geo/crs.h"
#include "geo/source.h"
#include "planner/core/distance.h"

/* Road classes seen, in order of first appearance (class number = index). */
typedef struct classes {
    char **name;
    size_t n, cap;
} classes_t;

static int class_of(classes_t *c, const char *name)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->name[i], name) == 0) return (int)i;
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 32;
        char **p = cov_realloc_array(c->name, cap, sizeof *p);
        if (!p) return -1;
        c->name = p;
        c->cap = cap;
    }
    if (!(c->name[c->n] = cov_strdup(name))) return -1;
    return (int)c->n++;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

/* OSM one-way semantics: yes/true/1 along the way, -1/reverse against it, else both ways.
 * Motorways and roundabouts are one-way unless tagged otherwise. */
static int oneway_value(const char *v, const char *highway, const char *junction)
{
    if (v && *v) {
        if (!strcasecmp(v, "yes") || !strcasecmp(v, "true") || !strcmp(v, "1")) return 1;
        if (!strcmp(v, "-1") || !strcasecmp(v, "reverse")) return -1;
        return 0;
    }
    if (highway && (!strcmp(highway, "motorway") || !strcmp(highway, "motorway_link"))) return 1;
    if (junction && !strcmp(junction, "roundabout")) return 1;
    return 0;
}

/* A tag from OSM's other_tags ("k"=>"v","k2"=>"v2"), tokenised by GDAL's CSL helpers, which
 * honour the quotes (and commas or => inside them). Returns a copy (free) or NULL. */
static char *hstore_get(const char *hstore, const char *key)
{
    if (!hstore) return NULL;
    char **tok = CSLTokenizeString2(hstore, ",=>", CSLT_HONOURSTRINGS);
    char *out = NULL;
    for (int i = 0; tok && tok[i] && tok[i + 1]; i += 2)
        if (strcmp(tok[i], key) == 0) {
            out = cov_strdup(tok[i + 1]);
            break;
        }
    CSLDestroy(tok);
    return out;
}

typedef struct job {
    cov_ctx_t *ctx;
    cov_store_t *store;
    const char *path;
    cov_source_t *src;
    int hw_idx, ow_idx, tags_idx;
    classes_t cls;
    cov_graph_builder_t *b;
    cov_graph_t *g;
    long long no_highway;
} job_t;

static bool is_line(OGRGeometryH g)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    return t == wkbLineString || t == wkbMultiLineString;
}

static cov_status_t read_lines(job_t *j, cov_roads_import_summary_t *out)
{
    cov_record_t rec;
    bool done = false;
    long long total = cov_source_feature_count(j->src);
    cov_status_t s;
    while (!(s = cov_source_next(j->ctx, j->src, &rec, &done)) && !done) {
        out->features++;
        if (!is_line(rec.geom)) {
            out->non_lines++;
            continue;
        }
        const char *hw = "road";
        if (j->hw_idx >= 0) {
            if ((s = cov_source_text(j->ctx, j->src, &rec, j->hw_idx, &hw))) return s;
            if (!hw || !*hw) { /* e.g. waterways and boundaries in OSM's lines layer */
                j->no_highway++;
                continue;
            }
        }
        int c = class_of(&j->cls, hw);
        if (c < 0) return cov_fail(j->ctx, COV_ERR_NOMEM, "out of memory");
        char *ow = NULL, *junction = NULL;
        const char *tags = NULL;
        if (j->ow_idx >= 0) {
            const char *v;
            if ((s = cov_source_text(j->ctx, j->src, &rec, j->ow_idx, &v))) return s;
            ow = cov_strdup(v);
        } else if (j->tags_idx >= 0) {
            if ((s = cov_source_text(j->ctx, j->src, &rec, j->tags_idx, &tags))) return s;
            ow = hstore_get(tags, "oneway");
            junction = hstore_get(tags, "junction");
        }
        int oneway = oneway_value(ow, hw, junction);
        free(ow);
        free(junction);
        if (oneway) out->oneway++;
        if ((s = cov_graph_builder_add_geometry(j->ctx, j->b, rec.geom, c, oneway))) {
            return cov_fail(j->ctx, s, "%s: feature %lld: %s", j->path, rec.row,
                            cov_ctx_errmsg(j->ctx));
        }
        if (out->features % 1000 == 0)
            cov_progress(j->ctx, "reading roads", (size_t)out->features,
                         total > 0 ? (size_t)total : 0);
    }
    return s;
}

static cov_status_t drop_previous(job_t *j, bool replace)
{
    bool have;
    cov_status_t s = cov_roads_exists(j->ctx, j->store, &have);
    if (s || !have) return s;
    if (!replace)
        return cov_fail(j->ctx, COV_ERR_INPUT,
                        "%s: the project already has a road network; pass --replace to "
                        "replace it",
                        cov_store_path(j->store));
    return cov_roads_drop(j->ctx, j->store);
}

static cov_status_t write_graph(job_t *j, const cov_roads_import_summary_t *sum)
{
    const cov_graph_stats_t *g = &sum->stats;
    char v[9][1024];
    snprintf(v[0], sizeof v[0], "%s", j->path);
    snprintf(v[1], sizeof v[1], "%s", cov_source_layer_name(j->src));
    snprintf(v[2], sizeof v[2], "%lld", sum->features);
    snprintf(v[3], sizeof v[3], "%lld", sum->non_lines);
    snprintf(v[4], sizeof v[4], "%lld", j->no_highway);
    snprintf(v[5], sizeof v[5], "%zu", g->lines_in);
    snprintf(v[6], sizeof v[6], "%zu", g->lines_dropped);
    snprintf(v[7], sizeof v[7], "%zu", g->zero_segments);
    snprintf(v[8], sizeof v[8], "%zu", g->loops_split);
    const cov_roads_info_t info[] = {
        {"source", v[0]},        {"layer", v[1]},         {"features", v[2]},
        {"non_lines", v[3]},     {"no_highway", v[4]},    {"lines", v[5]},
        {"lines_dropped", v[6]}, {"zero_segments", v[7]}, {"loops_split", v[8]}};
    return cov_roads_write(j->ctx, j->store, j->g, j->cls.name, info, sizeof info / sizeof *info);
}

static cov_status_t run_import(job_t *j, const char *path, const cov_roads_import_opts_t *o,
                               cov_roads_import_summary_t *out)
{
    cov_source_opts_t so = {.layer = o->layer, .src_crs = o->src_crs};
    if (!so.layer && (ends_with(path, ".pbf") || ends_with(path, ".osm"))) so.layer = "lines";
    cov_status_t s = cov_source_open(j->ctx, path, &so, &j->src);
    if (s) return s;
    if (o->highway_field) {
        if ((s = cov_source_field(j->ctx, j->src, o->highway_field, &j->hw_idx))) return s;
    } else {
        static const char *const hw[] = {"highway", NULL};
        j->hw_idx = cov_source_find_field(j->src, hw);
    }
    static const char *const ow[] = {"oneway", NULL}, *const tags[] = {"other_tags", NULL};
    j->ow_idx = cov_source_find_field(j->src, ow);
    j->tags_idx = cov_source_find_field(j->src, tags);
    if ((s = cov_store_begin(j->ctx, j->store))) return s;
    if (!cov_store_srid(j->store)) {
        double ext[4];
        if ((s = cov_source_wgs84_extent(j->ctx, j->src, ext))) return s;
        OGRSpatialReferenceH srs;
        bool fitted;
        if ((s = cov_crs_choose(j->ctx, ext, false, false, &srs, &fitted))) return s;
        s = cov_store_set_crs_srs(j->ctx, j->store, srs);
        OSRDestroySpatialReference(srs);
        if (s) return s;
        out->crs_chosen = true;
    }
    out->srid = cov_store_srid(j->store);
    if ((s = cov_source_set_target(j->ctx, j->src, cov_store_srs(j->store)))) return s;
    if ((s = drop_previous(j, o->replace))) return s;
    if ((s = cov_graph_builder_create(j->ctx, cov_store_srs(j->store), 0.01, &j->b))) return s;
    cov_distance_info_t di; /* a CRS distorted over the data: road lengths on the ellipsoid */
    if ((s = cov_project_distance(j->ctx, j->store, &di))) return s;
    if (di.geodesic && (s = cov_graph_builder_set_geodesic(j->ctx, j->b))) return s;
    if ((s = read_lines(j, out))) return s;
    if (j->b && cov_graph_builder_finish(j->ctx, j->b, &j->g) != COV_OK) {
        j->b = NULL;
        return cov_fail(j->ctx, COV_ERR_EMPTY,
                        "%s: layer '%s' has no roads: %lld feature(s), %lld not lines, %lld "
                        "without a highway value, no line of non-zero length",
                        path, cov_source_layer_name(j->src), out->features, out->non_lines,
                        j->no_highway);
    }
    j->b = NULL;
    cov_graph_stats(j->g, &out->stats);
    if ((s = write_graph(j, out))) return s;
    return cov_store_commit(j->ctx, j->store);
}

cov_status_t cov_roads_import(cov_ctx_t *ctx, cov_store_t *store, const char *path,
                              const cov_roads_import_opts_t *opts, cov_roads_import_summary_t *out)
{
    memset(out, 0, sizeof *out);
    cov_roads_import_opts_t none = {0};
    job_t j = {.ctx = ctx, .store = store, .path = path, .hw_idx = -1};
    cov_status_t s = run_import(&j, path, opts ? opts : &none, out);
    if (s) cov_store_rollback(store);
    if (!s && out->stats.lines_dropped + out->stats.zero_segments + out->stats.loops_split)
        cov_log(ctx, COV_LOG_WARN,
                "%s: %zu line(s) of zero length dropped, %zu zero-length segment(s) dropped, "
                "%zu closed or self-looping piece(s) split in two",
                path, out->stats.lines_dropped, out->stats.zero_segments, out->stats.loops_split);
    cov_graph_builder_destroy(j.b);
    cov_graph_destroy(j.g);
    cov_roads_classes_free(j.cls.name, j.cls.n);
    cov_source_close(j.src);
    return s;
}
