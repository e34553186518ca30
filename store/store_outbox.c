/* store_outbox.c: the outbox. Messages are queued by the same transaction
 * as the booking change that causes them, so a change is never acknowledged
 * without its messages, nor a message sent about a change that was rolled
 * back; the worker that sends them reads and ends rows here. */
#include "store/store_internal.h"
#include "validate/val.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {
    [STORE_MSG_PENDING] = "pending",
    [STORE_MSG_CONFIRMED] = "confirmed",
    [STORE_MSG_RESCHEDULED] = "rescheduled",
    [STORE_MSG_CANCELLED] = "cancelled",
    [STORE_MSG_CLOSED] = "closed",
    [STORE_MSG_REMINDER] = "reminder",
    [STORE_MSG_ROSTER_PUBLISHED] = "roster_published",
    [STORE_MSG_ROSTER_CHANGED] = "roster_changed",
    [STORE_MSG_DUTY_NEEDED] = "duty_needed",
    [STORE_MSG_DUTY_CLOSED] = "duty_closed",
    [STORE_MSG_WEBHOOK] = "webhook",
    [STORE_MSG_NO_SHOW_WARNING] = "no_show_warning",
    [STORE_MSG_WAITLIST_OFFER] = "waitlist_offer",
    [STORE_MSG_SURVEY] = "survey",
    [STORE_MSG_DRAW_RESULT] = "draw_result",
};
static const char *const channel_names[] = {
    [STORE_EMAIL] = "email", [STORE_SMS] = "sms", [STORE_WEBHOOK] = "webhook"};
static const char *const msg_status_names[] = {
    [STORE_MSG_QUEUED] = "queued",
    [STORE_MSG_SENT] = "sent",
    [STORE_MSG_FAILED] = "failed",
    [STORE_MSG_DROPPED] = "dropped",
};

#define NAME_OF(table, v)                                                                          \
    ((unsigned)(v) < sizeof(table) / sizeof(table)[0] ? (table)[v] : "unknown")

const char *store_msg_kind_name(enum store_msg_kind k)
{
    return NAME_OF(kind_names, k);
}

const char *store_channel_name(enum store_channel c)
{
    return NAME_OF(channel_names, c);
}

const char *store_msg_status_name(enum store_msg_status s)
{
    return NAME_OF(msg_status_names, s);
}

static int parse_name(const char *const *names, size_t n, const unsigned char *text)
{
    for (size_t i = 0; text != NULL && i < n; i++)
        if (strcmp((const char *)text, names[i]) == 0)
            return (int)i;
    return 0;
}

void store_set_reminders(struct store *st, const struct sched_reminders *r)
{
    /* Read inside write transactions only: the write lock keeps a reload
     * from changing them under one. */
    pthread_mutex_lock(&st->write_lock);
    st->reminders = *r;
    pthread_mutex_unlock(&st->write_lock);
}

void store_set_webhooks(struct store *st, const struct store_webhook *hooks, size_t n)
{
    pthread_mutex_lock(&st->write_lock); /* as for the reminders */
    for (size_t i = 0; i < st->hook_count; i++) {
        free(st->hooks[i].office);
        free(st->hooks[i].url);
    }
    free(st->hooks);
    st->hooks = n > 0 ? fh_calloc(n, sizeof *st->hooks) : NULL;
    for (size_t i = 0; i < n; i++) {
        st->hooks[i].office = fh_strdup(hooks[i].office);
        st->hooks[i].url = fh_strdup(hooks[i].url);
        st->hooks[i].events = hooks[i].events;
    }
    st->hook_count = n;
    pthread_mutex_unlock(&st->write_lock);
}

/* A local minute as RFC 3339 with the office's offset, and a UTC second as
 * RFC 3339 "Z". */
