/* store_keys.c: the key file and what is made from it. The keys of the
 * personal data live outside the database, in a file of mode 0600 named by
 * the configuration (PATH.key beside the database by default): the person
 * key, which keys the hashes of national IDs, and numbered master keys, one
 * of them current. From a master key come the key sealing the personal
 * fields of a booking row (AES-256-GCM), the keys of manage links and
 * feeds, and the service's derived keys. Exports the link, derived-key and
 * key-rotation functions of store.h and the key helpers of
 * store_internal.h. */
#include "store/store_internal.h"

#include "common/fh_hash.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define KEY_FILE_MAX   (64 * 1024)
#define KEY_FILE_MAGIC "flexhours-keys 1"
#define KEY_ID_MAX     65535
#define LEGACY_LEN     32 /* FILE.key of earlier versions: the link key, raw */

#define PII_FORMAT     1
#define PII_HEADER_LEN 3 /* format, key id (big endian) */
#define PII_AD_MAX     (PII_HEADER_LEN + 16 + STORE_CODE_LEN)

/* How often, at most, the key file is looked at for a change made by
 * another process (a rotation). */
#define REFRESH_NS 1000000000LL

/* ---- the file ------------------------------------------------------------------ */

struct keyfile {
    bool legacy; /* the 32-byte FILE.key of earlier versions */
    bool has_person;
    uint8_t person[STORE_SECRET_LEN];
    struct {
        int id;
        uint8_t master[STORE_SECRET_LEN];
    } keys[STORE_KEYS_MAX];
    size_t count;
    int current;
};

static void keyfile_wipe(struct keyfile *kf)
{
    fh_wipe(kf, sizeof *kf);
}

/* Reads and parses the key file. *exists is false (and FH_OK returned)
 * when there is none. Refuses a file others may read. */
static fh_result keyfile_read(const char *path, struct keyfile *kf, bool *exists, struct stat *seen,
                              char *err, size_t errlen)
{
    memset(kf, 0, sizeof *kf);
    *exists = false;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return FH_OK;
        return fh_fail(err, errlen, FH_EIO, "store: cannot open the key file %s: %s", path,
                       strerror(errno));
    }
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return fh_fail(err, errlen, FH_EIO, "store: the key file %s is not a regular file", path);
    }
    if ((sb.st_mode & 077) != 0) {
        close(fd);
        return fh_fail(err, errlen, FH_EIO,
                       "store: the key file %s may be read by others (mode %04o): run "
                       "`chmod 600 %s`, and treat its keys as known to whoever could read it "
                       "(docs/store.md, rotation)",
                       path, (unsigned)(sb.st_mode & 07777), path);
    }
    if (sb.st_size > KEY_FILE_MAX) {
        close(fd);
        return fh_fail(err, errlen, FH_EIO, "store: the key file %s is larger than %d bytes", path,
                       KEY_FILE_MAX);
    }
    char *text = fh_malloc((size_t)sb.st_size + 1);
    size_t n = 0;
    while (n < (size_t)sb.st_size) {
        ssize_t got = read(fd, text + n, (size_t)sb.st_size - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        n += (size_t)got;
    }
    close(fd);
    fh_result r = FH_OK;
    *exists = true;
    if (seen != NULL)
        *seen = sb;
    if (n != (size_t)sb.st_size) {
        r = fh_fail(err, errlen, FH_EIO, "store: cannot read the key file %s", path);
    } else if (n == LEGACY_LEN && memcmp(text, KEY_FILE_MAGIC, strlen(KEY_FILE_MAGIC)) != 0) {
        kf->legacy = true;
        kf->count = 1;
        kf->keys[0].id = 1;
        kf->current = 1;
        memcpy(kf->keys[0].master, text, LEGACY_LEN);
    } else {
        text[n] = '\0';
        int line = 0;
        bool magic = false;
        char *next = text;
        while (r == FH_OK && next != NULL && *next != '\0') {
            char *l = next, *nl = strchr(l, '\n');
            if (nl != NULL)
                *nl = '\0';
            next = nl != NULL ? nl + 1 : NULL;
            line++;
            size_t len = strlen(l);
            while (len > 0 && (l[len - 1] == '\r' || l[len - 1] == ' '))
                l[--len] = '\0';
            if (len == 0 || l[0] == '#')
                continue;
            char word[16] = "", hex[80] = "";
            int id = 0, used = 0;
            const char *why = NULL;
            if (!magic) {
                if (strcmp(l, KEY_FILE_MAGIC) != 0)
                    why =
                        "not a flexhours key file (its first line must be \"" KEY_FILE_MAGIC "\")";
                magic = true;
            } else if (sscanf(l, "%15s", word) != 1) {
                why = "unreadable line";
            } else if (strcmp(word, "person") == 0) {
                if (sscanf(l, "person %79s %n", hex, &used) != 1 || l[used] != '\0' ||
                    fh_hex_decode(hex, kf->person, sizeof kf->person) != NULL)
                    why = "person: 64 hex digits expected";
                else if (kf->has_person)
                    why = "person: given twice";
                kf->has_person = true;
            } else if (strcmp(word, "key") == 0) {
                if (sscanf(l, "key %d %79s %n", &id, hex, &used) != 2 || l[used] != '\0' ||
                    id < 1 || id > KEY_ID_MAX)
                    why = "key: \"key ID HEX\" expected, ID from 1 to 65535";
                else if (kf->count == STORE_KEYS_MAX)
                    why = "more keys than a key file may hold (retire some)";
                else if (fh_hex_decode(hex, kf->keys[kf->count].master, STORE_SECRET_LEN) != NULL)
                    why = "key: 64 hex digits expected";
                for (size_t i = 0; why == NULL && i < kf->count; i++)
                    if (kf->keys[i].id == id)
                        why = "key: the same id twice";
                if (why == NULL)
                    kf->keys[kf->count++].id = id;
            } else if (strcmp(word, "current") == 0) {
                if (sscanf(l, "current %d %n", &id, &used) != 1 || l[used] != '\0' || id < 1)
                    why = "current: a key id expected";
                else if (kf->current != 0)
                    why = "current: given twice";
                kf->current = id;
            } else {
                why = "unknown line (person, key or current expected)";
            }
            if (why != NULL)
                r = fh_fail(err, errlen, FH_EIO, "store: key file %s, line %d: %s", path, line,
                            why);
        }
        bool current_known = false;
        for (size_t i = 0; i < kf->count; i++)
            current_known |= kf->keys[i].id == kf->current;
        if (r == FH_OK && (!magic || !kf->has_person || kf->count == 0 || !current_known))
            r = fh_fail(err, errlen, FH_EIO,
                        "store: the key file %s is incomplete: it needs its person key, at least "
                        "one key and the current key's id",
                        path);
    }
    fh_wipe(text, n);
    free(text);
    if (r != FH_OK)
        keyfile_wipe(kf);
    return r;
}

