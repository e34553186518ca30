/* test_api_json.c: the slots listing written as text (api_json_slots_text)
 * against the jansson tree it replaced, kept here as the reference: the
 * same bytes for listings of every service of the demo office over many
 * ranges, and for made-up slots of every window and many place counts;
 * parsed back, the same document. And the one string escaper
 * (api_json_str) against jansson's own encoding of hostile strings: every
 * control character, quotes, backslashes, DEL, U+2028 and U+2029, every
 * code point of Unicode; each must come out in jansson's bytes and parse
 * back, by jansson, to the input. */
#include "api/api_json.h"
#include "tests/unit/check.h"

#include <stdlib.h>

/* The encoder the API used before the listing was written as text, as it
 * was: the reference the text must equal. */
static json_t *reference_slots(const struct sched_office *office, int service,
                               const struct sched_slot *slots, size_t count)
{
    const struct sched_office_spec *o = sched_office_spec(office);
    json_t *list = json_array();
    for (size_t i = 0; i < count; i++) {
        char start[FH_TIME_LEN], end[FH_TIME_LEN];
        fh_format_local(slots[i].start, o->utc_offset, start);
        fh_format_local(slots[i].end, o->utc_offset, end);
        json_array_append_new(
            list,
            json_pack("{s:s, s:s, s:s, s:i}", "start", start, "end", end, "window",
                      sched_window_name_str(sched_office_window(office, slots[i].window)->name),
                      "remaining", slots[i].remaining));
    }
    return json_pack("{s:s, s:s, s:o}", "office", o->id, "service", o->services[service].id,
                     "slots", list);
}

static size_t compared, differed;

/* The text and the reference's dump: the same bytes, the same document. */
static void compare(const struct sched_office *office, int service, const struct sched_slot *slots,
                    size_t count)
{
    json_t *ref = reference_slots(office, service, slots, count);
    /* The flags api_reply_json() dumped the answer with. */
    char *want = json_dumps(ref, JSON_COMPACT | JSON_PRESERVE_ORDER);
    char *got = api_json_slots_text(office, service, slots, count);
    compared++;
    if (strcmp(got, want) != 0) {
        if (differed++ < 3)
            printf("differs (%zu slots):\n  got  %.300s\n  want %.300s\n", count, got, want);
        check_failures++;
    }
    json_error_t jerr;
    json_t *back = json_loads(got, 0, &jerr);
    CHECK(back != NULL && json_equal(back, ref));
    json_t *tree = api_json_slots(office, service, slots, count);
    CHECK(tree != NULL && json_equal(tree, ref));
    json_decref(tree);
    json_decref(back);
    json_decref(ref);
    free(got);
    free(want);
}

/* Listings as the scheduler gives them: each service of the office, from
 * every eleventh day of a year (every 151st when quick: under valgrind)
 * over a day, a week, a month and two, with a few places taken so that
 * counts vary. */
static void real_listings(const struct fh_config *cfg, const struct sched_office *office,
                          bool quick)
{
    const struct sched_office_spec *o = sched_office_spec(office);
    fh_day base = fh_day_from_ymd(2026, 1, 1);
    fh_minute now = (fh_minute)base * FH_MINUTES_PER_DAY + 9 * 60;
    struct sched_booking taken[64];
    size_t booked = 0;
    for (int d = 0; d < 64; d++) /* a place at 12:00 on each of 64 days */
        taken[booked++] = (struct sched_booking){
            .start = (fh_minute)(base + 2 + d) * FH_MINUTES_PER_DAY + 12 * 60,
            .minutes = 30,
            .person = (uint64_t)d + 1,
            .places = 1};
    static const int lengths[] = {1, 7, 31, 62};
    size_t listings = 0, slots_seen = 0;
    for (size_t s = 0; s < o->service_count; s++) {
        for (int d = 0; d < 365; d += quick ? 151 : 11) {
            for (size_t l = 0; l < sizeof lengths / sizeof lengths[0]; l++) {
                struct sched_slot *slots;
                size_t n;
                fh_day first = base + d;
                for (unsigned flags = 0; flags <= SCHED_SLOTS_ALL; flags += SCHED_SLOTS_ALL) {
                    if (sched_slots(office, cfg->calendar, (int)s, first, first + lengths[l] - 1,
                                    now, taken, booked, flags, &slots, &n) != FH_OK) {
                        check_failures++;
                        continue;
                    }
                    compare(office, (int)s, slots, n);
                    listings++;
                    slots_seen += n;
                    free(slots);
                }
            }
        }
    }
    printf("real listings: %zu (%zu slots)\n", listings, slots_seen);
    CHECK(slots_seen > (quick ? 3000 : 100000));
}

/* Made-up slots: any window of the office, starts anywhere in 1900-2199,
 * place counts from negative (cannot happen; still a number) to large. */
static void made_up_listings(const struct sched_office *office, bool quick)
{
    const struct sched_office_spec *o = sched_office_spec(office);
    srand(14);
    for (int round = 0; round < (quick ? 50 : 1000); round++) {
        size_t n = (size_t)(rand() % 40);
        struct sched_slot *slots = fh_calloc(n + 1, sizeof *slots);
        for (size_t i = 0; i < n; i++) {
            fh_day day = fh_day_from_ymd(1900, 1, 1) + rand() % (300 * 365);
            slots[i].start = (fh_minute)day * FH_MINUTES_PER_DAY + rand() % FH_MINUTES_PER_DAY;
            slots[i].end = slots[i].start + 30 * (1 + rand() % 4);
            slots[i].window = rand() % (int)o->window_count;
            static const int counts[] = {0, 1, 9, 10, -1, 2147483647, -2147483647 - 1};
            slots[i].remaining = rand() % 2 ? rand() % 1000 : counts[rand() % 7];
        }
        compare(office, rand() % (int)o->service_count, slots, n);
        free(slots);
    }
}