static void rfc3339_local(fh_minute m, int utc_offset, char out[64])
{
    int y, mo, d;
    fh_day_to_ymd(fh_day_of(m), &y, &mo, &d);
    int mins = (int)(m - (fh_minute)fh_day_of(m) * 1440);
    int off = utc_offset < 0 ? -utc_offset : utc_offset;
    snprintf(out, 64, "%04d-%02d-%02dT%02d:%02d:00%c%02d:%02d", y, mo, d, mins / 60, mins % 60,
             utc_offset < 0 ? '-' : '+', off / 60, off % 60);
}

static void rfc3339_utc(int64_t t, char out[64])
{
    int64_t day = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    int secs = (int)(t - day * 86400);
    int y, mo, d;
    fh_day_to_ymd((fh_day)day, &y, &mo, &d);
    snprintf(out, 64, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, secs / 3600, secs / 60 % 60,
             secs % 60);
}

/* The body of a webhook: what happened and to which booking, never who
 * holds it (no name, national ID, phone or e-mail). */
static fh_result event_payload(const struct store_booking *b, int utc_offset,
                               enum sched_event event, int64_t now_utc, char *out, size_t len,
                               char *err, size_t errlen)
{
    char stamp[64], start[64], end[64], code[64], office[160], service[160], window[96];
    rfc3339_utc(now_utc, stamp);
    rfc3339_local(b->start, utc_offset, start);
    rfc3339_local(b->end, utc_offset, end);
    store_json_string(code, sizeof code, b->code);
    store_json_string(office, sizeof office, b->office);
    store_json_string(service, sizeof service, b->service);
    store_json_string(window, sizeof window, b->window);
    int n = snprintf(out, len,
                     "{\"type\":\"%s\",\"timestamp\":\"%s\",\"data\":{\"code\":%s,\"office\":%s,"
                     "\"service\":%s,\"start\":\"%s\",\"end\":\"%s\",\"window\":%s,"
                     "\"status\":\"%s\",\"channel\":\"%s\"}}",
                     sched_event_name(event), stamp, code, office, service, start, end, window,
                     store_status_name(b->status), store_booking_channel_name(b->channel));
    if (n < 0 || (size_t)n >= len)
        return fh_fail(err, errlen, FH_EINTERNAL, "store: a webhook body too long");
    return FH_OK;
}

fh_result store_outbox_on_event(struct store *st, const struct store_booking *b, int utc_offset,
                                enum sched_event event, int64_t now_utc, char *err, size_t errlen)
{
    char body[sizeof((struct store_message *)0)->payload];
    bool built = false;
    for (size_t i = 0; i < st->hook_count; i++) {
        const struct store_webhook *h = &st->hooks[i];
        if (strcmp(h->office, b->office) != 0 || (h->events & (1u << event)) == 0)
            continue;
        fh_result r;
        if (!built && (r = event_payload(b, utc_offset, event, now_utc, body, sizeof body, err,
                                         errlen)) != FH_OK)
            return r;
        built = true;
        struct store_conn *c = &st->writer;
        sqlite3_stmt *s = store_stmt(c, STORE_ST_OUTBOX_INSERT_HOOK, err, errlen);
        if (s == NULL)
            return FH_EDB;
        sqlite3_bind_int64(s, 1, b->id);
        sqlite3_bind_text(s, 2, b->office, -1, SQLITE_STATIC);
        sqlite3_bind_int(s, 3, b->sequence);
        sqlite3_bind_int64(s, 4, now_utc);
        sqlite3_bind_text(s, 5, sched_event_name(event), -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 6, h->url, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 7, body, -1, SQLITE_STATIC);
        if ((r = store_step_done(c, s, "queue webhook", err, errlen)) != FH_OK)
            return r;
    }
    return FH_OK;
}

/* ---- queueing, inside the booking transactions ---------------------------------- */

static fh_result insert(struct store *st, const struct store_booking *b, enum store_msg_kind kind,
                        enum store_channel channel, int64_t due, int64_t now_utc, char *err,
                        size_t errlen)
{
    struct store_conn *c = &st->writer;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_OUTBOX_INSERT, err, errlen);
    if (s == NULL)
        return FH_EDB;
    sqlite3_bind_int64(s, 1, b->id);
    sqlite3_bind_text(s, 2, kind_names[kind], -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, channel_names[channel], -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 4, b->sequence);
    sqlite3_bind_int64(s, 5, due);
    sqlite3_bind_int64(s, 6, now_utc);
    return store_step_done(c, s, "queue message", err, errlen);
}

