/* store_db.c: opening and migrating the database, the per-database secret,
 * the connections (one writer behind a mutex, a small pool of readers), the
 * statement cache and the transaction helpers. Exports store_open(),
 * store_close(), store_schema_version() and the helpers of store_internal.h. */
#include "store/store_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "common/fh_hash.h"

#include <stdarg.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Other processes (the command line next to a running server) may hold the
 * write lock briefly; in-process writers never wait here, they queue on
 * write_lock. */
#define BUSY_TIMEOUT_MS 5000

#define ACTIVE_STATUSES "('pending', 'confirmed', 'checked_in')"
/* The WHERE term of the partial index booking_waiting (migration 11), word
 * for word: a statement must repeat it for SQLite to use the index. */
#define WAITING_STATUSES "('confirmed', 'pending')"

/* Duties in the order of enum sched_duty, not of their names. */
#define DUTY_ORDER                                                                                 \
    "CASE duty WHEN 'noon' THEN 0 WHEN 'evening' THEN 1 WHEN 'saturday' THEN 2 ELSE 3 END"
#define DUTY_ORDER_D                                                                               \
    "CASE d.duty WHEN 'noon' THEN 0 WHEN 'evening' THEN 1 WHEN 'saturday' THEN 2 ELSE 3 END"

/* The trigger steps of migration 14, on the key of the booking's new or old
 * row: a place taken (the row made, or one more), or released (the row
 * deleted at its last place, else one fewer, so that none is left at 0).
 * Each trigger's WHEN says whether the row is active: an INSERT ... SELECT
 * guarded by its own WHERE cost three times the VALUES form per booking. */
#define TAKE_PLACE                                                                                 \
    "INSERT INTO booking_taken (office, day, start_min, minutes, service, places)"                 \
    " VALUES (new.office, new.day, new.start_min, new.minutes, new.service, 1)"                    \
    " ON CONFLICT (office, day, start_min, minutes, service) DO UPDATE SET places = places + 1;"
#define RELEASE_PLACE                                                                              \
    "DELETE FROM booking_taken WHERE office = old.office AND day = old.day"                        \
    " AND start_min = old.start_min AND minutes = old.minutes AND service = old.service"           \
    " AND places = 1;"                                                                             \
    "UPDATE booking_taken SET places = places - 1 WHERE office = old.office AND day = old.day"     \
    " AND start_min = old.start_min AND minutes = old.minutes AND service = old.service;"
/* Whether the booking's old or new row is active. */
#define WAS_ACTIVE "old.status IN " ACTIVE_STATUSES
#define IS_ACTIVE  "new.status IN " ACTIVE_STATUSES
/* Whether an update moved the booking's key (all NOT NULL columns). */
#define KEY_MOVED                                                                                  \
    "(old.office, old.day, old.start_min, old.minutes, old.service)"                               \
    " <> (new.office, new.day, new.start_min, new.minutes, new.service)"
#define KEY_COLUMNS "status, office, day, start_min, minutes, service"

/* The columns of the waitlist's queries, as store_waitlist.c reads them. */
#define WAIT_COLUMNS                                                                               \
    "id, code, token_sha256, office, service, day, start_min, person, coalesce(partner, ''),"      \
    " pii, lang, status, coalesce(booking_id, 0), created_at"
#define OFFER_COLUMNS                                                                              \
    "id, entry_id, code, office, service, window_name, start_min, end_min, minutes, status,"       \
    " expires_at, created_at, coalesce(booking_id, 0)"
/* The columns of the draws' queries, as store_draw.c reads them. */
#define DRAW_COLUMNS                                                                               \
    "id, code, office, day, seed, commitment, coalesce(seed_hex, ''), committed_at,"               \
    " coalesce(drawn_at, 0), coalesce(done_at, 0),"                                                \
    " (SELECT count(*) FROM draw_request WHERE draw_id = draw.id)"
#define DRAW_REQUEST_COLUMNS                                                                       \
    "r.id, r.draw_id, r.number, r.token_sha256, r.service, r.start_min, r.person,"                 \
    " coalesce(r.partner, ''), r.resident, r.pii, r.lang, coalesce(r.rank, 0), r.outcome,"         \
    " coalesce(r.refusal, ''), coalesce(r.booking_id, 0), coalesce(r.wait_id, 0), r.created_at,"   \
    " d.office, d.day"

/* Schema migrations, applied in order; PRAGMA user_version counts how many
 * ran. Append new steps, never edit a released one. */
