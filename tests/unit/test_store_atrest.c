/* test_store_atrest.c: personal data at rest. A copy of a database with
 * its WAL, taken while the store is open, gives back no national ID, name,
 * phone or e-mail, not even by brute force of each ID from its mask with
 * every key the copy holds (the same search with the key file finds each
 * ID: the control). The files' modes; a key file others may read, a
 * missing or a foreign one refused; rotation (an old link still opens its
 * booking, a retired key's link does not); the revocation of one link and
 * of one feed key; the worker's retention pass at a pinned clock; erasure
 * on request; a version 6 database with plain text migrated. */
#include "config/cfg.h"
#include "common/fh_hash.h"
#include "notifier/notify.h"
#include "store/store.h"
#include "validate/val.h"
#include "tests/unit/check.h"

#include <dirent.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char tmpdir[256];

/* ---- fixtures --------------------------------------------------------------- */

static const char *const services[] = {"marriage", "name_change"};

/* Noon on working days, five counters; marriage is a couple's service. */
static struct sched_office *make_office(void)
{
    static const struct sched_service_spec specs[] = {
        {.id = "marriage",
         .name_zh = "結婚登記",
         .name_en = "Marriage",
         .minutes = 30,
         .couple = true},
        {.id = "name_change", .name_zh = "更名", .name_en = "Name change", .minutes = 30},
    };
    const struct sched_window_spec windows[] = {{
        .name = SCHED_WIN_NOON,
        .day_types = 1u << SCHED_WORKDAY | 1u << SCHED_MAKEUP_WORKDAY,
        .weekdays = 0x3Eu,
        .date = FH_NO_DAY,
        .start = 12 * 60,
        .end = 13 * 60 + 30,
        .slot_minutes = 30,
        .services = (const char **)services,
        .service_count = 2,
        .capacity = 5,
        .horizon = {.days = 30, .at = 0},
        .cutoff = {.days = 1, .at = 15 * 60},
    }};
    const struct sched_office_spec spec = {
        .id = "test-office",
        .name_zh = "測試戶政事務所",
        .name_en = "Test office",
        .timezone = "Asia/Taipei",
        .utc_offset = 480,
        .services = specs,
        .service_count = 2,
        .windows = windows,
        .window_count = 1,
        .per_person_per_day = 1,
        .per_person_per_service = 1,
    };
    char err[FH_ERR_LEN] = "";
    struct sched_office *office = sched_office_create(&spec, err, sizeof err);
    if (office == NULL)
        fh_fatal("test office: %s", err);
    return office;
}

static fh_minute at(int y, int m, int d, int hh, int mm)
{
    return (fh_minute)fh_day_from_ymd(y, m, d) * FH_MINUTES_PER_DAY + hh * 60 + mm;
}
#define NOW      at(2025, 3, 3, 9, 0) /* Monday */
#define WED_1200 at(2025, 3, 5, 12, 0)
#define THU_1200 at(2025, 3, 6, 12, 0)

static char *reply_json(const struct store_booking *b, const char *token, void *arg)
{
    (void)arg;
    return fh_asprintf("{\"code\":\"%s\",\"manage_token\":\"%s\"}", b->code, token);
}

static char *path_in(const char *name)
{
    return fh_asprintf("%s/%s", tmpdir, name);
}

static void remove_db(const char *path)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", ".key", ".key.tmp"};
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        char *p = fh_asprintf("%s%s", path, suffixes[i]);
        unlink(p);
        free(p);
    }
}

/* The whole file, or NULL (size 0) when there is none. */
static uint8_t *slurp(const char *path, size_t *n)
{
    *n = 0;
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    uint8_t *data = NULL;
    size_t cap = 0, got;
    do {
        data = fh_grow(data, 1, &cap, *n + 65536);
        got = fread(data + *n, 1, cap - *n, f);
        *n += got;
    } while (got > 0);
    fclose(f);
    return data;
}

static void copy_file(const char *from, const char *to)
{
    size_t n;
    uint8_t *data = slurp(from, &n);
    FILE *f = fopen(to, "wb");
    if (f == NULL)
        fh_fatal("cannot write %s", to);
    if (data != NULL)
        fwrite(data, 1, n, f);
    fclose(f);
    free(data);
}

/* Whether the database file, its -wal or -shm hold the bytes of needle
 * (n bytes; strlen when 0). */
static bool files_hold(const char *path, const void *needle, size_t len)
{
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    if (len == 0)
        len = strlen(needle);
    bool found = false;
    for (size_t i = 0; i < 3 && !found; i++) {
        char *p = fh_asprintf("%s%s", path, suffixes[i]);
        size_t n;
        uint8_t *data = slurp(p, &n);
        found = data != NULL && memmem(data, n, needle, len) != NULL;
        free(data);
        free(p);
    }
    return found;
}

static unsigned mode_of(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (unsigned)(sb.st_mode & 0777) : 01000;
}

/* ---- people ------------------------------------------------------------------ */

/* Letter codes of the national ID's check (A=10 ... Z=33). */
static const int letter_code[26] = {10, 11, 12, 13, 14, 15, 16, 17, 34, 18, 19, 20, 21,
                                    22, 35, 23, 24, 25, 26, 27, 28, 29, 32, 30, 31, 33};

/* Whether the ten characters of id pass the check digit (fast: no
 * validation of the form, which the caller makes). */
static bool id_checks(const char *id)
{
    int code = letter_code[id[0] - 'A'];
    int sum = code / 10 + code % 10 * 9 + (id[9] - '0');
    for (int i = 1; i <= 8; i++)
        sum += (id[i] - '0') * (9 - i);
    return sum % 10 == 0;
}

/* letter, then nine digits of which the last is made the check digit. */
static void make_id(char letter, const char *eight, char out[11])
{
    snprintf(out, 11, "%c%s0", letter, eight);
    for (char c = '0'; c <= '9'; c++) {
        out[9] = c;
        if (id_checks(out))
            return;
    }
}

struct person {
    char id[11];
    const char *name, *phone, *email;
    char local_phone[16]; /* 09xxxxxxxx */
};

#define PEOPLE 8
static struct person people[PEOPLE];

static void make_people(void)
{
    static const struct {
        char letter;
        const char *eight, *name, *phone, *email;
    } base[PEOPLE] = {
        {'A', "12345678", "王小明", "+886912345671", "wang.xiaoming@example.org"},
        {'B', "23456789", "陳美玲", "+886923456782", "chen.meiling@example.net"},
        {'F', "13579246", "林志豪", "+886934567893", "lin.zhihao@example.com"},
        {'H', "24681357", "Lee Ann-Marie", "+886945678904", "annmarie.lee@example.org"},
        {'K', "11223344", "黃淑芬", "+886956789015", "huang.shufen@example.net"},
        {'N', "22334455", "張家豪", "+886967890126", "chang.chiahao@example.com"},
        {'R', "10293847", "吳宗憲", "+886978901237", "wu.tsunghsien@example.org"},
        {'T', "29384756", "Tsai Yi-Ting", "+886989012348", "yiting.tsai@example.net"},
    };
    for (int i = 0; i < PEOPLE; i++) {
        make_id(base[i].letter, base[i].eight, people[i].id);
        char norm[VAL_NATIONAL_ID_LEN + 1];
        if (val_national_id(people[i].id, norm) != NULL)
            fh_fatal("test ID %s does not validate", people[i].id);
        people[i].name = base[i].name;
        people[i].phone = base[i].phone;
        people[i].email = base[i].email;
        snprintf(people[i].local_phone, sizeof people[i].local_phone, "0%s", base[i].phone + 4);
    }
}

/* Books holder h (with partner p >= 0) at start; returns the booking and
 * its manage token. */
