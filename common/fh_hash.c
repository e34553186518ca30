/* fh_hash.c: the helpers of fh_hash.h over OpenSSL 3's libcrypto. Nothing
 * cryptographic is written here: the digest, the MAC, the cipher, the
 * compare and the base64 coding are OpenSSL's; this file fixes the
 * algorithms and layouts flexhours uses and turns OpenSSL's "cannot happen"
 * failures into fh_fatal(), the project's policy for them. */
#include "common/fh_hash.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>

/* The widest piece handed to the OpenSSL calls that count in int; a
 * multiple of 3, so that base64 pieces hold whole groups. */
#define PIECE_MAX ((size_t)3 << 28)

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

/* ---- AES-256-GCM ------------------------------------------------------------ */

/* Feeds n bytes through the cipher (out NULL: as associated data). */
static void gcm_update(EVP_CIPHER_CTX *ctx, uint8_t *out, const uint8_t *in, size_t n)
{
    while (n > 0) {
        int take = (int)(n < PIECE_MAX ? n : PIECE_MAX), got = 0;
        if (EVP_CipherUpdate(ctx, out, &got, in, take) != 1 || (out != NULL && got != take))
            openssl_fatal("AES-256-GCM update");
        in += take;
        if (out != NULL)
            out += take;
        n -= (size_t)take;
    }
}

/* The common part of seal and open: returns whether the tag matched (on
 * seal, always true, and the tag is written). */
static bool gcm_run(int enc, const uint8_t key[FH_AEAD_KEY_LEN], const uint8_t *nonce,
                    const void *ad, size_t adlen, const uint8_t *in, size_t n, uint8_t *out,
                    uint8_t tag[FH_AEAD_TAG_LEN])
{
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    if (ctx == NULL)
        openssl_fatal("EVP_CIPHER_CTX_new");
    /* GCM's default IV is 12 bytes: FH_AEAD_NONCE_LEN. */
    if (EVP_CipherInit_ex2(ctx, EVP_aes_256_gcm(), key, nonce, enc, NULL) != 1)
        openssl_fatal("AES-256-GCM init");
    gcm_update(ctx, NULL, ad, adlen);
    gcm_update(ctx, out, in, n);
    if (!enc && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, FH_AEAD_TAG_LEN, tag) != 1)
        openssl_fatal("AES-256-GCM set tag");
    int tail = 0;
    bool ok = EVP_CipherFinal_ex(ctx, out != NULL ? out + n : NULL, &tail) == 1 && tail == 0;
    if (enc && (!ok || EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, FH_AEAD_TAG_LEN, tag) != 1))
        openssl_fatal("AES-256-GCM final");
    EVP_CIPHER_CTX_free(ctx);
    if (!ok)
        ERR_clear_error(); /* a refused message is an answer, not an error */
    return ok;
}

void fh_aead_seal(const uint8_t key[FH_AEAD_KEY_LEN], const void *ad, size_t adlen,
                  const void *plain, size_t n, uint8_t *out)
{
    /* Random rather than counted nonces: callers keep no state between
     * seals, and the secrets sealed are few. */
    if (fh_random_bytes(out, FH_AEAD_NONCE_LEN) != FH_OK)
        fh_fatal("fh_aead_seal: no random bytes from the kernel");
    gcm_run(1, key, out, ad, adlen, plain, n, out + FH_AEAD_NONCE_LEN, out + FH_AEAD_NONCE_LEN + n);
}

fh_result fh_aead_open(const uint8_t key[FH_AEAD_KEY_LEN], const void *ad, size_t adlen,
                       const uint8_t *sealed, size_t len, uint8_t *out)
{
    if (len < FH_AEAD_OVERHEAD)
        return FH_EINVAL;
    size_t n = len - FH_AEAD_OVERHEAD;
    uint8_t tag[FH_AEAD_TAG_LEN];
    memcpy(tag, sealed + FH_AEAD_NONCE_LEN + n, sizeof tag);
    if (gcm_run(0, key, sealed, ad, adlen, sealed + FH_AEAD_NONCE_LEN, n, out, tag))
        return FH_OK;
    /* GCM decrypts before it authenticates: what is in out is unverified. */
    fh_wipe(out, n);
    return FH_EINVAL;
}

