/* cfg_links.c: the addresses of the citizens' pages that the messages link
 * to, built from public_url, and the address mail comes from. The pages
 * (web/) answer at these paths; the messages (notifier/) and invites
 * (calendars/) carry them. */
#include "config/cfg.h"

#include <stdio.h>

void cfg_url_manage(const struct fh_config *cfg, const char *code, const char *key, char *out,
                    size_t len)
{
    snprintf(out, len, "%s/b/%s?k=%s", cfg->public_url, code, key);
}

void cfg_url_survey(const struct fh_config *cfg, const char *code, const char *key, char *out,
                    size_t len)
{
    snprintf(out, len, "%s/b/%s/survey?k=%s", cfg->public_url, code, key);
}

void cfg_url_book(const struct fh_config *cfg, const char *office, const char *service, char *out,
                  size_t len)
{
    snprintf(out, len, "%s/o/%s/book/day?service=%s", cfg->public_url, office, service);
}

void cfg_url_offer(const struct fh_config *cfg, const char *token, char *out, size_t len)
{
    snprintf(out, len, "%s/offer/%s", cfg->public_url, token);
}

void cfg_url_draw(const struct fh_config *cfg, const char *number, const char *token, char *out,
                  size_t len)
{
    snprintf(out, len, "%s/d/%s?k=%s", cfg->public_url, number, token);
}

const char *cfg_mail_sender(const struct fh_config *cfg, const struct sched_office_spec *office)
{
    if (cfg->smtp.from != NULL)
        return cfg->smtp.from;
    return office->email != NULL ? office->email : "flexhours@localhost.invalid";
}
