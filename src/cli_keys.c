/* cli_keys.c: `flexhours keys`, the keys of the key file (docs/store.md):
 * list them with the bookings each seals, rotate (a new current key; the
 * older ones stay for what they sealed and the links made under them),
 * reseal everything under the current key, retire a key nothing needs any
 * more, and revoke one booking's link key or one feed's key. No key is ever
 * printed. */
#include "src/cli.h"

#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void)
{
    fprintf(stderr,
            "usage: flexhours keys list\n"
            "       flexhours keys rotate        a new key becomes current\n"
            "       flexhours keys reseal        every booking sealed again under the current "
            "key\n"
            "       flexhours keys retire ID     drop a key no booking needs (its links stop)\n"
            "       flexhours keys revoke --code CODE\n"
            "       flexhours keys revoke --office ID --staff ID\n"
            "       flexhours keys revoke --office ID --bookings-feed\n");
    return CLI_USAGE;
}

static int list(struct store *st)
{
    struct store_key_info *keys;
    size_t n;
    char err[FH_ERR_LEN] = "";
    if (store_keys_list(st, &keys, &n, err, sizeof err) != FH_OK) {
        fprintf(stderr, "flexhours keys: %s\n", err);
        return CLI_FAIL;
    }
    printf("%-6s  %-7s  %s\n", "KEY", "CURRENT", "BOOKINGS SEALED");
    for (size_t i = 0; i < n; i++)
        printf("%-6d  %-7s  %lld\n", keys[i].id, keys[i].current ? "yes" : "",
               (long long)keys[i].rows);
    free(keys);
    return CLI_OK;
}

/* The subject of the key to revoke, from the options; NULL after usage. */
static char *revoke_subject(const struct fh_config *cfg, int argc, char **argv, int *status)
{
    const char *code = NULL, *office = NULL, *staff = NULL;
    bool bookings_feed = false;
    *status = CLI_USAGE;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--code") == 0 && i + 1 < argc)
            code = argv[++i];
        else if (strcmp(argv[i], "--office") == 0 && i + 1 < argc)
            office = argv[++i];
        else if (strcmp(argv[i], "--staff") == 0 && i + 1 < argc)
            staff = argv[++i];
        else if (strcmp(argv[i], "--bookings-feed") == 0)
            bookings_feed = true;
        else
            return NULL;
    }
    if (code != NULL)
        return office == NULL && staff == NULL && !bookings_feed ? fh_strdup(code) : NULL;
    if (office == NULL || (staff != NULL) == bookings_feed)
        return NULL;
    *status = CLI_DATAERR;
    if (cfg_office(cfg, office) == NULL) {
        fprintf(stderr, "flexhours keys revoke: no office %s\n", office);
        return NULL;
    }
    if (staff != NULL && cfg_staff_index(cfg_office_roster(cfg, office), staff) < 0) {
        fprintf(stderr, "flexhours keys revoke: %s has no staff %s\n", office, staff);
        return NULL;
    }
    /* The labels the feeds' keys are made under (store.h). */
    return staff != NULL ? fh_asprintf("duty-feed:%s:%s", office, staff)
                         : fh_asprintf("bookings-feed:%s", office);
}

int cli_keys(const struct cli_common *common, int argc, char **argv)
{
    if (argc < 1)
        return usage();
    const char *what = argv[0];
    bool known = strcmp(what, "list") == 0 || strcmp(what, "rotate") == 0 ||
                 strcmp(what, "reseal") == 0 || strcmp(what, "retire") == 0 ||
                 strcmp(what, "revoke") == 0;
    if (!known ||
        (strcmp(what, "retire") == 0 ? argc != 2 : strcmp(what, "revoke") != 0 && argc != 1))
        return usage();
    struct fh_config *cfg = cli_load_config(common);
    if (cfg == NULL)
        return CLI_CONFIG;
    int status = CLI_FAIL;
    char *subject = NULL;
    if (strcmp(what, "revoke") == 0 &&
        (subject = revoke_subject(cfg, argc - 1, argv + 1, &status)) == NULL) {
        cfg_free(cfg);
        return status == CLI_USAGE ? usage() : status;
    }
    struct store *st = NULL;
    char err[FH_ERR_LEN] = "";
    fh_result r = cli_open_store(cfg, common, &st, err, sizeof err);
    if (r != FH_OK) {
        fprintf(stderr, "flexhours keys: %s\n", err);
    } else if (strcmp(what, "list") == 0) {
        status = list(st);
    } else if (strcmp(what, "rotate") == 0) {
        int id;
        if ((r = store_keys_rotate(st, &id, err, sizeof err)) == FH_OK)
            printf("key %d is current: it seals new personal data and makes new links; the "
                   "older keys stay for what they sealed and the links made under them\n",
                   id);
    } else if (strcmp(what, "reseal") == 0) {
        size_t n;
        if ((r = store_keys_reseal(st, &n, err, sizeof err)) == FH_OK)
            printf("%zu booking%s sealed again under the current key\n", n, n == 1 ? "" : "s");
    } else if (strcmp(what, "retire") == 0) {
        char *end;
        long id = strtol(argv[1], &end, 10);
        if (*end != '\0' || id < 1 || id > 65535)
            r = fh_fail(err, sizeof err, FH_EINVAL, "'%s' is not a key id", argv[1]);
        else if ((r = store_keys_retire(st, (int)id, err, sizeof err)) == FH_OK)
            printf("key %ld retired: links and feed keys made under it no longer open anything\n",
                   id);
    } else {
        int gen;
        if ((r = store_link_revoke(st, subject, &gen, err, sizeof err)) == FH_OK)
            printf("revoked (generation %d): keys made before no longer open %s; %s\n", gen,
                   subject,
                   strchr(subject, ':') == NULL ? "the booking's next message carries its new link"
                   : strncmp(subject, "duty-feed:", 10) == 0
                       ? "the staff list (GET /api/v1/offices/OFFICE/staff) shows the new link"
                       : "GET /api/v1/offices/OFFICE/feeds shows the new link");
    }
    if (st != NULL && strcmp(what, "list") != 0) {
        if (r == FH_OK)
            status = CLI_OK;
        else if (r == FH_ENOTFOUND || r == FH_EINVAL || r == FH_ECONFLICT)
            status = CLI_DATAERR;
        if (r != FH_OK)
            fprintf(stderr, "flexhours keys %s: %s\n", what, err);
    }
    free(subject);
    if (st != NULL)
        store_close(st);
    cfg_free(cfg);
    return status;
}
