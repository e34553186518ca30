/* store_bookings.c: bookings in SQLite. Creating and moving a booking run the
 * scheduler's sched_admit() inside one BEGIN IMMEDIATE transaction, so the
 * store only supplies the data and makes the decision atomic; the rules are
 * the scheduler's. Exports the store_booking_*() functions of store.h. */
#include "store/store_internal.h"

#include "common/fh_hash.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Read over the phone: no 0/O or 1/I to confuse. 32 symbols, so one random
 * byte masked to 5 bits picks one without bias. */
static const char code_alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
#define CODE_ATTEMPTS  16
#define TOKEN_BYTES    (STORE_TOKEN_LEN / 2)
#define PERSON_HEX_LEN (2 * FH_SHA256_LEN)
/* How long an idempotency key is remembered. */
#define IDEMPOTENCY_SECONDS (24 * 60 * 60)
#define IDEMPOTENCY_KEY_MAX 255

static const char *const status_names[] = {
    [STORE_PENDING] = "pending",     [STORE_CONFIRMED] = "confirmed",
    [STORE_CANCELLED] = "cancelled", [STORE_CHECKED_IN] = "checked_in",
    [STORE_COMPLETED] = "completed", [STORE_NO_SHOW] = "no_show",
    [STORE_LAPSED] = "lapsed",
};

static const char *const channel_names[STORE_CHANNEL_COUNT] = {
    [STORE_CHANNEL_WEB] = "web",
    [STORE_CHANNEL_PHONE] = "phone",
    [STORE_CHANNEL_FAX] = "fax",
    [STORE_CHANNEL_COUNTER] = "counter",
};

const char *store_booking_channel_name(enum store_booking_channel c)
{
    if ((int)c < 0 || (int)c >= STORE_CHANNEL_COUNT)
        return "unknown";
    return channel_names[c];
}

fh_result store_booking_channel_parse(const char *s, enum store_booking_channel *out)
{
    for (int i = 0; s != NULL && i < STORE_CHANNEL_COUNT; i++) {
        if (strcmp(s, channel_names[i]) == 0) {
            *out = (enum store_booking_channel)i;
            return FH_OK;
        }
    }
    return FH_EINVAL;
}

#define STATUS_COUNT ((int)(sizeof status_names / sizeof status_names[0]))

const char *store_status_name(enum store_status s)
{
    if ((int)s < 0 || (int)s >= STATUS_COUNT)
        return "unknown";
    return status_names[s];
}

/* Must agree with ACTIVE_STATUSES in store_db.c (the test checks it). */
bool store_status_active(enum store_status s)
{
    return s == STORE_PENDING || s == STORE_CONFIRMED || s == STORE_CHECKED_IN;
}

static bool status_parse(const char *name, enum store_status *out)
{
    for (int i = 0; i < STATUS_COUNT; i++) {
        if (strcmp(name, status_names[i]) == 0) {
            *out = (enum store_status)i;
            return true;
        }
    }
    return false;
}

/* ---- rows ----------------------------------------------------------------- */

static void copy_column(char *dst, size_t dstlen, sqlite3_stmt *s, int col)
{
    const unsigned char *text = sqlite3_column_text(s, col);
    snprintf(dst, dstlen, "%s", text ? (const char *)text : "");
}

fh_result store_booking_from_row(struct store *st, sqlite3_stmt *s, struct store_booking *b,
                                 struct store_row_extra *x, char *err, size_t errlen)
{
    char status[16];
    memset(b, 0, sizeof *b);
    b->id = sqlite3_column_int64(s, 0);
    copy_column(b->code, sizeof b->code, s, 1);
    copy_column(b->office, sizeof b->office, s, 2);
    copy_column(b->service, sizeof b->service, s, 3);
    copy_column(b->window, sizeof b->window, s, 4);
    b->start = sqlite3_column_int64(s, 5);
    b->end = sqlite3_column_int64(s, 6);
    b->minutes = sqlite3_column_int(s, 7);
    copy_column(status, sizeof status, s, 8);
    copy_column(b->lang, sizeof b->lang, s, 10);
    b->sequence = sqlite3_column_int(s, 11);
    b->created_at = sqlite3_column_int64(s, 12);
    b->updated_at = sqlite3_column_int64(s, 13);
    b->erased_at = sqlite3_column_int64(s, 19);
    b->resident = sqlite3_column_int(s, 17) != 0;
    b->effective_day =
        sqlite3_column_type(s, 21) == SQLITE_NULL ? FH_NO_DAY : sqlite3_column_int(s, 21);
    char channel[16];
    copy_column(channel, sizeof channel, s, 20);
    if (store_booking_channel_parse(channel, &b->channel) != FH_OK)
        return fh_fail(err, errlen, FH_EDB, "store: booking %lld has channel \"%s\"",
                       (long long)b->id, channel);
    if (!status_parse(status, &b->status))
        return fh_fail(err, errlen, FH_EDB, "store: booking %lld has status \"%s\"",
                       (long long)b->id, status);
    /* The personal fields: sealed, or none once erased. */
    if (sqlite3_column_type(s, 9) != SQLITE_NULL) {
        fh_result r = store_pii_open(st, b->code, sqlite3_column_blob(s, 9),
                                     (size_t)sqlite3_column_bytes(s, 9), b, NULL, err, errlen);
        if (r != FH_OK)
            return r;
    }
    if (x != NULL) {
        if (sqlite3_column_bytes(s, 14) != FH_SHA256_LEN)
            return fh_fail(err, errlen, FH_EDB, "store: booking %lld: bad token hash",
                           (long long)b->id);
        memcpy(x->token_sha256, sqlite3_column_blob(s, 14), FH_SHA256_LEN);
        copy_column(x->person, sizeof x->person, s, 15);
        x->utc_offset = sqlite3_column_int(s, 16);
        x->resident = sqlite3_column_int(s, 17) != 0;
        copy_column(x->partner, sizeof x->partner, s, 18);
    }
    return FH_OK;
}

/* Runs a bound booking query expected to give at most one row. */
static fh_result find_one(struct store *st, struct store_conn *c, sqlite3_stmt *s,
                          struct store_booking *b, struct store_row_extra *x, char *err,
                          size_t errlen)
{
    int rc = store_step(s);
    fh_result r;
    if (rc == SQLITE_ROW)
        r = store_booking_from_row(st, s, b, x, err, errlen);
    else if (rc == SQLITE_DONE)
        r = fh_fail(err, errlen, FH_ENOTFOUND, "no such booking");
    else
        r = store_db_fail(c->db, rc, "find booking", err, errlen);
    store_stmt_release(s);
    return r;
}

static fh_result find_by_code(struct store *st, struct store_conn *c, const char *code,
                              struct store_booking *b, struct store_row_extra *x, char *err,
                              size_t errlen)
{
    sqlite3_stmt *s = store_stmt(c, STORE_ST_BOOKING_BY_CODE, err, errlen);
    if (s == NULL)
        return FH_EDB;
    sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
    return find_one(st, c, s, b, x, err, errlen);
}

static fh_result find_by_id(struct store *st, struct store_conn *c, int64_t id,
                            struct store_booking *b, char *err, size_t errlen)
{
    sqlite3_stmt *s = store_stmt(c, STORE_ST_BOOKING_BY_ID, err, errlen);
    if (s == NULL)
        return FH_EDB;
    sqlite3_bind_int64(s, 1, id);
    return find_one(st, c, s, b, NULL, err, errlen);
}

/* Callers report a code that cannot be one of ours as not found. */
bool store_code_normalise(const char *in, char out[STORE_CODE_LEN + 1])
{
    if (in == NULL || strlen(in) != STORE_CODE_LEN)
        return false;
    for (int i = 0; i < STORE_CODE_LEN; i++) {
        char ch = (char)toupper((unsigned char)in[i]);
        if (ch == '\0' || strchr(code_alphabet, ch) == NULL)
            return false;
        out[i] = ch;
    }
    out[STORE_CODE_LEN] = '\0';
    return true;
}

/* Compares hashes, not tokens, and in constant time, so neither the stored
 * value nor the timing tells how much of a guess was right. The link key of
 * the messages is compared the same way, under every key id held, at the
 * link's current generation (read on c, the connection at hand). */
static fh_result token_matches(const struct store *st, struct store_conn *c, const char *code,
                               const char *token, const uint8_t want[FH_SHA256_LEN], bool *ok,
                               char *err, size_t errlen)
{
    uint8_t got[FH_SHA256_LEN];
    int gen;
    fh_result r = store_link_generation(c, code, &gen, err, errlen);
    if (r != FH_OK)
        return r;
    fh_sha256(token, strlen(token), got);
    bool token_ok = fh_memeq_ct(got, want, sizeof got);
    bool link_ok = store_link_matches_gen(st, code, gen, token);
    *ok = token_ok | link_ok;
    return FH_OK;
}

/* The person key: HMAC-SHA256 under the key file's person key, so the
 * national ID is never stored and the key means nothing without that file. */
