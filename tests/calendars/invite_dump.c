/* invite_dump.c: prints the invites of one demo booking through its life
 * (pending, confirmed, rescheduled, cancelled), each after a line
 * "=== NAME", for the independent parser in invite_check.py. */
#include "calendars/cal.h"
#include "config/cfg.h"

#include <stdio.h>
#include <stdlib.h>

static void dump(const char *name, const struct sched_office *office,
                 const struct cal_booking_view *b, enum cal_method method)
{
    char *ics = cal_invite(office, b, method, 19 * 60);
    printf("=== %s\n%s", name, ics);
    free(ics);
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
