/* SPDX-License-Identifier: BSD-2-Clause */
/* ixgbe.h - the seam between the 82599 driver (ixgbe.c, no hardware access of its own)
 * and its registers: ixgbe_mmio.c in the kernel, a register model in
 * tests/unit/test_ixgbe.c. */
#ifndef IXGBE_H
#define IXGBE_H

#include <stdint.h>
#include "drivers/bus/pcidev.h"

/* The 32-bit register at offset reg of the NIC whose BAR0 is mapped at regs. */
uint32_t ixgbe_rd(uint64_t regs, uint32_t reg);
void ixgbe_wr(uint64_t regs, uint32_t reg, uint32_t v);

extern const struct pci_driver ixgbe_driver;

#endif
