/* notify_webhook.c: a booking event POSTed to an integration's endpoint,
 * signed the Standard Webhooks way (webhook-id, webhook-timestamp,
 * webhook-signature: v1,base64 of HMAC-SHA256 over "id.timestamp.body"
 * under the secret's bytes), through libcurl. */
#include "notifier/notify_internal.h"

#include "common/fh_hash.h"

#include <curl/curl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CONNECT_TIMEOUT_MS 5000
#define TOTAL_TIMEOUT_MS   10000

char *notify_webhook_signature(const uint8_t *secret, size_t secret_len, const char *id,
                               int64_t timestamp, const char *body)
{
    char *signed_text = fh_asprintf("%s.%lld.%s", id, (long long)timestamp, body);
    uint8_t mac[FH_SHA256_LEN];
    fh_hmac_sha256(secret, secret_len, signed_text, strlen(signed_text), mac);
    free(signed_text);
    /* "v1," + 44 letters of padded standard base64 (EVP_EncodeBlock) + NUL */
    char *out = fh_calloc(1, 3 + 4 * ((FH_SHA256_LEN + 2) / 3) + 1);
    memcpy(out, "v1,", 3);
    EVP_EncodeBlock((unsigned char *)out + 3, mac, FH_SHA256_LEN);
    return out;
}

/* The endpoint's answer is not kept: the status decides and is the reason. */
static size_t drop_reply(char *data, size_t size, size_t nmemb, void *arg)
{
    (void)data;
    (void)arg;
    return size * nmemb;
}

fh_result notify_webhook_send(const char *url, const uint8_t *secret, size_t secret_len,
                              const char *id, int64_t timestamp, const char *body,
                              struct notify_outcome *out)
{
    if (url == NULL || (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0)) {
        notify_outcome_set(out, NOTIFY_FAILED, 0, "the endpoint URL must be http(s)");
        return FH_EINVAL;
    }
    CURL *curl = curl_easy_init();
    if (curl == NULL)
        fh_fatal("libcurl: cannot create a handle");
    char *signature = notify_webhook_signature(secret, secret_len, id, timestamp, body);
    char *h_id = fh_asprintf("webhook-id: %s", id);
    char *h_ts = fh_asprintf("webhook-timestamp: %lld", (long long)timestamp);
    char *h_sig = fh_asprintf("webhook-signature: %s", signature);
    struct curl_slist *headers = curl_slist_append(NULL, "Content-Type: application/json");
    headers = curl_slist_append(headers, h_id);
    headers = curl_slist_append(headers, h_ts);
    headers = curl_slist_append(headers, h_sig);
    headers = curl_slist_append(headers, "Expect:"); /* no 100-continue round trip */
    char curl_err[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "flexhours-webhooks");
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, (long)CONNECT_TIMEOUT_MS);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, (long)TOTAL_TIMEOUT_MS);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    /* A redirect would carry the signed body elsewhere: not followed. */
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, drop_reply);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, curl_err);
    CURLcode rc = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);

    fh_result result;
    if (rc != CURLE_OK) {
        bool hopeless = rc == CURLE_UNSUPPORTED_PROTOCOL || rc == CURLE_URL_MALFORMAT;
        notify_outcome_set(out, hopeless ? NOTIFY_FAILED : NOTIFY_RETRY, 0, "%s",
                           curl_err[0] ? curl_err : curl_easy_strerror(rc));
        result = hopeless ? FH_EINVAL : FH_EBUSY;
    } else if (status >= 200 && status < 300) {
        notify_outcome_set(out, NOTIFY_SENT, (int)status, "the endpoint answered %ld", status);
        result = FH_OK;
    } else if (status >= 500 || status == 408 || status == 429) {
        notify_outcome_set(out, NOTIFY_RETRY, (int)status, "the endpoint answered %ld", status);
        result = FH_EBUSY;
    } else {
        /* 3xx and other 4xx: the same request cannot succeed later. */
        notify_outcome_set(out, NOTIFY_FAILED, (int)status, "the endpoint answered %ld", status);
        result = FH_EIO;
    }
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    free(signature);
    free(h_id);
    free(h_ts);
    free(h_sig);
    return result;
}
