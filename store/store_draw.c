/* store_draw.c: lucky-date draws (migration 19). A draw is committed before
 * its requests open: a random seed sealed in its row, its SHA-256 kept to
 * be shown. A couple's request is checked as a booking is (fields, person
 * keys, the rules that do not depend on places) and kept with its contact
 * sealed; draw_person takes each of the two once, so that a couple
 * requests once. When the draw closes it ranks the requests
 * (sched_draw_rank()) and reveals the seed, then places them in rank order
 * in batches: each booked at its time, else at the nearest time of the day
 * with a place, else on the day's waitlist, else refused; every step of a
 * request is one transaction with its outcome, so that a crash repeats
 * nothing. Exports the store_draw_*() functions of store.h. */
#include "store/store_internal.h"

#include "common/fh_hash.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOKEN_BYTES (STORE_TOKEN_LEN / 2)
/* The label of the key that makes request links (store_derive_key()). */
#define REQUEST_LINK_LABEL "draw-request-link"

static const char *const outcome_names[] = {
    [STORE_DRAW_PENDING] = "pending",
    [STORE_DRAW_BOOKED] = "booked",
    [STORE_DRAW_WAITING] = "waiting",
    [STORE_DRAW_REFUSED] = "refused",
};
#define COUNT_OF(a) (sizeof(a) / sizeof(a)[0])

const char *store_draw_outcome_name(enum store_draw_outcome o)
{
    return (unsigned)o < COUNT_OF(outcome_names) ? outcome_names[o] : "unknown";
}

static enum store_draw_outcome parse_outcome(const unsigned char *text)
{
    for (size_t i = 0; text != NULL && i < COUNT_OF(outcome_names); i++)
        if (strcmp((const char *)text, outcome_names[i]) == 0)
            return (enum store_draw_outcome)i;
    return STORE_DRAW_PENDING;
}

static void copy_text(char *dst, size_t len, sqlite3_stmt *s, int col)
{
    const unsigned char *t = sqlite3_column_text(s, col);
    snprintf(dst, len, "%s", t ? (const char *)t : "");
}

/* What a draw's seed and a request's contact are sealed under: the code in
 * lower case (as a waitlist entry's), which no booking code is. Draw codes
 * and request numbers share one namespace (STORE_ST_DRAW_CODE_EXISTS). */
static void seal_label(const char *code, char out[32])
{
    size_t i = 0;
    for (; i < 31 && code[i] != '\0'; i++)
        out[i] = (char)tolower((unsigned char)code[i]);
    out[i] = '\0';
}

void store_draw_token(const struct store *st, const char *number, char out[STORE_TOKEN_LEN + 1])
{
    uint8_t key[32], mac[FH_SHA256_LEN];
    store_derive_key(st, REQUEST_LINK_LABEL, key);
    fh_hmac_sha256(key, sizeof key, number, strlen(number), mac);
    fh_hex_encode(mac, TOKEN_BYTES, out);
    fh_wipe(key, sizeof key);
    fh_wipe(mac, sizeof mac);
}

fh_result store_draw_forget(struct store *st, const char *office, fh_day day, char *err,
                            size_t errlen)
{
    fh_result r = store_write_begin(st, err, errlen);
    if (r != FH_OK)
        return r;
    sqlite3_stmt *s = store_stmt(&st->writer, STORE_ST_DRAW_FORGET, err, errlen);
    r = s != NULL ? FH_OK : FH_EDB;
    if (r == FH_OK) {
        sqlite3_bind_text(s, 1, office, -1, SQLITE_STATIC);
        sqlite3_bind_int(s, 2, day);
        r = store_step_done(&st->writer, s, "forget draw contacts", err, errlen);
    }
    if (r == FH_OK)
        r = store_write_commit(st, err, errlen);
    else
        store_write_rollback(st);
    return r;
}

/* ---- draws ---------------------------------------------------------------------- */

/* DRAW_COLUMNS of the current row; *seed_blob (may be NULL) points at the
 * sealed seed, valid until the statement moves. */
static void draw_from_row(sqlite3_stmt *s, struct store_draw *d, const void **seed_blob,
                          size_t *seed_len)
{
    memset(d, 0, sizeof *d);
    d->id = sqlite3_column_int64(s, 0);
    copy_text(d->code, sizeof d->code, s, 1);
    copy_text(d->office, sizeof d->office, s, 2);
    d->day = (fh_day)sqlite3_column_int(s, 3);
    if (seed_blob != NULL) {
        *seed_blob = sqlite3_column_blob(s, 4);
        *seed_len = (size_t)sqlite3_column_bytes(s, 4);
    }
    copy_text(d->commitment, sizeof d->commitment, s, 5);
    copy_text(d->seed, sizeof d->seed, s, 6);
    d->committed_at = sqlite3_column_int64(s, 7);
    d->drawn_at = sqlite3_column_int64(s, 8);
    d->done_at = sqlite3_column_int64(s, 9);
    d->requests = (size_t)sqlite3_column_int64(s, 10);
}

