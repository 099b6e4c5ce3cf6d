// SPDX-License-Identifier: BSD-2-Clause
/* test_http_parse.c - apps/httpd's request parser (http_parse.c), its MIME table
 * (mime.c) and its response heads (response.c), on the host. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "http_parse.h"
#include "mime.h"
#include "response.h"

/* Parses the whole of s as a head (it must be one). */
static int parse(const char *s, struct http_req *req)
{
	size_t n = http_head_len(s, strlen(s));
	assert_int_equal(n, strlen(s));
	return http_parse(s, n, req);
}

static void test_head_len(void **state)
{
	(void)state;
	const char *full = "GET / HTTP/1.1\r\nHost: a\r\n\r\nGET /x";
	assert_int_equal(http_head_len(full, strlen(full)), 27);
	assert_int_equal(http_head_len("GET / HTTP/1.1\r\nHost: a\r\n", 25), 0);
	assert_int_equal(http_head_len("GET / HTTP/1.1\r\nHost: a\r\n\r", 26), 0);
	assert_int_equal(http_head_len("GET / HTTP/1.0\n\n", 16), 16);   /* bare LF, RFC 9112 2.2 */
	assert_int_equal(http_head_len("", 0), 0);
}

static void test_get(void **state)
{
	struct http_req r;
	(void)state;
	assert_int_equal(parse("GET /index.html HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n", &r), 0);
	assert_int_equal(r.method, HTTP_GET);
	assert_int_equal(r.minor, 1);
	assert_true(r.keep_alive);
	assert_false(r.has_body);
	assert_string_equal(r.path, "/index.html");

	assert_int_equal(parse("\r\nHEAD /a%20b.txt?q=1 HTTP/1.1\r\nhOsT:  x \r\n\r\n", &r), 0);
	assert_int_equal(r.method, HTTP_HEAD);
	assert_string_equal(r.path, "/a b.txt");

	assert_int_equal(parse("GET http://example.org:80/p.css HTTP/1.1\r\nHost: e\r\n\r\n", &r), 0);
	assert_string_equal(r.path, "/p.css");
	assert_int_equal(parse("GET http://example.org HTTP/1.1\r\nHost: e\r\n\r\n", &r), 0);
	assert_string_equal(r.path, "/");
	assert_int_equal(parse("GET / HTTP/1.9\r\nHost: e\r\n\r\n", &r), 0);   /* RFC 9110 2.5 */
	assert_int_equal(r.minor, 1);
}

static void test_connection(void **state)
{
	struct http_req r;
	(void)state;
	assert_int_equal(parse("GET / HTTP/1.1\r\nHost: x\r\nConnection: Close\r\n\r\n", &r), 0);
	assert_false(r.keep_alive);
	assert_int_equal(parse("GET / HTTP/1.1\r\nHost: x\r\nConnection: TE, close\r\n\r\n", &r), 0);
	assert_false(r.keep_alive);
	assert_int_equal(parse("GET / HTTP/1.0\r\n\r\n", &r), 0);   /* no Host needed in 1.0 */
	assert_int_equal(r.minor, 0);
	assert_false(r.keep_alive);
	assert_int_equal(parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", &r), 0);
	assert_true(r.keep_alive);
	assert_int_equal(parse("GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n", &r), 0);
	assert_false(r.keep_alive);
}

static void test_methods(void **state)
{
	struct http_req r;
	(void)state;
	assert_int_equal(parse("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n", &r), 0);
	assert_int_equal(r.method, HTTP_NOT_ALLOWED);
	assert_true(r.has_body);
	assert_int_equal(parse("DELETE /a HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", &r), 0);
	assert_int_equal(r.method, HTTP_NOT_ALLOWED);
	assert_false(r.has_body);
	assert_int_equal(parse("BREW /pot HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", &r), 0);
	assert_int_equal(r.method, HTTP_UNKNOWN);
	assert_true(r.has_body);
	/* Framing the server cannot trust ends the connection after the answer (RFC 9112
	 * 6.1: Content-Length with Transfer-Encoding; 6.3: a length of any size). */
	assert_int_equal(parse("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
			       "Transfer-Encoding: chunked\r\n\r\n", &r), 0);
	assert_true(r.has_body);
	assert_int_equal(parse("GET / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", &r), 0);
	assert_true(r.has_body);
	assert_int_equal(parse("GET / HTTP/1.1\r\nHost: x\r\n"
			       "Content-Length: 99999999999999999999999999\r\n\r\n", &r), 0);
	assert_true(r.has_body);
	/* the same length twice is one length (RFC 9110 8.6) */
	assert_int_equal(parse("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
			       "Content-Length: 000\r\n\r\n", &r), 0);
	assert_false(r.has_body);
	assert_int_equal(parse("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\n"
			       "content-length: 012\r\n\r\n", &r), 0);
	assert_true(r.has_body);
	assert_int_equal(parse("get / HTTP/1.1\r\nHost: x\r\n\r\n", &r), 0);   /* case-sensitive */
	assert_int_equal(r.method, HTTP_UNKNOWN);
}

static void test_malformed(void **state)
{
	static const char *const bad[] = {
		"garbage\r\n\r\n",
		"GET /\r\n\r\n",                                      /* HTTP/0.9 */
		"GET  / HTTP/1.1\r\nHost: x\r\n\r\n",
		"GET / HTTP/1.1 \r\nHost: x\r\n\r\n",
		"GET index.html HTTP/1.1\r\nHost: x\r\n\r\n",
		"GET / HTTP/1.1\r\n\r\n",                            /* no Host, RFC 9112 3.2 */
		"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
		"GET / HTTP/1.1\r\nHost : x\r\n\r\n",                /* RFC 9112 5.1 */
		"GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n",      /* obs-fold, RFC 9112 5.2 */
		"GET / HTTP/1.1\r\nHost: x\r\nnocolon\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1, 1\r\n\r\n",
		/* two lengths: request smuggling's other half (RFC 9112 6.3 rule 5) */
		"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 5\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 50\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: +1\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: x\r\nContent-Length:\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: x\rY: z\r\n\r\n",           /* bare CR */
		"GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n",
		"GET /%00 HTTP/1.1\r\nHost: x\r\n\r\n",
		"GET /% HTTP/1.1\r\nHost: x\r\n\r\n",
		"G@T / HTTP/1.1\r\nHost: x\r\n\r\n",
		"GET / HTTP/1.x\r\nHost: x\r\n\r\n",
		"GET / http/1.1\r\nHost: x\r\n\r\n",
		"\r\n\r\n",
	};
	struct http_req r;
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		size_t n = strlen(bad[i]);
		size_t h = http_head_len(bad[i], n);
		int st = http_parse(bad[i], h ? h : n, &r);
		if (st != 400)
			fail_msg("%s: %d, not 400", bad[i], st);
	}
	const char nul[] = "GET / HTTP/1.1\r\nHost: x\0y\r\n\r\n";
	assert_int_equal(http_parse(nul, sizeof(nul) - 1, &r), 400);
	assert_int_equal(parse("GET / HTTP/2.0\r\nHost: x\r\n\r\n", &r), 505);
}

