/* SPDX-License-Identifier: BSD-2-Clause */
/* pci.h - PCI configuration access (mechanism #1, segment 0) and BAR decoding; shared by
 * the loader (to map 64-bit BARs) and the kernel (BUS_READ / BUS_WRITE). */
#ifndef PCI_H
#define PCI_H

#include <stdbool.h>
#include <stdint.h>

uint32_t pci_read32(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off);
void pci_write32(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off, uint32_t v);

struct pci_bar {
	uint64_t base;
	uint64_t size;    /* 0: not implemented */
	bool io, is64;
};
/* Decodes BAR n of a type-0 function (base, io, is64; size untouched): the one BAR
 * decode. Returns the number of BAR registers it used (2 for a 64-bit BAR), 1 otherwise. */
int pci_bar_decode(uint8_t bus, uint8_t dev, uint8_t fn, int n, struct pci_bar *bar);
/* Decodes and sizes BAR n of a type-0 function (memory decoding is off while sizing).
 * Returns the number of BAR registers it used (2 for a 64-bit BAR), 1 otherwise. */
int pci_bar_probe(uint8_t bus, uint8_t dev, uint8_t fn, int n, struct pci_bar *bar);
/* Calls visit(ctx, bus, dev, fn) for every function present, from the root bus(es) down
 * through every PCI-to-PCI bridge. */
void pci_scan(void (*visit)(void *ctx, uint8_t bus, uint8_t dev, uint8_t fn), void *ctx);

#endif
