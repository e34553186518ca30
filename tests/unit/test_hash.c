/* test_hash.c: SHA-256 against the FIPS 180-4 / NIST examples, HMAC-SHA256
 * against RFC 4231, and the compare, random and hex helpers of fh_hash. */
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

int main(void)
{
    test_sha256_vectors();
    test_sha256_long();
    test_hmac_vectors();
    test_memeq_ct();
    test_random();
    test_hex();
    return check_result();
}
