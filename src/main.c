/* main.c: the flexhours binary. Reads the subcommand and the options every
 * subcommand shares, then hands over to the subcommand. */
#include "config.h"

#include "src/cli.h"

#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The subcommands: their name, the lines of their usage, and what runs them
 * (NULL for the ones main() answers itself). */
struct command {
    const char *name;
    const char *usage;
    int (*run)(const struct cli_common *common, int argc, char **argv);
};

static int check_config(const struct cli_common *common, int argc, char **argv);

static const struct command commands[] = {
    {"serve", "serve [--listen HOST:PORT]   the pages and the JSON API (default 127.0.0.1:8080)",
     cli_serve},
    {"slots",
     "slots --office ID --service ID --from YYYY-MM-DD --to YYYY-MM-DD [--json] [--all]\n"
     "         the slots of a service that can be booked now",
     cli_slots},
    {"calendar",
     "calendar import [--dry-run] FILE   read a DGPA office calendar (CSV) or an .ics file\n"
     "         (--dry-run: what it would change, changing nothing)",
     cli_calendar},
    {"outbox",
     "outbox list [--status queued|sent|failed|dropped] [--limit N] | outbox retry ID |\n"
     "         outbox send   the messages of the outbox",
     cli_outbox},
    {"roster",
     "roster generate|show|publish --office ID --month YYYY-MM [--json] [--force]\n"
     "         a month's roster of the flexible duties",
     cli_roster},
    {"erase",
     "erase --code CODE | --national-id ID|- | --expired\n"
     "         a person's data erased on request (- reads the ID from standard input), or\n"
     "         the retention pass now",
     cli_erase},
    {"keys",
     "keys list | rotate | reseal | retire ID |\n"
     "         keys revoke --code CODE | --office ID --staff ID | --office ID --bookings-feed\n"
     "         the key file of the personal data (docs/store.md)",
     cli_keys},
    {"user",
     "user add ID --name NAME --role manager|counter --offices ID[,ID...]|'*' |\n"
     "         user passwd ID | user disable ID\n"
     "         the accounts of the manager pages (the password from the terminal or stdin)",
     cli_user},
    {"audit",
     "audit [--office ID] [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--user WHO]\n"
     "         [--action ACTION] [--limit N]   the audit trail of changes, newest first",
     cli_audit},
    {"check",
     "check   the database's integrity (SQLite's quick_check) and its kept occupancy\n"
     "         counts against a recount of the bookings (0: both hold)",
     cli_check},
    {"draw",
     "draw verify FILE|- | draw verify --seed HEX FILE|-\n"
     "         re-run a lucky-date draw from what the office published (its JSON)",
     cli_draw},
    {"check-config", "check-config [FILE]   check a configuration (or the one of --config)",
     check_config},
    {"demo-config", "demo-config   print the embedded demo configuration (a starting point)", NULL},
    {"version", "version", NULL},
};

static int usage(FILE *out, int status)
{
    fprintf(out, "usage: flexhours COMMAND [--config FILE] [--db FILE] [OPTIONS]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %s\n", commands[i].usage);
    fprintf(out,
            "\n"
            "Every command takes --help. Without --config the embedded demo office\n"
            "(taichung-south) is used. FLEXHOURS_NOW (an RFC 3339 time) replaces the clock.\n");
    return status;
}

struct fh_config *cli_load_config(const struct cli_common *common)
{
    char err[FH_ERR_LEN] = "";
    struct fh_config *cfg = NULL;
    fh_result r = common->config_path ? cfg_load_file(common->config_path, &cfg, err, sizeof err)
                                      : cfg_load_demo(&cfg, err, sizeof err);
    if (r != FH_OK) {
        fprintf(stderr, "flexhours: %s\n", err);
        return NULL;
    }
    return cfg;
}

