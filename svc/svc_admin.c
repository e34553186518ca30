/* svc_admin.c: signing in to the manager pages: the password check, the
 * lock-out after repeated wrong answers, and sessions (svc.h). The pages
 * (web/) and the command line call these; the store keeps the accounts,
 * the failures and the sessions' hashes. */
#include "svc/svc.h"

#include "common/fh_hash.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* Verified against when the name is unknown, so that the answer takes a
 * default-cost KDF whatever the name: a well-formed hash of no password. */
static const char *const NOBODY = "$scrypt$ln=15,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$"
                                  "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

/* The cookie's hash, as the store keeps it. */
static bool cookie_hash(const char *cookie, uint8_t out[STORE_SESSION_HASH_LEN])
{
    if (cookie == NULL || strlen(cookie) != SVC_SESSION_COOKIE_LEN - 1)
        return false;
    fh_sha256(cookie, strlen(cookie), out);
    return true;
}

void svc_session_label(const char *cookie, char out[33])
{
    uint8_t h[FH_SHA256_LEN], label[FH_SHA256_LEN];
    fh_sha256(cookie != NULL ? cookie : "", cookie != NULL ? strlen(cookie) : 0, h);
    /* Not the store's key: a label shown in pages must not be the hash the
     * store looks sessions up by. */
    fh_hmac_sha256("form-token-label", 16, h, sizeof h, label);
    fh_hex_encode(label, 16, out);
}

fh_result svc_signin(struct svc *s, const char *name, const char *password,
                     char cookie[SVC_SESSION_COOKIE_LEN], struct store_user *user, int *retry_after,
                     char *err, size_t errlen)
{
    char key[SVC_SIGNIN_NAME_MAX + 1];
    size_t n = name != NULL ? strlen(name) : 0;
    *retry_after = 0;
    cookie[0] = '\0';
    /* Names are ids in lower case; what is typed is folded so that "Chen"
     * and "chen" count as one toward the lock-out. */
    if (n > SVC_SIGNIN_NAME_MAX)
        n = SVC_SIGNIN_NAME_MAX;
    for (size_t i = 0; i < n; i++)
        key[i] = (char)tolower((unsigned char)name[i]);
    key[n] = '\0';
    if (password == NULL)
        password = "";

    int64_t now = fh_clock_now();
    int failures;
    int64_t last;
    fh_result r =
        store_signin_failures(s->store, key, now - SVC_LOCK_WINDOW, &failures, &last, err, errlen);
    if (r != FH_OK)
        return r;
    char hash[FH_PASSWORD_HASH_LEN] = "";
    bool known = store_user_id_check(key) == NULL &&
                 store_user_get(s->store, key, user, hash, err, errlen) == FH_OK;
    /* The KDF runs whatever happens next, so that neither the name nor the
     * lock shows in the time taken. */
    bool good = fh_password_verify(password, strlen(password), known ? hash : NOBODY);
    fh_wipe(hash, sizeof hash);
    if (failures >= SVC_LOCK_FAILURES && now < last + SVC_LOCK_SECONDS) {
        *retry_after = (int)(last + SVC_LOCK_SECONDS - now);
        memset(user, 0, sizeof *user);
        return fh_fail(err, errlen, FH_EBUSY, "locked after %d wrong passwords", failures);
    }
    if (!known || !good || user->disabled) {
        memset(user, 0, sizeof *user);
        r = store_signin_failed(s->store, key, now, err, errlen);
        if (r != FH_OK)
            return r;
        if (failures + 1 >= SVC_LOCK_FAILURES) {
            /* The fifth wrong answer locks at once: say so now rather than
             * at the next try. */
            fh_log(FH_LOG_WARN, "sign-in: a name locked after %d wrong passwords", failures + 1);
        }
        return fh_fail(err, errlen, FH_EAUTH, "wrong name or password");
    }
    uint8_t raw[32], h[STORE_SESSION_HASH_LEN];
    if (fh_random_bytes(raw, sizeof raw) != FH_OK)
        return fh_fail(err, errlen, FH_EIO, "no random bytes for a session");
    fh_base64url_encode(raw, sizeof raw, cookie);
    fh_wipe(raw, sizeof raw);
    cookie_hash(cookie, h);
    r = store_session_create(s->store, h, user->id, now, err, errlen);
    if (r != FH_OK) {
        fh_wipe(cookie, SVC_SESSION_COOKIE_LEN);
        cookie[0] = '\0';
    }
    return r;
}

fh_result svc_session(struct svc *s, const char *cookie, struct store_user *user)
{
    uint8_t h[STORE_SESSION_HASH_LEN];
    char err[FH_ERR_LEN] = "";
    memset(user, 0, sizeof *user);
    if (!cookie_hash(cookie, h))
        return FH_ENOTFOUND;
    fh_result r = store_session_get(s->store, h, fh_clock_now(), s->cfg->session_idle_minutes * 60,
                                    user, err, sizeof err);
    if (r != FH_OK && r != FH_ENOTFOUND)
        fh_log(FH_LOG_ERROR, "session: %s", err);
    return r;
}

fh_result svc_signout(struct svc *s, const char *cookie, char *err, size_t errlen)
{
    uint8_t h[STORE_SESSION_HASH_LEN];
    if (!cookie_hash(cookie, h))
        return FH_OK;
    return store_session_end(s->store, h, fh_clock_now(), err, errlen);
}
