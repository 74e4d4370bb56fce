/* Render a small synthetic map to PNG, PDF and SVG and check labels, scale bar and outputs. */
#include <cairo.h>
#include <ogr_api.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "geo/ctx.h"
#include "render/label.h"
#include "render/map.h"
#include "tests/unit/check.h"

#define OUT_PNG "test_render_map.png"
#define OUT_PDF "test_render_map.pdf"
#define OUT_SVG "test_render_map.svg"
#define OUT_DIFF "test_render_map.diff.png"
#define REF_NAME "tests/render/map_basic.png"

#ifdef __SANITIZE_ADDRESS__
/* LeakSanitizer hook: fontconfig keeps its parsed configuration for the process and cairo
 * 1.16 leaks a buffer when finishing vector surfaces; neither is ours to free. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\nleak:libcairo.so\n";
}
#endif

/* Hong Kong 1980 Grid-like coordinates (metres), so the numbers look like a real plan. */
#define X0 830000.0
#define Y0 812000.0

static OGRGeometryH polygon_from(const double *xy, int n)
{
    OGRGeometryH ring = OGR_G_CreateGeometry(wkbLinearRing);
    for (int i = 0; i < n; i++) OGR_G_AddPoint_2D(ring, X0 + xy[2 * i], Y0 + xy[2 * i + 1]);
    OGR_G_AddPoint_2D(ring, X0 + xy[0], Y0 + xy[1]);
    OGRGeometryH poly = OGR_G_CreateGeometry(wkbPolygon);
    OGR_G_AddGeometryDirectly(poly, ring);
    return poly;
}

static OGRGeometryH box(double x0, double y0, double x1, double y1)
{
    double xy[] = {x0, y0, x1, y0, x1, y1, x0, y1};
    return polygon_from(xy, 4);
}

/* A U shape 3 km wide open to the north: its centroid falls in the notch, outside. */
static OGRGeometryH u_shape(void)
{
    double xy[] = {0,    0,    3000, 0,    3000, 3000, 2000, 3000,
                   2000, 1000, 1000, 1000, 1000, 3000, 0,    3000};
    return polygon_from(xy, 8);
}

