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
/* Frames copied for the device (too short: padded; not in the program's RAM) go through
 * three buffers in turn: when one is reused, its frame was three transmits back, and the
 * transmit after it returned only once the device was done with that frame or had
 * copied it. */
#define NET_BOUNCE     1536
#define NET_BOUNCES    3

struct net_stats {
	uint64_t tx_frames, tx_bytes, tx_errors;   /* tx_errors: refused or failed frames */
	uint64_t rx_frames, rx_bytes, rx_dropped;  /* rx_dropped: no room in the device, too
	                                            * long, damaged, or flushed by NET_CONFIG */
};

/* One physically contiguous piece of a frame, as the device reads it by DMA. */
struct net_piece {
	uint64_t phys;
	uint64_t len;
};
#define NET_PIECES 2   /* a frame of program memory crosses at most one discontinuity */

/* A frame for a driver's transmit: where the device may read it (npc pieces, 1..
 * NET_PIECES, len bytes in all, 60..1514) and where it lies in this address space (va),
 * for a driver that copies it instead. */
struct net_frame {
	const void *va;
	uint32_t len, npc;
	struct net_piece pc[NET_PIECES];
};

struct net_dev {
	const char *type;                 /* "virtio-net", "e1000", "e1000e", "ixgbe" */
	uint8_t mac[6];
	/* Hands one frame to the device and returns without waiting for it (README
	 * "Network", the reuse rule). Before it returns, the device is done with the frame
	 * of the call before if it reads that one in place (so the program may reuse that
	 * buffer); a ring never overruns a buffer in use. 0; 1: queued, but the frame before
	 * timed out; negative: not queued (the device still holds an older frame whose slot
	 * this one needs). */
	int (*transmit)(struct net_dev *n, const struct net_frame *f);
	/* b_net_rx's first look, without the lock or a call: no frame waits and poll has
	 * nothing to hand back while (*rx_idle & rx_idle_mask) == rx_idle_want. The driver
	 * keeps them so in poll (under the lock), with rx_idle_want = ~rx_idle_mask (never
	 * equal) while it holds a buffer or a tail to write back. A frame that arrives
	 * meanwhile, or a look racing another core's poll, is found by the next call. */
	const volatile uint32_t *rx_idle;
	uint32_t rx_idle_mask, rx_idle_want;
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
	uint8_t (*bounce)[NET_BOUNCE];    /* copies of frames the device cannot read in place */
	uint32_t tx_queued;               /* frames transmit queued: the next bounce buffer */
	volatile uint32_t lock;
	/* b_net_tx's first try, called from api/abi.asm with its own convention (not callable
	 * from C; drivers/net/tx_fast.asm): the driver's, or net_register's
	 * net_tx_fast_none. */
	void (*tx_fast)(void);
};
/* api/abi.asm's b_net_rx reads these three fields itself (its NET_DEV_RX_* offsets). */
_Static_assert(__builtin_offsetof(struct net_dev, rx_idle) == 24, "NET_DEV_RX_IDLE in api/abi.asm");
_Static_assert(__builtin_offsetof(struct net_dev, rx_idle_mask) == 32, "NET_DEV_RX_MASK in api/abi.asm");
_Static_assert(__builtin_offsetof(struct net_dev, rx_idle_want) == 36, "NET_DEV_RX_WANT in api/abi.asm");
/* drivers/net/tx_fast.asm reads and counts these itself (its NET_DEV_* offsets). */
_Static_assert(__builtin_offsetof(struct net_dev, stats.tx_frames) == 80, "NET_DEV_TX_FRAMES");
_Static_assert(__builtin_offsetof(struct net_dev, stats.tx_bytes) == 88, "NET_DEV_TX_BYTES");
_Static_assert(__builtin_offsetof(struct net_dev, tx_queued) == 136, "NET_DEV_TX_QUEUED");
_Static_assert(__builtin_offsetof(struct net_dev, lock) == 140, "NET_DEV_LOCK");
_Static_assert(__builtin_offsetof(struct net_dev, tx_fast) == 144, "NET_DEV_TX_FAST in api/abi.asm");
extern struct net_dev *net_ifaces[NET_MAX_IFACES];
/* tx_fast entries (drivers/net/tx_fast.asm): none (always declines), the Intel rings',
 * virtio-net's. */
void net_tx_fast_none(void);
void intel_tx_fast(void);
void vnet_tx_fast(void);


/* Adds an interface, its stats and lock zero (as kmem_alloc gives memory), and its
 * bounce buffers; prints "netN: <type> <mac>". 0, -ENOSPC or -ENOMEM. */
int net_register(struct net_dev *n);
uint32_t net_count(void);

/* The API (BareMetal's semantics): */
/* b_net_tx: frame with its header, 60..1514 bytes (shorter ones are padded to 60); a
 * longer, NULL or unmapped frame, or a missing interface, sends nothing and counts an
 * error. The device reads a frame in program memory or the payload area where it lies,
 * after the call returns; it is done with it when the next b_net_tx on the interface
 * returns. Shorter frames and frames elsewhere (kernel memory) are copied. */
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
