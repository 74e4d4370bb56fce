/* covplan crs: convert coordinates or a file between CRSs and GCJ-02/BD-09; show the CRS pick. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "geo/crs.h"
#include "geo/crsconv.h"
#include "planner/cli/cli.h"

static void help(void)
{
    puts("Usage: covplan crs --from SYS --to SYS X Y\n"
         "       covplan crs --from SYS --to SYS < points.txt\n"
         "       covplan crs [--from SYS] --to SYS FILE -o OUTPUT [-f FORMAT]\n"
         "       covplan crs --pick [--from SYS] [--six-degree] (LON LAT | FILE)\n"
         "\n"
         "Convert coordinates between coordinate systems for quick checks, or a whole file\n"
         "through GDAL/OGR, including the Chinese web-map systems GCJ-02 (AMap/高德, Tencent)\n"
         "and BD-09 (Baidu), which PROJ does not know. With --pick, print the working CRS\n"
         "covplan would choose for a place or a file, as 'covplan import' does.\n"
         "\n"
         "Coordinates are always x then y: longitude then latitude, or easting then northing,\n"
         "whatever axis order the CRS's definition states. Output is one 'X Y' line per point\n"
         "(8 decimals for degrees, about 1 mm; 3 decimals for metres). Without X Y or FILE,\n"
         "points are read from standard input, one per line ('X Y' or 'X,Y'; blank lines and\n"
         "lines starting with # are skipped).\n"
         "\n"
         "Systems (SYS):\n"
         "  EPSG:4326, WGS84      GPS longitude/latitude\n"
         "  EPSG:4490             CGCS2000 longitude/latitude (equal to WGS84 within about a\n"
         "                        metre; covplan treats them as the same)\n"
         "  EPSG:4534..4554       CGCS2000 3-degree Gauss-Kruger zones, e.g. EPSG:4545 (108E)\n"
         "  EPSG:4502..4512       CGCS2000 6-degree Gauss-Kruger zones, e.g. EPSG:4507 (105E)\n"
         "  EPSG:2326             Hong Kong 1980 Grid\n"
         "  GCJ02                 AMap, Tencent and most Chinese web maps (国测局坐标)\n"
         "  BD09                  Baidu maps (BD09LL; not BD09MC, Baidu's metre grid)\n"
         "  any EPSG code, WKT or PROJ string that PROJ knows\n"
         "\n"
         "Options:\n"
         "  --from SYS              the input's system. Default: EPSG:4326 for coordinates,\n"
         "                          the file's own CRS for a file (say it when it has none)\n"
         "  --to SYS                the output's system (required, except with --pick)\n"
         "  -o, --output FILE       where a converted FILE is written; every attribute is\n"
         "                          copied. A table with coordinate columns (lon/lat, 经度/纬度,\n"
         "                          or --x-field/--y-field) keeps its columns, with converted\n"
         "                          values. GCJ-02/BD-09 output declares no CRS (they are not\n"
         "                          CRSs). CSV is written as UTF-8 with a BOM for Excel.\n"
         "  -f, --format DRIVER     GDAL driver for OUTPUT: GPKG, GeoJSON, CSV, \"ESRI\n"
         "                          Shapefile\", KML, FlatGeobuf ... (default: from the\n"
         "                          output's extension)\n"
         "  --overwrite             replace an existing OUTPUT\n"
         "  -l, --layer NAME        the input layer (needed when FILE has several)\n"
         "  --encoding ENC          text encoding of FILE when it has no .cpg, e.g. GBK\n"
         "  --x-field F, --y-field F  coordinate columns of a table FILE\n"
         "  --pick                  print the working CRS covplan would choose (EPSG code, a\n"
         "                          tab, its name): HK1980 Grid in Hong Kong, a CGCS2000\n"
         "                          3-degree zone elsewhere in China, UTM outside China\n"
         "  --six-degree            with --pick: a CGCS2000 6-degree zone instead\n"
         "  --decimals N            decimals printed for coordinates\n"
         "  --json                  print JSON (one object per point or pick)\n"
         "  -q, --quiet             no progress or notes\n"
         "  -h, --help              show this help\n"
         "\n"
         "Negative coordinates look like options: put -- before them (covplan crs --to\n"
         "EPSG:32718 -- -77.03 -12.05).\n"
         "\n"
         "Examples:\n"
         "  covplan crs --from GCJ02 --to EPSG:4326 107.513823 31.193928\n"
         "  covplan crs --from GCJ02 --to EPSG:4545 107.513823 31.193928\n"
         "  covplan crs --from BD09 --to GCJ02 < baidu_points.txt\n"
         "  covplan crs --from GCJ02 --to WGS84 村卫生室.csv -o 村卫生室_wgs84.csv\n"
         "  covplan crs --to GCJ02 plan_sites.gpkg -l eldercare -o sites_amap.geojson\n"
         "  covplan crs --pick 107.5 31.2\n"
         "  covplan crs --pick --from GCJ02 --six-degree 511700_counties_gcj02.geojson\n"
         "\n"
         "Exit codes: 0 ok, 2 usage, 3 bad input, 4 CRS (unknown system, point outside\n"
         "China for GCJ-02/BD-09, data outside the target CRS's area), 5 I/O.");
}

typedef struct opts {
    const char *from, *to, *output;
    cov_crsconv_file_opts_t file;
    bool pick, six_degree, json;
    int decimals; /* -1: by the target's unit */
} opts_t;

