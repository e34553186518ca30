/* test_web_html.c: the HTML writer fed hostile input (markup, quotes, entities,
 * ill-formed UTF-8, controls, bidirectional overrides) with the exact output
 * expected, and the static assets compiled in against their source files. */
#include "web/web_assets.h"
#include "web/web_html.h"

#include "common/fh.h"
#include "common/fh_hash.h"
#include "tests/unit/check.h"

#include <stdlib.h>

#define FFFD "\xEF\xBF\xBD"

typedef void escape_fn(struct web_buf *b, const char *s);

/* What one call of fn writes for in. */
static char *run(escape_fn *fn, const char *in)
{
    struct web_buf b = {0};
    fn(&b, in);
    return web_buf_take(&b, NULL);
}

#define CHECK_ESCAPE(fn, in, want)                                                                 \
    do {                                                                                           \
        char *got_ = run(fn, in);                                                                  \
        CHECK_STR(got_, want);                                                                     \
        free(got_);                                                                                \
    } while (0)

/* Markup and quotes that would break out of text or of an attribute. */
static void test_hostile_markup(void)
{
    CHECK_ESCAPE(web_txt, "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;");
    CHECK_ESCAPE(web_attr, "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;");
    CHECK_ESCAPE(web_txt, "\"><img src=x onerror=alert(1)>",
                 "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
    CHECK_ESCAPE(web_attr, "\"><img src=x onerror=alert(1)>",
                 "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
    CHECK_ESCAPE(web_txt, "' onmouseover='x", "&#39; onmouseover=&#39;x");
    CHECK_ESCAPE(web_attr, "' onmouseover='x", "&#39; onmouseover=&#39;x");
    CHECK_ESCAPE(web_txt, "&amp;", "&amp;amp;");
    CHECK_ESCAPE(web_attr, "&amp;", "&amp;amp;");
    CHECK_ESCAPE(web_txt, "&#60;&lt", "&amp;#60;&amp;lt");
    /* A backtick ended unquoted attributes in old Internet Explorer. */
    CHECK_ESCAPE(web_txt, "`x`", "`x`");
    CHECK_ESCAPE(web_attr, "`x`", "&#96;x&#96;");
    /* Tab and newline: kept in text, references in an attribute. */
    CHECK_ESCAPE(web_txt, "a\tb\nc", "a\tb\nc");
    CHECK_ESCAPE(web_attr, "a\tb\nc", "a&#9;b&#10;c");
}

/* javascript: is harmless text; as a URL part its colon and parentheses are
 * encoded, so it can never be a scheme of an href built from a path. */
static void test_javascript_url(void)
{
    CHECK_ESCAPE(web_txt, "javascript:alert(1)", "javascript:alert(1)");
    CHECK_ESCAPE(web_url_arg, "javascript:alert(1)", "javascript%3Aalert%281%29");
    CHECK_ESCAPE(web_url_arg, "\"><script>", "%22%3E%3Cscript%3E");
}

/* One U+FFFD per maximal ill-formed part, as browsers decode (WHATWG). */
static void test_ill_formed_utf8(void)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"a\xff"
         "b",
         "a" FFFD "b"},
        {"\xfe", FFFD},
        {"\xc0\x80", FFFD FFFD},          /* overlong NUL */
        {"\xc1\xbf", FFFD FFFD},          /* overlong DEL */
        {"\xe0\x80\xaf", FFFD FFFD FFFD}, /* overlong '/' */
        {"\xf0\x80\x80\xaf", FFFD FFFD FFFD FFFD},
        {"\xe4\xb8", FFFD},                        /* truncated at the end */
        {"\xe4\xb8x", FFFD "x"},                   /* truncated by ASCII */
        {"\xe4\xb8\xe4\xb8\xad", FFFD "中"},       /* truncated by the next character */
        {"\xed\xa0\x80", FFFD FFFD FFFD},          /* surrogate U+D800 */
        {"\xed\xbf\xbf", FFFD FFFD FFFD},          /* surrogate U+DFFF */
        {"\xf4\x90\x80\x80", FFFD FFFD FFFD FFFD}, /* U+110000 */
        {"\xf5\x80\x80\x80", FFFD FFFD FFFD FFFD},
        {"\x80", FFFD}, /* a lone continuation byte */
        {"\xf0\x9f\x98", FFFD},
        /* The edges of the valid ranges stay. */
        {"\xc2\xa0", "\xc2\xa0"},                 /* U+00A0 */
        {"\xed\x9f\xbf", "\xed\x9f\xbf"},         /* U+D7FF */
        {"\xee\x80\x80", "\xee\x80\x80"},         /* U+E000 */
        {"\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf"}, /* U+10FFFF */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        CHECK_ESCAPE(web_txt, cases[i].in, cases[i].want);
        CHECK_ESCAPE(web_attr, cases[i].in, cases[i].want);
    }
}

