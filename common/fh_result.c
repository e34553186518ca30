/* fh_result.c: names of the service-wide result codes and the first-failure
 * error buffer helper. */
#include "common/fh.h"

#include <stdio.h>

const char *fh_strerror(fh_result r)
{
    switch (r) {
    case FH_OK:
        return "ok";
    case FH_EINVAL:
        return "invalid input";
    case FH_ENOTFOUND:
        return "not found";
    case FH_ECONFLICT:
        return "conflict";
    case FH_EREFUSED:
        return "refused";
    case FH_EAUTH:
        return "not authorised";
    case FH_EFORBIDDEN:
        return "forbidden";
    case FH_EDB:
        return "database error";
    case FH_EIO:
        return "input/output error";
    case FH_EBUSY:
        return "busy";
    case FH_EINTERNAL:
        return "internal error";
    }
    return "unknown error";
}

fh_result fh_fail(char *err, size_t errlen, fh_result r, const char *fmt, ...)
{
    if (err != NULL && errlen > 0 && err[0] == '\0') {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return r;
}
