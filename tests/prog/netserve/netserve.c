/* SPDX-License-Identifier: BSD-2-Clause */
/* netserve - the target of tests/system/test_netabuse.py: a static IPv4 address
 * (10.0.0.2/24) and an IPv6 link-local one, a TCP echo server and a UDP echo on port 7,
 * and lwIP's own ping replies. It serves until a UDP datagram "QUIT" to port 9; a
 * datagram "STATS" to port 9 prints the counters (and sends them back), as does every
 * tenth second. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bmnet.h"

#define ECHO_PORT     7
#define CONTROL_PORT  9
#define BACKLOG_MAX   (64 * 1024)   /* echo bytes a connection may hold unsent */
#define STATS_EVERY_MS 10000

/* Bytes a connection echoes but could not queue yet (a peer's zero window). */
struct echo {
	uint8_t *buf;
	size_t len;
};

static unsigned long accepted, echoed_tcp, echoed_udp, overflows, errors;
static int quit;

static void flush(struct bm_tcp *c, struct echo *e)
{
	while (e->len > 0) {
		long n = bm_tcp_send(c, e->buf, e->len);
		if (n <= 0)
			return;
		memmove(e->buf, e->buf + n, e->len - (size_t)n);
		e->len -= (size_t)n;
	}
}

static void echo_free(struct echo *e)
{
	free(e->buf);
	free(e);
}

static void on_tcp_recv(struct bm_tcp *c, const void *data, size_t len, void *arg)
{
	struct echo *e = arg;
	if (data == NULL) {            /* the peer closed its side: close ours */
		bm_tcp_close(c);
		echo_free(e);
		return;
	}
	if (e->len + len > BACKLOG_MAX) {
		overflows++;
		bm_tcp_abort(c);
		echo_free(e);
		return;
	}
	if (e->buf == NULL && (e->buf = malloc(BACKLOG_MAX)) == NULL) {
		bm_tcp_abort(c);
		echo_free(e);
		return;
	}
	memcpy(e->buf + e->len, data, len);
	e->len += len;
	echoed_tcp += len;
	flush(c, e);
}

static void on_tcp_sent(struct bm_tcp *c, size_t len, void *arg)
{
	(void)len;
	flush(c, arg);
}

static void on_tcp_err(struct bm_tcp *c, int err, void *arg)
{
	(void)c;
	(void)err;
	errors++;
	echo_free(arg);
}

static int on_accept(struct bm_tcp *c, void *arg)
{
	(void)arg;
	struct echo *e = calloc(1, sizeof(*e));
	if (e == NULL)
		return 1;
	accepted++;
	bm_tcp_set_callbacks(c, on_tcp_recv, on_tcp_sent, on_tcp_err, e);
	return 0;
}

static void on_udp_echo(struct bm_udp *u, const void *data, size_t len, const ip_addr_t *from,
			uint16_t port, void *arg)
{
	(void)arg;
	if (bm_udp_sendto(u, data, len, from, port) == 0)
		echoed_udp++;
}

static int print_stats(char *out, size_t size)
{
	struct bm_net_info i;
	bm_net_info(&i);
	return snprintf(out, size,
			"netserve: stats conns=%u accepted=%lu tcp_bytes=%lu udp=%lu overflow=%lu "
			"errors=%lu link_rx=%llu link_drop=%llu ip_err=%llu tcp_rx=%llu tcp_err=%llu "
			"nic_rx=%llu nic_drop=%llu\n",
			bm_tcp_count(), accepted, echoed_tcp, echoed_udp, overflows, errors,
			(unsigned long long)i.link_rx, (unsigned long long)i.link_drop,
			(unsigned long long)i.ip_err, (unsigned long long)i.tcp_rx,
			(unsigned long long)i.tcp_err, (unsigned long long)i.nic_rx_frames,
			(unsigned long long)i.nic_rx_dropped);
}

static void on_control(struct bm_udp *u, const void *data, size_t len, const ip_addr_t *from,
		       uint16_t port, void *arg)
{
	(void)arg;
	if (len == 4 && memcmp(data, "QUIT", 4) == 0) {
		quit = 1;
	} else if (len == 5 && memcmp(data, "STATS", 5) == 0) {
		char line[320];
		int n = print_stats(line, sizeof(line));
		fputs(line, stdout);
		fflush(stdout);
		if (n > 0)
			bm_udp_sendto(u, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1,
				      from, port);
	}
}

int main(void)
{
	struct bm_net_config cfg = { .flags = BM_NET_IPV6 };
	IP4_ADDR(&cfg.addr, 10, 0, 0, 2);
	IP4_ADDR(&cfg.netmask, 255, 255, 255, 0);
	int r = bm_net_start(0, &cfg);
	if (r != 0) {
		printf("netserve: start failed (%d)\n", r);
		return 1;
	}
	struct bm_tcp *l = bm_tcp_listen(ECHO_PORT, on_accept, NULL);
	struct bm_udp *u = bm_udp_open(ECHO_PORT, on_udp_echo, NULL);
	struct bm_udp *ctl = bm_udp_open(CONTROL_PORT, on_control, NULL);
	if (l == NULL || u == NULL || ctl == NULL) {
		printf("netserve: cannot open the echo ports\n");
		return 1;
	}
	bm_net_wait_ip6(0, 5000);
	struct bm_net_info info;
	bm_net_info(&info);
	char a[16], a6[48];
	ip4addr_ntoa_r(&info.addr, a, sizeof(a));
	ip6addr_ntoa_r(&info.ip6[0], a6, sizeof(a6));
	printf("netserve: ready %s %s mac %02x:%02x:%02x:%02x:%02x:%02x ip6 %s\n", a, a6,
	       info.mac[0], info.mac[1], info.mac[2], info.mac[3], info.mac[4], info.mac[5],
	       info.ip6_valid[0] ? "valid" : "none");
	fflush(stdout);
	uint32_t last = bm_net_now();
	while (!quit) {
		if (bm_net_poll() == 0)
			__builtin_ia32_pause();
		if ((uint32_t)(bm_net_now() - last) >= STATS_EVERY_MS) {
			char line[320];
			print_stats(line, sizeof(line));
			fputs(line, stdout);
			fflush(stdout);
			last = bm_net_now();
		}
	}
	char line[320];
	print_stats(line, sizeof(line));
	printf("%snetserve: done\n", line);
	return 0;
}
