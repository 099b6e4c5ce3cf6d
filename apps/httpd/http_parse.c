/* SPDX-License-Identifier: BSD-2-Clause */
/* http_parse.c - the request head parser (http_parse.h): request line, the header fields
 * httpd acts on (Host, Connection, Content-Length, Transfer-Encoding), others skipped
 * after a syntax check. Section numbers are RFC 9112's unless said otherwise. */
#include <stdbool.h>
#include <string.h>
#include "http_parse.h"

struct span {
	const char *p;
	size_t n;
};

size_t http_head_len(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (buf[i] != '\n')
			continue;
		if (i + 1 < len && buf[i + 1] == '\n')
			return i + 2;
		if (i + 2 < len && buf[i + 1] == '\r' && buf[i + 2] == '\n')
			return i + 3;
	}
	return 0;
}

/* tchar of RFC 9110 5.6.2: the characters of a method or a field name. */
static bool is_tchar(char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return true;
	return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* s equals the lower-case word w, ignoring case. */
static bool same_word(struct span s, const char *w)
{
	size_t n = strlen(w);
	if (s.n != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (lower(s.p[i]) != w[i])
			return false;
	return true;
}

static bool is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* The next line of [*p, end) without its LF and a CR before it; -1 on a bare CR or a
 * NUL inside it (2.2: a bare CR is invalid; RFC 9110 5.5: NUL must be rejected). */
static int next_line(const char **p, const char *end, struct span *line)
{
	const char *s = *p, *e = s;
	while (e < end && *e != '\n')
		e++;
	*p = e < end ? e + 1 : e;
	if (e > s && e[-1] == '\r')
		e--;
	for (const char *q = s; q < e; q++)
		if (*q == '\r' || *q == '\0')
			return -1;
	line->p = s;
	line->n = (size_t)(e - s);
	return 0;
}

static enum http_method method_of(struct span m)
{
	static const char *const others[] = { "POST", "PUT", "DELETE", "CONNECT", "OPTIONS",
					      "TRACE", "PATCH" };
	if (m.n == 3 && memcmp(m.p, "GET", 3) == 0)
		return HTTP_GET;
	if (m.n == 4 && memcmp(m.p, "HEAD", 4) == 0)
		return HTTP_HEAD;
	/* Methods are case-sensitive (RFC 9110 9.1). */
	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++)
		if (strlen(others[i]) == m.n && memcmp(m.p, others[i], m.n) == 0)
			return HTTP_NOT_ALLOWED;
	return HTTP_UNKNOWN;
}

static int hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = lower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The request target (3.2): origin-form, or absolute-form whose authority is dropped.
 * Percent-decoded into path, the query cut off. */
static int parse_target(struct span t, char *path)
{
	const char *p = t.p, *end = t.p + t.n;
	size_t n = 0;

	if (t.n > 7 && same_word((struct span){ p, 7 }, "http://"))
		p += 7;
	else if (t.n > 8 && same_word((struct span){ p, 8 }, "https://"))
		p += 8;
	else if (p == end || *p != '/')
		return 400;
	if (p != t.p) {                      /* absolute-form: skip the authority */
		while (p < end && *p != '/' && *p != '?')
			p++;
		if (p == end || *p != '/')
			path[n++] = '/';
	}
	for (; p < end && *p != '?' && *p != '#'; p++) {
		char c = *p;
		if (c == '%') {
			int hi = end - p > 2 ? hex(p[1]) : -1, lo = end - p > 2 ? hex(p[2]) : -1;
			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
				return 400;
			c = (char)(hi << 4 | lo);
			p += 2;
		} else if ((unsigned char)c <= ' ' || c == 0x7f) {
			return 400;
		}
		if (n + 1 >= HTTP_PATH_MAX)
			return 414;
		path[n++] = c;
	}
	path[n] = '\0';
	return 0;
}

static int parse_version(struct span v, struct http_req *req)
{
	if (v.n != 8 || memcmp(v.p, "HTTP/", 5) != 0 || v.p[6] != '.' ||
	    v.p[5] < '0' || v.p[5] > '9' || v.p[7] < '0' || v.p[7] > '9')
		return 400;
	if (v.p[5] != '1')
		return 505;
	/* A higher 1.x minor is answered as the highest we speak (RFC 9110 2.5). */
	req->minor = v.p[7] >= '1' ? 1 : 0;
	return 0;
}

/* method SP request-target SP HTTP-version (3). */
static int parse_request_line(struct span l, struct http_req *req)
{
	const char *sp1 = memchr(l.p, ' ', l.n);
	if (sp1 == NULL || sp1 == l.p)
		return 400;
	struct span m = { l.p, (size_t)(sp1 - l.p) };
	for (size_t i = 0; i < m.n; i++)
		if (!is_tchar(m.p[i]))
			return 400;
	req->method = method_of(m);
	const char *rest = sp1 + 1, *end = l.p + l.n;
	const char *sp2 = memchr(rest, ' ', (size_t)(end - rest));
	if (sp2 == NULL || sp2 == rest)
		return 400;
	int r = parse_version((struct span){ sp2 + 1, (size_t)(end - sp2 - 1) }, req);
	if (r != 0)
		return r;
	return parse_target((struct span){ rest, (size_t)(sp2 - rest) }, req->path);
}

struct fields {
	int hosts, close, keep_alive, body;
	struct span length;   /* the first Content-Length, leading zeros dropped */
	int lengths;
};

/* Connection: a comma-separated list of options (RFC 9110 7.6.1). */
static void parse_connection(struct span v, struct fields *f)
{
	const char *p = v.p, *end = v.p + v.n;
	while (p < end) {
		while (p < end && (is_ows(*p) || *p == ','))
			p++;
		const char *s = p;
		while (p < end && *p != ',' && !is_ows(*p))
			p++;
		struct span w = { s, (size_t)(p - s) };
		if (same_word(w, "close"))
			f->close = 1;
		else if (same_word(w, "keep-alive"))
			f->keep_alive = 1;
	}
}

/* field-name ":" OWS field-value OWS (5); no space before the colon (5.1), no obs-fold
 * (5.2): both 400. */
static int parse_field(struct span l, struct fields *f)
{
	if (is_ows(l.p[0]))
		return 400;
	const char *colon = memchr(l.p, ':', l.n);
	if (colon == NULL || colon == l.p)
		return 400;
	struct span name = { l.p, (size_t)(colon - l.p) };
	for (size_t i = 0; i < name.n; i++)
		if (!is_tchar(name.p[i]))
			return 400;
	const char *v = colon + 1, *end = l.p + l.n;
	while (v < end && is_ows(*v))
		v++;
	while (end > v && is_ows(end[-1]))
		end--;
	struct span val = { v, (size_t)(end - v) };

	if (same_word(name, "host")) {
		f->hosts++;
	} else if (same_word(name, "connection")) {
		parse_connection(val, f);
	} else if (same_word(name, "content-length")) {
		if (val.n == 0)
			return 400;
		for (size_t i = 0; i < val.n; i++)
			if (val.p[i] < '0' || val.p[i] > '9')
				return 400;   /* also a list of lengths (RFC 9112 6.3 rule 5) */
		while (val.n > 1 && val.p[0] == '0') {
			val.p++;
			val.n--;
		}
		/* Two fields of different lengths: the framing is unknown, 400 (6.3 rule 5;
		 * RFC 9110 8.6). Compared as digits: any length, no overflow. */
		if (f->lengths++ && (val.n != f->length.n || memcmp(val.p, f->length.p, val.n)))
			return 400;
		f->length = val;
		if (val.p[0] != '0')
			f->body = 1;
	} else if (same_word(name, "transfer-encoding")) {
		f->body = 1;
	}
	return 0;
}

int http_parse(const char *head, size_t len, struct http_req *req)
{
	const char *p = head, *end = head + len;
	struct span line;
	struct fields f = { 0 };

	memset(req, 0, sizeof(*req));
	req->method = HTTP_UNKNOWN;
	/* Empty lines before the request line are ignored (2.2). */
	do {
		if (p == end || next_line(&p, end, &line) != 0)
			return 400;
	} while (line.n == 0);
	int r = parse_request_line(line, req);
	if (r != 0)
		return r;
	for (;;) {
		if (p == end || next_line(&p, end, &line) != 0)
			return 400;   /* no empty line: not a complete head */
		if (line.n == 0)
			break;
		if ((r = parse_field(line, &f)) != 0)
			return r;
	}
	req->has_body = f.body;
	req->keep_alive = req->minor >= 1 ? !f.close : f.keep_alive && !f.close;
	/* A 1.1 request without exactly one Host is answered 400 (3.2). */
	if (req->minor >= 1 && f.hosts != 1)
		return 400;
	if (f.hosts > 1)
		return 400;
	return 0;
}
