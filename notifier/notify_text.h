/* notify_text.h: the words of the messages the outbox sends (to be folded
 * into notify.h when the transports land beside it). */
#ifndef NOTIFY_TEXT_H
#define NOTIFY_TEXT_H

#include "scheduler/sched.h"
#include "store/store.h"

/* Each returns a malloc'd UTF-8 text in the booking's language. */
char *notify_text_subject(const struct sched_office *office, const struct store_booking *b,
                          enum store_msg_kind kind);
/* CRLF line ends; manage_url and rebook_url may be NULL. */
char *notify_text_body(const struct sched_office *office, const struct store_booking *b,
                       enum store_msg_kind kind, const char *manage_url, const char *rebook_url);
char *notify_text_sms(const struct sched_office *office, const struct store_booking *b,
                      enum store_msg_kind kind);

#endif
