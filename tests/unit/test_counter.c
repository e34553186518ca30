/* test_counter.c: the rules of the counter's day, from the rules as the
 * offices publish them: a check-in on the booking's own day only (office
 * time), a confirmed booking lapsing 15 minutes after its start unless the
 * office configures otherwise (0: never), the configuration keys that set
 * both, and the Taiwan landline formats staff write down from a call or a
 * fax. Expected values are written by hand. */
#include "config/cfg.h"
#include "scheduler/sched.h"
#include "validate/val.h"
#include "check.h"

#include <stdio.h>
#include <string.h>

/* Office-local minutes of YYYY-MM-DD HH:MM. */
static fh_minute at(int y, int mo, int d, int h, int mi)
{
    return (fh_minute)fh_day_from_ymd(y, mo, d) * FH_MINUTES_PER_DAY + h * 60 + mi;
}

static void test_checkin_day(void)
{
    fh_minute start = at(2026, 3, 3, 12, 0); /* Tuesday noon */
    static const struct {
        int d, h, mi;
        enum sched_checkin want;
    } cases[] = {
        {2, 10, 0, SCHED_CHECKIN_TOO_EARLY},  /* the day before */
        {2, 23, 59, SCHED_CHECKIN_TOO_EARLY}, /* a minute before the day */
        {3, 0, 0, SCHED_CHECKIN_OK},          /* the day has begun */
        {3, 11, 45, SCHED_CHECKIN_OK},        /* before the time, on the day */
        {3, 12, 30, SCHED_CHECKIN_OK},        /* late, still the day */
        {3, 23, 59, SCHED_CHECKIN_OK},        {4, 0, 0, SCHED_CHECKIN_TOO_LATE}, /* the next day */
        {6, 9, 0, SCHED_CHECKIN_TOO_LATE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        CHECK_INT(sched_checkin_check(start, at(2026, 3, cases[i].d, cases[i].h, cases[i].mi)),
                  cases[i].want);
    CHECK_STR(sched_checkin_code(SCHED_CHECKIN_TOO_EARLY), "checkin_too_early");
    CHECK_STR(sched_checkin_code(SCHED_CHECKIN_TOO_LATE), "checkin_too_late");
}

static const struct sched_office *office_of(struct fh_config *cfg)
{
    return cfg != NULL && cfg->office_count > 0 ? cfg->offices[0] : NULL;
}

static struct fh_config *demo_with(const char *extra)
{
    /* The demo office with its lapse_minutes line replaced. */
    const char *demo = cfg_demo_json();
    const char *key = "\"lapse_minutes\": 15,";
    const char *pos = strstr(demo, key);
    if (pos == NULL)
        return NULL;
    char json[65536];
    snprintf(json, sizeof json, "%.*s%s%s", (int)(pos - demo), demo, extra, pos + strlen(key));
    struct fh_config *cfg = NULL;
    char err[FH_ERR_LEN] = "";
    if (cfg_load_string(json, strlen(json), "t.json", &cfg, err, sizeof err) != FH_OK) {
        fprintf(stderr, "config: %s\n", err);
        return NULL;
    }
    return cfg;
}

static void test_lapse(void)
{
    fh_minute start = at(2026, 3, 3, 12, 0);
    struct fh_config *cfg = NULL;
    char err[FH_ERR_LEN] = "";
    CHECK_INT(cfg_load_demo(&cfg, err, sizeof err), FH_OK);
    const struct sched_office *o = office_of(cfg);
    CHECK(o != NULL);
    if (o == NULL)
        return;
    /* The published rule: 15 minutes. */
    CHECK_INT(sched_office_spec(o)->lapse_minutes, 15);
    CHECK(sched_lapse_at(o, start) == at(2026, 3, 3, 12, 15));
    CHECK(!sched_lapsed(o, start, at(2026, 3, 3, 12, 14)));
    CHECK(sched_lapsed(o, start, at(2026, 3, 3, 12, 15)));
    CHECK(sched_lapsed(o, start, at(2026, 3, 4, 9, 0)));
    CHECK(!sched_lapsed(o, start, at(2026, 3, 2, 12, 15)));
    /* Bookings starting at 12:05 or before have lapsed at 12:20. */
    CHECK(sched_lapse_latest_start(o, at(2026, 3, 3, 12, 20)) == at(2026, 3, 3, 12, 5));
    CHECK(sched_office_spec(o)->staff_past_cutoff);
    cfg_free(cfg);

    /* An office's own minutes; 0 lets nothing lapse. */
    cfg = demo_with("\"lapse_minutes\": 30,");
    o = office_of(cfg);
    CHECK(o != NULL);
    if (o != NULL) {
        CHECK(!sched_lapsed(o, start, at(2026, 3, 3, 12, 29)));
        CHECK(sched_lapsed(o, start, at(2026, 3, 3, 12, 30)));
    }
    cfg_free(cfg);
    cfg = demo_with("\"lapse_minutes\": 0,");
    o = office_of(cfg);
    CHECK(o != NULL);
    if (o != NULL) {
        CHECK(sched_lapse_at(o, start) == SCHED_NEVER);
        CHECK(!sched_lapsed(o, start, at(2026, 3, 9, 12, 0)));
        CHECK(sched_lapse_latest_start(o, at(2026, 3, 9, 12, 0)) == SCHED_NEVER);
    }
    cfg_free(cfg);
    /* Out of bounds: refused with the key named. */
    CHECK(demo_with("\"lapse_minutes\": -1,") == NULL);
    CHECK(demo_with("\"lapse_minutes\": 241,") == NULL);
}

static void test_landline(void)
{
    static const struct {
        const char *in, *out; /* out NULL: refused */
    } cases[] = {
        {"02-2345-6789", "+886223456789"},   /* Taipei: 8 digits */
        {"(02) 2345-6789", "+886223456789"}, /* area code in parentheses */
        {"0223456789", "+886223456789"},
        {"+886 2 2345 6789", "+886223456789"},
        {"02-2345-6789#123", "+886223456789#123"}, /* an extension */
        {"02 2345 6789#12345", "+886223456789#12345"},
        {"04 2222 3333", "+886422223333"}, /* Taichung: 8 digits */
        {"04-722-1234", "+88647221234"},   /* Changhua: 7 digits */
        {"049-222-3333", "+886492223333"}, /* Nantou */
        {"03-422-1234", "+88634221234"},   /* Taoyuan */
        {"037-123-456", "+88637123456"},   /* Miaoli */
        {"07-123-4567", "+88671234567"},   /* Kaohsiung */
        {"06 213 4567", "+88662134567"},   /* Tainan */
        {"089-123-456", "+88689123456"},   /* Taitung */
        {"082-312-345", "+88682312345"},   /* Kinmen */
        {"0836-22-345", "+88683622345"},   /* Matsu */
        {"02-2345-678", NULL},             /* Taipei needs 8 digits */
        {"07-1234-5678", NULL},            /* Kaohsiung has 7 */
        {"0912-345-678", NULL},            /* a mobile */
        {"2345-6789", NULL},               /* no area code */
        {"02-2345-6789#", NULL},           /* an empty extension */
        {"02-2345-6789#123456", NULL},     /* 6 digits of extension */
        {"02-2345-6789 ext 1", NULL},
        {"01-2345-6789", NULL}, /* no area 1 */
        {"(02 2345-6789", NULL},
        {"", NULL},
        {"02--2345-6789x", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[VAL_LANDLINE_LEN + 1] = "";
        const char *why = val_landline(cases[i].in, out);
        if (cases[i].out == NULL) {
            if (why == NULL)
                fprintf(stderr, "accepted: %s -> %s\n", cases[i].in, out);
            CHECK(why != NULL);
        } else {
            if (why != NULL)
                fprintf(stderr, "refused: %s: %s\n", cases[i].in, why);
            CHECK_STR(why, NULL);
            CHECK_STR(out, cases[i].out);
        }
    }
    char out[VAL_LANDLINE_LEN + 1];
    bool mobile = false;
    CHECK_STR(val_any_phone("0912 345 678", out, &mobile), NULL);
    CHECK_STR(out, "+886912345678");
    CHECK(mobile);
    CHECK_STR(val_any_phone("02-2345-6789#123", out, &mobile), NULL);
    CHECK_STR(out, "+886223456789#123");
    CHECK(!mobile);
    CHECK(val_any_phone("12345", out, &mobile) != NULL);
    CHECK(val_phone_is_mobile("+886912345678"));
    CHECK(!val_phone_is_mobile("+886223456789#123"));
    CHECK(!val_phone_is_mobile("+88691234567"));
    CHECK(!val_phone_is_mobile(""));
    /* As people write them again. */
    char shown[32];
    val_phone_national("+886912345678", shown, sizeof shown);
    CHECK_STR(shown, "0912 345 678");
    val_phone_national("+886422223333#123", shown, sizeof shown);
    CHECK_STR(shown, "04 2222 3333 #123");
    val_phone_national("+88671234567", shown, sizeof shown);
    CHECK_STR(shown, "07 123 4567");
    val_phone_national("", shown, sizeof shown);
    CHECK_STR(shown, "");
}

int main(void)
{
    test_checkin_day();
    test_lapse();
    test_landline();
    return check_result();
}