/* The draw of office's day on c; with seed non-NULL its seed opened too. */
static fh_result draw_by_day(struct store *st, struct store_conn *c, const char *office, fh_day day,
                             struct store_draw *d, uint8_t *seed, char *err, size_t errlen)
{
    sqlite3_stmt *s = store_stmt(c, STORE_ST_DRAW_BY_DAY, err, errlen);
    if (s == NULL)
        return FH_EDB;
    sqlite3_bind_text(s, 1, office, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 2, day);
    int rc = store_step(s);
    fh_result r = FH_OK;
    if (rc == SQLITE_ROW) {
        const void *blob;
        size_t len;
        draw_from_row(s, d, &blob, &len);
        if (seed != NULL) {
            /* Sealed as a booking's name is: the seed in hex. */
            struct store_booking sealed;
            char label[32];
            seal_label(d->code, label);
            r = store_pii_open(st, label, blob, len, &sealed, NULL, err, errlen);
            if (r == FH_OK && fh_hex_decode(sealed.name, seed, SCHED_DRAW_SEED_LEN) != NULL)
                r = fh_fail(err, errlen, FH_EINTERNAL, "store: the draw's seed does not open");
            fh_wipe(&sealed, sizeof sealed);
        }
    } else {
        r = rc == SQLITE_DONE ? fh_fail(err, errlen, FH_ENOTFOUND, "no draw committed for the day")
                              : store_db_fail(c->db, rc, "find draw", err, errlen);
    }
    store_stmt_release(s);
    return r;
}

fh_result store_draw_commit(struct store *st, const char *office, fh_day day, int64_t now_utc,
                            struct store_draw *out, char *err, size_t errlen)
{
    fh_result r = store_write_begin(st, err, errlen);
    if (r != FH_OK)
        return r;
    struct store_conn *c = &st->writer;
    r = draw_by_day(st, c, office, day, out, NULL, err, errlen);
    if (r != FH_ENOTFOUND) {
        store_write_rollback(st);
        return r;
    }
    err[0] = '\0';
    uint8_t seed[SCHED_DRAW_SEED_LEN], sha[FH_SHA256_LEN];
    char code[STORE_CODE_LEN + 1], label[32];
    memset(out, 0, sizeof *out);
    r = store_random_code_in(c, STORE_ST_DRAW_CODE_EXISTS, code, err, errlen);
    if (r == FH_OK && fh_random_bytes(seed, sizeof seed) != FH_OK)
        r = fh_fail(err, errlen, FH_EIO, "store: no random bytes from the kernel");
    uint8_t *blob = NULL;
    size_t blob_len = 0;
    if (r == FH_OK) {
        struct store_booking sealed;
        memset(&sealed, 0, sizeof sealed);
        fh_hex_encode(seed, sizeof seed, sealed.name);
        seal_label(code, label);
        r = store_pii_seal_current(st, label, &sealed, &blob, &blob_len, err, errlen);
        fh_wipe(&sealed, sizeof sealed);
        fh_sha256(seed, sizeof seed, sha);
        fh_hex_encode(sha, sizeof sha, out->commitment);
    }
    fh_wipe(seed, sizeof seed);
    sqlite3_stmt *s = r == FH_OK ? store_stmt(c, STORE_ST_DRAW_INSERT, err, errlen) : NULL;
    if (r == FH_OK && s == NULL)
        r = FH_EDB;
    if (r == FH_OK) {
        sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, office, -1, SQLITE_STATIC);
        sqlite3_bind_int(s, 3, day);
        sqlite3_bind_blob(s, 4, blob, (int)blob_len, SQLITE_STATIC);
        sqlite3_bind_text(s, 5, out->commitment, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 6, now_utc);
        r = store_step_done(c, s, "insert draw", err, errlen);
    }
    free(blob);
    if (r == FH_OK) {
        out->id = sqlite3_last_insert_rowid(c->db);
        snprintf(out->code, sizeof out->code, "%s", code);
        snprintf(out->office, sizeof out->office, "%s", office);
        out->day = day;
        out->committed_at = now_utc;
        r = store_write_commit(st, err, errlen);
    } else {
        store_write_rollback(st);
    }
    return r;
}

fh_result store_draw_get(struct store *st, const char *office, fh_day day, struct store_draw *out,
                         char *err, size_t errlen)
{
    struct store_conn *c = store_read_begin(st, err, errlen);
    if (c == NULL)
        return FH_EDB;
    fh_result r = draw_by_day(st, c, office, day, out, NULL, err, errlen);
    store_read_end(st, c);
    return r;
}

/* ---- requests ------------------------------------------------------------------- */

/* A request's person keys and token hash, beside its public fields. */
struct request_keys {
    uint8_t token_sha256[FH_SHA256_LEN];
    char person[65];
    char partner[65]; /* "" when none */
};

/* DRAW_REQUEST_COLUMNS of the current row; with open, its contact opened
 * when still kept. */
