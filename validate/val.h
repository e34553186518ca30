/* val.h: checks of the fields a citizen types, shared by the JSON API, the
 * pages, the command line and the configuration loader (it sits below all of
 * them). Each returns NULL when
 * the input is acceptable or a static reason ("check digit does not match");
 * the normalising ones also write the canonical form. */
#ifndef VAL_H
#define VAL_H

#include <stdbool.h>
#include <stddef.h>

#define VAL_NATIONAL_ID_LEN 10 /* letter + 9 digits */
#define VAL_PHONE_LEN       13 /* +8869xxxxxxxx */
#define VAL_NAME_MAX_CHARS  100
#define VAL_EMAIL_MAX       254

/* A Taiwan national ID (A123456789: letter, 1 or 2, 8 digits) or a resident
 * certificate number of the 2021 format (second character 8 or 9), with its
 * check digit. The letter may be lower case; out receives it upper case. */
const char *val_national_id(const char *in, char out[VAL_NATIONAL_ID_LEN + 1]);

/* A Taiwan mobile number, 09xxxxxxxx or +8869xxxxxxxx (spaces and hyphens
 * between digits are ignored); out receives E.164, +8869xxxxxxxx. */
const char *val_phone(const char *in, char out[VAL_PHONE_LEN + 1]);

/* A Taiwan landline as staff write it from a call or a fax: an area code
 * with its trunk 0 (02, 03, 037, 04, 049, 05, 06, 07, 08, 082, 0826, 0836,
 * 089) or +886 without it, the number (8 digits after 02, 7 or 8 after 04,
 * so that the whole is 8 or 9 digits after the 0; parentheses, spaces and
 * hyphens between groups ignored), and an extension after '#' (1 to 5
 * digits). out receives +886, the digits, and "#EXT" when there is one:
 * "02-2345-6789#123" is "+886223456789#123". A mobile number is not one. */
#define VAL_LANDLINE_LEN 19 /* +886 + 9 digits + '#' + 5 digits */
const char *val_landline(const char *in, char out[VAL_LANDLINE_LEN + 1]);

/* A phone staff may take a booking with: a mobile (as val_phone) or a
 * landline (as val_landline). *mobile (if not NULL) tells which. */
const char *val_any_phone(const char *in, char out[VAL_LANDLINE_LEN + 1], bool *mobile);

/* Whether a stored phone (E.164, as the two above write it) can receive a
 * text message: a Taiwan mobile. */
bool val_phone_is_mobile(const char *e164);

/* A stored phone (E.164, as above) as people in Taiwan write it: the
 * trunk 0 and the digits, the extension after " #" ("04 2222 3333 #123"
 * for "+886422223333#123"); any other text is copied as it is. */
void val_phone_national(const char *e164, char *out, size_t len);

/* An e-mail address of the common form local@domain.tld (ASCII; an
 * internationalised domain must come as punycode). */
const char *val_email(const char *s);

/* A person's name: valid UTF-8, 1 to 100 characters, not blank, no control
 * characters (nor bidirectional overrides, embeddings and isolates). */
const char *val_name(const char *s);

/* A free-text comment (a survey's): valid UTF-8, at most max characters,
 * no control characters but line breaks and tabs (nor bidirectional
 * overrides, embeddings and isolates); "" is a comment left out. */
const char *val_comment(const char *s, size_t max);

/* The language of messages to the person: "zh-TW" (also written "zh-tw" or
 * "zh") or "en"; *canonical (if not NULL) receives "zh-TW" or "en". */
const char *val_lang(const char *s, const char **canonical);

/* Whether s holds n bytes of well-formed UTF-8 (no overlong forms, no
 * surrogates, nothing above U+10FFFF); *chars (if not NULL) receives the
 * number of code points. */
const char *val_utf8(const char *s, size_t n, size_t *chars);

/* A client's Idempotency-Key: 1 to 255 printable ASCII characters. */
const char *val_idempotency_key(const char *s);

#endif
