/* SPDX-License-Identifier: BSD-2-Clause */
/* httpd - serves the files of the disk's BMFS over HTTP/1.1 on port 80 (README "httpd"):
 * GET and HEAD, keep-alive, many connections at once, big files streamed. TCP/IP by
 * DHCP on the first NIC, QEMU's user-network address as the static fallback. */
#include <stdio.h>
#include "bmnet.h"
#include "files.h"
#include "server.h"

#define PORT 80
#define SWEEP_MS 1000

/* Frames lost since the last report (the NIC's ring full, or lwIP out of pbufs): worth
 * a line, as TCP then waits for retransmissions. */
static void report_drops(uint64_t *reported)
{
	struct bm_net_info info;
	if (bm_net_info(&info) != 0)
		return;
	uint64_t total = info.nic_rx_dropped + info.link_drop;
	if (total > *reported) {
		printf("httpd: %llu frames dropped (NIC %llu, stack %llu)\n",
		       (unsigned long long)(total - *reported), (unsigned long long)info.nic_rx_dropped,
		       (unsigned long long)info.link_drop);
		*reported = total;
	}
}

int main(void)
{
	int r = files_mount();
	if (r < 0)
		printf("httpd: no BMFS drive (%d): every path is 404\n", r);

	struct bm_net_config cfg = { .flags = BM_NET_DHCP, .dhcp_timeout_ms = 5000,
				     .hostname = "baremetal-httpd" };
	IP4_ADDR(&cfg.addr, 10, 0, 2, 15);
	IP4_ADDR(&cfg.netmask, 255, 255, 255, 0);
	IP4_ADDR(&cfg.gateway, 10, 0, 2, 2);
	if ((r = bm_net_start(0, &cfg)) != 0) {
		printf("httpd: no network (%d)\n", r);
		return 1;
	}
	if ((r = server_start(PORT)) != 0) {
		printf("httpd: cannot listen on port %d (%d)\n", PORT, r);
		return 1;
	}
	while (bm_net_wait_addr(60000) != 0)
		;
	struct bm_net_info info;
	char a[IP4ADDR_STRLEN_MAX];
	bm_net_info(&info);
	ip4addr_ntoa_r(&info.addr, a, sizeof(a));
	printf("httpd: http://%s/\n", a);

	uint32_t swept = bm_net_now();
	uint64_t dropped = 0;
	for (;;) {
		if (bm_net_poll() == 0)
			__builtin_ia32_pause();
		uint32_t now = bm_net_now();
		if ((uint32_t)(now - swept) >= SWEEP_MS) {
			swept = now;
			server_sweep(now);
			report_drops(&dropped);
		}
	}
}
