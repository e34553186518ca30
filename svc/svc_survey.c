/* svc_survey.c: the satisfaction survey both faces use: the answers a
 * person typed checked (scores 1 to 5, a comment of bounded length), the
 * state of a booking's survey for its page, and the answer stored under
 * the scheduler's rule. Exports svc_survey_*(). */
#include "svc/svc_internal.h"

#include "common/fh_hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t fault(struct svc_field_error *errors, size_t max, size_t n, const char *field,
                    const char *why)
{
    if (n < max)
        errors[n] = (struct svc_field_error){field, why};
    return n + 1;
}

const char *svc_survey_score(const char *s, int *out)
{
    if (s == NULL || *s == '\0')
        return "missing";
    if (s[1] != '\0' || s[0] < '0' + SCHED_SURVEY_SCORE_MIN || s[0] > '0' + SCHED_SURVEY_SCORE_MAX)
        return "must be 1, 2, 3, 4 or 5";
    *out = s[0] - '0';
    return NULL;
}

size_t svc_survey_check(const struct svc_survey_input *in, struct store_survey_answer *out,
                        struct svc_field_error *errors, size_t max)
{
    size_t n = 0;
    const char *why;
    memset(out, 0, sizeof *out);
    static const char *const names[] = {"waiting", "courtesy", "overall"};
    const char *const given[] = {in->waiting, in->courtesy, in->overall};
    int *const score[] = {&out->waiting, &out->courtesy, &out->overall};
    for (int i = 0; i < 3; i++)
        if ((why = svc_survey_score(given[i], score[i])) != NULL)
            n = fault(errors, max, n, names[i], why);
    if ((why = val_comment(in->comment, SCHED_SURVEY_COMMENT_MAX)) != NULL)
        n = fault(errors, max, n, "comment",
                  strcmp(why, "too long") == 0 ? "longer than 500 characters" : why);
    out->comment = in->comment != NULL ? in->comment : "";
    return n;
}

fh_result svc_survey_state(struct svc *s, const char *code, const char *token,
                           struct store_booking *b, const struct sched_office **office,
                           enum sched_survey *state, char *err, size_t errlen)
{
    *office = NULL;
    *state = SCHED_SURVEY_CLOSED;
    fh_result r = store_booking_get(s->store, code, token, b, err, errlen);
    if (r == FH_OK && (*office = svc_booking_office(s, b)) == NULL)
        r = fh_fail(err, errlen, FH_ENOTFOUND, "the booking's office is no longer served here");
    bool answered = false;
    if (r == FH_OK)
        r = store_survey_answered(s->store, b->id, &answered, err, errlen);
    if (r == FH_OK)
        *state = sched_survey_check(*office, b->start, b->status == STORE_COMPLETED, answered,
                                    b->erased_at != 0, svc_now(*office));
    return r;
}

fh_result svc_survey_save(struct svc *s, const char *code, const char *token,
                          const struct store_survey_answer *a, enum sched_survey *why, char *err,
                          size_t errlen)
{
    struct store_booking b;
    *why = SCHED_SURVEY_OK;
    fh_result r = store_booking_get(s->store, code, token, &b, err, errlen);
    const struct sched_office *office = r == FH_OK ? svc_booking_office(s, &b) : NULL;
    fh_wipe(&b, sizeof b);
    if (r == FH_OK && office == NULL)
        r = fh_fail(err, errlen, FH_ENOTFOUND, "the booking's office is no longer served here");
    if (r == FH_OK)
        r = store_survey_save(s->store, office, code, token, a, svc_now(office), why, err, errlen);
    return r;
}