static fh_result book(struct store *st, const struct sched_office *office,
                      const struct sched_calendar *cal, const char *service, fh_minute start,
                      fh_minute now, int h, int p, struct store_booking *out, char *token)
{
    struct store_new_booking req = {
        .office = "test-office",
        .service = service,
        .start = start,
        .name = people[h].name,
        .national_id = people[h].id,
        .partner_name = p >= 0 ? people[p].name : NULL,
        .partner_national_id = p >= 0 ? people[p].id : NULL,
        .phone = people[h].phone,
        .email = people[h].email,
        .lang = "zh-TW",
        .resident = true,
    };
    struct store_create_result res;
    char err[FH_ERR_LEN] = "";
    uint8_t body[32];
    memset(body, h, sizeof body);
    char key[32];
    snprintf(key, sizeof key, "idem-%d-%lld", h, (long long)start);
    fh_result r = store_booking_create(st, office, cal, &req, now, key, body, reply_json, NULL,
                                       &res, err, sizeof err);
    if (r != FH_OK)
        printf("book %d: %s\n", h, err);
    if (out != NULL)
        *out = res.booking;
    if (token != NULL) {
        token[0] = '\0';
        const char *t = res.body ? strstr(res.body, "\"manage_token\":\"") : NULL;
        if (t != NULL)
            snprintf(token, STORE_TOKEN_LEN + 1, "%s", t + strlen("\"manage_token\":\""));
    }
    free(res.body);
    return r;
}

static struct store *open_at(const char *path, const char *key_file)
{
    struct store *st = NULL;
    char err[FH_ERR_LEN] = "";
    if (store_open_keyed(path, key_file, &st, err, sizeof err) != FH_OK)
        fh_fatal("store_open: %s", err);
    return st;
}

/* The 32-byte value of a "WORD [ID] HEX" line of a key file. */
static bool key_file_value(const char *key_path, const char *prefix, uint8_t out[32])
{
    size_t n;
    char *text = (char *)slurp(key_path, &n);
    bool ok = false;
    if (text == NULL)
        return false;
    text[n] = '\0'; /* slurp() leaves room */
    for (char *l = text; l != NULL && *l != '\0';) {
        char *nl = strchr(l, '\n');
        if (nl != NULL)
            *nl = '\0';
        size_t len = strlen(prefix);
        if (strncmp(l, prefix, len) == 0 && strlen(l) == len + 64)
            ok = fh_hex_decode(l + len, out, 32) == NULL;
        l = nl != NULL ? nl + 1 : NULL;
    }
    free(text);
    return ok;
}

/* ---- the attacker's brute force ------------------------------------------------------ */

struct hashes {
    char (*hex)[65];
    size_t count;
};

static bool is_hex64(const unsigned char *s, size_t n)
{
    if (n != 64)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    return true;
}

/* Every value of the copied database that could be a key: each 32-byte
 * blob and each 64-digit hex text (decoded), of every column of every
 * table, the empty key besides. And the stored person keys, to match. */
static void collect(sqlite3 *db, uint8_t (**keys)[32], size_t *nkeys, struct hashes *persons)
{
    size_t cap = 0, pcap = 0;
    *keys = NULL;
    *nkeys = 0;
    *keys = fh_grow(*keys, sizeof **keys, &cap, 1);
    memset((*keys)[(*nkeys)++], 0, 32); /* stands for the empty key */
    sqlite3_stmt *t = NULL, *s = NULL;
    CHECK_INT(
        sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table'", -1, &t, NULL),
        SQLITE_OK);
    while (sqlite3_step(t) == SQLITE_ROW) {
        char *sql = fh_asprintf("SELECT * FROM \"%s\"", (const char *)sqlite3_column_text(t, 0));
        CHECK_INT(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
        free(sql);
        while (s != NULL && sqlite3_step(s) == SQLITE_ROW) {
            for (int c = 0; c < sqlite3_column_count(s); c++) {
                uint8_t v[32];
                bool take = false;
                int type = sqlite3_column_type(s, c);
                const unsigned char *text = type == SQLITE_TEXT ? sqlite3_column_text(s, c) : NULL;
                if (type == SQLITE_BLOB && sqlite3_column_bytes(s, c) == 32) {
                    memcpy(v, sqlite3_column_blob(s, c), 32);
                    take = true;
                } else if (text != NULL && is_hex64(text, strlen((const char *)text))) {
                    take = fh_hex_decode((const char *)text, v, 32) == NULL;
                }
                if (!take)
                    continue;
                bool seen = false;
                for (size_t i = 0; i < *nkeys && !seen; i++)
                    seen = memcmp((*keys)[i], v, 32) == 0;
                if (!seen) {
                    *keys = fh_grow(*keys, sizeof **keys, &cap, *nkeys + 1);
                    memcpy((*keys)[(*nkeys)++], v, 32);
                }
            }
        }
        sqlite3_finalize(s);
        s = NULL;
    }
    sqlite3_finalize(t);
    CHECK_INT(sqlite3_prepare_v2(db,
                                 "SELECT person FROM booking WHERE person <> '' UNION "
                                 "SELECT partner FROM booking WHERE partner IS NOT NULL",
                                 -1, &s, NULL),
              SQLITE_OK);
    while (sqlite3_step(s) == SQLITE_ROW) {
        persons->hex = fh_grow(persons->hex, sizeof *persons->hex, &pcap, persons->count + 1);
        snprintf(persons->hex[persons->count++], 65, "%s", (const char *)sqlite3_column_text(s, 0));
    }
    sqlite3_finalize(s);
}

/* HMAC-SHA256 with one key over many messages: the key's context is set
 * once, as an attacker would. */
struct mac {
    EVP_MAC *mac;
    EVP_MAC_CTX *ctx;
};

static void mac_init(struct mac *m, const uint8_t key[32], bool empty)
{
    m->mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    m->ctx = EVP_MAC_CTX_new(m->mac);
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, "SHA256", 0),
                           OSSL_PARAM_construct_end()};
    if (m->ctx == NULL ||
        EVP_MAC_init(m->ctx, empty ? (const uint8_t *)"" : key, empty ? 0 : 32, params) != 1)
        fh_fatal("EVP_MAC_init failed");
}

static void mac_hex(struct mac *m, const char *msg, char hex[65])
{
    uint8_t out[32];
    size_t n = 0;
    if (EVP_MAC_init(m->ctx, NULL, 0, NULL) != 1 ||
        EVP_MAC_update(m->ctx, (const uint8_t *)msg, strlen(msg)) != 1 ||
        EVP_MAC_final(m->ctx, out, &n, sizeof out) != 1)
        fh_fatal("HMAC failed");
    fh_hex_encode(out, 32, hex);
}

static void mac_free(struct mac *m)
{
    EVP_MAC_CTX_free(m->ctx);
    EVP_MAC_free(m->mac);
}

static bool in_hashes(const struct hashes *h, const char *hex)
{
    for (size_t i = 0; i < h->count; i++)
        if (memcmp(h->hex[i], hex, 64) == 0)
            return true;
    return false;
}

/* Every ID the mask "X******DDD" of id allows: the second digit 1, 2, 8 or
 * 9, five free digits, the check digit right. stride > 1 keeps every
 * stride-th of the free digits (and the true ID): valgrind's run. *out is
 * malloc'd, ten characters each. */
static size_t candidates_of(const char *id, int stride, char (**out)[10])
{
    static const char second[] = "1289";
    size_t n = 0, cap = 0;
    char cand[11];
    *out = NULL;
    memcpy(cand, id, 11);
    for (int s = 0; s < 4; s++) {
        cand[1] = second[s];
        for (int free5 = 0; free5 < 100000; free5++) {
            for (int d = 6, v = free5; d >= 2; d--, v /= 10)
                cand[d] = (char)('0' + v % 10);
            bool is_true = memcmp(cand, id, 10) == 0;
            if ((free5 % stride != 0 && !is_true) || !id_checks(cand))
                continue;
            *out = fh_grow(*out, sizeof **out, &cap, n + 1);
            memcpy((*out)[n++], cand, 10);
        }
    }
    return n;
}

