/* fh_hash.h: the few cryptographic helpers flexhours needs without a crypto
 * library: SHA-256 (FIPS 180-4), HMAC-SHA256 (RFC 2104), a constant-time
 * compare, random bytes from the kernel, and hex encoding. */
#ifndef FH_HASH_H
#define FH_HASH_H

#include "common/fh.h"

#define FH_SHA256_LEN     32
#define FH_SHA256_BLOCK   64
#define FH_SHA256_HEX_LEN (2 * FH_SHA256_LEN + 1) /* lowercase hex + NUL */

/* Incremental SHA-256; the struct is plain data on the caller's stack. */
struct fh_sha256 {
    uint32_t h[8];
    uint64_t bytes; /* message length so far */
    uint8_t buf[FH_SHA256_BLOCK];
    size_t used; /* bytes waiting in buf */
};

void fh_sha256_init(struct fh_sha256 *c);
void fh_sha256_update(struct fh_sha256 *c, const void *data, size_t n);
/* Writes the digest and wipes the context. */
void fh_sha256_final(struct fh_sha256 *c, uint8_t out[FH_SHA256_LEN]);
/* One-shot digest of data. */
void fh_sha256(const void *data, size_t n, uint8_t out[FH_SHA256_LEN]);

/* HMAC-SHA256 of data under key (any key length). */
void fh_hmac_sha256(const void *key, size_t keylen, const void *data, size_t n,
                    uint8_t out[FH_SHA256_LEN]);

/* Whether a and b hold the same n bytes; the time taken depends on n only,
 * never on where they differ (for tokens and their hashes). */
bool fh_memeq_ct(const void *a, const void *b, size_t n);

/* Fills buf with n bytes from the kernel's CSPRNG (getrandom(2)). Blocks only
 * until the pool is first initialised. FH_EIO (errno set) if the kernel
 * refuses, which on Linux >= 3.17 cannot happen in practice. */
fh_result fh_random_bytes(void *buf, size_t n);

/* Writes 2n lowercase hex digits and a NUL into out (2n + 1 bytes). */
void fh_hex_encode(const void *data, size_t n, char *out);
/* Decodes exactly 2n hex digits (either case) from hex into out. Returns NULL
 * or a static reason; out is unspecified on failure. */
const char *fh_hex_decode(const char *hex, void *out, size_t n);

/* Overwrites n bytes in a way the compiler does not drop as a dead store. */
void fh_wipe(void *p, size_t n);

#endif
