/* cfg_net.c: addresses and ranges of the configuration (trusted_proxies):
 * parsed once at load, matched for every request from a proxy. */
#include "config/cfg.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

const char *cfg_net_parse(const char *text, struct cfg_net *out)
{
    char host[INET6_ADDRSTRLEN];
    const char *slash = strchr(text, '/');
    size_t n = slash != NULL ? (size_t)(slash - text) : strlen(text);
    if (n == 0 || n >= sizeof host)
        return "must be an IPv4 or IPv6 address, optionally /PREFIX";
    memcpy(host, text, n);
    host[n] = '\0';
    memset(out, 0, sizeof *out);
    int max;
    if (inet_pton(AF_INET, host, out->addr) == 1) {
        out->family = AF_INET;
        max = 32;
    } else if (inet_pton(AF_INET6, host, out->addr) == 1) {
        out->family = AF_INET6;
        max = 128;
    } else {
        return "must be an IPv4 or IPv6 address, optionally /PREFIX";
    }
    out->prefix = max;
    if (slash != NULL) {
        const char *p = slash + 1;
        int bits = 0;
        if (*p == '\0' || strlen(p) > 3)
            return "the prefix after / must be a number of bits";
        for (; *p != '\0'; p++) {
            if (*p < '0' || *p > '9')
                return "the prefix after / must be a number of bits";
            bits = bits * 10 + (*p - '0');
        }
        if (bits > max)
            return out->family == AF_INET ? "an IPv4 prefix is at most 32 bits"
                                          : "an IPv6 prefix is at most 128 bits";
        out->prefix = bits;
    }
    /* Host bits set under the prefix are a typo more often than not
     * (10.0.0.1/8 for 10.0.0.0/8): refuse rather than guess. */
    for (int bit = out->prefix; bit < max; bit++)
        if (out->addr[bit / 8] & (0x80 >> (bit % 8)))
            return "the address has bits set beyond its prefix";
    return NULL;
}

static bool in_net(const struct cfg_net *net, const unsigned char *addr)
{
    int full = net->prefix / 8, rest = net->prefix % 8;
    if (memcmp(net->addr, addr, (size_t)full) != 0)
        return false;
    if (rest == 0)
        return true;
    unsigned char mask = (unsigned char)(0xff << (8 - rest));
    return (net->addr[full] & mask) == (addr[full] & mask);
}

bool cfg_net_contains(const struct cfg_net *nets, size_t count, int family,
                      const unsigned char *addr)
{
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (family == AF_INET6 && memcmp(addr, mapped, sizeof mapped) == 0) {
        family = AF_INET;
        addr += 12;
    }
    for (size_t i = 0; i < count; i++)
        if (nets[i].family == family && in_net(&nets[i], addr))
            return true;
    return false;
}