/* Hashes every candidate under key (plain SHA-256 when plain) and counts
 * those matching a stored person key; *true_one_matched when id did. */
static long brute_force(const char (*cands)[10], size_t n, const char *id, const uint8_t *key,
                        bool empty_key, bool plain, const struct hashes *stored,
                        bool *true_one_matched)
{
    struct mac m = {NULL, NULL};
    if (!plain)
        mac_init(&m, key, empty_key);
    char cand[11], hex[65];
    long matches = 0;
    *true_one_matched = false;
    cand[10] = '\0';
    for (size_t i = 0; i < n; i++) {
        memcpy(cand, cands[i], 10);
        if (plain) {
            uint8_t d[32];
            fh_sha256(cand, 10, d);
            fh_hex_encode(d, 32, hex);
        } else {
            mac_hex(&m, cand, hex);
        }
        if (in_hashes(stored, hex)) {
            matches++;
            *true_one_matched |= memcmp(cand, id, 10) == 0;
        }
    }
    if (!plain)
        mac_free(&m);
    return matches;
}

/* ---- tests ------------------------------------------------------------------------ */

/* The attacker's copy: the database, its WAL and shared memory, copied while
 * the store is open (as a backup tool or a thief would), searched for every
 * person's data and brute-forced. */
static void test_copied_database(const struct sched_office *office,
                                 const struct sched_calendar *cal)
{
    char *path = path_in("copied.db"), *key_path = fh_asprintf("%s.key", path);
    char *copy = path_in("copy-of-copied.db");
    char err[FH_ERR_LEN] = "";
    remove_db(path);
    remove_db(copy);
    struct store *st = open_at(path, NULL);

    /* Four bookings, two of them couples: eight people. */
    struct store_booking b[4];
    char token[4][STORE_TOKEN_LEN + 1];
    CHECK_INT(book(st, office, cal, "marriage", WED_1200, NOW, 0, 1, &b[0], token[0]), FH_OK);
    CHECK_INT(book(st, office, cal, "marriage", WED_1200, NOW, 2, 3, &b[1], token[1]), FH_OK);
    CHECK_INT(book(st, office, cal, "name_change", WED_1200, NOW, 4, -1, &b[2], token[2]), FH_OK);
    CHECK_INT(book(st, office, cal, "name_change", THU_1200, NOW, 5, -1, &b[3], token[3]), FH_OK);
    /* People 6 and 7 booked and moved, then cancelled: every kind of write. */
    struct store_booking moved;
    char t6[STORE_TOKEN_LEN + 1];
    CHECK_INT(book(st, office, cal, "marriage", THU_1200, NOW, 6, 7, &moved, t6), FH_OK);
    CHECK_INT(store_booking_reschedule(st, office, cal, moved.code, t6, WED_1200, NOW, &moved, NULL,
                                       err, sizeof err),
              FH_OK);
    CHECK_INT(store_booking_cancel(st, moved.code, t6, NOW, &moved, err, sizeof err), FH_OK);

    /* Copied while open. */
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        char *from = fh_asprintf("%s%s", path, suffixes[i]);
        char *to = fh_asprintf("%s%s", copy, suffixes[i]);
        copy_file(from, to);
        free(from);
        free(to);
    }
    size_t db_bytes, wal_bytes;
    char *wal = fh_asprintf("%s-wal", copy);
    free(slurp(copy, &db_bytes));
    free(slurp(wal, &wal_bytes));
    free(wal);
    CHECK(wal_bytes > 0); /* the copy holds uncheckpointed pages */

    /* 1. The bytes: no ID (either case), name, phone (either form),
     * e-mail, mask, nor the keys. */
    int searched = 0, found = 0;
    for (int i = 0; i < PEOPLE; i++) {
        char lower[11], mask[11], old_mask[11];
        memcpy(lower, people[i].id, 11);
        lower[0] = (char)(lower[0] + 32);
        snprintf(mask, sizeof mask, "%c******%.3s", people[i].id[0], people[i].id + 7);
        snprintf(old_mask, sizeof old_mask, "%.3s****%.3s", people[i].id, people[i].id + 7);
        const char *needles[] = {
            people[i].id,          lower,           people[i].name, people[i].phone,
            people[i].local_phone, people[i].email, mask,           old_mask};
        for (size_t k = 0; k < sizeof needles / sizeof needles[0]; k++) {
            searched++;
            if (files_hold(copy, needles[k], 0)) {
                printf("the copy holds \"%s\"\n", needles[k]);
                found++;
            }
        }
    }
    uint8_t person_key[32], key1[32];
    CHECK(key_file_value(key_path, "person ", person_key));
    CHECK(key_file_value(key_path, "key 1 ", key1));
    CHECK(!files_hold(copy, person_key, 32));
    CHECK(!files_hold(copy, key1, 32));
    CHECK_INT(found, 0);

    /* 2. The brute force, without the key file: every candidate of every
     * mask under every key the copy holds. */
    const char *quick = getenv("FLEXHOURS_TEST_QUICK");
    int stride = quick != NULL && quick[0] != '\0' ? 499 : 1;
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open_v2(copy, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    uint8_t(*keys)[32];
    size_t nkeys;
    struct hashes stored = {NULL, 0};
    collect(db, &keys, &nkeys, &stored);
    sqlite3_close(db);
    CHECK_INT(stored.count, PEOPLE); /* a cancelled booking's keys stay until retention */
    long tries = 0, hits = 0, per_id = 0, found_with_key = 0, false_hits = 0;
    for (int i = 0; i < PEOPLE; i++) {
        char(*cands)[10];
        size_t n = candidates_of(people[i].id, stride, &cands);
        per_id = (long)n;
        bool truth;
        for (size_t k = 0; k <= nkeys; k++) {
            /* k == nkeys: no key at all, plain SHA-256 */
            hits += brute_force(cands, n, people[i].id, k < nkeys ? keys[k] : NULL, k == 0,
                                k == nkeys, &stored, &truth);
            tries += (long)n;
        }
        /* The control: with the key file's person key, the same search
         * finds the ID, and nothing else. */
        long matches =
            brute_force(cands, n, people[i].id, person_key, false, false, &stored, &truth);
        found_with_key += truth;
        false_hits += matches - truth;
        free(cands);
    }
    CHECK_INT(hits, 0);
    CHECK_INT(found_with_key, PEOPLE);
    CHECK_INT(false_hits, 0);
    printf("copied database: %zu + %zu bytes (file + WAL) searched for %d strings of %d people: "
           "%d found; brute force without the key file: %ld candidates per ID%s x %zu keys the "
           "copy holds (and plain SHA-256) = %ld tries, %ld matches; with the key file: %ld of "
           "%d IDs found\n",
           db_bytes, wal_bytes, searched, PEOPLE, found, per_id, stride > 1 ? " (sampled)" : "",
           nkeys, tries, hits, found_with_key, PEOPLE);

    /* The copy is whole: with the key file it opens and reads. */
    struct store *again = open_at(copy, key_path);
    struct store_booking got;
    CHECK_INT(store_booking_get(again, b[0].code, token[0], &got, err, sizeof err), FH_OK);
    CHECK_STR(got.name, people[0].name);
    CHECK_STR(got.partner_name, people[1].name);
    CHECK_STR(got.email, people[0].email);
    char mask0[16];
    snprintf(mask0, sizeof mask0, "%c******%.3s", people[0].id[0], people[0].id + 7);
    CHECK_STR(got.national_id_masked, mask0);
    store_close(again);

    free(keys);
    free(stored.hex);
    fh_wipe(person_key, sizeof person_key);
    store_close(st);
    remove_db(path);
    remove_db(copy);
    free(copy);
    free(key_path);
    free(path);
}

