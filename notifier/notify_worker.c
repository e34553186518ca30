/* notify_worker.c: the outbox worker. It reads the messages that are due,
 * builds each from the booking as it is now (dropping one a later change has
 * made stale), sends the e-mails of a pass over one SMTP session and each
 * SMS through the gateway, and records the outcome: sent, retried later with
 * exponential backoff and jitter, or failed for good after the configured
 * attempts. With no SMTP server or SMS gateway configured, messages go to
 * the local outbox file instead. It runs in its own thread for `serve`, and
 * one pass at a time for `flexhours outbox send`. The thread also runs the
 * retention pass, which erases the personal data of bookings long over. */
#include "notifier/notify_internal.h"

#include "calendars/cal.h"
#include "common/fh_hash.h"
#include "store/store.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_BACKOFF_SECONDS 3600
#define RETENTION_EVERY     3600 /* seconds between two retention passes, at most */
/* Bookings one retention call erases at most: a backlog (a retention
 * shortened, a server long stopped) is erased a slice at a time between
 * the message passes, and a stop waits for one slice, not the backlog. */
#define RETENTION_SLICE 1024
#define SMTP_TIMEOUT_MS 15000
#define SMS_TIMEOUT_MS  10000

struct notify_worker {
    struct notify_worker_options opt;
    /* The configuration of the pass in progress (opt.cfg, or the one
     * opt.hold gave for it): one pass sees one configuration. */
    const struct fh_config *cfg;
    void *cfg_token;          /* what opt.release gets back */
    atomic_int poll_ms;       /* between two passes, as the last pass's configuration says */
    struct notify_smtp *smtp; /* NULL: e-mail goes to the outbox file */
    /* The day calendar in force, read once per pass by the first message
     * that needs it (duty times); freed at the end of the pass. */
    struct sched_calendar *pass_cal;
    pthread_t thread;
    bool running;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stop;
};

/* One message of a pass, from the outbox row to its outcome. */
struct item {
    struct store_message msg;
    struct store_booking booking;
    const struct sched_office *office;
    const struct cfg_staff *staff; /* for a message to a member of staff */
    char *text;                    /* the e-mail message or the SMS text; NULL when dropped */
    char *address;                 /* the recipient */
    struct notify_outcome outcome;
    bool dropped;
    bool quiet;                     /* an SMS come due in the quiet hours: held for the morning */
    struct store_offer offer;       /* a waitlist offer's message: the offer */
    struct store_draw_request draw; /* a draw's result: the request */
};

/* ---- building ------------------------------------------------------------- */

/* Messages about a person's duties rather than about a booking. */
static bool about_staff(const struct store_message *m)
{
    return m->kind == STORE_MSG_ROSTER_PUBLISHED || m->kind == STORE_MSG_ROSTER_CHANGED ||
           m->kind == STORE_MSG_DUTY_CLOSED;
}

/* Why a message is stale, or NULL: invites of an older SEQUENCE were
 * followed by newer ones; reminders are for confirmed bookings still ahead. */
static const char *stale(const struct item *it, int64_t now)
{
    const struct store_booking *b = &it->booking;
    /* A webhook tells what happened, whatever happened since, and holds
     * nobody's personal data: it is never stale. */
    if (it->msg.kind == STORE_MSG_WEBHOOK)
        return NULL;
    if (!about_staff(&it->msg) && b->erased_at != 0)
        return "the booking's personal data was erased";
    switch (it->msg.kind) {
    case STORE_MSG_PENDING:
    case STORE_MSG_CONFIRMED:
    case STORE_MSG_RESCHEDULED:
        return b->sequence != it->msg.sequence ? "superseded by a later change" : NULL;
    case STORE_MSG_REMINDER:
        if (b->status != STORE_CONFIRMED)
            return "the booking is no longer confirmed";
        if (fh_utc_from_local(b->start, sched_office_spec(it->office)->utc_offset) <= now)
            return "the booking has begun";
        return NULL;
    case STORE_MSG_DUTY_NEEDED:
        return b->status != STORE_PENDING ? "the booking is no longer pending" : NULL;
    case STORE_MSG_WAITLIST_OFFER:
        if (it->offer.status != STORE_OFFER_HELD)
            return "the offer is no longer held";
        return it->offer.expires_at <= now ? "the offer has expired" : NULL;
    case STORE_MSG_SURVEY:
        return b->status != STORE_COMPLETED ? "the booking is no longer complete" : NULL;
    case STORE_MSG_CANCELLED:
    case STORE_MSG_CLOSED:
    case STORE_MSG_DRAW_RESULT:
    case STORE_MSG_NO_SHOW_WARNING: /* tells what happened, whatever happened since */
    case STORE_MSG_DUTY_CLOSED:
    case STORE_MSG_ROSTER_PUBLISHED:
    case STORE_MSG_ROSTER_CHANGED:
    case STORE_MSG_WEBHOOK:
        return NULL;
    }
    return NULL;
}

static const char *sender(const struct notify_worker *w, const struct sched_office *office)
{
    return cfg_mail_sender(w->cfg, sched_office_spec(office));
}

/* The day calendar in force, read once per pass by the first message that
 * needs it. */
