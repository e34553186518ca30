/* svc_bookings.c: the booking operations both faces call: the fields of a
 * request checked in the order a form shows them, a booking stored (on the
 * writer's thread) and what follows it, a move and a cancellation, and how
 * a booking looks in an invite. The scheduler decides admission; the store
 * makes it atomic and durable. */
#include "svc/svc_internal.h"

#include "calendars/cal.h"
#include "common/fh_hash.h"

#include <stdio.h>
#include <string.h>

static size_t fault(struct svc_field_error *errors, size_t max, size_t n, const char *field,
                    const char *why)
{
    if (n < max)
        errors[n] = (struct svc_field_error){field, why};
    return n + 1;
}

const char *svc_parse_start(const struct sched_office *office, const char *s, fh_minute *out)
{
    int64_t utc;
    const char *why = s == NULL ? "missing" : fh_parse_rfc3339(s, &utc);
    /* A slot starts on a whole second; "12:00:00.5" names no slot. */
    if (why == NULL && strchr(s, '.') != NULL)
        why = "no fractions of a second";
    if (why == NULL && utc % 60 != 0)
        why = "slots start on a whole minute";
    if (why == NULL)
        *out = fh_local_from_utc(utc, sched_office_spec(office)->utc_offset);
    return why;
}

size_t svc_booking_check(const struct fh_config *cfg, const struct svc_booking_input *in,
                         struct svc_booking_request *out, struct svc_field_error *errors,
                         size_t max)
{
    size_t n = 0;
    const char *why;
    memset(out, 0, sizeof *out);
    out->service = -1;
    out->lang = "zh-TW";
    out->effective_day = FH_NO_DAY;

    /* Where and when come first: without an office neither the service nor
     * the start can be read. */
    if (in->office == NULL)
        return fault(errors, max, n, "office", "missing");
    if ((out->office = cfg_office(cfg, in->office)) == NULL)
        return fault(errors, max, n, "office", "no such office");
    if (in->service == NULL)
        n = fault(errors, max, n, "service", "missing");
    else if ((out->service = sched_office_service_index(out->office, in->service)) < 0)
        n = fault(errors, max, n, "service", "not a service of this office");
    if ((why = svc_parse_start(out->office, in->start, &out->start)) != NULL)
        n = fault(errors, max, n, "start", why);

    if ((why = val_name(in->name)) != NULL)
        n = fault(errors, max, n, "name", why);
    out->name = in->name;
    why = in->national_id ? val_national_id(in->national_id, out->national_id) : "missing";
    if (why != NULL)
        n = fault(errors, max, n, "national_id", why);
    /* Staff taking a booking from a call or a fax may write down a
     * landline; a citizen gives a mobile, which can take text messages. */
    bool staff = in->by != NULL;
    if (in->phone != NULL) {
        why = staff ? val_any_phone(in->phone, out->phone, NULL) : val_phone(in->phone, out->phone);
        if (why != NULL)
            n = fault(errors, max, n, "phone", why);
    }
    if (in->email != NULL && (why = val_email(in->email)) != NULL)
        n = fault(errors, max, n, "email", why);
    out->email = in->email;
    if (in->phone == NULL && in->email == NULL)
        n = fault(errors, max, n, "phone",
                  staff ? "give a phone number (a landline will do) or an e-mail address"
                        : "give a mobile number or an e-mail address");
    if (in->lang != NULL && (why = val_lang(in->lang, &out->lang)) != NULL)
        n = fault(errors, max, n, "lang", why);
    out->channel = STORE_CHANNEL_WEB;
    if (in->channel != NULL && store_booking_channel_parse(in->channel, &out->channel) != FH_OK)
        n = fault(errors, max, n, "channel", "must be phone, fax, counter or web");
    else if (!staff && out->channel != STORE_CHANNEL_WEB)
        n = fault(errors, max, n, "channel",
                  "only staff booking for a citizen say how it came (a citizen's is web)");
    if (staff)
        snprintf(out->by, sizeof out->by, "%s", in->by);
    out->resident = in->resident;
    out->needs.wheelchair = in->wheelchair;
    out->needs.priority_counter = in->priority_counter;
    if (in->interpreter != NULL && in->interpreter[0] != '\0' &&
        !sched_interpreter_parse(in->interpreter, &out->needs.interpreter))
        n = fault(errors, max, n, "needs.interpreter",
                  "must be hak, tsl, en, vi, id or th (Hakka, Taiwanese Sign Language, English, "
                  "Vietnamese, Indonesian, Thai)");

    /* A couple is one booking of two people: the partner is named with
     * both fields, and is somebody else. */
    bool couple =
        out->service >= 0 && sched_office_spec(out->office)->services[out->service].couple;
    bool partner = in->partner_name != NULL || in->partner_national_id != NULL;
    if (partner && out->service >= 0 && !couple) {
        n = fault(errors, max, n, in->partner_name ? "partner_name" : "partner_national_id",
                  "only a service made by a couple takes a partner");
    } else if (partner || (couple && in->partner_required)) {
        if ((why = val_name(in->partner_name)) != NULL)
            n = fault(errors, max, n, "partner_name", why);
        out->partner_name = in->partner_name;
        why = in->partner_national_id
                  ? val_national_id(in->partner_national_id, out->partner_national_id)
                  : "missing";
        if (why == NULL && strcmp(out->partner_national_id, out->national_id) == 0)
            why = "the same as the first person's";
        if (why != NULL)
            n = fault(errors, max, n, "partner_national_id", why);
    }
    /* The span of office days is the scheduler's, at admission; here only
     * the field's form, and that a couple's service takes it. */
    if (in->effective_date != NULL) {
        if ((why = fh_parse_date(in->effective_date, &out->effective_day)) != NULL)
            n = fault(errors, max, n, "effective_date", why);
        else if (out->service >= 0 && !couple)
            n = fault(errors, max, n, "effective_date",
                      "only a marriage (a couple's service) takes an effective date");
    }
    return n;
}