/* The database, its WAL and shared memory, and the key file are 0600,
 * whatever the umask; wider modes of an earlier version are narrowed. */
static void test_modes(const struct sched_office *office, const struct sched_calendar *cal)
{
    char *path = path_in("modes.db");
    remove_db(path);
    mode_t old = umask(0);
    struct store *st = open_at(path, NULL);
    CHECK_INT(book(st, office, cal, "name_change", WED_1200, NOW, 0, -1, NULL, NULL), FH_OK);
    static const char *const suffixes[] = {"", "-wal", "-shm", ".key"};
    for (int i = 0; i < 4; i++) {
        char *p = fh_asprintf("%s%s", path, suffixes[i]);
        if (mode_of(p) != 0600) {
            printf("%s: mode %04o\n", p, mode_of(p));
            check_failures++;
        }
        free(p);
    }
    store_close(st);
    /* As an earlier version left them. */
    for (int i = 0; i < 3; i++) {
        char *p = fh_asprintf("%s%s", path, suffixes[i]);
        FILE *f = fopen(p, "ab");
        if (f != NULL)
            fclose(f);
        chmod(p, 0644);
        free(p);
    }
    umask(old);
    st = open_at(path, NULL);
    for (int i = 0; i < 3; i++) {
        char *p = fh_asprintf("%s%s", path, suffixes[i]);
        CHECK_INT(mode_of(p), 0600);
        free(p);
    }
    store_close(st);
    remove_db(path);
    free(path);
}

/* A key file others may read is refused with the way out; a missing one of
 * a database that has keys, or another database's, is refused and never
 * made anew; a damaged one names its line. */
static void test_key_file_refused(const struct sched_office *office,
                                  const struct sched_calendar *cal)
{
    char *path = path_in("refuse.db"), *key_path = fh_asprintf("%s.key", path);
    char *other = path_in("other.db");
    char err[FH_ERR_LEN] = "";
    remove_db(path);
    remove_db(other);
    struct store *st = open_at(path, NULL);
    CHECK_INT(book(st, office, cal, "name_change", WED_1200, NOW, 0, -1, NULL, NULL), FH_OK);
    store_close(st);

    static const unsigned wide[] = {0644, 0640, 0604, 0660};
    for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++) {
        chmod(key_path, wide[i]);
        st = NULL;
        err[0] = '\0';
        CHECK_INT(store_open(path, &st, err, sizeof err), FH_EIO);
        CHECK(st == NULL);
        CHECK(strstr(err, "may be read by others") != NULL);
        CHECK(strstr(err, "chmod 600") != NULL);
    }
    chmod(key_path, 0600);
    CHECK_INT(store_open(path, &st, err, sizeof err), FH_OK);
    store_close(st);

    /* Another database's key file. */
    st = open_at(other, NULL);
    store_close(st);
    char *other_key = fh_asprintf("%s.key", other);
    st = NULL;
    err[0] = '\0';
    CHECK_INT(store_open_keyed(path, other_key, &st, err, sizeof err), FH_EIO);
    CHECK(strstr(err, "not the one of this database") != NULL);

    /* Missing: refused, and not made anew. */
    char *moved = fh_asprintf("%s.saved", key_path);
    CHECK(rename(key_path, moved) == 0);
    err[0] = '\0';
    CHECK_INT(store_open(path, &st, err, sizeof err), FH_EIO);
    CHECK(strstr(err, "missing") != NULL);
    CHECK(access(key_path, F_OK) != 0);

    /* Damaged: the line is named. */
    FILE *f = fopen(key_path, "w");
    if (f != NULL) {
        fputs("flexhours-keys 1\nperson 00\n", f);
        fclose(f);
    }
    chmod(key_path, 0600);
    err[0] = '\0';
    CHECK_INT(store_open(path, &st, err, sizeof err), FH_EIO);
    CHECK(strstr(err, "line 2") != NULL);
    CHECK(rename(moved, key_path) == 0);
    CHECK_INT(store_open(path, &st, err, sizeof err), FH_OK);
    store_close(st);

    free(moved);
    free(other_key);
    remove_db(other);
    remove_db(path);
    free(other);
    free(key_path);
    free(path);
}

/* Rotation: a new current key; a link sent before it still opens its
 * booking, which another process (a server beside the command) still
 * reads; resealing, then retiring the old key, ends that link. */
static void test_rotation(const struct sched_office *office, const struct sched_calendar *cal)
{
    char *path = path_in("rotate.db");
    char err[FH_ERR_LEN] = "";
    remove_db(path);
    struct store *server = open_at(path, NULL), *command = open_at(path, NULL);
    struct store_booking a, b, got;
    char old_link[STORE_TOKEN_LEN + 1], new_link[STORE_TOKEN_LEN + 1];
    CHECK_INT(book(server, office, cal, "name_change", WED_1200, NOW, 0, -1, &a, NULL), FH_OK);
    store_link_key(server, a.code, old_link);

    int id = 0;
    CHECK_INT(store_keys_rotate(command, &id, err, sizeof err), FH_OK);
    CHECK_INT(id, 2);
    /* The server's next booking is sealed under key 2 at once. */
    CHECK_INT(book(server, office, cal, "name_change", WED_1200, NOW, 1, -1, &b, NULL), FH_OK);
    struct store_key_info *keys;
    size_t n;
    CHECK_INT(store_keys_list(command, &keys, &n, err, sizeof err), FH_OK);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK(keys[0].id == 1 && !keys[0].current && keys[0].rows == 1);
        CHECK(keys[1].id == 2 && keys[1].current && keys[1].rows == 1);
    }
    free(keys);
    /* Links: new ones differ, the old one still opens, in both processes. */
    store_link_key(command, a.code, new_link);
    CHECK(strcmp(old_link, new_link) != 0);
    CHECK_INT(store_booking_get(command, a.code, old_link, &got, err, sizeof err), FH_OK);
    CHECK_INT(store_booking_get(command, a.code, new_link, &got, err, sizeof err), FH_OK);
    CHECK_INT(store_booking_get(server, b.code, NULL, &got, err, sizeof err), FH_OK);
    CHECK_STR(got.name, people[1].name);

    /* The old key cannot go while it seals a booking, nor the current one. */
    CHECK_INT(store_keys_retire(command, 1, err, sizeof err), FH_ECONFLICT);
    CHECK(strstr(err, "reseal") != NULL);
    CHECK_INT(store_keys_retire(command, 2, err, sizeof err), FH_ECONFLICT);
    CHECK_INT(store_keys_retire(command, 9, err, sizeof err), FH_ENOTFOUND);
    size_t resealed = 0;
    CHECK_INT(store_keys_reseal(command, &resealed, err, sizeof err), FH_OK);
    CHECK_INT(resealed, 1);
    CHECK_INT(store_keys_retire(command, 1, err, sizeof err), FH_OK);
    /* The server, which held key 1, reads what was resealed and no longer
     * takes the retired key's link once it looked at the file again. */
    sleep(1);
    CHECK_INT(store_booking_get(server, a.code, NULL, &got, err, sizeof err), FH_OK);
    CHECK_STR(got.name, people[0].name);
    CHECK_INT(store_booking_get(server, a.code, old_link, &got, err, sizeof err), FH_EAUTH);
    CHECK_INT(store_booking_get(server, a.code, new_link, &got, err, sizeof err), FH_OK);
    store_close(server);
    store_close(command);

    /* A fresh process: key 2 only. */
    server = open_at(path, NULL);
    CHECK_INT(store_booking_get(server, a.code, old_link, &got, err, sizeof err), FH_EAUTH);
    CHECK_INT(store_booking_get(server, a.code, new_link, &got, err, sizeof err), FH_OK);
    CHECK_STR(got.name, people[0].name);
    store_close(server);
    remove_db(path);
    free(path);
}