static const char *const migrations[] = {
    /* 1: the per-database secret, bookings and idempotency keys. */
    "CREATE TABLE meta ("
    "  name TEXT PRIMARY KEY,"
    "  value BLOB NOT NULL"
    ") WITHOUT ROWID;"
    "CREATE TABLE booking ("
    "  id INTEGER PRIMARY KEY,"
    "  code TEXT NOT NULL UNIQUE,"
    "  token_sha256 BLOB NOT NULL CHECK (length(token_sha256) = 32),"
    "  office TEXT NOT NULL,"
    "  service TEXT NOT NULL,"
    "  window_name TEXT NOT NULL,"
    "  day INTEGER NOT NULL,"       /* office-local day number of start_min */
    "  start_min INTEGER NOT NULL," /* office-local minutes since 1970 */
    "  end_min INTEGER NOT NULL,"
    "  minutes INTEGER NOT NULL,"
    "  utc_offset INTEGER NOT NULL," /* the office's, in minutes, when booked */
    "  status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'cancelled',"
    "                                         'checked_in', 'completed', 'no_show')),"
    "  person TEXT NOT NULL," /* hex HMAC-SHA256(secret, national ID) */
    "  national_id_masked TEXT NOT NULL,"
    "  name TEXT NOT NULL,"
    "  phone TEXT NOT NULL,"
    "  email TEXT NOT NULL,"
    "  lang TEXT NOT NULL,"
    "  resident INTEGER NOT NULL,"
    "  sequence INTEGER NOT NULL DEFAULT 0,"
    "  created_at INTEGER NOT NULL," /* UTC seconds */
    "  updated_at INTEGER NOT NULL"
    ");"
    "CREATE INDEX booking_office_day ON booking (office, day, start_min);"
    "CREATE INDEX booking_person ON booking (person);"
    /* No unique index on (person, service): how many active bookings of a
     * service a person may hold is the office's configured limit, and a
     * booking whose time has passed no longer counts. The scheduler decides
     * it inside the writer's BEGIN IMMEDIATE, so no two requests race it. */
    "CREATE TABLE idempotency ("
    "  key_sha256 BLOB PRIMARY KEY," /* the client's key itself is not kept */
    "  body_sha256 BLOB NOT NULL,"
    "  http_status INTEGER NOT NULL,"
    "  response BLOB NOT NULL," /* encrypted: it holds the manage token */
    "  booking_id INTEGER REFERENCES booking (id) ON DELETE CASCADE,"
    "  created_at INTEGER NOT NULL"
    ");"
    "CREATE INDEX idempotency_created ON idempotency (created_at);",
    /* 2: the national day calendar imported from the DGPA's files. */
    "CREATE TABLE calendar_day ("
    "  day INTEGER PRIMARY KEY," /* day number of the date */
    "  year INTEGER NOT NULL,"
    "  type TEXT NOT NULL CHECK (type IN ('workday', 'restday', 'holiday', 'makeup_workday')),"
    "  name TEXT"
    ");"
    "CREATE INDEX calendar_day_year ON calendar_day (year);",
    /* 3: the outbox: messages written with the change that caused them. */
    "CREATE TABLE outbox ("
    "  id INTEGER PRIMARY KEY,"
    "  booking_id INTEGER NOT NULL REFERENCES booking (id),"
    "  kind TEXT NOT NULL CHECK (kind IN ('pending', 'confirmed', 'rescheduled', 'cancelled',"
    "                                     'closed', 'reminder')),"
    "  channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),"
    "  sequence INTEGER NOT NULL," /* the booking's when queued */
    "  status TEXT NOT NULL DEFAULT 'queued'"
    "    CHECK (status IN ('queued', 'sent', 'failed', 'dropped')),"
    "  attempts INTEGER NOT NULL DEFAULT 0,"
    "  due_at INTEGER NOT NULL," /* UTC seconds */
    "  created_at INTEGER NOT NULL,"
    "  sent_at INTEGER,"
    "  last_error TEXT"
    ");"
    "CREATE INDEX outbox_due ON outbox (status, due_at);"
    "CREATE INDEX outbox_booking ON outbox (booking_id);",
    /* 4: days an office closed while the service ran (a typhoon day). */
    "CREATE TABLE closure ("
    "  office TEXT NOT NULL,"
    "  day INTEGER NOT NULL,"
    "  reason TEXT,"
    "  created_at INTEGER NOT NULL,"
    "  PRIMARY KEY (office, day)"
    ") WITHOUT ROWID;",
    /* 5: staffing the flexible shifts: the roster of each office and month,
     * the pins and bans for re-solving, compensatory time taken, and outbox
     * messages about a staff member or an office rather than a booking.
     * SQLite cannot relax a column's NOT NULL or CHECK, so the outbox is
     * rebuilt with the same ids. */
    "CREATE TABLE roster_month ("
    "  office TEXT NOT NULL,"
    "  month INTEGER NOT NULL," /* YYYYMM */
    "  state TEXT NOT NULL CHECK (state IN ('draft', 'published')),"
    "  version INTEGER NOT NULL CHECK (version > 0),"
    "  published_at INTEGER," /* UTC seconds */
    "  PRIMARY KEY (office, month)"
    ") WITHOUT ROWID;"
    "CREATE TABLE roster_duty ("
    "  office TEXT NOT NULL,"
    "  month INTEGER NOT NULL," /* YYYYMM of day, to join roster_month */
    "  day INTEGER NOT NULL,"
    "  duty TEXT NOT NULL CHECK (duty IN ('noon', 'evening', 'saturday', 'holiday')),"
    "  staff TEXT NOT NULL,"
    "  pinned INTEGER NOT NULL DEFAULT 0,"
    "  PRIMARY KEY (office, day, duty, staff)"
    ") WITHOUT ROWID;"
    "CREATE INDEX roster_duty_month ON roster_duty (office, month);"
    "CREATE INDEX roster_duty_staff ON roster_duty (office, staff, day);"
    "CREATE TABLE roster_pin ("
    "  office TEXT NOT NULL,"
    "  month INTEGER NOT NULL,"
    "  day INTEGER NOT NULL,"
    "  duty TEXT NOT NULL CHECK (duty IN ('noon', 'evening', 'saturday', 'holiday')),"
    "  staff TEXT NOT NULL,"
    "  forbid INTEGER NOT NULL,"
    "  PRIMARY KEY (office, day, duty, staff)"
    ") WITHOUT ROWID;"
    "CREATE INDEX roster_pin_month ON roster_pin (office, month);"
    "CREATE TABLE comp_taken ("
    "  id INTEGER PRIMARY KEY,"
    "  office TEXT NOT NULL,"
    "  staff TEXT NOT NULL,"
    "  day INTEGER NOT NULL,"
    "  minutes INTEGER NOT NULL CHECK (minutes > 0),"
    "  note TEXT NOT NULL DEFAULT '',"
    "  created_at INTEGER NOT NULL"
    ");"
    "CREATE INDEX comp_taken_staff ON comp_taken (office, staff, day);"
    "CREATE TABLE outbox_new ("
    "  id INTEGER PRIMARY KEY,"
    "  booking_id INTEGER REFERENCES booking (id)," /* NULL: about staff or an office */
    "  office TEXT,"
    "  staff TEXT,"    /* the staff id a roster message goes to */
    "  month INTEGER," /* YYYYMM of a roster message */
    "  kind TEXT NOT NULL CHECK (kind IN ('pending', 'confirmed', 'rescheduled', 'cancelled',"
    "                                     'closed', 'reminder', 'roster_published',"
    "                                     'roster_changed', 'duty_needed')),"
    "  channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),"
    "  sequence INTEGER NOT NULL," /* the booking's, or the roster's version, when queued */
    "  status TEXT NOT NULL DEFAULT 'queued'"
    "    CHECK (status IN ('queued', 'sent', 'failed', 'dropped')),"
    "  attempts INTEGER NOT NULL DEFAULT 0,"
    "  due_at INTEGER NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  sent_at INTEGER,"
    "  last_error TEXT,"
    "  CHECK (booking_id IS NOT NULL OR office IS NOT NULL)"
    ");"
    "INSERT INTO outbox_new (id, booking_id, kind, channel, sequence, status, attempts, due_at,"
    "  created_at, sent_at, last_error)"
    "  SELECT id, booking_id, kind, channel, sequence, status, attempts, due_at, created_at,"
    "  sent_at, last_error FROM outbox;"
    "DROP TABLE outbox;"
    "ALTER TABLE outbox_new RENAME TO outbox;"
    "CREATE INDEX outbox_due ON outbox (status, due_at);"
    "CREATE INDEX outbox_booking ON outbox (booking_id);",
    /* 6: the partner of a couple's booking (spouses register a marriage
     * together), kept as the holder is: the keyed hash and the mask, never
     * the ID. Its index makes a person's bookings as partner as cheap to
     * find as those as holder; partial, since most bookings have none. */
    "ALTER TABLE booking ADD COLUMN partner TEXT;" /* hex HMAC-SHA256(secret, ID), or NULL */
    "ALTER TABLE booking ADD COLUMN partner_national_id_masked TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE booking ADD COLUMN partner_name TEXT NOT NULL DEFAULT '';"
    "CREATE INDEX booking_partner ON booking (partner) WHERE partner IS NOT NULL;",
    /* 7: personal data at rest. The personal fields of a booking move into
     * one sealed column, pii (store_keys.c: AES-256-GCM under a key of the
     * key file, the row's code as associated data); seal_plain_rows() fills
     * it from the plain columns, which migration_steps[] then drops, with
     * the person secret, now in the key file. erased_at marks a booking
     * whose personal data was erased (retention, or on request); the
     * partial index finds those still to erase. link_generation counts the
     * revocations of a link or feed key, by its subject. */
    "ALTER TABLE booking ADD COLUMN pii BLOB;"          /* NULL once erased */
    "ALTER TABLE booking ADD COLUMN erased_at INTEGER;" /* UTC seconds */
    "CREATE TABLE link_generation ("
    "  subject TEXT PRIMARY KEY," /* a booking code, or a feed's label */
    "  generation INTEGER NOT NULL"
    ") WITHOUT ROWID;",
    /* 8: the people who sign in to the manager pages, their sessions (the
     * cookie's SHA-256 only), failed sign-ins by the SHA-256 of the name
     * typed (for the lock-out), and the audit trail of every change made
     * by a person or a manager's token. */
    "CREATE TABLE staff_user ("
    "  id TEXT PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  role TEXT NOT NULL CHECK (role IN ('manager', 'counter')),"
    "  offices TEXT NOT NULL," /* '*' or office ids joined by ',' */
    "  password_hash TEXT NOT NULL,"
    "  disabled INTEGER NOT NULL DEFAULT 0,"
    "  created_at INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL"
    ") WITHOUT ROWID;"
    "CREATE TABLE session ("
    "  token_sha256 BLOB PRIMARY KEY CHECK (length(token_sha256) = 32),"
    "  user_id TEXT NOT NULL REFERENCES staff_user (id),"
    "  created_at INTEGER NOT NULL,"
    "  last_seen INTEGER NOT NULL"
    ") WITHOUT ROWID;"
    "CREATE INDEX session_user ON session (user_id);"
    "CREATE TABLE signin_failure ("
    "  name_sha256 BLOB NOT NULL,"
    "  at INTEGER NOT NULL"
    ");"
    "CREATE INDEX signin_failure_name ON signin_failure (name_sha256, at);"
    "CREATE TABLE audit ("
    "  id INTEGER PRIMARY KEY,"
    "  at INTEGER NOT NULL," /* UTC seconds */
    "  who TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  office TEXT NOT NULL DEFAULT '',"
    "  target TEXT NOT NULL DEFAULT '',"
    "  before TEXT," /* JSON */
    "  after TEXT"
    ");"
    "CREATE INDEX audit_at ON audit (at);",
    /* 9: the managers' figures (store_figures.c) read every booking of an
     * office in a range of days; through booking_office_day each row cost a
     * look-up in the table, in the order of days, not of rows: 0.35 s a
     * chart for a year of 100,000 bookings. This index holds every column
     * the figures read, so a chart is one pass over a range of it. */
    ("CREATE INDEX booking_figures ON booking"
     "  (office, day, status, window_name, minutes, service, created_at, utc_offset);"),
    /* 10: the staff on duty on a day the office closes are told (a
     * duty_closed e-mail naming that day). SQLite cannot widen a CHECK, so
     * the outbox is rebuilt with the same ids, as in migration 5. */
    "CREATE TABLE outbox_new ("
    "  id INTEGER PRIMARY KEY,"
    "  booking_id INTEGER REFERENCES booking (id),"
    "  office TEXT,"
    "  staff TEXT,"
    "  month INTEGER,"
    "  day INTEGER," /* the day a duty_closed message is about */
    "  kind TEXT NOT NULL CHECK (kind IN ('pending', 'confirmed', 'rescheduled', 'cancelled',"
    "                                     'closed', 'reminder', 'roster_published',"
    "                                     'roster_changed', 'duty_needed', 'duty_closed')),"
    "  channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),"
    "  sequence INTEGER NOT NULL,"
    "  status TEXT NOT NULL DEFAULT 'queued'"
    "    CHECK (status IN ('queued', 'sent', 'failed', 'dropped')),"
    "  attempts INTEGER NOT NULL DEFAULT 0,"
    "  due_at INTEGER NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  sent_at INTEGER,"
    "  last_error TEXT,"
    "  CHECK (booking_id IS NOT NULL OR office IS NOT NULL)"
    ");"
    "INSERT INTO outbox_new (id, booking_id, office, staff, month, kind, channel, sequence,"
    "  status, attempts, due_at, created_at, sent_at, last_error)"
    "  SELECT id, booking_id, office, staff, month, kind, channel, sequence, status, attempts,"
    "  due_at, created_at, sent_at, last_error FROM outbox;"
    "DROP TABLE outbox;"
    "ALTER TABLE outbox_new RENAME TO outbox;"
    "CREATE INDEX outbox_due ON outbox (status, due_at);"
    "CREATE INDEX outbox_booking ON outbox (booking_id);",
    /* 11: the counter's day. How a booking was taken (a citizen's own on the
     * web, or by staff from a phone call, a fax or at the counter), and the
     * lapsed status (confirmed, nobody checked it in in time): the status
     * CHECK is widened by widen_status_check() below. The partial index
     * finds the confirmed bookings the lapse pass looks at, and the pending
     * ones a manager confirms. */
    "ALTER TABLE booking ADD COLUMN channel TEXT NOT NULL DEFAULT 'web'"
    "  CHECK (channel IN ('web', 'phone', 'fax', 'counter'));"
    "CREATE INDEX booking_waiting ON booking (office, status, start_min)"
    "  WHERE status IN ('confirmed', 'pending');",
    /* 12: the figures count bookings by channel (migration 11) too: the
     * covering index gains the column, so a chart stays one pass over it. */
    ("DROP INDEX booking_figures;"
     "CREATE INDEX booking_figures ON booking"
     "  (office, day, status, window_name, minutes, service, created_at, utc_offset, channel);"),
    /* 13: webhooks. A booking event is told to each endpoint of its office
     * through the outbox (kind and channel 'webhook'), with the event, the
     * endpoint's URL (its secret stays in the configuration) and the body
     * written by the change's transaction: a resend after a crash sends the
     * same bytes under the same id. The outbox is rebuilt with the same
     * ids, as in migration 10, since SQLite cannot widen a CHECK. */
    "CREATE TABLE outbox_new ("
    "  id INTEGER PRIMARY KEY,"
    "  booking_id INTEGER REFERENCES booking (id),"
    "  office TEXT,"
    "  staff TEXT,"
    "  month INTEGER,"
    "  day INTEGER,"
    "  kind TEXT NOT NULL CHECK (kind IN ('pending', 'confirmed', 'rescheduled', 'cancelled',"
    "                                     'closed', 'reminder', 'roster_published',"
    "                                     'roster_changed', 'duty_needed', 'duty_closed',"
    "                                     'webhook')),"
    "  channel TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'webhook')),"
    "  sequence INTEGER NOT NULL,"
    "  status TEXT NOT NULL DEFAULT 'queued'"
    "    CHECK (status IN ('queued', 'sent', 'failed', 'dropped')),"
    "  attempts INTEGER NOT NULL DEFAULT 0,"
    "  due_at INTEGER NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  sent_at INTEGER,"
    "  last_error TEXT,"
    "  event TEXT CHECK (event IN ('booking.created', 'booking.moved', 'booking.cancelled',"
    "                              'booking.checked_in', 'booking.lapsed', 'booking.no_show')),"
    "  endpoint TEXT,"
    "  payload TEXT,"
    "  CHECK (booking_id IS NOT NULL OR office IS NOT NULL),"
    "  CHECK ((channel = 'webhook') = (kind = 'webhook')),"
    "  CHECK (channel <> 'webhook' OR (event IS NOT NULL AND endpoint IS NOT NULL"
    "                                  AND payload IS NOT NULL))"
    ");"
    "INSERT INTO outbox_new (id, booking_id, office, staff, month, day, kind, channel, sequence,"
    "  status, attempts, due_at, created_at, sent_at, last_error)"
    "  SELECT id, booking_id, office, staff, month, day, kind, channel, sequence, status,"
    "  attempts, due_at, created_at, sent_at, last_error FROM outbox;"
    "DROP TABLE outbox;"
    "ALTER TABLE outbox_new RENAME TO outbox;"
    "CREATE INDEX outbox_due ON outbox (status, due_at);"
    "CREATE INDEX outbox_booking ON outbox (booking_id);",
    /* 14: occupancy kept, not recounted. A slot listing and every admission
     * read every active booking of their days, so their cost grew with the
     * bookings ahead (45 times slower for a month with 40,000 of them).
     * booking_taken keeps the places active bookings take, one row per
     * office, day, start, length and service: what the scheduler counts
     * (the service, because the roster's demand needs the services booked
     * where, for the skills of the staff on duty). Triggers on booking keep
     * it in the transaction of whatever changes a booking (a create, a
     * move, a cancel, a closure, a lapse, a no-show, an erasure, a new
     * calendar, or a path not written yet), so it cannot drift from the
     * rows; a row that reaches 0 places is deleted, so the table holds
     * only what is taken. `flexhours check` recounts it. The counts are
     * built once here from the bookings. */
    "CREATE TABLE booking_taken ("
    "  office TEXT NOT NULL,"
    "  day INTEGER NOT NULL,"       /* office-local day number of start_min */
    "  start_min INTEGER NOT NULL," /* office-local minutes since 1970 */
    "  minutes INTEGER NOT NULL,"
    "  service TEXT NOT NULL,"
    "  places INTEGER NOT NULL CHECK (places > 0)," /* active bookings of this key */
    "  PRIMARY KEY (office, day, start_min, minutes, service)"
    ") WITHOUT ROWID;"
    "INSERT INTO booking_taken (office, day, start_min, minutes, service, places)"
    "  SELECT office, day, start_min, minutes, service, count(*) FROM booking"
    "  WHERE status IN " ACTIVE_STATUSES " GROUP BY office, day, start_min, minutes, service;"
    "CREATE TRIGGER booking_taken_insert AFTER INSERT ON booking"
    "  WHEN " IS_ACTIVE " BEGIN " TAKE_PLACE " END;"
    "CREATE TRIGGER booking_taken_delete AFTER DELETE ON booking"
    "  WHEN " WAS_ACTIVE " BEGIN " RELEASE_PLACE " END;"
    /* An update releases the old key when the booking was active and no
     * longer is, or moved; it takes the new key when the booking is active
     * and was not, or moved. A change that leaves an active booking where it
     * was (confirmed to checked in) fires neither. */
    "CREATE TRIGGER booking_taken_release AFTER UPDATE OF " KEY_COLUMNS " ON booking"
    "  WHEN " WAS_ACTIVE " AND (NOT " IS_ACTIVE " OR " KEY_MOVED ")"
    "  BEGIN " RELEASE_PLACE " END;"
    "CREATE TRIGGER booking_taken_take AFTER UPDATE OF " KEY_COLUMNS " ON booking"
    "  WHEN " IS_ACTIVE " AND (NOT " WAS_ACTIVE " OR " KEY_MOVED ")"
    "  BEGIN " TAKE_PLACE " END;"
    /* Erasing a booking's personal data empties its idempotency answer,
     * found by booking id: without an index every erasure (the retention
     * pass makes thousands) read the whole table. test_store_plans.c holds
     * every statement to an index. */
    "CREATE INDEX idempotency_booking ON idempotency (booking_id);",
    /* 15: no-shows. A manager lifts a person's suspension at an office: the
     * misses before the lift no longer count (the scheduler decides, from
     * the misses and the lifts). lifted_min is office-local, as the
     * bookings' start_min it is compared with; the audit trail says who
     * and why too. A person's lifts are read at every admission, by the
     * person's key. The outbox takes the no-show warning (widened in C,
     * see widen_outbox_kinds()). */
    "CREATE TABLE suspension_lift ("
    "  id INTEGER PRIMARY KEY,"
    "  office TEXT NOT NULL,"
    "  person TEXT NOT NULL,"        /* the person key, as booking.person */
    "  lifted_min INTEGER NOT NULL," /* office-local minutes since 1970 */
    "  lifted_at INTEGER NOT NULL,"  /* UTC seconds */
    "  by_whom TEXT NOT NULL,"
    "  reason TEXT"
    ");"
    "CREATE INDEX suspension_lift_person ON suspension_lift (person, office);",
    /* 16: the waitlist. A person waits for a full slot (start_min) or any
     * slot of a full day (start_min NULL) of a service; their contact is
     * sealed as a booking's (pii, under "waitlist:CODE"), their ID kept as
     * person keys only. A place freed is offered to the first waiting whom
     * the rules admit: the offer holds it, and a held offer takes its place
     * in booking_taken by triggers like the booking's, so that listings and
     * admission see it taken and it is never given twice; accepting
     * releases the hold and books the place in one transaction. The
     * outbox takes the offer's message (kind 'waitlist_offer', widened in
     * C: see widen_outbox_offer()), to the office's person with the
     * offer's id as its sequence, as a roster message has the roster's
     * version: no column added, so no copy of every message. */
    "CREATE TABLE waitlist ("
    "  id INTEGER PRIMARY KEY,"
    "  code TEXT NOT NULL UNIQUE,"
    "  token_sha256 BLOB NOT NULL CHECK (length(token_sha256) = 32),"
    "  office TEXT NOT NULL,"
    "  service TEXT NOT NULL,"
    "  day INTEGER NOT NULL,"
    "  start_min INTEGER," /* NULL: any slot of the day */
    "  person TEXT NOT NULL,"
    "  partner TEXT,"
    "  pii BLOB," /* NULL once over: nothing kept of a person no longer waiting */
    "  lang TEXT NOT NULL,"
    "  status TEXT NOT NULL CHECK (status IN ('waiting', 'offered', 'booked', 'left',"
    "                                         'declined', 'expired', 'over')),"
    "  booking_id INTEGER REFERENCES booking (id),"
    "  created_at INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL"
    ");"
    "CREATE INDEX waitlist_queue ON waitlist (office, day, id);"
    "CREATE INDEX waitlist_person ON waitlist (person);"
    "CREATE TABLE waitlist_offer ("
    "  id INTEGER PRIMARY KEY,"
    "  entry_id INTEGER NOT NULL REFERENCES waitlist (id),"
    "  code TEXT NOT NULL UNIQUE,"
    "  token_sha256 BLOB NOT NULL UNIQUE CHECK (length(token_sha256) = 32),"
    "  office TEXT NOT NULL,"
    "  service TEXT NOT NULL,"
    "  window_name TEXT NOT NULL,"
    "  day INTEGER NOT NULL,"
    "  start_min INTEGER NOT NULL,"
    "  end_min INTEGER NOT NULL,"
    "  minutes INTEGER NOT NULL,"
    "  status TEXT NOT NULL CHECK (status IN ('held', 'accepted', 'declined', 'expired',"
    "                                         'withdrawn')),"
    "  expires_at INTEGER NOT NULL," /* UTC seconds */
    "  created_at INTEGER NOT NULL,"
    "  ended_at INTEGER,"
    "  booking_id INTEGER REFERENCES booking (id)"
    ");"
    "CREATE INDEX waitlist_offer_entry ON waitlist_offer (entry_id);"
    "CREATE INDEX waitlist_offer_held ON waitlist_offer (office, expires_at)"
    "  WHERE status = 'held';"
    "CREATE TRIGGER waitlist_offer_take AFTER INSERT ON waitlist_offer"
    "  WHEN new.status = 'held' BEGIN " TAKE_PLACE " END;"
    "CREATE TRIGGER waitlist_offer_release AFTER UPDATE OF status ON waitlist_offer"
    "  WHEN old.status = 'held' AND new.status <> 'held' BEGIN " RELEASE_PLACE " END;"
    "CREATE TRIGGER waitlist_offer_delete AFTER DELETE ON waitlist_offer"
    "  WHEN old.status = 'held' BEGIN " RELEASE_PLACE " END;",
    /* 17: after the visit. A completed booking's holder answers a short
     * survey once: booking_id (UNIQUE) says it was answered; an erasure of
     * the booking's personal data sets it NULL, so that the comment no
     * longer leads to a person (the scores and the comment stay for the
     * figures, by office, window and day). The outbox takes the survey
     * message (widened in C, see widen_outbox_survey()). A booking's needs
     * are sealed with its personal fields (store_keys.c), not here. */
    "CREATE TABLE survey ("
    "  id INTEGER PRIMARY KEY,"
    "  booking_id INTEGER UNIQUE REFERENCES booking (id) ON DELETE SET NULL,"
    "  office TEXT NOT NULL,"
    "  service TEXT NOT NULL,"
    "  window_name TEXT NOT NULL,"
    "  day INTEGER NOT NULL," /* the visit's office-local day */
    "  waiting INTEGER NOT NULL CHECK (waiting BETWEEN 1 AND 5),"
    "  courtesy INTEGER NOT NULL CHECK (courtesy BETWEEN 1 AND 5),"
    "  overall INTEGER NOT NULL CHECK (overall BETWEEN 1 AND 5),"
    "  comment TEXT NOT NULL DEFAULT '',"
    "  answered_at INTEGER NOT NULL" /* UTC seconds */
    ");"
    "CREATE INDEX survey_office_day ON survey (office, day);",
    /* 18: a marriage filed ahead of the date it takes effect (a holiday,
     * without holiday staff) names that date: office-local day number, NULL
     * for every other booking. The figures count marriages by the day they
     * take effect: the covering index gains the column, as in migration 12. */
    ("ALTER TABLE booking ADD COLUMN effective_day INTEGER;"
     "DROP INDEX booking_figures;"
     "CREATE INDEX booking_figures ON booking"
     "  (office, day, status, window_name, minutes, service, created_at, utc_offset, channel,"
     "   effective_day);"),
    /* 19: lucky-date draws. A draw is committed (its seed's SHA-256 kept
     * and shown) before its requests open; its seed is sealed like a
     * booking's personal fields (under the draw's code), and kept in the
     * clear (seed_hex) once drawn, when it is published. A request holds
     * the couple's contact sealed and their person keys; draw_person keeps
     * each person once a draw, so that a couple requests once, whichever
     * of the two asks. Its outcome names the booking made or the waitlist
     * entry; the outbox takes the outcome's message (kind 'draw_result',
     * widened in C) with the request's id as its sequence. */
    "CREATE TABLE draw ("
    "  id INTEGER PRIMARY KEY,"
    "  code TEXT NOT NULL UNIQUE,"
    "  office TEXT NOT NULL,"
    "  day INTEGER NOT NULL,"
    "  seed BLOB NOT NULL,"
    "  commitment TEXT NOT NULL,"
    "  seed_hex TEXT,"
    "  committed_at INTEGER NOT NULL,"
    "  drawn_at INTEGER,"
    "  done_at INTEGER,"
    "  UNIQUE (office, day)"
    ");"
    "CREATE TABLE draw_request ("
    "  id INTEGER PRIMARY KEY,"
    "  draw_id INTEGER NOT NULL REFERENCES draw (id),"
    "  number TEXT NOT NULL UNIQUE,"
    "  token_sha256 BLOB NOT NULL CHECK (length(token_sha256) = 32),"
    "  service TEXT NOT NULL,"
    "  start_min INTEGER NOT NULL,"
    "  person TEXT NOT NULL,"
    "  partner TEXT,"
    "  resident INTEGER NOT NULL DEFAULT 0,"
    "  pii BLOB,"
    "  lang TEXT NOT NULL,"
    "  rank INTEGER,"
    "  outcome TEXT NOT NULL DEFAULT 'pending'"
    "    CHECK (outcome IN ('pending', 'booked', 'waiting', 'refused')),"
    "  refusal TEXT,"
    "  booking_id INTEGER REFERENCES booking (id),"
    "  wait_id INTEGER REFERENCES waitlist (id),"
    "  created_at INTEGER NOT NULL"
    ");"
    "CREATE INDEX draw_request_rank ON draw_request (draw_id, rank);"
    "CREATE INDEX draw_request_person ON draw_request (person);"
    "CREATE INDEX draw_request_partner ON draw_request (partner) WHERE partner IS NOT NULL;"
    "CREATE TABLE draw_person ("
    "  draw_id INTEGER NOT NULL,"
    "  person TEXT NOT NULL,"
    "  request_id INTEGER NOT NULL,"
    "  PRIMARY KEY (draw_id, person)"
    ") WITHOUT ROWID;",
};