static const struct sched_calendar *pass_calendar(struct notify_worker *w, char *err, size_t errlen)
{
    if (w->pass_cal == NULL)
        w->pass_cal = store_calendar_build(w->opt.store, w->cfg->calendar, err, errlen);
    return w->pass_cal;
}

static fh_result build_email(struct notify_worker *w, struct item *it, int64_t now, char *err,
                             size_t errlen)
{
    const struct store_booking *b = &it->booking;
    const struct sched_office *office = it->office;
    const struct sched_office_spec *o = sched_office_spec(office);
    char key[STORE_TOKEN_LEN + 1], manage[512], rebook[512];
    store_link_key(w->opt.store, b->code, key);
    enum store_msg_kind kind = it->msg.kind;
    /* The survey's message links the survey, under the same key. */
    if (kind == STORE_MSG_SURVEY)
        cfg_url_survey(w->cfg, b->code, key, manage, sizeof manage);
    else
        cfg_url_manage(w->cfg, b->code, key, manage, sizeof manage);
    cfg_url_book(w->cfg, o->id, b->service, rebook, sizeof rebook);
    fh_wipe(key, sizeof key);

    /* A closure's message says why, in the manager's words. */
    const char *reason = NULL;
    if (kind == STORE_MSG_CLOSED) {
        const struct sched_calendar *cal = pass_calendar(w, err, errlen);
        if (cal == NULL)
            return FH_EDB;
        struct sched_day_info info;
        sched_day_info(office, cal, fh_day_of(b->start), &info);
        /* A booking a new government calendar left without a slot has no
         * closure: the day's name (a holiday's) says why instead. */
        reason = info.closure_reason != NULL ? info.closure_reason : info.name;
    }
    char *subject = notify_text_subject(office, b, kind);
    char *body = notify_text_body(office, b, kind, manage, rebook, reason);
    char *ics = NULL;
    int service = sched_office_service_index(office, b->service);
    bool invite = kind == STORE_MSG_CONFIRMED || kind == STORE_MSG_RESCHEDULED;
    bool cancel = kind == STORE_MSG_CANCELLED || kind == STORE_MSG_CLOSED;
    if ((invite || cancel) && service >= 0) {
        struct cal_booking_view view = {
            .code = b->code,
            .lang = b->lang,
            .state = cancel                       ? CAL_CANCELLED
                     : b->status == STORE_PENDING ? CAL_PENDING
                                                  : CAL_CONFIRMED,
            .sequence = it->msg.sequence,
            .start = b->start,
            .end = b->end,
            .person_name = b->name,
            .person_email = b->email,
            .service = service,
            .manage_url = cancel ? NULL : manage,
            .stamp = now,
            .organizer_email = sender(w, office),
        };
        ics = cal_invite(office, &view, cancel ? CAL_CANCEL : CAL_REQUEST,
                         w->cfg->notifier.reminders.email_at >= 0
                             ? w->cfg->notifier.reminders.email_at
                             : 19 * 60);
    }
    const char *from = sender(w, office);
    char *message_id = notify_message_id(store_msg_kind_name(kind), it->msg.id, from);
    struct notify_mail mail = {
        .from_name = strcmp(b->lang, "en") == 0 ? o->name_en : o->name_zh,
        .from_addr = from,
        .reply_to_addr = o->email,
        .to_name = b->name,
        .to_addr = b->email,
        .subject = subject,
        .text = body,
        .ics = ics,
        .date = now,
        .utc_offset = o->utc_offset,
        .message_id = message_id,
    };
    fh_result r = message_id == NULL
                      ? fh_fail(err, errlen, FH_EINVAL, "the sender address has no domain")
                      : notify_mime_build(&mail, &it->text, err, errlen);
    free(subject);
    free(body);
    free(ics);
    free(message_id);
    if (r == FH_OK)
        it->address = fh_strdup(b->email);
    return r;
}

/* The mail of a pass's other kinds: plain text, from the office. */
static fh_result build_plain(struct notify_worker *w, struct item *it, int64_t now,
                             const char *to_name, const char *to_addr, char *subject, char *body,
                             char *err, size_t errlen)
{
    const struct sched_office_spec *o = sched_office_spec(it->office);
    const char *from = sender(w, it->office);
    char *message_id = notify_message_id(store_msg_kind_name(it->msg.kind), it->msg.id, from);
    struct notify_mail mail = {
        .from_name = o->name_zh,
        .from_addr = from,
        .reply_to_addr = o->email,
        .to_name = to_name,
        .to_addr = to_addr,
        .subject = subject,
        .text = body,
        .date = now,
        .utc_offset = o->utc_offset,
        .message_id = message_id,
    };
    fh_result r = subject == NULL || body == NULL
                      ? fh_fail(err, errlen, FH_EINTERNAL, "the message text could not be made")
                  : message_id == NULL
                      ? fh_fail(err, errlen, FH_EINVAL, "the sender address has no domain")
                      : notify_mime_build(&mail, &it->text, err, errlen);
    free(subject);
    free(body);
    free(message_id);
    if (r == FH_OK)
        it->address = fh_strdup(to_addr);
    return r;
}

/* A person's duties of the month as they are now (published), with the
 * link of their duty feed. */
