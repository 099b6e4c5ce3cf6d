// SPDX-License-Identifier: BSD-2-Clause
/* intel_ring.c - transmit, poll and pending for the legacy descriptor rings of the Intel
 * NICs (e1000.c, ixgbe.c). */
#include "drivers/net/intel_ring.h"
#include "kernel/driver.h"
#include "drivers/util.h"
#include "common/errno.h"
#include "common/fmt.h"
#include "common/x86.h"

/* A tail register: a plain MMIO store, or through r->write when the driver gives one. */
static inline __attribute__((always_inline)) void ring_write(struct intel_ring *r, uint32_t reg,
							      uint32_t v)
{
	if (r->write)
		r->write(r->regs, reg, v);
	else
		mmio_write32(r->regs, reg, v);
}

/* Waits for DD at st for up to INTEL_TX_US: true once set. */
static __attribute__((noinline)) bool tx_wait(volatile uint32_t *st)
{
	return !poll_until(st, INTEL_TXD_DD, INTEL_TXD_DD, INTEL_TX_US);
}

/* The device is done with the frame whose last descriptor is i (DD, with RS): at once
 * (the common case, looked at inline), or within INTEL_TX_US. */
static inline __attribute__((always_inline)) bool tx_done(struct intel_ring *r, uint32_t i)
{
	/* DD is written back by DMA: status is the low byte of dword 3 (intel_desc.h) */
	volatile uint32_t *st = (volatile uint32_t *)&r->tx[i].status;
	return (*st & INTEL_TXD_DD) || tx_wait(st);
}

static int ring_transmit(struct net_dev *n, const struct net_frame *f)
{
	const struct net_piece *pc = f->pc;
	uint32_t npc = f->npc;
	struct intel_ring *r = container_of(n, struct intel_ring, net);
	uint32_t t = r->tx_tail, last = t;

	/* the frame two back: its descriptors are about to be reused */
	if (!tx_done(r, r->tx_prev2))
		return -ETIMEDOUT;
	for (uint32_t i = 0; i < npc; i++) {
		r->tx[t] = (struct intel_tx_desc){ .addr = pc[i].phys, .len = (uint16_t)pc[i].len,
			.cmd = (i + 1 == npc ? INTEL_TXD_EOP : 0) | INTEL_TXD_IFCS | INTEL_TXD_RS };
		last = t;
		t = (t + 1) & (r->txn - 1);
	}
	r->tx_tail = t;
	r->tx_prev2 = r->tx_prev;
	r->tx_prev = last;
	barrier();   /* the descriptors are in memory before the NIC looks */
	ring_write(r, r->tdt, t);
	/* the previous frame is done before b_net_tx returns: its buffer is the program's */
	return tx_done(r, r->tx_prev2) ? 0 : 1;
}

void intel_tx_late(struct intel_ring *r)
{
	if (!tx_done(r, r->tx_prev2))
		r->net.stats.tx_errors++;
}

/* A frame waits in the ring (CALLBACK_NETWORK's check; nothing is taken). */
static int ring_pending(struct net_dev *n)
{
	struct intel_ring *r = container_of(n, struct intel_ring, net);
	return (READ_ONCE(r->rx[r->rx_next].status) & INTEL_RXD_DD) != 0;
}

/* net.h's rx_idle: the status dword of rx_next (DD clear: nothing waits), or never
 * idle while a descriptor is held or RDT has yet to move. */
static void ring_peek(struct intel_ring *r)
{
	r->net.rx_idle = (const volatile uint32_t *)&r->rx[r->rx_next].status;
	r->net.rx_idle_want = (r->rx_held & r->rx_tail) < 0 ? 0 : ~INTEL_RXD_DD;
}

/* The descriptor poll returned last is cleared at the next poll and becomes the new
 * tail; RDT moves to it at the first poll that finds no frame (see E1000_RXN). */
static uint32_t ring_take(struct net_dev *n, void **frame)
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
			ring_write(r, r->rdt, (uint32_t)r->rx_tail);
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

static uint32_t ring_poll(struct net_dev *n, void **frame)
{
	uint32_t len = ring_take(n, frame);
	ring_peek(container_of(n, struct intel_ring, net));
	return len;
}

void intel_ring_init(struct intel_ring *r)
{
	for (uint32_t i = 0; i < r->rxn; i++)
		r->rx[i].addr = (uintptr_t)r->rxbuf[i];
	r->rx_held = r->rx_tail = -1;
	r->tx_prev2 = r->txn - 2;
	r->tx_prev = r->txn - 1;
	r->tx[r->txn - 2].status = r->tx[r->txn - 1].status = INTEL_TXD_DD;
	r->net.transmit = ring_transmit;
	if (!r->write)   /* intel_tx_fast stores to the tail register itself */
		r->net.tx_fast = intel_tx_fast;
	r->net.rx_idle_mask = INTEL_RXD_DD;
	ring_peek(r);
	r->net.poll = ring_poll;
	r->net.pending = ring_pending;
}
