/* cli_roster.c: `flexhours roster generate|show|publish --office ID
 * --month YYYY-MM [--json] [--force]`: a month's roster made, printed (a
 * table of staff by days, or with --json what the API answers) and
 * published, from the command line. */
#include "src/cli.h"

#include "api/api_roster.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void)
{
    fprintf(stderr,
            "usage: flexhours roster generate --office ID --month YYYY-MM [--json]\n"
            "       flexhours roster show     --office ID --month YYYY-MM [--json]\n"
            "       flexhours roster publish  --office ID --month YYYY-MM [--force] [--json]\n");
    return CLI_USAGE;
}

static int print(const struct api_roster_ref *ref, json_t *doc, bool as_json)
{
    if (as_json) {
        char *text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        if (text == NULL)
            return CLI_FAIL;
        puts(text);
        free(text);
    } else {
        char *table = api_roster_table(ref, doc);
        fputs(table, stdout);
        free(table);
    }
    return CLI_OK;
}

static int exit_status(fh_result r)
{
    switch (r) {
    case FH_OK:
        return CLI_OK;
    case FH_EINVAL:
    case FH_ENOTFOUND:
    case FH_ECONFLICT:
    case FH_EREFUSED:
        return CLI_DATAERR;
    default:
        return CLI_FAIL;
    }
}

int cli_roster(const struct cli_common *common, int argc, char **argv)
{
    if (argc < 1)
        return usage();
    const char *action = argv[0];
    bool generate = strcmp(action, "generate") == 0, show = strcmp(action, "show") == 0,
         publish = strcmp(action, "publish") == 0;
    if (!generate && !show && !publish) {
        fprintf(stderr, "flexhours roster: unknown action '%s'\n", action);
        return usage();
    }
    const char *office_id = NULL, *month = NULL;
    bool as_json = false, force = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--office") == 0 && i + 1 < argc) {
            office_id = argv[++i];
        } else if (strcmp(argv[i], "--month") == 0 && i + 1 < argc) {
            month = argv[++i];
        } else if (strcmp(argv[i], "--json") == 0) {
            as_json = true;
        } else if (strcmp(argv[i], "--force") == 0 && publish) {
            force = true;
        } else {
            fprintf(stderr, "flexhours roster: unknown option '%s'\n", argv[i]);
            return usage();
        }
    }
    struct api_roster_ref ref = {0};
    const char *why;
    if (office_id == NULL || month == NULL) {
        fprintf(stderr, "flexhours roster %s: %s is required\n", action,
                office_id == NULL ? "--office" : "--month");
        return usage();
    }
    if ((why = fh_parse_month(month, &ref.year, &ref.month)) != NULL) {
        fprintf(stderr, "flexhours roster: --month %s: %s\n", month, why);
        return CLI_USAGE;
    }
    struct fh_config *cfg = cli_load_config(common);
    if (cfg == NULL)
        return CLI_CONFIG;
    ref.cfg = cfg;
    if ((ref.office = cfg_office(cfg, office_id)) == NULL) {
        fprintf(stderr, "flexhours roster: --office %s: no such office\n", office_id);
        cfg_free(cfg);
        return CLI_USAGE;
    }
    char err[FH_ERR_LEN] = "";
    struct sched_calendar *cal = NULL;
    int status = CLI_FAIL;
    if (cli_open_store(cfg, common, &ref.store, err, sizeof err) != FH_OK) {
        fprintf(stderr, "flexhours roster: %s\n", err);
        cfg_free(cfg);
        return CLI_FAIL;
    }
    if ((cal = cli_build_calendar(cfg, ref.store, err, sizeof err)) == NULL) {
        fprintf(stderr, "flexhours roster: %s\n", err);
    } else {
        ref.cal = cal;
        json_t *doc = NULL;
        fh_result r = generate ? api_roster_generate(&ref, &doc, err, sizeof err)
                      : show   ? api_roster_show(&ref, &doc, err, sizeof err)
                               : api_roster_publish(&ref, force, &doc, err, sizeof err);
        if (r == FH_OK) {
            status = print(&ref, doc, as_json);
            json_t *over = json_object_get(doc, "overbooked");
            if (json_array_size(over) > 0 && !as_json)
                printf("%zu booking(s) to reschedule: no place left for them\n",
                       json_array_size(over));
        } else {
            fprintf(stderr, "flexhours roster %s: %s\n", action, err);
            json_t *list = json_object_get(doc, "bookings");
            size_t i;
            json_t *b;
            json_array_foreach(list, i, b)
            {
                fprintf(stderr, "  %s %s %s\n", json_string_value(json_object_get(b, "code")),
                        json_string_value(json_object_get(b, "start")),
                        json_string_value(json_object_get(b, "service")));
            }
            status = exit_status(r);
        }
        json_decref(doc);
        sched_calendar_free(cal);
    }
    store_close(ref.store);
    cfg_free(cfg);
    return status;
}
