// SPDX-License-Identifier: BSD-2-Clause
/* pcidev.c - PCI/PCIe enumeration for the kernel: ECAM (PCI Express Base 4.0, 7.2.2) for
 * the segments the MCFG lists, mechanism #1 otherwise; BARs, capabilities (MSI, MSI-X;
 * PCI Local Bus 3.0, 6.7-6.8), and probing the drivers in .pci_drivers. */
#include "drivers/bus/pcidev.h"
#include "common/pci_regs.h"
#include "kernel/driver.h"
#include "common/fmt.h"
#include "common/x86.h"

#define PCI_CAP_PTR     0x34
#define PCI_STATUS_CAPS (1u << 20)   /* in the COMMAND/STATUS dword */

extern const struct pci_driver *const __pci_drivers_start[], *const __pci_drivers_end[];

static struct pci_dev devices[PCI_MAX_DEVICES];
static uint32_t ndevices;

static uint64_t ecam(uint16_t seg, uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off)
{
	const struct bootinfo *bi = BOOTINFO;
	for (int i = 0; i < bi->pcie_count && i < BOOTINFO_MAX_PCIE; i++) {
		const struct bootinfo_pcie *m = &bi->pcie[i];
		if (m->segment == seg && bus >= m->start_bus && bus <= m->end_bus)
			return m->base + ((uint64_t)bus << 20 | (uint64_t)dev << 15 | (uint64_t)fn << 12 | (off & 0xFFC));
	}
	return 0;
}

uint32_t pcie_read32(uint16_t seg, uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off)
{
	uint64_t a = ecam(seg, bus, dev, fn, off);
	if (a)
		return mmio_read32(a, 0);
	if (seg || off > 0xFF)
		return 0xFFFFFFFF;
	return pci_read32(bus, dev, fn, (uint8_t)off);
}

void pcie_write32(uint16_t seg, uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off, uint32_t v)
{
	uint64_t a = ecam(seg, bus, dev, fn, off);
	if (a)
		mmio_write32(a, 0, v);
	else if (!seg && off <= 0xFF)
		pci_write32(bus, dev, fn, (uint8_t)off, v);
}

uint32_t pci_dev_read32(const struct pci_dev *d, uint16_t off)
{
	return pcie_read32(d->segment, d->bus, d->dev, d->fn, off);
}

void pci_dev_write32(const struct pci_dev *d, uint16_t off, uint32_t v)
{
	pcie_write32(d->segment, d->bus, d->dev, d->fn, off, v);
}

void pci_enable(const struct pci_dev *d)
{
	uint32_t cmd = pci_dev_read32(d, PCI_COMMAND);
	pci_dev_write32(d, PCI_COMMAND, (cmd & 0xFFFF) | 0x0007);   /* I/O, memory, bus master */
}

uint8_t pci_find_cap(const struct pci_dev *d, uint8_t id, uint8_t from)
{
	if (!(pci_dev_read32(d, PCI_COMMAND) & PCI_STATUS_CAPS))
		return 0;
	uint8_t p = pci_dev_read32(d, from ? from : PCI_CAP_PTR) >> (from ? 8 : 0) & 0xFC;
	for (int guard = 0; p && guard < 48; guard++) {   /* a looping list ends too */
		uint32_t h = pci_dev_read32(d, p);
		if ((h & 0xFF) == id)
			return p;
		p = (h >> 8) & 0xFC;
	}
	return 0;
}

static void record(void *ctx, uint8_t bus, uint8_t dev, uint8_t fn)
{
	(void)ctx;
	if (ndevices == PCI_MAX_DEVICES)
		return;
	struct pci_dev *d = &devices[ndevices++];
	uint32_t id = pci_read32(bus, dev, fn, 0);
	d->segment = 0;
	d->bus = bus;
	d->dev = dev;
	d->fn = fn;
	d->vendor = id & 0xFFFF;
	d->device = id >> 16;
	d->class_code = pci_read32(bus, dev, fn, PCI_CLASS_REV) >> 8;
	/* decoded, not sized: sizing rewrites COMMAND and the BARs of every function */
	if (PCI_HEADER_LAYOUT(pci_read32(bus, dev, fn, PCI_HEADER_DWORD)) == 0)
		for (int i = 0; i < 6; i += pci_bar_decode(bus, dev, fn, i, &d->bar[i]))
			;
	d->msix_cap = pci_find_cap(d, PCI_CAP_MSIX, 0);
}

void pci_init(void)
{
	pci_scan(record, 0);
	for (uint32_t i = 0; i < ndevices; i++) {
		struct pci_dev *d = &devices[i];
		for (const struct pci_driver *const *p = __pci_drivers_start; p < __pci_drivers_end; p++) {
			if (!(*p)->match(d))
				continue;
			int r = (*p)->probe(d);
			if (r)
				kprintf("%s: %02x:%02x.%u %04x:%04x not started (error %d)\n", (*p)->name,
					d->bus, d->dev, d->fn, d->vendor, d->device, r);
			break;
		}
	}
}

uint32_t pci_count(void)
{
	return ndevices;
}

const struct pci_dev *pci_get(uint32_t i)
{
	return i < ndevices ? &devices[i] : 0;
}