/* ---- hex and base64url ------------------------------------------------------ */

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

/* RFC 4648 §5 differs from §4 in two letters only, so OpenSSL's standard
 * base64 does the coding and these swap the letters. */
static void to_url_alphabet(char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '+')
            s[i] = '-';
        else if (s[i] == '/')
            s[i] = '_';
    }
}

static void from_url_alphabet(unsigned char *dst, const char *src, size_t n)
{
    for (size_t i = 0; i < n; i++)
        dst[i] = src[i] == '-' ? '+' : src[i] == '_' ? '/' : (unsigned char)src[i];
}

static bool is_url_letter(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
}

size_t fh_base64_encode(const void *data, size_t n, char *out)
{
    /* EVP_EncodeBlock takes an int; the callers' inputs are bounded far
     * below INT_MAX (a message is at most a few hundred KiB). */
    return (size_t)EVP_EncodeBlock((unsigned char *)out, data, (int)n);
}

size_t fh_base64url_encode(const void *data, size_t n, char *out)
{
    const unsigned char *p = data;
    size_t len = 0, whole = n - n % 3;
    /* Whole groups go straight into out; EVP_EncodeBlock's NUL after them
     * still fits, its padding of the last group would not. */
    while (whole > 0) {
        size_t take = whole < PIECE_MAX ? whole : PIECE_MAX;
        len += (size_t)EVP_EncodeBlock((unsigned char *)out + len, p, (int)take);
        p += take;
        whole -= take;
    }
    if (n % 3 != 0) {
        unsigned char group[5];
        EVP_EncodeBlock(group, p, (int)(n % 3));
        memcpy(out + len, group, n % 3 + 1);
        len += n % 3 + 1;
    }
    out[len] = '\0';
    to_url_alphabet(out, len);
    return len;
}

const char *fh_base64url_decode(const char *in, uint8_t *out, size_t cap, size_t *n)
{
    if (in == NULL)
        return "missing";
    /* EVP_DecodeBlock skips whitespace and reads '-' as an end mark, so
     * the text is checked here first. */
    size_t len = 0;
    for (; in[len] != '\0'; len++)
        if (!is_url_letter(in[len]))
            return "not base64url";
    if (len % 4 == 1)
        return "truncated";
    size_t rest = len % 4 == 0 ? 0 : len % 4 - 1; /* bytes of the last, short group */
    if (rest > cap || len / 4 > (cap - rest) / 3)
        return "too long";

    size_t done = 0, whole = len - len % 4;
    unsigned char piece[4096];
    for (size_t at = 0; at < whole;) {
        size_t take = whole - at < sizeof piece ? whole - at : sizeof piece;
        from_url_alphabet(piece, in + at, take);
        if (EVP_DecodeBlock(out + done, piece, (int)take) != (int)(take / 4 * 3))
            return "not base64url";
        at += take;
        done += take / 4 * 3;
    }
    if (rest > 0) {
        unsigned char group[4] = {'=', '=', '=', '='}, bytes[3], again[5];
        from_url_alphabet(group, in + whole, rest + 1);
        if (EVP_DecodeBlock(bytes, group, 4) != 3)
            return "not base64url";
        /* The last letter may carry bits beyond the data; only the text
         * with them zero is accepted, so that no two texts give one value. */
        EVP_EncodeBlock(again, bytes, (int)rest);
        if (memcmp(again, group, 4) != 0)
            return "not canonical";
        memcpy(out + done, bytes, rest);
        done += rest;
    }
    *n = done;
    return NULL;
}

void fh_wipe(void *p, size_t n)
{
    OPENSSL_cleanse(p, n);
}

/* ---- passwords ----------------------------------------------------------------- */

