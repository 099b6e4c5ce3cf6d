// SPDX-License-Identifier: BSD-2-Clause
/* net_fuzz.c - libFuzzer target over lib/net's input path (make fuzz, and a short run in
 * make test): lwIP and the glue built for the host, the kernel stood in by net/shim.c.
 * Setup, once: bm_net_start with 10.0.0.2/24 (gateway 10.0.0.1), IPv6 link-local
 * fe80::5054:ff:fe12:3456 and 2001:db8::2, a TCP echo listener and a UDP echo on port 7
 * (the glue's bm_tcp_listen, bm_udp_open); the whole stack's state is then saved
 * (net/state.h) and restored before every input, so an input replays the same way.
 *
 * An input is a sequence of records: ctl (1 byte), len (2 bytes, big-endian), len bytes.
 * ctl's low 4 bits advance the clock (0: not; k: 10 ms << (k - 1), up to 164 s, so
 * every timer and timeout is reached; at most CLOCK_MAX_MS in all, or an input of many
 * long steps runs lwIP's timers for minutes); its high 4 bits say what the bytes are:
 *   0-9   a received frame, through b_net_rx and bm_net_poll (as programs take frames)
 *   10    a frame straight into bm_netif_deliver, any length
 *   11/12 the program closes / aborts its oldest connection, then the bytes as a frame
 *   13/14 the program connects to 10.0.0.1:80 / [fe80::1]:80, then the bytes as a frame
 *   15    the program sends the bytes on every connection and to 10.0.0.1:7 by UDP
 * then bm_net_poll runs (the frame, then the timers due). At the end every connection
 * still open is aborted (the glue frees it), so nothing leaks into the next input.
 *
 * It aborts on ASan/UBSan reports, lwIP assertions and its pool and heap checks
 * (net/lwipopts.h), and on a malformed frame sent (net/shim.c checks each one). */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bmnet.h"
#include "lwip/ip6_addr.h"
#include "lwip/netif.h"
#include "netif_bm.h"
#include "net/shim.h"

#define ECHO_PORT   7
#define MAX_CONNS   32
#define CLOCK_MAX_MS (20 * 60 * 1000)   /* past TIME-WAIT, reassembly and ARP/ND timeouts */

extern char net_state_start[], net_state_end[];
static char *saved;
static size_t state_len;

static struct bm_tcp *conns[MAX_CONNS];
static int nconns;

/* The state range holds ASan's poisoned redzones between variables: copied by hand. */
__attribute__((no_sanitize("address"))) static void copy_state(void *dst, const void *src,
							       size_t n)
{
	__asm__ volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(n) : : "memory");
}

static bool tracked(const struct bm_tcp *c)
{
	for (int i = 0; i < nconns; i++)
		if (conns[i] == c)
			return true;
	return false;
}

static void track(struct bm_tcp *c)
{
	if (!tracked(c))
		conns[nconns++] = c;
}

static void untrack(struct bm_tcp *c)
{
	for (int i = 0; i < nconns; i++)
		if (conns[i] == c) {
			conns[i] = conns[--nconns];
			return;
		}
}

static void on_recv(struct bm_tcp *c, const void *data, size_t len, void *arg)
{
	(void)arg;
	if (data == NULL) {
		untrack(c);
		bm_tcp_close(c);
		return;
	}
	bm_tcp_send(c, data, len);
}

static void on_err(struct bm_tcp *c, int err, void *arg)
{
	(void)err;
	(void)arg;
	untrack(c);
}

static int on_conn(struct bm_tcp *c, void *arg)
{
	(void)arg;
	if (!tracked(c)) {         /* accepted (a connect of ours is tracked already) */
		if (nconns == MAX_CONNS)
			return 1;      /* refused: the glue aborts it */
		track(c);
	}
	bm_tcp_set_callbacks(c, on_recv, NULL, on_err, NULL);
	return 0;
}

static void on_udp(struct bm_udp *u, const void *data, size_t len, const ip_addr_t *from,
		   uint16_t port, void *arg)
{
	(void)arg;
	bm_udp_sendto(u, data, len, from, port);
}

