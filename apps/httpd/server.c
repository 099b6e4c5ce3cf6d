/* SPDX-License-Identifier: BSD-2-Clause */
/* server.c - the connection pool and each connection's request/response cycle
 * (server.h). A connection is free (tcp NULL), reading a head, or busy sending a
 * response: the head and the file's first piece, then the rest of the file SERVER_BUF
 * bytes at a time, each piece sent as bm_tcp_send takes it and refilled from BMFS once
 * it is all queued (bm_tcp_sent says when the send buffer freed). */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include "bmnet.h"
#include "lwip/tcp.h"
#include "files.h"
#include "http_parse.h"
#include "mime.h"
#include "response.h"
#include "server.h"

#define SECTOR 4096u    /* BMFS reads whole drive sectors: later pieces start on one */

struct conn {
	struct bm_tcp *tcp;        /* NULL: a free slot */
	uint32_t last_ms;          /* the last progress (bytes in or out) */
	uint32_t wait_ms;          /* since when the next request head is awaited */
	bool busy;                 /* a response is under way */
	bool close_after;          /* close once the response is queued */
	bool peer_done;            /* the peer closed its side */
	bool overflow;             /* request bytes were dropped: no request after these */
	size_t in_len;
	size_t out_off, out_len;
	uint64_t file_off, file_end;   /* the file's bytes still to be read */
	char name[BMFS_NAME_MAX + 1];
	char in[SERVER_HEAD_MAX];
	uint8_t out[SERVER_BUF];
};

static struct conn conns[SERVER_CONNS];
static unsigned used;
static uint32_t refused_report_ms;

unsigned server_conns(void)
{
	return used;
}

static void conn_free(struct conn *c)
{
	c->tcp = NULL;
	used--;
}

static void conn_close(struct conn *c)
{
	bm_tcp_close(c->tcp);
	conn_free(c);
}

static void conn_reset(struct conn *c)
{
	bm_tcp_abort(c->tcp);
	conn_free(c);
}

static void report(struct conn *c, const char *what, int value)
{
	char a[IPADDR_STRLEN_MAX] = "?";
	const ip_addr_t *peer = bm_tcp_peer(c->tcp, NULL);
	if (peer)
		ipaddr_ntoa_r(peer, a, sizeof(a));
	printf("httpd: %s %d (%s)\n", what, value, a);
}

/* The next piece of the file into out. */
static int fill(struct conn *c)
{
	uint64_t n = c->file_end - c->file_off;
	if (n > SERVER_BUF)
		n = SERVER_BUF;
	int64_t r = files_read(c->name, c->file_off, c->out, n);
	if (r != (int64_t)n) {
		report(c, "read error", r < 0 ? (int)r : -EIO);
		return -EIO;
	}
	c->file_off += n;
	c->out_off = 0;
	c->out_len = n;
	return 0;
}

/* Queues what is in out, refilling it from the file: 1 when the whole response is
 * queued, 0 when the send buffer is full, -1 when the connection is gone. */
static int pump(struct conn *c)
{
	for (;;) {
		if (c->out_off == c->out_len) {
			if (c->file_off >= c->file_end)
				return 1;
			if (fill(c) != 0) {
				conn_reset(c);   /* the length is promised: a reset tells it was cut */
				return -1;
			}
		}
		long n = bm_tcp_send(c->tcp, c->out + c->out_off, c->out_len - c->out_off);
		if (n < 0) {
			conn_reset(c);
			return -1;
		}
		if (n == 0)
			return 0;
		c->out_off += (size_t)n;
		c->last_ms = bm_net_now();
	}
}

/* Sets up the response to a request (req NULL: the head could not be parsed). */
static void respond(struct conn *c, int status, const struct http_req *req)
{
	uint64_t size = 0;
	bool head_only = req && req->method == HTTP_HEAD;

	if (status == 0) {
		if (req->method == HTTP_NOT_ALLOWED)
			status = 405;
		else if (req->method == HTTP_UNKNOWN)
			status = 501;
		else
			status = files_lookup(req->path, c->name, &size) == 0 ? 200 : 404;
	}
	/* A head that did not parse leaves the stream's framing unknown; a body is not read. */
	if (req == NULL || (status != 200 && status != 404 && status != 405 && status != 501) ||
	    req->has_body || !req->keep_alive)
		c->close_after = true;
	if (status >= 400 && status != 404)
		report(c, "answered", status);
	enum conn_field cf = c->close_after ? CONN_FIELD_CLOSE :
			     req->minor == 0 ? CONN_FIELD_KEEP : CONN_FIELD_NONE;

	char body[64];
	size_t blen = status == 200 ? 0 : response_error_body(body, sizeof(body), status);
	size_t h = response_head((char *)c->out, sizeof(c->out), status,
				 status == 200 ? mime_type(c->name) : "text/plain; charset=utf-8",
				 status == 200 ? size : blen, cf);
	c->out_off = 0;
	c->out_len = h;
	c->file_off = c->file_end = 0;
	if (head_only)
		return;
	if (status != 200) {
		memcpy(c->out + h, body, blen);
		c->out_len += blen;
		return;
	}
	/* The file's first piece goes with the head, cut to end on a sector. */
	uint64_t first = (sizeof(c->out) - h) & ~(uint64_t)(SECTOR - 1);
	if (first > size)
		first = size;
	int64_t r = first ? files_read(c->name, 0, c->out + h, first) : 0;
	if (r != (int64_t)first) {
		report(c, "read error", r < 0 ? (int)r : -EIO);
		first = 0;
		c->close_after = true;
		size = 0;   /* pump then ends the response short: the peer sees it cut */
	}
	c->out_len += first;
	c->file_off = first;
	c->file_end = size;
}