static fh_result request_from_row(struct store *st, sqlite3_stmt *s, bool open,
                                  struct store_draw_request *q, struct request_keys *k, char *err,
                                  size_t errlen)
{
    memset(q, 0, sizeof *q);
    q->id = sqlite3_column_int64(s, 0);
    q->draw_id = sqlite3_column_int64(s, 1);
    copy_text(q->number, sizeof q->number, s, 2);
    if (k != NULL) {
        memset(k, 0, sizeof *k);
        if (sqlite3_column_bytes(s, 3) == FH_SHA256_LEN)
            memcpy(k->token_sha256, sqlite3_column_blob(s, 3), FH_SHA256_LEN);
        copy_text(k->person, sizeof k->person, s, 6);
        copy_text(k->partner, sizeof k->partner, s, 7);
    }
    copy_text(q->service, sizeof q->service, s, 4);
    q->start = sqlite3_column_int64(s, 5);
    q->resident = sqlite3_column_int(s, 8) != 0;
    copy_text(q->lang, sizeof q->lang, s, 10);
    q->rank = sqlite3_column_int(s, 11);
    q->outcome = parse_outcome(sqlite3_column_text(s, 12));
    copy_text(q->refusal, sizeof q->refusal, s, 13);
    q->booking_id = sqlite3_column_int64(s, 14);
    q->wait_id = sqlite3_column_int64(s, 15);
    q->created_at = sqlite3_column_int64(s, 16);
    copy_text(q->office, sizeof q->office, s, 17);
    q->day = (fh_day)sqlite3_column_int(s, 18);
    if (!open || sqlite3_column_type(s, 9) == SQLITE_NULL)
        return FH_OK;
    struct store_booking sealed;
    char label[32];
    seal_label(q->number, label);
    fh_result r = store_pii_open(st, label, sqlite3_column_blob(s, 9),
                                 (size_t)sqlite3_column_bytes(s, 9), &sealed, NULL, err, errlen);
    if (r == FH_OK) {
        snprintf(q->name, sizeof q->name, "%s", sealed.name);
        snprintf(q->national_id_masked, sizeof q->national_id_masked, "%s",
                 sealed.national_id_masked);
        snprintf(q->partner_name, sizeof q->partner_name, "%s", sealed.partner_name);
        snprintf(q->partner_national_id_masked, sizeof q->partner_national_id_masked, "%s",
                 sealed.partner_national_id_masked);
        snprintf(q->phone, sizeof q->phone, "%s", sealed.phone);
        snprintf(q->email, sizeof q->email, "%s", sealed.email);
    }
    fh_wipe(&sealed, sizeof sealed);
    return r;
}

static fh_result request_one(struct store *st, struct store_conn *c, sqlite3_stmt *s, bool open,
                             struct store_draw_request *q, struct request_keys *k, char *err,
                             size_t errlen)
{
    int rc = store_step(s);
    fh_result r = rc == SQLITE_ROW    ? request_from_row(st, s, open, q, k, err, errlen)
                  : rc == SQLITE_DONE ? fh_fail(err, errlen, FH_ENOTFOUND, "no such draw request")
                                      : store_db_fail(c->db, rc, "find draw request", err, errlen);
    store_stmt_release(s);
    return r;
}

fh_result store_draw_requests(struct store *st, int64_t draw_id, struct store_draw_request **out,
                              size_t *count, char *err, size_t errlen)
{
    *out = NULL;
    *count = 0;
    struct store_conn *c = store_read_begin(st, err, errlen);
    if (c == NULL)
        return FH_EDB;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_DRAW_REQ_LIST, err, errlen);
    fh_result r = s != NULL ? FH_OK : FH_EDB;
    size_t cap = 0;
    int rc = SQLITE_DONE;
    if (r == FH_OK) {
        sqlite3_bind_int64(s, 1, draw_id);
        while (r == FH_OK && (rc = store_step(s)) == SQLITE_ROW) {
            *out = fh_grow(*out, sizeof **out, &cap, *count + 1);
            r = request_from_row(st, s, false, &(*out)[(*count)++], NULL, err, errlen);
        }
        if (r == FH_OK && rc != SQLITE_DONE)
            r = store_db_fail(c->db, rc, "list draw requests", err, errlen);
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

fh_result store_draw_request_get(struct store *st, const char *number, const char *token,
                                 struct store_draw_request *out, char *err, size_t errlen)
{
    char canon[STORE_CODE_LEN + 1];
    uint8_t got[FH_SHA256_LEN];
    struct request_keys k;
    memset(&k, 0, sizeof k);
    bool ok = store_code_normalise(number, canon);
    fh_sha256(token != NULL ? token : "", token != NULL ? strlen(token) : 0, got);
    struct store_conn *c = store_read_begin(st, err, errlen);
    if (c == NULL)
        return FH_EDB;
    fh_result r = FH_ENOTFOUND;
    if (ok) {
        sqlite3_stmt *s = store_stmt(c, STORE_ST_DRAW_REQ_BY_NUMBER, err, errlen);
        if (s == NULL) {
            store_read_end(st, c);
            return FH_EDB;
        }
        sqlite3_bind_text(s, 1, canon, -1, SQLITE_STATIC);
        r = request_one(st, c, s, true, out, &k, err, errlen);
    }
    store_read_end(st, c);
    /* A wrong token and an unknown number are one answer, after the same
     * hashing and comparing. */
    bool token_ok = fh_memeq_ct(got, k.token_sha256, sizeof got);
    if (r == FH_OK && token != NULL && !token_ok)
        r = FH_ENOTFOUND;
    if (r == FH_ENOTFOUND) {
        fh_wipe(out, sizeof *out);
        err[0] = '\0';
        return fh_fail(err, errlen, FH_ENOTFOUND, "no draw request with this number and token");
    }
    return r;
}

fh_result store_draw_request_by_id(struct store *st, int64_t id, struct store_draw_request *out,
                                   char *err, size_t errlen)
{
    struct store_conn *c = store_read_begin(st, err, errlen);
    if (c == NULL)
        return FH_EDB;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_DRAW_REQ_BY_ID, err, errlen);
    fh_result r = FH_EDB;
    if (s != NULL) {
        sqlite3_bind_int64(s, 1, id);
        r = request_one(st, c, s, true, out, NULL, err, errlen);
    }
    store_read_end(st, c);
    return r;
}

