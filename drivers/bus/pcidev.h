/* SPDX-License-Identifier: BSD-2-Clause */
/* pcidev.h - the kernel's view of PCI: configuration access through ECAM (the MCFG areas
 * in the information table) or mechanism #1, the device list, capabilities, and the
 * driver registry: a driver declares PCI_DRIVER(x) and is probed for each match. */
#ifndef PCIDEV_H
#define PCIDEV_H

#include <stdbool.h>
#include <stdint.h>
#include "common/pci.h"

#define PCI_MAX_DEVICES 64
#define PCI_CAP_MSI     0x05
#define PCI_CAP_MSIX    0x11
#define PCI_CAP_VENDOR  0x09

struct pci_dev {
	uint16_t segment;
	uint8_t bus, dev, fn;
	uint16_t vendor, device;
	uint32_t class_code;        /* base class 23:16, subclass 15:8, prog-if 7:0 */
	struct pci_bar bar[6];      /* base and kind as decoded (not sized: size stays 0) */
	uint8_t msix_cap;           /* capability offset, 0 if absent */
};

struct pci_driver {
	const char *name;
	/* true when this driver takes the device */
	bool (*match)(const struct pci_dev *d);
	/* 0 when the device is up; a negative error otherwise (the boot log says why) */
	int (*probe)(struct pci_dev *d);
};

#define PCI_DRIVER(var) \
	static const struct pci_driver *const var##_entry \
	__attribute__((used, section(".pci_drivers"))) = &var

/* Reads/writes configuration space (off up to 4095 through ECAM, 255 otherwise); an
 * absent function reads all ones. */
uint32_t pcie_read32(uint16_t seg, uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off);
void pcie_write32(uint16_t seg, uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off, uint32_t v);
uint32_t pci_dev_read32(const struct pci_dev *d, uint16_t off);
void pci_dev_write32(const struct pci_dev *d, uint16_t off, uint32_t v);
/* Turns on memory and I/O decoding and bus mastering (DMA). */
void pci_enable(const struct pci_dev *d);
/* The offset of the first capability id in the list after the one at from (0: from
 * the start), 0 when there is none. */
uint8_t pci_find_cap(const struct pci_dev *d, uint8_t id, uint8_t from);

/* Enumerates every bus and probes the drivers, in bus/device/function order. */
void pci_init(void);
uint32_t pci_count(void);
const struct pci_dev *pci_get(uint32_t i);

#endif