void store_person_key(const struct store *st, const char *national_id, char hex[PERSON_HEX_LEN + 1])
{
    uint8_t mac[FH_SHA256_LEN];
    fh_hmac_sha256(st->secret, sizeof st->secret, national_id, strlen(national_id), mac);
    fh_hex_encode(mac, sizeof mac, hex);
}

/* The first 8 bytes of the stored hex. */
uint64_t store_person_u64(const char *hex)
{
    char head[17];
    uint8_t key[8];
    uint64_t v = 0;
    if (hex == NULL || strlen(hex) < 16)
        return 0;
    memcpy(head, hex, 16);
    head[16] = '\0';
    if (fh_hex_decode(head, key, sizeof key) != NULL)
        return 0;
    for (size_t i = 0; i < sizeof key; i++)
        v = v << 8 | key[i];
    return v;
}

/* Steps a bound query of (start_min, minutes, person, service, partner) rows
 * into scheduler bookings, one each, with service ids mapped to the office's
 * indexes. */
static fh_result load_sched(struct store_conn *c, sqlite3_stmt *s,
                            const struct sched_office *office, struct sched_booking **out,
                            size_t *count, char *err, size_t errlen)
{
    struct sched_booking *list = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = store_step(s)) == SQLITE_ROW) {
        list = fh_grow(list, sizeof *list, &cap, n + 1);
        struct sched_booking *b = &list[n++];
        const char *service = (const char *)sqlite3_column_text(s, 3);
        b->start = sqlite3_column_int64(s, 0);
        b->minutes = sqlite3_column_int(s, 1);
        b->person = store_person_u64((const char *)sqlite3_column_text(s, 2));
        b->partner = store_person_u64((const char *)sqlite3_column_text(s, 4));
        b->service = service ? sched_office_service_index(office, service) : -1;
        b->places = 1;
    }
    if (rc != SQLITE_DONE) {
        fh_result r = store_db_fail(c->db, rc, "load bookings", err, errlen);
        store_stmt_release(s);
        free(list);
        return r;
    }
    store_stmt_release(s);
    *out = list;
    *count = n;
    return FH_OK;
}

/* Reads the kept counts of the office's days first..last (the places active
 * bookings take, by start, length and service: migration 14) into weighted
 * scheduler entries, by start, and leaves out skip (NULL: none): a place
 * its key holds one fewer of, the entry dropped at none. Nobody is named:
 * the person's own bookings come from store_load_for_admit()'s second query. */
static fh_result load_taken(struct store_conn *c, const struct sched_office *office, fh_day first,
                            fh_day last, const struct store_skip *skip, struct sched_booking **out,
                            size_t *count, char *err, size_t errlen)
{
    *out = NULL;
    *count = 0;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_OCCUPANCY, err, errlen);
    if (s == NULL)
        return FH_EDB;
    const char *id = sched_office_spec(office)->id;
    sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 2, first);
    sqlite3_bind_int(s, 3, last);
    struct sched_booking *list = NULL;
    size_t n = 0, cap = 0;
    bool skip_left = skip != NULL && skip->active && strcmp(skip->office, id) == 0 &&
                     fh_day_of(skip->start) >= first && fh_day_of(skip->start) <= last;
    int rc;
    while ((rc = store_step(s)) == SQLITE_ROW) {
        const char *service = (const char *)sqlite3_column_text(s, 2);
        struct sched_booking b = {
            .start = sqlite3_column_int64(s, 0),
            .minutes = sqlite3_column_int(s, 1),
            .service = service ? sched_office_service_index(office, service) : -1,
            .places = sqlite3_column_int(s, 3),
        };
        if (skip_left && b.start == skip->start && b.minutes == skip->minutes && service != NULL &&
            strcmp(service, skip->service) == 0) {
            skip_left = false;
            b.places--;
        }
        /* A count below 1 is not a weight sched_booking takes (0 reads as
         * 1): there is nothing left of that key to count. */
        if (b.places < 1)
            continue;
        list = fh_grow(list, sizeof *list, &cap, n + 1);
        list[n++] = b;
    }
    fh_result r = FH_OK;
    if (rc != SQLITE_DONE)
        r = store_db_fail(c->db, rc, "load occupancy", err, errlen);
    store_stmt_release(s);
    if (r != FH_OK) {
        free(list);
        return r;
    }
    *out = list;
    *count = n;
    return FH_OK;
}

/* The name of the window instance (window or extra opening) that admitted a
 * booking, or NULL. */
const char *store_admitted_window(const struct sched_office *office,
                                  const struct sched_admission *adm)
{
    if (adm->window < 0 || adm->window >= sched_office_window_count(office))
        return NULL;
    const struct sched_window_spec *w = sched_office_window(office, adm->window);
    return w != NULL ? sched_window_name_str(w->name) : NULL;
}

/* Loads the places taken on the office's days first..last (load_taken())
 * and the active bookings anywhere that name the person or the partner
 * (NULL: none), as holder or partner, one each; skip (NULL: none) is left
 * out of both. */
fh_result store_load_for_admit(struct store_conn *c, const struct sched_office *office,
                               fh_day first, fh_day last, const char *person, const char *partner,
                               int64_t skip_id, const struct store_skip *skip,
                               struct sched_booking **occ, size_t *nocc,
                               struct sched_booking **mine, size_t *nmine, char *err, size_t errlen)
{
    *occ = *mine = NULL;
    *nocc = *nmine = 0;
    fh_result r = load_taken(c, office, first, last, skip, occ, nocc, err, errlen);
    if (r != FH_OK || person == NULL)
        return r;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_PERSON_BOOKINGS, err, errlen);
    if (s == NULL) {
        r = FH_EDB;
    } else {
        sqlite3_bind_text(s, 1, person, -1, SQLITE_STATIC);
        if (partner != NULL)
            sqlite3_bind_text(s, 2, partner, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 3, skip_id);
        r = load_sched(c, s, office, mine, nmine, err, errlen);
    }
    if (r != FH_OK) {
        free(*occ);
        *occ = NULL;
        *nocc = 0;
    }
    return r;
}

/* ---- idempotency ------------------------------------------------------------
 * The stored answer holds the manage token, which the store otherwise keeps
 * only as a hash. So the answer is sealed (fh_aead_seal: nonce || ciphertext
 * || tag) under a key derived from the client's idempotency key, which itself
 * is kept only as a hash: the database alone does not give the token back,
 * the client's retry does. */

_Static_assert(FH_SHA256_LEN == FH_AEAD_KEY_LEN, "the reply key is one HMAC-SHA256");

/* HMAC-SHA256 under the idempotency key of the database secret and the
 * body's hash: it takes the client's key, this database and this very
 * request to make it. */
static void reply_key(const struct store *st, const char *key,
                      const uint8_t body_sha256[FH_SHA256_LEN], uint8_t out[FH_AEAD_KEY_LEN])
{
    uint8_t msg[STORE_SECRET_LEN + FH_SHA256_LEN];
    memcpy(msg, st->secret, STORE_SECRET_LEN);
    memcpy(msg + STORE_SECRET_LEN, body_sha256, FH_SHA256_LEN);
    fh_hmac_sha256(key, strlen(key), msg, sizeof msg, out);
    fh_wipe(msg, sizeof msg);
}

/* The associated data binds the columns beside the answer that shape the
 * replay, so a sealed answer cannot be given another status or booking. */
#define REPLY_AD_LEN 64
static size_t reply_ad(int http_status, int64_t booking_id, char ad[REPLY_AD_LEN])
{
    return (size_t)snprintf(ad, REPLY_AD_LEN, "idempotency-reply:%d:%lld", http_status,
                            (long long)booking_id);
}

/* Forgets old keys, then looks this one up. FH_OK with *found false: a new
 * key. FH_OK with *found true: out holds the replayed answer. FH_ECONFLICT:
 * the key came with another body. */