#define MIGRATION_COUNT ((int)(sizeof migrations / sizeof migrations[0]))

static fh_result seal_plain_rows(struct store *st, char *err, size_t errlen);
static fh_result widen_status_check(struct store *st, char *err, size_t errlen);
static fh_result widen_outbox_kinds(struct store *st, char *err, size_t errlen);
static fh_result widen_outbox_offer(struct store *st, char *err, size_t errlen);
static fh_result widen_outbox_survey(struct store *st, char *err, size_t errlen);
static fh_result widen_outbox_draw(struct store *st, char *err, size_t errlen);

/* Work a migration needs done in C after its SQL, and SQL to run after
 * that, in the same transaction. */
static const struct migration_step {
    int version;
    fh_result (*run)(struct store *st, char *err, size_t errlen);
    const char *then;
} migration_steps[] = {
    {7, seal_plain_rows,
     "ALTER TABLE booking DROP COLUMN name;"
     "ALTER TABLE booking DROP COLUMN national_id_masked;"
     "ALTER TABLE booking DROP COLUMN phone;"
     "ALTER TABLE booking DROP COLUMN email;"
     "ALTER TABLE booking DROP COLUMN partner_name;"
     "ALTER TABLE booking DROP COLUMN partner_national_id_masked;"
     "DELETE FROM meta WHERE name = 'person_secret';"
     "CREATE INDEX booking_unerased ON booking (end_min) WHERE erased_at IS NULL;"},
    {11, widen_status_check, ""},
    {15, widen_outbox_kinds, ""},
    {16, widen_outbox_offer, ""},
    {17, widen_outbox_survey, ""},
    {19, widen_outbox_draw, ""},
};

