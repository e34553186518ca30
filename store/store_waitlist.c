/* store_waitlist.c: the waitlist (migration 16). Joining runs the booking's
 * checks and sched_waitlist_check() in the writer's transaction; the pass
 * offers every free place to the first person waiting whom the rules
 * admit, holding it in the kept occupancy (the offer's triggers), and ends
 * the holds that expired; accepting ends the hold and books the place in
 * one transaction. Exports the store_waitlist_*() and store_offer_*()
 * functions of store.h. */
#include "store/store_internal.h"

#include "common/fh_hash.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOKEN_BYTES (STORE_TOKEN_LEN / 2)
/* The label of the key that makes offer links (store_derive_key()). */
#define OFFER_LINK_LABEL "waitlist-offer-link"

static const char *const wait_status_names[] = {
    [STORE_WAIT_WAITING] = "waiting",   [STORE_WAIT_OFFERED] = "offered",
    [STORE_WAIT_BOOKED] = "booked",     [STORE_WAIT_LEFT] = "left",
    [STORE_WAIT_DECLINED] = "declined", [STORE_WAIT_EXPIRED] = "expired",
    [STORE_WAIT_OVER] = "over",
};
static const char *const offer_status_names[] = {
    [STORE_OFFER_HELD] = "held",           [STORE_OFFER_ACCEPTED] = "accepted",
    [STORE_OFFER_DECLINED] = "declined",   [STORE_OFFER_EXPIRED] = "expired",
    [STORE_OFFER_WITHDRAWN] = "withdrawn",
};
#define COUNT_OF(a) (sizeof(a) / sizeof(a)[0])

const char *store_wait_status_name(enum store_wait_status s)
{
    return (unsigned)s < COUNT_OF(wait_status_names) ? wait_status_names[s] : "unknown";
}

const char *store_offer_status_name(enum store_offer_status s)
{
    return (unsigned)s < COUNT_OF(offer_status_names) ? offer_status_names[s] : "unknown";
}

static int parse_status(const char *const *names, size_t n, const unsigned char *text)
{
    for (size_t i = 0; text != NULL && i < n; i++)
        if (strcmp((const char *)text, names[i]) == 0)
            return (int)i;
    return -1;
}

static void copy_text(char *dst, size_t len, sqlite3_stmt *s, int col)
{
    const unsigned char *t = sqlite3_column_text(s, col);
    snprintf(dst, len, "%s", t ? (const char *)t : "");
}

/* The code an entry's contact is sealed under (the associated data holds
 * STORE_CODE_LEN characters of it): the entry's code in lower case, which
 * no booking code is, so that no booking's sealed fields open as an
 * entry's or back. */
static void pii_label(const char *code, char out[32])
{
    size_t i = 0;
    for (; i < 31 && code[i] != '\0'; i++)
        out[i] = (char)tolower((unsigned char)code[i]);
    out[i] = '\0';
}

/* An entry's person keys, beside the row's public fields. */
struct entry_keys {
    char person[65];
    char partner[65]; /* "" when none */
    uint8_t token_sha256[FH_SHA256_LEN];
};

/* Reads WAIT_COLUMNS (store_db.c) of the current row, opening the
 * contact. */
static fh_result entry_from_row(struct store *st, sqlite3_stmt *s, struct store_wait_entry *e,
                                struct entry_keys *k, char *err, size_t errlen)
{
    memset(e, 0, sizeof *e);
    e->id = sqlite3_column_int64(s, 0);
    copy_text(e->code, sizeof e->code, s, 1);
    copy_text(e->office, sizeof e->office, s, 3);
    copy_text(e->service, sizeof e->service, s, 4);
    e->day = sqlite3_column_int(s, 5);
    e->start = sqlite3_column_type(s, 6) == SQLITE_NULL ? SCHED_NEVER : sqlite3_column_int64(s, 6);
    copy_text(e->lang, sizeof e->lang, s, 10);
    int status =
        parse_status(wait_status_names, COUNT_OF(wait_status_names), sqlite3_column_text(s, 11));
    e->booking_id = sqlite3_column_int64(s, 12);
    e->created_at = sqlite3_column_int64(s, 13);
    if (status < 0)
        return fh_fail(err, errlen, FH_EDB, "store: waitlist entry %lld has a bad status",
                       (long long)e->id);
    e->status = (enum store_wait_status)status;
    if (k != NULL) {
        copy_text(k->person, sizeof k->person, s, 7);
        copy_text(k->partner, sizeof k->partner, s, 8);
        if (sqlite3_column_bytes(s, 2) == FH_SHA256_LEN)
            memcpy(k->token_sha256, sqlite3_column_blob(s, 2), FH_SHA256_LEN);
    }
    if (sqlite3_column_type(s, 9) != SQLITE_NULL) {
        struct store_booking b;
        memset(&b, 0, sizeof b);
        char label[32];
        pii_label(e->code, label);
        fh_result r = store_pii_open(st, label, sqlite3_column_blob(s, 9),
                                     (size_t)sqlite3_column_bytes(s, 9), &b, NULL, err, errlen);
        if (r == FH_OK) {
            snprintf(e->name, sizeof e->name, "%s", b.name);
            snprintf(e->national_id_masked, sizeof e->national_id_masked, "%s",
                     b.national_id_masked);
            snprintf(e->phone, sizeof e->phone, "%s", b.phone);
            snprintf(e->email, sizeof e->email, "%s", b.email);
            snprintf(e->partner_name, sizeof e->partner_name, "%s", b.partner_name);
            snprintf(e->partner_national_id_masked, sizeof e->partner_national_id_masked, "%s",
                     b.partner_national_id_masked);
        }
        fh_wipe(&b, sizeof b);
        return r;
    }
    return FH_OK;
}

