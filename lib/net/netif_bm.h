/* SPDX-License-Identifier: BSD-2-Clause */
/* netif_bm.h - lib/net's internal interfaces: the netif over the kernel's network API
 * (netif.c) and the stack's state (stack.c). */
#ifndef BM_NETIF_BM_H
#define BM_NETIF_BM_H

#include <stddef.h>
#include <stdint.h>
#include "lwip/err.h"
#include "lwip/netif.h"

struct bm_netif {
	struct netif netif;
	unsigned iface;
	uint8_t mac[6];
	/* b_net_tx's device reads a frame until the next b_net_tx returns (README
	 * "Network"): frames go out from two buffers in turn */
	unsigned turn;
};

int bm_netif_add(struct bm_netif *bn, unsigned iface);
int bm_netif_input(struct bm_netif *bn, int max);
/* One frame into lwIP (copied); the fuzz target's entry too. 0, or -1 when dropped. */
int bm_netif_deliver(struct bm_netif *bn, const void *frame, size_t len);

/* The stack is entered by one path at a time: the program's calls and CALLBACK_NETWORK's
 * poll (which skips its turn while the program is inside). */
void bm_net_enter(void);
void bm_net_leave(void);
int bm_net_started(void);
/* Poll until done() is true or timeout_ms passed: 0 or -ETIMEDOUT. */
/* lwIP's err_t as a positive errno value (port.c). */
int bm_errno(err_t e);
/* Microseconds from the TIMECOUNTER (port.c). */
uint64_t bm_net_us(void);

int bm_net_poll_until(int (*done)(void *), void *arg, uint32_t timeout_ms);

#endif
