/* notify.h: how a notification leaves the building. Builds RFC 5322/MIME
 * e-mail (with an iMIP invite when given one), sends a batch of e-mails over
 * one SMTP session (libesmtp) and one SMS through Kannel or a generic HTTP
 * provider (libcurl). Every send reports, per message, sent / retry later /
 * failed for good, with a reason that never holds a person's address, phone
 * or name. Only notifier/ includes libesmtp, OpenSSL and libcurl. */
#ifndef NOTIFY_H
#define NOTIFY_H

#include "common/fh.h"
#include "config/cfg.h"
#include "store/store.h"

/* Once per process, before any thread starts: ignores SIGPIPE (libesmtp and
 * libcurl write to sockets that peers may close) and initialises libcurl and
 * libesmtp's SASL client. notify_global_cleanup() undoes the libraries. */
fh_result notify_global_init(char *err, size_t errlen);
void notify_global_cleanup(void);

/* ---- what a send came to -------------------------------------------------- */

enum notify_status {
    NOTIFY_SENT,   /* the peer took responsibility for the message */
    NOTIFY_RETRY,  /* temporary: try again later (4xx, 5xx HTTP, timeout, refused) */
    NOTIFY_FAILED, /* permanent: retrying the same message cannot succeed */
};

#define NOTIFY_REASON_LEN 160

struct notify_outcome {
    enum notify_status status;
    int code; /* the SMTP reply code or HTTP status that decided; 0 when no peer answered */
    /* The peer's reply text or a local reason, one line. Anything that looks
     * like an e-mail address is replaced by "<address>", so it can be logged. */
    char reason[NOTIFY_REASON_LEN];
};

const char *notify_status_name(enum notify_status s); /* "sent", "retry", "failed" */

/* ---- e-mail messages (notify_mime.c) -------------------------------------- */

/* A message in plain data; every text is UTF-8 and borrowed. */
struct notify_mail {
    const char *from_name; /* the office, e.g. "臺中市南區戶政事務所"; may be NULL */
    const char *from_addr; /* the sender (also the invite's ORGANIZER) */
    const char *to_name;   /* may be NULL */
    const char *to_addr;
    const char *subject;
    const char *text; /* the body, LF or CRLF line ends */
    /* NULL, or an iCalendar object (cal_invite()) sent as an iMIP invite: a
     * multipart/alternative text/calendar part whose MIME method is the
     * object's METHOD, plus the same bytes as an invite.ics attachment. */
    const char *ics;
    int64_t date;   /* the Date header, UTC seconds */
    int utc_offset; /* minutes east of UTC shown in Date; 480 for Taipei */
    /* Stable per outbox row ("<id@domain>" or "id@domain"), so a resend
     * after a crash carries the same Message-ID; see notify_message_id(). */
    const char *message_id;
    /* NULL, or where a citizen's answer should go when it is not from_addr
     * (the office's own mailbox when mail is sent from a service address). */
    const char *reply_to_addr;
};

/* The whole RFC 5322 message, CRLF line ends, 7-bit clean (non-ASCII
 * headers as RFC 2047 encoded words, non-ASCII bodies in base64). Returns
 * FH_OK and a malloc'd text the caller frees, or FH_EINVAL with err set (a
 * missing or malformed address or Message-ID, CR/LF in a header field, an
 * invite without METHOD, invalid UTF-8). */
fh_result notify_mime_build(const struct notify_mail *m, char **out, char *err, size_t errlen);

/* A Message-ID for an outbox row: "<flexhours.KIND.ID@DOMAIN>", DOMAIN taken
 * from from_addr. Malloc'd; NULL when from_addr has no domain. */
char *notify_message_id(const char *kind, int64_t outbox_id, const char *from_addr);

/* RFC 2047 encoding of one header field value: the text itself when it is
 * printable ASCII that fits, else "=?UTF-8?B?...?=" words of at most 75
 * characters joined by CRLF SP, never splitting a UTF-8 character, each line
 * at most 76 characters given that the first starts after `used` characters
 * ("Subject: " is 9). Malloc'd; NULL when text is not valid UTF-8. */
char *notify_mime_encode_header(const char *text, size_t used);

/* NULL when addr is an addr-spec this module will write (ASCII
 * local@domain, no spaces, quotes, brackets or controls), else why not. */
const char *notify_mail_address_check(const char *addr);

/* ---- SMTP (notify_smtp.c) -------------------------------------------------- */

/* One message of a batch: borrowed inputs, then the outcome filled in. */
struct notify_smtp_job {
    const char *envelope_from;     /* reverse path; NULL: the configured "from" */
    const char *const *recipients; /* envelope recipients (one person per job) */
    size_t recipient_count;
    const char *message; /* notify_mime_build()'s text; alive until the send returns */
    /* Filled by notify_smtp_send(). With several recipients the outcome is
     * the worst of MAIL, each RCPT and DATA; accepted counts the recipients
     * that took the message, so a partial delivery is visible. */
    struct notify_outcome outcome;
    size_t accepted;
};