static fh_result offer_from_row(sqlite3_stmt *s, struct store_offer *o, char *err, size_t errlen)
{
    memset(o, 0, sizeof *o);
    o->id = sqlite3_column_int64(s, 0);
    o->entry_id = sqlite3_column_int64(s, 1);
    copy_text(o->code, sizeof o->code, s, 2);
    copy_text(o->office, sizeof o->office, s, 3);
    copy_text(o->service, sizeof o->service, s, 4);
    copy_text(o->window, sizeof o->window, s, 5);
    o->start = sqlite3_column_int64(s, 6);
    o->end = sqlite3_column_int64(s, 7);
    o->minutes = sqlite3_column_int(s, 8);
    int status =
        parse_status(offer_status_names, COUNT_OF(offer_status_names), sqlite3_column_text(s, 9));
    o->expires_at = sqlite3_column_int64(s, 10);
    o->created_at = sqlite3_column_int64(s, 11);
    o->booking_id = sqlite3_column_int64(s, 12);
    if (status < 0)
        return fh_fail(err, errlen, FH_EDB, "store: offer %lld has a bad status", (long long)o->id);
    o->status = (enum store_offer_status)status;
    return FH_OK;
}

/* Steps a bound statement of WAIT_COLUMNS for one row: FH_ENOTFOUND when
 * none. Releases it. */
static fh_result entry_one(struct store *st, struct store_conn *c, sqlite3_stmt *s,
                           struct store_wait_entry *e, struct entry_keys *k, char *err,
                           size_t errlen)
{
    int rc = store_step(s);
    fh_result r = rc == SQLITE_ROW ? entry_from_row(st, s, e, k, err, errlen)
                  : rc == SQLITE_DONE
                      ? fh_fail(err, errlen, FH_ENOTFOUND, "no such entry")
                      : store_db_fail(c->db, rc, "find waitlist entry", err, errlen);
    store_stmt_release(s);
    return r;
}

static fh_result entry_by_id(struct store *st, struct store_conn *c, int64_t id,
                             struct store_wait_entry *e, struct entry_keys *k, char *err,
                             size_t errlen)
{
    sqlite3_stmt *s = store_stmt(c, STORE_ST_WAIT_BY_ID, err, errlen);
    if (s == NULL)
        return FH_EDB;
    sqlite3_bind_int64(s, 1, id);
    return entry_one(st, c, s, e, k, err, errlen);
}

static fh_result offer_one(struct store_conn *c, sqlite3_stmt *s, struct store_offer *o, char *err,
                           size_t errlen)
{
    int rc = store_step(s);
    fh_result r = rc == SQLITE_ROW    ? offer_from_row(s, o, err, errlen)
                  : rc == SQLITE_DONE ? fh_fail(err, errlen, FH_ENOTFOUND, "no such offer")
                                      : store_db_fail(c->db, rc, "find offer", err, errlen);
    store_stmt_release(s);
    return r;
}

static fh_result offer_by_token(struct store_conn *c, const char *token, struct store_offer *o,
                                char *err, size_t errlen)
{
    uint8_t sha[FH_SHA256_LEN];
    if (token == NULL || strlen(token) != STORE_TOKEN_LEN)
        return fh_fail(err, errlen, FH_ENOTFOUND, "no such offer");
    fh_sha256(token, STORE_TOKEN_LEN, sha);
    sqlite3_stmt *s = store_stmt(c, STORE_ST_OFFER_BY_TOKEN, err, errlen);
    if (s == NULL)
        return FH_EDB;
    sqlite3_bind_blob(s, 1, sha, sizeof sha, SQLITE_TRANSIENT);
    return offer_one(c, s, o, err, errlen);
}

static fh_result entry_position(struct store_conn *c, struct store_wait_entry *e, char *err,
                                size_t errlen)
{
    e->position = 0;
    if (e->status != STORE_WAIT_WAITING)
        return FH_OK;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_WAIT_POSITION, err, errlen);
    if (s == NULL)
        return FH_EDB;
    sqlite3_bind_text(s, 1, e->office, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 2, e->day);
    sqlite3_bind_int64(s, 3, e->id);
    sqlite3_bind_text(s, 4, e->service, -1, SQLITE_STATIC);
    int rc = store_step(s);
    fh_result r = FH_OK;
    if (rc == SQLITE_ROW)
        e->position = sqlite3_column_int(s, 0);
    else
        r = store_db_fail(c->db, rc, "waitlist position", err, errlen);
    store_stmt_release(s);
    return r;
}

static fh_result set_entry_status(struct store_conn *c, int64_t id, enum store_wait_status to,
                                  int64_t booking_id, int64_t now_utc, char *err, size_t errlen)
{
    sqlite3_stmt *s = store_stmt(c, STORE_ST_WAIT_SET_STATUS, err, errlen);
    if (s == NULL)
        return FH_EDB;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_text(s, 2, store_wait_status_name(to), -1, SQLITE_STATIC);
    if (booking_id != 0)
        sqlite3_bind_int64(s, 3, booking_id);
    sqlite3_bind_int64(s, 4, now_utc);
    return store_step_done(c, s, "set waitlist status", err, errlen);
}

/* Ends a held offer (the trigger releases its place); *ended false when it
 * was no longer held. */
static fh_result end_offer(struct store_conn *c, int64_t id, enum store_offer_status to,
                           int64_t booking_id, int64_t now_utc, bool *ended, char *err,
                           size_t errlen)
{
    sqlite3_stmt *s = store_stmt(c, STORE_ST_OFFER_END, err, errlen);
    if (s == NULL)
        return FH_EDB;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_text(s, 2, store_offer_status_name(to), -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, now_utc);
    if (booking_id != 0)
        sqlite3_bind_int64(s, 4, booking_id);
    fh_result r = store_step_done(c, s, "end offer", err, errlen);
    if (ended != NULL)
        *ended = r == FH_OK && sqlite3_changes(c->db) == 1;
    return r;
}

void store_offer_token(const struct store *st, const char *code, char out[STORE_TOKEN_LEN + 1])
{
    uint8_t key[32], mac[FH_SHA256_LEN];
    store_derive_key(st, OFFER_LINK_LABEL, key);
    fh_hmac_sha256(key, sizeof key, code, strlen(code), mac);
    fh_hex_encode(mac, TOKEN_BYTES, out);
    fh_wipe(key, sizeof key);
    fh_wipe(mac, sizeof mac);
}