fh_result store_idem_lookup(struct store *st, const char *key,
                            const uint8_t key_sha256[FH_SHA256_LEN],
                            const uint8_t body_sha256[FH_SHA256_LEN], int64_t now_utc, bool *found,
                            struct store_create_result *out, char *err, size_t errlen)
{
    struct store_conn *c = &st->writer;
    *found = false;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_IDEM_PURGE, err, errlen);
    if (s == NULL)
        return FH_EDB;
    sqlite3_bind_int64(s, 1, now_utc - IDEMPOTENCY_SECONDS);
    fh_result r = store_step_done(c, s, "purge idempotency keys", err, errlen);
    if (r != FH_OK)
        return r;

    s = store_stmt(c, STORE_ST_IDEM_GET, err, errlen);
    if (s == NULL)
        return FH_EDB;
    sqlite3_bind_blob(s, 1, key_sha256, FH_SHA256_LEN, SQLITE_STATIC);
    int rc = store_step(s);
    if (rc == SQLITE_DONE) {
        store_stmt_release(s);
        return FH_OK;
    }
    if (rc != SQLITE_ROW) {
        r = store_db_fail(c->db, rc, "find idempotency key", err, errlen);
        store_stmt_release(s);
        return r;
    }
    if (sqlite3_column_bytes(s, 0) != FH_SHA256_LEN ||
        !fh_memeq_ct(sqlite3_column_blob(s, 0), body_sha256, FH_SHA256_LEN)) {
        store_stmt_release(s);
        return fh_fail(err, errlen, FH_ECONFLICT,
                       "the idempotency key was used with another request body");
    }
    int status = sqlite3_column_int(s, 1);
    int64_t booking_id = sqlite3_column_int64(s, 3);
    const uint8_t *sealed = sqlite3_column_blob(s, 2);
    size_t len = (size_t)sqlite3_column_bytes(s, 2);
    size_t n = len > FH_AEAD_OVERHEAD ? len - FH_AEAD_OVERHEAD : 0;
    char *body = fh_malloc(n + 1);
    uint8_t k[FH_AEAD_KEY_LEN];
    char ad[REPLY_AD_LEN];
    size_t adlen = reply_ad(status, booking_id, ad);
    reply_key(st, key, body_sha256, k);
    r = fh_aead_open(k, ad, adlen, sealed, len, (uint8_t *)body);
    fh_wipe(k, sizeof k);
    store_stmt_release(s);
    if (r != FH_OK) {
        /* Only an answer stored by an older flexhours (an unauthenticated
         * stream cipher), one emptied by an erasure or an altered row gets
         * here. The request was booked, so booking it again would break the
         * key's promise; the retry is refused until the row expires with
         * IDEMPOTENCY_SECONDS. */
        free(body);
        fh_log(FH_LOG_WARN, "store: the stored answer for booking %lld does not open; not replayed",
               (long long)booking_id);
        return fh_fail(err, errlen, FH_ECONFLICT,
                       "the answer stored with this idempotency key can no longer be replayed");
    }
    body[n] = '\0';

    /* A waitlist entry's answer names no booking. */
    r = booking_id != 0 ? find_by_id(st, c, booking_id, &out->booking, err, errlen) : FH_OK;
    if (r != FH_OK) {
        free(body);
        return r == FH_ENOTFOUND ? fh_fail(err, errlen, FH_EDB, "store: replayed booking is gone")
                                 : r;
    }
    *found = true;
    out->replayed = true;
    out->http_status = status;
    out->body = body;
    return FH_OK;
}

fh_result store_idem_save(struct store *st, const char *key,
                          const uint8_t key_sha256[FH_SHA256_LEN],
                          const uint8_t body_sha256[FH_SHA256_LEN], int http_status,
                          const char *body, int64_t booking_id, int64_t now_utc, char *err,
                          size_t errlen)
{
    struct store_conn *c = &st->writer;
    size_t n = strlen(body), len = n + FH_AEAD_OVERHEAD;
    uint8_t *sealed = fh_malloc(len);
    uint8_t k[FH_AEAD_KEY_LEN];
    char ad[REPLY_AD_LEN];
    size_t adlen = reply_ad(http_status, booking_id, ad);
    reply_key(st, key, body_sha256, k);
    fh_aead_seal(k, ad, adlen, body, n, sealed);
    fh_wipe(k, sizeof k);
    sqlite3_stmt *s = store_stmt(c, STORE_ST_IDEM_PUT, err, errlen);
    fh_result r = FH_EDB;
    if (s != NULL) {
        sqlite3_bind_blob(s, 1, key_sha256, FH_SHA256_LEN, SQLITE_STATIC);
        sqlite3_bind_blob(s, 2, body_sha256, FH_SHA256_LEN, SQLITE_STATIC);
        sqlite3_bind_int(s, 3, http_status);
        sqlite3_bind_blob64(s, 4, sealed, len, SQLITE_STATIC);
        if (booking_id != 0)
            sqlite3_bind_int64(s, 5, booking_id);
        sqlite3_bind_int64(s, 6, now_utc);
        r = store_step_done(c, s, "save idempotency key", err, errlen);
    }
    free(sealed);
    return r;
}

/* ---- creating ------------------------------------------------------------------ */

/* NULL when s is set and shorter than max bytes, else a static reason. */
static const char *check_text(const char *s, size_t max, bool required)
{
    if (s == NULL)
        return required ? "missing" : NULL;
    size_t n = strlen(s);
    if (required && n == 0)
        return "empty";
    if (n >= max)
        return "too long";
    return NULL;
}

/* "A123456789" -> "A******789": enough for a person to recognise their own
 * booking at the counter. It leaves six digits unknown (one of them bound by
 * the check digit), so that with the person key out of reach nothing of the
 * ID can be worked out from a row. */
const char *store_mask_national_id(const char *id, char out[16])
{
    size_t n = strlen(id);
    if (n < 7 || n > 15)
        return "not a national ID";
    out[0] = id[0];
    memset(out + 1, '*', n - 4);
    memcpy(out + n - 3, id + n - 3, 4);
    return NULL;
}

fh_result store_idem_replay(struct store *st, const char *key, const struct store_prepared *p,
                            const uint8_t body_sha256[32], bool *found, int *status, char **body,
                            char *err, size_t errlen)
{
    *found = false;
    if (key == NULL)
        return FH_OK;
    struct store_create_result replay;
    memset(&replay, 0, sizeof replay);
    fh_result r = store_idem_lookup(st, key, p->key_sha256, body_sha256, p->now_utc, found, &replay,
                                    err, errlen);
    if (r == FH_OK && *found) {
        *status = replay.http_status;
        *body = replay.body;
    }
    return r;
}

fh_result store_idem_created(struct store *st, const char *key, const struct store_prepared *p,
                             const uint8_t body_sha256[32], char *body, int *status, char **out,
                             char *err, size_t errlen)
{
    if (body == NULL)
        return fh_fail(err, errlen, FH_EINTERNAL, "store: the reply callback gave no body");
    if (key != NULL) {
        fh_result r = store_idem_save(st, key, p->key_sha256, body_sha256, 201, body, 0, p->now_utc,
                                      err, errlen);
        if (r != FH_OK) {
            free(body);
            return r;
        }
    }
    *status = 201;
    *out = body;
    return FH_OK;
}

fh_result store_random_code_in(struct store_conn *c, enum store_stmt_id stmt,
                               char code[STORE_CODE_LEN + 1], char *err, size_t errlen)
{
    for (int attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
        uint8_t bytes[STORE_CODE_LEN];
        if (fh_random_bytes(bytes, sizeof bytes) != FH_OK)
            return fh_fail(err, errlen, FH_EIO, "store: no random bytes from the kernel");
        for (int i = 0; i < STORE_CODE_LEN; i++)
            code[i] = code_alphabet[bytes[i] & 31];
        code[STORE_CODE_LEN] = '\0';
        /* Inside the write transaction nobody can take the code between this
         * check and the INSERT, so a UNIQUE failure there is never the code. */
        sqlite3_stmt *s = store_stmt(c, stmt, err, errlen);
        if (s == NULL)
            return FH_EDB;
        sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
        int rc = store_step(s);
        fh_result r = rc == SQLITE_DONE || rc == SQLITE_ROW
                          ? FH_OK
                          : store_db_fail(c->db, rc, "check a code", err, errlen);
        store_stmt_release(s);
        if (r != FH_OK)
            return r;
        if (rc == SQLITE_DONE)
            return FH_OK;
    }
    return fh_fail(err, errlen, FH_EINTERNAL, "store: no free code after %d attempts",
                   CODE_ATTEMPTS);
}

fh_result store_new_code_token(struct store_conn *c, enum store_stmt_id stmt,
                               char code[STORE_CODE_LEN + 1], char token[STORE_TOKEN_LEN + 1],
                               uint8_t token_sha256[FH_SHA256_LEN], char *err, size_t errlen)
{
    fh_result r = store_random_code_in(c, stmt, code, err, errlen);
    if (r != FH_OK)
        return r;
    uint8_t token_bytes[TOKEN_BYTES];
    if (fh_random_bytes(token_bytes, sizeof token_bytes) != FH_OK)
        return fh_fail(err, errlen, FH_EIO, "store: no random bytes from the kernel");
    fh_hex_encode(token_bytes, sizeof token_bytes, token);
    fh_sha256(token, STORE_TOKEN_LEN, token_sha256);
    fh_wipe(token_bytes, sizeof token_bytes);
    return FH_OK;
}

void store_booking_contact(struct store_booking *b, const struct store_new_booking *req,
                           const struct store_prepared *p)
{
    snprintf(b->name, sizeof b->name, "%s", req->name ? req->name : "");
    snprintf(b->national_id_masked, sizeof b->national_id_masked, "%s", p->masked);
    snprintf(b->partner_name, sizeof b->partner_name, "%s",
             req->partner_name ? req->partner_name : "");
    snprintf(b->partner_national_id_masked, sizeof b->partner_national_id_masked, "%s",
             p->partner_masked);
    snprintf(b->phone, sizeof b->phone, "%s", req->phone ? req->phone : "");
    snprintf(b->email, sizeof b->email, "%s", req->email ? req->email : "");
}

fh_result store_pii_seal_current(struct store *st, const char *code, const struct store_booking *b,
                                 uint8_t **pii, size_t *len, char *err, size_t errlen)
{
    /* Under the key that is current now, even if another process rotated
     * since this one read the key file. */
    fh_result r = store_keys_refresh(st, true, err, errlen);
    *pii = r == FH_OK ? store_pii_seal(st, code, b, len) : NULL;
    return r;
}