#define PW_SALT_LEN 16
#define PW_KEY_LEN  32
#define PW_R        8
#define PW_P        1
#define PW_LN_MIN   10
#define PW_LN_MAX   20

/* scrypt's memory is 128 * r * N bytes; OpenSSL refuses above maxmem, so
 * it is set from the cost asked rather than left at its 32 MiB default. */
static bool pw_derive(const char *password, size_t n, const uint8_t *salt, size_t saltlen, int ln,
                      uint8_t key[PW_KEY_LEN])
{
    uint64_t blocks = (uint64_t)1 << ln;
    uint64_t maxmem = 128u * PW_R * (blocks + PW_P + 2) + (1u << 20);
    return EVP_PBE_scrypt(password, n, salt, saltlen, blocks, PW_R, PW_P, maxmem, key,
                          PW_KEY_LEN) == 1;
}

fh_result fh_password_hash(const char *password, size_t n, int ln, char out[FH_PASSWORD_HASH_LEN])
{
    uint8_t salt[PW_SALT_LEN], key[PW_KEY_LEN];
    char salt_s[FH_BASE64URL_LEN(PW_SALT_LEN)], key_s[FH_BASE64URL_LEN(PW_KEY_LEN)];
    out[0] = '\0';
    if (ln < PW_LN_MIN || ln > PW_LN_MAX || n > FH_PASSWORD_MAX)
        return FH_EINVAL;
    if (fh_random_bytes(salt, sizeof salt) != FH_OK)
        return FH_EIO;
    if (!pw_derive(password, n, salt, sizeof salt, ln, key))
        openssl_fatal("scrypt");
    fh_base64url_encode(salt, sizeof salt, salt_s);
    fh_base64url_encode(key, sizeof key, key_s);
    fh_wipe(key, sizeof key);
    snprintf(out, FH_PASSWORD_HASH_LEN, "$scrypt$ln=%d,r=%d,p=%d$%s$%s", ln, PW_R, PW_P, salt_s,
             key_s);
    return FH_OK;
}

/* Reads "$scrypt$ln=L,r=8,p=1$SALT$HASH"; false when it is not one of ours. */
static bool pw_parse(const char *stored, int *ln, uint8_t salt[PW_SALT_LEN],
                     uint8_t want[PW_KEY_LEN])
{
    int r = 0, p = 0, used = 0;
    char salt_s[64], key_s[64];
    size_t got;
    if (stored == NULL || strlen(stored) >= FH_PASSWORD_HASH_LEN ||
        sscanf(stored, "$scrypt$ln=%d,r=%d,p=%d$%63[A-Za-z0-9_-]$%63[A-Za-z0-9_-]%n", ln, &r, &p,
               salt_s, key_s, &used) != 5 ||
        stored[used] != '\0')
        return false;
    if (*ln < PW_LN_MIN || *ln > PW_LN_MAX || r != PW_R || p != PW_P)
        return false;
    if (fh_base64url_decode(salt_s, salt, PW_SALT_LEN, &got) != NULL || got != PW_SALT_LEN)
        return false;
    return fh_base64url_decode(key_s, want, PW_KEY_LEN, &got) == NULL && got == PW_KEY_LEN;
}

bool fh_password_verify(const char *password, size_t n, const char *stored)
{
    uint8_t salt[PW_SALT_LEN] = {0}, want[PW_KEY_LEN] = {0}, key[PW_KEY_LEN];
    int ln = FH_PASSWORD_LN;
    bool parsed = pw_parse(stored, &ln, salt, want);
    if (!parsed)
        ln = FH_PASSWORD_LN; /* the same work as a real check, then no */
    if (n > FH_PASSWORD_MAX) {
        n = FH_PASSWORD_MAX;
        parsed = false;
    }
    if (!pw_derive(password, n, salt, sizeof salt, ln, key))
        openssl_fatal("scrypt");
    bool same = fh_memeq_ct(key, want, sizeof key);
    fh_wipe(key, sizeof key);
    return parsed && same;
}
