/* api_offices.c: the read side of the booking API: health, offices, services
 * (with the documents to bring) and the slots of a service, which the
 * scheduler computes from the store's occupancy and which are kept while
 * nothing on their days changes. The JSON shapes are api_json.c's, shared
 * with `flexhours slots --json`. */
#include "api/api_internal.h"
#include "api/api_json.h"

#include <stdio.h>
#include <stdlib.h>

void api_offices_healthz(struct http_ctx *c)
{
    api_reply_json(c, HTTP_OK, json_pack("{s:s}", "status", "ok"));
}

/* Whether the service can take bookings: the store reads and writes. A
 * load balancer sends no one to a server whose disk is full or whose
 * database is damaged; the reason names the store's failure (never a
 * person's data). */
void api_offices_readyz(struct http_ctx *c)
{
    char err[FH_ERR_LEN] = "";
    if (store_ready(c->svc->store, err, sizeof err) == FH_OK) {
        api_reply_json(c, HTTP_OK, json_pack("{s:s}", "status", "ready"));
        return;
    }
    fh_log(FH_LOG_ERROR, "not ready: %s", err);
    api_reply_error(c, HTTP_SERVICE_UNAVAILABLE, "not_ready", err, NULL);
}

void api_offices_list(struct http_ctx *c)
{
    static const char *const none[] = {NULL};
    if (api_query_only(c, none))
        api_reply_json(c, HTTP_OK, api_json_offices(c->svc->cfg));
}

void api_offices_services(struct http_ctx *c)
{
    static const char *const none[] = {NULL};
    const struct sched_office *office = api_path_office(c);
    if (office != NULL && api_query_only(c, none))
        api_reply_json(c, HTTP_OK, api_json_services(office));
}

/* Reads a required date argument; answers 422 when it is missing or bad. */
static bool query_date(struct http_ctx *c, const char *name, fh_day *out)
{
    const char *v = http_query(c, name);
    const char *why = v == NULL ? "missing (YYYY-MM-DD)" : fh_parse_date(v, out);
    if (why != NULL)
        api_reply_invalid(c, name, why);
    return why == NULL;
}

void api_offices_slots(struct http_ctx *c)
{
    static const char *const allowed[] = {"service", "from", "to", NULL};
    const struct sched_office *office = api_path_office(c);
    if (office == NULL || !api_query_only(c, allowed))
        return;
    const char *service_id = http_query(c, "service");
    if (service_id == NULL) {
        api_reply_invalid(c, "service", "missing");
        return;
    }
    int service = sched_office_service_index(office, service_id);
    if (service < 0) {
        api_reply_invalid(c, "service", "not a service of this office");
        return;
    }
    fh_day first, last;
    if (!query_date(c, "from", &first) || !query_date(c, "to", &last))
        return;
    if (last < first) {
        api_reply_invalid(c, "to", "before from");
        return;
    }
    if (last - first + 1 > SVC_MAX_RANGE_DAYS) {
        api_reply_invalid(c, "to", "the range may cover at most 366 days");
        return;
    }

    /* The change clock is read before the bookings: a write that lands in
     * between makes this answer stale, never a stale answer current. */
    struct svc_answer answer;
    svc_answer_begin(c->svc, &answer, office, first, last, svc_now(office));
    char key[160];
    snprintf(key, sizeof key, "slots\n%s\n%s\n%d\n%d", sched_office_spec(office)->id, service_id,
             (int)first, (int)last);
    char *cached = svc_cache_get(c->svc, key, &answer);
    if (cached != NULL) {
        api_reply_text(c, HTTP_OK, cached);
        return;
    }
    char err[FH_ERR_LEN] = "";
    struct sched_slot *slots;
    size_t count;
    fh_result r = svc_slots(c->svc, office, service, first, last, answer.now,
                            SCHED_SLOTS_UNRELEASED, &slots, &count, err, sizeof err);
    if (r != FH_OK) {
        fh_log(FH_LOG_ERROR, "%s", err);
        api_reply_result(c, r, "internal_error", "the store failed", NULL);
        return;
    }
    /* Written as text: a month is hundreds of objects (api_json.h). */
    api_reply_text(c, HTTP_OK, api_json_slots_text(office, service, slots, count));
    free(slots);
    svc_cache_put(c->svc, key, &answer, c->body);
}
