/* SPDX-License-Identifier: BSD-2-Clause */
/* http_parse.h - the HTTP/1.x request head parser of httpd (RFC 9112): pure, no I/O, no
 * allocation, so tests/unit/test_http_parse.c runs it on the host. */
#ifndef HTTPD_HTTP_PARSE_H
#define HTTPD_HTTP_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#define HTTP_PATH_MAX 256     /* decoded request path, NUL included: longer is 414 */

enum http_method {
	HTTP_GET,
	HTTP_HEAD,
	HTTP_NOT_ALLOWED,     /* a method of RFC 9110 9.3 other than GET/HEAD: 405 */
	HTTP_UNKNOWN,         /* any other token: 501 */
};

struct http_req {
	enum http_method method;
	int minor;            /* HTTP/1.<minor>: 0 or 1 */
	bool keep_alive;      /* the connection stays open after the response */
	bool has_body;        /* Content-Length > 0 or Transfer-Encoding: not read, so close */
	char path[HTTP_PATH_MAX];   /* percent-decoded, query dropped, starts with '/' */
};

/* The length of the request head at the start of buf[0..len): through the empty line
 * that ends it (CRLF CRLF, or bare LF LF, RFC 9112 2.2), or 0 while it is incomplete. */
size_t http_head_len(const char *buf, size_t len);

/* Parses a complete head (http_head_len bytes) into *req: 0, or the status to answer
 * with: 400 (malformed), 414 (path too long), 505 (not HTTP/1.x). On an error req still
 * holds what was parsed (method, version), so the answer can say Allow or close. */
int http_parse(const char *head, size_t len, struct http_req *req);

#endif