/* Takes person for the draw (its request request_id): false when they have
 * one already. */
static fh_result take_person(struct store_conn *c, int64_t draw_id, const char *person,
                             int64_t request_id, bool *taken, char *err, size_t errlen)
{
    sqlite3_stmt *s = store_stmt(c, STORE_ST_DRAW_PERSON_INSERT, err, errlen);
    if (s == NULL)
        return FH_EDB;
    sqlite3_bind_int64(s, 1, draw_id);
    sqlite3_bind_text(s, 2, person, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, request_id);
    fh_result r = store_step_done(c, s, "take draw person", err, errlen);
    *taken = r == FH_OK && sqlite3_changes(c->db) == 1;
    return r;
}

/* The booking's rules that do not depend on places, for a request of the
 * draw: sched_admit() at the draw's close with no place taken. */
static fh_result request_admissible(struct store_conn *c, const struct sched_office *office,
                                    const struct sched_calendar *cal,
                                    const struct store_new_booking *req,
                                    const struct store_prepared *p, fh_minute closes,
                                    struct store_draw_result *out, char *err, size_t errlen)
{
    const struct sched_office_spec *spec = sched_office_spec(office);
    const char *partner = p->has_partner ? p->partner : NULL;
    fh_day day = fh_day_of(req->start);
    struct sched_booking *occ = NULL, *mine = NULL;
    size_t nocc = 0, nmine = 0;
    struct sched_miss *misses = NULL;
    struct sched_lift *lifts = NULL;
    size_t nmisses = 0, nlifts = 0;
    fh_result r = store_load_for_admit(c, office, day, day, p->person, partner, 0, NULL, &occ,
                                       &nocc, &mine, &nmine, err, errlen);
    if (r == FH_OK)
        r = store_misses_load(c, spec->id, p->person, partner, &misses, &nmisses, &lifts, &nlifts,
                              err, errlen);
    if (r == FH_OK) {
        struct sched_request sreq = {
            .service = p->service,
            .start = req->start,
            .person = store_person_u64(p->person),
            .partner = partner ? store_person_u64(partner) : 0,
            .resident = req->resident,
            .misses = misses,
            .miss_count = nmisses,
            .lifts = lifts,
            .lift_count = nlifts,
            .drawn = true,
        };
        struct sched_admission adm;
        enum sched_refusal why =
            sched_admit(office, cal, &sreq, closes, NULL, 0, mine, nmine, &adm);
        /* The places are the draw's to give: a full slot is no reason. */
        if (why != SCHED_OK && why != SCHED_SLOT_FULL) {
            out->refusal = why;
            out->partner_refused = adm.partner_refused;
            out->suspended_until = why == SCHED_SUSPENDED ? adm.suspended_until : FH_NO_DAY;
            r = fh_fail(err, errlen, FH_EREFUSED, "%s", sched_refusal_code(why));
        }
    }
    free(occ);
    free(mine);
    free(misses);
    free(lifts);
    return r;
}