/* Writes the key file whole: a temporary file of mode 0600, synced, renamed
 * over the old one, and the directory synced, so that the file is always
 * the old or the new one. */
static fh_result keyfile_write(const char *path, const struct keyfile *kf, char *err, size_t errlen)
{
    size_t cap = 512 + kf->count * 96, n = 0;
    char *text = fh_malloc(cap);
    char hex[2 * STORE_SECRET_LEN + 1];
    n += (size_t)snprintf(text + n, cap - n,
                          "# flexhours key file (docs/store.md): the keys of the personal data of "
                          "a database.\n"
                          "# Keep it mode 0600 and back it up apart from the database: a database "
                          "is unreadable\n"
                          "# without it. Never edit a key; rotate with `flexhours keys rotate`.\n"
                          "%s\n",
                          KEY_FILE_MAGIC);
    fh_hex_encode(kf->person, sizeof kf->person, hex);
    n += (size_t)snprintf(text + n, cap - n, "person %s\n", hex);
    for (size_t i = 0; i < kf->count; i++) {
        fh_hex_encode(kf->keys[i].master, STORE_SECRET_LEN, hex);
        n += (size_t)snprintf(text + n, cap - n, "key %d %s\n", kf->keys[i].id, hex);
    }
    n += (size_t)snprintf(text + n, cap - n, "current %d\n", kf->current);
    fh_wipe(hex, sizeof hex);

    char *tmp = fh_asprintf("%s.tmp", path);
    unlink(tmp); /* left by a crash: never reused, since O_EXCL below */
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    bool ok = fd >= 0 && fchmod(fd, 0600) == 0;
    for (size_t done = 0; ok && done < n;) {
        ssize_t put = write(fd, text + done, n - done);
        if (put < 0 && errno == EINTR)
            continue;
        ok = put > 0;
        done += ok ? (size_t)put : 0;
    }
    ok = ok && fsync(fd) == 0;
    int saved = errno;
    if (fd >= 0)
        close(fd);
    ok = ok && rename(tmp, path) == 0;
    if (!ok)
        saved = errno;
    fh_result r = FH_OK;
    if (!ok) {
        unlink(tmp);
        r = fh_fail(err, errlen, FH_EIO, "store: cannot write the key file %s: %s", path,
                    strerror(saved));
    } else {
        /* The rename is durable once the directory is. */
        char *dir = fh_strdup(path);
        char *slash = strrchr(dir, '/');
        if (slash == NULL)
            snprintf(dir, strlen(dir) + 1, ".");
        else if (slash == dir)
            slash[1] = '\0';
        else
            *slash = '\0';
        int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd >= 0) {
            fsync(dfd);
            close(dfd);
        }
        free(dir);
    }
    fh_wipe(text, cap);
    free(text);
    free(tmp);
    return r;
}

/* ---- the keys in the store ---------------------------------------------------------- */

static void derive_data_key(struct store_key *k)
{
    static const char label[] = "data-key:v1";
    fh_hmac_sha256(k->master, sizeof k->master, label, strlen(label), k->data);
}

static size_t key_count(const struct store *st)
{
    return atomic_load_explicit(&((struct store *)st)->key_count, memory_order_acquire);
}

static const struct store_key *current_key(const struct store *st)
{
    return &st->keys[atomic_load_explicit(&((struct store *)st)->current_key,
                                          memory_order_acquire)];
}

static const struct store_key *key_by_id(const struct store *st, int id)
{
    size_t n = key_count(st);
    for (size_t i = 0; i < n; i++)
        if (st->keys[i].id == id)
            return &st->keys[i];
    return NULL;
}

