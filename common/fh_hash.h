/* fh_hash.h: the cryptographic helpers of flexhours, all done by OpenSSL's
 * libcrypto: SHA-256, HMAC-SHA256, a constant-time compare, AES-256-GCM
 * sealing of small secrets and unpadded base64url; besides them random
 * bytes from the kernel and hex. No OpenSSL type shows here, so callers
 * need no OpenSSL flags. */
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

/* ---- sealing small secrets (AES-256-GCM) ---------------------------------
 * A sealed message is nonce (12 random bytes) || ciphertext (as long as the
 * plaintext) || tag (16 bytes). The associated data ad is authenticated but
 * not stored: the opener must give the same. With random nonces one key must
 * not seal more than about 2^32 messages. */
#define FH_AEAD_KEY_LEN   32
#define FH_AEAD_NONCE_LEN 12
#define FH_AEAD_TAG_LEN   16
#define FH_AEAD_OVERHEAD  (FH_AEAD_NONCE_LEN + FH_AEAD_TAG_LEN)

/* Seals n bytes of plain into out, which holds n + FH_AEAD_OVERHEAD bytes
 * and does not overlap plain. ad may be NULL when adlen is 0. */
void fh_aead_seal(const uint8_t key[FH_AEAD_KEY_LEN], const void *ad, size_t adlen,
                  const void *plain, size_t n, uint8_t *out);
/* Opens len sealed bytes into out (len - FH_AEAD_OVERHEAD bytes, not
 * overlapping sealed). FH_EINVAL when sealed is too short or does not
 * authenticate (altered, another key, another ad); out is then zeroed, so
 * no unauthenticated byte is ever handed on. */
fh_result fh_aead_open(const uint8_t key[FH_AEAD_KEY_LEN], const void *ad, size_t adlen,
                       const uint8_t *sealed, size_t len, uint8_t *out);

/* ---- text forms ------------------------------------------------------------ */

/* Writes 2n lowercase hex digits and a NUL into out (2n + 1 bytes). */
void fh_hex_encode(const void *data, size_t n, char *out);
/* Decodes exactly 2n hex digits (either case) from hex into out. Returns NULL
 * or a static reason; out is unspecified on failure. */
const char *fh_hex_decode(const char *hex, void *out, size_t n);

/* Length of the standard base64 text of n bytes, with padding, plus the NUL. */
#define FH_BASE64_LEN(n) (((n) + 2) / 3 * 4 + 1)
/* Writes data as standard base64 with padding (RFC 4648 §4, OpenSSL's
 * EVP_EncodeBlock: MIME bodies, signatures) and a NUL into out
 * (FH_BASE64_LEN(n) bytes); returns the length written, NUL excluded. */
size_t fh_base64_encode(const void *data, size_t n, char *out);

/* Length of the base64url text of n bytes, without padding, plus the NUL. */
#define FH_BASE64URL_LEN(n) ((n) / 3 * 4 + ((n) % 3 == 0 ? 0 : (n) % 3 + 1) + 1)
/* Writes data as base64url without padding (RFC 4648 §5, for cookies and
 * URLs) and a NUL into out (FH_BASE64URL_LEN(n) bytes); returns the length
 * written, NUL excluded. */
size_t fh_base64url_encode(const void *data, size_t n, char *out);
/* Decodes unpadded base64url text into out (cap bytes) and sets *n to the
 * number of bytes. Returns NULL or a static reason: padding, the standard
 * alphabet's '+' and '/', whitespace and non-canonical text (unused bits
 * set) are refused, so each byte string has exactly one text. out is
 * unspecified on failure. */
const char *fh_base64url_decode(const char *in, uint8_t *out, size_t cap, size_t *n);

/* ---- passwords (scrypt, OpenSSL's EVP_PBE_scrypt) ------------------------
 * A stored password is one line of text that names its own cost, so that a
 * raise of the default leaves older hashes verifiable:
 * "$scrypt$ln=15,r=8,p=1$SALT$HASH", SALT 16 random bytes and HASH 32
 * bytes, both unpadded base64url. */
#define FH_PASSWORD_HASH_LEN 128 /* room for the text and its NUL */
/* The default cost: 2^15 blocks of 1 KiB (32 MiB, about 0.1 s here), the
 * interactive setting scrypt's author gives for a sign-in. */
#define FH_PASSWORD_LN 15
/* The longest password taken (bytes): a cap on work, far above a passphrase. */
#define FH_PASSWORD_MAX 1024

/* Hashes password (n bytes) with a fresh salt at cost 2^ln (10..20; tests
 * use a low one) into out. FH_EINVAL for a cost out of range or a password
 * longer than FH_PASSWORD_MAX; FH_EIO when no random salt can be had. */
fh_result fh_password_hash(const char *password, size_t n, int ln, char out[FH_PASSWORD_HASH_LEN]);
/* Whether password matches stored. A stored text that does not parse
 * still costs one default-cost KDF, so a caller that verifies against a
 * placeholder for an unknown user takes as long as for a known one. */
bool fh_password_verify(const char *password, size_t n, const char *stored);

/* Overwrites n bytes in a way the compiler does not drop as a dead store. */
void fh_wipe(void *p, size_t n);

#endif
