/* The one table writer (planner/core/tables.c): CSV bytes as Excel wants them, XLSX and
 * GeoPackage read back through GDAL, JSON parsed back, and failures that leave no file. */
#include <gdal.h>
#include <jansson.h>
#include <ogr_api.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "planner/core/tables.h"

static cov_ctx_t *ctx;
static const char *const COLS[3] = {"名称", "n", "share"};
static const cov_cell_t TYPES[3] = {COV_CELL_TEXT, COV_CELL_INT, COV_CELL_REAL};

static cov_status_t write_two(const char *path, cov_tables_format_t fmt, bool second_table)
{
    cov_tables_t *t;
    cov_status_t s = cov_tables_open(ctx, path, fmt, true, &t);
    if (s) return s;
    s = cov_tables_add(t, "areas", 3, COLS, TYPES);
    json_t *r1 = json_pack("[s, i, f]", "东区, \"新\"", 3, 0.25);
    json_t *r2 = json_pack("[n, i, n]", 7);
    if (!s) s = cov_tables_row(t, r1);
    if (!s) s = cov_tables_row(t, r2);
    if (!s && second_table) s = cov_tables_add(t, "sites", 3, COLS, TYPES);
    if (!s && second_table) s = cov_tables_row(t, r2);
    json_decref(r1);
    json_decref(r2);
    cov_status_t c = cov_tables_close(t, !s);
    return s ? s : c;
}

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    static char buf[8192];
    *n = fread(buf, 1, sizeof buf - 1, f);
    buf[*n] = 0;
    fclose(f);
    return buf;
}

static bool exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

static void test_csv(void)
{
    unlink("t.csv");
    CHECK_INT(write_two("t.csv", COV_TABLES_CSV, false), COV_OK);
    size_t n;
    char *b = slurp("t.csv", &n);
    CHECK(b != NULL);
    if (!b) return;
    /* BOM, CRLF, quotes only where needed (comma and quote), NULL as an empty cell */
    CHECK_STR(b, "\xEF\xBB\xBF名称,n,share\r\n\"东区, \"\"新\"\"\",3,0.25\r\n,7,\r\n");
    /* a CSV holds one table: the second is refused and no file is left half-written */
    unlink("two.csv");
    CHECK_INT(write_two("two.csv", COV_TABLES_CSV, true), COV_ERR_USAGE);
    CHECK(strstr(cov_ctx_errmsg(ctx), "a CSV file holds one table") != NULL);
    CHECK(!exists("two.csv"));
    /* an existing file is refused without overwrite, untouched */
    cov_tables_t *t;
    CHECK_INT(cov_tables_open(ctx, "t.csv", COV_TABLES_CSV, false, &t), COV_ERR_USAGE);
    CHECK(strstr(cov_ctx_errmsg(ctx), "file exists") != NULL);
    char *again = slurp("t.csv", &n);
    CHECK(again && strncmp(again, "\xEF\xBB\xBF名称", 9) == 0);
}

/* Read a table of a GDAL file back as "v|v|v;v|v|v" rows. */
static void read_back(const char *path, const char *layer, char *out, size_t size)
{
    out[0] = 0;
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR, NULL, NULL, NULL);
    OGRLayerH l = ds ? GDALDatasetGetLayerByName(ds, layer) : NULL;
    if (!l) {
        if (ds) GDALClose(ds);
        return;
    }
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(l);
    for (int c = 0; c < OGR_FD_GetFieldCount(d); c++)
        snprintf(out + strlen(out), size - strlen(out), "%s%s", c ? "|" : "",
                 OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(d, c)));
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(l))) {
        strncat(out, ";", size - strlen(out) - 1);
        for (int c = 0; c < OGR_FD_GetFieldCount(d); c++)
            snprintf(out + strlen(out), size - strlen(out), "%s%s", c ? "|" : "",
                     OGR_F_IsFieldSetAndNotNull(f, c) ? OGR_F_GetFieldAsString(f, c) : "");
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
}

static void test_gdal_formats(void)
{
    static const struct {
        const char *path;
        cov_tables_format_t fmt;
    } cases[] = {{"t.xlsx", COV_TABLES_XLSX}, {"t.gpkg", COV_TABLES_GPKG}};
    for (size_t i = 0; i < 2; i++) {
        unlink(cases[i].path);
        CHECK_INT(write_two(cases[i].path, cases[i].fmt, true), COV_OK);
        char got[1024];
        read_back(cases[i].path, "areas", got, sizeof got);
        CHECK_STR(got, "名称|n|share;东区, \"新\"|3|0.25;|7|");
        read_back(cases[i].path, "sites", got, sizeof got);
        CHECK_STR(got, "名称|n|share;|7|");
    }
}

static void test_json(void)
{
    unlink("t.json");
    CHECK_INT(write_two("t.json", COV_TABLES_JSON, true), COV_OK);
    json_error_t e;
    json_t *doc = json_load_file("t.json", 0, &e);
    CHECK(doc != NULL);
    json_t *a = json_array_get(json_object_get(doc, "areas"), 0);
    CHECK_STR(json_string_value(json_object_get(a, "名称")), "东区, \"新\"");
    CHECK_INT(json_integer_value(json_object_get(a, "n")), 3);
    CHECK(json_is_null(json_object_get(json_array_get(json_object_get(doc, "sites"), 0), "share")));
    json_decref(doc);
}

static void test_formats_and_failures(void)
{
    cov_tables_format_t f;
    CHECK_INT(cov_tables_format_of(ctx, "x.XLSX", NULL, &f), COV_OK);
    CHECK_INT(f, COV_TABLES_XLSX);
    CHECK_INT(cov_tables_format_of(ctx, "x.csv", "json", &f), COV_OK);
    CHECK_INT(f, COV_TABLES_JSON);
    CHECK_INT(cov_tables_format_of(ctx, "x.txt", NULL, &f), COV_ERR_USAGE);
    CHECK(strstr(cov_ctx_errmsg(ctx), "x.txt: unknown output format") != NULL);
    cov_tables_t *t;
    CHECK_INT(cov_tables_open(ctx, "-", COV_TABLES_XLSX, false, &t), COV_ERR_USAGE);
    /* a folder that does not exist: one error, nothing written */
    CHECK_INT(cov_tables_open(ctx, "no/such/dir/t.csv", COV_TABLES_CSV, false, &t), COV_ERR_IO);
    CHECK(strstr(cov_ctx_errmsg(ctx), "no/such/dir/t.csv") != NULL);
    /* closing without keeping removes the temporary file */
    unlink("gone.xlsx");
    CHECK_INT(cov_tables_open(ctx, "gone.xlsx", COV_TABLES_XLSX, false, &t), COV_OK);
    CHECK_INT(cov_tables_add(t, "x", 3, COLS, TYPES), COV_OK);
    CHECK_INT(cov_tables_close(t, false), COV_OK);
    CHECK(!exists("gone.xlsx"));
    char tmp[64];
    snprintf(tmp, sizeof tmp, ".gone.covplan-%ld.xlsx", (long)getpid());
    CHECK(!exists(tmp));
}

int main(void)
{
    GDALAllRegister();
    CHECK_INT(cov_ctx_create(&ctx), COV_OK);
    test_csv();
    test_gdal_formats();
    test_json();
    test_formats_and_failures();
    cov_ctx_destroy(ctx);
    GDALDestroyDriverManager();
    CHECK_DONE();
}
