/* fh_date.c: proleptic Gregorian day numbers, strict parsers for the date and
 * time formats of the API (YYYY-MM-DD, HH:MM, RFC 3339) and their formatters.
 * Day arithmetic follows Howard Hinnant's civil-from-days algorithms. */
#include "common/fh.h"

#include <string.h>

/* Years outside this range are refused by the parsers: nothing the office
 * books lies there, and it keeps every day number far from overflow. */
#define YEAR_MIN 1900
#define YEAR_MAX 2999

fh_day fh_day_from_ymd(int year, int month, int day)
{
    int y = year - (month <= 2);
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (fh_day)(era * 146097 + doe - 719468);
}

void fh_day_to_ymd(fh_day d, int *year, int *month, int *day)
{
    int z = d + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int y = yoe + era * 400;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int dd = doy - (153 * mp + 2) / 5 + 1;
    int mm = mp < 10 ? mp + 3 : mp - 9;
    *year = y + (mm <= 2);
    *month = mm;
    *day = dd;
}

int fh_weekday(fh_day d)
{
    /* 1970-01-01 was a Thursday (ISO 4). */
    int w = (int)((d % 7 + 7 + 3) % 7);
    return w + 1;
}

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int fh_days_in_month(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && leap(year))
        return 29;
    return days[month - 1];
}

/* Reads exactly n decimal digits. */
static bool digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

static const char *parse_ymd(const char *s, int *y, int *m, int *d)
{
    if (!digits(s, 4, y) || s[4] != '-' || !digits(s + 5, 2, m) || s[7] != '-' ||
        !digits(s + 8, 2, d))
        return "not a date of the form YYYY-MM-DD";
    if (*y < YEAR_MIN || *y > YEAR_MAX)
        return "year out of range";
    if (*m < 1 || *m > 12)
        return "month out of range";
    if (*d < 1 || *d > fh_days_in_month(*y, *m))
        return "no such day in that month";
    return NULL;
}

const char *fh_parse_date(const char *s, fh_day *out)
{
    int y, m, d;
    if (s == NULL || strlen(s) != 10)
        return "not a date of the form YYYY-MM-DD";
    const char *why = parse_ymd(s, &y, &m, &d);
    if (why != NULL)
        return why;
    *out = fh_day_from_ymd(y, m, d);
    return NULL;
}

const char *fh_parse_month(const char *s, int *year, int *month)
{
    if (s == NULL || strlen(s) != 7 || !digits(s, 4, year) || s[4] != '-' ||
        !digits(s + 5, 2, month))
        return "not a month of the form YYYY-MM";
    if (*year < YEAR_MIN || *year > YEAR_MAX)
        return "year out of range";
    if (*month < 1 || *month > 12)
        return "month out of range";
    return NULL;
}

const char *fh_parse_hhmm(const char *s, int *minute_of_day)
{
    int h, m;
    if (s == NULL || strlen(s) != 5 || !digits(s, 2, &h) || s[2] != ':' || !digits(s + 3, 2, &m))
        return "not a time of the form HH:MM";
    if (h > 24 || m > 59 || (h == 24 && m != 0))
        return "no such time of day";
    *minute_of_day = h * 60 + m;
    return NULL;
}

