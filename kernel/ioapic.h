/* SPDX-License-Identifier: BSD-2-Clause */
/* ioapic.h - I/O APIC routing of ISA and PCI interrupts, with the MADT's overrides. */
#ifndef IOAPIC_H
#define IOAPIC_H

#include <stdint.h>
#include "common/ioapic.h"   /* registers, entry bits, masking */
#include "include/bootinfo.h"

/* The redirection entry for ISA IRQ irq (fixed delivery, physical destination dest):
 * edge/active-high unless an interrupt source override says otherwise; *gsi gets the
 * global system interrupt it arrives on. Pure: unit-tested. */
uint64_t ioapic_isa_entry(const struct bootinfo_intsource *iso, int n, uint8_t irq,
			  uint8_t vector, uint8_t dest, uint32_t *gsi);

/* Masks every input of every I/O APIC in the information table. */
void ioapic_init(void);
/* Routes ISA IRQ irq to vector on the core with APIC ID dest; 0 or -ENODEV. */
int ioapic_route_isa(uint8_t irq, uint8_t vector, uint8_t dest, uint32_t *gsi);
void ioapic_mask_gsi(uint32_t gsi);

#endif