/* ---- what the rules read ---------------------------------------------------- */

/* The places taken on day (holds included, by the triggers), the person's
 * active bookings and held places, and (for an office with a no-show
 * policy) their misses and lifts: everything sched_waitlist_check() and
 * sched_admit() read for a citizen's own request. */
struct person_view {
    struct sched_booking *occ, *mine;
    size_t nocc, nmine;
    struct sched_miss *misses;
    struct sched_lift *lifts;
    size_t nmisses, nlifts;
};

static void view_free(struct person_view *v)
{
    free(v->occ);
    free(v->mine);
    free(v->misses);
    free(v->lifts);
    memset(v, 0, sizeof *v);
}

static fh_result load_view(struct store_conn *c, const struct sched_office *office, fh_day day,
                           const char *person, const char *partner, struct person_view *v,
                           char *err, size_t errlen)
{
    memset(v, 0, sizeof *v);
    const struct sched_office_spec *spec = sched_office_spec(office);
    fh_result r = store_load_for_admit(c, office, day, day, person, partner, 0, NULL, &v->occ,
                                       &v->nocc, &v->mine, &v->nmine, err, errlen);
    if (r != FH_OK)
        return r;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_PERSON_HOLDS, err, errlen);
    if (s == NULL) {
        view_free(v);
        return FH_EDB;
    }
    sqlite3_bind_text(s, 1, person, -1, SQLITE_STATIC);
    if (partner != NULL)
        sqlite3_bind_text(s, 2, partner, -1, SQLITE_STATIC);
    size_t cap = v->nmine;
    int rc;
    while ((rc = store_step(s)) == SQLITE_ROW) {
        v->mine = fh_grow(v->mine, sizeof *v->mine, &cap, v->nmine + 1);
        const char *service = (const char *)sqlite3_column_text(s, 3);
        const char *p2 = (const char *)sqlite3_column_text(s, 4);
        v->mine[v->nmine++] = (struct sched_booking){
            .start = sqlite3_column_int64(s, 0),
            .minutes = sqlite3_column_int(s, 1),
            .person = store_person_u64((const char *)sqlite3_column_text(s, 2)),
            .partner = p2 != NULL ? store_person_u64(p2) : 0,
            .service = service ? sched_office_service_index(office, service) : -1,
            .places = 1,
        };
    }
    if (rc != SQLITE_DONE)
        r = store_db_fail(c->db, rc, "load held places", err, errlen);
    store_stmt_release(s);
    /* The scheduler reads a person's bookings in order of start. */
    for (size_t i = 1; r == FH_OK && i < v->nmine; i++)
        for (size_t j = i; j > 0 && v->mine[j].start < v->mine[j - 1].start; j--) {
            struct sched_booking t = v->mine[j];
            v->mine[j] = v->mine[j - 1];
            v->mine[j - 1] = t;
        }
    if (r == FH_OK && spec->no_show.count > 0)
        r = store_misses_load(c, spec->id, person, partner, &v->misses, &v->nmisses, &v->lifts,
                              &v->nlifts, err, errlen);
    if (r != FH_OK)
        view_free(v);
    return r;
}

static struct sched_request request_of(int service, fh_minute start, const char *person,
                                       const char *partner, const struct person_view *v)
{
    return (struct sched_request){
        .service = service,
        .start = start,
        .person = store_person_u64(person),
        .partner = partner != NULL ? store_person_u64(partner) : 0,
        .misses = v->misses,
        .miss_count = v->nmisses,
        .lifts = v->lifts,
        .lift_count = v->nlifts,
    };
}

/* ---- joining ------------------------------------------------------------------- */

static fh_result join_locked(struct store *st, const struct sched_office *office,
                             const struct sched_calendar *cal, const struct store_new_booking *req,
                             bool whole_day, fh_minute now, const struct store_prepared *p,
                             const char *key, const uint8_t body_sha256[32],
                             store_wait_reply_fn reply, void *reply_arg,
                             struct store_wait_result *out, char *err, size_t errlen)
{
    struct store_conn *c = &st->writer;
    const struct sched_office_spec *spec = sched_office_spec(office);
    fh_result r;
    bool found;
    r = store_idem_replay(st, key, p, body_sha256, &found, &out->http_status, &out->body, err,
                          errlen);
    if (r != FH_OK || found) {
        out->replayed = found;
        return r;
    }
    fh_day day = fh_day_of(req->start);
    const char *partner = p->has_partner ? p->partner : NULL;

    /* One entry per person and place waited for. */
    sqlite3_stmt *s = store_stmt(c, STORE_ST_WAIT_SAME, err, errlen);
    if (s == NULL)
        return FH_EDB;
    sqlite3_bind_text(s, 1, p->person, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, spec->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, req->service, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 4, day);
    if (!whole_day)
        sqlite3_bind_int64(s, 5, req->start);
    int rc = store_step(s);
    if (rc == SQLITE_ROW)
        copy_text(out->waiting_code, sizeof out->waiting_code, s, 0);
    r = rc == SQLITE_ROW || rc == SQLITE_DONE
            ? FH_OK
            : store_db_fail(c->db, rc, "find waitlist entry", err, errlen);
    store_stmt_release(s);
    if (r != FH_OK)
        return r;
    if (rc == SQLITE_ROW)
        return fh_fail(err, errlen, FH_ECONFLICT, "already_waiting");