/* A whole argument parsed as a finite number. */
static bool parse_number(const char *s, double *out)
{
    char *end;
    errno = 0;
    *out = strtod(s, &end);
    while (isspace((unsigned char)*end)) end++;
    return end != s && *end == '\0' && errno == 0 && isfinite(*out);
}

/* A line "X Y", "X,Y" or "X<TAB>Y" (extra columns are refused, not ignored). */
static bool parse_pair(char *line, double *x, double *y)
{
    char *save = NULL, *a = strtok_r(line, " \t,;", &save), *b = strtok_r(NULL, " \t,;", &save);
    char *c = strtok_r(NULL, " \t,;\r\n", &save);
    if (!a || !b || (c && *c)) return false;
    b[strcspn(b, "\r\n")] = '\0';
    return parse_number(a, x) && parse_number(b, y);
}

static double round_to(double v, int decimals)
{
    double f = pow(10.0, decimals);
    double r = round(v * f) / f;
    return r == 0.0 ? 0.0 : r; /* no "-0" */
}

static void print_point(const opts_t *o, const cov_crsconv_t *cv, double x, double y)
{
    int d = o->decimals >= 0 ? o->decimals : cov_crsconv_target_is_geographic(cv) ? 8 : 3;
    x = round_to(x, d);
    y = round_to(y, d);
    if (!o->json) {
        printf("%.*f %.*f\n", d, x, d, y);
        return;
    }
    json_t *j = json_pack("{s:f, s:f, s:s}", "x", x, "y", y, "crs", cov_crsconv_target_label(cv));
    char *text = json_dumps(j, JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    if (text) puts(text);
    free(text);
    json_decref(j);
}

/* Convert the points on standard input; stops at the first bad line. */
static int convert_stdin(cov_ctx_t *ctx, const opts_t *o, const cov_crsconv_t *cv)
{
    char *line = NULL;
    size_t cap = 0;
    long long n = 0;
    int rc = 0;
    while (rc == 0 && getline(&line, &cap, stdin) != -1) {
        n++;
        char *p = line;
        while (isspace((unsigned char)*p)) p++;
        if (!*p || *p == '#') continue;
        double x, y;
        if (!parse_pair(p, &x, &y)) {
            fprintf(stderr,
                    "covplan: error: standard input, line %lld: expected two numbers "
                    "'X Y' or 'X,Y'\n",
                    n);
            rc = 3;
        } else {
            cov_status_t s = cov_crsconv_point(ctx, cv, &x, &y);
            if (s) {
                fprintf(stderr, "covplan: error: standard input, line %lld: %s\n", n,
                        cov_ctx_errmsg(ctx));
                rc = cov_status_exit_code(s);
            } else {
                print_point(o, cv, x, y);
            }
        }
    }
    free(line);
    return rc;
}

static int print_pick(cov_ctx_t *ctx, const opts_t *o, int epsg, const double *ext)
{
    char code[32];
    snprintf(code, sizeof code, "EPSG:%d", epsg);
    OGRSpatialReferenceH srs;
    cov_status_t s = cov_crs_parse(ctx, code, &srs);
    if (s) return cli_fail(ctx, s);
    const char *name = OSRGetName(srs) ? OSRGetName(srs) : "";
    if (o->json) {
        json_t *j = json_pack("{s:i, s:s}", "srid", epsg, "name", name);
        if (ext)
            json_object_set_new(j, "extent",
                                json_pack("[f,f,f,f]", ext[0], ext[1], ext[2], ext[3]));
        char *text = json_dumps(j, JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
        if (text) puts(text);
        free(text);
        json_decref(j);
    } else {
        printf("%s\t%s\n", code, name);
    }
    OSRDestroySpatialReference(srs);
    return 0;
}

static int run_pick(cov_ctx_t *ctx, const opts_t *o, int nargs, char **args)
{
    int epsg;
    cov_status_t s;
    double x, y;
    if (nargs == 2) {
        if (!parse_number(args[0], &x) || !parse_number(args[1], &y))
            return cli_usage("crs", "--pick expects LON LAT as two numbers or one FILE");
        s = cov_crsconv_pick_point(ctx, o->from, x, y, o->six_degree, &epsg);
        if (s) return cli_fail(ctx, s);
        return print_pick(ctx, o, epsg, NULL);
    }
    if (nargs != 1) return cli_usage("crs", "--pick expects LON LAT or one FILE");
    cov_source_opts_t so = o->file.source;
    so.src_crs = o->from;
    double ext[4];
    if ((s = cov_crsconv_pick_file(ctx, args[0], &so, o->six_degree, &epsg, ext)))
        return cli_fail(ctx, s);
    return print_pick(ctx, o, epsg, ext);
}

static int run_convert(cov_ctx_t *ctx, const opts_t *o, int nargs, char **args)
{
    if (!o->to) return cli_usage("crs", "say which system to convert to with --to");
    double x, y;
    bool point = nargs == 2 && parse_number(args[0], &x) && parse_number(args[1], &y);
    if (nargs == 2 && !point) return cli_usage("crs", "expected X Y as two numbers, or one FILE");
    if (nargs > 2) return cli_usage("crs", "too many arguments: expected X Y, or one FILE");
    if (nargs == 1) {
        if (!o->output) return cli_usage("crs", "converting a file needs an output: -o OUTPUT");
        long long n;
        cov_status_t s = cov_crsconv_file(ctx, args[0], o->from, o->to, o->output, &o->file, &n);
        if (s) return cli_fail(ctx, s);
        cov_log(ctx, COV_LOG_INFO, "converted %lld features to %s: %s", n, o->to, o->output);
        return 0;
    }
    if (o->output) return cli_usage("crs", "-o is for converting a FILE, not coordinates");
    if (nargs == 0 && isatty(STDIN_FILENO))
        return cli_usage("crs", "expected X Y, a FILE, or points on standard input");
    cov_crsconv_t *cv;
    cov_status_t s = cov_crsconv_create(ctx, o->from ? o->from : "EPSG:4326", o->to, &cv);
    if (s) return cli_fail(ctx, s);
    int rc = 0;
    if (point) {
        if ((s = cov_crsconv_point(ctx, cv, &x, &y)))
            rc = cli_fail(ctx, s);
        else
            print_point(o, cv, x, y);
    } else {
        rc = convert_stdin(ctx, o, cv);
    }
    cov_crsconv_destroy(cv);
    return rc;
}

enum { O_FROM = 256, O_TO, O_OVERWRITE, O_ENCODING, O_X, O_Y, O_PICK, O_SIX, O_DECIMALS, O_JSON };

int cmd_crs(cov_ctx_t *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {{"from", required_argument, NULL, O_FROM},
                                             {"to", required_argument, NULL, O_TO},
                                             {"output", required_argument, NULL, 'o'},
                                             {"format", required_argument, NULL, 'f'},
                                             {"overwrite", no_argument, NULL, O_OVERWRITE},
                                             {"layer", required_argument, NULL, 'l'},
                                             {"encoding", required_argument, NULL, O_ENCODING},
                                             {"x-field", required_argument, NULL, O_X},
                                             {"y-field", required_argument, NULL, O_Y},
                                             {"pick", no_argument, NULL, O_PICK},
                                             {"six-degree", no_argument, NULL, O_SIX},
                                             {"decimals", required_argument, NULL, O_DECIMALS},
                                             {"json", no_argument, NULL, O_JSON},
                                             {"quiet", no_argument, NULL, 'q'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    opts_t o = {.decimals = -1};
    int c;
    double d;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:f:l:hq", longopts, NULL)) != -1) {
        switch (c) {
        case O_FROM: o.from = optarg; break;
        case O_TO: o.to = optarg; break;
        case 'o': o.output = optarg; break;
        case 'f': o.file.format = optarg; break;
        case O_OVERWRITE: o.file.overwrite = true; break;
        case 'l': o.file.source.layer = optarg; break;
        case O_ENCODING: o.file.source.encoding = optarg; break;
        case O_X: o.file.source.x_field = optarg; break;
        case O_Y: o.file.source.y_field = optarg; break;
        case O_PICK: o.pick = true; break;
        case O_SIX: o.six_degree = true; break;
        case O_DECIMALS:
            if (!parse_number(optarg, &d) || d < 0 || d > 12 || d != floor(d))
                return cli_usage("crs", "--decimals must be a whole number from 0 to 12");
            o.decimals = (int)d;
            break;
        case O_JSON: o.json = true; break;
        case 'q': break;
        case 'h': help(); return 0;
        case ':': return cli_usage("crs", "option %s needs a value", argv[optind - 1]);
        default:
            if (isdigit(optopt) || optopt == '.')
                return cli_usage("crs", "a negative number looks like an option; put -- "
                                        "before negative coordinates");
            if (optopt) return cli_usage("crs", "unknown option '-%c'", optopt);
            return cli_usage("crs", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (o.six_degree && !o.pick) return cli_usage("crs", "--six-degree goes with --pick");
    if (o.pick && (o.to || o.output)) return cli_usage("crs", "--pick takes no --to or -o");
    int nargs = argc - optind;
    char **args = argv + optind;
    return o.pick ? run_pick(ctx, &o, nargs, args) : run_convert(ctx, &o, nargs, args);
}
