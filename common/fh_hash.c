/* fh_hash.c: SHA-256 after FIPS 180-4, HMAC-SHA256 after RFC 2104, a
 * constant-time compare, getrandom(2) and hex. Written here rather than taken
 * from OpenSSL so that the store and the API need no crypto library. */
#include "common/fh_hash.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t ror(uint32_t x, unsigned n)
{
    return (x >> n) | (x << (32 - n));
}

static uint32_t load_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static void store_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* FIPS 180-4 §6.2.2: one 512-bit block. */
static void compress(uint32_t h[8], const uint8_t block[FH_SHA256_BLOCK])
{
    uint32_t w[64];
    for (int t = 0; t < 16; t++)
        w[t] = load_be32(block + 4 * t);
    for (int t = 16; t < 64; t++) {
        uint32_t s0 = ror(w[t - 15], 7) ^ ror(w[t - 15], 18) ^ (w[t - 15] >> 3);
        uint32_t s1 = ror(w[t - 2], 17) ^ ror(w[t - 2], 19) ^ (w[t - 2] >> 10);
        w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int t = 0; t < 64; t++) {
        uint32_t t1 =
            hh + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t];
        uint32_t t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        hh = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += hh;
    fh_wipe(w, sizeof w);
}

void fh_sha256_init(struct fh_sha256 *c)
{
    static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(c->h, iv, sizeof iv);
    c->bytes = 0;
    c->used = 0;
}

void fh_sha256_update(struct fh_sha256 *c, const void *data, size_t n)
{
    const uint8_t *p = data;
    c->bytes += n;
    if (c->used > 0) {
        size_t take = FH_SHA256_BLOCK - c->used;
        if (take > n)
            take = n;
        memcpy(c->buf + c->used, p, take);
        c->used += take;
        p += take;
        n -= take;
        if (c->used < FH_SHA256_BLOCK)
            return;
        compress(c->h, c->buf);
        c->used = 0;
    }
    for (; n >= FH_SHA256_BLOCK; p += FH_SHA256_BLOCK, n -= FH_SHA256_BLOCK)
        compress(c->h, p);
    if (n > 0) {
        memcpy(c->buf, p, n);
        c->used = n;
    }
}

void fh_sha256_final(struct fh_sha256 *c, uint8_t out[FH_SHA256_LEN])
{
    uint64_t bits = c->bytes * 8;
    /* §5.1.1: a one bit, zeros up to 56 mod 64, then the length in bits. */
    c->buf[c->used++] = 0x80;
    if (c->used > FH_SHA256_BLOCK - 8) {
        memset(c->buf + c->used, 0, FH_SHA256_BLOCK - c->used);
        compress(c->h, c->buf);
        c->used = 0;
    }
    memset(c->buf + c->used, 0, FH_SHA256_BLOCK - 8 - c->used);
    for (int i = 0; i < 8; i++)
        c->buf[FH_SHA256_BLOCK - 1 - i] = (uint8_t)(bits >> (8 * i));
    compress(c->h, c->buf);
    for (int i = 0; i < 8; i++)
        store_be32(out + 4 * i, c->h[i]);
    fh_wipe(c, sizeof *c);
}

void fh_sha256(const void *data, size_t n, uint8_t out[FH_SHA256_LEN])
{
    struct fh_sha256 c;
    fh_sha256_init(&c);
    fh_sha256_update(&c, data, n);
    fh_sha256_final(&c, out);
}

void fh_hmac_sha256(const void *key, size_t keylen, const void *data, size_t n,
                    uint8_t out[FH_SHA256_LEN])
{
    uint8_t k[FH_SHA256_BLOCK] = {0};
    uint8_t pad[FH_SHA256_BLOCK];
    uint8_t inner[FH_SHA256_LEN];
    struct fh_sha256 c;

    if (keylen > FH_SHA256_BLOCK)
        fh_sha256(key, keylen, k);
    else if (keylen > 0)
        memcpy(k, key, keylen);

    for (int i = 0; i < FH_SHA256_BLOCK; i++)
        pad[i] = k[i] ^ 0x36;
    fh_sha256_init(&c);
    fh_sha256_update(&c, pad, sizeof pad);
    fh_sha256_update(&c, data, n);
    fh_sha256_final(&c, inner);

    for (int i = 0; i < FH_SHA256_BLOCK; i++)
        pad[i] = k[i] ^ 0x5c;
    fh_sha256_init(&c);
    fh_sha256_update(&c, pad, sizeof pad);
    fh_sha256_update(&c, inner, sizeof inner);
    fh_sha256_final(&c, out);

    fh_wipe(k, sizeof k);
    fh_wipe(pad, sizeof pad);
    fh_wipe(inner, sizeof inner);
}

bool fh_memeq_ct(const void *a, const void *b, size_t n)
{
    const volatile uint8_t *x = a, *y = b;
    uint8_t diff = 0;
    for (size_t i = 0; i < n; i++)
        diff |= x[i] ^ y[i];
    return diff == 0;
}

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
    explicit_bzero(p, n);
}
