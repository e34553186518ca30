/* web.h: the citizens' pages of flexhours, rendered on the server: an
 * office's home, the booking flow (service, day, time, details, check your
 * answers), the manage page that every message links to (move, cancel, the
 * .ics), and finding a booking by its code and a national ID. A face of the
 * request layer (http/) that owns every path the API does not, and answers
 * in HTML in zh-TW or English. */
#ifndef WEB_H
#define WEB_H

#include "http/http.h"

extern const struct http_face web_face;

#endif