static fh_result build_roster(struct notify_worker *w, struct item *it, int64_t now, char *err,
                              size_t errlen)
{
    const struct sched_office_spec *o = sched_office_spec(it->office);
    const struct cfg_staff *s = it->staff;
    if (s->email == NULL)
        return fh_fail(err, errlen, FH_EINVAL, "the person has no e-mail address");
    int year = it->msg.month / 100, month = it->msg.month % 100;
    if (month < 1 || month > 12)
        return fh_fail(err, errlen, FH_EINVAL, "the message names no month");
    fh_day first = fh_day_from_ymd(year, month, 1);
    struct store_duty *duties;
    size_t n;
    fh_result r =
        store_duties_of(w->opt.store, o->id, s->id, first,
                        first + fh_days_in_month(year, month) - 1, &duties, &n, err, errlen);
    if (r != FH_OK)
        return r;
    const struct sched_calendar *cal = pass_calendar(w, err, errlen);
    if (cal == NULL) {
        free(duties);
        return FH_EDB;
    }
    struct notify_duty_line *lines = fh_calloc(n + 1, sizeof *lines);
    size_t shown = 0;
    for (size_t i = 0; i < n; i++) {
        struct notify_duty_line *l = &lines[shown];
        l->day = duties[i].day;
        l->duty = duties[i].duty;
        if (cal_duty_window(it->office, cal, l->day, l->duty, &l->start, &l->end))
            shown++;
    }
    free(duties);
    char key[STORE_TOKEN_LEN + 1];
    store_duty_feed_key(w->opt.store, o->id, s->id, key);
    char *feed = fh_asprintf("%s/api/v1/offices/%s/staff/%s/duties.ics?key=%s", w->cfg->public_url,
                             o->id, s->id, key);
    fh_wipe(key, sizeof key);
    bool changed = it->msg.kind == STORE_MSG_ROSTER_CHANGED;
    r = build_plain(w, it, now, s->name, s->email,
                    notify_text_roster_subject(it->office, "zh-TW", year, month, changed),
                    notify_text_roster_body(it->office, "zh-TW", s->name, year, month, changed,
                                            lines, shown, feed),
                    err, errlen);
    free(feed);
    free(lines);
    return r;
}

/* To a person on duty: the office closes that day. The reason is read
 * when it is sent; a day opened again meanwhile still gets it, since the
 * person may have changed plans on the news. */
static fh_result build_duty_closed(struct notify_worker *w, struct item *it, int64_t now, char *err,
                                   size_t errlen)
{
    const struct cfg_staff *s = it->staff;
    if (s->email == NULL)
        return fh_fail(err, errlen, FH_EINVAL, "the person has no e-mail address");
    const struct sched_calendar *cal = pass_calendar(w, err, errlen);
    if (cal == NULL)
        return FH_EDB;
    struct sched_day_info info;
    sched_day_info(it->office, cal, it->msg.day, &info);
    return build_plain(
        w, it, now, s->name, s->email, notify_text_duty_closed_subject(it->office, it->msg.day),
        notify_text_duty_closed_body(it->office, s->name, it->msg.day, info.closure_reason), err,
        errlen);
}

/* To the office: a holiday wedding waits for somebody on duty. */
static fh_result build_duty_needed(struct notify_worker *w, struct item *it, int64_t now, char *err,
                                   size_t errlen)
{
    const struct sched_office_spec *o = sched_office_spec(it->office);
    if (o->email == NULL)
        return fh_fail(err, errlen, FH_EINVAL, "the office has no e-mail address");
    /* Every link in a message opens a page; the managers' day board has
     * none yet (the JSON list needs a bearer token a mail client cannot
     * send), so the message names the booking code instead of linking. */
    return build_plain(w, it, now, o->name_zh, o->email,
                       notify_text_duty_needed_subject(it->office, &it->booking),
                       notify_text_duty_needed_body(it->office, &it->booking, NULL), err, errlen);
}

/* A place offered from the waitlist: its link holds the offer's token,
 * made again from the offer's code (the row keeps only its hash). */
static fh_result build_offer(struct notify_worker *w, struct item *it, int64_t now, char *err,
                             size_t errlen)
{
    char token[STORE_TOKEN_LEN + 1], url[512];
    store_offer_token(w->opt.store, it->offer.code, token);
    cfg_url_offer(w->cfg, token, url, sizeof url);
    fh_wipe(token, sizeof token);
    const struct store_booking *b = &it->booking;
    fh_minute expires =
        fh_local_from_utc(it->offer.expires_at, sched_office_spec(it->office)->utc_offset);
    if (it->msg.channel == STORE_EMAIL)
        return build_plain(w, it, now, b->name, b->email, notify_text_offer_subject(it->office, b),
                           notify_text_offer_body(it->office, b, expires, url), err, errlen);
    char *text = notify_text_offer_sms(it->office, b, expires);
    char link[520];
    snprintf(link, sizeof link, " %s", url);
    bool shortened;
    it->text = notify_sms_shorten(text, link, &shortened);
    free(text);
    if (it->text == NULL)
        return fh_fail(err, errlen, FH_EINVAL, "the SMS text is not UTF-8");
    it->address = fh_strdup(b->phone);
    return FH_OK;
}

