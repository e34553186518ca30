/* cal.h: everything calendar-shaped, through libical: the government office
 * calendar read in (the DGPA CSV and .ics holiday files). Only calendars/
 * includes libical. */
#ifndef CAL_H
#define CAL_H

#include "common/fh.h"
#include "scheduler/sched.h"

/* One day of an imported calendar. */
struct cal_day {
    fh_day day;
    enum sched_day_type type;
    char *name; /* the day's name (備註 or SUMMARY), or NULL */
};

/* What a file says: the days it lists, and the years it covers. Importing
 * replaces those whole years; days of those years it does not list follow
 * the default rule. */
struct cal_import {
    struct cal_day *days; /* sorted by day, one entry per day */
    size_t count;
    int first_year, last_year;
};

/* Reads a DGPA office-calendar CSV (columns 西元日期,星期,是否放假,備註;
 * UTF-8 with or without a byte-order mark; CRLF or LF) or an .ics file of
 * all-day events, told apart by their content. Every row of a CSV must be
 * consistent (the weekday matches the date, the flag is 0 or 2), and each
 * year a CSV touches must be listed whole. On error nothing is returned and
 * err names the line (CSV) or component (.ics) at fault. */
fh_result cal_import_parse(const char *data, size_t len, struct cal_import *out, char *err,
                           size_t errlen);
void cal_import_free(struct cal_import *imp);

/* The largest file accepted: a decade of calendars with room to spare. */
#define CAL_IMPORT_MAX_BYTES (4 * 1024 * 1024)

#endif
