/* SPDX-License-Identifier: BSD-2-Clause */
/* smp.h - waking the application processors into the loader's parking loop. */
#ifndef STAGE_SMP_H
#define STAGE_SMP_H

#include <stdbool.h>
#include <stdint.h>

/* Step 1: copies the trampoline to 0x7000 and sends INIT to each of the n APIC IDs but
 * the BSP's. The caller lets at least 10 ms pass before step 2 (SDM 8.4.4.1); the loader
 * spends them calibrating the TSC. */
void smp_send_init(uint64_t lapic, const uint32_t *ids, uint32_t n);
/* Step 2: STARTUP twice, then waits until the APs are parked. Writes the IDs of the
 * cores that came up, BSP first, to active[] and returns their number. */
uint32_t smp_send_startup(uint64_t lapic, const uint32_t *ids, uint32_t n, uint64_t tsc_hz,
			  uint32_t *active, uint32_t max);
uint32_t smp_bsp_id(uint64_t lapic);

#endif
