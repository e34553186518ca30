/* cal_import.c: reads the government office calendar: the DGPA CSV that the
 * DGPA publishes each year (行政機關辦公日曆表) and .ics files of all-day
 * holiday events (parsed by libical). Open or closed is decided by the flag
 * (是否放假) alone, never by the note, as the publisher advises. */
#include "calendars/cal.h"

#include <libical/ical.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NAME_BYTES 200
#define MAX_EVENT_DAYS 31 /* the longest break a single event may cover */

static const char BOM[] = "\xEF\xBB\xBF";
static const char CSV_HEADER[] = "西元日期,星期,是否放假,備註";

/* ---- shared ------------------------------------------------------------ */

/* NULL when s[0..n) is well-formed UTF-8 without control characters. */
static const char *check_text(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        unsigned c = *p;
        size_t len = c < 0x80             ? 1
                     : (c & 0xE0) == 0xC0 ? 2
                     : (c & 0xF0) == 0xE0 ? 3
                     : (c & 0xF8) == 0xF0 ? 4
                                          : 0;
        if (len == 0 || (size_t)(end - p) < len)
            return "not UTF-8";
        if (len == 1 && (c < 0x20 || c == 0x7F))
            return "a control character";
        if (len == 2 && c < 0xC2)
            return "not UTF-8";
        for (size_t i = 1; i < len; i++)
            if ((p[i] & 0xC0) != 0x80)
                return "not UTF-8";
        p += len;
    }
    return NULL;
}

static int cmp_day(const void *a, const void *b)
{
    const struct cal_day *x = a, *y = b;
    return (x->day > y->day) - (x->day < y->day);
}

void cal_import_free(struct cal_import *imp)
{
    for (size_t i = 0; i < imp->count; i++)
        free(imp->days[i].name);
    free(imp->days);
    memset(imp, 0, sizeof *imp);
}

static void add_day(struct cal_import *imp, size_t *cap, fh_day day, enum sched_day_type type,
                    const char *name, size_t name_len)
{
    imp->days = fh_grow(imp->days, sizeof *imp->days, cap, imp->count + 1);
    struct cal_day *d = &imp->days[imp->count++];
    d->day = day;
    d->type = type;
    d->name = name_len > 0 ? fh_strndup(name, name_len) : NULL;
    int y, m, dd;
    fh_day_to_ymd(day, &y, &m, &dd);
    if (imp->count == 1 || y < imp->first_year)
        imp->first_year = y;
    if (imp->count == 1 || y > imp->last_year)
        imp->last_year = y;
}

static bool weekend(fh_day d)
{
    return fh_weekday(d) >= 6;
}

/* ---- CSV --------------------------------------------------------------- */

/* Splits one CSV record (RFC 4180 quoting) into at most max fields, each
 * copied into its own buffer. Returns the field count or -1. */
static int csv_fields(const char *line, size_t len, char fields[][MAX_NAME_BYTES + 1], int max)
{
    int n = 0;
    size_t i = 0;
    for (;;) {
        if (n == max)
            return -1;
        size_t out = 0;
        if (i < len && line[i] == '"') {
            for (i++;; i++) {
                if (i >= len)
                    return -1; /* unterminated quote */
                if (line[i] == '"') {
                    if (i + 1 < len && line[i + 1] == '"')
                        i++;
                    else {
                        i++;
                        break;
                    }
                }
                if (out >= MAX_NAME_BYTES)
                    return -1;
                fields[n][out++] = line[i];
            }
        } else {
            for (; i < len && line[i] != ','; i++) {
                if (line[i] == '"' || out >= MAX_NAME_BYTES)
                    return -1;
                fields[n][out++] = line[i];
            }
        }
        fields[n++][out] = '\0';
        if (i >= len)
            return n;
        if (line[i] != ',')
            return -1;
        i++;
    }
}

