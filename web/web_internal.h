/* web_internal.h: what the files of web/ share: the page being built (its
 * language, its buffer, the faults of its form), the table of page words,
 * the layout, form fields and their errors, form tokens, dates as people
 * read them, and the handlers the route table names. Nobody outside web/
 * includes it. */
#ifndef WEB_INTERNAL_H
#define WEB_INTERNAL_H

#include "svc/svc.h"
#include "web/web.h"
#include "web/web_assets.h"
#include "web/web_html.h"
#include "web/web_text.h"

#define WEB_MAX_FAULTS 12

/* A fault of a form: the field (the id of its input) and what to do. */
struct web_fault {
    const char *field;
    const char *message; /* in the page's language; static */
};

/* A page being answered. */
struct web_page {
    struct http_ctx *c;
    bool en; /* English, else Traditional Chinese */
    struct web_buf b;
    struct web_fault faults[WEB_MAX_FAULTS];
    size_t fault_count;
    int refresh_seconds; /* a page that reloads itself (the day board); 0: not */
    bool wide;           /* a manager's desktop page: the full width of the screen */
};

/* ---- web_page.c: the layout -------------------------------------------------- */

/* Starts a page: decides its language (?lang=, then the fh_lang cookie,
 * then Accept-Language) and keeps a choice made with ?lang= in the cookie. */
void web_page_init(struct web_page *p, struct http_ctx *c);
/* The words of t in the page's language. */
const char *web_t(const struct web_page *p, enum web_text t);
/* Writes the head, the header with the language switch, and opens <main>.
 * title is the page's own part of the <title> (plain text); a page with
 * faults says so in its title. */
void web_page_begin(struct web_page *p, const char *title);
/* Closes <main>, writes the footer, and answers the page with status. */
void web_page_send(struct web_page *p, int status);
/* Answers 303 See Other to location (a path of this site). */
void web_redirect(struct http_ctx *c, const char *location);
/* An error page: a heading, a sentence and a way back home. */
void web_error(struct http_ctx *c, int status, enum web_text heading, enum web_text body);

/* "Step 2 of 5" above a flow's heading. */
void web_caption(struct web_page *p, int step, int steps);
/* A link back (to a path of this site; escaped here). */
void web_back_link(struct web_page *p, const char *href);

/* ---- web_page.c: forms ---------------------------------------------------------- */

/* Records a fault of field with a message in the page's language. A field
 * written "#id" is a fault of the form as a whole: the summary links to the
 * input id, which is not marked wrong itself. */
void web_fault(struct web_page *p, const char *field, enum web_text message);
/* The fault of field, or NULL. */
const struct web_fault *web_fault_of(const struct web_page *p, const char *field);
/* The box listing every fault with a link to its field (nothing without
 * faults). */
void web_error_summary(struct web_page *p);

struct web_input {
    const char *id;            /* also the field's name */
    enum web_text label, hint; /* hint may be T_NONE */
    const char *value;         /* shown again; may be NULL */
    const char *type;          /* "text", "tel", "email" */
    const char *autocomplete;  /* or NULL */
    bool narrow;               /* for codes and ID numbers */
    bool spellcheck_off;
};
void web_input(struct web_page *p, const struct web_input *in);
/* A field's error message (nothing when f is NULL), with the hidden
 * "Error:" a screen reader says first; id (may be NULL) names it
 * "ID-error" for the field's aria-describedby. */
void web_field_error(struct web_page *p, const char *id, const struct web_fault *f);

/* A hidden form token for purpose (what the form changes, e.g.
 * "cancel:CODE"): an HMAC of the purpose and the time under a key of the
 * service's own, so that no other site can make a citizen's browser post
 * the form. */
void web_csrf_field(struct web_page *p, const char *purpose);
/* Whether the posted token was made for purpose in the last hours. */
bool web_csrf_ok(struct http_ctx *c, const char *purpose);
/* Answers a form whose token did not check (an old page, another site). */
void web_csrf_refused(struct http_ctx *c);

/* Whether the request's body is a form (application/x-www-form-urlencoded);
 * answers 415 when not. */
bool web_form_body(struct http_ctx *c);

/* ---- web_page.c: dates and names as people read them ---------------------------- */

/* "2026年3月7日（六）" / "Saturday 7 March 2026"; with the Minguo year
 * "（民國115年）" after the Chinese when minguo. */
