/* fuzz_import.c: libFuzzer target of the calendar importer: the input is a
 * file given to cal_import_parse(), which tells a DGPA CSV from an .ics by
 * its content. A refusal must say why and return nothing; an import must
 * list real days once each, in order, within the years it claims. */
#include "tests/fuzz/fuzz.h"

#include "calendars/cal.h"

#include <string.h>

static bool valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p != '\0') {
        size_t len = *p < 0x80 ? 1 : (*p & 0xe0) == 0xc0 ? 2 : (*p & 0xf0) == 0xe0 ? 3 : 4;
        if (len > 1 && ((*p & 0xf8) == 0xf8 || *p < 0xc2))
            return false;
        for (size_t i = 1; i < len; i++)
            if ((p[i] & 0xc0) != 0x80)
                return false;
        p += len;
    }
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cal_import imp;
    char err[FH_ERR_LEN] = "";
    fh_result r = cal_import_parse((const char *)data, size, &imp, err, sizeof err);
    if (r != FH_OK) {
        FUZZ_CHECK(r == FH_EINVAL, "refused with %s", fh_strerror(r));
        FUZZ_CHECK(err[0] != '\0', "refused without a reason");
        FUZZ_CHECK(imp.days == NULL && imp.count == 0, "a refused file left %zu days", imp.count);
        return 0;
    }
    FUZZ_CHECK(imp.count > 0, "imported no day");
    FUZZ_CHECK(imp.first_year >= 1900 && imp.first_year <= imp.last_year && imp.last_year <= 2999,
               "years %d..%d", imp.first_year, imp.last_year);
    for (size_t i = 0; i < imp.count; i++) {
        const struct cal_day *d = &imp.days[i];
        int y, m, dd;
        fh_day_to_ymd(d->day, &y, &m, &dd);
        FUZZ_CHECK(y >= imp.first_year && y <= imp.last_year, "day %zu in %d, outside %d..%d", i, y,
                   imp.first_year, imp.last_year);
        FUZZ_CHECK(i == 0 || d->day > imp.days[i - 1].day, "day %zu not after the one before", i);
        FUZZ_CHECK((unsigned)d->type < SCHED_DAY_TYPE_COUNT, "day %zu of type %d", i, d->type);
        FUZZ_CHECK(d->name == NULL || (d->name[0] != '\0' && valid_utf8(d->name)),
                   "day %zu: a name that is empty or not UTF-8", i);
    }
    cal_import_free(&imp);
    FUZZ_CHECK(imp.days == NULL && imp.count == 0, "cal_import_free left days");
    return 0;
}