/* The body of store_booking_create(), inside the write transaction. */
fh_result store_booking_create_locked(struct store *st, const struct sched_office *office,
                                      const struct sched_calendar *cal,
                                      const struct store_new_booking *req, fh_minute now,
                                      const struct store_prepared *p, const char *idempotency_key,
                                      const uint8_t body_sha256[FH_SHA256_LEN],
                                      store_reply_fn reply, void *reply_arg,
                                      struct store_create_result *out, char *err, size_t errlen)
{
    struct store_conn *c = &st->writer;
    const struct sched_office_spec *spec = sched_office_spec(office);
    fh_result r;

    if (idempotency_key != NULL) {
        bool found;
        r = store_idem_lookup(st, idempotency_key, p->key_sha256, body_sha256, p->now_utc, &found,
                              out, err, errlen);
        if (r != FH_OK || found)
            return r;
    }

    struct sched_booking *occ, *mine;
    size_t nocc, nmine;
    fh_day day = fh_day_of(req->start);
    const char *partner = p->has_partner ? p->partner : NULL;
    r = store_load_for_admit(c, office, day, day, p->person, partner, 0, NULL, &occ, &nocc, &mine,
                             &nmine, err, errlen);
    if (r != FH_OK)
        return r;
    /* The misses and lifts only where they can refuse: a citizen's own
     * booking at an office with a no-show policy. */
    struct sched_miss *misses = NULL;
    struct sched_lift *lifts = NULL;
    size_t nmisses = 0, nlifts = 0;
    if (req->by == NULL && spec->no_show.count > 0)
        r = store_misses_load(c, spec->id, p->person, partner, &misses, &nmisses, &lifts, &nlifts,
                              err, errlen);
    if (r != FH_OK) {
        free(occ);
        free(mine);
        return r;
    }
    struct sched_request sreq = {
        .service = p->service,
        .start = req->start,
        .person = store_person_u64(p->person),
        .partner = partner ? store_person_u64(partner) : 0,
        .resident = req->resident,
        .staff = req->by != NULL,
        .misses = misses,
        .miss_count = nmisses,
        .lifts = lifts,
        .lift_count = nlifts,
        .designated = req->designated,
        .drawn = req->drawn,
        .effective = req->effective_day,
    };
    struct sched_admission adm;
    enum sched_refusal refusal = sched_admit(office, cal, &sreq, now, occ, nocc, mine, nmine, &adm);
    free(occ);
    free(mine);
    free(misses);
    free(lifts);
    if (refusal != SCHED_OK) {
        out->refusal = refusal;
        out->partner_refused = adm.partner_refused;
        out->suspended_until = adm.suspended_until;
        out->effective = adm.effective;
        return fh_fail(err, errlen, FH_EREFUSED, "%s", sched_refusal_code(refusal));
    }
    const char *window = store_admitted_window(office, &adm);
    if (window == NULL)
        return fh_fail(err, errlen, FH_EINTERNAL, "store: admission names no window");

    struct store_booking *b = &out->booking;
    memset(b, 0, sizeof *b);
    uint8_t token_sha256[FH_SHA256_LEN];
    char token[STORE_TOKEN_LEN + 1];
    r = store_new_code_token(c, STORE_ST_CODE_EXISTS, b->code, token, token_sha256, err, errlen);
    if (r != FH_OK)
        return r;

    snprintf(b->office, sizeof b->office, "%s", spec->id);
    snprintf(b->service, sizeof b->service, "%s", req->service);
    snprintf(b->window, sizeof b->window, "%s", window);
    b->start = req->start;
    b->end = adm.end;
    b->minutes = adm.minutes;
    b->status = adm.needs_confirmation ? STORE_PENDING : STORE_CONFIRMED;
    store_booking_contact(b, req, p);
    snprintf(b->lang, sizeof b->lang, "%s", req->lang ? req->lang : "");
    b->resident = req->resident;
    b->needs = req->needs;
    /* A citizen's own booking is always the web's, whatever was asked. */
    b->channel = req->by != NULL ? req->channel : STORE_CHANNEL_WEB;
    b->effective_day = req->designated ? req->effective_day : FH_NO_DAY;
    b->sequence = 0;
    b->created_at = b->updated_at = p->now_utc;

    size_t pii_len;
    uint8_t *pii;
    r = store_pii_seal_current(st, b->code, b, &pii, &pii_len, err, errlen);
    if (r != FH_OK) {
        fh_wipe(token, sizeof token);
        return r;
    }
    sqlite3_stmt *s = store_stmt(c, STORE_ST_BOOKING_INSERT, err, errlen);
    if (s == NULL) {
        fh_wipe(token, sizeof token);
        free(pii);
        return FH_EDB;
    }
    sqlite3_bind_text(s, 1, b->code, -1, SQLITE_STATIC);
    sqlite3_bind_blob(s, 2, token_sha256, sizeof token_sha256, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, b->office, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, b->service, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, b->window, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 6, fh_day_of(b->start));
    sqlite3_bind_int64(s, 7, b->start);
    sqlite3_bind_int64(s, 8, b->end);
    sqlite3_bind_int(s, 9, b->minutes);
    sqlite3_bind_int(s, 10, spec->utc_offset);
    sqlite3_bind_text(s, 11, store_status_name(b->status), -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 12, p->person, -1, SQLITE_STATIC);
    sqlite3_bind_blob(s, 13, pii, (int)pii_len, SQLITE_STATIC);
    sqlite3_bind_text(s, 14, b->lang, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 15, req->resident);
    sqlite3_bind_int64(s, 16, p->now_utc);
    if (partner != NULL)
        sqlite3_bind_text(s, 17, partner, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 18, store_booking_channel_name(b->channel), -1, SQLITE_STATIC);
    if (b->effective_day != FH_NO_DAY)
        sqlite3_bind_int(s, 19, b->effective_day);
    int rc = store_step(s);
    fh_result failed =
        rc == SQLITE_DONE ? FH_OK : store_db_fail(c->db, rc, "insert booking", err, errlen);
    store_stmt_release(s);
    free(pii);
    if (failed != FH_OK) {
        fh_wipe(token, sizeof token);
        return failed;
    }
    b->id = sqlite3_last_insert_rowid(c->db);
    if (req->by != NULL) {
        /* Who took it for the citizen, and how; never their data. */
        char after[192], service[80];
        store_json_string(service, sizeof service, b->service);
        snprintf(after, sizeof after, "{\"status\":\"%s\",\"channel\":\"%s\",\"service\":%s}",
                 store_status_name(b->status), store_booking_channel_name(b->channel), service);
        r = store_audit_write(st,
                              &(struct store_audit_entry){req->by, "booking-created", b->office,
                                                          b->code, NULL, after, p->now_utc},
                              err, errlen);
        if (r != FH_OK) {
            fh_wipe(token, sizeof token);
            return r;
        }
    }
    r = store_outbox_on_change(st, b, spec->utc_offset,
                               b->status == STORE_PENDING ? STORE_MSG_PENDING : STORE_MSG_CONFIRMED,
                               now, err, errlen);
    if (r == FH_OK)
        r = store_outbox_on_event(st, b, spec->utc_offset, SCHED_EVENT_CREATED, p->now_utc, err,
                                  errlen);
    if (r != FH_OK) {
        fh_wipe(token, sizeof token);
        return r;
    }

    char *body = reply(b, token, reply_arg);
    fh_wipe(token, sizeof token);
    if (body == NULL)
        return fh_fail(err, errlen, FH_EINTERNAL, "store: the reply callback gave no body");
    if (idempotency_key != NULL) {
        r = store_idem_save(st, idempotency_key, p->key_sha256, body_sha256, 201, body, b->id,
                            p->now_utc, err, errlen);
        if (r != FH_OK) {
            free(body);
            return r;
        }
    }
    out->http_status = 201;
    out->body = body;
    return FH_OK;
}

