/* SPDX-License-Identifier: BSD-2-Clause */
/* udp.c - "udp PORT echo|print": a UDP port that sends every datagram back to its
 * sender, or reports it (length, FNV-1a, sender); "udpsend A PORT LEN": one datagram
 * of LEN pattern bytes (nt_pattern) from an ephemeral port. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bmnet.h"
#include "nettest.h"

#define UDP_MAX 65507          /* IPv4's largest datagram: 65535 - 20 - 8 (RFC 768, 791) */

static struct bm_udp *sender;
static uint8_t out[UDP_MAX];

static void on_echo(struct bm_udp *u, const void *data, size_t len, const ip_addr_t *from,
		    uint16_t port, void *arg)
{
	(void)arg;
	char s[48], e[NT_ERRBUF];
	int r = bm_udp_sendto(u, data, len, from, port);
	printf("nettest: udp echo %zu from %s port %u: %s\n", len, nt_addr_str(from, s, sizeof(s)),
	       port, nt_err(r, e, sizeof(e)));
}

static void on_print(struct bm_udp *u, const void *data, size_t len, const ip_addr_t *from,
		     uint16_t port, void *arg)
{
	(void)u;
	char s[48];
	printf("nettest: udp recv %zu fnv %08lx from %s port %u on %u\n", len,
	       (unsigned long)nt_fnv1a(NT_FNV_INIT, data, len), nt_addr_str(from, s, sizeof(s)),
	       port, (unsigned)(uintptr_t)arg);
}

int cmd_udp(int argc, char **argv)
{
	unsigned long port;
	if (argc != 3 || nt_parse_uint(argv[1], 65535, &port) != 0 || port == 0)
		return -EINVAL;
	bm_udp_recv_fn fn;
	if (strcmp(argv[2], "echo") == 0)
		fn = on_echo;
	else if (strcmp(argv[2], "print") == 0)
		fn = on_print;
	else
		return -EINVAL;
	struct bm_udp *u = bm_udp_open((uint16_t)port, fn, (void *)(uintptr_t)port);
	printf("nettest: udp %lu %s %s\n", port, argv[2], u ? "open" : "failed");
	return 0;
}

int cmd_udpsend(int argc, char **argv)
{
	ip_addr_t to;
	unsigned long port, len;
	if (argc != 4 || nt_parse_addr(argv[1], &to) != 0 ||
	    nt_parse_uint(argv[2], 65535, &port) != 0 || nt_parse_uint(argv[3], UDP_MAX, &len) != 0)
		return -EINVAL;
	if (sender == NULL && (sender = bm_udp_open(0, NULL, NULL)) == NULL) {
		printf("nettest: udpsend: no socket\n");
		return 0;
	}
	for (unsigned long i = 0; i < len; i++)
		out[i] = nt_pattern(i);
	char e[NT_ERRBUF];
	int r = bm_udp_sendto(sender, out, len, &to, (uint16_t)port);
	printf("nettest: udp sent %lu fnv %08lx to %s port %lu: %s\n", len,
	       (unsigned long)nt_fnv1a(NT_FNV_INIT, out, len), argv[1], port, nt_err(r, e, sizeof(e)));
	return 0;
}
