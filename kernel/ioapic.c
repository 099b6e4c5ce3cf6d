// SPDX-License-Identifier: BSD-2-Clause
/* ioapic.c - I/O APIC redirection (82093AA datasheet, 3.2.4) with the MADT's interrupt
 * source overrides (ACPI 6.4, 5.2.12.5: MPS INTI flags). Tested on QEMU pc and q35,
 * whose MADTs override ISA IRQ 0 to GSI 2. */
#include "kernel/ioapic.h"
#include "kernel/kernel.h"
#include "common/errno.h"

#define INTI_POLARITY_LOW 0x3
#define INTI_TRIGGER_LEVEL 0xC

uint64_t ioapic_isa_entry(const struct bootinfo_intsource *iso, int n, uint8_t irq,
			  uint8_t vector, uint8_t dest, uint32_t *gsi)
{
	uint64_t e = vector | (uint64_t)dest << 56;
	*gsi = irq;
	for (int i = 0; i < n; i++) {
		if (iso[i].bus != 0 || iso[i].source != irq)
			continue;
		*gsi = iso[i].gsi;
		e &= ~(IOAPIC_ENTRY_LOW | IOAPIC_ENTRY_LEVEL);   /* the last override wins whole */
		if ((iso[i].flags & 0x3) == INTI_POLARITY_LOW)
			e |= IOAPIC_ENTRY_LOW;
		if ((iso[i].flags & 0xC) == INTI_TRIGGER_LEVEL)
			e |= IOAPIC_ENTRY_LEVEL;
	}
	return e;
}

/* The I/O APIC serving gsi, and the input number on it. */
static uint64_t find(uint32_t gsi, uint32_t *pin)
{
	const struct bootinfo *bi = BOOTINFO;
	for (int i = 0; i < bi->ioapic_count && i < BOOTINFO_MAX_IOAPIC; i++) {
		uint64_t io = bi->ioapic[i].address;
		if (gsi >= bi->ioapic[i].gsi_base && gsi < bi->ioapic[i].gsi_base + ioapic_pins(io)) {
			*pin = gsi - bi->ioapic[i].gsi_base;
			return io;
		}
	}
	return 0;
}

void ioapic_init(void)
{
	const struct bootinfo *bi = BOOTINFO;
	for (int i = 0; i < bi->ioapic_count && i < BOOTINFO_MAX_IOAPIC; i++)
		ioapic_mask_all(bi->ioapic[i].address);
}

int ioapic_route_isa(uint8_t irq, uint8_t vector, uint8_t dest, uint32_t *gsi)
{
	const struct bootinfo *bi = BOOTINFO;
	uint32_t pin;
	uint64_t e = ioapic_isa_entry(bi->intsource, bi->intsource_count, irq, vector, dest, gsi);
	uint64_t io = find(*gsi, &pin);
	if (!io)
		return -ENODEV;
	ioapic_write(io, IOAPIC_REDTBL + 2 * pin + 1, (uint32_t)(e >> 32));
	ioapic_write(io, IOAPIC_REDTBL + 2 * pin, (uint32_t)e);
	return 0;
}

void ioapic_mask_gsi(uint32_t gsi)
{
	uint32_t pin;
	uint64_t io = find(gsi, &pin);
	if (io)
		ioapic_mask_pin(io, pin);
}