/* Takes what the file says into st, under key_lock (or before the store is
 * shared): keys it does not hold yet are added, the current one follows
 * the file. A key id the file gives other bytes than the store holds, or
 * another person key, means the file was replaced: refused. */
static fh_result install(struct store *st, const struct keyfile *kf, char *err, size_t errlen)
{
    if (key_count(st) > 0 && !fh_memeq_ct(st->secret, kf->person, STORE_SECRET_LEN))
        return fh_fail(err, errlen, FH_EIO,
                       "store: the key file %s now holds another person key: it was replaced",
                       st->key_path);
    for (size_t i = 0; i < kf->count; i++) {
        const struct store_key *have = key_by_id(st, kf->keys[i].id);
        if (have != NULL && !fh_memeq_ct(have->master, kf->keys[i].master, STORE_SECRET_LEN))
            return fh_fail(err, errlen, FH_EIO,
                           "store: the key file %s gives key %d other bytes: it was replaced",
                           st->key_path, kf->keys[i].id);
    }
    size_t n = key_count(st), current = SIZE_MAX;
    if (n == 0)
        memcpy(st->secret, kf->person, STORE_SECRET_LEN);
    for (size_t i = 0; i < kf->count; i++) {
        if (key_by_id(st, kf->keys[i].id) != NULL)
            continue;
        if (n == STORE_KEYS_MAX)
            return fh_fail(err, errlen, FH_EIO,
                           "store: more key ids than one process may hold; restart it");
        struct store_key *k = &st->keys[n];
        k->id = kf->keys[i].id;
        memcpy(k->master, kf->keys[i].master, STORE_SECRET_LEN);
        derive_data_key(k);
        atomic_store_explicit(&st->key_count, ++n, memory_order_release);
    }
    for (size_t i = 0; i < n; i++) {
        bool held = false;
        for (size_t j = 0; j < kf->count; j++)
            held |= kf->keys[j].id == st->keys[i].id;
        /* Retired elsewhere: what it sealed still opens here (nothing may
         * be left), but links made under it no longer do. */
        atomic_store(&st->keys[i].retired, !held);
        if (st->keys[i].id == kf->current)
            current = i;
    }
    if (current == SIZE_MAX)
        return fh_fail(err, errlen, FH_EINTERNAL, "store: the current key is not held");
    atomic_store_explicit(&st->current_key, current, memory_order_release);
    return FH_OK;
}

void store_keys_check_value(const struct store *st, uint8_t out[32])
{
    static const char label[] = "flexhours-key-check:v1";
    fh_hmac_sha256(st->secret, sizeof st->secret, label, strlen(label), out);
}

fh_result store_keys_load(struct store *st, const uint8_t *db_secret, const uint8_t *db_check,
                          size_t db_check_len, char *err, size_t errlen)
{
    struct keyfile kf;
    bool exists = false;
    fh_result r = FH_OK;
    if (st->key_path == NULL) {
        /* ":memory:": keys for the lifetime of the store. */
        memset(&kf, 0, sizeof kf);
        kf.has_person = true;
        kf.count = 1;
        kf.keys[0].id = kf.current = 1;
        fh_random_bytes(kf.person, sizeof kf.person);
        fh_random_bytes(kf.keys[0].master, STORE_SECRET_LEN);
        r = install(st, &kf, err, errlen);
        keyfile_wipe(&kf);
        return r;
    }
    r = keyfile_read(st->key_path, &kf, &exists, &st->key_stat, err, errlen);
    if (r != FH_OK)
        return r;
    if (!exists || kf.legacy) {
        if (db_check != NULL) {
            keyfile_wipe(&kf);
            return fh_fail(err, errlen, FH_EIO,
                           "store: the personal data of this database is sealed under the keys of "
                           "%s, which is %s: restore it from its backup (docs/store.md)",
                           st->key_path,
                           exists ? "no longer a key file of this version" : "missing");
        }
        if (!exists) {
            /* A first start: the link key of earlier versions is lost with
             * its file, if there was one; the person secret an older
             * database kept in its meta table moves out of it. */
            kf.count = 1;
            kf.keys[0].id = kf.current = 1;
            fh_random_bytes(kf.keys[0].master, STORE_SECRET_LEN);
        }
        kf.has_person = true;
        if (db_secret != NULL)
            memcpy(kf.person, db_secret, STORE_SECRET_LEN);
        else
            fh_random_bytes(kf.person, sizeof kf.person);
        kf.legacy = false;
        r = keyfile_write(st->key_path, &kf, err, errlen);
        if (r == FH_OK) {
            fh_log(FH_LOG_INFO, "store: %s the key file %s (back it up apart from the database)",
                   exists ? "converted" : "created", st->key_path);
            struct keyfile again;
            r = keyfile_read(st->key_path, &again, &exists, &st->key_stat, err, errlen);
            keyfile_wipe(&again);
        }
    } else if (db_secret != NULL && !fh_memeq_ct(db_secret, kf.person, STORE_SECRET_LEN)) {
        r = fh_fail(err, errlen, FH_EIO,
                    "store: the key file %s is not the one of this database (another person key)",
                    st->key_path);
    }
    if (r == FH_OK)
        r = install(st, &kf, err, errlen);
    keyfile_wipe(&kf);
    if (r == FH_OK && db_check != NULL) {
        uint8_t want[32];
        store_keys_check_value(st, want);
        bool same = db_check_len == sizeof want && fh_memeq_ct(want, db_check, sizeof want);
        fh_wipe(want, sizeof want);
        if (!same)
            r = fh_fail(err, errlen, FH_EIO,
                        "store: the key file %s is not the one of this database", st->key_path);
    }
    return r;
}