static const char *const statements[STORE_ST_COUNT] = {
    [STORE_ST_BEGIN] = "BEGIN IMMEDIATE",
    [STORE_ST_COMMIT] = "COMMIT",
    [STORE_ST_ROLLBACK] = "ROLLBACK",
    [STORE_ST_BOOKING_BY_CODE] = "SELECT " STORE_BOOKING_COLUMNS " FROM booking WHERE code = ?1",
    [STORE_ST_BOOKING_BY_ID] = "SELECT " STORE_BOOKING_COLUMNS " FROM booking WHERE id = ?1",
    [STORE_ST_CODE_EXISTS] = "SELECT 1 FROM booking WHERE code = ?1",
    /* The kept counts (migration 14), by start: day orders them as
     * start_min does, and lets the primary key give the order. */
    [STORE_ST_OCCUPANCY] = "SELECT start_min, minutes, service, places FROM booking_taken"
                           " WHERE office = ?1 AND day BETWEEN ?2 AND ?3"
                           " ORDER BY day, start_min, minutes, service",
    /* The kept counts beside a recount of the bookings, in one statement so
     * that both come from one snapshot, with a server writing beside. */
    [STORE_ST_OCCUPANCY_RECOUNT] =
        "SELECT office, day, start_min, minutes, service, sum(kept), sum(counted) FROM ("
        " SELECT office, day, start_min, minutes, service, places AS kept, 0 AS counted"
        "  FROM booking_taken"
        " UNION ALL"
        " SELECT office, day, start_min, minutes, service, 0, 1 FROM booking"
        "  WHERE status IN " ACTIVE_STATUSES " UNION ALL"
        " SELECT office, day, start_min, minutes, service, 0, 1 FROM waitlist_offer"
        "  WHERE status = 'held')"
        " GROUP BY office, day, start_min, minutes, service"
        " ORDER BY office, day, start_min, minutes, service",
    /* Either person as holder or as partner: SQLite answers the OR with
     * both indexes (booking_person, booking_partner). */
    [STORE_ST_PERSON_BOOKINGS] = "SELECT start_min, minutes, person, service, partner FROM booking"
                                 " WHERE (person IN (?1, ?2) OR partner IN (?1, ?2)) AND id <> ?3"
                                 " AND status IN " ACTIVE_STATUSES " ORDER BY start_min, id",
    /* A person's misses at an office, every one (a suspension spends the
     * misses that caused it, so older ones still shape what counts now):
     * a handful per person, found by the person indexes (the unary +
     * keeps SQLite from reading the whole office by booking_office_day
     * instead). */
    [STORE_ST_PERSON_MISSES] =
        "SELECT start_min, person, coalesce(partner, ''), status FROM booking"
        " WHERE (person IN (?1, ?2) OR partner IN (?1, ?2)) AND +office = ?3"
        " AND +status IN ('no_show', 'lapsed')",
    [STORE_ST_PERSON_LIFTS] = "SELECT person, lifted_min FROM suspension_lift"
                              " WHERE person IN (?1, ?2) AND office = ?3",
    [STORE_ST_LIFT_INSERT] = "INSERT INTO suspension_lift (office, person, lifted_min, lifted_at,"
                             " by_whom, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    /* Who missed a booking at the office since day ?2, the latest first:
     * whoever may be suspended now (each person's standing is then read
     * from all their misses). */
    [STORE_ST_OFFICE_MISSED_PEOPLE] = "SELECT code, person, coalesce(partner, '') FROM booking"
                                      " WHERE office = ?1 AND day >= ?2"
                                      " AND status IN ('no_show', 'lapsed')"
                                      " ORDER BY day DESC, start_min DESC",
    /* The waitlist (migration 16): its entries by code, by person, and in
     * the order they joined per office and day; its offers by token. */
    [STORE_ST_WAIT_CODE_EXISTS] = "SELECT 1 FROM waitlist WHERE code = ?1",
    [STORE_ST_OFFER_CODE_EXISTS] = "SELECT 1 FROM waitlist_offer WHERE code = ?1",
    [STORE_ST_WAIT_INSERT] =
        "INSERT INTO waitlist (code, token_sha256, office, service, day, start_min, person,"
        " partner, pii, lang, status, created_at, updated_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'waiting', ?11, ?11)",
    [STORE_ST_WAIT_SAME] = "SELECT code FROM waitlist WHERE person = ?1 AND office = ?2"
                           " AND service = ?3 AND day = ?4 AND start_min IS ?5"
                           " AND status IN ('waiting', 'offered')",
    [STORE_ST_WAIT_BY_CODE] = "SELECT " WAIT_COLUMNS " FROM waitlist WHERE code = ?1",
    [STORE_ST_WAIT_BY_ID] = "SELECT " WAIT_COLUMNS " FROM waitlist WHERE id = ?1",
    [STORE_ST_WAIT_POSITION] = "SELECT count(*) FROM waitlist WHERE office = ?1 AND day = ?2"
                               " AND id <= ?3 AND service = ?4 AND status = 'waiting'",
    [STORE_ST_WAIT_QUEUE] = "SELECT " WAIT_COLUMNS " FROM waitlist WHERE office = ?1"
                            " AND day >= ?2 AND status = 'waiting' ORDER BY id",
    /* Nothing of a person is kept once they no longer wait: the sealed
     * contact goes with the status. */
    [STORE_ST_WAIT_SET_STATUS] =
        "UPDATE waitlist SET status = ?2, booking_id = coalesce(?3, booking_id), updated_at = ?4,"
        " pii = CASE WHEN ?2 IN ('waiting', 'offered') THEN pii END WHERE id = ?1",
    [STORE_ST_WAIT_OF_DAY] = "SELECT " WAIT_COLUMNS " FROM waitlist WHERE office = ?1"
                             " AND day = ?2 ORDER BY id",
    [STORE_ST_WAIT_END_PAST] = "UPDATE waitlist SET status = 'over', pii = NULL, updated_at = ?3"
                               " WHERE office = ?1 AND day < ?2 AND status = 'waiting'",
    /* The places held for a person count among their bookings (the
     * limits), as the scheduler reads them. */
    [STORE_ST_PERSON_HOLDS] =
        "SELECT o.start_min, o.minutes, w.person, o.service, w.partner FROM waitlist w"
        " JOIN waitlist_offer o ON o.entry_id = w.id"
        " WHERE w.person IN (?1, ?2) AND w.status = 'offered' AND o.status = 'held'",
    [STORE_ST_OFFER_INSERT] =
        "INSERT INTO waitlist_offer (entry_id, code, token_sha256, office, service, window_name,"
        " day, start_min, end_min, minutes, status, expires_at, created_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'held', ?11, ?12)",
    [STORE_ST_OFFER_BY_TOKEN] = "SELECT " OFFER_COLUMNS " FROM waitlist_offer"
                                " WHERE token_sha256 = ?1",
    [STORE_ST_OFFER_BY_ID] = "SELECT " OFFER_COLUMNS " FROM waitlist_offer WHERE id = ?1",
    [STORE_ST_OFFER_OF_ENTRY] = "SELECT " OFFER_COLUMNS " FROM waitlist_offer"
                                " WHERE entry_id = ?1 ORDER BY id DESC LIMIT 1",
    /* The caller reads the status first, in the same transaction. */
    [STORE_ST_OFFER_END] = "UPDATE waitlist_offer SET status = ?2,"
                           " ended_at = coalesce(ended_at, ?3), booking_id = ?4 WHERE id = ?1",
    [STORE_ST_OFFERS_EXPIRED] = "SELECT id, entry_id FROM waitlist_offer WHERE office = ?1"
                                " AND status = 'held' AND expires_at <= ?2",
    [STORE_ST_OUTBOX_INSERT_OFFER] =
        "INSERT INTO outbox (office, kind, channel, sequence, due_at, created_at)"
        " VALUES (?1, 'waitlist_offer', ?3, ?2, ?4, ?4)",
    [STORE_ST_BOOKING_INSERT] =
        "INSERT INTO booking (code, token_sha256, office, service, window_name, day, start_min,"
        " end_min, minutes, utc_offset, status, person, pii, lang, resident, sequence, created_at,"
        " updated_at, partner, channel, effective_day)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, 0, ?16, ?16,"
        " ?17, ?18, ?19)",
    [STORE_ST_BOOKING_MOVE] = "UPDATE booking SET day = ?2, start_min = ?3, end_min = ?4,"
                              " minutes = ?5, window_name = ?6, status = ?7,"
                              " sequence = sequence + 1, updated_at = ?8 WHERE id = ?1",
    [STORE_ST_BOOKING_CANCEL] = "UPDATE booking SET status = 'cancelled',"
                                " sequence = sequence + 1, updated_at = ?2 WHERE id = ?1",
    [STORE_ST_BOOKING_SET_STATUS] = "UPDATE booking SET status = ?2, updated_at = ?3 WHERE id = ?1",
    [STORE_ST_BOOKINGS_OF_DAY] = "SELECT " STORE_BOOKING_COLUMNS " FROM booking"
                                 " WHERE office = ?1 AND day = ?2 ORDER BY start_min, id",
    /* Both through the partial index booking_waiting (migration 11): SQLite
     * takes a partial index only for a query that repeats its WHERE term
     * (status = 'confirmed' alone does not imply the IN to it), and without
     * it searched every booking the office ever had, under the write lock,
     * on every lapse pass. The pending ones are bounded by their start
     * (a day's first minute) for the same index: day is start_min's day. */
    [STORE_ST_BOOKINGS_LAPSE_DUE] = "SELECT code FROM booking WHERE office = ?1"
                                    " AND status = 'confirmed' AND status IN " WAITING_STATUSES
                                    " AND start_min <= ?2 ORDER BY start_min, id",
    [STORE_ST_BOOKINGS_PENDING] =
        "SELECT " STORE_BOOKING_COLUMNS " FROM booking"
        " WHERE office = ?1 AND status = 'pending'"
        " AND status IN " WAITING_STATUSES " AND start_min >= ?2 * 1440 ORDER BY start_min, id",
    [STORE_ST_IDEM_PURGE] = "DELETE FROM idempotency WHERE created_at < ?1",
    [STORE_ST_IDEM_GET] = "SELECT body_sha256, http_status, response, booking_id"
                          " FROM idempotency WHERE key_sha256 = ?1",
    [STORE_ST_IDEM_PUT] = "INSERT INTO idempotency (key_sha256, body_sha256, http_status,"
                          " response, booking_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [STORE_ST_CAL_YEARS] = "SELECT day, type, name FROM calendar_day WHERE year BETWEEN ?1 AND ?2"
                           " ORDER BY day",
    [STORE_ST_CAL_DELETE_YEARS] = "DELETE FROM calendar_day WHERE year BETWEEN ?1 AND ?2",
    [STORE_ST_CAL_INSERT] =
        "INSERT INTO calendar_day (day, year, type, name) VALUES (?1, ?2, ?3, ?4)",
    [STORE_ST_CAL_ALL] = "SELECT day, type, name FROM calendar_day ORDER BY day",
    [STORE_ST_CLOSURE_ALL] = "SELECT office, day, reason FROM closure ORDER BY office, day",
    [STORE_ST_CLOSURE_INSERT] = "INSERT OR IGNORE INTO closure (office, day, reason, created_at)"
                                " VALUES (?1, ?2, ?3, ?4)",
    [STORE_ST_CLOSURE_DELETE] = "DELETE FROM closure WHERE office = ?1 AND day = ?2",
    [STORE_ST_CLOSURE_LIST] = "SELECT day, coalesce(reason, ''), created_at FROM closure"
                              " WHERE office = ?1 AND day >= ?2 ORDER BY day",
    [STORE_ST_CLOSURE_GET] = "SELECT coalesce(reason, '') FROM closure WHERE office = ?1"
                             " AND day = ?2",
    [STORE_ST_OUTBOX_INSERT_DAY] = "INSERT INTO outbox (office, staff, month, day, kind, channel,"
                                   " sequence, due_at, created_at)"
                                   " VALUES (?1, ?2, ?3, ?4, ?5, 'email', 0, ?6, ?6)",
    [STORE_ST_ROSTER_DAY_PUBLISHED] =
        "SELECT DISTINCT d.staff FROM roster_duty d JOIN roster_month m"
        " ON m.office = d.office AND m.month = d.month"
        " WHERE d.office = ?1 AND d.day = ?2 AND m.state = 'published' ORDER BY d.staff",
    [STORE_ST_OUTBOX_INSERT_HOOK] =
        "INSERT INTO outbox (booking_id, office, kind, channel, sequence,"
        " due_at, created_at, event, endpoint, payload)"
        " VALUES (?1, ?2, 'webhook', 'webhook', ?3, ?4, ?4, ?5, ?6, ?7)",
    [STORE_ST_OUTBOX_INSERT] = "INSERT INTO outbox (booking_id, kind, channel, sequence, due_at,"
                               " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [STORE_ST_OUTBOX_DROP_REMINDERS] = "UPDATE outbox SET status = 'dropped' WHERE booking_id = ?1"
                                       " AND kind = 'reminder' AND status = 'queued'",
    [STORE_ST_OUTBOX_DUE] = "SELECT " STORE_OUTBOX_COLUMNS " FROM outbox o LEFT JOIN booking b"
                            " ON b.id = o.booking_id WHERE o.status = 'queued' AND o.due_at <= ?1"
                            " ORDER BY o.due_at, o.id LIMIT ?2",
    [STORE_ST_OUTBOX_FINISH] = "UPDATE outbox SET status = ?2, last_error = ?3,"
                               " sent_at = CASE WHEN ?2 = 'sent' THEN ?4 END,"
                               " attempts = attempts + (?2 <> 'dropped')"
                               " WHERE id = ?1 AND status = 'queued'",
    [STORE_ST_OUTBOX_RETRY] = "UPDATE outbox SET attempts = attempts + 1, due_at = ?2,"
                              " last_error = ?3 WHERE id = ?1 AND status = 'queued'",
    [STORE_ST_OUTBOX_LIST] = "SELECT " STORE_OUTBOX_COLUMNS " FROM outbox o LEFT JOIN booking b"
                             " ON b.id = o.booking_id WHERE ?1 IS NULL OR o.status = ?1"
                             " ORDER BY o.id DESC LIMIT ?2",
    /* Through the outbox_due index: the sent rows, which pile up, are not
     * visited. */
    [STORE_ST_OUTBOX_DEPTH] = "SELECT status, channel, COUNT(*) FROM outbox"
                              " WHERE status IN ('queued', 'failed') GROUP BY status, channel",
    [STORE_ST_OUTBOX_GET] = "SELECT " STORE_OUTBOX_COLUMNS " FROM outbox o LEFT JOIN booking b"
                            " ON b.id = o.booking_id WHERE o.id = ?1",
    [STORE_ST_OUTBOX_REQUEUE] = "UPDATE outbox SET status = 'queued', attempts = 0, due_at = ?2"
                                " WHERE id = ?1 AND status = 'failed'",
    [STORE_ST_OUTBOX_INSERT_ABOUT] = "INSERT INTO outbox (booking_id, office, staff, month, kind,"
                                     " channel, sequence, due_at, created_at)"
                                     " VALUES (?1, ?2, ?3, ?4, ?5, 'email', ?6, ?7, ?7)",
    [STORE_ST_ROSTER_MONTH_GET] = "SELECT state, version, coalesce(published_at, 0)"
                                  " FROM roster_month WHERE office = ?1 AND month = ?2",
    [STORE_ST_ROSTER_MONTH_PUT] =
        "INSERT INTO roster_month (office, month, state, version, published_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (office, month) DO UPDATE SET"
        " state = excluded.state, version = excluded.version, published_at = excluded.published_at",
    [STORE_ST_ROSTER_MONTHS_PUBLISHED] = "SELECT office, month FROM roster_month"
                                         " WHERE state = 'published' ORDER BY office, month",
    [STORE_ST_ROSTER_DUTIES_OF_MONTH] = "SELECT day, duty, staff, pinned FROM roster_duty"
                                        " WHERE office = ?1 AND month = ?2"
                                        " ORDER BY day, " DUTY_ORDER ", staff",
    [STORE_ST_ROSTER_DUTIES_CLEAR] = "DELETE FROM roster_duty WHERE office = ?1 AND month = ?2",
    [STORE_ST_ROSTER_DUTY_INSERT] =
        "INSERT INTO roster_duty (office, month, day, duty, staff, pinned)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (office, day, duty, staff) DO UPDATE SET"
        " pinned = max(pinned, excluded.pinned)",
    [STORE_ST_ROSTER_INSTANCE_CLEAR] =
        "DELETE FROM roster_duty WHERE office = ?1 AND day = ?2 AND duty = ?3",
    [STORE_ST_ROSTER_INSTANCE_BOOKINGS] =
        "SELECT " STORE_BOOKING_COLUMNS " FROM booking"
        " WHERE office = ?1 AND day = ?2 AND window_name = ?3"
        " AND status IN " ACTIVE_STATUSES " ORDER BY created_at, id",
    [STORE_ST_ROSTER_BOOKED_INSTANCES] =
        "SELECT DISTINCT day, window_name FROM booking"
        " WHERE office = ?1 AND day BETWEEN ?2 AND ?3"
        " AND window_name IN ('noon', 'evening', 'saturday', 'holiday')"
        " AND status IN " ACTIVE_STATUSES " ORDER BY day, window_name",
    [STORE_ST_ROSTER_INSTANCE_STAFF] =
        "SELECT count(*) FROM roster_duty WHERE office = ?1 AND day = ?2 AND duty = ?3",
    [STORE_ST_ROSTER_STAFFING] = "SELECT d.office, d.day, d.duty, count(*) FROM roster_duty d"
                                 " JOIN roster_month m ON m.office = d.office"
                                 " AND m.month = d.month WHERE m.state = 'published'"
                                 " GROUP BY d.office, d.day, d.duty ORDER BY d.office, d.day",
    [STORE_ST_DUTIES_OF_STAFF] = "SELECT d.day, d.duty, d.staff, d.pinned FROM roster_duty d"
                                 " JOIN roster_month m ON m.office = d.office"
                                 " AND m.month = d.month WHERE m.state = 'published'"
                                 " AND d.office = ?1 AND d.staff = ?2 AND d.day BETWEEN ?3 AND ?4"
                                 " ORDER BY d.day, " DUTY_ORDER_D,
    [STORE_ST_PIN_LIST] = "SELECT day, duty, staff, forbid FROM roster_pin"
                          " WHERE office = ?1 AND month = ?2 ORDER BY day, " DUTY_ORDER ", staff",
    [STORE_ST_PIN_SET] = "INSERT OR REPLACE INTO roster_pin (office, month, day, duty, staff,"
                         " forbid) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [STORE_ST_PIN_CLEAR] = "DELETE FROM roster_pin"
                           " WHERE office = ?1 AND day = ?2 AND duty = ?3 AND staff = ?4",
    [STORE_ST_COMP_INSERT] = "INSERT INTO comp_taken (office, staff, day, minutes, note,"
                             " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [STORE_ST_COMP_LIST] = "SELECT id, staff, day, minutes, note, created_at FROM comp_taken"
                           " WHERE office = ?1 AND (?2 IS NULL OR staff = ?2) ORDER BY day, id",
    [STORE_ST_LINK_GENERATION] = "SELECT generation FROM link_generation WHERE subject = ?1",
    [STORE_ST_LINK_REVOKE] = "INSERT INTO link_generation (subject, generation) VALUES (?1, 1)"
                             " ON CONFLICT (subject) DO UPDATE SET generation = generation + 1"
                             " RETURNING generation",
    /* ?1: the UTC minute before which a booking must have ended; end_min is
     * office-local, and no offset exceeds 14 hours, so the index on end_min
     * bounds the scan. */
    [STORE_ST_ERASE_EXPIRED] = "SELECT id, code FROM booking WHERE erased_at IS NULL"
                               " AND end_min <= ?1 + 840 AND end_min - utc_offset <= ?1"
                               " ORDER BY end_min, id LIMIT ?2",
    [STORE_ST_ERASE_BOOKING] = "UPDATE booking SET pii = NULL, person = '', partner = NULL,"
                               " erased_at = ?2 WHERE id = ?1",
    [STORE_ST_ERASE_OUTBOX_QUEUED] = "DELETE FROM outbox WHERE booking_id = ?1"
                                     " AND status = 'queued'",
    [STORE_ST_ERASE_OUTBOX_ERRORS] = "UPDATE outbox SET last_error = NULL WHERE booking_id = ?1"
                                     " AND last_error IS NOT NULL",
    /* Emptied, not deleted: a retry of the request is refused (it no longer
     * opens) rather than booked again. */
    [STORE_ST_ERASE_IDEMPOTENCY] = "UPDATE idempotency SET response = x'' WHERE booking_id = ?1",
    [STORE_ST_ERASE_FIND] = "SELECT id, code, status, start_min, utc_offset,"
                            " coalesce(erased_at, 0), person = ?2, pii FROM booking"
                            " WHERE code = ?1",
    [STORE_ST_ERASE_PARTNER] = "UPDATE booking SET pii = ?2, partner = NULL WHERE id = ?1",
    [STORE_ST_BOOKINGS_OF_PERSON] = "SELECT code FROM booking WHERE person = ?1 OR partner = ?1"
                                    " ORDER BY id",
    [STORE_ST_PII_SET] = "UPDATE booking SET pii = ?2 WHERE id = ?1",
    [STORE_ST_PII_KEY_ROWS] = "SELECT count(*) FROM booking WHERE pii IS NOT NULL"
                              " AND substr(pii, 2, 2) = ?1",
    [STORE_ST_USER_INSERT] = "INSERT INTO staff_user (id, name, role, offices, password_hash,"
                             " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
    [STORE_ST_USER_GET] = "SELECT id, name, role, offices, disabled, created_at, updated_at,"
                          " password_hash FROM staff_user WHERE id = ?1",
    [STORE_ST_USER_LIST] = "SELECT id, name, role, offices, disabled, created_at, updated_at,"
                           " '' FROM staff_user ORDER BY id",
    [STORE_ST_USER_SET_PASSWORD] = "UPDATE staff_user SET password_hash = ?2, disabled = 0,"
                                   " updated_at = ?3 WHERE id = ?1",
    [STORE_ST_USER_DISABLE] = "UPDATE staff_user SET disabled = 1, updated_at = ?2 WHERE id = ?1",
    [STORE_ST_SESSION_END_USER] = "DELETE FROM session WHERE user_id = ?1",
    [STORE_ST_SIGNIN_COUNT] = "SELECT count(*), coalesce(max(at), 0) FROM signin_failure"
                              " WHERE name_sha256 = ?1 AND at >= ?2",
    [STORE_ST_SIGNIN_INSERT] = "INSERT INTO signin_failure (name_sha256, at) VALUES (?1, ?2)",
    [STORE_ST_SIGNIN_PURGE] = "DELETE FROM signin_failure WHERE at < ?1",
    [STORE_ST_SIGNIN_CLEAR] = "DELETE FROM signin_failure WHERE name_sha256 = ?1",
    [STORE_ST_SESSION_INSERT] = "INSERT INTO session (token_sha256, user_id, created_at, last_seen)"
                                " VALUES (?1, ?2, ?3, ?3)",
    [STORE_ST_SESSION_GET] = "SELECT u.id, u.name, u.role, u.offices, u.disabled, u.created_at,"
                             " u.updated_at, s.last_seen FROM session s"
                             " JOIN staff_user u ON u.id = s.user_id WHERE s.token_sha256 = ?1",
    [STORE_ST_SESSION_TOUCH] = "UPDATE session SET last_seen = ?2 WHERE token_sha256 = ?1",
    [STORE_ST_SESSION_DELETE] = "DELETE FROM session WHERE token_sha256 = ?1",
    [STORE_ST_SESSION_PURGE] = "DELETE FROM session WHERE last_seen < ?1",
    [STORE_ST_AUDIT_INSERT] = "INSERT INTO audit (at, who, action, office, target, before, after)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [STORE_ST_AUDIT_LIST] =
        "SELECT id, at, who, action, office, target, before, after FROM audit"
        " WHERE (?1 IS NULL OR office = ?1 OR instr(',' || office || ',', ',' || ?1 || ',') > 0)"
        " AND (?2 IS NULL OR who = ?2) AND (?3 IS NULL OR action = ?3)"
        " AND (?4 IS NULL OR at >= ?4) AND (?5 IS NULL OR at < ?5)"
        " ORDER BY id DESC LIMIT ?6",
    [STORE_ST_PII_NOT_UNDER] = "SELECT id, code, pii FROM booking WHERE pii IS NOT NULL"
                               " AND substr(pii, 2, 2) <> ?1 AND id > ?2 ORDER BY id LIMIT ?3",
    /* The figures (store_figures.c): each one aggregate over the bookings
     * of one office in a range of days (?1 office, ?2 first, ?3 last), so
     * that booking_office_day bounds the rows read. A week is named by its
     * Monday: day numbers count from Thursday 1970-01-01. A place is taken
     * by every booking not cancelled (a no-show took it too). Each reads
     * only columns of the index booking_figures (migration 8). */
    [STORE_ST_FIG_TAKEN] =
        "SELECT day - (day + 3) % 7 AS week, window_name, count(*), sum(minutes), 0"
        " FROM booking WHERE office = ?1 AND day BETWEEN ?2 AND ?3"
        " AND status <> 'cancelled' GROUP BY week, window_name"
        " ORDER BY week, window_name",
    /* Lapses (a pending booking nobody confirmed before its day) have no
     * status of their own yet: counted as 0 until a 'lapsed' status exists. */
    [STORE_ST_FIG_ATTENDANCE] =
        "SELECT day - (day + 3) % 7 AS week, '', sum(status = 'no_show'), sum(status = 'lapsed'),"
        " sum(status IN ('checked_in', 'completed'))"
        " FROM booking WHERE office = ?1 AND day BETWEEN ?2 AND ?3"
        " AND status <> 'cancelled' GROUP BY week ORDER BY week",
    /* Noon and evening bookings, and the staff on those duties in the
     * published rosters, in one pass over each table. */
    [STORE_ST_FIG_DEMAND] =
        "SELECT week, name, sum(booked), sum(staff), 0 FROM ("
        " SELECT day - (day + 3) % 7 AS week, window_name AS name,"
        "  count(*) AS booked, 0 AS staff FROM booking"
        "  WHERE office = ?1 AND day BETWEEN ?2 AND ?3"
        "  AND window_name IN ('noon', 'evening') AND status <> 'cancelled'"
        "  GROUP BY week, window_name"
        " UNION ALL"
        " SELECT d.day - (d.day + 3) % 7, d.duty, 0, count(*) FROM roster_duty d"
        "  JOIN roster_month m ON m.office = d.office AND m.month = d.month"
        "  WHERE d.office = ?1 AND d.day BETWEEN ?2 AND ?3"
        "  AND d.duty IN ('noon', 'evening') AND m.state = 'published'"
        "  GROUP BY 1, 2)"
        " GROUP BY week, name ORDER BY week, name",
    /* Days between the office-local day a booking was made and its day. */
    [STORE_ST_FIG_LEAD] =
        "SELECT day - (created_at + utc_offset * 60) / 86400 AS lead, window_name,"
        " count(*), 0, 0 FROM booking WHERE office = ?1 AND day BETWEEN ?2 AND ?3"
        " AND status <> 'cancelled' GROUP BY lead, window_name"
        " ORDER BY lead, window_name",
    /* Saturday and holiday bookings by month and service (svc/ keeps the
     * couples' services: weddings). */
    [STORE_ST_FIG_WEDDINGS] =
        "SELECT CAST(strftime('%Y%m', day * 86400, 'unixepoch') AS INTEGER) AS month,"
        " window_name || ' ' || service, count(*), 0, 0 FROM booking"
        " WHERE office = ?1 AND day BETWEEN ?2 AND ?3"
        " AND window_name IN ('saturday', 'holiday') AND status <> 'cancelled'"
        " GROUP BY month, window_name, service ORDER BY month, window_name, service",
    /* Bookings have no channel yet (phone and counter bookings are to
     * come): every booking came through the web or the API, counted as
     * 'web' until a channel column exists. */
    [STORE_ST_SURVEY_ANSWERED] = "SELECT count(*) FROM survey WHERE booking_id = ?1",
    [STORE_ST_SURVEY_INSERT] =
        "INSERT INTO survey (booking_id, office, service, window_name, day, waiting, courtesy,"
        " overall, comment, answered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    [STORE_ST_SURVEY_UNLINK] = "UPDATE survey SET booking_id = NULL WHERE booking_id = ?1",
    /* The month as YYYYMM from the day number (days since 1970-01-01):
     * SQLite's date() does the calendar. */
    [STORE_ST_SURVEY_AVERAGES] =
        "SELECT window_name, CAST(strftime('%Y%m', day * 86400, 'unixepoch') AS INTEGER) AS month,"
        " count(*), avg(waiting), avg(courtesy), avg(overall)"
        " FROM survey WHERE office = ?1 AND day BETWEEN ?2 AND ?3"
        " GROUP BY month, window_name ORDER BY month, window_name",
    [STORE_ST_DRAW_BY_DAY] = "SELECT " DRAW_COLUMNS " FROM draw WHERE office = ?1 AND day = ?2",
    [STORE_ST_DRAW_BY_ID] = "SELECT " DRAW_COLUMNS " FROM draw WHERE id = ?1",
    [STORE_ST_DRAW_CODE_EXISTS] = "SELECT 1 FROM draw WHERE code = ?1"
                                  " UNION ALL SELECT 1 FROM draw_request WHERE number = ?1",
    [STORE_ST_DRAW_INSERT] = "INSERT INTO draw (code, office, day, seed, commitment, committed_at)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [STORE_ST_DRAW_DRAWN] = "UPDATE draw SET drawn_at = ?2, seed_hex = ?3 WHERE id = ?1",
    [STORE_ST_DRAW_DONE] = "UPDATE draw SET done_at = ?2 WHERE id = ?1",
    [STORE_ST_DRAW_PERSON_INSERT] =
        "INSERT OR IGNORE INTO draw_person (draw_id, person, request_id) VALUES (?1, ?2, ?3)",
    [STORE_ST_DRAW_REQ_INSERT] =
        "INSERT INTO draw_request (draw_id, number, token_sha256, service, start_min, person,"
        " partner, resident, pii, lang, created_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    [STORE_ST_DRAW_REQ_BY_NUMBER] = "SELECT " DRAW_REQUEST_COLUMNS " FROM draw_request r"
                                    " JOIN draw d ON d.id = r.draw_id WHERE r.number = ?1",
    [STORE_ST_DRAW_REQ_BY_ID] = "SELECT " DRAW_REQUEST_COLUMNS " FROM draw_request r"
                                " JOIN draw d ON d.id = r.draw_id WHERE r.id = ?1",
    [STORE_ST_DRAW_REQ_LIST] = "SELECT " DRAW_REQUEST_COLUMNS " FROM draw_request r"
                               " JOIN draw d ON d.id = r.draw_id WHERE r.draw_id = ?1"
                               " ORDER BY r.rank IS NULL, r.rank, r.number",
    [STORE_ST_DRAW_REQ_PENDING] = "SELECT " DRAW_REQUEST_COLUMNS " FROM draw_request r"
                                  " JOIN draw d ON d.id = r.draw_id WHERE r.draw_id = ?1"
                                  " AND r.outcome = 'pending' ORDER BY r.rank LIMIT ?2",
    [STORE_ST_DRAW_REQ_RANK] = "UPDATE draw_request SET rank = ?2 WHERE id = ?1",
    /* A booked couple's contact is the booking's now; the others' stays
     * for their message until the day has passed (STORE_ST_DRAW_FORGET). */
    [STORE_ST_DRAW_REQ_OUTCOME] =
        "UPDATE draw_request SET outcome = ?2, refusal = ?3, booking_id = ?4, wait_id = ?5,"
        " pii = CASE WHEN ?2 = 'booked' THEN NULL ELSE pii END WHERE id = ?1",
    [STORE_ST_DRAW_FORGET] =
        "UPDATE draw_request SET pii = NULL WHERE pii IS NOT NULL AND outcome <> 'pending'"
        " AND draw_id IN (SELECT id FROM draw WHERE office = ?1 AND day < ?2)",
    /* A person's erasure: a request not drawn yet is withdrawn (its couple
     * freed), one drawn keeps its number in the published list but no
     * contact. The partner index is partial: the term repeats its WHERE. */
    [STORE_ST_DRAW_ERASE_PEOPLE] =
        "DELETE FROM draw_person WHERE request_id IN (SELECT id FROM draw_request"
        " WHERE person = ?1 AND rank IS NULL UNION SELECT id FROM draw_request"
        " WHERE partner = ?1 AND partner IS NOT NULL AND rank IS NULL)",
    [STORE_ST_DRAW_ERASE_UNRANKED] =
        "DELETE FROM draw_request WHERE rank IS NULL AND id IN (SELECT id FROM draw_request"
        " WHERE person = ?1 UNION SELECT id FROM draw_request"
        " WHERE partner = ?1 AND partner IS NOT NULL)",
    [STORE_ST_DRAW_ERASE_PII] =
        "UPDATE draw_request SET pii = NULL WHERE pii IS NOT NULL AND id IN (SELECT id FROM"
        " draw_request WHERE person = ?1 UNION SELECT id FROM draw_request"
        " WHERE partner = ?1 AND partner IS NOT NULL)",
    [STORE_ST_OUTBOX_INSERT_DRAW] =
        "INSERT INTO outbox (office, kind, channel, sequence, due_at, created_at)"
        " VALUES (?1, 'draw_result', ?3, ?2, ?4, ?4)",
    [STORE_ST_SURVEY_COMMENTS] =
        "SELECT day, window_name, service, waiting, courtesy, overall, comment FROM survey"
        " WHERE office = ?1 AND day BETWEEN ?2 AND ?3 AND comment <> ''"
        " ORDER BY day DESC, id DESC LIMIT ?4",
    [STORE_ST_FIG_CHANNELS] =
        "SELECT day - (day + 3) % 7 AS week, channel, count(*), 0, 0"
        " FROM booking WHERE office = ?1 AND day BETWEEN ?2 AND ?3"
        " AND status <> 'cancelled' GROUP BY week, channel ORDER BY week, channel",
    /* Bookings by the day they take effect (a designated date, or their
     * own day) and service: svc/ keeps the couples' on days off. A
     * designated date lies at most SCHED's 40 calendar days after the
     * booking, so the range of days read starts that much earlier. */
    [STORE_ST_FIG_EFFECTIVE] =
        "SELECT coalesce(effective_day, day) AS effective, service, count(*),"
        " count(effective_day), 0 FROM booking"
        " WHERE office = ?1 AND day BETWEEN ?2 - 40 AND ?3"
        " AND coalesce(effective_day, day) BETWEEN ?2 AND ?3 AND status <> 'cancelled'"
        " GROUP BY effective, service ORDER BY effective, service",
};

