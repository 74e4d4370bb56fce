/* covplan map: draw a coverage map to PNG, PDF or SVG. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "geo/store.h"
#include "planner/cli/cli.h"
#include "planner/core/project.h"
#include "planner/present/mapview.h"

static void help(void)
{
    puts("Usage: covplan map PROJECT -o FILE.png|.pdf|.svg [options]\n"
         "\n"
         "Draw a map of the latest analysis (covplan analyze) to PNG, PDF (vector, fonts\n"
         "embedded, text selectable) or SVG. The format follows the file's extension.\n"
         "\n"
         "Themes (--theme):\n"
         "  coverage   areas shaded by the share of their elder-care sites with a clinic\n"
         "             within the chosen radius; clinics as crosses; elder-care sites coloured\n"
         "             by co-location class (co-sited, adjoining, 10-min, 15-min, beyond)\n"
         "  gaps       elder-care sites beyond every radius, linked to their nearest clinic\n"
         "             with the distance written on the link\n"
         "  access     areas shaded by the latest covplan access run (clinics within reach\n"
         "             per 1000 elderly); demand with no clinic in reach marked\n"
         "  sites      the latest covplan site run: proposed sites ranked, their radius,\n"
         "             existing clinics, areas shaded by the covered share after siting\n"
         "  compare    --scenario B against --compare-with A (default base): areas shaded by\n"
         "             the change in the share of sites within the radius; facilities added or\n"
         "             closed marked\n"
         "\n"
         "Options:\n"
         "  -o, --output FILE      the map file (.png, .pdf or .svg)\n"
         "  -t, --theme THEME      coverage (default), gaps, access or sites\n"
         "  --area CODE            zoom to one area, with an inset of the whole study area\n"
         "  --scenario NAME        the scenario's results (default: base)\n"
         "  --compare-with NAME    theme compare: the scenario compared with (default: base)\n"
         "  --level LEVEL          draw the areas as the units of province, prefecture,\n"
         "                         county or township, shaded by all their sites\n"
         "  --circle METRES        the radius areas are shaded by (default: the largest)\n"
         "  --circles              draw that radius around every clinic\n"
         "  --service-areas COST   draw the stored road-network service areas of COST (metres,\n"
         "                         or e.g. 15min) instead of circles (covplan roads PROJECT\n"
         "                         areas --costs COST --store first)\n"
         "  --sa-profile walk|drive  which stored service areas (default walk)\n"
         "  --title TEXT, --subtitle TEXT\n"
         "  --lang zh|en           labels and legend language (default: zh when area names are\n"
         "                         Chinese)\n"
         "  --paper A4|A3          page size for PDF/SVG and PNG (default A4)\n"
         "  --portrait             portrait page (default landscape)\n"
         "  --dpi N                PNG resolution (default 150)\n"
         "  --size WxH             PNG size in pixels instead of a paper size\n"
         "  --json                 print what was drawn as JSON (labels, scale bar, view)\n"
         "  -h, --help             show this help\n"
         "\n"
         "Example:\n"
         "  covplan map hk.sqlite -o coverage.pdf --theme coverage --circles --circle 500");
}

/* What was drawn, for scripts and tests: output, labels, scale bar and view. */
static void print_json(const cov_map_t *m, const char *output)
{
    json_t *o = json_object(), *labels = json_array();
    json_object_set_new(o, "output", json_string(output));
    json_object_set_new(o, "labels_placed", json_integer((json_int_t)cov_map_label_count(m)));
    json_object_set_new(o, "labels_dropped", json_integer((json_int_t)cov_map_labels_dropped(m)));
    for (size_t i = 0; i < cov_map_label_count(m); i++) {
        cov_label_info_t li;
        if (cov_map_get_label(m, i, &li) != COV_OK) continue;
        json_t *l = json_pack("{s:s, s:I, s:f, s:f, s:[f, f, f, f]}", "text", li.text, "layer",
                              (json_int_t)li.layer, "anchor_x", li.anchor_x, "anchor_y",
                              li.anchor_y, "box_pt", li.x, li.y, li.w, li.h);
        if (l) json_array_append_new(labels, l);
    }
    json_object_set_new(o, "labels", labels);
    cov_scalebar_info_t sb;
    if (cov_map_get_scalebar(m, &sb) == COV_OK)
        json_object_set_new(o, "scale_bar",
                            json_pack("{s:f, s:f, s:f}", "metres", sb.metres, "length_pt",
                                      sb.length_pt, "length_px", sb.length_px));
    cov_map_view_t v;
    if (cov_map_get_view(m, &v) == COV_OK)
        json_object_set_new(o, "view",
                            json_pack("{s:[f, f, f, f], s:f, s:f, s:f}", "extent", v.minx, v.miny,
                                      v.maxx, v.maxy, "pt_per_unit", v.pt_per_unit, "px_per_pt",
                                      v.px_per_pt, "scale_denominator", v.scale_denominator));
    char *text = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    if (text) puts(text);
    free(text);
    json_decref(o);
}

enum {
    O_AREA = 256,
    O_SCENARIO,
    O_CIRCLE,
    O_CIRCLES,
    O_TITLE,
    O_SUBTITLE,
    O_LANG,
    O_PAPER,
    O_PORTRAIT,
    O_DPI,
    O_SIZE,
    O_JSON,
    O_COMPARE_WITH,
    O_LEVEL,
    O_SA,
    O_SA_PROFILE
};

