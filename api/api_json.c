/* api_json.c: encoders from the scheduler's data to the API's JSON: small
 * answers as jansson trees, and the slots listing written straight into one
 * growing buffer through one string escaper (api_json_str). */
#include "api/api_json.h"

#include <stdlib.h>
#include <string.h>

json_t *api_json_text(const char *zh, const char *en)
{
    return json_pack("{s:s, s:s}", "zh", zh, "en", en);
}

json_t *api_json_offices(const struct fh_config *cfg)
{
    json_t *list = json_array();
    for (size_t i = 0; i < cfg->office_count; i++) {
        const struct sched_office_spec *o = sched_office_spec(cfg->offices[i]);
        json_array_append_new(list, json_pack("{s:s, s:o, s:s}", "id", o->id, "name",
                                              api_json_text(o->name_zh, o->name_en), "timezone",
                                              o->timezone));
    }
    return list;
}

json_t *api_json_services(const struct sched_office *office)
{
    const struct sched_office_spec *o = sched_office_spec(office);
    json_t *list = json_array();
    for (size_t i = 0; i < o->service_count; i++) {
        const struct sched_service_spec *s = &o->services[i];
        json_t *windows = json_array(), *documents = json_array();
        unsigned names = sched_office_service_windows(office, (int)i);
        for (int n = 0; n < SCHED_WIN_NAME_COUNT; n++)
            if (names & (1u << n))
                json_array_append_new(windows, json_string(sched_window_name_str(n)));
        for (size_t d = 0; d < s->document_count; d++)
            json_array_append_new(documents, api_json_text(s->documents[d].zh, s->documents[d].en));
        json_array_append_new(list, json_pack("{s:s, s:o, s:i, s:b, s:o, s:o}", "id", s->id, "name",
                                              api_json_text(s->name_zh, s->name_en), "minutes",
                                              s->minutes, "in_person", s->in_person, "windows",
                                              windows, "documents", documents));
    }
    return list;
}

/* ---- text written into a buffer -------------------------------------------------- */

/* Room for more bytes and the NUL after them. */
static void reserve(struct fh_buf *b, size_t more)
{
    if (b->cap - b->len < more + 1)
        b->data = fh_grow(b->data, 1, &b->cap, b->len + more + 1);
}

static void put(struct fh_buf *b, const char *s, size_t n)
{
    reserve(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
}

#define PUT_LIT(b, lit) put((b), (lit), sizeof(lit) - 1)

void api_json_str(struct fh_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    /* What jansson writes without JSON_ENSURE_ASCII or JSON_ESCAPE_SLASH:
     * the two characters JSON reserves, the five C escapes it has short
     * forms for, any other control character as \u00XX; every other byte
     * (UTF-8 above U+007F, U+2028 included, and DEL) as it is. */
    reserve(b, strlen(s) + 2);
    b->data[b->len++] = '"';
    const char *run = s, *p = s;
    for (; *p != '\0'; p++) {
        unsigned char c = (unsigned char)*p;
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        put(b, run, (size_t)(p - run));
        run = p + 1;
        switch (c) {
        case '"':
            PUT_LIT(b, "\\\"");
            break;
        case '\\':
            PUT_LIT(b, "\\\\");
            break;
        case '\b':
            PUT_LIT(b, "\\b");
            break;
        case '\f':
            PUT_LIT(b, "\\f");
            break;
        case '\n':
            PUT_LIT(b, "\\n");
            break;
        case '\r':
            PUT_LIT(b, "\\r");
            break;
        case '\t':
            PUT_LIT(b, "\\t");
            break;
        default: {
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            put(b, u, sizeof u);
        }
        }
    }
    put(b, run, (size_t)(p - run));
    PUT_LIT(b, "\"");
}

/* An integer as jansson writes one (%lld). */
static void put_int(struct fh_buf *b, long long v)
{
    char digits[24], *end = digits + sizeof digits, *p = end;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u != 0);
    if (v < 0)
        *--p = '-';
    put(b, p, (size_t)(end - p));
}

/* One slot's object is about 100 bytes; a little more spares a regrowth. */
#define SLOT_TEXT_GUESS 112

/* A listing writes two times a slot, on a few dozen days: the date is
 * formatted once a day and the part after the minutes (":00+08:00", the
 * office's offset) once a listing, which were most of the listing's cost
 * when every time went through fh_format_local() and the escaper. The text
 * is the same: digits and the characters fh_format_local() writes, none of
 * which JSON escapes. */
struct time_writer {
    fh_day day;
    char date[FH_DATE_LEN];
    char tail[FH_TIME_LEN]; /* what follows HH:MM */
    size_t tail_len;
    int utc_offset;
};