/* A draw's result to a couple given no place: the link of their request's
 * page holds its token, made again from its number. */
static fh_result build_draw(struct notify_worker *w, struct item *it, int64_t now, char *err,
                            size_t errlen)
{
    char token[STORE_TOKEN_LEN + 1], url[512];
    store_draw_token(w->opt.store, it->draw.number, token);
    cfg_url_draw(w->cfg, it->draw.number, token, url, sizeof url);
    fh_wipe(token, sizeof token);
    const struct store_booking *b = &it->booking;
    bool waiting = it->draw.outcome == STORE_DRAW_WAITING;
    enum sched_refusal why = SCHED_OK;
    for (int r = 1; r < SCHED_REFUSAL_COUNT; r++)
        if (strcmp(sched_refusal_code((enum sched_refusal)r), it->draw.refusal) == 0)
            why = (enum sched_refusal)r;
    const char *refusal = why != SCHED_OK ? sched_refusal_message(why) : "";
    if (it->msg.channel == STORE_EMAIL)
        return build_plain(w, it, now, b->name, b->email, notify_text_draw_subject(it->office, b),
                           notify_text_draw_body(it->office, b, waiting, refusal, url), err,
                           errlen);
    char *text = notify_text_draw_sms(it->office, b, waiting);
    char link[520];
    snprintf(link, sizeof link, " %s", url);
    bool shortened;
    it->text = notify_sms_shorten(text, link, &shortened);
    free(text);
    if (it->text == NULL)
        return fh_fail(err, errlen, FH_EINVAL, "the SMS text is not UTF-8");
    it->address = fh_strdup(b->phone);
    return FH_OK;
}

/* The couple of a draw request as the message's booking: its number as the
 * code, the time asked for, their contact. */
static fh_result load_draw(struct notify_worker *w, struct item *it, char *err, size_t errlen)
{
    struct store_draw_request *q = &it->draw;
    fh_result r = store_draw_request_by_id(w->opt.store, it->msg.draw_request_id, q, err, errlen);
    if (r != FH_OK)
        return r;
    if (q->email[0] == '\0' && q->phone[0] == '\0')
        return fh_fail(err, errlen, FH_ENOTFOUND, "the request's contact is no longer kept");
    struct store_booking *b = &it->booking;
    memset(b, 0, sizeof *b);
    snprintf(b->code, sizeof b->code, "%s", q->number);
    snprintf(b->office, sizeof b->office, "%s", q->office);
    snprintf(b->service, sizeof b->service, "%s", q->service);
    b->start = q->start;
    snprintf(b->name, sizeof b->name, "%s", q->name);
    snprintf(b->phone, sizeof b->phone, "%s", q->phone);
    snprintf(b->email, sizeof b->email, "%s", q->email);
    snprintf(b->lang, sizeof b->lang, "%s", q->lang);
    return FH_OK;
}

/* The person and place of an offer as the message's booking: what the
 * texts of a booking read (name, language, contact, service, times). */
static fh_result load_offer(struct notify_worker *w, struct item *it, char *err, size_t errlen)
{
    struct store_wait_entry e;
    fh_result r =
        store_offer_for_message(w->opt.store, it->msg.offer_id, &it->offer, &e, err, errlen);
    if (r != FH_OK)
        return r;
    struct store_booking *b = &it->booking;
    memset(b, 0, sizeof *b);
    snprintf(b->code, sizeof b->code, "%s", it->offer.code);
    snprintf(b->office, sizeof b->office, "%s", it->offer.office);
    snprintf(b->service, sizeof b->service, "%s", it->offer.service);
    snprintf(b->window, sizeof b->window, "%s", it->offer.window);
    b->start = it->offer.start;
    b->end = it->offer.end;
    b->minutes = it->offer.minutes;
    snprintf(b->name, sizeof b->name, "%s", e.name);
    snprintf(b->phone, sizeof b->phone, "%s", e.phone);
    snprintf(b->email, sizeof b->email, "%s", e.email);
    snprintf(b->lang, sizeof b->lang, "%s", e.lang);
    fh_wipe(&e, sizeof e);
    return FH_OK;
}