/* ---- errors and statements ---------------------------------------------- */

/* Test hook: when positive, the step that brings it to zero fails. */
static atomic_long fail_countdown;

void store_test_fail_step(long n)
{
    atomic_store(&fail_countdown, n);
}

int store_step(sqlite3_stmt *s)
{
    if (atomic_load(&fail_countdown) > 0 && atomic_fetch_sub(&fail_countdown, 1) == 1)
        return SQLITE_IOERR;
    return sqlite3_step(s);
}

fh_result store_db_fail(sqlite3 *db, int rc, const char *what, char *err, size_t errlen)
{
    int primary = rc & 0xff;
    fh_result r = primary == SQLITE_BUSY || primary == SQLITE_LOCKED ? FH_EBUSY : FH_EDB;
    const char *why =
        db != NULL && sqlite3_errcode(db) == rc ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    fh_metrics_store_error();
    return fh_fail(err, errlen, r, "store: %s: %s", what, why);
}

const char *store_stmt_sql(enum store_stmt_id id)
{
    return (int)id >= 0 && id < STORE_ST_COUNT ? statements[id] : NULL;
}

sqlite3_stmt *store_stmt(struct store_conn *c, enum store_stmt_id id, char *err, size_t errlen)
{
    if (c->stmt[id] == NULL) {
        int rc = sqlite3_prepare_v3(c->db, statements[id], -1, SQLITE_PREPARE_PERSISTENT,
                                    &c->stmt[id], NULL);
        if (rc != SQLITE_OK) {
            store_db_fail(c->db, rc, "prepare", err, errlen);
            c->stmt[id] = NULL;
            return NULL;
        }
    }
    return c->stmt[id];
}

