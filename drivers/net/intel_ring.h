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
	uint32_t tx_seq;             /* frames queued */
	uint32_t tx_last[2];         /* the last descriptor of the last two frames, by parity */
};
_Static_assert(NET_MAX_FRAME <= INTEL_BUF, "a frame fits one buffer");

/* Points the receive descriptors at their buffers, marks the two transmit descriptors
 * tx_last starts on done and fills in net's ring calls (transmit, poll, pending, idle);
 * the rest of r is the driver's to set before. */
void intel_ring_init(struct intel_ring *r);

#endif