/* ---- the escaper ------------------------------------------------------------------- */

/* s (len bytes, valid UTF-8 without NUL) through api_json_str: jansson's
 * bytes, and jansson reads it back as s. */
static void escape_one(const char *s, size_t len)
{
    struct fh_buf b = {NULL, 0, 0};
    api_json_str(&b, s);
    json_t *str = json_stringn(s, len);
    char *want = str != NULL ? json_dumps(str, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
    CHECK(want != NULL);
    if (want != NULL && (b.len != strlen(want) || memcmp(b.data, want, b.len) != 0)) {
        if (differed++ < 5)
            printf("escaped differently: got %.*s, want %s\n", (int)b.len, b.data, want);
        check_failures++;
    }
    json_error_t jerr;
    json_t *back = json_loadb(b.data, b.len, JSON_DECODE_ANY, &jerr);
    bool same = back != NULL && json_is_string(back) && json_string_length(back) == len &&
                memcmp(json_string_value(back), s, len) == 0;
    if (!same) {
        printf("does not read back: %.*s (%s)\n", (int)b.len, b.data, back ? "" : jerr.text);
        check_failures++;
    }
    json_decref(back);
    json_decref(str);
    free(want);
    free(b.data);
}

static void escape_str(const char *s)
{
    escape_one(s, strlen(s));
}

static size_t utf8_put(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | cp >> 12);
        out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | cp >> 18);
    out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static void hostile_strings(bool quick)
{
    static const char *const cases[] = {
        "",
        "taichung-south",
        "\"",
        "\\",
        "\"\\\"\\\\",
        "\\u0022",
        "a\"b\\c/d",
        "</script><script>alert(1)</script>",
        "\b\f\n\r\t",
        "\x01\x02\x03\x04\x05\x06\x07\x0b\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a"
        "\x1b\x1c\x1d\x1e\x1f",
        "\x7f",
        "line\u2028separator\u2029paragraph",
        "\xe2\x80\xa8\xe2\x80\xa9",
        "臺中市南區戶政事務所",
        "emoji \xf0\x9f\x92\x8d and U+10FFFF \xf4\x8f\xbf\xbf",
        "\xef\xbb\xbf BOM, U+FFFE \xef\xbf\xbe, U+FFFF \xef\xbf\xbf",
        "\xc2\x80 U+0080, \xc2\x9f U+009F (C1 controls)",
        "trailing backslash \\",
        "\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        escape_str(cases[i]);

    /* Every byte below 0x80 alone, between letters, and doubled. */
    for (int c = 1; c < 0x80; c++) {
        char s[8] = {(char)c, 0};
        escape_str(s);
        snprintf(s, sizeof s, "a%cb%c", c, c);
        escape_str(s);
    }

    /* Every code point but the surrogates (which UTF-8 cannot hold) and
     * NUL, 64 to a string; under valgrind (quick) every one below U+0800
     * (the one- and two-byte forms, where the escapes are) and one in 31
     * above, the boundaries of each length included. */
    char s[64 * 4 + 1];
    size_t len = 0, strings = 0;
    for (uint32_t cp = 1; cp <= 0x10FFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        if (quick && cp >= 0x800 && cp % 31 != 0 && cp != 0xFFFF && cp != 0x10000 &&
            cp != 0x10FFFF && cp != 0xE000 && cp != 0xD7FF)
            continue;
        len += utf8_put(s + len, cp);
        if (len > sizeof s - 5 || cp == 0x10FFFF) {
            s[len] = '\0';
            escape_one(s, len);
            strings++;
            len = 0;
        }
    }
    printf("code points: %zu strings\n", strings);

    /* Random mixtures of what needs escaping and what does not. */
    static const uint32_t pool[] = {0x01,   0x08,   0x09,   0x0A,   0x0C,    0x0D,    0x1F, '"',
                                    '\\',   '/',    'a',    ' ',    0x7F,    0x80,    0xFF, 0x2028,
                                    0x2029, 0x6236, 0xFEFF, 0xFFFD, 0x1F48D, 0x10FFFF};
    srand(2028);
    for (int round = 0; round < 5000; round++) {
        size_t n = (size_t)(rand() % 40);
        len = 0;
        for (size_t i = 0; i < n; i++)
            len += utf8_put(s + len, pool[rand() % (sizeof pool / sizeof pool[0])]);
        s[len] = '\0';
        escape_one(s, len);
    }
}

int main(void)
{
    bool quick = getenv("FLEXHOURS_TEST_QUICK") != NULL;
    char err[FH_ERR_LEN] = "";
    struct fh_config *cfg;
    if (cfg_load_demo(&cfg, err, sizeof err) != FH_OK)
        fh_fatal("demo: %s", err);
    const struct sched_office *office = cfg_office(cfg, "taichung-south");

    hostile_strings(quick);
    real_listings(cfg, office, quick);
    made_up_listings(office, quick);
    printf("listings compared: %zu\n", compared);
    CHECK(differed == 0);
    cfg_free(cfg);
    return check_result();
}