/* Looks at the key file again when it changed (another process rotated,
 * retired or converted): new keys are added, the current one follows. At
 * most once a second; force skips that wait. */
static fh_result refresh(struct store *st, bool force, char *err, size_t errlen)
{
    if (st->key_path == NULL)
        return FH_OK;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long long ns = (long long)now.tv_sec * 1000000000LL + now.tv_nsec;
    pthread_mutex_lock(&st->key_lock);
    fh_result r = FH_OK;
    if (force || ns - st->key_checked_ns >= REFRESH_NS) {
        st->key_checked_ns = ns;
        struct stat sb;
        bool changed = stat(st->key_path, &sb) != 0 || sb.st_ino != st->key_stat.st_ino ||
                       sb.st_dev != st->key_stat.st_dev || sb.st_size != st->key_stat.st_size ||
                       sb.st_mtim.tv_sec != st->key_stat.st_mtim.tv_sec ||
                       sb.st_mtim.tv_nsec != st->key_stat.st_mtim.tv_nsec;
        if (changed) {
            struct keyfile kf;
            bool exists;
            struct stat id;
            r = keyfile_read(st->key_path, &kf, &exists, &id, err, errlen);
            if (r == FH_OK && (!exists || kf.legacy))
                r = fh_fail(err, errlen, FH_EIO, "store: the key file %s is gone", st->key_path);
            if (r == FH_OK)
                r = install(st, &kf, err, errlen);
            if (r == FH_OK)
                st->key_stat = id;
            keyfile_wipe(&kf);
        }
    }
    pthread_mutex_unlock(&st->key_lock);
    return r;
}

fh_result store_keys_refresh(struct store *st, bool force, char *err, size_t errlen)
{
    return refresh(st, force, err, errlen);
}

void store_keys_wipe(struct store *st)
{
    fh_wipe(st->secret, sizeof st->secret);
    fh_wipe(st->keys, sizeof st->keys);
}

/* ---- links, feeds and derived keys ---------------------------------------------------- */

/* HMAC-SHA256(master, "manage-link:" subject ["#" generation]), its first
 * 128 bits in hex. Generation 0 leaves the text as earlier versions made
 * it, so that their links still open. */
static void link_mac(const struct store_key *k, const char *subject, int gen,
                     char out[STORE_TOKEN_LEN + 1])
{
    uint8_t mac[FH_SHA256_LEN];
    char *msg = gen == 0 ? fh_asprintf("manage-link:%s", subject)
                         : fh_asprintf("manage-link:%s#%d", subject, gen);
    fh_hmac_sha256(k->master, sizeof k->master, msg, strlen(msg), mac);
    free(msg);
    fh_hex_encode(mac, STORE_TOKEN_LEN / 2, out);
    out[STORE_TOKEN_LEN] = '\0';
    fh_wipe(mac, sizeof mac);
}

fh_result store_link_generation(struct store_conn *c, const char *subject, int *gen, char *err,
                                size_t errlen)
{
    *gen = 0;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_LINK_GENERATION, err, errlen);
    if (s == NULL)
        return FH_EDB;
    sqlite3_bind_text(s, 1, subject, -1, SQLITE_STATIC);
    int rc = store_step(s);
    fh_result r = FH_OK;
    if (rc == SQLITE_ROW)
        *gen = sqlite3_column_int(s, 0);
    else if (rc != SQLITE_DONE)
        r = store_db_fail(c->db, rc, "link generation", err, errlen);
    store_stmt_release(s);
    return r;
}

/* The generation of subject through a reader (the store is logically
 * const: it is only read). */
static fh_result generation_of(const struct store *st, const char *subject, int *gen, char *err,
                               size_t errlen)
{
    struct store *rw = (struct store *)st;
    struct store_conn *c = store_read_begin(rw, err, errlen);
    if (c == NULL)
        return FH_EDB;
    fh_result r = store_link_generation(c, subject, gen, err, errlen);
    store_read_end(rw, c);
    return r;
}

void store_link_key(const struct store *st, const char *code, char out[STORE_TOKEN_LEN + 1])
{
    char err[FH_ERR_LEN] = "";
    int gen;
    if (generation_of(st, code, &gen, err, sizeof err) != FH_OK) {
        /* A key that matches nothing rather than one that may be revoked. */
        uint8_t junk[STORE_TOKEN_LEN / 2];
        fh_random_bytes(junk, sizeof junk);
        fh_hex_encode(junk, sizeof junk, out);
        fh_log(FH_LOG_ERROR, "store: no link key: %s", err);
        return;
    }
    (void)refresh((struct store *)st, false, err, sizeof err);
    link_mac(current_key(st), code, gen, out);
}