int cmd_map(cov_ctx_t *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"theme", required_argument, NULL, 't'},
        {"area", required_argument, NULL, O_AREA},
        {"scenario", required_argument, NULL, O_SCENARIO},
        {"circle", required_argument, NULL, O_CIRCLE},
        {"circles", no_argument, NULL, O_CIRCLES},
        {"title", required_argument, NULL, O_TITLE},
        {"subtitle", required_argument, NULL, O_SUBTITLE},
        {"lang", required_argument, NULL, O_LANG},
        {"paper", required_argument, NULL, O_PAPER},
        {"portrait", no_argument, NULL, O_PORTRAIT},
        {"dpi", required_argument, NULL, O_DPI},
        {"size", required_argument, NULL, O_SIZE},
        {"help", no_argument, NULL, 'h'},
        {"json", no_argument, NULL, O_JSON},
        {"compare-with", required_argument, NULL, O_COMPARE_WITH},
        {"level", required_argument, NULL, O_LEVEL},
        {"service-areas", required_argument, NULL, O_SA},
        {"sa-profile", required_argument, NULL, O_SA_PROFILE},
        {"quiet", no_argument, NULL, 'q'},
        {NULL, 0, NULL, 0}};
    cov_mapview_opts_t o = {0};
    const char *output = NULL;
    cov_paper_t paper = COV_PAPER_A4;
    cov_orientation_t orient = COV_LANDSCAPE;
    double dpi = 150;
    int w = 0, h = 0;
    bool as_json = false;
    int c;
    char *end;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:t:hq", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': output = optarg; break;
        case 't': o.theme = optarg; break;
        case O_AREA: o.area = optarg; break;
        case O_SCENARIO: o.scenario = optarg; break;
        case O_CIRCLE:
            o.circle = strtod(optarg, &end);
            if (*end || !(o.circle > 0))
                return cli_usage("map", "--circle must be a positive number of metres, not '%s'",
                                 optarg);
            break;
        case O_CIRCLES: o.circles = true; break;
        case O_SA: o.service_areas = optarg; break;
        case O_SA_PROFILE: o.sa_profile = optarg; break;
        case O_TITLE: o.title = optarg; break;
        case O_SUBTITLE: o.subtitle = optarg; break;
        case O_LANG: o.lang = optarg; break;
        case O_PAPER:
            if (strcasecmp(optarg, "A4") == 0)
                paper = COV_PAPER_A4;
            else if (strcasecmp(optarg, "A3") == 0)
                paper = COV_PAPER_A3;
            else
                return cli_usage("map", "--paper must be A4 or A3, not '%s'", optarg);
            break;
        case O_PORTRAIT: orient = COV_PORTRAIT; break;
        case O_DPI:
            dpi = strtod(optarg, &end);
            if (*end || dpi < 10 || dpi > 2400)
                return cli_usage("map", "--dpi must be between 10 and 2400");
            break;
        case O_SIZE:
            if (sscanf(optarg, "%dx%d", &w, &h) != 2 || w < 134 || h < 134 || w > 20000 ||
                h > 20000)
                return cli_usage(
                    "map", "--size must be WIDTHxHEIGHT in pixels (134..20000), not '%s'", optarg);
            break;
        case O_JSON: as_json = true; break;
        case O_COMPARE_WITH: o.compare_with = optarg; break;
        case O_LEVEL: o.level = optarg; break;
        case 'h': help(); return 0;
        case 'q': break;
        default: return cli_usage("map", "unknown option");
        }
    }
    if (optind != argc - 1) return cli_usage("map", "expected one PROJECT");
    if (!output) return cli_usage("map", "give the map file with -o FILE.png|.pdf|.svg");
    const char *ext = strrchr(output, '.');
    if (!ext || (strcasecmp(ext, ".png") && strcasecmp(ext, ".pdf") && strcasecmp(ext, ".svg")))
        return cli_usage("map", "%s: the output must end in .png, .pdf or .svg", output);
    cov_store_t *store;
    cov_status_t s = cov_project_open(ctx, argv[optind], true, &store);
    if (s) return cli_fail(ctx, s);
    cov_map_t *m;
    s = cov_mapview_build(ctx, store, &o, &m);
    cov_store_close(store);
    if (s) return cli_fail(ctx, s);
    /* A pixel size fixes the PNG exactly; otherwise a paper size at the chosen resolution. */
    if (w) {
        cov_map_set_pixel_size(m, w, h);
    } else {
        cov_map_set_paper(m, paper, orient);
        cov_map_set_dpi(m, dpi);
    }
    s = cov_map_render(m, output);
    if (s) {
        cov_fail(ctx, s, "%s", cov_map_errmsg(m)[0] ? cov_map_errmsg(m) : cov_ctx_errmsg(ctx));
        cov_map_destroy(m);
        return cli_fail(ctx, s);
    }
    if (as_json)
        print_json(m, output);
    else
        printf("wrote %s (%zu labels placed, %zu dropped to avoid overlaps)\n", output,
               cov_map_label_count(m), cov_map_labels_dropped(m));
    cov_map_destroy(m);
    return 0;
}
