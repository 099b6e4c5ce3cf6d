// SPDX-License-Identifier: BSD-2-Clause
/* net.c - virtio network devices (virtio 1.1, 5.1) over drivers/virtio/pci.c, polled:
 * receive queue 0 holds VNET_RX buffers of VNET_BUF bytes, each one descriptor that the
 * device fills with the net header (5.1.6: 10 bytes legacy, 12 with VERSION_1 or
 * MRG_RXBUF) and the frame; transmit queue 1 takes a chain per frame in one of
 * up to VNET_TX_SLOTS fixed slots (frame n in slot n & tx_slot_mask, VNET_SLOT_DESCS
 * descriptors from slot * VNET_SLOT_DESCS): the zeroed header set up once, then the
 * frame. A frame goes out where it lies (its pieces) when the device has returned every
 * chain, at this transmit and the one before, and the next transmit waits for it (the
 * reuse rule); while the device is busy (QEMU takes frames in its main loop, in bursts)
 * it goes out from the slot's own copy, which needs no wait, so frames queue as deep as
 * the slots. drivers/net/tx_fast.asm's vnet_tx_fast does both for a frame it takes (its
 * VNET_* offsets, asserted below); vnet_transmit the other frames, and the waits: a slot
 * still the device's, a frame before in place not done. No offloads. Mergeable
 * buffers (MRG_RXBUF) are taken only so that the device delivers a frame too long for one
 * buffer (over 1524 bytes) across several instead of dropping it unseen: its first buffer
 * goes to the class as too long, which drops and counts it, and the others straight back
 * to the ring. The MAC comes from the device configuration (VIRTIO_NET_F_MAC), the link
 * from its status (F_STATUS).
 * virtio-net has no drop counter: a full ring makes QEMU hold frames back instead.
 * Tested on QEMU 7.2 virtio-net-pci transitional (1af4:1000, driven as legacy) and
 * disable-legacy=on (1af4:1041). */
#include "drivers/net/net.h"
#include "kernel/driver.h"
#include "drivers/virtio/pci.h"
#include "drivers/util.h"
#include "common/errno.h"
#include "common/fmt.h"
#include "common/x86.h"

#define VIRTIO_NET_ID_LEGACY   0x1000   /* transitional (4.1.2.3) */
#define VIRTIO_NET_ID_MODERN   0x1041   /* 0x1040 + device type 1 */
#define VIRTIO_NET_F_MAC       (1ULL << 5)    /* config 0..5: the MAC */
#define VIRTIO_NET_F_MRG_RXBUF (1ULL << 15)   /* a frame may span buffers (5.1.6.4) */
#define VIRTIO_NET_F_STATUS    (1ULL << 16)   /* config 6: status, bit 0 = link up */
#define VIRTIO_NET_HDR_LEGACY  10
#define VIRTIO_NET_HDR_V1      12             /* num_buffers is always there (5.1.6) */
#define VIRTIO_NET_HDR_NBUF    10             /* u16 num_buffers: the frame's buffers */
#define VNET_RX                64
#define VNET_BUF               1536           /* header + 1514, rounded up */
#define VNET_TX_TIMEOUT_US     1000000
#define VNET_USED_IDX          0xFFFF0000u    /* used->idx in the ring's first dword */
#define VNET_TX_SLOTS          64             /* frames in flight at most, a bit each in tx_busy */
#define VNET_SLOT_DESCS        4              /* the header and up to NET_PIECES pieces */
_Static_assert(1 + NET_PIECES <= VNET_SLOT_DESCS, "a slot holds a frame's chain");

struct vnet {
	struct net_dev net;            /* the net callbacks hand it back */
	struct virtq tx;
	uint32_t tx_seq;               /* frames queued: frame n in slot n & tx_slot_mask */
	uint32_t tx_zc;                /* the last frame the device reads in place (its n) */
	uint64_t tx_busy;              /* a bit per slot the device still owns */
	uint64_t tx_notify;            /* legacy: the notify port; modern: tx.notify (> 0xFFFF) */
	uint32_t tx_slot_mask;         /* slots - 1: as many as the queue holds, up to VNET_TX_SLOTS */
	/* the used index at which a frame may go out in place: tx.avail_idx while the
	 * previous transmit found the device idle too, else one it never is (bit 16), so that
	 * back to back, when QEMU drains the ring between two frames, no frame that the next
	 * one must wait for goes in place */
	uint32_t tx_idle_want;
	uint8_t (*txbuf)[VNET_BUF];    /* each slot's copy */
	struct virtio_dev vio;
	struct virtq rx;
	uint32_t hdr;                  /* header bytes before each frame */
	uint64_t held;                 /* the RX buffer handed out by the last poll */
	uint32_t skip;                 /* buffers of a long frame still to give back */
	uint8_t zhdr[VIRTIO_NET_HDR_V1];   /* every frame's header: zero, no offloads */
};
/* drivers/net/tx_fast.asm's VNET_* offsets */
_Static_assert(offsetof(struct vnet, tx) == 152 && offsetof(struct vnet, tx_seq) == 200 &&
	       offsetof(struct vnet, tx_zc) == 204 && offsetof(struct vnet, tx_busy) == 208 &&
	       offsetof(struct vnet, tx_notify) == 216 && offsetof(struct vnet, tx_slot_mask) == 224 &&
	       offsetof(struct vnet, tx_idle_want) == 228 && offsetof(struct vnet, txbuf) == 232 &&
	       VNET_BUF == 1536 && offsetof(struct virtq, size) == 24 &&
	       offsetof(struct virtq, avail) == 8 && offsetof(struct virtq, used) == 16 &&
	       offsetof(struct virtq, avail_idx) == 30 && offsetof(struct virtq, last_used) == 32 &&
	       offsetof(struct virtq, index) == 34 && VNET_SLOT_DESCS == 4,
	       "drivers/net/tx_fast.asm's vnet layout");