bool store_link_matches_gen(const struct store *st, const char *subject, int gen, const char *given)
{
    char err[FH_ERR_LEN];
    (void)refresh((struct store *)st, false, err, sizeof err);
    uint8_t got[FH_SHA256_LEN], want[FH_SHA256_LEN];
    char link[STORE_TOKEN_LEN + 1];
    bool ok = false;
    fh_sha256(given, strlen(given), got);
    size_t n = key_count(st);
    /* Every key id is tried, without stopping at a match. */
    for (size_t i = 0; i < n; i++) {
        link_mac(&st->keys[i], subject, gen, link);
        fh_sha256(link, STORE_TOKEN_LEN, want);
        int match = fh_memeq_ct(got, want, sizeof got);
        int live = !atomic_load(&st->keys[i].retired);
        ok |= (match & live) != 0;
    }
    fh_wipe(link, sizeof link);
    return ok;
}

bool store_link_key_matches(const struct store *st, const char *subject, const char *given)
{
    char err[FH_ERR_LEN] = "";
    int gen;
    if (given == NULL)
        return false;
    if (generation_of(st, subject, &gen, err, sizeof err) != FH_OK) {
        fh_log(FH_LOG_ERROR, "store: link key not checked: %s", err);
        return false;
    }
    return store_link_matches_gen(st, subject, gen, given);
}

void store_derive_key(const struct store *st, const char *label, uint8_t out[32])
{
    char *msg = fh_asprintf("derived-key:%s", label);
    const struct store_key *k = current_key(st);
    fh_hmac_sha256(k->master, sizeof k->master, msg, strlen(msg), out);
    free(msg);
}

void store_duty_feed_key(const struct store *st, const char *office, const char *staff,
                         char out[STORE_TOKEN_LEN + 1])
{
    /* Under its own label, so that no booking code can be chosen to yield
     * a person's feed key (codes never hold ':'). */
    char *label = fh_asprintf("duty-feed:%s:%s", office, staff);
    store_link_key(st, label, out);
    free(label);
}

fh_result store_link_revoke(struct store *st, const char *subject, int *generation, char *err,
                            size_t errlen)
{
    char canon[STORE_CODE_LEN + 1];
    bool is_code = strchr(subject, ':') == NULL;
    if (is_code && !store_code_normalise(subject, canon))
        return fh_fail(err, errlen, FH_ENOTFOUND, "no such booking");
    const char *what = is_code ? canon : subject;
    fh_result r = store_write_begin(st, err, errlen);
    if (r != FH_OK)
        return r;
    struct store_conn *c = &st->writer;
    sqlite3_stmt *s;
    int gen = 0;
    if (is_code) {
        if ((s = store_stmt(c, STORE_ST_CODE_EXISTS, err, errlen)) == NULL) {
            r = FH_EDB;
        } else {
            sqlite3_bind_text(s, 1, what, -1, SQLITE_STATIC);
            int rc = store_step(s);
            if (rc == SQLITE_DONE)
                r = fh_fail(err, errlen, FH_ENOTFOUND, "no such booking");
            else if (rc != SQLITE_ROW)
                r = store_db_fail(c->db, rc, "find booking", err, errlen);
            store_stmt_release(s);
        }
    }
    if (r == FH_OK && (s = store_stmt(c, STORE_ST_LINK_REVOKE, err, errlen)) == NULL)
        r = FH_EDB;
    if (r == FH_OK) {
        sqlite3_bind_text(s, 1, what, -1, SQLITE_STATIC);
        int rc = store_step(s);
        if (rc == SQLITE_ROW)
            gen = sqlite3_column_int(s, 0);
        else
            r = store_db_fail(c->db, rc, "revoke link", err, errlen);
        store_stmt_release(s);
    }
    if (r == FH_OK)
        r = store_write_commit(st, err, errlen);
    else
        store_write_rollback(st);
    if (r == FH_OK) {
        if (generation != NULL)
            *generation = gen;
        struct store_audit_event e = {"link-revoked", is_code ? what : NULL, is_code ? NULL : what,
                                      1, NULL};
        store_audit(st, &e);
    }
    return r;
}

/* ---- sealed personal data ---------------------------------------------------------------- */

/* The personal fields of a booking, in the order they are sealed. The
 * seventh, the needs (as sched_needs_format() writes them), came later:
 * a booking sealed before has six, and no needs. */
#define PII_FIELDS              7
#define PII_FIELDS_BEFORE_NEEDS 6
static void pii_fields(struct store_booking *b, char *field[PII_FIELDS], size_t size[PII_FIELDS],
                       char needs[SCHED_NEEDS_TEXT_LEN])
{
    field[0] = b->name, size[0] = sizeof b->name;
    field[1] = b->national_id_masked, size[1] = sizeof b->national_id_masked;
    field[2] = b->phone, size[2] = sizeof b->phone;
    field[3] = b->email, size[3] = sizeof b->email;
    field[4] = b->partner_name, size[4] = sizeof b->partner_name;
    field[5] = b->partner_national_id_masked, size[5] = sizeof b->partner_national_id_masked;
    field[6] = needs, size[6] = SCHED_NEEDS_TEXT_LEN;
}

static size_t pii_ad(const uint8_t header[PII_HEADER_LEN], const char *code, uint8_t ad[PII_AD_MAX])
{
    static const char label[] = "booking-pii:";
    size_t n = strnlen(code, STORE_CODE_LEN);
    memcpy(ad, header, PII_HEADER_LEN);
    memcpy(ad + PII_HEADER_LEN, label, strlen(label));
    memcpy(ad + PII_HEADER_LEN + strlen(label), code, n);
    return PII_HEADER_LEN + strlen(label) + n;
}

