/* main.c: the flexhours binary. Reads the subcommand and the options every
 * subcommand shares, then hands over to the subcommand. */
#include "config.h"

#include "src/cli.h"

#include <stdio.h>
#include <string.h>

static int usage(FILE *out, int status)
{
    fprintf(out, "usage: flexhours COMMAND [--config FILE] [--db FILE] [OPTIONS]\n"
                 "\n"
                 "commands:\n"
                 "  serve    [--listen HOST:PORT]   the HTTP API (default 127.0.0.1:8080)\n"
                 "  slots    --office ID --service ID --from DATE --to DATE [--json] [--all]\n"
                 "  calendar import FILE   read a DGPA office calendar (CSV) or .ics file\n"
                 "  outbox list [--status S] [--limit N] | outbox retry ID | outbox send\n"
                 "  roster generate|show|publish --office ID --month YYYY-MM [--json] [--force]\n"
                 "  demo-config   print the embedded demo configuration (a starting point)\n"
                 "  version\n"
                 "\n"
                 "Without --config the embedded demo office (taichung-south) is used.\n"
                 "FLEXHOURS_NOW (an RFC 3339 time) replaces the clock.\n");
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

int main(int argc, char **argv)
{
    struct cli_common common = {NULL, NULL};
    const char *why;

    if (argc < 2)
        return usage(stderr, CLI_USAGE);
    const char *command = argv[1];
    argc -= 2;
    argv += 2;
    if (take_common(&argc, argv, &common) != 0)
        return CLI_USAGE;
    if ((why = fh_clock_init()) != NULL) {
        fprintf(stderr, "flexhours: FLEXHOURS_NOW: %s\n", why);
        return CLI_USAGE;
    }

    if (strcmp(command, "version") == 0 || strcmp(command, "--version") == 0) {
        printf("flexhours %s\n", PACKAGE_VERSION);
        return CLI_OK;
    }
    if (strcmp(command, "demo-config") == 0) {
        fputs(cfg_demo_json(), stdout);
        return CLI_OK;
    }
    if (strcmp(command, "slots") == 0)
        return cli_slots(&common, argc, argv);
    if (strcmp(command, "calendar") == 0)
        return cli_calendar(&common, argc, argv);
    if (strcmp(command, "outbox") == 0)
        return cli_outbox(&common, argc, argv);
    if (strcmp(command, "roster") == 0)
        return cli_roster(&common, argc, argv);
    if (strcmp(command, "serve") == 0)
        return cli_serve(&common, argc, argv);
    if (strcmp(command, "help") == 0 || strcmp(command, "--help") == 0 ||
        strcmp(command, "-h") == 0)
        return usage(stdout, CLI_OK);
    fprintf(stderr, "flexhours: unknown command '%s'\n", command);
    return usage(stderr, CLI_USAGE);
}