    struct person_view v;
    r = load_view(c, office, day, p->person, partner, &v, err, errlen);
    if (r != FH_OK)
        return r;
    struct sched_request sreq = request_of(p->service, req->start, p->person, partner, &v);
    sreq.resident = req->resident;
    sreq.drawn = req->drawn;
    fh_minute free_start;
    enum sched_refusal refusal;
    enum sched_wait w = sched_waitlist_check(office, cal, &sreq, whole_day ? day : FH_NO_DAY, now,
                                             v.occ, v.nocc, v.mine, v.nmine, &free_start, &refusal);
    if (w == SCHED_WAIT_REFUSED) {
        /* Which of the two refused, as sched_admit() says it. */
        struct sched_admission adm;
        memset(&adm, 0, sizeof adm);
        if (refusal == SCHED_SUSPENDED || refusal == SCHED_DUPLICATE_BOOKING ||
            refusal == SCHED_DAILY_LIMIT) {
            sreq.start = whole_day ? free_start : req->start;
            (void)sched_admit(office, cal, &sreq, now, v.occ, v.nocc, v.mine, v.nmine, &adm);
        }
        out->partner_refused = adm.partner_refused;
        out->suspended_until = refusal == SCHED_SUSPENDED ? adm.suspended_until : FH_NO_DAY;
    }
    view_free(&v);
    if (w == SCHED_WAIT_PLACES_LEFT) {
        out->places_left = true;
        out->free_start = free_start;
        return fh_fail(err, errlen, FH_ECONFLICT, "places_left");
    }
    if (w == SCHED_WAIT_REFUSED) {
        out->refusal = refusal;
        return fh_fail(err, errlen, FH_EREFUSED, "%s", sched_refusal_code(refusal));
    }

    struct store_wait_entry *e = &out->entry;
    memset(e, 0, sizeof *e);
    uint8_t token_sha256[FH_SHA256_LEN];
    char token[STORE_TOKEN_LEN + 1];
    r = store_new_code_token(c, STORE_ST_WAIT_CODE_EXISTS, e->code, token, token_sha256, err,
                             errlen);
    if (r != FH_OK)
        return r;

    /* The contact sealed as a booking's personal fields are. */
    struct store_booking b;
    memset(&b, 0, sizeof b);
    store_booking_contact(&b, req, p);
    snprintf(e->office, sizeof e->office, "%s", spec->id);
    snprintf(e->service, sizeof e->service, "%s", req->service);
    e->day = day;
    e->start = whole_day ? SCHED_NEVER : req->start;
    e->status = STORE_WAIT_WAITING;
    snprintf(e->name, sizeof e->name, "%s", b.name);
    snprintf(e->national_id_masked, sizeof e->national_id_masked, "%s", b.national_id_masked);
    snprintf(e->phone, sizeof e->phone, "%s", b.phone);
    snprintf(e->email, sizeof e->email, "%s", b.email);
    snprintf(e->lang, sizeof e->lang, "%s", req->lang ? req->lang : "zh-TW");
    e->created_at = p->now_utc;

    size_t pii_len = 0;
    uint8_t *pii;
    char label[32];
    pii_label(e->code, label);
    r = store_pii_seal_current(st, label, &b, &pii, &pii_len, err, errlen);
    fh_wipe(&b, sizeof b);
    if (r == FH_OK && (s = store_stmt(c, STORE_ST_WAIT_INSERT, err, errlen)) == NULL)
        r = FH_EDB;
    if (r == FH_OK) {
        sqlite3_bind_text(s, 1, e->code, -1, SQLITE_STATIC);
        sqlite3_bind_blob(s, 2, token_sha256, sizeof token_sha256, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, e->office, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 4, e->service, -1, SQLITE_STATIC);
        sqlite3_bind_int(s, 5, e->day);
        if (!whole_day)
            sqlite3_bind_int64(s, 6, e->start);
        sqlite3_bind_text(s, 7, p->person, -1, SQLITE_STATIC);
        if (partner != NULL)
            sqlite3_bind_text(s, 8, partner, -1, SQLITE_STATIC);
        sqlite3_bind_blob(s, 9, pii, (int)pii_len, SQLITE_STATIC);
        sqlite3_bind_text(s, 10, e->lang, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 11, p->now_utc);
        r = store_step_done(c, s, "insert waitlist entry", err, errlen);
    }
    free(pii);
    if (r == FH_OK) {
        e->id = sqlite3_last_insert_rowid(c->db);
        r = entry_position(c, e, err, errlen);
    }
    char *body = r == FH_OK ? reply(e, token, reply_arg) : NULL;
    fh_wipe(token, sizeof token);
    if (r != FH_OK) {
        free(body);
        return r;
    }
    return store_idem_created(st, key, p, body_sha256, body, &out->http_status, &out->body, err,
                              errlen);
}

fh_result store_waitlist_join(struct store *st, const struct sched_office *office,
                              const struct sched_calendar *cal, const struct store_new_booking *req,
                              bool whole_day, fh_minute now, const char *idempotency_key,
                              const uint8_t body_sha256[32], store_wait_reply_fn reply,
                              void *reply_arg, struct store_wait_result *out, char *err,
                              size_t errlen)
{
    struct store_prepared p;
    memset(out, 0, sizeof *out);
    memset(&p, 0, sizeof p);
    out->suspended_until = FH_NO_DAY;
    fh_result r =
        store_booking_prepare(st, office, req, idempotency_key, body_sha256, now, &p, err, errlen);
    if (r != FH_OK)
        return r;
    r = store_write_begin(st, err, errlen);
    if (r != FH_OK)
        return r;
    r = join_locked(st, office, cal, req, whole_day, now, &p, idempotency_key, body_sha256, reply,
                    reply_arg, out, err, errlen);
    if (r == FH_OK)
        r = store_write_commit(st, err, errlen);
    else
        store_write_rollback(st);
    if (r != FH_OK) {
        free(out->body);
        out->body = NULL;
        out->replayed = false;
    }
    fh_wipe(&p, sizeof p);
    return r;
}

/* ---- reading and leaving ----------------------------------------------------- */

/* The entry with code whose token matches, on c: a wrong token and an
 * unknown code are one answer, after the same hashing and comparing. */
