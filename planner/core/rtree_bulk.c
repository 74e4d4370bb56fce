/* A layer's SpatiaLite spatial index (an SQLite R*Tree) built in one pass: Sort-Tile-Recursive
 * packing written straight into the R-tree's three tables. */
#include "planner/core/rtree_bulk.h"

#include <math.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "geo/alloc.h"

/*
 * SQLite's R-tree keeps a tree in three tables (ext/rtree/rtree.c, "Database Format of R-Tree
 * Tables"): %_node(nodeno, data) — node 1 is the root; a node is a blob of a fixed size holding
 * the tree depth (2 bytes, root only), the number of cells (2 bytes) and the cells, each an
 * 8-byte big-endian rowid (leaves) or child node number, then min/max of each dimension as
 * big-endian 32-bit floats (minimums rounded down, maximums up); %_rowid(rowid, nodeno) — the
 * leaf of every entry; %_parent(nodeno, parentnode) — the parent of every node but the root.
 * A node holds at most 51 cells, and the blob size is read from node 1 (4 + 51 * 24 = 1228
 * bytes for two dimensions, what SQLite makes on a 4 KB page). Inserting a million points one
 * by one through the virtual table (SpatiaLite's CreateSpatialIndex) takes seconds; packing
 * them takes a sort. SQLite's rtreecheck() and SpatiaLite's CheckSpatialIndex() accept the
 * result (tests/cli/test_import_speed.sh).
 */
#define MAX_CELLS 51
#define CELL_BYTES 24
#define NODE_BYTES (4 + MAX_CELLS * CELL_BYTES)

typedef struct ent {
    int64_t id;   /* rowid, or child node index while building */
    float box[4]; /* minx, maxx, miny, maxy */
} ent_t;

typedef struct node {
    size_t first, n; /* its cells in the level's entry array */
    int level;       /* 0: leaf */
    int64_t no;      /* node number */
} node_t;

static float down(double v)
{
    float f = (float)v;
    if ((double)f > v) f = nextafterf(f, -INFINITY);
    return f;
}

static float up(double v)
{
    float f = (float)v;
    if ((double)f < v) f = nextafterf(f, INFINITY);
    return f;
}

static int cmp_x(const void *a, const void *b)
{
    const ent_t *p = a, *q = b;
    float x = p->box[0] + p->box[1], y = q->box[0] + q->box[1];
    if (x != y) return x < y ? -1 : 1;
    return (p->id > q->id) - (p->id < q->id);
}

static int cmp_y(const void *a, const void *b)
{
    const ent_t *p = a, *q = b;
    float x = p->box[2] + p->box[3], y = q->box[2] + q->box[3];
    if (x != y) return x < y ? -1 : 1;
    return (p->id > q->id) - (p->id < q->id);
}

static void put64(unsigned char *p, int64_t v)
{
    uint64_t u = (uint64_t)v;
    for (int i = 7; i >= 0; i--, u >>= 8) p[i] = (unsigned char)(u & 0xff);
}

static void put32f(unsigned char *p, float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    p[0] = (unsigned char)(u >> 24), p[1] = (unsigned char)(u >> 16);
    p[2] = (unsigned char)(u >> 8), p[3] = (unsigned char)u;
}

/* Tile one level: entries e[0..n) sorted into runs of at most MAX_CELLS, each run a node. */
static size_t tile(ent_t *e, size_t n)
{
    size_t leaves = (n + MAX_CELLS - 1) / MAX_CELLS;
    size_t slices = (size_t)ceil(sqrt((double)leaves));
    size_t per = slices * MAX_CELLS;
    qsort(e, n, sizeof *e, cmp_x);
    for (size_t s = 0; s < n; s += per) qsort(e + s, n - s < per ? n - s : per, sizeof *e, cmp_y);
    return leaves;
}