struct notify_smtp_options {
    const char *ca_file;   /* PEM of trusted CAs for STARTTLS; NULL: OpenSSL's defaults */
    const char *helo_name; /* the EHLO name; NULL: "localhost" */
    long timeout_ms;       /* each protocol step; 0: 15000. Also bounds a hung TLS session */
};

struct notify_smtp; /* a configured client: server, TLS context, credentials */

/* Checks the configuration (host, port, from) and loads the TLS context
 * (capped at TLS 1.2: libesmtp hangs after STARTTLS with TLS 1.3). Copies
 * what it keeps. FH_EINVAL/FH_EIO with err on failure. */
fh_result notify_smtp_create(const struct cfg_smtp *cfg, const struct notify_smtp_options *opt,
                             struct notify_smtp **out, char *err, size_t errlen);
void notify_smtp_free(struct notify_smtp *smtp);

/* Sends every job over one SMTP session (STARTTLS and AUTH when
 * configured) and fills each job's outcome. Blocks at most about
 * timeout_ms per protocol step. Returns FH_OK when every job was sent, FH_EIO
 * when the session itself failed (every job is then NOTIFY_RETRY with the
 * reason), FH_EBUSY when some job did not go out. Jobs that are malformed
 * (no recipient, bad address) are NOTIFY_FAILED and not offered. */
fh_result notify_smtp_send(struct notify_smtp *smtp, struct notify_smtp_job *jobs, size_t count);

/* ---- SMS (notify_sms.c) ---------------------------------------------------- */

#define NOTIFY_SMS_MAX_SEGMENTS 2

/* Segments a text needs: GSM 7-bit (printable ASCII, 160 or 153 per part;
 * [ ] { } \ ^ ~ | count twice) or else UCS-2 (70, or 67 per part; a
 * character beyond the BMP counts twice). 0 for invalid UTF-8 or empty. */
int notify_sms_segments(const char *text, bool *ucs2);

/* text and then tail (a link; may be NULL) fitting NOTIFY_SMS_MAX_SEGMENTS:
 * both when they fit, else the text cut at a character (never inside a
 * UTF-8 sequence) and ended with "…", or with "..." for a GSM text, whose
 * alphabet has no "…" (it would double the cost of every character),
 * followed by the tail whole. Malloc'd; NULL for invalid UTF-8. */
char *notify_sms_shorten(const char *text, const char *tail, bool *shortened);

/* Sends one SMS: Kannel's sendsms (GET; username, password, from, to,
 * text, charset=UTF-8, coding=2 unless GSM) or the HTTP provider (POST of
 * body_template with {to} and {text} substituted, JSON-escaped when the
 * template is a JSON object, URL-encoded otherwise; basic auth when a
 * username is set). to is E.164 ("+886912345678"). The HTTP status decides:
 * 2xx sent; 408, 429, 5xx, timeout, refused connection retry; other 4xx and
 * malformed input (bad number, text over NOTIFY_SMS_MAX_SEGMENTS, invalid
 * UTF-8, no sender) failed. Returns FH_OK when sent, FH_EBUSY for retry,
 * FH_EAUTH (401/403), FH_EINVAL (refused input) or FH_EIO (other 4xx) when
 * failed; out always holds the outcome, its reason the first line of the
 * gateway's reply ("403 Authorization failed for sendsms"). */
fh_result notify_sms_send(const struct cfg_sms *cfg, long timeout_ms, const char *to,
                          const char *text, struct notify_outcome *out);

/* NULL when to is an E.164 number ("+" and 8 to 15 digits), else why not. */
const char *notify_sms_number_check(const char *to);

/* ---- the words of the messages (notify_text.c) ------------------------------ */

/* Each returns a malloc'd UTF-8 text in the booking's language. */
char *notify_text_subject(const struct sched_office *office, const struct store_booking *b,
                          enum store_msg_kind kind);
/* CRLF line ends; manage_url, rebook_url and closure_reason (why the office
 * closed that day, in the manager's words) may be NULL. */
char *notify_text_body(const struct sched_office *office, const struct store_booking *b,
                       enum store_msg_kind kind, const char *manage_url, const char *rebook_url,
                       const char *closure_reason);
char *notify_text_sms(const struct sched_office *office, const struct store_booking *b,
                      enum store_msg_kind kind);

/* A place offered from the waitlist (b: the place, with the person's name
 * and language), held until expires (office-local): the e-mail's subject
 * and body with the offer's link, and the SMS (the link is added to it). */
/* A draw's result to a couple given no place (notify_text.c). */
char *notify_text_draw_subject(const struct sched_office *office, const struct store_booking *b);
char *notify_text_draw_body(const struct sched_office *office, const struct store_booking *b,
                            bool waiting, const char *refusal, const char *status_url);
char *notify_text_draw_sms(const struct sched_office *office, const struct store_booking *b,
                           bool waiting);
char *notify_text_offer_subject(const struct sched_office *office, const struct store_booking *b);
char *notify_text_offer_body(const struct sched_office *office, const struct store_booking *b,
                             fh_minute expires, const char *offer_url);