static void time_writer_init(struct time_writer *tw, int utc_offset)
{
    char sample[FH_TIME_LEN];
    fh_format_local(0, utc_offset, sample);
    /* YYYY-MM-DDTHH:MM is 16 characters. */
    tw->tail_len = strlen(sample + 16);
    memcpy(tw->tail, sample + 16, tw->tail_len + 1);
    tw->day = fh_day_of(0);
    memcpy(tw->date, sample, 10);
    tw->date[10] = '\0';
    tw->utc_offset = utc_offset;
}

/* Writes "t" (quoted) at p, which has room for FH_TIME_LEN + 2 bytes. */
static char *time_put(struct time_writer *tw, char *p, fh_minute t)
{
    fh_day d = fh_day_of(t);
    if (d != tw->day) {
        fh_format_date(d, tw->date);
        tw->day = d;
    }
    int mod = fh_minute_of_day(t);
    *p++ = '"';
    memcpy(p, tw->date, 10);
    p += 10;
    *p++ = 'T';
    *p++ = (char)('0' + mod / 600 % 10);
    *p++ = (char)('0' + mod / 60 % 10);
    *p++ = ':';
    *p++ = (char)('0' + mod % 60 / 10);
    *p++ = (char)('0' + mod % 10);
    memcpy(p, tw->tail, tw->tail_len);
    p += tw->tail_len;
    *p++ = '"';
    return p;
}

#define LIT(p, lit) (memcpy((p), (lit), sizeof(lit) - 1), (p) + sizeof(lit) - 1)

char *api_json_slots_text(const struct sched_office *office, int service,
                          const struct sched_slot *slots, size_t count)
{
    const struct sched_office_spec *o = sched_office_spec(office);
    struct fh_buf b = {NULL, 0, 0};
    reserve(&b, 64 + count * SLOT_TEXT_GUESS);
    /* The keys in the order json_pack gave them, compact as JSON_COMPACT. */
    PUT_LIT(&b, "{\"office\":");
    api_json_str(&b, o->id);
    PUT_LIT(&b, ",\"service\":");
    api_json_str(&b, o->services[service].id);
    /* Each window's name through the escaper once, not once a slot. */
    int windows = sched_office_window_count(office);
    struct fh_buf *names = fh_calloc(windows > 0 ? (size_t)windows : 1, sizeof *names);
    struct time_writer tw;
    time_writer_init(&tw, o->utc_offset);
    /* The slots bookable now, then (only when there are any, so that an
     * answer without a release in range stays as it always was) those
     * waiting for their date's release, each saying when it opens. */
    size_t unreleased = 0;
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1 && unreleased == 0)
            break;
        if (pass == 0)
            PUT_LIT(&b, ",\"slots\":[");
        else
            PUT_LIT(&b, ",\"not_yet_released\":[");
        bool first = true;
        for (size_t i = 0; i < count; i++) {
            bool waits = slots[i].unreleased;
            unreleased += pass == 0 && waits;
            if (waits != (pass == 1))
                continue;
            int w = slots[i].window;
            if (names[w].data == NULL)
                api_json_str(&names[w],
                             sched_window_name_str(sched_office_window(office, w)->name));
            reserve(&b, 2 * FH_TIME_LEN + names[w].len + 64);
            char *p = b.data + b.len;
            if (!first)
                *p++ = ',';
            first = false;
            p = LIT(p, "{\"start\":");
            p = time_put(&tw, p, slots[i].start);
            p = LIT(p, ",\"end\":");
            p = time_put(&tw, p, slots[i].end);
            p = LIT(p, ",\"window\":");
            memcpy(p, names[w].data, names[w].len);
            p += names[w].len;
            p = LIT(p, ",\"remaining\":");
            b.len = (size_t)(p - b.data);
            put_int(&b, slots[i].remaining);
            if (waits) {
                reserve(&b, FH_TIME_LEN + 16);
                p = b.data + b.len;
                p = LIT(p, ",\"opens_at\":");
                p = time_put(&tw, p, sched_release_at(office, fh_day_of(slots[i].start)));
                b.len = (size_t)(p - b.data);
            }
            PUT_LIT(&b, "}");
        }
        PUT_LIT(&b, "]");
    }
    for (int w = 0; w < windows; w++)
        free(names[w].data);
    free(names);
    PUT_LIT(&b, "}");
    b.data[b.len] = '\0';
    return b.data;
}

json_t *api_json_slots(const struct sched_office *office, int service,
                       const struct sched_slot *slots, size_t count)
{
    char *text = api_json_slots_text(office, service, slots, count);
    json_error_t jerr;
    json_t *doc = json_loads(text, 0, &jerr);
    if (doc == NULL)
        fh_fatal("api: the slots' text is not JSON: %s (column %d)", jerr.text, jerr.column);
    free(text);
    return doc;
}
