/* SPDX-License-Identifier: BSD-2-Clause */
/* mime.h - Content-Type from a file name's extension. */
#ifndef HTTPD_MIME_H
#define HTTPD_MIME_H

/* The media type for name's extension (case-insensitive); application/octet-stream for
 * one not in the table or none. */
const char *mime_type(const char *name);

#endif
