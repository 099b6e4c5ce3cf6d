/* SPDX-License-Identifier: BSD-2-Clause */
/* stack.c - starting lwIP on an interface (DHCP, static address and its fallback,
 * IPv6), polling it from the program and from CALLBACK_NETWORK, and its state. */
#include <errno.h>
#include <string.h>
#include "baremetal.h"
#include "bmnet.h"
#include "lwip/dhcp.h"
#include "lwip/dns.h"
#include "lwip/init.h"
#include "lwip/ip6_addr.h"
#include "lwip/netif.h"
#include "lwip/stats.h"
#include "lwip/sys.h"
#include "lwip/timeouts.h"
#include "netif_bm.h"

#define DHCP_TIMEOUT_DEFAULT_MS 10000
#define POLL_FRAMES_MAX 64      /* frames per poll before the timers get their turn */

static struct bm_netif bm_if;
static struct bm_net_config config;
static int started, dhcp_on, fallback_done;
static uint32_t started_ms;
static volatile int depth;

void bm_net_enter(void)
{
	depth++;
}

void bm_net_leave(void)
{
	depth--;
}

int bm_net_started(void)
{
	return started;
}

struct netif *bm_net_netif(void)
{
	return started ? &bm_if.netif : NULL;
}

uint32_t bm_net_now(void)
{
	return sys_now();
}

static void use_static(void)
{
	netif_set_addr(&bm_if.netif, &config.addr, &config.netmask, &config.gateway);
	if (!ip4_addr_isany_val(config.dns)) {
		ip_addr_t d;
		ip_addr_copy_from_ip4(d, config.dns);
		dns_setserver(0, &d);
	}
}

/* No lease in time: the static address, when there is one (DHCP stops). */
static void check_fallback(void)
{
	if (!dhcp_on || fallback_done || dhcp_supplied_address(&bm_if.netif))
		return;
	uint32_t limit = config.dhcp_timeout_ms ? config.dhcp_timeout_ms : DHCP_TIMEOUT_DEFAULT_MS;
	if ((uint32_t)(sys_now() - started_ms) < limit)
		return;
	fallback_done = 1;
	if (ip4_addr_isany_val(config.addr))
		return;        /* nothing to fall back to: DHCP keeps trying */
	dhcp_release_and_stop(&bm_if.netif);
	use_static();
}

static int poll_once(void)
{
	int n = bm_netif_input(&bm_if, POLL_FRAMES_MAX);
	sys_check_timeouts();
	check_fallback();
	return n;
}

int bm_net_poll(void)
{
	if (!started)
		return 0;
	bm_net_enter();
	int n = poll_once();
	bm_net_leave();
	return n;
}

/* CALLBACK_NETWORK: frames wait. The program may be inside the stack (this interrupts
 * it on the same core): then its own poll takes them. */
static void net_callback(void)
{
	if (depth != 0 || !started)
		return;
	depth++;
	poll_once();
	depth--;
}

int bm_net_start(unsigned iface, const struct bm_net_config *cfg)
{
	if (started)
		return -EBUSY;
	if (cfg == NULL || (cfg->flags & ~(BM_NET_DHCP | BM_NET_IPV6 | BM_NET_CALLBACK)) != 0)
		return -EINVAL;
	if (!(cfg->flags & BM_NET_DHCP) && ip4_addr_isany_val(cfg->addr) && !(cfg->flags & BM_NET_IPV6))
		return -EINVAL;   /* neither DHCP, a static address nor IPv6: no address at all */
	config = *cfg;
	bm_net_enter();
	lwip_init();
	if (bm_netif_add(&bm_if, iface) != 0) {
		bm_net_leave();
		return -ENODEV;
	}
	started = 1;
	started_ms = sys_now();
	netif_set_hostname(&bm_if.netif, cfg->hostname ? cfg->hostname : "baremetal");
	netif_set_default(&bm_if.netif);
	netif_set_up(&bm_if.netif);
	netif_set_link_up(&bm_if.netif);
	if (cfg->flags & BM_NET_IPV6) {
		netif_create_ip6_linklocal_address(&bm_if.netif, 1);
		netif_set_ip6_autoconfig_enabled(&bm_if.netif, 1);
	}
	if (cfg->flags & BM_NET_DHCP) {
		dhcp_on = 1;
		dhcp_start(&bm_if.netif);
	} else if (!ip4_addr_isany_val(cfg->addr)) {
		use_static();
	}
	bm_net_leave();
	if (cfg->flags & BM_NET_CALLBACK)
		b_system(CALLBACK_NETWORK, (uint64_t)(uintptr_t)net_callback, 0);
	return 0;
}

