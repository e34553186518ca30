/* test_svc_figures.c: the figures of the demo office over two weeks of
 * March 2026, from a real database seeded through the store with bookings
 * whose every count is known, and a published roster. The expected numbers
 * are worked out by hand below, from the demo office's plan, never from
 * the code under test. Also: the default range and its refusals, the flat
 * rows of the CSV and the JSON, and that no figure's query scans the
 * bookings of every office. */
#include "svc/svc.h"
#include "tests/unit/check.h"

#include <stdlib.h>
#include <unistd.h>

static fh_minute at(int m, int d, int hh, int mm)
{
    return (fh_minute)fh_day_from_ymd(2026, m, d) * FH_MINUTES_PER_DAY + hh * 60 + mm;
}

static char *reply_json(const struct store_booking *b, const char *token, void *arg)
{
    (void)arg;
    (void)token;
    return fh_asprintf("{\"code\":\"%s\"}", b->code);
}

static int person;

/* Books a new person for service at start, as made at made (office-local):
 * the booking's lead is the days between the two. Returns its code. */
static void book(struct svc *s, const struct sched_office *office, const char *service,
                 fh_minute start, fh_minute made, char code[STORE_CODE_LEN + 1])
{
    char id[16], err[FH_ERR_LEN] = "";
    snprintf(id, sizeof id, "B1%08d", ++person);
    struct store_new_booking req = {
        .office = "taichung-south",
        .service = service,
        .start = start,
        .name = "王小明",
        .national_id = id,
        .phone = "",
        .email = "person@example.org",
        .lang = "zh-TW",
        .resident = true,
    };
    struct store_create_result res;
    const struct sched_calendar *cal = svc_calendar_hold(s);
    fh_result r = store_booking_create(s->store, office, cal, &req, made, NULL, NULL, reply_json,
                                       NULL, &res, err, sizeof err);
    svc_calendar_release(s);
    if (r != FH_OK) {
        printf("book %s at %lld: %s (refusal %s)\n", service, (long long)start, err,
               sched_refusal_code(res.refusal));
        check_failures++;
        code[0] = '\0';
        return;
    }
    snprintf(code, STORE_CODE_LEN + 1, "%s", res.booking.code);
    free(res.body);
}

static void set_status(struct svc *s, const char *code, enum store_status to)
{
    struct store_booking b;
    char err[FH_ERR_LEN] = "";
    CHECK_INT(store_booking_set_status(s->store, code, to, "test", &b, err, sizeof err), FH_OK);
}

static struct store_duty duty(int d, enum sched_duty which, const char *staff)
{
    struct store_duty x = {.day = fh_day_from_ymd(2026, 3, d), .duty = which};
    snprintf(x.staff, sizeof x.staff, "%s", staff);
    return x;
}

struct row_count {
    size_t rows;
    int fill_noon_offered_week1; /* read back from the rows */
    int weddings_saturday_march;
};

static bool count_row(void *arg, const char *chart, const char *period, const char *series,
                      const char *measure, int value)
{
    struct row_count *rc = arg;
    rc->rows++;
    if (strcmp(chart, "fill") == 0 && strcmp(period, "2026-03-02") == 0 &&
        strcmp(series, "noon") == 0 && strcmp(measure, "offered") == 0)
        rc->fill_noon_offered_week1 = value;
    if (strcmp(chart, "weddings") == 0 && strcmp(period, "2026-03") == 0 &&
        strcmp(series, "saturday") == 0)
        rc->weddings_saturday_march = value;
    return true;
}

static void test_range(void)
{
    fh_day first, last;
    const char *field = NULL;
    fh_day wed = fh_day_from_ymd(2026, 3, 4);
    /* This week's Monday is 2 March: twelve weeks before is 8 December
     * 2025; four weeks after this week ends on Sunday 5 April. */
    CHECK(svc_figures_range(wed, NULL, NULL, &first, &last, &field) == NULL);
    CHECK_INT(first, fh_day_from_ymd(2025, 12, 8));
    CHECK_INT(last, fh_day_from_ymd(2026, 4, 5));
    CHECK(svc_figures_range(wed, "2026-03-02", "2026-03-02", &first, &last, &field) == NULL);
    CHECK_INT(last - first, 0);
    /* 2026-01-01 + 399 days is 2027-02-04: 400 days is the most. */
    CHECK(svc_figures_range(wed, "2026-01-01", "2027-02-04", &first, &last, &field) == NULL);
    CHECK(svc_figures_range(wed, "2026-01-01", "2027-02-05", &first, &last, &field) != NULL);
    CHECK_STR(field, "to");
    field = NULL;
    CHECK(svc_figures_range(wed, "2026-03-10", "2026-03-09", &first, &last, &field) != NULL);
    CHECK_STR(field, "to");
    field = NULL;
    CHECK(svc_figures_range(wed, "2026-02-30", NULL, &first, &last, &field) != NULL);
    CHECK_STR(field, "from");
    field = NULL;
    CHECK(svc_figures_range(wed, NULL, "tomorrow", &first, &last, &field) != NULL);
    CHECK_STR(field, "to");
}

