// SPDX-License-Identifier: BSD-2-Clause
/* intel_ring.c - transmit, poll and pending for the legacy descriptor rings of the Intel
 * NICs (e1000.c, ixgbe.c). */
#include "drivers/net/intel_ring.h"
#include "kernel/driver.h"
#include "drivers/util.h"
#include "common/errno.h"
#include "common/fmt.h"
#include "common/x86.h"

static int ring_transmit(struct net_dev *n, const void *frame, uint32_t len)
{
	struct intel_ring *r = container_of(n, struct intel_ring, net);
	struct intel_tx_desc *d = &r->tx[r->tx_tail];

	memcpy(r->txbuf, frame, len);
	*d = (struct intel_tx_desc){ .addr = (uintptr_t)r->txbuf, .len = (uint16_t)len,
				     .cmd = INTEL_TXD_EOP | INTEL_TXD_IFCS | INTEL_TXD_RS };
	r->tx_tail = (r->tx_tail + 1) % r->txn;
	barrier();   /* the descriptor is in memory before the NIC looks */
	r->write(r->regs, r->tdt, r->tx_tail);
	/* DD is written back by DMA: status is the low byte of dword 3 (intel_desc.h) */
	return poll_until((volatile uint32_t *)&d->status, INTEL_TXD_DD, INTEL_TXD_DD, INTEL_TX_US);
}

/* A frame waits in the ring (CALLBACK_NETWORK's check; nothing is taken). */
static int ring_pending(struct net_dev *n)
{
	struct intel_ring *r = container_of(n, struct intel_ring, net);
	return (READ_ONCE(r->rx[r->rx_next].status) & INTEL_RXD_DD) != 0;
}

/* The descriptor poll returned last is cleared at the next poll and becomes the new
 * tail; RDT moves to it at the first poll that finds no frame (see E1000_RXN). */
static uint32_t ring_poll(struct net_dev *n, void **frame)
{
	struct intel_ring *r = container_of(n, struct intel_ring, net);

	if (r->rx_held >= 0) {
		r->rx[r->rx_held].status = 0;
		r->rx_tail = r->rx_held;
		r->rx_held = -1;
	}
	struct intel_rx_desc *d = &r->rx[r->rx_next];
	if (!(READ_ONCE(d->status) & INTEL_RXD_DD)) {
		if (r->rx_tail >= 0) {
			barrier();   /* cleared before the NIC owns them */
			r->write(r->regs, r->rdt, (uint32_t)r->rx_tail);
			r->rx_tail = -1;
		}
		return 0;
	}
	barrier();   /* the frame is read after DD */
	r->rx_held = (int32_t)r->rx_next;
	r->rx_next = (r->rx_next + 1) % r->rxn;
	*frame = r->rxbuf[r->rx_held];
	/* Whole frames fit one buffer (the NICs drop those over 1522 bytes, counting ROC):
	 * an error, a descriptor without EOP or an empty one is damaged. */
	if (!(d->status & INTEL_RXD_EOP) || d->errors || !d->len)
		return NET_RX_BAD;
	return d->len;
}

void intel_ring_init(struct intel_ring *r)
{
	for (uint32_t i = 0; i < r->rxn; i++)
		r->rx[i].addr = (uintptr_t)r->rxbuf[i];
	r->rx_held = r->rx_tail = -1;
	r->net.transmit = ring_transmit;
	r->net.poll = ring_poll;
	r->net.pending = ring_pending;
}
