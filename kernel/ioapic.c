// SPDX-License-Identifier: BSD-2-Clause
/* ioapic.c - I/O APIC redirection (82093AA datasheet, 3.2.4) with the MADT's interrupt
 * source overrides (ACPI 6.4, 5.2.12.5: MPS INTI flags). Tested on QEMU pc and q35,
 * whose MADTs override ISA IRQ 0 to GSI 2. */
#include "kernel/ioapic.h"
#include "kernel/kernel.h"
#include "common/errno.h"
#include "common/x86.h"

#define IOAPIC_REGSEL  0x00
#define IOAPIC_WIN     0x10
#define IOAPIC_VER     0x01   /* 23:16 highest redirection entry */
#define IOAPIC_REDTBL  0x10   /* entry n: 0x10 + 2n (low dword), 0x11 + 2n (high) */
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

static uint32_t rd(uint64_t io, uint32_t reg)
{
	mmio_write32(io, IOAPIC_REGSEL, reg);
	return mmio_read32(io, IOAPIC_WIN);
}

static void wr(uint64_t io, uint32_t reg, uint32_t v)
{
	mmio_write32(io, IOAPIC_REGSEL, reg);
	mmio_write32(io, IOAPIC_WIN, v);
}

static uint32_t entries(uint64_t io)
{
	return ((rd(io, IOAPIC_VER) >> 16) & 0xFF) + 1;
}

/* The I/O APIC serving gsi, and the input number on it. */
static uint64_t find(uint32_t gsi, uint32_t *pin)
{
	const struct bootinfo *bi = BOOTINFO;
	for (int i = 0; i < bi->ioapic_count && i < BOOTINFO_MAX_IOAPIC; i++) {
		uint64_t io = bi->ioapic[i].address;
		if (gsi >= bi->ioapic[i].gsi_base && gsi < bi->ioapic[i].gsi_base + entries(io)) {
			*pin = gsi - bi->ioapic[i].gsi_base;
			return io;
		}
	}
	return 0;
}

void ioapic_init(void)
{
	const struct bootinfo *bi = BOOTINFO;
	for (int i = 0; i < bi->ioapic_count && i < BOOTINFO_MAX_IOAPIC; i++) {
		uint64_t io = bi->ioapic[i].address;
		for (uint32_t p = 0, n = entries(io); p < n; p++)
			wr(io, IOAPIC_REDTBL + 2 * p, rd(io, IOAPIC_REDTBL + 2 * p) | (uint32_t)IOAPIC_ENTRY_MASKED);
	}
}

int ioapic_route_isa(uint8_t irq, uint8_t vector, uint8_t dest, uint32_t *gsi)
{
	const struct bootinfo *bi = BOOTINFO;
	uint32_t pin;
	uint64_t e = ioapic_isa_entry(bi->intsource, bi->intsource_count, irq, vector, dest, gsi);
	uint64_t io = find(*gsi, &pin);
	if (!io)
		return -ENODEV;
	wr(io, IOAPIC_REDTBL + 2 * pin + 1, (uint32_t)(e >> 32));
	wr(io, IOAPIC_REDTBL + 2 * pin, (uint32_t)e);
	return 0;
}

void ioapic_mask_gsi(uint32_t gsi)
{
	uint32_t pin;
	uint64_t io = find(gsi, &pin);
	if (io)
		wr(io, IOAPIC_REDTBL + 2 * pin, rd(io, IOAPIC_REDTBL + 2 * pin) | (uint32_t)IOAPIC_ENTRY_MASKED);
}