fh_result store_booking_prepare(const struct store *st, const struct sched_office *office,
                                const struct store_new_booking *req, const char *idempotency_key,
                                const uint8_t *body_sha256, fh_minute now, struct store_prepared *p,
                                char *err, size_t errlen)
{
    const struct sched_office_spec *spec = sched_office_spec(office);
    const char *why;
    if (req->office != NULL && strcmp(req->office, spec->id) != 0)
        return fh_fail(err, errlen, FH_EINVAL, "office: not the office given");
    if ((why = check_text(req->service, sizeof((struct store_booking *)0)->service, true)))
        return fh_fail(err, errlen, FH_EINVAL, "service: %s", why);
    if ((p->service = sched_office_service_index(office, req->service)) < 0)
        return fh_fail(err, errlen, FH_EINVAL, "service: not offered by this office");
    if ((why = check_text(req->name, sizeof((struct store_booking *)0)->name, false)))
        return fh_fail(err, errlen, FH_EINVAL, "name: %s", why);
    if ((why = check_text(req->phone, sizeof((struct store_booking *)0)->phone, false)))
        return fh_fail(err, errlen, FH_EINVAL, "phone: %s", why);
    if ((why = check_text(req->email, sizeof((struct store_booking *)0)->email, false)))
        return fh_fail(err, errlen, FH_EINVAL, "email: %s", why);
    if ((why = check_text(req->lang, sizeof((struct store_booking *)0)->lang, false)))
        return fh_fail(err, errlen, FH_EINVAL, "lang: %s", why);
    if ((why = check_text(req->national_id, 16, true)) ||
        (why = store_mask_national_id(req->national_id, p->masked)))
        return fh_fail(err, errlen, FH_EINVAL, "national_id: %s", why);
    if ((why =
             check_text(req->partner_name, sizeof((struct store_booking *)0)->partner_name, false)))
        return fh_fail(err, errlen, FH_EINVAL, "partner_name: %s", why);
    p->has_partner = req->partner_national_id != NULL;
    if (req->partner_name != NULL && !p->has_partner)
        return fh_fail(err, errlen, FH_EINVAL, "partner_national_id: missing");
    if (p->has_partner) {
        /* One booking holds one place for the two only where they come
         * together: elsewhere each person books for themselves. */
        if (!sched_office_spec(office)->services[p->service].couple)
            return fh_fail(err, errlen, FH_EINVAL,
                           "partner_national_id: the service is not made by a couple");
        if ((why = check_text(req->partner_national_id, 16, true)) ||
            (why = store_mask_national_id(req->partner_national_id, p->partner_masked)))
            return fh_fail(err, errlen, FH_EINVAL, "partner_national_id: %s", why);
        if (strcmp(req->partner_national_id, req->national_id) == 0)
            return fh_fail(err, errlen, FH_EINVAL, "partner_national_id: the holder's own");
    }
    if (idempotency_key != NULL) {
        if ((why = check_text(idempotency_key, IDEMPOTENCY_KEY_MAX + 1, true)))
            return fh_fail(err, errlen, FH_EINVAL, "idempotency key: %s", why);
        if (body_sha256 == NULL)
            return fh_fail(err, errlen, FH_EINVAL, "idempotency key without a body hash");
        fh_sha256(idempotency_key, strlen(idempotency_key), p->key_sha256);
    }
    store_person_key(st, req->national_id, p->person);
    if (p->has_partner)
        store_person_key(st, req->partner_national_id, p->partner);
    p->now_utc = fh_utc_from_local(now, spec->utc_offset);
    return FH_OK;
}

fh_result store_booking_create(struct store *st, const struct sched_office *office,
                               const struct sched_calendar *cal,
                               const struct store_new_booking *req, fh_minute now,
                               const char *idempotency_key, const uint8_t body_sha256[32],
                               store_reply_fn reply, void *reply_arg,
                               struct store_create_result *out, char *err, size_t errlen)
{
    struct store_prepared p;
    memset(out, 0, sizeof *out);
    memset(&p, 0, sizeof p);
    fh_result r =
        store_booking_prepare(st, office, req, idempotency_key, body_sha256, now, &p, err, errlen);
    if (r != FH_OK)
        return r;

    r = store_write_begin(st, err, errlen);
    if (r != FH_OK)
        return r;
    r = store_booking_create_locked(st, office, cal, req, now, &p, idempotency_key, body_sha256,
                                    reply, reply_arg, out, err, errlen);
    /* A replay commits too: it purged the expired keys. */
    if (r == FH_OK)
        r = store_write_commit(st, err, errlen);
    else
        store_write_rollback(st);
    if (r != FH_OK) {
        enum sched_refusal refusal = out->refusal;
        bool partner_refused = out->partner_refused;
        fh_day until = out->suspended_until;
        int effective = out->effective;
        free(out->body);
        memset(out, 0, sizeof *out);
        out->refusal = r == FH_EREFUSED ? refusal : SCHED_OK;
        out->partner_refused = r == FH_EREFUSED && partner_refused;
        out->suspended_until = r == FH_EREFUSED ? until : FH_NO_DAY;
        out->effective = r == FH_EREFUSED ? effective : 0;
    }
    return r;
}

/* ---- reading -------------------------------------------------------------------- */

fh_result store_booking_get(struct store *st, const char *code, const char *token,
                            struct store_booking *out, char *err, size_t errlen)
{
    char canon[STORE_CODE_LEN + 1];
    struct store_row_extra x;
    memset(out, 0, sizeof *out);
    if (!store_code_normalise(code, canon))
        return fh_fail(err, errlen, FH_ENOTFOUND, "no such booking");
    struct store_conn *c = store_read_begin(st, err, errlen);
    if (c == NULL)
        return FH_EDB;
    fh_result r = find_by_code(st, c, canon, out, &x, err, errlen);
    bool ok = true;
    if (r == FH_OK && token != NULL)
        r = token_matches(st, c, canon, token, x.token_sha256, &ok, err, errlen);
    /* An unknown code costs the same hashing as a wrong token: the time of
     * the answer does not tell whether a guessed code exists. */
    if (r == FH_ENOTFOUND && token != NULL) {
        static const uint8_t nobody[FH_SHA256_LEN];
        bool ignored;
        char e2[FH_ERR_LEN];
        (void)token_matches(st, c, canon, token, nobody, &ignored, e2, sizeof e2);
    }
    store_read_end(st, c);
    if (r == FH_OK && !ok)
        r = fh_fail(err, errlen, FH_EAUTH, "wrong manage token");
    if (r != FH_OK)
        memset(out, 0, sizeof *out);
    return r;
}

/* A national ID in the canonical upper case; false when it cannot be one,
 * which callers report as not found. */
static bool national_id_normalise(const char *in, char out[16])
{
    size_t n = in != NULL ? strlen(in) : 0;
    if (n == 0 || n >= 16)
        return false;
    for (size_t i = 0; i <= n; i++)
        out[i] = (char)toupper((unsigned char)in[i]);
    return true;
}

fh_result store_booking_find(struct store *st, const char *code, const char *national_id,
                             struct store_booking *out, char *err, size_t errlen)
{
    /* Keys nobody has: an unknown code, or a booking without a partner, is
     * compared against these, so that every answer costs the same. */
    static const char nobody[PERSON_HEX_LEN + 1];
    char canon[STORE_CODE_LEN + 1], id[16], key[PERSON_HEX_LEN + 1];
    struct store_row_extra x;
    memset(out, 0, sizeof *out);
    memset(&x, 0, sizeof x);
    if (!store_code_normalise(code, canon) || !national_id_normalise(national_id, id))
        return fh_fail(err, errlen, FH_ENOTFOUND, "no such booking");
    struct store_conn *c = store_read_begin(st, err, errlen);
    if (c == NULL)
        return FH_EDB;
    fh_result r = find_by_code(st, c, canon, out, &x, err, errlen);
    store_read_end(st, c);
    if (r != FH_OK && r != FH_ENOTFOUND) {
        memset(out, 0, sizeof *out);
        fh_wipe(id, sizeof id);
        return r;
    }
    const char *holder = r == FH_OK ? x.person : nobody;
    const char *partner = r == FH_OK && x.partner[0] != '\0' ? x.partner : nobody;
    store_person_key(st, id, key);
    bool holder_ok = fh_memeq_ct(key, holder, PERSON_HEX_LEN);
    bool partner_ok = fh_memeq_ct(key, partner, PERSON_HEX_LEN);
    fh_wipe(id, sizeof id);
    fh_wipe(key, sizeof key);
    if (r == FH_OK && (holder_ok | partner_ok))
        return FH_OK;
    memset(out, 0, sizeof *out);
    return fh_fail(err, errlen, FH_ENOTFOUND, "no such booking");
}

fh_result store_booking_by_id(struct store *st, int64_t id, struct store_booking *out, char *err,
                              size_t errlen)
{
    memset(out, 0, sizeof *out);
    struct store_conn *c = store_read_begin(st, err, errlen);
    if (c == NULL)
        return FH_EDB;
    fh_result r = find_by_id(st, c, id, out, err, errlen);
    store_read_end(st, c);
    return r;
}

/* The bookings a statement of office and one day number lists (?1, ?2),
 * in its order; what names it in an error. */
static fh_result bookings_listed(struct store *st, enum store_stmt_id id, const char *office,
                                 fh_day day, const char *what, struct store_booking **out,
                                 size_t *count, char *err, size_t errlen)
{
    *out = NULL;
    *count = 0;
    struct store_conn *c = store_read_begin(st, err, errlen);
    if (c == NULL)
        return FH_EDB;
    sqlite3_stmt *s = store_stmt(c, id, err, errlen);
    if (s == NULL) {
        store_read_end(st, c);
        return FH_EDB;
    }
    sqlite3_bind_text(s, 1, office, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 2, day);
    struct store_booking *list = NULL;
    size_t n = 0, cap = 0;
    fh_result r = FH_OK;
    int rc;
    while (r == FH_OK && (rc = store_step(s)) == SQLITE_ROW) {
        list = fh_grow(list, sizeof *list, &cap, n + 1);
        r = store_booking_from_row(st, s, &list[n++], NULL, err, errlen);
    }
    if (r == FH_OK && rc != SQLITE_DONE)
        r = store_db_fail(c->db, rc, what, err, errlen);
    store_stmt_release(s);
    store_read_end(st, c);
    if (r != FH_OK) {
        free(list);
        return r;
    }
    *out = list;
    *count = n;
    return FH_OK;
}