/* One booking's link and one person's feed key revoked: the old keys no
 * longer open anything, new ones do, the others are untouched. */
static void test_revoke(const struct sched_office *office, const struct sched_calendar *cal)
{
    char *path = path_in("revoke.db");
    char err[FH_ERR_LEN] = "";
    remove_db(path);
    struct store *st = open_at(path, NULL);
    struct store_booking a, b, got;
    char token[STORE_TOKEN_LEN + 1], link_a[STORE_TOKEN_LEN + 1], link_b[STORE_TOKEN_LEN + 1];
    char again[STORE_TOKEN_LEN + 1];
    CHECK_INT(book(st, office, cal, "name_change", WED_1200, NOW, 0, -1, &a, token), FH_OK);
    CHECK_INT(book(st, office, cal, "name_change", WED_1200, NOW, 1, -1, &b, NULL), FH_OK);
    store_link_key(st, a.code, link_a);
    store_link_key(st, b.code, link_b);
    int gen = 0;
    CHECK_INT(store_link_revoke(st, a.code, &gen, err, sizeof err), FH_OK);
    CHECK_INT(gen, 1);
    CHECK_INT(store_booking_get(st, a.code, link_a, &got, err, sizeof err), FH_EAUTH);
    store_link_key(st, a.code, again);
    CHECK(strcmp(again, link_a) != 0);
    CHECK_INT(store_booking_get(st, a.code, again, &got, err, sizeof err), FH_OK);
    CHECK_INT(store_booking_get(st, a.code, token, &got, err, sizeof err), FH_OK);
    CHECK_INT(store_booking_get(st, b.code, link_b, &got, err, sizeof err), FH_OK);
    /* Changes go through the same check. */
    CHECK_INT(store_booking_cancel(st, a.code, link_a, NOW, &got, err, sizeof err), FH_EAUTH);
    CHECK_INT(store_link_revoke(st, "ZZZZZZZZ", &gen, err, sizeof err), FH_ENOTFOUND);
    CHECK_INT(store_link_revoke(st, "0O1I", &gen, err, sizeof err), FH_ENOTFOUND);

    char feed_a[STORE_TOKEN_LEN + 1], feed_b[STORE_TOKEN_LEN + 1], feed_new[STORE_TOKEN_LEN + 1];
    store_duty_feed_key(st, "test-office", "alice", feed_a);
    store_duty_feed_key(st, "test-office", "bob", feed_b);
    CHECK(store_link_key_matches(st, "duty-feed:test-office:alice", feed_a));
    CHECK_INT(store_link_revoke(st, "duty-feed:test-office:alice", &gen, err, sizeof err), FH_OK);
    CHECK(!store_link_key_matches(st, "duty-feed:test-office:alice", feed_a));
    store_duty_feed_key(st, "test-office", "alice", feed_new);
    CHECK(strcmp(feed_new, feed_a) != 0);
    CHECK(store_link_key_matches(st, "duty-feed:test-office:alice", feed_new));
    CHECK(store_link_key_matches(st, "duty-feed:test-office:bob", feed_b));
    /* After a rotation the feed key made before still matches. */
    CHECK_INT(store_keys_rotate(st, &gen, err, sizeof err), FH_OK);
    CHECK(store_link_key_matches(st, "duty-feed:test-office:bob", feed_b));
    store_duty_feed_key(st, "test-office", "bob", feed_new);
    CHECK(strcmp(feed_new, feed_b) != 0);
    CHECK(store_link_key_matches(st, "duty-feed:test-office:bob", feed_new));
    store_close(st);
    remove_db(path);
    free(path);
}

/* What the figures see of a day: office, service, window, times, status. */
static char *figures(struct store *st, fh_day day)
{
    struct store_booking *list;
    size_t n;
    char err[FH_ERR_LEN] = "";
    if (store_bookings_of_day(st, "test-office", day, &list, &n, err, sizeof err) != FH_OK)
        fh_fatal("bookings_of_day: %s", err);
    char *text = fh_strdup("");
    for (size_t i = 0; i < n; i++) {
        char *more =
            fh_asprintf("%s%s/%s/%s/%lld-%lld/%s/%d;", text, list[i].office, list[i].service,
                        list[i].window, (long long)list[i].start, (long long)list[i].end,
                        store_status_name(list[i].status), list[i].sequence);
        free(text);
        text = more;
    }
    free(list);
    return text;
}

static bool wait_erased(struct store *st, const char *code)
{
    for (int i = 0; i < 200; i++) {
        struct store_booking b;
        char err[FH_ERR_LEN] = "";
        if (store_booking_get(st, code, NULL, &b, err, sizeof err) == FH_OK && b.erased_at != 0)
            return true;
        struct timespec ms50 = {0, 50000000};
        nanosleep(&ms50, NULL);
    }
    return false;
}

/* A backlog past retention is erased in slices: store_erase_expired() with
 * max stops after whole transactions once max are erased, says so by its
 * count, and the next call goes on; nothing is erased twice or left. */
