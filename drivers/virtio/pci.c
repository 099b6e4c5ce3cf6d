// SPDX-License-Identifier: BSD-2-Clause
/* pci.c - the virtio PCI transport (virtio 1.1): legacy I/O registers (4.1.4.8) or the
 * 1.x vendor capabilities (4.1.4), the initialization sequence (3.1.1) and split queue
 * setup (4.1.5.1.3, legacy 4.1.5.1.3.1). Tested on QEMU 7.2 virtio-blk-pci transitional
 * (1af4:1001, driven as legacy), disable-modern=on and disable-legacy=on (1af4:1042). */
#include "drivers/virtio/pci.h"
#include "common/pci_regs.h"
#include "kernel/driver.h"
#include "drivers/util.h"
#include "common/errno.h"
#include "common/x86.h"

#define PCI_MSIX_ENABLE (1u << 31)   /* in the MSI-X capability's first dword */

/* One vendor capability at c: keeps the first structure of each type (4.1.4). */
static void virtio_cap(struct virtio_dev *v, const struct pci_dev *p, uint8_t c)
{
	uint8_t type = pci_dev_read32(p, c) >> (8 * VIRTIO_CAP_TYPE);
	uint8_t bar = pci_dev_read32(p, c + VIRTIO_CAP_BAR);

	if (type < VIRTIO_CAP_COMMON || type > VIRTIO_CAP_DEVICE || v->cfg[type] || bar > 5 ||
	    p->bar[bar].io || !p->bar[bar].base)
		return;
	v->cfg[type] = p->bar[bar].base + pci_dev_read32(p, c + VIRTIO_CAP_OFFSET);
	if (type == VIRTIO_CAP_NOTIFY)
		v->notify_mul = pci_dev_read32(p, c + VIRTIO_CAP_NOTIFY_MUL);
}

int virtio_attach(struct virtio_dev *v, const struct pci_dev *p)
{
	uint16_t io = p->bar[0].io ? (uint16_t)p->bar[0].base : 0;

	v->pci = p;
	/* transitional devices are driven as legacy, unless no I/O space was assigned */
	v->modern = p->device >= VIRTIO_ID_MODERN || !io;
	if (!v->modern) {
		v->io = io;
		/* the device config moves up by 4 while MSI-X is on (4.1.4.8) */
		bool msix = p->msix_cap && (pci_dev_read32(p, p->msix_cap) & PCI_MSIX_ENABLE);
		v->cfg[VIRTIO_CAP_DEVICE] = VIRTIO_LEG_DEVICE_CFG + (msix ? 4 : 0);
	} else {
		uint8_t c = 0;
		for (int guard = 0; guard < 48 && (c = pci_find_cap(p, PCI_CAP_VENDOR, c)); guard++)
			virtio_cap(v, p, c);   /* every vendor capability: one per structure */
		if (!v->cfg[VIRTIO_CAP_COMMON] || !v->cfg[VIRTIO_CAP_NOTIFY] ||
		    !v->cfg[VIRTIO_CAP_DEVICE])
			return -ENODEV;
	}
	pci_enable(p);
	return 0;
}

static uint8_t get_status(struct virtio_dev *v)
{
	return v->modern ? mmio_read8(v->cfg[VIRTIO_CAP_COMMON], VIRTIO_COM_STATUS) :
		inb(v->io + VIRTIO_LEG_STATUS);
}

static void set_status(struct virtio_dev *v, uint8_t s)
{
	if (v->modern)
		mmio_write8(v->cfg[VIRTIO_CAP_COMMON], VIRTIO_COM_STATUS, s);
	else
		outb(v->io + VIRTIO_LEG_STATUS, s);
}

static uint32_t features(struct virtio_dev *v, uint32_t word)
{
	mmio_write32(v->cfg[VIRTIO_CAP_COMMON], VIRTIO_COM_DFSELECT, word);
	return mmio_read32(v->cfg[VIRTIO_CAP_COMMON], VIRTIO_COM_DF);
}

static void write64(uint64_t base, uint32_t off, uint64_t val)
{
	mmio_write32(base, off, (uint32_t)val);
	mmio_write32(base, off + 4, (uint32_t)(val >> 32));
}

int virtio_ready(struct virtio_dev *v, int err)
{
	set_status(v, get_status(v) | (err ? VIRTIO_S_FAILED : VIRTIO_S_DRIVER_OK));
	return err;
}