static fh_result entry_checked(struct store *st, struct store_conn *c, const char *code,
                               const char *token, struct store_wait_entry *e, char *err,
                               size_t errlen)
{
    char canon[STORE_CODE_LEN + 1];
    uint8_t got[FH_SHA256_LEN];
    struct entry_keys k;
    memset(&k, 0, sizeof k);
    bool code_ok = store_code_normalise(code, canon);
    fh_sha256(token != NULL ? token : "", token != NULL ? strlen(token) : 0, got);
    fh_result r = FH_ENOTFOUND;
    if (code_ok) {
        sqlite3_stmt *s = store_stmt(c, STORE_ST_WAIT_BY_CODE, err, errlen);
        if (s == NULL)
            return FH_EDB;
        sqlite3_bind_text(s, 1, canon, -1, SQLITE_STATIC);
        r = entry_one(st, c, s, e, &k, err, errlen);
    }
    bool ok = fh_memeq_ct(got, k.token_sha256, sizeof got);
    if (r == FH_OK && !ok)
        r = FH_ENOTFOUND;
    if (r == FH_ENOTFOUND) {
        memset(e, 0, sizeof *e);
        err[0] = '\0';
        return fh_fail(err, errlen, FH_ENOTFOUND, "no waitlist entry with this code and token");
    }
    return r;
}

static fh_result latest_offer(struct store_conn *c, int64_t entry_id, struct store_offer *o,
                              bool *has, char *err, size_t errlen)
{
    sqlite3_stmt *s = store_stmt(c, STORE_ST_OFFER_OF_ENTRY, err, errlen);
    if (s == NULL)
        return FH_EDB;
    sqlite3_bind_int64(s, 1, entry_id);
    fh_result r = offer_one(c, s, o, err, errlen);
    *has = r == FH_OK;
    if (r == FH_ENOTFOUND) {
        err[0] = '\0';
        memset(o, 0, sizeof *o);
        r = FH_OK;
    }
    return r;
}

fh_result store_waitlist_get(struct store *st, const char *code, const char *token,
                             struct store_wait_entry *out, struct store_offer *offer,
                             bool *has_offer, char *err, size_t errlen)
{
    struct store_conn *c = store_read_begin(st, err, errlen);
    if (c == NULL)
        return FH_EDB;
    fh_result r = entry_checked(st, c, code, token, out, err, errlen);
    if (r == FH_OK)
        r = entry_position(c, out, err, errlen);
    if (r == FH_OK && offer != NULL) {
        bool has;
        r = latest_offer(c, out->id, offer, &has, err, errlen);
        if (has_offer != NULL)
            *has_offer = has;
    }
    store_read_end(st, c);
    return r;
}

fh_result store_waitlist_leave(struct store *st, const char *code, const char *token,
                               int64_t now_utc, struct store_wait_entry *out, char *err,
                               size_t errlen)
{
    fh_result r = store_write_begin(st, err, errlen);
    if (r != FH_OK)
        return r;
    struct store_conn *c = &st->writer;
    r = entry_checked(st, c, code, token, out, err, errlen);
    if (r == FH_OK && out->status != STORE_WAIT_LEFT && out->status != STORE_WAIT_WAITING &&
        out->status != STORE_WAIT_OFFERED)
        r = fh_fail(err, errlen, FH_ECONFLICT, "the entry is %s",
                    store_wait_status_name(out->status));
    bool change = r == FH_OK && out->status != STORE_WAIT_LEFT;
    if (change && out->status == STORE_WAIT_OFFERED) {
        struct store_offer o;
        bool has;
        r = latest_offer(c, out->id, &o, &has, err, errlen);
        if (r == FH_OK && has && o.status == STORE_OFFER_HELD)
            r = end_offer(c, o.id, STORE_OFFER_WITHDRAWN, 0, now_utc, NULL, err, errlen);
    }
    if (change && r == FH_OK)
        r = set_entry_status(c, out->id, STORE_WAIT_LEFT, 0, now_utc, err, errlen);
    if (r == FH_OK)
        r = store_write_commit(st, err, errlen);
    else
        store_write_rollback(st);
    if (r == FH_OK && change) {
        out->status = STORE_WAIT_LEFT;
        out->position = 0;
        /* Nothing of the person is kept once they left. */
        out->name[0] = out->national_id_masked[0] = out->phone[0] = out->email[0] = '\0';
    }
    return r;
}

/* ---- offers ------------------------------------------------------------------- */

fh_result store_offer_get(struct store *st, const char *token, struct store_offer *offer,
                          struct store_wait_entry *entry, char *err, size_t errlen)
{
    struct store_conn *c = store_read_begin(st, err, errlen);
    if (c == NULL)
        return FH_EDB;
    fh_result r = offer_by_token(c, token, offer, err, errlen);
    if (r == FH_OK && entry != NULL)
        r = entry_by_id(st, c, offer->entry_id, entry, NULL, err, errlen);
    store_read_end(st, c);
    return r;
}

fh_result store_offer_for_message(struct store *st, int64_t offer_id, struct store_offer *offer,
                                  struct store_wait_entry *entry, char *err, size_t errlen)
{
    struct store_conn *c = store_read_begin(st, err, errlen);
    if (c == NULL)
        return FH_EDB;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_OFFER_BY_ID, err, errlen);
    fh_result r = FH_EDB;
    if (s != NULL) {
        sqlite3_bind_int64(s, 1, offer_id);
        r = offer_one(c, s, offer, err, errlen);
    }
    if (r == FH_OK)
        r = entry_by_id(st, c, offer->entry_id, entry, NULL, err, errlen);
    store_read_end(st, c);
    return r;
}

