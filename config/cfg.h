/* cfg.h: the configuration, one JSON file parsed once into a read-only
 * struct. Missing keys take the embedded defaults; without any file, the
 * compiled-in demo office is used. Errors name the file and the JSON path
 * ("flexhours.json: offices[0].windows[2].end: before start"). */
#ifndef CFG_H
#define CFG_H

#include "common/fh.h"
#include "scheduler/sched.h"

struct cfg_smtp {
    char *host; /* NULL: no SMTP server, messages go to the local outbox log */
    int port;
    bool starttls;
    char *username, *password;
    char *from;
};

enum cfg_sms_provider { CFG_SMS_NONE, CFG_SMS_KANNEL, CFG_SMS_HTTP };

struct cfg_sms {
    enum cfg_sms_provider provider;
    char *url;
    char *username, *password; /* kannel */
    char *from;
    char *body_template; /* http: the request body with {to} and {text} */
};

/* How the outbox worker sends: when reminders go, how failures are retried. */
struct cfg_notifier {
    struct sched_reminders reminders;
    int max_attempts;  /* a message fails for good after this many tries */
    int retry_seconds; /* the first retry's delay; each next one doubles, up to an hour */
    int poll_ms;       /* how often the worker looks for due messages */
};

/* How often one client address may ask for a booking. */
struct cfg_rate_limit {
    int per_minute; /* 0: no limit */
    int burst;      /* requests at once before the limit applies */
    bool loopback;  /* limit loopback clients too (behind a proxy, or tests) */
};

struct cfg_manager {
    char *name;
    uint8_t token_sha256[32]; /* tokens are kept hashed only */
};

struct fh_config {
    char *origin;     /* the file it came from, or "(embedded demo)" */
    char *listen;     /* HOST:PORT */
    char *public_url; /* how citizens reach the service: the base of links in messages */
    char *database;   /* SQLite file */
    char *outbox_log; /* where messages go when no SMTP/SMS is configured */
    struct sched_office **offices;
    size_t office_count;
    struct sched_calendar *calendar; /* national day entries of "calendar" */
    struct cfg_smtp smtp;
    struct cfg_sms sms;
    struct cfg_notifier notifier;
    struct cfg_rate_limit rate_limit;
    struct cfg_manager *managers;
    size_t manager_count;
};

/* Each returns FH_OK and a new config, or FH_EINVAL/FH_EIO with a message
 * in err naming the origin and the JSON path. */
fh_result cfg_load_file(const char *path, struct fh_config **out, char *err, size_t errlen);
fh_result cfg_load_string(const char *json, size_t len, const char *origin, struct fh_config **out,
                          char *err, size_t errlen);
fh_result cfg_load_demo(struct fh_config **out, char *err, size_t errlen);
void cfg_free(struct fh_config *cfg);

/* The compiled-in demo configuration, as JSON text. */
const char *cfg_demo_json(void);

/* The office with this id, or NULL. */
const struct sched_office *cfg_office(const struct fh_config *cfg, const char *id);

#endif
