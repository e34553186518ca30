/* notify_smtp.c: a batch of e-mails over one SMTP session with libesmtp:
 * STARTTLS through our own SSL_CTX capped at TLS 1.2 (libesmtp hangs after
 * STARTTLS over TLS 1.3), AUTH through libesmtp's SASL client, millisecond
 * timeouts, and a per-message outcome from the MAIL, RCPT and DATA replies.
 * Exports notify_smtp_*. */
#include "notifier/notify_internal.h"

/* libesmtp.h needs size_t, and declares smtp_starttls_set_ctx only after
 * <openssl/ssl.h>. */
#include <stdio.h>
#include <openssl/ssl.h>
#include <auth-client.h>
#include <libesmtp.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define DEFAULT_TIMEOUT_MS 15000

struct notify_smtp {
    char *server; /* "host:port" */
    char *from;
    char *username, *password; /* NULL: no AUTH */
    char *helo;
    long timeout_ms;
    SSL_CTX *tls; /* NULL: no STARTTLS */
};

fh_result notify_smtp_create(const struct cfg_smtp *cfg, const struct notify_smtp_options *opt,
                             struct notify_smtp **out, char *err, size_t errlen)
{
    *out = NULL;
    if (cfg->host == NULL || *cfg->host == '\0')
        return fh_fail(err, errlen, FH_EINVAL, "smtp: no host configured");
    if (strpbrk(cfg->host, " \t\r\n/") != NULL)
        return fh_fail(err, errlen, FH_EINVAL, "smtp: malformed host");
    if (cfg->port < 1 || cfg->port > 65535)
        return fh_fail(err, errlen, FH_EINVAL, "smtp: port %d out of range", cfg->port);
    const char *bad = notify_mail_address_check(cfg->from);
    if (bad != NULL)
        return fh_fail(err, errlen, FH_EINVAL, "smtp: from: %s", bad);
    if ((cfg->username == NULL) != (cfg->password == NULL))
        return fh_fail(err, errlen, FH_EINVAL, "smtp: username and password go together");

    SSL_CTX *tls = NULL;
    if (cfg->starttls) {
        tls = SSL_CTX_new(TLS_client_method());
        if (tls == NULL)
            return fh_fail(err, errlen, FH_EINTERNAL, "smtp: cannot create a TLS context");
        SSL_CTX_set_min_proto_version(tls, TLS1_2_VERSION);
        SSL_CTX_set_max_proto_version(tls, TLS1_2_VERSION);
        int ok = opt && opt->ca_file ? SSL_CTX_load_verify_locations(tls, opt->ca_file, NULL)
                                     : SSL_CTX_set_default_verify_paths(tls);
        if (ok != 1) {
            SSL_CTX_free(tls);
            return fh_fail(err, errlen, FH_EIO, "smtp: cannot load the CA file %s",
                           opt && opt->ca_file ? opt->ca_file : "(default paths)");
        }
    }
    struct notify_smtp *s = fh_calloc(1, sizeof *s);
    s->server = fh_asprintf("%s:%d", cfg->host, cfg->port);
    s->from = fh_strdup(cfg->from);
    s->username = cfg->username ? fh_strdup(cfg->username) : NULL;
    s->password = cfg->password ? fh_strdup(cfg->password) : NULL;
    s->helo = fh_strdup(opt && opt->helo_name ? opt->helo_name : "localhost");
    s->timeout_ms = opt && opt->timeout_ms > 0 ? opt->timeout_ms : DEFAULT_TIMEOUT_MS;
    s->tls = tls;
    *out = s;
    return FH_OK;
}

void notify_smtp_free(struct notify_smtp *s)
{
    if (s == NULL)
        return;
    free(s->server);
    free(s->from);
    free(s->username);
    if (s->password != NULL) {
        memset(s->password, 0, strlen(s->password));
        free(s->password);
    }
    free(s->helo);
    SSL_CTX_free(s->tls);
    free(s);
}

/* What one session saw beyond the statuses libesmtp keeps. */
struct session_state {
    const struct notify_smtp *smtp;
    char problem[NOTIFY_REASON_LEN]; /* a TLS or AUTH failure that spoils the session */
    int problem_code;
    bool in_auth, authenticated;
};

static void note_problem(struct session_state *st, int code, const char *what)
{
    if (st->problem[0] == '\0') {
        snprintf(st->problem, sizeof st->problem, "%s", what);
        st->problem_code = code;
    }
}

