/* case_util.c: the shared part of the data-driven test runners. */
#include "tests/case_util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int case_failures;

void case_mismatch(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("MISMATCH: ", stdout);
    vprintf(fmt, ap);
    fputc('\n', stdout);
    va_end(ap);
    case_failures++;
}

void case_bad(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("BAD CASE: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(99);
}

int case_main(int argc, char **argv, int (*run_one)(const char *path), const char *usage)
{
    if (argc < 2)
        case_bad("usage: %s", usage);
    if (argc == 2)
        return run_one(argv[1]);
    int worst = 0;
    for (int i = 1; i < argc; i++) {
        fflush(NULL);
        pid_t child = fork();
        if (child < 0)
            case_bad("fork: %s", strerror(errno));
        if (child == 0)
            exit(run_one(argv[i]));
        int status;
        while (waitpid(child, &status, 0) < 0) {
            if (errno != EINTR)
                case_bad("waitpid: %s", strerror(errno));
        }
        int code = WIFEXITED(status) ? WEXITSTATUS(status) : 1;
        printf("%s: %s\n", code == 0 ? "PASS" : "FAIL", argv[i]);
        if (code == 99 || (code != 0 && worst != 99))
            worst = code == 99 ? 99 : 1;
    }
    return worst;
}

void case_keys(json_t *obj, const char *where, const char *const *keys)
{
    const char *key;
    json_t *v;
    if (obj != NULL && !json_is_object(obj))
        case_bad("%s must be an object", where);
    json_object_foreach(obj, key, v)
    {
        size_t i = 0;
        while (keys[i] != NULL && strcmp(keys[i], key) != 0)
            i++;
        if (keys[i] == NULL) {
            char known[512] = "";
            for (i = 0; keys[i] != NULL; i++)
                snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", i ? ", " : "",
                         keys[i]);
            case_bad("%s: unknown key \"%s\" (known: %s)", where, key, known);
        }
    }
}

bool case_bool(json_t *obj, const char *key, bool dflt)
{
    json_t *v = json_object_get(obj, key);
    if (v == NULL)
        return dflt;
    if (!json_is_boolean(v))
        case_bad("\"%s\" must be true or false", key);
    return json_is_true(v);
}

const char *case_str(json_t *obj, const char *key, bool required)
{
    json_t *v = json_object_get(obj, key);
    if (v == NULL && !required)
        return NULL;
    if (!json_is_string(v))
        case_bad("\"%s\" must be a string", key);
    return json_string_value(v);
}

fh_result case_load_config(json_t *c, const char *origin, struct fh_config **out, char *err,
                           size_t errlen)
{
    json_t *config = json_object_get(c, "config");
    if (json_is_true(json_object_get(c, "demo")) ||
        (json_is_string(config) && strcmp(json_string_value(config), "demo") == 0))
        return cfg_load_demo(out, err, errlen);
    char *text = json_dumps(config, JSON_COMPACT);
    if (text == NULL)
        case_bad("\"config\" must be \"demo\" or an object");
    fh_result r = cfg_load_string(text, strlen(text), origin, out, err, errlen);
    free(text);
    return r;
}

void case_apply_calendar(json_t *c, struct fh_config *cfg)
{
    json_t *entry;
    size_t i;
    json_array_foreach(json_object_get(c, "calendar"), i, entry)
    {
        case_keys(entry, "calendar[]", (const char *const[]){"date", "type", "name", NULL});
        fh_day day;
        enum sched_day_type type;
        if (fh_parse_date(case_str(entry, "date", true), &day) != NULL ||
            sched_day_type_parse(case_str(entry, "type", true), &type) != NULL)
            case_bad("calendar[%zu]: needs a date and a day type", i);
        sched_calendar_set(cfg->calendar, day, type, case_str(entry, "name", false));
    }
}

uint64_t case_person_key(const char *s)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a: stable and enough for tests */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static int by_start(const void *a, const void *b)
{
    const struct sched_booking *x = a, *y = b;
    return (x->start > y->start) - (x->start < y->start);
}

struct sched_booking *case_read_bookings(json_t *list, const struct sched_office *office,
                                         size_t *count)
{
    const struct sched_office_spec *o = sched_office_spec(office);
    size_t n = json_array_size(list);
    struct sched_booking *b = fh_calloc(n + 1, sizeof *b);
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(list, i);
        case_keys(e, "bookings[]",
                  (const char *const[]){"service", "start", "minutes", "person", "partner", NULL});
        const char *why = fh_parse_local(case_str(e, "start", true), o->utc_offset, &b[i].start);
        if (why != NULL)
            case_bad("bookings[%zu].start: %s", i, why);
        b[i].service = sched_office_service_index(office, case_str(e, "service", true));
        if (b[i].service < 0)
            case_bad("bookings[%zu].service: unknown", i);
        json_t *minutes = json_object_get(e, "minutes");
        if (minutes != NULL && !json_is_integer(minutes))
            case_bad("bookings[%zu].minutes must be a number", i);
        b[i].minutes =
            minutes ? (int)json_integer_value(minutes) : o->services[b[i].service].minutes;
        const char *person = case_str(e, "person", false);
        const char *partner = case_str(e, "partner", false);
        b[i].person = case_person_key(person ? person : "someone");
        b[i].partner = partner ? case_person_key(partner) : 0;
    }
    qsort(b, n, sizeof *b, by_start);
    *count = n;
    return b;
}