void web_date(struct web_page *p, fh_day d, bool minguo);
/* "3月7日（六）" / "Saturday 7 March": a date within days of today. */
void web_date_short(struct web_page *p, fh_day d);
/* "3月" / "March 2026" style month heading: "2026年3月" / "March 2026". */
void web_month(struct web_page *p, int year, int month);
/* "12:00–13:30". */
void web_span(struct web_page *p, fh_minute start, fh_minute end);
/* A booking's needs as words ("Wheelchair access ..., Interpreter: Vietnamese"),
 * or "None". */
void web_needs(struct web_page *p, const struct sched_needs *n);
/* The optional fieldset of a booking form asking what the counter should
 * prepare: "wheelchair" and "priority_counter" checkboxes (value "yes"),
 * the "interpreter" select (a language code, "" for none); a fault of
 * "interpreter" shown beside it. */
void web_needs_fields(struct web_page *p, bool wheelchair, bool priority, const char *interpreter);
/* A window's name: 午間 / Noon ... */
const char *web_window_word(const struct web_page *p, const char *window);
/* The same in at most 3 letters (a day of a month grid on a phone). */
const char *web_window_short(const struct web_page *p, const char *window);
/* zh or en of a {zh, en} pair of the configuration. */
const char *web_pick(const struct web_page *p, const char *zh, const char *en);
/* The service's name in the page's language. */
const char *web_service_name(const struct web_page *p, const struct sched_office *office,
                             int service);

/* ---- handlers ------------------------------------------------------------------- */

void web_static(struct http_ctx *c);
void web_home(struct http_ctx *c);
void web_office(struct http_ctx *c);
void web_book_service(struct http_ctx *c);
void web_book_day(struct http_ctx *c);
void web_book_time(struct http_ctx *c);
void web_book_details(struct http_ctx *c);
void web_book_details_post(struct http_ctx *c);
void web_book_check(struct http_ctx *c);
void web_book_check_post(struct http_ctx *c);
void web_manage(struct http_ctx *c);
/* web_survey.c: the satisfaction survey of a completed booking. */
void web_survey(struct http_ctx *c);
void web_survey_post(struct http_ctx *c);
void web_manage_move(struct http_ctx *c);
void web_manage_move_post(struct http_ctx *c);
void web_manage_cancel(struct http_ctx *c);
void web_manage_cancel_post(struct http_ctx *c);
void web_manage_invite(struct http_ctx *c);
void web_find(struct http_ctx *c);
void web_find_post(struct http_ctx *c);
/* ---- web_admin.c: the shell of the manager pages under /admin/ ------------------- */

/* The person signed in to a request. */
struct web_admin {
    struct store_user u;
    const char *cookie;
    char label[33]; /* binds form tokens to the session */
};

/* Whether the request has a session (filling a); answers 303 to the
 * sign-in page when not. Every /admin/ page starts with it. */
bool web_admin_signed_in(struct http_ctx *c, struct web_admin *a);
/* Whether the person has the role a page needs (a manager may do what the
 * counter does); answers 403 when not. */
bool web_admin_needs(struct http_ctx *c, const struct web_admin *a, enum store_role role);
/* The configured office (an id from the path or a form) if the person may
 * act for it; answers 404 for an unknown office and 403 for another's,
 * returning NULL. */
const struct sched_office *web_admin_office(struct http_ctx *c, const struct web_admin *a,
                                            const char *id);
void web_admin_forbidden(struct http_ctx *c);
/* Form tokens bound to the session: the purpose "admin:LABEL:what", where
 * what names the change (e.g. "checkin:CODE"). web_admin_csrf_ok() answers
 * 403 itself when the posted token is missing or not for this purpose. */
void web_admin_purpose(const struct web_admin *a, const char *what, char *out, size_t len);
void web_admin_csrf_field(struct web_page *p, const struct web_admin *a, const char *what);
bool web_admin_csrf_ok(struct http_ctx *c, const struct web_admin *a, const char *what);
/* The id of the first configured office the person may act for, or NULL. */
const char *web_admin_first_office(const struct http_ctx *c, const struct web_admin *a);
/* The office's name in the page's language (the id when unknown). */
const char *web_admin_office_name(const struct web_page *p, const char *id);
/* Starts an /admin/ page: the layout, who is signed in, the way out. End it
 * with web_page_send() like any page. */