int main(void)
{
    char dir[] = "/tmp/fh-figures-XXXXXX";
    if (mkdtemp(dir) == NULL)
        fh_fatal("mkdtemp");
    char *path = fh_asprintf("%s/figures.db", dir);
    char err[FH_ERR_LEN] = "";
    struct fh_config *cfg;
    if (cfg_load_demo(&cfg, err, sizeof err) != FH_OK)
        fh_fatal("demo: %s", err);
    struct store *st;
    if (store_open(path, &st, err, sizeof err) != FH_OK)
        fh_fatal("store_open: %s", err);
    struct svc *s = svc_create(cfg, st, cfg->calendar);
    const struct sched_office *office = cfg_office(cfg, "taichung-south");

    test_range();

    /* The demo office: regular 08:00-12:00 and 13:30-17:30 (3 counters),
     * noon 12:00-13:30 and evening 17:30-18:30 (2), Saturday 08:00-12:00
     * (3), Sunday weddings 09:00-12:00 (2); slots of 30 minutes; marriage
     * takes 60 minutes (two slots), every other service 30. Booking opens 7
     * days ahead (weddings on holidays: 30) and closes the day before.
     * Each booking below is made at a time that gives it a known lead. */
    char a[9], b[9], c[9], d[9], e[9], f[9], g[9], h[9], i[9], j[9], k[9], l[9];
    /* Week of Monday 2 March. */
    book(s, office, "id_replacement", at(3, 3, 12, 0), at(3, 1, 10, 0), a); /* noon, lead 2 */
    book(s, office, "household_transcript", at(3, 3, 12, 30), at(3, 2, 10, 0), b); /* noon, 1 */
    book(s, office, "moving", at(3, 3, 17, 30), at(2, 26, 10, 0), c);   /* evening, lead 5 */
    book(s, office, "moving", at(3, 4, 9, 0), at(3, 3, 10, 0), d);      /* regular, 1: no-show */
    book(s, office, "moving", at(3, 4, 9, 30), at(3, 3, 10, 0), e);     /* regular, 1: came */
    book(s, office, "moving", at(3, 5, 10, 0), at(3, 4, 10, 0), f);     /* regular: cancelled */
    book(s, office, "marriage", at(3, 7, 8, 0), at(3, 2, 10, 0), g);    /* Saturday, lead 5 */
    book(s, office, "marriage", at(3, 8, 9, 0), at(2, 10, 10, 0), h);   /* Sunday, lead 26 */
    book(s, office, "name_change", at(3, 7, 9, 0), at(3, 6, 10, 0), i); /* Saturday, lead 1 */
    /* Week of Monday 9 March. */
    book(s, office, "id_replacement", at(3, 9, 12, 0), at(3, 6, 10, 0), j); /* noon, lead 3 */
    book(s, office, "marriage", at(3, 14, 8, 0), at(3, 7, 10, 0), k);       /* Saturday, lead 7 */
    /* Outside the range (Monday 16 March). */
    book(s, office, "id_replacement", at(3, 16, 12, 0), at(3, 13, 10, 0), l);
    set_status(s, d, STORE_NO_SHOW);
    set_status(s, e, STORE_CHECKED_IN);
    set_status(s, e, STORE_COMPLETED);
    struct store_booking cancelled;
    CHECK_INT(store_booking_cancel(st, f, NULL, at(3, 4, 11, 0), &cancelled, err, sizeof err),
              FH_OK);

    /* March's roster, published: in a rostered month a noon, evening or
     * Saturday window offers as many places as staff on duty (none on the
     * days without an entry); holiday windows keep their capacity. */
    const struct store_duty duties[] = {
        duty(3, SCHED_DUTY_NOON, "lin-yating"),       duty(3, SCHED_DUTY_NOON, "chen-yijun"),
        duty(3, SCHED_DUTY_EVENING, "wang-shufen"),   duty(7, SCHED_DUTY_SATURDAY, "li-chiahao"),
        duty(7, SCHED_DUTY_SATURDAY, "wu-chunchieh"), duty(7, SCHED_DUTY_SATURDAY, "lai-pohan"),
        duty(9, SCHED_DUTY_NOON, "tsai-tsunghan"),
    };
    CHECK_INT(store_roster_save_draft(st, "taichung-south", 2026, 3, duties,
                                      sizeof duties / sizeof duties[0], "test",
                                      fh_utc_from_local(at(3, 1, 9, 0), 480), err, sizeof err),
              FH_OK);
    struct store_booking *over = NULL;
    size_t over_count = 0;
    CHECK_INT(store_roster_publish(st, "taichung-south", 2026, 3,
                                   fh_utc_from_local(at(3, 1, 9, 0), 480), true, NULL, NULL, NULL,
                                   0, &over, &over_count, "test", err, sizeof err),
              FH_OK);
    free(over);
    svc_change_begin(s);
    CHECK_INT(svc_calendar_reload(s, NULL, err, sizeof err), FH_OK);
    svc_change_end(s);

    struct svc_figures *fig = NULL;
    fh_day first = fh_day_from_ymd(2026, 3, 2), last = fh_day_from_ymd(2026, 3, 15);
    CHECK_INT(svc_figures(s, office, first, last, &fig, err, sizeof err), FH_OK);
    if (fig == NULL)
        return check_result();
    CHECK_INT(fig->queries, STORE_FIG_COUNT); /* one query a store figure */
    CHECK_INT(fig->week_count, 2);
    CHECK_INT(fig->month_count, 1);
    CHECK_INT(fig->weeks[0].monday, first);
    CHECK_INT(fig->weeks[1].monday, fh_day_from_ymd(2026, 3, 9));

    const struct svc_figures_week *w1 = &fig->weeks[0], *w2 = &fig->weeks[1];
    /* Offered, week of 2 March (no holiday in it):
     * regular: 5 days x 2 windows x 8 slots x 3 counters = 240;
     * noon: staff only on Tue 3/3, 2 of them x 3 slots = 6;
     * evening: Tue 3/3, 1 x 2 slots = 2;
     * Saturday 3/7: 3 staff x 8 slots = 24;
     * Sunday 3/8: capacity 2 x 6 slots = 12. */
    CHECK_INT(w1->offered[SCHED_WIN_REGULAR], 240);
    CHECK_INT(w1->offered[SCHED_WIN_NOON], 6);
    CHECK_INT(w1->offered[SCHED_WIN_EVENING], 2);
    CHECK_INT(w1->offered[SCHED_WIN_SATURDAY], 24);
    CHECK_INT(w1->offered[SCHED_WIN_HOLIDAY], 12);
    /* Taken: regular d and e (f was cancelled); noon a, b; evening c;
     * Saturday g (a marriage: 2 places) and i; Sunday h (2 places). */
    CHECK_INT(w1->taken[SCHED_WIN_REGULAR], 2);
    CHECK_INT(w1->taken[SCHED_WIN_NOON], 2);
    CHECK_INT(w1->taken[SCHED_WIN_EVENING], 1);
    CHECK_INT(w1->taken[SCHED_WIN_SATURDAY], 3);
    CHECK_INT(w1->taken[SCHED_WIN_HOLIDAY], 2);
    /* Week of 9 March: regular 240 again; noon only Mon 3/9, 1 x 3 = 3;
     * no evening staff: 0; nobody on Saturday 3/14: 0; Sunday 3/15: 12. */
    CHECK_INT(w2->offered[SCHED_WIN_REGULAR], 240);
    CHECK_INT(w2->offered[SCHED_WIN_NOON], 3);
    CHECK_INT(w2->offered[SCHED_WIN_EVENING], 0);
    CHECK_INT(w2->offered[SCHED_WIN_SATURDAY], 0);
    CHECK_INT(w2->offered[SCHED_WIN_HOLIDAY], 12);
    /* j at noon; k's marriage on Saturday 3/14 holds 2 places though the
     * roster left that Saturday unstaffed (it was booked before). l is on
     * 16 March, outside. */
    CHECK_INT(w2->taken[SCHED_WIN_REGULAR], 0);
    CHECK_INT(w2->taken[SCHED_WIN_NOON], 1);
    CHECK_INT(w2->taken[SCHED_WIN_SATURDAY], 2);
    CHECK_INT(w2->taken[SCHED_WIN_HOLIDAY], 0);

    /* d did not come, e did; nothing lapses yet. */
    CHECK_INT(w1->no_shows, 1);
    CHECK_INT(w1->attended, 1);
    CHECK_INT(w1->lapses, 0);
    CHECK_INT(w2->no_shows, 0);
    CHECK_INT(w2->attended, 0);

    /* Noon and evening bookings against staff-days on those duties. */
    CHECK_INT(w1->booked[SVC_FIG_NOON], 2);
    CHECK_INT(w1->staff[SVC_FIG_NOON], 2);
    CHECK_INT(w1->booked[SVC_FIG_EVENING], 1);
    CHECK_INT(w1->staff[SVC_FIG_EVENING], 1);
    CHECK_INT(w2->booked[SVC_FIG_NOON], 1);
    CHECK_INT(w2->staff[SVC_FIG_NOON], 1);
    CHECK_INT(w2->booked[SVC_FIG_EVENING], 0);
    CHECK_INT(w2->staff[SVC_FIG_EVENING], 0);

    /* Channels: every booking not cancelled is a web one for now: 8 in
     * the first week (a b c d e g h i), 2 in the second (j k). */
    CHECK_INT(w1->channels[SVC_CHANNEL_WEB], 8);
    CHECK_INT(w2->channels[SVC_CHANNEL_WEB], 2);
    CHECK_INT(w1->channels[SVC_CHANNEL_PHONE], 0);

    /* Lead: 1 day b (noon), d e (regular), i (Saturday); 2-3 days a, j
     * (noon); 4-7 days c (evening), g k (Saturday); 26 days h (holiday). */
    CHECK_INT(fig->lead[SVC_LEAD_SAME_DAY][SCHED_WIN_REGULAR], 0);
    CHECK_INT(fig->lead[SVC_LEAD_1][SCHED_WIN_NOON], 1);
    CHECK_INT(fig->lead[SVC_LEAD_1][SCHED_WIN_REGULAR], 2);
    CHECK_INT(fig->lead[SVC_LEAD_1][SCHED_WIN_SATURDAY], 1);
    CHECK_INT(fig->lead[SVC_LEAD_2_3][SCHED_WIN_NOON], 2);
    CHECK_INT(fig->lead[SVC_LEAD_4_7][SCHED_WIN_EVENING], 1);
    CHECK_INT(fig->lead[SVC_LEAD_4_7][SCHED_WIN_SATURDAY], 2);
    CHECK_INT(fig->lead[SVC_LEAD_15_30][SCHED_WIN_HOLIDAY], 1);
    int total = 0;
    for (int x = 0; x < SVC_LEAD_COUNT; x++)
        for (int n = 0; n < SCHED_WIN_NAME_COUNT; n++)
            total += fig->lead[x][n];
    CHECK_INT(total, 10);

    /* Weddings in March: g and k on Saturdays (i is a name change), h on
     * a Sunday. */
    CHECK_INT(fig->months[0].year, 2026);
    CHECK_INT(fig->months[0].month, 3);
    CHECK_INT(fig->months[0].weddings[SVC_FIG_SATURDAY], 2);
    CHECK_INT(fig->months[0].weddings[SVC_FIG_HOLIDAY], 1);

    /* The flat rows: 2 weeks x 5 windows x 2 (fill), 2 x 3 (attendance),
     * 2 x 2 x 2 (demand), 8 x 5 (lead), 1 x 4 (weddings: saturday, holiday, effective_holiday,
     * designated), 2 x 4 (channels: web, phone, fax, counter). */
    struct row_count rc = {0};
    svc_figures_rows(fig, count_row, &rc);
    CHECK_INT(rc.rows, 20 + 6 + 8 + 40 + 4 + 8);
    CHECK_INT(rc.fill_noon_offered_week1, 6);
    CHECK_INT(rc.weddings_saturday_march, 2);
    svc_figures_free(fig);

    /* No figure reads the bookings of every office, nor the table itself:
     * each is one range of the index booking_figures (office, day, ...). */
    for (int which = 0; which < STORE_FIG_COUNT; which++) {
        char plan[2048];
        CHECK_INT(
            store_figures_plan(st, (enum store_figure)which, plan, sizeof plan, err, sizeof err),
            FH_OK);
        bool scans = strstr(plan, "SCAN booking") != NULL || strstr(plan, "SCAN TABLE booking");
        if (scans || strstr(plan, "USING COVERING INDEX booking_figures (office=?") == NULL) {
            printf("figure %d plan:\n%s", which, plan);
            check_failures++;
        }
    }

    /* A range outside the scheduler's reach is refused, not truncated. */
    CHECK_INT(svc_figures(s, office, first, first + 400, &fig, err, sizeof err), FH_EINVAL);

    svc_free(s);
    store_close(st);
    cfg_free(cfg);
    static const char *const suffixes[] = {"", "-wal", "-shm", ".key"};
    for (size_t x = 0; x < 4; x++) {
        char *p = fh_asprintf("%s%s", path, suffixes[x]);
        unlink(p);
        free(p);
    }
    rmdir(dir);
    free(path);
    return check_result();
}
