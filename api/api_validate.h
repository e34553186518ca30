/* api_validate.h: checks of the fields a citizen types, shared by the HTTP
 * API, the command line and the configuration loader. Each returns NULL when
 * the input is acceptable or a static reason ("check digit does not match");
 * the normalising ones also write the canonical form. */
#ifndef API_VALIDATE_H
#define API_VALIDATE_H

#include <stddef.h>

#define API_NATIONAL_ID_LEN 10 /* letter + 9 digits */
#define API_PHONE_LEN       13 /* +8869xxxxxxxx */
#define API_NAME_MAX_CHARS  100
#define API_EMAIL_MAX       254

/* A Taiwan national ID (A123456789: letter, 1 or 2, 8 digits) or a resident
 * certificate number of the 2021 format (second character 8 or 9), with its
 * check digit. The letter may be lower case; out receives it upper case. */
const char *api_normalize_national_id(const char *in, char out[API_NATIONAL_ID_LEN + 1]);

/* A Taiwan mobile number, 09xxxxxxxx or +8869xxxxxxxx (spaces and hyphens
 * between digits are ignored); out receives E.164, +8869xxxxxxxx. */
const char *api_normalize_phone(const char *in, char out[API_PHONE_LEN + 1]);

/* An e-mail address of the common form local@domain.tld (ASCII; an
 * internationalised domain must come as punycode). */
const char *api_validate_email(const char *s);

/* A person's name: valid UTF-8, 1 to 100 characters, not blank, no control
 * characters. */
const char *api_validate_name(const char *s);

/* The language of messages to the person: "zh-TW" or "en". */
const char *api_validate_lang(const char *s);

/* Whether s holds n bytes of well-formed UTF-8 (no overlong forms, no
 * surrogates, nothing above U+10FFFF); *chars (if not NULL) receives the
 * number of code points. */
const char *api_validate_utf8(const char *s, size_t n, size_t *chars);

/* A client's Idempotency-Key: 1 to 255 printable ASCII characters. */
const char *api_validate_idempotency_key(const char *s);

#endif