static void event_cb(smtp_session_t session, int event_no, void *arg, ...)
{
    (void)session;
    struct session_state *st = arg;
    va_list ap;
    va_start(ap, arg);
    char what[NOTIFY_REASON_LEN];
    switch (event_no) {
    case SMTP_EV_EXTNA_STARTTLS:
        note_problem(st, 0, "the server offers no STARTTLS (or it is unusable)");
        break;
    case SMTP_EV_INVALID_PEER_CERTIFICATE: {
        long verify = va_arg(ap, long);
        snprintf(what, sizeof what, "TLS: untrusted server certificate: %s",
                 X509_verify_cert_error_string(verify));
        note_problem(st, 0, what);
        break; /* *ok stays 0: libesmtp quits */
    }
    case SMTP_EV_NO_PEER_CERTIFICATE:
        note_problem(st, 0, "TLS: the server sent no certificate");
        break;
    case SMTP_EV_WRONG_PEER_CERTIFICATE:
        note_problem(st, 0, "TLS: the server certificate is for another host name");
        break;
    case SMTP_EV_WEAK_CIPHER:
        note_problem(st, 0, "TLS: weak cipher");
        break;
    case SMTP_EV_UNUSABLE_CA_LIST:
        note_problem(st, 0, "TLS: unusable CA list");
        break;
    default:
        break;
    }
    va_end(ap);
}

/* Watches the dialogue for the outcome of AUTH, which libesmtp does not
 * report: without it a rejected password looks like a refused sender. */
static void monitor_cb(const char *buf, int len, int writing, void *arg)
{
    struct session_state *st = arg;
    if (writing == SMTP_CB_WRITING) {
        st->in_auth = len >= 5 && strncasecmp(buf, "AUTH ", 5) == 0 ? true : st->in_auth;
        return;
    }
    if (writing != SMTP_CB_READING || !st->in_auth || len < 3)
        return;
    if (buf[0] == '2') {
        st->authenticated = true;
        st->in_auth = false;
    } else if (buf[0] == '4' || buf[0] == '5') {
        char what[NOTIFY_REASON_LEN];
        int n = len < 120 ? len : 120;
        snprintf(what, sizeof what, "AUTH failed: %.*s", n, buf);
        note_problem(st, (buf[0] - '0') * 100 + (buf[1] - '0') * 10 + (buf[2] - '0'), what);
        st->in_auth = false;
    }
}

static int interact_cb(auth_client_request_t request, char **result, int fields, void *arg)
{
    struct session_state *st = arg;
    for (int i = 0; i < fields; i++) {
        if (request[i].flags & AUTH_USER)
            result[i] = st->smtp->username;
        else if (request[i].flags & AUTH_PASS)
            result[i] = st->smtp->password;
        else
            return 0;
    }
    return 1;
}

static enum notify_status classify(int code)
{
    if (code >= 200 && code < 300)
        return NOTIFY_SENT;
    if (code == 530) /* authentication required: our configuration, not the message */
        return NOTIFY_RETRY;
    if (code >= 500 && code < 600)
        return NOTIFY_FAILED;
    return NOTIFY_RETRY; /* 4xx, or 0: no reply (timeout, TLS failure, dropped connection) */
}

/* Folds one protocol step into the job's outcome: the most severe status
 * wins, and among equal failures the first (protocol order) keeps its
 * reason. */
static void fold_status(struct notify_outcome *o, bool *first, const char *step,
                        const smtp_status_t *status)
{
    int code = status ? status->code : 0;
    enum notify_status s = classify(code);
    /* among successes the last reply (DATA's, often with a queue id) tells most */
    if (!*first && s < o->status)
        return;
    if (!*first && s == o->status && s != NOTIFY_SENT)
        return;
    *first = false;
    if (code == 0)
        notify_outcome_set(o, s, 0, "%s: no reply (timeout or connection lost)", step);
    else
        notify_outcome_set(o, s, code, "%s: %d %s", step, code, status->text ? status->text : "");
}

struct rcpt_walk {
    struct notify_outcome *o;
    bool *first;
    size_t accepted;
};

static void rcpt_cb(smtp_recipient_t r, const char *mailbox, void *arg)
{
    (void)mailbox; /* never reported: a person's address */
    struct rcpt_walk *w = arg;
    const smtp_status_t *status = smtp_recipient_status(r);
    if (status && status->code >= 200 && status->code < 300)
        w->accepted++;
    fold_status(w->o, w->first, "RCPT", status);
}

static bool job_ok(const struct notify_smtp_job *job, struct notify_outcome *o)
{
    if (job->message == NULL || job->recipient_count == 0 || job->recipients == NULL) {
        notify_outcome_set(o, NOTIFY_FAILED, 0, "no message or no recipient");
        return false;
    }
    if (job->envelope_from && notify_mail_address_check(job->envelope_from) != NULL) {
        notify_outcome_set(o, NOTIFY_FAILED, 0, "malformed envelope sender");
        return false;
    }
    for (size_t i = 0; i < job->recipient_count; i++) {
        const char *bad = notify_mail_address_check(job->recipients[i]);
        if (bad != NULL) {
            notify_outcome_set(o, NOTIFY_FAILED, 0, "recipient %zu: %s", i + 1, bad);
            return false;
        }
    }
    return true;
}

