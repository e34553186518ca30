/* notify_text.c: what the messages say, in the booking's language: e-mail
 * subjects and bodies, and SMS texts, for each kind of message of the
 * outbox. Only booking codes, services, times and the office appear in an
 * SMS; the documents to bring go by e-mail. Also what staff are told of
 * their duties, and the office of a holiday wedding nobody is on duty for. */
#include "notifier/notify.h"

#include "calendars/cal.h"
#include "notifier/notify_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_MAX 4096

static const char *const weekdays_zh[] = {"", "一", "二", "三", "四", "五", "六", "日"};
static const char *const weekdays_en[] = {"", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

struct text {
    char buf[TEXT_MAX];
    size_t len;
};

static void add(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(struct text *t, const char *fmt, ...)
{
    if (t->len >= sizeof t->buf - 1)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(t->buf + t->len, sizeof t->buf - t->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        t->len = t->len + (size_t)n < sizeof t->buf ? t->len + (size_t)n : sizeof t->buf - 1;
}

static bool lang_en(const char *lang)
{
    return lang != NULL && strcmp(lang, "en") == 0;
}

static bool is_en(const struct store_booking *b)
{
    return lang_en(b->lang);
}

/* "2025-03-09（日）09:00–10:00" or "Sun 2025-03-09 09:00-10:00". */
static void span(fh_minute start, fh_minute end, bool en, char *out, size_t len)
{
    char date[FH_DATE_LEN], from[6], to[6];
    fh_day d = fh_day_of(start);
    fh_format_date(d, date);
    fh_format_hhmm(fh_minute_of_day(start), from);
    /* An end at midnight is 24:00 of the same day, not 00:00. */
    fh_format_hhmm(fh_minute_of_day(end - 1) + 1, to);
    if (en)
        snprintf(out, len, "%s %s %s-%s", weekdays_en[fh_weekday(d)], date, from, to);
    else
        snprintf(out, len, "%s（%s）%s–%s", date, weekdays_zh[fh_weekday(d)], from, to);
}

static void when(const struct store_booking *b, bool en, char *out, size_t len)
{
    span(b->start, b->end, en, out, len);
}

static const struct sched_service_spec *service_of(const struct sched_office *office,
                                                   const struct store_booking *b)
{
    int s = sched_office_service_index(office, b->service);
    return s >= 0 ? &sched_office_spec(office)->services[s] : NULL;
}

char *notify_text_subject(const struct sched_office *office, const struct store_booking *b,
                          enum store_msg_kind kind)
{
    const struct sched_office_spec *o = sched_office_spec(office);
    const struct sched_service_spec *s = service_of(office, b);
    bool en = is_en(b);
    char at[64];
    when(b, en, at, sizeof at);
    const char *service = s ? (en ? s->name_en : s->name_zh) : b->service;
    static const char *const zh[] = {
        [STORE_MSG_PENDING] = "已收到預約申請（待確認）",
        [STORE_MSG_CONFIRMED] = "預約確認",
        [STORE_MSG_RESCHEDULED] = "預約已改期",
        [STORE_MSG_CANCELLED] = "預約已取消",
        [STORE_MSG_CLOSED] = "因停止上班，預約已取消",
        [STORE_MSG_REMINDER] = "預約提醒",
        [STORE_MSG_NO_SHOW_WARNING] = "預約未到提醒",
        [STORE_MSG_SURVEY] = "感謝您的來訪，請填寫滿意度問卷",
    };
    static const char *const english[] = {
        [STORE_MSG_PENDING] = "Booking received, awaiting confirmation",
        [STORE_MSG_CONFIRMED] = "Booking confirmed",
        [STORE_MSG_RESCHEDULED] = "Booking moved",
        [STORE_MSG_CANCELLED] = "Booking cancelled",
        [STORE_MSG_CLOSED] = "Office closed: booking cancelled",
        [STORE_MSG_REMINDER] = "Reminder",
        [STORE_MSG_NO_SHOW_WARNING] = "You did not come to your booking",
        [STORE_MSG_SURVEY] = "Thank you for your visit: a short survey",
    };
    if (en)
        return fh_asprintf("%s: %s, %s | %s", english[kind], service, at, o->name_en);
    return fh_asprintf("%s：%s %s｜%s", zh[kind], service, at, o->name_zh);
}

/* What the office prepares for the visit (the booking's needs) and what
 * the counter checks (a resident's claim), on the messages about a visit to
 * come: the holder sees what was asked, and can change it by calling. */
static void visit_lines(struct text *t, const struct store_booking *b, bool en)
{
    const struct sched_needs *n = &b->needs;
    if (sched_needs_any(n)) {
        const char *sep = "";
        add(t, en ? "\r\nWe will prepare: " : "\r\n我們會預先準備：");
        if (n->wheelchair) {
            add(t, "%s", en ? "wheelchair access" : "輪椅通行");
            sep = en ? ", " : "、";
        }
        if (n->priority_counter) {
            add(t, "%s%s", sep, en ? "the priority counter" : "愛心櫃檯");
            sep = en ? ", " : "、";
        }
        if (n->interpreter != SCHED_INTERPRETER_NONE)
            add(t, en ? "%san interpreter (%s)" : "%s%s通譯", sep,
                sched_interpreter_name(n->interpreter, en));
        add(t, "\r\n");
    }
    if (b->resident)
        add(t, en ? "\r\nThis time is for residents of the district: bring your ID card, the "
                    "counter checks your household address.\r\n"
                  : "\r\n此時段只受理設籍本區的居民：請攜帶身分證，臨櫃時會核對戶籍地址。\r\n");
}

char *notify_text_body(const struct sched_office *office, const struct store_booking *b,
                       enum store_msg_kind kind, const char *manage_url, const char *rebook_url,
                       const char *closure_reason)
{
    const struct sched_office_spec *o = sched_office_spec(office);
    const struct sched_service_spec *s = service_of(office, b);
    bool en = is_en(b);
    struct text *t = fh_calloc(1, sizeof *t);
    char at[64];
    when(b, en, at, sizeof at);
    const char *where = en ? (o->address_en ? o->address_en : o->name_en)
                           : (o->address_zh ? o->address_zh : o->name_zh);
    const char *service = s ? (en ? s->name_en : s->name_zh) : b->service;
    /* A marriage filed ahead takes effect on its designated date, not on
     * the day of the visit: the message says which. A booking built field
     * by field (day 0, 1970) names none. */
    bool designated = b->effective_day != FH_NO_DAY && b->effective_day != 0;
    char effective[FH_DATE_LEN] = "";
    if (designated)
        fh_format_date(b->effective_day, effective);
    bool ahead = kind == STORE_MSG_CONFIRMED || kind == STORE_MSG_RESCHEDULED ||
                 kind == STORE_MSG_REMINDER || kind == STORE_MSG_PENDING;
    bool documents = s && s->document_count > 0 && ahead;

    if (en) {
        add(t, "Dear %s,\r\n\r\n", b->name);
        switch (kind) {
        case STORE_MSG_PENDING:
            add(t, "We have received your booking. The office confirms it before it "
                   "holds; you will receive a calendar invitation then.\r\n");
            break;
        case STORE_MSG_CONFIRMED:
            add(t, "Your booking is confirmed. The calendar invitation is attached.\r\n");
            break;
        case STORE_MSG_RESCHEDULED:
            add(t, "Your booking has moved to the time below. The calendar invitation "
                   "is updated.\r\n");
            break;
        case STORE_MSG_CANCELLED:
            add(t, "Your booking has been cancelled.\r\n");
            break;
        case STORE_MSG_CLOSED:
            add(t, "The office is closed on that day, so your booking has been cancelled.");
            if (closure_reason != NULL && closure_reason[0] != '\0')
                add(t, " The office says: %s", closure_reason);
            add(t, "\r\nWe are sorry. Please choose another time:\r\n%s\r\n",
                rebook_url ? rebook_url : "");
            break;
        case STORE_MSG_REMINDER:
            add(t, "This is a reminder of your booking tomorrow.\r\n");
            break;
        case STORE_MSG_NO_SHOW_WARNING:
            add(t,
                "You did not come to your booking below. After %d bookings missed within %d "
                "days, online booking at this office is suspended for %d days; one more will "
                "suspend it. If you cannot come, please cancel the booking beforehand.\r\n",
                o->no_show.count, o->no_show.within_days, o->no_show.suspend_days);
            break;
        case STORE_MSG_SURVEY:
            add(t,
                "Thank you for your visit. How was it? Three questions (1 to 5) and a comment "
                "if you like; it takes a minute, needs no sign-in, and does not ask who you "
                "are:\r\n%s\r\n",
                manage_url != NULL ? manage_url : "");
            break;
        case STORE_MSG_ROSTER_PUBLISHED:
        case STORE_MSG_ROSTER_CHANGED:
        case STORE_MSG_DUTY_NEEDED:
        case STORE_MSG_DUTY_CLOSED:
        case STORE_MSG_WEBHOOK:
        case STORE_MSG_WAITLIST_OFFER: /* see notify_text_offer_body() */
        case STORE_MSG_DRAW_RESULT:    /* see notify_text_draw_body() */
            break; /* not to a booking's holder: see notify_text_roster_body() */
        }
        add(t, "\r\nBooking code: %s\r\nService: %s\r\nWhen: %s\r\nWhere: %s\r\n", b->code, service,
            at, where);
        if (designated)
            add(t, "Marriage registration effective %s (designated date)\r\n", effective);
        if (documents) {
            add(t, "\r\nDocuments to bring (originals):\r\n");
            for (size_t i = 0; i < s->document_count; i++)
                add(t, "- %s\r\n", s->documents[i].en);
        }
        if (ahead)
            visit_lines(t, b, true);
        if (kind != STORE_MSG_CANCELLED && kind != STORE_MSG_CLOSED &&
            kind != STORE_MSG_NO_SHOW_WARNING && kind != STORE_MSG_SURVEY)
            add(t, "\r\nPlease arrive on time: more than 15 minutes late, the booking "
                   "lapses and you take a queue number.\r\n");
        if (manage_url != NULL && kind != STORE_MSG_CLOSED && kind != STORE_MSG_NO_SHOW_WARNING &&
            kind != STORE_MSG_SURVEY)
            add(t, "\r\nView, reschedule or cancel:\r\n%s\r\n", manage_url);
        add(t, "\r\n%s\r\n", o->name_en);
    } else {
        add(t, "%s 您好：\r\n\r\n", b->name);
        switch (kind) {
        case STORE_MSG_PENDING:
            add(t, "我們已收到您的預約申請，須經戶政事務所確認後才完成預約；確認後將寄送"
                   "行事曆邀請給您。\r\n");
            break;
        case STORE_MSG_CONFIRMED:
            add(t, "您的預約已確認，附件為行事曆邀請，可加入您的行事曆。\r\n");
            break;
        case STORE_MSG_RESCHEDULED:
            add(t, "您的預約已改至以下時間，行事曆邀請已更新。\r\n");
            break;
        case STORE_MSG_CANCELLED:
            add(t, "您的預約已取消。\r\n");
            break;
        case STORE_MSG_CLOSED:
            add(t, "因戶政事務所當日停止上班，您的預約已取消。");
            if (closure_reason != NULL && closure_reason[0] != '\0')
                add(t, "原因：%s", closure_reason);
            add(t, "\r\n造成不便，敬請見諒。請另選時段：\r\n%s\r\n", rebook_url ? rebook_url : "");
            break;
        case STORE_MSG_REMINDER:
            add(t, "提醒您明天的預約。\r\n");
            break;
        case STORE_MSG_NO_SHOW_WARNING:
            add(t,
                "您沒有前來以下的預約。%d 天內預約未到達 %d 次，本所的線上預約將暫停 %d 天；"
                "再未到一次即會暫停。如無法前來，請事先取消預約。\r\n",
                o->no_show.within_days, o->no_show.count, o->no_show.suspend_days);
            break;
        case STORE_MSG_SURVEY:
            add(t,
                "感謝您的來訪。請告訴我們這次的服務如何：三個問題（1 到 5 分），並可留下意見；"
                "約一分鐘，不必登入，也不會詢問您的身分：\r\n%s\r\n",
                manage_url != NULL ? manage_url : "");
            break;
        case STORE_MSG_ROSTER_PUBLISHED:
        case STORE_MSG_ROSTER_CHANGED:
        case STORE_MSG_DUTY_NEEDED:
        case STORE_MSG_DUTY_CLOSED:
        case STORE_MSG_WEBHOOK:
        case STORE_MSG_WAITLIST_OFFER: /* see notify_text_offer_body() */
        case STORE_MSG_DRAW_RESULT:    /* see notify_text_draw_body() */
            break; /* not to a booking's holder: see notify_text_roster_body() */
        }
        add(t, "\r\n預約代碼：%s\r\n服務項目：%s\r\n時間：%s\r\n地點：%s\r\n", b->code, service, at,
            where);
        if (designated)
            add(t, "結婚登記生效日：%s（指定日期）\r\n", effective);
        if (documents) {
            add(t, "\r\n應備證件（正本）：\r\n");
            for (size_t i = 0; i < s->document_count; i++)
                add(t, "・%s\r\n", s->documents[i].zh);
        }
        if (ahead)
            visit_lines(t, b, false);
        if (kind != STORE_MSG_CANCELLED && kind != STORE_MSG_CLOSED &&
            kind != STORE_MSG_NO_SHOW_WARNING && kind != STORE_MSG_SURVEY)
            add(t, "\r\n請準時報到；逾時 15 分鐘，預約自動取消，須現場抽號。\r\n");
        if (manage_url != NULL && kind != STORE_MSG_CLOSED && kind != STORE_MSG_NO_SHOW_WARNING &&
            kind != STORE_MSG_SURVEY)
            add(t, "\r\n查詢、改期或取消：\r\n%s\r\n", manage_url);
        add(t, "\r\n%s\r\n", o->name_zh);
    }
    char *out = fh_strdup(t->buf);
    free(t);
    return out;
}

char *notify_text_sms(const struct sched_office *office, const struct store_booking *b,
                      enum store_msg_kind kind)
{
    const struct sched_office_spec *o = sched_office_spec(office);
    const struct sched_service_spec *s = service_of(office, b);
    bool en = is_en(b);
    int y, m, d;
    fh_day day = fh_day_of(b->start);
    fh_day_to_ymd(day, &y, &m, &d);
    char hhmm[6];
    fh_format_hhmm(fh_minute_of_day(b->start), hhmm);
    const char *service = s ? (en ? s->name_en : s->name_zh) : b->service;
    /* The survey's text says thanks and leads to the link that follows. */
    if (kind == STORE_MSG_SURVEY && en)
        return fh_asprintf("%s: thank you for your visit (%s, %d/%d). How was it? A 1-minute "
                           "survey:",
                           o->name_en, service, m, d);
    if (kind == STORE_MSG_SURVEY)
        return fh_asprintf("【%s】感謝您%d/%d來辦理%s，請填1分鐘滿意度問卷：", o->name_zh, m, d,
                           service);
    if (en) {
        static const char *const what[] = {
            [STORE_MSG_PENDING] = "received, awaiting confirmation",
            [STORE_MSG_CONFIRMED] = "confirmed",
            [STORE_MSG_RESCHEDULED] = "moved to",
            [STORE_MSG_CANCELLED] = "cancelled",
            [STORE_MSG_CLOSED] = "cancelled, office closed; please rebook",
            [STORE_MSG_REMINDER] = "reminder",
            [STORE_MSG_NO_SHOW_WARNING] = "missed (one more suspends online booking)",
        };
        return fh_asprintf("%s: %s %s %s %d/%d %s, code %s", o->name_en, service, what[kind],
                           weekdays_en[fh_weekday(day)], m, d, hhmm, b->code);
    }
    static const char *const what[] = {
        [STORE_MSG_PENDING] = "已收到待確認",
        [STORE_MSG_CONFIRMED] = "已確認",
        [STORE_MSG_RESCHEDULED] = "已改至",
        [STORE_MSG_CANCELLED] = "已取消",
        [STORE_MSG_CLOSED] = "因停止上班已取消，請另選時段",
        [STORE_MSG_REMINDER] = "提醒",
        [STORE_MSG_NO_SHOW_WARNING] = "未到（再一次將暫停線上預約）",
    };
    return fh_asprintf("【%s】%s預約%s %d/%d（%s）%s 代碼%s", o->name_zh, service, what[kind], m, d,
                       weekdays_zh[fh_weekday(day)], hhmm, b->code);
}

/* ---- waitlist offers -------------------------------------------------------- */

/* The hold's end, "14:30" on the place's own day, else with its date. */
static void expiry_text(fh_minute expires, fh_minute start, bool en, char *out, size_t len)
{
    char hhmm[6];
    fh_format_hhmm(fh_minute_of_day(expires), hhmm);
    int y, m, d;
    fh_day_to_ymd(fh_day_of(expires), &y, &m, &d);
    if (fh_day_of(expires) == fh_day_of(start))
        snprintf(out, len, "%s", hhmm);
    else if (en)
        snprintf(out, len, "%d/%d %s", m, d, hhmm);
    else
        snprintf(out, len, "%d/%d %s", m, d, hhmm);
}

char *notify_text_offer_subject(const struct sched_office *office, const struct store_booking *b)
{
    const struct sched_office_spec *o = sched_office_spec(office);
    const struct sched_service_spec *s = service_of(office, b);
    bool en = is_en(b);
    char at[64];
    when(b, en, at, sizeof at);
    const char *service = s ? (en ? s->name_en : s->name_zh) : b->service;
    if (en)
        return fh_asprintf("A place for you from the waitlist: %s, %s | %s", service, at,
                           o->name_en);
    return fh_asprintf("候補名額通知：%s %s｜%s", service, at, o->name_zh);
}

char *notify_text_offer_body(const struct sched_office *office, const struct store_booking *b,
                             fh_minute expires, const char *offer_url)
{
    const struct sched_office_spec *o = sched_office_spec(office);
    const struct sched_service_spec *s = service_of(office, b);
    bool en = is_en(b);
    char at[64], until[32];
    when(b, en, at, sizeof at);
    expiry_text(expires, b->start, en, until, sizeof until);
    const char *service = s ? (en ? s->name_en : s->name_zh) : b->service;
    const char *where = en ? (o->address_en ? o->address_en : o->name_en)
                           : (o->address_zh ? o->address_zh : o->name_zh);
    if (en)
        return fh_asprintf(
            "Dear %s,\r\n\r\nA place you waited for is free, and it is held for you until "
            "%s. Accept it to book it; after that it passes to the next person waiting.\r\n"
            "\r\nService: %s\r\nWhen: %s\r\nWhere: %s\r\n\r\nAccept or decline:\r\n%s\r\n"
            "\r\n%s\r\n",
            b->name, until, service, at, where, offer_url, o->name_en);
    return fh_asprintf("%s 您好：\r\n\r\n您候補的時段有空位了，保留給您至 %s；請在此之前"
                       "接受以完成預約，逾時將依序讓給下一位候補者。\r\n\r\n服務項目：%s\r\n"
                       "時間：%s\r\n地點：%s\r\n\r\n接受或放棄：\r\n%s\r\n\r\n%s\r\n",
                       b->name, until, service, at, where, offer_url, o->name_zh);
}

char *notify_text_offer_sms(const struct sched_office *office, const struct store_booking *b,
                            fh_minute expires)
{
    const struct sched_office_spec *o = sched_office_spec(office);
    const struct sched_service_spec *s = service_of(office, b);
    bool en = is_en(b);
    int y, m, d;
    fh_day day = fh_day_of(b->start);
    fh_day_to_ymd(day, &y, &m, &d);
    char hhmm[6], until[32];
    fh_format_hhmm(fh_minute_of_day(b->start), hhmm);
    expiry_text(expires, b->start, en, until, sizeof until);
    const char *service = s ? (en ? s->name_en : s->name_zh) : b->service;
    if (en)
        return fh_asprintf("%s: waitlist place %s %s %d/%d %s held for you until %s", o->name_en,
                           service, weekdays_en[fh_weekday(day)], m, d, hhmm, until);
    return fh_asprintf("【%s】候補名額：%s %d/%d（%s）%s 保留至 %s", o->name_zh, service, m, d,
                       weekdays_zh[fh_weekday(day)], hhmm, until);
}

/* ---- staff duties ------------------------------------------------------------ */

static const char *const months_en[] = {"",        "January",  "February", "March",  "April",
                                        "May",     "June",     "July",     "August", "September",
                                        "October", "November", "December"};

/* Out-of-range months come from a caller's bug; a number still reads. */
static void month_text(int year, int month, bool en, char *out, size_t len)
{
    if (en && month >= 1 && month <= 12)
        snprintf(out, len, "%s %d", months_en[month], year);
    else if (en)
        snprintf(out, len, "%d-%02d", year, month);
    else
        snprintf(out, len, "%d年%d月", year, month);
}

char *notify_text_roster_subject(const struct sched_office *office, const char *lang, int year,
                                 int month, bool changed)
{
    const struct sched_office_spec *o = sched_office_spec(office);
    bool en = lang_en(lang);
    char ym[32];
    month_text(year, month, en, ym, sizeof ym);
    if (en)
        return fh_asprintf(changed ? "Duties changed: %s | %s" : "Your duties for %s | %s", ym,
                           o->name_en);
    return fh_asprintf(changed ? "值班異動：%s值班表｜%s" : "%s值班表｜%s", ym, o->name_zh);
}

char *notify_text_roster_body(const struct sched_office *office, const char *lang,
                              const char *staff_name, int year, int month, bool changed,
                              const struct notify_duty_line *duties, size_t count,
                              const char *feed_url)
{
    const struct sched_office_spec *o = sched_office_spec(office);
    bool en = lang_en(lang);
    bool named = staff_name != NULL && staff_name[0] != '\0';
    struct notify_buf t = {0};
    char ym[32];
    month_text(year, month, en, ym, sizeof ym);

    if (en) {
        if (named)
            notify_buf_printf(&t, "Dear %s,\r\n\r\n", staff_name);
        else
            notify_buf_adds(&t, "Hello,\r\n\r\n");
        if (changed)
            notify_buf_printf(&t,
                              "Your duties for %s have changed. These are all your duties "
                              "now; they replace the list sent before:\r\n\r\n",
                              ym);
        else
            notify_buf_printf(&t, "These are your duties for %s:\r\n\r\n", ym);
    } else {
        notify_buf_printf(&t, "%s%s您好：\r\n\r\n", named ? staff_name : "", named ? " " : "");
        if (changed)
            notify_buf_printf(&t,
                              "您%s的值班已有異動，以下是異動後的全部值班，請以此為準："
                              "\r\n\r\n",
                              ym);
        else
            notify_buf_printf(&t, "您%s的值班如下：\r\n\r\n", ym);
    }
    for (size_t i = 0; i < count; i++) {
        char at[64];
        span(duties[i].start, duties[i].end, en, at, sizeof at);
        notify_buf_printf(&t, en ? "- %s %s\r\n" : "・%s %s\r\n", at,
                          cal_duty_title(duties[i].duty, en ? "en" : "zh-TW"));
    }
    if (count == 0)
        notify_buf_adds(&t, en ? "- none\r\n" : "・本月沒有值班\r\n");
    notify_buf_printf(&t, "\r\n%s\r\n", en ? o->name_en : o->name_zh);
    if (feed_url != NULL)
        notify_buf_printf(&t,
                          en ? "\r\nSubscribe to your duty calendar; it follows every "
                               "change:\r\n%s\r\n"
                             : "\r\n訂閱值班行事曆，異動會自動更新：\r\n%s\r\n",
                          feed_url);
    return notify_buf_take(&t);
}

char *notify_text_duty_needed_subject(const struct sched_office *office,
                                      const struct store_booking *b)
{
    const struct sched_office_spec *o = sched_office_spec(office);
    char at[64];
    span(b->start, b->end, false, at, sizeof at);
    return fh_asprintf("%s待指派：%s 預約 %s｜%s", cal_duty_title(SCHED_DUTY_HOLIDAY, "zh-TW"), at,
                       b->code, o->name_zh);
}

char *notify_text_duty_needed_body(const struct sched_office *office, const struct store_booking *b,
                                   const char *day_url)
{
    const struct sched_office_spec *o = sched_office_spec(office);
    const struct sched_service_spec *s = service_of(office, b);
    struct notify_buf t = {0};
    char at_zh[64], at_en[64];
    span(b->start, b->end, false, at_zh, sizeof at_zh);
    span(b->start, b->end, true, at_en, sizeof at_en);

    notify_buf_printf(
        &t,
        "%s：\r\n\r\n下列假日結婚登記預約待確認，但當天沒有人排%s。"
        "確認此預約時，系統會依排班規則指派一位同仁值班（也可在確認時指定人選）。\r\n\r\n"
        "預約代碼：%s\r\n服務項目：%s\r\n時間：%s\r\n",
        o->name_zh, cal_duty_title(SCHED_DUTY_HOLIDAY, "zh-TW"), b->code,
        s ? s->name_zh : b->service, at_zh);
    if (day_url != NULL)
        notify_buf_printf(&t, "\r\n當天預約：\r\n%s\r\n", day_url);
    notify_buf_printf(&t,
                      "\r\n----\r\n%s:\r\n\r\nThe holiday wedding booking below is "
                      "pending, and nobody is on holiday wedding duty that day. Confirming it "
                      "puts someone on duty as the roster's rules allow (or name the "
                      "person when you confirm).\r\n\r\nBooking code: %s\r\nService: %s\r\n"
                      "When: %s\r\n",
                      o->name_en, b->code, s ? s->name_en : b->service, at_en);
    if (day_url != NULL)
        notify_buf_printf(&t, "\r\nThat day's bookings:\r\n%s\r\n", day_url);
    return notify_buf_take(&t);
}

/* ---- a closed day, to the staff on duty --------------------------------------- */

char *notify_text_duty_closed_subject(const struct sched_office *office, fh_day day)
{
    const struct sched_office_spec *o = sched_office_spec(office);
    int y, m, d;
    fh_day_to_ymd(day, &y, &m, &d);
    return fh_asprintf("停止上班：%d/%d（%s）值班取消｜Office closed %s %d/%d｜%s", m, d,
                       weekdays_zh[fh_weekday(day)], weekdays_en[fh_weekday(day)], m, d,
                       o->name_zh);
}

char *notify_text_duty_closed_body(const struct sched_office *office, const char *staff_name,
                                   fh_day day, const char *reason)
{
    const struct sched_office_spec *o = sched_office_spec(office);
    struct notify_buf t = {0};
    int y, m, d;
    fh_day_to_ymd(day, &y, &m, &d);
    bool named = staff_name != NULL && staff_name[0] != '\0';
    bool why = reason != NULL && reason[0] != '\0';
    notify_buf_printf(&t,
                      "%s%s\r\n\r\n%s%d年%d月%d日（%s）停止上班，您當天的值班取消，"
                      "請勿到班。",
                      named ? staff_name : "同仁", named ? " 您好：" : "您好：", o->name_zh, y, m,
                      d, weekdays_zh[fh_weekday(day)]);
    if (why)
        notify_buf_printf(&t, "原因：%s", reason);
    notify_buf_adds(&t, "\r\n當天的預約已取消，民眾已收到通知並可另選時段。\r\n");
    notify_buf_printf(&t,
                      "\r\n----\r\n%s%s\r\n\r\n%s is closed on %s %d/%d/%d: your duty that "
                      "day is off; please do not come in.",
                      named ? "Dear " : "Hello,", named ? staff_name : "", o->name_en,
                      weekdays_en[fh_weekday(day)], y, m, d);
    if (why)
        notify_buf_printf(&t, " The reason: %s", reason);
    notify_buf_adds(&t, "\r\nThe bookings of that day are cancelled; the people who made them "
                        "have been told and may choose another time.\r\n");
    notify_buf_printf(&t, "\r\n%s\r\n", o->name_zh);
    return notify_buf_take(&t);
}

/* ---- a draw's result ------------------------------------------------------------ */

/* What became of a couple's draw request that was given no place: waiting
 * (on the day's waitlist) or refused (why, in refusal's sentence). b holds
 * the request as a booking: its number as the code, the time asked for. */
char *notify_text_draw_subject(const struct sched_office *office, const struct store_booking *b)
{
    const struct sched_office_spec *o = sched_office_spec(office);
    bool en = is_en(b);
    int y, m, d;
    fh_day_to_ymd(fh_day_of(b->start), &y, &m, &d);
    if (en)
        return fh_asprintf("The draw for %d/%d/%d: request %s | %s", y, m, d, b->code, o->name_en);
    return fh_asprintf("%d/%d/%d 抽籤結果：申請編號 %s｜%s", y, m, d, b->code, o->name_zh);
}

char *notify_text_draw_body(const struct sched_office *office, const struct store_booking *b,
                            bool waiting, const char *refusal, const char *status_url)
{
    const struct sched_office_spec *o = sched_office_spec(office);
    const struct sched_service_spec *s = service_of(office, b);
    bool en = is_en(b);
    int y, m, d;
    fh_day_to_ymd(fh_day_of(b->start), &y, &m, &d);
    const char *service = s ? (en ? s->name_en : s->name_zh) : b->service;
    if (en)
        return fh_asprintf(
            "Dear %s,\r\n\r\nThe draw for %s on %d/%d/%d has been held. Your request %s was "
            "not given a place. %s\r\n\r\nThe draw's seed is now published with the order of "
            "every request, so that anyone can check it (flexhours draw verify).\r\n\r\n"
            "Your request and the draw:\r\n%s\r\n\r\n%s\r\n",
            b->name, service, y, m, d, b->code,
            waiting ? "You are on the waitlist for that day, in the order of the draw: if a "
                      "place frees up, it is offered to you by a message like this one."
                    : refusal,
            status_url, o->name_en);
    return fh_asprintf(
        "%s 您好：\r\n\r\n%d/%d/%d %s的抽籤已完成，您的申請（編號 %s）未抽中。"
        "%s\r\n\r\n抽籤的種子碼已公布，並列出每一件申請的順序，任何人都可以驗證"
        "（flexhours draw verify）。\r\n\r\n您的申請與抽籤結果：\r\n%s\r\n\r\n%s\r\n",
        b->name, y, m, d, service, b->code,
        waiting ? "您已依抽籤順序列入當日的候補名單；如有名額釋出，"
                  "我們會以同樣的方式通知您。"
                : refusal,
        status_url, o->name_zh);
}

char *notify_text_draw_sms(const struct sched_office *office, const struct store_booking *b,
                           bool waiting)
{
    const struct sched_office_spec *o = sched_office_spec(office);
    bool en = is_en(b);
    int y, m, d;
    fh_day_to_ymd(fh_day_of(b->start), &y, &m, &d);
    if (en)
        return fh_asprintf("%s: draw for %d/%d, request %s not drawn%s", o->name_en, m, d, b->code,
                           waiting ? "; you are on the waitlist" : "");
    return fh_asprintf("【%s】%d/%d 抽籤：申請 %s 未抽中%s", o->name_zh, m, d, b->code,
                       waiting ? "，已列入候補" : "");
}
