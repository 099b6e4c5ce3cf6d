/* SPDX-License-Identifier: BSD-2-Clause */
/* synflood.c - a listener whose backlog is full of half-open connections takes a new
 * SYN all the same: the oldest half-open connection (SYN-RCVD) of that listener is
 * reset to make room, RFC 4987 3.5 ("recycling the oldest half-open TCB"). Without it
 * lwIP drops every SYN until one times out (TCP_SYN_RCVD_TIMEOUT, 20 s), and a SYN
 * flood from spoofed addresses keeps a server from accepting anyone. */
#include "lwip/memp.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/stats.h"
#include "lwip/tcp.h"
#include "bm_hooks.h"

#if !MEMP_STATS || MEMP_MEM_MALLOC
#error "synflood.c reads the use of the tcp_pcb pool from its counters (MEMP_STATS)"
#endif

/* No pcb left for the SYN's connection: tcp_alloc (tcp.c) then takes a TIME-WAIT one
 * or none, as a connection of the same priority is never taken. A listener whose
 * backlog is more than the pool holds (httpd's 200 half-open next to 128 connections in
 * 160 pcbs) runs out of pcbs before its backlog fills. */
static int no_pcb_left(void)
{
	const struct stats_mem *m = lwip_stats.memp[MEMP_TCP_PCB];
	return m->used >= m->avail && tcp_tw_pcbs == NULL;
}

err_t bm_tcp_inpacket(struct tcp_pcb *pcb, const struct tcp_hdr *hdr)
{
	if (pcb->state != LISTEN || (TCPH_FLAGS(hdr) & (TCP_SYN | TCP_ACK | TCP_RST)) != TCP_SYN)
		return ERR_OK;
	struct tcp_pcb_listen *l = (struct tcp_pcb_listen *)pcb;
	if (l->accepts_pending < l->backlog && !no_pcb_left())
		return ERR_OK;
	struct tcp_pcb *oldest = NULL;
	for (struct tcp_pcb *p = tcp_active_pcbs; p != NULL; p = p->next)
		if (p->state == SYN_RCVD && p->listener == l &&
		    (oldest == NULL || (u32_t)(tcp_ticks - p->tmr) >= (u32_t)(tcp_ticks - oldest->tmr)))
			oldest = p;
	/* No RST: the peer of a flood is mostly spoofed, and a RST to it would take an ARP
	 * entry; a real peer's ACK gets one from the listener. The backlog gets the slot. */
	if (oldest != NULL)
		tcp_abandon(oldest, 0);
	return ERR_OK;
}