static void test_retention_slices(const struct sched_office *office,
                                  const struct sched_calendar *cal)
{
    char *path = path_in("slices.db");
    char err[FH_ERR_LEN] = "";
    remove_db(path);
    struct store *st = open_at(path, NULL);
    fh_minute now = at(2025, 3, 24, 9, 0);
    struct store_booking first;
    CHECK_INT(
        book(st, office, cal, "name_change", at(2025, 3, 31, 12, 0), now, 2, -1, &first, NULL),
        FH_OK);
    store_close(st);
    /* 149 more like it, copied row by row with plain SQL (whatever the
     * columns), each under its own code. */
    sqlite3 *db;
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    CHECK_INT(sqlite3_exec(db, "CREATE TEMP TABLE c AS SELECT * FROM booking", NULL, NULL, NULL),
              SQLITE_OK);
    for (int i = 1; i <= 149; i++) {
        char *sql = fh_asprintf("UPDATE c SET id = (SELECT max(id) + 1 FROM booking), "
                                "code = 'SLICE%03d'; INSERT INTO booking SELECT * FROM c;",
                                i);
        CHECK_INT(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
        free(sql);
    }
    sqlite3_close(db);

    st = open_at(path, NULL);
    int64_t pinned = fh_utc_from_local(at(2025, 6, 30, 12, 31), 480);
    size_t n = 0, total = 0;
    CHECK_INT(store_erase_expired(st, pinned, 90, 100, &n, err, sizeof err), FH_OK);
    CHECK(n >= 100 && n < 150); /* stopped after whole transactions */
    total += n;
    CHECK_INT(store_erase_expired(st, pinned, 90, 100, &n, err, sizeof err), FH_OK);
    total += n;
    CHECK_INT(total, 150);
    CHECK_INT(store_erase_expired(st, pinned, 90, 100, &n, err, sizeof err), FH_OK);
    CHECK_INT(n, 0);
    store_close(st);
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *q;
    CHECK_INT(sqlite3_prepare_v2(db, "SELECT count(*) FROM booking WHERE erased_at IS NULL", -1, &q,
                                 NULL),
              SQLITE_OK);
    CHECK_INT(sqlite3_step(q), SQLITE_ROW);
    CHECK_INT(sqlite3_column_int(q, 0), 0);
    sqlite3_finalize(q);
    sqlite3_close(db);
    remove_db(path);
    free(path);
}

/* The worker's retention pass at a pinned clock: a booking that ended 91
 * days ago loses its personal data, one that ended 89 days ago keeps it;
 * the figures are the same. The thread runs it at its start. */
static void test_retention(const struct sched_office *office, const struct sched_calendar *cal)
{
    char *path = path_in("retention.db"), *outbox = path_in("retention-outbox.log");
    char err[FH_ERR_LEN] = "";
    remove_db(path);
    struct store *st = open_at(path, NULL);
    /* Monday 2025-03-31 and Wednesday 2025-04-02, noon, booked the week before. */
    fh_minute now = at(2025, 3, 24, 9, 0);
    fh_day day_old = fh_day_from_ymd(2025, 3, 31), day_new = fh_day_from_ymd(2025, 4, 2);
    struct store_booking old1, old2, fresh, got;
    CHECK_INT(book(st, office, cal, "marriage", at(2025, 3, 31, 12, 0), now, 0, 1, &old1, NULL),
              FH_OK);
    CHECK_INT(book(st, office, cal, "name_change", at(2025, 3, 31, 12, 0), now, 2, -1, &old2, NULL),
              FH_OK);
    CHECK_INT(book(st, office, cal, "name_change", at(2025, 4, 2, 12, 0), now, 3, -1, &fresh, NULL),
              FH_OK);
    CHECK_INT(store_booking_cancel(st, old2.code, NULL, now, NULL, err, sizeof err), FH_OK);
    char *before_old = figures(st, day_old), *before_new = figures(st, day_new);

    struct fh_config *cfg = NULL;
    CHECK_INT(cfg_load_demo(&cfg, err, sizeof err), FH_OK);
    CHECK_INT(cfg->retention_days, 90);
    struct notify_worker *w = NULL;
    struct notify_worker_options opt = {.cfg = cfg, .store = st, .outbox_file = outbox};
    CHECK_INT(notify_worker_create(&opt, &w, err, sizeof err), FH_OK);

    /* 2025-06-30 12:31 local: the 31 March bookings ended 91 days ago, the
     * 2 April one 89 days ago. */
    int64_t pinned = fh_utc_from_local(at(2025, 6, 30, 12, 31), 480);
    CHECK_INT(notify_worker_retention(w, pinned), 2);
    CHECK_INT(store_booking_get(st, old1.code, NULL, &got, err, sizeof err), FH_OK);
    CHECK_INT(got.erased_at, pinned);
    CHECK_STR(got.name, "");
    CHECK_STR(got.partner_name, "");
    CHECK_STR(got.national_id_masked, "");
    CHECK_STR(got.phone, "");
    CHECK_STR(got.email, "");
    CHECK_INT(got.status, STORE_CONFIRMED);
    CHECK_INT(store_booking_find(st, old1.code, people[0].id, &got, err, sizeof err), FH_ENOTFOUND);
    CHECK_INT(store_booking_find(st, old1.code, people[1].id, &got, err, sizeof err), FH_ENOTFOUND);
    CHECK_INT(store_booking_get(st, old2.code, NULL, &got, err, sizeof err), FH_OK);
    CHECK(got.erased_at != 0);
    CHECK_INT(got.status, STORE_CANCELLED);
    CHECK_INT(store_booking_find(st, fresh.code, people[3].id, &got, err, sizeof err), FH_OK);
    CHECK_INT(got.erased_at, 0);
    CHECK_STR(got.name, people[3].name);
    /* Figures unchanged. */
    char *after_old = figures(st, day_old), *after_new = figures(st, day_new);
    CHECK_STR(after_old, before_old);
    CHECK_STR(after_new, before_new);
    /* No message of an erased booking is left to send, nor any error text. */
    struct store_message *m;
    size_t n;
    CHECK_INT(store_outbox_list(st, STORE_MSG_QUEUED, 100, &m, &n, err, sizeof err), FH_OK);
    for (size_t i = 0; i < n; i++)
        CHECK(strcmp(m[i].code, old1.code) != 0 && strcmp(m[i].code, old2.code) != 0);
    free(m);
    /* Again: nothing more. */
    CHECK_INT(notify_worker_retention(w, pinned), 0);
    notify_worker_free(w);

    /* The thread at start, the clock pinned two days later: the 2 April
     * booking is 91 days over. */
    setenv("FLEXHOURS_NOW", "2025-07-02T12:31:00+08:00", 1);
    CHECK(fh_clock_init() == NULL);
    CHECK_INT(notify_worker_create(&opt, &w, err, sizeof err), FH_OK);
    CHECK_INT(notify_worker_start(w, err, sizeof err), FH_OK);
    CHECK(wait_erased(st, fresh.code));
    notify_worker_free(w);
    unsetenv("FLEXHOURS_NOW");
    CHECK(fh_clock_init() == NULL);
    char *final_new = figures(st, day_new);
    CHECK_STR(final_new, before_new);

    /* Nothing of the three is in the files. */
    for (int i = 0; i < 4; i++) {
        CHECK(!files_hold(path, people[i].name, 0));
        CHECK(!files_hold(path, people[i].email, 0));
    }
    free(final_new);
    free(after_old);
    free(after_new);
    free(before_old);
    free(before_new);
    cfg_free(cfg);
    store_close(st);
    remove_db(path);
    unlink(outbox);
    free(outbox);
    free(path);
}

/* What the audit hook heard. */
struct heard {
    char text[1024];
};

static void hear(void *arg, const struct store_audit_event *e)
{
    struct heard *h = arg;
    size_t n = strlen(h->text);
    snprintf(h->text + n, sizeof h->text - n, "%s:%s:%s;", e->action, e->code ? e->code : "-",
             e->by ? e->by : "-");
}

/* A person's request: by national ID (as partner, only their part goes; as
 * holder, the booking's data, a booking ahead cancelled and its place
 * freed), by code; each erasure audited by code only. */
static void test_erase_request(const struct sched_office *office, const struct sched_calendar *cal)
{
    char *path = path_in("erase.db");
    char err[FH_ERR_LEN] = "";
    remove_db(path);
    struct store *st = open_at(path, NULL);
    struct heard heard = {""};
    store_set_audit(st, hear, &heard);
    struct store_booking couple, alone, other, got;
    CHECK_INT(book(st, office, cal, "marriage", WED_1200, NOW, 0, 1, &couple, NULL), FH_OK);
    CHECK_INT(book(st, office, cal, "name_change", THU_1200, NOW, 1, -1, &alone, NULL), FH_OK);
    CHECK_INT(book(st, office, cal, "name_change", WED_1200, NOW, 2, -1, &other, NULL), FH_OK);
    fh_day wed = fh_day_from_ymd(2025, 3, 5);
    struct sched_booking *occ;
    size_t n;
    CHECK_INT(store_occupancy(st, office, wed, wed + 1, &occ, &n, err, sizeof err), FH_OK);
    CHECK_INT(n, 3);
    free(occ);

    /* Person 1: partner of the couple's booking, holder of another. */
    int64_t now_utc = fh_utc_from_local(NOW, 480);
    struct store_erased *list;
    CHECK_INT(store_erase_person(st, people[1].id, now_utc, "test", &list, &n, err, sizeof err),
              FH_OK);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(list[0].code, couple.code);
        CHECK(list[0].partner_only && !list[0].cancelled);
        CHECK_STR(list[1].code, alone.code);
        CHECK(!list[1].partner_only && list[1].cancelled);
    }
    free(list);
    CHECK_INT(store_booking_get(st, couple.code, NULL, &got, err, sizeof err), FH_OK);
    CHECK_STR(got.name, people[0].name);
    CHECK_STR(got.partner_name, "");
    CHECK_STR(got.partner_national_id_masked, "");
    CHECK_INT(got.erased_at, 0);
    CHECK_INT(got.status, STORE_CONFIRMED);
    CHECK_INT(store_booking_find(st, couple.code, people[1].id, &got, err, sizeof err),
              FH_ENOTFOUND);
    CHECK_INT(store_booking_find(st, couple.code, people[0].id, &got, err, sizeof err), FH_OK);
    CHECK_INT(store_booking_get(st, alone.code, NULL, &got, err, sizeof err), FH_OK);
    CHECK_INT(got.status, STORE_CANCELLED);
    CHECK(got.erased_at != 0);
    CHECK_STR(got.name, "");
    CHECK_INT(store_occupancy(st, office, wed, wed + 1, &occ, &n, err, sizeof err), FH_OK);
    CHECK_INT(n, 2);
    free(occ);
    /* Nobody is told: no message is queued for the cancelled booking. */
    struct store_message *m;
    CHECK_INT(store_outbox_list(st, STORE_MSG_QUEUED, 100, &m, &n, err, sizeof err), FH_OK);
    for (size_t i = 0; i < n; i++)
        CHECK(strcmp(m[i].code, alone.code) != 0);
    free(m);
    /* A second request finds nothing more. */
    CHECK_INT(store_erase_person(st, people[1].id, now_utc, "test", &list, &n, err, sizeof err),
              FH_OK);
    CHECK_INT(n, 0);
    free(list);

    /* By code; again is no error; an unknown code is. */
    struct store_erased e;
    CHECK_INT(store_erase_booking(st, other.code, now_utc, "test", &e, err, sizeof err), FH_OK);
    CHECK(e.cancelled && !e.partner_only);
    CHECK_INT(store_erase_booking(st, other.code, now_utc, "test", &e, err, sizeof err), FH_OK);
    CHECK_INT(store_erase_booking(st, "ZZZZZZZZ", now_utc, "test", &e, err, sizeof err),
              FH_ENOTFOUND);
    CHECK_INT(store_booking_get(st, other.code, NULL, &got, err, sizeof err), FH_OK);
    CHECK_STR(got.email, "");
    /* A retry of the request that made it is refused, not booked again. */
    CHECK_INT(book(st, office, cal, "name_change", WED_1200, NOW, 2, -1, NULL, NULL), FH_ECONFLICT);

    char *want = fh_asprintf("erase-partner:%s:test;erase:%s:test;erase:%s:test;", couple.code,
                             alone.code, other.code);
    CHECK_STR(heard.text, want);
    free(want);
    for (int i = 1; i <= 2; i++) {
        CHECK(!files_hold(path, people[i].name, 0));
        CHECK(!files_hold(path, people[i].phone, 0));
    }
    store_close(st);
    remove_db(path);
    free(path);
}