static void test_controls_and_bidi(void)
{
    /* C0 controls other than tab and newline, DEL, and C1 controls. */
    CHECK_ESCAPE(web_txt,
                 "a\x01"
                 "b\x1b"
                 "c\r\x7f",
                 "a" FFFD "b" FFFD "c" FFFD FFFD);
    CHECK_ESCAPE(web_attr, "\x0b\x0c", FFFD FFFD);
    CHECK_ESCAPE(web_txt, "\xc2\x80\xc2\x85\xc2\x9f", FFFD FFFD FFFD);
    /* Line and paragraph separators become a space. */
    CHECK_ESCAPE(web_txt,
                 "a\xe2\x80\xa8"
                 "b\xe2\x80\xa9"
                 "c",
                 "a b c");
    /* RIGHT-TO-LEFT OVERRIDE and the other embeddings and isolates go. */
    CHECK_ESCAPE(web_txt,
                 "\xe2\x80\xae"
                 "txt.exe",
                 "txt.exe");
    CHECK_ESCAPE(web_attr,
                 "a\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad"
                 "b",
                 "ab");
    CHECK_ESCAPE(web_txt,
                 "\xe2\x81\xa6"
                 "a\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9",
                 "a");
    /* The marks LRM and RLM stay; the neighbours of the ranges stay too. */
    CHECK_ESCAPE(web_txt, "\xe2\x80\x8f\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d\xe2\x80\x8e",
                 "\xe2\x80\x8f\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d\xe2\x80\x8e");
    CHECK_ESCAPE(web_txt, "\xe2\x80\xa9\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa",
                 " \xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa");
}

/* Chinese (with a CJK Extension B character, common in names) and emoji pass
 * unchanged, in text and attributes alike. */
static void test_unchanged(void)
{
    static const char *texts[] = {
        "臺中市南區戶政事務所",
        "預約這個時段",
        "身分證字號的檢查碼不符，請再核對一次",
        "陳\xf0\xa0\x80\x80明",
        "12月5日（六） 08:00–09:00",
        "Chen Hsiao-ming, 2 adults",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        CHECK_ESCAPE(web_txt, texts[i], texts[i]);
        CHECK_ESCAPE(web_attr, texts[i], texts[i]);
    }
    CHECK_ESCAPE(web_txt, "O'Brien", "O&#39;Brien");
    CHECK_ESCAPE(web_txt, "", "");
}

static void test_url_arg(void)
{
    CHECK_ESCAPE(web_url_arg, "AZaz09-._~", "AZaz09-._~");
    CHECK_ESCAPE(web_url_arg, "a b/c?d=e&f#g+h%i", "a%20b%2Fc%3Fd%3De%26f%23g%2Bh%25i");
    CHECK_ESCAPE(web_url_arg, "2026-03-07T08:00:00+08:00", "2026-03-07T08%3A00%3A00%2B08%3A00");
    CHECK_ESCAPE(web_url_arg, "臺", "%E8%87%BA");
    CHECK_ESCAPE(web_url_arg, "\x01\x7f\xff", "%01%7F%FF");
    CHECK_ESCAPE(web_url_arg, "'\"<>`", "%27%22%3C%3E%60");
}

/* A page put together from own markup and data, NULL strings, and take. */
static void test_buffer(void)
{
    struct web_buf b = {0};
    web_html(&b, "<a href=\"/o/");
    web_url_arg(&b, "taichung south");
    web_html(&b, "/book?service=");
    web_url_arg(&b, "a&b");
    web_html(&b, "\" title=\"");
    web_attr(&b, "\"x\"");
    web_html(&b, "\">");
    web_txt(&b, "<名>");
    web_htmlf(&b, " %d/%02d %zu", 3, 7, (size_t)12);
    web_html(&b, "</a>");
    web_txt(&b, NULL);
    web_attr(&b, NULL);
    web_url_arg(&b, NULL);
    web_html(&b, NULL);
    const char *want = "<a href=\"/o/taichung%20south/book?service=a%26b\" title=\"&quot;x&quot;\">"
                       "&lt;名&gt; 3/07 12</a>";
    size_t len = 0;
    char *page = web_buf_take(&b, &len);
    CHECK_STR(page, want);
    CHECK_INT(len, strlen(want));
    CHECK(b.p == NULL && b.len == 0 && b.cap == 0);
    free(page);

    /* An empty buffer gives an empty string; NULLs write nothing. */
    web_txt(&b, NULL);
    page = web_buf_take(&b, &len);
    CHECK_STR(page, "");
    CHECK_INT(len, 0);
    free(page);

    /* Growth over many appends keeps every byte. */
    for (int i = 0; i < 10000; i++)
        web_htmlf(&b, "%04d", i);
    CHECK_INT(b.len, 40000);
    CHECK(b.p != NULL && memcmp(b.p, "000000010002", 12) == 0);
    CHECK(b.p != NULL && strcmp(b.p + 39996, "9999") == 0);
    web_buf_free(&b);
    CHECK(b.p == NULL && b.len == 0);
    web_buf_free(&b);
}