void bm_net_set_link(int up)
{
	if (!started)
		return;
	bm_net_enter();
	if (up)
		netif_set_link_up(&bm_if.netif);
	else
		netif_set_link_down(&bm_if.netif);
	bm_net_leave();
}

int bm_net_poll_until(int (*done)(void *), void *arg, uint32_t timeout_ms)
{
	uint32_t t0 = sys_now();
	for (;;) {
		if (done(arg))
			return 0;
		if ((uint32_t)(sys_now() - t0) >= timeout_ms)
			return -ETIMEDOUT;
		if (bm_net_poll() == 0)
			__builtin_ia32_pause();
	}
}

static int have_addr(void *arg)
{
	(void)arg;
	return !ip4_addr_isany_val(*netif_ip4_addr(&bm_if.netif));
}

int bm_net_wait_addr(uint32_t timeout_ms)
{
	if (!started)
		return -ENOTCONN;
	return bm_net_poll_until(have_addr, NULL, timeout_ms);
}

static int have_ip6(void *arg)
{
	int i = *(int *)arg;
	return ip6_addr_ispreferred(netif_ip6_addr_state(&bm_if.netif, i));
}

int bm_net_wait_ip6(int i, uint32_t timeout_ms)
{
	if (!started)
		return -ENOTCONN;
	if (i < 0 || i >= LWIP_IPV6_NUM_ADDRESSES)
		return -EINVAL;
	return bm_net_poll_until(have_ip6, &i, timeout_ms);
}

int bm_net_info(struct bm_net_info *out)
{
	if (out == NULL)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	if (!started)
		return -ENOTCONN;
	struct netif *n = &bm_if.netif;
	memcpy(out->mac, bm_if.mac, 6);
	out->link_up = netif_is_link_up(n);
	out->addr = *netif_ip4_addr(n);
	out->netmask = *netif_ip4_netmask(n);
	out->gateway = *netif_ip4_gw(n);
	out->has_addr = !ip4_addr_isany_val(out->addr);
	out->dhcp_bound = dhcp_supplied_address(n);
	const ip_addr_t *d = dns_getserver(0);
	if (IP_IS_V4(d))
		out->dns = *ip_2_ip4(d);
	for (int i = 0; i < 3 && i < LWIP_IPV6_NUM_ADDRESSES; i++) {
		out->ip6_valid[i] = ip6_addr_isvalid(netif_ip6_addr_state(n, i));
		out->ip6[i] = *netif_ip6_addr(n, i);
	}
	out->link_rx = lwip_stats.link.recv;
	out->link_tx = lwip_stats.link.xmit;
	out->link_drop = lwip_stats.link.drop;
	out->ip_rx = lwip_stats.ip.recv + lwip_stats.ip6.recv;
	out->ip_tx = lwip_stats.ip.xmit + lwip_stats.ip6.xmit;
	out->ip_err = lwip_stats.ip.err + lwip_stats.ip.chkerr + lwip_stats.ip.lenerr +
		      lwip_stats.ip6.err + lwip_stats.ip6.lenerr + lwip_stats.ip.proterr +
		      lwip_stats.ip6.proterr;
	out->tcp_rx = lwip_stats.tcp.recv;
	out->tcp_tx = lwip_stats.tcp.xmit;
	out->tcp_err = lwip_stats.tcp.err + lwip_stats.tcp.chkerr + lwip_stats.tcp.lenerr;
	struct b_net_stats ks;
	if (b_system(NET_STATS, (uint64_t)(uintptr_t)&ks, bm_if.iface) == 0) {
		out->nic_rx_frames = ks.rx_frames;
		out->nic_tx_frames = ks.tx_frames;
		out->nic_rx_dropped = ks.rx_dropped;
	}
	return 0;
}