static fh_result build(struct notify_worker *w, struct item *it, int64_t now, char *err,
                       size_t errlen)
{
    if (it->msg.kind == STORE_MSG_WAITLIST_OFFER)
        return build_offer(w, it, now, err, errlen);
    if (it->msg.kind == STORE_MSG_DRAW_RESULT)
        return build_draw(w, it, now, err, errlen);
    if (it->msg.kind == STORE_MSG_DUTY_CLOSED)
        return build_duty_closed(w, it, now, err, errlen);
    if (about_staff(&it->msg))
        return build_roster(w, it, now, err, errlen);
    if (it->msg.kind == STORE_MSG_DUTY_NEEDED)
        return build_duty_needed(w, it, now, err, errlen);
    if (it->msg.channel == STORE_EMAIL)
        return build_email(w, it, now, err, errlen);
    char *text = notify_text_sms(it->office, &it->booking, it->msg.kind);
    /* The page of the booking (or, when the office closed its day, the
     * booking flow of its service) ends every text but a cancellation's. */
    char link[512] = "";
    const struct store_booking *b = &it->booking;
    if (it->msg.kind == STORE_MSG_CLOSED) {
        link[0] = ' ';
        cfg_url_book(w->cfg, sched_office_spec(it->office)->id, b->service, link + 1,
                     sizeof link - 1);
    } else if (it->msg.kind != STORE_MSG_CANCELLED) {
        char key[STORE_TOKEN_LEN + 1];
        store_link_key(w->opt.store, b->code, key);
        link[0] = ' ';
        if (it->msg.kind == STORE_MSG_SURVEY)
            cfg_url_survey(w->cfg, b->code, key, link + 1, sizeof link - 1);
        else
            cfg_url_manage(w->cfg, b->code, key, link + 1, sizeof link - 1);
        fh_wipe(key, sizeof key);
    }
    bool shortened;
    it->text = notify_sms_shorten(text, link, &shortened);
    free(text);
    if (it->text == NULL)
        return fh_fail(err, errlen, FH_EINVAL, "the SMS text is not UTF-8");
    it->address = fh_strdup(it->booking.phone);
    return FH_OK;
}

/* ---- the local outbox file ------------------------------------------------------ */

/* Writes all of buf, through short writes and signals. */
static bool write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = EIO; /* nothing written, and no error said why */
            return false;
        }
        buf += n;
        len -= (size_t)n;
    }
    return true;
}

/* Makes a file's new name in its directory durable. */
static bool sync_directory_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash == NULL   ? fh_strdup(".")
                : slash == path ? fh_strdup("/")
                                : fh_strndup(path, (size_t)(slash - path));
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    free(dir);
    bool ok = fd >= 0 && fsync(fd) == 0;
    if (fd >= 0)
        close(fd);
    return ok;
}

/* Appends the pass's messages, whole, to the outbox file: the sink of a
 * service that has no SMTP server or SMS gateway yet, where the demo shows
 * what it would send. It holds the messages themselves (like a mailbox), so
 * mode 0600. One open, every message written, one fsync (the file's name
 * too when this made it), and only then are they all sent: a message is
 * recorded sent only once it is on the disk. When anything fails, none is:
 * all are retried, and those written before the failure may be in the file
 * twice after the retry, each with its outbox id (#N) as a resent e-mail
 * keeps its Message-ID. */
static void to_outbox_file(struct notify_worker *w, struct item **items, size_t n, int64_t now)
{
    if (n == 0)
        return;
    const char *path = w->opt.outbox_file;
    char stamp[32];
    struct tm tm;
    time_t t = (time_t)now;
    gmtime_r(&t, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    const char *failed = NULL;
    int saved = 0;
    bool created = access(path, F_OK) != 0 && errno == ENOENT;
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) {
        failed = "open";
        saved = errno;
    }
    for (size_t i = 0; i < n && failed == NULL; i++) {
        struct item *it = items[i];
        char *head = fh_asprintf("==== %s %s #%lld %s %s to %s\n", stamp,
                                 store_channel_name(it->msg.channel), (long long)it->msg.id,
                                 store_msg_kind_name(it->msg.kind),
                                 it->staff != NULL ? it->staff->id : it->booking.code, it->address);
        if (!write_all(fd, head, strlen(head)) || !write_all(fd, it->text, strlen(it->text)) ||
            !write_all(fd, "\n", 1)) {
            failed = "write";
            saved = errno;
        }
        free(head);
    }
    if (failed == NULL && fsync(fd) != 0) {
        failed = "fsync";
        saved = errno;
    }
    if (fd >= 0 && close(fd) != 0 && failed == NULL) {
        failed = "close";
        saved = errno;
    }
    if (failed == NULL && created && !sync_directory_of(path)) {
        failed = "fsync of its folder";
        saved = errno;
    }
    for (size_t i = 0; i < n; i++) {
        struct notify_outcome *o = &items[i]->outcome;
        o->status = failed == NULL ? NOTIFY_SENT : NOTIFY_RETRY;
        if (failed == NULL)
            snprintf(o->reason, sizeof o->reason, "%s", "written to the outbox file");
        else
            snprintf(o->reason, sizeof o->reason, "outbox file: %s: %s", failed, strerror(saved));
    }
    if (failed != NULL)
        fh_log(FH_LOG_ERROR, "outbox file: %s failed for a pass of %zu: %s", failed, n,
               strerror(saved));
}

/* ---- webhooks ---------------------------------------------------------------- */

/* POSTs the body written with the event to the endpoint it was queued for,
 * under an id derived from the outbox row, so that a resend (a retry, or a
 * pass cut short by a crash) carries the same id and the receiver can
 * drop the copy; the timestamp is the attempt's, as Standard Webhooks
 * signs it. */
static void send_webhook(struct notify_worker *w, struct item *it, int64_t now)
{
    const struct cfg_webhook *h = cfg_webhook_find(w->cfg, it->msg.office, it->msg.endpoint);
    if (h == NULL) {
        notify_outcome_set(&it->outcome, NOTIFY_FAILED, 0,
                           "the endpoint is no longer in the office's configuration");
        return;
    }
    char id[40];
    snprintf(id, sizeof id, "msg_flexhours_%lld", (long long)it->msg.id);
    notify_webhook_send(h->url, h->secret, h->secret_len, id, now, it->msg.payload, &it->outcome);
}

