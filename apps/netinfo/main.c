/* SPDX-License-Identifier: BSD-2-Clause */
/* netinfo - starts TCP/IP on the first NIC (DHCP, IPv6), prints the lease and pings the
 * gateway: a first program of lib/net (README "TCP/IP"). */
#include <stdio.h>
#include "bmnet.h"
#include "lwip/ip_addr.h"

int main(void)
{
	struct bm_net_config cfg = { .flags = BM_NET_DHCP | BM_NET_IPV6 };
	int r = bm_net_start(0, &cfg);
	if (r != 0) {
		printf("netinfo: start failed (%d)\n", r);
		return 1;
	}
	if (bm_net_wait_addr(10000) != 0) {
		printf("netinfo: no address\n");
		return 1;
	}
	struct bm_net_info info;
	bm_net_info(&info);
	char a[16], g[16], d[16];
	ip4addr_ntoa_r(&info.addr, a, sizeof(a));
	ip4addr_ntoa_r(&info.gateway, g, sizeof(g));
	ip4addr_ntoa_r(&info.dns, d, sizeof(d));
	printf("netinfo: address %s gateway %s dns %s dhcp %d\n", a, g, d, info.dhcp_bound);
	/* QEMU's restricted user network leaves the router out of its DHCP offers: its
	 * gateway is 10.0.2.2 all the same. */
	ip_addr_t gw;
	if (ip4_addr_isany_val(info.gateway))
		IP4_ADDR(&info.gateway, 10, 0, 2, 2), ip4addr_ntoa_r(&info.gateway, g, sizeof(g));
	ip_addr_copy_from_ip4(gw, info.gateway);
	uint32_t rtt;
	r = bm_ping(&gw, 1, 3000, &rtt);
	printf("netinfo: ping %s: %s\n", g, r == 0 ? "reply" : "no reply");
	return 0;
}
