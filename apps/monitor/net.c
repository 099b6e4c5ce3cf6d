// SPDX-License-Identifier: BSD-2-Clause
/* net.c - the `net` command: starts the stack on first use (netstack.c), then the
 * interface's MAC, IPv4 address, netmask, gateway, DNS server, DHCP state and the
 * counters, one "name: value" line each (README "The Monitor"). */
#include "baremetal.h"
#include "mon.h"
#include "netstack.h"
#include "lwip/dhcp.h"
#include "lwip/dns.h"
#include "lwip/prot/dhcp.h"
#include "lwip/stats.h"

/* lwIP's DHCP states as RFC 2131 section 4.4 names them ("off": not running). */
static const char *dhcp_state(struct netif *n)
{
	static const char *const names[] = {
		[DHCP_STATE_OFF] = "off", [DHCP_STATE_REQUESTING] = "requesting",
		[DHCP_STATE_INIT] = "init", [DHCP_STATE_REBOOTING] = "rebooting",
		[DHCP_STATE_REBINDING] = "rebinding", [DHCP_STATE_RENEWING] = "renewing",
		[DHCP_STATE_SELECTING] = "selecting", [DHCP_STATE_INFORMING] = "informing",
		[DHCP_STATE_CHECKING] = "checking", [DHCP_STATE_BOUND] = "bound",
		[DHCP_STATE_BACKING_OFF] = "backing off",
	};
	const struct dhcp *d = netif_dhcp_data(n);

	if (!d)
		return "off";
	if (d->state >= sizeof(names) / sizeof(names[0]) || !names[d->state])
		return "unknown";
	return names[d->state];
}

/* "name: a.b.c.d", or "none" for 0.0.0.0 */
static void out_addr(const char *name, const ip4_addr_t *a)
{
	char s[IP4ADDR_STRLEN_MAX];

	out(name);
	out(": ");
	out(ip4_addr_isany(a) ? "none" : ip4addr_ntoa_r(a, s, sizeof(s)));
	out("\n");
}

static void out_count(const char *sep, uint64_t v, const char *what)
{
	out(sep);
	out_dec(v);
	out(what);
}

static void counters(void)
{
	struct b_net_stats k;

	if (b_system(NET_STATS, (uint64_t)(uintptr_t)&k, NET_IFACE) == 0) {
		out_count("nic rx: ", k.rx_frames, " frames");
		out_count(", ", k.rx_bytes, " bytes");
		out_count(", ", k.rx_dropped, " dropped\n");
		out_count("nic tx: ", k.tx_frames, " frames");
		out_count(", ", k.tx_bytes, " bytes");
		out_count(", ", k.tx_errors, " errors\n");
	}
	out_count("stack: ", lwip_stats.link.recv, " frames in");
	out_count(", ", lwip_stats.link.xmit, " out");
	out_count(", ", lwip_stats.link.drop, " dropped\n");
}

int cmd_net(int argc, char **argv)
{
	struct netif *n;
	const ip_addr_t *dns;

	if (argc != 1) {
		out_err(argv[0], "takes no arguments");
		return -1;
	}
	if (net_up(argv[0], true) != 0)
		return -1;
	n = net_netif();
	out("mac: ");
	out_mac(net_mac());
	out("\n");
	out_addr("address", netif_ip4_addr(n));
	out_addr("netmask", netif_ip4_netmask(n));
	out_addr("gateway", netif_ip4_gw(n));
	dns = dns_getserver(0);
	out_addr("dns", ip_2_ip4(dns));
	out("dhcp: ");
	out(dhcp_state(n));
	out("\n");
	counters();
	return 0;
}