/* ---- a pass ----------------------------------------------------------------- */

static int64_t backoff(const struct notify_worker *w, int attempts)
{
    int64_t delay = w->cfg->notifier.retry_seconds;
    for (int i = 0; i < attempts && delay < MAX_BACKOFF_SECONDS; i++)
        delay *= 2;
    if (delay > MAX_BACKOFF_SECONDS)
        delay = MAX_BACKOFF_SECONDS;
    /* ±25 % jitter, so that messages failed together do not retry together;
     * never 0 (a retry_seconds of 1 would round to it), or a message that
     * failed would be due again in the same second, tried twice at once. */
    uint32_t r;
    fh_random_bytes(&r, sizeof r);
    int64_t wait = delay * 3 / 4 + (int64_t)(r % (uint32_t)(delay / 2 + 1));
    return wait > 0 ? wait : 1;
}

/* A server's or gateway's answer may quote the recipient ("550 <x@y>:
 * unknown user"): the reason kept in the outbox and the log names the
 * recipient instead. Every address-like word goes too. */
static void scrub_reason(struct item *it)
{
    char *reason = it->outcome.reason;
    const char *addr = it->address;
    size_t alen = addr != NULL ? strlen(addr) : 0;
    char *at;
    while (alen > 0 && (at = strstr(reason, addr)) != NULL) {
        static const char mark[] = "<recipient>";
        size_t tail = strlen(at + alen) + 1;
        if (alen >= strlen(mark)) {
            memcpy(at, mark, strlen(mark));
            memmove(at + strlen(mark), at + alen, tail);
        } else {
            at[0] = '?';
            memmove(at + 1, at + alen, tail);
        }
    }
    /* Any other word holding '@' (an address the server chose to quote). */
    for (char *p = reason; (p = strchr(p, '@')) != NULL;) {
        char *start = p, *end = p;
        while (start > reason && strchr(" <>()[]\"',;:", start[-1]) == NULL)
            start--;
        while (*end != '\0' && strchr(" <>()[]\"',;", *end) == NULL)
            end++;
        *start = '?';
        memmove(start + 1, end, strlen(end) + 1);
        p = start + 1;
    }
}

/* What the outbox should make of an item: finished, or queued again. */
static struct store_outbox_outcome outcome_of(struct notify_worker *w, struct item *it, int64_t now)
{
    struct store_outbox_outcome o = {it->msg.id, STORE_MSG_SENT, 0, NULL};
    scrub_reason(it);
    if (it->quiet) {
        int off = sched_office_spec(it->office)->utc_offset;
        o.status = STORE_MSG_QUEUED;
        o.error = it->outcome.reason;
        o.due_at = fh_utc_from_local(
            sched_sms_time(&w->cfg->notifier.reminders, fh_local_from_utc(now, off)), off);
    } else if (it->dropped) {
        o.status = STORE_MSG_DROPPED;
        o.error = it->outcome.reason;
    } else if (it->outcome.status == NOTIFY_SENT) {
        o.status = STORE_MSG_SENT;
    } else if (it->outcome.status == NOTIFY_FAILED ||
               it->msg.attempts + 1 >= w->cfg->notifier.max_attempts) {
        o.status = STORE_MSG_FAILED;
        o.error = it->outcome.reason;
        fh_log(FH_LOG_WARN, "outbox: message %lld (%s %s of %s) failed: %s", (long long)it->msg.id,
               store_msg_kind_name(it->msg.kind), store_channel_name(it->msg.channel), it->msg.code,
               it->outcome.reason);
    } else {
        o.status = STORE_MSG_QUEUED;
        o.error = it->outcome.reason;
        o.due_at = now + backoff(w, it->msg.attempts);
        if (it->msg.channel == STORE_SMS && it->office != NULL) {
            /* Quiet hours are kept in whole minutes: the retry's time is
             * rounded up to its minute, never down, or a wait of less than
             * a minute would make it due again at once (tried over and
             * over while a backlog drains). */
            int off = sched_office_spec(it->office)->utc_offset;
            o.due_at = fh_utc_from_local(
                sched_sms_time(&w->cfg->notifier.reminders, fh_local_from_utc(o.due_at + 59, off)),
                off);
        }
    }
    if (!it->quiet) {
        /* Waiting for the hours SMS may be sent in is no attempt. */
        static const enum fh_metric_send sends[] = {
            [STORE_MSG_QUEUED] = FH_METRIC_RETRY,
            [STORE_MSG_SENT] = FH_METRIC_SENT,
            [STORE_MSG_FAILED] = FH_METRIC_FAILED,
            [STORE_MSG_DROPPED] = FH_METRIC_DROPPED,
        };
        fh_metrics_send(it->msg.channel == STORE_SMS ? FH_METRIC_SMS : FH_METRIC_EMAIL,
                        sends[o.status]);
    }
    return o;
}