static cov_map_t *build_map(cov_ctx_t *ctx, size_t *nlabels_total)
{
    cov_map_t *m = NULL;
    if (cov_map_create(ctx, &m) != COV_OK) return NULL;
    cov_map_set_pixel_size(m, 1200, 850);
    cov_map_set_title(m, "长者服务覆盖 Elder-care coverage", "示例地图 Synthetic test map");
    cov_map_set_note(m, "Hong Kong 1980 Grid (EPSG:2326)", "数据来源 Sources: synthetic test data");
    cov_map_set_inset(m, X0 - 6000, Y0 - 4000, X0 + 14000, Y0 + 9000);

    cov_layer_t *areas = cov_map_add_layer(m, COV_LAYER_POLYGON, "覆盖率 Coverage (%)");
    cov_layer_set_choropleth(areas, COV_CLASSIFY_QUANTILE, 4, COV_PALETTE_YLGNBU, NULL, 0);
    cov_layer_set_legend_format(areas, 0, "无数据 No data");
    cov_style_t st = {cov_color_hex(0xffffff, 1), cov_color_hex(0x444444, 1), 0.8, 0};
    cov_layer_set_style(areas, &st);
    OGRGeometryH g[6] = {u_shape(),
                         box(3000, 0, 6000, 2000),
                         box(3000, 2000, 6000, 3000),
                         box(6000, 0, 8000, 3000),
                         box(0, 3000, 4000, 4500),
                         box(4000, 3000, 8000, 4500)};
    const char *names[6] = {"中西區", "灣仔區", "東區", "南區", "油尖旺區", "深水埗區"};
    double values[6] = {35, 62, 80, NAN, 48, 91};
    for (int i = 0; i < 6; i++) {
        cov_layer_add_polygon(areas, g[i], values[i], names[i]);
        OGR_G_DestroyGeometry(g[i]);
    }

    cov_layer_t *buf = cov_map_add_layer(m, COV_LAYER_CIRCLE, "服务半径 1 km service radius");
    cov_style_t bs = {cov_color_hex(0x2171b5, 0.12), cov_color_hex(0x2171b5, 0.9), 0.8, 3};
    cov_layer_set_style(buf, &bs);
    cov_layer_add_circle(buf, X0 + 1500, Y0 + 500, 1000);
    cov_layer_add_circle(buf, X0 + 6800, Y0 + 3600, 1000);

    cov_layer_t *links = cov_map_add_layer(m, COV_LAYER_LINE, "就近连线 Nearest clinic");
    cov_style_t ls = {cov_color_hex(0, 0), cov_color_hex(0x6a51a3, 1), 1.2, 0};
    cov_layer_set_style(links, &ls);
    cov_layer_add_line(links, X0 + 1500, Y0 + 500, X0 + 4500, Y0 + 1200, "1.2 km");

    cov_layer_t *pts = cov_map_add_layer(m, COV_LAYER_POINT, "设施 Facilities");
    cov_symbol_t s_home = {COV_SHAPE_CIRCLE, 9, cov_color_hex(0xe6550d, 1),
                           cov_color_hex(0xffffff, 1), 1};
    cov_symbol_t s_clinic = {COV_SHAPE_SQUARE, 9, cov_color_hex(0x08519c, 1),
                             cov_color_hex(0xffffff, 1), 1};
    cov_symbol_t s_day = {COV_SHAPE_TRIANGLE, 10, cov_color_hex(0x31a354, 1),
                          cov_color_hex(0xffffff, 1), 1};
    cov_symbol_t s_hosp = {COV_SHAPE_CROSS, 12, cov_color_hex(0xcb181d, 1),
                           cov_color_hex(0xffffff, 1), 0.8};
    cov_symbol_t s_vill = {COV_SHAPE_DIAMOND, 9, cov_color_hex(0x756bb1, 1),
                           cov_color_hex(0xffffff, 1), 1};
    int c_home = cov_layer_add_category(pts, "养老院 Care home", &s_home);
    int c_clinic = cov_layer_add_category(pts, "社区卫生服务中心 Clinic", &s_clinic);
    int c_day = cov_layer_add_category(pts, "日间照料中心 Day care", &s_day);
    int c_hosp = cov_layer_add_category(pts, "医院 Hospital", &s_hosp);
    int c_vill = cov_layer_add_category(pts, "村卫生室 Village clinic", &s_vill);
    cov_layer_add_point(pts, X0 + 1500, Y0 + 500, c_home, 1, "颐康院");
    cov_layer_add_point(pts, X0 + 4500, Y0 + 1200, c_clinic, 1, "湾仔诊所");
    cov_layer_add_point(pts, X0 + 6800, Y0 + 3600, c_day, 1, NULL);
    cov_layer_add_point(pts, X0 + 7300, Y0 + 800, c_hosp, 1, NULL);
    cov_layer_add_point(pts, X0 + 2500, Y0 + 3900, c_vill, 1, NULL);
    /* Two points 20 m apart with long labels: their label boxes must not both be placed
     * where they overlap. */
    cov_layer_add_point(pts, X0 + 5200, Y0 + 2400, c_home, 1, "重叠标签甲 Overlap A");
    cov_layer_add_point(pts, X0 + 5220, Y0 + 2400, c_home, 1, "重叠标签乙 Overlap B");
    *nlabels_total = 6 + 1 + 4;
    return m;
}

/* Path of a file in the source tree: $COV_SOURCE_DIR, else the directory __FILE__ lives in
 * minus tests/unit/. */
static void source_path(char *buf, size_t n, const char *rel)
{
    const char *env = getenv("COV_SOURCE_DIR");
    if (env && *env) {
        snprintf(buf, n, "%s/%s", env, rel);
        return;
    }
    const char *file = __FILE__, *suffix = "tests/unit/test_render_map.c";
    size_t lf = strlen(file), ls = strlen(suffix);
    size_t keep = lf >= ls && !strcmp(file + lf - ls, suffix) ? lf - ls : 0;
    snprintf(buf, n, "%.*s%s", (int)keep, file, rel);
}

static bool copy_file(const char *from, const char *to)
{
    FILE *a = fopen(from, "rb"), *b = a ? fopen(to, "wb") : NULL;
    bool ok = a && b;
    char buf[65536];
    size_t k;
    while (ok && (k = fread(buf, 1, sizeof buf, a)) > 0) ok = fwrite(buf, 1, k, b) == k;
    if (a) fclose(a);
    if (b && fclose(b)) ok = false;
    return ok;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (s && fread(s, 1, (size_t)n, f) != (size_t)n) n = 0;
    if (s) s[n] = 0;
    fclose(f);
    *len = (size_t)n;
    return s;
}