static void rx_post(struct vnet *v, uint64_t buf)
{
	const struct virtq_buf b = { buf, VNET_BUF, true };
	virtq_add(&v->rx, &b, 1);
}

/* Takes back the chains the device returned: each head is its slot's first descriptor. */
static void tx_reap(struct vnet *v)
{
	struct virtq *q = &v->tx;
	while (q->last_used != __atomic_load_n(&q->used->idx, __ATOMIC_ACQUIRE)) {
		uint32_t id = q->used->ring[q->last_used & (q->size - 1)].id;
		v->tx_busy &= ~(1ULL << (id / VNET_SLOT_DESCS & v->tx_slot_mask));
		q->last_used++;
	}
}

/* The device is done with slot s's frame: at once, or within the timeout. */
static bool tx_done(struct vnet *v, uint32_t s)
{
	/* the clock only every POLL_SPINS looks: each read of it is an exit to QEMU that
	 * contends with the main loop finishing the frames */
	struct poll_clock pc = { 0 };
	for (;;) {
		tx_reap(v);
		if (!(v->tx_busy >> s & 1))
			return true;
		if (poll_clock_tick(&pc) && poll_clock_expired(&pc, VNET_TX_TIMEOUT_US))
			return false;
	}
}

/* A frame into its slot's buffer: quadwords, then the bytes left (no read past its end). */
static void copy_frame(void *to, const void *from, uint64_t len)
{
	uint64_t q = len / 8, b = len % 8;
	__asm__ volatile("rep movsq; mov %3, %%rcx; rep movsb"
			 : "+D"(to), "+S"(from), "+c"(q) : "r"(b) : "memory");
}

static int vnet_transmit(struct net_dev *n, const struct net_frame *f)
{
	struct vnet *v = container_of(n, struct vnet, net);
	uint32_t s = v->tx_seq & v->tx_slot_mask, head = s * VNET_SLOT_DESCS;
	struct virtq_desc *d = &v->tx.desc[head + 1];   /* after the slot's header */

	tx_reap(v);
	bool idle = !v->tx_busy;   /* the device has returned every chain */
	bool in_place = idle && !(v->tx_idle_want >> 16);
	if (!tx_done(v, s))            /* the slot's last frame, a ring of slots back */
		return -ETIMEDOUT;
	if (in_place) {
		for (uint32_t i = 0; i < f->npc; i++)
			d[i] = (struct virtq_desc){ f->pc[i].phys, (uint32_t)f->pc[i].len,
				i + 1 < f->npc ? VIRTQ_DESC_F_NEXT : 0, (uint16_t)(head + 2 + i) };
		v->tx_zc = v->tx_seq;
	} else {
		copy_frame(v->txbuf[s], f->va, f->len);
		d[0] = (struct virtq_desc){ (uintptr_t)v->txbuf[s], f->len, 0, 0 };
	}
	v->tx_busy |= 1ULL << s;
	v->tx_seq++;
	virtq_publish(&v->tx, (uint16_t)head);
	v->tx_idle_want = v->tx.avail_idx | (idle ? 0 : 0x10000u);
	virtio_notify(&v->vio, &v->tx);
	/* the frame before, if the device reads it in place, is done before b_net_tx returns:
	 * its buffer is the program's */
	if (v->tx_zc == v->tx_seq - 2 && !tx_done(v, (v->tx_seq - 2) & v->tx_slot_mask))
		return 1;
	return 0;
}

static int vnet_pending(struct net_dev *n)
{
	return virtq_has_used(&container_of(n, struct vnet, net)->rx);
}

/* net.h's rx_idle: the used ring's flags and index (the index still last_used: nothing
 * waits), or never idle while a buffer is held. */
static void vnet_peek(struct vnet *v)
{
	v->net.rx_idle = (const volatile uint32_t *)v->rx.used;
	v->net.rx_idle_mask = VNET_USED_IDX;
	v->net.rx_idle_want = v->held ? ~VNET_USED_IDX : (uint32_t)v->rx.last_used << 16;
}