fh_result store_bookings_of_day(struct store *st, const char *office, fh_day day,
                                struct store_booking **out, size_t *count, char *err, size_t errlen)
{
    return bookings_listed(st, STORE_ST_BOOKINGS_OF_DAY, office, day, "bookings of day", out, count,
                           err, errlen);
}

fh_result store_bookings_pending(struct store *st, const char *office, fh_day first,
                                 struct store_booking **out, size_t *count, char *err,
                                 size_t errlen)
{
    return bookings_listed(st, STORE_ST_BOOKINGS_PENDING, office, first, "pending bookings", out,
                           count, err, errlen);
}

fh_result store_occupancy(struct store *st, const struct sched_office *office, fh_day first,
                          fh_day last, struct sched_booking **out, size_t *count, char *err,
                          size_t errlen)
{
    *out = NULL;
    *count = 0;
    if (last < first)
        return fh_fail(err, errlen, FH_EINVAL, "occupancy: last day before first");
    struct store_conn *c = store_read_begin(st, err, errlen);
    if (c == NULL)
        return FH_EDB;
    fh_result r = load_taken(c, office, first, last, NULL, out, count, err, errlen);
    store_read_end(st, c);
    return r;
}

/* ---- changing ------------------------------------------------------------------- */

/* Finds the booking inside the write transaction and checks its token. */
static fh_result find_for_change(struct store *st, const char *code, const char *token,
                                 struct store_booking *b, struct store_row_extra *x, char *err,
                                 size_t errlen)
{
    char canon[STORE_CODE_LEN + 1];
    if (!store_code_normalise(code, canon))
        return fh_fail(err, errlen, FH_ENOTFOUND, "no such booking");
    fh_result r = find_by_code(st, &st->writer, canon, b, x, err, errlen);
    bool ok = true;
    if (r == FH_OK && token != NULL)
        r = token_matches(st, &st->writer, canon, token, x->token_sha256, &ok, err, errlen);
    if (r == FH_OK && !ok)
        r = fh_fail(err, errlen, FH_EAUTH, "wrong manage token");
    return r;
}

fh_result store_booking_for_change_token(struct store *st, const char *code, const char *token,
                                         struct store_booking *b, struct store_row_extra *x,
                                         char *err, size_t errlen)
{
    return find_for_change(st, code, token, b, x, err, errlen);
}

fh_result store_booking_for_change(struct store *st, const char *code, struct store_booking *b,
                                   struct store_row_extra *x, char *err, size_t errlen)
{
    return find_for_change(st, code, NULL, b, x, err, errlen);
}

/* Commits on FH_OK and rolls back otherwise; copies the booking out only
 * once it is durable. */
static fh_result finish(struct store *st, fh_result r, const struct store_booking *b,
                        struct store_booking *out, char *err, size_t errlen)
{
    if (r == FH_OK)
        r = store_write_commit(st, err, errlen);
    else
        store_write_rollback(st);
    if (out != NULL) {
        if (r == FH_OK)
            *out = *b;
        else
            memset(out, 0, sizeof *out);
    }
    return r;
}

fh_result store_booking_cancel(struct store *st, const char *code, const char *token, fh_minute now,
                               struct store_booking *out, char *err, size_t errlen)
{
    struct store_booking b;
    struct store_row_extra x;
    fh_result r = store_write_begin(st, err, errlen);
    if (r != FH_OK) {
        if (out != NULL)
            memset(out, 0, sizeof *out);
        return r;
    }
    r = find_for_change(st, code, token, &b, &x, err, errlen);
    if (r == FH_OK && b.status != STORE_CANCELLED) {
        if (b.status != STORE_PENDING && b.status != STORE_CONFIRMED) {
            r = fh_fail(err, errlen, FH_ECONFLICT, "a booking that is %s cannot be cancelled",
                        store_status_name(b.status));
        } else {
            sqlite3_stmt *s = store_stmt(&st->writer, STORE_ST_BOOKING_CANCEL, err, errlen);
            int64_t now_utc = fh_utc_from_local(now, x.utc_offset);
            if (s == NULL) {
                r = FH_EDB;
            } else {
                sqlite3_bind_int64(s, 1, b.id);
                sqlite3_bind_int64(s, 2, now_utc);
                r = store_step_done(&st->writer, s, "cancel booking", err, errlen);
            }
            b.status = STORE_CANCELLED;
            b.sequence++;
            b.updated_at = now_utc;
            if (r == FH_OK)
                r = store_outbox_on_change(st, &b, x.utc_offset, STORE_MSG_CANCELLED, now, err,
                                           errlen);
            if (r == FH_OK)
                r = store_outbox_on_event(st, &b, x.utc_offset, SCHED_EVENT_CANCELLED, now_utc, err,
                                          errlen);
        }
    }
    return finish(st, r, &b, out, err, errlen);
}

/* The body of store_booking_reschedule(), inside the write transaction. */
static fh_result reschedule_locked(struct store *st, const struct sched_office *office,
                                   const struct sched_calendar *cal, struct store_booking *b,
                                   const struct store_row_extra *x, fh_minute new_start,
                                   fh_minute now, enum sched_refusal *refusal, char *err,
                                   size_t errlen)
{
    const struct sched_office_spec *spec = sched_office_spec(office);
    if (strcmp(b->office, spec->id) != 0)
        return fh_fail(err, errlen, FH_EINVAL, "the booking belongs to another office");
    if (b->status != STORE_PENDING && b->status != STORE_CONFIRMED)
        return fh_fail(err, errlen, FH_ECONFLICT, "a booking that is %s cannot be moved",
                       store_status_name(b->status));
    /* Moving to where it is already changes nothing and tells nobody (a
     * page posted twice, a client retrying). */
    if (new_start == b->start)
        return FH_OK;
    int service = sched_office_service_index(office, b->service);
    if (service < 0) {
        *refusal = SCHED_NOT_A_SLOT;
        return fh_fail(err, errlen, FH_EREFUSED, "%s", sched_refusal_code(SCHED_NOT_A_SLOT));
    }

    /* The booking itself is left out of both lists: its own place is
     * released by the very move that takes the new one. */
    struct sched_booking *occ, *mine;
    size_t nocc, nmine;
    fh_day day = fh_day_of(new_start);
    const char *partner = x->partner[0] != '\0' ? x->partner : NULL;
    struct store_skip skip = {b->office, b->service, b->start, b->minutes,
                              store_status_active(b->status)};
    fh_result r = store_load_for_admit(&st->writer, office, day, day, x->person, partner, b->id,
                                       &skip, &occ, &nocc, &mine, &nmine, err, errlen);
    if (r != FH_OK)
        return r;
    struct sched_request sreq = {
        .service = service,
        .start = new_start,
        .person = store_person_u64(x->person),
        .partner = store_person_u64(partner),
        .resident = x->resident,
        /* Its effective date stays: the new day must still allow it. */
        .designated = b->effective_day != FH_NO_DAY,
        .effective = b->effective_day,
    };
    struct sched_admission adm;
    enum sched_refusal why = sched_admit(office, cal, &sreq, now, occ, nocc, mine, nmine, &adm);
    free(occ);
    free(mine);
    if (why != SCHED_OK) {
        *refusal = why;
        return fh_fail(err, errlen, FH_EREFUSED, "%s", sched_refusal_code(why));
    }
    const char *window = store_admitted_window(office, &adm);
    if (window == NULL)
        return fh_fail(err, errlen, FH_EINTERNAL, "store: admission names no window");

    b->start = new_start;
    b->end = adm.end;
    b->minutes = adm.minutes;
    snprintf(b->window, sizeof b->window, "%s", window);
    /* The new window's rule decides: a move into a window that needs a
     * manager's confirmation waits for one again. */
    b->status = adm.needs_confirmation ? STORE_PENDING : STORE_CONFIRMED;
    b->sequence++;
    b->updated_at = fh_utc_from_local(now, spec->utc_offset);

    sqlite3_stmt *s = store_stmt(&st->writer, STORE_ST_BOOKING_MOVE, err, errlen);
    if (s == NULL)
        return FH_EDB;
    sqlite3_bind_int64(s, 1, b->id);
    sqlite3_bind_int(s, 2, day);
    sqlite3_bind_int64(s, 3, b->start);
    sqlite3_bind_int64(s, 4, b->end);
    sqlite3_bind_int(s, 5, b->minutes);
    sqlite3_bind_text(s, 6, b->window, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 7, store_status_name(b->status), -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 8, b->updated_at);
    r = store_step_done(&st->writer, s, "move booking", err, errlen);
    if (r == FH_OK)
        r = store_outbox_on_change(st, b, spec->utc_offset, STORE_MSG_RESCHEDULED, now, err,
                                   errlen);
    if (r == FH_OK)
        r = store_outbox_on_event(st, b, spec->utc_offset, SCHED_EVENT_MOVED, b->updated_at, err,
                                  errlen);
    return r;
}