fh_result cli_open_store(const struct fh_config *cfg, const struct cli_common *common,
                         struct store **out, char *err, size_t errlen)
{
    /* Without a configured key file, the database's is beside it, --db's
     * too; a wrong pairing is refused by the key check, never repaired. */
    const char *db = common->db_path ? common->db_path : cfg->database;
    fh_result r = store_open_keyed(db, cfg->key_file, out, err, errlen);
    /* Every command that changes bookings queues the offices' webhooks. */
    if (r == FH_OK && cfg->webhook_count > 0) {
        struct store_webhook *hooks = fh_calloc(cfg->webhook_count, sizeof *hooks);
        for (size_t i = 0; i < cfg->webhook_count; i++)
            hooks[i] = (struct store_webhook){cfg->webhooks[i].office, cfg->webhooks[i].url,
                                              cfg->webhooks[i].events};
        store_set_webhooks(*out, hooks, cfg->webhook_count);
        free(hooks);
    }
    return r;
}

/* Takes --config and --db out of argv wherever they stand; leaves the rest. */
static int take_common(int *argc, char **argv, struct cli_common *common)
{
    int kept = 0;
    for (int i = 0; i < *argc; i++) {
        const char **slot = NULL;
        if (strcmp(argv[i], "--config") == 0)
            slot = &common->config_path;
        else if (strcmp(argv[i], "--db") == 0)
            slot = &common->db_path;
        if (slot == NULL) {
            argv[kept++] = argv[i];
            continue;
        }
        if (i + 1 >= *argc) {
            fprintf(stderr, "flexhours: %s needs a value\n", argv[i]);
            return -1;
        }
        *slot = argv[++i];
    }
    *argc = kept;
    return 0;
}

/* `check-config [FILE]`: the configuration checked as serve would read it;
 * 0 and a summary when it is good, 78 and the first fault (file and JSON
 * path) when not. */
static int check_config(const struct cli_common *common, int argc, char **argv)
{
    struct cli_common own = *common;
    if (argc > 1 || (argc == 1 && argv[0][0] == '-')) {
        fprintf(stderr, "usage: flexhours check-config [FILE]\n");
        return CLI_USAGE;
    }
    if (argc == 1)
        own.config_path = argv[0];
    struct fh_config *cfg = cli_load_config(&own);
    if (cfg == NULL)
        return CLI_CONFIG;
    printf("%s: good: %zu office%s, listen %s, database %s, messages %s\n", cfg->origin,
           cfg->office_count, cfg->office_count == 1 ? "" : "s", cfg->listen, cfg->database,
           cfg->smtp.host || cfg->sms.provider ? "sent" : "to the outbox file");
    cfg_free(cfg);
    return CLI_OK;
}

static bool asks_help(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return true;
    return false;
}

int main(int argc, char **argv)
{
    struct cli_common common = {NULL, NULL};
    const char *why;

    if (argc < 2)
        return usage(stderr, CLI_USAGE);
    const char *name = argv[1];
    if (strcmp(name, "help") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0)
        return usage(stdout, CLI_OK);
    if (strcmp(name, "--version") == 0)
        name = "version";
    const struct command *command = NULL;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, name) == 0)
            command = &commands[i];
    if (command == NULL) {
        fprintf(stderr, "flexhours: unknown command '%s'\n", name);
        return usage(stderr, CLI_USAGE);
    }
    argc -= 2;
    argv += 2;
    /* Help asked for is an answer, on standard output, not an error. */
    if (asks_help(argc, argv)) {
        printf("usage: flexhours %s\n"
               "Every command also takes --config FILE and --db FILE.\n",
               command->usage);
        return CLI_OK;
    }
    if (take_common(&argc, argv, &common) != 0)
        return CLI_USAGE;
    if ((why = fh_clock_init()) != NULL) {
        fprintf(stderr, "flexhours: FLEXHOURS_NOW: %s\n", why);
        return CLI_USAGE;
    }
    if (command->run != NULL)
        return command->run(&common, argc, argv);
    if (strcmp(command->name, "version") == 0) {
        printf("flexhours %s\n", PACKAGE_VERSION);
        return CLI_OK;
    }
    fputs(cfg_demo_json(), stdout); /* demo-config */
    return CLI_OK;
}