/* Compare with the reference image: channel differences <= 24 on >= 99.5% of pixels. On
 * failure writes a diff image (red where pixels differ) next to the output. */
static void compare_reference(const char *out)
{
    char ref[4096];
    source_path(ref, sizeof ref, REF_NAME);
    const char *upd = getenv("COV_UPDATE_REFERENCES");
    if (upd && !strcmp(upd, "1")) {
        CHECK(copy_file(out, ref));
        fprintf(stderr, "updated reference %s\n", ref);
        return;
    }
    cairo_surface_t *a = cairo_image_surface_create_from_png(out);
    cairo_surface_t *b = cairo_image_surface_create_from_png(ref);
    if (cairo_surface_status(b)) {
        fprintf(stderr, "reference %s missing (COV_UPDATE_REFERENCES=1 makes it)\n", ref);
        CHECK(!"reference image readable");
    } else if (!cairo_surface_status(a)) {
        int w = cairo_image_surface_get_width(a), h = cairo_image_surface_get_height(a);
        CHECK_INT(cairo_image_surface_get_width(b), w);
        CHECK_INT(cairo_image_surface_get_height(b), h);
        if (cairo_image_surface_get_width(b) == w && cairo_image_surface_get_height(b) == h) {
            cairo_surface_t *d = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
            unsigned char *pa = cairo_image_surface_get_data(a);
            unsigned char *pb = cairo_image_surface_get_data(b);
            unsigned char *pd = cairo_image_surface_get_data(d);
            int sa = cairo_image_surface_get_stride(a), sb = cairo_image_surface_get_stride(b);
            int sd = cairo_image_surface_get_stride(d);
            size_t bad = 0;
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    int diff = 0;
                    for (int c = 0; c < 4; c++) {
                        int dd = abs(pa[y * sa + 4 * x + c] - pb[y * sb + 4 * x + c]);
                        if (dd > diff) diff = dd;
                    }
                    unsigned char *q = pd + y * sd + 4 * x;
                    unsigned char grey = (unsigned char)(pa[y * sa + 4 * x + 1] / 4 + 190);
                    q[0] = q[1] = q[2] = grey;
                    if (diff > 24) {
                        bad++;
                        q[0] = 0, q[1] = 0, q[2] = 255;
                    }
                }
            double frac = 1.0 - (double)bad / ((double)w * h);
            fprintf(stderr, "reference match: %.4f%% of pixels within tolerance\n", 100 * frac);
            if (frac < 0.995) {
                cairo_surface_mark_dirty(d);
                cairo_surface_write_to_png(d, OUT_DIFF);
                fprintf(stderr, "image differs from %s; diff written to %s\n", ref, OUT_DIFF);
            }
            CHECK(frac >= 0.995);
            cairo_surface_destroy(d);
        }
    }
    cairo_surface_destroy(a);
    cairo_surface_destroy(b);
}

static bool have_tool(const char *name)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", name);
    return system(cmd) == 0;
}

/* Read a command's whole output (at most n-1 bytes); returns its exit status. */
static int run(const char *cmd, char *out, size_t n)
{
    FILE *p = popen(cmd, "r");
    if (!p) return -1;
    size_t k = fread(out, 1, n - 1, p);
    out[k] = 0;
    return pclose(p);
}

static void check_pdf(void)
{
    size_t len;
    char *pdf = slurp(OUT_PDF, &len);
    CHECK(pdf && len > 4 && !memcmp(pdf, "%PDF", 4));
    free(pdf);
    static char out[1 << 16];
    if (!have_tool("pdftotext") || !have_tool("pdffonts")) {
        fprintf(stderr, "skipped: pdftotext/pdffonts not installed\n");
        return;
    }
    CHECK_INT(run("pdftotext -q " OUT_PDF " -", out, sizeof out), 0);
    CHECK(strstr(out, "中西區") != NULL);
    CHECK(strstr(out, "灣仔區") != NULL);
    CHECK(strstr(out, "Elder-care coverage") != NULL);
    CHECK_INT(run("pdffonts " OUT_PDF, out, sizeof out), 0);
    /* Columns follow the dashes of the second header line; "emb" is the fourth. */
    char *line2 = strchr(out, '\n');
    CHECK(line2 != NULL);
    if (!line2) return;
    line2++;
    int col = 0, start = -1;
    for (int i = 0, in = 0; line2[i] && line2[i] != '\n'; i++) {
        if (line2[i] == '-' && !in) {
            in = 1;
            if (++col == 4) start = i;
        } else if (line2[i] != '-') {
            in = 0;
        }
    }
    CHECK(start > 0);
    int fonts = 0, embedded = 0, cjk = 0;
    for (char *l = strchr(line2, '\n'); l && l[1]; l = strchr(l + 1, '\n')) {
        char *row = l + 1;
        if ((int)strcspn(row, "\n") <= start) continue;
        fonts++;
        if (!strncmp(row + start, "yes", 3)) embedded++;
        if (strstr(row, "NotoSansCJK") && strstr(row, "NotoSansCJK") < strchr(row, '\n')) cjk++;
    }
    CHECK(fonts > 0);
    CHECK_INT(embedded, fonts);
    CHECK(cjk > 0);
}