static bool reset_done(void *v)
{
	return !get_status(v);
}

int virtio_init(struct virtio_dev *v, uint64_t want)
{
	uint64_t c = v->cfg[VIRTIO_CAP_COMMON], offered;
	uint8_t s = VIRTIO_S_ACKNOWLEDGE | VIRTIO_S_DRIVER;

	set_status(v, 0);
	/* a 1.x device is reset once status reads 0 again (4.1.4.3.2) */
	if (poll_cond(reset_done, v, VIRTIO_RESET_US))
		return virtio_ready(v, -ETIMEDOUT);
	set_status(v, VIRTIO_S_ACKNOWLEDGE);
	set_status(v, s);
	if (!v->modern) {
		v->features = inl(v->io + VIRTIO_LEG_FEATURES) & want;
		outl(v->io + VIRTIO_LEG_GUEST_FEAT, (uint32_t)v->features);
		return 0;
	}
	offered = (uint64_t)features(v, 1) << 32 | features(v, 0);
	if (!(offered & VIRTIO_F_VERSION_1))
		return virtio_ready(v, -ENODEV);
	v->features = offered & (want | VIRTIO_F_VERSION_1);
	for (uint32_t w = 0; w < 2; w++) {
		mmio_write32(c, VIRTIO_COM_GFSELECT, w);
		mmio_write32(c, VIRTIO_COM_GF, (uint32_t)(v->features >> (32 * w)));
	}
	set_status(v, s | VIRTIO_S_FEATURES_OK);
	if (!(get_status(v) & VIRTIO_S_FEATURES_OK))   /* the device refused the subset */
		return virtio_ready(v, -ENODEV);
	return 0;
}

int virtio_queue_setup(struct virtio_dev *v, uint16_t index, struct virtq *q)
{
	uint64_t c = v->cfg[VIRTIO_CAP_COMMON];
	uint32_t align = v->modern ? VIRTQ_MODERN_ALIGN : VIRTQ_LEGACY_ALIGN;
	struct virtq_layout l;
	uint16_t size;

	if (v->modern) {
		mmio_write16(c, VIRTIO_COM_Q_SELECT, index);
		size = mmio_read16(c, VIRTIO_COM_Q_SIZE);
		if (size > VIRTIO_QUEUE_MAX)
			size = VIRTIO_QUEUE_MAX;
		while (size & (size - 1))   /* a power of two (2.6) */
			size &= size - 1;
	} else {
		outw(v->io + VIRTIO_LEG_QUEUE_SEL, index);
		size = inw(v->io + VIRTIO_LEG_QUEUE_SIZE);
		if (size > VIRTIO_LEGACY_QUEUE_MAX)
			return -ENOSPC;
	}
	if (!size)
		return -ENODEV;
	virtq_layout(size, align, &l);
	/* after a reset the queue keeps its memory */
	void *mem = q->desc && q->size == size ? (void *)q->desc :
		kmem_alloc(l.size, VIRTQ_LEGACY_ALIGN);
	if (!mem)
		return -ENOMEM;
	virtq_init(q, mem, size, align);
	q->index = index;
	uint64_t a = (uintptr_t)mem;
	if (!v->modern) {
		outl(v->io + VIRTIO_LEG_QUEUE_PFN, (uint32_t)(a >> VIRTIO_LEG_QUEUE_SHIFT));
		return 0;
	}
	mmio_write16(c, VIRTIO_COM_Q_SIZE, size);
	write64(c, VIRTIO_COM_Q_DESC, a);
	write64(c, VIRTIO_COM_Q_DRIVER, a + l.avail);
	write64(c, VIRTIO_COM_Q_DEVICE, a + l.used);
	q->notify = v->cfg[VIRTIO_CAP_NOTIFY] +
		(uint64_t)mmio_read16(c, VIRTIO_COM_Q_NOTIFY_OFF) * v->notify_mul;
	mmio_write16(c, VIRTIO_COM_Q_ENABLE, 1);
	return 0;
}

uint32_t virtio_config32(struct virtio_dev *v, uint32_t off)
{
	return v->modern ? mmio_read32(v->cfg[VIRTIO_CAP_DEVICE], off) :
		inl((uint16_t)(v->io + v->cfg[VIRTIO_CAP_DEVICE] + off));
}