void svc_booking_request_wipe(struct svc_booking_request *req)
{
    fh_wipe(req->national_id, sizeof req->national_id);
    fh_wipe(req->partner_national_id, sizeof req->partner_national_id);
}

struct store_new_booking svc_new_booking(const struct svc_booking_request *req)
{
    const struct sched_office_spec *o = sched_office_spec(req->office);
    return (struct store_new_booking){
        .office = o->id,
        .service = o->services[req->service].id,
        .start = req->start,
        .name = req->name,
        .national_id = req->national_id,
        .phone = req->phone[0] ? req->phone : NULL,
        .email = req->email,
        .lang = req->lang,
        .resident = req->resident,
        .needs = req->needs,
        .partner_name = req->partner_national_id[0] ? req->partner_name : NULL,
        .partner_national_id = req->partner_national_id[0] ? req->partner_national_id : NULL,
        .channel = req->channel,
        .by = req->by[0] ? req->by : NULL,
        .designated = req->effective_day != FH_NO_DAY,
        .effective_day = req->effective_day,
    };
}

fh_result svc_booking_create(struct svc *s, const struct svc_booking_request *req,
                             const char *idempotency_key, const uint8_t body_sha256[32],
                             store_reply_fn reply, void *reply_arg, struct store_create_result *out,
                             char *err, size_t errlen)
{
    struct store_new_booking nb = svc_new_booking(req);
    const struct sched_calendar *cal = svc_calendar_hold(s);
    fh_result r =
        store_booking_create(s->store, req->office, cal, &nb, svc_now(req->office), idempotency_key,
                             body_sha256, reply, reply_arg, out, err, errlen);
    svc_calendar_release(s);
    svc_metrics_booking(r, out);
    if (r == FH_OK && !out->replayed) {
        fh_day day = fh_day_of(out->booking.start);
        svc_changed_days(s, req->office, day, day);
        svc_booking_taken(s, req->office, &out->booking);
    }
    return r;
}

const struct sched_office *svc_booking_office(const struct svc *s, const struct store_booking *b)
{
    return cfg_office(s->cfg, b->office);
}

fh_result svc_booking_cancel(struct svc *s, const struct sched_office *office, const char *code,
                             const char *token, struct store_booking *out, char *err, size_t errlen)
{
    fh_result r = store_booking_cancel(s->store, code, token, svc_now(office), out, err, errlen);
    if (r == FH_OK) {
        fh_day day = fh_day_of(out->start);
        svc_changed_days(s, svc_booking_office(s, out), day, day);
        /* The place freed goes to the first person waiting for it. */
        svc_waitlist_pass(s, office);
    }
    return r;
}

fh_result svc_booking_move(struct svc *s, const struct sched_office *office, const char *code,
                           const char *token, fh_minute start, struct store_booking *out,
                           enum sched_refusal *refusal, char *err, size_t errlen)
{
    *refusal = SCHED_OK;
    svc_change_begin(s);
    /* The day it leaves gets a place back. Read under the change lock,
     * which every change of a booking's start takes: still its day when the
     * move is stored. Unknown (a wrong code, a store error), the move fails
     * the same way, or the whole office is marked. */
    struct store_booking before;
    bool known = store_booking_get(s->store, code, NULL, &before, err, errlen) == FH_OK;
    fh_day left = known ? fh_day_of(before.start) : 0;
    const struct sched_office *left_office = known ? svc_booking_office(s, &before) : NULL;
    fh_wipe(&before, sizeof before);
    err[0] = '\0';
    const struct sched_calendar *cal = svc_calendar_hold(s);
    fh_result r = store_booking_reschedule(s->store, office, cal, code, token, start,
                                           svc_now(office), out, refusal, err, errlen);
    svc_calendar_release(s);
    if (r == FH_OK) {
        fh_day day = fh_day_of(out->start);
        svc_changed_days(s, office, day, day);
        if (known)
            svc_changed_days(s, left_office, left, left);
        else
            svc_changed_office(s, office);
    }
    svc_change_end(s);
    if (r == FH_OK) {
        /* Moved onto a holiday with nobody on duty, it waits for one too. */
        svc_booking_taken(s, office, out);
        /* The place it left goes to the first person waiting for it. */
        svc_waitlist_pass(s, office);
    }
    return r;
}

