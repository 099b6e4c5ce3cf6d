// SPDX-License-Identifier: BSD-2-Clause
/* netstack.c - lwIP for the Monitor: its netif over b_net_tx/b_net_rx, the platform
 * hooks (sys_now, LWIP_RAND) and polling. lib/net's glue is not shared: it is built
 * against newlib (port.c prints with printf and exits) and with IPv6 and TCP (netif.c
 * sets mtu6 and ethip6_output, stack.c starts SLAAC and reads the TCP counters, ping.c
 * and include/bmnet.h use IPv6 types), which the Monitor's lwIP has not. All its state
 * and buffers live in the payload's .bss, which programs the Monitor runs do not use:
 * the stack survives them and is started once. */
#include <errno.h>
#include "baremetal.h"
#include "mon.h"
#include "netstack.h"
#include "lwip/dhcp.h"
#include "lwip/init.h"
#include "lwip/pbuf.h"
#include "lwip/stats.h"
#include "lwip/timeouts.h"
#include "netif/etharp.h"
#include "netif/ethernet.h"

#define ETH_FRAME_MAX   1514
#define POLL_FRAMES_MAX 16      /* frames per poll before the timers get their turn */
#define CPUID_RDRAND    (1u << 30)   /* CPUID.1:ECX */
#define ARP_MAXAGE_MS   300000       /* an entry's life: ARP_MAXAGE in lwIP's etharp.c */

static struct netif nif;
static bool started;
static uint32_t polled_ms;           /* sys_now() at the end of the last poll */

uint64_t net_mac(void)
{
	return b_system(NET_STATUS, 0, NET_IFACE);
}

struct netif *net_netif(void)
{
	return started ? &nif : NULL;
}

uint64_t net_us(void)
{
	static uint64_t hz;
	uint64_t t;

	if (!hz)   /* 0 never: a clock that stood still would make every wait endless */
		hz = b_system(TIMECOUNTER_HZ, 0, 0) ?: 1000000;   /* us without an HPET */
	t = b_system(TIMECOUNTER, 0, 0);
	return t / hz * 1000000 + t % hz * 1000000 / hz;
}

/* lwIP's clock: milliseconds, wrapping at 32 bits as lwIP expects. */
u32_t sys_now(void)
{
	return (u32_t)(net_us() / 1000);
}

/* RDRAND where the CPU has it, else xorshift64 seeded by the TSC: DHCP and DNS ids. */
uint32_t mon_net_rand(void)
{
	static int have_rdrand = -1;
	static uint64_t state;

	if (have_rdrand < 0) {
		uint32_t a = 1, b, c, d;
		__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "=c"(c), "=d"(d));
		have_rdrand = (c & CPUID_RDRAND) != 0;
	}
	for (int i = 0; have_rdrand && i < 10; i++) {
		uint32_t v;
		uint8_t ok;
		__asm__ volatile("rdrand %0; setc %1" : "=r"(v), "=qm"(ok));
		if (ok)
			return v;
	}
	if (!state)
		state = b_system(TSC, 0, 0) | 1;
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return (uint32_t)(state >> 16);
}

/* b_net_tx hands the frame to the device, which reads it until the next b_net_tx
 * returns (README "Network"), so every frame is copied into one of two buffers in turn
 * (lwIP rewrites pbufs it sent and holds back those a driver keeps; lib/net/netif.c). */
static err_t linkoutput(struct netif *n, struct pbuf *p)
{
	static uint8_t frames[2][ETH_FRAME_MAX];
	static unsigned k;
	uint8_t *f = frames[k ^= 1];

	(void)n;
	if (p->tot_len > ETH_FRAME_MAX) {
		LINK_STATS_INC(link.lenerr);
		return ERR_BUF;
	}
	pbuf_copy_partial(p, f, p->tot_len, 0);
	b_net_tx(f, p->tot_len, NET_IFACE);
	LINK_STATS_INC(link.xmit);
	return ERR_OK;
}

static err_t netif_setup(struct netif *n)
{
	uint64_t mac = net_mac();

	n->name[0] = 'e';
	n->name[1] = 'n';
	n->mtu = 1500;
	n->hwaddr_len = ETH_HWADDR_LEN;
	for (int i = 0; i < ETH_HWADDR_LEN; i++)
		n->hwaddr[i] = (uint8_t)(mac >> (40 - 8 * i));
	n->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET;
	n->linkoutput = linkoutput;
	n->output = etharp_output;
	return ERR_OK;
}

