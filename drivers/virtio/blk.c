// SPDX-License-Identifier: BSD-2-Clause
/* blk.c - virtio block devices (virtio 1.1, 5.2) over drivers/virtio/pci.c: one queue,
 * one polled request at a time as a descriptor chain (5.2.6: header, the data's physical
 * pieces, status; descriptor 0, 1.., VBLK_STATUS_DESC: written here, virtq_publish), 8
 * device sectors of 512 bytes per 4096-byte nvs sector; the model is the GET_ID serial.
 * Tested on QEMU 7.2:
 *   -drive if=none,id=v0,format=raw,file=disk.img -device virtio-blk-pci,drive=v0[,serial=X]
 * transitional (1af4:1001), ",disable-modern=on" and ",disable-legacy=on" (1af4:1042). */
#include "drivers/nvs/nvs.h"
#include "kernel/driver.h"
#include "drivers/virtio/blk_regs.h"
#include "drivers/virtio/pci.h"
#include "drivers/util.h"
#include "common/errno.h"
#include "common/x86.h"

#define VIRTIO_BLK_TIMEOUT_US 30000000   /* one request: 30 s, as NVMe's (nvs/nvme.c) */
#define PER_NVS_SECTOR (NVS_SECTOR / VIRTIO_BLK_SECTOR)

struct vblk {
	struct nvs_dev nvs;            /* the nvs callbacks hand it back */
	struct virtio_dev vio;
	struct virtq q;
	struct virtio_blk_req hdr;     /* DMA: the whole struct is kmem (identity-mapped) */
	uint8_t status;
	char id[VIRTIO_BLK_ID_BYTES];
};

/* The status byte's descriptor: past the header's (0) and the most data pieces'. */
#define VBLK_STATUS_DESC (1 + NVS_SEG_MAX)

/* Reset, features (only RO, to know it), queue 0, the chain's two fixed descriptors (0:
 * the header, VBLK_STATUS_DESC: the status byte), DRIVER_OK. 0 or a negative error. */
static int vblk_start(struct vblk *b)
{
	int r = virtio_init(&b->vio, VIRTIO_BLK_F_RO);
	if (!r)
		r = virtio_queue_setup(&b->vio, 0, &b->q);
	if (!r && b->q.size <= VBLK_STATUS_DESC)
		r = -ENOSPC;
	if (!r) {
		struct virtq_desc *d = b->q.desc;
		d[0] = (struct virtq_desc){ (uintptr_t)&b->hdr, sizeof(b->hdr), VIRTQ_DESC_F_NEXT, 1 };
		d[VBLK_STATUS_DESC] = (struct virtq_desc){ (uintptr_t)&b->status, 1,
							   VIRTQ_DESC_F_WRITE, 0 };
	}
	return virtio_ready(&b->vio, r);
}

static int vblk_status(struct vblk *b)
{
	return __atomic_load_n(&b->status, __ATOMIC_ACQUIRE) == VIRTIO_BLK_S_OK ? 0 : -EIO;
}

/* The rest of vblk_request's wait, once its first look found the request not done. Out
 * of line: the common path needs no poll clock. */
static __attribute__((noinline)) int vblk_wait(struct vblk *b)
{
	struct poll_clock pc = { 0 };

	do {
		if (poll_clock_tick(&pc) && poll_clock_expired(&pc, VIRTIO_BLK_TIMEOUT_US)) {
			/* the device may still own the chain: a reset takes it back; a device
			 * that fails even that takes no more requests (no 30 s wait each) */
			if (vblk_start(b))
				b->q.num_free = 0;
			return -ETIMEDOUT;
		}
	} while (!virtq_poll_alone(&b->q));
	return vblk_status(b);
}

/* One request and its wait: the header, the nseg (1..NVS_SEG_MAX) data pieces at seg
 * (any alignment), the status byte. 0, -EIO (the device's status was not OK),
 * -ETIMEDOUT or -ENOSPC (the queue is out of service). */
static inline __attribute__((always_inline)) int vblk_request(struct vblk *b, uint32_t type,
							       uint64_t sector,
							       const struct nvs_seg *seg,
							       uint32_t nseg)
{
	struct virtq_desc *d = b->q.desc;
	uint16_t data = type != VIRTIO_BLK_T_OUT ? VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE :
						     VIRTQ_DESC_F_NEXT;

	if (!b->q.num_free)
		return -ENOSPC;
	b->hdr.type = type;
	b->hdr.sector = sector;
	b->status = 0xFF;
	d[1] = (struct virtq_desc){ seg[0].phys, seg[0].len, data, 2 };
	for (uint32_t i = 1; i < nseg; i++)
		d[1 + i] = (struct virtq_desc){ seg[i].phys, seg[i].len, data, (uint16_t)(i + 2) };
	d[nseg].next = VBLK_STATUS_DESC;
	virtq_publish(&b->q, 0);
	virtio_notify(&b->vio, &b->q);
	return virtq_poll_alone(&b->q) ? vblk_status(b) : vblk_wait(b);
}

static int vblk_rw(struct nvs_dev *d, uint64_t sector, uint32_t count, const struct nvs_seg *seg,
		   uint32_t nseg, bool wr)
{
	struct vblk *b = container_of(d, struct vblk, nvs);
	if (wr && (b->vio.features & VIRTIO_BLK_F_RO))
		return -EROFS;
	(void)count;   /* the pieces' lengths say it */
	return vblk_request(b, wr ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN, sector * PER_NVS_SECTOR,
			    seg, nseg);
}

static bool vblk_match(const struct pci_dev *p)
{
	return p->vendor == VIRTIO_VENDOR &&
	       (p->device == VIRTIO_BLK_ID_LEGACY || p->device == VIRTIO_BLK_ID_MODERN);
}

static int vblk_probe(struct pci_dev *p)
{
	struct vblk *b = kmem_alloc(sizeof(*b), 64);
	if (!b)
		return -ENOMEM;
	int r = virtio_attach(&b->vio, p);
	if (!r)
		r = vblk_start(b);
	if (r)
		return r;
	b->nvs.type = "virtio-blk";
	uint64_t capacity = virtio_config32(&b->vio, VIRTIO_BLK_CFG_CAPACITY) |
		(uint64_t)virtio_config32(&b->vio, VIRTIO_BLK_CFG_CAPACITY + 4) << 32;
	b->nvs.sectors = capacity / PER_NVS_SECTOR;
	b->nvs.rw = vblk_rw;
	const struct nvs_seg id = { (uintptr_t)b->id, sizeof(b->id) };   /* kmem: identity */
	const char *m = !vblk_request(b, VIRTIO_BLK_T_GET_ID, 0, &id, 1) && b->id[0] ?
		b->id : "virtio-blk";
	for (int i = 0; i < VIRTIO_BLK_ID_BYTES && m[i]; i++)
		b->nvs.model[i] = m[i];
	return nvs_register(&b->nvs);
}

static const struct pci_driver vblk_driver = { "virtio-blk", vblk_match, vblk_probe };
PCI_DRIVER(vblk_driver);