/* Queues kind on every channel the booking has, e-mail at when, an SMS at
 * the first time after when outside the quiet hours (all office-local). */
static fh_result queue_both(struct store *st, const struct store_booking *b, int utc_offset,
                            enum store_msg_kind kind, fh_minute when, fh_minute sms_when,
                            int64_t now_utc, char *err, size_t errlen)
{
    fh_result r = FH_OK;
    if (b->email[0] != '\0' && when != SCHED_NEVER)
        r = insert(st, b, kind, STORE_EMAIL, fh_utc_from_local(when, utc_offset), now_utc, err,
                   errlen);
    /* A landline (a booking taken by phone or fax) takes no text message. */
    if (r == FH_OK && val_phone_is_mobile(b->phone) && sms_when != SCHED_NEVER)
        r = insert(st, b, kind, STORE_SMS,
                   fh_utc_from_local(sched_sms_time(&st->reminders, sms_when), utc_offset), now_utc,
                   err, errlen);
    return r;
}

fh_result store_outbox_on_change(struct store *st, const struct store_booking *b, int utc_offset,
                                 enum store_msg_kind kind, fh_minute now, char *err, size_t errlen)
{
    int64_t now_utc = fh_utc_from_local(now, utc_offset);
    fh_result r = FH_OK;
    if (kind != STORE_MSG_NONE &&
        (r = queue_both(st, b, utc_offset, kind, now, now, now_utc, err, errlen)) != FH_OK)
        return r;

    bool moved_or_over = kind == STORE_MSG_RESCHEDULED || b->status != STORE_CONFIRMED;
    if (moved_or_over) {
        sqlite3_stmt *s = store_stmt(&st->writer, STORE_ST_OUTBOX_DROP_REMINDERS, err, errlen);
        if (s == NULL)
            return FH_EDB;
        sqlite3_bind_int64(s, 1, b->id);
        if ((r = store_step_done(&st->writer, s, "drop reminders", err, errlen)) != FH_OK)
            return r;
    }
    if (b->status == STORE_CONFIRMED &&
        (kind == STORE_MSG_CONFIRMED || kind == STORE_MSG_RESCHEDULED)) {
        fh_minute email_at, sms_at;
        sched_reminder_times(&st->reminders, b->start, now, &email_at, &sms_at);
        r = queue_both(st, b, utc_offset, STORE_MSG_REMINDER, email_at, sms_at, now_utc, err,
                       errlen);
    }
    return r;
}

fh_result store_outbox_queue_about(struct store *st, int64_t booking_id, const char *office,
                                   const char *staff, int month, int kind, int sequence,
                                   int64_t now_utc, char *err, size_t errlen)
{
    struct store_conn *c = &st->writer;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_OUTBOX_INSERT_ABOUT, err, errlen);
    if (s == NULL)
        return FH_EDB;
    if (booking_id > 0)
        sqlite3_bind_int64(s, 1, booking_id);
    sqlite3_bind_text(s, 2, office, -1, SQLITE_STATIC);
    if (staff != NULL)
        sqlite3_bind_text(s, 3, staff, -1, SQLITE_STATIC);
    if (month > 0)
        sqlite3_bind_int(s, 4, month);
    sqlite3_bind_text(s, 5, store_msg_kind_name((enum store_msg_kind)kind), -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 6, sequence);
    sqlite3_bind_int64(s, 7, now_utc);
    return store_step_done(c, s, "queue message", err, errlen);
}

