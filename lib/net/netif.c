/* SPDX-License-Identifier: BSD-2-Clause */
/* netif.c - an lwIP netif over one kernel network interface: frames out through
 * b_net_tx, in through b_net_rx, the MAC from NET_STATUS. */
#include <string.h>
#include "baremetal.h"
#include "lwip/etharp.h"
#include "netif/ethernet.h"
#include "lwip/ethip6.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/snmp.h"
#include "lwip/stats.h"
#include "netif_bm.h"

#define ETH_FRAME_MAX 1514

/* b_net_tx hands the frame to the device, which reads it until the next b_net_tx on
 * the interface returns (README "Network"), so every frame is copied into one of two
 * buffers in turn: lwIP rewrites a pbuf it sent (a retransmitted segment's header) and
 * treats one the driver holds a reference to as busy (tcp_output_segment_busy), which
 * would hold retransmissions back until some other frame went out. */
static uint8_t tx_frame[2][ETH_FRAME_MAX] __attribute__((aligned(64)));

static err_t bm_linkoutput(struct netif *nif, struct pbuf *p)
{
	struct bm_netif *bn = nif->state;
	if (p->tot_len > ETH_FRAME_MAX) {
		LINK_STATS_INC(link.lenerr);
		return ERR_BUF;
	}
	uint8_t *frame = tx_frame[bn->turn ^= 1];
	pbuf_copy_partial(p, frame, p->tot_len, 0);
	b_net_tx(frame, p->tot_len, bn->iface);
	LINK_STATS_INC(link.xmit);
	return ERR_OK;
}

static err_t bm_netif_init(struct netif *nif)
{
	struct bm_netif *bn = nif->state;
	nif->name[0] = 'e';
	nif->name[1] = 'n';
	nif->mtu = 1500;
	nif->mtu6 = 1500;
	nif->hwaddr_len = ETH_HWADDR_LEN;
	memcpy(nif->hwaddr, bn->mac, ETH_HWADDR_LEN);
	nif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET |
		     NETIF_FLAG_IGMP | NETIF_FLAG_MLD6;
	nif->linkoutput = bm_linkoutput;
	nif->output = etharp_output;
	nif->output_ip6 = ethip6_output;
	return ERR_OK;
}

int bm_netif_add(struct bm_netif *bn, unsigned iface)
{
	uint64_t mac = b_system(NET_STATUS, 0, iface);
	if (mac == 0)
		return -1;
	bn->iface = iface;
	for (int i = 0; i < 6; i++)
		bn->mac[i] = (uint8_t)(mac >> (40 - 8 * i));   /* first octet highest */
	if (netif_add(&bn->netif, NULL, NULL, NULL, bn, bm_netif_init, ethernet_input) == NULL)
		return -1;
	return 0;
}

/* Moves up to max waiting frames into lwIP (a copy into a pool pbuf each: b_net_rx's
 * frame is the kernel's until the next call). Returns the frames taken. */
int bm_netif_input(struct bm_netif *bn, int max)
{
	int n = 0;
	while (n < max) {
		void *frame;
		uint64_t len = b_net_rx(&frame, bn->iface);
		if (len == 0)
			break;
		n++;
		bm_netif_deliver(bn, frame, len);
	}
	return n;
}

int bm_netif_deliver(struct bm_netif *bn, const void *frame, size_t len)
{
	if (len == 0 || len > ETH_FRAME_MAX) {
		LINK_STATS_INC(link.lenerr);
		LINK_STATS_INC(link.drop);
		return -1;
	}
	struct pbuf *p = pbuf_alloc(PBUF_RAW, (u16_t)len, PBUF_POOL);
	if (p == NULL) {
		LINK_STATS_INC(link.memerr);
		LINK_STATS_INC(link.drop);
		return -1;
	}
	pbuf_take(p, frame, (u16_t)len);
	LINK_STATS_INC(link.recv);
	if (bn->netif.input(p, &bn->netif) != ERR_OK) {
		pbuf_free(p);
		LINK_STATS_INC(link.drop);
		return -1;
	}
	return 0;
}
