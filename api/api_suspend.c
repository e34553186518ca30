/* api_suspend.c: the manager's side of suspensions for no-shows: the people
 * of an office whose online booking is suspended now (masked IDs only), and
 * a lift, audited. The scheduler decides who is suspended; the store keeps
 * the lifts. */
#include "api/api_internal.h"
#include "common/fh_hash.h"
#include "validate/val.h"

#include <stdlib.h>
#include <string.h>

/* GET /api/v1/offices/{office}/suspensions */
void api_suspend_list(struct http_ctx *c)
{
    if (!api_manager_auth(c) || !api_query_only(c, (const char *const[]){NULL}))
        return;
    const struct sched_office *office = api_path_office(c);
    if (office == NULL)
        return;
    struct store_suspension *list;
    size_t n;
    char err[FH_ERR_LEN] = "";
    fh_result r =
        store_suspensions_list(c->svc->store, office, svc_now(office), &list, &n, err, sizeof err);
    if (r != FH_OK) {
        fh_log(FH_LOG_ERROR, "suspensions: %s", err);
        api_reply_result(c, r, "internal_error", "the store failed", NULL);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        char until[FH_DATE_LEN], last[FH_TIME_LEN];
        fh_format_date(list[i].until, until);
        api_format_time(office, list[i].last, last);
        json_array_append_new(items,
                              json_pack("{s:s, s:s, s:s, s:s, s:b}", "national_id_masked",
                                        list[i].national_id_masked, "until", until, "last_missed",
                                        last, "booking", list[i].code, "partner", list[i].partner));
    }
    free(list);
    api_reply_json(
        c, HTTP_OK,
        json_pack("{s:s, s:o}", "office", sched_office_spec(office)->id, "suspensions", items));
}

/* POST /api/v1/offices/{office}/suspensions/lift
 * {"national_id"} or {"booking", "partner"}, with an optional "reason". */
void api_suspend_lift(struct http_ctx *c)
{
    static const char *const fields[] = {"national_id", "booking", "partner", "reason", NULL};
    if (!api_manager_auth(c) || !api_query_only(c, (const char *const[]){NULL}))
        return;
    const struct sched_office *office = api_path_office(c);
    if (office == NULL)
        return;
    json_t *doc = api_body_object(c);
    if (doc == NULL || !api_fields_only(c, doc, fields)) {
        json_decref(doc);
        return;
    }
    bool bad = false;
    const char *id = api_field_string(c, doc, "national_id", &bad);
    const char *code = bad ? NULL : api_field_string(c, doc, "booking", &bad);
    const char *reason = bad ? NULL : api_field_string(c, doc, "reason", &bad);
    json_t *partner_v = json_object_get(doc, "partner");
    char nid[VAL_NATIONAL_ID_LEN + 1] = "";
    const char *why;
    if (bad) {
        /* answered */
    } else if (partner_v != NULL && !json_is_boolean(partner_v)) {
        api_reply_invalid(c, "partner", "must be true or false");
        bad = true;
    } else if ((id == NULL) == (code == NULL)) {
        api_reply_invalid(c, "national_id", "give either national_id or booking");
        bad = true;
    } else if (id != NULL && (why = val_national_id(id, nid)) != NULL) {
        api_reply_invalid(c, "national_id", why);
        bad = true;
    } else if (id != NULL && partner_v != NULL) {
        api_reply_invalid(c, "partner", "only with booking");
        bad = true;
    } else if (reason != NULL &&
               (strlen(reason) > 500 || val_utf8(reason, strlen(reason), NULL) != NULL)) {
        api_reply_invalid(c, "reason", "at most 500 bytes of text");
        bad = true;
    }
    if (bad) {
        fh_wipe(nid, sizeof nid);
        json_decref(doc);
        return;
    }
    char err[FH_ERR_LEN] = "", who[STORE_WHO_LEN];
    api_manager_who(c, who);
    fh_day until;
    fh_result r = store_suspension_lift(c->svc->store, office, id != NULL ? nid : NULL, code,
                                        json_is_true(partner_v), who, reason, svc_now(office),
                                        &until, err, sizeof err);
    fh_wipe(nid, sizeof nid);
    json_decref(doc);
    if (r == FH_ENOTFOUND) {
        api_reply_result(c, r, "not_found", "no such booking at this office", NULL);
    } else if (r == FH_ECONFLICT) {
        api_reply_result(c, r, "not_suspended", "the person is not suspended at this office", NULL);
    } else if (r != FH_OK) {
        fh_log(FH_LOG_ERROR, "suspension lift: %s", err);
        api_reply_result(c, r, "internal_error", "the store failed", NULL);
    } else {
        char day[FH_DATE_LEN];
        fh_format_date(until, day);
        api_reply_json(c, HTTP_OK,
                       json_pack("{s:s, s:b, s:s}", "office", sched_office_spec(office)->id,
                                 "lifted", 1, "was_until", day));
    }
}