/* A database as version 6 left it: plain names, phones, e-mails and masks,
 * the person secret in its meta table, the link key in a 32-byte FILE.key,
 * pages still in the WAL. Opened, it is sealed, nothing personal is left in
 * its files, the key file holds both keys, and what was sent still works:
 * the holder found by their ID, the old link. */
static void test_migrate_from_6(void)
{
    static const char *const v6 =
        "PRAGMA journal_mode = WAL;"
        "CREATE TABLE meta (name TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;"
        "CREATE TABLE booking (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,"
        " token_sha256 BLOB NOT NULL CHECK (length(token_sha256) = 32), office TEXT NOT NULL,"
        " service TEXT NOT NULL, window_name TEXT NOT NULL, day INTEGER NOT NULL,"
        " start_min INTEGER NOT NULL, end_min INTEGER NOT NULL, minutes INTEGER NOT NULL,"
        " utc_offset INTEGER NOT NULL, status TEXT NOT NULL, person TEXT NOT NULL,"
        " national_id_masked TEXT NOT NULL, name TEXT NOT NULL, phone TEXT NOT NULL,"
        " email TEXT NOT NULL, lang TEXT NOT NULL, resident INTEGER NOT NULL,"
        " sequence INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL,"
        " updated_at INTEGER NOT NULL);"
        "CREATE INDEX booking_office_day ON booking (office, day, start_min);"
        "CREATE INDEX booking_person ON booking (person);"
        "CREATE TABLE idempotency (key_sha256 BLOB PRIMARY KEY, body_sha256 BLOB NOT NULL,"
        " http_status INTEGER NOT NULL, response BLOB NOT NULL,"
        " booking_id INTEGER REFERENCES booking (id) ON DELETE CASCADE,"
        " created_at INTEGER NOT NULL);"
        "CREATE INDEX idempotency_created ON idempotency (created_at);"
        "CREATE TABLE calendar_day (day INTEGER PRIMARY KEY, year INTEGER NOT NULL,"
        " type TEXT NOT NULL, name TEXT);"
        "CREATE INDEX calendar_day_year ON calendar_day (year);"
        "CREATE TABLE closure (office TEXT NOT NULL, day INTEGER NOT NULL, reason TEXT,"
        " created_at INTEGER NOT NULL, PRIMARY KEY (office, day)) WITHOUT ROWID;"
        "CREATE TABLE roster_month (office TEXT NOT NULL, month INTEGER NOT NULL,"
        " state TEXT NOT NULL, version INTEGER NOT NULL, published_at INTEGER,"
        " PRIMARY KEY (office, month)) WITHOUT ROWID;"
        "CREATE TABLE roster_duty (office TEXT NOT NULL, month INTEGER NOT NULL,"
        " day INTEGER NOT NULL, duty TEXT NOT NULL, staff TEXT NOT NULL,"
        " pinned INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (office, day, duty, staff))"
        " WITHOUT ROWID;"
        "CREATE TABLE roster_pin (office TEXT NOT NULL, month INTEGER NOT NULL,"
        " day INTEGER NOT NULL, duty TEXT NOT NULL, staff TEXT NOT NULL,"
        " forbid INTEGER NOT NULL, PRIMARY KEY (office, day, duty, staff)) WITHOUT ROWID;"
        "CREATE TABLE comp_taken (id INTEGER PRIMARY KEY, office TEXT NOT NULL,"
        " staff TEXT NOT NULL, day INTEGER NOT NULL, minutes INTEGER NOT NULL,"
        " note TEXT NOT NULL DEFAULT '', created_at INTEGER NOT NULL);"
        "CREATE TABLE outbox (id INTEGER PRIMARY KEY, booking_id INTEGER REFERENCES booking (id),"
        " office TEXT, staff TEXT, month INTEGER, kind TEXT NOT NULL, channel TEXT NOT NULL,"
        " sequence INTEGER NOT NULL, status TEXT NOT NULL DEFAULT 'queued',"
        " attempts INTEGER NOT NULL DEFAULT 0, due_at INTEGER NOT NULL,"
        " created_at INTEGER NOT NULL, sent_at INTEGER, last_error TEXT,"
        " CHECK (booking_id IS NOT NULL OR office IS NOT NULL));"
        "CREATE INDEX outbox_due ON outbox (status, due_at);"
        "ALTER TABLE booking ADD COLUMN partner TEXT;"
        "ALTER TABLE booking ADD COLUMN partner_national_id_masked TEXT NOT NULL DEFAULT '';"
        "ALTER TABLE booking ADD COLUMN partner_name TEXT NOT NULL DEFAULT '';"
        "CREATE INDEX booking_partner ON booking (partner) WHERE partner IS NOT NULL;"
        "PRAGMA user_version = 6;";
    uint8_t secret[32], legacy[32], mac[32];
    char secret_hex[65], legacy_hex[65], holder[65], partner[65];
    memset(secret, 0x42, sizeof secret);
    memset(legacy, 0x24, sizeof legacy);
    fh_hex_encode(secret, 32, secret_hex);
    fh_hex_encode(legacy, 32, legacy_hex);
    fh_hmac_sha256(secret, 32, people[0].id, 10, mac);
    fh_hex_encode(mac, 32, holder);
    fh_hmac_sha256(secret, 32, people[1].id, 10, mac);
    fh_hex_encode(mac, 32, partner);
    fh_minute start = WED_1200;
    char old_mask[2][11];
    for (int i = 0; i < 2; i++)
        snprintf(old_mask[i], 11, "%.3s****%.3s", people[i].id, people[i].id + 7);
    char *rows = fh_asprintf(
        "INSERT INTO meta VALUES ('person_secret', x'%s');"
        "INSERT INTO booking VALUES (7, 'ABCDEFGH', zeroblob(32), 'test-office', 'marriage',"
        " 'noon', %d, %lld, %lld, 30, 480, 'confirmed', '%s', '%s', '%s', '%s', '%s', 'zh-TW', 1,"
        " 0, 100, 100, '%s', '%s', '%s');"
        "INSERT INTO booking VALUES (8, 'HGFEDCBA', zeroblob(32), 'test-office', 'name_change',"
        " 'noon', %d, %lld, %lld, 30, 480, 'confirmed', 'ab', '%.3s****%s', '%s', '%s', '%s',"
        " 'en', 0, 0, 100, 100, NULL, '', '');",
        secret_hex, (int)fh_day_of(start), (long long)start, (long long)start + 30, holder,
        old_mask[0], people[0].name, people[0].phone, people[0].email, partner, old_mask[1],
        people[1].name, (int)fh_day_of(start), (long long)start, (long long)start + 30,
        people[2].id, people[2].id + 7, people[2].name, people[2].phone, people[2].email);

    char *path = path_in("v6.db"), *key_path = fh_asprintf("%s.key", path);
    remove_db(path);
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    CHECK_INT(sqlite3_exec(db, v6, NULL, NULL, NULL), SQLITE_OK);
    CHECK_INT(sqlite3_exec(db, rows, NULL, NULL, NULL), SQLITE_OK);
    /* Left in the WAL, as a running server leaves it. */
    sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
    sqlite3_close(db);
    free(rows);
    FILE *f = fopen(key_path, "wb");
    if (f != NULL) {
        fwrite(legacy, 1, sizeof legacy, f);
        fclose(f);
    }
    chmod(key_path, 0600);
    /* The search sees plain text before. */
    CHECK(files_hold(path, people[0].name, 0));
    CHECK(files_hold(path, people[2].email, 0));

    struct store *st = NULL;
    char err[FH_ERR_LEN] = "";
    CHECK_INT(store_open(path, &st, err, sizeof err), FH_OK);
    if (st == NULL) {
        printf("%s\n", err);
        free(key_path);
        free(path);
        return;
    }
    CHECK_INT(store_schema_version(st), 19);
    struct store_booking b;
    CHECK_INT(store_booking_find(st, "ABCDEFGH", people[0].id, &b, err, sizeof err), FH_OK);
    CHECK_STR(b.name, people[0].name);
    CHECK_STR(b.phone, people[0].phone);
    CHECK_STR(b.email, people[0].email);
    CHECK_STR(b.partner_name, people[1].name);
    char mask[16];
    snprintf(mask, sizeof mask, "%c******%.3s", people[0].id[0], people[0].id + 7);
    CHECK_STR(b.national_id_masked, mask);
    snprintf(mask, sizeof mask, "%c******%.3s", people[1].id[0], people[1].id + 7);
    CHECK_STR(b.partner_national_id_masked, mask);
    CHECK_INT(store_booking_find(st, "ABCDEFGH", people[1].id, &b, err, sizeof err), FH_OK);
    CHECK_INT(store_booking_find(st, "HGFEDCBA", people[2].id, &b, err, sizeof err), FH_ENOTFOUND);
    CHECK_INT(store_booking_by_id(st, 8, &b, err, sizeof err), FH_OK);
    CHECK_STR(b.name, people[2].name);
    CHECK_STR(b.lang, "en");
    /* The link sent before still opens the booking. */
    char old_link[STORE_TOKEN_LEN + 1];
    fh_hmac_sha256(legacy, 32, "manage-link:ABCDEFGH", strlen("manage-link:ABCDEFGH"), mac);
    fh_hex_encode(mac, STORE_TOKEN_LEN / 2, old_link);
    CHECK_INT(store_booking_get(st, "ABCDEFGH", old_link, &b, err, sizeof err), FH_OK);
    store_close(st);

    /* The key file: version 1 text, both keys, 0600. */
    uint8_t v[32];
    CHECK(key_file_value(key_path, "person ", v) && memcmp(v, secret, 32) == 0);
    CHECK(key_file_value(key_path, "key 1 ", v) && memcmp(v, legacy, 32) == 0);
    CHECK_INT(mode_of(key_path), 0600);
    CHECK_INT(mode_of(path), 0600);
    /* Nothing personal or secret is left in the files. */
    for (int i = 0; i < 3; i++) {
        CHECK(!files_hold(path, people[i].name, 0));
        CHECK(!files_hold(path, people[i].phone, 0));
        CHECK(!files_hold(path, people[i].email, 0));
    }
    CHECK(!files_hold(path, old_mask[0], 0));
    CHECK(!files_hold(path, old_mask[1], 0));
    CHECK(!files_hold(path, secret, 32));
    CHECK(!files_hold(path, secret_hex, 0));
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *s = NULL;
    CHECK_INT(sqlite3_prepare_v2(db, "SELECT count(*) FROM meta WHERE name = 'person_secret'", -1,
                                 &s, NULL),
              SQLITE_OK);
    CHECK(sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) == 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    remove_db(path);
    free(key_path);
    free(path);
}