cov_status_t cov_rtree_bulk_load(cov_ctx_t *ctx, cov_store_t *store, const char *index,
                                 cov_rtree_entry_fn next, void *user)
{
    cov_status_t s = COV_OK;
    size_t n = 0, cap = 0;
    ent_t *e = NULL;
    long long id;
    double b[4];
    while ((s = next(user, &id, b)) == COV_OK) {
        ent_t *g = cov_grow(e, &cap, n + 1, sizeof *g);
        if (!g) {
            free(e);
            return cov_fail(ctx, COV_ERR_NOMEM, "out of memory building the spatial index");
        }
        e = g;
        e[n].id = id;
        e[n].box[0] = down(b[0]), e[n].box[1] = up(b[1]);
        e[n].box[2] = down(b[2]), e[n].box[3] = up(b[3]);
        n++;
    }
    if (s != COV_ERR_NOT_FOUND) { /* NOT_FOUND: the end of the entries */
        free(e);
        return s;
    }
    /* Levels bottom-up: a level's entries tile into nodes, whose boxes are the next level's
     * entries, until one node (the root) remains. All levels' entries are kept. */
    ent_t **lv = NULL;
    size_t nlv = 0;
    node_t *nodes = NULL;
    size_t nn = 0, ncap = 0;
    ent_t *cur = e;
    size_t ncur = n;
    s = COV_OK;
    for (;;) {
        ent_t **l2 = cov_realloc_array(lv, nlv + 1, sizeof *l2);
        if (l2) lv = l2;
        if (!l2) {
            s = COV_ERR_NOMEM;
            break;
        }
        lv[nlv++] = cur;
        size_t k = ncur ? tile(cur, ncur) : 1;
        ent_t *up_e = cov_calloc_array(k, sizeof *up_e);
        if (up_e && nn + k > ncap) {
            node_t *g = cov_realloc_array(nodes, 2 * (nn + k), sizeof *g);
            if (g) nodes = g, ncap = 2 * (nn + k);
        }
        if (!up_e || nn + k > ncap) {
            free(up_e);
            s = COV_ERR_NOMEM;
            break;
        }
        for (size_t i = 0; i < k; i++) {
            size_t first = i * MAX_CELLS, m = ncur - first < MAX_CELLS ? ncur - first : MAX_CELLS;
            if (!ncur) first = 0, m = 0;
            nodes[nn] = (node_t){first, m, (int)nlv - 1, 0};
            float bx[4] = {INFINITY, -INFINITY, INFINITY, -INFINITY};
            for (size_t j = first; j < first + m; j++) {
                bx[0] = fminf(bx[0], cur[j].box[0]), bx[1] = fmaxf(bx[1], cur[j].box[1]);
                bx[2] = fminf(bx[2], cur[j].box[2]), bx[3] = fmaxf(bx[3], cur[j].box[3]);
            }
            up_e[i].id = (int64_t)nn; /* the node's index, numbered below */
            memcpy(up_e[i].box, bx, sizeof bx);
            nn++;
        }
        if (k == 1) {
            free(up_e);
            break;
        }
        cur = up_e, ncur = k;
    }
    /* Node numbers: the root (the last node made) is 1, the others 2, 3, … in order made. */
    for (size_t i = 0; !s && i < nn; i++) nodes[i].no = i + 1 == nn ? 1 : (int64_t)i + 2;
    char *sql = NULL;
    sqlite3_stmt *ins_node = NULL, *ins_row = NULL, *ins_par = NULL;
    if (!s) {
        sql = sqlite3_mprintf("DELETE FROM \"%w_node\"; DELETE FROM \"%w_rowid\"; DELETE FROM "
                              "\"%w_parent\";",
                              index, index, index);
        s = sql ? cov_store_exec(ctx, store, sql) : COV_ERR_NOMEM;
        sqlite3_free(sql);
    }
    if (!s) {
        sql = sqlite3_mprintf("INSERT INTO \"%w_node\" (nodeno, data) VALUES (?, ?)", index);
        s = sql ? cov_store_prepare(ctx, store, sql, &ins_node) : COV_ERR_NOMEM;
        sqlite3_free(sql);
    }
    if (!s) {
        sql = sqlite3_mprintf("INSERT INTO \"%w_rowid\" (rowid, nodeno) VALUES (?, ?)", index);
        s = sql ? cov_store_prepare(ctx, store, sql, &ins_row) : COV_ERR_NOMEM;
        sqlite3_free(sql);
    }
    if (!s) {
        sql =
            sqlite3_mprintf("INSERT INTO \"%w_parent\" (nodeno, parentnode) VALUES (?, ?)", index);
        s = sql ? cov_store_prepare(ctx, store, sql, &ins_par) : COV_ERR_NOMEM;
        sqlite3_free(sql);
    }
    unsigned char blob[NODE_BYTES];
    for (size_t i = 0; !s && i < nn; i++) {
        const node_t *nd = &nodes[i];
        const ent_t *cells = lv[nd->level];
        memset(blob, 0, sizeof blob);
        if (nd->no == 1) {
            blob[0] = (unsigned char)((nlv - 1) >> 8), blob[1] = (unsigned char)(nlv - 1);
        }
        blob[2] = (unsigned char)(nd->n >> 8), blob[3] = (unsigned char)nd->n;
        for (size_t j = 0; j < nd->n; j++) {
            const ent_t *c = &cells[nd->first + j];
            unsigned char *p = blob + 4 + j * CELL_BYTES;
            int64_t ref = nd->level == 0 ? c->id : nodes[c->id].no;
            put64(p, ref);
            for (int d = 0; d < 4; d++) put32f(p + 8 + 4 * d, c->box[d]);
            sqlite3_stmt *st = nd->level == 0 ? ins_row : ins_par;
            sqlite3_reset(st);
            sqlite3_bind_int64(st, 1, ref);
            sqlite3_bind_int64(st, 2, nd->no);
            s = cov_store_step_done(ctx, store, st, "the spatial index");
            if (s) break;
        }
        if (s) break;
        sqlite3_reset(ins_node);
        sqlite3_bind_int64(ins_node, 1, nd->no);
        sqlite3_bind_blob(ins_node, 2, blob, NODE_BYTES, SQLITE_TRANSIENT);
        s = cov_store_step_done(ctx, store, ins_node, "the spatial index");
    }
    sqlite3_finalize(ins_node);
    sqlite3_finalize(ins_row);
    sqlite3_finalize(ins_par);
    for (size_t i = 0; i < nlv; i++) free(lv[i]);
    if (!nlv) free(e);
    free(lv);
    free(nodes);
    if (s == COV_ERR_NOMEM) return cov_fail(ctx, s, "out of memory building the spatial index");
    return s;
}