void store_stmt_release(sqlite3_stmt *s)
{
    if (s != NULL) {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
    }
}

fh_result store_step_done(struct store_conn *c, sqlite3_stmt *s, const char *what, char *err,
                          size_t errlen)
{
    int rc = store_step(s);
    fh_result r = rc == SQLITE_DONE ? FH_OK : store_db_fail(c->db, rc, what, err, errlen);
    store_stmt_release(s);
    return r;
}

static fh_result exec(sqlite3 *db, const char *sql, const char *what, char *err, size_t errlen)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (rc == SQLITE_OK)
        return FH_OK;
    fh_metrics_store_error();
    fh_result r = fh_fail(err, errlen, (rc & 0xff) == SQLITE_BUSY ? FH_EBUSY : FH_EDB,
                          "store: %s: %s", what, msg ? msg : sqlite3_errstr(rc));
    sqlite3_free(msg);
    return r;
}

/* Runs a one-row, one-column statement (a PRAGMA) and copies its text. */
static fh_result query_text(sqlite3 *db, const char *sql, char *out, size_t outlen, char *err,
                            size_t errlen)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);
    if (rc != SQLITE_OK)
        return store_db_fail(db, rc, sql, err, errlen);
    rc = sqlite3_step(s);
    fh_result r = FH_OK;
    if (rc == SQLITE_ROW) {
        const unsigned char *text = sqlite3_column_text(s, 0);
        snprintf(out, outlen, "%s", text ? (const char *)text : "");
    } else {
        r = store_db_fail(db, rc, sql, err, errlen);
    }
    sqlite3_finalize(s);
    return r;
}

/* Copies the WAL into the database and truncates it (the writer is not in a
 * transaction and is the caller's). Best effort: a reader of another
 * process may keep it, so it waits a quarter of a second at most. */
static void wal_truncate_locked(struct store *st)
{
    if (st->readers_share_writer)
        return;
    sqlite3 *db = st->writer.db;
    int logged = 0, done = 0;
    sqlite3_busy_timeout(db, 250);
    int rc = sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_TRUNCATE, &logged, &done);
    sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
    if (rc != SQLITE_OK)
        fh_log(FH_LOG_INFO,
               "store: the WAL could not be truncated now (%s); it is overwritten "
               "as it is reused",
               sqlite3_errstr(rc));
}

/* ---- the checkpointer ------------------------------------------------------
 * SQLite's automatic checkpoint runs inside the COMMIT that takes the WAL
 * past 1,000 pages, on the writer: every tenth group or so waited for a
 * thousand pages written into the database file and its fsync, longer the
 * larger and more scattered the file (a million bookings). Here the
 * writer's WAL hook only wakes a thread of the store's, which checkpoints
 * on a connection of its own (PASSIVE: it never waits for, nor blocks,
 * the writer or a reader). Should it fall far behind (a reader holding
 * old frames through a long rush), the writer checkpoints itself, as
 * SQLite would have, so that the WAL stays bounded. */

#define CHECKPOINT_PAGES        1000
#define CHECKPOINT_PAGES_WRITER (16 * CHECKPOINT_PAGES)

struct store_checkpointer {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool due, stop;
    sqlite3 *db;
    atomic_ulong runs; /* checkpoints run by the thread */
};

static int wal_hook(void *arg, sqlite3 *db, const char *name, int frames)
{
    struct store_checkpointer *k = arg;
    if (frames >= CHECKPOINT_PAGES_WRITER) {
        (void)sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    } else if (frames >= CHECKPOINT_PAGES) {
        pthread_mutex_lock(&k->lock);
        k->due = true;
        pthread_cond_signal(&k->wake);
        pthread_mutex_unlock(&k->lock);
    }
    return SQLITE_OK;
}

static void *checkpointer_main(void *arg)
{
    struct store_checkpointer *k = arg;
    pthread_mutex_lock(&k->lock);
    for (;;) {
        while (!k->due && !k->stop)
            pthread_cond_wait(&k->wake, &k->lock);
        if (k->stop)
            break;
        k->due = false;
        pthread_mutex_unlock(&k->lock);
        int logged = 0, done = 0;
        int rc = sqlite3_wal_checkpoint_v2(k->db, NULL, SQLITE_CHECKPOINT_PASSIVE, &logged, &done);
        if (rc != SQLITE_OK && rc != SQLITE_BUSY)
            fh_log(FH_LOG_ERROR, "store: checkpoint: %s", sqlite3_errmsg(k->db));
        atomic_fetch_add(&k->runs, 1);
        pthread_mutex_lock(&k->lock);
    }
    pthread_mutex_unlock(&k->lock);
    return NULL;
}

/* Starts the checkpointer of a store with its own file (not ":memory:");
 * without one (its connection or thread refused), SQLite's automatic
 * checkpoint stays in force. */
static void checkpointer_start(struct store *st)
{
    struct store_checkpointer *k = fh_calloc(1, sizeof *k);
    if (sqlite3_open_v2(st->path, &k->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        fh_log(FH_LOG_INFO, "store: no checkpointer connection (%s): the writer checkpoints",
               k->db != NULL ? sqlite3_errmsg(k->db) : "out of memory");
        sqlite3_close(k->db);
        free(k);
        return;
    }
    sqlite3_exec(k->db, "PRAGMA cache_size = -256; PRAGMA mmap_size = 0", NULL, NULL, NULL);
    pthread_mutex_init(&k->lock, NULL);
    pthread_cond_init(&k->wake, NULL);
    atomic_init(&k->runs, 0);
    /* The thread takes none of the process's signals: a SIGHUP or SIGTERM
     * meant for the program (which blocks them and waits for them in one
     * thread) would otherwise find this thread unblocked and end the
     * process with the signal's default action. It inherits this mask. */
    sigset_t all, before;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &before);
    int created = pthread_create(&k->thread, NULL, checkpointer_main, k);
    pthread_sigmask(SIG_SETMASK, &before, NULL);
    if (created != 0) {
        pthread_cond_destroy(&k->wake);
        pthread_mutex_destroy(&k->lock);
        sqlite3_close(k->db);
        free(k);
        return;
    }
    st->checkpointer = k;
    sqlite3_wal_hook(st->writer.db, wal_hook, k);
}

static void checkpointer_stop(struct store *st)
{
    struct store_checkpointer *k = st->checkpointer;
    if (k == NULL)
        return;
    /* The writer's hook goes first: no commit signals a thread that is
     * gone (the writer is not in use while the store closes). */
    sqlite3_wal_hook(st->writer.db, NULL, NULL);
    pthread_mutex_lock(&k->lock);
    k->stop = true;
    pthread_cond_signal(&k->wake);
    pthread_mutex_unlock(&k->lock);
    pthread_join(k->thread, NULL);
    pthread_cond_destroy(&k->wake);
    pthread_mutex_destroy(&k->lock);
    sqlite3_close(k->db);
    free(k);
    st->checkpointer = NULL;
}

unsigned long store_checkpoints(const struct store *st)
{
    return st->checkpointer != NULL ? atomic_load(&st->checkpointer->runs) : 0;
}

