/* fh_hash.c: the helpers of fh_hash.h over OpenSSL 3's libcrypto. Nothing
 * cryptographic is written here: the digest, the MAC and the compare are
 * OpenSSL's; this file fixes the algorithms flexhours uses and turns
 * OpenSSL's "cannot happen" failures into fh_fatal(), the project's policy
 * for them. */
#include "common/fh_hash.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>

/* OpenSSL fails here only when it cannot allocate or its providers are
 * broken: neither is recoverable nor the client's doing. */
static void __attribute__((noreturn)) openssl_fatal(const char *what)
{
    char why[256];
    ERR_error_string_n(ERR_get_error(), why, sizeof why);
    fh_fatal("OpenSSL: %s failed: %s", what, why);
}

void fh_sha256(const void *data, size_t n, uint8_t out[FH_SHA256_LEN])
{
    unsigned int len = 0;
    if (EVP_Digest(data, n, out, &len, EVP_sha256(), NULL) != 1 || len != FH_SHA256_LEN)
        openssl_fatal("SHA-256");
}

void fh_hmac_sha256(const void *key, size_t keylen, const void *data, size_t n,
                    uint8_t out[FH_SHA256_LEN])
{
    size_t len = 0;
    /* EVP_MAC_init() documents a NULL key as "the key set before", which a
     * fresh context has none of: an empty key goes as a pointer to nothing. */
    if (EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, keylen > 0 ? key : "", keylen, data, n, out,
                  FH_SHA256_LEN, &len) == NULL ||
        len != FH_SHA256_LEN)
        openssl_fatal("HMAC-SHA256");
}

bool fh_memeq_ct(const void *a, const void *b, size_t n)
{
    return CRYPTO_memcmp(a, b, n) == 0;
}

/* Kept on getrandom(2) rather than RAND_bytes(): the kernel's pool needs no
 * reseeding after fork and no OpenSSL state per thread. */
fh_result fh_random_bytes(void *buf, size_t n)
{
    uint8_t *p = buf;
    while (n > 0) {
        /* Reads of up to 256 bytes are never short once the pool is ready,
         * but a signal can still interrupt the wait for it. */
        ssize_t got = getrandom(p, n, 0);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            return FH_EIO;
        }
        p += got;
        n -= (size_t)got;
    }
    return FH_OK;
}

void fh_hex_encode(const void *data, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    const uint8_t *p = data;
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[p[i] >> 4];
        out[2 * i + 1] = digits[p[i] & 15];
    }
    out[2 * n] = '\0';
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

const char *fh_hex_decode(const char *hex, void *out, size_t n)
{
    uint8_t *p = out;
    if (hex == NULL)
        return "missing";
    for (size_t i = 0; i < n; i++) {
        if (hex[2 * i] == '\0' || hex[2 * i + 1] == '\0')
            return "too short";
        int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return "not a hex digit";
        p[i] = (uint8_t)(hi << 4 | lo);
    }
    if (hex[2 * n] != '\0')
        return "too long";
    return NULL;
}

void fh_wipe(void *p, size_t n)
{
    OPENSSL_cleanse(p, n);
}