static fh_result accept_locked(struct store *st, const struct sched_office *office,
                               const struct sched_calendar *cal, const char *token, fh_minute now,
                               const char *key, const uint8_t body_sha256[32], store_reply_fn reply,
                               void *reply_arg, struct store_create_result *out,
                               struct store_offer *o, char *err, size_t errlen)
{
    struct store_conn *c = &st->writer;
    const struct sched_office_spec *spec = sched_office_spec(office);
    struct store_prepared p;
    memset(&p, 0, sizeof p);
    p.now_utc = fh_utc_from_local(now, spec->utc_offset);
    fh_result r;
    if (key != NULL) {
        bool found;
        fh_sha256(key, strlen(key), p.key_sha256);
        r = store_idem_lookup(st, key, p.key_sha256, body_sha256, p.now_utc, &found, out, err,
                              errlen);
        if (r != FH_OK || found) {
            if (r == FH_OK)
                r = offer_by_token(c, token, o, err, errlen);
            return r;
        }
    }
    r = offer_by_token(c, token, o, err, errlen);
    if (r != FH_OK)
        return r;
    if (strcmp(o->office, spec->id) != 0)
        return fh_fail(err, errlen, FH_EINVAL, "the offer is of another office");
    if (o->status != STORE_OFFER_HELD)
        return fh_fail(err, errlen, FH_ECONFLICT, "offer_%s", store_offer_status_name(o->status));
    if (o->expires_at <= p.now_utc)
        return fh_fail(err, errlen, FH_ECONFLICT, "offer_expired");
    struct store_wait_entry e;
    struct entry_keys k;
    r = entry_by_id(st, c, o->entry_id, &e, &k, err, errlen);
    if (r != FH_OK)
        return r;
    /* The entry's person as a prepared request: their keys and masks
     * (the ID itself was never kept). */
    p.service = sched_office_service_index(office, o->service);
    if (p.service < 0) {
        fh_wipe(&e, sizeof e);
        return fh_fail(err, errlen, FH_ECONFLICT, "the service is no longer offered");
    }
    snprintf(p.person, sizeof p.person, "%s", k.person);
    snprintf(p.masked, sizeof p.masked, "%s", e.national_id_masked);
    p.has_partner = k.partner[0] != '\0';
    snprintf(p.partner, sizeof p.partner, "%s", k.partner);
    snprintf(p.partner_masked, sizeof p.partner_masked, "%s", e.partner_national_id_masked);
    /* The hold ends first: the booking takes the place it released. */
    bool ended;
    r = end_offer(c, o->id, STORE_OFFER_ACCEPTED, 0, p.now_utc, &ended, err, errlen);
    if (r == FH_OK && !ended)
        r = fh_fail(err, errlen, FH_ECONFLICT, "offer_%s", "ended");
    struct store_new_booking req = {
        .office = spec->id,
        .service = o->service,
        .start = o->start,
        .name = e.name,
        .national_id = NULL,
        .partner_name = e.partner_name[0] ? e.partner_name : NULL,
        .phone = e.phone[0] ? e.phone : NULL,
        .email = e.email[0] ? e.email : NULL,
        .lang = e.lang,
    };
    if (r == FH_OK)
        r = store_booking_create_locked(st, office, cal, &req, now, &p, key, body_sha256, reply,
                                        reply_arg, out, err, errlen);
    fh_wipe(&e, sizeof e);
    /* The accepted offer names its booking. */
    if (r == FH_OK)
        r = end_offer(c, o->id, STORE_OFFER_ACCEPTED, out->booking.id, p.now_utc, NULL, err,
                      errlen);
    if (r == FH_OK)
        r = set_entry_status(c, o->entry_id, STORE_WAIT_BOOKED, out->booking.id, p.now_utc, err,
                             errlen);
    if (r == FH_OK) {
        o->status = STORE_OFFER_ACCEPTED;
        o->booking_id = out->booking.id;
    }
    return r;
}

fh_result store_offer_accept(struct store *st, const struct sched_office *office,
                             const struct sched_calendar *cal, const char *token, fh_minute now,
                             const char *idempotency_key, const uint8_t body_sha256[32],
                             store_reply_fn reply, void *reply_arg, struct store_create_result *out,
                             struct store_offer *offer, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    memset(offer, 0, sizeof *offer);
    out->suspended_until = FH_NO_DAY;
    if (idempotency_key != NULL && body_sha256 == NULL)
        return fh_fail(err, errlen, FH_EINVAL, "idempotency key without a body hash");
    fh_result r = store_write_begin(st, err, errlen);
    if (r != FH_OK)
        return r;
    r = accept_locked(st, office, cal, token, now, idempotency_key, body_sha256, reply, reply_arg,
                      out, offer, err, errlen);
    if (r == FH_OK)
        r = store_write_commit(st, err, errlen);
    else
        store_write_rollback(st);
    if (r != FH_OK) {
        enum sched_refusal refusal = out->refusal;
        bool partner_refused = out->partner_refused;
        fh_day until = out->suspended_until;
        free(out->body);
        memset(out, 0, sizeof *out);
        out->refusal = r == FH_EREFUSED ? refusal : SCHED_OK;
        out->partner_refused = r == FH_EREFUSED && partner_refused;
        out->suspended_until = r == FH_EREFUSED ? until : FH_NO_DAY;
    }
    return r;
}

fh_result store_offer_decline(struct store *st, const char *token, int64_t now_utc,
                              struct store_offer *offer, char *err, size_t errlen)
{
    fh_result r = store_write_begin(st, err, errlen);
    if (r != FH_OK)
        return r;
    struct store_conn *c = &st->writer;
    r = offer_by_token(c, token, offer, err, errlen);
    bool change = r == FH_OK && offer->status == STORE_OFFER_HELD;
    if (r == FH_OK && !change && offer->status != STORE_OFFER_DECLINED)
        r = fh_fail(err, errlen, FH_ECONFLICT, "offer_%s", store_offer_status_name(offer->status));
    if (change && r == FH_OK)
        r = end_offer(c, offer->id, STORE_OFFER_DECLINED, 0, now_utc, NULL, err, errlen);
    if (change && r == FH_OK)
        r = set_entry_status(c, offer->entry_id, STORE_WAIT_DECLINED, 0, now_utc, err, errlen);
    if (r == FH_OK)
        r = store_write_commit(st, err, errlen);
    else
        store_write_rollback(st);
    if (r == FH_OK && change)
        offer->status = STORE_OFFER_DECLINED;
    return r;
}

/* ---- the pass ------------------------------------------------------------------- */

