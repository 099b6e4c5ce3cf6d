/* SPDX-License-Identifier: BSD-2-Clause */
/* bm_hooks.h - lwIP's hooks into lib/net (LWIP_HOOK_FILENAME in lwipopts.h). */
#ifndef BM_HOOKS_H
#define BM_HOOKS_H

#include "lwip/err.h"

struct tcp_pcb;
struct tcp_hdr;
struct ip_addr;

/* Every TCP segment for a pcb, before lwIP processes it (synflood.c). */
err_t bm_tcp_inpacket(struct tcp_pcb *pcb, const struct tcp_hdr *hdr);
#define LWIP_HOOK_TCP_INPACKET_PCB(pcb, hdr, optlen, opt1len, opt2, p) bm_tcp_inpacket(pcb, hdr)

/* A new connection's initial sequence number, RFC 6528 (isn.c). */
u32_t bm_tcp_isn(const struct ip_addr *local, u16_t lport, const struct ip_addr *remote, u16_t rport);
#define LWIP_HOOK_TCP_ISN(local, lport, remote, rport) bm_tcp_isn(local, lport, remote, rport)

#endif
