/* SPDX-License-Identifier: BSD-2-Clause */
/* response.h - HTTP/1.1 response heads (RFC 9112 4, RFC 9110 15). */
#ifndef HTTPD_RESPONSE_H
#define HTTPD_RESPONSE_H

#include <stddef.h>
#include <stdint.h>

#define RESPONSE_HEAD_MAX 512

/* Connection field to send: none (HTTP/1.1 keeps by default), close, or keep-alive (a
 * kept HTTP/1.0 connection, RFC 9112 9.3). */
enum conn_field { CONN_FIELD_NONE, CONN_FIELD_CLOSE, CONN_FIELD_KEEP };

/* The reason phrase of status ("" for one not used here). */
const char *response_reason(int status);

/* Writes the head "HTTP/1.1 status reason", Server, Content-Type (type, when not NULL),
 * Content-Length, the Connection field, Allow for 405 and 501, and the empty line into
 * buf: its length, or 0 when it does not fit cap. No Date: there is no clock that is
 * right (RFC 9110 6.6.1). */
size_t response_head(char *buf, size_t cap, int status, const char *type, uint64_t length,
		     enum conn_field conn);

/* The short text/plain body of an error status (with its newline). */
size_t response_error_body(char *buf, size_t cap, int status);

#endif