void web_admin_begin(struct web_page *p, const struct web_admin *a, const char *title);

/* The pages of the manager area, each a line of the home page. */
void web_admin_bare(struct http_ctx *c);
void web_admin_home(struct http_ctx *c);
void web_admin_signin(struct http_ctx *c);
void web_admin_signin_post(struct http_ctx *c);
void web_admin_signout_post(struct http_ctx *c);
void web_admin_audit(struct http_ctx *c);
/* web_closures.c: closing days, the government calendar import. */
void web_admin_closures(struct http_ctx *c);
void web_admin_closure_preview(struct http_ctx *c);
void web_admin_closure_post(struct http_ctx *c);
void web_admin_reopen_post(struct http_ctx *c);
void web_admin_calendar(struct http_ctx *c);
void web_admin_calendar_preview_post(struct http_ctx *c);
void web_admin_calendar_apply_post(struct http_ctx *c);
/* web_messages.c: the outbox. */
void web_admin_messages(struct http_ctx *c);
void web_admin_message_retry_post(struct http_ctx *c);
/* A person's e-mail address and phone, masked ("a***@example.com",
 * "+886******678"), as a manager sees whom a message goes to; "–" when
 * neither. */
void web_admin_mask_contact(struct web_page *p, const char *email, const char *phone);

/* ---- web_figures.c: the managers' figures ---------------------------------------- */

/* /admin/offices/{office}/figures and .csv, for the office's managers;
 * /admin/figures leads to the person's first office. */
void web_figures_first(struct http_ctx *c);
void web_figures_page(struct http_ctx *c);
/* /admin/offices/OFFICE/comments: the survey's comments of the figures'
 * period, newest visit first (roles as for the figures). */
void web_figures_comments(struct http_ctx *c);
void web_figures_csv_download(struct http_ctx *c);
/* The charts of f, each an inline SVG with its table, into p's buffer. */
void web_figures_render(struct web_page *p, const struct sched_office *office,
                        const struct svc_figures *f);
/* The figures as CSV (RFC 4180, CRLF, a header row); malloc'd. */
char *web_figures_csv(const struct svc_figures *f, size_t *len);
/* One CSV field, quoted when it must be. */
void web_csv_field(struct web_buf *b, const char *s);

/* ---- web_roster.c: the roster and compensatory time (managers) ------------------- */

/* Why a duty is short, in the page's words. */
enum web_text web_short_text(enum sched_short_reason r);
void web_roster_month(struct http_ctx *c);
void web_roster_generate_post(struct http_ctx *c);
void web_roster_publish_post(struct http_ctx *c);
void web_roster_duty(struct http_ctx *c);
void web_roster_duty_post(struct http_ctx *c);
void web_roster_pin_post(struct http_ctx *c);
void web_roster_unpin_post(struct http_ctx *c);
void web_comp(struct http_ctx *c);
void web_comp_post(struct http_ctx *c);

/* The office a page of one office acts for: ?office= (checked as
 * web_admin_office() does) or, without it, the person's first office.
 * NULL after answering. */
const struct sched_office *web_admin_office_or_first(struct http_ctx *c, const struct web_admin *a,
                                                     const char *id);
/* The opening steps of a manager page of one office: signed in (else the
 * sign-in page), holding role (else 403), no query argument beyond allowed
 * (else 400), and the office (web_admin_office_or_first()). NULL after
 * answering. */
const struct sched_office *web_admin_open_page(struct http_ctx *c, struct web_admin *a,
                                               enum store_role role, const char *const *allowed);
void web_admin_office_select(struct web_page *p, const struct web_admin *a, const char *chosen,
                             bool all);

/* ---- web_counter.c: the counter's pages ------------------------------------------ */

void web_counter_day(struct http_ctx *c);
void web_counter_status_post(struct http_ctx *c);
void web_counter_book(struct http_ctx *c);
void web_counter_book_post(struct http_ctx *c);
void web_counter_pending(struct http_ctx *c);
/* web_suspend.c: /admin/suspensions and its lift. */
void web_suspend_page(struct http_ctx *c);
void web_suspend_lift_post(struct http_ctx *c);
void web_counter_confirm_post(struct http_ctx *c);