fh_result store_outbox_queue_day(struct store *st, const char *office, const char *staff,
                                 fh_day day, int kind, int64_t now_utc, char *err, size_t errlen)
{
    struct store_conn *c = &st->writer;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_OUTBOX_INSERT_DAY, err, errlen);
    if (s == NULL)
        return FH_EDB;
    int y, m, d;
    fh_day_to_ymd(day, &y, &m, &d);
    sqlite3_bind_text(s, 1, office, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, staff, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 3, y * 100 + m);
    sqlite3_bind_int(s, 4, day);
    sqlite3_bind_text(s, 5, store_msg_kind_name((enum store_msg_kind)kind), -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 6, now_utc);
    return store_step_done(c, s, "queue message", err, errlen);
}

/* ---- the worker's side ---------------------------------------------------------- */

static void message_from_row(sqlite3_stmt *s, struct store_message *m)
{
    memset(m, 0, sizeof *m);
    m->id = sqlite3_column_int64(s, 0);
    m->booking_id = sqlite3_column_int64(s, 1);
    const unsigned char *code = sqlite3_column_text(s, 2);
    snprintf(m->code, sizeof m->code, "%s", code != NULL ? (const char *)code : "");
    m->kind = (enum store_msg_kind)parse_name(kind_names, sizeof kind_names / sizeof *kind_names,
                                              sqlite3_column_text(s, 3));
    m->channel = (enum store_channel)parse_name(
        channel_names, sizeof channel_names / sizeof *channel_names, sqlite3_column_text(s, 4));
    m->sequence = sqlite3_column_int(s, 5);
    m->status = (enum store_msg_status)parse_name(
        msg_status_names, sizeof msg_status_names / sizeof *msg_status_names,
        sqlite3_column_text(s, 6));
    m->attempts = sqlite3_column_int(s, 7);
    m->due_at = sqlite3_column_int64(s, 8);
    m->created_at = sqlite3_column_int64(s, 9);
    m->sent_at = sqlite3_column_int64(s, 10);
    snprintf(m->last_error, sizeof m->last_error, "%s", (const char *)sqlite3_column_text(s, 11));
    snprintf(m->office, sizeof m->office, "%s", (const char *)sqlite3_column_text(s, 12));
    snprintf(m->staff, sizeof m->staff, "%s", (const char *)sqlite3_column_text(s, 13));
    m->month = sqlite3_column_int(s, 14);
    m->day = (fh_day)sqlite3_column_int(s, 15);
    m->event = sched_event_parse((const char *)sqlite3_column_text(s, 16));
    snprintf(m->endpoint, sizeof m->endpoint, "%s", (const char *)sqlite3_column_text(s, 17));
    snprintf(m->payload, sizeof m->payload, "%s", (const char *)sqlite3_column_text(s, 18));
    /* A waitlist offer's message keeps the offer's id as its sequence. */
    m->offer_id = m->kind == STORE_MSG_WAITLIST_OFFER ? sqlite3_column_int64(s, 5) : 0;
    /* A draw's result keeps the request's id as its sequence. */
    m->draw_request_id = m->kind == STORE_MSG_DRAW_RESULT ? sqlite3_column_int64(s, 5) : 0;
}

static fh_result read_messages(struct store *st, enum store_stmt_id id, int64_t a,
                               const char *status, size_t max, struct store_message **out,
                               size_t *count, char *err, size_t errlen)
{
    *out = NULL;
    *count = 0;
    struct store_conn *c = store_read_begin(st, err, errlen);
    if (c == NULL)
        return FH_EDB;
    sqlite3_stmt *s = store_stmt(c, id, err, errlen);
    fh_result r = FH_EDB;
    if (s != NULL) {
        size_t cap = 0;
        if (id == STORE_ST_OUTBOX_LIST) {
            if (status != NULL)
                sqlite3_bind_text(s, 1, status, -1, SQLITE_STATIC);
        } else {
            sqlite3_bind_int64(s, 1, a);
        }
        sqlite3_bind_int64(s, 2, (sqlite3_int64)max);
        int rc;
        while ((rc = store_step(s)) == SQLITE_ROW) {
            *out = fh_grow(*out, sizeof **out, &cap, *count + 1);
            message_from_row(s, &(*out)[(*count)++]);
        }
        r = rc == SQLITE_DONE ? FH_OK : store_db_fail(c->db, rc, "read outbox", err, errlen);
        store_stmt_release(s);
    }
    store_read_end(st, c);
    if (r != FH_OK) {
        free(*out);
        *out = NULL;
        *count = 0;
    }
    return r;
}

