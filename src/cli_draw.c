/* cli_draw.c: `flexhours draw verify`: anyone re-runs a lucky-date draw from
 * what the office publishes, trusting nothing of the server. Given the
 * draw's JSON (GET /api/v1/offices/OFFICE/draws/DATE, saved to a file or
 * piped on standard input) it checks that the revealed seed is the one
 * committed to (its SHA-256 is the commitment published before requests
 * opened), ranks the request numbers again (sched_draw_rank()) and
 * compares with the published ranks, and checks that no request was given
 * a place while one ranked before it waits. Given --seed and the numbers
 * (one a line) it prints the order alone. 0 when everything holds. */
#include "src/cli.h"

#include "common/fh_hash.h"
#include "scheduler/sched.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: flexhours draw verify FILE|-          the draw's JSON, as the office publishes it\n"
    "       flexhours draw verify --seed HEX FILE|-   request numbers, one a line: the order\n";

static int usage(const char *why)
{
    if (why != NULL)
        fprintf(stderr, "flexhours draw: %s\n", why);
    fputs(usage_text, stderr);
    return CLI_USAGE;
}

static FILE *open_input(const char *path)
{
    if (strcmp(path, "-") == 0)
        return stdin;
    FILE *f = fopen(path, "r");
    if (f == NULL)
        perror(path);
    return f;
}

static bool read_seed(const char *hex, uint8_t seed[SCHED_DRAW_SEED_LEN])
{
    return hex != NULL && strlen(hex) == 2 * SCHED_DRAW_SEED_LEN &&
           fh_hex_decode(hex, seed, SCHED_DRAW_SEED_LEN) == NULL;
}

/* The order of numbers alone, from a seed given by hand. */
static int order_only(const char *seed_hex, const char *path)
{
    uint8_t seed[SCHED_DRAW_SEED_LEN];
    if (!read_seed(seed_hex, seed))
        return usage("--seed: 64 hexadecimal digits");
    FILE *f = open_input(path);
    if (f == NULL)
        return CLI_DATAERR;
    char line[128];
    char **numbers = NULL;
    size_t n = 0, cap = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '\0')
            continue;
        numbers = fh_grow(numbers, sizeof *numbers, &cap, n + 1);
        numbers[n++] = fh_strdup(line);
    }
    if (f != stdin)
        fclose(f);
    size_t *order = fh_calloc(n ? n : 1, sizeof *order);
    sched_draw_rank(seed, (const char *const *)numbers, n, order);
    for (size_t i = 0; i < n; i++)
        printf("%zu %s\n", i + 1, numbers[order[i]]);
    for (size_t i = 0; i < n; i++)
        free(numbers[i]);
    free(numbers);
    free(order);
    return CLI_OK;
}

static int verify_published(const char *path)
{
    FILE *f = open_input(path);
    if (f == NULL)
        return CLI_DATAERR;
    json_error_t jerr;
    json_t *doc = json_loadf(f, JSON_REJECT_DUPLICATES, &jerr);
    if (f != stdin)
        fclose(f);
    if (doc == NULL) {
        fprintf(stderr, "flexhours draw verify: %s:%d: %s\n", path, jerr.line, jerr.text);
        return CLI_DATAERR;
    }
    int status = CLI_FAIL;
    const char *seed_hex = json_string_value(json_object_get(doc, "seed"));
    const char *commitment = json_string_value(json_object_get(doc, "commitment"));
    json_t *list = json_object_get(doc, "request_list");
    uint8_t seed[SCHED_DRAW_SEED_LEN], sha[FH_SHA256_LEN];
    char sha_hex[2 * FH_SHA256_LEN + 1];
    size_t n = json_array_size(list);
    const char **numbers = fh_calloc(n ? n : 1, sizeof *numbers);
    size_t *order = fh_calloc(n ? n : 1, sizeof *order);
    if (commitment == NULL || !json_is_array(list)) {
        fprintf(stderr, "flexhours draw verify: %s: not a draw (no commitment or request_list)\n",
                path);
        status = CLI_DATAERR;
        goto out;
    }
    if (seed_hex == NULL) {
        fprintf(stderr, "flexhours draw verify: the seed is not revealed yet: the draw has not "
                        "been held\n");
        goto out;
    }
    if (!read_seed(seed_hex, seed)) {
        fprintf(stderr, "flexhours draw verify: the seed is not 64 hexadecimal digits\n");
        goto out;
    }
    fh_sha256(seed, sizeof seed, sha);
    fh_hex_encode(sha, sizeof sha, sha_hex);
    if (strcmp(sha_hex, commitment) != 0) {
        printf("commitment: FAILS: SHA-256 of the seed is %s, the commitment %s\n", sha_hex,
               commitment);
        goto out;
    }
    printf("commitment: ok (SHA-256 of the seed is the commitment published before the draw)\n");
    for (size_t i = 0; i < n; i++) {
        numbers[i] = json_string_value(json_object_get(json_array_get(list, i), "number"));
        if (numbers[i] == NULL) {
            fprintf(stderr, "flexhours draw verify: request_list[%zu]: no number\n", i);
            status = CLI_DATAERR;
            goto out;
        }
    }
    sched_draw_rank(seed, numbers, n, order);
    size_t wrong = 0;
    json_int_t waiting_rank = 0; /* the best rank left waiting */
    for (size_t i = 0; i < n; i++) {
        json_t *q = json_array_get(list, order[i]);
        json_int_t published = json_integer_value(json_object_get(q, "rank"));
        if (published != (json_int_t)i + 1) {
            if (wrong++ < 10)
                printf("rank: FAILS: %s ranks %zu, published %lld\n", numbers[order[i]], i + 1,
                       (long long)published);
        }
        const char *outcome = json_string_value(json_object_get(q, "outcome"));
        if (outcome != NULL && strcmp(outcome, "waiting") == 0 && waiting_rank == 0)
            waiting_rank = (json_int_t)i + 1;
        if (outcome != NULL && strcmp(outcome, "booked") == 0 && waiting_rank != 0) {
            if (wrong++ < 10)
                printf("outcome: FAILS: %s (rank %zu) was given a place while rank %lld waits\n",
                       numbers[order[i]], i + 1, (long long)waiting_rank);
        }
    }
    if (wrong == 0) {
        printf("ranks: ok (%zu requests ranked again from the seed: the same order)\n", n);
        printf("outcomes: ok (no place given past a request left waiting)\n");
        status = CLI_OK;
    } else {
        printf("%zu difference%s\n", wrong, wrong == 1 ? "" : "s");
    }
out:
    free(numbers);
    free(order);
    json_decref(doc);
    return status;
}

int cli_draw(const struct cli_common *common, int argc, char **argv)
{
    (void)common;
    if (argc < 1 || strcmp(argv[0], "verify") != 0)
        return usage(argc < 1 ? "what to do? (verify)" : "unknown subcommand");
    if (argc == 2 && strcmp(argv[1], "--help") != 0)
        return verify_published(argv[1]);
    if (argc == 4 && strcmp(argv[1], "--seed") == 0)
        return order_only(argv[2], argv[3]);
    return usage(NULL);
}