/* Takes the next request head from in: 1 when a response is set up, 0 when more bytes
 * are needed. */
static int next_request(struct conn *c)
{
	size_t n = http_head_len(c->in, c->in_len);
	if (n == 0) {
		if (c->in_len < sizeof(c->in))
			return 0;
		c->in_len = 0;
		respond(c, 431, NULL);   /* RFC 6585 5 */
		return 1;
	}
	struct http_req req;
	int status = http_parse(c->in, n, &req);
	memmove(c->in, c->in + n, c->in_len - n);
	c->in_len -= n;
	respond(c, status, &req);
	return 1;
}

/* Runs the connection as far as it goes: requests answered in turn, closed when done. */
static void serve(struct conn *c)
{
	for (;;) {
		if (!c->busy) {
			if (!next_request(c)) {
				if (c->peer_done || c->overflow)
					conn_close(c);
				return;
			}
			c->busy = true;
		}
		if (pump(c) <= 0)
			return;
		c->busy = false;
		c->wait_ms = bm_net_now();
		if (c->close_after) {
			conn_close(c);
			return;
		}
	}
}

static void on_recv(struct bm_tcp *t, const void *data, size_t len, void *arg)
{
	struct conn *c = arg;
	(void)t;
	c->last_ms = bm_net_now();
	if (data == NULL) {
		c->peer_done = true;
	} else if (!c->overflow) {
		/* Once bytes were lost nothing after them is taken: appended behind the gap
		 * once heads were consumed, they would join a cut head into a request the
		 * client never sent. */
		size_t room = sizeof(c->in) - c->in_len, n = len < room ? len : room;
		memcpy(c->in + c->in_len, data, n);
		c->in_len += n;
		/* bm_tcp acknowledges what it handed over: what does not fit is lost, so
		 * the requests whose heads are in are answered and the connection closed. */
		if (n < len)
			c->overflow = true;
	}
	if (!c->busy)
		serve(c);
}

static void on_sent(struct bm_tcp *t, size_t len, void *arg)
{
	struct conn *c = arg;
	(void)t;
	(void)len;
	if (c->busy)
		serve(c);
}

static void on_err(struct bm_tcp *t, int err, void *arg)
{
	(void)t;
	(void)err;
	conn_free(arg);
}

/* No free slot: a short 503 and a close (RFC 9110 15.6.4). */
static void refuse(struct bm_tcp *t)
{
	static const char msg[] = "HTTP/1.1 503 Service Unavailable\r\nServer: BareMetal-C httpd\r\n"
				  "Content-Length: 0\r\nRetry-After: 1\r\nConnection: close\r\n\r\n";
	bm_tcp_send(t, msg, sizeof(msg) - 1);
	bm_tcp_close(t);
	uint32_t now = bm_net_now();
	if ((uint32_t)(now - refused_report_ms) >= 1000) {   /* one line a second at most */
		refused_report_ms = now;
		printf("httpd: 503, all %u connections in use\n", SERVER_CONNS);
	}
}

static int on_accept(struct bm_tcp *t, void *arg)
{
	(void)arg;
	struct conn *c = NULL;
	for (unsigned i = 0; i < SERVER_CONNS && c == NULL; i++)
		if (conns[i].tcp == NULL)
			c = &conns[i];
	if (c == NULL) {
		refuse(t);
		return 0;
	}
	memset(c, 0, offsetof(struct conn, in));
	c->tcp = t;
	c->last_ms = c->wait_ms = bm_net_now();
	used++;
	bm_tcp_set_callbacks(t, on_recv, on_sent, on_err, c);
	return 0;
}

int server_start(uint16_t port)
{
	struct bm_tcp *l = bm_tcp_listen(port, on_accept, NULL);
	if (l == NULL)
		return -ENOMEM;
	/* lwIP drops a SYN while backlog handshakes are unfinished (tcp_in.c): a burst of
	 * clients would wait for their SYN retransmissions (3 s, 6 s, ...). */
	tcp_backlog_set(bm_tcp_pcb(l), SERVER_BACKLOG);
	return 0;
}

void server_sweep(uint32_t now_ms)
{
	for (unsigned i = 0; i < SERVER_CONNS; i++) {
		struct conn *c = &conns[i];
		if (c->tcp == NULL)
			continue;
		uint32_t quiet = now_ms - c->last_ms;
		/* Counted from the last response, not the last byte: a head sent a byte at a
		 * time would hold the slot for hours (slowloris). */
		if (!c->busy && (uint32_t)(now_ms - c->wait_ms) >= SERVER_IDLE_MS) {
			conn_close(c);
		} else if (c->busy && quiet >= SERVER_STALL_MS) {
			report(c, "stalled response reset after ms", (int)quiet);
			conn_reset(c);
		} else if (c->busy) {
			/* bm_tcp_send took nothing with nothing in flight (lwIP out of segments
			 * or pbufs): no bm_tcp_sent will come to resume it */
			serve(c);
		}
	}
}