uint8_t *store_pii_seal(const struct store *st, const char *code, const struct store_booking *b,
                        size_t *len)
{
    char *field[PII_FIELDS];
    size_t size[PII_FIELDS], plain_len = 0;
    char needs[SCHED_NEEDS_TEXT_LEN];
    sched_needs_format(&b->needs, needs);
    pii_fields((struct store_booking *)b, field, size, needs);
    for (int i = 0; i < PII_FIELDS; i++)
        plain_len += 2 + strnlen(field[i], size[i] - 1);
    uint8_t *plain = fh_malloc(plain_len);
    size_t at = 0;
    for (int i = 0; i < PII_FIELDS; i++) {
        size_t n = strnlen(field[i], size[i] - 1);
        plain[at++] = (uint8_t)(n >> 8);
        plain[at++] = (uint8_t)n;
        memcpy(plain + at, field[i], n);
        at += n;
    }
    const struct store_key *k = current_key(st);
    *len = PII_HEADER_LEN + plain_len + FH_AEAD_OVERHEAD;
    uint8_t *out = fh_malloc(*len), ad[PII_AD_MAX];
    out[0] = PII_FORMAT;
    out[1] = (uint8_t)(k->id >> 8);
    out[2] = (uint8_t)k->id;
    size_t adlen = pii_ad(out, code, ad);
    fh_aead_seal(k->data, ad, adlen, plain, plain_len, out + PII_HEADER_LEN);
    fh_wipe(needs, sizeof needs);
    fh_wipe(plain, plain_len);
    free(plain);
    return out;
}

fh_result store_pii_open(struct store *st, const char *code, const void *blob, size_t len,
                         struct store_booking *b, int *key_id, char *err, size_t errlen)
{
    const uint8_t *p = blob;
    if (len < PII_HEADER_LEN + FH_AEAD_OVERHEAD || p[0] != PII_FORMAT)
        return fh_fail(err, errlen, FH_EDB, "store: booking %s: its personal data is damaged",
                       code);
    int id = p[1] << 8 | p[2];
    const struct store_key *k = key_by_id(st, id);
    if (k == NULL) {
        /* Sealed by a process that rotated since this one read the file. */
        fh_result r = refresh(st, true, err, errlen);
        if (r != FH_OK)
            return r;
        if ((k = key_by_id(st, id)) == NULL)
            return fh_fail(err, errlen, FH_EDB,
                           "store: booking %s: its personal data is sealed under key %d, which "
                           "the key file %s does not hold",
                           code, id, st->key_path ? st->key_path : "(memory)");
    }
    size_t plain_len = len - PII_HEADER_LEN - FH_AEAD_OVERHEAD;
    uint8_t *plain = fh_malloc(plain_len + 1), ad[PII_AD_MAX];
    size_t adlen = pii_ad(p, code, ad);
    fh_result r = FH_OK;
    if (fh_aead_open(k->data, ad, adlen, p + PII_HEADER_LEN, len - PII_HEADER_LEN, plain) != FH_OK)
        r = fh_fail(err, errlen, FH_EDB,
                    "store: booking %s: its personal data does not open under key %d (altered, "
                    "or moved from another row)",
                    code, id);
    char *field[PII_FIELDS], needs[SCHED_NEEDS_TEXT_LEN] = "";
    size_t size[PII_FIELDS], at = 0;
    pii_fields(b, field, size, needs);
    for (int i = 0; r == FH_OK && i < PII_FIELDS; i++) {
        if (i == PII_FIELDS_BEFORE_NEEDS && at == plain_len)
            break; /* sealed before the needs were */
        size_t n = at + 2 <= plain_len ? (size_t)(plain[at] << 8 | plain[at + 1]) : SIZE_MAX;
        if (n == SIZE_MAX || n >= size[i] || at + 2 + n > plain_len ||
            memchr(plain + at + 2, '\0', n) != NULL) {
            r = fh_fail(err, errlen, FH_EDB, "store: booking %s: its personal data is malformed",
                        code);
            break;
        }
        memcpy(field[i], plain + at + 2, n);
        field[i][n] = '\0';
        at += 2 + n;
    }
    if (r == FH_OK && at != plain_len)
        r = fh_fail(err, errlen, FH_EDB, "store: booking %s: its personal data is malformed", code);
    if (r == FH_OK && !sched_needs_parse(needs, &b->needs))
        r = fh_fail(err, errlen, FH_EDB, "store: booking %s: its needs are malformed", code);
    if (r != FH_OK) {
        for (int i = 0; i < PII_FIELDS; i++)
            fh_wipe(field[i], size[i]);
        b->needs = (struct sched_needs){0};
    } else if (key_id != NULL)
        *key_id = id;
    fh_wipe(needs, sizeof needs);
    fh_wipe(plain, plain_len + 1);
    free(plain);
    return r;
}

/* ---- rotation -------------------------------------------------------------------------------- */