static fh_result parse_csv(const char *data, size_t len, struct cal_import *out, char *err,
                           size_t errlen)
{
    static const char *const weekday_names[] = {"", "一", "二", "三", "四", "五", "六", "日"};
    char fields[5][MAX_NAME_BYTES + 1];
    size_t cap = 0, pos = 0;
    int line_no = 0;
    bool header_seen = false;
    const char *why;

    if (len >= 3 && memcmp(data, BOM, 3) == 0)
        pos = 3;
    while (pos < len) {
        const char *line = data + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - line) : len - pos;
        pos += n + (nl ? 1 : 0);
        line_no++;
        if (n > 0 && line[n - 1] == '\r')
            n--;
        if ((why = check_text(line, n)) != NULL)
            return fh_fail(err, errlen, FH_EINVAL, "line %d: %s", line_no, why);
        if (!header_seen) {
            if (n != strlen(CSV_HEADER) || memcmp(line, CSV_HEADER, n) != 0)
                return fh_fail(err, errlen, FH_EINVAL, "line %d: expected the header %s", line_no,
                               CSV_HEADER);
            header_seen = true;
            continue;
        }
        if (n == 0)
            continue; /* a blank line, such as one after the last record */
        int count = csv_fields(line, n, fields, 5);
        if (count != 4)
            return fh_fail(err, errlen, FH_EINVAL,
                           "line %d: expected 4 fields (西元日期,星期,是否放假,備註)", line_no);
        const char *date = fields[0];
        int y, m, d;
        if (strlen(date) != 8 || strspn(date, "0123456789") != 8)
            return fh_fail(err, errlen, FH_EINVAL, "line %d: 西元日期 '%s' is not YYYYMMDD",
                           line_no, date);
        y = (date[0] - '0') * 1000 + (date[1] - '0') * 100 + (date[2] - '0') * 10 + date[3] - '0';
        m = (date[4] - '0') * 10 + date[5] - '0';
        d = (date[6] - '0') * 10 + date[7] - '0';
        if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > fh_days_in_month(y, m))
            return fh_fail(err, errlen, FH_EINVAL, "line %d: 西元日期 %s is not a real date",
                           line_no, date);
        fh_day day = fh_day_from_ymd(y, m, d);
        if (strcmp(fields[1], weekday_names[fh_weekday(day)]) != 0)
            return fh_fail(err, errlen, FH_EINVAL,
                           "line %d: 星期 '%s' does not match %s, which is a 星期%s", line_no,
                           fields[1], date, weekday_names[fh_weekday(day)]);
        enum sched_day_type type;
        if (strcmp(fields[2], "0") == 0)
            type = weekend(day) ? SCHED_MAKEUP_WORKDAY : SCHED_WORKDAY;
        else if (strcmp(fields[2], "2") == 0)
            type = weekend(day) ? SCHED_RESTDAY : SCHED_HOLIDAY;
        else
            return fh_fail(err, errlen, FH_EINVAL,
                           "line %d: 是否放假 '%s' is neither 0 (working day) nor 2 (day off)",
                           line_no, fields[2]);
        add_day(out, &cap, day, type, fields[3], strlen(fields[3]));
    }
    if (!header_seen)
        return fh_fail(err, errlen, FH_EINVAL, "line 1: expected the header %s", CSV_HEADER);
    if (out->count == 0)
        return fh_fail(err, errlen, FH_EINVAL, "the file lists no day");

    qsort(out->days, out->count, sizeof *out->days, cmp_day);
    for (size_t i = 1; i < out->count; i++) {
        if (out->days[i].day == out->days[i - 1].day) {
            char date[FH_DATE_LEN];
            fh_format_date(out->days[i].day, date);
            return fh_fail(err, errlen, FH_EINVAL, "%s is listed twice", date);
        }
    }
    /* Each year is replaced whole, so each must be listed whole. */
    for (int y = out->first_year; y <= out->last_year; y++) {
        size_t listed = 0, days = (size_t)(fh_day_from_ymd(y + 1, 1, 1) - fh_day_from_ymd(y, 1, 1));
        for (size_t i = 0; i < out->count; i++) {
            int yy, mm, dd;
            fh_day_to_ymd(out->days[i].day, &yy, &mm, &dd);
            listed += yy == y;
        }
        if (listed != days)
            return fh_fail(err, errlen, FH_EINVAL,
                           "%d: %zu of its %zu days are listed; a year is imported whole", y,
                           listed, days);
    }
    return FH_OK;
}

