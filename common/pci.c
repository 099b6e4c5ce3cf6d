// SPDX-License-Identifier: BSD-2-Clause
/* pci.c - PCI configuration mechanism #1 (PCI Local Bus 3.0, 3.2.2.3.2), BAR sizing
 * (6.2.5.1) and a scan from the root bus through the bridges. Tested on QEMU pc and q35. */
#include "common/pci.h"
#include "common/pci_regs.h"
#include "common/x86.h"

static uint32_t address(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off)
{
	return 0x80000000u | (uint32_t)bus << 16 | (uint32_t)(dev & 31) << 11 |
	       (uint32_t)(fn & 7) << 8 | (off & 0xFC);
}

uint32_t pci_read32(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off)
{
	outl(PCI_CONFIG_ADDRESS, address(bus, dev, fn, off));
	return inl(PCI_CONFIG_DATA);
}

void pci_write32(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off, uint32_t v)
{
	outl(PCI_CONFIG_ADDRESS, address(bus, dev, fn, off));
	outl(PCI_CONFIG_DATA, v);
}

int pci_bar_decode(uint8_t bus, uint8_t dev, uint8_t fn, int n, struct pci_bar *bar)
{
	uint8_t off = (uint8_t)(PCI_BAR0 + 4 * n);
	uint32_t lo = pci_read32(bus, dev, fn, off);

	bar->io = lo & PCI_BAR_IO;
	bar->is64 = !bar->io && (lo & 0x6) == PCI_BAR_TYPE_64 && n < 5;
	bar->base = lo & (bar->io ? ~3u : PCI_BAR_MEM_MASK);
	if (bar->is64)
		bar->base |= (uint64_t)pci_read32(bus, dev, fn, off + 4) << 32;
	return bar->is64 ? 2 : 1;
}

int pci_bar_probe(uint8_t bus, uint8_t dev, uint8_t fn, int n, struct pci_bar *bar)
{
	uint8_t off = (uint8_t)(PCI_BAR0 + 4 * n);
	int regs = pci_bar_decode(bus, dev, fn, n, bar);

	bar->size = 0;
	if (bar->io)
		return 1;

	uint32_t cmd = pci_read32(bus, dev, fn, PCI_COMMAND);
	pci_write32(bus, dev, fn, PCI_COMMAND, cmd & ~(uint32_t)PCI_COMMAND_MEMORY);
	pci_write32(bus, dev, fn, off, 0xFFFFFFFF);
	uint64_t mask = pci_read32(bus, dev, fn, off) & PCI_BAR_MEM_MASK;
	pci_write32(bus, dev, fn, off, (uint32_t)bar->base);
	if (bar->is64) {
		pci_write32(bus, dev, fn, off + 4, 0xFFFFFFFF);
		mask |= (uint64_t)pci_read32(bus, dev, fn, off + 4) << 32;
		pci_write32(bus, dev, fn, off + 4, (uint32_t)(bar->base >> 32));
	} else if (mask) {
		mask |= 0xFFFFFFFF00000000ULL;
	}
	pci_write32(bus, dev, fn, PCI_COMMAND, cmd);

	bar->size = mask ? ~mask + 1 : 0;
	return regs;
}

static void scan_bus(uint8_t bus, int depth,
		     void (*visit)(void *ctx, uint8_t bus, uint8_t dev, uint8_t fn), void *ctx)
{
	for (uint8_t dev = 0; dev < 32; dev++) {
		if ((pci_read32(bus, dev, 0, PCI_VENDOR_ID) & 0xFFFF) == 0xFFFF)
			continue;
		bool multi = PCI_HEADER_MULTI(pci_read32(bus, dev, 0, PCI_HEADER_DWORD));
		for (uint8_t fn = 0; fn < (multi ? 8 : 1); fn++) {
			if ((pci_read32(bus, dev, fn, PCI_VENDOR_ID) & 0xFFFF) == 0xFFFF)
				continue;
			visit(ctx, bus, dev, fn);
			uint8_t type = PCI_HEADER_LAYOUT(pci_read32(bus, dev, fn, PCI_HEADER_DWORD));
			uint8_t secondary = (pci_read32(bus, dev, fn, PCI_BRIDGE_BUSES) >> 8) & 0xFF;
			/* depth bounds a firmware that numbered its bridges into a loop */
			if (type == 1 && secondary > bus && depth < 32)
				scan_bus(secondary, depth + 1, visit, ctx);
		}
	}
}

void pci_scan(void (*visit)(void *ctx, uint8_t bus, uint8_t dev, uint8_t fn), void *ctx)
{
	/* Bus 0, and one more root bus per extra function of a multi-function host bridge
	 * at 0:0 (PCI Firmware 3.0's legacy convention for several host controllers). */
	bool multi = PCI_HEADER_MULTI(pci_read32(0, 0, 0, PCI_HEADER_DWORD));
	for (uint8_t fn = 0; fn < (multi ? 8 : 1); fn++) {
		if (fn && (pci_read32(0, 0, fn, PCI_VENDOR_ID) & 0xFFFF) == 0xFFFF)
			continue;
		scan_bus(fn, 0, visit, ctx);
	}
}