/* Ends the office's holds that expired at now_utc, each entry with it. */
static fh_result expire_holds(struct store *st, const char *office, int64_t now_utc, size_t *count,
                              char *err, size_t errlen)
{
    struct store_conn *c = &st->writer;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_OFFERS_EXPIRED, err, errlen);
    if (s == NULL)
        return FH_EDB;
    sqlite3_bind_text(s, 1, office, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, now_utc);
    int64_t(*ids)[2] = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = store_step(s)) == SQLITE_ROW) {
        ids = fh_grow(ids, sizeof *ids, &cap, n + 1);
        ids[n][0] = sqlite3_column_int64(s, 0);
        ids[n++][1] = sqlite3_column_int64(s, 1);
    }
    fh_result r =
        rc == SQLITE_DONE ? FH_OK : store_db_fail(c->db, rc, "expired holds", err, errlen);
    store_stmt_release(s);
    for (size_t i = 0; r == FH_OK && i < n; i++) {
        r = end_offer(c, ids[i][0], STORE_OFFER_EXPIRED, 0, now_utc, NULL, err, errlen);
        if (r == FH_OK)
            r = set_entry_status(c, ids[i][1], STORE_WAIT_EXPIRED, 0, now_utc, err, errlen);
    }
    if (r == FH_OK)
        *count = n;
    free(ids);
    return r;
}

/* Holds the place at start for entry e and queues its messages. *made
 * false when the person cannot be told in time (no e-mail, and no SMS may
 * go now): they are passed over for now. */
static fh_result make_offer(struct store *st, const struct sched_office *office,
                            const struct sched_calendar *cal, const struct store_wait_entry *e,
                            const struct sched_request *sreq, const struct person_view *v,
                            fh_minute now, int64_t now_utc, bool *made, char *err, size_t errlen)
{
    struct store_conn *c = &st->writer;
    const struct sched_office_spec *spec = sched_office_spec(office);
    *made = false;
    fh_minute expires = sched_offer_expires(office, now, sreq->start);
    bool email = e->email[0] != '\0';
    bool sms = e->phone[0] != '\0' && sched_offer_sms_allowed(&st->reminders, now, expires);
    if (!email && !sms)
        return FH_OK;
    struct sched_admission adm;
    if (sched_admit(office, cal, sreq, now, v->occ, v->nocc, v->mine, v->nmine, &adm) != SCHED_OK)
        return FH_OK;
    const char *window = store_admitted_window(office, &adm);
    if (window == NULL)
        return fh_fail(err, errlen, FH_EINTERNAL, "store: admission names no window");
    char code[STORE_CODE_LEN + 1], token[STORE_TOKEN_LEN + 1];
    uint8_t sha[FH_SHA256_LEN];
    fh_result r = store_random_code_in(c, STORE_ST_OFFER_CODE_EXISTS, code, err, errlen);
    if (r != FH_OK)
        return r;
    store_offer_token(st, code, token);
    fh_sha256(token, STORE_TOKEN_LEN, sha);
    fh_wipe(token, sizeof token);
    int64_t expires_at = fh_utc_from_local(expires, spec->utc_offset);
    sqlite3_stmt *s = store_stmt(c, STORE_ST_OFFER_INSERT, err, errlen);
    if (s == NULL)
        return FH_EDB;
    sqlite3_bind_int64(s, 1, e->id);
    sqlite3_bind_text(s, 2, code, -1, SQLITE_STATIC);
    sqlite3_bind_blob(s, 3, sha, sizeof sha, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, spec->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, e->service, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 6, window, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 7, fh_day_of(sreq->start));
    sqlite3_bind_int64(s, 8, sreq->start);
    sqlite3_bind_int64(s, 9, adm.end);
    sqlite3_bind_int(s, 10, adm.minutes);
    sqlite3_bind_int64(s, 11, expires_at);
    sqlite3_bind_int64(s, 12, now_utc);
    r = store_step_done(c, s, "insert offer", err, errlen);
    int64_t offer_id = r == FH_OK ? sqlite3_last_insert_rowid(c->db) : 0;
    if (r == FH_OK)
        r = set_entry_status(c, e->id, STORE_WAIT_OFFERED, 0, now_utc, err, errlen);
    for (int ch = 0; r == FH_OK && ch < 2; ch++) {
        if ((ch == 0 && !email) || (ch == 1 && !sms))
            continue;
        if ((s = store_stmt(c, STORE_ST_OUTBOX_INSERT_OFFER, err, errlen)) == NULL)
            return FH_EDB;
        sqlite3_bind_text(s, 1, spec->id, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 2, offer_id);
        sqlite3_bind_text(s, 3, store_channel_name(ch == 0 ? STORE_EMAIL : STORE_SMS), -1,
                          SQLITE_STATIC);
        sqlite3_bind_int64(s, 4, now_utc);
        r = store_step_done(c, s, "queue offer message", err, errlen);
    }
    *made = r == FH_OK;
    return r;
}