/* ---- iCalendar --------------------------------------------------------- */

/* libical takes "20251310" as a date; the calendar must not. */
static bool real_date(struct icaltimetype t)
{
    return t.is_date && t.year >= 1900 && t.year <= 2999 && t.month >= 1 && t.month <= 12 &&
           t.day >= 1 && t.day <= fh_days_in_month(t.year, t.month);
}

static const char *event_label(icalcomponent *event, int index, char *buf, size_t len)
{
    const char *uid = icalcomponent_get_uid(event);
    if (uid != NULL)
        snprintf(buf, len, "VEVENT %d (UID %.60s)", index, uid);
    else
        snprintf(buf, len, "VEVENT %d", index);
    return buf;
}

static const char *x_day_type(icalcomponent *event)
{
    for (icalproperty *p = icalcomponent_get_first_property(event, ICAL_X_PROPERTY); p != NULL;
         p = icalcomponent_get_next_property(event, ICAL_X_PROPERTY)) {
        const char *name = icalproperty_get_x_name(p);
        if (name != NULL && strcmp(name, "X-FLEXHOURS-DAY-TYPE") == 0)
            return icalproperty_get_x(p) ? icalproperty_get_x(p) : "";
    }
    return NULL;
}

static fh_result first_error(icalcomponent *c, const char *where, char *err, size_t errlen)
{
    icalproperty *p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY);
    if (p != NULL)
        return fh_fail(err, errlen, FH_EINVAL, "%s: %.120s", where, icalproperty_get_xlicerror(p));
    return FH_OK;
}

