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
    int per_minute;             /* 0: no limit */
    int burst;                  /* requests at once before the limit applies */
    int connections_per_client; /* open connections one address may hold; 0: no cap */
    int failures_per_minute;    /* failed lookups (codes, keys, tokens) an address may make
                                 * before it must wait; 0: no limit */
};

/* An address or a range of them (CIDR): a reverse proxy trusted to name the
 * client it forwards. */
struct cfg_net {
    int family;             /* AF_INET or AF_INET6 */
    unsigned char addr[16]; /* network byte order; 4 bytes for AF_INET */
    int prefix;             /* bits that must match */
};

/* Whether the address (AF_INET: 4 bytes, AF_INET6: 16) lies in one of the
 * ranges. An IPv4-mapped IPv6 address (::ffff:a.b.c.d) counts as IPv4. */
bool cfg_net_contains(const struct cfg_net *nets, size_t count, int family,
                      const unsigned char *addr);
/* Parses "ADDR" or "ADDR/PREFIX" (IPv4 or IPv6); NULL, or why not. */
const char *cfg_net_parse(const char *text, struct cfg_net *out);

struct cfg_manager {
    char *name;
    uint8_t token_sha256[32]; /* tokens are kept hashed only */
    char **offices;           /* the offices the token may act for; NULL: every office */
    size_t office_count;
};

/* A member of an office's staff who may be rostered for the flexible
 * duties. Contact details stay in the configuration: the store and the
 * logs name staff by id only. */
struct cfg_staff {
    char *id, *name;
    char *email; /* or NULL */
    char *phone; /* E.164, or NULL */
    /* sched.id == id; skills as bits of the office's service indices;
     * leave and prefs owned by the config */
    struct sched_staff sched;
};

/* How an office's flexible duties are staffed. */
struct cfg_roster {
    struct sched_roster_rules rules;
    int comp_weeks; /* compensatory time is to be taken within this many weeks */
    struct cfg_staff *staff;
    size_t staff_count;
};

/* An integration told of an office's booking events (webhooks). */
#define CFG_WEBHOOK_SECRET_MIN 24 /* bytes: Standard Webhooks' 24 to 64 */
#define CFG_WEBHOOK_SECRET_MAX 64
struct cfg_webhook {
    char *office;                           /* the office's id */
    char *url;                              /* http:// or https:// */
    uint8_t secret[CFG_WEBHOOK_SECRET_MAX]; /* the bytes after "whsec_", decoded */
    size_t secret_len;
    unsigned events; /* bits 1u << enum sched_event */
};

struct fh_config {
    char *origin;                /* the file it came from, or "(embedded demo)" */
    char *listen;                /* HOST:PORT */
    char *public_url;            /* how citizens reach the service: the base of links in messages */
    bool public_url_from_listen; /* not configured: http:// + listen */
    char *database;              /* SQLite file */
    char *key_file;              /* the keys of the personal data; NULL: DATABASE.key */
    int retention_days;          /* personal data erased this long after a booking's end */
    int session_idle_minutes;    /* a manager page session ends after this long unused */
    char *outbox_log;            /* where messages go when no SMTP/SMS is configured */
    struct sched_office **offices;
    struct cfg_roster *rosters; /* per office, as offices */
    size_t office_count;
    struct sched_calendar *calendar; /* national day entries of "calendar" */
    struct cfg_smtp smtp;
    struct cfg_sms sms;
    struct cfg_notifier notifier;
    struct cfg_rate_limit rate_limit;
    /* Peers whose X-Forwarded-For / Forwarded header names the client
     * (trusted_proxies); from any other peer those headers are ignored. */
    struct cfg_net *trusted_proxies;
    size_t trusted_proxy_count;
    /* Clients that may read /metrics (metrics_allow); none: loopback. */
    struct cfg_net *metrics_allow;
    size_t metrics_allow_count;
    struct cfg_manager *managers;
    size_t manager_count;
    struct cfg_webhook *webhooks; /* every office's, in the file's order */
    size_t webhook_count;
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

/* The endpoint of office whose URL is url, or NULL (no longer configured). */
const struct cfg_webhook *cfg_webhook_find(const struct fh_config *cfg, const char *office,
                                           const char *url);

/* The office with this id, or NULL. */
const struct sched_office *cfg_office(const struct fh_config *cfg, const char *id);

/* The addresses of the pages that messages link to, under public_url.
 * Office and service ids and booking codes are safe in a URL as they are
 * (the configuration and the store only make such). */
/* A booking's manage page: PUBLIC/b/CODE?k=KEY (the key of the link). */
void cfg_url_manage(const struct fh_config *cfg, const char *code, const char *key, char *out,
                    size_t len);
/* The satisfaction survey of a completed booking: its own page, opened by
 * the same link key as the booking's page. */
void cfg_url_survey(const struct fh_config *cfg, const char *code, const char *key, char *out,
                    size_t len);
/* The booking flow of a service, from the choice of a day:
 * PUBLIC/o/OFFICE/book/day?service=ID. */
void cfg_url_book(const struct fh_config *cfg, const char *office, const char *service, char *out,
                  size_t len);

/* A place offered from the waitlist, held for its person:
 * PUBLIC/offer/TOKEN (the offer's link token). */
void cfg_url_offer(const struct fh_config *cfg, const char *token, char *out, size_t len);
/* The page of a draw request: /d/NUMBER?k=TOKEN. */
void cfg_url_draw(const struct fh_config *cfg, const char *number, const char *token, char *out,
                  size_t len);

/* The address an office's mail is sent from, and so its invites' ORGANIZER:
 * smtp.from when set, else the office's mailbox, else a placeholder in the
 * reserved .invalid domain. Never NULL. */
const char *cfg_mail_sender(const struct fh_config *cfg, const struct sched_office_spec *office);

/* Whether manager m's token may act for office (an id). */
bool cfg_manager_covers(const struct cfg_manager *m, const char *office);

/* The staffing of a configured office: never NULL for a known office (no
 * staff is an empty list); NULL for an unknown id. */
const struct cfg_roster *cfg_office_roster(const struct fh_config *cfg, const char *office);
/* The index of a staff id in the office's roster, or -1. */
int cfg_staff_index(const struct cfg_roster *roster, const char *id);

#endif
