/* cli_user.c: `flexhours user add|passwd|disable`, the accounts of the
 * manager pages (the first manager of a new site comes from here), and
 * `flexhours audit`, the audit trail printed. A password is read from the
 * terminal (twice, not echoed) or from the first line of standard input,
 * never from the arguments, which the process list and the shell's history
 * keep. */
#include "src/cli.h"

#include "common/fh_hash.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* Shorter passwords are refused: the lock-out slows guessing online, the
 * length guards a copied database. */
#define PASSWORD_MIN 10

static int user_usage(void)
{
    fprintf(stderr, "usage: flexhours user add ID --name NAME --role manager|counter --offices "
                    "ID[,ID...]|'*'\n"
                    "       flexhours user passwd ID\n"
                    "       flexhours user disable ID\n"
                    "The password is read from the terminal, or from standard input's first "
                    "line.\n");
    return CLI_USAGE;
}

/* One line of the terminal without echo (prompt on stderr), or of stdin. */
static bool read_line(const char *prompt, char *out, size_t len)
{
    bool tty = isatty(STDIN_FILENO);
    struct termios old, quiet;
    if (tty) {
        fprintf(stderr, "%s", prompt);
        tcgetattr(STDIN_FILENO, &old);
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    bool ok = fgets(out, (int)len, stdin) != NULL;
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        fprintf(stderr, "\n");
    }
    if (ok)
        out[strcspn(out, "\r\n")] = '\0';
    return ok;
}

/* The new password, hashed; false after saying why. */
static bool new_password(char hash[FH_PASSWORD_HASH_LEN])
{
    char pw[FH_PASSWORD_MAX + 2], again[FH_PASSWORD_MAX + 2];
    bool ok = read_line("new password: ", pw, sizeof pw);
    if (!ok)
        fprintf(stderr, "flexhours user: no password on standard input\n");
    else if (strlen(pw) < PASSWORD_MIN || strlen(pw) > FH_PASSWORD_MAX) {
        fprintf(stderr, "flexhours user: the password must be %d to %d characters\n", PASSWORD_MIN,
                FH_PASSWORD_MAX);
        ok = false;
    } else if (isatty(STDIN_FILENO)) {
        ok = read_line("again: ", again, sizeof again) && strcmp(pw, again) == 0;
        if (!ok)
            fprintf(stderr, "flexhours user: the two passwords differ\n");
    }
    if (ok && fh_password_hash(pw, strlen(pw), FH_PASSWORD_LN, hash) != FH_OK) {
        fprintf(stderr, "flexhours user: the password could not be hashed\n");
        ok = false;
    }
    fh_wipe(pw, sizeof pw);
    fh_wipe(again, sizeof again);
    return ok;
}

/* "*" or configured office ids joined by ','. */
static bool offices_known(const struct fh_config *cfg, const char *offices)
{
    if (strcmp(offices, "*") == 0)
        return true;
    char *copy = fh_strdup(offices), *save = NULL;
    bool ok = offices[0] != '\0';
    for (char *id = strtok_r(copy, ",", &save); id != NULL && ok; id = strtok_r(NULL, ",", &save))
        if (cfg_office(cfg, id) == NULL) {
            fprintf(stderr, "flexhours user: --offices: no office '%s'\n", id);
            ok = false;
        }
    free(copy);
    return ok;
}

static int result_status(fh_result r, const char *err)
{
    if (r == FH_OK)
        return CLI_OK;
    fprintf(stderr, "flexhours user: %s\n", err);
    return r == FH_EINVAL || r == FH_ENOTFOUND || r == FH_ECONFLICT ? CLI_DATAERR : CLI_FAIL;
}

int cli_user(const struct cli_common *common, int argc, char **argv)
{
    if (argc < 2)
        return user_usage();
    const char *verb = argv[0], *id = argv[1];
    const char *name = NULL, *role_s = NULL, *offices = NULL;
    if (strcmp(verb, "add") == 0) {
        for (int i = 2; i < argc; i++) {
            if (strcmp(argv[i], "--name") == 0 && i + 1 < argc)
                name = argv[++i];
            else if (strcmp(argv[i], "--role") == 0 && i + 1 < argc)
                role_s = argv[++i];
            else if (strcmp(argv[i], "--offices") == 0 && i + 1 < argc)
                offices = argv[++i];
            else
                return user_usage();
        }
        if (name == NULL || role_s == NULL || offices == NULL)
            return user_usage();
    } else if ((strcmp(verb, "passwd") != 0 && strcmp(verb, "disable") != 0) || argc != 2) {
        return user_usage();
    }
    const char *why = store_user_id_check(id);
    if (why != NULL) {
        fprintf(stderr, "flexhours user: ID: %s\n", why);
        return CLI_USAGE;
    }
    struct store_user u;
    memset(&u, 0, sizeof u);
    if (name != NULL) {
        enum store_role role;
        if (store_role_parse(role_s, &role) != FH_OK) {
            fprintf(stderr, "flexhours user: --role is manager or counter\n");
            return CLI_USAGE;
        }
        if (strlen(name) >= sizeof u.name || strlen(offices) >= sizeof u.offices) {
            fprintf(stderr, "flexhours user: --name or --offices too long\n");
            return CLI_USAGE;
        }
        snprintf(u.id, sizeof u.id, "%s", id);
        snprintf(u.name, sizeof u.name, "%s", name);
        snprintf(u.offices, sizeof u.offices, "%s", offices);
        u.role = role;
    }

    struct fh_config *cfg = cli_load_config(common);
    if (cfg == NULL)
        return CLI_CONFIG;
    int status = CLI_DATAERR;
    char err[FH_ERR_LEN] = "", hash[FH_PASSWORD_HASH_LEN] = "";
    struct store *st = NULL;
    if (name != NULL && !offices_known(cfg, offices))
        goto out;
    status = CLI_FAIL;
    fh_result r = cli_open_store(cfg, common, &st, err, sizeof err);
    if (r != FH_OK) {
        fprintf(stderr, "flexhours user: %s\n", err);
        goto out;
    }
    int64_t now = fh_clock_now();
    if (strcmp(verb, "disable") == 0) {
        status = result_status(store_user_disable(st, id, "cli", now, err, sizeof err), err);
        if (status == CLI_OK)
            printf("user %s disabled; their sessions ended\n", id);
        goto out;
    }
    if (strcmp(verb, "passwd") == 0) {
        struct store_user seen;
        if ((r = store_user_get(st, id, &seen, NULL, err, sizeof err)) != FH_OK) {
            status = result_status(r, err);
            goto out;
        }
    }
    status = CLI_DATAERR;
    if (!new_password(hash))
        goto out;
    if (name != NULL)
        r = store_user_add(st, &u, hash, "cli", now, err, sizeof err);
    else
        r = store_user_set_password(st, id, hash, "cli", now, err, sizeof err);
    status = result_status(r, err);
    if (status == CLI_OK && name != NULL)
        printf("user %s added: %s of %s\n", id, store_role_name(u.role), u.offices);
    else if (status == CLI_OK)
        printf("user %s: password set; their sessions ended\n", id);
out:
    fh_wipe(hash, sizeof hash);
    if (st != NULL)
        store_close(st);
    cfg_free(cfg);
    return status;
}

