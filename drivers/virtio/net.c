// SPDX-License-Identifier: BSD-2-Clause
/* net.c - virtio network devices (virtio 1.1, 5.1) over drivers/virtio/pci.c, polled:
 * receive queue 0 holds VNET_RX buffers of VNET_BUF bytes, each one descriptor that the
 * device fills with the net header (5.1.6: 10 bytes legacy, 12 with VERSION_1 or
 * MRG_RXBUF) and the frame; transmit queue 1 takes a chain per frame: a zeroed header,
 * then the frame's pieces (where it lies, or net.c's copy), and the device's
 * return of the chain is awaited only as net.h's transmit says (the previous frame). No offloads. Mergeable
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

struct vnet {
	struct net_dev net;            /* the net callbacks hand it back */
	struct virtio_dev vio;
	struct virtq rx, tx;
	uint32_t hdr;                  /* header bytes before each frame */
	uint64_t held;                 /* the RX buffer handed out by the last poll */
	uint32_t skip;                 /* buffers of a long frame still to give back */
	uint32_t tx_seq;               /* frames queued */
	uint16_t tx_head[2];           /* the chains of the last two frames, by parity */
	bool tx_busy[2];               /* ... the device still owns */
	uint8_t zhdr[VIRTIO_NET_HDR_V1];   /* every frame's header: zero, no offloads */
};

static void rx_post(struct vnet *v, uint64_t buf)
{
	const struct virtq_buf b = { buf, VNET_BUF, true };
	virtq_add(&v->rx, &b, 1);
}

/* Takes back the chains the device returned. */
static void tx_reap(struct vnet *v)
{
	uint16_t id;
	uint32_t len;
	while (virtq_poll(&v->tx, &id, &len))
		for (int s = 0; s < 2; s++)
			if (v->tx_busy[s] && id == v->tx_head[s])
				v->tx_busy[s] = false;
}

/* The device is done with the frame of parity s: at once, or within the timeout. */
static bool tx_done(struct vnet *v, uint32_t s)
{
	if (!v->tx_busy[s])
		return true;
	for (uint64_t t0 = time_us(); time_us() - t0 <= VNET_TX_TIMEOUT_US; cpu_pause()) {
		tx_reap(v);
		if (!v->tx_busy[s])
			return true;
	}
	return false;
}

static int vnet_transmit(struct net_dev *n, const struct net_piece *pc, uint32_t npc)
{
	struct vnet *v = container_of(n, struct vnet, net);
	uint32_t s = v->tx_seq & 1, k = 1;
	struct virtq_buf b[1 + NET_PIECES] = { { (uintptr_t)v->zhdr, v->hdr, false } };

	/* the frame two back: the ring holds at most two */
	if (!tx_done(v, s))
		return -ETIMEDOUT;
	for (uint32_t i = 0; i < npc; i++)
		b[k++] = (struct virtq_buf){ pc[i].phys, (uint32_t)pc[i].len, false };
	int head = virtq_add(&v->tx, b, (uint16_t)k);
	if (head < 0)
		return -EBUSY;
	v->tx_head[s] = (uint16_t)head;
	v->tx_busy[s] = true;
	v->tx_seq++;
	virtio_notify(&v->vio, &v->tx);
	/* the previous frame is done before b_net_tx returns: its buffer is the program's */
	tx_reap(v);
	return tx_done(v, s ^ 1) ? 0 : 1;
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
	if (r)
		return virtio_ready(&v->vio, r);
	v->hdr = v->vio.features & (VIRTIO_F_VERSION_1 | VIRTIO_NET_F_MRG_RXBUF) ?
		 VIRTIO_NET_HDR_V1 : VIRTIO_NET_HDR_LEGACY;
	for (int i = 0; i < VNET_RX; i++)
		rx_post(v, (uintptr_t)(bufs + VNET_BUF * i));
	if (v->vio.features & VIRTIO_NET_F_MAC) {
		uint32_t lo = virtio_config32(&v->vio, 0), hi = virtio_config32(&v->vio, 4);
		memcpy(v->net.mac, &lo, 4);
		memcpy(v->net.mac + 4, &hi, 2);
	}
	virtio_ready(&v->vio, 0);
	virtio_notify(&v->vio, &v->rx);
	v->net.type = "virtio-net";
	v->net.transmit = vnet_transmit;
	v->net.poll = vnet_poll;
	v->net.pending = vnet_pending;
	vnet_peek(v);
	v->net.link = vnet_link;
	return net_register(&v->net);
}

static const struct pci_driver vnet_driver = { "virtio-net", vnet_match, vnet_probe };
PCI_DRIVER(vnet_driver);
