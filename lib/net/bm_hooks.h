/* SPDX-License-Identifier: BSD-2-Clause */
/* bm_hooks.h - lwIP's hooks into lib/net (LWIP_HOOK_FILENAME in lwipopts.h). */
#ifndef BM_HOOKS_H
#define BM_HOOKS_H

#include "lwip/err.h"

struct tcp_pcb;
struct tcp_hdr;

/* Every TCP segment for a pcb, before lwIP processes it (synflood.c). */
err_t bm_tcp_inpacket(struct tcp_pcb *pcb, const struct tcp_hdr *hdr);
#define LWIP_HOOK_TCP_INPACKET_PCB(pcb, hdr, optlen, opt1len, opt2, p) bm_tcp_inpacket(pcb, hdr)

#endif