fh_result store_booking_reschedule(struct store *st, const struct sched_office *office,
                                   const struct sched_calendar *cal, const char *code,
                                   const char *token, fh_minute new_start, fh_minute now,
                                   struct store_booking *out, enum sched_refusal *refusal,
                                   char *err, size_t errlen)
{
    struct store_booking b;
    struct store_row_extra x;
    enum sched_refusal dummy;
    if (refusal == NULL)
        refusal = &dummy;
    *refusal = SCHED_OK;
    fh_result r = store_write_begin(st, err, errlen);
    if (r != FH_OK) {
        if (out != NULL)
            memset(out, 0, sizeof *out);
        return r;
    }
    r = find_for_change(st, code, token, &b, &x, err, errlen);
    if (r == FH_OK)
        r = reschedule_locked(st, office, cal, &b, &x, new_start, now, refusal, err, errlen);
    return finish(st, r, &b, out, err, errlen);
}

/* The manager's transitions of store.h; everything else is a conflict. */
static bool transition_allowed(enum store_status from, enum store_status to)
{
    switch (to) {
    case STORE_CONFIRMED:
        return from == STORE_PENDING;
    case STORE_CHECKED_IN:
        return from == STORE_CONFIRMED;
    case STORE_NO_SHOW:
        /* A lapse is the system's guess that nobody came; the counter may
         * confirm it as a no-show (which the no-show policy counts). */
        return from == STORE_CONFIRMED || from == STORE_PENDING || from == STORE_LAPSED;
    case STORE_COMPLETED:
        return from == STORE_CHECKED_IN;
    case STORE_LAPSED:
        return from == STORE_CONFIRMED;
    case STORE_PENDING:
    case STORE_CANCELLED:
        return false;
    }
    return false;
}

/* A manager's transition of b inside the write transaction, with the
 * messages it causes. */
static fh_result set_status_locked(struct store *st, struct store_booking *b,
                                   const struct store_row_extra *x, enum store_status to,
                                   int64_t now_utc, char *err, size_t errlen)
{
    if (!transition_allowed(b->status, to))
        return fh_fail(err, errlen, FH_ECONFLICT, "a booking that is %s cannot become %s",
                       store_status_name(b->status), store_status_name(to));
    sqlite3_stmt *s = store_stmt(&st->writer, STORE_ST_BOOKING_SET_STATUS, err, errlen);
    if (s == NULL)
        return FH_EDB;
    sqlite3_bind_int64(s, 1, b->id);
    sqlite3_bind_text(s, 2, store_status_name(to), -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, now_utc);
    fh_result r = store_step_done(&st->writer, s, "set booking status", err, errlen);
    b->status = to;
    b->updated_at = now_utc;
    /* A confirmation sends the invite and schedules the reminders; the
     * other transitions end the booking's reminders. */
    if (r == FH_OK)
        r = store_outbox_on_change(st, b, x->utc_offset,
                                   to == STORE_CONFIRMED ? STORE_MSG_CONFIRMED : STORE_MSG_NONE,
                                   fh_local_from_utc(now_utc, x->utc_offset), err, errlen);
    int event = to == STORE_CHECKED_IN ? SCHED_EVENT_CHECKED_IN
                : to == STORE_NO_SHOW  ? SCHED_EVENT_NO_SHOW
                : to == STORE_LAPSED   ? SCHED_EVENT_LAPSED
                                       : -1;
    if (r == FH_OK && event >= 0)
        r = store_outbox_on_event(st, b, x->utc_offset, (enum sched_event)event, now_utc, err,
                                  errlen);
    return r;
}

/* The audit record of a booking's change of status, in the open
 * transaction. */
static fh_result audit_status(struct store *st, const struct store_booking *b,
                              enum store_status from, const char *by, int64_t now, char *err,
                              size_t errlen)
{
    char action[40], before[48], after[48];
    snprintf(action, sizeof action, "booking-%s", store_status_name(b->status));
    snprintf(before, sizeof before, "{\"status\":\"%s\"}", store_status_name(from));
    snprintf(after, sizeof after, "{\"status\":\"%s\"}", store_status_name(b->status));
    return store_audit_write(
        st, &(struct store_audit_entry){by, action, b->office, b->code, before, after, now}, err,
        errlen);
}

fh_result store_booking_set_status_at(struct store *st, const struct sched_office *office,
                                      const char *code, enum store_status to, const char *by,
                                      struct store_booking *out, bool *warned, char *err,
                                      size_t errlen)
{
    struct store_booking b;
    struct store_row_extra x;
    if (warned != NULL)
        *warned = false;
    fh_result r = store_write_begin(st, err, errlen);
    if (r != FH_OK) {
        if (out != NULL)
            memset(out, 0, sizeof *out);
        return r;
    }
    r = find_for_change(st, code, NULL, &b, &x, err, errlen);
    /* store.h gives this call no "now"; fh_clock_now() is the one clock and
     * FLEXHOURS_NOW pins it. */
    enum store_status from = b.status;
    int64_t now = fh_clock_now();
    if (r == FH_OK)
        r = set_status_locked(st, &b, &x, to, now, err, errlen);
    if (r == FH_OK)
        r = audit_status(st, &b, from, by, now, err, errlen);
    /* The warning rides in the mark's transaction: a mark is never stored
     * without it, nor a warning about a mark rolled back. */
    if (r == FH_OK && to == STORE_NO_SHOW && office != NULL &&
        strcmp(sched_office_spec(office)->id, b.office) == 0) {
        bool queued = false;
        r = store_no_show_warn(st, &b, &x, &sched_office_spec(office)->no_show,
                               fh_local_from_utc(now, x.utc_offset), &queued, err, errlen);
        if (warned != NULL)
            *warned = r == FH_OK && queued;
    }
    /* The survey's link rides in the completion's transaction: neither is
     * stored without the other. */
    if (r == FH_OK && to == STORE_COMPLETED && from != STORE_COMPLETED && office != NULL &&
        strcmp(sched_office_spec(office)->id, b.office) == 0 &&
        sched_office_spec(office)->satisfaction_survey)
        r = store_outbox_on_change(st, &b, x.utc_offset, STORE_MSG_SURVEY,
                                   fh_local_from_utc(now, x.utc_offset), err, errlen);
    return finish(st, r, &b, out, err, errlen);
}

fh_result store_booking_set_status(struct store *st, const char *code, enum store_status to,
                                   const char *by, struct store_booking *out, char *err,
                                   size_t errlen)
{
    return store_booking_set_status_at(st, NULL, code, to, by, out, NULL, err, errlen);
}

fh_result store_bookings_lapse(struct store *st, const char *office, fh_minute latest_start,
                               int64_t now_utc, size_t *count, char (**codes)[STORE_CODE_LEN + 1],
                               char *err, size_t errlen)
{
    *count = 0;
    if (codes != NULL)
        *codes = NULL;
    if (latest_start == SCHED_NEVER)
        return FH_OK;
    fh_result r = store_write_begin(st, err, errlen);
    if (r != FH_OK)
        return r;
    struct store_conn *c = &st->writer;
    char(*list)[STORE_CODE_LEN + 1] = NULL;
    size_t n = 0, cap = 0;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_BOOKINGS_LAPSE_DUE, err, errlen);
    if (s == NULL) {
        store_write_rollback(st);
        return FH_EDB;
    }
    sqlite3_bind_text(s, 1, office, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, latest_start);
    int rc;
    while ((rc = store_step(s)) == SQLITE_ROW) {
        list = fh_grow(list, sizeof *list, &cap, n + 1);
        copy_column(list[n++], sizeof list[0], s, 0);
    }
    if (rc != SQLITE_DONE)
        r = store_db_fail(c->db, rc, "bookings to lapse", err, errlen);
    store_stmt_release(s);
    /* Each as a counter's transition would be, by the system: the same
     * messages rule (reminders dropped) and an audit record each. */
    for (size_t i = 0; r == FH_OK && i < n; i++) {
        struct store_booking b;
        struct store_row_extra x;
        r = find_for_change(st, list[i], NULL, &b, &x, err, errlen);
        if (r == FH_OK)
            r = set_status_locked(st, &b, &x, STORE_LAPSED, now_utc, err, errlen);
        if (r == FH_OK)
            r = audit_status(st, &b, STORE_CONFIRMED, "system", now_utc, err, errlen);
        fh_wipe(&b, sizeof b);
    }
    if (r == FH_OK && n > 0)
        r = store_write_commit(st, err, errlen);
    else
        store_write_rollback(st); /* a failure, or nothing to write: no fsync */
    if (r != FH_OK) {
        free(list);
        return r;
    }
    *count = n;
    if (codes != NULL)
        *codes = list;
    else
        free(list);
    return FH_OK;
}