fh_result store_outbox_due(struct store *st, int64_t now, size_t max, struct store_message **out,
                           size_t *count, char *err, size_t errlen)
{
    return read_messages(st, STORE_ST_OUTBOX_DUE, now, NULL, max, out, count, err, errlen);
}

fh_result store_outbox_list(struct store *st, int status, size_t max, struct store_message **out,
                            size_t *count, char *err, size_t errlen)
{
    const char *name = status >= 0 ? store_msg_status_name((enum store_msg_status)status) : NULL;
    return read_messages(st, STORE_ST_OUTBOX_LIST, 0, name, max, out, count, err, errlen);
}

/* Runs one UPDATE of the outbox in its own transaction; FH_ENOTFOUND when it
 * changed no row. */
/* by: who asked, for an audited change (a retry a manager asked for); NULL
 * for the worker's own bookkeeping. */
static fh_result update_one(struct store *st, enum store_stmt_id id, int64_t row, int64_t a,
                            const char *text, const char *text2, int64_t b, const char *by,
                            char *err, size_t errlen)
{
    fh_result r = store_write_begin(st, err, errlen);
    if (r != FH_OK)
        return r;
    struct store_conn *c = &st->writer;
    sqlite3_stmt *s = store_stmt(c, id, err, errlen);
    if (s == NULL) {
        store_write_rollback(st);
        return FH_EDB;
    }
    sqlite3_bind_int64(s, 1, row);
    switch (id) {
    case STORE_ST_OUTBOX_FINISH:
        sqlite3_bind_text(s, 2, text, -1, SQLITE_STATIC);
        if (text2 != NULL)
            sqlite3_bind_text(s, 3, text2, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 4, b);
        break;
    case STORE_ST_OUTBOX_RETRY:
        sqlite3_bind_int64(s, 2, a);
        if (text != NULL)
            sqlite3_bind_text(s, 3, text, -1, SQLITE_STATIC);
        break;
    default:
        sqlite3_bind_int64(s, 2, a);
        break;
    }
    r = store_step_done(c, s, "update outbox", err, errlen);
    if (r == FH_OK && sqlite3_changes(c->db) == 0)
        r = fh_fail(err, errlen, FH_ENOTFOUND, "no such queued message");
    if (r == FH_OK && by != NULL) {
        char target[32];
        snprintf(target, sizeof target, "message:%lld", (long long)row);
        r = store_audit_write(st,
                              &(struct store_audit_entry){by, "message-retry", NULL, target,
                                                          "{\"status\":\"failed\"}",
                                                          "{\"status\":\"queued\"}", a},
                              err, errlen);
    }
    if (r == FH_OK)
        return store_write_commit(st, err, errlen);
    store_write_rollback(st);
    return r;
}

fh_result store_outbox_record(struct store *st, const struct store_outbox_outcome *outcomes,
                              size_t count, int64_t now, char *err, size_t errlen)
{
    if (count == 0)
        return FH_OK;
    fh_result r = store_write_begin(st, err, errlen);
    if (r != FH_OK)
        return r;
    struct store_conn *c = &st->writer;
    for (size_t i = 0; i < count && r == FH_OK; i++) {
        const struct store_outbox_outcome *o = &outcomes[i];
        bool retry = o->status == STORE_MSG_QUEUED;
        sqlite3_stmt *s =
            store_stmt(c, retry ? STORE_ST_OUTBOX_RETRY : STORE_ST_OUTBOX_FINISH, err, errlen);
        if (s == NULL) {
            r = FH_EDB;
            break;
        }
        sqlite3_bind_int64(s, 1, o->id);
        if (retry) {
            sqlite3_bind_int64(s, 2, o->due_at);
            if (o->error != NULL)
                sqlite3_bind_text(s, 3, o->error, -1, SQLITE_STATIC);
        } else {
            sqlite3_bind_text(s, 2, store_msg_status_name(o->status), -1, SQLITE_STATIC);
            if (o->error != NULL)
                sqlite3_bind_text(s, 3, o->error, -1, SQLITE_STATIC);
            sqlite3_bind_int64(s, 4, now);
        }
        r = store_step_done(c, s, "record outbox outcome", err, errlen);
    }
    if (r == FH_OK)
        return store_write_commit(st, err, errlen);
    store_write_rollback(st);
    return r;
}