static fh_result request_locked(struct store *st, const struct sched_office *office,
                                const struct sched_calendar *cal,
                                const struct store_new_booking *req, const struct store_prepared *p,
                                const char *key, const uint8_t body_sha256[32],
                                store_draw_reply_fn reply, void *reply_arg,
                                struct store_draw_result *out, char *err, size_t errlen)
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
    struct store_draw d;
    r = draw_by_day(st, c, spec->id, day, &d, NULL, err, errlen);
    /* Not committed yet: no request may come before the commitment. */
    if (r == FH_ENOTFOUND) {
        err[0] = '\0';
        return fh_fail(err, errlen, FH_ECONFLICT, "draw_not_open");
    }
    if (r != FH_OK)
        return r;
    const struct sched_release *rule = sched_release_rule(office, day);
    if (rule == NULL || !rule->draw)
        return fh_fail(err, errlen, FH_ECONFLICT, "draw_not_open");
    r = request_admissible(c, office, cal, req, p, sched_instant_of(&rule->draw_closes, day), out,
                           err, errlen);
    if (r != FH_OK)
        return r;

    struct store_draw_request *q = &out->request;
    memset(q, 0, sizeof *q);
    r = store_random_code_in(c, STORE_ST_DRAW_CODE_EXISTS, q->number, err, errlen);
    if (r != FH_OK)
        return r;
    uint8_t token_sha256[FH_SHA256_LEN];
    char token[STORE_TOKEN_LEN + 1];
    store_draw_token(st, q->number, token);
    fh_sha256(token, STORE_TOKEN_LEN, token_sha256);

    q->draw_id = d.id;
    snprintf(q->office, sizeof q->office, "%s", spec->id);
    q->day = day;
    snprintf(q->service, sizeof q->service, "%s", req->service);
    q->start = req->start;
    q->resident = req->resident;
    q->outcome = STORE_DRAW_PENDING;
    q->created_at = p->now_utc;
    snprintf(q->lang, sizeof q->lang, "%s", req->lang ? req->lang : "zh-TW");
    snprintf(q->name, sizeof q->name, "%s", req->name ? req->name : "");
    snprintf(q->national_id_masked, sizeof q->national_id_masked, "%s", p->masked);
    snprintf(q->partner_name, sizeof q->partner_name, "%s",
             req->partner_name ? req->partner_name : "");
    snprintf(q->partner_national_id_masked, sizeof q->partner_national_id_masked, "%s",
             p->partner_masked);
    snprintf(q->phone, sizeof q->phone, "%s", req->phone ? req->phone : "");
    snprintf(q->email, sizeof q->email, "%s", req->email ? req->email : "");

    /* The contact sealed as a booking's personal fields are. */
    struct store_booking b;
    memset(&b, 0, sizeof b);
    store_booking_contact(&b, req, p);
    b.needs = req->needs;
    size_t pii_len = 0;
    uint8_t *pii = NULL;
    char label[32];
    seal_label(q->number, label);
    r = store_pii_seal_current(st, label, &b, &pii, &pii_len, err, errlen);
    fh_wipe(&b, sizeof b);
    sqlite3_stmt *s = r == FH_OK ? store_stmt(c, STORE_ST_DRAW_REQ_INSERT, err, errlen) : NULL;
    if (r == FH_OK && s == NULL)
        r = FH_EDB;
    if (r == FH_OK) {
        sqlite3_bind_int64(s, 1, d.id);
        sqlite3_bind_text(s, 2, q->number, -1, SQLITE_STATIC);
        sqlite3_bind_blob(s, 3, token_sha256, sizeof token_sha256, SQLITE_STATIC);
        sqlite3_bind_text(s, 4, q->service, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 5, q->start);
        sqlite3_bind_text(s, 6, p->person, -1, SQLITE_STATIC);
        if (p->has_partner)
            sqlite3_bind_text(s, 7, p->partner, -1, SQLITE_STATIC);
        sqlite3_bind_int(s, 8, q->resident);
        sqlite3_bind_blob(s, 9, pii, (int)pii_len, SQLITE_STATIC);
        sqlite3_bind_text(s, 10, q->lang, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 11, p->now_utc);
        r = store_step_done(c, s, "insert draw request", err, errlen);
    }
    free(pii);
    if (r == FH_OK)
        q->id = sqlite3_last_insert_rowid(c->db);
    /* One request a couple: each of the two once in the draw, whichever of
     * them asks (the transaction's rollback takes the request back). */
    bool taken = true;
    if (r == FH_OK)
        r = take_person(c, d.id, p->person, q->id, &taken, err, errlen);
    if (r == FH_OK && taken && p->has_partner)
        r = take_person(c, d.id, p->partner, q->id, &taken, err, errlen);
    if (r == FH_OK && !taken)
        r = fh_fail(err, errlen, FH_ECONFLICT, "already_requested");
    char *body = r == FH_OK ? reply(q, token, reply_arg) : NULL;
    fh_wipe(token, sizeof token);
    if (r != FH_OK) {
        free(body);
        return r;
    }
    return store_idem_created(st, key, p, body_sha256, body, &out->http_status, &out->body, err,
                              errlen);
}

fh_result store_draw_request_create(struct store *st, const struct sched_office *office,
                                    const struct sched_calendar *cal,
                                    const struct store_new_booking *req, fh_minute now,
                                    const char *idempotency_key, const uint8_t body_sha256[32],
                                    store_draw_reply_fn reply, void *reply_arg,
                                    struct store_draw_result *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    out->suspended_until = FH_NO_DAY;
    if (idempotency_key != NULL && body_sha256 == NULL)
        return fh_fail(err, errlen, FH_EINVAL, "idempotency key without a body hash");
    struct store_prepared p;
    fh_result r =
        store_booking_prepare(st, office, req, idempotency_key, body_sha256, now, &p, err, errlen);
    if (r != FH_OK)
        return r;
    if (sched_draw_phase(office, fh_day_of(req->start), now) != SCHED_DRAW_OPEN)
        return fh_fail(err, errlen, FH_ECONFLICT, "draw_not_open");
    r = store_write_begin(st, err, errlen);
    if (r != FH_OK)
        return r;
    r = request_locked(st, office, cal, req, &p, idempotency_key, body_sha256, reply, reply_arg,
                       out, err, errlen);
    if (r == FH_OK)
        r = store_write_commit(st, err, errlen);
    else
        store_write_rollback(st);
    if (r != FH_OK) {
        free(out->body);
        out->body = NULL;
        if (r != FH_EREFUSED)
            out->refusal = SCHED_OK;
    }
    fh_wipe(&p, sizeof p);
    return r;
}

