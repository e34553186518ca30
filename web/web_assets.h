/* web_assets.h: the static files of the pages (web/static/), compiled into the
 * binary by web/mkassets.sh, looked up by their address. Internal to web/. */
#ifndef WEB_ASSETS_H
#define WEB_ASSETS_H

#include <stddef.h>

struct web_asset {
    const char *path;         /* the address served: "/static/flexhours.css" */
    const char *content_type; /* "text/css; charset=utf-8", "image/svg+xml" */
    const unsigned char *data;
    size_t len;       /* bytes of data (no NUL after them) */
    const char *etag; /* strong, quoted: '"' + 16 hex digits of SHA-256 + '"' */
};

/* The asset served at path, or NULL when there is none. Static storage. */
const struct web_asset *web_asset_find(const char *path);

#endif
