/* test_hash.c: SHA-256 against the FIPS 180-4 / NIST examples, HMAC-SHA256
 * against RFC 4231, AES-256-GCM sealing against the GCM specification and
 * every kind of tampering, base64url against RFC 4648, and the compare,
 * random and hex helpers of fh_hash. */
#include "common/fh_hash.h"
#include "tests/unit/check.h"

#include <stdlib.h>

static void check_hex(const uint8_t digest[FH_SHA256_LEN], const char *want, const char *what)
{
    char got[FH_SHA256_HEX_LEN];
    fh_hex_encode(digest, FH_SHA256_LEN, got);
    if (strcmp(got, want) != 0) {
        printf("%s:\n  got  %s\n  want %s\n", what, got, want);
        check_failures++;
    }
}

static void test_sha256_vectors(void)
{
    static const struct {
        const char *msg;
        const char *digest;
    } cases[] = {
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrl"
         "mnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t d[FH_SHA256_LEN];
        fh_sha256(cases[i].msg, strlen(cases[i].msg), d);
        check_hex(d, cases[i].digest, cases[i].msg);
    }
}

/* The long-message example of FIPS 180-2 (one million 'a'), and 56 bytes,
 * where the length no longer fits the padded block. */
static void test_sha256_long(void)
{
    size_t n = 1000000;
    char *msg = malloc(n);
    if (msg == NULL)
        abort();
    memset(msg, 'a', n);
    uint8_t d[FH_SHA256_LEN];
    fh_sha256(msg, n, d);
    check_hex(d, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", "1M x a");
    fh_sha256(msg, 56, d);
    check_hex(d, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a", "56 x a");
    free(msg);
    /* NULL with no bytes is the empty message. */
    fh_sha256(NULL, 0, d);
    check_hex(d, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "NULL, 0");
}

static void hex_to_bytes(const char *hex, uint8_t *out, size_t *n)
{
    *n = strlen(hex) / 2;
    if (fh_hex_decode(hex, out, *n) != NULL)
        abort();
}

/* RFC 4231, test cases 1-4, 6 and 7 (5 is truncated output). */
static void test_hmac_vectors(void)
{
    static const struct {
        const char *key_hex;
        const char *data_hex;
        const char *mac;
    } cases[] = {
        {"0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265",
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
        {"4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
        {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
         "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
         "dddddddddddddd",
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
        {"0102030405060708090a0b0c0d0e0f10111213141516171819",
         "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd"
         "cdcdcdcdcdcd",
         "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"},
        {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
         "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
         "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
         "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368"
         "204b6579204669727374",
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
        {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
         "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
         "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
         "5468697320697320612074657374207573696e672061206c6172676572207468616e20626c6f636b2d73697a"
         "65206b657920616e642061206c6172676572207468616e20626c6f636b2d73697a6520646174612e20546865"
         "206b6579206e6565647320746f20626520686173686564206265666f7265206265696e672075736564206279"
         "2074686520484d414320616c676f726974686d2e",
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t key[256], data[256], mac[FH_SHA256_LEN];
        size_t keylen, datalen;
        hex_to_bytes(cases[i].key_hex, key, &keylen);
        hex_to_bytes(cases[i].data_hex, data, &datalen);
        fh_hmac_sha256(key, keylen, data, datalen, mac);
        char what[32];
        snprintf(what, sizeof what, "RFC 4231 case %zu", i);
        check_hex(mac, cases[i].mac, what);
    }
    /* An empty key and message (OpenSSL needs a pointer for an empty key). */
    uint8_t mac[FH_SHA256_LEN];
    fh_hmac_sha256(NULL, 0, NULL, 0, mac);
    check_hex(mac, "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad", "empty");
}

static void test_memeq_ct(void)
{
    uint8_t a[32], b[32];
    memset(a, 0x5a, sizeof a);
    memcpy(b, a, sizeof b);
    CHECK(fh_memeq_ct(a, b, sizeof a));
    CHECK(fh_memeq_ct(a, b, 0));
    for (size_t i = 0; i < sizeof a; i++) {
        b[i] ^= 0x80;
        CHECK(!fh_memeq_ct(a, b, sizeof a));
        b[i] ^= 0x80;
    }
}

static void test_random(void)
{
    uint8_t a[64], b[64], big[5000];
    CHECK(fh_random_bytes(a, sizeof a) == FH_OK);
    CHECK(fh_random_bytes(b, sizeof b) == FH_OK);
    CHECK(memcmp(a, b, sizeof a) != 0);
    CHECK(fh_random_bytes(big, 0) == FH_OK);
    /* More than getrandom's 256-byte guarantee still comes back whole. */
    memset(big, 0, sizeof big);
    CHECK(fh_random_bytes(big, sizeof big) == FH_OK);
    size_t zeros = 0;
    for (size_t i = 0; i < sizeof big; i++)
        zeros += big[i] == 0;
    CHECK(zeros < 100); /* expected about 20 */
}

static void test_hex(void)
{
    uint8_t bytes[4] = {0x00, 0x9f, 0xa0, 0xff}, back[4];
    char hex[9];
    fh_hex_encode(bytes, sizeof bytes, hex);
    CHECK(strcmp(hex, "009fa0ff") == 0);
    CHECK(fh_hex_decode(hex, back, sizeof back) == NULL);
    CHECK(memcmp(bytes, back, sizeof bytes) == 0);
    CHECK(fh_hex_decode("009FA0FF", back, sizeof back) == NULL);
    CHECK(memcmp(bytes, back, sizeof bytes) == 0);
    CHECK(fh_hex_decode("009fa0f", back, sizeof back) != NULL);
    CHECK(fh_hex_decode("009fa0fff", back, 4) != NULL);
    CHECK(fh_hex_decode("009fa0fg", back, 4) != NULL);
    CHECK(fh_hex_decode(NULL, back, 4) != NULL);
    CHECK(fh_hex_decode("", back, 0) == NULL);
    fh_hex_encode(bytes, 0, hex);
    CHECK(hex[0] == '\0');
}

/* ---- sealing ------------------------------------------------------------------ */

/* The GCM specification's test case 16 (AES-256, 96-bit IV, associated
 * data, 60 bytes): nonce || ciphertext || tag is the layout of a seal. */
static void test_aead_vector(void)
{
    uint8_t key[FH_AEAD_KEY_LEN], ad[64], plain[64], sealed[128], out[64];
    size_t keylen, adlen, n, len;
    hex_to_bytes("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308", key, &keylen);
    hex_to_bytes("feedfacedeadbeeffeedfacedeadbeefabaddad2", ad, &adlen);
    hex_to_bytes("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                 "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
                 plain, &n);
    hex_to_bytes("cafebabefacedbaddecaf888"
                 "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                 "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"
                 "76fc6ece0f4e1768cddf8853bb2d551b",
                 sealed, &len);
    CHECK_INT(keylen, FH_AEAD_KEY_LEN);
    CHECK_INT(len, n + FH_AEAD_OVERHEAD);
    CHECK_INT(fh_aead_open(key, ad, adlen, sealed, len, out), FH_OK);
    CHECK(memcmp(out, plain, n) == 0);
}

static void fill(uint8_t *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)(i * 31 + seed);
}

/* Every length around the AES block, each in buffers of the exact size, so
 * that valgrind and ASan see any byte written or read beyond them. */
static void test_aead_round_trip(void)
{
    uint8_t key[FH_AEAD_KEY_LEN];
    fill(key, sizeof key, 7);
    static const char ad[] = "idempotency-reply";
    for (size_t n = 0; n <= 70; n++) {
        uint8_t *plain = malloc(n + 1), *sealed = malloc(n + FH_AEAD_OVERHEAD),
                *out = malloc(n + 1);
        if (plain == NULL || sealed == NULL || out == NULL)
            abort();
        fill(plain, n, (unsigned)n);
        fh_aead_seal(key, ad, strlen(ad), plain, n, sealed);
        CHECK(n < 8 || memcmp(sealed + FH_AEAD_NONCE_LEN, plain, n) != 0);
        CHECK_INT(fh_aead_open(key, ad, strlen(ad), sealed, n + FH_AEAD_OVERHEAD, out), FH_OK);
        CHECK(memcmp(out, plain, n) == 0);
        free(plain);
        free(sealed);
        free(out);
    }
    /* No associated data at all. */
    uint8_t sealed[5 + FH_AEAD_OVERHEAD], out[5];
    fh_aead_seal(key, NULL, 0, "hello", 5, sealed);
    CHECK_INT(fh_aead_open(key, NULL, 0, sealed, sizeof sealed, out), FH_OK);
    CHECK(memcmp(out, "hello", 5) == 0);
    CHECK_INT(fh_aead_open(key, "x", 1, sealed, sizeof sealed, out), FH_EINVAL);
}

static bool all_zero(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != 0)
            return false;
    return true;
}

static void test_aead_tampering(void)
{
    enum { N = 40, LEN = N + FH_AEAD_OVERHEAD };
    uint8_t key[FH_AEAD_KEY_LEN], other[FH_AEAD_KEY_LEN], plain[N], sealed[LEN], again[LEN];
    uint8_t bad[LEN], out[N];
    fill(key, sizeof key, 1);
    fill(other, sizeof other, 1);
    other[31] ^= 1;
    fill(plain, sizeof plain, 3);
    fh_aead_seal(key, "ad", 2, plain, N, sealed);

    /* Two seals of the same input differ (a fresh nonce each), and both open. */
    fh_aead_seal(key, "ad", 2, plain, N, again);
    CHECK(memcmp(sealed, again, FH_AEAD_NONCE_LEN) != 0);
    CHECK(memcmp(sealed + FH_AEAD_NONCE_LEN, again + FH_AEAD_NONCE_LEN, N) != 0);
    CHECK_INT(fh_aead_open(key, "ad", 2, again, LEN, out), FH_OK);

    /* One bit changed anywhere (nonce, ciphertext, tag) is refused, and
     * nothing of the unverified plaintext is left in out. */
    for (size_t i = 0; i < LEN; i++) {
        memcpy(bad, sealed, LEN);
        bad[i] ^= 0x01;
        memset(out, 0xee, sizeof out);
        CHECK_INT(fh_aead_open(key, "ad", 2, bad, LEN, out), FH_EINVAL);
        CHECK(all_zero(out, sizeof out));
    }
    /* Another key, another or no associated data. */
    CHECK_INT(fh_aead_open(other, "ad", 2, sealed, LEN, out), FH_EINVAL);
    CHECK_INT(fh_aead_open(key, "ae", 2, sealed, LEN, out), FH_EINVAL);
    CHECK_INT(fh_aead_open(key, "ad", 1, sealed, LEN, out), FH_EINVAL);
    CHECK_INT(fh_aead_open(key, NULL, 0, sealed, LEN, out), FH_EINVAL);
    /* Cut short: the tag then no longer matches, or there is none. */
    CHECK_INT(fh_aead_open(key, "ad", 2, sealed, LEN - 1, out), FH_EINVAL);
    CHECK_INT(fh_aead_open(key, "ad", 2, sealed, FH_AEAD_OVERHEAD, out), FH_EINVAL);
    CHECK_INT(fh_aead_open(key, "ad", 2, sealed, FH_AEAD_OVERHEAD - 1, out), FH_EINVAL);
    CHECK_INT(fh_aead_open(key, "ad", 2, sealed, 0, out), FH_EINVAL);
    /* The original still opens. */
    CHECK_INT(fh_aead_open(key, "ad", 2, sealed, LEN, out), FH_OK);
    CHECK(memcmp(out, plain, N) == 0);
}

/* ---- base64url ---------------------------------------------------------------- */

/* RFC 4648 §10, without the padding, and the two letters §5 changes. */
static void test_base64url_vectors(void)
{
    static const struct {
        const char *data;
        const char *text;
    } cases[] = {
        {"", ""},
        {"f", "Zg"},
        {"fo", "Zm8"},
        {"foo", "Zm9v"},
        {"foob", "Zm9vYg"},
        {"fooba", "Zm9vYmE"},
        {"foobar", "Zm9vYmFy"},
        {"\xfb\xff\xbf", "-_-_"},
        {"\xfb\xff", "-_8"},
        {"\xff", "_w"},
        {"\xf8", "-A"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = strlen(cases[i].data), got = 0;
        char text[16];
        uint8_t back[16];
        CHECK_INT(FH_BASE64URL_LEN(n), strlen(cases[i].text) + 1);
        CHECK_INT(fh_base64url_encode(cases[i].data, n, text), strlen(cases[i].text));
        CHECK_STR(text, cases[i].text);
        CHECK_STR(fh_base64url_decode(cases[i].text, back, sizeof back, &got), NULL);
        CHECK_INT(got, n);
        CHECK(memcmp(back, cases[i].data, n) == 0);
    }
}

static void test_base64url_refused(void)
{
    static const char *const bad[] = {
        "Zg==",         /* padding */
        "Zm9vYg=",      /* padding */
        "Zm9v+w",       /* the standard alphabet */
        "Zm9v/w",       /* the standard alphabet */
        "Zm 9v",        /* whitespace */
        "Zm9v\n",       /* whitespace */
        "Zm9v.",        /* not a letter */
        "Zm9v\xc3\xa9", /* not ASCII */
        "Z",            /* 6 bits: not a whole byte */
        "Zm9vY",        /* the same after whole groups */
        "Zh",           /* unused bits set: "f" is "Zg" */
        "Zm9",          /* unused bits set: "fo" is "Zm8" */
        "-_-_-B",       /* unused bits set after a whole group */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint8_t out[16];
        size_t n = 99;
        const char *why = fh_base64url_decode(bad[i], out, sizeof out, &n);
        if (why == NULL) {
            printf("base64url \"%s\" accepted\n", bad[i]);
            check_failures++;
        }
        CHECK_INT(n, 99);
    }
    uint8_t out[6];
    size_t n = 0;
    CHECK(fh_base64url_decode(NULL, out, sizeof out, &n) != NULL);
    /* The capacity is exact: 6 bytes fit in 6, 5 in 5, not in one less. */
    CHECK_STR(fh_base64url_decode("Zm9vYmFy", out, 6, &n), NULL);
    CHECK_INT(n, 6);
    CHECK(fh_base64url_decode("Zm9vYmFy", out, 5, &n) != NULL);
    CHECK_STR(fh_base64url_decode("Zm9vYmE", out, 5, &n), NULL);
    CHECK_INT(n, 5);
    CHECK(fh_base64url_decode("Zm9vYmE", out, 4, &n) != NULL);
    CHECK(fh_base64url_decode("Zg", out, 0, &n) != NULL);
    CHECK_STR(fh_base64url_decode("", NULL, 0, &n), NULL);
    CHECK_INT(n, 0);
}

/* Lengths past the 4096-letter pieces of the decoder, in buffers of the exact
 * size; each byte string has one text, and it decodes back. */
static void test_base64url_round_trip(void)
{
    static const size_t lengths[] = {0, 1, 2, 3, 4, 5, 31, 32, 33, 3070, 3071, 3072, 3073, 7000};
    for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
        size_t n = lengths[i], got = 0;
        uint8_t *data = malloc(n + 1), *back = malloc(n + 1);
        char *text = malloc(FH_BASE64URL_LEN(n));
        if (data == NULL || back == NULL || text == NULL)
            abort();
        fill(data, n, 11);
        CHECK_INT(fh_base64url_encode(data, n, text), FH_BASE64URL_LEN(n) - 1);
        CHECK_INT(strlen(text), FH_BASE64URL_LEN(n) - 1);
        CHECK(strspn(text, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
              strlen(text));
        CHECK_STR(fh_base64url_decode(text, back, n, &got), NULL);
        CHECK_INT(got, n);
        CHECK(memcmp(data, back, n) == 0);
        free(data);
        free(back);
        free(text);
    }
}

/* Passwords: a hash verifies its own password only; two hashes of one
 * password differ (fresh salts) and both verify; damaged or foreign texts
 * never verify. Low costs keep the test quick under valgrind; one hash at
 * the default cost checks the text names it. */
static void test_password(void)
{
    char a[FH_PASSWORD_HASH_LEN], b[FH_PASSWORD_HASH_LEN], d[FH_PASSWORD_HASH_LEN];
    const char *pw = "correct horse 電池 staple";
    CHECK_INT(fh_password_hash(pw, strlen(pw), 10, a), FH_OK);
    CHECK_INT(fh_password_hash(pw, strlen(pw), 10, b), FH_OK);
    CHECK(strncmp(a, "$scrypt$ln=10,r=8,p=1$", 22) == 0);
    CHECK(strcmp(a, b) != 0); /* different salts */
    CHECK(strncmp(a, b, 44) != 0);
    CHECK(fh_password_verify(pw, strlen(pw), a));
    CHECK(fh_password_verify(pw, strlen(pw), b));
    CHECK(!fh_password_verify("correct horse 電池 stapl", strlen(pw) - 1, a));
    CHECK(!fh_password_verify("Correct horse 電池 staple", strlen(pw), a));
    CHECK(!fh_password_verify("", 0, a));
    /* One character of the hash or the salt changed. */
    char t[FH_PASSWORD_HASH_LEN];
    memcpy(t, a, sizeof t);
    t[strlen(t) - 3] = t[strlen(t) - 3] == 'A' ? 'B' : 'A';
    CHECK(!fh_password_verify(pw, strlen(pw), t));
    memcpy(t, a, sizeof t);
    t[24] = t[24] == 'A' ? 'B' : 'A';
    CHECK(!fh_password_verify(pw, strlen(pw), t));
    /* Texts that are not ours, or ask for another cost than allowed. */
    CHECK(!fh_password_verify(pw, strlen(pw), ""));
    CHECK(!fh_password_verify(pw, strlen(pw), NULL));
    CHECK(!fh_password_verify(pw, strlen(pw), "$2b$12$abcdefghijklmnopqrstuv"));
    memcpy(t, a, sizeof t);
    t[11] = '9'; /* ln=90 */
    CHECK(!fh_password_verify(pw, strlen(pw), t));
    /* The cost is bounded, and so is the password. */
    CHECK_INT(fh_password_hash(pw, strlen(pw), 9, t), FH_EINVAL);
    CHECK_INT(fh_password_hash(pw, strlen(pw), 21, t), FH_EINVAL);
    CHECK_INT(fh_password_hash(pw, FH_PASSWORD_MAX + 1, 10, t), FH_EINVAL);
    /* The default cost, as the service uses it. */
    CHECK_INT(fh_password_hash("s3cret!", 7, FH_PASSWORD_LN, d), FH_OK);
    CHECK(strncmp(d, "$scrypt$ln=15,", 14) == 0);
    CHECK(fh_password_verify("s3cret!", 7, d));
    CHECK(!fh_password_verify("s3cret?", 7, d));
}

int main(void)
{
    test_password();
    test_sha256_vectors();
    test_sha256_long();
    test_hmac_vectors();
    test_memeq_ct();
    test_random();
    test_hex();
    test_aead_vector();
    test_aead_round_trip();
    test_aead_tampering();
    test_base64url_vectors();
    test_base64url_refused();
    test_base64url_round_trip();
    return check_result();
}
