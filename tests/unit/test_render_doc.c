/* render/doc, table, chart: a 100-row table breaks across pages with its header repeated on
 * each, page numbers and running texts, a chart, sticky errors and unwritable paths. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "render/chart.h"
#include "render/doc.h"
#include "render/table.h"

/* Run pdftotext on page `page` of path (0: all, pages split by form feeds) into buf. */
static size_t pdf_text(const char *path, int page, char *buf, size_t n)
{
    char cmd[512];
    if (page)
        snprintf(cmd, sizeof cmd, "pdftotext -f %d -l %d '%s' -", page, page, path);
    else
        snprintf(cmd, sizeof cmd, "pdftotext '%s' -", path);
    FILE *p = popen(cmd, "r");
    if (!p) return 0;
    size_t len = fread(buf, 1, n - 1, p);
    buf[len] = 0;
    pclose(p);
    return len;
}

static int count(const char *hay, const char *needle)
{
    int k = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle)) k++;
    return k;
}

int main(void)
{
    cov_ctx_t *ctx;
    CHECK_INT(cov_ctx_create(&ctx), COV_OK);
    char path[64];
    snprintf(path, sizeof path, "/tmp/covplan-doc-%ld.pdf", (long)getpid());

    /* A 100-row table on A4 portrait, 9.5 pt rows: it cannot fit on one page. */
    cov_doc_t *d;
    cov_doc_opts_t o = {.title = "表格测试", .date = "2024-01-02T00:00:00Z"};
    CHECK_INT(cov_doc_create(ctx, path, &o, &d), COV_OK);
    cov_doc_set_header(d, "Running header 页眉", "right side");
    cov_doc_set_footer(d, "footer text");
    cov_doc_set_page_label(d, "Page ", " of the test");
    cov_doc_new_page(d);
    CHECK_INT(cov_doc_page_number(d), 1);
    cov_doc_heading(d, "Table pagination 分页", 1, 60);
    cov_doc_text(
        d,
        "A paragraph that wraps: "
        "中文段落，自动换行。"
        "lorem ipsum dolor sit amet, consectetur "
        "adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.",
        10, 0);
    cov_table_t *t;
    CHECK_INT(cov_table_create(ctx, 3, &t), COV_OK);
    cov_table_set_column(t, 0, "IdxH", 1, COV_ALIGN_RIGHT);
    cov_table_set_column(t, 1, "名称 NameHeader", 4, COV_ALIGN_LEFT);
    cov_table_set_column(t, 2, "ValH", 1.5, COV_ALIGN_RIGHT);
    cov_table_set_continued(t, "ContinuedCaption（续）");
    for (int i = 1; i <= 100; i++) {
        char a[16], c[32];
        snprintf(a, sizeof a, "r%03d", i);
        snprintf(c, sizeof c, "%d.5", i * 7);
        const char *row[3] = {a, i % 10 == 0 ? "养老院 highlighted row" : "a plain row", c};
        cov_table_add_row(t, row, i % 10 == 0 ? COV_ROW_HIGHLIGHT : 0);
    }
    CHECK_INT((int)cov_table_row_count(t), 100);
    int spread = cov_doc_table(d, t);
    cov_table_destroy(t);
    CHECK(spread >= 2);
    int pages = cov_doc_page_number(d);
    CHECK_INT(pages, spread);

    cov_chart_t *c;
    CHECK_INT(cov_chart_create(ctx, &c), COV_OK);
    cov_chart_set_max(c, 100);
    cov_chart_set_format(c, 1, "%");
    cov_chart_set_target(c, 90, "target 90%");
    cov_chart_add_bar(c, "A 中西區", 100);
    cov_chart_add_bar(c, "B", 52.4);
    cov_chart_add_bar(c, "C", 0.0 / 0.0);
    CHECK_NEAR(cov_chart_height(c, 12), 14 + 36 + 16, 1e-9);
    cov_doc_chart(d, c, 12);
    cov_chart_destroy(c);
    CHECK_INT(cov_doc_finish(d), COV_OK);

    static char all[1 << 20], pg[1 << 16];
    pdf_text(path, 0, all, sizeof all);
    /* Every row once, the header on every page the table spans, the caption on all but the
     * first, and each page numbered with its own number. */
    CHECK_INT(count(all, "r001"), 1);
    CHECK_INT(count(all, "r100"), 1);
    CHECK_INT(count(all, "IdxH"), spread);
    CHECK_INT(count(all, "ContinuedCaption（续）"), spread - 1);
    for (int p = 1; p <= spread; p++) {
        pdf_text(path, p, pg, sizeof pg);
        CHECK_INT(count(pg, "IdxH"), 1);
        CHECK_INT(count(pg, "ValH"), 1);
        CHECK_INT(count(pg, "Running header 页眉"), 1);
        char num[64];
        snprintf(num, sizeof num, "Page %d of the test", p);
        CHECK_INT(count(pg, num), 1);
    }
    /* Rows stay in order across the break: the last row of page 1 precedes the first of page 2. */
    pdf_text(path, 2, pg, sizeof pg);
    CHECK(strstr(pg, "r0") != NULL);
    CHECK(strstr(all, "target 90%") != NULL);
    CHECK(strstr(all, "52.4%") != NULL);

    /* The file has real content. */
    {
        FILE *f = fopen(path, "rb");
        CHECK(f != NULL);
        fseek(f, 0, SEEK_END);
        long size = f ? ftell(f) : 0;
        if (f) fclose(f);
        CHECK(size > 1000);
    }

    /* Errors: an unwritable path fails at once with an I/O error naming it. */
    cov_doc_t *bad = NULL;
    CHECK_INT(cov_doc_create(ctx, "/nonexistent/dir/x.pdf", NULL, &bad), COV_ERR_IO);
    CHECK(bad == NULL);
    CHECK(strstr(cov_ctx_errmsg(ctx), "/nonexistent/dir/x.pdf") != NULL);

    /* A table in error is sticky and puts the document in error; the file is removed. */
    CHECK_INT(cov_doc_create(ctx, path, NULL, &d), COV_OK);
    CHECK_INT(cov_table_create(ctx, 2, &t), COV_OK);
    cov_table_set_column(t, 5, "no such column", 1, COV_ALIGN_LEFT);
    CHECK_INT(cov_table_status(t), COV_ERR_USAGE);
    const char *row[2] = {"x", "y"};
    cov_table_add_row(t, row, 0); /* ignored once in error */
    CHECK_INT((int)cov_table_row_count(t), 0);
    CHECK_INT(cov_doc_table(d, t), 0);
    cov_table_destroy(t);
    CHECK_INT(cov_doc_status(d), COV_ERR_USAGE);
    cov_doc_text(d, "ignored", 10, 0);
    CHECK_INT(cov_doc_finish(d), COV_ERR_USAGE);
    CHECK(access(path, F_OK) != 0);

    /* A document without pages is an error too, and cov_doc_destroy removes the file. */
    CHECK_INT(cov_doc_create(ctx, path, NULL, &d), COV_OK);
    CHECK_INT(cov_doc_finish(d), COV_ERR_EMPTY);
    CHECK_INT(cov_doc_create(ctx, path, NULL, &d), COV_OK);
    cov_doc_new_page(d);
    cov_doc_destroy(d);
    CHECK(access(path, F_OK) != 0);
    CHECK_INT(cov_table_create(ctx, 0, &t), COV_ERR_USAGE);

    cov_ctx_destroy(ctx);
    CHECK_DONE();
}