static unsigned char *read_source(const char *name, size_t *len)
{
    const char *srcdir = getenv("FLEXHOURS_SRCDIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/web/static/%s", srcdir ? srcdir : ".", name);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        printf("cannot open %s\n", path);
        exit(99);
    }
    size_t cap = 0;
    unsigned char *data = NULL;
    *len = 0;
    for (;;) {
        data = fh_grow(data, 1, &cap, *len + 4096);
        size_t n = fread(data + *len, 1, cap - *len, f);
        *len += n;
        if (n == 0)
            break;
    }
    fclose(f);
    return data;
}

/* A stylesheet as it is sent: its comments gone, then its lines with
 * nothing but blanks (web/mkassets.sh), each line ending in a newline. */
static unsigned char *strip_css(const unsigned char *in, size_t len, size_t *out_len)
{
    char *text = fh_malloc(len + 1), *bare = fh_malloc(len + 1), *out = fh_malloc(len + 2);
    memcpy(text, in, len);
    text[len] = '\0'; /* read_source() gives bytes, not a string */
    size_t n = 0, m = 0;
    for (size_t i = 0; i < len; i++) {
        if (i + 1 < len && text[i] == '/' && text[i + 1] == '*') {
            const char *end = strstr(text + i + 2, "*/");
            if (end == NULL)
                break;
            i = (size_t)(end - text) + 1;
            continue;
        }
        bare[n++] = text[i];
    }
    free(text);
    bare[n] = '\0';
    for (char *line = bare, *next; line != NULL && *line != '\0'; line = next) {
        next = strchr(line, '\n');
        size_t l = next != NULL ? (size_t)(next - line) : strlen(line);
        if (next != NULL)
            next++;
        if (strspn(line, " \t") < l) {
            memcpy(out + m, line, l);
            m += l;
            out[m++] = '\n';
        }
    }
    free(bare);
    *out_len = m;
    return (unsigned char *)out;
}

/* Each asset is its source file's bytes (a stylesheet without its comments,
 * strip_css()), with its type and a strong ETag made of the first 16 hex
 * digits of its SHA-256. */
static void check_asset(const char *name, const char *content_type)
{
    char path[64];
    snprintf(path, sizeof path, "/static/%s", name);
    const struct web_asset *a = web_asset_find(path);
    CHECK(a != NULL);
    if (a == NULL)
        return;
    CHECK_STR(a->path, path);
    CHECK_STR(a->content_type, content_type);
    size_t len = 0;
    unsigned char *source = read_source(name, &len);
    CHECK(len > 0);
    if (strstr(name, ".css") != NULL) {
        size_t full = len;
        unsigned char *stripped = strip_css(source, len, &len);
        free(source);
        source = stripped;
        CHECK(len > 0 && len < full);
        CHECK(memmem(a->data, a->len, "/*", 2) == NULL);
    }
    CHECK_INT(a->len, len);
    CHECK(a->len == len && memcmp(a->data, source, len) == 0);

    uint8_t digest[FH_SHA256_LEN];
    char hex[FH_SHA256_HEX_LEN], etag[19];
    fh_sha256(source, len, digest);
    fh_hex_encode(digest, FH_SHA256_LEN, hex);
    snprintf(etag, sizeof etag, "\"%.16s\"", hex);
    CHECK_STR(a->etag, etag);
    free(source);
}

static void test_assets(void)
{
    check_asset("flexhours.css", "text/css; charset=utf-8");
    check_asset("icon.svg", "image/svg+xml");
    CHECK(web_asset_find("/static/unknown.css") == NULL);
    CHECK(web_asset_find("/static/") == NULL);
    CHECK(web_asset_find("/static/flexhours.css/") == NULL);
    CHECK(web_asset_find("/static/FLEXHOURS.CSS") == NULL);
    CHECK(web_asset_find("flexhours.css") == NULL);
    CHECK(web_asset_find("") == NULL);
    CHECK(web_asset_find(NULL) == NULL);
}

int main(void)
{
    test_hostile_markup();
    test_javascript_url();
    test_ill_formed_utf8();
    test_controls_and_bidi();
    test_unchanged();
    test_url_arg();
    test_buffer();
    test_assets();
    return check_result();
}