static void test_long_path(void **state)
{
	char req[HTTP_PATH_MAX + 64], *p = req;
	struct http_req r;
	(void)state;
	p += sprintf(p, "GET /");
	memset(p, 'a', HTTP_PATH_MAX - 2);   /* "/" + 254 = 255 characters: fits */
	p += HTTP_PATH_MAX - 2;
	strcpy(p, " HTTP/1.1\r\nHost: x\r\n\r\n");
	assert_int_equal(parse(req, &r), 0);
	assert_int_equal(strlen(r.path), HTTP_PATH_MAX - 1);
	memmove(p + 1, p, strlen(p) + 1);
	*p = 'a';
	assert_int_equal(parse(req, &r), 414);
}

static void test_mime(void **state)
{
	(void)state;
	assert_string_equal(mime_type("index.html"), "text/html; charset=utf-8");
	assert_string_equal(mime_type("A.HTM"), "text/html; charset=utf-8");
	assert_string_equal(mime_type("notes.txt"), "text/plain; charset=utf-8");
	assert_string_equal(mime_type("s.css"), "text/css");
	assert_string_equal(mime_type("app.js"), "text/javascript");
	assert_string_equal(mime_type("d.json"), "application/json");
	assert_string_equal(mime_type("p.png"), "image/png");
	assert_string_equal(mime_type("p.jpg"), "image/jpeg");
	assert_string_equal(mime_type("p.jpeg"), "image/jpeg");
	assert_string_equal(mime_type("p.gif"), "image/gif");
	assert_string_equal(mime_type("p.svg"), "image/svg+xml");
	assert_string_equal(mime_type("favicon.ico"), "image/vnd.microsoft.icon");
	assert_string_equal(mime_type("m.wasm"), "application/wasm");
	assert_string_equal(mime_type("doc.pdf"), "application/pdf");
	assert_string_equal(mime_type("x.bin"), "application/octet-stream");
	assert_string_equal(mime_type("README"), "application/octet-stream");
	assert_string_equal(mime_type("a.html.gz"), "application/octet-stream");
	assert_string_equal(mime_type("a.jss"), "application/octet-stream");
}

static void test_response(void **state)
{
	char b[RESPONSE_HEAD_MAX];
	(void)state;
	size_t n = response_head(b, sizeof(b), 200, "text/css", 1234, CONN_FIELD_NONE);
	assert_int_equal(n, strlen(b));
	assert_string_equal(b, "HTTP/1.1 200 OK\r\nServer: BareMetal-C httpd\r\nContent-Type: text/css\r\n"
			       "Content-Length: 1234\r\n\r\n");
	response_head(b, sizeof(b), 405, NULL, 0, CONN_FIELD_CLOSE);
	assert_string_equal(b, "HTTP/1.1 405 Method Not Allowed\r\nServer: BareMetal-C httpd\r\n"
			       "Content-Length: 0\r\nConnection: close\r\nAllow: GET, HEAD\r\n\r\n");
	response_head(b, sizeof(b), 404, NULL, 14, CONN_FIELD_KEEP);
	assert_non_null(strstr(b, "\r\nConnection: keep-alive\r\n"));
	assert_int_equal(response_head(b, 20, 200, NULL, 1, CONN_FIELD_NONE), 0);   /* too small */
	assert_int_equal(response_error_body(b, sizeof(b), 431), 36);
	assert_string_equal(b, "431 Request Header Fields Too Large\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_head_len),
		cmocka_unit_test(test_get),
		cmocka_unit_test(test_connection),
		cmocka_unit_test(test_methods),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_long_path),
		cmocka_unit_test(test_mime),
		cmocka_unit_test(test_response),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