/* ---- the draw ------------------------------------------------------------------- */

/* Ranks every request of d (in the open transaction) and reveals the seed. */
static fh_result rank_locked(struct store *st, const struct store_draw *d, const uint8_t *seed,
                             int64_t now_utc, char *err, size_t errlen)
{
    struct store_conn *c = &st->writer;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_DRAW_REQ_LIST, err, errlen);
    if (s == NULL)
        return FH_EDB;
    sqlite3_bind_int64(s, 1, d->id);
    int64_t *ids = NULL;
    char **numbers = NULL;
    size_t n = 0, cap_ids = 0, cap_numbers = 0;
    int rc;
    while ((rc = store_step(s)) == SQLITE_ROW) {
        ids = fh_grow(ids, sizeof *ids, &cap_ids, n + 1);
        numbers = fh_grow(numbers, sizeof *numbers, &cap_numbers, n + 1);
        ids[n] = sqlite3_column_int64(s, 0);
        numbers[n++] = fh_strdup((const char *)sqlite3_column_text(s, 2));
    }
    fh_result r = rc == SQLITE_DONE ? FH_OK : store_db_fail(c->db, rc, "rank", err, errlen);
    store_stmt_release(s);
    size_t *order = fh_calloc(n ? n : 1, sizeof *order);
    if (r == FH_OK)
        sched_draw_rank(seed, (const char *const *)numbers, n, order);
    for (size_t i = 0; r == FH_OK && i < n; i++) {
        if ((s = store_stmt(c, STORE_ST_DRAW_REQ_RANK, err, errlen)) == NULL) {
            r = FH_EDB;
            break;
        }
        sqlite3_bind_int64(s, 1, ids[order[i]]);
        sqlite3_bind_int64(s, 2, (int64_t)i + 1);
        r = store_step_done(c, s, "set rank", err, errlen);
    }
    if (r == FH_OK && (s = store_stmt(c, STORE_ST_DRAW_DRAWN, err, errlen)) == NULL)
        r = FH_EDB;
    if (r == FH_OK) {
        char hex[2 * SCHED_DRAW_SEED_LEN + 1];
        fh_hex_encode(seed, SCHED_DRAW_SEED_LEN, hex);
        sqlite3_bind_int64(s, 1, d->id);
        sqlite3_bind_int64(s, 2, now_utc);
        sqlite3_bind_text(s, 3, hex, -1, SQLITE_TRANSIENT);
        r = store_step_done(c, s, "reveal the seed", err, errlen);
    }
    for (size_t i = 0; i < n; i++)
        free(numbers[i]);
    free(numbers);
    free(ids);
    free(order);
    return r;
}

static char *no_reply(const struct store_booking *b, const char *token, void *arg)
{
    (void)b, (void)token, (void)arg;
    return fh_strdup("{}");
}

static char *no_wait_reply(const struct store_wait_entry *e, const char *token, void *arg)
{
    (void)e, (void)token, (void)arg;
    return fh_strdup("{}");
}

struct candidate {
    fh_minute start;
    fh_minute distance;
};

static int by_distance(const void *a, const void *b)
{
    const struct candidate *x = a, *y = b;
    if (x->distance != y->distance)
        return x->distance < y->distance ? -1 : 1;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* The times of the day a request may be booked at, the one asked for
 * first, then by distance from it (the earlier of two as near). */
static struct candidate *candidates(const struct sched_office *office,
                                    const struct sched_calendar *cal, int service, fh_day day,
                                    fh_minute asked, fh_minute now, size_t *count)
{
    struct sched_slot *slots = NULL;
    size_t n = 0;
    *count = 0;
    if (sched_slots(office, cal, service, day, day, now, NULL, 0,
                    SCHED_SLOTS_ALL | SCHED_SLOTS_UNRELEASED, &slots, &n) != FH_OK)
        n = 0;
    struct candidate *c = fh_calloc(n + 1, sizeof *c);
    c[0] = (struct candidate){.start = asked, .distance = -1};
    size_t k = 1;
    for (size_t i = 0; i < n; i++) {
        if (slots[i].start == asked || (k > 1 && c[k - 1].start == slots[i].start))
            continue;
        fh_minute dist = slots[i].start > asked ? slots[i].start - asked : asked - slots[i].start;
        c[k++] = (struct candidate){.start = slots[i].start, .distance = dist};
    }
    free(slots);
    qsort(c, k, sizeof *c, by_distance);
    *count = k;
    return c;
}

static fh_result set_outcome(struct store_conn *c, const struct store_draw_request *q,
                             enum store_draw_outcome outcome, const char *refusal,
                             int64_t booking_id, int64_t wait_id, char *err, size_t errlen)
{
    sqlite3_stmt *s = store_stmt(c, STORE_ST_DRAW_REQ_OUTCOME, err, errlen);
    if (s == NULL)
        return FH_EDB;
    sqlite3_bind_int64(s, 1, q->id);
    sqlite3_bind_text(s, 2, store_draw_outcome_name(outcome), -1, SQLITE_STATIC);
    if (refusal != NULL)
        sqlite3_bind_text(s, 3, refusal, -1, SQLITE_TRANSIENT);
    if (booking_id != 0)
        sqlite3_bind_int64(s, 4, booking_id);
    if (wait_id != 0)
        sqlite3_bind_int64(s, 5, wait_id);
    return store_step_done(c, s, "set draw outcome", err, errlen);
}

/* Tells a couple not drawn where they stand: by e-mail, else by SMS. */
static fh_result queue_result(struct store_conn *c, const struct store_draw_request *q,
                              int64_t now_utc, char *err, size_t errlen)
{
    const char *channel = q->email[0] ? "email" : q->phone[0] ? "sms" : NULL;
    if (channel == NULL)
        return FH_OK;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_OUTBOX_INSERT_DRAW, err, errlen);
    if (s == NULL)
        return FH_EDB;
    sqlite3_bind_text(s, 1, q->office, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, q->id);
    sqlite3_bind_text(s, 3, channel, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 4, now_utc);
    return store_step_done(c, s, "queue the draw's result", err, errlen);
}

