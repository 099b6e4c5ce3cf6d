// SPDX-License-Identifier: BSD-2-Clause
/* net.c - virtio network devices (virtio 1.1, 5.1) over drivers/virtio/pci.c, polled:
 * receive queue 0 holds VNET_RX buffers of VNET_BUF bytes, each one descriptor that the
 * device fills with the net header (5.1.6: 10 bytes legacy, 12 with VERSION_1 or
 * MRG_RXBUF) and the frame; transmit queue 1 takes a chain per frame in one of
 * VNET_TX_SLOTS fixed slots (frame n in slot n % VNET_TX_SLOTS, VNET_SLOT_DESCS
 * descriptors from slot * VNET_SLOT_DESCS): the zeroed header set up once, then the
 * frame's pieces (where it lies, or net.c's copy); the device's return of a chain is
 * awaited only as net.h's transmit says (the previous frame). drivers/net/tx_fast.asm's
 * vnet_tx_fast fills the same slots (its VNET_* offsets, asserted below). No offloads. Mergeable
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
#define VNET_TX_SLOTS          4              /* at most three frames in flight (net.h) */
#define VNET_SLOT_DESCS        4              /* the header and up to NET_PIECES pieces */
_Static_assert(1 + NET_PIECES <= VNET_SLOT_DESCS, "a slot holds a frame's chain");

struct vnet {
	struct net_dev net;            /* the net callbacks hand it back */
	struct virtq tx;
	uint32_t tx_seq;               /* frames queued: frame n in slot n % VNET_TX_SLOTS */
	uint8_t tx_busy[VNET_TX_SLOTS];    /* the device still owns the slot's chain */
	uint32_t tx_port;              /* legacy: the notify port; 0: modern (tx.notify) */
	uint32_t tx_mask;              /* tx.size - 1 */
	struct virtio_dev vio;
	struct virtq rx;
	uint32_t hdr;                  /* header bytes before each frame */
	uint64_t held;                 /* the RX buffer handed out by the last poll */
	uint32_t skip;                 /* buffers of a long frame still to give back */
	uint8_t zhdr[VIRTIO_NET_HDR_V1];   /* every frame's header: zero, no offloads */
};
/* drivers/net/tx_fast.asm's VNET_* offsets */
_Static_assert(offsetof(struct vnet, tx) == 152 && offsetof(struct vnet, tx_seq) == 200 &&
	       offsetof(struct vnet, tx_busy) == 204 && offsetof(struct vnet, tx_port) == 208 &&
	       offsetof(struct vnet, tx_mask) == 212 &&
	       offsetof(struct virtq, avail) == 8 && offsetof(struct virtq, used) == 16 &&
	       offsetof(struct virtq, size) == 24 && offsetof(struct virtq, avail_idx) == 30 &&
	       offsetof(struct virtq, last_used) == 32 && offsetof(struct virtq, index) == 34 &&
	       offsetof(struct virtq, notify) == 40 && VNET_TX_SLOTS == 4 && VNET_SLOT_DESCS == 4,
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
		uint32_t id = q->used->ring[q->last_used % q->size].id;
		v->tx_busy[id / VNET_SLOT_DESCS % VNET_TX_SLOTS] = 0;
		q->last_used++;
	}
}

/* The device is done with slot s's frame: at once, or within the timeout. */
static bool tx_done(struct vnet *v, uint32_t s)
{
	if (!v->tx_busy[s])
		return true;
	for (uint64_t t0 = time_us();; cpu_pause()) {
		tx_reap(v);
		if (!v->tx_busy[s])
			return true;
		if (time_us() - t0 > VNET_TX_TIMEOUT_US)
			return false;
	}
}

static int vnet_transmit(struct net_dev *n, const struct net_piece *pc, uint32_t npc)
{
	struct vnet *v = container_of(n, struct vnet, net);
	uint32_t s = v->tx_seq % VNET_TX_SLOTS, head = s * VNET_SLOT_DESCS;

	/* the frame two back (slot s's last frame, three back, was done before the one
	 * before this was queued) */
	if (!tx_done(v, (v->tx_seq - 2) % VNET_TX_SLOTS))
		return -ETIMEDOUT;
	for (uint32_t i = 0; i < npc; i++)   /* after the slot's header descriptor */
		v->tx.desc[head + 1 + i] = (struct virtq_desc){ pc[i].phys, (uint32_t)pc[i].len,
			i + 1 < npc ? VIRTQ_DESC_F_NEXT : 0, (uint16_t)(head + 2 + i) };
	v->tx_busy[s] = 1;
	v->tx_seq++;
	virtq_publish(&v->tx, (uint16_t)head);
	virtio_notify(&v->vio, &v->tx);
	/* the previous frame is done before b_net_tx returns: its buffer is the program's */
	return tx_done(v, (v->tx_seq - 2) % VNET_TX_SLOTS) ? 0 : 1;
}

/* drivers/net/tx_fast.asm's vnet_tx_fast, when the frame before the one it queued is not
 * done yet: waits for it as vnet_transmit does (the lock held), counting an error if it
 * times out. */
void vnet_tx_late(struct vnet *v);
void vnet_tx_late(struct vnet *v)
{
	if (!tx_done(v, (v->tx_seq - 2) % VNET_TX_SLOTS))
		v->net.stats.tx_errors++;
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
	if (!v || !bufs)
		return -ENOMEM;
	int r = virtio_attach(&v->vio, p);
	if (!r)
		r = virtio_init(&v->vio, VIRTIO_NET_F_MAC | VIRTIO_NET_F_STATUS |
				VIRTIO_NET_F_MRG_RXBUF);
	if (!r)
		r = virtio_queue_setup(&v->vio, 0, &v->rx);
	if (!r)
		r = virtio_queue_setup(&v->vio, 1, &v->tx);
	if (!r && v->tx.size < VNET_TX_SLOTS * VNET_SLOT_DESCS)
		r = -ENOSPC;
	if (r)
		return virtio_ready(&v->vio, r);
	v->hdr = v->vio.features & (VIRTIO_F_VERSION_1 | VIRTIO_NET_F_MRG_RXBUF) ?
		 VIRTIO_NET_HDR_V1 : VIRTIO_NET_HDR_LEGACY;
	for (int i = 0; i < VNET_RX; i++)
		rx_post(v, (uintptr_t)(bufs + VNET_BUF * i));
	v->tx.num_free = 0;   /* the slots are written in place (virtq.h's virtq_publish) */
	for (uint16_t k = 0; k < VNET_TX_SLOTS * VNET_SLOT_DESCS; k += VNET_SLOT_DESCS)
		v->tx.desc[k] = (struct virtq_desc){ (uintptr_t)v->zhdr, v->hdr, VIRTQ_DESC_F_NEXT,
						     (uint16_t)(k + 1) };
	v->tx_port = v->vio.modern ? 0 : v->vio.io + VIRTIO_LEG_NOTIFY;
	v->tx_mask = v->tx.size - 1u;
	/* avail index n always holds slot n's head (frames and avail entries both count
	 * from 0, the ring size is a multiple of the slots): tx_fast.asm only bumps the index */
	for (uint16_t i = 0; i < v->tx.size; i++)
		v->tx.avail->ring[i] = (uint16_t)(i % VNET_TX_SLOTS * VNET_SLOT_DESCS);
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