/* ---- web_flow.c: the day and time pages, shared by booking and moving ------------ */

/* Where the day and time pages of a flow lead. */
struct web_flow {
    const struct sched_office *office;
    int service;
    /* Booking: "/o/OFFICE/book"; moving: "/b/CODE/move" with "k=KEY". */
    char base[128];
    char extra_query[80]; /* "k=..." for a move, "" for a booking */
    char back[192];       /* where Back leads from the day page */
    bool moving;
    const struct store_booking *booking; /* the booking moved, or NULL */
};

/* The month grid of days with places (step 2); month 0 picks the first
 * month with a place. */
void web_flow_day(struct web_page *p, const struct web_flow *f, int year, int month);
/* The times of day with places left (step 3), as radios of a form (GET
 * on to the details for a booking, POST for a move). error: T_NONE or the
 * fault to show. */
void web_flow_time(struct web_page *p, const struct web_flow *f, fh_day day, enum web_text error);
/* The words for a refusal of admission, as a citizen reads them. */
enum web_text web_refusal_text(enum sched_refusal r);
/* The words for a designated effective date refused
 * (sched_effective_code()'s "effective_date_too_far", ...). */
enum web_text web_effective_text(const char *code);
/* The office's dates still to come that open for booking at a set time,
 * each an <li> saying when (the caller writes the list around them);
 * returns how many (p NULL: only counts them). */
size_t web_releases(struct web_page *p, const struct sched_office *office);
/* The words for a fault svc_booking_check() found in a field. */
enum web_text web_book_fault_text(const char *field, const char *why);
/* The documents to bring for a service, as a list. */
void web_documents(struct web_page *p, const struct sched_office *office, int service);

/* What a form asks of the person a booking or a waitlist entry is for,
 * each value shown again (NULL: empty). */
struct web_person_form {
    const char *name, *national_id, *phone, *email, *lang;
    bool couple; /* the partner's fields too */
    const char *partner_name, *partner_national_id;
    /* A booking's form names a couple's first person and says why the
     * partner is asked; it alone asks the questions below. */
    bool booking;
    bool residents_only; /* asks whether they live in the district */
    const char *resident;
    int effective_days; /* a couple's designated date in so many office days; 0: not offered */
    const char *effective_date;
};
/* The person's fields, from the name to the messages' language. */
void web_person_fields(struct web_page *p, const struct web_person_form *f);
/* The faults svc_booking_check() found, on the fields of those forms. */
void web_book_faults(struct web_page *p, const struct svc_field_error *faults, size_t n);

/* ---- web_waitlist.c: the waitlist's pages ---------------------------------------- */
void web_waitlist_form(struct http_ctx *c);
void web_waitlist_form_post(struct http_ctx *c);
void web_waitlist_entry(struct http_ctx *c);
void web_waitlist_leave_post(struct http_ctx *c);
void web_offer(struct http_ctx *c);
void web_offer_accept_post(struct http_ctx *c);
void web_offer_decline_post(struct http_ctx *c);
/* The day board's waitlist: the office's entries of day, in order. */
void web_waitlist_board(struct web_page *p, const struct sched_office *office, fh_day day);

/* ---- web_draw.c: lucky-date draws ------------------------------------------------ */

/* The draw of day, when the date has one (else nothing, false): that its
 * places are drawn, the period, when first come opens, the commitment, and
 * the link to ask while open (service >= 0) or, once drawn, the seed, the
 * published result and how to check it. */
bool web_draw_panel(struct web_page *p, const struct sched_office *office, int service, fh_day day);
void web_draw_form(struct http_ctx *c);
void web_draw_form_post(struct http_ctx *c);
void web_draw_request(struct http_ctx *c);

/* The office of the path's first segment, or NULL after answering 404. */
const struct sched_office *web_path_office(struct http_ctx *c);

/* A form's create that the writer could not store (a deferred request's
 * lost handler): 503 and the page that says to try again. */
void web_not_stored(struct http_ctx *c);
/* The n form values a deferred job copied, wiped (they hold a person's
 * data) and freed. */
void web_values_free(char **values, int n);
/* The "back" link to the day's times of a service (the booking flow's
 * step before a form). */
void web_back_to_day(struct web_page *p, const struct sched_office *office, int service,
                     fh_day day);

#endif
