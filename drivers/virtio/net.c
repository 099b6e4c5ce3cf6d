// SPDX-License-Identifier: BSD-2-Clause
/* net.c - virtio network devices (virtio 1.1, 5.1) over drivers/virtio/pci.c, polled:
 * receive queue 0 holds VNET_RX buffers of VNET_BUF bytes, each one descriptor that the
 * device fills with the net header (5.1.6: 10 bytes legacy, 12 with VERSION_1 or
 * MRG_RXBUF) and the frame; transmit queue 1 sends one frame at a time from one buffer
 * after a zeroed header and waits for the device to return it. No offloads. Mergeable
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

struct vnet {
	struct net_dev net;            /* the net callbacks hand it back */
	struct virtio_dev vio;
	struct virtq rx, tx;
	uint32_t hdr;                  /* header bytes before each frame */
	uint64_t held;                 /* the RX buffer handed out by the last poll */
	uint32_t skip;                 /* buffers of a long frame still to give back */
	bool tx_busy;                  /* the device still owns the TX buffer */
	uint8_t *txbuf;
};

static void rx_post(struct vnet *v, uint64_t buf)
{
	const struct virtq_buf b = { buf, VNET_BUF, true };
	virtq_add(&v->rx, &b, 1);
}

/* Takes the TX buffer back when the device is done with it. */
static bool tx_reclaim(struct vnet *v, uint64_t timeout)
{
	uint16_t id;
	uint32_t len;
	for (uint64_t t0 = time_us(); v->tx_busy; cpu_pause()) {
		if (virtq_poll(&v->tx, &id, &len))
			v->tx_busy = false;
		else if (time_us() - t0 > timeout)
			return false;
	}
	return true;
}

static int vnet_transmit(struct net_dev *n, const void *frame, uint32_t len)
{
	struct vnet *v = container_of(n, struct vnet, net);
	if (!tx_reclaim(v, 0))
		return -EBUSY;
	memset(v->txbuf, 0, v->hdr);
	memcpy(v->txbuf + v->hdr, frame, len);
	const struct virtq_buf b = { (uintptr_t)v->txbuf, v->hdr + len, false };
	if (virtq_add(&v->tx, &b, 1) < 0)
		return -EBUSY;
	v->tx_busy = true;
	virtio_notify(&v->vio, &v->tx);
	return tx_reclaim(v, VNET_TX_TIMEOUT_US) ? 0 : -ETIMEDOUT;
}

static int vnet_pending(struct net_dev *n)
{
	return virtq_has_used(&container_of(n, struct vnet, net)->rx);
}

static uint32_t vnet_poll(struct net_dev *n, void **frame)
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
	uint8_t *bufs = kmem_alloc(VNET_BUF * (VNET_RX + 1), 64);
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
	v->txbuf = bufs + VNET_BUF * VNET_RX;
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
	v->net.link = vnet_link;
	return net_register(&v->net);
}

static const struct pci_driver vnet_driver = { "virtio-net", vnet_match, vnet_probe };
PCI_DRIVER(vnet_driver);
