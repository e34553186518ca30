/* api_erase.c: POST /api/v1/erasures, a manager erasing one person's data on
 * their request (個資法): {"code": CODE} erases one booking's personal data
 * (holder and partner), {"national_id": ID} that of every booking naming
 * the person (as partner, the partner's part only). A booking still ahead
 * is cancelled, nobody told. The answer lists booking codes, never the ID;
 * the store audits each erasure. */
#include "api/api_internal.h"
#include "common/fh_hash.h"
#include "validate/val.h"

#include <stdlib.h>
#include <string.h>

static json_t *erased_json(const struct store_erased *e)
{
    return json_pack("{s:s, s:b, s:b}", "code", e->code, "partner_only", e->partner_only,
                     "cancelled", e->cancelled);
}

void api_erase_create(struct http_ctx *c)
{
    static const char *const allowed[] = {"code", "national_id", NULL};
    if (!api_manager_auth(c) || !api_query_only(c, (const char *const[]){NULL}))
        return;
    json_t *doc = api_body_object(c);
    if (doc == NULL)
        return;
    bool bad = false;
    const char *code = NULL, *id_in = NULL;
    if (api_fields_only(c, doc, allowed)) {
        code = api_field_string(c, doc, "code", &bad);
        if (!bad)
            id_in = api_field_string(c, doc, "national_id", &bad);
        if (!bad && (code != NULL) == (id_in != NULL)) {
            api_reply_invalid(c, code != NULL ? "national_id" : "code",
                              "give either code or national_id");
            bad = true;
        }
    } else {
        bad = true;
    }
    char id[VAL_NATIONAL_ID_LEN + 1] = "";
    const char *why = !bad && id_in != NULL ? val_national_id(id_in, id) : NULL;
    if (why != NULL) {
        api_reply_invalid(c, "national_id", why);
        bad = true;
    }
    if (bad) {
        json_decref(doc);
        return;
    }

    char err[FH_ERR_LEN] = "";
    int64_t now = fh_clock_now();
    json_t *list = json_array();
    bool cancelled = false;
    fh_result r;
    if (code != NULL) {
        struct store_erased e;
        r = store_erase_booking(c->svc->store, code, now, "api", &e, err, sizeof err);
        if (r == FH_OK) {
            json_array_append_new(list, erased_json(&e));
            cancelled = e.cancelled;
        }
    } else {
        struct store_erased *e;
        size_t n;
        r = store_erase_person(c->svc->store, id, now, "api", &e, &n, err, sizeof err);
        for (size_t i = 0; r == FH_OK && i < n; i++) {
            json_array_append_new(list, erased_json(&e[i]));
            cancelled |= e[i].cancelled;
        }
        if (r == FH_OK)
            free(e);
    }
    fh_wipe(id, sizeof id);
    json_decref(doc);
    if (r == FH_ENOTFOUND) {
        json_decref(list);
        api_reply_result(c, r, "not_found", "no such booking", "code");
        return;
    }
    if (r != FH_OK) {
        json_decref(list);
        fh_log(FH_LOG_ERROR, "erase: %s", err);
        api_reply_result(c, r, "internal_error", "the store failed", NULL);
        return;
    }
    /* A booking cancelled gave its place back (rare enough not to look up
     * where). */
    if (cancelled)
        svc_changed_all(c->svc);
    api_reply_json(
        c, HTTP_OK,
        json_pack("{s:I, s:o}", "count", (json_int_t)json_array_size(list), "erased", list));
}
