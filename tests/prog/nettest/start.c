/* SPDX-License-Identifier: BSD-2-Clause */
/* start.c - "start": the stack on the first NIC (DHCP, a static address or DHCP's
 * static fallback, IPv6 link-local), waiting for its addresses; "wait6": for a SLAAC
 * address; "info": what the stack has. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "bmnet.h"
#include "nettest.h"

#define ADDR_WAIT_MS 15000
#define IP6_WAIT_MS  10000

static char hostname[64];      /* lwIP keeps the pointer (netif_set_hostname) */

static int parse_prefix(const char *s, ip4_addr_t *addr, ip4_addr_t *mask)
{
	char buf[32];
	const char *slash = strchr(s, '/');
	unsigned long bits;
	if (slash == NULL || (size_t)(slash - s) >= sizeof(buf) ||
	    nt_parse_uint(slash + 1, 32, &bits) != 0)
		return -EINVAL;
	memcpy(buf, s, (size_t)(slash - s));
	buf[slash - s] = '\0';
	if (!ip4addr_aton(buf, addr))
		return -EINVAL;
	ip4_addr_set_u32(mask, bits ? lwip_htonl(0xFFFFFFFFu << (32 - bits)) : 0);
	return 0;
}

static int parse_config(int argc, char **argv, struct bm_net_config *cfg)
{
	unsigned long ms;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "dhcp") == 0)
			cfg->flags |= BM_NET_DHCP;
		else if (strcmp(a, "ip6") == 0)
			cfg->flags |= BM_NET_IPV6;
		else if (strcmp(a, "addr") == 0 && v && parse_prefix(v, &cfg->addr, &cfg->netmask) == 0)
			i++;
		else if (strcmp(a, "gw") == 0 && v && ip4addr_aton(v, &cfg->gateway))
			i++;
		else if (strcmp(a, "dns") == 0 && v && ip4addr_aton(v, &cfg->dns))
			i++;
		else if (strcmp(a, "timeout") == 0 && v && nt_parse_uint(v, UINT32_MAX, &ms) == 0) {
			cfg->dhcp_timeout_ms = (uint32_t)ms;
			i++;
		} else if (strcmp(a, "host") == 0 && v && strlen(v) < sizeof(hostname)) {
			cfg->hostname = strcpy(hostname, v);
			i++;
		} else
			return -EINVAL;
	}
	return 0;
}

int cmd_start(int argc, char **argv)
{
	struct bm_net_config cfg = { 0 };
	if (parse_config(argc, argv, &cfg) != 0)
		return -EINVAL;
	int r = bm_net_start(0, &cfg);
	char e[NT_ERRBUF];
	printf("nettest: start %s\n", nt_err(r, e, sizeof(e)));
	if (r != 0)
		return 0;
	if ((cfg.flags & BM_NET_DHCP) || !ip4_addr_isany_val(cfg.addr)) {
		r = bm_net_wait_addr(ADDR_WAIT_MS);
		printf("nettest: ipv4 %s\n", r == 0 ? "up" : "no address");
	}
	if (cfg.flags & BM_NET_IPV6) {
		r = bm_net_wait_ip6(0, IP6_WAIT_MS);
		printf("nettest: ipv6 %s\n", r == 0 ? "up" : "no link-local address");
	}
	return cmd_info(1, argv);
}

/* "wait6 I MS": polls until IPv6 address I (1..: SLAAC, RFC 4862) is preferred. */
int cmd_wait6(int argc, char **argv)
{
	unsigned long i, ms;
	if (argc != 3 || nt_parse_uint(argv[1], 2, &i) != 0 || nt_parse_uint(argv[2], 600000, &ms) != 0)
		return -EINVAL;
	int r = bm_net_wait_ip6((int)i, (uint32_t)ms);
	struct bm_net_info in;
	char s[48], e[NT_ERRBUF];
	if (r == 0 && bm_net_info(&in) == 0)
		printf("nettest: wait6 %lu %s\n", i, ip6addr_ntoa_r(&in.ip6[i], s, sizeof(s)));
	else
		printf("nettest: wait6 %lu error %s\n", i, nt_err(r, e, sizeof(e)));
	return 0;
}

int cmd_info(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return -EINVAL;
	struct bm_net_info in;
	int r = bm_net_info(&in);
	if (r != 0) {
		printf("nettest: info %d\n", r);
		return 0;
	}
	char a[16], m[16], g[16], d[16];
	printf("nettest: mac %02x:%02x:%02x:%02x:%02x:%02x\n", in.mac[0], in.mac[1], in.mac[2],
	       in.mac[3], in.mac[4], in.mac[5]);
	printf("nettest: addr %s mask %s gw %s dns %s dhcp %d\n",
	       ip4addr_ntoa_r(&in.addr, a, sizeof(a)), ip4addr_ntoa_r(&in.netmask, m, sizeof(m)),
	       ip4addr_ntoa_r(&in.gateway, g, sizeof(g)), ip4addr_ntoa_r(&in.dns, d, sizeof(d)),
	       in.dhcp_bound);
	for (int i = 0; i < 3; i++) {
		char s[48];
		if (in.ip6_valid[i])
			printf("nettest: ip6 %d %s\n", i, ip6addr_ntoa_r(&in.ip6[i], s, sizeof(s)));
	}
	printf("nettest: counters link rx %llu tx %llu drop %llu ip err %llu tcp err %llu\n",
	       (unsigned long long)in.link_rx, (unsigned long long)in.link_tx,
	       (unsigned long long)in.link_drop, (unsigned long long)in.ip_err,
	       (unsigned long long)in.tcp_err);
	return 0;
}
