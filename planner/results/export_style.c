/* The QGIS style (QML) written into exported GeoPackages: elder-care sites coloured by class,
 * green (co-sited) through yellow to red (beyond). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "planner/results/export_private.h"

/* ColorBrewer RdYlGn, reversed: close is green, far is red. */
static const char *const RAMP[] = {"26,150,65,255", "166,217,106,255", "255,255,191,255",
                                   "253,174,97,255", "215,25,28,255"};

static const char *colour(size_t i, size_t n)
{
    if (n <= 1) return RAMP[0];
    size_t at = i * 4 / (n - 1); /* spread the classes over the five ramp colours */
    return RAMP[at > 4 ? 4 : at];
}

/* Append printf output to a growing string; on failure *buf becomes NULL. */
static void add(char **buf, size_t *len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#include <stdarg.h>
static void add(char **buf, size_t *len, const char *fmt, ...)
{
    if (!*buf) return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *grown = n >= 0 ? realloc(*buf, *len + (size_t)n + 1) : NULL;
    if (!grown) {
        free(*buf);
        *buf = NULL;
        return;
    }
    *buf = grown;
    va_start(ap, fmt);
    vsnprintf(*buf + *len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    *len += (size_t)n;
}

char *results_style_sites_qml(json_t *classes)
{
    size_t len = 0, n = json_array_size(classes);
    char *q = calloc(1, 1);
    add(&q, &len,
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
        "<qgis version=\"3.22.0\" styleCategories=\"Symbology\">\n"
        " <renderer-v2 type=\"categorizedSymbol\" attr=\"class\" symbollevels=\"0\" "
        "enableorderby=\"0\" forceraster=\"0\">\n  <categories>\n");
    for (size_t i = 0; i < n; i++)
        add(&q, &len, "   <category value=\"%s\" label=\"%s\" symbol=\"%zu\" render=\"true\"/>\n",
            json_string_value(json_array_get(classes, i)),
            json_string_value(json_array_get(classes, i)), i);
    add(&q, &len, "  </categories>\n  <symbols>\n");
    for (size_t i = 0; i < n; i++)
        add(&q, &len,
            "   <symbol type=\"marker\" name=\"%zu\" alpha=\"1\" clip_to_extent=\"1\" "
            "force_rhr=\"0\">\n"
            "    <layer class=\"SimpleMarker\" enabled=\"1\" locked=\"0\" pass=\"0\">\n"
            "     <Option type=\"Map\">\n"
            "      <Option type=\"QString\" name=\"color\" value=\"%s\"/>\n"
            "      <Option type=\"QString\" name=\"name\" value=\"circle\"/>\n"
            "      <Option type=\"QString\" name=\"outline_color\" value=\"60,60,60,255\"/>\n"
            "      <Option type=\"QString\" name=\"outline_width\" value=\"0.2\"/>\n"
            "      <Option type=\"QString\" name=\"size\" value=\"2.4\"/>\n"
            "     </Option>\n"
            "     <prop k=\"color\" v=\"%s\"/>\n"
            "     <prop k=\"name\" v=\"circle\"/>\n"
            "     <prop k=\"outline_color\" v=\"60,60,60,255\"/>\n"
            "     <prop k=\"outline_width\" v=\"0.2\"/>\n"
            "     <prop k=\"size\" v=\"2.4\"/>\n"
            "    </layer>\n   </symbol>\n",
            i, colour(i, n), colour(i, n));
    add(&q, &len, "  </symbols>\n </renderer-v2>\n</qgis>\n");
    return q;
}