/* Takes the configuration in force for one pass (or the retention). */
static void pass_begin(struct notify_worker *w)
{
    w->cfg = w->opt.hold != NULL ? w->opt.hold(w->opt.hold_arg, &w->cfg_token) : w->opt.cfg;
    atomic_store(&w->poll_ms, w->cfg->notifier.poll_ms);
}

static void pass_end(struct notify_worker *w)
{
    if (w->opt.hold != NULL)
        w->opt.release(w->opt.hold_arg, w->cfg_token);
    w->cfg = w->opt.cfg;
    w->cfg_token = NULL;
}

static size_t pass(struct notify_worker *w, int64_t now)
{
    struct store_message *due;
    size_t n;
    char err[FH_ERR_LEN] = "";
    if (store_outbox_due(w->opt.store, now, w->opt.batch, &due, &n, err, sizeof err) != FH_OK) {
        fh_log(FH_LOG_ERROR, "outbox: %s", err);
        return 0;
    }
    struct item *items = fh_calloc(n, sizeof *items);
    struct notify_smtp_job *jobs = fh_calloc(n, sizeof *jobs);
    struct item **job_items = fh_calloc(n, sizeof *job_items);
    const char **rcpt = fh_calloc(n, sizeof *rcpt);
    struct item **file_items = fh_calloc(n, sizeof *file_items);
    size_t job_count = 0, file_count = 0;

    for (size_t i = 0; i < n; i++) {
        struct item *it = &items[i];
        it->msg = due[i];
        err[0] = '\0';
        if (about_staff(&it->msg)) {
            const struct cfg_roster *roster = cfg_office_roster(w->cfg, it->msg.office);
            int s = roster != NULL ? cfg_staff_index(roster, it->msg.staff) : -1;
            it->office = cfg_office(w->cfg, it->msg.office);
            if (s < 0 || it->office == NULL) {
                it->outcome.status = NOTIFY_FAILED;
                snprintf(it->outcome.reason, sizeof it->outcome.reason, "%s",
                         "the person is no longer on the office's staff");
                continue;
            }
            it->staff = &roster->staff[s];
        } else if (it->msg.kind == STORE_MSG_WAITLIST_OFFER) {
            if (load_offer(w, it, err, sizeof err) != FH_OK ||
                (it->office = cfg_office(w->cfg, it->offer.office)) == NULL) {
                it->outcome.status = NOTIFY_FAILED;
                snprintf(it->outcome.reason, sizeof it->outcome.reason, "%s",
                         err[0] ? err : "the offer's office is no longer served here");
                continue;
            }
        } else if (it->msg.kind == STORE_MSG_DRAW_RESULT) {
            if (load_draw(w, it, err, sizeof err) != FH_OK ||
                (it->office = cfg_office(w->cfg, it->draw.office)) == NULL) {
                it->outcome.status = NOTIFY_FAILED;
                snprintf(it->outcome.reason, sizeof it->outcome.reason, "%s",
                         err[0] ? err : "the request's office is no longer served here");
                continue;
            }
        } else if (store_booking_by_id(w->opt.store, it->msg.booking_id, &it->booking, err,
                                       sizeof err) != FH_OK ||
                   (it->office = cfg_office(w->cfg, it->booking.office)) == NULL) {
            it->outcome.status = NOTIFY_FAILED;
            snprintf(it->outcome.reason, sizeof it->outcome.reason, "%s",
                     err[0] ? err : "the booking's office is no longer served here");
            continue;
        }
        const char *why = stale(it, now);
        if (why != NULL) {
            it->dropped = true;
            snprintf(it->outcome.reason, sizeof it->outcome.reason, "%s", why);
            continue;
        }
        if (it->msg.channel == STORE_WEBHOOK) {
            send_webhook(w, it, now);
            continue;
        }
        /* No SMS in the quiet hours, however it came due (a manager's retry
         * at night as well as a reminder): it waits for the morning. */
        if (it->msg.channel == STORE_SMS) {
            int off = sched_office_spec(it->office)->utc_offset;
            fh_minute local = fh_local_from_utc(now, off);
            if (sched_sms_time(&w->cfg->notifier.reminders, local) != local) {
                it->quiet = true;
                snprintf(it->outcome.reason, sizeof it->outcome.reason, "%s",
                         "held for the morning: no SMS in the quiet hours");
                continue;
            }
        }
        fh_result built = build(w, it, now, err, sizeof err);
        if (built != FH_OK) {
            /* A store that failed to answer may answer next time; a message
             * that cannot be made never will. */
            it->outcome.status = built == FH_EDB ? NOTIFY_RETRY : NOTIFY_FAILED;
            snprintf(it->outcome.reason, sizeof it->outcome.reason, "%s", err);
            continue;
        }
        if (it->msg.channel == STORE_EMAIL && w->smtp != NULL) {
            rcpt[job_count] = it->address;
            jobs[job_count] = (struct notify_smtp_job){
                .recipients = &rcpt[job_count], .recipient_count = 1, .message = it->text};
            job_items[job_count++] = it;
        } else if (it->msg.channel == STORE_SMS && w->cfg->sms.provider != CFG_SMS_NONE) {
            notify_sms_send(&w->cfg->sms, SMS_TIMEOUT_MS, it->address, it->text, &it->outcome);
        } else {
            file_items[file_count++] = it;
        }
    }
    /* Every message for the outbox file under one fsync. */
    to_outbox_file(w, file_items, file_count, now);
    /* Every e-mail of the pass over one SMTP session. */
    if (job_count > 0) {
        notify_smtp_send(w->smtp, jobs, job_count);
        for (size_t j = 0; j < job_count; j++)
            job_items[j]->outcome = jobs[j].outcome;
    }
    struct store_outbox_outcome *outcomes = fh_calloc(n, sizeof *outcomes);
    for (size_t i = 0; i < n; i++)
        outcomes[i] = outcome_of(w, &items[i], now);
    err[0] = '\0';
    if (store_outbox_record(w->opt.store, outcomes, n, now, err, sizeof err) != FH_OK)
        fh_log(FH_LOG_ERROR, "outbox: recording a pass of %zu: %s", n, err);
    for (size_t i = 0; i < n; i++) {
        free(items[i].text);
        free(items[i].address);
        fh_wipe(&items[i].booking, sizeof items[i].booking);
    }
    sched_calendar_free(w->pass_cal);
    w->pass_cal = NULL;
    free(outcomes);
    free(items);
    free(jobs);
    free(job_items);
    free(rcpt);
    free(file_items);
    free(due);
    return n;
}

