/* fh_hash.h: the cryptographic helpers of flexhours, all done by OpenSSL's
 * libcrypto: SHA-256, HMAC-SHA256 and a constant-time compare; besides them
 * random bytes from the kernel and hex. No OpenSSL type shows here, so
 * callers need no OpenSSL flags. */
#ifndef FH_HASH_H
#define FH_HASH_H

#include "common/fh.h"

#define FH_SHA256_LEN     32
#define FH_SHA256_HEX_LEN (2 * FH_SHA256_LEN + 1) /* lowercase hex + NUL */

/* SHA-256 of data. */
void fh_sha256(const void *data, size_t n, uint8_t out[FH_SHA256_LEN]);

/* HMAC-SHA256 of data under key (any key length, 0 included). */
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