static struct bm_udp *udp_echo;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	struct bm_net_config cfg = { .flags = BM_NET_IPV6 };
	IP4_ADDR(&cfg.addr, 10, 0, 0, 2);
	IP4_ADDR(&cfg.netmask, 255, 255, 255, 0);
	IP4_ADDR(&cfg.gateway, 10, 0, 0, 1);
	if (bm_net_start(0, &cfg) != 0 || bm_tcp_listen(ECHO_PORT, on_conn, NULL) == NULL ||
	    (udp_echo = bm_udp_open(ECHO_PORT, on_udp, NULL)) == NULL) {
		fprintf(stderr, "net_fuzz: setup failed\n");
		abort();
	}
	struct netif *nif = bm_net_netif();
	ip6_addr_t global;
	IP6_ADDR(&global, PP_HTONL(0x20010db8), 0, 0, PP_HTONL(2));
	s8_t idx;
	if (netif_add_ip6_address(nif, &global, &idx) != ERR_OK) {
		fprintf(stderr, "net_fuzz: no global IPv6 address\n");
		abort();
	}
	netif_ip6_addr_set_state(nif, idx, IP6_ADDR_PREFERRED);
	/* duplicate address detection of the link-local address: a few seconds */
	for (int i = 0; i < 100 && !ip6_addr_ispreferred(netif_ip6_addr_state(nif, 0)); i++) {
		shim_now_ms += 100;
		bm_net_poll();
	}
	if (!ip6_addr_ispreferred(netif_ip6_addr_state(nif, 0))) {
		fprintf(stderr, "net_fuzz: the link-local address stays tentative\n");
		abort();
	}
	state_len = (size_t)(net_state_end - net_state_start);
	saved = malloc(state_len);
	if (saved == NULL)
		abort();
	copy_state(saved, net_state_start, state_len);
	fprintf(stderr, "net_fuzz: stack state %zu bytes\n", state_len);
	return 0;
}

static struct bm_tcp *connect_to(int v6)
{
	ip_addr_t a;
	if (v6)
		IP_ADDR6(&a, PP_HTONL(0xfe800000), 0, 0, PP_HTONL(1));
	else
		IP_ADDR4(&a, 10, 0, 0, 1);
	if (v6)
		ip6_addr_assign_zone(ip_2_ip6(&a), IP6_UNICAST, bm_net_netif());
	return bm_tcp_connect(&a, 80, on_conn, NULL);
}

static void app_send(const uint8_t *data, size_t len)
{
	for (int i = 0; i < nconns; i++)
		bm_tcp_send(conns[i], data, len);
	ip_addr_t peer;
	IP_ADDR4(&peer, 10, 0, 0, 1);
	bm_udp_sendto(udp_echo, data, len, &peer, ECHO_PORT);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	copy_state(net_state_start, saved, state_len);
	nconns = 0;
	uint64_t clock_end = shim_now_ms + CLOCK_MAX_MS;
	while (size >= 3) {
		unsigned ctl = data[0], kind = ctl >> 4, t = ctl & 0xF;
		size_t len = (size_t)data[1] << 8 | data[2];
		data += 3;
		size -= 3;
		if (len > size)
			len = size;
		switch (kind) {
		case 10:       /* the netif is struct bm_netif's first member */
			bm_netif_deliver((struct bm_netif *)bm_net_netif(), data, len);
			break;
		case 15:
			app_send(data, len);
			break;
		case 11:
		case 12:
			if (nconns > 0) {
				struct bm_tcp *c = conns[0];
				untrack(c);
				if (kind == 11)
					bm_tcp_close(c);
				else
					bm_tcp_abort(c);
			}
			shim_set_frame(data, len);
			break;
		case 13:
		case 14:
			if (nconns < MAX_CONNS) {
				/* callbacks at once: a connect that fails is told to err */
				struct bm_tcp *c = connect_to(kind == 14);
				if (c != NULL) {
					bm_tcp_set_callbacks(c, on_recv, NULL, on_err, NULL);
					track(c);
				}
			}
			shim_set_frame(data, len);
			break;
		default:
			shim_set_frame(data, len);
			break;
		}
		if (t && shim_now_ms < clock_end)
			shim_now_ms += 10ull << (t - 1);
		bm_net_poll();
		data += len;
		size -= len;
	}
	while (nconns > 0) {
		struct bm_tcp *c = conns[0];
		untrack(c);
		bm_tcp_abort(c);
	}
	return 0;
}