/* ---- retention --------------------------------------------------------------------- */

size_t notify_worker_pass(struct notify_worker *w, int64_t now)
{
    pass_begin(w);
    size_t n = pass(w, now);
    pass_end(w);
    return n;
}

size_t notify_worker_retention(struct notify_worker *w, int64_t now)
{
    size_t n = 0;
    char err[FH_ERR_LEN] = "";
    pass_begin(w);
    if (store_erase_expired(w->opt.store, now, w->cfg->retention_days, RETENTION_SLICE, &n, err,
                            sizeof err) != FH_OK)
        fh_log(FH_LOG_ERROR, "retention: %s", err);
    pass_end(w);
    return n;
}

/* ---- the thread ----------------------------------------------------------------- */

static void *run(void *arg)
{
    struct notify_worker *w = arg;
    int64_t next_retention = 0;
    pthread_mutex_lock(&w->lock);
    while (!w->stop) {
        pthread_mutex_unlock(&w->lock);
        /* At the start, then at most hourly (by the one clock: a pinned
         * clock runs it once). */
        int64_t now = fh_clock_now();
        bool more_to_erase = false;
        if (now >= next_retention) {
            more_to_erase = notify_worker_retention(w, now) >= RETENTION_SLICE;
            next_retention = more_to_erase ? now : now + RETENTION_EVERY;
        }
        /* Keep going while whole batches come back: a backlog drains at once. */
        while (notify_worker_pass(w, fh_clock_now()) == w->opt.batch && !w->stop)
            ;
        pthread_mutex_lock(&w->lock);
        if (w->stop)
            break;
        if (more_to_erase)
            continue; /* the next slice, after this pass */
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        int poll_ms = atomic_load(&w->poll_ms);
        long ns = until.tv_nsec + (long)poll_ms % 1000 * 1000000L;
        until.tv_sec += poll_ms / 1000 + ns / 1000000000L;
        until.tv_nsec = ns % 1000000000L;
        pthread_cond_timedwait(&w->wake, &w->lock, &until);
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

fh_result notify_worker_create(const struct notify_worker_options *opt, struct notify_worker **out,
                               char *err, size_t errlen)
{
    *out = NULL;
    struct notify_worker *w = fh_calloc(1, sizeof *w);
    w->opt = *opt;
    w->cfg = opt->cfg;
    atomic_init(&w->poll_ms, opt->cfg->notifier.poll_ms);
    if (w->opt.batch == 0)
        w->opt.batch = 500;
    /* The SMTP client is made once, from opt.cfg: a reload's SMTP server
     * takes effect at the next start. */
    if (opt->cfg->smtp.host != NULL) {
        struct notify_smtp_options so = {NULL, NULL, SMTP_TIMEOUT_MS};
        if (notify_smtp_create(&opt->cfg->smtp, &so, &w->smtp, err, errlen) != FH_OK) {
            free(w);
            return FH_EINVAL;
        }
    }
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->wake, NULL);
    *out = w;
    return FH_OK;
}

fh_result notify_worker_start(struct notify_worker *w, char *err, size_t errlen)
{
    if (pthread_create(&w->thread, NULL, run, w) != 0)
        return fh_fail(err, errlen, FH_EINTERNAL, "outbox: cannot start the worker thread");
    w->running = true;
    return FH_OK;
}

void notify_worker_wake(struct notify_worker *w)
{
    pthread_mutex_lock(&w->lock);
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
}

void notify_worker_free(struct notify_worker *w)
{
    if (w == NULL)
        return;
    if (w->running) {
        pthread_mutex_lock(&w->lock);
        w->stop = true;
        pthread_cond_signal(&w->wake);
        pthread_mutex_unlock(&w->lock);
        pthread_join(w->thread, NULL);
    }
    pthread_cond_destroy(&w->wake);
    pthread_mutex_destroy(&w->lock);
    notify_smtp_free(w->smtp);
    free(w);
}