/* Rows per key id: the id is bytes 2 and 3 of the sealed blob. */
static fh_result rows_per_key(struct store_conn *c, int id, int64_t *rows, char *err, size_t errlen)
{
    *rows = 0;
    sqlite3_stmt *s = store_stmt(c, STORE_ST_PII_KEY_ROWS, err, errlen);
    if (s == NULL)
        return FH_EDB;
    uint8_t be[2] = {(uint8_t)(id >> 8), (uint8_t)id};
    sqlite3_bind_blob(s, 1, be, 2, SQLITE_STATIC);
    int rc = store_step(s);
    fh_result r = FH_OK;
    if (rc == SQLITE_ROW)
        *rows = sqlite3_column_int64(s, 0);
    else
        r = store_db_fail(c->db, rc, "count rows of a key", err, errlen);
    store_stmt_release(s);
    return r;
}

fh_result store_keys_list(struct store *st, struct store_key_info **out, size_t *count, char *err,
                          size_t errlen)
{
    *out = NULL;
    *count = 0;
    fh_result r = refresh(st, true, err, errlen);
    if (r != FH_OK)
        return r;
    /* The file's ids, not every one this process ever held. */
    struct keyfile kf;
    bool exists = true;
    if (st->key_path != NULL)
        r = keyfile_read(st->key_path, &kf, &exists, NULL, err, errlen);
    if (r != FH_OK)
        return r;
    struct store_conn *c = store_read_begin(st, err, errlen);
    if (c == NULL) {
        keyfile_wipe(&kf);
        return FH_EDB;
    }
    size_t n = st->key_path != NULL ? kf.count : key_count(st);
    struct store_key_info *list = fh_calloc(n > 0 ? n : 1, sizeof *list);
    int current = current_key(st)->id;
    for (size_t i = 0; r == FH_OK && i < n; i++) {
        list[i].id = st->key_path != NULL ? kf.keys[i].id : st->keys[i].id;
        list[i].current = list[i].id == current;
        r = rows_per_key(c, list[i].id, &list[i].rows, err, errlen);
    }
    store_read_end(st, c);
    keyfile_wipe(&kf);
    if (r != FH_OK) {
        free(list);
        return r;
    }
    for (size_t i = 1; i < n; i++) /* a handful: insertion sort by id */
        for (size_t j = i; j > 0 && list[j - 1].id > list[j].id; j--) {
            struct store_key_info t = list[j];
            list[j] = list[j - 1];
            list[j - 1] = t;
        }
    *out = list;
    *count = n;
    return FH_OK;
}

/* Rewrites the key file changed by edit, under the database's write lock,
 * which serialises key changes between processes too, then takes it in. */
static fh_result change_file(struct store *st,
                             fh_result (*edit)(struct store *, struct keyfile *, void *, char *,
                                               size_t),
                             void *arg, char *err, size_t errlen)
{
    if (st->key_path == NULL)
        return fh_fail(err, errlen, FH_EINVAL, "store: an in-memory store has no key file");
    fh_result r = store_write_begin(st, err, errlen);
    if (r != FH_OK)
        return r;
    struct keyfile kf;
    bool exists;
    struct stat id;
    r = refresh(st, true, err, errlen);
    if (r == FH_OK)
        r = keyfile_read(st->key_path, &kf, &exists, NULL, err, errlen);
    if (r == FH_OK && !exists)
        r = fh_fail(err, errlen, FH_EIO, "store: the key file %s is gone", st->key_path);
    if (r == FH_OK)
        r = edit(st, &kf, arg, err, errlen);
    if (r == FH_OK)
        r = keyfile_write(st->key_path, &kf, err, errlen);
    keyfile_wipe(&kf);
    if (r == FH_OK) {
        pthread_mutex_lock(&st->key_lock);
        r = keyfile_read(st->key_path, &kf, &exists, &id, err, errlen);
        if (r == FH_OK)
            r = install(st, &kf, err, errlen);
        if (r == FH_OK)
            st->key_stat = id;
        pthread_mutex_unlock(&st->key_lock);
        keyfile_wipe(&kf);
    }
    /* Nothing was written to the database: the transaction only held the
     * lock. */
    store_write_rollback(st);
    return r;
}

static fh_result add_key(struct store *st, struct keyfile *kf, void *arg, char *err, size_t errlen)
{
    (void)st;
    int *id = arg, next = 0;
    for (size_t i = 0; i < kf->count; i++)
        if (kf->keys[i].id > next)
            next = kf->keys[i].id;
    if (kf->count == STORE_KEYS_MAX || next >= KEY_ID_MAX)
        return fh_fail(err, errlen, FH_ECONFLICT,
                       "store: the key file holds as many keys as it may: retire old ones first");
    kf->keys[kf->count].id = *id = next + 1;
    fh_random_bytes(kf->keys[kf->count].master, STORE_SECRET_LEN);
    kf->count++;
    kf->current = *id;
    return FH_OK;
}

fh_result store_keys_rotate(struct store *st, int *id, char *err, size_t errlen)
{
    int made = 0;
    fh_result r = change_file(st, add_key, &made, err, errlen);
    if (r == FH_OK) {
        if (id != NULL)
            *id = made;
        char subject[16];
        snprintf(subject, sizeof subject, "key %d", made);
        struct store_audit_event e = {"key-rotated", NULL, subject, 1, NULL};
        store_audit(st, &e);
    }
    return r;
}

