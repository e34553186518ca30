/* http_proxy.c: who the client is. A request from a peer listed in
 * trusted_proxies carries the client's address in Forwarded (RFC 7239) or
 * X-Forwarded-For, each proxy appending the address it was reached from;
 * the client is the rightmost address that is not itself a trusted proxy
 * (addresses further left were written by the client and may be lies).
 * From any other peer those headers are ignored: anyone can send them.
 * Rate limits, the lock-outs of failed lookups and the per-address caps use
 * this address; it never goes to a log. */
#include "http/http_internal.h"

#include <arpa/inet.h>
#include <string.h>
#include <strings.h>

#define MAX_HOPS 32

struct ip {
    int family;
    unsigned char addr[16];
};

static bool ip_of_sockaddr(const struct sockaddr *sa, struct ip *out)
{
    if (sa == NULL)
        return false;
    if (sa->sa_family == AF_INET) {
        out->family = AF_INET;
        memcpy(out->addr, &((const struct sockaddr_in *)sa)->sin_addr, 4);
        return true;
    }
    if (sa->sa_family == AF_INET6) {
        out->family = AF_INET6;
        memcpy(out->addr, &((const struct sockaddr_in6 *)sa)->sin6_addr, 16);
        return true;
    }
    return false;
}

/* One hop's address: "192.0.2.1", "192.0.2.1:8080", "2001:db8::1",
 * "[2001:db8::1]" or "[2001:db8::1]:4711", with optional quotes and
 * spaces around (Forwarded quotes addresses with a port or brackets). */
static bool ip_of_text(const char *s, size_t n, struct ip *out)
{
    while (n > 0 && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n >= 2 && s[0] == '"' && s[n - 1] == '"')
        s++, n -= 2;
    char host[INET6_ADDRSTRLEN];
    if (n > 0 && s[0] == '[') {
        const char *close = memchr(s, ']', n);
        if (close == NULL)
            return false;
        size_t after = n - (size_t)(close + 1 - s);
        if (after != 0 && close[1] != ':')
            return false;
        n = (size_t)(close - s - 1);
        s++;
        if (n == 0 || n >= sizeof host)
            return false;
        memcpy(host, s, n);
        host[n] = '\0';
        out->family = AF_INET6;
        return inet_pton(AF_INET6, host, out->addr) == 1;
    }
    if (n == 0 || n >= sizeof host)
        return false;
    memcpy(host, s, n);
    host[n] = '\0';
    if (inet_pton(AF_INET6, host, out->addr) == 1) {
        out->family = AF_INET6;
        return true;
    }
    char *colon = strchr(host, ':'); /* IPv4 with a port */
    if (colon != NULL)
        *colon = '\0';
    out->family = AF_INET;
    return inet_pton(AF_INET, host, out->addr) == 1;
}

/* The for= addresses of a Forwarded header, or the items of an
 * X-Forwarded-For header, left to right, into hops (at most MAX_HOPS: the
 * rightmost kept). Returns how many; an item that is no address is kept
 * as family 0, so that the walk stops there. */
static size_t hops_of(const char *value, bool forwarded, struct ip hops[MAX_HOPS])
{
    size_t count = 0;
    const char *p = value;
    while (*p != '\0') {
        const char *end = strchr(p, ',');
        size_t n = end != NULL ? (size_t)(end - p) : strlen(p);
        const char *item = p;
        size_t item_len = n;
        bool found = !forwarded;
        if (forwarded) {
            /* Forwarded: for=...;proto=https;by=... pairs within an element. */
            const char *q = p, *stop = p + n;
            while (q < stop && !found) {
                const char *semi = memchr(q, ';', (size_t)(stop - q));
                const char *pair_end = semi != NULL ? semi : stop;
                while (q < pair_end && (*q == ' ' || *q == '\t'))
                    q++;
                if (pair_end - q > 4 && strncasecmp(q, "for=", 4) == 0) {
                    item = q + 4;
                    item_len = (size_t)(pair_end - item);
                    found = true;
                }
                q = pair_end + (semi != NULL);
            }
        }
        struct ip ip = {0};
        if (!found || !ip_of_text(item, item_len, &ip))
            ip.family = 0;
        if (count == MAX_HOPS) {
            memmove(hops, hops + 1, (MAX_HOPS - 1) * sizeof *hops);
            count--;
        }
        hops[count++] = ip;
        p += n + (end != NULL);
    }
    return count;
}

static bool trusted(const struct http_server *srv, const struct ip *ip)
{
    return cfg_net_contains(srv->trusted, srv->trusted_count, ip->family, ip->addr);
}

bool http_peer_trusted(struct http_server *srv, const struct sockaddr *peer)
{
    struct ip ip;
    pthread_rwlock_rdlock(&srv->nets_lock);
    bool yes = srv->trusted_count > 0 && ip_of_sockaddr(peer, &ip) && trusted(srv, &ip);
    pthread_rwlock_unlock(&srv->nets_lock);
    return yes;
}

bool http_client_address(const struct http_ctx *c, char *out, size_t len)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(c->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    struct ip client;
    if (info == NULL || !ip_of_sockaddr(info->client_addr, &client))
        return false;
    /* The list is the server's, replaced by a reload: held while used. */
    pthread_rwlock_rdlock(&c->srv->nets_lock);
    if (c->srv->trusted_count > 0 && trusted(c->srv, &client)) {
        const char *fwd = http_header(c, "Forwarded");
        const char *xff = fwd == NULL ? http_header(c, "X-Forwarded-For") : NULL;
        struct ip hops[MAX_HOPS];
        size_t n = fwd != NULL   ? hops_of(fwd, true, hops)
                   : xff != NULL ? hops_of(xff, false, hops)
                                 : 0;
        /* Right to left: past every trusted proxy to the first address
         * that is not one; a malformed hop ends the walk at the last good
         * one (a proxy that wrote garbage is trusted no further). */
        while (n > 0) {
            struct ip *hop = &hops[--n];
            if (hop->family == 0)
                break;
            client = *hop;
            if (!trusted(c->srv, hop))
                break;
        }
    }
    pthread_rwlock_unlock(&c->srv->nets_lock);
    return inet_ntop(client.family, client.addr, out, (socklen_t)len) != NULL;
}