/* A frame from b_net_rx into lwIP: copied, since it is the kernel's until the next
 * call. A frame lwIP has no buffer for is counted as dropped. */
static void deliver(const void *frame, uint64_t len)
{
	struct pbuf *p;

	if (len > ETH_FRAME_MAX || !(p = pbuf_alloc(PBUF_RAW, (u16_t)len, PBUF_POOL))) {
		LINK_STATS_INC(link.drop);
		return;
	}
	pbuf_take(p, frame, (u16_t)len);
	LINK_STATS_INC(link.recv);
	if (nif.input(p, &nif) != ERR_OK) {
		pbuf_free(p);
		LINK_STATS_INC(link.drop);
	}
}

/* lwIP's DHCP counts a lease in ticks of its 60 s timer and ARP an entry's age in 1 s
 * ticks, and its timers fire once however long they were not checked: time at the
 * prompt or in a program would not count, and a lease that expired meanwhile would
 * stay in use (RFC 2131 section 4.4.5). So after a long gap the DHCP ticks missed are
 * replayed (at most the lease's: then it has expired and DHCP started over) and ARP
 * entries that may be stale are dropped. */
static void catch_up(uint32_t idle_ms)
{
	struct dhcp *d = netif_dhcp_data(&nif);
	uint32_t ticks = idle_ms / DHCP_COARSE_TIMER_MSECS;

	if (d && ticks > d->t0_timeout)
		ticks = d->t0_timeout;
	while (d && ticks--)
		dhcp_coarse_tmr();
	if (idle_ms >= ARP_MAXAGE_MS)
		etharp_cleanup_netif(&nif);
}

static int poll_once(void)
{
	int n = 0;
	void *frame;
	uint64_t len;

	catch_up(sys_now() - polled_ms);
	while (n < POLL_FRAMES_MAX && (len = b_net_rx(&frame, NET_IFACE))) {
		deliver(frame, len);
		n++;
	}
	sys_check_timeouts();
	polled_ms = sys_now();
	return n;
}

/* Polls until done(arg) or timeout_ms; halts until the next 1 ms tick of the Monitor's
 * timer between empty polls, when it has one (loader.c: idle_tick_on). */
int net_poll_until(int (*done)(void *), void *arg, uint32_t timeout_ms)
{
	uint32_t t0 = sys_now();

	for (;;) {
		if (done(arg))
			return 0;
		if ((uint32_t)(sys_now() - t0) >= timeout_ms)
			return -ETIMEDOUT;
		if (!poll_once()) {
			if (idle_hlt)
				__asm__ volatile("hlt");
			else
				__builtin_ia32_pause();
		}
	}
}

static int leased(void *arg)
{
	(void)arg;
	return dhcp_supplied_address(&nif);
}

/* Starts the stack: 0, or -1 after a line saying why. lwIP is initialised once: its
 * lists and timers are not reset by a second lwip_init. */
static int start(const char *cmd)
{
	static bool lwip_ready;

	if (!net_mac()) {
		out_err(cmd, "no network interface");
		return -1;
	}
	if (!lwip_ready) {
		lwip_init();
		lwip_ready = true;
	}
	if (!netif_add(&nif, NULL, NULL, NULL, NULL, netif_setup, ethernet_input)) {
		out_err(cmd, "the network interface did not start");
		return -1;
	}
	started = true;
	polled_ms = sys_now();
	netif_set_hostname(&nif, "baremetal-monitor");
	netif_set_default(&nif);
	netif_set_up(&nif);
	netif_set_link_up(&nif);   /* the kernel reports no link state to programs */
	return 0;
}

int net_up(const char *cmd, bool wait_lease)
{
	bool first = !started;

	if (first && start(cmd) != 0)
		return -1;
	poll_once();
	if (dhcp_supplied_address(&nif) || !(first || wait_lease))
		return 0;
	/* DHCP from INIT again (RFC 2131 section 4.4): a DISCOVER now rather than at the
	 * end of its back-off, which grows to 64 s (section 4.1) */
	if (dhcp_start(&nif) != ERR_OK)
		out_err(cmd, "DHCP did not start");
	else if (net_poll_until(leased, NULL, NET_DHCP_TIMEOUT_MS) != 0 && wait_lease)
		out_err(cmd, "no DHCP lease yet: DHCP goes on while the network is used");
	return 0;
}
