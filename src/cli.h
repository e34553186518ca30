/* cli.h: the subcommands of the flexhours binary. Each takes the arguments
 * after its name and returns the process exit status. */
#ifndef CLI_H
#define CLI_H

#include "config/cfg.h"

/* Options every subcommand takes. */
struct cli_common {
    const char *config_path; /* --config FILE, or NULL for the embedded demo */
    const char *db_path;     /* --db FILE, or NULL for the configuration's */
};

/* Exit statuses, as in sysexits.h. */
enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 64, CLI_DATAERR = 65, CLI_CONFIG = 78 };

/* Loads the configuration named by common (or the demo); on failure prints
 * the reason and returns NULL. */
struct fh_config *cli_load_config(const struct cli_common *common);

struct store;
/* Opens the command's database (--db, or the configuration's) with the
 * configuration's key file (beside the database unless configured). */
fh_result cli_open_store(const struct fh_config *cfg, const struct cli_common *common,
                         struct store **out, char *err, size_t errlen);
/* The day calendar every command uses: the days imported into the database
 * (st may be NULL) with the configuration's own entries on top. NULL on a
 * database error (err written). */
struct sched_calendar *cli_build_calendar(const struct fh_config *cfg, struct store *st, char *err,
                                          size_t errlen);

int cli_slots(const struct cli_common *common, int argc, char **argv);
int cli_calendar(const struct cli_common *common, int argc, char **argv);
int cli_outbox(const struct cli_common *common, int argc, char **argv);
int cli_roster(const struct cli_common *common, int argc, char **argv);
int cli_serve(const struct cli_common *common, int argc, char **argv);
int cli_erase(const struct cli_common *common, int argc, char **argv);
int cli_keys(const struct cli_common *common, int argc, char **argv);
int cli_user(const struct cli_common *common, int argc, char **argv);
int cli_audit(const struct cli_common *common, int argc, char **argv);
int cli_check(const struct cli_common *common, int argc, char **argv);
int cli_draw(const struct cli_common *common, int argc, char **argv);

#endif
