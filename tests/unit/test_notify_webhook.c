/* test_notify_webhook.c: the Standard Webhooks signature. The vector is the
 * one the Standard Webhooks reference libraries test against (secret
 * whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw, id msg_p5jXN8AQM9LWM0D4loKWxJek,
 * timestamp 1614265330, body {"test": 2432232314}); its expected value was
 * also computed apart with Python's hmac and base64. */
#include "notifier/notify_internal.h"
#include "tests/unit/check.h"

#include <stdlib.h>
#include <string.h>

/* The bytes the base64 MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw stands for. */
static const uint8_t secret[24] = {0x31, 0xf2, 0x90, 0xf6, 0xbf, 0x06, 0x29, 0x8a,
                                   0xab, 0x4f, 0x08, 0xd4, 0x3c, 0x3f, 0x08, 0x2c,
                                   0xf6, 0x48, 0xa3, 0x62, 0xda, 0x2d, 0xa4, 0xb0};

static void test_vector(void)
{
    char *sig = notify_webhook_signature(secret, sizeof secret, "msg_p5jXN8AQM9LWM0D4loKWxJek",
                                         1614265330, "{\"test\": 2432232314}");
    CHECK_STR(sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    free(sig);
    /* One byte of the body changed: another signature. */
    sig = notify_webhook_signature(secret, sizeof secret, "msg_p5jXN8AQM9LWM0D4loKWxJek",
                                   1614265330, "{\"test\": 2432232315}");
    CHECK(strcmp(sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=") != 0);
    free(sig);
}

static void test_refuses_bad_url(void)
{
    struct notify_outcome o;
    CHECK_INT(notify_webhook_send("ftp://x.example/", secret, sizeof secret, "msg_1", 1, "{}", &o),
              FH_EINVAL);
    CHECK_INT(o.status, NOTIFY_FAILED);
}

int main(void)
{
    test_vector();
    test_refuses_bad_url();
    return check_result();
}
