/* Status codes shared by every covplan module: COV_OK is 0, codes grouped by kind. */
#ifndef COV_STATUS_H
#define COV_STATUS_H

/* Marks the functions libcovplan exports: the library is built with -fvisibility=hidden, so
 * only what the public headers (covplan.h) declare with COV_API is visible to programs. */
#define COV_API __attribute__((visibility("default")))

typedef enum cov_status {
    COV_OK = 0,
    /* bad input: the user's files, options or values (10..29) */
    COV_ERR_USAGE = 10,     /* wrong command-line use or option value */
    COV_ERR_NOT_FOUND = 11, /* missing file, layer, field or record */
    COV_ERR_INPUT = 12, /* a value in the input is wrong (NaN, non-numeric, duplicate id, ...) */
    COV_ERR_EMPTY = 13, /* an input or result set is empty */
    /* geometry and coordinate reference systems (30..39) */
    COV_ERR_CRS = 30,      /* unknown, missing or unsuitable CRS */
    COV_ERR_GEOMETRY = 31, /* invalid or unexpected geometry */
    /* I/O and the project database (40..49) */
    COV_ERR_IO = 40,          /* read/write failure */
    COV_ERR_DB = 41,          /* SQLite/SpatiaLite failure */
    COV_ERR_NOT_PROJECT = 42, /* file is not a covplan project database */
    /* resources (50..59) */
    COV_ERR_NOMEM = 50,
    COV_ERR_INTERNAL = 59
} cov_status_t;

/* A short, static English name for a status ("bad input", ...). Never NULL. */
COV_API const char *cov_status_str(cov_status_t st);

/* The process exit code the CLI uses for a status: 0 ok, 2 usage, 3 bad input,
 * 4 CRS/geometry, 5 I/O/database, 6 resources. */
COV_API int cov_status_exit_code(cov_status_t st);

#endif