char *notify_text_offer_sms(const struct sched_office *office, const struct store_booking *b,
                            fh_minute expires);

/* ---- staff duties (notify_text.c) ------------------------------------------- */

/* One duty of a staff member as a roster e-mail lists it. */
struct notify_duty_line {
    fh_day day;
    enum sched_duty duty;
    fh_minute start, end; /* office-local: the window instance (cal_duty_window()) */
};

/* The e-mail telling a staff member their duties of a month: published, or
 * changed (the body then says so and lists the duties as they are now), in
 * lang "zh-TW" (also for NULL or anything else) or "en", with the duty names
 * of the duty feed (cal_duty_title()). Lines come in the order given;
 * staff_name may be NULL. When feed_url is set, the body ends with it, to
 * subscribe to the duty feed. CRLF line ends; malloc'd. */
char *notify_text_roster_subject(const struct sched_office *office, const char *lang, int year,
                                 int month, bool changed);
char *notify_text_roster_body(const struct sched_office *office, const char *lang,
                              const char *staff_name, int year, int month, bool changed,
                              const struct notify_duty_line *duties, size_t count,
                              const char *feed_url);

/* To the office mailbox, in Chinese then English: the holiday wedding
 * booking b is pending and nobody is on holiday duty that day; confirming
 * it puts someone on duty. Names the booking by its code, service and time
 * only, never the citizen. day_url (a managers' page of that day's
 * bookings) may be NULL. CRLF line ends; malloc'd. */
char *notify_text_duty_needed_subject(const struct sched_office *office,
                                      const struct store_booking *b);
/* To a member of staff on duty on day, in Chinese then English: the office
 * closes that day (reason, may be NULL, in the manager's words), so their
 * duty is off. CRLF line ends; malloc'd. */
char *notify_text_duty_closed_subject(const struct sched_office *office, fh_day day);
char *notify_text_duty_closed_body(const struct sched_office *office, const char *staff_name,
                                   fh_day day, const char *reason);
char *notify_text_duty_needed_body(const struct sched_office *office, const struct store_booking *b,
                                   const char *day_url);

/* ---- webhooks (notify_webhook.c) ------------------------------------------ */

/* The Standard Webhooks signature of one delivery: "v1," and the padded
 * base64 of HMAC-SHA256(secret, id "." timestamp "." body), secret being
 * the bytes after "whsec_". Malloc'd. */
char *notify_webhook_signature(const uint8_t *secret, size_t secret_len, const char *id,
                               int64_t timestamp, const char *body);

/* POSTs body (JSON) to url with the headers webhook-id, webhook-timestamp
 * (unix seconds) and webhook-signature; connect within 5 s, all within
 * 10 s, no redirects. 2xx sent (FH_OK); 408, 429, 5xx and transport errors
 * retry (FH_EBUSY); other statuses failed (FH_EIO; FH_EINVAL for a URL
 * that cannot work). The reason names the status only. */
fh_result notify_webhook_send(const char *url, const uint8_t *secret, size_t secret_len,
                              const char *id, int64_t timestamp, const char *body,
                              struct notify_outcome *out);

/* ---- the outbox worker (notify_worker.c) -------------------------------------- */

struct notify_worker_options {
    const struct fh_config *cfg; /* SMTP, SMS, retries, reminders, public_url */
    struct store *store;
    const char *outbox_file; /* where messages go without SMTP server or SMS gateway */
    size_t batch;            /* messages a pass reads at most; 0: 500 (one SMTP session) */
    /* When set, each pass (and retention pass) takes the configuration in
     * force from hold and hands it back to release when done, so that a
     * reload applies from the next pass and a pass keeps the one it began
     * with; cfg must outlive the worker either way (the SMTP client and
     * outbox_file come from it). */
    const struct fh_config *(*hold)(void *arg, void **token);
    void (*release)(void *arg, void *token);
    void *hold_arg;
};

struct notify_worker;

/* Sets the worker up (the SMTP client when one is configured). */
fh_result notify_worker_create(const struct notify_worker_options *opt, struct notify_worker **out,
                               char *err, size_t errlen);
/* Runs passes in a thread of its own until notify_worker_free(). */
fh_result notify_worker_start(struct notify_worker *w, char *err, size_t errlen);
/* Makes the thread look for due messages now rather than at its next poll. */
void notify_worker_wake(struct notify_worker *w);
/* Sends what is due at now (UTC seconds), one batch; returns how many
 * messages it handled (sent, retried, failed or dropped). */
size_t notify_worker_pass(struct notify_worker *w, int64_t now);
/* The retention pass: erases the personal data of the bookings that ended
 * more than the configured retention_days before now (UTC seconds), 1,024
 * at most a call. Returns how many. The thread runs it when it starts and
 * at most hourly, and slice after slice while a backlog is left. */
size_t notify_worker_retention(struct notify_worker *w, int64_t now);
/* Stops the thread (after its current pass) and frees the worker. */
void notify_worker_free(struct notify_worker *w);

#endif