static fh_result drop_key(struct store *st, struct keyfile *kf, void *arg, char *err, size_t errlen)
{
    int id = *(int *)arg;
    size_t at = kf->count;
    for (size_t i = 0; i < kf->count; i++)
        if (kf->keys[i].id == id)
            at = i;
    if (at == kf->count)
        return fh_fail(err, errlen, FH_ENOTFOUND, "store: the key file holds no key %d", id);
    if (kf->current == id)
        return fh_fail(err, errlen, FH_ECONFLICT, "store: key %d is the current key: rotate first",
                       id);
    int64_t rows;
    /* Under the write lock: nobody seals under it while it goes. */
    fh_result r = rows_per_key(&st->writer, id, &rows, err, errlen);
    if (r != FH_OK)
        return r;
    if (rows > 0)
        return fh_fail(err, errlen, FH_ECONFLICT,
                       "store: the personal data of %lld booking%s is still sealed under key %d: "
                       "run `flexhours keys reseal` first",
                       (long long)rows, rows == 1 ? "" : "s", id);
    fh_wipe(&kf->keys[at], sizeof kf->keys[at]);
    memmove(&kf->keys[at], &kf->keys[at + 1], (kf->count - at - 1) * sizeof kf->keys[0]);
    kf->count--;
    return FH_OK;
}

fh_result store_keys_retire(struct store *st, int id, char *err, size_t errlen)
{
    fh_result r = change_file(st, drop_key, &id, err, errlen);
    if (r == FH_OK) {
        char subject[16];
        snprintf(subject, sizeof subject, "key %d", id);
        struct store_audit_event e = {"key-retired", NULL, subject, 1, NULL};
        store_audit(st, &e);
    }
    return r;
}

#define RESEAL_BATCH 200

fh_result store_keys_reseal(struct store *st, size_t *count, char *err, size_t errlen)
{
    *count = 0;
    int64_t after = 0;
    for (;;) {
        fh_result r = store_write_begin(st, err, errlen);
        if (r != FH_OK)
            return r;
        struct store_conn *c = &st->writer;
        r = refresh(st, true, err, errlen);
        const struct store_key *k = current_key(st);
        uint8_t be[2] = {(uint8_t)(k->id >> 8), (uint8_t)k->id};
        sqlite3_stmt *s = r == FH_OK ? store_stmt(c, STORE_ST_PII_NOT_UNDER, err, errlen) : NULL;
        if (r == FH_OK && s == NULL)
            r = FH_EDB;
        int64_t *ids = NULL;
        char(*codes)[STORE_CODE_LEN + 1] = NULL;
        uint8_t **blobs = NULL;
        size_t *lens = NULL, n = 0;
        if (r == FH_OK) {
            sqlite3_bind_blob(s, 1, be, 2, SQLITE_STATIC);
            sqlite3_bind_int64(s, 2, after);
            sqlite3_bind_int(s, 3, RESEAL_BATCH);
            ids = fh_calloc(RESEAL_BATCH, sizeof *ids);
            codes = fh_calloc(RESEAL_BATCH, sizeof *codes);
            blobs = fh_calloc(RESEAL_BATCH, sizeof *blobs);
            lens = fh_calloc(RESEAL_BATCH, sizeof *lens);
            int rc;
            while (n < RESEAL_BATCH && (rc = store_step(s)) == SQLITE_ROW) {
                ids[n] = sqlite3_column_int64(s, 0);
                snprintf(codes[n], sizeof codes[n], "%s", (const char *)sqlite3_column_text(s, 1));
                lens[n] = (size_t)sqlite3_column_bytes(s, 2);
                blobs[n] = fh_malloc(lens[n] + 1);
                memcpy(blobs[n], sqlite3_column_blob(s, 2), lens[n]);
                n++;
            }
            if (n < RESEAL_BATCH && rc != SQLITE_DONE)
                r = store_db_fail(c->db, rc, "rows to reseal", err, errlen);
            store_stmt_release(s);
        }
        for (size_t i = 0; r == FH_OK && i < n; i++) {
            struct store_booking b;
            memset(&b, 0, sizeof b);
            r = store_pii_open(st, codes[i], blobs[i], lens[i], &b, NULL, err, errlen);
            size_t len = 0;
            uint8_t *sealed = r == FH_OK ? store_pii_seal(st, codes[i], &b, &len) : NULL;
            fh_wipe(&b, sizeof b);
            if (r == FH_OK && (s = store_stmt(c, STORE_ST_PII_SET, err, errlen)) == NULL)
                r = FH_EDB;
            if (r == FH_OK) {
                sqlite3_bind_int64(s, 1, ids[i]);
                sqlite3_bind_blob(s, 2, sealed, (int)len, SQLITE_STATIC);
                r = store_step_done(c, s, "reseal", err, errlen);
            }
            free(sealed);
            after = ids[i];
        }
        for (size_t i = 0; i < n; i++)
            free(blobs[i]);
        free(blobs);
        free(lens);
        free(codes);
        free(ids);
        if (r == FH_OK)
            r = store_write_commit(st, err, errlen);
        else
            store_write_rollback(st);
        if (r != FH_OK)
            return r;
        *count += n;
        if (n < RESEAL_BATCH)
            return FH_OK;
    }
}