fh_result store_booking_confirm_with_duty(struct store *st, const char *code, const char *staff,
                                          bool tell_staff, const char *by, int64_t now,
                                          struct store_booking *out, char *err, size_t errlen)
{
    struct store_booking b;
    struct store_row_extra x;
    fh_result r = store_write_begin(st, err, errlen);
    if (r != FH_OK) {
        if (out != NULL)
            memset(out, 0, sizeof *out);
        return r;
    }
    r = find_for_change(st, code, NULL, &b, &x, err, errlen);
    if (r == FH_OK && b.status != STORE_PENDING)
        r = fh_fail(err, errlen, FH_ECONFLICT, "a booking that is %s cannot be confirmed",
                    store_status_name(b.status));
    if (r == FH_OK)
        r = set_status_locked(st, &b, &x, STORE_CONFIRMED, now, err, errlen);
    if (r == FH_OK && staff != NULL) {
        enum sched_window_name w;
        enum sched_duty duty = SCHED_DUTY_HOLIDAY;
        if (sched_window_name_parse(b.window, &w) == NULL &&
            sched_window_duty(w) != SCHED_DUTY_NONE)
            duty = sched_window_duty(w);
        r = store_roster_add_duty(st, b.office, fh_day_of(b.start), duty, staff, tell_staff, now,
                                  err, errlen);
    }
    if (r == FH_OK)
        r = audit_status(st, &b, STORE_PENDING, by, now, err, errlen);
    return finish(st, r, &b, out, err, errlen);
}

/* ---- closing a day -------------------------------------------------------------- */

fh_result store_cancel_displaced_locked(struct store *st, struct store_booking *b,
                                        const struct store_row_extra *x, fh_minute now, char *err,
                                        size_t errlen)
{
    int64_t now_utc = fh_utc_from_local(now, x->utc_offset);
    sqlite3_stmt *s = store_stmt(&st->writer, STORE_ST_BOOKING_CANCEL, err, errlen);
    if (s == NULL)
        return FH_EDB;
    sqlite3_bind_int64(s, 1, b->id);
    sqlite3_bind_int64(s, 2, now_utc);
    fh_result r = store_step_done(&st->writer, s, "cancel for closure", err, errlen);
    if (r != FH_OK)
        return r;
    b->status = STORE_CANCELLED;
    b->sequence++;
    b->updated_at = now_utc;
    r = store_outbox_on_change(st, b, x->utc_offset, STORE_MSG_CLOSED, now, err, errlen);
    if (r == FH_OK)
        r = store_outbox_on_event(st, b, x->utc_offset, SCHED_EVENT_CANCELLED, now_utc, err,
                                  errlen);
    return r;
}

fh_result store_close_day(struct store *st, const struct sched_office *office, fh_day day,
                          const char *reason, const char *by, fh_minute now,
                          const char *const *notify, size_t notify_count,
                          struct store_booking **cancelled, size_t *count, char *err, size_t errlen)
{
    const struct sched_office_spec *spec = sched_office_spec(office);
    int64_t now_utc = fh_utc_from_local(now, spec->utc_offset);
    *cancelled = NULL;
    *count = 0;
    fh_result r = store_write_begin(st, err, errlen);
    if (r != FH_OK)
        return r;
    struct store_conn *c = &st->writer;
    struct store_booking *list = NULL;
    struct store_row_extra *extra = NULL;
    size_t n = 0, cap = 0, xcap = 0;

    sqlite3_stmt *s = store_stmt(c, STORE_ST_CLOSURE_INSERT, err, errlen);
    if (s == NULL) {
        r = FH_EDB;
        goto done;
    }
    sqlite3_bind_text(s, 1, spec->id, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 2, day);
    if (reason != NULL)
        sqlite3_bind_text(s, 3, reason, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 4, now_utc);
    if ((r = store_step_done(c, s, "store closure", err, errlen)) != FH_OK)
        goto done;
    if (sqlite3_changes(c->db) == 0)
        goto done; /* closed already: its bookings were cancelled then */

    if ((s = store_stmt(c, STORE_ST_BOOKINGS_OF_DAY, err, errlen)) == NULL) {
        r = FH_EDB;
        goto done;
    }
    sqlite3_bind_text(s, 1, spec->id, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 2, day);
    int rc;
    while (r == FH_OK && (rc = store_step(s)) == SQLITE_ROW) {
        list = fh_grow(list, sizeof *list, &cap, n + 1);
        extra = fh_grow(extra, sizeof *extra, &xcap, n + 1);
        r = store_booking_from_row(st, s, &list[n], &extra[n], err, errlen);
        /* Those who are at the counter already, or done, are not told to
         * go away; only pending and confirmed bookings are cancelled. */
        if (r == FH_OK && (list[n].status == STORE_PENDING || list[n].status == STORE_CONFIRMED))
            n++;
    }
    if (r == FH_OK && rc != SQLITE_DONE)
        r = store_db_fail(c->db, rc, "bookings of the closed day", err, errlen);
    store_stmt_release(s);

    for (size_t i = 0; i < n && r == FH_OK; i++)
        r = store_cancel_displaced_locked(st, &list[i], &extra[i], now, err, errlen);
    /* Those on duty that day would otherwise come in to a closed office. */
    for (size_t i = 0; i < notify_count && r == FH_OK; i++)
        r = store_outbox_queue_day(st, spec->id, notify[i], day, STORE_MSG_DUTY_CLOSED, now_utc,
                                   err, errlen);
    if (r == FH_OK) {
        char date[FH_DATE_LEN], quoted[600], after[760];
        fh_format_date(day, date);
        store_json_string(quoted, sizeof quoted, reason != NULL ? reason : "");
        snprintf(after, sizeof after,
                 "{\"closed\":true,\"reason\":%s,\"cancelled\":%zu,\"staff_told\":%zu}", quoted, n,
                 notify_count);
        r = store_audit_write(st,
                              &(struct store_audit_entry){by, "closure", spec->id, date,
                                                          "{\"closed\":false}", after, now_utc},
                              err, errlen);
    }
done:
    free(extra);
    if (r == FH_OK)
        r = store_write_commit(st, err, errlen);
    else
        store_write_rollback(st);
    if (r != FH_OK) {
        free(list);
        return r;
    }
    *cancelled = list;
    *count = n;
    return FH_OK;
}

fh_result store_closures_list(struct store *st, const char *office, fh_day from,
                              struct store_closure **out, size_t *count, char *err, size_t errlen)
{
    *out = NULL;
    *count = 0;
    struct store_conn *c = store_read_begin(st, err, errlen);
    if (c == NULL)
        return FH_EDB;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_CLOSURE_LIST, err, errlen);
    fh_result r = FH_EDB;
    if (s != NULL) {
        sqlite3_bind_text(s, 1, office, -1, SQLITE_STATIC);
        sqlite3_bind_int(s, 2, from);
        size_t cap = 0;
        int rc;
        while ((rc = store_step(s)) == SQLITE_ROW) {
            *out = fh_grow(*out, sizeof **out, &cap, *count + 1);
            struct store_closure *cl = &(*out)[(*count)++];
            cl->day = (fh_day)sqlite3_column_int(s, 0);
            snprintf(cl->reason, sizeof cl->reason, "%s", (const char *)sqlite3_column_text(s, 1));
            cl->created_at = sqlite3_column_int64(s, 2);
        }
        r = rc == SQLITE_DONE ? FH_OK : store_db_fail(c->db, rc, "list closures", err, errlen);
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

fh_result store_day_staff(struct store *st, const char *office, fh_day day, char (**out)[40],
                          size_t *count, char *err, size_t errlen)
{
    *out = NULL;
    *count = 0;
    struct store_conn *c = store_read_begin(st, err, errlen);
    if (c == NULL)
        return FH_EDB;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_ROSTER_DAY_PUBLISHED, err, errlen);
    fh_result r = FH_EDB;
    if (s != NULL) {
        sqlite3_bind_text(s, 1, office, -1, SQLITE_STATIC);
        sqlite3_bind_int(s, 2, day);
        size_t cap = 0;
        int rc;
        while ((rc = store_step(s)) == SQLITE_ROW) {
            *out = fh_grow(*out, sizeof **out, &cap, *count + 1);
            snprintf((*out)[(*count)++], sizeof **out, "%s",
                     (const char *)sqlite3_column_text(s, 0));
        }
        r = rc == SQLITE_DONE ? FH_OK : store_db_fail(c->db, rc, "staff of a day", err, errlen);
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

fh_result store_reopen_day(struct store *st, const char *office, fh_day day, const char *by,
                           int64_t now_utc, char *err, size_t errlen)
{
    fh_result r = store_write_begin(st, err, errlen);
    if (r != FH_OK)
        return r;
    struct store_conn *c = &st->writer;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_CLOSURE_DELETE, err, errlen);
    if (s == NULL) {
        store_write_rollback(st);
        return FH_EDB;
    }
    sqlite3_bind_text(s, 1, office, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 2, day);
    r = store_step_done(c, s, "reopen day", err, errlen);
    if (r == FH_OK && sqlite3_changes(c->db) == 0)
        r = fh_fail(err, errlen, FH_ENOTFOUND, "the office was not closed that day");
    if (r == FH_OK) {
        char date[FH_DATE_LEN];
        fh_format_date(day, date);
        r = store_audit_write(st,
                              &(struct store_audit_entry){by, "reopen", office, date,
                                                          "{\"closed\":true}", "{\"closed\":false}",
                                                          now_utc},
                              err, errlen);
    }
    if (r == FH_OK)
        return store_write_commit(st, err, errlen);
    store_write_rollback(st);
    return r;
}
