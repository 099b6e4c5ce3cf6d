/* SPDX-License-Identifier: BSD-2-Clause */
/* tcpecho.c - "tcpecho PORT [keepalive MS]": a bm_tcp_listen server that sends back
 * every byte it receives and closes once the peer has closed and all is sent; with
 * keepalive, each connection it accepts gets bm_tcp_keepalive(conn, MS). What the send
 * buffer cannot take yet waits in a per-connection queue, drained by the sent callback and
 * from the main loop (the receive window is reopened as data arrives: bmnet.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bmnet.h"
#include "nettest.h"

#define QUEUE_MAX (8u << 20)   /* a peer that sends and never reads is cut off here */

struct echo {
	struct bm_tcp *conn;
	uint8_t *buf;
	size_t head, tail, cap;    /* queued bytes: buf[head..tail) */
	uint64_t in, out;
	uint32_t t0;
	int peer_closed;
	struct echo *next;
};

static struct echo *echoes;

static void echo_free(struct echo *e)
{
	for (struct echo **p = &echoes; *p; p = &(*p)->next)
		if (*p == e) {
			*p = e->next;
			break;
		}
	free(e->buf);
	free(e);
}

static int queue(struct echo *e, const void *data, size_t len)
{
	if (e->head == e->tail)
		e->head = e->tail = 0;
	if (e->cap - e->tail < len && e->head > 0) {
		memmove(e->buf, e->buf + e->head, e->tail - e->head);
		e->tail -= e->head;
		e->head = 0;
	}
	if (e->cap - e->tail < len) {
		size_t cap = e->cap ? e->cap : 65536;
		while (cap - e->tail < len)
			cap *= 2;
		uint8_t *b = cap <= QUEUE_MAX ? realloc(e->buf, cap) : NULL;
		if (b == NULL)
			return -ENOMEM;
		e->buf = b;
		e->cap = cap;
	}
	memcpy(e->buf + e->tail, data, len);
	e->tail += len;
	return 0;
}

/* Sends what is queued; closes when the peer is done and nothing is left. Returns 1
 * when e is gone. */
static int flush(struct echo *e)
{
	while (e->tail > e->head) {
		long n = bm_tcp_send(e->conn, e->buf + e->head, e->tail - e->head);
		if (n <= 0)
			break;
		e->head += (size_t)n;
		e->out += (uint64_t)n;
	}
	if (!e->peer_closed || e->tail > e->head)
		return 0;
	char eb[NT_ERRBUF];
	int r = bm_tcp_close(e->conn);
	printf("nettest: tcp echo closed in %llu out %llu ms %lu: %s\n", (unsigned long long)e->in,
	       (unsigned long long)e->out, (unsigned long)(bm_net_now() - e->t0),
	       nt_err(r, eb, sizeof(eb)));
	echo_free(e);
	return 1;
}

static void echo_recv(struct bm_tcp *c, const void *data, size_t len, void *arg)
{
	struct echo *e = arg;
	if (data == NULL) {
		e->peer_closed = 1;
	} else if (queue(e, data, len) != 0) {
		printf("nettest: tcp echo queue full at %llu bytes: reset\n", (unsigned long long)e->in);
		bm_tcp_abort(c);
		echo_free(e);
		return;
	} else {
		e->in += len;
	}
	flush(e);
}

static void echo_sent(struct bm_tcp *c, size_t len, void *arg)
{
	(void)c, (void)len;
	flush(arg);
}

static void echo_err(struct bm_tcp *c, int err, void *arg)
{
	struct echo *e = arg;
	(void)c;
	char eb[NT_ERRBUF];
	printf("nettest: tcp echo error %s in %llu out %llu\n", nt_err(err, eb, sizeof(eb)),
	       (unsigned long long)e->in, (unsigned long long)e->out);
	echo_free(e);
}

/* arg: the keep-alive idle time in ms (0: none), as a pointer-sized number */
static int echo_accept(struct bm_tcp *c, void *arg)
{
	uint32_t keepalive_ms = (uint32_t)(uintptr_t)arg;
	struct echo *e = calloc(1, sizeof(*e));
	if (e == NULL)
		return -ENOMEM;
	e->conn = c;
	e->t0 = bm_net_now();
	e->next = echoes;
	echoes = e;
	bm_tcp_set_callbacks(c, echo_recv, echo_sent, echo_err, e);
	if (keepalive_ms)
		bm_tcp_keepalive(c, keepalive_ms);
	uint16_t port;
	char s[48];
	const ip_addr_t *peer = bm_tcp_peer(c, &port);
	printf("nettest: tcp echo accepted %s port %u\n", peer ? nt_addr_str(peer, s, sizeof(s)) : "?",
	       port);
	return 0;
}

void tcp_echo_flush_all(void)
{
	struct echo *next;
	for (struct echo *e = echoes; e; e = next) {
		next = e->next;
		flush(e);
	}
}

int cmd_tcpecho(int argc, char **argv)
{
	unsigned long port, keepalive_ms = 0;
	if ((argc != 2 && argc != 4) || nt_parse_uint(argv[1], 65535, &port) != 0 || port == 0)
		return -EINVAL;
	if (argc == 4 && (strcmp(argv[2], "keepalive") != 0 ||
			  nt_parse_uint(argv[3], UINT32_MAX, &keepalive_ms) != 0 || keepalive_ms == 0))
		return -EINVAL;
	struct bm_tcp *l = bm_tcp_listen((uint16_t)port, echo_accept, (void *)(uintptr_t)keepalive_ms);
	printf("nettest: tcp echo %lu %s\n", port, l ? "listening" : "failed");
	return 0;
}
