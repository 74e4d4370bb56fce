/* The report's UI strings in Chinese and English: one table, indexed by present_str_key_t. Place
 * names, facility names and data values are never translated; everything else on the page
 * comes from here (or from data/kinds.csv for facility kinds). */
#include <string.h>

#include "planner/present/report_private.h"

static const char *const STRINGS[RS_COUNT][2] = {
    [RS_TITLE] = {"医养结合服务覆盖评估报告", "Elder care and clinic coverage report"},
    [RS_SUBTITLE] =
        {"养老设施与医疗机构的邻近性、服务缺口与改进方向",
         "How close elder-care sites are to clinics, where the gaps are and what would close them"},
    [RS_STUDY_AREA] = {"研究范围", "Study area"},
    [RS_STUDY_AREA_FMT] = {"%s，共 %zu 个区域", "%s, %zu areas"},
    [RS_SCENARIO] = {"情景", "Scenario"},
    [RS_COMPARED] = {"比较情景", "Compared scenarios"},
    [RS_DATE] = {"日期", "Date"},
    [RS_AUTHOR] = {"编制", "Prepared by"},
    [RS_RUN_FMT] = {"分析运行 %lld（%s）", "analysis run %lld (%s)"},
    [RS_PAGE_PREFIX] = {"第 ", "Page "},
    [RS_PAGE_SUFFIX] = {" 页", ""},
    [RS_FOOTER_FMT] = {"情景：%s · %s · covplan", "Scenario: %s · %s · covplan"},
    [RS_SUMMARY] = {"摘要", "Summary"},
    [RS_KEY_INDICATORS] = {"主要指标", "Key indicators"},
    [RS_INDICATOR] = {"指标", "Indicator"},
    [RS_VALUE] = {"数值", "Value"},
    [RS_N_AREAS] = {"区域数", "Areas"},
    [RS_POPULATION] = {"人口", "Population"},
    [RS_ELDERLY] = {"老年人口（65岁及以上）", "Elderly (65 and over)"},
    [RS_CLINICS] = {"计入的医疗机构", "Clinics counted"},
    [RS_SITES] = {"养老设施", "Elder-care sites"},
    [RS_CLASS_FMT] = {"养老设施：%s（%s）", "Elder-care sites: %s (%s)"},
    [RS_SITES_WITHIN_FMT] = {"%g 米内有医疗机构的养老设施",
                             "Elder-care sites with a clinic within %g m"},
    [RS_ELDERLY_WITHIN_FMT] = {"%g 米内有医疗机构的老年人口", "Elderly within %g m of a clinic"},
    [RS_MEDIAN] = {"至最近医疗机构距离：中位数", "Distance to the nearest clinic: median"},
    [RS_P90] = {"至最近医疗机构距离：第 90 百分位",
                "Distance to the nearest clinic: 90th percentile"},
    [RS_MAX] = {"至最近医疗机构距离：最大值", "Distance to the nearest clinic: largest"},
    [RS_UNSERVED_FMT] = {"未覆盖的养老设施（%g 米内无医疗机构）",
                         "Unserved elder-care sites (no clinic within %g m)"},
    [RS_TARGETS] = {"规划目标", "Targets"},
    [RS_TARGET] = {"目标", "Target"},
    [RS_TARGET_VALUE] = {"目标值", "Target value"},
    [RS_CURRENT] = {"现状值", "Current value"},
    [RS_STATUS] = {"结果", "Status"},
    [RS_MET] = {"达标", "met"},
    [RS_NOT_MET] = {"未达标", "not met"},
    [RS_NOT_EVALUATED] = {"无法评估", "not evaluated"},
    [RS_NO_TARGETS_FMT] = {"项目中没有规划目标；下图采用默认目标 %g%%（--target 可改）。",
                           "The project has no targets; the chart uses a default target of %g%% "
                           "(change it with --target)."},
    [RS_TARGETS_FROM] = {"目标取自项目的 targets 表。",
                         "Targets from the project's targets table."},
    [RS_CHART_TITLE_FMT] = {"各区域 %g 米内有医疗机构的养老设施比例",
                            "Elder-care sites with a clinic within %g m, by area"},
    [RS_TARGET_LINE_FMT] = {"目标 %g%%", "target %g%%"},
    [RS_NO_SITES] = {"无养老设施", "no elder-care site"},
    [RS_AREAS_TABLE] = {"各区域概况", "Areas at a glance"},
    [RS_CODE] = {"代码", "Code"},
    [RS_AREA] = {"区域", "Area"},
    [RS_NSITES] = {"养老设施", "Sites"},
    [RS_WITHIN_SHORT_FMT] = {"%g 米内", "within %g m"},
    [RS_UNSERVED] = {"未覆盖", "Unserved"},
    [RS_MEDIAN_SHORT] = {"距离中位数", "Median distance"},
    [RS_ELDERLY_SHORT_FMT] = {"老年人口 %g 米内", "Elderly within %g m"},
    [RS_OVERVIEW] = {"覆盖总图", "Coverage overview"},
    [RS_OVERVIEW_NOTE] =
        {"区域按其养老设施中有医疗机构在服务半径内的比例着色；圆点为养老设施，按至最近医疗机构的距"
         "离分级。",
         "Areas are shaded by the share of their elder-care sites with a clinic within the radius; "
         "dots are elder-care sites, coloured by the distance to their nearest clinic."},
    [RS_AREA_INDICATORS] = {"指标", "Indicators"},
    [RS_AREA_SITES] = {"养老设施及其最近的医疗机构", "Elder-care sites and their nearest clinic"},
    [RS_CONTINUED_FMT] = {"%s：养老设施（续）", "%s: elder-care sites (continued)"},
    [RS_SITE] = {"养老设施", "Elder-care site"},
    [RS_KIND] = {"类型", "Kind"},
    [RS_NEAREST] = {"最近的医疗机构", "Nearest clinic"},
    [RS_DISTANCE] = {"距离（米）", "Distance (m)"},
    [RS_CLASS] = {"类别", "Class"},
    [RS_UNSERVED_FLAG] = {"【未覆盖】", "[UNSERVED]"},
    [RS_AREA_NO_SITES] = {"该区域没有养老设施。", "There is no elder-care site in this area."},
    [RS_UNSERVED_NOTE_FMT] =
        {"%lld 处养老设施在 %g 米内没有医疗机构（红底行）；表按距离从远到近排列。",
         "%lld elder-care sites have no clinic within %g m (red rows); sites are listed farthest "
         "first."},
    [RS_MORE_SITES_FMT] = {"另有 %zu 处养老设施距医疗机构更近，未列出；完整名单：covplan export --level %s",
                           "%zu more elder-care sites, all nearer a clinic, are not listed; the "
                           "full list: covplan export --level %s"},
    [RS_MORE_UNSERVED_FMT] = {"另有 %zu 处养老设施未列出，其中 %zu 处超出服务半径；完整名单：covplan "
                              "export --level %s",
                              "%zu more elder-care sites are not listed, %zu of them unserved; the "
                              "full list: covplan export --level %s"},
    [RS_ALL_SERVED_FMT] =
        {"所有养老设施在 %g 米内都有医疗机构；表按距离从远到近排列。",
         "Every elder-care site has a clinic within %g m; sites are listed farthest first."},
    [RS_SITING] = {"选址建议", "Siting recommendations"},
    [RS_SITING_RUN_FMT] = {"选址运行 %lld：模型 %s，新增 %lld 处，覆盖 %s → %s",
                           "Siting run %lld: model %s, %lld new sites, coverage %s → %s"},
    [RS_RANK] = {"序号", "Rank"},
    [RS_NAME] = {"名称", "Name"},
    [RS_GAIN] = {"新增覆盖", "Added coverage"},
    [RS_SITING_NONE] = {"（无选址结果）", "(no siting results)"},
    [RS_ACCESS] = {"可达性", "Accessibility"},
    [RS_ACCESS_RUN_FMT] = {"可达性运行 %lld：方法 %s，服务范围 %g，需求 %s",
                           "Accessibility run %lld: method %s, catchment %g, demand %s"},
    [RS_PER_1000] = {"每千人", "Per 1000"},
    [RS_SCORE] = {"得分", "Score"},
    [RS_DEMAND] = {"需求", "Demand"},
    [RS_NO_ACCESS] = {"不可达", "No access"},
    [RS_COMPARE_TITLE] = {"情景比较", "Scenario comparison"},
    [RS_COMPARE_INTRO_FMT] = {"情景 %s 与 %s 的比较（差值 = 后者 − 前者；比例以百分点计）。",
                              "Scenario %s compared with %s (difference = the second minus the "
                              "first; shares in percentage points)."},
    [RS_DIFF] = {"差值", "Change"},
    [RS_COMPARE_MAP_NOTE] =
        {"区域按覆盖比例的变化（百分点）着色。",
         "Areas are shaded by the change in coverage share (percentage points)."},
    [RS_SOURCES] = {"数据来源、参数与方法", "Data sources, parameters and method"},
    [RS_DATA_SOURCES] = {"数据来源", "Data sources"},
    [RS_SRC_FILE] = {"文件", "File"},
    [RS_SRC_LAYER] = {"图层", "Layer"},
    [RS_SRC_ROLE] = {"内容", "Content"},
    [RS_SRC_FEATURES] = {"要素数", "Features"},
    [RS_SRC_CRS] = {"源坐标系", "Source CRS"},
    [RS_PARAMETERS] = {"参数", "Parameters"},
    [RS_P_RUN] = {"分析运行", "Analysis run"},
    [RS_P_PRESET] = {"半径预设", "Radius preset"},
    [RS_P_RADII] = {"服务半径（米）", "Radii (m)"},
    [RS_P_CLASSES] = {"类别", "Classes"},
    [RS_P_CLINICS] = {"计为医疗机构的类型", "Kinds counted as clinics"},
    [RS_P_DISTANCE] = {"距离", "Distance"},
    [RS_P_CRS] = {"工作坐标系", "Working CRS"},
    [RS_P_ELDERLY] = {"老年人口覆盖的计算方法", "How elderly coverage is computed"},
    [RS_METHOD] = {"方法说明", "Method notes"},
    [RS_METHOD_TEXT_FMT] =
        {"每处养老设施的类别取其最近医疗机构所在的第一个半径（含边界：恰在 %g 米处仍算在 %g "
         "米内），超出最后一个半径为“未覆盖”。距离在工作坐标系（米制投影）中计算；最近邻用 KD "
         "树查询，距离相同时取编号较小的机构，结果可重复。中位数与第 90 "
         "百分位采用最近秩法，报告中的每个百分位都是某处设施的实际距离。",
         "Each elder-care site's class is the first radius its nearest clinic lies within "
         "(inclusive: a site at exactly %g m counts as within %g m); beyond the last radius it is "
         "unserved. Distances are measured in the working CRS (a metric projection); nearest "
         "clinics come from a KD-tree with ties broken by the smaller id, so results are "
         "reproducible. Median and 90th percentile use the nearest-rank method: every percentile "
         "reported is an actual site's distance."},
    [RS_METHOD_POLYGON] = {"面积法：假定每个区域的老年人口在其范围内均匀分布，覆盖比例 = "
                           "区域与医疗机构服务圈并集的相交面积 ÷ 区域面积。",
                           "Polygon method: each area's elderly are assumed spread evenly over the "
                           "area; the share covered is the area of its intersection with the union "
                           "of the clinics' circles divided by its area."},
    [RS_METHOD_DEMAND] =
        {"需求点法：需求点在半径内有医疗机构即计为覆盖，覆盖比例 = 覆盖的权重 ÷ 区域总权重。",
         "Demand-point method: a demand point is covered when a clinic lies within the radius; the "
         "share is the covered weight over the area's total weight."},
    [RS_METHOD_REPRO_FMT] =
        {"重现本报告：covplan analyze PROJECT --preset %s --radii %s --clinics %s，然后 covplan "
         "report PROJECT -o report.pdf。报告日期取自分析运行时间（或 "
         "--date），同一项目生成的文件逐字节相同。",
         "To reproduce: covplan analyze PROJECT --preset %s --radii %s --clinics %s, then covplan "
         "report PROJECT -o report.pdf. The report's date is that of the analysis run (or --date), "
         "so the same project gives a byte-identical file."},
    [RS_TOTAL] = {"全部区域", "All areas"},
    [RS_NA] = {"—", "—"},
    [RS_PLANAR] = {"平面直线距离", "planar straight-line distance"},
    [RS_GEODESIC] = {"椭球面测地线距离", "geodesic distance on the ellipsoid"},
    [RS_ROLE_AREAS] = {"区域边界", "area boundaries"},
    [RS_ROLE_FACILITIES] = {"设施", "facilities"},
    [RS_ROLE_DEMAND] = {"需求点", "demand points"},
};

const char *present_str_get(present_str_key_t key, bool zh)
{
    if ((int)key < 0 || key >= RS_COUNT) return "?";
    const char *s = STRINGS[key][zh ? 0 : 1];
    return s ? s : "?";
}

const char *present_str_class(const char *cls, bool zh)
{
    static const char *const map[][2] = {
        {"co-sited", "同址"},       {"adjoining", "毗邻（5分钟圈）"}, {"10-min", "10分钟生活圈"},
        {"15-min", "15分钟生活圈"}, {"village", "村卫生室服务半径"},  {"beyond", "超出服务半径"},
    };
    if (!zh || !cls) return cls ? cls : "";
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (strcmp(map[i][0], cls) == 0) return map[i][1];
    return cls;
}
