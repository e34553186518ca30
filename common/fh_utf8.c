/* fh_utf8.c: the UTF-8 decoder every module uses: the validators (names,
 * bodies), the HTML writer (which replaces ill-formed bytes) and the
 * notifier (SMS segments, MIME encoded words). Checking each continuation
 * byte against the range its position allows (Unicode Table 3-7) refuses
 * overlong forms, surrogates and code points above U+10FFFF before they are
 * decoded, and tells how many bytes an ill-formed sequence spans. */
#include "common/fh.h"

size_t fh_utf8_char(const char *str, size_t avail, uint32_t *cp, size_t *bad)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t dummy;
    if (bad == NULL)
        bad = &dummy;
    *bad = 1;
    if (avail == 0)
        return 0;
    unsigned char c = s[0], lo = 0x80, hi = 0xBF;
    size_t need;
    uint32_t value;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        need = 2, value = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3, value = c & 0x0F;
        if (c == 0xE0)
            lo = 0xA0; /* overlong below U+0800 */
        else if (c == 0xED)
            hi = 0x9F; /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4, value = c & 0x07;
        if (c == 0xF0)
            lo = 0x90; /* overlong below U+10000 */
        else if (c == 0xF4)
            hi = 0x8F; /* above U+10FFFF */
    } else {
        return 0; /* a stray continuation byte, C0, C1 or F5..FF */
    }
    for (size_t i = 1; i < need; i++) {
        if (i >= avail || s[i] < lo || s[i] > hi) {
            *bad = i;
            return 0;
        }
        value = value << 6 | (s[i] & 0x3F);
        lo = 0x80;
        hi = 0xBF;
    }
    *cp = value;
    return need;
}
