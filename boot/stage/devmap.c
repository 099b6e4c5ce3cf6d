// SPDX-License-Identifier: BSD-2-Clause
/* devmap.c - maps device memory the RAM-sized identity map leaves out: every PCI memory
 * BAR and bridge window, the ECAM areas and the framebuffer, wherever the firmware put
 * them. OVMF places 64-bit BARs far above RAM (e.g. 0xE000000000 with -cpu qemu64),
 * which the original Pure64 leaves unmapped. */
#include "boot/stage/devmap.h"
#include "boot/stage/paging.h"
#include "common/pci.h"
#include "common/pci_regs.h"
#include "common/fmt.h"

struct scan {
	uint32_t mapped;
	bool failed;
};

static void map(struct scan *s, uint64_t base, uint64_t size)
{
	if (!size)
		return;
	if (paging_map_identity(base, size))
		s->mapped++;
	else
		s->failed = true;
}

static void visit(void *ctx, uint8_t bus, uint8_t dev, uint8_t fn)
{
	struct scan *s = ctx;
	uint8_t type = PCI_HEADER_LAYOUT(pci_read32(bus, dev, fn, PCI_HEADER_DWORD));
	int nbars = type == 0 ? 6 : type == 1 ? 2 : 0;

	for (int i = 0; i < nbars; i++) {
		/* Only 64-bit BARs above 4 GiB can lie outside the identity map; sizing the
		 * others would cost QEMU a memory map rebuild per register write for nothing. */
		uint32_t lo = pci_read32(bus, dev, fn, (uint8_t)(PCI_BAR0 + 4 * i));
		if ((lo & PCI_BAR_IO) || (lo & 0x6) != PCI_BAR_TYPE_64 || i == nbars - 1)
			continue;
		struct pci_bar bar;
		if (pci_read32(bus, dev, fn, (uint8_t)(PCI_BAR0 + 4 * i + 4)) &&
		    pci_bar_probe(bus, dev, fn, i, &bar) == 2 && bar.size)
			map(s, bar.base, bar.size);
		i++;
	}
	if (type == 1) {
		/* Prefetchable window: bits 15:4 of base/limit are address bits 31:20. */
		uint32_t w = pci_read32(bus, dev, fn, PCI_BRIDGE_PREF_BASE);
		uint64_t base = (uint64_t)(w & 0xFFF0) << 16, limit = (uint64_t)(w >> 16 & 0xFFF0) << 16;
		if ((w & 0xF) == 1) {
			base |= (uint64_t)pci_read32(bus, dev, fn, PCI_BRIDGE_PREF_UPPER) << 32;
			limit |= (uint64_t)pci_read32(bus, dev, fn, PCI_BRIDGE_PREF_UPPER + 4) << 32;
		}
		if (limit >= base)
			map(s, base, limit - base + (1 << 20));
	}
}

void devmap_map(const struct acpi_info *acpi, uint64_t fb_base, uint64_t fb_size)
{
	struct scan s = { 0, false };

	pci_scan(visit, &s);
	for (uint32_t i = 0; i < acpi->mcfg_count; i++) {
		const struct bootinfo_pcie *m = &acpi->mcfg[i];
		if (m->end_bus >= m->start_bus)
			map(&s, m->base + ((uint64_t)m->start_bus << 20),
			    (uint64_t)(m->end_bus - m->start_bus + 1) << 20);
	}
	map(&s, fb_base, fb_size);
	if (s.failed)
		kprintf("loader: page table pool full: some device memory is unmapped\n");
}
