/* sched_visit.c: the rules around a visit that are not about its place:
 * what the counter should prepare (a wheelchair, the priority counter, an
 * interpreter), and when a booking's holder may answer the satisfaction
 * survey (once, after a completed visit, for a while). Exports
 * sched_needs_*(), sched_interpreter_*() and sched_survey_*(). */
#include "scheduler/sched_internal.h"

#include <stdio.h>
#include <string.h>

/* The codes are ISO 639 (639-3 where 639-1 has none: hak, tsl). */
static const struct {
    const char *code, *zh, *en;
} interpreters[SCHED_INTERPRETER_COUNT] = {
    [SCHED_INTERPRETER_NONE] = {"", "不需要", "None"},
    [SCHED_INTERPRETER_HAKKA] = {"hak", "客語", "Hakka"},
    [SCHED_INTERPRETER_TSL] = {"tsl", "台灣手語", "Taiwanese Sign Language"},
    [SCHED_INTERPRETER_ENGLISH] = {"en", "英語", "English"},
    [SCHED_INTERPRETER_VIET] = {"vi", "越南語", "Vietnamese"},
    [SCHED_INTERPRETER_INDO] = {"id", "印尼語", "Indonesian"},
    [SCHED_INTERPRETER_THAI] = {"th", "泰語", "Thai"},
};

const char *sched_interpreter_code(enum sched_interpreter i)
{
    return (unsigned)i < SCHED_INTERPRETER_COUNT ? interpreters[i].code : "";
}

const char *sched_interpreter_name(enum sched_interpreter i, bool en)
{
    if ((unsigned)i >= SCHED_INTERPRETER_COUNT)
        i = SCHED_INTERPRETER_NONE;
    return en ? interpreters[i].en : interpreters[i].zh;
}

bool sched_interpreter_parse(const char *code, enum sched_interpreter *out)
{
    for (int i = SCHED_INTERPRETER_NONE + 1; code != NULL && i < SCHED_INTERPRETER_COUNT; i++)
        if (strcmp(code, interpreters[i].code) == 0) {
            *out = (enum sched_interpreter)i;
            return true;
        }
    return false;
}

bool sched_needs_any(const struct sched_needs *n)
{
    return n->wheelchair || n->priority_counter || n->interpreter != SCHED_INTERPRETER_NONE;
}

void sched_needs_format(const struct sched_needs *n, char out[SCHED_NEEDS_TEXT_LEN])
{
    snprintf(out, SCHED_NEEDS_TEXT_LEN, "%s%s%s%s", n->wheelchair ? " wheelchair" : "",
             n->priority_counter ? " priority_counter" : "",
             n->interpreter != SCHED_INTERPRETER_NONE ? " interpreter=" : "",
             sched_interpreter_code(n->interpreter));
    if (out[0] == ' ')
        memmove(out, out + 1, strlen(out));
}

bool sched_needs_parse(const char *text, struct sched_needs *out)
{
    *out = (struct sched_needs){0};
    char word[SCHED_NEEDS_TEXT_LEN];
    const char *p = text;
    while (*p != '\0') {
        size_t n = strcspn(p, " ");
        if (n == 0 || n >= sizeof word)
            return false;
        memcpy(word, p, n);
        word[n] = '\0';
        p += n;
        if (*p == ' ' && *++p == '\0')
            return false; /* a trailing space: not a text we wrote */
        if (strcmp(word, "wheelchair") == 0 && !out->wheelchair)
            out->wheelchair = true;
        else if (strcmp(word, "priority_counter") == 0 && !out->priority_counter)
            out->priority_counter = true;
        else if (strncmp(word, "interpreter=", 12) != 0 ||
                 out->interpreter != SCHED_INTERPRETER_NONE ||
                 !sched_interpreter_parse(word + 12, &out->interpreter))
            return false;
    }
    return true;
}

enum sched_survey sched_survey_check(const struct sched_office *office, fh_minute start,
                                     bool completed, bool answered, bool erased, fh_minute now)
{
    if (!office->spec.satisfaction_survey)
        return SCHED_SURVEY_OFF;
    if (!completed)
        return SCHED_SURVEY_NOT_COMPLETE;
    /* Answered comes before closed: a second answer, late or not, is told
     * that the first one counted. */
    if (answered)
        return SCHED_SURVEY_ANSWERED;
    /* Nothing tells an erased booking's holder from anybody holding its
     * link; a visit long past is remembered too loosely to score. */
    if (erased || fh_day_of(now) - fh_day_of(start) > SCHED_SURVEY_DAYS)
        return SCHED_SURVEY_CLOSED;
    return SCHED_SURVEY_OK;
}

static const struct {
    const char *code, *message;
} surveys[SCHED_SURVEY_COUNT] = {
    [SCHED_SURVEY_OK] = {"ok", "The survey can be answered."},
    [SCHED_SURVEY_OFF] = {"survey_off", "This office does not ask for a survey."},
    [SCHED_SURVEY_NOT_COMPLETE] = {"survey_not_complete",
                                   "The survey opens once the visit has taken place."},
    [SCHED_SURVEY_ANSWERED] = {"survey_answered",
                               "This survey has been answered already. Thank you: your answer "
                               "counted once."},
    [SCHED_SURVEY_CLOSED] = {"survey_closed", "This survey is closed."},
};

const char *sched_survey_code(enum sched_survey s)
{
    return (unsigned)s < SCHED_SURVEY_COUNT ? surveys[s].code : "unknown";
}

const char *sched_survey_message(enum sched_survey s)
{
    return (unsigned)s < SCHED_SURVEY_COUNT ? surveys[s].message : "unknown";
}