/* key_file and retention_days in the configuration: defaults, values,
 * bounds named by path. */
static void test_config(void)
{
    struct fh_config *cfg = NULL;
    char err[FH_ERR_LEN] = "";
    CHECK_INT(cfg_load_demo(&cfg, err, sizeof err), FH_OK);
    CHECK(cfg->key_file == NULL);
    CHECK_INT(cfg->retention_days, 90);
    cfg_free(cfg);
    const char *demo = cfg_demo_json();
    const char *brace = strchr(demo, '{');
    char *good =
        fh_asprintf("{\"key_file\": \"/etc/flexhours/keys\", \"retention_days\": 30,%s", brace + 1);
    CHECK_INT(cfg_load_string(good, strlen(good), "site.json", &cfg, err, sizeof err), FH_OK);
    if (cfg != NULL) {
        CHECK_STR(cfg->key_file, "/etc/flexhours/keys");
        CHECK_INT(cfg->retention_days, 30);
        cfg_free(cfg);
    }
    char *bad = fh_asprintf("{\"retention_days\": 0,%s", brace + 1);
    CHECK_INT(cfg_load_string(bad, strlen(bad), "site.json", &cfg, err, sizeof err), FH_EINVAL);
    CHECK(strstr(err, "site.json: retention_days: must be 1 to 3650") != NULL);
    free(bad);
    bad = fh_asprintf("{\"key_file\": 7,%s", brace + 1);
    err[0] = '\0';
    CHECK_INT(cfg_load_string(bad, strlen(bad), "site.json", &cfg, err, sizeof err), FH_EINVAL);
    CHECK(strstr(err, "key_file") != NULL);
    free(bad);
    free(good);
}

static void cleanup_tmpdir(void)
{
    DIR *d = opendir(tmpdir);
    struct dirent *e;
    while (d != NULL && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char *p = fh_asprintf("%s/%s", tmpdir, e->d_name);
        unlink(p);
        free(p);
    }
    if (d != NULL)
        closedir(d);
    rmdir(tmpdir);
}

int main(void)
{
    const char *base = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/test_store_atrest.XXXXXX",
             base != NULL && base[0] != '\0' ? base : "/tmp");
    if (mkdtemp(tmpdir) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    fh_log_set_level(FH_LOG_ERROR);
    make_people();
    struct sched_office *office = make_office();
    struct sched_calendar *cal = sched_calendar_create();

    test_copied_database(office, cal);
    test_modes(office, cal);
    test_key_file_refused(office, cal);
    test_rotation(office, cal);
    test_revoke(office, cal);
    test_retention(office, cal);
    test_retention_slices(office, cal);
    test_erase_request(office, cal);
    test_migrate_from_6();
    test_config();

    cleanup_tmpdir();
    sched_calendar_free(cal);
    sched_office_free(office);
    return check_result();
}