fh_result notify_smtp_send(struct notify_smtp *smtp, struct notify_smtp_job *jobs, size_t count)
{
    smtp_session_t session = smtp_create_session();
    if (session == NULL)
        fh_fatal("libesmtp: cannot create a session");
    struct session_state st = {.smtp = smtp};
    smtp_set_server(session, smtp->server);
    smtp_set_hostname(session, smtp->helo);
    smtp_set_eventcb(session, event_cb, &st);
    /* The monitor sees every line of the session; it is only needed to tell
     * an AUTH failure, and costs throughput, so it is set only with AUTH. */
    if (smtp->username != NULL)
        smtp_set_monitorcb(session, monitor_cb, &st, 0);
    static const int steps[] = {Timeout_GREETING, Timeout_ENVELOPE, Timeout_DATA, Timeout_TRANSFER,
                                Timeout_DATA2};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        smtp_set_timeout(session, steps[i] | Timeout_OVERRIDE_RFC2822_MINIMUM, smtp->timeout_ms);
    if (smtp->tls != NULL) {
        smtp_starttls_set_ctx(session, smtp->tls);
        smtp_starttls_enable(session, Starttls_REQUIRED);
    }
    auth_context_t auth = NULL;
    if (smtp->username != NULL) {
        auth = auth_create_context();
        if (auth == NULL)
            fh_fatal("libesmtp: cannot create an auth context");
        auth_set_mechanism_flags(auth, AUTH_PLUGIN_PLAIN, 0);
        auth_set_interact_cb(auth, interact_cb, &st);
        smtp_auth_set_context(session, auth);
    }

    smtp_message_t *msgs = fh_calloc(count, sizeof *msgs);
    size_t offered = 0;
    for (size_t i = 0; i < count; i++) {
        jobs[i].accepted = 0;
        if (!job_ok(&jobs[i], &jobs[i].outcome))
            continue;
        smtp_message_t m = smtp_add_message(session);
        smtp_set_reverse_path(m, jobs[i].envelope_from ? jobs[i].envelope_from : smtp->from);
        for (size_t r = 0; r < jobs[i].recipient_count; r++)
            smtp_add_recipient(m, jobs[i].recipients[r]);
        /* The message carries its own Date and Message-ID; keep libesmtp from
         * adding others. */
        smtp_set_message_str(m, (void *)jobs[i].message);
        msgs[i] = m;
        offered++;
    }

    fh_result result = FH_OK;
    if (offered > 0 && !smtp_start_session(session)) {
        char buf[128];
        const char *why = smtp_strerror(smtp_errno(), buf, sizeof buf);
        for (size_t i = 0; i < count; i++)
            if (msgs[i] != NULL)
                notify_outcome_set(&jobs[i].outcome, NOTIFY_RETRY, 0, "session: %s%s%s",
                                   why ? why : "failed", st.problem[0] ? "; " : "", st.problem);
        result = FH_EIO;
    } else {
        for (size_t i = 0; i < count; i++) {
            if (msgs[i] == NULL) {
                result = FH_EBUSY;
                continue;
            }
            struct notify_outcome *o = &jobs[i].outcome;
            bool first = true;
            const smtp_status_t *mail = smtp_reverse_path_status(msgs[i]);
            fold_status(o, &first, "MAIL", mail);
            if (o->status == NOTIFY_SENT) {
                struct rcpt_walk w = {o, &first, 0};
                smtp_enumerate_recipients(msgs[i], rcpt_cb, &w);
                jobs[i].accepted = w.accepted;
                /* With no recipient accepted, DATA is refused (503) for that
                 * reason only; the RCPT replies already tell why. */
                if (w.accepted > 0)
                    fold_status(o, &first, "DATA", smtp_message_transfer_status(msgs[i]));
            }
            /* A TLS or AUTH failure spoils everything not delivered: the
             * reason is the session's, and the message may be retried. */
            if (o->status != NOTIFY_SENT && st.problem[0] != '\0')
                notify_outcome_set(o, NOTIFY_RETRY, st.problem_code, "%s", st.problem);
            if (o->status != NOTIFY_SENT)
                result = FH_EBUSY;
        }
    }
    free(msgs);
    smtp_destroy_session(session);
    if (auth != NULL)
        auth_destroy_context(auth);
    return result;
}
