/* SPDX-License-Identifier: BSD-2-Clause */
/* udp.c - UDP for programs (include/bmnet.h) over lwIP's raw UDP API, IPv4 and IPv6. */
#include <errno.h>
#include <stdlib.h>
#include "bmnet.h"
#include "lwip/udp.h"
#include "netif_bm.h"

struct bm_udp {
	struct udp_pcb *pcb;
	bm_udp_recv_fn recv;
	void *arg;
};

/* A datagram in several pbufs (reassembled, or longer than a pool pbuf) is made
 * contiguous here: the program's callback gets one buffer. */
static uint8_t dgram[65536];

static void on_recv(void *arg, struct udp_pcb *pcb, struct pbuf *p, const ip_addr_t *addr,
		    u16_t port)
{
	struct bm_udp *u = arg;
	(void)pcb;
	if (u->recv) {
		const void *data = p->payload;
		if (p->next != NULL)
			data = dgram, pbuf_copy_partial(p, dgram, p->tot_len, 0);
		u->recv(u, data, p->tot_len, addr, port, u->arg);
	}
	pbuf_free(p);
}

struct bm_udp *bm_udp_open(uint16_t port, bm_udp_recv_fn recv, void *arg)
{
	if (!bm_net_started())
		return NULL;
	struct bm_udp *u = calloc(1, sizeof(*u));
	if (u == NULL)
		return NULL;
	bm_net_enter();
	u->pcb = udp_new_ip_type(IPADDR_TYPE_ANY);
	if (u->pcb == NULL || udp_bind(u->pcb, IP_ANY_TYPE, port) != ERR_OK) {
		if (u->pcb)
			udp_remove(u->pcb);
		bm_net_leave();
		free(u);
		return NULL;
	}
	u->recv = recv;
	u->arg = arg;
	udp_recv(u->pcb, on_recv, u);
	bm_net_leave();
	return u;
}

int bm_udp_sendto(struct bm_udp *u, const void *data, size_t len, const ip_addr_t *to,
		  uint16_t port)
{
	if (u == NULL || to == NULL || (len > 0 && data == NULL))
		return -EINVAL;
	if (len > 65507)
		return -EMSGSIZE;
	bm_net_enter();
	struct pbuf *p = pbuf_alloc(PBUF_TRANSPORT, (u16_t)len, PBUF_RAM);
	int r = -ENOMEM;
	if (p != NULL) {
		pbuf_take(p, data, (u16_t)len);
		err_t e = udp_sendto(u->pcb, p, to, port);
		r = -bm_errno(e);
		pbuf_free(p);
	}
	bm_net_leave();
	return r;
}

void bm_udp_close(struct bm_udp *u)
{
	if (u == NULL)
		return;
	bm_net_enter();
	udp_remove(u->pcb);
	bm_net_leave();
	free(u);
}
