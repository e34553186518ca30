/* cli_erase.c: `flexhours erase`, a person's data erased on their request
 * (個資法): one booking by its code, or every booking naming a national ID
 * (read from standard input with "-", which keeps it out of the shell's
 * history and the process list); `--expired` runs the retention pass now.
 * It prints booking codes and counts only; each erasure is audited by the
 * store. */
#include "src/cli.h"

#include "common/fh_hash.h"
#include "store/store.h"
#include "validate/val.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void)
{
    fprintf(stderr, "usage: flexhours erase --code CODE\n"
                    "       flexhours erase --national-id ID   (- reads it from standard input)\n"
                    "       flexhours erase --expired           (the retention pass, now)\n");
    return CLI_USAGE;
}

static void print_erased(const struct store_erased *e)
{
    printf("erased %s%s%s\n", e->code, e->partner_only ? ": the partner's data only" : "",
           e->cancelled ? ": cancelled, it was still ahead (nobody was told)" : "");
}

/* The national ID of the argument, or of the first line of standard input
 * for "-". NULL after saying why. */
static bool read_national_id(const char *arg, char out[VAL_NATIONAL_ID_LEN + 1])
{
    char line[64];
    const char *in = arg;
    if (strcmp(arg, "-") == 0) {
        if (fgets(line, sizeof line, stdin) == NULL) {
            fprintf(stderr, "flexhours erase: no national ID on standard input\n");
            return false;
        }
        line[strcspn(line, "\r\n")] = '\0';
        in = line;
    }
    const char *why = val_national_id(in, out);
    fh_wipe(line, sizeof line);
    if (why != NULL) {
        /* Not echoed: it may be most of somebody's ID. */
        fprintf(stderr, "flexhours erase: --national-id: %s\n", why);
        return false;
    }
    return true;
}

int cli_erase(const struct cli_common *common, int argc, char **argv)
{
    const char *code = NULL, *id_arg = NULL;
    bool expired = false;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--code") == 0 && i + 1 < argc)
            code = argv[++i];
        else if (strcmp(argv[i], "--national-id") == 0 && i + 1 < argc)
            id_arg = argv[++i];
        else if (strcmp(argv[i], "--expired") == 0)
            expired = true;
        else
            return usage();
    }
    if ((code != NULL) + (id_arg != NULL) + expired != 1)
        return usage();
    char id[VAL_NATIONAL_ID_LEN + 1] = "";
    if (id_arg != NULL && !read_national_id(id_arg, id))
        return CLI_DATAERR;

    struct fh_config *cfg = cli_load_config(common);
    if (cfg == NULL) {
        fh_wipe(id, sizeof id);
        return CLI_CONFIG;
    }
    struct store *st = NULL;
    char err[FH_ERR_LEN] = "";
    int status = CLI_FAIL;
    int64_t now = fh_clock_now();
    fh_result r = cli_open_store(cfg, common, &st, err, sizeof err);
    if (r == FH_OK && code != NULL) {
        struct store_erased e;
        r = store_erase_booking(st, code, now, "cli", &e, err, sizeof err);
        if (r == FH_OK)
            print_erased(&e);
    } else if (r == FH_OK && id_arg != NULL) {
        struct store_erased *list;
        size_t n;
        r = store_erase_person(st, id, now, "cli", &list, &n, err, sizeof err);
        if (r == FH_OK) {
            for (size_t i = 0; i < n; i++)
                print_erased(&list[i]);
            printf("%zu booking%s\n", n, n == 1 ? "" : "s");
            free(list);
        }
    } else if (r == FH_OK) {
        size_t n;
        r = store_erase_expired(st, now, cfg->retention_days, 0, &n, err, sizeof err);
        if (r == FH_OK)
            printf("%zu booking%s past %d days erased\n", n, n == 1 ? "" : "s",
                   cfg->retention_days);
    }
    fh_wipe(id, sizeof id);
    if (r == FH_OK)
        status = CLI_OK;
    else if (r == FH_ENOTFOUND || r == FH_EINVAL)
        status = CLI_DATAERR;
    if (r != FH_OK)
        fprintf(stderr, "flexhours erase: %s\n", err);
    if (st != NULL)
        store_close(st);
    cfg_free(cfg);
    return status;
}
