/* invite_dump.c: prints the invites of one demo booking through its life
 * (pending, confirmed, rescheduled, cancelled), or with "feed" the demo
 * office's openings feed for 2025-10-06..12 under the real 2025 calendar and
 * a bookings feed, or with "duties" a staff member's duty feed for that week,
 * each after a line "=== NAME", for the independent parser in
 * invite_check.py. */
#include "calendars/cal.h"
#include "config/cfg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void dump(const char *name, const struct sched_office *office,
                 const struct cal_booking_view *b, enum cal_method method)
{
    char *ics = cal_invite(office, b, method, 19 * 60);
    printf("=== %s\n%s", name, ics);
    free(ics);
}

/* The real 2025 office calendar, or NULL. */
static struct sched_calendar *calendar_2025(void)
{
    const char *srcdir = getenv("FLEXHOURS_SRCDIR");
    char path[1024], err[FH_ERR_LEN] = "";
    snprintf(path, sizeof path, "%s/tests/data/tw-gov-calendar/2025.csv", srcdir ? srcdir : ".");
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    char *buf = fh_malloc(CAL_IMPORT_MAX_BYTES);
    size_t len = fread(buf, 1, CAL_IMPORT_MAX_BYTES, f);
    fclose(f);
    struct cal_import imp;
    if (cal_import_parse(buf, len, &imp, err, sizeof err) != FH_OK) {
        fprintf(stderr, "%s\n", err);
        free(buf);
        return NULL;
    }
    free(buf);
    struct sched_calendar *cal = sched_calendar_create();
    for (size_t i = 0; i < imp.count; i++)
        sched_calendar_set(cal, imp.days[i].day, imp.days[i].type, imp.days[i].name);
    cal_import_free(&imp);
    return cal;
}

/* A week of one person's duties around the long weekend of 2025-10-10:
 * each day's window found through the scheduler, and the duties it has
 * no window for (noon on 國慶日, Saturday on the long weekend) left out. */
static int duties(const struct sched_office *office)
{
    struct sched_calendar *cal = calendar_2025();
    if (cal == NULL)
        return 1;
    static const struct {
        int day;
        enum sched_duty duty;
    } wanted[] = {
        {6, SCHED_DUTY_HOLIDAY}, {7, SCHED_DUTY_NOON},     {8, SCHED_DUTY_EVENING},
        {10, SCHED_DUTY_NOON},   {10, SCHED_DUTY_HOLIDAY}, {11, SCHED_DUTY_SATURDAY},
    };
    struct cal_duty_view v[sizeof wanted / sizeof wanted[0]];
    size_t n = 0;
    for (size_t i = 0; i < sizeof wanted / sizeof wanted[0]; i++) {
        fh_day day = fh_day_from_ymd(2025, 10, wanted[i].day);
        if (!cal_duty_window(office, cal, day, wanted[i].duty, &v[n].start, &v[n].end))
            continue;
        v[n].day = day;
        v[n].duty = wanted[i].duty;
        v[n].comp_minutes = sched_roster_rules_default.comp_minutes[wanted[i].duty];
        n++;
    }
    sched_calendar_free(cal);
    for (int fetch = 0; fetch < 2; fetch++) {
        char *text = cal_feed_duties(office, "S017", "林美華", v, n, 1759300000);
        printf("=== duties%d\n%s", fetch + 1, text);
        free(text);
    }
    return 0;
}

static int feeds(const struct sched_office *office, const char *lang)
{
    struct sched_calendar *cal = calendar_2025();
    if (cal == NULL)
        return 1;

    struct sched_opening *open;
    size_t n;
    sched_openings(office, cal, fh_day_from_ymd(2025, 10, 6), fh_day_from_ymd(2025, 10, 12), &open,
                   &n);
    char *text = cal_feed_openings(office, open, n, false, lang, 1740000000, NULL, 0);
    printf("=== openings\n%s", text);
    free(text);
    free(open);
    sched_calendar_free(cal);

    fh_minute start = (fh_minute)fh_day_from_ymd(2025, 10, 7) * FH_MINUTES_PER_DAY + 12 * 60;
    struct cal_booking_view b[2] = {
        {"K7QX3MZP", lang, CAL_CONFIRMED, 1, start, start + 30, "王小明", "ming@example.org",
         sched_office_service_index(office, "seal_registration"), NULL, 1740000000, NULL, false,
         FH_NO_DAY},
        {"P4RT9WXY", lang, CAL_PENDING, 0, start + 2 * 1440 - 180, start + 2 * 1440 - 120, "陳美麗",
         "mei@example.org", sched_office_service_index(office, "marriage"), NULL, 1740000000, NULL,
         false, FH_NO_DAY},
    };
    text = cal_feed_bookings(office, b, 2, lang, 1740000000);
    printf("=== bookings\n%s", text);
    free(text);
    return 0;
}

int main(int argc, char **argv)
{
    const char *lang = argc > 1 ? argv[1] : "zh-TW";
    char err[FH_ERR_LEN] = "";
    struct fh_config *cfg;
    if (cfg_load_demo(&cfg, err, sizeof err) != FH_OK) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    const struct sched_office *office = cfg->offices[0];
    if (argc > 2 && strcmp(argv[2], "feed") == 0) {
        int status = feeds(office, lang);
        cfg_free(cfg);
        return status;
    }
    if (argc > 2 && strcmp(argv[2], "duties") == 0) {
        int status = duties(office);
        cfg_free(cfg);
        return status;
    }
    fh_minute start = (fh_minute)fh_day_from_ymd(2025, 3, 9) * FH_MINUTES_PER_DAY + 9 * 60;
    struct cal_booking_view b = {
        .code = "K7QX3MZP",
        .lang = lang,
        .state = CAL_PENDING,
        .sequence = 0,
        .start = start,
        .end = start + 60,
        .person_name = "王小明",
        .person_email = "ming@example.org",
        .service = sched_office_service_index(office, "marriage"),
        .manage_url = "http://127.0.0.1:8080/b/K7QX3MZP?token=00112233445566778899aabbccddeeff",
        .stamp = 1740000000,
    };
    dump("pending", office, &b, CAL_REQUEST);
    b.state = CAL_CONFIRMED;
    dump("confirmed", office, &b, CAL_REQUEST);
    b.sequence = 1;
    b.start += 7 * FH_MINUTES_PER_DAY + 60; /* a week later, an hour later */
    b.end = b.start + 60;
    dump("rescheduled", office, &b, CAL_REQUEST);
    b.sequence = 2;
    b.state = CAL_CANCELLED;
    dump("cancelled", office, &b, CAL_CANCEL);
    cfg_free(cfg);
    return 0;
}