/* ---- flexhours audit ------------------------------------------------------------ */

static int audit_usage(void)
{
    fprintf(stderr, "usage: flexhours audit [--office ID] [--since YYYY-MM-DD] [--until "
                    "YYYY-MM-DD] [--user WHO] [--action ACTION] [--limit N]\n");
    return CLI_USAGE;
}

int cli_audit(const struct cli_common *common, int argc, char **argv)
{
    struct store_audit_filter f = {0};
    const char *since = NULL, *until = NULL;
    for (int i = 0; i < argc; i++) {
        const char **slot = NULL;
        if (strcmp(argv[i], "--office") == 0)
            slot = &f.office;
        else if (strcmp(argv[i], "--since") == 0)
            slot = &since;
        else if (strcmp(argv[i], "--until") == 0)
            slot = &until;
        else if (strcmp(argv[i], "--user") == 0)
            slot = &f.who;
        else if (strcmp(argv[i], "--action") == 0)
            slot = &f.action;
        if (slot != NULL && i + 1 < argc) {
            *slot = argv[++i];
        } else if (strcmp(argv[i], "--limit") == 0 && i + 1 < argc) {
            char *end;
            long n = strtol(argv[++i], &end, 10);
            if (*end != '\0' || n < 1 || n > 100000) {
                fprintf(stderr, "flexhours audit: --limit is a number from 1 to 100000\n");
                return CLI_USAGE;
            }
            f.limit = (size_t)n;
        } else {
            return audit_usage();
        }
    }
    struct fh_config *cfg = cli_load_config(common);
    if (cfg == NULL)
        return CLI_CONFIG;
    int status = CLI_USAGE;
    struct store *st = NULL;
    /* Dates are the office's (its offset; the first office's without
     * --office), from midnight to midnight. */
    const struct sched_office *office =
        f.office != NULL ? cfg_office(cfg, f.office) : cfg->offices[0];
    if (office == NULL) {
        fprintf(stderr, "flexhours audit: --office: no office '%s'\n", f.office);
        status = CLI_DATAERR;
        goto out;
    }
    int offset = sched_office_spec(office)->utc_offset;
    fh_day d;
    if (since != NULL) {
        if (fh_parse_date(since, &d) != NULL) {
            fprintf(stderr, "flexhours audit: --since is a date, YYYY-MM-DD\n");
            goto out;
        }
        f.since = fh_utc_from_local((fh_minute)d * FH_MINUTES_PER_DAY, offset);
    }
    if (until != NULL) {
        if (fh_parse_date(until, &d) != NULL) {
            fprintf(stderr, "flexhours audit: --until is a date, YYYY-MM-DD\n");
            goto out;
        }
        f.until = fh_utc_from_local((fh_minute)(d + 1) * FH_MINUTES_PER_DAY, offset);
    }
    char err[FH_ERR_LEN] = "";
    status = CLI_FAIL;
    struct store_audit_record *list = NULL;
    size_t n = 0;
    if (cli_open_store(cfg, common, &st, err, sizeof err) != FH_OK ||
        store_audit_list(st, &f, &list, &n, err, sizeof err) != FH_OK) {
        fprintf(stderr, "flexhours audit: %s\n", err);
        goto out;
    }
    printf("%-25s  %-22s  %-18s  %-16s  %-14s  %s\n", "WHEN", "WHO", "ACTION", "OFFICE", "TARGET",
           "BEFORE -> AFTER");
    for (size_t i = 0; i < n; i++) {
        char when[FH_TIME_LEN];
        fh_format_local(fh_local_from_utc(list[i].at, offset), offset, when);
        printf("%-25s  %-22s  %-18s  %-16s  %-14s  %s -> %s\n", when, list[i].who, list[i].action,
               list[i].office[0] != '\0' ? list[i].office : "-",
               list[i].target[0] != '\0' ? list[i].target : "-",
               list[i].before != NULL ? list[i].before : "-",
               list[i].after != NULL ? list[i].after : "-");
    }
    printf("%zu record%s\n", n, n == 1 ? "" : "s");
    store_audit_records_free(list, n);
    status = CLI_OK;
out:
    if (st != NULL)
        store_close(st);
    cfg_free(cfg);
    return status;
}
