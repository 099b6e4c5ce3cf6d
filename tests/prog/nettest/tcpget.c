/* SPDX-License-Identifier: BSD-2-Clause */
/* tcpget.c - "tcpget A PORT LEN [WANT]": bm_tcp_connect to A:PORT, send LEN pattern
 * bytes (nt_pattern), take what the peer sends until it closes (or, given WANT, until
 * WANT bytes came: QEMU's guestfwd never passes the host's close on), then close;
 * reports the bytes each way and the FNV-1a of what came. */
#include <errno.h>
#include <stdio.h>
#include "bmnet.h"
#include "nettest.h"

#define GET_TIMEOUT_MS 30000
#define CHUNK 8192

static struct {
	uint64_t len, want, sent, received;
	uint32_t fnv;
	int connected, done, err;
} get;

static void push(struct bm_tcp *c)
{
	uint8_t chunk[CHUNK];
	while (get.sent < get.len) {
		size_t n = get.len - get.sent < CHUNK ? (size_t)(get.len - get.sent) : CHUNK;
		for (size_t i = 0; i < n; i++)
			chunk[i] = nt_pattern(get.sent + i);
		long r = bm_tcp_send(c, chunk, n);
		if (r <= 0)
			return;
		get.sent += (uint64_t)r;
	}
}

static void get_recv(struct bm_tcp *c, const void *data, size_t len, void *arg)
{
	(void)c, (void)arg;
	if (data == NULL) {
		get.done = 1;
		return;
	}
	get.received += len;
	get.fnv = nt_fnv1a(get.fnv, data, len);
	if (get.want && get.received >= get.want)
		get.done = 1;
}

static void get_sent(struct bm_tcp *c, size_t len, void *arg)
{
	(void)len, (void)arg;
	push(c);
}

static void get_err(struct bm_tcp *c, int err, void *arg)
{
	(void)c, (void)arg;
	get.err = err;
	get.done = 1;
}

static int get_connected(struct bm_tcp *c, void *arg)
{
	(void)arg;
	get.connected = 1;
	push(c);
	return 0;
}

int cmd_tcpget(int argc, char **argv)
{
	ip_addr_t to;
	unsigned long port, len, want = 0;
	if ((argc != 4 && argc != 5) || nt_parse_addr(argv[1], &to) != 0 ||
	    nt_parse_uint(argv[2], 65535, &port) != 0 || nt_parse_uint(argv[3], 1ul << 30, &len) != 0 ||
	    (argc == 5 && nt_parse_uint(argv[4], 1ul << 30, &want) != 0))
		return -EINVAL;
	get = (typeof(get)){ .len = len, .want = want, .fnv = NT_FNV_INIT };
	uint32_t t0 = bm_net_now();
	struct bm_tcp *c = bm_tcp_connect(&to, (uint16_t)port, get_connected, NULL);
	if (c == NULL) {
		printf("nettest: tcp get: connect failed\n");
		return 0;
	}
	/* The callbacks at once: a refused connect calls err before connected. */
	bm_tcp_set_callbacks(c, get_recv, get_sent, get_err, NULL);
	while (!get.done && bm_net_now() - t0 < GET_TIMEOUT_MS)
		bm_net_poll();
	if (!get.done) {
		get.err = -ETIMEDOUT;
		bm_tcp_abort(c);
	} else if (get.err == 0) {
		get.err = bm_tcp_close(c);
	}                              /* else: the connection is gone, c with it */
	char e[NT_ERRBUF];
	printf("nettest: tcp get connected %d sent %llu received %llu fnv %08lx ms %lu: %s\n",
	       get.connected, (unsigned long long)get.sent, (unsigned long long)get.received,
	       (unsigned long)get.fnv, (unsigned long)(bm_net_now() - t0), nt_err(get.err, e, sizeof(e)));
	return 0;
}