/* Places one request of the closed draw, in the open transaction. */
static fh_result place_locked(struct store *st, const struct sched_office *office,
                              const struct sched_calendar *cal, struct store_draw_request *q,
                              const struct request_keys *k, fh_minute now, int64_t now_utc,
                              struct store_draw_pass *out, char *err, size_t errlen)
{
    struct store_conn *c = &st->writer;
    const struct sched_office_spec *spec = sched_office_spec(office);
    struct store_prepared p;
    memset(&p, 0, sizeof p);
    p.now_utc = now_utc;
    p.service = sched_office_service_index(office, q->service);
    snprintf(p.person, sizeof p.person, "%s", k->person);
    snprintf(p.masked, sizeof p.masked, "%s", q->national_id_masked);
    p.has_partner = k->partner[0] != '\0';
    snprintf(p.partner, sizeof p.partner, "%s", k->partner);
    snprintf(p.partner_masked, sizeof p.partner_masked, "%s", q->partner_national_id_masked);
    /* A service no longer offered, or a couple erased since they asked
     * (store_erase_person()): nobody to book for. */
    if (p.service < 0 || q->name[0] == '\0') {
        const char *why = p.service < 0 ? "not_a_slot" : "erased";
        out->refused++;
        q->outcome = STORE_DRAW_REFUSED;
        fh_result r = set_outcome(c, q, STORE_DRAW_REFUSED, why, 0, 0, err, errlen);
        return r == FH_OK ? queue_result(c, q, now_utc, err, errlen) : r;
    }
    struct store_new_booking nb = {
        .office = spec->id,
        .service = q->service,
        .start = q->start,
        .name = q->name,
        .partner_name = q->partner_name[0] ? q->partner_name : NULL,
        .phone = q->phone[0] ? q->phone : NULL,
        .email = q->email[0] ? q->email : NULL,
        .lang = q->lang,
        .resident = q->resident,
        .channel = STORE_CHANNEL_WEB,
        .drawn = true,
    };
    size_t n;
    struct candidate *times = candidates(office, cal, p.service, q->day, q->start, now, &n);
    enum sched_refusal first_refusal = SCHED_OK;
    fh_result r = FH_OK;
    bool booked = false, invalid = false;
    for (size_t i = 0; i < n && r == FH_OK && !booked; i++) {
        nb.start = times[i].start;
        struct store_create_result res;
        memset(&res, 0, sizeof res);
        r = store_booking_create_locked(st, office, cal, &nb, now, &p, NULL, NULL, no_reply, NULL,
                                        &res, err, errlen);
        if (r == FH_OK) {
            booked = true;
            q->outcome = STORE_DRAW_BOOKED;
            q->booking_id = res.booking.id;
            q->start = res.booking.start;
            free(res.body);
        } else if (r == FH_EINVAL) {
            /* A field the booking no longer takes (its rules changed since
             * the request): this request is refused, the draw goes on. */
            invalid = true;
            err[0] = '\0';
            r = FH_OK;
            break;
        } else if (r == FH_EREFUSED) {
            if (i == 0)
                first_refusal = res.refusal;
            err[0] = '\0';
            r = FH_OK;
            /* Only a full time sends the couple to another: a refusal of
             * the couple (limits, suspension) is theirs at every time. */
            if (i == 0 && res.refusal != SCHED_SLOT_FULL)
                break;
        }
    }
    free(times);
    if (r != FH_OK)
        return r;
    if (booked) {
        out->booked++;
        return set_outcome(c, q, STORE_DRAW_BOOKED, NULL, q->booking_id, 0, err, errlen);
    }
    const char *refusal = NULL;
    int64_t wait_id = 0;
    if (invalid) {
        refusal = "invalid_field";
    } else if (first_refusal == SCHED_SLOT_FULL) {
        /* No place left that day: the day's waitlist, in rank order. */
        struct store_wait_result w;
        memset(&w, 0, sizeof w);
        nb.start = q->start;
        r = store_waitlist_join_prepared(st, office, cal, &nb, true, now, &p, no_wait_reply, NULL,
                                         &w, err, errlen);
        free(w.body);
        if (r == FH_OK) {
            wait_id = w.entry.id;
        } else if (r == FH_ECONFLICT || r == FH_EREFUSED) {
            refusal = r == FH_EREFUSED ? sched_refusal_code(w.refusal)
                      : w.places_left  ? "places_left"
                                       : "already_waiting";
            r = FH_OK;
            err[0] = '\0';
        }
    } else {
        refusal = sched_refusal_code(first_refusal);
    }
    if (r != FH_OK)
        return r;
    if (refusal == NULL) {
        out->waiting++;
        q->outcome = STORE_DRAW_WAITING;
        q->wait_id = wait_id;
        r = set_outcome(c, q, STORE_DRAW_WAITING, NULL, 0, wait_id, err, errlen);
    } else {
        out->refused++;
        q->outcome = STORE_DRAW_REFUSED;
        snprintf(q->refusal, sizeof q->refusal, "%s", refusal);
        r = set_outcome(c, q, STORE_DRAW_REFUSED, refusal, 0, 0, err, errlen);
    }
    return r == FH_OK ? queue_result(c, q, now_utc, err, errlen) : r;
}

