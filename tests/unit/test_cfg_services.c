/* test_cfg_services.c: the service keys of the configuration that the
 * scheduler cases cannot see: "couple" read (true, false, absent) into the
 * compiled office, refused with its path when not a boolean, and set on
 * the demo office's marriage only. */
#include "config/cfg.h"
#include "tests/unit/check.h"

#include <stdlib.h>
#include <string.h>

/* An office whose marriage service carries the given extra keys. */
static fh_result load(const char *marriage_extra, struct fh_config **cfg, char *err, size_t errlen)
{
    char *json = fh_asprintf(
        "{\"offices\": [{\"id\": \"o\", \"name\": {\"zh\": \"辦公室\", \"en\": \"Office\"},"
        " \"services\": [{\"id\": \"marriage\", \"name\": {\"zh\": \"結婚\", \"en\": \"M\"},"
        " \"minutes\": 60%s}, {\"id\": \"seal_change\", \"name\": {\"zh\": \"印鑑\", \"en\": "
        "\"S\"}, \"minutes\": 30}],"
        " \"windows\": [{\"name\": \"noon\", \"start\": \"12:00\", \"end\": \"13:30\","
        " \"capacity\": 2, \"services\": \"*\"}]}]}",
        marriage_extra);
    fh_result r = cfg_load_string(json, strlen(json), "t.json", cfg, err, errlen);
    free(json);
    return r;
}

/* The compiled office's couple flag of service id, or -1 when it fails. */
static int couple_of(const struct fh_config *cfg, const char *office_id, const char *service)
{
    const struct sched_office *office = cfg_office(cfg, office_id);
    int i = office ? sched_office_service_index(office, service) : -1;
    return i < 0 ? -1 : sched_office_spec(office)->services[i].couple;
}

static void test_couple(void)
{
    static const struct {
        const char *extra;
        int marriage; /* expected couple flag */
    } ok[] = {
        {", \"couple\": true", 1},
        {", \"couple\": false", 0},
        {"", 0},
        {", \"in_person\": true, \"couple\": true", 1},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        struct fh_config *cfg = NULL;
        char err[FH_ERR_LEN] = "";
        fh_result r = load(ok[i].extra, &cfg, err, sizeof err);
        CHECK_INT(r, FH_OK);
        if (r != FH_OK) {
            printf("%s\n", err);
            continue;
        }
        CHECK_INT(couple_of(cfg, "o", "marriage"), ok[i].marriage);
        CHECK_INT(couple_of(cfg, "o", "seal_change"), 0);
        cfg_free(cfg);
    }

    static const char *const bad[] = {", \"couple\": 1", ", \"couple\": \"true\"",
                                      ", \"couple\": [true]", ", \"couple\": {}"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct fh_config *cfg = NULL;
        char err[FH_ERR_LEN] = "";
        CHECK_INT(load(bad[i], &cfg, err, sizeof err), FH_EINVAL);
        CHECK(cfg == NULL);
        if (strstr(err, "t.json: offices[0].services[0].couple: must be true or false") == NULL) {
            printf("error \"%s\" for %s\n", err, bad[i]);
            check_failures++;
        }
    }
    /* A near miss is an unknown key, not a silent false. */
    struct fh_config *cfg = NULL;
    char err[FH_ERR_LEN] = "";
    CHECK_INT(load(", \"couples\": true", &cfg, err, sizeof err), FH_EINVAL);
    CHECK(strstr(err, "offices[0].services[0].couples: unknown key") != NULL);
    cfg_free(cfg);
}

static void test_demo(void)
{
    struct fh_config *cfg = NULL;
    char err[FH_ERR_LEN] = "";
    CHECK_INT(cfg_load_demo(&cfg, err, sizeof err), FH_OK);
    if (cfg == NULL) {
        printf("%s\n", err);
        return;
    }
    const struct sched_office *office = cfg_office(cfg, "taichung-south");
    CHECK(office != NULL);
    if (office != NULL) {
        const struct sched_office_spec *spec = sched_office_spec(office);
        for (size_t i = 0; i < spec->service_count; i++)
            CHECK_INT(spec->services[i].couple, strcmp(spec->services[i].id, "marriage") == 0);
    }
    cfg_free(cfg);
}

int main(void)
{
    fh_log_set_level(FH_LOG_WARN);
    test_couple();
    test_demo();
    return check_result();
}