static fh_result pass_locked(struct store *st, const struct sched_office *office,
                             const struct sched_calendar *cal, fh_minute now,
                             struct store_wait_pass *out, char *err, size_t errlen)
{
    struct store_conn *c = &st->writer;
    const struct sched_office_spec *spec = sched_office_spec(office);
    int64_t now_utc = fh_utc_from_local(now, spec->utc_offset);
    fh_day today = fh_day_of(now);
    fh_result r = expire_holds(st, spec->id, now_utc, &out->expired, err, errlen);
    sqlite3_stmt *s = NULL;
    if (r == FH_OK && (s = store_stmt(c, STORE_ST_WAIT_END_PAST, err, errlen)) == NULL)
        r = FH_EDB;
    if (r == FH_OK) {
        sqlite3_bind_text(s, 1, spec->id, -1, SQLITE_STATIC);
        sqlite3_bind_int(s, 2, today);
        sqlite3_bind_int64(s, 3, now_utc);
        r = store_step_done(c, s, "end past entries", err, errlen);
        if (r == FH_OK)
            out->over += (size_t)sqlite3_changes(c->db);
    }
    if (r != FH_OK)
        return r;
    /* Everyone waiting, in the order they joined: the first whom the rules
     * admit to a free place gets it. */
    struct waiting {
        struct store_wait_entry e;
        struct entry_keys k;
    } *list = NULL;
    size_t n = 0, cap = 0;
    if ((s = store_stmt(c, STORE_ST_WAIT_QUEUE, err, errlen)) == NULL)
        return FH_EDB;
    sqlite3_bind_text(s, 1, spec->id, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 2, today);
    int rc;
    while (r == FH_OK && (rc = store_step(s)) == SQLITE_ROW) {
        list = fh_grow(list, sizeof *list, &cap, n + 1);
        r = entry_from_row(st, s, &list[n].e, &list[n].k, err, errlen);
        n++;
    }
    if (r == FH_OK && rc != SQLITE_DONE)
        r = store_db_fail(c->db, rc, "waiting entries", err, errlen);
    store_stmt_release(s);
    /* What was found full in this pass stays full for everyone after (an
     * offer only takes places): their entries need no look. */
    struct full_key {
        fh_day day;
        fh_minute start;
        const char *service;
    } *full = NULL;
    size_t nfull = 0, fcap = 0;
    for (size_t i = 0; r == FH_OK && i < n; i++) {
        struct store_wait_entry *e = &list[i].e;
        const char *partner = list[i].k.partner[0] ? list[i].k.partner : NULL;
        int service = sched_office_service_index(office, e->service);
        bool known_full = false;
        for (size_t f = 0; f < nfull && !known_full; f++)
            known_full = full[f].day == e->day && full[f].start == e->start &&
                         strcmp(full[f].service, e->service) == 0;
        if (service < 0 || known_full)
            continue;
        struct person_view v;
        r = load_view(c, office, e->day, list[i].k.person, partner, &v, err, errlen);
        if (r != FH_OK)
            break;
        struct sched_request sreq = request_of(service, e->start, list[i].k.person, partner, &v);
        fh_minute start;
        enum sched_refusal refusal;
        enum sched_wait w =
            sched_waitlist_check(office, cal, &sreq, e->start == SCHED_NEVER ? e->day : FH_NO_DAY,
                                 now, v.occ, v.nocc, v.mine, v.nmine, &start, &refusal);
        if (w == SCHED_WAIT_PLACES_LEFT) {
            bool made;
            sreq.start = start;
            r = make_offer(st, office, cal, e, &sreq, &v, now, now_utc, &made, err, errlen);
            if (made)
                out->offered++;
        } else if (w == SCHED_WAIT_FULL) {
            full = fh_grow(full, sizeof *full, &fcap, nfull + 1);
            full[nfull++] = (struct full_key){e->day, e->start, e->service};
        } else if (w == SCHED_WAIT_REFUSED && sched_waitlist_over(refusal)) {
            r = set_entry_status(c, e->id, STORE_WAIT_OVER, 0, now_utc, err, errlen);
            if (r == FH_OK)
                out->over++;
        }
        view_free(&v);
    }
    free(full);
    for (size_t i = 0; i < n; i++)
        fh_wipe(&list[i], sizeof list[i]);
    free(list);
    return r;
}

fh_result store_waitlist_pass(struct store *st, const struct sched_office *office,
                              const struct sched_calendar *cal, fh_minute now,
                              struct store_wait_pass *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    fh_result r = store_write_begin(st, err, errlen);
    if (r != FH_OK)
        return r;
    r = pass_locked(st, office, cal, now, out, err, errlen);
    if (r == FH_OK)
        r = store_write_commit(st, err, errlen);
    else
        store_write_rollback(st);
    if (r != FH_OK)
        memset(out, 0, sizeof *out);
    return r;
}

fh_result store_waitlist_of_day(struct store *st, const char *office, fh_day day,
                                struct store_wait_entry **out, size_t *count, char *err,
                                size_t errlen)
{
    *out = NULL;
    *count = 0;
    struct store_conn *c = store_read_begin(st, err, errlen);
    if (c == NULL)
        return FH_EDB;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_WAIT_OF_DAY, err, errlen);
    fh_result r = s == NULL ? FH_EDB : FH_OK;
    struct store_wait_entry *list = NULL;
    size_t n = 0, cap = 0;
    if (r == FH_OK) {
        sqlite3_bind_text(s, 1, office, -1, SQLITE_STATIC);
        sqlite3_bind_int(s, 2, day);
        int rc;
        while (r == FH_OK && (rc = store_step(s)) == SQLITE_ROW) {
            list = fh_grow(list, sizeof *list, &cap, n + 1);
            r = entry_from_row(st, s, &list[n++], NULL, err, errlen);
        }
        if (r == FH_OK && rc != SQLITE_DONE)
            r = store_db_fail(c->db, rc, "waitlist of a day", err, errlen);
        store_stmt_release(s);
    }
    /* Positions counted here: each is the waiting before it of its service. */
    for (size_t i = 0; r == FH_OK && i < n; i++) {
        if (list[i].status != STORE_WAIT_WAITING)
            continue;
        int pos = 1;
        for (size_t j = 0; j < i; j++)
            if (list[j].status == STORE_WAIT_WAITING &&
                strcmp(list[j].service, list[i].service) == 0)
                pos++;
        list[i].position = pos;
    }
    store_read_end(st, c);
    if (r != FH_OK) {
        free(list);
        return r;
    }
    *out = list;
    *count = n;
    return FH_OK;
}

fh_result store_waitlist_join_prepared(struct store *st, const struct sched_office *office,
                                       const struct sched_calendar *cal,
                                       const struct store_new_booking *req, bool whole_day,
                                       fh_minute now, const struct store_prepared *p,
                                       store_wait_reply_fn reply, void *reply_arg,
                                       struct store_wait_result *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    out->suspended_until = FH_NO_DAY;
    return join_locked(st, office, cal, req, whole_day, now, p, NULL, NULL, reply, reply_arg, out,
                       err, errlen);
}