fh_result store_outbox_finish(struct store *st, int64_t id, enum store_msg_status status,
                              const char *error, int64_t now, char *err, size_t errlen)
{
    if (status == STORE_MSG_QUEUED)
        return fh_fail(err, errlen, FH_EINVAL,
                       "store: a message is finished as sent, "
                       "failed or dropped");
    return update_one(st, STORE_ST_OUTBOX_FINISH, id, 0, store_msg_status_name(status), error, now,
                      NULL, err, errlen);
}

fh_result store_outbox_retry_at(struct store *st, int64_t id, int64_t due_at, const char *error,
                                char *err, size_t errlen)
{
    return update_one(st, STORE_ST_OUTBOX_RETRY, id, due_at, error, NULL, 0, NULL, err, errlen);
}

fh_result store_outbox_get(struct store *st, int64_t id, struct store_message *out, char *err,
                           size_t errlen)
{
    struct store_message *m;
    size_t n;
    fh_result r = read_messages(st, STORE_ST_OUTBOX_GET, id, NULL, 1, &m, &n, err, errlen);
    if (r != FH_OK)
        return r;
    if (n == 0)
        r = fh_fail(err, errlen, FH_ENOTFOUND, "no message %lld", (long long)id);
    else
        *out = m[0];
    free(m);
    return r;
}

fh_result store_outbox_requeue(struct store *st, int64_t id, const char *by, int64_t now, char *err,
                               size_t errlen)
{
    fh_result r = update_one(st, STORE_ST_OUTBOX_REQUEUE, id, now, NULL, NULL, 0,
                             by != NULL ? by : "system", err, errlen);
    if (r == FH_ENOTFOUND) {
        struct store_message *m;
        size_t n;
        err[0] = '\0';
        if (read_messages(st, STORE_ST_OUTBOX_GET, id, NULL, 1, &m, &n, err, errlen) == FH_OK) {
            r = n == 0 ? fh_fail(err, errlen, FH_ENOTFOUND, "no message %lld", (long long)id)
                       : fh_fail(err, errlen, FH_ECONFLICT, "message %lld is %s, not failed",
                                 (long long)id, store_msg_status_name(m[0].status));
            free(m);
        }
    }
    return r;
}

fh_result store_outbox_depth(struct store *st, long queued[2], long failed[2], char *err,
                             size_t errlen)
{
    queued[STORE_EMAIL] = queued[STORE_SMS] = failed[STORE_EMAIL] = failed[STORE_SMS] = 0;
    struct store_conn *c = store_read_begin(st, err, errlen);
    if (c == NULL)
        return FH_EDB;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_OUTBOX_DEPTH, err, errlen);
    fh_result r = FH_EDB;
    if (s != NULL) {
        int rc;
        while ((rc = store_step(s)) == SQLITE_ROW) {
            int channel = parse_name(channel_names, sizeof channel_names / sizeof *channel_names,
                                     sqlite3_column_text(s, 1));
            const char *status = (const char *)sqlite3_column_text(s, 0);
            long *to = strcmp(status, "queued") == 0 ? queued : failed;
            to[channel] += (long)sqlite3_column_int64(s, 2);
        }
        r = rc == SQLITE_DONE ? FH_OK : store_db_fail(c->db, rc, "outbox depth", err, errlen);
        store_stmt_release(s);
    }
    store_read_end(st, c);
    return r;
}