static uint32_t vnet_take(struct net_dev *n, void **frame)
{
	struct vnet *v = container_of(n, struct vnet, net);
	uint16_t id;
	uint32_t len;

	if (v->held) {
		rx_post(v, v->held);
		v->held = 0;
		virtio_notify(&v->vio, &v->rx);
	}
	while (virtq_poll(&v->rx, &id, &len)) {
		uint64_t buf = v->rx.desc[id % v->rx.size].addr;
		if (v->skip) {   /* the rest of a long frame: straight back */
			v->skip--;
			rx_post(v, buf);
			virtio_notify(&v->vio, &v->rx);
			continue;
		}
		if (v->hdr == VIRTIO_NET_HDR_V1) {
			uint16_t nb = READ_ONCE(*(uint16_t *)(uintptr_t)(buf + VIRTIO_NET_HDR_NBUF));
			if (nb > 1)
				v->skip = nb - 1u;
		}
		v->held = buf;
		*frame = (void *)(uintptr_t)(buf + v->hdr);
		/* an empty frame is damaged; less than a header (no device does that) wraps
		 * above NET_MAX_FRAME: dropped as well */
		return (len - v->hdr) ?: NET_RX_BAD;
	}
	return 0;
}

static uint32_t vnet_poll(struct net_dev *n, void **frame)
{
	uint32_t len = vnet_take(n, frame);
	vnet_peek(container_of(n, struct vnet, net));
	return len;
}

static int vnet_link(struct net_dev *n)
{
	struct vnet *v = container_of(n, struct vnet, net);
	return !(v->vio.features & VIRTIO_NET_F_STATUS) || (virtio_config32(&v->vio, 4) >> 16 & 1);
}

static bool vnet_match(const struct pci_dev *p)
{
	return p->vendor == VIRTIO_VENDOR &&
	       (p->device == VIRTIO_NET_ID_LEGACY || p->device == VIRTIO_NET_ID_MODERN);
}

static int vnet_probe(struct pci_dev *p)
{
	struct vnet *v = kmem_alloc(sizeof(*v), 64);
	uint8_t *bufs = kmem_alloc(VNET_BUF * VNET_RX, 64);
	if (!v || !bufs || !(v->txbuf = kmem_alloc(VNET_BUF * VNET_TX_SLOTS, 64)))
		return -ENOMEM;
	int r = virtio_attach(&v->vio, p);
	if (!r)
		r = virtio_init(&v->vio, VIRTIO_NET_F_MAC | VIRTIO_NET_F_STATUS |
				VIRTIO_NET_F_MRG_RXBUF);
	if (!r)
		r = virtio_queue_setup(&v->vio, 0, &v->rx);
	if (!r)
		r = virtio_queue_setup(&v->vio, 1, &v->tx);
	if (!r && v->tx.size < 2 * VNET_SLOT_DESCS)   /* two slots at least: the reuse rule */
		r = -ENOSPC;
	if (r)
		return virtio_ready(&v->vio, r);
	v->hdr = v->vio.features & (VIRTIO_F_VERSION_1 | VIRTIO_NET_F_MRG_RXBUF) ?
		 VIRTIO_NET_HDR_V1 : VIRTIO_NET_HDR_LEGACY;
	for (int i = 0; i < VNET_RX; i++)
		rx_post(v, (uintptr_t)(bufs + VNET_BUF * i));
	v->tx.num_free = 0;   /* the slots are written in place (virtq.h's virtq_publish) */
	uint32_t slots = v->tx.size / VNET_SLOT_DESCS;   /* the size is a power of two */
	v->tx_slot_mask = (slots < VNET_TX_SLOTS ? slots : VNET_TX_SLOTS) - 1;
	for (uint16_t k = 0; k <= v->tx_slot_mask * VNET_SLOT_DESCS; k += VNET_SLOT_DESCS)
		v->tx.desc[k] = (struct virtq_desc){ (uintptr_t)v->zhdr, v->hdr, VIRTQ_DESC_F_NEXT,
						     (uint16_t)(k + 1) };
	v->tx_notify = v->vio.modern ? v->tx.notify : (uint64_t)(v->vio.io + VIRTIO_LEG_NOTIFY);
	v->tx_zc = ~1u;   /* none: never tx_seq - 2 before 2^32 frames */
	/* avail index n always holds slot n's head (frames and avail entries both count
	 * from 0, the ring size is a multiple of the slots): tx_fast.asm only bumps the index */
	for (uint16_t i = 0; i < v->tx.size; i++)
		v->tx.avail->ring[i] = (uint16_t)((i & v->tx_slot_mask) * VNET_SLOT_DESCS);
	if (v->vio.features & VIRTIO_NET_F_MAC) {
		uint32_t lo = virtio_config32(&v->vio, 0), hi = virtio_config32(&v->vio, 4);
		memcpy(v->net.mac, &lo, 4);
		memcpy(v->net.mac + 4, &hi, 2);
	}
	virtio_ready(&v->vio, 0);
	virtio_notify(&v->vio, &v->rx);
	v->net.type = "virtio-net";
	v->net.transmit = vnet_transmit;
	v->net.tx_fast = vnet_tx_fast;
	v->net.poll = vnet_poll;
	v->net.pending = vnet_pending;
	vnet_peek(v);
	v->net.link = vnet_link;
	return net_register(&v->net);
}

static const struct pci_driver vnet_driver = { "virtio-net", vnet_match, vnet_probe };
PCI_DRIVER(vnet_driver);