/* ---- connections ---------------------------------------------------------- */

static void conn_close(struct store_conn *c)
{
    for (int i = 0; i < STORE_ST_COUNT; i++) {
        sqlite3_finalize(c->stmt[i]);
        c->stmt[i] = NULL;
    }
    if (c->db != NULL)
        sqlite3_close(c->db);
    c->db = NULL;
}

/* Opens one connection. The store serialises the use of each connection
 * itself, hence NOMUTEX. */
static fh_result conn_open(struct store_conn *c, const char *path, bool writer, char *err,
                           size_t errlen)
{
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (writer ? SQLITE_OPEN_CREATE : 0);
    memset(c, 0, sizeof *c);
    int rc = sqlite3_open_v2(path, &c->db, flags, NULL);
    if (rc != SQLITE_OK) {
        char what[300];
        snprintf(what, sizeof what, "open %s", path);
        fh_result r = store_db_fail(c->db, rc, what, err, errlen);
        conn_close(c);
        return r;
    }
    sqlite3_extended_result_codes(c->db, 1);
    sqlite3_busy_timeout(c->db, BUSY_TIMEOUT_MS);
    /* secure_delete: what a write replaces or deletes (a sealed row erased,
     * the plain columns of migration 7) is overwritten with zeros in the
     * file, not left in free space.
     * Memory (the server's peak RSS stays under 32 MiB, bench/scale.sh): a
     * connection's page cache grows to its cache_size and stays, and the
     * store opens up to 1 + STORE_READERS_MAX of them; at SQLite's default
     * of 2 MB each they held 10 to 18 MiB of a server's peak. The writer
     * keeps 2 MiB: a group of 64 bookings dirties a few hundred pages,
     * which should not spill to the WAL before its commit. A reader gets
     * 256 KiB, room for the upper levels of the indexes it walks: the
     * pages it misses come from the OS's file cache at a pread each (a
     * listing cost the same CPU with 2 MB). Sorts and temporary tables
     * that outgrow the cache go to a temporary file (temp_store = FILE),
     * not to memory. No mmap: mapped pages of the file would count in the
     * process's RSS. The soft heap limit (one for the process) makes
     * SQLite shed cached pages of every connection once all of SQLite's
     * memory passes 8 MiB. */
    fh_result r = writer ? exec(c->db,
                                "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
                                " PRAGMA secure_delete = ON; PRAGMA cache_size = -2048;"
                                " PRAGMA mmap_size = 0; PRAGMA temp_store = FILE;"
                                " PRAGMA soft_heap_limit = 8388608;",
                                "pragma", err, errlen)
                         : exec(c->db,
                                "PRAGMA query_only = ON; PRAGMA cache_size = -256;"
                                " PRAGMA mmap_size = 0; PRAGMA temp_store = FILE;",
                                "pragma", err, errlen);
    if (r != FH_OK)
        conn_close(c);
    return r;
}

/* Whether this thread holds an open group (store_group_begin()): then each
 * write is a savepoint inside the group's one transaction. */
static bool in_group(const struct store *st)
{
    return st->group_open && pthread_equal(st->group_owner, pthread_self());
}

static fh_result exec_plain(struct store *st, const char *sql, const char *what, char *err,
                            size_t errlen)
{
    int rc = sqlite3_exec(st->writer.db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? FH_OK : store_db_fail(st->writer.db, rc, what, err, errlen);
}

fh_result store_write_begin(struct store *st, char *err, size_t errlen)
{
    if (in_group(st))
        return exec_plain(st, "SAVEPOINT one", "savepoint", err, errlen);
    pthread_mutex_lock(&st->write_lock);
    sqlite3_stmt *s = store_stmt(&st->writer, STORE_ST_BEGIN, err, errlen);
    fh_result r = s ? store_step_done(&st->writer, s, "begin", err, errlen) : FH_EDB;
    if (r != FH_OK)
        pthread_mutex_unlock(&st->write_lock);
    return r;
}

static void rollback_locked(struct store *st)
{
    if (sqlite3_get_autocommit(st->writer.db))
        return; /* SQLite already rolled back (after an I/O error, say) */
    /* Not through store_step(): a rollback must not be failed by the test
     * hook, or the next BEGIN would find a transaction still open. */
    sqlite3_stmt *s = store_stmt(&st->writer, STORE_ST_ROLLBACK, NULL, 0);
    int rc = s ? sqlite3_step(s) : SQLITE_ERROR;
    store_stmt_release(s);
    if (rc != SQLITE_DONE && !sqlite3_get_autocommit(st->writer.db)) {
        fh_log(FH_LOG_ERROR, "store: rollback failed: %s", sqlite3_errmsg(st->writer.db));
        sqlite3_exec(st->writer.db, "ROLLBACK", NULL, NULL, NULL);
    }
}

fh_result store_write_commit(struct store *st, char *err, size_t errlen)
{
    if (in_group(st)) {
        /* Durable only when the group commits: the caller answers then. */
        fh_result r = exec_plain(st, "RELEASE one", "release", err, errlen);
        if (r != FH_OK)
            store_write_rollback(st);
        return r;
    }
    sqlite3_stmt *s = store_stmt(&st->writer, STORE_ST_COMMIT, err, errlen);
    fh_result r = s ? store_step_done(&st->writer, s, "commit", err, errlen) : FH_EDB;
    if (r != FH_OK)
        rollback_locked(st);
    pthread_mutex_unlock(&st->write_lock);
    return r;
}

void store_write_rollback(struct store *st)
{
    if (in_group(st)) {
        if (!sqlite3_get_autocommit(st->writer.db)) {
            sqlite3_exec(st->writer.db, "ROLLBACK TO one", NULL, NULL, NULL);
            sqlite3_exec(st->writer.db, "RELEASE one", NULL, NULL, NULL);
        }
        return;
    }
    rollback_locked(st);
    pthread_mutex_unlock(&st->write_lock);
}

fh_result store_group_begin(struct store *st, char *err, size_t errlen)
{
    fh_result r = store_write_begin(st, err, errlen);
    if (r == FH_OK) {
        st->group_owner = pthread_self();
        st->group_open = true;
        st->group_failed = false;
    }
    return r;
}

fh_result store_group_commit(struct store *st, char *err, size_t errlen)
{
    st->group_open = false;
    /* A group whose transaction SQLite already rolled back (an I/O error
     * inside one of its writes) has nothing left to commit: all of it is lost
     * and every answer of the group must say so. */
    if (sqlite3_get_autocommit(st->writer.db)) {
        pthread_mutex_unlock(&st->write_lock);
        return fh_fail(err, errlen, FH_EDB, "store: the group's transaction was rolled back");
    }
    return store_write_commit(st, err, errlen);
}

struct store_conn *store_read_begin(struct store *st, char *err, size_t errlen)
{
    /* The thread of an open group reads through the group's own connection:
     * it sees what the group wrote, and it already holds the write lock. */
    if (in_group(st))
        return &st->writer;
    if (st->readers_share_writer) {
        pthread_mutex_lock(&st->write_lock);
        return &st->writer;
    }
    pthread_mutex_lock(&st->pool_lock);
    for (;;) {
        for (size_t i = 0; i < st->reader_count; i++) {
            if (!st->readers[i]->in_use) {
                st->readers[i]->in_use = true;
                pthread_mutex_unlock(&st->pool_lock);
                return st->readers[i];
            }
        }
        if (st->reader_count < STORE_READERS_MAX)
            break;
        pthread_cond_wait(&st->pool_cond, &st->pool_lock);
    }
    /* Open a new reader while holding the pool lock: it happens at most
     * STORE_READERS_MAX times in the life of the store. */
    struct store_conn *c = fh_calloc(1, sizeof *c);
    if (conn_open(c, st->path, false, err, errlen) != FH_OK) {
        pthread_mutex_unlock(&st->pool_lock);
        free(c);
        return NULL;
    }
    c->in_use = true;
    st->readers[st->reader_count++] = c;
    pthread_mutex_unlock(&st->pool_lock);
    return c;
}

void store_read_end(struct store *st, struct store_conn *c)
{
    if (c == NULL)
        return;
    if (c == &st->writer) {
        if (!in_group(st))
            pthread_mutex_unlock(&st->write_lock);
        return;
    }
    pthread_mutex_lock(&st->pool_lock);
    c->in_use = false;
    pthread_cond_signal(&st->pool_cond);
    pthread_mutex_unlock(&st->pool_lock);
}

/* ---- opening and migrating -------------------------------------------------- */

/* Reads a meta value of up to cap bytes; *len is 0 when there is none. */
static fh_result meta_get(sqlite3 *db, const char *name, uint8_t *out, size_t cap, size_t *len,
                          char *err, size_t errlen)
{
    sqlite3_stmt *s = NULL;
    *len = 0;
    int rc = sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE name = ?1", -1, &s, NULL);
    if (rc != SQLITE_OK)
        return store_db_fail(db, rc, "read meta", err, errlen);
    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    fh_result r = FH_OK;
    if (rc == SQLITE_ROW) {
        size_t n = (size_t)sqlite3_column_bytes(s, 0);
        if (n > cap || n == 0)
            r = fh_fail(err, errlen, FH_EDB, "store: the meta value %s is damaged", name);
        else
            memcpy(out, sqlite3_column_blob(s, 0), *len = n);
    } else if (rc != SQLITE_DONE) {
        r = store_db_fail(db, rc, "read meta", err, errlen);
    }
    sqlite3_finalize(s);
    return r;
}

/* Migration 7's work in C: the personal fields of every row sealed into
 * pii, the masks shortened to the first letter and the last three
 * characters on the way. */
static fh_result seal_plain_rows(struct store *st, char *err, size_t errlen)
{
    sqlite3 *db = st->writer.db;
    sqlite3_stmt *q = NULL, *u = NULL;
    int rc = sqlite3_prepare_v2(db,
                                "SELECT id, code, name, national_id_masked, phone, email,"
                                " partner_name, partner_national_id_masked FROM booking",
                                -1, &q, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db, "UPDATE booking SET pii = ?2 WHERE id = ?1", -1, &u, NULL);
    fh_result r = rc == SQLITE_OK ? FH_OK : store_db_fail(db, rc, "migration 7", err, errlen);
    size_t sealed_rows = 0;
    while (r == FH_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct store_booking b;
        char old_mask[16], old_partner_mask[16];
        memset(&b, 0, sizeof b);
#define COPY(dst, col) snprintf(dst, sizeof dst, "%s", (const char *)sqlite3_column_text(q, col))
        COPY(b.code, 1);
        COPY(b.name, 2);
        COPY(old_mask, 3);
        COPY(b.phone, 4);
        COPY(b.email, 5);
        COPY(b.partner_name, 6);
        COPY(old_partner_mask, 7);
#undef COPY
        /* The first letter and last three of the old mask are the ID's. */
        if (store_mask_national_id(old_mask, b.national_id_masked) != NULL)
            b.national_id_masked[0] = '\0';
        if (store_mask_national_id(old_partner_mask, b.partner_national_id_masked) != NULL)
            b.partner_national_id_masked[0] = '\0';
        size_t len;
        uint8_t *blob = store_pii_seal(st, b.code, &b, &len);
        fh_wipe(&b, sizeof b);
        sqlite3_bind_int64(u, 1, sqlite3_column_int64(q, 0));
        sqlite3_bind_blob(u, 2, blob, (int)len, SQLITE_TRANSIENT);
        rc = sqlite3_step(u);
        sqlite3_reset(u);
        free(blob);
        if (rc != SQLITE_DONE)
            r = store_db_fail(db, rc, "migration 7: seal a booking", err, errlen);
        sealed_rows++;
    }
    if (r == FH_OK && rc != SQLITE_DONE)
        r = store_db_fail(db, rc, "migration 7", err, errlen);
    sqlite3_finalize(q);
    sqlite3_finalize(u);
    if (r == FH_OK && sealed_rows > 0)
        fh_log(FH_LOG_INFO, "store: the personal data of %zu booking%s sealed", sealed_rows,
               sealed_rows == 1 ? "" : "s");
    return r;
}

/* sqlite3_mprintf() (for its %Q quoting) under the project's rule for
 * allocations: exhaustion ends the process (fh_alloc.c). Free with
 * sqlite3_free(). */
static char *sql_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *sql = sqlite3_vmprintf(fmt, ap);
    va_end(ap);
    if (sql == NULL)
        fh_fatal("out of memory formatting SQL");
    return sql;
}

/* Widens a CHECK of table by editing its schema text: from becomes to,
 * unless the text already names added (a database taken back to an older
 * version by hand, as a test does). SQLite cannot alter a constraint, and
 * rebuilding a table would cascade-delete what refers to it (foreign keys
 * are on, and cannot be turned off inside the migration's transaction);
 * widening a CHECK changes nothing stored, which is the case SQLite
 * documents for editing the schema text itself
 * (https://sqlite.org/lang_altertable.html#otheralter): the text replaced,
 * the schema version raised so every connection reads it again. */
