/* SPDX-License-Identifier: BSD-2-Clause */
/* smp.h - waking the application processors into the loader's parking loop. */
#ifndef STAGE_SMP_H
#define STAGE_SMP_H

#include <stdint.h>

/* Sends INIT-SIPI-SIPI to each of the n APIC IDs (the BSP's own is skipped) and waits
 * until they are parked. Writes the IDs of the cores that came up, BSP first, to
 * active[] and returns their number. */
uint32_t smp_wake_aps(uint64_t lapic, const uint32_t *ids, uint32_t n, uint64_t tsc_hz,
		      uint8_t *active, uint32_t max);
uint32_t smp_bsp_id(uint64_t lapic);

#endif
