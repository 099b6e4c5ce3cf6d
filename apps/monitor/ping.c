// SPDX-License-Identifier: BSD-2-Clause
/* ping.c - the `ping HOST` command: PING_COUNT ICMP echo requests (RFC 792) over a raw
 * pcb to HOST (resolve.c: a dotted IPv4 address or a name), one line per reply or
 * timeout, then a summary (README "The Monitor"). */
#include <errno.h>
#include "baremetal.h"
#include "mon.h"
#include "netstack.h"
#include "lwip/icmp.h"
#include "lwip/inet_chksum.h"
#include "lwip/prot/ip4.h"
#include "lwip/raw.h"

#define PING_COUNT       4
#define PING_TIMEOUT_MS  1000
#define PING_DATA        32
#define PING_ID          0xB3C1   /* not lib/net/ping.c's: no late reply to a program is ours */

static struct {
	ip_addr_t to;
	bool any_source;   /* to is a broadcast address: anyone on the subnet replies */
	uint16_t seq;
	bool replied;
} echo;

/* The raw pcb sees the packet from its IP header. Our echo reply, from the host pinged
 * (a late one of an earlier ping to another host has the same id and seq), is eaten
 * (1); anything else goes on to lwIP (0). */
static u8_t on_raw(void *arg, struct raw_pcb *pcb, struct pbuf *p, const ip_addr_t *addr)
{
	struct icmp_echo_hdr h;
	uint16_t hlen;

	(void)arg;
	(void)pcb;
	if (p->len < IP_HLEN || !(echo.any_source || ip_addr_cmp(addr, &echo.to)))
		return 0;
	hlen = (uint16_t)IPH_HL_BYTES((const struct ip_hdr *)p->payload);
	if (pbuf_copy_partial(p, &h, sizeof(h), hlen) != sizeof(h))
		return 0;
	if (h.type != ICMP_ER || h.id != lwip_htons(PING_ID) || h.seqno != lwip_htons(echo.seq))
		return 0;
	echo.replied = true;
	pbuf_free(p);
	return 1;
}

static int replied(void *arg)
{
	(void)arg;
	return echo.replied;
}

/* One echo: 0 with *rtt_us, -ETIMEDOUT, or another negative errno from sending. */
static int echo_once(struct raw_pcb *pcb, const ip_addr_t *to, uint16_t seq, uint64_t *rtt_us)
{
	struct pbuf *p = pbuf_alloc(PBUF_IP, sizeof(struct icmp_echo_hdr) + PING_DATA, PBUF_RAM);
	struct icmp_echo_hdr *h;
	uint64_t t0;
	err_t e;
	int r;

	if (!p)
		return -ENOMEM;
	h = p->payload;
	h->type = ICMP_ECHO;
	h->code = 0;
	h->chksum = 0;
	h->id = lwip_htons(PING_ID);
	h->seqno = lwip_htons(seq);
	for (int i = 0; i < PING_DATA; i++)
		((uint8_t *)(h + 1))[i] = (uint8_t)('a' + i % 26);
	h->chksum = inet_chksum(h, p->len);
	ip_addr_copy(echo.to, *to);
	echo.any_source = ip4_addr_isbroadcast(ip_2_ip4(to), net_netif());
	echo.seq = seq;
	echo.replied = false;
	t0 = net_us();
	e = raw_sendto(pcb, p, to);
	pbuf_free(p);
	if (e != ERR_OK)
		return e == ERR_RTE ? -EHOSTUNREACH : -EIO;
	r = net_poll_until(replied, NULL, PING_TIMEOUT_MS);
	*rtt_us = net_us() - t0;
	return r;
}

/* "1.234 ms" */
static void out_ms(uint64_t us)
{
	uint64_t frac = us % 1000;

	out_dec(us / 1000);
	out(".");
	out(frac < 100 ? (frac < 10 ? "00" : "0") : "");
	out_dec(frac);
	out(" ms");
}

static int ping_loop(const char *cmd, struct raw_pcb *pcb, const ip_addr_t *to, const char *addr)
{
	unsigned sent = 0, got = 0;

	for (uint16_t seq = 1; seq <= PING_COUNT; seq++) {
		uint64_t rtt;
		int r = echo_once(pcb, to, seq, &rtt);
		if (r == -EHOSTUNREACH) {
			out_err_arg(cmd, "no route to ", addr);
			return -1;
		}
		if (r != 0 && r != -ETIMEDOUT) {
			out_err_arg(cmd, "could not send to ", addr);
			return -1;
		}
		sent++;
		if (r == 0) {
			got++;
			out("reply from ");
			out(addr);
			out(": seq=");
			out_dec(seq);
			out(" time=");
			out_ms(rtt);
			out("\n");
		} else {
			out("no reply: seq=");
			out_dec(seq);
			out("\n");
		}
		if (seq < PING_COUNT && key_stop(cmd))
			break;
	}
	out_dec(sent);
	out(" sent, ");
	out_dec(got);
	out(" received, ");
	out_dec((sent - got) * 100 / sent);
	out("% loss\n");
	return got ? 0 : -1;
}

/* Off the interface's subnet only through a gateway (RFC 1122 section 3.3.1.1); a
 * lease without a router option (QEMU's restricted user network) has none. */
static bool routable(const ip4_addr_t *a)
{
	struct netif *n = net_netif();

	return ip4_addr_netcmp(a, netif_ip4_addr(n), netif_ip4_netmask(n)) ||
	       ip4_addr_isbroadcast(a, n) || !ip4_addr_isany(netif_ip4_gw(n));
}

int cmd_ping(int argc, char **argv)
{
	char addr[IP4ADDR_STRLEN_MAX];
	struct raw_pcb *pcb;
	ip_addr_t to;
	int r;

	if (argc != 2) {
		out_err(argv[0], "usage: ping HOST (an IPv4 address or a name)");
		return -1;
	}
	if (net_up(argv[0], false) != 0)
		return -1;
	if (ip4_addr_isany(netif_ip4_addr(net_netif()))) {
		out_err(argv[0], "no IPv4 address (no DHCP lease: net tries again)");
		return -1;
	}
	if (net_resolve(argv[0], argv[1], &to) != 0)
		return -1;
	ip4addr_ntoa_r(ip_2_ip4(&to), addr, sizeof(addr));
	if (!routable(ip_2_ip4(&to))) {
		out_err_arg(argv[0], "no route to ", addr);
		return -1;
	}
	if (!(pcb = raw_new(IP_PROTO_ICMP))) {
		out_err(argv[0], "out of network buffers");
		return -1;
	}
	raw_recv(pcb, on_raw, NULL);
	out("PING ");
	out(argv[1]);
	out(" (");
	out(addr);
	out("): ");
	out_dec(PING_DATA);
	out(" data bytes\n");
	r = ping_loop(argv[0], pcb, &to, addr);
	raw_remove(pcb);
	return r;
}
