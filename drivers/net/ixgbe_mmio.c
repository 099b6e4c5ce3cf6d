// SPDX-License-Identifier: BSD-2-Clause
/* ixgbe_mmio.c - the 82599's registers as ixgbe.c reaches them: 32-bit MMIO in BAR0
 * (DS 8.1). */
#include "drivers/net/ixgbe.h"
#include "common/x86.h"

uint32_t ixgbe_rd(uint64_t regs, uint32_t reg)
{
	return mmio_read32(regs, reg);
}

void ixgbe_wr(uint64_t regs, uint32_t reg, uint32_t v)
{
	mmio_write32(regs, reg, v);
}