/* The next max pending requests of draw_id in rank order, contact opened. */
static fh_result pending_locked(struct store *st, int64_t draw_id, size_t max,
                                struct store_draw_request **out, struct request_keys **keys,
                                size_t *count, char *err, size_t errlen)
{
    struct store_conn *c = &st->writer;
    *out = NULL;
    *keys = NULL;
    *count = 0;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_DRAW_REQ_PENDING, err, errlen);
    if (s == NULL)
        return FH_EDB;
    sqlite3_bind_int64(s, 1, draw_id);
    sqlite3_bind_int64(s, 2, (int64_t)max);
    size_t cap = 0, cap_keys = 0;
    int rc = SQLITE_DONE;
    fh_result r = FH_OK;
    while (r == FH_OK && (rc = store_step(s)) == SQLITE_ROW) {
        *out = fh_grow(*out, sizeof **out, &cap, *count + 1);
        *keys = fh_grow(*keys, sizeof **keys, &cap_keys, *count + 1);
        r = request_from_row(st, s, true, &(*out)[*count], &(*keys)[*count], err, errlen);
        (*count)++;
    }
    if (r == FH_OK && rc != SQLITE_DONE)
        r = store_db_fail(c->db, rc, "pending draw requests", err, errlen);
    store_stmt_release(s);
    return r;
}

static fh_result run_locked(struct store *st, const struct sched_office *office,
                            const struct sched_calendar *cal, fh_day day, fh_minute now, size_t max,
                            struct store_draw_pass *out, char *err, size_t errlen)
{
    struct store_conn *c = &st->writer;
    const struct sched_office_spec *spec = sched_office_spec(office);
    int64_t now_utc = fh_utc_from_local(now, spec->utc_offset);
    struct store_draw d;
    uint8_t seed[SCHED_DRAW_SEED_LEN];
    fh_result r = draw_by_day(st, c, spec->id, day, &d, seed, err, errlen);
    if (r != FH_OK)
        return r;
    if (d.done_at != 0) {
        out->done = true;
        return FH_OK;
    }
    if (d.drawn_at == 0) {
        r = rank_locked(st, &d, seed, now_utc, err, errlen);
        fh_wipe(seed, sizeof seed);
        out->drawn_now = r == FH_OK;
        return r;
    }
    fh_wipe(seed, sizeof seed);
    struct store_draw_request *q;
    struct request_keys *k;
    size_t n;
    r = pending_locked(st, d.id, max, &q, &k, &n, err, errlen);
    for (size_t i = 0; r == FH_OK && i < n; i++)
        r = place_locked(st, office, cal, &q[i], &k[i], now, now_utc, out, err, errlen);
    if (n > 0)
        fh_wipe(q, n * sizeof *q);
    free(q);
    free(k);
    if (r == FH_OK && n < max) {
        sqlite3_stmt *s = store_stmt(c, STORE_ST_DRAW_DONE, err, errlen);
        if (s == NULL)
            return FH_EDB;
        sqlite3_bind_int64(s, 1, d.id);
        sqlite3_bind_int64(s, 2, now_utc);
        r = store_step_done(c, s, "draw done", err, errlen);
        out->done = r == FH_OK;
    }
    return r;
}

fh_result store_draw_run(struct store *st, const struct sched_office *office,
                         const struct sched_calendar *cal, fh_day day, fh_minute now, size_t max,
                         struct store_draw_pass *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    enum sched_draw_phase phase = sched_draw_phase(office, day, now);
    if (phase == SCHED_DRAW_NONE)
        return fh_fail(err, errlen, FH_ENOTFOUND, "the day has no draw");
    if (phase != SCHED_DRAW_CLOSED)
        return fh_fail(err, errlen, FH_ECONFLICT, "the draw is not closed yet");
    if (max == 0)
        max = 1;
    fh_result r = store_write_begin(st, err, errlen);
    if (r != FH_OK)
        return r;
    r = run_locked(st, office, cal, day, now, max, out, err, errlen);
    if (r == FH_OK)
        r = store_write_commit(st, err, errlen);
    else
        store_write_rollback(st);
    if (r != FH_OK)
        memset(out, 0, sizeof *out);
    return r;
}