const char *fh_parse_rfc3339(const char *s, int64_t *utc_seconds)
{
    int y, mo, d, h, mi, sec, oh = 0, om = 0;
    const char *why;

    if (s == NULL || strlen(s) < 20)
        return "not an RFC 3339 time (YYYY-MM-DDTHH:MM:SS+08:00)";
    if ((why = parse_ymd(s, &y, &mo, &d)) != NULL)
        return why;
    if ((s[10] != 'T' && s[10] != 't') || !digits(s + 11, 2, &h) || s[13] != ':' ||
        !digits(s + 14, 2, &mi) || s[16] != ':' || !digits(s + 17, 2, &sec))
        return "not an RFC 3339 time (YYYY-MM-DDTHH:MM:SS+08:00)";
    if (h > 23 || mi > 59 || sec > 60)
        return "no such time of day";
    const char *p = s + 19;
    if (*p == '.') { /* fractions of a second are accepted and dropped */
        p++;
        if (*p < '0' || *p > '9')
            return "not an RFC 3339 time (YYYY-MM-DDTHH:MM:SS+08:00)";
        while (*p >= '0' && *p <= '9')
            p++;
    }
    int sign = 0;
    if ((*p == 'Z' || *p == 'z') && p[1] == '\0') {
        sign = 1;
    } else if ((*p == '+' || *p == '-') && strlen(p) == 6 && digits(p + 1, 2, &oh) && p[3] == ':' &&
               digits(p + 4, 2, &om)) {
        sign = *p == '+' ? 1 : -1;
        if (oh > 23 || om > 59)
            return "UTC offset out of range";
    } else {
        return "an RFC 3339 time needs an offset (Z or +08:00)";
    }
    if (sec == 60)
        sec = 59; /* a leap second is held at the end of its minute */
    int64_t local = (int64_t)fh_day_from_ymd(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
    *utc_seconds = local - (int64_t)sign * (oh * 3600 + om * 60);
    return NULL;
}

/* Writes v as n decimal digits; the callers bound v, so no snprintf (and no
 * truncation warnings) is needed on this hot path of every slot listing. */
static char *put_digits(char *p, unsigned v, int n)
{
    for (int i = n - 1; i >= 0; i--) {
        p[i] = (char)('0' + v % 10);
        v /= 10;
    }
    return p + n;
}

void fh_format_date(fh_day d, char out[FH_DATE_LEN])
{
    int y, m, dd;
    fh_day_to_ymd(d, &y, &m, &dd);
    char *p = put_digits(out, (unsigned)y % 10000, 4);
    *p++ = '-';
    p = put_digits(p, (unsigned)m, 2);
    *p++ = '-';
    p = put_digits(p, (unsigned)dd, 2);
    *p = '\0';
}

void fh_format_hhmm(int minute_of_day, char out[6])
{
    char *p = put_digits(out, (unsigned)(minute_of_day / 60) % 100, 2);
    *p++ = ':';
    p = put_digits(p, (unsigned)minute_of_day % 60, 2);
    *p = '\0';
}

void fh_format_local(fh_minute t, int utc_offset, char out[FH_TIME_LEN])
{
    int mod = fh_minute_of_day(t);
    unsigned off = (unsigned)(utc_offset < 0 ? -utc_offset : utc_offset);
    fh_format_date(fh_day_of(t), out);
    char *p = out + 10;
    *p++ = 'T';
    p = put_digits(p, (unsigned)mod / 60, 2);
    *p++ = ':';
    p = put_digits(p, (unsigned)mod % 60, 2);
    memcpy(p, ":00", 3);
    p += 3;
    *p++ = utc_offset < 0 ? '-' : '+';
    p = put_digits(p, off / 60 % 100, 2);
    *p++ = ':';
    p = put_digits(p, off % 60, 2);
    *p = '\0';
}

fh_minute fh_local_from_utc(int64_t utc_seconds, int utc_offset)
{
    int64_t s = utc_seconds + (int64_t)utc_offset * 60;
    /* floor division: a time a few seconds into a minute is in that minute */
    return s >= 0 ? s / 60 : -((-s + 59) / 60);
}

int64_t fh_utc_from_local(fh_minute t, int utc_offset)
{
    return (t - utc_offset) * 60;
}

const char *fh_parse_local(const char *s, int utc_offset, fh_minute *out)
{
    int64_t utc;
    const char *why = fh_parse_rfc3339(s, &utc);
    if (why != NULL)
        return why;
    *out = fh_local_from_utc(utc, utc_offset);
    return NULL;
}