static void check_svg(void)
{
    size_t len;
    char *svg = slurp(OUT_SVG, &len);
    CHECK(svg && strstr(svg, "<svg") != NULL);
    free(svg);
    if (!have_tool("xmllint")) {
        fprintf(stderr, "skipped: xmllint not installed, SVG not validated as XML\n");
        return;
    }
    char out[4096];
    CHECK_INT(run("xmllint --noout " OUT_SVG " 2>&1", out, sizeof out), 0);
}

static bool is_125(double v)
{
    double p = pow(10, floor(log10(v) + 1e-9));
    double r = v / p;
    return fabs(r - 1) < 1e-9 || fabs(r - 2) < 1e-9 || fabs(r - 5) < 1e-9;
}

int main(void)
{
    cov_ctx_t *ctx = NULL;
    CHECK_INT(cov_ctx_create(&ctx), COV_OK);

    /* The label anchor of the U shape lies inside it, although its centroid does not. */
    OGRGeometryH u = u_shape();
    OGRGeometryH cen = OGR_G_CreateGeometry(wkbPoint);
    OGR_G_Centroid(u, cen);
    CHECK(!OGR_G_Contains(u, cen));
    double ax, ay;
    CHECK_INT(cov_polygon_label_point(u, 0, &ax, &ay), COV_OK);
    OGRGeometryH ap = OGR_G_CreateGeometry(wkbPoint);
    OGR_G_SetPoint_2D(ap, 0, ax, ay);
    CHECK(OGR_G_Contains(u, ap));
    /* The widest part is a 1 km arm or bar, so the anchor is ~500 m from every edge. */
    OGRGeometryH edge = OGR_G_Boundary(u);
    CHECK(OGR_G_Distance(ap, edge) > 450);
    OGR_G_DestroyGeometry(edge);
    OGR_G_DestroyGeometry(cen);
    OGR_G_DestroyGeometry(ap);

    size_t total = 0;
    cov_map_t *m = build_map(ctx, &total);
    CHECK(m != NULL);
    if (!m) CHECK_DONE();
    CHECK_INT(cov_map_status(m), COV_OK);

    CHECK_INT(cov_map_render(m, OUT_PNG), COV_OK);
    if (cov_map_status(m)) fprintf(stderr, "map error: %s\n", cov_map_errmsg(m));

    /* Label anchors: the U-shape label sits inside the U. */
    bool found_u = false, found_wan = false;
    for (size_t i = 0; i < cov_map_label_count(m); i++) {
        cov_label_info_t li;
        CHECK_INT(cov_map_get_label(m, i, &li), COV_OK);
        if (!strcmp(li.text, "中西區")) {
            found_u = true;
            OGR_G_SetPoint_2D(ap = OGR_G_CreateGeometry(wkbPoint), 0, li.anchor_x, li.anchor_y);
            CHECK(OGR_G_Contains(u, ap));
            OGR_G_DestroyGeometry(ap);
        }
        if (!strcmp(li.text, "灣仔區")) found_wan = true;
    }
    CHECK(found_u);
    CHECK(found_wan);
    OGR_G_DestroyGeometry(u);

    /* Placed label boxes never overlap; every label is placed or counted as dropped. */
    size_t n = cov_map_label_count(m);
    CHECK_INT(n + cov_map_labels_dropped(m), total);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            cov_label_info_t a, b;
            cov_map_get_label(m, i, &a);
            cov_map_get_label(m, j, &b);
            bool overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
            if (overlap) fprintf(stderr, "labels %s and %s overlap\n", a.text, b.text);
            CHECK(!overlap);
        }
    /* The two clashing labels were placed apart or one was dropped. */
    int got_a = 0, got_b = 0;
    for (size_t i = 0; i < n; i++) {
        cov_label_info_t a;
        cov_map_get_label(m, i, &a);
        got_a += strstr(a.text, "Overlap A") != NULL;
        got_b += strstr(a.text, "Overlap B") != NULL;
    }
    CHECK(got_a == 1); /* the first one wins its preferred place */
    fprintf(stderr, "labels placed %zu, dropped %zu (overlap B %s)\n", n, cov_map_labels_dropped(m),
            got_b ? "moved" : "dropped");

    /* Scale bar: labelled distance times the map scale is its drawn length in pixels. */
    cov_map_view_t v;
    cov_scalebar_info_t sb;
    CHECK_INT(cov_map_get_view(m, &v), COV_OK);
    CHECK_INT(cov_map_get_scalebar(m, &sb), COV_OK);
    double px_per_m = (v.frame_w * v.px_per_pt) / (v.maxx - v.minx);
    CHECK_NEAR(sb.length_px, sb.metres * px_per_m, 1e-6);
    CHECK_NEAR((v.frame_h * v.px_per_pt) / (v.maxy - v.miny), px_per_m, 1e-9); /* same x/y */
    CHECK(is_125(sb.metres));
    CHECK(sb.length_px > 0.1 * v.frame_w * v.px_per_pt &&
          sb.length_px <= 0.25 * v.frame_w * v.px_per_pt + 1e-9);
    fprintf(stderr, "scale bar %g m = %.2f px (1:%.0f)\n", sb.metres, sb.length_px,
            v.scale_denominator);

    /* PNG: size, determinism, reference. */
    cairo_surface_t *img = cairo_image_surface_create_from_png(OUT_PNG);
    CHECK_INT(cairo_image_surface_get_width(img), 1200);
    CHECK_INT(cairo_image_surface_get_height(img), 850);
    cairo_surface_destroy(img);
    CHECK_INT(cov_map_render(m, "test_render_map_again.png"), COV_OK);
    size_t la, lb;
    char *pa = slurp(OUT_PNG, &la), *pb = slurp("test_render_map_again.png", &lb);
    CHECK(pa && pb && la == lb && !memcmp(pa, pb, la));
    free(pa), free(pb);
    remove("test_render_map_again.png");
    compare_reference(OUT_PNG);

    /* PDF and SVG from the same map; the layout is the same in points. */
    double len_pt = sb.length_pt;
    CHECK_INT(cov_map_render(m, OUT_PDF), COV_OK);
    CHECK_INT(cov_map_get_scalebar(m, &sb), COV_OK);
    CHECK_NEAR(sb.length_pt, len_pt, 1e-9);
    CHECK_NEAR(sb.length_px, sb.length_pt, 1e-9); /* vector: one unit per point */
    CHECK_INT(cov_map_label_count(m), n);
    check_pdf();
    CHECK_INT(cov_map_render(m, OUT_SVG), COV_OK);
    check_svg();

    /* Output errors: clear messages, not sticky. */
    CHECK_INT(cov_map_render(m, "test_render_map.bmp"), COV_ERR_USAGE);
    CHECK(strstr(cov_ctx_errmsg(ctx), ".png") != NULL);
    CHECK_INT(cov_map_render(m, "/nonexistent-dir/x/map.png"), COV_ERR_IO);
    CHECK(strstr(cov_ctx_errmsg(ctx), "/nonexistent-dir/x/map.png") != NULL);
    CHECK_INT(cov_map_status(m), COV_OK);
    cov_map_destroy(m);

    /* Sticky status: the first error is kept and later calls do nothing. */
    cov_map_t *bad = NULL;
    CHECK_INT(cov_map_create(ctx, &bad), COV_OK);
    cov_layer_t *pl = cov_map_add_layer(bad, COV_LAYER_POINT, NULL);
    cov_layer_add_point(pl, 1, 2, 7, 1, NULL); /* no category 7 */
    CHECK_INT(cov_map_status(bad), COV_ERR_USAGE);
    cov_map_set_dpi(bad, -1); /* would be another error; the first one stays */
    CHECK(strstr(cov_map_errmsg(bad), "category 7") != NULL);
    CHECK(cov_map_add_layer(bad, COV_LAYER_LINE, NULL) == NULL);
    CHECK_INT(cov_map_render(bad, "never.png"), COV_ERR_USAGE);
    struct stat sst;
    CHECK(stat("never.png", &sst) != 0);
    cov_map_destroy(bad);

    /* A pile of labels on one spot: some must be dropped, and the drop count says how many. */
    cov_map_t *pile = NULL;
    CHECK_INT(cov_map_create(ctx, &pile), COV_OK);
    cov_map_set_pixel_size(pile, 600, 400);
    cov_map_set_parts(pile, 0);
    cov_layer_t *pp = cov_map_add_layer(pile, COV_LAYER_POINT, NULL);
    cov_symbol_t dot = {COV_SHAPE_CIRCLE, 6, cov_color_hex(0x333333, 1), cov_color_hex(0, 0), 0};
    int cdot = cov_layer_add_category(pp, "dot", &dot);
    for (int i = 0; i < 12; i++) cov_layer_add_point(pp, X0, Y0, cdot, 1, "同一位置 same place");
    cov_layer_add_point(pp, X0 - 5000, Y0 - 5000, cdot, 1, NULL);
    cov_layer_add_point(pp, X0 + 5000, Y0 + 5000, cdot, 1, NULL);
    CHECK_INT(cov_map_render(pile, "test_render_pile.png"), COV_OK);
    CHECK(cov_map_labels_dropped(pile) > 0);
    CHECK(cov_map_label_count(pile) <= 8);
    CHECK_INT(cov_map_label_count(pile) + cov_map_labels_dropped(pile), 12);
    for (size_t i = 0; i < cov_map_label_count(pile); i++)
        for (size_t j = i + 1; j < cov_map_label_count(pile); j++) {
            cov_label_info_t a, b;
            cov_map_get_label(pile, i, &a);
            cov_map_get_label(pile, j, &b);
            CHECK(!(a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h));
        }
    cov_map_destroy(pile);

    /* Vector pages and many points: the points over the frame only, and more than 20,000 of
     * them as one image. 30,000 points, half of them outside the view: 15,000 vector symbols
     * (no image); zoomed out to all of them: one image and a far smaller file than 30,000
     * paths would make. */
    for (int pass = 0; pass < 2; pass++) {
        cov_map_t *many = NULL;
        CHECK_INT(cov_map_create(ctx, &many), COV_OK);
        cov_map_set_parts(many, 0);
        cov_layer_t *ml = cov_map_add_layer(many, COV_LAYER_POINT, NULL);
        cov_symbol_t ms = {COV_SHAPE_CIRCLE, 4, cov_color_hex(0x2166ac, 1), cov_color_hex(0, 0), 0};
        int mc = cov_layer_add_category(ml, "p", &ms);
        unsigned long long seed = 99;
        for (int i = 0; i < 30000; i++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            double fu = (double)(seed >> 11) / 9007199254740992.0;
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            double fw = (double)(seed >> 11) / 9007199254740992.0;
            /* left half x in [0, 1000), right half [2000, 3000) */
            cov_layer_add_point(ml, (i % 2 ? 2000 : 0) + fu * 1000, fw * 1000, mc, 0, NULL);
        }
        if (pass == 0)
            cov_map_set_extent(many, 0, 0, 1000, 1000);
        else
            cov_map_set_extent(many, 0, 0, 3000, 1000);
        const char *out = pass ? "test_render_many_all.pdf" : "test_render_many_half.pdf";
        CHECK_INT(cov_map_render(many, out), COV_OK);
        size_t len = 0;
        char *pdf = slurp(out, &len);
        CHECK(pdf != NULL);
        bool image = false;
        for (size_t i = 0; pdf && i + 14 < len; i++)
            if (memcmp(pdf + i, "/Subtype /Image", 15) == 0) image = true;
        CHECK(image == (pass == 1));
        /* 15,000 symbols make about 0.5 MB; drawing all 30,000 would make twice that */
        CHECK(pass == 1 ? len < 3000000 : len < 750000);
        free(pdf);
        cov_map_destroy(many);
    }

    /* An empty map has nothing to fit. */
    cov_map_t *empty = NULL;
    CHECK_INT(cov_map_create(ctx, &empty), COV_OK);
    CHECK_INT(cov_map_render(empty, "test_render_empty.png"), COV_ERR_EMPTY);
    cov_map_destroy(empty);

    cov_ctx_destroy(ctx);
    CHECK_DONE();
}
