/* SPDX-License-Identifier: BSD-2-Clause */
/* apic.h - local APIC access in either mode, and the pure encodings the tests check. */
#ifndef APIC_H
#define APIC_H

#include <stdbool.h>
#include <stdint.h>

#define X2APIC_MSR_BASE 0x800

struct lapic_icr {
	uint32_t hi, lo;
};

/* The MSR that holds xAPIC register off in x2APIC mode (SDM vol. 3, table 10-6). */
uint32_t lapic_msr(uint32_t off);
/* ICR contents for destination dest: xAPIC puts an 8-bit ID in ICR_HI 31:24, x2APIC a
 * 32-bit ID in ICR 63:32 (written as one MSR). */
struct lapic_icr lapic_icr_encode(bool x2apic, uint32_t dest, uint32_t low);

/* Ends all but the innermost keep of the interrupts in service on this core. */
void lapic_eoi_all_but(uint32_t keep);

int lapic_timer_start(uint64_t period_us, uint8_t vector);
void lapic_timer_stop(void);

#endif
