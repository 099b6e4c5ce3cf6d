/* SPDX-License-Identifier: BSD-2-Clause */
/* ping.c - ICMP and ICMPv6 echo for programs (include/bmnet.h) over lwIP raw pcbs. */
#include <errno.h>
#include <string.h>
#include "bmnet.h"
#include "lwip/icmp.h"
#include "lwip/icmp6.h"
#include "lwip/inet_chksum.h"
#include "lwip/ip.h"
#include "lwip/prot/ip4.h"
#include "lwip/prot/ip6.h"
#include "lwip/raw.h"
#include "netif_bm.h"

#define PING_ID      0xB3C0
#define PING_DATA    32

static struct {
	uint16_t seq;
	int replied;
	ip_addr_t to;
} echo;

/* A reply counts from the host pinged only, or from any for a broadcast or multicast
 * address: a late reply of an earlier ping to another host is not this one's. */
static int from_target(const ip_addr_t *from)
{
	/* zoneless: a link-local source carries its netif's zone, the address asked need not */
	if (ip_addr_cmp_zoneless(from, &echo.to) || ip_addr_ismulticast(&echo.to))
		return 1;
	return IP_IS_V4(&echo.to) && ip_addr_isbroadcast(&echo.to, bm_net_netif());
}

/* Raw pcbs see the packet from its IP header (IPv4 and IPv6). An echo reply of ours is
 * eaten (1); anything else goes on to lwIP (0). */
static u8_t on_raw(void *arg, struct raw_pcb *pcb, struct pbuf *p, const ip_addr_t *addr)
{
	(void)pcb;
	uint16_t hlen;
	uint8_t want;
	if (arg != NULL) {         /* the ICMPv6 pcb */
		hlen = IP6_HLEN;
		want = ICMP6_TYPE_EREP;
	} else {
		if (p->len < IP_HLEN)
			return 0;
		hlen = (uint16_t)(IPH_HL_BYTES((struct ip_hdr *)p->payload));
		want = ICMP_ER;
	}
	struct icmp_echo_hdr h;
	if (p->tot_len < hlen + sizeof(h) || pbuf_copy_partial(p, &h, sizeof(h), hlen) != sizeof(h))
		return 0;
	if (h.type != want || h.id != lwip_htons(PING_ID) || h.seqno != lwip_htons(echo.seq) ||
	    !from_target(addr))
		return 0;
	echo.replied = 1;
	pbuf_free(p);
	return 1;
}

static int replied(void *arg)
{
	(void)arg;
	return echo.replied;
}

int bm_ping(const ip_addr_t *addr, uint16_t seq, uint32_t timeout_ms, uint32_t *rtt_us)
{
	if (addr == NULL)
		return -EINVAL;
	if (!bm_net_started())
		return -ENOTCONN;
	int v6 = IP_IS_V6(addr);
	bm_net_enter();
	struct raw_pcb *pcb = v6 ? raw_new_ip_type(IPADDR_TYPE_V6, IP6_NEXTH_ICMP6)
				 : raw_new_ip_type(IPADDR_TYPE_V4, IP_PROTO_ICMP);
	if (pcb == NULL) {
		bm_net_leave();
		return -ENOMEM;
	}
	if (v6) {
		pcb->chksum_reqd = 1;          /* lwIP fills the ICMPv6 checksum */
		pcb->chksum_offset = 2;
	}
	raw_recv(pcb, on_raw, v6 ? (void *)1 : NULL);
	struct pbuf *p = pbuf_alloc(PBUF_IP, sizeof(struct icmp_echo_hdr) + PING_DATA, PBUF_RAM);
	int r = -ENOMEM;
	if (p != NULL) {
		struct icmp_echo_hdr *h = p->payload;
		memset(h, 0, p->len);
		h->type = v6 ? ICMP6_TYPE_EREQ : ICMP_ECHO;
		h->id = lwip_htons(PING_ID);
		h->seqno = lwip_htons(seq);
		for (int i = 0; i < PING_DATA; i++)
			((uint8_t *)(h + 1))[i] = (uint8_t)('a' + i % 26);
		if (!v6)
			h->chksum = inet_chksum(h, p->len);
		echo.seq = seq;
		echo.replied = 0;
		ip_addr_copy(echo.to, *addr);
		uint64_t t0 = bm_net_us();
		err_t e = raw_sendto(pcb, p, addr);
		pbuf_free(p);
		bm_net_leave();
		r = e == ERR_OK ? bm_net_poll_until(replied, NULL, timeout_ms) : -bm_errno(e);
		if (r == 0 && rtt_us)
			*rtt_us = (uint32_t)(bm_net_us() - t0);
		bm_net_enter();
	}
	raw_remove(pcb);
	bm_net_leave();
	return r;
}