static fh_result widen_check(struct store *st, const char *table, const char *from, const char *to,
                             const char *added, const char *what, char *err, size_t errlen)
{
    sqlite3 *db = st->writer.db;
    char text[32];
    fh_result r = query_text(db, "PRAGMA schema_version", text, sizeof text, err, errlen);
    if (r != FH_OK)
        return r;
    long version = strtol(text, NULL, 10);
    char *sql = sql_printf("SELECT instr(sql, %Q) > 0 FROM sqlite_schema"
                           " WHERE type = 'table' AND name = %Q",
                           added, table);
    char wide[16] = "";
    r = query_text(db, sql, wide, sizeof wide, err, errlen);
    sqlite3_free(sql);
    if (r != FH_OK || strcmp(wide, "1") == 0)
        return r;
    r = exec(db, "PRAGMA writable_schema = ON", what, err, errlen);
    if (r == FH_OK) {
        sql = sql_printf("UPDATE sqlite_schema SET sql = replace(sql, %Q, %Q)"
                         " WHERE type = 'table' AND name = %Q",
                         from, to, table);
        r = exec(db, sql, what, err, errlen);
        sqlite3_free(sql);
    }
    if (r == FH_OK && sqlite3_changes(db) != 1)
        r = fh_fail(err, errlen, FH_EDB, "store: %s: the %s table is not as expected", what, table);
    if (r == FH_OK) {
        sql = sql_printf("PRAGMA schema_version = %ld", version + 1);
        r = exec(db, sql, what, err, errlen);
        sqlite3_free(sql);
    }
    fh_result off = exec(db, "PRAGMA writable_schema = OFF", what, err, errlen);
    return r != FH_OK ? r : off;
}

/* Migration 9: the booking's status CHECK takes 'lapsed' too (rebuilding
 * the table would cascade-delete its idempotency answers). */
static fh_result widen_status_check(struct store *st, char *err, size_t errlen)
{
    return widen_check(st, "booking", "'no_show')", "'no_show', 'lapsed')", "'lapsed'",
                       "migration 9", err, errlen);
}

/* Migration 15: the outbox's kind CHECK takes 'no_show_warning' too
 * (rebuilding the outbox, as migrations 10 and 13 did, would cost a copy of
 * every message for a wider constraint that changes nothing stored). */
static fh_result widen_outbox_kinds(struct store *st, char *err, size_t errlen)
{
    return widen_check(st, "outbox", "'duty_closed',", "'duty_closed', 'no_show_warning',",
                       "'no_show_warning'", "migration 15", err, errlen);
}

/* Migration 16: the outbox's kind CHECK takes 'waitlist_offer' too. */
static fh_result widen_outbox_offer(struct store *st, char *err, size_t errlen)
{
    return widen_check(st, "outbox", "'no_show_warning',", "'no_show_warning', 'waitlist_offer',",
                       "'waitlist_offer'", "migration 16", err, errlen);
}

/* Migration 17: the outbox's kind CHECK takes 'survey' too (after 16's
 * 'waitlist_offer', which leaves the text this looks for in place). */
static fh_result widen_outbox_survey(struct store *st, char *err, size_t errlen)
{
    return widen_check(st, "outbox", "'no_show_warning',", "'no_show_warning', 'survey',",
                       "'survey'", "migration 17", err, errlen);
}

/* Migration 19: the outbox's kind CHECK takes 'draw_result' too. */
static fh_result widen_outbox_draw(struct store *st, char *err, size_t errlen)
{
    return widen_check(st, "outbox", "'no_show_warning',", "'no_show_warning', 'draw_result',",
                       "'draw_result'", "migration 19", err, errlen);
}

/* Brings the schema up to date and loads the key file, in one transaction,
 * so that two processes opening a fresh file agree on the keys. */
static fh_result migrate(struct store *st, char *err, size_t errlen)
{
    sqlite3 *db = st->writer.db;
    char text[32];
    fh_result r = exec(db, "BEGIN IMMEDIATE", "begin migration", err, errlen);
    if (r != FH_OK)
        return r;
    r = query_text(db, "PRAGMA user_version", text, sizeof text, err, errlen);
    int version = r == FH_OK ? (int)strtol(text, NULL, 10) : 0;
    if (r == FH_OK && (version < 0 || version > MIGRATION_COUNT))
        r = fh_fail(err, errlen, FH_EDB,
                    "store: the database has schema version %d, this flexhours knows up to %d",
                    version, MIGRATION_COUNT);
    /* What the database knows of its keys: before version 7, the person
     * secret itself; since, a check value of the key file. */
    uint8_t secret[STORE_SECRET_LEN], check[32];
    size_t secret_len = 0, check_len = 0;
    if (r == FH_OK && version >= 1)
        r = meta_get(db, "person_secret", secret, sizeof secret, &secret_len, err, errlen);
    if (r == FH_OK && version >= 1)
        r = meta_get(db, "key_check", check, sizeof check, &check_len, err, errlen);
    if (r == FH_OK && secret_len != 0 && secret_len != STORE_SECRET_LEN)
        r = fh_fail(err, errlen, FH_EDB, "store: the person secret is damaged");
    if (r == FH_OK)
        r = store_keys_load(st, secret_len ? secret : NULL, check_len ? check : NULL, check_len,
                            err, errlen);
    fh_wipe(secret, sizeof secret);
    for (int v = version; r == FH_OK && v < MIGRATION_COUNT; v++) {
        char what[32];
        snprintf(what, sizeof what, "migration %d", v + 1);
        r = exec(db, migrations[v], what, err, errlen);
        for (size_t i = 0; i < sizeof migration_steps / sizeof migration_steps[0]; i++) {
            const struct migration_step *m = &migration_steps[i];
            if (r == FH_OK && m->version == v + 1)
                r = m->run(st, err, errlen);
            if (r == FH_OK && m->version == v + 1)
                r = exec(db, m->then, what, err, errlen);
        }
    }
    if (r == FH_OK && version < MIGRATION_COUNT) {
        char sql[48];
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", MIGRATION_COUNT);
        r = exec(db, sql, "set schema version", err, errlen);
        if (r == FH_OK)
            fh_log(FH_LOG_INFO, "store: schema migrated from version %d to %d", version,
                   MIGRATION_COUNT);
    }
    if (r == FH_OK && check_len == 0) {
        sqlite3_stmt *s = NULL;
        store_keys_check_value(st, check);
        int rc = sqlite3_prepare_v2(
            db, "INSERT OR IGNORE INTO meta (name, value) VALUES ('key_check', ?1)", -1, &s, NULL);
        if (rc == SQLITE_OK) {
            sqlite3_bind_blob(s, 1, check, sizeof check, SQLITE_TRANSIENT);
            rc = sqlite3_step(s);
        }
        sqlite3_finalize(s);
        if (rc != SQLITE_DONE)
            r = store_db_fail(db, rc, "store the key check", err, errlen);
    }
    if (r == FH_OK)
        r = exec(db, "COMMIT", "commit migration", err, errlen);
    if (r != FH_OK) {
        if (!sqlite3_get_autocommit(db))
            sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        return r;
    }
    st->schema_version = MIGRATION_COUNT;
    /* Personal data in plain text left the rows: the WAL must not keep the
     * pages that held it. */
    if (version >= 1 && version < 7)
        wal_truncate_locked(st);
    return FH_OK;
}

void store_wal_truncate(struct store *st)
{
    if (st->readers_share_writer)
        return;
    pthread_mutex_lock(&st->write_lock);
    wal_truncate_locked(st);
    pthread_mutex_unlock(&st->write_lock);
}

/* The database file, its -wal and -shm hold personal data, sealed or not:
 * nobody but the service's user reads them. SQLite makes the -wal and -shm
 * with the mode of the database, so the database is made 0600 before
 * SQLite opens it; a wider mode found (earlier versions left 0644) is
 * narrowed, with a warning. */
static fh_result private_files(const char *path, char *err, size_t errlen)
{
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return fh_fail(err, errlen, FH_EDB, "store: open %s: %s", path, strerror(errno));
    struct stat sb;
    if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && (sb.st_mode & 077) != 0) {
        if (fchmod(fd, sb.st_mode & 0700) == 0)
            fh_log(FH_LOG_WARN, "store: %s was mode %04o, readable by others; now %04o", path,
                   (unsigned)(sb.st_mode & 07777), (unsigned)(sb.st_mode & 0700));
        else
            fh_log(FH_LOG_WARN, "store: %s is mode %04o and cannot be narrowed: %s", path,
                   (unsigned)(sb.st_mode & 07777), strerror(errno));
    }
    close(fd);
    static const char *const suffixes[] = {"-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        char *p = fh_asprintf("%s%s", path, suffixes[i]);
        if (stat(p, &sb) == 0 && S_ISREG(sb.st_mode) && (sb.st_mode & 077) != 0) {
            if (chmod(p, sb.st_mode & 0700) == 0)
                fh_log(FH_LOG_WARN, "store: %s was mode %04o, readable by others; now %04o", p,
                       (unsigned)(sb.st_mode & 07777), (unsigned)(sb.st_mode & 0700));
            else
                fh_log(FH_LOG_WARN, "store: %s is mode %04o and cannot be narrowed: %s", p,
                       (unsigned)(sb.st_mode & 07777), strerror(errno));
        }
        free(p);
    }
    return FH_OK;
}

fh_result store_open(const char *path, struct store **out, char *err, size_t errlen)
{
    return store_open_keyed(path, NULL, out, err, errlen);
}

fh_result store_open_keyed(const char *path, const char *key_file, struct store **out, char *err,
                           size_t errlen)
{
    *out = NULL;
    if (path == NULL || path[0] == '\0')
        return fh_fail(err, errlen, FH_EINVAL, "store: no database path");
    if (!sqlite3_threadsafe())
        return fh_fail(err, errlen, FH_EDB, "store: SQLite was built without thread support");

    struct store *st = fh_calloc(1, sizeof *st);
    st->reminders = sched_reminders_default;
    pthread_mutex_init(&st->write_lock, NULL);
    pthread_mutex_init(&st->pool_lock, NULL);
    pthread_mutex_init(&st->key_lock, NULL);
    pthread_cond_init(&st->pool_cond, NULL);
    atomic_init(&st->key_count, 0);
    atomic_init(&st->current_key, 0);
    st->path = fh_strdup(path);
    st->readers_share_writer = strcmp(path, ":memory:") == 0;
    if (!st->readers_share_writer)
        st->key_path = key_file != NULL && key_file[0] != '\0' ? fh_strdup(key_file)
                                                               : fh_asprintf("%s.key", path);

    fh_result r = st->readers_share_writer ? FH_OK : private_files(path, err, errlen);
    if (r == FH_OK)
        r = conn_open(&st->writer, path, true, err, errlen);
    if (r == FH_OK && !st->readers_share_writer) {
        /* WAL lets readers run beside the one writer, and with
         * synchronous=FULL a COMMIT that returned is on disk. */
        char mode[16];
        r = query_text(st->writer.db, "PRAGMA journal_mode = WAL", mode, sizeof mode, err, errlen);
        if (r == FH_OK && strcmp(mode, "wal") != 0)
            r = fh_fail(err, errlen, FH_EDB, "store: journal_mode=WAL refused (got %s)", mode);
    }
    if (r == FH_OK)
        r = migrate(st, err, errlen);
    /* Past the migrations (whose index builds sort the whole table, on
     * disk), the writer keeps its temporary data in memory: that is the
     * sub-journal of a group's savepoints, the first image of every page
     * each booking changes (~15 pages) until the group commits. SQLite
     * spills it to a temporary file past 64 KiB otherwise, and the writer
     * made ~30 pwrite calls a booking into that file. It is bounded by
     * the group (GROUP_MAX bookings, http_writer.c: 4 MiB at most) and
     * freed at each commit. */
    if (r == FH_OK)
        r = exec(st->writer.db, "PRAGMA temp_store = MEMORY", "pragma", err, errlen);
    if (r != FH_OK) {
        store_close(st);
        return r;
    }
    if (!st->readers_share_writer)
        checkpointer_start(st);
    (void)store_changed_elsewhere(st); /* what is there now is not news */
    *out = st;
    return FH_OK;
}

bool store_changed_elsewhere(struct store *st)
{
    /* Only another process writes through another connection: ours all
     * write through the writer, whose own commits leave its data_version. */
    if (st->readers_share_writer)
        return false;
    char text[32], err[FH_ERR_LEN];
    bool changed = false;
    pthread_mutex_lock(&st->write_lock);
    if (query_text(st->writer.db, "PRAGMA data_version", text, sizeof text, err, sizeof err) ==
        FH_OK) {
        long long v = strtoll(text, NULL, 10);
        changed = v != st->data_version;
        st->data_version = v;
    }
    pthread_mutex_unlock(&st->write_lock);
    return changed;
}

void store_close(struct store *st)
{
    if (st == NULL)
        return;
    checkpointer_stop(st);
    for (size_t i = 0; i < st->reader_count; i++) {
        conn_close(st->readers[i]);
        free(st->readers[i]);
    }
    conn_close(&st->writer);
    pthread_cond_destroy(&st->pool_cond);
    pthread_mutex_destroy(&st->pool_lock);
    pthread_mutex_destroy(&st->write_lock);
    pthread_mutex_destroy(&st->key_lock);
    store_keys_wipe(st);
    free(st->key_path);
    free(st->path);
    for (size_t i = 0; i < st->hook_count; i++) {
        free(st->hooks[i].office);
        free(st->hooks[i].url);
    }
    free(st->hooks);
    free(st);
}

int store_schema_version(const struct store *st)
{
    return st->schema_version;
}