fh_result svc_holiday_duty_staffed(struct svc *s, const char *office, fh_day day, bool *has,
                                   char *err, size_t errlen)
{
    struct store_roster stored;
    int year, month, mday;
    *has = false;
    fh_day_to_ymd(day, &year, &month, &mday);
    fh_result r = store_roster_get(s->store, office, year, month, &stored, err, errlen);
    if (r != FH_OK)
        return r;
    for (size_t i = 0; i < stored.count; i++)
        if (stored.duties[i].day == day && stored.duties[i].duty == SCHED_DUTY_HOLIDAY)
            *has = true;
    store_roster_free(&stored);
    return FH_OK;
}

void svc_booking_taken(struct svc *s, const struct sched_office *office,
                       const struct store_booking *b)
{
    const char *id = sched_office_spec(office)->id;
    const struct cfg_roster *roster = cfg_office_roster(s->cfg, id);
    /* An office without configured staff does not roster its duties. */
    if (b->status != STORE_PENDING || strcmp(b->window, sched_window_name_str(SCHED_WIN_HOLIDAY)) ||
        roster == NULL || roster->staff_count == 0)
        return;
    bool has;
    char err[FH_ERR_LEN] = "";
    fh_result r = svc_holiday_duty_staffed(s, id, fh_day_of(b->start), &has, err, sizeof err);
    if (r == FH_OK && !has)
        r = store_duty_needed(s->store, b->id, id, fh_clock_now(), err, sizeof err);
    if (r != FH_OK)
        fh_log(FH_LOG_ERROR, "holiday duty: %s", err);
}

void svc_booking_view(struct svc *s, const struct sched_office *office,
                      const struct store_booking *b, struct cal_booking_view *view,
                      char url[SVC_URL_LEN])
{
    char key[STORE_TOKEN_LEN + 1];
    store_link_key(s->store, b->code, key);
    cfg_url_manage(s->cfg, b->code, key, url, SVC_URL_LEN);
    fh_wipe(key, sizeof key);
    *view = (struct cal_booking_view){
        .code = b->code,
        .lang = b->lang,
        .state = b->status == STORE_CANCELLED ? CAL_CANCELLED
                 : b->status == STORE_PENDING ? CAL_PENDING
                                              : CAL_CONFIRMED,
        .sequence = b->sequence,
        .start = b->start,
        .end = b->end,
        .person_name = b->name,
        .person_email = b->email[0] ? b->email : NULL,
        .service = sched_office_service_index(office, b->service),
        .manage_url = url,
        .designated = b->effective_day != FH_NO_DAY,
        .effective_day = b->effective_day,
        .stamp = b->updated_at,
        .organizer_email = cfg_mail_sender(s->cfg, sched_office_spec(office)),
    };
}

bool svc_refusal_is_about_start(enum sched_refusal r)
{
    switch (r) {
    case SCHED_NOT_A_SLOT:
    case SCHED_DAY_CLOSED:
    case SCHED_WINDOW_SUSPENDED:
    case SCHED_IN_PAST:
    case SCHED_NOT_YET_OPEN:
    case SCHED_NOT_YET_RELEASED:
    case SCHED_CUTOFF_PASSED:
    case SCHED_SLOT_FULL:
        return true;
    default:
        return false;
    }
}

bool svc_refusal_is_conflict(enum sched_refusal r)
{
    return r == SCHED_SLOT_FULL || r == SCHED_DUPLICATE_BOOKING || r == SCHED_DAILY_LIMIT ||
           r == SCHED_SUSPENDED;
}

const char *svc_refusal_message(enum sched_refusal r, bool partner)
{
    if (partner && r == SCHED_DUPLICATE_BOOKING)
        return "Your partner already holds an active booking for this service.";
    if (partner && r == SCHED_DAILY_LIMIT)
        return "Your partner already holds a booking on that day.";
    if (partner && r == SCHED_SUSPENDED)
        return "Your partner's online booking is suspended at this office because of bookings "
               "they did not come to.";
    return sched_refusal_message(r);
}

enum sched_effective svc_effective_check(struct svc *s, const struct sched_office *office,
                                         int service, fh_minute start, fh_day effective)
{
    const struct sched_calendar *cal = svc_calendar_hold(s);
    enum sched_effective e = sched_effective_check(office, cal, service, start, effective);
    svc_calendar_release(s);
    return e;
}

fh_minute svc_booking_opens(struct svc *s, const struct sched_office *office, int service,
                            fh_minute start)
{
    const struct sched_calendar *cal = svc_calendar_hold(s);
    fh_minute opens = sched_opens_at(office, cal, service, start);
    svc_calendar_release(s);
    return opens;
}
