/* SPDX-License-Identifier: BSD-2-Clause */
/* intel_ring.h - the legacy-descriptor rings e1000, e1000e and ixgbe share (8254x SDM
 * 14.4/14.5, 82599 DS 4.6.7/4.6.8): a frame goes out from where it lies, one descriptor
 * per physical piece (EOP on the last); at most three frames are in the ring (net.h's
 * transmit). Received frames are read one by one and
 * their descriptors handed back in batches. */
#ifndef INTEL_RING_H
#define INTEL_RING_H

#include <stdint.h>
#include "drivers/net/intel_desc.h"
#include "drivers/net/net.h"

#define INTEL_BUF    2048
#define INTEL_TX_US  100000   /* one frame on the wire */
#define INTEL_TX_MIN (3 * NET_PIECES + 2)   /* three frames in the ring, TDT never on TDH */

struct intel_ring {
	struct net_dev net;          /* the net class hands it back to the ring calls */
	struct intel_rx_desc *rx;
	struct intel_tx_desc *tx;
	uint8_t (*rxbuf)[INTEL_BUF];
	uint64_t regs;
	/* the tail registers are written through this, when set (ixgbe: its host test models
	 * them), else stored to directly */
	void (*write)(uint64_t regs, uint32_t reg, uint32_t v);
	uint32_t rdt, tdt;           /* RDT and TDT offsets */
	uint32_t rxn, txn;           /* txn: a power of two, at least INTEL_TX_MIN */
	uint32_t rx_next;            /* the next descriptor the NIC fills */
	int32_t rx_held;             /* the descriptor poll handed out last, -1 if none */
	int32_t rx_tail;             /* the last one read and not given back yet, -1 if none */
	uint32_t tx_tail;
	uint32_t tx_prev, tx_prev2;  /* the last descriptor of the previous frame, the one before */
};
_Static_assert(NET_MAX_FRAME <= INTEL_BUF, "a frame fits one buffer");
/* drivers/net/tx_fast.asm's intel_tx_fast works the ring itself (its RING_* offsets). */
_Static_assert(__builtin_offsetof(struct intel_ring, tx) == 160, "RING_TX");
_Static_assert(__builtin_offsetof(struct intel_ring, regs) == 176, "RING_REGS");
_Static_assert(__builtin_offsetof(struct intel_ring, tdt) == 196, "RING_TDT");
_Static_assert(__builtin_offsetof(struct intel_ring, txn) == 204, "RING_TXN");
_Static_assert(__builtin_offsetof(struct intel_ring, tx_tail) == 220, "RING_TX_TAIL");
_Static_assert(__builtin_offsetof(struct intel_ring, tx_prev) == 224, "RING_TX_PREV");
_Static_assert(__builtin_offsetof(struct intel_ring, tx_prev2) == 228, "RING_TX_PREV2");
_Static_assert((INTEL_TXD_EOP | INTEL_TXD_IFCS | INTEL_TXD_RS) == 0x0B, "TXD_CMD");

/* Points the receive descriptors at their buffers, marks the two transmit descriptors
 * tx_prev and tx_prev2 start on done and fills in net's ring calls (transmit, poll, pending, idle);
 * the rest of r is the driver's to set before. */
void intel_ring_init(struct intel_ring *r);
/* intel_tx_fast's slow end: the frame before the one it queued is not done yet; waits
 * for it as ring_transmit does (the lock held) and counts an error if it times out. */
void intel_tx_late(struct intel_ring *r);

#endif
