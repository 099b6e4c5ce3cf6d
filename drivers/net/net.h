/* SPDX-License-Identifier: BSD-2-Clause */
/* net.h - the network class table: every NIC of every model, numbered in the order
 * drivers register them (PCI bus/device/function order). Frames are whole Ethernet frames
 * with their 14-byte header and without the FCS.
 * The frame-length rule, the same for every driver: b_net_rx returns 60..1514 bytes (what
 * b_net_tx takes); a shorter frame comes back zero-padded to 60, a longer or damaged one is
 * dropped and counted in rx_dropped, as are the frames the NIC itself dropped. Drivers
 * report what the device delivered and net_rx applies the rule. */
#ifndef NET_H
#define NET_H

#include <stdint.h>

#define NET_MAX_IFACES 8
#define NET_MIN_FRAME  60
#define NET_MAX_FRAME  1514
#define NET_RX_BAD     0xFFFFFFFFu   /* poll: a damaged frame (device error, empty) */

struct net_stats {
	uint64_t tx_frames, tx_bytes, tx_errors;   /* tx_errors: refused or failed frames */
	uint64_t rx_frames, rx_bytes, rx_dropped;  /* rx_dropped: no room in the device, too
	                                            * long, damaged, or flushed by NET_CONFIG */
};

struct net_dev {
	const char *type;                 /* "virtio-net", "e1000", "e1000e", "ixgbe" */
	uint8_t mac[6];
	/* Queue one frame (60..1514 bytes, padded by the caller to 60) for transmission and
	 * wait until the device took it; 0 or a negative error. */
	int (*transmit)(struct net_dev *n, const void *frame, uint32_t len);
	/* The oldest received frame still in the ring: its address and the length the device
	 * delivered, whatever it is (1..NET_MAX_FRAME and beyond; NET_RX_BAD for a damaged or
	 * empty frame), 0 when none. The buffer holds at least NET_MIN_FRAME bytes and stays
	 * valid until the next poll, which hands it back first. */
	uint32_t (*poll)(struct net_dev *n, void **frame);
	/* A received frame is waiting (a peek: nothing is taken). */
	int (*pending)(struct net_dev *n);
	/* Link up? */
	int (*link)(struct net_dev *n);
	/* Frames the device dropped itself, for lack of buffers or too long (added to
	 * stats.rx_dropped). */
	uint64_t (*dropped)(struct net_dev *n);
	void *priv;
	/* owned by net.c */
	struct net_stats stats;
	volatile uint32_t lock;
};

/* Adds an interface, its stats and lock zero (as kmem_alloc gives memory); prints
 * "netN: <type> <mac>". 0 or -ENOSPC. */
int net_register(struct net_dev *n);
uint32_t net_count(void);

/* The API (BareMetal's semantics): */
/* b_net_tx: frame with its header, 60..1514 bytes (shorter ones are padded to 60); a
 * longer, NULL or unmapped frame, or a missing interface, sends nothing and counts an
 * error. */
void net_tx(const void *frame, uint64_t len, uint64_t iface);
/* b_net_rx: the next received frame's address and length (60..1514), 0 when none; the
 * frames before it that break the length rule are dropped and counted on the way. */
uint64_t net_rx(uint64_t iface, void **frame);
/* NET_STATUS: the MAC in bits 47:0, first octet most significant; 0 if no interface. */
uint64_t net_status(uint64_t iface);
/* NET_STATS (BareMetal-C): copies struct net_stats for iface to out; 0 or -EINVAL. */
int net_get_stats(uint64_t iface, void *out);
/* NET_CONFIG: (re)start iface's receive side: every frame waiting in its ring is handed
 * back to the NIC unread (and counted in rx_dropped). BareMetal's RAX (a base for the
 * receive descriptors) is not needed: the kernel owns the rings. 0 or -EINVAL. */
int net_config(uint64_t iface);
/* A frame waits on some interface: for CALLBACK_NETWORK's timer-driven check. */
int net_pending(void);

#endif
