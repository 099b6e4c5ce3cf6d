/* SPDX-License-Identifier: BSD-2-Clause */
/* response.c - response heads and error bodies (response.h). */
#include <stdio.h>
#include "response.h"

const char *response_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 414: return "URI Too Long";
	case 431: return "Request Header Fields Too Large";   /* RFC 6585 5 */
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	case 503: return "Service Unavailable";
	case 505: return "HTTP Version Not Supported";
	default: return "";
	}
}

size_t response_head(char *buf, size_t cap, int status, const char *type, uint64_t length,
		     enum conn_field conn)
{
	static const char *const conn_line[] = { "", "Connection: close\r\n",
						 "Connection: keep-alive\r\n" };
	/* 405 must list the methods (RFC 9110 15.5.6); 501 says the same. */
	const char *allow = status == 405 || status == 501 ? "Allow: GET, HEAD\r\n" : "";
	int n = snprintf(buf, cap,
			 "HTTP/1.1 %d %s\r\nServer: BareMetal-C httpd\r\n%s%s%s"
			 "Content-Length: %llu\r\n%s%s\r\n",
			 status, response_reason(status), type ? "Content-Type: " : "",
			 type ? type : "", type ? "\r\n" : "", (unsigned long long)length,
			 conn_line[conn], allow);
	return n < 0 || (size_t)n >= cap ? 0 : (size_t)n;
}

size_t response_error_body(char *buf, size_t cap, int status)
{
	int n = snprintf(buf, cap, "%d %s\n", status, response_reason(status));
	return n < 0 || (size_t)n >= cap ? 0 : (size_t)n;
}