static fh_result parse_ics(const char *data, size_t len, struct cal_import *out, char *err,
                           size_t errlen)
{
    char label[96];
    size_t cap = 0;
    fh_result r = FH_OK;

    icalerror_set_errors_are_fatal(0);
    char *text = fh_strndup(data, len);
    icalcomponent *root = icalparser_parse_string(text);
    free(text);
    if (root == NULL || icalcomponent_isa(root) != ICAL_VCALENDAR_COMPONENT) {
        if (root != NULL)
            icalcomponent_free(root);
        return fh_fail(err, errlen, FH_EINVAL, "not an iCalendar VCALENDAR object");
    }
    if ((r = first_error(root, "VCALENDAR", err, errlen)) != FH_OK)
        goto done;

    int index = 0;
    for (icalcomponent *ev = icalcomponent_get_first_component(root, ICAL_VEVENT_COMPONENT);
         ev != NULL; ev = icalcomponent_get_next_component(root, ICAL_VEVENT_COMPONENT)) {
        index++;
        event_label(ev, index, label, sizeof label);
        if ((r = first_error(ev, label, err, errlen)) != FH_OK)
            goto done;
        if (icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY) == NULL) {
            r = fh_fail(err, errlen, FH_EINVAL, "%s: no DTSTART", label);
            goto done;
        }
        /* A recurring event would be read as its first day only: a holiday
         * calendar lists each day, so refuse rather than import less. */
        if (icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY) != NULL ||
            icalcomponent_get_first_property(ev, ICAL_RDATE_PROPERTY) != NULL) {
            r = fh_fail(err, errlen, FH_EINVAL,
                        "%s: recurring events (RRULE, RDATE) are not read; list each day", label);
            goto done;
        }
        struct icaltimetype start = icalcomponent_get_dtstart(ev);
        if (icaltime_is_null_time(start) || !real_date(start)) {
            r = fh_fail(err, errlen, FH_EINVAL, "%s: DTSTART is not an all-day DATE", label);
            goto done;
        }
        int days = 1;
        if (icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY) != NULL) {
            struct icaltimetype end = icalcomponent_get_dtend(ev);
            if (!real_date(end)) {
                r = fh_fail(err, errlen, FH_EINVAL, "%s: DTEND is not an all-day DATE", label);
                goto done;
            }
            days = (int)(fh_day_from_ymd(end.year, end.month, end.day) -
                         fh_day_from_ymd(start.year, start.month, start.day));
            if (days < 1 || days > MAX_EVENT_DAYS) {
                r = fh_fail(err, errlen, FH_EINVAL, "%s: DTEND must be 1 to %d days after DTSTART",
                            label, MAX_EVENT_DAYS);
                goto done;
            }
        }
        const char *summary = icalcomponent_get_summary(ev);
        size_t summary_len = summary ? strlen(summary) : 0;
        if (summary_len > MAX_NAME_BYTES || (summary && check_text(summary, summary_len))) {
            r = fh_fail(err, errlen, FH_EINVAL, "%s: SUMMARY is too long or not UTF-8 text", label);
            goto done;
        }
        const char *declared = x_day_type(ev);
        enum sched_day_type declared_type = SCHED_HOLIDAY;
        if (declared != NULL && sched_day_type_parse(declared, &declared_type) != NULL) {
            r = fh_fail(err, errlen, FH_EINVAL,
                        "%s: X-FLEXHOURS-DAY-TYPE '%.40s' is not a day type", label, declared);
            goto done;
        }
        bool makeup = summary && (strstr(summary, "補行上班") || strstr(summary, "補班"));
        fh_day first = fh_day_from_ymd(start.year, start.month, start.day);
        for (fh_day d = first; d < first + days; d++) {
            enum sched_day_type type = declared != NULL ? declared_type
                                       : makeup         ? SCHED_MAKEUP_WORKDAY
                                       : weekend(d)     ? SCHED_RESTDAY
                                                        : SCHED_HOLIDAY;
            add_day(out, &cap, d, type, summary, summary_len);
        }
    }
    if (out->count == 0) {
        r = fh_fail(err, errlen, FH_EINVAL, "the calendar has no all-day VEVENT");
        goto done;
    }
    qsort(out->days, out->count, sizeof *out->days, cmp_day);
    for (size_t i = 1; i < out->count; i++) {
        if (out->days[i].day == out->days[i - 1].day) {
            char date[FH_DATE_LEN];
            fh_format_date(out->days[i].day, date);
            r = fh_fail(err, errlen, FH_EINVAL, "%s is covered by two events", date);
            goto done;
        }
    }
done:
    icalcomponent_free(root);
    return r;
}

fh_result cal_import_parse(const char *data, size_t len, struct cal_import *out, char *err,
                           size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (len > CAL_IMPORT_MAX_BYTES)
        return fh_fail(err, errlen, FH_EINVAL, "larger than %d bytes", CAL_IMPORT_MAX_BYTES);
    if (memchr(data, '\0', len) != NULL)
        return fh_fail(err, errlen, FH_EINVAL, "a NUL byte: not a text file");
    size_t skip = len >= 3 && memcmp(data, BOM, 3) == 0 ? 3 : 0;
    while (skip < len && (data[skip] == ' ' || data[skip] == '\r' || data[skip] == '\n'))
        skip++;
    bool ics = len - skip >= 15 && strncmp(data + skip, "BEGIN:VCALENDAR", 15) == 0;
    fh_result r =
        ics ? parse_ics(data, len, out, err, errlen) : parse_csv(data, len, out, err, errlen);
    if (r != FH_OK)
        cal_import_free(out);
    return r;
}
