// SPDX-License-Identifier: BSD-2-Clause
/* ioapic.c - I/O APIC register access and masking (82093AA datasheet 3.0-3.2.4). */
#include "common/ioapic.h"
#include "common/x86.h"

uint32_t ioapic_read(uint64_t io, uint32_t reg)
{
	mmio_write32(io, IOAPIC_REGSEL, reg);
	return mmio_read32(io, IOAPIC_WIN);
}

void ioapic_write(uint64_t io, uint32_t reg, uint32_t v)
{
	mmio_write32(io, IOAPIC_REGSEL, reg);
	mmio_write32(io, IOAPIC_WIN, v);
}

uint32_t ioapic_pins(uint64_t io)
{
	return ((ioapic_read(io, IOAPIC_VER) >> 16) & 0xFF) + 1;
}

void ioapic_mask_pin(uint64_t io, uint32_t pin)
{
	uint32_t reg = IOAPIC_REDTBL + 2 * pin;
	ioapic_write(io, reg, ioapic_read(io, reg) | (uint32_t)IOAPIC_ENTRY_MASKED);
}

void ioapic_mask_all(uint64_t io)
{
	for (uint32_t p = 0, n = ioapic_pins(io); p < n; p++)
		ioapic_mask_pin(io, p);
}
