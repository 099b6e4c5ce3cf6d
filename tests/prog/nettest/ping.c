/* SPDX-License-Identifier: BSD-2-Clause */
/* ping.c - "ping A COUNT": COUNT ICMP (ICMPv6 for an IPv6 address) echoes through
 * bm_ping, sequence numbers 1..COUNT, one line each and a summary. */
#include <errno.h>
#include <stdio.h>
#include "bmnet.h"
#include "nettest.h"

#define PING_TIMEOUT_MS 3000
#define PING_COUNT_MAX  100

int cmd_ping(int argc, char **argv)
{
	ip_addr_t to;
	unsigned long count;
	if (argc != 3 || nt_parse_addr(argv[1], &to) != 0 ||
	    nt_parse_uint(argv[2], PING_COUNT_MAX, &count) != 0)
		return -EINVAL;
	unsigned replies = 0;
	for (unsigned long seq = 1; seq <= count; seq++) {
		uint32_t rtt = 0;
		int r = bm_ping(&to, (uint16_t)seq, PING_TIMEOUT_MS, &rtt);
		if (r == 0) {
			replies++;
			printf("nettest: ping %s seq %lu reply rtt %lu us\n", argv[1], seq,
			       (unsigned long)rtt);
		} else {
			char e[NT_ERRBUF];
			printf("nettest: ping %s seq %lu error %s\n", argv[1], seq,
			       nt_err(r, e, sizeof(e)));
		}
	}
	printf("nettest: ping %s done %u/%lu\n", argv[1], replies, count);
	return 0;
}
