/* SPDX-License-Identifier: BSD-2-Clause */
/* ioapic.h - I/O APIC registers and access through the index/data window (82093AA
 * datasheet 3.0-3.2), shared by the loader (masking every input before the kernel runs)
 * and the kernel (kernel/ioapic.c routes them). */
#ifndef COMMON_IOAPIC_H
#define COMMON_IOAPIC_H

#include <stdint.h>

#define IOAPIC_REGSEL  0x00   /* index register */
#define IOAPIC_WIN     0x10   /* data window */
#define IOAPIC_VER     0x01   /* 23:16 highest redirection entry */
#define IOAPIC_REDTBL  0x10   /* entry n: 0x10 + 2n (low dword), 0x11 + 2n (high) */

/* Redirection entry bits (3.2.4) */
#define IOAPIC_ENTRY_MASKED  (1ULL << 16)
#define IOAPIC_ENTRY_LEVEL   (1ULL << 15)
#define IOAPIC_ENTRY_LOW     (1ULL << 13)

uint32_t ioapic_read(uint64_t io, uint32_t reg);
void ioapic_write(uint64_t io, uint32_t reg, uint32_t v);
/* The number of redirection entries (inputs) of the I/O APIC at io. */
uint32_t ioapic_pins(uint64_t io);
/* Sets the mask bit of input pin, leaving the rest of its entry. */
void ioapic_mask_pin(uint64_t io, uint32_t pin);
/* Masks every input of the I/O APIC at io. */
void ioapic_mask_all(uint64_t io);

#endif
